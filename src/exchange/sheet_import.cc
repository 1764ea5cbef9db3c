// Data values from a sheet, and what every sheet import shares.
#include "exchange/sheet_import.h"

#include <cstdio>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "exchange/data_value_rows.h"
#include "exchange/sheet_import_internal.h"

namespace gemis::exchange {
namespace {

// A cell's value as the data value resolver reads it under `notation`.
std::string DataValueText(const SheetCell& cell, ValueNotation notation) {
  std::string text = SheetCellText(cell);
  if (notation != ValueNotation::kVietnamese) return text;
  if (cell.kind == XlsxValue::Kind::kNumber) {
    for (char& c : text) {
      if (c == '.') c = ',';  // a number cell has no grouping; its mark becomes the comma
    }
  } else if (cell.kind == XlsxValue::Kind::kDate && cell.date) {
    text = cell.date->ToVietnameseString();
  }
  return text;
}

// Hands the sheet's values to the importer's resolver, remembering the cell
// of each (by the row index the resolver reports conflicts with).
class SheetRowSource {
 public:
  static constexpr size_t kNoValueColumn = static_cast<size_t>(-1);

  SheetRowSource(const ResolvedSheetMapping& mapping, ValueNotation notation)
      : mapping_(mapping), notation_(notation) {}

  Status Run(DataValueRowSink& sink) {
    const SheetTable& table = mapping_.table();
    int value_col = mapping_.FieldColumn("value");
    for (int row = mapping_.first_row(); row <= mapping_.last_row(); ++row) {
      if (!mapping_.IsDataRow(row)) continue;
      DataValueRow base;
      base.data_element = mapping_.Text(row, "dataElement");
      base.period = mapping_.Text(row, "period");
      base.org_unit = mapping_.Text(row, "orgUnit");
      base.coc = mapping_.Text(row, "categoryOptionCombo");
      base.aoc = mapping_.Text(row, "attributeOptionCombo");
      base.comment = mapping_.Text(row, "comment");
      base.stored_by = mapping_.Text(row, "storedBy");
      base.followup = mapping_.Text(row, "followup");
      base.line = row;
      if (mapping_.value_columns().empty()) {
        if (value_col == 0) {  // the same value on every row (--set value=true)
          base.value = mapping_.Text(row, "value");
          GEMIS_RETURN_IF_ERROR(Deliver(sink, std::move(base), row, 0, kNoValueColumn));
        } else {
          GEMIS_RETURN_IF_ERROR(Emit(sink, std::move(base), row, value_col, kNoValueColumn,
                                     table.At(row, value_col)));
        }
        continue;
      }
      for (const auto& [source, index] : mapping_.value_columns()) {
        SheetCell cell = source.column > 0 ? table.At(row, source.column) : SheetCell{};
        if (source.column > 0 && cell.empty()) continue;
        DataValueRow value = base;
        const ValueColumn& column = mapping_.mapping().values[index];
        auto attribute = [&](const char* name, std::string& target) {
          auto it = column.attributes.find(name);
          if (it != column.attributes.end()) target = it->second;
        };
        attribute("dataElement", value.data_element);
        attribute("categoryOptionCombo", value.coc);
        attribute("attributeOptionCombo", value.aoc);
        attribute("period", value.period);
        if (source.column == 0) {
          value.value = source.constant;
          GEMIS_RETURN_IF_ERROR(Deliver(sink, std::move(value), row, 0, index));
        } else {
          GEMIS_RETURN_IF_ERROR(Emit(sink, std::move(value), row, source.column, index, cell));
        }
      }
    }
    return Status::Ok();
  }

  // The cell of a conflict about `property` of the value with row index `index`.
  std::string CellOf(int64_t index, const std::string& property) const {
    if (index < 0 || static_cast<size_t>(index) >= cells_.size()) return {};
    auto [row, value_col, column_index] = cells_[static_cast<size_t>(index)];
    int col = mapping_.FieldColumn(property);
    // What the value column says (its data element, option combos, period)
    // is located at the value's cell.
    bool from_value_column =
        column_index != kNoValueColumn &&
        (property == "value" ||
         mapping_.mapping().values[column_index].attributes.contains(property));
    if (col == 0 || from_value_column) col = value_col;
    return col == 0 ? std::string() : mapping_.table().CellName(row, col);
  }

 private:
  Status Emit(DataValueRowSink& sink, DataValueRow value, int row, int col, size_t column_index,
              const SheetCell& cell) {
    if (cell.kind == XlsxValue::Kind::kError) {
      int64_t index = next_index_++;
      cells_.emplace_back(row, col, column_index);
      sink.RecordProblem(
          Status::Invalid("the cell holds the error " + std::string(cell.text) + ", not a value",
                          mapping_.table().Locate(row, col)),
          index);
      return Status::Ok();
    }
    value.value = DataValueText(cell, notation_);
    return Deliver(sink, std::move(value), row, col, column_index);
  }

  Status Deliver(DataValueRowSink& sink, DataValueRow value, int row, int col,
                 size_t column_index) {
    value.index = next_index_++;
    cells_.emplace_back(row, col, column_index);
    return sink.Row(std::move(value));
  }

  const ResolvedSheetMapping& mapping_;
  ValueNotation notation_;
  int64_t next_index_ = 0;
  // By row index: the sheet row, the value's column, the value column's
  // index in the mapping (kNoValueColumn in the long layout).
  std::vector<std::tuple<int, int, size_t>> cells_;
};

}  // namespace

std::string SheetDateText(const std::string& text) {
  // d/m/yyyy or dd/mm/yyyy (also with '-' or '.'), nothing else.
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int part = 0;
  char separator = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (++digits[part] > 4) return text;
      parts[part] = parts[part] * 10 + (c - '0');
    } else if ((c == '/' || c == '-' || c == '.') && part < 2 && digits[part] > 0 &&
               (separator == 0 || c == separator)) {
      separator = c;
      ++part;
    } else {
      return text;
    }
  }
  if (part != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] != 4) return text;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", parts[2], parts[1], parts[0]);
  return buffer;
}

namespace sheet_import {

void LocateConflicts(std::vector<ImportConflict>& conflicts,
                     const std::function<std::string(const ImportConflict&)>& cell_of) {
  for (ImportConflict& conflict : conflicts) {
    if (conflict.cell.empty()) conflict.cell = cell_of(conflict);
  }
}

}  // namespace sheet_import

Result<ImportSummary> ImportDataValuesFromSheet(store::Store& store,
                                                const ResolvedSheetMapping& mapping,
                                                DataValueImportOptions options) {
  if (mapping.value_columns().empty() &&
      (!mapping.HasField("dataElement") || !mapping.HasField("value"))) {
    return Status::Usage(
        "a data value mapping needs the fields dataElement and value, or value columns");
  }
  for (const char* field : {"orgUnit", "period"}) {
    bool in_every_column = !mapping.value_columns().empty();
    for (const auto& [source, index] : mapping.value_columns()) {
      if (!mapping.mapping().values[index].attributes.contains(field)) in_every_column = false;
    }
    if (!mapping.HasField(field) && !(std::string_view(field) == "period" && in_every_column)) {
      return Status::Usage(std::string("a data value mapping needs the field ") + field);
    }
  }
  SheetRowSource source(mapping, options.notation);
  options.row_source = [&source](DataValueRowSink& sink) { return source.Run(sink); };
  std::istringstream none;
  GEMIS_ASSIGN_OR_RETURN(ImportSummary summary,
                         ImportDataValues(store, none, mapping.table().source(), options));
  sheet_import::LocateConflicts(summary.conflicts, [&](const ImportConflict& c) {
    return c.indexes.empty() ? std::string() : source.CellOf(c.indexes.front(), c.property);
  });
  return summary;
}

}  // namespace gemis::exchange
