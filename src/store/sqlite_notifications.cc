// The in-app inbox and the reminders sent, in SQLite (migration 20,
// reporting/notifier.h, reporting/reminders.h).
#include "store/sqlite_transaction.h"

namespace gemis::store {

Result<InboxPage> SqliteTransaction::LoadInbox(std::string_view username, int64_t offset,
                                               int64_t limit) {
  InboxPage page;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement counts,
      db_.Prepare("SELECT count(*), coalesce(sum(read_ms IS NULL), 0) FROM notification"
                  " WHERE username = ?"));
  counts.Bind(1, username);
  GEMIS_ASSIGN_OR_RETURN(bool counted, counts.Step());
  if (counted) {
    page.total = counts.Int(0);
    page.unread = counts.Int(1);
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, created_ms, kind, subject, body, link, read_ms FROM notification"
                  " WHERE username = ? ORDER BY id DESC LIMIT ? OFFSET ?"));
  stmt.Bind(1, username).Bind(2, limit).Bind(3, offset);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return page;
    Notification n;
    n.id = stmt.Int(0);
    n.username = std::string(username);
    n.created_ms = stmt.Int(1);
    n.kind = stmt.Text(2);
    n.subject = stmt.Text(3);
    n.body = stmt.Text(4);
    n.link = stmt.Text(5);
    n.read_ms = stmt.OptInt(6);
    page.notifications.push_back(std::move(n));
  }
}

Result<int64_t> SqliteTransaction::InsertNotification(const Notification& n) {
  if (n.username.empty() || n.kind.empty()) {
    return Status::Invalid("a notification needs a user and a kind",
                           Location{.field = n.username.empty() ? "username" : "kind"});
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT INTO notification (username, created_ms, kind, subject, body, link)"
                " VALUES (?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(add->Bind(1, n.username)
                            .Bind(2, n.created_ms)
                            .Bind(3, n.kind)
                            .Bind(4, n.subject)
                            .Bind(5, n.body)
                            .Bind(6, n.link)
                            .Run());
  return db_.LastInsertRowid();
}

Status SqliteTransaction::MarkNotificationRead(std::string_view username, int64_t id,
                                               int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * mark,
                         CachedSql("UPDATE notification SET read_ms = coalesce(read_ms, ?)"
                                   " WHERE id = ? AND username = ?"));
  GEMIS_RETURN_IF_ERROR(mark->Bind(1, now_ms).Bind(2, id).Bind(3, username).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("no notification " + std::to_string(id), Location{.field = "id"});
  }
  return Status::Ok();
}

Result<int64_t> SqliteTransaction::MarkAllNotificationsRead(std::string_view username,
                                                            int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * mark,
      CachedSql("UPDATE notification SET read_ms = ? WHERE username = ? AND read_ms IS NULL"));
  GEMIS_RETURN_IF_ERROR(mark->Bind(1, now_ms).Bind(2, username).Run());
  return static_cast<int64_t>(db_.Changes());
}

Result<bool> SqliteTransaction::RecordReminderSent(const SentReminder& r) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT OR IGNORE INTO reminder_sent (kind, report_type_id, period, org_unit_id,"
                " round, username, sent_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(add->Bind(1, r.kind)
                            .Bind(2, r.type)
                            .Bind(3, r.period.ToString())
                            .Bind(4, r.unit)
                            .Bind(5, r.round)
                            .Bind(6, r.username)
                            .Bind(7, r.sent_ms)
                            .Run());
  return db_.Changes() == 1;
}

}  // namespace gemis::store
