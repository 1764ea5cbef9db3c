#include "analytics_postgres.h"

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "analytics_sql.h"
#include "bench_process.h"
#include "pg_client.h"
#include "pg_server.h"

namespace gemis::bench {

namespace {

int64_t MemTotalMiB() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kb = 0;
  in >> key >> kb;
  return kb / 1024;
}

// The usual tuning of a dedicated analytics server (a quarter of the RAM for
// shared buffers) plus bulk-load settings: WAL minimal, so the COPY into
// tables created in the same transaction and the index builds skip the WAL.
// Durability stays on (fsync, synchronous_commit), as in gemis's store. JIT
// is off: on this 2-core machine it made Q1 and Q4 5-10% slower at 5m.
std::vector<std::string> Settings(const PostgresOptions& options) {
  int64_t ram = MemTotalMiB();
  std::vector<std::string> settings = {
      "shared_buffers = '" + std::to_string(ram / 4) + "MB'",
      "effective_cache_size = '" + std::to_string(ram * 3 / 4) + "MB'",
      "work_mem = '256MB'",
      "maintenance_work_mem = '2GB'",
      "wal_level = minimal",
      "max_wal_senders = 0",
      "max_wal_size = '16GB'",
      "checkpoint_timeout = '30min'",
      "jit = off",
  };
  settings.insert(settings.end(), options.extra_settings.begin(), options.extra_settings.end());
  return settings;
}

ResultRows ToRows(const PGresult* result) {
  int fields = PQnfields(result);
  ResultRows rows(static_cast<size_t>(PQntuples(result)));
  for (size_t r = 0; r < rows.size(); ++r) {
    int row = static_cast<int>(r);
    for (int c = 0; c + 1 < fields; ++c) {
      rows[r].key.push_back(std::strtoll(PQgetvalue(result, row, c), nullptr, 10));
    }
    rows[r].value = std::strtod(PQgetvalue(result, row, fields - 1), nullptr);
  }
  return rows;
}

Result<std::string> ScalarText(PgConnection& conn, const std::string& sql) {
  GEMIS_ASSIGN_OR_RETURN(PgResult result, conn.Query(sql));
  return std::string(PQgetvalue(result.get(), 0, 0));
}

Status Load(PgConnection& conn, const DatasetFiles& files) {
  GEMIS_RETURN_IF_ERROR(conn.Exec("BEGIN"));
  for (const std::string& sql : PostgresCreateTables()) GEMIS_RETURN_IF_ERROR(conn.Exec(sql));
  const char* freeze = ", FREEZE true";
  GEMIS_RETURN_IF_ERROR(conn.CopyFile("org_unit", files.Path("org_unit.csv"), freeze));
  GEMIS_RETURN_IF_ERROR(conn.CopyFile("coc", files.Path("coc.csv"), freeze));
  GEMIS_RETURN_IF_ERROR(conn.CopyFile("data_value", files.Path("data_value.csv"), freeze));
  GEMIS_RETURN_IF_ERROR(conn.CopyFile("targets", files.Path("targets_int.csv"), freeze));
  GEMIS_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  for (const std::string& sql : PostgresIndexes()) GEMIS_RETURN_IF_ERROR(conn.Exec(sql));
  return Status::Ok();
}

Result<QueryTiming> TimeQuery(PgConnection& conn, const std::string& sql, int runs) {
  QueryTiming timing;
  for (int run = 0; run <= runs; ++run) {  // run 0 warms up
    Stopwatch watch;
    GEMIS_ASSIGN_OR_RETURN(PgResult result, conn.Query(sql));
    double ms = watch.Ms();
    if (run == 0) continue;
    timing.ms.push_back(ms);
    if (run == 1) timing.results.push_back(ToRows(result.get()));
  }
  return timing;
}

// The SQL of a query for the plain or the flattened variant.
std::string Sql(const EngineReport& report, const std::string& id, const BenchDataset& data) {
  return report.key == "postgres" ? QuerySql(id, SqlDialect::kPostgres, data)
                                  : FlatQuerySql(id, data);
}

// Q1..Q4, warm, then memory and disk as they are after them.
Status RunWarmQueries(PgConnection& conn, const PgServer& server, const BenchDataset& data,
                      int runs, EngineReport& report) {
  for (const char* id : {"Q1", "Q2", "Q3", "Q4"}) {
    GEMIS_ASSIGN_OR_RETURN(report.queries[id], TimeQuery(conn, Sql(report, id, data), runs));
  }
  MemoryUse memory = ProcessTreeMemory(server.postmaster_pid());
  report.rss_bytes = memory.rss;
  report.pss_bytes = memory.pss;
  report.disk_bytes = DiskBytes(server.data_dir());
  GEMIS_ASSIGN_OR_RETURN(std::string size, ScalarText(conn, "SELECT pg_database_size('bench')"));
  report.details["databaseBytes"] = std::stoll(size);
  return Status::Ok();
}

// Commits batch `b`: a COPY in autocommit, or — with the flattened table —
// one transaction appending it to data_value and to the flattened table.
Status CommitBatch(PgConnection& conn, const DatasetFiles& files, int b, bool flattened) {
  if (!flattened) return conn.CopyFile("data_value", files.PeerBatch(b));
  GEMIS_RETURN_IF_ERROR(conn.Exec("BEGIN"));
  GEMIS_RETURN_IF_ERROR(
      conn.Exec("CREATE TEMP TABLE batch_value (LIKE data_value) ON COMMIT DROP"));
  GEMIS_RETURN_IF_ERROR(conn.CopyFile("batch_value", files.PeerBatch(b)));
  for (const std::string& sql : PostgresFlatAppend()) GEMIS_RETURN_IF_ERROR(conn.Exec(sql));
  return conn.Exec("COMMIT");
}

// Q5: per batch, the batch is committed untimed, then Q1 is timed in each
// variant.
Status RunFreshness(PgConnection& conn, const DatasetFiles& files, const BenchDataset& data,
                    std::vector<EngineReport>& reports) {
  for (int b = 1; b <= kBatches; ++b) {
    GEMIS_RETURN_IF_ERROR(CommitBatch(conn, files, b, reports.size() > 1));
    for (EngineReport& report : reports) {
      QueryTiming& timing = report.queries["Q5"];
      Stopwatch watch;
      GEMIS_ASSIGN_OR_RETURN(PgResult result, conn.Query(Sql(report, "Q5", data)));
      timing.ms.push_back(watch.Ms());
      timing.results.push_back(ToRows(result.get()));
    }
  }
  return Status::Ok();
}

Result<EngineReport> LoadFlattened(PgConnection& conn, const EngineReport& plain,
                                   const BenchDataset& data) {
  EngineReport flat{.key = "postgres-flat", .title = plain.title + " (flattened)"};
  Stopwatch watch;
  for (const std::string& sql : PostgresFlatten()) GEMIS_RETURN_IF_ERROR(conn.Exec(sql));
  flat.details["flattenSeconds"] = watch.Seconds();
  flat.load_s = plain.load_s + watch.Seconds();
  flat.values = data.value_count();
  std::cerr << "[postgres] flattened table: " << watch.Seconds() << " s more\n";
  return flat;
}

}  // namespace

Result<std::vector<EngineReport>> RunPostgres(const BenchDataset& data, const DatasetFiles& files,
                                              const PostgresOptions& options) {
  EngineReport plain{.key = "postgres", .title = "PostgreSQL"};
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<PgServer> server,
                         PgServer::Start(options.bin_dir, Settings(options)));
  std::cerr << "[postgres] started on 127.0.0.1:" << server->port() << " in " << server->data_dir()
            << "\n";
  {
    GEMIS_ASSIGN_OR_RETURN(PgConnection admin, PgConnection::Connect(server->port(), "postgres"));
    GEMIS_RETURN_IF_ERROR(admin.Exec("CREATE DATABASE bench"));
  }
  GEMIS_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(server->port(), "bench"));
  GEMIS_ASSIGN_OR_RETURN(std::string version, ScalarText(conn, "SHOW server_version"));
  plain.title = "PostgreSQL " + version.substr(0, version.find(' '));
  Stopwatch load;
  GEMIS_RETURN_IF_ERROR(Load(conn, files));
  plain.load_s = load.Seconds();
  plain.values = data.value_count();
  plain.details["settings"] = Settings(options);
  std::cerr << "[postgres] load: " << plain.load_s << " s\n";
  GEMIS_RETURN_IF_ERROR(RunWarmQueries(conn, *server, data, options.runs, plain));
  std::vector<EngineReport> reports = {plain};
  if (options.flattened) {
    GEMIS_ASSIGN_OR_RETURN(EngineReport flat, LoadFlattened(conn, plain, data));
    GEMIS_RETURN_IF_ERROR(RunWarmQueries(conn, *server, data, options.runs, flat));
    reports.push_back(std::move(flat));
  }
  GEMIS_RETURN_IF_ERROR(RunFreshness(conn, files, data, reports));
  GEMIS_RETURN_IF_ERROR(server->Stop());
  return reports;
}

}  // namespace gemis::bench
