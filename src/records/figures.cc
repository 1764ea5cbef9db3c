#include "records/figures.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "core/category.h"
#include "core/text.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, 3> kByNames = {"none", "implementing_level", "model_status"};

bool Numeric(FactType t) {
  return t == FactType::kCount || t == FactType::kAmount || t == FactType::kFlag ||
         t == FactType::kSet;
}

// The fact is positive at `to`, or (in_period) some statement of it dated in
// [from, to] is positive.
bool WhereHolds(const Model& m, FactField field, bool in_period, Date from, Date to) {
  if (!in_period) return NumberAt(m, field, to).value_or(0) > 0;
  for (const ModelFact& f : m.facts) {
    if (f.field != field || f.date < from || f.date > to) continue;
    if (NumberAt(m, field, f.date).value_or(0) > 0) return true;
  }
  return false;
}

// The cells of one rule for one period, keyed by (unit, option).
struct CellKey {
  OrgUnitId unit;
  std::string option;
  bool operator<(const CellKey& o) const {
    return std::tie(unit, option) < std::tie(o.unit, o.option);
  }
};

void ApplyRule(size_t index, const FigureRule& rule, const std::vector<Model>& models,
               const Hierarchy& h, const Period& period, Figures& out) {
  const Date from = period.start(), to = period.end();
  struct Sum {
    int64_t value = 0;
    std::vector<ModelId> models;
  };
  std::map<CellKey, Sum> cells;
  for (const Model& m : models) {
    if (m.kind != rule.kind) continue;
    std::optional<ModelStatus> status = StatusIn(m, from, to);
    if (!status) continue;
    std::optional<OrgUnitId> unit = CountingUnit(h, m.org_unit, to);
    if (!unit) {
      out.problems.push_back(
          {m.id, index, period, "its unit cannot be placed in the hierarchy of " + to.ToString()});
      continue;
    }
    // Rule 3: a unit with a model of the kind reports its zeros.
    if (rule.by == FigureBy::kNone) {
      cells[{*unit, ""}];
    }
    if (std::find(rule.statuses.begin(), rule.statuses.end(), *status) == rule.statuses.end()) {
      continue;
    }
    if (rule.where && !WhereHolds(m, *rule.where, rule.where_in_period, from, to)) continue;
    std::optional<std::string> option = FigureOption(rule.by, m, *status);
    if (!option) {
      out.problems.push_back({m.id, index, period,
                              std::string("its implementing level '") +
                                  ImplementingLevelName(m.level) + "' has no option"});
      continue;
    }
    int64_t add = rule.sum.empty() ? 1 : 0;
    for (FactField f : rule.sum) add += NumberAt(m, f, to).value_or(0);
    Sum& cell = cells[{*unit, *option}];
    cell.value += add;
    cell.models.push_back(m.id);
  }
  for (auto& [key, cell] : cells) {
    if (cell.value <= 0 && rule.by != FigureBy::kNone) continue;
    std::sort(cell.models.begin(), cell.models.end());
    out.cells.push_back(
        FigureCell{index, key.unit, period, key.option, cell.value, std::move(cell.models)});
  }
}

}  // namespace

const char* FigureByName(FigureBy by) { return kByNames[static_cast<size_t>(by)]; }

Result<FigureBy> ParseFigureBy(std::string_view text) {
  for (size_t i = 0; i < kByNames.size(); ++i) {
    if (text == kByNames[i]) return static_cast<FigureBy>(i);
  }
  return Status::Invalid("unknown disaggregation '" + Utf8Prefix(text, 40) +
                             "' (none, implementing_level or model_status)",
                         {"", 0, 0, "by"});
}

Status CheckFigureRule(const FigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(CheckCode(rule.data_element, "dataElement"));
  if (rule.statuses.empty()) {
    return Status::Invalid("a figure counts models of at least one status", {"", 0, 0, "statuses"});
  }
  for (size_t i = 0; i < rule.statuses.size(); ++i) {
    if (rule.statuses[i] == ModelStatus::kInactive) {
      return Status::Invalid("inactive models are not counted", {"", 0, 0, "statuses"});
    }
    if (i > 0 && rule.statuses[i] <= rule.statuses[i - 1]) {
      return Status::Invalid("statuses must be ascending without repeats", {"", 0, 0, "statuses"});
    }
  }
  if (rule.where) {
    const FactFieldInfo& info = InfoOf(*rule.where);
    if (!KindHasField(rule.kind, *rule.where) || !Numeric(info.type)) {
      return Status::Invalid(std::string(info.code) + " is not a count, amount, flag or set of a " +
                                 ModelKindName(rule.kind),
                             {"", 0, 0, "where"});
    }
  }
  if (rule.where_in_period && !rule.where) {
    return Status::Invalid("whereInPeriod needs a where fact", {"", 0, 0, "whereInPeriod"});
  }
  for (size_t i = 0; i < rule.sum.size(); ++i) {
    const FactFieldInfo& info = InfoOf(rule.sum[i]);
    if (!KindHasField(rule.kind, rule.sum[i]) ||
        (info.type != FactType::kCount && info.type != FactType::kAmount)) {
      return Status::Invalid(
          std::string(info.code) + " is not a count or amount of a " + ModelKindName(rule.kind),
          {"", 0, 0, "sum"});
    }
    if (std::find(rule.sum.begin(), rule.sum.begin() + i, rule.sum[i]) != rule.sum.begin() + i) {
      return Status::Invalid(std::string(info.code) + " is summed twice", {"", 0, 0, "sum"});
    }
  }
  if (rule.period_type == PeriodType::kMultiYear) {
    return Status::Invalid("figures are published per year or shorter period",
                           {"", 0, 0, "periodType"});
  }
  return Status::Ok();
}

std::optional<std::string> FigureOption(FigureBy by, const Model& m, ModelStatus status) {
  switch (by) {
    case FigureBy::kNone: return std::string();
    case FigureBy::kModelStatus: {
      std::string code = ModelStatusName(status);
      for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
      return code;
    }
    case FigureBy::kImplementingLevel:
      switch (m.level) {
        case ImplementingLevel::kProvince: return std::string("PROVINCE");
        case ImplementingLevel::kDistrict: return std::string("DISTRICT");
        case ImplementingLevel::kCommune: return std::string("COMMUNE");
        default: return std::nullopt;
      }
  }
  return std::nullopt;
}

std::optional<OrgUnitId> CountingUnit(const Hierarchy& h, OrgUnitId unit, Date day) {
  const OrgUnit* u = h.Find(unit);
  if (u == nullptr) return std::nullopt;
  if (u->VersionAt(day) != nullptr) return unit;
  std::vector<Placement> placed = h.PlaceAt(unit, day);
  if (placed.empty()) return std::nullopt;
  auto best =
      std::min_element(placed.begin(), placed.end(), [](const Placement& a, const Placement& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.unit < b.unit;
      });
  return best->unit;
}

Figures ComputeFigures(const std::vector<FigureRule>& rules, const std::vector<Model>& models,
                       const Hierarchy& hierarchy, const std::vector<Period>& periods) {
  Figures out;
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const Period& p : periods) {
      if (p.type() != rules[i].period_type) continue;
      ApplyRule(i, rules[i], models, hierarchy, p, out);
    }
  }
  return out;
}

}  // namespace gemis::records
