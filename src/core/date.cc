#include "core/date.h"

#include <charconv>
#include <cstdio>

namespace gemis {

namespace chr = std::chrono;

bool IsLeapYear(int year) { return chr::year(year).is_leap(); }

unsigned DaysInMonth(int year, unsigned month) {
  return static_cast<unsigned>(
      (chr::year(year) / chr::month(month) / chr::last).day());
}

bool Date::IsValidYmd(int year, unsigned month, unsigned day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= DaysInMonth(year, month);
}

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  assert(IsValidYmd(year, month, day));
  chr::sys_days days{chr::year(year) / chr::month(month) / chr::day(day)};
  return Date(static_cast<int32_t>(days.time_since_epoch().count()));
}

chr::year_month_day Date::ymd() const { return chr::year_month_day{chr::sys_days{chr::days{days_}}}; }
int Date::year() const { return static_cast<int>(ymd().year()); }
unsigned Date::month() const { return static_cast<unsigned>(ymd().month()); }
unsigned Date::day() const { return static_cast<unsigned>(ymd().day()); }

unsigned Date::iso_weekday() const {
  return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding();
}

Date Date::AddMonths(int n) const {
  auto d = ymd();
  int total = static_cast<int>(d.year()) * 12 + static_cast<int>(static_cast<unsigned>(d.month())) - 1 + n;
  int y = total / 12;
  unsigned m = static_cast<unsigned>(total % 12) + 1;
  unsigned day = std::min(static_cast<unsigned>(d.day()), DaysInMonth(y, m));
  return FromYmd(y, m, day);
}

namespace {

// Reads exactly `width` ASCII digits at text[pos]; -1 when not all digits.
int ReadDigits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Result<Date> Checked(int y, int m, int d, std::string_view text) {
  if (m < 1 || m > 12) {
    return Status::Invalid("month " + std::to_string(m) + " out of range 1-12 in date '" +
                           std::string(text) + "'");
  }
  if (y < 1 || d < 1 || !Date::IsValidYmd(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
    return Status::Invalid("day " + std::to_string(d) + " does not exist in " +
                           std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) +
                           " (date '" + std::string(text) + "')");
  }
  return Date::FromYmd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

Result<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return Status::Invalid("expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  int y = ReadDigits(text, 0, 4), m = ReadDigits(text, 5, 2), d = ReadDigits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) {
    return Status::Invalid("expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  return Checked(y, m, d, text);
}

Result<Date> Date::ParseVietnamese(std::string_view text) {
  // d/m/yyyy or dd/mm/yyyy.
  size_t s1 = text.find('/');
  size_t s2 = s1 == std::string_view::npos ? s1 : text.find('/', s1 + 1);
  auto bad = [&] {
    return Status::Invalid("expected a date as dd/mm/yyyy, got '" + std::string(text) + "'");
  };
  if (s2 == std::string_view::npos || s1 == 0 || s1 > 2 || s2 - s1 - 1 == 0 || s2 - s1 - 1 > 2 ||
      text.size() - s2 - 1 != 4) {
    return bad();
  }
  int d = ReadDigits(text, 0, s1), m = ReadDigits(text, s1 + 1, s2 - s1 - 1);
  int y = ReadDigits(text, s2 + 1, 4);
  if (y < 0 || m < 0 || d < 0) return bad();
  return Checked(y, m, d, text);
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::string Date::ToVietnameseString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", day(), month(), year());
  return buf;
}

}  // namespace gemis
