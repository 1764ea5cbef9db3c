// The small Cao Bằng of the allocation tests: a province, two districts, two
// measures and a plan, with `Cell` making a target of an appendix table.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/metadata.h"
#include "core/plan_book.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::reporting {

using fixtures::Day;
using fixtures::Unit;
using fixtures::Version;

constexpr OrgUnitId kCentre = 1, kProvince = 2, kDistrictA = 3, kDistrictB = 4;
constexpr MetadataId kTeams = 10, kClubs = 11;

inline Hierarchy MakeHierarchy() {
  fixtures::HierarchyParts parts;
  parts.units = {Unit(kCentre, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", {})}),
                 Unit(kProvince, {Version(OrgUnitLevel::kProvince, "04", "Cao Bằng", kCentre)}),
                 Unit(kDistrictA, {Version(OrgUnitLevel::kDistrict, "049", "Quảng Hòa", kProvince)}),
                 Unit(kDistrictB, {Version(OrgUnitLevel::kDistrict, "047", "Trùng Khánh", kProvince)})};
  Result<Hierarchy> h = parts.Build();
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return std::move(h).value();
}

inline Metadata MakeMetadata() {
  StoredElement teams{kTeams, 0, {}};
  teams.element.code = "TEAMS";
  teams.element.name = "Tổ truyền thông";
  StoredElement clubs{kClubs, 0, {}};
  clubs.element.code = "CLUBS";
  clubs.element.name = "CLB";
  return Metadata({teams, clubs}, {}, {});
}

inline Target Cell(OrgUnitId unit, MetadataId measure, ImplementingLevel level, const char* value,
            int ordinal, std::string table = "Phụ lục I") {
  Target t;
  t.plan = 1;
  t.measure = {MeasureKind::kDataElement, measure, measure == kTeams ? "TEAMS" : "CLUBS"};
  t.org_unit = unit;
  t.level = level;
  t.value = Decimal::Parse(value).value();
  t.unit_label = measure == kTeams ? "tổ" : "CLB";
  t.ordinal = ordinal;
  t.table = std::move(table);
  t.id = ordinal;
  return t;
}

class AllocationFixture : public ::testing::Test {
 protected:
  AllocationFixture() : hierarchy_(MakeHierarchy()), metadata_(MakeMetadata()) {
    plan_.id = 1;
    plan_.code = "CB-288-2024";
    plan_.number = "288/KH-BCĐ";
    plan_.title = "Kế hoạch năm 2024";
    plan_.issuer_unit = kProvince;
    plan_.date = Day("2024-03-20");
    plan_.period = DateSet::Years(2024, 2024);
  }

  PlanBook Book(std::vector<Target> targets, std::vector<PlaceCount> counts = {}) {
    PlanBookData data;
    data.plans = {plan_};
    data.targets = std::move(targets);
    data.place_counts = std::move(counts);
    return PlanBook(std::move(data));
  }

  Hierarchy hierarchy_;
  Metadata metadata_;
  Plan plan_;
};

}  // namespace gemis::reporting
