#include "exchange/metadata_import.h"

#include <fstream>
#include <sstream>

#include "core/builtin_metadata.h"
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
  GEMIS_RETURN_IF_ERROR(ValidateDataElement(e));
  return e;
}

}  // namespace

Result<ImportSummary> ImportDataElements(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort) {
  ImportSummary summary;
  summary.dry_run = dry_run;
  GEMIS_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(in, source));
  GEMIS_RETURN_IF_ERROR(reader.header().Require({"code"}).status());
  GEMIS_RETURN_IF_ERROR(reader.header().Require({"name"}).status());
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    CsvRecord row;
    for (;;) {
      GEMIS_ASSIGN_OR_RETURN(bool more, reader.Next(row));
      if (!more) break;
      Result<DataElement> element = ElementFromRow(reader.header(), row);
      Result<MetadataId> saved = element.ok() ? txn.SaveDataElement(*element) : element.status();
      if (!saved.ok()) {
        const Status& s = saved.status();
        summary.conflicts.push_back({std::string(row.Get(reader.header().Find({"code"}))), "",
                                     "E_DE_INVALID", s.where().field, {row.index()}, row.line(),
                                     source + ":" + std::to_string(row.line()) + ": " + s.message()});
        ++summary.count.ignored;
        if (saved.status().code() == ErrorCode::kIoError) return saved.status();
        continue;
      }
      ++summary.count.imported;
    }
    bool rejected = !summary.conflicts.empty() && !best_effort;
    return dry_run || rejected ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  if (!summary.conflicts.empty()) {
    summary.status = best_effort ? ImportStatus::kWarning : ImportStatus::kError;
  }
  return summary;
}

}  // namespace gemis::exchange
