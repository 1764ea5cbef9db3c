// `gemis beneficiary …` end to end on a copy of the demo (with its synthetic
// safe-birth register for Kon Tum city): eligibility with reasons, findings,
// coverage figures that follow the records, and the field key — sealed
// names without it, a key file others can read refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

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

class BeneficiaryCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult demo = Gemis({"demo", "--db", shared_->File("demo.db")});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    ASSERT_THAT(demo.out, HasSubstr("Births saved: 156 new"));
    ASSERT_THAT(demo.err, HasSubstr("Field key created"));
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
  CommandResult Import(const std::string& body) {
    std::string path = dir_.File("b.json");
    std::ofstream(path, std::ios::binary) << body;
    return Gemis({"beneficiary", "import", path, "--db", db_});
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* BeneficiaryCommand::shared_ = nullptr;

constexpr const char* kKinhMother = R"({"format": "gemis-safe-births/1", "births": [
  {"code": "NEW-SDAT-1", "motherName": "Nguyễn Thị Hồng", "motherBirthDate": "1999-02-11",
   "ethnicity": "ETHNIC_01", "commune": "23314", "birthDate": "2024-10-02",
   "atHealthFacility": true, "withinPopulationPolicy": true,
   "payments": [{"package": "supplies", "day": "2024-10-03", "amount": 700000}]}]})";

TEST_F(BeneficiaryCommand, TheKeyFileIsPrivateAndBesideTheDatabase) {
  struct stat st {};
  ASSERT_EQ(::stat(shared_->File("demo.db.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  fs::permissions(db_ + ".key", fs::perms::group_read, fs::perm_options::add);
  CommandResult r = Gemis({"beneficiary", "list", "--db", db_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr(db_ + ".key"));
}

TEST_F(BeneficiaryCommand, ShowsEachRuleWithItsReason) {
  CommandResult r =
      Gemis({"beneficiary", "list", "--db", db_, "--unit", "608", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list.size(), 156u);
  int eligible = 0, unknown = 0;
  for (const auto& b : list) {
    EXPECT_THAT(b["note"].get<std::string>(), HasSubstr("Dữ liệu minh hoạ"));
    EXPECT_TRUE(b["motherName"].is_string());
    eligible += b["eligibility"]["eligible"].get<bool>() ? 1 : 0;
    for (const auto& rule : b["eligibility"]["rules"]) {
      EXPECT_FALSE(rule["reason"].get<std::string>().empty());
      unknown += rule["outcome"] == "unknown" ? 1 : 0;
    }
  }
  EXPECT_EQ(eligible, 134);
  EXPECT_GT(unknown, 0);
  CommandResult table = Gemis({"beneficiary", "list", "--db", db_, "--unit", "608"}, "vi");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("đủ điều kiện"));
  EXPECT_THAT(table.out, HasSubstr("106/134/156"));
}

TEST_F(BeneficiaryCommand, AnIneligibleBirthIsFlaggedAndCountsOnlyAsABirth) {
  CommandResult r = Import(kKinhMother);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Births saved: 1 new"));
  EXPECT_THAT(r.out, HasSubstr("NEW-SDAT-1 PAYMENT_OVER_NORM"));
  EXPECT_THAT(r.out, HasSubstr("NEW-SDAT-1 PAID_NOT_ELIGIBLE"));
  CommandResult shown = Gemis({"beneficiary", "show", "NEW-SDAT-1", "--db", db_});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  nlohmann::json j = nlohmann::json::parse(shown.out);
  EXPECT_FALSE(j["eligibility"]["eligible"]);
  EXPECT_EQ(j["eligibility"]["rules"][0]["outcome"], "failed");
  EXPECT_EQ(j["eligibility"]["rules"][0]["reason"], "Người mẹ là người Kinh");
  EXPECT_EQ(j["motherName"], "Nguyễn Thị Hồng");
  // The drill-down of the commune's money names birth codes, not mothers.
  CommandResult why = Gemis({"figures", "explain", "--db", db_, "--dx", "P8_SDAT_KINH_PHI", "--pe",
                             "2024", "--ou", "23314"});
  ASSERT_EQ(why.exit_code, 0) << why.err;
  EXPECT_THAT(why.out, HasSubstr("NEW-SDAT-1"));
  EXPECT_THAT(why.out, Not(HasSubstr("Nguyễn Thị Hồng")));
  ASSERT_EQ(Gemis({"beneficiary", "delete", "NEW-SDAT-1", "--db", db_}).exit_code, 0);
  EXPECT_THAT(Gemis({"figures", "explain", "--db", db_, "--dx", "P8_SDAT_KINH_PHI", "--pe", "2024",
                     "--ou", "23314"})
                  .out,
              Not(HasSubstr("NEW-SDAT-1")));
}

TEST_F(BeneficiaryCommand, WithoutTheKeyNamesAreSealedAndCannotBeWritten) {
  fs::remove(db_ + ".key");
  CommandResult list = Gemis({"beneficiary", "list", "--db", db_, "--unit", "608"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("(sealed: needs the key)"));
  EXPECT_THAT(list.out, HasSubstr("106/134/156"));  // the figures need no key
  CommandResult exported = Gemis({"beneficiary", "export", "--db", db_});
  EXPECT_NE(exported.exit_code, 0);
  EXPECT_THAT(exported.err, HasSubstr("sealed"));
  CommandResult refused = Import(kKinhMother);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("motherName"));
  EXPECT_NE(Gemis({"beneficiary", "show", "NEW-SDAT-1", "--db", db_}).exit_code, 0);
}

TEST_F(BeneficiaryCommand, ErrorsNameFileLineAndPointerAndWriteNothing) {
  std::string bad = kKinhMother;
  bad.replace(bad.find("\"supplies\""), 10, "\"diapers\"");
  CommandResult r = Import(bad);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("b.json:5"));
  EXPECT_THAT(r.err, HasSubstr("/births/0/payments/0/package"));
  EXPECT_NE(Gemis({"beneficiary", "show", "NEW-SDAT-1", "--db", db_}).exit_code, 0);
}

TEST_F(BeneficiaryCommand, ExportImportsBackUnchanged) {
  CommandResult out = Gemis({"beneficiary", "export", "--db", db_, "--unit", "23314"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  nlohmann::json file = nlohmann::json::parse(out.out);
  const size_t n = file["births"].size();
  ASSERT_GT(n, 0u);
  EXPECT_FALSE(file["births"][0].contains("eligibility"));
  CommandResult back = Import(out.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_THAT(back.out,
              HasSubstr("Births saved: 0 new, 0 updated, " + std::to_string(n) + " unchanged"));
}

}  // namespace
}  // namespace gemis::cli
