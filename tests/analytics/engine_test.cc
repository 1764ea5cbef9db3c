// The analytics engine on small hand-computed cases (docs/analytics.md):
// every aggregation type, periods of several types inside a year, kept
// categories, placement through a merge and splits, indicators, snapshots
// and CatchUp, and bad input.
#include "analytics/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "analytics_test_util.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::analytics {
namespace {

using fixtures::Day;
using fixtures::Event;
using fixtures::Link;
using fixtures::Unit;
using fixtures::Version;
using test::Element;
using test::MakeIndicator;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Cells = std::map<std::string, std::string>;

constexpr OrgUnitId kVn = 1, kP1 = 2, kP2 = 3;
constexpr OrgUnitId kC10 = 10, kC11 = 11, kC12 = 12, kC13 = 13;
constexpr OrgUnitId kC20 = 20, kC21 = 21, kC22 = 22, kC23 = 23, kC24 = 24;

// Centre VN → provinces P1, P2 → communes C10, C11, C12 (P1) and C13 (P2),
// since before records. On 2025-07-01: C10 and C11 merge into the new C20
// (P1); C12 splits 0.25 into C21 (P1) and 0.75 into C22 (P2); C13 splits
// without shares into C23 (designated) and C24 (both P2).
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const OrgUnitLevel kCommune = OrgUnitLevel::kCommune;
    const Date july = Day("2025-07-01"), june = Day("2025-06-30");
    std::vector<OrgUnit> units = {
        Unit(kVn, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", std::nullopt)}),
        Unit(kP1, {Version(OrgUnitLevel::kProvince, "P1", "Tỉnh Một", kVn)}),
        Unit(kP2, {Version(OrgUnitLevel::kProvince, "P2", "Tỉnh Hai", kVn)}),
        Unit(kC10, {Version(kCommune, "C10", "Xã Mười", kP1, std::nullopt, june)}),
        Unit(kC11, {Version(kCommune, "C11", "Xã Mười Một", kP1, std::nullopt, june)}),
        Unit(kC12, {Version(kCommune, "C12", "Xã Mười Hai", kP1, std::nullopt, june)}),
        Unit(kC13, {Version(kCommune, "C13", "Xã Mười Ba", kP2, std::nullopt, june)}),
        Unit(kC20, {Version(kCommune, "C20", "Phường Hai Mươi", kP1, july)}),
        Unit(kC21, {Version(kCommune, "C21", "Xã Hai Mốt", kP1, july)}),
        Unit(kC22, {Version(kCommune, "C22", "Xã Hai Hai", kP2, july)}),
        Unit(kC23, {Version(kCommune, "C23", "Xã Hai Ba", kP2, july)}),
        Unit(kC24, {Version(kCommune, "C24", "Xã Hai Tư", kP2, july)}),
    };
    std::vector<OrgUnitEvent> events = {
        Event(1, OrgUnitEventKind::kMerge, july, {kC20}),
        Event(2, OrgUnitEventKind::kSplit, july, {kC12}),
        Event(3, OrgUnitEventKind::kSplit, july, {kC13}),
    };
    std::vector<LineageLink> links = {
        Link(1, kC10, kC20, std::nullopt, true),
        Link(1, kC11, kC20, std::nullopt, true),
        Link(2, kC12, kC21, 0.25),
        Link(2, kC12, kC22, 0.75),
        Link(3, kC13, kC23, std::nullopt, true),
        Link(3, kC13, kC24, std::nullopt, false),
    };
    ASSERT_OK(db_.SaveStructure(units, events, links));
    ASSERT_OK(db_.SaveElements(
        {Element("SUM", AggregationType::kSum), Element("COUNT", AggregationType::kCount),
         Element("MIN", AggregationType::kMin), Element("MAX", AggregationType::kMax),
         Element("AVG", AggregationType::kAverage),
         Element("AVG_OU", AggregationType::kAverageSumOrgUnit),
         Element("LAST", AggregationType::kLast),
         Element("LAST_AVG", AggregationType::kLastAverageOrgUnit),
         Element("MEMBERS", AggregationType::kSum, "SEX"), Element("EMPTY", AggregationType::kSum),
         Element("ZERO", AggregationType::kSum),
         Element("YES", AggregationType::kSum, "default", ValueType::kBoolean),
         Element("NOTE", AggregationType::kNone, "default", ValueType::kText)},
        {MakeIndicator("FEMALE_PCT", "#{MEMBERS.SEX_FEMALE}", "#{MEMBERS}"),
         MakeIndicator("FEMALE_AGAIN", "N{FEMALE_PCT}", "1", 1),
         MakeIndicator("OVER_EMPTY", "#{MEMBERS}", "#{EMPTY}"),
         MakeIndicator("OVER_ZERO", "#{MEMBERS}", "#{ZERO}"),
         MakeIndicator("EMPTY_OVER", "#{EMPTY}", "#{MEMBERS}"),
         MakeIndicator("CYCLE_A", "N{CYCLE_B}", "1"),
         MakeIndicator("CYCLE_B", "N{CYCLE_A} + 1", "1"),
         MakeIndicator("BROKEN", "#{MEMBERS} +", "1"),
         MakeIndicator("UNKNOWN_REF", "#{NO_SUCH}", "1")}));
    // Values of every aggregation type element: the same figures.
    for (const char* de : {"SUM", "COUNT", "MIN", "MAX", "AVG", "AVG_OU", "LAST", "LAST_AVG"}) {
      ASSERT_OK(db_.Write({{de, "202401", kC10, "4"},
                           {de, "202402", kC10, "6"},
                           {de, "2024Q2", kC10, "10"},
                           {de, "202401", kC11, "3"},
                           {de, "2024W10", kC11, "5"},
                           {de, "2023", kC10, "1000"},     // another year
                           {de, "2025W1", kC11, "50"}}));  // starts 2024-12-30
    }
    ASSERT_OK(db_.Write({{"MEMBERS", "202401", kC10, "2", "SEX_MALE"},
                         {"MEMBERS", "202401", kC10, "3", "SEX_FEMALE"},
                         {"MEMBERS", "202401", kC11, "4", "SEX_FEMALE"},
                         {"ZERO", "202401", kC10, "0"},
                         {"YES", "202401", kC10, "true"},
                         {"YES", "202401", kC11, "false"},
                         {"YES", "202402", kC11, "true"},
                         {"NOTE", "202401", kC10, "ghi chú"}}));
    Result<std::unique_ptr<Engine>> engine = Engine::Build(db_.store());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
  }

  QueryRequest Request(std::vector<std::string> dx, std::vector<OrgUnitSelector> ou,
                       std::vector<std::string> pe, std::string as_of = "2024-06-30") {
    QueryRequest r;
    r.dx = std::move(dx);
    r.ou = std::move(ou);
    for (const std::string& p : pe) r.pe.push_back(*Period::Parse(p));
    r.as_of = Day(as_of);
    return r;
  }
  Cells Run(const QueryRequest& r) {
    Result<QueryResult> result = engine_->Query(r);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return {};
    return test::Names(db_.store()).Cells(*result);
  }
  Cells Run(std::vector<std::string> dx, std::vector<OrgUnitSelector> ou,
            std::vector<std::string> pe, std::string as_of = "2024-06-30") {
    return Run(Request(std::move(dx), std::move(ou), std::move(pe), std::move(as_of)));
  }
  Status Error(const QueryRequest& r) { return engine_->Query(r).status(); }

  test::StoreFixture db_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, SumOverUnitsAndPeriodsInsideTheQueryPeriod) {
  EXPECT_EQ(Run({"SUM"}, {{kP1}}, {"2024", "2024Q1", "202401", "2024Q2", "2023"}),
            (Cells{{"SUM/P1/2024", "28"},
                   {"SUM/P1/2024Q1", "18"},
                   {"SUM/P1/202401", "7"},
                   {"SUM/P1/2024Q2", "10"},
                   {"SUM/P1/2023", "1000"}}));
  // A unit and the centre above it; an element by uid.
  EXPECT_EQ(Run({UidFromKey("de:SUM")}, {{kC11}, {kVn}}, {"2024"}),
            (Cells{{"SUM/C11/2024", "8"}, {"SUM/VN/2024", "28"}}));
  // The week 2025W1 (2024-12-30 – 2025-01-05) lies in neither year.
  EXPECT_EQ(Run({"SUM"}, {{kC11}}, {"2025", "2025W1"}), (Cells{{"SUM/C11/2025W1", "50"}}));
}

TEST_F(EngineTest, EveryAggregationType) {
  EXPECT_EQ(Run({"COUNT", "MIN", "MAX", "AVG", "AVG_OU", "LAST", "LAST_AVG"}, {{kP1}},
                {"2024", "2024Q1"}),
            (Cells{{"COUNT/P1/2024", "5"},
                   {"COUNT/P1/2024Q1", "4"},
                   {"MIN/P1/2024", "3"},
                   {"MIN/P1/2024Q1", "3"},
                   {"MAX/P1/2024", "10"},
                   {"MAX/P1/2024Q1", "6"},
                   {"AVG/P1/2024", "5.6"},
                   {"AVG/P1/2024Q1", "4.5"},
                   // C10: (4+6+10)/3, C11: (3+5)/2, summed.
                   {"AVG_OU/P1/2024", "10.66666667"},
                   {"AVG_OU/P1/2024Q1", "9"},
                   // C10's latest is 2024Q2 (10), C11's 2024W10 (5).
                   {"LAST/P1/2024", "15"},
                   {"LAST/P1/2024Q1", "11"},
                   {"LAST_AVG/P1/2024", "7.5"},
                   {"LAST_AVG/P1/2024Q1", "5.5"}}));
  EXPECT_EQ(Run({"AVG", "LAST"}, {{kC10}}, {"2024"}),
            (Cells{{"AVG/C10/2024", "6.666666667"}, {"LAST/C10/2024", "10"}}));
}

TEST_F(EngineTest, BooleansCountAsOneAndZero) {
  EXPECT_EQ(Run({"YES"}, {{kP1}}, {"2024", "202401"}),
            (Cells{{"YES/P1/2024", "2"}, {"YES/P1/202401", "1"}}));
}

TEST_F(EngineTest, KeptCategoriesAndTiers) {
  QueryRequest r = Request({"MEMBERS"}, {{kP1}}, {"202401"});
  EXPECT_EQ(Run(r), (Cells{{"MEMBERS/P1/202401", "9"}}));
  r.keep = {"SEX"};
  EXPECT_EQ(Run(r), (Cells{{"MEMBERS/P1/202401/MALE", "2"}, {"MEMBERS/P1/202401/FEMALE", "7"}}));
  r.ou = {{kVn, OrgUnitLevel::kCommune}};
  EXPECT_EQ(Run(r), (Cells{{"MEMBERS/C10/202401/MALE", "2"},
                           {"MEMBERS/C10/202401/FEMALE", "3"},
                           {"MEMBERS/C11/202401/FEMALE", "4"}}));
  Result<QueryResult> result = engine_->Query(r);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->headers.size(), 5u);
  EXPECT_EQ(result->headers[3].name, "SEX");
  EXPECT_EQ(result->headers[4].value_type, "NUMBER");
  // The tier lists every commune on the date, with or without data.
  ASSERT_EQ(result->dimensions[1].first, "ou");
  EXPECT_EQ(result->dimensions[1].second.size(), 4u);
  EXPECT_EQ(result->dimensions[3].first, "SEX");
  EXPECT_EQ(result->dimensions[3].second.size(), 2u);
  bool named = false;
  // Names carry the unit type (the fixture's name already says "Xã").
  for (const auto& [uid, name] : result->items) named = named || name == "Xã Xã Mười";
  EXPECT_TRUE(named);
  // A tier equal to the unit's own gives the unit.
  EXPECT_EQ(Run({"SUM"}, {{kP1, OrgUnitLevel::kProvince}}, {"202401"}),
            (Cells{{"SUM/P1/202401", "7"}}));
}

TEST_F(EngineTest, PlacementThroughMergeAndSplits) {
  ASSERT_OK(db_.Write({{"SUM", "202403", kC12, "40"}, {"SUM", "202403", kC13, "8"}}));
  ASSERT_OK(engine_->CatchUp(db_.store()));
  // Before the reorganisation every unit counts where it is.
  EXPECT_EQ(Run({"SUM"}, {{kP1}, {kP2}, {kC12}}, {"202403"}),
            (Cells{{"SUM/P1/202403", "45"}, {"SUM/P2/202403", "8"}, {"SUM/C12/202403", "40"}}));
  // On 2026-01-01: C11's 5 in C20 (merge); C12's 40 split 10 / 30 across the
  // provinces; C13's 8 wholly to the designated C23; never counted twice.
  EXPECT_EQ(Run({"SUM"}, {{kP1}, {kP2}, {kVn, OrgUnitLevel::kCommune}}, {"202403"}, "2026-01-01"),
            (Cells{{"SUM/P1/202403", "15"},
                   {"SUM/P2/202403", "38"},
                   {"SUM/C20/202403", "5"},
                   {"SUM/C21/202403", "10"},
                   {"SUM/C22/202403", "30"},
                   {"SUM/C23/202403", "8"}}));
  EXPECT_EQ(Run({"SUM"}, {{kVn}}, {"202403"}, "2026-01-01"), (Cells{{"SUM/VN/202403", "53"}}));
  // Averages per unit use the placed unit: C20 holds C10's and C11's values.
  EXPECT_EQ(Run({"AVG_OU", "LAST", "COUNT"}, {{kC20}}, {"2024"}, "2026-01-01"),
            (Cells{{"AVG_OU/C20/2024", "5.6"}, {"LAST/C20/2024", "10"}, {"COUNT/C20/2024", "5"}}));
  // Pro-rated counts: C12's one value weighs 0.25 in C21.
  EXPECT_EQ(Run({"COUNT"}, {{kC21}}, {"202403"}, "2026-01-01"), Cells{});
  ASSERT_OK(db_.Write({{"COUNT", "202403", kC12, "1"}}));
  ASSERT_OK(engine_->CatchUp(db_.store()));
  EXPECT_EQ(Run({"COUNT"}, {{kC21}, {kC22}}, {"202403"}, "2026-01-01"),
            (Cells{{"COUNT/C21/202403", "0.25"}, {"COUNT/C22/202403", "0.75"}}));
}

TEST_F(EngineTest, Indicators) {
  EXPECT_EQ(Run({"FEMALE_PCT", "FEMALE_AGAIN"}, {{kP1}, {kC10}}, {"202401", "2024"}),
            (Cells{{"FEMALE_PCT/P1/202401", "77.77777778"},
                   {"FEMALE_PCT/P1/2024", "77.77777778"},
                   {"FEMALE_PCT/C10/202401", "60"},
                   {"FEMALE_PCT/C10/2024", "60"},
                   {"FEMALE_AGAIN/P1/202401", "77.77777778"},
                   {"FEMALE_AGAIN/P1/2024", "77.77777778"},
                   {"FEMALE_AGAIN/C10/202401", "60"},
                   {"FEMALE_AGAIN/C10/2024", "60"}}));
  // A missing denominator, a zero denominator, a missing numerator: no value.
  EXPECT_THAT(Run({"OVER_EMPTY", "OVER_ZERO", "EMPTY_OVER"}, {{kP1}}, {"202401"}), IsEmpty());
  // No data in the period: no value.
  EXPECT_THAT(Run({"FEMALE_PCT"}, {{kP1}}, {"202402"}), IsEmpty());
}

TEST_F(EngineTest, BadIndicators) {
  Status cycle = Error(Request({"CYCLE_A"}, {{kP1}}, {"2024"}));
  EXPECT_EQ(cycle.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(cycle.message(), HasSubstr("cycle"));
  EXPECT_THAT(cycle.message(), HasSubstr("CYCLE_A"));
  Status broken = Error(Request({"BROKEN"}, {{kP1}}, {"2024"}));
  EXPECT_EQ(broken.code(), ErrorCode::kInvalidInput) << broken.ToString();
  EXPECT_THAT(broken.message(), HasSubstr("BROKEN"));
  EXPECT_GT(broken.where().column, 0) << broken.ToString();
  Status unknown = Error(Request({"UNKNOWN_REF"}, {{kP1}}, {"2024"}));
  EXPECT_EQ(unknown.code(), ErrorCode::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr("NO_SUCH"));
  QueryRequest keep = Request({"FEMALE_PCT"}, {{kP1}}, {"2024"});
  keep.keep = {"SEX"};
  EXPECT_EQ(Error(keep).code(), ErrorCode::kInvalidInput);
}

TEST_F(EngineTest, BadRequests) {
  Status unknown = Error(Request({"NO_SUCH"}, {{kP1}}, {"2024"}));
  EXPECT_EQ(unknown.code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.where().field, "dx");
  EXPECT_THAT(unknown.message(), HasSubstr("NO_SUCH"));
  EXPECT_EQ(Error(Request({"SUM"}, {{999}}, {"2024"})).code(), ErrorCode::kNotFound);
  Status text = Error(Request({"NOTE"}, {{kP1}}, {"2024"}));
  EXPECT_EQ(text.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(text.message(), HasSubstr("NOTE"));
  // C20 was formed on 2025-07-01.
  Status early = Error(Request({"SUM"}, {{kC20}}, {"2024"}, "2025-06-30"));
  EXPECT_EQ(early.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(early.message(), HasSubstr("did not exist yet on 2025-06-30"));
  Status ended = Error(Request({"SUM"}, {{kC10}}, {"2024"}, "2025-07-01"));
  EXPECT_EQ(ended.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(ended.message(), HasSubstr("ended on 2025-06-30"));
  EXPECT_EQ(Error(Request({"SUM"}, {{kC10, OrgUnitLevel::kProvince}}, {"2024"})).code(),
            ErrorCode::kInvalidInput);
  QueryRequest keep = Request({"SUM"}, {{kP1}}, {"2024"});
  keep.keep = {"SEX"};
  Status not_kept = Error(keep);
  EXPECT_EQ(not_kept.code(), ErrorCode::kNotFound);
  EXPECT_THAT(not_kept.message(), HasSubstr("SUM"));
  keep.keep = {"NO_SUCH"};
  EXPECT_EQ(Error(keep).code(), ErrorCode::kNotFound);
  EXPECT_EQ(Error(Request({}, {{kP1}}, {"2024"})).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Error(Request({"SUM"}, {}, {"2024"})).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Error(Request({"SUM"}, {{kP1}}, {})).code(), ErrorCode::kInvalidInput);
}

TEST_F(EngineTest, ResolveOrgUnitByUidOrCodeOnTheDate) {
  EXPECT_EQ(*engine_->ResolveOrgUnit("C10", Day("2024-01-01")), kC10);
  EXPECT_EQ(*engine_->ResolveOrgUnit(UidFromKey("unit-20"), Day("2026-01-01")), kC20);
  Result<OrgUnitId> gone = engine_->ResolveOrgUnit("C10", Day("2026-01-01"));
  EXPECT_EQ(gone.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(gone.status().message(), HasSubstr("2025-06-30"));
  EXPECT_EQ(engine_->ResolveOrgUnit("XYZ", Day("2026-01-01")).status().code(),
            ErrorCode::kNotFound);
}

// Aggregation levels: a population reported by the province itself and by
// its communes. With levels [2], totals at tiers 1-2 read the province
// figures only; a commune (tier 4, below every level) reads its own.
TEST_F(EngineTest, AggregationLevelsReadTheNearestLevelAtOrBelow) {
  DataElement pop = Element("POP", AggregationType::kSum);
  pop.aggregation_levels = {2};
  DataElement pop24 = Element("POP24", AggregationType::kSum);
  pop24.aggregation_levels = {2, 4};
  ASSERT_OK(db_.SaveElements({pop, pop24}));
  for (const char* de : {"POP", "POP24"}) {
    ASSERT_OK(db_.Write({{de, "2024", kP1, "100"},
                         {de, "2024", kC10, "30"},
                         {de, "2024", kC11, "40"},
                         {de, "2024", kC13, "7"}}));
  }
  ASSERT_OK(engine_->CatchUp(db_.store()));  // a structure change: rebuilt
  EXPECT_EQ(Run({"POP"}, {{kVn}, {kP1}, {kP2}, {kC10}}, {"2024"}),
            (Cells{{"POP/VN/2024", "100"},   // the provinces' own figures: P1's 100
                   {"POP/P1/2024", "100"},   // not 100 + 30 + 40
                   {"POP/C10/2024", "30"}}));  // P2 has no figure of its own
  EXPECT_EQ(Run({"POP"}, {{kVn, OrgUnitLevel::kProvince}}, {"2024"}),
            (Cells{{"POP/P1/2024", "100"}}));
  // Levels [2, 4]: the same above; a commune reads tier 4, its own.
  EXPECT_EQ(Run({"POP24"}, {{kVn}, {kP1}, {kC10}, {kC13}}, {"2024"}),
            (Cells{{"POP24/VN/2024", "100"},
                   {"POP24/P1/2024", "100"},
                   {"POP24/C10/2024", "30"},
                   {"POP24/C13/2024", "7"}}));
  // Elements without levels in the same query add every descendant.
  EXPECT_EQ(Run({"POP", "SUM"}, {{kP1}}, {"202401"}),
            (Cells{{"SUM/P1/202401", "7"}}));
  // After the merge of C10 and C11 into C20 (tier 4), their values are
  // placed on C20: still tier 4, so still left out of P1's total.
  EXPECT_EQ(Run({"POP"}, {{kP1}, {kC20}}, {"2024"}, "2025-08-01"),
            (Cells{{"POP/P1/2024", "100"}, {"POP/C20/2024", "70"}}));
}

TEST_F(EngineTest, CatchUpAppliesCreatesUpdatesAndDeletes) {
  const int64_t before = engine_->value_count();
  // At least a combo index and an int32 per value (docs/analytics.md, "Layout").
  EXPECT_GT(engine_->memory_bytes(), before * 5);
  ASSERT_OK(db_.Write({{"SUM", "202401", kC10, "14"},                            // update 4 -> 14
                       {"SUM", "202402", kC10, "", "default", "default", true},  // delete 6
                       {"SUM", "20240105", kC11, "100"}}));                      // a day
  EXPECT_EQ(Run({"SUM"}, {{kP1}}, {"2024"}), (Cells{{"SUM/P1/2024", "28"}}));    // not yet
  ASSERT_OK(engine_->CatchUp(db_.store()));
  EXPECT_EQ(Run({"SUM"}, {{kP1}}, {"2024", "202401"}),
            (Cells{{"SUM/P1/2024", "132"}, {"SUM/P1/202401", "117"}}));
  EXPECT_EQ(engine_->value_count(), before);
  ASSERT_OK(engine_->CatchUp(db_.store()));  // nothing new
  EXPECT_EQ(engine_->value_count(), before);
}

TEST_F(EngineTest, QueryHoldsItsSnapshotWhileCatchUpPublishes) {
  std::shared_ptr<const Snapshot> pinned = engine_->Pin();
  ASSERT_OK(db_.Write({{"SUM", "202401", kC10, "1004"}}));
  ASSERT_OK(engine_->CatchUp(db_.store()));
  test::Names names(db_.store());
  QueryRequest r = Request({"SUM"}, {{kP1}}, {"202401"});
  Result<QueryResult> old = Engine::QuerySnapshot(*pinned, r);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(names.Cells(*old), (Cells{{"SUM/P1/202401", "7"}}));
  EXPECT_EQ(Run(r), (Cells{{"SUM/P1/202401", "1007"}}));

  // Readers run while a writer keeps publishing: each sees a whole import.
  std::atomic<bool> stop = false;
  std::atomic<int> torn = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        Result<QueryResult> q = engine_->Query(r);
        if (!q.ok() || q->size() != 1) {
          ++torn;
          continue;
        }
        // Each import adds 1 to both C10 and C11: the total stays odd.
        if (std::stoi(q->Row(0).back()) % 2 == 0) ++torn;
      }
    });
  }
  for (int i = 1; i <= 20; ++i) {
    ASSERT_OK(db_.Write({{"SUM", "202401", kC10, std::to_string(1004 + i)},
                         {"SUM", "202401", kC11, std::to_string(3 + i)}}));
    ASSERT_OK(engine_->CatchUp(db_.store()));
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(torn, 0);
  EXPECT_EQ(Run(r), (Cells{{"SUM/P1/202401", "1047"}}));
}

TEST_F(EngineTest, CatchUpSeesWritesOfAnotherStoreAndStructureChanges) {
  Result<std::unique_ptr<store::Store>> other = store::OpenSqliteStore(db_.path());
  ASSERT_TRUE(other.ok());
  ASSERT_OK(test::StoreFixture::WriteValues(**other, {{"SUM", "202401", kC11, "30"}}));
  ASSERT_OK(engine_->CatchUp(db_.store()));
  EXPECT_EQ(Run({"SUM"}, {{kP1}}, {"202401"}), (Cells{{"SUM/P1/202401", "34"}}));

  // A new unit (a structure change) is picked up by a rebuild.
  ASSERT_OK((*other)->Write([&](store::WriteTransaction& txn) {
    OrgUnit c14 = Unit(14, {Version(OrgUnitLevel::kCommune, "C14", "Xã Mười Bốn", kP1)});
    return txn.SaveOrgUnits({&c14});
  }));
  ASSERT_OK(test::StoreFixture::WriteValues(**other, {{"SUM", "202401", 14, "100"}}));
  ASSERT_OK(engine_->CatchUp(db_.store()));
  EXPECT_EQ(Run({"SUM"}, {{kP1}, {14}}, {"202401"}),
            (Cells{{"SUM/P1/202401", "134"}, {"SUM/C14/202401", "100"}}));
}

}  // namespace
}  // namespace gemis::analytics
