// What the store keeps for access control and accountability: custom roles,
// users with their grants, sessions, personal API tokens, and the general
// audit log (docs/security.md). Secrets are stored only as hashes:
// sessions and tokens by TokenHash, passwords as Argon2id strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "access/authority.h"
#include "access/user.h"
#include "core/org_unit.h"

namespace gemis::store {

// A signed-in browser session. Idle expiry is last_seen + the server's idle
// limit; `expires_ms` is the absolute end.
struct StoredSession {
  std::string token_hash;  // TokenHash of the cookie value
  access::UserId user_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token on every change
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t expires_ms = 0;
  std::string address;  // where it was opened
};

// A personal API token for machine clients (Authorization: Bearer gmt_…).
struct StoredApiToken {
  int64_t id = 0;
  std::string token_hash;
  access::UserId user_id = 0;
  std::string name;        // "DHIS2 sync"
  std::string created_at;  // ISO 8601 UTC
  int64_t expires_ms = 0;  // 0 = no expiry
  int64_t last_used_ms = 0;
  bool revoked = false;
};

// One entry of the append-only audit log: who did what to which object,
// from where, with the object before and after (JSON text; never a password
// hash, a token or a confidential field).
struct AuditEntry {
  int64_t id = 0;              // set by the store
  std::string at;              // ISO 8601 UTC; set by the store when empty
  access::UserId user_id = 0;  // 0 for the command line
  std::string username;        // "hoa.nt", "cli:root"
  std::string address;         // client IP, "" for the command line
  std::string action;          // "create", "update", "delete", "login", "import", "grant", …
  std::string object_type;     // "user", "dataValue", "orgUnit", "plan", "session", …
  std::string object_id;       // the object's code, uid or key
  std::optional<OrgUnitId> org_unit;  // where it belongs (scope filter of GET /api/audit)
  std::optional<std::string> before, after;
};

// Which entries ScanAudit returns; empty fields mean "any". Newest first.
struct AuditFilter {
  std::string object_type, object_id, username, action;
  std::string from, to;   // ISO 8601 prefixes compared as text ("2026-11-01")
  int64_t before_id = 0;  // keyset pagination: entries with a smaller id
  int limit = 100;
};

}  // namespace gemis::store
