#include "core/designation.h"

#include <algorithm>
#include <tuple>

#include "core/text.h"

namespace gemis {

std::optional<OrgUnitLevel> DesignationLevel(std::string_view kind) {
  if (kind == kRegionIiiCommune) return OrgUnitLevel::kCommune;
  if (kind == kDbkkVillage) return OrgUnitLevel::kVillage;
  return std::nullopt;
}

Status CheckDesignation(const Designation& d) {
  if (d.kind.empty() || d.kind.size() > 64) {
    return Status::Invalid("a designation kind has 1 to 64 characters", {"", 0, 0, "kind"});
  }
  for (char c : d.kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::Invalid("designation kind '" + d.kind +
                                 "' may hold only a-z, 0-9 and '_' (e.g. region_iii_commune)",
                             {"", 0, 0, "kind"});
    }
  }
  if (d.org_unit <= 0) return Status::Invalid("a designation needs a unit", {"", 0, 0, "orgUnit"});
  if (d.from && d.to && *d.to < *d.from) {
    return Status::Invalid("the designation ends (" + d.to->ToString() + ") before it starts (" +
                               d.from->ToString() + ")",
                           {"", 0, 0, "to"});
  }
  for (auto [text, field] : {std::pair{&d.legal_basis, "legalBasis"}, std::pair{&d.note, "note"}}) {
    Result<std::string> nfc = ToNfc(*text);
    if (!nfc.ok() || *nfc != *text) {
      return Status::Invalid(std::string(field) + " is not UTF-8 in NFC", {"", 0, 0, field});
    }
  }
  return Status::Ok();
}

namespace {

auto SortKey(const Designation& d) {
  return std::make_tuple(std::string_view(d.kind), d.org_unit, d.from ? d.from->days() : INT32_MIN);
}

}  // namespace

DesignationSet::DesignationSet(std::vector<Designation> designations)
    : all_(std::move(designations)) {
  std::sort(all_.begin(), all_.end(),
            [](const Designation& a, const Designation& b) { return SortKey(a) < SortKey(b); });
}

const Designation* DesignationSet::Find(std::string_view kind, OrgUnitId unit, Date d) const {
  auto it =
      std::lower_bound(all_.begin(), all_.end(), std::make_pair(kind, unit),
                       [](const Designation& x, const std::pair<std::string_view, OrgUnitId>& k) {
                         return std::make_pair(std::string_view(x.kind), x.org_unit) < k;
                       });
  for (; it != all_.end() && it->kind == kind && it->org_unit == unit; ++it) {
    if (it->ValidAt(d)) return &*it;
  }
  return nullptr;
}

std::vector<OrgUnitId> DesignationSet::UnitsAt(std::string_view kind, Date d) const {
  std::vector<OrgUnitId> units;
  for (const Designation& x : all_) {
    if (x.kind == kind && x.ValidAt(d) && (units.empty() || units.back() != x.org_unit)) {
      units.push_back(x.org_unit);
    }
  }
  return units;
}

}  // namespace gemis
