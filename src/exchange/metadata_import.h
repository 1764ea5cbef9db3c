// Metadata from files: the built-in categories (sex, age band, the 54 ethnic
// groups from data/metadata/ethnic_groups.csv, implementing level, model
// status) and data elements from CSV.
#pragma once

#include <istream>
#include <string>

#include "exchange/import_summary.h"
#include "store/store.h"

namespace gemis::exchange {

// Saves every built-in category combo (idempotent). `data_dir` is data/.
Status InstallBuiltinMetadata(store::WriteTransaction& txn, const std::string& data_dir);

// Imports data elements from CSV with columns code, name (required),
// value_type, aggregation_type, category_combo (default "default"), uid,
// name_en, short_name, description, unit, zero_is_significant. Atomic unless
// `best_effort`; nothing is written on a dry run.
Result<ImportSummary> ImportDataElements(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort);

}  // namespace gemis::exchange
