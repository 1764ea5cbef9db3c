// WriteTransaction::WriteDataValues, the bulk path of data value imports
// (docs/store.md "Writing many data values"): checked against WriteDataValue
// applied one write at a time on random writes, plus its own promises: the
// outcomes by input index, one batch of who and when per transaction, the
// audit chunk in the change feed, references checked before anything is
// written, and CheckIntegrity's view of what the store no longer lets SQLite
// check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "data_value_store_fixture.h"
#include "store/sqlite_db.h"

namespace gemis::store {
namespace {

using store_test::SqliteDataValues;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Status WriteMany(Store& store, const std::vector<DataValueWrite>& writes,
                 std::vector<WriteOutcome>& outcomes) {
  return store.Write([&](WriteTransaction& txn) { return txn.WriteDataValues(writes, outcomes); });
}

std::vector<DataValue> ScanAll(Store& store) {
  std::vector<DataValue> out;
  Status status = store.Read([&](ReadTransaction& txn) {
    return txn.ScanDataValues({.include_deleted = true}, [&](const DataValue& v) {
      out.push_back(v);
      return Status::Ok();
    });
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

std::vector<DataValueChange> Feed(Store& store, int64_t after = 0) {
  std::vector<DataValueChange> out;
  Status status = store.Read([&](ReadTransaction& txn) {
    return txn.ScanDataValueChanges(after, [&](const DataValueChange& c) {
      out.push_back(c);
      return Status::Ok();
    });
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

std::vector<DataValueAuditEntry> History(Store& store, const DataValueKey& key) {
  std::vector<DataValueAuditEntry> out;
  Status status = store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadDataValueAudit(key));
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

std::string Text(const std::optional<std::string>& text) { return text ? "'" + *text + "'" : "-"; }

std::string Describe(const DataValue& v) {
  return v.value + " " + Text(v.comment) + (v.followup ? " followup" : "") +
         (v.deleted ? " deleted" : "") + " by " + v.stored_by + " " + v.created + " " +
         v.last_updated;
}

std::string Describe(const DataValueAuditEntry& e) {
  return e.change + " " + Text(e.old_value) + ">" + Text(e.new_value) + " " + Text(e.old_comment) +
         ">" + Text(e.new_comment) + " by " + e.changed_by + " " + e.changed_at;
}

// Each key's changes as the feed reports them, in feed order.
std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>, std::vector<std::string>>
FeedByKey(const std::vector<DataValueChange>& feed) {
  std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>, std::vector<std::string>> out;
  for (const DataValueChange& c : feed) {
    const DataValueKey& k = c.key;
    out[{k.data_element, k.period, k.org_unit, k.category_option_combo, k.attribute_option_combo}]
        .push_back(std::to_string(static_cast<int>(c.change)) + ":" + c.new_value.value_or("-"));
  }
  return out;
}

class SqliteBulkWrites : public SqliteDataValues {
 protected:
  // The keys random writes draw from: 2 elements × 2 periods × 2 units.
  std::vector<DataValueKey> Keys() const {
    std::vector<DataValueKey> keys;
    for (PeriodId period : {january_, february_}) {
      for (OrgUnitId unit : {1, 2}) {
        keys.push_back({members_, period, unit, male_, default_});
        keys.push_back({members_, period, unit, female_, default_});
        keys.push_back({teams_, period, unit, default_, default_});
      }
    }
    return keys;
  }

  DataValueWrite RandomWrite(std::mt19937& random) const {
    std::vector<DataValueKey> keys = Keys();
    DataValueWrite w;
    w.key = keys[random() % keys.size()];
    w.remove = random() % 5 == 0;
    w.value = std::to_string(random() % 3);  // few values: many repeat
    if (random() % 3 == 0) w.comment = random() % 2 ? "ghi chú" : "";
    w.followup = random() % 4 == 0;
    w.stored_by = random() % 3 == 0 ? "can_bo_tinh" : "can_bo_xa";
    return w;
  }
};

// Invariant 4 and the change feed hold the same for the bulk path as for
// WriteDataValue: random rounds of writes (duplicate keys, removals, repeats
// of the stored value) give the same outcomes, values, histories and
// per-key feed on both.
TEST_F(SqliteBulkWrites, MatchesWriteDataValueOneByOneOnRandomWrites) {
  const unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::unique_ptr<Store> model = OpenPopulated("model.db");
  ASSERT_NE(model, nullptr);
  for (int round = 0; round < 30; ++round) {
    std::vector<DataValueWrite> writes(1 + random() % 12);
    for (DataValueWrite& w : writes) w = RandomWrite(random);
    std::vector<WriteOutcome> bulk, one_by_one;
    ASSERT_OK(WriteMany(*store_, writes, bulk));
    ASSERT_OK(model->Write([&](WriteTransaction& txn) -> Status {
      for (const DataValueWrite& w : writes) {
        GEMIS_ASSIGN_OR_RETURN(WriteOutcome outcome, txn.WriteDataValue(w));
        one_by_one.push_back(outcome);
      }
      return Status::Ok();
    }));
    ASSERT_EQ(bulk, one_by_one) << "round " << round;
    clock_.Advance(1000);
  }
  std::vector<DataValue> values = ScanAll(*store_), expected = ScanAll(*model);
  ASSERT_EQ(values.size(), expected.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(values[i].key, expected[i].key);
    EXPECT_EQ(Describe(values[i]), Describe(expected[i]));
  }
  for (const DataValueKey& key : Keys()) {
    std::vector<DataValueAuditEntry> history = History(*store_, key);
    std::vector<DataValueAuditEntry> expected_history = History(*model, key);
    ASSERT_EQ(history.size(), expected_history.size());
    for (size_t i = 0; i < history.size(); ++i) {
      EXPECT_EQ(Describe(history[i]), Describe(expected_history[i])) << i;
    }
  }
  std::vector<DataValueChange> feed = Feed(*store_);
  for (size_t i = 1; i < feed.size(); ++i) EXPECT_LT(feed[i - 1].id, feed[i].id);
  EXPECT_EQ(FeedByKey(feed), FeedByKey(Feed(*model)));
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteBulkWrites, OutcomesFollowTheInputAndTheFeedTheKeyOrder) {
  DataValueKey second{members_, january_, 2, male_, default_};
  DataValueKey first{members_, january_, 1, male_, default_};
  std::vector<DataValueWrite> writes = {Set("5", std::nullopt, &second),
                                        Set("7", std::nullopt, &first),
                                        Set("5", std::nullopt, &second)};
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, writes, outcomes));
  EXPECT_THAT(outcomes, ElementsAre(WriteOutcome::kImported, WriteOutcome::kImported,
                                    WriteOutcome::kIgnored));
  std::vector<DataValueChange> feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 2u);
  EXPECT_EQ(feed[0].key, first);
  EXPECT_EQ(feed[0].new_value, "7");
  EXPECT_EQ(feed[1].key, second);
  EXPECT_EQ(feed[1].change, DataValueChangeKind::kCreate);
}

// A removal before a set of the same key in one call: the set creates the
// value after the removal found nothing (the writes of a key keep their order).
TEST_F(SqliteBulkWrites, RemovalBeforeASetOfTheSameKeyFindsNothing) {
  std::vector<DataValueWrite> writes = {Remove(Key()), Set("3"), Remove(Key()), Set("4")};
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, writes, outcomes));
  EXPECT_THAT(outcomes, ElementsAre(WriteOutcome::kIgnored, WriteOutcome::kImported,
                                    WriteOutcome::kDeleted, WriteOutcome::kImported));
  std::vector<DataValueAuditEntry> history = History(*store_, Key());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].change, "CREATE");
  EXPECT_EQ(history[1].change, "DELETE");
  EXPECT_EQ(history[1].old_value, "3");
  EXPECT_EQ(history[2].change, "CREATE");
  EXPECT_EQ(history[2].new_value, "4");
  EXPECT_EQ(Get(Key())->value, "4");
}

TEST_F(SqliteBulkWrites, AnUnknownIdWritesNothingOfTheCall) {
  DataValueKey bad = Key(99);
  std::vector<DataValueWrite> writes = {Set("1"), Set("2", std::nullopt, &bad)};
  std::vector<WriteOutcome> outcomes;
  Status refused;
  // The caller ignores the error and commits: still nothing of the call.
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) {
    refused = txn.WriteDataValues(writes, outcomes);
    return Status::Ok();
  }));
  EXPECT_EQ(refused.code(), ErrorCode::kConflict) << refused.ToString();
  EXPECT_THAT(refused.message(), HasSubstr("org unit id 99"));
  EXPECT_FALSE(Get(Key()).has_value());
  EXPECT_TRUE(Feed(*store_).empty());
  for (DataValueKey key : {DataValueKey{members_, 999, 2, female_, default_},
                           DataValueKey{999, january_, 2, female_, default_},
                           DataValueKey{members_, january_, 2, 999, default_},
                           DataValueKey{members_, january_, 2, female_, 999}}) {
    std::vector<DataValueWrite> one = {Set("1", std::nullopt, &key)};
    EXPECT_EQ(WriteMany(*store_, one, outcomes).code(), ErrorCode::kConflict);
  }
}

TEST_F(SqliteBulkWrites, EmptyCallWritesNothing) {
  std::vector<WriteOutcome> outcomes = {WriteOutcome::kImported};
  ASSERT_OK(WriteMany(*store_, {}, outcomes));
  EXPECT_TRUE(outcomes.empty());
  EXPECT_EQ(store_test::WriteResult(
                *store_, [](WriteTransaction& txn) { return txn.LastDataValueChangeId(); })
                .value(),
            0);
}

// Who and when are stored once per transaction: the time of its first
// change, the stored_by of its first write, and a value's own stored_by when
// it differs.
TEST_F(SqliteBulkWrites, OneBatchOfWhoAndWhenPerTransaction) {
  DataValueKey other = Key(1);
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    std::vector<WriteOutcome> outcomes;
    std::vector<DataValueWrite> first = {Set("1")}, second = {Set("2", "khác", &other)};
    GEMIS_RETURN_IF_ERROR(txn.WriteDataValues(first, outcomes));
    clock_.Advance(60000);
    second[0].stored_by = "can_bo_tinh";
    return txn.WriteDataValues(second, outcomes);
  }));
  EXPECT_EQ(Get(Key())->stored_by, "can_bo_xa");
  EXPECT_EQ(Get(other)->stored_by, "can_bo_tinh");
  EXPECT_EQ(Get(other)->created, "2024-03-01T00:00:00.000Z");
  std::vector<DataValueAuditEntry> history = History(*store_, other);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].changed_by, "can_bo_tinh");
  EXPECT_EQ(history[0].changed_at, "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(history[0].new_comment, "khác");
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok());
  Result<SqliteStatement> batches = raw->Prepare("SELECT count(*) FROM data_value_batch");
  ASSERT_TRUE(batches.ok() && *batches->Step());
  EXPECT_EQ(batches->Int(0), 1);
}

TEST_F(SqliteBulkWrites, ATransactionThatChangesNothingLeavesNoBatchNorChunk) {
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, {Set("1")}, outcomes));
  ASSERT_OK(WriteMany(*store_, {Set("1"), Remove(Key(1))}, outcomes));
  EXPECT_THAT(outcomes, ElementsAre(WriteOutcome::kIgnored, WriteOutcome::kIgnored));
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok());
  Result<SqliteStatement> count = raw->Prepare(
      "SELECT (SELECT count(*) FROM data_value_batch) || '/' ||"
      " (SELECT count(*) FROM data_value_audit_chunk)");
  ASSERT_TRUE(count.ok() && *count->Step());
  EXPECT_EQ(count->Text(0), "1/1");
}

// Feed ids grow across single entries and chunks; a write that changed
// nothing leaves its id unused; reading after an id inside a chunk starts
// right after it.
TEST_F(SqliteBulkWrites, FeedMergesRowsAndChunksByIdAfterAnyId) {
  ASSERT_EQ(*Apply(Set("1")), WriteOutcome::kImported);  // a row: id 1
  std::vector<WriteOutcome> outcomes;
  DataValueKey a = Key(1), b{teams_, january_, 1, default_, default_};
  ASSERT_OK(WriteMany(*store_, {Set("1"), Set("2", std::nullopt, &a), Set("3", std::nullopt, &b)},
                      outcomes));                       // ignored, then two creates in a chunk
  ASSERT_EQ(*Apply(Set("9")), WriteOutcome::kUpdated);  // another row
  std::vector<DataValueChange> feed = Feed(*store_);
  ASSERT_EQ(feed.size(), 4u);
  for (size_t i = 1; i < feed.size(); ++i) EXPECT_LT(feed[i - 1].id, feed[i].id);
  EXPECT_THAT(std::vector<std::string>(
                  {*feed[0].new_value, *feed[1].new_value, *feed[2].new_value, *feed[3].new_value}),
              ElementsAre("1", "2", "3", "9"));
  EXPECT_EQ(feed[3].change, DataValueChangeKind::kUpdate);
  std::vector<DataValueChange> after = Feed(*store_, feed[1].id);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].id, feed[2].id);
  EXPECT_TRUE(Feed(*store_, feed[3].id).empty());
  EXPECT_EQ(store_test::WriteResult(
                *store_, [](WriteTransaction& txn) { return txn.LastDataValueChangeId(); })
                .value(),
            feed[3].id);
  // The history of a key runs from a row through the chunk and back.
  std::vector<DataValueAuditEntry> history = History(*store_, Key());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].old_value, "1");
}

// Invariant 4: chunks are append-only like the rows of the log.
TEST_F(SqliteBulkWrites, AuditChunksRefuseUpdateAndDelete) {
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, {Set("1")}, outcomes));
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok());
  EXPECT_THAT(raw->Exec("UPDATE data_value_audit_chunk SET last_id = 7").message(),
              HasSubstr("append-only"));
  EXPECT_THAT(raw->Exec("DELETE FROM data_value_audit_chunk").message(), HasSubstr("append-only"));
  EXPECT_EQ(Feed(*store_).size(), 1u);
}

TEST_F(SqliteBulkWrites, IntegrityCheckFindsAValueNamingNoUnit) {
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, {Set("1")}, outcomes));
  ASSERT_OK(store_->CheckIntegrity());
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok());
  ASSERT_OK(
      raw->Exec("INSERT INTO data_value (data_element_id, period_id, org_unit_id, coc_id,"
                " aoc_id, value, created_batch, updated_batch)"
                " SELECT data_element_id, period_id, 77, coc_id, aoc_id, '5',"
                " created_batch, updated_batch FROM data_value"));
  Status status = store_->CheckIntegrity();
  EXPECT_EQ(status.code(), ErrorCode::kCorruption);
  EXPECT_THAT(status.message(), HasSubstr("/77/"));
}

TEST_F(SqliteBulkWrites, IntegrityCheckFindsADamagedChunk) {
  std::vector<WriteOutcome> outcomes;
  ASSERT_OK(WriteMany(*store_, {Set("1")}, outcomes));
  Result<SqliteDb> raw = SqliteDb::Open(path(), false);
  ASSERT_TRUE(raw.ok());
  ASSERT_OK(
      raw->Exec("INSERT INTO data_value_audit_chunk (first_id, last_id, batch_id, entries)"
                " SELECT 100, 101, batch_id, x'00ff' FROM data_value_audit_chunk"));
  EXPECT_EQ(store_->CheckIntegrity().code(), ErrorCode::kCorruption);
  Status read = store_->Read([](ReadTransaction& txn) {
    return txn.ScanDataValueChanges(0, [](const DataValueChange&) { return Status::Ok(); });
  });
  EXPECT_EQ(read.code(), ErrorCode::kCorruption);
}

}  // namespace
}  // namespace gemis::store
