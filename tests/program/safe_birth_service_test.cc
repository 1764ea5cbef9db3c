#include "program/safe_birth_service.h"

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

using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// A store with the Lào Cai hierarchy, Minh Bảo on the region-III list, the
// demo's three safe-birth elements and their register rules.
class SafeBirthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(key_); }

  void Open(const std::optional<store::FieldKey>& key) {
    store_.reset();
    Result<std::unique_ptr<store::Store>> opened =
        store::OpenSqliteStore(dir_.File("b.db"), {.clock = &clock_, .field_key = key});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    if (seeded_) return;
    seeded_ = true;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      Designation minh_bao;
      minh_bao.kind = std::string(kRegionIiiCommune);
      minh_bao.org_unit = lc::kMinhBao;
      minh_bao.legal_basis = "Quyết định 861/QĐ-TTg";
      GEMIS_RETURN_IF_ERROR(txn.SaveDesignation(minh_bao).status());
      GEMIS_RETURN_IF_ERROR(fixtures::SaveBuiltinCombos(txn));
      for (auto [code, measure] :
           {std::pair{"ELIGIBLE", "eligible"}, std::pair{"SUPPORTED", "supported"},
            std::pair{"PAID", "amount"}}) {
        DataElement e;
        e.uid = UidFromKey(std::string("de:") + code);
        e.code = code;
        e.name = code;
        e.category_combo_code = "default";
        e.value_type = ValueType::kIntegerZeroOrPositive;
        e.aggregation_type = AggregationType::kSum;
        GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
        records::RegisterFigureRule rule;
        rule.data_element = code;
        rule.register_kind = records::RegisterKind::kSafeBirth;
        rule.measure = measure;
        GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(rule).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static records::SafeBirth Birth(const std::string& code) {
    records::SafeBirth b;
    b.code = code;
    b.mother_name = "Lò Thị " + code;
    b.mother_birth_date = D(2000, 5, 20);
    b.ethnicity = "ETHNIC_09";
    b.commune = lc::kMinhBao;
    b.birth_date = D(2024, 8, 2);
    b.at_health_facility = true;
    b.within_population_policy = true;
    return b;
  }
  Result<SafeBirthChange> Save(std::vector<records::SafeBirth> births) {
    SafeBirthChange change;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(change, SaveSafeBirths(txn, Context(), std::move(births), actor_));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return change;
  }
  ModelContext Context() { return ModelContext{hierarchy_, metadata_, plans_, D(2024, 12, 31)}; }
  std::string Claimed(const char* element) {
    std::string out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                             txn.LoadFigureClaims(metadata_.FindElement(element)->id));
      for (const store::FigureClaim& c : claims) out += c.value + ";";
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::vector<store::AuditEntry> Audit() {
    std::vector<store::AuditEntry> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) {
      return txn.ScanAudit({.object_type = "safe_birth"}, [&](const store::AuditEntry& e) {
        out.push_back(e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  FixedClock clock_{1735603200000};  // 2024-12-31
  test_support::TempDir dir_;
  std::optional<store::FieldKey> key_ = store::FieldKey::Generate();
  bool seeded_ = false;
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  PlanBook plans_;
  Actor actor_{7, "mai.lt", "10.0.0.5"};
};

TEST_F(SafeBirthServiceTest, PublishesCoverageAndAuditsWithoutTheMothersIdentity) {
  records::SafeBirth paid = Birth("SB-1");
  paid.payments = {{records::SafeBirthPackage::kTravel, D(2024, 8, 2), 200'000, 2, 0, ""}};
  records::SafeBirth unpaid = Birth("SB-2");
  records::SafeBirth home = Birth("SB-3");
  home.at_health_facility = false;
  Result<SafeBirthChange> change = Save({paid, unpaid, home});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->created, 3);
  EXPECT_EQ(Claimed("ELIGIBLE"), "2;");
  EXPECT_EQ(Claimed("SUPPORTED"), "1;");  // 1 of 2: 50% coverage
  EXPECT_EQ(Claimed("PAID"), "200000;");
  std::vector<store::AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 3u);
  for (const store::AuditEntry& e : audit) {
    EXPECT_EQ(e.after->find("Lò Thị"), std::string::npos) << *e.after;
    EXPECT_EQ(e.after->find("2000-05-20"), std::string::npos);
    EXPECT_THAT(*e.after, HasSubstr("\"motherAge\":24"));
    EXPECT_EQ(e.org_unit, lc::kMinhBao);
  }
}

TEST_F(SafeBirthServiceTest, APaymentChangesTheFiguresAndSavingAgainChangesNothing) {
  ASSERT_TRUE(Save({Birth("SB-1")}).ok());
  EXPECT_EQ(Claimed("SUPPORTED"), "0;");
  Result<SafeBirthChange> same = Save({Birth("SB-1")});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->unchanged, 1);
  records::SafeBirth paid = Birth("SB-1");
  paid.payments = {{records::SafeBirthPackage::kNutrition, D(2024, 12, 20), 1'200'000, 0, 0, ""}};
  Result<SafeBirthChange> update = Save({paid});
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->updated, 1);
  EXPECT_EQ(Claimed("SUPPORTED"), "1;");
  EXPECT_EQ(Claimed("PAID"), "1200000;");
  EXPECT_EQ(Audit().front().action, "update");
}

TEST_F(SafeBirthServiceTest, WithoutTheKeyFiguresStillPublishButNamesCannotBeWritten) {
  ASSERT_TRUE(Save({Birth("SB-1")}).ok());
  Open(std::nullopt);
  Result<SafeBirthChange> refused = Save({Birth("SB-2")});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("births[0] SB-2"));
  EXPECT_EQ(refused.status().where().field, "motherName");
  std::optional<records::SafeBirth> sealed;
  Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(sealed, txn.FindSafeBirth("SB-1"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(sealed.has_value());
  EXPECT_TRUE(sealed->identity_sealed);
  EXPECT_TRUE(sealed->mother_name.empty());
  // A correction of the sealed record (the facility) keeps the name.
  sealed->facility = "Trạm Y tế xã Minh Bảo";
  Result<SafeBirthChange> corrected = Save({*sealed});
  ASSERT_TRUE(corrected.ok()) << corrected.status().ToString();
  EXPECT_EQ(corrected->updated, 1);
  EXPECT_EQ(Claimed("ELIGIBLE"), "1;");
  Open(key_);
  s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(sealed, txn.FindSafeBirth("SB-1"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(sealed->mother_name, "Lò Thị SB-1");
  EXPECT_EQ(sealed->facility, "Trạm Y tế xã Minh Bảo");
}

TEST_F(SafeBirthServiceTest, DeleteRemovesTheBirthAndItsFigures) {
  ASSERT_TRUE(Save({Birth("SB-1")}).ok());
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    return DeleteSafeBirth(txn, Context(), "SB-1", actor_).status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Claimed("ELIGIBLE"), "");
  EXPECT_EQ(Audit().front().action, "delete");
  EXPECT_EQ(Audit().front().before->find("Lò Thị"), std::string::npos);
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    return DeleteSafeBirth(txn, Context(), "SB-1", actor_).status();
  });
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace gemis::program
