// /api/reports, /api/reportTypes and /api/calendar end to end through the
// API on the demo's report types: the national annual report P8-BC-NAM of
// 2026 (communes before 10/11, provinces before 10/12), walked by a Cao
// Bằng commune and its province — submit, a return with a reason per
// measure, resubmission, approval — with the data lock it brings, the
// caller's actions, completeness, "my reports", and the refusals (scope,
// authority, order, bad input). Every route × role is also in
// api_authorization_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "server/api_fixture.h"
#include "support/run_command.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kType = "P8-BC-NAM";
// In the data set P8_BC_NAM; kElement is P8_TTCD_TO_MOI, also in it.
constexpr std::string_view kMeasure = "P8_TTCD_TO";
// Not in the data set.
constexpr std::string_view kOutside = "P8_SDAT_PN_TT";

class ApiReports : public ApiTest {
 protected:
  std::string Report(const std::string& unit, std::string_view period = "2026") {
    return "/api/reports/" + std::string(kType) + "/" + std::string(period) + "/" + unit;
  }
  Response Act(const Caller& who, const std::string& unit, const json& body,
               std::string_view period = "2026") {
    return Post(Report(unit, period), who, body);
  }
  // The row of `unit` in a list answer.
  static json RowOf(const json& list, const std::string& unit) {
    for (const json& r : list["reports"]) {
      if (r["unit"]["uid"] == unit) return r;
    }
    return nullptr;
  }
  static json CountOf(const json& list, const std::string& unit) {
    for (const json& c : list["completeness"]) {
      if (c["unit"]["uid"] == unit) return c;
    }
    return nullptr;
  }
};

TEST_F(ApiReports, TypesAndCalendarAreData) {
  Caller viewer = TokenOf(kViewer);
  json types = Body(Get("/api/reportTypes", viewer))["reportTypes"];
  ASSERT_GE(types.size(), 6u);
  json kon_tum;
  for (const json& t : types) {
    if (t["code"] == "KT-BC-NAM") kon_tum = t;
  }
  ASSERT_TRUE(kon_tum.is_object());
  EXPECT_EQ(kon_tum["dataSet"], "P8_BC_NAM");
  EXPECT_EQ(kon_tum["dataSetName"], "Báo cáo năm kết quả thực hiện Dự án 8");
  EXPECT_EQ(kon_tum["area"]["code"], "62");
  ASSERT_EQ(kon_tum["deadlines"].size(), 2u);
  EXPECT_EQ(kon_tum["deadlines"][0]["level"], "commune");
  EXPECT_THAT(kon_tum["deadlines"][0]["text"].get<std::string>(), HasSubstr("10"));
  // The city's plan names its six communes with ĐBKK villages, and the city.
  ASSERT_EQ(kon_tum["deadlines"][0]["units"].size(), 6u);
  EXPECT_EQ(kon_tum["deadlines"][0]["units"][0]["name"], "Phường Ngô Mây");
  ASSERT_EQ(kon_tum["deadlines"][1]["units"].size(), 1u);
  EXPECT_EQ(kon_tum["deadlines"][1]["units"][0]["code"], "608");

  json days = Body(Get("/api/calendar?year=2026", viewer))["days"];
  bool tet = false;
  for (const json& d : days) tet = tet || d["day"] == "2026-02-17";
  EXPECT_TRUE(tet) << days.dump();
  for (const json& d : days) EXPECT_EQ(d["day"].get<std::string>().substr(0, 4), "2026");
  EXPECT_EQ(Get("/api/calendar?year=20x6", viewer).result_int(), 400);
  EXPECT_EQ(FieldOf(Get("/api/calendar?year=20x6", viewer)), "year");
}

TEST_F(ApiReports, CommuneToProvinceWithReturnAndLock) {
  Caller commune = TokenOf(kCommune), province = TokenOf(kProvince);

  // The commune's view: its own report, not started, with submit offered.
  json mine = Body(Get("/api/reports?type=P8-BC-NAM&period=2026", commune));
  EXPECT_EQ(mine["period"], "2026");
  json row = RowOf(mine, units_.commune);
  ASSERT_TRUE(row.is_object()) << mine.dump();
  EXPECT_EQ(row["state"], "notStarted");
  EXPECT_EQ(row["timeliness"], "pending");
  EXPECT_EQ(row["lastDay"], "2026-11-09");
  EXPECT_EQ(row["recipient"]["uid"], units_.cao_bang);
  EXPECT_EQ(row["actions"], json::array({"submit"}));
  // Data entered makes it a draft.
  ASSERT_EQ(PostValue(commune, kMeasure, "2026", units_.commune, "3").result_int(), 201);
  row = RowOf(Body(Get("/api/reports?type=P8-BC-NAM&period=2026", commune)), units_.commune);
  EXPECT_EQ(row["state"], "draft");

  // Submitted on 15/5: on time.
  Response sent = Act(commune, units_.commune, {{"action", "submit"}});
  ASSERT_EQ(sent.result_int(), 200) << sent.body();
  EXPECT_EQ(Body(sent)["state"], "submitted");
  // The commune may not approve its own report (no approve authority).
  Response self = Act(commune, units_.commune, {{"action", "approve"}});
  EXPECT_EQ(self.result_int(), 403);

  // The province sees it waiting, with return, approve and waive offered.
  json inbox = Body(Get("/api/reports/mine", province));
  bool waiting = false;
  for (const json& r : inbox["review"]) {
    waiting = waiting || (r["unit"]["uid"] == units_.commune && r["type"] == "P8-BC-NAM");
  }
  EXPECT_TRUE(waiting) << inbox.dump();
  json at_province =
      Body(Get("/api/reports?type=P8-BC-NAM&period=2026&unit=" + units_.cao_bang, province));
  row = RowOf(at_province, units_.commune);
  ASSERT_TRUE(row.is_object());
  EXPECT_EQ(row["state"], "submitted");
  EXPECT_EQ(row["timeliness"], "onTime");
  EXPECT_EQ(row["submittedBy"], std::string(kCommune));
  EXPECT_EQ(row["actions"], json::array({"return", "approve", "waive"}));
  json count = CountOf(at_province, units_.cao_bang);
  ASSERT_TRUE(count.is_object());
  EXPECT_EQ(count["received"], 1);
  EXPECT_EQ(count["onTime"], 1);
  EXPECT_GT(count["expected"].get<int>(), 1);
  EXPECT_EQ(count["missing"], 0);
  // The province's own report cannot go up while its communes are open,
  // and is the province's to submit.
  EXPECT_EQ(RowOf(at_province, units_.cao_bang)["actions"], json::array({"submit"}));

  // Returned with a reason per measure: a measure outside the report and a
  // return without a comment are refused.
  Response bad = Act(province, units_.commune,
                     {{"action", "return"},
                      {"comment", "Xem lại"},
                      {"returns", {{{"dataElement", kOutside}, {"reason", "?"}}}}});
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(FieldOf(bad), "returns/0/dataElement");
  Response silent = Act(province, units_.commune, {{"action", "return"}});
  EXPECT_EQ(silent.result_int(), 400);
  EXPECT_EQ(FieldOf(silent), "comment");
  Response back = Act(province, units_.commune,
                      {{"action", "return"},
                       {"comment", "Số tổ truyền thông chưa khớp"},
                       {"returns", {{{"dataElement", kMeasure}, {"reason", "Kế hoạch ghi 4"}}}}});
  ASSERT_EQ(back.result_int(), 200) << back.body();
  EXPECT_EQ(Body(back)["state"], "returned");

  // The commune reads why, corrects and resubmits.
  json one = Body(Get(Report(units_.commune), commune));
  ASSERT_EQ(one["events"].size(), 2u);
  EXPECT_EQ(one["events"][1]["action"], "return");
  EXPECT_EQ(one["events"][1]["returns"][0]["dataElement"], kMeasure);
  EXPECT_EQ(one["events"][1]["returns"][0]["reason"], "Kế hoạch ghi 4");
  EXPECT_EQ(one["events"][1]["by"], std::string(kProvince));
  ASSERT_EQ(one["values"].size(), 1u);
  EXPECT_EQ(one["values"][0]["value"], "3");
  EXPECT_EQ(one["dataElements"].size(), 10u);
  ASSERT_EQ(PostValue(commune, kMeasure, "2026", units_.commune, "4").result_int(), 200);
  ASSERT_EQ(Act(commune, units_.commune, {{"action", "submit"}}).result_int(), 200);

  // Approved through "approve all complete", which locks the data.
  Response all = Post(Report(units_.cao_bang) + "/approveAll", province, json::object());
  ASSERT_EQ(all.result_int(), 200) << all.body();
  ASSERT_EQ(Body(all)["approved"].size(), 1u);
  EXPECT_EQ(Body(all)["approved"][0]["uid"], units_.commune);
  Response locked = PostValue(commune, kMeasure, "2026", units_.commune, "5");
  EXPECT_EQ(locked.result_int(), 409);
  EXPECT_EQ(FieldOf(locked), "value");
  EXPECT_THAT(locked.body(), HasSubstr("P8-BC-NAM"));
  // An element outside the report is not locked.
  EXPECT_EQ(PostValue(commune, kOutside, "2026", units_.commune, "2").result_int(), 201);
  // Nor is an import let through: the row is a conflict, nothing written.
  Response import = Send(http::verb::post, "/api/dataValueSets", province,
                         json{{"dataValues",
                               {{{"dataElement", kElement},
                                 {"period", "2026"},
                                 {"orgUnit", units_.commune},
                                 {"value", "6"}}}}}
                             .dump(),
                         "application/json");
  EXPECT_THAT(import.body(), HasSubstr("E_DV_LOCKED")) << import.body();
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 404);

  // Unlocked by the province (with a reason): returned, editable again.
  EXPECT_EQ(Act(province, units_.commune, {{"action", "unlock"}}).result_int(), 400);
  Response open = Act(province, units_.commune, {{"action", "unlock"}, {"comment", "Sửa số liệu"}});
  ASSERT_EQ(open.result_int(), 200) << open.body();
  EXPECT_EQ(Body(open)["state"], "returned");
  EXPECT_EQ(PostValue(commune, kMeasure, "2026", units_.commune, "5").result_int(), 200);

  // Every transition is audited.
  int audited = 0;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "report") ++audited;
  }
  EXPECT_EQ(audited, 5);  // submit, return, submit, approve, unlock
}

TEST_F(ApiReports, LateAgainstTheClockAndMissing) {
  // 20/11/2026: past the communes' last day (9/11).
  clock_.Advance(189LL * 24 * kHour);
  Caller commune = TokenOf(kCommune), province = TokenOf(kProvince);
  json list =
      Body(Get("/api/reports?type=P8-BC-NAM&period=2026&unit=" + units_.cao_bang, province));
  EXPECT_EQ(RowOf(list, units_.commune)["timeliness"], "missing");
  EXPECT_EQ(CountOf(list, units_.cao_bang)["received"], 0);
  EXPECT_GT(CountOf(list, units_.cao_bang)["missing"].get<int>(), 0);
  ASSERT_EQ(Act(commune, units_.commune, {{"action", "submit"}}).result_int(), 200);
  list = Body(Get("/api/reports?type=P8-BC-NAM&period=2026&unit=" + units_.cao_bang, province));
  EXPECT_EQ(RowOf(list, units_.commune)["timeliness"], "late");
  EXPECT_EQ(CountOf(list, units_.cao_bang)["late"], 1);
}

TEST_F(ApiReports, RefusalsNameTheField) {
  Caller commune = TokenOf(kCommune), other = TokenOf(kOtherCommune), province = TokenOf(kProvince),
         admin = TokenOf(kAdmin);
  // Another province's commune: out of scope, reading or acting.
  EXPECT_EQ(Get(Report(units_.commune), other).result_int(), 403);
  EXPECT_EQ(Act(other, units_.commune, {{"action", "submit"}}).result_int(), 403);
  EXPECT_EQ(
      Get("/api/reports?type=P8-BC-NAM&period=2026&unit=" + units_.commune, other).result_int(),
      403);
  // Unknown type, wrong period type, no period, unknown unit, no action.
  Response type = Get("/api/reports?type=NOPE&period=2026", commune);
  EXPECT_EQ(type.result_int(), 404);
  EXPECT_EQ(FieldOf(type), "type");
  Response half = Get("/api/reports?type=P8-BC-NAM&period=2026S1", commune);
  EXPECT_EQ(half.result_int(), 400);
  EXPECT_EQ(FieldOf(half), "period");
  EXPECT_EQ(FieldOf(Get("/api/reports?type=P8-BC-NAM", commune)), "period");
  EXPECT_EQ(FieldOf(Get("/api/reports?period=2026", commune)), "type");
  EXPECT_EQ(FieldOf(Get(Report("nowhere"), commune)), "unit");
  EXPECT_EQ(FieldOf(Act(commune, units_.commune, json::object())), "action");
  EXPECT_EQ(FieldOf(Act(commune, units_.commune, {{"action", "lock"}})), "action");
  // The province's report goes to the centre: approving it is the centre's,
  // and only once every Cao Bằng commune is settled.
  ASSERT_EQ(Act(province, units_.cao_bang, {{"action", "submit"}}).result_int(), 200);
  Response up = Act(province, units_.cao_bang, {{"action", "approve"}});
  EXPECT_EQ(up.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(up), "E_SCOPE");
  Response early = Act(admin, units_.cao_bang, {{"action", "approve"}});
  EXPECT_EQ(early.result_int(), 409);
  EXPECT_EQ(FieldOf(early), "children");
  // A commune that does not report this type (a unit of no submitting
  // level: the centre) is refused naming the unit.
  Response centre = Act(admin, units_.vn, {{"action", "submit"}});
  EXPECT_EQ(centre.result_int(), 400);
  EXPECT_EQ(FieldOf(centre), "unit");
  // Nobody approves their own submission: the administrator submits a
  // commune's report and may not approve it.
  ASSERT_EQ(Act(admin, units_.sibling, {{"action", "submit"}}).result_int(), 200);
  Response own = Act(admin, units_.sibling, {{"action", "approve"}});
  EXPECT_EQ(own.result_int(), 409);
  EXPECT_EQ(FieldOf(own), "approver");
  // approveAll skips it, saying why.
  json all = Body(Post(Report(units_.cao_bang) + "/approveAll", admin, json::object()));
  EXPECT_EQ(all["approved"].size(), 0u);
  ASSERT_EQ(all["skipped"].size(), 1u);
  EXPECT_EQ(all["skipped"][0]["field"], "approver");
}

// The province's official document: the PDF read back with pdftotext
// (poppler-utils) and the workbook's signature; format, scope refusals.
TEST_F(ApiReports, TheProvincesDocumentAsPdfAndXlsx) {
  Caller commune = TokenOf(kCommune), province = TokenOf(kProvince);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "7").result_int(), 201);
  ASSERT_EQ(Act(commune, units_.commune, {{"action", "submit"}}).result_int(), 200);
  ASSERT_EQ(Act(province, units_.commune, {{"action", "approve"}}).result_int(), 200);

  Response pdf =
      Get(Report(units_.cao_bang) + "/document?format=pdf&signer=Nông Thị Hoa", province);
  ASSERT_EQ(pdf.result_int(), 200) << pdf.body().substr(0, 300);
  EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
  EXPECT_THAT(std::string(pdf[http::field::content_disposition]),
              HasSubstr("P8-BC-NAM-2026-04.pdf"));
  ASSERT_EQ(pdf.body().rfind("%PDF-", 0), 0u);
  const std::string file = dir_.File("province.pdf"), text = file + ".txt";
  std::ofstream(file, std::ios::binary) << pdf.body();
  test_support::CommandResult r =
      test_support::RunCommand({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", file, text});
  ASSERT_EQ(r.exit_code, 0) << "pdftotext (poppler-utils): " << r.err;
  std::ifstream in(text, std::ios::binary);
  const std::string words((std::istreambuf_iterator<char>(in)), {});
  for (const std::string& expected :
       {std::string("HỘI LIÊN HIỆP"), std::string("PHỤ NỮ VIỆT NAM"), std::string("TỈNH CAO BẰNG"),
        std::string("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        std::string("- Đoàn Chủ tịch Trung ương Hội LHPN Việt"), std::string("Nam (để báo cáo);"),
        std::string("Số:"), std::string("/BC-HLHPN"),
        std::string("Cao Bằng, ngày 15 tháng 5 năm 2026"), std::string("BÁO CÁO"),
        std::string("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
        std::string("II. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"), units_.commune_name,
        std::string("đã duyệt"), std::string("Nơi nhận:"), std::string("Lưu: VT."),
        std::string("Nông Thị Hoa")}) {
    EXPECT_THAT(words, HasSubstr(expected)) << words.substr(0, 3000);
  }

  Response xlsx = Get(Report(units_.cao_bang) + "/document?format=xlsx", province);
  ASSERT_EQ(xlsx.result_int(), 200);
  EXPECT_EQ(xlsx.body().rfind("PK", 0), 0u);
  Response bad = Get(Report(units_.cao_bang) + "/document?format=docx", province);
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(FieldOf(bad), "format");
  EXPECT_EQ(Get(Report(units_.cao_bang) + "/document", TokenOf(kOtherCommune)).result_int(), 403);
}

// A partner agency reads the report's measures of its content areas only,
// in the answer and in the document.
TEST_F(ApiReports, APartnerSeesItsAreasMeasuresOnly) {
  Caller admin = TokenOf(kAdmin), partner = TokenOf(kPartner);
  ASSERT_EQ(PostValue(admin, kElement, "2026", units_.commune, "5").result_int(), 201);
  ASSERT_EQ(PostValue(admin, kOtherElement, "2026", units_.commune, "6").result_int(), 201);
  json all = Body(Get(Report(units_.commune), admin));
  EXPECT_EQ(all["values"].size(), 2u);
  json some = Body(Get(Report(units_.commune), partner));
  ASSERT_EQ(some["values"].size(), 1u) << some.dump();
  EXPECT_EQ(some["values"][0]["dataElement"], kElement);
  for (const json& e : some["dataElements"]) EXPECT_NE(e["code"], kOtherElement);
  Response xlsx = Get(Report(units_.commune) + "/document?format=xlsx", partner);
  EXPECT_EQ(xlsx.result_int(), 200);
}

TEST_F(ApiReports, MyReportsListTheCallersOwn) {
  Caller commune = TokenOf(kCommune);
  json mine = Body(Get("/api/reports/mine", commune));
  EXPECT_EQ(mine["today"], "2026-05-15");
  std::set<std::string> types;
  for (const json& r : mine["submit"]) {
    EXPECT_EQ(r["unit"]["uid"], units_.commune);
    types.insert(r["type"].get<std::string>() + " " + r["period"].get<std::string>());
  }
  // The annual report of 2026 and the six-month reports in play; Kon Tum's
  // and Hà Nội's types are not the commune's.
  EXPECT_TRUE(types.contains("P8-BC-NAM 2026")) << mine.dump();
  EXPECT_TRUE(types.contains("P8-BC-6T 2026S1")) << mine.dump();
  for (const std::string& t : types) EXPECT_EQ(t.rfind("KT-", 0), std::string::npos);
  EXPECT_EQ(mine["review"].size(), 0u);
}

// An ad-hoc report: the centre asks the provinces for P8-DOT-XUAT of 2026,
// due before 15/6; Cao Bằng's province then has it to send.
TEST_F(ApiReports, AnAdHocRequestMakesReportsExpected) {
  Caller admin = TokenOf(kAdmin), province = TokenOf(kProvince);
  const json ask = {{"type", "P8-DOT-XUAT"},
                    {"period", "2026"},
                    {"due", "2026-06-15"},
                    {"note", "Theo Công văn số 12/TWH"}};
  // Before the request nobody is expected to send it.
  EXPECT_EQ(Get("/api/reports?type=P8-DOT-XUAT&period=2026", admin).result_int(), 404);
  // A province officer approves for her province, not for the centre.
  Response refused = Post("/api/reportRequests", province, ask);
  EXPECT_EQ(refused.result_int(), 403) << refused.body();
  EXPECT_EQ(ErrorCodeOf(refused), "E_SCOPE");
  Response made = Post("/api/reportRequests", admin, ask);
  ASSERT_EQ(made.result_int(), 201) << made.body();
  json request = Body(made);
  EXPECT_EQ(request["type"], "P8-DOT-XUAT");
  EXPECT_EQ(request["due"], "2026-06-15");
  EXPECT_EQ(request["requestedBy"], "admin");
  EXPECT_GE(request["expected"].get<int>(), 1);
  // "Before 15/6", a Monday: the day before is a Sunday, so the last day
  // rolls forward to the 15th itself.
  EXPECT_EQ(request["lastDay"], "2026-06-15");
  json listed = Body(Get("/api/reportRequests?type=P8-DOT-XUAT", province))["requests"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["note"], "Theo Công văn số 12/TWH");
  // Asked again: the first request stands.
  Response again = Post("/api/reportRequests", admin, ask);
  EXPECT_EQ(again.result_int(), 409);
  EXPECT_EQ(FieldOf(again), "period");
  // Cao Bằng's province has it to send, with submit offered.
  json mine = Body(Get("/api/reports/mine", province));
  bool found = false;
  for (const json& r : mine["submit"]) {
    if (r["type"] == "P8-DOT-XUAT" && r["period"] == "2026") {
      found = true;
      EXPECT_EQ(r["unit"]["uid"], units_.cao_bang);
      EXPECT_EQ(r["lastDay"], "2026-06-15");
      EXPECT_EQ(r["actions"], json::array({"submit"}));
    }
  }
  EXPECT_TRUE(found) << mine.dump();
  // Refusals name the field: a periodic type, an impossible day, a day
  // already past, a half-year of a yearly type.
  auto field_of = [&](json body) {
    Response r = Post("/api/reportRequests", admin, body);
    EXPECT_EQ(r.result_int(), 400) << r.body();
    return FieldOf(r);
  };
  json bad = ask;
  bad["type"] = "P8-BC-NAM";
  EXPECT_EQ(field_of(bad), "type");
  bad = ask;
  bad["due"] = "2026-02-30";
  EXPECT_EQ(field_of(bad), "due");
  bad = ask;
  bad["due"] = "2026-05-14";
  EXPECT_EQ(field_of(bad), "due");
  bad = ask;
  bad["period"] = "2026S1";
  EXPECT_EQ(field_of(bad), "period");
  bad = ask;
  bad.erase("due");
  EXPECT_EQ(field_of(bad), "due");
}

}  // namespace
}  // namespace gemis::server::api_test
