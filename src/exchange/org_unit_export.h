// Org units to plain CSV or JSON, in the columns and keys org_unit_import.h
// reads (docs/formats/orgunits-csv-json.md). Exporting the units valid on a
// day and importing the file into a database that holds none of them (or
// all of them) gives the same units on that day: same codes, names, levels,
// parents, unit types, English names and uids.
//
// Snapshot rows come parents first (by level, then code), so a file cut with
// `level` or `under` imports where the missing ancestors already exist.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "core/hierarchy.h"
#include "core/status.h"
#include "exchange/org_unit_import.h"

namespace gemis::exchange {

struct OrgUnitExportOptions {
  OrgUnitFileFormat format = OrgUnitFileFormat::kCsv;
  // The day of a snapshot (ignored with `history`).
  Date as_of;
  // Every version of every unit, with valid_from and valid_to (a record, not
  // an import file: import refuses valid_to).
  bool history = false;
  // Only units (in history: versions) of this level.
  std::optional<OrgUnitLevel> level;
  // Only units below this one: on as_of; in history, in any version (by the
  // parents recorded on the version's first day).
  std::optional<OrgUnitId> under;
};

// Writes the units of `hierarchy` chosen by `options` to `out`; returns the
// number of rows (JSON objects) written. kIoError when writing fails.
//
// valid_from of a snapshot row is the first day of the unit's version on
// as_of, moved later to its parent's valid_from when that is later (so the
// parent exists on the child's first day in the importing database); empty
// when neither is known. In history rows it is the version's own first day.
Result<int64_t> ExportOrgUnits(const Hierarchy& hierarchy, const OrgUnitExportOptions& options,
                               std::ostream& out);

}  // namespace gemis::exchange
