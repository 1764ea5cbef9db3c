// Dated changes to the hierarchy: create, rename, reclassify, move, merge,
// split, close. The editor works on a copy of a Hierarchy, checks each change
// against the state on its date, and Finish() re-validates the whole result,
// so a refused change leaves nothing behind. The caller persists the touched
// units, the new events and the new links (store/).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/uid.h"

namespace gemis {

struct NewOrgUnit {
  std::string uid;  // generated when empty
  std::string code;
  std::string name;
  std::string unit_type;
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  std::optional<OrgUnitId> parent;
  std::string name_en;
};

struct SplitPart {
  OrgUnitId successor = 0;
  std::optional<double> share;
  bool designated = false;
};

class HierarchyEditor {
 public:
  // `random` generates uids for new units; it must outlive the editor.
  HierarchyEditor(const Hierarchy& base, RandomSource& random);

  // A new unit valid from `from` (nullopt: since before records, with
  // `approximate` saying the start is unknown). Records a create event when
  // `from` is known.
  Result<OrgUnitId> Create(const NewOrgUnit& unit, std::optional<Date> from,
                           bool approximate = false, const std::string& legal_basis = "");
  Status Rename(OrgUnitId id, const std::string& name, Date effective,
                const std::string& legal_basis = "");
  Status Reclassify(OrgUnitId id, const std::string& unit_type, std::optional<OrgUnitLevel> level,
                    Date effective, const std::string& legal_basis = "");
  Status Move(OrgUnitId id, OrgUnitId new_parent, Date effective,
              const std::string& legal_basis = "");
  // Ends `id` on effective - 1. Refused while it has children on `effective`.
  Status Close(OrgUnitId id, Date effective, const std::string& legal_basis = "");
  // Ends every source on effective - 1 and links it to `target`, which must
  // exist on `effective` (an existing unit that continues, or one created
  // from that day). Children of the sources move to the target.
  Status Merge(const std::vector<OrgUnitId>& sources, OrgUnitId target, Date effective,
               const std::string& legal_basis = "");
  // Ends `source` on effective - 1 and links it to each part's successor
  // (which must exist on `effective`). Either every part has a share (sum 1)
  // or exactly one is designated. Children move to the designated successor
  // (or the largest share).
  Status Split(OrgUnitId source, const std::vector<SplitPart>& parts, Date effective,
               const std::string& legal_basis = "");

  // Validates the edited hierarchy as a whole.
  Result<Hierarchy> Finish() const;

  const std::set<OrgUnitId>& touched_units() const { return touched_; }
  const std::vector<OrgUnitEvent>& new_events() const { return new_events_; }
  const std::vector<LineageLink>& new_links() const { return new_links_; }

 private:
  OrgUnit* Mutable(OrgUnitId id);
  Result<OrgUnit*> RequireAt(OrgUnitId id, Date d, const char* role);
  // Starts a new version of `id` on `effective` (copying the current one)
  // and returns it for changing.
  Result<OrgUnitVersion*> NewVersion(OrgUnitId id, Date effective);
  Status EndOn(OrgUnitId id, Date effective);
  Status CheckNoCycle(OrgUnitId id, OrgUnitId new_parent, Date d) const;
  Status MoveChildren(OrgUnitId from, OrgUnitId to, Date effective);
  OrgUnitEventId AddEvent(OrgUnitEventKind kind, Date effective, std::vector<OrgUnitId> units,
                          const std::string& legal_basis);
  std::string Describe(OrgUnitId id) const;

  RandomSource& random_;
  std::vector<OrgUnit> units_;
  std::vector<OrgUnitEvent> events_;
  std::vector<LineageLink> links_;
  std::unordered_map<OrgUnitId, size_t> by_id_;
  OrgUnitId next_unit_id_ = 1;
  OrgUnitEventId next_event_id_ = 1;
  std::set<OrgUnitId> touched_;
  std::vector<OrgUnitEvent> new_events_;
  std::vector<LineageLink> new_links_;
};

}  // namespace gemis
