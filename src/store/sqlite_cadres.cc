// The women cadres register and the rules that turn registers (it, the
// safe-birth register, sqlite_safe_births.cc, and the cases register,
// sqlite_cases.cc) into figures in SQLite (records/cadre.h,
// records/register_figures.h, store/records_store.h, migration 14; the
// cases register: migration 16). The attendance of trainings is saved with the activities
// (sqlite_activities.cc), claims of register rules with the others
// (sqlite_models.cc). Nothing here writes the audit log: the program layer
// appends its entries.
#include "core/period_type.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::Cadre;
using records::CadreId;
using records::OtherTraining;
using records::RegisterFigureRule;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kCadreColumns =
    "id, uid, code, name, org_unit_id, level, position, ethnicity, grp, since, until, decision,"
    " note";

Result<Cadre> ReadCadreRow(const SqliteStatement& row) {
  Cadre c;
  c.id = row.Int(0);
  c.uid = row.Text(1);
  c.code = row.Text(2);
  const std::string what = "cadre '" + c.code + "'";
  c.name = row.Text(3);
  c.org_unit = row.Int(4);
  Result<ImplementingLevel> level = ParseImplementingLevel(row.TextView(5));
  if (!level.ok()) return Status::Corruption(what + " has level '" + row.Text(5) + "'");
  c.level = *level;
  c.position = row.Text(6);
  c.ethnicity = row.Text(7);
  Result<records::CadreGroup> group = records::ParseCadreGroup(row.TextView(8));
  if (!group.ok()) return Status::Corruption(what + " is in group '" + row.Text(8) + "'");
  c.group = *group;
  Result<Date> since = Date::Parse(row.TextView(9));
  if (!since.ok()) return Status::Corruption(what + " joined the group on '" + row.Text(9) + "'");
  c.since = *since;
  GEMIS_ASSIGN_OR_RETURN(c.until, ReadStoredDate(row, 10));
  c.decision = row.Text(11);
  c.note = row.Text(12);
  return c;
}

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

// A rule's filter as register_figure_rule keeps it: the names joined by
// ','; "" for none (every group).
std::string FilterText(const std::vector<std::string>& filter) {
  std::string out;
  for (size_t i = 0; i < filter.size(); ++i) out += (i ? "," : "") + filter[i];
  return out;
}

// Whether `name` may be in the filter of a rule of register `kind`: a group
// of the women cadres register, a package of the safe-birth register, a
// case kind of the cases register.
bool InFilterOf(records::RegisterKind kind, std::string_view name) {
  switch (kind) {
    case records::RegisterKind::kWomenCadres: return records::ParseCadreGroup(name).ok();
    case records::RegisterKind::kSafeBirth: return records::ParseSafeBirthPackage(name).ok();
    case records::RegisterKind::kCases: return records::ParseCaseKind(name).ok();
  }
  return false;
}

// The filter of a stored rule: each name must be one of the rule's register
// (InFilterOf; kCorruption otherwise).
Result<std::vector<std::string>> ReadFilter(std::string_view text, records::RegisterKind kind,
                                            const std::string& what) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    if (!InFilterOf(kind, name)) {
      return Status::Corruption(what + " filters on '" + std::string(name) + "'");
    }
    out.emplace_back(name);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return Status::Corruption(what + "'s filter ends with ','");
  }
  return out;
}

Result<RegisterFigureRule> ReadRuleRow(const SqliteStatement& row) {
  RegisterFigureRule r;
  r.id = row.Int(0);
  r.data_element = row.Text(1);
  const std::string what = "register figure rule " + std::to_string(r.id);
  Result<records::RegisterKind> kind = records::ParseRegisterKind(row.TextView(2));
  if (!kind.ok()) return Status::Corruption(what + " has register '" + row.Text(2) + "'");
  r.register_kind = *kind;
  r.measure = row.Text(3);
  GEMIS_ASSIGN_OR_RETURN(r.filter, ReadFilter(row.TextView(4), r.register_kind, what));
  Result<records::FigureBy> by = records::ParseFigureBy(row.TextView(5));
  if (!by.ok()) return Status::Corruption(what + " is by '" + row.Text(5) + "'");
  r.by = *by;
  Result<PeriodType> type = ParsePeriodType(row.TextView(6));
  if (!type.ok()) return Status::Corruption(what + " has period type '" + row.Text(6) + "'");
  r.period_type = *type;
  r.note = row.Text(7);
  return r;
}

}  // namespace

// ------------------------------------------------------------------ cadres

Status SqliteTransaction::LoadOtherTrainings(Cadre& cadre) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * trainings,
      CachedSql("SELECT day, title FROM cadre_training WHERE cadre_id = ? ORDER BY seq"));
  trainings->Bind(1, cadre.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, trainings->Step());
    if (!row) break;
    Result<Date> day = Date::Parse(trainings->TextView(0));
    if (!day.ok()) {
      const std::string text = trainings->Text(0);
      trainings->Reset();  // the cached statement must not stay mid-scan
      return Status::Corruption("cadre '" + cadre.code + "' was trained on '" + text + "'");
    }
    cadre.other_trainings.push_back(OtherTraining{*day, trainings->Text(1)});
  }
  trainings->Reset();
  return Status::Ok();
}

Result<std::vector<Cadre>> SqliteTransaction::LoadCadres(const CadreFilter& filter) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare(std::string("SELECT ") + kCadreColumns + " FROM cadre WHERE 1=1" +
                  InList("org_unit_id", filter.org_units) + InList("id", filter.ids) +
                  " ORDER BY code"));
  std::vector<Cadre> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GEMIS_ASSIGN_OR_RETURN(Cadre c, ReadCadreRow(stmt));
    out.push_back(std::move(c));
  }
  for (Cadre& c : out) GEMIS_RETURN_IF_ERROR(LoadOtherTrainings(c));
  return out;
}

Result<std::optional<Cadre>> SqliteTransaction::FindCadre(std::string_view code_or_uid) {
  return FindByCodeOrUid<Cadre>(
      "cadre", kCadreColumns, code_or_uid, [](SqliteStatement& s) { return ReadCadreRow(s); },
      [this](Cadre& c) { return LoadOtherTrainings(c); });
}

Result<CadreId> SqliteTransaction::SaveCadre(const Cadre& c) {
  GEMIS_RETURN_IF_ERROR(records::CheckCadre(c));
  // Everything is checked before anything is written.
  GEMIS_ASSIGN_OR_RETURN(std::string uid, RecordUid("cadre", "cadre", c.id, c.uid, c.code));
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", c.org_unit, "org unit", "orgUnit"));

  SqliteStatement* write = nullptr;
  if (c.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("UPDATE cadre SET uid = ?1, code = ?2, name = ?3, org_unit_id = ?4,"
                         " level = ?5, position = ?6, ethnicity = ?7, grp = ?8, since = ?9,"
                         " until = ?10, decision = ?11, note = ?12, last_updated = ?13"
                         " WHERE id = ?14"));
    write->Bind(14, c.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO cadre (uid, code, name, org_unit_id, level, position,"
                         " ethnicity, grp, since, until, decision, note, last_updated, created)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"));
  }
  GEMIS_RETURN_IF_ERROR(write->Bind(1, uid)
                            .Bind(2, c.code)
                            .Bind(3, c.name)
                            .Bind(4, c.org_unit)
                            .Bind(5, ImplementingLevelName(c.level))
                            .Bind(6, c.position)
                            .Bind(7, c.ethnicity)
                            .Bind(8, records::CadreGroupName(c.group))
                            .Bind(9, c.since.ToString())
                            .Bind(10, StoredDateText(c.until))
                            .Bind(11, c.decision)
                            .Bind(12, c.note)
                            .Bind(13, Now())
                            .Run());
  const CadreId id = c.id > 0 ? c.id : db_.LastInsertRowid();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                         CachedSql("DELETE FROM cadre_training WHERE cadre_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT INTO cadre_training (cadre_id, seq, day, title) VALUES (?, ?, ?, ?)"));
  for (size_t i = 0; i < c.other_trainings.size(); ++i) {
    const OtherTraining& t = c.other_trainings[i];
    GEMIS_RETURN_IF_ERROR(add->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, t.day.ToString())
                              .Bind(4, t.title)
                              .Run());
  }
  return id;
}

Status SqliteTransaction::DeleteCadre(CadreId id) {
  // Her trainings and attendance go with her (ON DELETE CASCADE); claims
  // keep her id in their text.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * remove, CachedSql("DELETE FROM cadre WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("cadre " + std::to_string(id) + " does not exist", Field("id"));
  }
  return Status::Ok();
}

// --------------------------------------------------- register figure rules

Result<std::vector<RegisterFigureRule>> SqliteTransaction::LoadRegisterFigureRules() {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, data_element, register, measure, filter, by, period_type, note"
                  " FROM register_figure_rule ORDER BY id"));
  std::vector<RegisterFigureRule> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(RegisterFigureRule r, ReadRuleRow(stmt));
    out.push_back(std::move(r));
  }
}

Result<int64_t> SqliteTransaction::SaveRegisterFigureRule(const RegisterFigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(records::CheckRegisterFigureRule(rule));
  const char* kind = records::RegisterKindName(rule.register_kind);
  const std::string filter = FilterText(rule.filter);
  const char* by = records::FigureByName(rule.by);
  const std::string_view period_type = PeriodTypeName(rule.period_type);
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * find,
      CachedSql("SELECT id, note FROM register_figure_rule WHERE data_element = ?"
                " AND register = ? AND measure = ? AND filter = ? AND by = ? AND period_type = ?"));
  find->Bind(1, rule.data_element)
      .Bind(2, kind)
      .Bind(3, rule.measure)
      .Bind(4, filter)
      .Bind(5, by)
      .Bind(6, period_type);
  GEMIS_ASSIGN_OR_RETURN(bool found, find->Step());
  const int64_t id = found ? find->Int(0) : 0;
  const std::string note = found ? find->Text(1) : "";
  find->Reset();
  if (found) {
    if (note != rule.note) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * update,
                             CachedSql("UPDATE register_figure_rule SET note = ? WHERE id = ?"));
      GEMIS_RETURN_IF_ERROR(update->Bind(1, rule.note).Bind(2, id).Run());
    }
    return id;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * insert,
      CachedSql("INSERT INTO register_figure_rule (data_element, register, measure, filter, by,"
                " period_type, note) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(insert->Bind(1, rule.data_element)
                            .Bind(2, kind)
                            .Bind(3, rule.measure)
                            .Bind(4, filter)
                            .Bind(5, by)
                            .Bind(6, period_type)
                            .Bind(7, rule.note)
                            .Run());
  return db_.LastInsertRowid();
}

}  // namespace gemis::store
