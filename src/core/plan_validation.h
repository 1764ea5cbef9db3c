// Validation of plans: every rule of docs/validation.md, run over a PlanBook
// with the hierarchy and metadata it refers to. Findings are reported, never
// fixed. Pure: no I/O; never fails (a figure that cannot be checked, such as
// a sum beyond int64, is itself reported). Withdrawn targets take no part.
#pragma once

#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/plan_book.h"

namespace gemis {

enum class Severity { kError, kWarning };
const char* SeverityName(Severity s);  // "error", "warning"

// Rule identifiers (stable; they appear in JSON output and docs).
namespace rules {
inline constexpr const char* kAllocationSum = "allocation_sum";          // children =/≤ parent
inline constexpr const char* kWindowOutsidePlan = "window_outside_plan";  // window/period ⊄ plan period
inline constexpr const char* kBudgetParts = "budget_parts";              // parts ≠ stated total
inline constexpr const char* kBudgetAvailable = "budget_available";      // carried + allocated ≠ available
inline constexpr const char* kConflictingTarget = "conflicting_target";  // one key, two values
inline constexpr const char* kUnitNotAtPlanDate = "unit_not_at_plan_date";
inline constexpr const char* kAgencyNotAtPlanDate = "agency_not_at_plan_date";
inline constexpr const char* kSpendingOverNorm = "spending_over_norm";
inline constexpr const char* kPlaceCountSum = "place_count_sum";  // unit counts ≠ stated total
inline constexpr const char* kSourceDefect = "source_defect";     // a SourceNote
inline constexpr const char* kValueOutOfRange = "value_out_of_range";  // < 0 or > measure max
}  // namespace rules

// One problem found. Fields a rule has nothing for are empty; docs/validation.md
// gives each rule's use of them.
struct Finding {
  std::string rule;  // a rules:: id
  Severity severity = Severity::kError;
  std::string plan;      // plan number, else its code
  // "04 Tỉnh Cao Bằng": code and full name at the plan's date (the nearest
  // version when the unit did not exist then; "#<id>" for an unknown unit).
  std::string org_unit;
  // Measure code; budget line key; place-count kind; agency code
  // (agency_not_at_plan_date); programme node (assignment windows); note kind.
  std::string measure;
  std::string period;  // DateSet text (a target's period defaults to the plan's)
  // Machine-readable, not localised: decimals as Decimal::ToString ("15",
  // "33.5"), amounts as plain đồng ("22991000000"), dates ISO ("2024-03-20"),
  // date ranges "from..to" with open ends empty. `found` is empty when the
  // sum overflowed.
  std::string expected;
  std::string found;
  std::string message;  // in the requested language, numbers in its notation
  SourceRef source;     // where the checked figure was stated
};

struct ValidationOptions {
  Lang lang = Lang::kVi;
  PlanId only_plan = 0;  // 0: every plan
};

// Runs every rule over every plan (or options.only_plan). Findings are
// sorted by plan (its number or code, then id), then by rule id, org unit
// and measure as strings; ties keep the order the rule found them in.
std::vector<Finding> ValidatePlans(const PlanBook& book, const Hierarchy& hierarchy,
                                   const Metadata& metadata, const ValidationOptions& options);

}  // namespace gemis
