// The JSON forms of models and figure rules (docs/program.md, "Files"): the
// files `gemis model import` and `gemis figures rules` read, the demo's
// data/demo/models.json and figures.json, and the bodies of the API.
//
// A models file:
//   {"format": "gemis-models/1", "synthetic": true,            (optional)
//    "models": [{"code": "CB-TTCD-0001", "kind": "communication_team",
//                "name": "…", "orgUnit": "01273" (code on `established`, or uid),
//                "place": "xóm Nà Rì", "level": "commune",
//                "established": "2023-03-15", "consolidated": ["2024-05-02"],
//                "dissolved": null, "plan": "CB-288-2024" (code or number),
//                "facts": [{"date": "2023-03-15", "field": "members_female",
//                           "value": 18}], "note": ""}]}
// A fact's value may be a JSON number, boolean or string (canonicalised by
// records::CanonicalFactValue). Unknown members are errors (a typo must not
// silently drop data). Errors are kInvalidInput located at the file, the
// line and column of the value, and its JSON pointer as the field
// ("/models/3/facts/2/value").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/plan_book.h"
#include "records/activity_figures.h"
#include "records/figures.h"
#include "records/model.h"
#include "records/register_figures.h"

namespace gemis::program {

inline constexpr std::string_view kModelsFormat = "gemis-models/1";
inline constexpr std::string_view kFigureRulesFormat = "gemis-figure-rules/1";

// Parses a models file; every model passes records::CheckModel (its errors
// are located at the model's pointer plus the field).
Result<std::vector<records::Model>> ParseModelsJson(std::string_view text,
                                                    const std::string& source,
                                                    const Hierarchy& hierarchy,
                                                    const PlanBook& plans);
// One model object (the API's body) at `pointer` of a document already
// parsed (errors name the pointer, without line and column). "id" and the
// output-only members of ModelToJson are accepted and ignored: the caller
// decides which stored model it is.
Result<records::Model> ModelFromJson(const nlohmann::json& value, const std::string& pointer,
                                     const Hierarchy& hierarchy, const PlanBook& plans);

// {"format": …, "figureRules": [{"dataElement": "P8_TKV_GALS",
//   "kind": "savings_group", "statuses": ["new", …], "where": "gals",
//   "whereInPeriod": false, "sum": ["members_female"], "by": "none",
//   "periodType": "Yearly", "note": "…"}],
//  "activityFigureRules": [{"dataElement": "P8_DTCS", "kind": "policy_dialogue",
//   "programme": null, "dialogueLevel": null, "dvPreventionOnly": false,
//   "measure": "count", "by": "implementing_level", "periodType": "Yearly"}],
//  "registerFigureRules": [{"dataElement": "P8_CBN_DTTS_DOITUONG",
//   "register": "women_cadres", "measure": "in_group", "groups": [],
//   "by": "none", "periodType": "Yearly"}]}
// (any list may be absent); each rule passes its Check…Rule.
struct FigureRuleSet {
  std::vector<records::FigureRule> models;
  std::vector<records::ActivityFigureRule> activities;
  std::vector<records::RegisterFigureRule> registers;
};
Result<FigureRuleSet> ParseFigureRulesJson(std::string_view text, const std::string& source);

// The JSON form of a model, as ParseModelsJson reads it, plus "id", "uid",
// "orgUnitUid" and "orgUnitName" (of the unit on `established`) and
// "findings" (records::ModelFindings: [{"code", "message"}]).
// Confidential facts are left out unless `confidential` (principle 4 of
// records/model.h).
nlohmann::json ModelToJson(const records::Model& m, const Hierarchy& hierarchy,
                           const PlanBook& plans, bool confidential);
nlohmann::json FigureRuleToJson(const records::FigureRule& rule);

}  // namespace gemis::program
