#include "core/number_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gemis {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Expects `status` to be kInvalidInput at 1-based `column` mentioning `what`.
void ExpectError(const Status& status, int column, const std::string& what) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().column, column) << status.message();
  EXPECT_THAT(status.message(), HasSubstr(what));
}

TEST(FormatIntegerVi, GroupsThousandsWithDots) {
  EXPECT_EQ(FormatIntegerVi(22991000000), "22.991.000.000");
  EXPECT_EQ(FormatIntegerVi(-1234), "-1.234");
  EXPECT_EQ(FormatIntegerVi(0), "0");
  EXPECT_EQ(FormatIntegerVi(999), "999");
  EXPECT_EQ(FormatIntegerVi(1000), "1.000");
  EXPECT_EQ(FormatIntegerVi(-100000), "-100.000");
}

TEST(FormatIntegerVi, HandlesTheInt64Extremes) {
  EXPECT_EQ(FormatIntegerVi(kMin), "-9.223.372.036.854.775.808");
  EXPECT_EQ(FormatIntegerVi(kMax), "9.223.372.036.854.775.807");
}

TEST(FormatMoneyVi, AppendsTheDongSign) {
  EXPECT_EQ(FormatMoneyVi(22991000000), "22.991.000.000 đ");
  EXPECT_EQ(FormatMoneyVi(-5000), "-5.000 đ");
}

TEST(FormatPlainDecimal, DropsTrailingZerosAndNegativeZero) {
  EXPECT_EQ(FormatPlainDecimal(56.10, 2), "56.1");
  EXPECT_EQ(FormatPlainDecimal(32, 2), "32");
  EXPECT_EQ(FormatPlainDecimal(0.125, 6), "0.125");
  EXPECT_EQ(FormatPlainDecimal(-0.001, 2), "0");
  EXPECT_EQ(FormatPlainDecimal(22991000000.0, 0), "22991000000");
  EXPECT_EQ(FormatPlainDecimal(1.5, -3), "2");  // decimals clamped to 0
}

TEST(FormatDecimalVi, UsesCommaForDecimalsAndDotsForThousands) {
  EXPECT_EQ(FormatDecimalVi(7588.63, 2), "7.588,63");
  EXPECT_EQ(FormatDecimalVi(1234567.5, 1), "1.234.567,5");
  EXPECT_EQ(FormatDecimalVi(0.5, 3), "0,500");
  EXPECT_EQ(FormatDecimalVi(42, 0), "42");
}

TEST(FormatDecimalVi, RoundsHalfAwayFromZero) {
  EXPECT_EQ(FormatDecimalVi(7588.625, 2), "7.588,63");
  EXPECT_EQ(FormatDecimalVi(-7588.625, 2), "-7.588,63");
  EXPECT_EQ(FormatDecimalVi(2.5, 0), "3");
  EXPECT_EQ(FormatDecimalVi(-2.5, 0), "-3");
  EXPECT_EQ(FormatDecimalVi(999.995, 2), "1.000,00");
  EXPECT_EQ(FormatDecimalVi(1.004, 2), "1,00");
  // The double nearest 1.005 is 1.00499999999999989…; the shortest decimal
  // that reads back as it is 1.005, which rounds up.
  EXPECT_EQ(FormatDecimalVi(1.005, 2), "1,01");
}

TEST(FormatDecimalVi, NeverPrintsNegativeZeroOrAnExponent) {
  EXPECT_EQ(FormatDecimalVi(-0.0, 0), "0");
  EXPECT_EQ(FormatDecimalVi(-0.001, 2), "0,00");
  EXPECT_EQ(FormatDecimalVi(1e21, 0), "1.000.000.000.000.000.000.000");
  EXPECT_EQ(FormatDecimalVi(1e-7, 8), "0,00000010");
  EXPECT_EQ(FormatDecimalVi(5e-324, 2), "0,00");
  EXPECT_EQ(FormatDecimalVi(std::numeric_limits<double>::max(), 0).size(), 309u + 102u);
}

TEST(FormatDecimalVi, ClampsDecimalsAndNamesNonFiniteValues) {
  EXPECT_EQ(FormatDecimalVi(1.25, -3), "1");
  EXPECT_EQ(FormatDecimalVi(0.1, 25), "0,10000000000000000000");
  EXPECT_EQ(FormatDecimalVi(std::nan(""), 2), "NaN");
  EXPECT_EQ(FormatDecimalVi(std::numeric_limits<double>::infinity(), 2), "∞");
  EXPECT_EQ(FormatDecimalVi(-std::numeric_limits<double>::infinity(), 2), "-∞");
}

TEST(ParseIntegerVi, AcceptsGroupedAndPlainDigits) {
  EXPECT_EQ(*ParseIntegerVi("22.991.000.000"), 22991000000);
  EXPECT_EQ(*ParseIntegerVi("22991000000"), 22991000000);
  EXPECT_EQ(*ParseIntegerVi("-1.234"), -1234);
  EXPECT_EQ(*ParseIntegerVi("+999"), 999);
  EXPECT_EQ(*ParseIntegerVi("0"), 0);
  EXPECT_EQ(*ParseIntegerVi("007"), 7);
}

TEST(ParseIntegerVi, RoundTripsTheInt64Extremes) {
  EXPECT_EQ(*ParseIntegerVi(FormatIntegerVi(kMin)), kMin);
  EXPECT_EQ(*ParseIntegerVi(FormatIntegerVi(kMax)), kMax);
  EXPECT_EQ(*ParseIntegerVi("-9223372036854775808"), kMin);
}

TEST(ParseIntegerVi, RejectsOverflowAtColumnOne) {
  ExpectError(ParseIntegerVi("9.223.372.036.854.775.808").status(), 1, "out of the range");
  ExpectError(ParseIntegerVi("-9223372036854775809").status(), 1, "64-bit integer");
  ExpectError(ParseIntegerVi("99999999999999999999999").status(), 1, "out of the range");
}

TEST(ParseIntegerVi, RejectsMisplacedSeparatorsAtTheSeparator) {
  ExpectError(ParseIntegerVi("1.23").status(), 2, "exactly 3 digits, found 2");
  ExpectError(ParseIntegerVi("12.3456").status(), 3, "exactly 3 digits, found 4");
  ExpectError(ParseIntegerVi("1.234.").status(), 6, "found 0");
  ExpectError(ParseIntegerVi("1..234").status(), 2, "found 0");
  ExpectError(ParseIntegerVi("1234.567").status(), 5,
              "4 digits before the first thousands separator '.'; at most 3 allowed");
  ExpectError(ParseIntegerVi(".123").status(), 1, "must follow 1 to 3 digits");
  ExpectError(ParseIntegerVi("-.123").status(), 2, "must follow 1 to 3 digits");
}

TEST(ParseIntegerVi, RejectsALeadingZeroBeforeASeparator) {
  // "0.500" is an English decimal, not five hundred.
  ExpectError(ParseIntegerVi("0.500").status(), 1, "cannot start with 0");
  ExpectError(ParseIntegerVi("-0.500").status(), 2, "cannot start with 0");
}

TEST(ParseIntegerVi, RejectsEmptyTextAndStrayCharacters) {
  ExpectError(ParseIntegerVi("").status(), 1, "empty number");
  ExpectError(ParseIntegerVi("-").status(), 2, "no digits after the sign");
  ExpectError(ParseIntegerVi("12a").status(), 3, "unexpected character 'a'");
  ExpectError(ParseIntegerVi(" 12").status(), 1, "expected a digit, found character ' '");
  ExpectError(ParseIntegerVi("1 000").status(), 2, "unexpected character ' '");
  ExpectError(ParseIntegerVi("5\xC2\xA0").status(), 2, "unexpected byte 0xC2");
  ExpectError(ParseIntegerVi("12,5").status(), 3, "decimal comma ',' in an integer");
  ExpectError(ParseIntegerVi("--1").status(), 2, "expected a digit, found character '-'");
}

TEST(ParseDecimalVi, AcceptsVietnameseNotation) {
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("7.588,63"), 7588.63);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("7588,63"), 7588.63);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("0,5"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("-12,25"), -12.25);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("42"), 42.0);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("1.234"), 1234.0);
  EXPECT_DOUBLE_EQ(*ParseDecimalVi("22.991.000.000,5"), 22991000000.5);
}

TEST(ParseDecimalVi, ReadsTheNearestDouble) {
  EXPECT_EQ(*ParseDecimalVi("0,1"), 0.1);
  EXPECT_EQ(*ParseDecimalVi("7.588,63"), 7588.63);
}

TEST(ParseDecimalVi, RejectsEnglishNotationSayingSo) {
  ExpectError(ParseDecimalVi("7,588.63").status(), 2, "looks like English number format");
  ExpectError(ParseDecimalVi("7,588.63").status(), 2, "('7.588,63')");
  ExpectError(ParseDecimalVi("1,234,567").status(), 2, "looks like English number format");
}

TEST(ParseDecimalVi, RejectsMalformedNumbers) {
  ExpectError(ParseDecimalVi("").status(), 1, "empty number");
  ExpectError(ParseDecimalVi("7,").status(), 2, "must be followed by digits");
  ExpectError(ParseDecimalVi(",5").status(), 1, "no digits before the decimal comma");
  ExpectError(ParseDecimalVi("7.5").status(), 2, "use ',' for decimals");
  ExpectError(ParseDecimalVi("0.5").status(), 1, "cannot start with 0");
  ExpectError(ParseDecimalVi("7,5x").status(), 4, "unexpected character 'x'");
  ExpectError(ParseDecimalVi("1e5").status(), 2, "unexpected character 'e'");
}

TEST(ParseDecimalVi, RejectsMagnitudesBeyondDouble) {
  std::string huge = "1" + std::string(400, '0');
  ExpectError(ParseDecimalVi(huge).status(), 1, "out of the range of a double");
}

TEST(ParseDecimalVi, ReadsBackWhatFormatDecimalViWrites) {
  for (double value : {0.0, 7588.63, -1234567.891, 0.001, 22991000000.25}) {
    EXPECT_DOUBLE_EQ(*ParseDecimalVi(FormatDecimalVi(value, 3)), std::round(value * 1000) / 1000);
  }
}

}  // namespace
}  // namespace gemis

namespace gemis {
namespace {

TEST(GroupDecimalText, GroupsIntegerDigitsAndReplacesThePoint) {
  EXPECT_EQ(GroupDecimalText("22991000260", '.', ','), "22.991.000.260");
  EXPECT_EQ(GroupDecimalText("-7588.63", '.', ','), "-7.588,63");
  EXPECT_EQ(GroupDecimalText("7588.63", ',', '.'), "7,588.63");
  EXPECT_EQ(GroupDecimalText("999", '.', ','), "999");
  EXPECT_EQ(GroupDecimalText("0.5", '.', ','), "0,5");
}

TEST(GroupDecimalText, LeavesOtherTextAlone) {
  for (const char* text : {"", "-", "2023-11-15..2023-12-15", "15, 20", "1.", ".5", "1e9", "x12"}) {
    EXPECT_EQ(GroupDecimalText(text, '.', ','), text) << text;
  }
}

}  // namespace
}  // namespace gemis
