#include "program/cadre_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/builtin_metadata.h"
#include "core/clock.h"
#include "core/uid.h"
#include "program/activity_service.h"
#include "store/records_store.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/lao_cai_store.h"
#include "support/temp_dir.h"

namespace gemis::program {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// A store with the Lào Cai hierarchy, two elements and the two register
// rules of the demo ("in the group" and "trained" at the year's end).
class CadreServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened =
        store::OpenSqliteStore(dir_.File("c.db"), {.clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      GEMIS_RETURN_IF_ERROR(fixtures::SaveBuiltinCombos(txn));
      for (const char* code : {"CADRES", "CADRES_TRAINED"}) {
        DataElement e;
        e.uid = UidFromKey(std::string("de:") + code);
        e.code = code;
        e.name = code;
        e.category_combo_code = "default";
        e.value_type = ValueType::kIntegerZeroOrPositive;
        e.aggregation_type = AggregationType::kLast;
        GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      }
      records::RegisterFigureRule rule;
      rule.data_element = "CADRES";
      rule.measure = "in_group";
      GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(rule).status());
      rule.data_element = "CADRES_TRAINED";
      rule.measure = "trained";
      return txn.SaveRegisterFigureRule(rule).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static records::Cadre Cadre(const std::string& code) {
    records::Cadre c;
    c.code = code;
    c.name = "Nông Thị " + code;
    c.org_unit = lc::kKimTan;
    c.position = "Chủ tịch Hội LHPN xã";
    c.ethnicity = "ETHNIC_07";
    c.since = D(2023, 4, 10);
    return c;
  }
  Result<CadreChange> Save(std::vector<records::Cadre> cadres) {
    CadreChange change;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(change, SaveCadres(txn, Context(), std::move(cadres), actor_));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return change;
  }
  ModelContext Context() { return ModelContext{hierarchy_, metadata_, plans_, D(2024, 12, 31)}; }
  std::string Value(const char* element, const char* period) {
    std::string out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                             txn.LoadFigureClaims(metadata_.FindElement(element)->id));
      GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
      for (const store::FigureClaim& c : claims) {
        for (const auto& [id, p] : periods) {
          if (id == c.key.period && p.ToString() == period) out = c.value;
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::vector<store::AuditEntry> Audit() {
    std::vector<store::AuditEntry> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) {
      return txn.ScanAudit({.object_type = "cadre"}, [&](const store::AuditEntry& e) {
        out.push_back(e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  FixedClock clock_{1735603200000};  // 2024-12-31
  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  PlanBook plans_;
  Actor actor_{7, "hoa.nt", "10.0.0.5"};
};

TEST_F(CadreServiceTest, SavesAuditsAndPublishesInOneGo) {
  Result<CadreChange> change = Save({Cadre("CB-1"), Cadre("CB-2")});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->created, 2);
  EXPECT_EQ(change->figures.written, 4);  // in the group and trained (0), 2023 and 2024
  EXPECT_EQ(Value("CADRES", "2024"), "2");
  EXPECT_EQ(Value("CADRES_TRAINED", "2024"), "0");
  std::vector<store::AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_EQ(audit[0].username, "hoa.nt");
  EXPECT_EQ(audit[0].org_unit, lc::kKimTan);
  EXPECT_THAT(*audit[0].after, HasSubstr("\"group\":\"pipeline\""));
}

TEST_F(CadreServiceTest, SavingTheSameAgainChangesNothingAndAnEditIsAnUpdate) {
  ASSERT_TRUE(Save({Cadre("CB-1")}).ok());
  Result<CadreChange> again = Save({Cadre("CB-1")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(Audit().size(), 1u);
  records::Cadre trained = Cadre("CB-1");
  trained.other_trainings = {{D(2024, 3, 5), "Trường Chính trị tỉnh"}};
  Result<CadreChange> edit = Save({trained});
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->updated, 1);
  EXPECT_EQ(Value("CADRES_TRAINED", "2024"), "1");
  std::vector<store::AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "update");  // newest first
  EXPECT_THAT(*audit[0].before, Not(HasSubstr("Trường Chính trị")));
  EXPECT_THAT(*audit[0].after, HasSubstr("Trường Chính trị"));
}

TEST_F(CadreServiceTest, ErrorsNameTheCadreAndWriteNothing) {
  records::Cadre bad = Cadre("CB-2");
  bad.org_unit = 999999;
  Result<CadreChange> r = Save({Cadre("CB-1"), bad});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("cadres[1] CB-2"));
  EXPECT_EQ(r.status().where().field, "orgUnit");
  EXPECT_TRUE(Audit().empty());  // the transaction rolled back: CB-1 is not there either
  EXPECT_EQ(Value("CADRES", "2024"), "");
}

TEST_F(CadreServiceTest, AClassesAttendanceTrainsHerAndDeletingHerRemovesHerFigures) {
  Result<CadreChange> saved = Save({Cadre("CB-1"), Cadre("CB-2")});
  ASSERT_TRUE(saved.ok());
  records::Activity a;
  a.code = "TH-1";
  a.kind = records::ActivityKind::kTraining;
  a.programme = records::TrainingProgramme::kWomenCadres;
  a.title = "Bồi dưỡng cán bộ nữ DTTS";
  a.start = a.end = D(2024, 6, 18);
  a.org_unit = lc::kKimTan;
  a.attendees = {saved->ids[1]};
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    return SaveActivities(txn, Context(), {a}, actor_).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Value("CADRES_TRAINED", "2024"), "1");
  s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings,
                           TrainingsOf(txn, saved->ids[1]));
    EXPECT_EQ(trainings.size(), 1u);
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> none, TrainingsOf(txn, saved->ids[0]));
    EXPECT_TRUE(none.empty());
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Activity> stored, txn.FindActivity("TH-1"));
    GEMIS_ASSIGN_OR_RETURN(std::vector<std::string> codes, AttendeeCodesOf(txn, *stored));
    EXPECT_THAT(codes, ElementsAre("CB-2"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();

  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    return DeleteCadre(txn, Context(), "CB-2", actor_).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Value("CADRES", "2024"), "1");
  EXPECT_EQ(Value("CADRES_TRAINED", "2024"), "0");
  EXPECT_EQ(Audit().front().action, "delete");
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    return DeleteCadre(txn, Context(), "CB-2", actor_).status();
  });
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace gemis::program
