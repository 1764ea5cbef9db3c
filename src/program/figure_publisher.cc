#include "program/figure_publisher.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "records/activity_figures.h"
#include "records/register_figures.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

using records::FigureBy;
using records::FigureCell;
using records::FigureRule;

struct KeyLess {
  bool operator()(const DataValueKey& a, const DataValueKey& b) const {
    return std::tie(a.data_element, a.period, a.org_unit, a.category_option_combo,
                    a.attribute_option_combo) < std::tie(b.data_element, b.period, b.org_unit,
                                                         b.category_option_combo,
                                                         b.attribute_option_combo);
  }
};

// Where one rule's cells go: its element and, per option code, the option
// combo of the element's category combo.
struct RuleTarget {
  MetadataId element = 0;
  std::map<std::string, MetadataId> option_combos;  // "" → the default
};

// The combo a disaggregation needs.
std::string_view ComboFor(FigureBy by) {
  switch (by) {
    case FigureBy::kNone: return "default";
    case FigureBy::kImplementingLevel: return "IMPLEMENTING_LEVEL";
    case FigureBy::kModelStatus: return "MODEL_STATUS";
  }
  return "";
}

Result<RuleTarget> TargetOf(const std::string& element, FigureBy by, const Metadata& md) {
  const StoredElement* e = md.FindElement(element);
  if (e == nullptr) {
    return Status::NotFound("no data element '" + element + "'", {"", 0, 0, "dataElement"});
  }
  const StoredCombo* combo = md.Combo(e->combo_id);
  if (combo == nullptr || combo->combo.code != ComboFor(by)) {
    return Status::Invalid(element + " is disaggregated by " +
                               (combo ? combo->combo.code : std::string("?")) + ", the rule by " +
                               records::FigureByName(by),
                           {"", 0, 0, "by"});
  }
  RuleTarget t{e->id, {}};
  for (MetadataId id : combo->option_combo_ids) {
    const StoredOptionCombo* coc = md.OptionCombo(id);
    if (coc == nullptr) continue;
    const auto& codes = coc->option_combo.option_codes;
    std::string key = by == FigureBy::kNone || codes.empty() ? "" : codes.front();
    t.option_combos[key] = id;
  }
  return t;
}

// The periods of `type` from the one containing `first` to the one
// containing `last`.
Result<std::vector<Period>> PeriodsBetween(PeriodType type, Date first, Date last) {
  std::vector<Period> out;
  Date d = first;
  while (d <= last) {
    GEMIS_ASSIGN_OR_RETURN(Period p, Period::Containing(type, d));
    out.push_back(p);
    d = Date::FromDays(p.end().days() + 1);
  }
  return out;
}

std::string JoinIds(const std::vector<records::ModelId>& ids) {
  std::string out;
  for (records::ModelId id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

// Which kind of record a rule counts.
enum class Source { kModels, kActivities, kRegister };

// What the records give for one key: the rule (of a model, an activity or a
// register figure), the value and the records behind it.
struct Wanted {
  int64_t rule = 0;
  int64_t activity_rule = 0;
  int64_t register_rule = 0;
  std::string element;  // code, for reports
  Period period;
  std::string value;
  std::vector<int64_t> ids;
};

// The rules of one source that can be published, with where their cells go.
struct Usable {
  std::vector<RuleTarget> targets;
  std::vector<size_t> index;  // into the source's rules
};

template <typename Rule>
Usable UsableRules(const std::vector<Rule>& rules, const Metadata& md, const char* label,
                   PublishReport& report) {
  Usable u;
  for (size_t i = 0; i < rules.size(); ++i) {
    Result<RuleTarget> t = TargetOf(rules[i].data_element, rules[i].by, md);
    if (!t.ok()) {
      report.rule_problems.push_back(std::string(label) + " " + std::to_string(rules[i].id) + ": " +
                                     t.status().message());
      continue;
    }
    u.targets.push_back(std::move(t).value());
    u.index.push_back(i);
  }
  return u;
}

template <typename Rule>
std::vector<Rule> Pick(const std::vector<Rule>& rules, const Usable& u) {
  std::vector<Rule> out;
  for (size_t i : u.index) out.push_back(rules[i]);
  return out;
}

// The periods of every type in `rules` from `first` to `today`.
template <typename Rule>
Status AddPeriods(const std::vector<Rule>& rules, Date first, Date today,
                  std::set<Period, bool (*)(const Period&, const Period&)>& out) {
  std::set<PeriodType> types;
  for (const Rule& r : rules) types.insert(r.period_type);
  for (PeriodType type : types) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<Period> ps, PeriodsBetween(type, first, today));
    out.insert(ps.begin(), ps.end());
  }
  return Status::Ok();
}

bool PeriodLess(const Period& a, const Period& b) {
  return std::tuple(a.start(), a.end(), static_cast<int>(a.type())) <
         std::tuple(b.start(), b.end(), static_cast<int>(b.type()));
}

// Adds the cells of one source to `wanted` (a key two rules publish is a
// rule problem; the first rule keeps it).
template <typename Rule>
Status Collect(store::WriteTransaction& txn, const Metadata& md, const std::vector<Rule>& rules,
               const Usable& usable, const records::Figures& figures, Source source,
               std::map<DataValueKey, Wanted, KeyLess>& wanted, PublishReport& report) {
  for (const FigureCell& cell : figures.cells) {
    const Rule& rule = rules[cell.rule];
    const RuleTarget& t = usable.targets[cell.rule];
    auto coc = t.option_combos.find(cell.option);
    if (coc == t.option_combos.end()) {
      report.rule_problems.push_back("rule " + std::to_string(rule.id) + ": no option " +
                                     cell.option + " for " + rule.data_element);
      continue;
    }
    GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(cell.period));
    DataValueKey key{t.element, period, cell.org_unit, coc->second, md.default_option_combo()};
    Wanted w{source == Source::kModels ? rule.id : 0,
             source == Source::kActivities ? rule.id : 0,
             source == Source::kRegister ? rule.id : 0,
             rule.data_element,
             cell.period,
             std::to_string(cell.value),
             cell.models};
    auto [it, fresh] = wanted.emplace(key, w);
    if (!fresh) {
      report.rule_problems.push_back(rule.data_element + " " + cell.period.ToString() +
                                     ": two rules publish the same value; the first is kept");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<PublishReport> PublishFigures(store::WriteTransaction& txn, const Hierarchy& hierarchy,
                                     const Metadata& metadata, Date today) {
  PublishReport report;
  GEMIS_ASSIGN_OR_RETURN(std::vector<FigureRule> model_rules, txn.LoadFigureRules());
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::ActivityFigureRule> activity_rules,
                         txn.LoadActivityFigureRules());
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> models, txn.LoadModels({}));
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> activities, txn.LoadActivities({}));
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> register_rules,
                         txn.LoadRegisterFigureRules());
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Cadre> cadres, txn.LoadCadres({}));
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::SafeBirth> births, txn.LoadSafeBirths({}));
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Case> cases, txn.LoadCases({}));

  Usable usable_models = UsableRules(model_rules, metadata, "rule", report);
  Usable usable_activities = UsableRules(activity_rules, metadata, "activity rule", report);
  Usable usable_registers = UsableRules(register_rules, metadata, "register rule", report);
  model_rules = Pick(model_rules, usable_models);
  activity_rules = Pick(activity_rules, usable_activities);
  register_rules = Pick(register_rules, usable_registers);

  // The periods from the first record to today, of every rule's type.
  std::set<Period, bool (*)(const Period&, const Period&)> period_set(PeriodLess);
  if (!models.empty()) {
    Date first = models.front().established;
    for (const records::Model& m : models) first = std::min(first, m.established);
    GEMIS_RETURN_IF_ERROR(AddPeriods(model_rules, first, today, period_set));
  }
  if (!activities.empty()) {
    Date first = activities.front().start;
    for (const records::Activity& a : activities) first = std::min(first, a.start);
    GEMIS_RETURN_IF_ERROR(AddPeriods(activity_rules, first, today, period_set));
  }
  if (!cadres.empty()) {
    Date first = cadres.front().since;
    for (const records::Cadre& c : cadres) first = std::min(first, c.since);
    GEMIS_RETURN_IF_ERROR(AddPeriods(register_rules, first, today, period_set));
  }
  if (!births.empty()) {
    Date first = births.front().birth_date;
    for (const records::SafeBirth& b : births) first = std::min(first, b.birth_date);
    GEMIS_RETURN_IF_ERROR(AddPeriods(register_rules, first, today, period_set));
  }
  if (!cases.empty()) {
    Date first = cases.front().opened;
    for (const records::Case& c : cases) first = std::min(first, c.opened);
    GEMIS_RETURN_IF_ERROR(AddPeriods(register_rules, first, today, period_set));
  }
  const std::vector<Period> periods(period_set.begin(), period_set.end());
  records::Figures from_models = records::ComputeFigures(model_rules, models, hierarchy, periods);
  records::Figures from_activities =
      records::ComputeActivityFigures(activity_rules, activities, hierarchy, periods);
  std::map<records::CadreId, std::vector<Date>> attended;
  for (const records::Activity& a : activities) {
    for (int64_t cadre : a.attendees) attended[cadre].push_back(a.start);
  }
  records::Figures from_registers =
      records::ComputeCadreFigures(register_rules, cadres, attended, hierarchy, periods);
  // Safe births count by their eligibility on the day of the birth, against
  // the designation lists (one register, so its cells follow the cadres').
  std::vector<records::EvaluatedBirth> evaluated;
  if (!births.empty()) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn.LoadDesignations());
    const DesignationSet designations(std::move(lists));
    for (const records::SafeBirth& b : births) {
      evaluated.push_back({&b, records::EvaluateEligibility(b, hierarchy, designations).eligible});
    }
  }
  records::Figures from_births =
      records::ComputeSafeBirthFigures(register_rules, evaluated, hierarchy, periods);
  for (records::FigureCell& cell : from_births.cells) {
    from_registers.cells.push_back(std::move(cell));
  }
  from_registers.problems.insert(from_registers.problems.end(), from_births.problems.begin(),
                                 from_births.problems.end());
  // Confidential cases: only with consent for reporting, suppressed below 5
  // and rolled up (records/register_figures.h, rule 3).
  records::Figures from_cases =
      records::ComputeCaseFigures(register_rules, cases, hierarchy, periods);
  for (records::FigureCell& cell : from_cases.cells) {
    from_registers.cells.push_back(std::move(cell));
  }
  from_registers.problems.insert(from_registers.problems.end(), from_cases.problems.begin(),
                                 from_cases.problems.end());
  report.suppressed = from_cases.suppressed;
  report.problems = std::move(from_models.problems);
  for (const records::Figures* f : {&from_activities, &from_registers}) {
    report.problems.insert(report.problems.end(), f->problems.begin(), f->problems.end());
  }

  std::map<DataValueKey, Wanted, KeyLess> wanted;
  GEMIS_RETURN_IF_ERROR(Collect(txn, metadata, model_rules, usable_models, from_models,
                                Source::kModels, wanted, report));
  GEMIS_RETURN_IF_ERROR(Collect(txn, metadata, activity_rules, usable_activities, from_activities,
                                Source::kActivities, wanted, report));
  GEMIS_RETURN_IF_ERROR(Collect(txn, metadata, register_rules, usable_registers, from_registers,
                                Source::kRegister, wanted, report));

  GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                         txn.LoadFigureClaims(std::nullopt));
  std::map<DataValueKey, const store::FigureClaim*, KeyLess> claimed;
  for (const store::FigureClaim& c : claims) claimed[c.key] = &c;

  for (const auto& [key, w] : wanted) {
    const store::FigureClaim claim{key, w.rule, w.value, w.ids, w.activity_rule, w.register_rule};
    auto have = claimed.find(key);
    if (have != claimed.end() && have->second->value == w.value) {
      ++report.unchanged;
      if (have->second->models != w.ids || have->second->rule != w.rule ||
          have->second->activity_rule != w.activity_rule ||
          have->second->register_rule != w.register_rule) {
        GEMIS_RETURN_IF_ERROR(txn.SaveFigureClaim(claim));
      }
      continue;
    }
    if (have == claimed.end()) {
      GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> live, txn.GetDataValue(key));
      if (live && !live->deleted) {
        report.conflicts.push_back(
            {key, w.element, w.period.ToString(), key.org_unit, live->value, w.value});
        continue;
      }
    }
    DataValueWrite write;
    write.key = key;
    write.value = w.value;
    write.stored_by = std::string(kRecordsAuthor);
    write.comment = (w.activity_rule   ? "activities "
                     : w.register_rule ? "cadres "
                                       : "models ") +
                    JoinIds(w.ids);
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(write).status());
    GEMIS_RETURN_IF_ERROR(txn.SaveFigureClaim(claim));
    ++report.written;
  }
  for (const auto& [key, claim] : claimed) {
    if (wanted.count(key) != 0) continue;
    DataValueWrite remove;
    remove.key = key;
    remove.remove = true;
    remove.stored_by = std::string(kRecordsAuthor);
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(remove).status());
    GEMIS_RETURN_IF_ERROR(txn.DeleteFigureClaim(key));
    ++report.removed;
  }
  return report;
}

Result<FigureExplanation> ExplainFigure(store::ReadTransaction& txn, const Hierarchy& hierarchy,
                                        const DataValueKey& key, const Period& period) {
  FigureExplanation out;
  GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
  auto stored = std::find_if(periods.begin(), periods.end(),
                             [&](const auto& p) { return p.second == period; });
  if (stored == periods.end()) return out;
  const Date period_end = period.end();
  GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                         txn.LoadFigureClaims(key.data_element));
  std::set<records::ModelId> ids, activity_ids, cadre_ids, birth_ids, case_ids;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> register_rules,
                         txn.LoadRegisterFigureRules());
  auto register_of = [&](int64_t rule) {
    for (const records::RegisterFigureRule& r : register_rules) {
      if (r.id == rule) return r.register_kind;
    }
    return records::RegisterKind::kWomenCadres;
  };
  auto register_ids = [&](int64_t rule) -> std::set<records::ModelId>& {
    switch (register_of(rule)) {
      case records::RegisterKind::kWomenCadres: return cadre_ids;
      case records::RegisterKind::kSafeBirth: return birth_ids;
      case records::RegisterKind::kCases: return case_ids;
    }
    return cadre_ids;
  };
  for (store::FigureClaim& c : claims) {
    if (c.key.period != stored->first || c.key.category_option_combo != key.category_option_combo ||
        c.key.attribute_option_combo != key.attribute_option_combo) {
      continue;
    }
    if (c.key.org_unit != key.org_unit) {
      std::vector<OrgUnitId> up = hierarchy.AncestorsAt(c.key.org_unit, period_end);
      if (std::find(up.begin(), up.end(), key.org_unit) == up.end()) continue;
    }
    int64_t v = 0;
    for (char ch : c.value) v = v * 10 + (ch - '0');
    out.total += v;
    std::set<records::ModelId>& behind = c.activity_rule   ? activity_ids
                                         : c.register_rule ? register_ids(c.register_rule)
                                                           : ids;
    behind.insert(c.models.begin(), c.models.end());
    // Which cases are behind a figure is not told (not even their ids).
    if (&behind == &case_ids) c.models.clear();
    out.claims.push_back(std::move(c));
  }
  if (!ids.empty()) {
    store::ModelFilter filter;
    filter.ids.assign(ids.begin(), ids.end());
    GEMIS_ASSIGN_OR_RETURN(out.models, txn.LoadModels(filter));
  }
  if (!activity_ids.empty()) {
    store::ActivityFilter filter;
    filter.ids.assign(activity_ids.begin(), activity_ids.end());
    GEMIS_ASSIGN_OR_RETURN(out.activities, txn.LoadActivities(filter));
  }
  if (!cadre_ids.empty()) {
    store::CadreFilter filter;
    filter.ids.assign(cadre_ids.begin(), cadre_ids.end());
    GEMIS_ASSIGN_OR_RETURN(out.cadres, txn.LoadCadres(filter));
  }
  if (!birth_ids.empty()) {
    store::SafeBirthFilter filter;
    filter.ids.assign(birth_ids.begin(), birth_ids.end());
    GEMIS_ASSIGN_OR_RETURN(out.births, txn.LoadSafeBirths(filter));
  }
  out.cases = static_cast<int64_t>(case_ids.size());
  return out;
}

Status CheckNotClaimed(store::ReadTransaction& txn, const Metadata& metadata,
                       const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<store::FigureClaim> claim, txn.FindFigureClaim(key));
  if (!claim) return Status::Ok();
  const StoredElement* e = metadata.Element(key.data_element);
  std::string code = e ? e->element.code : std::to_string(key.data_element);
  std::string names;
  bool births = false, cases = false;
  std::vector<int64_t> first(claim->models.begin(),
                             claim->models.begin() + std::min<size_t>(claim->models.size(), 5));
  if (claim->activity_rule) {
    store::ActivityFilter filter;
    filter.ids = first;
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> found, txn.LoadActivities(filter));
    for (const records::Activity& a : found) names += (names.empty() ? "" : ", ") + a.code;
  } else if (claim->register_rule) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> rules,
                           txn.LoadRegisterFigureRules());
    births = std::any_of(rules.begin(), rules.end(), [&](const records::RegisterFigureRule& r) {
      return r.id == claim->register_rule && r.register_kind == records::RegisterKind::kSafeBirth;
    });
    cases = std::any_of(rules.begin(), rules.end(), [&](const records::RegisterFigureRule& r) {
      return r.id == claim->register_rule && r.register_kind == records::RegisterKind::kCases;
    });
    if (cases) {
      names = "(confidential, not listed)";
    } else if (births) {
      store::SafeBirthFilter filter;
      filter.ids = first;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::SafeBirth> found, txn.LoadSafeBirths(filter));
      for (const records::SafeBirth& b : found) names += (names.empty() ? "" : ", ") + b.code;
    } else {
      store::CadreFilter filter;
      filter.ids = first;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Cadre> found, txn.LoadCadres(filter));
      for (const records::Cadre& c : found) names += (names.empty() ? "" : ", ") + c.code;
    }
  } else if (!first.empty()) {
    store::ModelFilter filter;
    filter.ids = first;
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
    for (const records::Model& m : found) names += (names.empty() ? "" : ", ") + m.code;
  }
  if (claim->models.size() > 5) names += ", …";
  return Status::Conflict(code + " here is computed from the records of the " +
                              (claim->activity_rule   ? "activities "
                               : births               ? "safe births "
                               : cases                ? "confidential cases "
                               : claim->register_rule ? "women cadres "
                                                      : "models ") +
                              (names.empty() ? std::string("(none now)") : names) +
                              "; correct those records instead of the figure",
                          {"", 0, 0, "value"});
}

}  // namespace gemis::program
