// A data element: one raw measure (e.g. "members of savings groups"), its
// value type, how it aggregates and how it is disaggregated (its category
// combo). A data value is keyed, as in DHIS2, by (data element, period, org
// unit, category option combo, attribute option combo) and stored as the
// CanonicalValue of the element's value type. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/aggregation_type.h"
#include "core/category.h"
#include "core/status.h"
#include "core/value_type.h"

namespace gemis {

// DHIS2's limit on a short name.
inline constexpr size_t kMaxShortNameLength = 50;

struct DataElement {
  std::string uid;
  std::string code;
  std::string name;        // Vietnamese
  std::string name_en;     // English, may be empty
  std::string short_name;  // for table headers, may be empty
  std::string description;
  ValueType value_type = ValueType::kInteger;
  AggregationType aggregation_type = AggregationType::kSum;
  std::string category_combo_code = std::string(kDefaultCode);
  // When false, a zero is not stored (DHIS2 semantics, see IsInsignificantZero).
  bool zero_is_significant = false;
  // Unit shown after values: "tổ", "người", "cuộc", "%", "đồng".
  std::optional<std::string> unit;
  // DHIS2's aggregation levels: tiers (1-5, ascending, no repeats) at which
  // the element's values are entered as totals of their own. A query of a
  // unit at tier L reads only the values placed on units of the nearest such
  // tier A >= L (so a province total comes from the district totals, not from
  // the communes' values as well); below every listed tier, values aggregate
  // as usual. Empty: every value counts under all its ancestors.
  std::vector<int> aggregation_levels;
};

// Checks: uid is a valid uid; code passes CheckCode; name is not blank;
// short_name has at most kMaxShortNameLength characters; category_combo_code
// passes CheckCode; AggregationFits(aggregation_type, value_type) (NONE only
// for text, arithmetic only on numbers and booleans); unit, when present, is
// not blank; aggregation_levels are tiers 1-5, ascending, without repeats.
// Errors are kInvalidInput with Location.field naming the field.
Status ValidateDataElement(const DataElement& element);

// `value` with `element`'s value type, the element's code in the message
// (CanonicalValue with data_element_code).
Result<std::string> CanonicalDataValue(const DataElement& element, std::string_view value);

// True when `canonical` is a zero that DHIS2 would not store for `element`:
// a numeric value type, zero_is_significant false, and an aggregation other
// than AVERAGE/AVERAGE_SUM_ORG_UNIT (where a zero changes the mean).
bool IsInsignificantZero(const DataElement& element, std::string_view canonical);

}  // namespace gemis
