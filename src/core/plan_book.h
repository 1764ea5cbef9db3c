// Everything the planning model holds, loaded together (plans are small: a
// province has tens of plans, thousands of targets), indexed by code and id.
// Immutable once built; safe for concurrent reads.
//
// Allocation (docs/plans.md, "Allocation"): a target's parent is found, not
// stored. For target T = (plan, measure, unit U, agency A, level L, period,
// window), candidates are tried in this order and the first that exists in the
// same plan with the same measure, period and window (and no agency) wins:
//   1. (U, L)       when A is set        — an agency's share of its unit's level
//   2. (U, all)     when L ≠ all or A set — a level's share of the unit's total
//   3. for each ancestor V of U as of the plan's date, nearest first:
//        (V, L), then (V, all) when L ≠ all
// Targets with the same key are one allocation node (restatements or a
// conflict); withdrawn targets take no part.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/hierarchy.h"
#include "core/plan.h"

namespace gemis {

// The identity of an allocation node.
struct TargetKey {
  PlanId plan = 0;
  MeasureKind measure_kind = MeasureKind::kDataElement;
  MetadataId measure = 0;
  OrgUnitId org_unit = 0;
  std::string agency_code;
  ImplementingLevel level = ImplementingLevel::kAll;
  std::string period;  // DateSet::ToString()
  std::string window;  // DateSet::ToString()
  auto operator<=>(const TargetKey&) const = default;
};
// The target's key as stated. An empty period (meaning "the plan's period")
// stays empty: KeyOf does not see the plan, so a target whose period is left
// out and one that spells out the plan's period have different keys.
TargetKey KeyOf(const Target& target);

struct PlanBookData {
  std::vector<Agency> agencies;
  std::vector<ProgramNode> program_nodes;
  std::vector<Plan> plans;
  std::vector<Target> targets;
  std::vector<BudgetLine> budget_lines;
  std::vector<SpendingNorm> norms;
  std::vector<PlaceCount> place_counts;
  std::vector<PlanArea> areas;
  std::vector<ReportingDeadline> deadlines;
  std::vector<SourceNote> source_notes;
};

class PlanBook {
 public:
  PlanBook() = default;
  explicit PlanBook(PlanBookData data);

  const PlanBookData& data() const { return data_; }
  const std::vector<Plan>& plans() const { return data_.plans; }

  const Agency* FindAgency(std::string_view code) const;
  const ProgramNode* FindProgramNode(std::string_view code) const;
  const Plan* FindPlan(PlanId id) const;
  // By internal code, else by stated number ("288/KH-BCĐ"; case- and
  // diacritic-sensitive, NFC). When several plans share a number, the result
  // is nullptr and `ambiguous` (if given) is set.
  const Plan* FindPlan(std::string_view code_or_number, bool* ambiguous = nullptr) const;
  const SpendingNorm* FindNorm(std::string_view code) const;

  // The plan's targets in ordinal order (then id).
  std::vector<const Target*> TargetsOf(PlanId plan) const;
  std::vector<const BudgetLine*> BudgetOf(PlanId plan) const;
  std::vector<const PlaceCount*> PlaceCountsOf(PlanId plan) const;
  // In ordinal order.
  std::vector<const PlanArea*> AreasOf(PlanId plan) const;
  std::vector<const ReportingDeadline*> DeadlinesOf(PlanId plan) const;
  std::vector<const SourceNote*> SourceNotesOf(PlanId plan) const;

  // Non-withdrawn targets grouped by key, for one plan.
  std::map<TargetKey, std::vector<const Target*>> TargetGroups(PlanId plan) const;
  // The key of T's allocation parent under the rule above, or nullopt for a
  // root. `hierarchy` is read as of the plan's EffectiveDate().
  std::optional<TargetKey> AllocationParent(
      const TargetKey& key, const Plan& plan, const Hierarchy& hierarchy,
      const std::map<TargetKey, std::vector<const Target*>>& groups) const;

 private:
  PlanBookData data_;
  std::unordered_map<std::string, size_t> agency_by_code_, node_by_code_, plan_by_code_,
      norm_by_code_;
  std::unordered_multimap<std::string, size_t> plan_by_number_;
  std::unordered_map<PlanId, size_t> plan_by_id_;
};

}  // namespace gemis
