// The external sort of data value writes (exchange/data_value_write_sorter.h).
#include "exchange/data_value_write_sorter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

auto KeyTuple(const DataValueKey& k) {
  return std::tie(k.data_element, k.period, k.org_unit, k.category_option_combo,
                  k.attribute_option_combo);
}

auto Fields(const DataValueWrite& w) {
  return std::tie(w.key.data_element, w.key.period, w.key.org_unit, w.key.category_option_combo,
                  w.key.attribute_option_combo, w.mode, w.value, w.comment, w.followup, w.remove,
                  w.stored_by);
}

bool Same(const DataValueWrite& a, const DataValueWrite& b) { return Fields(a) == Fields(b); }

std::string Describe(const DataValueWrite& w) {
  const DataValueKey& k = w.key;
  return std::to_string(k.data_element) + "/" + std::to_string(k.period) + "/" +
         std::to_string(k.org_unit) + "/" + std::to_string(k.category_option_combo) + "/" +
         std::to_string(k.attribute_option_combo) + " mode " +
         std::to_string(static_cast<int>(w.mode)) + " value '" + w.value + "' comment " +
         (w.comment ? "'" + *w.comment + "'" : "none") + (w.followup ? " followup" : "") +
         (w.remove ? " remove" : "") + " by '" + w.stored_by + "'";
}

// Random writes over few keys (many duplicates); each value names its
// position in the input, so stability shows.
std::vector<DataValueWrite> RandomWrites(std::mt19937& random, int n) {
  std::vector<DataValueWrite> writes;
  for (int i = 0; i < n; ++i) {
    DataValueWrite w;
    w.key = {1 + static_cast<int64_t>(random() % 3), 1 + static_cast<int64_t>(random() % 4),
             1000 + static_cast<int64_t>(random() % 5), static_cast<int64_t>(random() % 2),
             static_cast<int64_t>(random() % 2)};
    w.mode = static_cast<WriteMode>(random() % 3);
    w.remove = random() % 7 == 0;
    if (!w.remove) w.value = "v" + std::to_string(i);
    if (random() % 4 == 0) w.comment = random() % 2 ? "" : "ghi chú " + std::to_string(i);
    w.followup = random() % 5 == 0;
    w.stored_by = random() % 3 == 0 ? "other" : "importer";
    writes.push_back(std::move(w));
  }
  return writes;
}

std::vector<DataValueWrite> StableSorted(std::vector<DataValueWrite> writes) {
  std::stable_sort(writes.begin(), writes.end(),
                   [](const auto& a, const auto& b) { return KeyTuple(a.key) < KeyTuple(b.key); });
  return writes;
}

// Everything the sorter gives, read `batch` at a time.
Result<std::vector<DataValueWrite>> ReadAll(DataValueWriteSorter& sorter, size_t batch) {
  std::vector<DataValueWrite> all, some;
  while (true) {
    GEMIS_RETURN_IF_ERROR(sorter.Read(some, batch));
    if (some.empty()) return all;
    if (some.size() > batch) return Status::Internal("more than asked for");
    all.insert(all.end(), some.begin(), some.end());
  }
}

void ExpectSameWrites(const std::vector<DataValueWrite>& got,
                      const std::vector<DataValueWrite>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(Same(got[i], want[i]))
        << "at " << i << ": got " << Describe(got[i]) << ", want " << Describe(want[i]);
  }
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

// Removes writes' values (a removal carries none through the sort).
std::vector<DataValueWrite> WithoutRemovedValues(std::vector<DataValueWrite> writes) {
  for (DataValueWrite& w : writes) {
    if (w.remove) w.value.clear();
  }
  return writes;
}

class DataValueWriteSorterTest : public ::testing::Test {
 protected:
  DataValueWriteSorter::Options Tiny(size_t run_bytes, size_t fan_in = 64) {
    return {.run_bytes = run_bytes, .temp_dir = dir_.path(), .max_fan_in = fan_in};
  }
  test_support::TempDir dir_;
};

TEST_F(DataValueWriteSorterTest, EmptyInputGivesNothing) {
  DataValueWriteSorter sorter(Tiny(1024));
  ASSERT_TRUE(sorter.Finish().ok());
  Result<std::vector<DataValueWrite>> got = ReadAll(sorter, 10);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(got->empty());
  EXPECT_EQ(sorter.size(), 0);
  EXPECT_EQ(sorter.runs_spilled(), 0u);
}

TEST_F(DataValueWriteSorterTest, SortsInMemoryWhenEverythingFits) {
  std::mt19937 random(7);
  const std::vector<DataValueWrite> writes = RandomWrites(random, 500);
  DataValueWriteSorter sorter(Tiny(size_t{64} << 20));
  for (const DataValueWrite& w : writes) ASSERT_TRUE(sorter.Add(w).ok());
  ASSERT_TRUE(sorter.Finish().ok());
  Result<std::vector<DataValueWrite>> got = ReadAll(sorter, 64);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameWrites(*got, WithoutRemovedValues(StableSorted(writes)));
  EXPECT_EQ(sorter.size(), 500);
  EXPECT_EQ(sorter.runs_spilled(), 0u);
  EXPECT_EQ(FilesIn(dir_.path()), 0u);
}

// Tiny runs and a fan-in of 3: many runs, merged on disk several times, and
// duplicate keys keep the order they were added in.
TEST_F(DataValueWriteSorterTest, ManyRunsMergeStably) {
  const unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  for (size_t fan_in : {2, 3, 64}) {
    const std::vector<DataValueWrite> writes = RandomWrites(random, 2000);
    DataValueWriteSorter sorter(Tiny(600, fan_in));
    for (const DataValueWrite& w : writes) ASSERT_TRUE(sorter.Add(w).ok());
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_GT(sorter.runs_spilled(), 50u) << "fan-in " << fan_in;
    // The files have no name: nothing is left in the directory, even now.
    EXPECT_EQ(FilesIn(dir_.path()), 0u);
    Result<std::vector<DataValueWrite>> got = ReadAll(sorter, 7);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameWrites(*got, WithoutRemovedValues(StableSorted(writes)));
  }
}

TEST_F(DataValueWriteSorterTest, AWriteLargerThanARunGoesAlone) {
  std::vector<DataValueWrite> writes(4);
  for (int i = 0; i < 4; ++i) {
    writes[static_cast<size_t>(i)].key = {4 - i, 1, 1, 1, 1};
    writes[static_cast<size_t>(i)].value = std::string(200'000 + static_cast<size_t>(i), 'x');
    writes[static_cast<size_t>(i)].stored_by = "a";
  }
  DataValueWriteSorter sorter(Tiny(4096));
  for (const DataValueWrite& w : writes) ASSERT_TRUE(sorter.Add(w).ok());
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_EQ(sorter.runs_spilled(), 4u);
  Result<std::vector<DataValueWrite>> got = ReadAll(sorter, 3);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameWrites(*got, StableSorted(writes));
}

TEST_F(DataValueWriteSorterTest, AnUnwritableTemporaryDirectoryIsAnIoError) {
  // A directory that does not exist, and a regular file in its place (root
  // may write anywhere, so permissions would not do).
  const std::string file = dir_.File("plain");
  std::ofstream(file) << "x";
  for (const std::string& where : {dir_.File("missing/dir"), file}) {
    DataValueWriteSorter sorter({.run_bytes = 256, .temp_dir = where});
    std::mt19937 random(1);
    Status status = Status::Ok();
    for (const DataValueWrite& w : RandomWrites(random, 100)) {
      status = sorter.Add(w);
      if (!status.ok()) break;
    }
    EXPECT_EQ(status.code(), ErrorCode::kIoError) << where;
    EXPECT_NE(status.message().find("cannot create a temporary file in " + where),
              std::string::npos)
        << status.ToString();
  }
  // Nothing needs the disk when everything fits.
  DataValueWriteSorter fits({.run_bytes = size_t{1} << 20, .temp_dir = dir_.File("missing")});
  DataValueWrite w;
  w.value = "1";
  ASSERT_TRUE(fits.Add(w).ok());
  ASSERT_TRUE(fits.Finish().ok());
}

TEST_F(DataValueWriteSorterTest, ReadBeforeFinishAndAddAfterAreRefused) {
  DataValueWriteSorter sorter(Tiny(1024));
  std::vector<DataValueWrite> out;
  EXPECT_EQ(sorter.Read(out, 1).code(), ErrorCode::kInternal);
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_EQ(sorter.Add(DataValueWrite{}).code(), ErrorCode::kInternal);
}

// --- the run files

class RunFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<AnonymousFile> file = AnonymousFile::Create(dir_.path());
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    file_.emplace(std::move(file).value());
  }
  // Writes `writes` as a run; returns the file's size.
  off_t WriteRun(const std::vector<DataValueWrite>& writes) {
    RunWriter writer(file_->fd());
    for (const DataValueWrite& w : writes) EXPECT_TRUE(writer.Append(w).ok());
    EXPECT_TRUE(writer.Finish().ok());
    EXPECT_EQ(writer.count(), static_cast<int64_t>(writes.size()));
    return ::lseek(file_->fd(), 0, SEEK_END);
  }
  // Reads the run back: its writes, or the first error.
  Result<std::vector<DataValueWrite>> ReadRun() {
    RunReader reader(file_->fd());
    std::vector<DataValueWrite> out;
    DataValueWrite w;
    while (true) {
      GEMIS_ASSIGN_OR_RETURN(bool any, reader.Next(w));
      if (!any) return out;
      out.push_back(w);
    }
  }
  void Poke(off_t at, char byte) { ASSERT_EQ(::pwrite(file_->fd(), &byte, 1, at), 1); }
  char Peek(off_t at) {
    char byte = 0;
    EXPECT_EQ(::pread(file_->fd(), &byte, 1, at), 1);
    return byte;
  }

  test_support::TempDir dir_;
  std::optional<AnonymousFile> file_;
};

TEST_F(RunFileTest, EveryFieldRoundTrips) {
  std::vector<DataValueWrite> writes;
  DataValueWrite w;
  w.key = {1, 2, 3, 4, 5};
  w.value = "12";
  w.stored_by = "an";
  writes.push_back(w);
  w.key = {int64_t{1} << 40, 0, -1, 7, 8};  // ids of any size
  w.mode = WriteMode::kUpdateOnly;
  w.comment = "";
  w.followup = true;
  writes.push_back(w);  // the same stored_by: said once
  w.mode = WriteMode::kCreateOnly;
  w.comment = "Đã kiểm tra";
  w.value = std::string(3 * RunWriter::kRunBlockBytes, '9');  // larger than a block
  w.stored_by = "";
  writes.push_back(w);
  w.remove = true;
  w.value.clear();
  w.comment.reset();
  w.followup = false;
  w.stored_by = "bình";
  writes.push_back(w);
  for (int i = 0; i < 5000; ++i) {  // several blocks
    w.remove = i % 3 == 0;
    w.value = w.remove ? "" : std::to_string(i);
    w.stored_by = i % 100 == 0 ? "x" : "bình";
    writes.push_back(w);
  }
  WriteRun(writes);
  Result<std::vector<DataValueWrite>> got = ReadRun();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameWrites(*got, writes);
}

TEST_F(RunFileTest, AnEmptyRunHasOnlyItsEndMark) {
  EXPECT_EQ(WriteRun({}), 16);
  Result<std::vector<DataValueWrite>> got = ReadRun();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(got->empty());
}

std::vector<DataValueWrite> ManyWrites() {
  std::vector<DataValueWrite> writes(20000);
  for (size_t i = 0; i < writes.size(); ++i) {
    writes[i].key = {1, 2, static_cast<int64_t>(i), 3, 4};
    writes[i].value = std::to_string(i * 7);
    writes[i].stored_by = "s";
  }
  return writes;
}

TEST_F(RunFileTest, ADamagedByteIsCorruption) {
  const off_t size = WriteRun(ManyWrites());
  ASSERT_GT(size, static_cast<off_t>(2 * RunWriter::kRunBlockBytes));
  // A byte inside the second block's records.
  const off_t at = static_cast<off_t>(RunWriter::kRunBlockBytes + 1000);
  Poke(at, static_cast<char>(Peek(at) ^ 0x10));
  Result<std::vector<DataValueWrite>> got = ReadRun();
  ASSERT_EQ(got.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(got.status().message().find("checksum"), std::string::npos) << got.status().ToString();
}

TEST_F(RunFileTest, ADamagedBlockHeaderIsCorruption) {
  WriteRun(ManyWrites());
  Poke(2, '\x7f');  // the first block's payload size: now beyond the file
  Result<std::vector<DataValueWrite>> got = ReadRun();
  ASSERT_EQ(got.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(got.status().message().find("block header"), std::string::npos)
      << got.status().ToString();
}

TEST_F(RunFileTest, ACutRunIsCorruption) {
  const off_t size = WriteRun(ManyWrites());
  for (off_t cut : {size - 1, size - 16, size / 2, off_t{5}}) {
    ASSERT_EQ(::ftruncate(file_->fd(), cut), 0);
    Result<std::vector<DataValueWrite>> got = ReadRun();
    EXPECT_EQ(got.status().code(), ErrorCode::kCorruption) << "cut at " << cut;
  }
}

TEST_F(RunFileTest, AnEndMarkWithAnotherCountIsCorruption) {
  const off_t size = WriteRun(ManyWrites());
  Poke(size - 8, static_cast<char>(Peek(size - 8) ^ 1));
  Result<std::vector<DataValueWrite>> got = ReadRun();
  ASSERT_EQ(got.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(got.status().message().find("end mark"), std::string::npos) << got.status().ToString();
}

TEST_F(RunFileTest, AnonymousFilesHaveNoName) {
  EXPECT_EQ(FilesIn(dir_.path()), 0u);
  EXPECT_GE(file_->fd(), 0);
  AnonymousFile moved = std::move(*file_);
  EXPECT_EQ(file_->fd(), -1);
  EXPECT_GE(moved.fd(), 0);
}

}  // namespace
}  // namespace gemis::exchange
