#include "exchange/data_value_write_sorter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <utility>

namespace gemis::exchange {

namespace {

// Block header: payload bytes (uint32), records (uint32), checksum (uint64).
// The end mark is a header with no payload and no records whose checksum
// field is kEndMark ^ the run's number of writes.
constexpr size_t kHeaderBytes = 16;
constexpr uint64_t kEndMark = 0x6e75722d736d6567;  // "gems-run"

// Record flags.
constexpr uint8_t kRemove = 1, kFollowup = 2, kHasComment = 4, kSameStoredBy = 8;
constexpr int kModeShift = 4;

auto KeyTuple(const DataValueKey& k) {
  return std::tie(k.data_element, k.period, k.org_unit, k.category_option_combo,
                  k.attribute_option_combo);
}

bool KeyLess(const DataValueKey& a, const DataValueKey& b) { return KeyTuple(a) < KeyTuple(b); }

// A checksum of the block's bytes, to find damage (not an adversary).
uint64_t Checksum(const char* data, size_t size) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
  for (; size >= 8; data += 8, size -= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data, size);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

void PutVarint(std::string& out, uint64_t v) {
  char bytes[10];
  size_t n = 0;
  while (v >= 0x80) {
    bytes[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  bytes[n++] = static_cast<char>(v);
  out.append(bytes, n);
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

// Reads from a buffer, every step bounds-checked.
class Decoder {
 public:
  Decoder(const char* data, size_t size, size_t pos) : data_(data), size_(size), pos_(pos) {}

  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= size_) return false;
      const auto byte = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return true;
    }
    return false;
  }
  bool String(std::string_view& s) {
    uint64_t n;
    if (!Varint(n) || n > size_ - pos_) return false;
    s = std::string_view(data_ + pos_, n);
    pos_ += n;
    return true;
  }
  bool Byte(uint8_t& b) {
    if (pos_ >= size_) return false;
    b = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  const char* data_;
  size_t size_, pos_;
};

uint8_t Flags(const DataValueWriteView& w) {
  return static_cast<uint8_t>((w.remove ? kRemove : 0) | (w.followup ? kFollowup : 0) |
                              (w.comment ? kHasComment : 0) |
                              (static_cast<uint8_t>(w.mode) << kModeShift));
}

// The flags' mode, false when it names none.
bool ModeOf(uint8_t flags, WriteMode& mode) {
  const int m = flags >> kModeShift;
  if (m > static_cast<int>(WriteMode::kUpdateOnly)) return false;
  mode = static_cast<WriteMode>(m);
  return true;
}

DataValueWriteView ViewOf(const DataValueWrite& w) {
  DataValueWriteView v{w.key, w.mode, w.remove, w.followup, w.value, std::nullopt, w.stored_by};
  if (w.comment) v.comment = *w.comment;
  return v;
}

Status IoError(const std::string& what) {
  return Status::Io("data value sort: " + what + ": " + std::strerror(errno));
}

Status WriteAll(int fd, const char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write a temporary file");
    }
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

// Reads `size` bytes at `offset`; false when the file ends first.
Result<bool> ReadAll(int fd, char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read a temporary file");
    }
    if (n == 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

Status Damaged(const std::string& what) {
  return Status::Corruption("data value sort: a temporary run file is damaged: " + what);
}

}  // namespace

// --- AnonymousFile

Result<AnonymousFile> AnonymousFile::Create(const std::string& dir) {
  std::string where = dir;
  if (where.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    where = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string path = where + "/gemis-sort-XXXXXX";
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a temporary file in " + where);
  ::unlink(path.c_str());
  return AnonymousFile(fd);
}

AnonymousFile::AnonymousFile(AnonymousFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

AnonymousFile& AnonymousFile::operator=(AnonymousFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

AnonymousFile::~AnonymousFile() {
  if (fd_ >= 0) ::close(fd_);
}

// --- RunWriter

Status RunWriter::Append(const DataValueWrite& write) { return Append(ViewOf(write)); }

Status RunWriter::Append(const DataValueWriteView& w) {
  if (block_.empty()) block_.assign(kHeaderBytes, '\0');
  const DataValueKey& k = w.key;
  for (int64_t id :
       {k.data_element, k.period, k.org_unit, k.category_option_combo, k.attribute_option_combo}) {
    PutVarint(block_, static_cast<uint64_t>(id));
  }
  // Writes in a row mostly share who stored them: said once per block.
  const bool same = block_records_ > 0 && w.stored_by == last_stored_by_;
  block_.push_back(static_cast<char>(Flags(w) | (same ? kSameStoredBy : 0)));
  if (!w.remove) PutString(block_, w.value);
  if (w.comment) PutString(block_, *w.comment);
  if (!same) {
    PutString(block_, w.stored_by);
    last_stored_by_.assign(w.stored_by);
  }
  ++block_records_;
  ++count_;
  if (block_.size() >= kRunBlockBytes) return Flush();
  return Status::Ok();
}

Status RunWriter::Flush() {
  if (block_records_ == 0) return Status::Ok();
  const size_t payload = block_.size() - kHeaderBytes;
  if (payload > UINT32_MAX) return Status::Internal("data value sort: a write is too large");
  const auto payload32 = static_cast<uint32_t>(payload);
  const uint64_t sum = Checksum(block_.data() + kHeaderBytes, payload);
  std::memcpy(block_.data(), &payload32, 4);
  std::memcpy(block_.data() + 4, &block_records_, 4);
  std::memcpy(block_.data() + 8, &sum, 8);
  GEMIS_RETURN_IF_ERROR(WriteAll(fd_, block_.data(), block_.size(), offset_));
  offset_ += block_.size();
  block_.clear();
  block_records_ = 0;
  return Status::Ok();
}

Status RunWriter::Finish() {
  GEMIS_RETURN_IF_ERROR(Flush());
  char end[kHeaderBytes] = {};
  const uint64_t mark = kEndMark ^ static_cast<uint64_t>(count_);
  std::memcpy(end + 8, &mark, 8);
  GEMIS_RETURN_IF_ERROR(WriteAll(fd_, end, sizeof end, offset_));
  offset_ += sizeof end;
  return Status::Ok();
}

// --- RunReader

Status RunReader::LoadBlock() {
  if (file_size_ < 0) {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return IoError("cannot read a temporary file");
    file_size_ = st.st_size;
  }
  char header[kHeaderBytes];
  GEMIS_ASSIGN_OR_RETURN(bool whole, ReadAll(fd_, header, sizeof header, offset_));
  if (!whole) return Damaged("it ends before its end mark");
  uint32_t payload, records;
  uint64_t sum;
  std::memcpy(&payload, header, 4);
  std::memcpy(&records, header + 4, 4);
  std::memcpy(&sum, header + 8, 8);
  offset_ += kHeaderBytes;
  if (payload == 0 && records == 0) {
    if ((sum ^ kEndMark) != static_cast<uint64_t>(count_)) {
      return Damaged("its end mark does not match its " + std::to_string(count_) + " writes");
    }
    ended_ = true;
    return Status::Ok();
  }
  if (records == 0 || payload > static_cast<uint64_t>(file_size_) - offset_ || records > payload) {
    return Damaged("a block header at byte " + std::to_string(offset_ - kHeaderBytes));
  }
  block_.resize(payload);
  GEMIS_ASSIGN_OR_RETURN(whole, ReadAll(fd_, block_.data(), payload, offset_));
  if (!whole) return Damaged("it ends inside a block");
  if (Checksum(block_.data(), payload) != sum) {
    return Damaged("the checksum of the block at byte " + std::to_string(offset_ - kHeaderBytes));
  }
  offset_ += payload;
  pos_ = 0;
  records_left_ = records;
  return Status::Ok();
}

Result<bool> RunReader::Next(DataValueWrite& w) {
  if (ended_) return false;
  const bool block_start = records_left_ == 0;
  if (block_start) {
    GEMIS_RETURN_IF_ERROR(LoadBlock());
    if (ended_) return false;
  }
  Decoder in(block_.data(), block_.size(), pos_);
  uint64_t ids[5];
  for (uint64_t& id : ids) {
    if (!in.Varint(id)) return Damaged("a write's key");
  }
  w.key = {static_cast<int64_t>(ids[0]), static_cast<int64_t>(ids[1]), static_cast<int64_t>(ids[2]),
           static_cast<int64_t>(ids[3]), static_cast<int64_t>(ids[4])};
  uint8_t flags;
  if (!in.Byte(flags) || !ModeOf(flags, w.mode) || (block_start && (flags & kSameStoredBy))) {
    return Damaged("a write's flags");
  }
  w.remove = (flags & kRemove) != 0;
  w.followup = (flags & kFollowup) != 0;
  std::string_view text;
  w.value.clear();
  if (!w.remove) {
    if (!in.String(text)) return Damaged("a write's value");
    w.value.assign(text);
  }
  if (flags & kHasComment) {
    if (!in.String(text)) return Damaged("a write's comment");
    w.comment.emplace(text);
  } else {
    w.comment.reset();
  }
  if (flags & kSameStoredBy) {
    w.stored_by.assign(last_stored_by_);
  } else {
    if (!in.String(text)) return Damaged("a write's stored_by");
    w.stored_by.assign(text);
    last_stored_by_.assign(text);
  }
  pos_ = in.pos();
  ++count_;
  if (--records_left_ == 0 && pos_ != block_.size()) return Damaged("a block's length");
  return true;
}

// --- DataValueWriteSorter

// A k-way merge of runs: a binary heap of the runs' current writes, ties
// going to the older run (so the merge is stable).
class DataValueWriteSorter::Merger {
 private:
  struct Source {
    RunReader reader;
    DataValueWrite head;
  };
  Merger() = default;
  // The heap's order: std heaps put the greatest first, so "greater" means
  // "comes later".
  auto After() const {
    return [this](size_t a, size_t b) {
      const DataValueKey& ka = sources_[a].head.key;
      const DataValueKey& kb = sources_[b].head.key;
      if (KeyLess(kb, ka)) return true;
      if (KeyLess(ka, kb)) return false;
      return a > b;
    };
  }

 public:
  // `runs` oldest first; they must outlive the merger.
  static Result<std::unique_ptr<Merger>> Start(const std::vector<Run>& runs) {
    auto merger = std::unique_ptr<Merger>(new Merger());
    merger->sources_.reserve(runs.size());
    for (const Run& run : runs) merger->sources_.push_back({RunReader(run.file.fd()), {}});
    for (size_t i = 0; i < merger->sources_.size(); ++i) {
      GEMIS_ASSIGN_OR_RETURN(bool any, merger->sources_[i].reader.Next(merger->sources_[i].head));
      if (any) merger->heap_.push_back(i);
    }
    std::make_heap(merger->heap_.begin(), merger->heap_.end(), merger->After());
    return merger;
  }

  // The next write in order into `out` (swapped in: `out`'s buffers go to
  // the run for its next write); false at the end.
  Result<bool> Next(DataValueWrite& out) {
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), After());
    const size_t i = heap_.back();
    Source& source = sources_[i];
    std::swap(out, source.head);
    GEMIS_ASSIGN_OR_RETURN(bool more, source.reader.Next(source.head));
    if (more) {
      std::push_heap(heap_.begin(), heap_.end(), After());
    } else {
      heap_.pop_back();
    }
    return true;
  }

 private:
  std::vector<Source> sources_;
  std::vector<size_t> heap_;  // indexes into sources_
};

DataValueWriteSorter::DataValueWriteSorter(Options options) : options_(std::move(options)) {
  options_.max_fan_in = std::max<size_t>(options_.max_fan_in, 2);
}

DataValueWriteSorter::~DataValueWriteSorter() = default;

bool DataValueWriteSorter::Reserve(size_t bytes) {
  const size_t need_entries = entries_.size() + 1, need_arena = arena_.size() + bytes;
  const size_t entry_cap = entries_.capacity(), arena_cap = arena_.capacity();
  if (need_entries <= entry_cap && need_arena <= arena_cap) return true;
  // A part that must grow doubles, or takes what the budget leaves it.
  const size_t budget = options_.run_bytes;
  auto left = [&](size_t used) { return budget > used ? budget - used : 0; };
  size_t new_entries = entry_cap, new_arena = arena_cap;
  if (need_entries > entry_cap) {
    const size_t doubled = std::max<size_t>(1024, 2 * entry_cap);
    new_entries = std::max(
        need_entries, std::min(doubled, left(std::max(arena_cap, need_arena)) / sizeof(Entry)));
  }
  if (need_arena > arena_cap) {
    const size_t doubled = std::max<size_t>(64 * 1024, 2 * arena_cap);
    new_arena = std::max(need_arena, std::min(doubled, left(new_entries * sizeof(Entry))));
  }
  // Over the budget even so: spill first, unless nothing is held (a write
  // larger than the budget goes alone).
  if (new_entries * sizeof(Entry) + new_arena > budget && !entries_.empty()) return false;
  entries_.reserve(new_entries);
  arena_.reserve(new_arena);
  return true;
}

Status DataValueWriteSorter::Add(const DataValueWrite& w) {
  if (finished_) return Status::Internal("data value sort: Add after Finish");
  const size_t bytes =
      1 + 10 * 3 + w.value.size() + (w.comment ? w.comment->size() : 0) + w.stored_by.size();
  if (!Reserve(bytes)) {
    GEMIS_RETURN_IF_ERROR(Spill());
    Reserve(bytes);  // fits now: nothing is held
  }
  entries_.push_back({w.key, arena_.size()});
  const DataValueWriteView v = ViewOf(w);
  arena_.push_back(static_cast<char>(Flags(v)));
  if (!w.remove) PutString(arena_, w.value);
  if (w.comment) PutString(arena_, *w.comment);
  PutString(arena_, w.stored_by);
  ++added_;
  return Status::Ok();
}

DataValueWriteView DataValueWriteSorter::View(const Entry& e) const {
  DataValueWriteView v;
  v.key = e.key;
  Decoder in(arena_.data(), arena_.size(), e.offset);
  uint8_t flags = 0;
  in.Byte(flags);  // the arena is this object's own: decoding cannot fail
  ModeOf(flags, v.mode);
  v.remove = (flags & kRemove) != 0;
  v.followup = (flags & kFollowup) != 0;
  if (!v.remove) in.String(v.value);
  if (flags & kHasComment) {
    std::string_view comment;
    in.String(comment);
    v.comment = comment;
  }
  in.String(v.stored_by);
  return v;
}

void DataValueWriteSorter::SortMemory() {
  // The offset grows with the order of Add: as the tie-break it makes an
  // unstable sort stable, without std::stable_sort's buffer.
  auto before = [](const Entry& a, const Entry& b) {
    if (KeyLess(a.key, b.key)) return true;
    if (KeyLess(b.key, a.key)) return false;
    return a.offset < b.offset;
  };
  if (!std::is_sorted(entries_.begin(), entries_.end(), before)) {
    std::sort(entries_.begin(), entries_.end(), before);
  }
}

Status DataValueWriteSorter::Spill() {
  if (entries_.empty()) return Status::Ok();
  SortMemory();
  GEMIS_ASSIGN_OR_RETURN(AnonymousFile file, AnonymousFile::Create(options_.temp_dir));
  RunWriter writer(file.fd());
  for (const Entry& e : entries_) GEMIS_RETURN_IF_ERROR(writer.Append(View(e)));
  GEMIS_RETURN_IF_ERROR(writer.Finish());
  runs_.push_back({std::move(file)});
  ++runs_spilled_;
  entries_.clear();  // the capacity is kept for the next run
  arena_.clear();
  if (runs_.size() >= options_.max_fan_in) return MergeRunsOnDisk();
  return Status::Ok();
}

Status DataValueWriteSorter::MergeRunsOnDisk() {
  GEMIS_ASSIGN_OR_RETURN(AnonymousFile file, AnonymousFile::Create(options_.temp_dir));
  {
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<Merger> merger, Merger::Start(runs_));
    RunWriter writer(file.fd());
    DataValueWrite w;
    while (true) {
      GEMIS_ASSIGN_OR_RETURN(bool any, merger->Next(w));
      if (!any) break;
      GEMIS_RETURN_IF_ERROR(writer.Append(w));
    }
    GEMIS_RETURN_IF_ERROR(writer.Finish());
  }
  // The merged run holds the oldest writes: it stays first.
  runs_.clear();
  runs_.push_back({std::move(file)});
  ++runs_spilled_;
  return Status::Ok();
}

Status DataValueWriteSorter::Finish() {
  if (finished_) return Status::Ok();
  finished_ = true;
  if (runs_.empty()) {
    SortMemory();  // everything fits in memory: no file
    return Status::Ok();
  }
  // Runs are on disk: the last one goes too, and its memory is given back
  // before the writing starts.
  GEMIS_RETURN_IF_ERROR(Spill());
  std::vector<Entry>().swap(entries_);
  std::string().swap(arena_);
  GEMIS_ASSIGN_OR_RETURN(merger_, Merger::Start(runs_));
  return Status::Ok();
}

Status DataValueWriteSorter::Read(std::vector<DataValueWrite>& out, size_t max) {
  if (!finished_) return Status::Internal("data value sort: Read before Finish");
  out.resize(max);
  size_t n = 0;
  if (merger_ == nullptr) {
    for (; n < max && next_entry_ < entries_.size(); ++n, ++next_entry_) {
      const DataValueWriteView v = View(entries_[next_entry_]);
      DataValueWrite& w = out[n];
      w.key = v.key;
      w.mode = v.mode;
      w.remove = v.remove;
      w.followup = v.followup;
      w.value.assign(v.value);
      if (v.comment) {
        w.comment.emplace(*v.comment);
      } else {
        w.comment.reset();
      }
      w.stored_by.assign(v.stored_by);
    }
  } else {
    for (; n < max; ++n) {
      GEMIS_ASSIGN_OR_RETURN(bool any, merger_->Next(out[n]));
      if (!any) break;
    }
  }
  out.resize(n);
  return Status::Ok();
}

}  // namespace gemis::exchange
