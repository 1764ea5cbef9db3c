#include "core/hierarchy.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace gemis {

namespace {

// Placement recursion is bounded: real chains are a few events long.
constexpr int kMaxLineageDepth = 64;

bool Overlaps(const OrgUnitVersion& a, const OrgUnitVersion& b) {
  bool a_before_b = a.to && b.from && *a.to < *b.from;
  bool b_before_a = b.to && a.from && *b.to < *a.from;
  return !a_before_b && !b_before_a;
}

bool OverlapsRange(const OrgUnitVersion& v, Date from, Date to) {
  return (!v.from || *v.from <= to) && (!v.to || from <= *v.to);
}

std::string DateOrOpen(const std::optional<Date>& d, const char* open) {
  return d ? d->ToString() : open;
}

// Where PlaceAt goes from an ended unit: its successors, or its last parent
// when it has none.
std::vector<OrgUnitId> PlacementSteps(const Hierarchy& h, const OrgUnit& unit) {
  std::vector<OrgUnitId> next;
  if (!unit.last().to) return next;
  for (const LineageLink* link : h.LinksFrom(unit.id)) next.push_back(link->successor);
  if (next.empty() && unit.last().parent) next.push_back(*unit.last().parent);
  return next;
}

// A cycle in the walk PlaceAt takes (first unit repeated last), or empty.
// Lineage alone cannot cycle (each successor starts after its predecessor
// ends), but with the step to the last parent it can: a unit whose parent
// ended before it, whose successors lead back to the unit. Iterative, so a
// long chain in user data cannot exhaust the stack.
std::vector<OrgUnitId> FindPlacementCycle(const Hierarchy& h) {
  enum class Mark { kNew, kOnPath, kDone };
  std::unordered_map<OrgUnitId, Mark> marks;
  for (const OrgUnit& start : h.units()) {
    if (marks[start.id] != Mark::kNew) continue;
    std::vector<std::pair<OrgUnitId, std::vector<OrgUnitId>>> path;
    marks[start.id] = Mark::kOnPath;
    path.emplace_back(start.id, PlacementSteps(h, start));
    while (!path.empty()) {
      if (path.back().second.empty()) {
        marks[path.back().first] = Mark::kDone;
        path.pop_back();
        continue;
      }
      OrgUnitId next = path.back().second.back();
      path.back().second.pop_back();
      Mark& mark = marks[next];
      if (mark == Mark::kOnPath) {
        auto from = std::find_if(path.begin(), path.end(), [&](const auto& p) { return p.first == next; });
        std::vector<OrgUnitId> cycle;
        for (auto it = from; it != path.end(); ++it) cycle.push_back(it->first);
        cycle.push_back(next);
        return cycle;
      }
      if (mark == Mark::kNew) {
        mark = Mark::kOnPath;
        path.emplace_back(next, PlacementSteps(h, *h.Find(next)));
      }
    }
  }
  return {};
}

}  // namespace

Result<Hierarchy> Hierarchy::Build(std::vector<OrgUnit> units, std::vector<OrgUnitEvent> events,
                                   std::vector<LineageLink> links) {
  Hierarchy h;
  h.units_ = std::move(units);
  h.events_ = std::move(events);
  h.links_ = std::move(links);
  std::sort(h.events_.begin(), h.events_.end(), [](const auto& a, const auto& b) {
    return a.effective != b.effective ? a.effective < b.effective : a.id < b.id;
  });
  GEMIS_RETURN_IF_ERROR(h.Index());
  for (const OrgUnit& unit : h.units_) GEMIS_RETURN_IF_ERROR(h.CheckVersions(unit));
  for (const OrgUnit& unit : h.units_) GEMIS_RETURN_IF_ERROR(h.CheckParents(unit));
  GEMIS_RETURN_IF_ERROR(h.CheckCodes());
  GEMIS_RETURN_IF_ERROR(h.CheckLinks());
  // PlaceAt promises weights summing to 1; a cycle would cut its walk short.
  if (std::vector<OrgUnitId> cycle = FindPlacementCycle(h); !cycle.empty()) {
    std::string path;
    for (OrgUnitId id : cycle) path += (path.empty() ? "" : " → ") + h.Describe(id);
    return Status::Invalid("placing old values on a later hierarchy goes round in a circle "
                           "through successors and last parents: " + path);
  }
  return h;
}

Status Hierarchy::Index() {
  for (size_t i = 0; i < units_.size(); ++i) {
    const OrgUnit& unit = units_[i];
    if (unit.versions.empty()) {
      return Status::Invalid("org unit " + unit.uid + " has no version");
    }
    if (!by_id_.emplace(unit.id, i).second) {
      return Status::Invalid("duplicate org unit id " + std::to_string(unit.id));
    }
    if (!by_uid_.emplace(unit.uid, i).second) {
      return Status::Invalid("duplicate org unit uid " + unit.uid);
    }
    std::set<std::string> codes;
    std::set<OrgUnitId> parents;
    for (const OrgUnitVersion& v : unit.versions) {
      if (!v.code.empty() && codes.insert(v.code).second) by_code_[v.code].push_back(i);
      if (v.parent && parents.insert(*v.parent).second) children_[*v.parent].push_back(unit.id);
    }
  }
  for (size_t i = 0; i < links_.size(); ++i) {
    links_from_[links_[i].predecessor].push_back(i);
    links_to_[links_[i].successor].push_back(i);
  }
  for (size_t i = 0; i < events_.size(); ++i) {
    event_by_id_[events_[i].id] = i;
    for (OrgUnitId id : events_[i].units) events_of_[id].push_back(i);
  }
  for (auto& [code, list] : by_code_) {
    std::sort(list.begin(), list.end(), [this](size_t a, size_t b) {
      const auto& fa = units_[a].first().from;
      const auto& fb = units_[b].first().from;
      return (fa ? fa->days() : INT32_MIN) < (fb ? fb->days() : INT32_MIN);
    });
  }
  return Status::Ok();
}

std::string Hierarchy::Describe(OrgUnitId id) const {
  const OrgUnit* unit = Find(id);
  if (unit == nullptr) return "#" + std::to_string(id);
  const OrgUnitVersion& v = unit->last();
  return (v.code.empty() ? "" : v.code + " ") + v.FullName() + " (" + unit->uid + ")";
}

Status Hierarchy::CheckVersions(const OrgUnit& unit) const {
  const auto& vs = unit.versions;
  for (size_t i = 0; i < vs.size(); ++i) {
    const OrgUnitVersion& v = vs[i];
    std::string where = Describe(unit.id) + " version " + std::to_string(i + 1);
    if (v.name.empty()) return Status::Invalid(where + ": empty name");
    if (v.from && v.to && *v.to < *v.from) {
      return Status::Invalid(where + ": valid-to " + v.to->ToString() + " is before valid-from " +
                             v.from->ToString());
    }
    if (i > 0 && !v.from) return Status::Invalid(where + ": only the first version may have no start");
    if (i + 1 < vs.size() && !v.to) return Status::Invalid(where + ": only the last version may be open");
    if (i > 0 && vs[i - 1].to->AddDays(1) != *v.from) {
      return Status::Invalid(where + ": starts " + v.from->ToString() +
                             " but the previous version ends " + vs[i - 1].to->ToString() +
                             " (versions must be contiguous)");
    }
  }
  return Status::Ok();
}

Status Hierarchy::CheckParents(const OrgUnit& unit) const {
  for (const OrgUnitVersion& v : unit.versions) {
    if (!v.parent) continue;
    const OrgUnit* parent = Find(*v.parent);
    std::string where = Describe(unit.id) + " from " + DateOrOpen(v.from, "the start");
    if (parent == nullptr) return Status::Invalid(where + ": parent #" + std::to_string(*v.parent) + " does not exist");
    if (parent->id == unit.id) return Status::Invalid(where + ": a unit cannot be its own parent (cycle)");
    const OrgUnitVersion* pv = v.from ? parent->VersionAt(*v.from) : &parent->first();
    if (pv == nullptr || (!v.from && pv->from)) {
      return Status::Invalid(where + ": parent " + Describe(parent->id) + " does not exist on " +
                             DateOrOpen(v.from, "the unit's first day"));
    }
    // The tier rule holds on every day both are valid, not only the first:
    // otherwise a later reclassification could make the tree cyclic.
    for (const OrgUnitVersion& later : parent->versions) {
      if (Overlaps(later, v) && static_cast<int>(later.level) >= static_cast<int>(v.level)) {
        return Status::Invalid(where + ": parent " + Describe(parent->id) + " is a " +
                               LevelName(later.level) + " from " +
                               DateOrOpen(later.from, "the start") + ", not above a " +
                               LevelName(v.level));
      }
    }
  }
  return Status::Ok();
}

Status Hierarchy::CheckCodes() const {
  for (const auto& [code, indexes] : by_code_) {
    if (indexes.size() < 2) continue;
    std::vector<std::pair<const OrgUnit*, const OrgUnitVersion*>> carriers;
    for (size_t i : indexes) {
      for (const OrgUnitVersion& v : units_[i].versions) {
        if (v.code == code) carriers.emplace_back(&units_[i], &v);
      }
    }
    for (size_t a = 0; a < carriers.size(); ++a) {
      for (size_t b = a + 1; b < carriers.size(); ++b) {
        if (carriers[a].first != carriers[b].first && Overlaps(*carriers[a].second, *carriers[b].second)) {
          return Status::Invalid("code " + code + " is carried by " + Describe(carriers[a].first->id) +
                                 " and " + Describe(carriers[b].first->id) + " at the same time");
        }
      }
    }
  }
  return Status::Ok();
}

Status Hierarchy::CheckLinks() const {
  for (const auto& [pred, indexes] : links_from_) {
    const OrgUnit* p = Find(pred);
    if (p == nullptr) return Status::Invalid("lineage from unknown unit #" + std::to_string(pred));
    size_t with_share = 0, designated = 0;
    double total = 0;
    for (size_t i : indexes) {
      const LineageLink& link = links_[i];
      const OrgUnitEvent* event = FindEvent(link.event);
      const OrgUnit* s = Find(link.successor);
      if (event == nullptr) return Status::Invalid("lineage of " + Describe(pred) + " names unknown event");
      if (s == nullptr) return Status::Invalid("lineage of " + Describe(pred) + " to unknown unit");
      if (!p->last().to || p->last().to->AddDays(1) != event->effective) {
        return Status::Invalid(Describe(pred) + " must end on " + event->effective.AddDays(-1).ToString() +
                               ", the day before its " + EventKindName(event->kind) + " on " +
                               event->effective.ToString());
      }
      if (s->VersionAt(event->effective) == nullptr) {
        return Status::Invalid("successor " + Describe(s->id) + " does not exist on " +
                               event->effective.ToString());
      }
      if (link.share) {
        if (!(*link.share > 0 && *link.share <= 1)) {
          return Status::Invalid("share of " + Describe(pred) + " going to " + Describe(s->id) +
                                 " must be in (0, 1]");
        }
        ++with_share;
        total += *link.share;
      }
      designated += link.designated ? 1 : 0;
    }
    if (with_share != 0 && with_share != indexes.size()) {
      return Status::Invalid(Describe(pred) + ": either every successor has a share or none has");
    }
    if (with_share != 0 && std::fabs(total - 1.0) > 1e-9) {
      return Status::Invalid(Describe(pred) + ": shares of its successors sum to " +
                             std::to_string(total) + ", not 1");
    }
    if (with_share == 0 && designated != 1) {
      return Status::Invalid(Describe(pred) + " goes to " + std::to_string(indexes.size()) +
                             " successors without shares: exactly one must be designated (found " +
                             std::to_string(designated) + ")");
    }
  }
  return Status::Ok();
}

const OrgUnit* Hierarchy::Find(OrgUnitId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &units_[it->second];
}

const OrgUnit* Hierarchy::FindByUid(std::string_view uid) const {
  auto it = by_uid_.find(std::string(uid));
  return it == by_uid_.end() ? nullptr : &units_[it->second];
}

const OrgUnit* Hierarchy::FindByCode(std::string_view code, Date d) const {
  auto it = by_code_.find(std::string(code));
  if (it == by_code_.end()) return nullptr;
  for (size_t i : it->second) {
    const OrgUnitVersion* v = units_[i].VersionAt(d);
    if (v != nullptr && v->code == code) return &units_[i];
  }
  return nullptr;
}

std::vector<const OrgUnit*> Hierarchy::FindByCodeOverlapping(std::string_view code, Date from,
                                                             Date to) const {
  std::vector<const OrgUnit*> out;
  auto it = by_code_.find(std::string(code));
  if (it == by_code_.end()) return out;
  for (size_t i : it->second) {
    for (const OrgUnitVersion& v : units_[i].versions) {
      if (v.code == code && OverlapsRange(v, from, to)) {
        out.push_back(&units_[i]);
        break;
      }
    }
  }
  return out;
}

std::vector<const OrgUnit*> Hierarchy::FindByCodeAnyTime(std::string_view code) const {
  std::vector<const OrgUnit*> out;
  auto it = by_code_.find(std::string(code));
  if (it != by_code_.end()) {
    for (size_t i : it->second) out.push_back(&units_[i]);
  }
  return out;
}

std::optional<OrgUnitId> Hierarchy::ParentAt(OrgUnitId id, Date d) const {
  const OrgUnit* unit = Find(id);
  const OrgUnitVersion* v = unit ? unit->VersionAt(d) : nullptr;
  if (v == nullptr || !v->parent) return std::nullopt;
  // When the recorded parent has ended, stand in its heaviest successor that
  // is still above the unit; failing that, do the same for the parent's own
  // last parent. Successors may be of a lower tier (an island district became
  // a commune-level đặc khu), so the tier check keeps the tree acyclic.
  std::optional<OrgUnitId> candidate = v->parent;
  for (int depth = 0; candidate && depth < kMaxLineageDepth; ++depth) {
    const OrgUnit* parent = Find(*candidate);
    if (parent->VersionAt(d) != nullptr) return parent->id;
    std::vector<Placement> placed = PlaceAt(parent->id, d);
    std::stable_sort(placed.begin(), placed.end(),
                     [](const Placement& a, const Placement& b) { return a.weight > b.weight; });
    for (const Placement& p : placed) {
      if (static_cast<int>(Find(p.unit)->VersionAt(d)->level) < static_cast<int>(v->level)) {
        return p.unit;
      }
    }
    candidate = parent->last().parent;
  }
  return std::nullopt;
}

std::vector<OrgUnitId> Hierarchy::ChildrenAt(OrgUnitId id, Date d) const {
  std::vector<OrgUnitId> out;
  auto it = children_.find(id);
  if (it != children_.end()) {
    for (OrgUnitId child : it->second) {
      const OrgUnitVersion* v = Find(child)->VersionAt(d);
      if (v != nullptr && v->parent == id) out.push_back(child);
    }
  }
  std::sort(out.begin(), out.end(), [&](OrgUnitId a, OrgUnitId b) {
    const OrgUnitVersion* va = Find(a)->VersionAt(d);
    const OrgUnitVersion* vb = Find(b)->VersionAt(d);
    return va->code != vb->code ? va->code < vb->code : va->name < vb->name;
  });
  return out;
}

std::vector<OrgUnitId> Hierarchy::RootsAt(Date d) const {
  std::vector<OrgUnitId> out;
  for (const OrgUnit& unit : units_) {
    const OrgUnitVersion* v = unit.VersionAt(d);
    if (v != nullptr && !v->parent) out.push_back(unit.id);
  }
  return out;
}

std::vector<OrgUnitId> Hierarchy::UnitsAt(Date d, std::optional<OrgUnitLevel> level) const {
  std::vector<std::pair<std::string, OrgUnitId>> found;
  for (const OrgUnit& unit : units_) {
    const OrgUnitVersion* v = unit.VersionAt(d);
    if (v != nullptr && (!level || v->level == *level)) found.emplace_back(v->code, unit.id);
  }
  std::sort(found.begin(), found.end());
  std::vector<OrgUnitId> out;
  out.reserve(found.size());
  for (const auto& [code, id] : found) out.push_back(id);
  return out;
}

std::vector<OrgUnitId> Hierarchy::AncestorsAt(OrgUnitId id, Date d) const {
  std::vector<OrgUnitId> out;
  for (auto parent = ParentAt(id, d); parent && out.size() < kMaxLineageDepth;
       parent = ParentAt(*parent, d)) {
    out.push_back(*parent);
  }
  return out;
}

std::vector<const OrgUnitEvent*> Hierarchy::EventsOf(OrgUnitId id) const {
  std::set<size_t> indexes;
  if (auto it = events_of_.find(id); it != events_of_.end()) indexes.insert(it->second.begin(), it->second.end());
  for (const LineageLink* link : LinksFrom(id)) indexes.insert(event_by_id_.at(link->event));
  for (const LineageLink* link : LinksTo(id)) indexes.insert(event_by_id_.at(link->event));
  std::vector<const OrgUnitEvent*> out;
  for (size_t i : indexes) out.push_back(&events_[i]);  // events_ is sorted by date
  return out;
}

const OrgUnitEvent* Hierarchy::FindEvent(OrgUnitEventId id) const {
  auto it = event_by_id_.find(id);
  return it == event_by_id_.end() ? nullptr : &events_[it->second];
}

std::vector<const LineageLink*> Hierarchy::LinksFrom(OrgUnitId predecessor) const {
  std::vector<const LineageLink*> out;
  if (auto it = links_from_.find(predecessor); it != links_from_.end()) {
    for (size_t i : it->second) out.push_back(&links_[i]);
  }
  return out;
}

std::vector<const LineageLink*> Hierarchy::LinksTo(OrgUnitId successor) const {
  std::vector<const LineageLink*> out;
  if (auto it = links_to_.find(successor); it != links_to_.end()) {
    for (size_t i : it->second) out.push_back(&links_[i]);
  }
  return out;
}

std::vector<Placement> Hierarchy::PlaceAt(OrgUnitId id, Date d) const {
  std::vector<Placement> out;
  AddPlacement(id, d, 1.0, 0, out);
  return out;
}

void Hierarchy::AddPlacement(OrgUnitId id, Date d, double weight, int depth,
                             std::vector<Placement>& out) const {
  const OrgUnit* unit = Find(id);
  if (unit == nullptr || weight == 0 || depth > kMaxLineageDepth) return;
  if (unit->VersionAt(d) != nullptr) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Placement& p) { return p.unit == id; });
    if (it == out.end()) {
      out.push_back({id, weight});
    } else {
      it->weight += weight;
    }
    return;
  }
  const OrgUnitVersion& last = unit->last();
  if (!last.to || d < *last.to) return;  // d is before the unit existed
  std::vector<const LineageLink*> links = LinksFrom(id);
  if (links.empty()) {
    if (last.parent) AddPlacement(*last.parent, d, weight, depth + 1, out);
    return;
  }
  for (const LineageLink* link : links) {
    double part = link->share ? *link->share : (link->designated ? 1.0 : 0.0);
    AddPlacement(link->successor, d, weight * part, depth + 1, out);
  }
}

}  // namespace gemis
