// GET /api/programNodes, and POST /api/plans/{plan}/allocation: the
// allocation editor's dry run and write, the findings it answers, its audit,
// conflicts, bad cells and the entry scope of each cell. (Every route × role × scope is also in
// api_authorization_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kAllocation = "/api/plans/CB-288-2024/allocation";

// Phụ lục I of Cao Bằng's 288/KH-BCĐ: row 0 is the total row (57
// communication teams in column 2, the measure's first), row 1 the level row, row 2 Quảng
// Hòa (049), row 3 Trùng Khánh (047), row 11 the Department of Labour's row;
// column 2 is the communication teams at province level (29 on the level
// row, 11 in Quảng Hòa).
constexpr size_t kTotalRow = 0, kLevelRow = 1, kQuangHoa = 2, kTrungKhanh = 3, kLabourRow = 11;
constexpr size_t kTeamsProvince = 2;

class ApiPlans : public ApiTest {
 protected:
  static json Cell(size_t row, size_t column, const std::string& value,
                   std::optional<std::string> was = std::nullopt) {
    json cell = {{"row", row}, {"column", column}, {"value", value}};
    if (was) cell["was"] = *was;
    return cell;
  }
  Response Edit(const Caller& who, json cells, bool dry_run = false) {
    return Post(kAllocation, who,
                {{"table", "Phụ lục I"}, {"dryRun", dry_run}, {"cells", std::move(cells)}});
  }
  // The allocation_sum findings of an answer (or of the stored plan).
  static std::vector<std::string> SumFindings(const json& body) {
    std::vector<std::string> out;
    for (const json& f : body["findings"]) {
      if (f["rule"] == "allocation_sum") out.push_back(f["measure"].get<std::string>());
    }
    return out;
  }
  json Stored(const Caller& who) { return Body(Get(kAllocation, who)); }
  std::string UnitUid(const char* code) {
    const OrgUnit* u = api_->worlds().Get()->hierarchy.FindByCode(code, Date::FromYmd(2024, 3, 1));
    EXPECT_NE(u, nullptr) << code;
    return u ? u->uid : "";
  }
};

TEST_F(ApiPlans, ProgramNodesListTheStructureParentsFirst) {
  Caller viewer = Login(kViewer);
  Response res = Get("/api/programNodes", viewer);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  const json body = Body(res);
  std::map<std::string, json> nodes;
  std::set<std::string> seen;
  for (const json& n : body["programNodes"]) {
    const std::string parent = n["parent"];
    EXPECT_TRUE(parent.empty() || seen.count(parent)) << n.dump();
    seen.insert(n["code"].get<std::string>());
    nodes[n["code"].get<std::string>()] = n;
  }
  ASSERT_TRUE(nodes.count(std::string(kPartnerArea)));
  EXPECT_EQ(nodes[std::string(kPartnerArea)]["kind"], "content_area");
  EXPECT_EQ(nodes[std::string(kPartnerArea)]["parent"], "CT1719.DA8");
  EXPECT_EQ(Get("/api/programNodes").result_int(), 401);
}

TEST_F(ApiPlans, ADryRunAnswersTheFindingsOfTheTypedTableAndWritesNothing) {
  Caller province = Login(kProvince);
  json before = Stored(province);
  ASSERT_EQ(before["rows"][kQuangHoa]["cells"][kTeamsProvince], "11");
  ASSERT_TRUE(SumFindings(Body(Get("/api/plans/CB-288-2024/validation", province))).empty());

  Response typed = Edit(province, {Cell(kQuangHoa, kTeamsProvince, "12", "11")}, true);
  ASSERT_EQ(typed.result_int(), 200) << typed.body();
  json body = Body(typed);
  EXPECT_EQ(body["dryRun"], true);
  EXPECT_EQ(body["changed"], 1);
  EXPECT_EQ(body["written"], 0);
  EXPECT_EQ(body["allocation"]["rows"][kQuangHoa]["cells"][kTeamsProvince], "12");
  // The districts' province-level teams now add up to 30 against 29.
  EXPECT_EQ(SumFindings(body), std::vector<std::string>{"P8_TTCD_TO"});
  EXPECT_GE(body["errors"].get<int>(), 1);

  EXPECT_EQ(Stored(province)["rows"][kQuangHoa]["cells"][kTeamsProvince], "11");
  EXPECT_TRUE(SumFindings(Body(Get("/api/plans/CB-288-2024/validation", province))).empty());
}

TEST_F(ApiPlans, AWriteIsStoredAuditedAndItsFindingGoesWhenTheTotalFollows) {
  Caller province = Login(kProvince);
  const int64_t target = Stored(province)["rows"][kQuangHoa]["targets"][kTeamsProvince];
  Response written = Edit(province, {Cell(kQuangHoa, kTeamsProvince, "12", "11")});
  ASSERT_EQ(written.result_int(), 200) << written.body();
  EXPECT_EQ(Body(written)["written"], 1);
  EXPECT_EQ(SumFindings(Body(written)), std::vector<std::string>{"P8_TTCD_TO"});
  json stored = Stored(province);
  EXPECT_EQ(stored["rows"][kQuangHoa]["cells"][kTeamsProvince], "12");
  EXPECT_EQ(stored["rows"][kQuangHoa]["targets"][kTeamsProvince], target);

  bool audited = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "target" && e.object_id == std::to_string(target)) {
      audited = true;
      EXPECT_EQ(e.action, "update");
      EXPECT_EQ(e.username, kProvince);
      EXPECT_EQ(e.before.value_or(""), R"({"value":"11"})");
      EXPECT_EQ(e.after.value_or(""), R"({"value":"12"})");
    }
  }
  EXPECT_TRUE(audited);

  // Raising the province level's share to 30, and so the total to 58, makes
  // the measure whole again (two cells in one call).
  Response total = Edit(province, {Cell(kLevelRow, kTeamsProvince, "30", "29"),
                                   Cell(kTotalRow, kTeamsProvince, "58", "57")});
  ASSERT_EQ(total.result_int(), 200) << total.body();
  EXPECT_TRUE(SumFindings(Body(total)).empty());
}

TEST_F(ApiPlans, AnEmptyCellBecomesATargetAndAClearedOneIsWithdrawn) {
  Caller province = Login(kProvince);
  json before = Stored(province);
  ASSERT_TRUE(before["rows"][kLabourRow]["cells"][kTeamsProvince].is_null());
  ASSERT_EQ(before["rows"][kLabourRow]["targets"][kTeamsProvince], 0);
  Response made = Edit(province, {Cell(kLabourRow, kTeamsProvince, "1", "")});
  ASSERT_EQ(made.result_int(), 200) << made.body();
  json after = Stored(province);
  EXPECT_EQ(after["rows"][kLabourRow]["cells"][kTeamsProvince], "1");
  const int64_t id = after["rows"][kLabourRow]["targets"][kTeamsProvince];
  EXPECT_GT(id, 0);
  bool created = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "target" && e.object_id == std::to_string(id)) {
      created = e.action == "create";
      EXPECT_THAT(e.after.value_or(""), HasSubstr("P8_TTCD_TO"));
    }
  }
  EXPECT_TRUE(created);

  Response cleared = Edit(province, {Cell(kLabourRow, kTeamsProvince, "", "1")});
  ASSERT_EQ(cleared.result_int(), 200) << cleared.body();
  EXPECT_TRUE(Stored(province)["rows"][kLabourRow]["cells"][kTeamsProvince].is_null());
  std::shared_ptr<const World> world = api_->worlds().Get();
  for (const gemis::Target& t : world->plans.data().targets) {
    if (t.id == id) {
      EXPECT_EQ(t.status, TargetStatus::kWithdrawn);
    }
  }
}

TEST_F(ApiPlans, AValueChangedMeanwhileIsAConflict) {
  Caller province = Login(kProvince);
  ASSERT_EQ(Edit(province, {Cell(kQuangHoa, kTeamsProvince, "12", "11")}).result_int(), 200);
  // A second editor still sees 11.
  Response late = Edit(province, {Cell(kQuangHoa, kTeamsProvince, "10", "11")});
  EXPECT_EQ(late.result_int(), 409) << late.body();
  EXPECT_EQ(Body(late)["field"], "cells/0/was");
  EXPECT_EQ(Stored(province)["rows"][kQuangHoa]["cells"][kTeamsProvince], "12");
  // A row that is another unit now (the guard) is a conflict too.
  json guarded = Cell(kQuangHoa, kTeamsProvince, "10");
  guarded["orgUnit"] = "047";
  Response moved = Edit(province, {guarded});
  EXPECT_EQ(moved.result_int(), 409);
  EXPECT_EQ(Body(moved)["field"], "cells/0/orgUnit");
}

TEST_F(ApiPlans, BadCellsAreRefusedByNameAndNothingIsWritten) {
  Caller province = Login(kProvince);
  struct Case {
    json cells;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::array({Cell(kQuangHoa, kTeamsProvince, "1,5")}), "cells/0/value"},
      {json::array({Cell(kTrungKhanh, kTeamsProvince, "9"), Cell(kQuangHoa, kTeamsProvince, "-1")}),
       "cells/1/value"},
      {json::array({Cell(99, kTeamsProvince, "1")}), "cells/0/row"},
      {json::array({Cell(kQuangHoa, 0, "1")}), "cells/0/column"},  // a place count
      {json::array({json{{"row", -1}, {"column", 2}, {"value", "1"}}}), "cells/0/row"},
      {json::array({json{{"row", 2}, {"column", 2}, {"value", 5}}}), "cells/0/value"},
      {json::array({json{{"row", 2}, {"column", 2}, {"value", "5"}, {"was", 4}}}),
       "cells/0/was"},
      {json::object(), "cells"},
  };
  for (const Case& c : cases) {
    Response r = Edit(province, c.cells);
    EXPECT_EQ(r.result_int(), 400) << c.cells.dump() << " " << r.body();
    EXPECT_EQ(Body(r)["field"], c.field) << r.body();
  }
  EXPECT_EQ(Stored(province)["rows"][kTrungKhanh]["cells"][kTeamsProvince], "8");
  Response table = Post(kAllocation, province, {{"table", "Phụ lục IX"}, {"cells", json::array()}});
  EXPECT_EQ(table.result_int(), 404);
  EXPECT_EQ(Body(table)["field"], "table");
}

TEST_F(ApiPlans, EachCellMustBeInTheCallersEntryScope) {
  EXPECT_EQ(Edit(Login(kCommune), {Cell(kQuangHoa, kTeamsProvince, "12")}).result_int(), 403);
  Caller admin = Login(kAdmin);
  const std::string quang_hoa = UnitUid("049");
  Response user = Post("/api/users", admin,
                       {{"username", "qh.huyen"},
                        {"displayName", "Nông Thị Hoa"},
                        {"password", "Rung-Thong-Bac-Son-42"},
                        {"roles", {"district_officer"}},
                        {"entryScope", {quang_hoa}},
                        {"viewScope", {quang_hoa}}});
  ASSERT_EQ(user.result_int(), 201) << user.body();
  Caller district = Login("qh.huyen", "Rung-Thong-Bac-Son-42");
  // Its own row, yes; Trùng Khánh's, no — not even in a dry run.
  EXPECT_EQ(Edit(district, {Cell(kQuangHoa, kTeamsProvince, "12")}, true).result_int(), 200);
  Response other = Edit(district, {Cell(kTrungKhanh, kTeamsProvince, "9")}, true);
  EXPECT_EQ(other.result_int(), 403) << other.body();
  EXPECT_EQ(Body(other)["errorCode"], "E_SCOPE");
  EXPECT_EQ(Body(other)["field"], "cells/0");
}

}  // namespace
}  // namespace gemis::server::api_test
