#include "exchange/metadata_json_import.h"

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"
#include "core/uid.h"

namespace gemis::exchange {

namespace {

using nlohmann::json;

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

class MetadataImporter {
 public:
  MetadataImporter(store::WriteTransaction& txn, std::string source, ImportSummary& summary)
      : txn_(txn), source_(std::move(source)), summary_(summary) {}

  Status Run(const json& doc) {
    GEMIS_ASSIGN_OR_RETURN(Metadata existing, txn_.LoadMetadata());
    for (const StoredCombo& combo : existing.combos()) {
      for (const Category& category : combo.combo.categories) categories_[category.code] = category;
    }
    GEMIS_RETURN_IF_ERROR(
        ForEach(doc, "categories", [&](const json& j, size_t) { return ImportCategory(j); }));
    GEMIS_RETURN_IF_ERROR(
        ForEach(doc, "categoryCombos", [&](const json& j, size_t) { return ImportCombo(j); }));
    GEMIS_RETURN_IF_ERROR(
        ForEach(doc, "dataElements", [&](const json& j, size_t) { return ImportElement(j); }));
    GEMIS_RETURN_IF_ERROR(
        ForEach(doc, "indicators", [&](const json& j, size_t) { return ImportIndicator(j); }));
    if (doc.contains("dataSets")) {
      // Data sets name the elements stored so far, this document's included.
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn_.LoadMetadata());
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn_.LoadHierarchy());
    }
    return ForEach(doc, "dataSets", [&](const json& j, size_t) { return ImportDataSet(j); });
  }

 private:
  // Calls `fn` for each object of doc[key]; a rejected object becomes a
  // conflict, a store failure stops the import.
  Status ForEach(const json& doc, const char* key,
                 const std::function<Status(const json&, size_t)>& fn) {
    auto it = doc.find(key);
    if (it == doc.end()) return Status::Ok();
    if (!it->is_array())
      return Conflict(key, key, "E_MD_FORMAT", std::string(key) + " must be an array", 0);
    for (size_t i = 0; i < it->size(); ++i) {
      Status s = (*it)[i].is_object() ? fn((*it)[i], i) : Status::Invalid("expected an object");
      if (s.code() == ErrorCode::kIoError || s.code() == ErrorCode::kInternal) return s;
      if (!s.ok()) {
        GEMIS_RETURN_IF_ERROR(Conflict(Text((*it)[i], "code"),
                                       std::string(key) + "[" + std::to_string(i) + "]" +
                                           (s.where().field.empty() ? "" : "." + s.where().field),
                                       "E_MD_INVALID", s.message(), static_cast<int64_t>(i)));
      } else {
        ++summary_.count.imported;
      }
    }
    return Status::Ok();
  }

  Status Conflict(std::string object, std::string property, std::string code, std::string message,
                  int64_t index) {
    ++summary_.count.ignored;
    summary_.conflicts.push_back({.object = std::move(object),
                                  .error_code = std::move(code),
                                  .property = property,
                                  .indexes = {index},
                                  .message = source_ + ": " + property + ": " + message});
    return Status::Ok();
  }

  Result<std::string> Nfc(const json& j, const char* key) {
    Result<std::string> text = ToNfc(Text(j, key));
    if (!text.ok()) return text.status().WithContext({"", 0, 0, key});
    return text;
  }

  Status ImportCategory(const json& j) {
    Category c;
    c.code = Text(j, "code");
    GEMIS_ASSIGN_OR_RETURN(c.name, Nfc(j, "name"));
    GEMIS_ASSIGN_OR_RETURN(c.name_en, Nfc(j, "nameEn"));
    c.uid = Text(j, "id").empty() ? UidFromKey("category/" + c.code) : Text(j, "id");
    auto options = j.find("options");
    if (options == j.end() || !options->is_array()) {
      return Status::Invalid("a category needs an array of options", {"", 0, 0, "options"});
    }
    for (const json& o : *options) {
      CategoryOption option;
      option.code = Text(o, "code");
      GEMIS_ASSIGN_OR_RETURN(option.name, Nfc(o, "name"));
      GEMIS_ASSIGN_OR_RETURN(option.name_en, Nfc(o, "nameEn"));
      option.uid = Text(o, "id").empty() ? UidFromKey("option/" + option.code) : Text(o, "id");
      c.options.push_back(std::move(option));
    }
    GEMIS_RETURN_IF_ERROR(ValidateCategory(c));
    categories_[c.code] = std::move(c);
    return Status::Ok();
  }

  Status ImportCombo(const json& j) {
    CategoryCombo combo;
    combo.code = Text(j, "code");
    GEMIS_ASSIGN_OR_RETURN(combo.name, Nfc(j, "name"));
    GEMIS_ASSIGN_OR_RETURN(combo.name_en, Nfc(j, "nameEn"));
    combo.uid = Text(j, "id").empty() ? UidFromKey("combo/" + combo.code) : Text(j, "id");
    std::string type = Text(j, "dataDimensionType");
    if (!type.empty() && type != "ATTRIBUTE" && type != "DISAGGREGATION") {
      return Status::Invalid(
          "dataDimensionType must be ATTRIBUTE or DISAGGREGATION, not '" + type + "'",
          {"", 0, 0, "dataDimensionType"});
    }
    combo.is_attribute = type == "ATTRIBUTE";
    auto names = j.find("categories");
    if (names == j.end() || !names->is_array()) {
      return Status::Invalid("a category combo needs an array of category codes",
                             {"", 0, 0, "categories"});
    }
    for (const json& name : *names) {
      std::string code = name.is_string() ? name.get<std::string>() : Text(name, "code");
      auto it = categories_.find(code);
      if (it == categories_.end()) {
        return Status::NotFound("unknown category '" + code + "'", {"", 0, 0, "categories"});
      }
      combo.categories.push_back(it->second);
    }
    return txn_.SaveCategoryCombo(combo).status();
  }

  Status ImportElement(const json& j) {
    DataElement e;
    e.code = Text(j, "code");
    GEMIS_ASSIGN_OR_RETURN(e.name, Nfc(j, "name"));
    GEMIS_ASSIGN_OR_RETURN(e.name_en, Nfc(j, "nameEn"));
    GEMIS_ASSIGN_OR_RETURN(e.short_name, Nfc(j, "shortName"));
    GEMIS_ASSIGN_OR_RETURN(e.description, Nfc(j, "description"));
    e.uid = Text(j, "id").empty() ? UidFromKey("data_element/" + e.code) : Text(j, "id");
    if (!Text(j, "valueType").empty()) {
      Result<ValueType> type = ParseValueType(Text(j, "valueType"));
      if (!type.ok())
        return Status(type.status().code(), type.status().message(), {"", 0, 0, "valueType"});
      e.value_type = *type;
    }
    if (!Text(j, "aggregationType").empty()) {
      Result<AggregationType> type = ParseAggregationType(Text(j, "aggregationType"));
      if (!type.ok()) {
        return Status(type.status().code(), type.status().message(), {"", 0, 0, "aggregationType"});
      }
      e.aggregation_type = *type;
    }
    if (!Text(j, "categoryCombo").empty()) e.category_combo_code = Text(j, "categoryCombo");
    if (!Text(j, "unit").empty()) e.unit = Text(j, "unit");
    e.zero_is_significant = j.value("zeroIsSignificant", false);
    if (auto levels = j.find("aggregationLevels"); levels != j.end()) {
      if (!levels->is_array()) {
        return Status::Invalid("aggregationLevels must be an array of tiers (1-5)",
                               {"", 0, 0, "aggregationLevels"});
      }
      for (const json& level : *levels) {
        if (!level.is_number_integer()) {
          return Status::Invalid("aggregationLevels must be an array of tiers (1-5)",
                                 {"", 0, 0, "aggregationLevels"});
        }
        e.aggregation_levels.push_back(level.get<int>());
      }
    }
    if (Status valid = ValidateDataElement(e);
        !valid.ok() && valid.where().field == "aggregation_levels") {
      return Status(valid.code(), valid.message(), {"", 0, 0, "aggregationLevels"});
    }
    return txn_.SaveDataElement(e).status();
  }

  // {"id" or "uid", "code", "name", "nameEn", "shortName", "numerator",
  // "denominator" (default "1"), "factor" (a JSON integer, default 100),
  // "unit", "maxValue" (a decimal in a string; absent: no limit)}.
  Status ImportIndicator(const json& j) {
    Indicator i;
    i.code = Text(j, "code");
    GEMIS_ASSIGN_OR_RETURN(i.name, Nfc(j, "name"));
    GEMIS_ASSIGN_OR_RETURN(i.name_en, Nfc(j, "nameEn"));
    GEMIS_ASSIGN_OR_RETURN(i.short_name, Nfc(j, "shortName"));
    GEMIS_ASSIGN_OR_RETURN(i.unit, Nfc(j, "unit"));
    i.numerator = Text(j, "numerator");
    i.denominator = j.contains("denominator") ? Text(j, "denominator") : "1";
    std::string id = Text(j, "id"), uid = Text(j, "uid");
    if (!id.empty() && !uid.empty() && id != uid) {
      return Status::Invalid("id '" + id + "' and uid '" + uid + "' differ", {"", 0, 0, "uid"});
    }
    i.uid = !id.empty() ? id : !uid.empty() ? uid : UidFromKey("indicator/" + i.code);
    if (auto factor = j.find("factor"); factor != j.end()) {
      if (!factor->is_number_integer()) {
        return Status::Invalid("factor must be a JSON integer (100 for a percentage)",
                               {"", 0, 0, "factor"});
      }
      i.factor = factor->get<int64_t>();
    }
    if (auto max = j.find("maxValue"); max != j.end() && !max->is_null()) {
      Result<Decimal> value =
          max->is_string() ? Decimal::Parse(max->get<std::string>())
                           : Result<Decimal>(Status::Invalid("write it as a string: \"100\""));
      if (!value.ok()) {
        return Status::Invalid("maxValue is not a decimal: " + value.status().message(),
                               {"", 0, 0, "maxValue"});
      }
      i.max_value = *value;
    }
    GEMIS_RETURN_IF_ERROR(ValidateIndicator(i));
    return txn_.SaveIndicator(i).status();
  }

  // A reference in DHIS2's shape, {"id": uid} or {"code": code}, or a bare
  // code (gemis); `what` names the object for messages.
  struct Ref {
    std::string id, code;
  };
  static Result<Ref> ReadRef(const json& j, const std::string& field, const char* what) {
    if (j.is_string()) return Ref{"", j.get<std::string>()};
    if (j.is_object() && (!Text(j, "id").empty() || !Text(j, "code").empty())) {
      return Ref{Text(j, "id"), Text(j, "code")};
    }
    return Status::Invalid(std::string(what) + " reference must be {\"id\": …} or {\"code\": …}",
                           {"", 0, 0, field});
  }

  // The element a dataSetElements entry names: by uid under "id", by code
  // under "code" or as a bare string.
  Result<const StoredElement*> ElementOf(const Ref& ref, const std::string& field) {
    const StoredElement* e = metadata_.FindElement(ref.id.empty() ? ref.code : ref.id);
    if (e != nullptr && (ref.id.empty() ? e->element.code == ref.code : e->element.uid == ref.id)) {
      return e;
    }
    return Status::NotFound("unknown data element " + (ref.id.empty() ? "code '" + ref.code + "'"
                                                                      : "uid '" + ref.id + "'"),
                            {"", 0, 0, field});
  }

  // The unit an organisationUnits entry names: by uid, or by a code only
  // one unit has ever carried (codes are reused: give the uid otherwise).
  Result<OrgUnitId> UnitOf(const Ref& ref, const std::string& field) {
    if (!ref.id.empty()) {
      const OrgUnit* unit = hierarchy_.FindByUid(ref.id);
      if (unit == nullptr) {
        return Status::NotFound("no org unit has uid '" + ref.id + "'", {"", 0, 0, field});
      }
      return unit->id;
    }
    std::vector<const OrgUnit*> units = hierarchy_.FindByCodeAnyTime(ref.code);
    if (units.empty()) {
      return Status::NotFound("no org unit has ever had code '" + ref.code + "'",
                              {"", 0, 0, field});
    }
    if (units.size() > 1) {
      return Status::Invalid("code '" + ref.code + "' was carried by " +
                                 std::to_string(units.size()) +
                                 " different units (codes are reused); give the unit's uid",
                             {"", 0, 0, field});
    }
    return units[0]->id;
  }

  static Result<int> NonNegative(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return 0;
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 1000000) {
      return Status::Invalid(std::string(key) + " must be a whole number, 0 or more",
                             {"", 0, 0, key});
    }
    return static_cast<int>(it->get<int64_t>());
  }

  // The JSON key of a DataSet field named by ValidateDataSet or the store.
  static std::string JsonField(const std::string& field) {
    static const std::pair<const char*, const char*> kRenames[] = {
        {"data_elements[", "dataSetElements["},
        {"org_units[", "organisationUnits["},
        {"open_future_periods", "openFuturePeriods"},
        {"expiry_days", "expiryDays"},
        {"short_name", "shortName"},
        {"uid", "id"}};
    for (const auto& [from, to] : kRenames) {
      if (field.rfind(from, 0) == 0) {
        std::string out = to + field.substr(std::string_view(from).size());
        if (out.ends_with("].unit")) out.resize(out.size() - 5);
        return out;
      }
    }
    return field;
  }

  // {"id", "code", "name", "nameEn", "shortName", "description", "periodType",
  // "openFuturePeriods", "expiryDays", "dataSetElements": [{"dataElement":
  // ref, "categoryCombo": ref}], "organisationUnits": [ref +
  // "includeDescendants"]}; docs/metadata.md "Data sets".
  Status ImportDataSet(const json& j) {
    DataSet ds;
    ds.code = Text(j, "code");
    GEMIS_ASSIGN_OR_RETURN(ds.name, Nfc(j, "name"));
    GEMIS_ASSIGN_OR_RETURN(ds.name_en, Nfc(j, "nameEn"));
    GEMIS_ASSIGN_OR_RETURN(ds.short_name, Nfc(j, "shortName"));
    GEMIS_ASSIGN_OR_RETURN(ds.description, Nfc(j, "description"));
    ds.uid = Text(j, "id").empty() ? UidFromKey("data_set/" + ds.code) : Text(j, "id");
    if (Text(j, "periodType").empty()) {
      return Status::Invalid("a data set needs a periodType (Monthly, Quarterly, Yearly, …)",
                             {"", 0, 0, "periodType"});
    }
    Result<PeriodType> type = ParsePeriodType(Text(j, "periodType"));
    if (!type.ok()) return Status::Invalid(type.status().message(), {"", 0, 0, "periodType"});
    ds.period_type = *type;
    GEMIS_ASSIGN_OR_RETURN(ds.open_future_periods, NonNegative(j, "openFuturePeriods"));
    GEMIS_ASSIGN_OR_RETURN(ds.expiry_days, NonNegative(j, "expiryDays"));
    if (auto elements = j.find("dataSetElements"); elements != j.end()) {
      if (!elements->is_array()) {
        return Status::Invalid("dataSetElements must be an array", {"", 0, 0, "dataSetElements"});
      }
      for (size_t i = 0; i < elements->size(); ++i) {
        const json& entry = (*elements)[i];
        const std::string field = "dataSetElements[" + std::to_string(i) + "]";
        if (!entry.is_object() || !entry.contains("dataElement")) {
          return Status::Invalid("an entry needs a dataElement", {"", 0, 0, field});
        }
        GEMIS_ASSIGN_OR_RETURN(Ref ref, ReadRef(entry["dataElement"], field, "a dataElement"));
        GEMIS_ASSIGN_OR_RETURN(const StoredElement* element, ElementOf(ref, field));
        if (auto combo = entry.find("categoryCombo"); combo != entry.end() && !combo->is_null()) {
          GEMIS_ASSIGN_OR_RETURN(Ref combo_ref,
                                 ReadRef(*combo, field + ".categoryCombo", "a categoryCombo"));
          const StoredCombo* named =
              metadata_.FindCombo(combo_ref.id.empty() ? combo_ref.code : combo_ref.id);
          if (named == nullptr || named->id != element->combo_id) {
            return Status::Invalid(
                "a category combo override (" + (combo_ref.id + combo_ref.code) +
                    " instead of the element's " + element->element.category_combo_code +
                    ") is not supported: gemis disaggregates an element the same way in every "
                    "data set",
                {"", 0, 0, field + ".categoryCombo"});
          }
        }
        ds.data_elements.push_back(element->element.code);
      }
    }
    if (auto units = j.find("organisationUnits"); units != j.end()) {
      if (!units->is_array()) {
        return Status::Invalid("organisationUnits must be an array",
                               {"", 0, 0, "organisationUnits"});
      }
      for (size_t i = 0; i < units->size(); ++i) {
        const json& entry = (*units)[i];
        const std::string field = "organisationUnits[" + std::to_string(i) + "]";
        GEMIS_ASSIGN_OR_RETURN(Ref ref, ReadRef(entry, field, "an organisationUnits"));
        GEMIS_ASSIGN_OR_RETURN(OrgUnitId unit, UnitOf(ref, field));
        bool descendants = false;
        if (entry.is_object()) {
          auto flag = entry.find("includeDescendants");
          if (flag != entry.end() && !flag->is_boolean()) {
            return Status::Invalid("includeDescendants must be true or false",
                                   {"", 0, 0, field + ".includeDescendants"});
          }
          descendants = flag != entry.end() && flag->get<bool>();
        }
        ds.org_units.push_back({unit, descendants});
      }
    }
    Status valid = ValidateDataSet(ds);
    if (valid.ok()) valid = txn_.SaveDataSet(ds).status();
    if (!valid.ok())
      return Status(valid.code(), valid.message(), {"", 0, 0, JsonField(valid.where().field)});
    return Status::Ok();
  }

  store::WriteTransaction& txn_;
  std::string source_;
  ImportSummary& summary_;
  std::map<std::string, Category> categories_;
  Metadata metadata_;    // for data sets: loaded after the elements
  Hierarchy hierarchy_;  // for data sets' org units
};

}  // namespace

Result<ImportSummary> ImportMetadataJson(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort) {
  ImportSummary summary;
  summary.dry_run = dry_run;
  std::stringstream buffer;
  buffer << in.rdbuf();
  json doc = json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    summary.status = ImportStatus::kError;
    summary.conflicts.push_back(
        {.object = source,
         .error_code = "E_MD_FORMAT",
         .property = "file",
         .message = source + ": not a JSON object (malformed JSON or another shape)"});
    return summary;
  }
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    MetadataImporter importer(txn, source, summary);
    GEMIS_RETURN_IF_ERROR(importer.Run(doc));
    bool rejected = !summary.conflicts.empty() && !best_effort;
    return dry_run || rejected ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  if (!summary.conflicts.empty()) {
    summary.status = best_effort ? ImportStatus::kWarning : ImportStatus::kError;
  }
  if (summary.status == ImportStatus::kError && !dry_run) {
    // Nothing was written: every object counts as ignored.
    summary.count = {0, 0, summary.count.imported + summary.count.ignored, 0};
  }
  return summary;
}

}  // namespace gemis::exchange
