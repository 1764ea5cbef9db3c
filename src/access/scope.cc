#include "access/scope.h"

#include <algorithm>

namespace gemis::access {

namespace {

bool Contains(std::span<const OrgUnitId> roots, OrgUnitId unit) {
  return std::find(roots.begin(), roots.end(), unit) != roots.end();
}

}  // namespace

bool ScopeIndex::UnderOn(std::span<const OrgUnitId> roots, OrgUnitId unit, Date day) const {
  if (Contains(roots, unit)) return true;
  for (OrgUnitId ancestor : hierarchy_.AncestorsAt(unit, day)) {
    if (Contains(roots, ancestor)) return true;
  }
  return false;
}

bool ScopeIndex::Covers(std::span<const OrgUnitId> roots, OrgUnitId unit,
                        std::optional<Date> at) const {
  if (roots.empty() || hierarchy_.Find(unit) == nullptr) return false;
  if (at && UnderOn(roots, unit, *at)) return true;
  if (UnderOn(roots, unit, today_)) {
    // A unit that has ended is "under" its old parent only through rule 1;
    // today it counts where PlaceAt puts it.
    const OrgUnit* u = hierarchy_.Find(unit);
    if (u->VersionAt(today_) != nullptr || Contains(roots, unit)) return true;
  }
  for (const Placement& p : hierarchy_.PlaceAt(unit, today_)) {
    if (p.unit != unit && UnderOn(roots, p.unit, today_)) return true;
  }
  return false;
}

bool ScopeIndex::ContainsAll(std::span<const OrgUnitId> roots,
                             std::span<const OrgUnitId> inner) const {
  for (OrgUnitId r : inner) {
    const OrgUnit* u = hierarchy_.Find(r);
    if (u == nullptr) return false;
    std::optional<Date> at;
    if (u->VersionAt(today_) == nullptr && u->last().to) at = *u->last().to;
    if (!Covers(roots, r, at)) return false;
  }
  return true;
}

std::vector<OrgUnitId> ScopeIndex::UnitsOn(std::span<const OrgUnitId> roots, Date day) const {
  std::vector<OrgUnitId> out;
  std::vector<OrgUnitId> stack;
  for (OrgUnitId r : roots) {
    const OrgUnit* u = hierarchy_.Find(r);
    if (u == nullptr || u->VersionAt(day) == nullptr) continue;
    stack.push_back(r);
  }
  if (stack.empty()) return out;
  // ChildrenAt lists the units whose recorded parent is the unit; one whose
  // recorded parent has ended (a village of a merged commune) hangs, on
  // `day`, under the parent's successor (Hierarchy::ParentAt), as Covers
  // reads it: start a walk at each such unit the roots cover.
  for (const OrgUnit& u : hierarchy_.units()) {
    const OrgUnitVersion* v = u.VersionAt(day);
    if (v == nullptr || !v->parent) continue;
    const OrgUnit* parent = hierarchy_.Find(*v->parent);
    if (parent != nullptr && parent->VersionAt(day) == nullptr && UnderOn(roots, u.id, day)) {
      stack.push_back(u.id);
    }
  }
  while (!stack.empty()) {
    OrgUnitId id = stack.back();
    stack.pop_back();
    out.push_back(id);
    for (OrgUnitId child : hierarchy_.ChildrenAt(id, day)) stack.push_back(child);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool ScopeFilter::Covers(OrgUnitId unit, std::optional<Date> at) {
  if (!at) {
    auto [it, inserted] = today_.try_emplace(unit, false);
    if (inserted) it->second = index_.Covers(roots_, unit);
    return it->second;
  }
  // Today's answer covers most dated questions (rule 2 does not depend on
  // the date), so only a "no" is asked again for the day.
  if (Covers(unit)) return true;
  return index_.Covers(roots_, unit, at);
}

}  // namespace gemis::access
