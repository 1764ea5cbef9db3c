#include "core/number_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace gemis {

namespace {

// Inserts '.' between groups of three digits, counted from the right.
std::string GroupThousands(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

// Adds one unit in the last place of a string of decimal digits.
void IncrementDigits(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------------------
// Parsing. Both parsers share one scanner that splits the text into sign,
// integer digits (separators removed) and fraction digits.

struct NumberParts {
  bool negative = false;
  std::string integer;
  std::string fraction;
};

class Scanner {
 public:
  Scanner(std::string_view text, bool allow_fraction)
      : text_(text), allow_fraction_(allow_fraction) {}

  Result<NumberParts> Scan() {
    if (text_.empty()) return Error("empty number", 0);
    if (Peek() == '-' || Peek() == '+') parts_.negative = text_[pos_++] == '-';
    GEMIS_RETURN_IF_ERROR(ScanInteger());
    if (Peek() == ',') GEMIS_RETURN_IF_ERROR(ScanFraction());
    if (pos_ < text_.size()) return Error("unexpected " + Describe(pos_), pos_);
    return std::move(parts_);
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  size_t ScanDigits(std::string& out) {
    size_t start = pos_;
    while (IsDigit(Peek())) out += text_[pos_++];
    return pos_ - start;
  }

  Status ScanInteger() {
    size_t start = pos_;
    size_t first_group = ScanDigits(parts_.integer);
    if (first_group == 0) return MissingIntegerDigits();
    if (Peek() == '.') GEMIS_RETURN_IF_ERROR(CheckFirstGroup(start, first_group));
    while (Peek() == '.') {
      size_t dot = pos_++;
      size_t group = ScanDigits(parts_.integer);
      if (group != 3) {
        std::string found = std::to_string(group);
        return Error("thousands separator '.' must be followed by exactly 3 digits, found " +
                         found + "; Vietnamese numbers use ',' for decimals",
                     dot);
      }
    }
    return Status::Ok();
  }

  // The digits before the first '.' of a grouped number: 1 to 3, no leading 0
  // ("0.500" is an English decimal, not five hundred).
  Status CheckFirstGroup(size_t start, size_t length) const {
    if (length > 3) {
      std::string count = std::to_string(length);
      return Error(count + " digits before the first thousands separator '.'; at most 3 allowed",
                   pos_);
    }
    if (text_[start] == '0') {
      return Error("a grouped number cannot start with 0; Vietnamese numbers use ',' for decimals",
                   start);
    }
    return Status::Ok();
  }

  Status MissingIntegerDigits() const {
    if (Peek() == '.') return Error("thousands separator '.' must follow 1 to 3 digits", pos_);
    if (Peek() == ',') return Error("no digits before the decimal comma ','", pos_);
    if (pos_ == text_.size()) return Error("no digits after the sign", pos_);
    return Error("expected a digit, found " + Describe(pos_), pos_);
  }

  Status ScanFraction() {
    size_t comma = pos_++;
    if (!allow_fraction_) return Error("decimal comma ',' in an integer", comma);
    size_t digits = ScanDigits(parts_.fraction);
    if (Peek() == '.' || Peek() == ',') return EnglishFormat(comma);
    if (digits == 0) return Error("decimal comma ',' must be followed by digits", comma);
    return Status::Ok();
  }

  Status EnglishFormat(size_t comma) const {
    std::string original(text_);
    std::string swapped = original;
    for (char& c : swapped) c = c == '.' ? ',' : c == ',' ? '.' : c;
    return Error("'" + original + "' looks like English number format; Vietnamese numbers " +
                     "use '.' for thousands and ',' for decimals ('" + swapped + "')",
                 comma);
  }

  std::string Describe(size_t at) const {
    auto byte = static_cast<unsigned char>(text_[at]);
    if (byte < 0x20 || byte >= 0x7F) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "byte 0x%02X", byte);
      return buf;
    }
    return std::string("character '") + text_[at] + "'";
  }

  // `at` is a 0-based offset; the Location column is 1-based.
  static Status Error(std::string message, size_t at) {
    return Status::Invalid(std::move(message), Location{.column = static_cast<int>(at + 1)});
  }

  std::string_view text_;
  bool allow_fraction_;
  size_t pos_ = 0;
  NumberParts parts_;
};

Status OutOfRange(std::string_view text, const char* type) {
  return Status::Invalid("number '" + std::string(text) + "' is out of the range of " + type,
                         Location{.column = 1});
}

}  // namespace

std::string FormatIntegerVi(int64_t value) {
  // The magnitude of INT64_MIN does not fit int64_t; compute it unsigned.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string grouped = GroupThousands(std::to_string(magnitude));
  return value < 0 ? "-" + grouped : grouped;
}

std::string FormatMoneyVi(int64_t dong) { return FormatIntegerVi(dong) + " đ"; }

std::string FormatPlainDecimal(double value, int decimals) {
  char buf[400];  // DBL_MAX has 309 integer digits
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 20), value);
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::string FormatDecimalVi(double value, int decimals) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-∞" : "∞";
  auto places = static_cast<size_t>(std::clamp(decimals, 0, 20));
  // Shortest round-trip fixed notation: at most 309 integer digits (DBL_MAX)
  // or about 330 characters for the smallest subnormal.
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::fixed);
  assert(ec == std::errc());
  std::string_view shortest(buf, static_cast<size_t>(end - buf));
  size_t point = std::min(shortest.find('.'), shortest.size());
  std::string digits(shortest.substr(0, point));
  std::string fraction(point < shortest.size() ? shortest.substr(point + 1) : "");
  bool round_up = fraction.size() > places && fraction[places] >= '5';
  fraction.resize(places, '0');
  std::string all = digits + fraction;
  if (round_up) IncrementDigits(all);
  size_t integer_length = all.size() - places;
  bool zero = all.find_first_not_of('0') == std::string::npos;
  std::string out = (value < 0 && !zero ? "-" : "") +
                    GroupThousands(std::string_view(all).substr(0, integer_length));
  if (places > 0) out += "," + all.substr(integer_length);
  return out;
}

Result<int64_t> ParseIntegerVi(std::string_view text) {
  GEMIS_ASSIGN_OR_RETURN(NumberParts parts, Scanner(text, false).Scan());
  // Accumulate the negated magnitude so that INT64_MIN is representable.
  int64_t negated = 0;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  for (char c : parts.integer) {
    int digit = c - '0';
    if (negated < (kMin + digit) / 10) return OutOfRange(text, "a 64-bit integer");
    negated = negated * 10 - digit;
  }
  if (parts.negative) return negated;
  if (negated == kMin) return OutOfRange(text, "a 64-bit integer");
  return -negated;
}

Result<double> ParseDecimalVi(std::string_view text) {
  GEMIS_ASSIGN_OR_RETURN(NumberParts parts, Scanner(text, true).Scan());
  std::string plain = (parts.negative ? "-" : "") + parts.integer;
  if (!parts.fraction.empty()) plain += "." + parts.fraction;
  double value = 0;
  auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec == std::errc::result_out_of_range) return OutOfRange(text, "a double");
  assert(ec == std::errc() && end == plain.data() + plain.size());
  return value;
}

std::string GroupDecimalText(std::string_view plain, char group, char mark) {
  std::string_view digits = plain;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  const size_t dot = digits.find('.');
  std::string_view integer = digits.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : digits.substr(dot + 1);
  auto all_digits = [](std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (integer.empty() || !all_digits(integer) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    return std::string(plain);
  }
  std::string out = digits.size() < plain.size() ? "-" : "";
  for (size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) out += group;
    out += integer[i];
  }
  if (!fraction.empty()) {
    out += mark;
    out += fraction;
  }
  return out;
}

std::string FormatDecimalTextVi(std::string_view plain) { return GroupDecimalText(plain, '.', ','); }

}  // namespace gemis
