#include "records/activity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::records {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

Activity Dialogue() {
  Activity a;
  a.code = "CB-DTCS-0001";
  a.kind = ActivityKind::kPolicyDialogue;
  a.title = "Đối thoại chính sách cụm thôn Nà Rì";
  a.start = a.end = D(2024, 9, 12);
  a.org_unit = 42;
  a.dialogue_level = DialogueLevel::kVillageCluster;
  a.cost = 4'500'000;
  a.participants = {{"FEMALE", "ETHNIC_02", "AGE_31_59", 30},
                    {"MALE", "ETHNIC_02", "AGE_31_59", 12},
                    {"FEMALE", "ETHNIC_01", "", 3},
                    {"MALE", "", "", 5}};
  a.topic = "Tảo hôn";
  a.issues_raised = "Thiếu thông tin về thủ tục đăng ký kết hôn";
  a.follow_up = "UBND xã tổ chức tư vấn pháp lý hằng quý";
  return a;
}

TEST(ActivityNames, RoundTrip) {
  for (int i = 0; i < kActivityKindCount; ++i) {
    auto k = static_cast<ActivityKind>(i);
    EXPECT_EQ(*ParseActivityKind(ActivityKindName(k)), k);
  }
  EXPECT_EQ(*ParseTrainingProgramme("programme_3"), TrainingProgramme::kProgramme3);
  EXPECT_EQ(*ParseDialogueLevel("village_cluster"), DialogueLevel::kVillageCluster);
  Result<ActivityKind> bad = ParseActivityKind("meeting");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().field, "kind");
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("policy_dialogue"));
  EXPECT_FALSE(ParseTrainingProgramme("programme_4").ok());
  EXPECT_FALSE(ParseDialogueLevel("village").ok());
}

TEST(TotalsOf, SumsTheCells) {
  ParticipantTotals t = TotalsOf(Dialogue());
  EXPECT_EQ(t.total, 50);
  EXPECT_EQ(t.female, 33);
  EXPECT_EQ(t.male, 17);
  EXPECT_EQ(t.ethnic_minority, 42);  // Kinh (ETHNIC_01) and unknown are not counted
}

TEST(CheckActivity, AcceptsAGoodOne) { EXPECT_TRUE(CheckActivity(Dialogue()).ok()); }

TEST(CheckActivity, NamesTheFieldOfEachProblem) {
  struct Case {
    const char* field;
    void (*change)(Activity&);
  };
  const Case cases[] = {
      {"code", [](Activity& a) { a.code = "a b"; }},
      {"title", [](Activity& a) { a.title = " "; }},
      {"issuesRaised", [](Activity& a) { a.issues_raised = std::string(4001, 'x'); }},
      {"orgUnit", [](Activity& a) { a.org_unit = 0; }},
      {"end", [](Activity& a) { a.end = D(2024, 9, 11); }},
      {"level", [](Activity& a) { a.level = ImplementingLevel::kVillage; }},
      {"cost", [](Activity& a) { a.cost = -1; }},
      {"model", [](Activity& a) { a.model = 3; }},
      {"model",
       [](Activity& a) {
         a.kind = ActivityKind::kModelSession;
         a.dialogue_level = DialogueLevel::kNone;
       }},
      {"programme",
       [](Activity& a) {
         a.kind = ActivityKind::kTraining;
         a.dialogue_level = DialogueLevel::kNone;
       }},
      {"programme", [](Activity& a) { a.programme = TrainingProgramme::kMonitoring; }},
      {"dialogueLevel", [](Activity& a) { a.dialogue_level = DialogueLevel::kNone; }},
      {"participants[1].sex", [](Activity& a) { a.participants[1].sex = "M"; }},
      {"participants[0].ethnicity", [](Activity& a) { a.participants[0].ethnicity = "ETHNIC_55"; }},
      {"participants[0].ethnicity", [](Activity& a) { a.participants[0].ethnicity = "Tày"; }},
      {"participants[0].ageBand", [](Activity& a) { a.participants[0].age_band = "AGE_18_30"; }},
      {"participants[2].count", [](Activity& a) { a.participants[2].count = 0; }},
      {"participants[4]",
       [](Activity& a) {
         a.participants.push_back({"MALE", "", "", 1});
       }},
  };
  for (const Case& c : cases) {
    Activity a = Dialogue();
    c.change(a);
    Status s = CheckActivity(a);
    EXPECT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.where().field, c.field) << s.ToString();
  }
  Activity training = Dialogue();
  training.kind = ActivityKind::kTraining;
  training.dialogue_level = DialogueLevel::kNone;
  training.programme = TrainingProgramme::kProgramme2;
  EXPECT_TRUE(CheckActivity(training).ok());
}

// A training's attendance sheet: the women cadres who attended, by id.
TEST(CheckActivity, AttendeesAreATrainingsSortedDistinctCadres) {
  Activity a = Dialogue();
  a.attendees = {3};
  EXPECT_EQ(CheckActivity(a).where().field, "attendees");  // not a training
  a.kind = ActivityKind::kTraining;
  a.dialogue_level = DialogueLevel::kNone;
  a.programme = TrainingProgramme::kWomenCadres;
  a.participants = {{"FEMALE", "ETHNIC_02", "", 2}, {"MALE", "ETHNIC_02", "", 5}};
  a.attendees = {3, 7};
  EXPECT_TRUE(CheckActivity(a).ok()) << CheckActivity(a).ToString();
  a.attendees = {7, 3};
  EXPECT_EQ(CheckActivity(a).where().field, "attendees[1]");
  a.attendees = {3, 3};
  EXPECT_EQ(CheckActivity(a).where().field, "attendees[1]");
  a.attendees = {0};
  EXPECT_EQ(CheckActivity(a).where().field, "attendees[0]");
  a.attendees = {3, 7, 9};  // three women listed, two counted
  Status s = CheckActivity(a);
  EXPECT_EQ(s.where().field, "attendees");
  EXPECT_NE(s.message().find("2 women"), std::string::npos) << s.message();
  a.participants.clear();  // not counted: the list alone is accepted
  EXPECT_TRUE(CheckActivity(a).ok());
}

TEST(ActivityFindings, FlagsDomesticViolenceEventsWithFewMen) {
  Activity a = Dialogue();
  EXPECT_TRUE(ActivityFindings(a).empty());  // not about domestic violence
  a.dv_prevention = true;
  // 17 men of 50: 34%, enough.
  EXPECT_TRUE(ActivityFindings(a).empty());
  a.participants[1].count = 10;  // 15 of 48: 31.25%
  EXPECT_TRUE(ActivityFindings(a).empty());
  a.participants[1].count = 8;  // 13 of 46: 28.3%
  std::vector<ActivityFinding> f = ActivityFindings(a);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "DV_MEN_UNDER_30");
  EXPECT_THAT(f[0].message, ::testing::HasSubstr("13 men of 46"));
  // Exactly 30% is enough: 3 men of 10.
  a.participants = {{"FEMALE", "", "", 7}, {"MALE", "", "", 3}};
  EXPECT_TRUE(ActivityFindings(a).empty());
  a.participants.clear();
  ASSERT_EQ(ActivityFindings(a).size(), 1u);
  EXPECT_EQ(ActivityFindings(a)[0].code, "DV_NO_PARTICIPANTS");
}

}  // namespace
}  // namespace gemis::records
