#include "core/plan_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/message_format.h"
#include "core/number_format.h"
#include "core/value_type.h"

namespace gemis {

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

namespace {

using Groups = std::map<TargetKey, std::vector<const Target*>>;

// ------------------------------------------------------------- formatting

// A number as Decimal::ToString or std::to_string print it ("-22991000000",
// "33.5") in the notation of `lang`: "22.991.000.000", "33,5" in Vietnamese,
// "22,991,000,000", "33.5" in English.
std::string Localise(std::string_view plain, Lang lang) {
  return lang == Lang::kVi ? GroupDecimalText(plain, '.', ',') : GroupDecimalText(plain, ',', '.');
}

std::string Money(int64_t dong, Lang lang) { return Localise(std::to_string(dong), lang) + " đ"; }

std::string ValueText(Decimal value, TargetUnit unit, Lang lang) {
  std::string text = Localise(value.ToString(), lang);
  if (unit == TargetUnit::kPercent) text += "%";
  if (unit == TargetUnit::kDong) text += " đ";
  return text;
}

// "2021-01-01..2025-06-30"; an open end is left empty ("..2025-06-30").
std::string RangeText(const std::optional<Date>& from, const std::optional<Date>& to) {
  return (from ? from->ToString() : "") + ".." + (to ? to->ToString() : "");
}

// A date in a message: 20/03/2024 in Vietnamese, 2024-03-20 in English.
std::string DateText(Date d, Lang lang) {
  return lang == Lang::kVi ? d.ToVietnameseString() : d.ToString();
}

// Where a source statement sits, for messages: its section, else its document.
std::string Where(const SourceRef& source) {
  if (!source.section.empty()) return source.section;
  return source.document.empty() ? "?" : source.document;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// ------------------------------------------------------------- arithmetic

// The sum of `amounts`, or nullopt when it leaves int64.
std::optional<int64_t> CheckedSum(const std::vector<int64_t>& amounts) {
  int64_t sum = 0;
  for (int64_t amount : amounts) {
    if (__builtin_add_overflow(sum, amount, &sum)) return std::nullopt;
  }
  return sum;
}

// True when the targets of one key state more than one value.
bool HasConflict(const std::vector<const Target*>& group) {
  return std::any_of(group.begin(), group.end(),
                     [&](const Target* t) { return t->value != group.front()->value; });
}

// The version of `unit` valid on `d`, else the last one begun before `d`,
// else the first: what names a unit in a finding about `d`.
const OrgUnitVersion& NearestVersion(const OrgUnit& unit, Date d) {
  if (const OrgUnitVersion* version = unit.VersionAt(d)) return *version;
  const OrgUnitVersion* best = &unit.first();
  for (const OrgUnitVersion& version : unit.versions) {
    if (!version.from || *version.from <= d) best = &version;
  }
  return *best;
}

bool SameScope(const BudgetLine& a, const BudgetLine& b) {
  return a.org_unit == b.org_unit && a.agency_code == b.agency_code && a.level == b.level &&
         a.funding == b.funding && a.period == b.period &&
         a.program_node_code == b.program_node_code;
}

// ------------------------------------------------------------ the checker

// Runs every rule over one plan. Rules that read the hierarchy or agencies
// at the plan's date (allocation_sum, unit_not_at_plan_date,
// agency_not_at_plan_date, place_count_sum) need that date: a plan with
// neither date nor period (rejected on import) skips them.
class PlanChecker {
 public:
  PlanChecker(const PlanBook& book, const Hierarchy& hierarchy, const Metadata& metadata, Lang lang,
              const Plan& plan)
      : book_(book), hierarchy_(hierarchy), metadata_(metadata), lang_(lang), plan_(plan) {
    if (plan.date) {
      date_ = plan.date;
    } else if (!plan.period.empty()) {
      date_ = plan.EffectiveDate();
    }
    for (const Target* target : book.TargetsOf(plan.id)) {
      if (target->status != TargetStatus::kWithdrawn) targets_.push_back(target);
    }
  }

  std::vector<Finding> Run() {
    Groups groups = book_.TargetGroups(plan_.id);
    CheckAllocation(groups);
    CheckWindows();
    CheckBudgetParts();
    CheckBudgetAvailable();
    CheckConflicts(groups);
    CheckUnits();
    CheckAgencies();
    CheckNorms();
    CheckPlaceCounts();
    CheckSourceNotes();
    CheckValueRanges();
    return std::move(out_);
  }

 private:
  void Emit(Finding finding) {
    finding.plan = plan_.number.empty() ? plan_.code : plan_.number;
    out_.push_back(std::move(finding));
  }

  // "04 Tỉnh Cao Bằng": code and full name at the plan's date; "#<id>" for
  // a unit the hierarchy does not hold.
  std::string UnitLabel(OrgUnitId id) const {
    const OrgUnit* unit = hierarchy_.Find(id);
    if (unit == nullptr || unit->versions.empty()) return "#" + std::to_string(id);
    const OrgUnitVersion& version = date_ ? NearestVersion(*unit, *date_) : unit->last();
    return version.code.empty() ? version.FullName() : version.code + " " + version.FullName();
  }

  // The unit label, followed by the agency when an agency is allocated to.
  std::string Holder(const Target& target) const {
    std::string label = UnitLabel(target.org_unit);
    return target.agency_code.empty() ? label : label + " – " + target.agency_code;
  }

  std::string MeasureCode(const MeasureRef& ref) const {
    if (!ref.code.empty()) return ref.code;
    if (ref.kind == MeasureKind::kIndicator) {
      if (const StoredIndicator* ind = metadata_.IndicatorById(ref.id)) return ind->indicator.code;
    } else if (const StoredElement* el = metadata_.Element(ref.id)) {
      return el->element.code;
    }
    return "#" + std::to_string(ref.id);
  }

  // The largest value a target of `ref` may state, if the measure has one.
  std::optional<Decimal> MaximumOf(const MeasureRef& ref) const {
    if (ref.kind == MeasureKind::kIndicator) {
      const StoredIndicator* ind = metadata_.IndicatorById(ref.id);
      if (ind == nullptr) ind = metadata_.FindIndicator(ref.code);
      return ind ? ind->indicator.max_value : std::nullopt;
    }
    const StoredElement* el = metadata_.Element(ref.id);
    if (el == nullptr) el = metadata_.FindElement(ref.code);
    if (el != nullptr && el->element.value_type == ValueType::kPercentage) {
      return Decimal::FromInt(100);
    }
    return std::nullopt;
  }

  std::string PeriodText(const Target& target) const {
    return (target.period.empty() ? plan_.period : target.period).ToString();
  }

  std::string LineLabel(const BudgetLine& line) const {
    return line.label.empty() ? line.key : line.label;
  }

  void CheckAllocation(const Groups& groups);
  void CheckWindows();
  void CheckBudgetParts();
  void CheckBudgetAvailable();
  void CheckConflicts(const Groups& groups);
  void CheckUnits();
  void CheckAgencies();
  void CheckNorms();
  void CheckPlaceCounts();
  void CheckSourceNotes();
  void CheckValueRanges();

  const PlanBook& book_;
  const Hierarchy& hierarchy_;
  const Metadata& metadata_;
  Lang lang_;
  const Plan& plan_;
  std::optional<Date> date_;
  std::vector<const Target*> targets_;  // not withdrawn, in ordinal order
  std::vector<Finding> out_;
};

// allocation_sum: the parts of a target (the groups whose allocation parent
// it is) add up to it (=) or stay within it (<=). A group stated twice with
// one value counts once; groups with conflicting values are left to
// conflicting_target, since no sum of them means anything.
void PlanChecker::CheckAllocation(const Groups& groups) {
  if (!date_) return;
  std::map<TargetKey, std::vector<const std::vector<const Target*>*>> parts_of;
  for (const auto& [key, group] : groups) {
    if (auto parent = book_.AllocationParent(key, plan_, hierarchy_, groups)) {
      parts_of[*parent].push_back(&group);
    }
  }
  for (const auto& [parent_key, parts] : parts_of) {
    const std::vector<const Target*>& parent = groups.at(parent_key);
    const Target& total = *parent.front();
    if (total.rule == AllocationRule::kFree || HasConflict(parent)) continue;
    if (std::any_of(parts.begin(), parts.end(), [](auto* part) { return HasConflict(*part); })) {
      continue;
    }
    std::optional<Decimal> sum = Decimal();
    for (const auto* part : parts) {
      Result<Decimal> next = Decimal::Add(*sum, part->front()->value);
      if (!next.ok()) {
        sum.reset();
        break;
      }
      sum = *next;
    }
    std::string unit = UnitLabel(total.org_unit);
    std::string measure = MeasureCode(total.measure);
    Finding finding{.rule = rules::kAllocationSum,
                    .org_unit = unit,
                    .measure = measure,
                    .period = PeriodText(total),
                    .expected = total.value.ToString(),
                    .source = total.source};
    std::string level = std::string(Message(ImplementingLevelMessage(total.level), lang_));
    std::string stated = ValueText(total.value, total.unit, lang_);
    if (!sum) {
      finding.message = Say(lang_, MessageId::kValidationSumOverflow,
                            unit + ", " + level + ", " + measure, parts.size(), stated);
      Emit(std::move(finding));
      continue;
    }
    bool equal_rule = total.rule == AllocationRule::kEqual;
    int order = sum->Compare(total.value);
    if (equal_rule ? order == 0 : order <= 0) continue;
    finding.found = sum->ToString();
    finding.message =
        Say(lang_,
            equal_rule ? MessageId::kValidationAllocationNotEqual
                       : MessageId::kValidationAllocationOver,
            unit, level, measure, parts.size(), ValueText(*sum, total.unit, lang_), stated);
    Emit(std::move(finding));
  }
}

// window_outside_plan: a target's completion window or stated period, or an
// assignment's window, reaches outside the plan's period.
void PlanChecker::CheckWindows() {
  if (plan_.period.empty()) return;
  const std::string plan_period = plan_.period.ToString();
  for (const Target* target : targets_) {
    std::string measure = MeasureCode(target->measure);
    auto check = [&](const DateSet& set, MessageId id) {
      if (set.empty() || plan_.period.Contains(set)) return;
      Emit({.rule = rules::kWindowOutsidePlan,
            .org_unit = UnitLabel(target->org_unit),
            .measure = measure,
            .period = PeriodText(*target),
            .expected = plan_period,
            .found = set.ToString(),
            .message = Say(lang_, id, set.ToString(), measure, Holder(*target), plan_period),
            .source = target->source});
    };
    check(target->window, MessageId::kValidationTargetWindowOutside);
    check(target->period, MessageId::kValidationTargetPeriodOutside);
  }
  for (const Assignment& assignment : plan_.assignments) {
    if (assignment.window.empty() || plan_.period.Contains(assignment.window)) continue;
    const Agency* agency = book_.FindAgency(assignment.agency_code);
    std::string node = assignment.program_node_code.empty() ? "—" : assignment.program_node_code;
    Emit({.rule = rules::kWindowOutsidePlan,
          .org_unit = agency && agency->org_unit != 0 ? UnitLabel(agency->org_unit) : "",
          .measure = assignment.program_node_code,
          .expected = plan_period,
          .found = assignment.window.ToString(),
          .message = Say(lang_, MessageId::kValidationAssignmentWindowOutside,
                         assignment.window.ToString(), assignment.agency_code, node, plan_period),
          .source = assignment.source});
  }
}

// budget_parts: the lines stated as parts of a line add up to its amount.
void PlanChecker::CheckBudgetParts() {
  std::vector<const BudgetLine*> lines = book_.BudgetOf(plan_.id);
  for (const BudgetLine* line : lines) {
    if (line->key.empty()) continue;
    std::vector<int64_t> parts;
    for (const BudgetLine* other : lines) {
      if (other->parent_key == line->key) parts.push_back(other->amount);
    }
    if (parts.empty()) continue;
    std::optional<int64_t> sum = CheckedSum(parts);
    if (sum == line->amount) continue;
    std::string unit = line->org_unit != 0 ? UnitLabel(line->org_unit) : "";
    Finding finding{.rule = rules::kBudgetParts,
                    .org_unit = unit,
                    .measure = line->key,
                    .period = line->period.ToString(),
                    .expected = std::to_string(line->amount),
                    .found = sum ? std::to_string(*sum) : "",
                    .source = line->source};
    finding.message = sum ? Say(lang_, MessageId::kValidationBudgetParts, LineLabel(*line), unit,
                                parts.size(), Money(*sum, lang_), Money(line->amount, lang_))
                          : Say(lang_, MessageId::kValidationSumOverflow, LineLabel(*line),
                                parts.size(), Money(line->amount, lang_));
    Emit(std::move(finding));
  }
}

// budget_available: an "available" line equals the allocated and
// carried-over lines of the same scope (unit, agency, level, funding,
// period, programme node). When a line of the scope is a stated part of
// another line of the scope, only the total is counted.
void PlanChecker::CheckBudgetAvailable() {
  std::vector<const BudgetLine*> lines = book_.BudgetOf(plan_.id);
  for (const BudgetLine* available : lines) {
    if (available->kind != BudgetKind::kAvailable) continue;
    std::vector<const BudgetLine*> scope;
    for (const BudgetLine* line : lines) {
      bool counted = line->kind == BudgetKind::kAllocated || line->kind == BudgetKind::kCarriedOver;
      if (counted && SameScope(*line, *available)) scope.push_back(line);
    }
    std::vector<int64_t> amounts;
    for (const BudgetLine* line : scope) {
      bool is_part = !line->parent_key.empty() &&
                     std::any_of(scope.begin(), scope.end(), [&](const BudgetLine* other) {
                       return other->key == line->parent_key;
                     });
      if (!is_part) amounts.push_back(line->amount);
    }
    if (amounts.empty()) continue;
    std::optional<int64_t> sum = CheckedSum(amounts);
    if (sum == available->amount) continue;
    std::string unit = available->org_unit != 0 ? UnitLabel(available->org_unit) : "";
    Finding finding{.rule = rules::kBudgetAvailable,
                    .org_unit = unit,
                    .measure = available->key,
                    .period = available->period.ToString(),
                    .expected = std::to_string(available->amount),
                    .found = sum ? std::to_string(*sum) : "",
                    .source = available->source};
    finding.message =
        sum ? Say(lang_, MessageId::kValidationBudgetAvailable, LineLabel(*available), unit,
                  amounts.size(), Money(*sum, lang_), Money(available->amount, lang_))
            : Say(lang_, MessageId::kValidationSumOverflow, LineLabel(*available), amounts.size(),
                  Money(available->amount, lang_));
    Emit(std::move(finding));
  }
}

// conflicting_target: one key, several values. Expected is the first value
// stated (in ordinal order), found the other values; the source is the
// first statement that differs.
void PlanChecker::CheckConflicts(const Groups& groups) {
  for (const auto& [key, group] : groups) {
    if (!HasConflict(group)) continue;
    const Target& first = *group.front();
    std::vector<std::string> values, shown, sections;
    const Target* differing = nullptr;
    for (const Target* target : group) {
      if (target->value == first.value) continue;
      if (differing == nullptr) differing = target;
      std::string value = target->value.ToString();
      if (std::find(values.begin(), values.end(), value) == values.end()) {
        values.push_back(value);
        shown.push_back(ValueText(target->value, target->unit, lang_));
      }
      std::string where = Where(target->source);
      if (std::find(sections.begin(), sections.end(), where) == sections.end()) {
        sections.push_back(where);
      }
    }
    std::string measure = MeasureCode(first.measure);
    Emit({.rule = rules::kConflictingTarget,
          .org_unit = UnitLabel(first.org_unit),
          .measure = measure,
          .period = PeriodText(first),
          .expected = first.value.ToString(),
          .found = Join(values, ", "),
          .message = Say(lang_, MessageId::kValidationConflictingTarget, measure, Holder(first),
                         Message(ImplementingLevelMessage(first.level), lang_),
                         ValueText(first.value, first.unit, lang_), Where(first.source),
                         Join(shown, ", "), Join(sections, ", ")),
          .source = differing->source});
  }
}

// unit_not_at_plan_date: every org unit the plan names exists on its date.
// One finding per unit, at its first use (issuer, targets, budget, counts,
// areas).
void PlanChecker::CheckUnits() {
  if (!date_) return;
  struct Use {
    std::string measure;
    const SourceRef* source;
    size_t count;
  };
  std::vector<OrgUnitId> order;
  std::map<OrgUnitId, Use> uses;
  auto note = [&](OrgUnitId unit, const std::string& measure, const SourceRef& source) {
    auto [it, added] = uses.try_emplace(unit, Use{measure, &source, 0});
    if (added) order.push_back(unit);
    ++it->second.count;
  };
  note(plan_.issuer_unit, "", plan_.source);
  for (const Target* target : targets_) {
    note(target->org_unit, MeasureCode(target->measure), target->source);
  }
  for (const BudgetLine* line : book_.BudgetOf(plan_.id)) {
    if (line->org_unit != 0) note(line->org_unit, line->key, line->source);
  }
  for (const PlaceCount* count : book_.PlaceCountsOf(plan_.id)) {
    note(count->org_unit, count->kind, count->source);
  }
  for (const PlanArea* area : book_.AreasOf(plan_.id)) {
    note(area->org_unit, "area:" + area->kind, area->source);
  }
  for (OrgUnitId id : order) {
    const OrgUnit* unit = hierarchy_.Find(id);
    if (unit != nullptr && unit->VersionAt(*date_) != nullptr) continue;
    const Use& use = uses.at(id);
    std::string label = UnitLabel(id);
    Emit({.rule = rules::kUnitNotAtPlanDate,
          .org_unit = label,
          .measure = use.measure,
          .expected = date_->ToString(),
          .found =
              unit && !unit->versions.empty() ? RangeText(unit->first().from, unit->last().to) : "",
          .message = Say(lang_, MessageId::kValidationUnitNotAtDate, label, DateText(*date_, lang_),
                         use.count),
          .source = *use.source});
  }
}

// agency_not_at_plan_date: every agency the plan names is known and exists
// on its date. One finding per agency code, at its first use.
void PlanChecker::CheckAgencies() {
  if (!date_) return;
  std::vector<std::string> order;
  std::map<std::string, std::pair<const SourceRef*, size_t>> uses;
  auto note = [&](const std::string& code, const SourceRef& source) {
    if (code.empty()) return;
    auto [it, added] = uses.try_emplace(code, &source, 0);
    if (added) order.push_back(code);
    ++it->second.second;
  };
  note(plan_.issuer_agency_code, plan_.source);
  for (const Assignment& assignment : plan_.assignments) {
    note(assignment.agency_code, assignment.source);
  }
  for (const Target* target : targets_) note(target->agency_code, target->source);
  for (const BudgetLine* line : book_.BudgetOf(plan_.id)) note(line->agency_code, line->source);
  for (const std::string& code : order) {
    const Agency* agency = book_.FindAgency(code);
    if (agency != nullptr && agency->ExistsAt(*date_)) continue;
    const auto& [source, count] = uses.at(code);
    Finding finding{.rule = rules::kAgencyNotAtPlanDate,
                    .measure = code,
                    .expected = date_->ToString(),
                    .source = *source};
    if (agency == nullptr) {
      finding.message = Say(lang_, MessageId::kValidationAgencyUnknown, code, count);
    } else {
      if (agency->org_unit != 0) finding.org_unit = UnitLabel(agency->org_unit);
      finding.found = RangeText(agency->from, agency->to);
      std::string name =
          agency->names.empty() ? code : agency->NameAt(*date_).name + " (" + code + ")";
      finding.message =
          Say(lang_, MessageId::kValidationAgencyNotAtDate, name, DateText(*date_, lang_), count);
    }
    Emit(std::move(finding));
  }
}

// spending_over_norm: a line bound by a norm stays within max_per_unit ×
// norm_quantity. A limit beyond int64 cannot be exceeded.
void PlanChecker::CheckNorms() {
  for (const BudgetLine* line : book_.BudgetOf(plan_.id)) {
    if (line->norm_code.empty()) continue;
    std::string unit = line->org_unit != 0 ? UnitLabel(line->org_unit) : "";
    Finding finding{.rule = rules::kSpendingOverNorm,
                    .org_unit = unit,
                    .measure = line->key,
                    .period = line->period.ToString(),
                    .found = std::to_string(line->amount),
                    .source = line->source};
    const SpendingNorm* norm = book_.FindNorm(line->norm_code);
    if (norm == nullptr) {
      finding.message =
          Say(lang_, MessageId::kValidationUnknownNorm, LineLabel(*line), unit, line->norm_code);
      Emit(std::move(finding));
      continue;
    }
    int64_t limit = 0;
    if (__builtin_mul_overflow(norm->max_per_unit, line->norm_quantity, &limit)) continue;
    if (line->amount <= limit) continue;
    finding.expected = std::to_string(limit);
    finding.message = Say(
        lang_, MessageId::kValidationOverNorm, LineLabel(*line), unit, Money(line->amount, lang_),
        Money(limit, lang_), norm->name.empty() ? norm->code : norm->name,
        Money(norm->max_per_unit, lang_), Localise(std::to_string(line->norm_quantity), lang_),
        norm->per.empty() ? "?" : norm->per);
    Emit(std::move(finding));
  }
}

// place_count_sum: a unit's count of a kind equals the counts of the units
// below it whose nearest counted ancestor (at the plan's date) it is. When
// a unit's count is stated twice, the first (in ordinal order) is used.
void PlanChecker::CheckPlaceCounts() {
  if (!date_) return;
  std::map<std::string, std::map<OrgUnitId, const PlaceCount*>> by_kind;
  for (const PlaceCount* count : book_.PlaceCountsOf(plan_.id)) {
    by_kind[count->kind].try_emplace(count->org_unit, count);
  }
  for (const auto& [kind, counted] : by_kind) {
    std::map<OrgUnitId, std::vector<int64_t>> below;
    for (const auto& [unit, count] : counted) {
      for (OrgUnitId ancestor : hierarchy_.AncestorsAt(unit, *date_)) {
        if (counted.contains(ancestor)) {
          below[ancestor].push_back(count->count);
          break;
        }
      }
    }
    for (const auto& [unit, counts] : below) {
      const PlaceCount& stated = *counted.at(unit);
      std::optional<int64_t> sum = CheckedSum(counts);
      if (sum == stated.count) continue;
      std::string label = UnitLabel(unit);
      std::string shown_count = Localise(std::to_string(stated.count), lang_);
      Emit({.rule = rules::kPlaceCountSum,
            .severity = Severity::kWarning,
            .org_unit = label,
            .measure = kind,
            .period = plan_.period.ToString(),
            .expected = std::to_string(stated.count),
            .found = sum ? std::to_string(*sum) : "",
            .message = sum ? Say(lang_, MessageId::kValidationPlaceCountSum, label, kind,
                                 counts.size(), Localise(std::to_string(*sum), lang_), shown_count)
                           : Say(lang_, MessageId::kValidationSumOverflow, label + ", " + kind,
                                 counts.size(), shown_count),
            .source = stated.source});
    }
  }
}

// source_defect: every note about a defect of the source, as a warning.
void PlanChecker::CheckSourceNotes() {
  for (const SourceNote* note : book_.SourceNotesOf(plan_.id)) {
    Emit({.rule = rules::kSourceDefect,
          .severity = Severity::kWarning,
          .measure = note->kind,
          .message = Say(lang_, MessageId::kValidationSourceDefect, note->kind, note->message),
          .source = note->source});
  }
}

// value_out_of_range: no negative value; no value above the measure's
// maximum (an indicator's max_value, 100 for a percentage data element),
// whatever unit the target states.
void PlanChecker::CheckValueRanges() {
  for (const Target* target : targets_) {
    std::string measure = MeasureCode(target->measure);
    Finding finding{.rule = rules::kValueOutOfRange,
                    .org_unit = UnitLabel(target->org_unit),
                    .measure = measure,
                    .period = PeriodText(*target),
                    .found = target->value.ToString(),
                    .source = target->source};
    std::string value = ValueText(target->value, target->unit, lang_);
    if (target->value < Decimal()) {
      finding.expected = "0";
      finding.message =
          Say(lang_, MessageId::kValidationNegativeValue, measure, Holder(*target), value);
    } else if (std::optional<Decimal> max = MaximumOf(target->measure);
               max && *max < target->value) {
      finding.expected = max->ToString();
      finding.message = Say(lang_, MessageId::kValidationAboveMaximum, measure, Holder(*target),
                            value, ValueText(*max, target->unit, lang_));
    } else {
      continue;
    }
    Emit(std::move(finding));
  }
}

}  // namespace

std::vector<Finding> ValidatePlans(const PlanBook& book, const Hierarchy& hierarchy,
                                   const Metadata& metadata, const ValidationOptions& options) {
  std::vector<const Plan*> plans;
  for (const Plan& plan : book.plans()) {
    if (options.only_plan == 0 || plan.id == options.only_plan) plans.push_back(&plan);
  }
  auto label = [](const Plan* plan) { return plan->number.empty() ? plan->code : plan->number; };
  std::stable_sort(plans.begin(), plans.end(), [&](const Plan* a, const Plan* b) {
    return std::pair(label(a), a->id) < std::pair(label(b), b->id);
  });
  std::vector<Finding> findings;
  for (const Plan* plan : plans) {
    std::vector<Finding> found = PlanChecker(book, hierarchy, metadata, options.lang, *plan).Run();
    std::stable_sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.rule, a.org_unit, a.measure) < std::tie(b.rule, b.org_unit, b.measure);
    });
    std::move(found.begin(), found.end(), std::back_inserter(findings));
  }
  return findings;
}

}  // namespace gemis
