// Designation lists: which units a targeting decision names, and for when.
// Project 8's beneficiaries are counted in region-III communes (xã khu vực
// III, Decision 861/QĐ-TTg) and in extremely difficult villages (thôn đặc
// biệt khó khăn, ĐBKK, Decision 612/QĐ-UBDT); both lists were amended in
// 2024, and for 2026–2030 each province issues its own (Decree
// 272/2025/NĐ-CP). No machine-readable copy exists: offices import them from
// tables (docs/designations.md). A unit is on a list for a dated interval;
// lists name pre-2025 units, and the hierarchy's history places them later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/org_unit.h"
#include "core/status.h"

namespace gemis {

// The lists gemis knows, with the level of the units they name. Other kinds
// (a province's own list) are allowed: their level is not checked.
inline constexpr std::string_view kRegionIiiCommune = "region_iii_commune";
inline constexpr std::string_view kDbkkVillage = "dbkk_village";

// The level the units of a known kind have (nullopt for other kinds).
std::optional<OrgUnitLevel> DesignationLevel(std::string_view kind);

struct Designation {
  int64_t id = 0;    // set by the store
  std::string kind;  // kRegionIiiCommune, kDbkkVillage, or a code of the same shape
  OrgUnitId org_unit = 0;
  std::optional<Date> from;  // first day on the list; nullopt: since ever
  std::optional<Date> to;    // last day (inclusive); nullopt: still on it
  std::string legal_basis;   // "Quyết định 861/QĐ-TTg ngày 04/6/2021"
  std::string note;

  bool ValidAt(Date d) const { return (!from || *from <= d) && (!to || d <= *to); }
};

// kind a code ([a-z0-9_], 1–64 characters), from ≤ to, a unit, text in NFC.
// Errors name the field ("kind", "to", …).
Status CheckDesignation(const Designation& d);

// The designations of a database, indexed for "is this unit on that list on
// this day" and "which units are on it".
class DesignationSet {
 public:
  DesignationSet() = default;
  explicit DesignationSet(std::vector<Designation> designations);

  const std::vector<Designation>& all() const { return all_; }
  // The designation that puts `unit` on `kind` on day `d`, or nullptr.
  const Designation* Find(std::string_view kind, OrgUnitId unit, Date d) const;
  // The units on `kind` on day `d`, ascending.
  std::vector<OrgUnitId> UnitsAt(std::string_view kind, Date d) const;

 private:
  std::vector<Designation> all_;  // sorted by kind, unit, from
};

}  // namespace gemis
