// Writing data values and their audit entries in SQLite (schema 7), for one
// write transaction: WriteTransaction::WriteDataValue and WriteDataValues.
// sqlite_data_value_writer.cc holds the order of the steps,
// sqlite_data_value_statements.cc their SQL.
//
// Design (docs/store.md "Writing many data values"):
//  - who and when are written once per transaction, as a data_value_batch
//    row; values and audit entries name the batch, and a stored_by only when
//    it differs from the batch's;
//  - audit ids are handed out from the log's maximum at the first write, so a
//    value can point at its latest entry (last_change) and an entry at the
//    key's previous one (previous_id) without an index;
//  - Write tries to insert the value first: for a new key that is the only
//    B-tree descent; an existing key makes the insert do nothing, and the
//    write loads, compares and updates the row. Its audit entry is a
//    data_value_audit row;
//  - WriteMany sorts its writes by key, inserts all that may be new with one
//    INSERT … SELECT over them (sqlite_bulk_values.h), then settles the rest
//    one by one; its audit entries are packed into one
//    data_value_audit_chunk row (sqlite_audit_chunk.h);
//  - the key's ids are checked against their tables once per id and
//    transaction (data_value has no FOREIGN KEY clauses; see migration 7).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/data_value.h"
#include "store/sqlite_audit_chunk.h"
#include "store/sqlite_bulk_values.h"
#include "store/sqlite_db.h"

namespace gemis::store {

// " WHERE" and the five key columns of data_value (or data_value_audit), for
// the statements on one key; BindDataValueKey binds them from `first` on.
inline constexpr std::string_view kDataValueKeyWhere =
    " WHERE data_element_id = ? AND period_id = ? AND org_unit_id = ?"
    " AND coc_id = ? AND aoc_id = ?";
void BindDataValueKey(SqliteStatement& stmt, int first, const DataValueKey& key);

// The text in `text`, if any, as a view.
inline std::optional<std::string_view> AsView(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return std::string_view(*text);
}

// The id the next data value audit entry gets: one more than the largest of
// data_value_audit and data_value_audit_chunk (1 for an empty log).
Result<int64_t> NextDataValueChangeId(SqliteDb& db);

class SqliteDataValueWriter {
 public:
  SqliteDataValueWriter(SqliteDb& db, const Clock& clock) : db_(db), clock_(clock) {}

  // WriteTransaction::WriteDataValue.
  Result<WriteOutcome> Write(const DataValueWrite& write);
  // WriteTransaction::WriteDataValues: checks every key, then applies the
  // writes in key order (stable: a key's writes keep their order).
  Status WriteMany(std::span<const DataValueWrite> writes, std::vector<WriteOutcome>& outcomes);

 private:
  // The ids of one referenced table that are known to exist.
  struct KnownIds {
    std::string_view table, what;
    SqliteStatement find;     // SELECT 1 FROM table WHERE id = ?
    std::vector<bool> small;  // by id, for ids below kSmallIds
    std::unordered_set<int64_t> large;
  };
  static constexpr int64_t kSmallIds = int64_t{1} << 22;
  // A stored value as a write compares it.
  struct Stored {
    std::optional<std::string> value, comment;
    bool followup = false, deleted = false;
    std::optional<int64_t> last_change;
  };

  // Prepares the statements and reserves the batch and audit ids, once.
  Status Start(const std::string& stored_by);
  Status Prepare();
  static bool Known(const KnownIds& known, int64_t id);
  // OK when `id` names a row of known.table, remembering it.
  Status Require(KnownIds& known, int64_t id);
  Status CheckReferences(const DataValueKey& key);
  // order_ = the indexes of `writes` in key order.
  void SortByKey(std::span<const DataValueWrite> writes);
  // Inserts, with one statement, the writes (in order_) whose key no write
  // of the call removes, the k-th with audit id first_id + k; returns how
  // many it inserted (the others' keys exist). Sets candidate_.
  Result<int64_t> InsertNew(std::span<const DataValueWrite> writes, int64_t first_id);
  // The outcome of the write at position k of order_, after InsertNew.
  Result<WriteOutcome> Settle(const DataValueWrite& write, size_t k, int64_t first_id,
                              bool inserted_all);
  // Write: insert-first, else ApplyToStored.
  Result<WriteOutcome> Apply(const DataValueWrite& write);
  // The outcome of `write` on the stored state `old` (nullopt: no row).
  Result<WriteOutcome> ApplyToStored(const DataValueWrite& write, const std::optional<Stored>& old);
  Result<bool> Insert(const DataValueWrite& write);
  Result<std::optional<Stored>> Load(const DataValueKey& key);
  // Sets the value of a stored key (live again if it was deleted).
  Status Update(const DataValueWrite& write);
  Status MarkDeleted(const DataValueWrite& write);
  // Writes the batch row, before the transaction's first audit entry.
  Status WriteBatchRow();
  // Gives `entry` the next id and appends it: to chunk_ inside WriteMany,
  // else as a data_value_audit row.
  Status AppendAudit(AuditChunkEntry entry);
  Status AppendCreate(const DataValueWrite& write);
  Status WriteChunk();
  // nullopt when `stored_by` is the batch's (rows then store NULL).
  std::optional<std::string_view> OwnStoredBy(const std::string& stored_by) const;

  SqliteDb& db_;
  const Clock& clock_;
  bool started_ = false;
  // The transaction's batch: reserved at the first write, its row written
  // before the first audit entry (a transaction that changes nothing leaves
  // no batch).
  int64_t batch_id_ = 0;
  std::string batch_stored_by_, batch_at_;
  bool batch_written_ = false;
  int64_t next_change_id_ = 0;
  bool in_chunk_ = false;  // inside WriteMany: entries go to chunk_
  AuditChunkWriter chunk_;
  SqliteStatement insert_, bulk_insert_, select_, update_, delete_, insert_audit_, insert_chunk_,
      insert_batch_;
  std::vector<KnownIds> known_;  // element, period, org unit, option combo
  // WriteMany's state, reused from call to call.
  std::vector<size_t> order_;           // indexes of the writes in key order
  std::vector<bool> candidate_;         // by position in order_: given to InsertNew
  std::vector<BulkValueRow> new_rows_;  // the rows InsertNew hands to SQLite
};

}  // namespace gemis::store
