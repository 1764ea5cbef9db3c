#include "core/work_calendar.h"

#include <gtest/gtest.h>

namespace gemis {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// Tết 2026 as the Government gave it to civil servants: Saturday 14/2 to
// Sunday 22/2 (weekends listed too, as the announcement reads).
WorkCalendar Tet2026() {
  std::vector<CalendarDay> days;
  for (unsigned d = 14; d <= 22; ++d) days.push_back({D(2026, 2, d), CalendarDayKind::kOff, "Tết"});
  Result<WorkCalendar> c = WorkCalendar::Make(std::move(days));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

TEST(WorkCalendar, WeekendsAreOffWithoutATable) {
  WorkCalendar c;
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 11, 9)));   // Monday
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 11, 7)));  // Saturday
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 11, 8)));  // Sunday
  EXPECT_EQ(c.NextWorkingDay(D(2026, 11, 7)), D(2026, 11, 9));
  EXPECT_EQ(c.NextWorkingDay(D(2026, 11, 9)), D(2026, 11, 9));
  EXPECT_FALSE(c.Covers(2026));
}

TEST(WorkCalendar, HolidaysAndMadeUpSaturdays) {
  Result<WorkCalendar> c = WorkCalendar::Make({
      {D(2025, 5, 2), CalendarDayKind::kOff, "Nghỉ hoán đổi"},
      {D(2025, 4, 26), CalendarDayKind::kWorking, "Làm bù cho 02/5"},
      {D(2025, 4, 30), CalendarDayKind::kOff, "Ngày Chiến thắng"},
      {D(2025, 5, 1), CalendarDayKind::kOff, "Quốc tế Lao động"},
  });
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->IsWorkingDay(D(2025, 4, 26)));  // a Saturday worked
  EXPECT_FALSE(c->IsWorkingDay(D(2025, 5, 2)));  // a Friday given off
  // From Tuesday 29/4: Wednesday to Sunday are off.
  EXPECT_EQ(c->NextWorkingDay(D(2025, 4, 30)), D(2025, 5, 5));
  EXPECT_EQ(c->AddWorkingDays(D(2025, 4, 29), 1), D(2025, 5, 5));
  EXPECT_EQ(c->AddWorkingDays(D(2025, 4, 25), 1), D(2025, 4, 26));
  EXPECT_EQ(c->AddWorkingDays(D(2025, 4, 25), 0), D(2025, 4, 25));
  // Sorted by day, whatever the order given.
  EXPECT_EQ(c->days().front().day, D(2025, 4, 26));
  ASSERT_NE(c->Find(D(2025, 5, 1)), nullptr);
  EXPECT_EQ(c->Find(D(2025, 5, 1))->name, "Quốc tế Lao động");
  EXPECT_EQ(c->Find(D(2025, 5, 6)), nullptr);
  EXPECT_TRUE(c->Covers(2025));
  EXPECT_FALSE(c->Covers(2026));
}

TEST(WorkCalendar, TetCountsAsOneLongBreak) {
  WorkCalendar c = Tet2026();
  // Friday 13/2 + 1 working day: Monday 23/2.
  EXPECT_EQ(c.AddWorkingDays(D(2026, 2, 13), 1), D(2026, 2, 23));
  EXPECT_EQ(c.NextWorkingDay(D(2026, 2, 17)), D(2026, 2, 23));
}

TEST(WorkCalendar, RefusesWhatCannotBeRight) {
  Result<WorkCalendar> twice =
      WorkCalendar::Make({{D(2026, 1, 1), CalendarDayKind::kOff, "Tết Dương lịch"},
                          {D(2026, 1, 1), CalendarDayKind::kOff, "again"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().where().field, "days[1]");
  EXPECT_NE(twice.status().message().find("listed twice"), std::string::npos);

  Result<WorkCalendar> weekday =
      WorkCalendar::Make({{D(2026, 1, 5), CalendarDayKind::kWorking, "?"}});
  ASSERT_FALSE(weekday.ok());
  EXPECT_EQ(weekday.status().where().field, "days[0]");
  EXPECT_NE(weekday.status().message().find("weekday"), std::string::npos);

  Result<WorkCalendar> nameless = WorkCalendar::Make({{D(2026, 1, 1), CalendarDayKind::kOff, " "}});
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.status().code(), ErrorCode::kInvalidInput);
}

TEST(WorkCalendar, DayKindNames) {
  EXPECT_STREQ(CalendarDayKindName(CalendarDayKind::kWorking), "working");
  EXPECT_EQ(*ParseCalendarDayKind("off"), CalendarDayKind::kOff);
  EXPECT_FALSE(ParseCalendarDayKind("holiday").ok());
}

}  // namespace
}  // namespace gemis
