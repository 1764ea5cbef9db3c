// A small province for the reporting tests: Kon Tum (2) with district Đăk
// Hà (3) over communes 4, 5 and 6, and district Sa Thầy (7) over commune 8,
// until 30/6/2025; from 1/7/2025 the districts are gone, the communes sit
// under the province, and commune 6 is merged into 5. Names follow the real
// units; codes are illustrative.
#pragma once

#include <gtest/gtest.h>

#include "core/hierarchy.h"
#include "core/report_type.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::reports_fixture {

inline constexpr OrgUnitId kVietNam = 1, kKonTum = 2, kDakHa = 3, kHaMon = 4, kNgokWang = 5,
                           kDakLa = 6, kSaThay = 7, kSaNhon = 8;

inline Hierarchy KonTum() {
  using fixtures::Day;
  using fixtures::Unit;
  using fixtures::Version;
  const Date end = Day("2025-06-30"), reform = Day("2025-07-01");
  fixtures::HierarchyParts p;
  p.units = {
      Unit(kVietNam, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", std::nullopt)}),
      Unit(kKonTum, {Version(OrgUnitLevel::kProvince, "62", "Kon Tum", kVietNam)}),
      Unit(kDakHa, {Version(OrgUnitLevel::kDistrict, "614", "Đăk Hà", kKonTum, {}, end)}),
      Unit(kSaThay, {Version(OrgUnitLevel::kDistrict, "615", "Sa Thầy", kKonTum, {}, end)}),
      Unit(kHaMon, {Version(OrgUnitLevel::kCommune, "23470", "Hà Mòn", kDakHa, {}, end),
                    Version(OrgUnitLevel::kCommune, "23470", "Hà Mòn", kKonTum, reform)}),
      Unit(kNgokWang, {Version(OrgUnitLevel::kCommune, "23473", "Ngok Wang", kDakHa, {}, end),
                       Version(OrgUnitLevel::kCommune, "23473", "Ngok Wang", kKonTum, reform)}),
      Unit(kDakLa, {Version(OrgUnitLevel::kCommune, "23476", "Đăk La", kDakHa, {}, end)}),
      Unit(kSaNhon, {Version(OrgUnitLevel::kCommune, "23500", "Sa Nhơn", kSaThay, {}, end),
                     Version(OrgUnitLevel::kCommune, "23500", "Sa Nhơn", kKonTum, reform)}),
  };
  Result<Hierarchy> h = p.Build();
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return h.ok() ? *h : Hierarchy();
}

// Kon Tum's annual report: communes and districts, before 10 November.
inline ReportType AnnualReport() {
  ReportType t;
  t.id = 1;
  t.code = "KT-BC-NAM";
  t.name = "Báo cáo năm kết quả thực hiện Dự án 8";
  t.data_set = "P8_BC_NAM";
  t.period_type = PeriodType::kYearly;
  DeadlineRule rule;
  rule.kind = DeadlineKind::kFixed;
  rule.month_offset = -1;
  rule.day = 10;
  t.deadlines = {{OrgUnitLevel::kCommune, rule}, {OrgUnitLevel::kDistrict, rule}};
  t.area = kKonTum;
  return t;
}

}  // namespace gemis::reports_fixture
