// The engine's in-memory state (docs/analytics.md, "Layout"): one immutable
// Snapshot per published version, sharing every part that did not change.
//
//  - Structure: the hierarchy and metadata of one structure generation, with
//    compact indexes (unit index = position in Hierarchy::units(), option
//    combo index = uint16) and a cache of the hierarchy of each as-of date
//    (PlacedHierarchy) — built on first use, shared by every snapshot of the
//    same structure;
//  - Column: the values of one data element — compact immutable data
//    (ColumnData) shared by every snapshot, plus a small Delta of the
//    changes CatchUp applied since (copy-on-write);
//  - ReportingState (reporting_rates.h): report types, the calendar and the
//    submissions, for the reporting-rate items, replaced whole when the
//    store's reporting generation moves;
//  - Snapshot: the structure, the period table, one column per element and
//    the reporting state.
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
  std::vector<int8_t> tier_at;       // preorder number -> the unit's tier (1-5) on `date`
  std::vector<int32_t> place_begin;  // per unit index (+1): CSR into place_*
  std::vector<int32_t> place_pre;
  std::vector<double> place_weight;
  // The reverse: per preorder number (+1), the units whose values land
  // there, with their weights (CSR).
  std::vector<int32_t> placed_begin;
  std::vector<int32_t> placed_unit;
  std::vector<double> placed_weight;
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

// The periods values refer to, numbered densely (uint16) in the order they
// were first met. Append-only for the life of a structure, so a column built
// earlier stays valid when a later snapshot adds periods.
struct PeriodTable {
  std::vector<PeriodId> id;   // index -> the store's period id
  std::vector<int32_t> start;  // first day (Date::days)
  std::vector<int32_t> end;    // last day
  std::vector<int32_t> year;   // civil year of the first day
  std::unordered_map<PeriodId, uint16_t> index;

  size_t size() const { return id.size(); }
  // The index of `period`, appending it; kInvalidInput past 65 535 periods.
  Result<uint16_t> Add(PeriodId period, const Period& p);
};

// The disaggregation of a value: option combo and attribute option combo
// (indexes into Structure::coc_ids).
struct Combo {
  uint16_t coc = 0;
  uint16_t aoc = 0;
  friend bool operator==(const Combo&, const Combo&) = default;
  friend auto operator<=>(const Combo&, const Combo&) = default;
};

// One value while columns are built and changed.
struct Row {
  int32_t unit = 0;      // unit index
  uint16_t period = 0;   // PeriodTable index
  Combo combo;
  double value = 0;
};

// The values of one data element, compact and immutable (docs/analytics.md,
// "Layout"). Values are grouped three ways:
//  - runs: one per (year of the period's first day, unit), sorted by year
//    then unit; `year_begin` finds the runs of a year, so a query of 2024
//    reads only the runs of 2024;
//  - groups: one per (unit, period) inside a run, with the number of its
//    rows and, when groups are large enough to pay for it, the sum of their
//    values — a query that sums over every disaggregation reads one number
//    per group instead of one per value;
//  - rows: per value, the index of its (coc, aoc) in `combos` (one byte when
//    the element has at most 256 of them) and the value: an int32 scaled by
//    10^-scale when every value of the element is such a number (counts,
//    amounts with a few decimals), else a double.
struct ColumnData {
  int32_t first_year = 0;
  std::vector<uint32_t> year_begin;  // per year since first_year (+1): first run
  std::vector<int32_t> run_unit;
  std::vector<uint32_t> run_group;  // per run (+1): first group
  std::vector<uint32_t> run_row;    // per run (+1): first row
  std::vector<uint16_t> group_period;
  std::vector<uint16_t> group_size;
  std::vector<double> group_sum;  // empty: not kept (groups too small)
  std::vector<Combo> combos;
  std::vector<uint8_t> combo8;    // used when combos.size() <= 256
  std::vector<uint16_t> combo16;  // else
  int scale = 0;                  // ivalue[i] / 10^scale
  std::vector<int32_t> ivalue;    // used when dvalue is empty
  std::vector<double> dvalue;

  size_t rows() const { return combo8.empty() ? combo16.size() : combo8.size(); }
  size_t runs() const { return run_unit.size(); }
  int last_year() const { return first_year + static_cast<int>(year_begin.size()) - 2; }
  uint16_t ComboAt(size_t r) const { return combo8.empty() ? combo16[r] : combo8[r]; }
  double Value(size_t r) const;
  int64_t bytes() const;
  // The row holding the key, or -1.
  int64_t Find(const PeriodTable& periods, int32_t unit, uint16_t period, Combo combo) const;
  // Every row as a Row (for rebuilding).
  void AppendRows(std::vector<Row>& out) const;

  // REQUIRES: keys unique. Sorts `rows` (by year, unit, period, combo).
  static Result<std::shared_ptr<const ColumnData>> Make(std::vector<Row> rows,
                                                        const PeriodTable& periods);
};

// The changes applied to a column since its data was built: each row
// supersedes the base row with its key (if any). Rebuilt into a new
// ColumnData when it grows (CatchUp), so it stays small.
struct DeltaRow {
  Row row;                // row.value NaN: the value was deleted
  int64_t base_row = -1;  // the superseded base row, or -1
  double old_value = 0;   // its value
};
struct Delta {
  std::vector<DeltaRow> rows;  // sorted by (unit, period, combo)
  std::vector<uint32_t> dead;  // sorted base rows superseded by `rows`
  int64_t bytes() const;
};

// A data element's values: shared immutable data plus the changes since.
struct Column {
  std::shared_ptr<const ColumnData> data;
  std::shared_ptr<const Delta> delta;  // null: none

  int64_t size() const;  // values held
  int64_t bytes() const;
};

struct ReportingState;

struct Snapshot {
  std::shared_ptr<const Structure> structure;
  std::shared_ptr<const PeriodTable> periods;
  std::vector<Column> columns;  // per element position
  int64_t last_change_id = 0;
  // Read in the same transaction as the structure; never null.
  std::shared_ptr<const ReportingState> reporting;

  int64_t value_count() const;
  int64_t memory_bytes() const;
};

// The column after applying `changes` (the last change per key, sorted by
// (unit, period, combo); value NaN: deleted) to `old`: a new Delta, or new
// ColumnData when the delta would grow past max(4096, rows / 16).
Result<Column> ApplyToColumn(const Column& old, const std::vector<Row>& changes,
                             const PeriodTable& periods);

// Reads everything from the store inside `txn` (engine Build and a CatchUp
// that finds the structure changed).
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(store::ReadTransaction& txn);

// Applies the audit changes after `base.last_change_id` read in `txn`; nullptr
// (and OK) when the changes name something `base` does not know (a unit or
// option combo added without a structure change), so the caller rebuilds.
Result<std::shared_ptr<const Snapshot>> ApplyChanges(const Snapshot& base,
                                                     store::ReadTransaction& txn);

}  // namespace gemis::analytics
