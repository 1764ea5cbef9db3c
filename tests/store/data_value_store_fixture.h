// The store the data value tests share (sqlite_data_values_test.cc,
// sqlite_bulk_writes_test.cc): units 1 (centre) and 2 (province), elements
// MEMBERS (by sex) and TEAMS (default combo), periods 202401 and 202402, a
// fixed clock, and helpers to write and read values. Header-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/uid.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"
#include "support/temp_dir.h"

namespace gemis::store::store_test {

using test_support::TempDir;

inline constexpr int64_t kStart = 1709251200000;  // 2024-03-01T00:00:00.000Z

inline OrgUnit Unit(OrgUnitId id, OrgUnitLevel level, std::optional<OrgUnitId> parent) {
  OrgUnitVersion version;
  version.code = "U" + std::to_string(id);
  version.name = "Đơn vị " + std::to_string(id);
  version.level = level;
  version.parent = parent;
  return OrgUnit{id, UidFromKey("ou:" + std::to_string(id)), {version}};
}

inline CategoryCombo SexCombo() {
  Category sex{
      .uid = UidFromKey("cat:SEX"),
      .code = "SEX",
      .name = "Giới tính",
      .options = {CategoryOption{.uid = UidFromKey("co:MALE"), .code = "MALE", .name = "Nam"},
                  CategoryOption{.uid = UidFromKey("co:FEMALE"), .code = "FEMALE", .name = "Nữ"}}};
  return CategoryCombo{
      .uid = UidFromKey("cc:SEX"), .code = "SEX", .name = "Giới tính", .categories = {sex}};
}

inline DataElement Element(const std::string& code, const std::string& combo) {
  DataElement e;
  e.uid = UidFromKey("de:" + code);
  e.code = code;
  e.name = "Số " + code;
  e.category_combo_code = combo;
  return e;
}

// A store with units 1 (centre) and 2 (province), elements MEMBERS (by sex)
// and TEAMS (default combo), periods 202401 and 202402, and a fixed clock.
class SqliteDataValues : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenPopulated("g.db"); }

  // A new store at `name` with the units, combos, elements and periods
  // above; every such store gives them the same ids.
  std::unique_ptr<Store> OpenPopulated(const std::string& name) {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(dir_.File(name), {.clock = &clock_});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!opened.ok()) return nullptr;
    Status status = (*opened)->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit centre = Unit(1, OrgUnitLevel::kCentre, std::nullopt);
      OrgUnit province = Unit(2, OrgUnitLevel::kProvince, 1);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&centre, &province}));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(SexCombo()).status());
      GEMIS_ASSIGN_OR_RETURN(members_, txn.SaveDataElement(Element("MEMBERS", "SEX")));
      GEMIS_ASSIGN_OR_RETURN(teams_, txn.SaveDataElement(Element("TEAMS", "default")));
      GEMIS_ASSIGN_OR_RETURN(january_, txn.EnsurePeriod(*Period::Parse("202401")));
      GEMIS_ASSIGN_OR_RETURN(february_, txn.EnsurePeriod(*Period::Parse("202402")));
      GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
      default_ = m.default_option_combo();
      male_ = m.FindOptionCombo("SEX_MALE")->id;
      female_ = m.FindOptionCombo("SEX_FEMALE")->id;
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return std::move(opened).value();
  }

  std::string path() const { return dir_.File("g.db"); }
  DataValueKey Key(OrgUnitId unit = 2) const {
    return {members_, january_, unit, female_, default_};
  }
  DataValueWrite Set(const std::string& value, std::optional<std::string> comment = {},
                     const DataValueKey* key = nullptr) const {
    DataValueWrite w;
    w.key = key ? *key : Key();
    w.value = value;
    w.comment = std::move(comment);
    w.stored_by = "can_bo_xa";
    return w;
  }
  DataValueWrite Remove(const DataValueKey& key) const {
    DataValueWrite w;
    w.key = key;
    w.remove = true;
    w.stored_by = "can_bo_tinh";
    return w;
  }

  Result<WriteOutcome> Apply(const DataValueWrite& write) {
    return store_test::WriteResult(
        *store_, [&](WriteTransaction& txn) { return txn.WriteDataValue(write); });
  }
  std::optional<DataValue> Get(const DataValueKey& key) {
    std::optional<DataValue> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.GetDataValue(key));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  std::vector<DataValueAuditEntry> Audit(const DataValueKey& key) {
    std::vector<DataValueAuditEntry> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadDataValueAudit(key));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  std::vector<DataValue> Scan(const DataValueFilter& filter) {
    std::vector<DataValue> out;
    Status status = store_->Read([&](ReadTransaction& txn) {
      return txn.ScanDataValues(filter, [&](const DataValue& v) {
        out.push_back(v);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }

  TempDir dir_;
  FixedClock clock_{kStart};
  std::unique_ptr<Store> store_;
  MetadataId members_ = 0, teams_ = 0, default_ = 0, male_ = 0, female_ = 0;
  PeriodId january_ = 0, february_ = 0;
};

}  // namespace gemis::store::store_test
