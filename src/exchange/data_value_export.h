// Writing stored data values as DHIS2 dataValueSets — CSV (DHIS2's column
// order), JSON ({"dataValues": [...]}) or XML (DXF2) — or as ADX, with
// identifiers as uids, codes or names. With codes, an org unit is written as
// the code it carried during the value's period, or as its uid when that
// code names more than one unit during the period (reused) or is empty:
// ImportDataValues reads every file written here with uids or codes back to
// the same values (names need not be unique).
#pragma once

#include <ostream>

#include "exchange/data_value_import.h"
#include "store/store.h"

namespace gemis::exchange {

struct DataValueExportOptions {
  DataFileFormat format = DataFileFormat::kCsv;
  IdScheme id_scheme = IdScheme::kUid;  // kAuto writes uids
  store::DataValueFilter filter;
  // A stored data set (uid or code; "" for none): only the values of its data
  // elements are written (within filter.data_elements, when that is not
  // empty), and JSON, XML and ADX name it as their dataSet, under the id
  // scheme (CSV has no header). Required for ADX, whose groups need one.
  std::string data_set;
};

// Streams the matching values to `out`; returns how many were written.
// kNotFound (Location.field "--data-set") when the data set is not stored.
// ADX: kUsage without a data set or with filter.include_deleted (ADX has
// no deleted values).
Result<int64_t> ExportDataValues(store::Store& store, std::ostream& out,
                                 const DataValueExportOptions& options);

}  // namespace gemis::exchange
