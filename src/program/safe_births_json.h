// The JSON forms of the safe-birth register (docs/program.md, "Safe birth"):
// `gemis beneficiary import` files, the demo's data/demo/safe_births.json and
// the API's bodies.
//
// A safe births file:
//   {"format": "gemis-safe-births/1", "synthetic": true,          (optional)
//    "births": [{"code": "KT-SDAT-0001", "motherName": "Y Hnim",
//       "motherBirthDate": "1998-03-02" (or null), "motherAge": null,
//       "ethnicity": "ETHNIC_24", "commune": "23314" (code on birthDate, or uid),
//       "village": "uid" (or a code on birthDate; optional),
//       "birthDate": "2024-08-02", "atHealthFacility": true, "facility": "…",
//       "caesarean": false, "withinPopulationPolicy": true,
//       "payments": [{"package": "travel", "day": "2024-08-02", "amount": 200000,
//                     "people": 2, "days": 0, "voucher": "PC-117"}], "note": ""}]}
// Errors as records_json.h: file, line, column and JSON pointer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/designation.h"
#include "core/hierarchy.h"
#include "records/safe_birth.h"

namespace gemis::program {

inline constexpr std::string_view kSafeBirthsFormat = "gemis-safe-births/1";

// Parses a safe births file; every birth passes records::CheckSafeBirth.
Result<std::vector<records::SafeBirth>> ParseSafeBirthsJson(std::string_view text,
                                                            const std::string& source,
                                                            const Hierarchy& hierarchy);
// One birth object (the API's body); errors name the pointer only. With
// `keep_identity` the body carries no identifying field ("motherName" and
// "motherBirthDate" absent or null; a value is an error naming it) and the
// birth comes back sealed, so the store keeps the stored ones: an update by
// a user who may not see them (read_personal) changes everything else.
Result<records::SafeBirth> SafeBirthFromJson(const nlohmann::json& value,
                                             const std::string& pointer, const Hierarchy& hierarchy,
                                             bool keep_identity = false);

// The JSON form, as read, plus "id", "uid", "communeName", "villageName",
// "identitySealed", "eligibility" ({"eligible", "rules": [{"rule",
// "outcome", "reason", "reasonEn"}]}) and "findings". With `identifying`
// false, "motherName" and "motherBirthDate" are null (principle 1 of
// records/safe_birth.h): for audit entries and for users who may see the
// register but not who is in it.
nlohmann::json SafeBirthToJson(const records::SafeBirth& b, const Hierarchy& hierarchy,
                               const DesignationSet& designations, bool identifying);

}  // namespace gemis::program
