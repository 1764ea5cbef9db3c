// A user of gemis: an officer who signs in, with roles (access/authority.h)
// and two org-unit scopes. Scopes are sets of subtrees: a root stands for
// itself and every unit below it, read on the hierarchy with its history
// (access/scope.h). Deny by default: an empty scope covers nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/authority.h"
#include "core/org_unit.h"
#include "core/status.h"

namespace gemis::access {

using UserId = int64_t;

struct User {
  UserId id = 0;
  std::string username;      // login name: 3–64 of a-z 0-9 . _ - (ASCII, lower case)
  std::string display_name;  // "Nguyễn Thị Hoa" (NFC)
  std::string email;         // optional
  bool disabled = false;
  std::string password_hash;  // libsodium's Argon2id string; never logged, never sent
  std::string password_changed_at;
  std::vector<std::string> roles;      // role codes
  std::vector<OrgUnitId> entry_scope;  // where the user may enter and change data
  std::vector<OrgUnitId> view_scope;   // where the user may read
  // Content areas (programme node codes, "CT1719.DA8.ND2"); a user who has
  // any reads and enters only the data elements of targets stated under
  // those nodes (partner agencies). Empty = every content area.
  std::vector<std::string> content_areas;
  std::string created_by;
  std::string created_at;
  // Consecutive failed sign-ins and, once they reach the limit, the end of
  // the lock (milliseconds since the epoch; 0 = not locked).
  int failed_logins = 0;
  int64_t locked_until_ms = 0;
};

// 3–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
Status CheckUsername(std::string_view username);
// CheckUsername, a display name of valid UTF-8, at most 200 bytes, an email
// with one '@' when given; the entry scope inside the view scope's units is
// not required (a user may enter where they may not browse), but every
// entry root must also be a view root or below one (entering without seeing
// makes no sense): checked by the caller with the hierarchy (ScopeIndex).
Status CheckUser(const User& user);

}  // namespace gemis::access
