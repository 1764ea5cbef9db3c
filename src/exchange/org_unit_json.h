// The JSON of an org unit with its history, as `gemis orgunit show --format
// json` prints it and GET /api/orgUnits/{id} answers (docs/cli.md,
// docs/api.md).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/hierarchy.h"

namespace gemis::exchange {

// An optional date as ISO text or null.
nlohmann::json JsonDate(const std::optional<Date>& d);
// The unit as of `d` (REQUIRES: valid on `d`): codes, names, level, parent,
// path, children, the events that concern it with predecessors and
// successors, and every version.
nlohmann::json OrgUnitJson(const Hierarchy& h, const OrgUnit& unit, Date d);

}  // namespace gemis::exchange
