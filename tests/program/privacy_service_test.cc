#include "program/privacy_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "program/cadre_service.h"
#include "program/case_service.h"
#include "program/safe_birth_service.h"
#include "store/records_store.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/lao_cai_store.h"
#include "support/temp_dir.h"

namespace gemis::program {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kNow = 1735603200000;  // 2024-12-31 00:00 UTC

// A store with the Lào Cai hierarchy and one record in each register: a
// birth at Minh Bảo (2024) with a payment, another from 2013, a cadre at
// Kim Tân, and a closed case at a trusted address of Cốc Lếu.
class PrivacyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(
        dir_.File("p.db"), {.clock = &clock_, .field_key = store::FieldKey::Generate()});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      records::Model address;
      address.code = "DCTC-CL";
      address.kind = records::ModelKind::kTrustedAddress;
      address.name = "Địa chỉ tin cậy Cốc Lếu";
      address.org_unit = lc::kCocLeu;
      address.established = D(2020, 1, 1);
      GEMIS_ASSIGN_OR_RETURN(address_, txn.SaveModel(address));
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(
          SaveSafeBirths(txn, Context(),
                         {Birth("SB-2024", D(2024, 8, 2)), Birth("SB-2013", D(2013, 6, 1))}, actor_)
              .status());
      records::Cadre cadre;
      cadre.code = "CB-1";
      cadre.name = "Hoàng Thị Hoa";
      cadre.position = "Chủ tịch Hội LHPN xã";
      cadre.org_unit = lc::kKimTan;
      cadre.ethnicity = "ETHNIC_02";
      cadre.group = records::CadreGroup::kPipeline;
      cadre.since = D(2023, 1, 1);
      GEMIS_RETURN_IF_ERROR(SaveCadres(txn, Context(), {cadre}, actor_).status());
      records::Case c;
      c.code = "CL-1";
      c.address = address_;
      c.opened = D(2018, 3, 1);
      c.closed = D(2019, 3, 1);
      c.survivor_name = "Lò Thị Mỷ";
      c.contact = "0912 000 001";
      c.narrative = "Bị chồng đánh";
      c.incidents = {records::IncidentType::kPhysicalAssault};
      c.consents = {{records::ConsentPurpose::kServices, true, c.opened, ""}};
      return SaveCases(txn, Context(), {c}, actor_).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static records::SafeBirth Birth(const std::string& code, Date day) {
    records::SafeBirth b;
    b.code = code;
    b.mother_name = "Lò Thị Xuân";
    b.mother_birth_date = D(day.year() - 24, 5, 20);
    b.ethnicity = "ETHNIC_09";
    b.commune = lc::kMinhBao;
    b.birth_date = day;
    b.payments = {{records::SafeBirthPackage::kSupplies, day, 500000, 0, 0, "PC-1"}};
    return b;
  }
  ModelContext Context() { return ModelContext{hierarchy_, metadata_, plans_, D(2024, 12, 31)}; }

  Result<int64_t> Log(records::PersonalRegister reg, const std::string& code,
                      records::RequestKind kind) {
    records::SubjectRequest r;
    r.register_kind = reg;
    r.record_code = code;
    r.kind = kind;
    r.received_ms = kNow;
    int64_t id = 0;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(id, LogSubjectRequest(txn, r, actor_));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return id;
  }
  Result<RequestAnswer> Answer(int64_t id, int64_t at = kNow + kHour) {
    RequestAnswer answer;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(answer,
                             AnswerSubjectRequest(txn, Context(), id, "đã xử lý", at, actor_));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return answer;
  }
  template <typename T, typename F>
  T ReadWith(F fn) {
    T out{};
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, fn(txn));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::optional<records::SafeBirth> FindBirth(const std::string& code) {
    return ReadWith<std::optional<records::SafeBirth>>(
        [&](store::ReadTransaction& txn) { return txn.FindSafeBirth(code); });
  }
  std::string AuditText() {
    std::string out;
    Status s = store_->Read([&](store::ReadTransaction& txn) {
      return txn.ScanAudit({}, [&](const store::AuditEntry& e) {
        out +=
            e.action + " " + e.object_type + " " + e.object_id + " " + e.after.value_or("") + "\n";
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  FixedClock clock_{kNow};
  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  PlanBook plans_;
  records::ModelId address_ = 0;
  Actor actor_{0, "cli:dpo", ""};
};

TEST_F(PrivacyServiceTest, ARequestNamesAnExistingRecord) {
  Result<int64_t> missing =
      Log(records::PersonalRegister::kSafeBirth, "SB-9999", records::RequestKind::kAccess);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "recordCode");
  // A cadre's code is not a birth's.
  EXPECT_FALSE(
      Log(records::PersonalRegister::kSafeBirth, "CB-1", records::RequestKind::kAccess).ok());
  EXPECT_TRUE(Log(records::PersonalRegister::kCadre, "CB-1", records::RequestKind::kAccess).ok());
}

TEST_F(PrivacyServiceTest, AccessGivesTheRecordAndWhoProcessedIt) {
  Result<int64_t> id =
      Log(records::PersonalRegister::kSafeBirth, "SB-2024", records::RequestKind::kAccess);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Result<RequestAnswer> answer = Answer(*id);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  const nlohmann::json& access = answer->access;
  EXPECT_EQ(access["record"]["motherName"], "Lò Thị Xuân");
  EXPECT_EQ(access["record"]["payments"].size(), 1u);
  ASSERT_GE(access["processing"].size(), 1u);
  EXPECT_EQ(access["processing"].back()["action"], "create");
  EXPECT_EQ(access["processing"].back()["user"], "cli:dpo");
  EXPECT_EQ(records::RequestState(answer->request, kNow + 2 * kHour), "answered");
  // Answered once.
  Result<RequestAnswer> again = Answer(*id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  // The request's audit entries hold the code, never the name.
  std::string audit = AuditText();
  EXPECT_THAT(audit, HasSubstr("answer subjectRequest"));
  EXPECT_THAT(audit, Not(HasSubstr("Lò Thị")));
}

TEST_F(PrivacyServiceTest, ErasingABirthKeepsThePaymentsAndSaysWhy) {
  Result<int64_t> id =
      Log(records::PersonalRegister::kSafeBirth, "SB-2024", records::RequestKind::kErasure);
  ASSERT_TRUE(id.ok());
  Result<RequestAnswer> answer = Answer(*id, kNow + 80 * kHour);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_THAT(answer->request.erased, Contains("motherName"));
  ASSERT_FALSE(answer->request.kept.empty());
  EXPECT_EQ(answer->request.kept[0].field, "payments");
  EXPECT_EQ(records::RequestState(answer->request, kNow + 100 * kHour), "answered_late");

  std::optional<records::SafeBirth> b = FindBirth("SB-2024");
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->identity_erased.has_value());
  EXPECT_TRUE(b->mother_name.empty());
  EXPECT_FALSE(b->mother_birth_date.has_value());
  EXPECT_EQ(b->mother_age, 24);  // kept for the figures
  EXPECT_EQ(b->payments.size(), 1u);
  // The stored request says what was kept.
  auto requests = ReadWith<std::vector<records::SubjectRequest>>(
      [](store::ReadTransaction& txn) { return txn.LoadSubjectRequests(); });
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].kept.size(), answer->request.kept.size());
  EXPECT_EQ(requests[0].handled_by, "cli:dpo");
  EXPECT_THAT(AuditText(), HasSubstr("erase safe_birth SB-2024"));
}

TEST_F(PrivacyServiceTest, HandingOverACaseIsAuditedAsAView) {
  Result<int64_t> id = Log(records::PersonalRegister::kCase, "CL-1", records::RequestKind::kAccess);
  ASSERT_TRUE(id.ok());
  Result<RequestAnswer> answer = Answer(*id);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->access["record"]["survivorName"], "Lò Thị Mỷ");
  EXPECT_EQ(answer->access["record"]["consents"].size(), 1u);
  std::string audit = AuditText();
  EXPECT_THAT(audit, HasSubstr("view case CL-1"));
  EXPECT_THAT(audit, Not(HasSubstr("Lò Thị Mỷ")));
}

TEST_F(PrivacyServiceTest, ErasingACaseOrACadre) {
  Result<int64_t> kase =
      Log(records::PersonalRegister::kCase, "CL-1", records::RequestKind::kErasure);
  ASSERT_TRUE(kase.ok());
  ASSERT_TRUE(Answer(*kase).ok());
  auto c = ReadWith<std::optional<records::Case>>(
      [](store::ReadTransaction& txn) { return txn.FindCase("CL-1"); });
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->identity_erased.has_value());
  EXPECT_TRUE(c->survivor_name.empty());
  EXPECT_TRUE(c->narrative.empty());
  EXPECT_EQ(c->consents.size(), 1u);  // the lawful basis stays

  Result<int64_t> cadre =
      Log(records::PersonalRegister::kCadre, "CB-1", records::RequestKind::kErasure);
  ASSERT_TRUE(cadre.ok());
  Result<RequestAnswer> answer = Answer(*cadre);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_THAT(answer->request.erased, Contains("the whole record"));
  auto gone = ReadWith<std::optional<records::Cadre>>(
      [](store::ReadTransaction& txn) { return txn.FindCadre("CB-1"); });
  EXPECT_FALSE(gone.has_value());
}

TEST_F(PrivacyServiceTest, RectificationIsRecordedAfterTheCorrection) {
  Result<int64_t> id =
      Log(records::PersonalRegister::kSafeBirth, "SB-2024", records::RequestKind::kRectification);
  ASSERT_TRUE(id.ok());
  Result<RequestAnswer> answer = Answer(*id);
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->request.answered_ms.has_value());
  EXPECT_EQ(answer->request.note, "đã xử lý");
  EXPECT_TRUE(answer->access.is_null());
  EXPECT_EQ(FindBirth("SB-2024")->mother_name, "Lò Thị Xuân");  // nothing erased
}

TEST_F(PrivacyServiceTest, RetentionErasesOnlyWhatIsPastItsPeriod) {
  RetentionReport dry;
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(dry, ApplyRetention(txn, D(2024, 12, 31), true, actor_));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  // 2013 + 10 years is past; 2024 is not; the case closed in 2019 is (5 years).
  EXPECT_THAT(dry.births, ::testing::ElementsAre("SB-2013"));
  EXPECT_THAT(dry.cases, ::testing::ElementsAre("CL-1"));
  EXPECT_EQ(FindBirth("SB-2013")->mother_name, "Lò Thị Xuân");  // a dry run changes nothing

  s = store_->Write([&](store::WriteTransaction& txn) {
    return SaveRetention(txn, {records::PersonalRegister::kCase, 10}, actor_);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  RetentionReport done;
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(done, ApplyRetention(txn, D(2024, 12, 31), false, actor_));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(done.births, ::testing::ElementsAre("SB-2013"));
  EXPECT_TRUE(done.cases.empty());  // now kept 10 years
  EXPECT_TRUE(FindBirth("SB-2013")->identity_erased.has_value());
  EXPECT_EQ(FindBirth("SB-2024")->mother_name, "Lò Thị Xuân");
  EXPECT_THAT(AuditText(), HasSubstr("retention safe_birth SB-2013"));
  // Applying again finds nothing left.
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(done, ApplyRetention(txn, D(2024, 12, 31), false, actor_));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(done.births.empty());
  // A cadre has no retention period.
  s = store_->Write([&](store::WriteTransaction& txn) {
    return SaveRetention(txn, {records::PersonalRegister::kCadre, 5}, actor_);
  });
  EXPECT_EQ(s.where().field, "register");
}

TEST_F(PrivacyServiceTest, BreachLogAndItsNotification) {
  records::Breach b;
  b.detected_ms = kNow;
  b.description = "Bản xuất danh sách gửi nhầm địa chỉ thư";
  b.registers = {records::PersonalRegister::kSafeBirth};
  b.subjects = 12;
  int64_t id = 0;
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(id, SaveBreach(txn, b, actor_));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  b.id = id;
  b.notified_ms = kNow + 90 * kHour;
  b.notified_to = "A05, Bộ Công an";
  s = store_->Write(
      [&](store::WriteTransaction& txn) { return SaveBreach(txn, b, actor_).status(); });
  EXPECT_EQ(s.where().field, "lateReason");  // late without a reason: refused, nothing saved
  b.late_reason = "Phát hiện trong kỳ nghỉ lễ";
  s = store_->Write(
      [&](store::WriteTransaction& txn) { return SaveBreach(txn, b, actor_).status(); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto breaches = ReadWith<std::vector<records::Breach>>(
      [](store::ReadTransaction& txn) { return txn.LoadBreaches(); });
  ASSERT_EQ(breaches.size(), 1u);
  nlohmann::json j = BreachToJson(breaches[0], kNow + 100 * kHour);
  EXPECT_EQ(j["state"], "notified_late");
  EXPECT_EQ(j["subjects"], 12);
  EXPECT_EQ(j["registers"][0], "safe_birth");
  std::string audit = AuditText();
  EXPECT_THAT(audit, HasSubstr("create breach"));
  EXPECT_THAT(audit, HasSubstr("update breach"));
}

}  // namespace
}  // namespace gemis::program
