// gemis dataset list: the stored data sets (core/data_set.h) with their
// elements, org units and number of complete registrations. Data sets are
// imported with `gemis import metadata` ("dataSets").
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"

namespace gemis::cli {

namespace {

Status RunList(const std::string& db, const std::string& format, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  Metadata metadata;
  Hierarchy hierarchy;
  std::map<MetadataId, int64_t> completed;  // registrations per data set
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(metadata, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(std::vector<store::CompleteRegistration> registrations,
                           txn.LoadCompleteRegistrations(0));
    for (const store::CompleteRegistration& r : registrations) ++completed[r.data_set];
    return Status::Ok();
  }));
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const StoredDataSet& stored : metadata.data_sets()) {
    const DataSet& ds = stored.data_set;
    nlohmann::json elements = nlohmann::json::array();
    for (MetadataId id : stored.element_ids) {
      const StoredElement* e = metadata.Element(id);
      elements.push_back({{"dataElement", {{"id", e->element.uid}, {"code", e->element.code}}}});
    }
    nlohmann::json units = nlohmann::json::array();
    std::string unit_labels;
    for (const DataSetOrgUnit& assigned : ds.org_units) {
      const OrgUnit* unit = hierarchy.Find(assigned.unit);
      if (unit == nullptr) continue;
      // The unit as it is now (or was last).
      const OrgUnitVersion& v = unit->last();
      units.push_back({{"id", unit->uid},
                       {"code", v.code},
                       {"name", v.FullName()},
                       {"includeDescendants", assigned.descendants}});
      unit_labels += (unit_labels.empty() ? "" : ", ") + (v.code.empty() ? unit->uid : v.code) +
                     " " + v.name + (assigned.descendants ? " +" : "");
    }
    const int64_t registrations = completed.count(stored.id) ? completed[stored.id] : 0;
    out.push_back({{"id", ds.uid},
                   {"code", ds.code},
                   {"name", ds.name},
                   {"nameEn", ds.name_en},
                   {"shortName", ds.short_name},
                   {"description", ds.description},
                   {"periodType", PeriodTypeName(ds.period_type)},
                   {"openFuturePeriods", ds.open_future_periods},
                   {"expiryDays", ds.expiry_days},
                   {"dataSetElements", elements},
                   {"organisationUnits", units},
                   {"completeRegistrations", registrations}});
    rows.push_back({ds.code, ds.name, std::string(PeriodTypeName(ds.period_type)),
                    std::to_string(stored.element_ids.size()), unit_labels,
                    std::to_string(ds.open_future_periods), std::to_string(ds.expiry_days),
                    std::to_string(registrations)});
  }
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintTable({std::string(Message(MessageId::kDataSetColumnCode, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnName, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnPeriodType, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnElements, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnOrgUnits, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnOpenFuture, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnExpiry, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnCompleted, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterDataSetCommands(CLI::App& app, Context& ctx) {
  auto* dataset = app.add_subcommand("dataset", "Bộ dữ liệu / data sets");
  dataset->require_subcommand(1);
  auto* list = dataset->add_subcommand(
      "list", "Danh sách bộ dữ liệu / list the data sets with their elements and org units");
  auto db = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  list->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  list->add_option("--format", *format, "table | json")->check(CLI::IsMember({"table", "json"}));
  list->callback(
      [&ctx, db, format] { ctx.run = [&ctx, db, format] { return RunList(*db, *format, ctx); }; });
}

}  // namespace gemis::cli
