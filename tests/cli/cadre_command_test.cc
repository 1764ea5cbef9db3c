// `gemis cadre …` end to end on a copy of the demo (with its synthetic
// register): listing with the day each was trained, imports with located
// errors that write nothing, a class's attendance making a woman trained
// (and the figure following it), export and re-import, delete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

namespace fs = std::filesystem;
using test_support::CommandResult;
using test_support::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

class CadreCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult demo = Gemis({"demo", "--db", shared_->File("demo.db")});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    ASSERT_THAT(demo.out, HasSubstr("Women cadres saved: 209 new"));
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    db_ = dir_.File("g.db");
    fs::copy_file(shared_->File("demo.db"), db_);
  }
  CommandResult Import(const char* what, const std::string& body) {
    std::string path = dir_.File(std::string(what) + ".json");
    std::ofstream(path, std::ios::binary) << body;
    return Gemis({what, "import", path, "--db", db_});
  }
  std::string Explain(const char* element) {
    CommandResult r = Gemis(
        {"figures", "explain", "--db", db_, "--dx", element, "--pe", "2024", "--ou", "01474"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* CadreCommand::shared_ = nullptr;

constexpr const char* kNewCadre = R"({"format": "gemis-cadres/1", "cadres": [
  {"code": "NEW-CBN-1", "name": "Nông Thị Lan", "orgUnit": "01474", "level": "commune",
   "position": "Phó Chủ tịch Hội LHPN xã", "ethnicity": "ETHNIC_07", "group": "newly_elected",
   "since": "2023-06-01"}]})";

constexpr const char* kClass = R"({"format": "gemis-activities/1", "activities": [
  {"code": "NEW-TH-1", "kind": "training", "programme": "women_cadres",
   "title": "Bồi dưỡng cán bộ nữ DTTS", "start": "2024-09-10", "orgUnit": "01474",
   "level": "province", "participants": [{"sex": "FEMALE", "ethnicity": "ETHNIC_07", "count": 25}],
   "attendees": ["NEW-CBN-1"]}]})";

TEST_F(CadreCommand, ListsTheDemoRegisterWithWhenEachWasTrained) {
  CommandResult r = Gemis({"cadre", "list", "--db", db_, "--unit", "053", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_GT(list.size(), 10u);
  int trained = 0;
  for (const auto& c : list) {
    EXPECT_NE(c["ethnicity"], "ETHNIC_01");
    EXPECT_EQ(c["note"], "Dữ liệu minh hoạ");
    if (!c["trainedOn"].is_null()) ++trained;
  }
  EXPECT_GT(trained, 0);
  EXPECT_LT(trained, static_cast<int>(list.size()));  // some are not trained yet
  CommandResult table = Gemis({"cadre", "list", "--db", db_, "--unit", "053"}, "vi");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Được tập huấn từ"));
  EXPECT_THAT(table.out, HasSubstr("chưa"));
  EXPECT_THAT(table.out, HasSubstr(std::to_string(trained) + "/" + std::to_string(list.size())));
}

TEST_F(CadreCommand, AClassesAttendanceTrainsHerAndTheFigureFollows) {
  CommandResult added = Import("cadre", kNewCadre);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("Women cadres saved: 1 new, 0 updated, 0 unchanged"));
  EXPECT_THAT(Explain("P8_CBN_DTTS_DOITUONG"), HasSubstr("NEW-CBN-1"));
  EXPECT_THAT(Explain("P8_CBN_DTTS_DA_TH"), Not(HasSubstr("NEW-CBN-1")));

  CommandResult held = Import("activity", kClass);
  ASSERT_EQ(held.exit_code, 0) << held.err;
  std::string explained = Explain("P8_CBN_DTTS_DA_TH");
  EXPECT_THAT(explained, HasSubstr("P8_CBN_DTTS_DA_TH 2024 01474 = 1"));
  EXPECT_THAT(explained, HasSubstr("NEW-CBN-1"));
  EXPECT_THAT(explained, Not(HasSubstr("Nông Thị Lan")));  // codes, not names

  CommandResult shown = Gemis({"cadre", "show", "NEW-CBN-1", "--db", db_});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  nlohmann::json j = nlohmann::json::parse(shown.out);
  EXPECT_EQ(j["trainedOn"], "2024-09-10");
  EXPECT_EQ(j["trainings"][0]["code"], "NEW-TH-1");
  CommandResult activity = Gemis({"activity", "show", "NEW-TH-1", "--db", db_});
  EXPECT_THAT(activity.out, HasSubstr("\"NEW-CBN-1\""));

  CommandResult removed = Gemis({"cadre", "delete", "NEW-CBN-1", "--db", db_});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_THAT(Explain("P8_CBN_DTTS_DA_TH"), Not(HasSubstr("NEW-CBN-1")));
  CommandResult again = Gemis({"cadre", "delete", "NEW-CBN-1", "--db", db_});
  EXPECT_NE(again.exit_code, 0);
}

TEST_F(CadreCommand, ErrorsNameFileLineAndPointerAndWriteNothing) {
  std::string kinh = kNewCadre;
  kinh.replace(kinh.find("ETHNIC_07"), 9, "ETHNIC_01");
  CommandResult r = Import("cadre", kinh);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("cadre.json:3"));
  EXPECT_THAT(r.err, HasSubstr("/cadres/0/ethnicity"));
  EXPECT_THAT(r.err, HasSubstr("Kinh"));
  CommandResult shown = Gemis({"cadre", "show", "NEW-CBN-1", "--db", db_});
  EXPECT_NE(shown.exit_code, 0);

  std::string unknown = kClass;
  unknown.replace(unknown.find("NEW-CBN-1"), 9, "NOBODY-99");
  CommandResult c = Import("activity", unknown);
  EXPECT_NE(c.exit_code, 0);
  EXPECT_THAT(c.err, HasSubstr("/activities/0/attendees/0"));
  EXPECT_NE(Gemis({"activity", "show", "NEW-TH-1", "--db", db_}).exit_code, 0);
}

TEST_F(CadreCommand, ExportImportsBackUnchanged) {
  CommandResult out = Gemis({"cadre", "export", "--db", db_, "--unit", "048"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  nlohmann::json file = nlohmann::json::parse(out.out);
  EXPECT_EQ(file["format"], "gemis-cadres/1");
  const size_t n = file["cadres"].size();
  ASSERT_GT(n, 0u);
  EXPECT_FALSE(file["cadres"][0].contains("trainedOn"));
  CommandResult back = Import("cadre", out.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_THAT(back.out, HasSubstr("Women cadres saved: 0 new, 0 updated, " + std::to_string(n) +
                                  " unchanged"));
}

}  // namespace
}  // namespace gemis::cli
