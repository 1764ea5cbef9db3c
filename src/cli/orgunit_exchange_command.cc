// gemis import orgunits FILE, gemis export orgunits.
//
// Import prints the import summary (exchange/import_summary.h) as JSON on
// stdout and one line per conflict on stderr ("file:line field 'x' [code]:
// message"). Exit codes: 0 when the summary's status is SUCCESS or WARNING, 1
// when it is ERROR (input rejected; in atomic mode nothing was written), 2 for
// usage errors, 3 for internal errors.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "cli/sheet_options.h"
#include "core/uid.h"
#include "exchange/legacy_encoding.h"
#include "exchange/org_unit_export.h"
#include "exchange/org_unit_import.h"
#include "exchange/sheet_import.h"

namespace gemis::cli {

namespace {

struct ImportArgs {
  std::string file, db, format, encoding = "utf-8";
  bool dry_run = false;
  bool best_effort = false;
  SheetArgs sheet;  // .xlsx, or CSV through a column mapping
};

struct ExportArgs {
  std::string db, as_of, level, parent;
  std::string format = "csv";
  bool history = false;
};

void PrintConflicts(const exchange::ImportSummary& summary, const std::string& file) {
  for (const exchange::ImportConflict& c : summary.conflicts) {
    // File-level messages already carry their location.
    if (c.property == "file") {
      std::cerr << c.message << "\n";
      continue;
    }
    std::cerr << file << ":" << c.line << " field '" << c.property << "' [" << c.error_code
              << "]: " << c.message << "\n";
  }
}

// The summary of an import whose file cannot be opened at all.
exchange::ImportSummary Unopenable(const std::string& file) {
  exchange::ImportSummary summary;
  summary.status = exchange::ImportStatus::kError;
  summary.conflicts.push_back(
      {"", file, exchange::kOuFormat, "file", {}, 0, "cannot open '" + file + "' for reading"});
  summary.description = file + ": the file cannot be read; nothing written";
  return summary;
}

Status Report(const exchange::ImportSummary& summary, const std::string& file) {
  std::cout << summary.ToJson().dump(2) << "\n";
  PrintConflicts(summary, file);
  if (summary.status == exchange::ImportStatus::kError) return Status::Invalid(summary.description);
  std::cerr << summary.description << "\n";
  return Status::Ok();
}

Status RunImport(const ImportArgs& args) {
  if (args.format == "xlsx" || (args.format.empty() && IsXlsxPath(args.file)) || args.sheet.any()) {
    GEMIS_ASSIGN_OR_RETURN(exchange::SheetOpenOptions open,
                           SheetOpenOptionsOf(args.format, args.encoding));
    GEMIS_ASSIGN_OR_RETURN(
        OpenedSheet sheet,
        OpenSheet(args.file, args.sheet, exchange::SheetImportKind::kOrgUnits, open));
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
    SystemRandom random;
    exchange::OrgUnitImportOptions options{args.best_effort, args.dry_run, args.file};
    GEMIS_ASSIGN_OR_RETURN(
        exchange::ImportSummary summary,
        exchange::ImportOrgUnitsFromSheet(*store, *sheet.mapping, options, random));
    return ReportSheetImport(summary);
  }
  Result<exchange::OrgUnitFileFormat> format = args.format.empty()
                                                   ? exchange::OrgUnitFormatFromPath(args.file)
                                                   : exchange::ParseOrgUnitFormat(args.format);
  GEMIS_RETURN_IF_ERROR(format.status());
  GEMIS_ASSIGN_OR_RETURN(exchange::TextEncoding encoding,
                         exchange::ParseTextEncoding(args.encoding));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  std::ifstream file(args.file, std::ios::binary);
  if (!file) return Report(Unopenable(args.file), args.file);
  // A legacy encoding is decoded whole (unit lists are small); a byte that
  // is not text in it rejects the file (docs/formats/legacy-encodings.md).
  std::istringstream decoded;
  if (encoding != exchange::TextEncoding::kUtf8) {
    std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    exchange::DecodeReport report;
    exchange::TextEncoding chosen = encoding;
    decoded.str(exchange::DecodeText(bytes, encoding, &report, &chosen));
    Status status = report.ToStatus(chosen, args.file);
    if (!status.ok()) {
      exchange::ImportSummary summary = Unopenable(args.file);
      summary.conflicts[0].message = status.ToString();
      return Report(summary, args.file);
    }
  }
  std::istream& in =
      encoding != exchange::TextEncoding::kUtf8 ? static_cast<std::istream&>(decoded) : file;
  SystemRandom random;
  exchange::OrgUnitImportOptions options{args.best_effort, args.dry_run, args.file};
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportOrgUnits(*store, in, *format, options, random));
  return Report(summary, args.file);
}

// The unit named by --parent (a code on the day, or a uid).
Result<OrgUnitId> FindParent(const Hierarchy& h, const std::string& code, Date d) {
  if (const OrgUnit* unit = h.FindByCode(code, d)) return unit->id;
  if (const OrgUnit* unit = h.FindByUid(code)) return unit->id;
  return Status::NotFound("--parent: no unit has code '" + code + "' on " + d.ToString());
}

Status RunExport(const ExportArgs& args) {
  exchange::OrgUnitExportOptions options;
  GEMIS_ASSIGN_OR_RETURN(options.format, exchange::ParseOrgUnitFormat(args.format));
  Result<Date> as_of = AsOfDate(args.as_of);
  if (!as_of.ok()) return Status::Usage(as_of.status().ToString());
  options.as_of = *as_of;
  options.history = args.history;
  if (!args.level.empty()) {
    Result<OrgUnitLevel> level = ParseLevel(args.level);
    if (!level.ok()) return Status::Usage("--level: " + level.status().message());
    options.level = *level;
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  if (!args.parent.empty()) {
    GEMIS_ASSIGN_OR_RETURN(options.under, FindParent(h, args.parent, options.as_of));
  }
  return exchange::ExportOrgUnits(h, options, std::cout).status();
}

void RegisterImport(CLI::App& import_cmd, Context& ctx) {
  auto* cmd =
      import_cmd.add_subcommand("orgunits",
                                "Nhập đơn vị (thôn, đơn vị nước khác) từ CSV/JSON/Excel / "
                                "import org units (villages, other countries) from CSV, JSON "
                                "or an Excel sheet");
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("file", args->file, "Tệp CSV hoặc JSON / CSV or JSON file")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--format", args->format,
                  "csv | json | xlsx (mặc định theo đuôi tệp / default: from the file's extension)")
      ->check(CLI::IsMember({"csv", "json", "xlsx"}));
  cmd->add_flag("--dry-run", args->dry_run,
                "Chỉ kiểm tra, không ghi / check everything, write nothing");
  cmd->add_flag("--best-effort", args->best_effort,
                "Ghi các dòng hợp lệ, bỏ dòng lỗi / write the good rows, list the bad ones "
                "(default: all or nothing)");
  cmd->add_option("--encoding", args->encoding,
                  "utf-8 | tcvn3 | vni | auto: bảng mã của tệp CSV / a CSV file's encoding")
      ->check(CLI::IsMember({"utf-8", "utf8", "tcvn3", "abc", "vni", "auto"}));
  AddSheetOptions(cmd, args->sheet, false);
  cmd->callback([&ctx, args] { ctx.run = [args] { return RunImport(*args); }; });
}

void RegisterExport(CLI::App& export_cmd, Context& ctx) {
  auto* cmd = export_cmd.add_subcommand(
      "orgunits", "Xuất đơn vị ra CSV/JSON (stdout) / export org units as CSV or JSON to stdout");
  auto args = std::make_shared<ExportArgs>();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  auto* as_of = cmd->add_option("--as-of", args->as_of,
                                "Ngày YYYY-MM-DD (mặc định hôm nay) / day, default today");
  cmd->add_flag("--history", args->history,
                "Mọi phiên bản, có valid_to / every version, with valid_to")
      ->excludes(as_of);
  cmd->add_option("--format", args->format, "csv | json (csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--level", args->level,
                  "Chỉ một cấp / one level: centre, province, district, commune, village, 1-5");
  cmd->add_option("--parent", args->parent,
                  "Chỉ các đơn vị thuộc mã này / only units below this code (or uid)");
  cmd->callback([&ctx, args] { ctx.run = [args] { return RunExport(*args); }; });
}

}  // namespace

void RegisterOrgUnitExchange(CLI::App& import_cmd, CLI::App& export_cmd, Context& ctx) {
  RegisterImport(import_cmd, ctx);
  RegisterExport(export_cmd, ctx);
}

}  // namespace gemis::cli
