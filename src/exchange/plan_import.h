// Plan files (`gemis-plans/1`, docs/formats/plans-json.md): agencies,
// programme structure, spending norms and plans with everything they state.
//
// Invariants kept here:
//  (1) atomic: the whole file is read and checked first; anything is written
//      only when there is no error (and nothing on a dry run). A failure of
//      the store while writing is returned as a Status, so the caller's
//      Store::Write rolls back;
//  (2) every error names the file, the JSON pointer of the offending value as
//      the field (ImportConflict::property, e.g. "/plans/0/targets/3/value")
//      and the line where the value starts; a syntax error its line and
//      column. All errors of a file are reported, not only the first;
//  (3) text is stored valid UTF-8 in NFC;
//  (4) importing a plan whose code is stored replaces it and everything it
//      states (SavePlan, ClearPlanContents, then the new contents);
//  (5) every unit a target, table row, place count or area names is the
//      plan's issuing unit or inside it on the plan's EffectiveDate() (or,
//      for a unit-table unit that does not exist on that date, on the date
//      the table resolved it).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/hierarchy.h"
#include "exchange/import_summary.h"
#include "exchange/unit_table.h"
#include "store/store.h"

namespace gemis::exchange {

// Stable error codes of plan-file conflicts (ImportConflict::error_code).
inline constexpr const char* kPlanFormat =
    "E_PLAN_FORMAT";  // not JSON, duplicate key, wrong `format`
inline constexpr const char* kPlanUnknownKey = "E_PLAN_UNKNOWN_KEY";
inline constexpr const char* kPlanType = "E_PLAN_TYPE";            // a value of the wrong JSON type
inline constexpr const char* kPlanInvalid = "E_PLAN_INVALID";      // missing, empty or malformed
inline constexpr const char* kPlanEnum = "E_PLAN_ENUM";            // a name outside its list
inline constexpr const char* kPlanReference = "E_PLAN_REFERENCE";  // unknown code, measure or ref
inline constexpr const char* kPlanDuplicate = "E_PLAN_DUPLICATE";  // a code or key defined twice
inline constexpr const char* kPlanValue = "E_PLAN_VALUE";          // negative, fraction, above max
inline constexpr const char* kPlanOutside = "E_PLAN_OUTSIDE";      // unit outside the issuer's
inline constexpr const char* kPlanUnitTable = "E_PLAN_UNIT_TABLE";  // the unit table is unusable

// How many objects of each kind the file holds (and, on success without a
// dry run, were written). Targets and place counts include table cells.
struct PlanImportCounts {
  int64_t agencies = 0;
  int64_t program_nodes = 0;
  int64_t norms = 0;
  int64_t plans = 0;
  int64_t citations = 0;
  int64_t assignments = 0;
  int64_t targets = 0;
  int64_t budget_lines = 0;
  int64_t place_counts = 0;
  int64_t areas = 0;
  int64_t deadlines = 0;
  int64_t notes = 0;
};

struct PlanImportResult {
  // status SUCCESS or ERROR; count.imported = objects new to the database,
  // count.updated = agencies, programme nodes, norms and plans whose code was
  // stored, count.deleted = the old contents of replaced plans; on ERROR
  // (nothing written) imported = updated = deleted = 0 and ignored = every
  // object of the file.
  ImportSummary summary;
  PlanImportCounts counts;

  // summary.ToJson() plus "counts": {"agencies": …, "programmeNodes": …,
  // "norms", "plans", "citations", "assignments", "targets", "budgetLines",
  // "placeCounts", "areas", "deadlines", "notes"}.
  nlohmann::json ToJson() const;
};

struct PlanImportOptions {
  // Resolves `unit` references; nullptr: a `unit` reference is an error.
  const UnitTable* units = nullptr;
  bool dry_run = false;  // check everything, write nothing
  // The default `asOf` of agencies; nullopt: today in Vietnam (UTC+7).
  std::optional<Date> today;
  // The hierarchy of the transaction, when the caller has it already
  // (nullptr: loaded from the transaction).
  const Hierarchy* hierarchy = nullptr;
};

// Reads the plan file `text` (named `source_name` in messages) and, unless
// it has an error or options.dry_run, writes it through `txn`. Errors about
// the content are conflicts in the result; a non-OK Status only when the
// store fails (the caller must then let its Store::Write roll back).
Result<PlanImportResult> ImportPlanJson(store::WriteTransaction& txn, std::string_view text,
                                        const std::string& source_name,
                                        const PlanImportOptions& options);
// As ImportPlanJson, reading the file at `path` (kNotFound when it cannot be
// opened).
Result<PlanImportResult> ImportPlanFile(store::WriteTransaction& txn, const std::string& path,
                                        const PlanImportOptions& options);

// One Store::Write: loads the hierarchy, the unit table at `units_path` (none
// when empty; an unusable table is one E_PLAN_UNIT_TABLE conflict), imports
// the file at `path`, and commits only when the import succeeded and this is
// not a dry run.
Result<PlanImportResult> ImportPlanFileIntoStore(store::Store& store, const std::string& path,
                                                 const std::string& units_path, bool dry_run,
                                                 std::optional<Date> today = std::nullopt);

}  // namespace gemis::exchange
