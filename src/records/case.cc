#include "records/case.h"

#include <array>

#include "core/category.h"
#include "core/uid.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, 2> kKindNames = {"violence", "trafficking"};
constexpr std::array<const char*, kIncidentTypeCount> kIncidentNames = {"rape",
                                                                        "sexual_assault",
                                                                        "physical_assault",
                                                                        "forced_marriage",
                                                                        "denial_of_resources",
                                                                        "psychological_abuse",
                                                                        "trafficking"};
constexpr std::array<const char*, 3> kSexNames = {"female", "male", "unknown"};
constexpr std::array<const char*, kConsentPurposeCount> kPurposeNames = {"services", "referral",
                                                                         "reporting"};
constexpr std::array<const char*, kCaseServiceCount> kServiceNames = {
    "safety", "health", "psychosocial", "legal", "livelihood", "reintegration", "other"};
constexpr std::array<const char*, 2> kRoleNames = {"caseworker", "supervisor"};

// Consent given at the first contact may precede the opening of the case.
constexpr int kConsentBeforeOpening = 30;

std::string At(const char* list, size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

std::string At(const char* list, size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// A day inside the case: on or after its opening, not after its closing.
Status CheckWithin(const Case& c, Date day, const std::string& field) {
  if (day < c.opened) {
    return Status::Invalid("before the case was opened (" + c.opened.ToString() + ")",
                           {"", 0, 0, field});
  }
  if (c.closed && day > *c.closed) {
    return Status::Invalid("after the case was closed (" + c.closed->ToString() + ")",
                           {"", 0, 0, field});
  }
  return Status::Ok();
}

}  // namespace

const char* CaseKindName(CaseKind kind) { return kKindNames[static_cast<size_t>(kind)]; }
Result<CaseKind> ParseCaseKind(std::string_view text) {
  return ParseName<CaseKind>(kKindNames, text, "case kind", "kind");
}
const char* IncidentTypeName(IncidentType t) { return kIncidentNames[static_cast<size_t>(t)]; }
Result<IncidentType> ParseIncidentType(std::string_view text) {
  return ParseName<IncidentType>(kIncidentNames, text, "incident type", "incidents");
}
const char* CaseSexName(CaseSex s) { return kSexNames[static_cast<size_t>(s)]; }
Result<CaseSex> ParseCaseSex(std::string_view text) {
  return ParseName<CaseSex>(kSexNames, text, "sex", "sex");
}
const char* ConsentPurposeName(ConsentPurpose p) { return kPurposeNames[static_cast<size_t>(p)]; }
Result<ConsentPurpose> ParseConsentPurpose(std::string_view text) {
  return ParseName<ConsentPurpose>(kPurposeNames, text, "consent purpose", "purpose");
}
const char* CaseServiceName(CaseService s) { return kServiceNames[static_cast<size_t>(s)]; }
Result<CaseService> ParseCaseService(std::string_view text) {
  return ParseName<CaseService>(kServiceNames, text, "service", "service");
}
const char* CaseRoleName(CaseRole r) { return kRoleNames[static_cast<size_t>(r)]; }
Result<CaseRole> ParseCaseRole(std::string_view text) {
  return ParseName<CaseRole>(kRoleNames, text, "case role", "role");
}

bool ConsentOn(const Case& c, ConsentPurpose purpose, Date day) {
  bool given = false;
  Date last = Date::FromYmd(1, 1, 1);
  for (const Consent& k : c.consents) {
    // The statements are by day; among one day's, the last recorded decides.
    if (k.purpose != purpose || k.day > day || k.day < last) continue;
    given = k.given;
    last = k.day;
  }
  return given;
}

bool ConsentNow(const Case& c, ConsentPurpose purpose) {
  bool given = false;
  Date last = Date::FromYmd(1, 1, 1);
  for (const Consent& k : c.consents) {
    if (k.purpose != purpose || k.day < last) continue;
    given = k.given;
    last = k.day;
  }
  return given;
}

Status CheckCase(const Case& c) {
  if (!c.uid.empty() && !IsValidUid(c.uid)) {
    return Status::Invalid("uid is not a valid uid", {"", 0, 0, "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(c.code, "code"));
  if (c.address <= 0) {
    return Status::Invalid("the trusted address (or victims' livelihood model) holding the case",
                           {"", 0, 0, "address"});
  }
  if (c.closed && *c.closed < c.opened) {
    return Status::Invalid("closed before it was opened", {"", 0, 0, "closed"});
  }
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.survivor_name, "survivorName", false, 200));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.contact, "contact", false, 200));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(c.narrative, "narrative", false, 4000));
  if (c.age && (*c.age < 0 || *c.age > 120)) {
    return Status::Invalid("an age is 0 to 120", {"", 0, 0, "age"});
  }
  if (!c.ethnicity.empty() && !IsEthnicityCode(c.ethnicity)) {
    return Status::Invalid("'" + Utf8Prefix(c.ethnicity, 40) +
                               "' is not an ethnic group (ETHNIC_01 … ETHNIC_54 or MINORITY)",
                           {"", 0, 0, "ethnicity"});
  }
  if (c.incidents.empty()) {
    return Status::Invalid("at least one incident type", {"", 0, 0, "incidents"});
  }
  bool trafficking = false;
  for (size_t i = 0; i < c.incidents.size(); ++i) {
    if (i > 0 && c.incidents[i] <= c.incidents[i - 1]) {
      return Status::Invalid("incident types are listed once each, in the catalogue's order",
                             {"", 0, 0, At("incidents", i)});
    }
    trafficking = trafficking || c.incidents[i] == IncidentType::kTrafficking;
  }
  if (c.kind == CaseKind::kTrafficking && !trafficking) {
    return Status::Invalid("a trafficking case has the incident type trafficking",
                           {"", 0, 0, "incidents"});
  }
  for (size_t i = 0; i < c.consents.size(); ++i) {
    const Consent& k = c.consents[i];
    const std::string field = At("consents", i, "day");
    if (k.day < c.opened.AddDays(-kConsentBeforeOpening)) {
      return Status::Invalid("more than 30 days before the case was opened", {"", 0, 0, field});
    }
    if (c.closed && k.day > *c.closed) {
      return Status::Invalid("after the case was closed (" + c.closed->ToString() + ")",
                             {"", 0, 0, field});
    }
    if (i > 0 && k.day < c.consents[i - 1].day) {
      return Status::Invalid("consents are listed by day", {"", 0, 0, field});
    }
    GEMIS_RETURN_IF_ERROR(
        CheckRecordText(k.recorded_by, At("consents", i, "recordedBy"), false, 100));
  }
  for (size_t i = 0; i < c.services.size(); ++i) {
    const CaseServiceEntry& s = c.services[i];
    GEMIS_RETURN_IF_ERROR(CheckWithin(c, s.day, At("services", i, "day")));
    if (i > 0 && s.day < c.services[i - 1].day) {
      return Status::Invalid("services are listed by day", {"", 0, 0, At("services", i, "day")});
    }
    GEMIS_RETURN_IF_ERROR(CheckRecordText(s.note, At("services", i, "note"), false, 500));
    if (!ConsentOn(c, ConsentPurpose::kServices, s.day)) {
      return Status::Conflict("no consent for services on " + s.day.ToString() +
                                  ": record her consent (purpose services) before the service",
                              {"", 0, 0, At("services", i)});
    }
  }
  for (size_t i = 0; i < c.referrals.size(); ++i) {
    const CaseReferral& r = c.referrals[i];
    GEMIS_RETURN_IF_ERROR(CheckWithin(c, r.day, At("referrals", i, "day")));
    if (i > 0 && r.day < c.referrals[i - 1].day) {
      return Status::Invalid("referrals are listed by day", {"", 0, 0, At("referrals", i, "day")});
    }
    GEMIS_RETURN_IF_ERROR(
        CheckRecordText(r.organisation, At("referrals", i, "organisation"), true, 200));
    GEMIS_RETURN_IF_ERROR(CheckRecordText(r.note, At("referrals", i, "note"), false, 500));
    if (!ConsentOn(c, ConsentPurpose::kReferral, r.day)) {
      return Status::Conflict("no consent for referral on " + r.day.ToString() +
                                  ": her case may be passed to " + r.organisation +
                                  " only with her consent (purpose referral)",
                              {"", 0, 0, At("referrals", i)});
    }
  }
  return Status::Ok();
}

const char* AgeBand(const Case& c) {
  if (!c.age) return "unknown";
  return *c.age < 18 ? "under_18" : "18_plus";
}

}  // namespace gemis::records
