// Reporting deadlines as data (docs/reporting.md, "Calendars"). A rule says
// when the report of a period is due, the way the plans write it:
//  - kFixed: "before day D of a month": Kon Tum's annual report "trước ngày
//    10 tháng 11" is day 10 of the month one before the year's last month
//    (month_offset -1); Hà Nội's year update "trước ngày 30/01 năm sau" is
//    day 30 of the month after (month_offset +1); a 6-month report "trước
//    ngày 10 tháng 6" is day 10 of the half's last month (month_offset 0);
//  - kAfterEvent: "within N days" of an event (an end-of-activity report
//    within 15 days of the activity's end), calendar or working days;
//  - kRequested: an ad-hoc report, whose deadline is set when requested.
// Whether "before day D" lets a report in on day D is the rule's
// `inclusive`; the default is no ("trước ngày 10" read as written: the 9th
// is the last day). A last day that falls on a day off moves to the next
// working day (Civil Code 2015, Article 148(5)), unless `roll_forward` is
// off. Deadlines are civil days in Vietnam time: a report is on time when
// the Vietnam day of its submission is not after the last day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/messages.h"
#include "core/period.h"
#include "core/period_type.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace gemis {

enum class DeadlineKind { kFixed, kAfterEvent, kRequested };
const char* DeadlineKindName(DeadlineKind kind);  // "fixed", "afterEvent", "requested"
Result<DeadlineKind> ParseDeadlineKind(std::string_view text);

struct DeadlineRule {
  DeadlineKind kind = DeadlineKind::kFixed;
  // kFixed: day `day` (1-31) of the month `month_offset` months after the
  // month of the period's last day (-11 .. 12).
  int month_offset = 0;
  int day = 0;
  // kAfterEvent: `days` days after the event (1-366), working days when
  // `working_days`.
  int days = 0;
  bool working_days = false;
  // kFixed: day `day` itself is still on time.
  bool inclusive = false;
  // A last day on a day off moves to the next working day.
  bool roll_forward = true;
  friend bool operator==(const DeadlineRule&, const DeadlineRule&) = default;
};

// The rule's fields in range, and for kFixed a day that exists in every
// month the rule can land on for periods of `type` (day 31 of a quarter's
// last month fails for June; day 29 of February fails in common years).
// kInvalidInput naming the field ("day", "monthOffset", "days").
Status CheckDeadlineRule(const DeadlineRule& rule, PeriodType type);

struct Due {
  Date stated;    // the day the rule names ("trước ngày 10/11" → 10/11)
  Date last_day;  // the last day a report is on time
  friend bool operator==(const Due&, const Due&) = default;
};

// kFixed: the due day of `period`'s report. kUsage for another kind.
Result<Due> FixedDue(const DeadlineRule& rule, const Period& period, const WorkCalendar& calendar);
// kAfterEvent: the due day of a report on an event of `event` (its last day).
Result<Due> DueAfter(const DeadlineRule& rule, Date event, const WorkCalendar& calendar);
// kRequested: the due day set by a request, "before `stated`" read with the
// rule's inclusive and roll_forward.
Due RequestedDue(const DeadlineRule& rule, Date stated, const WorkCalendar& calendar);

// Whether a report submitted at `submitted_ms` (Unix ms) meets `due`: the
// Vietnam day (UTC+7) of the submission is not after due.last_day.
bool OnTime(int64_t submitted_ms, const Due& due);

// Words for a rule (the catalogue's): "trước ngày 10 tháng 11" for a
// yearly report, "trước ngày 5 của tháng cuối kỳ" for a quarterly one,
// "trong 15 ngày sau khi kết thúc".
std::string DescribeDeadline(const DeadlineRule& rule, PeriodType type, Lang lang);

}  // namespace gemis
