// The safe-birth register in SQLite (records/safe_birth.h,
// store/records_store.h, migration 15). The mother's name and date of birth
// are sealed with the store's field key (store/field_cipher.h), each bound
// to the birth's uid and its column; everything else is in clear. Register
// rules are saved with the cadres' (sqlite_cadres.cc), claims with the
// others (sqlite_models.cc). Nothing here writes the audit log: the program
// layer appends its entries.
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::BirthId;
using records::SafeBirth;
using records::SafeBirthPayment;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kBirthColumns =
    "id, uid, code, mother_name, mother_birth_date, mother_age, ethnicity, commune_id,"
    " village_id, birth_date, at_health_facility, facility, caesarean,"
    " within_population_policy, note, identity_erased";

// The place a sealed field of a birth is bound to (field_cipher.h (2)).
std::string SealContext(const std::string& uid, std::string_view column) {
  return "safe_birth:" + uid + ":" + std::string(column);
}

std::optional<bool> ReadOptBool(const SqliteStatement& row, int column) {
  const std::optional<int64_t> v = row.OptInt(column);
  return v ? std::optional<bool>(*v != 0) : std::nullopt;
}

std::optional<int64_t> StoredBool(const std::optional<bool>& b) {
  return b ? std::optional<int64_t>(*b ? 1 : 0) : std::nullopt;
}

// A row of kBirthColumns, its identifying fields still sealed.
struct BirthRow {
  SafeBirth birth;
  std::string sealed_name;
  std::optional<std::string> sealed_birth_date;
};

Result<BirthRow> ReadBirthRow(const SqliteStatement& row) {
  BirthRow out;
  SafeBirth& b = out.birth;
  b.id = row.Int(0);
  b.uid = row.Text(1);
  b.code = row.Text(2);
  out.sealed_name = row.Text(3);
  out.sealed_birth_date = row.OptText(4);
  const std::optional<int64_t> age = row.OptInt(5);
  if (age) b.mother_age = static_cast<int>(*age);
  b.ethnicity = row.Text(6);
  b.commune = row.Int(7);
  b.village = row.OptInt(8).value_or(0);
  Result<Date> day = Date::Parse(row.TextView(9));
  if (!day.ok()) {
    return Status::Corruption("safe birth '" + b.code + "' was born on '" + row.Text(9) + "'");
  }
  b.birth_date = *day;
  b.at_health_facility = ReadOptBool(row, 10);
  b.facility = row.Text(11);
  b.caesarean = row.Int(12) != 0;
  b.within_population_policy = ReadOptBool(row, 13);
  b.note = row.Text(14);
  GEMIS_ASSIGN_OR_RETURN(b.identity_erased, ReadStoredDate(row, 15));
  return out;
}

// One sealed field of `b` opened with `key`; the error names the birth and
// the field.
Result<std::string> OpenBirthField(const FieldKey& key, const SafeBirth& b, std::string_view sealed,
                                   std::string_view column, const char* field) {
  Result<std::string> text = OpenField(key, sealed, SealContext(b.uid, column));
  if (!text.ok()) {
    return Status(text.status().code(),
                  "safe birth '" + b.code + "', " + field + ": " + text.status().message(),
                  Field(field));
  }
  return text;
}

// The stored date of birth of `b`, opened with `key`.
Result<Date> OpenBirthDate(const FieldKey& key, const SafeBirth& b, std::string_view sealed) {
  GEMIS_ASSIGN_OR_RETURN(std::string text,
                         OpenBirthField(key, b, sealed, "mother_birth_date", "motherBirthDate"));
  Result<Date> day = Date::Parse(text);
  if (!day.ok()) {
    // The opened text is not repeated: error messages end up in logs.
    const std::string what = "safe birth '" + b.code + "'";
    return Status::Corruption(what + " has a sealed date of birth that is not a date");
  }
  return *day;
}

// The birth of `row` with its identifying fields opened with `key`, or,
// without a key, left empty and marked sealed. An erased identity is never
// opened: the birth loads sealed, with or without the key.
Result<SafeBirth> OpenIdentity(const FieldKey* key, BirthRow row) {
  SafeBirth& b = row.birth;
  if (key == nullptr || b.identity_erased) {
    b.identity_sealed = true;
    return std::move(b);
  }
  GEMIS_ASSIGN_OR_RETURN(b.mother_name,
                         OpenBirthField(*key, b, row.sealed_name, "mother_name", "motherName"));
  if (row.sealed_birth_date) {
    GEMIS_ASSIGN_OR_RETURN(b.mother_birth_date, OpenBirthDate(*key, b, *row.sealed_birth_date));
  }
  return std::move(b);
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

}  // namespace

// ------------------------------------------------------------- safe births

Status SqliteTransaction::LoadPayments(SafeBirth& birth) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * payments,
                         CachedSql("SELECT package, day, amount, people, days, voucher FROM"
                                   " safe_birth_payment WHERE birth_id = ? ORDER BY seq"));
  payments->Bind(1, birth.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, payments->Step());
    if (!row) break;
    Result<records::SafeBirthPackage> package =
        records::ParseSafeBirthPackage(payments->TextView(0));
    Result<Date> day = Date::Parse(payments->TextView(1));
    if (!package.ok() || !day.ok()) {
      const std::string text = payments->Text(0) + " " + payments->Text(1);
      payments->Reset();  // the cached statement must not stay mid-scan
      return Status::Corruption("safe birth '" + birth.code + "' has a payment '" + text + "'");
    }
    birth.payments.push_back(
        SafeBirthPayment{*package, *day, payments->Int(2), static_cast<int>(payments->Int(3)),
                         static_cast<int>(payments->Int(4)), payments->Text(5)});
  }
  payments->Reset();
  return Status::Ok();
}

Result<std::vector<SafeBirth>> SqliteTransaction::LoadSafeBirths(const SafeBirthFilter& filter) {
  std::string sql = std::string("SELECT ") + kBirthColumns + " FROM safe_birth WHERE 1=1";
  if (filter.from) sql += " AND birth_date >= ?";
  if (filter.to) sql += " AND birth_date <= ?";
  sql += InList("commune_id", filter.communes) + InList("id", filter.ids) +
         " ORDER BY birth_date, code";
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  int index = 0;
  if (filter.from) stmt.Bind(++index, filter.from->ToString());
  if (filter.to) stmt.Bind(++index, filter.to->ToString());
  std::vector<SafeBirth> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    GEMIS_ASSIGN_OR_RETURN(BirthRow b, ReadBirthRow(stmt));
    GEMIS_ASSIGN_OR_RETURN(SafeBirth opened, OpenIdentity(field_key_, std::move(b)));
    out.push_back(std::move(opened));
  }
  for (SafeBirth& b : out) GEMIS_RETURN_IF_ERROR(LoadPayments(b));
  return out;
}

Result<std::optional<SafeBirth>> SqliteTransaction::FindSafeBirth(std::string_view code_or_uid) {
  return FindByCodeOrUid<SafeBirth>(
      "safe_birth", kBirthColumns, code_or_uid,
      [this](SqliteStatement& s) -> Result<SafeBirth> {
        GEMIS_ASSIGN_OR_RETURN(BirthRow row, ReadBirthRow(s));
        return OpenIdentity(field_key_, std::move(row));
      },
      [this](SafeBirth& b) { return LoadPayments(b); });
}

Status SqliteTransaction::RequireVillage(OrgUnitId village) {
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", village, "org unit", "village"));
  // A unit's level is that of its latest version.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * level,
                         CachedSql("SELECT level FROM org_unit_version WHERE org_unit_id = ?"
                                   " ORDER BY seq DESC LIMIT 1"));
  level->Bind(1, village);
  GEMIS_ASSIGN_OR_RETURN(bool found, level->Step());
  const int64_t stored_level = found ? level->Int(0) : 0;
  level->Reset();
  if (stored_level != static_cast<int64_t>(OrgUnitLevel::kVillage)) {
    return Status::Invalid("org unit " + std::to_string(village) + " is not a village",
                           Field("village"));
  }
  return Status::Ok();
}

Result<SqliteTransaction::SealedIdentity> SqliteTransaction::SealIdentity(const SafeBirth& b,
                                                                          const std::string& uid) {
  SealedIdentity out;
  if (!b.identity_sealed) {
    out.name = SealField(*field_key_, b.mother_name, SealContext(uid, "mother_name"));
    if (b.mother_birth_date) {
      out.birth_date = SealField(*field_key_, b.mother_birth_date->ToString(),
                                 SealContext(uid, "mother_birth_date"));
    }
    out.age = records::AgeAtBirth(b);
    return out;
  }
  // Loaded without the key: the stored name and date of birth stay. Her age
  // is computed from the stored date of birth when there is one.
  out.keep_stored = true;
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stored,
      CachedSql("SELECT mother_birth_date, birth_date, mother_age FROM safe_birth WHERE id = ?"));
  stored->Bind(1, b.id);
  GEMIS_ASSIGN_OR_RETURN(bool found, stored->Step());  // RecordUid found the id
  const std::optional<std::string> sealed_birth_date = found ? stored->OptText(0) : std::nullopt;
  const bool same_day = found && stored->TextView(1) == b.birth_date.ToString();
  const std::optional<int64_t> stored_age = found ? stored->OptInt(2) : std::nullopt;
  stored->Reset();
  if (!sealed_birth_date) {
    out.age = b.mother_age;
    return out;
  }
  if (field_key_ != nullptr) {
    SafeBirth with_date = b;
    GEMIS_ASSIGN_OR_RETURN(with_date.mother_birth_date,
                           OpenBirthDate(*field_key_, b, *sealed_birth_date));
    out.age = records::AgeAtBirth(with_date);
  } else if (same_day) {
    if (stored_age) out.age = static_cast<int>(*stored_age);
  } else {
    return NeedsTheKey("birthDate",
                       "the field key is needed to change the day of the birth: the mother's age"
                       " is computed from her sealed date of birth");
  }
  return out;
}

Result<BirthId> SqliteTransaction::SaveSafeBirth(const SafeBirth& b) {
  GEMIS_RETURN_IF_ERROR(records::CheckSafeBirth(b));
  if (b.id == 0 && b.identity_erased) {
    return Status::Invalid(
        "a new birth cannot be erased (only the store erases an identity:"
        " EraseSafeBirthIdentity)",
        Field("identityErased"));
  }
  // Everything is checked before anything is written.
  if (field_key_ == nullptr && (b.id == 0 || !b.identity_sealed)) {
    return NeedsTheKey("motherName",
                       "the field key is needed to seal the mother's name and date of birth");
  }
  if (b.id == 0 && b.identity_sealed) {
    return Status::Invalid(
        "a new birth needs the mother's name (only a birth loaded without the"
        " field key is sealed)",
        Field("motherName"));
  }
  GEMIS_ASSIGN_OR_RETURN(std::string uid,
                         RecordUid("safe_birth", "safe birth", b.id, b.uid, b.code));
  GEMIS_RETURN_IF_ERROR(RequireReference("org_unit", b.commune, "org unit", "commune"));
  if (b.village != 0) GEMIS_RETURN_IF_ERROR(RequireVillage(b.village));
  GEMIS_ASSIGN_OR_RETURN(SealedIdentity identity, SealIdentity(b, uid));
  // CheckSafeBirth bounds a given age; one computed from the date of birth
  // is bounded here.
  if (identity.age && (*identity.age < 10 || *identity.age > 60)) {
    return Status::Invalid("the mother would be " + std::to_string(*identity.age) +
                               " at the birth; an age at the birth is 10 to 60",
                           Field("motherBirthDate"));
  }

  SqliteStatement* write = nullptr;
  if (b.id > 0) {
    // ?16 set: the stored sealed columns stay (a birth loaded sealed), and
    // so does the day they were erased; else a new identity is written and
    // an erasure is over (a rectification after it).
    GEMIS_ASSIGN_OR_RETURN(
        write,
        CachedSql("UPDATE safe_birth SET uid = ?1, code = ?2,"
                  " mother_name = CASE WHEN ?16 THEN mother_name ELSE ?3 END,"
                  " mother_birth_date = CASE WHEN ?16 THEN mother_birth_date ELSE ?4 END,"
                  " mother_age = ?5, ethnicity = ?6, commune_id = ?7, village_id = ?8,"
                  " birth_date = ?9, at_health_facility = ?10, facility = ?11, caesarean = ?12,"
                  " within_population_policy = ?13, note = ?14, last_updated = ?15,"
                  " identity_erased = CASE WHEN ?16 THEN identity_erased ELSE NULL END"
                  " WHERE id = ?17"));
    write->Bind(16, static_cast<int64_t>(identity.keep_stored)).Bind(17, b.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO safe_birth (uid, code, mother_name, mother_birth_date,"
                         " mother_age, ethnicity, commune_id, village_id, birth_date,"
                         " at_health_facility, facility, caesarean, within_population_policy,"
                         " note, last_updated, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                         " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)"));
  }
  // When the stored identity is kept, ?3 and ?4 are bound but not read.
  GEMIS_RETURN_IF_ERROR(
      write->Bind(1, uid)
          .Bind(2, b.code)
          .Bind(3, identity.name)
          .Bind(4, identity.birth_date)
          .Bind(5, identity.age)
          .Bind(6, b.ethnicity)
          .Bind(7, b.commune)
          .Bind(8, b.village != 0 ? std::optional<int64_t>(b.village) : std::nullopt)
          .Bind(9, b.birth_date.ToString())
          .Bind(10, StoredBool(b.at_health_facility))
          .Bind(11, b.facility)
          .Bind(12, static_cast<int64_t>(b.caesarean ? 1 : 0))
          .Bind(13, StoredBool(b.within_population_policy))
          .Bind(14, b.note)
          .Bind(15, Now())
          .Run());
  const BirthId id = b.id > 0 ? b.id : db_.LastInsertRowid();

  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                         CachedSql("DELETE FROM safe_birth_payment WHERE birth_id = ?"));
  GEMIS_RETURN_IF_ERROR(clear->Bind(1, id).Run());
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * add,
      CachedSql("INSERT INTO safe_birth_payment (birth_id, seq, package, day, amount, people,"
                " days, voucher) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  for (size_t i = 0; i < b.payments.size(); ++i) {
    const SafeBirthPayment& p = b.payments[i];
    GEMIS_RETURN_IF_ERROR(add->Bind(1, id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, records::SafeBirthPackageName(p.package))
                              .Bind(4, p.day.ToString())
                              .Bind(5, p.amount)
                              .Bind(6, p.people)
                              .Bind(7, p.days)
                              .Bind(8, p.voucher)
                              .Run());
  }
  return id;
}

Status SqliteTransaction::DeleteSafeBirth(BirthId id) {
  // Its payments go with it (ON DELETE CASCADE); claims keep its id in
  // their text.
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * remove,
                         CachedSql("DELETE FROM safe_birth WHERE id = ?"));
  GEMIS_RETURN_IF_ERROR(remove->Bind(1, id).Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("safe birth " + std::to_string(id) + " does not exist", Field("id"));
  }
  return Status::Ok();
}

Status SqliteTransaction::EraseSafeBirthIdentity(BirthId id, Date day) {
  // mother_name is NOT NULL and sealed: the erased name is the sealing of "".
  if (field_key_ == nullptr) {
    return NeedsTheKey("motherName",
                       "the field key is needed to erase the mother's name: the erased name is"
                       " stored sealed");
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stored,
                         CachedSql("SELECT uid FROM safe_birth WHERE id = ?"));
  stored->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, stored->Step());
  const std::string uid = found ? stored->Text(0) : "";
  stored->Reset();
  if (!found) {
    return Status::NotFound("safe birth " + std::to_string(id) + " does not exist", Field("id"));
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * erase,
      CachedSql("UPDATE safe_birth SET mother_name = ?1, mother_birth_date = NULL,"
                " identity_erased = ?2, last_updated = ?3 WHERE id = ?4"));
  erase->Bind(1, SealField(*field_key_, "", SealContext(uid, "mother_name")))
      .Bind(2, day.ToString())
      .Bind(3, Now())
      .Bind(4, id);
  // The old sealed values are overwritten in the file (sqlite_privacy.cc).
  return RunSecurelyDeleting(db_, *erase);
}

}  // namespace gemis::store
