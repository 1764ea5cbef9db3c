// End-to-end tests of `gemis init` and `gemis summary`, and of what every
// command shares (usage errors, --lang, --help): the real binary, run as a
// child process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CommandResult Gemis(std::vector<std::string> args,
                    std::vector<std::pair<std::string, std::string>> env = {}) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommand(args, env);
}

std::string Slurp(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// One database with the real units for the whole suite (init takes ~1 s).
class InitCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    db_ = dir_->File("gemis.db");
    init_ = new CommandResult(Gemis({"init", "--db", db_}));
  }
  static void TearDownTestSuite() {
    delete init_;
    delete dir_;
  }
  void SetUp() override { ASSERT_EQ(init_->exit_code, 0) << init_->err; }

  static nlohmann::json Summary(const std::string& db) {
    CommandResult r = Gemis({"summary", "--db", db, "--as-of", "2026-11-01", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  static test_support::TempDir* dir_;
  static std::string db_;
  static CommandResult* init_;
};

test_support::TempDir* InitCommand::dir_ = nullptr;
std::string InitCommand::db_;
CommandResult* InitCommand::init_ = nullptr;

TEST_F(InitCommand, CreatesTheDatabaseAndReportsTheCounts) {
  EXPECT_TRUE(std::filesystem::is_regular_file(db_));
  EXPECT_THAT(init_->err, HasSubstr("63 provinces, 696 districts, 10035 communes"));
  EXPECT_THAT(init_->err, HasSubstr("1/7/2025: 34 provinces"));
  EXPECT_THAT(init_->err, HasSubstr("3321 communes"));
  EXPECT_THAT(init_->err, HasSubstr(db_));
  EXPECT_EQ(init_->out, "") << "human messages go to stderr";
}

TEST_F(InitCommand, RefusesAnExistingFileAndLeavesItIntact) {
  std::string before = Slurp(db_);
  CommandResult again = Gemis({"init", "--db", db_});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("'" + db_ + "'"));
  EXPECT_EQ(Slurp(db_), before);
  EXPECT_EQ(Summary(db_)["orgUnits"], 14007);
}

TEST_F(InitCommand, EmptyCreatesADatabaseWithoutUnits) {
  std::string empty = dir_->File("empty.db");
  CommandResult r = Gemis({"init", "--empty", "--db", empty});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json summary = Summary(empty);
  EXPECT_EQ(summary["orgUnits"], 0);
  for (const auto& at : summary["asOf"]) {
    EXPECT_EQ(at["province"], 0);
    EXPECT_EQ(at["commune"], 0);
  }
}

TEST_F(InitCommand, FailsOnAMissingDataDirAndLeavesNoFile) {
  std::string db = dir_->File("no-data.db");
  CommandResult r = Gemis({"init", "--db", db}, {{"GEMIS_DATA_DIR", dir_->File("nowhere")}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir_->File("nowhere") + "/"));
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST_F(InitCommand, SummaryJsonHasTheCountsBeforeAndAfterTheReform) {
  nlohmann::json summary = Summary(db_);
  ASSERT_EQ(summary["asOf"].size(), 2u) << summary.dump();
  const nlohmann::json& before = summary["asOf"][0];
  EXPECT_EQ(before["date"], "2025-06-30");
  EXPECT_EQ(before["centre"], 1);
  EXPECT_EQ(before["province"], 63);
  EXPECT_EQ(before["district"], 696);
  EXPECT_EQ(before["commune"], 10035);
  const nlohmann::json& after = summary["asOf"][1];
  EXPECT_EQ(after["date"], "2026-11-01");
  EXPECT_EQ(after["province"], 34);
  EXPECT_EQ(after["district"], 0);
  EXPECT_EQ(after["commune"], 3321);
  EXPECT_EQ(summary["events"]["merge"], 23 + 3189);
}

TEST_F(InitCommand, SummaryTableUsesVietnameseNumbers) {
  CommandResult r = Gemis({"summary", "--db", db_, "--as-of", "2026-11-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("10.035"));
  EXPECT_THAT(r.out, HasSubstr("3.321"));
  EXPECT_THAT(r.out, HasSubstr("01/11/2026"));
}

TEST_F(InitCommand, SummaryOfAMissingDatabaseNamesIt) {
  CommandResult r = Gemis({"summary", "--db", dir_->File("missing.db")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.db"));
  EXPECT_FALSE(std::filesystem::exists(dir_->File("missing.db")));
}

TEST_F(InitCommand, UsageErrorsExitWith2) {
  EXPECT_EQ(Gemis({"init"}).exit_code, 2) << "missing --db";
  EXPECT_EQ(Gemis({"summary"}).exit_code, 2) << "missing --db";
  EXPECT_EQ(Gemis({"frobnicate", "--db", db_}).exit_code, 2);
  EXPECT_EQ(Gemis({}).exit_code, 2) << "no command";
  CommandResult bad_format = Gemis({"summary", "--db", db_, "--format", "xml"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_THAT(bad_format.err, HasSubstr("--format"));
  EXPECT_EQ(Gemis({"--lang", "fr", "summary", "--db", db_}).exit_code, 2);
}

TEST_F(InitCommand, BadAsOfDateNamesTheOption) {
  CommandResult r = Gemis({"summary", "--db", db_, "--as-of", "2024-13-45"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--as-of"));
  EXPECT_THAT(r.err, HasSubstr("2024-13-45"));
}

TEST_F(InitCommand, LangEnSwitchesTheErrorPrefixToEnglish) {
  std::string missing = dir_->File("missing.db");
  EXPECT_THAT(Gemis({"summary", "--db", missing}).err, StartsWith("gemis: lỗi: "));
  CommandResult en = Gemis({"--lang", "en", "summary", "--db", missing});
  EXPECT_EQ(en.exit_code, 1);
  EXPECT_THAT(en.err, StartsWith("gemis: error: "));
  EXPECT_THAT(Gemis({"--lang", "en", "init", "--db", db_}).err,
              HasSubstr("Database already exists"));
}

TEST_F(InitCommand, HelpOfEveryCommandExitsZero) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--help"}, {"init", "--help"}, {"summary", "--help"}}) {
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_THAT(r.out, HasSubstr("Usage:")) << args[0];
  }
  EXPECT_THAT(Gemis({"init", "--help"}).out, HasSubstr("--empty"));
  EXPECT_EQ(Gemis({"--version"}).exit_code, 0);
}

}  // namespace
}  // namespace gemis::cli
