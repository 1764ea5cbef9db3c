#include "core/date.h"

#include <gtest/gtest.h>

namespace gemis {
namespace {

TEST(Date, ParsesIsoDates) {
  Result<Date> d = Date::Parse("2025-07-01");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 7u);
  EXPECT_EQ(d->day(), 1u);
  EXPECT_EQ(d->ToString(), "2025-07-01");
  EXPECT_EQ(d->ToVietnameseString(), "01/07/2025");
}

TEST(Date, EpochIsDayZero) { EXPECT_EQ(Date::FromYmd(1970, 1, 1).days(), 0); }

TEST(Date, RejectsImpossibleDaysAndMonthsWithTheReason) {
  Result<Date> feb30 = Date::Parse("2024-02-30");
  ASSERT_FALSE(feb30.ok());
  EXPECT_EQ(feb30.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(feb30.status().message().find("day 30 does not exist"), std::string::npos);
  Result<Date> month13 = Date::Parse("2024-13-01");
  ASSERT_FALSE(month13.ok());
  EXPECT_NE(month13.status().message().find("month 13"), std::string::npos);
}

TEST(Date, RejectsOtherShapes) {
  for (const char* text : {"", "2024-1-01", "2024/01/01", "20240101", "2024-01-01x", "abcd-ef-gh"}) {
    EXPECT_FALSE(Date::Parse(text).ok()) << text;
  }
}

TEST(Date, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(Date::Parse("2024-02-29").ok());
  EXPECT_FALSE(Date::Parse("2023-02-29").ok());
  EXPECT_FALSE(Date::Parse("1900-02-29").ok());
  EXPECT_TRUE(Date::Parse("2000-02-29").ok());
}

TEST(Date, ParsesVietnameseDayMonthYear) {
  EXPECT_EQ(Date::ParseVietnamese("13/9/2022")->ToString(), "2022-09-13");
  EXPECT_EQ(Date::ParseVietnamese("01/07/2025")->ToString(), "2025-07-01");
  EXPECT_FALSE(Date::ParseVietnamese("31/6/2025").ok());
  EXPECT_FALSE(Date::ParseVietnamese("2025/07/01").ok());
  EXPECT_FALSE(Date::ParseVietnamese("1/7/25").ok());
}

TEST(Date, AddsDaysAndMonthsClampingToMonthEnd) {
  Date d = Date::FromYmd(2024, 1, 31);
  EXPECT_EQ(d.AddDays(1).ToString(), "2024-02-01");
  EXPECT_EQ(d.AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(d.AddMonths(13).ToString(), "2025-02-28");
  EXPECT_EQ(d.AddMonths(-2).ToString(), "2023-11-30");
}

TEST(Date, KnowsIsoWeekdays) {
  EXPECT_EQ(Date::FromYmd(2025, 7, 1).iso_weekday(), 2u);   // Tuesday
  EXPECT_EQ(Date::FromYmd(2024, 12, 29).iso_weekday(), 7u);  // Sunday
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT(Date::FromYmd(2025, 6, 30), Date::FromYmd(2025, 7, 1));
  EXPECT_EQ(Date::FromYmd(2025, 7, 1), *Date::Parse("2025-07-01"));
}

TEST(Date, RoundTripsEveryDayOfAFewCenturies) {
  for (int32_t days = Date::FromYmd(1900, 1, 1).days(); days < Date::FromYmd(2100, 1, 1).days(); days += 7) {
    Date d = Date::FromDays(days);
    EXPECT_EQ(*Date::Parse(d.ToString()), d);
  }
}

}  // namespace
}  // namespace gemis
