#include "analytics/reporting_rates.h"

#include <set>

#include "analytics/snapshot.h"
#include "core/message_format.h"

namespace gemis::analytics {

namespace {

Location DxField() { return Location{"", 0, 0, "dx"}; }

// Above this many cached (type, period) counts the cache starts again: a
// national count is some 11 000 units, and queries ask for a few periods.
constexpr size_t kMaxCachedCounts = 256;

MessageId MetricMessage(ReportingMetric m) {
  switch (m) {
    case ReportingMetric::kReportingRate: return MessageId::kMetricReportingRate;
    case ReportingMetric::kReportingRateOnTime: return MessageId::kMetricReportingRateOnTime;
    case ReportingMetric::kActualReports: return MessageId::kMetricActualReports;
    case ReportingMetric::kActualReportsOnTime: return MessageId::kMetricActualReportsOnTime;
    case ReportingMetric::kExpectedReports: return MessageId::kMetricExpectedReports;
  }
  return MessageId::kMetricReportingRate;
}

// The periods of `type` lying inside one of `ranges` and starting before
// `started_before`, each once.
Result<std::vector<Period>> TypePeriodsIn(const ReportType& type,
                                          const RateCells::DayRanges& ranges,
                                          int32_t started_before) {
  std::vector<Period> out;
  std::set<std::string> seen;
  for (const auto& [first, last] : ranges) {
    GEMIS_ASSIGN_OR_RETURN(Period p, Period::Containing(type.period_type, Date::FromDays(first)));
    while (p.start().days() <= last) {
      if (p.start().days() >= first && p.end().days() <= last &&
          p.start().days() < started_before && seen.insert(p.ToString()).second) {
        out.push_back(p);
      }
      if (p.end().days() >= last) break;
      GEMIS_ASSIGN_OR_RETURN(p, p.Next());
    }
  }
  return out;
}

}  // namespace

const ReportType* ReportingState::FindType(std::string_view code) const {
  for (const ReportType& t : types) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

Result<std::shared_ptr<const std::map<OrgUnitId, CompletenessCount>>> ReportingState::CountsOf(
    const ReportType& type, const Period& period, const Hierarchy& hierarchy) const {
  const std::pair<ReportTypeId, std::string> key(type.id, period.ToString());
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::optional<Date> requested;
  for (const store::ReportRequest& r : requests) {
    if (r.type == type.id && r.period == period) requested = r.due;
  }
  auto counts = std::make_shared<std::map<OrgUnitId, CompletenessCount>>();
  // An ad-hoc type expects reports only of the periods requested.
  if (type.cadence != ReportCadence::kRequested || requested) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<ExpectedReport> expected,
                           ExpectedReports(type, period, hierarchy, calendar, requested));
    std::map<OrgUnitId, const Submission*> stored;
    if (auto it = submissions.find(key); it != submissions.end()) {
      for (const auto& [unit, s] : it->second) stored.emplace(unit, &s);
    }
    // The clock only tells missing from pending, which no metric reads.
    constexpr int64_t kAnyTime = 0;
    *counts = Measure(expected, stored, hierarchy, kAnyTime).rolled_up;
  }
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCachedCounts) cache_.clear();
  return cache_.emplace(key, std::move(counts)).first->second;
}

Result<std::shared_ptr<const ReportingState>> LoadReportingState(store::ReadTransaction& txn) {
  auto state = std::make_shared<ReportingState>();
  GEMIS_ASSIGN_OR_RETURN(state->generation, txn.ReportingGeneration());
  GEMIS_ASSIGN_OR_RETURN(state->types, txn.LoadReportTypes());
  GEMIS_ASSIGN_OR_RETURN(std::vector<CalendarDay> days, txn.LoadCalendarDays());
  Result<WorkCalendar> calendar = WorkCalendar::Make(std::move(days));
  if (!calendar.ok()) {
    return Status::Corruption("the stored calendar: " + calendar.status().message());
  }
  state->calendar = std::move(calendar).value();
  GEMIS_ASSIGN_OR_RETURN(state->requests, txn.LoadReportRequests(std::nullopt));
  store::SubmissionFilter all;
  all.with_events = false;
  GEMIS_ASSIGN_OR_RETURN(std::vector<Submission> stored, txn.LoadSubmissions(all));
  for (Submission& s : stored) {
    auto& by_unit = state->submissions[{s.type, s.period.ToString()}];
    const OrgUnitId unit = s.unit;
    by_unit.emplace(unit, std::move(s));
  }
  return std::shared_ptr<const ReportingState>(std::move(state));
}

std::string RateItem::Id() const { return type->code + "." + ReportingMetricName(metric); }

std::string RateItem::Name(Lang lang) const {
  const std::string& name =
      lang == Lang::kEn && !type->name_en.empty() ? type->name_en : type->name;
  return Say(lang, MetricMessage(metric), name);
}

Result<RateItem> ResolveRateItem(const ReportingState& state, const std::string& type_code,
                                 const std::string& metric) {
  const std::string id = type_code + "." + metric;
  const ReportType* type = state.FindType(type_code);
  std::optional<ReportingMetric> m = ParseReportingMetric(metric);
  if (type == nullptr) {
    return Status::NotFound("no report type has code '" + type_code + "' (in '" + id + "')",
                            DxField());
  }
  if (!m) {
    return Status::Invalid(
        "'" + metric + "' in '" + id + "' is not a reporting metric: use " + ReportingMetricNames(),
        DxField());
  }
  if (type->cadence == ReportCadence::kEndOfActivity) {
    return Status::Invalid("report type '" + type->code +
                               "' is reported after each activity, not by period: '" + id +
                               "' has no reporting rate",
                           DxField());
  }
  return RateItem{type, *m};
}

Result<std::optional<RateItem>> ResolveRateItem(const ReportingState& state,
                                                const std::string& id) {
  const size_t dot = id.rfind('.');
  if (dot == std::string::npos) return std::optional<RateItem>();
  const std::string code = id.substr(0, dot), metric = id.substr(dot + 1);
  if (state.FindType(code) == nullptr && !ParseReportingMetric(metric)) {
    return std::optional<RateItem>();
  }
  GEMIS_ASSIGN_OR_RETURN(RateItem item, ResolveRateItem(state, code, metric));
  return std::optional<RateItem>(item);
}

RateCells::RateCells(const Snapshot& snapshot, std::vector<OrgUnitId> units,
                     std::vector<DayRanges> periods, int32_t started_before)
    : snapshot_(snapshot),
      units_(std::move(units)),
      periods_(std::move(periods)),
      started_before_(started_before) {}

Result<const std::vector<CompletenessCount>*> RateCells::Counts(const ReportType& type) {
  if (auto it = counts_.find(type.id); it != counts_.end()) return &it->second;
  const ReportingState& state = *snapshot_.reporting;
  const Hierarchy& h = snapshot_.structure->hierarchy;
  const size_t npe = periods_.size();
  std::vector<CompletenessCount> out(units_.size() * npe);
  for (size_t p = 0; p < npe; ++p) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<Period> inside,
                           TypePeriodsIn(type, periods_[p], started_before_));
    for (const Period& period : inside) {
      GEMIS_ASSIGN_OR_RETURN(auto counts, state.CountsOf(type, period, h));
      for (size_t o = 0; o < units_.size(); ++o) {
        if (auto it = counts->find(units_[o]); it != counts->end()) out[o * npe + p] += it->second;
      }
    }
  }
  return &(counts_[type.id] = std::move(out));
}

Result<const RateCells::Cells*> RateCells::Get(const RateItem& item) {
  const std::pair<ReportTypeId, ReportingMetric> key(item.type->id, item.metric);
  if (auto it = cells_.find(key); it != cells_.end()) return &it->second;
  GEMIS_ASSIGN_OR_RETURN(const std::vector<CompletenessCount>* counts, Counts(*item.type));
  Cells out(counts->size());
  for (size_t c = 0; c < out.size(); ++c) out[c] = MetricValue((*counts)[c], item.metric);
  return &(cells_[key] = std::move(out));
}

}  // namespace gemis::analytics
