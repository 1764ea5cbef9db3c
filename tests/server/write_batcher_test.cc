// WriteBatcher: many request threads' writes committed in groups, each with
// its own status; failing fns do not affect the others; Stop drains.
#include "server/write_batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::server {
namespace {

using namespace std::chrono_literals;

// A fn that appends an audit log entry naming `object`, then returns `end`.
WriteBatcher::Fn Append(std::string object, Status end = Status::Ok()) {
  return [object = std::move(object), end](store::WriteTransaction& txn) -> Status {
    store::AuditEntry e;
    e.username = "batcher";
    e.action = "test";
    e.object_type = "test";
    e.object_id = object;
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    return end;
  };
}

// Blocks the writer thread inside a group until Release().
class Gate {
 public:
  WriteBatcher::Fn Fn() {
    return [this](store::WriteTransaction&) {
      entered_.set_value();
      released_.wait();
      return Status::Ok();
    };
  }
  void WaitEntered() { entered_future_.wait(); }
  void Release() { release_.set_value(); }

 private:
  std::promise<void> entered_, release_;
  std::future<void> entered_future_ = entered_.get_future();
  std::shared_future<void> released_ = release_.get_future().share();
};

class WriteBatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  std::set<std::string> AuditObjects() {
    std::set<std::string> out;
    store::AuditFilter filter;
    filter.limit = 100000;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) {
                      return txn.ScanAudit(filter, [&](const store::AuditEntry& e) {
                        out.insert(e.object_id);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }

  // Waits (up to 10 s) until `n` fns are queued behind the group committing.
  static bool WaitQueued(const WriteBatcher& batcher, size_t n) {
    for (int i = 0; i < 10000 && batcher.queued() < n; ++i) std::this_thread::sleep_for(1ms);
    return batcher.queued() >= n;
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(WriteBatcherTest, ManyThreadsEachGetTheirOwnStatus) {
  constexpr int kThreads = 16, kPerThread = 40;
  WriteBatcher batcher(*store_);
  std::atomic<int> wrong{0};
  std::set<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      if (i % 5 != 4) expected.insert(std::to_string(t) + "/" + std::to_string(i));
    }
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fails = i % 5 == 4;
        std::string object = std::to_string(t) + "/" + std::to_string(i);
        Status status =
            batcher.Submit(Append(object, fails ? Status::Conflict(object) : Status::Ok()));
        if (fails ? status.code() != ErrorCode::kConflict || status.message() != object
                  : !status.ok()) {
          ++wrong;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(AuditObjects(), expected);
  WriteBatcher::Stats stats = batcher.stats();
  EXPECT_EQ(stats.fns, kThreads * kPerThread);
  EXPECT_LE(stats.groups, stats.fns);
  std::cout << "groups: " << stats.groups << " for " << stats.fns
            << " fns, largest: " << stats.largest_group << std::endl;
}

TEST_F(WriteBatcherTest, FnsQueuedDuringACommitShareTheNextGroup) {
  WriteBatcher batcher(*store_);
  Gate gate;
  std::future<Status> first =
      std::async(std::launch::async, [&] { return batcher.Submit(gate.Fn()); });
  gate.WaitEntered();
  std::vector<std::future<Status>> rest;
  for (int i = 0; i < 10; ++i) {
    rest.push_back(std::async(std::launch::async, [&batcher, i] {
      return batcher.Submit(Append("queued" + std::to_string(i)));
    }));
  }
  ASSERT_TRUE(WaitQueued(batcher, 10));
  gate.Release();
  EXPECT_TRUE(first.get().ok());
  for (auto& r : rest) EXPECT_TRUE(r.get().ok());
  WriteBatcher::Stats stats = batcher.stats();
  EXPECT_EQ(stats.groups, 2);
  EXPECT_EQ(stats.largest_group, 10u);
  EXPECT_EQ(AuditObjects().size(), 10u);
}

TEST_F(WriteBatcherTest, FailingAndThrowingFnsDoNotAffectTheirGroup) {
  WriteBatcher batcher(*store_);
  Gate gate;
  std::future<Status> first =
      std::async(std::launch::async, [&] { return batcher.Submit(gate.Fn()); });
  gate.WaitEntered();
  auto submit = [&](WriteBatcher::Fn fn) {
    auto f = std::async(std::launch::async,
                        [&batcher, fn = std::move(fn)] { return batcher.Submit(fn); });
    return f;
  };
  // Queued one by one, so that they run in this order in one group.
  std::future<Status> ok1 = submit(Append("ok1"));
  ASSERT_TRUE(WaitQueued(batcher, 1));
  std::future<Status> bad = submit(Append("bad", Status::Invalid("no")));
  ASSERT_TRUE(WaitQueued(batcher, 2));
  std::future<Status> thrown = submit([](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(Append("thrown")(txn));
    throw std::runtime_error("boom");
  });
  ASSERT_TRUE(WaitQueued(batcher, 3));
  std::future<Status> ok2 = submit(Append("ok2"));
  ASSERT_TRUE(WaitQueued(batcher, 4));
  gate.Release();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(ok1.get().ok());
  EXPECT_EQ(bad.get().code(), ErrorCode::kInvalidInput);
  Status t = thrown.get();
  EXPECT_EQ(t.code(), ErrorCode::kInternal);
  EXPECT_NE(t.message().find("boom"), std::string::npos) << t.message();
  EXPECT_TRUE(ok2.get().ok());
  EXPECT_EQ(AuditObjects(), (std::set<std::string>{"ok1", "ok2"}));
  EXPECT_EQ(batcher.stats().largest_group, 4u);
}

TEST_F(WriteBatcherTest, StopDrainsTheQueueThenRefuses) {
  WriteBatcher batcher(*store_);
  Gate gate;
  std::future<Status> first =
      std::async(std::launch::async, [&] { return batcher.Submit(gate.Fn()); });
  gate.WaitEntered();
  std::vector<std::future<Status>> queued;
  for (int i = 0; i < 5; ++i) {
    queued.push_back(std::async(std::launch::async, [&batcher, i] {
      return batcher.Submit(Append("drained" + std::to_string(i)));
    }));
  }
  ASSERT_TRUE(WaitQueued(batcher, 5));
  std::future<void> stopped = std::async(std::launch::async, [&] { batcher.Stop(); });
  // Stop() waits for the queue: it cannot finish while the gate holds.
  EXPECT_EQ(stopped.wait_for(50ms), std::future_status::timeout);
  Status late = batcher.Submit(Append("late"));
  EXPECT_EQ(late.code(), ErrorCode::kUsage);
  gate.Release();
  stopped.get();
  EXPECT_TRUE(first.get().ok());
  for (auto& q : queued) EXPECT_TRUE(q.get().ok());
  EXPECT_EQ(AuditObjects().size(), 5u);
  batcher.Stop();  // idempotent
}

TEST_F(WriteBatcherTest, GroupsNeverExceedTheMaximum) {
  WriteBatcher batcher(*store_, {.max_group = 3});
  Gate gate;
  std::future<Status> first =
      std::async(std::launch::async, [&] { return batcher.Submit(gate.Fn()); });
  gate.WaitEntered();
  std::vector<std::future<Status>> queued;
  for (int i = 0; i < 7; ++i) {
    queued.push_back(std::async(std::launch::async, [&batcher, i] {
      return batcher.Submit(Append("n" + std::to_string(i)));
    }));
  }
  ASSERT_TRUE(WaitQueued(batcher, 7));
  gate.Release();
  for (auto& q : queued) EXPECT_TRUE(q.get().ok());
  EXPECT_TRUE(first.get().ok());
  WriteBatcher::Stats stats = batcher.stats();
  EXPECT_EQ(stats.largest_group, 3u);
  EXPECT_EQ(stats.groups, 4);  // the gate, then 3 + 3 + 1
}

}  // namespace
}  // namespace gemis::server
