// Builders for hierarchy tests: dated versions, a small realistic history of
// the 1/7/2025 reorganisation, and a structural fingerprint for comparing
// hierarchies. Codes and names follow the real Lào Cai / Yên Bái units but are
// illustrative, not the official lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/org_unit.h"

namespace gemis::fixtures {

// "2025-07-01" as a Date. REQUIRES: a valid ISO date (test literals only).
Date Day(std::string_view iso);

// A version [from, to] of a unit (nullopt: unknown start / still in force),
// with the usual unit type of its level ("Tỉnh", "Huyện", "Xã", "Thôn").
OrgUnitVersion Version(OrgUnitLevel level, std::string code, std::string name,
                       std::optional<OrgUnitId> parent, std::optional<Date> from = {},
                       std::optional<Date> to = {});
// A unit with a uid derived from its id ("unit-<id>").
OrgUnit Unit(OrgUnitId id, std::vector<OrgUnitVersion> versions);
OrgUnitEvent Event(OrgUnitEventId id, OrgUnitEventKind kind, Date effective,
                   std::vector<OrgUnitId> units);
LineageLink Link(OrgUnitEventId event, OrgUnitId predecessor, OrgUnitId successor,
                 std::optional<double> share, bool designated = false);

// The inputs of Hierarchy::Build, kept apart so tests can break one rule.
struct HierarchyParts {
  std::vector<OrgUnit> units;
  std::vector<OrgUnitEvent> events;
  std::vector<LineageLink> links;

  OrgUnit& unit(OrgUnitId id);  // REQUIRES: present
  Result<Hierarchy> Build() const;
};

// Centre 1 → province 2 ("01" Hà Nội) → district 3 ("001" Ba Đình) →
// commune 4 ("00001" Phúc Xá), all since before records, no events.
HierarchyParts MinimalParts();

// Ids of LaoCaiHistory().
namespace lc {
inline constexpr OrgUnitId kVietNam = 1;
inline constexpr OrgUnitId kOldLaoCai = 10;     // province "10", merged on 1/7/2025
inline constexpr OrgUnitId kYenBai = 15;        // province "15", merged on 1/7/2025
inline constexpr OrgUnitId kNewLaoCai = 115;    // province "15" from 1/7/2025
inline constexpr OrgUnitId kCityLaoCai = 80;    // district "080", abolished
inline constexpr OrgUnitId kCityYenBai = 132;   // district "132", abolished
inline constexpr OrgUnitId kCocLeu = 201;       // merged into kWardLaoCai
inline constexpr OrgUnitId kKimTan = 202;       // merged into kWardLaoCai
inline constexpr OrgUnitId kNguyenThaiHoc = 203;  // merged into kWardYenBai
inline constexpr OrgUnitId kTuyLoc = 204;       // split 0.3 / 0.7
inline constexpr OrgUnitId kMinhBao = 205;      // split without shares, kVanPhu designated
inline constexpr OrgUnitId kBaoHa = 206;        // renamed 1/5/2024, moved 1/7/2025
inline constexpr OrgUnitId kYenThinh = 210;     // split 0.5 / 0.5 on 1/1/2020
inline constexpr OrgUnitId kHongHa = 211;       // merged into kNguyenThaiHoc 1/1/2020
inline constexpr OrgUnitId kWardLaoCai = 301;   // "02638", reuses Cốc Lếu's code
inline constexpr OrgUnitId kWardYenBai = 302;   // "04246", reuses Nguyễn Thái Học's
inline constexpr OrgUnitId kVanPhu = 303;       // "04270", reuses Tuy Lộc's
inline constexpr OrgUnitId kVillageMinhTien = 401;  // village under kMinhBao
inline constexpr OrgUnitId kResidentialGroup5 = 402;  // village under kCocLeu

inline constexpr OrgUnitEventId kHongHaMerge = 1;       // 2020-01-01
inline constexpr OrgUnitEventId kYenThinhSplit = 2;     // 2020-01-01
inline constexpr OrgUnitEventId kBaoHaRename = 3;       // 2024-05-01
inline constexpr OrgUnitEventId kProvinceMerge = 4;     // 2025-07-01, the rest too
inline constexpr OrgUnitEventId kWardLaoCaiMerge = 5;
inline constexpr OrgUnitEventId kWardYenBaiMerge = 6;
inline constexpr OrgUnitEventId kTuyLocSplit = 7;
inline constexpr OrgUnitEventId kMinhBaoSplit = 8;
inline constexpr OrgUnitEventId kBaoHaMove = 9;
inline constexpr OrgUnitEventId kDistrictsClosed = 10;
}  // namespace lc

// Two old provinces (Lào Cai 10, Yên Bái 15) merging on 1/7/2025 into a new
// Lào Cai that reuses code 15; a city district under each, abolished without
// successors; communes merged, split with and without shares, renamed and
// moved; two villages whose communes ended; and 2020 changes that chain into
// 2025 ones.
HierarchyParts LaoCaiHistory();

// Units (with every version), events and links as text, for asserting that
// two hierarchies hold the same data.
std::string Fingerprint(const Hierarchy& hierarchy);

}  // namespace gemis::fixtures
