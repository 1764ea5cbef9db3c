// The JSON forms of activities and of activity figure rules
// (docs/program.md, "Files"): `gemis activity import` files, the demo's
// data/demo/activities.json, the API's bodies, and the "activityFigureRules"
// of a figure rules file.
//
// An activities file:
//   {"format": "gemis-activities/1", "synthetic": true,           (optional)
//    "activities": [{"code": "CB-DTCS-0001", "kind": "policy_dialogue",
//       "title": "…", "start": "2024-09-12", "end": "2024-09-12" (default: start),
//       "orgUnit": "01273" (code on `start`, or uid), "place": "…",
//       "level": "commune", "programNode": "CT1719.DA8.ND3.1",
//       "plan": "CB-288-2024", "model": "CB-CLB-0003" (model sessions),
//       "programme": "programme_2" (trainings), "dialogueLevel": "commune",
//       "dvPrevention": false, "cost": 4500000,
//       "participants": [{"sex": "FEMALE", "ethnicity": "ETHNIC_02",
//                         "ageBand": "AGE_31_59", "count": 30}],
//       "attendees": ["CB-CBN-0001"] (trainings: the women cadres who attended),
//       "topic": "…", "issuesRaised": "…", "followUp": "…", "note": ""}]}
// Errors as records_json.h: file, line, column and JSON pointer.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/plan_book.h"
#include "records/activity.h"
#include "records/activity_figures.h"

namespace gemis::program {

inline constexpr std::string_view kActivitiesFormat = "gemis-activities/1";

// Finds a model's id by its code (nullopt: no such model).
using ModelLookup = std::function<std::optional<records::ModelId>(std::string_view code)>;
// Finds a women cadre's id by her code (nullopt: no such cadre).
using CadreLookup = std::function<std::optional<int64_t>(std::string_view code)>;

// Parses an activities file; every activity passes records::CheckActivity.
Result<std::vector<records::Activity>> ParseActivitiesJson(
    std::string_view text, const std::string& source, const Hierarchy& hierarchy,
    const PlanBook& plans, const ModelLookup& models, const CadreLookup& cadres = {});
// One activity object (the API's body); errors name the pointer only.
Result<records::Activity> ActivityFromJson(const nlohmann::json& value, const std::string& pointer,
                                           const Hierarchy& hierarchy, const PlanBook& plans,
                                           const ModelLookup& models,
                                           const CadreLookup& cadres = {});
// The JSON form, as read, plus "id", "uid", "orgUnitUid", "orgUnitName",
// the participants' totals and the policy findings. `model_code` names the
// model of a session ("" otherwise); `attendee_codes` the attendees' codes
// in the order of `a.attendees`.
nlohmann::json ActivityToJson(const records::Activity& a, const Hierarchy& hierarchy,
                              const PlanBook& plans, const std::string& model_code,
                              const std::vector<std::string>& attendee_codes = {});

nlohmann::json ActivityFigureRuleToJson(const records::ActivityFigureRule& rule);

}  // namespace gemis::program
