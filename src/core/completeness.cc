#include "core/completeness.h"

#include "core/clock.h"

namespace gemis {

const char* TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kOnTime: return "onTime";
    case Timeliness::kLate: return "late";
    case Timeliness::kMissing: return "missing";
    case Timeliness::kPending: return "pending";
    case Timeliness::kWaived: return "waived";
  }
  return "pending";
}

Timeliness TimelinessOf(const ExpectedReport& expected, const Submission* submission,
                        int64_t now_ms) {
  if (submission != nullptr && submission->state == SubmissionState::kWaived) {
    return Timeliness::kWaived;
  }
  if (submission != nullptr && submission->first_submitted_ms) {
    return OnTime(*submission->first_submitted_ms, submission->due) ? Timeliness::kOnTime
                                                                    : Timeliness::kLate;
  }
  return VietnamDay(now_ms) > expected.due.last_day ? Timeliness::kMissing : Timeliness::kPending;
}

std::optional<double> CompletenessCount::Rate() const {
  if (expected == 0) return std::nullopt;
  return 100.0 * received / expected;
}

std::optional<double> CompletenessCount::OnTimeRate() const {
  if (expected == 0) return std::nullopt;
  return 100.0 * on_time / expected;
}

void CompletenessCount::Add(Timeliness t) {
  switch (t) {
    case Timeliness::kWaived: ++waived; return;
    case Timeliness::kOnTime:
      ++on_time;
      ++received;
      break;
    case Timeliness::kLate:
      ++late;
      ++received;
      break;
    case Timeliness::kMissing: ++missing; break;
    case Timeliness::kPending: ++pending; break;
  }
  ++expected;
}

CompletenessCount& CompletenessCount::operator+=(const CompletenessCount& other) {
  expected += other.expected;
  received += other.received;
  on_time += other.on_time;
  late += other.late;
  missing += other.missing;
  pending += other.pending;
  waived += other.waived;
  return *this;
}

const char* ReportingMetricName(ReportingMetric m) {
  switch (m) {
    case ReportingMetric::kReportingRate: return "REPORTING_RATE";
    case ReportingMetric::kReportingRateOnTime: return "REPORTING_RATE_ON_TIME";
    case ReportingMetric::kActualReports: return "ACTUAL_REPORTS";
    case ReportingMetric::kActualReportsOnTime: return "ACTUAL_REPORTS_ON_TIME";
    case ReportingMetric::kExpectedReports: return "EXPECTED_REPORTS";
  }
  return "REPORTING_RATE";
}

std::optional<ReportingMetric> ParseReportingMetric(std::string_view name) {
  for (ReportingMetric m : kReportingMetrics) {
    if (name == ReportingMetricName(m)) return m;
  }
  return std::nullopt;
}

std::string ReportingMetricNames() {
  std::string out;
  for (ReportingMetric m : kReportingMetrics) {
    if (!out.empty()) out += ", ";
    out += ReportingMetricName(m);
  }
  return out;
}

std::optional<double> MetricValue(const CompletenessCount& count, ReportingMetric m) {
  if (count.expected == 0) return std::nullopt;
  switch (m) {
    case ReportingMetric::kReportingRate: return count.Rate();
    case ReportingMetric::kReportingRateOnTime: return count.OnTimeRate();
    case ReportingMetric::kActualReports: return count.received;
    case ReportingMetric::kActualReportsOnTime: return count.on_time;
    case ReportingMetric::kExpectedReports: return count.expected;
  }
  return std::nullopt;
}

Completeness Measure(const std::vector<ExpectedReport>& expected,
                     const std::map<OrgUnitId, const Submission*>& submissions,
                     const Hierarchy& hierarchy, int64_t now_ms) {
  Completeness out;
  for (const ExpectedReport& e : expected) {
    auto found = submissions.find(e.unit);
    const Timeliness t =
        TimelinessOf(e, found == submissions.end() ? nullptr : found->second, now_ms);
    out.reports[e.unit] = t;
    std::vector<OrgUnitId> units = hierarchy.AncestorsAt(e.unit, e.reference);
    units.insert(units.begin(), e.unit);
    for (OrgUnitId u : units) out.rolled_up[u].Add(t);
  }
  return out;
}

}  // namespace gemis
