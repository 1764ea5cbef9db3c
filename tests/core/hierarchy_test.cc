#include "core/hierarchy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <numeric>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using namespace fixtures::lc;  // NOLINT(google-build-using-namespace): fixture ids
using fixtures::Day;
using fixtures::HierarchyParts;
using fixtures::Version;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using L = OrgUnitLevel;

const Date kBefore = Day("2024-06-01");
const Date kReform = Day("2025-07-01");
const Date kAfter = Day("2026-01-01");

const Hierarchy& History() {
  static const Hierarchy* history = [] {
    Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *history;
}

std::vector<OrgUnitId> Ids(const std::vector<const OrgUnit*>& units) {
  std::vector<OrgUnitId> ids;
  for (const OrgUnit* unit : units) ids.push_back(unit->id);
  return ids;
}

std::vector<OrgUnitEventId> EventIds(const std::vector<const OrgUnitEvent*>& events) {
  std::vector<OrgUnitEventId> ids;
  for (const OrgUnitEvent* event : events) ids.push_back(event->id);
  return ids;
}

std::vector<std::pair<OrgUnitId, OrgUnitId>> Ends(const std::vector<const LineageLink*>& links) {
  std::vector<std::pair<OrgUnitId, OrgUnitId>> ends;
  for (const LineageLink* link : links) ends.emplace_back(link->predecessor, link->successor);
  return ends;
}

std::map<OrgUnitId, double> Weights(const std::vector<Placement>& placements) {
  std::map<OrgUnitId, double> weights;
  for (const Placement& p : placements) weights[p.unit] += p.weight;
  return weights;
}

double Sum(const std::vector<Placement>& placements) {
  return std::accumulate(placements.begin(), placements.end(), 0.0,
                         [](double sum, const Placement& p) { return sum + p.weight; });
}

// ---- Queries on the Lào Cai / Yên Bái history ------------------------------

TEST(Hierarchy, BuildsTheRealisticHistory) {
  Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->size(), fixtures::LaoCaiHistory().units.size());
  EXPECT_EQ(built->Find(kYenBai)->last().name, "Yên Bái");
  EXPECT_EQ(built->FindByUid(built->Find(kVanPhu)->uid)->id, kVanPhu);
  EXPECT_EQ(built->Find(999), nullptr);
  EXPECT_EQ(built->FindByUid("unknownUid1"), nullptr);
}

TEST(Hierarchy, CodeNamesDifferentUnitsBeforeAndAfterReuse) {
  const Hierarchy& h = History();
  EXPECT_EQ(h.FindByCode("15", kBefore)->id, kYenBai);
  EXPECT_EQ(h.FindByCode("15", Day("2025-06-30"))->id, kYenBai);
  EXPECT_EQ(h.FindByCode("15", kReform)->id, kNewLaoCai);
  EXPECT_EQ(h.FindByCode("04270", kBefore)->id, kTuyLoc);
  EXPECT_EQ(h.FindByCode("04270", kAfter)->id, kVanPhu);
  EXPECT_EQ(h.FindByCode("10", kBefore)->id, kOldLaoCai);
  EXPECT_EQ(h.FindByCode("10", kAfter), nullptr);
  EXPECT_EQ(h.FindByCode("99", kBefore), nullptr);
}

TEST(Hierarchy, CodeOverlappingTheChangeFindsBothUnitsOldestFirst) {
  const Hierarchy& h = History();
  EXPECT_THAT(Ids(h.FindByCodeOverlapping("15", Day("2025-01-01"), Day("2025-12-31"))),
              ElementsAre(kYenBai, kNewLaoCai));
  EXPECT_THAT(Ids(h.FindByCodeOverlapping("15", Day("2025-07-01"), Day("2025-12-31"))),
              ElementsAre(kNewLaoCai));
  EXPECT_THAT(Ids(h.FindByCodeOverlapping("15", Day("2020-01-01"), Day("2025-06-30"))),
              ElementsAre(kYenBai));
  EXPECT_THAT(Ids(h.FindByCodeAnyTime("02638")), ElementsAre(kCocLeu, kWardLaoCai));
  EXPECT_THAT(Ids(h.FindByCodeAnyTime("nope")), IsEmpty());
}

TEST(Hierarchy, ChildrenAreDistrictsBeforeTheReformAndCommunesAfter) {
  const Hierarchy& h = History();
  EXPECT_THAT(h.ChildrenAt(kVietNam, kBefore), ElementsAre(kOldLaoCai, kYenBai));
  EXPECT_THAT(h.ChildrenAt(kVietNam, kAfter), ElementsAre(kNewLaoCai));
  EXPECT_THAT(h.ChildrenAt(kYenBai, kBefore), ElementsAre(kCityYenBai));
  EXPECT_THAT(h.ChildrenAt(kCityLaoCai, kBefore), ElementsAre(kCocLeu, kKimTan, kBaoHa));
  // Ordered by code: 02638, 02800, 04246, 04270.
  EXPECT_THAT(h.ChildrenAt(kNewLaoCai, kAfter),
              ElementsAre(kWardLaoCai, kBaoHa, kWardYenBai, kVanPhu));
  EXPECT_THAT(h.ChildrenAt(kYenBai, kAfter), IsEmpty());
  EXPECT_THAT(h.ChildrenAt(kCityYenBai, Day("2019-06-01")),
              ElementsAre(kNguyenThaiHoc, kHongHa, kYenThinh, kTuyLoc, kMinhBao));
}

TEST(Hierarchy, ParentFollowsMovesAndTheDesignatedSuccessorOfAnEndedParent) {
  const Hierarchy& h = History();
  EXPECT_EQ(h.ParentAt(kBaoHa, kBefore), kCityLaoCai);
  EXPECT_EQ(h.ParentAt(kBaoHa, kAfter), kNewLaoCai);
  EXPECT_EQ(h.ParentAt(kVillageMinhTien, kBefore), kMinhBao);
  // Minh Bảo was split without shares: its villages go to Văn Phú, designated.
  EXPECT_EQ(h.ParentAt(kVillageMinhTien, kAfter), kVanPhu);
  EXPECT_EQ(h.ParentAt(kResidentialGroup5, kAfter), kWardLaoCai);
  EXPECT_EQ(h.ParentAt(kVietNam, kAfter), std::nullopt);
  EXPECT_EQ(h.ParentAt(kYenBai, kAfter), std::nullopt);  // not valid then
  EXPECT_EQ(h.ParentAt(999, kAfter), std::nullopt);
}

TEST(Hierarchy, AncestorsAreNearestFirstOnTheHierarchyOfTheDate) {
  const Hierarchy& h = History();
  EXPECT_THAT(h.AncestorsAt(kVillageMinhTien, kBefore),
              ElementsAre(kMinhBao, kCityYenBai, kYenBai, kVietNam));
  EXPECT_THAT(h.AncestorsAt(kVillageMinhTien, kAfter),
              ElementsAre(kVanPhu, kNewLaoCai, kVietNam));
  EXPECT_THAT(h.AncestorsAt(kBaoHa, kAfter), ElementsAre(kNewLaoCai, kVietNam));
  EXPECT_THAT(h.AncestorsAt(kVietNam, kAfter), IsEmpty());
}

TEST(Hierarchy, RootsAndUnitsByLevelFollowTheDate) {
  const Hierarchy& h = History();
  EXPECT_THAT(h.RootsAt(kBefore), ElementsAre(kVietNam));
  EXPECT_THAT(h.RootsAt(kAfter), ElementsAre(kVietNam));
  EXPECT_THAT(h.UnitsAt(kBefore, L::kProvince), ElementsAre(kOldLaoCai, kYenBai));
  EXPECT_THAT(h.UnitsAt(kAfter, L::kProvince), ElementsAre(kNewLaoCai));
  EXPECT_THAT(h.UnitsAt(kBefore, L::kDistrict), ElementsAre(kCityLaoCai, kCityYenBai));
  EXPECT_THAT(h.UnitsAt(kAfter, L::kDistrict), IsEmpty());
  EXPECT_THAT(h.UnitsAt(kBefore, L::kCommune),
              ElementsAre(kCocLeu, kKimTan, kBaoHa, kNguyenThaiHoc, kTuyLoc, kMinhBao));
  EXPECT_THAT(h.UnitsAt(kAfter, L::kVillage), ElementsAre(kVillageMinhTien, kResidentialGroup5));
  EXPECT_EQ(h.UnitsAt(kAfter).size(), 1u + 1u + 4u + 2u);
}

TEST(Hierarchy, EventsOfAUnitIncludeLineageAndComeInDateOrder) {
  const Hierarchy& h = History();
  EXPECT_THAT(EventIds(h.EventsOf(kBaoHa)), ElementsAre(kBaoHaRename, kBaoHaMove));
  EXPECT_THAT(EventIds(h.EventsOf(kYenBai)), ElementsAre(kProvinceMerge));
  EXPECT_THAT(EventIds(h.EventsOf(kNguyenThaiHoc)),
              ElementsAre(kHongHaMerge, kYenThinhSplit, kWardYenBaiMerge));
  EXPECT_THAT(EventIds(h.EventsOf(kWardYenBai)),
              ElementsAre(kWardYenBaiMerge, kTuyLocSplit, kMinhBaoSplit));
  EXPECT_THAT(EventIds(h.EventsOf(kCityYenBai)), ElementsAre(kDistrictsClosed));
  EXPECT_THAT(EventIds(h.EventsOf(kVillageMinhTien)), IsEmpty());
  EXPECT_EQ(h.FindEvent(kTuyLocSplit)->kind, OrgUnitEventKind::kSplit);
  EXPECT_EQ(h.FindEvent(42), nullptr);
}

TEST(Hierarchy, LinksRunFromPredecessorsToSuccessors) {
  const Hierarchy& h = History();
  EXPECT_THAT(Ends(h.LinksFrom(kTuyLoc)),
              ElementsAre(Pair(kTuyLoc, kWardYenBai), Pair(kTuyLoc, kVanPhu)));
  EXPECT_THAT(Ends(h.LinksTo(kNewLaoCai)),
              ElementsAre(Pair(kOldLaoCai, kNewLaoCai), Pair(kYenBai, kNewLaoCai)));
  EXPECT_THAT(Ends(h.LinksTo(kVanPhu)),
              ElementsAre(Pair(kTuyLoc, kVanPhu), Pair(kMinhBao, kVanPhu)));
  EXPECT_THAT(h.LinksFrom(kCityLaoCai), IsEmpty());
  EXPECT_THAT(h.LinksTo(kCocLeu), IsEmpty());
}

// ---- PlaceAt ----------------------------------------------------------------

TEST(HierarchyPlaceAt, AUnitValidOnTheDateIsPlacedOnItself) {
  EXPECT_THAT(History().PlaceAt(kNguyenThaiHoc, kBefore), ElementsAre(Placement{kNguyenThaiHoc, 1.0}));
  EXPECT_THAT(History().PlaceAt(kCityLaoCai, Day("2025-06-30")), ElementsAre(Placement{kCityLaoCai, 1.0}));
}

TEST(HierarchyPlaceAt, MergedProvincesGoToTheNewProvince) {
  // Province 10 and province 15 merged; code 15 now names the new Lào Cai.
  EXPECT_THAT(History().PlaceAt(kOldLaoCai, kAfter), ElementsAre(Placement{kNewLaoCai, 1.0}));
  EXPECT_THAT(History().PlaceAt(kYenBai, kReform), ElementsAre(Placement{kNewLaoCai, 1.0}));
}

TEST(HierarchyPlaceAt, FollowsAMergeChainOverTwoEvents) {
  // Hồng Hà → Nguyễn Thái Học (2020) → phường Yên Bái (2025).
  EXPECT_THAT(History().PlaceAt(kHongHa, kBefore), ElementsAre(Placement{kNguyenThaiHoc, 1.0}));
  EXPECT_THAT(History().PlaceAt(kHongHa, kAfter), ElementsAre(Placement{kWardYenBai, 1.0}));
}

TEST(HierarchyPlaceAt, MultipliesWeightsAlongAChainOfSplits) {
  // Yên Thịnh: 0.5 to Tuy Lộc (then 0.3 / 0.7) and 0.5 to Nguyễn Thái Học (then all).
  EXPECT_THAT(Weights(History().PlaceAt(kYenThinh, kBefore)),
              ElementsAre(Pair(kNguyenThaiHoc, DoubleNear(0.5, 1e-12)),
                          Pair(kTuyLoc, DoubleNear(0.5, 1e-12))));
  EXPECT_THAT(Weights(History().PlaceAt(kYenThinh, kAfter)),
              ElementsAre(Pair(kWardYenBai, DoubleNear(0.65, 1e-12)),
                          Pair(kVanPhu, DoubleNear(0.35, 1e-12))));
}

TEST(HierarchyPlaceAt, SplitWithSharesWeighsEachSuccessor) {
  EXPECT_THAT(Weights(History().PlaceAt(kTuyLoc, kAfter)),
              ElementsAre(Pair(kWardYenBai, DoubleNear(0.3, 1e-12)),
                          Pair(kVanPhu, DoubleNear(0.7, 1e-12))));
}

TEST(HierarchyPlaceAt, SplitWithoutSharesGivesEverythingToTheDesignatedSuccessor) {
  EXPECT_THAT(History().PlaceAt(kMinhBao, kAfter), ElementsAre(Placement{kVanPhu, 1.0}));
}

TEST(HierarchyPlaceAt, AbolishedDistrictCountsTowardsItsProvincesPlacement) {
  EXPECT_THAT(History().PlaceAt(kCityLaoCai, kAfter), ElementsAre(Placement{kNewLaoCai, 1.0}));
  EXPECT_THAT(History().PlaceAt(kCityYenBai, kReform), ElementsAre(Placement{kNewLaoCai, 1.0}));
}

TEST(HierarchyPlaceAt, IsEmptyBeforeTheUnitExistedOrForAnUnknownUnit) {
  EXPECT_THAT(History().PlaceAt(kWardYenBai, kBefore), IsEmpty());
  EXPECT_THAT(History().PlaceAt(kNewLaoCai, Day("2025-06-30")), IsEmpty());
  EXPECT_THAT(History().PlaceAt(999, kAfter), IsEmpty());
}

TEST(HierarchyPlaceAt, WeightsSumToOneAndLandOnUnitsValidOnTheDate) {
  const Hierarchy& h = History();
  for (const OrgUnit& unit : h.units()) {
    for (Date d : {Day("2019-01-01"), Day("2020-01-01"), kBefore, kReform, kAfter}) {
      std::vector<Placement> placed = h.PlaceAt(unit.id, d);
      bool existed = !unit.first().from || *unit.first().from <= d;
      SCOPED_TRACE("unit " + std::to_string(unit.id) + " on " + d.ToString());
      ASSERT_EQ(placed.empty(), !existed);
      if (existed) {
        EXPECT_NEAR(Sum(placed), 1.0, 1e-12);
      }
      for (const Placement& p : placed) EXPECT_NE(h.Find(p.unit)->VersionAt(d), nullptr);
    }
  }
}

// ---- Build refuses every broken invariant -----------------------------------

void ExpectBuildError(const HierarchyParts& parts, const std::vector<std::string>& phrases) {
  Result<Hierarchy> built = parts.Build();
  ASSERT_FALSE(built.ok()) << "Build accepted the broken hierarchy";
  EXPECT_EQ(built.status().code(), ErrorCode::kInvalidInput);
  for (const std::string& phrase : phrases) {
    EXPECT_THAT(built.status().message(), HasSubstr(phrase));
  }
}

TEST(HierarchyBuild, AcceptsTheMinimalTreeAndAnEmptyOne) {
  EXPECT_TRUE(fixtures::MinimalParts().Build().ok());
  Result<Hierarchy> empty = Hierarchy::Build({}, {}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_THAT(empty->RootsAt(kAfter), IsEmpty());
}

TEST(HierarchyBuild, RejectsAGapBetweenVersions) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions = {Version(L::kCommune, "00001", "Phúc Xá", 3, {}, Day("2020-12-31")),
                            Version(L::kCommune, "00001", "Phúc Xá", 3, Day("2021-01-05"))};
  ExpectBuildError(parts, {"00001", parts.unit(4).uid, "version 2", "2021-01-05", "2020-12-31",
                           "contiguous"});
}

TEST(HierarchyBuild, RejectsOverlappingVersions) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions = {Version(L::kCommune, "00001", "Phúc Xá", 3, {}, Day("2020-12-31")),
                            Version(L::kCommune, "00001", "Phúc Xá", 3, Day("2020-06-01"))};
  ExpectBuildError(parts, {"00001", "contiguous"});
}

TEST(HierarchyBuild, RejectsAnOpenVersionThatIsNotTheLast) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions = {Version(L::kCommune, "00001", "Phúc Xá", 3),
                            Version(L::kCommune, "00001", "Phúc Xá", 3, Day("2021-01-01"))};
  ExpectBuildError(parts, {"00001", "version 1", "only the last version may be open"});
}

TEST(HierarchyBuild, RejectsAnUnknownStartAfterTheFirstVersion) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions = {Version(L::kCommune, "00001", "Phúc Xá", 3, {}, Day("2020-12-31")),
                            Version(L::kCommune, "00001", "Phúc Xá", 3)};
  ExpectBuildError(parts, {"00001", "only the first version may have no start"});
}

TEST(HierarchyBuild, RejectsAVersionEndingBeforeItStarts) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions[0].from = Day("2021-01-01");
  parts.unit(4).versions[0].to = Day("2020-12-31");
  ExpectBuildError(parts, {"00001", "valid-to 2020-12-31 is before valid-from 2021-01-01"});
}

TEST(HierarchyBuild, RejectsAUnitWithoutVersionsOrName) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions.clear();
  ExpectBuildError(parts, {parts.unit(4).uid, "no version"});
  parts = fixtures::MinimalParts();
  parts.unit(4).versions[0].name = "";
  ExpectBuildError(parts, {"00001", "empty name"});
}

TEST(HierarchyBuild, RejectsDuplicateUidsAndIds) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).uid = parts.unit(3).uid;
  ExpectBuildError(parts, {"duplicate org unit uid", parts.unit(3).uid});
  parts = fixtures::MinimalParts();
  parts.units.push_back(fixtures::Unit(4, {Version(L::kCommune, "00004", "Trúc Bạch", 3)}));
  parts.units.back().uid = "Zz000000004";
  ExpectBuildError(parts, {"duplicate org unit id 4"});
}

TEST(HierarchyBuild, RejectsOneCodeOnTwoUnitsAtOnce) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.units.push_back(
      fixtures::Unit(5, {Version(L::kCommune, "00001", "Trúc Bạch", 3, Day("2025-01-01"))}));
  ExpectBuildError(parts, {"code 00001", "Phúc Xá", "Trúc Bạch", "at the same time"});
  // Reusing the code once the first carrier has ended is fine.
  parts.unit(4).versions[0].to = Day("2024-12-31");
  EXPECT_TRUE(parts.Build().ok());
}

TEST(HierarchyBuild, AllowsManyUnitsWithoutCode) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.units.push_back(fixtures::Unit(5, {Version(L::kVillage, "", "Thôn 1", 4)}));
  parts.units.push_back(fixtures::Unit(6, {Version(L::kVillage, "", "Thôn 2", 4)}));
  EXPECT_TRUE(parts.Build().ok());
}

TEST(HierarchyBuild, RejectsAMissingParent) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions[0].parent = 99;
  ExpectBuildError(parts, {"00001", "parent #99 does not exist"});
}

TEST(HierarchyBuild, RejectsAParentOfTheSameOrALowerTier) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.units.push_back(fixtures::Unit(5, {Version(L::kCommune, "00004", "Trúc Bạch", 4)}));
  ExpectBuildError(parts, {"00004", "is a commune from the start, not above a commune"});
  parts = fixtures::MinimalParts();
  parts.unit(3).versions[0].parent = 4;
  ExpectBuildError(parts, {"001", "is a commune from the start, not above a district"});
  parts = fixtures::MinimalParts();
  parts.unit(4).versions[0].parent = 4;
  ExpectBuildError(parts, {"00001", "own parent"});
}

TEST(HierarchyBuild, RejectsAParentNotValidWhenTheVersionStarts) {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(3).versions[0].from = Day("2021-01-01");
  parts.unit(4).versions[0].from = Day("2020-01-01");
  ExpectBuildError(parts, {"00001", "parent", "Ba Đình", "does not exist on 2020-01-01"});
  parts = fixtures::MinimalParts();
  parts.unit(3).versions[0].from = Day("2021-01-01");  // the child has no start at all
  ExpectBuildError(parts, {"00001", "does not exist on the unit's first day"});
}

TEST(HierarchyBuild, RejectsAParentThatDropsToTheChildsTierWhileStillItsParent) {
  // Invariant (3) must hold on every day both are valid, or a later
  // reclassification opens the door to cycles.
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(3).versions = {Version(L::kDistrict, "001", "Ba Đình", 2, {}, Day("2020-12-31")),
                            Version(L::kCommune, "001", "Ba Đình", 2, Day("2021-01-01"))};
  ExpectBuildError(parts, {"00001", "Ba Đình", "is a commune from 2021-01-01, not above a commune"});
}

// Phúc Xá (4) merged on 2025-07-01 into a new commune 5 ("00005").
HierarchyParts WithMerge() {
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(4).versions[0].to = Day("2025-06-30");
  parts.units.push_back(fixtures::Unit(5, {Version(L::kCommune, "00005", "Ba Đình", 2, kReform)}));
  parts.units.push_back(fixtures::Unit(6, {Version(L::kCommune, "00006", "Ngọc Hà", 2, kReform)}));
  parts.events.push_back(fixtures::Event(1, OrgUnitEventKind::kSplit, kReform, {4}));
  parts.links.push_back(fixtures::Link(1, 4, 5, 0.6));
  parts.links.push_back(fixtures::Link(1, 4, 6, 0.4));
  return parts;
}

TEST(HierarchyBuild, AcceptsASplitWithShares) { EXPECT_TRUE(WithMerge().Build().ok()); }

TEST(HierarchyBuild, RejectsAPredecessorNotEndingTheDayBeforeTheEvent) {
  HierarchyParts parts = WithMerge();
  parts.unit(4).versions[0].to = Day("2025-06-29");
  ExpectBuildError(parts, {"00001", "must end on 2025-06-30", "split on 2025-07-01"});
  parts.unit(4).versions[0].to.reset();  // still open: never ended at all
  ExpectBuildError(parts, {"00001", "must end on 2025-06-30"});
}

TEST(HierarchyBuild, RejectsASuccessorMissingOnTheEventDay) {
  HierarchyParts parts = WithMerge();
  parts.unit(6).versions[0].from = Day("2025-07-02");
  ExpectBuildError(parts, {"successor", "00006", "does not exist on 2025-07-01"});
}

TEST(HierarchyBuild, RejectsLinksToUnknownUnitsOrEvents) {
  HierarchyParts parts = WithMerge();
  parts.links[1].successor = 77;
  ExpectBuildError(parts, {"00001", "unknown unit"});
  parts = WithMerge();
  parts.links[1].event = 77;
  ExpectBuildError(parts, {"00001", "unknown event"});
  parts = WithMerge();
  parts.links.push_back(fixtures::Link(1, 88, 5, 1.0));
  ExpectBuildError(parts, {"unknown unit #88"});
}

TEST(HierarchyBuild, RejectsSharesNotSummingToOne) {
  HierarchyParts parts = WithMerge();
  parts.links[1].share = 0.3;
  ExpectBuildError(parts, {"00001", "sum to 0.9", "not 1"});
}

TEST(HierarchyBuild, RejectsSharesOutsideZeroToOne) {
  HierarchyParts parts = WithMerge();
  parts.links[0].share = 1.5;
  parts.links[1].share = -0.5;
  ExpectBuildError(parts, {"00001", "must be in (0, 1]"});
}

TEST(HierarchyBuild, RejectsMixingLinksWithAndWithoutShares) {
  HierarchyParts parts = WithMerge();
  parts.links[1].share.reset();
  parts.links[1].designated = true;
  ExpectBuildError(parts, {"00001", "either every successor has a share or none has"});
}

TEST(HierarchyBuild, RejectsLinksWithoutSharesUnlessExactlyOneIsDesignated) {
  HierarchyParts parts = WithMerge();
  parts.links[0].share.reset();
  parts.links[1].share.reset();
  ExpectBuildError(parts, {"00001", "exactly one must be designated (found 0)"});
  parts.links[0].designated = parts.links[1].designated = true;
  ExpectBuildError(parts, {"00001", "exactly one must be designated (found 2)"});
  parts.links[1].designated = false;
  Result<Hierarchy> built = parts.Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_THAT(built->PlaceAt(4, kAfter), ElementsAre(Placement{5, 1.0}));
}

TEST(HierarchyBuild, RejectsPlacementGoingRoundInACircle) {
  // Phúc Xá outlived its district Ba Đình, whose values went to a new
  // district 005; 005 became a commune and merged into Phúc Xá, which was
  // then closed without successors: its values would go to Ba Đình, 005,
  // Phúc Xá, … PlaceAt used to give up and return nothing.
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(3).versions[0].to = Day("2020-12-31");
  parts.unit(4).versions[0].to = Day("2022-12-31");
  parts.units.push_back(fixtures::Unit(
      5, {Version(L::kDistrict, "005", "Năm", 2, Day("2021-01-01"), Day("2021-06-30")),
          Version(L::kCommune, "005", "Năm", 2, Day("2021-07-01"), Day("2021-12-31"))}));
  parts.events.push_back(fixtures::Event(1, OrgUnitEventKind::kMerge, Day("2021-01-01"), {5}));
  parts.events.push_back(fixtures::Event(2, OrgUnitEventKind::kMerge, Day("2022-01-01"), {4}));
  parts.links.push_back(fixtures::Link(1, 3, 5, 1.0));
  parts.links.push_back(fixtures::Link(2, 5, 4, 1.0));
  ExpectBuildError(parts, {"goes round in a circle", "001 Huyện Ba Đình", "00001 Xã Phúc Xá",
                           "005 Xã Năm"});
  parts.unit(4).versions[0].to.reset();  // Phúc Xá still in force: fine
  Result<Hierarchy> built = parts.Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_THAT(built->PlaceAt(3, Day("2023-01-01")), ElementsAre(Placement{4, 1.0}));
}

TEST(Hierarchy, ParentSkipsAStandInSuccessorThatIsNotAboveTheUnit) {
  // On 1/7/2025 the island district Lý Sơn (3) became a commune-level đặc
  // khu (5). A commune (4) still recorded under the district cannot have the
  // đặc khu as its parent: it goes to the district's province (2) instead,
  // while a village (6) under the district does go to the đặc khu.
  HierarchyParts parts = fixtures::MinimalParts();
  parts.unit(3).versions[0].to = Day("2025-06-30");
  parts.units.push_back(fixtures::Unit(5, {Version(L::kCommune, "22736", "Lý Sơn", 2, kReform)}));
  parts.units.back().versions[0].unit_type = "Đặc khu";
  parts.units.push_back(fixtures::Unit(6, {Version(L::kVillage, "", "Thôn Đông", 3)}));
  parts.events.push_back(fixtures::Event(1, OrgUnitEventKind::kMerge, kReform, {5}));
  parts.links.push_back(fixtures::Link(1, 3, 5, 1.0));
  Result<Hierarchy> built = parts.Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_THAT(built->PlaceAt(3, kAfter), ElementsAre(Placement{5, 1.0}));
  EXPECT_EQ(built->ParentAt(4, kBefore), 3);
  EXPECT_EQ(built->ParentAt(4, kAfter), 2);
  EXPECT_EQ(built->ParentAt(6, kAfter), 5);
  EXPECT_THAT(built->AncestorsAt(6, kAfter), ElementsAre(5, 2, 1));
}

}  // namespace
}  // namespace gemis
