#include "exchange/data_value_export.h"

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "exchange/adx_period.h"
#include "exchange/csv_writer.h"

namespace gemis::exchange {

namespace {

// The identifiers of one value under the chosen scheme.
struct Ids {
  std::string element, period, org_unit, coc, aoc;
};

class IdMapper {
 public:
  IdMapper(const Hierarchy& h, const Metadata& m,
           const std::vector<std::pair<PeriodId, Period>>& periods, IdScheme scheme)
      : h_(h), m_(m), scheme_(scheme == IdScheme::kAuto ? IdScheme::kUid : scheme) {
    for (const auto& [id, period] : periods) periods_.emplace(id, period);
  }

  const Period& PeriodOf(const DataValue& v) const { return periods_.at(v.key.period); }

  Ids Map(const DataValue& v) const {
    const Period& period = PeriodOf(v);
    const StoredElement* e = m_.Element(v.key.data_element);
    return {Pick(e->element.uid, e->element.code, e->element.name), period.ToString(),
            OrgUnitKey(*h_.Find(v.key.org_unit), period), Coc(v.key.category_option_combo),
            Coc(v.key.attribute_option_combo)};
  }

  std::string Element(MetadataId id) const {
    const StoredElement* e = m_.Element(id);
    return Pick(e->element.uid, e->element.code, e->element.name);
  }
  std::string OrgUnit(OrgUnitId id, const Period& period) const {
    return OrgUnitKey(*h_.Find(id), period);
  }
  std::string DataSet(const gemis::DataSet& ds) const { return Pick(ds.uid, ds.code, ds.name); }

 private:
  const std::string& Pick(const std::string& uid, const std::string& code,
                          const std::string& name) const {
    return scheme_ == IdScheme::kUid ? uid : scheme_ == IdScheme::kCode ? code : name;
  }
  // The code (name) the unit carried during the period (codes are reused),
  // or its uid when that code does not name it alone during the period
  // (reused, or the unit did not exist then), so that an import of the file
  // resolves every value to the unit it came from. Names are written as
  // they were, unique or not.
  std::string OrgUnitKey(const gemis::OrgUnit& unit, const Period& period) const {
    if (scheme_ == IdScheme::kUid) return unit.uid;
    const OrgUnitVersion* at = unit.VersionAt(period.end());
    if (at == nullptr) at = unit.VersionAt(period.start());
    if (scheme_ == IdScheme::kName) return at ? at->name : unit.last().name;
    const std::string& code = at ? at->code : unit.last().code;
    if (code.empty()) return unit.uid;
    std::vector<const gemis::OrgUnit*> named =
        h_.FindByCodeOverlapping(code, period.start(), period.end());
    return named.size() == 1 && named[0]->id == unit.id ? code : unit.uid;
  }
  std::string Coc(MetadataId id) const {
    const StoredOptionCombo* coc = m_.OptionCombo(id);
    return Pick(coc->option_combo.uid, coc->option_combo.code, coc->option_combo.name);
  }
  const Hierarchy& h_;
  const Metadata& m_;
  IdScheme scheme_;
  std::map<PeriodId, Period> periods_;
};

// XML attribute text: markup escaped, and tabs and line breaks as character
// references so that attribute-value normalisation keeps them.
std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
  return out;
}

void Attribute(std::ostream& out, std::string_view name, std::string_view value) {
  out << ' ' << name << "=\"" << XmlEscape(value) << '"';
}

// XML 1.0 cannot carry the C0 control characters but tab and line breaks,
// not even as references: a value holding one cannot be written as XML.
Status CheckXmlText(const DataValue& v, const IdMapper& mapper) {
  for (const std::string* text : {&v.value, v.comment ? &*v.comment : nullptr}) {
    if (text == nullptr) continue;
    for (char c : *text) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return Status::Invalid("the value of " + mapper.Element(v.key.data_element) + " for " +
                               mapper.OrgUnit(v.key.org_unit, mapper.PeriodOf(v)) + " in " +
                               mapper.PeriodOf(v).ToString() + " holds control character " +
                               std::to_string(static_cast<int>(c)) +
                               ", which XML cannot carry: export it as CSV or JSON");
      }
    }
  }
  return Status::Ok();
}

// A name ADX can use as an attribute for a category: an XML name of ASCII
// letters, digits, '_', '-', '.', not starting with a digit, '-' or '.', and
// none of the names ADX itself uses.
bool UsableAsAttribute(std::string_view name) {
  if (name.empty() || !((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z') ||
                        name[0] == '_')) {
    return false;
  }
  for (std::string_view reserved : {"dataElement", "value", "categoryOptionCombo", "orgUnit",
                                    "period", "dataSet", "attributeOptionCombo", "completeDate"}) {
    if (name == reserved) return false;
  }
  if (name.size() >= 3 && (name[0] == 'x' || name[0] == 'X') &&
      (name[1] == 'm' || name[1] == 'M') && (name[2] == 'l' || name[2] == 'L')) {
    return false;
  }
  return true;
}

// The category = option attributes of an option combo, or false when a
// category's code cannot be an attribute name (then the combo is written
// as categoryOptionCombo, which ImportDataValues reads too).
bool ComboAttributes(const Metadata& m, MetadataId coc_id,
                     std::vector<std::pair<std::string, std::string>>& attributes) {
  attributes.clear();
  const StoredOptionCombo* coc = m.OptionCombo(coc_id);
  if (coc->id == m.default_option_combo()) return true;
  const StoredCombo* combo = m.Combo(coc->combo_id);
  if (combo == nullptr) return false;
  const std::vector<Category>& categories = combo->combo.categories;
  if (categories.size() != coc->option_combo.option_codes.size()) return false;
  for (size_t i = 0; i < categories.size(); ++i) {
    if (!UsableAsAttribute(categories[i].code)) return false;
    attributes.emplace_back(categories[i].code, coc->option_combo.option_codes[i]);
  }
  return true;
}

Status ExportAdx(store::ReadTransaction& txn, const Metadata& m, const IdMapper& mapper,
                 std::ostream& out, const DataValueExportOptions& options,
                 const std::string& data_set, int64_t& count) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\">\n";
  // One group per run of values with the same period, unit and attribute
  // option combo, in the store's key order.
  std::optional<std::tuple<PeriodId, OrgUnitId, MetadataId>> group;
  std::vector<std::pair<std::string, std::string>> attributes;
  Status scanned = txn.ScanDataValues(options.filter, [&](const DataValue& v) {
    GEMIS_RETURN_IF_ERROR(CheckXmlText(v, mapper));
    auto key = std::make_tuple(v.key.period, v.key.org_unit, v.key.attribute_option_combo);
    if (group != key) {
      if (group) out << "  </group>\n";
      group = key;
      const Period& period = mapper.PeriodOf(v);
      out << "  <group";
      Attribute(out, "orgUnit", mapper.OrgUnit(v.key.org_unit, period));
      Attribute(out, "period", FormatAdxPeriod(period));
      Attribute(out, "dataSet", data_set);
      if (ComboAttributes(m, v.key.attribute_option_combo, attributes)) {
        for (const auto& [category, option] : attributes) Attribute(out, category, option);
      } else {
        Attribute(out, "attributeOptionCombo", mapper.Map(v).aoc);
      }
      out << ">\n";
    }
    out << "    <dataValue";
    Attribute(out, "dataElement", mapper.Element(v.key.data_element));
    if (ComboAttributes(m, v.key.category_option_combo, attributes)) {
      for (const auto& [category, option] : attributes) Attribute(out, category, option);
    } else {
      Attribute(out, "categoryOptionCombo", mapper.Map(v).coc);
    }
    Attribute(out, "value", v.value);
    if (v.comment) {
      out << "><annotation>" << XmlEscape(*v.comment) << "</annotation></dataValue>\n";
    } else {
      out << "/>\n";
    }
    ++count;
    return Status::Ok();
  });
  if (group) out << "  </group>\n";
  out << "</adx>\n";
  return scanned;
}

}  // namespace

Result<int64_t> ExportDataValues(store::Store& store, std::ostream& out,
                                 const DataValueExportOptions& options) {
  if (options.format == DataFileFormat::kAdx) {
    if (options.data_set.empty()) {
      return Status::Usage("ADX needs a data set for its groups (--data-set)");
    }
    if (options.filter.include_deleted) {
      return Status::Usage("ADX has no deleted values: leave out --include-deleted");
    }
  }
  int64_t count = 0;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    IdMapper mapper(h, m, periods, options.id_scheme);
    // The data set: its identifier for the header, its elements as a filter.
    std::string data_set;
    store::DataValueFilter filter = options.filter;
    if (!options.data_set.empty()) {
      const StoredDataSet* ds = m.FindDataSet(options.data_set);
      if (ds == nullptr) {
        return Status::NotFound("unknown data set '" + options.data_set + "'",
                                Location{.field = "--data-set"});
      }
      data_set = mapper.DataSet(ds->data_set);
      std::vector<MetadataId> elements;
      for (MetadataId id : ds->element_ids) {
        if (options.filter.data_elements.empty() ||
            std::find(options.filter.data_elements.begin(), options.filter.data_elements.end(),
                      id) != options.filter.data_elements.end()) {
          elements.push_back(id);
        }
      }
      if (elements.empty()) elements.push_back(-1);  // none of its elements asked for
      filter.data_elements = std::move(elements);
    }
    switch (options.format) {
      case DataFileFormat::kCsv: {
        CsvWriter writer(out);
        writer.WriteRow({"dataelement", "period", "orgunit", "categoryoptioncombo",
                         "attributeoptioncombo", "value", "storedby", "lastupdated", "comment",
                         "followup", "deleted"});
        return txn.ScanDataValues(filter, [&](const DataValue& v) {
          Ids ids = mapper.Map(v);
          writer.WriteRow({ids.element, ids.period, ids.org_unit, ids.coc, ids.aoc, v.value,
                           v.stored_by, v.last_updated, v.comment.value_or(""),
                           v.followup ? "true" : "false", v.deleted ? "true" : "false"});
          ++count;
          return Status::Ok();
        });
      }
      case DataFileFormat::kJson: {
        // Written value by value so that memory stays flat.
        if (!data_set.empty()) out << "{\"dataSet\": " << nlohmann::json(data_set).dump() << ", ";
        out << (data_set.empty() ? "{" : "") << "\"dataValues\": [";
        Status scanned = txn.ScanDataValues(filter, [&](const DataValue& v) {
          Ids ids = mapper.Map(v);
          nlohmann::json j = {{"dataElement", ids.element},      {"period", ids.period},
                              {"orgUnit", ids.org_unit},         {"categoryOptionCombo", ids.coc},
                              {"attributeOptionCombo", ids.aoc}, {"value", v.value},
                              {"storedBy", v.stored_by},         {"created", v.created},
                              {"lastUpdated", v.last_updated},   {"followup", v.followup}};
          if (v.comment) j["comment"] = *v.comment;
          if (v.deleted) j["deleted"] = true;
          out << (count++ == 0 ? "\n  " : ",\n  ") << j.dump();
          return Status::Ok();
        });
        out << "\n]}\n";
        return scanned;
      }
      case DataFileFormat::kXml: {
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\"";
        if (!data_set.empty()) Attribute(out, "dataSet", data_set);
        out << ">\n";
        Status scanned = txn.ScanDataValues(filter, [&](const DataValue& v) {
          GEMIS_RETURN_IF_ERROR(CheckXmlText(v, mapper));
          Ids ids = mapper.Map(v);
          out << "  <dataValue";
          Attribute(out, "dataElement", ids.element);
          Attribute(out, "period", ids.period);
          Attribute(out, "orgUnit", ids.org_unit);
          Attribute(out, "categoryOptionCombo", ids.coc);
          Attribute(out, "attributeOptionCombo", ids.aoc);
          Attribute(out, "value", v.value);
          Attribute(out, "storedBy", v.stored_by);
          Attribute(out, "created", v.created);
          Attribute(out, "lastUpdated", v.last_updated);
          if (v.comment) Attribute(out, "comment", *v.comment);
          Attribute(out, "followup", v.followup ? "true" : "false");
          if (v.deleted) Attribute(out, "deleted", "true");
          out << "/>\n";
          ++count;
          return Status::Ok();
        });
        out << "</dataValueSet>\n";
        return scanned;
      }
      case DataFileFormat::kAdx: {
        DataValueExportOptions adx = options;
        adx.filter = std::move(filter);
        return ExportAdx(txn, m, mapper, out, adx, data_set, count);
      }
    }
    return Status::Internal("unknown data file format");
  });
  if (!status.ok()) return status;
  return count;
}

}  // namespace gemis::exchange
