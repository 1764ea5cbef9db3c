// The programme structure (/api/programNodes: programmes, projects,
// content areas and their activities, what users' content areas name) and
// plans and what they state: /api/plans (list), /api/plans/{plan} (targets,
// budget, citations, …), its validation findings, its appendix table
// (allocation) and progress against it — JSON or, with format=xlsx, the
// same workbook as the CLI — edits of that table (POST
// /api/plans/{plan}/allocation, dry run or written) and
// /api/targets/{id}/status. A plan is
// visible to a caller when its issuing unit is in their view scope or above
// one of their roots (a commune officer reads the province plan that
// allocates to them).
#include <map>

#include "analytics/progress.h"
#include "core/plan_validation.h"
#include "exchange/xlsx_writer.h"
#include "program/record_measures.h"
#include "reporting/allocation_edit.h"
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

// Every programme node as a tree walked depth first (each node followed by
// its children, in the book's order), with its name in the caller's
// language where it has an English one. A node whose parent is unknown is
// a root.
Response ProgramNodes(Call& c) {
  const std::vector<ProgramNode>& all = c.world->plans.data().program_nodes;
  std::map<std::string, std::vector<const ProgramNode*>> children;
  std::vector<const ProgramNode*> roots;
  for (const ProgramNode& n : all) {
    if (!n.parent_code.empty() && c.world->plans.FindProgramNode(n.parent_code) != nullptr) {
      children[n.parent_code].push_back(&n);
    } else {
      roots.push_back(&n);
    }
  }
  json nodes = json::array();
  std::vector<const ProgramNode*> stack(roots.rbegin(), roots.rend());
  while (!stack.empty()) {
    const ProgramNode& n = *stack.back();
    stack.pop_back();
    nodes.push_back({{"code", n.code},
                     {"parent", n.parent_code},
                     {"kind", ProgramNodeKindName(n.kind)},
                     {"number", n.number},
                     {"name", c.lang == Lang::kEn && !n.name_en.empty() ? n.name_en : n.name}});
    const std::vector<const ProgramNode*>& kids = children[n.code];
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return c.Json({{"programNodes", nodes}});
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

// The findings of `plan` in `book` ({"errors", "warnings", "findings"}), in
// the caller's language: what /validation answers and what the allocation
// editor answers for the table as typed.
json PlanFindings(const Call& c, const PlanBook& book, const World& world, const Plan& plan) {
  ValidationOptions options{.lang = c.lang};
  options.only_plan = plan.id;
  json findings = json::array();
  int errors = 0;
  for (const Finding& f : ValidatePlans(book, world.hierarchy, world.metadata, options)) {
    errors += f.severity == Severity::kError;
    findings.push_back(views::FindingJson(f));
  }
  return {{"errors", errors},
          {"warnings", static_cast<int>(findings.size()) - errors},
          {"findings", std::move(findings)}};
}

Response Validation(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  json out = PlanFindings(c, c.world->plans, *c.world, *p);
  out["plan"] = p->code;
  return c.Json(out);
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

// The cells of a POST /api/plans/{plan}/allocation body; nullopt after
// answering `error` (400 naming the field).
std::optional<std::vector<reporting::CellEdit>> ParseCellEdits(Call& c, const json& body,
                                                               Response& error) {
  auto fail = [&](const std::string& field, const std::string& what) {
    error = c.FromStatus(Status::Invalid(what, {"", 0, 0, field}));
    return std::nullopt;
  };
  auto cells = body.find("cells");
  if (cells == body.end() || !cells->is_array()) return fail("cells", "cells must be an array");
  if (cells->size() > 10000) return fail("cells", "at most 10000 cells at a time");
  std::vector<reporting::CellEdit> edits;
  for (size_t i = 0; i < cells->size(); ++i) {
    const json& cell = (*cells)[i];
    const std::string at = "cells/" + std::to_string(i);
    if (!cell.is_object()) return fail(at, "a cell must be an object");
    reporting::CellEdit e;
    for (const char* key : {"row", "column"}) {
      auto it = cell.find(key);
      if (it == cell.end() || !it->is_number_unsigned()) {
        return fail(at + "/" + key, std::string(key) + " must be a whole number from 0");
      }
      (std::string_view(key) == "row" ? e.row : e.column) = it->get<size_t>();
    }
    auto value = cell.find("value");
    if (value == cell.end() || !value->is_string()) {
      return fail(at + "/value", "value must be a string (\"\" clears the cell)");
    }
    e.value = value->get<std::string>();
    for (auto [key, slot] : {std::pair{"was", &e.was}, std::pair{"orgUnit", &e.org_unit},
                             std::pair{"measure", &e.measure}}) {
      auto it = cell.find(key);
      if (it == cell.end()) continue;
      if (it->is_null() && std::string_view(key) == "was") {
        *slot = "";  // an empty cell
      } else if (it->is_string()) {
        *slot = it->get<std::string>();
      } else {
        return fail(at + "/" + key, std::string(key) + " must be a string");
      }
    }
    edits.push_back(std::move(e));
  }
  return edits;
}

// {"table": "Phụ lục I", "dryRun": true, "cells": [{"row": 3, "column": 1,
// "value": "7", "was": "6", "orgUnit": "049", "measure": "P8_TTCD_TO"}]}:
// the allocation editor. The table is rebuilt with the typed values and
// validated as a whole; unless dryRun, the changes are written in one
// transaction, each audited, and every cell's unit (or the plan's issuer)
// must be in the caller's entry scope. Answers the rebuilt table and the
// plan's findings.
Response EditAllocation(Call& c) {
  Response error;
  const Plan* p = FindPlan(c, error);
  if (p == nullptr) return error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  reporting::AllocationOptions options;
  options.lang = c.lang;
  if (auto table = body->find("table"); table != body->end()) {
    if (!table->is_string()) {
      return c.FromStatus(Status::Invalid("table must be a string", {"", 0, 0, "table"}));
    }
    options.table = table->get<std::string>();
  }
  bool dry_run = false;
  if (auto d = body->find("dryRun"); d != body->end()) {
    if (!d->is_boolean()) {
      return c.FromStatus(Status::Invalid("dryRun must be true or false", {"", 0, 0, "dryRun"}));
    }
    dry_run = d->get<bool>();
  }
  std::optional<std::vector<reporting::CellEdit>> edits = ParseCellEdits(c, *body, error);
  if (!edits) return error;
  Result<reporting::AllocationTable> before = reporting::BuildAllocationTable(
      c.world->plans, *p, c.world->hierarchy, c.world->metadata, options);
  if (!before.ok()) {
    return c.FromStatus(
        Status(before.status().code(), before.status().message(), {"", 0, 0, "table"}));
  }
  Result<std::vector<reporting::TargetChange>> changes =
      reporting::PlanCellEdits(c.world->plans, *p, *before, *edits);
  if (!changes.ok()) return c.FromStatus(changes.status());
  const Date day = p->EffectiveDate();
  for (const reporting::TargetChange& change : *changes) {
    if (!c.CanEnter(change.target.org_unit, day) && !c.CanEnter(p->issuer_unit, day)) {
      // The cell is named, so the editor marks the one the caller may not change.
      return c.Error(http::status::forbidden, "E_SCOPE", MessageId::kApiOutOfScope, {},
                     "cells/" + std::to_string(change.edit));
    }
  }
  std::shared_ptr<const World> world = c.world;
  if (!dry_run && !changes->empty()) {
    Status written = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      for (const reporting::TargetChange& change : *changes) {
        TargetId id = change.target.id;
        json after = {{"value", change.target.value.ToString()}};
        switch (change.kind) {
          case reporting::TargetChange::Kind::kValue:
            GEMIS_RETURN_IF_ERROR(txn.SetTargetValue(id, change.target.value));
            break;
          case reporting::TargetChange::Kind::kInsert: {
            GEMIS_ASSIGN_OR_RETURN(id, txn.InsertTarget(change.target));
            after["measure"] = change.target.measure.code;
            after["level"] = ImplementingLevelName(change.target.level);
            after["table"] = change.target.table;
            break;
          }
          case reporting::TargetChange::Kind::kWithdraw:
            GEMIS_RETURN_IF_ERROR(txn.SetTargetStatus(id, TargetStatus::kWithdrawn,
                                                      change.target.status_note));
            after = {{"status", "withdrawn"}, {"note", change.target.status_note}};
            break;
        }
        store::AuditEntry e = c.AuditEntryFor(
            change.kind == reporting::TargetChange::Kind::kInsert ? "create" : "update", "target",
            std::to_string(id));
        e.org_unit = change.target.org_unit;
        if (change.kind != reporting::TargetChange::Kind::kInsert) {
          e.before = json{{"value", change.before}}.dump();
        }
        e.after = after.dump();
        GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
      }
      return Status::Ok();
    });
    if (!written.ok()) return c.FromStatus(written);
    // Plans are not part of the structure generation: reload now.
    if (Status reload = c.api.worlds().Reload(); !reload.ok()) return c.FromStatus(reload);
    world = c.api.worlds().Get();
  }
  // A dry run answers for the plan book with the changes applied in memory;
  // a write, for the book just reloaded.
  std::optional<PlanBook> edited;
  if (dry_run) edited = reporting::EditedBook(c.world->plans, *changes);
  const PlanBook& book = dry_run ? *edited : world->plans;
  const Plan* plan = book.FindPlan(p->id);
  if (plan == nullptr) return c.FromStatus(Status::Internal("edited plan vanished"));
  Result<reporting::AllocationTable> after =
      reporting::BuildAllocationTable(book, *plan, world->hierarchy, world->metadata, options);
  if (!after.ok()) return c.FromStatus(after.status());
  json out = PlanFindings(c, book, *world, *plan);
  out["dryRun"] = dry_run;
  out["changed"] = static_cast<int>(changes->size());
  out["written"] = dry_run ? 0 : static_cast<int>(changes->size());
  out["allocation"] = views::AllocationJson(*after);
  return c.Json(out);
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
  r.Add({http::verb::get, "/api/programNodes", true, A::kReadMetadata, ProgramNodes});
  r.Add({http::verb::get, "/api/plans", true, A::kReadMetadata, List});
  r.Add({http::verb::get, "/api/plans/{plan}", true, A::kReadMetadata, Get});
  r.Add({http::verb::get, "/api/plans/{plan}/validation", true, A::kReadData, Validation});
  r.Add({http::verb::get, "/api/plans/{plan}/allocation", true, A::kReadMetadata, Allocation});
  r.Add({http::verb::post, "/api/plans/{plan}/allocation", true, A::kEditTargets, EditAllocation});
  r.Add({http::verb::get, "/api/plans/{plan}/progress", true, A::kReadData, Progress});
  r.Add({http::verb::put, "/api/targets/{id}/status", true, A::kEditTargets, SetTargetStatus});
}

}  // namespace gemis::server
