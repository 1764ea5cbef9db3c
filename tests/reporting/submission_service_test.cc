// The reporting workflow over a real SQLite store: Kon Tum's annual report
// from communes through a district to the province, who may act, the
// children-first rule, locks up the chain, and the audit log.
#include "reporting/submission_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/uid.h"
#include "records/activity.h"
#include "store/sqlite_store.h"
#include "support/kon_tum_reports.h"
#include "support/temp_dir.h"

namespace gemis::reporting {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids
using ::testing::HasSubstr;
using S = SubmissionState;
using A = SubmissionAction;

class SubmissionService : public ::testing::Test {
 protected:
  void SetUp() override {
    hierarchy_ = KonTum();
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("r.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      std::vector<const OrgUnit*> units;
      for (const OrgUnit& u : hierarchy_.units()) units.push_back(&u);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      DataElement e;
      e.code = "P8_TEAMS";
      e.uid = UidFromKey("data_element/P8_TEAMS");
      e.name = "Đội truyền thông";
      GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      DataSet ds;
      ds.uid = UidFromKey("data_set/P8_BC_NAM");
      ds.code = "P8_BC_NAM";
      ds.name = "Báo cáo năm";
      ds.period_type = PeriodType::kYearly;
      ds.data_elements = {"P8_TEAMS"};
      GEMIS_RETURN_IF_ERROR(txn.SaveDataSet(ds).status());
      return txn.SaveReportType(AnnualReport()).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static ReportActor Officer(std::string name, OrgUnitId unit, bool approves) {
    ReportActor a;
    a.principal.user_id = static_cast<access::UserId>(unit) * 10 + (approves ? 1 : 0);
    a.principal.username = std::move(name);
    a.principal.authorities = access::MakeSet({access::Authority::kEnterData});
    if (approves) access::Add(a.principal.authorities, access::Authority::kApprove);
    a.principal.entry_scope = {unit};
    a.principal.view_scope = {unit};
    return a;
  }

  Result<Submission> Act(const ReportActor& who, OrgUnitId unit, A action, std::string when,
                         std::string comment = "") {
    ReportAction a;
    a.type = "KT-BC-NAM";
    a.unit = unit;
    a.period = *Period::Parse("2024");
    a.action = action;
    a.comment = std::move(comment);
    access::ScopeIndex scopes(hierarchy_, fixtures::Day("2024-11-01"));
    Result<Submission> out = Status::Internal("not run");
    Status s = store_->Write([&](store::WriteTransaction& txn) {
      out = ActOnReport(txn, a, who, hierarchy_, scopes, *ParseTimestamp(when));
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  std::map<OrgUnitId, ReportRow> Rows(std::string when) {
    std::map<OrgUnitId, ReportRow> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
      GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type("KT-BC-NAM"));
      GEMIS_ASSIGN_OR_RETURN(std::vector<ReportRow> rows,
                             LoadReportRows(txn, setup, *t, *Period::Parse("2024"), hierarchy_,
                                            *ParseTimestamp(when)));
      for (ReportRow& r : rows) out.emplace(r.expected.unit, std::move(r));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) {
                      store::AuditFilter f;
                      f.object_type = "report";
                      return txn.ScanAudit(f, [&](const store::AuditEntry& e) {
                        out.insert(out.begin(), e.username + ":" + e.action);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }

  test_support::TempDir dir_;
  Hierarchy hierarchy_;
  std::unique_ptr<store::Store> store_;
  const ReportActor ha_mon_ = Officer("xa.hamon", kHaMon, false);
  const ReportActor ngok_wang_ = Officer("xa.ngokwang", kNgokWang, false);
  const ReportActor dak_la_ = Officer("xa.dakla", kDakLa, false);
  const ReportActor dak_ha_ = Officer("huyen.dakha", kDakHa, true);
  const ReportActor dak_ha_2_ = Officer("huyen.dakha2", kDakHa, true);
  const ReportActor kon_tum_ = Officer("tinh.kontum", kKonTum, true);
};

TEST_F(SubmissionService, ThreeCommunesThroughADistrictToTheProvince) {
  // Due before 10/11/2024, a Sunday: the last day is Monday 11/11.
  ASSERT_TRUE(Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-04T09:00").ok());
  ASSERT_TRUE(Act(ngok_wang_, kNgokWang, A::kSubmit, "2024-11-06T09:00").ok());
  ASSERT_TRUE(Act(dak_la_, kDakLa, A::kSubmit, "2024-11-12T09:00").ok());  // late
  // The district returns Hà Mòn's, which is resubmitted.
  Result<Submission> back =
      Act(dak_ha_, kHaMon, A::kReturn, "2024-11-07T09:00", "Thiếu số đội truyền thông");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->state, S::kReturned);
  ASSERT_TRUE(Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-08T09:00").ok());
  // The district cannot approve its own report before its communes'.
  ASSERT_TRUE(Act(dak_ha_, kDakHa, A::kSubmit, "2024-11-09T09:00").ok());
  Result<Submission> early = Act(kon_tum_, kDakHa, A::kApprove, "2024-11-12T10:00");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().where().field, "children");
  for (OrgUnitId c : {kHaMon, kNgokWang, kDakLa}) {
    Result<Submission> ok = Act(dak_ha_, c, A::kApprove, "2024-11-12T11:00");
    ASSERT_TRUE(ok.ok()) << c << ": " << ok.status().ToString();
  }
  Result<Submission> district = Act(kon_tum_, kDakHa, A::kApprove, "2024-11-13T09:00");
  ASSERT_TRUE(district.ok()) << district.status().ToString();
  EXPECT_EQ(district->state, S::kApproved);

  std::map<OrgUnitId, ReportRow> rows = Rows("2024-11-14T09:00");
  EXPECT_EQ(rows.at(kHaMon).state, S::kLocked);  // final up the chain
  EXPECT_EQ(rows.at(kHaMon).timeliness, Timeliness::kOnTime);
  EXPECT_EQ(rows.at(kDakLa).timeliness, Timeliness::kLate);
  EXPECT_EQ(rows.at(kSaNhon).timeliness, Timeliness::kMissing);
  Completeness c = MeasureRows(
      [&] {
        std::vector<ReportRow> v;
        for (auto& [unit, row] : rows) v.push_back(row);
        return v;
      }(),
      hierarchy_, *ParseTimestamp("2024-11-14T09:00"));
  EXPECT_EQ(c.rolled_up.at(kDakHa).expected, 4);
  EXPECT_EQ(c.rolled_up.at(kDakHa).on_time, 3);
  EXPECT_EQ(c.rolled_up.at(kKonTum).missing, 2);  // Sa Thầy and Sa Nhơn

  // Each transition is in the audit log with who did it.
  std::vector<std::string> log = AuditActions();
  EXPECT_EQ(log.front(), "xa.hamon:submit");
  EXPECT_THAT(log, ::testing::Contains("huyen.dakha:return"));
  EXPECT_THAT(log, ::testing::Contains("tinh.kontum:lock"));
  EXPECT_EQ(log.back(), "tinh.kontum:lock");
}

TEST_F(SubmissionService, WhoMayActIsChecked) {
  // A commune cannot submit for another; a district officer does not
  // approve a commune of another district, nor the district's own report.
  Result<Submission> other = Act(ha_mon_, kNgokWang, A::kSubmit, "2024-11-04T09:00");
  EXPECT_EQ(other.status().code(), ErrorCode::kDenied);
  EXPECT_EQ(other.status().where().field, "scope");
  ASSERT_TRUE(
      Act(Officer("xa.sanhon", kSaNhon, false), kSaNhon, A::kSubmit, "2024-11-04T09:00").ok());
  Result<Submission> neighbour = Act(dak_ha_, kSaNhon, A::kApprove, "2024-11-05T09:00");
  EXPECT_EQ(neighbour.status().code(), ErrorCode::kDenied);
  EXPECT_THAT(neighbour.status().message(), HasSubstr("Sa Thầy"));
  // A commune officer cannot return.
  Result<Submission> no_authority = Act(ha_mon_, kSaNhon, A::kReturn, "2024-11-05T09:00", "x");
  EXPECT_EQ(no_authority.status().where().field, "authority");
  // The district officer who submitted the district's report is not its
  // approver, and a second district officer cannot approve it either: it
  // goes to the province.
  ASSERT_TRUE(Act(dak_ha_, kDakHa, A::kSubmit, "2024-11-05T09:00").ok());
  EXPECT_EQ(Act(dak_ha_2_, kDakHa, A::kApprove, "2024-11-05T10:00").status().code(),
            ErrorCode::kDenied);
}

TEST_F(SubmissionService, NobodyApprovesTheirOwnSubmission) {
  // A province officer who submitted for a district (entry scope covers
  // it) cannot then approve that same report.
  ASSERT_TRUE(
      Act(Officer("xa.sanhon", kSaNhon, false), kSaNhon, A::kSubmit, "2024-11-04T09:00").ok());
  ASSERT_TRUE(
      Act(Officer("huyen.sathay", kSaThay, true), kSaNhon, A::kApprove, "2024-11-05T09:00").ok());
  ASSERT_TRUE(Act(kon_tum_, kSaThay, A::kSubmit, "2024-11-06T09:00").ok());
  Result<Submission> own = Act(kon_tum_, kSaThay, A::kApprove, "2024-11-06T10:00");
  EXPECT_EQ(own.status().where().field, "approver");
}

TEST_F(SubmissionService, UnlockingGoesTopDownAndWaivingExcusesAUnit) {
  ASSERT_TRUE(Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-04T09:00").ok());
  ASSERT_TRUE(Act(ngok_wang_, kNgokWang, A::kSubmit, "2024-11-04T09:00").ok());
  ASSERT_TRUE(Act(dak_ha_, kHaMon, A::kApprove, "2024-11-05T09:00").ok());
  ASSERT_TRUE(Act(dak_ha_, kNgokWang, A::kApprove, "2024-11-05T09:00").ok());
  // Đăk La never reports: the district waives it with a reason.
  EXPECT_EQ(Act(dak_ha_, kDakLa, A::kWaive, "2024-11-05T09:00").status().where().field, "comment");
  ASSERT_TRUE(Act(dak_ha_, kDakLa, A::kWaive, "2024-11-05T09:00", "Xã đã sáp nhập").ok());
  ASSERT_TRUE(Act(dak_ha_2_, kDakHa, A::kSubmit, "2024-11-06T09:00").ok());
  ASSERT_TRUE(Act(kon_tum_, kDakHa, A::kApprove, "2024-11-07T09:00").ok());
  // Submitting after the lock: refused.
  Result<Submission> after = Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-08T09:00");
  EXPECT_EQ(after.status().where().field, "state");
  // Unlocking Hà Mòn's needs the district's reopened first.
  EXPECT_EQ(
      Act(dak_ha_, kHaMon, A::kUnlock, "2024-11-08T09:00", "Sửa số liệu").status().where().field,
      "above");
  ASSERT_TRUE(Act(kon_tum_, kDakHa, A::kUnlock, "2024-11-08T10:00", "Sửa số liệu xã Hà Mòn").ok());
  EXPECT_EQ(Rows("2024-11-08T11:00").at(kHaMon).state, S::kApproved);  // released
  Result<Submission> open = Act(dak_ha_, kHaMon, A::kUnlock, "2024-11-08T11:00", "Sửa số liệu");
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_EQ(open->state, S::kReturned);
  EXPECT_EQ(Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-08T12:00")->state, S::kResubmitted);
}

TEST_F(SubmissionService, UnitsThatDoNotReportAreNamed) {
  // The province does not submit this type; Đăk La merged before 2025's
  // reference day is not expected in 2025.
  Result<Submission> province = Act(kon_tum_, kKonTum, A::kSubmit, "2024-11-04T09:00");
  EXPECT_EQ(province.status().where().field, "unit");
  EXPECT_THAT(province.status().message(), HasSubstr("does not report KT-BC-NAM"));
  ReportAction a;
  a.type = "KT-BC-NAM";
  a.unit = kDakLa;
  a.period = *Period::Parse("2025");
  access::ScopeIndex scopes(hierarchy_, fixtures::Day("2025-11-01"));
  Status s = store_->Write([&](store::WriteTransaction& txn) {
    return ActOnReport(txn, a, dak_la_, hierarchy_, scopes, *ParseTimestamp("2025-11-01T09:00"))
        .status();
  });
  EXPECT_EQ(s.where().field, "unit");
  a.period = *Period::Parse("2025S1");
  s = store_->Write([&](store::WriteTransaction& txn) {
    return ActOnReport(txn, a, dak_la_, hierarchy_, scopes, 0).status();
  });
  EXPECT_EQ(s.where().field, "period");
  a.type = "NOPE";
  s = store_->Write([&](store::WriteTransaction& txn) {
    return ActOnReport(txn, a, dak_la_, hierarchy_, scopes, 0).status();
  });
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
}

TEST_F(SubmissionService, ApproveAllCompleteSkipsWhatCannotBeApproved) {
  ASSERT_TRUE(Act(ha_mon_, kHaMon, A::kSubmit, "2024-11-04T09:00").ok());
  ASSERT_TRUE(Act(ngok_wang_, kNgokWang, A::kSubmit, "2024-11-04T09:00").ok());
  // Đăk La's was submitted by the district officer himself.
  ASSERT_TRUE(Act(dak_ha_, kDakLa, A::kSubmit, "2024-11-04T09:00").ok());
  access::ScopeIndex scopes(hierarchy_, fixtures::Day("2024-11-01"));
  Result<BulkOutcome> out = Status::Internal("not run");
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTransaction& txn) {
                    out = ApproveAllComplete(txn, "KT-BC-NAM", *Period::Parse("2024"), kDakHa,
                                             dak_ha_, hierarchy_, scopes,
                                             *ParseTimestamp("2024-11-05T09:00"));
                    return out.status();
                  })
                  .ok());
  EXPECT_EQ(out->approved, (std::vector<OrgUnitId>{kHaMon, kNgokWang}));
  ASSERT_EQ(out->skipped.size(), 1u);
  EXPECT_EQ(out->skipped[0].first, kDakLa);
  EXPECT_EQ(out->skipped[0].second.where().field, "approver");
}

}  // namespace
}  // namespace gemis::reporting

namespace gemis::reporting {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids

// An ad-hoc report: the province asks its communes and districts for one.
class ReportRequests : public SubmissionService {
 protected:
  void SetUp() override {
    SubmissionService::SetUp();
    ReportType t = AnnualReport();
    t.code = "KT-DOT-XUAT";
    t.name = "Báo cáo đột xuất";
    t.cadence = ReportCadence::kRequested;
    for (LevelDeadline& d : t.deadlines) d.rule = DeadlineRule{.kind = DeadlineKind::kRequested};
    ASSERT_TRUE(
        store_->Write([&](store::WriteTransaction& txn) { return txn.SaveReportType(t).status(); })
            .ok());
  }
  Result<store::ReportRequest> Request(const ReportActor& who, std::string type, std::string period,
                                       std::string due, std::string when) {
    RequestInput in;
    in.type = std::move(type);
    in.period = *Period::Parse(period);
    in.due = fixtures::Day(due);
    in.note = "Theo Công văn 12/HLHPN";
    access::ScopeIndex scopes(hierarchy_, fixtures::Day("2024-11-01"));
    Result<store::ReportRequest> out = Status::Internal("not run");
    Status s = store_->Write([&](store::WriteTransaction& txn) {
      out = RequestReports(txn, in, who, hierarchy_, scopes, *ParseTimestamp(when));
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }
  Result<std::vector<ReportRow>> AdHocRows(std::string when) {
    std::vector<ReportRow> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
      GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type("KT-DOT-XUAT"));
      GEMIS_ASSIGN_OR_RETURN(out, LoadReportRows(txn, setup, *t, *Period::Parse("2024"), hierarchy_,
                                                 *ParseTimestamp(when)));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }
};

TEST_F(ReportRequests, ExpectedOnceRequestedDueOnTheStatedDay) {
  // Nothing is expected before the request.
  EXPECT_EQ(AdHocRows("2024-11-20T09:00").status().code(), ErrorCode::kNotFound);
  Result<store::ReportRequest> asked =
      Request(kon_tum_, "KT-DOT-XUAT", "2024", "2024-11-30", "2024-11-20T09:00");
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_GT(asked->id, 0);
  EXPECT_EQ(asked->requested_by, "tinh.kontum");
  Result<std::vector<ReportRow>> rows = AdHocRows("2024-11-20T09:00");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 6u);  // two districts, four communes
  // "Before 30/11" (a Saturday): the 29th, a Friday, is the last day.
  EXPECT_EQ(rows->front().expected.due.stated, fixtures::Day("2024-11-30"));
  EXPECT_EQ(rows->front().expected.due.last_day, fixtures::Day("2024-11-29"));
  // The reference day is the due day: the hierarchy of 30/11/2024.
  EXPECT_EQ(rows->front().expected.reference, fixtures::Day("2024-11-30"));
  // Asked again for the same period: refused, the first request stands.
  Result<store::ReportRequest> again =
      Request(kon_tum_, "KT-DOT-XUAT", "2024", "2024-12-15", "2024-11-21T09:00");
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.status().where().field, "period");
  // Audited once.
  std::vector<std::string> audit;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) {
                    store::AuditFilter f;
                    f.object_type = "report_request";
                    return txn.ScanAudit(f, [&](const store::AuditEntry& e) {
                      audit.push_back(e.username + ":" + e.action + ":" + e.object_id + ":" +
                                      e.after.value_or(""));
                      return Status::Ok();
                    });
                  })
                  .ok());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_THAT(audit[0], HasSubstr("tinh.kontum:request:KT-DOT-XUAT/2024:"));
  EXPECT_THAT(audit[0], HasSubstr("\"due\":\"2024-11-30\""));
  EXPECT_THAT(audit[0], HasSubstr("Công văn 12"));
}

TEST_F(ReportRequests, RefusalsNameTheField) {
  auto field = [](const Result<store::ReportRequest>& r) {
    EXPECT_FALSE(r.ok());
    return r.status().where().field;
  };
  // A periodic type; a half-year on a yearly type; a day already past.
  EXPECT_EQ(field(Request(kon_tum_, "KT-BC-NAM", "2024", "2024-11-30", "2024-11-20T09:00")),
            "type");
  EXPECT_EQ(field(Request(kon_tum_, "KT-DOT-XUAT", "2024S2", "2024-11-30", "2024-11-20T09:00")),
            "period");
  EXPECT_EQ(field(Request(kon_tum_, "KT-DOT-XUAT", "2024", "2024-11-19", "2024-11-20T09:00")),
            "due");
  EXPECT_EQ(Request(kon_tum_, "NOPE", "2024", "2024-11-30", "2024-11-20T09:00").status().code(),
            ErrorCode::kNotFound);
  // A commune officer without approve; a district officer whose scope does
  // not hold the province, where the districts' reports go.
  Result<store::ReportRequest> commune =
      Request(ha_mon_, "KT-DOT-XUAT", "2024", "2024-11-30", "2024-11-20T09:00");
  EXPECT_EQ(commune.status().code(), ErrorCode::kDenied);
  EXPECT_EQ(field(commune), "authority");
  Result<std::vector<ReportRow>> none = AdHocRows("2024-11-20T09:00");
  EXPECT_FALSE(none.ok());  // nothing was stored
  Result<store::ReportRequest> district =
      Request(dak_ha_, "KT-DOT-XUAT", "2024", "2024-11-30", "2024-11-20T09:00");
  EXPECT_EQ(district.status().code(), ErrorCode::kDenied);
  EXPECT_EQ(field(district), "scope");
  EXPECT_THAT(district.status().message(), HasSubstr("Kon Tum"));
  // No unit in force: a type of districts only, in 2026 (the districts
  // were abolished on 1/7/2025).
  ReportType districts = AnnualReport();
  districts.code = "KT-HUYEN";
  districts.cadence = ReportCadence::kRequested;
  districts.deadlines = {{OrgUnitLevel::kDistrict, DeadlineRule{.kind = DeadlineKind::kRequested}}};
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTransaction& txn) {
                    return txn.SaveReportType(districts).status();
                  })
                  .ok());
  EXPECT_EQ(field(Request(kon_tum_, "KT-HUYEN", "2026", "2026-12-01", "2026-11-20T09:00")),
            "period");
}

}  // namespace
}  // namespace gemis::reporting

namespace gemis::reporting {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids

// Program 1719's end-of-activity report: within 15 days of a training's
// last day, from the unit that organised it.
class EndOfActivityReports : public SubmissionService {
 protected:
  void SetUp() override {
    SubmissionService::SetUp();
    ReportType t = AnnualReport();
    t.code = "KT-KET-THUC";
    t.name = "Báo cáo kết thúc hoạt động";
    t.cadence = ReportCadence::kEndOfActivity;
    t.period_type = PeriodType::kDaily;
    t.activity_kinds = {"training"};
    for (LevelDeadline& d : t.deadlines) {
      d.rule = DeadlineRule{.kind = DeadlineKind::kAfterEvent, .days = 15};
    }
    auto activity = [](std::string code, records::ActivityKind kind, OrgUnitId unit,
                       ImplementingLevel level, std::string end) {
      records::Activity a;
      a.code = std::move(code);
      a.kind = kind;
      a.title = "Tập huấn giám sát bình đẳng giới";
      a.start = fixtures::Day("2024-09-18");
      a.end = fixtures::Day(end);
      a.org_unit = unit;
      a.level = level;
      if (kind == records::ActivityKind::kTraining) {
        a.programme = records::TrainingProgramme::kMonitoring;
      }
      return a;
    };
    using K = records::ActivityKind;
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(txn.SaveReportType(t).status());
      for (const records::Activity& a :
           {activity("TH-1", K::kTraining, kHaMon, ImplementingLevel::kCommune, "2024-09-20"),
            // The district's training held in Ngok Wang: Đăk Hà reports.
            activity("TH-2", K::kTraining, kNgokWang, ImplementingLevel::kDistrict, "2024-09-20"),
            // Not a training: no report.
            activity("TT-1", K::kCommunication, kSaNhon, ImplementingLevel::kCommune, "2024-09-20"),
            activity("TH-3", K::kTraining, kHaMon, ImplementingLevel::kCommune, "2024-10-01")}) {
        GEMIS_RETURN_IF_ERROR(txn.SaveActivity(a).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Result<std::vector<ReportRow>> RowsOf(std::string day, std::string when) {
    std::vector<ReportRow> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
      GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type("KT-KET-THUC"));
      GEMIS_ASSIGN_OR_RETURN(out, LoadReportRows(txn, setup, *t, *Period::Parse(day), hierarchy_,
                                                 *ParseTimestamp(when)));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }
};

TEST_F(EndOfActivityReports, EachOrganiserReportsWithinFifteenDays) {
  Result<std::vector<ReportRow>> rows = RowsOf("20240920", "2024-09-25T09:00");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].expected.unit, kDakHa);
  EXPECT_EQ((*rows)[0].expected.recipient, kKonTum);
  EXPECT_EQ((*rows)[1].expected.unit, kHaMon);
  EXPECT_EQ((*rows)[1].expected.recipient, kDakHa);
  // By 5/10/2024, a Saturday: the last day is Monday 7/10.
  EXPECT_EQ((*rows)[1].expected.due.last_day, fixtures::Day("2024-10-07"));
  EXPECT_EQ((*rows)[1].timeliness, Timeliness::kPending);
  // The days with reports: the trainings' last days.
  std::vector<Period> days;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(ReportingSetup setup, LoadReportingSetup(txn));
                    GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type("KT-KET-THUC"));
                    GEMIS_ASSIGN_OR_RETURN(days,
                                           ActivityEndDays(txn, *t, fixtures::Day("2024-09-01"),
                                                           fixtures::Day("2024-12-31")));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(days, (std::vector<Period>{*Period::Parse("20240920"), *Period::Parse("20241001")}));

  // Hà Mòn sends it on 8/10: late; Đăk Hà's is missing.
  ReportAction a;
  a.type = "KT-KET-THUC";
  a.unit = kHaMon;
  a.period = *Period::Parse("20240920");
  a.action = A::kSubmit;
  access::ScopeIndex scopes(hierarchy_, fixtures::Day("2024-10-08"));
  Status sent = store_->Write([&](store::WriteTransaction& txn) {
    return ActOnReport(txn, a, ha_mon_, hierarchy_, scopes, *ParseTimestamp("2024-10-08T09:00"))
        .status();
  });
  ASSERT_TRUE(sent.ok()) << sent.ToString();
  rows = RowsOf("20240920", "2024-10-08T10:00");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[1].state, S::kSubmitted);
  EXPECT_EQ((*rows)[1].timeliness, Timeliness::kLate);
  EXPECT_EQ((*rows)[0].timeliness, Timeliness::kMissing);

  // A day no training ended expects nothing; Sa Nhơn's communication
  // session calls for no report; a year is not a day.
  rows = RowsOf("20240921", "2024-10-08T10:00");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  a.unit = kSaNhon;
  Status none = store_->Write([&](store::WriteTransaction& txn) {
    return ActOnReport(txn, a, Officer("xa.sanhon", kSaNhon, false), hierarchy_, scopes,
                       *ParseTimestamp("2024-10-08T09:00"))
        .status();
  });
  EXPECT_EQ(none.where().field, "unit");
  EXPECT_EQ(RowsOf("2024", "2024-10-08T10:00").status().where().field, "period");
}

}  // namespace
}  // namespace gemis::reporting
