// Golden figures of the demo: Cao Bằng's 2024 plan (288/KH-BCĐ, dated
// 20/3/2024) with the illustrative actuals tests/cli/golden/cb-288-2024-actuals.csv,
// imported into a private copy of the demo built without its synthetic model
// records (`--no-records`: their figures would add to the actuals; the shared
// demo is read-only).
// `gemis query` and `gemis progress` must print the golden files byte for byte.
// Every figure in them is derived by hand in tests/cli/golden/README.md, and the
// main ones are asserted again below, so that regenerating the golden files
// (GEMIS_UPDATE_GOLDEN=1) cannot change a hand-checked figure unnoticed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunGemis;

const std::string kGoldenDir = std::string(GEMIS_SOURCE_DIR) + "/tests/cli/golden/";
const char* const kMeasures = "P8_TTCD_TO,P8_DTCS,P8_DCTC,P8_DCTC_THIETBI,P8_TH_LGG_CT3";
const char* const kPeriods = "2024,2024Q1,2024Q2,2024Q3,2024Q4";


std::string Slurp(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// Compares `actual` with the golden file `name`, or rewrites the file when
// GEMIS_UPDATE_GOLDEN is set (then review the diff before committing it).
void ExpectGolden(const std::string& actual, const std::string& name) {
  const std::string path = kGoldenDir + name;
  if (std::getenv("GEMIS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    std::cout << "rewrote " << path << "\n";
    return;
  }
  EXPECT_EQ(actual, Slurp(path)) << "golden file " << path
                                 << " (README.md there: how to regenerate)";
}

// The fields of one line of simple CSV (progress quotes no field of this plan).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

class DemoGolden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("demo.db");
    CommandResult demo = RunGemis({"demo", "--db", db_, "--no-records"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    CommandResult dv =
        RunGemis({"import", "datavalues", kGoldenDir + "cb-288-2024-actuals.csv", "--db", db_});
    ASSERT_EQ(dv.exit_code, 0) << dv.out << dv.err;
    nlohmann::json summary = nlohmann::json::parse(dv.out);
    ASSERT_EQ(summary["status"], "SUCCESS") << dv.out;
    ASSERT_EQ(summary["importCount"]["imported"], 51) << dv.out;  // every row of the file
  }
  static void TearDownTestSuite() { delete dir_; }

  static CommandResult Query(const std::string& ou, const std::string& format) {
    return RunGemis({"query", "--db", db_, "--dx", kMeasures, "--ou", ou, "--pe", kPeriods, "--keep",
                  "IMPLEMENTING_LEVEL", "--as-of", "2024-12-31", "--format", format});
  }
  static CommandResult Progress(const std::string& at) {
    return RunGemis({"progress", "--db", db_, "--plan", "288/KH-BCĐ", "--at", at, "--format", "csv"});
  }

  static test_support::TempDir* dir_;
  static std::string db_;
};

test_support::TempDir* DemoGolden::dir_ = nullptr;
std::string DemoGolden::db_;

// The province (tier 2: itself) and its ten tier-3 units: the nine districts
// of the plan and Thành phố Cao Bằng (040), which has no target.
TEST_F(DemoGolden, QueryOfCaoBangAndItsDistrictsByImplementingLevel) {
  CommandResult r = Query("04;LEVEL-2;LEVEL-3", "csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "cb-288-2024-query.csv");
}

TEST_F(DemoGolden, ProgressOnFirstJuly) {
  CommandResult r = Progress("2024-07-01");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "cb-288-2024-progress-2024-07-01.csv");
}

TEST_F(DemoGolden, ProgressOnLastDayOfTheYear) {
  CommandResult r = Progress("2024-12-31");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "cb-288-2024-progress-2024-12-31.csv");
}

// The province's cells (README: the "04 Cao Bằng" rows): "measure period
// level value", P = Tỉnh thực hiện, D = Huyện thực hiện.
TEST_F(DemoGolden, HandCheckedProvinceTotals) {
  const std::set<std::string> expected = {
      "P8_TTCD_TO 2024 P 24",       "P8_TTCD_TO 2024 D 23",       "P8_TTCD_TO 2024Q1 P 8",
      "P8_TTCD_TO 2024Q1 D 4",      "P8_TTCD_TO 2024Q2 P 14",     "P8_TTCD_TO 2024Q2 D 16",
      "P8_TTCD_TO 2024Q3 P 16",     "P8_TTCD_TO 2024Q3 D 15",     "P8_TTCD_TO 2024Q4 P 19",
      "P8_TTCD_TO 2024Q4 D 18",     "P8_DTCS 2024 P 8",           "P8_DTCS 2024 D 22",
      "P8_DTCS 2024Q1 D 4",         "P8_DTCS 2024Q2 P 5",         "P8_DTCS 2024Q2 D 9",
      "P8_DTCS 2024Q3 P 3",         "P8_DTCS 2024Q3 D 4",         "P8_DTCS 2024Q4 D 5",
      "P8_DCTC 2024 D 8",           "P8_DCTC 2024Q2 D 3",         "P8_DCTC 2024Q3 D 5",
      "P8_DCTC 2024Q4 D 3",         "P8_DCTC_THIETBI 2024 P 6",   "P8_DCTC_THIETBI 2024 D 1",
      "P8_DCTC_THIETBI 2024Q3 P 4", "P8_DCTC_THIETBI 2024Q4 P 2", "P8_DCTC_THIETBI 2024Q4 D 1",
      "P8_TH_LGG_CT3 2024 P 4",     "P8_TH_LGG_CT3 2024 D 18",    "P8_TH_LGG_CT3 2024Q2 D 4",
      "P8_TH_LGG_CT3 2024Q3 P 4",   "P8_TH_LGG_CT3 2024Q3 D 8",   "P8_TH_LGG_CT3 2024Q4 D 6",
  };
  CommandResult r = Query("04", "json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  // dx uids in request order; option uids by their names.
  std::map<std::string, std::string> measure_of, level_of;
  std::stringstream codes(kMeasures);
  for (const nlohmann::json& uid : j["metaData"]["dimensions"]["dx"]) {
    std::getline(codes, measure_of[uid.get<std::string>()], ',');
  }
  for (const auto& [uid, item] : j["metaData"]["items"].items()) {
    if (item["name"] == "Tỉnh thực hiện") level_of[uid] = "P";
    if (item["name"] == "Huyện thực hiện") level_of[uid] = "D";
  }
  std::set<std::string> found;
  for (const nlohmann::json& row : j["rows"]) {
    found.insert(measure_of[row[0].get<std::string>()] + " " + row[2].get<std::string>() + " " +
                 level_of[row[3].get<std::string>()] + " " + row[4].get<std::string>());
  }
  EXPECT_EQ(found, expected);
}

// Progress rows (README: "Progress"): target, then actual, % achieved and
// status on 1/7/2024 (182/366 elapsed; only values of periods that started
// before 1 July count: Q1, Q2 and January – June) and on 31/12/2024 (365/366;
// every period of the file has started). A target of "at least 0" is achieved
// even without values.
TEST_F(DemoGolden, HandCheckedProgress) {
  struct Figure {
    std::string measure, unit, level, target;
    std::string july_actual, july_percent, july;
    std::string year_actual, year_percent, year_end;
  };
  const std::vector<Figure> figures = {
      {"P8_TTCD_TO", "04", "all", "57", "32", "56.14", "on_track", "47", "82.46", "behind"},
      {"P8_TTCD_TO", "04", "province", "29", "16", "55.17", "on_track", "24", "82.76", "behind"},
      {"P8_TTCD_TO", "04", "district", "28", "16", "57.14", "on_track", "23", "82.14", "behind"},
      {"P8_TTCD_TO", "049", "province", "11", "9", "81.82", "on_track", "11", "100", "achieved"},
      {"P8_TTCD_TO", "053", "province", "1", "", "", "not_started", "1", "100", "achieved"},
      {"P8_TTCD_TO", "043", "province", "5", "2", "40", "behind", "4", "80", "behind"},
      {"P8_TTCD_TO", "048", "province", "0", "", "", "achieved", "", "", "achieved"},
      {"P8_TTCD_TO", "049", "district", "11", "8", "72.73", "on_track", "12", "109.09", "achieved"},
      {"P8_TTCD_TO", "047", "district", "8", "3", "37.5", "behind", "6", "75", "behind"},
      {"P8_TTCD_TO", "043", "district", "5", "5", "100", "achieved", "5", "100", "achieved"},
      {"P8_TTCD_TO", "042", "district", "4", "", "", "not_started", "", "", "not_started"},
      {"P8_DCTC", "04", "all", "12", "3", "25", "behind", "8", "66.67", "behind"},
      {"P8_DCTC", "04", "province", "0", "", "", "achieved", "", "", "achieved"},
      {"P8_DCTC", "04", "district", "12", "3", "25", "behind", "8", "66.67", "behind"},
      {"P8_DCTC", "045", "district", "3", "", "", "not_started", "2", "66.67", "behind"},
      {"P8_DCTC", "043", "district", "4", "2", "50", "on_track", "3", "75", "behind"},
      {"P8_DTCS", "04", "all", "124", "18", "14.52", "behind", "30", "24.19", "behind"},
      {"P8_DTCS", "04", "province", "37", "5", "13.51", "behind", "8", "21.62", "behind"},
      {"P8_DTCS", "04", "district", "87", "13", "14.94", "behind", "22", "25.29", "behind"},
      {"P8_DTCS", "049", "province", "3", "2", "66.67", "on_track", "3", "100", "achieved"},
      {"P8_DTCS", "047", "province", "7", "3", "42.86", "behind", "5", "71.43", "behind"},
      {"P8_DTCS", "049", "district", "11", "5", "45.45", "behind", "10", "90.91", "behind"},
      {"P8_DTCS", "047", "district", "8", "4", "50", "on_track", "8", "100", "achieved"},
      {"P8_TH_LGG_CT3", "04", "all", "47", "4", "8.51", "behind", "22", "46.81", "behind"},
      {"P8_TH_LGG_CT3", "04", "province", "7", "", "", "not_started", "4", "57.14", "behind"},
      {"P8_TH_LGG_CT3", "04", "district", "40", "4", "10", "behind", "18", "45", "behind"},
      {"P8_TH_LGG_CT3", "049", "district", "9", "4", "44.44", "behind", "9", "100", "achieved"},
      {"P8_TH_LGG_CT3", "042", "province", "1", "", "", "not_started", "", "", "not_started"},
      {"P8_TH_LGG_CT3", "042", "district", "9", "", "", "not_started", "6", "66.67", "behind"},
      {"P8_DCTC_THIETBI", "04", "province", "9", "", "", "not_started", "6", "66.67", "behind"},
      {"P8_DCTC_THIETBI", "049", "province", "1", "", "", "not_started", "1", "100", "achieved"},
      {"P8_DCTC_THIETBI", "052", "province", "1", "", "", "not_started", "", "", "not_started"},
  };
  for (const auto& [at, elapsed] : {std::pair{"2024-07-01", "49.73"}, {"2024-12-31", "99.73"}}) {
    const bool july = std::string(at) == "2024-07-01";
    CommandResult r = Progress(at);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // row,parent,depth,measure,orgUnit,agency,level,window,target,direction,
    // actual,percent,elapsed,status,note,targetIds
    std::map<std::string, std::vector<std::string>> rows;
    std::map<std::string, int> statuses;
    std::stringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> f = Fields(line);
      if (f.size() < 16 || f[0] == "row") continue;
      ++statuses[f[13]];
      if (f.size() == 16 && f[5].empty()) rows[f[3] + " " + f[4] + " " + f[6]] = f;
    }
    for (const Figure& figure : figures) {
      SCOPED_TRACE(std::string(at) + " " + figure.measure + " " + figure.unit + " " + figure.level);
      auto it = rows.find(figure.measure + " " + figure.unit + " " + figure.level);
      ASSERT_NE(it, rows.end());
      const std::vector<std::string>& f = it->second;
      EXPECT_EQ(f[7], "2024");
      EXPECT_EQ(f[8], figure.target);
      EXPECT_EQ(f[10], july ? figure.july_actual : figure.year_actual);
      EXPECT_EQ(f[11], july ? figure.july_percent : figure.year_percent);
      EXPECT_EQ(f[12], elapsed);
      EXPECT_EQ(f[13], july ? figure.july : figure.year_end);
    }
    // README, "The rest of the plan": the counts of the 215 rows.
    const std::map<std::string, int> expected_counts =
        july ? std::map<std::string, int>{{"achieved", 55},  {"on_track", 9},
                                          {"behind", 14},    {"not_started", 91},
                                          {"suspended", 44}, {"not_measurable", 2}}
             : std::map<std::string, int>{{"achieved", 70},
                                          {"behind", 21},
                                          {"not_started", 78},
                                          {"suspended", 44},
                                          {"not_measurable", 2}};
    EXPECT_EQ(statuses, expected_counts) << at;
  }
}

}  // namespace
}  // namespace gemis::cli
