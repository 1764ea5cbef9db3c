// Writing stored data values as DHIS2 dataValueSets: CSV (DHIS2's column
// order) or JSON ({"dataValues": [...]}), identifiers as uids or codes. With
// codes, an org unit is written as the code it carried during the value's
// period, or as its uid when that code names more than one unit during the
// period (reused) or is empty: ImportDataValues reads every file written
// here back to the same values.
#pragma once

#include <ostream>

#include "exchange/data_value_import.h"
#include "store/store.h"

namespace gemis::exchange {

enum class IdScheme { kUid, kCode };

struct DataValueExportOptions {
  DataFileFormat format = DataFileFormat::kCsv;
  IdScheme id_scheme = IdScheme::kUid;
  store::DataValueFilter filter;
};

// Streams the matching values to `out`; returns how many were written.
Result<int64_t> ExportDataValues(store::Store& store, std::ostream& out,
                                 const DataValueExportOptions& options);

}  // namespace gemis::exchange
