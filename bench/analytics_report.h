// What each engine's run of the analytics benchmark produces, the comparison
// of their results, and the output: a markdown table on stdout and the same
// figures as JSON in bench/results/analytics-SCALE.json (docs/bench.md).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analytics_data.h"

namespace gemis::bench {

// One result row in generator ids: the key columns of the query (docs/bench.md
// lists them per query) and the value.
struct ResultRow {
  std::vector<int64_t> key;
  double value = 0;
};
using ResultRows = std::vector<ResultRow>;

struct QueryInfo {
  const char* id;
  const char* title;  // one line for the table
};
// Q1..Q4 (timed warm, repeated) and Q5 (Q1 after each new batch).
inline constexpr QueryInfo kQueries[] = {
    {"Q1", "Q1 province × element, 2024"},
    {"Q2", "Q2 one province: district × quarter × element × sex"},
    {"Q3", "Q3 one commune, 2024, element × sex × age"},
    {"Q4", "Q4 district × element, 2021–2025 actual ÷ target"},
    {"Q5", "Q5 = Q1 right after committing 10,000 new values"},
};

struct QueryTiming {
  std::vector<double> ms;           // the timed runs
  std::vector<ResultRows> results;  // Q1..Q4: the first timed run's; Q5: one per batch
};

struct EngineReport {
  std::string key;        // "gemis", "postgres", "duckdb"
  std::string title;      // with the version: "PostgreSQL 15.18"
  std::string error;      // set when the engine could not run; figures then absent
  double setup_s = 0;     // gemis only: metadata and org units (not in load_s)
  double load_s = 0;      // to "ready to query"
  int64_t values = 0;     // data values loaded (targets not counted)
  int64_t rss_bytes = 0;  // resident set after the warm runs of Q1–Q4
  int64_t pss_bytes = 0;  // proportional set (shared pages divided among processes)
  int64_t disk_bytes = 0;
  std::optional<double> bytes_per_value;              // gemis: Engine::memory_bytes / value_count
  std::map<std::string, QueryTiming> queries;         // by query id
  nlohmann::json details = nlohmann::json::object();  // engine specific
};

// Empty when `a` and `b` hold the same rows (any order; keys exact, values
// within a relative 1e-9), else what differs first.
std::string CompareRows(ResultRows a, ResultRows b);

double Median(std::vector<double> values);

// Prints the markdown table to `out` and writes the JSON to `json_path`.
// Returns true when every engine ran and every result matched.
bool WriteReport(const std::string& scale, const BenchDataset& data,
                 const std::vector<EngineReport>& engines, const std::string& json_path,
                 std::ostream& out);

}  // namespace gemis::bench
