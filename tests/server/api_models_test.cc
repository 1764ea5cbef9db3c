// /api/models and /api/figures/explain: creating, reading, replacing and
// deleting models inside the scopes, the confidential facts of trusted
// addresses, the audit of each change, and the figures a change publishes.
// (Every route × role × scope is also in api_authorization_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"
#include "store/records_store.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiModels : public ApiTest {
 protected:
  // P8_DCTC_MOI counts the trusted addresses set up in the year.
  void CountNewTrustedAddresses() {
    Status s = store_->Write([&](store::WriteTransaction& txn) {
      records::FigureRule rule;
      rule.data_element = std::string(kOtherElement);
      rule.kind = records::ModelKind::kTrustedAddress;
      rule.statuses = {records::ModelStatus::kNew};
      return txn.SaveFigureRule(rule).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  json Address(const std::string& code) {
    return {{"code", code},
            {"kind", "trusted_address"},
            {"name", "Địa chỉ tin cậy cộng đồng thôn 2"},
            {"orgUnit", units_.commune},
            {"level", "commune"},
            {"established", "2026-02-01"},
            {"facts",
             {{{"date", "2026-02-01"}, {"field", "hotline"}, {"value", "0912 345 678"}},
              {{"date", "2026-02-01"}, {"field", "owner_trained"}, {"value", true}},
              {{"date", "2026-02-01"}, {"field", "equipment_support"}, {"value", "15.000.000"}}}}};
  }
};

TEST_F(ApiModels, CreateReadListAndAudit) {
  Caller commune = Login(kCommune);
  Response made = Post("/api/models", commune, Address("XA-DCTC-1"));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["code"], "XA-DCTC-1");
  EXPECT_EQ(Body(made)["facts"][1]["value"], "15000000");  // canonical
  EXPECT_TRUE(Body(made)["figures"].is_object());

  Response again = Post("/api/models", commune, Address("XA-DCTC-1"));
  EXPECT_EQ(again.result_int(), 409);

  Response got = Get("/api/models/XA-DCTC-1", commune);
  ASSERT_EQ(got.result_int(), 200) << got.body();
  EXPECT_EQ(Body(got)["statusByYear"]["2026"], "new");
  Response list = Get("/api/models?kind=trusted_address", commune);
  ASSERT_EQ(list.result_int(), 200);
  EXPECT_EQ(Body(list)["models"].size(), 1u);
  EXPECT_EQ(Get("/api/models?kind=club", commune).result_int(), 400);

  // Another commune's officer sees nothing of it.
  Caller other = Login(kOtherCommune);
  EXPECT_EQ(Get("/api/models/XA-DCTC-1", other).result_int(), 404);
  EXPECT_EQ(Body(Get("/api/models", other))["models"].size(), 0u);

  bool audited = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "model" && e.object_id == "XA-DCTC-1") {
      audited = true;
      EXPECT_EQ(e.action, "create");
      EXPECT_EQ(e.username, kCommune);
      EXPECT_THAT(e.after.value_or(""), Not(HasSubstr("0912 345 678")));
    }
  }
  EXPECT_TRUE(audited);
}

TEST_F(ApiModels, KindsListTheFactsEachTakes) {
  Caller viewer = Login(kViewer);
  Response res = Get("/api/modelKinds", viewer);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json kinds = Body(res)["modelKinds"];
  ASSERT_EQ(kinds.size(), 6u);
  EXPECT_EQ(kinds[0]["kind"], "communication_team");
  EXPECT_EQ(kinds[0]["name"], "Tổ truyền thông cộng đồng");
  EXPECT_EQ(kinds[0]["fields"][0]["code"], "members_female");
  EXPECT_EQ(kinds[0]["fields"][0]["type"], "count");
  json trusted;
  for (const json& k : kinds) {
    if (k["kind"] == "trusted_address") trusted = k;
  }
  ASSERT_TRUE(trusted.is_object());
  std::map<std::string, json> fields;
  for (const json& f : trusted["fields"]) fields[f["code"]] = f;
  EXPECT_EQ(fields["hotline"]["confidential"], true);
  EXPECT_EQ(fields["owner_trained"]["type"], "flag");
  EXPECT_EQ(fields["equipment_support"]["type"], "amount");
  EXPECT_EQ(fields.count("languages"), 0u);  // a communication team's fact only
  json livelihood = kinds[2];
  ASSERT_EQ(livelihood["kind"], "livelihood_group");
  for (const json& f : livelihood["fields"]) {
    if (f["code"] == "form") {
      EXPECT_EQ(f["choices"], json({"group", "cooperative_group", "cooperative"}));
    }
  }
  Response en = Get("/api/modelKinds", viewer, {{"Accept-Language", "en"}});
  EXPECT_EQ(Body(en)["modelKinds"][0]["name"], "Community communication team");
}

TEST_F(ApiModels, ConfidentialFactsOnlyForReadConfidential) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(Post("/api/models", commune, Address("XA-DCTC-2")).result_int(), 201);
  EXPECT_THAT(Get("/api/models/XA-DCTC-2", commune).body(), Not(HasSubstr("0912 345 678")));
  // A case worker: a role holding read_confidential (which only the
  // data-protection role may grant; set up here through the store).
  Status granted = store_->Write([&](store::WriteTransaction& txn) -> Status {
    access::Role role{
        0,
        "ho_so_mat",
        "Cán bộ hồ sơ mật",
        "Case worker",
        access::MakeSet({access::Authority::kReadData, access::Authority::kReadConfidential}),
        false};
    GEMIS_RETURN_IF_ERROR(txn.SaveRole(role).status());
    GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> u, txn.FindUser(kProtection));
    if (!u) return Status::NotFound("no data protection user");
    u->roles.push_back("ho_so_mat");
    return txn.SaveUser(*u).status();
  });
  ASSERT_TRUE(granted.ok()) << granted.ToString();
  Caller protection = Login(kProtection);
  EXPECT_THAT(Get("/api/models/XA-DCTC-2", protection).body(), HasSubstr("0912 345 678"));
  // A replacement by someone who cannot see the hotline keeps it.
  json changed = Address("XA-DCTC-2");
  changed["facts"] = json::array();
  changed["name"] = "Địa chỉ tin cậy thôn 2 (đổi tên)";
  Response put = Put("/api/models/XA-DCTC-2", commune, changed);
  ASSERT_EQ(put.result_int(), 200) << put.body();
  EXPECT_THAT(Get("/api/models/XA-DCTC-2", protection).body(), HasSubstr("0912 345 678"));
}

TEST_F(ApiModels, BadBodiesAndScopes) {
  Caller commune = Login(kCommune);
  json bad = Address("XA-DCTC-3");
  bad["facts"][0] = {
      {"date", "2026-02-01"}, {"field", "members_female"}, {"value", 5}};  // not of the kind
  Response res = Post("/api/models", commune, bad);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(FieldOf(res), "/facts/0/field");
  bad = Address("XA-DCTC-3");
  bad["colour"] = "red";
  EXPECT_EQ(Post("/api/models", commune, bad).result_int(), 400);
  json outside = Address("XA-DCTC-3");
  outside["orgUnit"] = units_.sibling;
  res = Post("/api/models", commune, outside);
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE");
  // Moving one's model out of the entry scope is refused too.
  ASSERT_EQ(Post("/api/models", commune, Address("XA-DCTC-3")).result_int(), 201);
  EXPECT_EQ(Put("/api/models/XA-DCTC-3", commune, outside).result_int(), 403);
  Caller viewer = Login(kViewer);
  EXPECT_EQ(Delete("/api/models/XA-DCTC-3", viewer).result_int(), 403);
  EXPECT_EQ(Delete("/api/models/XA-DCTC-3", commune).result_int(), 200);
  EXPECT_EQ(Get("/api/models/XA-DCTC-3", commune).result_int(), 404);
}

TEST_F(ApiModels, APlanWithoutTargetsShowsWhatTheRecordsPublished) {
  CountNewTrustedAddresses();
  Caller admin = Login(kAdmin);
  // A trusted address set up in 2024 in Sì Lở Lầu, a commune of Phong Thổ,
  // whose plan 117/KH-UBND states no numeric target.
  json address = Address("PT-DCTC-1");
  address["orgUnit"] = "03550";
  address["established"] = "2024-05-02";
  Response made = Post("/api/models", admin, address);
  ASSERT_EQ(made.result_int(), 201) << made.body();
  Response progress = Get("/api/plans/PT-117-2024/progress?at=2024-12-31", admin);
  ASSERT_EQ(progress.result_int(), 200) << progress.body();
  const json rows = Body(progress)["rows"];
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["measure"], kOtherElement);
  EXPECT_EQ(rows[0]["status"], "no_target");
  EXPECT_EQ(rows[0]["actual"], 1);
  EXPECT_EQ(rows[0]["orgUnit"], "109");
}

TEST_F(ApiModels, ChangesPublishFiguresThatExplainThemselves) {
  CountNewTrustedAddresses();
  Caller commune = Login(kCommune);
  Response made = Post("/api/models", commune, Address("XA-DCTC-4"));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["figures"]["written"], 1);
  Response explained =
      Get("/api/figures/explain?dx=" + std::string(kOtherElement) + "&pe=2026&ou=" + units_.commune,
          commune);
  ASSERT_EQ(explained.result_int(), 200) << explained.body();
  EXPECT_EQ(Body(explained)["fromRecords"], true);
  EXPECT_EQ(Body(explained)["value"], 1);
  ASSERT_EQ(Body(explained)["models"].size(), 1u);
  EXPECT_EQ(Body(explained)["models"][0]["code"], "XA-DCTC-4");
  // The figure is what analytics reads, and not editable by hand.
  EXPECT_EQ(PostValue(commune, kOtherElement, "2026", units_.commune, "3").result_int(), 409);
  ASSERT_EQ(Delete("/api/models/XA-DCTC-4", commune).result_int(), 200);
  EXPECT_EQ(Body(Get("/api/figures/explain?dx=" + std::string(kOtherElement) +
                         "&pe=2026&ou=" + units_.commune,
                     commune))["fromRecords"],
            false);
  EXPECT_EQ(Get("/api/figures/explain?dx=NOPE&pe=2026&ou=" + units_.commune, commune).result_int(),
            404);
  EXPECT_EQ(
      Get("/api/figures/explain?dx=" + std::string(kOtherElement) + "&pe=2026&ou=" + units_.sibling,
          commune)
          .result_int(),
      403);
}

}  // namespace
}  // namespace gemis::server::api_test
