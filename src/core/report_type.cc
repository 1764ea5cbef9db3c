#include "core/report_type.h"

#include <algorithm>
#include <iterator>

#include "core/category.h"
#include "core/text.h"

namespace gemis {

namespace {

Status Bad(const ReportType& t, std::string message, std::string field) {
  return Status::Invalid("report type " + t.code + ": " + std::move(message),
                         Location{.field = std::move(field)});
}

DeadlineKind KindOf(ReportCadence c) {
  switch (c) {
    case ReportCadence::kPeriodic: return DeadlineKind::kFixed;
    case ReportCadence::kRequested: return DeadlineKind::kRequested;
    case ReportCadence::kEndOfActivity: return DeadlineKind::kAfterEvent;
  }
  return DeadlineKind::kFixed;
}

bool Under(const Hierarchy& h, OrgUnitId unit, OrgUnitId area, Date d) {
  if (unit == area) return true;
  std::vector<OrgUnitId> up = h.AncestorsAt(unit, d);
  return std::find(up.begin(), up.end(), area) != up.end();
}

}  // namespace

const char* ReportCadenceName(ReportCadence c) {
  switch (c) {
    case ReportCadence::kPeriodic: return "periodic";
    case ReportCadence::kRequested: return "requested";
    case ReportCadence::kEndOfActivity: return "endOfActivity";
  }
  return "periodic";
}

Result<ReportCadence> ParseReportCadence(std::string_view text) {
  for (ReportCadence c :
       {ReportCadence::kPeriodic, ReportCadence::kRequested, ReportCadence::kEndOfActivity}) {
    if (text == ReportCadenceName(c)) return c;
  }
  return Status::Invalid(
      "a cadence is periodic, requested or endOfActivity, not '" + std::string(text) + "'",
      Location{.field = "cadence"});
}

Status CheckReportType(const ReportType& t) {
  GEMIS_RETURN_IF_ERROR(CheckCode(t.code, "code"));
  if (IsBlank(t.name)) return Bad(t, "a report type needs a name", "name");
  GEMIS_RETURN_IF_ERROR(CheckCode(t.data_set, "dataSet"));
  if (t.period_type == PeriodType::kMultiYear) {
    return Bad(t, "reports are of a year or shorter; a phase's report is a yearly one",
               "periodType");
  }
  if (t.cadence == ReportCadence::kEndOfActivity && t.period_type != PeriodType::kDaily) {
    return Bad(t, "an end-of-activity report's period is the day its activity ended: Daily",
               "periodType");
  }
  if (t.cadence != ReportCadence::kEndOfActivity && !t.activity_kinds.empty()) {
    return Bad(t, "only an end-of-activity report names activity kinds", "activityKinds");
  }
  for (size_t i = 0; i < t.activity_kinds.size(); ++i) {
    const std::string at = "activityKinds[" + std::to_string(i) + "]";
    if (IsBlank(t.activity_kinds[i])) return Bad(t, "an activity kind is named", at);
    for (size_t j = 0; j < i; ++j) {
      if (t.activity_kinds[j] == t.activity_kinds[i]) {
        return Bad(t, t.activity_kinds[i] + " is named twice", at);
      }
    }
  }
  if (t.deadlines.empty()) {
    return Bad(t, "name the levels that submit, each with its deadline", "deadlines");
  }
  for (size_t i = 0; i < t.deadlines.size(); ++i) {
    const LevelDeadline& d = t.deadlines[i];
    const std::string at = "deadlines[" + std::to_string(i) + "]";
    if (d.level != OrgUnitLevel::kProvince && d.level != OrgUnitLevel::kDistrict &&
        d.level != OrgUnitLevel::kCommune) {
      return Bad(t,
                 std::string("the ") + LevelName(d.level) +
                     " level does not submit reports (provinces, districts, communes do)",
                 at + ".level");
    }
    for (size_t j = 0; j < i; ++j) {
      if (t.deadlines[j].level == d.level) {
        return Bad(t, std::string("the ") + LevelName(d.level) + " level is listed twice",
                   at + ".level");
      }
    }
    if (d.rule.kind != KindOf(t.cadence)) {
      return Bad(t,
                 std::string("a ") + ReportCadenceName(t.cadence) + " report's deadline is " +
                     DeadlineKindName(KindOf(t.cadence)) + ", not " + DeadlineKindName(d.rule.kind),
                 at + ".kind");
    }
    Status s = CheckDeadlineRule(d.rule, t.period_type);
    if (!s.ok()) return Bad(t, s.message(), at + "." + s.where().field);
    for (size_t k = 0; k < d.units.size(); ++k) {
      const std::string unit_at = at + ".units[" + std::to_string(k) + "]";
      if (d.units[k] <= 0) return Bad(t, "a unit is named by its id", unit_at);
      if (k > 0 && d.units[k] <= d.units[k - 1]) {
        return Bad(t,
                   d.units[k] == d.units[k - 1] ? "a unit is named twice"
                                                : "the named units go in ascending order",
                   unit_at);
      }
      for (size_t j = 0; j < i; ++j) {
        if (std::binary_search(t.deadlines[j].units.begin(), t.deadlines[j].units.end(),
                               d.units[k])) {
          return Bad(t, "a unit submits at one level only", unit_at);
        }
      }
    }
  }
  return Status::Ok();
}

Status CheckNamedUnit(const ReportType& t, OrgUnitLevel level, OrgUnitId id,
                      const Hierarchy& hierarchy) {
  const OrgUnit* unit = hierarchy.Find(id);
  if (unit == nullptr) return Status::NotFound("no org unit has id " + std::to_string(id));
  bool of_level = false;
  for (const OrgUnitVersion& v : unit->versions) {
    if (v.level != level) continue;
    of_level = true;
    // Inside the area on a day of this version.
    const Date day = v.to ? *v.to : (v.from ? *v.from : Date());
    if (!t.area || Under(hierarchy, unit->id, *t.area, day)) return Status::Ok();
  }
  const std::string name = unit->last().FullName();
  if (!of_level) {
    return Status::Invalid(name + " is never a " + LevelName(level) + " level unit");
  }
  return Status::Invalid(name + " lies outside the area of " + t.code);
}

Status CheckReportTypeUnits(const ReportType& t, const Hierarchy& hierarchy) {
  for (size_t i = 0; i < t.deadlines.size(); ++i) {
    const LevelDeadline& d = t.deadlines[i];
    for (size_t k = 0; k < d.units.size(); ++k) {
      const Status s = CheckNamedUnit(t, d.level, d.units[k], hierarchy);
      if (!s.ok()) {
        return Bad(t, s.message(),
                   "deadlines[" + std::to_string(i) + "].units[" + std::to_string(k) + "]");
      }
    }
  }
  return Status::Ok();
}

const DeadlineRule* DeadlineFor(const ReportType& type, OrgUnitLevel level) {
  for (const LevelDeadline& d : type.deadlines) {
    if (d.level == level) return &d.rule;
  }
  return nullptr;
}

Date ReferenceDay(const Period& period, const Due& due) {
  return std::min(period.end(), due.stated);
}

Result<Due> DueOf(const ReportType& type, OrgUnitLevel level, const Period& period,
                  const WorkCalendar& calendar, std::optional<Date> requested) {
  const DeadlineRule* rule = DeadlineFor(type, level);
  if (rule == nullptr) {
    return Status::Invalid(
        std::string("the ") + LevelName(level) + " level does not submit " + type.code,
        Location{.field = "unit"});
  }
  if (period.type() != type.period_type) {
    return Status::Invalid(type.code + " is reported by " +
                               std::string(PeriodTypeName(type.period_type)) + " periods, not " +
                               period.ToString(),
                           Location{.field = "period"});
  }
  switch (type.cadence) {
    case ReportCadence::kPeriodic: return FixedDue(*rule, period, calendar);
    case ReportCadence::kRequested:
      if (!requested) {
        return Status::NotFound("no request for " + type.code + " " + period.ToString() +
                                    ": an ad-hoc report is expected once requested",
                                Location{.field = "period"});
      }
      return RequestedDue(*rule, *requested, calendar);
    case ReportCadence::kEndOfActivity: return DueAfter(*rule, period.start(), calendar);
  }
  return Status::Internal("cadence");
}

Result<std::vector<ExpectedReport>> ExpectedReports(const ReportType& type, const Period& period,
                                                    const Hierarchy& hierarchy,
                                                    const WorkCalendar& calendar,
                                                    std::optional<Date> requested) {
  if (type.cadence == ReportCadence::kEndOfActivity) {
    return Status::Usage(
        "an end-of-activity report is expected after each activity, not of every"
        " unit in a period: ExpectedAfterActivities");
  }
  std::vector<ExpectedReport> out;
  for (const LevelDeadline& d : type.deadlines) {
    GEMIS_ASSIGN_OR_RETURN(Due due, DueOf(type, d.level, period, calendar, requested));
    const Date day = ReferenceDay(period, due);
    std::vector<OrgUnitId> units = hierarchy.UnitsAt(day, d.level);
    if (!d.units.empty()) {
      std::sort(units.begin(), units.end());
      std::vector<OrgUnitId> named;
      std::set_intersection(units.begin(), units.end(), d.units.begin(), d.units.end(),
                            std::back_inserter(named));
      units = std::move(named);
    }
    for (OrgUnitId unit : units) {
      if (type.area && !Under(hierarchy, unit, *type.area, day)) continue;
      out.push_back({unit, d.level, hierarchy.ParentAt(unit, day), due, day});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ExpectedReport& a, const ExpectedReport& b) { return a.unit < b.unit; });
  return out;
}

Result<std::vector<ExpectedReport>> ExpectedAfterActivities(
    const ReportType& type, const Period& day, const std::vector<OrgUnitId>& organisers,
    const Hierarchy& hierarchy, const WorkCalendar& calendar) {
  if (type.cadence != ReportCadence::kEndOfActivity) {
    return Status::Usage(type.code + " is not an end-of-activity report");
  }
  if (day.type() != PeriodType::kDaily) {
    return Status::Invalid(
        type.code + " is reported by the day its activity ended, not " + day.ToString(),
        Location{.field = "period"});
  }
  std::vector<OrgUnitId> units = organisers;
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  std::vector<ExpectedReport> out;
  const Date on = day.start();
  for (OrgUnitId unit : units) {
    const OrgUnit* u = hierarchy.Find(unit);
    const OrgUnitVersion* v = u ? u->VersionAt(on) : nullptr;
    if (v == nullptr) continue;
    const LevelDeadline* d = nullptr;
    for (const LevelDeadline& x : type.deadlines) {
      if (x.level == v->level) d = &x;
    }
    if (d == nullptr) continue;
    if (!d->units.empty() && !std::binary_search(d->units.begin(), d->units.end(), unit)) continue;
    if (type.area && !Under(hierarchy, unit, *type.area, on)) continue;
    GEMIS_ASSIGN_OR_RETURN(Due due, DueOf(type, d->level, day, calendar));
    out.push_back({unit, d->level, hierarchy.ParentAt(unit, on), due, on});
  }
  return out;
}

}  // namespace gemis
