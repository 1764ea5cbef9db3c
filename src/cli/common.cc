#include <cstdlib>
#include <filesystem>

#include "cli/command.h"
#include "core/clock.h"
#include "store/field_cipher.h"
#include "store/sqlite_store.h"

namespace gemis::cli {

Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& path, int cache_mib) {
  if (!std::filesystem::exists(path)) {
    return Status::NotFound("database '" + path + "' does not exist (create it with gemis init)");
  }
  std::optional<store::FieldKey> key;
  const std::string key_path = FieldKeyPath(path);
  if (std::filesystem::exists(key_path)) {
    GEMIS_ASSIGN_OR_RETURN(key, store::ReadFieldKeyFile(key_path));
  }
  return store::OpenSqliteStore(path, {.create = false, .cache_mib = cache_mib, .field_key = key});
}

std::string FieldKeyPath(const std::string& db) {
  const char* env = std::getenv("GEMIS_KEY_FILE");
  return env && *env ? std::string(env) : db + ".key";
}

std::string CommandLineActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "operator");
}

Result<Hierarchy> LoadHierarchy(store::Store& store) {
  Result<Hierarchy> out = Status::Internal("hierarchy not loaded");
  Status status = store.Read([&](store::ReadTransaction& txn) {
    out = txn.LoadHierarchy();
    return out.status();
  });
  if (!status.ok()) return status;
  return out;
}

Result<Date> AsOfDate(const std::string& text) {
  if (!text.empty()) {
    Result<Date> d = Date::Parse(text);
    if (!d.ok()) return d.status().WithContext({"", 0, 0, "--as-of"});
    return d;
  }
  return VietnamToday();
}

}  // namespace gemis::cli
