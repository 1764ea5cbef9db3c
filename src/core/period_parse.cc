// Period::Parse: a hand-written scanner over the id shapes of
// docs/formats/period-ids.md. No regex, no allocation unless it fails.

#include <algorithm>
#include <string>

#include "core/period.h"
#include "core/period_rules.h"

namespace gemis {

namespace rules = period_rules;

namespace {

constexpr std::string_view kAcceptedForms =
    "2024, 2024April (or Feb, July, Aug, Sep, Oct, Nov), 202401, 2024-01, 202401B, "
    "20240315, 2024-03-15, 2024W1, 2024WedW1 (or ThuW, FriW, SatW, SunW), 2024BiW1, "
    "2024Q1, 2024NovQ1, 2024S1, 2024AprilS1, 2024NovS1, 2021-2025";

// Ids longer than this are cut short in messages.
constexpr size_t kQuotedIdLimit = 24;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

class PeriodParser {
 public:
  explicit PeriodParser(std::string_view id) : id_(id) {}

  Result<Period> Parse() {
    if (id_.empty()) return Error(0, "empty period id");
    size_t year_digits = DigitRun(0);
    if (year_digits < 4) {
      return Error(year_digits, "a period id starts with a 4-digit year");
    }
    int year = Digits(0, 4);
    if (year == 0) return Error(0, "year 0 out of range 1-9999");
    if (id_.size() == 4) return Located(Period::Build(PeriodType::kYearly, year, 1), 0);
    if (year_digits > 4) return ParseDigits(year);
    if (id_[4] == '-') return ParseDash(year);
    return ParseTagged(year);
  }

 private:
  // 202401, 202401B, 20240315.
  Result<Period> ParseDigits(int year) {
    size_t run = DigitRun(4);
    if (run == 2 && id_.size() == 6) return Month(year, 4);
    if (run == 2 && id_.size() == 7 && id_[6] == 'B') {
      int number = Digits(4, 2);
      if (number < 1 || number > 6) return OutOfRange(4, "bi-month", number, 6);
      return Located(Period::Build(PeriodType::kBiMonthly, year, number), 0);
    }
    if (run == 4 && id_.size() == 8) return Day(year, 4, 6);
    if (run == 2) return NotAPeriod(id_[6] == 'B' ? 7 : 6);
    return NotAPeriod(run < 4 ? 4 + run : 8);
  }

  // 2024-01, 2024-03-15, 2021-2025.
  Result<Period> ParseDash(int year) {
    size_t run = DigitRun(5);
    if (run == 4 && id_.size() == 9) {
      return Located(Period::Phase(year, Digits(5, 4)), 5);
    }
    if (run == 2 && id_.size() == 7) return Month(year, 5);
    if (run == 2 && id_.size() > 7 && id_[7] == '-') {
      if (DigitRun(8) == 2 && id_.size() == 10) return Day(year, 5, 8);
      return NotAPeriod(8 + std::min<size_t>(DigitRun(8), 2));
    }
    return NotAPeriod(run == 2 ? 7 : run >= 4 ? 9 : 5 + run);
  }

  // 2024W1, 2024WedW01, 2024BiW1, 2024Q1, 2024NovS1, 2024April, ...
  Result<Period> ParseTagged(int year) {
    std::string_view rest = id_.substr(4);
    PeriodType type = PeriodType::kDaily;
    size_t tag_size = 0;
    for (PeriodType candidate : AllPeriodTypes()) {
      std::string_view tag = rules::RuleOf(candidate).tag;
      if (tag.size() > tag_size && tag != "-" && rest.substr(0, tag.size()) == tag) {
        type = candidate;
        tag_size = tag.size();
      }
    }
    if (tag_size == 0) return NotAPeriod(4);
    size_t pos = 4 + tag_size;
    const rules::Rule& rule = rules::RuleOf(type);
    if (rule.shape == rules::Shape::kMonth && rule.per_year == 1) {
      if (pos < id_.size()) return Unexpected(pos, id_.substr(0, pos));
      return Located(Period::Build(type, year, 1), 0);
    }
    return Numbered(type, year, pos);
  }

  // The number after a tag: 1-2 digits for weeks, one digit otherwise.
  Result<Period> Numbered(PeriodType type, int year, size_t pos) {
    const rules::Rule& rule = rules::RuleOf(type);
    size_t max_digits = rule.shape == rules::Shape::kWeek ? 2 : 1;
    size_t run = DigitRun(pos);
    std::string noun(rule.noun);
    if (run == 0) {
      if (pos == id_.size()) return Error(pos, "missing " + noun + " number");
      return Error(pos, "expected the " + noun + " number, found '" + id_[pos] + "'");
    }
    if (run > max_digits) {
      return Error(pos, noun + " number has more than " + std::to_string(max_digits) +
                            (max_digits == 1 ? " digit" : " digits"));
    }
    if (pos + run < id_.size()) return Unexpected(pos + run, id_.substr(0, pos + run));
    int number = Digits(pos, run);
    int count = rules::PeriodsInYear(type, year);
    if (number < 1 || number > count) {
      if (rule.shape != rules::Shape::kWeek) return OutOfRange(pos, noun, number, count);
      std::string where = " for " + std::string(id_.substr(0, 4));
      if (type != PeriodType::kWeekly && type != PeriodType::kBiWeekly) {
        where += " (" + std::string(PeriodTypeName(type)) + ")";
      }
      return OutOfRange(pos, noun, number, count, where);
    }
    return Located(Period::Build(type, year, number), 0);
  }

  Result<Period> Month(int year, size_t month_pos) {
    int month = Digits(month_pos, 2);
    if (month < 1 || month > 12) return OutOfRange(month_pos, "month", month, 12);
    return Located(Period::Build(PeriodType::kMonthly, year, month), 0);
  }

  Result<Period> Day(int year, size_t month_pos, size_t day_pos) {
    int month = Digits(month_pos, 2);
    int day = Digits(day_pos, 2);
    if (month < 1 || month > 12) return OutOfRange(month_pos, "month", month, 12);
    unsigned days_in_month = DaysInMonth(year, static_cast<unsigned>(month));
    if (day < 1 || static_cast<unsigned>(day) > days_in_month) {
      return Error(day_pos, "day " + std::to_string(day) + " does not exist in " +
                                std::string(id_.substr(0, 4)) + "-" +
                                std::string(id_.substr(month_pos, 2)));
    }
    int32_t first = rules::DaysFromCivil(year, 1, 1);
    int32_t date =
        rules::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return Located(Period::Build(PeriodType::kDaily, year, date - first + 1), 0);
  }

  // Value of `count` digits at `pos`. REQUIRES: they are digits.
  int Digits(size_t pos, size_t count) const {
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) value = value * 10 + (id_[i] - '0');
    return value;
  }

  size_t DigitRun(size_t pos) const {
    size_t end = pos;
    while (end < id_.size() && IsDigit(id_[end])) ++end;
    return end - pos;
  }

  std::string Quoted() const {
    if (id_.size() <= kQuotedIdLimit) return "'" + std::string(id_) + "'";
    return "'" + std::string(id_.substr(0, kQuotedIdLimit)) + "...'";
  }

  Status Error(size_t pos, std::string what) const {
    return Status::Invalid(std::move(what) + " in period id " + Quoted(),
                           {"", 0, static_cast<int>(pos) + 1, ""});
  }

  Status OutOfRange(size_t pos, std::string_view noun, int number, int count,
                    std::string_view where = "") const {
    return Error(pos, std::string(noun) + " " + std::to_string(number) + " out of range 1-" +
                          std::to_string(count) + std::string(where));
  }

  Status Unexpected(size_t pos, std::string_view after) const {
    return Error(
        pos, "unexpected '" + std::string(1, id_[pos]) + "' after '" + std::string(after) + "'");
  }

  Status NotAPeriod(size_t pos) const {
    return Status::Invalid(
        Quoted() + " is not a period id; expected one of " + std::string(kAcceptedForms),
        {"", 0, static_cast<int>(pos) + 1, ""});
  }

  // Gives an error without a column the column of `pos`.
  static Result<Period> Located(Result<Period> result, size_t pos) {
    if (result.ok()) return result;
    return result.status().WithContext({"", 0, static_cast<int>(pos) + 1, ""});
  }

  std::string_view id_;
};

Result<Period> Period::Parse(std::string_view id) { return PeriodParser(id).Parse(); }

}  // namespace gemis
