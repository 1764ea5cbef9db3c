#include "core/period_rules.h"

#include <array>
#include <cassert>

namespace gemis::period_rules {

namespace {

constexpr Rule Day() { return {.shape = Shape::kDay, .noun = "day"}; }

constexpr Rule Week(std::string_view tag, uint8_t weekday) {
  return {.shape = Shape::kWeek, .tag = tag, .noun = "week", .weekday = weekday, .weeks = 1};
}

constexpr Rule Months(std::string_view tag, std::string_view noun, uint8_t months,
                      uint8_t first_month, int8_t year_shift) {
  return {.shape = Shape::kMonth,
          .tag = tag,
          .noun = noun,
          .months = months,
          .first_month = first_month,
          .year_shift = year_shift,
          .per_year = static_cast<uint8_t>(12 / months)};
}

constexpr Rule Financial(std::string_view tag, uint8_t first_month, int8_t year_shift = 0) {
  return Months(tag, "year", 12, first_month, year_shift);
}

// Monthly and BiMonthly print their number with two digits: 202401, 202401B.
constexpr Rule Padded(Rule rule, std::string_view suffix) {
  rule.padded = true;
  rule.suffix = suffix;
  return rule;
}

// Indexed by PeriodType. Sources of every rule: docs/formats/period-ids.md.
constexpr std::array kRules = {
    Day(),
    Week("W", 1),
    Week("WedW", 3),
    Week("ThuW", 4),
    Week("FriW", 5),
    Week("SatW", 6),
    Week("SunW", 7),
    Rule{.shape = Shape::kWeek, .tag = "BiW", .noun = "bi-week", .weekday = 1, .weeks = 2},
    Padded(Months("", "month", 1, 1, 0), ""),
    Padded(Months("", "bi-month", 2, 1, 0), "B"),
    Months("Q", "quarter", 3, 1, 0),
    Months("NovQ", "quarter", 3, 11, -1),
    Months("S", "six-month period", 6, 1, 0),
    Months("AprilS", "six-month period", 6, 4, 0),
    Months("NovS", "six-month period", 6, 11, -1),
    Months("", "year", 12, 1, 0),
    Financial("Feb", 2),
    Financial("April", 4),
    Financial("July", 7),
    Financial("Aug", 8),
    Financial("Sep", 9),
    Financial("Oct", 10),
    Financial("Nov", 11, -1),
    Rule{.shape = Shape::kMultiYear, .tag = "-", .noun = "year"},
};
static_assert(kRules.size() == static_cast<size_t>(PeriodType::kMultiYear) + 1);

constexpr int FloorDiv(int a, int b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int YearOfDays(int32_t days) {
  namespace chr = std::chrono;
  return static_cast<int>(chr::year_month_day{chr::sys_days{chr::days{days}}}.year());
}

// First day of an absolute month (year * 12 + month - 1).
int32_t MonthStart(int absolute_month) {
  int year = FloorDiv(absolute_month, 12);
  return DaysFromCivil(year, static_cast<unsigned>(absolute_month - year * 12 + 1), 1);
}

Key WeekKeyOf(const Rule& rule, int32_t day) {
  int32_t start = day - (IsoWeekday(day) - rule.weekday + 7) % 7;
  // A week belongs to the year that holds at least four of its days.
  int year = YearOfDays(start + 3);
  int week = (start - WeekOneStart(year, rule.weekday)) / 7 + 1;
  return {year, (week + rule.weeks - 1) / rule.weeks};
}

Key MonthKeyOf(const Rule& rule, int32_t day) {
  namespace chr = std::chrono;
  chr::year_month_day ymd{chr::sys_days{chr::days{day}}};
  int absolute = static_cast<int>(ymd.year()) * 12 + static_cast<int>(unsigned(ymd.month())) - 1;
  int relative = absolute - (rule.first_month - 1) - rule.year_shift * 12;
  int index = FloorDiv(relative, rule.months);
  int year = FloorDiv(index, rule.per_year);
  return {year, index - year * rule.per_year + 1};
}

}  // namespace

const Rule& RuleOf(PeriodType type) {
  size_t index = static_cast<size_t>(type);
  assert(index < kRules.size());
  return kRules[index];
}

int IsoWeekday(int32_t days) {
  // 1970-01-01 was a Thursday (4).
  int from_thursday = static_cast<int>(((days % 7) + 7) % 7);
  return (from_thursday + 3) % 7 + 1;
}

int32_t WeekOneStart(int week_year, int weekday) {
  int32_t jan4 = DaysFromCivil(week_year, 1, 4);
  return jan4 - (IsoWeekday(jan4) - weekday + 7) % 7;
}

int WeeksInYear(int week_year, int weekday) {
  return (WeekOneStart(week_year + 1, weekday) - WeekOneStart(week_year, weekday)) / 7;
}

int PeriodsInYear(PeriodType type, int year) {
  const Rule& rule = RuleOf(type);
  switch (rule.shape) {
    case Shape::kDay: return DaysFromCivil(year + 1, 1, 1) - DaysFromCivil(year, 1, 1);
    case Shape::kWeek: return (WeeksInYear(year, rule.weekday) + rule.weeks - 1) / rule.weeks;
    case Shape::kMonth: return rule.per_year;
    case Shape::kMultiYear: break;
  }
  assert(false && "MultiYear has no periods per year");
  return 0;
}

DayRange RangeOf(PeriodType type, int year, int number) {
  const Rule& rule = RuleOf(type);
  switch (rule.shape) {
    case Shape::kDay: {
      int32_t day = DaysFromCivil(year, 1, 1) + number - 1;
      return {day, day};
    }
    case Shape::kWeek: {
      int32_t first = WeekOneStart(year, rule.weekday) + (number - 1) * 7 * rule.weeks;
      return {first, first + 7 * rule.weeks - 1};
    }
    case Shape::kMonth: {
      int month =
          (year + rule.year_shift) * 12 + (rule.first_month - 1) + (number - 1) * rule.months;
      return {MonthStart(month), MonthStart(month + rule.months) - 1};
    }
    case Shape::kMultiYear: return {DaysFromCivil(year, 1, 1), DaysFromCivil(number + 1, 1, 1) - 1};
  }
  return {0, -1};
}

Key KeyOf(PeriodType type, int32_t day) {
  const Rule& rule = RuleOf(type);
  switch (rule.shape) {
    case Shape::kDay: {
      int year = YearOfDays(day);
      return {year, day - DaysFromCivil(year, 1, 1) + 1};
    }
    case Shape::kWeek: return WeekKeyOf(rule, day);
    case Shape::kMonth: return MonthKeyOf(rule, day);
    case Shape::kMultiYear: break;
  }
  assert(false && "MultiYear has no containing period");
  return {0, 0};
}

}  // namespace gemis::period_rules
