// Access control and the general audit log in SQLite (migration 11).
#include <algorithm>

#include "store/sqlite_transaction.h"

namespace gemis::store {

namespace {

Location Field(std::string field) { return {"", 0, 0, std::move(field)}; }

constexpr const char* kUserColumns =
    "id, username, display_name, email, disabled, password_hash, password_changed_at,"
    " failed_logins, locked_until_ms, created_by, created_at";

access::User ReadUserRow(const SqliteStatement& row) {
  access::User u;
  u.id = row.Int(0);
  u.username = row.Text(1);
  u.display_name = row.Text(2);
  u.email = row.Text(3);
  u.disabled = row.Int(4) != 0;
  u.password_hash = row.Text(5);
  u.password_changed_at = row.Text(6);
  u.failed_logins = static_cast<int>(row.Int(7));
  u.locked_until_ms = row.Int(8);
  u.created_by = row.Text(9);
  u.created_at = row.Text(10);
  return u;
}

constexpr const char* kTokenColumns =
    "id, token_hash, user_id, name, created_at, expires_ms, last_used_ms, revoked";

StoredApiToken ReadTokenRow(const SqliteStatement& row) {
  StoredApiToken t;
  t.id = row.Int(0);
  t.token_hash = row.Text(1);
  t.user_id = row.Int(2);
  t.name = row.Text(3);
  t.created_at = row.Text(4);
  t.expires_ms = row.Int(5);
  t.last_used_ms = row.Int(6);
  t.revoked = row.Int(7) != 0;
  return t;
}

}  // namespace

Result<std::vector<access::Role>> SqliteTransaction::LoadRoles() {
  std::vector<access::Role> out;
  access::RoleId next = -1;
  for (const access::Role& r : access::BuiltinRoles()) {
    out.push_back(r);
    out.back().id = next--;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db_.Prepare("SELECT id, code, name, name_en, authorities FROM role ORDER BY code"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    access::Role r;
    r.id = stmt.Int(0);
    r.code = stmt.Text(1);
    r.name = stmt.Text(2);
    r.name_en = stmt.Text(3);
    Result<access::AuthoritySet> set = access::ParseAuthorities(stmt.Text(4));
    if (!set.ok()) {
      return Status::Corruption("role '" + r.code + "': " + set.status().message());
    }
    r.authorities = *set;
    out.push_back(std::move(r));
  }
}

Status SqliteTransaction::LoadGrants(access::User& user) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * roles,
      CachedSql("SELECT role_code FROM user_role WHERE user_id = ? ORDER BY role_code"));
  roles->Bind(1, user.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, roles->Step());
    if (!row) break;
    user.roles.push_back(roles->Text(0));
  }
  roles->Reset();
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * scopes,
                         CachedSql("SELECT kind, org_unit_id FROM user_scope WHERE user_id = ?"
                                   " ORDER BY kind, org_unit_id"));
  scopes->Bind(1, user.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, scopes->Step());
    if (!row) break;
    (scopes->Text(0) == "entry" ? user.entry_scope : user.view_scope).push_back(scopes->Int(1));
  }
  scopes->Reset();
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * areas,
                         CachedSql("SELECT program_node_code FROM user_content_area"
                                   " WHERE user_id = ? ORDER BY program_node_code"));
  areas->Bind(1, user.id);
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, areas->Step());
    if (!row) break;
    user.content_areas.push_back(areas->Text(0));
  }
  areas->Reset();
  return Status::Ok();
}

Result<std::vector<access::User>> SqliteTransaction::LoadUsers() {
  std::vector<access::User> out;
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(std::string("SELECT ") + kUserColumns +
                                                           " FROM app_user ORDER BY username"));
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadUserRow(stmt));
  }
  for (access::User& u : out) GEMIS_RETURN_IF_ERROR(LoadGrants(u));
  return out;
}

Result<std::optional<access::User>> SqliteTransaction::FindUserWhere(std::string_view where,
                                                                     int64_t id,
                                                                     std::string_view name) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql(std::string("SELECT ") + kUserColumns + " FROM app_user WHERE " +
                                   std::string(where)));
  if (name.empty()) {
    stmt->Bind(1, id);
  } else {
    stmt->Bind(1, name);
  }
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  std::optional<access::User> user;
  if (row) user = ReadUserRow(*stmt);
  stmt->Reset();
  if (user) GEMIS_RETURN_IF_ERROR(LoadGrants(*user));
  return user;
}

Result<std::optional<access::User>> SqliteTransaction::FindUser(std::string_view username) {
  if (username.empty()) return std::optional<access::User>();
  return FindUserWhere("username = ?", 0, username);
}

Result<std::optional<access::User>> SqliteTransaction::FindUserById(access::UserId id) {
  return FindUserWhere("id = ?", id, {});
}

Result<access::RoleId> SqliteTransaction::SaveRole(const access::Role& role) {
  GEMIS_RETURN_IF_ERROR(access::CheckRole(role));
  if (access::FindBuiltinRole(role.code) != nullptr) {
    return Status::Invalid("'" + role.code + "' is a built-in role and cannot be changed",
                           Field("code"));
  }
  std::string authorities = access::FormatAuthorities(role.authorities);
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * exists, CachedSql("SELECT id FROM role WHERE code = ?"));
  exists->Bind(1, role.code);
  GEMIS_ASSIGN_OR_RETURN(bool taken, exists->Step());
  access::RoleId holder = taken ? exists->Int(0) : 0;
  exists->Reset();
  if (taken && holder != role.id) {
    return Status(ErrorCode::kAlreadyExists, "role '" + role.code + "' already exists",
                  Field("code"));
  }
  if (role.id > 0) {
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * old_code,
                           CachedSql("SELECT code FROM role WHERE id = ?"));
    old_code->Bind(1, role.id);
    GEMIS_ASSIGN_OR_RETURN(bool found, old_code->Step());
    std::string was = found ? old_code->Text(0) : std::string();
    old_code->Reset();
    if (!found) {
      return Status::NotFound("role " + std::to_string(role.id) + " does not exist", Field("id"));
    }
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * update,
        CachedSql("UPDATE role SET code = ?, name = ?, name_en = ?, authorities = ? WHERE id = ?"));
    update->Bind(1, role.code).Bind(2, role.name).Bind(3, role.name_en).Bind(4, authorities);
    update->Bind(5, role.id);
    GEMIS_RETURN_IF_ERROR(update->Run());
    // user_role names roles by code: a renamed role keeps its holders.
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * rename,
                           CachedSql("UPDATE user_role SET role_code = ? WHERE role_code = ?"));
    rename->Bind(1, role.code).Bind(2, was);
    GEMIS_RETURN_IF_ERROR(rename->Run());
    return role.id;
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * insert,
      CachedSql("INSERT INTO role (code, name, name_en, authorities) VALUES (?, ?, ?, ?)"));
  insert->Bind(1, role.code).Bind(2, role.name).Bind(3, role.name_en).Bind(4, authorities);
  GEMIS_RETURN_IF_ERROR(insert->Run());
  return db_.LastInsertRowid();
}

Result<access::UserId> SqliteTransaction::SaveUser(const access::User& user) {
  GEMIS_RETURN_IF_ERROR(access::CheckUser(user));
  if (user.password_hash.empty()) {
    return Status::Invalid("a user needs a password hash", Field("password"));
  }
  // Roles by code: built-in or stored.
  for (const std::string& code : user.roles) {
    if (access::FindBuiltinRole(code) != nullptr) continue;
    GEMIS_ASSIGN_OR_RETURN(SqliteStatement * role, CachedSql("SELECT 1 FROM role WHERE code = ?"));
    role->Bind(1, code);
    GEMIS_ASSIGN_OR_RETURN(bool found, role->Step());
    role->Reset();
    if (!found) return Status::NotFound("no role '" + code + "'", Field("roles"));
  }
  for (OrgUnitId unit : user.entry_scope) {
    GEMIS_RETURN_IF_ERROR(RequireId("org_unit", unit, "org unit", "entryScope"));
  }
  for (OrgUnitId unit : user.view_scope) {
    GEMIS_RETURN_IF_ERROR(RequireId("org_unit", unit, "org unit", "viewScope"));
  }
  access::UserId id = user.id;
  if (id == 0) {
    GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> existing, FindUser(user.username));
    if (existing) {
      return Status(ErrorCode::kAlreadyExists, "user '" + user.username + "' already exists",
                    Field("username"));
    }
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * insert,
        CachedSql("INSERT INTO app_user (username, display_name, email, disabled, password_hash,"
                  " password_changed_at, failed_logins, locked_until_ms, created_by, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    std::string now = Now();
    insert->Bind(1, user.username)
        .Bind(2, user.display_name)
        .Bind(3, user.email)
        .Bind(4, user.disabled ? 1 : 0)
        .Bind(5, user.password_hash)
        .Bind(6, user.password_changed_at.empty() ? now : user.password_changed_at)
        .Bind(7, user.failed_logins)
        .Bind(8, user.locked_until_ms)
        .Bind(9, user.created_by)
        .Bind(10, user.created_at.empty() ? now : user.created_at);
    GEMIS_RETURN_IF_ERROR(insert->Run());
    id = db_.LastInsertRowid();
  } else {
    GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> holder, FindUser(user.username));
    if (holder && holder->id != id) {
      return Status(ErrorCode::kAlreadyExists, "user '" + user.username + "' already exists",
                    Field("username"));
    }
    GEMIS_ASSIGN_OR_RETURN(
        SqliteStatement * update,
        CachedSql("UPDATE app_user SET username = ?, display_name = ?, email = ?, disabled = ?,"
                  " password_hash = ?, password_changed_at = ?, failed_logins = ?,"
                  " locked_until_ms = ? WHERE id = ?"));
    update->Bind(1, user.username)
        .Bind(2, user.display_name)
        .Bind(3, user.email)
        .Bind(4, user.disabled ? 1 : 0)
        .Bind(5, user.password_hash)
        .Bind(6, user.password_changed_at)
        .Bind(7, user.failed_logins)
        .Bind(8, user.locked_until_ms)
        .Bind(9, id);
    GEMIS_RETURN_IF_ERROR(update->Run());
    if (db_.Changes() == 0) {
      return Status::NotFound("user " + std::to_string(id) + " does not exist", Field("id"));
    }
    for (const char* table : {"user_role", "user_scope", "user_content_area"}) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * clear,
                             CachedSql(std::string("DELETE FROM ") + table + " WHERE user_id = ?"));
      clear->Bind(1, id);
      GEMIS_RETURN_IF_ERROR(clear->Run());
    }
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * role,
      CachedSql("INSERT OR IGNORE INTO user_role (user_id, role_code) VALUES (?, ?)"));
  for (const std::string& code : user.roles) {
    role->Bind(1, id).Bind(2, code);
    GEMIS_RETURN_IF_ERROR(role->Run());
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * scope,
      CachedSql("INSERT OR IGNORE INTO user_scope (user_id, kind, org_unit_id) VALUES (?, ?, ?)"));
  for (OrgUnitId unit : user.entry_scope) {
    scope->Bind(1, id).Bind(2, "entry").Bind(3, unit);
    GEMIS_RETURN_IF_ERROR(scope->Run());
  }
  for (OrgUnitId unit : user.view_scope) {
    scope->Bind(1, id).Bind(2, "view").Bind(3, unit);
    GEMIS_RETURN_IF_ERROR(scope->Run());
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * area,
                         CachedSql("INSERT OR IGNORE INTO user_content_area"
                                   " (user_id, program_node_code) VALUES (?, ?)"));
  for (const std::string& code : user.content_areas) {
    area->Bind(1, id).Bind(2, code);
    GEMIS_RETURN_IF_ERROR(area->Run());
  }
  return id;
}

Status SqliteTransaction::SetLoginFailures(access::UserId user, int failed_logins,
                                           int64_t locked_until_ms) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("UPDATE app_user SET failed_logins = ?, locked_until_ms = ? WHERE id = ?"));
  stmt->Bind(1, failed_logins).Bind(2, locked_until_ms).Bind(3, user);
  return stmt->Run();
}

Result<std::optional<StoredSession>> SqliteTransaction::FindSession(std::string_view token_hash) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("SELECT token_hash, user_id, csrf_token, created_ms, last_seen_ms, expires_ms,"
                " address FROM user_session WHERE token_hash = ?"));
  stmt->Bind(1, token_hash);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  std::optional<StoredSession> out;
  if (row) {
    out = StoredSession{stmt->Text(0), stmt->Int(1), stmt->Text(2), stmt->Int(3),
                        stmt->Int(4),  stmt->Int(5), stmt->Text(6)};
  }
  stmt->Reset();
  return out;
}

Status SqliteTransaction::SaveSession(const StoredSession& s) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("INSERT OR REPLACE INTO user_session (token_hash, user_id, csrf_token, created_ms,"
                " last_seen_ms, expires_ms, address) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  stmt->Bind(1, s.token_hash)
      .Bind(2, s.user_id)
      .Bind(3, s.csrf_token)
      .Bind(4, s.created_ms)
      .Bind(5, s.last_seen_ms)
      .Bind(6, s.expires_ms)
      .Bind(7, s.address);
  return stmt->Run();
}

Status SqliteTransaction::TouchSession(std::string_view token_hash, int64_t last_seen_ms) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("UPDATE user_session SET last_seen_ms = ? WHERE token_hash = ?"));
  stmt->Bind(1, last_seen_ms).Bind(2, token_hash);
  return stmt->Run();
}

Status SqliteTransaction::DeleteSession(std::string_view token_hash) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql("DELETE FROM user_session WHERE token_hash = ?"));
  stmt->Bind(1, token_hash);
  return stmt->Run();
}

Result<int64_t> SqliteTransaction::DeleteUserSessions(access::UserId user) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql("DELETE FROM user_session WHERE user_id = ?"));
  stmt->Bind(1, user);
  GEMIS_RETURN_IF_ERROR(stmt->Run());
  return static_cast<int64_t>(db_.Changes());
}

Result<int64_t> SqliteTransaction::DeleteExpiredSessions(int64_t now_ms) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql("DELETE FROM user_session WHERE expires_ms < ?"));
  stmt->Bind(1, now_ms);
  GEMIS_RETURN_IF_ERROR(stmt->Run());
  return static_cast<int64_t>(db_.Changes());
}

Result<std::optional<StoredApiToken>> SqliteTransaction::FindApiToken(std::string_view token_hash) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt, CachedSql(std::string("SELECT ") + kTokenColumns +
                                                           " FROM api_token WHERE token_hash = ?"));
  stmt->Bind(1, token_hash);
  GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  std::optional<StoredApiToken> out;
  if (row) out = ReadTokenRow(*stmt);
  stmt->Reset();
  return out;
}

Result<std::vector<StoredApiToken>> SqliteTransaction::LoadApiTokens(access::UserId user) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql(std::string("SELECT ") + kTokenColumns +
                                   " FROM api_token WHERE user_id = ? ORDER BY id"));
  stmt->Bind(1, user);
  std::vector<StoredApiToken> out;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(ReadTokenRow(*stmt));
  }
  stmt->Reset();
  return out;
}

Result<int64_t> SqliteTransaction::SaveApiToken(const StoredApiToken& t) {
  if (t.name.empty()) return Status::Invalid("an API token needs a name", Field("name"));
  GEMIS_RETURN_IF_ERROR(RequireId("app_user", t.user_id, "user", "user"));
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("INSERT INTO api_token (token_hash, user_id, name, created_at, expires_ms,"
                " last_used_ms, revoked) VALUES (?, ?, ?, ?, ?, 0, 0)"));
  stmt->Bind(1, t.token_hash)
      .Bind(2, t.user_id)
      .Bind(3, t.name)
      .Bind(4, t.created_at.empty() ? Now() : t.created_at)
      .Bind(5, t.expires_ms);
  GEMIS_RETURN_IF_ERROR(stmt->Run());
  return db_.LastInsertRowid();
}

Status SqliteTransaction::TouchApiToken(int64_t id, int64_t last_used_ms) {
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                         CachedSql("UPDATE api_token SET last_used_ms = ? WHERE id = ?"));
  stmt->Bind(1, last_used_ms).Bind(2, id);
  return stmt->Run();
}

Status SqliteTransaction::RevokeApiToken(access::UserId user, int64_t id) {
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("UPDATE api_token SET revoked = 1 WHERE id = ? AND user_id = ?"));
  stmt->Bind(1, id).Bind(2, user);
  GEMIS_RETURN_IF_ERROR(stmt->Run());
  if (db_.Changes() == 0) {
    return Status::NotFound("no API token " + std::to_string(id), Field("id"));
  }
  return Status::Ok();
}

Result<int64_t> SqliteTransaction::AppendAudit(const AuditEntry& e) {
  if (e.action.empty() || e.object_type.empty() || e.username.empty()) {
    return Status(ErrorCode::kInternal, "an audit entry needs an action, object type and user");
  }
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement * stmt,
      CachedSql("INSERT INTO audit_log (at, user_id, username, address, action, object_type,"
                " object_id, org_unit_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->Bind(1, e.at.empty() ? Now() : e.at);
  if (e.user_id != 0) {
    stmt->Bind(2, e.user_id);
  } else {
    stmt->BindNull(2);
  }
  stmt->Bind(3, e.username)
      .Bind(4, e.address)
      .Bind(5, e.action)
      .Bind(6, e.object_type)
      .Bind(7, e.object_id)
      .Bind(8, e.org_unit)
      .Bind(9, e.before)
      .Bind(10, e.after);
  GEMIS_RETURN_IF_ERROR(stmt->Run());
  return db_.LastInsertRowid();
}

Status SqliteTransaction::ScanAudit(const AuditFilter& f,
                                    const std::function<Status(const AuditEntry&)>& fn) {
  std::string sql =
      "SELECT id, at, user_id, username, address, action, object_type, object_id, org_unit_id,"
      " before, after FROM audit_log WHERE 1";
  std::vector<std::string> text;
  auto add = [&](const std::string& value, const char* clause) {
    if (value.empty()) return;
    sql += clause;
    text.push_back(value);
  };
  add(f.object_type, " AND object_type = ?");
  add(f.object_id, " AND object_id = ?");
  add(f.username, " AND username = ?");
  add(f.action, " AND action = ?");
  add(f.from, " AND at >= ?");
  // "to" is inclusive of its day or moment: compare on the prefix.
  add(f.to, " AND substr(at, 1, length(?)) <= ?");
  if (f.before_id > 0) sql += " AND id < " + std::to_string(f.before_id);
  sql += " ORDER BY id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 10000));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db_.Prepare(sql));
  int index = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    stmt.Bind(index++, text[i]);
    if (!f.to.empty() && i + 1 == text.size()) stmt.Bind(index++, text[i]);
  }
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    AuditEntry e;
    e.id = stmt.Int(0);
    e.at = stmt.Text(1);
    e.user_id = stmt.OptInt(2).value_or(0);
    e.username = stmt.Text(3);
    e.address = stmt.Text(4);
    e.action = stmt.Text(5);
    e.object_type = stmt.Text(6);
    e.object_id = stmt.Text(7);
    e.org_unit = stmt.OptInt(8);
    e.before = stmt.OptText(9);
    e.after = stmt.OptText(10);
    GEMIS_RETURN_IF_ERROR(fn(e));
  }
}

}  // namespace gemis::store
