// Period::Parse: every id shape, DHIS2's alternative spellings, and an
// error (message and column) for each way an id can be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/period.h"

namespace gemis {
namespace {

using ::testing::HasSubstr;

std::string Days(std::string_view id) {
  Result<Period> period = Period::Parse(id);
  if (!period.ok()) return "error: " + period.status().ToString();
  return period->start().ToString() + ".." + period->end().ToString();
}

struct Example {
  const char* id;
  PeriodType type;
  const char* days;
};

// Day ranges from DHIS2's own tests (DateTimeUnitPeriodTypeParserTest,
// WeeklyPeriodTypeTest, SixMonthlyNovemberPeriodTest, ...) and from the ISO
// 8601 week rule; see docs/formats/period-ids.md.
const Example kExamples[] = {
    {"20140204", PeriodType::kDaily, "2014-02-04..2014-02-04"},
    {"20240229", PeriodType::kDaily, "2024-02-29..2024-02-29"},
    {"2014W1", PeriodType::kWeekly, "2013-12-30..2014-01-05"},
    {"2014W2", PeriodType::kWeekly, "2014-01-06..2014-01-12"},
    {"2009W53", PeriodType::kWeekly, "2009-12-28..2010-01-03"},
    {"2011W11", PeriodType::kWeekly, "2011-03-14..2011-03-20"},
    {"2020W53", PeriodType::kWeekly, "2020-12-28..2021-01-03"},
    {"2024W1", PeriodType::kWeekly, "2024-01-01..2024-01-07"},
    {"2026W1", PeriodType::kWeekly, "2025-12-29..2026-01-04"},
    {"2017WedW18", PeriodType::kWeeklyWednesday, "2017-05-03..2017-05-09"},
    {"2017ThuW19", PeriodType::kWeeklyThursday, "2017-05-04..2017-05-10"},
    {"2024FriW1", PeriodType::kWeeklyFriday, "2023-12-29..2024-01-04"},
    {"2017SatW19", PeriodType::kWeeklySaturday, "2017-05-06..2017-05-12"},
    {"2017SunW1", PeriodType::kWeeklySunday, "2017-01-01..2017-01-07"},
    {"2025SunW52", PeriodType::kWeeklySunday, "2025-12-21..2025-12-27"},
    {"2025SunW53", PeriodType::kWeeklySunday, "2025-12-28..2026-01-03"},
    {"2026SunW1", PeriodType::kWeeklySunday, "2026-01-04..2026-01-10"},
    {"2014BiW1", PeriodType::kBiWeekly, "2013-12-30..2014-01-12"},
    {"2018BiW2", PeriodType::kBiWeekly, "2018-01-15..2018-01-28"},
    {"2009BiW27", PeriodType::kBiWeekly, "2009-12-28..2010-01-10"},
    {"201402", PeriodType::kMonthly, "2014-02-01..2014-02-28"},
    {"202402", PeriodType::kMonthly, "2024-02-01..2024-02-29"},
    {"201401B", PeriodType::kBiMonthly, "2014-01-01..2014-02-28"},
    {"201402B", PeriodType::kBiMonthly, "2014-03-01..2014-04-30"},
    {"201406B", PeriodType::kBiMonthly, "2014-11-01..2014-12-31"},
    {"2014Q2", PeriodType::kQuarterly, "2014-04-01..2014-06-30"},
    {"2024NovQ1", PeriodType::kQuarterlyNov, "2023-11-01..2024-01-31"},
    {"2024NovQ2", PeriodType::kQuarterlyNov, "2024-02-01..2024-04-30"},
    {"2024NovQ4", PeriodType::kQuarterlyNov, "2024-08-01..2024-10-31"},
    {"2014S2", PeriodType::kSixMonthly, "2014-07-01..2014-12-31"},
    {"2014AprilS1", PeriodType::kSixMonthlyApril, "2014-04-01..2014-09-30"},
    {"2014AprilS2", PeriodType::kSixMonthlyApril, "2014-10-01..2015-03-31"},
    {"2015NovS1", PeriodType::kSixMonthlyNov, "2014-11-01..2015-04-30"},
    {"2015NovS2", PeriodType::kSixMonthlyNov, "2015-05-01..2015-10-31"},
    {"2014", PeriodType::kYearly, "2014-01-01..2014-12-31"},
    {"2024Feb", PeriodType::kFinancialFeb, "2024-02-01..2025-01-31"},
    {"2013April", PeriodType::kFinancialApril, "2013-04-01..2014-03-31"},
    {"2014July", PeriodType::kFinancialJuly, "2014-07-01..2015-06-30"},
    {"2024Aug", PeriodType::kFinancialAug, "2024-08-01..2025-07-31"},
    {"2024Sep", PeriodType::kFinancialSep, "2024-09-01..2025-08-31"},
    {"2013Oct", PeriodType::kFinancialOct, "2013-10-01..2014-09-30"},
    {"2009Nov", PeriodType::kFinancialNov, "2008-11-01..2009-10-31"},
    {"2021-2025", PeriodType::kMultiYear, "2021-01-01..2025-12-31"},
    {"0001", PeriodType::kYearly, "0001-01-01..0001-12-31"},
    {"9999W51", PeriodType::kWeekly, "9999-12-20..9999-12-26"},
};

TEST(PeriodParse, MapsEveryShapeToItsTypeAndDays) {
  for (const Example& example : kExamples) {
    Result<Period> period = Period::Parse(example.id);
    ASSERT_TRUE(period.ok()) << example.id << ": " << period.status().ToString();
    EXPECT_EQ(period->type(), example.type) << example.id;
    EXPECT_EQ(Days(example.id), example.days) << example.id;
    EXPECT_EQ(period->ToString(), example.id);
  }
}

TEST(PeriodParse, AcceptsDhis2AlternativeSpellingsAndPrintsTheCanonicalId) {
  const std::pair<const char*, const char*> spellings[] = {
      {"2014-02-04", "20140204"}, {"2014-03", "201403"},       {"2024W01", "2024W1"},
      {"2024W09", "2024W9"},      {"2024WedW05", "2024WedW5"}, {"2024SunW01", "2024SunW1"},
      {"2024BiW01", "2024BiW1"},
  };
  for (const auto& [alternative, canonical] : spellings) {
    Result<Period> period = Period::Parse(alternative);
    ASSERT_TRUE(period.ok()) << alternative << ": " << period.status().ToString();
    EXPECT_EQ(period->ToString(), canonical);
    EXPECT_EQ(*period, *Period::Parse(canonical));
  }
}

TEST(PeriodParse, RejectsWeek54) {
  Result<Period> period = Period::Parse("2024W54");
  ASSERT_FALSE(period.ok());
  EXPECT_EQ(period.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(period.status().message(), "week 54 out of range 1-52 for 2024 in period id '2024W54'");
  EXPECT_EQ(period.status().where().column, 6);
}

TEST(PeriodParse, AcceptsWeek53OnlyInYearsThatHaveIt) {
  EXPECT_TRUE(Period::Parse("2020W53").ok());
  EXPECT_TRUE(Period::Parse("2015W53").ok());
  EXPECT_FALSE(Period::Parse("2021W53").ok());
  EXPECT_FALSE(Period::Parse("2014W53").ok());
  EXPECT_TRUE(Period::Parse("2025SunW53").ok());
  EXPECT_FALSE(Period::Parse("2024SunW53").ok());
  EXPECT_TRUE(Period::Parse("2009BiW27").ok());
  EXPECT_FALSE(Period::Parse("2018BiW27").ok());
}

struct BadId {
  const char* id;
  int column;
  const char* message;  // a part of the message
};

const BadId kBadIds[] = {
    {"", 1, "empty period id"},
    {"24", 3, "starts with a 4-digit year"},
    {"abcd", 1, "starts with a 4-digit year"},
    {" 2024", 1, "starts with a 4-digit year"},
    {"0000", 1, "year 0 out of range 1-9999"},
    {"2024X1", 5, "'2024X1' is not a period id; expected one of 2024, 2024April"},
    {"2024q1", 5, "is not a period id"},
    {"2024 ", 5, "is not a period id"},
    {"2024011", 8, "is not a period id"},
    {"202401C", 7, "is not a period id"},
    {"202401B1", 8, "is not a period id"},
    {"2024010203", 9, "is not a period id"},
    {"2024-1", 7, "is not a period id"},
    {"2024-01-1", 10, "is not a period id"},
    {"2024-01x", 8, "is not a period id"},
    {"202413", 5, "month 13 out of range 1-12"},
    {"202400", 5, "month 0 out of range 1-12"},
    {"2024-13", 6, "month 13 out of range 1-12"},
    {"202407B", 5, "bi-month 7 out of range 1-6"},
    {"20241301", 5, "month 13 out of range 1-12"},
    {"20240230", 7, "day 30 does not exist in 2024-02"},
    {"20230229", 7, "day 29 does not exist in 2023-02"},
    {"20240100", 7, "day 0 does not exist in 2024-01"},
    {"2024-02-30", 9, "day 30 does not exist in 2024-02"},
    {"2024W0", 6, "week 0 out of range 1-52 for 2024"},
    {"2021W53", 6, "week 53 out of range 1-52 for 2021"},
    {"2024SunW54", 9, "week 54 out of range 1-52 for 2024 (WeeklySunday)"},
    {"2018BiW27", 8, "bi-week 27 out of range 1-26 for 2018"},
    {"2024W", 6, "missing week number"},
    {"2024Wx", 6, "expected the week number, found 'x'"},
    {"2024W123", 6, "week number has more than 2 digits"},
    {"2024W1x", 7, "unexpected 'x' after '2024W1'"},
    {"2024Q5", 6, "quarter 5 out of range 1-4"},
    {"2024Q0", 6, "quarter 0 out of range 1-4"},
    {"2024Q01", 6, "quarter number has more than 1 digit"},
    {"2024NovQ5", 9, "quarter 5 out of range 1-4"},
    {"2024S3", 6, "six-month period 3 out of range 1-2"},
    {"2024AprilS3", 11, "six-month period 3 out of range 1-2"},
    {"2024NovS0", 9, "six-month period 0 out of range 1-2"},
    {"2024Novx", 8, "unexpected 'x' after '2024Nov'"},
    {"2024April1", 10, "unexpected '1' after '2024April'"},
    {"2025-2021", 6, "last year 2021 is before first year 2025 in phase 2025-2021"},
    {"2025-2025", 6, "phase 2025-2025 must span at least two years"},
    {"1900-2025", 6, "phase 1900-2025 spans 126 years, more than 100"},
    {"2021-0000", 6, "year 0 out of range 1-9999"},
    {"2021-20255", 10, "is not a period id"},
    {"9999April", 1, "period 9999April reaches outside the supported days"},
    {"0001SunW1", 1, "period 0001SunW1 reaches outside the supported days"},
    {"0001NovS1", 1, "reaches outside the supported days"},
    {"9999W52", 1, "period 9999W52 reaches outside the supported days"},
};

TEST(PeriodParse, NamesWhatIsWrongAndWhere) {
  for (const BadId& bad : kBadIds) {
    Result<Period> period = Period::Parse(bad.id);
    ASSERT_FALSE(period.ok()) << "'" << bad.id << "' parsed as " << *period;
    EXPECT_EQ(period.status().code(), ErrorCode::kInvalidInput) << bad.id;
    EXPECT_THAT(period.status().message(), HasSubstr(bad.message)) << bad.id;
    EXPECT_EQ(period.status().where().column, bad.column)
        << bad.id << ": " << period.status().message();
  }
}

TEST(PeriodParse, QuotesOnlyTheStartOfVeryLongIds) {
  std::string id = "2024" + std::string(1000, 'x');
  Result<Period> period = Period::Parse(id);
  ASSERT_FALSE(period.ok());
  EXPECT_LT(period.status().message().size(), 400u);
  EXPECT_THAT(period.status().message(), HasSubstr("'2024xxxxxxxxxxxxxxxxxxxx...'"));
}

}  // namespace
}  // namespace gemis
