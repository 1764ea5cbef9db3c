#include "core/clock.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace gemis {
namespace {

TEST(FormatTimestamp, PrintsIsoUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1710491400123), "2024-03-15T08:30:00.123Z");
}

TEST(FormatTimestamp, HandlesTimesBefore1970) {
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999Z");
}

TEST(FixedClock, AdvancesOnlyWhenTold) {
  FixedClock clock(1000);
  EXPECT_EQ(clock.NowMillis(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowMillis(), 1500);
}

TEST(OffsetClock, StartsAtTheInstantAndAdvancesWithItsBase) {
  FixedClock base(1000);
  OffsetClock clock(base, ParseTimestamp("2024-11-05T09:00").value());
  EXPECT_EQ(FormatTimestamp(clock.NowMillis()), "2024-11-05T02:00:00.000Z");
  base.Advance(90 * 1000);
  EXPECT_EQ(FormatTimestamp(clock.NowMillis()), "2024-11-05T02:01:30.000Z");
  EXPECT_EQ(VietnamToday(clock).ToString(), "2024-11-05");
}

TEST(OffsetClock, SetMovesItForwardOrBackAndItKeepsRunning) {
  FixedClock base(5000);
  OffsetClock clock(base, ParseTimestamp("2024-11-05T09:00").value());
  clock.Set(ParseTimestamp("2024-11-12T09:00").value());
  EXPECT_EQ(VietnamToday(clock).ToString(), "2024-11-12");
  base.Advance(1000);
  EXPECT_EQ(FormatTimestamp(clock.NowMillis()), "2024-11-12T02:00:01.000Z");
  clock.Set(ParseTimestamp("2024-01-01T00:00Z").value());
  EXPECT_EQ(FormatTimestamp(clock.NowMillis()), "2024-01-01T00:00:00.000Z");
}

TEST(SystemClock, IsAfterThisCodeWasWritten) {
  EXPECT_GT(SystemClock().NowMillis(), 1763769600000);  // 2025-11-22
}

TEST(ParseTimestamp, VietnamTimeUnlessAZoneIsGiven) {
  // 2026-05-15 10:00 in Vietnam is 03:00 UTC.
  EXPECT_EQ(ParseTimestamp("2026-05-15T10:00").value(), 1778814000000);
  EXPECT_EQ(ParseTimestamp("2026-05-15 10:00").value(), 1778814000000);
  EXPECT_EQ(ParseTimestamp("2026-05-15T10:00:30").value(), 1778814030000);
  EXPECT_EQ(ParseTimestamp("2026-05-15T03:00Z").value(), 1778814000000);
  EXPECT_EQ(ParseTimestamp("2026-05-15T05:00+02:00").value(), 1778814000000);
  EXPECT_EQ(ParseTimestamp("2026-05-14T22:00-05:00").value(), 1778814000000);
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2026-05-15").value()), "2026-05-14T17:00:00.000Z");
}

TEST(ParseTimestamp, BadTextSaysWhatIsExpected) {
  for (const char* bad :
       {"", "15/05/2026", "2026-02-30", "2026-05-15T25:00", "2026-05-15T10", "2026-05-15T10:60",
        "2026-05-15T10:00+7", "2026-05-15T10:00 UTC", "2026-05-15T10:00:61"}) {
    Result<int64_t> t = ParseTimestamp(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), ErrorCode::kInvalidInput) << bad;
    EXPECT_NE(t.status().message().find("e.g. 2026-11-20T08:30"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace gemis
