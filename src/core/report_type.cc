#include "core/report_type.h"

#include <algorithm>

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
    case ReportCadence::kEndOfActivity:
      return Status::Usage("an end-of-activity report is due after its event, not a period");
  }
  return Status::Internal("cadence");
}

Result<std::vector<ExpectedReport>> ExpectedReports(const ReportType& type, const Period& period,
                                                    const Hierarchy& hierarchy,
                                                    const WorkCalendar& calendar,
                                                    std::optional<Date> requested) {
  std::vector<ExpectedReport> out;
  for (const LevelDeadline& d : type.deadlines) {
    GEMIS_ASSIGN_OR_RETURN(Due due, DueOf(type, d.level, period, calendar, requested));
    const Date day = ReferenceDay(period, due);
    for (OrgUnitId unit : hierarchy.UnitsAt(day, d.level)) {
      if (type.area && !Under(hierarchy, unit, *type.area, day)) continue;
      out.push_back({unit, d.level, hierarchy.ParentAt(unit, day), due, day});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ExpectedReport& a, const ExpectedReport& b) { return a.unit < b.unit; });
  return out;
}

}  // namespace gemis
