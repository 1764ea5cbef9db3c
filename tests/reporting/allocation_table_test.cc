#include "reporting/allocation_table.h"

#include <gtest/gtest.h>

#include "allocation_fixture.h"

namespace gemis::reporting {
namespace {

class AllocationTableTest : public AllocationFixture {};

std::vector<std::string> Cells(const AllocationRow& row) {
  std::vector<std::string> out;
  for (const auto& c : row.cells) out.push_back(c.value_or("-"));
  return out;
}

// The target behind each cell: its id, 0 (may be filled) or -1 (not a target).
std::vector<TargetId> Targets(const AllocationRow& row) {
  std::vector<TargetId> out;
  for (const auto& id : row.targets) out.push_back(id.value_or(-1));
  return out;
}

TEST_F(AllocationTableTest, LaysOutTotalsLevelsAndUnitsInSourceOrder) {
  using L = ImplementingLevel;
  PlaceCount total_count{1, kProvince, "region_iii_communes", 29, {}, "Phụ lục I", 1000};
  PlaceCount b_count{1, kDistrictB, "region_iii_communes", 15, {}, "Phụ lục I", 3000};
  PlaceCount a_count{1, kDistrictA, "region_iii_communes", 14, {}, "Phụ lục I", 4000};
  PlanBook book = Book(
      {
          Cell(kProvince, kTeams, L::kAll, "57", 1001),
          Cell(kProvince, kClubs, L::kAll, "24", 1003),
          Cell(kProvince, kTeams, L::kProvince, "29", 2001),
          Cell(kProvince, kTeams, L::kDistrict, "28", 2002),
          // District B is listed before A in the source: the report keeps it.
          Cell(kDistrictA, kTeams, L::kProvince, "11", 4001),
          Cell(kDistrictA, kTeams, L::kDistrict, "11", 4002),
          Cell(kDistrictA, kClubs, L::kAll, "8", 4003),
          Cell(kDistrictB, kTeams, L::kProvince, "18", 3001),
          Cell(kDistrictB, kTeams, L::kDistrict, "17", 3002),
          Cell(kDistrictB, kClubs, L::kAll, "16", 3003),
          // A figure from the running text is not part of the table.
          Cell(kProvince, kTeams, L::kAll, "57", 1, ""),
      },
      {total_count, b_count, a_count});
  Result<AllocationTable> t =
      BuildAllocationTable(book, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->plan, "288/KH-BCĐ");
  EXPECT_EQ(t->table, "Phụ lục I");
  EXPECT_EQ(t->other_tables, std::vector<std::string>{""});
  ASSERT_EQ(t->columns.size(), 4u);
  EXPECT_EQ(t->columns[0].kind, AllocationColumn::Kind::kPlaceCount);
  EXPECT_EQ(t->columns[1].label, "Tổ truyền thông (tổ)");
  EXPECT_EQ(t->columns[1].level, ImplementingLevel::kProvince);
  EXPECT_EQ(t->columns[1].level_label, "Cấp tỉnh");
  EXPECT_EQ(t->columns[2].level, ImplementingLevel::kDistrict);
  EXPECT_EQ(t->columns[3].level, ImplementingLevel::kAll);
  ASSERT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(t->rows[0].kind, AllocationRow::Kind::kTotal);
  EXPECT_EQ(Cells(t->rows[0]), (std::vector<std::string>{"29", "57", "-", "24"}));
  EXPECT_EQ(t->rows[1].kind, AllocationRow::Kind::kLevels);
  // The unsplit column repeats its total in the level row, as the sources do.
  EXPECT_EQ(Cells(t->rows[1]), (std::vector<std::string>{"-", "29", "28", "24"}));
  EXPECT_EQ(t->rows[2].label, "Trùng Khánh");
  EXPECT_EQ(t->rows[2].stt, "1");
  EXPECT_EQ(t->rows[2].org_unit_code, "047");
  EXPECT_EQ(Cells(t->rows[2]), (std::vector<std::string>{"15", "18", "17", "16"}));
  EXPECT_EQ(t->rows[3].label, "Quảng Hòa");
  EXPECT_EQ(Cells(t->rows[3]), (std::vector<std::string>{"14", "11", "11", "8"}));
  // Each cell names the target behind it (Cell's id is its ordinal); a
  // measure's total sits in its first column only, and the level row's copy
  // of an unsplit total is not a target of that row.
  EXPECT_EQ(Targets(t->rows[0]), (std::vector<TargetId>{-1, 1001, -1, 1003}));
  EXPECT_EQ(Targets(t->rows[1]), (std::vector<TargetId>{-1, 2001, 2002, -1}));
  EXPECT_EQ(Targets(t->rows[2]), (std::vector<TargetId>{-1, 3001, 3002, 3003}));
  EXPECT_EQ(t->rows[2].org_unit, kDistrictB);
  EXPECT_EQ(t->rows[2].ordinal, 3000);
  EXPECT_EQ(t->rows[0].org_unit, kProvince);
  EXPECT_EQ(t->rows[0].org_unit_code, "04");
  EXPECT_EQ(t->rows[1].org_unit_code, "04");
  EXPECT_EQ(t->columns[1].sample, 2001);
  EXPECT_EQ(t->columns[3].sample, 3003);  // below the totals row first
}

TEST_F(AllocationTableTest, EmptyCellsOfTargetColumnsMayBeFilled) {
  using L = ImplementingLevel;
  PlanBook book = Book({Cell(kProvince, kTeams, L::kAll, "10", 1001),
                        Cell(kDistrictA, kTeams, L::kAll, "6", 2001),
                        Cell(kDistrictB, kClubs, L::kAll, "2", 3002)});
  Result<AllocationTable> t =
      BuildAllocationTable(book, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(Targets(t->rows[0]), (std::vector<TargetId>{1001, 0}));
  EXPECT_EQ(Targets(t->rows[1]), (std::vector<TargetId>{2001, 0}));
  EXPECT_EQ(Targets(t->rows[2]), (std::vector<TargetId>{0, 3002}));
}

TEST_F(AllocationTableTest, ShowsWindowsOncePerMeasure) {
  using L = ImplementingLevel;
  Target a = Cell(kProvince, kTeams, L::kAll, "10", 1001);
  Target b = Cell(kDistrictA, kTeams, L::kProvince, "4", 2001);
  Target c = Cell(kDistrictA, kTeams, L::kDistrict, "6", 2002);
  for (Target* t : {&a, &b, &c}) t->window = DateSet::Parse("2023,2025").value();
  PlanBook book = Book({a, b, c});
  Result<AllocationTable> t =
      BuildAllocationTable(book, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1].kind, AllocationRow::Kind::kWindow);
  EXPECT_EQ(Cells(t->rows[1]), (std::vector<std::string>{"2023,2025", "-"}));
}

TEST_F(AllocationTableTest, TextTargetsAndUnknownTables) {
  using L = ImplementingLevel;
  PlanBook book = Book({Cell(kProvince, kTeams, L::kAll, "57", 1, ""),
                        Cell(kDistrictA, kTeams, L::kAll, "30", 2, ""),
                        Cell(kProvince, kTeams, L::kAll, "57", 1001)});
  AllocationOptions text;
  text.table = "";
  Result<AllocationTable> t = BuildAllocationTable(book, plan_, hierarchy_, metadata_, text);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->table, "");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(Cells(t->rows[1]), std::vector<std::string>{"30"});

  AllocationOptions missing;
  missing.table = "Phụ lục II";
  Result<AllocationTable> none = BuildAllocationTable(book, plan_, hierarchy_, metadata_, missing);
  EXPECT_EQ(none.status().code(), ErrorCode::kNotFound);
}

TEST_F(AllocationTableTest, WithdrawnTargetsAreLeftOut) {
  using L = ImplementingLevel;
  Target withdrawn = Cell(kDistrictA, kTeams, L::kAll, "99", 2001);
  withdrawn.status = TargetStatus::kWithdrawn;
  PlanBook book = Book({Cell(kProvince, kTeams, L::kAll, "57", 1001), withdrawn,
                        Cell(kDistrictA, kTeams, L::kAll, "57", 2002)});
  Result<AllocationTable> t =
      BuildAllocationTable(book, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(Cells(t->rows[1]), std::vector<std::string>{"57"});
}

}  // namespace
}  // namespace gemis::reporting
