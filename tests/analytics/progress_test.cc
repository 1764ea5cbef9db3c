// Progress against targets (analytics/progress.h) on a small hand-computed
// plan: every status, elapsed shares (a two-range window), percentages, a
// conflict, a suspension, an indicator target, level targets with and without
// the implementing-level category, an agency target, the allocation tree and
// the --ou filter.
#include "analytics/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analytics_test_util.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::analytics {
namespace {

using fixtures::Day;
using fixtures::Unit;
using fixtures::Version;
using test::Element;
using test::MakeIndicator;

constexpr OrgUnitId kVn = 1, kP1 = 2, kC10 = 10, kC11 = 11, kC12 = 12;
constexpr double kHalf2024 = 182.0 / 366.0;  // 1/1 – 30/6/2024 of 366 days

// Centre VN → province P1 → communes C10, C11, C12. Plan P-1 of P1, dated
// 2024-01-01, period 2023-2025.
//
// Data (SUM elements unless said):
//   TEAMS    C10 202401 = 6, C11 202403 = 5             (2024: P1 11)
//   MEETINGS C10 2023 = 3, C11 2024 = 100, C12 2025Q1 = 4
//   COST     C10 202402 = 30
//   NUM/DEN  C10 202401 3/10, C11 202401 2/10           (SHARE at P1: 25%)
//   LEVELED  (IMPLEMENTING_LEVEL) C10 202401 PROVINCE = 4, DISTRICT = 9
class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<OrgUnit> units = {
        Unit(kVn, {Version(OrgUnitLevel::kCentre, "VN", "Việt Nam", std::nullopt)}),
        Unit(kP1, {Version(OrgUnitLevel::kProvince, "P1", "Tỉnh Một", kVn)}),
        Unit(kC10, {Version(OrgUnitLevel::kCommune, "C10", "Xã Mười", kP1)}),
        Unit(kC11, {Version(OrgUnitLevel::kCommune, "C11", "Xã Mười Một", kP1)}),
        Unit(kC12, {Version(OrgUnitLevel::kCommune, "C12", "Xã Mười Hai", kP1)}),
    };
    ASSERT_OK(db_.SaveStructure(units, {}, {}));
    ASSERT_OK(db_.store().Write([](store::WriteTransaction& txn) -> Status {
      CategoryCombo levels{.uid = UidFromKey("cc:IMPLEMENTING_LEVEL"),
                           .code = "IMPLEMENTING_LEVEL",
                           .name = "Cấp thực hiện",
                           .name_en = "Implementing level",
                           .categories = {ImplementingLevelCategory()}};
      return txn.SaveCategoryCombo(levels).status();
    }));
    ASSERT_OK(db_.SaveElements(
        {Element("TEAMS", AggregationType::kSum), Element("MEETINGS", AggregationType::kSum),
         Element("COST", AggregationType::kSum), Element("NUM", AggregationType::kSum),
         Element("DEN", AggregationType::kSum),
         Element("LEVELED", AggregationType::kSum, "IMPLEMENTING_LEVEL")},
        {MakeIndicator("SHARE", "#{NUM}", "#{DEN}")}));
    ASSERT_OK(db_.Write({{"TEAMS", "202401", kC10, "6"},
                         {"TEAMS", "202403", kC11, "5"},
                         {"MEETINGS", "2023", kC10, "3"},
                         {"MEETINGS", "2024", kC11, "100"},
                         {"MEETINGS", "2025Q1", kC12, "4"},
                         {"COST", "202402", kC10, "30"},
                         {"NUM", "202401", kC10, "3"},
                         {"DEN", "202401", kC10, "10"},
                         {"NUM", "202401", kC11, "2"},
                         {"DEN", "202401", kC11, "10"},
                         {"LEVELED", "202401", kC10, "4", "IMPLEMENTING_LEVEL_PROVINCE"},
                         {"LEVELED", "202401", kC10, "9", "IMPLEMENTING_LEVEL_DISTRICT"}}));
    Result<std::unique_ptr<Engine>> engine = Engine::Build(db_.store());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    ASSERT_OK(db_.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    }));

    plan_.id = 1;
    plan_.code = "P-1";
    plan_.number = "1/KH";
    plan_.title = "Kế hoạch thử";
    plan_.issuer_unit = kP1;
    plan_.date = Day("2024-01-01");
    plan_.period = DateSet::Years(2023, 2025);
    PlanBookData data;
    data.plans.push_back(plan_);
    // The targets, in the plan's order.
    Add(data, "TEAMS", kP1, "20");   // 0: on track (11/20 = 0.55)
    Add(data, "TEAMS", kC10, "6");   // 1: achieved
    Add(data, "TEAMS", kC11, "12");  // 2: behind (5/12)
    Add(data, "TEAMS", kC12, "2");   // 3: not started
    Add(data, "TEAMS", kP1, "5").level = ImplementingLevel::kDistrict;  // 4: not measurable
    Add(data, "TEAMS", kP1, "3").agency_code = "AG-1";                  // 5: agency
    Add(data, "MEETINGS", kP1, "10", "", "2023,2025");                  // 6: two ranges: 3 + 4
    Add(data, "MEETINGS", kC10, "5");                                   // 7: conflict with 8
    Add(data, "MEETINGS", kC10, "7");                                   // 8
    Add(data, "MEETINGS", kC11, "0");  // 9: target 0: achieved, no percent
    Add(data, "COST", kP1, "50").direction = TargetDirection::kAtMost;   // 10
    Add(data, "COST", kC10, "20").direction = TargetDirection::kAtMost;  // 11: behind
    Target& suspended = Add(data, "COST", kC11, "20");                   // 12: suspended
    suspended.direction = TargetDirection::kAtMost;
    suspended.status = TargetStatus::kSuspended;
    suspended.status_note = "Tạm dừng chờ hướng dẫn";
    Add(data, "SHARE", kP1, "40", "", "", MeasureKind::kIndicator).unit = TargetUnit::kPercent;
    Add(data, "LEVELED", kP1, "20");                                       // 14
    Add(data, "LEVELED", kP1, "10").level = ImplementingLevel::kProvince;  // 15
    Add(data, "LEVELED", kP1, "1").level = ImplementingLevel::kVillage;    // 16
    Target& withdrawn = Add(data, "TEAMS", kC10, "99");                    // withdrawn: no row
    withdrawn.status = TargetStatus::kWithdrawn;
    withdrawn.table = "Phụ lục";
    Add(data, "COST", kC12, "0", "2025");  // 19: at least 0, no values: nothing asked
    book_ = PlanBook(std::move(data));
  }

  // A target of plan P-1 with period 2024 unless `window` is given (then no
  // period: the window is used).
  Target& Add(PlanBookData& data, const std::string& measure, OrgUnitId unit,
              const std::string& value, const std::string& period = "2024",
              const std::string& window = "", MeasureKind kind = MeasureKind::kDataElement) {
    Target t;
    t.id = static_cast<TargetId>(data.targets.size()) + 1;
    t.plan = 1;
    t.measure.kind = kind;
    t.measure.code = measure;
    t.measure.id = kind == MeasureKind::kDataElement ? metadata_.FindElement(measure)->id
                                                     : metadata_.FindIndicator(measure)->id;
    t.org_unit = unit;
    if (window.empty()) {
      t.period = *DateSet::Parse(period);
    } else {
      t.window = *DateSet::Parse(window);
    }
    t.value = *Decimal::Parse(value);
    t.ordinal = static_cast<int>(data.targets.size());
    data.targets.push_back(t);
    return data.targets.back();
  }

  ProgressReport Compute(const std::string& at, std::optional<OrgUnitId> under = {},
                         std::optional<std::string> table = {}) {
    ProgressOptions options{.at = Day(at), .under = under, .lang = Lang::kVi, .table = table};
    Result<ProgressReport> r =
        ComputeProgress(*engine_, book_, *book_.FindPlan(1), hierarchy_, metadata_, options);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ProgressReport{};
  }

  // The row of the target with this id.
  static const ProgressRow& Row(const ProgressReport& r, TargetId id) {
    for (const ProgressRow& row : r.rows) {
      for (TargetId t : row.target_ids) {
        if (t == id) return row;
      }
    }
    ADD_FAILURE() << "no row for target " << id;
    static const ProgressRow kNone;
    return kNone;
  }

  test::StoreFixture db_;
  std::unique_ptr<Engine> engine_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  Plan plan_;
  PlanBook book_;
};

TEST_F(ProgressTest, StatusesOfACountTargetAndItsAllocation) {
  ProgressReport r = Compute("2024-07-01");
  EXPECT_EQ(r.plan, "1/KH");
  EXPECT_EQ(r.hierarchy_date, Day("2024-01-01"));

  const ProgressRow& province = Row(r, 1);
  EXPECT_EQ(province.measure_code, "TEAMS");
  EXPECT_EQ(province.org_unit_code, "P1");
  EXPECT_EQ(province.org_unit_name, "Tỉnh Một");
  EXPECT_EQ(province.window, "2024");
  EXPECT_EQ(province.window_source, "period");
  EXPECT_EQ(province.target, "20");
  ASSERT_TRUE(province.actual.has_value());
  EXPECT_DOUBLE_EQ(*province.actual, 11);                // 6 + 5
  EXPECT_DOUBLE_EQ(*province.percent, 55);               // 11 / 20
  EXPECT_DOUBLE_EQ(province.elapsed, kHalf2024);         // 0.497
  EXPECT_EQ(province.status, ProgressStatus::kOnTrack);  // 0.55 ≥ 0.497
  EXPECT_EQ(province.depth, 0);
  EXPECT_FALSE(province.parent.has_value());

  const ProgressRow& c10 = Row(r, 2);
  EXPECT_DOUBLE_EQ(*c10.actual, 6);
  EXPECT_DOUBLE_EQ(*c10.percent, 100);
  EXPECT_EQ(c10.status, ProgressStatus::kAchieved);  // 6 ≥ 6
  EXPECT_EQ(c10.depth, 1);
  ASSERT_TRUE(c10.parent.has_value());
  EXPECT_EQ(*c10.parent, province.key);
  EXPECT_EQ(&r.rows[static_cast<size_t>(c10.parent_row)], &province);

  const ProgressRow& c11 = Row(r, 3);
  EXPECT_DOUBLE_EQ(*c11.actual, 5);
  EXPECT_EQ(c11.status, ProgressStatus::kBehind);  // 5/12 = 0.417 < 0.497

  const ProgressRow& c12 = Row(r, 4);
  EXPECT_FALSE(c12.actual.has_value());
  EXPECT_FALSE(c12.percent.has_value());
  EXPECT_EQ(c12.status, ProgressStatus::kNotStarted);

  // Tree order: the province, then its allocation in the plan's order.
  ASSERT_GE(r.rows.size(), 6u);
  EXPECT_EQ(r.rows[0].target_ids, std::vector<TargetId>{1});
  EXPECT_EQ(r.rows[1].target_ids, std::vector<TargetId>{2});
  EXPECT_EQ(r.rows[2].target_ids, std::vector<TargetId>{3});
  EXPECT_EQ(r.rows[3].target_ids, std::vector<TargetId>{4});
  // The withdrawn target 18 has no row.
  for (const ProgressRow& row : r.rows) {
    EXPECT_THAT(row.target_ids, ::testing::Not(::testing::Contains(18)));
  }
}

TEST_F(ProgressTest, AtTheEndOfTheWindowOnTrackBecomesBehind) {
  ProgressReport r = Compute("2025-01-01");
  EXPECT_DOUBLE_EQ(Row(r, 1).elapsed, 1);
  EXPECT_EQ(Row(r, 1).status, ProgressStatus::kBehind);  // 0.55 < 1
  ProgressReport march = Compute("2024-03-02");
  EXPECT_EQ(Row(march, 3).status, ProgressStatus::kOnTrack);  // 5/12 ≥ 61/366
  ProgressReport before = Compute("2024-01-01");
  EXPECT_DOUBLE_EQ(Row(before, 1).elapsed, 0);
  // Nothing of 2024 had started before 1 January.
  EXPECT_EQ(Row(before, 3).status, ProgressStatus::kNotStarted);
  ProgressReport late = Compute("2030-01-01");
  EXPECT_DOUBLE_EQ(Row(late, 1).elapsed, 1);  // clamped
}

TEST_F(ProgressTest, TwoRangeWindowCountsOnlyItsRanges) {
  // MEETINGS 2023,2025 at P1: 3 (2023) + 4 (2025Q1); the 100 of 2024 is
  // outside both ranges. On 1/7/2024 the 2025Q1 value is not counted: its
  // period had not started.
  ProgressReport r = Compute("2024-07-01");
  const ProgressRow& row = Row(r, 7);
  EXPECT_EQ(row.window, "2023,2025");
  EXPECT_EQ(row.window_source, "window");
  EXPECT_DOUBLE_EQ(*row.actual, 3);
  EXPECT_DOUBLE_EQ(*row.percent, 30);
  EXPECT_DOUBLE_EQ(row.elapsed, 365.0 / 730.0);  // all of 2023, nothing of 2025
  EXPECT_EQ(row.status, ProgressStatus::kBehind);  // 0.3 < 0.5
  EXPECT_DOUBLE_EQ(*Row(Compute("2025-01-02"), 7).actual, 7);  // 2025Q1 has started

  ProgressReport april = Compute("2025-04-01");
  // 365 days of 2023 + 90 of January – March 2025, of 730.
  EXPECT_DOUBLE_EQ(Row(april, 7).elapsed, 455.0 / 730.0);
  EXPECT_EQ(Row(april, 7).status, ProgressStatus::kOnTrack);  // 0.7 ≥ 0.623
  ProgressReport july = Compute("2025-07-01");
  EXPECT_DOUBLE_EQ(Row(july, 7).elapsed, (365.0 + 181.0) / 730.0);
  EXPECT_EQ(Row(july, 7).status, ProgressStatus::kBehind);  // 0.7 < 0.748
}

TEST_F(ProgressTest, ConflictZeroTargetAtMostAndSuspended) {
  ProgressReport r = Compute("2024-07-01");
  const ProgressRow& conflict = Row(r, 8);
  EXPECT_EQ(conflict.target_ids, (std::vector<TargetId>{8, 9}));
  EXPECT_EQ(conflict.status, ProgressStatus::kConflict);
  EXPECT_EQ(conflict.values, (std::vector<std::string>{"5", "7"}));
  EXPECT_FALSE(conflict.percent.has_value());

  const ProgressRow& zero = Row(r, 10);
  EXPECT_DOUBLE_EQ(*zero.actual, 100);
  EXPECT_FALSE(zero.percent.has_value());
  EXPECT_EQ(zero.status, ProgressStatus::kAchieved);  // at least 0

  // at_most 50 at P1 with 30: on track while the window runs, achieved
  // once it has ended; at_most 20 at C10 with 30: behind.
  EXPECT_EQ(Row(r, 11).status, ProgressStatus::kOnTrack);
  EXPECT_DOUBLE_EQ(*Row(r, 11).percent, 60);
  EXPECT_EQ(Row(r, 12).status, ProgressStatus::kBehind);
  EXPECT_EQ(Compute("2025-01-01").rows.empty(), false);
  EXPECT_EQ(Row(Compute("2025-01-01"), 11).status, ProgressStatus::kAchieved);
  EXPECT_EQ(Row(Compute("2025-01-01"), 12).status, ProgressStatus::kBehind);

  const ProgressRow& suspended = Row(r, 13);
  EXPECT_EQ(suspended.status, ProgressStatus::kSuspended);
  EXPECT_EQ(suspended.note, "Tạm dừng chờ hướng dẫn");
}

TEST_F(ProgressTest, ATargetOfAtLeastZeroIsAchievedWithoutData) {
  const ProgressReport r = Compute("2025-03-01");
  const ProgressRow& row = Row(r, 19);
  EXPECT_FALSE(row.actual.has_value());
  EXPECT_EQ(row.status, ProgressStatus::kAchieved);
}

TEST_F(ProgressTest, OnlyPeriodsStartedBeforeTheDateCount) {
  // TEAMS at C11: 5 in March 2024. On 1 March March has not started yet.
  EXPECT_FALSE(Row(Compute("2024-03-01"), 3).actual.has_value());
  EXPECT_DOUBLE_EQ(*Row(Compute("2024-03-02"), 3).actual, 5);  // March has begun
  // The province on 1 February: only C10's January 6.
  EXPECT_DOUBLE_EQ(*Row(Compute("2024-02-01"), 1).actual, 6);
}

TEST_F(ProgressTest, IndicatorTargetUsesTheFormula) {
  ProgressReport r = Compute("2024-07-01");
  const ProgressRow& row = Row(r, 14);
  EXPECT_EQ(row.measure_kind, MeasureKind::kIndicator);
  EXPECT_EQ(row.measure_code, "SHARE");
  EXPECT_DOUBLE_EQ(*row.actual, 25);  // (3 + 2) / (10 + 10) × 100
  EXPECT_DOUBLE_EQ(*row.percent, 62.5);
  EXPECT_EQ(row.status, ProgressStatus::kOnTrack);  // 0.625 ≥ 0.497
}

TEST_F(ProgressTest, LevelTargets) {
  ProgressReport r = Compute("2024-07-01");
  // With the implementing-level category: only the PROVINCE values.
  const ProgressRow& all = Row(r, 15);
  EXPECT_DOUBLE_EQ(*all.actual, 13);                // 4 + 9
  EXPECT_EQ(all.status, ProgressStatus::kOnTrack);  // 0.65
  const ProgressRow& province = Row(r, 16);
  EXPECT_EQ(province.level, ImplementingLevel::kProvince);
  EXPECT_DOUBLE_EQ(*province.actual, 4);
  EXPECT_EQ(province.status, ProgressStatus::kBehind);  // 0.4 < 0.497
  EXPECT_EQ(*province.parent, all.key);
  EXPECT_EQ(province.depth, 1);
  // The category has no village option.
  EXPECT_EQ(Row(r, 17).status, ProgressStatus::kNotMeasurable);
  EXPECT_FALSE(Row(r, 17).note.empty());
  // TEAMS is not disaggregated by level; an agency target is not measurable.
  const ProgressRow& district = Row(r, 5);
  EXPECT_EQ(district.status, ProgressStatus::kNotMeasurable);
  EXPECT_FALSE(district.actual.has_value());
  EXPECT_EQ(district.note, Message(MessageId::kProgressNoteNoLevel, Lang::kVi));
  EXPECT_EQ(Row(r, 6).status, ProgressStatus::kNotMeasurable);
  EXPECT_EQ(Row(r, 6).note, Message(MessageId::kProgressNoteAgency, Lang::kVi));
  EXPECT_EQ(*Row(r, 6).parent, Row(r, 1).key);
}

TEST_F(ProgressTest, UnderAUnitAndTableFilters) {
  ProgressReport r = Compute("2024-07-01", kC11);
  std::vector<TargetId> ids;
  for (const ProgressRow& row : r.rows) {
    ids.insert(ids.end(), row.target_ids.begin(), row.target_ids.end());
    EXPECT_EQ(row.depth, 0);
    EXPECT_EQ(row.parent_row, -1);
  }
  EXPECT_EQ(ids, (std::vector<TargetId>{3, 10, 13}));
  EXPECT_TRUE(Row(r, 3).parent.has_value());  // its parent is not shown

  // The plan's targets are all in the text; the withdrawn one's table is
  // unknown for the others.
  EXPECT_EQ(Compute("2024-07-01", {}, "").rows.size(), Compute("2024-07-01").rows.size());
  ProgressOptions options{.at = Day("2024-07-01"), .table = "Phụ lục II"};
  EXPECT_EQ(ComputeProgress(*engine_, book_, *book_.FindPlan(1), hierarchy_, metadata_, options)
                .status()
                .code(),
            ErrorCode::kNotFound);
}

TEST_F(ProgressTest, APlanWithoutTargetsShowsWhatWasDoneForTheResultMeasures) {
  // Plan 2 states no numeric target (as Phong Thổ's 117/KH-UBND).
  PlanBookData data = book_.data();
  Plan bare = plan_;
  bare.id = 2;
  bare.code = "P-2";
  bare.period = DateSet::Years(2024, 2024);
  data.plans.push_back(bare);
  PlanBook book(std::move(data));
  ProgressOptions options{.at = Day("2024-07-01"), .under = std::nullopt, .lang = Lang::kVi};
  options.result_measures = {"COST", "MEETINGS", "NONE", "NUM", "TEAMS"};
  Result<ProgressReport> r =
      ComputeProgress(*engine_, book, *book.FindPlan(2), hierarchy_, metadata_, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // At the issuer, Tỉnh Một, over 2024: COST 30, MEETINGS 100, NUM 5, TEAMS 11;
  // an unknown measure is skipped.
  ASSERT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].measure_code, "COST");
  EXPECT_EQ(r->rows[0].actual, 30);
  EXPECT_EQ(r->rows[3].measure_code, "TEAMS");
  EXPECT_EQ(r->rows[3].actual, 11);
  for (const ProgressRow& row : r->rows) {
    EXPECT_EQ(row.status, ProgressStatus::kNoTarget);
    EXPECT_EQ(row.org_unit_code, "P1");
    EXPECT_EQ(row.window_source, "plan");
    EXPECT_TRUE(row.target.empty());
    EXPECT_FALSE(row.percent.has_value());
    EXPECT_THAT(row.note, ::testing::HasSubstr("không nêu chỉ tiêu"));
  }
  // Under a commune: its own results only.
  options.under = kC10;
  r = ComputeProgress(*engine_, book, *book.FindPlan(2), hierarchy_, metadata_, options);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 3u);  // COST 30, NUM 3, TEAMS 6: no MEETINGS at C10 in 2024
  EXPECT_EQ(r->rows[2].actual, 6);
  // A plan with targets never gets result rows.
  ProgressReport with_targets = Compute("2024-07-01");
  for (const ProgressRow& row : with_targets.rows) EXPECT_NE(row.status, ProgressStatus::kNoTarget);
}

TEST(ProgressStatusName, Names) {
  EXPECT_STREQ(ProgressStatusName(ProgressStatus::kNoTarget), "no_target");
  EXPECT_STREQ(ProgressStatusName(ProgressStatus::kNotStarted), "not_started");
  EXPECT_STREQ(ProgressStatusName(ProgressStatus::kOnTrack), "on_track");
  EXPECT_STREQ(ProgressStatusName(ProgressStatus::kNotMeasurable), "not_measurable");
}

}  // namespace
}  // namespace gemis::analytics
