#include "analytics_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

namespace gemis::bench {

namespace {

using nlohmann::json;

constexpr double kMiB = 1024.0 * 1024.0;

std::string Fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// Three significant digits at least (0.0123, 1.23, 123), and whole numbers
// with thousands separators from 10,000 up (12,345).
std::string Short(double v) {
  if (v == 0) return "0";
  if (std::fabs(v) >= 10000) {
    std::string digits = Fixed(std::fabs(v), 0), text;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
      text += digits[i];
    }
    return (v < 0 ? "-" : "") + text;
  }
  int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return Fixed(v, std::min(decimals, 4));
}

std::string KeyText(const std::vector<int64_t>& key) {
  std::string text;
  for (int64_t k : key) text += (text.empty() ? "" : ",") + std::to_string(k);
  return "(" + text + ")";
}

bool Close(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// The engine a report's results are checked against: PostgreSQL when it ran
// (for PostgreSQL itself, DuckDB), else any other engine that ran.
const EngineReport* ReferenceFor(const EngineReport& self,
                                 const std::vector<EngineReport>& engines) {
  for (const char* key : {"postgres", "duckdb", "gemis"}) {
    for (const EngineReport& e : engines) {
      if (e.key == key && e.key != self.key && e.error.empty()) return &e;
    }
  }
  return nullptr;
}

struct Verdict {
  std::optional<bool> matched;  // none: nothing to compare with
  std::string mismatch;
};

Verdict Check(const EngineReport& self, const std::vector<EngineReport>& engines,
              const std::string& query) {
  const EngineReport* ref = ReferenceFor(self, engines);
  if (!self.error.empty()) return {false, "engine failed"};
  if (ref == nullptr) return {};
  const std::vector<ResultRows>& mine = self.queries.at(query).results;
  const std::vector<ResultRows>& theirs = ref->queries.at(query).results;
  if (mine.size() != theirs.size()) return {false, "different number of result sets"};
  for (size_t i = 0; i < mine.size(); ++i) {
    std::string diff = CompareRows(mine[i], theirs[i]);
    if (!diff.empty()) {
      return {false, "result set " + std::to_string(i + 1) + " vs " + ref->key + ": " + diff};
    }
  }
  return {true, ""};
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

json Machine() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kb = 0;
  in >> key >> kb;
  return {{"cpus", std::thread::hardware_concurrency()},
          {"cpuModel", CpuModel()},
          {"memoryGiB", std::round(static_cast<double>(kb) / 1024 / 1024 * 10) / 10}};
}

json EngineJson(const EngineReport& e) {
  json j = {{"title", e.title}, {"error", e.error.empty() ? json() : json(e.error)}};
  if (!e.error.empty()) return j;
  j["loadSeconds"] = e.load_s;
  j["valuesPerSecond"] = e.load_s > 0 ? static_cast<double>(e.values) / e.load_s : 0.0;
  j["values"] = e.values;
  j["rssMiB"] = static_cast<double>(e.rss_bytes) / kMiB;
  j["pssMiB"] = static_cast<double>(e.pss_bytes) / kMiB;
  j["diskMiB"] = static_cast<double>(e.disk_bytes) / kMiB;
  if (e.key == "gemis") j["setupSeconds"] = e.setup_s;
  if (e.bytes_per_value) j["bytesPerValue"] = *e.bytes_per_value;
  j["details"] = e.details;
  return j;
}

json QueryJson(const EngineReport& e, const Verdict& verdict, const std::string& query) {
  json j = {{"matched", verdict.matched ? json(*verdict.matched) : json()}};
  if (!verdict.mismatch.empty()) j["mismatch"] = verdict.mismatch;
  if (!e.error.empty()) return j;
  const QueryTiming& t = e.queries.at(query);
  j["medianMs"] = Median(t.ms);
  j["runsMs"] = t.ms;
  j["rows"] = t.results.empty() ? 0 : t.results.back().size();
  return j;
}

// The ratio columns gemis ÷ peer exist when gemis ran (it comes first).
size_t RatioColumns(const std::vector<EngineReport>& engines) {
  return !engines.empty() && engines[0].key == "gemis" ? engines.size() - 1 : 0;
}

// One markdown row: a label, one cell per engine, then gemis ÷ each peer.
void TableRow(std::ostream& out, const std::string& label, const std::vector<EngineReport>& engines,
              const std::vector<std::optional<double>>& values,
              const std::vector<std::string>& marks) {
  out << "| " << label;
  for (size_t i = 0; i < engines.size(); ++i) {
    std::string cell = values[i] ? Short(*values[i]) : "–";
    out << " | " << (engines[i].error.empty() ? cell + marks[i] : "failed");
  }
  for (size_t i = 1; i <= RatioColumns(engines); ++i) {
    bool ratio = values[0] && values[i] && *values[i] > 0;
    out << " | " << (ratio ? Short(*values[0] / *values[i]) : "–");
  }
  out << " |\n";
}

// The peer's name in a ratio column's header.
std::string ShortName(const EngineReport& e) {
  if (e.key == "postgres") return "PostgreSQL";
  if (e.key == "postgres-flat") return "PG flattened";
  if (e.key == "duckdb") return "DuckDB";
  return e.key;
}

void TableHeader(std::ostream& out, const std::vector<EngineReport>& engines) {
  out << "| |";
  for (const EngineReport& e : engines) out << " " << e.title << " |";
  for (size_t i = 1; i <= RatioColumns(engines); ++i) {
    out << " gemis ÷ " << ShortName(engines[i]) << " |";
  }
  out << "\n|---|";
  for (size_t i = 0; i < engines.size() + RatioColumns(engines); ++i) out << "--:|";
  out << "\n";
}

using Getter = std::optional<double> (*)(const EngineReport&);

void FigureRow(std::ostream& out, const std::string& label,
               const std::vector<EngineReport>& engines, Getter get) {
  std::vector<std::optional<double>> values;
  for (const EngineReport& e : engines) values.push_back(e.error.empty() ? get(e) : std::nullopt);
  TableRow(out, label, engines, values, std::vector<std::string>(engines.size()));
}

void FigureRows(std::ostream& out, const std::vector<EngineReport>& engines) {
  FigureRow(out, "load to ready (s)", engines,
            [](const EngineReport& e) -> std::optional<double> { return e.load_s; });
  FigureRow(out, "load rate (values/s)", engines,
            [](const EngineReport& e) -> std::optional<double> {
              return static_cast<double>(e.values) / e.load_s;
            });
  FigureRow(out, "resident memory (MiB)", engines,
            [](const EngineReport& e) -> std::optional<double> {
              return static_cast<double>(e.rss_bytes) / kMiB;
            });
  FigureRow(out, "on disk (MiB)", engines, [](const EngineReport& e) -> std::optional<double> {
    return static_cast<double>(e.disk_bytes) / kMiB;
  });
  FigureRow(out, "engine bytes per value", engines,
            [](const EngineReport& e) { return e.bytes_per_value; });
}

}  // namespace

std::string CompareRows(ResultRows a, ResultRows b) {
  auto by_key = [](const ResultRow& x, const ResultRow& y) { return x.key < y.key; };
  std::sort(a.begin(), a.end(), by_key);
  std::sort(b.begin(), b.end(), by_key);
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i].key != b[i].key) {
      return "row " + std::to_string(i) + ": key " + KeyText(a[i].key) + " vs " + KeyText(b[i].key);
    }
    if (!Close(a[i].value, b[i].value)) {
      return "key " + KeyText(a[i].key) + ": value " + Fixed(a[i].value, 6) + " vs " +
             Fixed(b[i].value, 6);
    }
  }
  if (a.size() != b.size()) {
    return std::to_string(a.size()) + " rows vs " + std::to_string(b.size());
  }
  return "";
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

bool WriteReport(const std::string& scale, const BenchDataset& data,
                 const std::vector<EngineReport>& engines, const std::string& json_path,
                 std::ostream& out) {
  bool ok = true;
  json j = {{"scale", scale},
            {"values", data.value_count()},
            {"targets", data.target_count()},
            {"units", data.units.size()},
            {"machine", Machine()},
            {"engines", json::object()},
            {"queries", json::object()}};
  for (const EngineReport& e : engines) {
    j["engines"][e.key] = EngineJson(e);
    ok = ok && e.error.empty();
  }
  out << "\nAnalytics benchmark, scale " << scale << ": " << data.value_count()
      << " values, medians of warm runs in ms (✓ result matched, ✗ differs); ratios are "
         "gemis ÷ peer (below 1: gemis faster or smaller)\n\n";
  TableHeader(out, engines);
  FigureRows(out, engines);
  for (const QueryInfo& q : kQueries) {
    std::vector<std::optional<double>> medians;
    std::vector<std::string> marks;
    j["queries"][q.id]["title"] = q.title;
    for (const EngineReport& e : engines) {
      Verdict verdict = Check(e, engines, q.id);
      j["queries"][q.id][e.key] = QueryJson(e, verdict, q.id);
      ok = ok && verdict.matched.value_or(true);
      medians.push_back(e.error.empty() ? std::optional(Median(e.queries.at(q.id).ms))
                                        : std::nullopt);
      marks.push_back(!verdict.matched ? "" : *verdict.matched ? " ✓" : " ✗");
      if (!verdict.mismatch.empty() && e.error.empty()) {
        std::cerr << "MISMATCH " << q.id << " " << e.key << ": " << verdict.mismatch << "\n";
      }
    }
    TableRow(out, std::string(q.title) + " (ms)", engines, medians, marks);
  }
  for (const EngineReport& e : engines) {
    if (!e.error.empty()) out << "\n" << e.title << " FAILED: " << e.error << "\n";
  }
  j["ok"] = ok;
  std::ofstream file(json_path);
  file << j.dump(2) << "\n";
  if (!file) {
    std::cerr << "cannot write " << json_path << "\n";
    return false;
  }
  out << "\nJSON: " << json_path << "\n";
  return ok;
}

}  // namespace gemis::bench
