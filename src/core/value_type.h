// Value types of data elements and the canonical text under which a data
// value is stored. Names and rules follow DHIS2 (ValueType, MathUtils and
// ValidationUtils in dhis2-core) so that every stored value can be exported
// to DHIS2 unchanged; MONEY is gemis's own (whole đồng, int64; DHIS2 has no
// money type), see docs/metadata.md.
//
// Invariant kept by callers: (1) a data value is stored only as the text
// CanonicalValue returned for its data element's value type, so equal values
// have equal text and NumericValue never fails on stored numeric values.
//
// All functions are pure and thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

enum class ValueType {
  kInteger,                // DHIS2 INTEGER: 32-bit signed
  kIntegerPositive,        // INTEGER_POSITIVE: 1 .. 2^31-1
  kIntegerNegative,        // INTEGER_NEGATIVE: -2^31 .. -1
  kIntegerZeroOrPositive,  // INTEGER_ZERO_OR_POSITIVE: 0 .. 2^31-1
  kNumber,                 // NUMBER: a finite decimal number
  kPercentage,             // PERCENTAGE: a whole number 0 .. 100 (DHIS2 rule)
  kUnitInterval,           // UNIT_INTERVAL: a number 0 .. 1
  kMoney,                  // MONEY (gemis): whole đồng, int64
  kBoolean,                // BOOLEAN: true / false
  kTrueOnly,               // TRUE_ONLY: only true ("no" is an absent value)
  kText,                   // TEXT
  kLongText,               // LONG_TEXT
  kDate,                   // DATE: YYYY-MM-DD
};

inline constexpr std::array<ValueType, 13> kAllValueTypes = {
    ValueType::kInteger,
    ValueType::kIntegerPositive,
    ValueType::kIntegerNegative,
    ValueType::kIntegerZeroOrPositive,
    ValueType::kNumber,
    ValueType::kPercentage,
    ValueType::kUnitInterval,
    ValueType::kMoney,
    ValueType::kBoolean,
    ValueType::kTrueOnly,
    ValueType::kText,
    ValueType::kLongText,
    ValueType::kDate,
};

// DHIS2 caps every data value at 50,000 characters (UTF-16 code units, as
// Java counts them); gemis counts the same way.
inline constexpr size_t kMaxValueLength = 50000;
// DHIS2 accepts a NUMBER only when its text is shorter than 250 characters;
// the canonical (plain decimal) form must fit.
inline constexpr size_t kMaxNumberLength = 249;

// The DHIS2 spelling ("INTEGER_POSITIVE", "LONG_TEXT", …; "MONEY" for kMoney).
const char* ValueTypeName(ValueType type);
// Inverse of ValueTypeName, exact (upper-case) spelling only. The error lists
// the accepted names.
Result<ValueType> ParseValueType(std::string_view name);

// INTEGER*, NUMBER, PERCENTAGE, UNIT_INTERVAL and MONEY.
bool IsNumeric(ValueType type);
// BOOLEAN and TRUE_ONLY.
bool IsBooleanType(ValueType type);
// TEXT and LONG_TEXT.
bool IsTextType(ValueType type);

// Checks `raw` against `type` and returns the canonical stored text:
//  - integer types and MONEY: optional sign, digits; canonical form has no
//    '+' and no leading zeros ("+007" -> "7", "-0" -> "0");
//  - NUMBER, UNIT_INTERVAL: sign? digits ('.' digits)? (e/E sign? digits)?;
//    canonical form is the shortest plain decimal that reads back as the
//    same double ("1.50" -> "1.5", "1e3" -> "1000"); never NaN or infinity;
//  - PERCENTAGE: a whole number 0..100 (DHIS2 MathUtils.isPercentage);
//  - BOOLEAN: true/false, t/f (any case) or 1/0 -> "true"/"false";
//    TRUE_ONLY: the true variants only -> "true" (DHIS2 normalizeBoolean);
//  - DATE: "YYYY-MM-DD" (Date::Parse), returned unchanged;
//  - TEXT, LONG_TEXT: well-formed UTF-8 without NUL, at most
//    kMaxValueLength UTF-16 units, returned byte for byte (NFC is the input
//    edge's job, see core/text.h).
// Non-text values may carry leading/trailing ASCII white space, which is
// dropped. An empty value, or one of only white space, is an error for every
// type (an absent value is not stored; DHIS2 reads it as "delete").
// Errors are kInvalidInput with field "value" and say what was expected, e.g.
// "value '12.5' is not an integer (data element value type INTEGER)"; text
// errors carry the 1-based byte offset in Location.column.
Result<std::string> CanonicalValue(ValueType type, std::string_view raw);
// Same, with the data element named in the message:
// "value '12.5' is not an integer (data element 'MEMBERS' has value type INTEGER)".
Result<std::string> CanonicalValue(ValueType type, std::string_view raw,
                                   std::string_view data_element_code);

// Fast path for aggregation over canonical values: the number for numeric
// types, 1 or 0 for BOOLEAN/TRUE_ONLY ("true"/"false"), nullopt for text and
// dates or when `canonical` is not canonical.
std::optional<double> NumericValue(ValueType type, std::string_view canonical);

}  // namespace gemis
