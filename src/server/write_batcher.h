// Group commit for the API's small writes: request threads hand their write
// to one writer thread, which commits everything waiting as one group
// (store::Store::WriteGroup: one transaction, a savepoint per write, one
// durable commit). Under load one fsync then acknowledges many writes
// instead of one, while each write still succeeds or fails by itself.
//
// Invariants:
//  (1) Submit returns OK only after the group holding its fn is committed
//      durably: an acknowledged write is durable (store invariant (1));
//  (2) a fn that fails or throws is rolled back alone (WriteGroup); a failed
//      commit fails every fn of its group, never a later group;
//  (3) fns run one at a time, in the order they were submitted, on the
//      writer thread; a fn sees every write of the fns before it;
//  (4) Stop() drains: every fn submitted before it runs and is answered.
//
// How a route uses it (api_data_values.cc): do everything that needs no
// store — parse, resolve ids against the World, scope and authority checks,
// canonical value — on the request thread, then Submit one fn that does the
// whole read-check-write inside the transaction: EnsurePeriod, read the
// stored value, the If-Match check, WriteDataValue, and AppendAudit of its
// audit entry (api.h invariant (3): in the same transaction). Results the
// response needs (outcome, before/after JSON, "precondition failed") are
// written by the fn into variables of the caller, which Submit's return
// makes safe to read. The fn must not call the store (it runs under the
// store's writer lock) nor block on anything else, and must not keep
// references past its return. For example:
//
//   bool precondition_failed = false;
//   // batcher: the WriteBatcher the Api owns, over the same store.
//   Status status = batcher.Submit([&](store::WriteTransaction& txn) -> Status {
//     GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(k->period));
//     …                                // read, If-Match, WriteDataValue
//     return txn.AppendAudit(entry).status();
//   });
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "store/store.h"

namespace gemis::server {

struct WriteBatcherOptions {
  // The most fns one group (one transaction) holds.
  size_t max_group = 256;
};

// Thread-safe. The store must outlive the batcher.
class WriteBatcher {
 public:
  using Fn = std::function<Status(store::WriteTransaction&)>;

  // Starts the writer thread.
  explicit WriteBatcher(store::Store& store, WriteBatcherOptions options = {});
  // Stop(), then joins the writer thread.
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  // Queues `fn` and blocks the calling thread until its group is committed
  // (or failed); returns fn's Status — OK means durable — or the group's
  // failure. kUsage once Stop() has begun. Must not be called from a fn.
  Status Submit(Fn fn);

  // Refuses new fns, runs and answers every fn already queued, then ends the
  // writer thread. Idempotent; blocks until drained.
  void Stop();

  // Counters (for tests and the benchmark's notes): groups committed or
  // failed, and fns run.
  struct Stats {
    int64_t groups = 0, fns = 0;
    size_t largest_group = 0;
  };
  Stats stats() const;
  // Fns waiting for the writer thread (not counting the group committing).
  size_t queued() const;

 private:
  struct Pending {
    Fn fn;
    Status result;
    bool done = false;
  };

  void Run();
  // Runs one group (outside the lock) and answers its fns.
  void Commit(std::deque<Pending*>& group);

  store::Store& store_;
  const WriteBatcherOptions options_;
  std::mutex join_mutex_;  // one Stop() joins the writer at a time
  mutable std::mutex mutex_;
  std::condition_variable work_;      // the writer waits for fns or Stop
  std::condition_variable answered_;  // submitters wait for their result
  std::deque<Pending*> queue_;        // owned by the submitting threads
  bool stopping_ = false;
  Stats stats_;
  std::thread writer_;
};

}  // namespace gemis::server
