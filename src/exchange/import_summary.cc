#include "exchange/import_summary.h"

#include <nlohmann/json.hpp>

namespace gemis::exchange {

const char* ImportStatusName(ImportStatus status) {
  switch (status) {
    case ImportStatus::kSuccess: return "SUCCESS";
    case ImportStatus::kWarning: return "WARNING";
    case ImportStatus::kError: return "ERROR";
  }
  return "ERROR";
}

nlohmann::json ImportSummary::ToJson() const {
  nlohmann::json conflicts_json = nlohmann::json::array();
  for (const ImportConflict& c : conflicts) {
    nlohmann::json conflict = {{"object", c.object},
                               {"value", c.value},
                               {"errorCode", c.error_code},
                               {"property", c.property},
                               {"indexes", c.indexes},
                               {"line", c.line},
                               {"message", c.message}};
    if (!c.cell.empty()) conflict["cell"] = c.cell;
    conflicts_json.push_back(std::move(conflict));
  }
  nlohmann::json out = {{"responseType", "ImportSummary"},
                        {"status", ImportStatusName(status)},
                        {"importCount",
                         {{"imported", count.imported},
                          {"updated", count.updated},
                          {"ignored", count.ignored},
                          {"deleted", count.deleted}}},
                        {"conflicts", conflicts_json},
                        {"dryRun", dry_run}};
  if (!description.empty()) out["description"] = description;
  if (!data_set_complete.empty()) out["dataSetComplete"] = data_set_complete;
  return out;
}

}  // namespace gemis::exchange
