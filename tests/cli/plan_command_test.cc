// End-to-end tests of `gemis plan list|show` and `gemis target set-status`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/demo_database.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::HasSubstr;

CommandResult Gemis(std::vector<std::string> args) { return test_support::RunGemis(std::move(args)); }

// The demo database shared by this process's tests (read-only).
class PlanCommand : public test_support::DemoDatabaseTest {};

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

// Every target names its programme node and the content area (Nội dung 1–4)
// above it; the plan lists those content areas once, in code order, so the web
// UI can group targets and charts by them.
TEST_F(PlanCommand, PlanShowGroupsTargetsByContentArea) {
  CommandResult r = Gemis({"plan", "show", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json plan = nlohmann::json::parse(r.out);
  std::vector<std::string> codes;
  for (const auto& a : plan["contentAreas"]) {
    codes.push_back(a["code"]);
    EXPECT_FALSE(a["name"].get<std::string>().empty()) << a["code"];
    EXPECT_FALSE(a["nameEn"].get<std::string>().empty()) << a["code"];
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"CT1719.DA8.ND1", "CT1719.DA8.ND2", "CT1719.DA8.ND3",
                                             "CT1719.DA8.ND4"}));
  EXPECT_EQ(plan["contentAreas"][0]["number"], "1");
  std::map<std::string, int> per_area;
  for (const auto& t : plan["targets"]) {
    std::string area = t["contentArea"];
    ++per_area[area];
    if (!area.empty()) {
      // The node is the area itself or an activity under it.
      std::string node = t["node"];
      EXPECT_EQ(node.compare(0, area.size(), area), 0) << node << " under " << area;
    }
    if (t["measure"] == "P8_TTCD_TO") {
      EXPECT_EQ(area, "CT1719.DA8.ND1");
    }
  }
  EXPECT_EQ(per_area["CT1719.DA8.ND1"], 22);
  EXPECT_EQ(per_area["CT1719.DA8.ND2"], 107);
}

// The units a plan names as its area without a figure: Hà Nội's five
// districts and fourteen communes (II.3) in the plan's order, Kon Tum's six
// communes of footnote 4.
TEST_F(PlanCommand, PlanShowListsTheUnitsOfThePlansArea) {
  CommandResult r = Gemis({"plan", "show", "--db", db_, "--plan", "257/KH-UBND", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json areas = nlohmann::json::parse(r.out)["areas"];
  ASSERT_EQ(areas.size(), 19u);
  std::vector<std::string> units;
  for (const auto& a : areas) {
    EXPECT_EQ(a["kind"], "scope");
    units.push_back(a["orgUnit"]);
  }
  EXPECT_EQ(units.front(), "271 Huyện Ba Vì");
  EXPECT_EQ(units[1], "09712 Xã Khánh Thượng");
  EXPECT_EQ(units[5], "09694 Xã Tản Lĩnh");  // "Tân Lĩnh" in the seed
  EXPECT_EQ(units[8], "276 Huyện Thạch Thất");
  EXPECT_EQ(units.back(), "10504 Xã An Phú");

  CommandResult table = Gemis({"plan", "show", "--db", db_, "--plan", "257/KH-UBND"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Địa bàn thực hiện:"));
  EXPECT_THAT(table.out, HasSubstr("10099 Xã Trần Phú"));

  CommandResult kon_tum =
      Gemis({"plan", "show", "--db", db_, "--plan", "KT-DA8-2021-2025", "--format", "json"});
  ASSERT_EQ(kon_tum.exit_code, 0) << kon_tum.err;
  const nlohmann::json footnote = nlohmann::json::parse(kon_tum.out)["areas"];
  ASSERT_EQ(footnote.size(), 6u);
  EXPECT_EQ(footnote[0]["orgUnit"], "23296 Phường Ngô Mây");
  for (const auto& a : footnote) EXPECT_EQ(a["kind"], "dbkk_villages");

  CommandResult none = Gemis({"plan", "show", "--db", db_, "--plan", "288/KH-BCĐ", "--format", "json"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(nlohmann::json::parse(none.out)["areas"].empty());
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
