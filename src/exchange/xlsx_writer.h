// Excel workbooks (.xlsx) for reports: a small document model of a report
// sheet — title lines, a units line, a multi-row header with merged cells,
// typed body rows, an optional STT column, totals rows — and a writer that
// lays it out with libxlsxwriter. Spec: docs/formats/xlsx-export.md.
//
// Invariants of every file written:
//  (1) numbers are stored as numbers with a locale-neutral format code
//      ("#,##0", "#,##0.00", "0.0%"), never as preformatted text: Excel shows
//      22.991.000.000 and 7.588,63 under Vietnamese regional settings and
//      22,991,000,000 under English ones, and the cell holds the value;
//  (2) text cells are strings (shared strings, format "@"), so codes keep
//      their leading zeros ("00004", "04");
//  (3) totals are the values given, never formulas: a plan's stated total is
//      a figure of the plan, which need not equal the sum of its parts;
//  (4) sheet names are valid in Excel (SanitizeSheetName) and distinct
//      ignoring case (UniqueSheetNames);
//  (5) a file is written completely or not at all: the workbook goes to a
//      temporary file beside `path`, renamed over it only when complete.
// No business rules here: callers (cli/xlsx_export.h) map their reports onto
// the model. Pure apart from the files written; thread-safe for distinct
// workbooks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gemis::exchange {

// One typed body cell.
struct XlsxCell {
  enum class Type {
    kEmpty,    // a blank cell (still bordered)
    kText,     // a string, kept as is (codes, names, windows)
    kInteger,  // "#,##0"
    kDecimal,  // "#,##0.00" with `decimals` digits after the mark
    kMoney,    // whole đồng, "#,##0"; the currency belongs in the units line
    kPercent,  // `number` is a fraction (0.5614 shows 56.1%), "0.0%" with `decimals`
  };
  Type type = Type::kEmpty;
  std::string text;
  double number = 0;
  int decimals = 0;  // kDecimal, kPercent: digits shown after the decimal mark (0..10)
  int indent = 0;    // kText: indent level (tree depth), 0..15

  static XlsxCell Empty() { return {}; }
  static XlsxCell Text(std::string text, int indent = 0);
  // Integers beyond 15 significant digits (Excel's precision) are written as
  // text so that no figure is silently changed.
  static XlsxCell Integer(int64_t value);
  static XlsxCell Decimal(double value, int decimals);
  static XlsxCell Money(int64_t dong);
  static XlsxCell Percent(double fraction, int decimals = 1);
};

// A header cell: at (row, col) of the header block (0-based, columns of the
// body, not counting the STT column), spanning row_span × col_span cells;
// written bold, centred, wrapped, with borders, merged when it spans more
// than one cell.
struct XlsxHeaderCell {
  int row = 0;
  int col = 0;
  int row_span = 1;
  int col_span = 1;
  std::string text;
};

struct XlsxRow {
  enum class Kind {
    kItem,   // a numbered row (the next STT number when the sheet has an STT column)
    kTotal,  // a totals or subtotal row: bold, no STT number
    kPlain,  // no STT number, not bold (a row of windows, a note)
  };
  Kind kind = Kind::kItem;
  std::vector<XlsxCell> cells;  // one per body column; missing trailing cells are blank
};

struct XlsxColumn {
  // Width in characters of the default font; 0 = fitted to the body cells
  // and the header cells of this column only (between min_width, at least
  // 6, and 50).
  double width = 0;
  double min_width = 0;
  // Excel format code for the numbers of this column ("#,##0.000"); "" = by
  // each cell's type.
  std::string number_format;
};

struct XlsxSheet {
  std::string name;                 // sanitised and de-duplicated when written
  std::vector<std::string> titles;  // bold lines above the table, merged across its width
  std::string units;  // "Đơn vị tính: đồng" right-aligned above the table; "" = none
  // When not empty: an STT column left of the body columns, headed by this
  // text over every header row, numbering the kItem rows 1, 2, ….
  std::string stt_header;
  std::vector<XlsxColumn> columns;  // the body columns (their count is the table's width)
  std::vector<XlsxHeaderCell> header;
  std::vector<XlsxRow> rows;
  // Body columns kept in view when scrolling right (labels, codes); the STT
  // column is always kept. Panes are frozen below the header.
  int label_columns = 0;
};

struct XlsxWorkbook {
  std::vector<XlsxSheet> sheets;
  std::string title;   // document property (File → Info); "" = the first sheet's first title
  std::string author;  // document property; "" = "gemis"
  // Creation time stored in the document properties, seconds since the Unix
  // epoch; 0 = now (the same model then gives byte-identical files only
  // with a fixed time).
  int64_t created_unix = 0;
};

// Excel's limit on a sheet name, in UTF-16 code units.
inline constexpr int kMaxSheetNameLength = 31;

// A valid Excel sheet name for `name`: NFC; '[' and ']' become '(' and ')',
// each of : * ? / \ and control characters becomes '-'; spaces collapsed and
// trimmed, no leading or trailing apostrophe; cut to 31 UTF-16 units on a
// character boundary (diacritics are kept: "Phụ lục I (Bổ sung)"); invalid
// UTF-8 bytes dropped; "" when nothing is left.
std::string SanitizeSheetName(std::string_view name);

// Sanitised names, distinct ignoring case as Excel compares them: a repeated
// name gets " (2)", " (3)" … (cut to fit 31 units); an empty one becomes
// "Trang tính N" (N = its position, 1-based); "History", which Excel
// reserves, gets a suffix too.
std::vector<std::string> UniqueSheetNames(const std::vector<std::string>& names);

// Writes the workbook to `path`, replacing an existing file only once the
// new one is complete (through a symbolic link: the file it names). Errors: kInvalidInput for a
// model Excel cannot hold (no sheet, a header cell outside the columns or overlapping another, more
// rows or columns than a sheet has, a string over 32 767 characters),
// kIoError naming `path` when the file cannot be created or written (with
// the system's or libxlsxwriter's reason) or when `path` is something other
// than a regular file (a directory, a terminal, a pipe).
Status WriteXlsx(const XlsxWorkbook& workbook, const std::string& path);

// The same workbook as bytes (for HTTP responses): written to a temporary
// file under $TMPDIR (else /tmp), read back and removed.
Result<std::string> WriteXlsxToString(const XlsxWorkbook& workbook);

}  // namespace gemis::exchange
