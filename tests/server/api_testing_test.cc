// PUT /api/testing/clock: present only when the Api is given a test clock
// (gemis serve --fake-now), held to manage_metadata, audited, and the
// deadlines follow it at once. The other route tests run without it, so
// the route enumeration tests (authorization, bad input, OpenAPI) never see
// it (docs/api.md "Testing clock").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

class ApiTestingClock : public ApiTest {
 public:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    ApiOptions options;
    options.auth.password_cost = access::PasswordCost::kMinimum;
    options.test_clock = &fake_;
    api_.reset();
    Result<std::unique_ptr<Api>> api = Api::Create(*store_, fake_, options);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
  }

  OffsetClock fake_{clock_, kNow};
};

TEST(ApiTestingRoute, IsAbsentWithoutATestClock) {
  // The fixture's Api, as every other route test has it.
  class Plain : public ApiTest {
    void TestBody() override {}
  } plain;
  plain.SetUp();
  for (const Route& r : plain.api_->router().routes()) EXPECT_NE(r.pattern, "/api/testing/clock");
  Response res = plain.Put("/api/testing/clock", plain.TokenOf(kAdmin), {{"now", "2024-11-12"}});
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(plain.ErrorCodeOf(res), "E_ROUTE");
}

TEST_F(ApiTestingClock, TheAdministratorMovesItAndDeadlinesFollow) {
  Caller admin = TokenOf(kAdmin), commune = TokenOf(kCommune);
  const std::string list = "/api/reports?type=P8-BC-NAM&period=2026";
  auto timeliness = [&] {
    Response res = Get(list, commune);
    EXPECT_EQ(res.result_int(), 200) << res.body();
    const json body = Body(res);
    for (const json& r : body["reports"]) {
      if (r["unit"]["uid"] == units_.commune) return r["timeliness"].get<std::string>();
    }
    return std::string("?");
  };
  EXPECT_EQ(timeliness(), "pending");  // 15/5/2026, due before 10/11

  Response moved = Put("/api/testing/clock", admin, {{"now", "2026-11-20T09:00"}});
  ASSERT_EQ(moved.result_int(), 200) << moved.body();
  EXPECT_EQ(Body(moved)["now"], "2026-11-20T02:00:00.000Z");
  EXPECT_EQ(Body(moved)["today"], "2026-11-20");
  EXPECT_EQ(VietnamToday(fake_).ToString(), "2026-11-20");
  // Six months on, the tokens of May have expired, as sessions would.
  EXPECT_EQ(Get(list, commune).result_int(), 401);
  commune = TokenOf(kCommune);
  EXPECT_EQ(timeliness(), "missing");
  EXPECT_EQ(Body(Get("/api/reports/mine", commune))["today"], "2026-11-20");

  // It runs on with the real clock.
  clock_.Advance(kMinute);
  EXPECT_EQ(FormatTimestamp(fake_.NowMillis()), "2026-11-20T02:01:00.000Z");

  bool audited = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "clock") {
      audited = true;
      EXPECT_EQ(e.username, kAdmin);
      EXPECT_THAT(e.after.value_or(""), ::testing::HasSubstr("2026-11-20T02:00:00.000Z"));
    }
  }
  EXPECT_TRUE(audited);
}

TEST_F(ApiTestingClock, OnlyTheAdministratorAndOnlyATime) {
  // Province officers manage users, but not the metadata nor the clock.
  Response officer = Put("/api/testing/clock", TokenOf(kProvince), {{"now", "2026-11-20"}});
  EXPECT_EQ(officer.result_int(), 403);
  EXPECT_EQ(Put("/api/testing/clock", TokenOf(kCommune), {{"now", "2026-11-20"}}).result_int(),
            403);
  EXPECT_EQ(Put("/api/testing/clock", {}, {{"now", "2026-11-20"}}).result_int(), 401);
  Caller admin = TokenOf(kAdmin);
  for (const json& body : {json{{"now", "20/11/2026"}}, json{{"now", 5}}, json::object()}) {
    Response bad = Put("/api/testing/clock", admin, body);
    EXPECT_EQ(bad.result_int(), 400) << body.dump();
    EXPECT_EQ(FieldOf(bad), "now") << body.dump();
  }
  EXPECT_EQ(fake_.NowMillis(), kNow);
}

}  // namespace
}  // namespace gemis::server::api_test
