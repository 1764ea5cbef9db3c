// A set of civil dates made of disjoint inclusive ranges: the period of a
// plan, of a target or of a completion window. Plans state periods that are
// not one DHIS2 period: "April – December 2024", "end of 2022 – 2025",
// "2023 and 2025". Pure value type.
//
// Text form (Parse accepts it, ToString prints it canonically):
//   2024                 a year              2022-2024      years 2022 to 2024
//   2024Q1, 202404, …    any DHIS2 period id (core/period.h)
//   2024-04..2024-12     whole months       2022-10-03..2025-12-31   days
//   2023,2025            a union of any of the above (',' or ';', spaces allowed)
// ToString merges adjacent ranges and prints whole years as "2022-2024",
// whole months as "2024-04..2024-12", other ranges as "2022-10-03..2025-12-31".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis {

struct DateRange {
  Date first;
  Date last;  // inclusive, first <= last
  bool operator==(const DateRange&) const = default;
};

class DateSet {
 public:
  DateSet() = default;  // empty
  static DateSet Of(Date first, Date last);
  static DateSet Years(int first_year, int last_year);
  // Errors are kInvalidInput naming the offending part ("2024-13..2024-12").
  static Result<DateSet> Parse(std::string_view text);

  bool empty() const { return ranges_.empty(); }
  // Sorted, disjoint, non-adjacent.
  const std::vector<DateRange>& ranges() const { return ranges_; }
  Date first() const { return ranges_.front().first; }  // REQUIRES: !empty()
  Date last() const { return ranges_.back().last; }     // REQUIRES: !empty()
  int64_t day_count() const;

  bool Contains(Date d) const;
  // Every day of `other` is in this set (an empty `other` is contained).
  bool Contains(const DateSet& other) const;
  bool Overlaps(const DateSet& other) const;
  DateSet Union(const DateSet& other) const;

  std::string ToString() const;
  bool operator==(const DateSet&) const = default;

 private:
  void Add(DateRange range);
  std::vector<DateRange> ranges_;
};

}  // namespace gemis
