// A plan's targets from a sheet: the sheet is turned into one entry of a
// plan file's `tables` and read by the plan import's own table reader, so
// every rule of docs/formats/plans-json.md holds; errors are then moved
// from JSON pointers back to the sheet's cells.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/plan_book.h"
#include "core/text.h"
#include "core/clock.h"
#include "exchange/plan_import_internal.h"
#include "exchange/sheet_import.h"
#include "exchange/sheet_import_internal.h"

namespace gemis::exchange {
namespace {

using nlohmann::json;

struct SheetTableJson {
  json document;
  std::vector<int> rows;  // the sheet row of each table row
};

// `codes`: the unit code of each row that names its unit by name; rows
// in `skip` (whose name named no unit) are left out.
SheetTableJson BuildTable(const ResolvedSheetMapping& mapping, const std::string& name,
                          const std::string& section, const std::map<int, std::string>& codes,
                          const std::set<int>& skip) {
  SheetTableJson out;
  json columns = json::array();
  for (const auto& [source, index] : mapping.value_columns()) {
    json column = json::object();
    for (const auto& [key, value] : mapping.mapping().values[index].attributes) {
      column[key] = value;
    }
    columns.push_back(std::move(column));
  }
  json rows = json::array();
  for (int row = mapping.first_row(); row <= mapping.last_row(); ++row) {
    if (!mapping.IsDataRow(row) || skip.contains(row)) continue;
    json r = json::object();
    for (const char* field : {"label", "stt", "orgUnit", "agency", "level"}) {
      std::string text = mapping.Text(row, field);
      if (!text.empty()) r[field] = text;
    }
    if (auto code = codes.find(row); code != codes.end() && !r.contains("orgUnit")) {
      r["orgUnit"] = code->second;
    }
    if (!r.contains("label")) {
      std::string unit_name = mapping.Text(row, "unitName");
      if (!unit_name.empty()) r["label"] = unit_name;
    }
    r["line"] = row;
    json cells = json::array();
    for (const auto& [source, index] : mapping.value_columns()) {
      std::string text = mapping.Text(row, source);
      if (source.column > 0) {
        SheetCell cell = mapping.table().At(row, source.column);
        // A number cell's text is the number; a text cell is read as a
        // plan file's cell (a decimal with '.'), so "1.234" typed as text
        // is refused rather than misread.
        if (cell.kind == XlsxValue::Kind::kError) text = std::string(cell.text);
      }
      cells.push_back(text.empty() ? json(nullptr) : json(text));
    }
    r["cells"] = std::move(cells);
    rows.push_back(std::move(r));
    out.rows.push_back(row);
  }
  out.document = {{"tables", json::array({{{"name", name},
                                           {"section", section},
                                           {"columns", std::move(columns)},
                                           {"rows", std::move(rows)}}})}};
  return out;
}

// Where a plan-file conflict at `pointer` ("/tables/0/rows/3/cells/2") is
// in the sheet, and the mapping's name for what it is about.
struct SheetPlace {
  int row = 0;
  int col = 0;  // 0: the conflict is about the mapping or the table as a whole
  std::string property;
};

SheetPlace PlaceOfPointer(const ResolvedSheetMapping& mapping, const std::vector<int>& rows,
                          const std::string& pointer) {
  std::vector<std::string> tokens;
  size_t start = 1;
  while (start <= pointer.size()) {
    size_t slash = pointer.find('/', start);
    tokens.push_back(pointer.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  SheetPlace place;
  // tokens: tables, 0, rows|columns, N, member, [K]
  if (tokens.size() < 4 || tokens[0] != "tables") return place;
  auto number = [](const std::string& t) -> std::optional<size_t> {
    if (t.empty() || t.size() > 9) return std::nullopt;
    size_t n = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    return n;
  };
  std::optional<size_t> n = number(tokens[3]);
  if (!n) return place;
  const auto& values = mapping.value_columns();
  place.property = tokens.size() >= 5 ? tokens[4] : tokens[2];
  if (tokens[2] == "columns") {
    if (*n < values.size() && values[*n].first.column > 0) {
      place.row = mapping.first_row() > 1 ? mapping.first_row() - 1 : 1;
      place.col = values[*n].first.column;
    }
    return place;
  }
  if (tokens[2] != "rows" || *n >= rows.size()) return place;
  place.row = rows[*n];
  if (tokens.size() >= 6 && tokens[4] == "cells") {
    std::optional<size_t> k = number(tokens[5]);
    place.property = "value";
    if (k && *k < values.size() && values[*k].first.column > 0) {
      place.col = values[*k].first.column;
      return place;
    }
  }
  place.col = mapping.FieldColumn(place.property);
  if (place.col == 0) place.col = 1;
  return place;
}

// The conflict moved from the JSON pointer to the sheet: its cell, line
// (the sheet row), property (a mapping field, "value" for a cell) and a
// message located at the cell.
void MoveToSheet(const ResolvedSheetMapping& mapping, const std::vector<int>& rows,
                 ImportConflict& c) {
  const std::string pointer = c.property;
  SheetPlace place = PlaceOfPointer(mapping, rows, pointer);
  std::string marker = "'" + pointer + "': ";
  size_t at = c.message.find(marker);
  std::string reason = at == std::string::npos ? c.message : c.message.substr(at + marker.size());
  if (place.row > 0 && place.col > 0) {
    c.cell = mapping.table().CellName(place.row, place.col);
    c.line = place.row;
    c.message = Status::Invalid(reason, mapping.table().Locate(place.row, place.col)).ToString();
  } else {
    c.message = mapping.table().source() + ": " + reason;
  }
  if (!place.property.empty()) c.property = place.property;
}

// The units whose name (with or without its type: "Quảng Hòa", "Huyện
// Quảng Hòa") is `text`, case and tone placement aside, strictly inside
// `root` on day `d`, nearest to `root` first: the units found at the
// smallest depth, or none. (A provincial table's "Trùng Khánh" is the
// district, not the town of the same name inside it.)
std::vector<const OrgUnit*> UnitsNamed(const Hierarchy& hierarchy, OrgUnitId root, Date d,
                                       const std::string& text) {
  const std::string key = ToneNormalizedKey(text);
  std::vector<OrgUnitId> level = hierarchy.ChildrenAt(root, d);
  while (!level.empty()) {
    std::vector<const OrgUnit*> found;
    std::vector<OrgUnitId> next;
    for (OrgUnitId id : level) {
      const OrgUnit* unit = hierarchy.Find(id);
      const OrgUnitVersion* version = unit == nullptr ? nullptr : unit->VersionAt(d);
      if (version == nullptr) continue;
      if (ToneNormalizedKey(version->name) == key ||
          ToneNormalizedKey(version->FullName()) == key) {
        found.push_back(unit);
      }
      for (OrgUnitId child : hierarchy.ChildrenAt(id, d)) next.push_back(child);
    }
    if (!found.empty()) return found;
    level = std::move(next);
  }
  return {};
}

// Resolves the unitName of every data row without an orgUnit; a name that
// names no unit or several is a conflict at its cell.
std::map<int, std::string> ResolveUnitNames(const ResolvedSheetMapping& mapping,
                                            const Hierarchy& hierarchy, const Plan& plan,
                                            const std::vector<int>& rows,
                                            std::vector<ImportConflict>& conflicts) {
  std::map<int, std::string> codes;
  if (!mapping.HasField("unitName")) return codes;
  const Date d = plan.EffectiveDate();
  for (size_t i = 0; i < rows.size(); ++i) {
    int row = rows[i];
    std::string name = mapping.Text(row, "unitName");
    if (name.empty() || !mapping.Text(row, "orgUnit").empty()) continue;
    std::vector<const OrgUnit*> units = UnitsNamed(hierarchy, plan.issuer_unit, d, name);
    const OrgUnitVersion* version = units.size() == 1 ? units[0]->VersionAt(d) : nullptr;
    if (version != nullptr && !version->code.empty()) {
      codes[row] = version->code;
      continue;
    }
    std::string why;
    if (units.empty()) {
      why = "no unit inside the plan's issuing unit is named '" + name + "' on " + d.ToString();
    } else if (units.size() > 1) {
      why = "'" + name + "' names " + std::to_string(units.size()) + " units:";
      for (const OrgUnit* unit : units) {
        const OrgUnitVersion* v = unit->VersionAt(d);
        why += " " + v->FullName() + " (" + v->code + ")";
      }
      why += "; map a column of codes to orgUnit";
    } else {
      why = "the unit named '" + name + "' has no code";
    }
    int col = mapping.FieldColumn("unitName");
    ImportConflict c;
    c.object = name;
    c.value = name;
    c.error_code = kPlanReference;
    c.property = "unitName";
    c.indexes = {static_cast<int64_t>(i)};
    c.line = row;
    c.cell = mapping.table().CellName(row, col > 0 ? col : 1);
    c.message = Status::Invalid(why, mapping.table().Locate(row, col > 0 ? col : 1)).ToString();
    conflicts.push_back(std::move(c));
  }
  return codes;
}

}  // namespace

Result<PlanImportResult> ImportTargetsFromSheet(store::Store& store,
                                                const ResolvedSheetMapping& mapping,
                                                const TargetSheetOptions& options) {
  const auto& settings = mapping.mapping().settings;
  auto setting = [&](const std::string& given, const char* key) {
    if (!given.empty()) return given;
    auto it = settings.find(key);
    return it == settings.end() ? std::string() : it->second;
  };
  const std::string plan_ref = setting(options.plan, "plan");
  std::string table_name = setting(options.table, "table");
  if (table_name.empty()) table_name = mapping.table().name();
  std::string section = setting("", "section");
  if (section.empty()) section = table_name;
  if (plan_ref.empty()) return Status::Usage("targets need a plan: --plan CODE or \"plan\"");
  if (mapping.value_columns().empty()) {
    return Status::Usage("a target mapping needs value columns (one per measure and level)");
  }
  if (!mapping.HasField("orgUnit") && !mapping.HasField("unitName")) {
    return Status::Usage("a target mapping needs the field orgUnit or unitName");
  }

  std::vector<int> data_rows;
  for (int row = mapping.first_row(); row <= mapping.last_row(); ++row) {
    if (mapping.IsDataRow(row)) data_rows.push_back(row);
  }
  SheetTableJson table;
  PlanImportResult result;
  result.summary.dry_run = options.dry_run;
  const Status rollback = Status::Conflict("target import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(PlanBook stored, txn.LoadPlanBook());
    bool ambiguous = false;
    const Plan* plan = stored.FindPlan(plan_ref, &ambiguous);
    if (plan == nullptr) {
      return Status::NotFound(
          ambiguous ? "several plans have the number '" + plan_ref + "': give the plan's code"
                    : "no plan '" + plan_ref + "'",
          {"", 0, 0, "--plan"});
    }
    std::vector<ImportConflict> name_conflicts;
    std::map<int, std::string> codes =
        ResolveUnitNames(mapping, hierarchy, *plan, data_rows, name_conflicts);
    std::set<int> unnamed;
    for (const ImportConflict& c : name_conflicts) unnamed.insert(static_cast<int>(c.line));
    table = BuildTable(mapping, table_name, section, codes, unnamed);
    plan_import::Diagnostics diag(mapping.table().source(), nullptr);
    plan_import::Context ctx{diag,
                             "",
                             hierarchy,
                             nullptr,
                             metadata,
                             stored,
                             options.today ? *options.today : VietnamToday(),
                             {},
                             {},
                             {},
                             {},
                             {}};
    plan_import::PlanScope scope{*plan, plan->EffectiveDate(), plan->source.document};
    plan_import::PlanContents contents;
    plan_import::Fields fields(diag, table.document, "", {"tables"});
    plan_import::ReadTables(ctx, scope, fields, contents);
    result.counts.targets = static_cast<int64_t>(contents.targets.size());
    result.counts.place_counts = static_cast<int64_t>(contents.place_counts.size());
    if (!diag.ok() || !name_conflicts.empty()) {
      for (ImportConflict& c : diag.conflicts()) MoveToSheet(mapping, table.rows, c);
      result.summary.conflicts = std::move(name_conflicts);
      for (ImportConflict& c : diag.conflicts()) result.summary.conflicts.push_back(std::move(c));
      return rollback;
    }
    GEMIS_ASSIGN_OR_RETURN(int64_t deleted, txn.ClearPlanTable(plan->id, table_name));
    for (Target target : contents.targets) {
      target.plan = plan->id;
      GEMIS_RETURN_IF_ERROR(txn.InsertTarget(target).status());
    }
    for (PlaceCount count : contents.place_counts) {
      count.plan = plan->id;
      GEMIS_RETURN_IF_ERROR(txn.InsertPlaceCount(count));
    }
    result.summary.count.imported = result.counts.targets + result.counts.place_counts;
    result.summary.count.deleted = deleted;
    return options.dry_run ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  if (!result.summary.conflicts.empty()) {
    result.summary.status = ImportStatus::kError;
    result.summary.count = {};
    result.summary.count.ignored = static_cast<int64_t>(data_rows.size());
    result.summary.description = "conflicts found; nothing written";
    return result;
  }
  result.summary.status = ImportStatus::kSuccess;
  result.summary.description =
      std::string(options.dry_run ? "dry run: would import " : "imported ") +
      std::to_string(result.counts.targets) + " target(s) into table '" + table_name +
      "', replacing " + std::to_string(result.summary.count.deleted);
  return result;
}

}  // namespace gemis::exchange
