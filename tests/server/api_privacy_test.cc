// /api/privacy/…: the data-protection officer keeps the log of data
// subjects' requests, breaches and retention, erases without reading, and
// hands a record over (an access request) only with the right to read it.
// (Every route × role is also in api_authorization_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiPrivacy : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    commune_ = Login(kCommune);
    json birth = {
        {"code", "XA-SDAT-1"},
        {"motherName", "Hoàng Thị Mai"},
        {"motherBirthDate", "2001-04-02"},
        {"ethnicity", "ETHNIC_02"},
        {"commune", units_.commune},
        {"birthDate", "2026-03-01"},
        {"payments", {{{"package", "supplies"}, {"day", "2026-03-01"}, {"amount", 500000}}}}};
    ASSERT_EQ(Post("/api/beneficiaries", commune_, birth).result_int(), 201);
    dpo_ = Login(kProtection);
  }
  Response LogRequest(const std::string& kind) {
    return Post("/api/privacy/requests", dpo_,
                {{"register", "safe_birth"},
                 {"recordCode", "XA-SDAT-1"},
                 {"kind", kind},
                 {"received", "2026-05-15T08:00"}});
  }
  Response Answer(const Response& logged) {
    return Post("/api/privacy/requests/" + std::to_string(Body(logged).value("id", 0)) + "/answer",
                dpo_, {{"note", "Đã xử lý theo đơn"}});
  }

  Caller commune_, dpo_;
};

TEST_F(ApiPrivacy, OnlyTheDataProtectionOfficerKeepsTheLog) {
  for (std::string_view who : {kAdmin, kProvince, kCommune, kViewer}) {
    Response res = Get("/api/privacy/requests", Login(who));
    EXPECT_EQ(res.result_int(), 403) << who;
    EXPECT_EQ(ErrorCodeOf(res), "E_FORBIDDEN") << who;
  }
  Response logged = LogRequest("erasure");
  ASSERT_EQ(logged.result_int(), 201) << logged.body();
  EXPECT_EQ(Body(logged)["state"], "open");
  EXPECT_EQ(Body(logged)["due"], "2026-05-18T01:00:00.000Z");  // 72 hours, Vietnam time in
  Response list = Get("/api/privacy/requests", dpo_);
  ASSERT_EQ(list.result_int(), 200);
  EXPECT_EQ(Body(list)["requests"].size(), 1u);
  // The administrator cannot give the authority to anyone, themselves included.
  Response role = Post("/api/roles", Login(kAdmin),
                       {{"code", "privacy_clerk"},
                        {"name", "Thư ký bảo vệ dữ liệu"},
                        {"authorities", {"manage_privacy"}}});
  EXPECT_EQ(role.result_int(), 403) << role.body();
}

TEST_F(ApiPrivacy, TheOfficerErasesWithoutReading) {
  Response access = LogRequest("access");
  ASSERT_EQ(access.result_int(), 201);
  Response refused = Answer(access);
  EXPECT_EQ(refused.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(refused), "E_NEED_TO_KNOW");
  EXPECT_THAT(refused.body(), Not(HasSubstr("Hoàng Thị Mai")));

  Response erasure = LogRequest("erasure");
  ASSERT_EQ(erasure.result_int(), 201);
  Response answered = Answer(erasure);
  ASSERT_EQ(answered.result_int(), 200) << answered.body();
  json request = Body(answered)["request"];
  EXPECT_EQ(request["state"], "answered");
  EXPECT_EQ(request["erased"][0], "motherName");
  EXPECT_EQ(request["kept"][0]["field"], "payments");
  EXPECT_THAT(request["kept"][0]["reason"].get<std::string>(), HasSubstr("Luật Kế toán"));
  EXPECT_EQ(
      Post("/api/privacy/requests/" + std::to_string(request["id"].get<int64_t>()) + "/answer",
           dpo_, json::object())
          .result_int(),
      409);  // answered once

  // The commune officer, who may read names, finds none: it was erased.
  Response birth = Get("/api/beneficiaries/XA-SDAT-1", commune_);
  ASSERT_EQ(birth.result_int(), 200);
  EXPECT_TRUE(Body(birth)["motherName"].is_null());
  EXPECT_EQ(Body(birth)["identityErased"], "2026-05-15");
  EXPECT_EQ(Body(birth)["payments"].size(), 1u);
  EXPECT_THAT(Get("/api/audit?objectType=subjectRequest", Login(kAdmin)).body(),
              Not(HasSubstr("Hoàng Thị")));
}

TEST_F(ApiPrivacy, AnAccessRequestNeedsTheRightToRead) {
  // A data-protection officer who also holds read_personal (set up through
  // the store) hands the record over.
  Status granted = store_->Write([&](store::WriteTransaction& txn) -> Status {
    access::Role role{0,
                      "chi_tra",
                      "Cán bộ chi trả",
                      "Payments officer",
                      access::MakeSet({access::Authority::kReadPersonal}),
                      false};
    GEMIS_RETURN_IF_ERROR(txn.SaveRole(role).status());
    GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> u, txn.FindUser(kProtection));
    if (!u) return Status::NotFound("no data protection user");
    u->roles.push_back("chi_tra");
    return txn.SaveUser(*u).status();
  });
  ASSERT_TRUE(granted.ok()) << granted.ToString();
  dpo_ = Login(kProtection);
  Response access = LogRequest("access");
  ASSERT_EQ(access.result_int(), 201);
  Response answered = Answer(access);
  ASSERT_EQ(answered.result_int(), 200) << answered.body();
  json given = Body(answered)["access"];
  EXPECT_EQ(given["record"]["motherName"], "Hoàng Thị Mai");
  EXPECT_EQ(given["processing"][0]["action"], "create");
  EXPECT_EQ(given["processing"][0]["user"], kCommune);
}

TEST_F(ApiPrivacy, BreachesAreNotifiedWithin72Hours) {
  Response made = Post("/api/privacy/breaches", dpo_,
                       {{"detected", "2026-05-15T07:00"},
                        {"description", "Danh sách chi trả gửi nhầm thư điện tử"},
                        {"registers", {"safe_birth"}},
                        {"subjects", 1}});
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["state"], "to_notify");
  const std::string path =
      "/api/privacy/breaches/" + std::to_string(Body(made)["id"].get<int64_t>());
  Response late =
      Put(path, dpo_, {{"notified", "2026-05-19T09:00"}, {"notifiedTo", "A05, Bộ Công an"}});
  EXPECT_EQ(late.result_int(), 400);
  EXPECT_EQ(FieldOf(late), "lateReason");
  Response notified = Put(path, dpo_,
                          {{"notified", "2026-05-19T09:00"},
                           {"notifiedTo", "A05, Bộ Công an"},
                           {"lateReason", "Phát hiện trong kỳ nghỉ lễ"}});
  ASSERT_EQ(notified.result_int(), 200) << notified.body();
  EXPECT_EQ(Body(notified)["state"], "notified_late");
  EXPECT_EQ(Body(notified)["description"], "Danh sách chi trả gửi nhầm thư điện tử");
  // Decomposed text (another keyboard) is stored in NFC.
  Response decomposed = Put(path, dpo_, {{"measures", "\u0110o\u0302\u0309i m\u1eadt kh\u1ea9u"}});
  ASSERT_EQ(decomposed.result_int(), 200) << decomposed.body();
  EXPECT_EQ(Body(decomposed)["measures"], "Đổi mật khẩu");
  EXPECT_EQ(Put("/api/privacy/breaches/999", dpo_, {{"measures", "x"}}).result_int(), 404);
  EXPECT_EQ(Put("/api/privacy/breaches/abc", dpo_, {{"measures", "x"}}).result_int(), 404);
  EXPECT_EQ(Body(Get("/api/privacy/breaches", dpo_))["breaches"].size(), 1u);
}

TEST_F(ApiPrivacy, EveryRoleReadsWhatTheRegistersAreForButNotWhoIsInThem) {
  for (const Caller* who : {&commune_, &dpo_}) {
    Response r = Get("/api/privacy/registers", *who);
    ASSERT_EQ(r.result_int(), 200) << r.body();
    const json registers = Body(r)["registers"];
    ASSERT_EQ(registers.size(), 3u);
    EXPECT_EQ(registers[0]["register"], "safe_birth");
    EXPECT_THAT(registers[0]["legalBasis"].get<std::string>(),
                HasSubstr("Thông tư 15/2022/TT-BTC"));
    EXPECT_EQ(registers[0]["retentionYears"], 10);
    EXPECT_EQ(registers[1]["register"], "cadre");
    EXPECT_TRUE(registers[1]["retentionYears"].is_null());
    EXPECT_EQ(registers[2]["register"], "case");
    EXPECT_THAT(registers[2]["whoSees"]["en"].get<std::string>(), HasSubstr("gives no access"));
    EXPECT_THAT(r.body(), Not(HasSubstr("Hoàng Thị Mai")));
  }
  // A changed period shows.
  ASSERT_EQ(Put("/api/privacy/retention/case", dpo_, {{"years", 7}}).result_int(), 200);
  EXPECT_EQ(Body(Get("/api/privacy/registers", commune_))["registers"][2]["retentionYears"], 7);
}

TEST_F(ApiPrivacy, RetentionAndBadBodies) {
  Response shown = Get("/api/privacy/retention", dpo_);
  ASSERT_EQ(shown.result_int(), 200);
  EXPECT_EQ(Body(shown)["retention"][0]["years"], 10);
  EXPECT_EQ(FieldOf(Put("/api/privacy/retention/safe_birth", dpo_, {{"years", 0}})), "years");
  EXPECT_EQ(FieldOf(Put("/api/privacy/retention/cadre", dpo_, {{"years", 5}})), "register");
  Response dry =
      Post("/api/privacy/retention/apply", dpo_, {{"dryRun", true}, {"asOf", "2036-03-02"}});
  ASSERT_EQ(dry.result_int(), 200) << dry.body();
  EXPECT_EQ(Body(dry)["births"], json::array({"XA-SDAT-1"}));
  EXPECT_EQ(Body(Get("/api/beneficiaries/XA-SDAT-1", commune_))["motherName"], "Hoàng Thị Mai");

  // Bad bodies name their field and never reach a 5xx.
  const std::vector<std::pair<std::string, json>> bad = {
      {"/api/privacy/requests", {{"register", "users"}, {"recordCode", "X"}, {"kind", "access"}}},
      {"/api/privacy/requests",
       {{"register", "safe_birth"}, {"recordCode", "NONE"}, {"kind", "access"}}},
      {"/api/privacy/requests",
       {{"register", "safe_birth"}, {"recordCode", 7}, {"kind", "access"}}},
      {"/api/privacy/requests",
       {{"register", "safe_birth"},
        {"recordCode", "XA-SDAT-1"},
        {"kind", "access"},
        {"received", "hôm qua"}}},
      {"/api/privacy/requests", {{"colour", "red"}}},
      {"/api/privacy/breaches", {{"description", ""}}},
      {"/api/privacy/breaches", {{"description", "x"}, {"registers", "case"}}},
      {"/api/privacy/breaches", {{"description", "x"}, {"subjects", -1}}},
      {"/api/privacy/retention/apply", {{"dryRun", "yes"}}},
      {"/api/privacy/retention/apply", {{"asOf", "2026-02-30"}}},
  };
  for (const auto& [path, body] : bad) {
    Response res = Post(path, dpo_, body);
    EXPECT_GE(res.result_int(), 400) << path << body.dump();
    EXPECT_LT(res.result_int(), 500) << path << body.dump() << res.body();
    EXPECT_FALSE(FieldOf(res).empty()) << path << body.dump() << res.body();
  }
}

}  // namespace
}  // namespace gemis::server::api_test
