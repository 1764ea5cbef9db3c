// gemis import plans: plans, agencies, programme structure and spending norms
// from a gemis-plans/1 JSON file (docs/formats/plans-json.md).
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "exchange/plan_import.h"

namespace gemis::cli {

namespace {

struct Args {
  std::string db, file, units;
  bool dry_run = false;
};

Status Run(const Args& args) {
  if (!std::filesystem::is_regular_file(args.file)) {
    return Status::NotFound("cannot open '" + args.file + "'");
  }
  if (!args.units.empty() && !std::filesystem::is_regular_file(args.units)) {
    return Status::NotFound("cannot open unit table '" + args.units + "'");
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(Date today, AsOfDate(""));
  GEMIS_ASSIGN_OR_RETURN(
      exchange::PlanImportResult result,
      exchange::ImportPlanFileIntoStore(*store, args.file, args.units, args.dry_run, today));
  std::cout << result.ToJson().dump(2) << "\n";
  if (result.summary.status == exchange::ImportStatus::kError) {
    return Status::Invalid("import rejected: " + std::to_string(result.summary.conflicts.size()) +
                           " error(s), see the summary on stdout");
  }
  return Status::Ok();
}

}  // namespace

void RegisterPlanImport(CLI::App& import_cmd, Context& ctx) {
  auto args = std::make_shared<Args>();
  auto* cmd = import_cmd.add_subcommand(
      "plans",
      "Nhập kế hoạch, cơ quan, cấu trúc chương trình, định mức (JSON gemis-plans/1) / "
      "import plans, agencies, programme structure and spending norms");
  cmd->add_option("file", args->file, "Tệp JSON / JSON file")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--units", args->units,
                  "Bảng đơn vị (CSV) cho các tham chiếu `unit` / unit table (CSV) for `unit` "
                  "references");
  cmd->add_flag("--dry-run", args->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  cmd->callback([&ctx, args] { ctx.run = [args] { return Run(*args); }; });
}

}  // namespace gemis::cli
