#include "store/sqlite_store.h"

#include <mutex>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

Status ConfigureConnection(SqliteDb& db, int busy_timeout_ms) {
  sqlite3_busy_timeout(db.handle(), busy_timeout_ms);
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL"));
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL"));
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
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
  return Status::Ok();
}

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteDb db, const Clock* clock) : db_(std::move(db)), clock_(clock) {}

  Status Write(const std::function<Status(WriteTransaction&)>& fn) override {
    std::lock_guard lock(mutex_);
    GEMIS_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    SqliteTransaction txn(db_, *clock_);
    Status status = fn(txn);
    if (status.ok()) status = db_.Exec("COMMIT");
    if (!status.ok()) {
      // After a failed COMMIT SQLite may have rolled back already.
      if (!sqlite3_get_autocommit(db_.handle())) (void)db_.Exec("ROLLBACK");
      return status;
    }
    return Status::Ok();
  }

  Status Read(const std::function<Status(ReadTransaction&)>& fn) override {
    std::lock_guard lock(mutex_);
    GEMIS_RETURN_IF_ERROR(db_.Exec("BEGIN"));
    SqliteTransaction txn(db_, *clock_);
    Status status = fn(txn);
    (void)db_.Exec(status.ok() ? "COMMIT" : "ROLLBACK");
    return status;
  }

  int schema_version() const override { return LatestSchemaVersion(); }

  Status Backup(const std::string& path) override {
    std::lock_guard lock(mutex_);
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
  std::mutex mutex_;
  SqliteDb db_;
  const Clock* clock_;
};

const SystemClock kSystemClock;

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options) {
  GEMIS_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, options.create));
  GEMIS_RETURN_IF_ERROR(ConfigureConnection(db, options.busy_timeout_ms));
  GEMIS_RETURN_IF_ERROR(Migrate(db));
  const Clock* clock = options.clock != nullptr ? options.clock : &kSystemClock;
  return std::unique_ptr<Store>(new SqliteStore(std::move(db), clock));
}

Status RestoreSqliteStore(const std::string& backup_path, const std::string& path) {
  GEMIS_ASSIGN_OR_RETURN(SqliteDb source, SqliteDb::Open(backup_path, false));
  Status ok = IntegrityCheck(source);
  if (!ok.ok()) return Status(ok.code(), "backup '" + backup_path + "' is damaged: " + ok.message());
  GEMIS_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(source));
  if (version < 1 || version > LatestSchemaVersion()) {
    return Status::Invalid("'" + backup_path + "' is not a gemis backup (schema version " +
                           std::to_string(version) + ")");
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteDb target, SqliteDb::Open(path, true));
  GEMIS_RETURN_IF_ERROR(ConfigureConnection(target, 10000));
  GEMIS_RETURN_IF_ERROR(CopyDatabase(source, target, "restore into '" + path + "' failed"));
  GEMIS_RETURN_IF_ERROR(target.Exec("PRAGMA journal_mode=WAL"));
  return Migrate(target);
}

}  // namespace gemis::store
