// End-to-end tests of `gemis backup` and `gemis restore`: the real binary,
// run as a child process, on a database with the real units.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

// One database with the real units for the whole suite (init takes ~1 s).
class BackupCommand : public ::testing::Test {
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

  // The summary JSON without the database's file name.
  static nlohmann::json Summary(const std::string& db) {
    CommandResult r = Gemis({"summary", "--db", db, "--as-of", "2026-11-01", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json out = nlohmann::json::parse(r.out, nullptr, false);
    if (out.is_object()) out.erase("database");
    return out;
  }
  static std::string Show(const std::string& db, const std::string& code, const std::string& as_of) {
    CommandResult r = Gemis({"orgunit", "show", code, "--db", db, "--as-of", as_of, "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  static test_support::TempDir* dir_;
  static std::string db_;
  static CommandResult* init_;
};

test_support::TempDir* BackupCommand::dir_ = nullptr;
std::string BackupCommand::db_;
CommandResult* BackupCommand::init_ = nullptr;

TEST_F(BackupCommand, BackupThenRestoreGivesTheSameDatabase) {
  std::string backup = dir_->File("backup.db"), restored = dir_->File("restored.db");
  CommandResult b = Gemis({"backup", "--db", db_, "--to", backup});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_THAT(b.err, HasSubstr(backup));
  CommandResult r = Gemis({"restore", "--from", backup, "--db", restored});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json original = Summary(db_);
  EXPECT_EQ(original["orgUnits"], 14007);
  EXPECT_EQ(Summary(restored), original);
  EXPECT_EQ(Show(restored, "62", "2024-06-30"), Show(db_, "62", "2024-06-30"));
  EXPECT_EQ(Show(restored, "51", "2026-11-01"), Show(db_, "51", "2026-11-01"));
}

TEST_F(BackupCommand, RestoreReplacesAnExistingDatabase) {
  std::string backup = dir_->File("backup2.db"), target = dir_->File("target.db");
  ASSERT_EQ(Gemis({"backup", "--db", db_, "--to", backup}).exit_code, 0);
  ASSERT_EQ(Gemis({"init", "--empty", "--db", target}).exit_code, 0);
  EXPECT_EQ(Summary(target)["orgUnits"], 0);
  CommandResult r = Gemis({"restore", "--from", backup, "--db", target});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Summary(target), Summary(db_));
}

TEST_F(BackupCommand, RestoreFromAFileThatIsNotADatabaseIsRejected) {
  std::string text = dir_->File("notes.txt"), target = dir_->File("from-text.db");
  std::ofstream(text) << "province_code,name\n04,Cao Bằng\n";
  CommandResult r = Gemis({"restore", "--from", text, "--db", target});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(text));
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(BackupCommand, RestoreFromAnEmptyFileIsRejected) {
  std::string empty = dir_->File("empty.bak"), target = dir_->File("from-empty.db");
  std::ofstream{empty};
  CommandResult r = Gemis({"restore", "--from", empty, "--db", target});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(empty));
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(BackupCommand, RestoreFromAMissingFileIsRejected) {
  std::string missing = dir_->File("missing.bak");
  CommandResult r = Gemis({"restore", "--from", missing, "--db", dir_->File("x.db")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(missing));
}

TEST_F(BackupCommand, BackupOfAMissingDatabaseIsRejected) {
  std::string backup = dir_->File("never.db");
  CommandResult r = Gemis({"backup", "--db", dir_->File("missing.db"), "--to", backup});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.db"));
  EXPECT_FALSE(std::filesystem::exists(backup));
}

TEST_F(BackupCommand, UsageErrorsExitWith2) {
  EXPECT_EQ(Gemis({"backup", "--db", db_}).exit_code, 2) << "missing --to";
  EXPECT_EQ(Gemis({"restore", "--db", db_}).exit_code, 2) << "missing --from";
}

TEST_F(BackupCommand, HelpOfEveryCommandExitsZero) {
  for (const char* command : {"backup", "restore"}) {
    CommandResult r = Gemis({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr("--db")) << command;
  }
}

}  // namespace
}  // namespace gemis::cli
