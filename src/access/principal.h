// Who is acting: a signed-in user with the union of their roles' authorities,
// or the operator at the command line (the system principal, who bootstraps
// the first administrator). The rules of granting (docs/security.md,
// "Delegation") are here so the CLI and the API apply the same ones.
#pragma once

#include <string>
#include <vector>

#include "access/authority.h"
#include "access/scope.h"
#include "access/user.h"
#include "core/status.h"

namespace gemis::access {

struct Principal {
  UserId user_id = 0;    // 0 for the system principal
  std::string username;  // "cli:root" for the system principal
  AuthoritySet authorities;
  std::vector<OrgUnitId> entry_scope;
  std::vector<OrgUnitId> view_scope;
  std::vector<std::string> content_areas;  // empty = all
  bool system = false;

  bool Can(Authority a) const { return system || Has(authorities, a); }
};

// The command line's principal: every authority, every unit.
Principal SystemPrincipal(std::string name);
// The principal of `user` with `roles` (every stored role; unknown codes
// grant nothing).
Principal PrincipalOf(const User& user, const std::vector<Role>& roles);
// The union of the authorities of `codes` in `roles`.
AuthoritySet AuthoritiesOf(const std::vector<std::string>& codes, const std::vector<Role>& roles);

// Whether `actor` may create or change `target` as `changed` (roles, scopes,
// content areas). `target` is the stored user (nullptr for a new one).
// Refusals are kConflict with field "roles", "entryScope", "viewScope",
// "contentAreas" or "user"; a refusal never names units outside the
// actor's view scope. The rules:
//  - the actor holds kManageUsers (the system principal always may, and
//    is held only to "entry roots inside the new view scope");
//  - nobody changes their own roles, scopes or content areas (the same ones
//    in another order are no change);
//  - every non-sensitive authority of the new roles is the actor's own;
//  - a role with a sensitive authority needs kGrantConfidential, and adding
//    or removing it is allowed only to such an actor;
//  - the stored user, when there is one, is inside the actor's view scope
//    (one of their view roots is covered by it; a user without a view root
//    is inside nobody's) or is the actor;
//  - new entry roots are inside the actor's entry scope, new view roots
//    inside the actor's view scope, and entry roots inside the new view
//    scope;
//  - an actor with content areas gives only those (or a subset).
Status CheckUserChange(const Principal& actor, const User* target, const User& changed,
                       const std::vector<Role>& roles, const ScopeIndex& scopes);
// Whether `actor` may act on an existing user without changing their grants
// (disable, reset a password, list): the system principal; the actor
// themself; or an actor with kManageUsers whose view scope covers every view
// root of `target` (a user without one is nobody's), who holds every
// non-sensitive authority of `target`'s roles, and kGrantConfidential when
// `target` holds a sensitive one. Refusals: kConflict, field "user".
Status CheckUserManage(const Principal& actor, const User& target, const std::vector<Role>& roles,
                       const ScopeIndex& scopes);

}  // namespace gemis::access
