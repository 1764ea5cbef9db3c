// Calendar arithmetic behind period ids. Internal to src/core/period*.cc:
// other code uses core/period.h.
//
// Every period is named by (type, year, number): the year written in its id
// and its number within that year (week 1-53, month 1-12, quarter 1-4, day of
// the year for Daily, 1 for types without a number; for MultiYear the year is
// the first year and the number the last). Days are counted from 1970-01-01
// as in Date. The functions below accept any year from -30000 to 30000, so
// callers can compute a range first and check it against the supported days
// (kMinDay..kMaxDay) afterwards.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/period_type.h"

namespace gemis::period_rules {

enum class Shape : uint8_t { kDay, kWeek, kMonth, kMultiYear };

struct Rule {
  Shape shape;
  std::string_view tag;     // id text between the year and the number: "W", "NovQ", "April"
  std::string_view suffix;  // id text after the number: "B" for BiMonthly
  std::string_view noun;    // what the number counts, for messages: "week", "quarter"
  bool padded;              // number printed with two digits (Monthly, BiMonthly)
  uint8_t weekday;          // kWeek: ISO weekday each week starts on (1 = Monday)
  uint8_t weeks;            // kWeek: weeks per period (2 for BiWeekly)
  uint8_t months;           // kMonth: months per period
  uint8_t first_month;      // kMonth: month in which period 1 of an id year starts
  int8_t year_shift;        // kMonth: -1 when period 1 of id year Y starts in year Y-1
  uint8_t per_year;         // kMonth: periods per id year (1: the id has no number)
};

const Rule& RuleOf(PeriodType type);

constexpr int32_t DaysFromCivil(int year, unsigned month, unsigned day) {
  namespace chr = std::chrono;
  return chr::sys_days{chr::year(year) / chr::month(month) / chr::day(day)}
      .time_since_epoch()
      .count();
}

// The supported days: 0001-01-01 to 9999-12-31, the range of Date.
inline constexpr int32_t kMinDay = DaysFromCivil(1, 1, 1);
inline constexpr int32_t kMaxDay = DaysFromCivil(9999, 12, 31);

struct DayRange {
  int32_t first;
  int32_t last;  // inclusive
};

struct Key {
  int year;
  int number;
};

// ISO weekday of a day: 1 = Monday ... 7 = Sunday.
int IsoWeekday(int32_t days);
// First day of week 1 of `week_year` for weeks starting on `weekday`: the week
// that contains January 4 (ISO 8601 for Monday, DHIS2's rule for the others).
int32_t WeekOneStart(int week_year, int weekday);
// 52 or 53.
int WeeksInYear(int week_year, int weekday);

// How many numbers an id year has: weeks, bi-weeks, months, ..., days.
// Not for MultiYear.
int PeriodsInYear(PeriodType type, int year);
// The days of a period. REQUIRES: 1 <= number <= PeriodsInYear(type, year),
// or for MultiYear year <= number.
DayRange RangeOf(PeriodType type, int year, int number);
// The period of `type` that contains `day`. REQUIRES: type is not MultiYear.
Key KeyOf(PeriodType type, int32_t day);

}  // namespace gemis::period_rules
