// Plans and what they state: /api/plans (list), /api/plans/{plan} (targets,
// budget, citations, …), its validation findings, its appendix table
// (allocation) and progress against it — JSON or, with format=xlsx, the
// same workbook as the CLI — and /api/targets/{id}/status. A plan is
// visible to a caller when its issuing unit is in their view scope or above
// one of their roots (a commune officer reads the province plan that
// allocates to them).
#include "analytics/progress.h"
#include "core/plan_validation.h"
#include "exchange/xlsx_writer.h"
#include "program/record_measures.h"
#include "reporting/allocation_table.h"
#include "server/api.h"
#include "views/allocation_json.h"
#include "views/plan_json.h"
#include "views/progress_json.h"
#include "views/report_sheets.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

bool PlanVisible(const Call& c, const Plan& p) {
  const access::Principal& who = c.principal();
  if (who.system) return true;
  Date at = p.EffectiveDate();
  if (c.CanView(p.issuer_unit, at)) return true;
  for (OrgUnitId root : who.view_scope) {
    for (OrgUnitId a : c.world->hierarchy.AncestorsAt(root, at)) {
      if (a == p.issuer_unit) return true;
    }
    for (OrgUnitId a : c.world->hierarchy.AncestorsAt(root, c.world->today)) {
      if (a == p.issuer_unit) return true;
    }
  }
  return false;
}

// The plan of the path, or the response to send (404 also when it is not
// visible: the answer does not tell which plans exist elsewhere).
const Plan* FindPlan(Call& c, Response& error) {
  bool ambiguous = false;
  const Plan* p = c.world->plans.FindPlan(c.Param("plan"), &ambiguous);
  if (ambiguous) {
    error = c.FromStatus(Status::Invalid("several plans carry this number; name one by its code",
                                         {"", 0, 0, "plan"}));
    return nullptr;
  }
  if (p == nullptr || !PlanVisible(c, *p)) {
    error = c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "plan");
    return nullptr;
  }
  return p;
}

bool WantsXlsx(const Call& c) {
  auto f = c.target.Get("format");
  return f && *f == "xlsx";
}

Response Workbook(Call& c, exchange::XlsxSheet sheet, const std::string& name) {
  if (!c.Can(Authority::kExport)) return c.Forbidden();
  exchange::XlsxWorkbook book;
  book.sheets.push_back(std::move(sheet));
  Result<std::string> bytes = exchange::WriteXlsxToString(book);
  if (!bytes.ok()) return c.FromStatus(bytes.status());
  Response res{http::status::ok, c.req.version()};
  res.set(http::field::content_type,
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set(http::field::content_disposition, "attachment; filename=\"" + name + ".xlsx\"");
  res.keep_alive(c.req.keep_alive());
  res.body() = std::move(bytes).value();
  res.prepare_payload();
  return res;
}

std::string FileName(const Plan& p, const char* what) {
  std::string out = p.code + "-" + what;
  for (char& ch : out) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) ch = '_';
  }
  return out;
}

Response List(Call& c) {
  json plans = json::array();
  for (const Plan& p : c.world->plans.plans()) {
    if (PlanVisible(c, p))
      plans.push_back(views::PlanHeaderJson(p, c.world->hierarchy, c.world->plans));
  }
  return c.Json({{"plans", plans}});
}

Response Get(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  return c.Json(views::PlanJson(*p, c.world->hierarchy, c.world->plans));
}

Response Validation(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  ValidationOptions options{.lang = c.lang};
  options.only_plan = p->id;
  json findings = json::array();
  int errors = 0;
  for (const Finding& f :
       ValidatePlans(c.world->plans, c.world->hierarchy, c.world->metadata, options)) {
    errors += f.severity == Severity::kError;
    findings.push_back(views::FindingJson(f));
  }
  return c.Json({{"plan", p->code},
                 {"errors", errors},
                 {"warnings", static_cast<int>(findings.size()) - errors},
                 {"findings", findings}});
}

Response Allocation(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  reporting::AllocationOptions options;
  options.lang = c.lang;
  if (auto table = c.target.Get("table")) options.table = std::string(*table);
  Result<reporting::AllocationTable> t = reporting::BuildAllocationTable(
      c.world->plans, *p, c.world->hierarchy, c.world->metadata, options);
  if (!t.ok())
    return c.FromStatus(Status(t.status().code(), t.status().message(), {"", 0, 0, "table"}));
  if (WantsXlsx(c))
    return Workbook(c, views::AllocationSheet(*t, c.lang), FileName(*p, "allocation"));
  return c.Json(views::AllocationJson(*t));
}

Response Progress(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  analytics::ProgressOptions options;
  options.lang = c.lang;
  options.at = c.world->today;
  if (auto at = c.target.Get("at")) {
    Result<Date> d = Date::Parse(*at);
    if (!d.ok()) return c.FromStatus(Status::Invalid(d.status().message(), {"", 0, 0, "at"}));
    options.at = *d;
  }
  if (auto table = c.target.Get("table")) options.table = std::string(*table);
  Date plan_day = p->EffectiveDate();
  if (auto ou = c.target.Get("ou")) {
    const OrgUnit* u = c.world->hierarchy.FindByUid(*ou);
    if (u == nullptr) u = c.world->hierarchy.FindByCode(*ou, plan_day);
    if (u == nullptr) {
      return c.FromStatus(Status::NotFound(
          "no org unit '" + std::string(*ou) + "' on the plan's date", {"", 0, 0, "ou"}));
    }
    options.under = u->id;
  } else {
    options.under = p->issuer_unit;
  }
  // Figures of units outside the view scope are not shown: the unit asked
  // for (by default the plan's issuer) must be inside it.
  if (!c.CanView(*options.under, plan_day)) return c.OutOfScope();
  Status measures = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(options.result_measures, program::RecordMeasures(txn));
    return Status::Ok();
  });
  if (!measures.ok()) return c.FromStatus(measures);
  Result<analytics::Engine*> engine = c.api.Engine();
  if (!engine.ok()) return c.FromStatus(engine.status());
  Result<analytics::ProgressReport> report = analytics::ComputeProgress(
      **engine, c.world->plans, *p, c.world->hierarchy, c.world->metadata, options);
  if (!report.ok()) return c.FromStatus(report.status());
  if (WantsXlsx(c))
    return Workbook(c, views::ProgressSheet(*report, c.lang), FileName(*p, "progress"));
  return c.Json(views::ProgressJson(*report, c.world->hierarchy, c.world->metadata));
}

// {"status": "active"|"suspended"|"withdrawn", "note": "…"}: the target's
// unit (or its plan's issuer) must be in the caller's entry scope.
Response SetTargetStatus(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  std::optional<int64_t> parsed = c.IdParam("id");
  if (!parsed) {
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "id");
  }
  const int64_t id = *parsed;
  const gemis::Target* target = nullptr;
  for (const gemis::Target& t : c.world->plans.data().targets) {
    if (t.id == id) target = &t;
  }
  const Plan* plan = target ? c.world->plans.FindPlan(target->plan) : nullptr;
  if (target == nullptr || plan == nullptr || !PlanVisible(c, *plan)) {
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "id");
  }
  Date day = plan->EffectiveDate();
  if (!c.CanEnter(target->org_unit, day) && !c.CanEnter(plan->issuer_unit, day))
    return c.OutOfScope();
  if (!(*body)["status"].is_string()) {
    return c.FromStatus(Status::Invalid("status is required", {"", 0, 0, "status"}));
  }
  Result<TargetStatus> status = ParseTargetStatus((*body)["status"].get<std::string>());
  if (!status.ok())
    return c.FromStatus(Status::Invalid(status.status().message(), {"", 0, 0, "status"}));
  std::string note = (*body)["note"].is_string() ? (*body)["note"].get<std::string>() : "";
  Status written = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SetTargetStatus(id, *status, note));
    store::AuditEntry e = c.AuditEntryFor("update", "target", std::to_string(id));
    e.org_unit = target->org_unit;
    e.before =
        json{{"status", TargetStatusName(target->status)}, {"note", target->status_note}}.dump();
    e.after = json{{"status", TargetStatusName(*status)}, {"note", note}}.dump();
    return txn.AppendAudit(e).status();
  });
  if (!written.ok()) return c.FromStatus(written);
  // Plans are not part of the structure generation: reload now.
  if (Status reload = c.api.worlds().Reload(); !reload.ok()) return c.FromStatus(reload);
  return c.Json({{"id", id}, {"status", TargetStatusName(*status)}, {"note", note}});
}

}  // namespace

void AddPlanRoutes(Router& r) {
  using A = Authority;
  r.Add({http::verb::get, "/api/plans", true, A::kReadMetadata, List});
  r.Add({http::verb::get, "/api/plans/{plan}", true, A::kReadMetadata, Get});
  r.Add({http::verb::get, "/api/plans/{plan}/validation", true, A::kReadData, Validation});
  r.Add({http::verb::get, "/api/plans/{plan}/allocation", true, A::kReadMetadata, Allocation});
  r.Add({http::verb::get, "/api/plans/{plan}/progress", true, A::kReadData, Progress});
  r.Add({http::verb::put, "/api/targets/{id}/status", true, A::kEditTargets, SetTargetStatus});
}

}  // namespace gemis::server
