// Engine::QuerySnapshot: resolving the request, aggregating each data
// element's column over the placed hierarchy, evaluating indicators, and
// laying the result out like DHIS2's /api/analytics.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "analytics/engine.h"
#include "analytics/reporting_rates.h"
#include "analytics/snapshot.h"
#include "core/expression.h"
#include "core/number_format.h"

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

// Which result periods each period of the table counts in (CSR over the
// PeriodTable's indexes), and the years whose runs can hold such values.
struct PeriodSlots {
  std::vector<int32_t> begin;  // per period index (+1)
  std::vector<int32_t> slot;   // result period positions
  // Per period index: its only slot, -1 for none, kManySlots for several.
  std::vector<int32_t> single;
  static constexpr int32_t kManySlots = -2;
  int first_year = 0, last_year = -1;
};

// `before`: periods starting on or after this day count nowhere.
PeriodSlots MakeSlots(const PeriodTable& periods, const std::vector<DaySpan>& spans,
                      int32_t before = std::numeric_limits<int32_t>::max()) {
  PeriodSlots out;
  out.begin.reserve(periods.size() + 1);
  out.begin.push_back(0);
  int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
  for (const DaySpan& span : spans) {
    for (const auto& [first, last] : span) {
      lo = std::min(lo, first);
      hi = std::max(hi, last);
    }
  }
  if (lo <= hi) {
    out.first_year = Date::FromDays(lo).year();
    out.last_year = Date::FromDays(hi).year();
  }
  for (size_t i = 0; i < periods.size(); ++i) {
    for (size_t p = 0; p < spans.size() && periods.start[i] < before; ++p) {
      for (const auto& [first, last] : spans[p]) {
        if (periods.start[i] >= first && periods.end[i] <= last) {
          out.slot.push_back(static_cast<int32_t>(p));
          break;
        }
      }
    }
    out.begin.push_back(static_cast<int32_t>(out.slot.size()));
    const int32_t n = out.begin[i + 1] - out.begin[i];
    out.single.push_back(n == 0 ? -1 : n == 1 ? out.slot.back() : PeriodSlots::kManySlots);
  }
  return out;
}

// Where a reported unit's values go: the result org-unit items (and the
// placed unit under them, with the placement's weight).
struct Entry {
  int32_t item = 0;
  int32_t pre = 0;  // preorder number of the placed unit
  double weight = 1;
};

// Per query: the reported units whose values count in some result item,
// sorted, each with its entries (CSR); `dense` maps every unit index to its
// position when many units take part (else lookups search `units`).
struct UnitMap {
  std::vector<int32_t> units;
  std::vector<uint32_t> begin;  // per position (+1)
  std::vector<Entry> entries;
  std::vector<int32_t> dense;  // unit index -> position or -1; empty: search
  // With `dense`: per unit index, its only entry when that has weight 1
  // (item >= 0), else item kNone or kSeveral (then read `entries`). One
  // small load per run instead of three dependent ones into larger arrays.
  struct Simple {
    int32_t item = -1;
    int32_t pre = 0;
  };
  static constexpr int32_t kNone = -1, kSeveral = -2;
  std::vector<Simple> simple;

  // The position of `unit`, or -1.
  int32_t Find(int32_t unit) const {
    if (!dense.empty()) return dense[static_cast<size_t>(unit)];
    auto it = std::lower_bound(units.begin(), units.end(), unit);
    return it != units.end() && *it == unit ? static_cast<int32_t>(it - units.begin()) : -1;
  }
};

// Above this many units a query builds the dense map (one int32 per unit of
// the hierarchy) instead of searching.
constexpr size_t kDenseUnits = 2048;

void AddSimple(UnitMap& map, size_t nunits) {
  map.simple.assign(nunits, {});
  for (size_t pos = 0; pos < map.units.size(); ++pos) {
    UnitMap::Simple& s = map.simple[static_cast<size_t>(map.units[pos])];
    const Entry& first = map.entries[map.begin[pos]];
    if (map.begin[pos + 1] - map.begin[pos] == 1 && first.weight == 1) {
      s = {first.item, first.pre};
    } else {
      s.item = UnitMap::kSeveral;
    }
  }
}

UnitMap MakeUnitMap(const PlacedHierarchy& placed, const std::vector<OuItem>& items,
                    size_t nunits) {
  struct Triple {
    int32_t unit;
    Entry entry;
  };
  UnitMap map;
  size_t covered = 0;
  for (const OuItem& item : items) {
    if (item.pre >= 0) covered += static_cast<size_t>(placed.end[static_cast<size_t>(item.unit)] - item.pre);
  }
  if (covered > kDenseUnits) {
    // When no preorder number is in two items (tiers, distinct units), each
    // placement finds its item directly: one pass over the units.
    std::vector<int32_t> item_of_pre(placed.unit_at.size(), -1);
    bool disjoint = true;
    for (size_t o = 0; o < items.size() && disjoint; ++o) {
      if (items[o].pre < 0) continue;
      const int32_t end = placed.end[static_cast<size_t>(items[o].unit)];
      for (int32_t pre = items[o].pre; pre < end; ++pre) {
        disjoint = disjoint && item_of_pre[static_cast<size_t>(pre)] < 0;
        item_of_pre[static_cast<size_t>(pre)] = static_cast<int32_t>(o);
      }
    }
    if (disjoint) {
      map.dense.assign(nunits, -1);
      map.entries.reserve(std::min(covered, placed.place_pre.size()));
      map.units.reserve(std::min(covered, nunits));
      map.begin.reserve(std::min(covered, nunits) + 1);
      map.begin.push_back(0);
      for (size_t u = 0; u < nunits; ++u) {
        const size_t before = map.entries.size();
        for (int32_t j = placed.place_begin[u]; j < placed.place_begin[u + 1]; ++j) {
          const int32_t pre = placed.place_pre[static_cast<size_t>(j)];
          const int32_t o = item_of_pre[static_cast<size_t>(pre)];
          if (o >= 0) map.entries.push_back({o, pre, placed.place_weight[static_cast<size_t>(j)]});
        }
        if (map.entries.size() == before) continue;
        map.dense[u] = static_cast<int32_t>(map.units.size());
        map.units.push_back(static_cast<int32_t>(u));
        map.begin.push_back(static_cast<uint32_t>(map.entries.size()));
      }
      AddSimple(map, nunits);
      return map;
    }
  }
  std::vector<Triple> all;
  for (size_t o = 0; o < items.size(); ++o) {
    if (items[o].pre < 0) continue;
    const int32_t end = placed.end[static_cast<size_t>(items[o].unit)];
    for (int32_t pre = items[o].pre; pre < end; ++pre) {
      for (int32_t j = placed.placed_begin[static_cast<size_t>(pre)];
           j < placed.placed_begin[static_cast<size_t>(pre) + 1]; ++j) {
        all.push_back({placed.placed_unit[static_cast<size_t>(j)],
                       {static_cast<int32_t>(o), pre, placed.placed_weight[static_cast<size_t>(j)]}});
      }
    }
  }
  if (all.size() > kDenseUnits) {
    // Counting sort by unit: linear in the units of the hierarchy.
    std::vector<uint32_t> count(nunits + 1, 0);
    for (const Triple& t : all) ++count[static_cast<size_t>(t.unit) + 1];
    for (size_t u = 0; u < nunits; ++u) count[u + 1] += count[u];
    map.entries.resize(all.size());
    std::vector<uint32_t> fill(count.begin(), count.end() - 1);
    for (const Triple& t : all) map.entries[fill[static_cast<size_t>(t.unit)]++] = t.entry;
    map.dense.assign(nunits, -1);
    map.begin.push_back(0);
    for (size_t u = 0; u < nunits; ++u) {
      if (count[u + 1] == count[u]) continue;
      map.dense[u] = static_cast<int32_t>(map.units.size());
      map.units.push_back(static_cast<int32_t>(u));
      map.begin.push_back(count[u + 1]);
    }
    AddSimple(map, nunits);
    return map;
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Triple& a, const Triple& b) { return a.unit < b.unit; });
  map.begin.push_back(0);
  for (size_t i = 0; i < all.size(); ++i) {
    if (i == 0 || all[i].unit != all[i - 1].unit) {
      if (i > 0) map.begin.push_back(static_cast<uint32_t>(i));
      map.units.push_back(all[i].unit);
    }
    map.entries.push_back(all[i].entry);
  }
  if (!all.empty()) map.begin.push_back(static_cast<uint32_t>(all.size()));
  return map;
}

// Calls fn(run, first entry, one past the last entry) for every run of `d`
// in the years [first_year, last_year] whose unit is in `map`, in row order.
template <typename Fn>
void ForEachRun(const ColumnData& d, const UnitMap& map, int first_year, int last_year, Fn&& fn) {
  if (d.year_begin.empty() || map.units.empty()) return;
  const int y0 = std::max(first_year, d.first_year);
  const int y1 = std::min(last_year, d.last_year());
  auto at = [&](size_t pos) {
    return std::pair{map.entries.data() + map.begin[pos], map.entries.data() + map.begin[pos + 1]};
  };
  for (int y = y0; y <= y1; ++y) {
    const size_t rb = d.year_begin[static_cast<size_t>(y - d.first_year)];
    const size_t re = d.year_begin[static_cast<size_t>(y - d.first_year) + 1];
    if (!map.dense.empty()) {
      const UnitMap::Simple* simple = map.simple.data();
      for (size_t r = rb; r < re; ++r) {
        const auto u = static_cast<size_t>(d.run_unit[r]);
        const UnitMap::Simple s = simple[u];
        if (s.item >= 0) {
          const Entry one{s.item, s.pre, 1.0};
          fn(r, &one, &one + 1);
        } else if (s.item == UnitMap::kSeveral) {
          auto [e, ee] = at(static_cast<size_t>(map.dense[u]));
          fn(r, e, ee);
        }
      }
      continue;
    }
    // Units and runs are both sorted by unit: few units search the runs,
    // more walk both lists side by side.
    if (map.units.size() * 8 >= re - rb) {
      size_t pos = 0;
      for (size_t r = rb; r < re && pos < map.units.size();) {
        if (d.run_unit[r] < map.units[pos]) {
          ++r;
        } else if (map.units[pos] < d.run_unit[r]) {
          ++pos;
        } else {
          auto [e, ee] = at(pos++);
          fn(r++, e, ee);
        }
      }
      continue;
    }
    auto lo = d.run_unit.begin() + static_cast<std::ptrdiff_t>(rb);
    const auto hi = d.run_unit.begin() + static_cast<std::ptrdiff_t>(re);
    for (size_t pos = 0; pos < map.units.size() && lo != hi; ++pos) {
      lo = std::lower_bound(lo, hi, map.units[pos]);
      if (lo != hi && *lo == map.units[pos]) {
        auto [e, ee] = at(pos);
        fn(static_cast<size_t>(lo - d.run_unit.begin()), e, ee);
      }
    }
  }
}

// Aggregates data element columns into result cells (ou item, period, kept
// combination) = (o * npe + p) * nkept + k. Results are cached per
// (element, coc, aoc, kept) for the query; Prefetch computes several on
// all cores.
class Aggregator {
 public:
  using Cells = std::vector<std::optional<double>>;
  struct Key {
    int32_t element = 0, coc = -1, aoc = -1;
    bool keep = false;
    friend auto operator<=>(const Key&, const Key&) = default;
  };

  Aggregator(const Snapshot& snapshot, const PlacedHierarchy& placed,
             const std::vector<DaySpan>& periods, const std::vector<OuItem>& items,
             std::vector<const Structure::CategoryInfo*> kept = {}, OptionFilter filter = {},
             int32_t started_before = std::numeric_limits<int32_t>::max())
      : snapshot_(snapshot),
        placed_(placed),
        npe_(static_cast<int64_t>(periods.size())),
        items_(items),
        kept_(std::move(kept)),
        filter_(filter),
        slots_(MakeSlots(*snapshot.periods, periods, started_before)),
        map_(MakeUnitMap(placed, items, snapshot.structure->hierarchy.units().size())) {}

  // The cells of `key` (computed now unless prefetched).
  const Cells& Get(const Key& key) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    Cells cells = Run(key);
    std::lock_guard lock(mutex_);
    return cache_.emplace(key, std::move(cells)).first->second;
  }

  // Computes `keys` ahead, in parallel when they hold many rows.
  void Prefetch(const std::vector<Key>& keys) {
    std::vector<Key> todo;
    size_t rows = 0;
    for (const Key& k : keys) {
      if (cache_.count(k) || std::find(todo.begin(), todo.end(), k) != todo.end()) continue;
      todo.push_back(k);
      rows += RowsToRead(*snapshot_.columns[static_cast<size_t>(k.element)].data);
    }
    const size_t threads =
        std::min<size_t>({todo.size(), std::max(1u, std::thread::hardware_concurrency()), 8});
    if (threads < 2 || rows < kParallelRows) {
      for (const Key& k : todo) Get(k);
      return;
    }
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < todo.size(); i = next++) Get(todo[i]);
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }

 private:
  // Below this many rows in all, one thread does the work.
  static constexpr size_t kParallelRows = 400'000;

  // About how many rows a Run of `d` reads: the rows of the query's years,
  // times the share of the years' runs whose unit takes part.
  size_t RowsToRead(const ColumnData& d) const {
    if (d.year_begin.empty()) return 0;
    const int y0 = std::max(slots_.first_year, d.first_year);
    const int y1 = std::min(slots_.last_year, d.last_year());
    if (y0 > y1) return 0;
    const size_t rb = d.year_begin[static_cast<size_t>(y0 - d.first_year)];
    const size_t re = d.year_begin[static_cast<size_t>(y1 - d.first_year) + 1];
    const size_t rows = d.run_row[re] - d.run_row[rb];
    if (re == rb || map_.units.size() * static_cast<size_t>(y1 - y0 + 1) >= re - rb) return rows;
    return rows * map_.units.size() * static_cast<size_t>(y1 - y0 + 1) / (re - rb);
  }

  int64_t Kept() const {
    int64_t n = 1;
    for (const auto* info : kept_) n *= static_cast<int64_t>(info->category->options.size());
    return n;
  }

  // The kept combination of `combo`, or -1 when the value does not count
  // (another coc/aoc than asked, outside the option filter, or lacking a
  // kept category).
  int32_t ComboSlot(Combo combo, const Key& key) const {
    if (key.coc >= 0 && combo.coc != key.coc) return -1;
    if (key.aoc >= 0 && combo.aoc != key.aoc) return -1;
    if (filter_.info != nullptr && filter_.info->option_of_coc[combo.coc] != filter_.option &&
        filter_.info->option_of_coc[combo.aoc] != filter_.option) {
      return -1;
    }
    if (!key.keep) return 0;
    int64_t k = 0;
    for (const auto* info : kept_) {
      int16_t option = info->option_of_coc[combo.coc];
      if (option < 0) option = info->option_of_coc[combo.aoc];
      if (option < 0) return -1;
      k = k * static_cast<int64_t>(info->category->options.size()) + option;
    }
    return static_cast<int32_t>(k);
  }

  // Calls fn(entries, count, slot, k, combo, period, value) for every live
  // row of the column's data (dead rows skipped) and every live delta row
  // that counts in some cell.
  template <typename Fn>
  void ForEachValue(const Column& col, const UnitMap& map, const std::vector<int32_t>& cslot,
                    const Key& key, Fn&& fn) const {
    const ColumnData& d = *col.data;
    const std::vector<uint32_t>* dead = col.delta ? &col.delta->dead : nullptr;
    ForEachRun(d, map, slots_.first_year, slots_.last_year,
               [&](size_t run, const Entry* e, const Entry* e_end) {
      const auto ne = static_cast<size_t>(e_end - e);
      size_t row = d.run_row[run];
      auto dead_it = dead ? std::lower_bound(dead->begin(), dead->end(), row)
                          : std::vector<uint32_t>::const_iterator();
      const uint32_t no_dead = std::numeric_limits<uint32_t>::max();
      uint32_t next_dead = dead && dead_it != dead->end() ? *dead_it : no_dead;
      for (uint32_t g = d.run_group[run]; g < d.run_group[run + 1]; ++g) {
        const size_t n = d.group_size[g];
        const uint16_t period = d.group_period[g];
        const int32_t sb = slots_.begin[period], se = slots_.begin[period + 1];
        if (sb == se) {
          row += n;
          continue;
        }
        // Skipped groups may have held dead rows: catch up with this one.
        while (next_dead < row) {
          ++dead_it;
          next_dead = dead_it != dead->end() ? *dead_it : no_dead;
        }
        for (const size_t end = row + n; row < end; ++row) {
          if (row == next_dead) {
            ++dead_it;
            next_dead = dead_it != dead->end() ? *dead_it : no_dead;
            continue;
          }
          const int32_t k = cslot[d.ComboAt(row)];
          if (k < 0) continue;
          const double v = d.Value(row);
          for (int32_t s = sb; s < se; ++s) {
            fn(e, ne, slots_.slot[static_cast<size_t>(s)], k, d.combos[d.ComboAt(row)], period, v);
          }
        }
      }
    });
    if (!col.delta) return;
    for (const DeltaRow& dr : col.delta->rows) {
      if (std::isnan(dr.row.value)) continue;
      const int32_t pos = map.Find(dr.row.unit);
      if (pos < 0) continue;
      const int32_t k = ComboSlot(dr.row.combo, key);
      if (k < 0) continue;
      const Entry* e = map.entries.data() + map.begin[static_cast<size_t>(pos)];
      const size_t ne = map.begin[static_cast<size_t>(pos) + 1] - map.begin[static_cast<size_t>(pos)];
      for (int32_t s = slots_.begin[dr.row.period]; s < slots_.begin[dr.row.period + 1]; ++s) {
        fn(e, ne, slots_.slot[static_cast<size_t>(s)], k, dr.row.combo, dr.row.period,
           dr.row.value);
      }
    }
  }

  // SUM, COUNT and AVERAGE over every disaggregation from the group sums:
  // one number per (unit, period) instead of one per value. Superseded rows
  // are inside the sums, so their old values are taken out again.
  void SumGroups(const Column& col, const UnitMap& map, std::vector<double>& swv,
                 std::vector<double>& sw, std::vector<uint8_t>& any) const {
    const ColumnData& d = *col.data;
    // Raw pointers: the stores into the accumulators cannot alias the column.
    const uint16_t* period = d.group_period.data();
    const uint16_t* size = d.group_size.data();
    const double* sum = d.group_sum.data();
    const int32_t* single = slots_.single.data();
    double* a = swv.data();
    double* b = sw.data();
    uint8_t* seen = any.data();
    const int64_t npe = npe_;
    auto add = [&](const Entry* e, const Entry* ee, int64_t p, double v, double n) {
      for (const Entry* x = e; x != ee; ++x) {
        const auto cell = static_cast<size_t>(x->item * npe + p);
        a[cell] += x->weight * v;
        b[cell] += x->weight * n;
        seen[cell] = 1;
      }
    };
    ForEachRun(d, map, slots_.first_year, slots_.last_year,
               [&](size_t run, const Entry* e, const Entry* ee) {
      // Consecutive groups of one result period add up before touching the
      // cells (a year's months are next to each other in a run).
      int32_t current = -1;
      double v = 0, n = 0;
      for (uint32_t g = d.run_group[run]; g < d.run_group[run + 1]; ++g) {
        const int32_t s = single[period[g]];
        if (s == -1) continue;
        if (s == current) {
          v += sum[g];
          n += size[g];
          continue;
        }
        if (current >= 0) add(e, ee, current, v, n);
        current = -1;
        if (s >= 0) {
          current = s;
          v = sum[g];
          n = size[g];
          continue;
        }
        for (int32_t k = slots_.begin[period[g]]; k < slots_.begin[period[g] + 1]; ++k) {
          add(e, ee, slots_.slot[static_cast<size_t>(k)], sum[g], size[g]);
        }
      }
      if (current >= 0) add(e, ee, current, v, n);
    });
    if (!col.delta) return;
    for (const DeltaRow& dr : col.delta->rows) {
      const int32_t pos = map.Find(dr.row.unit);
      if (pos < 0) continue;
      for (uint32_t j = map.begin[static_cast<size_t>(pos)];
           j < map.begin[static_cast<size_t>(pos) + 1]; ++j) {
        const Entry& x = map.entries[j];
        for (int32_t s = slots_.begin[dr.row.period]; s < slots_.begin[dr.row.period + 1]; ++s) {
          const auto cell =
              static_cast<size_t>(x.item * npe_ + slots_.slot[static_cast<size_t>(s)]);
          if (dr.base_row >= 0) {
            swv[cell] -= x.weight * dr.old_value;
            sw[cell] -= x.weight;
          }
          if (!std::isnan(dr.row.value)) {
            swv[cell] += x.weight * dr.row.value;
            sw[cell] += x.weight;
            any[cell] = 1;
          }
        }
      }
    }
  }

  Cells Run(const Key& key) const {
    const StoredElement& e =
        snapshot_.structure->metadata.elements()[static_cast<size_t>(key.element)];
    const AggregationType type = e.element.aggregation_type;
    const Column& col = snapshot_.columns[static_cast<size_t>(key.element)];
    const ColumnData& d = *col.data;
    const UnitMap& map = e.element.aggregation_levels.empty()
                             ? map_
                             : MapForLevels(e.element.aggregation_levels);
    const int64_t nkept = key.keep ? Kept() : 1;
    const auto ncells = static_cast<size_t>(static_cast<int64_t>(items_.size()) * npe_ * nkept);
    std::vector<int32_t> cslot(d.combos.size());
    bool every_combo = true;
    for (size_t c = 0; c < d.combos.size(); ++c) {
      cslot[c] = ComboSlot(d.combos[c], key);
      every_combo = every_combo && cslot[c] == 0;
    }
    auto cell_of = [&](const Entry& x, int32_t p, int32_t k) {
      return static_cast<size_t>((x.item * npe_ + p) * nkept + k);
    };

    Cells out(ncells);
    const bool additive = type == AggregationType::kSum || type == AggregationType::kCount ||
                          type == AggregationType::kAverage;
    if (additive || type == AggregationType::kMin || type == AggregationType::kMax) {
      std::vector<double> a(ncells, 0), b(ncells, 0);  // Σw·v and Σw, or min and max
      std::vector<uint8_t> any(ncells, 0);
      if (additive && every_combo && nkept == 1 && !d.group_sum.empty()) {
        SumGroups(col, map, a, b, any);
      } else if (additive) {
        ForEachValue(col, map, cslot, key,
                     [&](const Entry* x, size_t nx, int32_t p, int32_t k, Combo, uint16_t,
                         double v) {
                       for (size_t i = 0; i < nx; ++i) {
                         const size_t cell = cell_of(x[i], p, k);
                         a[cell] += x[i].weight * v;
                         b[cell] += x[i].weight;
                         any[cell] = 1;
                       }
                     });
      } else {
        ForEachValue(col, map, cslot, key,
                     [&](const Entry* x, size_t nx, int32_t p, int32_t k, Combo, uint16_t,
                         double v) {
                       for (size_t i = 0; i < nx; ++i) {
                         const size_t cell = cell_of(x[i], p, k);
                         a[cell] = any[cell] ? std::min(a[cell], v) : v;
                         b[cell] = any[cell] ? std::max(b[cell], v) : v;
                         any[cell] = 1;
                       }
                     });
      }
      for (size_t c = 0; c < ncells; ++c) {
        if (!any[c]) continue;
        switch (type) {
          case AggregationType::kSum: out[c] = a[c]; break;
          case AggregationType::kCount: out[c] = b[c]; break;
          case AggregationType::kMin: out[c] = a[c]; break;
          case AggregationType::kMax: out[c] = b[c]; break;
          default: out[c] = a[c] / b[c]; break;  // AVERAGE
        }
      }
      return out;
    }

    // The types that look at each placed unit: AVERAGE_SUM_ORG_UNIT (mean
    // per unit, summed), LAST and LAST_AVERAGE_ORG_UNIT (the latest period
    // per unit and disaggregation).
    struct Mean {
      double swv = 0, sw = 0;
    };
    std::map<std::pair<size_t, int32_t>, Mean> per_unit;
    struct Latest {
      int32_t start = std::numeric_limits<int32_t>::min();
      double sum = 0;
    };
    std::map<std::tuple<size_t, int32_t, uint32_t>, Latest> latest;
    const PeriodTable& periods = *snapshot_.periods;
    ForEachValue(col, map, cslot, key,
                 [&](const Entry* x, size_t nx, int32_t p, int32_t k, Combo combo,
                     uint16_t period, double v) {
                   for (size_t i = 0; i < nx; ++i) {
                     const size_t cell = cell_of(x[i], p, k);
                     const double w = x[i].weight;
                     if (type == AggregationType::kAverageSumOrgUnit) {
                       Mean& m = per_unit[{cell, x[i].pre}];
                       m.swv += w * v;
                       m.sw += w;
                       continue;
                     }
                     const uint32_t combos = (static_cast<uint32_t>(combo.coc) << 16) | combo.aoc;
                     Latest& l = latest[{cell, x[i].pre, combos}];
                     const int32_t start = periods.start[period];
                     if (start > l.start) {
                       l.start = start;
                       l.sum = 0;
                     }
                     if (start == l.start) l.sum += w * v;
                   }
                 });
    switch (type) {
      case AggregationType::kAverageSumOrgUnit:
        for (const auto& [k, m] : per_unit) {
          auto& cell = out[k.first];
          cell = cell.value_or(0) + m.swv / m.sw;
        }
        break;
      case AggregationType::kLast:
        for (const auto& [k, l] : latest) {
          auto& cell = out[std::get<0>(k)];
          cell = cell.value_or(0) + l.sum;
        }
        break;
      default: {  // LAST_AVERAGE_ORG_UNIT
        std::map<std::pair<size_t, int32_t>, double> per_unit_last;
        for (const auto& [k, l] : latest) per_unit_last[{std::get<0>(k), std::get<1>(k)}] += l.sum;
        std::vector<int64_t> units(ncells, 0);
        for (const auto& [k, sum] : per_unit_last) {
          auto& cell = out[k.first];
          cell = cell.value_or(0) + sum;
          ++units[k.first];
        }
        for (size_t c = 0; c < ncells; ++c) {
          if (out[c]) *out[c] /= static_cast<double>(units[c]);
        }
      }
    }
    return out;
  }

  // The unit map of elements with these aggregation levels: an item at tier
  // L keeps only the entries whose placed unit is at the nearest listed tier
  // A >= L (all entries when no listed tier is at or below L's).
  const UnitMap& MapForLevels(const std::vector<int>& levels) const {
    std::lock_guard lock(levels_mutex_);
    auto it = level_maps_.find(levels);
    if (it != level_maps_.end()) return it->second;
    const auto& units = snapshot_.structure->hierarchy.units();
    auto tier = [&](int32_t unit) {
      return static_cast<int>(units[static_cast<size_t>(unit)].VersionAt(placed_.date)->level);
    };
    std::vector<int> wanted(items_.size(), 0);  // 0: every entry
    for (size_t o = 0; o < items_.size(); ++o) {
      const int l = tier(items_[o].unit);
      auto a = std::lower_bound(levels.begin(), levels.end(), l);
      if (a != levels.end()) wanted[o] = *a;
    }
    UnitMap out;
    out.begin.push_back(0);
    if (!map_.dense.empty()) out.dense.assign(map_.dense.size(), -1);
    for (size_t pos = 0; pos < map_.units.size(); ++pos) {
      const size_t before = out.entries.size();
      for (uint32_t j = map_.begin[pos]; j < map_.begin[pos + 1]; ++j) {
        const Entry& x = map_.entries[j];
        const int w = wanted[static_cast<size_t>(x.item)];
        if (w == 0 || tier(placed_.unit_at[static_cast<size_t>(x.pre)]) == w) {
          out.entries.push_back(x);
        }
      }
      if (out.entries.size() == before) continue;
      if (!out.dense.empty()) {
        out.dense[static_cast<size_t>(map_.units[pos])] = static_cast<int32_t>(out.units.size());
      }
      out.units.push_back(map_.units[pos]);
      out.begin.push_back(static_cast<uint32_t>(out.entries.size()));
    }
    if (!out.dense.empty()) AddSimple(out, out.dense.size());
    return level_maps_.emplace(levels, std::move(out)).first->second;
  }

  const Snapshot& snapshot_;
  const PlacedHierarchy& placed_;
  int64_t npe_;
  const std::vector<OuItem>& items_;
  std::vector<const Structure::CategoryInfo*> kept_;
  OptionFilter filter_;
  PeriodSlots slots_;
  UnitMap map_;
  std::mutex mutex_;
  std::map<Key, Cells> cache_;
  mutable std::mutex levels_mutex_;
  mutable std::map<std::vector<int>, UnitMap> level_maps_;
};

// Indicator values per (ou item, period) cell, with the data element
// aggregates and other indicators they refer to computed once per query.
class IndicatorEvaluator {
 public:
  // `filter_category`: the code of the category every referenced element
  // must have (an option filter), or empty.
  IndicatorEvaluator(const Structure& s, Aggregator& aggregator, RateCells& rates,
                     const ReportingState& reporting, size_t ncells,
                     std::string filter_category = "")
      : s_(s),
        aggregator_(aggregator),
        rates_(rates),
        reporting_(reporting),
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

  // Adds the element aggregates `indicator` needs (through N{} too) to
  // `keys`, so they can be computed together; errors are left for Values().
  void Collect(size_t indicator, std::vector<Aggregator::Key>& keys, int depth = 0) const {
    if (depth > 32) return;  // a cycle: Values() reports it
    const Indicator& ind = Ind(indicator);
    for (const std::string* text : {&ind.numerator, &ind.denominator}) {
      Result<Expression> parsed = Expression::Parse(*text);
      if (!parsed.ok()) continue;
      for (const ExpressionRef& ref : parsed->references()) {
        if (ref.kind == ExpressionRef::Kind::kReportingRate) continue;  // not a column
        if (ref.kind == ExpressionRef::Kind::kIndicator) {
          if (const StoredIndicator* other = s_.metadata.FindIndicator(ref.id)) {
            Collect(static_cast<size_t>(other - s_.metadata.indicators().data()), keys, depth + 1);
          }
          continue;
        }
        const StoredElement* e = s_.metadata.FindElement(ref.id);
        if (e == nullptr || !CheckAggregatable(*e).ok()) continue;
        int32_t coc = -1, aoc = -1;
        bool known = true;
        for (auto [text_id, index] : {std::pair{&ref.category_option_combo, &coc},
                                      std::pair{&ref.attribute_option_combo, &aoc}}) {
          if (text_id->empty()) continue;
          const StoredOptionCombo* combo = s_.metadata.FindOptionCombo(*text_id);
          known = known && combo != nullptr;
          if (combo != nullptr) *index = s_.coc_index.at(combo->id);
        }
        if (known) keys.push_back({s_.element_index.at(e->id), coc, aoc, false});
      }
    }
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
      if (ref.kind == ExpressionRef::Kind::kReportingRate) {
        GEMIS_ASSIGN_OR_RETURN(const auto* values, RateRef(ind, side, ref));
        refs.push_back(values);
        continue;
      }
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
      refs.push_back(&aggregator_.Get({s_.element_index.at(e->id), coc, aoc, false}));
    }
    // A side that is one reference (most are: "#{de}") is that reference's
    // values; no need to walk the tree per cell.
    if (parsed->IsReference()) return *refs[0];
    std::vector<std::optional<double>> out(ncells_);
    for (size_t c = 0; c < ncells_; ++c) {
      out[c] = parsed->Evaluate([&](size_t i) { return (*refs[i])[c]; });
    }
    return out;
  }

  // The cells of an R{type.METRIC} reference.
  Result<const std::vector<std::optional<double>>*> RateRef(const Indicator& ind, const char* side,
                                                            const ExpressionRef& ref) {
    const std::string id = ref.id + "." + ref.metric;
    if (!filter_category_.empty()) {
      return Status::Invalid("indicator '" + ind.code + "' " + side + " refers to '" + id +
                                 "', a count of reports, which has no option of category '" +
                                 filter_category_ + "'",
                             Field("dx"));
    }
    Result<RateItem> item = ResolveRateItem(reporting_, ref.id, ref.metric);
    if (!item.ok()) {
      return Status(item.status().code(),
                    "indicator '" + ind.code + "' " + side + ": " + item.status().message(),
                    Field("dx"));
    }
    return rates_.Get(*item);
  }

  const Structure& s_;
  Aggregator& aggregator_;
  RateCells& rates_;
  const ReportingState& reporting_;
  std::map<size_t, std::vector<std::optional<double>>> done_;
  std::vector<size_t> visiting_;
  size_t ncells_;
  std::string filter_category_;
};

// With the unit type ("Tỉnh Cao Bằng", "Thành phố Cao Bằng"): names alone
// repeat across tiers.
std::string UnitName(const OrgUnit& unit, Date d, Lang lang) {
  const OrgUnitVersion* v = unit.VersionAt(d);
  if (v == nullptr) v = &unit.last();
  return lang == Lang::kEn && !v->name_en.empty() ? v->name_en : v->FullName();
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

Status UnknownDx(const std::string& id) {
  return Status::NotFound("no data element or indicator has uid or code '" + id +
                              "', nor is it a report type's item ('<type code>.REPORTING_RATE')",
                          Field("dx"));
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
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v)))) + 1;
  return FormatPlainDecimal(v, 10 - magnitude);
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

  // dx: data elements, indicators and reporting rates.
  struct Dx {
    bool indicator = false;
    size_t index = 0;
    std::optional<RateItem> rate;
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
      GEMIS_ASSIGN_OR_RETURN(std::optional<RateItem> rate,
                             ResolveRateItem(*snapshot.reporting, id));
      if (!rate) return UnknownDx(id);
      if (!r.keep.empty()) {
        return Status::Invalid("categories cannot be kept for '" + id +
                                   "': reports are counted per unit, not by category",
                               Field("keep"));
      }
      dx.push_back({false, 0, rate});
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
    const auto tier = static_cast<int8_t>(*sel.level);
    for (int32_t p = pre; p < placed->end[static_cast<size_t>(index)]; ++p) {
      if (placed->tier_at[static_cast<size_t>(p)] == tier) {
        items.push_back({placed->unit_at[static_cast<size_t>(p)], p});
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
  Aggregator aggregator(snapshot, *placed, spans, items, kept);
  // Reporting items (and indicators, which may refer to them) need the
  // items' unit ids; a query of data elements alone pays nothing.
  std::vector<OrgUnitId> item_units;
  const bool any_rate =
      std::any_of(dx.begin(), dx.end(), [](const Dx& x) { return x.rate.has_value(); });
  for (size_t o = 0; (any_rate || any_indicator) && o < items.size(); ++o) {
    item_units.push_back(h.units()[static_cast<size_t>(items[o].unit)].id);
  }
  RateCells rates(snapshot, std::move(item_units), spans);
  IndicatorEvaluator indicators(s, aggregator, rates, *snapshot.reporting,
                                items.size() * r.pe.size());
  std::vector<Aggregator::Key> needed;
  for (const Dx& item : dx) {
    if (item.rate) continue;
    if (item.indicator) {
      indicators.Collect(item.index, needed);
    } else {
      needed.push_back({static_cast<int32_t>(item.index), -1, -1, true});
    }
  }
  aggregator.Prefetch(needed);
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
    const std::vector<std::optional<double>>* computed = nullptr;
    if (item.rate) {
      GEMIS_ASSIGN_OR_RETURN(computed, rates.Get(*item.rate));
    } else if (item.indicator) {
      GEMIS_ASSIGN_OR_RETURN(computed, indicators.Values(item.index));
    } else {
      computed = &aggregator.Get({static_cast<int32_t>(item.index), -1, -1, true});
    }
    const std::vector<std::optional<double>>& values = *computed;
    const int64_t nk = item.indicator || item.rate ? 1 : nkept;
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
    if (item.rate) {
      add_item(item.rate->Id(), item.rate->Name(r.lang));
      dx_uids.push_back(item.rate->Id());
    } else if (item.indicator) {
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
  Aggregator aggregator(snapshot, *placed, spans, items, {}, filter,
                        r.started_before ? r.started_before->days()
                                         : std::numeric_limits<int32_t>::max());

  if (const StoredElement* e = m.FindElement(r.dx)) {
    GEMIS_RETURN_IF_ERROR(CheckAggregatable(*e));
    if (filter.info != nullptr && !HasCategory(m, *e, r.category)) {
      return Status::NotFound("category '" + r.category + "' is not a disaggregation of " +
                                  Describe(*e) + " (category combo '" +
                                  e->element.category_combo_code + "')",
                              Field("keep"));
    }
    return aggregator.Get({s.element_index.at(e->id), -1, -1, false})[0];
  }
  RateCells rates(
      snapshot, {unit->id}, spans,
      r.started_before ? r.started_before->days() : std::numeric_limits<int32_t>::max());
  if (const StoredIndicator* ind = m.FindIndicator(r.dx)) {
    IndicatorEvaluator indicators(s, aggregator, rates, *snapshot.reporting, 1, r.category);
    GEMIS_ASSIGN_OR_RETURN(const auto* values,
                           indicators.Values(static_cast<size_t>(ind - m.indicators().data())));
    return (*values)[0];
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<RateItem> rate, ResolveRateItem(*snapshot.reporting, r.dx));
  if (!rate) return UnknownDx(r.dx);
  if (filter.info != nullptr) {
    return Status::Invalid(
        "'" + r.dx + "' counts reports, which have no option of category '" + r.category + "'",
        Field("keep"));
  }
  GEMIS_ASSIGN_OR_RETURN(const auto* values, rates.Get(*rate));
  return (*values)[0];
}

}  // namespace gemis::analytics
