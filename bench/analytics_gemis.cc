#include "analytics_gemis.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unordered_map>

#include "analytics/engine.h"
#include "bench_process.h"
#include "core/uid.h"
#include "exchange/data_value_import.h"
#include "exchange/metadata_import.h"
#include "exchange/metadata_json_import.h"
#include "exchange/org_unit_import.h"
#include "store/sqlite_store.h"

namespace gemis::bench {

namespace {

namespace fs = std::filesystem;
using analytics::Engine;
using analytics::QueryRequest;

// Before any change of the bench hierarchy (it never changes anyway).
Date AsOf() { return Date::FromYmd(2025, 6, 30); }

Status CheckSummary(const exchange::ImportSummary& summary, const std::string& what) {
  if (summary.status != exchange::ImportStatus::kError) return Status::Ok();
  std::string message = what + ": " + summary.description;
  if (!summary.conflicts.empty()) message += "; first conflict: " + summary.conflicts[0].message;
  return Status::Internal(message);
}

Result<int64_t> ImportValues(store::Store& store, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportDataValues(store, in, path, {}));
  GEMIS_RETURN_IF_ERROR(CheckSummary(summary, path));
  return summary.count.imported;
}

// The built-in categories (SEX), the bench's metadata and its org units.
Status Setup(store::Store& store, const DatasetFiles& files) {
  GEMIS_RETURN_IF_ERROR(store.Write([](store::WriteTransaction& txn) {
    return exchange::InstallBuiltinMetadata(txn, GEMIS_DATA_DIR);
  }));
  std::ifstream metadata(files.Path("metadata.json"));
  GEMIS_ASSIGN_OR_RETURN(
      exchange::ImportSummary summary,
      exchange::ImportMetadataJson(store, metadata, "metadata.json", false, false));
  GEMIS_RETURN_IF_ERROR(CheckSummary(summary, "metadata.json"));
  std::ifstream units(files.Path("orgunits.csv"), std::ios::binary);
  SeededRandom random(1);  // every row has its uid; nothing is drawn
  exchange::OrgUnitImportOptions options;
  options.source_name = "orgunits.csv";
  GEMIS_ASSIGN_OR_RETURN(
      summary,
      exchange::ImportOrgUnits(store, units, exchange::OrgUnitFileFormat::kCsv, options, random));
  return CheckSummary(summary, "orgunits.csv");
}

// Maps the uids and period ids of result rows to the generator's integers.
class KeyMap {
 public:
  Status Build(store::Store& store, const BenchDataset& data) {
    for (int de = 1; de <= kElements; ++de) ids_[ElementUid(de)] = ids_[IndicatorUid(de)] = de;
    for (const BenchUnit& u : data.units) ids_[UnitUid(u.id)] = u.id;
    for (int age = 1; age <= 3; ++age) ids_[AgeOptionUid(age)] = age;
    for (int year = kFirstYear; year < kFirstYear + kMonths / 12; ++year) {
      ids_[std::to_string(year)] = year;
      for (int q = 1; q <= 4; ++q)
        ids_[std::to_string(year) + "Q" + std::to_string(q)] = year * 10 + q;
    }
    ids_["2021-2025"] = 2021;
    return AddSexOptions(store);
  }

  Result<int64_t> Get(const std::string& uid) const {
    auto it = ids_.find(uid);
    if (it == ids_.end()) return Status::Internal("unexpected item in a gemis result: " + uid);
    return it->second;
  }

 private:
  // SEX is a built-in category: its option uids come from the store.
  Status AddSexOptions(store::Store& store) {
    return store.Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
      const StoredCombo* combo = metadata.FindCombo("SEX_AGE3");
      if (combo == nullptr) return Status::NotFound("combo SEX_AGE3 missing after import");
      for (const CategoryOption& option : combo->combo.categories.at(0).options) {
        ids_[option.uid] = option.code == "MALE" ? 1 : 2;
      }
      return Status::Ok();
    });
  }

  std::unordered_map<std::string, int64_t> ids_;
};

struct GemisQuery {
  std::string id;
  QueryRequest request;
  std::vector<size_t> key_columns;  // result columns in the SQL key order
};

QueryRequest Request(std::vector<std::string> dx, analytics::OrgUnitSelector ou,
                     const std::vector<std::string>& periods, std::vector<std::string> keep) {
  QueryRequest request;
  request.dx = std::move(dx);
  request.ou = {ou};
  for (const std::string& id : periods) request.pe.push_back(*Period::Parse(id));
  request.keep = std::move(keep);
  request.as_of = AsOf();
  request.lang = Lang::kEn;
  return request;
}

std::vector<std::string> Codes(const char* prefix) {
  std::vector<std::string> codes;
  for (int de = 1; de <= kElements; ++de) codes.push_back(prefix + ElementCode(de).substr(2));
  return codes;
}

Result<std::vector<GemisQuery>> MakeQueries(const Engine& engine, const BenchDataset& data) {
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId country, engine.ResolveOrgUnit(UnitCode(data.country), AsOf()));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId province,
                         engine.ResolveOrgUnit(UnitCode(data.q2_province), AsOf()));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId commune,
                         engine.ResolveOrgUnit(UnitCode(data.q3_commune), AsOf()));
  std::vector<std::string> quarters;
  for (int year = kFirstYear; year < kFirstYear + kMonths / 12; ++year) {
    for (int q = 1; q <= 4; ++q) quarters.push_back(std::to_string(year) + "Q" + std::to_string(q));
  }
  QueryRequest q1 = Request(Codes("DE"), {country, OrgUnitLevel::kProvince}, {"2024"}, {});
  return std::vector<GemisQuery>{
      {"Q1", q1, {1, 0}},
      {"Q2",
       Request(Codes("DE"), {province, OrgUnitLevel::kDistrict}, quarters, {"SEX"}),
       {1, 0, 2, 3}},
      {"Q3", Request(Codes("DE"), {commune, std::nullopt}, {"2024"}, {"SEX", "AGE3"}), {0, 3, 4}},
      {"Q4", Request(Codes("AC"), {country, OrgUnitLevel::kDistrict}, {"2021-2025"}, {}), {1, 0}},
      {"Q5", q1, {1, 0}},
  };
}

// Outside the timed region: the typed rows (indexes into the dimensions) as
// generator ids.
Result<ResultRows> ToRows(const analytics::QueryResult& result, const GemisQuery& query,
                          const KeyMap& keys) {
  std::vector<std::vector<int64_t>> column_ids;
  for (size_t column : query.key_columns) {
    std::vector<int64_t> ids;
    for (const std::string& uid : result.dimensions.at(column).second) {
      GEMIS_ASSIGN_OR_RETURN(int64_t id, keys.Get(uid));
      ids.push_back(id);
    }
    column_ids.push_back(std::move(ids));
  }
  ResultRows rows(result.size());
  for (size_t r = 0; r < result.size(); ++r) {
    for (size_t c = 0; c < query.key_columns.size(); ++c) {
      rows[r].key.push_back(column_ids[c].at(result.key(r, query.key_columns[c])));
    }
    rows[r].value = result.value(r);
  }
  return rows;
}

Result<QueryTiming> TimeQuery(const Engine& engine, const GemisQuery& query, int runs,
                              const KeyMap& keys) {
  QueryTiming timing;
  for (int run = 0; run <= runs; ++run) {  // run 0 warms up
    Stopwatch watch;
    Result<analytics::QueryResult> result = engine.Query(query.request);
    double ms = watch.Ms();
    if (!result.ok()) return Status::Internal(query.id + ": " + result.status().ToString());
    if (run == 0) continue;
    timing.ms.push_back(ms);
    if (run == 1) {
      GEMIS_ASSIGN_OR_RETURN(ResultRows rows, ToRows(*result, query, keys));
      timing.results.push_back(std::move(rows));
    }
  }
  return timing;
}

// Q5: per batch, the import is committed untimed; CatchUp + Query are timed.
Result<QueryTiming> TimeFreshness(Engine& engine, store::Store& store, const DatasetFiles& files,
                                  const GemisQuery& query, const KeyMap& keys) {
  QueryTiming timing;
  for (int b = 1; b <= kBatches; ++b) {
    GEMIS_ASSIGN_OR_RETURN(int64_t imported, ImportValues(store, files.GemisBatch(b)));
    if (imported != kBatchSize) {
      return Status::Internal("batch " + std::to_string(b) + ": " + std::to_string(imported) +
                              " values imported, not " + std::to_string(kBatchSize));
    }
    Stopwatch watch;
    GEMIS_RETURN_IF_ERROR(engine.CatchUp(store));
    Result<analytics::QueryResult> result = engine.Query(query.request);
    timing.ms.push_back(watch.Ms());
    if (!result.ok()) return Status::Internal("Q5: " + result.status().ToString());
    GEMIS_ASSIGN_OR_RETURN(ResultRows rows, ToRows(*result, query, keys));
    timing.results.push_back(std::move(rows));
  }
  return timing;
}

struct Loaded {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Engine> engine;
};

Result<Loaded> Load(const DatasetFiles& files, const std::string& dir, EngineReport& report) {
  Loaded loaded;
  GEMIS_ASSIGN_OR_RETURN(loaded.store, store::OpenSqliteStore(dir + "/bench.db"));
  Stopwatch setup;
  GEMIS_RETURN_IF_ERROR(Setup(*loaded.store, files));
  report.setup_s = setup.Seconds();
  std::cerr << "[gemis] set-up (metadata, org units): " << report.setup_s << " s\n";
  Stopwatch load;
  GEMIS_ASSIGN_OR_RETURN(report.values, ImportValues(*loaded.store, files.Path("datavalues.csv")));
  GEMIS_ASSIGN_OR_RETURN(int64_t targets, ImportValues(*loaded.store, files.Path("targets.csv")));
  double import_s = load.Seconds();
  GEMIS_ASSIGN_OR_RETURN(loaded.engine, Engine::Build(*loaded.store));
  report.load_s = load.Seconds();
  report.details["importSeconds"] = import_s;
  report.details["buildSeconds"] = report.load_s - import_s;
  report.details["targets"] = targets;
  std::cerr << "[gemis] load: import " << import_s << " s + build " << report.load_s - import_s
            << " s\n";
  return loaded;
}

}  // namespace

Result<EngineReport> RunGemis(const BenchDataset& data, const DatasetFiles& files,
                              const std::string& work_dir, int runs) {
  EngineReport report{.key = "gemis", .title = std::string("gemis ") + GEMIS_VERSION};
  std::string dir = work_dir + "/gemis";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  {
    GEMIS_ASSIGN_OR_RETURN(Loaded loaded, Load(files, dir, report));
    malloc_trim(0);  // give back what the import freed: RSS then shows what stays
    Engine& engine = *loaded.engine;
    report.bytes_per_value =
        static_cast<double>(engine.memory_bytes()) / static_cast<double>(engine.value_count());
    report.details["engineValues"] = engine.value_count();
    report.details["engineMemoryBytes"] = engine.memory_bytes();
    KeyMap keys;
    GEMIS_RETURN_IF_ERROR(keys.Build(*loaded.store, data));
    GEMIS_ASSIGN_OR_RETURN(std::vector<GemisQuery> queries, MakeQueries(engine, data));
    for (size_t i = 0; i + 1 < queries.size(); ++i) {
      GEMIS_ASSIGN_OR_RETURN(report.queries[queries[i].id],
                             TimeQuery(engine, queries[i], runs, keys));
    }
    MemoryUse memory = ProcessMemory(getpid());
    report.rss_bytes = memory.rss;
    report.pss_bytes = memory.pss;
    report.disk_bytes = DiskBytes(dir);
    GEMIS_ASSIGN_OR_RETURN(report.queries["Q5"],
                           TimeFreshness(engine, *loaded.store, files, queries.back(), keys));
  }
  // GEMIS_BENCH_KEEP_DB=1 keeps the loaded database (for profiling queries).
  if (std::getenv("GEMIS_BENCH_KEEP_DB") == nullptr) fs::remove_all(dir, ec);
  return report;
}

}  // namespace gemis::bench
