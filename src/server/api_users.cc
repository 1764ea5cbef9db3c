// Users and roles: /api/users, /api/roles. Who may do what is
// access::CheckUserChange / CheckUserManage (docs/security.md, "Delegation").
#include "access/token.h"
#include "core/text.h"
#include "server/api.h"

namespace gemis::server {

nlohmann::json UserJson(const World& world, const access::User& u);  // api_session.cc

namespace {

using access::Authority;
using nlohmann::json;

Result<OrgUnitId> ResolveUnit(const World& world, const json& ref, const std::string& field) {
  if (!ref.is_string())
    return Status::Invalid("a unit is given by its uid or code", {"", 0, 0, field});
  std::string text = ref;
  if (const OrgUnit* u = world.hierarchy.FindByUid(text)) return u->id;
  if (const OrgUnit* u = world.hierarchy.FindByCode(text, world.today)) return u->id;
  return Status::NotFound("no org unit '" + text + "'", {"", 0, 0, field});
}

Result<std::vector<OrgUnitId>> ResolveUnits(const World& world, const json& list,
                                            const std::string& field) {
  std::vector<OrgUnitId> out;
  if (list.is_null()) return out;
  if (!list.is_array())
    return Status::Invalid(field + " must be a list of units", {"", 0, 0, field});
  for (size_t i = 0; i < list.size(); ++i) {
    GEMIS_ASSIGN_OR_RETURN(OrgUnitId id, ResolveUnit(world, list[i], field));
    out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> Strings(const json& list, const std::string& field) {
  std::vector<std::string> out;
  if (list.is_null()) return out;
  if (!list.is_array())
    return Status::Invalid(field + " must be a list of strings", {"", 0, 0, field});
  for (const json& item : list) {
    if (!item.is_string() || !IsValidUtf8(item.get<std::string>())) {
      return Status::Invalid(field + " must be a list of strings", {"", 0, 0, field});
    }
    out.push_back(item.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Applies the fields present in `body` to `user`.
Status ApplyUserFields(const World& world, const json& body, access::User& user) {
  auto text = [&](const char* name, std::string& out) -> Status {
    if (!body.contains(name)) return Status::Ok();
    if (!body[name].is_string())
      return Status::Invalid(std::string(name) + " must be text", {"", 0, 0, name});
    Result<std::string> nfc = ToNfc(body[name].get<std::string>());
    if (!nfc.ok()) return Status::Invalid(nfc.status().message(), {"", 0, 0, name});
    out = std::move(nfc).value();
    return Status::Ok();
  };
  GEMIS_RETURN_IF_ERROR(text("displayName", user.display_name));
  GEMIS_RETURN_IF_ERROR(text("email", user.email));
  if (body.contains("disabled")) {
    if (!body["disabled"].is_boolean())
      return Status::Invalid("disabled must be true or false", {"", 0, 0, "disabled"});
    user.disabled = body["disabled"];
  }
  if (body.contains("roles")) {
    GEMIS_ASSIGN_OR_RETURN(user.roles, Strings(body["roles"], "roles"));
  }
  if (body.contains("contentAreas")) {
    GEMIS_ASSIGN_OR_RETURN(user.content_areas, Strings(body["contentAreas"], "contentAreas"));
    for (const std::string& area : user.content_areas) {
      if (world.plans.FindProgramNode(area) == nullptr) {
        return Status::NotFound("no content area '" + area + "'", {"", 0, 0, "contentAreas"});
      }
    }
  }
  if (body.contains("entryScope")) {
    GEMIS_ASSIGN_OR_RETURN(user.entry_scope, ResolveUnits(world, body["entryScope"], "entryScope"));
  }
  if (body.contains("viewScope")) {
    GEMIS_ASSIGN_OR_RETURN(user.view_scope, ResolveUnits(world, body["viewScope"], "viewScope"));
  }
  if (body.contains("locked")) {
    if (!body["locked"].is_boolean() || body["locked"].get<bool>()) {
      return Status::Invalid("locked can only be set to false (unlock)", {"", 0, 0, "locked"});
    }
    user.locked_until_ms = 0;
    user.failed_logins = 0;
  }
  return Status::Ok();
}

// The audit view of a user: its JSON without volatile fields.
std::string AuditJson(const World& world, const access::User& u) {
  json j = UserJson(world, u);
  j.erase("passwordChangedAt");
  return j.dump();
}

Response ListUsers(Call& c) {
  std::vector<access::User> users;
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(users, txn.LoadUsers());
    return Status::Ok();
  });
  if (!status.ok()) return c.FromStatus(status);
  std::string q = c.target.Get("q") ? FoldForSearch(*c.target.Get("q")) : std::string();
  json out = json::array();
  for (const access::User& u : users) {
    if (!access::CheckUserManage(c.principal(), u, c.world->roles, *c.world->scopes).ok()) continue;
    if (!q.empty() &&
        FoldForSearch(u.username + " " + u.display_name).find(q) == std::string::npos) {
      continue;
    }
    out.push_back(UserJson(*c.world, u));
  }
  return c.Json({{"users", out}, {"total", out.size()}});
}

// The stored user the caller may manage, or the response to send.
std::optional<access::User> ManagedUser(Call& c, Response& error) {
  std::string username(c.Param("username"));
  std::optional<access::User> user;
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(user, txn.FindUser(username));
    return Status::Ok();
  });
  if (!status.ok()) {
    error = c.FromStatus(status);
    return std::nullopt;
  }
  // A user outside the caller's scope is "not found", like a missing one:
  // the answer does not tell which usernames exist elsewhere.
  if (!user ||
      !access::CheckUserManage(c.principal(), *user, c.world->roles, *c.world->scopes).ok()) {
    error =
        c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "username");
    return std::nullopt;
  }
  return user;
}

Response GetUser(Call& c) {
  Response error;
  std::optional<access::User> user = ManagedUser(c, error);
  if (!user) return error;
  json j = UserJson(*c.world, *user);
  Response res = c.Json(j);
  res.set(http::field::etag, EntityTag(j));
  return res;
}

Response CreateUser(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  access::User user;
  if (!(*body)["username"].is_string()) {
    return c.FromStatus(Status::Invalid("username is required", {"", 0, 0, "username"}));
  }
  user.username = (*body)["username"];
  Status status = access::CheckUsername(user.username);
  if (status.ok()) status = ApplyUserFields(*c.world, *body, user);
  if (!status.ok()) return c.FromStatus(status);
  if (!(*body)["password"].is_string()) {
    return c.FromStatus(Status::Invalid("password is required", {"", 0, 0, "password"}));
  }
  std::string password = (*body)["password"];
  if (!access::CheckPasswordStatus(password, user.username).ok()) {
    return c.Error(http::status::bad_request, "E_PASSWORD", MessageId::kApiPassword, {},
                   "password");
  }
  status = access::CheckUser(user);
  if (status.ok()) {
    status =
        access::CheckUserChange(c.principal(), nullptr, user, c.world->roles, *c.world->scopes);
  }
  if (!status.ok()) {
    if (status.code() == ErrorCode::kConflict) {
      return c.Error(http::status::forbidden, "E_GRANT", MessageId::kApiForbidden, status.message(),
                     status.where().field);
    }
    return c.FromStatus(status);
  }
  Result<std::string> hash = access::HashPassword(password, c.api.auth().options().password_cost);
  if (!hash.ok()) return c.FromStatus(hash.status());
  user.password_hash = *hash;
  user.created_by = c.identity->user.username;
  status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(user.id, txn.SaveUser(user));
    store::AuditEntry e = c.AuditEntryFor("create", "user", user.username);
    if (!user.view_scope.empty()) e.org_unit = user.view_scope.front();
    e.after = AuditJson(*c.world, user);
    return txn.AppendAudit(e).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  std::optional<access::User> stored;
  status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindUserById(user.id));
    return Status::Ok();
  });
  if (!status.ok() || !stored)
    return c.FromStatus(status.ok() ? Status::Internal("user vanished") : status);
  json j = UserJson(*c.world, *stored);
  Response res = c.Json(j, http::status::created);
  res.set(http::field::etag, EntityTag(j));
  res.set(http::field::location, "/api/users/" + user.username);
  return res;
}

Response UpdateUser(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  std::optional<access::User> before = ManagedUser(c, error);
  if (!before) return error;
  // If-Match: the caller's copy must be the current one (no lost update).
  auto if_match = c.req.find(http::field::if_match);
  if (if_match != c.req.end() && if_match->value() != "*" &&
      if_match->value() != EntityTag(UserJson(*c.world, *before))) {
    return c.Error(http::status::precondition_failed, "E_PRECONDITION",
                   MessageId::kApiPreconditionFailed);
  }
  access::User after = *before;
  Status status = ApplyUserFields(*c.world, *body, after);
  if (!status.ok()) return c.FromStatus(status);
  if (body->contains("username") && (*body)["username"] != before->username) {
    return c.FromStatus(Status::Invalid("a username cannot be changed", {"", 0, 0, "username"}));
  }
  bool new_password = body->contains("password");
  if (new_password && before->id == c.identity->user.id) {
    // Their own password only with the current one (/api/me/password):
    // a stolen session must not be enough to take the account over.
    return c.Error(http::status::forbidden, "E_FORBIDDEN", MessageId::kApiForbidden,
                   "change your own password at /api/me/password", "password");
  }
  if (new_password) {
    if (!(*body)["password"].is_string() ||
        !access::CheckPasswordStatus((*body)["password"].get<std::string>(), after.username).ok()) {
      return c.Error(http::status::bad_request, "E_PASSWORD", MessageId::kApiPassword, {},
                     "password");
    }
    Result<std::string> hash = access::HashPassword((*body)["password"].get<std::string>(),
                                                    c.api.auth().options().password_cost);
    if (!hash.ok()) return c.FromStatus(hash.status());
    after.password_hash = *hash;
    after.password_changed_at = FormatTimestamp(c.api.clock().NowMillis());
  }
  status = access::CheckUser(after);
  if (status.ok()) {
    status =
        access::CheckUserChange(c.principal(), &*before, after, c.world->roles, *c.world->scopes);
  }
  if (!status.ok()) {
    if (status.code() == ErrorCode::kConflict) {
      return c.Error(http::status::forbidden, "E_GRANT", MessageId::kApiForbidden, status.message(),
                     status.where().field);
    }
    return c.FromStatus(status);
  }
  status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveUser(after).status());
    if (after.disabled || new_password)
      GEMIS_RETURN_IF_ERROR(txn.DeleteUserSessions(after.id).status());
    bool grants = before->roles != after.roles || before->entry_scope != after.entry_scope ||
                  before->view_scope != after.view_scope ||
                  before->content_areas != after.content_areas;
    store::AuditEntry e = c.AuditEntryFor(grants ? "grant" : "update", "user", after.username);
    if (!after.view_scope.empty()) e.org_unit = after.view_scope.front();
    e.before = AuditJson(*c.world, *before);
    json a = json::parse(AuditJson(*c.world, after));
    if (new_password) a["password"] = "changed";
    e.after = a.dump();
    return txn.AppendAudit(e).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  c.api.auth().Invalidate(after.id);
  json j = UserJson(*c.world, after);
  Response res = c.Json(j);
  res.set(http::field::etag, EntityTag(j));
  return res;
}

Response ListRoles(Call& c) {
  json out = json::array();
  for (const access::Role& r : c.world->roles) {
    json authorities = json::array();
    for (Authority a : access::AllAuthorities()) {
      if (access::Has(r.authorities, a)) authorities.push_back(access::AuthorityName(a));
    }
    out.push_back({{"code", r.code},
                   {"name", c.lang == Lang::kEn && !r.name_en.empty() ? r.name_en : r.name},
                   {"builtin", r.builtin},
                   {"authorities", authorities}});
  }
  return c.Json({{"roles", out}});
}

Response CreateRole(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  access::Role role;
  if (!(*body)["code"].is_string() || !(*body)["name"].is_string()) {
    return c.FromStatus(Status::Invalid("code and name are required", {"", 0, 0, "code"}));
  }
  role.code = (*body)["code"];
  role.name = (*body)["name"];
  if ((*body)["nameEn"].is_string()) role.name_en = (*body)["nameEn"];
  Result<std::vector<std::string>> names = Strings((*body)["authorities"], "authorities");
  if (!names.ok()) return c.FromStatus(names.status());
  for (const std::string& n : *names) {
    Result<Authority> a = access::ParseAuthority(n);
    if (!a.ok())
      return c.FromStatus(Status::Invalid(a.status().message(), {"", 0, 0, "authorities"}));
    access::Add(role.authorities, *a);
  }
  // A role may hold only what its maker holds; sensitive ones need the
  // data-protection authority.
  const access::Principal& p = c.principal();
  access::AuthoritySet plain = role.authorities & ~access::SensitiveAuthorities();
  bool sensitive = (role.authorities & access::SensitiveAuthorities()).any();
  if (!p.system &&
      ((plain & ~p.authorities).any() || (sensitive && !p.Can(Authority::kGrantConfidential)))) {
    return c.Error(http::status::forbidden, "E_GRANT", MessageId::kApiForbidden,
                   "a role may hold only authorities you hold", "authorities");
  }
  Status status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(role.id, txn.SaveRole(role));
    store::AuditEntry e = c.AuditEntryFor("create", "role", role.code);
    e.after = json{{"code", role.code},
                   {"name", role.name},
                   {"authorities", access::FormatAuthorities(role.authorities)}}
                  .dump();
    return txn.AppendAudit(e).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  status = c.api.worlds().Reload();
  if (!status.ok()) return c.FromStatus(status);
  c.api.auth().Invalidate(0);
  return c.Json({{"code", role.code}, {"authorities", *names}}, http::status::created);
}

}  // namespace

void AddUserRoutes(Router& r) {
  using A = Authority;
  r.Add({http::verb::get, "/api/users", true, A::kManageUsers, ListUsers});
  r.Add({http::verb::post, "/api/users", true, A::kManageUsers, CreateUser});
  r.Add({http::verb::get, "/api/users/{username}", true, A::kManageUsers, GetUser});
  r.Add({http::verb::put, "/api/users/{username}", true, A::kManageUsers, UpdateUser});
  r.Add({http::verb::get, "/api/roles", true, std::nullopt, ListRoles});
  r.Add({http::verb::post, "/api/roles", true, A::kManageUsers, CreateRole});
}

}  // namespace gemis::server
