#include "core/value_type.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "core/date.h"
#include "core/text.h"

namespace gemis {

namespace {

struct ValueTypeInfo {
  ValueType type;
  const char* name;
};

constexpr std::array<ValueTypeInfo, kAllValueTypes.size()> kValueTypeInfo = {{
    {ValueType::kInteger, "INTEGER"},
    {ValueType::kIntegerPositive, "INTEGER_POSITIVE"},
    {ValueType::kIntegerNegative, "INTEGER_NEGATIVE"},
    {ValueType::kIntegerZeroOrPositive, "INTEGER_ZERO_OR_POSITIVE"},
    {ValueType::kNumber, "NUMBER"},
    {ValueType::kPercentage, "PERCENTAGE"},
    {ValueType::kUnitInterval, "UNIT_INTERVAL"},
    {ValueType::kMoney, "MONEY"},
    {ValueType::kBoolean, "BOOLEAN"},
    {ValueType::kTrueOnly, "TRUE_ONLY"},
    {ValueType::kText, "TEXT"},
    {ValueType::kLongText, "LONG_TEXT"},
    {ValueType::kDate, "DATE"},
}};

// Which whole numbers an integer-like type accepts and how to describe them.
struct IntegerRule {
  int64_t min;
  int64_t max;
  const char* what;
};

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

IntegerRule IntegerRuleFor(ValueType type) {
  switch (type) {
    case ValueType::kIntegerPositive: return {1, kInt32Max, "a positive integer (1 or more)"};
    case ValueType::kIntegerNegative: return {kInt32Min, -1, "a negative integer (-1 or less)"};
    case ValueType::kIntegerZeroOrPositive: return {0, kInt32Max, "a zero or positive integer"};
    case ValueType::kPercentage: return {0, 100, "a whole-number percentage from 0 to 100"};
    case ValueType::kMoney:
      return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
              "a whole number of đồng"};
    default: return {kInt32Min, kInt32Max, "an integer"};
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimAscii(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// At most 40 bytes of `raw` for a message, cut before a UTF-8 continuation byte.
std::string Shown(std::string_view raw) {
  constexpr size_t kMaxShown = 40;
  if (raw.size() <= kMaxShown) return std::string(raw);
  size_t cut = kMaxShown;
  while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;
  return std::string(raw.substr(0, cut)) + "…";
}

// Builds the error messages of one CanonicalValue call.
class Context {
 public:
  Context(ValueType value_type, std::string_view data_element_code)
      : type(value_type), data_element_code_(data_element_code) {}

  const ValueType type;

  std::string Suffix() const {
    if (data_element_code_.empty()) {
      return std::string(" (data element value type ") + ValueTypeName(type) + ")";
    }
    return " (data element '" + std::string(data_element_code_) + "' has value type " +
           ValueTypeName(type) + ")";
  }

  // "value 'x' is not <what> (…)[: hint]".
  Status Fail(std::string_view raw, std::string_view what, std::string_view hint = {}) const {
    std::string message = "value '" + Shown(raw) + "' is not " + std::string(what) + Suffix();
    if (!hint.empty()) message += ": " + std::string(hint);
    return Status::Invalid(std::move(message), Location{.field = "value"});
  }

  Status Plain(std::string_view message, int column = 0) const {
    return Status::Invalid(std::string(message) + Suffix(),
                           Location{.column = column, .field = "value"});
  }

 private:
  std::string_view data_element_code_;
};

enum class IntegerParse { kOk, kNotInteger, kOverflow };

// sign? digit+, into an int64_t.
IntegerParse ParseInt64(std::string_view text, int64_t& out) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return IntegerParse::kNotInteger;
  constexpr uint64_t kMagnitudeLimit = uint64_t{1} << 63;  // |INT64_MIN|
  uint64_t magnitude = 0;
  bool overflow = false;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return IntegerParse::kNotInteger;
    auto digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (kMagnitudeLimit - digit) / 10) overflow = true;
    if (!overflow) magnitude = magnitude * 10 + digit;
  }
  if (overflow || (!negative && magnitude == kMagnitudeLimit)) return IntegerParse::kOverflow;
  out = !negative                      ? static_cast<int64_t>(magnitude)
        : magnitude == kMagnitudeLimit ? std::numeric_limits<int64_t>::min()
                                       : -static_cast<int64_t>(magnitude);
  return IntegerParse::kOk;
}

// sign? digit+ ('.' digit+)? ([eE] sign? digit+)? — what NUMBER accepts.
bool MatchesNumberGrammar(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i > start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.' && (++i, !digits())) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

// "22.991.000.000" or "1,500": 1-3 digits, then groups of 3 after one
// repeated separator. Returns the digits alone, or "" when not grouped.
std::string GroupedDigits(std::string_view text) {
  size_t sep = text.find_first_of(".,");
  if (sep == std::string_view::npos || sep == 0 || sep > 3) return {};
  std::string digits(text.substr(0, sep));
  for (size_t i = sep; i < text.size(); i += 4) {
    if (text[i] != text[sep] || i + 4 > text.size()) return {};
    for (size_t j = i + 1; j < i + 4; ++j) {
      if (!IsDigit(text[j])) return {};
      digits += text[j];
    }
  }
  for (char c : text.substr(0, sep)) {
    if (!IsDigit(c)) return {};
  }
  return digits;
}

std::string IntegerHint(ValueType type, std::string_view text) {
  std::string_view unsigned_text = text;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) unsigned_text.remove_prefix(1);
  std::string digits = GroupedDigits(unsigned_text);
  if (!digits.empty()) {
    return "if you meant " + (text[0] == '-' ? "-" + digits : digits) +
           ", write it without thousands separators";
  }
  if (!MatchesNumberGrammar(text)) return {};
  if (type == ValueType::kMoney) return "amounts are whole đồng, without decimals";
  if (type == ValueType::kPercentage) {
    return "percentages are whole numbers (DHIS2 rule); use value type NUMBER for fractions";
  }
  return {};
}

Result<std::string> CanonicalInteger(const Context& context, std::string_view raw,
                                     std::string_view text) {
  IntegerRule rule = IntegerRuleFor(context.type);
  int64_t value = 0;
  IntegerParse parse = ParseInt64(text, value);
  if (parse == IntegerParse::kNotInteger) {
    return context.Fail(raw, rule.what, IntegerHint(context.type, text));
  }
  if (parse == IntegerParse::kOverflow || value < rule.min || value > rule.max) {
    return context.Fail(
        raw, rule.what,
        "the allowed range is " + std::to_string(rule.min) + " to " + std::to_string(rule.max));
  }
  return std::to_string(value);
}

Result<std::string> CanonicalNumber(const Context& context, std::string_view raw,
                                    std::string_view text) {
  bool unit = context.type == ValueType::kUnitInterval;
  const char* what = unit ? "a number from 0 to 1" : "a number";
  if (!MatchesNumberGrammar(text)) {
    bool comma = text.find(',') != std::string_view::npos;
    return context.Fail(raw, what,
                        comma ? "use '.' as the decimal mark and no thousands separators" : "");
  }
  if (text[0] == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return context.Fail(raw, what, "its magnitude is outside the range of numbers gemis stores");
  }
  if (value == 0) value = 0;  // no "-0"
  if (unit && (value < 0 || value > 1)) return context.Fail(raw, what);
  char buffer[512];
  auto printed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  size_t length = static_cast<size_t>(printed.ptr - buffer);
  if (printed.ec != std::errc() || length > kMaxNumberLength) {
    return context.Fail(raw, what,
                        "its plain decimal form is longer than " +
                            std::to_string(kMaxNumberLength) + " characters");
  }
  return std::string(buffer, length);
}

Result<std::string> CanonicalBoolean(const Context& context, std::string_view raw,
                                     std::string_view text) {
  std::string lower = AsciiLower(text);
  if (lower == "true" || lower == "t" || lower == "1") return std::string("true");
  bool is_false = lower == "false" || lower == "f" || lower == "0";
  if (context.type == ValueType::kBoolean && is_false) return std::string("false");
  if (context.type == ValueType::kTrueOnly) {
    return context.Fail(raw, "'true'", "TRUE_ONLY records only yes; leave the value empty for no");
  }
  return context.Fail(raw, "a boolean (true or false)");
}

Result<std::string> CanonicalDate(const Context& context, std::string_view raw,
                                  std::string_view text) {
  Result<Date> date = Date::Parse(text);
  if (date.ok()) return date->ToString();
  // Date::Parse explains impossible days and months; a wrong shape needs no more.
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  return context.Fail(raw, "a date YYYY-MM-DD", shaped ? date.status().message() : "");
}

// Length as Java (and so DHIS2) counts it: UTF-16 code units.
size_t Utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++units;  // a lead byte starts a code point
    if (c >= 0xF0) ++units;           // four-byte sequences need a surrogate pair
  }
  return units;
}

Result<std::string> CanonicalText(const Context& context, std::string_view raw) {
  size_t nul = raw.find('\0');
  if (nul != std::string_view::npos) {
    return context.Plain("value contains a NUL character at byte " + std::to_string(nul + 1),
                         static_cast<int>(nul + 1));
  }
  Status utf8 = CheckUtf8(raw);
  if (!utf8.ok()) {
    return Status::Invalid(
        "value is not valid UTF-8 text" + context.Suffix() + ": " + utf8.message(),
        Location{.column = utf8.where().column, .field = "value"});
  }
  size_t length = Utf16Length(raw);
  if (length > kMaxValueLength) {
    return context.Plain("value is " + std::to_string(length) +
                         " characters long, more than the limit of " +
                         std::to_string(kMaxValueLength));
  }
  return std::string(raw);
}

Result<std::string> Canonical(const Context& context, std::string_view raw) {
  std::string_view text = TrimAscii(raw);
  if (text.empty()) return context.Plain("value is empty");
  switch (context.type) {
    case ValueType::kInteger:
    case ValueType::kIntegerPositive:
    case ValueType::kIntegerNegative:
    case ValueType::kIntegerZeroOrPositive:
    case ValueType::kPercentage:
    case ValueType::kMoney: return CanonicalInteger(context, raw, text);
    case ValueType::kNumber:
    case ValueType::kUnitInterval: return CanonicalNumber(context, raw, text);
    case ValueType::kBoolean:
    case ValueType::kTrueOnly: return CanonicalBoolean(context, raw, text);
    case ValueType::kDate: return CanonicalDate(context, raw, text);
    case ValueType::kText:
    case ValueType::kLongText: return CanonicalText(context, raw);
  }
  return Status::Internal("unknown value type");
}

}  // namespace

const char* ValueTypeName(ValueType type) {
  for (const ValueTypeInfo& info : kValueTypeInfo) {
    if (info.type == type) return info.name;
  }
  return "UNKNOWN";
}

Result<ValueType> ParseValueType(std::string_view name) {
  std::string accepted;
  for (const ValueTypeInfo& info : kValueTypeInfo) {
    if (name == info.name) return info.type;
    accepted += accepted.empty() ? info.name : std::string(", ") + info.name;
  }
  return Status::Invalid("unknown value type '" + Shown(name) + "'; expected one of " + accepted,
                         Location{.field = "value_type"});
}

bool IsNumeric(ValueType type) {
  switch (type) {
    case ValueType::kInteger:
    case ValueType::kIntegerPositive:
    case ValueType::kIntegerNegative:
    case ValueType::kIntegerZeroOrPositive:
    case ValueType::kNumber:
    case ValueType::kPercentage:
    case ValueType::kUnitInterval:
    case ValueType::kMoney: return true;
    default: return false;
  }
}

bool IsBooleanType(ValueType type) {
  return type == ValueType::kBoolean || type == ValueType::kTrueOnly;
}

bool IsTextType(ValueType type) { return type == ValueType::kText || type == ValueType::kLongText; }

Result<std::string> CanonicalValue(ValueType type, std::string_view raw) {
  return Canonical(Context(type, {}), raw);
}

Result<std::string> CanonicalValue(ValueType type, std::string_view raw,
                                   std::string_view data_element_code) {
  return Canonical(Context(type, data_element_code), raw);
}

std::optional<double> NumericValue(ValueType type, std::string_view canonical) {
  if (IsBooleanType(type)) {
    if (canonical == "true") return 1.0;
    if (canonical == "false") return 0.0;
    return std::nullopt;
  }
  if (!IsNumeric(type) || canonical.empty()) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(canonical.data(), canonical.data() + canonical.size(), value);
  if (error != std::errc() || end != canonical.data() + canonical.size()) return std::nullopt;
  return value;
}

}  // namespace gemis
