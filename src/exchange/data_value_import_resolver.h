// The reading side of a data value import (data_value_import.cc): receives
// the rows of a file, resolves their identifiers against the hierarchy and
// the metadata, checks their values, and hands the rows that pass to the
// writing side in chunks. Conflicts are kept here, in file order.
#pragma once

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/data_lock.h"
#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/period.h"
#include "exchange/data_set_checks.h"
#include "exchange/data_value_import.h"
#include "exchange/data_value_import_queue.h"
#include "exchange/data_value_rows.h"

namespace gemis::exchange {

// Rows ready to write. A write's key.period is a period slot (an index into
// the periods the resolver parsed) until the writer maps it to the stored
// id: the resolver's thread cannot use the store.
struct ResolvedChunk {
  std::vector<DataValueWrite> writes;
  // The slots first used by a write in this chunk, with their periods. (A
  // period only conflicting rows name is never stored, as before.)
  std::vector<std::pair<size_t, Period>> new_periods;
};

using ResolvedQueue = ChunkQueue<ResolvedChunk>;

// `text` (a value of `type` in Vietnamese notation) in DHIS2's plain
// notation: "22.991.000.000" → "22991000000", "7.588,63" → "7588.63",
// "15/03/2024" → "2024-03-15" (DATE). Other types, and ISO dates, are
// returned trimmed; the canonical check follows. Errors name the column.
Result<std::string> FromVietnameseNotation(ValueType type, const std::string& text);

// Thread safety: used by one (the reading) thread, except rejected(), which
// any thread may call.
// The keys whose values are figures published from model records
// (program/figure_publisher.h): element, period id ("2024"), unit, option
// combo, attribute option combo. A row over one of them is a conflict
// E_DV_DERIVED: the records are what to correct.
using ClaimedKeys =
    std::set<std::tuple<MetadataId, std::string, OrgUnitId, MetadataId, MetadataId>>;

class RowResolver final : public DataValueRowSink {
 public:
  // `hierarchy` and `metadata` must outlive the resolver and not change.
  RowResolver(const Hierarchy& hierarchy, const Metadata& metadata,
              const DataValueImportOptions& options, std::string source, ResolvedQueue& queue,
              const ClaimedKeys* claimed = nullptr, const DataLock* lock = nullptr);

  // A row that passes goes to the current chunk, pushed when full. Returns
  // kInternal (stop reading) once the writing side cancelled the queue.
  Status Row(DataValueRow raw) override;
  // Nothing is written after a file problem, in every mode.
  void FileProblem(const Status& status, std::string property) override;
  void RecordProblem(const Status& status, int64_t index) override;
  // Pushes the last chunk (when not empty).
  Status Finish();

  // True once the import cannot be committed: the file is malformed, or a
  // row conflicts in atomic mode. Its writes would be rolled back anyway.
  bool rejected() const { return rejected_.load(std::memory_order_relaxed); }
  bool malformed() const { return malformed_; }
  int64_t rows_passed() const { return rows_passed_; }
  size_t conflict_count() const { return conflict_count_; }
  // Rows with a conflict and insignificant zeros.
  int64_t ignored() const { return ignored_; }
  std::vector<ImportConflict>& conflicts() { return conflicts_; }
  // The complete registrations the rows that passed ask for (their data
  // set's completeDate); valid once the reading has finished.
  const std::vector<Completion>& completions() const { return data_sets_.completions(); }

 private:
  // A row's identifiers, resolved.
  struct ResolvedKey {
    const StoredElement* element;
    size_t period_slot;
    OrgUnitId unit;
    const StoredOptionCombo* coc;
    const StoredOptionCombo* aoc;
  };

  void Conflict(const DataValueRow& raw, std::string object, std::string property,
                std::string error_code, std::string message);
  void Add(ImportConflict conflict);
  bool Resolve(const DataValueRow& raw, ResolvedKey& key);
  // The slot of `iso`, parsing and remembering it when new; -1 after a conflict.
  int64_t PeriodSlot(const DataValueRow& raw);
  bool ResolveCombos(const DataValueRow& raw, const StoredElement& element, ResolvedKey& key);
  // Fills value, comment, followup and storedBy; false after a conflict.
  bool PrepareWrite(const DataValueRow& raw, const DataElement& element, DataValueWrite& write);
  Result<OrgUnitId> ResolveOrgUnit(const DataValueRow& raw, const Period& period);
  // The element the identifier names under the data element id scheme.
  const StoredElement* FindElement(const std::string& id);
  // The option combo `id` names under the option combo id scheme, among
  // those of `combo` when it is not 0; nullptr when none or several.
  const StoredOptionCombo* FindOptionCombo(const std::string& id, MetadataId combo);
  // ADX: the option combo of `combo` whose options the category = option
  // attributes name; an error message when they do not name one.
  Result<const StoredOptionCombo*> ComboFromOptions(
      const std::vector<std::pair<std::string, std::string>>& options, const StoredCombo& combo,
      const char* what) const;
  // ADX group attributes: the attribute combo whose categories they name.
  Result<const StoredOptionCombo*> AttributeComboFromOptions(
      const std::vector<std::pair<std::string, std::string>>& options) const;
  void IndexNames();
  Status Emit();

  const Hierarchy& hierarchy_;
  const Metadata& metadata_;
  const DataValueImportOptions& options_;
  const ClaimedKeys* claimed_;  // may be null
  const DataLock* lock_;        // the approved reports' values; may be null
  const std::string source_;
  ResolvedQueue& queue_;
  ResolvedChunk chunk_;
  // Rows of one file mostly repeat their element and periods: lookups by
  // the text last seen, and every period parsed once.
  std::string last_element_text_;
  const StoredElement* last_element_ = nullptr;
  std::unordered_map<std::string, size_t> period_slots_;
  // For the name id scheme, built on first use: NFC names to objects.
  bool names_indexed_ = false;
  std::unordered_map<std::string, std::vector<const StoredElement*>> element_names_;
  std::unordered_map<std::string, std::vector<const StoredOptionCombo*>> combo_names_;
  std::unordered_map<std::string, std::vector<const OrgUnit*>> unit_names_;
  std::vector<Period> periods_;
  std::vector<bool> period_sent_;  // by slot: handed to the writer
  std::vector<ImportConflict> conflicts_;
  size_t conflict_count_ = 0;
  int64_t rows_passed_ = 0, ignored_ = 0;
  bool malformed_ = false;
  std::atomic<bool> rejected_{false};
  DataSetChecker data_sets_;  // rows that name a data set
};

}  // namespace gemis::exchange
