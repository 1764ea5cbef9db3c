#include "core/decimal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis {
namespace {

using ::testing::HasSubstr;

Decimal D(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : Decimal();
}

TEST(DecimalParse, ReadsIntegersAndFractions) {
  EXPECT_EQ(D("57").units(), 57);
  EXPECT_EQ(D("57").scale(), 0);
  EXPECT_EQ(D("-3").units(), -3);
  EXPECT_EQ(D("15.5").units(), 155);
  EXPECT_EQ(D("15.5").scale(), 1);
  EXPECT_EQ(D("0.125").units(), 125);
  EXPECT_EQ(D("0.125").scale(), 3);
  EXPECT_EQ(D("0.000001").units(), 1);
  EXPECT_EQ(D("0.000001").scale(), 6);
  EXPECT_EQ(D("-0").units(), 0);
}

TEST(DecimalParse, DropsTrailingFractionZeros) {
  EXPECT_EQ(D("15.50").units(), 155);
  EXPECT_EQ(D("15.50").scale(), 1);
  EXPECT_EQ(D("100.000").units(), 100);
  EXPECT_EQ(D("100.000").scale(), 0);
}

TEST(DecimalParse, ReadsTheInt64Limits) {
  EXPECT_EQ(D("9223372036854775807").units(), INT64_MAX);
  EXPECT_EQ(D("-9223372036854775808").units(), INT64_MIN);
  EXPECT_EQ(D("-9223372036854775808").ToString(), "-9223372036854775808");
  EXPECT_EQ(D("9223372036854.775807").units(), INT64_MAX);
}

TEST(DecimalParse, RejectsWhatIsNotAPlainDecimal) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"+5", "'+'"}, Case{"-", "digits before"}, Case{"1,000", "','"},
        Case{"1.000.000", "'.'"}, Case{"22 991", "' '"}, Case{" 5", "' '"}, Case{"1e5", "'e'"},
        Case{"1E5", "'E'"}, Case{".5", "digits before"}, Case{"5.", "digits after"},
        Case{"0.1234567", "more than 6 digits"}, Case{"abc", "'a'"}, Case{"7,5", "','"},
        Case{"9223372036854775808", "out of range"}, Case{"-9223372036854775809", "out of range"},
        Case{"9223372036854.775808", "out of range"},
        Case{"99999999999999999999999999", "out of range"}}) {
    Result<Decimal> d = Decimal::Parse(c.text);
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(d.status().code(), ErrorCode::kInvalidInput) << c.text;
    EXPECT_THAT(d.status().message(), HasSubstr(std::string(c.why))) << c.text;
  }
}

TEST(Decimal, DefaultIsZero) {
  EXPECT_EQ(Decimal().units(), 0);
  EXPECT_EQ(Decimal().ToString(), "0");
  EXPECT_EQ(Decimal(), D("0.0"));
}

TEST(Decimal, IntegerAccess) {
  EXPECT_TRUE(D("57").is_integer());
  EXPECT_EQ(D("57").ToInt(), 57);
  EXPECT_TRUE(D("-12.000").is_integer());
  EXPECT_EQ(D("-12.000").ToInt(), -12);
  EXPECT_FALSE(D("15.5").is_integer());
  EXPECT_EQ(Decimal::FromInt(-4).ToInt(), -4);
}

TEST(Decimal, ToDoubleIsCorrectlyRounded) {
  EXPECT_EQ(D("0.1").ToDouble(), 0.1);
  EXPECT_EQ(D("33.5").ToDouble(), 33.5);
  EXPECT_EQ(D("-0.000001").ToDouble(), -0.000001);
  EXPECT_EQ(D("22991000000").ToDouble(), 22991000000.0);
}

TEST(Decimal, ToStringIsShortest) {
  EXPECT_EQ(D("57").ToString(), "57");
  EXPECT_EQ(D("15.50").ToString(), "15.5");
  EXPECT_EQ(D("0.125").ToString(), "0.125");
  EXPECT_EQ(D("-0.05").ToString(), "-0.05");
  EXPECT_EQ(D("-3").ToString(), "-3");
  EXPECT_EQ(D("007").ToString(), "7");
  EXPECT_EQ(D("-0").ToString(), "0");
}

TEST(DecimalAdd, AlignsScales) {
  Result<Decimal> sum = Decimal::Add(D("15.5"), D("0.125"));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->ToString(), "15.625");
  EXPECT_EQ(Decimal::Add(D("0.5"), D("0.5"))->ToString(), "1");
  EXPECT_EQ(Decimal::Add(D("0.5"), D("0.5"))->scale(), 0);
  EXPECT_EQ(Decimal::Add(D("29"), D("28"))->ToString(), "57");
  EXPECT_EQ(Decimal::Add(D("-3"), D("1.25"))->ToString(), "-1.75");
}

TEST(DecimalAdd, RejectsOverflow) {
  Result<Decimal> big = Decimal::Add(D("9223372036854775807"), D("1"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(big.status().message(), HasSubstr("overflow"));
  // Aligning the scales alone overflows: 10^13 × 10^6 > 2^63.
  EXPECT_FALSE(Decimal::Add(D("10000000000000"), D("0.000001")).ok());
  EXPECT_FALSE(Decimal::Add(D("-9223372036854775808"), D("-1")).ok());
  EXPECT_TRUE(Decimal::Add(D("9223372036854775807"), D("-1")).ok());
}

TEST(DecimalCompare, IsExactAcrossScales) {
  EXPECT_EQ(D("15.5").Compare(D("15.50")), 0);
  EXPECT_EQ(D("15.5"), D("15.500000"));
  EXPECT_LT(D("15.499999").Compare(D("15.5")), 0);
  EXPECT_GT(D("0.000001").Compare(D("0")), 0);
  EXPECT_LT(D("-1"), D("0.5"));
  EXPECT_FALSE(D("2") < D("2.0"));
  // Would overflow int64 if scaled in 64 bits.
  EXPECT_GT(D("9223372036854775807").Compare(D("9223372036854.775807")), 0);
  EXPECT_LT(D("-9223372036854775808").Compare(D("0.000001")), 0);
}

}  // namespace
}  // namespace gemis
