#include "server/write_batcher.h"

#include <algorithm>
#include <exception>
#include <span>
#include <string>
#include <vector>

namespace gemis::server {

WriteBatcher::WriteBatcher(store::Store& store, WriteBatcherOptions options)
    : store_(store), options_(options) {
  writer_ = std::thread([this] { Run(); });
}

WriteBatcher::~WriteBatcher() { Stop(); }

Status WriteBatcher::Submit(Fn fn) {
  Pending pending{std::move(fn), Status::Ok(), false};
  std::unique_lock lock(mutex_);
  if (stopping_) return Status::Usage("the write batcher is stopping");
  queue_.push_back(&pending);
  work_.notify_one();
  answered_.wait(lock, [&] { return pending.done; });
  return std::move(pending.result);
}

void WriteBatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  // Only one caller joins; the others wait for it to finish.
  std::lock_guard join(join_mutex_);
  if (writer_.joinable()) writer_.join();
}

WriteBatcher::Stats WriteBatcher::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

size_t WriteBatcher::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WriteBatcher::Run() {
  std::deque<Pending*> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      // Stopping with an empty queue: everything submitted was answered.
      if (queue_.empty()) return;
      // Everything that queued up while the previous group committed.
      const size_t n = std::min(queue_.size(), std::max<size_t>(options_.max_group, 1));
      group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    Commit(group);
  }
}

void WriteBatcher::Commit(std::deque<Pending*>& group) {
  std::vector<Fn> fns;
  fns.reserve(group.size());
  for (Pending* p : group) fns.push_back(std::move(p->fn));
  std::vector<Status> results;
  Status status;
  // WriteGroup catches what a fn throws and fills every result; only
  // running out of memory could escape it, and no submitter may hang.
  try {
    status = store_.WriteGroup(std::span<const Fn>(fns), results);
  } catch (const std::exception& e) {
    status = Status::Internal(std::string("group commit failed: ") + e.what());
    results.clear();
  }
  // Destroy the fns (and what they captured) before their submitters go on.
  fns.clear();
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < group.size(); ++i) {
    group[i]->result = i < results.size() ? std::move(results[i]) : status;
    group[i]->done = true;
  }
  ++stats_.groups;
  stats_.fns += static_cast<int64_t>(group.size());
  stats_.largest_group = std::max(stats_.largest_group, group.size());
  answered_.notify_all();
}

}  // namespace gemis::server
