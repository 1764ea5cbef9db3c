// The packed audit entries of a bulk data value write
// (store/sqlite_audit_chunk.h): every field round-trips, ids may leave gaps,
// and damaged bytes are kCorruption, never a crash or a wrong entry.
#include "store/sqlite_audit_chunk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gemis::store {
namespace {

AuditChunkEntry Full(int64_t id) {
  AuditChunkEntry e;
  e.id = id;
  e.key = {7, 300, 1'000'000'000'000, 4, 5};  // a large id takes several varint bytes
  e.change = 1;
  e.old_value = "12";
  e.new_value = "15";
  e.old_comment = "";
  e.new_comment = "bổ sung";
  e.changed_by = "can_bo_huyen";
  e.previous_id = id - 3;
  return e;
}

AuditChunkEntry Create(int64_t id, const char* value) {
  AuditChunkEntry e;
  e.id = id;
  e.key = {1, 2, 3, 4, 4};
  e.new_value = value;
  return e;
}

std::vector<AuditChunkEntry> ReadAll(std::string_view bytes, int64_t first_id, Status* error) {
  std::vector<AuditChunkEntry> out;
  AuditChunkReader reader(bytes, first_id);
  while (!reader.done()) {
    Result<AuditChunkEntry> e = reader.Next();
    if (!e.ok()) {
      *error = e.status();
      break;
    }
    out.push_back(*e);
  }
  return out;
}

void ExpectSame(const AuditChunkEntry& a, const AuditChunkEntry& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.change, b.change);
  EXPECT_EQ(a.old_value, b.old_value);
  EXPECT_EQ(a.new_value, b.new_value);
  EXPECT_EQ(a.old_comment, b.old_comment);
  EXPECT_EQ(a.new_comment, b.new_comment);
  EXPECT_EQ(a.changed_by, b.changed_by);
  EXPECT_EQ(a.previous_id, b.previous_id);
}

TEST(AuditChunk, EveryFieldRoundTripsWithGapsBetweenIds) {
  AuditChunkWriter writer;
  EXPECT_TRUE(writer.empty());
  std::vector<AuditChunkEntry> entries = {Create(41, "1"), Full(42), Create(45, "3")};
  entries[2].change = 2;  // a delete has no new value
  entries[2].new_value.reset();
  for (const AuditChunkEntry& e : entries) writer.Add(e);
  EXPECT_EQ(writer.first_id(), 41);
  EXPECT_EQ(writer.last_id(), 45);
  Status error;
  std::vector<AuditChunkEntry> read = ReadAll(writer.bytes(), writer.first_id(), &error);
  ASSERT_TRUE(error.ok()) << error.ToString();
  ASSERT_EQ(read.size(), entries.size());
  for (size_t i = 0; i < read.size(); ++i) ExpectSame(read[i], entries[i]);
}

TEST(AuditChunk, AbsentAndEmptyTextsDiffer) {
  AuditChunkWriter writer;
  AuditChunkEntry e = Create(1, "");
  e.new_comment = "";
  writer.Add(e);
  Status error;
  std::vector<AuditChunkEntry> read = ReadAll(writer.bytes(), 1, &error);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].new_value, "");
  EXPECT_EQ(read[0].new_comment, "");
  EXPECT_EQ(read[0].old_value, std::nullopt);
  EXPECT_EQ(read[0].changed_by, std::nullopt);
}

TEST(AuditChunk, ClearStartsANewChunk) {
  AuditChunkWriter writer;
  writer.Add(Create(3, "1"));
  writer.Clear();
  EXPECT_TRUE(writer.empty());
  writer.Add(Create(10, "2"));
  EXPECT_EQ(writer.first_id(), 10);
  Status error;
  std::vector<AuditChunkEntry> read = ReadAll(writer.bytes(), 10, &error);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].id, 10);
}

// Every proper prefix of a chunk ends inside an entry or holds fewer
// entries: the reader reports kCorruption or stops early, never reads past.
TEST(AuditChunk, TruncatedBytesAreCorruption) {
  AuditChunkWriter writer;
  writer.Add(Full(42));
  const std::string bytes(writer.bytes());
  for (size_t n = 1; n < bytes.size(); ++n) {
    Status error;
    std::vector<AuditChunkEntry> read = ReadAll(std::string_view(bytes).substr(0, n), 42, &error);
    EXPECT_TRUE(read.empty()) << n;
    EXPECT_EQ(error.code(), ErrorCode::kCorruption) << n;
  }
}

TEST(AuditChunk, OverlongNumberAndTextPastTheEndAreCorruption) {
  Status error;
  ReadAll(std::string(11, '\xff'), 1, &error);  // a varint that never ends
  EXPECT_EQ(error.code(), ErrorCode::kCorruption);
  EXPECT_NE(error.message().find("damaged"), std::string::npos);
  // gap 0, flags "new value", key 1 1 1 1 1, a text of 100 bytes with 2 there.
  std::string bytes = {0, 1 << 3, 1, 1, 1, 1, 1, 100, 'a', 'b'};
  error = Status::Ok();
  ReadAll(bytes, 1, &error);
  EXPECT_EQ(error.code(), ErrorCode::kCorruption);
}

TEST(AuditChunk, ChangeNames) {
  EXPECT_STREQ(AuditChangeName(0), "CREATE");
  EXPECT_STREQ(AuditChangeName(1), "UPDATE");
  EXPECT_STREQ(AuditChangeName(2), "DELETE");
  EXPECT_STREQ(AuditChangeName(3), "RESTORE");
  EXPECT_STREQ(AuditChangeName(9), "?");
}

}  // namespace
}  // namespace gemis::store
