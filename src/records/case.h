// Confidential cases (docs/confidentiality.md, "Confidential cases"): the
// people a trusted address (địa chỉ tin cậy cộng đồng, ĐCTC) shelters and
// supports after violence, and the victims of trafficking a livelihood model
// supports. The principles are those of GBVIMS and Primero:
//  (1) Consent per purpose. The survivor consents (or not, or withdraws) to
//      each of three purposes separately: services (the address records and
//      provides services), referral (her case is passed to another
//      organisation: health, police, legal aid, shelter) and reporting (her
//      case is counted, without identifying her, in aggregates). Every use
//      checks the purpose's consent on its day: a service without consent
//      for services, a referral without consent for referral, is refused;
//      a case without consent for reporting is in no figure.
//  (2) Only what the purpose needs (Decree 13/2023/NĐ-CP; Law 91/2025/QH15):
//      the name, a safe way to reach her and the caseworker's account of what
//      happened identify her and are sealed by the store (field key);
//      sex, age, ethnic group and the incident types are kept in clear for
//      the aggregates (all of them are sensitive data: the store keeps
//      cases apart, and only need-to-know readers see them).
//  (3) Need to know: who may read a case is not decided here but by the
//      case team of its address (program/case_access.h).
//  (4) Aggregates are suppressed below 5 per cell and rolled up
//      (records/register_figures.h, "Cases").
// Pure value types and functions; ids are assigned by the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/org_unit.h"
#include "core/status.h"
#include "records/model.h"

namespace gemis::records {

using CaseId = int64_t;

enum class CaseKind {
  kViolence,     // gender-based or domestic violence (bạo lực giới, bạo lực gia đình)
  kTrafficking,  // a victim of trafficking (nạn nhân bị mua bán)
};
// "violence", "trafficking".
const char* CaseKindName(CaseKind kind);
Result<CaseKind> ParseCaseKind(std::string_view text);

// The six GBVIMS core incident types, and trafficking.
enum class IncidentType {
  kRape,
  kSexualAssault,
  kPhysicalAssault,
  kForcedMarriage,
  kDenialOfResources,
  kPsychologicalAbuse,
  kTrafficking,
};
inline constexpr int kIncidentTypeCount = 7;
// "rape", "sexual_assault", "physical_assault", "forced_marriage",
// "denial_of_resources", "psychological_abuse", "trafficking".
const char* IncidentTypeName(IncidentType t);
Result<IncidentType> ParseIncidentType(std::string_view text);

enum class CaseSex { kFemale, kMale, kUnknown };
// "female", "male", "unknown".
const char* CaseSexName(CaseSex s);
Result<CaseSex> ParseCaseSex(std::string_view text);

enum class ConsentPurpose { kServices, kReferral, kReporting };
inline constexpr int kConsentPurposeCount = 3;
// "services", "referral", "reporting".
const char* ConsentPurposeName(ConsentPurpose p);
Result<ConsentPurpose> ParseConsentPurpose(std::string_view text);

// One statement of consent: on `day` the survivor gave (true) or withdrew or
// refused (false) consent to `purpose`. The case keeps every statement; the
// last one on or before a day decides (ConsentOn).
struct Consent {
  ConsentPurpose purpose = ConsentPurpose::kServices;
  bool given = false;
  Date day;
  std::string recorded_by;  // the username who recorded it; set by the service
  bool operator==(const Consent&) const = default;
};

enum class CaseService {
  kSafety,         // temporary refuge at the address, safety planning
  kHealth,         // health care
  kPsychosocial,   // counselling, psychosocial support
  kLegal,          // legal advice and aid
  kLivelihood,     // livelihood support, vocational training, loans
  kReintegration,  // return to and reintegration in the community
  kOther,
};
inline constexpr int kCaseServiceCount = 7;
// "safety", "health", "psychosocial", "legal", "livelihood",
// "reintegration", "other".
const char* CaseServiceName(CaseService s);
Result<CaseService> ParseCaseService(std::string_view text);

// A service the address (or the livelihood model) itself provided.
struct CaseServiceEntry {
  CaseService service = CaseService::kSafety;
  Date day;
  std::string note;  // ≤ 500 bytes; must not identify her (not sealed)
  bool operator==(const CaseServiceEntry&) const = default;
};

// The case passed to another organisation for a service.
struct CaseReferral {
  Date day;
  std::string organisation;  // "Trạm Y tế xã Mường So", "Công an huyện"; ≤ 200 bytes
  CaseService service = CaseService::kHealth;
  std::string note;  // ≤ 500 bytes, not sealed
  bool operator==(const CaseReferral&) const = default;
};

struct Case {
  CaseId id = 0;
  std::string uid;   // set by the store when empty
  std::string code;  // unique; [A-Za-z0-9._-], 1–50; must not identify her
  CaseKind kind = CaseKind::kViolence;
  // The trusted address (kTrustedAddress) or the victims' livelihood model
  // (kVictimLivelihood) that holds the case; the case's unit is the model's.
  ModelId address = 0;
  OrgUnitId org_unit = 0;  // the address's unit (set from it by the service)
  Date opened;
  std::optional<Date> closed;
  // Identifying (sealed by the store; principle 2). All may be empty: an
  // address may hold a case under its code only.
  std::string survivor_name;  // ≤ 200 bytes
  std::string contact;        // a safe way to reach her; ≤ 200 bytes
  std::string narrative;      // the caseworker's account; ≤ 4,000 bytes
  // Loaded without the field key: the three above are empty because they
  // could not be opened.
  bool identity_sealed = false;
  // The day the three above were erased (a request or the end of retention,
  // records/privacy.h); such a case also loads sealed, and a save that gives
  // them again clears it.
  std::optional<Date> identity_erased;
  // In clear, for the aggregates.
  CaseSex sex = CaseSex::kFemale;
  std::optional<int> age;                  // at intake, 0–120; nullopt: not known
  std::string ethnicity;                   // ETHNIC_01 … ETHNIC_54, MINORITY, or "" (unknown)
  std::vector<IncidentType> incidents;     // at least one, no repeats, ascending
  std::vector<Consent> consents;           // by day (ties: in the order recorded)
  std::vector<CaseServiceEntry> services;  // by day
  std::vector<CaseReferral> referrals;     // by day
};

// Need to know (program/case_access.h): the users who may read the cases of
// one address, each named by a holder of grant_confidential.
enum class CaseRole {
  kCaseworker,  // works the address's cases (the owner, a board member)
  kSupervisor,  // supervises the address (the commune or district Women's Union)
};
// "caseworker", "supervisor".
const char* CaseRoleName(CaseRole r);
Result<CaseRole> ParseCaseRole(std::string_view text);

struct CaseAssignment {
  ModelId address = 0;  // the trusted address or victims' livelihood model
  int64_t user_id = 0;  // access::UserId
  CaseRole role = CaseRole::kCaseworker;
  std::string granted_by;  // username of the grantor
  std::string granted_at;  // ISO 8601 UTC; set by the store when empty
  bool operator==(const CaseAssignment&) const = default;
};

// Whether the survivor's consent to `purpose` stood on `day`: the last
// statement for the purpose on or before the day gave it.
bool ConsentOn(const Case& c, ConsentPurpose purpose, Date day);
// Whether her latest statement for `purpose` (any day) gives it.
bool ConsentNow(const Case& c, ConsentPurpose purpose);

// Validity (errors name the field: "services[2].day"): the code, a holding
// address (non-zero), closed on or after opened, the identifying fields and
// notes in NFC within their lengths, an age of 0–120, an ethnicity of the
// accepted shapes, one or more incident types without repeats (a
// trafficking case has the trafficking type), consents dated on or after
// the opening (or up to 30 days before: she may consent at the first
// contact) and not after the closing, services and referrals dated within
// the case (opened … closed), and the consent rule (principle 1): each
// service on a day with consent for services, each referral on a day with
// consent for referral — kConflict naming the entry ("referrals[0]") and
// saying which consent is missing.
Status CheckCase(const Case& c);

// The age band of the aggregates: "under_18", "18_plus" or "unknown".
const char* AgeBand(const Case& c);

}  // namespace gemis::records
