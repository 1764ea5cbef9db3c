#include "records/figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }
Period Year(int y) { return *Period::Parse(std::to_string(y)); }
namespace lc = fixtures::lc;

class FiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
  }

  Model Team(ModelId id, OrgUnitId unit, Date established,
             ImplementingLevel level = ImplementingLevel::kCommune) {
    Model m;
    m.id = id;
    m.code = "T" + std::to_string(id);
    m.kind = ModelKind::kCommunicationTeam;
    m.name = "Tổ " + std::to_string(id);
    m.org_unit = unit;
    m.level = level;
    m.established = established;
    return m;
  }
  Model Savings(ModelId id, OrgUnitId unit, Date established, bool gals, int members) {
    Model m = Team(id, unit, established);
    m.kind = ModelKind::kSavingsGroup;
    m.facts = {{established, FactField::kGals, gals ? "true" : "false"},
               {established, FactField::kMembersFemale, std::to_string(members)}};
    return m;
  }

  Figures Compute(const std::vector<FigureRule>& rules, const std::vector<Model>& models,
                  const std::vector<Period>& periods) {
    return ComputeFigures(rules, models, hierarchy_, periods);
  }

  Hierarchy hierarchy_;
};

FigureRule Rule(ModelKind kind, std::vector<ModelStatus> statuses, FigureBy by = FigureBy::kNone) {
  FigureRule r;
  r.data_element = "X";
  r.kind = kind;
  r.statuses = std::move(statuses);
  r.by = by;
  return r;
}

using S = ModelStatus;

TEST_F(FiguresTest, CountsNewAndActiveModelsPerYearWithZeros) {
  std::vector<Model> models = {Team(1, lc::kKimTan, D(2023, 5, 1)),
                               Team(2, lc::kKimTan, D(2024, 2, 1)),
                               Team(3, lc::kBaoHa, D(2023, 1, 1))};
  models[2].dissolved = D(2024, 6, 1);
  FigureRule fresh = Rule(ModelKind::kCommunicationTeam, {S::kNew});
  FigureRule active =
      Rule(ModelKind::kCommunicationTeam, {S::kNew, S::kConsolidated, S::kMaintained});
  Figures f = Compute({fresh, active}, models, {Year(2023), Year(2024)});
  EXPECT_TRUE(f.problems.empty());
  auto value = [&](size_t rule, int year, OrgUnitId unit) -> std::optional<int64_t> {
    for (const FigureCell& c : f.cells) {
      if (c.rule == rule && c.period == Year(year) && c.org_unit == unit) return c.value;
    }
    return std::nullopt;
  };
  EXPECT_EQ(value(0, 2023, lc::kKimTan), 1);
  EXPECT_EQ(value(0, 2024, lc::kKimTan), 1);
  EXPECT_EQ(value(1, 2023, lc::kKimTan), 1);
  EXPECT_EQ(value(1, 2024, lc::kKimTan), 2);
  EXPECT_EQ(value(0, 2023, lc::kBaoHa), 1);
  // Dissolved in 2024: counted in no 2024 figure, but its unit reports zeros.
  EXPECT_EQ(value(0, 2024, lc::kBaoHa), 0);
  EXPECT_EQ(value(1, 2024, lc::kBaoHa), 0);
  EXPECT_EQ(value(1, 2022, lc::kKimTan), std::nullopt);
  for (const FigureCell& c : f.cells) {
    if (c.rule == 1 && c.period == Year(2024) && c.org_unit == lc::kKimTan) {
      EXPECT_THAT(c.models, ElementsAre(1, 2));
    }
  }
}

TEST_F(FiguresTest, WhereAndSum) {
  std::vector<Model> models = {Savings(1, lc::kKimTan, D(2023, 1, 1), true, 20),
                               Savings(2, lc::kKimTan, D(2023, 1, 1), false, 15),
                               Savings(3, lc::kKimTan, D(2023, 1, 1), true, 12)};
  // Model 2 adopts GALS in 2024.
  models[1].facts.push_back({D(2024, 3, 1), FactField::kGals, "true"});
  FigureRule gals = Rule(ModelKind::kSavingsGroup, {S::kNew, S::kConsolidated, S::kMaintained});
  gals.where = FactField::kGals;
  FigureRule members = gals;
  members.where.reset();
  members.sum = {FactField::kMembersFemale};
  Figures f = Compute({gals, members}, models, {Year(2023), Year(2024)});
  ASSERT_EQ(f.cells.size(), 4u);
  EXPECT_EQ(f.cells[0].value, 2);  // 2023: models 1 and 3 apply GALS
  EXPECT_THAT(f.cells[0].models, ElementsAre(1, 3));
  EXPECT_EQ(f.cells[1].value, 3);  // 2024: all three
  EXPECT_EQ(f.cells[2].value, 47);
  EXPECT_EQ(f.cells[3].value, 47);
}

TEST_F(FiguresTest, DisaggregatesByLevelAndStatusWithoutZeros) {
  std::vector<Model> models = {Team(1, lc::kKimTan, D(2023, 1, 1), ImplementingLevel::kProvince),
                               Team(2, lc::kKimTan, D(2024, 1, 1)),
                               Team(3, lc::kKimTan, D(2022, 1, 1))};
  models[2].consolidated = {D(2024, 4, 1)};
  FigureRule by_level =
      Rule(ModelKind::kCommunicationTeam, {S::kNew, S::kConsolidated, S::kMaintained},
           FigureBy::kImplementingLevel);
  FigureRule by_status = Rule(ModelKind::kCommunicationTeam,
                              {S::kNew, S::kConsolidated, S::kMaintained}, FigureBy::kModelStatus);
  Figures f = Compute({by_level, by_status}, models, {Year(2024)});
  std::vector<std::pair<std::string, int64_t>> level, status;
  for (const FigureCell& c : f.cells) {
    (c.rule == 0 ? level : status).push_back({c.option, c.value});
  }
  EXPECT_THAT(level, ElementsAre(std::pair<std::string, int64_t>{"COMMUNE", 2},
                                 std::pair<std::string, int64_t>{"PROVINCE", 1}));
  EXPECT_THAT(status, ElementsAre(std::pair<std::string, int64_t>{"CONSOLIDATED", 1},
                                  std::pair<std::string, int64_t>{"MAINTAINED", 1},
                                  std::pair<std::string, int64_t>{"NEW", 1}));
}

TEST_F(FiguresTest, ModelsOfMergedAndSplitCommunesCountWholeAtOneSuccessor) {
  std::vector<Model> models = {Team(1, lc::kCocLeu, D(2023, 1, 1)),
                               Team(2, lc::kTuyLoc, D(2023, 1, 1))};
  FigureRule active =
      Rule(ModelKind::kCommunicationTeam, {S::kNew, S::kConsolidated, S::kMaintained});
  Figures f = Compute({active}, models, {Year(2024), Year(2025)});
  ASSERT_EQ(f.cells.size(), 4u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kCocLeu);  // 2024: before the reorganisation
  EXPECT_EQ(f.cells[1].org_unit, lc::kTuyLoc);
  EXPECT_EQ(f.cells[2].org_unit, lc::kWardLaoCai);  // 2025: merged
  EXPECT_EQ(f.cells[3].org_unit, lc::kVanPhu);      // split 0.3 / 0.7: the larger share
  EXPECT_EQ(f.cells[3].value, 1);
  EXPECT_EQ(CountingUnit(hierarchy_, lc::kTuyLoc, D(2025, 6, 30)), lc::kTuyLoc);
}

TEST_F(FiguresTest, ReportsModelsThatCannotBeCounted) {
  std::vector<Model> models = {Team(1, 9999, D(2023, 1, 1)), Team(2, lc::kKimTan, D(2023, 1, 1))};
  models[1].level = ImplementingLevel::kVillage;  // no IMPLEMENTING_LEVEL option
  FigureRule by_level =
      Rule(ModelKind::kCommunicationTeam, {S::kNew}, FigureBy::kImplementingLevel);
  Figures f = Compute({by_level}, models, {Year(2023)});
  EXPECT_TRUE(f.cells.empty());
  ASSERT_EQ(f.problems.size(), 2u);
  EXPECT_EQ(f.problems[0].model, 1);
  EXPECT_THAT(f.problems[0].message, HasSubstr("cannot be placed"));
  EXPECT_EQ(f.problems[1].model, 2);
  EXPECT_THAT(f.problems[1].message, HasSubstr("village"));
}

TEST_F(FiguresTest, PeriodsOfOtherTypesAndOtherKindsAreIgnored) {
  std::vector<Model> models = {Team(1, lc::kKimTan, D(2023, 1, 1)),
                               Savings(2, lc::kKimTan, D(2023, 1, 1), true, 3)};
  FigureRule quarterly = Rule(ModelKind::kSavingsGroup, {S::kNew});
  quarterly.period_type = PeriodType::kQuarterly;
  Figures f = Compute({quarterly}, models, {Year(2023), *Period::Parse("2023Q1")});
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].period, *Period::Parse("2023Q1"));
  EXPECT_THAT(f.cells[0].models, ElementsAre(2));
}

TEST_F(FiguresTest, FlowsCountOnlyInThePeriodTheyWereStated) {
  Model a = Team(1, lc::kKimTan, D(2022, 1, 1));
  a.kind = ModelKind::kTrustedAddress;
  a.facts = {{D(2023, 4, 1), FactField::kEquipmentSupport, "15000000"}};
  Model b = a;
  b.id = 2;
  b.facts = {{D(2024, 4, 1), FactField::kEquipmentSupport, "9000000"}};
  FigureRule equipped =
      Rule(ModelKind::kTrustedAddress, {S::kNew, S::kConsolidated, S::kMaintained});
  equipped.where = FactField::kEquipmentSupport;
  equipped.where_in_period = true;
  FigureRule stock = equipped;
  stock.where_in_period = false;
  Figures f = Compute({equipped, stock}, {a, b}, {Year(2023), Year(2024), Year(2025)});
  std::vector<int64_t> flow, held;
  for (const FigureCell& c : f.cells) (c.rule == 0 ? flow : held).push_back(c.value);
  EXPECT_THAT(flow, ElementsAre(1, 1, 0));  // a in 2023, b in 2024, none in 2025
  EXPECT_THAT(held, ElementsAre(1, 2, 2));
}

TEST_F(FiguresTest, SumsSeveralFacts) {
  Model m = Savings(1, lc::kKimTan, D(2023, 1, 1), true, 20);
  m.facts.push_back({D(2023, 1, 1), FactField::kMembersMale, "3"});
  FigureRule members = Rule(ModelKind::kSavingsGroup, {S::kNew, S::kConsolidated, S::kMaintained});
  members.sum = {FactField::kMembersFemale, FactField::kMembersMale};
  Figures f = Compute({members}, {m}, {Year(2023)});
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].value, 23);
}

TEST(CheckFigureRule, NamesTheField) {
  FigureRule good = Rule(ModelKind::kSavingsGroup, {S::kNew});
  good.where = FactField::kGals;
  good.sum = {FactField::kSavings, FactField::kLoans};
  EXPECT_TRUE(CheckFigureRule(good).ok());
  struct Case {
    const char* field;
    void (*change)(FigureRule&);
  };
  const Case cases[] = {
      {"dataElement", [](FigureRule& r) { r.data_element = "a b"; }},
      {"statuses", [](FigureRule& r) { r.statuses.clear(); }},
      {"statuses", [](FigureRule& r) { r.statuses = {S::kInactive}; }},
      {"statuses",
       [](FigureRule& r) {
         r.statuses = {S::kMaintained, S::kNew};
       }},
      {"where", [](FigureRule& r) { r.where = FactField::kHotline; }},  // not of the kind
      {"where",
       [](FigureRule& r) {
         r.kind = ModelKind::kCommunicationTeam;
         r.where = FactField::kLanguages;  // text
       }},
      {"sum", [](FigureRule& r) { r.sum = {FactField::kGals}; }},  // a flag
      {"sum",
       [](FigureRule& r) {
         r.sum = {FactField::kSavings, FactField::kSavings};
       }},
      {"whereInPeriod",
       [](FigureRule& r) {
         r.where.reset();
         r.where_in_period = true;
       }},
      {"periodType", [](FigureRule& r) { r.period_type = PeriodType::kMultiYear; }},
  };
  for (const Case& c : cases) {
    FigureRule r = good;
    c.change(r);
    Status s = CheckFigureRule(r);
    EXPECT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.where().field, c.field) << s.ToString();
  }
  EXPECT_EQ(*ParseFigureBy("model_status"), FigureBy::kModelStatus);
  EXPECT_FALSE(ParseFigureBy("sex").ok());
}

}  // namespace
}  // namespace gemis::records
