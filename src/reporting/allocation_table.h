// The allocation table of a plan, laid out like the appendix tables of the
// source plans (Cao Bằng's "Phụ lục I"): rows are units, columns are counts of
// targeted places and measures split by implementing level, with the totals
// row, the completion windows and the per-level totals on top. Built from a
// PlanBook alone (the layout follows the order in which the plan stated its
// cells: Target::ordinal), so `gemis report allocation` reproduces a seed
// table cell for cell. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/plan_book.h"

namespace gemis::reporting {

struct AllocationColumn {
  enum class Kind { kPlaceCount, kTarget } kind = Kind::kTarget;
  std::string place_kind;  // kPlaceCount: "region_iii_communes", …
  MeasureRef measure;      // kTarget
  ImplementingLevel level = ImplementingLevel::kAll;
  std::string window;      // DateSet text of the column's targets ("" when none)
  std::string label;       // measure name (with its unit) or place-count label
  std::string level_label;  // "Cấp tỉnh", "Cấp huyện"; "" for an unsplit column
  // kTarget: the column's first target below the totals row in the plan's
  // order (its total when it has none); a cell filled in the editor takes
  // its period, window, unit and rule (allocation_edit.h).
  TargetId sample = 0;
};

struct AllocationRow {
  enum class Kind { kTotal, kWindow, kLevels, kUnit } kind = Kind::kUnit;
  std::string stt;    // "1", "2", … for unit rows
  std::string label;  // "Tổng", "Thời gian hoàn thành", "Phân cấp thực hiện", unit or agency name
  std::string org_unit_code;  // unit rows; the issuer's on total and level rows
  std::string agency_code;    // rows of an agency
  // One per column; nullopt = empty cell. Numbers as canonical decimals
  // ("57"), windows as DateSet text.
  std::vector<std::optional<std::string>> cells;
  // One per column: the target behind the cell (> 0); 0 for an empty cell
  // that may hold one (the editor creates it); nullopt for a cell that is
  // not a target of this row (place counts, windows, a total repeated on
  // the level row, a measure's total outside its first column).
  std::vector<std::optional<TargetId>> targets;
  OrgUnitId org_unit = 0;  // the row's unit (the plan's issuer for total and level rows)
  int ordinal = 0;         // the smallest ordinal of the row's targets (row * 1000)
};

struct AllocationTable {
  std::string plan;   // number, else code
  std::string title;  // the plan's title
  std::string table;  // the source table's name; "" for targets stated in text
  std::vector<std::string> other_tables;  // tables (and "" for text) not shown
  std::vector<AllocationColumn> columns;
  std::vector<AllocationRow> rows;
};

struct AllocationOptions {
  Lang lang = Lang::kVi;
  // Which targets: a table's name; nullopt = the plan's first table, or the
  // targets stated in text when it has no table; "" = the text targets.
  std::optional<std::string> table;
};

// kNotFound when `table` names no table of the plan.
Result<AllocationTable> BuildAllocationTable(const PlanBook& book, const Plan& plan,
                                             const Hierarchy& hierarchy,
                                             const Metadata& metadata,
                                             const AllocationOptions& options);

}  // namespace gemis::reporting
