// `gemis case …` end to end on a copy of the demo (its trusted addresses in
// Cao Bằng): import with consent checks, sealed identifying fields, every
// read audited without them, referrals only with consent, figures only
// from five consenting cases up, and case teams refused to users who do not
// hold read_confidential.
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
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

class CaseCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult demo = Gemis({"demo", "--db", shared_->File("demo.db")});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    db_ = dir_.File("g.db");
    fs::copy_file(shared_->File("demo.db"), db_);
    fs::copy_file(shared_->File("demo.db.key"), db_ + ".key");
  }
  CommandResult Import(const std::vector<nlohmann::json>& cases) {
    std::string path = dir_.File("c.json");
    std::ofstream(path, std::ios::binary)
        << nlohmann::json{{"format", "gemis-cases/1"}, {"cases", cases}}.dump();
    return Gemis({"case", "import", path, "--db", db_});
  }
  // A violence case at CB-DCTC-0001 with consent for services (and for
  // reporting when `reporting`).
  static nlohmann::json Case(int n, bool reporting = true) {
    const std::string day = "2024-04-0" + std::to_string(n);
    nlohmann::json consents = {{{"purpose", "services"}, {"given", true}, {"day", day}}};
    if (reporting) consents.push_back({{"purpose", "reporting"}, {"given", true}, {"day", day}});
    return {{"code", "DCTC1-2024-" + std::to_string(n)},
            {"kind", "violence"},
            {"address", "CB-DCTC-0001"},
            {"opened", day},
            {"survivorName", "Nông Thị Lan " + std::to_string(n)},
            {"contact", "qua chị Hoa, chủ nhiệm"},
            {"narrative", "Chạy sang nhà bà Vi lúc 2 giờ sáng"},
            {"age", 31},
            {"ethnicity", "ETHNIC_03"},
            {"incidents", {"physical_assault"}},
            {"consents", consents},
            {"services", {{{"service", "safety"}, {"day", day}}}}};
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* CaseCommand::shared_ = nullptr;

TEST_F(CaseCommand, ImportsListsAndSealsTheIdentity) {
  CommandResult r = Import({Case(1), Case(2)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Cases saved: 2 new, 0 updated, 0 unchanged"));
  EXPECT_THAT(r.out, HasSubstr("2 case(s) not in any figure"));
  r = Gemis({"case", "list", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Nông Thị Lan 1"));
  EXPECT_THAT(r.out, HasSubstr("CB-DCTC-0001"));
  // The names are not in the database file in clear.
  std::ifstream in(db_, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("Nông Thị Lan"), std::string::npos);
  EXPECT_EQ(bytes.find("nhà bà Vi lúc"), std::string::npos);
  // Without the key: sealed, and a new name is refused.
  fs::remove(db_ + ".key");
  r = Gemis({"case", "show", "DCTC1-2024-1", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json shown = nlohmann::json::parse(r.out);
  EXPECT_TRUE(shown["identitySealed"].get<bool>());
  EXPECT_TRUE(shown["survivorName"].is_null());
  r = Import({Case(3)});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("survivorName"));
}

TEST_F(CaseCommand, AServiceWithoutConsentIsRefusedAtItsPlace) {
  nlohmann::json c = Case(1);
  c["consents"] = nlohmann::json::array();
  CommandResult r = Import({c});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("/cases/0/services/0"));
  EXPECT_THAT(r.err, HasSubstr("consent for services"));
  c = Case(1);
  c["address"] = "CB-TTCD-0001";  // not a trusted address
  r = Import({c});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("/cases/0/address"));
}

TEST_F(CaseCommand, AReferralNeedsConsentAndLeavesTheAccountBehind) {
  ASSERT_EQ(Import({Case(1)}).exit_code, 0);
  CommandResult r =
      Gemis({"case", "refer", "DCTC1-2024-1", "--to", "Bệnh viện huyện", "--db", db_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("no consent for referral"));
  nlohmann::json c = Case(1);
  c["consents"].push_back({{"purpose", "referral"}, {"given", true}, {"day", "2024-04-02"}});
  ASSERT_EQ(Import({c}).exit_code, 0);
  r = Gemis({"case", "refer", "DCTC1-2024-1", "--to", "Bệnh viện huyện", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json sheet = nlohmann::json::parse(r.out);
  EXPECT_EQ(sheet["survivorName"], "Nông Thị Lan 1");
  EXPECT_FALSE(sheet.contains("narrative"));
}

TEST_F(CaseCommand, FiguresNeedFiveConsentingCasesAndTheDrillDownNamesNone) {
  ASSERT_EQ(Import({Case(1), Case(2), Case(3), Case(4), Case(5, false)}).exit_code, 0);
  auto explain = [&] {
    return Gemis(
        {"figures", "explain", "--db", db_, "--dx", "P8_DCTC_CA", "--pe", "2024", "--ou", "04"});
  };
  CommandResult r = explain();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("Confidential cases behind")));  // four consent: suppressed
  CommandResult five = Import({Case(1), Case(2), Case(3), Case(4), Case(5, true)});
  ASSERT_EQ(five.exit_code, 0) << five.err;
  EXPECT_THAT(five.out, Not(HasSubstr("not in any figure")));
  r = explain();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Confidential cases behind the figure (not listed): 5"));
  EXPECT_THAT(r.out, Not(HasSubstr("DCTC1-2024")));
}

TEST_F(CaseCommand, TeamsAreForUsersWhoHoldReadConfidential) {
  CommandResult r = Gemis({"case", "team", "grant", "CB-DCTC-0001", "admin", "--db", db_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, AnyOf(HasSubstr("does not hold read_confidential"), HasSubstr("no user")));
  r = Gemis({"case", "team", "list", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace gemis::cli
