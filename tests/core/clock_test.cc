#include "core/clock.h"

#include <gtest/gtest.h>

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

TEST(SystemClock, IsAfterThisCodeWasWritten) {
  EXPECT_GT(SystemClock().NowMillis(), 1763769600000);  // 2025-11-22
}

}  // namespace
}  // namespace gemis
