// Reporting rates as analytics items (docs/analytics.md, "Reporting
// rates"): DHIS2's "<data set>.REPORTING_RATE" and its siblings for the
// report types of docs/reporting.md, counted as the reporting screens count
// them (core/completeness.h), so that "KT-BC-NAM.REPORTING_RATE" is a dx
// item of Query and Aggregate and R{KT-BC-NAM.REPORTING_RATE} a term of an
// indicator expression.
//
//  - org units: a cell of unit X counts the reports expected of X and of the
//    units below X on each report's reference day (Completeness::rolled_up),
//    not the values' placement of invariant (4): a report is expected of
//    the units in force on its reference day, and a unit merged away before
//    it is not expected at all;
//  - periods: a cell of period P counts the reports of the type's periods
//    lying inside P (invariant 5's rule: a year holds a six-month type's two
//    semesters; a period shorter than the type's has none), summed;
//  - the clock: none of the five metrics depends on it (a report not
//    received is expected whether pending or missing), so a snapshot's
//    counts hold at any time; they change only with the submissions;
//  - the state: read in the snapshot's transaction and replaced whole when
//    the store's reporting generation moves (Engine::CatchUp), so a query
//    sees the submissions of one committed state (invariant 2).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/completeness.h"
#include "core/messages.h"
#include "core/report_type.h"
#include "core/submission.h"
#include "core/work_calendar.h"
#include "store/store.h"

namespace gemis::analytics {

struct Snapshot;

// The reporting records of one reporting generation (and one structure):
// immutable but for the cache of counts, which is thread-safe.
struct ReportingState {
  int64_t generation = 0;
  std::vector<ReportType> types;
  WorkCalendar calendar;
  std::vector<store::ReportRequest> requests;
  // By (type, period id), then by unit; their transitions dropped.
  std::map<std::pair<ReportTypeId, std::string>, std::map<OrgUnitId, Submission>> submissions;

  const ReportType* FindType(std::string_view code) const;

  // Per unit, the reports of `period` (of the type's period type) expected
  // of it and of the units below it, with how many were received and on
  // time (Completeness::rolled_up on `hierarchy`, which must be the
  // structure's this state was read with). Empty when a requested type was
  // not requested for `period`. Computed on first use, then cached.
  Result<std::shared_ptr<const std::map<OrgUnitId, CompletenessCount>>> CountsOf(
      const ReportType& type, const Period& period, const Hierarchy& hierarchy) const;

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::pair<ReportTypeId, std::string>,
                   std::shared_ptr<const std::map<OrgUnitId, CompletenessCount>>>
      cache_;
};

// Reads the reporting generation, report types, calendar, requests and
// submissions inside `txn`.
Result<std::shared_ptr<const ReportingState>> LoadReportingState(store::ReadTransaction& txn);

// A reporting-rate dx item: "<type code>.<METRIC>".
struct RateItem {
  const ReportType* type = nullptr;
  ReportingMetric metric = ReportingMetric::kReportingRate;

  std::string Id() const;             // "KT-BC-NAM.REPORTING_RATE": its dx id in results
  std::string Name(Lang lang) const;  // "Tỷ lệ báo cáo — Báo cáo năm …"
};

// `id` read as "<type code>.<METRIC>" (split at the last '.'): nullopt when
// it is not one (no '.', or neither part is known), kNotFound for a metric
// after an unknown type code, kInvalidInput for a known type with an
// unknown metric or an end-of-activity type (its reports follow events, not
// periods). Errors name `id` and the field "dx".
Result<std::optional<RateItem>> ResolveRateItem(const ReportingState& state, const std::string& id);
// The same for an R{type.METRIC} reference of an indicator expression:
// never nullopt (the parser split and checked the metric already).
Result<RateItem> ResolveRateItem(const ReportingState& state, const std::string& type_code,
                                 const std::string& metric);

// The cells of one query for reporting-rate items: per org unit (by id) and
// per result period (days as ranges of Date::days; a type period counts when
// it lies inside one range), index unit * periods + period. Not thread-safe
// (one per query).
class RateCells {
 public:
  using DayRanges = std::vector<std::pair<int32_t, int32_t>>;
  using Cells = std::vector<std::optional<double>>;

  // `started_before`: type periods starting on or after this day count
  // nowhere (AggregateRequest::started_before).
  RateCells(const Snapshot& snapshot, std::vector<OrgUnitId> units, std::vector<DayRanges> periods,
            int32_t started_before = std::numeric_limits<int32_t>::max());

  // The metric's value per cell; nullopt where nothing is expected.
  Result<const Cells*> Get(const RateItem& item);

 private:
  Result<const std::vector<CompletenessCount>*> Counts(const ReportType& type);

  const Snapshot& snapshot_;
  std::vector<OrgUnitId> units_;
  std::vector<DayRanges> periods_;
  int32_t started_before_;
  std::map<ReportTypeId, std::vector<CompletenessCount>> counts_;
  std::map<std::pair<ReportTypeId, ReportingMetric>, Cells> cells_;
};

}  // namespace gemis::analytics
