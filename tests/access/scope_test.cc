#include "access/scope.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "support/hierarchy_fixtures.h"

namespace gemis::access {
namespace {

using namespace fixtures::lc;  // NOLINT(google-build-using-namespace): fixture ids
using fixtures::Day;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Roots = std::vector<OrgUnitId>;

const Date kOld = Day("2025-01-01");  // before the 1/7/2025 reorganisation
const Date kLastOldDay = Day("2025-06-30");
const Date kReform = Day("2025-07-01");
const Date kAfter = Day("2025-08-01");
const Date kToday = Day("2026-01-01");
const Date k2019 = Day("2019-06-01");  // before the 2020 merge and split
constexpr OrgUnitId kUnknown = 9999;

const Hierarchy& History() {
  static const Hierarchy* history = [] {
    Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *history;
}

class Scope : public ::testing::Test {
 protected:
  bool Covers(Roots roots, OrgUnitId unit, std::optional<Date> at = std::nullopt) const {
    return index_.Covers(roots, unit, at);
  }
  bool ContainsAll(Roots roots, Roots inner) const { return index_.ContainsAll(roots, inner); }
  std::vector<OrgUnitId> UnitsOn(Roots roots, Date day) const { return index_.UnitsOn(roots, day); }

  ScopeIndex index_{History(), kToday};
};

TEST_F(Scope, KeepsItsHierarchyAndDay) {
  EXPECT_EQ(index_.today(), kToday);
  EXPECT_EQ(&index_.hierarchy(), &History());
}

TEST_F(Scope, RootCoversItselfAndItsDescendantsToday) {
  for (OrgUnitId unit : {kNewLaoCai, kWardLaoCai, kWardYenBai, kVanPhu, kBaoHa}) {
    EXPECT_TRUE(Covers({kNewLaoCai}, unit)) << unit;
  }
  EXPECT_TRUE(Covers({kWardLaoCai}, kWardLaoCai));
  EXPECT_TRUE(Covers({kVietNam}, kVanPhu));
  // Not upwards.
  EXPECT_FALSE(Covers({kNewLaoCai}, kVietNam));
  EXPECT_FALSE(Covers({kWardLaoCai}, kNewLaoCai));
}

TEST_F(Scope, DenyByDefault) {
  for (OrgUnitId unit : {kVietNam, kNewLaoCai, kWardLaoCai, kCocLeu, kResidentialGroup5}) {
    EXPECT_FALSE(Covers({}, unit)) << unit;
    EXPECT_FALSE(Covers({}, unit, kOld)) << unit;
  }
}

TEST_F(Scope, UnitOutsideIsNotCovered) {
  EXPECT_FALSE(Covers({kWardLaoCai}, kWardYenBai));
  EXPECT_FALSE(Covers({kWardLaoCai}, kVanPhu));
  EXPECT_FALSE(Covers({kWardLaoCai}, kBaoHa));
  EXPECT_FALSE(Covers({kWardLaoCai}, kNguyenThaiHoc, kOld));
  EXPECT_FALSE(Covers({kWardYenBai, kVanPhu}, kWardLaoCai));
}

TEST_F(Scope, UnknownUnitOrRootCoversNothing) {
  EXPECT_FALSE(Covers({kVietNam}, kUnknown));
  EXPECT_FALSE(Covers({kVietNam}, kUnknown, kOld));
  EXPECT_FALSE(Covers({kUnknown}, kWardLaoCai));
  EXPECT_FALSE(Covers({kUnknown}, kUnknown));
}

// Rule 1: on the day the data is about.
TEST_F(Scope, OldDistrictAndProvinceKeepTheirCommunesDataBeforeTheReform) {
  EXPECT_TRUE(Covers({kCityLaoCai}, kCocLeu, kOld));
  EXPECT_TRUE(Covers({kCityLaoCai}, kCocLeu, kLastOldDay));
  EXPECT_TRUE(Covers({kOldLaoCai}, kCocLeu, kOld));
  EXPECT_TRUE(Covers({kOldLaoCai}, kCityLaoCai, kOld));
  EXPECT_TRUE(Covers({kCityYenBai}, kYenThinh, k2019));  // ended in 2019
  EXPECT_TRUE(Covers({kYenBai}, kHongHa, k2019));
  // Not data dated after the reform, nor today's.
  EXPECT_FALSE(Covers({kCityLaoCai}, kCocLeu, kReform));
  EXPECT_FALSE(Covers({kCityLaoCai}, kCocLeu, kAfter));
  EXPECT_FALSE(Covers({kCityLaoCai}, kCocLeu));
  EXPECT_FALSE(Covers({kOldLaoCai}, kWardLaoCai));
  // Nor the other old district's communes.
  EXPECT_FALSE(Covers({kCityLaoCai}, kTuyLoc, kOld));
}

TEST_F(Scope, MovedCommuneHandsItsLaterDataToTheNewParentOnly) {
  EXPECT_TRUE(Covers({kCityLaoCai}, kBaoHa, kOld));
  EXPECT_TRUE(Covers({kCityLaoCai}, kBaoHa, Day("2024-01-01")));  // before its rename
  EXPECT_FALSE(Covers({kCityLaoCai}, kBaoHa, kAfter));
  EXPECT_FALSE(Covers({kCityLaoCai}, kBaoHa));
  EXPECT_TRUE(Covers({kNewLaoCai}, kBaoHa, kAfter));
  // Its new province reads its whole history (it is the same unit today).
  EXPECT_TRUE(Covers({kNewLaoCai}, kBaoHa, kOld));
}

// Rule 2: today, through PlaceAt.
TEST_F(Scope, NewWardCoversTheCommunesMergedIntoIt) {
  for (OrgUnitId old : {kCocLeu, kKimTan}) {
    EXPECT_TRUE(Covers({kWardLaoCai}, old, kOld)) << old;
    EXPECT_TRUE(Covers({kWardLaoCai}, old)) << old;
  }
  EXPECT_TRUE(Covers({kWardYenBai}, kNguyenThaiHoc, kOld));
  EXPECT_FALSE(Covers({kWardYenBai}, kCocLeu, kOld));
  // The new province, through its wards; and the abolished district's own
  // values through the district's old province.
  EXPECT_TRUE(Covers({kNewLaoCai}, kCocLeu, kOld));
  EXPECT_TRUE(Covers({kNewLaoCai}, kCityLaoCai, kOld));
  EXPECT_TRUE(Covers({kNewLaoCai}, kOldLaoCai, kOld));
}

TEST_F(Scope, SplitUnitIsCoveredByEachSuccessorsOfficer) {
  EXPECT_TRUE(Covers({kWardYenBai}, kTuyLoc, kOld));  // 0.3
  EXPECT_TRUE(Covers({kVanPhu}, kTuyLoc, kOld));      // 0.7
  EXPECT_FALSE(Covers({kWardLaoCai}, kTuyLoc, kOld));
  // A split without shares counts whole under its designated successor only
  // (Hierarchy::PlaceAt), so only that successor's officer reads it.
  EXPECT_TRUE(Covers({kVanPhu}, kMinhBao, kOld));
  EXPECT_FALSE(Covers({kWardYenBai}, kMinhBao, kOld));
}

TEST_F(Scope, ChainsOfChangesAreFollowedToToday) {
  // Hồng Hà → Nguyễn Thái Học (2020) → phường Yên Bái (2025).
  EXPECT_TRUE(Covers({kWardYenBai}, kHongHa, k2019));
  // Yên Thịnh split in 2020 into Tuy Lộc and Nguyễn Thái Học, both changed in 2025.
  EXPECT_TRUE(Covers({kWardYenBai}, kYenThinh, k2019));
  EXPECT_TRUE(Covers({kVanPhu}, kYenThinh, k2019));
  EXPECT_FALSE(Covers({kWardLaoCai}, kYenThinh, k2019));
}

TEST_F(Scope, MergedCommunesOfficerKeepsOnlyItsOwnOldData) {
  EXPECT_TRUE(Covers({kCocLeu}, kCocLeu, kOld));
  EXPECT_TRUE(Covers({kCocLeu}, kCocLeu));
  EXPECT_FALSE(Covers({kCocLeu}, kWardLaoCai));
  EXPECT_FALSE(Covers({kCocLeu}, kWardLaoCai, kAfter));
  EXPECT_FALSE(Covers({kCocLeu}, kKimTan, kOld));
  EXPECT_FALSE(Covers({kCocLeu}, kKimTan));
}

TEST_F(Scope, VillageOfAMergedCommune) {
  // Today it hangs under the ward its commune became (Hierarchy::ParentAt).
  EXPECT_TRUE(Covers({kWardLaoCai}, kResidentialGroup5));
  EXPECT_TRUE(Covers({kWardLaoCai}, kResidentialGroup5, kOld));
  EXPECT_TRUE(Covers({kNewLaoCai}, kResidentialGroup5));
  EXPECT_TRUE(Covers({kVanPhu}, kVillageMinhTien));  // Minh Bảo's designated successor
  EXPECT_FALSE(Covers({kWardYenBai}, kVillageMinhTien));
  // Before the reform it was under Cốc Lếu, the old district and province.
  EXPECT_TRUE(Covers({kCocLeu}, kResidentialGroup5, kOld));
  EXPECT_TRUE(Covers({kCityLaoCai}, kResidentialGroup5, kOld));
  EXPECT_TRUE(Covers({kOldLaoCai}, kResidentialGroup5, kOld));
  // Its data of today is the ward's, not the old commune's or district's.
  EXPECT_FALSE(Covers({kCocLeu}, kResidentialGroup5));
  EXPECT_FALSE(Covers({kCocLeu}, kResidentialGroup5, kAfter));
  EXPECT_FALSE(Covers({kCityLaoCai}, kResidentialGroup5));
  EXPECT_FALSE(Covers({kKimTan}, kResidentialGroup5, kOld));
}

TEST_F(Scope, SeveralRootsCoverTheUnion) {
  Roots roots = {kWardLaoCai, kCityYenBai};
  EXPECT_TRUE(Covers(roots, kKimTan, kOld));
  EXPECT_TRUE(Covers(roots, kTuyLoc, kOld));
  EXPECT_FALSE(Covers(roots, kVanPhu));
}

TEST_F(Scope, ContainsAllWhenEveryInnerRootIsInside) {
  EXPECT_TRUE(ContainsAll({kNewLaoCai}, {kWardLaoCai, kBaoHa, kVanPhu}));
  EXPECT_TRUE(ContainsAll({kNewLaoCai}, {kNewLaoCai}));
  EXPECT_TRUE(ContainsAll({kVietNam}, {kNewLaoCai, kResidentialGroup5}));
  EXPECT_TRUE(ContainsAll({kWardLaoCai}, {kResidentialGroup5}));
  EXPECT_TRUE(ContainsAll({kWardLaoCai}, {}));
  EXPECT_TRUE(ContainsAll({}, {}));
}

TEST_F(Scope, ContainsAllFailsForAnInnerRootOutside) {
  EXPECT_FALSE(ContainsAll({kWardLaoCai}, {kWardYenBai}));
  EXPECT_FALSE(ContainsAll({kWardLaoCai}, {kWardLaoCai, kWardYenBai}));
  EXPECT_FALSE(ContainsAll({kWardLaoCai}, {kNewLaoCai}));
  EXPECT_FALSE(ContainsAll({}, {kWardLaoCai}));
  EXPECT_FALSE(ContainsAll({kVietNam}, {kUnknown}));
  // Bảo Hà exists today, under the new province: its old district no longer
  // holds it.
  EXPECT_FALSE(ContainsAll({kCityLaoCai}, {kBaoHa}));
  // A merged commune's officer cannot give its village, which today hangs
  // under the ward.
  EXPECT_FALSE(ContainsAll({kCocLeu}, {kResidentialGroup5}));
}

TEST_F(Scope, ContainsAllJudgesAnEndedInnerRootOnItsLastDay) {
  EXPECT_TRUE(ContainsAll({kCityLaoCai}, {kCocLeu, kKimTan}));  // 2025-06-30
  EXPECT_TRUE(ContainsAll({kOldLaoCai}, {kCityLaoCai}));
  EXPECT_TRUE(ContainsAll({kCityYenBai}, {kYenThinh, kHongHa}));  // 2019-12-31
  EXPECT_FALSE(ContainsAll({kCityYenBai}, {kCocLeu}));
  // Or where its values count today.
  EXPECT_TRUE(ContainsAll({kWardLaoCai}, {kCocLeu}));
  EXPECT_TRUE(ContainsAll({kNewLaoCai}, {kCityYenBai}));
  EXPECT_FALSE(ContainsAll({kWardYenBai}, {kCocLeu}));
}

TEST_F(Scope, UnitsOnListsEachRootAndItsDescendantsSorted) {
  EXPECT_THAT(UnitsOn({kCityLaoCai}, kOld),
              ElementsAre(kCityLaoCai, kCocLeu, kKimTan, kBaoHa, kResidentialGroup5));
  EXPECT_THAT(UnitsOn({kCityYenBai}, k2019),
              ElementsAre(kCityYenBai, kNguyenThaiHoc, kTuyLoc, kMinhBao, kYenThinh, kHongHa,
                          kVillageMinhTien));
  EXPECT_THAT(UnitsOn({kWardYenBai, kCityLaoCai, kWardYenBai}, kOld),
              ElementsAre(kCityLaoCai, kCocLeu, kKimTan, kBaoHa, kResidentialGroup5));
}

// Regression: a village whose commune was merged is below the new ward
// today (Covers says so), though its recorded parent is the old commune.
TEST_F(Scope, UnitsOnIncludesVillagesOfMergedCommunes) {
  EXPECT_THAT(UnitsOn({kWardLaoCai}, kToday), ElementsAre(kWardLaoCai, kResidentialGroup5));
  EXPECT_THAT(UnitsOn({kVanPhu}, kToday), ElementsAre(kVanPhu, kVillageMinhTien));
  EXPECT_THAT(UnitsOn({kNewLaoCai}, kToday),
              ElementsAre(kNewLaoCai, kBaoHa, kWardLaoCai, kWardYenBai, kVanPhu, kVillageMinhTien,
                          kResidentialGroup5));
  EXPECT_THAT(UnitsOn({kWardYenBai}, kToday), ElementsAre(kWardYenBai));
}

TEST_F(Scope, UnitsOnSkipsRootsThatDoNotExistThatDay) {
  EXPECT_THAT(UnitsOn({kCityLaoCai}, kToday), IsEmpty());
  EXPECT_THAT(UnitsOn({kCocLeu}, kToday), IsEmpty());
  EXPECT_THAT(UnitsOn({kWardLaoCai}, kOld), IsEmpty());
  EXPECT_THAT(UnitsOn({kUnknown}, kToday), IsEmpty());
  EXPECT_THAT(UnitsOn({}, kToday), IsEmpty());
}

TEST_F(Scope, UnitsOnOfTheCentreIsEveryUnitOfThatDay) {
  for (Date day : {k2019, kOld, kToday}) {
    std::vector<OrgUnitId> all = History().UnitsAt(day);
    std::sort(all.begin(), all.end());
    EXPECT_EQ(UnitsOn({kVietNam}, day), all) << day.ToString();
  }
}

// UnitsOn and Covers agree on the units of today, whatever the root.
TEST_F(Scope, UnitsOnAgreesWithCoversToday) {
  for (OrgUnitId root : History().UnitsAt(kToday)) {
    std::vector<OrgUnitId> listed = UnitsOn({root}, kToday);
    for (OrgUnitId unit : History().UnitsAt(kToday)) {
      bool in_list = std::binary_search(listed.begin(), listed.end(), unit);
      EXPECT_EQ(in_list, Covers({root}, unit)) << "root " << root << " unit " << unit;
    }
  }
}

TEST_F(Scope, FilterAgreesWithCoversForEveryUnitRootAndDay) {
  std::vector<Roots> scopes = {{},
                               {kVietNam},
                               {kNewLaoCai},
                               {kWardLaoCai},
                               {kCityLaoCai},
                               {kCocLeu},
                               {kWardYenBai, kCityLaoCai},
                               {kVanPhu},
                               {kOldLaoCai},
                               {kUnknown}};
  std::vector<std::optional<Date>> days = {std::nullopt, k2019,   Day("2024-06-01"),
                                           kLastOldDay,  kReform, kToday};
  std::vector<OrgUnitId> units = {kUnknown};
  for (const OrgUnit& u : History().units()) units.push_back(u.id);
  int covered = 0;
  for (const Roots& roots : scopes) {
    ScopeFilter filter(index_, roots);
    for (int round = 0; round < 2; ++round) {  // the second round answers from the memo
      for (OrgUnitId unit : units) {
        for (const std::optional<Date>& at : days) {
          bool expected = Covers(roots, unit, at);
          covered += expected ? 1 : 0;
          EXPECT_EQ(filter.Covers(unit, at), expected)
              << "unit " << unit << " at " << (at ? at->ToString() : "today") << " round " << round;
        }
      }
    }
  }
  EXPECT_GT(covered, 100);  // the comparison is not all "no"
}

TEST(ScopeMinimal, DistrictCoversItsCommuneButNotItsProvince) {
  Result<Hierarchy> built = fixtures::MinimalParts().Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ScopeIndex index(*built, Day("2026-01-01"));
  Roots district = {3};
  EXPECT_TRUE(index.Covers(district, 3));
  EXPECT_TRUE(index.Covers(district, 4));
  EXPECT_TRUE(index.Covers(district, 4, Day("2000-01-01")));
  EXPECT_FALSE(index.Covers(district, 2));
  EXPECT_FALSE(index.Covers(district, 1));
  EXPECT_THAT(index.UnitsOn(Roots{2}, Day("2026-01-01")), ElementsAre(2, 3, 4));
  EXPECT_TRUE(index.ContainsAll(Roots{1}, Roots{3, 4}));
  EXPECT_FALSE(index.ContainsAll(Roots{4}, Roots{3}));
}

}  // namespace
}  // namespace gemis::access
