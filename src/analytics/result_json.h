// A query result as the JSON of DHIS2's /api/analytics: headers, metaData
// (items and dimensions), rows, height, width, headerWidth. Shared by
// `gemis query --format json` and GET /api/analytics.
#pragma once

#include <nlohmann/json.hpp>

#include "analytics/engine.h"

namespace gemis::analytics {

nlohmann::json ResultJson(const QueryResult& r);

}  // namespace gemis::analytics
