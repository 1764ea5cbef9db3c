// The engine's compact column layout (analytics/snapshot.h): encodings,
// runs by year, group sums, key lookup, and the delta CatchUp keeps.
#include "analytics/snapshot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace gemis::analytics {
namespace {

class ColumnDataTest : public ::testing::Test {
 protected:
  uint16_t P(const std::string& id) {
    Result<Period> p = Period::Parse(id);
    EXPECT_TRUE(p.ok()) << id;
    Result<uint16_t> index = periods_.Add(static_cast<PeriodId>(periods_.size() + 100), *p);
    EXPECT_TRUE(index.ok());
    return *index;
  }
  std::shared_ptr<const ColumnData> Make(std::vector<Row> rows) {
    Result<std::shared_ptr<const ColumnData>> c = ColumnData::Make(std::move(rows), periods_);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : nullptr;
  }
  // Every live value of a column: data rows not superseded, then the delta.
  static std::vector<Row> Live(const Column& c) {
    std::vector<Row> all;
    c.data->AppendRows(all);
    std::vector<Row> out;
    for (size_t r = 0; r < all.size(); ++r) {
      bool dead = c.delta && std::binary_search(c.delta->dead.begin(), c.delta->dead.end(),
                                                static_cast<uint32_t>(r));
      if (!dead) out.push_back(all[r]);
    }
    if (c.delta) {
      for (const DeltaRow& d : c.delta->rows) {
        if (!std::isnan(d.row.value)) out.push_back(d.row);
      }
    }
    std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
      return std::tie(a.unit, a.period, a.combo) < std::tie(b.unit, b.period, b.combo);
    });
    return out;
  }
  PeriodTable periods_;
};

TEST_F(ColumnDataTest, CountsAreInt32AndRunsAreGroupedByYearThenUnit) {
  const uint16_t jan24 = P("202401"), feb24 = P("202402"), dec23 = P("202312");
  auto c = Make({{7, jan24, {1, 0}, 4},
                 {3, feb24, {0, 0}, 5},
                 {3, jan24, {0, 0}, 6},
                 {7, dec23, {0, 0}, 1},
                 {3, jan24, {1, 0}, 2}});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->rows(), 5u);
  EXPECT_TRUE(c->dvalue.empty());
  EXPECT_EQ(c->scale, 0);
  EXPECT_FALSE(c->combo8.empty());
  // 2023: unit 7; 2024: units 3 and 7.
  EXPECT_EQ(c->first_year, 2023);
  EXPECT_EQ(c->last_year(), 2024);
  EXPECT_EQ(c->year_begin, (std::vector<uint32_t>{0, 1, 3}));
  EXPECT_EQ(c->run_unit, (std::vector<int32_t>{7, 3, 7}));
  // Unit 3 in 2024: January (two combos), then February.
  EXPECT_EQ(c->group_period, (std::vector<uint16_t>{dec23, jan24, feb24, jan24}));
  EXPECT_EQ(c->group_size, (std::vector<uint16_t>{1, 2, 1, 1}));
  EXPECT_TRUE(c->group_sum.empty());  // 5 rows in 4 groups: not worth 8 bytes each
  EXPECT_EQ(c->Value(1), 6);          // unit 3, January, combo (0,0)
  EXPECT_EQ(c->Value(2), 2);
}

TEST_F(ColumnDataTest, LargeGroupsKeepTheirSums) {
  const uint16_t jan = P("202401");
  std::vector<Row> rows;
  for (uint16_t coc = 0; coc < 6; ++coc) rows.push_back({1, jan, {coc, 0}, coc + 0.5});
  auto c = Make(rows);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->group_sum, (std::vector<double>{18}));
  EXPECT_EQ(c->scale, 1);  // 0.5 steps are int32 tenths
  EXPECT_EQ(c->ivalue[1], 15);
  EXPECT_EQ(c->Value(1), 1.5);
}

TEST_F(ColumnDataTest, ValuesThatAreNotSmallDecimalsStayDoubles) {
  const uint16_t jan = P("202401");
  auto big = Make({{1, jan, {0, 0}, 22'991'000'000.0}});  // đồng, beyond int32
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->dvalue, (std::vector<double>{22'991'000'000.0}));
  auto third = Make({{1, jan, {0, 0}, 1.0 / 3}});
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->dvalue.size(), 1u);
  EXPECT_EQ(third->Value(0), 1.0 / 3);
  auto negative = Make({{1, jan, {0, 0}, -2.25}});
  ASSERT_NE(negative, nullptr);
  EXPECT_EQ(negative->scale, 2);
  EXPECT_EQ(negative->Value(0), -2.25);
}

TEST_F(ColumnDataTest, ManyCombosUseTwoByteIndexes) {
  const uint16_t jan = P("202401");
  std::vector<Row> rows;
  for (uint16_t coc = 0; coc < 300; ++coc) rows.push_back({1, jan, {coc, 0}, 1});
  auto c = Make(rows);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->combo8.empty());
  EXPECT_EQ(c->combo16.size(), 300u);
  EXPECT_EQ(c->combos[c->ComboAt(299)], (Combo{299, 0}));
}

TEST_F(ColumnDataTest, FindsKeys) {
  const uint16_t jan = P("202401"), feb = P("202402"), y2025 = P("2025");
  auto c = Make({{3, jan, {0, 0}, 1}, {3, jan, {1, 0}, 2}, {4, feb, {0, 2}, 3}});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->Value(static_cast<size_t>(c->Find(periods_, 3, jan, {1, 0}))), 2);
  EXPECT_EQ(c->Value(static_cast<size_t>(c->Find(periods_, 4, feb, {0, 2}))), 3);
  EXPECT_EQ(c->Find(periods_, 4, feb, {0, 0}), -1);  // another combo
  EXPECT_EQ(c->Find(periods_, 5, jan, {0, 0}), -1);  // another unit
  EXPECT_EQ(c->Find(periods_, 3, y2025, {0, 0}), -1);  // a year without runs
}

TEST_F(ColumnDataTest, RefusesTwoValuesWithOneKey) {
  const uint16_t jan = P("202401");
  Result<std::shared_ptr<const ColumnData>> c =
      ColumnData::Make({{1, jan, {0, 0}, 1}, {1, jan, {0, 0}, 2}}, periods_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInternal);
}

TEST_F(ColumnDataTest, EmptyColumn) {
  auto c = Make({});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->rows(), 0u);
  EXPECT_EQ(c->Find(periods_, 1, P("202401"), {0, 0}), -1);
}

TEST_F(ColumnDataTest, PeriodTableHoldsAtMost65535Periods) {
  Result<Period> day = Period::Parse("20240101");
  ASSERT_TRUE(day.ok());
  for (PeriodId id = 0; id < 65535; ++id) ASSERT_TRUE(periods_.Add(id, *day).ok());
  EXPECT_EQ(*periods_.Add(7, *day), 7);  // known: its index
  Result<uint16_t> more = periods_.Add(70000, *day);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), ErrorCode::kInvalidInput);
}

TEST_F(ColumnDataTest, ChangesGoToADeltaThatSupersedesDataRows) {
  const uint16_t jan = P("202401"), feb = P("202402");
  Column c;
  c.data = Make({{1, jan, {0, 0}, 10}, {1, feb, {0, 0}, 20}, {2, jan, {0, 0}, 30}});
  const double deleted = std::numeric_limits<double>::quiet_NaN();
  Result<Column> next = ApplyToColumn(c, {{1, jan, {0, 0}, 11},      // update
                                          {1, jan, {1, 0}, 5},       // create
                                          {2, jan, {0, 0}, deleted},  // delete
                                          {3, jan, {0, 0}, deleted}},  // delete of nothing
                                      periods_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->data, c.data);  // shared, not copied
  ASSERT_NE(next->delta, nullptr);
  EXPECT_EQ(next->delta->rows.size(), 3u);
  EXPECT_EQ(next->delta->dead.size(), 2u);
  EXPECT_EQ(next->size(), 3);
  EXPECT_EQ(Live(*next).size(), 3u);
  const DeltaRow& update = next->delta->rows[0];
  EXPECT_EQ(update.row.value, 11);
  EXPECT_EQ(update.old_value, 10);
  EXPECT_GE(update.base_row, 0);

  // A later change of a delta key keeps what it superseded; deleting a
  // created value forgets it.
  Result<Column> later = ApplyToColumn(*next, {{1, jan, {0, 0}, 12}, {1, jan, {1, 0}, deleted}},
                                       periods_);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->delta->rows.size(), 2u);
  EXPECT_EQ(later->delta->rows[0].row.value, 12);
  EXPECT_EQ(later->delta->rows[0].old_value, 10);
  EXPECT_EQ(later->size(), 2);  // (1, jan) = 12 and (1, feb) = 20
}

TEST_F(ColumnDataTest, ALargeDeltaIsFoldedIntoNewData) {
  const uint16_t jan = P("202401");
  Column c;
  c.data = Make({{0, jan, {0, 0}, 1}, {1, jan, {0, 0}, 2}});
  std::vector<Row> changes;
  for (int32_t unit = 1; unit <= 5000; ++unit) changes.push_back({unit, jan, {0, 0}, 7});
  Result<Column> next = ApplyToColumn(c, changes, periods_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->delta, nullptr);
  EXPECT_NE(next->data, c.data);
  EXPECT_EQ(next->size(), 5001);
  EXPECT_EQ(next->data->Value(static_cast<size_t>(next->data->Find(periods_, 0, jan, {0, 0}))),
            1);
  EXPECT_EQ(next->data->Value(static_cast<size_t>(next->data->Find(periods_, 1, jan, {0, 0}))),
            7);
}

}  // namespace
}  // namespace gemis::analytics
