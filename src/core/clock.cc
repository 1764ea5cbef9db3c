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

Result<int64_t> ParseTimestamp(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status::Invalid("'" + std::string(text.substr(0, 40)) + "' is not a time (" + why +
                           "; e.g. 2026-11-20T08:30 or 2026-11-20T01:30Z)");
  };
  if (text.size() < 10) return bad("YYYY-MM-DD first");
  Result<Date> day = Date::Parse(text.substr(0, 10));
  if (!day.ok()) return bad("YYYY-MM-DD first");
  std::string_view rest = text.substr(10);
  auto two = [](std::string_view s, size_t at, int max) -> int {
    if (s.size() < at + 2 || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') {
      return -1;
    }
    int v = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return v > max ? -1 : v;
  };
  int hour = 0, minute = 0, second = 0;
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    hour = two(rest, 1, 23);
    if (hour < 0 || rest.size() < 6 || rest[3] != ':') return bad("the hour is HH:MM");
    minute = two(rest, 4, 59);
    if (minute < 0) return bad("the hour is HH:MM");
    rest = rest.substr(6);
    if (!rest.empty() && rest[0] == ':') {
      second = two(rest, 1, 59);
      if (second < 0) return bad("seconds are :SS");
      rest = rest.substr(3);
    }
  }
  int64_t offset_minutes = 7 * 60;  // Vietnam
  if (rest == "Z") {
    offset_minutes = 0;
  } else if (!rest.empty()) {
    int oh = two(rest, 1, 14), om = two(rest, 4, 59);
    if ((rest[0] != '+' && rest[0] != '-') || rest.size() != 6 || rest[3] != ':' || oh < 0 ||
        om < 0) {
      return bad("the zone is Z or +HH:MM");
    }
    offset_minutes = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  const int64_t local =
      int64_t{day->days()} * 86400000 + hour * 3600000LL + minute * 60000LL + second * 1000LL;
  return local - offset_minutes * 60000;
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
