// GET /api/analytics (DHIS2's shape, read-your-writes, scope of totals)
// and GET /api/audit (scope, filters, pages).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiAnalytics : public ApiTest {
 protected:
  std::string Query(const std::string& ou, const std::string& pe, std::string_view dx = kElement) {
    return "/api/analytics?dimension=dx:" + std::string(dx) + "&dimension=ou:" + ou +
           "&dimension=pe:" + pe;
  }
  // The value column of the row for `ou` (the uid), "" when none.
  static std::string ValueOf(const json& result, const std::string& ou) {
    for (const json& row : result.value("rows", json::array())) {
      if (row.size() == 4 && row[1] == ou) return row[3];
    }
    return "";
  }
};

TEST_F(ApiAnalytics, ReturnsTheDhis2ShapeWithAValueJustWritten) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "23").result_int(), 201);
  Response res = Get(Query(units_.commune, "2026"), commune);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json result = Body(res);
  ASSERT_EQ(result["headers"].size(), 4u);
  EXPECT_EQ(result["headers"][0]["name"], "dx");
  EXPECT_EQ(result["headers"][1]["name"], "ou");
  EXPECT_EQ(result["headers"][2]["name"], "pe");
  EXPECT_EQ(result["headers"][3]["name"], "value");
  EXPECT_EQ(result["width"], 4);
  EXPECT_TRUE(result["metaData"]["items"].contains(units_.commune));
  EXPECT_EQ(ValueOf(result, units_.commune), "23");
  // And the next write too, at once.
  ASSERT_EQ(PostValue(commune, kElement, "2026", units_.commune, "24").result_int(), 200);
  EXPECT_EQ(ValueOf(Body(Get(Query(units_.commune, "2026"), commune)), units_.commune), "24");
  ASSERT_EQ(Delete(ValueQuery(kElement, "2026", units_.commune), commune).result_int(), 200);
  EXPECT_EQ(ValueOf(Body(Get(Query(units_.commune, "2026"), commune)), units_.commune), "");
}

TEST_F(ApiAnalytics, AnswersAReportTypesReportingRateAfterASubmission) {
  Caller commune = Login(kCommune), province = Login(kProvince);
  const std::string dx =
      "P8-BC-NAM.ACTUAL_REPORTS;P8-BC-NAM.EXPECTED_REPORTS;"
      "P8-BC-NAM.REPORTING_RATE";
  auto cells = [&] {
    Response res = Get(Query(units_.cao_bang, "2026", dx), province);
    EXPECT_EQ(res.result_int(), 200) << res.body();
    std::map<std::string, std::string> out;
    json result = Body(res);
    for (const json& row : result.value("rows", json::array())) {
      out[row[0].get<std::string>()] = row[3].get<std::string>();
    }
    EXPECT_EQ(
        result["metaData"]["items"]["P8-BC-NAM.REPORTING_RATE"]["name"].get<std::string>().rfind(
            "Tỷ lệ báo cáo — ", 0),
        0u)
        << result["metaData"]["items"].dump();
    return out;
  };
  std::map<std::string, std::string> before = cells();
  EXPECT_EQ(before["P8-BC-NAM.ACTUAL_REPORTS"], "0");
  EXPECT_EQ(before["P8-BC-NAM.REPORTING_RATE"], "0");
  const int expected = std::stoi(before["P8-BC-NAM.EXPECTED_REPORTS"]);
  EXPECT_GT(expected, 1);
  // The commune submits; the next query counts it.
  Response sent =
      Post("/api/reports/P8-BC-NAM/2026/" + units_.commune, commune, {{"action", "submit"}});
  ASSERT_EQ(sent.result_int(), 200) << sent.body();
  std::map<std::string, std::string> after = cells();
  EXPECT_EQ(after["P8-BC-NAM.ACTUAL_REPORTS"], "1");
  EXPECT_EQ(after["P8-BC-NAM.REPORTING_RATE"], analytics::FormatValue(100.0 / expected));
  // An unknown metric names the item.
  Response bad = Get(Query(units_.cao_bang, "2026", "P8-BC-NAM.RATE"), province);
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("P8-BC-NAM.RATE"));
}

TEST_F(ApiAnalytics, ValuesOfAMergedCommuneCountUnderItsSuccessor) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(PostValue(commune, kElement, "2024", units_.old_commune, "13").result_int(), 201);
  Response res = Get(Query(units_.commune, "2024"), commune);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(ValueOf(Body(res), units_.commune), "13");
}

TEST_F(ApiAnalytics, ProvinceTotalIncludesItsCommunes) {
  Caller province = Login(kProvince);
  ASSERT_EQ(PostValue(province, kElement, "2026", units_.commune, "5").result_int(), 201);
  ASSERT_EQ(PostValue(province, kElement, "2026", units_.sibling, "6").result_int(), 201);
  Response res = Get(Query(units_.cao_bang, "2026"), province);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(ValueOf(Body(res), units_.cao_bang), "11");
}

TEST_F(ApiAnalytics, CommuneOfficerGetsNoTotalAboveTheirCommune) {
  Caller province = Login(kProvince);
  ASSERT_EQ(PostValue(province, kElement, "2026", units_.sibling, "6061").result_int(), 201);
  Caller commune = Login(kCommune);
  for (const std::string& ou : {units_.cao_bang, units_.vn, units_.sibling,
                                units_.cao_bang + ";" + units_.commune, std::string("04")}) {
    Response res = Get(Query(ou, "2026"), commune);
    EXPECT_EQ(res.result_int(), 403) << ou << res.body();
    EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE") << ou;
    EXPECT_THAT(res.body(), Not(HasSubstr("6061")));
    EXPECT_THAT(res.body(), Not(HasSubstr("rows")));
  }
  // Nor by asking as of a day when the scope was different.
  Response old = Get(Query(units_.cao_bang, "2024") + "&asOf=2024-06-30", commune);
  EXPECT_EQ(old.result_int(), 403);
}

TEST_F(ApiAnalytics, PartnerAgencyReadsOnlyItsContentAreas) {
  Caller partner = Login(kPartner);
  EXPECT_EQ(Get(Query(units_.commune, "2026"), partner).result_int(), 200);
  Response res = Get(Query(units_.commune, "2026", kOtherElement), partner);
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_FORBIDDEN");
  res = Get(Query(units_.commune, "2026", std::string(kElement) + ";" + std::string(kOtherElement)),
            partner);
  EXPECT_EQ(res.result_int(), 403);
}

TEST_F(ApiAnalytics, MissingOrBadDimensionIs400) {
  Caller province = Login(kProvince);
  const std::string dx = "dimension=dx:" + std::string(kElement);
  const std::string ou = "dimension=ou:" + units_.commune;
  const std::string pe = "dimension=pe:2026";
  for (const std::string& query :
       {dx + "&" + ou, dx + "&" + pe, ou + "&" + pe, std::string(""),
        dx + "&" + ou + "&dimension=pe:", dx + "&" + ou + "&dimension=pe:2026Q9",
        dx + "&" + ou + "&" + pe + "&dimension=zz:1", dx + "&" + pe + "&dimension=ou:LEVEL-9",
        dx + "&" + ou + "&" + pe + "&asOf=yesterday"}) {
    Response res = Get("/api/analytics?" + query, province);
    EXPECT_EQ(res.result_int(), 400) << query << " " << res.body();
  }
  Response unknown_unit =
      Get("/api/analytics?" + dx + "&" + pe + "&dimension=ou:NoSuchUnit1", province);
  EXPECT_GE(unknown_unit.result_int(), 400);
  EXPECT_LT(unknown_unit.result_int(), 500);
  Response unknown_dx = Get("/api/analytics?dimension=dx:NO_SUCH&" + ou + "&" + pe, province);
  EXPECT_GE(unknown_dx.result_int(), 400);
  EXPECT_LT(unknown_dx.result_int(), 500);
}

TEST_F(ApiAnalytics, LevelsBelowAUnitInScope) {
  Caller province = Login(kProvince);
  ASSERT_EQ(PostValue(province, kElement, "2026", units_.commune, "5").result_int(), 201);
  Response res = Get(Query(units_.cao_bang + ";LEVEL-4", "2026"), province);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(ValueOf(Body(res), units_.commune), "5");
}

// ---------------------------------------------------------------- audit

class ApiAudit : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    province_ = Login(kProvince);
    hanoi_ = Login(kOtherCommune);
    ASSERT_EQ(PostValue(province_, kElement, "2026", units_.commune, "1").result_int(), 201);
    ASSERT_EQ(PostValue(province_, kElement, "2026", units_.sibling, "2").result_int(), 201);
    ASSERT_EQ(PostValue(hanoi_, kElement, "2026", units_.other_commune, "3").result_int(), 201);
    ASSERT_EQ(PostValue(province_, kElement, "2026", units_.commune, "4").result_int(), 200);
  }
  static std::vector<json> Entries(const Response& res) {
    std::vector<json> out;
    const json res_body = Body(res);
    for (const json& e : res_body.value("entries", json::array())) out.push_back(e);
    return out;
  }
  Caller province_, hanoi_;
};

TEST_F(ApiAudit, ViewerSeesOnlyEntriesOfUnitsInScope) {
  Caller viewer = Login(kViewer);
  Response res = Get("/api/audit", viewer);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  int data_values = 0;
  for (const json& e : Entries(res)) {
    EXPECT_NE(e["orgUnit"], units_.other_commune) << e.dump();
    EXPECT_NE(e["user"], kOtherCommune) << e.dump();
    if (e["objectType"] == "dataValue") ++data_values;
    // Sign-ins of others are not theirs to see; their own are.
    if (e["objectType"] == "session") {
      EXPECT_EQ(e["user"], kViewer) << e.dump();
    }
  }
  EXPECT_EQ(data_values, 3);
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune)));
}

TEST_F(ApiAudit, CentralAuditorSeesEverything) {
  Caller admin = Login(kAdmin);
  Response res = Get("/api/audit?objectType=dataValue", admin);
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_EQ(Entries(res).size(), 4u) << res.body();
}

TEST_F(ApiAudit, FiltersByObjectTypeUserAndAction) {
  Caller admin = Login(kAdmin);
  std::vector<json> entries = Entries(Get("/api/audit?objectType=dataValue&action=update", admin));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["before"]["value"], "1");
  EXPECT_EQ(entries[0]["after"]["value"], "4");

  entries = Entries(Get("/api/audit?user=" + std::string(kOtherCommune), admin));
  ASSERT_FALSE(entries.empty());
  for (const json& e : entries) EXPECT_EQ(e["user"], kOtherCommune);

  entries = Entries(Get("/api/audit?objectType=session&action=login", admin));
  EXPECT_EQ(entries.size(), 3u);  // the province officer, the Hà Nội officer, the admin
  for (const json& e : entries) EXPECT_EQ(e["action"], "login");

  EXPECT_TRUE(Entries(Get("/api/audit?objectType=nothing", admin)).empty());
}

TEST_F(ApiAudit, PagesFollowBeforeAndKeepTheFilter) {
  Caller admin = Login(kAdmin);
  Response first = Get("/api/audit?objectType=dataValue&pageSize=3", admin);
  ASSERT_EQ(first.result_int(), 200);
  std::vector<json> page1 = Entries(first);
  ASSERT_EQ(page1.size(), 3u);
  json body = Body(first);
  ASSERT_TRUE(body.contains("next")) << first.body();
  std::string next = body["next"];
  Response second = Get(next, admin);
  ASSERT_EQ(second.result_int(), 200) << next;
  std::vector<json> page2 = Entries(second);
  ASSERT_EQ(page2.size(), 1u) << second.body();
  EXPECT_EQ(page2[0]["objectType"], "dataValue");
  EXPECT_LT(page2[0]["id"].get<int64_t>(), page1[2]["id"].get<int64_t>());
  EXPECT_FALSE(Body(second).contains("next"));
  // Ids fall within a page.
  EXPECT_GT(page1[0]["id"].get<int64_t>(), page1[1]["id"].get<int64_t>());
  // before= by hand.
  std::vector<json> manual = Entries(
      Get("/api/audit?objectType=dataValue&before=" + std::to_string(page1[0]["id"].get<int64_t>()),
          admin));
  EXPECT_EQ(manual.size(), 3u);
}

TEST_F(ApiAudit, PagesOfAScopedAuditorSkipEntriesOutsideTheScope) {
  Caller viewer = Login(kViewer);
  Response first = Get("/api/audit?objectType=dataValue&pageSize=2", viewer);
  ASSERT_EQ(first.result_int(), 200);
  ASSERT_EQ(Entries(first).size(), 2u);
  Response second = Get(Body(first)["next"], viewer);
  std::vector<json> rest = Entries(second);
  ASSERT_EQ(rest.size(), 1u) << second.body();
  EXPECT_NE(rest[0]["orgUnit"], units_.other_commune);
}

TEST_F(ApiAudit, BadPageParametersAre400) {
  Caller admin = Login(kAdmin);
  for (const char* q :
       {"pageSize=0", "pageSize=1001", "pageSize=abc", "pageSize=10abc", "before=0", "before=-5",
        "before=abc", "before=99999999999999999999", "pageSize=99999999999999999999"}) {
    Response res = Get(std::string("/api/audit?") + q, admin);
    EXPECT_EQ(res.result_int(), 400) << q << " " << res.body();
  }
}

TEST_F(ApiAudit, WithoutReadAuditIsForbidden) {
  for (std::string_view who : {kCommune, kPartner}) {
    Caller c = Login(who);
    Response res = Get("/api/audit", c);
    EXPECT_EQ(res.result_int(), 403) << who;
    EXPECT_EQ(ErrorCodeOf(res), "E_FORBIDDEN");
    EXPECT_THAT(res.body(), Not(HasSubstr("entries")));
  }
}

}  // namespace
}  // namespace gemis::server::api_test
