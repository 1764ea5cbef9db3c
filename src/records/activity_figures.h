// Figures from activities (docs/program.md, "Figures from records"): the
// counterpart of records/figures.h for activities. An ActivityFigureRule
// says which activities one data element counts (their kind, training
// programme, dialogue level, whether they are about preventing domestic
// violence) and what it counts (the activities, or their participants, their
// women, men, ethnic minorities or ethnic-minority women), split by nothing
// or by the level that organised them.
//
// Rules:
//  (1) An activity counts in the period that contains its first day (a class
//      held over two months counts once), at its own unit when that exists
//      on that day, else where the hierarchy placed it (CountingUnit).
//  (2) Activities are flows: their figures suit elements summed over periods
//      (SUM); a cell is produced only when positive.
// Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/period.h"
#include "records/activity.h"
#include "records/figures.h"

namespace gemis::records {

enum class ActivityMeasure {
  kCount,                // the activities
  kParticipants,         // all participants
  kWomen,                // female participants
  kMen,                  // male participants
  kEthnicMinority,       // participants of an ethnic minority
  kEthnicMinorityWomen,  // female participants of an ethnic minority
};
// "count", "participants", "women", "men", "ethnic_minority",
// "ethnic_minority_women".
const char* ActivityMeasureName(ActivityMeasure m);
Result<ActivityMeasure> ParseActivityMeasure(std::string_view text);

struct ActivityFigureRule {
  int64_t id = 0;
  std::string data_element;
  ActivityKind kind = ActivityKind::kCommunication;
  std::optional<TrainingProgramme> programme;   // trainings of this programme only
  std::optional<DialogueLevel> dialogue_level;  // dialogues at this level only
  bool dv_prevention_only = false;  // activities about preventing domestic violence only
  ActivityMeasure measure = ActivityMeasure::kCount;
  FigureBy by = FigureBy::kNone;  // kNone or kImplementingLevel
  PeriodType period_type = PeriodType::kYearly;
  std::string note;
};

// The rule's shape: an element code, a programme only for trainings, a
// dialogue level only for dialogues (and not kNone), `by` none or
// implementing_level, a period type that is not multi-year. Errors name the
// field.
Status CheckActivityFigureRule(const ActivityFigureRule& rule);

// The value `a` adds under `measure`.
int64_t MeasureOf(const Activity& a, ActivityMeasure measure);

// The cells of `rules` over `activities` for each period of `periods` whose
// type is the rule's. FigureCell::models holds the activities' ids here.
Figures ComputeActivityFigures(const std::vector<ActivityFigureRule>& rules,
                               const std::vector<Activity>& activities, const Hierarchy& hierarchy,
                               const std::vector<Period>& periods);

}  // namespace gemis::records
