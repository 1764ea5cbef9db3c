#include "program/cadres_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "program/activities_json.h"
#include "program/records_json.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::program {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

class CadresJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
  }
  Result<std::vector<records::Cadre>> Parse(const std::string& cadres) {
    return ParseCadresJson(R"({"format": "gemis-cadres/1", "cadres": [)" + cadres + "]}",
                           "cadres.json", hierarchy_);
  }
  // The field and line of a parse error.
  std::pair<std::string, int> ErrorOf(const std::string& cadres) {
    Result<std::vector<records::Cadre>> r = Parse(cadres);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return {"", 0};
    EXPECT_EQ(r.status().where().file, "cadres.json");
    return {r.status().where().field, r.status().where().line};
  }
  Hierarchy hierarchy_;
};

constexpr const char* kHoa =
    R"({"code": "CB-CBN-0001", "name": "Nông Thị Hoa", "orgUnit": "02641", "level": "commune",
        "position": "Phó Chủ tịch Hội LHPN xã", "ethnicity": "ETHNIC_02", "group": "pipeline",
        "since": "2023-04-10", "decision": "Quyết định số 125-QĐ/HU ngày 10/4/2023",
        "otherTrainings": [{"day": "2024-03-05", "title": "Trường Chính trị tỉnh"}]})";

TEST_F(CadresJsonTest, ReadsACadreWithItsUnitOnTheDaySheJoined) {
  Result<std::vector<records::Cadre>> r = Parse(kHoa);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const records::Cadre& c = r->front();
  EXPECT_EQ(c.code, "CB-CBN-0001");
  EXPECT_EQ(c.org_unit, lc::kKimTan);
  EXPECT_EQ(c.group, records::CadreGroup::kPipeline);
  EXPECT_EQ(c.since, D(2023, 4, 10));
  EXPECT_FALSE(c.until.has_value());
  ASSERT_EQ(c.other_trainings.size(), 1u);
  EXPECT_EQ(c.other_trainings[0].day, D(2024, 3, 5));
}

TEST_F(CadresJsonTest, WhatItWritesReadsBackTheSame) {
  Result<std::vector<records::Cadre>> r = Parse(kHoa);
  ASSERT_TRUE(r.ok());
  records::Activity class_of_june;
  class_of_june.code = "TH-1";
  class_of_june.title = "Bồi dưỡng";
  class_of_june.start = D(2024, 6, 18);
  nlohmann::json j = CadreToJson(r->front(), hierarchy_, {class_of_june});
  EXPECT_EQ(j["orgUnitName"], "Phường Kim Tân");
  EXPECT_EQ(j["trainedOn"], "2024-03-05");  // the other training came first
  EXPECT_EQ(j["trainings"][0]["code"], "TH-1");
  Result<std::vector<records::Cadre>> back = Parse(j.dump());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->front().other_trainings, r->front().other_trainings);
  EXPECT_EQ(back->front().decision, r->front().decision);
  EXPECT_EQ(back->front().org_unit, r->front().org_unit);
}

TEST_F(CadresJsonTest, ErrorsNameTheFileLineAndPointer) {
  std::string hoa = kHoa;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = hoa;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_EQ(ErrorOf(with("\"group\": \"pipeline\"", "\"group\": \"elected\"")).first,
            "/cadres/0/group");
  EXPECT_EQ(ErrorOf(with("ETHNIC_02", "ETHNIC_01")).first, "/cadres/0/ethnicity");
  EXPECT_EQ(ErrorOf(with("\"level\": \"commune\"", "\"level\": \"province\"")).first,
            "/cadres/0/level");
  EXPECT_EQ(ErrorOf(with("\"decision\"", "\"decison\"")).first, "/cadres/0/decison");
  EXPECT_EQ(ErrorOf(with("2024-03-05", "2024-02-30")).first, "/cadres/0/otherTrainings/0/day");
  EXPECT_EQ(ErrorOf(with("\"orgUnit\": \"02641\"", "\"orgUnit\": \"99999\"")).first,
            "/cadres/0/orgUnit");
  auto [field, line] = ErrorOf(
      with("\"since\": \"2023-04-10\"", "\"since\": \"2023-04-10\",\n\"until\": \"2023-01-01\""));
  EXPECT_EQ(field, "/cadres/0/until");
  EXPECT_EQ(line, 4);
  EXPECT_EQ(ErrorOf(hoa + ",\n" + hoa).first, "/cadres/1/code");  // twice in the file
  Result<std::vector<records::Cadre>> wrong =
      ParseCadresJson(R"({"format": "gemis-models/1", "cadres": []})", "x.json", hierarchy_);
  EXPECT_FALSE(wrong.ok());
}

TEST_F(CadresJsonTest, RegisterRulesAreReadFromAFigureRulesFile) {
  Result<FigureRuleSet> rules = ParseFigureRulesJson(
      R"({"format": "gemis-figure-rules/1", "registerFigureRules": [
           {"dataElement": "P8_CBN_DTTS_DA_TH", "register": "women_cadres",
            "measure": "trained", "groups": ["pipeline", "newly_elected"]}]})",
      "figures.json");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->registers.size(), 1u);
  EXPECT_THAT(rules->registers[0].filter, ElementsAre("newly_elected", "pipeline"));
  EXPECT_EQ(RegisterFigureRuleToJson(rules->registers[0])["measure"], "trained");
  Result<FigureRuleSet> bad = ParseFigureRulesJson(
      R"({"format": "gemis-figure-rules/1", "registerFigureRules": [
           {"dataElement": "X", "register": "women_cadres", "measure": "members"}]})",
      "figures.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().field, "/registerFigureRules/0/measure");
  EXPECT_EQ(bad.status().where().line, 2);
}

TEST_F(CadresJsonTest, ATrainingsAttendeesAreCadreCodes) {
  CadreLookup cadres = [](std::string_view code) -> std::optional<int64_t> {
    if (code == "CB-1") return 11;
    if (code == "CB-2") return 5;
    return std::nullopt;
  };
  auto parse = [&](const std::string& attendees) {
    return ParseActivitiesJson(
        R"({"format": "gemis-activities/1", "activities": [{"code": "TH-1", "kind": "training",
             "programme": "women_cadres", "title": "Bồi dưỡng", "start": "2024-06-18",
             "orgUnit": "02641", "attendees": )" +
            attendees + "}]}",
        "a.json", hierarchy_, PlanBook(), {}, cadres);
  };
  auto ok = parse(R"(["CB-1", "CB-2"])");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_THAT(ok->front().attendees, ElementsAre(5, 11));  // by id
  auto unknown = parse(R"(["CB-1", "CB-9"])");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().where().field, "/activities/0/attendees/1");
  EXPECT_THAT(unknown.status().message(), HasSubstr("CB-9"));
  auto twice = parse(R"(["CB-1", "CB-1"])");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().where().field, "/activities/0/attendees/1");
  auto not_a_list = parse(R"("CB-1")");
  EXPECT_EQ(not_a_list.status().where().field, "/activities/0/attendees");
}

}  // namespace
}  // namespace gemis::program
