#include "reporting/reminder_run.h"

#include <map>

#include "core/clock.h"

namespace gemis::reporting {

namespace {

struct Loaded {
  Hierarchy hierarchy;
  ReportingSetup setup;
  std::vector<ReminderUser> users;
  std::vector<ReportRows> reports;
};

// The days activities ended whose end-of-activity reports may be due a
// reminder on `today` (ReminderPeriods' window; the register is read, so
// not in ReminderPeriods). A rule gives at most a year after the day.
Status AddEndOfActivityPeriods(store::ReadTransaction& txn, const ReportingSetup& setup,
                               Date today, const ReminderOptions& o,
                               std::vector<std::pair<const ReportType*, Period>>& periods) {
  const Date from = today.AddDays(-o.overdue_days);
  const Date to = today.AddDays(o.before_days);
  for (const ReportType& t : setup.types) {
    if (!t.active || t.cadence != ReportCadence::kEndOfActivity) continue;
    GEMIS_ASSIGN_OR_RETURN(std::vector<Period> days,
                           ActivityEndDays(txn, t, from.AddDays(-366), to));
    for (const Period& day : days) {
      for (const LevelDeadline& level : t.deadlines) {
        Result<Due> due = DueOf(t, level.level, day, setup.calendar);
        if (due.ok() && due->last_day >= from && due->last_day <= to) {
          periods.emplace_back(&t, day);
          break;
        }
      }
    }
  }
  return Status::Ok();
}

Status Load(store::ReadTransaction& txn, int64_t now_ms, const ReminderOptions& options,
            Loaded& out) {
  GEMIS_ASSIGN_OR_RETURN(out.setup, LoadReportingSetup(txn));
  const Date today = VietnamDay(now_ms);
  auto periods = ReminderPeriods(out.setup, today, options);
  GEMIS_RETURN_IF_ERROR(AddEndOfActivityPeriods(txn, out.setup, today, options, periods));
  if (periods.empty()) return Status::Ok();
  GEMIS_ASSIGN_OR_RETURN(out.hierarchy, txn.LoadHierarchy());
  GEMIS_ASSIGN_OR_RETURN(std::vector<access::Role> roles, txn.LoadRoles());
  GEMIS_ASSIGN_OR_RETURN(std::vector<access::User> users, txn.LoadUsers());
  for (access::User& u : users) {
    if (u.disabled) continue;
    access::Principal p = access::PrincipalOf(u, roles);
    out.users.push_back({std::move(u), std::move(p)});
  }
  for (const auto& [type, period] : periods) {
    ReportRows rr;
    rr.type = type;
    rr.period = period;
    GEMIS_ASSIGN_OR_RETURN(rr.rows,
                           LoadReportRows(txn, out.setup, *type, period, out.hierarchy, now_ms));
    out.reports.push_back(std::move(rr));
  }
  return Status::Ok();
}

store::Notification NotificationOf(const Reminder& r, int64_t now_ms) {
  store::Notification n;
  n.username = r.username;
  n.created_ms = now_ms;
  n.kind = ReminderKindName(r.kind);
  n.subject = r.subject;
  n.body = r.body;
  n.link = r.link;
  return n;
}

}  // namespace

Result<ReminderPass> SendReminders(store::Store& store, int64_t now_ms,
                                   const ReminderOptions& options,
                                   const std::vector<Notifier*>& channels,
                                   const std::function<void(std::string_view)>& log) {
  Loaded loaded;
  GEMIS_RETURN_IF_ERROR(
      store.Read([&](store::ReadTransaction& txn) { return Load(txn, now_ms, options, loaded); }));
  ReminderPass pass;
  if (loaded.reports.empty()) return pass;
  const access::ScopeIndex scopes(loaded.hierarchy, VietnamDay(now_ms));
  std::vector<Reminder> due =
      DueReminders(loaded.reports, loaded.users, scopes, loaded.hierarchy, now_ms, options);
  if (due.empty()) return pass;

  GEMIS_RETURN_IF_ERROR(store.Write([&](store::WriteTransaction& txn) -> Status {
    pass.sent.clear();  // a retried write starts again
    for (const Reminder& r : due) {
      store::SentReminder key;
      key.kind = ReminderKindName(r.kind);
      key.type = r.type;
      key.period = r.period;
      key.unit = r.unit;
      key.round = r.round;
      key.username = r.username;
      key.sent_ms = now_ms;
      GEMIS_ASSIGN_OR_RETURN(bool fresh, txn.RecordReminderSent(key));
      if (!fresh) continue;
      GEMIS_RETURN_IF_ERROR(InboxNotifier::Insert(txn, NotificationOf(r, now_ms)).status());
      pass.sent.push_back(r);
    }
    return Status::Ok();
  }));

  if (channels.empty()) return pass;
  std::map<std::string, const access::User*> by_name;
  for (const ReminderUser& u : loaded.users) by_name[u.user.username] = &u.user;
  for (const Reminder& r : pass.sent) {
    const access::User* user = by_name[r.username];
    if (user == nullptr) continue;
    for (Notifier* channel : channels) {
      Result<bool> done = channel->Send(*user, NotificationOf(r, now_ms));
      if (done.ok()) {
        if (*done) ++pass.delivered;
        continue;
      }
      ++pass.failed;
      if (log) {
        log(std::string(channel->Channel()) + ": " + ReminderKindName(r.kind) + " to " +
            r.username + " not delivered (" + ErrorCodeName(done.status().code()) +
            "): " + done.status().message());
      }
    }
  }
  return pass;
}

}  // namespace gemis::reporting
