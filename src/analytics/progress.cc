// ComputeProgress: target groups of a plan, their actual values from the
// engine, elapsed shares, statuses, and the allocation tree order.
#include "analytics/progress.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "analytics/snapshot.h"
#include "core/builtin_metadata.h"

namespace gemis::analytics {

const char* ProgressStatusName(ProgressStatus status) {
  switch (status) {
    case ProgressStatus::kNotStarted: return "not_started";
    case ProgressStatus::kBehind: return "behind";
    case ProgressStatus::kOnTrack: return "on_track";
    case ProgressStatus::kAchieved: return "achieved";
    case ProgressStatus::kSuspended: return "suspended";
    case ProgressStatus::kNotMeasurable: return "not_measurable";
    case ProgressStatus::kConflict: return "conflict";
    case ProgressStatus::kNoTarget: return "no_target";
  }
  return "?";
}

namespace {

// The option of the built-in IMPLEMENTING_LEVEL category for a level, or ""
// when the category has none (centre, village).
std::string LevelOption(ImplementingLevel level) {
  switch (level) {
    case ImplementingLevel::kProvince: return "PROVINCE";
    case ImplementingLevel::kDistrict: return "DISTRICT";
    case ImplementingLevel::kCommune: return "COMMUNE";
    default: return "";
  }
}

// Share of `window` elapsed at the start of `at`: its days before `at` over
// its days, 0..1.
double ElapsedShare(const DateSet& window, Date at) {
  const int64_t total = window.day_count();
  if (total <= 0) return 0;
  int64_t before = 0;
  for (const DateRange& r : window.ranges()) {
    if (at <= r.first) break;
    const int32_t last = std::min(r.last.days(), at.days() - 1);
    before += last - r.first.days() + 1;
  }
  return std::clamp(static_cast<double>(before) / static_cast<double>(total), 0.0, 1.0);
}

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

ProgressStatus Judge(TargetDirection direction, double target, std::optional<double> actual,
                     double elapsed, bool window_ended) {
  const bool has = actual.has_value();
  const double a = actual.value_or(0);
  switch (direction) {
    case TargetDirection::kAtLeast:
      // A target of "at least 0" asks for nothing: achieved, data or not.
      if (target == 0 || (has && (a > target || NearlyEqual(a, target)))) {
        return ProgressStatus::kAchieved;
      }
      break;
    case TargetDirection::kExactly:
      if (has && NearlyEqual(a, target)) return ProgressStatus::kAchieved;
      break;
    case TargetDirection::kAtMost:
      if (has && window_ended && (a < target || NearlyEqual(a, target))) {
        return ProgressStatus::kAchieved;
      }
      break;
  }
  if (!has || (direction == TargetDirection::kAtLeast && NearlyEqual(a, 0))) {
    return ProgressStatus::kNotStarted;
  }
  if (direction == TargetDirection::kAtMost) {
    return a < target || NearlyEqual(a, target) ? ProgressStatus::kOnTrack
                                                : ProgressStatus::kBehind;
  }
  // at_least / exactly: the share of the target reached keeps pace with the
  // share of the window elapsed. (A target of 0 is achieved above for
  // at_least; for exactly a non-zero actual cannot keep pace with 0.)
  if (target == 0) return ProgressStatus::kBehind;
  const double share = a / target;
  return share > elapsed || NearlyEqual(share, elapsed) ? ProgressStatus::kOnTrack
                                                        : ProgressStatus::kBehind;
}

template <typename T>
std::string NameIn(const T& x, Lang lang) {
  return lang == Lang::kEn && !x.name_en.empty() ? x.name_en : x.name;
}

}  // namespace

Result<ProgressReport> ComputeProgress(const Engine& engine, const PlanBook& book, const Plan& plan,
                                       const Hierarchy& hierarchy, const Metadata& metadata,
                                       const ProgressOptions& options) {
  const Date plan_date = plan.EffectiveDate();
  ProgressReport report;
  report.plan = plan.number.empty() ? plan.code : plan.number;
  report.plan_code = plan.code;
  report.title = plan.title;
  report.at = options.at;
  report.hierarchy_date = plan_date;

  const std::vector<const Target*> targets = book.TargetsOf(plan.id);
  if (options.table && !options.table->empty() &&
      std::none_of(targets.begin(), targets.end(),
                   [&](const Target* t) { return t->table == *options.table; })) {
    return Status::NotFound("plan '" + report.plan + "' has no table '" + *options.table + "'");
  }
  if (options.under && hierarchy.Find(*options.under) == nullptr) {
    return Status::NotFound("no org unit has id " + std::to_string(*options.under));
  }

  const auto groups = book.TargetGroups(plan.id);
  // The plan's order: the position of a group's first target.
  std::map<TargetKey, size_t> order;
  for (size_t i = 0; i < targets.size(); ++i) order.try_emplace(KeyOf(*targets[i]), i);

  auto selected = [&](const TargetKey& key, const std::vector<const Target*>& members) {
    if (options.table && std::none_of(members.begin(), members.end(), [&](const Target* t) {
          return t->table == *options.table;
        })) {
      return false;
    }
    if (options.under && key.org_unit != *options.under) {
      const std::vector<OrgUnitId> up = hierarchy.AncestorsAt(key.org_unit, plan_date);
      if (std::find(up.begin(), up.end(), *options.under) == up.end()) return false;
    }
    return true;
  };
  std::vector<TargetKey> keys;
  for (const auto& [key, members] : groups) {
    if (selected(key, members)) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end(),
            [&](const TargetKey& a, const TargetKey& b) { return order.at(a) < order.at(b); });
  const std::set<TargetKey> shown(keys.begin(), keys.end());

  // Parents and the nearest shown ancestor of each row.
  std::map<TargetKey, std::optional<TargetKey>> parent_of;
  std::map<TargetKey, std::optional<TargetKey>> shown_parent_of;
  std::map<TargetKey, std::vector<TargetKey>> children;
  std::vector<TargetKey> roots;
  for (const TargetKey& key : keys) {
    parent_of[key] = book.AllocationParent(key, plan, hierarchy, groups);
    std::optional<TargetKey> up = parent_of[key];
    for (int guard = 0; up && !shown.count(*up) && guard < 64; ++guard) {
      up = book.AllocationParent(*up, plan, hierarchy, groups);
    }
    if (up && !shown.count(*up)) up.reset();
    shown_parent_of[key] = up;
    if (up) {
      children[*up].push_back(key);
    } else {
      roots.push_back(key);
    }
  }

  std::shared_ptr<const Snapshot> snapshot = engine.Pin();
  auto make_row = [&](const TargetKey& key) {
    const std::vector<const Target*>& members = groups.at(key);
    const Target& first = *members.front();
    ProgressRow row;
    row.key = key;
    for (const Target* t : members) row.target_ids.push_back(t->id);
    std::sort(row.target_ids.begin(), row.target_ids.end());
    row.measure_kind = first.measure.kind;
    row.measure_code = first.measure.code;
    std::string uid;
    if (first.measure.kind == MeasureKind::kDataElement) {
      if (const StoredElement* e = metadata.Element(first.measure.id)) {
        row.measure_code = e->element.code;
        row.measure_name = NameIn(e->element, options.lang);
        uid = e->element.uid;
      }
    } else if (const StoredIndicator* ind = metadata.IndicatorById(first.measure.id)) {
      row.measure_code = ind->indicator.code;
      row.measure_name = NameIn(ind->indicator, options.lang);
      uid = ind->indicator.uid;
    }
    if (const OrgUnit* unit = hierarchy.Find(key.org_unit)) {
      const OrgUnitVersion* v = unit->VersionAt(plan_date);
      if (v == nullptr) v = &unit->last();
      row.org_unit_code = v->code;
      row.org_unit_name = options.lang == Lang::kEn && !v->name_en.empty() ? v->name_en : v->name;
    }
    row.agency_code = key.agency_code;
    row.level = key.level;
    DateSet window = first.window;
    row.window_source = "window";
    if (window.empty()) {
      window = first.period;
      row.window_source = "period";
    }
    if (window.empty()) {
      window = plan.period;
      row.window_source = "plan";
    }
    row.window = window.ToString();
    row.target = first.value.ToString();
    row.unit_label = first.unit_label;
    row.direction = first.direction;
    std::vector<Decimal> distinct;
    for (const Target* t : members) {
      if (std::find(distinct.begin(), distinct.end(), t->value) != distinct.end()) continue;
      distinct.push_back(t->value);
      row.values.push_back(t->value.ToString());
    }
    row.elapsed = window.empty() ? 0 : ElapsedShare(window, options.at);
    const bool window_ended = !window.empty() && window.last() < options.at;

    // The actual value.
    std::string not_measurable;
    if (!key.agency_code.empty()) {
      not_measurable = std::string(Message(MessageId::kProgressNoteAgency, options.lang));
    } else if (key.level != ImplementingLevel::kAll && LevelOption(key.level).empty()) {
      not_measurable = std::string(Message(MessageId::kProgressNoteLevelOption, options.lang));
    } else if (window.empty() || uid.empty()) {
      not_measurable = "no window or no measure";
    } else {
      AggregateRequest request;
      request.dx = uid;
      request.unit = key.org_unit;
      request.days = window;
      request.as_of = plan_date;
      request.started_before = options.at;
      if (key.level != ImplementingLevel::kAll) {
        request.category = std::string(kImplementingLevelCode);
        request.option = LevelOption(key.level);
      }
      Result<std::optional<double>> actual = Engine::AggregateSnapshot(*snapshot, request);
      if (actual.ok()) {
        row.actual = *actual;
      } else if (key.level != ImplementingLevel::kAll &&
                 actual.status().code() == ErrorCode::kNotFound) {
        not_measurable = std::string(Message(MessageId::kProgressNoteNoLevel, options.lang));
      } else {
        not_measurable = actual.status().message();
      }
    }
    const double target = first.value.ToDouble();
    if (row.actual && target != 0 && row.values.size() == 1) {
      row.percent = *row.actual / target * 100;
    }

    const Target* suspended = nullptr;
    for (const Target* t : members) {
      if (t->status == TargetStatus::kSuspended && suspended == nullptr) suspended = t;
    }
    if (suspended != nullptr) {
      row.status = ProgressStatus::kSuspended;
      row.note = suspended->status_note;
    } else if (row.values.size() > 1) {
      row.status = ProgressStatus::kConflict;
    } else if (!not_measurable.empty()) {
      row.status = ProgressStatus::kNotMeasurable;
      row.note = not_measurable;
    } else {
      row.status = Judge(row.direction, target, row.actual, row.elapsed, window_ended);
    }
    row.parent = parent_of.at(key);
    return row;
  };

  // Depth-first in the plan's order.
  std::map<TargetKey, int> row_of;
  std::function<void(const TargetKey&, int)> visit = [&](const TargetKey& key, int depth) {
    ProgressRow row = make_row(key);
    row.depth = depth;
    if (const auto& up = shown_parent_of.at(key)) row.parent_row = row_of.at(*up);
    row_of[key] = static_cast<int>(report.rows.size());
    report.rows.push_back(std::move(row));
    if (auto it = children.find(key); it != children.end()) {
      for (const TargetKey& child : it->second) visit(child, depth + 1);
    }
  };
  for (const TargetKey& root : roots) visit(root, 0);

  // A plan without numeric targets: what was done, measure by measure.
  if (targets.empty() && !plan.period.empty()) {
    const OrgUnitId unit_id = options.under.value_or(plan.issuer_unit);
    // Records publish yearly figures: the calendar years the period touches
    // (Phong Thổ's April–December 2024 is the year 2024).
    const DateSet years = DateSet::Years(plan.period.first().year(), plan.period.last().year());
    const OrgUnit* unit = hierarchy.Find(unit_id);
    const OrgUnitVersion* v = unit ? unit->VersionAt(plan_date) : nullptr;
    if (v == nullptr && unit != nullptr) v = &unit->last();
    for (const std::string& code : options.result_measures) {
      const StoredElement* e = metadata.FindElement(code);
      if (e == nullptr || v == nullptr) continue;
      AggregateRequest request;
      request.dx = e->element.uid;
      request.unit = unit_id;
      request.days = years;
      request.as_of = plan_date;
      request.started_before = options.at;
      Result<std::optional<double>> actual = Engine::AggregateSnapshot(*snapshot, request);
      if (!actual.ok() || !*actual || **actual == 0) continue;
      ProgressRow row;
      row.key.plan = plan.id;
      row.key.measure = e->id;
      row.key.org_unit = unit_id;
      row.measure_kind = MeasureKind::kDataElement;
      row.measure_code = e->element.code;
      row.measure_name = NameIn(e->element, options.lang);
      row.org_unit_code = v->code;
      row.org_unit_name = options.lang == Lang::kEn && !v->name_en.empty() ? v->name_en : v->name;
      row.window = years.ToString();
      row.window_source = "plan";
      row.actual = *actual;
      row.elapsed = ElapsedShare(years, options.at);
      row.status = ProgressStatus::kNoTarget;
      row.note = std::string(Message(MessageId::kProgressNoteNoTarget, options.lang));
      report.rows.push_back(std::move(row));
    }
  }
  return report;
}

}  // namespace gemis::analytics
