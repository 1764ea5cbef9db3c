// gemis init, gemis summary.
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "exchange/metadata_import.h"
#include "exchange/vn_admin_loader.h"
#include "store/field_cipher.h"
#include "store/sqlite_store.h"

namespace gemis::cli {

namespace {

Status LoadReferenceUnits(store::Store& store, const std::string& data_dir, Lang lang) {
  std::string dir = data_dir + "/vn-admin";
  GEMIS_ASSIGN_OR_RETURN(exchange::VnAdminDataset data, exchange::LoadVnAdmin(dir));
  Result<Hierarchy> built = Hierarchy::Build(data.units, data.events, data.links);
  if (!built.ok()) {
    return Status::Corruption("reference units in " + dir +
                              " are inconsistent: " + built.status().message());
  }
  std::string summary;
  for (const std::string& note : data.notes) summary += note + "\n";
  GEMIS_RETURN_IF_ERROR(store.Write([&](store::WriteTransaction& txn) {
    std::vector<const OrgUnit*> units;
    for (const OrgUnit& unit : data.units) units.push_back(&unit);
    GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
    GEMIS_RETURN_IF_ERROR(txn.InsertEvents(data.events));
    GEMIS_RETURN_IF_ERROR(txn.InsertLinks(data.links));
    return txn.RecordDatasetImport("vn-admin", dir + " (see SOURCE.md there)", summary);
  }));
  std::cerr << Message(MessageId::kOrgUnitsLoaded, lang) << ": " << data.units.size() << "\n";
  for (const std::string& note : data.notes) std::cerr << "  " << note << "\n";
  return Status::Ok();
}

nlohmann::json CountsAt(const Hierarchy& h, Date d) {
  std::map<OrgUnitLevel, int64_t> counts;
  for (OrgUnitId id : h.UnitsAt(d)) ++counts[h.Find(id)->VersionAt(d)->level];
  nlohmann::json out = {{"date", d.ToString()}};
  for (int level = 1; level <= 5; ++level) {
    out[LevelName(static_cast<OrgUnitLevel>(level))] = counts[static_cast<OrgUnitLevel>(level)];
  }
  return out;
}

Status RunSummary(const std::string& db, const std::string& as_of, const std::string& format,
                  const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(Date today, AsOfDate(as_of));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  // The day before the 2025 reorganisation shows the old three-tier tree.
  std::vector<Date> dates = {Date::FromYmd(2025, 6, 30), today};
  if (today <= dates[0]) dates.pop_back();
  nlohmann::json out = {
      {"database", db}, {"orgUnits", h.size()}, {"asOf", nlohmann::json::array()}};
  for (Date d : dates) out["asOf"].push_back(CountsAt(h, d));
  std::map<std::string, int64_t> kinds;
  for (const OrgUnitEvent& e : h.events()) ++kinds[EventKindName(e.kind)];
  out["events"] = kinds;
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintSummaryTable(out, ctx.lang, std::cout);
  return Status::Ok();
}

}  // namespace

Status CreateDatabase(const std::string& db, bool empty, const Context& ctx) {
  if (std::filesystem::exists(db)) {
    return Status::AlreadyExists(std::string(Message(MessageId::kDatabaseExists, ctx.lang)) +
                                 ": '" + db + "'");
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(db));
  Status status = store->Write([&](store::WriteTransaction& txn) {
    return exchange::InstallBuiltinMetadata(txn, ctx.data_dir);
  });
  if (status.ok() && !empty) status = LoadReferenceUnits(*store, ctx.data_dir, ctx.lang);
  if (!status.ok()) {
    store.reset();
    // Nothing usable was written: remove the half-made file so a retry works.
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
    return status;
  }
  std::cerr << Message(MessageId::kDatabaseCreated, ctx.lang) << ": " << db << "\n";
  // The key that seals people's identifying fields, outside the database.
  const std::string key = FieldKeyPath(db);
  if (!std::filesystem::exists(key)) {
    GEMIS_RETURN_IF_ERROR(store::CreateFieldKeyFile(key).status());
    std::cerr << Message(MessageId::kFieldKeyCreated, ctx.lang) << ": " << key << "\n";
  }
  return Status::Ok();
}

void RegisterInitCommands(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand("init",
                                  "Tạo cơ sở dữ liệu mới với các đơn vị hành chính của Việt Nam / "
                                  "create a database with Vietnam's administrative units");
  auto db = std::make_shared<std::string>();
  auto empty = std::make_shared<bool>(false);
  init->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  init->add_flag("--empty", *empty, "Không nạp đơn vị hành chính / create a bare database");
  init->callback([&ctx, db, empty] {
    ctx.run = [&ctx, db, empty] { return CreateDatabase(*db, *empty, ctx); };
  });

  auto* summary = app.add_subcommand("summary", "Tóm tắt cơ sở dữ liệu / summarise the database");
  auto sdb = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  summary->add_option("--db", *sdb, "Tệp cơ sở dữ liệu / database file")->required();
  summary->add_option("--as-of", *as_of,
                      "Ngày (YYYY-MM-DD), mặc định hôm nay / date, default today");
  summary->add_option("--format", *format, "table | json")->check(CLI::IsMember({"table", "json"}));
  summary->callback([&ctx, sdb, as_of, format] {
    ctx.run = [&ctx, sdb, as_of, format] { return RunSummary(*sdb, *as_of, *format, ctx); };
  });
}

}  // namespace gemis::cli
