// /api/health, sign-in and sign-out, the caller's own account and API tokens.
#include "access/token.h"
#include "core/text.h"
#include "server/api.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

std::string SessionCookie(const std::string& value, bool tls, int64_t max_age_s) {
  std::string c = "gemis_session=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (tls) c += "; Secure";
  return c;
}

json UnitRef(const World& world, OrgUnitId id) {
  const OrgUnit* u = world.hierarchy.Find(id);
  if (u == nullptr) return {{"id", nullptr}};
  const OrgUnitVersion* v = u->VersionAt(world.today);
  if (v == nullptr) v = &u->last();
  return {{"id", u->uid},
          {"code", v->code},
          {"name", v->FullName()},
          {"active", u->VersionAt(world.today) != nullptr}};
}

}  // namespace

// The JSON of a user for clients: never the password hash.
json UserJson(const World& world, const access::User& u) {
  json entry = json::array(), view = json::array();
  for (OrgUnitId id : u.entry_scope) entry.push_back(UnitRef(world, id));
  for (OrgUnitId id : u.view_scope) view.push_back(UnitRef(world, id));
  return {{"username", u.username},
          {"displayName", u.display_name},
          {"email", u.email},
          {"disabled", u.disabled},
          {"roles", u.roles},
          {"entryScope", entry},
          {"viewScope", view},
          {"contentAreas", u.content_areas},
          {"locked", u.locked_until_ms != 0},
          {"createdBy", u.created_by},
          {"createdAt", u.created_at},
          {"passwordChangedAt", u.password_changed_at}};
}

namespace {

json MeJson(const Call& c) {
  const Identity& id = *c.identity;
  json me = UserJson(*c.world, id.user);
  json authorities = json::array();
  for (Authority a : access::AllAuthorities()) {
    if (id.principal.Can(a)) authorities.push_back(access::AuthorityName(a));
  }
  me["authorities"] = authorities;
  if (!id.csrf_token.empty()) me["csrfToken"] = id.csrf_token;
  return me;
}

Response Health(Call& c) { return c.Json({{"status", "ok"}, {"version", GEMIS_VERSION_TEXT}}); }

Response Login(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  if (!(*body)["username"].is_string() || !(*body)["password"].is_string()) {
    return c.Error(http::status::bad_request, "E_INVALID", MessageId::kApiInvalid,
                   "username and password are required", "username");
  }
  std::string username = (*body)["username"];
  std::string password = (*body)["password"];
  Result<LoginResult> result = c.api.auth().Login(username, password, c.ctx.remote_address);
  if (!result.ok()) return c.FromStatus(result.status());
  switch (result->error) {
    case LoginError::kNone: break;
    case LoginError::kAccountLocked:
      return c.Error(http::status::too_many_requests, "E_LOCKED", MessageId::kApiAccountLocked);
    case LoginError::kAddressLocked:
      return c.Error(http::status::too_many_requests, "E_ADDRESS_LOCKED",
                     MessageId::kApiAddressLocked);
    case LoginError::kBadCredentials:
    case LoginError::kDisabled:
      return c.Error(http::status::unauthorized, "E_LOGIN", MessageId::kApiLoginFailed);
  }
  c.identity = result->identity;
  c.ctx.user = std::to_string(c.identity->user.id);
  Response res = c.Json(MeJson(c));
  res.set(http::field::set_cookie,
          SessionCookie(result->session_token, c.ctx.tls,
                        c.api.auth().options().absolute_timeout_ms / 1000));
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response Logout(Call& c) {
  Status status = c.api.auth().Logout(*c.identity, c.ctx.remote_address);
  if (!status.ok()) return c.FromStatus(status);
  Response res = c.Json({{"status", "ok"}});
  res.set(http::field::set_cookie, SessionCookie("", c.ctx.tls, 0));
  return res;
}

Response Me(Call& c) { return c.Json(MeJson(c)); }

Response ChangeOwnPassword(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  if (!(*body)["currentPassword"].is_string() || !(*body)["newPassword"].is_string()) {
    return c.Error(http::status::bad_request, "E_INVALID", MessageId::kApiInvalid,
                   "currentPassword and newPassword are required", "newPassword");
  }
  std::string current = (*body)["currentPassword"], next = (*body)["newPassword"];
  const access::User& me = c.identity->user;
  if (!access::CheckPasswordStatus(next, me.username).ok()) {
    return c.Error(http::status::bad_request, "E_PASSWORD", MessageId::kApiPassword, {},
                   "newPassword");
  }
  std::optional<access::User> stored;
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindUserById(me.id));
    return Status::Ok();
  });
  if (!status.ok()) return c.FromStatus(status);
  if (!stored || !access::VerifyPassword(stored->password_hash, current)) {
    return c.Error(http::status::forbidden, "E_LOGIN", MessageId::kApiLoginFailed, {},
                   "currentPassword");
  }
  Result<std::string> hash = access::HashPassword(next, c.api.auth().options().password_cost);
  if (!hash.ok()) return c.FromStatus(hash.status());
  stored->password_hash = *hash;
  stored->password_changed_at = FormatTimestamp(c.api.clock().NowMillis());
  status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveUser(*stored).status());
    // Every session of the user ends, this one too: sign in again.
    GEMIS_RETURN_IF_ERROR(txn.DeleteUserSessions(me.id).status());
    return txn.AppendAudit(c.AuditEntryFor("password", "user", me.username)).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  c.api.auth().Invalidate(me.id);
  Response res = c.Json({{"status", "ok"}});
  res.set(http::field::set_cookie, SessionCookie("", c.ctx.tls, 0));
  return res;
}

json TokenJson(const store::StoredApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"createdAt", t.created_at},
          {"expires", t.expires_ms ? json(FormatTimestamp(t.expires_ms)) : json(nullptr)},
          {"lastUsed", t.last_used_ms ? json(FormatTimestamp(t.last_used_ms)) : json(nullptr)},
          {"revoked", t.revoked}};
}

Response ListTokens(Call& c) {
  std::vector<store::StoredApiToken> tokens;
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(tokens, txn.LoadApiTokens(c.identity->user.id));
    return Status::Ok();
  });
  if (!status.ok()) return c.FromStatus(status);
  json out = json::array();
  for (const auto& t : tokens) out.push_back(TokenJson(t));
  return c.Json({{"tokens", out}});
}

Response CreateToken(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  json name = (*body)["name"];
  if (!name.is_string() || name.get<std::string>().empty() ||
      !IsValidUtf8(name.get<std::string>()) || name.get<std::string>().size() > 200) {
    return c.Error(http::status::bad_request, "E_INVALID", MessageId::kApiInvalid,
                   "a name of 1 to 200 bytes is required", "name");
  }
  int64_t days = 90;
  if (body->contains("expiresInDays")) {
    json d = (*body)["expiresInDays"];
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 366) {
      return c.Error(http::status::bad_request, "E_INVALID", MessageId::kApiInvalid,
                     "expiresInDays must be 1 to 366", "expiresInDays");
    }
    days = d.get<int64_t>();
  }
  std::string token = access::NewApiToken();
  store::StoredApiToken stored;
  stored.token_hash = access::TokenHash(token);
  stored.user_id = c.identity->user.id;
  stored.name = name.get<std::string>();
  stored.expires_ms = c.api.clock().NowMillis() + days * 86400000;
  Status status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored.id, txn.SaveApiToken(stored));
    store::AuditEntry e = c.AuditEntryFor("create", "apiToken", std::to_string(stored.id));
    e.after = json{{"name", stored.name}, {"expires", FormatTimestamp(stored.expires_ms)}}.dump();
    return txn.AppendAudit(e).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  json out = TokenJson(stored);
  out["token"] = token;  // shown once
  Response res = c.Json(out, http::status::created);
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response RevokeToken(Call& c) {
  std::optional<int64_t> parsed = c.IdParam("id");
  if (!parsed) return c.FromStatus(Status::NotFound("no such token", {"", 0, 0, "id"}));
  const int64_t id = *parsed;
  Status status = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.RevokeApiToken(c.identity->user.id, id));
    return txn.AppendAudit(c.AuditEntryFor("revoke", "apiToken", std::to_string(id))).status();
  });
  if (!status.ok()) return c.FromStatus(status);
  c.api.auth().Invalidate(c.identity->user.id);
  return c.Json({{"status", "ok"}});
}

}  // namespace

void AddSessionRoutes(Router& r) {
  r.Add({http::verb::get, "/api/health", false, std::nullopt, Health});
  r.Add({http::verb::post, "/api/auth/login", false, std::nullopt, Login});
  r.Add({http::verb::post, "/api/auth/logout", true, std::nullopt, Logout});
  r.Add({http::verb::get, "/api/me", true, std::nullopt, Me});
  r.Add({http::verb::post, "/api/me/password", true, std::nullopt, ChangeOwnPassword});
  r.Add({http::verb::get, "/api/me/tokens", true, std::nullopt, ListTokens});
  r.Add({http::verb::post, "/api/me/tokens", true, std::nullopt, CreateToken});
  r.Add({http::verb::delete_, "/api/me/tokens/{id}", true, std::nullopt, RevokeToken});
}

}  // namespace gemis::server
