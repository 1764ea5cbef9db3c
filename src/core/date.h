// Civil dates (no time zone, no time of day): the unit of every validity
// interval, period boundary and deadline in gemis.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

// A proleptic Gregorian calendar day, stored as days since 1970-01-01.
// Valid range: years 1 to 9999 (what FromYmd and Parse accept).
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // REQUIRES: IsValidYmd(y, m, d).
  static Date FromYmd(int year, unsigned month, unsigned day);
  static bool IsValidYmd(int year, unsigned month, unsigned day);

  // Parses ISO 8601 "YYYY-MM-DD" (exactly that shape). Error names the column.
  static Result<Date> Parse(std::string_view text);
  // Parses the Vietnamese "dd/mm/yyyy" ("d/m/yyyy" also accepted).
  static Result<Date> ParseVietnamese(std::string_view text);

  constexpr int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // ISO weekday: 1 = Monday … 7 = Sunday.
  unsigned iso_weekday() const;
  std::chrono::year_month_day ymd() const;

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Adds calendar months, clamping the day to the end of the target month.
  Date AddMonths(int n) const;

  std::string ToString() const;            // "2024-03-15"
  std::string ToVietnameseString() const;  // "15/03/2024"

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Number of days in a month of a year.
unsigned DaysInMonth(int year, unsigned month);
bool IsLeapYear(int year);

}  // namespace gemis
