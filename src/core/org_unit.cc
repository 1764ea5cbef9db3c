#include "core/org_unit.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace gemis {

namespace {

struct LevelNames {
  OrgUnitLevel level;
  const char* english;
  const char* vietnamese;
};

constexpr std::array<LevelNames, 5> kLevels = {{
    {OrgUnitLevel::kCentre, "centre", "trung ương"},
    {OrgUnitLevel::kProvince, "province", "tỉnh"},
    {OrgUnitLevel::kDistrict, "district", "huyện"},
    {OrgUnitLevel::kCommune, "commune", "xã"},
    {OrgUnitLevel::kVillage, "village", "thôn"},
}};

constexpr std::array<const char*, 7> kEventKinds = {"create", "rename", "move", "reclassify",
                                                    "merge",  "split",  "close"};

}  // namespace

const char* LevelName(OrgUnitLevel level) {
  return kLevels[static_cast<size_t>(level) - 1].english;
}

Result<OrgUnitLevel> ParseLevel(std::string_view text) {
  std::string lower = AsciiLower(text);
  if (lower.size() == 1 && lower[0] >= '1' && lower[0] <= '5') {
    return static_cast<OrgUnitLevel>(lower[0] - '0');
  }
  // Vietnamese names compare case- and tone-placement-insensitively ("TỈNH").
  const std::string key = ToneNormalizedKey(text);
  for (const LevelNames& names : kLevels) {
    if (lower == names.english || key == ToneNormalizedKey(names.vietnamese)) return names.level;
  }
  return Status::Invalid("unknown level '" + std::string(text) +
                         "' (expected centre, province, district, commune, village or 1-5)");
}

std::string OrgUnitVersion::FullName() const {
  return unit_type.empty() ? name : unit_type + " " + name;
}

const OrgUnitVersion* OrgUnit::VersionAt(Date d) const {
  // Versions are few (usually 1-3): a linear scan from the newest is fastest.
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (it->ValidAt(d)) return &*it;
  }
  return nullptr;
}

const char* EventKindName(OrgUnitEventKind kind) { return kEventKinds[static_cast<size_t>(kind)]; }

Result<OrgUnitEventKind> ParseEventKind(std::string_view text) {
  std::string lower = AsciiLower(text);
  for (size_t i = 0; i < kEventKinds.size(); ++i) {
    if (lower == kEventKinds[i]) return static_cast<OrgUnitEventKind>(i);
  }
  return Status::Invalid("unknown event kind '" + std::string(text) + "'");
}

}  // namespace gemis
