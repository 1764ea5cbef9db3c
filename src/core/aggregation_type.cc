#include "core/aggregation_type.h"

#include <algorithm>
#include <string>

namespace gemis {

namespace {

struct AggregationInfo {
  AggregationType type;
  const char* name;
};

constexpr std::array<AggregationInfo, kAllAggregationTypes.size()> kAggregationInfo = {{
    {AggregationType::kSum, "SUM"},
    {AggregationType::kAverage, "AVERAGE"},
    {AggregationType::kAverageSumOrgUnit, "AVERAGE_SUM_ORG_UNIT"},
    {AggregationType::kLast, "LAST"},
    {AggregationType::kLastAverageOrgUnit, "LAST_AVERAGE_ORG_UNIT"},
    {AggregationType::kMin, "MIN"},
    {AggregationType::kMax, "MAX"},
    {AggregationType::kCount, "COUNT"},
    {AggregationType::kNone, "NONE"},
}};

}  // namespace

const char* AggregationTypeName(AggregationType type) {
  for (const AggregationInfo& info : kAggregationInfo) {
    if (info.type == type) return info.name;
  }
  return "UNKNOWN";
}

Result<AggregationType> ParseAggregationType(std::string_view name) {
  std::string accepted;
  for (const AggregationInfo& info : kAggregationInfo) {
    if (name == info.name) return info.type;
    accepted += accepted.empty() ? info.name : std::string(", ") + info.name;
  }
  size_t cut = std::min<size_t>(name.size(), 40);  // not inside a UTF-8 sequence
  while (cut < name.size() && cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string shown(name.substr(0, cut));
  return Status::Invalid("unknown aggregation type '" + shown + "'; expected one of " + accepted,
                         Location{.field = "aggregation_type"});
}

bool AggregationFits(AggregationType aggregation, ValueType value_type) {
  bool arithmetic = IsNumeric(value_type) || IsBooleanType(value_type);
  switch (aggregation) {
    case AggregationType::kSum:
    case AggregationType::kAverage:
    case AggregationType::kAverageSumOrgUnit:
    case AggregationType::kLastAverageOrgUnit: return arithmetic;
    case AggregationType::kMin:
    case AggregationType::kMax: return arithmetic || value_type == ValueType::kDate;
    case AggregationType::kLast:
    case AggregationType::kCount: return true;
    case AggregationType::kNone: return IsTextType(value_type);
  }
  return false;
}

}  // namespace gemis
