#include "core/period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

namespace gemis {
namespace {

using ::testing::HasSubstr;

// Parses an id the test knows to be valid.
Period P(std::string_view id) {
  Result<Period> period = Period::Parse(id);
  EXPECT_TRUE(period.ok()) << id << ": " << period.status().ToString();
  return period.ok() ? *period : *Period::Parse("1970");
}

Date D(std::string_view text) { return *Date::Parse(text); }

std::string Ids(const std::vector<Period>& periods) {
  std::string out;
  for (const Period& period : periods) out += (out.empty() ? "" : " ") + period.ToString();
  return out;
}

std::string Id(const Result<Period>& period) {
  return period.ok() ? period->ToString() : "error: " + period.status().message();
}

// --- Examples -------------------------------------------------------------

TEST(PeriodContaining, MatchesDhis2Examples) {
  using T = PeriodType;
  const std::tuple<T, const char*, const char*> examples[] = {
      {T::kWeekly, "2012-12-31", "2013W1"},
      {T::kWeekly, "2012-12-30", "2012W52"},
      {T::kWeekly, "2009-12-29", "2009W53"},
      {T::kWeekly, "2010-01-04", "2010W1"},
      {T::kWeeklyWednesday, "2017-05-02", "2017WedW17"},
      {T::kWeeklyWednesday, "2017-05-04", "2017WedW18"},
      {T::kWeeklyThursday, "2017-05-03", "2017ThuW18"},
      {T::kWeeklyThursday, "2017-05-04", "2017ThuW19"},
      {T::kWeeklySaturday, "2017-05-05", "2017SatW18"},
      {T::kWeeklySaturday, "2017-05-06", "2017SatW19"},
      {T::kWeeklySunday, "2017-05-06", "2017SunW18"},
      {T::kWeeklySunday, "2017-05-07", "2017SunW19"},
      {T::kWeeklySunday, "2017-01-01", "2017SunW1"},
      {T::kBiWeekly, "2018-01-08", "2018BiW1"},
      {T::kBiWeekly, "2017-12-29", "2017BiW26"},
      {T::kBiWeekly, "2009-12-30", "2009BiW27"},
      {T::kBiWeekly, "2010-01-05", "2010BiW1"},
      {T::kBiMonthly, "2024-04-30", "202402B"},
      {T::kQuarterlyNov, "2009-03-15", "2009NovQ2"},
      {T::kQuarterlyNov, "2014-11-20", "2015NovQ1"},
      {T::kSixMonthlyNov, "2009-12-15", "2010NovS1"},
      {T::kSixMonthlyNov, "2009-08-15", "2009NovS2"},
      {T::kSixMonthlyApril, "2015-02-01", "2014AprilS2"},
      {T::kFinancialNov, "2009-02-15", "2009Nov"},
      {T::kFinancialNov, "2009-11-12", "2010Nov"},
      {T::kFinancialJuly, "2024-06-30", "2023July"},
      {T::kDaily, "2024-03-15", "20240315"},
  };
  for (const auto& [type, day, id] : examples) {
    EXPECT_EQ(Id(Period::Containing(type, D(day))), id) << PeriodTypeName(type) << " " << day;
  }
}

TEST(PeriodContaining, RefusesMultiYearAndDaysBeyondTheSupportedYears) {
  Result<Period> phase = Period::Containing(PeriodType::kMultiYear, D("2024-01-01"));
  EXPECT_EQ(phase.status().code(), ErrorCode::kUsage);
  EXPECT_THAT(Id(Period::Containing(PeriodType::kFinancialNov, D("9999-11-15"))),
              HasSubstr("reaches outside the supported days"));
  EXPECT_FALSE(Period::Containing(PeriodType::kWeeklySunday, D("0001-01-01")).ok());
  EXPECT_EQ(Id(Period::Containing(PeriodType::kWeekly, D("0001-01-01"))), "0001W1");
}

TEST(PeriodPhase, BuildsWholeYearsAndValidatesTheSpan) {
  EXPECT_EQ(Id(Period::Phase(2021, 2025)), "2021-2025");
  EXPECT_EQ(Period::Phase(2021, 2025)->DayCount(), 1826);
  EXPECT_THAT(Id(Period::Phase(2025, 2021)), HasSubstr("before first year"));
  EXPECT_THAT(Id(Period::Phase(2025, 2025)), HasSubstr("at least two years"));
  EXPECT_EQ(Id(Period::Phase(1926, 2025)), "1926-2025");
  EXPECT_THAT(Id(Period::Phase(1925, 2025)), HasSubstr("spans 101 years, more than 100"));
  EXPECT_THAT(Id(Period::Phase(9999, 10001)), HasSubstr("year 10001 out of range"));
}

TEST(PeriodNext, CrossesYearBoundaries) {
  EXPECT_EQ(Id(P("2020W53").Next()), "2021W1");
  EXPECT_EQ(Id(P("2021W1").Previous()), "2020W53");
  EXPECT_EQ(Id(P("2025SunW53").Next()), "2026SunW1");
  EXPECT_EQ(Id(P("202412").Next()), "202501");
  EXPECT_EQ(Id(P("202406B").Next()), "202501B");
  EXPECT_EQ(Id(P("2024NovQ4").Next()), "2025NovQ1");
  EXPECT_EQ(Id(P("2024NovS2").Next()), "2025NovS1");
  EXPECT_EQ(Id(P("2024AprilS2").Next()), "2025AprilS1");
  EXPECT_EQ(Id(P("2024Nov").Next()), "2025Nov");
  EXPECT_EQ(Id(P("20241231").Next()), "20250101");
  EXPECT_EQ(Id(P("20240301").Previous()), "20240229");
  EXPECT_EQ(Id(P("2021-2025").Next()), "2026-2030");
  EXPECT_EQ(Id(P("2021-2025").Previous()), "2016-2020");
}

TEST(PeriodNext, Follows27thBiWeekLikeDhis2) {
  // 2009 has 53 ISO weeks: its bi-week 27 is weeks 53 and 1 of 2010 and
  // overlaps 2010BiW1 by one week (DHIS2 parses and creates it that way).
  EXPECT_EQ(Id(P("2009BiW26").Next()), "2009BiW27");
  EXPECT_EQ(Id(P("2009BiW27").Next()), "2010BiW1");
  EXPECT_EQ(Id(P("2010BiW1").Previous()), "2009BiW27");
  EXPECT_EQ(P("2009BiW27").OverlapDays(P("2010BiW1")), 7);
  EXPECT_EQ(Id(P("2018BiW26").Next()), "2019BiW1");
}

TEST(PeriodNext, FailsOnlyAtTheEdgeOfTheSupportedYears) {
  EXPECT_THAT(Id(P("9999").Next()), HasSubstr("reaches outside"));
  EXPECT_THAT(Id(P("00010101").Previous()), HasSubstr("reaches outside"));
  EXPECT_THAT(Id(P("9901-9999").Next()), HasSubstr("out of range 1-9999"));
  EXPECT_EQ(Id(P("99991230").Next()), "99991231");
}

TEST(PeriodContains, ComparesDayRanges) {
  Period year = P("2024");
  EXPECT_TRUE(year.Contains(D("2024-01-01")));
  EXPECT_TRUE(year.Contains(D("2024-12-31")));
  EXPECT_FALSE(year.Contains(D("2025-01-01")));
  EXPECT_TRUE(year.Contains(P("2024Q3")));
  EXPECT_TRUE(year.Contains(year));
  EXPECT_TRUE(year.Contains(P("2024W1")));   // 2024-01-01 .. 2024-01-07
  EXPECT_FALSE(year.Contains(P("2025W1")));  // 2024-12-30 .. 2025-01-05
  EXPECT_TRUE(year.Overlaps(P("2025W1")));
  EXPECT_FALSE(year.Contains(P("2024April")));
  EXPECT_TRUE(P("2021-2025").Contains(P("2024Nov")));
  EXPECT_FALSE(P("2021-2025").Contains(P("2021Nov")));
}

TEST(PeriodOverlaps, CountsSharedDays) {
  EXPECT_EQ(P("2024").OverlapDays(P("2024April")), 275);
  EXPECT_EQ(P("2024April").OverlapDays(P("2024")), 275);
  EXPECT_EQ(P("2024Q1").OverlapDays(P("2024Q2")), 0);
  EXPECT_FALSE(P("2024Q1").Overlaps(P("2024Q2")));
  EXPECT_TRUE(P("2024Q1").Overlaps(P("20240331")));
  EXPECT_EQ(P("2025W1").OverlapDays(P("2024")), 2);  // 2024-12-30 and 31
}

TEST(PeriodsInside, ListsThePeriodsOfATypeWithinAnother) {
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kMonthly, P("2024"))),
            "202401 202402 202403 202404 202405 202406 202407 202408 202409 202410 202411 202412");
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kQuarterly, P("2024April"))),
            "2024Q2 2024Q3 2024Q4 2025Q1");
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kQuarterlyNov, P("2024"))),
            "2024NovQ2 2024NovQ3 2024NovQ4");
  EXPECT_EQ(PeriodsInside(PeriodType::kQuarterly, P("2021-2025"))->size(), 20u);
  EXPECT_EQ(PeriodsInside(PeriodType::kDaily, P("2024Q1"))->size(), 91u);
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kWeekly, P("202401"))), "2024W1 2024W2 2024W3 2024W4");
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kYearly, P("202401"))), "");
  // Bi-week 20 starts 2009-09-21; 27 ends 2010-01-10.
  EXPECT_EQ(Ids(*PeriodsInside(PeriodType::kBiWeekly, P("2009Q4"))),
            "2009BiW21 2009BiW22 2009BiW23 2009BiW24 2009BiW25 2009BiW26");
  Result<std::vector<Period>> phases = PeriodsInside(PeriodType::kMultiYear, P("2024"));
  EXPECT_EQ(phases.status().code(), ErrorCode::kUsage);
}

TEST(Period, OrdersByStartThenEndThenType) {
  EXPECT_LT(P("2024Q1"), P("2024"));  // same start, the quarter ends first
  EXPECT_LT(P("2024Q1"), P("2024Q2"));
  EXPECT_LT(P("2024W1"), P("202401"));
  EXPECT_EQ(P("2024Q1"), P("2024Q1"));
  EXPECT_NE(P("2024Q1"), P("202401B"));
}

// --- Properties over random periods ----------------------------------------

class PeriodProperty : public ::testing::Test {
 protected:
  // GEMIS_TEST_SEED=<n> replays a failing run.
  static uint32_t Seed() {
    const char* text = std::getenv("GEMIS_TEST_SEED");
    return text != nullptr ? static_cast<uint32_t>(std::strtoul(text, nullptr, 10))
                           : std::random_device{}();
  }

  Date RandomDay() {
    return Date::FromDays(std::uniform_int_distribution<int32_t>(D("1800-01-01").days(),
                                                                 D("2300-12-31").days())(random_));
  }

  PeriodType RandomFixedType() {
    int last = static_cast<int>(PeriodType::kMultiYear) - 1;
    return static_cast<PeriodType>(std::uniform_int_distribution<int>(0, last)(random_));
  }

  Period RandomPeriod() {
    if (std::uniform_int_distribution<int>(0, 23)(random_) == 0) {
      int first = std::uniform_int_distribution<int>(1800, 2300)(random_);
      return *Period::Phase(first, first + std::uniform_int_distribution<int>(1, 99)(random_));
    }
    return *Period::Containing(RandomFixedType(), RandomDay());
  }

  int RandomYear() { return std::uniform_int_distribution<int>(1800, 2300)(random_); }

  static bool IsBiWeek27(const Period& period) {
    return period.type() == PeriodType::kBiWeekly && period.ToString().ends_with("BiW27");
  }

  const uint32_t seed_ = Seed();
  std::mt19937 random_{seed_};
};

#define TRACE_SEED() SCOPED_TRACE("replay with GEMIS_TEST_SEED=" + std::to_string(seed_))

// Checks that `periods` follow each other without gap or overlap and cover
// exactly the days of `outer`.
void ExpectTiles(const std::vector<Period>& periods, const Period& outer) {
  ASSERT_FALSE(periods.empty()) << outer;
  EXPECT_EQ(periods.front().start(), outer.start()) << outer;
  EXPECT_EQ(periods.back().end(), outer.end()) << outer;
  for (size_t i = 1; i < periods.size(); ++i) {
    EXPECT_EQ(periods[i].start(), periods[i - 1].end().AddDays(1)) << periods[i];
  }
}

TEST_F(PeriodProperty, ParseOfToStringIsIdentity) {
  TRACE_SEED();
  for (int i = 0; i < 5000; ++i) {
    Period period = RandomPeriod();
    Result<Period> parsed = Period::Parse(period.ToString());
    ASSERT_TRUE(parsed.ok()) << period << ": " << parsed.status().ToString();
    ASSERT_EQ(*parsed, period);
  }
}

TEST_F(PeriodProperty, NextStartsTheDayAfterTheEndAndPreviousUndoesIt) {
  TRACE_SEED();
  for (int i = 0; i < 5000; ++i) {
    Period period = RandomPeriod();
    Result<Period> next = period.Next();
    ASSERT_TRUE(next.ok()) << period;
    EXPECT_EQ(next->type(), period.type());
    Date expected = IsBiWeek27(period) ? period.start().AddDays(7) : period.end().AddDays(1);
    ASSERT_EQ(next->start(), expected) << period << " -> " << *next;
    ASSERT_EQ(*next->Previous(), period) << period;
  }
}

TEST_F(PeriodProperty, ContainingHoldsTheDayAndContainsMeansWithinTheRange) {
  TRACE_SEED();
  for (int i = 0; i < 5000; ++i) {
    PeriodType type = RandomFixedType();
    Date day = RandomDay();
    Period period = *Period::Containing(type, day);
    ASSERT_TRUE(period.Contains(day)) << period << " " << day.ToString();
    Date other = day.AddDays(std::uniform_int_distribution<int>(-400, 400)(random_));
    bool within = period.start() <= other && other <= period.end();
    ASSERT_EQ(period.Contains(other), within) << period << " " << other.ToString();
    // Outside the bi-week overlap, the containing period is unique.
    if (type != PeriodType::kBiWeekly) {
      ASSERT_EQ(*Period::Containing(type, other) == period, within)
          << period << " " << other.ToString();
    }
  }
}

TEST_F(PeriodProperty, MonthBasedPeriodsTileTheirYear) {
  TRACE_SEED();
  const std::pair<PeriodType, const char*> tilings[] = {
      {PeriodType::kDaily, ""},
      {PeriodType::kMonthly, ""},
      {PeriodType::kBiMonthly, ""},
      {PeriodType::kQuarterly, ""},
      {PeriodType::kSixMonthly, ""},
      {PeriodType::kQuarterlyNov, "Nov"},
      {PeriodType::kSixMonthlyNov, "Nov"},
      {PeriodType::kSixMonthlyApril, "April"},
      {PeriodType::kMonthly, "July"},
  };
  for (int i = 0; i < 200; ++i) {
    int year = RandomYear();
    for (const auto& [type, financial] : tilings) {
      Period outer = P(std::to_string(year) + financial);
      ExpectTiles(*PeriodsInside(type, outer), outer);
    }
    EXPECT_EQ(PeriodsInside(PeriodType::kMonthly, P(std::to_string(year)))->size(), 12u);
    EXPECT_EQ(PeriodsInside(PeriodType::kQuarterly, P(std::to_string(year)))->size(), 4u);
  }
}

TEST_F(PeriodProperty, WeekYearsHave52Or53WeeksThatTileTime) {
  TRACE_SEED();
  for (const char* tag : {"W", "WedW", "ThuW", "FriW", "SatW", "SunW", "BiW"}) {
    for (int i = 0; i < 30; ++i) {
      std::string year = std::to_string(RandomYear());
      std::vector<Period> weeks;
      for (int week = 1; week <= 54; ++week) {
        Result<Period> period = Period::Parse(year + tag + std::to_string(week));
        if (!period.ok()) break;
        weeks.push_back(*period);
      }
      bool bi = std::string_view(tag) == "BiW";
      ASSERT_GE(weeks.size(), bi ? 26u : 52u) << year << tag;
      ASSERT_LE(weeks.size(), bi ? 27u : 53u) << year << tag;
      for (size_t w = 1; w < weeks.size(); ++w) {
        ASSERT_EQ(weeks[w].start(), weeks[w - 1].end().AddDays(1)) << weeks[w];
        ASSERT_EQ(weeks[w].DayCount(), bi ? 14 : 7) << weeks[w];
      }
      // The next year's first week follows the last one, except that the
      // 27th bi-week shares its second week with it (as in DHIS2).
      Period next_year_first = P(std::to_string(std::stoi(year) + 1) + tag + "1");
      Date expected = bi && weeks.size() == 27 ? weeks.back().start().AddDays(7)
                                               : weeks.back().end().AddDays(1);
      ASSERT_EQ(next_year_first.start(), expected) << next_year_first;
    }
  }
}

TEST_F(PeriodProperty, PeriodsInsideAreExactlyThePeriodsWithinTheOuterOne) {
  TRACE_SEED();
  for (int i = 0; i < 1000; ++i) {
    Period outer = RandomPeriod();
    PeriodType type = RandomFixedType();
    std::vector<Period> inside = *PeriodsInside(type, outer);
    for (const Period& period : inside) {
      ASSERT_TRUE(outer.Contains(period)) << outer << " " << period;
    }
    if (type == PeriodType::kDaily) {
      ASSERT_EQ(inside.size(), static_cast<size_t>(outer.DayCount()));
    }
    if (inside.empty()) continue;
    for (size_t k = 1; k < inside.size(); ++k) {
      ASSERT_EQ(*inside[k - 1].Next(), inside[k]);
    }
    EXPECT_FALSE(outer.Contains(*inside.front().Previous())) << outer << " " << inside.front();
    EXPECT_FALSE(outer.Contains(*inside.back().Next())) << outer << " " << inside.back();
  }
}

TEST(PeriodWeeks, Iso400YearCycleHas71LongYears) {
  int long_years = 0;
  for (int year = 2000; year < 2400; ++year)
    long_years += Period::Parse(std::to_string(year) + "W53").ok();
  EXPECT_EQ(long_years, 71);
}

}  // namespace
}  // namespace gemis
