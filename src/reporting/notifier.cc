#include "reporting/notifier.h"

namespace gemis::reporting {

Result<bool> InboxNotifier::Send(const access::User& to, const store::Notification& notification) {
  store::Notification n = notification;
  n.username = to.username;
  GEMIS_RETURN_IF_ERROR(
      store_.Write([&](store::WriteTransaction& txn) { return Insert(txn, n).status(); }));
  return true;
}

Result<int64_t> InboxNotifier::Insert(store::WriteTransaction& txn,
                                      const store::Notification& notification) {
  return txn.InsertNotification(notification);
}

}  // namespace gemis::reporting
