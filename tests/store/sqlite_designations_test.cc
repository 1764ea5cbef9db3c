// Designations in the SQLite store (migration 9): upsert by kind, unit and
// start; overlaps refused; unknown units refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using store_test::RootUnit;
using store_test::SaveUnits;
using store_test::WriteResult;

class SqliteDesignations : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(dir_.File("d.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ASSERT_OK(store_->Write([](WriteTransaction& txn) {
      return SaveUnits(txn, {RootUnit(1, "a", "Xã A"), RootUnit(2, "b", "Xã B")});
    }));
  }
  Result<WriteOutcome> Save(const Designation& d) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveDesignation(d); });
  }
  std::vector<Designation> Load() {
    std::vector<Designation> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadDesignations());
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  test_support::TempDir dir_;
  std::unique_ptr<Store> store_;
};

Designation Region3(OrgUnitId unit, std::optional<Date> from, std::optional<Date> to) {
  Designation d;
  d.kind = std::string(kRegionIiiCommune);
  d.org_unit = unit;
  d.from = from;
  d.to = to;
  d.legal_basis = "Quyết định 861/QĐ-TTg";
  return d;
}

TEST_F(SqliteDesignations, SavesUpdatesAndLoads) {
  const Date start = Date::FromYmd(2021, 6, 4);
  EXPECT_EQ(*Save(Region3(1, start, {})), WriteOutcome::kImported);
  EXPECT_EQ(*Save(Region3(2, {}, {})), WriteOutcome::kImported);
  EXPECT_EQ(*Save(Region3(1, start, {})), WriteOutcome::kIgnored);
  Designation ended = Region3(1, start, Date::FromYmd(2023, 12, 31));
  ended.note = "Rút khỏi danh sách theo Quyết định 497/QĐ-UBDT";
  EXPECT_EQ(*Save(ended), WriteOutcome::kUpdated);
  EXPECT_EQ(*Save(Region3(2, {}, {})), WriteOutcome::kIgnored);  // an open start is a key too
  std::vector<Designation> all = Load();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].org_unit, 1);
  EXPECT_EQ(all[0].to, Date::FromYmd(2023, 12, 31));
  EXPECT_EQ(all[0].note, ended.note);
  EXPECT_EQ(all[0].legal_basis, "Quyết định 861/QĐ-TTg");
  EXPECT_EQ(all[1].from, std::nullopt);
  // A later spell after the end is fine.
  EXPECT_EQ(*Save(Region3(1, Date::FromYmd(2025, 1, 1), {})), WriteOutcome::kImported);
  EXPECT_EQ(Load().size(), 3u);
}

TEST_F(SqliteDesignations, RefusesOverlapsUnknownUnitsAndBadRecords) {
  ASSERT_TRUE(Save(Region3(1, Date::FromYmd(2021, 6, 4), Date::FromYmd(2023, 12, 31))).ok());
  Result<WriteOutcome> overlap = Save(Region3(1, Date::FromYmd(2023, 1, 1), {}));
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.status().code(), ErrorCode::kConflict);
  EXPECT_THAT(overlap.status().message(), HasSubstr("2021-06-04 – 2023-12-31, which overlaps"));
  Result<WriteOutcome> unknown = Save(Region3(99, {}, {}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  Result<WriteOutcome> bad = Save(Region3(2, Date::FromYmd(2024, 1, 2), Date::FromYmd(2024, 1, 1)));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().field, "to");
  EXPECT_EQ(Load().size(), 1u);  // nothing of the refused writes
}

}  // namespace
}  // namespace gemis::store
