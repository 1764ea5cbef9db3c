// How a notification reaches a user (docs/reporting.md, "Reminders"). A
// Notifier is one channel: the in-app inbox (always on, InboxNotifier
// below), email by SMTP when configured (reporting/smtp_notifier.h).
//
// Other channels plug in here: an SMS gateway or a Zalo Official Account
// (Zalo ZNS) is a class deriving from Notifier whose Send posts the
// notification's subject (and link) to the gateway for the user's phone
// number or Zalo id, answering false for a user it cannot reach; it is
// then added to the channels `gemis serve` and `gemis reminders send` pass
// to SendReminders (reporting/reminder_run.h), next to SMTP. The user
// record would need the phone number or Zalo id (access/user.h has the
// email only today).
#pragma once

#include <string_view>

#include "access/user.h"
#include "core/status.h"
#include "store/store.h"

namespace gemis::reporting {

class Notifier {
 public:
  virtual ~Notifier() = default;
  // The channel's name for logs and counts: "inbox", "smtp", "sms", "zalo".
  virtual std::string_view Channel() const = 0;
  // Delivers `notification` (its username is `to`'s) to `to`: true when
  // sent, false when the channel cannot reach `to` (no email address) and
  // nothing was tried. An error is the channel's failure (server down,
  // refused): the caller logs it (never the text: it may name units the log
  // reader may not see) and goes on; the inbox has the notification anyway.
  // Called from one thread at a time.
  virtual Result<bool> Send(const access::User& to, const store::Notification& notification) = 0;
};

// The in-app inbox: the store's notification table (GET /api/inbox).
class InboxNotifier final : public Notifier {
 public:
  // `store` must outlive the notifier.
  explicit InboxNotifier(store::Store& store) : store_(store) {}
  std::string_view Channel() const override { return "inbox"; }
  // Stores the notification in its own write transaction.
  Result<bool> Send(const access::User& to, const store::Notification& notification) override;
  // Stores it inside `txn` (the reminders record and store in one write).
  static Result<int64_t> Insert(store::WriteTransaction& txn,
                                const store::Notification& notification);

 private:
  store::Store& store_;
};

}  // namespace gemis::reporting
