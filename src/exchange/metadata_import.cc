#include "exchange/metadata_import.h"

#include <fstream>
#include <sstream>

#include "core/builtin_metadata.h"
#include "core/org_unit.h"
#include "core/text.h"
#include "core/uid.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {

Status InstallBuiltinMetadata(store::WriteTransaction& txn, const std::string& data_dir) {
  std::string path = data_dir + "/" + std::string(kEthnicGroupsFile);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  Result<Category> ethnicity = ParseEthnicGroupsCsv(text.str());
  if (!ethnicity.ok()) return ethnicity.status().WithContext({path, 0, 0, ""});
  for (const CategoryCombo& combo : BuiltinCategoryCombos(*ethnicity)) {
    GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(combo).status());
  }
  return Status::Ok();
}

namespace {

Result<DataElement> ElementFromRow(const CsvHeader& header, const CsvRecord& row) {
  auto get = [&](std::initializer_list<std::string_view> names) {
    return std::string(row.Get(header.Find(names)));
  };
  DataElement e;
  e.code = get({"code"});
  GEMIS_ASSIGN_OR_RETURN(e.name, ToNfc(get({"name"})));
  GEMIS_ASSIGN_OR_RETURN(e.name_en, ToNfc(get({"name_en", "nameen"})));
  GEMIS_ASSIGN_OR_RETURN(e.short_name, ToNfc(get({"short_name", "shortname"})));
  GEMIS_ASSIGN_OR_RETURN(e.description, ToNfc(get({"description"})));
  std::string value_type = get({"value_type", "valuetype"});
  if (!value_type.empty()) {
    Result<ValueType> parsed = ParseValueType(value_type);
    if (!parsed.ok()) return parsed.status().WithContext({"", 0, 0, "value_type"});
    e.value_type = *parsed;
  }
  std::string aggregation = get({"aggregation_type", "aggregationtype"});
  if (!aggregation.empty()) {
    Result<AggregationType> parsed = ParseAggregationType(aggregation);
    if (!parsed.ok()) return parsed.status().WithContext({"", 0, 0, "aggregation_type"});
    e.aggregation_type = *parsed;
  }
  std::string combo = get({"category_combo", "categorycombo"});
  if (!combo.empty()) e.category_combo_code = combo;
  std::string uid = get({"uid", "id"});
  e.uid = uid.empty() ? UidFromKey("data_element/" + e.code) : uid;
  std::string unit = get({"unit"});
  if (!unit.empty()) e.unit = unit;
  std::string zero = get({"zero_is_significant", "zeroissignificant"});
  e.zero_is_significant = zero == "true" || zero == "1";
  // Tiers by number or name, separated by ';', ',' or spaces: "3;4", "huyện xã".
  std::string levels = get({"aggregation_levels", "aggregationlevels"});
  for (char& c : levels) {
    if (c == ';' || c == ',') c = ' ';
  }
  std::istringstream tokens(levels);
  for (std::string token; tokens >> token;) {
    Result<OrgUnitLevel> level = ParseLevel(token);
    if (!level.ok()) return level.status().WithContext({"", 0, 0, "aggregation_levels"});
    e.aggregation_levels.push_back(static_cast<int>(*level));
  }
  GEMIS_RETURN_IF_ERROR(ValidateDataElement(e));
  return e;
}

// A problem of the input rather than of the store: reported, not fatal.
bool IsInputError(ErrorCode code) {
  return code == ErrorCode::kInvalidInput || code == ErrorCode::kNotFound ||
         code == ErrorCode::kConflict || code == ErrorCode::kAlreadyExists;
}

ImportConflict FormatConflict(const Status& status, std::vector<int64_t> indexes) {
  ImportConflict c;
  c.error_code = "E_DE_FORMAT";
  c.property = status.where().field.empty() ? "file" : status.where().field;
  c.indexes = std::move(indexes);
  c.line = status.where().line;
  c.message = status.ToString();
  return c;
}

// Saves one row (imported when its code is new, else updated) or records
// its conflict. Returns a non-OK status only for a failure of the store.
Status SaveRow(store::WriteTransaction& txn, const Metadata& before, const CsvHeader& header,
               const CsvRecord& row, const std::string& source, ImportSummary& summary) {
  Result<DataElement> element = ElementFromRow(header, row);
  Result<MetadataId> saved = element.ok() ? txn.SaveDataElement(*element) : element.status();
  if (saved.ok()) {
    ++(before.FindElement(element->code) ? summary.count.updated : summary.count.imported);
    return Status::Ok();
  }
  const Status& s = saved.status();
  if (!IsInputError(s.code())) return s;
  ++summary.count.ignored;
  summary.conflicts.push_back({std::string(row.Get(header.Find({"code"}))),
                               "",
                               "E_DE_INVALID",
                               s.where().field,
                               {row.index()},
                               row.line(),
                               source + ":" + std::to_string(row.line()) + ": " + s.message()});
  return Status::Ok();
}

void Conclude(bool dry_run, bool best_effort, ImportSummary& summary) {
  ImportCount& c = summary.count;
  if (summary.conflicts.empty()) {
    summary.description = "data elements imported";
  } else if (best_effort && c.imported + c.updated > 0) {
    summary.status = ImportStatus::kWarning;
    summary.description = "best effort: good rows written, conflicting rows ignored";
  } else {
    summary.status = ImportStatus::kError;
    summary.description = "import rejected: nothing written";
    if (!dry_run) c = {0, 0, c.imported + c.updated + c.ignored, 0};
  }
  if (dry_run) summary.description = "dry run, nothing written: " + summary.description;
}

}  // namespace

Result<ImportSummary> ImportDataElements(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort) {
  ImportSummary summary;
  summary.dry_run = dry_run;
  Result<CsvReader> reader = CsvReader::Open(in, source);
  Status columns = reader.ok() ? reader->header().Require({"code"}).status() : reader.status();
  if (columns.ok()) columns = reader->header().Require({"name"}).status();
  if (!columns.ok()) {
    summary.conflicts.push_back(FormatConflict(columns, {}));
    Conclude(dry_run, best_effort, summary);
    return summary;
  }
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata before, txn.LoadMetadata());
    CsvRecord row;
    for (;;) {
      Result<bool> more = reader->Next(row);
      if (!more.ok()) {
        ++summary.count.ignored;
        summary.conflicts.push_back(FormatConflict(more.status(), {row.index()}));
        continue;  // after an unterminated quote, the next call ends the input
      }
      if (!*more) break;
      GEMIS_RETURN_IF_ERROR(SaveRow(txn, before, reader->header(), row, source, summary));
    }
    Conclude(dry_run, best_effort, summary);
    return dry_run || summary.status == ImportStatus::kError ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  return summary;
}

}  // namespace gemis::exchange
