// The audit entries of one WriteTransaction::WriteDataValues call, packed
// into one data_value_audit_chunk row (migration 7) instead of one
// data_value_audit row each: appending a row per value cost as much as
// writing the value itself. Who and when come from the row's batch.
//
// Encoding of the row's `entries`, one entry after the other:
//   gap     a varint: the entry's id minus the previous entry's id minus 1
//           (for the first entry: minus the row's first_id); ids grow, and
//           a write that changed nothing leaves its id unused
//   flags   1 byte: bits 0-1 the change (0 CREATE, 1 UPDATE, 2 DELETE,
//           3 RESTORE); bits 2-7 which of old value, new value, old comment,
//           new comment, changed by (when not the batch's), previous id
//           follow
//   key     5 varints: element, period, org unit, option combo, attribute
//           option combo
//   previous id   a varint, when flagged
//   texts   for each flagged text in the order above: a varint length, bytes
// Varints hold an int64 as uint64, 7 bits a byte, low bits first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/data_value.h"
#include "core/status.h"

namespace gemis::store {

// The `change` of an audit entry; AuditChangeName gives its name.
enum AuditChange : int { kAuditCreate = 0, kAuditUpdate = 1, kAuditDelete = 2, kAuditRestore = 3 };

// One audit entry, as written to or read from a chunk. The texts of a read
// entry point into the chunk's bytes.
struct AuditChunkEntry {
  int64_t id = 0;
  DataValueKey key;
  int change = kAuditCreate;
  std::optional<std::string_view> old_value, new_value, old_comment, new_comment;
  std::optional<std::string_view> changed_by;  // nullopt: the batch's stored_by
  std::optional<int64_t> previous_id;          // the key's previous entry
};

// The change's name in data_value_audit ("CREATE", …).
const char* AuditChangeName(int change);

// Builds a chunk's bytes.
class AuditChunkWriter {
 public:
  // REQUIRES: entry.id is above the previous entry's.
  void Add(const AuditChunkEntry& entry);
  void Clear();
  bool empty() const { return bytes_.empty(); }
  int64_t first_id() const { return first_id_; }
  int64_t last_id() const { return last_id_; }
  std::string_view bytes() const { return bytes_; }

 private:
  std::string bytes_;
  int64_t first_id_ = 0, last_id_ = 0;
};

// Reads the entries of one chunk in order.
class AuditChunkReader {
 public:
  AuditChunkReader(std::string_view bytes, int64_t first_id) : rest_(bytes), next_id_(first_id) {}
  bool done() const { return rest_.empty(); }
  // The next entry; kCorruption when the bytes end inside one or hold an
  // impossible value. REQUIRES: !done().
  Result<AuditChunkEntry> Next();

 private:
  Result<uint64_t> Varint();
  Result<std::string_view> Text();
  std::string_view rest_;
  int64_t next_id_;  // the id of the next entry without a gap
};

}  // namespace gemis::store
