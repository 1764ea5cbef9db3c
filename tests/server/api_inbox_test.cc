// The in-app inbox over HTTP (api_inbox.cc, docs/api.md "Inbox") with the
// server's reminder passes on the testing clock: moving the clock past the
// national annual report's deadline (10/11/2026 for communes) puts the
// overdue reminder in the commune officer's inbox and a summary in the
// province officer's; each user reads and marks only their own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"
#include "server/reminder_scheduler.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ApiInbox : public ApiTest {
 public:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    scheduler_ = std::make_unique<ReminderScheduler>(
        *store_, fake_, reporting::ReminderOptions(), std::vector<reporting::Notifier*>(),
        [this](std::string_view line) { log_.emplace_back(line); });
    ApiOptions options;
    options.auth.password_cost = access::PasswordCost::kMinimum;
    options.test_clock = &fake_;
    options.reminders = scheduler_.get();
    api_.reset();
    Result<std::unique_ptr<Api>> api = Api::Create(*store_, fake_, options);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
  }

  void TearDown() override {
    api_.reset();  // it points at the scheduler
    scheduler_.reset();
  }

  // Moves the clock; answers how many reminders the pass sent.
  int64_t MoveTo(const std::string& now) {
    Response res = Put("/api/testing/clock", TokenOf(kAdmin), {{"now", now}});
    EXPECT_EQ(res.result_int(), 200) << res.body();
    return Body(res).value("reminders", int64_t{-1});
  }

  json Inbox(const Caller& who, const std::string& query = "") {
    Response res = Get("/api/inbox" + query, who);
    EXPECT_EQ(res.result_int(), 200) << res.body();
    return Body(res);
  }

  OffsetClock fake_{clock_, kNow};
  std::unique_ptr<ReminderScheduler> scheduler_;
  std::vector<std::string> log_;
};

TEST_F(ApiInbox, IsEmptyBeforeAnyDeadline) {
  json inbox = Inbox(TokenOf(kCommune));
  EXPECT_EQ(inbox["unread"], 0);
  EXPECT_EQ(inbox["notifications"], json::array());
  EXPECT_EQ(inbox["pager"]["total"], 0);
  EXPECT_EQ(inbox["pager"]["page"], 1);
}

TEST_F(ApiInbox, MovingTheClockPastTheDeadlineRemindsTheCommuneAndTheProvince) {
  EXPECT_GT(MoveTo("2026-11-20T09:00"), 0);
  json commune = Inbox(TokenOf(kCommune));
  EXPECT_EQ(commune["unread"], 1);
  ASSERT_EQ(commune["notifications"].size(), 1u);
  const json& n = commune["notifications"][0];
  EXPECT_EQ(n["kind"], "overdue");
  EXPECT_THAT(n["subject"].get<std::string>(), StartsWith("Quá hạn nộp báo cáo P8-BC-NAM 2026"));
  EXPECT_THAT(n["body"].get<std::string>(), HasSubstr("\n\nThe report"));
  EXPECT_EQ(n["link"], "/reports/P8-BC-NAM/2026/" + units_.commune);
  EXPECT_EQ(n["created"], "2026-11-20T02:00:00.000Z");
  EXPECT_TRUE(n["read"].is_null());

  json province = Inbox(TokenOf(kProvince));
  bool summary = false;
  for (const json& p : province["notifications"]) {
    if (p["kind"] == "missingSummary") {
      summary = true;
      EXPECT_THAT(p["subject"].get<std::string>(),
                  HasSubstr("đơn vị chưa gửi báo cáo P8-BC-NAM 2026"));
      EXPECT_THAT(p["link"].get<std::string>(),
                  StartsWith("/reports/completeness?type=P8-BC-NAM&period=2026&unit="));
    }
  }
  EXPECT_TRUE(summary) << province.dump();

  // The same day again: nothing new.
  EXPECT_EQ(MoveTo("2026-11-20T15:00"), 0);
  EXPECT_EQ(Inbox(TokenOf(kCommune))["pager"]["total"], 1);
  EXPECT_TRUE(log_.size() >= 1u);  // the pass that sent them
}

TEST_F(ApiInbox, EachUserMarksOnlyTheirOwnRead) {
  MoveTo("2026-11-20T09:00");
  Caller commune = TokenOf(kCommune), other = TokenOf(kOtherCommune);
  const int64_t id = Inbox(commune)["notifications"][0]["id"];
  const std::string mark = "/api/inbox/" + std::to_string(id) + "/read";
  EXPECT_EQ(Post(mark, other, json::object()).result_int(), 404);
  EXPECT_EQ(Inbox(commune)["unread"], 1);

  Response res = Post(mark, commune, json::object());
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json after = Inbox(commune);
  EXPECT_EQ(after["unread"], 0);
  EXPECT_EQ(after["notifications"][0]["read"], "2026-11-20T02:00:00.000Z");
  EXPECT_EQ(Post(mark, commune, json::object()).result_int(), 200);  // again: still read

  EXPECT_EQ(Post("/api/inbox/abc/read", commune, json::object()).result_int(), 404);
  EXPECT_EQ(Post("/api/inbox/99999999/read", commune, json::object()).result_int(), 404);
  EXPECT_EQ(Post(mark, Caller(), json::object()).result_int(), 401);

  bool audited = false;
  for (const store::AuditEntry& e : AuditLog()) {
    audited = audited || (e.object_type == "notification" && e.action == "read" &&
                          e.object_id == std::to_string(id) && e.username == kCommune);
  }
  EXPECT_TRUE(audited);
}

TEST_F(ApiInbox, ReadAllMarksTheCallersUnreadOnes) {
  MoveTo("2026-11-20T09:00");
  Caller province = TokenOf(kProvince), commune = TokenOf(kCommune);
  const int64_t unread = Inbox(province)["unread"];
  ASSERT_GT(unread, 0);
  Response all = Post("/api/inbox/readAll", province, json::object());
  ASSERT_EQ(all.result_int(), 200) << all.body();
  EXPECT_EQ(Body(all)["marked"], unread);
  EXPECT_EQ(Inbox(province)["unread"], 0);
  EXPECT_EQ(Inbox(commune)["unread"], 1);  // another's stay unread
  EXPECT_EQ(Body(Post("/api/inbox/readAll", province, json::object()))["marked"], 0);
}

TEST_F(ApiInbox, PagesNewestFirstAndRefusesBadPages) {
  MoveTo("2026-11-20T09:00");
  Caller admin = TokenOf(kAdmin);
  // The administrator hears of the provinces without an officer of their own.
  json all = Inbox(admin, "?pageSize=200");
  const int64_t total = all["pager"]["total"];
  ASSERT_GE(total, 2);
  json first = Inbox(admin, "?pageSize=1");
  json second = Inbox(admin, "?page=2&pageSize=1");
  ASSERT_EQ(first["notifications"].size(), 1u);
  ASSERT_EQ(second["notifications"].size(), 1u);
  EXPECT_GT(first["notifications"][0]["id"].get<int64_t>(),
            second["notifications"][0]["id"].get<int64_t>());
  EXPECT_EQ(first["pager"]["pageCount"], total);
  EXPECT_EQ(first["unread"], total);
  for (const char* bad : {"?pageSize=0", "?pageSize=201", "?page=0", "?page=x"}) {
    Response res = Get(std::string("/api/inbox") + bad, admin);
    EXPECT_EQ(res.result_int(), 400) << bad;
  }
}

}  // namespace
}  // namespace gemis::server::api_test
