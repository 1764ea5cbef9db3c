// The PostgreSQL side of the analytics benchmark: a private server started
// for the run (initdb into a temporary directory owned by the postgres user,
// listening on 127.0.0.1 only, a free port) and stopped on every exit path,
// driven through libpq over loopback like any client.
#pragma once

#include <string>
#include <vector>

#include "analytics_data.h"
#include "analytics_report.h"

namespace gemis::bench {

struct PostgresOptions {
  std::string bin_dir = "/usr/lib/postgresql/15/bin";  // initdb, pg_ctl
  int runs = 5;
  // postgresql.conf lines after the benchmark's own (later lines win).
  std::vector<std::string> extra_settings;
  // Also run the flattened variant (analytics_sql.h, PostgresFlatten) in the
  // same server, after the plain one's Q1–Q4.
  bool flattened = false;
};

// Loads the peer CSVs (COPY … FROM STDIN inside the transaction that creates
// the tables, then keys, indexes and ANALYZE — all in the load time), runs
// the queries (one warm-up, then `runs` timed runs; timed from sending the
// query to holding every row in this process) and the freshness batches.
// Returns the plain report, then the flattened one when asked for.
Result<std::vector<EngineReport>> RunPostgres(const BenchDataset& data, const DatasetFiles& files,
                                              const PostgresOptions& options);

}  // namespace gemis::bench
