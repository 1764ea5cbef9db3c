#include "program/safe_births_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis::program {
namespace {

using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

class SafeBirthsJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
    Designation minh_bao;
    minh_bao.kind = std::string(kRegionIiiCommune);
    minh_bao.org_unit = lc::kMinhBao;
    minh_bao.legal_basis = "Quyết định 861/QĐ-TTg";
    lists_ = DesignationSet({minh_bao});
  }
  Result<std::vector<records::SafeBirth>> Parse(const std::string& births) {
    return ParseSafeBirthsJson(R"({"format": "gemis-safe-births/1", "births": [)" + births + "]}",
                               "births.json", hierarchy_);
  }
  std::string FieldOf(const std::string& births) {
    Result<std::vector<records::SafeBirth>> r = Parse(births);
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.status().where().field;
  }
  Hierarchy hierarchy_;
  DesignationSet lists_;
};

constexpr const char* kMai =
    R"({"code": "SB-1", "motherName": "Lò Thị Mai", "motherBirthDate": "2000-05-20",
        "ethnicity": "ETHNIC_09", "commune": "04273", "birthDate": "2024-08-02",
        "atHealthFacility": true, "facility": "Trạm Y tế xã Minh Bảo",
        "withinPopulationPolicy": true,
        "payments": [{"package": "nutrition", "day": "2024-09-01", "amount": 1200000},
                     {"package": "travel", "day": "2024-08-02", "amount": 200000, "people": 2}]})";

std::string With(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST_F(SafeBirthsJsonTest, ReadsABirthWithItsPaymentsByDay) {
  Result<std::vector<records::SafeBirth>> r = Parse(kMai);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const records::SafeBirth& b = r->front();
  EXPECT_EQ(b.commune, lc::kMinhBao);
  EXPECT_EQ(b.mother_birth_date, D(2000, 5, 20));
  EXPECT_EQ(b.at_health_facility, true);
  EXPECT_FALSE(b.caesarean);
  ASSERT_EQ(b.payments.size(), 2u);
  EXPECT_EQ(b.payments[0].package, records::SafeBirthPackage::kTravel);  // sorted by day
  EXPECT_EQ(b.payments[0].people, 2);
}

TEST_F(SafeBirthsJsonTest, NullMeansNotRecorded) {
  Result<std::vector<records::SafeBirth>> r =
      Parse(With(With(kMai, "\"atHealthFacility\": true", "\"atHealthFacility\": null"),
                 "\"motherBirthDate\": \"2000-05-20\"", "\"motherAge\": 24"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->front().at_health_facility.has_value());
  EXPECT_EQ(r->front().mother_age, 24);
  nlohmann::json j = SafeBirthToJson(r->front(), hierarchy_, lists_, true);
  EXPECT_FALSE(j["eligibility"]["eligible"]);
  EXPECT_EQ(j["eligibility"]["rules"][4]["outcome"], "unknown");
  EXPECT_EQ(j["eligibility"]["rules"][1]["outcome"], "passed");
}

TEST_F(SafeBirthsJsonTest, OutputCarriesTheRulesAndHidesIdentityWhenAsked) {
  Result<std::vector<records::SafeBirth>> r = Parse(kMai);
  ASSERT_TRUE(r.ok());
  nlohmann::json shown = SafeBirthToJson(r->front(), hierarchy_, lists_, true);
  EXPECT_EQ(shown["motherName"], "Lò Thị Mai");
  EXPECT_EQ(shown["motherAge"], 24);
  EXPECT_TRUE(shown["eligibility"]["eligible"]);
  EXPECT_EQ(shown["eligibility"]["rules"][2]["rule"], "dbkk_residence");
  EXPECT_THAT(shown["eligibility"]["rules"][2]["reason"].get<std::string>(),
              HasSubstr("Xã khu vực III"));
  EXPECT_EQ(shown["communeName"], "Phường Minh Bảo");
  nlohmann::json hidden = SafeBirthToJson(r->front(), hierarchy_, lists_, false);
  EXPECT_TRUE(hidden["motherName"].is_null());
  EXPECT_TRUE(hidden["motherBirthDate"].is_null());
  EXPECT_EQ(hidden["motherAge"], 24);  // the age rule's input is not identifying
  EXPECT_EQ(hidden.dump().find("Lò Thị Mai"), std::string::npos);
  // What it writes (identifying) reads back the same.
  Result<std::vector<records::SafeBirth>> back = Parse(shown.dump());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->front().payments, r->front().payments);
  EXPECT_EQ(back->front().mother_name, "Lò Thị Mai");
}

TEST_F(SafeBirthsJsonTest, ErrorsNameThePointer) {
  EXPECT_EQ(FieldOf(With(kMai, "\"package\": \"nutrition\"", "\"package\": \"food\"")),
            "/births/0/payments/0/package");
  EXPECT_EQ(FieldOf(With(kMai, "\"people\": 2", "\"people\": 3")), "/births/0/payments/1/people");
  EXPECT_EQ(FieldOf(With(kMai, "\"atHealthFacility\": true", "\"atHealthFacility\": \"có\"")),
            "/births/0/atHealthFacility");
  EXPECT_EQ(FieldOf(With(kMai, "\"commune\": \"04273\"", "\"commune\": \"99999\"")),
            "/births/0/commune");
  EXPECT_EQ(
      FieldOf(With(kMai, "\"commune\": \"04273\"", "\"commune\": \"04273\", \"village\": \"x\"")),
      "/births/0/village");
  EXPECT_EQ(FieldOf(With(kMai, "\"motherName\": \"Lò Thị Mai\",", "")), "/births/0/motherName");
  EXPECT_EQ(FieldOf(With(kMai, "2000-05-20", "2025-05-20")), "/births/0/motherBirthDate");
  EXPECT_EQ(FieldOf(With(kMai, "\"facility\"", "\"facilty\"")), "/births/0/facilty");
  EXPECT_EQ(FieldOf(std::string(kMai) + "," + kMai), "/births/1/code");
  Result<std::vector<records::SafeBirth>> at =
      Parse(With(kMai, "\"amount\": 200000", "\"amount\": -5"));
  ASSERT_FALSE(at.ok());
  EXPECT_EQ(at.status().where().file, "births.json");
  EXPECT_EQ(at.status().where().line, 6);
}

}  // namespace
}  // namespace gemis::program
