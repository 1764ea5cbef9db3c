// Activities and the rules that turn them into figures in SQLite
// (records/activity.h, records/activity_figures.h, store/records_store.h,
// migration 13; the attendance of trainings, cadre ids: migration 14).
// Claims of activity rules are saved with the others (sqlite_models.cc).
// Nothing here writes the audit log: the program layer appends its entries.
#include "core/period_type.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::Activity;
using records::ActivityFigureRule;
using records::ActivityId;
using records::ParticipantCount;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kActivityColumns =
    "id, uid, code, kind, title, start_day, end_day, org_unit_id, place, level,"
    " program_node_code, plan_id, model_id, programme, dialogue_level, dv_prevention, cost,"
    " topic, issues_raised, follow_up, note";

Result<Activity> ReadActivityRow(const SqliteStatement& row) {
  Activity a;
  a.id = row.Int(0);
  a.uid = row.Text(1);
  a.code = row.Text(2);
  const std::string what = "activity '" + a.code + "'";
  Result<records::ActivityKind> kind = records::ParseActivityKind(row.TextView(3));
  if (!kind.ok()) return Status::Corruption(what + " has kind '" + row.Text(3) + "'");
  a.kind = *kind;
  a.title = row.Text(4);
  Result<Date> start = Date::Parse(row.TextView(5));
  if (!start.ok()) return Status::Corruption(what + " starts on '" + row.Text(5) + "'");
  a.start = *start;
  Result<Date> end = Date::Parse(row.TextView(6));
  if (!end.ok()) return Status::Corruption(what + " ends on '" + row.Text(6) + "'");
  a.end = *end;
  a.org_unit = row.Int(7);
  a.place = row.Text(8);
  Result<ImplementingLevel> level = ParseImplementingLevel(row.TextView(9));
  if (!level.ok()) return Status::Corruption(what + " has level '" + row.Text(9) + "'");
  a.level = *level;
  a.program_node_code = row.Text(10);
  a.plan = row.OptInt(11).value_or(0);
  a.model = row.OptInt(12).value_or(0);
  Result<records::TrainingProgramme> programme = records::ParseTrainingProgramme(row.TextView(13));
  if (!programme.ok()) {
    return Status::Corruption(what + " has programme '" + row.Text(13) + "'");
  }
  a.programme = *programme;
  Result<records::DialogueLevel> dialogue = records::ParseDialogueLevel(row.TextView(14));
  if (!dialogue.ok()) {
    return Status::Corruption(what + " has dialogue level '" + row.Text(14) + "'");
  }
  a.dialogue_level = *dialogue;
  a.dv_prevention = row.Int(15) != 0;
  a.cost = row.Int(16);
  a.topic = row.Text(17);
  a.issues_raised = row.Text(18);
  a.follow_up = row.Text(19);
  a.note = row.Text(20);
  return a;
}

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

}  // namespace

// -------------------------------------------------------------- activities

Status SqliteTransaction::LoadActivityParts(Activity& activity) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * cells,
                         CachedSql("SELECT sex, ethnicity, age_band, count FROM"
                                   " activity_participant WHERE activity_id = ? ORDER BY seq"));
  cells->Bind(1, activity.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, cells->Step());
    if (!row) break;
    activity.participants.push_back(
        ParticipantCount{cells->Text(0), cells->Text(1), cells->Text(2), cells->Int(3)});
  }
  cells->Reset();
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * attendees,
      CachedSql("SELECT cadre_id FROM activity_attendee WHERE activity_id = ? ORDER BY cadre_id"));
  attendees->Bind(1, activity.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, attendees->Step());
    if (!row) break;
    activity.attendees.push_back(attendees->Int(0));
  }
  attendees->Reset();
  return Status::Ok();
}

Result<std::vector<Activity>> SqliteTransaction::LoadActivities(const ActivityFilter& filter) {
  std::string sql = std::string("SELECT ") + kActivityColumns + " FROM activity WHERE 1=1";
  if (filter.kind) sql += " AND kind = ?";
  if (filter.from) sql += " AND start_day >= ?";
  if (filter.to) sql += " AND start_day <= ?";
  sql += InList("org_unit_id", filter.org_units) + InList("id", filter.ids) +
         " ORDER BY start_day, code";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  int index = 0;
  if (filter.kind) stmt.Bind(++index, records::ActivityKindName(*filter.kind));
  if (filter.from) stmt.Bind(++index, filter.from->ToString());
  if (filter.to) stmt.Bind(++index, filter.to->ToString());
  std::vector<Activity> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GEMIS_ASSIGN_OR_RETURN(Activity a, ReadActivityRow(stmt));
    out.push_back(std::move(a));
  }
  for (Activity& a : out) GEMIS_RETURN_IF_ERROR(LoadActivityParts(a));
  return out;
}

Result<std::optional<Activity>> SqliteTransaction::FindActivity(std::string_view code_or_uid) {
  return FindByCodeOrUid<Activity>(
      "activity", kActivityColumns, code_or_uid,
      [](SqliteStatement& s) { return ReadActivityRow(s); },
      [this](Activity& a) { return LoadActivityParts(a); });
}

Result<ActivityId> SqliteTransaction::SaveActivity(const Activity& a) {
  GEMIS_RETURN_IF_ERROR(records::CheckActivity(a));
  // Everything is checked before anything is written.
  GEMIS_ASSIGN_OR_RETURN(std::string uid, RecordUid("activity", "activity", a.id, a.uid, a.code));
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", a.org_unit, "org unit", "orgUnit"));
  if (a.plan != 0) GEMIS_RETURN_IF_ERROR(RequireReference("plan", a.plan, "plan", "plan"));
  // CheckActivity: a model exactly for a model session.
  if (a.model != 0) GEMIS_RETURN_IF_ERROR(RequireReference("model", a.model, "model", "model"));
  for (size_t i = 0; i < a.attendees.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(
        RequireReference("cadre", a.attendees[i], "cadre", "attendees[" + std::to_string(i) + "]"));
  }

  const std::string now = Now();
  SqliteStatement* write = nullptr;
  if (a.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("UPDATE activity SET uid = ?1, code = ?2, kind = ?3, title = ?4,"
                         " start_day = ?5, end_day = ?6, org_unit_id = ?7, place = ?8,"
                         " level = ?9, program_node_code = ?10, plan_id = ?11, model_id = ?12,"
                         " programme = ?13, dialogue_level = ?14, dv_prevention = ?15,"
                         " cost = ?16, topic = ?17, issues_raised = ?18, follow_up = ?19,"
                         " note = ?20, last_updated = ?21 WHERE id = ?22"));
    write->Bind(22, a.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO activity (uid, code, kind, title, start_day, end_day,"
                         " org_unit_id, place, level, program_node_code, plan_id, model_id,"
                         " programme, dialogue_level, dv_prevention, cost, topic, issues_raised,"
                         " follow_up, note, last_updated, created) VALUES (?1, ?2, ?3, ?4, ?5,"
                         " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
                         " ?20, ?21, ?21)"));
  }
  write->Bind(1, uid)
      .Bind(2, a.code)
      .Bind(3, records::ActivityKindName(a.kind))
      .Bind(4, a.title)
      .Bind(5, a.start.ToString())
      .Bind(6, a.end.ToString())
      .Bind(7, a.org_unit)
      .Bind(8, a.place)
      .Bind(9, ImplementingLevelName(a.level))
      .Bind(10, a.program_node_code)
      .Bind(13, records::TrainingProgrammeName(a.programme))
      .Bind(14, records::DialogueLevelName(a.dialogue_level))
      .Bind(15, int64_t{a.dv_prevention ? 1 : 0})
      .Bind(16, a.cost)
      .Bind(17, a.topic)
      .Bind(18, a.issues_raised)
      .Bind(19, a.follow_up)
      .Bind(20, a.note)
      .Bind(21, now);
  // Plan and model 0 (none named) are NULL.
  if (a.plan != 0) {
    write->Bind(11, a.plan);
  } else {
    write->BindNull(11);
  }
  if (a.model != 0) {
    write->Bind(12, a.model);
  } else {
    write->BindNull(12);
  }
  GEMIS_RETURN_IF_ERROR(write->Run());
  const ActivityId id = a.id > 0 ? a.id : db_.LastInsertRowid();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                         CachedSql("DELETE FROM activity_participant WHERE activity_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT INTO activity_participant (activity_id, sex, ethnicity, age_band, count,"
                " seq) VALUES (?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < a.participants.size(); ++i) {
    const ParticipantCount& p = a.participants[i];
    GEMIS_RETURN_IF_ERROR(add->Bind(1, id)
                              .Bind(2, p.sex)
                              .Bind(3, p.ethnicity)
                              .Bind(4, p.age_band)
                              .Bind(5, p.count)
                              .Bind(6, static_cast<int64_t>(i))
                              .Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_attendees,
                         CachedSql("DELETE FROM activity_attendee WHERE activity_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_attendees->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * attend,
      CachedSql("INSERT INTO activity_attendee (activity_id, cadre_id) VALUES (?, ?)"));
  for (const int64_t cadre : a.attendees) {
    GEMIS_RETURN_IF_ERROR(attend->Bind(1, id).Bind(2, cadre).Run());
  }
  return id;
}

Status SqliteTransaction::DeleteActivity(ActivityId id) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * remove, CachedSql("DELETE FROM activity WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("activity " + std::to_string(id) + " does not exist", Field("id"));
  }
  return Status::Ok();
}

// --------------------------------------------------- activity figure rules

Result<std::vector<ActivityFigureRule>> SqliteTransaction::LoadActivityFigureRules() {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, data_element, kind, programme, dialogue_level, dv_prevention_only,"
                  " measure, by, period_type, note FROM activity_figure_rule ORDER BY id"));
  std::vector<ActivityFigureRule> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    ActivityFigureRule r;
    r.id = stmt.Int(0);
    r.data_element = stmt.Text(1);
    const std::string what = "activity figure rule " + std::to_string(r.id);
    Result<records::ActivityKind> kind = records::ParseActivityKind(stmt.TextView(2));
    if (!kind.ok()) return Status::Corruption(what + " has kind '" + stmt.Text(2) + "'");
    r.kind = *kind;
    if (!stmt.IsNull(3)) {
      Result<records::TrainingProgramme> p = records::ParseTrainingProgramme(stmt.TextView(3));
      if (!p.ok()) return Status::Corruption(what + " has programme '" + stmt.Text(3) + "'");
      r.programme = *p;
    }
    if (!stmt.IsNull(4)) {
      Result<records::DialogueLevel> d = records::ParseDialogueLevel(stmt.TextView(4));
      if (!d.ok()) return Status::Corruption(what + " has dialogue level '" + stmt.Text(4) + "'");
      r.dialogue_level = *d;
    }
    r.dv_prevention_only = stmt.Int(5) != 0;
    Result<records::ActivityMeasure> measure = records::ParseActivityMeasure(stmt.TextView(6));
    if (!measure.ok()) return Status::Corruption(what + " has measure '" + stmt.Text(6) + "'");
    r.measure = *measure;
    Result<records::FigureBy> by = records::ParseFigureBy(stmt.TextView(7));
    if (!by.ok()) return Status::Corruption(what + " is by '" + stmt.Text(7) + "'");
    r.by = *by;
    Result<PeriodType> type = ParsePeriodType(stmt.TextView(8));
    if (!type.ok()) {
      return Status::Corruption(what + " has period type '" + stmt.Text(8) + "'");
    }
    r.period_type = *type;
    r.note = stmt.Text(9);
    out.push_back(std::move(r));
  }
}

Result<int64_t> SqliteTransaction::SaveActivityFigureRule(const ActivityFigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(records::CheckActivityFigureRule(rule));
  const char* kind = records::ActivityKindName(rule.kind);
  const std::optional<std::string> programme =
      rule.programme ? std::optional<std::string>(records::TrainingProgrammeName(*rule.programme))
                     : std::nullopt;
  const std::optional<std::string> dialogue =
      rule.dialogue_level
          ? std::optional<std::string>(records::DialogueLevelName(*rule.dialogue_level))
          : std::nullopt;
  const int64_t dv_only = rule.dv_prevention_only ? 1 : 0;
  const char* measure = records::ActivityMeasureName(rule.measure);
  const char* by = records::FigureByName(rule.by);
  const std::string_view period_type = PeriodTypeName(rule.period_type);
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * find,
      CachedSql("SELECT id, note FROM activity_figure_rule WHERE data_element = ? AND kind = ?"
                " AND COALESCE(programme, '') = ? AND COALESCE(dialogue_level, '') = ?"
                " AND dv_prevention_only = ? AND measure = ? AND by = ? AND period_type = ?"));
  find->Bind(1, rule.data_element)
      .Bind(2, kind)
      .Bind(3, programme.value_or(""))
      .Bind(4, dialogue.value_or(""))
      .Bind(5, dv_only)
      .Bind(6, measure)
      .Bind(7, by)
      .Bind(8, period_type);
  GEMIS_ASSIGN_OR_RETURN(bool found, find->Step());
  const int64_t id = found ? find->Int(0) : 0;
  const std::string note = found ? find->Text(1) : "";
  find->Reset();
  if (found) {
    if (note != rule.note) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * update,
                             CachedSql("UPDATE activity_figure_rule SET note = ? WHERE id = ?"));
      GEMIS_RETURN_IF_ERROR(update->Bind(1, rule.note).Bind(2, id).Run());
    }
    return id;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * insert,
      CachedSql("INSERT INTO activity_figure_rule (data_element, kind, programme, dialogue_level,"
                " dv_prevention_only, measure, by, period_type, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(insert->Bind(1, rule.data_element)
                            .Bind(2, kind)
                            .Bind(3, programme)
                            .Bind(4, dialogue)
                            .Bind(5, dv_only)
                            .Bind(6, measure)
                            .Bind(7, by)
                            .Bind(8, period_type)
                            .Bind(9, rule.note)
                            .Run());
  return db_.LastInsertRowid();
}

}  // namespace gemis::store
