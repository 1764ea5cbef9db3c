#include "program/figure_publisher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/builtin_metadata.h"
#include "core/clock.h"
#include "core/uid.h"
#include "store/records_store.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/lao_cai_store.h"
#include "support/temp_dir.h"

namespace gemis::program {
namespace {

using records::FactField;
using records::FigureBy;
using records::FigureRule;
using records::Model;
using records::ModelKind;
using records::ModelStatus;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

DataElement Element(const std::string& code, const std::string& combo, AggregationType agg) {
  DataElement e;
  e.uid = UidFromKey("de:" + code);
  e.code = code;
  e.name = "Số " + code;
  e.category_combo_code = combo;
  e.value_type = ValueType::kIntegerZeroOrPositive;
  e.aggregation_type = agg;
  return e;
}

class FigurePublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened =
        store::OpenSqliteStore(dir_.File("p.db"), {.clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      GEMIS_RETURN_IF_ERROR(fixtures::SaveBuiltinCombos(txn));
      for (const DataElement& e :
           {Element("TEAMS", "IMPLEMENTING_LEVEL", AggregationType::kLast),
            Element("TEAMS_NEW", "default", AggregationType::kSum),
            Element("TEAMS_BY_STATUS", "MODEL_STATUS", AggregationType::kLast),
            Element("GALS", "default", AggregationType::kLast),
            Element("CADRES", "default", AggregationType::kLast),
            Element("CADRES_TRAINED", "default", AggregationType::kLast)}) {
        GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    Reload();
  }

  void Reload() {
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Model Team(const std::string& code, OrgUnitId unit, Date established,
             ImplementingLevel level = ImplementingLevel::kCommune) {
    Model m;
    m.code = code;
    m.kind = ModelKind::kCommunicationTeam;
    m.name = "Tổ truyền thông " + code;
    m.org_unit = unit;
    m.level = level;
    m.established = established;
    return m;
  }

  records::ModelId Save(const Model& m) {
    records::ModelId id = 0;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(id, txn.SaveModel(m));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }
  void AddRule(const FigureRule& r) {
    Status s =
        store_->Write([&](store::WriteTransaction& txn) { return txn.SaveFigureRule(r).status(); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  FigureRule Rule(const std::string& element, std::vector<ModelStatus> statuses,
                  FigureBy by = FigureBy::kNone) {
    FigureRule r;
    r.data_element = element;
    r.kind = ModelKind::kCommunicationTeam;
    r.statuses = std::move(statuses);
    r.by = by;
    return r;
  }

  PublishReport Publish(Date today = D(2024, 12, 31)) {
    PublishReport report;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(report, PublishFigures(txn, hierarchy_, metadata_, today));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return report;
  }

  DataValueKey Key(const std::string& element, const std::string& period, OrgUnitId unit,
                   const std::string& coc = "") {
    DataValueKey key;
    key.data_element = metadata_.FindElement(element)->id;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(key.period, txn.EnsurePeriod(*Period::Parse(period)));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    key.org_unit = unit;
    key.category_option_combo =
        coc.empty() ? metadata_.default_option_combo() : metadata_.FindOptionCombo(coc)->id;
    key.attribute_option_combo = metadata_.default_option_combo();
    return key;
  }
  std::optional<DataValue> Value(const DataValueKey& key) {
    std::optional<DataValue> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.GetDataValue(key));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    if (out && out->deleted) return std::nullopt;
    return out;
  }
  Status Claimed(const DataValueKey& key) {
    return store_->Read(
        [&](store::ReadTransaction& txn) { return CheckNotClaimed(txn, metadata_, key); });
  }

  FixedClock clock_{1735603200000};  // 2024-12-31
  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
};

TEST_F(FigurePublisherTest, PublishesFiguresAsClaimedDataValues) {
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}));
  AddRule(Rule("TEAMS", {ModelStatus::kNew, ModelStatus::kConsolidated, ModelStatus::kMaintained},
               FigureBy::kImplementingLevel));
  records::ModelId a = Save(Team("T1", lc::kKimTan, D(2023, 5, 1)));
  records::ModelId b = Save(Team("T2", lc::kKimTan, D(2024, 2, 1), ImplementingLevel::kProvince));
  PublishReport r = Publish();
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.rule_problems.empty());
  // TEAMS_NEW 2023 and 2024; TEAMS 2023 commune, 2024 commune and province.
  EXPECT_EQ(r.written, 5);
  std::optional<DataValue> fresh = Value(Key("TEAMS_NEW", "2024", lc::kKimTan));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->value, "1");
  EXPECT_EQ(fresh->stored_by, kRecordsAuthor);
  EXPECT_EQ(Value(Key("TEAMS", "2024", lc::kKimTan, "IMPLEMENTING_LEVEL_PROVINCE"))->value, "1");
  EXPECT_EQ(Value(Key("TEAMS", "2024", lc::kKimTan, "IMPLEMENTING_LEVEL_COMMUNE"))->value, "1");
  EXPECT_FALSE(Value(Key("TEAMS", "2023", lc::kKimTan, "IMPLEMENTING_LEVEL_PROVINCE")));
  // The claim names the models behind the figure.
  std::optional<store::FigureClaim> claim;
  const DataValueKey key = Key("TEAMS_NEW", "2023", lc::kKimTan);
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(claim, txn.FindFigureClaim(key));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(claim);
  EXPECT_THAT(claim->models, ElementsAre(a));
  (void)b;
}

TEST_F(FigurePublisherTest, SecondRunChangesNothing) {
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}));
  Save(Team("T1", lc::kKimTan, D(2023, 5, 1)));
  EXPECT_EQ(Publish().written, 2);  // 2023: 1, 2024: 0 (the unit reports its zero)
  PublishReport again = Publish();
  EXPECT_EQ(again.written, 0);
  EXPECT_EQ(again.removed, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(Value(Key("TEAMS_NEW", "2024", lc::kKimTan))->value, "0");
}

TEST_F(FigurePublisherTest, FollowsChangesToTheRecords) {
  AddRule(Rule("TEAMS", {ModelStatus::kNew, ModelStatus::kConsolidated, ModelStatus::kMaintained},
               FigureBy::kImplementingLevel));
  Model t = Team("T1", lc::kKimTan, D(2023, 5, 1));
  t.id = Save(t);
  Save(Team("T2", lc::kKimTan, D(2023, 6, 1)));
  Publish();
  DataValueKey y2024 = Key("TEAMS", "2024", lc::kKimTan, "IMPLEMENTING_LEVEL_COMMUNE");
  EXPECT_EQ(Value(y2024)->value, "2");
  // T1 is dissolved in 2024: one team left that year.
  t.dissolved = D(2024, 3, 1);
  Save(t);
  PublishReport r = Publish();
  EXPECT_EQ(r.written, 1);
  EXPECT_EQ(Value(y2024)->value, "1");
  // Both gone before 2024 is counted: the 2024 value is deleted, not left stale.
  Model t2 = Team("T2", lc::kKimTan, D(2023, 6, 1));
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(std::optional<Model> found, txn.FindModel("T2"));
                    if (!found.has_value()) return Status::NotFound("T2");
                    t2.id = found->id;
                    t2.uid = found->uid;
                    return Status::Ok();
                  })
                  .ok());
  t2.dissolved = D(2023, 12, 1);
  Save(t2);
  r = Publish();
  EXPECT_EQ(r.removed, 1);
  EXPECT_FALSE(Value(y2024));
  EXPECT_TRUE(Claimed(y2024).ok());  // released
}

TEST_F(FigurePublisherTest, NeverOverwritesAValueEnteredByHand) {
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}));
  Save(Team("T1", lc::kKimTan, D(2023, 5, 1)));
  DataValueKey key = Key("TEAMS_NEW", "2023", lc::kKimTan);
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTransaction& txn) -> Status {
                    DataValueWrite w;
                    w.key = key;
                    w.value = "3";
                    w.stored_by = "can_bo_xa";
                    return txn.WriteDataValue(w).status();
                  })
                  .ok());
  PublishReport r = Publish();
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].data_element, "TEAMS_NEW");
  EXPECT_EQ(r.conflicts[0].period, "2023");
  EXPECT_EQ(r.conflicts[0].entered, "3");
  EXPECT_EQ(r.conflicts[0].computed, "1");
  EXPECT_EQ(Value(key)->value, "3");
  EXPECT_EQ(Value(key)->stored_by, "can_bo_xa");
  EXPECT_TRUE(Claimed(key).ok());  // not claimed: the hand-entered value stays editable
}

TEST_F(FigurePublisherTest, HandEntryOverAClaimedKeyIsRefused) {
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}));
  Save(Team("T1", lc::kKimTan, D(2023, 5, 1)));
  Publish();
  Status s = Claimed(Key("TEAMS_NEW", "2023", lc::kKimTan));
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_THAT(s.message(), HasSubstr("TEAMS_NEW"));
  EXPECT_THAT(s.message(), HasSubstr("records of the models T1"));
  EXPECT_TRUE(Claimed(Key("TEAMS_NEW", "2023", lc::kCocLeu)).ok());
}

TEST_F(FigurePublisherTest, ReportsRulesThatCannotBePublished) {
  AddRule(Rule("NO_SUCH_ELEMENT", {ModelStatus::kNew}));
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}, FigureBy::kImplementingLevel));  // default combo
  Save(Team("T1", lc::kKimTan, D(2023, 5, 1)));
  PublishReport r = Publish();
  EXPECT_EQ(r.written, 0);
  ASSERT_EQ(r.rule_problems.size(), 2u);
  EXPECT_THAT(r.rule_problems[0], HasSubstr("NO_SUCH_ELEMENT"));
  EXPECT_THAT(r.rule_problems[1], HasSubstr("disaggregated by default"));
}

TEST_F(FigurePublisherTest, ModelsOfMergedCommunesArePublishedAtTheirSuccessor) {
  AddRule(Rule("TEAMS_BY_STATUS",
               {ModelStatus::kNew, ModelStatus::kConsolidated, ModelStatus::kMaintained},
               FigureBy::kModelStatus));
  Save(Team("T1", lc::kCocLeu, D(2024, 5, 1)));
  Publish(D(2025, 12, 31));
  EXPECT_EQ(Value(Key("TEAMS_BY_STATUS", "2024", lc::kCocLeu, "MODEL_STATUS_NEW"))->value, "1");
  EXPECT_EQ(
      Value(Key("TEAMS_BY_STATUS", "2025", lc::kWardLaoCai, "MODEL_STATUS_MAINTAINED"))->value,
      "1");
}

TEST_F(FigurePublisherTest, PublishesActivityFiguresBesideModelFigures) {
  AddRule(Rule("TEAMS_NEW", {ModelStatus::kNew}));
  records::ActivityFigureRule dialogues;
  dialogues.data_element = "DIALOGUES";
  dialogues.kind = records::ActivityKind::kPolicyDialogue;
  dialogues.by = FigureBy::kImplementingLevel;
  records::ActivityFigureRule men;
  men.data_element = "DV_MEN";
  men.kind = records::ActivityKind::kCommunication;
  men.dv_prevention_only = true;
  men.measure = records::ActivityMeasure::kMen;
  ASSERT_TRUE(
      store_
          ->Write([&](store::WriteTransaction& txn) -> Status {
            GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(Element("DIALOGUES", "IMPLEMENTING_LEVEL",
                                                              AggregationType::kSum))
                                      .status());
            GEMIS_RETURN_IF_ERROR(
                txn.SaveDataElement(Element("DV_MEN", "default", AggregationType::kSum)).status());
            GEMIS_RETURN_IF_ERROR(txn.SaveActivityFigureRule(dialogues).status());
            return txn.SaveActivityFigureRule(men).status();
          })
          .ok());
  Reload();
  Save(Team("T1", lc::kKimTan, D(2024, 5, 1)));
  records::Activity a;
  a.code = "DT-1";
  a.kind = records::ActivityKind::kPolicyDialogue;
  a.title = "Đối thoại chính sách";
  a.start = a.end = D(2024, 9, 12);
  a.org_unit = lc::kKimTan;
  a.dialogue_level = records::DialogueLevel::kCommune;
  records::Activity event = a;
  event.code = "TT-1";
  event.kind = records::ActivityKind::kCommunication;
  event.dialogue_level = records::DialogueLevel::kNone;
  event.dv_prevention = true;
  event.participants = {{"FEMALE", "", "", 30}, {"MALE", "", "", 11}};
  records::ActivityId dialogue_id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(dialogue_id, txn.SaveActivity(a));
                    return txn.SaveActivity(event).status();
                  })
                  .ok());
  PublishReport r = Publish();
  EXPECT_TRUE(r.rule_problems.empty()) << r.rule_problems.front();
  EXPECT_EQ(Value(Key("DIALOGUES", "2024", lc::kKimTan, "IMPLEMENTING_LEVEL_COMMUNE"))->value, "1");
  EXPECT_EQ(Value(Key("DV_MEN", "2024", lc::kKimTan))->value, "11");
  EXPECT_EQ(Value(Key("TEAMS_NEW", "2024", lc::kKimTan))->value, "1");
  // The drill-down names the activity; a hand entry over it is refused naming it.
  DataValueKey key = Key("DIALOGUES", "2024", lc::kKimTan, "IMPLEMENTING_LEVEL_COMMUNE");
  FigureExplanation explained;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(
                        explained, ExplainFigure(txn, hierarchy_, key, *Period::Parse("2024")));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(explained.total, 1);
  ASSERT_EQ(explained.activities.size(), 1u);
  EXPECT_EQ(explained.activities[0].code, "DT-1");
  EXPECT_TRUE(explained.models.empty());
  EXPECT_THAT(Claimed(key).message(), HasSubstr("activities DT-1"));
  // Deleting the activity releases its figure.
  ASSERT_TRUE(
      store_->Write([&](store::WriteTransaction& txn) { return txn.DeleteActivity(dialogue_id); })
          .ok());
  r = Publish();
  EXPECT_EQ(r.removed, 1);
  EXPECT_FALSE(Value(key));
}

// The women cadres register publishes "in the group" and "trained" at the
// year's end; a class's attendance list makes a woman trained, and deleting
// the class takes it back.
TEST_F(FigurePublisherTest, PublishesTheWomenCadresRegisterWithItsAttendance) {
  records::RegisterFigureRule in_group;
  in_group.data_element = "CADRES";
  in_group.measure = "in_group";
  records::RegisterFigureRule trained = in_group;
  trained.data_element = "CADRES_TRAINED";
  trained.measure = "trained";
  records::Cadre hoa;
  hoa.code = "CB-1";
  hoa.name = "Nông Thị Hoa";
  hoa.org_unit = lc::kKimTan;
  hoa.position = "Phó Chủ tịch Hội LHPN xã";
  hoa.ethnicity = "ETHNIC_02";
  hoa.since = D(2023, 4, 10);
  records::Cadre lan = hoa;
  lan.code = "CB-2";
  lan.name = "Hoàng Thị Lan";
  records::CadreId hoa_id = 0;
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(in_group).status());
    GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(trained).status());
    GEMIS_ASSIGN_OR_RETURN(hoa_id, txn.SaveCadre(hoa));
    return txn.SaveCadre(lan).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  Publish();
  EXPECT_EQ(Value(Key("CADRES", "2024", lc::kKimTan))->value, "2");
  EXPECT_EQ(Value(Key("CADRES_TRAINED", "2024", lc::kKimTan))->value, "0");  // a zero

  records::Activity training;
  training.code = "TH-1";
  training.kind = records::ActivityKind::kTraining;
  training.programme = records::TrainingProgramme::kWomenCadres;
  training.title = "Bồi dưỡng cán bộ nữ DTTS";
  training.start = training.end = D(2024, 6, 18);
  training.org_unit = lc::kKimTan;
  training.attendees = {hoa_id};
  records::ActivityId training_id = 0;
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(training_id, txn.SaveActivity(training));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  PublishReport r = Publish();
  EXPECT_EQ(r.written, 1);  // 2024's trained; 2023 stays 0
  DataValueKey key = Key("CADRES_TRAINED", "2024", lc::kKimTan);
  EXPECT_EQ(Value(key)->value, "1");
  EXPECT_EQ(Value(Key("CADRES_TRAINED", "2023", lc::kKimTan))->value, "0");
  FigureExplanation why;
  s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(why, ExplainFigure(txn, hierarchy_, key, *Period::Parse("2024")));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(why.total, 1);
  ASSERT_EQ(why.cadres.size(), 1u);
  EXPECT_EQ(why.cadres[0].code, "CB-1");
  EXPECT_TRUE(why.models.empty());
  Status claimed = Claimed(key);
  EXPECT_EQ(claimed.code(), ErrorCode::kConflict);
  EXPECT_THAT(claimed.message(), HasSubstr("women cadres CB-1"));

  s = store_->Write([&](store::WriteTransaction& txn) { return txn.DeleteActivity(training_id); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  Publish();
  EXPECT_EQ(Value(key)->value, "0");
}

}  // namespace
}  // namespace gemis::program
