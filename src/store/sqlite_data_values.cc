// Data values and their append-only audit log in SQLite.
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

// Statement cache slots of SqliteTransaction (0-1 are periods).
enum Slot { kSelectValue = 2, kInsertValue, kUpdateValue, kDeleteValue, kInsertAudit };

constexpr std::string_view kKeyWhere =
    " WHERE data_element_id = ? AND period_id = ? AND org_unit_id = ? AND coc_id = ? AND aoc_id = ?";

void BindKey(SqliteStatement& stmt, int first, const DataValueKey& key) {
  stmt.Bind(first, key.data_element).Bind(first + 1, key.period).Bind(first + 2, key.org_unit);
  stmt.Bind(first + 3, key.category_option_combo).Bind(first + 4, key.attribute_option_combo);
}

DataValue ReadValue(const SqliteStatement& s) {
  DataValue v;
  v.key = {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)};
  v.value = s.Text(5);
  v.stored_by = s.Text(6);
  v.created = s.Text(7);
  v.last_updated = s.Text(8);
  v.comment = s.OptText(9);
  v.followup = s.Int(10) != 0;
  v.deleted = s.Int(11) != 0;
  return v;
}

constexpr std::string_view kValueColumns =
    "SELECT data_element_id, period_id, org_unit_id, coc_id, aoc_id, value, stored_by, created,"
    " last_updated, comment, followup, deleted FROM data_value";

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = std::string(" AND ") + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

}  // namespace

Result<std::optional<DataValue>> SqliteTransaction::GetDataValue(const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* stmt,
                         Cached(kSelectValue, std::string(kValueColumns) + std::string(kKeyWhere)));
  BindKey(*stmt, 1, key);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  std::optional<DataValue> out;
  if (row) out = ReadValue(*stmt);
  stmt->Reset();
  return out;
}

Status SqliteTransaction::ScanDataValues(const DataValueFilter& filter,
                                         const std::function<Status(const DataValue&)>& fn) {
  std::string sql = std::string(kValueColumns) + " WHERE 1=1" +
                    InList("data_element_id", filter.data_elements) +
                    InList("period_id", filter.periods) + InList("org_unit_id", filter.org_units) +
                    (filter.include_deleted ? "" : " AND deleted = 0") +
                    " ORDER BY data_element_id, period_id, org_unit_id, coc_id, aoc_id";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    GEMIS_RETURN_IF_ERROR(fn(ReadValue(stmt)));
  }
}

Result<std::vector<DataValueAuditEntry>> SqliteTransaction::LoadDataValueAudit(
    const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(
      "SELECT change, old_value, new_value, old_comment, new_comment, changed_by, changed_at"
      " FROM data_value_audit" + std::string(kKeyWhere) + " ORDER BY id"));
  BindKey(stmt, 1, key);
  std::vector<DataValueAuditEntry> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.push_back({key, stmt.Text(0), stmt.OptText(1), stmt.OptText(2), stmt.OptText(3),
                   stmt.OptText(4), stmt.Text(5), stmt.Text(6)});
  }
}

Status SqliteTransaction::ScanDataValueChanges(
    int64_t after_id, const std::function<Status(const DataValueChange&)>& fn) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(
      "SELECT id, data_element_id, period_id, org_unit_id, coc_id, aoc_id, change, new_value"
      " FROM data_value_audit WHERE id > ? ORDER BY id"));
  stmt.Bind(1, after_id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    DataValueChange change;
    change.id = stmt.Int(0);
    change.key = {stmt.Int(1), stmt.Int(2), stmt.Int(3), stmt.Int(4), stmt.Int(5)};
    const std::string kind = stmt.Text(6);
    if (kind == "DELETE") {
      change.change = DataValueChangeKind::kDelete;
    } else {
      // RESTORE (allowed by the schema, not written by this store) sets a value.
      change.change = kind == "CREATE" ? DataValueChangeKind::kCreate : DataValueChangeKind::kUpdate;
      change.new_value = stmt.OptText(7);
      if (!change.new_value) {
        return Status::Corruption("data_value_audit entry " + std::to_string(change.id) + " (" +
                                  kind + ") has no new value");
      }
    }
    GEMIS_RETURN_IF_ERROR(fn(change));
  }
}

Result<int64_t> SqliteTransaction::LastDataValueChangeId() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare("SELECT coalesce(max(id), 0) FROM data_value_audit"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("max(id) returned no row");
  return stmt.Int(0);
}

Result<int64_t> SqliteTransaction::StructureGeneration() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare("SELECT generation FROM structure_generation WHERE id = 1"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("structure_generation has no row");
  return stmt.Int(0);
}

Status SqliteTransaction::AppendAudit(const DataValueKey& key, const char* change,
                                      const std::optional<std::string>& old_value,
                                      const std::optional<std::string>& new_value,
                                      const std::optional<std::string>& old_comment,
                                      const std::optional<std::string>& new_comment,
                                      const std::string& by, const std::string& at) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement* stmt, Cached(kInsertAudit,
      "INSERT INTO data_value_audit (data_element_id, period_id, org_unit_id, coc_id, aoc_id,"
      " change, old_value, new_value, old_comment, new_comment, changed_by, changed_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindKey(*stmt, 1, key);
  stmt->Bind(6, change).Bind(7, old_value).Bind(8, new_value).Bind(9, old_comment);
  return stmt->Bind(10, new_comment).Bind(11, by).Bind(12, at).Run();
}

Result<WriteOutcome> SqliteTransaction::WriteDataValue(const DataValueWrite& w) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> old, GetDataValue(w.key));
  std::string now = Now();
  bool live = old && !old->deleted;
  if (w.remove) {
    if (!live) return WriteOutcome::kIgnored;
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement* del, Cached(kDeleteValue,
        "UPDATE data_value SET deleted = 1, last_updated = ?, stored_by = ?" + std::string(kKeyWhere)));
    del->Bind(1, now).Bind(2, w.stored_by);
    BindKey(*del, 3, w.key);
    GEMIS_RETURN_IF_ERROR(del->Run());
    GEMIS_RETURN_IF_ERROR(AppendAudit(w.key, "DELETE", old->value, std::nullopt, old->comment,
                                      std::nullopt, w.stored_by, now));
    return WriteOutcome::kDeleted;
  }
  if (live && old->value == w.value && old->comment == w.comment && old->followup == w.followup) {
    return WriteOutcome::kIgnored;
  }
  if (!old) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement* ins, Cached(kInsertValue,
        "INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id, aoc_id, value,"
        " stored_by, created, last_updated, comment, followup) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    BindKey(*ins, 1, w.key);
    ins->Bind(6, w.value).Bind(7, w.stored_by).Bind(8, now).Bind(9, now).Bind(10, w.comment);
    GEMIS_RETURN_IF_ERROR(ins->Bind(11, w.followup ? 1 : 0).Run());
  } else {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement* upd, Cached(kUpdateValue,
        "UPDATE data_value SET value = ?, stored_by = ?, last_updated = ?, comment = ?,"
        " followup = ?, deleted = 0" + std::string(kKeyWhere)));
    upd->Bind(1, w.value).Bind(2, w.stored_by).Bind(3, now).Bind(4, w.comment);
    upd->Bind(5, w.followup ? 1 : 0);
    BindKey(*upd, 6, w.key);
    GEMIS_RETURN_IF_ERROR(upd->Run());
  }
  // A value restored after a soft delete counts as created again (as in DHIS2).
  const char* change = live ? "UPDATE" : "CREATE";
  GEMIS_RETURN_IF_ERROR(AppendAudit(w.key, change, live ? std::optional(old->value) : std::nullopt,
                                    w.value, live ? old->comment : std::nullopt, w.comment,
                                    w.stored_by, now));
  return live ? WriteOutcome::kUpdated : WriteOutcome::kImported;
}

}  // namespace gemis::store
