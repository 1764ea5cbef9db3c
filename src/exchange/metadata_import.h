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
// name_en, short_name, description, unit, zero_is_significant. A row whose
// code is new is imported, one whose code exists updates that element. A row
// that fails ValidateDataElement or names a missing combo is a conflict
// E_DE_INVALID (property: the field); an unreadable file or record is
// E_DE_FORMAT. Atomic unless `best_effort` (ERROR and nothing written on any
// conflict; best effort: WARNING, or ERROR when no row passed); nothing is
// written on a dry run. A non-OK Status only for failures of the store.
Result<ImportSummary> ImportDataElements(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort);

}  // namespace gemis::exchange
