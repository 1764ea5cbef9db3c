#include "core/data_element.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/uid.h"

namespace gemis {
namespace {

using ::testing::HasSubstr;

DataElement Teams() {
  DataElement element;
  element.uid = UidFromKey("de:TEAMS");
  element.code = "P8_COMM_TEAMS";
  element.name = "Số tổ truyền thông cộng đồng";
  element.name_en = "Community communication teams";
  element.short_name = "Tổ truyền thông";
  element.value_type = ValueType::kIntegerZeroOrPositive;
  element.aggregation_type = AggregationType::kSum;
  element.category_combo_code = "MODEL_STATUS";
  element.unit = "tổ";
  return element;
}

TEST(ValidateDataElement, AcceptsAWellFormedElement) {
  EXPECT_TRUE(ValidateDataElement(Teams()).ok()) << ValidateDataElement(Teams()).ToString();
}

TEST(ValidateDataElement, AcceptsAggregationLevels) {
  DataElement element = Teams();
  element.aggregation_levels = {2, 3};
  EXPECT_TRUE(ValidateDataElement(element).ok());
}

TEST(ValidateDataElement, DefaultsToTheDefaultCombo) {
  DataElement element;
  EXPECT_EQ(element.category_combo_code, "default");
  EXPECT_EQ(element.value_type, ValueType::kInteger);
  EXPECT_EQ(element.aggregation_type, AggregationType::kSum);
}

TEST(ValidateDataElement, NamesTheFieldOfEachError) {
  struct Case {
    void (*change)(DataElement&);
    const char* field;
    const char* message_part;
  };
  const Case cases[] = {
      {[](DataElement& e) { e.uid = "bad"; }, "uid", "uid 'bad' is not a valid uid"},
      {[](DataElement& e) { e.code = ""; }, "code", "code is empty"},
      {[](DataElement& e) { e.code = std::string(51, 'X'); }, "code", "longer than 50"},
      {[](DataElement& e) { e.code = "TỔ"; }, "code", "has a character other than"},
      {[](DataElement& e) { e.name = "  "; }, "name", "name is empty"},
      {[](DataElement& e) { e.short_name = std::string(51, 'x'); }, "short_name",
       "short name has 51 characters, more than 50"},
      {[](DataElement& e) { e.category_combo_code = "sex ethnicity"; }, "category_combo_code",
       "has a character other than"},
      {[](DataElement& e) { e.unit = " "; }, "unit", "unit is empty"},
      {[](DataElement& e) { e.aggregation_levels = {0}; }, "aggregation_levels",
       "aggregation level 0 is not a tier"},
      {[](DataElement& e) { e.aggregation_levels = {3, 6}; }, "aggregation_levels",
       "aggregation level 6 is not a tier"},
      {[](DataElement& e) { e.aggregation_levels = {3, 2}; }, "aggregation_levels",
       "ascending without repeats"},
      {[](DataElement& e) { e.aggregation_levels = {3, 3}; }, "aggregation_levels",
       "ascending without repeats"},
  };
  for (const Case& c : cases) {
    DataElement element = Teams();
    c.change(element);
    Status status = ValidateDataElement(element);
    EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << c.field;
    EXPECT_EQ(status.where().field, c.field);
    EXPECT_THAT(status.message(), HasSubstr(c.message_part)) << c.field;
  }
}

TEST(ValidateDataElement, CountsShortNameInCharactersNotBytes) {
  DataElement element = Teams();
  element.short_name.clear();
  for (int i = 0; i < 50; ++i) element.short_name += "ổ";  // 3 bytes each
  EXPECT_TRUE(ValidateDataElement(element).ok());
}

TEST(ValidateDataElement, AllowsNoneOnlyForText) {
  DataElement element = Teams();
  element.aggregation_type = AggregationType::kNone;
  Status status = ValidateDataElement(element);
  EXPECT_EQ(status.message(),
            "data element 'P8_COMM_TEAMS': aggregation type NONE does not fit value type "
            "INTEGER_ZERO_OR_POSITIVE (NONE is only for TEXT and LONG_TEXT)");
  EXPECT_EQ(status.where().field, "aggregation_type");

  element.value_type = ValueType::kText;
  EXPECT_TRUE(ValidateDataElement(element).ok());
}

TEST(ValidateDataElement, AllowsArithmeticAggregationOnlyOnNumbersAndBooleans) {
  DataElement element = Teams();
  element.value_type = ValueType::kText;
  element.aggregation_type = AggregationType::kSum;
  EXPECT_THAT(ValidateDataElement(element).message(),
              HasSubstr("aggregation type SUM does not fit value type TEXT (text aggregates only "
                        "with NONE, COUNT or LAST)"));
  element.aggregation_type = AggregationType::kCount;
  EXPECT_TRUE(ValidateDataElement(element).ok());

  element.value_type = ValueType::kDate;
  element.aggregation_type = AggregationType::kAverage;
  EXPECT_THAT(ValidateDataElement(element).message(),
              HasSubstr("(dates aggregate only with COUNT, LAST, MIN or MAX)"));
  element.aggregation_type = AggregationType::kMax;
  EXPECT_TRUE(ValidateDataElement(element).ok());

  element.value_type = ValueType::kBoolean;
  element.aggregation_type = AggregationType::kSum;
  EXPECT_TRUE(ValidateDataElement(element).ok());
  element.value_type = ValueType::kMoney;
  element.aggregation_type = AggregationType::kAverageSumOrgUnit;
  EXPECT_TRUE(ValidateDataElement(element).ok());
}

TEST(CanonicalDataValue, ChecksAgainstTheElementsValueType) {
  DataElement element = Teams();
  EXPECT_EQ(*CanonicalDataValue(element, "+057"), "57");
  Result<std::string> bad = CanonicalDataValue(element, "-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "value '-1' is not a zero or positive integer (data element 'P8_COMM_TEAMS' has "
            "value type INTEGER_ZERO_OR_POSITIVE): the allowed range is 0 to 2147483647");
}

TEST(IsInsignificantZero, FollowsDhis2ZeroIsSignificant) {
  DataElement element = Teams();
  EXPECT_TRUE(IsInsignificantZero(element, "0"));
  EXPECT_FALSE(IsInsignificantZero(element, "3"));
  element.zero_is_significant = true;
  EXPECT_FALSE(IsInsignificantZero(element, "0"));
  element.zero_is_significant = false;
  element.aggregation_type = AggregationType::kAverage;  // a zero changes a mean
  EXPECT_FALSE(IsInsignificantZero(element, "0"));
  element.aggregation_type = AggregationType::kSum;
  element.value_type = ValueType::kBoolean;  // "false" is not a zero
  EXPECT_FALSE(IsInsignificantZero(element, "false"));
  element.value_type = ValueType::kText;
  EXPECT_FALSE(IsInsignificantZero(element, "0"));
}

}  // namespace
}  // namespace gemis
