#include "access/principal.h"

#include <algorithm>
#include <set>

namespace gemis::access {

namespace {

const Role* FindRole(const std::vector<Role>& roles, std::string_view code) {
  for (const Role& r : roles) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

Status Refuse(std::string message, std::string field) {
  return Status::Conflict(std::move(message), {"", 0, 0, std::move(field)});
}

bool SensitiveRole(const Role* role) {
  return role && (role->authorities & SensitiveAuthorities()).any();
}

bool InsideAreas(const std::vector<std::string>& outer, const std::string& area) {
  for (const std::string& o : outer) {
    if (area == o ||
        (area.size() > o.size() && area.compare(0, o.size(), o) == 0 && area[o.size()] == '.')) {
      return true;
    }
  }
  return false;
}

// A rule of the user rather than of who grants (access/user.h): every entry
// root is a view root or below one.
Status CheckEntryInsideView(const User& user, const ScopeIndex& scopes) {
  if (scopes.ContainsAll(user.view_scope, user.entry_scope)) return Status::Ok();
  return Refuse("every unit of the entry scope must also be in the view scope", "entryScope");
}

template <typename T>
bool SameSet(const std::vector<T>& a, const std::vector<T>& b) {
  return std::set<T>(a.begin(), a.end()) == std::set<T>(b.begin(), b.end());
}

}  // namespace

Principal SystemPrincipal(std::string name) {
  Principal p;
  p.username = std::move(name);
  p.system = true;
  p.authorities.set();
  return p;
}

AuthoritySet AuthoritiesOf(const std::vector<std::string>& codes, const std::vector<Role>& roles) {
  AuthoritySet set;
  for (const std::string& code : codes) {
    if (const Role* r = FindRole(roles, code)) set |= r->authorities;
  }
  return set;
}

Principal PrincipalOf(const User& user, const std::vector<Role>& roles) {
  Principal p;
  p.user_id = user.id;
  p.username = user.username;
  if (!user.disabled) p.authorities = AuthoritiesOf(user.roles, roles);
  p.entry_scope = user.entry_scope;
  p.view_scope = user.view_scope;
  p.content_areas = user.content_areas;
  return p;
}

Status CheckUserManage(const Principal& actor, const User& target, const std::vector<Role>& roles,
                       const ScopeIndex& scopes) {
  if (actor.system) return Status::Ok();
  if (!actor.Can(Authority::kManageUsers)) {
    return Refuse("you may not manage users (authority manage_users)", "user");
  }
  if (actor.user_id != 0 && target.id == actor.user_id) return Status::Ok();
  // Deny by default: a user without a view root is inside nobody's scope
  // (only the command line manages them), or any manager could reset the
  // password of, say, a scopeless administrator. Every view root must be
  // inside: a narrow manager may not take over a wider account.
  bool inside = !target.view_scope.empty();
  for (OrgUnitId r : target.view_scope) inside = inside && scopes.Covers(actor.view_scope, r);
  if (!inside) return Refuse("user '" + target.username + "' is outside your scope", "user");
  // Nor an account with more power: its authorities must all be the
  // actor's, and a holder of a sensitive authority is managed only by the
  // data-protection role.
  AuthoritySet held = AuthoritiesOf(target.roles, roles);
  AuthoritySet plain = held & ~SensitiveAuthorities();
  if ((plain & ~actor.authorities).any()) {
    return Refuse("user '" + target.username + "' holds authorities you do not hold", "user");
  }
  if ((held & SensitiveAuthorities()).any() && !actor.Can(Authority::kGrantConfidential)) {
    return Refuse("user '" + target.username +
                      "' holds a sensitive authority: only the data-protection role manages them",
                  "user");
  }
  return Status::Ok();
}

Status CheckUserChange(const Principal& actor, const User* target, const User& changed,
                       const std::vector<Role>& roles, const ScopeIndex& scopes) {
  for (const std::string& code : changed.roles) {
    if (FindRole(roles, code) == nullptr) {
      return Status::NotFound("no role '" + code + "'", {"", 0, 0, "roles"});
    }
  }
  // Roles added or removed: sensitive ones need kGrantConfidential (the
  // system principal may grant them).
  std::set<std::string> before, after(changed.roles.begin(), changed.roles.end());
  if (target) before.insert(target->roles.begin(), target->roles.end());
  std::vector<std::string> touched;
  std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                std::back_inserter(touched));
  // The command line may grant anything, but the user must still make sense.
  if (actor.system) return CheckEntryInsideView(changed, scopes);
  if (!actor.Can(Authority::kManageUsers)) {
    return Refuse("you may not manage users (authority manage_users)", "user");
  }
  if (target && target->id == actor.user_id) {
    // The same grants in another order (the store lists them sorted) are
    // no change.
    bool same = SameSet(target->roles, changed.roles) &&
                SameSet(target->entry_scope, changed.entry_scope) &&
                SameSet(target->view_scope, changed.view_scope) &&
                SameSet(target->content_areas, changed.content_areas);
    if (!same) return Refuse("nobody may change their own roles or scopes", "roles");
  }
  if (target) GEMIS_RETURN_IF_ERROR(CheckUserManage(actor, *target, roles, scopes));
  for (const std::string& code : touched) {
    const Role* role = FindRole(roles, code);
    if (SensitiveRole(role) && !actor.Can(Authority::kGrantConfidential)) {
      return Refuse("role '" + code +
                        "' carries a sensitive authority: only the data-protection role grants it",
                    "roles");
    }
    if (role == nullptr) continue;
    AuthoritySet plain = role->authorities & ~SensitiveAuthorities();
    if ((plain & ~actor.authorities).any()) {
      return Refuse("role '" + code + "' has authorities you do not hold: " +
                        FormatAuthorities(plain & ~actor.authorities),
                    "roles");
    }
  }
  // Scopes: only new roots are checked, so a manager may edit a user who
  // also holds a scope granted by someone above them.
  auto new_roots = [](const std::vector<OrgUnitId>& now, const std::vector<OrgUnitId>* was) {
    std::vector<OrgUnitId> out;
    for (OrgUnitId r : now) {
      if (!was || std::find(was->begin(), was->end(), r) == was->end()) out.push_back(r);
    }
    return out;
  };
  std::vector<OrgUnitId> entry =
      new_roots(changed.entry_scope, target ? &target->entry_scope : nullptr);
  std::vector<OrgUnitId> view =
      new_roots(changed.view_scope, target ? &target->view_scope : nullptr);
  if (!scopes.ContainsAll(actor.entry_scope, entry)) {
    return Refuse("the entry scope must be inside your own entry scope", "entryScope");
  }
  if (!scopes.ContainsAll(actor.view_scope, view)) {
    return Refuse("the view scope must be inside your own view scope", "viewScope");
  }
  GEMIS_RETURN_IF_ERROR(CheckEntryInsideView(changed, scopes));
  if (!actor.content_areas.empty()) {
    if (changed.content_areas.empty()) {
      return Refuse("you may give only your own content areas", "contentAreas");
    }
    for (const std::string& area : changed.content_areas) {
      if (!InsideAreas(actor.content_areas, area)) {
        return Refuse("content area '" + area + "' is not one of yours", "contentAreas");
      }
    }
  }
  return Status::Ok();
}

}  // namespace gemis::access
