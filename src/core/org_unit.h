// Organisation units (đơn vị hành chính) with their history.
//
// An OrgUnit is an identity (internal id, never changes; DHIS2-style uid for
// exchange) plus a sequence of dated versions holding its facts: code, name,
// level, unit type, parent. Codes are reused across reorganisations (province
// 15 was Yên Bái before 1/7/2025 and Lào Cai after), so a code names a unit
// only at a date. Changes are dated events (create, rename, move, reclassify,
// merge, split, close); merges and splits link predecessors to successors
// through LineageLinks, which is how old data is reported under a later
// hierarchy (see docs/hierarchy.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis {

using OrgUnitId = int64_t;
using OrgUnitEventId = int64_t;

// The administrative tier. The depth of a unit in the tree can differ from
// its tier: since 1/7/2025 communes sit directly under provinces.
enum class OrgUnitLevel : int {
  kCentre = 1,    // Trung ương
  kProvince = 2,  // Tỉnh / Thành phố trực thuộc TW
  kDistrict = 3,  // Huyện / Quận / Thị xã / Thành phố thuộc tỉnh
  kCommune = 4,   // Xã / Phường / Thị trấn / Đặc khu
  kVillage = 5,   // Thôn / Bản / Xóm / Làng / Tổ dân phố
};

// "centre", "province", "district", "commune", "village".
const char* LevelName(OrgUnitLevel level);
// Accepts the English names above, Vietnamese ones ("tỉnh", "huyện", "xã",
// "thôn"), and the numbers 1-5.
Result<OrgUnitLevel> ParseLevel(std::string_view text);

// One dated state of a unit. Dates are inclusive; nullopt `from` means "since
// before our records", nullopt `to` means "still in force".
struct OrgUnitVersion {
  std::optional<Date> from;
  std::optional<Date> to;
  std::string code;       // official code (GSO) or user code; may be empty
  std::string name;       // NFC, without the unit type ("Cao Bằng")
  std::string unit_type;  // "Tỉnh", "Thành phố", "Huyện", "Xã", "Phường", …
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  std::optional<OrgUnitId> parent;
  std::string name_en;
  // True when `from` is unknown and the first known list is used as the
  // baseline for earlier dates (the 1/3/2025 list; docs/hierarchy.md).
  bool approximate_from = false;

  bool ValidAt(Date d) const { return (!from || *from <= d) && (!to || d <= *to); }
  // "Tỉnh Cao Bằng": the unit type followed by the name.
  std::string FullName() const;
};

struct OrgUnit {
  OrgUnitId id = 0;
  std::string uid;
  std::vector<OrgUnitVersion> versions;  // sorted by `from`, not overlapping

  const OrgUnitVersion* VersionAt(Date d) const;
  const OrgUnitVersion& first() const { return versions.front(); }
  const OrgUnitVersion& last() const { return versions.back(); }
};

enum class OrgUnitEventKind { kCreate, kRename, kMove, kReclassify, kMerge, kSplit, kClose };
const char* EventKindName(OrgUnitEventKind kind);
Result<OrgUnitEventKind> ParseEventKind(std::string_view text);

// A dated change. `units` are the units the event concerns (the renamed or
// moved unit, the closed one, the merge target, the split source).
struct OrgUnitEvent {
  OrgUnitEventId id = 0;
  OrgUnitEventKind kind = OrgUnitEventKind::kCreate;
  Date effective;  // the first day of the new state
  std::vector<OrgUnitId> units;
  std::string legal_basis;  // "Nghị quyết 1654/NQ-UBTVQH15"
  std::string note;
};

// A predecessor's area (and so its data) passing to a successor at a merge or
// split. For one predecessor, either every link has a share (summing to 1) or
// none has, and then exactly one link is `designated`: that successor receives
// all of the predecessor's values when they are reported on a later hierarchy.
struct LineageLink {
  OrgUnitEventId event = 0;
  OrgUnitId predecessor = 0;
  OrgUnitId successor = 0;
  std::optional<double> share;  // in (0, 1]
  bool designated = false;
  bool partial = false;  // only part of the predecessor's area went there
};

// A dated attribute of a unit: region-III commune, ĐBKK village, …
struct OrgUnitAttribute {
  OrgUnitId unit = 0;
  std::string attribute;  // "region_iii", "dbkk", "ethnic_minority_area"
  std::string value;      // "true" or a text value
  std::optional<Date> from;
  std::optional<Date> to;
  std::string source;  // "QĐ 861/QĐ-TTg"
};

}  // namespace gemis
