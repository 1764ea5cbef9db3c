// Data protection in SQLite (records/privacy.h, migration 17): the data
// subjects' requests, the breach log and the retention period of each
// register, and the secure overwrite the erasures of identities use
// (EraseSafeBirthIdentity in sqlite_safe_births.cc, EraseCaseIdentity in
// sqlite_cases.cc). Nothing here identifies a person: a request names a
// record by its register and code. Nothing here writes the audit log: the
// program layer appends its entries.
#include <map>

#include "core/uid.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

using records::Breach;
using records::KeptField;
using records::PersonalRegister;
using records::RetentionRule;
using records::SubjectRequest;

Location Field(std::string field) { return Location{.field = std::move(field)}; }

constexpr const char* kRequestColumns =
    "id, uid, register, record_code, kind, received_ms, answered_ms, handled_by, erased, kept,"
    " note";
constexpr const char* kBreachColumns =
    "id, uid, detected_ms, description, registers, subjects, measures, notified_ms, notified_to,"
    " late_reason";

// The uids of inserted requests and breaches: random, as those of records
// (sqlite_models.cc).
std::string FreshUid() {
  thread_local SystemRandom random;
  return GenerateUid(random);
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  for (;;) {
    const size_t at = text.find(separator);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

// The lists of a request as subject_request keeps them (migration 17): the
// erased fields one a line, the kept fields as lines of field, Vietnamese
// and English reason separated by tabs; '' for an empty list.
std::string ErasedText(const std::vector<std::string>& erased) {
  std::string out;
  for (size_t i = 0; i < erased.size(); ++i) out += (i ? "\n" : "") + erased[i];
  return out;
}

std::string KeptText(const std::vector<KeptField>& kept) {
  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    const KeptField& k = kept[i];
    out += (i ? "\n" : "") + k.field + "\t" + k.reason_vi + "\t" + k.reason_en;
  }
  return out;
}

// kInvalidInput (field `field`) when `text` holds a tab or a newline, which
// would break the lists' encoding.
Status NoSeparators(std::string_view text, const std::string& field) {
  if (text.find_first_of("\t\n") != std::string_view::npos) {
    return Status::Invalid(field + " holds a tab or a newline", Field(field));
  }
  return Status::Ok();
}

// What CheckSubjectRequest leaves to the store: the lists fit their encoding.
Status CheckRequestLists(const SubjectRequest& r) {
  for (size_t i = 0; i < r.erased.size(); ++i) {
    const std::string field = "erased[" + std::to_string(i) + "]";
    // An empty name would not come back (a list of one empty name is '').
    if (r.erased[i].empty()) return Status::Invalid(field + " is empty", Field(field));
    GEMIS_RETURN_IF_ERROR(NoSeparators(r.erased[i], field));
  }
  for (size_t i = 0; i < r.kept.size(); ++i) {
    const std::string at = "kept[" + std::to_string(i) + "].";
    GEMIS_RETURN_IF_ERROR(NoSeparators(r.kept[i].field, at + "field"));
    GEMIS_RETURN_IF_ERROR(NoSeparators(r.kept[i].reason_vi, at + "reasonVi"));
    GEMIS_RETURN_IF_ERROR(NoSeparators(r.kept[i].reason_en, at + "reasonEn"));
  }
  return Status::Ok();
}

Result<SubjectRequest> ReadRequestRow(const SqliteStatement& row) {
  SubjectRequest r;
  r.id = row.Int(0);
  r.uid = row.Text(1);
  const std::string what = "subject request " + r.uid;
  Result<PersonalRegister> reg = records::ParsePersonalRegister(row.TextView(2));
  if (!reg.ok()) return Status::Corruption(what + " names register '" + row.Text(2) + "'");
  r.register_kind = *reg;
  r.record_code = row.Text(3);
  Result<records::RequestKind> kind = records::ParseRequestKind(row.TextView(4));
  if (!kind.ok()) return Status::Corruption(what + " has kind '" + row.Text(4) + "'");
  r.kind = *kind;
  r.received_ms = row.Int(5);
  r.answered_ms = row.OptInt(6);
  r.handled_by = row.Text(7);
  if (!row.TextView(8).empty()) {
    for (std::string_view name : Split(row.TextView(8), '\n')) r.erased.emplace_back(name);
  }
  if (!row.TextView(9).empty()) {
    for (std::string_view line : Split(row.TextView(9), '\n')) {
      const std::vector<std::string_view> parts = Split(line, '\t');
      if (parts.size() != 3)
        return Status::Corruption(what + " has a kept field that is not 3 texts");
      r.kept.push_back(
          KeptField{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])});
    }
  }
  r.note = row.Text(10);
  return r;
}

std::string RegistersText(const std::vector<PersonalRegister>& registers) {
  std::string out;
  for (size_t i = 0; i < registers.size(); ++i) {
    out += (i ? "," : "") + std::string(records::PersonalRegisterName(registers[i]));
  }
  return out;
}

Result<Breach> ReadBreachRow(const SqliteStatement& row) {
  Breach b;
  b.id = row.Int(0);
  b.uid = row.Text(1);
  b.detected_ms = row.Int(2);
  b.description = row.Text(3);
  if (!row.TextView(4).empty()) {
    for (std::string_view name : Split(row.TextView(4), ',')) {
      Result<PersonalRegister> reg = records::ParsePersonalRegister(name);
      if (!reg.ok()) {
        return Status::Corruption("breach " + b.uid + " names register '" + std::string(name) +
                                  "'");
      }
      b.registers.push_back(*reg);
    }
  }
  b.subjects = row.OptInt(5);
  b.measures = row.Text(6);
  b.notified_ms = row.OptInt(7);
  b.notified_to = row.Text(8);
  b.late_reason = row.Text(9);
  return b;
}

}  // namespace

// ------------------------------------------------------ secure overwrite

// Why around the statement, not at open. The store's connections are
// opened by sqlite_store.cc, which does not set secure_delete, so it is the
// library's compile-time default: off in SQLite as released, on where the
// library is built with SQLITE_SECURE_DELETE (Debian's is). Setting it at
// open would make every delete and update of every table (bulk data value
// imports above all) pay for zeroing the bytes it frees; only the erasures
// need it. The pragma may be changed inside an open transaction: it sets a
// flag of the connection's b-tree that is read whenever a cell or a page is
// freed (https://sqlite.org/pragma.html#pragma_secure_delete names no
// restriction; an UPDATE run after it inside BEGIN IMMEDIATE leaves no trace
// of the old value in the file, and without it the old value stays — checked
// against the system's SQLite 3.40). So the erasing UPDATE runs with it on,
// and the setting found is put back, even when the UPDATE fails.
// What it does not reach: in WAL mode the database file's page is rewritten
// at the next checkpoint, and older WAL frames may hold the old page until
// the WAL restarts; backups and the storage device may keep old copies. The
// erased values were sealed (field_cipher.h) in any case: without the key
// those copies open to nothing.
Status RunSecurelyDeleting(SqliteDb& db, SqliteStatement& write) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement get, db.Prepare("PRAGMA main.secure_delete"));
  GEMIS_ASSIGN_OR_RETURN(bool row, get.Step());
  const int64_t before = row ? get.Int(0) : 0;  // 0 off, 1 on, 2 fast
  get.Reset();
  GEMIS_RETURN_IF_ERROR(db.Exec("PRAGMA main.secure_delete = ON"));
  Status status = write.Run();
  Status restored = db.Exec(std::string("PRAGMA main.secure_delete = ") + (before == 2   ? "FAST"
                                                                           : before != 0 ? "ON"
                                                                                         : "OFF"));
  return status.ok() ? restored : status;
}

// ------------------------------------------------------------------ uids

Result<std::string> SqliteTransaction::CodelessUid(std::string_view table, std::string_view what,
                                                   int64_t id, const std::string& uid) {
  const std::string name(what), t(table);
  if (!uid.empty() && !IsValidUid(uid)) {
    return Status::Invalid("'" + uid + "' is not a uid (11 letters or digits, a letter first)",
                           Field("uid"));
  }
  GEMIS_ASSIGN_OR_RETURN(std::string stored_uid, StoredUid(table, what, id, uid));
  if (id > 0) return stored_uid;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * holder,
                         CachedSql("SELECT id FROM " + t + " WHERE uid = ?"));
  if (!uid.empty()) {
    holder->Bind(1, uid);
    GEMIS_ASSIGN_OR_RETURN(bool taken, holder->Step());
    holder->Reset();
    if (taken) {
      return Status::AlreadyExists("uid '" + uid + "' already belongs to another " + name,
                                   Field("uid"));
    }
    return uid;
  }
  for (;;) {
    std::string fresh = FreshUid();
    holder->Bind(1, fresh);
    GEMIS_ASSIGN_OR_RETURN(bool taken, holder->Step());
    holder->Reset();
    if (!taken) return fresh;
  }
}

// -------------------------------------------------------------- requests

Result<std::vector<SubjectRequest>> SqliteTransaction::LoadSubjectRequests() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare(std::string("SELECT ") + kRequestColumns +
                                     " FROM subject_request ORDER BY received_ms DESC, id DESC"));
  std::vector<SubjectRequest> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(SubjectRequest r, ReadRequestRow(stmt));
    out.push_back(std::move(r));
  }
}

Result<std::optional<SubjectRequest>> SqliteTransaction::FindSubjectRequest(int64_t id) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * find,
      CachedSql(std::string("SELECT ") + kRequestColumns + " FROM subject_request WHERE id = ?"));
  find->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool row, find->Step());
  if (!row) {
    find->Reset();
    return std::optional<SubjectRequest>();
  }
  Result<SubjectRequest> r = ReadRequestRow(*find);
  find->Reset();
  if (!r.ok()) return r.status();
  return std::optional<SubjectRequest>(std::move(r).value());
}

Result<int64_t> SqliteTransaction::SaveSubjectRequest(const SubjectRequest& r) {
  GEMIS_RETURN_IF_ERROR(records::CheckSubjectRequest(r));
  GEMIS_RETURN_IF_ERROR(CheckRequestLists(r));
  GEMIS_ASSIGN_OR_RETURN(std::string uid,
                         CodelessUid("subject_request", "subject request", r.id, r.uid));
  SqliteStatement* write = nullptr;
  if (r.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("UPDATE subject_request SET uid = ?1, register = ?2, record_code = ?3,"
                         " kind = ?4, received_ms = ?5, answered_ms = ?6, handled_by = ?7,"
                         " erased = ?8, kept = ?9, note = ?10 WHERE id = ?11"));
    write->Bind(11, r.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO subject_request (uid, register, record_code, kind,"
                         " received_ms, answered_ms, handled_by, erased, kept, note) VALUES"
                         " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  }
  GEMIS_RETURN_IF_ERROR(write->Bind(1, uid)
                            .Bind(2, records::PersonalRegisterName(r.register_kind))
                            .Bind(3, r.record_code)
                            .Bind(4, records::RequestKindName(r.kind))
                            .Bind(5, r.received_ms)
                            .Bind(6, r.answered_ms)
                            .Bind(7, r.handled_by)
                            .Bind(8, ErasedText(r.erased))
                            .Bind(9, KeptText(r.kept))
                            .Bind(10, r.note)
                            .Run());
  return r.id > 0 ? r.id : db_.LastInsertRowid();
}

// -------------------------------------------------------------- breaches

Result<std::vector<Breach>> SqliteTransaction::LoadBreaches() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt,
                         db_.Prepare(std::string("SELECT ") + kBreachColumns +
                                     " FROM breach ORDER BY detected_ms DESC, id DESC"));
  std::vector<Breach> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    GEMIS_ASSIGN_OR_RETURN(Breach b, ReadBreachRow(stmt));
    out.push_back(std::move(b));
  }
}

Result<std::optional<Breach>> SqliteTransaction::FindBreach(int64_t id) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * find, CachedSql(std::string("SELECT ") + kBreachColumns +
                                                           " FROM breach WHERE id = ?"));
  find->Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool row, find->Step());
  if (!row) {
    find->Reset();
    return std::optional<Breach>();
  }
  Result<Breach> b = ReadBreachRow(*find);
  find->Reset();
  if (!b.ok()) return b.status();
  return std::optional<Breach>(std::move(b).value());
}

Result<int64_t> SqliteTransaction::SaveBreach(const Breach& b) {
  GEMIS_RETURN_IF_ERROR(records::CheckBreach(b));
  GEMIS_ASSIGN_OR_RETURN(std::string uid, CodelessUid("breach", "breach", b.id, b.uid));
  SqliteStatement* write = nullptr;
  if (b.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("UPDATE breach SET uid = ?1, detected_ms = ?2, description = ?3,"
                         " registers = ?4, subjects = ?5, measures = ?6, notified_ms = ?7,"
                         " notified_to = ?8, late_reason = ?9 WHERE id = ?10"));
    write->Bind(10, b.id);
  } else {
    GEMIS_ASSIGN_OR_RETURN(
        write, CachedSql("INSERT INTO breach (uid, detected_ms, description, registers,"
                         " subjects, measures, notified_ms, notified_to, late_reason) VALUES"
                         " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  }
  GEMIS_RETURN_IF_ERROR(write->Bind(1, uid)
                            .Bind(2, b.detected_ms)
                            .Bind(3, b.description)
                            .Bind(4, RegistersText(b.registers))
                            .Bind(5, b.subjects)
                            .Bind(6, b.measures)
                            .Bind(7, b.notified_ms)
                            .Bind(8, b.notified_to)
                            .Bind(9, b.late_reason)
                            .Run());
  return b.id > 0 ? b.id : db_.LastInsertRowid();
}

// ------------------------------------------------------------- retention

Result<std::vector<RetentionRule>> SqliteTransaction::LoadRetentionRules() {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stored,
                         CachedSql("SELECT register, years FROM retention_rule"));
  std::map<std::string, int64_t, std::less<>> years;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stored->Step());
    if (!row) break;
    years[stored->Text(0)] = stored->Int(1);
  }
  stored->Reset();
  std::vector<RetentionRule> out = records::DefaultRetention();
  for (RetentionRule& rule : out) {
    auto it = years.find(records::PersonalRegisterName(rule.register_kind));
    if (it != years.end()) rule.years = static_cast<int>(it->second);
  }
  return out;
}

Status SqliteTransaction::SaveRetentionRule(const RetentionRule& rule) {
  GEMIS_RETURN_IF_ERROR(records::CheckRetentionRule(rule));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * upsert,
                         CachedSql("INSERT INTO retention_rule (register, years) VALUES (?, ?)"
                                   " ON CONFLICT (register) DO UPDATE SET years = excluded.years"));
  return upsert->Bind(1, records::PersonalRegisterName(rule.register_kind))
      .Bind(2, static_cast<int64_t>(rule.years))
      .Run();
}

}  // namespace gemis::store
