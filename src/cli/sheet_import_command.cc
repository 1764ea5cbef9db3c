// gemis import designations FILE, gemis import targets FILE: lists and
// appendix tables from .xlsx sheets or CSV tables through a column mapping
// (docs/formats/sheet-mapping.md); gemis import models|activities|cadres|
// births|attendance FILE: the registers of Project 8 the same way
// (program/register_sheet.h). Data values and org units take the same
// options on their own import commands.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/plan_context.h"
#include "cli/sheet_options.h"
#include "core/clock.h"
#include "exchange/legacy_encoding.h"
#include "exchange/sheet_import.h"
#include "program/register_sheet.h"

namespace gemis::cli {
namespace {

struct SheetImportArgs {
  std::string file, db, plan, table, encoding = "utf-8", type;
  bool dry_run = false, best_effort = false;
  SheetArgs sheet;
};

Result<exchange::SheetOpenOptions> OpenOptions(const SheetImportArgs& args) {
  return SheetOpenOptionsOf(args.type, args.encoding);
}

Status RunDesignations(const SheetImportArgs& args) {
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetOpenOptions open, OpenOptions(args));
  GEMIS_ASSIGN_OR_RETURN(
      OpenedSheet sheet,
      OpenSheet(args.file, args.sheet, exchange::SheetImportKind::kDesignations, open));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  exchange::DesignationImportOptions options;
  options.dry_run = args.dry_run;
  options.best_effort = args.best_effort;
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportDesignationsFromSheet(*store, *sheet.mapping, options));
  return ReportSheetImport(summary);
}

Status RunTargets(const SheetImportArgs& args) {
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetOpenOptions open, OpenOptions(args));
  GEMIS_ASSIGN_OR_RETURN(OpenedSheet sheet, OpenSheet(args.file, args.sheet,
                                                      exchange::SheetImportKind::kTargets, open));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  exchange::TargetSheetOptions options;
  options.plan = args.plan;
  options.table = args.table;
  options.dry_run = args.dry_run;
  GEMIS_ASSIGN_OR_RETURN(exchange::PlanImportResult result,
                         exchange::ImportTargetsFromSheet(*store, *sheet.mapping, options));
  result.summary.dry_run = args.dry_run;
  std::cout << result.ToJson().dump(2) << "\n";
  for (const exchange::ImportConflict& c : result.summary.conflicts) {
    std::cerr << (c.cell.empty() ? "" : c.cell + " ") << "[" << c.error_code << "] " << c.message
              << "\n";
  }
  if (result.summary.status == exchange::ImportStatus::kError) {
    return Status::Invalid("import rejected: " + std::to_string(result.summary.conflicts.size()) +
                           " conflict(s), see the summary on stdout");
  }
  std::cerr << result.summary.description << "\n";
  return Status::Ok();
}

Status RunRegister(const SheetImportArgs& args, exchange::SheetImportKind kind, Lang lang) {
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetOpenOptions open, OpenOptions(args));
  GEMIS_ASSIGN_OR_RETURN(OpenedSheet sheet, OpenSheet(args.file, args.sheet, kind, open));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  program::ModelContext ctx{data.hierarchy, data.metadata, data.book, VietnamToday()};
  program::RegisterSheetOptions options;
  options.dry_run = args.dry_run;
  options.actor = {0, CommandLineActor(), ""};
  GEMIS_ASSIGN_OR_RETURN(program::RegisterSheetResult result,
                         program::ImportRegisterSheet(*store, ctx, *sheet.mapping, kind, options));
  GEMIS_RETURN_IF_ERROR(ReportSheetImport(result.summary));
  for (const program::SheetFinding& f : result.findings) {
    std::cerr << "  ! " << f.cell << " " << f.record << " " << f.code << ": " << f.message << "\n";
  }
  const exchange::ImportCount& n = result.summary.count;
  if (!args.dry_run && n.imported + n.updated > 0) {
    PrintPublishReport(result.figures, data.hierarchy, lang, std::cerr);
  }
  return Status::Ok();
}

CLI::App* AddCommon(CLI::App& import_cmd, const char* name, const char* help,
                    const std::shared_ptr<SheetImportArgs>& args, bool value_columns) {
  auto* cmd = import_cmd.add_subcommand(name, help);
  cmd->add_option("file", args->file, "Tệp .xlsx hoặc .csv / .xlsx or .csv file")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--type", args->type,
                  "xlsx | csv (mặc định theo đuôi tệp / default: from the extension)")
      ->check(CLI::IsMember({"xlsx", "csv"}));
  cmd->add_option("--encoding", args->encoding,
                  "utf-8 | tcvn3 | vni | auto: bảng mã của tệp CSV / a CSV file's encoding")
      ->check(CLI::IsMember({"utf-8", "utf8", "tcvn3", "abc", "vni", "auto"}));
  cmd->add_flag("--dry-run", args->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  AddSheetOptions(cmd, args->sheet, value_columns);
  return cmd;
}

}  // namespace

void RegisterSheetImports(CLI::App& import_cmd, Context& ctx) {
  auto designations = std::make_shared<SheetImportArgs>();
  auto* d = AddCommon(import_cmd, "designations",
                      "Nhập danh sách xã khu vực III, thôn ĐBKK… từ bảng tính / import "
                      "designation lists (region-III communes, ĐBKK villages) from a sheet",
                      designations, false);
  d->add_flag("--best-effort", designations->best_effort,
              "Ghi các dòng hợp lệ, báo các dòng lỗi / keep the good rows, report the rest");
  d->callback([&ctx, designations] {
    ctx.run = [designations] { return RunDesignations(*designations); };
  });

  auto targets = std::make_shared<SheetImportArgs>();
  auto* t = AddCommon(import_cmd, "targets",
                      "Nhập chỉ tiêu, phân bổ của kế hoạch từ bảng phụ lục / import a plan's "
                      "targets and allocations from an appendix table",
                      targets, true);
  t->add_option("--plan", targets->plan, "Số hoặc mã kế hoạch / plan number or code");
  t->add_option("--table", targets->table,
                "Tên bảng trong kế hoạch (mặc định: tên trang tính) / the table's name in the "
                "plan (default: the sheet's name)");
  t->callback([&ctx, targets] { ctx.run = [targets] { return RunTargets(*targets); }; });

  struct Register {
    const char* name;
    exchange::SheetImportKind kind;
    const char* help;
    bool value_columns;
  };
  for (const Register& r : {
           Register{"models", exchange::SheetImportKind::kModels,
                    "Nhập sổ mô hình (tổ, nhóm, CLB, địa chỉ tin cậy…) từ bảng tính / import the "
                    "models register from a sheet",
                    true},
           Register{"activities", exchange::SheetImportKind::kActivities,
                    "Nhập sổ hoạt động (truyền thông, tập huấn, đối thoại…) từ bảng tính / import "
                    "activities from a sheet",
                    true},
           Register{"cadres", exchange::SheetImportKind::kCadres,
                    "Nhập danh sách cán bộ nữ DTTS từ bảng tính / import the women cadres "
                    "register from a sheet",
                    false},
           Register{"births", exchange::SheetImportKind::kBirths,
                    "Nhập sổ hỗ trợ sinh đẻ an toàn từ bảng tính / import the safe-birth register "
                    "from a sheet",
                    true},
           Register{"attendance", exchange::SheetImportKind::kAttendance,
                    "Nhập danh sách học viên dự tập huấn (mã hoạt động, mã cán bộ) / import "
                    "training attendance (activity code, cadre code per row)",
                    false},
       }) {
    auto args = std::make_shared<SheetImportArgs>();
    auto* cmd = AddCommon(import_cmd, r.name, r.help, args, r.value_columns);
    const exchange::SheetImportKind kind = r.kind;
    cmd->callback([&ctx, args, kind] {
      ctx.run = [args, kind, &ctx] { return RunRegister(*args, kind, ctx.lang); };
    });
  }
}

}  // namespace gemis::cli
