// Org-unit scopes on the hierarchy with its history. A scope is a set of
// roots; a root covers itself and the units below it:
//  (1) on the day the data is about (an officer of a district keeps the
//      values its communes reported while they were its communes), and
//  (2) today, through PlaceAt: the values of a unit that was merged or split
//      count under its successors, so the officer of the new commune reads
//      the old communes' data, and the officer of an old commune keeps its
//      own old data (rule 1, since the old commune is its own root).
// A unit that is neither is outside: moving a commune to another district
// hands its later data to the new district only.
#pragma once

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/hierarchy.h"

namespace gemis::access {

class ScopeIndex {
 public:
  // `hierarchy` must outlive the index.
  ScopeIndex(const Hierarchy& hierarchy, Date today) : hierarchy_(hierarchy), today_(today) {}

  Date today() const { return today_; }
  const Hierarchy& hierarchy() const { return hierarchy_; }

  // Whether `roots` cover `unit` for data dated `at` (rules 1 and 2; with no
  // `at`, today only).
  bool Covers(std::span<const OrgUnitId> roots, OrgUnitId unit,
              std::optional<Date> at = std::nullopt) const;
  // Whether `roots` cover every root of `inner` (delegation: a scope a
  // manager may give). A root that no longer exists is judged on its last day.
  bool ContainsAll(std::span<const OrgUnitId> roots, std::span<const OrgUnitId> inner) const;
  // The units covered on `day`: each root and its descendants on that day
  // (through Hierarchy::ParentAt, so with the villages of a merged commune),
  // sorted by id (listing and search filters). Reads every unit once.
  std::vector<OrgUnitId> UnitsOn(std::span<const OrgUnitId> roots, Date day) const;

 private:
  bool UnderOn(std::span<const OrgUnitId> roots, OrgUnitId unit, Date day) const;

  const Hierarchy& hierarchy_;
  Date today_;
};

// Covers() with a memo per unit, for filtering many values of a few units
// against one scope and one day. Not thread-safe.
class ScopeFilter {
 public:
  ScopeFilter(const ScopeIndex& index, std::vector<OrgUnitId> roots)
      : index_(index), roots_(std::move(roots)) {}
  bool Covers(OrgUnitId unit, std::optional<Date> at = std::nullopt);

 private:
  const ScopeIndex& index_;
  std::vector<OrgUnitId> roots_;
  std::unordered_map<OrgUnitId, bool> today_;
};

}  // namespace gemis::access
