// The administrative hierarchy with its whole history, in memory, read as of
// any date.
//
// Invariants kept by Build() (each violation is reported, never repaired):
//  (1) a unit's versions are contiguous: sorted, from <= to, each starting the
//      day after the previous ends; only the first may have an unknown start
//      and only the last may be open;
//  (2) at any date at most one unit carries a given (non-empty) code;
//  (3) a version's parent exists, is of a higher tier (lower level number),
//      and is valid on the version's first day — so the tree has no cycles;
//  (4) a lineage link joins a predecessor whose last version ends the day
//      before the event to a successor valid on the event's day; for each
//      predecessor either every link has a share and the shares sum to 1, or
//      no link has one and exactly one is designated.
//
// Thread safety: a built Hierarchy is immutable; concurrent reads are safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/org_unit.h"

namespace gemis {

// Where a unit's values count on the hierarchy of a date: the unit itself, or
// its successors with the weight of each (docs/hierarchy.md, "Placing old
// values").
struct Placement {
  OrgUnitId unit = 0;
  double weight = 1.0;
  friend bool operator==(const Placement&, const Placement&) = default;
};

class Hierarchy {
 public:
  Hierarchy() = default;

  // Validates invariants (1)-(4) and indexes the units. Errors name the unit
  // (code and uid) and the rule broken.
  static Result<Hierarchy> Build(std::vector<OrgUnit> units, std::vector<OrgUnitEvent> events,
                                 std::vector<LineageLink> links);

  size_t size() const { return units_.size(); }
  const std::vector<OrgUnit>& units() const { return units_; }
  const std::vector<OrgUnitEvent>& events() const { return events_; }
  const std::vector<LineageLink>& links() const { return links_; }

  const OrgUnit* Find(OrgUnitId id) const;
  const OrgUnit* FindByUid(std::string_view uid) const;
  // The unit carrying `code` on day `d`, if any.
  const OrgUnit* FindByCode(std::string_view code, Date d) const;
  // Every unit that carried `code` on some day of [from, to] (oldest first).
  std::vector<const OrgUnit*> FindByCodeOverlapping(std::string_view code, Date from,
                                                    Date to) const;
  // Every unit that ever carried `code` (oldest first).
  std::vector<const OrgUnit*> FindByCodeAnyTime(std::string_view code) const;

  // The parent on day `d`. When the recorded parent no longer exists on `d`
  // (a village whose commune was merged), the parent's designated successor.
  std::optional<OrgUnitId> ParentAt(OrgUnitId id, Date d) const;
  // Children valid on `d`, ordered by code then name.
  std::vector<OrgUnitId> ChildrenAt(OrgUnitId id, Date d) const;
  // Units valid on `d` with no parent (normally the single centre).
  std::vector<OrgUnitId> RootsAt(Date d) const;
  // Units valid on `d`, optionally of one level, ordered by code.
  std::vector<OrgUnitId> UnitsAt(Date d, std::optional<OrgUnitLevel> level = {}) const;
  // Ancestors on `d`, nearest first.
  std::vector<OrgUnitId> AncestorsAt(OrgUnitId id, Date d) const;

  // Events that concern `id`, by date: those naming it and those whose
  // lineage links start or end at it.
  std::vector<const OrgUnitEvent*> EventsOf(OrgUnitId id) const;
  const OrgUnitEvent* FindEvent(OrgUnitEventId id) const;
  std::vector<const LineageLink*> LinksFrom(OrgUnitId predecessor) const;
  std::vector<const LineageLink*> LinksTo(OrgUnitId successor) const;

  // Where the values reported for `id` count on the hierarchy of day `d`:
  //  - `id` itself when it exists on `d`;
  //  - for a unit that ended before `d`: its successors, weighted by share
  //    (or all to the designated successor), followed to `d` recursively;
  //  - for an ended unit without successors (a district abolished on
  //    1/7/2025): the placement of its last parent;
  //  - nothing when `d` is before the unit existed.
  // Weights of the result sum to 1 unless empty.
  std::vector<Placement> PlaceAt(OrgUnitId id, Date d) const;

 private:
  Status Index();
  Status CheckVersions(const OrgUnit& unit) const;
  Status CheckParents(const OrgUnit& unit) const;
  Status CheckCodes() const;
  Status CheckLinks() const;
  void AddPlacement(OrgUnitId id, Date d, double weight, int depth,
                    std::vector<Placement>& out) const;
  std::string Describe(OrgUnitId id) const;

  std::vector<OrgUnit> units_;
  std::vector<OrgUnitEvent> events_;
  std::vector<LineageLink> links_;
  std::unordered_map<OrgUnitId, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_uid_;
  std::unordered_map<std::string, std::vector<size_t>> by_code_;
  std::unordered_map<OrgUnitId, std::vector<OrgUnitId>> children_;  // any time
  std::unordered_map<OrgUnitId, std::vector<size_t>> links_from_;
  std::unordered_map<OrgUnitId, std::vector<size_t>> links_to_;
  std::unordered_map<OrgUnitId, std::vector<size_t>> events_of_;
  std::unordered_map<OrgUnitEventId, size_t> event_by_id_;
};

}  // namespace gemis
