// The caller's in-app inbox (docs/api.md "Inbox", reporting/notifier.h):
//  - GET /api/inbox[?page=&pageSize=]: their notifications, newest first,
//    with the unread count and a pager;
//  - POST /api/inbox/{id}/read: one marked read (404 when it is not theirs);
//  - POST /api/inbox/readAll: every one marked read.
// Every signed-in user has an inbox: no authority is needed, and nobody
// reads or marks another's (the store looks notifications up by the
// caller's username).
#include "core/clock.h"
#include "server/api.h"

namespace gemis::server {

namespace {

using nlohmann::json;

json NotificationJson(const store::Notification& n) {
  return {{"id", n.id},
          {"created", FormatTimestamp(n.created_ms)},
          {"kind", n.kind},
          {"subject", n.subject},
          {"body", n.body},
          {"link", n.link},
          {"read", n.read_ms ? json(FormatTimestamp(*n.read_ms)) : json(nullptr)}};
}

Response List(Call& c) {
  Result<int64_t> page = IntParam(c, "page", 1, 1, 1'000'000);
  if (!page.ok()) return c.FromStatus(page.status());
  Result<int64_t> size = IntParam(c, "pageSize", 20, 1, 200);
  if (!size.ok()) return c.FromStatus(size.status());
  store::InboxPage inbox;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(inbox,
                           txn.LoadInbox(c.identity->user.username, (*page - 1) * *size, *size));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  json items = json::array();
  for (const store::Notification& n : inbox.notifications) items.push_back(NotificationJson(n));
  return c.Json({{"unread", inbox.unread},
                 {"notifications", items},
                 {"pager",
                  {{"page", *page},
                   {"pageSize", *size},
                   {"total", inbox.total},
                   {"pageCount", (inbox.total + *size - 1) / *size}}}});
}

Response MarkRead(Call& c) {
  std::optional<int64_t> id = c.IdParam("id");
  if (!id) return c.FromStatus(Status::NotFound("no such notification", {"", 0, 0, "id"}));
  const int64_t now = c.api.clock().NowMillis();
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.MarkNotificationRead(c.identity->user.username, *id, now));
    return txn.AppendAudit(c.AuditEntryFor("read", "notification", std::to_string(*id))).status();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"status", "ok"}});
}

Response MarkAllRead(Call& c) {
  const int64_t now = c.api.clock().NowMillis();
  int64_t marked = 0;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(marked, txn.MarkAllNotificationsRead(c.identity->user.username, now));
    if (marked == 0) return Status::Ok();
    store::AuditEntry e = c.AuditEntryFor("readAll", "notification", c.identity->user.username);
    e.after = json{{"marked", marked}}.dump();
    return txn.AppendAudit(e).status();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"marked", marked}});
}

}  // namespace

void AddInboxRoutes(Router& r) {
  r.Add({http::verb::get, "/api/inbox", true, std::nullopt, List});
  r.Add({http::verb::post, "/api/inbox/readAll", true, std::nullopt, MarkAllRead});
  r.Add({http::verb::post, "/api/inbox/{id}/read", true, std::nullopt, MarkRead});
}

}  // namespace gemis::server
