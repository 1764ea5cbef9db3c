// The activities of Project 8 (docs/program.md, "Activities"): communication
// campaigns and events, contests, trainings, policy dialogues, workshops,
// supervision visits and the sessions a model holds — when and where, which
// content area and plan activity, what it cost, and who took part, counted
// by sex, ethnicity and age band.
//
// Principles:
//  (1) Participants are counted, not listed (Decree 13/2023/NĐ-CP: only what
//      the purpose needs); a count names its sex and, when known, its
//      ethnic group and age band, so every total is a sum of the cells and
//      cannot disagree with them.
//  (2) Checks that are policy, not validity, are findings, not errors: a
//      domestic-violence prevention event where men are under 30% of the
//      participants is stored and flagged (ActivityFindings).
//  (3) Money is int64 đồng.
// Pure value types and functions; ids are assigned by the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/org_unit.h"
#include "core/plan.h"
#include "core/status.h"
#include "records/model.h"

namespace gemis::records {

using ActivityId = int64_t;

enum class ActivityKind {
  kCommunication,   // truyền thông: campaign, event, session in a village
  kContest,         // hội thi
  kTraining,        // tập huấn (a class)
  kPolicyDialogue,  // đối thoại chính sách
  kWorkshop,        // hội thảo, tọa đàm
  kSupervision,     // kiểm tra, giám sát
  kModelSession,    // a regular session of a model (team, club, group)
};
inline constexpr int kActivityKindCount = 7;
// "communication", "contest", "training", "policy_dialogue", "workshop",
// "supervision", "model_session".
const char* ActivityKindName(ActivityKind kind);
Result<ActivityKind> ParseActivityKind(std::string_view text);

// What a training is for (the classes the plans count).
enum class TrainingProgramme {
  kNone,
  kProgramme2,      // lồng ghép giới, chương trình 2 (district and commune officials)
  kProgramme3,      // chương trình 3 (village officials, prestigious people)
  kMonitoring,      // giám sát, đánh giá bình đẳng giới (M&E)
  kWomenCadres,     // capacity of ethnic-minority women cadres
  kModelOperators,  // running models: trusted-address owners, team leaders
};
// "none", "programme_2", "programme_3", "monitoring", "women_cadres",
// "model_operators".
const char* TrainingProgrammeName(TrainingProgramme p);
Result<TrainingProgramme> ParseTrainingProgramme(std::string_view text);

enum class DialogueLevel { kNone, kCommune, kVillageCluster };
// "none", "commune", "village_cluster".
const char* DialogueLevelName(DialogueLevel level);
Result<DialogueLevel> ParseDialogueLevel(std::string_view text);

// One cell of the participants: how many of one sex, ethnic group and age
// band. `ethnicity` is an option code of the ETHNICITY category
// ("ETHNIC_01" Kinh … "ETHNIC_54"), "MINORITY" when only "an ethnic
// minority" is known, or "" when unknown; `age_band` an AGE_BAND option code
// ("AGE_16_30") or "". Counts ≥ 1.
struct ParticipantCount {
  std::string sex;  // "FEMALE" or "MALE"
  std::string ethnicity;
  std::string age_band;
  int64_t count = 0;
  bool operator==(const ParticipantCount&) const = default;
};

struct Activity {
  ActivityId id = 0;
  std::string uid;   // set by the store when empty
  std::string code;  // unique, chosen by the office; [A-Za-z0-9._-], 1–50
  ActivityKind kind = ActivityKind::kCommunication;
  std::string title;  // "Truyền thông phòng, chống bạo lực gia đình tại thôn Nà Rì"
  Date start;
  Date end;                // ≥ start (one day: equal)
  OrgUnitId org_unit = 0;  // where it took place
  std::string place;       // as written: "Nhà văn hóa thôn Nà Rì"
  ImplementingLevel level = ImplementingLevel::kCommune;  // who organised it
  std::string program_node_code;  // the plan activity ("CT1719.DA8.ND1.1"); may be empty
  PlanId plan = 0;
  ModelId model = 0;  // kModelSession: the model whose session it was
  TrainingProgramme programme = TrainingProgramme::kNone;  // kTraining only
  DialogueLevel dialogue_level = DialogueLevel::kNone;     // kPolicyDialogue only
  bool dv_prevention = false;  // about preventing domestic violence (the 30% men check)
  int64_t cost = 0;            // đồng, ≥ 0
  std::vector<ParticipantCount> participants;
  // Trainings: the women cadres (records/cadre.h) who attended, by id,
  // ascending; the list is the class's attendance sheet for the register
  // and may be shorter than the participants counted.
  std::vector<int64_t> attendees;
  std::string topic;          // dialogues: the topic
  std::string issues_raised;  // dialogues: what people raised
  std::string follow_up;      // dialogues: what the authorities will do
  std::string note;
};

// Totals of the participant cells.
struct ParticipantTotals {
  int64_t total = 0;
  int64_t female = 0;
  int64_t male = 0;
  int64_t ethnic_minority = 0;  // cells with an ethnic group other than Kinh, or MINORITY
};
ParticipantTotals TotalsOf(const Activity& a);

// Validity (errors name the field: "participants[2].sex"): code and title,
// text NFC (≤ 500 bytes; issues_raised and follow_up ≤ 4000), a unit, start
// ≤ end, level province/district/commune, cost ≥ 0, a model exactly for
// kModelSession, a programme only for (and every) kTraining, a dialogue level
// only for (and every) kPolicyDialogue, participant cells with sex FEMALE or
// MALE, an ethnicity and age band of the accepted shapes, count ≥ 1, and no
// two cells with the same sex, ethnicity and age band; attendees only on a
// training, ids > 0, ascending without repeats, and not more of them than
// the women counted when participants are counted.
Status CheckActivity(const Activity& a);

// Policy findings (principle 2), as sentences in English for logs and
// messages; the caller maps them to catalogue messages for users.
struct ActivityFinding {
  std::string code;  // "DV_MEN_UNDER_30"
  std::string message;
};
std::vector<ActivityFinding> ActivityFindings(const Activity& a);

}  // namespace gemis::records
