#include "records/activity_figures.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "core/category.h"
#include "core/text.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, 6> kMeasureNames = {
    "count", "participants", "women", "men", "ethnic_minority", "ethnic_minority_women"};

bool Matches(const ActivityFigureRule& rule, const Activity& a) {
  if (a.kind != rule.kind) return false;
  if (rule.programme && a.programme != *rule.programme) return false;
  if (rule.dialogue_level && a.dialogue_level != *rule.dialogue_level) return false;
  if (rule.dv_prevention_only && !a.dv_prevention) return false;
  return true;
}

// Adds the cells of one rule for one period to `out`.
void ApplyRule(size_t index, const ActivityFigureRule& rule,
               const std::vector<Activity>& activities, const Hierarchy& h, const Period& period,
               Figures& out) {
  struct Sum {
    int64_t value = 0;
    std::vector<ModelId> ids;
  };
  std::map<std::pair<OrgUnitId, std::string>, Sum> cells;
  for (const Activity& a : activities) {
    if (!Matches(rule, a) || a.start < period.start() || a.start > period.end()) continue;
    std::optional<OrgUnitId> unit = CountingUnit(h, a.org_unit, a.start);
    if (!unit) {
      out.problems.push_back(
          {a.id, index, period,
           "its unit cannot be placed in the hierarchy of " + a.start.ToString()});
      continue;
    }
    std::string option;
    if (rule.by == FigureBy::kImplementingLevel) {
      Model organiser;  // FigureOption reads the level only
      organiser.level = a.level;
      std::optional<std::string> o = FigureOption(rule.by, organiser, ModelStatus::kNew);
      if (!o) {
        out.problems.push_back(
            {a.id, index, period,
             std::string("its level '") + ImplementingLevelName(a.level) + "' has no option"});
        continue;
      }
      option = *o;
    }
    int64_t add = MeasureOf(a, rule.measure);
    if (add <= 0) continue;
    Sum& cell = cells[{*unit, option}];
    cell.value += add;
    cell.ids.push_back(a.id);
  }
  for (auto& [key, cell] : cells) {
    std::sort(cell.ids.begin(), cell.ids.end());
    out.cells.push_back(
        FigureCell{index, key.first, period, key.second, cell.value, std::move(cell.ids)});
  }
}

}  // namespace

const char* ActivityMeasureName(ActivityMeasure m) { return kMeasureNames[static_cast<size_t>(m)]; }

Result<ActivityMeasure> ParseActivityMeasure(std::string_view text) {
  for (size_t i = 0; i < kMeasureNames.size(); ++i) {
    if (text == kMeasureNames[i]) return static_cast<ActivityMeasure>(i);
  }
  return Status::Invalid("unknown measure '" + Utf8Prefix(text, 40) +
                             "' (count, participants, women, men, ethnic_minority or "
                             "ethnic_minority_women)",
                         {"", 0, 0, "measure"});
}

Status CheckActivityFigureRule(const ActivityFigureRule& rule) {
  GEMIS_RETURN_IF_ERROR(CheckCode(rule.data_element, "dataElement"));
  if (rule.programme &&
      (rule.kind != ActivityKind::kTraining || *rule.programme == TrainingProgramme::kNone)) {
    return Status::Invalid("a programme selects trainings of one programme",
                           {"", 0, 0, "programme"});
  }
  if (rule.dialogue_level && (rule.kind != ActivityKind::kPolicyDialogue ||
                              *rule.dialogue_level == DialogueLevel::kNone)) {
    return Status::Invalid("a dialogue level selects policy dialogues of one level",
                           {"", 0, 0, "dialogueLevel"});
  }
  if (rule.by == FigureBy::kModelStatus) {
    return Status::Invalid("activities have no model status; split by none or implementing_level",
                           {"", 0, 0, "by"});
  }
  if (rule.period_type == PeriodType::kMultiYear) {
    return Status::Invalid("figures are published per year or shorter period",
                           {"", 0, 0, "periodType"});
  }
  return Status::Ok();
}

int64_t MeasureOf(const Activity& a, ActivityMeasure measure) {
  if (measure == ActivityMeasure::kCount) return 1;
  int64_t sum = 0;
  for (const ParticipantCount& p : a.participants) {
    const bool woman = p.sex == "FEMALE";
    const bool minority = !p.ethnicity.empty() && p.ethnicity != "ETHNIC_01";
    switch (measure) {
      case ActivityMeasure::kParticipants: sum += p.count; break;
      case ActivityMeasure::kWomen: sum += woman ? p.count : 0; break;
      case ActivityMeasure::kMen: sum += woman ? 0 : p.count; break;
      case ActivityMeasure::kEthnicMinority: sum += minority ? p.count : 0; break;
      case ActivityMeasure::kEthnicMinorityWomen: sum += woman && minority ? p.count : 0; break;
      case ActivityMeasure::kCount: break;
    }
  }
  return sum;
}

Figures ComputeActivityFigures(const std::vector<ActivityFigureRule>& rules,
                               const std::vector<Activity>& activities, const Hierarchy& hierarchy,
                               const std::vector<Period>& periods) {
  Figures out;
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const Period& p : periods) {
      if (p.type() != rules[i].period_type) continue;
      ApplyRule(i, rules[i], activities, hierarchy, p, out);
    }
  }
  return out;
}

}  // namespace gemis::records
