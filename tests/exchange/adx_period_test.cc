// ADX periods: START/DURATION to and from gemis periods (docs/formats/adx.md).
#include "exchange/adx_period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/period_type.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

std::string Id(std::string_view adx) {
  Result<Period> p = ParseAdxPeriod(adx);
  return p.ok() ? p->ToString() : "error: " + p.status().message();
}

TEST(AdxPeriod, ReadsEveryPeriodLength) {
  EXPECT_EQ(Id("2024-01-01/P1Y"), "2024");
  EXPECT_EQ(Id("2024-04-01/P3M"), "2024Q2");
  EXPECT_EQ(Id("2024-03-01/P1M"), "202403");
  EXPECT_EQ(Id("2024-03-15/P1D"), "20240315");
  EXPECT_EQ(Id("2024-01-01/P6M"), "2024S1");
  EXPECT_EQ(Id("2024-07-01/P6M"), "2024S2");
  EXPECT_EQ(Id("2024-04-01/P6M"), "2024AprilS1");
  EXPECT_EQ(Id("2023-11-01/P6M"), "2024NovS1");
  EXPECT_EQ(Id("2024-04-01/P1Y"), "2024April");
  EXPECT_EQ(Id("2024-01-01/P2M"), "202401B");
  EXPECT_EQ(Id("2024-01-01/P7D"), "2024W1");  // a Monday: ISO week 1
  EXPECT_EQ(Id("2024-01-01/P1W"), "2024W1");
  EXPECT_EQ(Id("2024-01-03/P7D"), "2024WedW1");
  EXPECT_EQ(Id("2024-01-01/P14D"), "2024BiW1");
  EXPECT_EQ(Id("2021-01-01/P5Y"), "2021-2025");
  EXPECT_EQ(Id("2020-02-01/P1M"), "202002");  // DHIS2's exportA fixture
  EXPECT_EQ(Id("2024-02-01/P3M"), "2024NovQ2");
}

TEST(AdxPeriod, EveryPeriodTypeRoundTrips) {
  const Date day = Date::FromYmd(2024, 5, 15);
  for (PeriodType type : AllPeriodTypes()) {
    Result<Period> p =
        type == PeriodType::kMultiYear ? Period::Phase(2021, 2025) : Period::Containing(type, day);
    ASSERT_TRUE(p.ok()) << PeriodTypeName(type);
    std::string adx = FormatAdxPeriod(*p);
    SCOPED_TRACE(std::string(PeriodTypeName(type)) + " " + adx);
    Result<Period> back = ParseAdxPeriod(adx);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, *p);
  }
}

TEST(AdxPeriod, FormatsAsStartAndDuration) {
  EXPECT_EQ(FormatAdxPeriod(*Period::Parse("2024")), "2024-01-01/P1Y");
  EXPECT_EQ(FormatAdxPeriod(*Period::Parse("2024Q2")), "2024-04-01/P3M");
  EXPECT_EQ(FormatAdxPeriod(*Period::Parse("2024W1")), "2024-01-01/P7D");
  EXPECT_EQ(FormatAdxPeriod(*Period::Parse("2021-2025")), "2021-01-01/P5Y");
}

TEST(AdxPeriod, RefusesWhatNamesNoPeriod) {
  struct Case {
    const char* text;
    const char* message;
    int column;
  };
  for (const Case& c : {Case{"2024-02-15/P3M", "no period of length P3M starts on 2024-02-15", 1},
                        Case{"2024-01-01", "expected START/DURATION", 11},
                        Case{"2024-13-01/P1M", "the start is not a date", 1},
                        Case{"2024-01-01/1Y", "the duration must look like", 12},
                        Case{"2024-01-01/P0Y", "one positive count", 13},
                        Case{"2024-01-01/PxM", "one positive count", 13},
                        Case{"2024-01-01/P1H", "unit must be D, W, M or Y", 14},
                        Case{"2024-03-01/P2Y", "must start on 1 January", 1},
                        Case{"2024-01-02/P1D1", "unit must be", 15}}) {
    SCOPED_TRACE(c.text);
    Result<Period> p = ParseAdxPeriod(c.text);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(p.status().message(), HasSubstr(c.message));
    EXPECT_EQ(p.status().where().column, c.column);
    EXPECT_EQ(p.status().where().field, "period");
  }
}

}  // namespace
}  // namespace gemis::exchange
