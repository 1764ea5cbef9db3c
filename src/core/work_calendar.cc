#include "core/work_calendar.h"

#include <algorithm>

#include "core/text.h"

namespace gemis {

namespace {

bool IsWeekend(Date d) { return d.iso_weekday() >= 6; }

Status Bad(size_t i, std::string message) {
  return Status::Invalid("calendar day " + std::to_string(i) + ": " + message,
                         Location{.field = "days[" + std::to_string(i) + "]"});
}

}  // namespace

const char* CalendarDayKindName(CalendarDayKind kind) {
  return kind == CalendarDayKind::kOff ? "off" : "working";
}

Result<CalendarDayKind> ParseCalendarDayKind(std::string_view text) {
  if (text == "off") return CalendarDayKind::kOff;
  if (text == "working") return CalendarDayKind::kWorking;
  return Status::Invalid("a calendar day is 'off' or 'working', not '" + std::string(text) + "'",
                         Location{.field = "kind"});
}

Result<WorkCalendar> WorkCalendar::Make(std::vector<CalendarDay> days) {
  for (size_t i = 0; i < days.size(); ++i) {
    const CalendarDay& c = days[i];
    if (IsBlank(c.name)) return Bad(i, "a day needs its name (the holiday, or the swap)");
    if (c.kind == CalendarDayKind::kWorking && !IsWeekend(c.day)) {
      return Bad(i, c.day.ToString() +
                        " is a weekday: only a Saturday or Sunday is made a "
                        "working day");
    }
  }
  std::vector<size_t> order(days.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return days[a].day < days[b].day; });
  for (size_t k = 1; k < order.size(); ++k) {
    if (days[order[k]].day == days[order[k - 1]].day) {
      return Bad(order[k], days[order[k]].day.ToString() + " is listed twice");
    }
  }
  WorkCalendar out;
  out.days_.reserve(days.size());
  for (size_t i : order) out.days_.push_back(std::move(days[i]));
  return out;
}

const CalendarDay* WorkCalendar::Find(Date d) const {
  auto it = std::lower_bound(days_.begin(), days_.end(), d,
                             [](const CalendarDay& c, Date x) { return c.day < x; });
  return it != days_.end() && it->day == d ? &*it : nullptr;
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  if (const CalendarDay* c = Find(d)) return c->kind == CalendarDayKind::kWorking;
  return !IsWeekend(d);
}

Date WorkCalendar::NextWorkingDay(Date d) const {
  // Tết with its weekends is at most about ten days off in a row.
  while (!IsWorkingDay(d)) d = d.AddDays(1);
  return d;
}

Date WorkCalendar::AddWorkingDays(Date from, int n) const {
  Date d = from;
  for (int counted = 0; counted < n;) {
    d = d.AddDays(1);
    if (IsWorkingDay(d)) ++counted;
  }
  return d;
}

bool WorkCalendar::Covers(int year) const {
  return std::any_of(days_.begin(), days_.end(),
                     [year](const CalendarDay& c) { return c.day.year() == year; });
}

}  // namespace gemis
