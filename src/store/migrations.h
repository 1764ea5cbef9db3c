// Numbered, forward-only schema migrations of the SQLite store. The schema
// version is PRAGMA user_version; Open() applies every migration above it, each
// in its own transaction, so a crash mid-migration leaves the previous version.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sqlite_db.h"

namespace gemis::store {

struct Migration {
  int version;            // 1, 2, 3, … without gaps
  std::string_view name;  // what it adds, for logs and docs
  std::string_view sql;
};

// Every migration in order. Never edit a released one: add a new one.
const std::vector<Migration>& AllMigrations();
int LatestSchemaVersion();

Result<int> ReadSchemaVersion(SqliteDb& db);
// Applies the migrations above the database's version, up to `target`
// (default: the latest). Refuses a database newer than this program.
Status Migrate(SqliteDb& db, int target = -1);

}  // namespace gemis::store
