// An indicator: a measure computed from data elements, numerator / denominator
// × factor (DHIS2's model). Plans state percentage targets against indicators
// ("15% of savings-group members linked to formal finance"). The expression
// language (#{de.coc}, N{ind}, if, isNull, …) is parsed by the analytics
// layer; here the expressions are kept as text and checked for shape only.
#pragma once

#include <optional>
#include <string>

#include "core/decimal.h"
#include "core/status.h"

namespace gemis {

struct Indicator {
  std::string uid;
  std::string code;
  std::string name;     // Vietnamese
  std::string name_en;  // may be empty
  std::string short_name;
  std::string numerator;    // expression, e.g. "#{P8_TKV_MEM_FORMAL}"
  std::string denominator;  // expression, e.g. "#{P8_TKV_MEMBERS}"; "1" for none
  int64_t factor = 100;     // 100 for a percentage
  std::string unit;         // "%"
  // The largest meaningful value (100 for a share of a whole); a target above
  // it is rejected. nullopt: no limit (ratios such as "men per woman").
  std::optional<Decimal> max_value;
};

// Checks: uid valid; code passes CheckCode; name not blank; numerator and
// denominator not blank, balanced braces and parentheses; factor > 0.
// Errors are kInvalidInput with Location.field naming the field.
Status ValidateIndicator(const Indicator& indicator);

}  // namespace gemis
