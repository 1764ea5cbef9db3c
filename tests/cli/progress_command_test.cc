// `gemis progress`, run as the real binary on its own copy of the demo (it
// imports data values, so it cannot share the read-only demo database) with a
// few actual values of Cao Bằng's districts in 2024, judged on 1/7/2024
// against plan 288/KH-BCĐ (Cao Bằng 2024, period 2024, dated 20/3/2024).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunGemis;
using ::testing::HasSubstr;
using ::testing::Not;


// 1 January – 30 June 2024: 182 of the 366 days of 2024 before 1 July.
constexpr double kElapsed = 182.0 / 366.0;  // 0.4973

class ProgressCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("demo.db");
    CommandResult demo = RunGemis({"demo", "--db", db_, "--no-records"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // Districts of Cao Bằng by code: 049 Quảng Hòa, 047 Trùng Khánh, 053
    // Thạch An; 04 is the province. P8_TTCD_TO and P8_DTCS are disaggregated
    // by implementing level (PROVINCE: the province implements, DISTRICT: the
    // district does), like the plan's table.
    //  - P8_TTCD_TO (communication teams, aggregation LAST): the latest value
    //    of each district and level in 2024: 049 province → 22 (May), 047
    //    district → 8, 053 province → 1; the province: 22 + 8 + 1 = 31, of
    //    which 22 + 1 = 23 province-implemented and 8 district-implemented.
    //  - P8_DTCS (policy dialogues, SUM): 14 (district) + 6 (province) = 20.
    //  - P8_HT_DCTC (workshops, SUM, not disaggregated): 1 at the province.
    // Every period here started before 1 July, so all of them count on 1/7
    // (progress counts only periods that started before --at).
    std::ofstream(dir_->File("actual.csv"))
        << "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
           "P8_TTCD_TO,202403,049,IMPLEMENTING_LEVEL_PROVINCE,,9\n"
           "P8_TTCD_TO,202405,049,IMPLEMENTING_LEVEL_PROVINCE,,22\n"
           "P8_TTCD_TO,202404,047,IMPLEMENTING_LEVEL_DISTRICT,,8\n"
           "P8_TTCD_TO,2024Q2,053,IMPLEMENTING_LEVEL_PROVINCE,,1\n"
           "P8_DTCS,202403,049,IMPLEMENTING_LEVEL_DISTRICT,,14\n"
           "P8_DTCS,202404,047,IMPLEMENTING_LEVEL_PROVINCE,,6\n"
           "P8_HT_DCTC,202406,04,,,1\n";
    CommandResult dv = RunGemis({"import", "datavalues", dir_->File("actual.csv"), "--db", db_});
    ASSERT_EQ(dv.exit_code, 0) << dv.out << dv.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static CommandResult Progress(std::vector<std::string> extra) {
    std::vector<std::string> args = {"progress",   "--db", db_,         "--plan",
                                     "288/KH-BCĐ", "--at", "2024-07-01"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunGemis(args);
  }

  // The row of (measure, unit code, level).
  static const nlohmann::json& Row(const nlohmann::json& report, const std::string& measure,
                                   const std::string& unit, const std::string& level = "all") {
    for (const nlohmann::json& row : report["rows"]) {
      if (row["measure"] == measure && row["orgUnit"] == unit && row["level"] == level &&
          row["agency"] == "") {
        return row;
      }
    }
    ADD_FAILURE() << "no row " << measure << " " << unit << " " << level;
    static const nlohmann::json kNone = nlohmann::json::object();
    return kNone;
  }

  static test_support::TempDir* dir_;
  static std::string db_;
};

test_support::TempDir* ProgressCommand::dir_ = nullptr;
std::string ProgressCommand::db_;

TEST_F(ProgressCommand, JsonFiguresOfCaoBang2024) {
  CommandResult r = Progress({"--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["plan"], "288/KH-BCĐ");
  EXPECT_EQ(report["at"], "2024-07-01");
  EXPECT_EQ(report["hierarchyDate"], "2024-03-20");

  // The province's 57 teams (stated in the text and in the table: one group).
  const nlohmann::json& teams = Row(report, "P8_TTCD_TO", "04");
  EXPECT_EQ(teams["target"], "57");
  EXPECT_EQ(teams["targetIds"].size(), 2u);
  EXPECT_EQ(teams["window"], "2024");
  EXPECT_EQ(teams["windowSource"], "plan");
  EXPECT_DOUBLE_EQ(teams["actual"].get<double>(), 31);                  // 22 + 8 + 1
  EXPECT_DOUBLE_EQ(teams["percent"].get<double>(), 31.0 / 57.0 * 100);  // 54.39 %
  EXPECT_DOUBLE_EQ(teams["elapsed"].get<double>(), kElapsed);
  EXPECT_EQ(teams["status"], "on_track");  // 0.544 ≥ 0.497
  EXPECT_EQ(teams["depth"], 0);
  EXPECT_TRUE(teams["parent"].is_null());

  // Its split by implementing level: 23 of the 29 province-implemented teams
  // (79.3 %, on track), 8 of the 28 district-implemented ones (28.6 %, behind).
  const nlohmann::json& by_province = Row(report, "P8_TTCD_TO", "04", "province");
  EXPECT_EQ(by_province["target"], "29");
  EXPECT_DOUBLE_EQ(by_province["actual"].get<double>(), 23);  // 22 + 1
  EXPECT_DOUBLE_EQ(by_province["percent"].get<double>(), 23.0 / 29.0 * 100);
  EXPECT_EQ(by_province["status"], "on_track");
  EXPECT_EQ(by_province["depth"], 1);
  const nlohmann::json& by_district = Row(report, "P8_TTCD_TO", "04", "district");
  EXPECT_EQ(by_district["target"], "28");
  EXPECT_DOUBLE_EQ(by_district["actual"].get<double>(), 8);
  EXPECT_EQ(by_district["status"], "behind");
  EXPECT_EQ(report["rows"][by_province["parent"].get<size_t>()]["measure"], "P8_TTCD_TO");
  EXPECT_EQ(by_province["parentKey"]["orgUnit"], "04");
  EXPECT_EQ(by_province["parentKey"]["level"], "all");
  // Quảng Hòa's 11 province-implemented teams hang under the 29; it has 22
  // (May), only province-implemented values count: achieved.
  const nlohmann::json& quang_hoa = Row(report, "P8_TTCD_TO", "049", "province");
  EXPECT_EQ(quang_hoa["target"], "11");
  EXPECT_DOUBLE_EQ(quang_hoa["actual"].get<double>(), 22);
  EXPECT_EQ(quang_hoa["status"], "achieved");
  EXPECT_EQ(quang_hoa["depth"], 2);
  EXPECT_EQ(quang_hoa["parentKey"]["level"], "province");
  // Its district-implemented teams: no value of that level.
  const nlohmann::json& quang_hoa_district = Row(report, "P8_TTCD_TO", "049", "district");
  EXPECT_TRUE(quang_hoa_district["actual"].is_null());
  EXPECT_EQ(quang_hoa_district["status"], "not_started");
  // An agency's target stays not measurable: values are reported by unit.
  const nlohmann::json& labour = [&]() -> const nlohmann::json& {
    for (const nlohmann::json& row : report["rows"]) {
      if (row["measure"] == "P8_TH_LGG_CT2" && row["agency"] == "CB-SLDTBXH") return row;
    }
    ADD_FAILURE() << "no row of CB-SLDTBXH";
    return report["rows"][0];
  }();
  EXPECT_EQ(labour["status"], "not_measurable");

  // 20 of 124 policy dialogues: 16.1 % against 49.7 % of the year.
  const nlohmann::json& dialogues = Row(report, "P8_DTCS", "04");
  EXPECT_DOUBLE_EQ(dialogues["actual"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(dialogues["percent"].get<double>(), 20.0 / 124.0 * 100);
  EXPECT_EQ(dialogues["status"], "behind");
  // 1 of 1 workshop.
  EXPECT_EQ(Row(report, "P8_HT_DCTC", "04")["status"], "achieved");
  EXPECT_DOUBLE_EQ(Row(report, "P8_HT_DCTC", "04")["percent"].get<double>(), 100);
  // 12 trusted addresses, no data.
  const nlohmann::json& addresses = Row(report, "P8_DCTC", "04");
  EXPECT_TRUE(addresses["actual"].is_null());
  EXPECT_EQ(addresses["status"], "not_started");
  // Suspended "pending guidance from the centre".
  const nlohmann::json& suspended = Row(report, "P8_TKV_TCCT_PCT", "04");
  EXPECT_EQ(suspended["status"], "suspended");
  EXPECT_THAT(suspended["note"].get<std::string>(), HasSubstr("Tạm dừng"));
}

TEST_F(ProgressCommand, OuFilterAndTableView) {
  CommandResult r = Progress({"--ou", "049", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  ASSERT_FALSE(report["rows"].empty());
  for (const nlohmann::json& row : report["rows"]) {
    EXPECT_EQ(row["orgUnit"], "049");
    EXPECT_EQ(row["depth"], 0);
  }

  CommandResult table = Progress({});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out,
              HasSubstr("Tiến độ thực hiện chỉ tiêu — 288/KH-BCĐ — tại ngày 01/07/2024"));
  EXPECT_THAT(table.out, HasSubstr("Đúng tiến độ"));
  EXPECT_THAT(table.out, HasSubstr("Chậm tiến độ"));
  EXPECT_THAT(table.out, HasSubstr("54,4"));               // % achieved, Vietnamese notation
  EXPECT_THAT(table.out, HasSubstr("49,7"));               // % of the year elapsed
  EXPECT_THAT(table.out, HasSubstr("    049 Quảng Hòa"));  // depth 2

  CommandResult csv = Progress({"--format", "csv", "--text"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("P8_TTCD_TO,04,,all,2024,57,at_least,31,54.39,49.73,on_track"));
  EXPECT_THAT(csv.out, Not(HasSubstr("P8_TTCD_TO,04,,province")));  // only in the table
}

TEST_F(ProgressCommand, Errors) {
  EXPECT_EQ(Progress({"--ou", "99999"}).exit_code, 1);
  EXPECT_EQ(Progress({"--table", "Phụ lục IX"}).exit_code, 1);
  EXPECT_EQ(Progress({"--table", "Phụ lục I", "--text"}).exit_code, 2);
  EXPECT_EQ(
      RunGemis({"progress", "--db", db_, "--plan", "288/KH-BCĐ", "--at", "2024-13-01"}).exit_code, 1);
}

}  // namespace
}  // namespace gemis::cli
