#include "reporting/reminders.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/message_format.h"

namespace gemis::reporting {

namespace {

using access::Authority;

std::string UnitName(const Hierarchy& h, OrgUnitId id, Date day) {
  const OrgUnit* u = h.Find(id);
  if (u == nullptr) return std::to_string(id);
  const OrgUnitVersion* v = u->VersionAt(day);
  return (v ? v : &u->last())->FullName();
}

std::string UnitUid(const Hierarchy& h, OrgUnitId id) {
  const OrgUnit* u = h.Find(id);
  return u ? u->uid : std::to_string(id);
}

std::string TypeName(const ReportType& t, Lang lang) {
  return lang == Lang::kEn && !t.name_en.empty() ? t.name_en : t.name;
}

// Times the report was sent back to its unit (returned, or unlocked).
int SentBack(const ReportRow& row) {
  if (!row.submission) return 0;
  return static_cast<int>(std::count_if(
      row.submission->events.begin(), row.submission->events.end(), [](const SubmissionEvent& e) {
        return e.action == SubmissionAction::kReturn || e.action == SubmissionAction::kUnlock;
      }));
}

int Submissions(const ReportRow& row) {
  if (!row.submission) return 0;
  return static_cast<int>(std::count_if(
      row.submission->events.begin(), row.submission->events.end(),
      [](const SubmissionEvent& e) { return e.action == SubmissionAction::kSubmit; }));
}

bool NotSent(SubmissionState s) {
  return s == SubmissionState::kNotStarted || s == SubmissionState::kDraft ||
         s == SubmissionState::kReturned;
}

// The reminder a row needs on `today`, if any.
std::optional<ReminderKind> Need(const ReportRow& row, Date today, const ReminderOptions& o) {
  const int left = row.expected.due.last_day.days() - today.days();
  if (NotSent(row.state)) {
    if (left >= 0 && left <= o.before_days) return ReminderKind::kDueSoon;
    if (left < 0 && -left <= o.overdue_days) return ReminderKind::kOverdue;
    return std::nullopt;
  }
  if (o.review &&
      (row.state == SubmissionState::kSubmitted || row.state == SubmissionState::kResubmitted)) {
    return ReminderKind::kReview;
  }
  return std::nullopt;
}

// A reminder about one report, its text rendered in both languages.
Reminder AboutReport(ReminderKind kind, const ReportRows& rr, const ReportRow& row,
                     const std::string& username, const Hierarchy& h, Date today) {
  const ReportType& t = *rr.type;
  const Date day = row.expected.reference;
  const std::string unit = UnitName(h, row.expected.unit, day);
  const std::string period = rr.period.ToString();
  const std::string last = row.expected.due.last_day.ToVietnameseString();
  Reminder r;
  r.kind = kind;
  r.type = t.id;
  r.type_code = t.code;
  r.period = rr.period;
  r.unit = row.expected.unit;
  r.username = username;
  r.link = "/reports/" + t.code + "/" + period + "/" + UnitUid(h, row.expected.unit);
  MessageId subject = MessageId::kReminderDueSoonSubject;
  MessageId body = MessageId::kReminderDueSoonBody;
  if (kind == ReminderKind::kOverdue) {
    subject = MessageId::kReminderOverdueSubject;
    body = MessageId::kReminderOverdueBody;
  }
  if (kind == ReminderKind::kReview) {
    const std::string to =
        row.expected.recipient ? UnitName(h, *row.expected.recipient, day) : std::string();
    r.round = Submissions(row);
    r.subject = Say(Lang::kVi, MessageId::kReminderReviewSubject, t.code, t.name, period, unit);
    r.body = Say(Lang::kVi, MessageId::kReminderReviewBody, t.code, t.name, period, unit, to) +
             "\n\n" +
             Say(Lang::kEn, MessageId::kReminderReviewBody, t.code, TypeName(t, Lang::kEn), period,
                 unit, to);
    return r;
  }
  r.round = SentBack(row);
  const int left = row.expected.due.last_day.days() - today.days();
  r.subject = Say(Lang::kVi, subject, t.code, t.name, period, unit, last, left);
  r.body = Say(Lang::kVi, body, t.code, t.name, period, unit, last, left) + "\n\n" +
           Say(Lang::kEn, body, t.code, TypeName(t, Lang::kEn), period, unit, last, left);
  return r;
}

// "3 of 5 units have not sent KT-BC-NAM 2024" to the recipient's approvers.
Reminder Summary(const ReportRows& rr, OrgUnitId recipient,
                 const std::vector<const ReportRow*>& missing, int expected,
                 const std::string& username, const Hierarchy& h) {
  const ReportType& t = *rr.type;
  const Date day = missing.front()->expected.reference;
  Date last = missing.front()->expected.due.last_day;
  // In the rows' order (by unit id): a byte order would put "Đăk La"
  // after "Ngok Wang", which is no Vietnamese order either.
  std::vector<std::string> names;
  for (const ReportRow* row : missing) {
    last = std::max(last, row->expected.due.last_day);
    names.push_back(UnitName(h, row->expected.unit, row->expected.reference));
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  const std::string period = rr.period.ToString();
  const std::string to = UnitName(h, recipient, day);
  const int count = static_cast<int>(missing.size());
  const std::string last_text = last.ToVietnameseString();
  Reminder r;
  r.kind = ReminderKind::kMissingSummary;
  r.type = t.id;
  r.type_code = t.code;
  r.period = rr.period;
  r.unit = recipient;
  r.username = username;
  r.link = "/reports/completeness?type=" + t.code + "&period=" + period +
           "&unit=" + UnitUid(h, recipient);
  r.subject =
      Say(Lang::kVi, MessageId::kReminderSummarySubject, count, expected, t.code, period, to);
  r.body = Say(Lang::kVi, MessageId::kReminderSummaryBody, count, expected, t.code, period, to,
               last_text, list) +
           "\n\n" +
           Say(Lang::kEn, MessageId::kReminderSummaryBody, count, expected, t.code, period, to,
               last_text, list);
  return r;
}

bool Has(const std::vector<SubmissionAction>& actions, SubmissionAction a) {
  return std::find(actions.begin(), actions.end(), a) != actions.end();
}

// Whether `u`'s entry scope reaches above `unit` (covers its parent on
// `day`): an officer of a level higher up.
bool Above(const ReminderUser& u, std::optional<OrgUnitId> unit, const access::ScopeIndex& scopes,
           const Hierarchy& h, Date day) {
  if (!unit) return false;
  std::optional<OrgUnitId> parent = h.ParentAt(*unit, day);
  return parent && scopes.Covers(u.principal.entry_scope, *parent, day);
}

// The nearest of `may`: those not above `unit`; with `fallback`, all of
// them when every one is (a recipient without an officer of its own: the
// level above hears of its missing reports). Never for the reminders per
// report: a national administrator would get one for every unit in the
// country without an officer.
std::vector<const ReminderUser*> Nearest(std::vector<const ReminderUser*> may,
                                         std::optional<OrgUnitId> unit,
                                         const access::ScopeIndex& scopes, const Hierarchy& h,
                                         Date day, bool fallback) {
  std::vector<const ReminderUser*> near;
  for (const ReminderUser* u : may) {
    if (!Above(*u, unit, scopes, h, day)) near.push_back(u);
  }
  return near.empty() && fallback ? may : near;
}

// Who is reminded of each of `rows`. Who MAY act is the workflow's own
// rule (ActionsFor: authority and entry scope). Only submit, return and
// waive are read: they depend on the row alone, not on the other rows of
// the type and period (approve does), so passing only the rows that need a
// reminder is exact. Of those who may, the nearest are reminded: a report
// is submitted by its unit's officers, not by every officer above whose
// scope covers it too (they are the recipient's, who get the summary),
// and reviewed by the recipient's officers, not by the level above theirs.
struct Actors {
  std::vector<std::vector<const ReminderUser*>> submit, review, waive;
};
Actors WhoIsReminded(const std::vector<ReportRow>& rows,
                     const std::vector<const ReminderUser*>& users,
                     const access::ScopeIndex& scopes, const Hierarchy& h) {
  Actors may;
  may.submit.resize(rows.size());
  may.review.resize(rows.size());
  may.waive.resize(rows.size());
  for (const ReminderUser* u : users) {
    ReportActor actor{u->principal, ""};
    std::vector<std::vector<SubmissionAction>> acts = ActionsFor(rows, actor, scopes, h);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (Has(acts[i], SubmissionAction::kSubmit)) may.submit[i].push_back(u);
      if (Has(acts[i], SubmissionAction::kReturn)) may.review[i].push_back(u);
      if (Has(acts[i], SubmissionAction::kWaive)) may.waive[i].push_back(u);
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const Date day = rows[i].expected.reference;
    const std::optional<OrgUnitId> unit = rows[i].expected.unit;
    const std::optional<OrgUnitId> recipient = rows[i].expected.recipient;
    may.submit[i] = Nearest(std::move(may.submit[i]), unit, scopes, h, day, false);
    may.review[i] = Nearest(std::move(may.review[i]), recipient, scopes, h, day, false);
    may.waive[i] = Nearest(std::move(may.waive[i]), recipient, scopes, h, day, true);
  }
  return may;
}

void Remind(const ReportRows& rr, const std::vector<const ReminderUser*>& users,
            const access::ScopeIndex& scopes, const Hierarchy& h, Date today,
            const ReminderOptions& o, std::vector<Reminder>& out) {
  std::vector<ReportRow> rows;
  std::vector<ReminderKind> kinds;
  for (const ReportRow& row : rr.rows) {
    if (std::optional<ReminderKind> k = Need(row, today, o)) {
      rows.push_back(row);
      kinds.push_back(*k);
    }
  }
  if (rows.empty()) return;
  const Actors actors = WhoIsReminded(rows, users, scopes, h);
  // By recipient: the missing reports (never sent, past due) and who may
  // act on them as the recipient.
  std::map<OrgUnitId, std::vector<const ReportRow*>> missing;
  std::map<OrgUnitId, std::set<std::string>> approvers;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<const ReminderUser*>& to =
        kinds[i] == ReminderKind::kReview ? actors.review[i] : actors.submit[i];
    for (const ReminderUser* u : to) {
      out.push_back(AboutReport(kinds[i], rr, rows[i], u->user.username, h, today));
    }
    if (kinds[i] == ReminderKind::kOverdue && rows[i].timeliness == Timeliness::kMissing &&
        rows[i].expected.recipient) {
      missing[*rows[i].expected.recipient].push_back(&rows[i]);
      for (const ReminderUser* u : actors.waive[i]) {
        approvers[*rows[i].expected.recipient].insert(u->user.username);
      }
    }
  }
  for (const auto& [recipient, reports] : missing) {
    int expected = 0;
    for (const ReportRow& row : rr.rows) {
      if (row.expected.recipient == recipient && row.state != SubmissionState::kWaived) ++expected;
    }
    for (const std::string& username : approvers[recipient]) {
      out.push_back(Summary(rr, recipient, reports, expected, username, h));
    }
  }
}

}  // namespace

const char* ReminderKindName(ReminderKind kind) {
  switch (kind) {
    case ReminderKind::kDueSoon: return "dueSoon";
    case ReminderKind::kOverdue: return "overdue";
    case ReminderKind::kMissingSummary: return "missingSummary";
    case ReminderKind::kReview: return "review";
  }
  return "?";
}

std::vector<std::pair<const ReportType*, Period>> ReminderPeriods(const ReportingSetup& setup,
                                                                  Date today,
                                                                  const ReminderOptions& o) {
  const Date from = today.AddDays(-o.overdue_days);
  const Date to = today.AddDays(o.before_days);
  std::vector<std::pair<const ReportType*, Period>> out;
  for (const ReportType& t : setup.types) {
    if (!t.active || t.cadence == ReportCadence::kEndOfActivity) continue;
    std::vector<Period> candidates;
    if (t.cadence == ReportCadence::kRequested) {
      for (const store::ReportRequest& r : setup.requests) {
        if (r.type == t.id) candidates.push_back(r.period);
      }
    } else {
      // A fixed rule lands at most 12 months after the period's last month
      // and at most 11 before it: the periods ending within 13 months of
      // the window hold every report due inside it.
      Result<Period> p = Period::Containing(t.period_type, from.AddMonths(-13));
      for (int guard = 0; p.ok() && p->start() <= to.AddMonths(13) && guard < 1000; ++guard) {
        candidates.push_back(*p);
        p = p->Next();
      }
    }
    for (const Period& period : candidates) {
      for (const LevelDeadline& level : t.deadlines) {
        Result<Due> due =
            DueOf(t, level.level, period, setup.calendar, setup.Requested(t.id, period));
        if (due.ok() && due->last_day >= from && due->last_day <= to) {
          out.emplace_back(&t, period);
          break;
        }
      }
    }
  }
  return out;
}

std::vector<Reminder> DueReminders(const std::vector<ReportRows>& reports,
                                   const std::vector<ReminderUser>& users,
                                   const access::ScopeIndex& scopes, const Hierarchy& hierarchy,
                                   int64_t now_ms, const ReminderOptions& options) {
  std::vector<const ReminderUser*> actors;
  for (const ReminderUser& u : users) {
    if (u.user.disabled) continue;
    if (u.principal.Can(Authority::kEnterData) || u.principal.Can(Authority::kApprove)) {
      actors.push_back(&u);
    }
  }
  const Date today = VietnamDay(now_ms);
  std::vector<Reminder> out;
  for (const ReportRows& rr : reports) {
    Remind(rr, actors, scopes, hierarchy, today, options, out);
  }
  return out;
}

}  // namespace gemis::reporting
