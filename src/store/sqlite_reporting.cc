// Reporting in SQLite (core/report_type.h, core/submission.h, migration 18):
// the working-day calendar, report types with their deadlines, ad-hoc
// requests, and submissions with their append-only transitions.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "records/activity.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

Location Field(std::string field) { return Location{.field = std::move(field)}; }

Result<Date> StoredDay(const std::string& text, const std::string& what) {
  Result<Date> d = Date::Parse(text);
  if (!d.ok()) return Status::Corruption(what + " has day '" + text + "'");
  return *d;
}

Result<Period> StoredPeriod(const std::string& text, const std::string& what) {
  Result<Period> p = Period::Parse(text);
  if (!p.ok()) return Status::Corruption(what + " has period '" + text + "'");
  return *p;
}

// Returns rows "code<TAB>reason", one a line.
std::string JoinReturns(const std::vector<MeasureReturn>& returns) {
  std::string out;
  for (const MeasureReturn& r : returns) {
    if (!out.empty()) out += '\n';
    out += r.data_element + '\t' + r.reason;
  }
  return out;
}

Result<std::vector<MeasureReturn>> SplitReturns(const std::string& text) {
  std::vector<MeasureReturn> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      return Status::Corruption("a submission's returned measure '" + line + "' has no reason");
    }
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    start = end + 1;
  }
  return out;
}

bool HasBreak(const std::string& text) {
  return text.find('\n') != std::string::npos || text.find('\t') != std::string::npos;
}

}  // namespace

Result<std::vector<CalendarDay>> SqliteTransaction::LoadCalendarDays() {
  std::vector<CalendarDay> out;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare("SELECT day, kind, name FROM calendar_day ORDER BY day"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(Date day, StoredDay(stmt.Text(0), "a calendar day"));
    Result<CalendarDayKind> kind = ParseCalendarDayKind(stmt.Text(1));
    if (!kind.ok())
      return Status::Corruption("calendar day " + stmt.Text(0) + " has kind '" + stmt.Text(1) +
                                "'");
    out.push_back({day, *kind, stmt.Text(2)});
  }
}

Status SqliteTransaction::ReplaceCalendarYears(const std::vector<int>& years,
                                               const std::vector<CalendarDay>& days) {
  const std::set<int> covered(years.begin(), years.end());
  for (size_t i = 0; i < days.size(); ++i) {
    if (!covered.contains(days[i].day.year())) {
      return Status::Invalid(
          "calendar day " + days[i].day.ToString() + " is outside the years being replaced",
          Field("days[" + std::to_string(i) + "]"));
    }
  }
  GEMIS_RETURN_IF_ERROR(WorkCalendar::Make(days).status());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                         CachedSql("DELETE FROM calendar_day WHERE day BETWEEN ? AND ?"));
  for (int year : covered) {
    GEMIS_RETURN_IF_ERROR(clear->Bind(1, Date::FromYmd(year, 1, 1).ToString())
                              .Bind(2, Date::FromYmd(year, 12, 31).ToString())
                              .Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * add,
                         CachedSql("INSERT INTO calendar_day (day, kind, name) VALUES (?, ?, ?)"));
  for (const CalendarDay& d : days) {
    GEMIS_RETURN_IF_ERROR(
        add->Bind(1, d.day.ToString()).Bind(2, CalendarDayKindName(d.kind)).Bind(3, d.name).Run());
  }
  return Status::Ok();
}

Result<std::vector<ReportType>> SqliteTransaction::LoadReportTypes() {
  std::vector<ReportType> out;
  std::map<ReportTypeId, size_t> index;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement types,
      db_.Prepare("SELECT t.id, t.code, t.name, t.name_en, d.code, t.period_type, t.cadence,"
                  " t.area_id, t.active, t.note, t.activity_kinds FROM report_type t"
                  " JOIN data_set d ON d.id = t.data_set_id ORDER BY t.code"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, types.Step());
    if (!row) break;
    ReportType t;
    t.id = types.Int(0);
    t.code = types.Text(1);
    t.name = types.Text(2);
    t.name_en = types.Text(3);
    t.data_set = types.Text(4);
    Result<PeriodType> period_type = ParsePeriodType(types.Text(5));
    Result<ReportCadence> cadence = ParseReportCadence(types.Text(6));
    if (!period_type.ok() || !cadence.ok()) {
      return Status::Corruption("report type '" + t.code + "' has period type '" + types.Text(5) +
                                "' and cadence '" + types.Text(6) + "'");
    }
    t.period_type = *period_type;
    t.cadence = *cadence;
    if (!types.IsNull(7)) t.area = types.Int(7);
    t.active = types.Int(8) != 0;
    t.note = types.Text(9);
    // "training,policy_dialogue" ('' none).
    const std::string kinds = types.Text(10);
    for (size_t from = 0; from < kinds.size();) {
      size_t comma = kinds.find(',', from);
      if (comma == std::string::npos) comma = kinds.size();
      t.activity_kinds.push_back(kinds.substr(from, comma - from));
      from = comma + 1;
    }
    index[t.id] = out.size();
    out.push_back(std::move(t));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement deadlines,
      db_.Prepare("SELECT report_type_id, level, kind, month_offset, day, days, working_days,"
                  " inclusive, roll_forward FROM report_deadline"
                  " ORDER BY report_type_id, level DESC"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, deadlines.Step());
    if (!row) break;
    ReportType& t = out[index.at(deadlines.Int(0))];
    Result<DeadlineKind> kind = ParseDeadlineKind(deadlines.Text(2));
    if (!kind.ok()) {
      return Status::Corruption("report type '" + t.code + "' has deadline kind '" +
                                deadlines.Text(2) + "'");
    }
    LevelDeadline d;
    d.level = static_cast<OrgUnitLevel>(deadlines.Int(1));
    d.rule.kind = *kind;
    d.rule.month_offset = static_cast<int>(deadlines.Int(3));
    d.rule.day = static_cast<int>(deadlines.Int(4));
    d.rule.days = static_cast<int>(deadlines.Int(5));
    d.rule.working_days = deadlines.Int(6) != 0;
    d.rule.inclusive = deadlines.Int(7) != 0;
    d.rule.roll_forward = deadlines.Int(8) != 0;
    t.deadlines.push_back(d);
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement submitters,
      db_.Prepare("SELECT report_type_id, level, org_unit_id FROM report_submitter"
                  " ORDER BY report_type_id, level, org_unit_id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, submitters.Step());
    if (!row) break;
    ReportType& t = out[index.at(submitters.Int(0))];
    const auto level = static_cast<OrgUnitLevel>(submitters.Int(1));
    auto d = std::find_if(t.deadlines.begin(), t.deadlines.end(),
                          [&](const LevelDeadline& x) { return x.level == level; });
    if (d == t.deadlines.end()) {
      return Status::Corruption("report type '" + t.code + "' names a unit of a level without" +
                                " a deadline");
    }
    d->units.push_back(submitters.Int(2));
  }
  return out;
}

Result<ReportTypeId> SqliteTransaction::SaveReportType(const ReportType& type) {
  GEMIS_RETURN_IF_ERROR(CheckReportType(type));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> data_set,
                         IdOfCode("data_set", type.data_set, "data set", "dataSet"));
  if (type.area) GEMIS_RETURN_IF_ERROR(RequireId("org_unit", *type.area, "org unit", "area"));
  std::string kinds;
  for (size_t i = 0; i < type.activity_kinds.size(); ++i) {
    Result<records::ActivityKind> kind = records::ParseActivityKind(type.activity_kinds[i]);
    if (!kind.ok()) {
      return Status::Invalid(kind.status().message(),
                             Field("activityKinds[" + std::to_string(i) + "]"));
    }
    kinds += (i ? "," : "") + type.activity_kinds[i];
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      CachedSql("INSERT INTO report_type (code, name, name_en, data_set_id, period_type, cadence,"
                " area_id, active, note, activity_kinds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                " name_en = excluded.name_en, data_set_id = excluded.data_set_id,"
                " period_type = excluded.period_type, cadence = excluded.cadence,"
                " area_id = excluded.area_id, active = excluded.active, note = excluded.note,"
                " activity_kinds = excluded.activity_kinds RETURNING id"));
  upsert->Bind(1, type.code)
      .Bind(2, type.name)
      .Bind(3, type.name_en)
      .Bind(4, *data_set)
      .Bind(5, PeriodTypeName(type.period_type))
      .Bind(6, ReportCadenceName(type.cadence));
  if (type.area) {
    upsert->Bind(7, *type.area);
  } else {
    upsert->BindNull(7);
  }
  upsert->Bind(8, static_cast<int64_t>(type.active)).Bind(9, type.note).Bind(10, kinds);
  GEMIS_ASSIGN_OR_RETURN(bool row, upsert->Step());
  const ReportTypeId id = row ? upsert->Int(0) : 0;
  upsert->Reset();
  if (!row) return Status::Internal("report type upsert returned no id");
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                         CachedSql("DELETE FROM report_deadline WHERE report_type_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql(
          "INSERT INTO report_deadline (report_type_id, level, kind, month_offset, day,"
          " days, working_days, inclusive, roll_forward) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const LevelDeadline& d : type.deadlines) {
    GEMIS_RETURN_IF_ERROR(add->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(d.level))
                              .Bind(3, DeadlineKindName(d.rule.kind))
                              .Bind(4, d.rule.month_offset)
                              .Bind(5, d.rule.day)
                              .Bind(6, d.rule.days)
                              .Bind(7, static_cast<int64_t>(d.rule.working_days))
                              .Bind(8, static_cast<int64_t>(d.rule.inclusive))
                              .Bind(9, static_cast<int64_t>(d.rule.roll_forward))
                              .Run());
  }
  // The named units went with their deadlines (ON DELETE CASCADE).
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * name,
                         CachedSql("INSERT INTO report_submitter (report_type_id, level,"
                                   " org_unit_id) VALUES (?, ?, ?)"));
  for (size_t i = 0; i < type.deadlines.size(); ++i) {
    const LevelDeadline& d = type.deadlines[i];
    for (size_t k = 0; k < d.units.size(); ++k) {
      GEMIS_RETURN_IF_ERROR(
          RequireId("org_unit", d.units[k], "org unit",
                    "deadlines[" + std::to_string(i) + "].units[" + std::to_string(k) + "]"));
      GEMIS_RETURN_IF_ERROR(
          name->Bind(1, id).Bind(2, static_cast<int64_t>(d.level)).Bind(3, d.units[k]).Run());
    }
  }
  return id;
}

Result<std::vector<ReportRequest>> SqliteTransaction::LoadReportRequests(
    std::optional<ReportTypeId> type) {
  std::vector<ReportRequest> out;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, report_type_id, period, due, requested_by, requested_ms, note"
                  " FROM report_request WHERE ? IS NULL OR report_type_id = ?"
                  " ORDER BY report_type_id, period"));
  if (type) {
    stmt.Bind(1, *type).Bind(2, *type);
  } else {
    stmt.BindNull(1).BindNull(2);
  }
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    ReportRequest r;
    r.id = stmt.Int(0);
    r.type = stmt.Int(1);
    GEMIS_ASSIGN_OR_RETURN(r.period, StoredPeriod(stmt.Text(2), "a report request"));
    GEMIS_ASSIGN_OR_RETURN(r.due, StoredDay(stmt.Text(3), "a report request"));
    r.requested_by = stmt.Text(4);
    r.requested_ms = stmt.Int(5);
    r.note = stmt.Text(6);
    out.push_back(std::move(r));
  }
}

Result<int64_t> SqliteTransaction::SaveReportRequest(const ReportRequest& request) {
  GEMIS_RETURN_IF_ERROR(RequireId("report_type", request.type, "report type", "type"));
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * taken,
      CachedSql("SELECT 1 FROM report_request WHERE report_type_id = ? AND period = ?"));
  taken->Bind(1, request.type).Bind(2, request.period.ToString());
  GEMIS_ASSIGN_OR_RETURN(bool exists, taken->Step());
  taken->Reset();
  if (exists) {
    return Status::AlreadyExists(
        "the reports of " + request.period.ToString() + " were requested already", Field("period"));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT INTO report_request (report_type_id, period, due, requested_by,"
                " requested_ms, note) VALUES (?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(add->Bind(1, request.type)
                            .Bind(2, request.period.ToString())
                            .Bind(3, request.due.ToString())
                            .Bind(4, request.requested_by)
                            .Bind(5, request.requested_ms)
                            .Bind(6, request.note)
                            .Run());
  return db_.LastInsertRowid();
}

Result<std::vector<Submission>> SqliteTransaction::LoadSubmissions(const SubmissionFilter& filter) {
  std::string sql =
      "SELECT id, report_type_id, org_unit_id, period, state, due_stated, due_last,"
      " recipient_id, first_submitted_ms FROM submission WHERE 1 = 1";
  if (filter.type) sql += " AND report_type_id = ?1";
  if (filter.period) sql += " AND period = ?2";
  if (!filter.units.empty()) {
    sql += " AND org_unit_id IN (";
    for (size_t i = 0; i < filter.units.size(); ++i)
      sql += (i ? ", " : "") + std::to_string(filter.units[i]);
    sql += ")";
  }
  sql += " ORDER BY report_type_id, period, org_unit_id";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  if (filter.type) stmt.Bind(1, *filter.type);
  if (filter.period) stmt.Bind(2, filter.period->ToString());
  std::vector<Submission> out;
  std::map<int64_t, size_t> index;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Submission s;
    s.id = stmt.Int(0);
    s.type = stmt.Int(1);
    s.unit = stmt.Int(2);
    const std::string what = "submission " + std::to_string(s.id);
    GEMIS_ASSIGN_OR_RETURN(s.period, StoredPeriod(stmt.Text(3), what));
    Result<SubmissionState> state = ParseSubmissionState(stmt.Text(4));
    if (!state.ok()) return Status::Corruption(what + " has state '" + stmt.Text(4) + "'");
    s.state = *state;
    GEMIS_ASSIGN_OR_RETURN(s.due.stated, StoredDay(stmt.Text(5), what));
    GEMIS_ASSIGN_OR_RETURN(s.due.last_day, StoredDay(stmt.Text(6), what));
    if (!stmt.IsNull(7)) s.recipient = stmt.Int(7);
    if (!stmt.IsNull(8)) s.first_submitted_ms = stmt.Int(8);
    index[s.id] = out.size();
    out.push_back(std::move(s));
  }
  if (out.empty() || !filter.with_events) return out;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * events,
      CachedSql("SELECT action, from_state, to_state, by_user, at_ms, comment, returns"
                " FROM submission_event WHERE submission_id = ? ORDER BY seq"));
  for (Submission& s : out) {
    events->Bind(1, s.id);
    for (;;) {
      GEMIS_ASSIGN_OR_RETURN(bool row, events->Step());
      if (!row) break;
      Result<SubmissionAction> action = ParseSubmissionAction(events->Text(0));
      Result<SubmissionState> from = ParseSubmissionState(events->Text(1));
      Result<SubmissionState> to = ParseSubmissionState(events->Text(2));
      Result<std::vector<MeasureReturn>> returns = SplitReturns(events->Text(6));
      if (!action.ok() || !from.ok() || !to.ok() || !returns.ok()) {
        events->Reset();
        return Status::Corruption("submission " + std::to_string(s.id) +
                                  " has a transition that does not parse");
      }
      s.events.push_back(
          {*action, *from, *to, events->Text(3), events->Int(4), events->Text(5), *returns});
    }
    events->Reset();
  }
  return out;
}

Result<int64_t> SqliteTransaction::SaveSubmission(const Submission& s) {
  if (s.state == SubmissionState::kNotStarted || s.state == SubmissionState::kDraft) {
    return Status::Usage("a report not started or in draft is not stored");
  }
  for (size_t i = 0; i < s.events.size(); ++i) {
    const SubmissionEvent& e = s.events[i];
    bool bad = HasBreak(e.by);
    for (const MeasureReturn& r : e.returns)
      bad = bad || HasBreak(r.data_element) || HasBreak(r.reason);
    if (bad) {
      return Status::Invalid("a name, measure code or reason may not hold a tab or a line break",
                             Field("events[" + std::to_string(i) + "]"));
    }
  }
  GEMIS_RETURN_IF_ERROR(RequireId("report_type", s.type, "report type", "type"));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", s.unit, "org unit", "unit"));
  int64_t id = s.id;
  size_t stored = 0;
  if (id == 0) {
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * taken,
        CachedSql("SELECT id FROM submission WHERE report_type_id = ? AND org_unit_id = ?"
                  " AND period = ?"));
    taken->Bind(1, s.type).Bind(2, s.unit).Bind(3, s.period.ToString());
    GEMIS_ASSIGN_OR_RETURN(bool exists, taken->Step());
    taken->Reset();
    if (exists) {
      return Status::AlreadyExists("this report was stored meanwhile; reload it", Field("state"));
    }
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * add,
        CachedSql("INSERT INTO submission (report_type_id, org_unit_id, period, state,"
                  " due_stated, due_last, recipient_id, first_submitted_ms)"
                  " VALUES (?, ?, ?, 'submitted', ?, ?, NULL, NULL)"));
    GEMIS_RETURN_IF_ERROR(add->Bind(1, s.type)
                              .Bind(2, s.unit)
                              .Bind(3, s.period.ToString())
                              .Bind(4, s.due.stated.ToString())
                              .Bind(5, s.due.last_day.ToString())
                              .Run());
    id = db_.LastInsertRowid();
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * now,
        CachedSql("SELECT s.state, (SELECT count(*) FROM submission_event e"
                  " WHERE e.submission_id = s.id) FROM submission s WHERE s.id = ?"));
    now->Bind(1, id);
    GEMIS_ASSIGN_OR_RETURN(bool found, now->Step());
    const std::string state = found ? now->Text(0) : "";
    stored = found ? static_cast<size_t>(now->Int(1)) : 0;
    now->Reset();
    if (!found) return Status::NotFound("no submission " + std::to_string(id), Field("id"));
    // The given transitions must continue the stored ones: as many at
    // least, and the stored state the one the given reached after them.
    if (stored > s.events.size() ||
        (stored > 0 && SubmissionStateName(s.events[stored - 1].to) != state)) {
      return Status::Conflict("this report changed meanwhile (it is " + state + " now); reload it",
                              Field("state"));
    }
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * update,
      CachedSql("UPDATE submission SET state = ?, due_stated = ?, due_last = ?, recipient_id = ?,"
                " first_submitted_ms = ? WHERE id = ?"));
  update->Bind(1, SubmissionStateName(s.state))
      .Bind(2, s.due.stated.ToString())
      .Bind(3, s.due.last_day.ToString());
  if (s.recipient) {
    update->Bind(4, *s.recipient);
  } else {
    update->BindNull(4);
  }
  if (s.first_submitted_ms) {
    update->Bind(5, *s.first_submitted_ms);
  } else {
    update->BindNull(5);
  }
  GEMIS_RETURN_IF_ERROR(update->Bind(6, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add_event,
      CachedSql("INSERT INTO submission_event (submission_id, seq, action, from_state, to_state,"
                " by_user, at_ms, comment, returns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (size_t i = stored; i < s.events.size(); ++i) {
    const SubmissionEvent& e = s.events[i];
    GEMIS_RETURN_IF_ERROR(add_event->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, SubmissionActionName(e.action))
                              .Bind(4, SubmissionStateName(e.from))
                              .Bind(5, SubmissionStateName(e.to))
                              .Bind(6, e.by)
                              .Bind(7, e.at_ms)
                              .Bind(8, e.comment)
                              .Bind(9, JoinReturns(e.returns))
                              .Run());
  }
  return id;
}

}  // namespace gemis::store
