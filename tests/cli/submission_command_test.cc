// `gemis calendar | reporttype | submission` end to end on a database made
// by `gemis init`: Kon Tum city's three communes send their 2024 annual
// report to the city, one is returned and resubmitted, the city approves
// them and submits its own, the province approves it; refusals name who
// may act; the list shows states and timeliness.
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

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

// A password goes to --password-stdin through a file.
CommandResult GemisWithInput(std::vector<std::string> args, const std::string& input,
                             const std::string& dir) {
  args.insert(args.begin(), GEMIS_BINARY);
  return test_support::RunCommandWithInput(args, input, dir);
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
   "deadlines": [{"level": "commune", "monthOffset": -1, "day": 10,
                  "units": ["23296", "23314", "23323", "23332", "23335", "23338"]},
                 {"level": "district", "monthOffset": -1, "day": 10, "units": ["608"]}],
   "note": "Kế hoạch của UBND thành phố Kon Tum, mục IV"},
  {"code": "KT-DOT-XUAT", "name": "Báo cáo đột xuất Dự án 8", "dataSet": "P8_BC_NAM",
   "periodType": "Yearly", "cadence": "requested", "area": "62",
   "deadlines": [{"level": "commune", "kind": "requested",
                  "units": ["23296", "23314", "23323", "23332", "23335", "23338"]},
                 {"level": "district", "kind": "requested", "units": ["608"]}]}]})";

class SubmissionCommand : public ::testing::Test {
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
    // Officers of the communes, the city (two) and the province.
    const std::vector<std::array<std::string, 3>> users = {
        {"xa.ngomay", "commune_officer", "23296"}, {"xa.hoabinh", "commune_officer", "23338"},
        {"xa.kroong", "commune_officer", "23314"}, {"tp.kontum", "district_officer", "608"},
        {"tp.kontum2", "district_officer", "608"}, {"tinh.kontum", "province_officer", "62"}};
    for (const auto& [name, role, unit] : users) {
      CommandResult r = GemisWithInput({"user", "add", name, "--db", db, "--role", role, "--entry",
                                        unit, "--view", unit, "--fast-hash", "--password-stdin"},
                                       "Mat-khau-du-dai-2024", shared_->path());
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
  CommandResult Act(const std::string& action, const std::string& unit, const std::string& as,
                    const std::string& at, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"submission", action, "KT-BC-NAM", unit,   "2024", "--as",
                                     as,           "--at", at,          "--db", db_};
    args.insert(args.end(), more.begin(), more.end());
    return Gemis(args);
  }
  nlohmann::json List(const std::string& at, const std::string& unit = "") {
    std::vector<std::string> args = {"submission", "list",     "KT-BC-NAM", "2024", "--at",
                                     at,           "--format", "json",      "--db", db_};
    if (!unit.empty()) args.insert(args.end(), {"--unit", unit});
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::array();
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* SubmissionCommand::shared_ = nullptr;

TEST_F(SubmissionCommand, ThreeCommunesThroughTheCityToTheProvince) {
  // Due before 10/11/2024, a Sunday: the last day is Monday 11/11.
  ASSERT_EQ(Act("submit", "23296", "xa.ngomay", "2024-11-04T09:00").exit_code, 0);
  ASSERT_EQ(Act("submit", "23338", "xa.hoabinh", "2024-11-06T09:00").exit_code, 0);
  CommandResult late = Act("submit", "23314", "xa.kroong", "2024-11-12T09:00");
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_THAT(late.out, HasSubstr("submitted"));
  CommandResult back =
      Act("return", "23296", "tp.kontum", "2024-11-07T09:00",
          {"--comment", "Thiếu số tổ truyền thông", "--return", "P8_TTCD_TO=Chưa khớp kế hoạch"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_THAT(back.out, HasSubstr("returned"));
  ASSERT_EQ(Act("submit", "23296", "xa.ngomay", "2024-11-08T09:00").exit_code, 0);

  nlohmann::json rows = List("2024-11-12T10:00", "608");
  std::map<std::string, std::pair<std::string, std::string>> by_name;
  for (const auto& r : rows) {
    by_name[r["unitName"]] = {r["state"], r["timeliness"]};
    EXPECT_EQ(r["lastDay"], "2024-11-11");
  }
  EXPECT_EQ(by_name.size(), 7u);  // the city and the six communes it names
  EXPECT_EQ(by_name["23296 Phường Ngô Mây"],
            std::make_pair(std::string("resubmitted"), std::string("onTime")));
  EXPECT_EQ(by_name["23314 Xã Kroong"].second, "late");
  EXPECT_EQ(by_name["608 Thành phố Kon Tum"].second, "missing");

  CommandResult all = Gemis({"submission", "approve-all", "KT-BC-NAM", "608", "2024", "--as",
                             "tp.kontum", "--at", "2024-11-12T11:00", "--db", db_});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr("3 reports approved"));
  ASSERT_EQ(Act("submit", "608", "tp.kontum", "2024-11-12T14:00").exit_code, 0);
  // The province approves only once every commune's report is settled:
  // the city waives the 3 communes that took no part this year.
  CommandResult waiting = Act("approve", "608", "tinh.kontum", "2024-11-12T15:00");
  EXPECT_EQ(waiting.exit_code, 1);
  EXPECT_THAT(waiting.err, HasSubstr("3 report(s) sent to this unit are not approved"));
  for (const auto& r : List("2024-11-12T15:00", "608")) {
    if (r["state"] != "notStarted" || r["level"] != "commune") continue;
    CommandResult w = Act("waive", r["unit"], "tp.kontum", "2024-11-12T15:00",
                          {"--comment", "Không tham gia Dự án 8 năm 2024"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
  }
  CommandResult up = Act("approve", "608", "tinh.kontum", "2024-11-13T09:00");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_THAT(up.out, HasSubstr("approved"));
  for (const auto& r : List("2024-11-14T09:00", "608")) {
    if (r["level"] == "commune") {
      EXPECT_TRUE(r["state"] == "locked" || r["state"] == "waived") << r.dump();
    }
  }
  // The table in Vietnamese, with the city's completeness.
  CommandResult table = Gemis({"submission", "list", "KT-BC-NAM", "2024", "--unit", "608", "--at",
                               "2024-11-14T09:00", "--db", db_},
                              "vi");
  EXPECT_THAT(table.out, HasSubstr("đã khoá"));
  EXPECT_THAT(table.out,
              HasSubstr("608 Thành phố Kon Tum: phải nộp 4, đã nhận 4 (2 đúng hạn, 2 muộn)"));
  EXPECT_THAT(table.out, HasSubstr("được miễn"));

  // The city's report as the document it signs, read back with pdftotext.
  const std::string pdf = dir_.File("608.pdf");
  CommandResult doc =
      Gemis({"report", "document", "KT-BC-NAM", "608", "2024", "--format", "pdf", "-o", pdf,
             "--signer", "Y Hoa", "--date", "2024-11-12", "--at", "2024-11-14T09:00", "--db", db_},
            "vi");
  ASSERT_EQ(doc.exit_code, 0) << doc.err;
  CommandResult text = RunCommand({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"});
  ASSERT_EQ(text.exit_code, 0) << "pdftotext (poppler-utils): " << text.err;
  for (const char* expected :
       {"HỘI LHPN TỈNH KON TUM", "THÀNH PHỐ KON TUM", "Kon Tum, ngày 12 tháng 11 năm 2024",
        "BÁO CÁO", "năm 2024", "Ngô Mây", "đã khoá", "Y Hoa",
        "Nơi nhận:", "- Ban Thường vụ Hội LHPN tỉnh Kon Tum (để", "- Lưu: VT.",
        "Số báo cáo phải nộp: 3; đã nhận: 3 (2 đúng hạn, 1 muộn)"}) {
    EXPECT_THAT(text.out, HasSubstr(expected)) << text.out.substr(0, 4000);
  }
  // A binary document is never written to stdout.
  CommandResult no_file = Gemis({"report", "document", "KT-BC-NAM", "608", "2024", "--db", db_});
  EXPECT_NE(no_file.exit_code, 0);
  EXPECT_THAT(no_file.err, HasSubstr("--output"));
}

TEST_F(SubmissionCommand, RefusalsNameWhoMayAct) {
  // A commune officer submitting for another commune; the city approving
  // before any submission; a commune officer approving; the city's
  // submitter approving its own report; an unknown user.
  CommandResult other = Act("submit", "23338", "xa.ngomay", "2024-11-04T09:00");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("outside your entry scope"));
  CommandResult early = Act("approve", "23338", "tp.kontum", "2024-11-04T09:00");
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("cannot approve a report that is notStarted"));
  ASSERT_EQ(Act("submit", "23338", "xa.hoabinh", "2024-11-04T09:00").exit_code, 0);
  EXPECT_THAT(Act("approve", "23338", "xa.ngomay", "2024-11-04T10:00").err,
              HasSubstr("approve authority"));
  ASSERT_EQ(Act("submit", "23296", "tp.kontum2", "2024-11-04T09:00").exit_code, 0);
  EXPECT_THAT(Act("approve", "23296", "tp.kontum2", "2024-11-04T10:00").err,
              HasSubstr("nobody approves their own submission"));
  EXPECT_THAT(Act("submit", "23314", "nobody", "2024-11-04T09:00").err, HasSubstr("no user"));
  // Thống Nhất is not among the communes the type names; the province
  // does not submit this type; 2024S1 is not its period type.
  EXPECT_THAT(Act("submit", "23299", "tp.kontum", "2024-11-04T09:00").err,
              HasSubstr("does not report KT-BC-NAM"));
  EXPECT_THAT(Act("submit", "62", "tinh.kontum", "2024-11-04T09:00").err,
              HasSubstr("does not report KT-BC-NAM"));
  CommandResult half = Gemis(
      {"submission", "submit", "KT-BC-NAM", "23296", "2024S1", "--as", "xa.ngomay", "--db", db_});
  EXPECT_THAT(half.err, HasSubstr("Yearly"));
}

TEST_F(SubmissionCommand, CalendarAndTypesAreListed) {
  CommandResult days = Gemis({"calendar", "list", "--year", "2025", "--db", db_}, "vi");
  ASSERT_EQ(days.exit_code, 0) << days.err;
  EXPECT_THAT(days.out, HasSubstr("26/04/2025  làm bù"));
  EXPECT_THAT(days.out, HasSubstr("Tết Nguyên đán"));
  CommandResult types = Gemis({"reporttype", "list", "--db", db_}, "vi");
  ASSERT_EQ(types.exit_code, 0) << types.err;
  EXPECT_THAT(types.out, HasSubstr("commune ×6: trước ngày 10 tháng 11"));
  CommandResult json_types = Gemis({"reporttype", "list", "--format", "json", "--db", db_});
  ASSERT_EQ(json_types.exit_code, 0) << json_types.err;
  nlohmann::json listed = nlohmann::json::parse(json_types.out);
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed[0]["code"], "KT-BC-NAM");
  EXPECT_EQ(listed[0]["deadlines"][0]["units"],
            nlohmann::json::array({"23296", "23314", "23323", "23332", "23335", "23338"}));
  EXPECT_EQ(listed[0]["deadlines"][1]["units"], nlohmann::json::array({"608"}));
  // A bad file names its place.
  std::ofstream(dir_.File("bad.json")) << R"({"format": "gemis-report-types/1", "reportTypes": [
    {"code": "X", "name": "x", "dataSet": "P8_BC_NAM", "periodType": "Yearly",
     "deadlines": [{"level": "commune", "day": 31, "monthOffset": -1}]}]})";
  CommandResult bad = Gemis({"reporttype", "import", dir_.File("bad.json"), "--db", db_});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("/reportTypes/0/deadlines/0/day"));
  EXPECT_THAT(bad.err, HasSubstr("month 11"));
}

TEST_F(SubmissionCommand, AnAdHocReportIsRequestedWithItsDueDay) {
  // A commune officer cannot ask for reports; the province can.
  CommandResult commune =
      Gemis({"submission", "request", "KT-DOT-XUAT", "2024", "--due", "2024-12-05", "--as",
             "xa.ngomay", "--at", "2024-11-20T09:00", "--db", db_});
  EXPECT_EQ(commune.exit_code, 1);
  EXPECT_THAT(commune.err, HasSubstr("approve authority"));
  CommandResult asked =
      Gemis({"submission", "request", "KT-DOT-XUAT", "2024", "--due", "2024-12-05", "--as",
             "tinh.kontum", "--note", "Theo Công văn 12", "--at", "2024-11-20T09:00", "--db", db_},
            "vi");
  ASSERT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_THAT(asked.out, HasSubstr("Đã yêu cầu báo cáo KT-DOT-XUAT kỳ 2024, nộp trước ngày "
                                   "05/12/2024: 7 đơn vị phải nộp"));
  CommandResult list = Gemis({"submission", "requests", "--format", "json", "--db", db_});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  nlohmann::json requests = nlohmann::json::parse(list.out);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["type"], "KT-DOT-XUAT");
  EXPECT_EQ(requests[0]["due"], "2024-12-05");
  EXPECT_EQ(requests[0]["requestedBy"], "tinh.kontum");
  EXPECT_EQ(requests[0]["note"], "Theo Công văn 12");
  // The commune sends it; a second request and a day past are refused.
  CommandResult sent = Gemis({"submission", "submit", "KT-DOT-XUAT", "23296", "2024", "--as",
                              "xa.ngomay", "--at", "2024-11-25T09:00", "--db", db_});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  CommandResult again =
      Gemis({"submission", "request", "KT-DOT-XUAT", "2024", "--due", "2024-12-15", "--as",
             "tinh.kontum", "--at", "2024-11-21T09:00", "--db", db_});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("requested already"));
  CommandResult past = Gemis({"submission", "request", "KT-DOT-XUAT", "2025", "--due", "2024-11-01",
                              "--as", "tinh.kontum", "--at", "2024-11-21T09:00", "--db", db_});
  EXPECT_NE(past.exit_code, 0);
  EXPECT_THAT(past.err, HasSubstr("has passed"));
  CommandResult bad_day = Gemis({"submission", "request", "KT-DOT-XUAT", "2025", "--due",
                                 "2025-02-30", "--as", "tinh.kontum", "--db", db_});
  EXPECT_NE(bad_day.exit_code, 0);
  EXPECT_THAT(bad_day.err, HasSubstr("--due"));
}

}  // namespace
}  // namespace gemis::cli
