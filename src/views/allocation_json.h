// A plan's appendix table (reporting/allocation_table.h) as JSON: what `gemis
// report allocation --format json` prints and GET /api/plans/{plan}/allocation
// answers.
#pragma once

#include <nlohmann/json.hpp>

#include "reporting/allocation_table.h"

namespace gemis::views {

// plan, title, table, otherTables, columns (label, kind, measure, level,
// window) and rows (kind, stt, label, orgUnit, agency, cells, targets: per
// cell the target's id, 0 for an empty cell the editor may fill, null for a
// cell that is not a target of its row).
nlohmann::json AllocationJson(const reporting::AllocationTable& t);

}  // namespace gemis::views
