#include "core/period_type.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis {
namespace {

using ::testing::HasSubstr;

TEST(PeriodTypeName, SpellsNamesAsDhis2) {
  EXPECT_EQ(PeriodTypeName(PeriodType::kDaily), "Daily");
  EXPECT_EQ(PeriodTypeName(PeriodType::kWeeklyWednesday), "WeeklyWednesday");
  EXPECT_EQ(PeriodTypeName(PeriodType::kBiWeekly), "BiWeekly");
  EXPECT_EQ(PeriodTypeName(PeriodType::kBiMonthly), "BiMonthly");
  EXPECT_EQ(PeriodTypeName(PeriodType::kQuarterlyNov), "QuarterlyNov");
  EXPECT_EQ(PeriodTypeName(PeriodType::kSixMonthlyApril), "SixMonthlyApril");
  EXPECT_EQ(PeriodTypeName(PeriodType::kSixMonthlyNov), "SixMonthlyNov");
  EXPECT_EQ(PeriodTypeName(PeriodType::kFinancialApril), "FinancialApril");
  EXPECT_EQ(PeriodTypeName(PeriodType::kFinancialNov), "FinancialNov");
  EXPECT_EQ(PeriodTypeName(PeriodType::kMultiYear), "MultiYear");
}

TEST(AllPeriodTypes, ListsEveryTypeOnceInEnumOrder) {
  auto all = AllPeriodTypes();
  ASSERT_EQ(all.size(), 24u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(all[i]), i);
  }
  EXPECT_EQ(all.front(), PeriodType::kDaily);
  EXPECT_EQ(all.back(), PeriodType::kMultiYear);
}

TEST(ParsePeriodType, RoundTripsEveryName) {
  for (PeriodType type : AllPeriodTypes()) {
    Result<PeriodType> parsed = ParsePeriodType(PeriodTypeName(type));
    ASSERT_TRUE(parsed.ok()) << PeriodTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
}

TEST(ParsePeriodType, IgnoresAsciiCase) {
  EXPECT_EQ(*ParsePeriodType("weekly"), PeriodType::kWeekly);
  EXPECT_EQ(*ParsePeriodType("SIXMONTHLYNOV"), PeriodType::kSixMonthlyNov);
}

TEST(ParsePeriodType, RejectsUnknownNamesListingTheAcceptedOnes) {
  for (const char* name : {"", "Week", "Weekly ", "FinancialNovember", "Monthly2"}) {
    Result<PeriodType> parsed = ParsePeriodType(name);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(parsed.status().message(), HasSubstr("unknown period type"));
    EXPECT_THAT(parsed.status().message(), HasSubstr("WeeklySunday, BiWeekly"));
  }
}

}  // namespace
}  // namespace gemis
