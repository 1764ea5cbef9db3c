// Store::WriteGroup (group commit): every fn in one transaction, each in its
// own savepoint, one durable commit. A failing or throwing fn leaves no
// trace — its data values, their audit entries and batch, its audit log
// entry — and the fns around it stay. The commit failing and durability
// under a crash are tested in sqlite_store_test.cc and crash_slow_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "data_value_store_fixture.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using Fn = std::function<Status(WriteTransaction&)>;

class SqliteWriteGroup : public store_test::SqliteDataValues {
 protected:
  // A write of `value` to MEMBERS/January/female at `unit`, by `who`.
  DataValueWrite SetAt(OrgUnitId unit, const std::string& value, const std::string& who) const {
    DataValueWrite w = Set(value);
    w.key = Key(unit);
    w.stored_by = who;
    return w;
  }
  // A fn writing `w` and an audit log entry naming `object`, then returning
  // `end` (OK or the failure it simulates).
  static Fn WriteAndAudit(DataValueWrite w, std::string object, Status end = Status::Ok()) {
    return [w = std::move(w), object = std::move(object), end](WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(w).status());
      AuditEntry e;
      e.username = w.stored_by;
      e.action = "update";
      e.object_type = "dataValue";
      e.object_id = object;
      GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
      return end;
    };
  }
  Status Group(const std::vector<Fn>& fns, std::vector<Status>& results) {
    return store_->WriteGroup(fns, results);
  }
  // The object ids of the audit log, oldest first.
  std::vector<std::string> AuditObjects() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) {
                      return txn.ScanAudit({}, [&](const AuditEntry& e) {
                        out.insert(out.begin(), e.object_id);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }
  // Every change of the data value feed, as "unit=value".
  std::vector<std::string> Feed() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) {
                      return txn.ScanDataValueChanges(0, [&](const DataValueChange& c) {
                        out.push_back(std::to_string(c.key.org_unit) + "=" +
                                      c.new_value.value_or("-"));
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }
  size_t HistoryLength(const DataValueKey& key) {
    size_t n = 0;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(auto history, txn.LoadDataValueAudit(key));
                      n = history.size();
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }
};

TEST_F(SqliteWriteGroup, EmptyGroupDoesNothing) {
  std::vector<Status> results{Status::Internal("stale")};
  ASSERT_OK(Group({}, results));
  EXPECT_TRUE(results.empty());
  EXPECT_TRUE(Feed().empty());
}

TEST_F(SqliteWriteGroup, EveryFnOfASuccessfulGroupIsCommittedWithItsOwnStoredBy) {
  std::vector<Status> results;
  ASSERT_OK(
      Group({WriteAndAudit(SetAt(1, "10", "a"), "one"), WriteAndAudit(SetAt(2, "20", "b"), "two")},
            results));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok() && results[1].ok());
  std::optional<DataValue> one = Get(Key(1)), two = Get(Key(2));
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->value, "10");
  EXPECT_EQ(one->stored_by, "a");
  EXPECT_EQ(two->value, "20");
  EXPECT_EQ(two->stored_by, "b");
  EXPECT_EQ(Feed(), (std::vector<std::string>{"1=10", "2=20"}));
  EXPECT_EQ(AuditObjects(), (std::vector<std::string>{"one", "two"}));
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteWriteGroup, LaterFnsSeeTheWritesOfEarlierOnes) {
  std::vector<Status> results;
  ASSERT_OK(Group({WriteAndAudit(SetAt(2, "20", "a"), "first"),
                   [&](WriteTransaction& txn) -> Status {
                     GEMIS_ASSIGN_OR_RETURN(std::optional<DataValue> v, txn.GetDataValue(Key(2)));
                     if (!v || v->value != "20") return Status::Conflict("write not seen");
                     return txn.WriteDataValue(SetAt(2, "21", "b")).status();
                   }},
                  results));
  EXPECT_TRUE(results[1].ok()) << results[1].ToString();
  EXPECT_EQ(Get(Key(2))->value, "21");
  EXPECT_EQ(HistoryLength(Key(2)), 2u);
}

TEST_F(SqliteWriteGroup, FailingFnInTheMiddleLeavesNoTraceAndTheOthersStay) {
  std::vector<Status> results;
  ASSERT_OK(Group({WriteAndAudit(SetAt(1, "10", "a"), "one"),
                   WriteAndAudit(SetAt(2, "20", "b"), "two", Status::Conflict("stale If-Match")),
                   WriteAndAudit(SetAt(2, "30", "c"), "three")},
                  results));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].code(), ErrorCode::kConflict);
  EXPECT_EQ(results[1].message(), "stale If-Match");
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(Get(Key(2))->value, "30");
  EXPECT_EQ(Get(Key(2))->stored_by, "c");
  // The failed write is in neither the value's history, the feed nor the log.
  EXPECT_EQ(HistoryLength(Key(2)), 1u);
  EXPECT_EQ(Feed(), (std::vector<std::string>{"1=10", "2=30"}));
  EXPECT_EQ(AuditObjects(), (std::vector<std::string>{"one", "three"}));
  ASSERT_OK(store_->CheckIntegrity());
}

// The first data value write of a transaction reserves the batch row (who
// and when) and the audit ids. When that write is in a fn that fails, the
// rollback removes the batch row: the next fn must not name it.
TEST_F(SqliteWriteGroup, FailingFirstWriterLeavesABatchTheNextFnDoesNotName) {
  std::vector<Status> results;
  ASSERT_OK(Group({WriteAndAudit(SetAt(1, "10", "a"), "one", Status::Invalid("no")),
                   WriteAndAudit(SetAt(2, "20", "b"), "two")},
                  results));
  EXPECT_FALSE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_FALSE(Get(Key(1)).has_value());
  std::optional<DataValue> two = Get(Key(2));  // reading it finds its batch
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->stored_by, "b");
  EXPECT_EQ(two->created, "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(Feed(), (std::vector<std::string>{"2=20"}));
  ASSERT_OK(store_->CheckIntegrity());
}

// A period made in a rolled-back fn is gone: the writer must check its id
// again rather than trust what it learnt before the rollback.
TEST_F(SqliteWriteGroup, IdsSeenInARolledBackFnAreCheckedAgain) {
  PeriodId made = 0;
  std::vector<Status> results;
  ASSERT_OK(Group({[&](WriteTransaction& txn) -> Status {
                     GEMIS_ASSIGN_OR_RETURN(made, txn.EnsurePeriod(*Period::Parse("2030")));
                     DataValueWrite w = SetAt(2, "1", "a");
                     w.key.period = made;
                     GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(w).status());
                     return Status::Conflict("rolled back");
                   },
                   [&](WriteTransaction& txn) -> Status {
                     DataValueWrite w = SetAt(2, "2", "b");
                     w.key.period = made;  // names a period that no longer exists
                     return txn.WriteDataValue(w).status();
                   }},
                  results));
  EXPECT_EQ(results[0].code(), ErrorCode::kConflict);
  EXPECT_EQ(results[1].code(), ErrorCode::kConflict) << results[1].ToString();
  EXPECT_THAT(results[1].message(), HasSubstr("period"));
  EXPECT_TRUE(Feed().empty());
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteWriteGroup, FailingBulkWriteLeavesNoChunk) {
  std::vector<Status> results;
  ASSERT_OK(Group({[&](WriteTransaction& txn) -> Status {
                     std::vector<DataValueWrite> writes{SetAt(1, "1", "a"), SetAt(2, "2", "a")};
                     std::vector<WriteOutcome> outcomes;
                     GEMIS_RETURN_IF_ERROR(txn.WriteDataValues(writes, outcomes));
                     return Status::Invalid("rejected");
                   },
                   WriteAndAudit(SetAt(2, "3", "b"), "after")},
                  results));
  EXPECT_FALSE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_FALSE(Get(Key(1)).has_value());
  EXPECT_EQ(Feed(), (std::vector<std::string>{"2=3"}));
  EXPECT_EQ(HistoryLength(Key(2)), 1u);
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteWriteGroup, ThrowingFnIsInternalForItselfOnly) {
  std::vector<Status> results;
  ASSERT_OK(Group(
      {WriteAndAudit(SetAt(1, "10", "a"), "one"),
       [&](WriteTransaction& txn) -> Status {
         GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(SetAt(2, "20", "b")).status());
         throw std::runtime_error("bad cast in the route");
       },
       [](WriteTransaction&) -> Status { throw 42; }, WriteAndAudit(SetAt(2, "30", "c"), "three")},
      results));
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].code(), ErrorCode::kInternal);
  EXPECT_THAT(results[1].message(), HasSubstr("bad cast in the route"));
  EXPECT_EQ(results[2].code(), ErrorCode::kInternal);
  EXPECT_TRUE(results[3].ok());
  EXPECT_EQ(Feed(), (std::vector<std::string>{"1=10", "2=30"}));
  EXPECT_EQ(AuditObjects(), (std::vector<std::string>{"one", "three"}));
}

// A fn that throws in the middle of a scan leaves the scan's cached
// statement mid-step; the rollback and the fns after it must still work.
TEST_F(SqliteWriteGroup, FnThrowingInsideAScanLeavesTheConnectionUsable) {
  ASSERT_TRUE(Apply(SetAt(1, "1", "x")).ok());
  ASSERT_TRUE(Apply(SetAt(2, "2", "x")).ok());
  std::vector<Status> results;
  ASSERT_OK(Group({[&](WriteTransaction& txn) -> Status {
                     GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(SetAt(1, "5", "a")).status());
                     return txn.ScanDataValueChanges(0, [](const DataValueChange&) -> Status {
                       throw std::runtime_error("mid-scan");
                     });
                   },
                   [&](WriteTransaction& txn) -> Status {
                     int n = 0;
                     GEMIS_RETURN_IF_ERROR(txn.ScanDataValueChanges(0, [&](const DataValueChange&) {
                       ++n;
                       return Status::Ok();
                     }));
                     if (n != 2) return Status::Internal("saw " + std::to_string(n) + " changes");
                     return txn.WriteDataValue(SetAt(2, "6", "b")).status();
                   }},
                  results));
  EXPECT_EQ(results[0].code(), ErrorCode::kInternal);
  EXPECT_TRUE(results[1].ok()) << results[1].ToString();
  EXPECT_EQ(Get(Key(1))->value, "1");
  EXPECT_EQ(Get(Key(2))->value, "6");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteWriteGroup, EveryFnFailingCommitsNothing) {
  std::vector<Status> results;
  ASSERT_OK(Group({WriteAndAudit(SetAt(1, "1", "a"), "one", Status::Invalid("x")),
                   WriteAndAudit(SetAt(2, "2", "b"), "two", Status::Invalid("y"))},
                  results));
  EXPECT_EQ(results[0].message(), "x");
  EXPECT_EQ(results[1].message(), "y");
  EXPECT_TRUE(Feed().empty());
  EXPECT_TRUE(AuditObjects().empty());
}

// Many fns, every third failing: the group's result equals each fn run by
// itself with Write.
TEST_F(SqliteWriteGroup, ALargeGroupMatchesOneWritePerFn) {
  std::unique_ptr<Store> single = OpenPopulated("single.db");
  ASSERT_NE(single, nullptr);
  std::vector<Fn> fns;
  for (int i = 0; i < 90; ++i) {
    DataValueWrite w = SetAt(1 + i % 2, std::to_string(i), "user" + std::to_string(i % 5));
    w.key.data_element = i % 3 == 0 ? teams_ : members_;
    w.key.category_option_combo = i % 3 == 0 ? default_ : (i % 2 ? male_ : female_);
    w.remove = i % 7 == 6;
    fns.push_back(WriteAndAudit(w, "w" + std::to_string(i),
                                i % 3 == 2 ? Status::Conflict("no") : Status::Ok()));
  }
  std::vector<Status> results;
  ASSERT_OK(Group(fns, results));
  for (size_t i = 0; i < fns.size(); ++i) {
    Status alone = single->Write(fns[i]);
    EXPECT_EQ(results[i].code(), alone.code()) << i;
  }
  std::vector<std::string> feed = Feed(), audit = AuditObjects();
  store_ = std::move(single);
  EXPECT_EQ(Feed(), feed);
  EXPECT_EQ(AuditObjects(), audit);
}

}  // namespace
}  // namespace gemis::store
