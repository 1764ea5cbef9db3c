#include "core/deadline.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace gemis {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }
Period P(std::string_view id) { return *Period::Parse(id); }

DeadlineRule Fixed(int offset, int day, bool inclusive = false) {
  DeadlineRule r;
  r.kind = DeadlineKind::kFixed;
  r.month_offset = offset;
  r.day = day;
  r.inclusive = inclusive;
  return r;
}

const WorkCalendar kWeekends;

TEST(Deadline, KonTumAnnualReportBeforeTenNovember) {
  // "hằng năm (trước ngày 10 tháng 11)": 10/11/2026 is a Tuesday, so the
  // 9th (Monday) is the last day.
  Result<Due> due = FixedDue(Fixed(-1, 10), P("2026"), kWeekends);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(due->stated, D(2026, 11, 10));
  EXPECT_EQ(due->last_day, D(2026, 11, 9));
  // Inclusive: the 10th itself.
  EXPECT_EQ(FixedDue(Fixed(-1, 10, true), P("2026"), kWeekends)->last_day, D(2026, 11, 10));
}

TEST(Deadline, ALastDayOffMovesToTheNextWorkingDay) {
  // Before 10/11/2025 (a Monday): the 9th is a Sunday, so Monday the 10th
  // (Civil Code, Article 148(5)).
  Result<Due> due = FixedDue(Fixed(-1, 10), P("2025"), kWeekends);
  EXPECT_EQ(due->last_day, D(2025, 11, 10));
  DeadlineRule strict = Fixed(-1, 10);
  strict.roll_forward = false;
  EXPECT_EQ(FixedDue(strict, P("2025"), kWeekends)->last_day, D(2025, 11, 9));
}

TEST(Deadline, SixMonthAndQuarterAndNextYear) {
  // Kon Tum's 6-month report before 10 June; Gò Vấp's before 10/5.
  EXPECT_EQ(FixedDue(Fixed(0, 10), P("2026S1"), kWeekends)->stated, D(2026, 6, 10));
  EXPECT_EQ(FixedDue(Fixed(-1, 10), P("2026S1"), kWeekends)->stated, D(2026, 5, 10));
  EXPECT_EQ(FixedDue(Fixed(-1, 10), P("2026S2"), kWeekends)->stated, D(2026, 11, 10));
  // Gò Vấp's quarterly report before the 5th of the quarter's last month.
  EXPECT_EQ(FixedDue(Fixed(0, 5), P("2026Q3"), kWeekends)->stated, D(2026, 9, 5));
  // Hà Nội's year update before 30/01 of the next year; its progress
  // report before 15/9.
  EXPECT_EQ(FixedDue(Fixed(1, 30), P("2025"), kWeekends)->stated, D(2026, 1, 30));
  EXPECT_EQ(FixedDue(Fixed(-3, 15), P("2025"), kWeekends)->stated, D(2025, 9, 15));
}

TEST(Deadline, Program1719EndOfActivityWithinFifteenDays) {
  DeadlineRule r;
  r.kind = DeadlineKind::kAfterEvent;
  r.days = 15;
  // An activity ending Friday 6/11/2026: the 15th day is Saturday 21/11,
  // so Monday 23/11.
  Result<Due> due = DueAfter(r, D(2026, 11, 6), kWeekends);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->stated, D(2026, 11, 21));
  EXPECT_EQ(due->last_day, D(2026, 11, 23));
  r.working_days = true;
  EXPECT_EQ(DueAfter(r, D(2026, 11, 6), kWeekends)->last_day, D(2026, 11, 27));
  EXPECT_FALSE(DueAfter(Fixed(0, 5), D(2026, 11, 6), kWeekends).ok());
  EXPECT_FALSE(FixedDue(r, P("2026"), kWeekends).ok());
}

TEST(Deadline, WorkingDaysSkipTheHolidayTable) {
  std::vector<CalendarDay> tet;
  for (unsigned d = 14; d <= 22; ++d) tet.push_back({D(2026, 2, d), CalendarDayKind::kOff, "Tết"});
  WorkCalendar calendar = *WorkCalendar::Make(tet);
  DeadlineRule r;
  r.kind = DeadlineKind::kAfterEvent;
  r.days = 3;
  r.working_days = true;
  // From Thursday 12/2: Friday 13, then Monday 23 and Tuesday 24.
  EXPECT_EQ(DueAfter(r, D(2026, 2, 12), calendar)->last_day, D(2026, 2, 24));
  // A fixed deadline inside Tết waits for its end.
  EXPECT_EQ(FixedDue(Fixed(-10, 20), P("2026"), calendar)->last_day, D(2026, 2, 23));
}

TEST(Deadline, RequestedAndOnTimeInVietnamTime) {
  DeadlineRule r;
  r.kind = DeadlineKind::kRequested;
  Due due = RequestedDue(r, D(2026, 12, 5), kWeekends);  // Saturday: "before 5/12"
  EXPECT_EQ(due.last_day, D(2026, 12, 4));
  // 23:30 on 4/12 in Vietnam is 16:30 UTC: on time; 00:30 on the 5th in
  // Vietnam is still the 4th in UTC, and late.
  EXPECT_TRUE(OnTime(*ParseTimestamp("2026-12-04T23:30"), due));
  EXPECT_FALSE(OnTime(*ParseTimestamp("2026-12-05T00:30"), due));
  EXPECT_FALSE(OnTime(*ParseTimestamp("2026-12-04T17:30Z"), due));
  EXPECT_TRUE(OnTime(*ParseTimestamp("2026-12-04T16:59Z"), due));
}

TEST(Deadline, ImpossibleDaysAreRefusedWhenTheRuleIsMade) {
  EXPECT_TRUE(CheckDeadlineRule(Fixed(-1, 10), PeriodType::kYearly).ok());
  EXPECT_TRUE(CheckDeadlineRule(Fixed(0, 31), PeriodType::kYearly).ok());  // 31 December
  Status june = CheckDeadlineRule(Fixed(0, 31), PeriodType::kSixMonthly);
  ASSERT_FALSE(june.ok());
  EXPECT_EQ(june.where().field, "day");
  EXPECT_NE(june.message().find("month 6"), std::string::npos) << june.message();
  // 29 February: not in a common year.
  Status feb = CheckDeadlineRule(Fixed(-10, 29), PeriodType::kYearly);
  ASSERT_FALSE(feb.ok());
  EXPECT_NE(feb.message().find("month 2 of 2023"), std::string::npos) << feb.message();
  EXPECT_EQ(CheckDeadlineRule(Fixed(0, 0), PeriodType::kYearly).where().field, "day");
  EXPECT_EQ(CheckDeadlineRule(Fixed(0, 32), PeriodType::kYearly).where().field, "day");
  EXPECT_EQ(CheckDeadlineRule(Fixed(13, 1), PeriodType::kYearly).where().field, "monthOffset");
  EXPECT_FALSE(CheckDeadlineRule(Fixed(0, 1), PeriodType::kMultiYear).ok());
  DeadlineRule after;
  after.kind = DeadlineKind::kAfterEvent;
  EXPECT_EQ(CheckDeadlineRule(after, PeriodType::kDaily).where().field, "days");
  after.days = 15;
  EXPECT_TRUE(CheckDeadlineRule(after, PeriodType::kDaily).ok());
}

TEST(Deadline, RulesInWords) {
  EXPECT_EQ(DescribeDeadline(Fixed(-1, 10), PeriodType::kYearly, Lang::kVi),
            "trước ngày 10 tháng 11");
  EXPECT_EQ(DescribeDeadline(Fixed(1, 30), PeriodType::kYearly, Lang::kVi),
            "trước ngày 30 tháng 1 năm sau");
  EXPECT_EQ(DescribeDeadline(Fixed(-1, 10, true), PeriodType::kYearly, Lang::kEn),
            "before 10/11 (day 10 included)");
  EXPECT_EQ(DescribeDeadline(Fixed(0, 5), PeriodType::kQuarterly, Lang::kVi),
            "trước ngày 5 của tháng cuối kỳ");
  EXPECT_EQ(DescribeDeadline(Fixed(-1, 10), PeriodType::kSixMonthly, Lang::kVi),
            "trước ngày 10, 1 tháng trước tháng cuối kỳ");
  DeadlineRule after;
  after.kind = DeadlineKind::kAfterEvent;
  after.days = 15;
  EXPECT_EQ(DescribeDeadline(after, PeriodType::kDaily, Lang::kVi),
            "trong 15 ngày sau khi kết thúc");
  EXPECT_EQ(*ParseDeadlineKind("afterEvent"), DeadlineKind::kAfterEvent);
  EXPECT_FALSE(ParseDeadlineKind("weekly").ok());
}

}  // namespace
}  // namespace gemis
