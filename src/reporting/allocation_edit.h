// Editing a plan's allocation table like a spreadsheet (docs/plans.md,
// "Editing the allocation"): the web editor sends the cells a user changed,
// addressed by row and column of the table as built by BuildAllocationTable,
// with the value each showed when the user began. PlanCellEdits turns them
// into target changes — a new value, a new target for an empty cell (its
// period, window, unit and rule taken from the column's first target), or a
// withdrawal for a cleared cell — and EditedBook applies them to a copy of
// the plan book, so the same validation that checks stored plans checks the
// table as typed before anything is written. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/plan_book.h"
#include "reporting/allocation_table.h"

namespace gemis::reporting {

struct CellEdit {
  size_t row = 0;
  size_t column = 0;
  std::string value;  // a decimal ("57", "12.5"); "" clears the cell
  // The cell as the user saw it (nullopt: not checked); "" for an empty
  // cell. A different value now is a conflict: someone changed it meanwhile.
  std::optional<std::string> was;
  // Guards against a table that changed shape since the user loaded it:
  // when set, the row's unit code and the column's measure code must match.
  std::optional<std::string> org_unit;
  std::optional<std::string> measure;
};

struct TargetChange {
  enum class Kind { kValue, kInsert, kWithdraw } kind = Kind::kValue;
  size_t edit = 0;     // index into the edits
  Target target;       // the target after the change (id 0 for kInsert)
  std::string before;  // its value before ("" for kInsert)
};

// Errors name the edit: field "cells/3/value" (kInvalidInput: not a number,
// negative, a fraction of a count, a percentage over 100; a cell edited
// twice; a row or column out of the table or not a target cell),
// "cells/3/was" (kConflict: the cell holds another value now),
// "cells/3/orgUnit" or "cells/3/measure" (kConflict: the table changed).
// Unchanged cells produce no change.
Result<std::vector<TargetChange>> PlanCellEdits(const PlanBook& book, const Plan& plan,
                                                const AllocationTable& table,
                                                const std::vector<CellEdit>& edits);

// A copy of `book` with the changes applied; inserted targets get ids
// -1, -2, … so findings can tell them apart until they are stored.
PlanBook EditedBook(const PlanBook& book, const std::vector<TargetChange>& changes);

// The note a cleared cell's target is withdrawn with.
inline constexpr const char* kClearedNote = "xóa trong bảng phân bổ";

}  // namespace gemis::reporting
