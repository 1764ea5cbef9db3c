// What the sheet imports (sheet_import*.cc) share. Not a public header.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "exchange/import_summary.h"

namespace gemis::exchange::sheet_import {

// Sets the cell of every conflict that has none to cell_of(conflict) (which
// may return "" when it cannot tell).
void LocateConflicts(std::vector<ImportConflict>& conflicts,
                     const std::function<std::string(const ImportConflict&)>& cell_of);

}  // namespace gemis::exchange::sheet_import
