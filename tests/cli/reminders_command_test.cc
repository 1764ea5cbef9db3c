// `gemis reminders send` end to end on a database made by `gemis init`:
// Kon Tum city's annual report for 2024 (due before 10/11, a Sunday: the
// last day is Monday 11/11). Three days before, the commune officers are
// reminded, once however often the command runs; after the deadline the
// overdue ones go out, with the city's summary, and by email to those who
// have an address, through a real SMTP sink; bad options are refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/run_command.h"
#include "support/smtp_sink.h"
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

constexpr const char* kMetadata = R"({
  "dataElements": [{"code": "P8_TTCD_TO", "name": "Tổ truyền thông cộng đồng",
                    "shortName": "Tổ truyền thông", "valueType": "INTEGER_ZERO_OR_POSITIVE",
                    "aggregationType": "SUM", "categoryCombo": "default"}],
  "dataSets": [{"code": "P8_BC_NAM", "name": "Báo cáo năm Dự án 8", "periodType": "Yearly",
                "dataSetElements": [{"dataElement": {"code": "P8_TTCD_TO"}}]}]})";

constexpr const char* kTypes = R"({"format": "gemis-report-types/1", "reportTypes": [
  {"code": "KT-BC-NAM", "name": "Báo cáo năm kết quả thực hiện Dự án 8",
   "dataSet": "P8_BC_NAM", "periodType": "Yearly", "area": "62",
   "deadlines": [{"level": "commune", "monthOffset": -1, "day": 10},
                 {"level": "district", "monthOffset": -1, "day": 10}]}]})";

class RemindersCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    const std::string db = shared_->File("r.db");
    CommandResult init = Gemis({"init", "--db", db});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    std::ofstream(shared_->File("m.json"), std::ios::binary) << kMetadata;
    std::ofstream(shared_->File("t.json"), std::ios::binary) << kTypes;
    for (std::vector<std::string> args :
         {std::vector<std::string>{"import", "metadata", shared_->File("m.json"), "--db", db},
          {"calendar", "import", std::string(GEMIS_DATA_DIR) + "/calendar/vn-days-off.json", "--db",
           db},
          {"reporttype", "import", shared_->File("t.json"), "--db", db}}) {
      CommandResult r = Gemis(args);
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
    // Two communes of the city (one without email) and the city.
    const std::vector<std::array<std::string, 4>> users = {
        {"xa.ngomay", "commune_officer", "23296", "ngomay@hoi.vn"},
        {"xa.hoabinh", "commune_officer", "23338", ""},
        {"tp.kontum", "district_officer", "608", "tpkontum@hoi.vn"}};
    for (const auto& [name, role, unit, email] : users) {
      std::vector<std::string> args = {GEMIS_BINARY,  "user",
                                       "add",         name,
                                       "--db",        db,
                                       "--role",      role,
                                       "--entry",     unit,
                                       "--view",      unit,
                                       "--fast-hash", "--password-stdin"};
      if (!email.empty()) args.insert(args.end(), {"--email", email});
      CommandResult r =
          test_support::RunCommandWithInput(args, "Mat-khau-du-dai-2024", shared_->path());
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    db_ = dir_.File("g.db");
    fs::copy_file(shared_->File("r.db"), db_);
  }
  CommandResult Send(const std::string& at, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"reminders", "send", "--at", at, "--db", db_};
    args.insert(args.end(), more.begin(), more.end());
    return Gemis(args);
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* RemindersCommand::shared_ = nullptr;

TEST_F(RemindersCommand, SendsEachReminderOnce) {
  CommandResult early = Send("2024-11-07T09:00");
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_EQ(early.out, "No new reminders\n");

  CommandResult soon = Send("2024-11-08T09:00");
  ASSERT_EQ(soon.exit_code, 0) << soon.err;
  EXPECT_THAT(soon.out,
              HasSubstr("dueSoon to xa.ngomay: Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – "));
  EXPECT_THAT(soon.out, HasSubstr("dueSoon to xa.hoabinh: "));
  EXPECT_THAT(soon.out, HasSubstr("dueSoon to tp.kontum: "));  // the city's own report
  EXPECT_THAT(soon.out, HasSubstr("3 reminders sent (0 emails, 0 emails failed)"));

  CommandResult again = Send("2024-11-08T10:00");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "No new reminders\n");

  // In Vietnamese, the default.
  CommandResult late = Gemis({"reminders", "send", "--at", "2024-11-12T09:00", "--db", db_}, "vi");
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_THAT(late.out, HasSubstr("overdue → xa.ngomay: Quá hạn nộp báo cáo KT-BC-NAM 2024"));
  EXPECT_THAT(late.out, HasSubstr("missingSummary → tp.kontum: "));
  EXPECT_THAT(late.out, HasSubstr("Đã gửi 4 nhắc nhở"));
}

TEST_F(RemindersCommand, BeforeDaysWidensTheWindow) {
  CommandResult week = Send("2024-11-04T09:00", {"--before-days", "7"});
  ASSERT_EQ(week.exit_code, 0) << week.err;
  EXPECT_THAT(week.out, HasSubstr("3 reminders sent"));
}

TEST_F(RemindersCommand, MailsThoseWithAnAddressThroughSmtp) {
  test_support::SmtpSink sink;
  CommandResult late =
      Send("2024-11-12T09:00", {"--smtp-url", sink.url(), "--smtp-from", "gemis@hoilhpn.org.vn",
                                "--public-url", "https://gemis.hoilhpn.org.vn"});
  ASSERT_EQ(late.exit_code, 0) << late.err;
  // Overdue to the two communes and the city, the city's summary: three
  // of them to an address.
  EXPECT_THAT(late.out, HasSubstr("4 reminders sent (3 emails, 0 emails failed)"));
  std::vector<test_support::SmtpSink::Mail> mails = sink.mails();
  ASSERT_EQ(mails.size(), 3u);
  std::multiset<std::string> to;
  for (const auto& m : mails) {
    EXPECT_EQ(m.from, "gemis@hoilhpn.org.vn");
    ASSERT_EQ(m.rcpt.size(), 1u);
    to.insert(m.rcpt[0]);
    EXPECT_THAT(m.data, HasSubstr("Subject: =?UTF-8?B?"));
  }
  EXPECT_EQ(to,
            (std::multiset<std::string>{"ngomay@hoi.vn", "tpkontum@hoi.vn", "tpkontum@hoi.vn"}));
}

TEST_F(RemindersCommand, AMailServerThatIsDownStopsNoInboxNotice) {
  unsigned short port = 0;
  {
    test_support::SmtpSink gone;
    port = gone.port();
  }
  CommandResult late =
      Send("2024-11-12T09:00", {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(port),
                                "--smtp-from", "gemis@hoilhpn.org.vn"});
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_THAT(late.out, HasSubstr("4 reminders sent (0 emails, 3 emails failed)"));
  EXPECT_THAT(late.err, HasSubstr("smtp: overdue to xa.ngomay not delivered"));
  EXPECT_THAT(late.err, Not(HasSubstr("ngomay@hoi.vn")));
  EXPECT_EQ(Send("2024-11-12T10:00").out, "No new reminders\n");
}

TEST_F(RemindersCommand, RefusesBadOptions) {
  CommandResult at = Send("yesterday");
  EXPECT_NE(at.exit_code, 0);
  EXPECT_THAT(at.err, HasSubstr("--at"));
  CommandResult from = Send("2024-11-12T09:00", {"--smtp-url", "smtp://127.0.0.1:25"});
  EXPECT_NE(from.exit_code, 0);
  EXPECT_THAT(from.err, HasSubstr("--smtp-from"));
  CommandResult scheme = Send("2024-11-12T09:00",
                              {"--smtp-url", "http://mail", "--smtp-from", "gemis@hoilhpn.org.vn"});
  EXPECT_NE(scheme.exit_code, 0);
  EXPECT_THAT(scheme.err, HasSubstr("smtp://"));
  CommandResult password =
      Send("2024-11-12T09:00",
           {"--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "gemis@hoilhpn.org.vn",
            "--smtp-user", "gemis", "--smtp-password-file", dir_.File("none")});
  EXPECT_NE(password.exit_code, 0);
  EXPECT_THAT(password.err, HasSubstr("--smtp-password-file"));
  CommandResult days = Send("2024-11-12T09:00", {"--before-days", "-1"});
  EXPECT_NE(days.exit_code, 0);
  CommandResult nodb = Gemis({"reminders", "send", "--db", dir_.File("missing.db")});
  EXPECT_NE(nodb.exit_code, 0);
}

}  // namespace
}  // namespace gemis::cli
