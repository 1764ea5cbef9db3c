// Vietnamese number notation: '.' groups thousands, ',' marks decimals
// ("22.991.000.000 đ", "7.588,63"). Formatting never fails; parsing reports
// the 1-based byte offset of the offending character in Location.column.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

// "22.991.000.000", "-1.234", "0"; every int64_t including INT64_MIN.
std::string FormatIntegerVi(int64_t value);

// `plain`, a number as Decimal::ToString or std::to_string print it
// ("-22991000000", "33.5"), with its integer digits grouped by `group` and
// `mark` for the decimal point: ('.', ',') gives "22.991.000.000", "33,5";
// (',', '.') the English notation. Text that is not such a number is
// returned unchanged.
std::string GroupDecimalText(std::string_view plain, char group, char mark);
// GroupDecimalText(plain, '.', ','): "22991000000" -> "22.991.000.000",
// "7588.63" -> "7.588,63"; other text unchanged.
std::string FormatDecimalTextVi(std::string_view plain);

// Whole đồng with the currency sign after a plain space: "22.991.000.000 đ".
std::string FormatMoneyVi(int64_t dong);

// `value` with exactly `decimals` digits after the decimal comma (none and no
// comma for 0): FormatDecimalVi(7588.625, 2) == "7.588,63". Rounds half away
// from zero on the shortest decimal representation that reads back as
// `value` (what std::to_chars prints), so 1.005 gives "1,01" although the
// nearest double is slightly below 1.005. Never uses an exponent. A result
// that is zero has no sign ("-0" and -0.001 at 2 decimals print "0", "0,00").
// `decimals` is clamped to 0..20. NaN prints "NaN", infinities "∞" and "-∞".
std::string FormatDecimalVi(double value, int decimals);

// `value` in plain notation ('.' mark, no grouping) with at most `decimals`
// decimals, trailing zeros and a bare point dropped, never "-0":
// FormatPlainDecimal(56.10, 2) == "56.1", FormatPlainDecimal(32, 2) == "32".
// For machine-readable output (CSV, JSON rows). `decimals` is clamped to 0..20.
std::string FormatPlainDecimal(double value, int decimals);

// Parses an optional sign ('-' or '+') followed by either plain digits
// ("22991000000") or digits grouped by '.' ("22.991.000.000": 1-3 digits,
// then groups of exactly 3, no leading zero before a separator). No white
// space is accepted. Errors (kInvalidInput, column = offending byte): empty
// text, a misplaced separator, a decimal comma, any other character, and
// values outside int64_t (column 1).
Result<int64_t> ParseIntegerVi(std::string_view text);

// Like ParseIntegerVi for the integer part, optionally followed by ',' and
// at least one digit: "7.588,63", "7588,63", "0,5", "-12", "1.234" (= 1234).
// English notation ("7,588.63", "1,234,567") is rejected with a message
// saying so. The result is the double nearest to the decimal value;
// magnitudes beyond the double range are an error.
Result<double> ParseDecimalVi(std::string_view text);

}  // namespace gemis
