#include "store/sqlite_store.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "store/migrations.h"
#include "store/sqlite_bulk_values.h"
#include "store/sqlite_db.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

Status ConfigureConnection(SqliteDb& db, int busy_timeout_ms, int cache_mib) {
  sqlite3_busy_timeout(db.handle(), busy_timeout_ms);
  // Switching a new file to WAL needs an exclusive lock, and SQLite reports
  // SQLITE_BUSY at once (without the busy handler) while another connection
  // is creating or migrating the same file: retry until the timeout.
  for (int waited_ms = 0;; waited_ms += 5) {
    Status wal = db.Exec("PRAGMA journal_mode=WAL");
    if (wal.ok()) break;
    const int code = sqlite3_extended_errcode(db.handle()) & 0xFF;
    if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || waited_ms >= busy_timeout_ms) {
      return wal;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL"));
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
  // Up to cache_mib (256 MiB by default) of page cache, allocated as pages
  // are used (SQLite's default is 2 MiB): a bulk import lands on pages all
  // over a multi-GB data_value tree, and re-reading each from the OS per row
  // made a 50 M value load 4x slower than the same import into an empty
  // database.
  GEMIS_RETURN_IF_ERROR(
      db.Exec("PRAGMA cache_size=-" + std::to_string(int64_t{cache_mib} * 1024)));
  return Status::Ok();
}

// Copies every page of `from` into `to` with the online backup API, in one
// step: the copy reads one snapshot of the source, which in WAL mode does not
// hold up the source's writers. (Copying in slices restarts from the first
// page whenever another connection commits in between; under a steady stream
// of commits a large database was never copied.) Waits for locks up to 10 s.
Status CopyDatabase(SqliteDb& from, SqliteDb& to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
  if (backup == nullptr) return to.Error(what);
  constexpr int kPauseMs = 5, kMaxWaitMs = 10000;
  int rc;
  for (int waited = 0;; waited += kPauseMs) {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= kMaxWaitMs) break;
    sqlite3_sleep(kPauseMs);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Status::Io(what + ": " + sqlite3_errstr(rc));
  return Status::Ok();
}

Status IntegrityCheck(SqliteDb& db) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare("PRAGMA integrity_check"));
  std::string problems;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    std::string line = stmt.Text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) return Status::Corruption("integrity check failed: " + problems);
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement fk, db.Prepare("PRAGMA foreign_key_check"));
  GEMIS_ASSIGN_OR_RETURN(bool violation, fk.Step());
  if (violation) {
    return Status::Corruption("foreign key violation in table " + fk.Text(0));
  }
  // A backup being restored may be older than migration 7.
  GEMIS_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(db));
  return version >= 7 ? CheckDataValueIntegrity(db) : Status::Ok();
}

// True when `path` names the database file `live` or one of its companion
// files (-wal, -shm, -journal), through any spelling, symbolic or hard link:
// copying a database onto itself would destroy it.
bool IsDatabaseFile(const std::string& path, const std::string& live) {
  namespace fs = std::filesystem;
  if (live.empty()) return false;  // a temporary or in-memory database
  std::error_code error;
  // Absolute first: weakly_canonical leaves a relative path relative when
  // its first component does not exist ("g.db-journal").
  fs::path target = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return false;  // the copy cannot be opened either, and says so
  fs::path database = fs::weakly_canonical(fs::absolute(live, error), error);
  if (error) return false;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path file = database;
    file += suffix;
    if (target == file || fs::equivalent(target, file, error)) return true;
  }
  return false;
}

// Runs a transaction's function; an exception it throws (which a library
// must not let out) becomes kInternal, so the transaction is rolled back.
template <typename Txn>
Status RunGuarded(const std::function<Status(Txn&)>& fn, Txn& txn) {
  try {
    return fn(txn);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("exception inside a transaction: ") + e.what());
  } catch (...) {
    return Status::Internal("unknown exception inside a transaction");
  }
}

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteDb db, const Clock* clock, std::optional<FieldKey> field_key)
      : db_(std::move(db)), clock_(clock), field_key_(std::move(field_key)) {}

  Status Write(const std::function<Status(WriteTransaction&)>& fn) override {
    std::lock_guard lock(mutex_);
    GEMIS_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    SqliteTransaction txn(db_, *clock_, FieldKeyOrNull());
    return End(RunGuarded<WriteTransaction>(fn, txn));
  }

  Status WriteGroup(std::span<const std::function<Status(WriteTransaction&)>> fns,
                    std::vector<Status>& results) override {
    results.assign(fns.size(), Status::Ok());
    if (fns.empty()) return Status::Ok();
    std::lock_guard lock(mutex_);
    Status status = db_.Exec("BEGIN IMMEDIATE");
    if (status.ok()) {
      SqliteTransaction txn(db_, *clock_, FieldKeyOrNull());
      for (size_t i = 0; i < fns.size() && status.ok(); ++i) {
        status = RunInSavepoint(fns[i], txn, results[i]);
      }
      status = End(std::move(status));
    }
    // Nothing of a failed group remains: every fn shares its failure.
    if (!status.ok()) results.assign(fns.size(), status);
    return status;
  }

  Status Read(const std::function<Status(ReadTransaction&)>& fn) override {
    std::lock_guard lock(mutex_);
    GEMIS_RETURN_IF_ERROR(db_.Exec("BEGIN"));
    SqliteTransaction txn(db_, *clock_, FieldKeyOrNull());
    return End(RunGuarded<ReadTransaction>(fn, txn));
  }

  int schema_version() const override { return LatestSchemaVersion(); }

  Status Backup(const std::string& path) override {
    std::lock_guard lock(mutex_);
    const char* live = sqlite3_db_filename(db_.handle(), "main");
    if (IsDatabaseFile(path, live != nullptr ? live : "")) {
      return Status::Usage("cannot back up the database '" + std::string(live) +
                           "' onto itself ('" + path + "')");
    }
    GEMIS_ASSIGN_OR_RETURN(SqliteDb target, SqliteDb::Open(path, true));
    GEMIS_RETURN_IF_ERROR(CopyDatabase(db_, target, "backup to '" + path + "' failed"));
    // The copy is a rollback-journal database; switch it to WAL like ours.
    return target.Exec("PRAGMA journal_mode=WAL");
  }

  Status CheckIntegrity() override {
    std::lock_guard lock(mutex_);
    return IntegrityCheck(db_);
  }

 private:
  // Ends the open transaction: COMMIT when `status` is OK, else ROLLBACK.
  // Returns `status`, or the error of a failed COMMIT. Never leaves the
  // connection inside a transaction (after a failed COMMIT SQLite may have
  // rolled back already, or not).
  Status End(Status status) {
    if (status.ok()) status = db_.Exec("COMMIT");
    if (!status.ok() && !sqlite3_get_autocommit(db_.handle())) (void)db_.Exec("ROLLBACK");
    return status;
  }

  // One fn of WriteGroup in its own savepoint: `result` is its Status; the
  // return value is an error of the group's transaction itself (the
  // savepoint could not be made, released or rolled back to, or the
  // database abandoned the transaction), which fails the whole group.
  Status RunInSavepoint(const std::function<Status(WriteTransaction&)>& fn, SqliteTransaction& txn,
                        Status& result) {
    GEMIS_RETURN_IF_ERROR(db_.Exec("SAVEPOINT gemis_group_member"));
    result = RunGuarded<WriteTransaction>(fn, txn);
    if (result.ok()) return db_.Exec("RELEASE gemis_group_member");
    txn.ForgetAfterRollback();
    // Some errors (a full disk, an I/O error) make SQLite roll back the
    // whole transaction by itself: the fns before this one are gone too.
    if (sqlite3_get_autocommit(db_.handle())) {
      return Status(result.code(), "the group's transaction was rolled back: " + result.message());
    }
    GEMIS_RETURN_IF_ERROR(db_.Exec("ROLLBACK TO gemis_group_member"));
    return db_.Exec("RELEASE gemis_group_member");
  }

  const FieldKey* FieldKeyOrNull() const { return field_key_ ? &*field_key_ : nullptr; }

  std::mutex mutex_;
  SqliteDb db_;
  const Clock* clock_;
  const std::optional<FieldKey> field_key_;
};

const SystemClock kSystemClock;

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options) {
  GEMIS_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, options.create));
  if (options.cache_mib < 1 || options.cache_mib > 65536) {
    return Status::Invalid("the page cache must be 1 to 65536 MiB, not " +
                               std::to_string(options.cache_mib),
                           {"", 0, 0, "cache_mib"});
  }
  GEMIS_RETURN_IF_ERROR(ConfigureConnection(db, options.busy_timeout_ms, options.cache_mib));
  GEMIS_RETURN_IF_ERROR(Migrate(db));
  GEMIS_RETURN_IF_ERROR(RegisterBulkValues(db));
  const Clock* clock = options.clock != nullptr ? options.clock : &kSystemClock;
  return std::unique_ptr<Store>(new SqliteStore(std::move(db), clock, options.field_key));
}

Status RestoreSqliteStore(const std::string& backup_path, const std::string& path) {
  if (IsDatabaseFile(backup_path, path)) {
    return Status::Usage("cannot restore the database '" + path + "' from itself ('" +
                         backup_path + "')");
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteDb source, SqliteDb::Open(backup_path, false));
  Status ok = IntegrityCheck(source);
  if (!ok.ok()) return Status(ok.code(), "backup '" + backup_path + "' is damaged: " + ok.message());
  GEMIS_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(source));
  if (version < 1 || version > LatestSchemaVersion()) {
    return Status::Invalid("'" + backup_path + "' is not a gemis backup (schema version " +
                           std::to_string(version) + ")");
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteDb target, SqliteDb::Open(path, true));
  GEMIS_RETURN_IF_ERROR(ConfigureConnection(target, 10000, 256));
  GEMIS_RETURN_IF_ERROR(CopyDatabase(source, target, "restore into '" + path + "' failed"));
  GEMIS_RETURN_IF_ERROR(target.Exec("PRAGMA journal_mode=WAL"));
  return Migrate(target);
}

}  // namespace gemis::store
