// Confidential cases in SQLite (records/case.h, store/records_store.h,
// migration 16): the cases a trusted address or a victims' livelihood model
// holds, with the survivor's consents, the services and the referrals in
// the order given, and the case teams of the addresses. The survivor's
// name, contact and the narrative are sealed with the store's field key
// (store/field_cipher.h), each bound to the case's uid and its column, and
// NULL when empty; everything else is in clear. Rules of the cases register
// are saved with the others (sqlite_cadres.cc), claims with the others
// (sqlite_models.cc). Nothing here writes the audit log: the program layer
// appends its entries.
#include <array>

#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::Case;
using records::CaseAssignment;
using records::CaseId;
using records::CaseReferral;
using records::CaseServiceEntry;
using records::Consent;
using records::ModelId;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kCaseColumns =
    "id, uid, code, kind, address_id, org_unit_id, opened, closed, survivor_name, contact,"
    " narrative, sex, age, ethnicity, incidents, identity_erased";

// The identifying fields of a case, sealed by the store: the column (part
// of the seal's context), the field's name in errors, and the member.
struct IdentityField {
  const char* column;
  const char* field;
  std::string Case::*member;
};
constexpr std::array<IdentityField, 3> kIdentity = {{
    {"survivor_name", "survivorName", &Case::survivor_name},
    {"contact", "contact", &Case::contact},
    {"narrative", "narrative", &Case::narrative},
}};
constexpr int kFirstSealedColumn = 8;  // survivor_name in kCaseColumns

// The place a sealed field of a case is bound to (field_cipher.h (2)).
std::string SealContext(const std::string& uid, std::string_view column) {
  return "case:" + uid + ":" + std::string(column);
}

// A row of kCaseColumns, its identifying fields still sealed (nullopt:
// NULL, the field is empty), in the order of kIdentity.
struct CaseRow {
  Case c;
  std::array<std::optional<std::string>, kIdentity.size()> sealed;
};

// The incident types as case_record keeps them: their names joined by ','
// in the order given (CheckCase: ascending).
std::string IncidentsText(const std::vector<records::IncidentType>& incidents) {
  std::string out;
  for (size_t i = 0; i < incidents.size(); ++i) {
    out += (i ? "," : "") + std::string(records::IncidentTypeName(incidents[i]));
  }
  return out;
}

Result<std::vector<records::IncidentType>> ReadIncidents(std::string_view text,
                                                         const std::string& what) {
  std::vector<records::IncidentType> out;
  for (;;) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    Result<records::IncidentType> type = records::ParseIncidentType(name);
    if (!type.ok()) {
      return Status::Corruption(what + " has an incident type '" + std::string(name) + "'");
    }
    out.push_back(*type);
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

Result<CaseRow> ReadCaseRow(const SqliteStatement& row) {
  CaseRow out;
  Case& c = out.c;
  c.id = row.Int(0);
  c.uid = row.Text(1);
  c.code = row.Text(2);
  const std::string what = "case '" + c.code + "'";
  Result<records::CaseKind> kind = records::ParseCaseKind(row.TextView(3));
  if (!kind.ok()) return Status::Corruption(what + " has kind '" + row.Text(3) + "'");
  c.kind = *kind;
  c.address = row.Int(4);
  c.org_unit = row.Int(5);
  Result<Date> opened = Date::Parse(row.TextView(6));
  if (!opened.ok()) return Status::Corruption(what + " was opened on '" + row.Text(6) + "'");
  c.opened = *opened;
  GEMIS_ASSIGN_OR_RETURN(c.closed, ReadStoredDate(row, 7));
  for (size_t i = 0; i < kIdentity.size(); ++i) {
    out.sealed[i] = row.OptText(kFirstSealedColumn + static_cast<int>(i));
  }
  Result<records::CaseSex> sex = records::ParseCaseSex(row.TextView(11));
  if (!sex.ok()) return Status::Corruption(what + " has sex '" + row.Text(11) + "'");
  c.sex = *sex;
  const std::optional<int64_t> age = row.OptInt(12);
  if (age) c.age = static_cast<int>(*age);
  c.ethnicity = row.Text(13);
  GEMIS_ASSIGN_OR_RETURN(c.incidents, ReadIncidents(row.TextView(14), what));
  GEMIS_ASSIGN_OR_RETURN(c.identity_erased, ReadStoredDate(row, 15));
  return out;
}

// The case of `row` with its identifying fields opened with `key`, or,
// without a key, left empty and marked sealed. A field that does not open
// is an error naming the case and the field. An erased identity (the
// columns NULL) loads sealed, with or without the key.
Result<Case> OpenIdentity(const FieldKey* key, CaseRow row) {
  Case& c = row.c;
  if (key == nullptr || c.identity_erased) {
    c.identity_sealed = true;
    return std::move(c);
  }
  for (size_t i = 0; i < kIdentity.size(); ++i) {
    if (!row.sealed[i]) continue;  // empty
    const IdentityField& f = kIdentity[i];
    Result<std::string> text = OpenField(*key, *row.sealed[i], SealContext(c.uid, f.column));
    if (!text.ok()) {
      // The opened text is never in a message: messages end up in logs.
      return Status(text.status().code(),
                    "case '" + c.code + "', " + f.field + ": " + text.status().message(),
                    Field(f.field));
    }
    c.*f.member = std::move(text).value();
  }
  return std::move(c);
}

std::string InList(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

// Refuses a write that needs the field key, which the store does not have.
Status NeedsTheKey(std::string_view field, const std::string& message) {
  return Status(ErrorCode::kUsage,
                message + " (the store was opened without it; docs/confidentiality.md)",
                Field(std::string(field)));
}

Result<CaseAssignment> ReadAssignmentRow(const SqliteStatement& row) {
  CaseAssignment a;
  a.address = row.Int(0);
  a.user_id = row.Int(1);
  Result<records::CaseRole> role = records::ParseCaseRole(row.TextView(2));
  if (!role.ok()) {
    return Status::Corruption("the assignment of user " + std::to_string(a.user_id) + " to model " +
                              std::to_string(a.address) + " has role '" + row.Text(2) + "'");
  }
  a.role = *role;
  a.granted_by = row.Text(3);
  a.granted_at = row.Text(4);
  return a;
}

}  // namespace

// ------------------------------------------------------------------- cases

Status SqliteTransaction::LoadCaseParts(Case& c) {
  const std::string what = "case '" + c.code + "'";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * consents,
                         CachedSql("SELECT purpose, given, day, recorded_by FROM case_consent"
                                   " WHERE case_id = ? ORDER BY seq"));
  consents->Bind(1, c.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, consents->Step());
    if (!row) break;
    Result<records::ConsentPurpose> purpose = records::ParseConsentPurpose(consents->TextView(0));
    Result<Date> day = Date::Parse(consents->TextView(2));
    if (!purpose.ok() || !day.ok()) {
      const std::string text = consents->Text(0) + " " + consents->Text(2);
      consents->Reset();  // the cached statement must not stay mid-scan
      return Status::Corruption(what + " has a consent '" + text + "'");
    }
    c.consents.push_back(Consent{*purpose, consents->Int(1) != 0, *day, consents->Text(3)});
  }
  consents->Reset();

  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * services,
      CachedSql("SELECT service, day, note FROM case_service WHERE case_id = ? ORDER BY seq"));
  services->Bind(1, c.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, services->Step());
    if (!row) break;
    Result<records::CaseService> service = records::ParseCaseService(services->TextView(0));
    Result<Date> day = Date::Parse(services->TextView(1));
    if (!service.ok() || !day.ok()) {
      const std::string text = services->Text(0) + " " + services->Text(1);
      services->Reset();
      return Status::Corruption(what + " has a service '" + text + "'");
    }
    c.services.push_back(CaseServiceEntry{*service, *day, services->Text(2)});
  }
  services->Reset();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * referrals,
                         CachedSql("SELECT day, organisation, service, note FROM case_referral"
                                   " WHERE case_id = ? ORDER BY seq"));
  referrals->Bind(1, c.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, referrals->Step());
    if (!row) break;
    Result<Date> day = Date::Parse(referrals->TextView(0));
    Result<records::CaseService> service = records::ParseCaseService(referrals->TextView(2));
    if (!day.ok() || !service.ok()) {
      const std::string text = referrals->Text(0) + " " + referrals->Text(2);
      referrals->Reset();
      return Status::Corruption(what + " has a referral '" + text + "'");
    }
    c.referrals.push_back(CaseReferral{*day, referrals->Text(1), *service, referrals->Text(3)});
  }
  referrals->Reset();
  return Status::Ok();
}

Result<std::vector<Case>> SqliteTransaction::LoadCases(const CaseFilter& filter) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM case_record WHERE 1=1";
  if (filter.kind) sql += " AND kind = ?";
  sql += InList("address_id", filter.addresses) + InList("org_unit_id", filter.org_units) +
         InList("id", filter.ids) + " ORDER BY opened, code";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  if (filter.kind) stmt.Bind(1, records::CaseKindName(*filter.kind));
  std::vector<Case> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GEMIS_ASSIGN_OR_RETURN(CaseRow c, ReadCaseRow(stmt));
    GEMIS_ASSIGN_OR_RETURN(Case opened, OpenIdentity(field_key_, std::move(c)));
    out.push_back(std::move(opened));
  }
  for (Case& c : out) GEMIS_RETURN_IF_ERROR(LoadCaseParts(c));
  return out;
}

Result<std::optional<Case>> SqliteTransaction::FindCase(std::string_view code_or_uid) {
  return FindByCodeOrUid<Case>(
      "case_record", kCaseColumns, code_or_uid,
      [this](SqliteStatement& s) -> Result<Case> {
        GEMIS_ASSIGN_OR_RETURN(CaseRow row, ReadCaseRow(s));
        return OpenIdentity(field_key_, std::move(row));
      },
      [this](Case& c) { return LoadCaseParts(c); });
}

Status SqliteTransaction::RequireCaseAddress(ModelId address, std::string_view field) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * kind, CachedSql("SELECT kind FROM model WHERE id = ?"));
  kind->Bind(1, address);
  GEMIS_ASSIGN_OR_RETURN(bool found, kind->Step());
  const std::string stored_kind = found ? kind->Text(0) : "";
  kind->Reset();
  if (!found) {
    return Status::Invalid("model " + std::to_string(address) + " does not exist",
                           Field(std::string(field)));
  }
  if (stored_kind != records::ModelKindName(records::ModelKind::kTrustedAddress) &&
      stored_kind != records::ModelKindName(records::ModelKind::kVictimLivelihood)) {
    return Status::Invalid("model " + std::to_string(address) + " is a " + stored_kind +
                               ", not a trusted address or a victims' livelihood model",
                           Field(std::string(field)));
  }
  return Status::Ok();
}

Result<CaseId> SqliteTransaction::SaveCase(const Case& c) {
  GEMIS_RETURN_IF_ERROR(records::CheckCase(c));
  if (c.id == 0 && c.identity_erased) {
    return Status::Invalid(
        "a new case cannot be erased (only the store erases an identity: EraseCaseIdentity)",
        Field("identityErased"));
  }
  // Everything is checked before anything is written.
  if (field_key_ == nullptr && !c.identity_sealed) {
    for (const IdentityField& f : kIdentity) {
      if ((c.*f.member).empty()) continue;
      return NeedsTheKey(f.field,
                         "the field key is needed to seal the survivor's name, contact and"
                         " the narrative");
    }
  }
  if (c.id == 0 && c.identity_sealed) {
    return Status::Invalid(
        "a new case cannot be sealed (only a case loaded without the field key is)",
        Field("survivorName"));
  }
  GEMIS_ASSIGN_OR_RETURN(std::string uid, RecordUid("case_record", "case", c.id, c.uid, c.code));
  GEMIS_RETURN_IF_ERROR(RequireCaseAddress(c.address, "address"));
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", c.org_unit, "org unit", "orgUnit"));
  // Sealed when not empty, NULL when empty; a sealed case (loaded without
  // the key) keeps the stored columns and binds nothing of its own.
  std::array<std::optional<std::string>, kIdentity.size()> sealed;
  if (!c.identity_sealed && field_key_ != nullptr) {
    for (size_t i = 0; i < kIdentity.size(); ++i) {
      const std::string& text = c.*kIdentity[i].member;
      if (!text.empty()) {
        sealed[i] = SealField(*field_key_, text, SealContext(uid, kIdentity[i].column));
      }
    }
  }

  SqliteStatement* write = nullptr;
  if (c.id > 0) {
    // ?15 set: the stored sealed columns stay (a case loaded sealed), and
    // so does the day they were erased; else the identity given is written
    // and an erasure is over (a rectification after it).
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("UPDATE case_record SET uid = ?1, code = ?2, kind = ?3, address_id = ?4,"
                         " org_unit_id = ?5, opened = ?6, closed = ?7,"
                         " survivor_name = CASE WHEN ?15 THEN survivor_name ELSE ?8 END,"
                         " contact = CASE WHEN ?15 THEN contact ELSE ?9 END,"
                         " narrative = CASE WHEN ?15 THEN narrative ELSE ?10 END,"
                         " sex = ?11, age = ?12, ethnicity = ?13, incidents = ?14,"
                         " identity_erased = CASE WHEN ?15 THEN identity_erased ELSE NULL END"
                         " WHERE id = ?16"));
    write->Bind(15, static_cast<int64_t>(c.identity_sealed ? 1 : 0)).Bind(16, c.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO case_record (uid, code, kind, address_id, org_unit_id,"
                         " opened, closed, survivor_name, contact, narrative, sex, age,"
                         " ethnicity, incidents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                         " ?10, ?11, ?12, ?13, ?14)"));
  }
  GEMIS_RETURN_IF_ERROR(write->Bind(1, uid)
                            .Bind(2, c.code)
                            .Bind(3, records::CaseKindName(c.kind))
                            .Bind(4, c.address)
                            .Bind(5, c.org_unit)
                            .Bind(6, c.opened.ToString())
                            .Bind(7, StoredDateText(c.closed))
                            .Bind(8, sealed[0])
                            .Bind(9, sealed[1])
                            .Bind(10, sealed[2])
                            .Bind(11, records::CaseSexName(c.sex))
                            .Bind(12, c.age)
                            .Bind(13, c.ethnicity)
                            .Bind(14, IncidentsText(c.incidents))
                            .Run());
  const CaseId id = c.id > 0 ? c.id : db_.LastInsertRowid();

  for (const char* sql :
       {"DELETE FROM case_consent WHERE case_id = ?", "DELETE FROM case_service WHERE case_id = ?",
        "DELETE FROM case_referral WHERE case_id = ?"}) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear, CachedSql(sql));
    GEMIS_RETURN_IF_ERROR(clear->Bind(1, id).Run());
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * consent,
      CachedSql("INSERT INTO case_consent (case_id, seq, purpose, given, day, recorded_by)"
                " VALUES (?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < c.consents.size(); ++i) {
    const Consent& k = c.consents[i];
    GEMIS_RETURN_IF_ERROR(consent->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, records::ConsentPurposeName(k.purpose))
                              .Bind(4, static_cast<int64_t>(k.given ? 1 : 0))
                              .Bind(5, k.day.ToString())
                              .Bind(6, k.recorded_by)
                              .Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * service,
                         CachedSql("INSERT INTO case_service (case_id, seq, service, day, note)"
                                   " VALUES (?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < c.services.size(); ++i) {
    const CaseServiceEntry& s = c.services[i];
    GEMIS_RETURN_IF_ERROR(service->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, records::CaseServiceName(s.service))
                              .Bind(4, s.day.ToString())
                              .Bind(5, s.note)
                              .Run());
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * referral,
      CachedSql("INSERT INTO case_referral (case_id, seq, day, organisation, service, note)"
                " VALUES (?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < c.referrals.size(); ++i) {
    const CaseReferral& r = c.referrals[i];
    GEMIS_RETURN_IF_ERROR(referral->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, r.day.ToString())
                              .Bind(4, r.organisation)
                              .Bind(5, records::CaseServiceName(r.service))
                              .Bind(6, r.note)
                              .Run());
  }
  return id;
}

Status SqliteTransaction::DeleteCase(CaseId id) {
  // Its consents, services and referrals go with it (ON DELETE CASCADE);
  // claims keep its id in their text.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * remove,
                         CachedSql("DELETE FROM case_record WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("case " + std::to_string(id) + " does not exist", Field("id"));
  }
  return Status::Ok();
}

Status SqliteTransaction::EraseCaseIdentity(CaseId case_id, Date day) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stored,
                         CachedSql("SELECT uid FROM case_record WHERE id = ?"));
  stored->Bind(1, case_id);
  GEMIS_ASSIGN_OR_RETURN(bool found, stored->Step());
  stored->Reset();
  if (!found) {
    return Status::NotFound("case " + std::to_string(case_id) + " does not exist", Field("id"));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * erase,
      CachedSql("UPDATE case_record SET survivor_name = NULL, contact = NULL, narrative = NULL,"
                " identity_erased = ?1 WHERE id = ?2"));
  erase->Bind(1, day.ToString()).Bind(2, case_id);
  // The old sealed values are overwritten in the file (sqlite_privacy.cc).
  return RunSecurelyDeleting(db_, *erase);
}

// -------------------------------------------------------------- case teams

Result<std::vector<CaseAssignment>> SqliteTransaction::LoadCaseAssignments(
    const CaseAssignmentFilter& filter) {
  std::string sql =
      "SELECT address_id, user_id, role, granted_by, granted_at FROM case_assignment WHERE 1=1";
  if (filter.address) sql += " AND address_id = ?";
  if (filter.user_id) sql += " AND user_id = ?";
  sql += " ORDER BY address_id, user_id";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  int index = 0;
  if (filter.address) stmt.Bind(++index, *filter.address);
  if (filter.user_id) stmt.Bind(++index, *filter.user_id);
  std::vector<CaseAssignment> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(CaseAssignment a, ReadAssignmentRow(stmt));
    out.push_back(std::move(a));
  }
}

Status SqliteTransaction::SaveCaseAssignment(const CaseAssignment& a) {
  GEMIS_RETURN_IF_ERROR(RequireCaseAddress(a.address, "address"));
  GEMIS_RETURN_IF_ERROR(RequireReference("app_user", a.user_id, "user", "user"));
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      CachedSql("INSERT INTO case_assignment (address_id, user_id, role, granted_by, granted_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (address_id, user_id) DO UPDATE SET"
                " role = excluded.role, granted_by = excluded.granted_by,"
                " granted_at = excluded.granted_at"));
  return upsert->Bind(1, a.address)
      .Bind(2, a.user_id)
      .Bind(3, records::CaseRoleName(a.role))
      .Bind(4, a.granted_by)
      .Bind(5, a.granted_at.empty() ? Now() : a.granted_at)
      .Run();
}

Status SqliteTransaction::DeleteCaseAssignment(ModelId address, int64_t user_id) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * remove,
      CachedSql("DELETE FROM case_assignment WHERE address_id = ? AND user_id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, address).Bind(2, user_id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound(
        "user " + std::to_string(user_id) + " is not assigned to model " + std::to_string(address),
        Field("user"));
  }
  return Status::Ok();
}

}  // namespace gemis::store
