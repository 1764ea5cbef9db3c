// Plan import, part 5: appendix tables, expanded cell by cell into targets
// and place counts (docs/formats/plans-json.md, "tables").
#include <algorithm>
#include <limits>

#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

// A table cell's ordinal is (row + 1) * kRowStride + column.
constexpr int kRowStride = 1000;

struct Column {
  bool place_count = false;
  std::string kind;                // of a place-count column
  std::optional<Measure> measure;  // of a target column
  Target proto;                    // of a target column: everything but the row's part
};

Column ReadColumn(Context& ctx, const json& j, const std::string& pointer) {
  Fields f(ctx.diag, j, pointer,
           {"placeCount", "measure", "level", "window", "period", "unit", "unitLabel", "rule",
            "direction", "status", "statusNote", "activity"});
  Column c;
  if (!f.valid()) return c;
  if (f.Has("placeCount")) {
    c.place_count = true;
    c.kind = f.Required("placeCount");
    const std::vector<std::string>& kinds = PlaceCountKinds();
    if (!c.kind.empty() && std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) {
      f.Error("placeCount", "unknown place-count kind '" + c.kind + "'", kPlanEnum);
    }
    if (j.size() > 1) {
      f.Error("placeCount", "a place-count column has no other members than placeCount");
    }
    return c;
  }
  c.measure = ReadMeasure(ctx, f);
  ReadTargetAttributes(ctx, f, c.measure, c.proto);
  return c;
}

struct TableScope {
  std::string name;
  std::string section;
  std::vector<Column> columns;
};

std::optional<int64_t> ReadCount(Diagnostics& diag, const std::string& pointer,
                                 const std::string& text) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value.ok() || !value->is_integer() || value->Compare(Decimal()) < 0) {
    diag.Error(pointer, "a place count must be a whole number of at least 0, not '" + text + "'",
               kPlanValue, text);
    return std::nullopt;
  }
  return value->ToInt();
}

// One non-empty cell of row `r`, column `k`.
void ReadCell(Context& ctx, const PlanScope& scope, const TableScope& table, Fields& row, size_t r,
              size_t k, const std::string& text, const ResolvedUnit& unit,
              const std::string& agency, const std::optional<ImplementingLevel>& level,
              const std::string& row_label, std::optional<int64_t> line, PlanContents& out) {
  const Column& column = table.columns[k];
  std::string pointer = JsonPointerChild(row.At("cells"), k);
  int ordinal = static_cast<int>((r + 1) * kRowStride + k);
  SourceRef source{scope.document,
                   table.section + ", dòng " + row_label + ", cột " + std::to_string(k + 1) +
                       (line ? ", dòng tệp " + std::to_string(*line) : ""),
                   text};
  if (column.place_count) {
    if (!agency.empty()) {
      ctx.diag.Error(pointer, "a place count belongs to a unit, not to an agency (row agency '" +
                                  agency + "')");
      return;
    }
    std::optional<int64_t> count = ReadCount(ctx.diag, pointer, text);
    if (count) {
      out.place_counts.push_back(
          {0, unit.id, column.kind, *count, std::nullopt, table.name, ordinal, source});
    }
    return;
  }
  if (!column.measure) return;  // the column's error is reported
  Target t = column.proto;
  t.org_unit = unit.id;
  t.agency_code = agency;
  if (level) t.level = *level;
  std::optional<Decimal> value = CheckValue(ctx.diag, pointer, text, *column.measure, t.unit);
  if (!value) return;
  t.value = *value;
  t.table = table.name;
  t.ordinal = ordinal;
  t.source = std::move(source);
  out.targets.push_back(std::move(t));
}

void ReadRow(Context& ctx, const PlanScope& scope, const TableScope& table, const json& j,
             const std::string& pointer, size_t r, PlanContents& out) {
  Fields f(ctx.diag, j, pointer,
           {"label", "stt", "orgUnit", "unit", "agency", "level", "line", "cells"});
  if (!f.valid()) return;
  std::string label = f.Text("label");
  std::string stt = f.Text("stt");
  std::string row_label = !label.empty() ? label : !stt.empty() ? stt : std::to_string(r + 1);
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, scope.effective, true);
  if (unit) CheckInside(ctx, scope, f, *unit);
  std::string agency = ReadAgencyRef(ctx, f, "agency");
  std::optional<ImplementingLevel> level;
  if (!f.Text("level").empty()) {
    level = f.Enum(
        "level", ImplementingLevel::kAll,
        {ImplementingLevel::kAll, ImplementingLevel::kCentre, ImplementingLevel::kProvince,
         ImplementingLevel::kDistrict, ImplementingLevel::kCommune, ImplementingLevel::kVillage},
        ImplementingLevelName);
  }
  std::optional<int64_t> line =
      f.Integer("line", 1, std::numeric_limits<int32_t>::max(), false, "line");
  const json* cells = f.Array("cells");
  if (cells == nullptr) {
    if (!f.Has("cells")) f.Error("cells", "required");
    return;
  }
  if (cells->size() != table.columns.size()) {
    f.Error("cells", std::to_string(cells->size()) + " cells for " +
                         std::to_string(table.columns.size()) +
                         " columns (one entry per column; null or \"\" for an empty cell)");
    return;
  }
  for (size_t k = 0; k < cells->size(); ++k) {
    const json& cell = (*cells)[k];
    if (cell.is_null() || (cell.is_string() && cell.get_ref<const std::string&>().empty()))
      continue;
    if (!cell.is_string()) {
      ctx.diag.Error(JsonPointerChild(f.At("cells"), k),
                     "a cell is a string holding a decimal, null or \"\"", kPlanType, cell.dump());
      continue;
    }
    if (!unit) continue;  // the row's unit error is reported
    ReadCell(ctx, scope, table, f, r, k, cell.get<std::string>(), *unit, agency, level, row_label,
             line, out);
  }
}

void ReadTable(Context& ctx, const PlanScope& scope, const json& j, const std::string& pointer,
               std::unordered_set<std::string>& names, PlanContents& out) {
  Fields f(ctx.diag, j, pointer, {"name", "section", "columns", "rows"});
  if (!f.valid()) return;
  TableScope table;
  table.name = f.Required("name");
  if (!table.name.empty() && !names.insert(table.name).second) {
    f.Error("name", "two tables of the plan are named '" + table.name + "'", kPlanDuplicate);
  }
  table.section = f.Text("section");
  if (table.section.empty()) table.section = table.name;
  ForEachElement(f, "columns", [&](const json& e, const std::string& p) {
    table.columns.push_back(ReadColumn(ctx, e, p));
  });
  if (table.columns.empty()) {
    f.Error("columns", "a table needs at least one column");
    return;
  }
  if (table.columns.size() >= static_cast<size_t>(kRowStride)) {
    f.Error("columns", "a table has at most " + std::to_string(kRowStride - 1) + " columns");
    return;
  }
  const json* rows = f.Array("rows");
  if (rows != nullptr &&
      rows->size() >= static_cast<size_t>(std::numeric_limits<int>::max() / kRowStride)) {
    f.Error("rows", "too many rows");
    return;
  }
  size_t r = 0;
  ForEachElement(f, "rows", [&](const json& e, const std::string& p) {
    ReadRow(ctx, scope, table, e, p, r++, out);
  });
}

}  // namespace

void ReadTables(Context& ctx, const PlanScope& scope, Fields& plan, PlanContents& out) {
  std::unordered_set<std::string> names;
  ForEachElement(plan, "tables", [&](const json& j, const std::string& p) {
    ReadTable(ctx, scope, j, p, names, out);
  });
}

}  // namespace gemis::exchange::plan_import
