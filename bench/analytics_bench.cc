// The analytics benchmark (docs/bench.md): generates the national-scale
// dataset, loads it into gemis (in this process, through its public APIs),
// PostgreSQL 15 (a private server over loopback) and DuckDB (in Node), runs
// the same five queries in each, checks that the results are equal, and
// prints a markdown table; the same figures go to
// bench/results/analytics-SCALE.json. Exit status: 0 when every engine ran
// and every result matched, 1 otherwise (after writing everything), 2 for a
// usage error. Run by `make bench`; one scale: `make bench SCALE=5m`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "analytics_data.h"
#include "analytics_duckdb.h"
#include "analytics_gemis.h"
#include "analytics_postgres.h"
#include "analytics_report.h"
#include "bench_process.h"
#include "pg_server.h"

namespace gemis::bench {

namespace {

struct Options {
  std::string scale = "5m";
  int runs = 5;
  std::string work_dir = GEMIS_BENCH_WORK_DIR;
  std::string results_dir = GEMIS_BENCH_SOURCE_DIR "/results";
  std::vector<std::string> engines = {"gemis", "postgres", "postgres-flat", "duckdb"};
  std::string pg_bin = "/usr/lib/postgresql/15/bin";
  std::vector<std::string> pg_settings;
  std::string node = "node";
};

// Ctrl-C or a kill: stop the PostgreSQL server first, then die of the signal.
void OnSignal(int signal_number) {
  PgServer::EmergencyStop();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

const char* TitleOf(const std::string& engine) {
  if (engine == "postgres") return "PostgreSQL";
  if (engine == "postgres-flat") return "PostgreSQL (flattened)";
  if (engine == "duckdb") return "DuckDB";
  return "gemis";
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The reports of one engine: PostgreSQL gives two when the flattened variant
// runs with it (it shares the server); "postgres-flat" alone gives none.
Result<std::vector<EngineReport>> RunEngine(const std::string& engine, const BenchDataset& data,
                                            const DatasetFiles& files, const Options& options) {
  std::string work = options.work_dir + "/" + options.scale;
  if (engine == "gemis") {
    GEMIS_ASSIGN_OR_RETURN(EngineReport report, RunGemis(data, files, work, options.runs));
    return std::vector<EngineReport>{std::move(report)};
  }
  if (engine == "postgres") {
    bool flat = Has(options.engines, "postgres-flat");
    return RunPostgres(data, files, {options.pg_bin, options.runs, options.pg_settings, flat});
  }
  if (engine == "postgres-flat") return std::vector<EngineReport>{};
  if (engine == "duckdb") {
    std::string script_dir = GEMIS_BENCH_SOURCE_DIR "/duckdb";
    GEMIS_ASSIGN_OR_RETURN(EngineReport report,
                           RunDuckDb(data, files, {options.node, script_dir, work, options.runs}));
    return std::vector<EngineReport>{std::move(report)};
  }
  return Status::Usage("unknown engine '" + engine + "'");
}

// Every engine's reports; an engine that failed gets reports with its error.
std::vector<EngineReport> RunEngines(const BenchDataset& data, const DatasetFiles& files,
                                     const Options& options) {
  std::vector<EngineReport> reports;
  for (const std::string& engine : options.engines) {
    Result<std::vector<EngineReport>> result = RunEngine(engine, data, files, options);
    if (result.ok()) {
      for (EngineReport& report : *result) reports.push_back(std::move(report));
      continue;
    }
    std::cerr << "[" << engine << "] FAILED: " << result.status().ToString() << "\n";
    std::vector<std::string> keys = {engine};
    if (engine == "postgres" && Has(options.engines, "postgres-flat"))
      keys.push_back("postgres-flat");
    for (const std::string& key : keys) {
      reports.push_back(
          EngineReport{.key = key, .title = TitleOf(key), .error = result.status().ToString()});
    }
  }
  return reports;
}

int Run(const Options& options) {
  Result<int64_t> wanted = ParseScale(options.scale);
  if (!wanted.ok()) {
    std::cerr << wanted.status().ToString() << "\n";
    return 2;
  }
  Stopwatch watch;
  BenchDataset data = GenerateDataset(*wanted);
  Result<DatasetFiles> files =
      WriteDatasetFiles(data, options.work_dir + "/" + options.scale + "/data");
  if (!files.ok()) {
    std::cerr << files.status().ToString() << "\n";
    return 1;
  }
  std::cerr << "[data] " << data.units.size() << " org units, " << data.pairs.size()
            << " reporting (unit, element) pairs, " << data.value_count() << " values, "
            << data.target_count() << " targets in " << files->dir << " (" << watch.Seconds()
            << " s)\n";
  std::vector<EngineReport> reports = RunEngines(data, *files, options);
  std::filesystem::create_directories(options.results_dir);
  std::string json_path = options.results_dir + "/analytics-" + options.scale + ".json";
  bool ok = WriteReport(options.scale, data, reports, json_path, std::cout);
  for (const EngineReport& r : reports) {
    if (r.key == "gemis" && r.error.empty()) {
      std::cout << "gemis set-up before the load (metadata JSON + " << data.units.size()
                << " org units through the org-unit import): " << r.setup_s << " s\n";
    }
  }
  return ok ? 0 : 1;
}

}  // namespace

}  // namespace gemis::bench

int main(int argc, char** argv) {
  gemis::bench::Options options;
  CLI::App app{"gemis analytics benchmark against PostgreSQL 15 and DuckDB (docs/bench.md)"};
  app.add_option("--scale", options.scale, "values: 5m, 50m, 200k, ...")->capture_default_str();
  app.add_option("--runs", options.runs, "timed warm runs per query")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--work-dir", options.work_dir, "generated data and engine files")
      ->capture_default_str();
  app.add_option("--results-dir", options.results_dir, "where analytics-SCALE.json goes")
      ->capture_default_str();
  app.add_option("--engines", options.engines,
                 "gemis, postgres, postgres-flat (with postgres), duckdb")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--pg-bin", options.pg_bin, "PostgreSQL 15 binaries")->capture_default_str();
  app.add_option("--pg-setting", options.pg_settings,
                 "an extra postgresql.conf line, e.g. \"jit = off\" (repeatable)");
  app.add_option("--node", options.node, "the node executable")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, gemis::bench::OnSignal);
  return gemis::bench::Run(options);
}
