#include "core/data_element.h"

#include "core/text.h"
#include "core/uid.h"

namespace gemis {

namespace {

Status Invalid(const DataElement& element, const std::string& message, const char* field) {
  std::string who = element.code.empty() ? "data element" : "data element '" + element.code + "'";
  return Status::Invalid(who + ": " + message, Location{.field = field});
}

Status CheckAggregation(const DataElement& element) {
  if (AggregationFits(element.aggregation_type, element.value_type)) return Status::Ok();
  std::string message = std::string("aggregation type ") +
                        AggregationTypeName(element.aggregation_type) +
                        " does not fit value type " + ValueTypeName(element.value_type);
  if (element.aggregation_type == AggregationType::kNone) {
    message += " (NONE is only for TEXT and LONG_TEXT)";
  } else if (IsTextType(element.value_type)) {
    message += " (text aggregates only with NONE, COUNT or LAST)";
  } else if (element.value_type == ValueType::kDate) {
    message += " (dates aggregate only with COUNT, LAST, MIN or MAX)";
  }
  return Invalid(element, message, "aggregation_type");
}

}  // namespace

Status ValidateDataElement(const DataElement& element) {
  if (!IsValidUid(element.uid)) {
    return Invalid(element,
                   "uid '" + Utf8Prefix(element.uid, 20) +
                       "' is not a valid uid (11 characters: a letter, then letters or digits)",
                   "uid");
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(element.code, "code"));
  if (IsBlank(element.name)) return Invalid(element, "name is empty", "name");
  if (CodePoints(element.short_name) > kMaxShortNameLength) {
    return Invalid(element,
                   "short name has " + std::to_string(CodePoints(element.short_name)) +
                       " characters, more than " + std::to_string(kMaxShortNameLength),
                   "short_name");
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(element.category_combo_code, "category_combo_code"));
  GEMIS_RETURN_IF_ERROR(CheckAggregation(element));
  if (element.unit && IsBlank(*element.unit)) {
    return Invalid(element, "unit is empty (leave it out instead)", "unit");
  }
  for (size_t i = 0; i < element.aggregation_levels.size(); ++i) {
    const int level = element.aggregation_levels[i];
    if (level < 1 || level > 5) {
      return Invalid(
          element,
          "aggregation level " + std::to_string(level) + " is not a tier (1 centre … 5 village)",
          "aggregation_levels");
    }
    if (i > 0 && level <= element.aggregation_levels[i - 1]) {
      return Invalid(element, "aggregation levels must be ascending without repeats",
                     "aggregation_levels");
    }
  }
  return Status::Ok();
}

Result<std::string> CanonicalDataValue(const DataElement& element, std::string_view value) {
  return CanonicalValue(element.value_type, value, element.code);
}

bool IsInsignificantZero(const DataElement& element, std::string_view canonical) {
  if (element.zero_is_significant || !IsNumeric(element.value_type)) return false;
  if (element.aggregation_type == AggregationType::kAverage ||
      element.aggregation_type == AggregationType::kAverageSumOrgUnit) {
    return false;
  }
  std::optional<double> number = NumericValue(element.value_type, canonical);
  return number && *number == 0;
}

}  // namespace gemis
