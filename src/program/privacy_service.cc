#include "program/privacy_service.h"

#include <algorithm>

#include "core/clock.h"
#include "program/cadre_service.h"
#include "program/cadres_json.h"
#include "program/cases_json.h"
#include "program/safe_births_json.h"
#include "records/register_purposes.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

using nlohmann::json;
using records::PersonalRegister;

// Audit entries about the data-protection log itself: no unit (they are
// read by global-scope auditors and the data-protection officer).
Status Audit(store::WriteTransaction& txn, const Actor& actor, std::string action,
             std::string object_type, std::string object_id, const json& after) {
  store::AuditEntry e =
      AuditEntryOf(actor, std::move(action), std::move(object_type), std::move(object_id), 0);
  e.after = after.dump();
  return txn.AppendAudit(e).status();
}

Status NoRecord(PersonalRegister reg, std::string_view code) {
  return Status::NotFound(std::string("no ") + records::PersonalRegisterName(reg) +
                              " record with code " + std::string(code),
                          {"", 0, 0, "recordCode"});
}

// The id of the record `code` of `reg` (kNotFound naming "recordCode").
Result<int64_t> RecordId(store::ReadTransaction& txn, PersonalRegister reg, std::string_view code) {
  std::optional<int64_t> id;
  switch (reg) {
    case PersonalRegister::kSafeBirth: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> b, txn.FindSafeBirth(code));
      if (b && b->code == code) id = b->id;
      break;
    }
    case PersonalRegister::kCadre: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> c, txn.FindCadre(code));
      if (c && c->code == code) id = c->id;
      break;
    }
    case PersonalRegister::kCase: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> c, txn.FindCase(code));
      if (c && c->code == code) id = c->id;
      break;
    }
  }
  if (!id) return NoRecord(reg, code);
  return *id;
}

const char* AuditTypeOf(PersonalRegister reg) {
  switch (reg) {
    case PersonalRegister::kSafeBirth: return "safe_birth";
    case PersonalRegister::kCadre: return "cadre";
    case PersonalRegister::kCase: return "case";
  }
  return "";
}

json KeptJson(const std::vector<records::KeptField>& kept) {
  json out = json::array();
  for (const records::KeptField& k : kept) {
    out.push_back({{"field", k.field}, {"reason", k.reason_vi}, {"reasonEn", k.reason_en}});
  }
  return out;
}

// What a request's audit entry holds: never a name.
json RequestAudit(const records::SubjectRequest& r) {
  return {{"register", records::PersonalRegisterName(r.register_kind)},
          {"recordCode", r.record_code},
          {"kind", records::RequestKindName(r.kind)},
          {"received", FormatTimestamp(r.received_ms)},
          {"answered", r.answered_ms ? json(FormatTimestamp(*r.answered_ms)) : json(nullptr)},
          {"erased", r.erased}};
}

}  // namespace

Result<int64_t> LogSubjectRequest(store::WriteTransaction& txn, records::SubjectRequest request,
                                  const Actor& actor) {
  GEMIS_RETURN_IF_ERROR(RecordId(txn, request.register_kind, request.record_code).status());
  request.id = 0;
  request.answered_ms.reset();
  request.erased.clear();
  request.kept.clear();
  GEMIS_ASSIGN_OR_RETURN(int64_t id, txn.SaveSubjectRequest(request));
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::SubjectRequest> saved, txn.FindSubjectRequest(id));
  if (!saved) return Status::Internal("subject request not saved");
  GEMIS_RETURN_IF_ERROR(
      Audit(txn, actor, "create", "subjectRequest", saved->uid, RequestAudit(*saved)));
  return id;
}

Result<json> SubjectAccess(store::ReadTransaction& txn, const ModelContext& ctx,
                           PersonalRegister reg, std::string_view code) {
  json record;
  switch (reg) {
    case PersonalRegister::kSafeBirth: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> b, txn.FindSafeBirth(code));
      if (!b || b->code != code) return NoRecord(reg, code);
      GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn.LoadDesignations());
      record = SafeBirthToJson(*b, ctx.hierarchy, DesignationSet(std::move(lists)), true);
      break;
    }
    case PersonalRegister::kCadre: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> c, txn.FindCadre(code));
      if (!c || c->code != code) return NoRecord(reg, code);
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings, TrainingsOf(txn, c->id));
      record = CadreToJson(*c, ctx.hierarchy, trainings);
      break;
    }
    case PersonalRegister::kCase: {
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Case> c, txn.FindCase(code));
      if (!c || c->code != code) return NoRecord(reg, code);
      store::ModelFilter filter;
      filter.ids = {c->address};
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> address, txn.LoadModels(filter));
      if (address.empty()) return Status::Internal("a case's address is missing");
      record = CaseToJson(*c, address.front(), ctx.hierarchy, CaseView::kFull);
      break;
    }
  }
  json processing = json::array();
  store::AuditFilter filter;
  filter.object_type = AuditTypeOf(reg);
  filter.object_id = std::string(code);
  GEMIS_RETURN_IF_ERROR(txn.ScanAudit(filter, [&](const store::AuditEntry& e) -> Status {
    processing.push_back({{"at", e.at}, {"user", e.username}, {"action", e.action}});
    return Status::Ok();
  }));
  return json{{"register", records::PersonalRegisterName(reg)},
              {"code", std::string(code)},
              {"record", record},
              {"processing", processing}};
}

Result<RequestAnswer> AnswerSubjectRequest(store::WriteTransaction& txn, const ModelContext& ctx,
                                           int64_t id, std::string note, int64_t now_ms,
                                           const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::SubjectRequest> found, txn.FindSubjectRequest(id));
  if (!found) {
    return Status::NotFound("no subject request " + std::to_string(id), {"", 0, 0, "id"});
  }
  RequestAnswer answer;
  answer.request = std::move(*found);
  records::SubjectRequest& r = answer.request;
  if (r.answered_ms) {
    return Status::Conflict("subject request " + std::to_string(id) + " was answered on " +
                                FormatTimestamp(*r.answered_ms),
                            {"", 0, 0, "id"});
  }
  GEMIS_ASSIGN_OR_RETURN(int64_t record, RecordId(txn, r.register_kind, r.record_code));
  switch (r.kind) {
    case records::RequestKind::kAccess: {
      GEMIS_ASSIGN_OR_RETURN(answer.access,
                             SubjectAccess(txn, ctx, r.register_kind, r.record_code));
      // Every view of a case is audited (program/case_service.h), this one
      // too.
      if (r.register_kind == PersonalRegister::kCase) {
        GEMIS_RETURN_IF_ERROR(
            Audit(txn, actor, "view", "case", r.record_code, {{"request", r.uid}}));
      }
      break;
    }
    case records::RequestKind::kRectification: break;
    case records::RequestKind::kErasure: {
      records::ErasurePlan plan = records::PlanErasure(r.register_kind);
      const Date day = VietnamDay(now_ms);
      switch (r.register_kind) {
        case PersonalRegister::kSafeBirth:
          GEMIS_RETURN_IF_ERROR(txn.EraseSafeBirthIdentity(record, day));
          break;
        case PersonalRegister::kCase:
          GEMIS_RETURN_IF_ERROR(txn.EraseCaseIdentity(record, day));
          break;
        case PersonalRegister::kCadre: {
          GEMIS_ASSIGN_OR_RETURN(answer.figures, DeleteCadre(txn, ctx, r.record_code, actor));
          break;
        }
      }
      r.erased = std::move(plan.erased);
      r.kept = std::move(plan.kept);
      GEMIS_RETURN_IF_ERROR(Audit(txn, actor, "erase", AuditTypeOf(r.register_kind), r.record_code,
                                  {{"erased", r.erased}, {"request", r.uid}}));
      break;
    }
  }
  r.answered_ms = now_ms;
  r.handled_by = actor.username;
  r.note = std::move(note);
  GEMIS_RETURN_IF_ERROR(txn.SaveSubjectRequest(r).status());
  GEMIS_RETURN_IF_ERROR(Audit(txn, actor, "answer", "subjectRequest", r.uid, RequestAudit(r)));
  return answer;
}

Result<int64_t> SaveBreach(store::WriteTransaction& txn, const records::Breach& breach,
                           const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(int64_t id, txn.SaveBreach(breach));
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Breach> saved, txn.FindBreach(id));
  if (!saved) return Status::Internal("breach not saved");
  GEMIS_RETURN_IF_ERROR(Audit(txn, actor, breach.id == 0 ? "create" : "update", "breach",
                              saved->uid, BreachToJson(*saved, saved->detected_ms)));
  return id;
}

Status SaveRetention(store::WriteTransaction& txn, const records::RetentionRule& rule,
                     const Actor& actor) {
  GEMIS_RETURN_IF_ERROR(txn.SaveRetentionRule(rule));
  return Audit(txn, actor, "update", "retention", records::PersonalRegisterName(rule.register_kind),
               {{"years", rule.years}});
}

Result<RetentionReport> ApplyRetention(store::WriteTransaction& txn, Date today, bool dry_run,
                                       const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::RetentionRule> rules, txn.LoadRetentionRules());
  auto years_of = [&](PersonalRegister reg) {
    for (const records::RetentionRule& r : rules) {
      if (r.register_kind == reg) return r.years;
    }
    return 0;
  };
  RetentionReport report;
  const int birth_years = years_of(PersonalRegister::kSafeBirth);
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::SafeBirth> births, txn.LoadSafeBirths({}));
  for (const records::SafeBirth& b : births) {
    if (b.identity_erased || birth_years == 0) continue;
    Date end = b.birth_date;
    for (const records::SafeBirthPayment& p : b.payments) end = std::max(end, p.day);
    if (today < records::RetentionEnds(end, birth_years)) continue;
    report.births.push_back(b.code);
    if (dry_run) continue;
    GEMIS_RETURN_IF_ERROR(txn.EraseSafeBirthIdentity(b.id, today));
    GEMIS_RETURN_IF_ERROR(
        Audit(txn, actor, "retention", "safe_birth", b.code,
              {{"erased", records::PlanErasure(PersonalRegister::kSafeBirth).erased},
               {"years", birth_years}}));
  }
  const int case_years = years_of(PersonalRegister::kCase);
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Case> cases, txn.LoadCases({}));
  for (const records::Case& c : cases) {
    if (c.identity_erased || !c.closed || case_years == 0) continue;
    if (today < records::RetentionEnds(*c.closed, case_years)) continue;
    report.cases.push_back(c.code);
    if (dry_run) continue;
    GEMIS_RETURN_IF_ERROR(txn.EraseCaseIdentity(c.id, today));
    GEMIS_RETURN_IF_ERROR(Audit(
        txn, actor, "retention", "case", c.code,
        {{"erased", records::PlanErasure(PersonalRegister::kCase).erased}, {"years", case_years}}));
  }
  return report;
}

json SubjectRequestToJson(const records::SubjectRequest& r, int64_t now_ms) {
  json out = RequestAudit(r);
  out["id"] = r.id;
  out["uid"] = r.uid;
  out["due"] = FormatTimestamp(records::RequestDueMs(r));
  out["state"] = records::RequestState(r, now_ms);
  out["handledBy"] = r.handled_by;
  out["kept"] = KeptJson(r.kept);
  out["note"] = r.note;
  return out;
}

json BreachToJson(const records::Breach& b, int64_t now_ms) {
  json registers = json::array();
  for (PersonalRegister reg : b.registers) registers.push_back(records::PersonalRegisterName(reg));
  return {{"id", b.id},
          {"uid", b.uid},
          {"detected", FormatTimestamp(b.detected_ms)},
          {"description", b.description},
          {"registers", registers},
          {"subjects", b.subjects ? json(*b.subjects) : json(nullptr)},
          {"measures", b.measures},
          {"due", FormatTimestamp(records::BreachDueMs(b))},
          {"notified", b.notified_ms ? json(FormatTimestamp(*b.notified_ms)) : json(nullptr)},
          {"notifiedTo", b.notified_to},
          {"lateReason", b.late_reason},
          {"state", records::BreachState(b, now_ms)}};
}

json RegisterPurposesToJson(const std::vector<records::RetentionRule>& retention) {
  json out = json::array();
  for (const records::RegisterPurpose& p : records::RegisterPurposes()) {
    json years = nullptr;
    for (const records::RetentionRule& r : retention) {
      if (r.register_kind == p.register_kind) years = r.years;
    }
    auto both = [](const char* vi, const char* en) { return json{{"vi", vi}, {"en", en}}; };
    out.push_back({{"register", records::PersonalRegisterName(p.register_kind)},
                   {"name", both(p.name_vi, p.name_en)},
                   {"purpose", both(p.purpose_vi, p.purpose_en)},
                   {"legalBasis", p.legal_basis},
                   {"kept", both(p.kept_vi, p.kept_en)},
                   {"notKept", both(p.not_kept_vi, p.not_kept_en)},
                   {"sensitive", both(p.sensitive_vi, p.sensitive_en)},
                   {"whoSees", both(p.who_sees_vi, p.who_sees_en)},
                   {"retentionYears", years}});
  }
  return out;
}

}  // namespace gemis::program
