// One table of cells, read whole from an Excel sheet or a CSV file, for the
// imports that take a column mapping (sheet_mapping.h, sheet_import.h): the
// same positions, texts and error locations whatever the file type.
//
// Rows and columns are 1-based as in Excel. A CSV file's record k (the
// first record, usually the header, is k = 1) is row k; its field j is
// column j (A = 1). A cell's name is Excel's ("B12"); the Location of a cell
// is {file, line, column, field}: for a sheet, line = row, column = column
// and field = "<sheet>!<cell>"; for CSV, line = the physical line where the
// record starts, column = the byte column where the field starts and field =
// "<cell>" (so a CSV error names the line an editor shows).
//
// Memory: a sheet as XlsxReader::ReadSheet holds it (bounded by
// XlsxLimits); a CSV file as its text plus 24 bytes a field, at most
// kMaxCsvBytes of input and kMaxCsvCells fields (~200 MiB). Spreadsheets sent between offices are a
// few MiB; DHIS2 data value files of any size go through the streaming importer.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "exchange/csv_reader.h"
#include "exchange/legacy_encoding.h"
#include "exchange/xlsx_reader.h"

namespace gemis::exchange {

// A cell as a mapping reads it.
struct SheetCell {
  // For CSV every non-empty field is a kString.
  XlsxValue::Kind kind = XlsxValue::Kind::kEmpty;
  // XlsxValue::text for sheets; the field for CSV (UTF-8 NFC).
  std::string_view text;
  // kNumber, kDate, kBoolean: the number.
  double number = 0;
  // kDate only.
  std::optional<Date> date;

  bool empty() const { return kind == XlsxValue::Kind::kEmpty; }
};

// Which file holds the table. kAuto: .xlsx → kXlsx, anything else → kCsv.
enum class SheetFileType { kAuto, kXlsx, kCsv };

// "xlsx", "csv" (any case); kUsage otherwise.
Result<SheetFileType> ParseSheetFileType(std::string_view name);

struct SheetOpenOptions {
  SheetFileType type = SheetFileType::kAuto;
  // The sheet of a workbook by name (after NFC); empty: the first visible
  // sheet. Must be empty for CSV.
  std::string sheet;
  // CSV only: the text encoding (legacy encodings are decoded to UTF-8 NFC;
  // a byte that is not text in the encoding is an error naming its line and
  // column) and the delimiter (0: detected, docs/formats/csv.md).
  TextEncoding encoding = TextEncoding::kUtf8;
  char delimiter = 0;
  XlsxLimits limits;
};

class SheetTable {
 public:
  // CSV input above this size is refused (kInvalidInput): use the streaming
  // DHIS2 formats for large files.
  static constexpr size_t kMaxCsvBytes = size_t{256} << 20;
  // And so is a file of more fields than this, counted to each record's
  // last non-empty field (a field takes 24 bytes besides its text).
  static constexpr size_t kMaxCsvCells = size_t{8} << 20;

  // Opens the file at `path` (kNotFound when it does not exist) as
  // options.type says.
  static Result<SheetTable> Open(const std::string& path, const SheetOpenOptions& options = {});
  // A sheet of an open workbook (options.sheet chooses it; options.type,
  // encoding and delimiter are ignored).
  static Result<SheetTable> FromWorkbook(const XlsxReader& workbook,
                                         const SheetOpenOptions& options = {});
  // CSV text (already read; decoded as options.encoding says), named
  // `source` in locations. Every record may have any number of fields.
  static Result<SheetTable> FromCsv(std::string_view bytes, const std::string& source,
                                    const SheetOpenOptions& options = {});

  // "Chỉ tiêu" for a sheet, the file name for CSV.
  const std::string& name() const { return name_; }
  // The file (Location.file of every error).
  const std::string& source() const { return source_; }
  bool is_csv() const { return !grid_.has_value(); }

  // The last row and column holding a cell (0 when empty).
  int rows() const { return rows_; }
  int cols() const { return cols_; }

  // The cell at (row, col); an empty cell anywhere outside the data.
  SheetCell At(int row, int col) const;
  // The cell a merged range shows at (row, col): its top-left cell's (a
  // merged header spans the columns below it). At() for CSV.
  SheetCell MergedAt(int row, int col) const;
  // True when (row, col) lies in a merged range but is not its top-left cell.
  bool IsMergedTail(int row, int col) const;

  // "Chỉ tiêu!B12" for a sheet, "B12" for CSV.
  std::string CellName(int row, int col) const;
  // Where the cell is, as the header comment says.
  Location Locate(int row, int col) const;

 private:
  SheetTable() = default;

  struct CsvRow {
    int line = 0;
    std::vector<std::pair<size_t, size_t>> fields;  // offset, length in text_
    std::vector<int> columns;                       // byte column of each field
  };

  std::string source_;
  std::string name_;
  int rows_ = 0;
  int cols_ = 0;
  std::optional<XlsxGrid> grid_;
  std::string text_;  // CSV: every field's text, one after the other
  std::vector<CsvRow> csv_rows_;
};

}  // namespace gemis::exchange
