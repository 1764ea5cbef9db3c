#include "program/figure_publisher.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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

Result<RuleTarget> TargetOf(const FigureRule& rule, const Metadata& md) {
  const StoredElement* e = md.FindElement(rule.data_element);
  if (e == nullptr) {
    return Status::NotFound("no data element '" + rule.data_element + "'",
                            {"", 0, 0, "dataElement"});
  }
  const StoredCombo* combo = md.Combo(e->combo_id);
  if (combo == nullptr || combo->combo.code != ComboFor(rule.by)) {
    return Status::Invalid(rule.data_element + " is disaggregated by " +
                               (combo ? combo->combo.code : std::string("?")) + ", the rule by " +
                               records::FigureByName(rule.by),
                           {"", 0, 0, "by"});
  }
  RuleTarget t{e->id, {}};
  for (MetadataId id : combo->option_combo_ids) {
    const StoredOptionCombo* coc = md.OptionCombo(id);
    if (coc == nullptr) continue;
    const auto& codes = coc->option_combo.option_codes;
    std::string key = rule.by == FigureBy::kNone || codes.empty() ? "" : codes.front();
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

struct Wanted {
  int64_t rule_id = 0;
  std::string value;
  std::vector<records::ModelId> models;
  const FigureCell* cell = nullptr;
};

}  // namespace

Result<PublishReport> PublishFigures(store::WriteTransaction& txn, const Hierarchy& hierarchy,
                                     const Metadata& metadata, Date today) {
  PublishReport report;
  GEMIS_ASSIGN_OR_RETURN(std::vector<FigureRule> rules, txn.LoadFigureRules());
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> models, txn.LoadModels({}));

  // Rules that can be published, and the periods of their types.
  std::vector<FigureRule> usable;
  std::vector<RuleTarget> targets;
  for (const FigureRule& rule : rules) {
    Result<RuleTarget> t = TargetOf(rule, metadata);
    if (!t.ok()) {
      report.rule_problems.push_back("rule " + std::to_string(rule.id) + ": " +
                                     t.status().message());
      continue;
    }
    usable.push_back(rule);
    targets.push_back(std::move(t).value());
  }
  std::vector<Period> periods;
  if (!models.empty()) {
    Date first = models.front().established;
    for (const records::Model& m : models) first = std::min(first, m.established);
    std::set<PeriodType> types;
    for (const FigureRule& r : usable) types.insert(r.period_type);
    for (PeriodType type : types) {
      GEMIS_ASSIGN_OR_RETURN(std::vector<Period> ps, PeriodsBetween(type, first, today));
      periods.insert(periods.end(), ps.begin(), ps.end());
    }
  }
  records::Figures figures = records::ComputeFigures(usable, models, hierarchy, periods);
  report.problems = std::move(figures.problems);

  // What the records give, by key.
  std::map<DataValueKey, Wanted, KeyLess> wanted;
  for (const FigureCell& cell : figures.cells) {
    const RuleTarget& t = targets[cell.rule];
    auto coc = t.option_combos.find(cell.option);
    if (coc == t.option_combos.end()) {
      report.rule_problems.push_back("rule " + std::to_string(usable[cell.rule].id) +
                                     ": no option " + cell.option + " for " +
                                     usable[cell.rule].data_element);
      continue;
    }
    GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(cell.period));
    DataValueKey key{t.element, period, cell.org_unit, coc->second,
                     metadata.default_option_combo()};
    wanted[key] = {usable[cell.rule].id, std::to_string(cell.value), cell.models, &cell};
  }

  GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                         txn.LoadFigureClaims(std::nullopt));
  std::map<DataValueKey, const store::FigureClaim*, KeyLess> claimed;
  for (const store::FigureClaim& c : claims) claimed[c.key] = &c;

  for (const auto& [key, w] : wanted) {
    auto have = claimed.find(key);
    if (have != claimed.end() && have->second->value == w.value) {
      ++report.unchanged;
      if (have->second->models != w.models || have->second->rule != w.rule_id) {
        GEMIS_RETURN_IF_ERROR(txn.SaveFigureClaim({key, w.rule_id, w.value, w.models}));
      }
      continue;
    }
    if (have == claimed.end()) {
      GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> live, txn.GetDataValue(key));
      if (live && !live->deleted) {
        report.conflicts.push_back({key, usable[w.cell->rule].data_element,
                                    w.cell->period.ToString(), key.org_unit, live->value, w.value});
        continue;
      }
    }
    DataValueWrite write;
    write.key = key;
    write.value = w.value;
    write.stored_by = std::string(kRecordsAuthor);
    write.comment = "models " + JoinIds(w.models);
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(write).status());
    GEMIS_RETURN_IF_ERROR(txn.SaveFigureClaim({key, w.rule_id, w.value, w.models}));
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
                                        const DataValueKey& key, Date period_end) {
  FigureExplanation out;
  GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                         txn.LoadFigureClaims(key.data_element));
  std::set<records::ModelId> ids;
  for (store::FigureClaim& c : claims) {
    if (c.key.period != key.period || c.key.category_option_combo != key.category_option_combo ||
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
    ids.insert(c.models.begin(), c.models.end());
    out.claims.push_back(std::move(c));
  }
  if (!ids.empty()) {
    store::ModelFilter filter;
    filter.ids.assign(ids.begin(), ids.end());
    GEMIS_ASSIGN_OR_RETURN(out.models, txn.LoadModels(filter));
  }
  return out;
}

Status CheckNotClaimed(store::ReadTransaction& txn, const Metadata& metadata,
                       const DataValueKey& key) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<store::FigureClaim> claim, txn.FindFigureClaim(key));
  if (!claim) return Status::Ok();
  const StoredElement* e = metadata.Element(key.data_element);
  std::string code = e ? e->element.code : std::to_string(key.data_element);
  std::string models;
  if (!claim->models.empty()) {
    store::ModelFilter filter;
    filter.ids.assign(claim->models.begin(),
                      claim->models.begin() + std::min<size_t>(claim->models.size(), 5));
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
    for (const records::Model& m : found) models += (models.empty() ? "" : ", ") + m.code;
    if (claim->models.size() > 5) models += ", …";
  }
  return Status::Conflict(code + " here is computed from the records of the models " +
                              (models.empty() ? std::string("(none now)") : models) +
                              "; correct those records instead of the figure",
                          {"", 0, 0, "value"});
}

}  // namespace gemis::program
