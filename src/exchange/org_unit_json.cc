#include "exchange/org_unit_json.h"

namespace gemis::exchange {

namespace {

// The code a unit had at the end of its life or now: for listing relatives.
std::string CodeOf(const Hierarchy& h, OrgUnitId id, std::optional<Date> d = {}) {
  const OrgUnit* unit = h.Find(id);
  const OrgUnitVersion* v = d ? unit->VersionAt(*d) : nullptr;
  return (v ? *v : unit->last()).code;
}

nlohmann::json EventJson(const Hierarchy& h, const OrgUnitEvent& e, OrgUnitId subject) {
  nlohmann::json out = {{"kind", EventKindName(e.kind)},
                        {"date", e.effective.ToString()},
                        {"legalBasis", e.legal_basis}};
  if (!e.note.empty()) out["note"] = e.note;
  nlohmann::json preds = nlohmann::json::array(), succs = nlohmann::json::array();
  for (const LineageLink& link : h.links()) {
    if (link.event != e.id) continue;
    // For a merge that formed or absorbed `subject`, list its sources; for
    // an event that ended `subject`, where it went.
    if (link.successor == subject || link.predecessor == subject) {
      nlohmann::json item = {
          {"code", CodeOf(h, link.predecessor == subject ? link.successor : link.predecessor)},
          {"uid", h.Find(link.predecessor == subject ? link.successor : link.predecessor)->uid}};
      if (link.share) item["share"] = *link.share;
      if (link.partial) item["partial"] = true;
      if (link.predecessor == subject) {
        item["designated"] = link.designated;
        succs.push_back(item);
      } else {
        preds.push_back(item);
      }
    }
  }
  if (!preds.empty()) out["predecessors"] = preds;
  if (!succs.empty()) out["successors"] = succs;
  return out;
}

}  // namespace

nlohmann::json JsonDate(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->ToString()) : nlohmann::json(nullptr);
}

nlohmann::json OrgUnitJson(const Hierarchy& h, const OrgUnit& unit, Date d) {
  const OrgUnitVersion& v = *unit.VersionAt(d);
  nlohmann::json children = nlohmann::json::array();
  for (OrgUnitId child : h.ChildrenAt(unit.id, d)) children.push_back(CodeOf(h, child, d));
  nlohmann::json events = nlohmann::json::array();
  for (const OrgUnitEvent* e : h.EventsOf(unit.id)) events.push_back(EventJson(h, *e, unit.id));
  std::optional<OrgUnitId> parent = h.ParentAt(unit.id, d);
  nlohmann::json path = nlohmann::json::array();
  for (OrgUnitId a : h.AncestorsAt(unit.id, d))
    path.insert(path.begin(), h.Find(a)->VersionAt(d)->FullName());
  nlohmann::json history = nlohmann::json::array();
  for (const OrgUnitVersion& hv : unit.versions) {
    history.push_back(
        {{"validFrom", JsonDate(hv.from)},
         {"validTo", JsonDate(hv.to)},
         {"code", hv.code},
         {"name", hv.name},
         {"unitType", hv.unit_type},
         {"parent", hv.parent ? nlohmann::json(CodeOf(h, *hv.parent)) : nlohmann::json(nullptr)}});
  }
  nlohmann::json out = {
      {"uid", unit.uid},
      {"code", v.code},
      {"name", v.name},
      {"fullName", v.FullName()},
      {"level", LevelName(v.level)},
      {"unitType", v.unit_type},
      {"parent", parent ? nlohmann::json(CodeOf(h, *parent, d)) : nlohmann::json(nullptr)},
      {"path", path},
      {"asOf", d.ToString()},
      {"validFrom", JsonDate(unit.first().from)},
      {"validTo", JsonDate(unit.last().to)},
      {"children", children},
      {"events", events},
      {"versions", history}};
  if (unit.first().approximate_from) {
    out["validFromNote"] =
        "known from the list in force on 2025-03-01; used as the baseline for earlier dates";
  }
  if (!v.name_en.empty()) out["nameEn"] = v.name_en;
  return out;
}

}  // namespace gemis::exchange
