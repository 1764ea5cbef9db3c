#include "views/progress_json.h"

namespace gemis::views {

namespace {

nlohmann::json KeyJson(const TargetKey& key, const Hierarchy& hierarchy, Date d,
                       const Metadata& metadata) {
  std::string measure, unit;
  if (key.measure_kind == MeasureKind::kDataElement) {
    if (const StoredElement* e = metadata.Element(key.measure)) measure = e->element.code;
  } else if (const StoredIndicator* i = metadata.IndicatorById(key.measure)) {
    measure = i->indicator.code;
  }
  if (const OrgUnit* u = hierarchy.Find(key.org_unit)) {
    const OrgUnitVersion* v = u->VersionAt(d);
    unit = (v != nullptr ? v : &u->last())->code;
  }
  return {{"measure", measure},        {"orgUnit", unit},
          {"agency", key.agency_code}, {"level", ImplementingLevelName(key.level)},
          {"period", key.period},      {"window", key.window}};
}

}  // namespace

nlohmann::json ProgressJson(const analytics::ProgressReport& r, const Hierarchy& hierarchy,
                            const Metadata& metadata) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const analytics::ProgressRow& row = r.rows[i];
    auto number = [](const std::optional<double>& v) {
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    rows.push_back(
        {{"row", i},
         {"targetIds", row.target_ids},
         {"measure", row.measure_code},
         {"measureKind", row.measure_kind == MeasureKind::kIndicator ? "indicator" : "dataElement"},
         {"measureName", row.measure_name},
         {"orgUnit", row.org_unit_code},
         {"orgUnitName", row.org_unit_name},
         {"agency", row.agency_code},
         {"level", ImplementingLevelName(row.level)},
         {"window", row.window},
         {"windowSource", row.window_source},
         {"target", row.target},
         {"values", row.values},
         {"unitLabel", row.unit_label},
         {"direction", TargetDirectionName(row.direction)},
         {"actual", number(row.actual)},
         {"percent", number(row.percent)},
         {"elapsed", row.elapsed},
         {"status", analytics::ProgressStatusName(row.status)},
         {"note", row.note},
         {"parent", row.parent_row >= 0 ? nlohmann::json(row.parent_row) : nlohmann::json(nullptr)},
         {"parentKey", row.parent ? KeyJson(*row.parent, hierarchy, r.hierarchy_date, metadata)
                                  : nlohmann::json(nullptr)},
         {"depth", row.depth}});
  }
  return {{"plan", r.plan},
          {"planCode", r.plan_code},
          {"title", r.title},
          {"at", r.at.ToString()},
          {"hierarchyDate", r.hierarchy_date.ToString()},
          {"rows", rows}};
}

}  // namespace gemis::views
