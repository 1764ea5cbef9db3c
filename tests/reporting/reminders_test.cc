// Which reminders are due (reporting/reminders.h), on Kon Tum's annual
// report for 2024: due before 10/11/2024 (the 9th is a Saturday, so the
// last day is Monday 11/11), three communes under Đăk Hà, Sa Nhơn under Sa
// Thầy, both districts reporting to the province.
#include "reporting/reminders.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/kon_tum_reports.h"

namespace gemis::reporting {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using K = ReminderKind;

int64_t At(const char* when) { return *ParseTimestamp(when); }

class Reminders : public ::testing::Test {
 protected:
  void SetUp() override {
    hierarchy_ = KonTum();
    type_ = AnnualReport();
    Add("xa.hamon", kHaMon, false);
    Add("xa.ngokwang", kNgokWang, false);
    Add("xa.dakla", kDakLa, false);
    Add("huyen.dakha", kDakHa, true);
    Add("tinh.kontum", kKonTum, true);
  }

  void Add(std::string name, OrgUnitId unit, bool approves) {
    ReminderUser u;
    u.user.username = name;
    u.principal.user_id = static_cast<access::UserId>(users_.size() + 1);
    u.principal.username = std::move(name);
    u.principal.authorities = access::MakeSet({access::Authority::kEnterData});
    if (approves) access::Add(u.principal.authorities, access::Authority::kApprove);
    u.principal.entry_scope = {unit};
    u.principal.view_scope = {unit};
    users_.push_back(std::move(u));
  }

  const ReminderUser& User(std::string_view name) const {
    for (const ReminderUser& u : users_) {
      if (u.user.username == name) return u;
    }
    ADD_FAILURE() << name;
    return users_.front();
  }

  // `unit`'s report acted on by `who` at `when`.
  void Act(OrgUnitId unit, SubmissionAction action, std::string_view who, const char* when) {
    Submission s;
    if (auto it = stored_.find(unit); it != stored_.end()) {
      s = it->second;
    } else {
      s.type = type_.id;
      s.unit = unit;
      s.period = *Period::Parse("2024");
      s.due = Expected(unit).due;
      s.recipient = Expected(unit).recipient;
    }
    TransitionInput in;
    in.actor = std::string(who);
    in.now_ms = At(when);
    in.comment = "Thiếu số liệu";
    Result<Submission> done = Apply(s, action, in);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    stored_[unit] = *done;
  }

  ExpectedReport Expected(OrgUnitId unit) const {
    for (const ExpectedReport& e : ExpectedAll()) {
      if (e.unit == unit) return e;
    }
    ADD_FAILURE() << unit;
    return {};
  }

  std::vector<ExpectedReport> ExpectedAll() const {
    Result<std::vector<ExpectedReport>> e =
        ExpectedReports(type_, *Period::Parse("2024"), hierarchy_, WorkCalendar());
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : std::vector<ExpectedReport>();
  }

  std::vector<Reminder> Due(const char* when, ReminderOptions options = {}) {
    const int64_t now = At(when);
    ReportRows rr;
    rr.type = &type_;
    rr.period = *Period::Parse("2024");
    for (const ExpectedReport& e : ExpectedAll()) {
      ReportRow row;
      row.expected = e;
      if (auto it = stored_.find(e.unit); it != stored_.end()) {
        row.submission = it->second;
        row.state = it->second.state;
      }
      row.timeliness = TimelinessOf(e, row.submission ? &*row.submission : nullptr, now);
      rr.rows.push_back(std::move(row));
    }
    access::ScopeIndex scopes(hierarchy_, VietnamDay(now));
    return DueReminders({rr}, users_, scopes, hierarchy_, now, options);
  }

  // "kind user unit" of each reminder.
  static std::vector<std::string> Keys(const std::vector<Reminder>& reminders) {
    std::vector<std::string> out;
    for (const Reminder& r : reminders) {
      out.push_back(std::string(ReminderKindName(r.kind)) + " " + r.username + " " +
                    std::to_string(r.unit) + (r.round ? " round " + std::to_string(r.round) : ""));
    }
    return out;
  }

  static const Reminder* Find(const std::vector<Reminder>& reminders, K kind,
                              std::string_view user) {
    for (const Reminder& r : reminders) {
      if (r.kind == kind && r.username == user) return &r;
    }
    return nullptr;
  }

  Hierarchy hierarchy_;
  ReportType type_;
  std::vector<ReminderUser> users_;
  std::map<OrgUnitId, Submission> stored_;
};

std::string U(OrgUnitId id) { return std::to_string(id); }

TEST_F(Reminders, NoneFourDaysBeforeTheLastDay) { EXPECT_TRUE(Due("2024-11-07T09:00").empty()); }

TEST_F(Reminders, DueSoonGoesToEachUnitsOwnOfficers) {
  // Three days left. The district and province officers may submit their
  // communes' reports too, but are reminded of their own only; Sa Thầy and
  // Sa Nhơn have no officer of their own and get none.
  std::vector<Reminder> due = Due("2024-11-08T09:00");
  EXPECT_THAT(Keys(due), UnorderedElementsAre(
                             "dueSoon xa.hamon " + U(kHaMon), "dueSoon xa.ngokwang " + U(kNgokWang),
                             "dueSoon xa.dakla " + U(kDakLa), "dueSoon huyen.dakha " + U(kDakHa)));
  const Reminder* r = Find(due, K::kDueSoon, "xa.hamon");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->type_code, "KT-BC-NAM");
  EXPECT_EQ(r->period.ToString(), "2024");
  EXPECT_EQ(r->subject, "Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – Xã Hà Mòn");
  EXPECT_THAT(r->body, HasSubstr("chậm nhất ngày 11/11/2024 (còn 3 ngày)"));
  EXPECT_THAT(r->body, HasSubstr("\n\nThe report \"Báo cáo năm kết quả thực hiện Dự án 8\""));
  EXPECT_THAT(r->body, HasSubstr("(3 days left)"));
  EXPECT_EQ(r->link, "/reports/KT-BC-NAM/2024/" + hierarchy_.Find(kHaMon)->uid);
  EXPECT_EQ(r->round, 0);
}

TEST_F(Reminders, ASubmittedReportWaitsForReviewByItsRecipientsOfficers) {
  Act(kHaMon, SubmissionAction::kSubmit, "xa.hamon", "2024-11-04T09:00");
  std::vector<Reminder> due = Due("2024-11-08T09:00");
  EXPECT_EQ(Find(due, K::kDueSoon, "xa.hamon"), nullptr);
  const Reminder* review = Find(due, K::kReview, "huyen.dakha");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->unit, kHaMon);
  EXPECT_EQ(review->round, 1);
  EXPECT_EQ(review->subject, "Báo cáo chờ duyệt: KT-BC-NAM 2024 – Xã Hà Mòn");
  EXPECT_THAT(review->body, HasSubstr("đã được gửi đến Huyện Đăk Hà"));
  // The province may return it too, but the district reviews it.
  EXPECT_EQ(Find(due, K::kReview, "tinh.kontum"), nullptr);

  ReminderOptions no_review;
  no_review.review = false;
  EXPECT_EQ(Find(Due("2024-11-08T09:00", no_review), K::kReview, "huyen.dakha"), nullptr);
}

TEST_F(Reminders, AfterTheLastDayTheMissingAreOverdueAndTheRecipientGetsASummary) {
  Act(kHaMon, SubmissionAction::kSubmit, "xa.hamon", "2024-11-04T09:00");
  Act(kHaMon, SubmissionAction::kApprove, "huyen.dakha", "2024-11-05T09:00");
  std::vector<Reminder> due = Due("2024-11-12T09:00");
  // Sa Thầy has no officer: the province hears of Sa Nhơn's report.
  EXPECT_THAT(Keys(due), UnorderedElementsAre("overdue xa.ngokwang " + U(kNgokWang),
                                              "overdue xa.dakla " + U(kDakLa),
                                              "overdue huyen.dakha " + U(kDakHa),
                                              "missingSummary huyen.dakha " + U(kDakHa),
                                              "missingSummary tinh.kontum " + U(kKonTum),
                                              "missingSummary tinh.kontum " + U(kSaThay)));
  const Reminder* overdue = Find(due, K::kOverdue, "xa.dakla");
  ASSERT_NE(overdue, nullptr);
  EXPECT_EQ(overdue->subject, "Quá hạn nộp báo cáo KT-BC-NAM 2024 – Xã Đăk La");
  EXPECT_THAT(overdue->body, HasSubstr("đã quá hạn (hạn cuối ngày 11/11/2024)"));

  const Reminder* summary = Find(due, K::kMissingSummary, "huyen.dakha");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->subject, "2 trên 3 đơn vị chưa gửi báo cáo KT-BC-NAM 2024");
  EXPECT_THAT(summary->body, HasSubstr("đến Huyện Đăk Hà: Xã Ngok Wang, Xã Đăk La."));
  EXPECT_THAT(summary->body, HasSubstr("2 of 3 units have not sent KT-BC-NAM for 2024"));
  EXPECT_EQ(summary->link, "/reports/completeness?type=KT-BC-NAM&period=2024&unit=" +
                               hierarchy_.Find(kDakHa)->uid);
}

TEST_F(Reminders, AWaivedReportIsNotExpectedInTheSummary) {
  Act(kDakLa, SubmissionAction::kWaive, "huyen.dakha", "2024-11-05T09:00");
  std::vector<Reminder> due = Due("2024-11-12T09:00");
  EXPECT_EQ(Find(due, K::kOverdue, "xa.dakla"), nullptr);
  const Reminder* summary = Find(due, K::kMissingSummary, "huyen.dakha");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->subject, "2 trên 2 đơn vị chưa gửi báo cáo KT-BC-NAM 2024");
}

TEST_F(Reminders, TheLastDayEndsAtMidnightInVietnam) {
  // 23:30 on 11/11 in Hà Nội is 16:30 UTC: still the last day.
  std::vector<Reminder> last = Due("2024-11-11T16:30Z");
  const Reminder* soon = Find(last, K::kDueSoon, "xa.dakla");
  ASSERT_NE(soon, nullptr);
  EXPECT_THAT(soon->body, HasSubstr("(còn 0 ngày)"));
  EXPECT_EQ(Find(last, K::kOverdue, "xa.dakla"), nullptr);
  // 00:30 on 12/11 in Hà Nội is still the 11th in UTC, and overdue.
  std::vector<Reminder> next = Due("2024-11-11T17:30Z");
  EXPECT_NE(Find(next, K::kOverdue, "xa.dakla"), nullptr);
  EXPECT_EQ(Find(next, K::kDueSoon, "xa.dakla"), nullptr);
}

TEST_F(Reminders, OverdueStopsAfterItsWindow) {
  EXPECT_NE(Find(Due("2024-12-11T09:00"), K::kOverdue, "xa.dakla"), nullptr);  // 30 days
  EXPECT_TRUE(Due("2024-12-12T09:00").empty());                                // 31 days
  ReminderOptions longer;
  longer.overdue_days = 60;
  EXPECT_NE(Find(Due("2024-12-12T09:00", longer), K::kOverdue, "xa.dakla"), nullptr);
}

TEST_F(Reminders, BeforeDaysWidensTheDueSoonWindow) {
  ReminderOptions week;
  week.before_days = 7;
  EXPECT_NE(Find(Due("2024-11-04T09:00", week), K::kDueSoon, "xa.dakla"), nullptr);
  EXPECT_TRUE(Due("2024-11-04T09:00").empty());
}

TEST_F(Reminders, AReportReturnedAfterItsDeadlineIsOverdueInTheNextRound) {
  Act(kHaMon, SubmissionAction::kSubmit, "xa.hamon", "2024-11-04T09:00");
  EXPECT_EQ(Find(Due("2024-11-12T09:00"), K::kOverdue, "xa.hamon"), nullptr);
  Act(kHaMon, SubmissionAction::kReturn, "huyen.dakha", "2024-11-13T09:00");
  std::vector<Reminder> due = Due("2024-11-13T10:00");
  const Reminder* again = Find(due, K::kOverdue, "xa.hamon");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->round, 1);
  // It was received on time: it is no missing report of the summary.
  const Reminder* summary = Find(due, K::kMissingSummary, "huyen.dakha");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->subject, "2 trên 3 đơn vị chưa gửi báo cáo KT-BC-NAM 2024");
  // Resubmitted, it waits for review a second time.
  Act(kHaMon, SubmissionAction::kSubmit, "xa.hamon", "2024-11-14T09:00");
  // (The reminders kept alive while their pointer is read.)
  const std::vector<Reminder> later = Due("2024-11-14T10:00");
  const Reminder* review = Find(later, K::kReview, "huyen.dakha");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->round, 2);
}

TEST_F(Reminders, DisabledUsersAndUsersWhoMayNotActGetNothing) {
  users_[0].user.disabled = true;  // xa.hamon
  ReminderUser viewer;
  viewer.user.username = "xem.dakha";
  viewer.principal.username = "xem.dakha";
  viewer.principal.authorities = access::MakeSet({access::Authority::kReadData});
  viewer.principal.entry_scope = {kHaMon};
  viewer.principal.view_scope = {kHaMon};
  users_.push_back(viewer);
  std::vector<Reminder> due = Due("2024-11-08T09:00");
  for (const Reminder& r : due) {
    EXPECT_NE(r.username, "xa.hamon");
    EXPECT_NE(r.username, "xem.dakha");
  }
  // Nobody of Hà Mòn's own is left: the district is not reminded of it
  // (it hears of it in the summary after the deadline).
  EXPECT_THAT(Keys(due), Not(Contains("dueSoon huyen.dakha " + U(kHaMon))));
  EXPECT_THAT(Keys(due), Contains("dueSoon xa.ngokwang " + U(kNgokWang)));
}

TEST(ReminderPeriods, PicksThePeriodsWhoseLastDayIsInTheWindow) {
  ReportingSetup setup;
  setup.types = {reports_fixture::AnnualReport()};
  EXPECT_TRUE(ReminderPeriods(setup, Date::FromYmd(2024, 6, 1), {}).empty());
  auto soon = ReminderPeriods(setup, Date::FromYmd(2024, 11, 8), {});
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].first->code, "KT-BC-NAM");
  EXPECT_EQ(soon[0].second.ToString(), "2024");
  EXPECT_EQ(ReminderPeriods(setup, Date::FromYmd(2024, 12, 11), {}).size(), 1u);
  EXPECT_TRUE(ReminderPeriods(setup, Date::FromYmd(2024, 12, 12), {}).empty());
  setup.types[0].active = false;
  EXPECT_TRUE(ReminderPeriods(setup, Date::FromYmd(2024, 11, 8), {}).empty());
}

TEST(ReminderPeriods, ARequestedReportIsInTheWindowOfItsStatedDay) {
  ReportingSetup setup;
  ReportType t = reports_fixture::AnnualReport();
  t.code = "P8-DOT-XUAT";
  t.cadence = ReportCadence::kRequested;
  for (LevelDeadline& d : t.deadlines) d.rule = DeadlineRule{.kind = DeadlineKind::kRequested};
  setup.types = {t};
  store::ReportRequest request;
  request.type = t.id;
  request.period = *Period::Parse("2025");
  request.due = Date::FromYmd(2025, 12, 5);  // a Friday: the 4th is the last day
  setup.requests = {request};
  auto due = ReminderPeriods(setup, Date::FromYmd(2025, 12, 2), {});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].second.ToString(), "2025");
  EXPECT_TRUE(ReminderPeriods(setup, Date::FromYmd(2025, 11, 20), {}).empty());
}

TEST(ReminderKind, HasNames) {
  EXPECT_STREQ(ReminderKindName(K::kDueSoon), "dueSoon");
  EXPECT_STREQ(ReminderKindName(K::kOverdue), "overdue");
  EXPECT_STREQ(ReminderKindName(K::kMissingSummary), "missingSummary");
  EXPECT_STREQ(ReminderKindName(K::kReview), "review");
}

}  // namespace
}  // namespace gemis::reporting
