#include "core/completeness.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/kon_tum_reports.h"

namespace gemis {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids

Submission SubmittedAt(const ExpectedReport& e, std::string_view when) {
  Submission s;
  s.unit = e.unit;
  s.due = e.due;
  s.state = SubmissionState::kSubmitted;
  s.first_submitted_ms = *ParseTimestamp(when);
  return s;
}

TEST(Completeness, ExpectedReceivedOnTimeRolledUp) {
  Hierarchy h = KonTum();
  std::vector<ExpectedReport> expected =
      *ExpectedReports(AnnualReport(), *Period::Parse("2024"), h, WorkCalendar());
  std::map<OrgUnitId, ExpectedReport> by_unit;
  for (const ExpectedReport& e : expected) by_unit[e.unit] = e;
  // Due on 11/11/2024. Hà Mòn on time, Ngok Wang late, Đăk La waived,
  // Sa Nhơn nothing; the districts nothing yet.
  Submission ha_mon = SubmittedAt(by_unit[kHaMon], "2024-11-08T10:00");
  Submission ngok_wang = SubmittedAt(by_unit[kNgokWang], "2024-11-12T10:00");
  Submission dak_la;
  dak_la.state = SubmissionState::kWaived;
  std::map<OrgUnitId, const Submission*> stored = {
      {kHaMon, &ha_mon}, {kNgokWang, &ngok_wang}, {kDakLa, &dak_la}};

  Completeness before = Measure(expected, stored, h, *ParseTimestamp("2024-11-11T20:00"));
  EXPECT_EQ(before.reports.at(kHaMon), Timeliness::kOnTime);
  EXPECT_EQ(before.reports.at(kNgokWang), Timeliness::kLate);
  EXPECT_EQ(before.reports.at(kDakLa), Timeliness::kWaived);
  EXPECT_EQ(before.reports.at(kSaNhon), Timeliness::kPending);
  CompletenessCount dak_ha = before.rolled_up.at(kDakHa);
  // Đăk Hà itself and its two communes still expected (Đăk La waived).
  EXPECT_EQ(dak_ha.expected, 3);
  EXPECT_EQ(dak_ha.received, 2);
  EXPECT_EQ(dak_ha.on_time, 1);
  EXPECT_EQ(dak_ha.late, 1);
  EXPECT_EQ(dak_ha.pending, 1);
  EXPECT_EQ(dak_ha.waived, 1);
  CompletenessCount province = before.rolled_up.at(kKonTum);
  EXPECT_EQ(province.expected, 5);
  EXPECT_EQ(province.received, 2);
  EXPECT_DOUBLE_EQ(*province.Rate(), 40.0);
  EXPECT_DOUBLE_EQ(*province.OnTimeRate(), 20.0);

  // The next day the unsent reports are missing.
  Completeness after = Measure(expected, stored, h, *ParseTimestamp("2024-11-12T00:30"));
  EXPECT_EQ(after.reports.at(kSaNhon), Timeliness::kMissing);
  EXPECT_EQ(after.rolled_up.at(kKonTum).missing, 3);
  EXPECT_EQ(after.rolled_up.at(kSaThay).missing, 2);
  EXPECT_FALSE(CompletenessCount().Rate().has_value());
  EXPECT_STREQ(TimelinessName(Timeliness::kOnTime), "onTime");
}

}  // namespace
}  // namespace gemis
