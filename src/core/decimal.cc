#include "core/decimal.h"

#include <cassert>
#include <charconv>

namespace gemis {

namespace {

// __int128 is a GNU extension; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr int64_t kPow10[Decimal::kMaxScale + 1] = {1, 10, 100, 1000, 10000, 100000, 1000000};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status Bad(std::string_view text, const std::string& why) {
  return Status::Invalid("invalid number '" + std::string(text) + "': " + why);
}

// |units| as unsigned, correct for INT64_MIN too.
uint64_t Magnitude(int64_t units) {
  return units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
}

}  // namespace

Result<Decimal> Decimal::Parse(std::string_view text) {
  if (text.empty()) return Status::Invalid("invalid number: empty");
  std::string_view rest = text;
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  size_t point = rest.find('.');
  std::string_view whole = rest.substr(0, point);
  std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  if (whole.empty()) return Bad(text, "expected digits before the decimal point");
  if (point != std::string_view::npos && fraction.empty()) {
    return Bad(text, "expected digits after the decimal point");
  }
  for (std::string_view digits : {whole, fraction}) {
    for (char c : digits) {
      if (!IsDigit(c)) {
        return Bad(text, std::string("unexpected '") + c +
                             "' (digits with '.' as the decimal mark only: no sign '+', "
                             "grouping, spaces or exponent)");
      }
    }
  }
  if (fraction.size() > static_cast<size_t>(kMaxScale)) {
    return Bad(text, "more than " + std::to_string(kMaxScale) + " digits after the decimal point");
  }
  // Accumulate the magnitude in 128 bits; it is checked against int64 below.
  UInt128 magnitude = 0;
  constexpr UInt128 kLimit = static_cast<UInt128>(INT64_MAX) + 1;
  for (std::string_view digits : {whole, fraction}) {
    for (char c : digits) {
      magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
      if (magnitude > kLimit) return Bad(text, "out of range");
    }
  }
  if (!negative && magnitude == kLimit) return Bad(text, "out of range");
  int64_t units = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  int scale = static_cast<int>(fraction.size());
  // Canonical form: no trailing fraction zeros ("15.50" is 155 tenths).
  while (scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  return Decimal(units, scale);
}

bool Decimal::is_integer() const { return units_ % kPow10[scale_] == 0; }

int64_t Decimal::ToInt() const {
  assert(is_integer());
  return units_ / kPow10[scale_];
}

double Decimal::ToDouble() const {
  // from_chars rounds the exact decimal text correctly, unlike units / 10^scale.
  std::string text = ToString();
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

Result<Decimal> Decimal::Add(Decimal a, Decimal b) {
  int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  int64_t x = 0;
  int64_t y = 0;
  int64_t sum = 0;
  if (__builtin_mul_overflow(a.units_, kPow10[scale - a.scale_], &x) ||
      __builtin_mul_overflow(b.units_, kPow10[scale - b.scale_], &y) ||
      __builtin_add_overflow(x, y, &sum)) {
    return Status::Invalid("number overflow: " + a.ToString() + " + " + b.ToString() +
                           " is out of range");
  }
  while (scale > 0 && sum % 10 == 0) {
    sum /= 10;
    --scale;
  }
  return Decimal(sum, scale);
}

int Decimal::Compare(Decimal other) const {
  // Both sides scaled to kMaxScale: |units| * 10^6 < 2^84, far inside 128 bits.
  Int128 a = static_cast<Int128>(units_) * kPow10[kMaxScale - scale_];
  Int128 b = static_cast<Int128>(other.units_) * kPow10[kMaxScale - other.scale_];
  return a < b ? -1 : (a > b ? 1 : 0);
}

std::string Decimal::ToString() const {
  uint64_t magnitude = Magnitude(units_);
  uint64_t divisor = static_cast<uint64_t>(kPow10[scale_]);
  std::string out = units_ < 0 ? "-" : "";
  out += std::to_string(magnitude / divisor);
  if (scale_ == 0) return out;
  std::string fraction = std::to_string(magnitude % divisor);
  fraction.insert(0, static_cast<size_t>(scale_) - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace gemis
