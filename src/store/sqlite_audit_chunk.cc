#include "store/sqlite_audit_chunk.h"

#include <cstdint>
#include <utility>

namespace gemis::store {

namespace {

enum Flag : uint8_t {
  kOldValue = 1 << 2,
  kNewValue = 1 << 3,
  kOldComment = 1 << 4,
  kNewComment = 1 << 5,
  kChangedBy = 1 << 6,
  kPrevious = 1 << 7,
};

void PutVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void PutText(const std::optional<std::string_view>& text, std::string& out) {
  if (!text) return;
  PutVarint(text->size(), out);
  out.append(*text);
}

Status Damaged(std::string_view what) {
  return Status::Corruption("data value audit chunk is damaged: " + std::string(what));
}

}  // namespace

const char* AuditChangeName(int change) {
  static const char* const kNames[] = {"CREATE", "UPDATE", "DELETE", "RESTORE"};
  return change >= 0 && change < 4 ? kNames[change] : "?";
}

void AuditChunkWriter::Add(const AuditChunkEntry& e) {
  if (bytes_.empty()) first_id_ = last_id_ = e.id;
  PutVarint(static_cast<uint64_t>(e.id - last_id_ - (bytes_.empty() ? 0 : 1)), bytes_);
  last_id_ = e.id;
  uint8_t flags = static_cast<uint8_t>(e.change & 3);
  if (e.old_value) flags |= kOldValue;
  if (e.new_value) flags |= kNewValue;
  if (e.old_comment) flags |= kOldComment;
  if (e.new_comment) flags |= kNewComment;
  if (e.changed_by) flags |= kChangedBy;
  if (e.previous_id) flags |= kPrevious;
  bytes_.push_back(static_cast<char>(flags));
  for (int64_t id : {e.key.data_element, e.key.period, e.key.org_unit, e.key.category_option_combo,
                     e.key.attribute_option_combo}) {
    PutVarint(static_cast<uint64_t>(id), bytes_);
  }
  if (e.previous_id) PutVarint(static_cast<uint64_t>(*e.previous_id), bytes_);
  for (const auto* text :
       {&e.old_value, &e.new_value, &e.old_comment, &e.new_comment, &e.changed_by}) {
    PutText(*text, bytes_);
  }
}

void AuditChunkWriter::Clear() {
  bytes_.clear();
  first_id_ = last_id_ = 0;
}

Result<uint64_t> AuditChunkReader::Varint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (rest_.empty()) return Damaged("it ends inside a number");
    const auto byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return Damaged("a number is too long");
}

Result<std::string_view> AuditChunkReader::Text() {
  GEMIS_ASSIGN_OR_RETURN(uint64_t size, Varint());
  if (size > rest_.size()) return Damaged("a text runs past its end");
  std::string_view text = rest_.substr(0, size);
  rest_.remove_prefix(size);
  return text;
}

Result<AuditChunkEntry> AuditChunkReader::Next() {
  AuditChunkEntry e;
  GEMIS_ASSIGN_OR_RETURN(uint64_t gap, Varint());
  if (gap > static_cast<uint64_t>(INT64_MAX - next_id_)) return Damaged("an id is too large");
  e.id = next_id_ + static_cast<int64_t>(gap);
  next_id_ = e.id + 1;
  if (rest_.empty()) return Damaged("an entry is cut short");
  const auto flags = static_cast<uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  e.change = flags & 3;
  int64_t* key[] = {&e.key.data_element, &e.key.period, &e.key.org_unit,
                    &e.key.category_option_combo, &e.key.attribute_option_combo};
  for (int64_t* id : key) {
    GEMIS_ASSIGN_OR_RETURN(uint64_t value, Varint());
    *id = static_cast<int64_t>(value);
  }
  if (flags & kPrevious) {
    GEMIS_ASSIGN_OR_RETURN(uint64_t previous, Varint());
    e.previous_id = static_cast<int64_t>(previous);
  }
  const std::pair<Flag, std::optional<std::string_view>*> texts[] = {{kOldValue, &e.old_value},
                                                                     {kNewValue, &e.new_value},
                                                                     {kOldComment, &e.old_comment},
                                                                     {kNewComment, &e.new_comment},
                                                                     {kChangedBy, &e.changed_by}};
  for (const auto& [flag, text] : texts) {
    if ((flags & flag) == 0) continue;
    GEMIS_ASSIGN_OR_RETURN(*text, Text());
  }
  return e;
}

}  // namespace gemis::store
