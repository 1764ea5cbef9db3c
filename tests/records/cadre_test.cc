#include "records/cadre.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

Cadre Valid() {
  Cadre c;
  c.code = "CB-CBN-0001";
  c.name = "Nông Thị Hoa";
  c.org_unit = 7;
  c.level = ImplementingLevel::kCommune;
  c.position = "Phó Chủ tịch Hội LHPN xã";
  c.ethnicity = "ETHNIC_02";
  c.group = CadreGroup::kPipeline;
  c.since = D(2023, 4, 10);
  return c;
}

std::string FieldOf(const Cadre& c) { return CheckCadre(c).where().field; }

TEST(CadreTest, GroupNamesRoundTripAndUnknownOnesAreListed) {
  for (CadreGroup g :
       {CadreGroup::kPipeline, CadreGroup::kNewlyAppointed, CadreGroup::kNewlyElected}) {
    Result<CadreGroup> back = ParseCadreGroup(CadreGroupName(g));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, g);
  }
  Result<CadreGroup> bad = ParseCadreGroup("appointed");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("pipeline, newly_appointed, newly_elected"));
  EXPECT_EQ(bad.status().where().field, "group");
}

TEST(CadreTest, AValidCadrePasses) { EXPECT_TRUE(CheckCadre(Valid()).ok()); }

TEST(CadreTest, EachInvalidFieldIsNamed) {
  Cadre c = Valid();
  c.code = "";
  EXPECT_EQ(FieldOf(c), "code");
  c = Valid();
  c.name = "  ";
  EXPECT_EQ(FieldOf(c), "name");
  c = Valid();
  c.position = "";
  EXPECT_EQ(FieldOf(c), "position");
  c = Valid();
  c.org_unit = 0;
  EXPECT_EQ(FieldOf(c), "orgUnit");
  c = Valid();
  c.level = ImplementingLevel::kProvince;
  EXPECT_EQ(FieldOf(c), "level");
  c = Valid();
  c.ethnicity = "ETHNIC_55";
  EXPECT_EQ(FieldOf(c), "ethnicity");
  c = Valid();
  c.ethnicity = "";
  EXPECT_EQ(FieldOf(c), "ethnicity");
  c = Valid();
  c.until = c.since;
  EXPECT_EQ(FieldOf(c), "until");
  c = Valid();
  c.decision = std::string(501, 'x');
  EXPECT_EQ(FieldOf(c), "decision");
  c = Valid();
  c.name = "Nông Thi\xcc\xa3 Hoa";  // decomposed ị: not NFC
  EXPECT_EQ(FieldOf(c), "name");
  c = Valid();
  c.uid = "short";
  EXPECT_EQ(FieldOf(c), "uid");
}

TEST(CadreTest, KinhIsNotInTheTargetGroupButMinorityIs) {
  Cadre c = Valid();
  c.ethnicity = "ETHNIC_01";
  Status s = CheckCadre(c);
  EXPECT_EQ(s.where().field, "ethnicity");
  EXPECT_THAT(s.message(), HasSubstr("Kinh"));
  c.ethnicity = "MINORITY";
  EXPECT_TRUE(CheckCadre(c).ok());
  c.ethnicity = "ETHNIC_54";
  EXPECT_TRUE(CheckCadre(c).ok());
}

TEST(CadreTest, OtherTrainingsNeedATitleAndAreNotRepeated) {
  Cadre c = Valid();
  c.other_trainings = {{D(2024, 3, 5), "Bồi dưỡng kỹ năng lãnh đạo"}, {D(2024, 4, 1), ""}};
  EXPECT_EQ(FieldOf(c), "otherTrainings[1].title");
  c.other_trainings[1] = c.other_trainings[0];
  EXPECT_EQ(FieldOf(c), "otherTrainings[1]");
  c.other_trainings[1].day = D(2024, 4, 1);
  EXPECT_TRUE(CheckCadre(c).ok());
}

TEST(CadreTest, InTheGroupFromTheDecisionUntilTheDaySheLeft) {
  Cadre c = Valid();
  EXPECT_FALSE(InGroupOn(c, D(2023, 4, 9)));
  EXPECT_TRUE(InGroupOn(c, D(2023, 4, 10)));
  EXPECT_TRUE(InGroupOn(c, D(2030, 1, 1)));
  c.until = D(2024, 6, 1);
  EXPECT_TRUE(InGroupOn(c, D(2024, 5, 31)));
  EXPECT_FALSE(InGroupOn(c, D(2024, 6, 1)));
}

TEST(CadreTest, TrainedOnTheFirstDayOfHerFirstTrainingFromEitherSource) {
  Cadre c = Valid();
  c.other_trainings = {{D(2024, 3, 5), "Trường Chính trị tỉnh"}};
  std::vector<Date> days = TrainingDays(c, {D(2024, 6, 18), D(2024, 3, 5)});
  EXPECT_THAT(days, ElementsAre(D(2024, 3, 5), D(2024, 6, 18)));
  EXPECT_FALSE(TrainedBy(days, D(2024, 3, 4)).has_value());
  EXPECT_EQ(TrainedBy(days, D(2024, 3, 5)), D(2024, 3, 5));
  EXPECT_EQ(TrainedBy(days, D(2024, 12, 31)), D(2024, 3, 5));
  EXPECT_FALSE(TrainedBy({}, D(2024, 12, 31)).has_value());
}

}  // namespace
}  // namespace gemis::records
