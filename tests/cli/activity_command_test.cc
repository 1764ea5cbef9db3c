// `gemis activity …` end to end on a copy of the demo (with its synthetic
// records): listing, imports with located errors that write nothing, the
// 30%-men finding, and figures that follow the activities (drill-down,
// release on delete).
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

class ActivityCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult demo = Gemis({"demo", "--db", shared_->File("demo.db")});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    ASSERT_THAT(demo.out, HasSubstr("Activities saved:"));
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
  CommandResult Import(const std::string& body) {
    std::string path = dir_.File("a.json");
    std::ofstream(path, std::ios::binary) << body;
    return Gemis({"activity", "import", path, "--db", db_});
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* ActivityCommand::shared_ = nullptr;

constexpr const char* kEvent = R"({"format": "gemis-activities/1", "activities": [
  {"code": "NEW-TT-1", "kind": "communication", "title": "Truyền thông phòng, chống bạo lực gia đình",
   "start": "2024-06-20", "orgUnit": "01273", "level": "commune", "dvPrevention": true,
   "cost": 5000000,
   "participants": [{"sex": "FEMALE", "ethnicity": "MINORITY", "count": 40},
                    {"sex": "MALE", "ethnicity": "MINORITY", "count": 10}]}]})";

TEST_F(ActivityCommand, ListsTheDemoActivities) {
  CommandResult r =
      Gemis({"activity", "list", "--db", db_, "--kind", "policy_dialogue", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_FALSE(list.empty());
  for (const auto& a : list) {
    EXPECT_EQ(a["kind"], "policy_dialogue");
    EXPECT_TRUE(a["dialogueLevel"].is_string());
    EXPECT_THAT(a["title"].get<std::string>(), HasSubstr("(minh hoạ)"));
  }
  CommandResult table =
      Gemis({"activity", "list", "--db", db_, "--from", "2024-06-01", "--to", "2024-06-30"}, "vi");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Trong đó nam"));
}

TEST_F(ActivityCommand, ImportErrorsAreLocatedAndWriteNothing) {
  std::string bad = kEvent;
  bad.replace(bad.find("\"MALE\""), 6, "\"NAM\"");
  CommandResult r = Import(bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("/activities/0/participants/1/sex"));
  EXPECT_NE(Gemis({"activity", "show", "NEW-TT-1", "--db", db_}).exit_code, 0);
}

TEST_F(ActivityCommand, FindingsAndFiguresFollowTheActivities) {
  std::string before_text = Gemis({"figures", "explain", "--db", db_, "--dx", "P8_PCBLGD_NAM",
                                   "--pe", "2024", "--ou", "01273"})
                                .out;
  CommandResult r = Import(kEvent);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Activities saved: 1 new"));
  EXPECT_THAT(r.out, HasSubstr("NEW-TT-1 DV_MEN_UNDER_30"));
  CommandResult explained = Gemis({"figures", "explain", "--db", db_, "--dx", "P8_PCBLGD_NAM",
                                   "--pe", "2024", "--ou", "01273"});
  ASSERT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_THAT(explained.out, HasSubstr("NEW-TT-1"));
  nlohmann::json shown =
      nlohmann::json::parse(Gemis({"activity", "show", "NEW-TT-1", "--db", db_}).out);
  EXPECT_EQ(shown["totals"]["male"], 10);
  EXPECT_EQ(shown["findings"][0]["code"], "DV_MEN_UNDER_30");
  // Importing it again changes nothing; deleting it takes its figure away.
  EXPECT_THAT(Import(kEvent).out, HasSubstr("Activities saved: 0 new, 0 updated, 1 unchanged"));
  ASSERT_EQ(Gemis({"activity", "delete", "NEW-TT-1", "--db", db_}).exit_code, 0);
  CommandResult after = Gemis({"figures", "explain", "--db", db_, "--dx", "P8_PCBLGD_NAM", "--pe",
                               "2024", "--ou", "01273"});
  EXPECT_THAT(after.out, Not(HasSubstr("NEW-TT-1")));
  EXPECT_EQ(after.out, before_text);
}

}  // namespace
}  // namespace gemis::cli
