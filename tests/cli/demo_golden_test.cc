// Golden figures of the demo: Cao Bằng's 2024 plan (288/KH-BCĐ, dated
// 20/3/2024) with the illustrative actuals tests/cli/golden/cb-288-2024-actuals.csv,
// imported into a private copy of the demo (the shared one is read-only).
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

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunCommand;

const std::string kGoldenDir = std::string(GEMIS_SOURCE_DIR) + "/tests/cli/golden/";
const char* const kMeasures = "P8_TTCD_TO,P8_DTCS,P8_DCTC,P8_DCTC_THIETBI,P8_TH_LGG_CT3";
const char* const kPeriods = "2024,2024Q1,2024Q2,2024Q3,2024Q4";

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), GEMIS_BINARY);
  return RunCommand(args);
}

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
    CommandResult demo = Gemis({"demo", "--db", db_});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    CommandResult dv =
        Gemis({"import", "datavalues", kGoldenDir + "cb-288-2024-actuals.csv", "--db", db_});
    ASSERT_EQ(dv.exit_code, 0) << dv.out << dv.err;
    nlohmann::json summary = nlohmann::json::parse(dv.out);
    ASSERT_EQ(summary["status"], "SUCCESS") << dv.out;
    ASSERT_EQ(summary["importCount"]["imported"], 51) << dv.out;  // every row of the file
  }
  static void TearDownTestSuite() { delete dir_; }

  static CommandResult Query(const std::string& ou, const std::string& format) {
    return Gemis({"query", "--db", db_, "--dx", kMeasures, "--ou", ou, "--pe", kPeriods, "--keep",
                  "IMPLEMENTING_LEVEL", "--as-of", "2024-12-31", "--format", format});
  }
  static CommandResult Progress(const std::string& at) {
    return Gemis({"progress", "--db", db_, "--plan", "288/KH-BCĐ", "--at", at, "--format", "csv"});
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

// Progress rows (README: "Progress"): target, actual, % achieved, and the
// status on 1/7/2024 (182/366 elapsed) and 31/12/2024 (365/366).
TEST_F(DemoGolden, HandCheckedProgress) {
  struct Figure {
    std::string measure, unit, level, target, actual, percent, july, year_end;
  };
  const std::vector<Figure> figures = {
      {"P8_TTCD_TO", "04", "all", "57", "47", "82.46", "on_track", "behind"},
      {"P8_TTCD_TO", "04", "province", "29", "24", "82.76", "on_track", "behind"},
      {"P8_TTCD_TO", "04", "district", "28", "23", "82.14", "on_track", "behind"},
      {"P8_TTCD_TO", "049", "province", "11", "11", "100", "achieved", "achieved"},
      {"P8_TTCD_TO", "043", "province", "5", "4", "80", "on_track", "behind"},
      {"P8_TTCD_TO", "049", "district", "11", "12", "109.09", "achieved", "achieved"},
      {"P8_TTCD_TO", "047", "district", "8", "6", "75", "on_track", "behind"},
      {"P8_TTCD_TO", "042", "district", "4", "", "", "not_started", "not_started"},
      {"P8_DCTC", "04", "all", "12", "8", "66.67", "on_track", "behind"},
      {"P8_DCTC", "04", "province", "0", "", "", "not_started", "not_started"},
      {"P8_DCTC", "04", "district", "12", "8", "66.67", "on_track", "behind"},
      {"P8_DCTC", "045", "district", "3", "2", "66.67", "on_track", "behind"},
      {"P8_DTCS", "04", "all", "124", "30", "24.19", "behind", "behind"},
      {"P8_DTCS", "04", "province", "37", "8", "21.62", "behind", "behind"},
      {"P8_DTCS", "04", "district", "87", "22", "25.29", "behind", "behind"},
      {"P8_DTCS", "047", "province", "7", "5", "71.43", "on_track", "behind"},
      {"P8_DTCS", "049", "district", "11", "10", "90.91", "on_track", "behind"},
      {"P8_TH_LGG_CT3", "04", "all", "47", "22", "46.81", "behind", "behind"},
      {"P8_TH_LGG_CT3", "04", "province", "7", "4", "57.14", "on_track", "behind"},
      {"P8_TH_LGG_CT3", "04", "district", "40", "18", "45", "behind", "behind"},
      {"P8_TH_LGG_CT3", "042", "province", "1", "", "", "not_started", "not_started"},
      {"P8_TH_LGG_CT3", "042", "district", "9", "6", "66.67", "on_track", "behind"},
      {"P8_DCTC_THIETBI", "04", "province", "9", "6", "66.67", "on_track", "behind"},
      {"P8_DCTC_THIETBI", "052", "province", "1", "", "", "not_started", "not_started"},
  };
  for (const auto& [at, elapsed] : {std::pair{"2024-07-01", "49.73"}, {"2024-12-31", "99.73"}}) {
    CommandResult r = Progress(at);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // row,parent,depth,measure,orgUnit,agency,level,window,target,direction,
    // actual,percent,elapsed,status,note,targetIds
    std::map<std::string, std::vector<std::string>> rows;
    std::stringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> f = Fields(line);
      if (f.size() == 16 && f[5].empty()) rows[f[3] + " " + f[4] + " " + f[6]] = f;
    }
    for (const Figure& figure : figures) {
      SCOPED_TRACE(std::string(at) + " " + figure.measure + " " + figure.unit + " " + figure.level);
      auto it = rows.find(figure.measure + " " + figure.unit + " " + figure.level);
      ASSERT_NE(it, rows.end());
      const std::vector<std::string>& f = it->second;
      EXPECT_EQ(f[7], "2024");
      EXPECT_EQ(f[8], figure.target);
      EXPECT_EQ(f[10], figure.actual);
      EXPECT_EQ(f[11], figure.percent);
      EXPECT_EQ(f[12], elapsed);
      EXPECT_EQ(f[13], std::string(at) == "2024-07-01" ? figure.july : figure.year_end);
    }
  }
}

}  // namespace
}  // namespace gemis::cli
