// Org units: /api/orgUnits (list and search, as of a date) and
// /api/orgUnits/{id} (one unit with its history). A caller sees the units of
// their view scope and the ancestors of its roots (the path to them), no
// other.
#include <algorithm>

#include "core/text.h"
#include "exchange/org_unit_json.h"
#include "server/api.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

Result<Date> AsOf(const Call& c) {
  auto text = c.target.Get("asOf");
  if (!text || text->empty()) return c.world->today;
  Result<Date> d = Date::Parse(*text);
  if (!d.ok()) return Status::Invalid(d.status().message(), {"", 0, 0, "asOf"});
  return d;
}

// The units the caller may see on `day`, sorted.
std::vector<OrgUnitId> Visible(const Call& c, Date day) {
  const access::Principal& p = c.principal();
  if (p.system) return c.world->hierarchy.UnitsAt(day);
  std::vector<OrgUnitId> out = c.world->scopes->UnitsOn(p.view_scope, day);
  for (OrgUnitId root : p.view_scope) {
    for (OrgUnitId a : c.world->hierarchy.AncestorsAt(root, day)) out.push_back(a);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The children of `id` on `day` that are in `visible` (sorted).
std::vector<OrgUnitId> VisibleChildren(const Hierarchy& h, OrgUnitId id, Date day,
                                       const std::vector<OrgUnitId>& visible) {
  std::vector<OrgUnitId> out;
  for (OrgUnitId child : h.ChildrenAt(id, day)) {
    if (std::binary_search(visible.begin(), visible.end(), child)) out.push_back(child);
  }
  return out;
}

// `visible`: the units the caller may see (Visible), so an ancestor of the
// scope counts only the children on the caller's path.
json Brief(const Hierarchy& h, const OrgUnit& u, Date day, const std::vector<OrgUnitId>& visible) {
  const OrgUnitVersion& v = *u.VersionAt(day);
  std::optional<OrgUnitId> parent = h.ParentAt(u.id, day);
  return {{"id", u.uid},
          {"code", v.code},
          {"name", v.name},
          {"fullName", v.FullName()},
          {"level", LevelName(v.level)},
          {"parent", parent ? json(h.Find(*parent)->uid) : json(nullptr)},
          {"childCount", VisibleChildren(h, u.id, day, visible).size()}};
}

Response List(Call& c) {
  Result<Date> day = AsOf(c);
  if (!day.ok()) return c.FromStatus(day.status());
  Result<int64_t> page = IntParam(c, "page", 1, 1, 1'000'000);
  Result<int64_t> size = IntParam(c, "pageSize", 50, 1, 1000);
  if (!page.ok()) return c.FromStatus(page.status());
  if (!size.ok()) return c.FromStatus(size.status());
  const Hierarchy& h = c.world->hierarchy;
  std::optional<OrgUnitId> parent;
  if (auto p = c.target.Get("parent")) {
    const OrgUnit* u = h.FindByUid(*p);
    if (u == nullptr) u = h.FindByCode(*p, *day);
    if (u == nullptr)
      return c.FromStatus(
          Status::NotFound("no org unit '" + std::string(*p) + "'", {"", 0, 0, "parent"}));
    parent = u->id;
  }
  std::optional<OrgUnitLevel> level;
  if (auto l = c.target.Get("level")) {
    Result<OrgUnitLevel> parsed = ParseLevel(*l);
    if (!parsed.ok())
      return c.FromStatus(Status::Invalid(parsed.status().message(), {"", 0, 0, "level"}));
    level = *parsed;
  }
  std::string q = c.target.Get("q") ? FoldForSearch(*c.target.Get("q")) : std::string();
  std::vector<const OrgUnit*> hits;
  const std::vector<OrgUnitId> visible = Visible(c, *day);
  for (OrgUnitId id : visible) {
    const OrgUnit* u = h.Find(id);
    const OrgUnitVersion* v = u ? u->VersionAt(*day) : nullptr;
    if (v == nullptr) continue;
    if (level && v->level != *level) continue;
    if (parent && h.ParentAt(id, *day) != parent) continue;
    if (!q.empty() && FoldForSearch(v->FullName()).find(q) == std::string::npos && v->code != q)
      continue;
    hits.push_back(u);
  }
  std::sort(hits.begin(), hits.end(), [&](const OrgUnit* a, const OrgUnit* b) {
    return std::tie(a->VersionAt(*day)->code, a->id) < std::tie(b->VersionAt(*day)->code, b->id);
  });
  int64_t total = static_cast<int64_t>(hits.size());
  int64_t first = (*page - 1) * *size;
  json units = json::array();
  for (int64_t i = first; i < total && i < first + *size; ++i) {
    units.push_back(Brief(h, *hits[i], *day, visible));
  }
  return c.Json({{"pager",
                  {{"page", *page},
                   {"pageSize", *size},
                   {"total", total},
                   {"pageCount", (total + *size - 1) / *size}}},
                 {"asOf", day->ToString()},
                 {"orgUnits", units}});
}

Response Get(Call& c) {
  Result<Date> day = AsOf(c);
  if (!day.ok()) return c.FromStatus(day.status());
  const Hierarchy& h = c.world->hierarchy;
  std::string_view id = c.Param("id");
  const OrgUnit* u = h.FindByUid(id);
  if (u == nullptr) u = h.FindByCode(id, *day);
  if (u == nullptr)
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "id");
  // Inside the view scope (the common case, answered without listing the
  // scope), or else an ancestor of it.
  const bool in_scope = c.CanView(u->id, *day);
  std::vector<OrgUnitId> visible;
  if (!in_scope) {
    visible = Visible(c, *day);
    if (!std::binary_search(visible.begin(), visible.end(), u->id)) return c.OutOfScope();
  }
  if (u->VersionAt(*day) == nullptr) {
    return c.FromStatus(
        Status::NotFound("the unit did not exist on " + day->ToString(), {"", 0, 0, "asOf"}));
  }
  json out = exchange::OrgUnitJson(h, *u, *day);
  if (!in_scope) {
    // An ancestor of the caller's scope: the path to it, not the units
    // beside it.
    json children = json::array();
    for (OrgUnitId child : VisibleChildren(h, u->id, *day, visible)) {
      children.push_back(h.Find(child)->VersionAt(*day)->code);
    }
    out["children"] = children;
  }
  return c.Json(out);
}

}  // namespace

void AddOrgUnitRoutes(Router& r) {
  r.Add({http::verb::get, "/api/orgUnits", true, Authority::kReadMetadata, List, true});
  r.Add({http::verb::get, "/api/orgUnits/{id}", true, Authority::kReadMetadata, Get, true});
}

}  // namespace gemis::server
