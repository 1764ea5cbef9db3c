#include "analytics_duckdb.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "analytics_sql.h"
#include "bench_process.h"

namespace gemis::bench {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json Spec(const BenchDataset& data, const DatasetFiles& files, const DuckDbOptions& options) {
  json spec = {{"database", options.work_dir + "/duckdb/bench.duckdb"},
               {"runs", options.runs},
               {"load", DuckDbLoad(files)},
               {"queries", json::array()},
               {"fresh", {{"id", "Q5"}, {"sql", QuerySql("Q5", SqlDialect::kDuckDb, data)}}}};
  for (const char* id : {"Q1", "Q2", "Q3", "Q4"}) {
    spec["queries"].push_back({{"id", id}, {"sql", QuerySql(id, SqlDialect::kDuckDb, data)}});
  }
  for (int b = 1; b <= kBatches; ++b) {
    spec["fresh"]["batches"].push_back(DuckDbAppend(files.PeerBatch(b)));
  }
  return spec;
}

ResultRows ToRows(const json& rows) {
  ResultRows out;
  for (const json& row : rows) {
    ResultRow r;
    for (size_t c = 0; c + 1 < row.size(); ++c) r.key.push_back(row[c].get<int64_t>());
    r.value = row.back().get<double>();
    out.push_back(std::move(r));
  }
  return out;
}

QueryTiming Timing(const json& query) {
  QueryTiming timing;
  timing.ms = query.at("ms").get<std::vector<double>>();
  for (const json& rows : query.at("results")) timing.results.push_back(ToRows(rows));
  return timing;
}

Result<EngineReport> ReadOutput(const std::string& path, const BenchDataset& data) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return Status::Internal("run.mjs wrote invalid JSON to " + path);
  EngineReport report{.key = "duckdb", .title = "DuckDB " + out.value("version", "?")};
  report.load_s = out.at("loadSeconds").get<double>();
  report.values = data.value_count();
  report.rss_bytes = out.at("rssBytes").get<int64_t>();
  report.pss_bytes = out.at("pssBytes").get<int64_t>();
  report.disk_bytes = out.at("diskBytes").get<int64_t>();
  report.details["node"] = out.value("node", "?");
  report.details["threads"] = out.value("threads", "?");
  for (const json& query : out.at("queries")) report.queries[query.at("id")] = Timing(query);
  report.queries["Q5"] = Timing(out.at("fresh"));
  return report;
}

}  // namespace

Result<EngineReport> RunDuckDb(const BenchDataset& data, const DatasetFiles& files,
                               const DuckDbOptions& options) {
  if (!fs::exists(options.script_dir + "/node_modules/@duckdb/node-api")) {
    return Status::NotFound("@duckdb/node-api is not installed in " + options.script_dir +
                            " (run scripts/install-bench-deps, which runs npm ci there)");
  }
  std::string dir = options.work_dir + "/duckdb";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  std::string spec_path = dir + "/spec.json", out_path = dir + "/out.json";
  std::ofstream(spec_path) << Spec(data, files, options).dump(1) << "\n";
  GEMIS_RETURN_IF_ERROR(
      RunChecked({options.node, options.script_dir + "/run.mjs", spec_path, out_path}));
  Result<EngineReport> report = Status::Internal("unreachable");
  try {
    report = ReadOutput(out_path, data);
  } catch (const json::exception& e) {  // a field missing or of another type
    report = Status::Internal("unexpected output of run.mjs in " + out_path + ": " + e.what());
  }
  fs::remove_all(dir, ec);
  return report;
}

}  // namespace gemis::bench
