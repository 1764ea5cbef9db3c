// The wall clock, injected so that timestamps and deadline logic are
// deterministic in tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t NowMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
};

// A clock that returns a set time and advances only when told.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t millis) : millis_(millis) {}
  int64_t NowMillis() const override { return millis_; }
  void Advance(int64_t millis) { millis_ += millis; }

 private:
  int64_t millis_;
};

// "2024-03-15T08:30:00.000Z".
std::string FormatTimestamp(int64_t millis);

// The instant of "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" (a space may stand
// for the T), optionally followed by "Z" or an offset "+HH:MM" / "-HH:MM";
// without either it is Vietnam time (UTC+7). A day alone is its 00:00.
// kInvalidInput names what is wrong.
Result<int64_t> ParseTimestamp(std::string_view text);

class Date;
// The calendar day of `millis` in Vietnam (UTC+7, no daylight saving),
// whatever the machine's zone: deadlines, "today" and as-of defaults.
Date VietnamDay(int64_t millis);
// VietnamDay of the clock's now (the system clock when none is given).
Date VietnamToday(const Clock& clock);
Date VietnamToday();

}  // namespace gemis
