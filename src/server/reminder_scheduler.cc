#include "server/reminder_scheduler.h"

#include <string>

namespace gemis::server {

ReminderScheduler::ReminderScheduler(store::Store& store, const Clock& clock,
                                     reporting::ReminderOptions options,
                                     std::vector<reporting::Notifier*> channels,
                                     std::function<void(std::string_view)> log)
    : store_(store),
      clock_(clock),
      options_(options),
      channels_(std::move(channels)),
      log_(std::move(log)) {}

ReminderScheduler::~ReminderScheduler() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReminderScheduler::Start(int64_t interval_ms, std::chrono::milliseconds poll) {
  interval_ms_ = interval_ms;
  thread_ = std::thread([this, poll] { Loop(poll); });
}

Result<reporting::ReminderPass> ReminderScheduler::RunNow() {
  std::lock_guard<std::mutex> lock(pass_mutex_);
  const int64_t now = clock_.NowMillis();
  next_ms_ = now + interval_ms_;
  Result<reporting::ReminderPass> pass =
      reporting::SendReminders(store_, now, options_, channels_, log_);
  if (log_) {
    if (!pass.ok()) {
      log_("reminders: the pass failed: " + pass.status().ToString());
    } else if (!pass->sent.empty()) {
      log_("reminders: " + std::to_string(pass->sent.size()) + " sent, " +
           std::to_string(pass->delivered) + " by email, " + std::to_string(pass->failed) +
           " failed");
    }
  }
  return pass;
}

void ReminderScheduler::Loop(std::chrono::milliseconds poll) {
  (void)RunNow();
  std::unique_lock<std::mutex> lock(stop_mutex_);
  while (!stop_cv_.wait_for(lock, poll, [this] { return stop_; })) {
    bool due = false;
    {
      std::lock_guard<std::mutex> pass_lock(pass_mutex_);
      due = clock_.NowMillis() >= next_ms_;
    }
    if (!due) continue;
    lock.unlock();
    (void)RunNow();
    lock.lock();
  }
}

}  // namespace gemis::server
