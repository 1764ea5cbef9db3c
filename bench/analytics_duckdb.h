// The DuckDB side of the analytics benchmark: bench/duckdb/run.mjs runs in
// Node with @duckdb/node-api (installed by scripts/install-bench-deps from the
// committed lockfile), in-process to DuckDB like gemis. This program writes
// a spec (the database file, the load statements, the queries, the batches)
// and reads back the timings, memory, disk size and result rows as JSON.
#pragma once

#include <string>

#include "analytics_data.h"
#include "analytics_report.h"

namespace gemis::bench {

struct DuckDbOptions {
  std::string node = "node";
  std::string script_dir;  // bench/duckdb (run.mjs and node_modules)
  std::string work_dir;    // receives the database file, spec and output
  int runs = 5;
};

Result<EngineReport> RunDuckDb(const BenchDataset& data, const DatasetFiles& files,
                               const DuckDbOptions& options);

}  // namespace gemis::bench
