// The tables of an official document as an Excel workbook, through the
// report writer of exchange/xlsx_writer.h (whose invariants hold: numbers
// are numbers, text is text, totals are the values given).
//
// Layout, chosen so that each table can be sorted and filtered on its own:
// one sheet per table, in the order of the body. A sheet is named after
// the table's title ("Bảng N" for an untitled one; names sanitised and made
// distinct by the writer) and carries two title lines, the document's kind
// and summary ("BÁO CÁO Kết quả thực hiện Dự án 8 năm 2024") and the table's
// title, then one header row of the column headers, then the rows. A cell
// that carries an integer (TableCell::Integer) is stored as that number
// (format "#,##0", which Excel shows as 1.234.567 under Vietnamese regional
// settings); every other cell as its text; an empty cell as a blank one.
// Bold rows are written as totals rows (bold). Pure apart from the file
// written; thread-safe for distinct documents.
#pragma once

#include <string>

#include "core/status.h"
#include "documents/official_document.h"
#include "exchange/xlsx_writer.h"

namespace gemis::documents {

// The workbook model. Errors: CheckDocument's, and kInvalidInput (field
// "body") when the document has no table.
Result<exchange::XlsxWorkbook> DocumentWorkbook(const OfficialDocument& document);

// DocumentWorkbook written to `path` (WriteXlsx: complete or not at all).
Status WriteDocumentXlsx(const OfficialDocument& document, const std::string& path);

// The same workbook as bytes (for HTTP responses).
Result<std::string> DocumentXlsxBytes(const OfficialDocument& document);

}  // namespace gemis::documents
