// The confidential cases over HTTP (docs/confidentiality.md, docs/api.md
// "Confidential cases"): /api/cases (list, create), /api/cases/{code}
// (read, replace, delete), /api/cases/{code}/referral, and the case teams
// /api/caseTeams. Need to know (program/case_service.h):
//  - every case route needs read_confidential AND a place on the case team
//    of the case's address; a case of another address is answered 404, as
//    if it did not exist (the hierarchy gives nothing);
//  - supervisors read; caseworkers read and change;
//  - every answer holding a case audits a "view" of it; a referral audits
//    "refer" and needs the survivor's consent for referral;
//  - the teams are named by holders of grant_confidential, never for
//    themselves (refusals: 409 naming the reason).
#include <functional>

#include "program/case_service.h"
#include "program/cases_json.h"
#include "server/api.h"
#include "server/record_calls.h"
#include "store/records_store.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;
using records::Case;

// The caller's place on the team of `address`, if any (never for a caller
// without read_confidential).
Result<std::optional<records::CaseRole>> RoleAt(store::ReadTransaction& txn, const Call& c,
                                                records::ModelId address) {
  if (!c.Can(Authority::kReadConfidential)) return std::optional<records::CaseRole>();
  store::CaseAssignmentFilter filter;
  filter.address = address;
  filter.user_id = c.identity->user.id;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::CaseAssignment> team,
                         txn.LoadCaseAssignments(filter));
  if (team.empty()) return std::optional<records::CaseRole>();
  return std::optional<records::CaseRole>(team.front().role);
}

Response NotFound(const Call& c, std::string_view field = "code") {
  return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, field);
}

Result<records::Model> ModelById(store::ReadTransaction& txn, records::ModelId id) {
  store::ModelFilter filter;
  filter.ids = {id};
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
  if (found.empty()) return Status::Internal("a case's address is missing");
  return found.front();
}

// The addresses (by code) whose cases the caller may read, with the role.
Result<std::map<records::ModelId, std::pair<records::Model, records::CaseRole>>> Readable(
    store::ReadTransaction& txn, const Call& c) {
  std::map<records::ModelId, std::pair<records::Model, records::CaseRole>> out;
  if (!c.Can(Authority::kReadConfidential)) return out;
  store::CaseAssignmentFilter filter;
  filter.user_id = c.identity->user.id;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::CaseAssignment> team,
                         txn.LoadCaseAssignments(filter));
  for (const records::CaseAssignment& a : team) {
    GEMIS_ASSIGN_OR_RETURN(records::Model m, ModelById(txn, a.address));
    out.emplace(a.address, std::pair(std::move(m), a.role));
  }
  return out;
}

// An address as the case screens offer it: code, name, kind and unit (no
// confidential fact of the model: those are the model's own screen's).
json AddressJson(const records::Model& m, const Hierarchy& hierarchy) {
  const OrgUnit* unit = hierarchy.Find(m.org_unit);
  return {{"code", m.code},
          {"name", m.name},
          {"kind", records::ModelKindName(m.kind)},
          {"orgUnitName", unit ? json(unit->last().FullName()) : json(nullptr)}};
}

// GET /api/caseAddresses: the caller's places on case teams, with the role
// there (no case is read, so nothing is audited).
Response ListAddresses(Call& c) {
  json addresses = json::array();
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(auto readable, Readable(txn, c));
    for (const auto& [id, entry] : readable) {
      json a = AddressJson(entry.first, c.world->hierarchy);
      a["role"] = records::CaseRoleName(entry.second);
      addresses.push_back(std::move(a));
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"addresses", addresses}});
}

Response List(Call& c) {
  json out = json::array();
  std::optional<std::string> address_code;
  if (auto a = c.target.Get("address"); a && !a->empty()) address_code = std::string(*a);
  bool found_address = !address_code;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(auto readable, Readable(txn, c));
    store::CaseFilter filter;
    for (const auto& [id, entry] : readable) {
      if (address_code && entry.first.code != *address_code) continue;
      filter.addresses.push_back(id);
      found_address = true;
    }
    if (filter.addresses.empty()) return Status::Ok();
    GEMIS_ASSIGN_OR_RETURN(std::vector<Case> cases, program::ReadCases(txn, filter, ActorOf(c)));
    for (const Case& k : cases) {
      out.push_back(program::CaseToJson(k, readable.at(k.address).first, c.world->hierarchy,
                                        program::CaseView::kFull));
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (!found_address) return NotFound(c, "address");
  return c.Json({{"cases", out}});
}

// The case of the path when the caller is on its team (with `role`, and a
// caseworker when `write`); else 404 without telling whether it exists.
// Reading it audits a view.
Response WithCase(Call& c, bool write,
                  const std::function<Status(store::WriteTransaction&, const Case&,
                                             const records::Model&, Response&)>& then) {
  Response answer;
  bool hidden = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<Case> k, txn.FindCase(c.Param("code")));
    if (!k || k->code != c.Param("code")) {
      hidden = true;
      return Status::Ok();
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::CaseRole> role, RoleAt(txn, c, k->address));
    if (!role || (write && *role != records::CaseRole::kCaseworker)) {
      hidden = !role;
      if (role) answer = c.Forbidden();
      return Status::Ok();
    }
    GEMIS_ASSIGN_OR_RETURN(records::Model address, ModelById(txn, k->address));
    return then(txn, *k, address, answer);
  });
  if (!s.ok()) return c.FromStatus(s);
  if (hidden) return NotFound(c);
  return answer;
}

Response GetOne(Call& c) {
  return WithCase(c, false,
                  [&](store::WriteTransaction& txn, const Case& k, const records::Model& address,
                      Response& answer) -> Status {
                    store::CaseFilter filter;
                    filter.ids = {k.id};
                    GEMIS_RETURN_IF_ERROR(program::ReadCases(txn, filter, ActorOf(c)).status());
                    answer = c.Json(program::CaseToJson(k, address, c.world->hierarchy,
                                                        program::CaseView::kFull));
                    return Status::Ok();
                  });
}

// Creates (POST) or replaces (PUT) a case from the body, as a caseworker
// of its address (and, for a replacement, of the address it was at).
Response Save(Call& c, bool replace) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  Response answer;
  bool hidden = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    auto lookup = [&txn](std::string_view code) -> std::optional<records::ModelId> {
      Result<std::optional<records::Model>> m = txn.FindModel(code);
      if (!m.ok() || !*m || (*m)->code != code) return std::nullopt;
      if ((*m)->kind != records::ModelKind::kTrustedAddress &&
          (*m)->kind != records::ModelKind::kVictimLivelihood) {
        return std::nullopt;
      }
      return (*m)->id;
    };
    GEMIS_ASSIGN_OR_RETURN(Case k, program::CaseFromJson(*body, "", lookup));
    if (replace) {
      GEMIS_ASSIGN_OR_RETURN(std::optional<Case> at_path, txn.FindCase(c.Param("code")));
      if (!at_path || at_path->code != c.Param("code")) {
        hidden = true;
        return Status::Ok();
      }
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::CaseRole> was,
                             RoleAt(txn, c, at_path->address));
      if (!was) {
        hidden = true;
        return Status::Ok();
      }
      if (*was != records::CaseRole::kCaseworker) {
        answer = c.Forbidden();
        return Status::Ok();
      }
      if (k.code != at_path->code) {
        return Status::Invalid("the code in the body is not the case's", {"", 0, 0, "code"});
      }
    } else {
      GEMIS_ASSIGN_OR_RETURN(std::optional<Case> stored, txn.FindCase(k.code));
      if (stored && stored->code == k.code) {
        return Status::AlreadyExists(
            "a case with code " + k.code + " exists; PUT /api/cases/" + k.code + " changes it",
            {"", 0, 0, "code"});
      }
    }
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::CaseRole> role, RoleAt(txn, c, k.address));
    if (role != records::CaseRole::kCaseworker) {
      answer = c.Forbidden();
      return Status::Ok();
    }
    GEMIS_ASSIGN_OR_RETURN(program::CaseChange change,
                           program::SaveCases(txn, RecordContext(c), {k}, ActorOf(c)));
    store::CaseFilter filter;
    filter.ids = change.ids;
    GEMIS_ASSIGN_OR_RETURN(std::vector<Case> saved, program::ReadCases(txn, filter, ActorOf(c)));
    if (saved.empty()) return Status::Internal("case not saved");
    GEMIS_ASSIGN_OR_RETURN(records::Model address, ModelById(txn, k.address));
    json out =
        program::CaseToJson(saved.front(), address, c.world->hierarchy, program::CaseView::kFull);
    out["figures"] = {{"written", change.figures.written},
                      {"removed", change.figures.removed},
                      {"suppressed", change.figures.suppressed}};
    answer = c.Json(out, replace ? http::status::ok : http::status::created);
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (hidden) return NotFound(c);
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  return answer;
}

Response Create(Call& c) { return Save(c, false); }
Response Replace(Call& c) { return Save(c, true); }

Response Remove(Call& c) {
  Response r = WithCase(
      c, true,
      [&](store::WriteTransaction& txn, const Case& k, const records::Model&,
          Response& answer) -> Status {
        GEMIS_ASSIGN_OR_RETURN(program::PublishReport report,
                               program::DeleteCase(txn, RecordContext(c), k.code, ActorOf(c)));
        answer = c.Json(
            {{"status", "deleted"}, {"code", k.code}, {"figures", {{"removed", report.removed}}}});
        return Status::Ok();
      });
  if (r.result_int() == 200) {
    if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
      return c.FromStatus(engine.status());
    }
  }
  return r;
}

// POST /api/cases/{code}/referral {"organisation": "…"}: the referral sheet.
Response Refer(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  auto org = body->find("organisation");
  if (org == body->end() || !org->is_string() || org->get<std::string>().empty() ||
      org->get<std::string>().size() > 200) {
    return c.FromStatus(Status::Invalid("organisation: the receiving organisation (1–200 bytes)",
                                        {"", 0, 0, "organisation"}));
  }
  return WithCase(c, true,
                  [&](store::WriteTransaction& txn, const Case& k, const records::Model&,
                      Response& answer) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(json sheet,
                                           program::ReferCase(txn, c.world->hierarchy, k.code,
                                                              org->get<std::string>(), ActorOf(c)));
                    answer = c.Json(sheet);
                    return Status::Ok();
                  });
}

// GET /api/caseTeams[?address=CODE]: the teams of the addresses in the
// caller's view scope, and those addresses (trusted addresses and victims'
// livelihood models, the places that hold cases).
Response ListTeams(Call& c) {
  json out = json::array();
  json addresses = json::array();
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    for (records::ModelKind kind :
         {records::ModelKind::kTrustedAddress, records::ModelKind::kVictimLivelihood}) {
      store::ModelFilter filter;
      filter.kind = kind;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
      for (const records::Model& m : found) {
        if (c.CanView(m.org_unit)) addresses.push_back(AddressJson(m, c.world->hierarchy));
      }
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::CaseAssignment> team, txn.LoadCaseAssignments({}));
    for (const records::CaseAssignment& a : team) {
      GEMIS_ASSIGN_OR_RETURN(records::Model m, ModelById(txn, a.address));
      if (!c.CanView(m.org_unit)) continue;
      if (auto q = c.target.Get("address"); q && !q->empty() && *q != m.code) continue;
      GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> u, txn.FindUserById(a.user_id));
      out.push_back({{"address", m.code},
                     {"user", u ? json(u->username) : json(nullptr)},
                     {"role", records::CaseRoleName(a.role)},
                     {"grantedBy", a.granted_by},
                     {"grantedAt", a.granted_at}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"caseTeams", out}, {"addresses", addresses}});
}

Response GrantTeam(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  for (const char* key : {"address", "user"}) {
    auto it = body->find(key);
    if (it == body->end() || !it->is_string() || it->get<std::string>().empty()) {
      return c.FromStatus(Status::Invalid(std::string(key) + " is required", {"", 0, 0, key}));
    }
  }
  records::CaseRole role = records::CaseRole::kCaseworker;
  if (auto r = body->find("role"); r != body->end() && !r->is_null()) {
    Result<records::CaseRole> parsed =
        r->is_string() ? records::ParseCaseRole(r->get<std::string>())
                       : Result<records::CaseRole>(Status::Invalid("role", {"", 0, 0, "role"}));
    if (!parsed.ok()) return c.FromStatus(parsed.status());
    role = *parsed;
  }
  const std::string address = (*body)["address"], user = (*body)["user"];
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) {
    return program::GrantCaseAccess(txn, c.principal(), ActorOf(c), address, user, role,
                                    *c.world->scopes);
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"address", address}, {"user", user}, {"role", records::CaseRoleName(role)}},
                http::status::created);
}

Response RevokeTeam(Call& c) {
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) {
    return program::RevokeCaseAccess(txn, c.principal(), ActorOf(c), c.Param("address"),
                                     c.Param("username"));
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"status", "revoked"}});
}

}  // namespace

void AddCaseRoutes(Router& r) {
  r.Add({http::verb::get, "/api/cases", true, Authority::kReadConfidential, List});
  r.Add({http::verb::post, "/api/cases", true, Authority::kReadConfidential, Create});
  r.Add({http::verb::get, "/api/cases/{code}", true, Authority::kReadConfidential, GetOne});
  r.Add({http::verb::put, "/api/cases/{code}", true, Authority::kReadConfidential, Replace});
  r.Add({http::verb::delete_, "/api/cases/{code}", true, Authority::kReadConfidential, Remove});
  r.Add(
      {http::verb::post, "/api/cases/{code}/referral", true, Authority::kReadConfidential, Refer});
  r.Add({http::verb::get, "/api/caseAddresses", true, Authority::kReadConfidential, ListAddresses});
  r.Add({http::verb::get, "/api/caseTeams", true, Authority::kGrantConfidential, ListTeams});
  r.Add({http::verb::post, "/api/caseTeams", true, Authority::kGrantConfidential, GrantTeam});
  r.Add({http::verb::delete_, "/api/caseTeams/{address}/{username}", true,
         Authority::kGrantConfidential, RevokeTeam});
}

}  // namespace gemis::server
