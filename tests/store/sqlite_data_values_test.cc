// Data values and their append-only audit log in the SQLite store
// (store.h invariant 4: deletes are soft, the audit log cannot be changed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_value_store_fixture.h"
#include "store/sqlite_db.h"

namespace gemis::store {
namespace {

using test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using store_test::kStart;
using store_test::SqliteDataValues;

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

TEST_F(SqliteDataValues, ScanKeysGivesLiveValuesInKeyOrder) {
  DataValueKey male = Key();
  male.category_option_combo = male_;
  DataValueKey feb = Key();
  feb.period = february_;
  ASSERT_TRUE(Apply(Set("12")).ok());
  ASSERT_TRUE(Apply(Set("7", std::nullopt, &male)).ok());
  ASSERT_TRUE(Apply(Set("5", std::nullopt, &feb)).ok());
  ASSERT_EQ(*Apply(Remove(male)), WriteOutcome::kDeleted);  // deleted: not scanned
  std::vector<std::pair<int64_t, std::string>> seen;  // period, value
  ASSERT_TRUE(store_->Read([&](ReadTransaction& txn) {
    return txn.ScanDataValueKeys([&](const DataValueKey& key, std::string_view value) {
      EXPECT_EQ(key.data_element, Key().data_element);
      seen.emplace_back(key.period, std::string(value));
      return Status::Ok();
    });
  }).ok());
  EXPECT_THAT(seen, ElementsAre(std::pair<int64_t, std::string>{Key().period, "12"},
                                std::pair<int64_t, std::string>{february_, "5"}));
  Status stop = store_->Read([&](ReadTransaction& txn) {
    return txn.ScanDataValueKeys(
        [](const DataValueKey&, std::string_view) { return Status::Invalid("stop here"); });
  });
  EXPECT_EQ(stop.message(), "stop here");
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
