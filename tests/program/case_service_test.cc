#include "program/case_service.h"

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

using access::Authority;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// A store with the Lào Cai hierarchy, a trusted address at Cốc Lếu, a
// communication team at Kim Tân, the element CASES with a cases rule, a
// custom role "case_worker" (read_confidential) and four users: a
// caseworker and a province officer who both hold it, the data-protection
// officer, and the central administrator.
class CaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(
        dir_.File("c.db"), {.clock = &clock_, .field_key = store::FieldKey::Generate()});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      GEMIS_RETURN_IF_ERROR(fixtures::SaveBuiltinCombos(txn));
      DataElement e;
      e.uid = UidFromKey("de:CASES");
      e.code = "CASES";
      e.name = "CASES";
      e.category_combo_code = "default";
      e.value_type = ValueType::kIntegerZeroOrPositive;
      e.aggregation_type = AggregationType::kSum;
      GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      records::RegisterFigureRule rule;
      rule.data_element = "CASES";
      rule.register_kind = records::RegisterKind::kCases;
      rule.measure = "cases";
      GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(rule).status());
      for (auto [code, kind, unit] :
           {std::tuple{"DCTC-CL", records::ModelKind::kTrustedAddress, lc::kCocLeu},
            std::tuple{"TT-KT", records::ModelKind::kCommunicationTeam, lc::kKimTan}}) {
        records::Model m;
        m.code = code;
        m.kind = kind;
        m.name = code;
        m.org_unit = unit;
        m.established = D(2023, 1, 1);
        GEMIS_RETURN_IF_ERROR(txn.SaveModel(m).status());
      }
      access::Role worker;
      worker.code = "case_worker";
      worker.name = "Người quản lý ca";
      worker.authorities =
          access::MakeSet({Authority::kReadMetadata, Authority::kReadConfidential});
      GEMIS_RETURN_IF_ERROR(txn.SaveRole(worker).status());
      for (auto [name, role, root] : {std::tuple{"mai.lt", "case_worker", lc::kCityLaoCai},
                                      std::tuple{"lan.province", "case_worker", lc::kOldLaoCai},
                                      std::tuple{"dpo", "data_protection", lc::kVietNam},
                                      std::tuple{"admin", "admin", lc::kVietNam}}) {
        access::User u;
        u.username = name;
        u.display_name = name;
        u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
        u.roles = {role};
        u.view_scope = {root};
        GEMIS_ASSIGN_OR_RETURN(u.id, txn.SaveUser(u));
        users_[name] = u;
      }
      GEMIS_ASSIGN_OR_RETURN(roles_, txn.LoadRoles());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> m, txn.FindModel("DCTC-CL"));
      address_ = m->id;
      GEMIS_ASSIGN_OR_RETURN(m, txn.FindModel("TT-KT"));
      team_model_ = m->id;
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  access::Principal P(const std::string& name) { return access::PrincipalOf(users_[name], roles_); }
  Actor A(const std::string& name) { return {users_[name].id, name, "10.0.0.5"}; }
  ModelContext Context() { return ModelContext{hierarchy_, metadata_, plans_, D(2024, 12, 31)}; }

  records::Case Make(int n, bool reporting = true) {
    records::Case c;
    c.code = "CL-2024-" + std::to_string(n);
    c.address = address_;
    c.opened = D(2024, 3, n);
    c.survivor_name = "Lò Thị " + std::to_string(n);
    c.contact = "0912 000 00" + std::to_string(n);
    c.narrative = "Bị chồng đánh";
    c.age = 30;
    c.incidents = {records::IncidentType::kPhysicalAssault};
    c.consents = {{records::ConsentPurpose::kServices, true, c.opened, ""},
                  {records::ConsentPurpose::kReporting, reporting, c.opened, ""}};
    c.services = {{records::CaseService::kSafety, c.opened, ""}};
    return c;
  }
  Result<CaseChange> Save(std::vector<records::Case> cases) {
    CaseChange change;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(change, SaveCases(txn, Context(), std::move(cases), A("mai.lt")));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return change;
  }
  Status Grant(const std::string& actor, const std::string& grantee) {
    access::ScopeIndex scopes(hierarchy_, D(2024, 12, 31));
    return store_->Write([&](store::WriteTransaction& txn) {
      return GrantCaseAccess(txn, P(actor), A(actor), "DCTC-CL", grantee,
                             records::CaseRole::kCaseworker, scopes);
    });
  }
  std::vector<records::CaseAssignment> Team() {
    std::vector<records::CaseAssignment> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCaseAssignments({}));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::vector<store::AuditEntry> Audit(const std::string& type) {
    std::vector<store::AuditEntry> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) {
      return txn.ScanAudit({.object_type = type}, [&](const store::AuditEntry& e) {
        out.push_back(e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::string Claimed() {
    std::string out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                             txn.LoadFigureClaims(metadata_.FindElement("CASES")->id));
      for (const store::FigureClaim& c : claims) {
        out += std::to_string(c.key.org_unit) + "=" + c.value + ";";
      }
      return Status::Ok();
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
  std::map<std::string, access::User> users_;
  std::vector<access::Role> roles_;
  records::ModelId address_ = 0, team_model_ = 0;
};

TEST_F(CaseServiceTest, SavesWithTheAddressUnitAndAuditsWithoutIdentity) {
  Result<CaseChange> change = Save({Make(1)});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->created, 1);
  std::vector<store::AuditEntry> audit = Audit("case");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_FALSE(audit[0].org_unit.has_value());  // the location stays out of the scope filter
  EXPECT_EQ(audit[0].after->find("Lò Thị"), std::string::npos) << *audit[0].after;
  EXPECT_EQ(audit[0].after->find("0912"), std::string::npos);
  EXPECT_EQ(audit[0].after->find("Bị chồng"), std::string::npos);
  EXPECT_EQ(audit[0].after->find("orgUnit"), std::string::npos);
  std::optional<records::Case> stored;
  Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindCase("CL-2024-1"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok() && stored) << s.ToString();
  EXPECT_EQ(stored->org_unit, lc::kCocLeu);
  EXPECT_EQ(stored->consents[0].recorded_by, "mai.lt");
  EXPECT_EQ(stored->survivor_name, "Lò Thị 1");
  // Saved again: unchanged, no new entry.
  Result<CaseChange> again = Save({Make(1)});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(Audit("case").size(), 1u);
}

TEST_F(CaseServiceTest, OnlyATrustedAddressHoldsAViolenceCase) {
  records::Case c = Make(1);
  c.address = team_model_;
  Result<CaseChange> refused = Save({c});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().where().field, "address");
  EXPECT_THAT(refused.status().message(), HasSubstr("cases[0] CL-2024-1"));
}

// Aggregates: only with consent for reporting, never under 5 in a cell.
TEST_F(CaseServiceTest, FiguresCountConsentingCasesAndSuppressBelowFive) {
  ASSERT_TRUE(Save({Make(1), Make(2), Make(3), Make(4)}).ok());
  EXPECT_EQ(Claimed(), "");
  Result<CaseChange> fifth = Save({Make(5, /*reporting=*/false)});
  ASSERT_TRUE(fifth.ok());
  EXPECT_EQ(fifth->figures.suppressed, 4);
  EXPECT_EQ(Claimed(), "");
  Result<CaseChange> consented = Save({Make(5)});
  ASSERT_TRUE(consented.ok()) << consented.status().ToString();
  EXPECT_EQ(consented->figures.suppressed, 0);
  EXPECT_EQ(Claimed(), std::to_string(lc::kCocLeu) + "=5;");
  // She withdraws her consent to reporting: the commune falls under 5.
  records::Case withdrawn = Make(5);
  withdrawn.consents.push_back({records::ConsentPurpose::kReporting, false, D(2024, 6, 1), ""});
  ASSERT_TRUE(Save({withdrawn}).ok());
  EXPECT_EQ(Claimed(), "");
  // The drill-down tells how many cases, never which.
  ASSERT_TRUE(Save({Make(6)}).ok());
  FigureExplanation explained;
  Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
    DataValueKey key{metadata_.FindElement("CASES")->id, 0, lc::kCocLeu,
                     metadata_.default_option_combo(), metadata_.default_option_combo()};
    GEMIS_ASSIGN_OR_RETURN(explained, ExplainFigure(txn, hierarchy_, key, *Period::Parse("2024")));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(explained.total, 5);
  EXPECT_EQ(explained.cases, 5);
  ASSERT_EQ(explained.claims.size(), 1u);
  EXPECT_TRUE(explained.claims[0].models.empty());
}

TEST_F(CaseServiceTest, EveryReadIsAuditedAndAReferralNeedsConsent) {
  ASSERT_TRUE(Save({Make(1), Make(2)}).ok());
  std::vector<records::Case> read;
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    store::CaseFilter filter;
    filter.addresses = {address_};
    GEMIS_ASSIGN_OR_RETURN(read, ReadCases(txn, filter, A("mai.lt")));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(read.size(), 2u);
  int views = 0;
  for (const store::AuditEntry& e : Audit("case")) {
    if (e.action == "view") {
      ++views;
      EXPECT_EQ(e.username, "mai.lt");
    }
  }
  EXPECT_EQ(views, 2);
  Result<nlohmann::json> refused = Status::Internal("not run");
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    refused = ReferCase(txn, hierarchy_, "CL-2024-1", "Bệnh viện huyện", A("mai.lt"));
    return Status::Ok();
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.status().where().field, "consents");
  records::Case consenting = Make(1);
  consenting.consents.push_back({records::ConsentPurpose::kReferral, true, D(2024, 3, 2), ""});
  ASSERT_TRUE(Save({consenting}).ok());
  Result<nlohmann::json> sheet = Status::Internal("not run");
  s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(sheet,
                           ReferCase(txn, hierarchy_, "CL-2024-1", "Bệnh viện huyện", A("mai.lt")));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ((*sheet)["survivorName"], "Lò Thị 1");
  EXPECT_EQ((*sheet)["referredTo"], "Bệnh viện huyện");
  EXPECT_FALSE(sheet->contains("narrative"));  // her account stays at the address
  EXPECT_FALSE(sheet->contains("orgUnit"));
  EXPECT_EQ(Audit("case").front().action, "refer");
}

// Need to know: access comes from the team, never from the hierarchy or
// from administering users.
TEST_F(CaseServiceTest, NeedToKnowTeamsAreNamedOnlyByTheDataProtectionRole) {
  // Nobody is on the team: the province officer with read_confidential
  // cannot read, nor the administrator, nor the data-protection officer.
  for (const char* who : {"mai.lt", "lan.province", "admin", "dpo"}) {
    EXPECT_FALSE(MayReadCases(P(who), address_, Team())) << who;
  }
  // The administrator cannot name anyone, themselves included.
  Status s = Grant("admin", "mai.lt");
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_THAT(s.message(), HasSubstr("grant_confidential"));
  EXPECT_FALSE(Grant("admin", "admin").ok());
  // The data-protection officer cannot name themselves, nor the
  // administrator (no read_confidential), but names the caseworker.
  s = Grant("dpo", "dpo");
  EXPECT_THAT(s.message(), HasSubstr("nobody gives themselves"));
  s = Grant("dpo", "admin");
  EXPECT_THAT(s.message(), HasSubstr("does not hold read_confidential"));
  ASSERT_TRUE(Grant("dpo", "mai.lt").ok());
  std::vector<records::CaseAssignment> team = Team();
  ASSERT_EQ(team.size(), 1u);
  EXPECT_EQ(team[0].granted_by, "dpo");
  EXPECT_TRUE(MayReadCases(P("mai.lt"), address_, team));
  EXPECT_FALSE(MayReadCases(P("lan.province"), address_, team));  // higher, not on the team
  EXPECT_FALSE(MayReadCases(P("admin"), address_, team));
  EXPECT_FALSE(MayReadCases(P("mai.lt"), team_model_, team));  // another address
  EXPECT_TRUE(MayReadCases(access::SystemPrincipal("cli:root"), address_, team));
  ASSERT_EQ(Audit("caseTeam").size(), 1u);
  EXPECT_EQ(Audit("caseTeam")[0].action, "grant");
  // Revoked by the administrator: refused; by the officer: done.
  s = store_->Write([&](store::WriteTransaction& txn) {
    return RevokeCaseAccess(txn, P("admin"), A("admin"), "DCTC-CL", "mai.lt");
  });
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  s = store_->Write([&](store::WriteTransaction& txn) {
    return RevokeCaseAccess(txn, P("dpo"), A("dpo"), "DCTC-CL", "mai.lt");
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Team().empty());
}

TEST_F(CaseServiceTest, AGranteeOutsideTheAddressScopeIsRefused) {
  // A caseworker whose view scope is Yên Bái cannot be on a Lào Cai team.
  Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
    access::User u;
    u.username = "ha.yb";
    u.display_name = "ha.yb";
    u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    u.roles = {"case_worker"};
    u.view_scope = {lc::kYenBai};
    GEMIS_ASSIGN_OR_RETURN(u.id, txn.SaveUser(u));
    users_[u.username] = u;
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = Grant("dpo", "ha.yb");
  EXPECT_THAT(s.message(), HasSubstr("outside the view scope of ha.yb"));
}

}  // namespace
}  // namespace gemis::program
