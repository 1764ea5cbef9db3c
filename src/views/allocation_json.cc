#include "views/allocation_json.h"

namespace gemis::views {

nlohmann::json AllocationJson(const reporting::AllocationTable& t) {
  nlohmann::json columns = nlohmann::json::array();
  for (const reporting::AllocationColumn& c : t.columns) {
    nlohmann::json col = {{"label", c.label}};
    if (c.kind == reporting::AllocationColumn::Kind::kPlaceCount) {
      col["kind"] = "placeCount";
      col["placeKind"] = c.place_kind;
    } else {
      col["kind"] = "target";
      col["measure"] = c.measure.code;
      col["level"] = ImplementingLevelName(c.level);
      col["levelLabel"] = c.level_label;
      col["window"] = c.window;
    }
    columns.push_back(std::move(col));
  }
  nlohmann::json rows = nlohmann::json::array();
  static const char* kKinds[] = {"total", "window", "levels", "unit"};
  for (const reporting::AllocationRow& r : t.rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& cell : r.cells) cells.push_back(cell ? nlohmann::json(*cell) : nullptr);
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& id : r.targets) targets.push_back(id ? nlohmann::json(*id) : nullptr);
    rows.push_back({{"kind", kKinds[static_cast<int>(r.kind)]},
                    {"stt", r.stt},
                    {"label", r.label},
                    {"orgUnit", r.org_unit_code},
                    {"agency", r.agency_code},
                    {"cells", std::move(cells)},
                    {"targets", std::move(targets)}});
  }
  return {{"plan", t.plan},     {"title", t.title},
          {"table", t.table},   {"otherTables", t.other_tables},
          {"columns", columns}, {"rows", rows}};
}

}  // namespace gemis::views
