#include "records/cadre.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "core/category.h"
#include "core/uid.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, kCadreGroupCount> kGroupNames = {"pipeline", "newly_appointed",
                                                                   "newly_elected"};
constexpr size_t kMaxText = 500;

}  // namespace

const char* CadreGroupName(CadreGroup group) { return kGroupNames[static_cast<size_t>(group)]; }

Result<CadreGroup> ParseCadreGroup(std::string_view text) {
  return ParseName<CadreGroup>(kGroupNames, text, "cadre group", "group");
}

Status CheckCadre(const Cadre& c) {
  if (!c.uid.empty() && !IsValidUid(c.uid)) {
    return Status::Invalid("uid is not a valid uid", {"", 0, 0, "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(c.code, "code"));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.name, "name", true, kMaxText));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.position, "position", true, kMaxText));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.decision, "decision", false, kMaxText));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.note, "note", false, kMaxText));
  if (c.org_unit <= 0) return Status::Invalid("the cadre has no org unit", {"", 0, 0, "orgUnit"});
  if (c.level != ImplementingLevel::kDistrict && c.level != ImplementingLevel::kCommune) {
    return Status::Invalid("the target group is district and commune cadres", {"", 0, 0, "level"});
  }
  if (!IsEthnicMinorityCode(c.ethnicity)) {
    return Status::Invalid(
        c.ethnicity == "ETHNIC_01"
            ? std::string("the register is of ethnic-minority cadres; Kinh (ETHNIC_01) is not")
            : "ethnicity '" + Utf8Prefix(c.ethnicity, 20) +
                  "' is not ETHNIC_02 … ETHNIC_54 or MINORITY",
        {"", 0, 0, "ethnicity"});
  }
  if (c.until && *c.until <= c.since) {
    return Status::Invalid("left the group on " + c.until->ToString() + ", not after joining it (" +
                               c.since.ToString() + ")",
                           {"", 0, 0, "until"});
  }
  std::set<std::pair<Date, std::string>> seen;
  for (size_t i = 0; i < c.other_trainings.size(); ++i) {
    const OtherTraining& t = c.other_trainings[i];
    const std::string at = "otherTrainings[" + std::to_string(i) + "]";
    GEMIS_RETURN_IF_ERROR(CheckRecordText(t.title, at + ".title", true, kMaxText));
    if (!seen.insert({t.day, t.title}).second) {
      return Status::Invalid("the same training twice", {"", 0, 0, at});
    }
  }
  return Status::Ok();
}

bool InGroupOn(const Cadre& c, Date day) { return c.since <= day && (!c.until || day < *c.until); }

std::vector<Date> TrainingDays(const Cadre& c, const std::vector<Date>& attended) {
  std::vector<Date> days = attended;
  for (const OtherTraining& t : c.other_trainings) days.push_back(t.day);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::optional<Date> TrainedBy(const std::vector<Date>& training_days, Date day) {
  if (training_days.empty() || day < training_days.front()) return std::nullopt;
  return training_days.front();
}

}  // namespace gemis::records
