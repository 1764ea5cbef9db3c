// An external merge sort of data value writes by key, for `gemis import
// datavalues` (data_value_import.cc). A file's rows rarely come in the order
// of the data_value table's primary key (element, period, org unit, option
// combo, attribute option combo): a form per unit gives them unit by unit.
// Written in that order, a large import dirties pages all over the B-tree
// with every chunk; sorted, it walks the B-tree once from left to right.
// docs/store.md ("Writing many data values") has the design and its
// measurements.
//
// DataValueWriteSorter keeps the writes added in memory, compactly encoded,
// until they take `run_bytes`; then it sorts them and spills them to a
// temporary file (a sorted run). Reading merges the runs. The sort is
// stable: the writes of one key come out in the order they were added (the
// later row of a file wins, as when written in file order). When every
// write fits in one run nothing touches the disk.
//
// Memory stays bounded whatever the input's size: the in-memory run (at most
// run_bytes, or one write when a single write is larger), plus one block
// (~64 KiB) per run while merging; never more than max_fan_in runs are
// merged at once (more are first merged into one run on disk).
//
// Temporary files have no name: they are unlinked as soon as they are
// created, so they vanish on every path — errors, exceptions, a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_value.h"
#include "core/status.h"

namespace gemis::exchange {

// A temporary file without a name: created in `dir` (or $TMPDIR, or /tmp,
// when `dir` is empty) and unlinked at once. Closed by the destructor.
class AnonymousFile {
 public:
  static Result<AnonymousFile> Create(const std::string& dir);
  AnonymousFile(AnonymousFile&& other) noexcept;
  AnonymousFile& operator=(AnonymousFile&& other) noexcept;
  AnonymousFile(const AnonymousFile&) = delete;
  AnonymousFile& operator=(const AnonymousFile&) = delete;
  ~AnonymousFile();

  int fd() const { return fd_; }

 private:
  explicit AnonymousFile(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// The fields of a write without copies (views into a buffer).
struct DataValueWriteView {
  DataValueKey key;
  WriteMode mode = WriteMode::kCreateOrUpdate;
  bool remove = false, followup = false;
  std::string_view value;
  std::optional<std::string_view> comment;
  std::string_view stored_by;
};

// Writes one run to a file, from offset 0: blocks of about kRunBlockBytes,
// each with its size, record count and checksum, then an end mark holding
// the number of writes. The file's bytes are this process's own (native
// byte order); they are never kept.
class RunWriter {
 public:
  static constexpr size_t kRunBlockBytes = 64 * 1024;

  explicit RunWriter(int fd) : fd_(fd) {}  // does not own `fd`
  Status Append(const DataValueWrite& write);
  Status Append(const DataValueWriteView& write);
  // Writes the last block and the end mark. No Append afterwards.
  Status Finish();
  int64_t count() const { return count_; }

 private:
  Status Flush();

  int fd_;
  uint64_t offset_ = 0;
  std::string block_;
  uint32_t block_records_ = 0;
  std::string last_stored_by_;  // of the block's previous record
  int64_t count_ = 0;
};

// Reads a run RunWriter wrote, from offset 0.
class RunReader {
 public:
  explicit RunReader(int fd) : fd_(fd) {}  // does not own `fd`
  // The next write into `write` (its buffers are reused); false after the
  // last. kCorruption when the bytes are damaged or the run is cut short,
  // kIo when the file cannot be read.
  Result<bool> Next(DataValueWrite& write);

 private:
  Status LoadBlock();

  int fd_;
  uint64_t offset_ = 0;
  int64_t file_size_ = -1;  // read at the first block
  std::string block_;
  size_t pos_ = 0;
  uint32_t records_left_ = 0;
  int64_t count_ = 0;
  bool ended_ = false;
  std::string last_stored_by_;
};

class DataValueWriteSorter {
 public:
  struct Options {
    // Memory for the writes held before a run is spilled (each takes about
    // 50 bytes plus its strings).
    size_t run_bytes = size_t{256} << 20;
    // Where runs are spilled; "" for $TMPDIR, else /tmp.
    std::string temp_dir;
    // Runs merged at once (at least 2): one block of memory each.
    size_t max_fan_in = 64;
  };

  explicit DataValueWriteSorter(Options options);
  DataValueWriteSorter(const DataValueWriteSorter&) = delete;
  DataValueWriteSorter& operator=(const DataValueWriteSorter&) = delete;
  ~DataValueWriteSorter();

  // Adds a write; may spill a run (kIo when the temporary file cannot be
  // created or written).
  Status Add(const DataValueWrite& write);
  // Ends the input; Read then gives the writes in key order.
  Status Finish();
  // The next writes in key order, at most `max`, into `out` (resized; its
  // strings' buffers are reused). Empty once every write was read.
  Status Read(std::vector<DataValueWrite>& out, size_t max);

  // Writes added.
  int64_t size() const { return added_; }
  // Runs written to disk so far (merged runs included).
  size_t runs_spilled() const { return runs_spilled_; }

 private:
  struct Entry {
    DataValueKey key;
    uint64_t offset;  // of the write's fields in arena_; grows with Add order
  };
  struct Run {
    AnonymousFile file;
  };
  class Merger;

  // The in-memory write at `entry`.
  DataValueWriteView View(const Entry& entry) const;
  void SortMemory();
  // Sorts the in-memory writes and writes them as a run; merges the runs
  // into one when there are max_fan_in of them.
  Status Spill();
  Status MergeRunsOnDisk();
  // Room for one more entry and `bytes` more in the arena, within run_bytes
  // (false: spill first).
  bool Reserve(size_t bytes);

  Options options_;
  std::vector<Entry> entries_;
  std::string arena_;
  std::vector<Run> runs_;  // oldest first
  int64_t added_ = 0;
  size_t runs_spilled_ = 0;
  bool finished_ = false;
  // Reading: the in-memory writes (no run spilled) by position, or a merger.
  size_t next_entry_ = 0;
  std::unique_ptr<Merger> merger_;
};

}  // namespace gemis::exchange
