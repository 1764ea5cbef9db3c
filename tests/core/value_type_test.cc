#include "core/value_type.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace gemis {
namespace {

using ::testing::HasSubstr;

// The canonical text, or "ERROR: message" so one EXPECT_EQ checks either.
std::string Canon(ValueType type, std::string_view raw) {
  Result<std::string> result = CanonicalValue(type, raw);
  return result.ok() ? *result : "ERROR: " + result.status().message();
}

TEST(ValueTypeName, RoundTripsEveryType) {
  for (ValueType type : kAllValueTypes) {
    Result<ValueType> parsed = ParseValueType(ValueTypeName(type));
    ASSERT_TRUE(parsed.ok()) << ValueTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_STREQ(ValueTypeName(ValueType::kIntegerZeroOrPositive), "INTEGER_ZERO_OR_POSITIVE");
  EXPECT_STREQ(ValueTypeName(ValueType::kMoney), "MONEY");
}

TEST(ParseValueType, RejectsUnknownNamesListingTheAcceptedOnes) {
  Result<ValueType> parsed = ParseValueType("integer");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(parsed.status().message(), HasSubstr("unknown value type 'integer'"));
  EXPECT_THAT(parsed.status().message(), HasSubstr("INTEGER, INTEGER_POSITIVE"));
  EXPECT_EQ(parsed.status().where().field, "value_type");
}

TEST(ValueTypeClasses, SplitNumericBooleanAndText) {
  EXPECT_TRUE(IsNumeric(ValueType::kMoney));
  EXPECT_TRUE(IsNumeric(ValueType::kPercentage));
  EXPECT_FALSE(IsNumeric(ValueType::kBoolean));
  EXPECT_FALSE(IsNumeric(ValueType::kDate));
  EXPECT_TRUE(IsBooleanType(ValueType::kTrueOnly));
  EXPECT_TRUE(IsTextType(ValueType::kLongText));
  EXPECT_FALSE(IsTextType(ValueType::kDate));
}

TEST(CanonicalValue, IntegerDropsSignAndLeadingZerosAndSpaces) {
  EXPECT_EQ(Canon(ValueType::kInteger, "+007"), "7");
  EXPECT_EQ(Canon(ValueType::kInteger, "-0"), "0");
  EXPECT_EQ(Canon(ValueType::kInteger, " 42\r\n"), "42");
  EXPECT_EQ(Canon(ValueType::kInteger, "-2147483648"), "-2147483648");
  EXPECT_EQ(Canon(ValueType::kInteger, "2147483647"), "2147483647");
}

TEST(CanonicalValue, IntegerRejectsFractionsWithTheExpectedMessage) {
  Result<std::string> result = CanonicalValue(ValueType::kInteger, "12.5");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "value '12.5' is not an integer (data element value type INTEGER)");
  EXPECT_EQ(result.status().where().field, "value");
  EXPECT_EQ(Canon(ValueType::kInteger, "abc"),
            "ERROR: value 'abc' is not an integer (data element value type INTEGER)");
  EXPECT_EQ(Canon(ValueType::kInteger, "+"),
            "ERROR: value '+' is not an integer (data element value type INTEGER)");
}

TEST(CanonicalValue, IntegerKeepsToTheDhis2ThirtyTwoBitRange) {
  EXPECT_EQ(Canon(ValueType::kInteger, "2147483648"),
            "ERROR: value '2147483648' is not an integer (data element value type INTEGER): "
            "the allowed range is -2147483648 to 2147483647");
  EXPECT_THAT(Canon(ValueType::kInteger, "99999999999999999999999"),
              HasSubstr("the allowed range is"));
}

TEST(CanonicalValue, IntegerHintsAtThousandsSeparators) {
  EXPECT_EQ(Canon(ValueType::kInteger, "1.500"),
            "ERROR: value '1.500' is not an integer (data element value type INTEGER): "
            "if you meant 1500, write it without thousands separators");
}

TEST(CanonicalValue, SignedIntegerTypesCheckTheirSign) {
  EXPECT_EQ(Canon(ValueType::kIntegerPositive, "5"), "5");
  EXPECT_EQ(Canon(ValueType::kIntegerPositive, "0"),
            "ERROR: value '0' is not a positive integer (1 or more) (data element value type "
            "INTEGER_POSITIVE): the allowed range is 1 to 2147483647");
  EXPECT_EQ(Canon(ValueType::kIntegerNegative, "-01"), "-1");
  EXPECT_THAT(Canon(ValueType::kIntegerNegative, "0"), HasSubstr("is not a negative integer"));
  EXPECT_EQ(Canon(ValueType::kIntegerZeroOrPositive, "000"), "0");
  EXPECT_THAT(Canon(ValueType::kIntegerZeroOrPositive, "-3"),
              HasSubstr("is not a zero or positive integer"));
}

TEST(CanonicalValue, NumberIsTheShortestPlainDecimal) {
  EXPECT_EQ(Canon(ValueType::kNumber, "1.50"), "1.5");
  EXPECT_EQ(Canon(ValueType::kNumber, "+3.25"), "3.25");
  EXPECT_EQ(Canon(ValueType::kNumber, "0.1"), "0.1");
  EXPECT_EQ(Canon(ValueType::kNumber, "1e3"), "1000");
  EXPECT_EQ(Canon(ValueType::kNumber, "2.5E-2"), "0.025");
  EXPECT_EQ(Canon(ValueType::kNumber, "-0.0"), "0");
  EXPECT_EQ(Canon(ValueType::kNumber, "007.50"), "7.5");
  EXPECT_EQ(Canon(ValueType::kNumber, "-12"), "-12");
}

TEST(CanonicalValue, NumberRejectsNonFiniteAndMalformedValues) {
  EXPECT_EQ(Canon(ValueType::kNumber, "NaN"),
            "ERROR: value 'NaN' is not a number (data element value type NUMBER)");
  EXPECT_THAT(Canon(ValueType::kNumber, "inf"), HasSubstr("is not a number"));
  EXPECT_THAT(Canon(ValueType::kNumber, "1e400"), HasSubstr("outside the range"));
  EXPECT_THAT(Canon(ValueType::kNumber, ".5"), HasSubstr("is not a number"));
  EXPECT_THAT(Canon(ValueType::kNumber, "5."), HasSubstr("is not a number"));
  EXPECT_THAT(Canon(ValueType::kNumber, "1e"), HasSubstr("is not a number"));
  EXPECT_THAT(Canon(ValueType::kNumber, "1e-300"),
              HasSubstr("plain decimal form is longer than 249 characters"));
  EXPECT_EQ(Canon(ValueType::kNumber, "7,5"),
            "ERROR: value '7,5' is not a number (data element value type NUMBER): use '.' as "
            "the decimal mark and no thousands separators");
}

TEST(CanonicalValue, PercentageIsAWholeNumberFromZeroToHundred) {
  EXPECT_EQ(Canon(ValueType::kPercentage, "0"), "0");
  EXPECT_EQ(Canon(ValueType::kPercentage, "100"), "100");
  EXPECT_EQ(Canon(ValueType::kPercentage, "015"), "15");
  EXPECT_THAT(Canon(ValueType::kPercentage, "101"), HasSubstr("the allowed range is 0 to 100"));
  EXPECT_THAT(Canon(ValueType::kPercentage, "-1"), HasSubstr("the allowed range is 0 to 100"));
  EXPECT_EQ(Canon(ValueType::kPercentage, "12.5"),
            "ERROR: value '12.5' is not a whole-number percentage from 0 to 100 (data element "
            "value type PERCENTAGE): percentages are whole numbers (DHIS2 rule); use value type "
            "NUMBER for fractions");
}

TEST(CanonicalValue, UnitIntervalIsANumberFromZeroToOne) {
  EXPECT_EQ(Canon(ValueType::kUnitInterval, "0.250"), "0.25");
  EXPECT_EQ(Canon(ValueType::kUnitInterval, "1"), "1");
  EXPECT_EQ(Canon(ValueType::kUnitInterval, "0"), "0");
  EXPECT_EQ(Canon(ValueType::kUnitInterval, "1.01"),
            "ERROR: value '1.01' is not a number from 0 to 1 (data element value type "
            "UNIT_INTERVAL)");
  EXPECT_THAT(Canon(ValueType::kUnitInterval, "-0.5"), HasSubstr("is not a number from 0 to 1"));
}

TEST(CanonicalValue, MoneyIsWholeDongWithinInt64) {
  EXPECT_EQ(Canon(ValueType::kMoney, "22991000000"), "22991000000");
  EXPECT_EQ(Canon(ValueType::kMoney, "9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(Canon(ValueType::kMoney, "-9223372036854775808"), "-9223372036854775808");
  EXPECT_THAT(Canon(ValueType::kMoney, "9223372036854775808"),
              HasSubstr("the allowed range is -9223372036854775808 to 9223372036854775807"));
  EXPECT_EQ(Canon(ValueType::kMoney, "12.5"),
            "ERROR: value '12.5' is not a whole number of đồng (data element value type MONEY): "
            "amounts are whole đồng, without decimals");
  EXPECT_EQ(Canon(ValueType::kMoney, "22.991.000.000"),
            "ERROR: value '22.991.000.000' is not a whole number of đồng (data element value "
            "type MONEY): if you meant 22991000000, write it without thousands separators");
  EXPECT_THAT(Canon(ValueType::kMoney, "-1,500"), HasSubstr("if you meant -1500"));
}

TEST(CanonicalValue, BooleanAcceptsTheDhis2Variants) {
  for (const char* yes : {"true", "TRUE", "True", "t", "T", "1", " true "}) {
    EXPECT_EQ(Canon(ValueType::kBoolean, yes), "true") << yes;
  }
  for (const char* no : {"false", "FALSE", "f", "F", "0"}) {
    EXPECT_EQ(Canon(ValueType::kBoolean, no), "false") << no;
  }
  EXPECT_EQ(Canon(ValueType::kBoolean, "yes"),
            "ERROR: value 'yes' is not a boolean (true or false) (data element value type "
            "BOOLEAN)");
}

TEST(CanonicalValue, TrueOnlyAcceptsOnlyTrue) {
  EXPECT_EQ(Canon(ValueType::kTrueOnly, "1"), "true");
  EXPECT_EQ(Canon(ValueType::kTrueOnly, "True"), "true");
  EXPECT_EQ(Canon(ValueType::kTrueOnly, "false"),
            "ERROR: value 'false' is not 'true' (data element value type TRUE_ONLY): TRUE_ONLY "
            "records only yes; leave the value empty for no");
}

TEST(CanonicalValue, DateIsIsoAndMustExist) {
  EXPECT_EQ(Canon(ValueType::kDate, "2024-02-29"), "2024-02-29");
  EXPECT_EQ(Canon(ValueType::kDate, " 2024-03-15 "), "2024-03-15");
  EXPECT_THAT(Canon(ValueType::kDate, "2023-02-29"),
              HasSubstr("is not a date YYYY-MM-DD (data element value type DATE): day 29 does "
                        "not exist in 2023-02"));
  EXPECT_EQ(Canon(ValueType::kDate, "29/02/2024"),
            "ERROR: value '29/02/2024' is not a date YYYY-MM-DD (data element value type DATE)");
}

TEST(CanonicalValue, TextIsKeptByteForByte) {
  EXPECT_EQ(Canon(ValueType::kText, "  Hội LHPN xã  "), "  Hội LHPN xã  ");
  EXPECT_EQ(Canon(ValueType::kLongText, "dòng 1\ndòng 2"), "dòng 1\ndòng 2");
}

TEST(CanonicalValue, TextRejectsInvalidUtf8WithTheBytePosition) {
  Result<std::string> result = CanonicalValue(ValueType::kText, "ab\xC3(");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("value is not valid UTF-8 text (data element value type TEXT)"));
  EXPECT_EQ(result.status().where().column, 3);
  EXPECT_EQ(result.status().where().field, "value");

  Result<std::string> nul = CanonicalValue(ValueType::kText, std::string("ab\0c", 4));
  ASSERT_FALSE(nul.ok());
  EXPECT_THAT(nul.status().message(), HasSubstr("NUL character at byte 3"));
  EXPECT_EQ(nul.status().where().column, 3);
}

TEST(CanonicalValue, TextIsAtMostFiftyThousandUtf16Units) {
  EXPECT_TRUE(CanonicalValue(ValueType::kText, std::string(kMaxValueLength, 'a')).ok());
  EXPECT_EQ(Canon(ValueType::kLongText, std::string(kMaxValueLength + 1, 'a')),
            "ERROR: value is 50001 characters long, more than the limit of 50000 (data element "
            "value type LONG_TEXT)");
  // "ạ" is one unit; U+1F600 (4 UTF-8 bytes) is two, as Java counts it.
  std::string vietnamese;
  for (size_t i = 0; i < kMaxValueLength; ++i) vietnamese += "ạ";
  EXPECT_TRUE(CanonicalValue(ValueType::kText, vietnamese).ok());
  std::string emoji;
  for (size_t i = 0; i < kMaxValueLength / 2 + 1; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_THAT(Canon(ValueType::kText, emoji), HasSubstr("50002 characters long"));
}

TEST(CanonicalValue, EmptyValuesAreRejectedForEveryType) {
  for (ValueType type : kAllValueTypes) {
    EXPECT_EQ(Canon(type, ""), std::string("ERROR: value is empty (data element value type ") +
                                   ValueTypeName(type) + ")");
    EXPECT_THAT(Canon(type, " \t "), HasSubstr("value is empty"));
  }
}

TEST(CanonicalValue, NamesTheDataElementWhenGiven) {
  Result<std::string> result = CanonicalValue(ValueType::kInteger, "12.5", "MEMBERS");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "value '12.5' is not an integer (data element 'MEMBERS' has value type INTEGER)");
}

TEST(CanonicalValue, ShortensLongValuesInMessages) {
  std::string raw = "x" + std::string(100, '9');
  EXPECT_THAT(Canon(ValueType::kNumber, raw), HasSubstr("'x" + std::string(39, '9') + "…'"));
}

TEST(NumericValue, ReadsCanonicalNumbersAndBooleans) {
  EXPECT_EQ(NumericValue(ValueType::kInteger, "42"), 42.0);
  EXPECT_EQ(NumericValue(ValueType::kMoney, "-22991000000"), -22991000000.0);
  EXPECT_EQ(NumericValue(ValueType::kNumber, "0.025"), 0.025);
  EXPECT_EQ(NumericValue(ValueType::kBoolean, "true"), 1.0);
  EXPECT_EQ(NumericValue(ValueType::kBoolean, "false"), 0.0);
  EXPECT_EQ(NumericValue(ValueType::kTrueOnly, "true"), 1.0);
  EXPECT_EQ(NumericValue(ValueType::kText, "42"), std::nullopt);
  EXPECT_EQ(NumericValue(ValueType::kDate, "2024-01-01"), std::nullopt);
  EXPECT_EQ(NumericValue(ValueType::kNumber, "1,5"), std::nullopt);
  EXPECT_EQ(NumericValue(ValueType::kNumber, ""), std::nullopt);
  EXPECT_EQ(NumericValue(ValueType::kBoolean, "1"), std::nullopt);
}

TEST(NumericValue, AgreesWithCanonicalValueForEveryNumericType) {
  const char* inputs[] = {"0", "7", "+12", "-3", "0.5", "100", "1e2", "22991000000"};
  for (ValueType type : kAllValueTypes) {
    if (!IsNumeric(type)) continue;
    for (const char* input : inputs) {
      Result<std::string> canonical = CanonicalValue(type, input);
      if (!canonical.ok()) continue;
      std::optional<double> number = NumericValue(type, *canonical);
      ASSERT_TRUE(number.has_value()) << ValueTypeName(type) << " " << *canonical;
      EXPECT_EQ(*number, std::stod(input)) << ValueTypeName(type) << " " << input;
    }
  }
}

}  // namespace
}  // namespace gemis
