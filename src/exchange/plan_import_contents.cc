// Plan import, part 6: what a plan states besides targets — budget lines,
// place counts, the units of its area, reporting deadlines and notes on
// defects of the source.
#include <algorithm>
#include <limits>
#include <map>

#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();

// ------------------------------------------------------------------ budget

struct BudgetKey {
  std::string parent;
  std::string pointer;  // of the line
};

BudgetLine ReadBudgetLine(Context& ctx, const PlanScope& scope, Fields& f) {
  BudgetLine b;
  b.key = f.Required("key");
  b.parent_key = f.Text("parent");
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, scope.effective, true);
  if (unit) b.org_unit = unit->id;
  b.agency_code = ReadAgencyRef(ctx, f, "agency");
  b.level = f.Enum(
      "level", ImplementingLevel::kAll,
      {ImplementingLevel::kAll, ImplementingLevel::kCentre, ImplementingLevel::kProvince,
       ImplementingLevel::kDistrict, ImplementingLevel::kCommune, ImplementingLevel::kVillage},
      ImplementingLevelName);
  b.funding = f.Enum("funding", FundingSource::kUnspecified,
                     {FundingSource::kUnspecified, FundingSource::kCentral, FundingSource::kLocal,
                      FundingSource::kCounterpart, FundingSource::kOther},
                     FundingSourceName);
  b.period = f.Dates("period");
  b.kind = f.Enum("kind", BudgetKind::kAllocated,
                  {BudgetKind::kAvailable, BudgetKind::kAllocated, BudgetKind::kCarriedOver,
                   BudgetKind::kEstimated, BudgetKind::kSpent, BudgetKind::kSettled},
                  BudgetKindName);
  b.carried_from = f.Dates("carriedFrom");
  if (!b.carried_from.empty() && b.kind != BudgetKind::kCarriedOver) {
    f.Error("carriedFrom", "carriedFrom is for a line of kind carried_over");
  }
  b.program_node_code = ReadNodeRef(ctx, f, "activity");
  b.amount = f.Integer("amount", 0, kMaxInt64, true, "amount (đồng)").value_or(0);
  b.label = f.Text("label");
  b.norm_code = f.Text("norm");
  if (!b.norm_code.empty() && !ctx.KnownNorm(b.norm_code)) {
    f.Error("norm", "unknown norm '" + b.norm_code + "'", kPlanReference);
  }
  b.norm_quantity = f.Integer("normQuantity", 0, kMaxInt64, false, "normQuantity").value_or(0);
  b.source = ReadSource(f, "source", ctx.default_document);
  return b;
}

// Every parent names another line of the plan, and parents form no cycle.
void CheckBudgetParents(Context& ctx, const std::map<std::string, BudgetKey>& keys) {
  for (const auto& [key, line] : keys) {
    if (line.parent.empty()) continue;
    std::string parent_pointer = JsonPointerChild(line.pointer, "parent");
    if (keys.count(line.parent) == 0) {
      ctx.diag.Error(parent_pointer, "no budget line of the plan has the key '" + line.parent + "'",
                     kPlanReference);
      continue;
    }
    std::string at = line.parent;
    for (size_t steps = 0; !at.empty() && keys.count(at) > 0; ++steps) {
      if (at == key || steps > keys.size()) {
        ctx.diag.Error(parent_pointer, "budget line '" + key + "' is a part of itself",
                       kPlanReference);
        break;
      }
      at = keys.at(at).parent;
    }
  }
}

// --------------------------------------------------------- counts, deadlines

PlaceCount ReadPlaceCount(Context& ctx, const PlanScope& scope, Fields& f) {
  PlaceCount c;
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, scope.effective, true);
  if (unit) {
    c.org_unit = unit->id;
    CheckInside(ctx, scope, f, *unit);
  }
  c.kind = f.Required("kind");
  const std::vector<std::string>& kinds = PlaceCountKinds();
  if (!c.kind.empty() && std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) {
    f.Error("kind", "unknown place-count kind '" + c.kind + "'", kPlanEnum);
  }
  c.count = f.Integer("count", 0, kMaxInt64, true, "count").value_or(0);
  c.out_of = f.Integer("outOf", 0, kMaxInt64, false, "outOf");
  if (c.out_of && c.count > *c.out_of) {
    f.Error("count",
            "count " + std::to_string(c.count) + " is more than outOf " + std::to_string(*c.out_of),
            kPlanValue);
  }
  c.source = ReadSource(f, "source", ctx.default_document);
  return c;
}

// A unit named as part of the plan's area; `ordinal` is its position in the
// plan's `areas`.
PlanArea ReadArea(Context& ctx, const PlanScope& scope, Fields& f, int ordinal) {
  PlanArea a;
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, scope.effective, true);
  if (unit) {
    a.org_unit = unit->id;
    CheckInside(ctx, scope, f, *unit);
  }
  a.kind = f.Required("kind");
  const std::vector<std::string>& kinds = PlanAreaKinds();
  if (!a.kind.empty() && std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) {
    std::string expected;
    for (const std::string& k : kinds) expected += (expected.empty() ? "" : ", ") + k;
    f.Error("kind", "unknown area kind '" + a.kind + "' (expected one of: " + expected + ")",
            kPlanEnum);
  }
  a.ordinal = ordinal;
  a.source = ReadSource(f, "source", ctx.default_document);
  return a;
}

const char* Same(const char* name) { return name; }

ReportingDeadline ReadDeadline(Context& ctx, Fields& f) {
  ReportingDeadline d;
  d.report = f.Required("report");
  d.frequency = f.Enum("frequency", "",
                       {"quarterly", "six_monthly", "yearly", "on_request", "once"}, Same, true);
  d.due_day = static_cast<int>(f.Integer("dueDay", 0, 31, false, "dueDay").value_or(0));
  d.due_month = static_cast<int>(f.Integer("dueMonth", 0, 12, false, "dueMonth").value_or(0));
  d.due_year_offset =
      static_cast<int>(f.Integer("dueYearOffset", 0, 10, false, "dueYearOffset").value_or(0));
  if (d.due_month > 0 && d.due_day > static_cast<int>(DaysInMonth(2024, d.due_month))) {
    f.Error("dueDay",
            "month " + std::to_string(d.due_month) + " has no day " + std::to_string(d.due_day),
            kPlanValue);
  }
  d.submitted_by = f.Text("submittedBy");
  d.submitted_to = f.Text("submittedTo");
  d.text = f.Text("text");
  d.source = ReadSource(f, "source", ctx.default_document);
  return d;
}

SourceNote ReadNote(Context& ctx, Fields& f) {
  SourceNote n;
  n.kind = f.Enum("kind", "", {"layout", "typo", "missing", "date"}, Same, true);
  n.message = f.Required("message");
  n.source = ReadSource(f, "source", ctx.default_document);
  return n;
}

}  // namespace

void ReadBudget(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out) {
  std::map<std::string, BudgetKey> keys;
  ForEachElement(plan, "budget", [&](const json& j, const std::string& p) {
    Fields f(ctx.diag, j, p,
             {"key", "parent", "orgUnit", "unit", "agency", "level", "funding", "period", "kind",
              "carriedFrom", "activity", "amount", "label", "norm", "normQuantity", "source"});
    if (!f.valid()) return;
    BudgetLine line = ReadBudgetLine(ctx, scope, f);
    if (!line.key.empty() && !keys.emplace(line.key, BudgetKey{line.parent_key, p}).second) {
      f.Error("key", "two budget lines of the plan have the key '" + line.key + "'",
              kPlanDuplicate);
    }
    out.budget.push_back(std::move(line));
  });
  CheckBudgetParents(ctx, keys);
}

void ReadPlaceCounts(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out) {
  ForEachElement(plan, "placeCounts", [&](const json& j, const std::string& p) {
    Fields f(ctx.diag, j, p, {"orgUnit", "unit", "kind", "count", "outOf", "source"});
    if (f.valid()) out.place_counts.push_back(ReadPlaceCount(ctx, scope, f));
  });
}

void ReadAreas(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out) {
  // (unit, kind) → the pointer of its first entry: a unit is listed once per kind.
  std::map<std::pair<OrgUnitId, std::string>, std::string> seen;
  int ordinal = 0;
  ForEachElement(plan, "areas", [&](const json& j, const std::string& p) {
    Fields f(ctx.diag, j, p, {"orgUnit", "unit", "kind", "source"});
    const int position = ordinal++;
    if (!f.valid()) return;
    PlanArea area = ReadArea(ctx, scope, f, position);
    if (area.org_unit != 0 && !area.kind.empty()) {
      auto [it, added] = seen.try_emplace({area.org_unit, area.kind}, p);
      if (!added) {
        f.Error(f.Has("orgUnit") ? "orgUnit" : "unit",
                "the unit is already listed with kind '" + area.kind + "' at " + it->second,
                kPlanDuplicate);
      }
    }
    out.areas.push_back(std::move(area));
  });
}

void ReadDeadlines(Context& ctx, Fields& plan, PlanContents& out) {
  ForEachElement(plan, "deadlines", [&](const json& j, const std::string& p) {
    Fields f(ctx.diag, j, p,
             {"report", "frequency", "dueDay", "dueMonth", "dueYearOffset", "submittedBy",
              "submittedTo", "text", "source"});
    if (f.valid()) out.deadlines.push_back(ReadDeadline(ctx, f));
  });
}

void ReadNotes(Context& ctx, Fields& plan, PlanContents& out) {
  ForEachElement(plan, "notes", [&](const json& j, const std::string& p) {
    Fields f(ctx.diag, j, p, {"kind", "message", "source"});
    if (f.valid()) out.notes.push_back(ReadNote(ctx, f));
  });
}

}  // namespace gemis::exchange::plan_import
