// An exact decimal number: an int64 count of 10^-scale units. Target values
// are counts (57 teams), percentages (15, 33.5) and amounts of đồng; sums of
// allocations must compare exactly, so no floating point. Pure value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

class Decimal {
 public:
  static constexpr int kMaxScale = 6;

  Decimal() = default;  // 0
  static Decimal FromInt(int64_t value) { return Decimal(value, 0); }
  // "57", "-3", "15.5", "0.125" ('.' as the decimal mark, at most kMaxScale
  // fraction digits, no grouping). Errors are kInvalidInput.
  static Result<Decimal> Parse(std::string_view text);

  int64_t units() const { return units_; }
  int scale() const { return scale_; }
  bool is_integer() const;
  // The value when is_integer() (REQUIRES it).
  int64_t ToInt() const;
  double ToDouble() const;

  // Exact arithmetic; kInvalidInput on int64 overflow.
  static Result<Decimal> Add(Decimal a, Decimal b);
  int Compare(Decimal other) const;  // <0, 0, >0
  bool operator==(const Decimal& o) const { return Compare(o) == 0; }
  bool operator<(const Decimal& o) const { return Compare(o) < 0; }

  // Shortest form: "57", "15.5" (trailing zeros dropped).
  std::string ToString() const;

 private:
  Decimal(int64_t units, int scale) : units_(units), scale_(scale) {}
  int64_t units_ = 0;
  int scale_ = 0;
};

}  // namespace gemis
