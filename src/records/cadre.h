// The register of ethnic-minority women cadres (cán bộ nữ DTTS; docs/
// program.md, "Women cadres"): the district and commune cadres Project 8
// trains for leadership — those in the leadership pipeline (trong quy hoạch),
// newly appointed (mới bổ nhiệm) or newly elected for the first time (mới
// trúng cử lần đầu) — and the trainings each attended, so that "100% of them
// trained" is computed from who attended what, not typed.
//
// Principles:
//  (1) A cadre belongs to the target group from the date of the decision
//      that put her there (planning, appointment, election) until the day
//      she left it (moved, retired, replaced); she counts on the days between.
//  (2) A cadre is trained on the first day of the first training she
//      attended: a training of gemis (an activity whose attendance lists her,
//      records/activity.h) or one held by another organiser and written on
//      her record (other_trainings).
//  (3) Only what the purpose needs (Decree 13/2023/NĐ-CP): name, unit,
//      position, ethnic group (sensitive, and the reason she is in the
//      register), group and dates; no birth date, address or contact.
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

namespace gemis::records {

using CadreId = int64_t;

// Why a cadre is in the target group.
enum class CadreGroup {
  kPipeline,        // trong quy hoạch vào các vị trí lãnh đạo
  kNewlyAppointed,  // mới bổ nhiệm
  kNewlyElected,    // mới trúng cử lần đầu
};
inline constexpr int kCadreGroupCount = 3;
// "pipeline", "newly_appointed", "newly_elected".
const char* CadreGroupName(CadreGroup group);
Result<CadreGroup> ParseCadreGroup(std::string_view text);

// A training held by another organiser (the provincial school of politics,
// the central Women's Union), as written on the cadre's record.
struct OtherTraining {
  Date day;           // its first day
  std::string title;  // "Bồi dưỡng kỹ năng lãnh đạo, Trường Chính trị tỉnh"
  bool operator==(const OtherTraining&) const = default;
};

struct Cadre {
  CadreId id = 0;
  std::string uid;         // set by the store when empty
  std::string code;        // unique, chosen by the office; [A-Za-z0-9._-], 1–50
  std::string name;        // full name, NFC
  OrgUnitId org_unit = 0;  // the district or commune she serves
  ImplementingLevel level = ImplementingLevel::kCommune;  // district or commune
  std::string position;                                   // "Phó Chủ tịch Hội LHPN xã"
  std::string ethnicity;  // an ETHNICITY option other than Kinh ("ETHNIC_02"), or "MINORITY"
  CadreGroup group = CadreGroup::kPipeline;
  Date since;                 // the decision's date (principle 1)
  std::optional<Date> until;  // the day she left the group (> since); nullopt: still in it
  std::string decision;       // "Quyết định số 125-QĐ/HU ngày 12/3/2024"; may be empty
  std::vector<OtherTraining> other_trainings;  // by day
  std::string note;
};

// Validity (errors name the field: "otherTrainings[1].title"): code, name
// and position (NFC, ≤ 500 bytes), a unit, level district or commune, an
// ethnic-minority ethnicity ("ETHNIC_02" … "ETHNIC_54" or "MINORITY"; Kinh,
// ETHNIC_01, is not in the target group), until > since, decision and note
// ≤ 500 bytes, other trainings with a title and no two on the same day with
// the same title.
Status CheckCadre(const Cadre& c);

// Whether `c` is in the target group on `day` (principle 1).
bool InGroupOn(const Cadre& c, Date day);

// The days `c` attended trainings: `attended` (the first days of the gemis
// trainings whose attendance lists her) and her other trainings, ascending,
// no repeats.
std::vector<Date> TrainingDays(const Cadre& c, const std::vector<Date>& attended);

// The first day she was trained on or before `day` (principle 2); nullopt
// when she was not trained by then.
std::optional<Date> TrainedBy(const std::vector<Date>& training_days, Date day);

}  // namespace gemis::records
