// The JSON forms of the women cadres register and of register figure rules
// (docs/program.md, "Women cadres"): `gemis cadre import` files, the demo's
// data/demo/cadres.json, the API's bodies, and the "registerFigureRules" of
// a figure rules file.
//
// A cadres file:
//   {"format": "gemis-cadres/1", "synthetic": true,               (optional)
//    "cadres": [{"code": "CB-CBN-0001", "name": "Nông Thị Hoa",
//       "orgUnit": "01273" (code on `since`, or uid), "level": "commune",
//       "position": "Phó Chủ tịch Hội LHPN xã", "ethnicity": "ETHNIC_03",
//       "group": "pipeline", "since": "2023-04-10", "until": null,
//       "decision": "Quyết định số 125-QĐ/HU ngày 10/4/2023",
//       "otherTrainings": [{"day": "2024-03-05", "title": "…"}], "note": ""}]}
// Errors as records_json.h: file, line, column and JSON pointer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "records/activity.h"
#include "records/cadre.h"
#include "records/register_figures.h"

namespace gemis::program {

inline constexpr std::string_view kCadresFormat = "gemis-cadres/1";

// Parses a cadres file; every cadre passes records::CheckCadre.
Result<std::vector<records::Cadre>> ParseCadresJson(std::string_view text,
                                                    const std::string& source,
                                                    const Hierarchy& hierarchy);
// One cadre object (the API's body); errors name the pointer only.
Result<records::Cadre> CadreFromJson(const nlohmann::json& value, const std::string& pointer,
                                     const Hierarchy& hierarchy);

// The JSON form, as read, plus "id", "uid", "orgUnitUid", "orgUnitName",
// "trainings" (the gemis trainings she attended, by start day: code, title,
// start) and "trainedOn" (the first day she was trained, or null).
nlohmann::json CadreToJson(const records::Cadre& c, const Hierarchy& hierarchy,
                           const std::vector<records::Activity>& attended);

nlohmann::json RegisterFigureRuleToJson(const records::RegisterFigureRule& rule);

}  // namespace gemis::program
