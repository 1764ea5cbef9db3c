#include "program/case_service.h"

#include <algorithm>

namespace gemis::program {

namespace {

using access::Authority;

store::AuditEntry Entry(const Actor& actor, std::string action, const records::Case& c) {
  store::AuditEntry e = AuditEntryOf(actor, std::move(action), "case", c.code, c.org_unit);
  // The unit of a case is the address's location: not in the audit log's
  // scope filter (read by the data-protection role, not by the hierarchy).
  e.org_unit.reset();
  return e;
}

bool SameContent(const records::Case& a, const records::Case& b) {
  return a.code == b.code && a.kind == b.kind && a.address == b.address &&
         a.org_unit == b.org_unit && a.opened == b.opened && a.closed == b.closed &&
         a.survivor_name == b.survivor_name && a.contact == b.contact &&
         a.narrative == b.narrative && a.identity_sealed == b.identity_sealed && a.sex == b.sex &&
         a.age == b.age && a.ethnicity == b.ethnicity && a.incidents == b.incidents &&
         a.consents == b.consents && a.services == b.services && a.referrals == b.referrals;
}

Result<records::Model> AddressById(store::ReadTransaction& txn, records::ModelId id) {
  store::ModelFilter filter;
  filter.ids = {id};
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
  if (found.empty())
    return Status::Invalid("no model with id " + std::to_string(id), {"", 0, 0, "address"});
  return found.front();
}

Result<records::Model> AddressByCode(store::ReadTransaction& txn, std::string_view code) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> m, txn.FindModel(code));
  if (!m || m->code != code ||
      (m->kind != records::ModelKind::kTrustedAddress &&
       m->kind != records::ModelKind::kVictimLivelihood)) {
    return Status::NotFound(
        "no trusted address or victims' livelihood model with code " + std::string(code),
        {"", 0, 0, "address"});
  }
  return std::move(*m);
}

}  // namespace

bool MayReadCases(const access::Principal& who, records::ModelId address,
                  const std::vector<records::CaseAssignment>& team) {
  if (who.system) return true;  // rule (3): the operator
  if (!who.Can(Authority::kReadConfidential)) return false;
  return std::any_of(team.begin(), team.end(), [&](const records::CaseAssignment& a) {
    return a.address == address && a.user_id == who.user_id;
  });
}

Status CheckCaseGrant(const access::Principal& actor, const access::User& grantee,
                      const std::vector<access::Role>& roles, const records::Model& address,
                      const access::ScopeIndex& scopes) {
  auto refuse = [](std::string why, const char* field) {
    return Status::Conflict(std::move(why), {"", 0, 0, field});
  };
  if (!actor.Can(Authority::kGrantConfidential)) {
    return refuse(
        "only a holder of grant_confidential (the data-protection role) names who may "
        "read confidential cases",
        "user");
  }
  if (!actor.system && actor.user_id == grantee.id) {
    return refuse("nobody gives themselves access to confidential cases", "user");
  }
  if (grantee.disabled) return refuse("user " + grantee.username + " is disabled", "user");
  if (!access::Has(access::AuthoritiesOf(grantee.roles, roles), Authority::kReadConfidential)) {
    return refuse("user " + grantee.username +
                      " does not hold read_confidential: give them a role that carries it first",
                  "user");
  }
  if (!scopes.Covers(grantee.view_scope, address.org_unit)) {
    return refuse(
        "the address " + address.code + " is outside the view scope of " + grantee.username,
        "user");
  }
  if (!actor.system && !scopes.Covers(actor.view_scope, address.org_unit)) {
    return refuse("the address " + address.code + " is outside your view scope", "address");
  }
  return Status::Ok();
}

Result<CaseChange> SaveCases(store::WriteTransaction& txn, const ModelContext& ctx,
                             std::vector<records::Case> cases, const Actor& actor) {
  CaseChange change;
  for (size_t i = 0; i < cases.size(); ++i) {
    records::Case& c = cases[i];
    auto fail = [&](const Status& s) {
      return Status(s.code(), "cases[" + std::to_string(i) + "] " + c.code + ": " + s.message(),
                    s.where());
    };
    Result<records::Model> address = AddressById(txn, c.address);
    if (!address.ok()) return fail(address.status());
    if (address->kind != records::ModelKind::kTrustedAddress &&
        !(c.kind == records::CaseKind::kTrafficking &&
          address->kind == records::ModelKind::kVictimLivelihood)) {
      return fail(Status::Invalid(
          address->code + " cannot hold a " + records::CaseKindName(c.kind) +
              " case: a trusted address holds cases; a victims' livelihood model only "
              "trafficking cases",
          {"", 0, 0, "address"}));
    }
    c.org_unit = address->org_unit;
    for (records::Consent& k : c.consents) {
      if (k.recorded_by.empty()) k.recorded_by = actor.username;
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> stored, txn.FindCase(c.code));
    if (stored && stored->code != c.code) stored.reset();  // found by uid, not this code
    store::AuditEntry e = Entry(actor, stored ? "update" : "create", c);
    if (stored) {
      c.id = stored->id;
      c.uid = stored->uid;
      if (SameContent(*stored, c)) {
        ++change.unchanged;
        change.ids.push_back(c.id);
        continue;
      }
      e.before = CaseToJson(*stored, *address, ctx.hierarchy, CaseView::kNoIdentity).dump();
    } else {
      c.id = 0;
    }
    Result<records::CaseId> id = txn.SaveCase(c);
    if (!id.ok()) return fail(id.status());
    c.id = *id;
    e.after = CaseToJson(c, *address, ctx.hierarchy, CaseView::kNoIdentity).dump();
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    ++(stored ? change.updated : change.created);
    change.ids.push_back(c.id);
  }
  if (change.created + change.updated > 0) {
    GEMIS_ASSIGN_OR_RETURN(change.figures,
                           PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today));
  }
  return change;
}

Result<PublishReport> DeleteCase(store::WriteTransaction& txn, const ModelContext& ctx,
                                 std::string_view code, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> stored, txn.FindCase(code));
  if (!stored || stored->code != code) {
    return Status::NotFound("no case '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  GEMIS_ASSIGN_OR_RETURN(records::Model address, AddressById(txn, stored->address));
  store::AuditEntry e = Entry(actor, "delete", *stored);
  e.before = CaseToJson(*stored, address, ctx.hierarchy, CaseView::kNoIdentity).dump();
  GEMIS_RETURN_IF_ERROR(txn.DeleteCase(stored->id));
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  return PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today);
}

Result<std::vector<records::Case>> ReadCases(store::WriteTransaction& txn,
                                             const store::CaseFilter& filter, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Case> cases, txn.LoadCases(filter));
  for (const records::Case& c : cases) {
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(Entry(actor, "view", c)).status());
  }
  return cases;
}

Result<nlohmann::json> ReferCase(store::WriteTransaction& txn, const Hierarchy& hierarchy,
                                 std::string_view code, std::string_view organisation,
                                 const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> c, txn.FindCase(code));
  if (!c || c->code != code) {
    return Status::NotFound("no case '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  if (organisation.empty()) {
    return Status::Invalid("the organisation the case is referred to", {"", 0, 0, "organisation"});
  }
  if (!records::ConsentNow(*c, records::ConsentPurpose::kReferral)) {
    return Status::Conflict("case " + c->code +
                                ": no consent for referral; her case leaves the address only "
                                "with her consent (record it first)",
                            {"", 0, 0, "consents"});
  }
  GEMIS_ASSIGN_OR_RETURN(records::Model address, AddressById(txn, c->address));
  store::AuditEntry e = Entry(actor, "refer", *c);
  e.after = nlohmann::json{{"organisation", organisation}}.dump();
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  nlohmann::json out = CaseToJson(*c, address, hierarchy, CaseView::kReferral);
  out["referredTo"] = organisation;
  return out;
}

Status GrantCaseAccess(store::WriteTransaction& txn, const access::Principal& actor_principal,
                       const Actor& actor, std::string_view address_code, std::string_view grantee,
                       records::CaseRole role, const access::ScopeIndex& scopes) {
  GEMIS_ASSIGN_OR_RETURN(records::Model address, AddressByCode(txn, address_code));
  GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> user, txn.FindUser(grantee));
  if (!user) return Status::NotFound("no user '" + std::string(grantee) + "'", {"", 0, 0, "user"});
  GEMIS_ASSIGN_OR_RETURN(std::vector<access::Role> roles, txn.LoadRoles());
  GEMIS_RETURN_IF_ERROR(CheckCaseGrant(actor_principal, *user, roles, address, scopes));
  records::CaseAssignment a;
  a.address = address.id;
  a.user_id = user->id;
  a.role = role;
  a.granted_by = actor.username;
  GEMIS_RETURN_IF_ERROR(txn.SaveCaseAssignment(a));
  store::AuditEntry e = AuditEntryOf(actor, "grant", "caseTeam", address.code, address.org_unit);
  e.org_unit.reset();
  e.after = nlohmann::json{{"user", user->username}, {"role", records::CaseRoleName(role)}}.dump();
  return txn.AppendAudit(e).status();
}

Status RevokeCaseAccess(store::WriteTransaction& txn, const access::Principal& actor_principal,
                        const Actor& actor, std::string_view address_code,
                        std::string_view grantee) {
  GEMIS_ASSIGN_OR_RETURN(records::Model address, AddressByCode(txn, address_code));
  GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> user, txn.FindUser(grantee));
  if (!user) return Status::NotFound("no user '" + std::string(grantee) + "'", {"", 0, 0, "user"});
  const bool self = !actor_principal.system && actor_principal.user_id == user->id;
  if (!actor_principal.Can(Authority::kGrantConfidential) && !self) {
    return Status::Conflict("only a holder of grant_confidential takes someone off a case team",
                            {"", 0, 0, "user"});
  }
  GEMIS_RETURN_IF_ERROR(txn.DeleteCaseAssignment(address.id, user->id));
  store::AuditEntry e = AuditEntryOf(actor, "revoke", "caseTeam", address.code, address.org_unit);
  e.org_unit.reset();
  e.before = nlohmann::json{{"user", user->username}}.dump();
  return txn.AppendAudit(e).status();
}

}  // namespace gemis::program
