// Engine::QuerySnapshot: resolving the request, aggregating each data
// element's column over the placed hierarchy, evaluating indicators, and
// laying the result out like DHIS2's /api/analytics.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "analytics/engine.h"
#include "analytics/snapshot.h"
#include "core/expression.h"

namespace gemis::analytics {

namespace {

// The largest number of result cells one query may ask for.
constexpr int64_t kMaxCells = 20'000'000;

Location Field(const char* name) { return Location{"", 0, 0, name}; }

std::string Describe(const StoredElement& e) { return "data element '" + e.element.code + "'"; }

Status CheckAggregatable(const StoredElement& e) {
  if (e.element.aggregation_type == AggregationType::kNone) {
    return Status::Invalid(Describe(e) +
                               " has aggregation type NONE: its values are shown where "
                               "they were entered and never aggregated",
                           Field("dx"));
  }
  if (!IsNumeric(e.element.value_type) && !IsBooleanType(e.element.value_type)) {
    return Status::Invalid(Describe(e) + " has value type " + ValueTypeName(e.element.value_type) +
                               ": only numbers and yes/no values are aggregated",
                           Field("dx"));
  }
  return Status::Ok();
}

struct OuItem {
  int32_t unit = 0;  // unit index
  int32_t pre = 0;
};

// The days of one result period: a value counts when its day range lies
// inside one of the ranges (one range for a DHIS2 period).
using DaySpan = std::vector<std::pair<int32_t, int32_t>>;

std::vector<DaySpan> SpansOf(const std::vector<Period>& periods) {
  std::vector<DaySpan> out;
  for (const Period& p : periods) out.push_back({{p.start().days(), p.end().days()}});
  return out;
}

// Restricts every aggregate to the values of one option of a category.
struct OptionFilter {
  const Structure::CategoryInfo* info = nullptr;  // nullptr: no filter
  int16_t option = -1;                            // position in the category
};

// The element's combo, or an attribute combo, has the category (what keep
// and an option filter require).
bool HasCategory(const Metadata& m, const StoredElement& e, const std::string& code) {
  for (const StoredCombo& combo : m.combos()) {
    if (!combo.combo.is_attribute) continue;
    for (const Category& c : combo.combo.categories) {
      if (c.code == code) return true;
    }
  }
  const StoredCombo* combo = m.Combo(e.combo_id);
  for (size_t c = 0; combo != nullptr && c < combo->combo.categories.size(); ++c) {
    if (combo->combo.categories[c].code == code) return true;
  }
  return false;
}

// Aggregates data element columns into result cells (ou item, period, kept
// combination) = (o * npe + p) * nkept + k.
class Aggregator {
 public:
  Aggregator(const Snapshot& snapshot, const PlacedHierarchy& placed,
             const std::vector<DaySpan>& periods, const std::vector<OuItem>& items,
             OptionFilter filter = {})
      : snapshot_(snapshot), placed_(placed), periods_(periods), items_(items), filter_(filter) {
    // Which items each preorder number counts towards (CSR).
    const size_t n = placed.unit_at.size();
    std::vector<int32_t> count(n + 1, 0);
    for (const OuItem& item : items) {
      const int32_t end = placed.end[static_cast<size_t>(item.unit)];
      for (int32_t p = item.pre; p < end; ++p) ++count[static_cast<size_t>(p) + 1];
    }
    for (size_t i = 0; i < n; ++i) count[i + 1] += count[i];
    item_begin_ = count;
    item_list_.resize(static_cast<size_t>(count[n]));
    std::vector<int32_t> fill(count.begin(), count.end() - 1);
    for (size_t o = 0; o < items.size(); ++o) {
      const int32_t end = placed.end[static_cast<size_t>(items[o].unit)];
      for (int32_t p = items[o].pre; p < end; ++p) {
        item_list_[static_cast<size_t>(fill[static_cast<size_t>(p)]++)] = static_cast<int32_t>(o);
      }
    }
  }

  // `coc` / `aoc`: an option combo index to keep only, or -1 for all.
  // `kept`: the kept categories with their option counts.
  std::vector<std::optional<double>> Run(int32_t element, int32_t coc, int32_t aoc,
                                         const std::vector<const Structure::CategoryInfo*>& kept) {
    const StoredElement& e = snapshot_.structure->metadata.elements()[static_cast<size_t>(element)];
    const AggregationType type = e.element.aggregation_type;
    const Column& col = *snapshot_.columns[static_cast<size_t>(element)];
    int64_t nkept = 1;
    for (const auto* info : kept) nkept *= static_cast<int64_t>(info->category->options.size());
    const int64_t npe = static_cast<int64_t>(periods_.size());
    const size_t ncells = static_cast<size_t>(static_cast<int64_t>(items_.size()) * npe * nkept);

    struct Acc {
      double swv = 0, sw = 0;
      double min = std::numeric_limits<double>::infinity();
      double max = -std::numeric_limits<double>::infinity();
      bool any = false;
    };
    std::vector<Acc> acc(ncells);
    std::map<std::pair<int64_t, int32_t>, Acc> per_unit;  // AVERAGE_SUM_ORG_UNIT
    struct Latest {
      int32_t start = std::numeric_limits<int32_t>::min();
      double sum = 0;
    };
    std::map<std::tuple<int64_t, int32_t, uint32_t>, Latest> latest;  // LAST*

    for (size_t i = 0; i < col.size(); ++i) {
      if (coc >= 0 && col.coc[i] != coc) continue;
      if (aoc >= 0 && col.aoc[i] != aoc) continue;
      if (filter_.info != nullptr && filter_.info->option_of_coc[col.coc[i]] != filter_.option &&
          filter_.info->option_of_coc[col.aoc[i]] != filter_.option) {
        continue;
      }
      int64_t k = 0;
      bool keep_row = true;
      for (const auto* info : kept) {
        int16_t option = info->option_of_coc[col.coc[i]];
        if (option < 0) option = info->option_of_coc[col.aoc[i]];
        if (option < 0) {
          keep_row = false;
          break;
        }
        k = k * static_cast<int64_t>(info->category->options.size()) + option;
      }
      if (!keep_row) continue;
      const double v = col.value[i];
      const size_t unit = static_cast<size_t>(col.unit[i]);
      for (int64_t p = 0; p < npe; ++p) {
        bool inside = false;
        for (const auto& [first, last] : periods_[static_cast<size_t>(p)]) {
          inside = inside || (col.start[i] >= first && col.end[i] <= last);
        }
        if (!inside) continue;
        for (int32_t j = placed_.place_begin[unit]; j < placed_.place_begin[unit + 1]; ++j) {
          const int32_t pre = placed_.place_pre[static_cast<size_t>(j)];
          const double w = placed_.place_weight[static_cast<size_t>(j)];
          for (int32_t t = item_begin_[static_cast<size_t>(pre)];
               t < item_begin_[static_cast<size_t>(pre) + 1]; ++t) {
            const int64_t o = item_list_[static_cast<size_t>(t)];
            const int64_t cell = (o * npe + p) * nkept + k;
            switch (type) {
              case AggregationType::kAverageSumOrgUnit: {
                Acc& a = per_unit[{cell, pre}];
                a.swv += w * v;
                a.sw += w;
                break;
              }
              case AggregationType::kLast:
              case AggregationType::kLastAverageOrgUnit: {
                const uint32_t combos = (static_cast<uint32_t>(col.coc[i]) << 16) | col.aoc[i];
                Latest& l = latest[{cell, pre, combos}];
                if (col.start[i] > l.start) {
                  l.start = col.start[i];
                  l.sum = 0;
                }
                if (col.start[i] == l.start) l.sum += w * v;
                break;
              }
              default: {
                Acc& a = acc[static_cast<size_t>(cell)];
                a.any = true;
                a.swv += w * v;
                a.sw += w;
                a.min = std::min(a.min, v);
                a.max = std::max(a.max, v);
              }
            }
          }
        }
      }
    }

    std::vector<std::optional<double>> out(ncells);
    switch (type) {
      case AggregationType::kAverageSumOrgUnit:
        for (const auto& [key, a] : per_unit) {
          auto& cell = out[static_cast<size_t>(key.first)];
          cell = cell.value_or(0) + a.swv / a.sw;
        }
        break;
      case AggregationType::kLast:
        for (const auto& [key, l] : latest) {
          auto& cell = out[static_cast<size_t>(std::get<0>(key))];
          cell = cell.value_or(0) + l.sum;
        }
        break;
      case AggregationType::kLastAverageOrgUnit: {
        std::map<std::pair<int64_t, int32_t>, double> per_unit_last;
        for (const auto& [key, l] : latest) {
          per_unit_last[{std::get<0>(key), std::get<1>(key)}] += l.sum;
        }
        std::vector<int64_t> units(ncells, 0);
        for (const auto& [key, sum] : per_unit_last) {
          auto& cell = out[static_cast<size_t>(key.first)];
          cell = cell.value_or(0) + sum;
          ++units[static_cast<size_t>(key.first)];
        }
        for (size_t c = 0; c < ncells; ++c) {
          if (out[c]) *out[c] /= static_cast<double>(units[c]);
        }
        break;
      }
      default:
        for (size_t c = 0; c < ncells; ++c) {
          const Acc& a = acc[c];
          if (!a.any) continue;
          switch (type) {
            case AggregationType::kSum: out[c] = a.swv; break;
            case AggregationType::kCount: out[c] = a.sw; break;
            case AggregationType::kMin: out[c] = a.min; break;
            case AggregationType::kMax: out[c] = a.max; break;
            default: out[c] = a.swv / a.sw; break;  // AVERAGE
          }
        }
    }
    return out;
  }

 private:
  const Snapshot& snapshot_;
  const PlacedHierarchy& placed_;
  const std::vector<DaySpan>& periods_;
  const std::vector<OuItem>& items_;
  OptionFilter filter_;
  std::vector<int32_t> item_begin_, item_list_;
};

// Indicator values per (ou item, period) cell, with the data element
// aggregates and other indicators they refer to computed once per query.
class IndicatorEvaluator {
 public:
  // `filter_category`: the code of the category every referenced element
  // must have (an option filter), or empty.
  IndicatorEvaluator(const Structure& s, Aggregator& aggregator, size_t ncells,
                     std::string filter_category = "")
      : s_(s),
        aggregator_(aggregator),
        ncells_(ncells),
        filter_category_(std::move(filter_category)) {}

  Result<const std::vector<std::optional<double>>*> Values(size_t indicator) {
    if (auto it = done_.find(indicator); it != done_.end()) return &it->second;
    if (std::find(visiting_.begin(), visiting_.end(), indicator) != visiting_.end()) {
      std::string chain;
      bool in_cycle = false;
      for (size_t i : visiting_) {
        in_cycle = in_cycle || i == indicator;
        if (in_cycle) chain += "'" + Ind(i).code + "' → ";
      }
      return Status::Invalid(
          "indicators refer to each other in a cycle: " + chain + "'" + Ind(indicator).code + "'",
          Field("dx"));
    }
    visiting_.push_back(indicator);
    const Indicator& ind = Ind(indicator);
    GEMIS_ASSIGN_OR_RETURN(auto numerator, Side(ind, ind.numerator, "numerator"));
    GEMIS_ASSIGN_OR_RETURN(auto denominator, Side(ind, ind.denominator, "denominator"));
    visiting_.pop_back();
    std::vector<std::optional<double>> out(numerator.size());
    for (size_t c = 0; c < out.size(); ++c) {
      if (!numerator[c] || !denominator[c] || *denominator[c] == 0) continue;
      out[c] = *numerator[c] / *denominator[c] * static_cast<double>(ind.factor);
    }
    return &(done_[indicator] = std::move(out));
  }

 private:
  const Indicator& Ind(size_t i) const { return s_.metadata.indicators()[i].indicator; }

  // One side's value per cell.
  Result<std::vector<std::optional<double>>> Side(const Indicator& ind, const std::string& text,
                                                  const char* side) {
    Result<Expression> parsed = Expression::Parse(text);
    if (!parsed.ok()) {
      Location where = parsed.status().where();
      where.field = std::string("dx: indicator '") + ind.code + "' " + side;
      return Status::Invalid("indicator '" + ind.code + "' " + side + " '" + text +
                                 "' does not parse: " + parsed.status().message(),
                             where);
    }
    std::vector<const std::vector<std::optional<double>>*> refs;
    for (const ExpressionRef& ref : parsed->references()) {
      auto where = [&](const std::string& what) {
        return Status::NotFound("indicator '" + ind.code + "' " + side + " refers to " + what,
                                Field("dx"));
      };
      if (ref.kind == ExpressionRef::Kind::kIndicator) {
        const StoredIndicator* other = s_.metadata.FindIndicator(ref.id);
        if (other == nullptr) return where("unknown indicator '" + ref.id + "'");
        const size_t index = static_cast<size_t>(other - s_.metadata.indicators().data());
        GEMIS_ASSIGN_OR_RETURN(const auto* values, Values(index));
        refs.push_back(values);
        continue;
      }
      const StoredElement* e = s_.metadata.FindElement(ref.id);
      if (e == nullptr) return where("unknown data element '" + ref.id + "'");
      GEMIS_RETURN_IF_ERROR(CheckAggregatable(*e));
      if (!filter_category_.empty() && !HasCategory(s_.metadata, *e, filter_category_)) {
        return where("data element '" + e->element.code + "', which is not disaggregated by '" +
                     filter_category_ + "' (category combo '" + e->element.category_combo_code +
                     "')");
      }
      int32_t coc = -1, aoc = -1;
      for (auto [text_id, index] : {std::pair{&ref.category_option_combo, &coc},
                                    std::pair{&ref.attribute_option_combo, &aoc}}) {
        if (text_id->empty()) continue;
        const StoredOptionCombo* combo = s_.metadata.FindOptionCombo(*text_id);
        if (combo == nullptr) return where("unknown category option combo '" + *text_id + "'");
        *index = s_.coc_index.at(combo->id);
      }
      const int32_t element = s_.element_index.at(e->id);
      auto key = std::make_tuple(element, coc, aoc);
      auto it = elements_.find(key);
      if (it == elements_.end()) {
        it = elements_.emplace(key, aggregator_.Run(element, coc, aoc, {})).first;
      }
      refs.push_back(&it->second);
    }
    std::vector<std::optional<double>> out(ncells_);
    for (size_t c = 0; c < ncells_; ++c) {
      out[c] = parsed->Evaluate([&](size_t i) { return (*refs[i])[c]; });
    }
    return out;
  }

  const Structure& s_;
  Aggregator& aggregator_;
  std::map<std::tuple<int32_t, int32_t, int32_t>, std::vector<std::optional<double>>> elements_;
  std::map<size_t, std::vector<std::optional<double>>> done_;
  std::vector<size_t> visiting_;
  size_t ncells_;
  std::string filter_category_;
};

std::string UnitName(const OrgUnit& unit, Date d, Lang lang) {
  const OrgUnitVersion* v = unit.VersionAt(d);
  if (v == nullptr) v = &unit.last();
  return lang == Lang::kEn && !v->name_en.empty() ? v->name_en : v->name;
}

std::string DescribeUnit(const OrgUnit& unit) {
  return "org unit '" + unit.last().code + "' (" + unit.uid + ", " + unit.last().name + ")";
}

// The unit's version on `d`, or why it has none.
Result<const OrgUnitVersion*> VersionOn(const OrgUnit& unit, Date d) {
  const OrgUnitVersion* v = unit.VersionAt(d);
  if (v != nullptr) return v;
  if (unit.first().from && d < *unit.first().from) {
    return Status::Invalid(DescribeUnit(unit) + " did not exist yet on " + d.ToString() +
                               ": its first version starts on " + unit.first().from->ToString(),
                           Field("as-of"));
  }
  return Status::Invalid(DescribeUnit(unit) + " no longer exists on " + d.ToString() +
                             ": it ended on " +
                             (unit.last().to ? unit.last().to->ToString() : "?") +
                             " and its values count under its successors",
                         Field("ou"));
}

template <typename T>
std::string NameOf(const T& x, Lang lang) {
  return lang == Lang::kEn && !x.name_en.empty() ? x.name_en : x.name;
}

}  // namespace

std::string FormatValue(double v) {
  if (v == 0 || !std::isfinite(v)) return v == 0 ? "0" : "";
  char buf[64];
  if (std::fabs(v) >= 1e15) {
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
  }
  int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v)))) + 1;
  int decimals = std::clamp(10 - magnitude, 0, 20);
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::vector<std::string> QueryResult::Row(size_t row) const {
  std::vector<std::string> out;
  out.reserve(key_width + 1);
  for (size_t k = 0; k < key_width; ++k) out.push_back(dimensions[k].second[key(row, k)]);
  out.push_back(FormatValue(values[row]));
  return out;
}

std::vector<std::vector<std::string>> QueryResult::Rows() const {
  std::vector<std::vector<std::string>> out;
  out.reserve(size());
  for (size_t r = 0; r < size(); ++r) out.push_back(Row(r));
  return out;
}

Result<QueryResult> Engine::QuerySnapshot(const Snapshot& snapshot, const QueryRequest& r) {
  const Structure& s = *snapshot.structure;
  const Hierarchy& h = s.hierarchy;
  const Metadata& m = s.metadata;
  const Date d = r.as_of;
  if (r.dx.empty()) return Status::Invalid("no data element or indicator given", Field("dx"));
  if (r.ou.empty()) return Status::Invalid("no org unit given", Field("ou"));
  if (r.pe.empty()) return Status::Invalid("no period given", Field("pe"));

  // dx: data elements and indicators.
  struct Dx {
    bool indicator = false;
    size_t index = 0;
  };
  std::vector<Dx> dx;
  bool any_indicator = false;
  for (const std::string& id : r.dx) {
    if (const StoredElement* e = m.FindElement(id)) {
      GEMIS_RETURN_IF_ERROR(CheckAggregatable(*e));
      dx.push_back({false, static_cast<size_t>(e - m.elements().data())});
    } else if (const StoredIndicator* ind = m.FindIndicator(id)) {
      dx.push_back({true, static_cast<size_t>(ind - m.indicators().data())});
      any_indicator = true;
    } else {
      return Status::NotFound("no data element or indicator has uid or code '" + id + "'",
                              Field("dx"));
    }
  }

  // keep: categories of the elements' combos (or of an attribute combo).
  std::vector<const Structure::CategoryInfo*> kept;
  if (!r.keep.empty() && any_indicator) {
    return Status::Invalid(
        "categories cannot be kept for an indicator (its value is a ratio "
        "of totals); ask for its data elements instead",
        Field("keep"));
  }
  for (const std::string& code : r.keep) {
    auto it = s.categories.find(code);
    if (it == s.categories.end()) {  // "sex" for SEX
      it = std::find_if(s.categories.begin(), s.categories.end(), [&](const auto& entry) {
        return std::equal(entry.first.begin(), entry.first.end(), code.begin(), code.end(),
                          [](char a, char b) {
                            return std::toupper(static_cast<unsigned char>(a)) ==
                                   std::toupper(static_cast<unsigned char>(b));
                          });
      });
    }
    if (it == s.categories.end()) {
      return Status::NotFound("no category has code '" + code + "'", Field("keep"));
    }
    for (const auto* other : kept) {
      if (other == &it->second) {
        return Status::Invalid("category '" + it->first + "' is kept twice", Field("keep"));
      }
    }
    for (const Dx& item : dx) {
      const StoredElement& e = m.elements()[item.index];
      if (!HasCategory(m, e, it->first)) {
        return Status::NotFound("category '" + it->first + "' is not a disaggregation of " +
                                    Describe(e) + " (category combo '" +
                                    e.element.category_combo_code + "')",
                                Field("keep"));
      }
    }
    kept.push_back(&it->second);
  }

  // ou: units and tiers under them, on the hierarchy of `d`.
  std::shared_ptr<const PlacedHierarchy> placed = s.PlacedAt(d);
  std::vector<OuItem> items;
  for (const OrgUnitSelector& sel : r.ou) {
    const OrgUnit* unit = h.Find(sel.unit);
    if (unit == nullptr) {
      return Status::NotFound("no org unit has id " + std::to_string(sel.unit), Field("ou"));
    }
    const std::string name = DescribeUnit(*unit);
    GEMIS_ASSIGN_OR_RETURN(const OrgUnitVersion* v, VersionOn(*unit, d));
    const int32_t index = s.unit_index.at(unit->id);
    const int32_t pre = placed->pre[static_cast<size_t>(index)];
    if (!sel.level) {
      items.push_back({index, pre});
      continue;
    }
    if (static_cast<int>(*sel.level) < static_cast<int>(v->level)) {
      return Status::Invalid(std::string("level ") + std::to_string(static_cast<int>(*sel.level)) +
                                 " (" + LevelName(*sel.level) + ") is above " + name +
                                 ", which is of level " +
                                 std::to_string(static_cast<int>(v->level)),
                             Field("ou"));
    }
    for (int32_t p = pre; p < placed->end[static_cast<size_t>(index)]; ++p) {
      const int32_t u = placed->unit_at[static_cast<size_t>(p)];
      if (h.units()[static_cast<size_t>(u)].VersionAt(d)->level == *sel.level) {
        items.push_back({u, p});
      }
    }
  }

  int64_t nkept = 1;
  for (const auto* info : kept) nkept *= static_cast<int64_t>(info->category->options.size());
  const int64_t npe = static_cast<int64_t>(r.pe.size());
  if (static_cast<int64_t>(items.size()) * npe * nkept > kMaxCells) {
    return Status::Invalid("the query asks for more than " + std::to_string(kMaxCells) +
                           " cells; ask for fewer units, periods or kept categories");
  }

  const std::vector<DaySpan> spans = SpansOf(r.pe);
  Aggregator aggregator(snapshot, *placed, spans, items);
  IndicatorEvaluator indicators(s, aggregator, items.size() * r.pe.size());
  QueryResult out;
  out.key_width = 3 + kept.size();
  const bool en = r.lang == Lang::kEn;
  out.headers.push_back({"dx", en ? "Data" : "Dữ liệu", "TEXT"});
  out.headers.push_back({"ou", en ? "Organisation unit" : "Đơn vị", "TEXT"});
  out.headers.push_back({"pe", en ? "Period" : "Kỳ", "TEXT"});
  for (const auto* info : kept) {
    out.headers.push_back({info->category->code, NameOf(*info->category, r.lang), "TEXT"});
  }
  out.headers.push_back({"value", en ? "Value" : "Giá trị", "NUMBER"});

  for (const Dx& item : dx) {
    std::vector<std::optional<double>> values;
    std::string uid;
    if (item.indicator) {
      GEMIS_ASSIGN_OR_RETURN(const auto* computed, indicators.Values(item.index));
      values = *computed;
      uid = m.indicators()[item.index].indicator.uid;
    } else {
      values = aggregator.Run(static_cast<int32_t>(item.index), -1, -1, kept);
      uid = m.elements()[item.index].element.uid;
    }
    const int64_t nk = item.indicator ? 1 : nkept;
    for (size_t o = 0; o < items.size(); ++o) {
      for (int64_t p = 0; p < npe; ++p) {
        for (int64_t k = 0; k < nk; ++k) {
          const auto& v = values[static_cast<size_t>((static_cast<int64_t>(o) * npe + p) * nk + k)];
          if (!v) continue;
          out.keys.push_back(static_cast<uint32_t>(&item - dx.data()));
          out.keys.push_back(static_cast<uint32_t>(o));
          out.keys.push_back(static_cast<uint32_t>(p));
          // Mixed radix, the last kept category varying fastest.
          const size_t first = out.keys.size();
          out.keys.resize(first + kept.size());
          int64_t rest = k;
          for (size_t c = kept.size(); c-- > 0;) {
            const auto n = static_cast<int64_t>(kept[c]->category->options.size());
            out.keys[first + c] = static_cast<uint32_t>(rest % n);
            rest /= n;
          }
          out.values.push_back(*v);
        }
      }
    }
  }

  // metaData: items and dimensions, in request order.
  std::set<std::string> seen;
  auto add_item = [&](const std::string& uid, const std::string& name) {
    if (seen.insert(uid).second) out.items.emplace_back(uid, name);
  };
  std::vector<std::string> dx_uids, ou_uids, pe_ids;
  for (const Dx& item : dx) {
    if (item.indicator) {
      const Indicator& ind = m.indicators()[item.index].indicator;
      add_item(ind.uid, NameOf(ind, r.lang));
      dx_uids.push_back(ind.uid);
    } else {
      const DataElement& e = m.elements()[item.index].element;
      add_item(e.uid, NameOf(e, r.lang));
      dx_uids.push_back(e.uid);
    }
  }
  for (const OuItem& item : items) {
    const OrgUnit& unit = h.units()[static_cast<size_t>(item.unit)];
    add_item(unit.uid, UnitName(unit, d, r.lang));
    ou_uids.push_back(unit.uid);
  }
  for (const Period& p : r.pe) {
    add_item(p.ToString(), p.ToString());
    pe_ids.push_back(p.ToString());
  }
  out.dimensions.emplace_back("dx", dx_uids);
  out.dimensions.emplace_back("ou", ou_uids);
  out.dimensions.emplace_back("pe", pe_ids);
  for (const auto* info : kept) {
    add_item(info->category->uid, NameOf(*info->category, r.lang));
    std::vector<std::string> option_uids;
    for (const CategoryOption& o : info->category->options) {
      add_item(o.uid, NameOf(o, r.lang));
      option_uids.push_back(o.uid);
    }
    out.dimensions.emplace_back(info->category->code, option_uids);
  }
  return out;
}

Result<std::optional<double>> Engine::AggregateSnapshot(const Snapshot& snapshot,
                                                        const AggregateRequest& r) {
  const Structure& s = *snapshot.structure;
  const Metadata& m = s.metadata;
  if (r.days.empty()) return Status::Invalid("no days given", Field("pe"));
  const OrgUnit* unit = s.hierarchy.Find(r.unit);
  if (unit == nullptr) {
    return Status::NotFound("no org unit has id " + std::to_string(r.unit), Field("ou"));
  }
  GEMIS_RETURN_IF_ERROR(VersionOn(*unit, r.as_of).status());

  OptionFilter filter;
  if (!r.category.empty()) {
    auto it = s.categories.find(r.category);
    if (it == s.categories.end()) {
      return Status::NotFound("no category has code '" + r.category + "'", Field("keep"));
    }
    const auto& options = it->second.category->options;
    for (size_t o = 0; o < options.size(); ++o) {
      if (options[o].code == r.option) filter = {&it->second, static_cast<int16_t>(o)};
    }
    if (filter.info == nullptr) {
      return Status::NotFound(
          "category '" + r.category + "' has no option with code '" + r.option + "'",
          Field("keep"));
    }
  }

  std::shared_ptr<const PlacedHierarchy> placed = s.PlacedAt(r.as_of);
  const int32_t index = s.unit_index.at(unit->id);
  const std::vector<OuItem> items = {{index, placed->pre[static_cast<size_t>(index)]}};
  DaySpan span;
  for (const DateRange& range : r.days.ranges()) {
    span.emplace_back(range.first.days(), range.last.days());
  }
  const std::vector<DaySpan> spans = {span};
  Aggregator aggregator(snapshot, *placed, spans, items, filter);

  if (const StoredElement* e = m.FindElement(r.dx)) {
    GEMIS_RETURN_IF_ERROR(CheckAggregatable(*e));
    if (filter.info != nullptr && !HasCategory(m, *e, r.category)) {
      return Status::NotFound("category '" + r.category + "' is not a disaggregation of " +
                                  Describe(*e) + " (category combo '" +
                                  e->element.category_combo_code + "')",
                              Field("keep"));
    }
    return aggregator.Run(s.element_index.at(e->id), -1, -1, {})[0];
  }
  if (const StoredIndicator* ind = m.FindIndicator(r.dx)) {
    IndicatorEvaluator indicators(s, aggregator, 1, r.category);
    GEMIS_ASSIGN_OR_RETURN(const auto* values,
                           indicators.Values(static_cast<size_t>(ind - m.indicators().data())));
    return (*values)[0];
  }
  return Status::NotFound("no data element or indicator has uid or code '" + r.dx + "'",
                          Field("dx"));
}

}  // namespace gemis::analytics
