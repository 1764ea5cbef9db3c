#include "exchange/data_value_import.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/period.h"
#include "core/text.h"
#include "exchange/data_value_rows.h"

namespace gemis::exchange {

namespace {

// A row's identifiers, resolved against the database.
struct ResolvedKey {
  const StoredElement* element;
  Period period;
  OrgUnitId unit;
  const StoredOptionCombo* coc;
  const StoredOptionCombo* aoc;
};

void Trim(std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  text = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

// "true" in any case, or "1" (as Java's Boolean.parseBoolean, plus 1).
bool IsTrue(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower == "true" || lower == "1";
}

// Resolves each row against the database and writes it in the caller's
// transaction; problems become conflicts in the summary.
class Importer : public DataValueRowSink {
 public:
  Importer(store::WriteTransaction& txn, const DataValueImportOptions& options, std::string source,
           ImportSummary& summary)
      : txn_(txn), options_(options), source_(std::move(source)), summary_(summary) {}

  Status Start() {
    GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn_.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(metadata_, txn_.LoadMetadata());
    return Status::Ok();
  }
  Status Row(DataValueRow raw) override;
  // Nothing is written after a file problem, in every mode.
  void FileProblem(const Status& status, std::string property) override;
  void RecordProblem(const Status& status, int64_t index) override;

  bool malformed() const { return malformed_; }
  int64_t rows_passed() const { return rows_passed_; }
  size_t conflicts() const { return conflict_count_; }

 private:
  void Conflict(const DataValueRow& raw, std::string object, std::string property,
                std::string error_code, std::string message);
  void Add(ImportConflict conflict);
  std::optional<ResolvedKey> Resolve(const DataValueRow& raw);
  // Fills value, comment, followup and storedBy; false after a conflict.
  bool PrepareWrite(const DataValueRow& raw, const DataElement& element, DataValueWrite& write);
  Result<OrgUnitId> ResolveOrgUnit(const DataValueRow& raw, const Period& period);
  const StoredOptionCombo* OptionCombo(const std::string& uid_or_code) const;

  store::WriteTransaction& txn_;
  const DataValueImportOptions& options_;
  std::string source_;
  ImportSummary& summary_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  size_t conflict_count_ = 0;
  int64_t rows_passed_ = 0;
  bool malformed_ = false;
};

void Importer::Add(ImportConflict conflict) {
  ++conflict_count_;
  if (summary_.conflicts.size() < kMaxConflicts) summary_.conflicts.push_back(std::move(conflict));
}

void Importer::Conflict(const DataValueRow& raw, std::string object, std::string property,
                        std::string error_code, std::string message) {
  ++summary_.count.ignored;
  ImportConflict c;
  c.object = std::move(object);
  c.value = raw.value;
  c.error_code = std::move(error_code);
  c.property = std::move(property);
  c.indexes = {raw.index};
  c.line = raw.line;
  c.message = (raw.line > 0 ? source_ + ":" + std::to_string(raw.line) : source_) + ": " + message;
  Add(std::move(c));
}

// A conflict about the file's form rather than its content.
ImportConflict FormatConflict(const Status& status, std::string property,
                              std::vector<int64_t> indexes) {
  ImportConflict c;
  c.error_code = "E_DV_FORMAT";
  c.property = std::move(property);
  c.indexes = std::move(indexes);
  c.line = status.where().line;
  c.message = status.ToString();
  return c;
}

void Importer::FileProblem(const Status& status, std::string property) {
  malformed_ = true;
  Add(FormatConflict(status, std::move(property), {}));
}

void Importer::RecordProblem(const Status& status, int64_t index) {
  ++summary_.count.ignored;
  const std::string& field = status.where().field;
  Add(FormatConflict(status, field.empty() ? "file" : field, {index}));
}

const StoredOptionCombo* Importer::OptionCombo(const std::string& uid_or_code) const {
  if (uid_or_code.empty()) return metadata_.OptionCombo(metadata_.default_option_combo());
  return metadata_.FindOptionCombo(uid_or_code);
}

Result<OrgUnitId> Importer::ResolveOrgUnit(const DataValueRow& raw, const Period& period) {
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

std::optional<ResolvedKey> Importer::Resolve(const DataValueRow& raw) {
  const StoredElement* element = metadata_.FindElement(raw.data_element);
  if (element == nullptr) {
    Conflict(raw, raw.data_element, "dataElement", "E_DV_ELEMENT",
             "unknown data element '" + raw.data_element + "'");
    return std::nullopt;
  }
  Result<Period> period = Period::Parse(raw.period);
  if (!period.ok()) {
    Conflict(raw, raw.period, "period", "E_DV_PERIOD", period.status().message());
    return std::nullopt;
  }
  Result<OrgUnitId> unit = ResolveOrgUnit(raw, *period);
  if (!unit.ok()) {
    Conflict(
        raw, raw.org_unit, "orgUnit",
        unit.status().code() == ErrorCode::kConflict ? "E_DV_ORGUNIT_AMBIGUOUS" : "E_DV_ORGUNIT",
        unit.status().message());
    return std::nullopt;
  }
  const StoredOptionCombo* coc = OptionCombo(raw.coc);
  if (coc == nullptr || coc->combo_id != element->combo_id) {
    Conflict(raw, raw.coc, "categoryOptionCombo", "E_DV_COC",
             "category option combo '" + (raw.coc.empty() ? "default" : raw.coc) +
                 "' is not one of data element " + element->element.code + "'s combo " +
                 element->element.category_combo_code);
    return std::nullopt;
  }
  const StoredOptionCombo* aoc = OptionCombo(raw.aoc);
  if (aoc == nullptr) {
    Conflict(raw, raw.aoc, "attributeOptionCombo", "E_DV_AOC",
             "unknown attribute option combo '" + raw.aoc + "'");
    return std::nullopt;
  }
  // An AOC is the default or a cell of an attribute combo, never a
  // disaggregation (SEX_MALE) that would silently split the data.
  const StoredCombo* aoc_combo = metadata_.Combo(aoc->combo_id);
  if (aoc->id != metadata_.default_option_combo() &&
      (aoc_combo == nullptr || !aoc_combo->combo.is_attribute)) {
    Conflict(raw, raw.aoc, "attributeOptionCombo", "E_DV_AOC",
             "'" + raw.aoc + "' is not an attribute option combo (its combo " +
                 (aoc_combo ? aoc_combo->combo.code : std::string("?")) +
                 " is not an attribute combo)");
    return std::nullopt;
  }
  return ResolvedKey{element, *period, *unit, coc, aoc};
}

bool Importer::PrepareWrite(const DataValueRow& raw, const DataElement& element,
                            DataValueWrite& write) {
  write.remove = IsTrue(raw.deleted);
  if (!write.remove) {
    // Text is stored in NFC (core/text.h invariant 1); other types are ASCII.
    Result<std::string> canonical = Status::Internal("unset");
    if (IsTextType(element.value_type)) {
      Result<std::string> nfc = ToNfc(raw.value);
      canonical = nfc.ok() ? CanonicalDataValue(element, *nfc) : nfc;
    } else {
      canonical = CanonicalDataValue(element, raw.value);
    }
    if (!canonical.ok()) {
      Conflict(raw, raw.data_element, "value", "E_DV_VALUE", canonical.status().message());
      return false;
    }
    write.value = std::move(canonical).value();
  }
  if (!raw.comment.empty()) {
    Result<std::string> comment = ToNfc(raw.comment);
    if (!comment.ok()) {
      Conflict(raw, raw.data_element, "comment", "E_DV_COMMENT", comment.status().message());
      return false;
    }
    write.comment = std::move(comment).value();
  }
  write.followup = IsTrue(raw.followup);
  write.stored_by = raw.stored_by.empty() ? options_.stored_by : raw.stored_by;
  return true;
}

Status Importer::Row(DataValueRow raw) {
  for (std::string* id : {&raw.data_element, &raw.period, &raw.org_unit, &raw.coc, &raw.aoc,
                          &raw.stored_by, &raw.followup, &raw.deleted}) {
    Trim(*id);
  }
  std::optional<ResolvedKey> key = Resolve(raw);
  DataValueWrite write;
  if (!key || !PrepareWrite(raw, key->element->element, write)) return Status::Ok();
  ++rows_passed_;
  if (!write.remove && IsInsignificantZero(key->element->element, write.value)) {
    ++summary_.count.ignored;  // DHIS2 does not store zeros that do not matter
    return Status::Ok();
  }
  GEMIS_ASSIGN_OR_RETURN(write.key.period, txn_.EnsurePeriod(key->period));
  write.key.data_element = key->element->id;
  write.key.org_unit = key->unit;
  write.key.category_option_combo = key->coc->id;
  write.key.attribute_option_combo = key->aoc->id;
  GEMIS_ASSIGN_OR_RETURN(WriteOutcome outcome, txn_.WriteDataValue(write));
  switch (outcome) {
    case WriteOutcome::kImported: ++summary_.count.imported; break;
    case WriteOutcome::kUpdated: ++summary_.count.updated; break;
    case WriteOutcome::kDeleted: ++summary_.count.deleted; break;
    case WriteOutcome::kIgnored: ++summary_.count.ignored; break;
  }
  return Status::Ok();
}

// Sets status and description once every row was read.
void Conclude(const Importer& importer, const DataValueImportOptions& options,
              ImportSummary& summary) {
  std::string conflicts = std::to_string(importer.conflicts()) + " conflict(s)";
  bool rejected = importer.malformed() || (importer.conflicts() > 0 &&
                                           (!options.best_effort || importer.rows_passed() == 0));
  if (rejected) {
    summary.status = ImportStatus::kError;
    summary.description =
        importer.malformed() ? "import rejected: the file is malformed; nothing written"
        : options.best_effort
            ? "import rejected: every row has a conflict; nothing written"
            : "import rejected: " + conflicts + "; nothing written (the import is atomic)";
    ImportCount& c = summary.count;
    if (!options.dry_run) c = {0, 0, c.ignored + c.imported + c.updated + c.deleted, 0};
  } else if (importer.conflicts() > 0) {
    summary.status = ImportStatus::kWarning;
    summary.description = "best effort: good rows written, " + conflicts + " ignored";
  } else {
    summary.description = "import done";
  }
  if (options.dry_run) summary.description = "dry run, nothing written: " + summary.description;
}

}  // namespace

Result<ImportSummary> ImportDataValues(store::Store& store, std::istream& in,
                                       const std::string& source,
                                       const DataValueImportOptions& options) {
  ImportSummary summary;
  summary.dry_run = options.dry_run;
  // A sentinel status rolls the transaction back (dry run, rejected import).
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    Importer importer(txn, options, source, summary);
    GEMIS_RETURN_IF_ERROR(importer.Start());
    GEMIS_RETURN_IF_ERROR(ReadDataValueRows(in, source, options.format, importer));
    Conclude(importer, options, summary);
    return options.dry_run || summary.status == ImportStatus::kError ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  return summary;
}

}  // namespace gemis::exchange
