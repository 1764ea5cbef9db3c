// /api/cases and /api/caseTeams end to end through the API: need to know
// (read_confidential AND a place on the address's case team; the hierarchy,
// the administrator and the data-protection officer read nothing), no
// self-grant, supervisors read but do not change, consent checked when a
// case leaves (referral), every answer holding a case audited, a case in no
// figure without consent for reporting nor in a cell under five, names
// sealed on disk, and bad input answered without a 5xx. (Every route × role is also in
// api_authorization_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "server/api_fixture.h"
#include "store/records_store.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kWorker = "ca.xa";   // case_worker, view `commune`
constexpr std::string_view kUpper = "ca.tinh";  // case_worker, view Cao Bằng
constexpr std::string_view kSurvivor = "Hoàng Thị Én";

class ApiCases : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // A custom role carrying read_confidential, as the data-protection
    // officer would create it, two users holding it, and a trusted address
    // in `commune`.
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      access::Role role;
      role.code = "case_worker";
      role.name = "Người quản lý ca";
      role.authorities =
          access::MakeSet({access::Authority::kReadMetadata, access::Authority::kReadConfidential});
      GEMIS_RETURN_IF_ERROR(txn.SaveRole(role).status());
      GEMIS_ASSIGN_OR_RETURN(std::string hash,
                             access::HashPassword(kPassword, access::PasswordCost::kMinimum));
      for (auto [name, root] :
           {std::pair{kWorker, units_.commune_id}, std::pair{kUpper, units_.cao_bang_id}}) {
        access::User u;
        u.username = std::string(name);
        u.display_name = u.username;
        u.password_hash = hash;
        u.roles = {"case_worker"};
        u.view_scope = {root};
        GEMIS_RETURN_IF_ERROR(txn.SaveUser(u).status());
      }
      records::Model m;
      m.code = "XA-DCTC-1";
      m.kind = records::ModelKind::kTrustedAddress;
      m.name = "Địa chỉ tin cậy tổ dân phố 3";
      m.org_unit = units_.commune_id;
      m.established = Day(2025, 9, 1);
      return txn.SaveModel(m).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(api_->worlds().Reload().ok());
  }

  static json Case(const std::string& code, bool referral_consent = false) {
    json consents = {{{"purpose", "services"}, {"given", true}, {"day", "2026-03-02"}},
                     {{"purpose", "reporting"}, {"given", true}, {"day", "2026-03-02"}}};
    if (referral_consent) {
      consents.push_back({{"purpose", "referral"}, {"given", true}, {"day", "2026-03-02"}});
    }
    return {{"code", code},
            {"kind", "violence"},
            {"address", "XA-DCTC-1"},
            {"opened", "2026-03-02"},
            {"survivorName", std::string(kSurvivor)},
            {"contact", "qua tổ trưởng"},
            {"narrative", "Bị chồng đánh"},
            {"age", 34},
            {"incidents", {"physical_assault"}},
            {"consents", consents},
            {"services", {{{"service", "safety"}, {"day", "2026-03-02"}}}}};
  }

  Response Grant(const Caller& by, std::string_view user, const char* role = "caseworker") {
    return Post("/api/caseTeams", by,
                {{"address", "XA-DCTC-1"}, {"user", std::string(user)}, {"role", role}});
  }

  int Views(const std::string& code) {
    int n = 0;
    for (const store::AuditEntry& e : AuditLog()) {
      if (e.object_type == "case" && e.object_id == code && e.action == "view") {
        ++n;
        EXPECT_FALSE(e.after && e.after->find(kSurvivor) != std::string::npos);
      }
    }
    return n;
  }
};

TEST_F(ApiCases, TheAdministratorNeitherReadsNorGrantsNorGrantsThemself) {
  Caller admin = Login(kAdmin);
  EXPECT_EQ(Get("/api/cases", admin).result_int(), 403);
  EXPECT_EQ(Grant(admin, kWorker).result_int(), 403);
  EXPECT_EQ(Grant(admin, kAdmin).result_int(), 403);
  // Nor through the users' routes: a role with read_confidential is not
  // theirs to give, to themselves or to anyone.
  Response self =
      Put("/api/users/" + std::string(kAdmin), admin, {{"roles", {"admin", "case_worker"}}});
  EXPECT_NE(self.result_int(), 200) << self.body();
  Response other = Put("/api/users/" + std::string(kCommune), admin,
                       {{"roles", {"commune_officer", "case_worker"}}});
  EXPECT_NE(other.result_int(), 200) << other.body();
}

TEST_F(ApiCases, TheDataProtectionOfficerNamesOthersButNeverThemselves) {
  Caller dpo = Login(kProtection);
  Response self = Grant(dpo, kProtection);
  EXPECT_EQ(self.result_int(), 409) << self.body();
  EXPECT_THAT(self.body(), HasSubstr("nobody gives themselves"));
  Response admin = Grant(dpo, kAdmin);
  EXPECT_EQ(admin.result_int(), 409);
  EXPECT_THAT(admin.body(), HasSubstr("read_confidential"));
  EXPECT_EQ(Grant(dpo, kWorker).result_int(), 201);
  Response teams = Get("/api/caseTeams", dpo);
  ASSERT_EQ(teams.result_int(), 200);
  ASSERT_EQ(Body(teams)["caseTeams"].size(), 1u);
  EXPECT_EQ(Body(teams)["caseTeams"][0]["user"], kWorker);
  EXPECT_EQ(Body(teams)["caseTeams"][0]["grantedBy"], kProtection);
  // The places a team can be named for, with no confidential fact.
  json addresses = Body(teams)["addresses"];
  ASSERT_EQ(addresses.size(), 1u);
  EXPECT_EQ(addresses[0]["code"], "XA-DCTC-1");
  EXPECT_EQ(addresses[0]["kind"], "trusted_address");
  EXPECT_TRUE(addresses[0]["orgUnitName"].is_string());
  // The officer who names the team does not read its cases.
  EXPECT_EQ(Get("/api/cases", dpo).result_int(), 403);
}

TEST_F(ApiCases, OnlyTheTeamReadsAndEveryReadIsAudited) {
  Caller dpo = Login(kProtection);
  ASSERT_EQ(Grant(dpo, kWorker).result_int(), 201);
  Caller worker = Login(kWorker);
  Response made = Post("/api/cases", worker, Case("XA-CA-1"));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["survivorName"], kSurvivor);
  EXPECT_TRUE(Body(made)["figures"]["suppressed"].is_number_integer());
  Response got = Get("/api/cases/XA-CA-1", worker);
  ASSERT_EQ(got.result_int(), 200);
  EXPECT_EQ(Body(got)["narrative"], "Bị chồng đánh");
  Response list = Get("/api/cases", worker);
  ASSERT_EQ(Body(list)["cases"].size(), 1u);
  // The caller's places on case teams, for the form's address choice.
  Response places = Get("/api/caseAddresses", worker);
  ASSERT_EQ(places.result_int(), 200);
  json mine = Body(places)["addresses"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["code"], "XA-DCTC-1");
  EXPECT_EQ(mine[0]["role"], "caseworker");
  EXPECT_EQ(Views("XA-CA-1"), 3);  // the answer to the POST, the GET, the list
  // The province's caseworker holds read_confidential and the province:
  // higher in the hierarchy, not on the team, reads nothing.
  Caller upper = Login(kUpper);
  EXPECT_EQ(Get("/api/cases/XA-CA-1", upper).result_int(), 404);
  EXPECT_EQ(Body(Get("/api/cases", upper))["cases"].size(), 0u);
  EXPECT_EQ(Body(Get("/api/caseAddresses", upper))["addresses"].size(), 0u);
  EXPECT_EQ(Get("/api/cases?address=XA-DCTC-1", upper).result_int(), 404);
  EXPECT_THAT(Get("/api/cases/XA-CA-1", upper).body(), Not(HasSubstr(std::string(kSurvivor))));
  EXPECT_EQ(Views("XA-CA-1"), 3);
  // The model's own route shows no case.
  EXPECT_THAT(Get("/api/models/XA-DCTC-1", Login(kCommune)).body(),
              Not(HasSubstr(std::string(kSurvivor))));
}

TEST_F(ApiCases, SupervisorsReadButDoNotChange) {
  Caller dpo = Login(kProtection);
  ASSERT_EQ(Grant(dpo, kWorker).result_int(), 201);
  ASSERT_EQ(Grant(dpo, kUpper, "supervisor").result_int(), 201);
  Caller worker = Login(kWorker);
  ASSERT_EQ(Post("/api/cases", worker, Case("XA-CA-1")).result_int(), 201);
  Caller upper = Login(kUpper);
  EXPECT_EQ(Get("/api/cases/XA-CA-1", upper).result_int(), 200);
  EXPECT_EQ(Put("/api/cases/XA-CA-1", upper, Case("XA-CA-1")).result_int(), 403);
  EXPECT_EQ(Delete("/api/cases/XA-CA-1", upper).result_int(), 403);
  EXPECT_EQ(Post("/api/cases", upper, Case("XA-CA-2")).result_int(), 403);
  // Taken off the team, the caseworker reads nothing more.
  ASSERT_EQ(Delete("/api/caseTeams/XA-DCTC-1/" + std::string(kWorker), dpo).result_int(), 200);
  EXPECT_EQ(Get("/api/cases/XA-CA-1", worker).result_int(), 404);
}

TEST_F(ApiCases, AReferralNeedsHerConsent) {
  Caller dpo = Login(kProtection);
  ASSERT_EQ(Grant(dpo, kWorker).result_int(), 201);
  Caller worker = Login(kWorker);
  ASSERT_EQ(Post("/api/cases", worker, Case("XA-CA-1")).result_int(), 201);
  Response refused =
      Post("/api/cases/XA-CA-1/referral", worker, {{"organisation", "Bệnh viện tỉnh"}});
  EXPECT_EQ(refused.result_int(), 409) << refused.body();
  EXPECT_THAT(refused.body(), HasSubstr("consent for referral"));
  ASSERT_EQ(Put("/api/cases/XA-CA-1", worker, Case("XA-CA-1", true)).result_int(), 200);
  Response sheet =
      Post("/api/cases/XA-CA-1/referral", worker, {{"organisation", "Bệnh viện tỉnh"}});
  ASSERT_EQ(sheet.result_int(), 200) << sheet.body();
  EXPECT_EQ(Body(sheet)["survivorName"], kSurvivor);
  EXPECT_FALSE(Body(sheet).contains("narrative"));
  // A service without consent is refused where it is.
  json c = Case("XA-CA-2");
  c["consents"] = json::array();
  Response bad = Post("/api/cases", worker, c);
  EXPECT_EQ(bad.result_int(), 409);
  EXPECT_EQ(Body(bad)["field"], "/services/0");
}

TEST_F(ApiCases, ACaseCountsOnlyWithConsentForReportingAndFromFiveOnAndItsNameIsNeverOnDisk) {
  Status s = store_->Write([&](store::WriteTransaction& txn) {
    records::RegisterFigureRule rule;
    rule.data_element = std::string(kOtherElement);
    rule.register_kind = records::RegisterKind::kCases;
    rule.measure = "cases";
    return txn.SaveRegisterFigureRule(rule).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(Grant(Login(kProtection), kWorker).result_int(), 201);
  Caller worker = Login(kWorker);
  Caller province = Login(kProvince);
  auto published = [&](const std::string& unit) {
    Response r =
        Get("/api/dataValues?de=" + std::string(kOtherElement) + "&pe=2026&ou=" + unit, province);
    return r.result_int() == 200 ? Body(r)["value"].get<std::string>() : std::string("none");
  };
  // Four cases with consent for reporting: under five, in no cell anywhere.
  for (int i = 1; i <= 4; ++i) {
    Response made = Post("/api/cases", worker, Case("XA-CB-" + std::to_string(i)));
    ASSERT_EQ(made.result_int(), 201) << made.body();
  }
  EXPECT_EQ(published(units_.commune), "none");
  EXPECT_EQ(published(units_.cao_bang), "none");
  // A fifth: the commune's cell is published.
  ASSERT_EQ(Post("/api/cases", worker, Case("XA-CB-5")).result_int(), 201);
  EXPECT_EQ(published(units_.commune), "5");
  // A sixth without consent for reporting is served but never counted.
  json no_reporting = Case("XA-CB-6");
  no_reporting["consents"] = {{{"purpose", "services"}, {"given", true}, {"day", "2026-03-02"}}};
  ASSERT_EQ(Post("/api/cases", worker, no_reporting).result_int(), 201);
  EXPECT_EQ(published(units_.commune), "5");
  // She withdraws it for the fifth: back under five, the cell is withdrawn.
  json withdrawn = Case("XA-CB-5");
  withdrawn["consents"].push_back(
      {{"purpose", "reporting"}, {"given", false}, {"day", "2026-04-01"}});
  Response put = Put("/api/cases/XA-CB-5", worker, withdrawn);
  ASSERT_EQ(put.result_int(), 200) << put.body();
  EXPECT_EQ(published(units_.commune), "none");

  // Her name is sealed at rest: the team reads it, the database file and
  // its journal do not hold it.
  EXPECT_EQ(Body(Get("/api/cases/XA-CB-1", worker))["survivorName"], kSurvivor);
  for (const std::string& path : {db_, db_ + "-wal"}) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(std::string(kSurvivor)), std::string::npos) << path;
    EXPECT_EQ(bytes.find("qua tổ trưởng"), std::string::npos) << path;
  }
}

TEST_F(ApiCases, BadInputIsAnsweredWithoutAServerError) {
  Caller dpo = Login(kProtection);
  ASSERT_EQ(Grant(dpo, kWorker).result_int(), 201);
  Caller worker = Login(kWorker);
  for (const json& body :
       {json{{"code", "X"}}, json{{"code", "X"}, {"address", "XA-DCTC-1"}, {"oops", 1}},
        json{{"code", "X'; DROP TABLE case_record;--"}, {"address", "XA-DCTC-1"}},
        json{{"code", std::string(100'000, 'a')}, {"address", "XA-DCTC-1"}},
        json{{"code", "X"},
             {"address", "XA-DCTC-1"},
             {"opened", "2026-02-30"},
             {"incidents", {"rape"}}},
        json{{"code", "X"},
             {"address", "XA-DCTC-1"},
             {"opened", "2026-02-03"},
             {"incidents", "rape"}},
        json::array()}) {
    Response r = Post("/api/cases", worker, body);
    EXPECT_GE(r.result_int(), 400) << body.dump().substr(0, 200);
    EXPECT_LT(r.result_int(), 500) << r.body();
  }
  EXPECT_EQ(Post("/api/caseTeams", dpo, {{"address", 5}}).result_int(), 400);
  EXPECT_EQ(Grant(dpo, kWorker, "boss").result_int(), 400);
  EXPECT_EQ(Post("/api/cases/NONE/referral", worker, {{"organisation", ""}}).result_int(), 400);
}

}  // namespace
}  // namespace gemis::server::api_test
