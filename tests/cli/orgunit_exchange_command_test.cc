// `gemis import orgunits` and `gemis export orgunits`, run as the real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "exchange/legacy_encoding.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using ::testing::HasSubstr;

const std::string kFixtures = std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/orgunits/";

struct Outcome {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json Json() const { return nlohmann::json::parse(out, nullptr, false); }
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs gemis with `args` (shell words), capturing stdout and stderr in files
// of `dir`.
Outcome Gemis(const test_support::TempDir& dir, const std::string& args) {
  std::string out = dir.File("stdout"), err = dir.File("stderr");
  std::string command = std::string(GEMIS_BINARY) + " --lang en " + args + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = Slurp(out);
  outcome.err = Slurp(err);
  return outcome;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// One `gemis init` database for the suite; every test imports into a copy.
class OrgUnitExchangeCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new test_support::TempDir();
    Outcome init = Gemis(*suite_dir_, "init --db " + suite_dir_->File("vn.db"));
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  static void TearDownTestSuite() { delete suite_dir_; }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(suite_dir_->File("vn.db"))) << "gemis init failed";
    db_ = dir_.File("t.db");
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
  }

  Outcome Run(const std::string& args) { return Gemis(dir_, args); }
  int64_t Villages() {
    Outcome out = Run("export orgunits --db " + db_ + " --level village --as-of 2026-06-01");
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return std::count(out.out.begin(), out.out.end(), '\n') - 1;  // less the header
  }

  static test_support::TempDir* suite_dir_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* OrgUnitExchangeCommand::suite_dir_ = nullptr;

const char* kMixed =
    "code,name,level,parent_code,valid_from\n"
    "00769-01,Pả Vi Thượng,village,00769,2025-07-01\n"
    "00769-09,Sai,village,99999,2025-07-01\n";

TEST_F(OrgUnitExchangeCommand, ImportPrintsTheSummaryAndExitsZero) {
  Outcome out = Run("import orgunits " + kFixtures + "villages_vn_excel.csv --db " + db_);
  EXPECT_EQ(out.exit_code, 0) << out.err;
  nlohmann::json summary = out.Json();
  EXPECT_EQ(summary["status"], "SUCCESS");
  EXPECT_EQ(summary["importCount"]["imported"], 7);
  EXPECT_EQ(summary["dryRun"], false);
  EXPECT_EQ(Villages(), 7);
}

TEST_F(OrgUnitExchangeCommand, ConflictExitsOneNamingFileLineAndField) {
  Write(dir_.File("mixed.csv"), kMixed);
  Outcome out = Run("import orgunits " + dir_.File("mixed.csv") + " --db " + db_);
  EXPECT_EQ(out.exit_code, 1);
  nlohmann::json summary = out.Json();
  EXPECT_EQ(summary["status"], "ERROR");
  EXPECT_EQ(summary["importCount"]["imported"], 0);
  ASSERT_EQ(summary["conflicts"].size(), 1u);
  const nlohmann::json& c = summary["conflicts"][0];
  EXPECT_EQ(c["object"], "00769-09");
  EXPECT_EQ(c["value"], "99999");
  EXPECT_EQ(c["errorCode"], "E_OU_PARENT_NOT_FOUND");
  EXPECT_EQ(c["property"], "parentCode");
  EXPECT_EQ(c["line"], 3);
  EXPECT_EQ(c["indexes"], nlohmann::json::array({1}));
  EXPECT_THAT(out.err, HasSubstr("mixed.csv:3 field 'parentCode' [E_OU_PARENT_NOT_FOUND]: "
                                 "parent code '99999' names no unit on 2025-07-01"));
  EXPECT_EQ(Villages(), 0);
}

TEST_F(OrgUnitExchangeCommand, BestEffortExitsZeroWhenSomethingWasImported) {
  Write(dir_.File("mixed.csv"), kMixed);
  Outcome out = Run("import orgunits " + dir_.File("mixed.csv") + " --best-effort --db " + db_);
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.Json()["status"], "WARNING");
  EXPECT_EQ(Villages(), 1);
  // Now the good row is there (ignored) and the bad one still fails.
  out = Run("import orgunits " + dir_.File("mixed.csv") + " --best-effort --db " + db_);
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.Json()["status"], "ERROR");
  EXPECT_EQ(out.Json()["importCount"]["ignored"], 2);
}

TEST_F(OrgUnitExchangeCommand, DryRunWritesNothing) {
  Outcome out = Run("import orgunits " + kFixtures + "villages_vn_excel.csv --dry-run --db " + db_);
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.Json()["dryRun"], true);
  EXPECT_EQ(out.Json()["importCount"]["imported"], 7);
  EXPECT_EQ(Villages(), 0);
}

TEST_F(OrgUnitExchangeCommand, MalformedFilesExitOne) {
  for (const char* name :
       {"reject_unterminated_quote.csv", "reject_cp1258.csv", "reject_bad_json.json"}) {
    SCOPED_TRACE(name);
    Outcome out = Run("import orgunits " + kFixtures + name + " --db " + db_);
    EXPECT_EQ(out.exit_code, 1);
    EXPECT_EQ(out.Json()["status"], "ERROR");
    EXPECT_EQ(out.Json()["conflicts"][0]["property"], "file");
  }
  Outcome missing = Run("import orgunits " + dir_.File("nope.csv") + " --db " + db_);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.Json()["conflicts"][0]["message"].get<std::string>(),
              HasSubstr("cannot open"));
}

TEST_F(OrgUnitExchangeCommand, LegacyEncodedListsAreDecoded) {
  Result<std::string> tcvn3 = exchange::EncodeText(
      "code,name,level,parent_code,valid_from\n00769-01,Pả Vi Thượng,village,00769,2025-07-01\n",
      exchange::TextEncoding::kTcvn3);
  ASSERT_TRUE(tcvn3.ok());
  Write(dir_.File("abc.csv"), *tcvn3);
  Outcome out = Run("import orgunits " + dir_.File("abc.csv") + " --encoding tcvn3 --db " + db_);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  Outcome exported =
      Run("export orgunits --db " + db_ + " --level village --as-of 2026-06-01");
  EXPECT_THAT(exported.out, HasSubstr("Pả Vi Thượng"));
  // Bytes that are not TCVN3 text reject the file, naming where.
  Write(dir_.File("bad.csv"), std::string("code,name\n00769-02,P\x81\n"));
  Outcome bad = Run("import orgunits " + dir_.File("bad.csv") + " --encoding tcvn3 --db " + db_);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("bad.csv:2"));
}

TEST_F(OrgUnitExchangeCommand, UsageErrorsExitTwo) {
  Write(dir_.File("villages.xlsx"), "x");
  EXPECT_EQ(Run("import orgunits " + dir_.File("villages.xlsx") + " --db " + db_).exit_code, 2);
  EXPECT_EQ(Run("import orgunits --db " + db_).exit_code, 2);
  EXPECT_EQ(Run("export orgunits --db " + db_ + " --history --as-of 2025-01-01").exit_code, 2);
  EXPECT_EQ(Run("export orgunits --db " + db_ + " --level hamlet").exit_code, 2);
  EXPECT_EQ(Run("export orgunits --db " + db_ + " --format xml").exit_code, 2);
  EXPECT_EQ(Run("export orgunits --db " + db_ + " --as-of 2025-13-01").exit_code, 2);
}

TEST_F(OrgUnitExchangeCommand, MissingDatabaseOrParentExitsOne) {
  EXPECT_EQ(Run("export orgunits --db " + dir_.File("none.db")).exit_code, 1);
  Outcome out = Run("export orgunits --db " + db_ + " --parent 99999");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.err, HasSubstr("no unit has code '99999'"));
}

TEST_F(OrgUnitExchangeCommand, ExplicitFormatOverridesTheExtension) {
  Write(dir_.File("laos.txt"), Slurp(kFixtures + "laos_hierarchy.json"));
  Outcome init = Run("init --empty --db " + dir_.File("la.db"));
  ASSERT_EQ(init.exit_code, 0) << init.err;
  Outcome out =
      Run("import orgunits " + dir_.File("laos.txt") + " --format json --db " + dir_.File("la.db"));
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.Json()["importCount"]["imported"], 6);
}

// The whole real hierarchy with villages, exported, imported into an empty
// database and exported again (JSON round trips are tested in
// exchange/org_unit_export_test.cc, without the binary).
TEST_F(OrgUnitExchangeCommand, ExportImportRoundTripsThroughAnEmptyDatabase) {
  ASSERT_EQ(Run("import orgunits " + kFixtures + "villages_vn_excel.csv --db " + db_).exit_code, 0);
  Outcome exported = Run("export orgunits --db " + db_ + " --as-of 2026-06-01");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string file = dir_.File("all.csv"), empty = dir_.File("empty.db");
  Write(file, exported.out);
  ASSERT_EQ(Run("init --empty --db " + empty).exit_code, 0);
  Outcome imported = Run("import orgunits " + file + " --db " + empty);
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  constexpr int kUnits = 1 + 34 + 3321 + 7;  // centre, provinces, communes, villages
  EXPECT_EQ(imported.Json()["importCount"]["imported"], kUnits);
  Outcome again = Run("export orgunits --db " + empty + " --as-of 2026-06-01");
  EXPECT_TRUE(again.out == exported.out) << "the second export differs";
  // Back into the database it came from: every row is already there.
  Outcome back = Run("import orgunits " + file + " --db " + db_);
  EXPECT_EQ(back.exit_code, 0);
  EXPECT_EQ(back.Json()["importCount"]["imported"], 0);
  EXPECT_EQ(back.Json()["importCount"]["ignored"], kUnits);
}

}  // namespace
}  // namespace gemis::cli
