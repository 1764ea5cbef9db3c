// Designation lists: checks and the dated lookups (core/designation.h).
#include "core/designation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

Designation On(std::string kind, OrgUnitId unit, std::optional<Date> from, std::optional<Date> to) {
  Designation d;
  d.kind = std::move(kind);
  d.org_unit = unit;
  d.from = from;
  d.to = to;
  return d;
}

TEST(Designation, KnownKindsHaveTheirLevel) {
  EXPECT_EQ(DesignationLevel(kRegionIiiCommune), OrgUnitLevel::kCommune);
  EXPECT_EQ(DesignationLevel(kDbkkVillage), OrgUnitLevel::kVillage);
  EXPECT_EQ(DesignationLevel("cao_bang_2026_list"), std::nullopt);
}

TEST(Designation, ChecksNameTheField) {
  EXPECT_TRUE(CheckDesignation(On("region_iii_commune", 5, D(2021, 6, 4), {})).ok());
  struct Case {
    Designation d;
    const char* field;
    const char* message;
  };
  Designation bad_text = On("dbkk_village", 5, {}, {});
  bad_text.legal_basis = "Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh";  // decomposed
  for (const Case& c : {Case{On("", 5, {}, {}), "kind", "1 to 64"},
                        Case{On("Region III", 5, {}, {}), "kind", "only a-z, 0-9 and '_'"},
                        Case{On("dbkk_village", 0, {}, {}), "orgUnit", "needs a unit"},
                        Case{On("dbkk_village", 5, D(2024, 1, 1), D(2023, 12, 31)), "to",
                             "ends (2023-12-31) before it starts (2024-01-01)"},
                        Case{bad_text, "legalBasis", "NFC"}}) {
    Status s = CheckDesignation(c.d);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.where().field, c.field);
    EXPECT_THAT(s.message(), HasSubstr(c.message));
  }
}

TEST(DesignationSet, FindsTheListOnADay) {
  // Hạ Lang's commune 7 left region III at the 2024 amendment; 9 is on it
  // throughout; village 20 is an ĐBKK village from 2021.
  DesignationSet set({On("region_iii_commune", 9, D(2021, 6, 4), {}),
                      On("region_iii_commune", 7, D(2021, 6, 4), D(2023, 12, 31)),
                      On("dbkk_village", 20, D(2021, 6, 4), {}),
                      On("region_iii_commune", 7, D(2025, 3, 1), {})});
  EXPECT_NE(set.Find("region_iii_commune", 7, D(2022, 1, 1)), nullptr);
  EXPECT_EQ(set.Find("region_iii_commune", 7, D(2024, 6, 30)), nullptr);
  EXPECT_EQ(set.Find("region_iii_commune", 7, D(2025, 3, 1))->from, D(2025, 3, 1));
  EXPECT_EQ(set.Find("region_iii_commune", 7, D(2021, 6, 3)), nullptr);
  EXPECT_EQ(set.Find("dbkk_village", 7, D(2022, 1, 1)), nullptr);
  EXPECT_THAT(set.UnitsAt("region_iii_commune", D(2022, 1, 1)), ElementsAre(7, 9));
  EXPECT_THAT(set.UnitsAt("region_iii_commune", D(2024, 1, 1)), ElementsAre(9));
  EXPECT_THAT(set.UnitsAt("dbkk_village", D(2024, 1, 1)), ElementsAre(20));
  EXPECT_TRUE(set.UnitsAt("other", D(2024, 1, 1)).empty());
}

}  // namespace
}  // namespace gemis
