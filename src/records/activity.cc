#include "records/activity.h"

#include <array>
#include <set>
#include <tuple>

#include "core/category.h"
#include "core/text.h"
#include "core/uid.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, kActivityKindCount> kKindNames = {
    "communication", "contest",     "training",     "policy_dialogue",
    "workshop",      "supervision", "model_session"};
constexpr std::array<const char*, 6> kProgrammeNames = {
    "none", "programme_2", "programme_3", "monitoring", "women_cadres", "model_operators"};
constexpr std::array<const char*, 3> kDialogueNames = {"none", "commune", "village_cluster"};

bool ValidEthnicity(std::string_view e) { return e.empty() || IsEthnicityCode(e); }

bool ValidAgeBand(std::string_view a) {
  return a.empty() || a == "AGE_0_15" || a == "AGE_16_30" || a == "AGE_31_59" || a == "AGE_60_PLUS";
}

Status CheckParticipants(const Activity& a) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (size_t i = 0; i < a.participants.size(); ++i) {
    const ParticipantCount& p = a.participants[i];
    const std::string at = "participants[" + std::to_string(i) + "]";
    if (p.sex != "FEMALE" && p.sex != "MALE") {
      return Status::Invalid("sex must be FEMALE or MALE", {"", 0, 0, at + ".sex"});
    }
    if (!ValidEthnicity(p.ethnicity)) {
      return Status::Invalid("ethnicity '" + Utf8Prefix(p.ethnicity, 20) +
                                 "' is not ETHNIC_01 … ETHNIC_54, MINORITY or empty",
                             {"", 0, 0, at + ".ethnicity"});
    }
    if (!ValidAgeBand(p.age_band)) {
      return Status::Invalid("age band '" + Utf8Prefix(p.age_band, 20) +
                                 "' is not AGE_0_15, AGE_16_30, AGE_31_59, AGE_60_PLUS or empty",
                             {"", 0, 0, at + ".ageBand"});
    }
    if (p.count < 1 || p.count > 10'000'000) {
      return Status::Invalid("a count is 1 to 10,000,000", {"", 0, 0, at + ".count"});
    }
    if (!seen.insert({p.sex, p.ethnicity, p.age_band}).second) {
      return Status::Invalid("the same sex, ethnicity and age band twice", {"", 0, 0, at});
    }
  }
  return Status::Ok();
}

Status CheckAttendees(const Activity& a) {
  if (a.attendees.empty()) return Status::Ok();
  if (a.kind != ActivityKind::kTraining) {
    return Status::Invalid("only a training has an attendance list", {"", 0, 0, "attendees"});
  }
  for (size_t i = 0; i < a.attendees.size(); ++i) {
    if (a.attendees[i] <= 0 || (i > 0 && a.attendees[i] <= a.attendees[i - 1])) {
      return Status::Invalid("attendees are cadre ids, ascending, without repeats",
                             {"", 0, 0, "attendees[" + std::to_string(i) + "]"});
    }
  }
  ParticipantTotals t = TotalsOf(a);
  if (t.total > 0 && static_cast<int64_t>(a.attendees.size()) > t.female) {
    return Status::Invalid(std::to_string(a.attendees.size()) + " cadres attended, but " +
                               std::to_string(t.female) + " women are counted",
                           {"", 0, 0, "attendees"});
  }
  return Status::Ok();
}

}  // namespace

const char* ActivityKindName(ActivityKind kind) { return kKindNames[static_cast<size_t>(kind)]; }
Result<ActivityKind> ParseActivityKind(std::string_view text) {
  return ParseName<ActivityKind>(kKindNames, text, "activity kind", "kind");
}
const char* TrainingProgrammeName(TrainingProgramme p) {
  return kProgrammeNames[static_cast<size_t>(p)];
}
Result<TrainingProgramme> ParseTrainingProgramme(std::string_view text) {
  return ParseName<TrainingProgramme>(kProgrammeNames, text, "training programme", "programme");
}
const char* DialogueLevelName(DialogueLevel level) {
  return kDialogueNames[static_cast<size_t>(level)];
}
Result<DialogueLevel> ParseDialogueLevel(std::string_view text) {
  return ParseName<DialogueLevel>(kDialogueNames, text, "dialogue level", "dialogueLevel");
}

ParticipantTotals TotalsOf(const Activity& a) {
  ParticipantTotals t;
  for (const ParticipantCount& p : a.participants) {
    t.total += p.count;
    (p.sex == "FEMALE" ? t.female : t.male) += p.count;
    if (!p.ethnicity.empty() && p.ethnicity != "ETHNIC_01") t.ethnic_minority += p.count;
  }
  return t;
}

Status CheckActivity(const Activity& a) {
  if (!a.uid.empty() && !IsValidUid(a.uid)) {
    return Status::Invalid("uid is not a valid uid", {"", 0, 0, "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(a.code, "code"));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(a.title, "title", true, 500));
  for (const auto& [text, field, max] :
       {std::tuple{&a.place, "place", 500}, std::tuple{&a.topic, "topic", 500},
        std::tuple{&a.issues_raised, "issuesRaised", 4000},
        std::tuple{&a.follow_up, "followUp", 4000}, std::tuple{&a.note, "note", 500},
        std::tuple{&a.program_node_code, "programNode", 100}}) {
    GEMIS_RETURN_IF_ERROR(CheckRecordText(*text, field, false, static_cast<size_t>(max)));
  }
  if (a.org_unit <= 0)
    return Status::Invalid("the activity has no org unit", {"", 0, 0, "orgUnit"});
  if (a.end < a.start) {
    return Status::Invalid(
        "ends on " + a.end.ToString() + ", before it starts (" + a.start.ToString() + ")",
        {"", 0, 0, "end"});
  }
  if (a.level != ImplementingLevel::kProvince && a.level != ImplementingLevel::kDistrict &&
      a.level != ImplementingLevel::kCommune) {
    return Status::Invalid("organised at province, district or commune level", {"", 0, 0, "level"});
  }
  if (a.cost < 0) return Status::Invalid("a cost is not negative", {"", 0, 0, "cost"});
  if ((a.kind == ActivityKind::kModelSession) != (a.model > 0)) {
    return Status::Invalid(
        a.model > 0 ? "only a model session names a model" : "a model session names its model",
        {"", 0, 0, "model"});
  }
  if ((a.kind == ActivityKind::kTraining) != (a.programme != TrainingProgramme::kNone)) {
    return Status::Invalid(a.kind == ActivityKind::kTraining ? "a training names its programme"
                                                             : "only a training has a programme",
                           {"", 0, 0, "programme"});
  }
  if ((a.kind == ActivityKind::kPolicyDialogue) != (a.dialogue_level != DialogueLevel::kNone)) {
    return Status::Invalid(a.kind == ActivityKind::kPolicyDialogue
                               ? "a policy dialogue is held at commune or village-cluster level"
                               : "only a policy dialogue has a dialogue level",
                           {"", 0, 0, "dialogueLevel"});
  }
  GEMIS_RETURN_IF_ERROR(CheckParticipants(a));
  return CheckAttendees(a);
}

std::vector<ActivityFinding> ActivityFindings(const Activity& a) {
  std::vector<ActivityFinding> out;
  ParticipantTotals t = TotalsOf(a);
  // Men under 30% of a domestic-violence prevention event (Project 8's
  // target: at least 30% of participants are men).
  if (a.dv_prevention && t.total > 0 && t.male * 10 < t.total * 3) {
    out.push_back({"DV_MEN_UNDER_30", std::to_string(t.male) + " men of " +
                                          std::to_string(t.total) +
                                          " participants, under the 30% the plans ask for"});
  }
  if (a.dv_prevention && t.total == 0) {
    out.push_back({"DV_NO_PARTICIPANTS",
                   "a domestic-violence prevention event without counted participants: the "
                   "share of men cannot be checked"});
  }
  return out;
}

}  // namespace gemis::records
