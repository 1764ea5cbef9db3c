#include "core/report_type.h"

#include <gtest/gtest.h>

#include "support/kon_tum_reports.h"

namespace gemis {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids
using fixtures::Day;

Period P(std::string_view id) { return *Period::Parse(id); }

std::vector<std::pair<OrgUnitId, std::optional<OrgUnitId>>> Who(
    const std::vector<ExpectedReport>& reports) {
  std::vector<std::pair<OrgUnitId, std::optional<OrgUnitId>>> out;
  for (const ExpectedReport& r : reports) out.emplace_back(r.unit, r.recipient);
  return out;
}

TEST(ReportType, BeforeTheReformCommunesReportToTheirDistrict) {
  Hierarchy h = KonTum();
  Result<std::vector<ExpectedReport>> expected =
      ExpectedReports(AnnualReport(), P("2024"), h, WorkCalendar());
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  using R = std::pair<OrgUnitId, std::optional<OrgUnitId>>;
  EXPECT_EQ(Who(*expected), (std::vector<R>{{kDakHa, kKonTum},
                                            {kHaMon, kDakHa},
                                            {kNgokWang, kDakHa},
                                            {kDakLa, kDakHa},
                                            {kSaThay, kKonTum},
                                            {kSaNhon, kSaThay}}));
  // Due before 10/11/2024 (a Sunday): the 9th is a Saturday, so Monday 11/11.
  EXPECT_EQ(expected->front().due.stated, Day("2024-11-10"));
  EXPECT_EQ(expected->front().due.last_day, Day("2024-11-11"));
  EXPECT_EQ(expected->front().reference, Day("2024-11-10"));
}

TEST(ReportType, AfterTheReformCommunesReportStraightToTheProvince) {
  // 2025's report is due on 10/11/2025, after 1/7/2025: no district step,
  // and Đăk La, merged into Ngok Wang, is not expected.
  Result<std::vector<ExpectedReport>> expected =
      ExpectedReports(AnnualReport(), P("2025"), KonTum(), WorkCalendar());
  ASSERT_TRUE(expected.ok());
  using R = std::pair<OrgUnitId, std::optional<OrgUnitId>>;
  EXPECT_EQ(Who(*expected),
            (std::vector<R>{{kHaMon, kKonTum}, {kNgokWang, kKonTum}, {kSaNhon, kKonTum}}));
}

TEST(ReportType, TheReferenceDayIsThePeriodsEndWhenItComesFirst) {
  // Hà Nội's year update before 30/01 of the next year: the hierarchy of
  // 31/12 counts.
  ReportType t = AnnualReport();
  for (LevelDeadline& d : t.deadlines) {
    d.rule.month_offset = 1;
    d.rule.day = 30;
  }
  Result<std::vector<ExpectedReport>> expected =
      ExpectedReports(t, P("2024"), KonTum(), WorkCalendar());
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(expected->front().reference, Day("2024-12-31"));
  EXPECT_EQ(expected->front().due.stated, Day("2025-01-30"));
}

TEST(ReportType, EachLevelHasItsOwnDeadline) {
  // Program 1719's chain: communes certify before 10/9, the upper level
  // sends before 15/9.
  ReportType t = AnnualReport();
  t.deadlines[0].rule.month_offset = -3;  // communes: September
  t.deadlines[1].rule.month_offset = -3;
  t.deadlines[1].rule.day = 15;
  Result<Due> commune = DueOf(t, OrgUnitLevel::kCommune, P("2024"), WorkCalendar());
  Result<Due> district = DueOf(t, OrgUnitLevel::kDistrict, P("2024"), WorkCalendar());
  EXPECT_EQ(commune->stated, Day("2024-09-10"));
  EXPECT_EQ(district->stated, Day("2024-09-15"));
  EXPECT_FALSE(DueOf(t, OrgUnitLevel::kProvince, P("2024"), WorkCalendar()).ok());
  Result<Due> quarter = DueOf(t, OrgUnitLevel::kCommune, P("2024Q1"), WorkCalendar());
  ASSERT_FALSE(quarter.ok());
  EXPECT_EQ(quarter.status().where().field, "period");
}

TEST(ReportType, AnAdHocReportIsExpectedOnceRequested) {
  ReportType t = AnnualReport();
  t.cadence = ReportCadence::kRequested;
  for (LevelDeadline& d : t.deadlines) d.rule = DeadlineRule{.kind = DeadlineKind::kRequested};
  ASSERT_TRUE(CheckReportType(t).ok());
  EXPECT_EQ(ExpectedReports(t, P("2026"), KonTum(), WorkCalendar()).status().code(),
            ErrorCode::kNotFound);
  Result<std::vector<ExpectedReport>> asked =
      ExpectedReports(t, P("2026"), KonTum(), WorkCalendar(), Day("2026-12-05"));
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(asked->size(), 3u);
  EXPECT_EQ(asked->front().due.last_day, Day("2026-12-04"));
}

TEST(ReportType, ChecksNameTheFieldAtFault) {
  EXPECT_TRUE(CheckReportType(AnnualReport()).ok());
  auto field = [](ReportType t) { return CheckReportType(t).where().field; };
  ReportType t = AnnualReport();
  t.code = "bad code";
  EXPECT_EQ(field(t), "code");
  t = AnnualReport();
  t.name = "  ";
  EXPECT_EQ(field(t), "name");
  t = AnnualReport();
  t.deadlines.clear();
  EXPECT_EQ(field(t), "deadlines");
  t = AnnualReport();
  t.deadlines[1].level = OrgUnitLevel::kCommune;
  EXPECT_EQ(field(t), "deadlines[1].level");
  t = AnnualReport();
  t.deadlines[0].level = OrgUnitLevel::kVillage;
  EXPECT_EQ(field(t), "deadlines[0].level");
  t = AnnualReport();
  t.deadlines[1].rule.kind = DeadlineKind::kAfterEvent;
  EXPECT_EQ(field(t), "deadlines[1].kind");
  // A deadline on a day no month has: 31 of the sixth month.
  t = AnnualReport();
  t.period_type = PeriodType::kSixMonthly;
  t.deadlines[0].rule.month_offset = 0;
  t.deadlines[0].rule.day = 31;
  EXPECT_EQ(field(t), "deadlines[0].day");
  t = AnnualReport();
  t.period_type = PeriodType::kMultiYear;
  EXPECT_EQ(field(t), "periodType");
  EXPECT_EQ(*ParseReportCadence("endOfActivity"), ReportCadence::kEndOfActivity);
  EXPECT_FALSE(ParseReportCadence("monthly").ok());
}

TEST(ReportType, ALevelMayNameItsUnits) {
  Hierarchy h = KonTum();
  ReportType t = AnnualReport();
  t.deadlines[0].units = {kHaMon, kDakLa, kSaNhon};  // communes
  t.deadlines[1].units = {kDakHa};                   // districts
  ASSERT_TRUE(CheckReportType(t).ok());
  ASSERT_TRUE(CheckReportTypeUnits(t, h).ok());
  using R = std::pair<OrgUnitId, std::optional<OrgUnitId>>;
  Result<std::vector<ExpectedReport>> before = ExpectedReports(t, P("2024"), h, WorkCalendar());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(
      Who(*before),
      (std::vector<R>{{kDakHa, kKonTum}, {kHaMon, kDakHa}, {kDakLa, kDakHa}, {kSaNhon, kSaThay}}));
  // In 2025 (reference day 10/11) the districts are gone and Đăk La is
  // merged into Ngok Wang: only the named communes still in force report.
  Result<std::vector<ExpectedReport>> after = ExpectedReports(t, P("2025"), h, WorkCalendar());
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(Who(*after), (std::vector<R>{{kHaMon, kKonTum}, {kSaNhon, kKonTum}}));
}

TEST(ReportType, NamedUnitsAreCheckedAgainstTheirLevelAndArea) {
  Hierarchy h = KonTum();
  auto field = [](const Status& s) { return s.where().field; };
  ReportType t = AnnualReport();
  t.deadlines[0].units = {kHaMon, kHaMon};
  EXPECT_EQ(field(CheckReportType(t)), "deadlines[0].units[1]");
  t.deadlines[0].units = {kNgokWang, kHaMon};
  EXPECT_EQ(field(CheckReportType(t)), "deadlines[0].units[1]");
  t.deadlines[0].units = {kHaMon};
  t.deadlines[1].units = {kHaMon};
  EXPECT_EQ(field(CheckReportType(t)), "deadlines[1].units[0]");
  // A district named as a commune; a unit that does not exist.
  t = AnnualReport();
  t.deadlines[0].units = {kDakHa, kHaMon};
  ASSERT_TRUE(CheckReportType(t).ok());
  Status s = CheckReportTypeUnits(t, h);
  EXPECT_EQ(field(s), "deadlines[0].units[0]");
  EXPECT_NE(s.message().find("Đăk Hà"), std::string::npos) << s.message();
  t.deadlines[0].units = {kHaMon, 99};
  EXPECT_EQ(field(CheckReportTypeUnits(t, h)), "deadlines[0].units[1]");
  // Sa Nhơn never lies under Đăk Hà.
  t = AnnualReport();
  t.area = kDakHa;
  t.deadlines[0].units = {kSaNhon};
  s = CheckReportTypeUnits(t, h);
  EXPECT_EQ(field(s), "deadlines[0].units[0]");
  EXPECT_NE(s.message().find("outside"), std::string::npos) << s.message();
}

// Program 1719's end-of-activity report: within 15 days of the day an
// activity ended, from the unit that organised it.
ReportType EndOfActivity() {
  ReportType t = AnnualReport();
  t.code = "KT-KET-THUC";
  t.cadence = ReportCadence::kEndOfActivity;
  t.period_type = PeriodType::kDaily;
  t.activity_kinds = {"training"};
  const DeadlineRule within{.kind = DeadlineKind::kAfterEvent, .days = 15};
  t.deadlines = {{OrgUnitLevel::kCommune, within}, {OrgUnitLevel::kDistrict, within}};
  return t;
}

TEST(ReportType, AnEndOfActivityReportIsDueAfterTheActivity) {
  Hierarchy h = KonTum();
  ReportType t = EndOfActivity();
  ASSERT_TRUE(CheckReportType(t).ok()) << CheckReportType(t).ToString();
  // Trainings ended on 20/9/2024 organised by Hà Mòn (twice), Đăk Hà and
  // the province (which does not submit this type).
  Result<std::vector<ExpectedReport>> due = ExpectedAfterActivities(
      t, P("20240920"), {kHaMon, kDakHa, kHaMon, kKonTum}, h, WorkCalendar());
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  using R = std::pair<OrgUnitId, std::optional<OrgUnitId>>;
  EXPECT_EQ(Who(*due), (std::vector<R>{{kDakHa, kKonTum}, {kHaMon, kDakHa}}));
  // Within 15 days of 20/9: by 5/10/2024, a Saturday, rolled to Monday 7/10.
  EXPECT_EQ(due->front().due.stated, Day("2024-10-05"));
  EXPECT_EQ(due->front().due.last_day, Day("2024-10-07"));
  EXPECT_EQ(due->front().reference, Day("2024-09-20"));
  // The per-period list has no meaning for it; a year is no day; a
  // periodic type is not an end-of-activity one.
  EXPECT_EQ(ExpectedReports(t, P("20240920"), h, WorkCalendar()).status().code(),
            ErrorCode::kUsage);
  EXPECT_EQ(
      ExpectedAfterActivities(t, P("2024"), {kHaMon}, h, WorkCalendar()).status().where().field,
      "period");
  EXPECT_EQ(ExpectedAfterActivities(AnnualReport(), P("20240920"), {kHaMon}, h, WorkCalendar())
                .status()
                .code(),
            ErrorCode::kUsage);
  // After the reform the districts are gone: a commune's report goes
  // straight to the province.
  due = ExpectedAfterActivities(t, P("20250920"), {kHaMon}, h, WorkCalendar());
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(Who(*due), (std::vector<R>{{kHaMon, kKonTum}}));
}

TEST(ReportType, OnlyAnEndOfActivityTypeNamesActivityKinds) {
  auto field = [](const ReportType& t) { return CheckReportType(t).where().field; };
  ReportType t = AnnualReport();
  t.activity_kinds = {"training"};
  EXPECT_EQ(field(t), "activityKinds");
  t = EndOfActivity();
  t.period_type = PeriodType::kMonthly;
  EXPECT_EQ(field(t), "periodType");
  t = EndOfActivity();
  t.activity_kinds = {"training", "training"};
  EXPECT_EQ(field(t), "activityKinds[1]");
  t = EndOfActivity();
  t.deadlines[0].rule = DeadlineRule{.kind = DeadlineKind::kFixed, .month_offset = 0, .day = 10};
  EXPECT_EQ(field(t), "deadlines[0].kind");
}

}  // namespace
}  // namespace gemis
