// The JSON forms of the confidential cases register (docs/confidentiality.md,
// "Confidential cases"): `gemis case import` files and the API's bodies.
//
// A cases file:
//   {"format": "gemis-cases/1", "synthetic": true,                (optional)
//    "cases": [{"code": "DCTC-MS-2024-001", "kind": "violence",
//       "address": "DCTC-MS-01" (the trusted address's model code),
//       "opened": "2024-03-01", "closed": null,
//       "survivorName": "…", "contact": "…", "narrative": "…",   (sealed; optional)
//       "sex": "female", "age": 27, "ethnicity": "ETHNIC_04",
//       "incidents": ["physical_assault"],
//       "consents": [{"purpose": "services", "given": true, "day": "2024-03-01",
//                     "recordedBy": "hoa.nt"}],
//       "services": [{"service": "safety", "day": "2024-03-01", "note": ""}],
//       "referrals": [{"day": "2024-03-04", "organisation": "Trạm Y tế xã",
//                      "service": "health", "note": ""}]}]}
// Errors as records_json.h: file, line, column and JSON pointer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "program/activities_json.h"
#include "records/case.h"
#include "records/model.h"

namespace gemis::program {

inline constexpr std::string_view kCasesFormat = "gemis-cases/1";

// Parses a cases file; `models` resolves "address" codes. Every case passes
// records::CheckCase (its org_unit is left 0: the service sets it from the
// address).
Result<std::vector<records::Case>> ParseCasesJson(std::string_view text, const std::string& source,
                                                  const ModelLookup& models);
// One case object (the API's body); errors name the pointer only.
Result<records::Case> CaseFromJson(const nlohmann::json& value, const std::string& pointer,
                                   const ModelLookup& models);

// What CaseToJson shows.
enum class CaseView {
  kFull,        // everything: for the case team (need to know)
  kNoIdentity,  // no name, contact or narrative: audit entries
  kReferral,    // what a referral passes on: code, kind, sex, age, incidents,
                // contact and name (never the narrative, the address's
                // location or the other services)
};

// The JSON form, as read, plus "id", "uid", "orgUnit" and "orgUnitName"
// (the address's unit; kFull only), "identitySealed", "ageBand" and
// "consentNow" ({"services": true, …}). `address` is the holding model.
nlohmann::json CaseToJson(const records::Case& c, const records::Model& address,
                          const Hierarchy& hierarchy, CaseView view);

}  // namespace gemis::program
