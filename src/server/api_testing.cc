// PUT /api/testing/clock: moves the fake clock of `gemis serve --fake-now`
// (docs/api.md "Testing clock"), so that browser tests walk a report past
// its deadline, and runs the server's reminder pass of the new time. The
// route exists only when the server was started with --fake-now
// (ApiOptions::test_clock); a production server has no such route and
// answers 404.
//
// It needs manage_metadata, the narrowest authority that is not scoped to
// units below the country: among the built-in roles only the central
// administrator holds it (manage_users is also held by province and district
// officers, within their units, and the clock is no unit's). The sensitive
// authorities (read_confidential, grant_confidential, manage_privacy) are
// about confidential records; the clock is not one, and the administrator
// does not hold them.
#include "core/clock.h"
#include "core/date.h"
#include "server/api.h"
#include "server/reminder_scheduler.h"

namespace gemis::server {

namespace {

using nlohmann::json;

// {"now": "2024-11-12T09:00"}: ParseTimestamp's forms (Vietnam time when no
// zone). Answers the clock's new now and its Vietnamese day. The change is
// audited (the audit log keeps the real time: the store's clock is not the
// fake one).
Response SetClock(Call& c) {
  OffsetClock* clock = c.api.options().test_clock;
  if (clock == nullptr) {
    return c.Error(http::status::not_found, "E_ROUTE", MessageId::kApiRouteNotFound);
  }
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  auto now = body->find("now");
  if (now == body->end() || !now->is_string()) {
    return c.FromStatus(
        Status::Invalid("now is required, e.g. 2024-11-12T09:00", {"", 0, 0, "now"}));
  }
  Result<int64_t> at = ParseTimestamp(now->get<std::string>());
  if (!at.ok()) return c.FromStatus(Status::Invalid(at.status().message(), {"", 0, 0, "now"}));
  const int64_t before = clock->NowMillis();
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    store::AuditEntry e = c.AuditEntryFor("update", "clock", "fake-now");
    e.before = json{{"now", FormatTimestamp(before)}}.dump();
    e.after = json{{"now", FormatTimestamp(*at)}}.dump();
    return txn.AppendAudit(e).status();
  });
  if (!s.ok()) return c.FromStatus(s);
  clock->Set(*at);
  // "Today" of the World (scopes, as-of defaults) follows at once, also
  // after a move backwards, which the once-a-second check would miss.
  if (Status r = c.api.worlds().Reload(); !r.ok()) return c.FromStatus(r);
  // The reminders of the new day, before answering: a browser test that
  // moved past a deadline finds them in the inbox at once.
  int64_t reminded = 0;
  if (ReminderScheduler* reminders = c.api.options().reminders) {
    Result<reporting::ReminderPass> pass = reminders->RunNow();
    if (!pass.ok()) return c.FromStatus(pass.status());
    reminded = static_cast<int64_t>(pass->sent.size());
  }
  const int64_t moved = clock->NowMillis();
  return c.Json({{"now", FormatTimestamp(moved)},
                 {"today", VietnamDay(moved).ToString()},
                 {"reminders", reminded}});
}

}  // namespace

void AddTestingRoutes(Router& r) {
  r.Add(
      {http::verb::put, "/api/testing/clock", true, access::Authority::kManageMetadata, SetClock});
}

}  // namespace gemis::server
