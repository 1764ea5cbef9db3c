// The reporting files (docs/reporting.md, "Files"): the working-day
// calendar and the report types, read strictly (an unknown member is an
// error), every error naming the file, line, column and JSON pointer.
//
// A calendar file (data/calendar/vn-days-off.json):
//   {"format": "gemis-calendar/1", "years": [2025, 2026], "source": "…",
//    "days": [{"day": "2026-01-01", "kind": "off", "name": "Tết Dương lịch"},
//             {"from": "2026-02-14", "to": "2026-02-22", "name": "Tết Nguyên đán"},
//             {"day": "2025-04-26", "kind": "working", "name": "Làm bù ngày 02/5"}]}
//   "years" are the years the file replaces (default: those of its days);
//   "kind" defaults to "off"; a range lists every day of it.
// A report types file (data/demo/report-types.json):
//   {"format": "gemis-report-types/1",
//    "reportTypes": [{"code": "KT-BC-NAM", "name": "…", "nameEn": "…",
//       "dataSet": "P8_BC_NAM", "periodType": "Yearly", "cadence": "periodic",
//       "area": "62" (a uid, a unit code on `at`, or a code only one unit
//                     ever carried; absent: everywhere),
//       "deadlines": [{"level": "commune", "kind": "fixed", "monthOffset": -1,
//                      "day": 10, "inclusive": false, "rollForward": true,
//                      "units": ["23473", …] (optional: the units of the level
//                        that submit, resolved as "area"; each once in the
//                        type, of the level, inside the area)}],
//       "activityKinds": ["training"] (end-of-activity types only: the
//                        kinds whose end calls for a report; default every kind),
//       "active": true, "note": "…"}]}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/report_type.h"
#include "core/work_calendar.h"
#include "store/store.h"

namespace gemis::program {

inline constexpr std::string_view kCalendarFormat = "gemis-calendar/1";
inline constexpr std::string_view kReportTypesFormat = "gemis-report-types/1";

struct CalendarFile {
  std::vector<int> years;  // the years it replaces
  std::vector<CalendarDay> days;
  std::string source;
};
// Checks the days as WorkCalendar::Make does, and that each is in `years`.
Result<CalendarFile> ParseCalendarJson(std::string_view text, const std::string& source);

// Report types checked by CheckReportType; area codes resolved on `at`.
Result<std::vector<ReportType>> ParseReportTypesJson(std::string_view text,
                                                     const std::string& source,
                                                     const Hierarchy& hierarchy, Date at);

// The files read and saved: a calendar file replaces its years; a report
// types file saves each type (replacing the one of the same code) in one
// transaction, an error naming the file and the item (/reportTypes/2).
Result<CalendarFile> ImportCalendarFile(store::Store& store, const std::string& path);
Result<std::vector<ReportType>> ImportReportTypesFile(store::Store& store, const std::string& path,
                                                      Date at);

}  // namespace gemis::program
