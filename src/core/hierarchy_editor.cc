#include "core/hierarchy_editor.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace gemis {

namespace {

std::string DescribeUnit(const OrgUnit& unit) {
  const OrgUnitVersion& v = unit.last();
  return (v.code.empty() ? "" : v.code + " ") + v.FullName();
}

// Why `unit` cannot get a new version from `effective`, or OK: changes to a
// unit are recorded in date order.
Status CheckChangeableOn(const OrgUnit& unit, Date effective) {
  const OrgUnitVersion& last = unit.last();
  if (last.ValidAt(effective)) return Status::Ok();
  return Status::Conflict(DescribeUnit(unit) + " already has a later change (from " +
                          last.from->ToString() + "); changes are recorded in date order");
}

// Why `unit` (valid the day before `effective`) cannot end then, or OK.
Status CheckEndable(const OrgUnit& unit, Date effective) {
  const OrgUnitVersion& last = unit.last();
  // Ending a unit again, even on the same day, would record a second close,
  // merge or split of it.
  if (last.to) {
    return Status::Conflict(DescribeUnit(unit) + " already ends on " + last.to->ToString());
  }
  if (last.from && *last.from >= effective) {
    return Status::Conflict(DescribeUnit(unit) + " has a change on or after " +
                            effective.ToString() + "; changes are recorded in date order");
  }
  return Status::Ok();
}

std::vector<OrgUnitId> ChildrenOn(const std::vector<OrgUnit>& units, OrgUnitId parent, Date d) {
  std::vector<OrgUnitId> children;
  for (const OrgUnit& unit : units) {
    const OrgUnitVersion* v = unit.VersionAt(d);
    if (v != nullptr && v->parent == parent) children.push_back(unit.id);
  }
  return children;
}

// Why the children of `parent` valid on `effective` cannot all move then, or OK.
Status CheckChildrenMovable(const std::vector<OrgUnit>& units, const OrgUnit& parent,
                            Date effective) {
  for (const OrgUnit& unit : units) {
    const OrgUnitVersion* v = unit.VersionAt(effective);
    if (v == nullptr || v->parent != parent.id) continue;
    Status status = CheckChangeableOn(unit, effective);
    if (!status.ok()) {
      return Status::Conflict("cannot move the children of " + DescribeUnit(parent) + " on " +
                              effective.ToString() + ": " + status.message());
    }
  }
  return Status::Ok();
}

}  // namespace

HierarchyEditor::HierarchyEditor(const Hierarchy& base, RandomSource& random)
    : random_(random), units_(base.units()), events_(base.events()), links_(base.links()) {
  for (size_t i = 0; i < units_.size(); ++i) {
    by_id_[units_[i].id] = i;
    next_unit_id_ = std::max(next_unit_id_, units_[i].id + 1);
  }
  for (const OrgUnitEvent& e : events_) next_event_id_ = std::max(next_event_id_, e.id + 1);
}

OrgUnit* HierarchyEditor::Mutable(OrgUnitId id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &units_[it->second];
}

std::string HierarchyEditor::Describe(OrgUnitId id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return "#" + std::to_string(id);
  const OrgUnitVersion& v = units_[it->second].last();
  return (v.code.empty() ? "" : v.code + " ") + v.FullName();
}

Result<OrgUnit*> HierarchyEditor::RequireAt(OrgUnitId id, Date d, const char* role) {
  OrgUnit* unit = Mutable(id);
  if (unit == nullptr) return Status::NotFound(std::string(role) + " #" + std::to_string(id) + " does not exist");
  if (unit->VersionAt(d) == nullptr) {
    const OrgUnitVersion& last = unit->last();
    std::string why = last.to && *last.to < d ? "it was closed on " + last.to->AddDays(1).ToString()
                                              : "it did not exist yet";
    return Status::Conflict(std::string(role) + " " + Describe(id) + " does not exist on " +
                            d.ToString() + ": " + why);
  }
  return unit;
}

OrgUnitEventId HierarchyEditor::AddEvent(OrgUnitEventKind kind, Date effective,
                                         std::vector<OrgUnitId> units,
                                         const std::string& legal_basis) {
  OrgUnitEvent event{next_event_id_++, kind, effective, std::move(units), legal_basis, ""};
  events_.push_back(event);
  new_events_.push_back(std::move(event));
  return new_events_.back().id;
}

Result<OrgUnitId> HierarchyEditor::Create(const NewOrgUnit& spec, std::optional<Date> from,
                                          bool approximate, const std::string& legal_basis) {
  if (spec.name.empty()) return Status::Invalid("a unit needs a name", {"", 0, 0, "name"});
  if (!spec.uid.empty() && !IsValidUid(spec.uid)) {
    return Status::Invalid("'" + spec.uid + "' is not a valid uid", {"", 0, 0, "uid"});
  }
  if (spec.parent && from) GEMIS_RETURN_IF_ERROR(RequireAt(*spec.parent, *from, "parent").status());
  OrgUnit unit;
  unit.id = next_unit_id_++;
  unit.uid = spec.uid.empty() ? GenerateUid(random_) : spec.uid;
  OrgUnitVersion v;
  v.from = from;
  v.code = spec.code;
  v.name = spec.name;
  v.unit_type = spec.unit_type;
  v.level = spec.level;
  v.parent = spec.parent;
  v.name_en = spec.name_en;
  v.approximate_from = approximate && !from;
  unit.versions.push_back(std::move(v));
  by_id_[unit.id] = units_.size();
  units_.push_back(std::move(unit));
  touched_.insert(units_.back().id);
  if (from) AddEvent(OrgUnitEventKind::kCreate, *from, {units_.back().id}, legal_basis);
  return units_.back().id;
}

Result<OrgUnitVersion*> HierarchyEditor::NewVersion(OrgUnitId id, Date effective) {
  GEMIS_ASSIGN_OR_RETURN(OrgUnit* unit, RequireAt(id, effective, "unit"));
  GEMIS_RETURN_IF_ERROR(CheckChangeableOn(*unit, effective));
  OrgUnitVersion& last = unit->versions.back();
  touched_.insert(id);
  if (last.from == effective) return &last;
  OrgUnitVersion next = last;
  next.from = effective;
  next.approximate_from = false;
  last.to = effective.AddDays(-1);
  unit->versions.push_back(std::move(next));
  return &unit->versions.back();
}

Status HierarchyEditor::EndOn(OrgUnitId id, Date effective) {
  GEMIS_ASSIGN_OR_RETURN(OrgUnit* unit, RequireAt(id, effective.AddDays(-1), "unit"));
  GEMIS_RETURN_IF_ERROR(CheckEndable(*unit, effective));
  unit->versions.back().to = effective.AddDays(-1);
  touched_.insert(id);
  return Status::Ok();
}

Status HierarchyEditor::Rename(OrgUnitId id, const std::string& name, Date effective,
                               const std::string& legal_basis) {
  if (name.empty()) return Status::Invalid("a unit needs a name", {"", 0, 0, "name"});
  GEMIS_ASSIGN_OR_RETURN(OrgUnitVersion * v, NewVersion(id, effective));
  v->name = name;
  AddEvent(OrgUnitEventKind::kRename, effective, {id}, legal_basis);
  return Status::Ok();
}

Status HierarchyEditor::Reclassify(OrgUnitId id, const std::string& unit_type,
                                   std::optional<OrgUnitLevel> level, Date effective,
                                   const std::string& legal_basis) {
  GEMIS_ASSIGN_OR_RETURN(OrgUnitVersion * v, NewVersion(id, effective));
  v->unit_type = unit_type;
  if (level) v->level = *level;
  AddEvent(OrgUnitEventKind::kReclassify, effective, {id}, legal_basis);
  return Status::Ok();
}

Status HierarchyEditor::CheckNoCycle(OrgUnitId id, OrgUnitId new_parent, Date d) const {
  std::string path = Describe(id);
  for (std::optional<OrgUnitId> at = new_parent; at; ) {
    path += " → " + Describe(*at);
    if (*at == id) return Status::Invalid("moving would create a cycle: " + path, {"", 0, 0, "parent"});
    auto it = by_id_.find(*at);
    const OrgUnitVersion* v = it == by_id_.end() ? nullptr : units_[it->second].VersionAt(d);
    at = v ? v->parent : std::nullopt;
  }
  return Status::Ok();
}

Status HierarchyEditor::Move(OrgUnitId id, OrgUnitId new_parent, Date effective,
                             const std::string& legal_basis) {
  GEMIS_RETURN_IF_ERROR(RequireAt(new_parent, effective, "new parent").status());
  GEMIS_RETURN_IF_ERROR(CheckNoCycle(id, new_parent, effective));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitVersion * v, NewVersion(id, effective));
  v->parent = new_parent;
  AddEvent(OrgUnitEventKind::kMove, effective, {id}, legal_basis);
  return Status::Ok();
}

Status HierarchyEditor::Close(OrgUnitId id, Date effective, const std::string& legal_basis) {
  std::vector<OrgUnitId> children = ChildrenOn(units_, id, effective);
  if (!children.empty()) {
    return Status::Conflict("cannot close " + Describe(id) + ": " + Describe(children.front()) +
                            " is still its child on " + effective.ToString() +
                            "; move, merge or close the children first");
  }
  GEMIS_RETURN_IF_ERROR(EndOn(id, effective));
  AddEvent(OrgUnitEventKind::kClose, effective, {id}, legal_basis);
  return Status::Ok();
}

Status HierarchyEditor::MoveChildren(OrgUnitId from, OrgUnitId to, Date effective) {
  for (OrgUnitId child : ChildrenOn(units_, from, effective)) {
    GEMIS_ASSIGN_OR_RETURN(OrgUnitVersion * v, NewVersion(child, effective));
    v->parent = to;
  }
  return Status::Ok();
}

Status HierarchyEditor::Merge(const std::vector<OrgUnitId>& sources, OrgUnitId target,
                              Date effective, const std::string& legal_basis) {
  if (sources.empty()) return Status::Invalid("a merge needs at least one source unit");
  GEMIS_RETURN_IF_ERROR(RequireAt(target, effective, "merge target").status());
  // Everything that could fail is checked before anything changes, so a
  // refused merge leaves the editor as it was.
  std::set<OrgUnitId> seen;
  for (OrgUnitId source : sources) {
    if (source == target) return Status::Invalid(Describe(source) + " cannot be merged into itself");
    if (!seen.insert(source).second) {
      return Status::Invalid(Describe(source) + " is listed twice among the merge sources");
    }
    GEMIS_ASSIGN_OR_RETURN(OrgUnit* unit, RequireAt(source, effective.AddDays(-1), "merge source"));
    GEMIS_RETURN_IF_ERROR(CheckEndable(*unit, effective));
    GEMIS_RETURN_IF_ERROR(CheckChildrenMovable(units_, *unit, effective));
    if (!CheckNoCycle(source, target, effective).ok()) {
      return Status::Invalid("merge target " + Describe(target) + " lies inside merge source " +
                             Describe(source) + ": it would become its own ancestor (cycle)");
    }
  }
  OrgUnitEventId event = AddEvent(OrgUnitEventKind::kMerge, effective, {target}, legal_basis);
  // Sources end first, so a source that is another source's child is not
  // also moved under the target.
  for (OrgUnitId source : sources) GEMIS_RETURN_IF_ERROR(EndOn(source, effective));
  for (OrgUnitId source : sources) {
    GEMIS_RETURN_IF_ERROR(MoveChildren(source, target, effective));
    LineageLink link{event, source, target, 1.0, false, false};
    links_.push_back(link);
    new_links_.push_back(link);
  }
  return Status::Ok();
}

Status HierarchyEditor::Split(OrgUnitId source, const std::vector<SplitPart>& parts,
                              Date effective, const std::string& legal_basis) {
  if (parts.size() < 2) return Status::Invalid("a split needs at least two successors");
  size_t with_share = 0, designated = 0;
  double total = 0;
  std::set<OrgUnitId> seen;
  for (const SplitPart& part : parts) {
    if (part.successor == source) {
      return Status::Invalid(Describe(source) + " cannot be split into itself");
    }
    // A second link to the same successor would break the store's unique
    // (predecessor, successor) key after every check had passed.
    if (!seen.insert(part.successor).second) {
      return Status::Invalid(Describe(part.successor) +
                             " is listed twice among the split successors");
    }
    GEMIS_RETURN_IF_ERROR(RequireAt(part.successor, effective, "split successor").status());
    if (part.share && !(*part.share > 0 && *part.share <= 1)) {
      return Status::Invalid("the share going to " + Describe(part.successor) +
                             " must be in (0, 1]", {"", 0, 0, "share"});
    }
    with_share += part.share ? 1 : 0;
    total += part.share.value_or(0);
    designated += part.designated ? 1 : 0;
  }
  if (with_share != 0 && (with_share != parts.size() || std::fabs(total - 1) > 1e-9)) {
    return Status::Invalid("split shares must be given for every successor and sum to 1 (sum " +
                           std::to_string(total) + ")", {"", 0, 0, "share"});
  }
  if (with_share == 0 && designated != 1) {
    return Status::Invalid("a split without shares needs exactly one designated successor",
                           {"", 0, 0, "designated"});
  }
  GEMIS_ASSIGN_OR_RETURN(OrgUnit* unit, RequireAt(source, effective.AddDays(-1), "split source"));
  GEMIS_RETURN_IF_ERROR(CheckEndable(*unit, effective));
  GEMIS_RETURN_IF_ERROR(CheckChildrenMovable(units_, *unit, effective));
  auto heir = std::max_element(parts.begin(), parts.end(), [](const SplitPart& a, const SplitPart& b) {
    return std::pair(a.designated, a.share.value_or(0)) < std::pair(b.designated, b.share.value_or(0));
  });
  if (!CheckNoCycle(source, heir->successor, effective).ok()) {
    return Status::Invalid("split successor " + Describe(heir->successor) +
                           " lies inside " + Describe(source) +
                           ": it would receive its own ancestor's children (cycle)");
  }
  // Nothing below can fail after the checks above.
  OrgUnitEventId event = AddEvent(OrgUnitEventKind::kSplit, effective, {source}, legal_basis);
  GEMIS_RETURN_IF_ERROR(EndOn(source, effective));
  GEMIS_RETURN_IF_ERROR(MoveChildren(source, heir->successor, effective));
  for (const SplitPart& part : parts) {
    LineageLink link{event, source, part.successor, part.share, part.designated, true};
    links_.push_back(link);
    new_links_.push_back(link);
  }
  return Status::Ok();
}

Result<Hierarchy> HierarchyEditor::Finish() const {
  return Hierarchy::Build(units_, events_, links_);
}

}  // namespace gemis
