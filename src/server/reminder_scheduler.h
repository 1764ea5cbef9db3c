// The server's own reminder passes (docs/reporting.md "Reminders",
// reporting/reminder_run.h): one when the server starts, then one each
// `interval` of the server's clock. The clock is the Api's, so under
// `gemis serve --fake-now` the passes follow the fake time: a thread looks
// every `poll` of real time whether the clock reached the next pass, and
// PUT /api/testing/clock runs one at once (RunNow). Passes never overlap;
// the store's reminder_sent keeps them idempotent even beside a
// `gemis reminders send` from cron.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "reporting/reminder_run.h"
#include "store/store.h"

namespace gemis::server {

class ReminderScheduler {
 public:
  // `store`, `clock` and `channels` must outlive the scheduler. `log`
  // receives a line per pass that sent something and per failure.
  ReminderScheduler(store::Store& store, const Clock& clock, reporting::ReminderOptions options,
                    std::vector<reporting::Notifier*> channels,
                    std::function<void(std::string_view)> log);
  // Stops the thread (waits for a pass under way).
  ~ReminderScheduler();
  ReminderScheduler(const ReminderScheduler&) = delete;
  ReminderScheduler& operator=(const ReminderScheduler&) = delete;

  // Starts the thread: a pass now, then one whenever the clock passed the
  // last pass's time plus `interval_ms`, looked at every `poll`.
  void Start(int64_t interval_ms = int64_t{3600} * 1000,
             std::chrono::milliseconds poll = std::chrono::seconds(10));
  // One pass now, on the caller's thread; the next periodic one comes
  // `interval_ms` after it (also when the clock was moved back).
  Result<reporting::ReminderPass> RunNow();

 private:
  void Loop(std::chrono::milliseconds poll);

  store::Store& store_;
  const Clock& clock_;
  const reporting::ReminderOptions options_;
  const std::vector<reporting::Notifier*> channels_;
  const std::function<void(std::string_view)> log_;
  int64_t interval_ms_ = int64_t{3600} * 1000;
  std::mutex pass_mutex_;  // one pass at a time; guards next_ms_
  int64_t next_ms_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gemis::server
