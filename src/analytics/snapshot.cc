#include "analytics/snapshot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "analytics/reporting_rates.h"
#include "core/value_type.h"

namespace gemis::analytics {

namespace {

// The number of as-of dates whose hierarchy is kept.
constexpr size_t kPlacedCacheSize = 16;

// Group sums are kept when a group holds at least this many rows on average
// (8 bytes per group must save reading that many rows).
constexpr size_t kGroupSumMinRows = 3;

// The largest power of ten a column's values are scaled by to become int32.
constexpr int kMaxScale = 4;

constexpr double kPow10[] = {1, 10, 100, 1000, 10000};

template <typename T>
int64_t CapacityBytes(const std::vector<T>& v) {
  return static_cast<int64_t>(v.capacity() * sizeof(T));
}

// The smallest scale s <= kMaxScale at which every value is an int32 (not
// INT32_MIN), or -1.
int IntegerScale(const std::vector<Row>& rows) {
  for (int scale = 0; scale <= kMaxScale; ++scale) {
    bool fits = true;
    for (const Row& r : rows) {
      const double scaled = r.value * kPow10[scale];
      if (!(scaled > std::numeric_limits<int32_t>::min() &&
            scaled <= std::numeric_limits<int32_t>::max())) {
        return -1;  // too large for any scale (or NaN)
      }
      const double rounded = std::nearbyint(scaled);
      if (rounded / kPow10[scale] != r.value) {
        fits = false;
        break;
      }
    }
    if (fits) return scale;
  }
  return -1;
}

}  // namespace

Result<uint16_t> PeriodTable::Add(PeriodId period, const Period& p) {
  auto it = index.find(period);
  if (it != index.end()) return it->second;
  if (id.size() >= std::numeric_limits<uint16_t>::max()) {
    return Status::Invalid("the analytics engine holds values of at most 65535 periods");
  }
  const auto i = static_cast<uint16_t>(id.size());
  id.push_back(period);
  start.push_back(p.start().days());
  end.push_back(p.end().days());
  year.push_back(p.start().year());
  index.emplace(period, i);
  return i;
}

double ColumnData::Value(size_t r) const {
  if (!dvalue.empty()) return dvalue[r];
  return scale == 0 ? ivalue[r] : ivalue[r] / kPow10[scale];
}

int64_t ColumnData::bytes() const {
  return CapacityBytes(year_begin) + CapacityBytes(run_unit) + CapacityBytes(run_group) +
         CapacityBytes(run_row) + CapacityBytes(group_period) + CapacityBytes(group_size) +
         CapacityBytes(group_sum) + CapacityBytes(combos) + CapacityBytes(combo8) +
         CapacityBytes(combo16) + CapacityBytes(ivalue) + CapacityBytes(dvalue);
}

int64_t ColumnData::Find(const PeriodTable& periods, int32_t unit, uint16_t period,
                         Combo combo) const {
  const int year = periods.year[period];
  if (year_begin.empty() || year < first_year || year > last_year()) return -1;
  const auto y = static_cast<size_t>(year - first_year);
  auto first = run_unit.begin() + year_begin[y];
  auto last = run_unit.begin() + year_begin[y + 1];
  auto it = std::lower_bound(first, last, unit);
  if (it == last || *it != unit) return -1;
  const auto run = static_cast<size_t>(it - run_unit.begin());
  size_t row = run_row[run];
  for (uint32_t g = run_group[run]; g < run_group[run + 1]; ++g) {
    const size_t n = group_size[g];
    if (group_period[g] == period) {
      for (size_t r = row; r < row + n; ++r) {
        if (combos[ComboAt(r)] == combo) return static_cast<int64_t>(r);
      }
    }
    row += n;
  }
  return -1;
}

void ColumnData::AppendRows(std::vector<Row>& out) const {
  for (size_t run = 0; run < runs(); ++run) {
    size_t row = run_row[run];
    for (uint32_t g = run_group[run]; g < run_group[run + 1]; ++g) {
      for (size_t i = 0; i < group_size[g]; ++i, ++row) {
        out.push_back({run_unit[run], group_period[g], combos[ComboAt(row)], Value(row)});
      }
    }
  }
}

Result<std::shared_ptr<const ColumnData>> ColumnData::Make(std::vector<Row> rows,
                                                           const PeriodTable& periods) {
  auto c = std::make_shared<ColumnData>();
  auto key = [&](const Row& r) {
    return std::make_tuple(periods.year[r.period], r.unit, periods.start[r.period],
                           periods.end[r.period], r.period, r.combo);
  };
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return key(a) < key(b); });
  const size_t n = rows.size();

  // The combo dictionary, in combo order.
  for (const Row& r : rows) c->combos.push_back(r.combo);
  std::sort(c->combos.begin(), c->combos.end());
  c->combos.erase(std::unique(c->combos.begin(), c->combos.end()), c->combos.end());
  const bool narrow = c->combos.size() <= 256;
  (narrow ? static_cast<void>(c->combo8.reserve(n)) : c->combo16.reserve(n));
  const int scale = IntegerScale(rows);
  if (scale >= 0) {
    c->scale = scale;
    c->ivalue.reserve(n);
  } else {
    c->dvalue.reserve(n);
  }
  std::vector<double> sums;
  if (!rows.empty()) {
    c->first_year = periods.year[rows.front().period];
    c->year_begin.assign(static_cast<size_t>(periods.year[rows.back().period] - c->first_year) + 2,
                         0);
  }
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    const int year = periods.year[r.period];
    const bool new_run = i == 0 || year != periods.year[rows[i - 1].period] ||
                         r.unit != rows[i - 1].unit;
    if (new_run) {
      c->run_unit.push_back(r.unit);
      c->run_group.push_back(static_cast<uint32_t>(c->group_period.size()));
      c->run_row.push_back(static_cast<uint32_t>(i));
      // Runs of later years start after this one.
      for (size_t y = static_cast<size_t>(year - c->first_year) + 1; y < c->year_begin.size(); ++y) {
        c->year_begin[y] = static_cast<uint32_t>(c->run_unit.size());
      }
    }
    if (new_run || r.period != rows[i - 1].period ||
        c->group_size.back() == std::numeric_limits<uint16_t>::max()) {
      c->group_period.push_back(r.period);
      c->group_size.push_back(0);
      sums.push_back(0);
    }
    ++c->group_size.back();
    sums.back() += r.value;
    const auto combo = static_cast<uint16_t>(
        std::lower_bound(c->combos.begin(), c->combos.end(), r.combo) - c->combos.begin());
    if (narrow) {
      c->combo8.push_back(static_cast<uint8_t>(combo));
    } else {
      c->combo16.push_back(combo);
    }
    if (scale >= 0) {
      c->ivalue.push_back(static_cast<int32_t>(std::nearbyint(r.value * kPow10[scale])));
    } else {
      c->dvalue.push_back(r.value);
    }
  }
  c->run_group.push_back(static_cast<uint32_t>(c->group_period.size()));
  c->run_row.push_back(static_cast<uint32_t>(n));
  if (!c->group_period.empty() && n >= kGroupSumMinRows * c->group_period.size()) {
    c->group_sum = std::move(sums);
  }
  // Grown by push_back: give back the slack (it is counted in bytes()).
  c->run_unit.shrink_to_fit();
  c->year_begin.shrink_to_fit();
  c->run_group.shrink_to_fit();
  c->run_row.shrink_to_fit();
  c->group_period.shrink_to_fit();
  c->group_size.shrink_to_fit();
  c->group_sum.shrink_to_fit();
  c->combos.shrink_to_fit();
  // A key may appear once only.
  for (size_t i = 1; i < n; ++i) {
    if (rows[i].unit == rows[i - 1].unit && rows[i].period == rows[i - 1].period &&
        rows[i].combo == rows[i - 1].combo) {
      return Status::Internal("two values with the same key in one column");
    }
  }
  return std::shared_ptr<const ColumnData>(std::move(c));
}

int64_t Delta::bytes() const { return CapacityBytes(rows) + CapacityBytes(dead); }

int64_t Column::size() const {
  auto n = static_cast<int64_t>(data->rows());
  if (delta) {
    n -= static_cast<int64_t>(delta->dead.size());
    for (const DeltaRow& d : delta->rows) n += std::isnan(d.row.value) ? 0 : 1;
  }
  return n;
}

int64_t Column::bytes() const { return data->bytes() + (delta ? delta->bytes() : 0); }

int64_t Snapshot::value_count() const {
  int64_t n = 0;
  for (const auto& c : columns) n += c.size();
  return n;
}

int64_t Snapshot::memory_bytes() const {
  int64_t n = 0;
  for (const auto& c : columns) n += c.bytes();
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
  const size_t npre = p->unit_at.size();
  p->tier_at.reserve(npre);
  for (int32_t u : p->unit_at) {
    p->tier_at.push_back(static_cast<int8_t>(units[static_cast<size_t>(u)].VersionAt(d)->level));
  }
  // The reverse, by counting sort on the preorder number.
  p->placed_begin.assign(npre + 1, 0);
  for (int32_t pre : p->place_pre) ++p->placed_begin[static_cast<size_t>(pre) + 1];
  for (size_t i = 0; i < npre; ++i) p->placed_begin[i + 1] += p->placed_begin[i];
  p->placed_unit.resize(p->place_pre.size());
  p->placed_weight.resize(p->place_pre.size());
  std::vector<int32_t> fill(p->placed_begin.begin(), p->placed_begin.end() - 1);
  for (size_t u = 0; u < n; ++u) {
    for (int32_t j = p->place_begin[u]; j < p->place_begin[u + 1]; ++j) {
      const auto slot = static_cast<size_t>(fill[static_cast<size_t>(p->place_pre[static_cast<size_t>(j)])]++);
      p->placed_unit[slot] = static_cast<int32_t>(u);
      p->placed_weight[slot] = p->place_weight[static_cast<size_t>(j)];
    }
  }
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kPlacedCacheSize) cache_.erase(cache_.begin());
  cache_[d.days()] = p;
  return p;
}

namespace {

// Resolves the store's keys to the engine's indexes.
struct Converter {
  const Structure& s;
  const std::unordered_map<PeriodId, Period>& store_periods;
  PeriodTable& periods;

  // false when something in `key` is unknown to the structure.
  Result<bool> ToRow(const DataValueKey& key, Row& row, int32_t& element) const {
    auto e = s.element_index.find(key.data_element);
    auto u = s.unit_index.find(key.org_unit);
    auto c = s.coc_index.find(key.category_option_combo);
    auto a = s.coc_index.find(key.attribute_option_combo);
    if (e == s.element_index.end() || u == s.unit_index.end() || c == s.coc_index.end() ||
        a == s.coc_index.end()) {
      return false;
    }
    if (auto known = periods.index.find(key.period); known != periods.index.end()) {
      row.period = known->second;
    } else {
      auto p = store_periods.find(key.period);
      if (p == store_periods.end()) return false;
      GEMIS_ASSIGN_OR_RETURN(row.period, periods.Add(key.period, p->second));
    }
    element = e->second;
    row.unit = u->second;
    row.combo = {c->second, a->second};
    return true;
  }
};

Result<std::unordered_map<PeriodId, Period>> LoadPeriodMap(store::ReadTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(auto list, txn.LoadPeriods());
  std::unordered_map<PeriodId, Period> map;
  for (const auto& [id, period] : list) map.emplace(id, period);
  return map;
}

bool RowKeyLess(const Row& a, const Row& b) {
  return std::tie(a.unit, a.period, a.combo) < std::tie(b.unit, b.period, b.combo);
}
bool RowKeyEqual(const Row& a, const Row& b) {
  return a.unit == b.unit && a.period == b.period && a.combo == b.combo;
}

// A delta is folded into new column data once it holds more than this many
// rows, or more than 1/kDeltaFraction of the data's rows: a query pays for
// every delta row, a rebuild for every row of the element.
constexpr size_t kDeltaMinRows = 4096;
constexpr size_t kDeltaFraction = 16;

}  // namespace

Result<Column> ApplyToColumn(const Column& old, const std::vector<Row>& changes,
                             const PeriodTable& periods) {
  const ColumnData& data = *old.data;
  // Merge the old delta with the changes: a change of a key in the delta
  // replaces its value and keeps what it superseded.
  std::vector<DeltaRow> merged;
  const std::vector<DeltaRow> none;
  const auto& previous = old.delta ? old.delta->rows : none;
  merged.reserve(previous.size() + changes.size());
  size_t i = 0, j = 0;
  while (i < previous.size() || j < changes.size()) {
    if (j == changes.size() ||
        (i < previous.size() && RowKeyLess(previous[i].row, changes[j]))) {
      merged.push_back(previous[i++]);
      continue;
    }
    DeltaRow d;
    if (i < previous.size() && RowKeyEqual(previous[i].row, changes[j])) {
      d = previous[i++];
      d.row.value = changes[j].value;
    } else {
      d.row = changes[j];
      d.base_row = data.Find(periods, d.row.unit, d.row.period, d.row.combo);
      if (d.base_row >= 0) d.old_value = data.Value(static_cast<size_t>(d.base_row));
    }
    ++j;
    // Deleting a value the data never had leaves nothing to remember.
    if (d.base_row < 0 && std::isnan(d.row.value)) continue;
    merged.push_back(d);
  }

  Column next;
  if (merged.size() > std::max(kDeltaMinRows, data.rows() / kDeltaFraction)) {
    std::vector<Row> rows;
    rows.reserve(data.rows() + merged.size());
    data.AppendRows(rows);
    std::vector<bool> dead(data.rows(), false);
    for (const DeltaRow& d : merged) {
      if (d.base_row >= 0) dead[static_cast<size_t>(d.base_row)] = true;
    }
    // AppendRows writes rows in row order, so row r is rows[r].
    size_t kept = 0;
    for (size_t r = 0; r < data.rows(); ++r) {
      if (!dead[r]) rows[kept++] = rows[r];
    }
    rows.resize(kept);
    for (const DeltaRow& d : merged) {
      if (!std::isnan(d.row.value)) rows.push_back(d.row);
    }
    GEMIS_ASSIGN_OR_RETURN(next.data, ColumnData::Make(std::move(rows), periods));
    return next;
  }
  next.data = old.data;
  if (!merged.empty()) {
    auto delta = std::make_shared<Delta>();
    delta->rows = std::move(merged);
    for (const DeltaRow& d : delta->rows) {
      if (d.base_row >= 0) delta->dead.push_back(static_cast<uint32_t>(d.base_row));
    }
    std::sort(delta->dead.begin(), delta->dead.end());
    next.delta = std::move(delta);
  }
  return next;
}


Result<std::shared_ptr<const Snapshot>> LoadSnapshot(store::ReadTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(int64_t generation, txn.StructureGeneration());
  GEMIS_ASSIGN_OR_RETURN(int64_t last_id, txn.LastDataValueChangeId());
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
  GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
  GEMIS_ASSIGN_OR_RETURN(auto structure,
                         Structure::Make(std::move(hierarchy), std::move(metadata), generation));
  GEMIS_ASSIGN_OR_RETURN(auto store_periods, LoadPeriodMap(txn));
  auto periods = std::make_shared<PeriodTable>();
  const auto& elements = structure->metadata.elements();
  std::vector<std::vector<Row>> rows(elements.size());
  Converter convert{*structure, store_periods, *periods};
  GEMIS_RETURN_IF_ERROR(txn.ScanDataValueKeys([&](const DataValueKey& key,
                                                   std::string_view value) -> Status {
    Row row;
    int32_t element = 0;
    GEMIS_ASSIGN_OR_RETURN(bool known, convert.ToRow(key, row, element));
    if (!known) {
      return Status::Corruption("data value of element " + std::to_string(key.data_element) +
                                ", unit " + std::to_string(key.org_unit) + ", period " +
                                std::to_string(key.period) +
                                " names something the store did not load");
    }
    std::optional<double> number =
        NumericValue(elements[static_cast<size_t>(element)].element.value_type, value);
    if (!number) return Status::Ok();  // text and dates are not aggregated
    row.value = *number;
    rows[static_cast<size_t>(element)].push_back(row);
    return Status::Ok();
  }));
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->structure = structure;
  snapshot->last_change_id = last_id;
  GEMIS_ASSIGN_OR_RETURN(snapshot->reporting, LoadReportingState(txn));
  for (auto& list : rows) {
    Column column;
    GEMIS_ASSIGN_OR_RETURN(column.data, ColumnData::Make(std::move(list), *periods));
    snapshot->columns.push_back(std::move(column));
  }
  snapshot->periods = std::move(periods);
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
  // New periods are appended to a copy of the table; the old snapshot keeps
  // its own.
  std::unordered_map<PeriodId, Period> store_periods;
  for (const auto& c : changes) {
    if (!base.periods->index.count(c.key.period)) {
      GEMIS_ASSIGN_OR_RETURN(store_periods, LoadPeriodMap(txn));
      break;
    }
  }
  auto periods = std::make_shared<PeriodTable>(*base.periods);
  const Structure& s = *base.structure;
  Converter convert{s, store_periods, *periods};
  // Per changed element: its changes as rows, in commit order; NaN = delete.
  std::map<int32_t, std::vector<Row>> by_element;
  for (const auto& c : changes) {
    Row row;
    int32_t element = 0;
    GEMIS_ASSIGN_OR_RETURN(bool known, convert.ToRow(c.key, row, element));
    if (!known) return std::shared_ptr<const Snapshot>();
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
    std::stable_sort(updates.begin(), updates.end(), RowKeyLess);
    std::vector<Row> last;
    for (size_t i = 0; i < updates.size(); ++i) {
      if (i + 1 < updates.size() && RowKeyEqual(updates[i], updates[i + 1])) continue;
      last.push_back(updates[i]);
    }
    auto& column = next->columns[static_cast<size_t>(element)];
    GEMIS_ASSIGN_OR_RETURN(column, ApplyToColumn(column, last, *periods));
  }
  next->periods = std::move(periods);
  return std::shared_ptr<const Snapshot>(std::move(next));
}

}  // namespace gemis::analytics
