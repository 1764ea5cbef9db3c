// Figures from records: how the models of a unit become the data values that
// progress tables and appendix tables read (docs/program.md, "Figures from
// records").
//
// A FigureRule says which models one data element counts (their kind, their
// status in the period, optionally a fact that must be positive) and what it
// counts (the models, or the sum of one of their facts), disaggregated by
// nothing, by implementing level or by model status. ComputeFigures applies
// the rules to the models over periods and returns one cell per (rule, unit,
// period, option) with the ids of the models behind it, so a figure can be
// drilled back to its records.
//
// Rules:
//  (1) A model counts whole at one unit: its own unit when that exists on the
//      period's last day, else where the hierarchy placed it (Hierarchy::
//      PlaceAt; of several successors, the one with the largest share, the
//      lowest id on a tie). A model that cannot be placed is reported.
//  (2) Only models active at the period's end count (new, consolidated,
//      maintained); a model dissolved during the period counts in none.
//  (3) A cell is produced when its value is positive, and, for rules without
//      a disaggregation, also as 0 where the unit has a model of the kind
//      existing in the period (a unit that keeps records reports its zeros).
// Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/period.h"
#include "core/period_type.h"
#include "records/model.h"

namespace gemis::records {

enum class FigureBy { kNone, kImplementingLevel, kModelStatus };
// "none", "implementing_level", "model_status".
const char* FigureByName(FigureBy by);
Result<FigureBy> ParseFigureBy(std::string_view text);

struct FigureRule {
  int64_t id = 0;            // set by the store
  std::string data_element;  // the code of the element the figure is published as
  ModelKind kind = ModelKind::kCommunicationTeam;
  // Models active at the period's end with one of these statuses (not
  // kInactive); ascending, no repeats, not empty.
  std::vector<ModelStatus> statuses = {ModelStatus::kNew, ModelStatus::kConsolidated,
                                       ModelStatus::kMaintained};
  // And whose value of this fact (a count, amount, flag or set of the kind)
  // is positive on the period's last day — or, with where_in_period, was
  // stated positive on a day of the period (a flow such as equipment
  // received, for elements summed over periods).
  std::optional<FactField> where;
  bool where_in_period = false;
  // What is counted: the sum of these facts (counts or amounts of the kind,
  // each at most once) on the period's last day; empty: the number of models.
  std::vector<FactField> sum;
  FigureBy by = FigureBy::kNone;
  PeriodType period_type = PeriodType::kYearly;
  std::string note;
};

// The rule's shape: a data element code (CheckCode), statuses as above,
// `where` and `sum` facts of the kind with a numeric type (sum: counts or
// amounts, no repeats), where_in_period only with `where`, a period type that
// is not multi-year. Errors name the field.
Status CheckFigureRule(const FigureRule& rule);

// The option code of a cell's disaggregation: "PROVINCE", "DISTRICT",
// "COMMUNE" (IMPLEMENTING_LEVEL) or "NEW", "CONSOLIDATED", "MAINTAINED"
// (MODEL_STATUS); "" for FigureBy::kNone. nullopt when the model's level has
// no option (centre, village, all).
std::optional<std::string> FigureOption(FigureBy by, const Model& m, ModelStatus status);

struct FigureCell {
  size_t rule = 0;  // index into the rules
  OrgUnitId org_unit = 0;
  Period period;       // (no default: cells are built whole)
  std::string option;  // FigureOption, "" without disaggregation
  int64_t value = 0;
  std::vector<ModelId> models;  // behind the value, ascending
};

struct FigureProblem {
  ModelId model = 0;  // the model (or, for activity figures, the activity)
  size_t rule = 0;
  Period period;
  std::string message;  // "cannot be placed on 2025-12-31", "level 'village' has no option"
};

struct Figures {
  std::vector<FigureCell> cells;  // ordered by rule, period, unit, option
  std::vector<FigureProblem> problems;
  // Confidential cases left out of every cell: fewer than 5 even at the top
  // of the hierarchy (records/register_figures.h, rule 3).
  int64_t suppressed = 0;
};

// The cells of `rules` over `models` for each period of `periods` whose type
// is the rule's period type. Models of other kinds are ignored per rule.
Figures ComputeFigures(const std::vector<FigureRule>& rules, const std::vector<Model>& models,
                       const Hierarchy& hierarchy, const std::vector<Period>& periods);

// The unit a model counts at on `day` (rule 1); nullopt when it cannot be
// placed.
std::optional<OrgUnitId> CountingUnit(const Hierarchy& hierarchy, OrgUnitId unit, Date day);

}  // namespace gemis::records
