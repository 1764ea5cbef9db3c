// A thin RAII layer over the SQLite C API used by the SQLite store: a
// connection, prepared statements with typed binding and reading, and every
// SQLite error turned into a Status naming the statement.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis::store {

class SqliteStatement;

// One connection. Not thread-safe: one thread at a time uses a connection.
class SqliteDb {
 public:
  SqliteDb() = default;
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

  // Opens (and creates when `create` is set) the database file at `path`.
  static Result<SqliteDb> Open(const std::string& path, bool create);

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  // Prepares exactly one statement (a second one after it, which would never
  // run, is refused as kInternal); it must not outlive this connection.
  Result<SqliteStatement> Prepare(std::string_view sql);
  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() const { return db_; }
  // Status for the connection's last error, prefixed with `what`.
  Status Error(std::string_view what) const;
  // Resets every statement of this connection that is mid-step (left so by
  // a function that failed or threw between Step and Reset), so that a
  // ROLLBACK TO finds none running. Their bindings are kept.
  void ResetBusyStatements();

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement. Bind indexes are 1-based, column indexes 0-based.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
  }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;

  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  SqliteStatement& Bind(int index, double value);
  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  SqliteStatement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& BindNull(int index);
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  // sqlite3_bind_pointer: `pointer` (not owned) for a function or virtual
  // table that asks for `type` (a string literal).
  SqliteStatement& BindPointer(int index, void* pointer, const char* type);
  // Binds text without SQLite copying it (bulk writes): `value` must stay
  // valid and unchanged until the statement is stepped and reset.
  SqliteStatement& BindUncopied(int index, std::string_view value);
  template <typename T>
  SqliteStatement& BindUncopied(int index, const std::optional<T>& value) {
    return value ? BindUncopied(index, *value) : BindNull(index);
  }
  template <typename T>
  SqliteStatement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances: true when a row is available, false when done, error otherwise.
  Result<bool> Step();
  // Steps a statement that returns no rows, then resets it for reuse.
  Status Run();
  // Run, keeping the bindings for the next run (bulk writes rebind only the
  // parameters that change).
  Status RunKeepingBindings();
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  // A TEXT column's bytes, valid until the next Step or Reset.
  std::string_view TextView(int column) const;
  std::optional<std::string> OptText(int column) const;
  std::optional<int64_t> OptInt(int column) const;
  // A BLOB column's bytes, valid until the next Step or Reset.
  std::string_view Blob(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

}  // namespace gemis::store
