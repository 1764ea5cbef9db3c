#include "documents/document_xlsx.h"

#include <string>
#include <variant>

namespace gemis::documents {
namespace {

using exchange::XlsxCell;
using exchange::XlsxRow;
using exchange::XlsxSheet;

XlsxCell ToXlsx(const TableCell& cell) {
  if (cell.integer) return XlsxCell::Integer(*cell.integer);
  if (cell.text.empty()) return XlsxCell::Empty();
  return XlsxCell::Text(cell.text);
}

XlsxSheet ToSheet(const Table& table, const std::string& document_title, int number) {
  XlsxSheet sheet;
  sheet.name = table.title.empty() ? "Bảng " + std::to_string(number) : table.title;
  sheet.titles.push_back(document_title);
  if (!table.title.empty()) sheet.titles.push_back(table.title);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    sheet.columns.push_back({});
    sheet.header.push_back({.row = 0, .col = static_cast<int>(c), .text = table.columns[c].header});
  }
  for (const TableRow& row : table.rows) {
    XlsxRow out;
    out.kind = row.bold ? XlsxRow::Kind::kTotal : XlsxRow::Kind::kPlain;
    for (const TableCell& cell : row.cells) out.cells.push_back(ToXlsx(cell));
    sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

}  // namespace

Result<exchange::XlsxWorkbook> DocumentWorkbook(const OfficialDocument& document) {
  GEMIS_RETURN_IF_ERROR(CheckDocument(document));
  const std::string title =
      document.summary.empty() ? document.kind : document.kind + " " + document.summary;
  exchange::XlsxWorkbook workbook;
  workbook.title = title;
  for (const Block& block : document.body) {
    if (const auto* table = std::get_if<Table>(&block)) {
      workbook.sheets.push_back(
          ToSheet(*table, title, static_cast<int>(workbook.sheets.size()) + 1));
    }
  }
  if (workbook.sheets.empty()) {
    return Status::Invalid("the document has no table to write", Location{.field = "body"});
  }
  return workbook;
}

Status WriteDocumentXlsx(const OfficialDocument& document, const std::string& path) {
  GEMIS_ASSIGN_OR_RETURN(exchange::XlsxWorkbook workbook, DocumentWorkbook(document));
  return exchange::WriteXlsx(workbook, path);
}

Result<std::string> DocumentXlsxBytes(const OfficialDocument& document) {
  GEMIS_ASSIGN_OR_RETURN(exchange::XlsxWorkbook workbook, DocumentWorkbook(document));
  return exchange::WriteXlsxToString(workbook);
}

}  // namespace gemis::documents
