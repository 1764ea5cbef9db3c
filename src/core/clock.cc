#include "core/clock.h"

#include <chrono>
#include <cstdio>

#include "core/date.h"

namespace gemis {

int64_t SystemClock::NowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTimestamp(int64_t millis) {
  int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
  int64_t rest = millis - days * 86400000;
  Date date = Date::FromDays(static_cast<int32_t>(days));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", date.ToString().c_str(),
                static_cast<int>(rest / 3600000), static_cast<int>(rest / 60000 % 60),
                static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
  return buf;
}

Date VietnamDay(int64_t millis) {
  constexpr int64_t kOffset = int64_t{7} * 3600 * 1000, kDay = 86400000;
  int64_t local = millis + kOffset;
  int64_t days = local / kDay - (local % kDay < 0 ? 1 : 0);
  return Date::FromDays(static_cast<int32_t>(days));
}

Date VietnamToday(const Clock& clock) { return VietnamDay(clock.NowMillis()); }

Date VietnamToday() { return VietnamToday(SystemClock()); }

}  // namespace gemis
