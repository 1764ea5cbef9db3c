#include "server/auth.h"

#include <nlohmann/json.hpp>

#include "access/token.h"
#include "core/text.h"

namespace gemis::server {

namespace {

// How long a cached identity is trusted before the store is asked again
// (a change made by another process is seen within this time).
constexpr int64_t kRecheckMs = 1000;
// How often last use is written to the store.
constexpr int64_t kPersistSeenMs = 60 * 1000;

store::AuditEntry LoginAudit(std::string_view username, const access::User* user,
                             const std::string& address, std::string action, std::string outcome) {
  store::AuditEntry e;
  e.user_id = user ? user->id : 0;
  // A name that is not a valid username may be a password typed in the
  // wrong field: it is never written.
  e.username = access::CheckUsername(username).ok() ? std::string(username) : "?";
  e.address = address;
  e.action = std::move(action);
  e.object_type = "session";
  e.object_id = e.username;
  e.after = nlohmann::json{{"outcome", outcome}}.dump();
  return e;
}

}  // namespace

AuthService::AuthService(store::Store& store, const Clock& clock, AuthOptions options)
    : store_(store), clock_(clock), options_(options) {
  // The same cost as real hashes, so unknown users take as long.
  Result<std::string> dummy = access::HashPassword(access::RandomToken(), options_.password_cost);
  if (dummy.ok()) dummy_hash_ = std::move(dummy).value();
}

bool AuthService::AddressLocked(const std::string& address, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = address_failures_.find(address);
  if (it == address_failures_.end()) return false;
  auto& times = it->second;
  while (!times.empty() && times.front() < now - options_.address_window_ms) times.pop_front();
  if (times.empty()) {
    address_failures_.erase(it);
    return false;
  }
  return static_cast<int>(times.size()) >= options_.max_address_failures;
}

void AuthService::CountAddressFailure(const std::string& address, int64_t now) {
  std::lock_guard lock(mutex_);
  auto& times = address_failures_[address];
  times.push_back(now);
  while (static_cast<int>(times.size()) > options_.max_address_failures * 2) times.pop_front();
}

Result<LoginResult> AuthService::Login(std::string_view username_in, std::string_view password,
                                       const std::string& address) {
  int64_t now = clock_.NowMillis();
  std::string username = AsciiLower(username_in);
  LoginResult result;
  if (AddressLocked(address, now)) {
    result.error = LoginError::kAddressLocked;
    GEMIS_RETURN_IF_ERROR(store_.Write([&](store::WriteTransaction& txn) -> Status {
      return txn
          .AppendAudit(LoginAudit(username, nullptr, address, "login_refused", "address_locked"))
          .status();
    }));
    return result;
  }
  std::optional<access::User> user;
  GEMIS_RETURN_IF_ERROR(store_.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(user, txn.FindUser(username));
    return Status::Ok();
  }));
  if (!user) {
    access::VerifyPassword(dummy_hash_, password);
    CountAddressFailure(address, now);
    result.error = LoginError::kBadCredentials;
    GEMIS_RETURN_IF_ERROR(store_.Write([&](store::WriteTransaction& txn) -> Status {
      return txn.AppendAudit(LoginAudit(username, nullptr, address, "login_failed", "unknown_user"))
          .status();
    }));
    return result;
  }
  if (user->locked_until_ms > now) {
    result.error = LoginError::kAccountLocked;
    GEMIS_RETURN_IF_ERROR(store_.Write([&](store::WriteTransaction& txn) -> Status {
      return txn
          .AppendAudit(LoginAudit(username, &*user, address, "login_refused", "account_locked"))
          .status();
    }));
    return result;
  }
  bool good = access::VerifyPassword(user->password_hash, password);
  if (!good || user->disabled) {
    std::string outcome = good ? "disabled" : "bad_password";
    int64_t locked_until = 0;
    if (!good) CountAddressFailure(address, now);
    GEMIS_RETURN_IF_ERROR(store_.Write([&](store::WriteTransaction& txn) -> Status {
      if (!good) {
        // Counted on the row as it is inside the write (writers are
        // serialised), not as read above: concurrent guesses are never lost.
        GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> fresh, txn.FindUserById(user->id));
        if (fresh && fresh->locked_until_ms > now) {
          locked_until = fresh->locked_until_ms;  // locked meanwhile: not counted again
          outcome = "account_locked";
        } else {
          int failures = (fresh ? fresh->failed_logins : user->failed_logins) + 1;
          if (failures >= options_.max_failures) {
            locked_until = now + options_.lock_duration_ms;
            failures = 0;
            outcome = "bad_password_locked";
          }
          GEMIS_RETURN_IF_ERROR(txn.SetLoginFailures(user->id, failures, locked_until));
        }
      }
      return txn.AppendAudit(LoginAudit(username, &*user, address, "login_failed", outcome))
          .status();
    }));
    result.error = good ? LoginError::kDisabled
                        : (locked_until ? LoginError::kAccountLocked : LoginError::kBadCredentials);
    return result;
  }
  // Success: a new session.
  std::string rehash;
  if (access::NeedsRehash(user->password_hash, options_.password_cost)) {
    Result<std::string> h = access::HashPassword(password, options_.password_cost);
    if (h.ok()) rehash = std::move(h).value();
  }
  result.session_token = access::RandomToken();
  store::StoredSession session;
  session.token_hash = access::TokenHash(result.session_token);
  session.user_id = user->id;
  session.csrf_token = access::RandomToken();
  session.created_ms = now;
  session.last_seen_ms = now;
  session.expires_ms = now + options_.absolute_timeout_ms;
  session.address = address;
  std::vector<access::Role> roles;
  GEMIS_RETURN_IF_ERROR(store_.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(roles, txn.LoadRoles());
    if (user->failed_logins != 0 || user->locked_until_ms != 0) {
      GEMIS_RETURN_IF_ERROR(txn.SetLoginFailures(user->id, 0, 0));
    }
    if (!rehash.empty()) {
      access::User updated = *user;
      updated.password_hash = rehash;
      GEMIS_RETURN_IF_ERROR(txn.SaveUser(updated).status());
    }
    GEMIS_RETURN_IF_ERROR(txn.DeleteExpiredSessions(now).status());
    GEMIS_RETURN_IF_ERROR(txn.SaveSession(session));
    return txn.AppendAudit(LoginAudit(username, &*user, address, "login", "ok")).status();
  }));
  auto identity = std::make_shared<Identity>();
  identity->user = *user;
  identity->user.password_hash.clear();
  identity->principal = access::PrincipalOf(*user, roles);
  identity->csrf_token = session.csrf_token;
  identity->session_hash = session.token_hash;
  {
    std::lock_guard lock(mutex_);
    sessions_[session.token_hash] = Cached{identity, now, now, session.expires_ms, now};
  }
  result.identity = std::move(identity);
  return result;
}

Status AuthService::Logout(const Identity& identity, const std::string& address) {
  if (identity.session_hash.empty()) return Status::Ok();
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(identity.session_hash);
  }
  return store_.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.DeleteSession(identity.session_hash));
    return txn
        .AppendAudit(LoginAudit(identity.user.username, &identity.user, address, "logout", "ok"))
        .status();
  });
}

Result<std::shared_ptr<const Identity>> AuthService::FromSession(
    std::string_view cookie, const std::vector<access::Role>& roles) {
  if (cookie.size() != 43) return std::shared_ptr<const Identity>();
  int64_t now = clock_.NowMillis();
  std::string hash = access::TokenHash(cookie);
  bool persist = false;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end() && now - it->second.checked_ms < kRecheckMs) {
      Cached& c = it->second;
      if (now > c.expires_ms || now - c.last_seen_ms > options_.idle_timeout_ms) {
        sessions_.erase(it);
        return std::shared_ptr<const Identity>();
      }
      c.last_seen_ms = now;
      return c.identity;
    }
  }
  std::optional<store::StoredSession> session;
  std::optional<access::User> user;
  GEMIS_RETURN_IF_ERROR(store_.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(session, txn.FindSession(hash));
    if (session) {
      GEMIS_ASSIGN_OR_RETURN(user, txn.FindUserById(session->user_id));
    }
    return Status::Ok();
  }));
  int64_t last_seen = session ? session->last_seen_ms : 0;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end()) last_seen = std::max(last_seen, it->second.last_seen_ms);
  }
  bool valid = session && user && !user->disabled && now <= session->expires_ms &&
               now - last_seen <= options_.idle_timeout_ms;
  if (!valid) {
    {
      std::lock_guard lock(mutex_);
      sessions_.erase(hash);
    }
    if (session) {
      GEMIS_RETURN_IF_ERROR(
          store_.Write([&](store::WriteTransaction& txn) { return txn.DeleteSession(hash); }));
    }
    return std::shared_ptr<const Identity>();
  }
  auto identity = std::make_shared<Identity>();
  identity->user = std::move(*user);
  identity->user.password_hash.clear();
  identity->principal = access::PrincipalOf(identity->user, roles);
  identity->csrf_token = session->csrf_token;
  identity->session_hash = hash;
  int64_t persisted = session->last_seen_ms;
  {
    std::lock_guard lock(mutex_);
    Cached& c = sessions_[hash];
    c.identity = identity;
    c.last_seen_ms = now;
    c.expires_ms = session->expires_ms;
    c.checked_ms = now;
    persisted = std::max(persisted, c.persisted_seen_ms);
    persist = now - persisted > kPersistSeenMs;
    if (persist) c.persisted_seen_ms = now;
  }
  if (persist) {
    GEMIS_RETURN_IF_ERROR(
        store_.Write([&](store::WriteTransaction& txn) { return txn.TouchSession(hash, now); }));
  }
  return std::shared_ptr<const Identity>(identity);
}

Result<std::shared_ptr<const Identity>> AuthService::FromBearer(
    std::string_view token, const std::vector<access::Role>& roles) {
  if (!access::LooksLikeApiToken(token)) return std::shared_ptr<const Identity>();
  int64_t now = clock_.NowMillis();
  std::string hash = access::TokenHash(token);
  {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(hash);
    if (it != tokens_.end() && now - it->second.checked_ms < kRecheckMs) {
      if (it->second.expires_ms && now > it->second.expires_ms) {
        return std::shared_ptr<const Identity>();
      }
      return it->second.identity;
    }
  }
  std::optional<store::StoredApiToken> stored;
  std::optional<access::User> user;
  GEMIS_RETURN_IF_ERROR(store_.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindApiToken(hash));
    if (stored) {
      GEMIS_ASSIGN_OR_RETURN(user, txn.FindUserById(stored->user_id));
    }
    return Status::Ok();
  }));
  bool valid = stored && user && !stored->revoked && !user->disabled &&
               (stored->expires_ms == 0 || now <= stored->expires_ms);
  if (!valid) {
    std::lock_guard lock(mutex_);
    tokens_.erase(hash);
    return std::shared_ptr<const Identity>();
  }
  auto identity = std::make_shared<Identity>();
  identity->user = std::move(*user);
  identity->user.password_hash.clear();
  identity->principal = access::PrincipalOf(identity->user, roles);
  identity->api_token_id = stored->id;
  bool persist = now - stored->last_used_ms > kPersistSeenMs;
  {
    std::lock_guard lock(mutex_);
    tokens_[hash] = Cached{identity, now, now, stored->expires_ms, now};
  }
  if (persist) {
    GEMIS_RETURN_IF_ERROR(store_.Write(
        [&](store::WriteTransaction& txn) { return txn.TouchApiToken(stored->id, now); }));
  }
  return std::shared_ptr<const Identity>(identity);
}

bool AuthService::SessionFresh(std::string_view cookie) {
  if (cookie.size() != 43) return false;
  int64_t now = clock_.NowMillis();
  std::string hash = access::TokenHash(cookie);
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(hash);
  return it != sessions_.end() && now - it->second.checked_ms < kRecheckMs;
}

bool AuthService::BearerFresh(std::string_view token) {
  if (!access::LooksLikeApiToken(token)) return false;
  int64_t now = clock_.NowMillis();
  std::string hash = access::TokenHash(token);
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(hash);
  return it != tokens_.end() && now - it->second.checked_ms < kRecheckMs;
}

void AuthService::Invalidate(access::UserId user) {
  std::lock_guard lock(mutex_);
  for (auto* map : {&sessions_, &tokens_}) {
    for (auto it = map->begin(); it != map->end();) {
      if (user == 0 || it->second.identity->user.id == user) {
        it = map->erase(it);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace gemis::server
