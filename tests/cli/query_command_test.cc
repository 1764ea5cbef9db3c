// `gemis query`, run as the real binary on a `gemis init` database with two
// data elements and a few values of Cao Bằng's communes (as of 2024).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunCommand;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", "en"});
  return RunCommand(args);
}

class QueryCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("vn.db");
    ASSERT_EQ(Gemis({"init", "--db", db_}).exit_code, 0);
    std::ofstream(dir_->File("de.csv")) << "code,name,value_type,aggregation_type,category_combo\n"
                                           "MEMBERS,Thành viên,INTEGER,SUM,SEX\n"
                                           "TEAMS,Số tổ,INTEGER,LAST,default\n";
    CommandResult de = Gemis({"import", "dataelements", dir_->File("de.csv"), "--db", db_});
    ASSERT_EQ(de.exit_code, 0) << de.out << de.err;
    // 01273 and 01279 are communes of district 040 of Cao Bằng (04) in 2024.
    std::ofstream(dir_->File("dv.csv"))
        << "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
           "MEMBERS,202401,01273,SEX_FEMALE,default,12\n"
           "MEMBERS,202401,01273,SEX_MALE,default,3\n"
           "MEMBERS,202402,01279,SEX_FEMALE,default,5\n"
           "TEAMS,202401,01273,default,default,2\n"
           "TEAMS,202403,01273,default,default,4\n"
           "TEAMS,2024Q1,01279,default,default,1\n";
    CommandResult dv = Gemis({"import", "datavalues", dir_->File("dv.csv"), "--db", db_});
    ASSERT_EQ(dv.exit_code, 0) << dv.out << dv.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  CommandResult Query(std::vector<std::string> extra) {
    std::vector<std::string> args = {"query", "--db", db_, "--as-of", "2024-06-30"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Gemis(args);
  }

  static test_support::TempDir* dir_;
  static std::string db_;
};

test_support::TempDir* QueryCommand::dir_ = nullptr;
std::string QueryCommand::db_;

TEST_F(QueryCommand, JsonHasTheShapeOfDhis2Analytics) {
  CommandResult r =
      Query({"--dx", "MEMBERS,TEAMS", "--ou", "04", "--pe", "2024,202401", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["headers"].size(), 4u);
  EXPECT_EQ(j["headers"][0]["name"], "dx");
  EXPECT_EQ(j["headers"][0]["column"], "Data");
  EXPECT_EQ(j["headers"][3]["name"], "value");
  EXPECT_EQ(j["headers"][3]["valueType"], "NUMBER");
  EXPECT_EQ(j["width"], 4);
  EXPECT_EQ(j["height"], 4);
  std::string members = j["metaData"]["dimensions"]["dx"][0];
  std::string teams = j["metaData"]["dimensions"]["dx"][1];
  std::string cao_bang = j["metaData"]["dimensions"]["ou"][0];
  EXPECT_EQ(j["metaData"]["items"][members]["name"], "Thành viên");
  EXPECT_EQ(j["metaData"]["items"][cao_bang]["name"], "Cao Bang");  // --lang en
  EXPECT_EQ(j["metaData"]["dimensions"]["pe"], nlohmann::json({"2024", "202401"}));
  EXPECT_EQ(j["rows"], nlohmann::json({{members, cao_bang, "2024", "20"},
                                       {members, cao_bang, "202401", "15"},
                                       {teams, cao_bang, "2024", "5"},
                                       {teams, cao_bang, "202401", "2"}}));
}

TEST_F(QueryCommand, CsvWithLevelSelectorAndKeptCategory) {
  CommandResult r = Query({"--dx", "MEMBERS", "--ou", "04;LEVEL-4", "--pe", "2024Q1", "--keep",
                           "SEX", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0], "dx,ou,pe,SEX,value");
  EXPECT_THAT(lines[1], HasSubstr(",2024Q1,"));
  EXPECT_THAT(lines[1], ::testing::EndsWith(",3"));
  EXPECT_THAT(lines[2], ::testing::EndsWith(",12"));
  EXPECT_THAT(lines[3], ::testing::EndsWith(",5"));
}

TEST_F(QueryCommand, TableShowsNames) {
  CommandResult r = Query({"--dx", "MEMBERS", "--ou", "04;LEVEL-district", "--pe", "2024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Organisation unit"));
  EXPECT_THAT(r.out, HasSubstr("Thành viên"));
  EXPECT_THAT(r.out, HasSubstr("2024"));
  EXPECT_THAT(r.out, HasSubstr("20"));
}

TEST_F(QueryCommand, BadInputExitsOneNamingTheOption) {
  CommandResult unknown = Query({"--dx", "NO_SUCH", "--ou", "04", "--pe", "2024"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("--dx"));
  EXPECT_THAT(unknown.err, HasSubstr("NO_SUCH"));
  CommandResult week = Query({"--dx", "MEMBERS", "--ou", "04", "--pe", "2024W54"});
  EXPECT_EQ(week.exit_code, 1);
  EXPECT_THAT(week.err, HasSubstr("--pe"));
  CommandResult unit = Query({"--dx", "MEMBERS", "--ou", "99999", "--pe", "2024"});
  EXPECT_EQ(unit.exit_code, 1);
  EXPECT_THAT(unit.err, HasSubstr("--ou"));
  CommandResult level = Query({"--dx", "MEMBERS", "--ou", "04;LEVEL-9", "--pe", "2024"});
  EXPECT_EQ(level.exit_code, 1);
  EXPECT_THAT(level.err, HasSubstr("--ou"));
  CommandResult keep = Query({"--dx", "TEAMS", "--ou", "04", "--pe", "2024", "--keep", "SEX"});
  EXPECT_EQ(keep.exit_code, 1);
  EXPECT_THAT(keep.err, HasSubstr("--keep"));
  CommandResult date = Gemis({"query", "--db", db_, "--dx", "TEAMS", "--ou", "04", "--pe", "2024",
                              "--as-of", "2024-13-01"});
  EXPECT_EQ(date.exit_code, 1);
  EXPECT_THAT(date.err, HasSubstr("--as-of"));
}

// The demo's report types as reporting-rate items (docs/analytics.md,
// "Reporting rates"): the national annual report of 2026 in Cao Bằng.
class QueryCommandOnDemo : public test_support::DemoDatabaseTest {};

TEST_F(QueryCommandOnDemo, AnswersAReportTypesReportingRateItems) {
  CommandResult r =
      test_support::RunGemis({"--lang", "en", "query", "--db", db_, "--as-of", "2026-06-30", "--dx",
                              "P8-BC-NAM.EXPECTED_REPORTS,P8-BC-NAM.REPORTING_RATE", "--ou", "04",
                              "--pe", "2026", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["metaData"]["dimensions"]["dx"],
            nlohmann::json({"P8-BC-NAM.EXPECTED_REPORTS", "P8-BC-NAM.REPORTING_RATE"}));
  const std::string name = j["metaData"]["items"]["P8-BC-NAM.EXPECTED_REPORTS"]["name"];
  EXPECT_EQ(name.rfind("Expected reports — ", 0), 0u) << name;
  ASSERT_EQ(j["rows"].size(), 2u) << r.out;
  EXPECT_GT(std::stoi(j["rows"][0][3].get<std::string>()), 1);  // the province and its communes
  CommandResult bad = test_support::RunGemis(
      {"query", "--db", db_, "--dx", "P8-XX.REPORTING_RATE", "--ou", "04", "--pe", "2026"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("P8-XX"));
}

}  // namespace
}  // namespace gemis::cli
