// Data sets and complete registrations in SQLite (core/data_set.h, migration 10).
#include <map>

#include "core/clock.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

Location Field(std::string field) { return Location{.field = std::move(field)}; }

}  // namespace

Result<std::vector<StoredDataSet>> SqliteTransaction::LoadDataSets() {
  std::vector<StoredDataSet> out;
  std::map<MetadataId, size_t> index;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement sets,
      db_.Prepare("SELECT id, uid, code, name, name_en, short_name, description, period_type,"
                  " open_future_periods, expiry_days FROM data_set ORDER BY id"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, sets.Step());
    if (!row) break;
    StoredDataSet stored;
    stored.id = sets.Int(0);
    DataSet& ds = stored.data_set;
    ds.uid = sets.Text(1);
    ds.code = sets.Text(2);
    ds.name = sets.Text(3);
    ds.name_en = sets.Text(4);
    ds.short_name = sets.Text(5);
    ds.description = sets.Text(6);
    Result<PeriodType> type = ParsePeriodType(sets.Text(7));
    if (!type.ok()) {
      return Status::Corruption("data set '" + ds.code + "' has period type '" + sets.Text(7) +
                                "'");
    }
    ds.period_type = *type;
    ds.open_future_periods = static_cast<int>(sets.Int(8));
    ds.expiry_days = static_cast<int>(sets.Int(9));
    index[stored.id] = out.size();
    out.push_back(std::move(stored));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement elements,
      db_.Prepare("SELECT s.data_set_id, s.data_element_id, e.code FROM data_set_element s"
                  " JOIN data_element e ON e.id = s.data_element_id"
                  " ORDER BY s.data_set_id, s.sort_order"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, elements.Step());
    if (!row) break;
    StoredDataSet& stored = out[index.at(elements.Int(0))];
    stored.element_ids.push_back(elements.Int(1));
    stored.data_set.data_elements.push_back(elements.Text(2));
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement units,
                         db_.Prepare("SELECT data_set_id, org_unit_id, descendants"
                                     " FROM data_set_org_unit"
                                     " ORDER BY data_set_id, sort_order"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, units.Step());
    if (!row) break;
    out[index.at(units.Int(0))].data_set.org_units.push_back({units.Int(1), units.Int(2) != 0});
  }
  return out;
}

Result<MetadataId> SqliteTransaction::SaveDataSet(const DataSet& data_set) {
  GEMIS_RETURN_IF_ERROR(ValidateDataSet(data_set));
  // References first, so that a refused call writes nothing.
  std::vector<MetadataId> element_ids;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * element,
                         CachedSql("SELECT id FROM data_element WHERE code = ?"));
  for (size_t i = 0; i < data_set.data_elements.size(); ++i) {
    element->Bind(1, data_set.data_elements[i]);
    GEMIS_ASSIGN_OR_RETURN(bool found, element->Step());
    const MetadataId id = found ? element->Int(0) : 0;
    element->Reset();
    if (!found) {
      return Status::NotFound("data set '" + data_set.code + "': data element '" +
                                  data_set.data_elements[i] + "' does not exist",
                              Field("data_elements[" + std::to_string(i) + "]"));
    }
    element_ids.push_back(id);
  }
  for (size_t i = 0; i < data_set.org_units.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(RequireId("org_unit", data_set.org_units[i].unit, "org unit",
                                    "org_units[" + std::to_string(i) + "].unit"));
  }
  // A uid names one data set for good (as for data elements).
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * owner,
                         CachedSql("SELECT code FROM data_set WHERE uid = ? AND code <> ?"));
  owner->Bind(1, data_set.uid).Bind(2, data_set.code);
  GEMIS_ASSIGN_OR_RETURN(bool taken, owner->Step());
  const std::string owner_code = taken ? owner->Text(0) : "";
  owner->Reset();
  if (taken) {
    return Status::Conflict(
        "uid '" + data_set.uid + "' already belongs to data set '" + owner_code + "'",
        Field("uid"));
  }
  GEMIS_ASSIGN_OR_RETURN(
      MetadataId id,
      UpsertByCode(
          "data_set",
          "uid, code, name, name_en, short_name, description, period_type,"
          " open_future_periods, expiry_days",
          {data_set.uid, data_set.code, data_set.name, data_set.name_en, data_set.short_name,
           data_set.description, std::string(PeriodTypeName(data_set.period_type)),
           std::to_string(data_set.open_future_periods), std::to_string(data_set.expiry_days)}));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_elements,
                         CachedSql("DELETE FROM data_set_element WHERE data_set_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_elements->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear_units,
                         CachedSql("DELETE FROM data_set_org_unit WHERE data_set_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear_units->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * add_element,
                         CachedSql("INSERT INTO data_set_element (data_set_id, sort_order,"
                                   " data_element_id) VALUES (?, ?, ?)"));
  for (size_t i = 0; i < element_ids.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(add_element->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i) + 1)
                              .Bind(3, element_ids[i])
                              .Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * add_unit,
                         CachedSql("INSERT INTO data_set_org_unit (data_set_id, sort_order,"
                                   " org_unit_id, descendants) VALUES (?, ?, ?, ?)"));
  for (size_t i = 0; i < data_set.org_units.size(); ++i) {
    GEMIS_RETURN_IF_ERROR(add_unit->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i) + 1)
                              .Bind(3, data_set.org_units[i].unit)
                              .Bind(4, static_cast<int64_t>(data_set.org_units[i].descendants))
                              .Run());
  }
  return id;
}

Result<std::vector<CompleteRegistration>> SqliteTransaction::LoadCompleteRegistrations(
    MetadataId data_set) {
  std::vector<CompleteRegistration> out;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT data_set_id, period_id, org_unit_id, aoc_id, completed, stored_by,"
                  " stored_at FROM complete_registration WHERE ? = 0 OR data_set_id = ?"
                  " ORDER BY data_set_id, period_id, org_unit_id, aoc_id"));
  stmt.Bind(1, data_set).Bind(2, data_set);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    CompleteRegistration r;
    r.data_set = stmt.Int(0);
    r.period = stmt.Int(1);
    r.org_unit = stmt.Int(2);
    r.attribute_option_combo = stmt.Int(3);
    Result<Date> completed = Date::Parse(stmt.Text(4));
    if (!completed.ok()) {
      return Status::Corruption("complete registration of data set " + std::to_string(r.data_set) +
                                " has completion date '" + stmt.Text(4) + "'");
    }
    r.completed = *completed;
    r.stored_by = stmt.Text(5);
    r.stored_at = stmt.Text(6);
    out.push_back(std::move(r));
  }
}

Result<WriteOutcome> SqliteTransaction::SaveCompleteRegistration(
    const CompleteRegistration& registration) {
  GEMIS_RETURN_IF_ERROR(RequireId("data_set", registration.data_set, "data set", "dataSet"));
  GEMIS_RETURN_IF_ERROR(RequireId("period", registration.period, "period", "period"));
  GEMIS_RETURN_IF_ERROR(RequireId("org_unit", registration.org_unit, "org unit", "orgUnit"));
  GEMIS_RETURN_IF_ERROR(RequireId("category_option_combo", registration.attribute_option_combo,
                                  "attribute option combo", "attributeOptionCombo"));
  const int64_t now = clock_.NowMillis();
  const Date today = VietnamDay(now);
  Date completed = registration.completed.value_or(today);
  if (today < completed) completed = today;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * find,
      CachedSql("SELECT completed FROM complete_registration WHERE data_set_id = ?"
                " AND period_id = ? AND org_unit_id = ? AND aoc_id = ?"));
  find->Bind(1, registration.data_set)
      .Bind(2, registration.period)
      .Bind(3, registration.org_unit)
      .Bind(4, registration.attribute_option_combo);
  GEMIS_ASSIGN_OR_RETURN(bool found, find->Step());
  const std::string stored = found ? find->Text(0) : "";
  find->Reset();
  if (found && stored == completed.ToString()) return WriteOutcome::kIgnored;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      CachedSql("INSERT INTO complete_registration (data_set_id, period_id, org_unit_id, aoc_id,"
                " completed, stored_by, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (data_set_id, period_id, org_unit_id, aoc_id) DO UPDATE SET"
                " completed = excluded.completed, stored_by = excluded.stored_by,"
                " stored_at = excluded.stored_at"));
  GEMIS_RETURN_IF_ERROR(upsert->Bind(1, registration.data_set)
                            .Bind(2, registration.period)
                            .Bind(3, registration.org_unit)
                            .Bind(4, registration.attribute_option_combo)
                            .Bind(5, completed.ToString())
                            .Bind(6, registration.stored_by)
                            .Bind(7, FormatTimestamp(now))
                            .Run());
  return found ? WriteOutcome::kUpdated : WriteOutcome::kImported;
}

}  // namespace gemis::store
