// Progress against targets (analytics/progress.h) as JSON: what `gemis
// progress --format json` prints and GET /api/plans/{plan}/progress answers.
#pragma once

#include <nlohmann/json.hpp>

#include "analytics/progress.h"
#include "core/hierarchy.h"
#include "core/metadata.h"

namespace gemis::views {

// plan, planCode, title, at, hierarchyDate and the rows (measure, unit,
// level, window, target, actual, percent, elapsed, status, note, parent,
// depth).
nlohmann::json ProgressJson(const analytics::ProgressReport& r, const Hierarchy& hierarchy,
                            const Metadata& metadata);

}  // namespace gemis::views
