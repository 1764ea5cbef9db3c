// End-to-end tests of `gemis demo`: the database of the five seed plans.
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
class DemoCommand : public test_support::DemoDatabaseTest {};

TEST_F(DemoCommand, PrintsThePlansAndTheFindings) {
  EXPECT_THAT(demo_->out, HasSubstr("288/KH-BCĐ"));
  EXPECT_THAT(demo_->out, HasSubstr("117/KH-UBND"));
  EXPECT_THAT(demo_->out, HasSubstr("[budget_parts]"));
  EXPECT_THAT(demo_->out, HasSubstr("22.991.000.260"));
}

TEST_F(DemoCommand, RefusesAnExistingDatabase) {
  CommandResult again = Gemis({"demo", "--db", db_});
  EXPECT_EQ(again.exit_code, 1);
  // The existing demo is untouched.
  CommandResult list = Gemis({"plan", "list", "--db", db_, "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(nlohmann::json::parse(list.out).size(), 6u);
}

}  // namespace
}  // namespace gemis::cli
