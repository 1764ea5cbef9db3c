// GET /api/analytics (DHIS2's request and response shape) and GET /api/audit.
#include "analytics/result_json.h"
#include "server/api.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char ch : text) {
    if (ch == ';') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// dimension=dx:A;B, dimension=ou:X;LEVEL-3, dimension=pe:2024;2025Q1, and
// dimension=<category code> to keep a category's options as a column;
// asOf=YYYY-MM-DD (default today). Every unit must be in the caller's view
// scope: an aggregate over a unit covers all below it, so a total above the
// scope would reveal the units outside it.
Response Analytics(Call& c) {
  analytics::QueryRequest request;
  request.lang = c.lang;
  request.as_of = c.world->today;
  if (auto as_of = c.target.Get("asOf")) {
    Result<Date> d = Date::Parse(*as_of);
    if (!d.ok()) return c.FromStatus(Status::Invalid(d.status().message(), {"", 0, 0, "asOf"}));
    request.as_of = *d;
  }
  Result<analytics::Engine*> engine = c.api.Engine();
  if (!engine.ok()) return c.FromStatus(engine.status());
  std::vector<OrgUnitId> units;
  std::vector<OrgUnitLevel> levels;
  for (std::string_view dimension : c.target.GetAll("dimension")) {
    size_t colon = dimension.find(':');
    std::string name(dimension.substr(0, colon));
    std::vector<std::string> items = colon == std::string_view::npos
                                         ? std::vector<std::string>()
                                         : Split(dimension.substr(colon + 1));
    if (name == "dx") {
      request.dx.insert(request.dx.end(), items.begin(), items.end());
    } else if (name == "pe") {
      for (const std::string& id : items) {
        Result<Period> p = Period::Parse(id);
        if (!p.ok())
          return c.FromStatus(
              Status::Invalid("period '" + id + "': " + p.status().message(), {"", 0, 0, "pe"}));
        request.pe.push_back(*p);
      }
    } else if (name == "ou") {
      for (const std::string& id : items) {
        if (id.rfind("LEVEL-", 0) == 0) {
          Result<OrgUnitLevel> level = ParseLevel(id.substr(6));
          if (!level.ok())
            return c.FromStatus(Status::Invalid(level.status().message(), {"", 0, 0, "ou"}));
          levels.push_back(*level);
          continue;
        }
        Result<OrgUnitId> unit = (*engine)->ResolveOrgUnit(id, request.as_of);
        if (!unit.ok())
          return c.FromStatus(
              Status(unit.status().code(), unit.status().message(), {"", 0, 0, "ou"}));
        if (!c.CanView(*unit, request.as_of)) return c.OutOfScope();
        units.push_back(*unit);
      }
    } else if (colon == std::string_view::npos && !name.empty()) {
      request.keep.push_back(name);
    } else {
      return c.FromStatus(
          Status::Invalid("unknown dimension '" + name + "'", {"", 0, 0, "dimension"}));
    }
  }
  if (request.dx.empty())
    return c.FromStatus(Status::Invalid("dimension=dx:… is required", {"", 0, 0, "dx"}));
  if (request.pe.empty())
    return c.FromStatus(Status::Invalid("dimension=pe:… is required", {"", 0, 0, "pe"}));
  if (units.empty())
    return c.FromStatus(Status::Invalid("dimension=ou:… is required", {"", 0, 0, "ou"}));
  // A user limited to content areas asks only for their elements (an
  // indicator may combine elements of several areas).
  if (!c.principal().content_areas.empty() && !c.principal().system) {
    for (const std::string& dx : request.dx) {
      const StoredElement* e = c.world->metadata.FindElement(dx);
      if (e == nullptr || !c.ElementAllowed(e->id)) return c.Forbidden();
    }
  }
  for (OrgUnitId unit : units) {
    if (levels.empty()) request.ou.push_back({unit, std::nullopt});
    for (OrgUnitLevel level : levels) request.ou.push_back({unit, level});
  }
  Result<analytics::QueryResult> result = (*engine)->Query(request);
  if (!result.ok()) return c.FromStatus(result.status());
  return c.Json(analytics::ResultJson(*result));
}

// A decimal number of 1 to 18 digits (no sign, no spaces, no suffix).
std::optional<int64_t> WholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return n;
}

json AuditJson(const store::AuditEntry& e, const World& world) {
  auto parse = [](const std::optional<std::string>& text) {
    if (!text) return json(nullptr);
    json j = json::parse(*text, nullptr, false);
    return j.is_discarded() ? json(*text) : j;
  };
  return {{"id", e.id},
          {"at", e.at},
          {"user", e.username},
          {"address", e.address},
          {"action", e.action},
          {"objectType", e.object_type},
          {"objectId", e.object_id},
          {"orgUnit", e.org_unit ? json(UnitUid(world, *e.org_unit)) : json(nullptr)},
          {"before", parse(e.before)},
          {"after", parse(e.after)}};
}

// Newest first; objectType, objectId, user, action, from, to, before (an id,
// for the next page), pageSize. A caller who is not a central auditor (no
// scope root at the top of the hierarchy) sees the entries of units in
// their view scope, and their own.
Response Audit(Call& c) {
  store::AuditFilter filter;
  auto text = [&](const char* name, std::string& out) {
    if (auto v = c.target.Get(name)) out = std::string(*v);
  };
  text("objectType", filter.object_type);
  text("objectId", filter.object_id);
  text("user", filter.username);
  text("action", filter.action);
  text("from", filter.from);
  text("to", filter.to);
  int64_t page_size = 100;
  if (auto v = c.target.Get("pageSize")) {
    std::optional<int64_t> n = WholeNumber(*v);
    if (!n || *n < 1 || *n > 1000) {
      return c.FromStatus(Status::Invalid("pageSize must be 1 to 1000", {"", 0, 0, "pageSize"}));
    }
    page_size = *n;
  }
  if (auto v = c.target.Get("before")) {
    std::optional<int64_t> n = WholeNumber(*v);
    if (!n || *n <= 0)
      return c.FromStatus(Status::Invalid("before must be an entry id", {"", 0, 0, "before"}));
    filter.before_id = *n;
  }
  const access::Principal& p = c.principal();
  bool everything = p.system;
  for (OrgUnitId root : p.view_scope) {
    if (c.world->hierarchy.ParentAt(root, c.world->today) == std::nullopt &&
        c.world->hierarchy.Find(root) && c.world->hierarchy.Find(root)->VersionAt(c.world->today)) {
      everything = true;
    }
  }
  json entries = json::array();
  int64_t last_id = 0;
  bool more = false;
  // Entries outside the scope are skipped, so a page is filled by scanning
  // on in batches.
  filter.limit = 500;
  Status status = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    while (true) {
      int64_t seen = 0;
      GEMIS_RETURN_IF_ERROR(txn.ScanAudit(filter, [&](const store::AuditEntry& e) -> Status {
        ++seen;
        filter.before_id = e.id;
        if (static_cast<int64_t>(entries.size()) >= page_size) {
          more = true;
          return Status::Ok();
        }
        bool visible =
            everything || e.user_id == p.user_id || (e.org_unit && c.CanView(*e.org_unit));
        if (visible) {
          entries.push_back(AuditJson(e, *c.world));
          last_id = e.id;
        }
        return Status::Ok();
      }));
      if (more || seen < filter.limit) return Status::Ok();
    }
  });
  if (!status.ok()) return c.FromStatus(status);
  json out = {{"entries", entries}};
  if (more) {
    // The next page keeps the filters and the page size.
    std::string next = "/api/audit?before=" + std::to_string(last_id);
    for (const auto& [name, value] : c.target.params()) {
      if (name != "before") next += "&" + PercentEncode(name) + "=" + PercentEncode(value);
    }
    out["next"] = next;
  }
  return c.Json(out);
}

}  // namespace

void AddAnalyticsRoutes(Router& r) {
  r.Add({http::verb::get, "/api/analytics", true, Authority::kReadData, Analytics});
}

void AddAuditRoutes(Router& r) {
  r.Add({http::verb::get, "/api/audit", true, Authority::kReadAudit, Audit});
}

}  // namespace gemis::server
