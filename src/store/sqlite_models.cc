// Models, figure rules and the figures published from records in SQLite
// (records/model.h, records/figures.h, store/records_store.h, migration 12;
// claims of activity rules: migration 13; of register rules: migration 14,
// naming safe births: migration 15, naming cases: migration 16).
// Nothing here writes the audit log: the program layer appends its entries.
#include <charconv>

#include "core/period_type.h"
#include "core/uid.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::FigureRule;
using records::Model;
using records::ModelFact;
using records::ModelId;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kModelColumns =
    "id, uid, code, kind, name, org_unit_id, place, level, established, dissolved, plan_id,"
    " target_id, note";

Result<Model> ReadModelRow(const SqliteStatement& row) {
  Model m;
  m.id = row.Int(0);
  m.uid = row.Text(1);
  m.code = row.Text(2);
  const std::string what = "model '" + m.code + "'";
  Result<records::ModelKind> kind = records::ParseModelKind(row.Text(3));
  if (!kind.ok()) return Status::Corruption(what + " has kind '" + row.Text(3) + "'");
  m.kind = *kind;
  m.name = row.Text(4);
  m.org_unit = row.Int(5);
  m.place = row.Text(6);
  Result<ImplementingLevel> level = ParseImplementingLevel(row.Text(7));
  if (!level.ok()) return Status::Corruption(what + " has level '" + row.Text(7) + "'");
  m.level = *level;
  Result<Date> established = Date::Parse(row.Text(8));
  if (!established.ok()) {
    return Status::Corruption(what + " was established on '" + row.Text(8) + "'");
  }
  m.established = *established;
  GEMIS_ASSIGN_OR_RETURN(m.dissolved, ReadStoredDate(row, 9));
  m.plan = row.OptInt(10).value_or(0);
  m.target = row.OptInt(11).value_or(0);
  m.note = row.Text(12);
  return m;
}

// Model (or activity, or cadre) ids as the claims keep them: "3,17"; "" for
// none.
std::string JoinIds(const std::vector<ModelId>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out;
}

Result<std::vector<ModelId>> SplitIds(std::string_view text) {
  std::vector<ModelId> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    ModelId id = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) {
      return Status::Corruption("a figure claim names models '" + std::string(text) + "'");
    }
    out.push_back(id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return Status::Corruption("a figure claim's models end with ','");
  }
  return out;
}

// Statuses as figure_rule keeps them: "new,consolidated,maintained".
std::string StatusNames(const std::vector<records::ModelStatus>& statuses) {
  std::string out;
  for (size_t i = 0; i < statuses.size(); ++i) {
    out += (i ? "," : "") + std::string(records::ModelStatusName(statuses[i]));
  }
  return out;
}

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

// A rule's facts as figure_rule keeps them: codes separated by ',' in order;
// NULL for none.
std::optional<std::string> FieldCodes(const std::vector<records::FactField>& fields) {
  if (fields.empty()) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    out += (i ? "," : "") + std::string(records::InfoOf(fields[i]).code);
  }
  return out;
}

Result<std::vector<records::FactField>> ReadFieldCodes(const SqliteStatement& row, int column,
                                                       int64_t rule) {
  std::vector<records::FactField> out;
  if (row.IsNull(column)) return out;
  std::string_view codes = row.TextView(column);
  while (true) {
    const size_t comma = codes.find(',');
    Result<records::FactField> field = records::ParseFactField(codes.substr(0, comma));
    if (!field.ok()) {
      return Status::Corruption("figure rule " + std::to_string(rule) + " names facts '" +
                                row.Text(column) + "'");
    }
    out.push_back(*field);
    if (comma == std::string_view::npos) return out;
    codes.remove_prefix(comma + 1);
  }
}

constexpr const char* kClaimColumns =
    "data_element_id, period_id, org_unit_id, coc_id, aoc_id, rule_id, value, models,"
    " activity_rule_id, register_rule_id";
constexpr const char* kClaimOrder =
    " ORDER BY data_element_id, period_id, org_unit_id, coc_id, aoc_id";

Result<FigureClaim> ReadClaimRow(const SqliteStatement& row) {
  FigureClaim c;
  c.key = {row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4)};
  // Exactly one of the rules is set (a CHECK of record_figure); NULL is 0.
  c.rule = row.OptInt(5).value_or(0);
  c.value = row.Text(6);
  GEMIS_ASSIGN_OR_RETURN(c.models, SplitIds(row.TextView(7)));
  c.activity_rule = row.OptInt(8).value_or(0);
  c.register_rule = row.OptInt(9).value_or(0);
  return c;
}

// The rule a claim names and the records its `models` are: the tables, the
// words for messages and the rule's field. A register rule's records are
// those of its register: cadres here, safe births or cases when the rule
// says so (SaveFigureClaim).
struct ClaimRule {
  int64_t id;
  const char* table;
  const char* what;
  const char* field;
  const char* record_table;
  const char* record_what;
};

ClaimRule RuleOf(const FigureClaim& c) {
  if (c.register_rule != 0) {
    return {
        c.register_rule, "register_figure_rule", "register figure rule", "registerRule", "cadre",
        "cadre"};
  }
  if (c.activity_rule != 0) {
    return {
        c.activity_rule, "activity_figure_rule", "activity figure rule", "activityRule", "activity",
        "activity"};
  }
  return {c.rule, "figure_rule", "figure rule", "rule", "model", "model"};
}

// A rule column of record_figure: the rule's id, NULL for 0 (not named).
std::optional<int64_t> RuleColumn(int64_t id) {
  return id != 0 ? std::optional<int64_t>(id) : std::nullopt;
}

// The uids of inserted models. Ids are the store's; uids are exchanged, so
// they are random rather than derived from the code (a code may be reused
// after a delete, a uid must not be).
std::string FreshUid() {
  thread_local SystemRandom random;
  return GenerateUid(random);
}

}  // namespace

// ------------------------------------------------------------------ models

Status SqliteTransaction::LoadModelParts(Model& model) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * days,
      CachedSql("SELECT day FROM model_consolidation WHERE model_id = ? ORDER BY day"));
  days->Bind(1, model.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, days->Step());
    if (!row) break;
    Result<Date> day = Date::Parse(days->TextView(0));
    if (!day.ok()) {
      const std::string text = days->Text(0);
      days->Reset();  // the cached statement must not stay mid-scan
      return Status::Corruption("model '" + model.code + "' was consolidated on '" + text + "'");
    }
    model.consolidated.push_back(*day);
  }
  days->Reset();
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * facts,
      CachedSql("SELECT day, field, value FROM model_fact WHERE model_id = ? ORDER BY id"));
  facts->Bind(1, model.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, facts->Step());
    if (!row) break;
    Result<Date> day = Date::Parse(facts->TextView(0));
    Result<records::FactField> field = records::ParseFactField(facts->TextView(1));
    if (!day.ok() || !field.ok()) {
      const std::string text = facts->Text(0) + " " + facts->Text(1);
      facts->Reset();
      return Status::Corruption("model '" + model.code + "' has a fact '" + text + "'");
    }
    model.facts.push_back(ModelFact{*day, *field, facts->Text(2)});
  }
  facts->Reset();
  return Status::Ok();
}

Result<std::vector<Model>> SqliteTransaction::LoadModels(const ModelFilter& filter) {
  std::string sql = std::string("SELECT ") + kModelColumns + " FROM model WHERE 1=1";
  if (filter.kind) sql += " AND kind = ?";
  sql += InList("org_unit_id", filter.org_units) + InList("id", filter.ids) + " ORDER BY code";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  if (filter.kind) stmt.Bind(1, records::ModelKindName(*filter.kind));
  std::vector<Model> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GEMIS_ASSIGN_OR_RETURN(Model m, ReadModelRow(stmt));
    out.push_back(std::move(m));
  }
  for (Model& m : out) GEMIS_RETURN_IF_ERROR(LoadModelParts(m));
  return out;
}

Result<std::optional<Model>> SqliteTransaction::FindModel(std::string_view code_or_uid) {
  return FindByCodeOrUid<Model>(
      "model", kModelColumns, code_or_uid, [](SqliteStatement& s) { return ReadModelRow(s); },
      [this](Model& m) { return LoadModelParts(m); });
}

Status SqliteTransaction::RequireReference(std::string_view table, int64_t id,
                                           std::string_view what, std::string_view field) {
  Status status = RequireId(table, id, what, field);
  return status.code() == ErrorCode::kNotFound ? Status::Invalid(status.message(), status.where())
                                               : status;
}

Result<std::string> SqliteTransaction::StoredUid(std::string_view table, std::string_view what,
                                                 int64_t id, const std::string& uid) {
  const std::string name(what);
  if (id < 0) {
    return Status::Invalid(name + " id " + std::to_string(id) + " is not valid", Field("id"));
  }
  if (id == 0) return uid;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stored,
                         CachedSql("SELECT uid FROM " + std::string(table) + " WHERE id = ?"));
  stored->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, stored->Step());
  const std::string stored_uid = found ? stored->Text(0) : "";
  stored->Reset();
  if (!found) {
    return Status::NotFound(name + " " + std::to_string(id) + " does not exist", Field("id"));
  }
  if (!uid.empty() && uid != stored_uid) {
    return Status::Conflict(name + " " + std::to_string(id) + " has uid '" + stored_uid +
                                "', which never changes (not '" + uid + "')",
                            Field("uid"));
  }
  return stored_uid;
}

Result<std::string> SqliteTransaction::RecordUid(std::string_view table, std::string_view what,
                                                 int64_t id, const std::string& uid,
                                                 const std::string& code) {
  const std::string name(what), t(table);
  GEMIS_ASSIGN_OR_RETURN(std::string out, StoredUid(table, what, id, uid));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * code_holder,
                         CachedSql("SELECT id FROM " + t + " WHERE code = ?"));
  code_holder->Bind(1, code);
  GEMIS_ASSIGN_OR_RETURN(bool code_taken, code_holder->Step());
  const int64_t code_owner = code_taken ? code_holder->Int(0) : 0;
  code_holder->Reset();
  if (code_taken && code_owner != id) {
    return Status::AlreadyExists(name + " code '" + code + "' already exists", Field("code"));
  }
  if (id == 0 && !out.empty()) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * uid_holder,
                           CachedSql("SELECT code FROM " + t + " WHERE uid = ?"));
    uid_holder->Bind(1, out);
    GEMIS_ASSIGN_OR_RETURN(bool uid_taken, uid_holder->Step());
    const std::string uid_owner = uid_taken ? uid_holder->Text(0) : "";
    uid_holder->Reset();
    if (uid_taken) {
      return Status::AlreadyExists(
          "uid '" + out + "' already belongs to " + name + " '" + uid_owner + "'", Field("uid"));
    }
  }
  while (out.empty()) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * taken_uid,
                           CachedSql("SELECT code FROM " + t + " WHERE uid = ?"));
    out = FreshUid();
    taken_uid->Bind(1, out);
    GEMIS_ASSIGN_OR_RETURN(bool taken, taken_uid->Step());
    taken_uid->Reset();
    if (taken) out.clear();
  }
  return out;
}

Result<ModelId> SqliteTransaction::SaveModel(const Model& m) {
  GEMIS_RETURN_IF_ERROR(records::CheckModel(m));
  // Everything is checked before anything is written.
  GEMIS_ASSIGN_OR_RETURN(std::string uid, RecordUid("model", "model", m.id, m.uid, m.code));
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", m.org_unit, "org unit", "orgUnit"));
  if (m.plan != 0) GEMIS_RETURN_IF_ERROR(RequireReference("plan", m.plan, "plan", "plan"));
  if (m.target != 0) {
    GEMIS_RETURN_IF_ERROR(RequireReference("target", m.target, "target", "target"));
    if (m.plan != 0) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * owner,
                             CachedSql("SELECT plan_id FROM target WHERE id = ?"));
      owner->Bind(1, m.target);
      GEMIS_ASSIGN_OR_RETURN(bool found, owner->Step());
      const PlanId plan = found ? owner->Int(0) : 0;
      owner->Reset();
      if (plan != m.plan) {
        return Status::Invalid("target " + std::to_string(m.target) + " belongs to plan " +
                                   std::to_string(plan) + ", not " + std::to_string(m.plan),
                               Field("target"));
      }
    }
  }

  const std::string now = Now();
  SqliteStatement* write = nullptr;
  if (m.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(write,
                           CachedSql("UPDATE model SET uid = ?1, code = ?2, kind = ?3, name = ?4,"
                                     " org_unit_id = ?5, place = ?6, level = ?7, established = ?8,"
                                     " dissolved = ?9, plan_id = ?10, target_id = ?11, note = ?12,"
                                     " last_updated = ?13 WHERE id = ?14"));
    write->Bind(14, m.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO model (uid, code, kind, name, org_unit_id, place, level,"
                         " established, dissolved, plan_id, target_id, note, last_updated,"
                         " created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                         " ?13, ?13)"));
  }
  write->Bind(1, uid)
      .Bind(2, m.code)
      .Bind(3, records::ModelKindName(m.kind))
      .Bind(4, m.name)
      .Bind(5, m.org_unit)
      .Bind(6, m.place)
      .Bind(7, ImplementingLevelName(m.level))
      .Bind(8, m.established.ToString())
      .Bind(9, StoredDateText(m.dissolved))
      .Bind(12, m.note)
      .Bind(13, now);
  // Plan and target 0 (none named) are NULL.
  if (m.plan != 0) {
    write->Bind(10, m.plan);
  } else {
    write->BindNull(10);
  }
  if (m.target != 0) {
    write->Bind(11, m.target);
  } else {
    write->BindNull(11);
  }
  GEMIS_RETURN_IF_ERROR(write->Run());
  const ModelId id = m.id > 0 ? m.id : db_.LastInsertRowid();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_days,
                         CachedSql("DELETE FROM model_consolidation WHERE model_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_days->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_facts,
                         CachedSql("DELETE FROM model_fact WHERE model_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_facts->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add_day,
      CachedSql("INSERT INTO model_consolidation (model_id, day) VALUES (?, ?)"));
  for (const Date& day : m.consolidated) {
    GEMIS_RETURN_IF_ERROR(add_day->Bind(1, id).Bind(2, day.ToString()).Run());
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add_fact,
      CachedSql("INSERT INTO model_fact (model_id, day, field, value) VALUES (?, ?, ?, ?)"));
  for (const ModelFact& f : m.facts) {
    GEMIS_RETURN_IF_ERROR(add_fact->Bind(1, id)
                              .Bind(2, f.date.ToString())
                              .Bind(3, records::InfoOf(f.field).code)
                              .Bind(4, f.value)
                              .Run());
  }
  return id;
}

Status SqliteTransaction::DeleteModel(ModelId id) {
  // A model's sessions name it (activity.model_id, ON DELETE RESTRICT): say
  // which, rather than let the foreign key fail without naming them.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * sessions,
                         CachedSql("SELECT count(*), min(code) FROM activity WHERE model_id = ?"));
  sessions->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool counted, sessions->Step());
  const int64_t count = counted ? sessions->Int(0) : 0;
  const std::string first = count > 0 ? sessions->Text(1) : "";
  sessions->Reset();
  if (count > 0) {
    return Status::Conflict("model " + std::to_string(id) + " has " + std::to_string(count) +
                                (count == 1 ? " session" : " sessions") + " (activity '" + first +
                                "'" + (count > 1 ? ", …" : "") +
                                "); delete them or name another model first",
                            Field("id"));
  }
  // A trusted address's cases name it (case_record.address_id, ON DELETE
  // RESTRICT): say how many, without naming them (they are confidential).
  // Its case team goes with it (ON DELETE CASCADE).
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * cases,
                         CachedSql("SELECT count(*) FROM case_record WHERE address_id = ?"));
  cases->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool cases_counted, cases->Step());
  const int64_t held = cases_counted ? cases->Int(0) : 0;
  cases->Reset();
  if (held > 0) {
    return Status::Conflict("model " + std::to_string(id) + " holds " + std::to_string(held) +
                                (held == 1 ? " case" : " cases") + "; delete them first",
                            Field("code"));
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * remove, CachedSql("DELETE FROM model WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("model " + std::to_string(id) + " does not exist", Field("id"));
  }
  return Status::Ok();
}

// ------------------------------------------------------------ figure rules

Result<std::vector<FigureRule>> SqliteTransaction::LoadFigureRules() {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, data_element, kind, statuses, where_field, where_in_period,"
                  " sum_fields, by, period_type, note FROM figure_rule ORDER BY id"));
  std::vector<FigureRule> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    FigureRule r;
    r.id = stmt.Int(0);
    r.data_element = stmt.Text(1);
    const std::string what = "figure rule " + std::to_string(r.id);
    Result<records::ModelKind> kind = records::ParseModelKind(stmt.Text(2));
    if (!kind.ok()) return Status::Corruption(what + " has kind '" + stmt.Text(2) + "'");
    r.kind = *kind;
    r.statuses.clear();
    std::string_view names = stmt.TextView(3);
    while (true) {
      const size_t comma = names.find(',');
      Result<records::ModelStatus> status = records::ParseModelStatus(names.substr(0, comma));
      if (!status.ok()) {
        return Status::Corruption(what + " has statuses '" + stmt.Text(3) + "'");
      }
      r.statuses.push_back(*status);
      if (comma == std::string_view::npos) break;
      names.remove_prefix(comma + 1);
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::FactField> where, ReadFieldCodes(stmt, 4, r.id));
    if (where.size() > 1) return Status::Corruption(what + " has where '" + stmt.Text(4) + "'");
    if (!where.empty()) r.where = where[0];
    r.where_in_period = stmt.Int(5) != 0;
    GEMIS_ASSIGN_OR_RETURN(r.sum, ReadFieldCodes(stmt, 6, r.id));
    Result<records::FigureBy> by = records::ParseFigureBy(stmt.Text(7));
    if (!by.ok()) return Status::Corruption(what + " is by '" + stmt.Text(7) + "'");
    r.by = *by;
    Result<PeriodType> type = ParsePeriodType(stmt.Text(8));
    if (!type.ok()) {
      return Status::Corruption(what + " has period type '" + stmt.Text(8) + "'");
    }
    r.period_type = *type;
    r.note = stmt.Text(9);
    out.push_back(std::move(r));
  }
}

Result<int64_t> SqliteTransaction::SaveFigureRule(const FigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(records::CheckFigureRule(rule));
  const std::string statuses = StatusNames(rule.statuses);
  const std::optional<std::string> where =
      rule.where ? std::optional<std::string>(records::InfoOf(*rule.where).code) : std::nullopt;
  const std::optional<std::string> sum = FieldCodes(rule.sum);
  const int64_t in_period = rule.where_in_period ? 1 : 0;
  const char* by = records::FigureByName(rule.by);
  const std::string_view period_type = PeriodTypeName(rule.period_type);
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * find,
      CachedSql("SELECT id, note FROM figure_rule WHERE data_element = ? AND kind = ?"
                " AND statuses = ? AND COALESCE(where_field, '') = ? AND where_in_period = ?"
                " AND COALESCE(sum_fields, '') = ? AND by = ? AND period_type = ?"));
  find->Bind(1, rule.data_element)
      .Bind(2, records::ModelKindName(rule.kind))
      .Bind(3, statuses)
      .Bind(4, where.value_or(""))
      .Bind(5, in_period)
      .Bind(6, sum.value_or(""))
      .Bind(7, by)
      .Bind(8, period_type);
  GEMIS_ASSIGN_OR_RETURN(bool found, find->Step());
  const int64_t id = found ? find->Int(0) : 0;
  const std::string note = found ? find->Text(1) : "";
  find->Reset();
  if (found) {
    if (note != rule.note) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * update,
                             CachedSql("UPDATE figure_rule SET note = ? WHERE id = ?"));
      GEMIS_RETURN_IF_ERROR(update->Bind(1, rule.note).Bind(2, id).Run());
    }
    return id;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * insert,
      CachedSql("INSERT INTO figure_rule (data_element, kind, statuses, where_field,"
                " where_in_period, sum_fields, by, period_type, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  GEMIS_RETURN_IF_ERROR(insert->Bind(1, rule.data_element)
                            .Bind(2, records::ModelKindName(rule.kind))
                            .Bind(3, statuses)
                            .Bind(4, where)
                            .Bind(5, in_period)
                            .Bind(6, sum)
                            .Bind(7, by)
                            .Bind(8, period_type)
                            .Bind(9, rule.note)
                            .Run());
  return db_.LastInsertRowid();
}

// ------------------------------------------------------------------ claims

Result<std::vector<FigureClaim>> SqliteTransaction::LoadFigureClaims(
    std::optional<MetadataId> data_element) {
  std::string sql = std::string("SELECT ") + kClaimColumns + " FROM record_figure";
  if (data_element) sql += " WHERE data_element_id = ?";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql + kClaimOrder));
  if (data_element) stmt.Bind(1, *data_element);
  std::vector<FigureClaim> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(FigureClaim c, ReadClaimRow(stmt));
    out.push_back(std::move(c));
  }
}

Result<std::optional<FigureClaim>> SqliteTransaction::FindFigureClaim(const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * find,
                         CachedSql(std::string("SELECT ") + kClaimColumns +
                                   " FROM record_figure WHERE data_element_id = ?"
                                   " AND period_id = ? AND org_unit_id = ? AND coc_id = ?"
                                   " AND aoc_id = ?"));
  find->Bind(1, key.data_element)
      .Bind(2, key.period)
      .Bind(3, key.org_unit)
      .Bind(4, key.category_option_combo)
      .Bind(5, key.attribute_option_combo);
  GEMIS_ASSIGN_OR_RETURN(bool row, find->Step());
  if (!row) {
    find->Reset();
    return std::optional<FigureClaim>();
  }
  Result<FigureClaim> claim = ReadClaimRow(*find);
  find->Reset();
  if (!claim.ok()) return claim.status();
  return std::optional<FigureClaim>(std::move(claim).value());
}

Status SqliteTransaction::SaveFigureClaim(const FigureClaim& claim) {
  const DataValueKey& key = claim.key;
  // A claim is a model rule's (models: model ids), an activity rule's
  // (activity ids) or a register rule's (cadre, birth or case ids); a claim
  // naming none fails on "rule" below.
  if (claim.register_rule != 0 && (claim.rule != 0 || claim.activity_rule != 0)) {
    return Status::Invalid(
        "a claim names one rule: a figure rule, an activity figure rule or a register figure rule",
        Field("registerRule"));
  }
  if (claim.activity_rule != 0 && claim.rule != 0) {
    return Status::Invalid("a claim names a figure rule or an activity figure rule, not both",
                           Field("activityRule"));
  }
  GEMIS_RETURN_IF_ERROR(RequireId("data_element", key.data_element, "data element", "dataElement"));
  GEMIS_RETURN_IF_ERROR(RequireId("period", key.period, "period", "period"));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", key.org_unit, "org unit", "orgUnit"));
  GEMIS_RETURN_IF_ERROR(RequireId("category_option_combo", key.category_option_combo,
                                  "category option combo", "categoryOptionCombo"));
  GEMIS_RETURN_IF_ERROR(RequireId("category_option_combo", key.attribute_option_combo,
                                  "attribute option combo", "attributeOptionCombo"));
  ClaimRule rule = RuleOf(claim);
  GEMIS_RETURN_IF_ERROR(RequireId(rule.table, rule.id, rule.what, rule.field));
  if (claim.register_rule != 0) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * kind,
                           CachedSql("SELECT register FROM register_figure_rule WHERE id = ?"));
    kind->Bind(1, rule.id);
    GEMIS_ASSIGN_OR_RETURN(bool found, kind->Step());
    const std::string stored = found ? kind->Text(0) : "";
    kind->Reset();
    if (stored == records::RegisterKindName(records::RegisterKind::kSafeBirth)) {
      rule.record_table = "safe_birth";
      rule.record_what = "safe birth";
    } else if (stored == records::RegisterKindName(records::RegisterKind::kCases)) {
      rule.record_table = "case_record";
      rule.record_what = "case";
    }
  }
  for (size_t i = 0; i < claim.models.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(RequireId(rule.record_table, claim.models[i], rule.record_what,
                                    "models[" + std::to_string(i) + "]"));
  }
  // The rule publishes one element: the claim's key must be of it.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * element,
                         CachedSql(std::string("SELECT r.data_element, e.code FROM ") + rule.table +
                                   " r, data_element e WHERE r.id = ? AND e.id = ?"));
  element->Bind(1, rule.id).Bind(2, key.data_element);
  GEMIS_ASSIGN_OR_RETURN(bool row, element->Step());
  const std::string rule_element = row ? element->Text(0) : "",
                    key_element = row ? element->Text(1) : "";
  element->Reset();
  if (rule_element != key_element) {
    return Status::Invalid(std::string(rule.what) + " " + std::to_string(rule.id) + " publishes '" +
                               rule_element + "', not '" + key_element + "'",
                           Field(rule.field));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      CachedSql("INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id,"
                " aoc_id, rule_id, activity_rule_id, register_rule_id, value, models)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (data_element_id, period_id, org_unit_id, coc_id, aoc_id)"
                " DO UPDATE SET rule_id = excluded.rule_id,"
                " activity_rule_id = excluded.activity_rule_id,"
                " register_rule_id = excluded.register_rule_id, value = excluded.value,"
                " models = excluded.models"));
  // The rules not named are NULL.
  return upsert->Bind(1, key.data_element)
      .Bind(2, key.period)
      .Bind(3, key.org_unit)
      .Bind(4, key.category_option_combo)
      .Bind(5, key.attribute_option_combo)
      .Bind(6, RuleColumn(claim.rule))
      .Bind(7, RuleColumn(claim.activity_rule))
      .Bind(8, RuleColumn(claim.register_rule))
      .Bind(9, claim.value)
      .Bind(10, JoinIds(claim.models))
      .Run();
}

Status SqliteTransaction::DeleteFigureClaim(const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * remove,
      CachedSql("DELETE FROM record_figure WHERE data_element_id = ? AND period_id = ?"
                " AND org_unit_id = ? AND coc_id = ? AND aoc_id = ?"));
  return remove->Bind(1, key.data_element)
      .Bind(2, key.period)
      .Bind(3, key.org_unit)
      .Bind(4, key.category_option_combo)
      .Bind(5, key.attribute_option_combo)
      .Run();
}

}  // namespace gemis::store
