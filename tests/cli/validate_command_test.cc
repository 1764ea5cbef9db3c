// End-to-end tests of `gemis validate` on the demo database.
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

CommandResult Gemis(std::vector<std::string> args) { return test_support::RunGemis(std::move(args)); }

// The demo database shared by this process's tests (read-only).
class ValidateCommand : public test_support::DemoDatabaseTest {
 protected:
  nlohmann::json Findings(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"validate", "--db", db_, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = Gemis(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST_F(ValidateCommand, ValidateFindsTheRealInconsistenciesOfTheSeeds) {
  nlohmann::json findings = Findings();
  std::multiset<std::string> errors;
  for (const auto& f : findings) {
    for (const char* key : {"rule", "severity", "plan", "orgUnit", "measure", "period", "expected",
                            "found", "message", "source"}) {
      EXPECT_TRUE(f.contains(key)) << key << " missing in " << f.dump();
    }
    if (f["severity"] == "error") errors.insert(f["rule"].get<std::string>() + " " +
                                                f["plan"].get<std::string>());
  }
  EXPECT_EQ(errors, (std::multiset<std::string>{
                        "budget_parts 288/KH-BCĐ",
                        "conflicting_target 257/KH-UBND",
                        "conflicting_target 257/KH-UBND",
                        "window_outside_plan GV-BDG-2024",
                    }));
  for (const auto& f : findings) {
    if (f["rule"] == "budget_parts") {
      EXPECT_EQ(f["expected"], "22991000000");
      EXPECT_EQ(f["found"], "22991000260");
      EXPECT_THAT(f["orgUnit"].get<std::string>(), HasSubstr("Cao Bằng"));
    }
    if (f["rule"] == "conflicting_target") {
      EXPECT_EQ(f["expected"], "15");
      EXPECT_EQ(f["found"], "20");
    }
    // The tables and budgets that add up raise nothing.
    EXPECT_NE(f["rule"], "allocation_sum") << f.dump();
    EXPECT_NE(f["rule"], "budget_available") << f.dump();
    EXPECT_NE(f["rule"], "place_count_sum") << f.dump();
  }
}

TEST_F(ValidateCommand, ValidateExitCodesFollowTheSeverity) {
  // Phong Thổ's plan has only source-defect warnings: exit 0.
  CommandResult ok = Gemis({"validate", "--db", db_, "--plan", "117/KH-UBND"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  CommandResult bad = Gemis({"validate", "--db", db_, "--plan", "288/KH-BCĐ"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("LỖI"));
  CommandResult en = Gemis({"--lang", "en", "validate", "--db", db_, "--plan", "288/KH-BCĐ"});
  EXPECT_THAT(en.out, HasSubstr("ERROR"));
  CommandResult unknown = Gemis({"validate", "--db", db_, "--plan", "999/KH-XX"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("999/KH-XX"));
}

}  // namespace
}  // namespace gemis::cli
