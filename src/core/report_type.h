// Report types (docs/reporting.md): what the seeds' reporting regimes ask
// for — "báo cáo 6 tháng", "báo cáo năm", "cập nhật số liệu năm", "báo cáo
// đột xuất", "báo cáo kết thúc hoạt động" — as data. A type names the
// measures it contains (a data set, DHIS2-style), its period type, the
// levels that submit, where it applies, and one deadline rule per
// submitting level (the Program 1719 chain gives communes 10/9 and the
// levels above 15/9). Every report goes to the submitting unit's parent on
// the report's reference day: after 1/7/2025 a commune's parent is its
// province, so communes report straight to the province.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/deadline.h"
#include "core/hierarchy.h"
#include "core/period.h"
#include "core/work_calendar.h"

namespace gemis {

using ReportTypeId = int64_t;

enum class ReportCadence {
  kPeriodic,       // every period of its type (a fixed deadline rule)
  kRequested,      // ad hoc: a period and a deadline set when requested
  kEndOfActivity,  // after an event (a rule "within N days")
};
const char* ReportCadenceName(ReportCadence c);  // "periodic", "requested", "endOfActivity"
Result<ReportCadence> ParseReportCadence(std::string_view text);

struct LevelDeadline {
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  DeadlineRule rule;
  // The units of this level that submit, by id, ascending ("who submits:
  // level or units"): Kon Tum city's plan names its communes with ĐBKK
  // villages. Empty: every unit of the level under the type's area.
  std::vector<OrgUnitId> units;
  friend bool operator==(const LevelDeadline&, const LevelDeadline&) = default;
};

struct ReportType {
  ReportTypeId id = 0;
  std::string code;      // "KT-BC-NAM"
  std::string name;      // "Báo cáo năm kết quả thực hiện Dự án 8"
  std::string name_en;   // may be empty
  std::string data_set;  // the code of the data set holding its measures
  PeriodType period_type = PeriodType::kYearly;
  ReportCadence cadence = ReportCadence::kPeriodic;
  // The levels whose units submit (communes, districts, provinces), each
  // with its deadline rule; the rule's kind follows the cadence.
  std::vector<LevelDeadline> deadlines;
  // Where the type applies: the units under `area` (and `area` itself);
  // none: everywhere.
  std::optional<OrgUnitId> area;
  // kEndOfActivity: the kinds of activity (records::ActivityKindName:
  // "training", "policy_dialogue", …) whose end calls for a report; empty:
  // every kind. Only end-of-activity types name them.
  std::vector<std::string> activity_kinds;
  bool active = true;
  std::string note;  // the source: "Kế hoạch 45/KH-UBND, mục IV"
  friend bool operator==(const ReportType&, const ReportType&) = default;
};

// The code (CheckCode), a name, at least one submitting level, each once,
// province, district or commune; each level's rule of the cadence's kind
// (periodic: fixed, requested: requested, endOfActivity: afterEvent) and
// valid for the period type (CheckDeadlineRule); named units ascending,
// each once in the whole type; no multi-year period type; an
// end-of-activity type is Daily (its period is the day the activity
// ended) and only it names activity kinds, each once. kInvalidInput
// naming the field ("deadlines[1].day", "deadlines[0].units[2]"). Whether
// a named unit is of its level and inside the area needs the hierarchy:
// CheckReportTypeUnits.
Status CheckReportType(const ReportType& type);

// Each named unit has a version of its deadline's level and lies under the
// type's area while it is of that level (kInvalidInput
// "deadlines[0].units[2]" naming the unit).
Status CheckReportTypeUnits(const ReportType& type, const Hierarchy& hierarchy);
// The same for one unit named at `level` (kNotFound for an unknown id,
// kInvalidInput naming the unit otherwise; no field).
Status CheckNamedUnit(const ReportType& type, OrgUnitLevel level, OrgUnitId unit,
                      const Hierarchy& hierarchy);

// The deadline rule of the units of `level`, if that level submits.
const DeadlineRule* DeadlineFor(const ReportType& type, OrgUnitLevel level);

// One report expected of a unit.
struct ExpectedReport {
  OrgUnitId unit = 0;
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  std::optional<OrgUnitId> recipient;  // its parent on the reference day
  Due due;
  Date reference;  // the day the hierarchy is read on
  friend bool operator==(const ExpectedReport&, const ExpectedReport&) = default;
};

// The day the hierarchy is read on for a report due `due` on `period`: the
// period's last day, or the stated due day when it comes first (Kon Tum's
// annual report is due on 10/11, before the year ends). A unit is expected
// when it is in force on that day; a unit merged away before it is not
// (its successor reports, its data counted there through the lineage).
Date ReferenceDay(const Period& period, const Due& due);

// The reports of `period` expected under `type`, by unit id: for each
// submitting level, the units of that level in force on the reference day
// under the type's area — or, when the level names its units, those of
// them in force at that level on the reference day (a named unit merged
// away is not expected; name its successor). `requested` is the stated deadline of an ad-hoc
// request (kRequested; ignored otherwise); kEndOfActivity types expect
// reports per activity, not per period: kUsage (ExpectedAfterActivities).
Result<std::vector<ExpectedReport>> ExpectedReports(const ReportType& type, const Period& period,
                                                    const Hierarchy& hierarchy,
                                                    const WorkCalendar& calendar,
                                                    std::optional<Date> requested = {});

// kEndOfActivity: the reports due after activities that ended on `day` (a
// Daily period), one per organising unit — the unit that organised an
// activity, at its organiser's level (a commune's training: the commune; a
// district's training held in a commune: the district). `organisers` are
// those units; a unit listed twice reports once (one report covers its
// activities of that day). Each is expected when its level submits, it is
// in force on the day, inside the area and among the level's named units;
// due within the level's "afterEvent" rule counted from the day. The
// reference day is the day itself. kInvalidInput ("period") unless `day`
// is Daily; kUsage for a type of another cadence.
Result<std::vector<ExpectedReport>> ExpectedAfterActivities(
    const ReportType& type, const Period& day, const std::vector<OrgUnitId>& organisers,
    const Hierarchy& hierarchy, const WorkCalendar& calendar);

// The due day of `unit`'s report (at `level`) on `period`.
Result<Due> DueOf(const ReportType& type, OrgUnitLevel level, const Period& period,
                  const WorkCalendar& calendar, std::optional<Date> requested = {});

}  // namespace gemis
