#include "core/hierarchy_editor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using fixtures::Fingerprint;
using fixtures::Version;
using ::testing::AllOf;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using L = OrgUnitLevel;

const Date kBefore = Day("2024-06-01");
const Date kReform = Day("2025-07-01");
const Date kAfter = Day("2026-01-01");

// Hà Nội (2) with Ba Đình (3: Phúc Xá 4 with Tổ 1 (8), Trúc Bạch 6) and
// Hoàn Kiếm (5: Hàng Bạc 7), under the centre (1); all since before records.
enum : OrgUnitId { kCentre = 1, kHaNoi, kBaDinh, kPhucXa, kHoanKiem, kTrucBach, kHangBac, kTo1 };

Hierarchy Base() {
  fixtures::HierarchyParts parts = fixtures::MinimalParts();
  parts.units.push_back(fixtures::Unit(kHoanKiem, {Version(L::kDistrict, "002", "Hoàn Kiếm", kHaNoi)}));
  parts.units.push_back(fixtures::Unit(kTrucBach, {Version(L::kCommune, "00004", "Trúc Bạch", kBaDinh)}));
  parts.units.push_back(fixtures::Unit(kHangBac, {Version(L::kCommune, "00037", "Hàng Bạc", kHoanKiem)}));
  parts.units.push_back(fixtures::Unit(kTo1, {Version(L::kVillage, "", "Tổ 1", kPhucXa)}));
  Result<Hierarchy> built = parts.Build();
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built.ok() ? *built : Hierarchy();
}

Hierarchy LaoCai() {
  Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built.ok() ? *built : Hierarchy();
}

NewOrgUnit Commune(std::string code, std::string name, OrgUnitId parent) {
  return NewOrgUnit{.code = std::move(code), .name = std::move(name), .unit_type = "Phường",
                    .level = L::kCommune, .parent = parent};
}

std::map<OrgUnitId, double> Weights(const std::vector<Placement>& placements) {
  std::map<OrgUnitId, double> weights;
  for (const Placement& p : placements) weights[p.unit] += p.weight;
  return weights;
}

// Finish() must succeed; returns the edited hierarchy.
Hierarchy Finished(const HierarchyEditor& editor) {
  Result<Hierarchy> finished = editor.Finish();
  EXPECT_TRUE(finished.ok()) << finished.status().ToString();
  return finished.ok() ? *finished : Hierarchy();
}

void ExpectRefused(const Status& status, ErrorCode code, const std::string& phrase) {
  EXPECT_FALSE(status.ok()) << "accepted";
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(phrase));
}

// Finish() must fail, naming `phrase`.
void ExpectFinishFails(const HierarchyEditor& editor, const std::string& phrase) {
  Result<Hierarchy> finished = editor.Finish();
  ASSERT_FALSE(finished.ok()) << "Finish accepted the edit";
  EXPECT_EQ(finished.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(finished.status().message(), HasSubstr(phrase));
}

// ---- Create -------------------------------------------------------------------

TEST(HierarchyEditorCreate, AddsAUnitFromItsDateWithACreateEvent) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  Result<OrgUnitId> id = editor.Create(Commune("00010", "Điện Biên", kBaDinh), kReform, false,
                                       "NQ 1656/NQ-UBTVQH15");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, kTo1 + 1);
  EXPECT_THAT(editor.touched_units(), ElementsAre(*id));
  ASSERT_EQ(editor.new_events().size(), 1u);
  EXPECT_EQ(editor.new_events()[0].kind, OrgUnitEventKind::kCreate);
  EXPECT_EQ(editor.new_events()[0].effective, kReform);
  EXPECT_THAT(editor.new_events()[0].units, ElementsAre(*id));
  EXPECT_EQ(editor.new_events()[0].legal_basis, "NQ 1656/NQ-UBTVQH15");
  EXPECT_THAT(editor.new_links(), IsEmpty());
  Hierarchy h = Finished(editor);
  EXPECT_TRUE(IsValidUid(h.Find(*id)->uid));
  EXPECT_EQ(h.FindByCode("00010", kReform)->id, *id);
  EXPECT_EQ(h.FindByCode("00010", kReform.AddDays(-1)), nullptr);
  EXPECT_THAT(h.ChildrenAt(kBaDinh, kReform), ElementsAre(kPhucXa, kTrucBach, *id));
  EXPECT_EQ(h.Find(*id)->first().FullName(), "Phường Điện Biên");
}

TEST(HierarchyEditorCreate, DrawsUidsFromTheRandomSourceOrKeepsAGivenOne) {
  SeededRandom first(7), second(7);
  HierarchyEditor a(Base(), first), b(Base(), second);
  OrgUnitId in_a = *a.Create(Commune("00010", "A", kBaDinh), kReform);
  OrgUnitId in_b = *b.Create(Commune("00010", "A", kBaDinh), kReform);
  EXPECT_EQ(Finished(a).Find(in_a)->uid, Finished(b).Find(in_b)->uid);
  NewOrgUnit given = Commune("00011", "B", kBaDinh);
  given.uid = "Abcdefghij1";
  OrgUnitId kept = *a.Create(given, kReform);
  EXPECT_EQ(Finished(a).FindByUid("Abcdefghij1")->id, kept);
}

TEST(HierarchyEditorCreate, WithoutADateRecordsNoEventAndMayMarkTheStartApproximate) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  OrgUnitId id = *editor.Create(Commune("00010", "Cũ", kBaDinh), std::nullopt, true);
  EXPECT_THAT(editor.new_events(), IsEmpty());
  Hierarchy h = Finished(editor);
  EXPECT_TRUE(h.Find(id)->first().approximate_from);
  EXPECT_EQ(h.Find(id)->first().from, std::nullopt);
  EXPECT_EQ(h.ParentAt(id, Day("1990-01-01")), kBaDinh);
}

TEST(HierarchyEditorCreate, RefusesAnEmptyNameABadUidOrAParentMissingOnTheDate) {
  SeededRandom random(1);
  Hierarchy lao_cai = LaoCai();
  HierarchyEditor editor(lao_cai, random);
  Result<OrgUnitId> no_name = editor.Create(Commune("1", "", fixtures::lc::kNewLaoCai), kAfter);
  ExpectRefused(no_name.status(), ErrorCode::kInvalidInput, "needs a name");
  EXPECT_EQ(no_name.status().where().field, "name");
  NewOrgUnit bad_uid = Commune("1", "A", fixtures::lc::kNewLaoCai);
  bad_uid.uid = "1-not-a-uid";
  ExpectRefused(editor.Create(bad_uid, kAfter).status(), ErrorCode::kInvalidInput, "not a valid uid");
  ExpectRefused(editor.Create(Commune("1", "A", fixtures::lc::kYenBai), kAfter).status(),
                ErrorCode::kConflict, "it was closed on 2025-07-01");
  ExpectRefused(editor.Create(Commune("1", "A", fixtures::lc::kNewLaoCai), kBefore).status(),
                ErrorCode::kConflict, "did not exist yet");
  ExpectRefused(editor.Create(Commune("1", "A", 999), kAfter).status(), ErrorCode::kNotFound,
                "#999 does not exist");
  EXPECT_THAT(editor.touched_units(), IsEmpty());
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(lao_cai));
}

TEST(HierarchyEditorCreate, ADuplicateCodeIsCaughtByFinish) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Create(Commune("00001", "Trùng", kBaDinh), kReform).ok());
  ExpectFinishFails(editor, "code 00001 is carried by");
}

// ---- Rename and Reclassify ------------------------------------------------------

TEST(HierarchyEditorRename, StartsANewVersionOnTheEffectiveDay) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Rename(kTrucBach, "Trúc Bạch Mới", kReform, "QĐ 1").ok());
  EXPECT_THAT(editor.touched_units(), ElementsAre(kTrucBach));
  ASSERT_EQ(editor.new_events().size(), 1u);
  EXPECT_EQ(editor.new_events()[0].kind, OrgUnitEventKind::kRename);
  Hierarchy h = Finished(editor);
  const OrgUnit* unit = h.Find(kTrucBach);
  ASSERT_EQ(unit->versions.size(), 2u);
  EXPECT_EQ(unit->versions[0].to, kReform.AddDays(-1));
  EXPECT_EQ(unit->VersionAt(kReform.AddDays(-1))->name, "Trúc Bạch");
  EXPECT_EQ(unit->VersionAt(kReform)->name, "Trúc Bạch Mới");
  EXPECT_EQ(unit->VersionAt(kReform)->code, "00004");
  EXPECT_EQ(h.FindByCode("00004", kAfter)->id, kTrucBach);  // same unit, same code
  EXPECT_EQ(h.EventsOf(kTrucBach).size(), 1u);
}

TEST(HierarchyEditorRename, TwiceOnOneDayKeepsASingleNewVersion) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Rename(kTrucBach, "X", kReform).ok());
  ASSERT_TRUE(editor.Rename(kTrucBach, "Y", kReform).ok());
  Hierarchy h = Finished(editor);
  ASSERT_EQ(h.Find(kTrucBach)->versions.size(), 2u);
  EXPECT_EQ(h.Find(kTrucBach)->last().name, "Y");
}

TEST(HierarchyEditorRename, RefusesAnEmptyNameAnUnknownUnitAndChangesOutOfDateOrder) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  Status empty = editor.Rename(kTrucBach, "", kReform);
  ExpectRefused(empty, ErrorCode::kInvalidInput, "needs a name");
  EXPECT_EQ(empty.where().field, "name");
  ExpectRefused(editor.Rename(999, "X", kReform), ErrorCode::kNotFound, "#999 does not exist");
  ASSERT_TRUE(editor.Rename(kTrucBach, "Later", kAfter).ok());
  ExpectRefused(editor.Rename(kTrucBach, "Earlier", kReform), ErrorCode::kConflict, "date order");
  ExpectRefused(editor.Move(kTrucBach, kHoanKiem, kReform), ErrorCode::kConflict, "date order");
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.Find(kTrucBach)->VersionAt(kReform)->name, "Trúc Bạch");
  EXPECT_EQ(h.Find(kTrucBach)->last().name, "Later");
  EXPECT_EQ(editor.new_events().size(), 1u);
}

TEST(HierarchyEditorReclassify, ChangesTheUnitTypeAndKeepsTheLevelUnlessGiven) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Reclassify(kTrucBach, "Phường", std::nullopt, kReform).ok());
  // Hoàn Kiếm becomes a province-level city directly under the centre.
  ASSERT_TRUE(editor.Move(kHoanKiem, kCentre, kReform).ok());
  ASSERT_TRUE(editor.Reclassify(kHoanKiem, "Thành phố", L::kProvince, kReform).ok());
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.Find(kTrucBach)->last().FullName(), "Phường Trúc Bạch");
  EXPECT_EQ(h.Find(kTrucBach)->last().level, L::kCommune);
  EXPECT_THAT(h.UnitsAt(kAfter, L::kProvince), ElementsAre(kHoanKiem, kHaNoi));  // "002" < "01"
  EXPECT_THAT(h.UnitsAt(kBefore, L::kProvince), ElementsAre(kHaNoi));
  EXPECT_THAT(h.AncestorsAt(kHangBac, kAfter), ElementsAre(kHoanKiem, kCentre));
  ASSERT_EQ(h.Find(kHoanKiem)->versions.size(), 2u);  // both changes in one version
  ASSERT_EQ(editor.new_events().size(), 3u);
  EXPECT_EQ(editor.new_events()[2].kind, OrgUnitEventKind::kReclassify);
}

TEST(HierarchyEditorReclassify, ToTheTierOfItsChildrenIsCaughtByFinish) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Reclassify(kBaDinh, "Xã", L::kCommune, kReform).ok());
  ExpectFinishFails(editor, "is a commune from 2025-07-01, not above a commune");
}

TEST(HierarchyEditorMove, CannotCloseACycleThroughALaterReclassification) {
  // Regression: every step passes its own checks (and Finish used to check
  // tiers on a version's first day only), but from 2022 Trúc Bạch and Hàng
  // Bạc would be each other's parent.
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Move(kHangBac, kHaNoi, Day("2020-01-01")).ok());
  ASSERT_TRUE(editor.Reclassify(kHangBac, "Quận", L::kDistrict, Day("2020-01-01")).ok());
  ASSERT_TRUE(editor.Reclassify(kHangBac, "Thôn", L::kVillage, Day("2021-06-01")).ok());
  ASSERT_TRUE(editor.Move(kHangBac, kTrucBach, Day("2022-01-01")).ok());
  ASSERT_TRUE(editor.Move(kTrucBach, kHangBac, Day("2020-06-01")).ok());
  ExpectFinishFails(editor, "is a village from 2021-06-01, not above a commune");
}

// ---- Move and Close -------------------------------------------------------------

TEST(HierarchyEditorMove, ChangesTheParentFromTheEffectiveDay) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Move(kTrucBach, kHoanKiem, kReform).ok());
  EXPECT_THAT(editor.touched_units(), ElementsAre(kTrucBach));
  ASSERT_EQ(editor.new_events().size(), 1u);
  EXPECT_EQ(editor.new_events()[0].kind, OrgUnitEventKind::kMove);
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.ParentAt(kTrucBach, kReform.AddDays(-1)), kBaDinh);
  EXPECT_EQ(h.ParentAt(kTrucBach, kReform), kHoanKiem);
  EXPECT_THAT(h.ChildrenAt(kHoanKiem, kAfter), ElementsAre(kTrucBach, kHangBac));
  EXPECT_THAT(h.ChildrenAt(kBaDinh, kAfter), ElementsAre(kPhucXa));
}

TEST(HierarchyEditorMove, RefusesACycle) {
  SeededRandom random(1);
  Hierarchy base = Base();
  HierarchyEditor editor(base, random);
  Status under_own_village = editor.Move(kBaDinh, kTo1, kReform);
  ExpectRefused(under_own_village, ErrorCode::kInvalidInput, "cycle");
  EXPECT_THAT(under_own_village.message(), HasSubstr("Ba Đình"));
  EXPECT_EQ(under_own_village.where().field, "parent");
  ExpectRefused(editor.Move(kPhucXa, kPhucXa, kReform), ErrorCode::kInvalidInput, "cycle");
  EXPECT_THAT(editor.new_events(), IsEmpty());
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(base));
}

TEST(HierarchyEditorMove, UnderTheSameOrALowerTierIsCaughtByFinish) {
  // The contract: Move checks existence and cycles; Finish checks tiers.
  SeededRandom random(1);
  HierarchyEditor same(Base(), random);
  ASSERT_TRUE(same.Move(kTrucBach, kHangBac, kReform).ok());
  ExpectFinishFails(same, "is a commune from the start, not above a commune");
  HierarchyEditor lower(Base(), random);
  ASSERT_TRUE(lower.Move(kHoanKiem, kTrucBach, kReform).ok());
  ExpectFinishFails(lower, "not above a district");
}

TEST(HierarchyEditorMove, RefusesANewParentMissingOnTheDate) {
  SeededRandom random(1);
  HierarchyEditor editor(LaoCai(), random);
  ExpectRefused(editor.Move(fixtures::lc::kBaoHa, fixtures::lc::kYenBai, kAfter),
                ErrorCode::kConflict, "closed on 2025-07-01");
}

TEST(HierarchyEditorClose, EndsTheUnitTheDayBeforeAndItsValuesGoToItsParent) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Close(kHangBac, kReform, "NQ 1").ok());
  EXPECT_THAT(editor.touched_units(), ElementsAre(kHangBac));
  ASSERT_EQ(editor.new_events().size(), 1u);
  EXPECT_EQ(editor.new_events()[0].kind, OrgUnitEventKind::kClose);
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.Find(kHangBac)->last().to, kReform.AddDays(-1));
  EXPECT_THAT(h.ChildrenAt(kHoanKiem, kReform), IsEmpty());
  EXPECT_EQ(h.FindByCode("00037", kReform), nullptr);
  EXPECT_THAT(h.PlaceAt(kHangBac, kAfter), ElementsAre(Placement{kHoanKiem, 1.0}));
}

TEST(HierarchyEditorClose, RefusesAUnitThatStillHasChildren) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  Status status = editor.Close(kHoanKiem, kReform);
  ExpectRefused(status, ErrorCode::kConflict, "still its child");
  EXPECT_THAT(status.message(), AllOf(HasSubstr("Hoàn Kiếm"), HasSubstr("Hàng Bạc")));
  ASSERT_TRUE(editor.Close(kHangBac, kReform).ok());
  EXPECT_TRUE(editor.Close(kHoanKiem, kReform).ok());  // no child left
  Hierarchy h = Finished(editor);
  EXPECT_THAT(h.UnitsAt(kAfter, L::kDistrict), ElementsAre(kBaDinh));
}

TEST(HierarchyEditorClose, RefusesAUnitMissingTheDayBeforeOrChangedLater) {
  SeededRandom random(1);
  HierarchyEditor editor(LaoCai(), random);
  ExpectRefused(editor.Close(fixtures::lc::kWardLaoCai, kReform), ErrorCode::kConflict,
                "did not exist yet");
  ExpectRefused(editor.Close(fixtures::lc::kBaoHa, Day("2025-01-01")), ErrorCode::kConflict,
                "has a change on or after 2025-01-01");
  ExpectRefused(editor.Close(999, kReform), ErrorCode::kNotFound, "#999");
}

TEST(HierarchyEditorClose, RefusesAUnitThatAlreadyEnded) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Close(kHangBac, kReform).ok());
  // The same close again (a repeated command) records no second event.
  ExpectRefused(editor.Close(kHangBac, kReform), ErrorCode::kConflict,
                "already ends on " + kReform.AddDays(-1).ToString());
  ExpectRefused(editor.Close(kHangBac, kAfter), ErrorCode::kConflict, "");
  EXPECT_EQ(editor.new_events().size(), 1u);
}

// ---- Merge --------------------------------------------------------------------

TEST(HierarchyEditorMerge, EndsSourcesLinksThemAndMovesTheirChildrenToTheTarget) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  // Phúc Xá and Trúc Bạch merge into a new ward reusing Phúc Xá's code.
  OrgUnitId ward = *editor.Create(Commune("00001", "Ba Đình", kBaDinh), kReform);
  ASSERT_TRUE(editor.Merge({kPhucXa, kTrucBach}, ward, kReform, "NQ 1656").ok());
  EXPECT_THAT(editor.touched_units(), ElementsAre(kPhucXa, kTrucBach, kTo1, ward));
  ASSERT_EQ(editor.new_events().size(), 2u);
  const OrgUnitEvent& merge = editor.new_events()[1];
  EXPECT_EQ(merge.kind, OrgUnitEventKind::kMerge);
  EXPECT_THAT(merge.units, ElementsAre(ward));
  ASSERT_EQ(editor.new_links().size(), 2u);
  for (const LineageLink& link : editor.new_links()) {
    EXPECT_EQ(link.event, merge.id);
    EXPECT_EQ(link.successor, ward);
    EXPECT_EQ(link.share, 1.0);
  }
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.FindByCode("00001", kBefore)->id, kPhucXa);
  EXPECT_EQ(h.FindByCode("00001", kAfter)->id, ward);
  EXPECT_THAT(h.ChildrenAt(kBaDinh, kAfter), ElementsAre(ward));
  EXPECT_THAT(h.ChildrenAt(ward, kAfter), ElementsAre(kTo1));
  EXPECT_EQ(h.ParentAt(kTo1, kBefore), kPhucXa);
  EXPECT_THAT(h.PlaceAt(kTrucBach, kAfter), ElementsAre(Placement{ward, 1.0}));
  EXPECT_THAT(h.EventsOf(kPhucXa), ElementsAre(h.FindEvent(merge.id)));
}

TEST(HierarchyEditorMerge, IntoAnExistingUnitThatContinues) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Merge({kTrucBach}, kPhucXa, kReform).ok());
  Hierarchy h = Finished(editor);
  EXPECT_EQ(h.Find(kPhucXa)->versions.size(), 1u);
  EXPECT_THAT(h.PlaceAt(kTrucBach, kAfter), ElementsAre(Placement{kPhucXa, 1.0}));
  EXPECT_THAT(h.PlaceAt(kTrucBach, kBefore), ElementsAre(Placement{kTrucBach, 1.0}));
}

TEST(HierarchyEditorMerge, RefusesAClosedTargetNamingTheClosure) {
  SeededRandom random(1);
  Hierarchy lao_cai = LaoCai();
  HierarchyEditor editor(lao_cai, random);
  Status status = editor.Merge({fixtures::lc::kBaoHa}, fixtures::lc::kCocLeu, kAfter);
  ExpectRefused(status, ErrorCode::kConflict, "closed on 2025-07-01");
  EXPECT_THAT(status.message(), AllOf(HasSubstr("merge target"), HasSubstr("Cốc Lếu")));
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(lao_cai));
}

TEST(HierarchyEditorMerge, RefusesAUnitIntoItselfNoSourcesAndASourceListedTwice) {
  SeededRandom random(1);
  Hierarchy base = Base();
  HierarchyEditor editor(base, random);
  ExpectRefused(editor.Merge({kTrucBach, kPhucXa}, kPhucXa, kReform), ErrorCode::kInvalidInput,
                "cannot be merged into itself");
  ExpectRefused(editor.Merge({}, kPhucXa, kReform), ErrorCode::kInvalidInput, "at least one source");
  ExpectRefused(editor.Merge({kTrucBach, kTrucBach}, kPhucXa, kReform), ErrorCode::kInvalidInput,
                "listed twice");
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(base));
}

TEST(HierarchyEditorMerge, RefusesASourceMissingTheDayBefore) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  OrgUnitId fresh = *editor.Create(Commune("00090", "Mới", kBaDinh), kReform);
  ExpectRefused(editor.Merge({fresh}, kPhucXa, kReform), ErrorCode::kConflict, "did not exist yet");
  ExpectRefused(editor.Merge({999}, kPhucXa, kReform), ErrorCode::kNotFound, "merge source #999");
  Hierarchy h = Finished(editor);  // the create survives
  EXPECT_EQ(h.FindByCode("00090", kAfter)->id, fresh);
  EXPECT_EQ(editor.new_events().size(), 1u);
}

TEST(HierarchyEditorMerge, RefusesATargetInsideASource) {
  SeededRandom random(1);
  Hierarchy base = Base();
  HierarchyEditor editor(base, random);
  ExpectRefused(editor.Merge({kBaDinh}, kPhucXa, kReform), ErrorCode::kInvalidInput, "cycle");
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(base));
}

TEST(HierarchyEditorMerge, OfADistrictTogetherWithOneOfItsCommunes) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  ASSERT_TRUE(editor.Merge({kBaDinh, kTrucBach}, kHoanKiem, kReform).ok());
  Hierarchy h = Finished(editor);
  EXPECT_THAT(h.ChildrenAt(kHoanKiem, kAfter), ElementsAre(kPhucXa, kHangBac));
  EXPECT_EQ(h.Find(kTrucBach)->last().to, kReform.AddDays(-1));
  EXPECT_EQ(h.Find(kTrucBach)->versions.size(), 1u);
}

// A refused merge must not leave half of itself behind (events, ended
// sources, moved children), whichever of its checks fails.
TEST(HierarchyEditorMerge, RefusedLateLeavesNothingBehind) {
  SeededRandom random(1);
  HierarchyEditor reference(Base(), random), editor(Base(), random);
  for (HierarchyEditor* e : {&reference, &editor}) {
    ASSERT_TRUE(e->Rename(kTrucBach, "Trúc Bạch 2", kAfter).ok());
  }
  // The second source has a change after the merge date.
  Status late_source = editor.Merge({kPhucXa, kTrucBach}, kHangBac, kReform);
  ExpectRefused(late_source, ErrorCode::kConflict, "has a change on or after 2025-07-01");
  EXPECT_THAT(late_source.message(), HasSubstr("Trúc Bạch"));
  // Now a child of the source has one.
  for (HierarchyEditor* e : {&reference, &editor}) {
    ASSERT_TRUE(e->Rename(kTo1, "Tổ 1 mới", kAfter).ok());
  }
  Status late_child = editor.Merge({kPhucXa}, kHangBac, kReform);
  ExpectRefused(late_child, ErrorCode::kConflict, "cannot move the children of 00001 Xã Phúc Xá");
  EXPECT_THAT(late_child.message(), HasSubstr("Tổ 1"));
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(Finished(reference)));
  EXPECT_EQ(editor.new_events().size(), reference.new_events().size());
  EXPECT_THAT(editor.new_links(), IsEmpty());
  EXPECT_EQ(editor.touched_units(), reference.touched_units());
}

// ---- Split --------------------------------------------------------------------

TEST(HierarchyEditorSplit, WithSharesLinksEverySuccessorAndGivesChildrenToTheLargest) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  OrgUnitId ward = *editor.Create(Commune("00091", "Ngọc Hà", kBaDinh), kReform);
  ASSERT_TRUE(editor.Split(kPhucXa, {{kTrucBach, 0.3, false}, {ward, 0.7, false}}, kReform).ok());
  ASSERT_EQ(editor.new_links().size(), 2u);
  EXPECT_TRUE(editor.new_links()[0].partial);
  EXPECT_EQ(editor.new_events().back().kind, OrgUnitEventKind::kSplit);
  EXPECT_THAT(editor.new_events().back().units, ElementsAre(kPhucXa));
  Hierarchy h = Finished(editor);
  EXPECT_THAT(Weights(h.PlaceAt(kPhucXa, kAfter)),
              ElementsAre(Pair(kTrucBach, DoubleNear(0.3, 1e-12)), Pair(ward, DoubleNear(0.7, 1e-12))));
  EXPECT_EQ(h.ParentAt(kTo1, kAfter), ward);
  EXPECT_THAT(h.ChildrenAt(kBaDinh, kAfter), ElementsAre(kTrucBach, ward));
}

TEST(HierarchyEditorSplit, WithoutSharesGivesValuesAndChildrenToTheDesignated) {
  SeededRandom random(1);
  HierarchyEditor editor(Base(), random);
  OrgUnitId ward = *editor.Create(Commune("00091", "Ngọc Hà", kBaDinh), kReform);
  ASSERT_TRUE(editor.Split(kPhucXa, {{ward, {}, false}, {kTrucBach, {}, true}}, kReform).ok());
  Hierarchy h = Finished(editor);
  EXPECT_THAT(h.PlaceAt(kPhucXa, kAfter), ElementsAre(Placement{kTrucBach, 1.0}));
  EXPECT_EQ(h.ParentAt(kTo1, kAfter), kTrucBach);
  EXPECT_THAT(h.LinksFrom(kPhucXa).size(), 2u);
}

TEST(HierarchyEditorSplit, RefusesBadSharesAndAMissingOrDoubleDesignation) {
  SeededRandom random(1);
  Hierarchy base = Base();
  HierarchyEditor editor(base, random);
  auto split = [&](std::vector<SplitPart> parts) { return editor.Split(kPhucXa, parts, kReform); };
  Status sum = split({{kTrucBach, 0.3, false}, {kHangBac, 0.3, false}});
  ExpectRefused(sum, ErrorCode::kInvalidInput, "sum to 1");
  EXPECT_EQ(sum.where().field, "share");
  ExpectRefused(split({{kTrucBach, 0.3, false}, {kHangBac, {}, true}}), ErrorCode::kInvalidInput,
                "every successor");
  ExpectRefused(split({{kTrucBach, 1.5, false}, {kHangBac, -0.5, false}}),
                ErrorCode::kInvalidInput, "(0, 1]");
  Status none = split({{kTrucBach, {}, false}, {kHangBac, {}, false}});
  ExpectRefused(none, ErrorCode::kInvalidInput, "exactly one designated");
  EXPECT_EQ(none.where().field, "designated");
  ExpectRefused(split({{kTrucBach, {}, true}, {kHangBac, {}, true}}), ErrorCode::kInvalidInput,
                "exactly one designated");
  ExpectRefused(split({{kTrucBach, 1.0, false}}), ErrorCode::kInvalidInput, "at least two");
  ExpectRefused(split({{kTrucBach, 0.5, false}, {kTrucBach, 0.5, false}}),
                ErrorCode::kInvalidInput, "listed twice");
  ExpectRefused(split({{kPhucXa, 0.5, false}, {kHangBac, 0.5, false}}), ErrorCode::kInvalidInput,
                "into itself");
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(base));
  EXPECT_THAT(editor.new_events(), IsEmpty());
}

TEST(HierarchyEditorSplit, RefusesSuccessorsOrSourceMissingOnTheirDays) {
  SeededRandom random(1);
  Hierarchy lao_cai = LaoCai();
  HierarchyEditor editor(lao_cai, random);
  using namespace fixtures::lc;  // NOLINT(google-build-using-namespace)
  ExpectRefused(editor.Split(kBaoHa, {{kVanPhu, {}, true}, {kCocLeu, {}, false}}, kAfter),
                ErrorCode::kConflict, "split successor");
  ExpectRefused(editor.Split(kVanPhu, {{kBaoHa, {}, true}, {kWardYenBai, {}, false}}, kReform),
                ErrorCode::kConflict, "split source");
  ExpectRefused(editor.Split(kBaoHa, {{kVanPhu, {}, true}, {kWardYenBai, {}, false}}, kReform),
                ErrorCode::kConflict, "has a change on or after 2025-07-01");
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(lao_cai));
  EXPECT_THAT(editor.new_events(), IsEmpty());
  EXPECT_THAT(editor.touched_units(), IsEmpty());
}

TEST(HierarchyEditorSplit, RefusedBecauseAChildChangedLaterLeavesNothingBehind) {
  SeededRandom random(1);
  HierarchyEditor reference(Base(), random), editor(Base(), random);
  for (HierarchyEditor* e : {&reference, &editor}) {
    ASSERT_TRUE(e->Rename(kTo1, "Tổ 1 mới", kAfter).ok());
  }
  ExpectRefused(editor.Split(kPhucXa, {{kTrucBach, {}, true}, {kHangBac, {}, false}}, kReform),
                ErrorCode::kConflict, "Tổ 1");
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(Finished(reference)));
  EXPECT_EQ(editor.new_events().size(), 1u);
  EXPECT_EQ(editor.touched_units(), reference.touched_units());
}

// ---- Whole reorganisations --------------------------------------------------------

TEST(HierarchyEditor, AKonTumWardCountsTowardsQuangNgaiAfterTheReform) {
  fixtures::HierarchyParts parts;
  parts.units = {fixtures::Unit(1, {Version(L::kCentre, "", "Việt Nam", std::nullopt)}),
                 fixtures::Unit(51, {Version(L::kProvince, "51", "Quảng Ngãi", 1)}),
                 fixtures::Unit(62, {Version(L::kProvince, "62", "Kon Tum", 1)}),
                 fixtures::Unit(608, {Version(L::kDistrict, "608", "Kon Tum", 62)}),
                 fixtures::Unit(23281, {Version(L::kCommune, "23281", "Quyết Thắng", 608)}),
                 fixtures::Unit(23284, {Version(L::kCommune, "23284", "Thắng Lợi", 608)})};
  Result<Hierarchy> base = parts.Build();
  ASSERT_TRUE(base.ok()) << base.status().ToString();
  SeededRandom random(1);
  HierarchyEditor editor(*base, random);
  // Bottom-up, as the resolutions read: communes, then districts, then provinces.
  OrgUnitId ward = *editor.Create(Commune("23281", "Kon Tum", 51), kReform);
  ASSERT_TRUE(editor.Merge({23281, 23284}, ward, kReform).ok());
  ASSERT_TRUE(editor.Close(608, kReform).ok());
  ASSERT_TRUE(editor.Merge({62}, 51, kReform).ok());
  Hierarchy h = Finished(editor);
  EXPECT_THAT(h.PlaceAt(23284, kAfter), ElementsAre(Placement{ward, 1.0}));
  EXPECT_THAT(h.AncestorsAt(ward, kAfter), ElementsAre(51, 1));
  EXPECT_THAT(h.PlaceAt(608, kAfter), ElementsAre(Placement{51, 1.0}));
  EXPECT_THAT(h.PlaceAt(62, kAfter), ElementsAre(Placement{51, 1.0}));
  EXPECT_THAT(h.AncestorsAt(23284, kBefore), ElementsAre(608, 62, 1));
  EXPECT_THAT(h.UnitsAt(kAfter, L::kProvince), ElementsAre(51));
  EXPECT_EQ(h.FindByCode("23281", kAfter)->id, ward);
}

TEST(HierarchyEditor, ARefusedOperationLeavesEarlierGoodOperationsIntact) {
  SeededRandom random(1), same_random(1);
  HierarchyEditor reference(Base(), random), editor(Base(), same_random);
  OrgUnitId ward = 0;
  for (HierarchyEditor* e : {&reference, &editor}) {
    ward = *e->Create(Commune("00091", "Ngọc Hà", kBaDinh), kReform);
    ASSERT_TRUE(e->Rename(kHangBac, "Hàng Bạc 2", kReform).ok());
  }
  EXPECT_FALSE(editor.Merge({kTrucBach}, kTrucBach, kReform).ok());
  EXPECT_FALSE(editor.Merge({kHangBac}, kPhucXa, kReform).ok());  // renamed that day
  EXPECT_FALSE(editor.Move(kBaDinh, kTo1, kReform).ok());
  EXPECT_FALSE(editor.Close(kBaDinh, kReform).ok());
  EXPECT_FALSE(editor.Split(kPhucXa, {{ward, 0.5, false}, {kTrucBach, 0.6, false}}, kReform).ok());
  EXPECT_FALSE(editor.Rename(kHangBac, "Cũ", kBefore).ok());
  EXPECT_FALSE(editor.Rename(kHangBac, "", kAfter).ok());
  EXPECT_EQ(Fingerprint(Finished(editor)), Fingerprint(Finished(reference)));
  EXPECT_EQ(editor.touched_units(), reference.touched_units());
  EXPECT_EQ(editor.new_events().size(), reference.new_events().size());
  // And it keeps working.
  ASSERT_TRUE(editor.Merge({kTrucBach}, ward, kReform).ok());
  EXPECT_THAT(Finished(editor).PlaceAt(kTrucBach, kAfter), ElementsAre(Placement{ward, 1.0}));
}

// ---- Randomized: invariants survive any sequence of edits -------------------------

using Rng = std::mt19937_64;

// Random edits on a random tree. Each step runs one operation in a fresh
// editor over the current hierarchy: a refused operation must leave Finish()
// equal to the current hierarchy; an accepted one that Finish() validates
// becomes the current hierarchy.
class RandomEdits {
 public:
  explicit RandomEdits(uint64_t seed) : rng_(seed), uids_(seed) {}

  void BuildTree() {
    HierarchyEditor editor(Hierarchy(), uids_);
    OrgUnitId centre = *editor.Create({.name = "Centre", .level = L::kCentre}, std::nullopt);
    for (int p = 0; p < 3; ++p) {
      OrgUnitId province = *editor.Create(Spec(L::kProvince, centre), std::nullopt);
      for (int d = 0; d < 2; ++d) {
        OrgUnitId district = *editor.Create(Spec(L::kDistrict, province), std::nullopt);
        for (int c = 0; c < 3; ++c) {
          OrgUnitId commune = *editor.Create(Spec(L::kCommune, district), std::nullopt);
          if (c == 0) {
            ASSERT_TRUE(editor.Create(Spec(L::kVillage, commune), std::nullopt).ok());
          }
        }
      }
    }
    current_ = Finished(editor);
    current_fingerprint_ = Fingerprint(current_);
  }

  // One random operation on a day near the latest accepted change (sometimes
  // well before it, which the editor must refuse or handle).
  void Step() {
    Date d = cursor_.AddDays(Uniform(0, 90));
    if (Uniform(0, 9) == 0) d = cursor_.AddDays(-Uniform(1, 400));  // out of date order
    HierarchyEditor editor(current_, uids_);
    Status status = RandomOperation(editor, d);
    Result<Hierarchy> next = editor.Finish();
    if (!status.ok()) {
      ++refused_;
      ASSERT_TRUE(next.ok()) << "after refused " << status.ToString() << ": " << next.status().ToString();
      ASSERT_EQ(Fingerprint(*next), current_fingerprint_) << "refused " << status.ToString();
      ASSERT_THAT(editor.new_events(), IsEmpty());
      ASSERT_THAT(editor.new_links(), IsEmpty());
      ASSERT_THAT(editor.touched_units(), IsEmpty());
      return;
    }
    if (!next.ok()) {
      ++finish_refused_;
      return;
    }
    ++accepted_;
    current_ = *next;
    current_fingerprint_ = Fingerprint(current_);
    cursor_ = std::max(cursor_, d);
    CheckInvariants();
  }

  int accepted() const { return accepted_; }
  int refused() const { return refused_; }
  int finish_refused() const { return finish_refused_; }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  T Pick(const std::vector<T>& v) { return v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))]; }
  Date RandomDate(Date from, Date to) { return from.AddDays(Uniform(0, to.days() - from.days())); }

  NewOrgUnit Spec(OrgUnitLevel level, std::optional<OrgUnitId> parent) {
    std::string code = "C" + std::to_string(++counter_);
    return NewOrgUnit{.code = code, .name = "Unit " + code, .unit_type = LevelName(level),
                      .level = level, .parent = parent};
  }

  const OrgUnitVersion* At(OrgUnitId id, Date d) const {
    const OrgUnit* unit = current_.Find(id);
    return unit == nullptr ? nullptr : unit->VersionAt(d);
  }
  // Units valid on `d`; at a tier when `level` is given.
  std::vector<OrgUnitId> Valid(Date d, std::optional<OrgUnitLevel> level = {}) const {
    return current_.UnitsAt(d, level);
  }
  OrgUnitId AnyUnit(Date d) {
    std::vector<OrgUnitId> ids = Valid(d);
    return ids.empty() ? 999 : Pick(ids);
  }
  // Any unit but the root: the nation is never closed, merged, split, moved or
  // given another tier (a closed root leaves its values nowhere to go).
  OrgUnitId AnyBelowRoot(Date d) {
    std::vector<OrgUnitId> ids;
    for (OrgUnitId id : Valid(d)) {
      if (At(id, d)->parent) ids.push_back(id);
    }
    return ids.empty() ? 999 : Pick(ids);
  }

  Status RandomOperation(HierarchyEditor& editor, Date d) {
    switch (Uniform(0, 7)) {
      case 0: return RandomCreate(editor, d);
      case 1: return editor.Rename(AnyUnit(d), "Renamed " + std::to_string(++counter_), d);
      case 2: return RandomReclassify(editor, d);
      case 3: return editor.Move(AnyBelowRoot(d), AnyUnit(d), d);
      case 4: return editor.Close(AnyBelowRoot(d.AddDays(-1)), d);
      case 5: case 6: return RandomMerge(editor, d);
      default: return RandomSplit(editor, d);
    }
  }

  Status RandomCreate(HierarchyEditor& editor, Date d) {
    OrgUnitId parent = AnyUnit(d);
    auto level = static_cast<OrgUnitLevel>(std::min(5, static_cast<int>(At(parent, d) ? At(parent, d)->level : L::kProvince) + Uniform(1, 2)));
    return editor.Create(Spec(level, parent), d).status();
  }

  Status RandomReclassify(HierarchyEditor& editor, Date d) {
    // Units move up a tier (a town becomes a city), never down: a province
    // does not become a commune.
    OrgUnitId id = AnyUnit(d);
    std::optional<OrgUnitLevel> level;
    const OrgUnitVersion* v = At(id, d);
    if (v != nullptr && v->parent && Uniform(0, 2) == 0) {
      level = static_cast<OrgUnitLevel>(std::max(2, static_cast<int>(v->level) - 1));
    }
    return editor.Reclassify(id, "Type " + std::to_string(++counter_), level, d);
  }

  // Sources and target mostly of one tier, sometimes of any.
  std::vector<OrgUnitId> Peers(OrgUnitId of, Date d) {
    const OrgUnitVersion* v = At(of, d);
    return Uniform(0, 4) == 0 || v == nullptr ? Valid(d) : Valid(d, v->level);
  }

  // A unit valid the day before `d`, mostly of the tier of `like`, not the root.
  OrgUnitId SourceLike(OrgUnitId like, Date d) {
    const OrgUnitVersion* v = At(like, d);
    for (int attempt = 0; attempt < 10 && v != nullptr && Uniform(0, 4) != 0; ++attempt) {
      OrgUnitId id = AnyBelowRoot(d.AddDays(-1));
      if (id != 999 && At(id, d.AddDays(-1))->level == v->level) return id;
    }
    return AnyBelowRoot(d.AddDays(-1));
  }

  Status RandomMerge(HierarchyEditor& editor, Date d) {
    OrgUnitId target = AnyUnit(d);
    std::vector<OrgUnitId> sources;
    for (int i = Uniform(1, 3); i > 0; --i) sources.push_back(SourceLike(target, d));
    const OrgUnitVersion* like = At(target, d);
    if (like->parent && Uniform(0, 2) == 0) {  // into a unit created that day, beside `target`
      Result<OrgUnitId> fresh = editor.Create(Spec(like->level, like->parent), d);
      if (!fresh.ok()) return fresh.status();
      // A refused merge leaves the create behind: the step is then the create alone.
      Result<Hierarchy> created = editor.Finish();
      if (!editor.Merge(sources, *fresh, d).ok() && created.ok()) {
        Result<Hierarchy> after = editor.Finish();
        EXPECT_TRUE(after.ok() && Fingerprint(*after) == Fingerprint(*created));
      }
      return Status::Ok();
    }
    return editor.Merge(sources, target, d);
  }

  Status RandomSplit(HierarchyEditor& editor, Date d) {
    OrgUnitId source = AnyBelowRoot(d.AddDays(-1));
    std::vector<OrgUnitId> candidates = Peers(source, d);
    if (candidates.empty()) return editor.Split(source, {}, d);
    std::vector<SplitPart> parts;
    int n = Uniform(2, 3);
    bool shares = Uniform(0, 1) == 0;
    for (int i = 0; i < n; ++i) {
      SplitPart part{Pick(candidates), std::nullopt, false};
      if (shares) part.share = 1.0 / n + (Uniform(0, 19) == 0 ? 0.1 : 0.0);
      parts.push_back(part);
    }
    if (!shares) parts[static_cast<size_t>(Uniform(0, n - 1))].designated = Uniform(0, 19) != 0;
    return editor.Split(source, parts, d);
  }

  void CheckInvariants() {
    Date d = RandomDate(Day("1999-01-01"), cursor_.AddDays(400));
    SCOPED_TRACE("on " + d.ToString());
    std::vector<OrgUnitId> roots = current_.RootsAt(d);
    for (OrgUnitId id : current_.UnitsAt(d)) {
      std::vector<OrgUnitId> chain = current_.AncestorsAt(id, d);
      ASSERT_LT(chain.size(), 5u) << "cycle above unit " << id << "\n" << Fingerprint(current_);
      OrgUnitId top = chain.empty() ? id : chain.back();
      ASSERT_THAT(roots, ::testing::Contains(top)) << "unit " << id;
      OrgUnitId child = id;
      for (OrgUnitId parent : chain) {
        ASSERT_LT(static_cast<int>(At(parent, d)->level), static_cast<int>(At(child, d)->level))
            << "parent " << parent << " of " << child << "\n" << Fingerprint(current_);
        child = parent;
      }
    }
    for (int i = 0; i < 10; ++i) CheckPlacement(Pick(current_.units()).id, RandomDate(d, cursor_.AddDays(400)));
  }

  void CheckPlacement(OrgUnitId id, Date later) {
    SCOPED_TRACE("placing " + std::to_string(id) + " on " + later.ToString());
    std::vector<Placement> placed = current_.PlaceAt(id, later);
    const std::optional<Date>& from = current_.Find(id)->first().from;
    ASSERT_EQ(placed.empty(), from && later < *from) << Fingerprint(current_);
    double sum = 0;
    for (const Placement& p : placed) {
      EXPECT_NE(At(p.unit, later), nullptr);
      sum += p.weight;
    }
    if (!placed.empty()) {
      EXPECT_NEAR(sum, 1.0, 1e-9);
    }
  }

  Rng rng_;
  SeededRandom uids_;
  Hierarchy current_;
  std::string current_fingerprint_;
  Date cursor_ = Day("2000-01-01");
  int counter_ = 0;
  int accepted_ = 0;
  int refused_ = 0;
  int finish_refused_ = 0;
};

TEST(HierarchyEditorRandom, InvariantsHoldAfterEveryAcceptedEdit) {
  uint64_t seed = std::random_device{}();
  if (const char* fixed = std::getenv("GEMIS_TEST_SEED")) seed = std::stoull(fixed);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with GEMIS_TEST_SEED)");
  RandomEdits edits(seed);
  ASSERT_NO_FATAL_FAILURE(edits.BuildTree());
  for (int i = 0; i < 300; ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    ASSERT_NO_FATAL_FAILURE(edits.Step());
  }
  EXPECT_GT(edits.accepted(), 30);
  EXPECT_GT(edits.refused(), 30);
  RecordProperty("accepted", edits.accepted());
  RecordProperty("finish_refused", edits.finish_refused());
}

}  // namespace
}  // namespace gemis
