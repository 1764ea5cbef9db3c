// The SQL of SqliteDataValueWriter (sqlite_data_value_writer.h): its
// statements, the audit ids, and the single-row steps a write is made of.
#include <string>

#include "store/sqlite_data_value_writer.h"

namespace gemis::store {

namespace {

void BindOptional(SqliteStatement& stmt, int index, std::optional<std::string_view> text) {
  if (text) {
    stmt.BindUncopied(index, *text);
  } else {
    stmt.BindNull(index);
  }
}

Result<int64_t> QueryInt(SqliteDb& db, std::string_view sql) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("no row from (" + std::string(sql) + ")");
  return stmt.Int(0);
}

// The statements, prepared once per transaction. insert_ and bulk_insert_
// are run keeping their bindings: the batch (?11, ?2) is bound once.
constexpr std::string_view kInsertColumns =
    "INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id, aoc_id, value,"
    " comment, followup, stored_by, last_change, created_batch, updated_batch)";
constexpr std::string_view kInsertValues =
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) ON CONFLICT DO NOTHING";
// "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
constexpr std::string_view kBulkSelect =
    " SELECT data_element_id, period_id, org_unit_id, coc_id, aoc_id, value, comment,"
    " followup, stored_by, last_change, ?2, ?2 FROM gemis_bulk_values(?1) WHERE true"
    " ON CONFLICT DO NOTHING";
constexpr std::string_view kSelectStored =
    "SELECT value, comment, followup, deleted, last_change FROM data_value";
constexpr std::string_view kUpdateValue =
    "UPDATE data_value SET value = ?, comment = ?, followup = ?, deleted = 0,"
    " updated_batch = ?, stored_by = ?, last_change = ?";
constexpr std::string_view kMarkDeleted =
    "UPDATE data_value SET deleted = 1, updated_batch = ?, stored_by = ?, last_change = ?";
constexpr std::string_view kInsertAudit =
    "INSERT INTO data_value_audit (id, data_element_id, period_id, org_unit_id, coc_id,"
    " aoc_id, change, old_value, new_value, old_comment, new_comment, batch_id, changed_by,"
    " previous_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertChunk =
    "INSERT INTO data_value_audit_chunk (first_id, last_id, batch_id, entries)"
    " VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertBatch =
    "INSERT INTO data_value_batch (id, stored_by, at) VALUES (?, ?, ?)";

}  // namespace

void BindDataValueKey(SqliteStatement& stmt, int first, const DataValueKey& key) {
  stmt.Bind(first, key.data_element).Bind(first + 1, key.period).Bind(first + 2, key.org_unit);
  stmt.Bind(first + 3, key.category_option_combo).Bind(first + 4, key.attribute_option_combo);
}

// Rows are never deleted from either table and writers are serialised, so
// the ids handed out from here grow in commit order.
Result<int64_t> NextDataValueChangeId(SqliteDb& db) {
  return QueryInt(db,
                  "SELECT max(coalesce((SELECT max(id) FROM data_value_audit), 0),"
                  " coalesce((SELECT last_id FROM data_value_audit_chunk"
                  " ORDER BY first_id DESC LIMIT 1), 0)) + 1");
}

Status SqliteDataValueWriter::Start(const std::string& stored_by) {
  if (started_) return Status::Ok();
  GEMIS_RETURN_IF_ERROR(Prepare());
  GEMIS_ASSIGN_OR_RETURN(batch_id_,
                         QueryInt(db_, "SELECT coalesce(max(id), 0) + 1 FROM data_value_batch"));
  GEMIS_ASSIGN_OR_RETURN(next_change_id_, NextDataValueChangeId(db_));
  insert_.Bind(11, batch_id_);
  bulk_insert_.Bind(2, batch_id_);
  batch_stored_by_ = stored_by;
  batch_at_ = FormatTimestamp(clock_.NowMillis());
  started_ = true;
  return Status::Ok();
}

Status SqliteDataValueWriter::Prepare() {
  const std::string key_where(kDataValueKeyWhere);
  GEMIS_ASSIGN_OR_RETURN(insert_,
                         db_.Prepare(std::string(kInsertColumns) + std::string(kInsertValues)));
  GEMIS_ASSIGN_OR_RETURN(bulk_insert_,
                         db_.Prepare(std::string(kInsertColumns) + std::string(kBulkSelect)));
  GEMIS_ASSIGN_OR_RETURN(select_, db_.Prepare(std::string(kSelectStored) + key_where));
  GEMIS_ASSIGN_OR_RETURN(update_, db_.Prepare(std::string(kUpdateValue) + key_where));
  GEMIS_ASSIGN_OR_RETURN(delete_, db_.Prepare(std::string(kMarkDeleted) + key_where));
  GEMIS_ASSIGN_OR_RETURN(insert_audit_, db_.Prepare(kInsertAudit));
  GEMIS_ASSIGN_OR_RETURN(insert_chunk_, db_.Prepare(kInsertChunk));
  GEMIS_ASSIGN_OR_RETURN(insert_batch_, db_.Prepare(kInsertBatch));
  const std::pair<std::string_view, std::string_view> tables[] = {
      {"data_element", "data element"},
      {"period", "period"},
      {"org_unit", "org unit"},
      {"category_option_combo", "category option combo"}};
  for (const auto& [table, what] : tables) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement find,
                           db_.Prepare("SELECT 1 FROM " + std::string(table) + " WHERE id = ?"));
    known_.push_back(KnownIds{table, what, std::move(find), {}, {}});
  }
  return Status::Ok();
}

Result<bool> SqliteDataValueWriter::Insert(const DataValueWrite& w) {
  BindDataValueKey(insert_, 1, w.key);
  insert_.BindUncopied(6, w.value).BindUncopied(7, w.comment).Bind(8, w.followup ? 1 : 0);
  BindOptional(insert_, 9, OwnStoredBy(w.stored_by));
  GEMIS_RETURN_IF_ERROR(insert_.Bind(10, next_change_id_).RunKeepingBindings());
  return db_.Changes() == 1;
}

Result<std::optional<SqliteDataValueWriter::Stored>> SqliteDataValueWriter::Load(
    const DataValueKey& key) {
  BindDataValueKey(select_, 1, key);
  GEMIS_ASSIGN_OR_RETURN(bool row, select_.Step());
  std::optional<Stored> out;
  if (row) {
    out = Stored{select_.OptText(0), select_.OptText(1), select_.Int(2) != 0, select_.Int(3) != 0,
                 select_.OptInt(4)};
  }
  select_.Reset();
  return out;
}

Status SqliteDataValueWriter::Update(const DataValueWrite& w) {
  update_.BindUncopied(1, w.value).BindUncopied(2, w.comment).Bind(3, w.followup ? 1 : 0);
  update_.Bind(4, batch_id_);
  BindOptional(update_, 5, OwnStoredBy(w.stored_by));
  update_.Bind(6, next_change_id_);
  BindDataValueKey(update_, 7, w.key);
  return update_.Run();
}

// The row keeps its value and comment; only the flag, who and when change.
Status SqliteDataValueWriter::MarkDeleted(const DataValueWrite& w) {
  delete_.Bind(1, batch_id_);
  BindOptional(delete_, 2, OwnStoredBy(w.stored_by));
  delete_.Bind(3, next_change_id_);
  BindDataValueKey(delete_, 4, w.key);
  return delete_.Run();
}

Status SqliteDataValueWriter::WriteBatchRow() {
  if (batch_written_) return Status::Ok();
  insert_batch_.Bind(1, batch_id_).Bind(2, batch_stored_by_).Bind(3, batch_at_);
  GEMIS_RETURN_IF_ERROR(insert_batch_.Run());
  batch_written_ = true;
  return Status::Ok();
}

Status SqliteDataValueWriter::AppendCreate(const DataValueWrite& w) {
  return AppendAudit({0, w.key, kAuditCreate, std::nullopt, w.value, std::nullopt,
                      AsView(w.comment), OwnStoredBy(w.stored_by), std::nullopt});
}

Status SqliteDataValueWriter::AppendAudit(AuditChunkEntry e) {
  GEMIS_RETURN_IF_ERROR(WriteBatchRow());
  e.id = next_change_id_++;
  if (in_chunk_) {
    chunk_.Add(e);
    return Status::Ok();
  }
  insert_audit_.Bind(1, e.id);
  BindDataValueKey(insert_audit_, 2, e.key);
  insert_audit_.BindUncopied(7, std::string_view(AuditChangeName(e.change)));
  insert_audit_.BindUncopied(8, e.old_value).BindUncopied(9, e.new_value);
  insert_audit_.BindUncopied(10, e.old_comment).BindUncopied(11, e.new_comment);
  insert_audit_.Bind(12, batch_id_).BindUncopied(13, e.changed_by).Bind(14, e.previous_id);
  return insert_audit_.Run();
}

Status SqliteDataValueWriter::WriteChunk() {
  if (chunk_.empty()) return Status::Ok();
  insert_chunk_.Bind(1, chunk_.first_id()).Bind(2, chunk_.last_id()).Bind(3, batch_id_);
  return insert_chunk_.BindBlob(4, chunk_.bytes()).Run();
}

}  // namespace gemis::store
