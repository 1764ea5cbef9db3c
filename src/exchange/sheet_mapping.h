// Column mappings: which column of a sheet (or CSV file) holds which field of
// the objects an import makes, given on the command line or in a small JSON
// file (`gemis-mapping/1`, docs/formats/sheet-mapping.md). A mapping is
// resolved against a SheetTable: header texts (merged multi-row headers
// included) become columns, and the data rows are walked with the mapped
// cells' texts at hand.
//
// Invariants kept here:
//  (1) every error about the mapping names the mapping file and the JSON
//      pointer of the offending member (or the command-line option), and
//      every error about the table names the cell ("Chỉ tiêu!B12");
//  (2) a field or value column names exactly one column: a header text that
//      matches no column, or several, is an error listing what it found;
//  (3) texts handed out are trimmed, UTF-8 NFC, numbers as Excel shows them
//      (codes keep their zeros) and dates as YYYY-MM-DD.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "exchange/sheet_table.h"

namespace gemis::exchange {

// What an import makes from each row (or value cell).
enum class SheetImportKind {
  kDataValues,
  kOrgUnits,
  kDesignations,
  kTargets,
  // Registers (sheet_records.h): one record per row.
  kModels,
  kActivities,
  kCadres,
  kBirths,
  kAttendance,  // one attendee of a training per row
};

// "datavalues", "orgunits", "designations", "targets", "models",
// "activities", "cadres", "births", "attendance"; kUsage otherwise.
Result<SheetImportKind> ParseSheetImportKind(std::string_view name);
const char* SheetImportKindName(SheetImportKind kind);

// Where one value comes from: a column (by letter or by header text), or a
// constant for every row.
struct ColumnSpec {
  std::string column;  // "B"; set when the column is given by its letter
  std::string header;  // header text, "Tổ truyền thông / Cấp tỉnh"; components split at '/'
  std::optional<std::string> constant;
  // A number shown with fewer digits is padded with zeros on the left to
  // this width (codes typed into General cells lose their leading zeros:
  // 4 with zeroPad 5 reads "00004"); 0 = none.
  int zero_pad = 0;
  // Where the spec was given (mapping file member or command-line option).
  std::string origin;
};

// A column each of whose cells is one object (a data value or a target),
// with the attributes every cell of it shares (its data element and option
// combos, or its measure and level).
struct ValueColumn {
  ColumnSpec column;
  std::map<std::string, std::string> attributes;
  std::string origin;
};

struct SheetMapping {
  std::optional<SheetImportKind> kind;
  std::string sheet;  // empty: the first visible sheet
  // Rows holding the column headers (merged cells spread over the columns
  // they span); empty: no header. Default: row 1.
  std::vector<int> header_rows{1};
  int first_row = 0;  // first data row; 0: the row after the last header row
  int last_row = 0;   // last data row; 0: the table's last row
  // Rows where this field is empty are skipped (subtotal rows, notes).
  std::string skip_rows_without;
  // Field name → where it comes from, in the order given.
  std::vector<std::pair<std::string, ColumnSpec>> fields;
  std::vector<ValueColumn> values;
  // Top-level settings of some kinds (targets: plan, table, section).
  std::map<std::string, std::string> settings;
};

// Parses a `gemis-mapping/1` JSON document named `source` in errors.
Result<SheetMapping> ParseSheetMapping(std::string_view json_text, const std::string& source);
// Reads and parses the file at `path` (kNotFound when it cannot be opened).
Result<SheetMapping> ReadSheetMappingFile(const std::string& path);

// Command-line additions; each replaces what the mapping says of the same
// field. `argument` is:
//  - AddColumnArgument: "FIELD=COLUMN" — COLUMN as in a mapping file's
//    string form ("B", "Mã xã", "header:TT", "column:B"), optionally
//    followed by "|zeroPad=5";
//  - AddConstantArgument: "FIELD=VALUE" — the same value on every row;
//  - AddValueColumnArgument: "COLUMN=PRIMARY;key=value;…" — a value column
//    whose primary attribute (dataElement, or measure for targets) is
//    PRIMARY.
Status AddColumnArgument(SheetMapping& mapping, std::string_view argument);
Status AddConstantArgument(SheetMapping& mapping, std::string_view argument);
Status AddValueColumnArgument(SheetMapping& mapping, std::string_view argument);

// Parses a list of header rows: "3", "3-4" (at most 21 rows), or "0" / ""
// for none.
Result<std::vector<int>> ParseHeaderRows(std::string_view text);

// Parses the string form of a column ("B" or "AB": a column letter, one or
// two capital letters; "column:XFD" any column; "header:TT" or any other
// text: a header).
ColumnSpec ParseColumnText(std::string_view text, std::string origin);

// The fields and value-column attributes a kind accepts, and the primary
// attribute of its value columns ("" when it has none).
const std::vector<std::string>& SheetFieldNames(SheetImportKind kind);
const std::vector<std::string>& SheetValueAttributeNames(SheetImportKind kind);
const char* SheetPrimaryAttribute(SheetImportKind kind);

// Readies `mapping` for `kind`: names the primary attribute of command-line
// value columns, and checks the field and attribute names, that value
// columns are only given where the kind has them, and the settings.
Status PrepareSheetMapping(SheetMapping& mapping, SheetImportKind kind);

// A mapping resolved against one table.
class ResolvedSheetMapping {
 public:
  // Resolves every column of `mapping` (readied with PrepareSheetMapping)
  // against `table` (which must outlive the result).
  static Result<ResolvedSheetMapping> Resolve(const SheetMapping& mapping, const SheetTable& table);

  struct Source {
    int column = 0;  // 0: constant
    std::string constant;
    int zero_pad = 0;
  };

  const SheetTable& table() const { return *table_; }
  const SheetMapping& mapping() const { return mapping_; }
  int first_row() const { return first_row_; }
  int last_row() const { return last_row_; }

  bool HasField(std::string_view field) const;
  // The column of a field (0 for a constant or an unmapped field).
  int FieldColumn(std::string_view field) const;
  // The value columns in mapping order: where each is, and its index in
  // mapping().values.
  const std::vector<std::pair<Source, size_t>>& value_columns() const { return values_; }

  // Whether `row` is a data row to read: not blank in every mapped column,
  // and not empty in skip_rows_without.
  bool IsDataRow(int row) const;
  // The text of `field` on `row` ("" when unmapped or empty): a constant as
  // given; a cell as the header comment says.
  std::string Text(int row, std::string_view field) const;
  std::string Text(int row, const Source& source) const;
  // The cell of a field's column, for errors ("" for a constant).
  std::string CellName(int row, std::string_view field) const;

  // The header text of a column ("Tổ truyền thông / Cấp tỉnh"; "" when none).
  std::string HeaderText(int column) const;

 private:
  ResolvedSheetMapping() = default;
  const Source* Find(std::string_view field) const;

  const SheetTable* table_ = nullptr;
  SheetMapping mapping_;
  std::vector<std::pair<std::string, Source>> fields_;
  std::vector<std::pair<Source, size_t>> values_;
  std::vector<std::vector<std::string>> headers_;  // per column (index col - 1): components
  int first_row_ = 1;
  int last_row_ = 0;
};

// Spaces, tabs, line breaks and no-break spaces at either end removed, and
// every inner run of them made one space (header cells often wrap).
std::string CollapseSpaces(std::string_view text);

// The text of a cell as a mapping reads it (see invariant (3)): strings
// trimmed, numbers as shown (padded to `zero_pad` digits), dates as
// YYYY-MM-DD, booleans TRUE/FALSE, errors as shown.
std::string SheetCellText(const SheetCell& cell, int zero_pad = 0);

}  // namespace gemis::exchange
