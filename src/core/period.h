// Periods: the DHIS2 period ids (20240315, 2024W1, 2024SunW1, 2024BiW1,
// 202401, 202401B, 2024Q1, 2024NovQ1, 2024S1, 2024AprilS1, 2024NovS1, 2024,
// 2024April, 2024Nov, ...) plus gemis multi-year phases (2021-2025), each
// mapped to an inclusive range of days. docs/formats/period-ids.md is the
// spec: every id shape, its days, and the DHIS2 source of each rule.
//
// Invariants of every Period value:
//   (1) start() <= end(), both within 0001-01-01 .. 9999-12-31;
//   (2) ToString() is the canonical id and Parse(ToString()) yields the same
//       value; the type and the start day alone determine the period;
//   (3) Next() starts the day after end(), except after the 27th bi-week of
//       a 53-week year, which overlaps the next year's first bi-week exactly
//       as in DHIS2 (see the spec).
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/period_type.h"
#include "core/status.h"

namespace gemis {

// An immutable value (16 bytes, trivially copyable); thread-compatible.
class Period {
 public:
  // Parses a period id. Accepts the canonical ids and the alternative
  // spellings DHIS2 accepts (2024-03-15, 2024-03, week numbers with a leading
  // zero: 2024W01). Errors are kInvalidInput with Location::column pointing
  // at the offending character (1-based), e.g. "2024W54" -> column 6
  // "week 54 out of range 1-52 for 2024". Never allocates on success.
  static Result<Period> Parse(std::string_view id);

  // The period of `type` that contains `day`. kUsage error for MultiYear
  // (phases have no fixed boundaries); kInvalidInput when the period would
  // reach outside the years 1-9999.
  static Result<Period> Containing(PeriodType type, Date day);

  // The phase first_year-last_year (whole calendar years). REQUIRES nothing:
  // errors when first_year >= last_year, it spans more than 100 years, or a
  // year is outside 1-9999.
  static Result<Period> Phase(int first_year, int last_year);

  PeriodType type() const { return type_; }
  Date start() const { return start_; }
  Date end() const { return end_; }  // inclusive
  int32_t DayCount() const { return end_.days() - start_.days() + 1; }

  // The canonical id ("2024W1", "202401", "2021-2025").
  std::string ToString() const;

  bool Contains(Date day) const { return start_ <= day && day <= end_; }
  // True when every day of `other` is a day of this period.
  bool Contains(const Period& other) const { return start_ <= other.start_ && other.end_ <= end_; }
  bool Overlaps(const Period& other) const { return start_ <= other.end_ && other.start_ <= end_; }
  // Number of days both periods share (0 when disjoint).
  int32_t OverlapDays(const Period& other) const;

  // The following / preceding period of the same type (MultiYear: the phase
  // of the same length right after / before). Errors only at the edges of
  // the years 1-9999.
  Result<Period> Next() const;
  Result<Period> Previous() const;

  friend bool operator==(const Period&, const Period&) = default;
  // Orders by start day, then end day, then type.
  friend std::strong_ordering operator<=>(const Period& a, const Period& b);

 private:
  Period(PeriodType type, int year, int number, Date start, Date end)
      : type_(type),
        year_(static_cast<int16_t>(year)),
        number_(static_cast<int16_t>(number)),
        start_(start),
        end_(end) {}
  // Builds (type, year, number) when its days lie within the years 1-9999.
  // REQUIRES: number is valid for the year (period_rules::PeriodsInYear).
  static Result<Period> Build(PeriodType type, int year, int number);
  friend class PeriodParser;
  friend Result<std::vector<Period>> PeriodsInside(PeriodType type, const Period& outer);

  PeriodType type_;
  int16_t year_;    // the year written in the id (MultiYear: first year)
  int16_t number_;  // week, month, quarter ... day of year (MultiYear: last year)
  Date start_;
  Date end_;
};

// Every period of `type` whose days all lie within `outer`, in order: the 12
// months of 2024, the weeks fully inside a year, the days of anything, the
// 20 quarters of 2021-2025. kUsage error for MultiYear.
Result<std::vector<Period>> PeriodsInside(PeriodType type, const Period& outer);

// Prints the canonical id (for test failure messages and logs).
std::ostream& operator<<(std::ostream& out, const Period& period);

}  // namespace gemis
