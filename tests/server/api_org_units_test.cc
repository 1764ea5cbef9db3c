// /api/orgUnits: a caller sees the units of their view scope and the path
// up to it, nothing beside it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiOrgUnits : public ApiTest {
 protected:
  std::set<std::string> Ids(const Response& res) {
    std::set<std::string> out;
    const json res_body = Body(res);
    for (const json& u : res_body.value("orgUnits", json::array())) out.insert(u["id"]);
    return out;
  }
};

TEST_F(ApiOrgUnits, CommuneOfficerListsOnlyTheirCommuneAndItsAncestors) {
  Caller commune = Login(kCommune);
  Response res = Get("/api/orgUnits?pageSize=1000", commune);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Ids(res), (std::set<std::string>{units_.vn, units_.cao_bang, units_.commune}));
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.sibling)));
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.sibling_name)));
  // Filtered by parent: still only their own.
  Response children = Get("/api/orgUnits?parent=04", commune);
  ASSERT_EQ(children.result_int(), 200);
  EXPECT_EQ(Ids(children), std::set<std::string>{units_.commune});
  Response search = Get("/api/orgUnits?q=" + PercentEncode(units_.sibling_name), commune);
  EXPECT_TRUE(Ids(search).empty()) << search.body();
}

TEST_F(ApiOrgUnits, AnAncestorShowsOnlyTheChildrenOnThePath) {
  Caller commune = Login(kCommune);
  Response res = Get("/api/orgUnits/" + units_.cao_bang, commune);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json unit = Body(res);
  EXPECT_EQ(unit["code"], "04");
  EXPECT_EQ(unit["children"], json::array({"01273"}));
  EXPECT_THAT(res.body(), Not(HasSubstr("\"01279\"")));
  // The list's childCount counts only what the caller may see.
  Response list = Get("/api/orgUnits?q=04", commune);
  const json list_body = Body(list);
  for (const json& u : list_body.value("orgUnits", json::array())) {
    if (u["id"] == units_.cao_bang) {
      EXPECT_EQ(u["childCount"], 1);
    }
  }
}

TEST_F(ApiOrgUnits, ProvinceOfficerSeesTheWholeProvince) {
  Caller province = Login(kProvince);
  Response res = Get("/api/orgUnits?parent=04&pageSize=1000", province);
  ASSERT_EQ(res.result_int(), 200);
  std::set<std::string> ids = Ids(res);
  EXPECT_TRUE(ids.count(units_.commune));
  EXPECT_TRUE(ids.count(units_.sibling));
  EXPECT_GT(ids.size(), 10u);
  EXPECT_FALSE(ids.count(units_.other_commune));
  json unit = Body(Get("/api/orgUnits/" + units_.cao_bang, province));
  EXPECT_GT(unit["children"].size(), 10u);
}

TEST_F(ApiOrgUnits, AUnitOutsideTheScopeIs403WithoutItsName) {
  Caller commune = Login(kCommune);
  for (const std::string& id :
       {units_.sibling, units_.other_commune, units_.ha_noi, std::string("01279")}) {
    Response res = Get("/api/orgUnits/" + id, commune);
    EXPECT_EQ(res.result_int(), 403) << id;
    EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE");
    EXPECT_THAT(res.body(), Not(HasSubstr(units_.sibling_name)));
    EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
  }
  EXPECT_EQ(Get("/api/orgUnits/NoSuchUnit1", commune).result_int(), 404);
}

TEST_F(ApiOrgUnits, AMergedCommuneIsVisibleToTheOfficerOfItsSuccessor) {
  Caller commune = Login(kCommune);
  Response res = Get("/api/orgUnits/" + units_.old_commune + "?asOf=2024-06-30", commune);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Body(res)["code"], "01273");
}

TEST_F(ApiOrgUnits, AsOfAnEarlierDayListsThatDaysUnitsOfTheScope) {
  Caller province = Login(kProvince);
  Response res = Get("/api/orgUnits?asOf=2024-06-30&parent=04", province);
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_EQ(Body(res)["pager"]["total"], 10);  // the districts of 2024
  Caller commune = Login(kCommune);
  // Their commune did not exist yet: nothing, not the old province's units.
  Response before = Get("/api/orgUnits?asOf=2024-06-30&pageSize=1000", commune);
  ASSERT_EQ(before.result_int(), 200);
  EXPECT_TRUE(Ids(before).empty()) << before.body();
}

TEST_F(ApiOrgUnits, PagingAndBadParameters) {
  Caller province = Login(kProvince);
  Response page = Get("/api/orgUnits?parent=04&pageSize=5&page=2", province);
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_EQ(Body(page)["orgUnits"].size(), 5u);
  EXPECT_EQ(Body(page)["pager"]["page"], 2);
  for (const char* q : {"page=0", "pageSize=0", "pageSize=1001", "page=x", "asOf=2024-13-01",
                        "level=9", "parent=NoSuchUnit1"}) {
    Response res = Get(std::string("/api/orgUnits?") + q, province);
    EXPECT_GE(res.result_int(), 400) << q;
    EXPECT_LT(res.result_int(), 500) << q;
  }
}

}  // namespace
}  // namespace gemis::server::api_test
