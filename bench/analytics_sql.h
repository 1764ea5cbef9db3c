// The SQL the peers of the analytics benchmark run (docs/bench.md shows it):
// the same statements for PostgreSQL and DuckDB except where the dialects
// differ (integer division, COPY versus read_csv).
//
// Schema, integer keys as the generator numbers them:
//   org_unit(id, level, parent, province, district, commune)  -- flattened
//     structure like DHIS2's _orgunitstructure: a unit's ancestor (or itself)
//     at levels 2, 3 and 4
//   coc(id, sex, age)
//   data_value(de, period yyyymm, unit, coc, value)
//   targets(district, de, target)
// Every query's columns are its key columns (in the order of the gemis rows'
// keys, see analytics_gemis.cc), then the value.
#pragma once

#include <string>
#include <vector>

#include "analytics_data.h"

namespace gemis::bench {

enum class SqlDialect { kPostgres, kDuckDb };

// The SQL of query `id` ("Q1".."Q5"; Q5 is Q1's statement).
std::string QuerySql(const std::string& id, SqlDialect dialect, const BenchDataset& data);

// PostgreSQL: the tables (created in the loading transaction, so COPY FREEZE
// writes them frozen without WAL), then the keys, indexes and statistics
// built after the COPY.
std::vector<std::string> PostgresCreateTables();
std::vector<std::string> PostgresIndexes();

// PostgreSQL (flattened), a further reference in the manner of DHIS2's
// analytics tables: one wide table `analytics` partitioned by year
// (analytics_2021 … analytics_2025), each value with its year, quarter,
// month, the unit's province, district and commune and the combo's sex and
// age, built from the tables above, with indexes on province and commune.
std::vector<std::string> PostgresFlatten();
// The flattened variant of query `id`: the same rows as QuerySql's.
std::string FlatQuerySql(const std::string& id, const BenchDataset& data);
// Appends the rows of the temporary table batch_value (shaped like
// data_value) to data_value and to the flattened table.
std::vector<std::string> PostgresFlatAppend();

// DuckDB: the whole load from the peers' CSV files in `files`.
std::vector<std::string> DuckDbLoad(const DatasetFiles& files);
// DuckDB: appends the peer batch file `path` to data_value.
std::string DuckDbAppend(const std::string& path);

}  // namespace gemis::bench
