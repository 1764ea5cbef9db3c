// Authorities and roles (docs/security.md). An authority is one kind of action
// a user may take; a role is a named set of authorities. Where a user may take
// it is the user's org-unit scope (access/user.h), never the role.
//
// Principles:
//  (1) deny by default: a request needs an authority its route names, and a
//      unit inside the matching scope;
//  (2) a user grants only what they hold: a role's authorities must all be
//      the granter's, and its scopes inside the granter's (access/grants.h);
//  (3) sensitive authorities (reading confidential cases, managing who may
//      read them, the data-protection log) never come with the hierarchy: only a holder of
//      kGrantConfidential grants a role that carries one, and the built-in
//      administrator holds neither.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/status.h"

namespace gemis::access {

enum class Authority : uint8_t {
  kReadMetadata,       // org units, metadata, periods, plans (structure)
  kReadData,           // data values, analytics, progress, validation findings
  kEnterData,          // create, update, delete data values in the entry scope
  kEditTargets,        // plans, targets, budgets
  kAllocate,           // allocate targets down the hierarchy
  kApprove,            // approve or return reports of units below
  kImport,             // bulk imports (data values, org units, metadata, plans)
  kExport,             // bulk exports (data values, Excel appendices)
  kManageMetadata,     // data elements, indicators, data sets, categories
  kManageOrgUnits,     // create, rename, merge, split units
  kManageUsers,        // users and roles, within the manager's own scope
  kReadAudit,          // the audit log of the view scope
  kReadConfidential,   // sensitive: confidential cases (trusted addresses)
  kGrantConfidential,  // sensitive: grant or revoke the sensitive authorities
  kReadPersonal,       // the identifying fields of beneficiaries (those who pay or supervise)
  kManagePrivacy,      // sensitive: data subjects' requests, the breach log, retention
};
inline constexpr int kAuthorityCount = 16;

using AuthoritySet = std::bitset<kAuthorityCount>;

// "read_metadata", "enter_data", … (the names of the API, the CLI and the DB).
std::string_view AuthorityName(Authority a);
Result<Authority> ParseAuthority(std::string_view name);
std::vector<Authority> AllAuthorities();
// kReadConfidential, kGrantConfidential and kManagePrivacy.
bool IsSensitive(Authority a);
AuthoritySet SensitiveAuthorities();

inline bool Has(const AuthoritySet& set, Authority a) { return set.test(static_cast<size_t>(a)); }
inline void Add(AuthoritySet& set, Authority a) { set.set(static_cast<size_t>(a)); }
AuthoritySet MakeSet(std::initializer_list<Authority> list);
// Names in enum order, joined by ",": "read_metadata,read_data".
std::string FormatAuthorities(const AuthoritySet& set);
// The inverse; "" is the empty set; kInvalidInput names an unknown authority.
Result<AuthoritySet> ParseAuthorities(std::string_view text);

using RoleId = int64_t;

// A role. Built-in roles (BuiltinRoles) are created with every database and
// cannot be changed or removed; administrators add more.
struct Role {
  RoleId id = 0;
  std::string code;  // "commune_officer"; [a-z0-9_]{2,40}
  std::string name;  // Vietnamese
  std::string name_en;
  AuthoritySet authorities;
  bool builtin = false;
};

// The code rules: 2–40 of [a-z0-9_], starting with a letter.
Status CheckRoleCode(std::string_view code);
// CheckRoleCode, a name, and at least one authority.
Status CheckRole(const Role& role);

// The built-in roles (docs/security.md lists them with their authorities):
// admin (central administrator), province_officer, district_officer,
// commune_officer, partner_agency, viewer (viewer and auditor),
// data_protection (the designated data-protection role).
const std::vector<Role>& BuiltinRoles();
const Role* FindBuiltinRole(std::string_view code);

}  // namespace gemis::access
