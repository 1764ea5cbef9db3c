// What the store keeps of the records behind Project 8's figures (migrations
// 12 to 16): which models, activities, cadres, safe births, cases and case
// assignments a load returns, and the data value keys whose value is
// published from records. The models, activities, cadres, births, cases and
// rules themselves are the pure types of records/model.h,
// records/figures.h, records/activity.h, records/activity_figures.h,
// records/cadre.h, records/safe_birth.h, records/case.h and
// records/register_figures.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/data_value.h"
#include "core/date.h"
#include "core/org_unit.h"
#include "records/activity.h"
#include "records/activity_figures.h"
#include "records/cadre.h"
#include "records/case.h"
#include "records/figures.h"
#include "records/model.h"
#include "records/register_figures.h"
#include "records/safe_birth.h"

namespace gemis::store {

// Which models LoadModels returns; an empty list means "any".
struct ModelFilter {
  std::optional<records::ModelKind> kind;
  std::vector<OrgUnitId> org_units;  // the models' own units (not their subtrees)
  std::vector<records::ModelId> ids;
};

// Which activities LoadActivities returns; an empty list or nullopt means
// "any".
struct ActivityFilter {
  std::optional<records::ActivityKind> kind;
  std::vector<OrgUnitId> org_units;  // the activities' own units (not their subtrees)
  std::vector<records::ActivityId> ids;
  std::optional<Date> from, to;  // the start day within [from, to], both inclusive
};

// Which cadres LoadCadres returns; an empty list means "any".
struct CadreFilter {
  std::vector<OrgUnitId> org_units;  // the cadres' own units (not their subtrees)
  std::vector<records::CadreId> ids;
};

// Which safe births LoadSafeBirths returns; an empty list or nullopt means
// "any".
struct SafeBirthFilter {
  std::vector<OrgUnitId> communes;  // where the mothers live (not the communes' subtrees)
  std::vector<records::BirthId> ids;
  std::optional<Date> from, to;  // the birth's day within [from, to], both inclusive
};

// Which cases LoadCases returns; an empty list or nullopt means "any".
struct CaseFilter {
  std::vector<records::ModelId> addresses;  // the holding addresses
  std::vector<OrgUnitId> org_units;         // the cases' own units (not subtrees)
  std::vector<records::CaseId> ids;
  std::optional<records::CaseKind> kind;
};

// Which assignments LoadCaseAssignments returns; nullopt: any.
struct CaseAssignmentFilter {
  std::optional<records::ModelId> address;
  std::optional<int64_t> user_id;
};

// A data value key whose value is published from records (a "claim"): the
// rule that computed it, the value, and the records behind it, so the figure
// can be drilled back to them. One per key; saving again replaces it.
// Exactly one of `rule`, `activity_rule` and `register_rule` is set
// (non-zero): with `rule` (a records::FigureRule) `models` holds model ids;
// with `activity_rule` (a records::ActivityFigureRule) it holds activity
// ids, as FigureCell::models of ComputeActivityFigures does; with
// `register_rule` (a records::RegisterFigureRule) it holds the ids of the
// rule's register: cadre ids for the women cadres register, as
// FigureCell::models of ComputeCadreFigures does, birth ids for the
// safe-birth register, as ComputeSafeBirthFigures does, case ids for the
// cases register, as ComputeCaseFigures does.
struct FigureClaim {
  DataValueKey key;
  int64_t rule = 0;  // figure_rule id; 0 when the claim is another rule's
  std::string value;
  std::vector<records::ModelId> models;  // as given (ComputeFigures: ascending)
  // activity_figure_rule id; 0 when the claim is another rule's. After the
  // members above, so that {key, rule, value, models} still makes a model
  // rule's claim.
  int64_t activity_rule = 0;
  // register_figure_rule id; 0 when the claim is another rule's. Last, for
  // the same reason.
  int64_t register_rule = 0;
};

}  // namespace gemis::store
