// The hand-over between the two threads of a data value import
// (data_value_import.cc): the reading thread parses and resolves rows into
// chunks and pushes them; the writing thread, which holds the store's
// transaction, pops and writes them. Bounded, so memory stays at a few chunks
// whatever the file's size; emptied chunks travel back for reuse, so their
// buffers are allocated once per import rather than once per chunk.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace gemis::exchange {

// Thread safety: every member may be called from any thread.
template <typename Chunk>
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t capacity) : capacity_(capacity) {}

  // Waits while the queue is full. False once Cancel was called (the chunk
  // is dropped): the producer should stop.
  bool Push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return cancelled_ || full_.size() < capacity_; });
    if (cancelled_) return false;
    full_.push_back(std::move(chunk));
    not_empty_.notify_one();
    return true;
  }

  // Waits for a chunk; nullopt once the producer closed the queue and every
  // chunk was taken, or after Cancel.
  std::optional<Chunk> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return cancelled_ || closed_ || !full_.empty(); });
    if (cancelled_ || full_.empty()) return std::nullopt;
    Chunk chunk = std::move(full_.front());
    full_.pop_front();
    not_full_.notify_one();
    return chunk;
  }

  // The producer's end: no more chunks.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

  // The consumer's end (it failed): wakes and stops the producer.
  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  // An emptied chunk for the producer to fill again (keeps its capacity).
  void Recycle(Chunk chunk) {
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(chunk));
  }

  // A recycled chunk, or a new one.
  Chunk Fresh() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return Chunk();
    Chunk chunk = std::move(spare_.back());
    spare_.pop_back();
    return chunk;
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> full_;
  std::vector<Chunk> spare_;
  bool closed_ = false, cancelled_ = false;
};

}  // namespace gemis::exchange
