#include "core/aggregation_type.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis {
namespace {

using ::testing::HasSubstr;

TEST(AggregationTypeName, RoundTripsEveryType) {
  for (AggregationType type : kAllAggregationTypes) {
    Result<AggregationType> parsed = ParseAggregationType(AggregationTypeName(type));
    ASSERT_TRUE(parsed.ok()) << AggregationTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_STREQ(AggregationTypeName(AggregationType::kAverageSumOrgUnit), "AVERAGE_SUM_ORG_UNIT");
  EXPECT_STREQ(AggregationTypeName(AggregationType::kLastAverageOrgUnit), "LAST_AVERAGE_ORG_UNIT");
}

TEST(ParseAggregationType, RejectsUnknownNames) {
  Result<AggregationType> parsed = ParseAggregationType("sum");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("unknown aggregation type 'sum'"));
  EXPECT_THAT(parsed.status().message(), HasSubstr("SUM, AVERAGE, AVERAGE_SUM_ORG_UNIT"));
  EXPECT_EQ(parsed.status().where().field, "aggregation_type");
}

TEST(AggregationFits, ArithmeticNeedsNumbersOrBooleans) {
  EXPECT_TRUE(AggregationFits(AggregationType::kSum, ValueType::kInteger));
  EXPECT_TRUE(AggregationFits(AggregationType::kSum, ValueType::kMoney));
  EXPECT_TRUE(AggregationFits(AggregationType::kSum, ValueType::kBoolean));
  EXPECT_TRUE(AggregationFits(AggregationType::kAverage, ValueType::kPercentage));
  EXPECT_FALSE(AggregationFits(AggregationType::kSum, ValueType::kText));
  EXPECT_FALSE(AggregationFits(AggregationType::kAverageSumOrgUnit, ValueType::kDate));
  EXPECT_FALSE(AggregationFits(AggregationType::kLastAverageOrgUnit, ValueType::kLongText));
}

TEST(AggregationFits, MinAndMaxAlsoFitDates) {
  EXPECT_TRUE(AggregationFits(AggregationType::kMin, ValueType::kDate));
  EXPECT_TRUE(AggregationFits(AggregationType::kMax, ValueType::kNumber));
  EXPECT_FALSE(AggregationFits(AggregationType::kMax, ValueType::kText));
}

TEST(AggregationFits, NoneIsOnlyForTextAndLastAndCountFitEverything) {
  for (ValueType type : kAllValueTypes) {
    EXPECT_EQ(AggregationFits(AggregationType::kNone, type), IsTextType(type))
        << ValueTypeName(type);
    EXPECT_TRUE(AggregationFits(AggregationType::kLast, type)) << ValueTypeName(type);
    EXPECT_TRUE(AggregationFits(AggregationType::kCount, type)) << ValueTypeName(type);
  }
}

}  // namespace
}  // namespace gemis
