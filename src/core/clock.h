// The wall clock, injected so that timestamps and deadline logic are
// deterministic in tests.
#pragma once

#include <atomic>
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

// A clock that starts at a set instant and then advances with `base` (the
// real clock): the fake "now" of `gemis serve --fake-now`, for browser tests
// of deadlines. Set() moves it; NowMillis() and Set() are thread-safe.
// `base` must outlive it. Never for production: every deadline, session
// lifetime and audit time follows it (docs/deploy.md).
class OffsetClock final : public Clock {
 public:
  OffsetClock(const Clock& base, int64_t start_millis)
      : base_(base), offset_(start_millis - base.NowMillis()) {}
  int64_t NowMillis() const override { return base_.NowMillis() + offset_.load(); }
  // From now on NowMillis() is `millis` plus the time elapsed since.
  void Set(int64_t millis) { offset_.store(millis - base_.NowMillis()); }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_;
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
