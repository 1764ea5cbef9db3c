#include "analytics/result_json.h"

namespace gemis::analytics {

nlohmann::json ResultJson(const QueryResult& r) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& h : r.headers) {
    headers.push_back({{"name", h.name}, {"column", h.column}, {"valueType", h.value_type}});
  }
  nlohmann::json items = nlohmann::json::object();
  for (const auto& [uid, name] : r.items) items[uid] = {{"name", name}};
  nlohmann::json dimensions = nlohmann::json::object();
  for (const auto& [name, uids] : r.dimensions) dimensions[name] = uids;
  return {{"headers", headers},        {"metaData", {{"items", items}, {"dimensions", dimensions}}},
          {"rows", r.Rows()},          {"height", r.size()},
          {"width", r.headers.size()}, {"headerWidth", r.headers.size()}};
}

}  // namespace gemis::analytics
