// Register sheets: the rows of a sheet (.xlsx) or CSV table read, through a
// column mapping (sheet_mapping.h), as the JSON objects of gemis's register
// files — models, activities, women cadres, safe births — or as training
// attendance lists (docs/formats/sheet-mapping.md, "Registers"). The
// program layer reads each object with the same reader as a register file
// (program/register_sheet.h), so a sheet is held to exactly the rules of a
// JSON file; what this layer adds is where each member came from, so an
// error names its cell.
//
// Invariants kept here:
//  (1) a mapped field's member is set from its cell's text (ResolvedSheetMapping
//      ::Text): whole numbers in plain or Vietnamese notation ("4.500.000 đ")
//      become JSON numbers, flags ("x", "có", "TRUE", "1" / "", "không",
//      "FALSE", "0") booleans, lists split at ';' or ','; any text that is
//      not what the member needs is passed on as it is, for the reader to
//      refuse at that cell;
//  (2) every member set from a cell records the cell (SheetRecord::cells),
//      even an empty one, so "code is required" names the code's cell;
//  (3) a cell holding a spreadsheet error (#N/A) is a conflict of its own,
//      never a value; a code on two rows is a conflict naming the second
//      (attendance rows are grouped by activity instead).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/import_summary.h"
#include "exchange/sheet_mapping.h"

namespace gemis::exchange {

// Error codes of register sheets (ImportConflict::error_code).
inline constexpr const char* kRecordInvalid = "E_RECORD_INVALID";      // the reader refused it
inline constexpr const char* kRecordDuplicate = "E_RECORD_DUPLICATE";  // a code on two rows
inline constexpr const char* kRecordUnknown = "E_RECORD_UNKNOWN";      // attendance: no such record

// One record of a sheet: its object, in the register file's shape, and the
// cells its members came from.
struct SheetRecord {
  std::string code;       // the object's "code" ("" when the row has none)
  std::vector<int> rows;  // the sheet rows it was read from (attendance: several)
  nlohmann::json object = nlohmann::json::object();
  // JSON pointer inside `object` ("/facts/2/value") → cell ("Mô hình!F7").
  std::vector<std::pair<std::string, std::string>> cells;

  // The cell of an error about `pointer` (relative to the object): the cell
  // of the longest recorded pointer equal to it or above it ("/facts/2" for
  // "/facts/2/value"); else the first cell of the record's first row.
  std::string CellOf(std::string_view pointer) const;

  // Set by ReadRecordSheet: the name of the first row's first cell.
  std::string first_cell;
};

struct RecordSheet {
  std::vector<SheetRecord> records;
  std::vector<ImportConflict> conflicts;  // error cells and repeated codes
};

// Reads every data row of `mapping` (readied for `kind`, one of kModels,
// kActivities, kCadres, kBirths, kAttendance). Usage errors (kUsage) when a
// field the kind cannot do without is not mapped: code (attendance:
// activity and cadre).
//
// Value columns make the list members: for models one fact per non-empty
// cell (attributes field, date; the date defaults to the row's factDate,
// then its established); for activities one participant count (sex,
// ethnicity, ageBand); for births one payment (package, day, people, days,
// voucher; the day defaults to the row's paymentDay, then its birthDate).
Result<RecordSheet> ReadRecordSheet(const ResolvedSheetMapping& mapping, SheetImportKind kind);

// A register sheet's integer text as a number: plain or Vietnamese digits
// ("4500000", "4.500.000"), optionally followed by "đ" or "đồng"; nullopt
// for anything else.
std::optional<int64_t> SheetInteger(std::string_view text);

// A flag cell: "x", "có", "yes", "true", "1" (any case) → true; "", "không",
// "no", "false", "0" → false; nullopt for anything else.
std::optional<bool> SheetFlag(std::string_view text);

}  // namespace gemis::exchange
