// End-to-end tests of `gemis orgunit show|search` on a database with the
// real units: the real binary, run as a child process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommand(args);
}

// One database with the real units for the whole suite (init takes ~1 s).
class OrgUnitCommand : public ::testing::Test {
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

  // `gemis orgunit <args> --db DB --format json`, parsed; fails the test
  // unless the command succeeds with JSON on stdout.
  static nlohmann::json Json(std::vector<std::string> args) {
    for (const char* extra : {"--db", db_.c_str(), "--format", "json"}) args.emplace_back(extra);
    args.insert(args.begin(), "orgunit");
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json out = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(out.is_discarded()) << r.out;
    return out;
  }
  static std::vector<std::string> Codes(const nlohmann::json& results) {
    std::vector<std::string> codes;
    for (const auto& item : results) codes.push_back(item.value("code", ""));
    return codes;
  }

  static test_support::TempDir* dir_;
  static std::string db_;
  static CommandResult* init_;
};

test_support::TempDir* OrgUnitCommand::dir_ = nullptr;
std::string OrgUnitCommand::db_;
CommandResult* OrgUnitCommand::init_ = nullptr;

TEST_F(OrgUnitCommand, ShowsCaoBangWithItsDistrictsIn2024) {
  nlohmann::json j = Json({"show", "04", "--as-of", "2024-06-30"});
  EXPECT_EQ(j["code"], "04");
  EXPECT_EQ(j["name"], "Cao Bằng");
  EXPECT_EQ(j["fullName"], "Tỉnh Cao Bằng");
  EXPECT_EQ(j["level"], "province");
  EXPECT_EQ(j["unitType"], "Tỉnh");
  EXPECT_EQ(j["parent"], "VN");
  EXPECT_TRUE(j["validFrom"].is_null());
  EXPECT_TRUE(j["validTo"].is_null());
  EXPECT_EQ(j["children"], nlohmann::json({"040", "042", "043", "045", "047", "048", "049", "051",
                                           "052", "053"}));
  EXPECT_EQ(j["events"], nlohmann::json::array()) << "Cao Bằng was neither merged nor renamed";
  EXPECT_TRUE(j["uid"].is_string());
}

TEST_F(OrgUnitCommand, ShowsCaoBangWithCommunesDirectlyUnderItIn2026) {
  nlohmann::json j = Json({"show", "04", "--as-of", "2026-11-01"});
  EXPECT_EQ(j["children"].size(), 56u);
  for (const auto& code : j["children"]) EXPECT_EQ(code.get<std::string>().size(), 5u) << code;
}

TEST_F(OrgUnitCommand, ShowsKonTumMergedIntoQuangNgai) {
  nlohmann::json j = Json({"show", "62", "--as-of", "2024-06-30"});
  EXPECT_EQ(j["name"], "Kon Tum");
  EXPECT_EQ(j["validTo"], "2025-06-30");
  std::vector<std::string> successors;
  for (const auto& e : j["events"]) {
    if (e["kind"] != "merge") continue;
    EXPECT_EQ(e["date"], "2025-07-01");
    for (const auto& s : e.value("successors", nlohmann::json::array())) {
      successors.push_back(s["code"]);
    }
  }
  EXPECT_THAT(successors, ElementsAre("51"));
}

TEST_F(OrgUnitCommand, ShowsTheNewQuangNgaiWithItsPredecessors) {
  nlohmann::json j = Json({"show", "51", "--as-of", "2026-11-01"});
  EXPECT_EQ(j["validFrom"], "2025-07-01");
  ASSERT_EQ(j["events"].size(), 1u) << j["events"].dump();
  EXPECT_EQ(j["events"][0]["kind"], "merge");
  EXPECT_THAT(Codes(j["events"][0]["predecessors"]), UnorderedElementsAre("51", "62"));
}

TEST_F(OrgUnitCommand, ShowsAUnitByUid) {
  std::string uid = Json({"show", "04", "--as-of", "2024-06-30"})["uid"];
  EXPECT_EQ(Json({"show", uid, "--as-of", "2024-06-30"})["code"], "04");
}

TEST_F(OrgUnitCommand, ShowsTextByDefault) {
  CommandResult r = Gemis({"orgunit", "show", "04", "--db", db_, "--as-of", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Tỉnh Cao Bằng (04, province"));
  EXPECT_THAT(r.out, HasSubstr("children (10): 040 042"));
}

TEST_F(OrgUnitCommand, ShowOfAnUnknownCodeNamesIt) {
  CommandResult r = Gemis({"orgunit", "show", "99", "--db", db_, "--as-of", "2024-06-30"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("'99'"));
  EXPECT_EQ(r.out, "");
}

TEST_F(OrgUnitCommand, ShowOfACodeUsedOnlyBeforeSaysWhen) {
  // 040 Thành phố Cao Bằng, a district abolished on 1/7/2025.
  CommandResult r = Gemis({"orgunit", "show", "040", "--db", db_, "--as-of", "2026-01-01"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("'040'"));
  EXPECT_THAT(r.err, HasSubstr("Thành phố Cao Bằng"));
  EXPECT_THAT(r.err, HasSubstr("2025-06-30"));
}

TEST_F(OrgUnitCommand, SearchIgnoresDiacritics) {
  nlohmann::json results = Json({"search", "cao bang"});
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0]["fullName"], "Tỉnh Cao Bằng");
  EXPECT_EQ(results[0]["code"], "04");
}

TEST_F(OrgUnitCommand, SearchIgnoresTheToneMarkPlacement) {
  nlohmann::json new_style = Json({"search", "Hoà Bình", "--as-of", "2024-01-01"});
  nlohmann::json old_style = Json({"search", "Hòa Bình", "--as-of", "2024-01-01"});
  EXPECT_EQ(new_style, old_style);
  EXPECT_THAT(Codes(old_style), Contains("17"));   // Tỉnh Hoà Bình
  EXPECT_THAT(Codes(old_style), Contains("148"));  // Thành phố Hòa Bình
  EXPECT_EQ(old_style[0]["code"], "17") << "provinces come first";
}

TEST_F(OrgUnitCommand, SearchHonoursTheDateAndTheLimit) {
  EXPECT_THAT(Codes(Json({"search", "Kon Tum", "--as-of", "2024-01-01"})), Contains("62"));
  EXPECT_THAT(Codes(Json({"search", "Kon Tum", "--as-of", "2026-01-01"})),
              ::testing::Not(Contains("62")));
  EXPECT_EQ(Json({"search", "xa", "--limit", "3", "--as-of", "2026-01-01"}).size(), 3u);
  EXPECT_EQ(Json({"search", "zzzz qqqq"}), nlohmann::json::array());
}

TEST_F(OrgUnitCommand, UsageErrorsExitWith2) {
  EXPECT_EQ(Gemis({"orgunit", "show", "04"}).exit_code, 2) << "missing --db";
  EXPECT_EQ(Gemis({"orgunit", "show", "--db", db_}).exit_code, 2) << "missing code";
  EXPECT_EQ(Gemis({"orgunit"}).exit_code, 2) << "missing subcommand";
  EXPECT_EQ(Gemis({"orgunit", "frobnicate", "--db", db_}).exit_code, 2);
  CommandResult bad = Gemis({"orgunit", "show", "04", "--db", db_, "--format", "csv"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--format"));
  EXPECT_EQ(Gemis({"orgunit", "search", "x", "--db", db_, "--limit", "many"}).exit_code, 2);
}

TEST_F(OrgUnitCommand, BadAsOfDateNamesTheOption) {
  for (const char* command : {"show", "search"}) {
    CommandResult r = Gemis({"orgunit", command, "04", "--db", db_, "--as-of", "31/12/2024"});
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_THAT(r.err, HasSubstr("--as-of")) << command;
  }
}

TEST_F(OrgUnitCommand, LangEnSwitchesTheErrorPrefixToEnglish) {
  CommandResult r = Gemis({"--lang", "en", "orgunit", "show", "99", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::StartsWith("gemis: error: "));
}

TEST_F(OrgUnitCommand, HelpOfEverySubcommandExitsZero) {
  for (std::vector<std::string> args : {std::vector<std::string>{"orgunit", "--help"},
                                        {"orgunit", "show", "--help"},
                                        {"orgunit", "search", "--help"}}) {
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << args.back();
    EXPECT_THAT(r.out, HasSubstr("--")) << args.back();
  }
  EXPECT_THAT(Gemis({"orgunit", "show", "--help"}).out, HasSubstr("--as-of"));
}

}  // namespace
}  // namespace gemis::cli
