// Online backup and restore of the SQLite store (Store::Backup,
// RestoreSqliteStore): consistent copies under concurrent writes, damaged and
// foreign backups refused, and a database never copied onto itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <thread>

#include "core/uid.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using store_test::CountUnits;
using store_test::LoadHierarchy;
using store_test::RootUnit;
using store_test::SaveUnits;

class SqliteBackupTest : public store_test::StoreFileTest {};

constexpr int kBatchUnits = 20;

// Batch `b`: kBatchUnits root units with ids b*K+1 … and uids from (b, i),
// each with an attribute recording `b` (padded so the file grows quickly).
Status WriteBatch(Store& store, int64_t b) {
  return store.Write([b](WriteTransaction& txn) -> Status {
    std::vector<OrgUnit> units;
    std::vector<OrgUnitAttribute> attributes;
    for (int i = 0; i < kBatchUnits; ++i) {
      OrgUnitId id = b * kBatchUnits + i + 1;
      units.push_back(RootUnit(id, "batch-" + std::to_string(b) + "-" + std::to_string(i)));
      attributes.push_back({id, "batch", std::to_string(b), {}, {}, std::string(2000, 'p')});
    }
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, units));
    return txn.InsertAttributes(attributes);
  });
}

// The number n of batches in `store` when it holds exactly batches 0..n-1,
// each complete with the right uids; an error naming the defect otherwise.
Result<int64_t> CompleteBatchPrefix(Store& store) {
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(store));
  std::map<int64_t, int> units_per_batch;
  for (const OrgUnit& unit : hierarchy.units()) {
    int64_t b = (unit.id - 1) / kBatchUnits;
    int64_t i = (unit.id - 1) % kBatchUnits;
    if (unit.uid != UidFromKey("batch-" + std::to_string(b) + "-" + std::to_string(i))) {
      return Status::Corruption("unit " + std::to_string(unit.id) + " has a wrong uid");
    }
    ++units_per_batch[b];
  }
  int64_t n = 0;
  for (const auto& [b, count] : units_per_batch) {
    if (b != n) return Status::Corruption("batch " + std::to_string(n) + " is missing");
    if (count != kBatchUnits) {
      return Status::Corruption("batch " + std::to_string(b) + " is partial");
    }
    ++n;
  }
  return n;
}

TEST_F(SqliteBackupTest, BackupWhileAnotherHandleWritesIsAConsistentPrefix) {
  std::unique_ptr<Store> writer = Open();
  std::unique_ptr<Store> backer = Open();
  ASSERT_TRUE(writer && backer);
  std::atomic<int64_t> acknowledged{0};
  std::atomic<bool> stop{false};
  Status writer_status;
  std::thread thread([&] {
    for (int64_t b = 0; !stop; ++b) {
      writer_status = WriteBatch(*writer, b);
      if (!writer_status.ok()) return;
      acknowledged = b + 1;
    }
  });
  // The file outgrows one backup step (256 pages) before the first backup.
  while (acknowledged < 40 && writer_status.ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::vector<int64_t> before, after;
  Status backup_status;
  for (int copy = 0; copy < 3 && backup_status.ok(); ++copy) {
    before.push_back(acknowledged);
    backup_status = backer->Backup(Path("backup" + std::to_string(copy) + ".db"));
    after.push_back(acknowledged);
  }
  stop = true;
  thread.join();
  ASSERT_OK(writer_status);
  ASSERT_OK(backup_status);
  for (size_t copy = 0; copy < before.size(); ++copy) {
    SCOPED_TRACE("backup " + std::to_string(copy));
    std::unique_ptr<Store> restored = Open("backup" + std::to_string(copy) + ".db");
    ASSERT_NE(restored, nullptr);
    ASSERT_OK(restored->CheckIntegrity());
    Result<int64_t> batches = CompleteBatchPrefix(*restored);
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    EXPECT_GE(*batches, before[copy]);
    EXPECT_LE(*batches, after[copy] + 1);
  }
  EXPECT_GT(after.back(), before.front()) << "the writer never ran during a backup";
}

// A backup copied in slices restarts whenever another connection commits
// between two slices; a large file under steady writes was never copied.
TEST_F(SqliteBackupTest, BackupOfALargeDatabaseFinishesUnderSteadyCommits) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Result<SqliteDb> writer = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(writer.ok());
  sqlite3_busy_timeout(writer->handle(), 10000);
  ASSERT_OK(writer->Exec(  // 8 MB: 2000 pages, many backup slices
      "PRAGMA synchronous = OFF; CREATE TABLE pad (x BLOB);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
      " INSERT INTO pad SELECT randomblob(2000) FROM n"));
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread thread([&] {
    while (!stop && writer->Exec("INSERT INTO pad VALUES (x'00')").ok()) {
      ++commits;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  std::future<Status> backup =
      std::async(std::launch::async, [&] { return store->Backup(Path("b.db")); });
  bool finished = backup.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  int commits_during_backup = commits;
  stop = true;  // lets a restarting backup finish, so the test ends either way
  thread.join();
  Status status = backup.get();
  EXPECT_TRUE(finished) << "backup did not finish in 20 s";
  ASSERT_OK(status);
  EXPECT_GT(commits_during_backup, 0);
  Result<SqliteDb> copy = SqliteDb::Open(Path("b.db"), false);
  ASSERT_TRUE(copy.ok());
  Result<SqliteStatement> count = copy->Prepare("SELECT count(*) >= 4000 FROM pad");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->Int(0), 1);
}

TEST_F(SqliteBackupTest, BackupToAnUnwritablePathFails) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Backup(Path("no/such/dir/b.db"));
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("no/such/dir/b.db"));
}

class RestoreTest : public SqliteBackupTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    for (int64_t b = 0; b < 2; ++b) ASSERT_OK(WriteBatch(*store_, b));
    ASSERT_OK(store_->Backup(Path("backup.db")));
    ASSERT_OK(WriteBatch(*store_, 2));  // after the backup
  }

  // The live database still holds its three batches.
  void ExpectUnchanged() {
    Result<int64_t> batches = CompleteBatchPrefix(*store_);
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    EXPECT_EQ(*batches, 3);
  }

  std::unique_ptr<Store> store_;
};

TEST_F(RestoreTest, RestoreReplacesTheLiveDatabase) {
  ASSERT_OK(RestoreSqliteStore(Path("backup.db"), Path()));
  // The handle that stayed open sees the restored content.
  Result<int64_t> seen = CompleteBatchPrefix(*store_);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(*seen, 2);
  ASSERT_OK(WriteBatch(*store_, 2));
  store_.reset();
  std::unique_ptr<Store> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  ASSERT_OK(reopened->CheckIntegrity());
  EXPECT_EQ(*CompleteBatchPrefix(*reopened), 3);
}

TEST_F(RestoreTest, RestoreIntoANewFileCreatesIt) {
  ASSERT_OK(RestoreSqliteStore(Path("backup.db"), Path("fresh.db")));
  std::unique_ptr<Store> fresh = Open("fresh.db", {.create = false});
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(*CompleteBatchPrefix(*fresh), 2);
}

// Overwrites `length` bytes at `offset` of a copy of the backup, every
// `stride` bytes up to the end of the file.
void Damage(const std::string& from, const std::string& to, std::streamoff offset,
            std::streamoff length, std::streamoff stride) {
  std::filesystem::copy_file(from, to);
  std::streamoff size = static_cast<std::streamoff>(std::filesystem::file_size(to));
  std::fstream file(to, std::ios::in | std::ios::out | std::ios::binary);
  for (std::streamoff at = offset; at < size; at += stride) {
    file.seekp(at);
    file << std::string(static_cast<size_t>(length), '\xA5');
  }
}

TEST_F(RestoreTest, DamagedBackupIsRefusedAndTheDatabaseKept) {
  struct Case {
    const char* name;
    std::streamoff offset, length, stride;
  };
  const Case cases[] = {
      {"header", 0, 16, 1 << 30},        // no longer an SQLite file
      {"pages", 4096, 8, 4096},        // the header of every page after the first
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string damaged = Path(std::string(c.name) + ".db");
    Damage(Path("backup.db"), damaged, c.offset, c.length, c.stride);
    Status status = RestoreSqliteStore(damaged, Path());
    EXPECT_EQ(status.code(), ErrorCode::kCorruption) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr(damaged));
    ExpectUnchanged();
  }
  std::filesystem::resize_file(Path("backup.db"), 4096 * 3);
  Status truncated = RestoreSqliteStore(Path("backup.db"), Path());
  EXPECT_EQ(truncated.code(), ErrorCode::kCorruption) << truncated.ToString();
  ExpectUnchanged();
}

TEST_F(RestoreTest, NonGemisDatabaseIsRefused) {
  {
    Result<SqliteDb> other = SqliteDb::Open(Path("other.db"), true);
    ASSERT_TRUE(other.ok());
    ASSERT_OK(other->Exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x')"));
  }
  Status status = RestoreSqliteStore(Path("other.db"), Path());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("is not a gemis backup"));
  ExpectUnchanged();
  Status missing = RestoreSqliteStore(Path("missing.db"), Path());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound) << missing.ToString();
  EXPECT_FALSE(std::filesystem::exists(Path("missing.db")));
  ExpectUnchanged();
}

TEST_F(RestoreTest, BackupOfAnOlderSchemaIsMigrated) {
  {
    Result<SqliteDb> old = SqliteDb::Open(Path("old.db"), true);
    ASSERT_TRUE(old.ok());
    ASSERT_OK(Migrate(*old, 1));
  }
  ASSERT_OK(RestoreSqliteStore(Path("old.db"), Path()));
  EXPECT_EQ(*CountUnits(*store_), 0);
  Result<SqliteDb> db = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
}

// Copying the live database onto itself (under any spelling of its path, a
// symbolic link to it, or its write-ahead log) would destroy it: refused.
TEST_F(SqliteBackupTest, BackupOntoTheLiveDatabaseIsRefused) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(WriteBatch(*store, 0));
  std::filesystem::create_directory(Path("sub"));
  std::error_code error;
  std::filesystem::create_symlink(Path(), Path("link.db"), error);
  ASSERT_FALSE(error) << error.message();
  for (const std::string& path :
       {Path(), Path("sub/../g.db"), Path("./g.db"), Path("link.db"), Path("g.db-wal")}) {
    SCOPED_TRACE(path);
    Status status = store->Backup(path);
    EXPECT_EQ(status.code(), ErrorCode::kUsage) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr("onto itself"));
  }
  ASSERT_OK(store->CheckIntegrity());
  EXPECT_EQ(*CompleteBatchPrefix(*store), 1);
  // Relative paths to the same files, including a companion file that does
  // not exist (no -journal in WAL mode).
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(Path("sub"));
  Status up = store->Backup("../g.db");
  std::filesystem::current_path(Path(""));
  Status journal = store->Backup("g.db-journal");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(up.code(), ErrorCode::kUsage) << up.ToString();
  EXPECT_EQ(journal.code(), ErrorCode::kUsage) << journal.ToString();
  EXPECT_FALSE(std::filesystem::exists(Path("g.db-journal")));
  store.reset();
  std::unique_ptr<Store> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  ASSERT_OK(reopened->CheckIntegrity());
  EXPECT_EQ(*CompleteBatchPrefix(*reopened), 1);
}

TEST_F(RestoreTest, RestoreFromTheDatabaseItselfIsRefused) {
  Status status = RestoreSqliteStore(Path("sub/../g.db"), Path());
  EXPECT_EQ(status.code(), ErrorCode::kUsage) << status.ToString();
  ExpectUnchanged();
}

}  // namespace
}  // namespace gemis::store
