// Sign-in, sessions, personal API tokens and lockout (docs/security.md).
//
// Invariants:
//  (1) the store keeps only hashes of session ids and API tokens; the
//      cookie value and the token are shown once, to their owner;
//  (2) a session is valid until idle_timeout after its last use and never
//      past absolute_timeout after sign-in; a disabled user, a changed
//      password or a sign-out ends it at once (in this process: the cache
//      is cleared; another process's sessions are seen within a second);
//  (3) after max_failures failed sign-ins in a row an account is locked for
//      lock_duration, and an address with max_address_failures failures
//      within address_window is refused until they age out of it; a locked
//      sign-in is refused like a wrong password would be, but with its own
//      error code, and is not counted again;
//  (4) a failed sign-in for an unknown user costs the same Argon2id work as
//      for a known one, so timing does not reveal which usernames exist.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "access/password.h"
#include "access/principal.h"
#include "core/clock.h"
#include "store/store.h"

namespace gemis::server {

struct AuthOptions {
  int64_t idle_timeout_ms = 30 * 60 * 1000;           // 30 minutes
  int64_t absolute_timeout_ms = 12 * 60 * 60 * 1000;  // 12 hours
  int max_failures = 5;
  int64_t lock_duration_ms = 15 * 60 * 1000;
  int max_address_failures = 20;
  int64_t address_window_ms = 15 * 60 * 1000;
  access::PasswordCost password_cost = access::PasswordCost::kInteractive;
};

// Who a request is from, once authenticated.
struct Identity {
  access::User user;  // without password_hash
  access::Principal principal;
  std::string csrf_token;    // empty for API tokens (no cookie, no CSRF)
  std::string session_hash;  // empty for API tokens
  int64_t api_token_id = 0;
};

enum class LoginError { kNone, kBadCredentials, kAccountLocked, kAddressLocked, kDisabled };

struct LoginResult {
  LoginError error = LoginError::kNone;
  std::string session_token;  // the cookie value
  std::shared_ptr<const Identity> identity;
};

class AuthService {
 public:
  AuthService(store::Store& store, const Clock& clock, AuthOptions options);

  const AuthOptions& options() const { return options_; }

  // Checks the password, counts failures, opens a session. Audits the
  // sign-in (success or failure, never the password). A store failure is
  // the Status.
  Result<LoginResult> Login(std::string_view username, std::string_view password,
                            const std::string& address);
  // Ends the session (cookie value); unknown sessions are ignored.
  Status Logout(const Identity& identity, const std::string& address);
  // The identity of a session cookie value or a bearer token (nullptr when
  // unknown, expired, revoked or disabled). `roles` resolves role codes.
  Result<std::shared_ptr<const Identity>> FromSession(std::string_view cookie,
                                                      const std::vector<access::Role>& roles);
  Result<std::shared_ptr<const Identity>> FromBearer(std::string_view token,
                                                     const std::vector<access::Role>& roles);
  // Whether FromSession / FromBearer would answer from the cache without
  // the store (a known credential confirmed less than a second ago).
  bool SessionFresh(std::string_view cookie);
  bool BearerFresh(std::string_view token);
  // Forgets cached identities of `user` (after a change to the user) or of
  // everyone (user 0).
  void Invalidate(access::UserId user);

 private:
  bool AddressLocked(const std::string& address, int64_t now);
  void CountAddressFailure(const std::string& address, int64_t now);

  store::Store& store_;
  const Clock& clock_;
  AuthOptions options_;
  std::string dummy_hash_;  // for unknown users (invariant 4)

  struct Cached {
    std::shared_ptr<const Identity> identity;
    int64_t last_seen_ms = 0;
    int64_t persisted_seen_ms = 0;
    int64_t expires_ms = 0;
    int64_t checked_ms = 0;  // when the store last confirmed it
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> sessions_;  // by token hash
  std::unordered_map<std::string, Cached> tokens_;    // by token hash
  std::unordered_map<std::string, std::deque<int64_t>> address_failures_;
};

}  // namespace gemis::server
