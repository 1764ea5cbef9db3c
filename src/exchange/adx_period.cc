#include "exchange/adx_period.h"

#include <charconv>

#include "core/period_type.h"

namespace gemis::exchange {

namespace {

Status Bad(std::string_view text, size_t column, const std::string& why) {
  return Status::Invalid("ADX period '" + std::string(text) + "': " + why,
                         {"", 0, static_cast<int>(column), "period"});
}

// The duration of one period of `type` ('D', 'M' or 'Y' and a count).
std::pair<char, int> DurationOf(PeriodType type) {
  switch (type) {
    case PeriodType::kDaily: return {'D', 1};
    case PeriodType::kWeekly:
    case PeriodType::kWeeklyWednesday:
    case PeriodType::kWeeklyThursday:
    case PeriodType::kWeeklyFriday:
    case PeriodType::kWeeklySaturday:
    case PeriodType::kWeeklySunday: return {'D', 7};
    case PeriodType::kBiWeekly: return {'D', 14};
    case PeriodType::kMonthly: return {'M', 1};
    case PeriodType::kBiMonthly: return {'M', 2};
    case PeriodType::kQuarterly:
    case PeriodType::kQuarterlyNov: return {'M', 3};
    case PeriodType::kSixMonthly:
    case PeriodType::kSixMonthlyApril:
    case PeriodType::kSixMonthlyNov: return {'M', 6};
    case PeriodType::kMultiYear: return {'Y', 0};  // by the phase's length
    default: return {'Y', 1};                      // yearly and the financial years
  }
}

}  // namespace

Result<Period> ParseAdxPeriod(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return Bad(text, text.size() + 1, "expected START/DURATION, e.g. 2024-01-01/P1Y");
  }
  Result<Date> start = Date::Parse(text.substr(0, slash));
  if (!start.ok()) return Bad(text, 1, "the start is not a date YYYY-MM-DD");
  std::string_view duration = text.substr(slash + 1);
  const size_t at = slash + 2;  // 1-based column of the duration
  if (duration.size() < 3 || duration[0] != 'P') {
    return Bad(text, at, "the duration must look like P1Y, P6M, P3M, P1M, P7D or P1D");
  }
  char unit = duration.back();
  if (unit != 'D' && unit != 'W' && unit != 'M' && unit != 'Y') {
    return Bad(text, at + duration.size() - 1, "the duration's unit must be D, W, M or Y");
  }
  int count = 0;
  const char* digits = duration.data() + 1;
  const char* end = duration.data() + duration.size() - 1;
  auto [ptr, ec] = std::from_chars(digits, end, count);
  if (ec != std::errc() || ptr != end || count < 1) {
    return Bad(text, at + 1, "the duration needs one positive count (P1Y, P3M, …)");
  }
  if (unit == 'W') {
    if (count > 1000) return Bad(text, at + 1, "too many weeks");
    unit = 'D';
    count *= 7;
  }
  if (unit == 'Y' && count > 1) {
    // A phase of whole calendar years.
    if (start->month() != 1 || start->day() != 1) {
      return Bad(text, 1, "a duration of several years must start on 1 January");
    }
    Result<Period> phase = Period::Phase(start->year(), start->year() + count - 1);
    if (!phase.ok()) return Bad(text, at, phase.status().message());
    return phase;
  }
  for (PeriodType type : AllPeriodTypes()) {
    if (type == PeriodType::kMultiYear) continue;
    auto [u, n] = DurationOf(type);
    if (u != unit || n != count) continue;
    Result<Period> p = Period::Containing(type, *start);
    if (p.ok() && p->start() == *start) return p;
  }
  return Bad(text, 1,
             "no period of length " + std::string(duration) + " starts on " + start->ToString());
}

std::string FormatAdxPeriod(const Period& period) {
  auto [unit, count] = DurationOf(period.type());
  if (period.type() == PeriodType::kMultiYear) {
    count = period.end().year() - period.start().year() + 1;
  }
  return period.start().ToString() + "/P" + std::to_string(count) + unit;
}

}  // namespace gemis::exchange
