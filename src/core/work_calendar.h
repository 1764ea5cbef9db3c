// Working days in Vietnam (docs/reporting.md, "Calendars"): Monday to
// Friday, except the days off of a dated table — public holidays (Labour
// Code 2019, Article 112: New Year, Tết, the Hùng Kings' day, 30/4, 1/5,
// National Day) and the days the Government gives off each year, some of
// them made up on a Saturday, which the table then lists as a working day.
// Tết and Giỗ Tổ follow the lunar calendar and the swaps are decided each
// year, so the table is data, updated yearly (data/calendar/), not a rule.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis {

enum class CalendarDayKind {
  kOff,      // a holiday or a day given off (nghỉ lễ, nghỉ bù, nghỉ hoán đổi)
  kWorking,  // a Saturday or Sunday worked to make up a day given off (làm bù)
};
const char* CalendarDayKindName(CalendarDayKind kind);  // "off", "working"
Result<CalendarDayKind> ParseCalendarDayKind(std::string_view text);

struct CalendarDay {
  Date day;
  CalendarDayKind kind = CalendarDayKind::kOff;
  std::string name;  // "Tết Nguyên đán", "Giỗ Tổ Hùng Vương (nghỉ bù)"
  friend bool operator==(const CalendarDay&, const CalendarDay&) = default;
};

// Immutable once made; cheap to copy (a sorted vector).
class WorkCalendar {
 public:
  // Weekends only, no table.
  WorkCalendar() = default;
  // kInvalidInput naming "days[i]" for a day listed twice, a name that is
  // blank, or a working day that is not a Saturday or Sunday. A day off on
  // a weekend may be listed (an announced range "14/2 to 22/2" includes
  // them); it changes nothing.
  static Result<WorkCalendar> Make(std::vector<CalendarDay> days);

  bool IsWorkingDay(Date d) const;
  // `d` when it is a working day, else the first working day after it.
  Date NextWorkingDay(Date d) const;
  // The `n`-th working day after `from` (n >= 1; `from` itself is not
  // counted). REQUIRES n >= 0; n == 0 answers `from`.
  Date AddWorkingDays(Date from, int n) const;
  // True when the table lists some day of `year`: a working-day count
  // reaching a year the table does not cover only knows the weekends.
  bool Covers(int year) const;
  // The entry of `d`, if listed.
  const CalendarDay* Find(Date d) const;

  const std::vector<CalendarDay>& days() const { return days_; }

 private:
  std::vector<CalendarDay> days_;  // sorted by day, unique
};

}  // namespace gemis
