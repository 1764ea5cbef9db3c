#include "reporting/allocation_edit.h"

#include <gtest/gtest.h>

#include "allocation_fixture.h"
#include "core/plan_validation.h"

namespace gemis::reporting {
namespace {

using L = ImplementingLevel;

// Teams: 10 in the province, 6 in Quảng Hòa and 4 in Trùng Khánh; clubs only
// in Trùng Khánh. Row 0 is the total, rows 1 and 2 the districts.
class AllocationEditTest : public AllocationFixture {
 protected:
  AllocationEditTest()
      : book_(Book({Cell(kProvince, kTeams, L::kAll, "10", 1001),
                    Cell(kDistrictA, kTeams, L::kAll, "6", 2001),
                    Cell(kDistrictB, kTeams, L::kAll, "4", 3001),
                    Cell(kDistrictB, kClubs, L::kAll, "2", 3002)})) {
    Result<AllocationTable> t =
        BuildAllocationTable(book_, plan_, hierarchy_, metadata_, AllocationOptions{});
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
  }

  Result<std::vector<TargetChange>> Edit(std::vector<CellEdit> edits) {
    return PlanCellEdits(book_, plan_, table_, edits);
  }

  // The validation findings of the plan with the changes applied.
  std::vector<std::string> RulesAfter(const std::vector<TargetChange>& changes) {
    ValidationOptions options;
    options.only_plan = plan_.id;
    std::vector<std::string> rules;
    for (const Finding& f : ValidatePlans(EditedBook(book_, changes), hierarchy_, metadata_, options)) {
      rules.push_back(f.rule);
    }
    return rules;
  }

  PlanBook book_;
  AllocationTable table_;
};

TEST_F(AllocationEditTest, NewValueOfAStatedCell) {
  Result<std::vector<TargetChange>> changes = Edit({{.row = 1, .column = 0, .value = "7", .was = "6"}});
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 1u);
  const TargetChange& c = (*changes)[0];
  EXPECT_EQ(c.kind, TargetChange::Kind::kValue);
  EXPECT_EQ(c.target.id, 2001);
  EXPECT_EQ(c.before, "6");
  EXPECT_EQ(c.target.value.ToString(), "7");
  PlanBook edited = EditedBook(book_, *changes);
  EXPECT_EQ(edited.data().targets[1].value.ToString(), "7");
  EXPECT_EQ(book_.data().targets[1].value.ToString(), "6");  // the original is untouched
}

TEST_F(AllocationEditTest, AFindingAppearsAndDisappearsWithTheTypedValues) {
  EXPECT_TRUE(RulesAfter({}).empty());
  // 7 + 4 = 11 districts' teams against a province total of 10.
  Result<std::vector<TargetChange>> over = Edit({{.row = 1, .column = 0, .value = "7"}});
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  EXPECT_EQ(RulesAfter(*over), std::vector<std::string>{rules::kAllocationSum});
  // Raising the total as well makes it whole again.
  Result<std::vector<TargetChange>> both =
      Edit({{.row = 1, .column = 0, .value = "7"}, {.row = 0, .column = 0, .value = "11"}});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_TRUE(RulesAfter(*both).empty());
}

TEST_F(AllocationEditTest, AnEmptyCellBecomesATargetLikeItsColumn) {
  Result<std::vector<TargetChange>> changes = Edit({{.row = 1, .column = 1, .value = "3", .was = ""}});
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 1u);
  const Target& t = (*changes)[0].target;
  EXPECT_EQ((*changes)[0].kind, TargetChange::Kind::kInsert);
  EXPECT_EQ(t.id, 0);
  EXPECT_EQ(t.org_unit, kDistrictA);
  EXPECT_EQ(t.measure.id, kClubs);
  EXPECT_EQ(t.unit_label, "CLB");
  EXPECT_EQ(t.table, "Phụ lục I");
  EXPECT_EQ(t.ordinal, 2002);  // Quảng Hòa's row, the clubs' column
  PlanBook edited = EditedBook(book_, *changes);
  ASSERT_EQ(edited.data().targets.size(), 5u);
  EXPECT_EQ(edited.data().targets[4].id, -1);
  Result<AllocationTable> after =
      BuildAllocationTable(edited, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->rows[1].cells[1], "3");
  // A total typed into the total row is the measure's total.
  Result<std::vector<TargetChange>> total = Edit({{.row = 0, .column = 1, .value = "2"}});
  ASSERT_TRUE(total.ok()) << total.status().ToString();
  EXPECT_EQ((*total)[0].target.org_unit, kProvince);
  EXPECT_EQ((*total)[0].target.level, L::kAll);
}

TEST_F(AllocationEditTest, ClearingACellWithdrawsItsTarget) {
  Result<std::vector<TargetChange>> changes = Edit({{.row = 2, .column = 1, .value = " "}});
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].kind, TargetChange::Kind::kWithdraw);
  EXPECT_EQ((*changes)[0].target.status, TargetStatus::kWithdrawn);
  EXPECT_EQ((*changes)[0].target.status_note, kClearedNote);
  // Clearing an empty cell, or typing the value it has, changes nothing.
  Result<std::vector<TargetChange>> none =
      Edit({{.row = 1, .column = 1, .value = ""}, {.row = 2, .column = 0, .value = "4.0"}});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
}

TEST_F(AllocationEditTest, BadValuesNameTheirCell) {
  struct Case {
    CellEdit edit;
    ErrorCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{.row = 1, .column = 0, .value = "1,5"}, ErrorCode::kInvalidInput, "cells/0/value"},
      {{.row = 1, .column = 0, .value = "-2"}, ErrorCode::kInvalidInput, "cells/0/value"},
      {{.row = 1, .column = 0, .value = "2.5"}, ErrorCode::kInvalidInput, "cells/0/value"},
      {{.row = 9, .column = 0, .value = "2"}, ErrorCode::kInvalidInput, "cells/0/row"},
      {{.row = 1, .column = 5, .value = "2"}, ErrorCode::kInvalidInput, "cells/0/row"},
      {{.row = 1, .column = 0, .value = "7", .was = "5"}, ErrorCode::kConflict, "cells/0/was"},
      {{.row = 1, .column = 1, .value = "7", .was = "1"}, ErrorCode::kConflict, "cells/0/was"},
      {{.row = 1, .column = 0, .value = "7", .org_unit = "047"}, ErrorCode::kConflict,
       "cells/0/orgUnit"},
      {{.row = 1, .column = 0, .value = "7", .measure = "CLUBS"}, ErrorCode::kConflict,
       "cells/0/measure"},
  };
  for (const Case& c : cases) {
    Result<std::vector<TargetChange>> r = Edit({c.edit});
    EXPECT_EQ(r.status().code(), c.code) << c.edit.value << " " << r.status().ToString();
    EXPECT_EQ(r.status().where().field, c.field) << r.status().ToString();
  }
  Result<std::vector<TargetChange>> twice =
      Edit({{.row = 1, .column = 0, .value = "7"}, {.row = 1, .column = 0, .value = "8"}});
  EXPECT_EQ(twice.status().where().field, "cells/1/row");
}

TEST_F(AllocationEditTest, PercentagesMayHaveFractionsUpTo100) {
  PlanBookData data = book_.data();
  for (Target& t : data.targets) t.unit = TargetUnit::kPercent;
  book_ = PlanBook(std::move(data));
  EXPECT_TRUE(Edit({{.row = 1, .column = 0, .value = "62.5"}}).ok());
  Result<std::vector<TargetChange>> over = Edit({{.row = 1, .column = 0, .value = "100.5"}});
  EXPECT_EQ(over.status().code(), ErrorCode::kInvalidInput);
}

TEST_F(AllocationEditTest, TheLevelRowsCopyOfATotalIsNotEditable) {
  book_ = Book({Cell(kProvince, kTeams, L::kAll, "10", 1001),
                Cell(kProvince, kTeams, L::kProvince, "4", 1002),
                Cell(kProvince, kClubs, L::kAll, "3", 1003),
                Cell(kDistrictA, kTeams, L::kProvince, "4", 2001)});
  Result<AllocationTable> t =
      BuildAllocationTable(book_, plan_, hierarchy_, metadata_, AllocationOptions{});
  ASSERT_TRUE(t.ok());
  table_ = std::move(t).value();
  ASSERT_EQ(table_.rows[1].kind, AllocationRow::Kind::kLevels);
  ASSERT_EQ(table_.rows[1].cells[1], "3");
  Result<std::vector<TargetChange>> r = Edit({{.row = 1, .column = 1, .value = "5"}});
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(r.status().where().field, "cells/0/column");
}

}  // namespace
}  // namespace gemis::reporting
