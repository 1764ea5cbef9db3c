#include "reporting/submission_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.h"
#include "core/text.h"
#include "records/activity.h"

namespace gemis::reporting {

namespace {

using access::Authority;

std::string UnitName(const Hierarchy& h, OrgUnitId id, Date day) {
  const OrgUnit* u = h.Find(id);
  if (u == nullptr) return std::to_string(id);
  const OrgUnitVersion* v = u->VersionAt(day);
  return (v ? v : &u->last())->FullName();
}

// "KT-BC-NAM/2026/<unit uid>": names one report in the audit log.
std::string ReportKey(const ReportType& type, const Period& period, const Hierarchy& h,
                      OrgUnitId unit) {
  const OrgUnit* u = h.Find(unit);
  return type.code + "/" + period.ToString() + "/" + (u ? u->uid : std::to_string(unit));
}

Status Audit(store::WriteTransaction& txn, const ReportActor& actor, const ReportType& type,
             const Submission& s, const Hierarchy& h) {
  const SubmissionEvent& e = s.events.back();
  store::AuditEntry entry;
  entry.user_id = actor.principal.user_id;
  entry.username = actor.principal.username;
  entry.address = actor.address;
  entry.action = SubmissionActionName(e.action);
  entry.object_type = "report";
  entry.object_id = ReportKey(type, s.period, h, s.unit);
  entry.org_unit = s.unit;
  entry.before = nlohmann::json{{"state", SubmissionStateName(e.from)}}.dump();
  nlohmann::json after = {{"state", SubmissionStateName(e.to)}};
  if (!e.comment.empty()) after["comment"] = e.comment;
  if (!e.returns.empty()) {
    nlohmann::json returns = nlohmann::json::array();
    for (const MeasureReturn& r : e.returns) {
      returns.push_back({{"dataElement", r.data_element}, {"reason", r.reason}});
    }
    after["returns"] = returns;
  }
  entry.after = after.dump();
  return txn.AppendAudit(entry).status();
}

// kDenied unless `actor` may take `action` on the report of `row`.
Status MayAct(const ReportActor& actor, SubmissionAction action, const ReportRow& row,
              const access::ScopeIndex& scopes, const Hierarchy& h) {
  const access::Principal& p = actor.principal;
  const Date day = row.expected.reference;
  if (action == SubmissionAction::kSubmit) {
    if (!p.Can(Authority::kEnterData)) {
      return Status::Denied("submitting a report needs the enter_data authority",
                            Location{.field = "authority"});
    }
    if (!p.system && !scopes.Covers(p.entry_scope, row.expected.unit, day)) {
      return Status::Denied(UnitName(h, row.expected.unit, day) + " is outside your entry scope",
                            Location{.field = "scope"});
    }
    return Status::Ok();
  }
  if (!p.Can(Authority::kApprove)) {
    return Status::Denied(std::string(SubmissionActionName(action)) +
                              " needs the approve authority (the level above)",
                          Location{.field = "authority"});
  }
  if (!row.expected.recipient) {
    return Status::Denied("this report goes to no unit above it", Location{.field = "scope"});
  }
  if (!p.system && !scopes.Covers(p.entry_scope, *row.expected.recipient, day)) {
    return Status::Denied("the report of " + UnitName(h, row.expected.unit, day) + " goes to " +
                              UnitName(h, *row.expected.recipient, day) +
                              ", which is outside your entry scope",
                          Location{.field = "scope"});
  }
  return Status::Ok();
}

// Rows not stored whose unit has a value of the type's data set inside
// the period become drafts.
Status MarkDrafts(store::ReadTransaction& txn, const Metadata& metadata, const ReportType& type,
                  const Period& period, std::vector<ReportRow>& rows) {
  const StoredDataSet* set = metadata.FindDataSet(type.data_set);
  if (set == nullptr || set->element_ids.empty()) return Status::Ok();
  store::DataValueFilter filter;
  filter.data_elements = set->element_ids;
  for (const ReportRow& r : rows) {
    if (r.state == SubmissionState::kNotStarted) filter.org_units.push_back(r.expected.unit);
  }
  if (filter.org_units.empty()) return Status::Ok();
  GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
  for (const auto& [id, p] : periods) {
    if (period.Contains(p)) filter.periods.push_back(id);
  }
  if (filter.periods.empty()) return Status::Ok();
  std::set<OrgUnitId> with_data;
  GEMIS_RETURN_IF_ERROR(txn.ScanDataValues(filter, [&](const DataValue& v) {
    with_data.insert(v.key.org_unit);
    return Status::Ok();
  }));
  for (ReportRow& r : rows) {
    if (r.state == SubmissionState::kNotStarted && with_data.contains(r.expected.unit)) {
      r.state = SubmissionState::kDraft;
    }
  }
  return Status::Ok();
}

Status Save(store::WriteTransaction& txn, Submission& s) {
  GEMIS_ASSIGN_OR_RETURN(int64_t id, txn.SaveSubmission(s));
  s.id = id;
  return Status::Ok();
}

}  // namespace

Result<const ReportType*> ReportingSetup::Type(std::string_view code) const {
  for (const ReportType& t : types) {
    if (t.code == code) return &t;
  }
  return Status::NotFound("no report type '" + std::string(code) + "'", Location{.field = "type"});
}

const ReportType* ReportingSetup::TypeById(ReportTypeId id) const {
  for (const ReportType& t : types) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::optional<Date> ReportingSetup::Requested(ReportTypeId type, const Period& period) const {
  for (const store::ReportRequest& r : requests) {
    if (r.type == type && r.period == period) return r.due;
  }
  return std::nullopt;
}

Result<ReportingSetup> LoadReportingSetup(store::ReadTransaction& txn) {
  ReportingSetup setup;
  GEMIS_ASSIGN_OR_RETURN(setup.types, txn.LoadReportTypes());
  GEMIS_ASSIGN_OR_RETURN(std::vector<CalendarDay> days, txn.LoadCalendarDays());
  Result<WorkCalendar> calendar = WorkCalendar::Make(std::move(days));
  if (!calendar.ok())
    return Status::Corruption("the stored calendar: " + calendar.status().message());
  setup.calendar = std::move(calendar).value();
  GEMIS_ASSIGN_OR_RETURN(setup.requests, txn.LoadReportRequests(std::nullopt));
  return setup;
}

namespace {

// The activities of `type`'s kinds whose last day is in [from, to] (an
// activity lasts at most a year: its start is looked for a year earlier).
Result<std::vector<records::Activity>> EndedActivities(store::ReadTransaction& txn,
                                                       const ReportType& type, Date from, Date to) {
  store::ActivityFilter filter;
  filter.from = from.AddDays(-366);
  filter.to = to;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> all, txn.LoadActivities(filter));
  std::vector<records::Activity> out;
  for (records::Activity& a : all) {
    if (a.end < from || a.end > to) continue;
    const std::string kind = records::ActivityKindName(a.kind);
    if (!type.activity_kinds.empty() &&
        std::find(type.activity_kinds.begin(), type.activity_kinds.end(), kind) ==
            type.activity_kinds.end()) {
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

// The unit that organised `a`: the unit of its organiser's level among the
// place and the units above it on its last day (a district's training held
// in a commune: the district). Nullopt when the place has no unit of that
// level above it that day (a district's activity after 1/7/2025).
std::optional<OrgUnitId> OrganiserOf(const records::Activity& a, const Hierarchy& h) {
  OrgUnitLevel level;
  switch (a.level) {
    case ImplementingLevel::kProvince: level = OrgUnitLevel::kProvince; break;
    case ImplementingLevel::kDistrict: level = OrgUnitLevel::kDistrict; break;
    case ImplementingLevel::kCommune: level = OrgUnitLevel::kCommune; break;
    default: return std::nullopt;
  }
  std::vector<OrgUnitId> chain = {a.org_unit};
  for (OrgUnitId up : h.AncestorsAt(a.org_unit, a.end)) chain.push_back(up);
  for (OrgUnitId u : chain) {
    const OrgUnit* unit = h.Find(u);
    const OrgUnitVersion* v = unit ? unit->VersionAt(a.end) : nullptr;
    if (v != nullptr && v->level == level) return u;
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<Period>> ActivityEndDays(store::ReadTransaction& txn, const ReportType& type,
                                            Date from, Date to) {
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> ended,
                         EndedActivities(txn, type, from, to));
  std::set<Date> days;
  for (const records::Activity& a : ended) days.insert(a.end);
  std::vector<Period> out;
  for (Date d : days) out.push_back(*Period::Containing(PeriodType::kDaily, d));
  return out;
}

Result<std::vector<ReportRow>> LoadReportRows(store::ReadTransaction& txn,
                                              const ReportingSetup& setup, const ReportType& type,
                                              const Period& period, const Hierarchy& hierarchy,
                                              int64_t now_ms, const Metadata* metadata) {
  std::vector<ExpectedReport> expected;
  if (type.cadence == ReportCadence::kEndOfActivity) {
    if (period.type() != PeriodType::kDaily) {
      return Status::Invalid(type.code +
                                 " is reported by the day its activity ended (a Daily"
                                 " period such as 20260315), not " +
                                 period.ToString(),
                             Location{.field = "period"});
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> ended,
                           EndedActivities(txn, type, period.start(), period.start()));
    std::vector<OrgUnitId> organisers;
    for (const records::Activity& a : ended) {
      if (std::optional<OrgUnitId> by = OrganiserOf(a, hierarchy)) organisers.push_back(*by);
    }
    GEMIS_ASSIGN_OR_RETURN(
        expected, ExpectedAfterActivities(type, period, organisers, hierarchy, setup.calendar));
  } else {
    GEMIS_ASSIGN_OR_RETURN(expected, ExpectedReports(type, period, hierarchy, setup.calendar,
                                                     setup.Requested(type.id, period)));
  }
  store::SubmissionFilter filter;
  filter.type = type.id;
  filter.period = period;
  GEMIS_ASSIGN_OR_RETURN(std::vector<Submission> stored, txn.LoadSubmissions(filter));
  std::map<OrgUnitId, Submission> by_unit;
  for (Submission& s : stored) by_unit.emplace(s.unit, std::move(s));
  std::vector<ReportRow> rows;
  rows.reserve(expected.size());
  for (const ExpectedReport& e : expected) {
    ReportRow row;
    row.expected = e;
    if (auto it = by_unit.find(e.unit); it != by_unit.end()) {
      row.submission = it->second;
      row.state = it->second.state;
    }
    row.timeliness = TimelinessOf(e, row.submission ? &*row.submission : nullptr, now_ms);
    rows.push_back(std::move(row));
  }
  if (metadata != nullptr) GEMIS_RETURN_IF_ERROR(MarkDrafts(txn, *metadata, type, period, rows));
  return rows;
}

std::vector<std::vector<SubmissionAction>> ActionsFor(const std::vector<ReportRow>& rows,
                                                      const ReportActor& actor,
                                                      const access::ScopeIndex& scopes,
                                                      const Hierarchy& hierarchy) {
  std::map<OrgUnitId, SubmissionState> state_of;
  std::map<OrgUnitId, std::vector<std::pair<OrgUnitId, SubmissionState>>> children_of;
  for (const ReportRow& r : rows) {
    state_of[r.expected.unit] = r.state;
    if (r.expected.recipient)
      children_of[*r.expected.recipient].emplace_back(r.expected.unit, r.state);
  }
  std::vector<std::vector<SubmissionAction>> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& row = rows[i];
    TransitionInput in;
    in.actor = actor.principal.username;
    in.comment = "-";
    if (auto c = children_of.find(row.expected.unit); c != children_of.end())
      in.children = c->second;
    if (row.expected.recipient) {
      if (auto a = state_of.find(*row.expected.recipient); a != state_of.end())
        in.above = a->second;
    }
    Submission s = row.submission ? *row.submission : Submission();
    s.state = row.state;
    for (SubmissionAction a :
         {SubmissionAction::kSubmit, SubmissionAction::kReturn, SubmissionAction::kApprove,
          SubmissionAction::kWaive, SubmissionAction::kUnlock}) {
      if (!MayAct(actor, a, row, scopes, hierarchy).ok()) continue;
      if (Apply(s, a, in).ok()) out[i].push_back(a);
    }
  }
  return out;
}

Completeness MeasureRows(const std::vector<ReportRow>& rows, const Hierarchy& hierarchy,
                         int64_t now_ms) {
  std::vector<ExpectedReport> expected;
  std::map<OrgUnitId, const Submission*> stored;
  for (const ReportRow& r : rows) {
    expected.push_back(r.expected);
    if (r.submission) stored[r.expected.unit] = &*r.submission;
  }
  return Measure(expected, stored, hierarchy, now_ms);
}

namespace {

// ActOnReport on the rows of the request's type and period, loaded once by
// the caller and brought up to date here (a bulk approval acts on many).
Result<Submission> ActOnRows(store::WriteTransaction& txn, const ReportType* type,
                             std::vector<ReportRow>& rows, const ReportAction& request,
                             const ReportActor& actor, const Hierarchy& hierarchy,
                             const access::ScopeIndex& scopes, int64_t now_ms) {
  if (request.action == SubmissionAction::kLock) {
    return Status::Invalid("a report is locked by the approval of the report above it",
                           Location{.field = "action"});
  }
  auto row = std::find_if(rows.begin(), rows.end(),
                          [&](const ReportRow& r) { return r.expected.unit == request.unit; });
  if (row == rows.end()) {
    const Date day = rows.empty() ? request.period.end() : rows.front().expected.reference;
    return Status::Invalid(UnitName(hierarchy, request.unit, day) + " does not report " +
                               type->code + " for " + request.period.ToString() +
                               ": it is not a submitting unit in force on " +
                               day.ToVietnameseString() +
                               " in the type's area (a unit of a submitting level, among "
                               "the units the level names if it names them)",
                           Location{.field = "unit"});
  }
  GEMIS_RETURN_IF_ERROR(MayAct(actor, request.action, *row, scopes, hierarchy));

  TransitionInput in;
  in.actor = actor.principal.username;
  in.now_ms = now_ms;
  in.comment = request.comment;
  in.returns = request.returns;
  for (const ReportRow& r : rows) {
    if (r.expected.recipient == request.unit) in.children.emplace_back(r.expected.unit, r.state);
    if (row->expected.recipient && r.expected.unit == *row->expected.recipient) in.above = r.state;
  }
  Submission s;
  if (row->submission) {
    s = *row->submission;
  } else {
    s.type = type->id;
    s.unit = request.unit;
    s.period = request.period;
    s.due = row->expected.due;
  }
  s.recipient = row->expected.recipient;
  GEMIS_ASSIGN_OR_RETURN(s, Apply(std::move(s), request.action, in));
  GEMIS_RETURN_IF_ERROR(Save(txn, s));
  GEMIS_RETURN_IF_ERROR(Audit(txn, actor, *type, s, hierarchy));
  row->submission = s;
  row->state = s.state;

  // The approval of this unit's report makes final the approved reports
  // sent to it; reopening it (unlock) releases them.
  if (request.action == SubmissionAction::kApprove || request.action == SubmissionAction::kUnlock) {
    for (ReportRow& r : rows) {
      if (r.expected.recipient != request.unit || !r.submission) continue;
      Submission child = *r.submission;
      TransitionInput by = in;
      by.children.clear();
      by.returns.clear();
      by.above = s.state;
      if (request.action == SubmissionAction::kApprove &&
          child.state == SubmissionState::kApproved) {
        by.comment.clear();
        GEMIS_ASSIGN_OR_RETURN(child, Apply(std::move(child), SubmissionAction::kLock, by));
      } else if (request.action == SubmissionAction::kUnlock &&
                 child.state == SubmissionState::kLocked) {
        GEMIS_ASSIGN_OR_RETURN(child, Apply(std::move(child), SubmissionAction::kRelease, by));
      } else {
        continue;
      }
      GEMIS_RETURN_IF_ERROR(Save(txn, child));
      GEMIS_RETURN_IF_ERROR(Audit(txn, actor, *type, child, hierarchy));
      r.state = child.state;
      r.submission = std::move(child);
    }
  }
  return s;
}

}  // namespace

Result<Submission> ActOnReport(store::WriteTransaction& txn, const ReportAction& request,
                               const ReportActor& actor, const Hierarchy& hierarchy,
                               const access::ScopeIndex& scopes, int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
  GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(request.type));
  GEMIS_ASSIGN_OR_RETURN(std::vector<ReportRow> rows,
                         LoadReportRows(txn, setup, *type, request.period, hierarchy, now_ms));
  return ActOnRows(txn, type, rows, request, actor, hierarchy, scopes, now_ms);
}

Result<BulkOutcome> ApproveAllComplete(store::WriteTransaction& txn, const std::string& type,
                                       const Period& period, OrgUnitId recipient,
                                       const ReportActor& actor, const Hierarchy& hierarchy,
                                       const access::ScopeIndex& scopes, int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
  GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type(type));
  GEMIS_ASSIGN_OR_RETURN(std::vector<ReportRow> rows,
                         LoadReportRows(txn, setup, *t, period, hierarchy, now_ms));
  // The units first: acting brings `rows` up to date.
  std::vector<OrgUnitId> sent;
  for (const ReportRow& r : rows) {
    if (r.expected.recipient == recipient &&
        (r.state == SubmissionState::kSubmitted || r.state == SubmissionState::kResubmitted)) {
      sent.push_back(r.expected.unit);
    }
  }
  BulkOutcome out;
  for (OrgUnitId unit : sent) {
    ReportAction a;
    a.type = type;
    a.unit = unit;
    a.period = period;
    a.action = SubmissionAction::kApprove;
    Result<Submission> done = ActOnRows(txn, t, rows, a, actor, hierarchy, scopes, now_ms);
    if (done.ok()) {
      out.approved.push_back(unit);
    } else if (done.status().code() == ErrorCode::kConflict ||
               done.status().code() == ErrorCode::kDenied) {
      out.skipped.emplace_back(unit, done.status());
    } else {
      return done.status();
    }
  }
  return out;
}

Result<store::ReportRequest> RequestReports(store::WriteTransaction& txn, const RequestInput& input,
                                            const ReportActor& actor, const Hierarchy& hierarchy,
                                            const access::ScopeIndex& scopes, int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
  GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(input.type));
  if (type->cadence != ReportCadence::kRequested) {
    return Status::Invalid(type->code + " is a " + ReportCadenceName(type->cadence) +
                               " report: its reports are expected without a request",
                           Location{.field = "type"});
  }
  const Date today = VietnamDay(now_ms);
  if (input.due < today) {
    return Status::Invalid("the due day " + input.due.ToVietnameseString() +
                               " has passed (today is " + today.ToVietnameseString() + ")",
                           Location{.field = "due"});
  }
  const access::Principal& p = actor.principal;
  if (!p.Can(Authority::kApprove)) {
    return Status::Denied("requesting reports needs the approve authority (the level they go to)",
                          Location{.field = "authority"});
  }
  GEMIS_ASSIGN_OR_RETURN(
      std::vector<ExpectedReport> expected,
      ExpectedReports(*type, input.period, hierarchy, setup.calendar, input.due));
  if (expected.empty()) {
    return Status::Invalid("no unit reports " + type->code + " for " + input.period.ToString() +
                               " (none of its levels has a unit in force in its area)",
                           Location{.field = "period"});
  }
  for (const ExpectedReport& e : expected) {
    const bool covered =
        e.recipient && (p.system || scopes.Covers(p.entry_scope, *e.recipient, e.reference));
    if (!covered) {
      return Status::Denied(
          "the report of " + UnitName(hierarchy, e.unit, e.reference) + " goes to " +
              (e.recipient ? UnitName(hierarchy, *e.recipient, e.reference) : "no unit") +
              ", which is outside your entry scope: request only reports sent to your units",
          Location{.field = "scope"});
    }
  }
  store::ReportRequest request;
  request.type = type->id;
  request.period = input.period;
  request.due = input.due;
  request.requested_by = p.username;
  request.requested_ms = now_ms;
  // Kept in NFC whoever calls (the command line's --note, the API's note).
  Result<std::string> note = ToNfc(input.note);
  if (!note.ok()) return Status::Invalid(note.status().message(), Location{.field = "note"});
  request.note = *note;
  GEMIS_ASSIGN_OR_RETURN(request.id, txn.SaveReportRequest(request));
  store::AuditEntry entry;
  entry.user_id = p.user_id;
  entry.username = p.username;
  entry.address = actor.address;
  entry.action = "request";
  entry.object_type = "report_request";
  entry.object_id = type->code + "/" + input.period.ToString();
  nlohmann::json after = {{"due", input.due.ToString()}, {"expected", expected.size()}};
  if (!request.note.empty()) after["note"] = request.note;
  entry.after = after.dump();
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(entry).status());
  return request;
}

}  // namespace gemis::reporting
