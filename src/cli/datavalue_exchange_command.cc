// gemis import datavalues|dataelements, gemis export datavalues.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/sheet_options.h"
#include "exchange/data_value_export.h"
#include "exchange/data_value_import.h"
#include "exchange/legacy_encoding.h"
#include "exchange/metadata_import.h"
#include "exchange/sheet_import.h"

namespace gemis::cli {

namespace {

struct ImportArgs {
  std::string db, file, format, stored_by = "gemis-cli";
  bool dry_run = false, best_effort = false;
  // DHIS2's idScheme and its per-object overrides; importStrategy.
  std::string id_scheme, element_scheme, unit_scheme, combo_scheme;
  std::string strategy = "CREATE_AND_UPDATE";
  std::string notation = "plain";
  std::string encoding = "utf-8";
  SheetArgs sheet;  // .xlsx, or CSV through a column mapping
};

Result<exchange::DataFileFormat> FormatOf(const std::string& format, const std::string& file) {
  if (!format.empty()) return exchange::ParseDataFileFormat(format);
  if (std::optional<exchange::DataFileFormat> f = exchange::DataFileFormatOfPath(file)) return *f;
  return Status::Usage("cannot tell the format of '" + file + "': give --format csv|json|xml|adx");
}

// The id schemes: --id-scheme for every object type, then the overrides.
Result<exchange::IdSchemes> SchemesOf(const ImportArgs& args) {
  exchange::IdSchemes schemes;
  if (!args.id_scheme.empty()) {
    GEMIS_ASSIGN_OR_RETURN(exchange::IdScheme all, exchange::ParseIdScheme(args.id_scheme));
    schemes = {all, all, all};
  }
  for (auto [text, scheme] : {std::pair{&args.element_scheme, &schemes.data_element},
                              std::pair{&args.unit_scheme, &schemes.org_unit},
                              std::pair{&args.combo_scheme, &schemes.option_combo}}) {
    if (!text->empty()) {
      GEMIS_ASSIGN_OR_RETURN(*scheme, exchange::ParseIdScheme(*text));
    }
  }
  return schemes;
}

// Prints the summary on stdout; an ERROR summary (a malformed file, a
// conflict in atomic mode, a best-effort import that kept no row) is a
// rejected input (exit 1).
Status Report(const exchange::ImportSummary& summary) {
  std::cout << summary.ToJson().dump(2) << "\n";
  if (summary.status == exchange::ImportStatus::kError) {
    return Status::Invalid("import rejected: " + std::to_string(summary.conflicts.size()) +
                           " conflict(s), see the summary on stdout");
  }
  return Status::Ok();
}

// Data values from a sheet (or a CSV table) through a column mapping.
Status RunImportValuesFromSheet(const ImportArgs& args, exchange::DataValueImportOptions options) {
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetOpenOptions open,
                         SheetOpenOptionsOf(args.format, args.encoding));
  GEMIS_ASSIGN_OR_RETURN(
      OpenedSheet sheet,
      OpenSheet(args.file, args.sheet, exchange::SheetImportKind::kDataValues, open));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportDataValuesFromSheet(*store, *sheet.mapping, options));
  return ReportSheetImport(summary);
}

Status RunImportValues(const ImportArgs& args) {
  if (args.format == "xlsx" || (args.format.empty() && IsXlsxPath(args.file)) || args.sheet.any()) {
    exchange::DataValueImportOptions options;
    options.dry_run = args.dry_run;
    options.best_effort = args.best_effort;
    options.stored_by = args.stored_by;
    GEMIS_ASSIGN_OR_RETURN(options.id_schemes, SchemesOf(args));
    GEMIS_ASSIGN_OR_RETURN(options.strategy, exchange::ParseImportStrategy(args.strategy));
    options.notation = args.notation == "vi" ? exchange::ValueNotation::kVietnamese
                                             : exchange::ValueNotation::kPlain;
    return RunImportValuesFromSheet(args, std::move(options));
  }
  GEMIS_ASSIGN_OR_RETURN(exchange::DataFileFormat format, FormatOf(args.format, args.file));
  GEMIS_ASSIGN_OR_RETURN(exchange::TextEncoding encoding,
                         exchange::ParseTextEncoding(args.encoding));
  std::ifstream file(args.file, std::ios::binary);
  if (!file) return Status::NotFound("cannot open '" + args.file + "'");
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  exchange::DataValueImportOptions options{format, args.dry_run, args.best_effort, args.stored_by};
  // Legacy encodings are decoded to UTF-8 NFC on the fly; a byte that is
  // not text in the encoding rejects the file (docs/formats/legacy-encodings.md).
  std::optional<exchange::DecodingIstream> decoded;
  if (encoding != exchange::TextEncoding::kUtf8) {
    decoded.emplace(file, encoding);
    options.input_status = [&decoded, &args] { return decoded->buffer().status(args.file); };
  }
  std::istream& in = decoded ? static_cast<std::istream&>(*decoded) : file;
  GEMIS_ASSIGN_OR_RETURN(options.id_schemes, SchemesOf(args));
  GEMIS_ASSIGN_OR_RETURN(options.strategy, exchange::ParseImportStrategy(args.strategy));
  options.notation = args.notation == "vi" ? exchange::ValueNotation::kVietnamese
                                           : exchange::ValueNotation::kPlain;
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportDataValues(*store, in, args.file, options));
  return Report(summary);
}

Status RunImportElements(const ImportArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open '" + args.file + "'");
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  GEMIS_ASSIGN_OR_RETURN(
      exchange::ImportSummary summary,
      exchange::ImportDataElements(*store, in, args.file, args.dry_run, args.best_effort));
  return Report(summary);
}

void AddImportOptions(CLI::App* cmd, const std::shared_ptr<ImportArgs>& args) {
  cmd->add_option("file", args->file, "Tệp CSV hoặc JSON / CSV or JSON file")->required();
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_flag("--dry-run", args->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  cmd->add_flag("--best-effort", args->best_effort,
                "Ghi các dòng hợp lệ, báo các dòng lỗi / keep the good rows, report the rest");
}

struct ExportArgs {
  std::string db, format = "csv", id_scheme = "uid", org_unit, as_of, data_set;
  std::vector<std::string> elements, periods;
  bool include_deleted = false;
};

Status RunExportValues(const ExportArgs& args) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(args.db));
  exchange::DataValueExportOptions options;
  GEMIS_ASSIGN_OR_RETURN(options.format, exchange::ParseDataFileFormat(args.format));
  GEMIS_ASSIGN_OR_RETURN(options.id_scheme, exchange::ParseIdScheme(args.id_scheme));
  options.data_set = args.data_set;
  options.filter.include_deleted = args.include_deleted;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    for (const std::string& e : args.elements) {
      const StoredElement* element = m.FindElement(e);
      if (element == nullptr)
        return Status::NotFound("unknown data element '" + e + "'", {"", 0, 0, "--data-element"});
      options.filter.data_elements.push_back(element->id);
    }
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    for (const std::string& p : args.periods) {
      GEMIS_ASSIGN_OR_RETURN(Period wanted, Period::Parse(p));
      // Every stored period inside the one asked for (a year holds its months).
      for (const auto& [id, period] : periods) {
        if (wanted.Contains(period)) options.filter.periods.push_back(id);
      }
      if (options.filter.periods.empty()) options.filter.periods.push_back(-1);
    }
    if (!args.org_unit.empty()) {
      GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(Date d, AsOfDate(args.as_of));
      const OrgUnit* unit = h.FindByCode(args.org_unit, d);
      if (unit == nullptr) unit = h.FindByUid(args.org_unit);
      if (unit == nullptr) {
        return Status::NotFound("no org unit '" + args.org_unit + "' on " + d.ToString(),
                                {"", 0, 0, "--orgunit"});
      }
      options.filter.org_units.push_back(unit->id);
    }
    return Status::Ok();
  }));
  GEMIS_ASSIGN_OR_RETURN(int64_t count, exchange::ExportDataValues(*store, std::cout, options));
  std::cerr << count << " data values\n";
  return Status::Ok();
}

}  // namespace

void RegisterDataValueExchange(CLI::App& import_cmd, CLI::App& export_cmd, Context& ctx) {
  auto values = std::make_shared<ImportArgs>();
  auto* iv = import_cmd.add_subcommand(
      "datavalues",
      "Nhập số liệu (DHIS2 CSV/JSON/XML, ADX, Excel/CSV theo ánh xạ cột) / import data values "
      "(DHIS2 CSV/JSON/XML, ADX, or an Excel/CSV table through a column mapping)");
  AddImportOptions(iv, values);
  iv->add_option("--format", values->format,
                 "csv | json | xml | adx | xlsx (mặc định theo đuôi tệp / default by extension)")
      ->check(CLI::IsMember({"csv", "json", "xml", "adx", "xlsx"}));
  iv->add_option("--id-scheme", values->id_scheme,
                 "uid | code | name | auto: cách gọi mọi đối tượng / how identifiers name objects")
      ->check(CLI::IsMember({"uid", "code", "name", "auto", "UID", "CODE", "NAME", "AUTO"}));
  iv->add_option("--data-element-id-scheme", values->element_scheme,
                 "uid | code | name | auto: cho chỉ tiêu / for data elements");
  iv->add_option("--org-unit-id-scheme", values->unit_scheme,
                 "uid | code | name | auto: cho đơn vị / for org units");
  iv->add_option("--category-option-combo-id-scheme", values->combo_scheme,
                 "uid | code | name | auto: cho tổ hợp phân tổ / for option combos");
  iv->add_option("--notation", values->notation,
                 "plain | vi: vi đọc số 22.991.000.000 và 7.588,63, ngày dd/mm/yyyy / vi reads "
                 "Vietnamese numbers and dd/mm/yyyy dates")
      ->check(CLI::IsMember({"plain", "vi"}));
  iv->add_option("--encoding", values->encoding,
                 "utf-8 | tcvn3 | vni | auto: bảng mã của tệp / the file's text encoding "
                 "(TCVN3 = ABC, .VnTime)")
      ->check(CLI::IsMember({"utf-8", "utf8", "tcvn3", "abc", "vni", "auto"}));
  iv->add_option("--strategy", values->strategy,
                 "CREATE_AND_UPDATE | CREATE | UPDATE | DELETE (mặc định / default "
                 "CREATE_AND_UPDATE)");
  iv->add_option("--stored-by", values->stored_by, "Người nhập / who stored the values");
  AddSheetOptions(iv, values->sheet, true);
  iv->callback([&ctx, values] { ctx.run = [values] { return RunImportValues(*values); }; });

  auto elements = std::make_shared<ImportArgs>();
  auto* ie = import_cmd.add_subcommand("dataelements",
                                       "Nhập chỉ tiêu dữ liệu (CSV) / import data elements (CSV)");
  AddImportOptions(ie, elements);
  ie->callback([&ctx, elements] { ctx.run = [elements] { return RunImportElements(*elements); }; });

  auto ex = std::make_shared<ExportArgs>();
  auto* ev = export_cmd.add_subcommand(
      "datavalues",
      "Xuất số liệu (DHIS2 CSV/JSON/XML, ADX) / export data values (DHIS2 CSV/JSON/XML, ADX)");
  ev->add_option("--db", ex->db, "Tệp cơ sở dữ liệu / database file")->required();
  ev->add_option("--format", ex->format, "csv | json | xml | adx")
      ->check(CLI::IsMember({"csv", "json", "xml", "adx"}));
  ev->add_option("--id-scheme", ex->id_scheme, "uid | code | name")
      ->check(CLI::IsMember({"uid", "code", "name"}));
  ev->add_option("--data-set", ex->data_set,
                 "Bộ dữ liệu (mã/uid): chỉ các chỉ tiêu của nó, ghi làm dataSet (bắt buộc với "
                 "ADX) / a stored data set (code or uid): only its data elements, written as "
                 "dataSet (required for ADX)");
  ev->add_option("--data-element", ex->elements,
                 "Mã/uid chỉ tiêu / data element code or uid (repeatable)");
  ev->add_option("--period", ex->periods,
                 "Kỳ, gồm các kỳ con / period, with the periods inside it");
  ev->add_option("--orgunit", ex->org_unit, "Mã/uid đơn vị / org unit code or uid");
  ev->add_option("--as-of", ex->as_of,
                 "Ngày để hiểu mã đơn vị / date at which --orgunit's code is read");
  ev->add_flag("--include-deleted", ex->include_deleted,
               "Kể cả giá trị đã xoá / include deleted values");
  ev->callback([&ctx, ex] { ctx.run = [ex] { return RunExportValues(*ex); }; });
}

}  // namespace gemis::cli
