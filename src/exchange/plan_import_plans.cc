// Plan import, part 3: plans, with their citations and assignments. What a
// plan states (targets, tables, budget, …) is read in plan_import_contents.cc.
#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

Citation ReadCitation(Context& ctx, const Plan& plan, const json& j, const std::string& pointer) {
  Fields f(ctx.diag, j, pointer,
           {"relation", "plan", "kind", "number", "issuer", "date", "title", "source"});
  Citation c;
  c.relation = f.Text("relation");
  c.plan_code = f.Text("plan");
  if (c.plan_code == plan.code && !c.plan_code.empty()) {
    f.Error("plan", "a plan cannot cite itself", kPlanReference);
  } else if (!c.plan_code.empty() && !ctx.KnownPlan(c.plan_code)) {
    f.Error("plan",
            "unknown plan '" + c.plan_code +
                "' (a plan code defined in this file or stored; leave it empty for documents "
                "that are not stored plans)",
            kPlanReference);
  }
  c.document_kind = f.Text("kind");
  c.number = f.Text("number");
  c.issuer = f.Text("issuer");
  c.date = f.DateValue("date");
  c.title = f.Text("title");
  c.source = ReadSource(f, "source", ctx.default_document);
  return c;
}

Assignment ReadAssignment(Context& ctx, const json& j, const std::string& pointer) {
  Fields f(ctx.diag, j, pointer,
           {"node", "agency", "role", "schedule", "window", "task", "source"});
  Assignment a;
  a.program_node_code = ReadNodeRef(ctx, f, "node");
  a.agency_code = ReadAgencyRef(ctx, f, "agency", true);
  a.role = f.Enum("role", AssignmentRole::kLead,
                  {AssignmentRole::kLead, AssignmentRole::kCooperating}, AssignmentRoleName, true);
  a.schedule = f.Text("schedule");
  a.window = f.Dates("window");
  a.task = f.Text("task");
  a.source = ReadSource(f, "source", ctx.default_document);
  return a;
}

// `issuer`: {"orgUnit" | "unit", "agency"}, read on the plan's date.
void ReadIssuer(Context& ctx, Fields& f, Date effective, Plan& plan) {
  const json* issuer = f.Get("issuer");
  if (issuer == nullptr) {
    f.Error("issuer", "required");
    return;
  }
  Fields i(ctx.diag, *issuer, f.At("issuer"), {"orgUnit", "unit", "agency"});
  if (!i.valid()) return;
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, i, effective, true);
  plan.issuer_unit = unit ? unit->id : 0;
  plan.issuer_agency_code = ReadAgencyRef(ctx, i, "agency");
}

void ReadStatus(Context& ctx, Fields& f, Plan& plan) {
  plan.status =
      f.Enum("status", PlanStatus::kIssued,
             {PlanStatus::kDraft, PlanStatus::kIssued, PlanStatus::kSuperseded}, PlanStatusName);
  plan.superseded_by = f.Text("supersededBy");
  if (plan.superseded_by.empty()) return;
  if (plan.status != PlanStatus::kSuperseded) {
    f.Error("supersededBy", "supersededBy is for a plan whose status is superseded");
  } else if (plan.superseded_by == plan.code) {
    f.Error("supersededBy", "a plan cannot supersede itself", kPlanReference);
  } else if (!ctx.KnownPlan(plan.superseded_by)) {
    f.Error("supersededBy", "unknown plan '" + plan.superseded_by + "'", kPlanReference);
  }
}

void ReadPlan(Context& ctx, const json& j, const std::string& pointer,
              std::unordered_set<std::string>& seen, PlanFileContents& out) {
  Fields f(ctx.diag, j, pointer,
           {"code",      "number",      "title",     "issuer",      "signer",  "signerTitle",
            "place",     "date",        "period",    "periodText",  "status",  "supersededBy",
            "programme", "source",      "citations", "assignments", "targets", "tables",
            "budget",    "placeCounts", "areas",     "deadlines",   "notes"});
  if (!f.valid()) return;
  PlanContents contents;
  Plan& plan = contents.plan;
  plan.code = f.Code("code");
  if (!plan.code.empty() && !seen.insert(plan.code).second) {
    f.Error("code", "plan '" + plan.code + "' is defined twice in the file", kPlanDuplicate);
  }
  plan.number = f.Text("number");
  plan.title = f.Text("title");
  plan.signer = f.Text("signer");
  plan.signer_title = f.Text("signerTitle");
  plan.place = f.Text("place");
  plan.date = f.DateValue("date");
  plan.period = f.Dates("period", true);
  plan.period_text = f.Text("periodText");
  ReadStatus(ctx, f, plan);
  plan.program_node_code = ReadNodeRef(ctx, f, "programme");
  plan.source = ReadSource(f, "source", ctx.default_document);
  ForEachElement(f, "citations", [&](const json& e, const std::string& p) {
    plan.citations.push_back(ReadCitation(ctx, plan, e, p));
  });
  ForEachElement(f, "assignments", [&](const json& e, const std::string& p) {
    plan.assignments.push_back(ReadAssignment(ctx, e, p));
  });
  // Without a period the plan has no date to read its units at (the missing
  // period is reported); its units and contents are read once it has one.
  if (plan.period.empty()) return;
  Date effective = plan.EffectiveDate();
  ReadIssuer(ctx, f, effective, plan);
  PlanScope scope{plan, effective, plan.source.document};
  ReadTargets(ctx, scope, f, contents);
  ReadTables(ctx, scope, f, contents);
  ReadBudget(ctx, scope, f, contents);
  ReadPlaceCounts(ctx, scope, f, contents);
  ReadAreas(ctx, scope, f, contents);
  ReadDeadlines(ctx, f, contents);
  ReadNotes(ctx, f, contents);
  out.plans.push_back(std::move(contents));
}

}  // namespace

void ReadPlans(Context& ctx, Fields& root, PlanFileContents& out) {
  std::unordered_set<std::string> seen;
  ForEachElement(root, "plans",
                 [&](const json& j, const std::string& p) { ReadPlan(ctx, j, p, seen, out); });
}

}  // namespace gemis::exchange::plan_import
