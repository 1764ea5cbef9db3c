// The gemis side of the analytics benchmark: everything through gemis's
// public APIs, in this process. Set-up (not timed as load): a fresh SQLite
// store (store::OpenSqliteStore), the built-in metadata, metadata JSON
// (exchange::ImportMetadataJson) and the org units (exchange::ImportOrgUnits).
// Load: the data values and the targets through exchange::ImportDataValues,
// then analytics::Engine::Build. Queries: Engine::Query, timed alone (rows are
// materialised inside it); Q5: ImportDataValues of a batch, then
// Engine::CatchUp + Query timed together.
#pragma once

#include <string>

#include "analytics_data.h"
#include "analytics_report.h"

namespace gemis::bench {

// `work_dir` receives the store (removed at the end); `runs` timed runs per
// query after one warm-up run. Errors: a failed import or query.
Result<EngineReport> RunGemis(const BenchDataset& data, const DatasetFiles& files,
                              const std::string& work_dir, int runs);

}  // namespace gemis::bench
