// The import benchmark (docs/bench.md, "Import"): how fast `gemis import
// datavalues` brings a file into the durable store, end to end (the real
// binary, a fresh `gemis init` database with Vietnam's units, fsync'd
// commit), for each format, and how much memory it takes (the child's peak
// resident set from wait4). One file per format holds the same values; an
// optional large CSV (--large-mib) shows that memory stays flat whatever the
// file's size.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_process.h"
#include "core/date.h"
#include "core/hierarchy.h"
#include "core/metadata.h"
#include "exchange/adx_period.h"
#include "store/sqlite_store.h"

namespace gemis::bench {
namespace {

namespace fs = std::filesystem;

struct Child {
  int exit_code = -1;
  double seconds = 0;
  int64_t max_rss = 0;  // bytes
  std::string out;
};

// Runs argv, stdout into `out_path`, and measures it.
Result<Child> Measure(const std::vector<std::string>& argv, const std::string& out_path) {
  Stopwatch watch;
  pid_t pid = fork();
  if (pid < 0) return Status::Io("fork failed");
  if (pid == 0) {
    FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    if (out == nullptr) _exit(126);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) return Status::Io("wait4 failed");
  Child child;
  child.seconds = watch.Seconds();
  child.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  child.max_rss = static_cast<int64_t>(usage.ru_maxrss) * 1024;
  GEMIS_ASSIGN_OR_RETURN(child.out, ReadFile(out_path));
  return child;
}

// The values: every commune of 30/6/2024 × 12 months × elements × sex, cut
// at `count`. Row i's fields, shared by every format's writer.
struct Values {
  std::vector<std::string> units;  // commune uids
  int64_t count = 0;
  // The file's order: unit by unit (a form per unit, `At(0)`, `At(1)`, …),
  // or the store's key order (element, period, unit, option combo).
  bool key_order = false;
  bool male_first = false;  // SEX_MALE's id is below SEX_FEMALE's

  // Calls fn(i) for every row index below `count`, in the file's order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    if (!key_order) {
      for (int64_t i = 0; i < count; ++i) fn(i);
      return;
    }
    // Row i is unit (i / 96) % U of year (i / 96) / U, cell i % 96 =
    // month × 8 + sex × 4 + element; periods get their ids in the order the
    // unit-by-unit file names them (2024's months, then 2023's, …), which is
    // the order used here, so this is the primary key's order.
    const auto unit_count = static_cast<int64_t>(units.size());
    const int64_t years = (count + 96 * unit_count - 1) / (96 * unit_count);
    for (int64_t element = 0; element < 4; ++element) {
      for (int64_t year = 0; year < years; ++year) {
        for (int64_t month = 0; month < 12; ++month) {
          for (int64_t unit = 0; unit < unit_count; ++unit) {
            for (int64_t s = 0; s < 2; ++s) {
              const int64_t sex = male_first ? 1 - s : s;  // kCocs: female, male
              int64_t i = (year * unit_count + unit) * 96 + month * 8 + sex * 4 + element;
              if (i < count) fn(i);
            }
          }
        }
      }
    }
  }

  struct Row {
    const char* element;
    std::string period;  // "202403"
    const std::string* unit;
    const char* coc;
    int64_t value;
  };
  Row At(int64_t i) const {
    static const char* kElements[] = {"BENCH_MEMBERS", "BENCH_TRAINED", "BENCH_REACHED",
                                      "BENCH_SUPPORTED"};
    static const char* kCocs[] = {"SEX_FEMALE", "SEX_MALE"};
    int64_t cell = i % 96;  // 4 elements × 12 months × 2 sexes per unit
    int64_t unit = (i / 96) % static_cast<int64_t>(units.size());
    int64_t year = 2024 - (i / 96) / static_cast<int64_t>(units.size());
    int month = static_cast<int>(cell / 8 % 12) + 1;
    char period[8];
    std::snprintf(period, sizeof period, "%04d%02d", static_cast<int>(year), month);
    return {kElements[cell % 4], period, &units[static_cast<size_t>(unit)], kCocs[cell / 4 % 2],
            1 + (i * 7919) % 500};
  }
};

Status WriteFile(const std::string& path, const Values& values, const std::string& format) {
  std::ofstream out(path, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (format == "csv") {
    out << "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
           "lastupdated,comment,followup,deleted\n";
  } else if (format == "json") {
    out << "{\"dataValues\": [\n";
  } else if (format == "xml") {
    out << "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n";
  } else {
    out << "<adx xmlns=\"urn:ihe:qrph:adx:2015\">\n";
  }
  std::string group;  // ADX: the open group's period and unit
  bool first = true;
  values.ForEach([&](int64_t i) {
    Values::Row r = values.At(i);
    if (format == "csv") {
      out << r.element << ',' << r.period << ',' << *r.unit << ',' << r.coc << ",," << r.value
          << ",bench,,,false,\n";
    } else if (format == "json") {
      out << (first ? "" : ",\n") << "{\"dataElement\":\"" << r.element << "\",\"period\":\""
          << r.period << "\",\"orgUnit\":\"" << *r.unit << "\",\"categoryOptionCombo\":\"" << r.coc
          << "\",\"value\":\"" << r.value << "\",\"storedBy\":\"bench\"}";
    } else if (format == "xml") {
      out << "<dataValue dataElement=\"" << r.element << "\" period=\"" << r.period
          << "\" orgUnit=\"" << *r.unit << "\" categoryOptionCombo=\"" << r.coc << "\" value=\""
          << r.value << "\" storedBy=\"bench\"/>\n";
    } else {
      std::string key = r.period + *r.unit;
      if (key != group) {
        if (!group.empty()) out << "</group>\n";
        group = key;
        Period p = *Period::Parse(r.period);
        out << "<group orgUnit=\"" << *r.unit << "\" period=\"" << exchange::FormatAdxPeriod(p)
            << "\" dataSet=\"BENCH\">\n";
      }
      out << "<dataValue dataElement=\"" << r.element << "\" SEX=\""
          << (r.coc[4] == 'F' ? "FEMALE" : "MALE") << "\" value=\"" << r.value << "\"/>\n";
    }
    first = false;
  });
  if (format == "json") out << "\n]}\n";
  if (format == "xml") out << "</dataValueSet>\n";
  if (format == "adx") out << (group.empty() ? "" : "</group>\n") << "</adx>\n";
  out.close();
  if (!out) return Status::Io("cannot write " + path);
  return Status::Ok();
}

int Main(int argc, char** argv) {
  CLI::App app("gemis import benchmark (docs/bench.md)");
  int64_t count = 2'000'000;
  int64_t large_mib = 0;
  std::string formats_text = "csv,json,xml,adx";
  std::string work = GEMIS_BENCH_WORK_DIR;
  std::string gemis = GEMIS_BINARY;
  std::string results = std::string(GEMIS_BENCH_SOURCE_DIR) + "/results/import.json";
  app.add_option("--values", count, "values per format file");
  app.add_option("--large-mib", large_mib, "also import one CSV of at least this many MiB");
  app.add_option("--formats", formats_text, "formats to time: csv,json,xml,adx");
  app.add_option("--work", work, "work directory (files and databases)");
  app.add_option("--results", results, "JSON results file");
  bool keep = false;
  app.add_flag("--keep", keep, "keep the generated files and databases (for profiling)");
  std::string order = "unit";
  app.add_option("--order", order,
                 "rows in the files: unit (unit by unit), key (the store's key order) or both")
      ->check(CLI::IsMember({"unit", "key", "both"}));
  CLI11_PARSE(app, argc, argv);
  fs::create_directories(work);
  const std::string log = work + "/log.txt";

  // The base database: Vietnam's units and four integer elements by sex.
  const std::string base = work + "/base.db";
  if (!fs::exists(base)) {
    Status made = RunChecked({gemis, "init", "--db", base}, log);
    if (made.ok()) {
      std::ofstream elements(work + "/elements.csv");
      elements << "code,name,value_type,aggregation_type,category_combo\n";
      for (const char* code :
           {"BENCH_MEMBERS", "BENCH_TRAINED", "BENCH_REACHED", "BENCH_SUPPORTED"}) {
        elements << code << ",Bench " << code << ",INTEGER_ZERO_OR_POSITIVE,SUM,SEX\n";
      }
      elements.close();
      made =
          RunChecked({gemis, "import", "dataelements", work + "/elements.csv", "--db", base}, log);
    }
    if (!made.ok()) {
      fs::remove(base);
      std::cerr << made.ToString() << "\n";
      return 1;
    }
  }
  Values values;
  {
    auto store = store::OpenSqliteStore(base);
    if (!store.ok()) return std::cerr << store.status().ToString() << "\n", 1;
    Status read = (*store)->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
      for (OrgUnitId id : h.UnitsAt(Date::FromYmd(2024, 6, 30), OrgUnitLevel::kCommune)) {
        values.units.push_back(h.Find(id)->uid);
      }
      GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
      const StoredOptionCombo* female = metadata.FindOptionCombo("SEX_FEMALE");
      const StoredOptionCombo* male = metadata.FindOptionCombo("SEX_MALE");
      if (female == nullptr || male == nullptr) return Status::NotFound("no SEX option combos");
      values.male_first = male->id < female->id;
      return Status::Ok();
    });
    if (!read.ok()) return std::cerr << read.ToString() << "\n", 1;
  }

  struct Run {
    std::string name;  // format, "csv-large"
    int64_t values;
    bool key_order;
  };
  std::vector<Run> runs;
  std::vector<bool> orders;
  if (order != "key") orders.push_back(false);
  if (order != "unit") orders.push_back(true);
  for (bool key_order : orders) {
    for (size_t start = 0; start < formats_text.size();) {
      size_t end = formats_text.find(',', start);
      if (end == std::string::npos) end = formats_text.size();
      runs.push_back({formats_text.substr(start, end - start), count, key_order});
      start = end + 1;
    }
  }
  for (bool key_order : orders) {
    if (large_mib > 0) runs.push_back({"csv-large", (large_mib << 20) / 60 + 1, key_order});
  }

  nlohmann::json out = nlohmann::json::array();
  std::printf("%-10s %-5s %12s %10s %10s %12s %10s\n", "format", "order", "values", "file MiB",
              "seconds", "values/s", "peak MiB");
  int status = 0;
  for (const Run& r : runs) {
    const std::string& name = r.name;
    const int64_t n = r.values;
    const char* order_name = r.key_order ? "key" : "unit";
    const std::string format = name == "csv-large" ? "csv" : name;
    values.count = n;
    values.key_order = r.key_order;
    const std::string file =
        work + "/values-" + name + "-" + order_name + "." + (format == "adx" ? "adx.xml" : format);
    Status written = WriteFile(file, values, format);
    if (!written.ok()) return std::cerr << written.ToString() << "\n", 1;
    const double file_mib = static_cast<double>(fs::file_size(file)) / (1 << 20);
    const std::string db = work + "/import-" + name + "-" + order_name + ".db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
    fs::copy_file(base, db);
    Result<Child> run = Measure({gemis, "import", "datavalues", file, "--db", db, "--format",
                                 format, "--stored-by", "bench"},
                                work + "/summary-" + name + "-" + order_name + ".json");
    if (!keep) {
      fs::remove(file);
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
    }
    if (!run.ok()) return std::cerr << run.status().ToString() << "\n", 1;
    nlohmann::json summary = nlohmann::json::parse(run->out, nullptr, false);
    int64_t imported =
        summary.is_object() ? summary["importCount"].value("imported", int64_t{-1}) : -1;
    if (run->exit_code != 0 || imported != n) {
      std::cerr << name << ": exit " << run->exit_code << ", imported " << imported << " of " << n
                << "\n"
                << run->out.substr(0, 2000) << "\n";
      status = 1;
      continue;
    }
    double rate = static_cast<double>(n) / run->seconds;
    out.push_back({{"format", name},
                   {"order", order_name},
                   {"values", n},
                   {"fileMiB", file_mib},
                   {"seconds", run->seconds},
                   {"valuesPerSecond", rate},
                   {"peakRssBytes", run->max_rss}});
    std::printf("%-10s %-5s %12lld %10.0f %10.2f %12.0f %10.1f\n", name.c_str(), order_name,
                static_cast<long long>(n), file_mib, run->seconds, rate,
                static_cast<double>(run->max_rss) / (1 << 20));
  }
  std::ofstream(results) << out.dump(2) << "\n";
  std::cout << "results: " << results << "\n";
  return status;
}

}  // namespace
}  // namespace gemis::bench

int main(int argc, char** argv) { return gemis::bench::Main(argc, argv); }
