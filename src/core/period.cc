#include "core/period.h"

#include <algorithm>
#include <ostream>

#include "core/period_rules.h"

namespace gemis {

namespace rules = period_rules;

namespace {

constexpr int kMaxPhaseYears = 100;

// Writes `value` with at least `width` digits; returns the end.
char* WriteNumber(char* out, int value, int width) {
  char digits[8];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && count < 8);
  while (count < width) digits[count++] = '0';
  while (count > 0) *out++ = digits[--count];
  return out;
}

char* WriteText(char* out, std::string_view text) {
  return std::copy(text.begin(), text.end(), out);
}

std::string YearText(int year) {
  char buffer[8];
  return std::string(buffer, WriteNumber(buffer, year, 4));
}

rules::Key NextKey(PeriodType type, rules::Key key) {
  if (key.number < rules::PeriodsInYear(type, key.year)) return {key.year, key.number + 1};
  return {key.year + 1, 1};
}

rules::Key PreviousKey(PeriodType type, rules::Key key) {
  if (key.number > 1) return {key.year, key.number - 1};
  return {key.year - 1, rules::PeriodsInYear(type, key.year - 1)};
}

Status MultiYearUsage(const char* what) {
  return Status::Usage(std::string(what) +
                       " needs a period type with fixed boundaries, not MultiYear");
}

}  // namespace

Result<Period> Period::Build(PeriodType type, int year, int number) {
  rules::DayRange range = rules::RangeOf(type, year, number);
  Period period(type, year, number, Date::FromDays(range.first), Date::FromDays(range.last));
  if (range.first < rules::kMinDay || range.last > rules::kMaxDay) {
    return Status::Invalid("period " + period.ToString() +
                           " reaches outside the supported days 0001-01-01 to 9999-12-31");
  }
  return period;
}

Result<Period> Period::Containing(PeriodType type, Date day) {
  if (type == PeriodType::kMultiYear) return MultiYearUsage("Period::Containing");
  if (day.days() < rules::kMinDay || day.days() > rules::kMaxDay) {
    return Status::Invalid("day " + std::to_string(day.days()) +
                           " (days since 1970-01-01) is outside the years 1-9999");
  }
  rules::Key key = rules::KeyOf(type, day.days());
  return Build(type, key.year, key.number);
}

Result<Period> Period::Phase(int first_year, int last_year) {
  for (int year : {first_year, last_year}) {
    if (year < 1 || year > 9999) {
      return Status::Invalid("year " + std::to_string(year) + " out of range 1-9999");
    }
  }
  std::string text = YearText(first_year) + "-" + YearText(last_year);
  if (last_year < first_year) {
    return Status::Invalid("last year " + std::to_string(last_year) + " is before first year " +
                           std::to_string(first_year) + " in phase " + text);
  }
  if (last_year == first_year) {
    return Status::Invalid("phase " + text +
                           " must span at least two years (a single year is written " +
                           YearText(first_year) + ")");
  }
  if (last_year - first_year + 1 > kMaxPhaseYears) {
    return Status::Invalid("phase " + text + " spans " +
                           std::to_string(last_year - first_year + 1) + " years, more than " +
                           std::to_string(kMaxPhaseYears));
  }
  return Build(PeriodType::kMultiYear, first_year, last_year);
}

std::string Period::ToString() const {
  char buffer[24];
  char* out = WriteNumber(buffer, year_, 4);
  const rules::Rule& rule = rules::RuleOf(type_);
  switch (rule.shape) {
    case rules::Shape::kDay:
      out = WriteNumber(out, static_cast<int>(start_.month()), 2);
      out = WriteNumber(out, static_cast<int>(start_.day()), 2);
      break;
    case rules::Shape::kWeek:
    case rules::Shape::kMonth:
      out = WriteText(out, rule.tag);
      if (rule.shape == rules::Shape::kWeek || rule.per_year > 1) {
        out = WriteNumber(out, number_, rule.padded ? 2 : 1);
      }
      out = WriteText(out, rule.suffix);
      break;
    case rules::Shape::kMultiYear:
      *out++ = '-';
      out = WriteNumber(out, number_, 4);
      break;
  }
  return std::string(buffer, out);
}

int32_t Period::OverlapDays(const Period& other) const {
  int32_t first = std::max(start_.days(), other.start_.days());
  int32_t last = std::min(end_.days(), other.end_.days());
  return std::max(0, last - first + 1);
}

Result<Period> Period::Next() const {
  if (type_ == PeriodType::kMultiYear) {
    int length = number_ - year_ + 1;
    return Phase(number_ + 1, number_ + length);
  }
  rules::Key key = NextKey(type_, {year_, number_});
  return Build(type_, key.year, key.number);
}

Result<Period> Period::Previous() const {
  if (type_ == PeriodType::kMultiYear) {
    int length = number_ - year_ + 1;
    return Phase(year_ - length, year_ - 1);
  }
  rules::Key key = PreviousKey(type_, {year_, number_});
  return Build(type_, key.year, key.number);
}

std::strong_ordering operator<=>(const Period& a, const Period& b) {
  if (auto c = a.start_ <=> b.start_; c != 0) return c;
  if (auto c = a.end_ <=> b.end_; c != 0) return c;
  return a.type_ <=> b.type_;
}

Result<std::vector<Period>> PeriodsInside(PeriodType type, const Period& outer) {
  if (type == PeriodType::kMultiYear) return MultiYearUsage("PeriodsInside");
  int32_t first = outer.start().days();
  int32_t last = outer.end().days();
  rules::Key key = rules::KeyOf(type, first);
  rules::DayRange range = rules::RangeOf(type, key.year, key.number);
  if (range.first < first) key = NextKey(type, key);
  std::vector<Period> periods;
  periods.reserve(static_cast<size_t>(outer.DayCount() / (range.last - range.first + 1) + 1));
  // Period ends grow along the sequence of keys, so the first period that
  // ends after `outer` ends the scan. Every period found lies inside `outer`,
  // hence inside the supported days, so it needs no range check.
  for (range = rules::RangeOf(type, key.year, key.number); range.last <= last;
       key = NextKey(type, key), range = rules::RangeOf(type, key.year, key.number)) {
    periods.push_back(Period(type, key.year, key.number, Date::FromDays(range.first),
                             Date::FromDays(range.last)));
  }
  return periods;
}

std::ostream& operator<<(std::ostream& out, const Period& period) {
  return out << period.ToString();
}

}  // namespace gemis
