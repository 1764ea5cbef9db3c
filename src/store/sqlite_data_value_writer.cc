#include "store/sqlite_data_value_writer.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace gemis::store {

namespace {

auto KeyTuple(const DataValueKey& k) {
  return std::tie(k.data_element, k.period, k.org_unit, k.category_option_combo,
                  k.attribute_option_combo);
}

}  // namespace

bool SqliteDataValueWriter::Known(const KnownIds& known, int64_t id) {
  if (id > 0 && id < kSmallIds) {
    const auto at = static_cast<size_t>(id);
    return at < known.small.size() && known.small[at];
  }
  return known.large.contains(id);
}

Status SqliteDataValueWriter::Require(KnownIds& known, int64_t id) {
  if (Known(known, id)) return Status::Ok();
  const bool small = id > 0 && id < kSmallIds;
  const auto at = static_cast<size_t>(id);
  known.find.Bind(1, id);
  GEMIS_ASSIGN_OR_RETURN(bool found, known.find.Step());
  known.find.Reset();
  if (!found) {
    // kConflict, as the FOREIGN KEY failure it replaces.
    return Status::Conflict("data value key names " + std::string(known.what) + " id " +
                            std::to_string(id) + ", which does not exist");
  }
  if (!small) {
    known.large.insert(id);
    return Status::Ok();
  }
  if (known.small.size() <= at) known.small.resize(at + 1);
  known.small[at] = true;
  return Status::Ok();
}

Status SqliteDataValueWriter::CheckReferences(const DataValueKey& key) {
  // Nearly always known already: decide that without making a Status.
  if (Known(known_[0], key.data_element) && Known(known_[1], key.period) &&
      Known(known_[2], key.org_unit) && Known(known_[3], key.category_option_combo) &&
      Known(known_[3], key.attribute_option_combo)) {
    return Status::Ok();
  }
  GEMIS_RETURN_IF_ERROR(Require(known_[0], key.data_element));
  GEMIS_RETURN_IF_ERROR(Require(known_[1], key.period));
  GEMIS_RETURN_IF_ERROR(Require(known_[2], key.org_unit));
  GEMIS_RETURN_IF_ERROR(Require(known_[3], key.category_option_combo));
  return Require(known_[3], key.attribute_option_combo);
}

Result<WriteOutcome> SqliteDataValueWriter::Write(const DataValueWrite& write) {
  GEMIS_RETURN_IF_ERROR(Start(write.stored_by));
  GEMIS_RETURN_IF_ERROR(CheckReferences(write.key));
  return Apply(write);
}

void SqliteDataValueWriter::SortByKey(std::span<const DataValueWrite> writes) {
  order_.resize(writes.size());
  std::iota(order_.begin(), order_.end(), size_t{0});
  auto before = [&](size_t a, size_t b) {
    return KeyTuple(writes[a].key) < KeyTuple(writes[b].key);
  };
  // A file's rows come in runs of ascending keys: merge sort is quick on them.
  if (!std::is_sorted(order_.begin(), order_.end(), before)) {
    std::stable_sort(order_.begin(), order_.end(), before);
  }
}

Status SqliteDataValueWriter::WriteMany(std::span<const DataValueWrite> writes,
                                        std::vector<WriteOutcome>& outcomes) {
  outcomes.assign(writes.size(), WriteOutcome::kIgnored);
  if (writes.empty()) return Status::Ok();
  GEMIS_RETURN_IF_ERROR(Start(writes.front().stored_by));
  // Sorted by key, the inserts walk the primary key B-tree from left to
  // right: each page is loaded and changed once per call rather than once
  // per value, and new keys past the end are appended (full pages).
  SortByKey(writes);
  // Every key is checked before anything is written: a bad id writes nothing.
  for (size_t i : order_) GEMIS_RETURN_IF_ERROR(CheckReferences(writes[i].key));
  const int64_t first_id = next_change_id_;
  GEMIS_ASSIGN_OR_RETURN(int64_t inserted, InsertNew(writes, first_id));
  const bool inserted_all = inserted == static_cast<int64_t>(writes.size());
  chunk_.Clear();
  in_chunk_ = true;
  Status status = Status::Ok();
  for (size_t k = 0; k < order_.size() && status.ok(); ++k) {
    // The k-th write's entry, if any, gets the id InsertNew gave it; a write
    // that changes nothing leaves its id unused.
    next_change_id_ = first_id + static_cast<int64_t>(k);
    Result<WriteOutcome> outcome = Settle(writes[order_[k]], k, first_id, inserted_all);
    status = outcome.status();
    if (status.ok()) outcomes[order_[k]] = *outcome;
  }
  in_chunk_ = false;
  next_change_id_ = first_id + static_cast<int64_t>(writes.size());
  GEMIS_RETURN_IF_ERROR(status);
  return WriteChunk();
}

Result<int64_t> SqliteDataValueWriter::InsertNew(std::span<const DataValueWrite> writes,
                                                 int64_t first_id) {
  candidate_.assign(order_.size(), true);
  new_rows_.clear();
  for (size_t begin = 0, end = 0; begin < order_.size(); begin = end) {
    // The writes of one key are neighbours in order_. When one of them
    // removes the value, the key is settled write by write: inserting its
    // value first would make an earlier removal find it.
    // So is a key an update-only write names: it must not create the value.
    bool removes = false;
    for (end = begin; end < order_.size() && writes[order_[end]].key == writes[order_[begin]].key;
         ++end) {
      const DataValueWrite& w = writes[order_[end]];
      removes = removes || w.remove || w.mode == WriteMode::kUpdateOnly;
    }
    for (size_t k = begin; k < end; ++k) {
      candidate_[k] = !removes;
      if (removes) continue;
      const DataValueWrite& w = writes[order_[k]];
      new_rows_.push_back(
          {&w, first_id + static_cast<int64_t>(k), OwnStoredBy(w.stored_by).has_value()});
    }
  }
  if (new_rows_.empty()) return 0;
  BindBulkValues(bulk_insert_, 1, new_rows_);
  GEMIS_RETURN_IF_ERROR(bulk_insert_.RunKeepingBindings());
  return db_.Changes();
}

Result<WriteOutcome> SqliteDataValueWriter::Settle(const DataValueWrite& w, size_t k,
                                                   int64_t first_id, bool inserted_all) {
  if (inserted_all) {
    GEMIS_RETURN_IF_ERROR(AppendCreate(w));
    return WriteOutcome::kImported;
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<Stored> old, Load(w.key));
  // Inserted by InsertNew: the row carries this write's audit id.
  if (candidate_[k] && old && old->last_change == first_id + static_cast<int64_t>(k)) {
    GEMIS_RETURN_IF_ERROR(AppendCreate(w));
    return WriteOutcome::kImported;
  }
  return ApplyToStored(w, old);
}

std::optional<std::string_view> SqliteDataValueWriter::OwnStoredBy(
    const std::string& stored_by) const {
  if (stored_by == batch_stored_by_) return std::nullopt;
  return stored_by;
}

Result<WriteOutcome> SqliteDataValueWriter::Apply(const DataValueWrite& w) {
  // Try the insert first: for a new key it is the only descent of the B-tree.
  if (!w.remove && w.mode != WriteMode::kUpdateOnly) {
    GEMIS_ASSIGN_OR_RETURN(bool inserted, Insert(w));
    if (inserted) {
      GEMIS_RETURN_IF_ERROR(AppendCreate(w));
      return WriteOutcome::kImported;
    }
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<Stored> old, Load(w.key));
  return ApplyToStored(w, old);
}

Result<WriteOutcome> SqliteDataValueWriter::ApplyToStored(const DataValueWrite& w,
                                                          const std::optional<Stored>& old) {
  const std::optional<std::string_view> by = OwnStoredBy(w.stored_by);
  if (w.remove) {
    if (!old || old->deleted) return WriteOutcome::kIgnored;
    GEMIS_RETURN_IF_ERROR(MarkDeleted(w));
    GEMIS_RETURN_IF_ERROR(AppendAudit({0, w.key, kAuditDelete, AsView(old->value), std::nullopt,
                                       AsView(old->comment), std::nullopt, by, old->last_change}));
    return WriteOutcome::kDeleted;
  }
  const bool live = old && !old->deleted;
  if (w.mode == WriteMode::kUpdateOnly && !live) return WriteOutcome::kIgnored;
  if (w.mode == WriteMode::kCreateOnly && live) return WriteOutcome::kIgnored;
  if (!old) {
    GEMIS_ASSIGN_OR_RETURN(bool inserted, Insert(w));
    if (!inserted) return Status::Internal("data value insert neither wrote nor found its key");
    GEMIS_RETURN_IF_ERROR(AppendCreate(w));
    return WriteOutcome::kImported;
  }
  if (live && old->value == w.value && old->comment == w.comment && old->followup == w.followup) {
    return WriteOutcome::kIgnored;
  }
  GEMIS_RETURN_IF_ERROR(Update(w));
  // A value restored after a soft delete counts as created again (as in DHIS2).
  AuditChunkEntry entry{0,
                        w.key,
                        live ? kAuditUpdate : kAuditCreate,
                        std::nullopt,
                        w.value,
                        std::nullopt,
                        AsView(w.comment),
                        by,
                        old->last_change};
  if (live) {
    entry.old_value = AsView(old->value);
    entry.old_comment = AsView(old->comment);
  }
  GEMIS_RETURN_IF_ERROR(AppendAudit(entry));
  return live ? WriteOutcome::kUpdated : WriteOutcome::kImported;
}

}  // namespace gemis::store
