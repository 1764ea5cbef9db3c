// The unit table of plan files (docs/formats/plans-json.md, "The unit
// table"): how a plan file's `unit` references ("Quảng Hoà", "Ba Vì (xã)")
// name org units, never by matching names. CSV with the columns
//
//   ref,seed,spelling,level,code,as_of,note
//
// `ref`, `level`, `code` and `as_of` are required; `seed`, `spelling` and
// `note` are kept for people and may be left out.
//
// Invariants of a loaded table:
//  (1) refs are unique (after trimming and NFC);
//  (2) every row's code names a unit on its as_of date (Hierarchy::FindByCode)
//      whose level on that date is the row's level.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/hierarchy.h"
#include "core/org_unit.h"
#include "core/status.h"

namespace gemis::exchange {

struct UnitTableEntry {
  std::string ref;       // what plan files write in `unit`, NFC
  std::string seed;      // the source document it was read in (for people)
  std::string spelling;  // the unit as the source spells it
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  std::string code;  // official code, read on as_of
  Date as_of;
  std::string note;
  OrgUnitId unit = 0;  // resolved
  int line = 0;        // 1-based line of the row in the table
};

class UnitTable {
 public:
  UnitTable() = default;

  // Reads and resolves a table. Errors are kInvalidInput located at
  // {source_name, line, column, column name}: unreadable CSV (see
  // csv_reader.h), a missing column, an empty ref, a duplicate ref (naming
  // the line of the first), a bad level or date, a code that names no unit
  // on as_of, a level that is not the unit's. The first error is returned.
  static Result<UnitTable> Load(std::istream& in, const std::string& source_name,
                                const Hierarchy& hierarchy);
  // As Load, from a file (kNotFound when it cannot be opened).
  static Result<UnitTable> LoadFile(const std::string& path, const Hierarchy& hierarchy);

  // The entry of `ref` (compared after NFC), or nullptr.
  const UnitTableEntry* Find(std::string_view ref) const;
  const std::vector<UnitTableEntry>& entries() const { return entries_; }
  const std::string& source_name() const { return source_name_; }

 private:
  std::string source_name_;
  std::vector<UnitTableEntry> entries_;
  std::unordered_map<std::string, size_t> by_ref_;
};

}  // namespace gemis::exchange
