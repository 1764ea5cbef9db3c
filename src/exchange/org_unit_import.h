// Org units from plain CSV or JSON files (docs/formats/orgunits-csv-json.md):
// villages under existing communes, or another country's hierarchy. Every row
// creates one unit, valid from its valid_from date and still in force; a row
// that describes a unit already present on that date is ignored, so importing
// the same file twice changes nothing. Import never updates, moves or closes a
// unit (those are dated events: gemis orgunit …).
//
// Invariants kept here:
//  (1) without best_effort, a file with any conflict writes nothing; with it,
//      exactly the rows without a conflict are written, in one transaction;
//  (2) every conflict names the row (0-based index and 1-based file line), the
//      field (as in the JSON format: "parentCode", "validFrom", …, or "file"
//      when the file as a whole cannot be read) and one of the error codes
//      below; a malformed file is one conflict and nothing is written;
//  (3) names and every other text field are stored valid UTF-8 in NFC;
//  (4) the units written satisfy Hierarchy::Build (HierarchyEditor::Finish
//      re-validates the whole result before anything is written).
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/status.h"
#include "core/uid.h"
#include "exchange/import_summary.h"
#include "store/store.h"

namespace gemis::exchange {

// Stable error codes of org-unit conflicts (ImportConflict::error_code).
inline constexpr const char* kOuFormat = "E_FORMAT";   // unreadable file, wrong JSON type
inline constexpr const char* kOuCode = "E_OU_CODE";    // code empty or malformed
inline constexpr const char* kOuName = "E_OU_NAME";    // name empty or malformed
inline constexpr const char* kOuLevel = "E_OU_LEVEL";  // unknown level, not below parent
inline constexpr const char* kOuDate = "E_OU_DATE";    // valid_from not a date, valid_to given
inline constexpr const char* kOuUid = "E_OU_UID";      // invalid or already used uid
inline constexpr const char* kOuParentNotFound = "E_OU_PARENT_NOT_FOUND";
inline constexpr const char* kOuCodeTaken = "E_OU_CODE_TAKEN";  // code carried by another unit
inline constexpr const char* kOuCycle = "E_OU_CYCLE";           // rows naming each other as parents
inline constexpr const char* kOuHierarchy = "E_OU_HIERARCHY";   // whole-hierarchy check failed

enum class OrgUnitFileFormat { kCsv, kJson };

// The format named by a file's extension: .csv, .txt, .tsv → CSV; .json →
// JSON (case-insensitive). kUsage for anything else.
Result<OrgUnitFileFormat> OrgUnitFormatFromPath(std::string_view path);
// "csv" or "json" (kUsage otherwise).
Result<OrgUnitFileFormat> ParseOrgUnitFormat(std::string_view name);

// One data row as read: every field trimmed of surrounding spaces and tabs
// and in NFC, none checked yet (an empty string is an absent value).
struct OrgUnitRow {
  int64_t index = 0;  // 0-based among the data rows
  int64_t line = 0;   // 1-based line where the row starts (0 when unknown)
  std::string code, name, level, parent_code, valid_from, valid_to, unit_type, name_en, uid;
  // Set when the reader could not take the row apart (a JSON value of the
  // wrong type); the row then yields this conflict and nothing else.
  std::optional<ImportConflict> problem;
};

struct OrgUnitFile {
  std::vector<OrgUnitRow> rows;
  // Set when the file as a whole cannot be read: malformed CSV or JSON,
  // invalid UTF-8, a required column missing. `rows` is then empty.
  std::optional<ImportConflict> malformed;
};

// Reads every row of `in`. `source_name` names the file in messages. Only a
// failing stream is an error (kIoError); bad content is reported in the file.
Result<OrgUnitFile> ReadOrgUnitFile(std::istream& in, const std::string& source_name,
                                    OrgUnitFileFormat format);

struct OrgUnitImportOptions {
  bool best_effort = false;  // write the good rows even when some have conflicts
  bool dry_run = false;      // check everything, write nothing
  std::string source_name;   // the file, for event notes
};

// What an import would do. `units` and `events` are what to write: empty
// when the import is rejected (or has nothing new).
struct OrgUnitImportPlan {
  ImportSummary summary;
  std::vector<OrgUnit> units;        // new units, parents before children
  std::vector<OrgUnitEvent> events;  // their create events (units with a known valid_from)
};

// Checks `file` against `base` row by row, in file order (a parent may be a
// unit of the base valid on the row's valid_from, or an earlier row). Counts:
// imported = rows that create a unit; ignored = rows describing a unit already
// present plus, when nothing is written because of conflicts, every other
// row (best-effort: the rows with a conflict). `random` makes uids for rows
// without one. summary.dry_run is left false (the caller knows).
OrgUnitImportPlan PlanOrgUnitImport(const Hierarchy& base, const OrgUnitFile& file,
                                    const OrgUnitImportOptions& options, RandomSource& random);

// Reads `in`, plans against the hierarchy in `store` and, unless the plan is
// rejected or options.dry_run, writes the new units and their create events in
// one Store::Write (the hierarchy is read inside that same transaction, so a
// concurrent writer cannot slip in between). Errors: kIoError from the stream
// or the store; everything about the content is in the summary.
Result<ImportSummary> ImportOrgUnits(store::Store& store, std::istream& in,
                                     OrgUnitFileFormat format, const OrgUnitImportOptions& options,
                                     RandomSource& random);

// As ImportOrgUnits, for rows read already (a spreadsheet through a column
// mapping, sheet_import.h).
Result<ImportSummary> ImportOrgUnitFile(store::Store& store, const OrgUnitFile& file,
                                        const OrgUnitImportOptions& options, RandomSource& random);

}  // namespace gemis::exchange
