#include "store/sqlite_db.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <string>

#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using test_support::TempDir;

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<SqliteDb> db = SqliteDb::Open(dir_.File("t.db"), true);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(*db));
    Status created = db_->Exec(
        "PRAGMA synchronous = OFF;"  // speed only: these tests are not about durability
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT, n INTEGER,"
        " x REAL, positive INTEGER CHECK (positive > 0),"
        " parent_id INTEGER REFERENCES parent(id));"
        "PRAGMA foreign_keys = ON;");
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  // Prepares `sql`, or fails the test and returns an empty statement.
  SqliteStatement Prepare(const std::string& sql) {
    Result<SqliteStatement> stmt = db_->Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    return stmt.ok() ? std::move(*stmt) : SqliteStatement();
  }

  TempDir dir_;
  std::optional<SqliteDb> db_;
};

TEST(SqliteDbOpen, MissingFileWithoutCreateIsNotFound) {
  TempDir dir;
  Result<SqliteDb> db = SqliteDb::Open(dir.File("missing.db"), false);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(db.status().message(), HasSubstr("missing.db"));
}

TEST(SqliteDbOpen, FileThatIsNotADatabaseIsCorruption) {
  TempDir dir;
  std::ofstream(dir.File("junk.db")) << std::string(4096, 'x');
  Result<SqliteDb> db = SqliteDb::Open(dir.File("junk.db"), false);
  ASSERT_TRUE(db.ok()) << db.status().ToString();  // SQLite reads lazily
  Result<SqliteStatement> stmt = db->Prepare("SELECT count(*) FROM sqlite_schema");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.status().code(), ErrorCode::kCorruption) << stmt.status().ToString();
}

TEST_F(SqliteDbTest, PrepareErrorNamesTheSql) {
  Result<SqliteStatement> stmt = db_->Prepare("SELEC name FROM t");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.status().code(), ErrorCode::kIoError);
  EXPECT_THAT(stmt.status().message(), HasSubstr("SELEC name FROM t"));
  EXPECT_THAT(stmt.status().message(), HasSubstr("syntax error"));
}

TEST_F(SqliteDbTest, PrepareOfUnknownTableNamesTableAndSql) {
  Result<SqliteStatement> stmt = db_->Prepare("SELECT * FROM nowhere");
  ASSERT_FALSE(stmt.ok());
  EXPECT_THAT(stmt.status().message(), HasSubstr("no such table: nowhere"));
  EXPECT_THAT(stmt.status().message(), HasSubstr("SELECT * FROM nowhere"));
}

TEST_F(SqliteDbTest, PrepareOfTextWithoutStatementIsRefused) {
  Result<SqliteStatement> stmt = db_->Prepare("  -- only a comment");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.status().code(), ErrorCode::kInternal);
  EXPECT_THAT(stmt.status().message(), HasSubstr("only a comment"));
}

// Prepare() compiles one statement; a second one after it used to be
// dropped without a word (it never ran). Trailing whitespace, semicolons and
// comments are not statements and are accepted.
TEST_F(SqliteDbTest, PrepareRefusesASecondStatement) {
  for (const char* sql : {"INSERT INTO t (name) VALUES ('a'); DELETE FROM t",
                          "SELECT 1;SELECT 2", "SELECT 1; garbage"}) {
    SCOPED_TRACE(sql);
    Result<SqliteStatement> stmt = db_->Prepare(sql);
    ASSERT_FALSE(stmt.ok());
    EXPECT_EQ(stmt.status().code(), ErrorCode::kInternal);
    EXPECT_THAT(stmt.status().message(), HasSubstr("more than one SQL statement"));
    EXPECT_THAT(stmt.status().message(), HasSubstr(sql));
  }
  for (const char* sql : {"SELECT 1", "SELECT 1;", "SELECT 1 ;\n  ", "SELECT 1; ;",
                          "SELECT 1; -- the first\n", "SELECT 1 /* one */; /* done */"}) {
    SCOPED_TRACE(sql);
    SqliteStatement stmt = Prepare(sql);
    Result<bool> row = stmt.Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(stmt.Int(0), 1);
  }
  // Exec() runs every statement of its text, as before.
  ASSERT_TRUE(db_->Exec("INSERT INTO t (name) VALUES ('x'); INSERT INTO t (name) VALUES ('y')")
                  .ok());
  SqliteStatement count = Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(*count.Step());
  EXPECT_EQ(count.Int(0), 2);
}

TEST_F(SqliteDbTest, UniqueViolationIsConflictNamingTheSql) {
  SqliteStatement insert = Prepare("INSERT INTO t (name) VALUES (?)");
  ASSERT_TRUE(insert.Bind(1, "Hà Nội").Run().ok());
  Status second = insert.Bind(1, "Hà Nội").Run();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.code(), ErrorCode::kConflict);
  EXPECT_THAT(second.message(), HasSubstr("INSERT INTO t (name) VALUES (?)"));
  EXPECT_THAT(second.message(), HasSubstr("UNIQUE constraint failed: t.name"));
}

TEST_F(SqliteDbTest, CheckAndForeignKeyViolationsAreConflicts) {
  Status check = Prepare("INSERT INTO t (positive) VALUES (0)").Run();
  EXPECT_EQ(check.code(), ErrorCode::kConflict) << check.ToString();
  EXPECT_THAT(check.message(), HasSubstr("CHECK constraint failed"));
  Status foreign = Prepare("INSERT INTO t (parent_id) VALUES (42)").Run();
  EXPECT_EQ(foreign.code(), ErrorCode::kConflict) << foreign.ToString();
  EXPECT_THAT(foreign.message(), HasSubstr("FOREIGN KEY constraint failed"));
}

TEST_F(SqliteDbTest, ExecErrorCarriesSqliteMessage) {
  Status status = db_->Exec("INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (1);");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kConflict);
  EXPECT_THAT(status.message(), HasSubstr("UNIQUE constraint failed: t.id"));
}

// A statement left mid-step keeps its cursor: binding it again is ignored
// (SQLITE_MISUSE) and the next Step continues the old scan. Store::WriteGroup
// resets such statements before rolling a failed fn back.
TEST_F(SqliteDbTest, ResetBusyStatementsRestartsStatementsLeftMidStep) {
  ASSERT_TRUE(db_->Exec("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')").ok());
  SqliteStatement scan = Prepare("SELECT id FROM t WHERE id >= ? ORDER BY id");
  scan.Bind(1, 1);
  ASSERT_TRUE(*scan.Step());
  EXPECT_EQ(scan.Int(0), 1);
  db_->ResetBusyStatements();
  scan.Bind(1, 3);
  ASSERT_TRUE(*scan.Step());
  EXPECT_EQ(scan.Int(0), 3);  // without the reset: 2, the old scan's next row
  EXPECT_FALSE(*scan.Step());
  scan.Reset();
}

TEST_F(SqliteDbTest, BindOfEmptyOptionalStoresNull) {
  SqliteStatement insert = Prepare("INSERT INTO t (id, note, n) VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.Bind(1, 1)
                  .Bind(2, std::optional<std::string>())
                  .Bind(3, std::optional<int64_t>())
                  .Run()
                  .ok());
  ASSERT_TRUE(insert.Bind(1, 2)
                  .Bind(2, std::optional<std::string>("ghi chú"))
                  .Bind(3, std::optional<int64_t>(7))
                  .Run()
                  .ok());
  SqliteStatement select = Prepare("SELECT note, n, note IS NULL FROM t ORDER BY id");
  ASSERT_TRUE(*select.Step());
  EXPECT_TRUE(select.IsNull(0));
  EXPECT_EQ(select.Int(2), 1);
  EXPECT_EQ(select.OptText(0), std::nullopt);
  EXPECT_EQ(select.OptInt(1), std::nullopt);
  ASSERT_TRUE(*select.Step());
  EXPECT_EQ(select.OptText(0), "ghi chú");
  EXPECT_EQ(select.OptInt(1), 7);
  EXPECT_FALSE(*select.Step());
}

TEST_F(SqliteDbTest, TextOfNullIsEmpty) {
  SqliteStatement select = Prepare("SELECT NULL, ''");
  ASSERT_TRUE(*select.Step());
  EXPECT_TRUE(select.IsNull(0));
  EXPECT_EQ(select.Text(0), "");
  EXPECT_FALSE(select.IsNull(1));
  EXPECT_EQ(select.OptText(1), "");
}

TEST_F(SqliteDbTest, ValuesRoundTripExactly) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const std::string with_nul("a\0b", 3);
  SqliteStatement insert = Prepare("INSERT INTO t (id, note, n, x) VALUES (1, ?, ?, ?)");
  ASSERT_TRUE(insert.Bind(1, with_nul).Bind(2, big).Bind(3, 0.3).Run().ok());
  SqliteStatement select = Prepare("SELECT note, n, x, length(CAST(note AS BLOB)) FROM t");
  ASSERT_TRUE(*select.Step());
  EXPECT_EQ(select.Text(0), with_nul);
  EXPECT_EQ(select.Int(1), big);
  EXPECT_EQ(select.Double(2), 0.3);
  EXPECT_EQ(select.Int(3), 3);
}

TEST_F(SqliteDbTest, RunResetsTheStatementAndItsBindings) {
  SqliteStatement insert = Prepare("INSERT INTO t (name, note) VALUES (?, ?)");
  ASSERT_TRUE(insert.Bind(1, "a").Bind(2, "first").Run().ok());
  EXPECT_EQ(db_->Changes(), 1);
  int64_t first = db_->LastInsertRowid();
  // The second run binds only the name: the note of the first run is cleared.
  ASSERT_TRUE(insert.Bind(1, "b").Run().ok());
  EXPECT_EQ(db_->LastInsertRowid(), first + 1);
  SqliteStatement select = Prepare("SELECT name, note FROM t ORDER BY id");
  ASSERT_TRUE(*select.Step());
  EXPECT_EQ(select.Text(1), "first");
  ASSERT_TRUE(*select.Step());
  EXPECT_EQ(select.Text(0), "b");
  EXPECT_TRUE(select.IsNull(1));
}

TEST_F(SqliteDbTest, StepAfterAnErrorCanBeRetried) {
  SqliteStatement insert = Prepare("INSERT INTO t (id) VALUES (?)");
  ASSERT_TRUE(insert.Bind(1, 5).Run().ok());
  EXPECT_FALSE(insert.Bind(1, 5).Run().ok());
  EXPECT_TRUE(insert.Bind(1, 6).Run().ok());
}

TEST_F(SqliteDbTest, MovedStatementKeepsWorking) {
  SqliteStatement a = Prepare("SELECT 41 + 1");
  SqliteStatement b = std::move(a);
  ASSERT_TRUE(*b.Step());
  EXPECT_EQ(b.Int(0), 42);
  a = std::move(b);
  a.Reset();
  ASSERT_TRUE(*a.Step());
  EXPECT_EQ(a.Int(0), 42);
}

TEST_F(SqliteDbTest, ErrorReportsTheConnectionsLastError) {
  EXPECT_FALSE(db_->Prepare("SELECT * FROM nowhere").ok());
  Status status = db_->Error("looking up");
  EXPECT_EQ(status.code(), ErrorCode::kIoError);
  EXPECT_THAT(status.message(), HasSubstr("looking up: no such table: nowhere"));
}

}  // namespace
}  // namespace gemis::store
