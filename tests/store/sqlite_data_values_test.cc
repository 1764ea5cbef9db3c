// Data values and their append-only audit log in the SQLite store
// (store.h invariant 4: deletes are soft, the audit log cannot be changed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/uid.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"
#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kStart = 1709251200000;  // 2024-03-01T00:00:00.000Z

OrgUnit Unit(OrgUnitId id, OrgUnitLevel level, std::optional<OrgUnitId> parent) {
  OrgUnitVersion version;
  version.code = "U" + std::to_string(id);
  version.name = "Đơn vị " + std::to_string(id);
  version.level = level;
  version.parent = parent;
  return OrgUnit{id, UidFromKey("ou:" + std::to_string(id)), {version}};
}

CategoryCombo SexCombo() {
  Category sex{
      .uid = UidFromKey("cat:SEX"),
      .code = "SEX",
      .name = "Giới tính",
      .options = {CategoryOption{.uid = UidFromKey("co:MALE"), .code = "MALE", .name = "Nam"},
                  CategoryOption{.uid = UidFromKey("co:FEMALE"), .code = "FEMALE", .name = "Nữ"}}};
  return CategoryCombo{
      .uid = UidFromKey("cc:SEX"), .code = "SEX", .name = "Giới tính", .categories = {sex}};
}

DataElement Element(const std::string& code, const std::string& combo) {
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
  void SetUp() override {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path(), {.clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status status = store_->Write([&](WriteTransaction& txn) -> Status {
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
    ASSERT_TRUE(status.ok()) << status.ToString();
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

TEST_F(SqliteDataValues, CreateIsImportedWithACreateAuditEntry) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  std::optional<DataValue> v = Get(Key());
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->key, Key());
  EXPECT_EQ(v->value, "12");
  EXPECT_EQ(v->stored_by, "can_bo_xa");
  EXPECT_EQ(v->created, "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(v->last_updated, v->created);
  EXPECT_EQ(v->comment, "đủ");
  EXPECT_FALSE(v->followup);
  EXPECT_FALSE(v->deleted);
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].change, "CREATE");
  EXPECT_EQ(audit[0].key, Key());
  EXPECT_EQ(audit[0].old_value, std::nullopt);
  EXPECT_EQ(audit[0].new_value, "12");
  EXPECT_EQ(audit[0].old_comment, std::nullopt);
  EXPECT_EQ(audit[0].new_comment, "đủ");
  EXPECT_EQ(audit[0].changed_by, "can_bo_xa");
  EXPECT_EQ(audit[0].changed_at, "2024-03-01T00:00:00.000Z");
}

TEST_F(SqliteDataValues, SameValueAgainIsIgnoredWithoutAudit) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  clock_.Advance(1000);
  EXPECT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kIgnored);
  EXPECT_EQ(Audit(Key()).size(), 1u);
  EXPECT_EQ(Get(Key())->last_updated, "2024-03-01T00:00:00.000Z");
}

TEST_F(SqliteDataValues, NewValueIsUpdatedWithOldAndNewInTheAudit) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  clock_.Advance(60000);
  DataValueWrite w = Set("15", "bổ sung");
  w.stored_by = "can_bo_huyen";
  w.followup = true;
  ASSERT_EQ(*Apply(w), WriteOutcome::kUpdated);
  std::optional<DataValue> v = Get(Key());
  EXPECT_EQ(v->value, "15");
  EXPECT_EQ(v->created, "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(v->last_updated, "2024-03-01T00:01:00.000Z");
  EXPECT_EQ(v->stored_by, "can_bo_huyen");
  EXPECT_TRUE(v->followup);
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].change, "UPDATE");
  EXPECT_EQ(audit[1].old_value, "12");
  EXPECT_EQ(audit[1].new_value, "15");
  EXPECT_EQ(audit[1].old_comment, "đủ");
  EXPECT_EQ(audit[1].new_comment, "bổ sung");
  EXPECT_EQ(audit[1].changed_by, "can_bo_huyen");
  EXPECT_EQ(audit[1].changed_at, "2024-03-01T00:01:00.000Z");
}

TEST_F(SqliteDataValues, ChangedCommentAloneIsAnUpdate) {
  ASSERT_EQ(*Apply(Set("12")), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Set("12", "đã kiểm tra")), WriteOutcome::kUpdated);
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].old_value, "12");
  EXPECT_EQ(audit[1].new_value, "12");
  EXPECT_EQ(audit[1].old_comment, std::nullopt);
  EXPECT_EQ(audit[1].new_comment, "đã kiểm tra");
}

TEST_F(SqliteDataValues, RemoveIsASoftDeleteWithADeleteAuditEntry) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  clock_.Advance(1000);
  ASSERT_EQ(*Apply(Remove(Key())), WriteOutcome::kDeleted);
  std::optional<DataValue> v = Get(Key());
  ASSERT_TRUE(v.has_value()) << "the row must stay";
  EXPECT_TRUE(v->deleted);
  EXPECT_EQ(v->value, "12");
  EXPECT_EQ(v->stored_by, "can_bo_tinh");
  EXPECT_EQ(v->last_updated, "2024-03-01T00:00:01.000Z");
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].change, "DELETE");
  EXPECT_EQ(audit[1].old_value, "12");
  EXPECT_EQ(audit[1].new_value, std::nullopt);
  EXPECT_EQ(audit[1].old_comment, "đủ");
  EXPECT_EQ(audit[1].changed_by, "can_bo_tinh");

  EXPECT_TRUE(Scan({}).empty());
  DataValueFilter with_deleted;
  with_deleted.include_deleted = true;
  std::vector<DataValue> all = Scan(with_deleted);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].deleted);
}

TEST_F(SqliteDataValues, RemovingTwiceIsIgnoredTheSecondTime) {
  ASSERT_EQ(*Apply(Set("12")), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Remove(Key())), WriteOutcome::kDeleted);
  EXPECT_EQ(*Apply(Remove(Key())), WriteOutcome::kIgnored);
  EXPECT_EQ(Audit(Key()).size(), 2u);
}

TEST_F(SqliteDataValues, WriteAfterDeleteIsImportedAgainWithACreateEntry) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Remove(Key())), WriteOutcome::kDeleted);
  clock_.Advance(5000);
  ASSERT_EQ(*Apply(Set("12")), WriteOutcome::kImported);
  std::optional<DataValue> v = Get(Key());
  EXPECT_FALSE(v->deleted);
  EXPECT_EQ(v->value, "12");
  EXPECT_EQ(v->comment, std::nullopt);
  EXPECT_EQ(v->last_updated, "2024-03-01T00:00:05.000Z");
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2].change, "CREATE");
  EXPECT_EQ(audit[2].old_value, std::nullopt);
  EXPECT_EQ(audit[2].new_value, "12");
  EXPECT_EQ(Scan({}).size(), 1u);
}

TEST_F(SqliteDataValues, RemovingAMissingValueIsIgnored) {
  EXPECT_EQ(*Apply(Remove(Key())), WriteOutcome::kIgnored);
  EXPECT_FALSE(Get(Key()).has_value());
  EXPECT_TRUE(Audit(Key()).empty());
}

TEST_F(SqliteDataValues, EachOptionComboIsItsOwnValue) {
  DataValueKey male = Key();
  male.category_option_combo = male_;
  ASSERT_EQ(*Apply(Set("7", std::nullopt, &male)), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Set("9")), WriteOutcome::kImported);
  EXPECT_EQ(Get(male)->value, "7");
  EXPECT_EQ(Get(Key())->value, "9");
  EXPECT_EQ(Audit(male).size(), 1u);
}

TEST_F(SqliteDataValues, AFailedWriteLeavesNeitherValueNorAudit) {
  Status status = store_->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(Set("12")).status());
    return Status::Conflict("the caller gives up");
  });
  EXPECT_EQ(status.code(), ErrorCode::kConflict);
  EXPECT_FALSE(Get(Key()).has_value());
  EXPECT_TRUE(Audit(Key()).empty());
}

TEST_F(SqliteDataValues, ValueForAnUnknownOrgUnitIsRefusedByTheStore) {
  DataValueKey bad = Key(99);
  Result<WriteOutcome> refused = Apply(Set("1", std::nullopt, &bad));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict) << refused.status().ToString();
  EXPECT_FALSE(Get(bad).has_value());
}

// Invariant (4): a second connection cannot change or remove audit entries.
TEST_F(SqliteDataValues, AuditLogRefusesUpdateAndDelete) {
  ASSERT_EQ(*Apply(Set("12")), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Set("13")), WriteOutcome::kUpdated);
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  Status update = raw->Exec("UPDATE data_value_audit SET new_value = '999'");
  EXPECT_FALSE(update.ok());
  EXPECT_THAT(update.message(), HasSubstr("append-only"));
  Status remove = raw->Exec("DELETE FROM data_value_audit");
  EXPECT_FALSE(remove.ok());
  EXPECT_THAT(remove.message(), HasSubstr("append-only"));
  std::vector<DataValueAuditEntry> audit = Audit(Key());
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].new_value, "12");
  EXPECT_EQ(audit[1].new_value, "13");
}

TEST_F(SqliteDataValues, ScanFiltersByElementPeriodAndOrgUnitInKeyOrder) {
  DataValueKey teams_jan{teams_, january_, 1, default_, default_};
  DataValueKey teams_feb{teams_, february_, 2, default_, default_};
  DataValueKey members_feb{members_, february_, 1, male_, default_};
  ASSERT_TRUE(Apply(Set("3", std::nullopt, &teams_feb)).ok());
  ASSERT_TRUE(Apply(Set("1", std::nullopt, &teams_jan)).ok());
  ASSERT_TRUE(Apply(Set("12")).ok());  // members, January, unit 2, female
  ASSERT_TRUE(Apply(Set("8", std::nullopt, &members_feb)).ok());

  auto values = [](const std::vector<DataValue>& scanned) {
    std::vector<std::string> out;
    for (const DataValue& v : scanned) out.push_back(v.value);
    return out;
  };
  // Key order: element, period, org unit, option combos (ids follow insertion).
  EXPECT_THAT(values(Scan({})), ElementsAre("12", "8", "1", "3"));
  EXPECT_THAT(values(Scan({.data_elements = {teams_}})), ElementsAre("1", "3"));
  EXPECT_THAT(values(Scan({.periods = {february_}})), ElementsAre("8", "3"));
  EXPECT_THAT(values(Scan({.org_units = {1}})), ElementsAre("8", "1"));
  EXPECT_THAT(values(Scan({.data_elements = {members_}, .periods = {february_}, .org_units = {1}})),
              ElementsAre("8"));
  EXPECT_THAT(values(Scan({.data_elements = {members_, teams_}, .org_units = {2}})),
              ElementsAre("12", "3"));
  EXPECT_TRUE(Scan({.org_units = {42}}).empty());
}

TEST_F(SqliteDataValues, ScanStopsAtTheCallbacksFirstError) {
  DataValueKey male = Key();
  male.category_option_combo = male_;
  ASSERT_TRUE(Apply(Set("12")).ok());
  ASSERT_TRUE(Apply(Set("7", std::nullopt, &male)).ok());
  int calls = 0;
  Status status = store_->Read([&](ReadTransaction& txn) {
    return txn.ScanDataValues({}, [&](const DataValue&) {
      ++calls;
      return Status::Invalid("stop here");
    });
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "stop here");
  EXPECT_EQ(calls, 1);
}

TEST_F(SqliteDataValues, ValuesSurviveReopeningTheDatabase) {
  ASSERT_EQ(*Apply(Set("12", "đủ")), WriteOutcome::kImported);
  ASSERT_EQ(*Apply(Remove(Key())), WriteOutcome::kDeleted);
  store_.reset();
  Result<std::unique_ptr<Store>> reopened = OpenSqliteStore(path(), {.create = false});
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(reopened).value();
  EXPECT_TRUE(Get(Key())->deleted);
  EXPECT_EQ(Audit(Key()).size(), 2u);
}

}  // namespace
}  // namespace gemis::store
