// gemis backup, gemis restore.
#include <algorithm>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "store/sqlite_store.h"

namespace gemis::cli {

namespace {

// A backup is an SQLite file; anything else (a CSV, an empty or truncated
// file) is the user's input being wrong, not the store being damaged.
Status CheckIsSqliteFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open backup '" + path + "'");
  static constexpr char kMagic[] = "SQLite format 3";  // with its NUL: 16 bytes
  char head[sizeof kMagic] = {};
  in.read(head, sizeof head);
  if (in.gcount() != static_cast<std::streamsize>(sizeof head) ||
      !std::equal(head, head + sizeof head, kMagic)) {
    return Status::Invalid("'" + path + "' is not a gemis backup (not an SQLite database)");
  }
  return Status::Ok();
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, Context& ctx) {
  auto* backup = app.add_subcommand(
      "backup", "Sao lưu trực tuyến / online backup (safe while the database is in use)");
  auto db = std::make_shared<std::string>(), to = std::make_shared<std::string>();
  backup->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  backup->add_option("--to", *to, "Tệp sao lưu / backup file")->required();
  backup->callback([&ctx, db, to] {
    ctx.run = [&ctx, db, to]() -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(*db));
      GEMIS_RETURN_IF_ERROR(store->Backup(*to));
      std::cerr << Message(MessageId::kBackupWritten, ctx.lang) << " " << *to << "\n";
      return Status::Ok();
    };
  });

  auto* restore = app.add_subcommand(
      "restore", "Khôi phục từ bản sao lưu / restore a backup into a database");
  auto from = std::make_shared<std::string>(), rdb = std::make_shared<std::string>();
  restore->add_option("--from", *from, "Tệp sao lưu / backup file")->required();
  restore->add_option("--db", *rdb, "Tệp cơ sở dữ liệu / database file")->required();
  restore->callback([&ctx, from, rdb] {
    ctx.run = [&ctx, from, rdb]() -> Status {
      GEMIS_RETURN_IF_ERROR(CheckIsSqliteFile(*from));
      GEMIS_RETURN_IF_ERROR(store::RestoreSqliteStore(*from, *rdb));
      std::cerr << Message(MessageId::kRestored, ctx.lang) << " " << *from << "\n";
      return Status::Ok();
    };
  });
}

}  // namespace gemis::cli
