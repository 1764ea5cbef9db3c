// End-to-end tests of `gemis plan list|show` and `gemis target set-status`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommand(args);
}

// The demo database shared by this process's tests (read-only).
class PlanCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& demo = test_support::SharedDemoDatabase(GEMIS_BINARY);
    ASSERT_EQ(demo.created.exit_code, 0) << demo.created.err << demo.created.out;
    db_ = demo.path;
    demo_ = &demo.created;
  }

  std::string db_;
  const CommandResult* demo_ = nullptr;
};

TEST_F(PlanCommand, PlanShowListsCitationsTargetsAndBudget) {
  CommandResult r = Gemis({"plan", "show", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json plan = nlohmann::json::parse(r.out);
  EXPECT_EQ(plan["code"], "CB-288-2024");
  EXPECT_EQ(plan["date"], "2024-03-20");
  bool cites_75 = false;
  for (const auto& c : plan["citations"]) cites_75 = cites_75 || c["plan"] == "CB-75-2022";
  EXPECT_TRUE(cites_75);
  bool suspended = false;
  for (const auto& t : plan["targets"]) suspended = suspended || t["status"] == "suspended";
  EXPECT_TRUE(suspended);  // savings groups: "tạm dừng chờ hướng dẫn của TW"
  EXPECT_FALSE(plan["budget"].empty());
}

// Withdrawing one of two conflicting figures resolves the conflict; this test
// works on its own copy of the demo.
TEST(DemoResolution, WithdrawingAConflictingTargetResolvesIt) {
  test_support::TempDir dir;
  std::string db = dir.File("demo.db");
  ASSERT_EQ(Gemis({"demo", "--db", db}).exit_code, 0);
  CommandResult show = Gemis({"plan", "show", "--db", db, "--plan", "257/KH-UBND", "--format", "json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  std::vector<int64_t> twenty;
  const nlohmann::json plan = nlohmann::json::parse(show.out);
  for (const auto& t : plan["targets"]) {
    if (t["value"] == "20" && t["unit"] == "percent") twenty.push_back(t["id"]);
  }
  ASSERT_EQ(twenty.size(), 2u);
  for (int64_t id : twenty) {
    CommandResult r = Gemis({"target", "set-status", "--db", db, "--id", std::to_string(id),
                             "--status", "withdrawn", "--note", "Áp dụng 15% theo mục III.1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult after =
      Gemis({"validate", "--db", db, "--plan", "257/KH-UBND", "--format", "json"});
  EXPECT_EQ(after.exit_code, 0) << after.out;
  CommandResult bad = Gemis({"target", "set-status", "--db", db, "--id", "999999", "--status",
                             "withdrawn"});
  EXPECT_EQ(bad.exit_code, 1);
}

}  // namespace
}  // namespace gemis::cli
