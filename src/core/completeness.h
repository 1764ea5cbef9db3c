// Completeness and timeliness of reports (docs/reporting.md,
// "Completeness"): expected against received and received on time, per
// unit and rolled up its hierarchy, as DHIS2's reporting rate and reporting
// rate on time. Core, not reporting/: the reporting screens and the
// analytics engine (dx items "KT-BC-NAM.REPORTING_RATE", R{…} in indicator
// expressions, docs/analytics.md "Reporting rates") count the same way. A
// report is
//  - on time: first submitted by its due day (Vietnam time); a return and
//    resubmission does not change that;
//  - late: first submitted after its due day;
//  - missing: not submitted and its due day is past;
//  - pending: not submitted, not due yet;
//  - waived: excused by its recipient, and then not expected.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/report_type.h"
#include "core/submission.h"

namespace gemis {

enum class Timeliness { kOnTime, kLate, kMissing, kPending, kWaived };
const char* TimelinessName(Timeliness t);  // "onTime", "late", "missing", "pending", "waived"

// Where one expected report stands at `now_ms`; `submission` is null when
// none is stored.
Timeliness TimelinessOf(const ExpectedReport& expected, const Submission* submission,
                        int64_t now_ms);

struct CompletenessCount {
  int expected = 0;  // waived ones left out
  int received = 0;
  int on_time = 0;
  int late = 0;
  int missing = 0;
  int pending = 0;
  int waived = 0;
  // received / expected and on_time / expected in percent; nullopt when
  // nothing is expected.
  std::optional<double> Rate() const;
  std::optional<double> OnTimeRate() const;
  // Counts one report of timeliness `t`.
  void Add(Timeliness t);
  // Adds every count of `other` (the reports of several periods).
  CompletenessCount& operator+=(const CompletenessCount& other);
  friend bool operator==(const CompletenessCount&, const CompletenessCount&) = default;
};

// DHIS2's reporting-rate metrics of a data set (here a report type), as
// analytics items "<type code>.<name>" and R{<type code>.<name>}:
// REPORTING_RATE (received / expected × 100), REPORTING_RATE_ON_TIME
// (on time / expected × 100), ACTUAL_REPORTS (received),
// ACTUAL_REPORTS_ON_TIME (on time), EXPECTED_REPORTS (expected; waived
// reports left out). None of them depends on the clock: a report not
// received counts as expected whether it is pending or missing.
enum class ReportingMetric {
  kReportingRate,
  kReportingRateOnTime,
  kActualReports,
  kActualReportsOnTime,
  kExpectedReports,
};
inline constexpr ReportingMetric kReportingMetrics[] = {
    ReportingMetric::kReportingRate, ReportingMetric::kReportingRateOnTime,
    ReportingMetric::kActualReports, ReportingMetric::kActualReportsOnTime,
    ReportingMetric::kExpectedReports};
const char* ReportingMetricName(ReportingMetric m);  // "REPORTING_RATE", …
// The metric named exactly so (DHIS2's upper-case names), or nullopt.
std::optional<ReportingMetric> ParseReportingMetric(std::string_view name);
// "REPORTING_RATE, REPORTING_RATE_ON_TIME, …" for error messages.
std::string ReportingMetricNames();
// The metric's value for `count`; nullopt when nothing is expected (a unit
// no report is asked of has no rate, and no count either).
std::optional<double> MetricValue(const CompletenessCount& count, ReportingMetric m);

struct Completeness {
  // Per expected report, by submitting unit.
  std::map<OrgUnitId, Timeliness> reports;
  // Per unit: the reports expected of it and of the units below it (on
  // each report's reference day), so a district's row counts its communes
  // and itself.
  std::map<OrgUnitId, CompletenessCount> rolled_up;
};

// `submissions` by unit (of the same type and period).
Completeness Measure(const std::vector<ExpectedReport>& expected,
                     const std::map<OrgUnitId, const Submission*>& submissions,
                     const Hierarchy& hierarchy, int64_t now_ms);

}  // namespace gemis
