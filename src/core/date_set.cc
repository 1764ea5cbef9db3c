#include "core/date_set.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include "core/period.h"

namespace gemis {

namespace {

constexpr std::string_view kSpaces = " \t\r\n";

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(kSpaces);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpaces);
  return text.substr(begin, end - begin + 1);
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int FourDigits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// "2022-2024", "2022 - 2024", "2022–2024" (en dash) or "2022—2024" (em dash):
// the two years, or nullopt when `part` does not have that shape.
std::optional<std::pair<int, int>> SplitYearRange(std::string_view part) {
  if (part.size() < 9 || !IsDigits(part.substr(0, 4)) || !IsDigits(part.substr(part.size() - 4))) {
    return std::nullopt;
  }
  std::string_view dash = Trim(part.substr(4, part.size() - 8));
  if (dash != "-" && dash != "\u2013" && dash != "\u2014") return std::nullopt;
  return std::pair{FourDigits(part.substr(0, 4)), FourDigits(part.substr(part.size() - 4))};
}

Status BadPart(std::string_view part, const std::string& why) {
  return Status::Invalid("invalid date set part '" + std::string(part) + "': " + why);
}

// One period id, as the days it covers.
Result<DateRange> ParsePeriod(std::string_view id, std::string_view part) {
  Result<Period> period = Period::Parse(id);
  if (!period.ok()) {
    return BadPart(part,
                   "'" + std::string(id) + "' is not a period (" + period.status().message() + ")");
  }
  return DateRange{period->start(), period->end()};
}

// One part of a union: a year range, a "first..last" range or a period id.
Result<DateRange> ParsePart(std::string_view part) {
  if (auto years = SplitYearRange(part)) {
    auto [first, last] = *years;
    if (first < 1 || last < 1) return BadPart(part, "year 0 does not exist");
    if (first > last) return BadPart(part, "the first year is after the last");
    return DateRange{Date::FromYmd(first, 1, 1), Date::FromYmd(last, 12, 31)};
  }
  size_t dots = part.find("..");
  if (dots == std::string_view::npos) return ParsePeriod(part, part);
  std::string_view left = Trim(part.substr(0, dots));
  std::string_view right = Trim(part.substr(dots + 2));
  if (left.empty() || right.empty()) return BadPart(part, "a range needs a first and a last");
  GEMIS_ASSIGN_OR_RETURN(DateRange first, ParsePeriod(left, part));
  GEMIS_ASSIGN_OR_RETURN(DateRange last, ParsePeriod(right, part));
  if (first.first > last.last) return BadPart(part, "the range ends before it starts");
  return DateRange{first.first, last.last};
}

bool IsFirstOfMonth(Date d) { return d.day() == 1; }
bool IsLastOfMonth(Date d) { return d.day() == DaysInMonth(d.year(), d.month()); }

std::string YearMonth(Date d) { return d.ToString().substr(0, 7); }

std::string RangeToString(const DateRange& r) {
  bool whole_months = IsFirstOfMonth(r.first) && IsLastOfMonth(r.last);
  if (whole_months && r.first.month() == 1 && r.last.month() == 12) {
    std::string first = std::to_string(r.first.year());
    if (r.first.year() == r.last.year()) return first;
    return first + "-" + std::to_string(r.last.year());
  }
  if (whole_months) {
    if (YearMonth(r.first) == YearMonth(r.last)) return YearMonth(r.first);
    return YearMonth(r.first) + ".." + YearMonth(r.last);
  }
  return r.first.ToString() + ".." + r.last.ToString();
}

}  // namespace

DateSet DateSet::Of(Date first, Date last) {
  assert(first <= last);
  DateSet set;
  if (first <= last) set.Add({first, last});
  return set;
}

DateSet DateSet::Years(int first_year, int last_year) {
  return Of(Date::FromYmd(first_year, 1, 1), Date::FromYmd(last_year, 12, 31));
}

Result<DateSet> DateSet::Parse(std::string_view text) {
  DateSet set;
  if (Trim(text).empty()) return set;
  while (true) {
    size_t separator = text.find_first_of(",;");
    std::string_view part = Trim(text.substr(0, separator));
    if (part.empty()) {
      return Status::Invalid("invalid date set '" + std::string(text) + "': an empty part");
    }
    GEMIS_ASSIGN_OR_RETURN(DateRange range, ParsePart(part));
    set.Add(range);
    if (separator == std::string_view::npos) break;
    text.remove_prefix(separator + 1);
  }
  return set;
}

int64_t DateSet::day_count() const {
  int64_t days = 0;
  for (const DateRange& r : ranges_) days += r.last.days() - r.first.days() + 1;
  return days;
}

bool DateSet::Contains(Date d) const {
  // The first range ending on or after d is the only one that can hold it.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), d,
                             [](const DateRange& r, Date day) { return r.last < day; });
  return it != ranges_.end() && it->first <= d;
}

bool DateSet::Contains(const DateSet& other) const {
  // Ranges are maximal, so each range of `other` must lie inside one of ours.
  return std::all_of(other.ranges_.begin(), other.ranges_.end(), [this](const DateRange& o) {
    auto it = std::lower_bound(ranges_.begin(), ranges_.end(), o.first,
                               [](const DateRange& r, Date day) { return r.last < day; });
    return it != ranges_.end() && it->first <= o.first && o.last <= it->last;
  });
}

bool DateSet::Overlaps(const DateSet& other) const {
  size_t i = 0;
  size_t j = 0;
  while (i < ranges_.size() && j < other.ranges_.size()) {
    const DateRange& a = ranges_[i];
    const DateRange& b = other.ranges_[j];
    if (a.first <= b.last && b.first <= a.last) return true;
    if (a.last < b.last) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

DateSet DateSet::Union(const DateSet& other) const {
  DateSet out = *this;
  for (const DateRange& r : other.ranges_) out.Add(r);
  return out;
}

std::string DateSet::ToString() const {
  std::string out;
  for (const DateRange& r : ranges_) {
    if (!out.empty()) out += ',';
    out += RangeToString(r);
  }
  return out;
}

void DateSet::Add(DateRange range) {
  // Keep the ranges sorted, disjoint and non-adjacent: absorb every range
  // that overlaps `range` or touches it, then insert the merged range.
  auto touches = [&range](const DateRange& r) {
    return r.first.days() <= range.last.days() + 1 && range.first.days() <= r.last.days() + 1;
  };
  auto begin = std::find_if(ranges_.begin(), ranges_.end(), touches);
  auto end = begin;
  while (end != ranges_.end() && touches(*end)) {
    range.first = std::min(range.first, end->first);
    range.last = std::max(range.last, end->last);
    ++end;
  }
  bool merged = begin != end;
  auto at = ranges_.erase(begin, end);
  if (!merged) {
    at = std::find_if(ranges_.begin(), ranges_.end(),
                      [&range](const DateRange& r) { return range.last < r.first; });
  }
  ranges_.insert(at, range);
}

}  // namespace gemis
