// Designation lists in SQLite (core/designation.h, migration 9).
#include "core/text.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

std::string Interval(const Designation& d) {
  return (d.from ? d.from->ToString() : std::string("…")) + " – " +
         (d.to ? d.to->ToString() : std::string("…"));
}

bool Overlap(const Designation& a, const Designation& b) {
  bool a_before_b = a.to && b.from && *a.to < *b.from;
  bool b_before_a = b.to && a.from && *b.to < *a.from;
  return !a_before_b && !b_before_a;
}

constexpr const char* kColumns = "id, kind, org_unit_id, valid_from, valid_to, legal_basis, note";

Result<Designation> ReadRow(const SqliteStatement& row) {
  Designation d;
  d.id = row.Int(0);
  d.kind = row.Text(1);
  d.org_unit = row.Int(2);
  GEMIS_ASSIGN_OR_RETURN(d.from, ReadStoredDate(row, 3));
  GEMIS_ASSIGN_OR_RETURN(d.to, ReadStoredDate(row, 4));
  d.legal_basis = row.Text(5);
  d.note = row.Text(6);
  return d;
}

}  // namespace

Result<std::vector<Designation>> SqliteTransaction::LoadDesignations() {
  std::vector<Designation> out;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(std::string("SELECT ") + kColumns +
                                                           " FROM designation ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(Designation d, ReadRow(stmt));
    out.push_back(std::move(d));
  }
}

Result<WriteOutcome> SqliteTransaction::SaveDesignation(const Designation& designation) {
  GEMIS_RETURN_IF_ERROR(CheckDesignation(designation));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", designation.org_unit, "org unit", "orgUnit"));
  // The unit's other designations on the same list.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * same, CachedSql(std::string("SELECT ") + kColumns +
                                                           " FROM designation WHERE kind = ?"
                                                           " AND org_unit_id = ?"));
  same->Bind(1, designation.kind).Bind(2, designation.org_unit);
  std::optional<Designation> existing;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, same->Step());
    if (!row) break;
    Result<Designation> read = ReadRow(*same);
    if (!read.ok()) {
      same->Reset();  // the cached statement must not stay mid-scan
      return read.status();
    }
    Designation other = std::move(read).value();
    if (other.from == designation.from) {
      existing = std::move(other);
    } else if (Overlap(other, designation)) {
      same->Reset();
      return Status::Conflict("unit " + std::to_string(designation.org_unit) + " is already on " +
                                  designation.kind + " for " + Interval(other) +
                                  ", which overlaps " + Interval(designation),
                              {"", 0, 0, "from"});
    }
  }
  same->Reset();
  if (existing) {
    if (existing->to == designation.to && existing->legal_basis == designation.legal_basis &&
        existing->note == designation.note) {
      return WriteOutcome::kIgnored;
    }
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * update,
        CachedSql("UPDATE designation SET valid_to = ?, legal_basis = ?, note = ?"
                  " WHERE id = ?"));
    update->Bind(1, StoredDateText(designation.to))
        .Bind(2, designation.legal_basis)
        .Bind(3, designation.note)
        .Bind(4, existing->id);
    GEMIS_RETURN_IF_ERROR(update->Run());
    return WriteOutcome::kUpdated;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * insert,
      CachedSql("INSERT INTO designation (kind, org_unit_id, valid_from, valid_to,"
                " legal_basis, note) VALUES (?, ?, ?, ?, ?, ?)"));
  insert->Bind(1, designation.kind)
      .Bind(2, designation.org_unit)
      .Bind(3, StoredDateText(designation.from))
      .Bind(4, StoredDateText(designation.to))
      .Bind(5, designation.legal_basis)
      .Bind(6, designation.note);
  GEMIS_RETURN_IF_ERROR(insert->Run());
  return WriteOutcome::kImported;
}

}  // namespace gemis::store
