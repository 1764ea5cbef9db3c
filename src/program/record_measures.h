// The measures records publish: the data elements of the stored figure rules
// of models, activities and registers, for the results a plan without
// numeric targets shows (analytics::ProgressOptions::result_measures).
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace gemis::program {

// Distinct element codes, sorted.
Result<std::vector<std::string>> RecordMeasures(store::ReadTransaction& txn);

}  // namespace gemis::program
