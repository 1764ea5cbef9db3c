#include "core/data_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/uid.h"
#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using namespace fixtures::lc;  // NOLINT(google-build-using-namespace): fixture ids
using fixtures::Day;
using ::testing::HasSubstr;

DataSet Report() {
  DataSet ds;
  ds.uid = UidFromKey("data_set/P8_REPORT");
  ds.code = "P8_REPORT";
  ds.name = "Báo cáo Dự án 8";
  ds.short_name = "BC DA8";
  ds.period_type = PeriodType::kMonthly;
  ds.data_elements = {"P8_TEAMS", "P8_MEMBERS"};
  ds.org_units = {{kOldLaoCai, true}, {kYenBai, false}};
  ds.open_future_periods = 1;
  ds.expiry_days = 15;
  return ds;
}

Period P(const char* id) { return *Period::Parse(id); }

const Hierarchy& History() {
  static const Hierarchy* history = [] {
    Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *history;
}

// The field an invalid data set is refused for, and its message.
std::pair<std::string, std::string> Refusal(const DataSet& ds) {
  Status s = ValidateDataSet(ds);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << s.ToString();
  return {s.where().field, s.message()};
}

TEST(DataSet, AValidSetPasses) {
  EXPECT_TRUE(ValidateDataSet(Report()).ok()) << ValidateDataSet(Report()).ToString();
  DataSet empty = Report();
  empty.data_elements.clear();
  empty.org_units.clear();
  empty.open_future_periods = 0;
  empty.expiry_days = 0;
  EXPECT_TRUE(ValidateDataSet(empty).ok());  // DHIS2 allows a set without elements
}

TEST(DataSet, ErrorsNameTheField) {
  DataSet ds = Report();
  ds.uid = "P8-REPORT";
  auto [field, message] = Refusal(ds);
  EXPECT_EQ(field, "uid");
  EXPECT_THAT(message, HasSubstr("data set 'P8_REPORT': uid 'P8-REPORT' is not a valid uid"));

  ds = Report();
  ds.code = "P8 REPORT";
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "code");
  EXPECT_THAT(message, HasSubstr("data set 'P8 REPORT'"));

  ds = Report();
  ds.name = "  ";
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "name");
  EXPECT_THAT(message, HasSubstr("name is empty"));

  ds = Report();
  ds.short_name = std::string(51, 'x');
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "short_name");
  EXPECT_THAT(message, HasSubstr("51 characters, more than 50"));
  ds.short_name = "Báo cáo tháng về tổ truyền thông cộng đồng ở xã";  // 47 characters, 60 bytes
  EXPECT_TRUE(ValidateDataSet(ds).ok());

  ds = Report();
  ds.data_elements.push_back("bad code");
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "data_elements[2]");
  EXPECT_THAT(message, HasSubstr("data set 'P8_REPORT'"));

  ds = Report();
  ds.data_elements.push_back("P8_TEAMS");
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "data_elements[2]");
  EXPECT_THAT(message, HasSubstr("data element 'P8_TEAMS' is listed twice"));

  ds = Report();
  ds.org_units.push_back({0, false});
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "org_units[2].unit");
  EXPECT_THAT(message, HasSubstr("org unit id 0 names no unit"));

  ds = Report();
  ds.org_units.push_back({kYenBai, true});
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "org_units[2].unit");
  EXPECT_THAT(message, HasSubstr("org unit 15 is assigned twice"));

  ds = Report();
  ds.open_future_periods = -1;
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "open_future_periods");
  EXPECT_THAT(message, HasSubstr("open future periods -1 is outside 0-100"));
  ds.open_future_periods = kMaxOpenFuturePeriods + 1;
  EXPECT_EQ(Refusal(ds).first, "open_future_periods");

  ds = Report();
  ds.expiry_days = -3;
  std::tie(field, message) = Refusal(ds);
  EXPECT_EQ(field, "expiry_days");
  EXPECT_THAT(message, HasSubstr("expiry days -3 is outside 0-36500 (0: never expires)"));
}

TEST(DataSet, ContainsItsElementsByCode) {
  EXPECT_TRUE(DataSetContains(Report(), "P8_TEAMS"));
  EXPECT_TRUE(DataSetContains(Report(), "P8_MEMBERS"));
  EXPECT_FALSE(DataSetContains(Report(), "P8_BUDGET"));
  EXPECT_FALSE(DataSetContains(Report(), "p8_teams"));
}

TEST(DataSet, PeriodTypeMustBeTheSetsOwn) {
  EXPECT_TRUE(PeriodFitsDataSet(Report(), P("202403")));
  EXPECT_FALSE(PeriodFitsDataSet(Report(), P("2024Q1")));  // holds months, still not monthly
  EXPECT_FALSE(PeriodFitsDataSet(Report(), P("20240315")));
  DataSet phase = Report();
  phase.period_type = PeriodType::kMultiYear;
  EXPECT_TRUE(PeriodFitsDataSet(phase, P("2021-2025")));
}

TEST(DataSet, UnitsAssignedAloneOrWithEverythingUnder) {
  const Hierarchy& h = History();
  const DataSet ds = Report();  // old Lào Cai with its subtree, Yên Bái alone
  // Old Lào Cai's subtree before the reform: itself, its district, communes, villages.
  for (OrgUnitId unit : {kOldLaoCai, kCityLaoCai, kCocLeu, kBaoHa, kResidentialGroup5}) {
    EXPECT_TRUE(IsAssigned(ds, h, unit, P("202406"))) << unit;
  }
  // Yên Bái is assigned alone: its district and communes are not.
  EXPECT_TRUE(IsAssigned(ds, h, kYenBai, P("202406")));
  EXPECT_FALSE(IsAssigned(ds, h, kCityYenBai, P("202406")));
  EXPECT_FALSE(IsAssigned(ds, h, kNguyenThaiHoc, P("202406")));
  // After the reform the new province and its wards are outside the old one.
  EXPECT_FALSE(IsAssigned(ds, h, kNewLaoCai, P("202508")));
  EXPECT_FALSE(IsAssigned(ds, h, kWardLaoCai, P("202508")));
  // Bảo Hà moved from the old province to the new one on 1/7/2025: under the
  // old subtree in June, not in August; a year spanning the move counts (its
  // first day, 1/1/2025, is under the old province).
  EXPECT_TRUE(IsAssigned(ds, h, kBaoHa, P("202506")));
  EXPECT_FALSE(IsAssigned(ds, h, kBaoHa, P("202508")));
  EXPECT_FALSE(IsAssigned(ds, h, kBaoHa, P("2025Q3")));
  EXPECT_TRUE(IsAssigned(ds, h, kBaoHa, P("2025")));
  // Cốc Lếu ended on 30/6/2025: in no subtree after it.
  EXPECT_FALSE(IsAssigned(ds, h, kCocLeu, P("202508")));
  // A listed unit is assigned whatever the period; an unknown id is not.
  EXPECT_TRUE(IsAssigned(ds, h, kOldLaoCai, P("202508")));
  EXPECT_FALSE(IsAssigned(ds, h, 9999, P("202406")));

  // Assigning the new province's subtree reaches the units moved into it.
  DataSet after = Report();
  after.org_units = {{kNewLaoCai, true}};
  EXPECT_TRUE(IsAssigned(after, h, kWardLaoCai, P("202508")));
  EXPECT_TRUE(IsAssigned(after, h, kBaoHa, P("202508")));
  EXPECT_FALSE(IsAssigned(after, h, kBaoHa, P("202406")));
}

TEST(DataSet, LatestOpenPeriodCountsFuturePeriods) {
  DataSet ds = Report();
  ds.open_future_periods = 0;
  EXPECT_EQ(*LatestOpenPeriod(ds, Day("2024-03-15")), P("202403"));
  ds.open_future_periods = 2;
  EXPECT_EQ(*LatestOpenPeriod(ds, Day("2024-11-30")), P("202501"));
  ds.period_type = PeriodType::kQuarterly;
  EXPECT_EQ(*LatestOpenPeriod(ds, Day("2024-11-30")), P("2025Q2"));
  ds.period_type = PeriodType::kMultiYear;
  EXPECT_EQ(LatestOpenPeriod(ds, Day("2024-11-30")).status().code(), ErrorCode::kUsage);
}

TEST(DataSet, ExpiryClosesEntryDaysAfterThePeriod) {
  DataSet ds = Report();  // 15 days
  EXPECT_FALSE(IsExpired(ds, P("202401"), Day("2024-02-14")));
  EXPECT_TRUE(IsExpired(ds, P("202401"), Day("2024-02-15")));  // 31/1 + 15 days
  EXPECT_TRUE(IsExpired(ds, P("202401"), Day("2025-01-01")));
  EXPECT_FALSE(IsExpired(ds, P("202401"), Day("2024-01-10")));
  ds.expiry_days = 0;  // never
  EXPECT_FALSE(IsExpired(ds, P("202401"), Day("2030-01-01")));
}

}  // namespace
}  // namespace gemis
