// Reads Excel workbooks (.xlsx, Office Open XML SpreadsheetML) into typed
// cells: strings, numbers, booleans, errors and dates, codes as the user sees
// them, merged ranges. It knows nothing of what the sheets mean: importers of
// targets, allocations, data values and unit lists build on it. What is read,
// every limit and every error: docs/formats/xlsx.md ("Reading").
//
// XlsxReader is an open workbook, XlsxGrid one sheet read whole, XlsxValue
// one cell's value. (The report writer's model, xlsx_writer.h, has the names
// XlsxWorkbook, XlsxSheet and XlsxCell.)
//
// Invariants kept by this unit:
//  (1) no input crashes the reader or throws out of it: a damaged, truncated
//      or hostile workbook gives a Status (kInvalidInput; kInternal only if
//      memory runs out), never an abort;
//  (2) memory is bounded by XlsxLimits whatever the input (see there);
//  (3) every text handed out (sheet names, cell text) is valid UTF-8 in NFC;
//  (4) every error names where it was found, in its message and in its
//      Location: file = the source name given to Open; for an error about a
//      cell field = "<sheet>!<cell>" ("Sheet1!B12"), line = the row number
//      and column = the column number (B = 2); for an error about a whole
//      part field = the part's path in the archive ("xl/sharedStrings.xml")
//      and line = column = 0 (XML positions are given as byte offsets in the
//      message, since Excel writes a sheet on one line).
//
// Thread safety: XlsxReader and XlsxGrid are immutable once made; their
// const functions may be called from several threads at once (ReadSheet
// inflates parts under a mutex of the reader, then parses in parallel).
// Copying a reader is cheap: the copies share the archive and its state.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis::exchange {

// Limits on untrusted input. Each is checked before the memory it guards is
// used. Peak memory, with the defaults in brackets:
//  - an open workbook holds the archive (max_archive_bytes [128 MiB]), the
//    shared strings (their text, at most max_part_bytes [64 MiB], plus 8
//    bytes per string) and 8 bytes per cell style;
//  - while a part is parsed (in Open and ReadSheet): its XML (max_part_bytes)
//    and the pugixml DOM (max_dom_bytes [384 MiB]);
//  - a sheet read: 64 bytes per cell (max_cells [1 Mi]) plus the cells' text
//    (max_text_bytes [64 MiB]) plus 16 bytes per merged range and per column
//    of every merged range (max_merged_ranges, max_merged_columns).
// So ReadSheet peaks below about 600 MiB with the defaults, and a workbook of
// a few MiB (every real Project 8 workbook) needs a few tens of MiB. A server
// may pass smaller limits.
struct XlsxLimits {
  // The .xlsx file itself, which is kept in memory while the workbook is open.
  size_t max_archive_bytes = size_t{128} << 20;
  // One decompressed part (workbook, relationships, styles, shared strings,
  // one sheet): checked against the zip directory before inflating and
  // against the bytes actually inflated (a part may not be longer than the
  // directory says), so a zip bomb is stopped before it expands.
  size_t max_part_bytes = size_t{64} << 20;
  // The sum of the uncompressed sizes of every part the reader reads (the
  // workbook, its relationships, styles, shared strings and every sheet),
  // checked at Open from the zip directory.
  size_t max_total_bytes = size_t{256} << 20;
  // pugixml's memory for one part's DOM, estimated before parsing from the
  // XML: 64 bytes per possible node (start tags and text runs) and 40 per
  // possible attribute ('=' signs), pugixml's sizes on 64-bit builds. The
  // estimate errs high (a typical cell estimates 250 to 320 bytes).
  size_t max_dom_bytes = size_t{384} << 20;
  // Nesting depth of elements in any part (a worksheet needs about 10).
  int max_xml_depth = 128;
  // Stored cells of one sheet (cells with a value, or a formula).
  size_t max_cells = size_t{1} << 20;
  // Bytes of text of one sheet's cells, summed over its cells (a shared
  // string used by many cells counts each time).
  size_t max_text_bytes = size_t{64} << 20;
  // Merged ranges of one sheet, and the sum of their widths in columns (the
  // lookup index holds one entry per column of every range).
  size_t max_merged_ranges = 65536;
  size_t max_merged_columns = size_t{1} << 20;
  // Entries of the zip archive (libzip keeps a few hundred bytes per entry;
  // every part lookup scans them) and sheets of the workbook. Together they
  // bound the time of reading every sheet of a hostile workbook.
  size_t max_zip_entries = 10000;
  size_t max_sheets = 4096;
};

// The size of an Excel sheet: rows 1..1048576, columns A..XFD (1..16384).
inline constexpr int kXlsxMaxRows = 1048576;
inline constexpr int kXlsxMaxColumns = 16384;

// A cell position, 1-based: "B12" is {row 12, col 2}. Ordered row-major.
struct XlsxCellRef {
  int row = 0;
  int col = 0;
  friend constexpr auto operator<=>(const XlsxCellRef&, const XlsxCellRef&) = default;
};

// A rectangle of cells with first <= last in both rows and columns.
struct XlsxRange {
  XlsxCellRef first;
  XlsxCellRef last;
  bool Contains(int row, int col) const {
    return row >= first.row && row <= last.row && col >= first.col && col <= last.col;
  }
  friend constexpr bool operator==(const XlsxRange&, const XlsxRange&) = default;
};

// "A", "Z", "AA", "XFD" for 1, 26, 27, 16384. A column outside 1..16384
// gives "C<n>" ("C0", "C16385"), so error messages never fail.
std::string XlsxColumnName(int col);
// "B12". A position outside the sheet gives "R<row>C<col>" ("R0C2").
std::string FormatXlsxCell(int row, int col);
std::string FormatXlsxCell(XlsxCellRef ref);
// "A1:C2"; a one-cell range gives "A1:A1".
std::string FormatXlsxRange(const XlsxRange& range);
// The Location.field of a cell: "<sheet>!<cell>" ("Chỉ tiêu!B12"). The sheet
// name is not quoted (split at the last '!' to separate the cell).
std::string XlsxCellField(std::string_view sheet, int row, int col);

// Parses "B12" (letters in either case, then the row number without leading
// zeros, no '$'). Errors (kInvalidInput) say what is wrong: not a cell
// reference, or outside the sheet ("XFE1": columns end at XFD).
Result<XlsxCellRef> ParseXlsxCell(std::string_view text);
// Parses "A1:C2", or one cell "B3" (a 1x1 range). Corners given in another
// order ("C2:A1", "A2:C1") are normalised so that first <= last.
Result<XlsxRange> ParseXlsxRange(std::string_view text);

// What a number format means to the reader.
struct XlsxNumberFormat {
  // Shows a calendar date (day, month or year), perhaps with a time: the
  // cell is a date. Time-only and elapsed-time ([h]) formats are not dates.
  bool date = false;
  // Minimum number of integer digits of a zero-padding format ("00000"
  // gives 5, "000" 3, "0" and "#,##0" 1, every other format 0).
  int zero_pad = 0;
};

// Classifies a format code ("dd/mm/yyyy", "00000", "#,##0.00",
// "[$-42A]d mmmm yyyy", "h:mm", "[h]:mm:ss"). Only the first section (before
// an unquoted ';') counts; quoted text, backslash escapes, '_x' and '*x'
// fills and bracketed parts ([Red], [$-42A]) are skipped; an 'm' after an
// 'h' or before an 's' is minutes, otherwise month; AM/PM and A/P are not
// letters of the format.
XlsxNumberFormat ClassifyXlsxNumberFormat(std::string_view code);
// The built-in format numFmtId (0..49) as a format code ("mm-dd-yy" for 14),
// or "General" for an id with no built-in format. Dates are ids 14-17 and
// 22; ids 18-21 and 45-47 are times of day or elapsed times.
std::string_view XlsxBuiltinNumberFormat(uint32_t id);

// The civil date of an Excel serial date number, its fraction (the time of
// day, rounded to the millisecond) dropped. The 1900 system counts 1 =
// 1900-01-01 and, like Excel, has a 29 February 1900 (serial 60), which is
// no date: it gives nullopt, and serials from 61 on are one more than their
// day count from 1899-12-31. The 1904 system counts 0 = 1904-01-01. Gives
// nullopt for NaN, infinities, and serials before the first day (1, or 0
// for 1904) or after 9999-12-31.
std::optional<Date> XlsxSerialToDate(double serial, bool date1904);
// The serial number of a date (the inverse of XlsxSerialToDate; days before
// the first day give serials below it).
double XlsxDateToSerial(Date date, bool date1904);

// One cell's value. A cell holding a formula has formula = true and the value
// Excel computed last (the cached <v>); the formula itself is not read.
struct XlsxValue {
  enum class Kind : uint8_t {
    kEmpty,    // no value (a cell outside the data, or a formula without a cached value)
    kString,   // shared, inline or formula string (may be "")
    kNumber,   // a number whose format is not a date format
    kBoolean,  // number is 1 or 0
    kError,    // "#DIV/0!", "#N/A", "#REF!" ... in text
    kDate,     // a number with a date format, or an ISO 8601 date cell (t="d")
  };
  Kind kind = Kind::kEmpty;
  bool formula = false;
  // What the user sees, for codes and names (see Text() in the docs):
  //  kString: the string as written (UTF-8 NFC, spaces kept);
  //  kNumber: integers without ".0" and zero-padded as the format says
  //           ("00004" for 4 with format "00000"), other numbers in the
  //           shortest form that reads back as the same double ("7588.63");
  //  kBoolean: "TRUE" or "FALSE"; kError: the error value ("#DIV/0!");
  //  kDate: the date as "YYYY-MM-DD" (a time of day is dropped);
  //  kEmpty: "".
  std::string text;
  // The raw number: kNumber, kDate (the serial, time of day included) and
  // kBoolean (1 or 0); 0 otherwise.
  double number = 0;
  // kDate only.
  std::optional<Date> date;

  bool empty() const { return kind == Kind::kEmpty; }
};

// A cell with its position, as XlsxGrid::cells() lists them.
struct XlsxGridCell {
  int row = 0;
  int col = 0;
  XlsxValue value;
};

class XlsxGridParser;

// One worksheet read whole. Cells are stored sparsely (sorted by row, then
// column); lookups are binary searches.
class XlsxGrid {
 public:
  const std::string& name() const { return name_; }
  // The source name of the workbook (Location.file of this sheet's errors).
  const std::string& source_name() const { return source_name_; }
  // The last row and column that hold a stored cell or belong to a merged
  // range (0 for an empty sheet). <dimension> is not trusted for these.
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  // The used range the sheet declares in <dimension>, when present and
  // well formed; informative only.
  const std::optional<XlsxRange>& dimension() const { return dimension_; }

  // The cell at (row, col); an empty cell for any position without a stored
  // cell, outside the sheet too. The reference lives as long as the sheet.
  const XlsxValue& At(int row, int col) const;
  // At(row, col).text.
  const std::string& Text(int row, int col) const { return At(row, col).text; }
  // Every stored cell, sorted by row then column.
  const std::vector<XlsxGridCell>& cells() const { return cells_; }
  // The stored cells of one row, sorted by column (empty for other rows).
  std::span<const XlsxGridCell> RowCells(int row) const;

  // The merged ranges in the order the sheet lists them. They never overlap.
  const std::vector<XlsxRange>& merged_ranges() const { return merged_; }
  // The merged range containing (row, col), or nullptr.
  const XlsxRange* MergedRangeAt(int row, int col) const;
  // The top-left cell of the merged range containing (row, col), or
  // (row, col) itself when it is not merged. Excel keeps a merged range's
  // value in its top-left cell only.
  XlsxCellRef MergedOrigin(int row, int col) const;
  // At(MergedOrigin(row, col)): what a merged multi-row header shows there.
  const XlsxValue& MergedAt(int row, int col) const;

  // The Location of a cell, for a caller's own errors about its value:
  // {source_name, row, col, "<sheet>!<cell>"}.
  Location Locate(int row, int col) const;

 private:
  friend class XlsxGridParser;
  // For the merged-range lookup: one entry per column of every range,
  // sorted by (col, first_row); the ranges of one column are disjoint.
  struct MergeColumn {
    int32_t col;
    int32_t first_row;
    int32_t last_row;
    uint32_t range;  // index in merged_
  };

  std::string source_name_;
  std::string name_;
  std::vector<XlsxGridCell> cells_;
  std::vector<XlsxRange> merged_;
  std::vector<MergeColumn> merge_index_;
  int rows_ = 0;
  int cols_ = 0;
  std::optional<XlsxRange> dimension_;
};

// A sheet as the workbook lists it.
struct XlsxSheetInfo {
  std::string name;     // UTF-8 NFC, unique in the workbook
  std::string part;     // its part in the archive: "xl/worksheets/sheet1.xml"
  bool hidden = false;  // state="hidden" or "veryHidden"
};

// An open workbook: the archive bytes, the sheet list, the shared strings
// and the cell formats. Sheets are read on demand.
class XlsxReader {
 public:
  // Reads the file at `path` into memory and opens it as OpenBuffer would,
  // with `path` as the source name. Errors: a missing file (kNotFound), an
  // unreadable one (kIoError), one over max_archive_bytes, and every error
  // of OpenBuffer.
  static Result<XlsxReader> Open(const std::string& path, const XlsxLimits& limits = {});
  // Opens the workbook in `bytes` (kept, not copied). `source_name` is the
  // Location.file of every error ("targets.xlsx"). Reads the zip directory,
  // the workbook part (found through _rels/.rels, else xl/workbook.xml), its
  // relationships, styles and shared strings; not the sheets. Errors
  // (kInvalidInput): not a zip archive, an old .xls or password-protected
  // file, no workbook part ("not an .xlsx file (no xl/workbook.xml)"), a
  // limit exceeded, a damaged or encrypted part, malformed XML, invalid
  // UTF-8, a sheet whose relationship is missing, two sheets of one name.
  // A zero limit is kUsage.
  static Result<XlsxReader> OpenBuffer(std::string bytes, std::string source_name,
                                       const XlsxLimits& limits = {});

  const std::string& source_name() const;
  // The sheets in workbook order (the order of the tabs), hidden ones too.
  const std::vector<XlsxSheetInfo>& sheets() const;
  const std::vector<std::string>& sheet_names() const;
  // The workbook counts dates from 1904 (workbookPr date1904).
  bool date1904() const;

  // Reads one sheet whole. `name` must equal the sheet's name after NFC.
  // Errors: no such sheet (kNotFound), its part missing, and every error
  // about a cell (kInvalidInput, located at the cell; see docs/formats/xlsx.md).
  Result<XlsxGrid> ReadSheet(std::string_view name) const;
  Result<XlsxGrid> ReadSheet(size_t index) const;

  struct State;  // defined in xlsx_reader.cc

 private:
  explicit XlsxReader(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// Opens `bytes` and reads every sheet and merged range, returning the first
// error: the whole of what an importer could make the reader do, for the
// fuzzer and for checking an upload before importing it.
Status XlsxReadAll(std::string bytes, std::string source_name, const XlsxLimits& limits = {});

}  // namespace gemis::exchange
