#include "core/plan_book.h"

#include <algorithm>
#include <utility>

#include "core/text.h"

namespace gemis {

namespace {

// NFC of `text`, or `text` itself when it is not valid UTF-8 (it then matches
// nothing stored, since stored text is valid NFC).
std::string Nfc(std::string_view text) {
  Result<std::string> nfc = ToNfc(text);
  return nfc.ok() ? std::move(nfc).value() : std::string(text);
}

template <typename T>
std::vector<const T*> OfPlan(const std::vector<T>& items, PlanId plan) {
  std::vector<const T*> out;
  for (const T& item : items) {
    if (item.plan == plan) out.push_back(&item);
  }
  return out;
}

template <typename T>
const T* Lookup(const std::unordered_map<std::string, size_t>& index, const std::vector<T>& items,
                std::string_view code) {
  auto it = index.find(std::string(code));
  return it == index.end() ? nullptr : &items[it->second];
}

// Indexes items by code; the first of a duplicated code wins.
template <typename T>
void IndexByCode(const std::vector<T>& items, std::unordered_map<std::string, size_t>& index) {
  for (size_t i = 0; i < items.size(); ++i) index.emplace(items[i].code, i);
}

}  // namespace

TargetKey KeyOf(const Target& target) {
  return TargetKey{.plan = target.plan,
                   .measure_kind = target.measure.kind,
                   .measure = target.measure.id,
                   .org_unit = target.org_unit,
                   .agency_code = target.agency_code,
                   .level = target.level,
                   .period = target.period.ToString(),
                   .window = target.window.ToString()};
}

PlanBook::PlanBook(PlanBookData data) : data_(std::move(data)) {
  IndexByCode(data_.agencies, agency_by_code_);
  IndexByCode(data_.program_nodes, node_by_code_);
  IndexByCode(data_.plans, plan_by_code_);
  IndexByCode(data_.norms, norm_by_code_);
  for (size_t i = 0; i < data_.plans.size(); ++i) {
    const Plan& plan = data_.plans[i];
    plan_by_id_.emplace(plan.id, i);
    if (!plan.number.empty()) plan_by_number_.emplace(Nfc(plan.number), i);
  }
}

const Agency* PlanBook::FindAgency(std::string_view code) const {
  return Lookup(agency_by_code_, data_.agencies, code);
}

const ProgramNode* PlanBook::FindProgramNode(std::string_view code) const {
  return Lookup(node_by_code_, data_.program_nodes, code);
}

const Plan* PlanBook::FindPlan(PlanId id) const {
  auto it = plan_by_id_.find(id);
  return it == plan_by_id_.end() ? nullptr : &data_.plans[it->second];
}

const Plan* PlanBook::FindPlan(std::string_view code_or_number, bool* ambiguous) const {
  if (ambiguous != nullptr) *ambiguous = false;
  if (const Plan* plan = Lookup(plan_by_code_, data_.plans, code_or_number)) return plan;
  auto [begin, end] = plan_by_number_.equal_range(Nfc(code_or_number));
  if (begin == end) return nullptr;
  if (std::next(begin) != end) {
    if (ambiguous != nullptr) *ambiguous = true;
    return nullptr;
  }
  return &data_.plans[begin->second];
}

const SpendingNorm* PlanBook::FindNorm(std::string_view code) const {
  return Lookup(norm_by_code_, data_.norms, code);
}

std::vector<const Target*> PlanBook::TargetsOf(PlanId plan) const {
  std::vector<const Target*> out = OfPlan(data_.targets, plan);
  std::stable_sort(out.begin(), out.end(), [](const Target* a, const Target* b) {
    return std::pair(a->ordinal, a->id) < std::pair(b->ordinal, b->id);
  });
  return out;
}

std::vector<const BudgetLine*> PlanBook::BudgetOf(PlanId plan) const {
  return OfPlan(data_.budget_lines, plan);
}

std::vector<const PlaceCount*> PlanBook::PlaceCountsOf(PlanId plan) const {
  std::vector<const PlaceCount*> out = OfPlan(data_.place_counts, plan);
  std::stable_sort(out.begin(), out.end(), [](const PlaceCount* a, const PlaceCount* b) {
    return a->ordinal < b->ordinal;
  });
  return out;
}

std::vector<const PlanArea*> PlanBook::AreasOf(PlanId plan) const {
  std::vector<const PlanArea*> out = OfPlan(data_.areas, plan);
  std::stable_sort(out.begin(), out.end(), [](const PlanArea* a, const PlanArea* b) {
    return a->ordinal < b->ordinal;
  });
  return out;
}

std::vector<const ReportingDeadline*> PlanBook::DeadlinesOf(PlanId plan) const {
  return OfPlan(data_.deadlines, plan);
}

std::vector<const SourceNote*> PlanBook::SourceNotesOf(PlanId plan) const {
  return OfPlan(data_.source_notes, plan);
}

std::map<TargetKey, std::vector<const Target*>> PlanBook::TargetGroups(PlanId plan) const {
  std::map<TargetKey, std::vector<const Target*>> groups;
  for (const Target* target : TargetsOf(plan)) {
    if (target->status == TargetStatus::kWithdrawn) continue;
    groups[KeyOf(*target)].push_back(target);
  }
  return groups;
}

std::optional<TargetKey> PlanBook::AllocationParent(
    const TargetKey& key, const Plan& plan, const Hierarchy& hierarchy,
    const std::map<TargetKey, std::vector<const Target*>>& groups) const {
  constexpr ImplementingLevel kAll = ImplementingLevel::kAll;
  // The candidate (unit, level) of the same plan, measure, period and window,
  // without an agency, when it has targets.
  auto candidate = [&](OrgUnitId unit, ImplementingLevel level) -> std::optional<TargetKey> {
    TargetKey parent = key;
    parent.org_unit = unit;
    parent.level = level;
    parent.agency_code.clear();
    auto it = groups.find(parent);
    if (it == groups.end() || it->second.empty()) return std::nullopt;
    return parent;
  };
  bool has_agency = !key.agency_code.empty();
  if (has_agency) {
    if (auto found = candidate(key.org_unit, key.level)) return found;
  }
  if (key.level != kAll || has_agency) {
    if (auto found = candidate(key.org_unit, kAll)) return found;
  }
  for (OrgUnitId ancestor : hierarchy.AncestorsAt(key.org_unit, plan.EffectiveDate())) {
    if (auto found = candidate(ancestor, key.level)) return found;
    if (key.level != kAll) {
      if (auto found = candidate(ancestor, kAll)) return found;
    }
  }
  return std::nullopt;
}

}  // namespace gemis
