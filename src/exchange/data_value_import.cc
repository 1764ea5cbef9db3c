#include "exchange/data_value_import.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/period.h"
#include "core/text.h"
#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

// One row as written in the file, before resolution.
struct RawValue {
  std::string data_element, period, org_unit, coc, aoc, value, stored_by, comment;
  std::string followup, deleted;
  int64_t line = 0;
  int64_t index = 0;
};

bool Truthy(const std::string& text) { return text == "true" || text == "1" || text == "TRUE"; }

class Importer {
 public:
  Importer(store::WriteTransaction& txn, const DataValueImportOptions& options,
           std::string source, ImportSummary& summary)
      : txn_(txn), options_(options), source_(std::move(source)), summary_(summary) {}

  Status Start() {
    GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn_.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(metadata_, txn_.LoadMetadata());
    return Status::Ok();
  }
  // Resolves and writes one row; a row's problem becomes a conflict.
  Status Row(const RawValue& raw);
  void Conflict(const RawValue& raw, std::string object, std::string property,
                std::string error_code, std::string message);
  size_t conflicts() const { return conflict_count_; }

 private:
  Result<OrgUnitId> ResolveOrgUnit(const RawValue& raw, const Period& period);

  store::WriteTransaction& txn_;
  const DataValueImportOptions& options_;
  std::string source_;
  ImportSummary& summary_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  size_t conflict_count_ = 0;
};

void Importer::Conflict(const RawValue& raw, std::string object, std::string property,
                        std::string error_code, std::string message) {
  ++conflict_count_;
  ++summary_.count.ignored;
  if (summary_.conflicts.size() >= kMaxConflicts) return;
  summary_.conflicts.push_back({std::move(object), raw.value, std::move(error_code),
                                std::move(property), {raw.index}, raw.line,
                                source_ + ":" + std::to_string(raw.line) + ": " + message});
}

Result<OrgUnitId> Importer::ResolveOrgUnit(const RawValue& raw, const Period& period) {
  if (const OrgUnit* unit = hierarchy_.FindByUid(raw.org_unit)) return unit->id;
  std::vector<const OrgUnit*> found =
      hierarchy_.FindByCodeOverlapping(raw.org_unit, period.start(), period.end());
  if (found.size() == 1) return found[0]->id;
  if (found.empty()) {
    std::string when;
    for (const OrgUnit* unit : hierarchy_.FindByCodeAnyTime(raw.org_unit)) {
      when += (when.empty() ? "; the code was used " : ", ") +
              (unit->first().from ? unit->first().from->ToString() : std::string("…")) + " to " +
              (unit->last().to ? unit->last().to->ToString() : std::string("now"));
    }
    return Status::NotFound("no org unit has uid or code '" + raw.org_unit + "' during " +
                            period.ToString() + when);
  }
  return Status::Conflict("code '" + raw.org_unit + "' names " + std::to_string(found.size()) +
                          " different units during " + period.ToString() +
                          " (the code was reused); give the unit's uid or a shorter period");
}

Status Importer::Row(const RawValue& raw) {
  const StoredElement* element = metadata_.FindElement(raw.data_element);
  if (element == nullptr) {
    Conflict(raw, raw.data_element, "dataElement", "E_DV_ELEMENT",
             "unknown data element '" + raw.data_element + "'");
    return Status::Ok();
  }
  Result<Period> period = Period::Parse(raw.period);
  if (!period.ok()) {
    Conflict(raw, raw.period, "period", "E_DV_PERIOD", period.status().message());
    return Status::Ok();
  }
  Result<OrgUnitId> unit = ResolveOrgUnit(raw, *period);
  if (!unit.ok()) {
    Conflict(raw, raw.org_unit, "orgUnit",
             unit.status().code() == ErrorCode::kConflict ? "E_DV_ORGUNIT_AMBIGUOUS" : "E_DV_ORGUNIT",
             unit.status().message());
    return Status::Ok();
  }
  const StoredOptionCombo* coc = raw.coc.empty() ? metadata_.OptionCombo(metadata_.default_option_combo())
                                                 : metadata_.FindOptionCombo(raw.coc);
  if (coc == nullptr || coc->combo_id != element->combo_id) {
    Conflict(raw, raw.coc, "categoryOptionCombo", "E_DV_COC",
             "category option combo '" + (raw.coc.empty() ? "default" : raw.coc) +
                 "' is not one of data element " + element->element.code + "'s combo " +
                 element->element.category_combo_code);
    return Status::Ok();
  }
  const StoredOptionCombo* aoc = raw.aoc.empty() ? metadata_.OptionCombo(metadata_.default_option_combo())
                                                 : metadata_.FindOptionCombo(raw.aoc);
  if (aoc == nullptr) {
    Conflict(raw, raw.aoc, "attributeOptionCombo", "E_DV_AOC",
             "unknown attribute option combo '" + raw.aoc + "'");
    return Status::Ok();
  }
  DataValueWrite write;
  write.remove = Truthy(raw.deleted);
  if (!write.remove) {
    Result<std::string> canonical = CanonicalDataValue(element->element, raw.value);
    if (!canonical.ok()) {
      Conflict(raw, raw.data_element, "value", "E_DV_VALUE", canonical.status().message());
      return Status::Ok();
    }
    if (IsInsignificantZero(element->element, *canonical)) {
      ++summary_.count.ignored;  // DHIS2 does not store zeros that do not matter
      return Status::Ok();
    }
    write.value = std::move(canonical).value();
  }
  if (!raw.comment.empty()) {
    Result<std::string> comment = ToNfc(raw.comment);
    if (!comment.ok()) {
      Conflict(raw, raw.data_element, "comment", "E_DV_VALUE", comment.status().message());
      return Status::Ok();
    }
    write.comment = std::move(comment).value();
  }
  GEMIS_ASSIGN_OR_RETURN(write.key.period, txn_.EnsurePeriod(*period));
  write.key.data_element = element->id;
  write.key.org_unit = *unit;
  write.key.category_option_combo = coc->id;
  write.key.attribute_option_combo = aoc->id;
  write.followup = Truthy(raw.followup);
  write.stored_by = raw.stored_by.empty() ? options_.stored_by : raw.stored_by;
  GEMIS_ASSIGN_OR_RETURN(WriteOutcome outcome, txn_.WriteDataValue(write));
  switch (outcome) {
    case WriteOutcome::kImported: ++summary_.count.imported; break;
    case WriteOutcome::kUpdated: ++summary_.count.updated; break;
    case WriteOutcome::kDeleted: ++summary_.count.deleted; break;
    case WriteOutcome::kIgnored: ++summary_.count.ignored; break;
  }
  return Status::Ok();
}

// A problem with the file itself (not one row): reported as a conflict.
void FileConflict(ImportSummary& summary, const Status& status) {
  summary.conflicts.push_back({status.where().file, "", "E_DV_FORMAT",
                               status.where().field.empty() ? "file" : status.where().field,
                               {}, status.where().line, status.ToString()});
}

Status ReadCsv(std::istream& in, const std::string& source, Importer& importer,
               ImportSummary& summary) {
  Result<CsvReader> reader = CsvReader::Open(in, source);
  if (!reader.ok()) {
    FileConflict(summary, reader.status());
    return Status::Ok();
  }
  const CsvHeader& header = reader->header();
  Result<size_t> de = header.Require({"dataelement", "data_element", "dataElement"});
  Result<size_t> pe = header.Require({"period"});
  Result<size_t> ou = header.Require({"orgunit", "org_unit", "orgUnit"});
  Result<size_t> value = header.Require({"value"});
  for (const Status& s : {de.status(), pe.status(), ou.status(), value.status()}) {
    if (!s.ok()) {
      FileConflict(summary, s);
      return Status::Ok();
    }
  }
  std::optional<size_t> coc = header.Find({"categoryoptioncombo", "category_option_combo"});
  std::optional<size_t> aoc = header.Find({"attributeoptioncombo", "attribute_option_combo"});
  std::optional<size_t> by = header.Find({"storedby", "stored_by"});
  std::optional<size_t> comment = header.Find({"comment"});
  std::optional<size_t> followup = header.Find({"followup"});
  std::optional<size_t> deleted = header.Find({"deleted"});
  CsvRecord record;
  for (;;) {
    Result<bool> more = reader->Next(record);
    if (!more.ok()) {
      FileConflict(summary, more.status());
      if (more.status().message().find("unterminated") != std::string::npos) return Status::Ok();
      continue;
    }
    if (!*more) return Status::Ok();
    RawValue raw{std::string(record.Get(*de)), std::string(record.Get(*pe)),
                 std::string(record.Get(*ou)), std::string(record.Get(coc)),
                 std::string(record.Get(aoc)), std::string(record.Get(*value)),
                 std::string(record.Get(by)), std::string(record.Get(comment)),
                 std::string(record.Get(followup)), std::string(record.Get(deleted)),
                 record.line(), record.index()};
    GEMIS_RETURN_IF_ERROR(importer.Row(raw));
  }
}

std::string JsonText(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  return it->dump();
}

Status ReadJson(std::istream& in, const std::string& source, Importer& importer,
                ImportSummary& summary) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    // Find the first syntax error's position for the message.
    try {
      nlohmann::json again = nlohmann::json::parse(text);
      (void)again;
    } catch (const nlohmann::json::parse_error& e) {
      int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(
                                                                    std::min(e.byte, text.size())), '\n');
      FileConflict(summary, Status::Invalid(std::string("malformed JSON: ") + e.what(),
                                            {source, static_cast<int>(line), 0, "file"}));
    }
    return Status::Ok();
  }
  const nlohmann::json* values = doc.is_object() && doc.contains("dataValues") ? &doc["dataValues"] : &doc;
  if (!values->is_array()) {
    FileConflict(summary, Status::Invalid("expected {\"dataValues\": [...]}", {source, 1, 0, "dataValues"}));
    return Status::Ok();
  }
  int64_t index = 0;
  for (const nlohmann::json& v : *values) {
    RawValue raw;
    if (v.is_object()) {
      raw = {JsonText(v, "dataElement"), JsonText(v, "period"), JsonText(v, "orgUnit"),
             JsonText(v, "categoryOptionCombo"), JsonText(v, "attributeOptionCombo"),
             JsonText(v, "value"), JsonText(v, "storedBy"), JsonText(v, "comment"),
             JsonText(v, "followup"), JsonText(v, "deleted"), 0, index};
    }
    // Header-level fields apply to every value that leaves them out (DHIS2).
    if (raw.period.empty()) raw.period = JsonText(doc, "period");
    if (raw.org_unit.empty()) raw.org_unit = JsonText(doc, "orgUnit");
    if (raw.aoc.empty()) raw.aoc = JsonText(doc, "attributeOptionCombo");
    raw.index = index++;
    GEMIS_RETURN_IF_ERROR(importer.Row(raw));
  }
  return Status::Ok();
}

}  // namespace

Result<ImportSummary> ImportDataValues(store::Store& store, std::istream& in,
                                       const std::string& source,
                                       const DataValueImportOptions& options) {
  ImportSummary summary;
  summary.dry_run = options.dry_run;
  // A sentinel status rolls the transaction back (dry run, atomic failure).
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    Importer importer(txn, options, source, summary);
    GEMIS_RETURN_IF_ERROR(importer.Start());
    GEMIS_RETURN_IF_ERROR(options.format == DataFileFormat::kCsv
                              ? ReadCsv(in, source, importer, summary)
                              : ReadJson(in, source, importer, summary));
    bool rejected = !summary.conflicts.empty() && !options.best_effort;
    return options.dry_run || rejected ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  bool rejected = !summary.conflicts.empty() && !options.best_effort;
  if (rejected) {
    summary.status = ImportStatus::kError;
    summary.description = "import rejected: nothing written (atomic mode)";
    if (!options.dry_run) summary.count = {0, 0, summary.count.ignored + summary.count.imported +
                                                     summary.count.updated + summary.count.deleted, 0};
  } else if (!summary.conflicts.empty()) {
    summary.status = ImportStatus::kWarning;
    summary.description = "best effort: good rows written, conflicting rows ignored";
  } else {
    summary.description = options.dry_run ? "dry run: nothing written" : "import done";
  }
  return summary;
}

}  // namespace gemis::exchange
