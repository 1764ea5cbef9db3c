#include "cli/sheet_options.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "exchange/legacy_encoding.h"

namespace gemis::cli {

bool SheetArgs::any() const {
  return !mapping.empty() || !maps.empty() || !sets.empty() || !value_columns.empty() ||
         !sheet.empty() || !header_rows.empty() || first_row > 0 || last_row > 0 ||
         !skip_rows_without.empty();
}

void AddSheetOptions(CLI::App* cmd, SheetArgs& args, bool value_columns) {
  cmd->add_option("--mapping", args.mapping,
                  "Tệp ánh xạ cột (gemis-mapping/1, JSON) / column mapping file");
  cmd->add_option("--map", args.maps,
                  "TRƯỜNG=CỘT, vd. orgUnit=B hoặc 'orgUnit=Mã xã' / FIELD=COLUMN (letter or "
                  "header text; add |zeroPad=5 to restore leading zeros)");
  cmd->add_option("--set", args.sets,
                  "TRƯỜNG=GIÁ TRỊ cho mọi dòng, vd. period=2024 / FIELD=VALUE for every row");
  if (value_columns) {
    cmd->add_option("--value-column", args.value_columns,
                    "CỘT=MÃ[;khoá=giá trị…]: mỗi ô là một giá trị / COLUMN=CODE[;key=value…]: "
                    "each cell of the column is one value (dataElement, or measure for targets)");
  }
  cmd->add_option("--sheet", args.sheet, "Tên trang tính / sheet name (default: the first)");
  cmd->add_option("--header-rows", args.header_rows,
                  "Các dòng tiêu đề, vd. 3-4 (0: không có) / header rows, e.g. 3-4 (0: none)");
  cmd->add_option("--first-row", args.first_row, "Dòng dữ liệu đầu / first data row");
  cmd->add_option("--last-row", args.last_row, "Dòng dữ liệu cuối / last data row");
  cmd->add_option("--skip-rows-without", args.skip_rows_without,
                  "Bỏ các dòng trống ở trường này (dòng cộng) / skip rows where this field is "
                  "empty (subtotals)");
}

Result<exchange::SheetOpenOptions> SheetOpenOptionsOf(const std::string& type,
                                                      const std::string& encoding) {
  exchange::SheetOpenOptions open;
  GEMIS_ASSIGN_OR_RETURN(open.encoding, exchange::ParseTextEncoding(encoding));
  if (!type.empty()) {
    GEMIS_ASSIGN_OR_RETURN(open.type, exchange::ParseSheetFileType(type));
  }
  return open;
}

Result<OpenedSheet> OpenSheet(const std::string& file, const SheetArgs& args,
                              exchange::SheetImportKind kind, exchange::SheetOpenOptions open) {
  exchange::SheetMapping mapping;
  if (!args.mapping.empty()) {
    GEMIS_ASSIGN_OR_RETURN(mapping, exchange::ReadSheetMappingFile(args.mapping));
  }
  for (const std::string& m : args.maps) {
    GEMIS_RETURN_IF_ERROR(exchange::AddColumnArgument(mapping, m));
  }
  for (const std::string& s : args.sets) {
    GEMIS_RETURN_IF_ERROR(exchange::AddConstantArgument(mapping, s));
  }
  for (const std::string& v : args.value_columns) {
    GEMIS_RETURN_IF_ERROR(exchange::AddValueColumnArgument(mapping, v));
  }
  if (!args.sheet.empty()) mapping.sheet = args.sheet;
  if (!args.header_rows.empty()) {
    Result<std::vector<int>> rows = exchange::ParseHeaderRows(args.header_rows);
    if (!rows.ok()) return Status::Usage("--header-rows: " + rows.status().message());
    mapping.header_rows = *rows;
  }
  if (args.first_row < 0 || args.last_row < 0) {
    return Status::Usage("--first-row and --last-row are row numbers from 1");
  }
  if (args.first_row > 0) mapping.first_row = args.first_row;
  if (args.last_row > 0) mapping.last_row = args.last_row;
  if (!args.skip_rows_without.empty()) mapping.skip_rows_without = args.skip_rows_without;
  if (mapping.fields.empty() && mapping.values.empty()) {
    return Status::Usage(
        "no column mapping: give --mapping FILE or --map FIELD=COLUMN "
        "(docs/formats/sheet-mapping.md)");
  }
  GEMIS_RETURN_IF_ERROR(exchange::PrepareSheetMapping(mapping, kind));
  open.sheet = mapping.sheet;
  OpenedSheet opened;
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetTable table, exchange::SheetTable::Open(file, open));
  opened.table = std::make_unique<exchange::SheetTable>(std::move(table));
  GEMIS_ASSIGN_OR_RETURN(exchange::ResolvedSheetMapping resolved,
                         exchange::ResolvedSheetMapping::Resolve(mapping, *opened.table));
  opened.mapping.emplace(std::move(resolved));
  return opened;
}

Status ReportSheetImport(const exchange::ImportSummary& summary) {
  std::cout << summary.ToJson().dump(2) << "\n";
  for (const exchange::ImportConflict& c : summary.conflicts) {
    std::cerr << (c.cell.empty() ? "" : c.cell + " ") << "[" << c.error_code << "] " << c.message
              << "\n";
  }
  if (summary.status == exchange::ImportStatus::kError) {
    return Status::Invalid("import rejected: " + std::to_string(summary.conflicts.size()) +
                           " conflict(s), see the summary on stdout");
  }
  std::cerr << summary.description << "\n";
  return Status::Ok();
}

bool IsXlsxPath(const std::string& path) { return AsciiLower(path).ends_with(".xlsx"); }

}  // namespace gemis::cli
