// Org units and designation lists from a sheet.
#include <utility>
#include <vector>

#include "core/designation.h"
#include "core/hierarchy.h"
#include "core/clock.h"
#include "exchange/sheet_import.h"
#include "exchange/sheet_import_internal.h"

namespace gemis::exchange {
namespace {

// The sheet row of each data row, by its 0-based index.
std::vector<int> DataRows(const ResolvedSheetMapping& mapping) {
  std::vector<int> rows;
  for (int row = mapping.first_row(); row <= mapping.last_row(); ++row) {
    if (mapping.IsDataRow(row)) rows.push_back(row);
  }
  return rows;
}

// The cell of a conflict about field `property` of data row `index`: the
// field's column, else the row's first cell.
std::string CellOf(const ResolvedSheetMapping& mapping, const std::vector<int>& rows,
                   const ImportConflict& conflict) {
  if (conflict.indexes.empty()) return {};
  int64_t index = conflict.indexes.front();
  if (index < 0 || static_cast<size_t>(index) >= rows.size()) return {};
  int col = mapping.FieldColumn(conflict.property);
  return mapping.table().CellName(rows[static_cast<size_t>(index)], col > 0 ? col : 1);
}

}  // namespace

OrgUnitFile OrgUnitFileFromSheet(const ResolvedSheetMapping& mapping) {
  OrgUnitFile file;
  int64_t index = 0;
  for (int row : DataRows(mapping)) {
    OrgUnitRow unit;
    unit.index = index++;
    unit.line = row;
    unit.code = mapping.Text(row, "code");
    unit.name = mapping.Text(row, "name");
    unit.level = mapping.Text(row, "level");
    unit.parent_code = mapping.Text(row, "parentCode");
    unit.valid_from = SheetDateText(mapping.Text(row, "validFrom"));
    unit.valid_to = SheetDateText(mapping.Text(row, "validTo"));
    unit.unit_type = mapping.Text(row, "unitType");
    unit.name_en = mapping.Text(row, "nameEn");
    unit.uid = mapping.Text(row, "uid");
    file.rows.push_back(std::move(unit));
  }
  return file;
}

Result<ImportSummary> ImportOrgUnitsFromSheet(store::Store& store,
                                              const ResolvedSheetMapping& mapping,
                                              const OrgUnitImportOptions& options,
                                              RandomSource& random) {
  for (const char* field : {"code", "name", "level", "parentCode", "validFrom"}) {
    if (!mapping.HasField(field)) {
      return Status::Usage(std::string("an org unit mapping needs the field ") + field);
    }
  }
  GEMIS_ASSIGN_OR_RETURN(ImportSummary summary,
                         ImportOrgUnitFile(store, OrgUnitFileFromSheet(mapping), options, random));
  std::vector<int> rows = DataRows(mapping);
  sheet_import::LocateConflicts(summary.conflicts,
                                [&](const ImportConflict& c) { return CellOf(mapping, rows, c); });
  return summary;
}

namespace {

// Reads, checks and writes a designation sheet inside one transaction.
class DesignationSheet {
 public:
  DesignationSheet(const ResolvedSheetMapping& mapping, const DesignationImportOptions& options)
      : mapping_(mapping), options_(options), rows_(DataRows(mapping)) {}

  Status Run(store::WriteTransaction& txn, ImportSummary& summary) {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    Date today = options_.today ? *options_.today : VietnamToday();
    std::vector<std::pair<int64_t, Designation>> good;
    for (size_t i = 0; i < rows_.size(); ++i) {
      std::optional<Designation> d = Read(hierarchy, static_cast<int64_t>(i), today);
      if (d) good.emplace_back(static_cast<int64_t>(i), std::move(*d));
    }
    const bool write = options_.best_effort || conflicts_.empty();
    for (const auto& [index, designation] : good) {
      if (!write) {
        ++summary.count.ignored;
        continue;
      }
      Result<WriteOutcome> outcome = txn.SaveDesignation(designation);
      if (!outcome.ok()) {
        if (outcome.status().code() != ErrorCode::kConflict) return outcome.status();
        Conflict(index, "from", kDesignationOverlap, Text(index, "orgUnit"),
                 outcome.status().message());
        ++summary.count.ignored;
        continue;
      }
      switch (*outcome) {
        case WriteOutcome::kImported: ++summary.count.imported; break;
        case WriteOutcome::kUpdated: ++summary.count.updated; break;
        default: ++summary.count.ignored; break;
      }
    }
    // An overlap found while writing rejects an atomic import too.
    if (!options_.best_effort && !conflicts_.empty()) {
      summary.count.ignored += summary.count.imported + summary.count.updated;
      summary.count.imported = summary.count.updated = 0;
    }
    summary.count.ignored += static_cast<int64_t>(rows_.size() - good.size());
    summary.conflicts = std::move(conflicts_);
    return Status::Ok();
  }

 private:
  std::string Text(int64_t index, const char* field) const {
    return mapping_.Text(rows_[static_cast<size_t>(index)], field);
  }

  void Conflict(int64_t index, const char* field, const char* code, std::string value,
                const std::string& message) {
    int row = rows_[static_cast<size_t>(index)];
    int col = mapping_.FieldColumn(field);
    ImportConflict c;
    c.object = Text(index, "orgUnit");
    c.value = std::move(value);
    c.error_code = code;
    c.property = field;
    c.indexes = {index};
    c.line = row;
    c.cell = mapping_.table().CellName(row, col > 0 ? col : 1);
    Location where = mapping_.table().Locate(row, col > 0 ? col : 1);
    c.message = Status::Invalid(message, where).ToString();
    conflicts_.push_back(std::move(c));
  }

  std::optional<Date> ReadDate(int64_t index, const char* field, bool& ok) {
    std::string text = SheetDateText(Text(index, field));
    if (text.empty()) return std::nullopt;
    Result<Date> date = Date::Parse(text);
    if (!date.ok()) {
      Conflict(index, field, kDesignationDate, text,
               "not a date (YYYY-MM-DD or dd/mm/yyyy): '" + text + "'");
      ok = false;
      return std::nullopt;
    }
    return *date;
  }

  std::optional<Designation> Read(const Hierarchy& hierarchy, int64_t index, Date today) {
    Designation d;
    bool ok = true;
    d.kind = Text(index, "kind");
    d.from = ReadDate(index, "from", ok);
    d.to = ReadDate(index, "to", ok);
    d.legal_basis = Text(index, "legalBasis");
    d.note = Text(index, "note");
    if (!ok) return std::nullopt;
    std::string code = Text(index, "orgUnit");
    Date at = d.from ? *d.from : (d.to ? *d.to : today);
    const OrgUnit* unit = code.empty() ? nullptr : hierarchy.FindByCode(code, at);
    if (unit == nullptr) {
      Conflict(index, "orgUnit", kDesignationUnit, code,
               code.empty() ? "no unit code"
                            : "no unit has the code '" + code + "' on " + at.ToString());
      return std::nullopt;
    }
    d.org_unit = unit->id;
    std::optional<OrgUnitLevel> wanted = DesignationLevel(d.kind);
    const OrgUnitVersion* version = unit->VersionAt(at);
    if (wanted && version != nullptr && version->level != *wanted) {
      Conflict(index, "orgUnit", kDesignationLevel, code,
               "'" + code + "' is a " + LevelName(version->level) + " on " + at.ToString() +
                   "; the list " + d.kind + " holds " + LevelName(*wanted) + "s");
      return std::nullopt;
    }
    Status checked = CheckDesignation(d);
    if (!checked.ok()) {
      const std::string& field = checked.where().field;
      const char* property = "kind";
      for (const char* f : {"kind", "from", "to", "legalBasis", "note"}) {
        if (field == f) property = f;
      }
      Conflict(index, property, kDesignationInvalid, d.kind, checked.message());
      return std::nullopt;
    }
    return d;
  }

  const ResolvedSheetMapping& mapping_;
  const DesignationImportOptions& options_;
  std::vector<int> rows_;
  std::vector<ImportConflict> conflicts_;
};

}  // namespace

Result<ImportSummary> ImportDesignationsFromSheet(store::Store& store,
                                                  const ResolvedSheetMapping& mapping,
                                                  const DesignationImportOptions& options) {
  for (const char* field : {"kind", "orgUnit"}) {
    if (!mapping.HasField(field)) {
      return Status::Usage(std::string("a designation mapping needs the field ") + field);
    }
  }
  ImportSummary summary;
  summary.dry_run = options.dry_run;
  DesignationSheet sheet(mapping, options);
  const Status rollback = Status::Conflict("designation import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(sheet.Run(txn, summary));
    bool rejected = !summary.conflicts.empty() && !options.best_effort;
    return options.dry_run || rejected ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  int64_t written = summary.count.imported + summary.count.updated;
  if (summary.conflicts.empty()) {
    summary.status = ImportStatus::kSuccess;
    summary.description = "import done";
  } else if (options.best_effort && written > 0) {
    summary.status = ImportStatus::kWarning;
    summary.description = "rows with conflicts skipped; the rest imported";
  } else {
    summary.status = ImportStatus::kError;
    summary.description = "conflicts found; nothing written";
  }
  if (options.dry_run) summary.description = "dry run, nothing written: " + summary.description;
  return summary;
}

}  // namespace gemis::exchange
