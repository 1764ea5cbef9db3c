// The engine's in-memory state (docs/analytics.md, "Layout"): one immutable
// Snapshot per published version, sharing every part that did not change.
//
//  - Structure: the hierarchy and metadata of one structure generation, with
//    compact indexes (unit index = position in Hierarchy::units(), option
//    combo index = uint16) and a cache of the hierarchy of each as-of date
//    (PlacedHierarchy) — built on first use, shared by every snapshot of the
//    same structure;
//  - Column: the values of one data element as parallel arrays of compact
//    keys, sorted by (unit, period, coc, aoc); replaced, never changed, when
//    CatchUp applies changes to that element (copy-on-write);
//  - Snapshot: the structure, the period table and one column per element.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/period.h"
#include "store/store.h"

namespace gemis::analytics {

// The hierarchy of one date, numbered in preorder so that "unit X with its
// descendants" is the interval [pre[X], end[X]), and the placement of every
// unit's values (Hierarchy::PlaceAt) as preorder numbers with weights.
struct PlacedHierarchy {
  Date date;
  std::vector<int32_t> pre;          // per unit index; -1: not valid on `date`
  std::vector<int32_t> end;          // per unit index: one past its subtree
  std::vector<int32_t> unit_at;      // preorder number -> unit index
  std::vector<int32_t> place_begin;  // per unit index (+1): CSR into place_*
  std::vector<int32_t> place_pre;
  std::vector<double> place_weight;
};

struct Structure {
  Hierarchy hierarchy;
  Metadata metadata;
  int64_t generation = 0;
  std::unordered_map<OrgUnitId, int32_t> unit_index;
  std::vector<MetadataId> coc_ids;  // option combo index -> id
  std::unordered_map<MetadataId, uint16_t> coc_index;
  std::unordered_map<MetadataId, int32_t> element_index;  // id -> position in elements()
  // For every category of any combo: per option combo index, the position of
  // the combo's option of that category (-1 when the combo lacks it).
  struct CategoryInfo {
    const Category* category = nullptr;
    std::vector<int16_t> option_of_coc;
  };
  std::unordered_map<std::string, CategoryInfo> categories;  // by code

  static Result<std::shared_ptr<const Structure>> Make(Hierarchy hierarchy, Metadata metadata,
                                                       int64_t generation);
  // The hierarchy of `d` (cached; thread-safe).
  std::shared_ptr<const PlacedHierarchy> PlacedAt(Date d) const;

 private:
  mutable std::mutex cache_mutex_;
  mutable std::map<int32_t, std::shared_ptr<const PlacedHierarchy>> cache_;
};

// One value as the engine keeps it.
struct Row {
  int32_t unit = 0;    // unit index
  int32_t period = 0;  // the store's period id
  int32_t start = 0;   // first day (Date::days)
  int32_t end = 0;     // last day
  uint16_t coc = 0;
  uint16_t aoc = 0;
  double value = 0;
};

// A data element's values, sorted by (unit, period, coc, aoc), keys unique.
struct Column {
  std::vector<int32_t> unit, period, start, end;
  std::vector<uint16_t> coc, aoc;
  std::vector<double> value;

  size_t size() const { return value.size(); }
  int64_t bytes() const;
  Row At(size_t i) const {
    return {unit[i], period[i], start[i], end[i], coc[i], aoc[i], value[i]};
  }
  // REQUIRES: rows sorted by key, keys unique.
  static std::shared_ptr<const Column> FromRows(const std::vector<Row>& rows);
};

bool KeyLess(const Row& a, const Row& b);
bool KeyEqual(const Row& a, const Row& b);

struct Snapshot {
  std::shared_ptr<const Structure> structure;
  std::shared_ptr<const std::unordered_map<PeriodId, Period>> periods;
  std::vector<std::shared_ptr<const Column>> columns;  // per element position
  int64_t last_change_id = 0;

  int64_t value_count() const;
  int64_t memory_bytes() const;
};

// Reads everything from the store inside `txn` (engine Build and a CatchUp
// that finds the structure changed).
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(store::ReadTransaction& txn);

// Applies the audit changes after `base.last_change_id` read in `txn`; nullptr
// (and OK) when the changes name something `base` does not know (a unit or
// option combo added without a structure change), so the caller rebuilds.
Result<std::shared_ptr<const Snapshot>> ApplyChanges(const Snapshot& base,
                                                     store::ReadTransaction& txn);

}  // namespace gemis::analytics
