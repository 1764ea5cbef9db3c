// The data set of a data value import: rows that name a data set (their
// file's or ADX group's dataSet) are checked against it, and those whose
// file gives a completeDate ask for a complete registration of (data set,
// period, org unit, attribute option combo), written at the end of the
// import in its transaction. Rows without a data set are not touched.
// docs/formats/datavalues-csv-json.md, "Data sets and completeDate".
//
// Error codes are DHIS2's (its data value import validator, 2.36 to 2.41):
//   E7600 dataSet              no data set has this identifier
//   E7633 dataElement          the element is not in the data set
//   E7636 orgUnit              the unit is not assigned to the data set
//   E7632 period               the period is not of the data set's period type
//   E8008 completeDate         not a date, true or false (DHIS2's newer code;
//                              the older import failed as a whole instead)
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/period.h"
#include "exchange/data_value_import.h"
#include "exchange/data_value_rows.h"
#include "exchange/import_summary.h"
#include "store/store.h"

namespace gemis::exchange {

// A complete registration asked for by the rows of an import.
struct Completion {
  MetadataId data_set = 0;
  Period period;
  OrgUnitId org_unit = 0;
  MetadataId attribute_option_combo = 0;
  std::optional<Date> completed;  // nullopt: today ("true")
};

// Thread safety: used by one thread at a time (the import's reading thread,
// then, once it has finished, the writing one).
class DataSetChecker {
 public:
  // `hierarchy` and `metadata` must outlive the checker. Data sets are named
  // under `scheme` (the data element id scheme, as DHIS2's dataSetIdScheme
  // defaults to the idScheme).
  DataSetChecker(const Hierarchy& hierarchy, const Metadata& metadata, IdScheme scheme);

  struct Problem {
    std::string error_code;  // E7600, E7633, E7636, E7632, E8008
    std::string property;    // dataSet, dataElement, orgUnit, period, completeDate
    std::string object;      // the row's offending identifier
    std::string message;
  };

  // The first problem of `raw` (whose dataSet, when trimmed, is not empty)
  // with its resolved element, unit and period; nullopt when it passes or
  // names no data set.
  std::optional<Problem> Check(const DataValueRow& raw, const StoredElement& element,
                               OrgUnitId unit, const Period& period);

  // Remembers the registration a row that passed asks for (none without a
  // data set, without completeDate or with completeDate "false"). A key seen
  // again takes the later row's date.
  void Complete(const DataValueRow& raw, const Period& period, OrgUnitId unit,
                MetadataId attribute_option_combo);

  const std::vector<Completion>& completions() const { return completions_; }

 private:
  const StoredDataSet* Find(const std::string& id);

  const Hierarchy& hierarchy_;
  const Metadata& metadata_;
  const IdScheme scheme_;
  // Rows of one file name one data set: the last lookup is kept.
  std::string last_text_;
  const StoredDataSet* last_ = nullptr;
  bool names_indexed_ = false;
  std::unordered_map<std::string, std::vector<const StoredDataSet*>> names_;
  // IsAssigned per data set, unit and period (start day, type).
  std::map<std::tuple<MetadataId, OrgUnitId, int32_t, int>, bool> assigned_;
  std::vector<Completion> completions_;
  std::map<std::tuple<MetadataId, int32_t, int, OrgUnitId, MetadataId>, size_t> completion_index_;
};

// What a completeDate asks for: nothing ("" or "false", any case), a
// registration today ("true", any case), or one on a date: YYYY-MM-DD, or a
// timestamp whose date part is taken (2024-04-05T10:00:00). kInvalidInput
// otherwise, as DHIS2 refuses it.
struct CompleteDate {
  bool complete = false;
  std::optional<Date> date;  // nullopt when complete: today
};
Result<CompleteDate> ParseCompleteDate(std::string_view text);

// Saves each completion (its period added when new) as `stored_by`, then sets
// summary.data_set_complete to the latest completion date stored (DHIS2's
// dataSetComplete). Called in the import's transaction once every row is
// written; not on a dry run.
Status WriteCompletions(store::WriteTransaction& txn, const std::vector<Completion>& completions,
                        const std::string& stored_by, ImportSummary& summary);

}  // namespace gemis::exchange
