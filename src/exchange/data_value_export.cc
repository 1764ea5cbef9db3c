#include "exchange/data_value_export.h"

#include <map>
#include <nlohmann/json.hpp>

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
      : h_(h), m_(m), scheme_(scheme) {
    for (const auto& [id, period] : periods) periods_.emplace(id, period);
  }

  Ids Map(const DataValue& v) const {
    const Period& period = periods_.at(v.key.period);
    const StoredElement* e = m_.Element(v.key.data_element);
    bool uid = scheme_ == IdScheme::kUid;
    return {uid ? e->element.uid : e->element.code, period.ToString(),
            OrgUnitKey(*h_.Find(v.key.org_unit), period), Coc(v.key.category_option_combo),
            Coc(v.key.attribute_option_combo)};
  }

 private:
  // The code the unit carried during the period (codes are reused), or its
  // uid when that code does not name it alone during the period (reused, or
  // the unit did not exist then), so that an import of the file resolves
  // every value to the unit it came from.
  std::string OrgUnitKey(const OrgUnit& unit, const Period& period) const {
    if (scheme_ == IdScheme::kUid) return unit.uid;
    const OrgUnitVersion* at = unit.VersionAt(period.end());
    if (at == nullptr) at = unit.VersionAt(period.start());
    const std::string& code = at ? at->code : unit.last().code;
    if (code.empty()) return unit.uid;
    std::vector<const OrgUnit*> named =
        h_.FindByCodeOverlapping(code, period.start(), period.end());
    return named.size() == 1 && named[0]->id == unit.id ? code : unit.uid;
  }
  std::string Coc(MetadataId id) const {
    const StoredOptionCombo* coc = m_.OptionCombo(id);
    return scheme_ == IdScheme::kUid ? coc->option_combo.uid : coc->option_combo.code;
  }
  const Hierarchy& h_;
  const Metadata& m_;
  IdScheme scheme_;
  std::map<PeriodId, Period> periods_;
};

}  // namespace

Result<int64_t> ExportDataValues(store::Store& store, std::ostream& out,
                                 const DataValueExportOptions& options) {
  int64_t count = 0;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    IdMapper mapper(h, m, periods, options.id_scheme);
    if (options.format == DataFileFormat::kCsv) {
      CsvWriter writer(out);
      writer.WriteRow({"dataelement", "period", "orgunit", "categoryoptioncombo",
                       "attributeoptioncombo", "value", "storedby", "lastupdated", "comment",
                       "followup", "deleted"});
      return txn.ScanDataValues(options.filter, [&](const DataValue& v) {
        Ids ids = mapper.Map(v);
        writer.WriteRow({ids.element, ids.period, ids.org_unit, ids.coc, ids.aoc, v.value,
                         v.stored_by, v.last_updated, v.comment.value_or(""),
                         v.followup ? "true" : "false", v.deleted ? "true" : "false"});
        ++count;
        return Status::Ok();
      });
    }
    // JSON is written value by value so that memory stays flat.
    out << "{\"dataValues\": [";
    Status scanned = txn.ScanDataValues(options.filter, [&](const DataValue& v) {
      Ids ids = mapper.Map(v);
      nlohmann::json j = {{"dataElement", ids.element}, {"period", ids.period},
                          {"orgUnit", ids.org_unit}, {"categoryOptionCombo", ids.coc},
                          {"attributeOptionCombo", ids.aoc}, {"value", v.value},
                          {"storedBy", v.stored_by}, {"created", v.created},
                          {"lastUpdated", v.last_updated}, {"followup", v.followup}};
      if (v.comment) j["comment"] = *v.comment;
      if (v.deleted) j["deleted"] = true;
      out << (count++ == 0 ? "\n  " : ",\n  ") << j.dump();
      return Status::Ok();
    });
    out << "\n]}\n";
    return scanned;
  });
  if (!status.ok()) return status;
  return count;
}

}  // namespace gemis::exchange
