// Data values in SQLite: the reads, and the writes handed to
// SqliteDataValueWriter (sqlite_data_value_writer.h). The audit log's reads
// are in sqlite_data_value_audit.cc.
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

// Statement cache slots of SqliteTransaction (0-1 are periods).
enum Slot { kSelectValue = 2, kSelectBatch };

// Read by SqliteTransaction::ReadValue.
constexpr std::string_view kValueColumns =
    "SELECT v.data_element_id, v.period_id, v.org_unit_id, v.coc_id, v.aoc_id, v.value,"
    " v.stored_by, v.created_batch, v.updated_batch, v.comment, v.followup, v.deleted";

constexpr std::string_view kKeyOrder =
    " ORDER BY v.data_element_id, v.period_id, v.org_unit_id, v.coc_id, v.aoc_id";

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = std::string(" AND ") + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

// The query of ScanDataValues. No index leads with the org unit (migration
// 7): values of given units are found by seeking the primary key once per
// data element and period, which the small data_element and period tables
// drive (CROSS JOIN fixes that loop order).
std::string ScanSql(const DataValueFilter& filter) {
  std::string sql = std::string(kValueColumns);
  if (filter.org_units.empty()) {
    sql += " FROM data_value v WHERE 1=1" + InList("v.data_element_id", filter.data_elements) +
           InList("v.period_id", filter.periods);
  } else {
    sql +=
        " FROM data_element e CROSS JOIN period p CROSS JOIN data_value v"
        " WHERE v.data_element_id = e.id AND v.period_id = p.id" +
        InList("e.id", filter.data_elements) + InList("p.id", filter.periods) +
        InList("v.org_unit_id", filter.org_units);
  }
  return sql + (filter.include_deleted ? "" : " AND v.deleted = 0") + std::string(kKeyOrder);
}

}  // namespace

Result<const SqliteTransaction::Batch*> SqliteTransaction::FindBatch(int64_t id) {
  auto it = batches_.find(id);
  if (it != batches_.end()) return &it->second;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      Cached(kSelectBatch, "SELECT stored_by, at FROM data_value_batch WHERE id = ?"));
  stmt->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) {
    stmt->Reset();
    return Status::Corruption("data value batch " + std::to_string(id) + " does not exist");
  }
  Batch batch{stmt->Text(0), stmt->Text(1)};
  stmt->Reset();
  return &batches_.emplace(id, std::move(batch)).first->second;
}

Result<DataValue> SqliteTransaction::ReadValue(const SqliteStatement& s) {
  DataValue v;
  v.key = {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)};
  v.value = s.Text(5);
  GEMIS_ASSIGN_OR_RETURN(const Batch* created, FindBatch(s.Int(7)));
  v.created = created->at;
  GEMIS_ASSIGN_OR_RETURN(const Batch* updated, FindBatch(s.Int(8)));
  v.last_updated = updated->at;
  v.stored_by = s.IsNull(6) ? updated->stored_by : s.Text(6);
  v.comment = s.OptText(9);
  v.followup = s.Int(10) != 0;
  v.deleted = s.Int(11) != 0;
  return v;
}

Result<std::optional<DataValue>> SqliteTransaction::GetDataValue(const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         Cached(kSelectValue, std::string(kValueColumns) + " FROM data_value v" +
                                                  std::string(kDataValueKeyWhere)));
  BindDataValueKey(*stmt, 1, key);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) {
    stmt->Reset();
    return std::optional<DataValue>();
  }
  Result<DataValue> value = ReadValue(*stmt);
  stmt->Reset();
  GEMIS_RETURN_IF_ERROR(value.status());
  return std::optional<DataValue>(std::move(value).value());
}

Status SqliteTransaction::ScanDataValues(const DataValueFilter& filter,
                                         const std::function<Status(const DataValue&)>& fn) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(ScanSql(filter)));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    GEMIS_ASSIGN_OR_RETURN(DataValue value, ReadValue(stmt));
    GEMIS_RETURN_IF_ERROR(fn(value));
  }
}

Status SqliteTransaction::ScanDataValueKeys(
    const std::function<Status(const DataValueKey&, std::string_view value)>& fn) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT v.data_element_id, v.period_id, v.org_unit_id, v.coc_id, v.aoc_id,"
                  " v.value FROM data_value v WHERE v.deleted = 0" +
                  std::string(kKeyOrder)));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    const DataValueKey key{stmt.Int(0), stmt.Int(1), stmt.Int(2), stmt.Int(3), stmt.Int(4)};
    GEMIS_RETURN_IF_ERROR(fn(key, stmt.TextView(5)));
  }
}

Result<int64_t> SqliteTransaction::StructureGeneration() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare("SELECT generation FROM structure_generation WHERE id = 1"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("structure_generation has no row");
  return stmt.Int(0);
}

Result<int64_t> SqliteTransaction::ReportingGeneration() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare("SELECT generation FROM reporting_generation WHERE id = 1"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("reporting_generation has no row");
  return stmt.Int(0);
}

SqliteDataValueWriter& SqliteTransaction::Writer() {
  if (!writer_) writer_ = std::make_unique<SqliteDataValueWriter>(db_, clock_);
  return *writer_;
}

void SqliteTransaction::ForgetAfterRollback() {
  db_.ResetBusyStatements();
  // The writer's batch row and audit ids may be gone, and the ids it knows
  // to exist (a period made in the rolled-back part): a new writer starts
  // from what the table holds then.
  writer_.reset();
  batches_.clear();
}

Result<WriteOutcome> SqliteTransaction::WriteDataValue(const DataValueWrite& w) {
  return Writer().Write(w);
}

Status SqliteTransaction::WriteDataValues(std::span<const DataValueWrite> writes,
                                          std::vector<WriteOutcome>& outcomes) {
  return Writer().WriteMany(writes, outcomes);
}

}  // namespace gemis::store
