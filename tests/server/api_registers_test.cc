// /api/activities, /api/cadres and /api/beneficiaries: creating, reading,
// replacing and deleting register records inside the scopes, the audit of
// each change, and the safe-birth mothers' identifying fields shown only to
// read_personal. (Every route × role × scope is also in
// api_authorization_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"
#include "store/records_store.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiRegisters : public ApiTest {
 protected:
  json Dialogue(const std::string& code, const std::string& unit) {
    return {{"code", code},
            {"kind", "policy_dialogue"},
            {"title", "Đối thoại chính sách: phòng, chống bạo lực gia đình"},
            {"start", "2026-03-20"},
            {"end", "2026-03-20"},
            {"orgUnit", unit},
            {"level", "commune"},
            {"dialogueLevel", "commune"},
            {"topic", "Phòng, chống bạo lực gia đình"},
            {"dvPrevention", true},
            {"participants",
             {{{"sex", "FEMALE"}, {"ethnicity", "ETHNIC_02"}, {"count", 20}},
              {{"sex", "MALE"}, {"ethnicity", "ETHNIC_02"}, {"count", 4}}}}};
  }
  json Cadre(const std::string& code, const std::string& unit) {
    return {{"code", code},
            {"name", "Nông Thị Hoa"},
            {"orgUnit", unit},
            {"level", "commune"},
            {"position", "Phó Chủ tịch Hội LHPN"},
            {"ethnicity", "ETHNIC_02"},
            {"group", "newly_elected"},
            {"since", "2026-01-10"}};
  }
  json Birth(const std::string& code, const std::string& unit) {
    return {{"code", code},
            {"motherName", "Hoàng Thị Mai"},
            {"motherBirthDate", "2001-04-02"},
            {"ethnicity", "ETHNIC_02"},
            {"commune", unit},
            {"birthDate", "2026-03-01"},
            {"atHealthFacility", true},
            {"withinPopulationPolicy", true},
            {"payments", {{{"package", "supplies"}, {"day", "2026-03-01"}, {"amount", 500000}}}}};
  }
};

TEST_F(ApiRegisters, ActivitiesInsideTheScopes) {
  Caller commune = Login(kCommune);
  Response made = Post("/api/activities", commune, Dialogue("XA-DT-1", units_.commune));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["code"], "XA-DT-1");
  EXPECT_TRUE(Body(made)["figures"].is_object());
  // Men are 4 of 24 at a domestic-violence prevention event: flagged.
  EXPECT_EQ(Body(made)["findings"][0]["code"], "DV_MEN_UNDER_30");
  EXPECT_EQ(Post("/api/activities", commune, Dialogue("XA-DT-1", units_.commune)).result_int(),
            409);

  Response list = Get("/api/activities?kind=policy_dialogue&from=2026-01-01", commune);
  ASSERT_EQ(list.result_int(), 200) << list.body();
  EXPECT_EQ(Body(list)["activities"].size(), 1u);
  EXPECT_EQ(Body(Get("/api/activities?kind=training", commune))["activities"].size(), 0u);
  EXPECT_EQ(Body(Get("/api/activities?to=2026-03-19", commune))["activities"].size(), 0u);
  Response bad = Get("/api/activities?kind=picnic", commune);
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(FieldOf(bad), "kind");
  EXPECT_EQ(FieldOf(Get("/api/activities?from=2026-02-30", commune)), "from");

  // Another commune sees nothing of it; the province does.
  Caller other = Login(kOtherCommune);
  EXPECT_EQ(Get("/api/activities/XA-DT-1", other).result_int(), 404);
  EXPECT_EQ(Body(Get("/api/activities", other))["activities"].size(), 0u);
  Caller province = Login(kProvince);
  EXPECT_EQ(Get("/api/activities/XA-DT-1", province).result_int(), 200);
  EXPECT_EQ(Body(Get("/api/activities?orgUnit=" + units_.cao_bang, province))["activities"].size(),
            1u);
  EXPECT_EQ(Get("/api/activities?orgUnit=" + units_.ha_noi, province).result_int(), 403);

  // Replace: more men came; the path and the body must name the same code.
  json more = Dialogue("XA-DT-1", units_.commune);
  more["participants"][1]["count"] = 12;
  Response put = Put("/api/activities/XA-DT-1", commune, more);
  ASSERT_EQ(put.result_int(), 200) << put.body();
  EXPECT_EQ(Body(put)["participants"][1]["count"], 12);
  Response renamed = Put("/api/activities/XA-DT-1", commune, Dialogue("XA-DT-2", units_.commune));
  EXPECT_EQ(renamed.result_int(), 400);
  EXPECT_EQ(FieldOf(renamed), "code");
  // Out of the entry scope, in the body or the path.
  Response outside = Post("/api/activities", commune, Dialogue("XA-DT-3", units_.sibling));
  EXPECT_EQ(outside.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(outside), "E_SCOPE");
  EXPECT_EQ(
      Put("/api/activities/XA-DT-1", commune, Dialogue("XA-DT-1", units_.sibling)).result_int(),
      403);
  EXPECT_EQ(Delete("/api/activities/XA-DT-1", Login(kViewer)).result_int(), 403);
  EXPECT_EQ(Delete("/api/activities/XA-DT-1", commune).result_int(), 200);
  EXPECT_EQ(Get("/api/activities/XA-DT-1", commune).result_int(), 404);

  std::vector<std::string> actions;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type == "activity" && e.object_id == "XA-DT-1") {
      actions.push_back(e.action);
      EXPECT_EQ(e.username, kCommune);
    }
  }
  EXPECT_THAT(actions, ::testing::UnorderedElementsAre("create", "update", "delete"));
}

TEST_F(ApiRegisters, ActivityBodiesNameTheirField) {
  Caller commune = Login(kCommune);
  json bad = Dialogue("XA-DT-4", units_.commune);
  bad["end"] = "2026-03-01";  // before the start
  Response res = Post("/api/activities", commune, bad);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_THAT(FieldOf(res), HasSubstr("end"));
  bad = Dialogue("XA-DT-4", units_.commune);
  bad["model"] = "NO-SUCH-MODEL";
  res = Post("/api/activities", commune, bad);
  EXPECT_EQ(res.result_int(), 400) << res.body();
  bad = Dialogue("XA-DT-4", units_.commune);
  bad["colour"] = "red";
  EXPECT_EQ(Post("/api/activities", commune, bad).result_int(), 400);
  EXPECT_EQ(Get("/api/activities/XA-DT-4", commune).result_int(), 404);
}

TEST_F(ApiRegisters, CadresAndTheirTrainings) {
  Caller commune = Login(kCommune);
  Response made = Post("/api/cadres", commune, Cadre("XA-CB-1", units_.commune));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["name"], "Nông Thị Hoa");
  // A training she attended is listed with her.
  json training = Dialogue("XA-TH-1", units_.commune);
  training.erase("dialogueLevel");
  training.erase("topic");
  training.erase("dvPrevention");
  training["kind"] = "training";
  training["programme"] = "women_cadres";
  training["attendees"] = {"XA-CB-1"};
  Response trained = Post("/api/activities", commune, training);
  ASSERT_EQ(trained.result_int(), 201) << trained.body();
  EXPECT_THAT(Get("/api/cadres/XA-CB-1", commune).body(), HasSubstr("XA-TH-1"));
  EXPECT_EQ(Body(Get("/api/cadres", commune))["cadres"].size(), 1u);
  EXPECT_EQ(Get("/api/cadres/XA-CB-1", Login(kOtherCommune)).result_int(), 404);

  json bad = Cadre("XA-CB-2", units_.commune);
  bad["group"] = "retired";
  Response res = Post("/api/cadres", commune, bad);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(FieldOf(res), "/group");
  EXPECT_EQ(Post("/api/cadres", commune, Cadre("XA-CB-2", units_.sibling)).result_int(), 403);
  EXPECT_EQ(Post("/api/cadres", Login(kViewer), Cadre("XA-CB-2", units_.commune)).result_int(),
            403);
  EXPECT_EQ(Delete("/api/cadres/XA-CB-1", commune).result_int(), 200);
  EXPECT_EQ(Get("/api/cadres/XA-CB-1", commune).result_int(), 404);
}

TEST_F(ApiRegisters, MothersIdentifiedOnlyForReadPersonal) {
  Caller commune = Login(kCommune);
  Response made = Post("/api/beneficiaries", commune, Birth("XA-SDAT-1", units_.commune));
  ASSERT_EQ(made.result_int(), 201) << made.body();
  EXPECT_EQ(Body(made)["motherName"], "Hoàng Thị Mai");  // a commune officer pays
  EXPECT_EQ(Body(made)["eligibility"]["rules"].size(), 5u);

  // The viewer and the partner agency see the register without names.
  for (std::string_view who : {kViewer, kPartner}) {
    Caller caller = Login(who);
    Response got = Get("/api/beneficiaries/XA-SDAT-1", caller);
    ASSERT_EQ(got.result_int(), 200) << who << got.body();
    EXPECT_TRUE(Body(got)["motherName"].is_null()) << who;
    EXPECT_TRUE(Body(got)["motherBirthDate"].is_null()) << who;
    EXPECT_THAT(Get("/api/beneficiaries", caller).body(), Not(HasSubstr("Hoàng Thị Mai")));
  }
  // The partner agency corrects the facility: the name it cannot see stays.
  Caller partner = Login(kPartner);
  json changed = Birth("XA-SDAT-1", units_.commune);
  changed.erase("motherName");
  changed["motherBirthDate"] = nullptr;
  changed["facility"] = "Trạm Y tế phường";
  Response put = Put("/api/beneficiaries/XA-SDAT-1", partner, changed);
  ASSERT_EQ(put.result_int(), 200) << put.body();
  EXPECT_EQ(Body(put)["facility"], "Trạm Y tế phường");
  Response seen = Get("/api/beneficiaries/XA-SDAT-1", commune);
  EXPECT_EQ(Body(seen)["motherName"], "Hoàng Thị Mai");
  EXPECT_EQ(Body(seen)["motherBirthDate"], "2001-04-02");
  // ... and it may not change it either.
  changed["motherName"] = "Hoàng Thị Lan";
  Response refused = Put("/api/beneficiaries/XA-SDAT-1", partner, changed);
  EXPECT_EQ(refused.result_int(), 400);
  EXPECT_EQ(FieldOf(refused), "/motherName");
  EXPECT_EQ(Body(Get("/api/beneficiaries/XA-SDAT-1", commune))["motherName"], "Hoàng Thị Mai");

  // No audit entry holds her name.
  int entries = 0;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_id != "XA-SDAT-1") continue;
    ++entries;
    EXPECT_THAT(e.after.value_or("") + e.before.value_or(""), Not(HasSubstr("Hoàng Thị")));
  }
  EXPECT_EQ(entries, 2);

  EXPECT_EQ(Get("/api/beneficiaries/XA-SDAT-1", Login(kOtherCommune)).result_int(), 404);
  EXPECT_EQ(Post("/api/beneficiaries", commune, Birth("XA-SDAT-2", units_.sibling)).result_int(),
            403);
  EXPECT_EQ(Delete("/api/beneficiaries/XA-SDAT-1", commune).result_int(), 200);
  EXPECT_EQ(Body(Get("/api/beneficiaries", commune))["births"].size(), 0u);
}

}  // namespace
}  // namespace gemis::server::api_test
