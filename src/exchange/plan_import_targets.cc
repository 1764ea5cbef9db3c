// Plan import, part 4: targets, and what targets and table cells share —
// measures, value checks, the issuer rule (invariant (5) of plan_import.h).
#include <algorithm>

#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

bool IsWhole(TargetUnit unit) { return unit != TargetUnit::kPercent; }

std::string Describe(const Hierarchy& hierarchy, OrgUnitId id, Date at) {
  const OrgUnit* unit = hierarchy.Find(id);
  if (unit == nullptr) return "unit #" + std::to_string(id);
  const OrgUnitVersion* v = unit->VersionAt(at);
  if (v == nullptr) v = &unit->last();
  return (v->code.empty() ? "" : v->code + " ") + v->FullName();
}

// In `targets`, `unit` is the target's unit of measure, so a unit-table
// reference is written `unitRef`.
void ReadTarget(Context& ctx, const PlanScope& scope, const json& j, const std::string& pointer,
                PlanContents& out) {
  Fields f(ctx.diag, j, pointer,
           {"measure", "orgUnit", "unitRef", "agency", "level", "period", "window", "value", "unit",
            "unitLabel", "direction", "rule", "status", "statusNote", "activity", "source"});
  if (!f.valid()) return;
  Target t;
  std::optional<Measure> m = ReadMeasure(ctx, f);
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, scope.effective, true, "unitRef");
  if (unit) {
    t.org_unit = unit->id;
    CheckInside(ctx, scope, f, *unit);
  }
  t.agency_code = ReadAgencyRef(ctx, f, "agency");
  ReadTargetAttributes(ctx, f, m, t);
  std::string value = f.Required("value");
  if (m && !value.empty()) {
    std::optional<Decimal> checked = CheckValue(ctx.diag, f.At("value"), value, *m, t.unit);
    if (checked) t.value = *checked;
  }
  t.source = ReadSource(f, "source", ctx.default_document);
  out.targets.push_back(std::move(t));
}

}  // namespace

std::optional<Measure> ReadMeasure(Context& ctx, Fields& f) {
  std::string code = f.Required("measure");
  if (code.empty()) return std::nullopt;
  if (const StoredElement* e = ctx.metadata.FindElement(code)) {
    Measure m{{MeasureKind::kDataElement, e->id, e->element.code}, false, std::nullopt};
    if (e->element.value_type == ValueType::kPercentage) {
      m.percentage = true;
      m.max = Decimal::FromInt(100);
    }
    return m;
  }
  if (const StoredIndicator* i = ctx.metadata.FindIndicator(code)) {
    return Measure{
        {MeasureKind::kIndicator, i->id, i->indicator.code}, true, i->indicator.max_value};
  }
  f.Error("measure", "unknown measure '" + code + "' (neither a data element nor an indicator)",
          kPlanReference);
  return std::nullopt;
}

// The target value `text` at `pointer`, checked against the measure and unit.
std::optional<Decimal> CheckValue(Diagnostics& diag, const std::string& pointer,
                                  const std::string& text, const Measure& m, TargetUnit unit) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value.ok()) {
    diag.Error(pointer,
               "'" + text + "' is not a decimal number ('.' as the decimal mark, at most " +
                   std::to_string(Decimal::kMaxScale) + " decimals): " + value.status().message(),
               kPlanValue, text);
    return std::nullopt;
  }
  if (value->Compare(Decimal()) < 0) {
    diag.Error(pointer, "negative value '" + text + "'", kPlanValue, text);
  } else if (IsWhole(unit) && !value->is_integer()) {
    diag.Error(pointer,
               "a " + std::string(TargetUnitName(unit)) + " target must be a whole number, not '" +
                   text + "'",
               kPlanValue, text);
  } else if (m.max && m.max->Compare(*value) < 0) {
    diag.Error(pointer,
               "value " + text + " is above the maximum " + m.max->ToString() + " of measure '" +
                   m.ref.code + "'",
               kPlanValue, text);
  } else {
    return *value;
  }
  return std::nullopt;
}

// Invariant (5) of plan_import.h: the unit is the issuer's or inside it.
void CheckInside(Context& ctx, const PlanScope& scope, Fields& f, const ResolvedUnit& unit) {
  OrgUnitId issuer = scope.plan.issuer_unit;
  if (issuer == 0 || unit.id == issuer) return;
  const OrgUnit* u = ctx.hierarchy.Find(unit.id);
  Date at = u != nullptr && u->VersionAt(scope.effective) != nullptr ? scope.effective : unit.at;
  std::vector<OrgUnitId> ancestors = ctx.hierarchy.AncestorsAt(unit.id, at);
  if (std::find(ancestors.begin(), ancestors.end(), issuer) != ancestors.end()) return;
  f.Error(unit.key,
          "allocation to a unit outside the plan's issuing unit: " +
              Describe(ctx.hierarchy, unit.id, at) + " is not " +
              Describe(ctx.hierarchy, issuer, at) + " or inside it on " + at.ToString(),
          kPlanOutside);
}

// The members a target and a table's target column share.
void ReadTargetAttributes(Context& ctx, Fields& f, const std::optional<Measure>& m, Target& t) {
  if (m) t.measure = m->ref;
  t.level = f.Enum(
      "level", ImplementingLevel::kAll,
      {ImplementingLevel::kAll, ImplementingLevel::kCentre, ImplementingLevel::kProvince,
       ImplementingLevel::kDistrict, ImplementingLevel::kCommune, ImplementingLevel::kVillage},
      ImplementingLevelName);
  t.period = f.Dates("period");
  t.window = f.Dates("window");
  t.unit = f.Enum("unit", m && m->percentage ? TargetUnit::kPercent : TargetUnit::kCount,
                  {TargetUnit::kCount, TargetUnit::kPerson, TargetUnit::kClass,
                   TargetUnit::kSession, TargetUnit::kPercent, TargetUnit::kDong},
                  TargetUnitName);
  t.unit_label = f.Text("unitLabel");
  t.direction =
      f.Enum("direction", TargetDirection::kAtLeast,
             {TargetDirection::kAtLeast, TargetDirection::kAtMost, TargetDirection::kExactly},
             TargetDirectionName);
  t.rule = f.Enum(
      "rule", t.unit == TargetUnit::kPercent ? AllocationRule::kFree : AllocationRule::kEqual,
      {AllocationRule::kEqual, AllocationRule::kAtMost, AllocationRule::kFree}, AllocationRuleName);
  t.status = f.Enum("status", TargetStatus::kActive,
                    {TargetStatus::kActive, TargetStatus::kSuspended, TargetStatus::kWithdrawn},
                    TargetStatusName);
  t.status_note = f.Text("statusNote");
  t.program_node_code = ReadNodeRef(ctx, f, "activity");
}

void ReadTargets(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out) {
  ForEachElement(plan, "targets",
                 [&](const json& j, const std::string& p) { ReadTarget(ctx, scope, j, p, out); });
}

}  // namespace gemis::exchange::plan_import
