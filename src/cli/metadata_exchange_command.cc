// gemis import metadata: categories, category combos and data elements (JSON).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "exchange/metadata_json_import.h"

namespace gemis::cli {

namespace {

struct Args {
  std::string db, file;
  bool dry_run = false, best_effort = false;
};

Status Run(const Args& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open '" + args.file + "'");
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportMetadataJson(*store, in, args.file, args.dry_run,
                                                      args.best_effort));
  std::cout << summary.ToJson().dump(2) << "\n";
  if (summary.status == exchange::ImportStatus::kError ||
      (summary.count.imported == 0 && !summary.conflicts.empty())) {
    return Status::Invalid("import rejected: " + std::to_string(summary.conflicts.size()) +
                           " conflict(s), see the summary on stdout");
  }
  return Status::Ok();
}

}  // namespace

void RegisterMetadataExchange(CLI::App& import_cmd, Context& ctx) {
  auto args = std::make_shared<Args>();
  auto* cmd = import_cmd.add_subcommand(
      "metadata", "Nhập danh mục, tổ hợp phân tổ, chỉ tiêu (JSON) / import categories, "
                  "category combos and data elements (JSON)");
  cmd->add_option("file", args->file, "Tệp JSON / JSON file")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_flag("--dry-run", args->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  cmd->add_flag("--best-effort", args->best_effort,
                "Ghi các mục hợp lệ, báo các mục lỗi / keep the good objects, report the rest");
  cmd->callback([&ctx, args] { ctx.run = [args] { return Run(*args); }; });
}

}  // namespace gemis::cli
