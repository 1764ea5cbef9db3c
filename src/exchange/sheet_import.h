// Imports from spreadsheets (.xlsx sheets or CSV tables) through a column
// mapping (sheet_mapping.h; docs/formats/sheet-mapping.md): data values,
// org units, designation lists (region-III communes, ĐBKK villages) and a
// plan's targets. Each kind goes through the same checks as its other
// importers — data values through ImportDataValues, org units through
// PlanOrgUnitImport, targets through the plan file's table reader — so a
// sheet is held to exactly the rules of a DHIS2 or plan file.
//
// Invariants kept here:
//  (1) atomic unless best_effort (data values, org units, designations): a
//      sheet with any conflict writes nothing; targets are always atomic;
//  (2) every conflict about a cell names it (ImportConflict::cell,
//      "Chỉ tiêu!D7"; line = the sheet row), with the reason;
//  (3) the texts read are those of ResolvedSheetMapping::Text: codes as
//      shown (leading zeros kept), dates as YYYY-MM-DD.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "core/uid.h"
#include "exchange/data_value_import.h"
#include "exchange/import_summary.h"
#include "exchange/org_unit_import.h"
#include "exchange/plan_import.h"
#include "exchange/sheet_mapping.h"
#include "store/store.h"

namespace gemis::exchange {

// Error codes of designation lists (ImportConflict::error_code).
inline constexpr const char* kDesignationUnit = "E_DESIG_UNIT";    // no unit has the code then
inline constexpr const char* kDesignationLevel = "E_DESIG_LEVEL";  // the list is for another level
inline constexpr const char* kDesignationDate = "E_DESIG_DATE";    // not a date
inline constexpr const char* kDesignationInvalid = "E_DESIG_INVALID";  // CheckDesignation failed
inline constexpr const char* kDesignationOverlap = "E_DESIG_OVERLAP";  // overlaps a stored interval
inline constexpr const char* kSheetCell = "E_SHEET_CELL";  // a cell holds an error (#N/A)

// A date cell's text as YYYY-MM-DD: ISO dates pass, dd/mm/yyyy and d/m/yyyy
// (what Vietnamese offices type) are converted; anything else is returned
// as it is, for the importer to reject.
std::string SheetDateText(const std::string& text);

// Data values: each data row gives one value (fields dataElement, value, …)
// or, with value columns, one value per non-empty value cell (the column's
// dataElement and option combos, the row's orgUnit and period). Under
// options.notation == kVietnamese, text cells are read in Vietnamese
// notation and number cells as the numbers they are. options.row_source
// is set here.
Result<ImportSummary> ImportDataValuesFromSheet(store::Store& store,
                                                const ResolvedSheetMapping& mapping,
                                                DataValueImportOptions options);

// The org units of a sheet as ImportOrgUnitFile takes them (fields code,
// name, level, parentCode, validFrom, validTo, unitType, nameEn, uid).
OrgUnitFile OrgUnitFileFromSheet(const ResolvedSheetMapping& mapping);
// Imports them; conflicts name their cells.
Result<ImportSummary> ImportOrgUnitsFromSheet(store::Store& store,
                                              const ResolvedSheetMapping& mapping,
                                              const OrgUnitImportOptions& options,
                                              RandomSource& random);

struct DesignationImportOptions {
  bool dry_run = false;
  bool best_effort = false;
  // The day a row without dates resolves its unit code on; nullopt: today
  // in Vietnam (UTC+7).
  std::optional<Date> today;
};

// Designation lists: fields kind (usually a constant), orgUnit (the unit's
// code on `from`, else on `to`, else today), from, to, legalBasis, note.
// A row equal to a stored designation is ignored, one with the same kind,
// unit and start updates it (its end, legal basis and note).
Result<ImportSummary> ImportDesignationsFromSheet(store::Store& store,
                                                  const ResolvedSheetMapping& mapping,
                                                  const DesignationImportOptions& options);

struct TargetSheetOptions {
  std::string plan;   // the stored plan's code (or number); else the mapping's "plan"
  std::string table;  // the table's name; else the mapping's "table", else the sheet's name
  bool dry_run = false;
  std::optional<Date> today;
};

// A plan's targets from an appendix-like table: each data row is a unit
// (orgUnit: its code on the plan's date; or unitName: its name, with or
// without its type, unique among the units inside the plan's issuing unit
// on the plan's date; plus agency for an agency's row), each value column a
// measure at a level, each non-empty cell a target, checked exactly as a
// plan file's `tables` entry (docs/formats/plans-json.md). The table
// replaces the plan's targets and place counts of the same table name; the
// rest of the plan is kept. count.imported = the targets and place counts
// written, count.deleted = those replaced.
Result<PlanImportResult> ImportTargetsFromSheet(store::Store& store,
                                                const ResolvedSheetMapping& mapping,
                                                const TargetSheetOptions& options);

}  // namespace gemis::exchange
