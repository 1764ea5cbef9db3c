// The confidential cases register as a use case the command line and the
// API share (docs/confidentiality.md, "Confidential cases"): saving and
// deleting cases, reading them (every read audited), referring them, and
// naming who may read them (need to know).
//
// Need to know (principle 3 of records/case.h):
//  (1) A user reads the cases of an address only when they hold
//      read_confidential AND are on the address's case team (a caseworker
//      of the address, or its supervisor). Being higher in the hierarchy,
//      holding every other authority or administering users gives nothing.
//  (2) Only a holder of grant_confidential names team members (the
//      data_protection role), never themselves, only users who hold
//      read_confidential and whose view scope covers the address's unit,
//      and only for addresses inside the grantor's own view scope.
//  (3) The command line is the operator's (whoever holds the database and
//      its key): its reads are audited as "cli:<user>" like any other.
// Audit entries never hold identifying fields (CaseView::kNoIdentity); a
// read is an entry "view" per case, a referral an entry "refer".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "access/principal.h"
#include "access/scope.h"
#include "program/cases_json.h"
#include "program/model_service.h"
#include "records/case.h"
#include "store/records_store.h"

namespace gemis::program {

// Rule (1): whether `who` may read the cases held by `address`, given the
// address's team.
bool MayReadCases(const access::Principal& who, records::ModelId address,
                  const std::vector<records::CaseAssignment>& team);

// Rule (2): whether `actor` may put `grantee` on the team of `address`
// (`roles`: every stored role). Refusals are kConflict naming the field
// ("user", "address") with the reason.
Status CheckCaseGrant(const access::Principal& actor, const access::User& grantee,
                      const std::vector<access::Role>& roles, const records::Model& address,
                      const access::ScopeIndex& scopes);

struct CaseChange {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::vector<records::CaseId> ids;  // of the cases saved, in the order given
  PublishReport figures;
};

// Saves each case — new when no stored case has its code, else an update of
// that one (id and uid kept) — after setting its unit from its address and
// filling the empty recordedBy of consents with the actor's username. A
// violence case is held by a trusted address; a trafficking case by a
// trusted address or a victims' livelihood model (kInvalidInput, field
// "address"). One audit entry per created or changed case, then the figures
// are republished. Errors name the case's index ("cases[3] CODE: …").
Result<CaseChange> SaveCases(store::WriteTransaction& txn, const ModelContext& ctx,
                             std::vector<records::Case> cases, const Actor& actor);
// Deletes the case with `code` (kNotFound otherwise), audits it and
// republishes the figures.
Result<PublishReport> DeleteCase(store::WriteTransaction& txn, const ModelContext& ctx,
                                 std::string_view code, const Actor& actor);

// The cases matching `filter`, each read audited ("view", one entry per
// case). The caller has decided the reader may read them (rule 1).
Result<std::vector<records::Case>> ReadCases(store::WriteTransaction& txn,
                                             const store::CaseFilter& filter, const Actor& actor);

// What a referral to `organisation` passes on (CaseView::kReferral), when
// the survivor's latest word gives consent for referral (kConflict, field
// "consents", otherwise); audited as "refer" naming the organisation.
Result<nlohmann::json> ReferCase(store::WriteTransaction& txn, const Hierarchy& hierarchy,
                                 std::string_view code, std::string_view organisation,
                                 const Actor& actor);

// Puts `grantee` on the team of the address `address_code` as `role`, after
// CheckCaseGrant; audited as "grant" (object "caseTeam").
Status GrantCaseAccess(store::WriteTransaction& txn, const access::Principal& actor_principal,
                       const Actor& actor, std::string_view address_code, std::string_view grantee,
                       records::CaseRole role, const access::ScopeIndex& scopes);
// Takes `grantee` off the team (kNotFound when not on it); needs
// grant_confidential (a member may also leave); audited as "revoke".
Status RevokeCaseAccess(store::WriteTransaction& txn, const access::Principal& actor_principal,
                        const Actor& actor, std::string_view address_code,
                        std::string_view grantee);

}  // namespace gemis::program
