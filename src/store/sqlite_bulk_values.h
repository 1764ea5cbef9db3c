// gemis_bulk_values: a table-valued function that shows data value writes
// held in memory as rows, so that one INSERT … SELECT statement inserts a
// whole batch of them (SqliteDataValueWriter::WriteMany).
//
// Why: run once per value, an INSERT spends about a quarter of its time
// starting and ending the statement (binding, opening a cursor, halting),
// and its cursor starts every search at the root. One statement over all
// rows keeps one cursor, which SQLite moves along without a new descent
// when the next key follows on the same page.
//
//   INSERT INTO data_value (…) SELECT … FROM gemis_bulk_values(?1) WHERE true
//
// with ?1 bound by BindBulkValues. The rows: data_element_id, period_id,
// org_unit_id, coc_id, aoc_id, value, comment, followup, stored_by,
// last_change.
#pragma once

#include <cstdint>
#include <vector>

#include "core/data_value.h"
#include "store/sqlite_db.h"

namespace gemis::store {

// One row: the write, its audit id (last_change) and whether its stored_by
// is stored (false: NULL, the batch's).
struct BulkValueRow {
  const DataValueWrite* write = nullptr;
  int64_t change_id = 0;
  bool own_stored_by = false;
};

// Registers the function on `db`; once per connection, before any
// statement uses it.
Status RegisterBulkValues(SqliteDb& db);

// Binds `rows` to parameter `index` of a statement reading
// gemis_bulk_values(?index). The rows and their writes must stay unchanged
// until the statement is reset.
void BindBulkValues(SqliteStatement& stmt, int index, const std::vector<BulkValueRow>& rows);

}  // namespace gemis::store
