// Builds Vietnam's administrative hierarchy with its history from the lists
// shipped in data/vn-admin (see data/vn-admin/SOURCE.md and docs/hierarchy.md):
//   - the 63-province / 696-district / 10,035-commune list in force from
//     1/3/2025 to 30/6/2025, used as the baseline for earlier dates (marked
//     approximate: units merged before 1/3/2025 are not in it);
//   - the 34-province / 3,321-commune list from 1/7/2025, linked to the old
//     units by the old→new mapping as merge events (split old communes go to
//     one designated successor), with every district closed;
//   - the 30/4/2026 list, whose differences become reclassify/rename events.
// Uids are derived from the codes and dates, so every database built from
// the same lists gives every unit the same uid.
#pragma once

#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/status.h"

namespace gemis::exchange {

struct VnAdminDataset {
  std::vector<OrgUnit> units;
  std::vector<OrgUnitEvent> events;
  std::vector<LineageLink> links;
  // Facts worth telling the user: counts and the rows that were skipped.
  std::vector<std::string> notes;
};

// Reads the CSV files of `dir` (data/vn-admin). Errors name file and line.
Result<VnAdminDataset> LoadVnAdmin(const std::string& dir);

}  // namespace gemis::exchange
