// Progress against targets (docs/analytics.md, "Progress"): for each target of
// a plan, the actual value the analytics engine aggregates over the target's
// window next to the stated figure, the percentage achieved, the share of the
// window elapsed at a date, and a status judged from them; rows follow the
// allocation tree (PlanBook::AllocationParent).
//
// Definitions:
//  - one row per non-withdrawn target group (PlanBook::TargetGroups: targets
//    with the same key are one figure restated, or a conflict);
//  - window = the target's completion window, else its period, else the
//    plan's period;
//  - actual = Engine::Aggregate of the measure (a data element with its
//    aggregation type, an indicator with its formula) for the target's unit
//    with its descendants over the window's days, on the hierarchy of the
//    plan's EffectiveDate() — the hierarchy the allocation was made on, so a
//    unit's actual and its target cover the same places. Limitation: values
//    of units created after that date are placed on that older hierarchy only
//    through lineage (Hierarchy::PlaceAt), which runs forward in time: they
//    are not counted;
//  - a target of an implementing level (≠ all) counts only the values of that
//    option of the built-in IMPLEMENTING_LEVEL category; a measure not
//    disaggregated by it (and a target allocated to an agency, or to the
//    centre or village level, which the category lacks) is not measurable;
//  - elapsed = (days of the window before `at`) / (days of the window),
//    so 1 July 2024 in the window 2024 is 182/366;
//  - percent = actual / target × 100 (none when the target is 0 or there is
//    no actual);
//  - a plan that states no numeric target (seed 004, Phong Thổ) still shows
//    what was done: one no_target row per measure of
//    ProgressOptions::result_measures with a non-zero actual, at the unit
//    asked for (else the plan's issuer) over the calendar years the plan's
//    period touches (records publish yearly figures), without a target,
//    percent or judgement.
// Pure apart from reading the engine; thread-safe (reads one pinned snapshot).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/engine.h"
#include "core/hierarchy.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/plan_book.h"

namespace gemis::analytics {

// In order of precedence, first match wins: suspended (a target of the group
// is suspended), conflict (the group states different values: no judgement),
// not_measurable (no actual can be computed: an agency target, a level the
// measure is not disaggregated by, a unit absent on the plan's date),
// achieved (at_least: actual ≥ target; exactly: actual = target; at_most:
// the window has ended and actual ≤ target), not_started (no actual, or an
// actual of 0 for at_least), on_track (at_least / exactly: actual / target ≥
// elapsed share; at_most: actual ≤ target), behind (anything else).
enum class ProgressStatus {
  kNotStarted,
  kBehind,
  kOnTrack,
  kAchieved,
  kSuspended,
  kNotMeasurable,
  kConflict,
  kNoTarget,  // a result of a plan without numeric targets: nothing to judge
};
// "not_started", "behind", "on_track", "achieved", "suspended",
// "not_measurable", "conflict", "no_target"
const char* ProgressStatusName(ProgressStatus status);

struct ProgressOptions {
  Date at;  // the date progress is judged at (the days before it have elapsed)
  // Only the targets of this unit or of units below it (on the plan's date).
  std::optional<OrgUnitId> under;
  Lang lang = Lang::kVi;  // of measure and unit names and notes
  // Only the targets of this appendix table ("" = those stated in the
  // running text); nullopt = all of the plan's targets.
  std::optional<std::string> table;
  // Data element codes shown as results when the plan states no numeric
  // target (the callers pass the elements records publish,
  // program::RecordMeasures).
  std::vector<std::string> result_measures;
};

struct ProgressRow {
  TargetKey key;
  std::vector<TargetId> target_ids;  // the group's targets, by id
  MeasureKind measure_kind = MeasureKind::kDataElement;
  std::string measure_code;
  std::string measure_name;
  std::string org_unit_code;  // as of the plan's date
  std::string org_unit_name;
  std::string agency_code;  // "" unless allocated to an agency
  ImplementingLevel level = ImplementingLevel::kAll;
  std::string window;  // DateSet text of the window used
  // Where the window came from: "window", "period" (the target's) or "plan".
  std::string window_source;
  // The stated value (canonical decimal); for a conflict the first stated
  // value, with every distinct value in `values`.
  std::string target;
  std::vector<std::string> values;
  std::string unit_label;
  TargetDirection direction = TargetDirection::kAtLeast;
  std::optional<double> actual;   // nullopt: no data (or not measurable)
  std::optional<double> percent;  // actual / target × 100
  double elapsed = 0;             // share of the window elapsed at `at`, 0..1
  ProgressStatus status = ProgressStatus::kNotStarted;
  std::string note;                 // why not measurable; a suspension's reason
  std::optional<TargetKey> parent;  // the allocation parent's key (nullopt: a root)
  int parent_row = -1;              // index of the parent's row in the report; -1: not shown
  int depth = 0;                    // number of ancestors shown above it
};

struct ProgressReport {
  std::string plan;  // number, else code
  std::string plan_code;
  std::string title;
  Date at;
  Date hierarchy_date;  // the plan's EffectiveDate()
  // Tree order: every row is followed by its allocation children (in the
  // plan's order), roots in the plan's order.
  std::vector<ProgressRow> rows;
};

// kNotFound when options.table names no table of the plan or options.under
// is not a unit. Errors of single aggregates do not fail the report: the row
// is not_measurable with the reason in `note`.
Result<ProgressReport> ComputeProgress(const Engine& engine, const PlanBook& book, const Plan& plan,
                                       const Hierarchy& hierarchy, const Metadata& metadata,
                                       const ProgressOptions& options);

}  // namespace gemis::analytics
