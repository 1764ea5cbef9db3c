// The data-protection log over HTTP (docs/confidentiality.md, "Data
// subjects, breaches and retention"; docs/api.md "Data protection"), for
// holders of manage_privacy — the data-protection officer:
//   /api/privacy/requests              list, log a request
//   /api/privacy/requests/{id}/answer  answer it (access, rectification, erasure)
//   /api/privacy/breaches[/{id}]       the breach log, a notification
//   /api/privacy/retention[/{register}], /api/privacy/retention/apply,
//   /api/privacy/registers (what each register is for: read_metadata)
// Managing the log gives no right to read: answering an access request
// hands over the record, so it needs what reading it needs — a place on the
// case team for a case (program/case_service.h), read_personal for a birth,
// the cadre's unit in the view scope. Erasing reads nothing.
#include "core/text.h"
#include "program/case_service.h"
#include "program/privacy_service.h"
#include "server/api.h"
#include "server/record_calls.h"
#include "store/records_store.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;
using records::PersonalRegister;

int64_t Now(const Call& c) { return c.api.clock().NowMillis(); }

// A time member (core/clock.h ParseTimestamp), `fallback` when absent.
Result<int64_t> Time(const json& body, const char* key, int64_t fallback) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, Text(body, key, false));
  if (text.empty()) return fallback;
  Result<int64_t> t = ParseTimestamp(text);
  if (!t.ok()) return Status::Invalid(t.status().message(), {"", 0, 0, key});
  return t;
}

// kInvalidInput for a member not in `known`.
Status Known(const json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) return Status::Invalid("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Status::Invalid("unknown member " + key, {"", 0, 0, key});
    }
  }
  return Status::Ok();
}

Response ListRequests(Call& c) {
  std::vector<records::SubjectRequest> requests;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(requests, txn.LoadSubjectRequests());
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  json out = json::array();
  for (const auto& r : requests) out.push_back(program::SubjectRequestToJson(r, Now(c)));
  return c.Json({{"requests", out}});
}

Response LogRequest(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  records::SubjectRequest r;
  Status s = [&]() -> Status {
    GEMIS_RETURN_IF_ERROR(Known(*body, {"register", "recordCode", "kind", "received", "note"}));
    GEMIS_ASSIGN_OR_RETURN(std::string reg, Text(*body, "register", true));
    GEMIS_ASSIGN_OR_RETURN(r.register_kind, records::ParsePersonalRegister(reg));
    GEMIS_ASSIGN_OR_RETURN(r.record_code, Text(*body, "recordCode", true));
    GEMIS_ASSIGN_OR_RETURN(std::string kind, Text(*body, "kind", true));
    GEMIS_ASSIGN_OR_RETURN(r.kind, records::ParseRequestKind(kind));
    GEMIS_ASSIGN_OR_RETURN(r.received_ms, Time(*body, "received", Now(c)));
    GEMIS_ASSIGN_OR_RETURN(r.note, Text(*body, "note", false));
    return c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(r.id, program::LogSubjectRequest(txn, r, ActorOf(c)));
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::SubjectRequest> saved,
                             txn.FindSubjectRequest(r.id));
      if (saved) r = std::move(*saved);
      return Status::Ok();
    });
  }();
  if (!s.ok()) return c.FromStatus(s);
  return c.Json(program::SubjectRequestToJson(r, Now(c)), http::status::created);
}

// Whether the caller may read the record an access request hands over.
Result<bool> MayRead(store::ReadTransaction& txn, const Call& c, const records::SubjectRequest& r) {
  switch (r.register_kind) {
    case PersonalRegister::kSafeBirth: {
      if (!c.Can(Authority::kReadPersonal)) return false;
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> b, txn.FindSafeBirth(r.record_code));
      return !b || c.CanView(b->commune, b->birth_date);
    }
    case PersonalRegister::kCadre: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> k, txn.FindCadre(r.record_code));
      return !k || c.CanView(k->org_unit, k->since);
    }
    case PersonalRegister::kCase: {
      if (!c.Can(Authority::kReadConfidential)) return false;
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> k, txn.FindCase(r.record_code));
      if (!k) return true;  // the answer says it is not there
      store::CaseAssignmentFilter filter;
      filter.address = k->address;
      filter.user_id = c.identity->user.id;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::CaseAssignment> team,
                             txn.LoadCaseAssignments(filter));
      return !team.empty();
    }
  }
  return false;
}

Response AnswerRequest(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  Status known = Known(*body, {"note"});
  if (!known.ok()) return c.FromStatus(known);
  Result<std::string> note = Text(*body, "note", false);
  if (!note.ok()) return c.FromStatus(note.status());
  std::optional<int64_t> parsed = c.IdParam("id");
  if (!parsed) {
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "id");
  }
  const int64_t id = *parsed;
  const program::ModelContext ctx = RecordContext(c);
  program::RequestAnswer answer;
  bool refused = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::SubjectRequest> r, txn.FindSubjectRequest(id));
    if (!r) return Status::NotFound("no subject request " + std::to_string(id), {"", 0, 0, "id"});
    if (r->kind == records::RequestKind::kAccess) {
      GEMIS_ASSIGN_OR_RETURN(bool may, MayRead(txn, c, *r));
      if (!may) {
        refused = true;
        return Status::Ok();
      }
    }
    GEMIS_ASSIGN_OR_RETURN(answer,
                           program::AnswerSubjectRequest(txn, ctx, id, *note, Now(c), ActorOf(c)));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (refused) {
    // Answering an access request hands the record over: it needs the
    // right to read it (program/case_service.h for cases).
    return c.Error(http::status::forbidden, "E_NEED_TO_KNOW", MessageId::kApiForbidden, {}, "id");
  }
  if (answer.figures.written + answer.figures.removed > 0) {
    if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
      return c.FromStatus(engine.status());
    }
  }
  return c.Json({{"request", program::SubjectRequestToJson(answer.request, Now(c))},
                 {"access", answer.access}});
}

Response ListBreaches(Call& c) {
  std::vector<records::Breach> breaches;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(breaches, txn.LoadBreaches());
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  json out = json::array();
  for (const auto& b : breaches) out.push_back(program::BreachToJson(b, Now(c)));
  return c.Json({{"breaches", out}});
}

// The members of a breach body over `b` (a new one, or the stored one).
Status ReadBreach(const Call& c, const json& body, records::Breach& b) {
  GEMIS_RETURN_IF_ERROR(Known(body, {"detected", "description", "registers", "subjects", "measures",
                                     "notified", "notifiedTo", "lateReason"}));
  GEMIS_ASSIGN_OR_RETURN(b.detected_ms, Time(body, "detected", b.id ? b.detected_ms : Now(c)));
  if (body.contains("description") || b.id == 0) {
    GEMIS_ASSIGN_OR_RETURN(b.description, Text(body, "description", true));
  }
  if (auto it = body.find("registers"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) {
      return Status::Invalid("registers must be a list", {"", 0, 0, "registers"});
    }
    b.registers.clear();
    for (const json& r : *it) {
      if (!r.is_string()) {
        return Status::Invalid("registers must be a list of names", {"", 0, 0, "registers"});
      }
      GEMIS_ASSIGN_OR_RETURN(PersonalRegister reg,
                             records::ParsePersonalRegister(r.get<std::string>()));
      b.registers.push_back(reg);
    }
  }
  if (auto it = body.find("subjects"); it != body.end()) {
    if (it->is_null()) {
      b.subjects.reset();
    } else if (!it->is_number_integer()) {
      return Status::Invalid("subjects must be a whole number", {"", 0, 0, "subjects"});
    } else {
      b.subjects = it->get<int64_t>();
    }
  }
  if (body.contains("measures")) {
    GEMIS_ASSIGN_OR_RETURN(b.measures, Text(body, "measures", false));
  }
  if (body.contains("notified")) {
    GEMIS_ASSIGN_OR_RETURN(int64_t at, Time(body, "notified", 0));
    if (at == 0) {
      b.notified_ms.reset();
    } else {
      b.notified_ms = at;
    }
  }
  if (body.contains("notifiedTo")) {
    GEMIS_ASSIGN_OR_RETURN(b.notified_to, Text(body, "notifiedTo", false));
  }
  if (body.contains("lateReason")) {
    GEMIS_ASSIGN_OR_RETURN(b.late_reason, Text(body, "lateReason", false));
  }
  return Status::Ok();
}

Response SaveBreach(Call& c, bool update) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  records::Breach b;
  bool missing = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    if (update) {
      std::optional<int64_t> id = c.IdParam("id");
      if (!id) {
        missing = true;
        return Status::Ok();
      }
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Breach> stored, txn.FindBreach(*id));
      if (!stored) {
        missing = true;
        return Status::Ok();
      }
      b = std::move(*stored);
    }
    GEMIS_RETURN_IF_ERROR(ReadBreach(c, *body, b));
    GEMIS_ASSIGN_OR_RETURN(b.id, program::SaveBreach(txn, b, ActorOf(c)));
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Breach> saved, txn.FindBreach(b.id));
    if (saved) b = std::move(*saved);
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (missing) {
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "id");
  }
  return c.Json(program::BreachToJson(b, Now(c)),
                update ? http::status::ok : http::status::created);
}

Response LogBreach(Call& c) { return SaveBreach(c, false); }
Response UpdateBreach(Call& c) { return SaveBreach(c, true); }

json RetentionJson(const std::vector<records::RetentionRule>& rules) {
  json out = json::array();
  for (const records::RetentionRule& r : rules) {
    out.push_back(
        {{"register", records::PersonalRegisterName(r.register_kind)}, {"years", r.years}});
  }
  return {{"retention", out}};
}

// Answers with `to_json` of the stored retention periods.
Response WithRetention(Call& c, json (*to_json)(const std::vector<records::RetentionRule>&)) {
  std::vector<records::RetentionRule> rules;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRetentionRules());
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json(to_json(rules));
}

// Every register's purpose and legal basis: any signed-in user may read
// what the registers are for (transparency), not who is in them.
Response GetRegisters(Call& c) {
  return WithRetention(c, [](const std::vector<records::RetentionRule>& rules) {
    return json{{"registers", program::RegisterPurposesToJson(rules)}};
  });
}

Response GetRetention(Call& c) { return WithRetention(c, RetentionJson); }

Response SetRetention(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  std::vector<records::RetentionRule> rules;
  Status s = [&]() -> Status {
    GEMIS_RETURN_IF_ERROR(Known(*body, {"years"}));
    records::RetentionRule rule;
    GEMIS_ASSIGN_OR_RETURN(rule.register_kind, records::ParsePersonalRegister(c.Param("register")));
    auto years = body->find("years");
    if (years == body->end() || !years->is_number_integer()) {
      return Status::Invalid("years must be a whole number (1-100)", {"", 0, 0, "years"});
    }
    const int64_t y = years->get<int64_t>();
    rule.years = y < 0 || y > 1000 ? 0 : static_cast<int>(y);
    return c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(program::SaveRetention(txn, rule, ActorOf(c)));
      GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRetentionRules());
      return Status::Ok();
    });
  }();
  if (!s.ok()) return c.FromStatus(s);
  return c.Json(RetentionJson(rules));
}

Response ApplyRetention(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  program::RetentionReport report;
  bool dry_run = false;
  Status s = [&]() -> Status {
    GEMIS_RETURN_IF_ERROR(Known(*body, {"asOf", "dryRun"}));
    GEMIS_ASSIGN_OR_RETURN(std::string as_of, Text(*body, "asOf", false));
    Date day = c.world->today;
    if (!as_of.empty()) {
      Result<Date> parsed = Date::Parse(as_of);
      if (!parsed.ok()) return Status::Invalid(parsed.status().message(), {"", 0, 0, "asOf"});
      day = *parsed;
    }
    if (auto it = body->find("dryRun"); it != body->end() && !it->is_null()) {
      if (!it->is_boolean())
        return Status::Invalid("dryRun must be true or false", {"", 0, 0, "dryRun"});
      dry_run = it->get<bool>();
    }
    return c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(report, program::ApplyRetention(txn, day, dry_run, ActorOf(c)));
      return Status::Ok();
    });
  }();
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"dryRun", dry_run}, {"births", report.births}, {"cases", report.cases}});
}

}  // namespace

void AddPrivacyRoutes(Router& r) {
  const Authority a = Authority::kManagePrivacy;
  r.Add({http::verb::get, "/api/privacy/requests", true, a, ListRequests});
  r.Add({http::verb::post, "/api/privacy/requests", true, a, LogRequest});
  r.Add({http::verb::post, "/api/privacy/requests/{id}/answer", true, a, AnswerRequest});
  r.Add({http::verb::get, "/api/privacy/breaches", true, a, ListBreaches});
  r.Add({http::verb::post, "/api/privacy/breaches", true, a, LogBreach});
  r.Add({http::verb::put, "/api/privacy/breaches/{id}", true, a, UpdateBreach});
  r.Add({http::verb::get, "/api/privacy/registers", true, Authority::kReadMetadata, GetRegisters});
  r.Add({http::verb::get, "/api/privacy/retention", true, a, GetRetention});
  r.Add({http::verb::put, "/api/privacy/retention/{register}", true, a, SetRetention});
  r.Add({http::verb::post, "/api/privacy/retention/apply", true, a, ApplyRetention});
}

}  // namespace gemis::server
