// What the planning commands (validate, report, plan, demo) read: the plan
// book with the hierarchy and metadata it refers to, from one snapshot.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/plan_book.h"
#include "core/plan_validation.h"
#include "store/store.h"
#include "views/plan_json.h"

namespace gemis::cli {

struct PlanData {
  Hierarchy hierarchy;
  Metadata metadata;
  PlanBook book;
};

// Loads everything in one read transaction.
Result<PlanData> LoadPlanData(store::Store& store);

// The plan named by --plan: its internal code or its number ("288/KH-BCĐ").
// kNotFound (with the known plans listed) or kInvalidInput when the number is
// shared by several plans (then the code must be used).
Result<const Plan*> ResolvePlan(const PlanBook& book, const std::string& code_or_number);

// The unit named by a --unit option of the record commands: a uid, a code
// valid today, or (a district abolished on 1/7/2025) the first unit that
// ever had the code. kNotFound naming `option` otherwise.
Result<OrgUnitId> ResolveRecordUnit(const Hierarchy& h, const std::string& text, Date today,
                                    const char* option);

// Whether a record kept at `unit` from `since` belongs under `under`: the
// unit or one below it on `since`, or where the hierarchy places the unit
// today (a merged commune's records count at its successor).
bool RecordUnder(const Hierarchy& h, OrgUnitId unit, Date since, OrgUnitId under, Date today);

using views::FindingJson;

// Prints findings for a person: one block per finding, then the counts.
void PrintFindings(const std::vector<Finding>& findings, Lang lang, std::ostream& out);

}  // namespace gemis::cli
