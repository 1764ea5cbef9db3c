// Reading the data value audit log (schema 7): single entries are rows of
// data_value_audit, the entries of a bulk write are packed into one
// data_value_audit_chunk row (sqlite_audit_chunk.h). Ids are unique across
// both and grow in commit order, so the change feed merges the two by id.
#include <algorithm>

#include "store/sqlite_audit_chunk.h"
#include "store/sqlite_data_value_writer.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

DataValueChangeKind KindOf(int change) {
  if (change == kAuditDelete) return DataValueChangeKind::kDelete;
  // RESTORE (allowed by the schema, not written by this store) sets a value.
  return change == kAuditCreate ? DataValueChangeKind::kCreate : DataValueChangeKind::kUpdate;
}

int ChangeCode(std::string_view name) {
  for (int change = 0; change < 4; ++change) {
    if (name == AuditChangeName(change)) return change;
  }
  return -1;
}

// A change as the feed reports it; kCorruption when a set has no value.
Result<DataValueChange> MakeChange(int64_t id, const DataValueKey& key, int change,
                                   std::optional<std::string_view> new_value) {
  DataValueChange out{id, key, KindOf(change), std::nullopt};
  if (out.change == DataValueChangeKind::kDelete) return out;
  if (!new_value) {
    return Status::Corruption("data value audit entry " + std::to_string(id) + " (" +
                              AuditChangeName(change) + ") has no new value");
  }
  out.new_value = std::string(*new_value);
  return out;
}

// The rows of data_value_audit after an id, in id order.
class RowFeed {
 public:
  Status Open(SqliteDb& db, int64_t after_id) {
    GEMIS_ASSIGN_OR_RETURN(
        stmt_,
        db.Prepare(
            "SELECT id, data_element_id, period_id, org_unit_id, coc_id, aoc_id, change, new_value"
            " FROM data_value_audit WHERE id > ? ORDER BY id"));
    stmt_.Bind(1, after_id);
    return Advance();
  }
  bool has() const { return has_; }
  const DataValueChange& current() const { return current_; }
  Status Advance() {
    GEMIS_ASSIGN_OR_RETURN(has_, stmt_.Step());
    if (!has_) return Status::Ok();
    const DataValueKey key{stmt_.Int(1), stmt_.Int(2), stmt_.Int(3), stmt_.Int(4), stmt_.Int(5)};
    std::optional<std::string> value = stmt_.OptText(7);
    GEMIS_ASSIGN_OR_RETURN(
        current_, MakeChange(stmt_.Int(0), key, ChangeCode(stmt_.Text(6)),
                             value ? std::optional<std::string_view>(*value) : std::nullopt));
    return Status::Ok();
  }

 private:
  SqliteStatement stmt_;
  bool has_ = false;
  DataValueChange current_;
};

// The entries of data_value_audit_chunk after an id, in id order.
class ChunkFeed {
 public:
  Status Open(SqliteDb& db, int64_t after_id) {
    // From the chunk that holds `after_id` (or the last one before it) on;
    // the primary key finds it.
    GEMIS_ASSIGN_OR_RETURN(
        stmt_,
        db.Prepare(
            "SELECT first_id, last_id, entries FROM data_value_audit_chunk WHERE first_id >="
            " coalesce((SELECT max(first_id) FROM data_value_audit_chunk WHERE first_id <= ?1), 0)"
            " AND last_id > ?1 ORDER BY first_id"));
    stmt_.Bind(1, after_id);
    after_id_ = after_id;
    return Advance();
  }
  bool has() const { return has_; }
  const DataValueChange& current() const { return current_; }
  Status Advance() {
    for (;;) {
      if (!reader_.done()) {
        GEMIS_ASSIGN_OR_RETURN(AuditChunkEntry e, reader_.Next());
        if (e.id <= last_seen_ || e.id > last_id_) return Damaged();
        last_seen_ = e.id;
        if (e.id <= after_id_) continue;
        GEMIS_ASSIGN_OR_RETURN(current_, MakeChange(e.id, e.key, e.change, e.new_value));
        has_ = true;
        return Status::Ok();
      }
      if (open_chunk_ && last_seen_ != last_id_) return Damaged();
      GEMIS_RETURN_IF_ERROR(NextChunk());
      if (!open_chunk_) {
        has_ = false;
        return Status::Ok();
      }
    }
  }

 private:
  Status NextChunk() {
    GEMIS_ASSIGN_OR_RETURN(open_chunk_, stmt_.Step());
    if (!open_chunk_) return Status::Ok();
    first_id_ = stmt_.Int(0);
    last_id_ = stmt_.Int(1);
    last_seen_ = first_id_ - 1;
    bytes_.assign(stmt_.Blob(2));  // the blob is only valid until the next step
    reader_ = AuditChunkReader(bytes_, first_id_);
    return Status::Ok();
  }
  Status Damaged() const {
    return Status::Corruption("data value audit chunk " + std::to_string(first_id_) +
                              " does not hold the ids from its first_id to its last_id");
  }

  SqliteStatement stmt_;
  int64_t after_id_ = 0, first_id_ = 0, last_id_ = 0, last_seen_ = 0;
  bool open_chunk_ = false, has_ = false;
  std::string bytes_;
  AuditChunkReader reader_{std::string_view(), 0};
  DataValueChange current_;
};

}  // namespace

Status SqliteTransaction::ScanDataValueChanges(
    int64_t after_id, const std::function<Status(const DataValueChange&)>& fn) {
  RowFeed rows;
  ChunkFeed chunks;
  GEMIS_RETURN_IF_ERROR(rows.Open(db_, after_id));
  GEMIS_RETURN_IF_ERROR(chunks.Open(db_, after_id));
  while (rows.has() || chunks.has()) {
    const bool row_first = rows.has() && (!chunks.has() || rows.current().id < chunks.current().id);
    if (row_first) {
      GEMIS_RETURN_IF_ERROR(fn(rows.current()));
      GEMIS_RETURN_IF_ERROR(rows.Advance());
    } else {
      GEMIS_RETURN_IF_ERROR(fn(chunks.current()));
      GEMIS_RETURN_IF_ERROR(chunks.Advance());
    }
  }
  return Status::Ok();
}

Result<int64_t> SqliteTransaction::LastDataValueChangeId() {
  GEMIS_ASSIGN_OR_RETURN(int64_t next, NextDataValueChangeId(db_));
  return next - 1;
}

// One entry of a key's history: from a data_value_audit row, else from the
// chunk that holds `id`. Appends it to `out` and returns the key's previous
// entry id.
Result<std::optional<int64_t>> SqliteTransaction::LoadAuditEntry(
    int64_t id, const DataValueKey& key, std::vector<DataValueAuditEntry>& out) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * row,
      CachedSql(
          "SELECT change, old_value, new_value, old_comment, new_comment, changed_by, batch_id,"
          " previous_id FROM data_value_audit WHERE id = ?"));
  row->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, row->Step());
  if (found) {
    DataValueAuditEntry e{key,
                          row->Text(0),
                          row->OptText(1),
                          row->OptText(2),
                          row->OptText(3),
                          row->OptText(4),
                          row->Text(5),
                          ""};
    const bool own_by = !row->IsNull(5);
    const int64_t batch_id = row->Int(6);
    const std::optional<int64_t> previous = row->OptInt(7);
    row->Reset();
    GEMIS_ASSIGN_OR_RETURN(const Batch* batch, FindBatch(batch_id));
    if (!own_by) e.changed_by = batch->stored_by;
    e.changed_at = batch->at;
    out.push_back(std::move(e));
    return previous;
  }
  row->Reset();
  return LoadChunkEntry(id, key, out);
}

Result<std::optional<int64_t>> SqliteTransaction::LoadChunkEntry(
    int64_t id, const DataValueKey& key, std::vector<DataValueAuditEntry>& out) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * chunk,
      CachedSql("SELECT first_id, last_id, batch_id, entries FROM data_value_audit_chunk"
                " WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1"));
  chunk->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, chunk->Step());
  if (!found || chunk->Int(1) < id) {
    chunk->Reset();
    return Status::Corruption("data value audit entry " + std::to_string(id) + " is missing");
  }
  const int64_t first_id = chunk->Int(0), batch_id = chunk->Int(2);
  const std::string bytes(chunk->Blob(3));
  chunk->Reset();
  AuditChunkReader reader(bytes, first_id);
  AuditChunkEntry e;
  while (e.id < id) {
    if (reader.done()) break;
    GEMIS_ASSIGN_OR_RETURN(e, reader.Next());
  }
  if (e.id != id || !(e.key == key)) {
    return Status::Corruption("data value audit entry " + std::to_string(id) +
                              " is missing from its chunk or another key's");
  }
  GEMIS_ASSIGN_OR_RETURN(const Batch* batch, FindBatch(batch_id));
  auto text = [](std::optional<std::string_view> t) {
    return t ? std::optional<std::string>(*t) : std::nullopt;
  };
  out.push_back({key, AuditChangeName(e.change), text(e.old_value), text(e.new_value),
                 text(e.old_comment), text(e.new_comment),
                 e.changed_by ? std::string(*e.changed_by) : batch->stored_by, batch->at});
  return e.previous_id;
}

// A key's history follows its chain of entries back from the value's latest
// one (migration 7: the log has no key index).
Result<std::vector<DataValueAuditEntry>> SqliteTransaction::LoadDataValueAudit(
    const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare("SELECT last_change FROM data_value" +
                                                           std::string(kDataValueKeyWhere)));
  stmt.Bind(1, key.data_element).Bind(2, key.period).Bind(3, key.org_unit);
  stmt.Bind(4, key.category_option_combo).Bind(5, key.attribute_option_combo);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  std::vector<DataValueAuditEntry> out;
  std::optional<int64_t> id = row ? stmt.OptInt(0) : std::nullopt;
  while (id) {
    GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> previous, LoadAuditEntry(*id, key, out));
    // Each entry points back to an earlier one; anything else would loop.
    if (previous && *previous >= *id) {
      return Status::Corruption("data value audit entry " + std::to_string(*id) +
                                " points forward to " + std::to_string(*previous));
    }
    id = previous;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace gemis::store
