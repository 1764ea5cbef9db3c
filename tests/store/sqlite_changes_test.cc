// The store's change feed for the analytics engine: the data value audit log
// read in id order after a given id, its last id, and the structure
// generation that grows with every change of the hierarchy or the metadata
// (migration 6) but not with data values or periods.
#include <gtest/gtest.h>

#include <vector>

#include "core/uid.h"
#include "store_test_util.h"

#define EXPECT_OK(expr)                                               \
  do {                                                                \
    const ::gemis::Status status_ = (expr);                           \
    EXPECT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

namespace gemis::store {
namespace {

using store_test::StoreFileTest;

OrgUnit Unit(OrgUnitId id, OrgUnitLevel level, std::optional<OrgUnitId> parent) {
  OrgUnitVersion version;
  version.code = "U" + std::to_string(id);
  version.name = "Đơn vị " + std::to_string(id);
  version.level = level;
  version.parent = parent;
  return OrgUnit{id, UidFromKey("ou:" + std::to_string(id)), {version}};
}

class SqliteChanges : public StoreFileTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit centre = Unit(1, OrgUnitLevel::kCentre, std::nullopt);
      OrgUnit province = Unit(2, OrgUnitLevel::kProvince, 1);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&centre, &province}));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      DataElement e;
      e.uid = UidFromKey("de:TEAMS");
      e.code = "TEAMS";
      e.name = "Số tổ";
      GEMIS_ASSIGN_OR_RETURN(element_, txn.SaveDataElement(e));
      GEMIS_ASSIGN_OR_RETURN(january_, txn.EnsurePeriod(*Period::Parse("202401")));
      GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
      default_ = m.default_option_combo();
      return Status::Ok();
    }));
  }

  DataValueKey Key(OrgUnitId unit) const { return {element_, january_, unit, default_, default_}; }

  Status Apply(const DataValueKey& key, const std::string& value, bool remove = false) {
    return store_->Write([&](WriteTransaction& txn) -> Status {
      DataValueWrite w;
      w.key = key;
      w.value = value;
      w.remove = remove;
      w.stored_by = "test";
      return txn.WriteDataValue(w).status();
    });
  }

  std::vector<DataValueChange> Changes(int64_t after) {
    std::vector<DataValueChange> out;
    EXPECT_OK(store_->Read([&](ReadTransaction& txn) {
      return txn.ScanDataValueChanges(after, [&](const DataValueChange& c) {
        out.push_back(c);
        return Status::Ok();
      });
    }));
    return out;
  }

  int64_t LastId() {
    int64_t id = -1;
    EXPECT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(id, txn.LastDataValueChangeId());
      return Status::Ok();
    }));
    return id;
  }

  int64_t Generation() {
    int64_t g = -1;
    EXPECT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(g, txn.StructureGeneration());
      return Status::Ok();
    }));
    return g;
  }

  std::unique_ptr<Store> store_;
  MetadataId element_ = 0, default_ = 0;
  PeriodId january_ = 0;
};

TEST_F(SqliteChanges, EmptyLogHasLastIdZero) {
  EXPECT_EQ(LastId(), 0);
  EXPECT_TRUE(Changes(0).empty());
}

TEST_F(SqliteChanges, FeedListsCreateUpdateDeleteInCommitOrder) {
  ASSERT_OK(Apply(Key(2), "5"));
  ASSERT_OK(Apply(Key(1), "7"));
  ASSERT_OK(Apply(Key(2), "6"));
  ASSERT_OK(Apply(Key(2), "", /*remove=*/true));
  ASSERT_OK(Apply(Key(2), "9"));  // restored after a delete: created again
  std::vector<DataValueChange> all = Changes(0);
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].id, all[i].id);
  EXPECT_EQ(all[0].key, Key(2));
  EXPECT_EQ(all[0].change, DataValueChangeKind::kCreate);
  EXPECT_EQ(all[0].new_value, "5");
  EXPECT_EQ(all[1].key, Key(1));
  EXPECT_EQ(all[2].change, DataValueChangeKind::kUpdate);
  EXPECT_EQ(all[2].new_value, "6");
  EXPECT_EQ(all[3].change, DataValueChangeKind::kDelete);
  EXPECT_EQ(all[3].new_value, std::nullopt);
  EXPECT_EQ(all[4].change, DataValueChangeKind::kCreate);
  EXPECT_EQ(all[4].new_value, "9");
  EXPECT_EQ(LastId(), all.back().id);

  std::vector<DataValueChange> tail = Changes(all[2].id);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].id, all[3].id);
  EXPECT_TRUE(Changes(LastId()).empty());
}

TEST_F(SqliteChanges, AnIgnoredWriteAddsNoChange) {
  ASSERT_OK(Apply(Key(2), "5"));
  ASSERT_OK(Apply(Key(2), "5"));
  EXPECT_EQ(Changes(0).size(), 1u);
}

TEST_F(SqliteChanges, CallbackErrorStopsTheScan) {
  ASSERT_OK(Apply(Key(2), "5"));
  ASSERT_OK(Apply(Key(1), "6"));
  int calls = 0;
  Status status = store_->Read([&](ReadTransaction& txn) {
    return txn.ScanDataValueChanges(0, [&](const DataValueChange&) {
      ++calls;
      return Status::Invalid("stop");
    });
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(calls, 1);
}

TEST_F(SqliteChanges, GenerationGrowsWithStructureNotWithData) {
  int64_t g0 = Generation();
  EXPECT_GT(g0, 0);  // the units and metadata of SetUp
  ASSERT_OK(Apply(Key(2), "5"));
  ASSERT_OK(store_->Write(
      [&](WriteTransaction& txn) { return txn.EnsurePeriod(*Period::Parse("2024Q3")).status(); }));
  EXPECT_EQ(Generation(), g0);

  ASSERT_OK(store_->Write([&](WriteTransaction& txn) {
    OrgUnit commune = Unit(3, OrgUnitLevel::kCommune, 2);
    return txn.SaveOrgUnits({&commune});
  }));
  int64_t g1 = Generation();
  EXPECT_GT(g1, g0);

  ASSERT_OK(store_->Write([&](WriteTransaction& txn) {
    return txn.InsertAttributes(
        {OrgUnitAttribute{.unit = 3, .attribute = "dbkk", .value = "true"}});
  }));
  int64_t g2 = Generation();
  EXPECT_GT(g2, g1);

  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    Indicator ind;
    ind.uid = UidFromKey("indicator/PCT");
    ind.code = "PCT";
    ind.name = "Tỷ lệ";
    ind.numerator = "#{TEAMS}";
    ind.denominator = "1";
    return txn.SaveIndicator(ind).status();
  }));
  int64_t g3 = Generation();
  EXPECT_GT(g3, g2);

  // A failed write leaves the counter as it was.
  Status failed = store_->Write([&](WriteTransaction& txn) -> Status {
    OrgUnit commune = Unit(4, OrgUnitLevel::kCommune, 2);
    GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&commune}));
    return Status::Invalid("rolled back");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Generation(), g3);
}

TEST_F(SqliteChanges, AnotherConnectionSeesCommittedChanges) {
  std::unique_ptr<Store> other = Open();
  ASSERT_NE(other, nullptr);
  ASSERT_OK(other->Write([&](WriteTransaction& txn) {
    DataValueWrite w;
    w.key = Key(2);
    w.value = "11";
    return txn.WriteDataValue(w).status();
  }));
  std::vector<DataValueChange> all = Changes(0);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].new_value, "11");
}

}  // namespace
}  // namespace gemis::store
