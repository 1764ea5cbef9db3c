#include "analytics/snapshot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "core/value_type.h"

namespace gemis::analytics {

namespace {

// The number of as-of dates whose hierarchy is kept.
constexpr size_t kPlacedCacheSize = 16;

auto KeyOf(const Row& r) { return std::tie(r.unit, r.period, r.coc, r.aoc); }

}  // namespace

bool KeyLess(const Row& a, const Row& b) { return KeyOf(a) < KeyOf(b); }
bool KeyEqual(const Row& a, const Row& b) { return KeyOf(a) == KeyOf(b); }

int64_t Column::bytes() const {
  return static_cast<int64_t>(unit.capacity() * sizeof(int32_t) * 4 +
                              coc.capacity() * sizeof(uint16_t) * 2 +
                              value.capacity() * sizeof(double));
}

std::shared_ptr<const Column> Column::FromRows(const std::vector<Row>& rows) {
  auto c = std::make_shared<Column>();
  const size_t n = rows.size();
  c->unit.reserve(n);
  c->period.reserve(n);
  c->start.reserve(n);
  c->end.reserve(n);
  c->coc.reserve(n);
  c->aoc.reserve(n);
  c->value.reserve(n);
  for (const Row& r : rows) {
    c->unit.push_back(r.unit);
    c->period.push_back(r.period);
    c->start.push_back(r.start);
    c->end.push_back(r.end);
    c->coc.push_back(r.coc);
    c->aoc.push_back(r.aoc);
    c->value.push_back(r.value);
  }
  return c;
}

int64_t Snapshot::value_count() const {
  int64_t n = 0;
  for (const auto& c : columns) n += static_cast<int64_t>(c->size());
  return n;
}

int64_t Snapshot::memory_bytes() const {
  int64_t n = 0;
  for (const auto& c : columns) n += c->bytes();
  return n;
}

Result<std::shared_ptr<const Structure>> Structure::Make(Hierarchy hierarchy, Metadata metadata,
                                                         int64_t generation) {
  auto s = std::make_shared<Structure>();
  s->hierarchy = std::move(hierarchy);
  s->metadata = std::move(metadata);
  s->generation = generation;
  const auto& units = s->hierarchy.units();
  for (size_t i = 0; i < units.size(); ++i) {
    s->unit_index.emplace(units[i].id, static_cast<int32_t>(i));
  }
  const auto& cocs = s->metadata.option_combos();
  if (cocs.size() > std::numeric_limits<uint16_t>::max()) {
    return Status::Invalid(
        "the analytics engine holds at most 65535 category option combos; "
        "the database has " +
        std::to_string(cocs.size()));
  }
  for (size_t i = 0; i < cocs.size(); ++i) {
    s->coc_ids.push_back(cocs[i].id);
    s->coc_index.emplace(cocs[i].id, static_cast<uint16_t>(i));
  }
  const auto& elements = s->metadata.elements();
  for (size_t i = 0; i < elements.size(); ++i) {
    s->element_index.emplace(elements[i].id, static_cast<int32_t>(i));
  }
  for (const StoredCombo& combo : s->metadata.combos()) {
    for (const Category& category : combo.combo.categories) {
      CategoryInfo& info = s->categories[category.code];
      if (info.category == nullptr) {
        info.category = &category;
        info.option_of_coc.assign(cocs.size(), -1);
      }
    }
  }
  for (size_t i = 0; i < cocs.size(); ++i) {
    const StoredCombo* combo = s->metadata.Combo(cocs[i].combo_id);
    if (combo == nullptr) continue;
    const auto& codes = cocs[i].option_combo.option_codes;
    for (size_t k = 0; k < combo->combo.categories.size() && k < codes.size(); ++k) {
      const Category& category = combo->combo.categories[k];
      CategoryInfo& info = s->categories[category.code];
      const Category& canonical = *info.category;
      for (size_t o = 0; o < canonical.options.size(); ++o) {
        if (canonical.options[o].code == codes[k]) {
          info.option_of_coc[i] = static_cast<int16_t>(o);
          break;
        }
      }
    }
  }
  return std::shared_ptr<const Structure>(std::move(s));
}

std::shared_ptr<const PlacedHierarchy> Structure::PlacedAt(Date d) const {
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(d.days());
    if (it != cache_.end()) return it->second;
  }
  auto p = std::make_shared<PlacedHierarchy>();
  p->date = d;
  const auto& units = hierarchy.units();
  const size_t n = units.size();
  p->pre.assign(n, -1);
  p->end.assign(n, -1);
  std::vector<std::vector<int32_t>> children(n);
  std::vector<int32_t> roots;
  for (size_t i = 0; i < n; ++i) {
    if (units[i].VersionAt(d) == nullptr) continue;
    std::optional<OrgUnitId> parent = hierarchy.ParentAt(units[i].id, d);
    auto it = parent ? unit_index.find(*parent) : unit_index.end();
    if (it == unit_index.end() || units[static_cast<size_t>(it->second)].VersionAt(d) == nullptr) {
      roots.push_back(static_cast<int32_t>(i));
    } else {
      children[static_cast<size_t>(it->second)].push_back(static_cast<int32_t>(i));
    }
  }
  auto by_code = [&](int32_t a, int32_t b) {
    const OrgUnitVersion* va = units[static_cast<size_t>(a)].VersionAt(d);
    const OrgUnitVersion* vb = units[static_cast<size_t>(b)].VersionAt(d);
    return std::tie(va->code, va->name, units[static_cast<size_t>(a)].id) <
           std::tie(vb->code, vb->name, units[static_cast<size_t>(b)].id);
  };
  std::sort(roots.begin(), roots.end(), by_code);
  for (auto& list : children) std::sort(list.begin(), list.end(), by_code);
  // Iterative preorder: (unit, next child position).
  std::vector<std::pair<int32_t, size_t>> stack;
  for (int32_t root : roots) {
    stack.emplace_back(root, 0);
    p->pre[static_cast<size_t>(root)] = static_cast<int32_t>(p->unit_at.size());
    p->unit_at.push_back(root);
    while (!stack.empty()) {
      auto& [u, next] = stack.back();
      const auto& kids = children[static_cast<size_t>(u)];
      if (next < kids.size()) {
        int32_t child = kids[next++];
        p->pre[static_cast<size_t>(child)] = static_cast<int32_t>(p->unit_at.size());
        p->unit_at.push_back(child);
        stack.emplace_back(child, 0);
      } else {
        p->end[static_cast<size_t>(u)] = static_cast<int32_t>(p->unit_at.size());
        stack.pop_back();
      }
    }
  }
  p->place_begin.reserve(n + 1);
  p->place_begin.push_back(0);
  for (size_t i = 0; i < n; ++i) {
    for (const Placement& placement : hierarchy.PlaceAt(units[i].id, d)) {
      auto it = unit_index.find(placement.unit);
      if (it == unit_index.end()) continue;
      int32_t pre = p->pre[static_cast<size_t>(it->second)];
      if (pre < 0) continue;  // PlaceAt only returns units valid on d
      p->place_pre.push_back(pre);
      p->place_weight.push_back(placement.weight);
    }
    p->place_begin.push_back(static_cast<int32_t>(p->place_pre.size()));
  }
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kPlacedCacheSize) cache_.erase(cache_.begin());
  cache_[d.days()] = p;
  return p;
}

namespace {

struct Converter {
  const Structure& s;
  const std::unordered_map<PeriodId, Period>& periods;

  // false when something in `key` is unknown to the structure.
  bool ToRow(const DataValueKey& key, Row& row, int32_t& element) const {
    auto e = s.element_index.find(key.data_element);
    auto u = s.unit_index.find(key.org_unit);
    auto p = periods.find(key.period);
    auto c = s.coc_index.find(key.category_option_combo);
    auto a = s.coc_index.find(key.attribute_option_combo);
    if (e == s.element_index.end() || u == s.unit_index.end() || p == periods.end() ||
        c == s.coc_index.end() || a == s.coc_index.end() ||
        key.period > std::numeric_limits<int32_t>::max()) {
      return false;
    }
    element = e->second;
    row.unit = u->second;
    row.period = static_cast<int32_t>(key.period);
    row.start = p->second.start().days();
    row.end = p->second.end().days();
    row.coc = c->second;
    row.aoc = a->second;
    return true;
  }
};

Result<std::shared_ptr<const std::unordered_map<PeriodId, Period>>> LoadPeriodMap(
    store::ReadTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(auto list, txn.LoadPeriods());
  auto map = std::make_shared<std::unordered_map<PeriodId, Period>>();
  for (const auto& [id, period] : list) map->emplace(id, period);
  return std::shared_ptr<const std::unordered_map<PeriodId, Period>>(std::move(map));
}

}  // namespace

Result<std::shared_ptr<const Snapshot>> LoadSnapshot(store::ReadTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(int64_t generation, txn.StructureGeneration());
  GEMIS_ASSIGN_OR_RETURN(int64_t last_id, txn.LastDataValueChangeId());
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
  GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
  GEMIS_ASSIGN_OR_RETURN(auto structure,
                         Structure::Make(std::move(hierarchy), std::move(metadata), generation));
  GEMIS_ASSIGN_OR_RETURN(auto periods, LoadPeriodMap(txn));
  const auto& elements = structure->metadata.elements();
  std::vector<std::vector<Row>> rows(elements.size());
  Converter convert{*structure, *periods};
  GEMIS_RETURN_IF_ERROR(txn.ScanDataValues({}, [&](const DataValue& v) -> Status {
    Row row;
    int32_t element = 0;
    if (!convert.ToRow(v.key, row, element)) {
      return Status::Corruption("data value of element " + std::to_string(v.key.data_element) +
                                ", unit " + std::to_string(v.key.org_unit) + ", period " +
                                std::to_string(v.key.period) +
                                " names something the store did not load");
    }
    std::optional<double> number =
        NumericValue(elements[static_cast<size_t>(element)].element.value_type, v.value);
    if (!number) return Status::Ok();  // text and dates are not aggregated
    row.value = *number;
    rows[static_cast<size_t>(element)].push_back(row);
    return Status::Ok();
  }));
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->structure = structure;
  snapshot->periods = periods;
  snapshot->last_change_id = last_id;
  for (auto& list : rows) {
    std::sort(list.begin(), list.end(), KeyLess);
    snapshot->columns.push_back(Column::FromRows(list));
  }
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<std::shared_ptr<const Snapshot>> ApplyChanges(const Snapshot& base,
                                                     store::ReadTransaction& txn) {
  std::vector<store::DataValueChange> changes;
  GEMIS_RETURN_IF_ERROR(
      txn.ScanDataValueChanges(base.last_change_id, [&](const store::DataValueChange& c) {
        changes.push_back(c);
        return Status::Ok();
      }));
  auto next = std::make_shared<Snapshot>(base);
  if (changes.empty()) return std::shared_ptr<const Snapshot>(std::move(next));
  next->last_change_id = changes.back().id;
  for (const auto& c : changes) {
    if (!base.periods->count(c.key.period)) {
      GEMIS_ASSIGN_OR_RETURN(next->periods, LoadPeriodMap(txn));
      break;
    }
  }
  const Structure& s = *base.structure;
  Converter convert{s, *next->periods};
  // Per changed element: its changes as rows, in commit order; NaN = delete.
  std::map<int32_t, std::vector<Row>> by_element;
  for (const auto& c : changes) {
    Row row;
    int32_t element = 0;
    if (!convert.ToRow(c.key, row, element)) return std::shared_ptr<const Snapshot>();
    row.value = std::numeric_limits<double>::quiet_NaN();
    if (c.change != store::DataValueChangeKind::kDelete && c.new_value) {
      std::optional<double> number = NumericValue(
          s.metadata.elements()[static_cast<size_t>(element)].element.value_type, *c.new_value);
      if (number) row.value = *number;
    }
    by_element[element].push_back(row);
  }
  for (auto& [element, updates] : by_element) {
    // The last change of each key wins.
    std::stable_sort(updates.begin(), updates.end(), KeyLess);
    std::vector<Row> last;
    for (size_t i = 0; i < updates.size(); ++i) {
      if (i + 1 < updates.size() && KeyEqual(updates[i], updates[i + 1])) continue;
      last.push_back(updates[i]);
    }
    const Column& old = *base.columns[static_cast<size_t>(element)];
    std::vector<Row> merged;
    merged.reserve(old.size() + last.size());
    size_t i = 0, j = 0;
    while (i < old.size() || j < last.size()) {
      if (j == last.size() || (i < old.size() && KeyLess(old.At(i), last[j]))) {
        merged.push_back(old.At(i++));
        continue;
      }
      if (i < old.size() && KeyEqual(old.At(i), last[j])) ++i;  // replaced or deleted
      if (!std::isnan(last[j].value)) merged.push_back(last[j]);
      ++j;
    }
    next->columns[static_cast<size_t>(element)] = Column::FromRows(merged);
  }
  return std::shared_ptr<const Snapshot>(std::move(next));
}

}  // namespace gemis::analytics
