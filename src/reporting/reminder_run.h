// One pass of the reminders (docs/reporting.md, "Reminders"): what
// `gemis reminders send` runs once and `gemis serve` runs every hour and
// after the testing clock moves. It reads the store, decides the reminders
// due (reporting/reminders.h), keeps those not sent before, and delivers
// them: into the inbox, then through the other channels (email, …).
//
// Delivery guarantees:
//  (1) the inbox gets each reminder exactly once: its record in
//      reminder_sent and its notification are written in one transaction,
//      and the record's key refuses a second one (two passes at once, a
//      pass after a crash);
//  (2) the other channels get it at most once, after that commit: a crash
//      in between loses the email, never the inbox notice;
//  (3) a channel's failure never stops the pass: it is logged (channel,
//      username, kind, the channel's error — never the notification's text
//      nor an address) and counted.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "reporting/notifier.h"
#include "reporting/reminders.h"
#include "store/store.h"

namespace gemis::reporting {

struct ReminderPass {
  std::vector<Reminder> sent;  // the new reminders, now in their users' inboxes
  int delivered = 0;           // by the other channels (emails sent)
  int failed = 0;              // deliveries that failed
};

// Runs one pass at `now_ms` with `channels` besides the inbox (not owned;
// may be empty). `log` receives one line per failed delivery (may be
// empty). Errors: the store's.
Result<ReminderPass> SendReminders(store::Store& store, int64_t now_ms,
                                   const ReminderOptions& options,
                                   const std::vector<Notifier*>& channels,
                                   const std::function<void(std::string_view)>& log = {});

}  // namespace gemis::reporting
