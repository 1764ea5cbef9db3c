#include "reporting/allocation_edit.h"

#include <set>
#include <utility>

namespace gemis::reporting {

namespace {

Location CellField(size_t edit, const char* part) {
  return {"", 0, 0, "cells/" + std::to_string(edit) + "/" + part};
}

const Target* FindTarget(const PlanBook& book, TargetId id) {
  for (const Target& t : book.data().targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

// The value typed into a cell of `unit`: a non-negative decimal, whole for
// counts and money, at most 100 for a percentage.
Result<Decimal> CellValue(const std::string& text, TargetUnit unit, size_t edit) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value.ok()) {
    return Status::Invalid("'" + text + "' is not a number (write 57 or 12.5)",
                           CellField(edit, "value"));
  }
  if (value->Compare(Decimal()) < 0) {
    return Status::Invalid("a target cannot be negative: " + text, CellField(edit, "value"));
  }
  if (unit == TargetUnit::kPercent) {
    if (Decimal::FromInt(100) < *value) {
      return Status::Invalid("a percentage cannot exceed 100: " + text, CellField(edit, "value"));
    }
  } else if (!value->is_integer()) {
    return Status::Invalid(std::string("a target counted in ") + TargetUnitName(unit) +
                               " must be a whole number: " + text,
                           CellField(edit, "value"));
  }
  return value;
}

std::string_view TrimSpaces(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

}  // namespace

Result<std::vector<TargetChange>> PlanCellEdits(const PlanBook& book, const Plan& plan,
                                                const AllocationTable& table,
                                                const std::vector<CellEdit>& edits) {
  std::vector<TargetChange> changes;
  std::set<std::pair<size_t, size_t>> seen;
  for (size_t i = 0; i < edits.size(); ++i) {
    const CellEdit& e = edits[i];
    if (e.row >= table.rows.size() || e.column >= table.columns.size()) {
      return Status::Invalid("row " + std::to_string(e.row) + ", column " +
                                 std::to_string(e.column) + " is outside the table",
                             CellField(i, "row"));
    }
    if (!seen.emplace(e.row, e.column).second) {
      return Status::Invalid("the cell at row " + std::to_string(e.row) + ", column " +
                                 std::to_string(e.column) + " is edited twice",
                             CellField(i, "row"));
    }
    const AllocationRow& row = table.rows[e.row];
    const AllocationColumn& col = table.columns[e.column];
    if (e.org_unit && *e.org_unit != row.org_unit_code) {
      return Status::Conflict("row " + std::to_string(e.row) + " is now '" + row.label +
                                  "', not unit " + *e.org_unit + ": reload the table",
                              CellField(i, "orgUnit"));
    }
    if (e.measure && *e.measure != col.measure.code) {
      return Status::Conflict("column " + std::to_string(e.column) + " is now '" + col.label +
                                  "', not " + *e.measure + ": reload the table",
                              CellField(i, "measure"));
    }
    const std::optional<TargetId>& slot = row.targets[e.column];
    if (!slot) {
      return Status::Invalid("the cell at row " + std::to_string(e.row) + ", column " +
                                 std::to_string(e.column) + " (" + row.label + ", " +
                                 col.label + ") is not a target and cannot be edited",
                             CellField(i, "column"));
    }
    const std::string now = row.cells[e.column].value_or("");
    const std::string typed = std::string(TrimSpaces(e.value));
    if (e.was) {
      // Compare as numbers where both are: "57" and "57.0" are the same cell.
      Result<Decimal> a = Decimal::Parse(*e.was), b = Decimal::Parse(now);
      bool same = a.ok() && b.ok() ? *a == *b : *e.was == now;
      if (!same) {
        return Status::Conflict("the cell (" + row.label + ", " + col.label + ") is now '" + now +
                                    "', not '" + *e.was + "': someone changed it meanwhile",
                                CellField(i, "was"));
      }
    }
    if (*slot > 0) {
      const Target* current = FindTarget(book, *slot);
      if (current == nullptr) return Status::Internal("target of a cell not in the plan book");
      TargetChange change{.edit = i, .target = *current, .before = current->value.ToString()};
      if (typed.empty()) {
        change.kind = TargetChange::Kind::kWithdraw;
        change.target.status = TargetStatus::kWithdrawn;
        change.target.status_note = kClearedNote;
      } else {
        GEMIS_ASSIGN_OR_RETURN(Decimal value, CellValue(typed, current->unit, i));
        if (value == current->value) continue;
        change.kind = TargetChange::Kind::kValue;
        change.target.value = value;
      }
      changes.push_back(std::move(change));
      continue;
    }
    if (typed.empty()) continue;
    const Target* sample = FindTarget(book, col.sample);
    if (sample == nullptr) return Status::Internal("column sample not in the plan book");
    GEMIS_ASSIGN_OR_RETURN(Decimal value, CellValue(typed, sample->unit, i));
    Target t;
    t.plan = plan.id;
    t.measure = sample->measure;
    t.org_unit = row.org_unit;
    t.agency_code = row.agency_code;
    // A total row's cell is the measure's total over every level.
    t.level = row.kind == AllocationRow::Kind::kTotal ? ImplementingLevel::kAll : col.level;
    t.period = sample->period;
    t.window = sample->window;
    t.value = value;
    t.unit = sample->unit;
    t.unit_label = sample->unit_label;
    t.direction = sample->direction;
    t.rule = sample->rule;
    t.program_node_code = sample->program_node_code;
    t.table = table.table;
    t.ordinal = row.ordinal + sample->ordinal % 1000;
    changes.push_back({.kind = TargetChange::Kind::kInsert, .edit = i, .target = std::move(t)});
  }
  return changes;
}

PlanBook EditedBook(const PlanBook& book, const std::vector<TargetChange>& changes) {
  PlanBookData data = book.data();
  TargetId next_new = -1;
  for (const TargetChange& c : changes) {
    if (c.kind == TargetChange::Kind::kInsert) {
      Target t = c.target;
      t.id = next_new--;
      data.targets.push_back(std::move(t));
      continue;
    }
    for (Target& t : data.targets) {
      if (t.id == c.target.id) t = c.target;
    }
  }
  return PlanBook(std::move(data));
}

}  // namespace gemis::reporting
