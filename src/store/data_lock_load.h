// The data lock (core/data_lock.h) read from the store: the report types
// and their approved or locked submissions, for every unit or one.
#pragma once

#include <optional>

#include "core/data_lock.h"
#include "store/store.h"

namespace gemis::store {

Result<DataLock> LoadDataLock(ReadTransaction& txn, const Metadata& metadata,
                              std::optional<OrgUnitId> unit = std::nullopt);

}  // namespace gemis::store
