#include "records/activity_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis::records {
namespace {

using ::testing::ElementsAre;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }
Period P(const char* id) { return *Period::Parse(id); }

class ActivityFiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
  }
  static Activity Make(ActivityId id, ActivityKind kind, OrgUnitId unit, Date start) {
    Activity a;
    a.id = id;
    a.code = "A" + std::to_string(id);
    a.kind = kind;
    a.title = "Hoạt động " + a.code;
    a.start = a.end = start;
    a.org_unit = unit;
    if (kind == ActivityKind::kTraining) a.programme = TrainingProgramme::kProgramme2;
    if (kind == ActivityKind::kPolicyDialogue) a.dialogue_level = DialogueLevel::kCommune;
    a.participants = {{"FEMALE", "ETHNIC_02", "", 20},
                      {"MALE", "ETHNIC_01", "", 6},
                      {"FEMALE", "ETHNIC_01", "", 4}};
    return a;
  }
  Figures Compute(const std::vector<ActivityFigureRule>& rules, const std::vector<Activity>& acts,
                  const std::vector<Period>& periods) {
    return ComputeActivityFigures(rules, acts, hierarchy_, periods);
  }
  Hierarchy hierarchy_;
};

ActivityFigureRule Rule(ActivityKind kind, ActivityMeasure measure) {
  ActivityFigureRule r;
  r.data_element = "X";
  r.kind = kind;
  r.measure = measure;
  return r;
}

TEST_F(ActivityFiguresTest, CountsActivitiesInThePeriodOfTheirFirstDay) {
  Activity a = Make(1, ActivityKind::kTraining, lc::kKimTan, D(2024, 3, 30));
  a.end = D(2024, 4, 2);  // over two quarters: counts in the first
  Activity b = Make(2, ActivityKind::kTraining, lc::kKimTan, D(2024, 5, 10));
  Activity other = Make(3, ActivityKind::kWorkshop, lc::kKimTan, D(2024, 5, 10));
  ActivityFigureRule quarterly = Rule(ActivityKind::kTraining, ActivityMeasure::kCount);
  quarterly.period_type = PeriodType::kQuarterly;
  Figures f = Compute({quarterly}, {a, b, other}, {P("2024Q1"), P("2024Q2"), P("2024Q3")});
  ASSERT_EQ(f.cells.size(), 2u);  // no zero cells for activities
  EXPECT_EQ(f.cells[0].period, P("2024Q1"));
  EXPECT_EQ(f.cells[0].value, 1);
  EXPECT_THAT(f.cells[1].models, ElementsAre(2));
}

TEST_F(ActivityFiguresTest, MeasuresAndFilters) {
  Activity dv = Make(1, ActivityKind::kCommunication, lc::kKimTan, D(2024, 6, 1));
  dv.dv_prevention = true;
  Activity plain = Make(2, ActivityKind::kCommunication, lc::kKimTan, D(2024, 6, 2));
  auto value = [&](ActivityFigureRule r) {
    Figures f = Compute({r}, {dv, plain}, {P("2024")});
    return f.cells.empty() ? 0 : f.cells[0].value;
  };
  ActivityFigureRule r = Rule(ActivityKind::kCommunication, ActivityMeasure::kParticipants);
  EXPECT_EQ(value(r), 60);
  r.dv_prevention_only = true;
  EXPECT_EQ(value(r), 30);
  r.measure = ActivityMeasure::kMen;
  EXPECT_EQ(value(r), 6);
  r.measure = ActivityMeasure::kWomen;
  EXPECT_EQ(value(r), 24);
  r.measure = ActivityMeasure::kEthnicMinority;
  EXPECT_EQ(value(r), 20);
  r.measure = ActivityMeasure::kEthnicMinorityWomen;
  EXPECT_EQ(value(r), 20);
  Activity training = Make(3, ActivityKind::kTraining, lc::kKimTan, D(2024, 6, 3));
  ActivityFigureRule p3 = Rule(ActivityKind::kTraining, ActivityMeasure::kCount);
  p3.programme = TrainingProgramme::kProgramme3;
  EXPECT_TRUE(Compute({p3}, {training}, {P("2024")}).cells.empty());
  training.programme = TrainingProgramme::kProgramme3;
  EXPECT_EQ(Compute({p3}, {training}, {P("2024")}).cells.size(), 1u);
}

TEST_F(ActivityFiguresTest, SplitsByOrganiserLevelAndPlacesThroughMerges) {
  Activity province = Make(1, ActivityKind::kPolicyDialogue, lc::kCocLeu, D(2025, 8, 1));
  province.level = ImplementingLevel::kProvince;
  Activity commune = Make(2, ActivityKind::kPolicyDialogue, lc::kKimTan, D(2024, 8, 1));
  ActivityFigureRule r = Rule(ActivityKind::kPolicyDialogue, ActivityMeasure::kCount);
  r.by = FigureBy::kImplementingLevel;
  Figures f = Compute({r}, {province, commune}, {P("2024"), P("2025")});
  ASSERT_EQ(f.cells.size(), 2u);
  EXPECT_EQ(f.cells[0].org_unit, lc::kKimTan);
  EXPECT_EQ(f.cells[0].option, "COMMUNE");
  EXPECT_EQ(f.cells[1].org_unit, lc::kWardLaoCai);  // Cốc Lếu merged on 1/7/2025
  EXPECT_EQ(f.cells[1].option, "PROVINCE");
}

TEST(CheckActivityFigureRule, NamesTheField) {
  ActivityFigureRule good = Rule(ActivityKind::kTraining, ActivityMeasure::kWomen);
  good.programme = TrainingProgramme::kMonitoring;
  EXPECT_TRUE(CheckActivityFigureRule(good).ok());
  struct Case {
    const char* field;
    void (*change)(ActivityFigureRule&);
  };
  const Case cases[] = {
      {"dataElement", [](ActivityFigureRule& r) { r.data_element = ""; }},
      {"programme", [](ActivityFigureRule& r) { r.kind = ActivityKind::kWorkshop; }},
      {"programme", [](ActivityFigureRule& r) { r.programme = TrainingProgramme::kNone; }},
      {"dialogueLevel", [](ActivityFigureRule& r) { r.dialogue_level = DialogueLevel::kCommune; }},
      {"by", [](ActivityFigureRule& r) { r.by = FigureBy::kModelStatus; }},
      {"periodType", [](ActivityFigureRule& r) { r.period_type = PeriodType::kMultiYear; }},
  };
  for (const Case& c : cases) {
    ActivityFigureRule r = good;
    c.change(r);
    Status s = CheckActivityFigureRule(r);
    EXPECT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.where().field, c.field) << s.ToString();
  }
  EXPECT_EQ(*ParseActivityMeasure("ethnic_minority_women"), ActivityMeasure::kEthnicMinorityWomen);
  EXPECT_FALSE(ParseActivityMeasure("people").ok());
}

}  // namespace
}  // namespace gemis::records
