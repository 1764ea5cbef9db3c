#include "core/plan_book.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using fixtures::Unit;
using fixtures::Version;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using L = OrgUnitLevel;
using IL = ImplementingLevel;

// Centre 1 → province 2 ("04" Cao Bằng) → districts 3 ("049" Quảng Hoà) and
// 4 ("053" Hạ Lang) → communes 5, 6 (in 3) and 7 (in 4); commune 8 moves from
// district 3 to district 4 on 2025-01-01.
constexpr OrgUnitId kCentre = 1;
constexpr OrgUnitId kProvince = 2;
constexpr OrgUnitId kQuangHoa = 3;
constexpr OrgUnitId kHaLang = 4;
constexpr OrgUnitId kCommune5 = 5;
constexpr OrgUnitId kCommune6 = 6;
constexpr OrgUnitId kCommune7 = 7;
constexpr OrgUnitId kMoved = 8;

constexpr PlanId kPlan2024 = 1;  // dated 2024-03-20
constexpr PlanId kPlan2025 = 2;  // no date, period 2025-06..2025-12

constexpr MetadataId kTeams = 10;     // a data element
constexpr MetadataId kClubs = 11;     // a data element
constexpr MetadataId kMeetings = 12;  // a data element

const Hierarchy& CaoBang() {
  static const Hierarchy* hierarchy = [] {
    fixtures::HierarchyParts parts;
    parts.units = {
        Unit(kCentre, {Version(L::kCentre, "", "Việt Nam", std::nullopt)}),
        Unit(kProvince, {Version(L::kProvince, "04", "Cao Bằng", kCentre)}),
        Unit(kQuangHoa, {Version(L::kDistrict, "049", "Quảng Hoà", kProvince)}),
        Unit(kHaLang, {Version(L::kDistrict, "053", "Hạ Lang", kProvince)}),
        Unit(kCommune5, {Version(L::kCommune, "01501", "Phúc Sen", kQuangHoa)}),
        Unit(kCommune6, {Version(L::kCommune, "01502", "Quốc Toản", kQuangHoa)}),
        Unit(kCommune7, {Version(L::kCommune, "01601", "Thị Hoa", kHaLang)}),
        Unit(kMoved, {Version(L::kCommune, "01503", "Đức Long", kQuangHoa, {}, Day("2024-12-31")),
                      Version(L::kCommune, "01503", "Đức Long", kHaLang, Day("2025-01-01"))}),
    };
    Result<Hierarchy> built = parts.Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *hierarchy;
}

Target T(TargetId id, PlanId plan, MetadataId measure, OrgUnitId unit, IL level, int64_t value,
         std::string window = "", std::string agency = "") {
  Target t;
  t.id = id;
  t.plan = plan;
  t.measure = MeasureRef{.kind = MeasureKind::kDataElement, .id = measure, .code = "M"};
  t.org_unit = unit;
  t.agency_code = std::move(agency);
  t.level = level;
  Result<DateSet> parsed = DateSet::Parse(window);
  EXPECT_TRUE(parsed.ok());
  if (parsed.ok()) t.window = *parsed;
  t.value = Decimal::FromInt(value);
  t.ordinal = static_cast<int>(id);
  return t;
}

Plan MakePlan(PlanId id, std::string code, std::string number) {
  Plan plan;
  plan.id = id;
  plan.code = std::move(code);
  plan.number = std::move(number);
  plan.issuer_unit = kProvince;
  plan.period = DateSet::Years(2024, 2024);
  return plan;
}

PlanBookData Data() {
  PlanBookData data;
  Plan p2024 = MakePlan(kPlan2024, "CB-288-2024", "288/KH-BCĐ");
  p2024.date = Day("2024-03-20");
  Plan p2025 = MakePlan(kPlan2025, "CB-DRAFT-2025", "");
  p2025.period = DateSet::Of(Day("2025-06-01"), Day("2025-12-31"));
  data.plans = {p2024, p2025, MakePlan(3, "HN-01-2023", "01/KH-UBND"),
                MakePlan(4, "HG-01-2023", "01/KH-UBND"), MakePlan(5, "CB-45-2024", "45/KH-HỘI")};
  data.targets = {
      // Plan 2024, teams, window 2022-2024: the province total and its split
      // by implementing level, the districts' shares, an agency's share.
      T(101, kPlan2024, kTeams, kProvince, IL::kAll, 57, "2022-2024"),
      T(102, kPlan2024, kTeams, kProvince, IL::kProvince, 29, "2022-2024"),
      T(103, kPlan2024, kTeams, kProvince, IL::kDistrict, 28, "2022-2024"),
      T(104, kPlan2024, kTeams, kQuangHoa, IL::kProvince, 11, "2022-2024"),
      T(105, kPlan2024, kTeams, kHaLang, IL::kProvince, 18, "2022-2024"),
      T(106, kPlan2024, kTeams, kProvince, IL::kProvince, 7, "2022-2024", "CB-SLDTBXH"),
      // A restatement of 101, and a withdrawn figure at the village level.
      T(107, kPlan2024, kTeams, kProvince, IL::kAll, 57, "2022-2024"),
      T(108, kPlan2024, kTeams, kProvince, IL::kVillage, 3, "2022-2024"),
      // Another window: never a part of the 2022-2024 figures.
      T(109, kPlan2024, kTeams, kQuangHoa, IL::kAll, 20, "2025"),
      // Clubs: only the province total and a district's province-level share.
      T(201, kPlan2024, kClubs, kProvince, IL::kAll, 10),
      T(202, kPlan2024, kClubs, kQuangHoa, IL::kProvince, 4),
      // Clubs by commune, under a withdrawn district figure.
      T(203, kPlan2024, kClubs, kQuangHoa, IL::kAll, 6),
      T(204, kPlan2024, kClubs, kCommune5, IL::kAll, 2),
      T(205, kPlan2024, kClubs, kMoved, IL::kAll, 1),
      T(206, kPlan2024, kClubs, kHaLang, IL::kAll, 4),
      // Meetings: a district figure with no province figure at all.
      T(301, kPlan2024, kMeetings, kQuangHoa, IL::kAll, 12),
      // Plan 2025: the moved commune now counts under Hạ Lang.
      T(401, kPlan2025, kClubs, kQuangHoa, IL::kAll, 6),
      T(402, kPlan2025, kClubs, kHaLang, IL::kAll, 4),
      T(403, kPlan2025, kClubs, kMoved, IL::kAll, 1),
  };
  auto target = [&data](TargetId id) -> Target& {
    return *std::find_if(data.targets.begin(), data.targets.end(),
                         [id](const Target& t) { return t.id == id; });
  };
  target(108).status = TargetStatus::kWithdrawn;
  target(203).status = TargetStatus::kWithdrawn;
  target(203).ordinal = 1;                        // ordinals order targets before ids do
  target(102).status = TargetStatus::kSuspended;  // suspended targets still count
  return data;
}

const PlanBook& Book() {
  static const PlanBook* book = new PlanBook(Data());
  return *book;
}

TargetKey KeyOfId(TargetId id) {
  for (const Target& t : Book().data().targets) {
    if (t.id == id) return KeyOf(t);
  }
  ADD_FAILURE() << "no target " << id;
  return {};
}

// The id of the first target of the parent's group, or 0 for a root.
TargetId ParentOf(TargetId id) {
  TargetKey key = KeyOfId(id);
  const Plan* plan = Book().FindPlan(key.plan);
  EXPECT_NE(plan, nullptr);
  if (plan == nullptr) return -1;
  auto groups = Book().TargetGroups(key.plan);
  std::optional<TargetKey> parent = Book().AllocationParent(key, *plan, CaoBang(), groups);
  if (!parent) return 0;
  auto it = groups.find(*parent);
  EXPECT_NE(it, groups.end());
  return it == groups.end() ? -1 : it->second.front()->id;
}

TEST(PlanBookKeyOf, ReadsTheTargetAsStated) {
  TargetKey key = KeyOfId(106);
  EXPECT_EQ(key.plan, kPlan2024);
  EXPECT_EQ(key.measure_kind, MeasureKind::kDataElement);
  EXPECT_EQ(key.measure, kTeams);
  EXPECT_EQ(key.org_unit, kProvince);
  EXPECT_EQ(key.agency_code, "CB-SLDTBXH");
  EXPECT_EQ(key.level, IL::kProvince);
  EXPECT_EQ(key.period, "") << "an empty period stays empty";
  EXPECT_EQ(key.window, "2022-2024");
}

TEST(PlanBook, FindsByCode) {
  EXPECT_EQ(Book().FindPlan(std::string_view("CB-288-2024"))->id, kPlan2024);
  EXPECT_EQ(Book().FindPlan(kPlan2025)->code, "CB-DRAFT-2025");
  EXPECT_EQ(Book().FindPlan(PlanId{99}), nullptr);
  EXPECT_EQ(Book().FindPlan(std::string_view("nope")), nullptr);
}

TEST(PlanBook, FindsPlanByNumber) {
  bool ambiguous = true;
  const Plan* plan = Book().FindPlan("288/KH-BCĐ", &ambiguous);
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->id, kPlan2024);
  EXPECT_FALSE(ambiguous);
  EXPECT_EQ(Book().FindPlan("288/kh-bcđ"), nullptr) << "case-sensitive";
  EXPECT_EQ(Book().FindPlan("288/KH-BCD"), nullptr) << "diacritic-sensitive";
  // "45/KH-HỘI" with Ộ decomposed into O + dot below + circumflex.
  plan = Book().FindPlan("45/KH-HO\xCC\xA3\xCC\x82I");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->id, 5);
}

TEST(PlanBook, SharedNumberIsAmbiguous) {
  bool ambiguous = false;
  EXPECT_EQ(Book().FindPlan("01/KH-UBND", &ambiguous), nullptr);
  EXPECT_TRUE(ambiguous);
  EXPECT_EQ(Book().FindPlan("01/KH-UBND"), nullptr);
  // The code still finds each of them.
  EXPECT_EQ(Book().FindPlan("HG-01-2023", &ambiguous)->id, 4);
  EXPECT_FALSE(ambiguous);
  EXPECT_EQ(Book().FindPlan("", &ambiguous), nullptr) << "plans without a number";
  EXPECT_FALSE(ambiguous);
}

TEST(PlanBook, FindsAgenciesNodesAndNorms) {
  PlanBookData data;
  data.agencies.push_back(Agency{.id = 7, .code = "CB-HLHPN"});
  data.program_nodes.push_back(ProgramNode{.id = 8, .code = "CT1719.DA8"});
  data.norms.push_back(SpendingNorm{.code = "TT55-DCTC-THIETBI", .max_per_unit = 15000000});
  PlanBook book(std::move(data));
  ASSERT_NE(book.FindAgency("CB-HLHPN"), nullptr);
  EXPECT_EQ(book.FindAgency("CB-HLHPN")->id, 7);
  EXPECT_EQ(book.FindAgency("cb-hlhpn"), nullptr);
  ASSERT_NE(book.FindProgramNode("CT1719.DA8"), nullptr);
  EXPECT_EQ(book.FindProgramNode("CT1719.DA8")->id, 8);
  EXPECT_EQ(book.FindProgramNode("CT1719"), nullptr);
  ASSERT_NE(book.FindNorm("TT55-DCTC-THIETBI"), nullptr);
  EXPECT_EQ(book.FindNorm("TT55-DCTC-THIETBI")->max_per_unit, 15000000);
  EXPECT_EQ(book.FindNorm("x"), nullptr);
  EXPECT_EQ(PlanBook().FindPlan("anything"), nullptr);
}

std::vector<TargetId> Ids(const std::vector<const Target*>& targets) {
  std::vector<TargetId> ids;
  for (const Target* t : targets) ids.push_back(t->id);
  return ids;
}

TEST(PlanBook, TargetsOfAreInOrdinalThenIdOrder) {
  std::vector<TargetId> ids = Ids(Book().TargetsOf(kPlan2024));
  ASSERT_EQ(ids.size(), 16U);
  EXPECT_EQ(ids.front(), 203) << "ordinal 1";
  EXPECT_EQ(ids[1], 101);
  EXPECT_EQ(ids.back(), 301);
  EXPECT_THAT(Ids(Book().TargetsOf(kPlan2025)), ElementsAre(401, 402, 403));
  EXPECT_THAT(Book().TargetsOf(99), IsEmpty());

  PlanBookData data;
  data.targets = {T(3, 1, kTeams, kProvince, IL::kAll, 1), T(1, 1, kTeams, kProvince, IL::kAll, 1),
                  T(2, 1, kTeams, kProvince, IL::kAll, 1)};
  for (Target& t : data.targets) t.ordinal = 2000;
  data.targets[0].ordinal = 1001;
  EXPECT_THAT(Ids(PlanBook(std::move(data)).TargetsOf(1)), ElementsAre(3, 1, 2));
}

TEST(PlanBook, OtherStatementsOfAPlan) {
  PlanBookData data;
  data.budget_lines = {BudgetLine{.plan = 1, .key = "b"}, BudgetLine{.plan = 2, .key = "x"},
                       BudgetLine{.plan = 1, .key = "a"}};
  data.place_counts = {PlaceCount{.plan = 1, .kind = "villages", .ordinal = 2001},
                       PlaceCount{.plan = 1, .kind = "communes", .ordinal = 1001},
                       PlaceCount{.plan = 2, .kind = "wards"}};
  data.deadlines = {ReportingDeadline{.plan = 1, .report = "báo cáo năm"},
                    ReportingDeadline{.plan = 1, .report = "báo cáo 6 tháng"}};
  data.source_notes = {SourceNote{.plan = 2, .kind = "typo"},
                       SourceNote{.plan = 1, .kind = "layout"}};
  PlanBook book(std::move(data));
  std::vector<std::string> keys;
  for (const BudgetLine* line : book.BudgetOf(1)) keys.push_back(line->key);
  EXPECT_THAT(keys, ElementsAre("b", "a"));
  std::vector<std::string> kinds;
  for (const PlaceCount* count : book.PlaceCountsOf(1)) kinds.push_back(count->kind);
  EXPECT_THAT(kinds, ElementsAre("communes", "villages"));
  ASSERT_EQ(book.DeadlinesOf(1).size(), 2U);
  EXPECT_EQ(book.DeadlinesOf(1)[0]->report, "báo cáo năm");
  ASSERT_EQ(book.SourceNotesOf(1).size(), 1U);
  EXPECT_EQ(book.SourceNotesOf(1)[0]->kind, "layout");
  EXPECT_THAT(book.BudgetOf(3), IsEmpty());
}

TEST(PlanBookTargetGroups, GroupRestatementsAndSkipWithdrawn) {
  auto groups = Book().TargetGroups(kPlan2024);
  EXPECT_EQ(groups.size(), 13U);  // 16 targets: 107 joins 101; 108 and 203 are withdrawn
  EXPECT_THAT(Ids(groups.at(KeyOfId(101))), ElementsAre(101, 107));
  EXPECT_FALSE(groups.contains(KeyOfId(108)));
  EXPECT_FALSE(groups.contains(KeyOfId(203)));
  EXPECT_TRUE(groups.contains(KeyOfId(102))) << "suspended targets take part";
  for (const auto& [key, targets] : groups) EXPECT_EQ(key.plan, kPlan2024);
}

TEST(PlanBookAllocationParent, LevelShareGoesToTheUnitsTotal) {
  EXPECT_EQ(ParentOf(102), 101);  // (province, province) -> (province, all)
  EXPECT_EQ(ParentOf(103), 101);  // (province, district) -> (province, all)
}

TEST(PlanBookAllocationParent, DistrictRowGoesToTheProvincesLevel) {
  EXPECT_EQ(ParentOf(104), 102);  // (Quảng Hoà, province) -> (province, province)
  EXPECT_EQ(ParentOf(105), 102);
}

TEST(PlanBookAllocationParent, FallsBackToTheAncestorsTotal) {
  EXPECT_EQ(ParentOf(202), 201);  // no (province, province) for clubs
}

TEST(PlanBookAllocationParent, AgencyShareGoesToItsUnitsLevel) {
  EXPECT_EQ(ParentOf(106), 102);  // (province, province, agency) -> (province, province)
  Plan plan = *Book().FindPlan(kPlan2024);
  TargetKey key = KeyOfId(101);
  key.agency_code = "CB-SLDTBXH";  // an agency's share of the province's total
  auto groups = Book().TargetGroups(kPlan2024);
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), KeyOfId(101));
}

TEST(PlanBookAllocationParent, RootHasNone) {
  EXPECT_EQ(ParentOf(101), 0);
  EXPECT_EQ(ParentOf(201), 0);
  EXPECT_EQ(ParentOf(301), 0) << "no province figure for meetings";
}

TEST(PlanBookAllocationParent, OtherWindowOrMeasureNeverMatches) {
  EXPECT_EQ(ParentOf(109), 0) << "window 2025 is not a part of 2022-2024";
  TargetKey key = KeyOfId(104);
  key.measure = kMeetings;
  auto groups = Book().TargetGroups(kPlan2024);
  const Plan& plan = *Book().FindPlan(kPlan2024);
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), std::nullopt);
  key = KeyOfId(104);
  key.measure_kind = MeasureKind::kIndicator;  // same id, other kind of measure
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), std::nullopt);
  key = KeyOfId(104);
  key.period = "2024";  // stated period differs from the parent's (empty)
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), std::nullopt);
}

TEST(PlanBookAllocationParent, WithdrawnTargetsAreSkipped) {
  // Commune 5's district figure (203) is withdrawn: the province's counts.
  EXPECT_EQ(ParentOf(204), 201);
}

TEST(PlanBookAllocationParent, ReadsTheHierarchyAtThePlansDate) {
  // In 2024 the moved commune is in Quảng Hoà, whose figure is withdrawn.
  EXPECT_EQ(ParentOf(205), 201);
  // The 2025 plan has no date: its period starts after the move to Hạ Lang.
  EXPECT_EQ(ParentOf(403), 402);
  EXPECT_EQ(ParentOf(401), 0);
}

TEST(PlanBookAllocationParent, TriesTheUnitsLevelsBeforeItsAncestors) {
  auto groups = Book().TargetGroups(kPlan2024);
  const Plan& plan = *Book().FindPlan(kPlan2024);
  // (commune 6, commune): no (commune 6, all), no district figure for
  // Quảng Hoà (withdrawn), no (province, commune): the province's total.
  TargetKey key = KeyOfId(204);
  key.org_unit = kCommune6;
  key.level = IL::kCommune;
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), KeyOfId(201));
  // (commune 7, commune) under Hạ Lang, which has clubs (206).
  key.org_unit = kCommune7;
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), KeyOfId(206));
  // A unit the hierarchy does not know has no ancestors.
  key.org_unit = 999;
  EXPECT_EQ(Book().AllocationParent(key, plan, CaoBang(), groups), std::nullopt);
}

}  // namespace
}  // namespace gemis
