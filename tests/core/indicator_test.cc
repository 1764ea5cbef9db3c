#include "core/indicator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/uid.h"

namespace gemis {
namespace {

using ::testing::HasSubstr;

Indicator FormalFinance() {
  Indicator indicator;
  indicator.uid = UidFromKey("ind:P8_TKV_FORMAL_PCT");
  indicator.code = "P8_TKV_FORMAL_PCT";
  indicator.name = "Tỷ lệ thành viên tổ tiết kiệm vay vốn được kết nối tài chính chính thức";
  indicator.name_en = "Savings-group members linked to formal finance";
  indicator.short_name = "TKV kết nối TCCT";
  indicator.numerator = "#{P8_TKV_MEM_FORMAL}";
  indicator.denominator = "#{P8_TKV_MEMBERS}";
  indicator.factor = 100;
  indicator.unit = "%";
  indicator.max_value = Decimal::FromInt(100);
  return indicator;
}

TEST(IndicatorValidate, AcceptsAWellFormedIndicator) {
  Status status = ValidateIndicator(FormalFinance());
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST(IndicatorValidate, AcceptsNestedExpressionsAndAConstantDenominator) {
  Indicator indicator = FormalFinance();
  indicator.numerator = "if(isNull(#{A.b}), 0, (#{A.b} + N{ind1}) * 2)";
  indicator.denominator = "1";
  indicator.max_value.reset();
  EXPECT_TRUE(ValidateIndicator(indicator).ok());
  indicator.numerator = "#{A} + 'text with ) and }'";
  EXPECT_TRUE(ValidateIndicator(indicator).ok()) << "brackets inside strings do not count";
}

TEST(IndicatorValidate, NamesTheFieldOfEachError) {
  struct Case {
    void (*change)(Indicator&);
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {[](Indicator& i) { i.uid = "bad"; }, "uid", "not a valid uid"},
      {[](Indicator& i) { i.uid.clear(); }, "uid", "not a valid uid"},
      {[](Indicator& i) { i.code.clear(); }, "code", "empty"},
      {[](Indicator& i) { i.code = "P8 TKV"; }, "code", ""},
      {[](Indicator& i) { i.name = "  "; }, "name", "name is empty"},
      {[](Indicator& i) { i.numerator.clear(); }, "numerator", "numerator is empty"},
      {[](Indicator& i) { i.denominator = " \t"; }, "denominator", "denominator is empty"},
      {[](Indicator& i) { i.numerator = "#{P8_A"; }, "numerator", "unclosed '{'"},
      {[](Indicator& i) { i.numerator = "#{P8_A}}"; }, "numerator", "unmatched '}'"},
      {[](Indicator& i) { i.denominator = "(#{P8_A)}"; }, "denominator", "')' closes '{'"},
      {[](Indicator& i) { i.denominator = "((#{P8_A})"; }, "denominator", "unclosed '('"},
      {[](Indicator& i) { i.numerator = "#{A} + 'x"; }, "numerator", "unterminated"},
      {[](Indicator& i) { i.factor = 0; }, "factor", "not positive"},
      {[](Indicator& i) { i.factor = -100; }, "factor", "not positive"},
  };
  for (const Case& c : cases) {
    Indicator indicator = FormalFinance();
    c.change(indicator);
    Status status = ValidateIndicator(indicator);
    ASSERT_FALSE(status.ok()) << c.field << " " << c.message;
    EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(status.where().field, c.field) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << status.ToString();
  }
}

TEST(IndicatorValidate, ErrorsNameTheIndicator) {
  Indicator indicator = FormalFinance();
  indicator.factor = 0;
  EXPECT_THAT(ValidateIndicator(indicator).message(), HasSubstr("'P8_TKV_FORMAL_PCT'"));
}

TEST(IndicatorValidate, ErrorsPointAtTheBadCharacter) {
  Indicator indicator = FormalFinance();
  indicator.numerator = "#{A})";
  EXPECT_THAT(ValidateIndicator(indicator).message(), HasSubstr("at character 5"));
}

}  // namespace
}  // namespace gemis
