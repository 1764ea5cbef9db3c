#include "records/register_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis::records {
namespace {

using ::testing::ElementsAre;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }
Period P(const char* id) { return *Period::Parse(id); }

Cadre Make(CadreId id, OrgUnitId unit, CadreGroup group, Date since) {
  Cadre c;
  c.id = id;
  c.code = "C" + std::to_string(id);
  c.name = "Cán bộ " + c.code;
  c.org_unit = unit;
  c.position = "Phó Chủ tịch Hội LHPN xã";
  c.ethnicity = "ETHNIC_02";
  c.group = group;
  c.since = since;
  return c;
}

RegisterFigureRule Rule(const char* measure) {
  RegisterFigureRule r;
  r.data_element = "P8_CBN_DTTS_DA_TH";
  r.measure = measure;
  return r;
}

class RegisterFiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
  }
  Figures Compute(const std::vector<RegisterFigureRule>& rules, const std::vector<Cadre>& cadres,
                  const std::map<CadreId, std::vector<Date>>& attended,
                  const std::vector<Period>& periods) {
    return ComputeCadreFigures(rules, cadres, attended, hierarchy_, periods);
  }
  Hierarchy hierarchy_;
};

TEST(RegisterFigureRuleTest, ShapeIsCheckedFieldByField) {
  EXPECT_TRUE(CheckRegisterFigureRule(Rule("in_group")).ok());
  EXPECT_TRUE(CheckRegisterFigureRule(Rule("trained_in_period")).ok());
  RegisterFigureRule r = Rule("members");
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "measure");
  r = Rule("trained");
  r.data_element = "";
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "dataElement");
  r = Rule("trained");
  r.filter = {"pipeline", "elected"};
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "groups[1]");
  r.filter = {"pipeline", "newly_appointed"};
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "groups[1]");  // not ascending
  r.filter = {"newly_appointed", "pipeline"};
  EXPECT_TRUE(CheckRegisterFigureRule(r).ok());
  r.filter = {"pipeline", "pipeline"};
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "groups[1]");
  r = Rule("trained");
  r.by = FigureBy::kModelStatus;
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "by");
  r = Rule("trained");
  r.period_type = PeriodType::kMultiYear;
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "periodType");
  EXPECT_EQ(*ParseRegisterKind("women_cadres"), RegisterKind::kWomenCadres);
  EXPECT_FALSE(ParseRegisterKind("cadres").ok());
}

// The "100% trained" indicator's numerator and denominator: who is in the
// group at the year's end, and who of them was trained by then, through a
// gemis class or another organiser's.
TEST_F(RegisterFiguresTest, InGroupAndTrainedAreStocksAtThePeriodsEnd) {
  Cadre trained_here = Make(1, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  Cadre trained_elsewhere = Make(2, lc::kKimTan, CadreGroup::kNewlyElected, D(2023, 5, 1));
  trained_elsewhere.other_trainings = {{D(2023, 9, 1), "Trường Chính trị tỉnh"}};
  Cadre not_trained = Make(3, lc::kKimTan, CadreGroup::kNewlyAppointed, D(2024, 2, 1));
  Cadre left = Make(4, lc::kKimTan, CadreGroup::kPipeline, D(2023, 1, 1));
  left.until = D(2024, 6, 1);
  std::map<CadreId, std::vector<Date>> attended = {{1, {D(2024, 6, 18)}}, {4, {D(2023, 3, 1)}}};
  std::vector<Cadre> cadres = {trained_here, trained_elsewhere, not_trained, left};

  Figures in_group = Compute({Rule("in_group")}, cadres, attended, {P("2023"), P("2024")});
  ASSERT_EQ(in_group.cells.size(), 2u);
  EXPECT_EQ(in_group.cells[0].value, 3);  // 2023: 1, 2, 4
  EXPECT_THAT(in_group.cells[0].models, ElementsAre(1, 2, 4));
  EXPECT_EQ(in_group.cells[1].value, 3);  // 2024: 1, 2, 3 (4 left in June)
  EXPECT_THAT(in_group.cells[1].models, ElementsAre(1, 2, 3));

  Figures trained = Compute({Rule("trained")}, cadres, attended, {P("2023"), P("2024")});
  ASSERT_EQ(trained.cells.size(), 2u);
  EXPECT_EQ(trained.cells[0].value, 2);  // 2023: 2 (elsewhere) and 4; 1's class is in 2024
  EXPECT_THAT(trained.cells[0].models, ElementsAre(2, 4));
  EXPECT_EQ(trained.cells[1].value, 2);  // 2024: 1 and 2; 3 not trained, 4 gone
  EXPECT_THAT(trained.cells[1].models, ElementsAre(1, 2));
  EXPECT_EQ(trained.cells[1].org_unit, lc::kKimTan);
}

TEST_F(RegisterFiguresTest, TrainedInPeriodCountsEachWomanOnceInTheYearOfHerClass) {
  Cadre a = Make(1, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  Cadre b = Make(2, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  std::map<CadreId, std::vector<Date>> attended = {{1, {D(2024, 3, 1), D(2024, 9, 1)}},
                                                   {2, {D(2023, 8, 1)}}};
  Figures f = Compute({Rule("trained_in_period")}, {a, b}, attended, {P("2023"), P("2024")});
  ASSERT_EQ(f.cells.size(), 2u);
  EXPECT_EQ(f.cells[0].value, 1);
  EXPECT_THAT(f.cells[0].models, ElementsAre(2));
  EXPECT_EQ(f.cells[1].value, 1);  // two classes, one woman
  EXPECT_THAT(f.cells[1].models, ElementsAre(1));
}

TEST_F(RegisterFiguresTest, ZerosWhereTheUnitKeepsTheRegisterAndFiltersByGroup) {
  Cadre a = Make(1, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  Cadre b = Make(2, lc::kCocLeu, CadreGroup::kNewlyElected, D(2023, 5, 1));
  RegisterFigureRule trained = Rule("trained");
  Figures f = Compute({trained}, {a, b}, {}, {P("2024")});
  ASSERT_EQ(f.cells.size(), 2u);  // both units report 0 trained
  EXPECT_EQ(f.cells[0].value, 0);
  EXPECT_EQ(f.cells[1].value, 0);
  EXPECT_TRUE(f.cells[0].models.empty());
  trained.filter = {"newly_elected"};
  f = Compute({trained}, {a, b}, {}, {P("2024")});
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kCocLeu);
  // No zero before she joined the group: the unit had no register then.
  f = Compute({Rule("in_group")}, {a}, {}, {P("2022")});
  EXPECT_TRUE(f.cells.empty());
}

TEST_F(RegisterFiguresTest, ByLevelSplitsAndGivesNoZeros) {
  Cadre commune = Make(1, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  Cadre district = Make(2, lc::kCityLaoCai, CadreGroup::kPipeline, D(2023, 5, 1));
  district.level = ImplementingLevel::kDistrict;
  Cadre untrained = Make(3, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  RegisterFigureRule r = Rule("trained");
  r.by = FigureBy::kImplementingLevel;
  Figures f = Compute({r}, {commune, district, untrained},
                      {{1, {D(2024, 1, 5)}}, {2, {D(2024, 1, 5)}}}, {P("2024")});
  ASSERT_EQ(f.cells.size(), 2u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kCityLaoCai);
  EXPECT_EQ(f.cells[0].option, "DISTRICT");
  EXPECT_EQ(f.cells[1].option, "COMMUNE");
  EXPECT_EQ(f.cells[1].value, 1);
}

// After 1/7/2025 Kim Tân is part of the Lào Cai ward: her figure of 2025
// counts there.
TEST_F(RegisterFiguresTest, AMergedCommunesCadresCountAtItsSuccessor) {
  Cadre c = Make(1, lc::kKimTan, CadreGroup::kPipeline, D(2023, 5, 1));
  Figures f = Compute({Rule("in_group")}, {c}, {}, {P("2024"), P("2025")});
  ASSERT_EQ(f.cells.size(), 2u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kKimTan);
  EXPECT_EQ(f.cells[1].org_unit, lc::kWardLaoCai);
}

}  // namespace
}  // namespace gemis::records

namespace gemis::records {
namespace {

// Confidential cases: five at Cốc Lếu, each with consent for reporting.
Case MakeCase(CaseId id, OrgUnitId unit, Date opened, bool reporting = true) {
  Case c;
  c.id = id;
  c.code = "CASE-" + std::to_string(id);
  c.address = 1;
  c.org_unit = unit;
  c.opened = opened;
  c.incidents = {IncidentType::kPhysicalAssault};
  c.consents = {{ConsentPurpose::kServices, true, opened, ""},
                {ConsentPurpose::kReporting, reporting, opened, ""}};
  return c;
}

RegisterFigureRule CaseRule(const char* measure) {
  RegisterFigureRule r;
  r.data_element = "P8_DCTC_CASES";
  r.register_kind = RegisterKind::kCases;
  r.measure = measure;
  return r;
}

class CaseFiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
    district_ = *hierarchy_.ParentAt(lc::kCocLeu, Date::FromYmd(2024, 12, 31));
    ASSERT_EQ(hierarchy_.ParentAt(lc::kKimTan, Date::FromYmd(2024, 12, 31)), district_);
  }
  std::vector<Case> Many(int n, OrgUnitId unit, CaseId first) {
    std::vector<Case> out;
    for (int i = 0; i < n; ++i) out.push_back(MakeCase(first + i, unit, Date::FromYmd(2024, 4, 1)));
    return out;
  }
  Figures Compute(const std::vector<Case>& cases, const char* measure = "cases") {
    return ComputeCaseFigures({CaseRule(measure)}, cases, hierarchy_, {*Period::Parse("2024")});
  }
  Hierarchy hierarchy_;
  OrgUnitId district_ = 0;
};

TEST(CaseRegisterRuleTest, ShapeIsChecked) {
  EXPECT_TRUE(CheckRegisterFigureRule(CaseRule("cases")).ok());
  EXPECT_TRUE(CheckRegisterFigureRule(CaseRule("referred")).ok());
  EXPECT_EQ(CheckRegisterFigureRule(CaseRule("births")).where().field, "measure");
  RegisterFigureRule r = CaseRule("served");
  r.filter = {"violence"};
  EXPECT_TRUE(CheckRegisterFigureRule(r).ok());
  r.filter = {"travel"};
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "kinds[0]");
  r = CaseRule("cases");
  r.by = FigureBy::kImplementingLevel;
  EXPECT_EQ(CheckRegisterFigureRule(r).where().field, "by");
  EXPECT_EQ(*ParseRegisterKind("cases"), RegisterKind::kCases);
}

TEST_F(CaseFiguresTest, FiveCasesAtACommuneArePublishedThere) {
  Figures f = Compute(Many(5, lc::kCocLeu, 1));
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kCocLeu);
  EXPECT_EQ(f.cells[0].value, 5);
  EXPECT_THAT(f.cells[0].models, ElementsAre(1, 2, 3, 4, 5));
  EXPECT_EQ(f.suppressed, 0);
}

// Rule 3: four and one roll up into their district's own cell, which
// reaches five; neither commune is published.
TEST_F(CaseFiguresTest, CellsUnderFiveRollUpToTheParent) {
  std::vector<Case> cases = Many(4, lc::kCocLeu, 1);
  cases.push_back(MakeCase(9, lc::kKimTan, Date::FromYmd(2024, 8, 1)));
  Figures f = Compute(cases);
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].org_unit, district_);
  EXPECT_EQ(f.cells[0].value, 5);
  EXPECT_THAT(f.cells[0].models, ElementsAre(1, 2, 3, 4, 9));
  // Six at Cốc Lếu stay there; the one at Kim Tân goes up alone and is
  // suppressed at the top.
  cases = Many(6, lc::kCocLeu, 1);
  cases.push_back(MakeCase(9, lc::kKimTan, Date::FromYmd(2024, 8, 1)));
  f = Compute(cases);
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kCocLeu);
  EXPECT_EQ(f.cells[0].value, 6);
  EXPECT_EQ(f.suppressed, 1);
}

TEST_F(CaseFiguresTest, FewerThanFiveEverywhereIsNotPublishedAtAll) {
  Figures f = Compute(Many(4, lc::kCocLeu, 1));
  EXPECT_TRUE(f.cells.empty());
  EXPECT_TRUE(f.problems.empty());
  EXPECT_EQ(f.suppressed, 4);
  // No zero cell either: a zero would say where cases are kept.
  f = Compute({});
  EXPECT_TRUE(f.cells.empty());
}

// Principle 1 of records/case.h: only cases whose survivor's latest word
// gives consent for reporting count.
TEST_F(CaseFiguresTest, OnlyCasesWithConsentForReportingCount) {
  std::vector<Case> cases = Many(5, lc::kCocLeu, 1);
  cases[2].consents[1].given = false;
  EXPECT_TRUE(Compute(cases).cells.empty());  // four left
  cases = Many(5, lc::kCocLeu, 1);
  cases[0].consents.push_back({ConsentPurpose::kReporting, false, Date::FromYmd(2025, 1, 5), ""});
  Figures f = Compute(cases);
  EXPECT_TRUE(f.cells.empty());  // withdrawn later: gone from 2024 too
  EXPECT_EQ(f.suppressed, 4);
}

TEST_F(CaseFiguresTest, ServedAndReferredCountByTheDayOfTheService) {
  std::vector<Case> cases = Many(5, lc::kCocLeu, 1);
  for (Case& c : cases) c.services = {{CaseService::kSafety, Date::FromYmd(2024, 4, 1), ""}};
  cases[4].services[0].day = Date::FromYmd(2025, 1, 2);
  EXPECT_TRUE(Compute(cases, "served").cells.empty());  // four in 2024
  cases[4].services.insert(cases[4].services.begin(),
                           {CaseService::kHealth, Date::FromYmd(2024, 12, 31), ""});
  Figures f = Compute(cases, "served");
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].value, 5);
  EXPECT_TRUE(Compute(cases, "referred").cells.empty());
}

TEST_F(CaseFiguresTest, TheFilterNamesCaseKinds) {
  std::vector<Case> cases = Many(5, lc::kCocLeu, 1);
  cases[0].kind = CaseKind::kTrafficking;
  cases[0].incidents = {IncidentType::kTrafficking};
  RegisterFigureRule r = CaseRule("cases");
  r.filter = {"violence"};
  Figures f = ComputeCaseFigures({r}, cases, hierarchy_, {*Period::Parse("2024")});
  EXPECT_TRUE(f.cells.empty());
  r.filter = {};
  f = ComputeCaseFigures({r}, cases, hierarchy_, {*Period::Parse("2024")});
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].value, 5);
}

}  // namespace
}  // namespace gemis::records
