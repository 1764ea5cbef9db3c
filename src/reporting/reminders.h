// Reminders of reports (docs/reporting.md, "Reminders"): which reminders
// are due now, decided from the report rows (LoadReportRows), the clock and
// the users with their scopes. Pure: nothing here reads the store or sends
// anything (reporting/reminder_run.h does).
//
// The kinds, each to the users who may act on the report as the workflow
// decides it (ActionsFor: authority and entry scope on the report's
// reference day), never re-implemented here:
//  - due soon: a report not sent yet (not started, draft, returned) whose
//    last day is today or within `before_days` days — to those who may
//    submit it;
//  - overdue: the same after its last day, while that day passed at most
//    `overdue_days` days ago (older misses are the completeness screen's) —
//    to those who may submit it;
//  - missing summary: "3 of 5 units have not sent KT-BC-NAM 2024", once per
//    recipient, type and period after the deadline, to those who may act
//    on the missing reports as their recipient (waive them: approve over
//    the recipient);
//  - review (optional): a report submitted or resubmitted, waiting — to
//    those who may return or approve it.
// Of the users who may act, the nearest are reminded: a commune's report
// goes to the commune's officers, not to the district and province officers
// whose entry scope covers the commune too (they get the summary, and the
// province officers only about the reports sent to the province): a user
// whose scope covers the unit's parent (the recipient's parent for review
// and summary) is left out. A unit without an officer of its own gets no
// reminder (its recipient's summary names it); a recipient without one has
// its summary sent to the level above.
// Deadlines are Vietnam days (core/deadline.h): "today" is VietnamDay(now).
//
// Each reminder has a key (kind, type, period, unit, round, user) and is
// sent once per key (store::WriteTransaction::RecordReminderSent). The
// round is the number of times the report was sent back (returned or
// unlocked), so a report returned after its deadline is reminded as
// overdue again, once; a review reminder's round is the number of
// submissions, so each resubmission waits for review once more.
//
// Invariant: a reminder carries report types, periods and unit names only,
// never personal data of beneficiaries or survivors.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "access/principal.h"
#include "access/scope.h"
#include "access/user.h"
#include "core/hierarchy.h"
#include "core/period.h"
#include "core/report_type.h"
#include "reporting/submission_service.h"

namespace gemis::reporting {

enum class ReminderKind { kDueSoon, kOverdue, kMissingSummary, kReview };
// "dueSoon", "overdue", "missingSummary", "review".
const char* ReminderKindName(ReminderKind kind);

struct ReminderOptions {
  int before_days = 3;    // due soon: at most this many days left (0 = the last day)
  int overdue_days = 30;  // overdue and summaries: at most this many days past
  bool review = true;     // remind approvers of the reports waiting for them
};

// A user who may receive reminders, with their principal (PrincipalOf).
struct ReminderUser {
  access::User user;
  access::Principal principal;
};

// The rows of one report type and period (LoadReportRows). `type` is not
// owned and must outlive the call.
struct ReportRows {
  const ReportType* type = nullptr;
  Period period = *Period::Parse("2000");
  std::vector<ReportRow> rows;
};

// One reminder to one user. The text is the catalogue's: the subject in
// Vietnamese, the body in Vietnamese then English.
struct Reminder {
  ReminderKind kind = ReminderKind::kDueSoon;
  ReportTypeId type = 0;
  std::string type_code;
  Period period = *Period::Parse("2000");
  OrgUnitId unit = 0;  // the report's unit; the recipient for a summary
  int round = 0;
  std::string username;
  std::string subject;
  std::string body;
  std::string link;  // "/reports/KT-BC-NAM/2024/<unit uid>"
};

// The (type, period) pairs whose reports may be due a reminder on `today`:
// active periodic types' periods, and requested ones, where some submitting
// level's last day falls in [today - overdue_days, today + before_days].
// End-of-activity types are left out: their periods are the days
// activities ended, read from the register by the pass (reminder_run.h).
std::vector<std::pair<const ReportType*, Period>> ReminderPeriods(const ReportingSetup& setup,
                                                                  Date today,
                                                                  const ReminderOptions& options);

// The reminders due at `now_ms` for `reports`, every one of them, sent
// before or not (the caller keeps only the new ones), in a stable order.
// Disabled users get none.
std::vector<Reminder> DueReminders(const std::vector<ReportRows>& reports,
                                   const std::vector<ReminderUser>& users,
                                   const access::ScopeIndex& scopes, const Hierarchy& hierarchy,
                                   int64_t now_ms, const ReminderOptions& options);

}  // namespace gemis::reporting
