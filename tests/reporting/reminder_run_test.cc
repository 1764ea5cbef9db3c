// One pass of the reminders over a real SQLite store (reporting/reminder_run.h):
// the inbox gets each reminder once however many passes run, the other
// channels get the new ones after the commit, a channel's failure is logged
// without the notification's text and stops nothing, and a report returned
// after its deadline is reminded again.
#include "reporting/reminder_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

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
using ::testing::Not;
using ::testing::UnorderedElementsAre;

int64_t At(const char* when) { return *ParseTimestamp(when); }

// A channel that keeps what it was given; users without email are not
// reachable, and it fails for `broken_for`.
class FakeChannel final : public Notifier {
 public:
  std::string_view Channel() const override { return "smtp"; }
  Result<bool> Send(const access::User& to, const store::Notification& n) override {
    if (to.username == broken_for) return Status(ErrorCode::kIoError, "connection refused");
    if (to.email.empty()) return false;
    sent.push_back(to.email + " " + n.kind + " " + n.subject);
    return true;
  }
  std::vector<std::string> sent;
  std::string broken_for;
};

class ReminderRun : public ::testing::Test {
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
      DataSet ds;
      ds.uid = UidFromKey("data_set/P8_BC_NAM");
      ds.code = "P8_BC_NAM";
      ds.name = "Báo cáo năm";
      ds.period_type = PeriodType::kYearly;
      GEMIS_RETURN_IF_ERROR(txn.SaveDataSet(ds).status());
      GEMIS_RETURN_IF_ERROR(txn.SaveReportType(AnnualReport()).status());
      GEMIS_RETURN_IF_ERROR(SaveUser(txn, "xa.hamon", "commune_officer", kHaMon, "hamon@hoi.vn"));
      GEMIS_RETURN_IF_ERROR(SaveUser(txn, "xa.ngokwang", "commune_officer", kNgokWang, ""));
      GEMIS_RETURN_IF_ERROR(SaveUser(txn, "xa.dakla", "commune_officer", kDakLa, "dakla@hoi.vn"));
      return SaveUser(txn, "huyen.dakha", "district_officer", kDakHa, "dakha@hoi.vn");
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static Status SaveUser(store::WriteTransaction& txn, std::string name, std::string role,
                         OrgUnitId unit, std::string email) {
    access::User u;
    u.username = std::move(name);
    u.display_name = "Cán bộ";
    u.email = std::move(email);
    u.password_hash = "$argon2id$test";
    u.password_changed_at = "2024-01-01T00:00:00.000Z";
    u.roles = {std::move(role)};
    u.entry_scope = {unit};
    u.view_scope = {unit};
    u.created_by = "test";
    u.created_at = "2024-01-01T00:00:00.000Z";
    return txn.SaveUser(u).status();
  }

  ReminderPass Pass(const char* when, std::vector<Notifier*> channels = {}) {
    Result<ReminderPass> pass =
        SendReminders(*store_, At(when), ReminderOptions(), channels,
                      [&](std::string_view line) { log_.emplace_back(line); });
    EXPECT_TRUE(pass.ok()) << pass.status().ToString();
    return pass.ok() ? *pass : ReminderPass();
  }

  store::InboxPage Inbox(const std::string& user) {
    store::InboxPage page;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(page, txn.LoadInbox(user, 0, 100));
                      return Status::Ok();
                    })
                    .ok());
    return page;
  }

  void Act(const std::string& who, OrgUnitId unit, SubmissionAction action, const char* when) {
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<access::Role> roles, txn.LoadRoles());
      GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> user, txn.FindUser(who));
      ReportActor actor{access::PrincipalOf(*user, roles), ""};
      ReportAction a;
      a.type = "KT-BC-NAM";
      a.unit = unit;
      a.period = *Period::Parse("2024");
      a.action = action;
      a.comment = "Thiếu số liệu";
      access::ScopeIndex scopes(hierarchy_, VietnamDay(At(when)));
      return ActOnReport(txn, a, actor, hierarchy_, scopes, At(when)).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  test_support::TempDir dir_;
  Hierarchy hierarchy_;
  std::unique_ptr<store::Store> store_;
  std::vector<std::string> log_;
};

TEST_F(ReminderRun, NothingIsDueOutsideTheWindow) {
  EXPECT_TRUE(Pass("2024-06-01T09:00").sent.empty());
  EXPECT_EQ(Inbox("xa.hamon").total, 0);
}

TEST_F(ReminderRun, APassPutsEachReminderInTheInboxOnce) {
  ReminderPass first = Pass("2024-11-08T09:00");
  EXPECT_EQ(first.sent.size(), 4u);  // three communes and the district
  store::InboxPage inbox = Inbox("xa.hamon");
  ASSERT_EQ(inbox.total, 1);
  EXPECT_EQ(inbox.unread, 1);
  const store::Notification& n = inbox.notifications[0];
  EXPECT_EQ(n.kind, "dueSoon");
  EXPECT_EQ(n.created_ms, At("2024-11-08T09:00"));
  EXPECT_EQ(n.subject, "Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – Xã Hà Mòn");
  EXPECT_EQ(n.link, "/reports/KT-BC-NAM/2024/" + hierarchy_.Find(kHaMon)->uid);

  EXPECT_TRUE(Pass("2024-11-08T10:00").sent.empty());  // again: nothing new
  EXPECT_TRUE(Pass("2024-11-10T10:00").sent.empty());
  EXPECT_EQ(Inbox("xa.hamon").total, 1);

  // After the deadline: overdue, and the district's summary, once.
  ReminderPass late = Pass("2024-11-12T09:00");
  EXPECT_EQ(late.sent.size(), 5u);  // four overdue and one summary
  EXPECT_TRUE(Pass("2024-11-13T09:00").sent.empty());
  store::InboxPage district = Inbox("huyen.dakha");
  ASSERT_EQ(district.total, 3);  // due soon, overdue, summary: newest first
  EXPECT_EQ(district.notifications[0].kind, "missingSummary");
  EXPECT_EQ(district.notifications[0].subject, "3 trên 3 đơn vị chưa gửi báo cáo KT-BC-NAM 2024");
}

TEST_F(ReminderRun, ChannelsGetTheNewRemindersAndTheirFailuresAreLogged) {
  FakeChannel mail;
  mail.broken_for = "xa.dakla";
  ReminderPass pass = Pass("2024-11-08T09:00", {&mail});
  EXPECT_EQ(pass.sent.size(), 4u);
  EXPECT_EQ(pass.delivered, 2);  // xa.ngokwang has no email
  EXPECT_EQ(pass.failed, 1);
  EXPECT_THAT(mail.sent,
              UnorderedElementsAre(
                  "hamon@hoi.vn dueSoon Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – Xã Hà Mòn",
                  "dakha@hoi.vn dueSoon Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – Huyện Đăk Hà"));
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_THAT(log_[0], HasSubstr("smtp: dueSoon to xa.dakla not delivered"));
  EXPECT_THAT(log_[0], HasSubstr("connection refused"));
  EXPECT_THAT(log_[0], Not(HasSubstr("Đăk La")));  // no notification text
  EXPECT_EQ(Inbox("xa.dakla").total, 1);           // the inbox has it anyway

  // A second pass sends nothing again, by any channel.
  mail.sent.clear();
  EXPECT_TRUE(Pass("2024-11-08T11:00", {&mail}).sent.empty());
  EXPECT_TRUE(mail.sent.empty());
}

TEST_F(ReminderRun, AReportReturnedAfterItsDeadlineIsRemindedAgain) {
  Act("xa.hamon", kHaMon, SubmissionAction::kSubmit, "2024-11-04T09:00");
  // Reviews are reminded once the period is in the window (3 days before).
  EXPECT_TRUE(Pass("2024-11-05T09:00").sent.empty());
  ReminderPass before = Pass("2024-11-08T09:00");
  ASSERT_EQ(before.sent.size(), 4u);  // two communes, the district, and a review
  auto review = std::find_if(before.sent.begin(), before.sent.end(),
                             [](const Reminder& r) { return r.kind == ReminderKind::kReview; });
  ASSERT_NE(review, before.sent.end());
  EXPECT_EQ(review->username, "huyen.dakha");
  EXPECT_EQ(review->unit, kHaMon);
  EXPECT_EQ(Inbox("xa.hamon").total, 0);
  Pass("2024-11-12T09:00");
  EXPECT_EQ(Inbox("xa.hamon").total, 0);  // sent on time: not overdue
  Act("huyen.dakha", kHaMon, SubmissionAction::kReturn, "2024-11-13T09:00");
  Pass("2024-11-13T10:00");
  ASSERT_EQ(Inbox("xa.hamon").total, 1);
  EXPECT_EQ(Inbox("xa.hamon").notifications[0].kind, "overdue");
  EXPECT_TRUE(Pass("2024-11-14T10:00").sent.empty());
  // Resubmitted: the district is asked to review it once more.
  Act("xa.hamon", kHaMon, SubmissionAction::kSubmit, "2024-11-15T09:00");
  ReminderPass again = Pass("2024-11-15T10:00");
  ASSERT_EQ(again.sent.size(), 1u);
  EXPECT_EQ(again.sent[0].kind, ReminderKind::kReview);
  EXPECT_EQ(again.sent[0].round, 2);
}

}  // namespace
}  // namespace gemis::reporting

namespace gemis::reporting {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids

// An end-of-activity report is reminded like the others: its period is the
// day the training ended, read from the register by the pass.
TEST_F(ReminderRun, AnEndOfActivityReportIsRemindedWhenOverdue) {
  ReportType t = AnnualReport();
  t.code = "KT-KET-THUC";
  t.cadence = ReportCadence::kEndOfActivity;
  t.period_type = PeriodType::kDaily;
  for (LevelDeadline& d : t.deadlines) {
    d.rule = DeadlineRule{.kind = DeadlineKind::kAfterEvent, .days = 15};
  }
  records::Activity a;
  a.code = "TH-1";
  a.kind = records::ActivityKind::kTraining;
  a.programme = records::TrainingProgramme::kMonitoring;
  a.title = "Tập huấn giám sát bình đẳng giới";
  a.start = fixtures::Day("2024-03-18");
  a.end = fixtures::Day("2024-03-20");
  a.org_unit = kHaMon;
  a.level = ImplementingLevel::kCommune;
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTransaction& txn) -> Status {
                    GEMIS_RETURN_IF_ERROR(txn.SaveReportType(t).status());
                    return txn.SaveActivity(a).status();
                  })
                  .ok());
  // Due by 4/4/2024; on 8/4 it is overdue.
  ReminderPass pass = Pass("2024-04-08T09:00");
  store::InboxPage inbox = Inbox("xa.hamon");
  ASSERT_EQ(inbox.total, 1) << pass.sent.size();
  EXPECT_EQ(inbox.notifications[0].kind, "overdue");
  EXPECT_THAT(inbox.notifications[0].link, HasSubstr("/reports/KT-KET-THUC/20240320/"));
  // Nothing for a day no training ended, and nothing twice.
  EXPECT_TRUE(Pass("2024-04-09T09:00").sent.empty());
}

}  // namespace
}  // namespace gemis::reporting
