// `gemis dataset list`, run as the real binary against a `gemis init`
// database with data sets imported by `gemis import metadata`, and the
// complete registrations an import of data values records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunCommand;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

constexpr const char* kMetadata = R"({
  "dataElements": [{"code": "P8_TEAMS", "name": "Số tổ truyền thông", "valueType": "INTEGER"},
                   {"code": "P8_CLUBS", "name": "Số CLB Thủ lĩnh", "valueType": "INTEGER"}],
  "dataSets": [{"code": "P8_MONTHLY", "name": "Báo cáo tháng Dự án 8", "periodType": "Monthly",
                "expiryDays": 15,
                "dataSetElements": [{"dataElement": {"code": "P8_TEAMS"}},
                                    {"dataElement": "P8_CLUBS"}],
                "organisationUnits": [{"code": "04", "includeDescendants": true},
                                      {"code": "01"}]},
               {"code": "P8_YEARLY", "name": "Báo cáo năm", "periodType": "Yearly",
                "openFuturePeriods": 1}]})";

class DataSetCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("g.db");
    CommandResult init = Gemis({"init", "--db", db_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    std::string path = dir_.File("md.json");
    std::ofstream(path, std::ios::binary) << kMetadata;
    CommandResult metadata = Gemis({"import", "metadata", path, "--db", db_});
    ASSERT_EQ(metadata.exit_code, 0) << metadata.out << metadata.err;
    ASSERT_EQ(nlohmann::json::parse(metadata.out)["importCount"]["imported"], 4) << metadata.out;
  }

  test_support::TempDir dir_;
  std::string db_;
};

TEST_F(DataSetCommand, ListsTheDataSetsAsJson) {
  CommandResult list = Gemis({"dataset", "list", "--db", db_, "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  nlohmann::json j = nlohmann::json::parse(list.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << list.out;
  ASSERT_EQ(j.size(), 2u);
  const nlohmann::json& monthly = j[0];
  EXPECT_EQ(monthly["code"], "P8_MONTHLY");
  EXPECT_EQ(monthly["name"], "Báo cáo tháng Dự án 8");
  EXPECT_EQ(monthly["periodType"], "Monthly");
  EXPECT_EQ(monthly["expiryDays"], 15);
  EXPECT_EQ(monthly["openFuturePeriods"], 0);
  ASSERT_EQ(monthly["dataSetElements"].size(), 2u);
  EXPECT_EQ(monthly["dataSetElements"][0]["dataElement"]["code"], "P8_TEAMS");
  EXPECT_EQ(monthly["dataSetElements"][1]["dataElement"]["code"], "P8_CLUBS");
  ASSERT_EQ(monthly["organisationUnits"].size(), 2u);
  EXPECT_EQ(monthly["organisationUnits"][0]["code"], "04");
  EXPECT_EQ(monthly["organisationUnits"][0]["includeDescendants"], true);
  EXPECT_EQ(monthly["organisationUnits"][1]["code"], "01");
  EXPECT_EQ(monthly["organisationUnits"][1]["includeDescendants"], false);
  EXPECT_EQ(monthly["completeRegistrations"], 0);
  EXPECT_EQ(j[1]["code"], "P8_YEARLY");
  EXPECT_EQ(j[1]["openFuturePeriods"], 1);
  EXPECT_TRUE(j[1]["dataSetElements"].empty());
}

TEST_F(DataSetCommand, ATableInEitherLanguageCountsRegistrations) {
  // A file for the set with a completeDate: its value and a registration.
  std::string values = dir_.File("v.json");
  std::ofstream(values, std::ios::binary)
      << R"({"dataSet": "P8_MONTHLY", "completeDate": "2024-02-05", "period": "202401",
             "orgUnit": "04", "dataValues": [{"dataElement": "P8_TEAMS", "value": "3"}]})";
  CommandResult imported = Gemis({"import", "datavalues", values, "--db", db_});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_EQ(nlohmann::json::parse(imported.out)["dataSetComplete"], "2024-02-05");

  CommandResult en = Gemis({"dataset", "list", "--db", db_});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_THAT(en.out, HasSubstr("Data set code"));
  EXPECT_THAT(en.out, HasSubstr("Complete registrations"));
  EXPECT_THAT(en.out, HasSubstr("P8_MONTHLY"));
  EXPECT_THAT(en.out, HasSubstr("04 Cao Bằng +, 01 Hà Nội"));
  CommandResult vi = Gemis({"dataset", "list", "--db", db_}, "vi");
  ASSERT_EQ(vi.exit_code, 0) << vi.err;
  EXPECT_THAT(vi.out, HasSubstr("Mã bộ dữ liệu"));
  CommandResult json = Gemis({"dataset", "list", "--db", db_, "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)[0]["completeRegistrations"], 1);

  // A value outside the set's units is refused with DHIS2's code.
  std::ofstream(values, std::ios::binary)
      << R"({"dataSet": "P8_MONTHLY", "period": "202401", "orgUnit": "02",
             "dataValues": [{"dataElement": "P8_TEAMS", "value": "3"}]})";
  CommandResult refused = Gemis({"import", "datavalues", values, "--db", db_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("E7636"));
}

TEST_F(DataSetCommand, UsageAndMissingDatabase) {
  EXPECT_EQ(Gemis({"dataset", "list"}).exit_code, 2);  // --db is required
  EXPECT_EQ(Gemis({"dataset", "list", "--db", db_, "--format", "csv"}).exit_code, 2);
  EXPECT_EQ(Gemis({"dataset", "list", "--db", dir_.File("none.db")}).exit_code, 1);
}

}  // namespace
}  // namespace gemis::cli
