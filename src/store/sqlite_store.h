// The SQLite implementation of Store: one database file in WAL mode with
// foreign keys on, synchronous=FULL (an acknowledged commit is on disk), a busy
// timeout, and every write in a BEGIN IMMEDIATE transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/field_cipher.h"
#include "store/store.h"

namespace gemis::store {

struct SqliteOptions {
  bool create = true;            // create the file when missing
  int busy_timeout_ms = 10000;   // wait this long for another writer
  const Clock* clock = nullptr;  // timestamps; nullptr = the system clock
  // The most page cache the connection keeps, in MiB (allocated as pages are
  // read). Large for imports into multi-GB databases; a small server may
  // lower it (gemis serve --cache-mib).
  int cache_mib = 256;
  // The key that seals people's identifying fields (store/field_cipher.h),
  // read by the caller from its file outside the database; the store keeps
  // a copy. nullopt: they are loaded sealed (SafeBirth::identity_sealed) and
  // cannot be written (docs/store.md, "The field key").
  std::optional<FieldKey> field_key;
};

// Opens the database at `path` and migrates it to the latest schema.
// Thread safety: the returned Store serialises its callers on one connection.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options = {});

// Replaces the database at `path` by the backup at `backup_path` (which must
// pass an integrity check and have a schema this program can migrate), using
// SQLite's online backup API, so concurrent readers see the old or the new
// database, never a mix.
Status RestoreSqliteStore(const std::string& backup_path, const std::string& path);

}  // namespace gemis::store
