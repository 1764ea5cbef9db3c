// CheckIntegrity's checks of the data values (schema 7): what the store
// checks as it writes, and SQLite no longer does (sqlite_transaction.h).
#include <string>

#include "store/sqlite_audit_chunk.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

// Any value, audit entry or chunk naming nothing: data_value has no FOREIGN
// KEY clauses (migration 7), the store checks the ids it writes.
constexpr std::string_view kOrphans = R"sql(
SELECT 'data value ' || data_element_id || '/' || period_id || '/' || org_unit_id || '/' ||
       coc_id || '/' || aoc_id
  FROM data_value v
 WHERE NOT EXISTS (SELECT 1 FROM data_element WHERE id = v.data_element_id)
    OR NOT EXISTS (SELECT 1 FROM period WHERE id = v.period_id)
    OR NOT EXISTS (SELECT 1 FROM org_unit WHERE id = v.org_unit_id)
    OR NOT EXISTS (SELECT 1 FROM category_option_combo WHERE id = v.coc_id)
    OR NOT EXISTS (SELECT 1 FROM category_option_combo WHERE id = v.aoc_id)
    OR NOT EXISTS (SELECT 1 FROM data_value_batch WHERE id = v.created_batch)
    OR NOT EXISTS (SELECT 1 FROM data_value_batch WHERE id = v.updated_batch)
UNION ALL
SELECT 'data value audit entry ' || id FROM data_value_audit a
 WHERE NOT EXISTS (SELECT 1 FROM data_value_batch WHERE id = a.batch_id)
UNION ALL
SELECT 'data value audit chunk ' || first_id FROM data_value_audit_chunk c
 WHERE NOT EXISTS (SELECT 1 FROM data_value_batch WHERE id = c.batch_id)
LIMIT 1
)sql";

// Every chunk decodes, its entries' ids grow from its first_id to its last_id.
Status CheckChunks(SqliteDb& db) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db.Prepare(
          "SELECT first_id, last_id, entries FROM data_value_audit_chunk ORDER BY first_id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    const int64_t first_id = stmt.Int(0), last_id = stmt.Int(1);
    AuditChunkReader reader(stmt.Blob(2), first_id);
    int64_t last_seen = first_id - 1;
    while (!reader.done()) {
      GEMIS_ASSIGN_OR_RETURN(AuditChunkEntry e, reader.Next());
      last_seen = e.id;
    }
    if (last_seen != last_id) {
      return Status::Corruption("data value audit chunk " + std::to_string(first_id) +
                                " ends at entry " + std::to_string(last_seen) + ", not " +
                                std::to_string(last_id));
    }
  }
}

}  // namespace

Status CheckDataValueIntegrity(SqliteDb& db) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement orphans, db.Prepare(kOrphans));
  GEMIS_ASSIGN_OR_RETURN(bool found, orphans.Step());
  if (found) return Status::Corruption(orphans.Text(0) + " names a row that does not exist");
  return CheckChunks(db);
}

}  // namespace gemis::store
