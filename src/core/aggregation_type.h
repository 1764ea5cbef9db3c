// How values of a data element combine over periods and org units. Names
// and meanings follow DHIS2's AggregationType (the subset gemis supports);
// docs/metadata.md has the table of meanings and of which value types each
// one fits. Pure and thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "core/status.h"
#include "core/value_type.h"

namespace gemis {

enum class AggregationType {
  kSum,                 // SUM: sum over periods and org units
  kAverage,             // AVERAGE: mean over periods and org units
  kAverageSumOrgUnit,   // AVERAGE_SUM_ORG_UNIT: mean over periods, sum over org units
  kLast,                // LAST: latest period's value, summed over org units
  kLastAverageOrgUnit,  // LAST_AVERAGE_ORG_UNIT: latest period's value, mean over org units
  kMin,                 // MIN: smallest value
  kMax,                 // MAX: largest value
  kCount,               // COUNT: number of stored values
  kNone,                // NONE: never aggregated (text shown where it was entered)
};

inline constexpr std::array<AggregationType, 9> kAllAggregationTypes = {
    AggregationType::kSum,
    AggregationType::kAverage,
    AggregationType::kAverageSumOrgUnit,
    AggregationType::kLast,
    AggregationType::kLastAverageOrgUnit,
    AggregationType::kMin,
    AggregationType::kMax,
    AggregationType::kCount,
    AggregationType::kNone,
};

// The DHIS2 spelling: "SUM", "AVERAGE_SUM_ORG_UNIT", …
const char* AggregationTypeName(AggregationType type);
// Inverse of AggregationTypeName, exact spelling only; the error lists the
// accepted names.
Result<AggregationType> ParseAggregationType(std::string_view name);

// Whether `aggregation` is meaningful for values of `value_type`:
//  - SUM, AVERAGE, AVERAGE_SUM_ORG_UNIT, LAST_AVERAGE_ORG_UNIT do arithmetic:
//    numeric types and BOOLEAN/TRUE_ONLY (counted as 1/0) only;
//  - MIN, MAX compare: numeric, boolean and DATE;
//  - LAST, COUNT: every value type;
//  - NONE: TEXT and LONG_TEXT only.
bool AggregationFits(AggregationType aggregation, ValueType value_type);

}  // namespace gemis
