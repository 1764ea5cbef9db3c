#include "program/reporting_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/kon_tum_reports.h"

namespace gemis::program {
namespace {

using fixtures::Day;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(CalendarJson, DaysRangesAndMadeUpSaturdays) {
  Result<CalendarFile> f = ParseCalendarJson(R"({"format": "gemis-calendar/1",
    "source": "Thông báo của Bộ Nội vụ",
    "days": [{"day": "2026-01-01", "name": "Tết Dương lịch"},
             {"from": "2026-02-14", "to": "2026-02-22", "name": "Tết Nguyên đán"},
             {"day": "2026-01-10", "kind": "working", "name": "Làm bù"}]})",
                                             "c.json");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->years, std::vector<int>{2026});
  ASSERT_EQ(f->days.size(), 11u);
  EXPECT_EQ(f->days[1].day, Day("2026-02-14"));
  EXPECT_EQ(f->days[9].day, Day("2026-02-22"));
  EXPECT_EQ(f->days[10].kind, CalendarDayKind::kWorking);
  EXPECT_EQ(f->source, "Thông báo của Bộ Nội vụ");
}

TEST(CalendarJson, ErrorsNameTheEntry) {
  auto error = [](const char* days, const char* years = "") {
    std::string text =
        std::string(R"({"format": "gemis-calendar/1", )") + years + R"("days": )" + days + "}";
    Result<CalendarFile> f = ParseCalendarJson(text, "c.json");
    EXPECT_FALSE(f.ok());
    return f.status().ToString();
  };
  EXPECT_THAT(error(R"([{"day": "2026-01-01"}])"), HasSubstr("/days/0/name"));
  EXPECT_THAT(error(R"([{"day": "2026-01-01", "to": "2026-01-02", "name": "x"}])"),
              HasSubstr("day, or from and to"));
  EXPECT_THAT(error(R"([{"from": "2026-01-05", "to": "2026-01-01", "name": "x"}])"),
              HasSubstr("/days/0/to"));
  EXPECT_THAT(error(R"([{"day": "2026-01-05", "kind": "working", "name": "x"}])"),
              HasSubstr("weekday"));
  EXPECT_THAT(error(R"([{"day": "2026-01-01", "name": "a"}, {"day": "2026-01-01", "name": "b"}])"),
              HasSubstr("/days/1"));
  EXPECT_THAT(error(R"([{"day": "2027-01-01", "name": "a"}])", R"("years": [2026], )"),
              HasSubstr("not in the file's years"));
  EXPECT_THAT(error(R"([{"day": "2026-01-01", "name": "a", "holiday": true}])"),
              HasSubstr("holiday"));
  EXPECT_THAT(error(R"([{"day": "2026-13-01", "name": "a"}])"), HasSubstr("c.json:1"));
}

TEST(ReportTypesJson, KonTumsAnnualReport) {
  Hierarchy h = reports_fixture::KonTum();
  Result<std::vector<ReportType>> types = ParseReportTypesJson(R"({"format": "gemis-report-types/1",
    "reportTypes": [{"code": "KT-BC-NAM", "name": "Báo cáo năm", "dataSet": "P8_BC_NAM",
      "periodType": "Yearly", "area": "62",
      "deadlines": [{"level": "commune", "monthOffset": -1, "day": 10},
                    {"level": "district", "monthOffset": -1, "day": 10}],
      "note": "Kế hoạch Kon Tum, mục IV"}]})",
                                                               "t.json", h, Day("2026-01-01"));
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  ReportType expected = reports_fixture::AnnualReport();
  expected.id = 0;
  expected.name = "Báo cáo năm";
  expected.note = "Kế hoạch Kon Tum, mục IV";
  EXPECT_EQ(types->front(), expected);
}

TEST(ReportTypesJson, ErrorsNameTheMember) {
  Hierarchy h = reports_fixture::KonTum();
  auto error = [&](const std::string& type) {
    Result<std::vector<ReportType>> t =
        ParseReportTypesJson(R"({"format": "gemis-report-types/1", "reportTypes": [)" + type + "]}",
                             "t.json", h, Day("2026-01-01"));
    EXPECT_FALSE(t.ok());
    return t.status().ToString();
  };
  const std::string head = R"({"code": "X", "name": "x", "dataSet": "D", "periodType": "Yearly", )";
  EXPECT_THAT(error(head + R"("deadlines": [{"level": "commune", "day": 10, "monthOffset": 13}]})"),
              HasSubstr("/reportTypes/0/deadlines/0/monthOffset"));
  EXPECT_THAT(error(head + R"("deadlines": [{"level": "hamlet", "day": 10}]})"),
              HasSubstr("/reportTypes/0/deadlines/0/level"));
  EXPECT_THAT(error(head + R"("deadlines": [{"level": "village", "day": 10}]})"),
              HasSubstr("/reportTypes/0/deadlines/0/level"));
  EXPECT_THAT(error(head + R"("area": "99", "deadlines": [{"level": "commune", "day": 10}]})"),
              HasSubstr("/reportTypes/0/area"));
  EXPECT_THAT(
      error(head + R"("deadlines": [{"level": "commune", "kind": "afterEvent", "days": 15}]})"),
      HasSubstr("/reportTypes/0/deadlines/0/kind"));
  EXPECT_THAT(error(R"({"code": "X", "name": "x", "dataSet": "D", "periodType": "SixMonthly",)"
                    R"( "deadlines": [{"level": "commune", "day": 31}]})"),
              HasSubstr("/reportTypes/0/deadlines/0/day"));
  EXPECT_THAT(error(head + R"("deadlines": []})"), HasSubstr("/reportTypes/0/deadlines"));
  EXPECT_THAT(error(head + R"("deadline": []})"), HasSubstr("deadline"));
}

TEST(ReportTypesJson, ALevelNamesItsUnits) {
  Hierarchy h = reports_fixture::KonTum();
  // Đăk La (23476) ended on 30/6/2025: named by the only code it carried.
  Result<std::vector<ReportType>> types = ParseReportTypesJson(R"({"format": "gemis-report-types/1",
    "reportTypes": [{"code": "KT-BC-NAM", "name": "Báo cáo năm", "dataSet": "P8_BC_NAM",
      "periodType": "Yearly", "area": "62",
      "deadlines": [{"level": "commune", "monthOffset": -1, "day": 10,
                     "units": ["23476", "23470"]},
                    {"level": "district", "monthOffset": -1, "day": 10, "units": ["614"]}]}]})",
                                                               "t.json", h, Day("2026-01-01"));
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  using namespace reports_fixture;  // NOLINT: the fixture's unit ids
  EXPECT_EQ(types->front().deadlines[0].units, (std::vector<OrgUnitId>{kHaMon, kDakLa}));
  EXPECT_EQ(types->front().deadlines[1].units, (std::vector<OrgUnitId>{kDakHa}));

  auto error = [&](const std::string& deadlines) {
    Result<std::vector<ReportType>> t = ParseReportTypesJson(
        R"({"format": "gemis-report-types/1", "reportTypes": [{"code": "X", "name": "x",)"
        R"( "dataSet": "D", "periodType": "Yearly", "area": "614", "deadlines": )" +
            deadlines + "}]}",
        "t.json", h, Day("2024-01-01"));
    EXPECT_FALSE(t.ok());
    return t.status().ToString();
  };
  // Unknown, named twice (across levels too), of another level, outside
  // the area (Sa Nhơn lies under Sa Thầy), not a list, not text.
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": ["23470", "99999"]}])"),
              HasSubstr("/reportTypes/0/deadlines/0/units/1"));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": ["23470", "23470"]}])"),
              AllOf(HasSubstr("/reportTypes/0/deadlines/0/units/1"), HasSubstr("named twice")));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": ["23470"]},)"
                    R"( {"level": "district", "day": 10, "units": ["23470"]}])"),
              HasSubstr("/reportTypes/0/deadlines/1/units/0"));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": ["614"]}])"),
              AllOf(HasSubstr("/reportTypes/0/deadlines/0/units/0"), HasSubstr("Đăk Hà")));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": ["23500"]}])"),
              AllOf(HasSubstr("/reportTypes/0/deadlines/0/units/0"), HasSubstr("outside")));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": "23470"}])"),
              HasSubstr("/reportTypes/0/deadlines/0/units"));
  EXPECT_THAT(error(R"([{"level": "commune", "day": 10, "units": [23470]}])"),
              HasSubstr("/reportTypes/0/deadlines/0/units/0"));
}

TEST(ReportTypesJson, AnEndOfActivityTypeNamesItsActivityKinds) {
  Hierarchy h = reports_fixture::KonTum();
  const std::string head =
      R"({"format": "gemis-report-types/1", "reportTypes": [{"code": "KT",)"
      R"( "name": "Báo cáo kết thúc hoạt động", "dataSet": "D",)"
      R"( "periodType": "Daily", "cadence": "endOfActivity",)"
      R"( "deadlines": [{"level": "commune", "kind": "afterEvent", "days": 15}],)";
  Result<std::vector<ReportType>> types =
      ParseReportTypesJson(head + R"( "activityKinds": ["training", "policy_dialogue"]}]})",
                           "t.json", h, Day("2026-01-01"));
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  EXPECT_EQ(types->front().activity_kinds,
            (std::vector<std::string>{"training", "policy_dialogue"}));
  Result<std::vector<ReportType>> bad = ParseReportTypesJson(
      head + R"( "activityKinds": ["training", "picnic"]}]})", "t.json", h, Day("2026-01-01"));
  EXPECT_THAT(bad.status().ToString(), HasSubstr("/reportTypes/0/activityKinds/1"));
  bad = ParseReportTypesJson(head + R"( "activityKinds": ["training", "training"]}]})", "t.json", h,
                             Day("2026-01-01"));
  EXPECT_THAT(bad.status().ToString(), HasSubstr("/reportTypes/0/activityKinds/1"));
  bad = ParseReportTypesJson(head + R"( "activityKinds": "training"}]})", "t.json", h,
                             Day("2026-01-01"));
  EXPECT_THAT(bad.status().ToString(), HasSubstr("/reportTypes/0/activityKinds"));
}

// A code carried by two units over time names the one that fits the level
// and the area, whichever carries it on the day the file is read.
TEST(ReportTypesJson, AReusedCodeNamesTheUnitInsideTheArea) {
  using fixtures::Unit;
  using fixtures::Version;
  using namespace reports_fixture;  // NOLINT: the fixture's unit ids
  const Date end = Day("2025-06-30"), reform = Day("2025-07-01");
  fixtures::HierarchyParts p;
  p.units = {
      Unit(kVietNam, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", std::nullopt)}),
      Unit(kKonTum, {Version(OrgUnitLevel::kProvince, "62", "Kon Tum", kVietNam)}),
      Unit(kDakHa, {Version(OrgUnitLevel::kDistrict, "614", "Đăk Hà", kKonTum, {}, end)}),
      Unit(kDakLa, {Version(OrgUnitLevel::kCommune, "23476", "Đăk La", kDakHa, {}, end)}),
      Unit(9, {Version(OrgUnitLevel::kCommune, "23476", "Đăk Mới", kKonTum, reform)}),
  };
  Result<Hierarchy> h = p.Build();
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  Result<std::vector<ReportType>> types = ParseReportTypesJson(R"({"format": "gemis-report-types/1",
    "reportTypes": [{"code": "DH", "name": "Báo cáo năm", "dataSet": "P8_BC_NAM",
      "periodType": "Yearly", "area": "614",
      "deadlines": [{"level": "commune", "monthOffset": -1, "day": 10, "units": ["23476"]}]}]})",
                                                               "t.json", *h, Day("2026-01-01"));
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  EXPECT_EQ(types->front().deadlines[0].units, (std::vector<OrgUnitId>{kDakLa}));
}

}  // namespace
}  // namespace gemis::program

namespace gemis::program {
namespace {

// The calendar shipped in data/calendar/: it parses, its made-up working
// days are weekends (WorkCalendar::Make refuses others), and it knows Tết.
TEST(CalendarJson, TheShippedCalendarHoldsTheDaysOff) {
  std::ifstream in(std::string(GEMIS_DATA_DIR) + "/calendar/vn-days-off.json");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  Result<CalendarFile> f = ParseCalendarJson(text.str(), "vn-days-off.json");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->years, (std::vector<int>{2024, 2025, 2026}));
  WorkCalendar c = *WorkCalendar::Make(f->days);
  EXPECT_FALSE(c.IsWorkingDay(fixtures::Day("2026-02-17")));  // mùng 1 Tết
  EXPECT_FALSE(c.IsWorkingDay(fixtures::Day("2026-04-27")));  // Giỗ Tổ, nghỉ bù
  EXPECT_TRUE(c.IsWorkingDay(fixtures::Day("2025-04-26")));   // a Saturday made up
  EXPECT_FALSE(c.IsWorkingDay(fixtures::Day("2025-05-02")));
  EXPECT_EQ(c.NextWorkingDay(fixtures::Day("2025-01-25")), fixtures::Day("2025-02-03"));
}

}  // namespace
}  // namespace gemis::program
