// Org units, their versions, events, lineage and attributes in SQLite.
#include <map>

#include "core/text.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

std::optional<std::string> StoredDateText(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToString();
}

Result<std::optional<Date>> ReadStoredDate(const SqliteStatement& stmt, int column) {
  if (stmt.IsNull(column)) return std::optional<Date>();
  Result<Date> d = Date::Parse(stmt.Text(column));
  if (!d.ok()) return Status::Corruption("stored date is invalid: " + d.status().message());
  return std::optional<Date>(*d);
}

namespace {

Status LoadVersions(SqliteDb& db, std::vector<OrgUnit>& units) {
  std::map<OrgUnitId, size_t> index;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement u, db.Prepare("SELECT id, uid FROM org_unit ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, u.Step());
    if (!row) break;
    index[u.Int(0)] = units.size();
    units.push_back(OrgUnit{u.Int(0), u.Text(1), {}});
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement v, db.Prepare(
      "SELECT org_unit_id, valid_from, valid_to, approximate_from, code, name, unit_type, level,"
      " parent_id, name_en FROM org_unit_version ORDER BY org_unit_id, seq"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, v.Step());
    if (!row) break;
    OrgUnitVersion version;
    GEMIS_ASSIGN_OR_RETURN(version.from, ReadStoredDate(v, 1));
    GEMIS_ASSIGN_OR_RETURN(version.to, ReadStoredDate(v, 2));
    version.approximate_from = v.Int(3) != 0;
    version.code = v.Text(4);
    version.name = v.Text(5);
    version.unit_type = v.Text(6);
    version.level = static_cast<OrgUnitLevel>(v.Int(7));
    version.parent = v.OptInt(8);
    version.name_en = v.Text(9);
    units[index.at(v.Int(0))].versions.push_back(std::move(version));
  }
  return Status::Ok();
}

Result<std::vector<OrgUnitEvent>> LoadEvents(SqliteDb& db) {
  std::vector<OrgUnitEvent> events;
  std::map<OrgUnitEventId, size_t> index;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement e, db.Prepare(
      "SELECT id, kind, effective, legal_basis, note FROM org_unit_event ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, e.Step());
    if (!row) break;
    OrgUnitEvent event;
    event.id = e.Int(0);
    GEMIS_ASSIGN_OR_RETURN(event.kind, ParseEventKind(e.Text(1)));
    GEMIS_ASSIGN_OR_RETURN(std::optional<Date> effective, ReadStoredDate(e, 2));
    event.effective = effective.value_or(Date());
    event.legal_basis = e.Text(3);
    event.note = e.Text(4);
    index[event.id] = events.size();
    events.push_back(std::move(event));
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement eu, db.Prepare(
      "SELECT event_id, org_unit_id FROM org_unit_event_unit ORDER BY event_id, org_unit_id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, eu.Step());
    if (!row) break;
    events[index.at(eu.Int(0))].units.push_back(eu.Int(1));
  }
  return events;
}

Result<std::vector<LineageLink>> LoadLinks(SqliteDb& db) {
  std::vector<LineageLink> links;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement l, db.Prepare(
      "SELECT event_id, predecessor_id, successor_id, share, designated, partial"
      " FROM org_unit_lineage ORDER BY predecessor_id, successor_id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, l.Step());
    if (!row) break;
    LineageLink link{l.Int(0), l.Int(1), l.Int(2), std::nullopt, l.Int(4) != 0, l.Int(5) != 0};
    if (!l.IsNull(3)) link.share = l.Double(3);
    links.push_back(link);
  }
  return links;
}

}  // namespace

std::string SqliteTransaction::Now() const { return FormatTimestamp(clock_.NowMillis()); }

Result<Hierarchy> SqliteTransaction::LoadHierarchy() {
  std::vector<OrgUnit> units;
  GEMIS_RETURN_IF_ERROR(LoadVersions(db_, units));
  GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitEvent> events, LoadEvents(db_));
  GEMIS_ASSIGN_OR_RETURN(std::vector<LineageLink> links, LoadLinks(db_));
  Result<Hierarchy> hierarchy = Hierarchy::Build(std::move(units), std::move(events), std::move(links));
  if (!hierarchy.ok()) {
    return Status::Corruption("stored hierarchy is inconsistent: " + hierarchy.status().message());
  }
  return hierarchy;
}

Result<std::vector<OrgUnitAttribute>> SqliteTransaction::LoadAttributes(OrgUnitId unit) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(
      "SELECT attribute, value, valid_from, valid_to, source FROM org_unit_attribute"
      " WHERE org_unit_id = ? ORDER BY attribute, valid_from"));
  stmt.Bind(1, unit);
  std::vector<OrgUnitAttribute> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    OrgUnitAttribute a{unit, stmt.Text(0), stmt.Text(1), std::nullopt, std::nullopt, stmt.Text(4)};
    GEMIS_ASSIGN_OR_RETURN(a.from, ReadStoredDate(stmt, 2));
    GEMIS_ASSIGN_OR_RETURN(a.to, ReadStoredDate(stmt, 3));
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> SqliteTransaction::CountOrgUnits() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare("SELECT count(*) FROM org_unit"));
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Status SqliteTransaction::SaveOrgUnits(const std::vector<const OrgUnit*>& units) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert_unit, db_.Prepare(
      "INSERT INTO org_unit (id, uid, created) VALUES (?, ?, ?)"
      " ON CONFLICT (id) DO NOTHING"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement clear, db_.Prepare(
      "DELETE FROM org_unit_version WHERE org_unit_id = ?"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert_version, db_.Prepare(
      "INSERT INTO org_unit_version (org_unit_id, seq, valid_from, valid_to, approximate_from,"
      " code, name, name_folded, unit_type, level, parent_id, name_en)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stored_uid, db_.Prepare(
      "SELECT uid FROM org_unit WHERE id = ?"));
  std::string now = Now();
  // Identities first: a version may name a parent saved later in the list.
  // A unit's uid never changes: saving its id with another uid is an error.
  for (const OrgUnit* unit : units) {
    GEMIS_RETURN_IF_ERROR(insert_unit.Bind(1, unit->id).Bind(2, unit->uid).Bind(3, now).Run());
    if (db_.Changes() != 0) continue;  // a new unit
    stored_uid.Bind(1, unit->id);
    GEMIS_ASSIGN_OR_RETURN(bool found, stored_uid.Step());
    std::string uid = found ? stored_uid.Text(0) : std::string();
    stored_uid.Reset();
    if (uid != unit->uid) {
      return Status::Conflict("org unit " + std::to_string(unit->id) + " has uid '" + uid +
                                  "'; it cannot be saved with uid '" + unit->uid + "'",
                              {"", 0, 0, "uid"});
    }
  }
  for (const OrgUnit* unit : units) {
    GEMIS_RETURN_IF_ERROR(clear.Bind(1, unit->id).Run());
    int seq = 0;
    for (const OrgUnitVersion& v : unit->versions) {
      insert_version.Bind(1, unit->id).Bind(2, ++seq).Bind(3, StoredDateText(v.from))
          .Bind(4, StoredDateText(v.to));
      insert_version.Bind(5, v.approximate_from ? 1 : 0).Bind(6, v.code).Bind(7, v.name);
      insert_version.Bind(8, FoldForSearch(v.FullName())).Bind(9, v.unit_type);
      insert_version.Bind(10, static_cast<int>(v.level)).Bind(11, v.parent).Bind(12, v.name_en);
      GEMIS_RETURN_IF_ERROR(insert_version.Run());
    }
  }
  return Status::Ok();
}

Status SqliteTransaction::InsertEvents(const std::vector<OrgUnitEvent>& events) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert, db_.Prepare(
      "INSERT INTO org_unit_event (id, kind, effective, legal_basis, note) VALUES (?, ?, ?, ?, ?)"));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert_unit, db_.Prepare(
      "INSERT OR IGNORE INTO org_unit_event_unit (event_id, org_unit_id) VALUES (?, ?)"));
  for (const OrgUnitEvent& e : events) {
    insert.Bind(1, e.id).Bind(2, EventKindName(e.kind)).Bind(3, e.effective.ToString());
    GEMIS_RETURN_IF_ERROR(insert.Bind(4, e.legal_basis).Bind(5, e.note).Run());
    for (OrgUnitId unit : e.units) GEMIS_RETURN_IF_ERROR(insert_unit.Bind(1, e.id).Bind(2, unit).Run());
  }
  return Status::Ok();
}

Status SqliteTransaction::InsertLinks(const std::vector<LineageLink>& links) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert, db_.Prepare(
      "INSERT INTO org_unit_lineage (event_id, predecessor_id, successor_id, share, designated,"
      " partial) VALUES (?, ?, ?, ?, ?, ?)"));
  for (const LineageLink& l : links) {
    insert.Bind(1, l.event).Bind(2, l.predecessor).Bind(3, l.successor).Bind(4, l.share);
    GEMIS_RETURN_IF_ERROR(insert.Bind(5, l.designated ? 1 : 0).Bind(6, l.partial ? 1 : 0).Run());
  }
  return Status::Ok();
}

Status SqliteTransaction::InsertAttributes(const std::vector<OrgUnitAttribute>& attributes) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert, db_.Prepare(
      "INSERT INTO org_unit_attribute (org_unit_id, attribute, value, valid_from, valid_to, source)"
      " VALUES (?, ?, ?, ?, ?, ?)"));
  for (const OrgUnitAttribute& a : attributes) {
    insert.Bind(1, a.unit).Bind(2, a.attribute).Bind(3, a.value).Bind(4, StoredDateText(a.from));
    GEMIS_RETURN_IF_ERROR(insert.Bind(5, StoredDateText(a.to)).Bind(6, a.source).Run());
  }
  return Status::Ok();
}

Status SqliteTransaction::RecordDatasetImport(const std::string& name, const std::string& source,
                                              const std::string& summary) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement insert, db_.Prepare(
      "INSERT INTO dataset_import (name, source, imported_at, summary) VALUES (?, ?, ?, ?)"));
  return insert.Bind(1, name).Bind(2, source).Bind(3, Now()).Bind(4, summary).Run();
}

}  // namespace gemis::store
