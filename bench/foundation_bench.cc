// Micro-benchmarks of the foundation: period parsing, building Vietnam's
// hierarchy with its history, placing old units on a later hierarchy, and
// importing data values into the durable store. Run by `make bench`.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "core/period.h"
#include "core/uid.h"
#include "exchange/data_value_import.h"
#include "exchange/metadata_import.h"
#include "exchange/vn_admin_loader.h"
#include "store/sqlite_store.h"

namespace gemis {
namespace {

const std::string kVnAdmin = std::string(GEMIS_DATA_DIR) + "/vn-admin";

void BM_PeriodParse(benchmark::State& state) {
  const char* ids[] = {"2024", "202403", "2024Q2", "2024W17", "20240315", "2024AprilS1", "2021-2025"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Period::Parse(ids[i++ % 7]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PeriodParse);

void BM_LoadVietnamHierarchy(benchmark::State& state) {
  for (auto _ : state) {
    auto data = exchange::LoadVnAdmin(kVnAdmin);
    auto h = Hierarchy::Build(data->units, data->events, data->links);
    benchmark::DoNotOptimize(h.ok());
  }
}
BENCHMARK(BM_LoadVietnamHierarchy)->Unit(benchmark::kMillisecond);

void BM_PlaceOldCommuneOn2026(benchmark::State& state) {
  auto data = exchange::LoadVnAdmin(kVnAdmin);
  Hierarchy h = *Hierarchy::Build(data->units, data->events, data->links);
  std::vector<OrgUnitId> old = h.UnitsAt(Date::FromYmd(2024, 6, 30), OrgUnitLevel::kCommune);
  Date later = Date::FromYmd(2026, 11, 1);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(h.PlaceAt(old[i++ % old.size()], later));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlaceOldCommuneOn2026);

// Imports state.range(0) values (communes × months of 2024 × 2 sexes) into a
// fresh durable database, timed from the first byte read to the commit.
void BM_ImportDataValuesCsv(benchmark::State& state) {
  std::string path = std::filesystem::temp_directory_path() /
                     ("gemis-bench-" + std::to_string(getpid()) + ".db");
  auto data = exchange::LoadVnAdmin(kVnAdmin);
  Hierarchy h = *Hierarchy::Build(data->units, data->events, data->links);
  std::vector<OrgUnitId> communes = h.UnitsAt(Date::FromYmd(2024, 6, 30), OrgUnitLevel::kCommune);
  std::ostringstream csv;
  csv << "dataelement,period,orgunit,categoryoptioncombo,value\n";
  int64_t n = state.range(0);
  for (int64_t i = 0; i < n; ++i) {
    const OrgUnit* unit = h.Find(communes[static_cast<size_t>(i / 24) % communes.size()]);
    csv << "MEMBERS,2024" << (i / 2 % 12 < 9 ? "0" : "") << (i / 2 % 12 + 1) << ','
        << unit->uid << ',' << (i % 2 ? "SEX_FEMALE" : "SEX_MALE") << ',' << (i % 97) + 1 << '\n';
  }
  std::string text = csv.str();
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto store = store::OpenSqliteStore(path);
    Status ok = (*store)->Write([&](store::WriteTransaction& txn) {
      std::vector<const OrgUnit*> units;
      for (const OrgUnit& u : data->units) units.push_back(&u);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
      GEMIS_RETURN_IF_ERROR(txn.InsertEvents(data->events));
      GEMIS_RETURN_IF_ERROR(txn.InsertLinks(data->links));
      GEMIS_RETURN_IF_ERROR(exchange::InstallBuiltinMetadata(txn, GEMIS_DATA_DIR));
      DataElement members;
      members.uid = UidFromKey("bench/MEMBERS");
      members.code = "MEMBERS";
      members.name = "Thành viên";
      members.category_combo_code = "SEX";
      return txn.SaveDataElement(members).status();
    });
    if (!ok.ok()) state.SkipWithError(ok.ToString().c_str());
    std::istringstream in(text);
    state.ResumeTiming();
    auto summary = exchange::ImportDataValues(**store, in, "bench.csv", {});
    if (!summary.ok() || summary->count.imported != n) state.SkipWithError("import failed");
  }
  state.SetItemsProcessed(state.iterations() * n);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}
BENCHMARK(BM_ImportDataValuesCsv)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace gemis

BENCHMARK_MAIN();
