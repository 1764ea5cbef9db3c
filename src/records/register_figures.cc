#include "records/register_figures.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "core/category.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, 3> kRegisterNames = {"women_cadres", "safe_birth", "cases"};
constexpr std::array<const char*, 3> kCadreMeasures = {"in_group", "trained", "trained_in_period"};
enum class CadreMeasure { kInGroup, kTrained, kTrainedInPeriod };
constexpr std::array<const char*, 4> kBirthMeasures = {"births", "eligible", "supported", "amount"};
enum class BirthMeasure { kBirths, kEligible, kSupported, kAmount };
constexpr std::array<const char*, 3> kCaseMeasures = {"cases", "served", "referred"};
enum class CaseMeasure { kCases, kServed, kReferred };

bool IsCadres(const RegisterFigureRule& rule) {
  return rule.register_kind == RegisterKind::kWomenCadres;
}

const char* FilterField(const RegisterFigureRule& rule) {
  return RegisterFilterName(rule.register_kind);
}
Status ParseFilterName(const RegisterFigureRule& rule, std::string_view name) {
  switch (rule.register_kind) {
    case RegisterKind::kWomenCadres: return ParseCadreGroup(name).status();
    case RegisterKind::kSafeBirth: return ParseSafeBirthPackage(name).status();
    case RegisterKind::kCases: return ParseCaseKind(name).status();
  }
  return Status::Internal("unknown register");
}

Status CheckFilter(const RegisterFigureRule& rule) {
  for (size_t i = 0; i < rule.filter.size(); ++i) {
    const std::string at = std::string(FilterField(rule)) + "[" + std::to_string(i) + "]";
    Status parsed = ParseFilterName(rule, rule.filter[i]);
    if (!parsed.ok()) return Status::Invalid(parsed.message(), {"", 0, 0, at});
    if (i > 0 && rule.filter[i] <= rule.filter[i - 1]) {
      return Status::Invalid("names are listed in ascending order without repeats", {"", 0, 0, at});
    }
  }
  return Status::Ok();
}

bool InFilter(const RegisterFigureRule& rule, std::string_view group) {
  return rule.filter.empty() || std::binary_search(rule.filter.begin(), rule.filter.end(), group);
}

// A cadre's value under `measure` in `period`: 1 when she counts, 0 when
// not; nullopt when she is in none of the period's days (no zero either).
std::optional<int64_t> CadreValue(CadreMeasure measure, const Cadre& c,
                                  const std::vector<Date>& days, const Period& period) {
  const bool at_end = InGroupOn(c, period.end());
  const bool during = c.since <= period.end() && (!c.until || period.start() < *c.until);
  if (!during) return std::nullopt;
  switch (measure) {
    case CadreMeasure::kInGroup: return at_end ? 1 : 0;
    case CadreMeasure::kTrained: return at_end && TrainedBy(days, period.end()) ? 1 : 0;
    case CadreMeasure::kTrainedInPeriod:
      for (Date d : days) {
        if (d >= period.start() && d <= period.end()) return 1;
      }
      return 0;
  }
  return 0;
}

void ApplyCadreRule(size_t index, const RegisterFigureRule& rule, CadreMeasure measure,
                    const std::vector<Cadre>& cadres,
                    const std::map<CadreId, std::vector<Date>>& attended, const Hierarchy& h,
                    const Period& period, Figures& out) {
  struct Sum {
    int64_t value = 0;
    std::vector<ModelId> ids;
  };
  std::map<std::pair<OrgUnitId, std::string>, Sum> cells;
  static const std::vector<Date> kNone;
  for (const Cadre& c : cadres) {
    if (!InFilter(rule, CadreGroupName(c.group))) continue;
    auto found = attended.find(c.id);
    std::vector<Date> days = TrainingDays(c, found == attended.end() ? kNone : found->second);
    std::optional<int64_t> value = CadreValue(measure, c, days, period);
    if (!value) continue;
    std::optional<OrgUnitId> unit = CountingUnit(h, c.org_unit, period.end());
    if (!unit) {
      out.problems.push_back(
          {c.id, index, period,
           "her unit cannot be placed in the hierarchy of " + period.end().ToString()});
      continue;
    }
    std::string option;
    if (rule.by == FigureBy::kImplementingLevel) {
      Model holder;  // FigureOption reads the level only
      holder.level = c.level;
      option = FigureOption(rule.by, holder, ModelStatus::kNew).value_or("");
      if (*value == 0) continue;  // zeros only without a disaggregation (rule 2)
    }
    Sum& cell = cells[{*unit, option}];
    cell.value += *value;
    if (*value > 0) cell.ids.push_back(c.id);
  }
  for (auto& [key, cell] : cells) {
    std::sort(cell.ids.begin(), cell.ids.end());
    out.cells.push_back(
        FigureCell{index, key.first, period, key.second, cell.value, std::move(cell.ids)});
  }
}

bool PaidFrom(const RegisterFigureRule& rule, const SafeBirthPayment& p) {
  return InFilter(rule, SafeBirthPackageName(p.package));
}

// A birth's value under `measure` in `period`; nullopt when it has nothing
// in the period (no zero either).
std::optional<int64_t> BirthValue(BirthMeasure measure, const RegisterFigureRule& rule,
                                  const EvaluatedBirth& e, const Period& period) {
  const SafeBirth& b = *e.birth;
  const bool born_in = b.birth_date >= period.start() && b.birth_date <= period.end();
  switch (measure) {
    case BirthMeasure::kBirths: return born_in ? std::optional<int64_t>(1) : std::nullopt;
    case BirthMeasure::kEligible:
      return born_in ? std::optional<int64_t>(e.eligible ? 1 : 0) : std::nullopt;
    case BirthMeasure::kSupported: {
      if (!born_in) return std::nullopt;
      bool paid = false;
      for (const SafeBirthPayment& p : b.payments) paid = paid || PaidFrom(rule, p);
      return e.eligible && paid ? 1 : 0;
    }
    case BirthMeasure::kAmount: {
      int64_t sum = 0;
      bool any = false;
      for (const SafeBirthPayment& p : b.payments) {
        if (p.day < period.start() || p.day > period.end() || !PaidFrom(rule, p)) continue;
        sum += p.amount;
        any = true;
      }
      return any ? std::optional<int64_t>(sum) : std::nullopt;
    }
  }
  return std::nullopt;
}

// Whether case `c` counts under `measure` in `period`.
bool CaseCounts(CaseMeasure measure, const Case& c, const Period& period) {
  auto in = [&period](Date d) { return d >= period.start() && d <= period.end(); };
  switch (measure) {
    case CaseMeasure::kCases: return in(c.opened);
    case CaseMeasure::kServed:
      return std::any_of(c.services.begin(), c.services.end(),
                         [&in](const CaseServiceEntry& s) { return in(s.day); });
    case CaseMeasure::kReferred:
      return std::any_of(c.referrals.begin(), c.referrals.end(),
                         [&in](const CaseReferral& r) { return in(r.day); });
  }
  return false;
}

// Rule 3 over the cells of one rule and period: every cell under the
// minimum goes into its parent's, deepest first.
void SuppressAndRollUp(size_t index, const Period& period, const Hierarchy& h,
                       std::map<OrgUnitId, std::vector<ModelId>> cells, Figures& out) {
  const Date day = period.end();
  std::map<OrgUnitId, size_t> depth;
  auto depth_of = [&](OrgUnitId unit) {
    auto [it, added] = depth.try_emplace(unit, 0);
    if (added) it->second = h.AncestorsAt(unit, day).size();
    return it->second;
  };
  size_t dropped = 0;
  while (true) {
    // The deepest cell under the minimum (the smallest id among equals).
    std::optional<OrgUnitId> small;
    for (const auto& [unit, ids] : cells) {
      if (static_cast<int64_t>(ids.size()) >= kCaseCellMinimum) continue;
      if (!small || depth_of(unit) > depth_of(*small)) small = unit;
    }
    if (!small) break;
    std::vector<ModelId> ids = std::move(cells[*small]);
    cells.erase(*small);
    std::optional<OrgUnitId> parent = h.ParentAt(*small, day);
    if (!parent) {
      dropped += ids.size();
      continue;
    }
    std::vector<ModelId>& up = cells[*parent];
    up.insert(up.end(), ids.begin(), ids.end());
  }
  for (auto& [unit, ids] : cells) {
    std::sort(ids.begin(), ids.end());
    const auto value = static_cast<int64_t>(ids.size());
    out.cells.push_back(FigureCell{index, unit, period, "", value, std::move(ids)});
  }
  out.suppressed += static_cast<int64_t>(dropped);
}

}  // namespace

const char* RegisterKindName(RegisterKind kind) {
  return kRegisterNames[static_cast<size_t>(kind)];
}

Result<RegisterKind> ParseRegisterKind(std::string_view text) {
  return ParseName<RegisterKind>(kRegisterNames, text, "register", "register");
}

const char* RegisterFilterName(RegisterKind kind) {
  switch (kind) {
    case RegisterKind::kWomenCadres: return "groups";
    case RegisterKind::kSafeBirth: return "packages";
    case RegisterKind::kCases: return "kinds";
  }
  return "filter";
}

Status CheckRegisterFigureRule(const RegisterFigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(CheckCode(rule.data_element, "dataElement"));
  switch (rule.register_kind) {
    case RegisterKind::kWomenCadres:
      GEMIS_RETURN_IF_ERROR(
          ParseName<CadreMeasure>(kCadreMeasures, rule.measure, "women-cadre measure", "measure")
              .status());
      break;
    case RegisterKind::kSafeBirth:
      GEMIS_RETURN_IF_ERROR(
          ParseName<BirthMeasure>(kBirthMeasures, rule.measure, "safe-birth measure", "measure")
              .status());
      break;
    case RegisterKind::kCases:
      GEMIS_RETURN_IF_ERROR(
          ParseName<CaseMeasure>(kCaseMeasures, rule.measure, "case measure", "measure").status());
      break;
  }
  GEMIS_RETURN_IF_ERROR(CheckFilter(rule));
  if (rule.by == FigureBy::kModelStatus) {
    return Status::Invalid("a register has no model status; split by none or implementing_level",
                           {"", 0, 0, "by"});
  }
  if (!IsCadres(rule) && rule.by != FigureBy::kNone) {
    return Status::Invalid(rule.register_kind == RegisterKind::kCases
                               ? "case figures are not split (by none)"
                               : "safe-birth figures are not split (by none)",
                           {"", 0, 0, "by"});
  }
  if (rule.period_type == PeriodType::kMultiYear) {
    return Status::Invalid("figures are published per year or shorter period",
                           {"", 0, 0, "periodType"});
  }
  return CheckRecordText(rule.note, "note", false, 500);
}

Figures ComputeCadreFigures(const std::vector<RegisterFigureRule>& rules,
                            const std::vector<Cadre>& cadres,
                            const std::map<CadreId, std::vector<Date>>& attended,
                            const Hierarchy& hierarchy, const std::vector<Period>& periods) {
  Figures out;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!IsCadres(rules[i])) continue;
    Result<CadreMeasure> measure =
        ParseName<CadreMeasure>(kCadreMeasures, rules[i].measure, "measure", "measure");
    if (!measure.ok()) continue;  // CheckRegisterFigureRule refuses it before it is stored
    for (const Period& p : periods) {
      if (p.type() != rules[i].period_type) continue;
      ApplyCadreRule(i, rules[i], *measure, cadres, attended, hierarchy, p, out);
    }
  }
  return out;
}

Figures ComputeSafeBirthFigures(const std::vector<RegisterFigureRule>& rules,
                                const std::vector<EvaluatedBirth>& births,
                                const Hierarchy& hierarchy, const std::vector<Period>& periods) {
  Figures out;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].register_kind != RegisterKind::kSafeBirth) continue;
    Result<BirthMeasure> measure =
        ParseName<BirthMeasure>(kBirthMeasures, rules[i].measure, "measure", "measure");
    if (!measure.ok()) continue;  // CheckRegisterFigureRule refuses it before it is stored
    for (const Period& p : periods) {
      if (p.type() != rules[i].period_type) continue;
      std::map<OrgUnitId, std::pair<int64_t, std::vector<ModelId>>> cells;
      for (const EvaluatedBirth& e : births) {
        std::optional<int64_t> value = BirthValue(*measure, rules[i], e, p);
        if (!value) continue;
        std::optional<OrgUnitId> unit = CountingUnit(hierarchy, e.birth->commune, p.end());
        if (!unit) {
          out.problems.push_back(
              {e.birth->id, i, p,
               "her commune cannot be placed in the hierarchy of " + p.end().ToString()});
          continue;
        }
        auto& cell = cells[*unit];
        cell.first += *value;
        if (*value > 0) cell.second.push_back(e.birth->id);
      }
      for (auto& [unit, cell] : cells) {
        std::sort(cell.second.begin(), cell.second.end());
        out.cells.push_back(FigureCell{i, unit, p, "", cell.first, std::move(cell.second)});
      }
    }
  }
  return out;
}

Figures ComputeCaseFigures(const std::vector<RegisterFigureRule>& rules,
                           const std::vector<Case>& cases, const Hierarchy& hierarchy,
                           const std::vector<Period>& periods) {
  Figures out;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].register_kind != RegisterKind::kCases) continue;
    Result<CaseMeasure> measure =
        ParseName<CaseMeasure>(kCaseMeasures, rules[i].measure, "measure", "measure");
    if (!measure.ok()) continue;  // CheckRegisterFigureRule refuses it before it is stored
    for (const Period& p : periods) {
      if (p.type() != rules[i].period_type) continue;
      std::map<OrgUnitId, std::vector<ModelId>> cells;
      for (const Case& c : cases) {
        if (!InFilter(rules[i], CaseKindName(c.kind))) continue;
        if (!ConsentNow(c, ConsentPurpose::kReporting)) continue;
        if (!CaseCounts(*measure, c, p)) continue;
        std::optional<OrgUnitId> unit = CountingUnit(hierarchy, c.org_unit, p.end());
        if (!unit) {
          out.problems.push_back(
              {c.id, i, p, "its unit cannot be placed in the hierarchy of " + p.end().ToString()});
          continue;
        }
        cells[*unit].push_back(c.id);
      }
      SuppressAndRollUp(i, p, hierarchy, std::move(cells), out);
    }
  }
  return out;
}

}  // namespace gemis::records
