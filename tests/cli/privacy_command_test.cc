// `gemis privacy …` end to end on a database made by `gemis init` with two
// births in the safe-birth register: a data subject's access and erasure
// requests answered (what is kept and why), the breach log's 72 hours, and
// retention erasing what is past its period.
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
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

constexpr const char* kBirths = R"({"format": "gemis-safe-births/1", "births": [
  {"code": "KT-1", "motherName": "Y Hnim", "motherBirthDate": "1998-03-02",
   "ethnicity": "ETHNIC_24", "commune": "23314", "birthDate": "2024-08-02",
   "atHealthFacility": true, "withinPopulationPolicy": true,
   "payments": [{"package": "supplies", "day": "2024-08-03", "amount": 500000}]},
  {"code": "KT-2", "motherName": "Y Blơng", "motherAge": 27,
   "ethnicity": "ETHNIC_24", "commune": "23314", "birthDate": "2013-05-10"}]})";

class PrivacyCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult init = Gemis({"init", "--db", shared_->File("p.db")});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    std::string births = shared_->File("births.json");
    std::ofstream(births, std::ios::binary) << kBirths;
    CommandResult imported =
        Gemis({"beneficiary", "import", births, "--db", shared_->File("p.db")});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    db_ = dir_.File("g.db");
    fs::copy_file(shared_->File("p.db"), db_);
    fs::copy_file(shared_->File("p.db.key"), db_ + ".key");
  }
  CommandResult Privacy(std::vector<std::string> args, const std::string& lang = "en") {
    args.insert(args.begin(), "privacy");
    args.push_back("--db");
    args.push_back(db_);
    return Gemis(args, lang);
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* PrivacyCommand::shared_ = nullptr;

TEST_F(PrivacyCommand, RegistersSayWhatTheyAreForInVietnameseFirst) {
  CommandResult vi = Privacy({"registers"}, "vi");
  ASSERT_EQ(vi.exit_code, 0) << vi.err;
  EXPECT_THAT(vi.out, HasSubstr("Sổ hỗ trợ sinh đẻ an toàn (safe_birth)"));
  EXPECT_THAT(vi.out, HasSubstr("Căn cứ pháp lý: Thông tư 15/2022/TT-BTC"));
  EXPECT_THAT(vi.out, HasSubstr("Thời hạn lưu thông tin định danh: 10 năm"));
  EXPECT_THAT(vi.out, HasSubstr("Không có thời hạn lưu riêng"));
  CommandResult en = Privacy({"registers"});
  EXPECT_THAT(en.out, HasSubstr("Purpose: Decide eligibility for and pay"));
  ASSERT_EQ(Privacy({"retention", "set", "case", "7"}).exit_code, 0);
  CommandResult json = Privacy({"registers", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json registers = nlohmann::json::parse(json.out);
  ASSERT_EQ(registers.size(), 3u);
  EXPECT_EQ(registers[2]["register"], "case");
  EXPECT_EQ(registers[2]["retentionYears"], 7);
  EXPECT_THAT(registers[2]["legalBasis"].get<std::string>(), HasSubstr("13/2023/NĐ-CP"));
}

TEST_F(PrivacyCommand, AccessRequestHandsOverTheRecord) {
  CommandResult added = Privacy({"request", "add", "--register", "safe_birth", "--code", "KT-1",
                                 "--kind", "access", "--received", "2026-11-20T08:30"},
                                "vi");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("Đã ghi nhận yêu cầu số 1"));
  EXPECT_THAT(added.out, HasSubstr("23/11/2026 08:30"));  // 72 hours later, Vietnam time
  const std::string out = dir_.File("access.json");
  CommandResult answered = Privacy({"request", "answer", "1", "--out", out});
  ASSERT_EQ(answered.exit_code, 0) << answered.err;
  std::ifstream in(out);
  nlohmann::json given = nlohmann::json::parse(in);
  EXPECT_EQ(given["record"]["motherName"], "Y Hnim");
  EXPECT_EQ(given["processing"][0]["action"], "create");
  CommandResult list = Privacy({"request", "list", "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  nlohmann::json listed = nlohmann::json::parse(list.out);
  EXPECT_EQ(listed["requests"][0]["kind"], "access");
  EXPECT_NE(listed["requests"][0]["answered"], nullptr);
  // Answered twice: refused.
  EXPECT_NE(Privacy({"request", "answer", "1"}).exit_code, 0);
  // No such record, no such register.
  CommandResult missing = Privacy(
      {"request", "add", "--register", "safe_birth", "--code", "KT-9", "--kind", "erasure"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("KT-9"));
  CommandResult bad =
      Privacy({"request", "add", "--register", "users", "--code", "KT-1", "--kind", "erasure"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("safe_birth, cadre, case"));
  CommandResult when = Privacy({"request", "add", "--register", "safe_birth", "--code", "KT-1",
                                "--kind", "access", "--received", "20/11/2026"});
  EXPECT_NE(when.exit_code, 0);
  EXPECT_THAT(when.err, HasSubstr("--received"));
}

TEST_F(PrivacyCommand, ErasureKeepsThePaymentsAndSaysWhy) {
  ASSERT_EQ(
      Privacy({"request", "add", "--register", "safe_birth", "--code", "KT-1", "--kind", "erasure"})
          .exit_code,
      0);
  CommandResult answered = Privacy({"request", "answer", "1", "--note", "xoá theo đơn"});
  ASSERT_EQ(answered.exit_code, 0) << answered.err;
  EXPECT_THAT(answered.out, HasSubstr("Erased: motherName, motherBirthDate"));
  EXPECT_THAT(answered.out, HasSubstr("Kept payments: "));
  EXPECT_THAT(answered.out, HasSubstr("Law on Accounting"));
  CommandResult shown = Gemis({"beneficiary", "list", "--db", db_});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, Not(HasSubstr("Y Hnim")));
  EXPECT_THAT(shown.out, HasSubstr("(erased under data protection)"));
  EXPECT_THAT(shown.out, HasSubstr("Y Blơng"));
  // The register still exports (the erased birth without a name) and imports back.
  std::string file = dir_.File("export.json");
  CommandResult exported = Gemis({"beneficiary", "export", "--db", db_});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.out, Not(HasSubstr("Y Hnim")));
  std::ofstream(file, std::ios::binary) << exported.out;
  CommandResult back = Gemis({"beneficiary", "import", file, "--db", db_});
  EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
  EXPECT_THAT(Gemis({"beneficiary", "list", "--db", db_}).out, Not(HasSubstr("Y Hnim")));
}

TEST_F(PrivacyCommand, BreachesAreNotifiedWithin72Hours) {
  CommandResult added = Privacy({"breach", "add", "--detected", "2026-11-20T08:00", "--description",
                                 "Danh sách chi trả gửi nhầm thư điện tử", "--registers",
                                 "safe_birth", "--subjects", "2"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("notify the authority by 23/11/2026 08:00"));
  CommandResult late =
      Privacy({"breach", "notify", "1", "--to", "A05, Bộ Công an", "--at", "2026-11-24T09:00"});
  EXPECT_NE(late.exit_code, 0);
  EXPECT_THAT(late.err, HasSubstr("72 hours"));
  CommandResult notified =
      Privacy({"breach", "notify", "1", "--to", "A05, Bộ Công an", "--at", "2026-11-24T09:00",
               "--late-reason", "Không liên lạc được cán bộ phụ trách"});
  ASSERT_EQ(notified.exit_code, 0) << notified.err;
  EXPECT_THAT(notified.out, HasSubstr("notified_late"));
  CommandResult list = Privacy({"breach", "list", "--format", "json"});
  nlohmann::json listed = nlohmann::json::parse(list.out);
  EXPECT_EQ(listed["breaches"][0]["state"], "notified_late");
  EXPECT_EQ(listed["breaches"][0]["subjects"], 2);
  EXPECT_NE(Privacy({"breach", "add", "--description", "x", "--registers", "birth"}).exit_code, 0);
}

TEST_F(PrivacyCommand, RetentionErasesWhatIsPastItsPeriod) {
  CommandResult shown = Privacy({"retention", "show"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("safe_birth"));
  CommandResult dry = Privacy({"retention", "apply", "--dry-run", "--as-of", "2026-01-01"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("would erase the identifying fields of 1 births"));
  EXPECT_THAT(dry.out, HasSubstr("safe_birth KT-2"));
  EXPECT_THAT(Gemis({"beneficiary", "list", "--db", db_}).out, HasSubstr("Y Blơng"));
  ASSERT_EQ(Privacy({"retention", "set", "safe_birth", "20"}).exit_code, 0);
  CommandResult none = Privacy({"retention", "apply", "--as-of", "2026-01-01"});
  EXPECT_THAT(none.out, HasSubstr("erased: 0 births"));
  ASSERT_EQ(Privacy({"retention", "set", "safe_birth", "10"}).exit_code, 0);
  CommandResult done = Privacy({"retention", "apply", "--as-of", "2026-01-01"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_THAT(done.out, HasSubstr("erased: 1 births"));
  CommandResult listed = Gemis({"beneficiary", "list", "--db", db_});
  EXPECT_THAT(listed.out, Not(HasSubstr("Y Blơng")));
  EXPECT_THAT(listed.out, HasSubstr("Y Hnim"));
  EXPECT_NE(Privacy({"retention", "set", "cadre", "5"}).exit_code, 0);
  EXPECT_NE(Privacy({"retention", "set", "case", "0"}).exit_code, 0);
}

}  // namespace
}  // namespace gemis::cli
