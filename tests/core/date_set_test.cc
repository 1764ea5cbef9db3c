#include "core/date_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

DateSet Parsed(std::string_view text) {
  Result<DateSet> set = DateSet::Parse(text);
  EXPECT_TRUE(set.ok()) << text << ": " << set.status().ToString();
  return set.ok() ? *set : DateSet();
}

std::string Canonical(std::string_view text) { return Parsed(text).ToString(); }

TEST(DateSetParse, ReadsAYear) {
  DateSet set = Parsed("2024");
  EXPECT_THAT(set.ranges(), ElementsAre(DateRange{Day("2024-01-01"), Day("2024-12-31")}));
  EXPECT_EQ(set.day_count(), 366);
  EXPECT_EQ(set.ToString(), "2024");
}

TEST(DateSetParse, ReadsYearRangesWithAnyDash) {
  DateSet expected = DateSet::Years(2022, 2024);
  for (std::string_view text :
       {"2022-2024", "2022 - 2024", "2022–2024", "2022 – 2024", " 2022-2024 ", "2022—2024"}) {
    EXPECT_EQ(Parsed(text), expected) << text;
  }
  EXPECT_EQ(expected.ToString(), "2022-2024");
  EXPECT_EQ(Canonical("2024-2024"), "2024");
}

TEST(DateSetParse, ReadsAMultiYearPeriodIdAsTheSameYears) {
  EXPECT_EQ(Parsed("2021-2025"), DateSet::Years(2021, 2025));
}

TEST(DateSetParse, ReadsDhis2PeriodIds) {
  EXPECT_EQ(Parsed("2024Q1"), DateSet::Of(Day("2024-01-01"), Day("2024-03-31")));
  EXPECT_EQ(Parsed("202404"), DateSet::Of(Day("2024-04-01"), Day("2024-04-30")));
  EXPECT_EQ(Parsed("20240315"), DateSet::Of(Day("2024-03-15"), Day("2024-03-15")));
  EXPECT_EQ(Parsed("2024S2"), DateSet::Of(Day("2024-07-01"), Day("2024-12-31")));
  EXPECT_EQ(Parsed("2024W1"), DateSet::Of(Day("2024-01-01"), Day("2024-01-07")));
}

TEST(DateSetParse, ReadsMonthAndDayRanges) {
  EXPECT_EQ(Parsed("2024-04..2024-12"), DateSet::Of(Day("2024-04-01"), Day("2024-12-31")));
  EXPECT_EQ(Parsed("2022-10-03..2025-12-31"), DateSet::Of(Day("2022-10-03"), Day("2025-12-31")));
  EXPECT_EQ(Parsed("2024-04 .. 2024-12"), Parsed("2024-04..2024-12"));
}

TEST(DateSetParse, ReadsUnionsWithCommaOrSemicolon) {
  DateSet set = Parsed("2023,2025");
  EXPECT_THAT(set.ranges(), ElementsAre(DateRange{Day("2023-01-01"), Day("2023-12-31")},
                                        DateRange{Day("2025-01-01"), Day("2025-12-31")}));
  EXPECT_EQ(Parsed("2025 ; 2023"), set);
  EXPECT_EQ(set.ToString(), "2023,2025");
}

TEST(DateSetParse, EmptyTextIsTheEmptySet) {
  EXPECT_TRUE(Parsed("").empty());
  EXPECT_TRUE(Parsed("  ").empty());
  EXPECT_EQ(DateSet().ToString(), "");
}

TEST(DateSetParse, RejectsBadPartsNamingThem) {
  struct Case {
    std::string_view text;
    std::string_view names;
  };
  for (const Case& c :
       {Case{"2024-13..2024-12", "2024-13..2024-12"}, Case{"2023,20x5", "20x5"},
        Case{"2023,,2025", "empty part"}, Case{"2023,", "empty part"},
        Case{"2024-12..2024-04", "ends before it starts"},
        Case{"2025-2022", "first year is after the last"}, Case{"0000-2022", "year 0"},
        Case{"..2024-12", "first and a last"}, Case{"2024-02-30..2024-03-01", "2024-02-30"},
        Case{"2022 + 2024", "2022 + 2024"}}) {
    Result<DateSet> set = DateSet::Parse(c.text);
    ASSERT_FALSE(set.ok()) << c.text;
    EXPECT_EQ(set.status().code(), ErrorCode::kInvalidInput) << c.text;
    EXPECT_THAT(set.status().message(), HasSubstr(std::string(c.names))) << c.text;
  }
}

TEST(DateSetToString, MergesAdjacentAndOverlappingRanges) {
  EXPECT_EQ(Canonical("2022,2023,2024"), "2022-2024");
  EXPECT_EQ(Canonical("2024-04..2024-06,2024Q3,2024Q4"), "2024-04..2024-12");
  EXPECT_EQ(Canonical("2022-2024,2023-2025"), "2022-2025");
  EXPECT_EQ(Canonical("2024-03-01..2024-03-20,2024-03-10..2024-04-30"), "2024-03..2024-04");
  EXPECT_EQ(Parsed("2022,2023,2024").ranges().size(), 1U);
}

TEST(DateSetToString, PrintsTheShortestWholeUnit) {
  EXPECT_EQ(Canonical("2024Q1"), "2024-01..2024-03");
  EXPECT_EQ(Canonical("202404"), "2024-04");
  EXPECT_EQ(Canonical("2024-01..2024-12"), "2024");
  EXPECT_EQ(Canonical("2022-01-01..2024-12-31"), "2022-2024");
  EXPECT_EQ(Canonical("2022-10-03..2025-12-31"), "2022-10-03..2025-12-31");
  EXPECT_EQ(Canonical("20240315"), "2024-03-15..2024-03-15");
  EXPECT_EQ(Canonical("2023,2024-04..2024-12,2026-01-05..2026-01-09"),
            "2023,2024-04..2024-12,2026-01-05..2026-01-09");
}

TEST(DateSetToString, RoundTripsThroughParse) {
  for (std::string_view text :
       {"2024", "2022-2024", "2023,2025", "2024-04..2024-12", "2024-04", "2022-10-03..2025-12-31",
        "2024-03-15..2024-03-15", "2021,2023-04..2023-06,2024-02-29..2024-03-01"}) {
    EXPECT_EQ(Canonical(text), text);
  }
}

TEST(DateSet, ContainsDays) {
  DateSet set = Parsed("2023,2025");
  EXPECT_TRUE(set.Contains(Day("2023-01-01")));
  EXPECT_TRUE(set.Contains(Day("2025-12-31")));
  EXPECT_FALSE(set.Contains(Day("2024-06-01")));
  EXPECT_FALSE(set.Contains(Day("2022-12-31")));
  EXPECT_FALSE(set.Contains(Day("2026-01-01")));
  EXPECT_FALSE(DateSet().Contains(Day("2024-01-01")));
}

TEST(DateSet, ContainsSets) {
  DateSet plan = Parsed("2022-10-03..2025-12-31");
  EXPECT_TRUE(plan.Contains(Parsed("2023-2024")));
  EXPECT_TRUE(plan.Contains(Parsed("2023,2025")));
  EXPECT_TRUE(plan.Contains(DateSet()));
  EXPECT_FALSE(plan.Contains(Parsed("2022-2024")));
  EXPECT_FALSE(Parsed("2023,2025").Contains(Parsed("2023-2025")));
  EXPECT_FALSE(DateSet().Contains(Parsed("2024")));
}

TEST(DateSet, Overlaps) {
  DateSet gaps = Parsed("2023,2025");
  EXPECT_FALSE(gaps.Overlaps(Parsed("2024")));
  EXPECT_TRUE(gaps.Overlaps(Parsed("2024-06..2025-01")));
  EXPECT_TRUE(Parsed("2024").Overlaps(gaps.Union(Parsed("2024-12-31..2024-12-31"))));
  EXPECT_FALSE(gaps.Overlaps(DateSet()));
}

TEST(DateSet, UnionMergesAndCounts) {
  DateSet set = Parsed("2023").Union(Parsed("2025")).Union(Parsed("2024"));
  EXPECT_EQ(set, DateSet::Years(2023, 2025));
  EXPECT_EQ(set.first(), Day("2023-01-01"));
  EXPECT_EQ(set.last(), Day("2025-12-31"));
  EXPECT_EQ(set.day_count(), 365 + 366 + 365);
  EXPECT_EQ(Parsed("2023,2025").day_count(), 730);
}

}  // namespace
}  // namespace gemis
