#include "program/cases_json.h"

#include <algorithm>

#include "exchange/json_document.h"
#include "program/json_reader.h"

namespace gemis::program {

namespace {

using exchange::JsonDocument;
using exchange::JsonPointerChild;
using json_reader::CheckMembers;
using json_reader::DateMember;
using json_reader::Flag;
using json_reader::Named;
using json_reader::Text;
using json_reader::Where;
using nlohmann::json;
using records::Case;

// A list member's items, each parsed by `parse` at its pointer.
template <typename T, typename Parse>
Result<std::vector<T>> List(const Where& w, const json& o, const std::string& pointer,
                            std::string_view key, Parse parse) {
  std::vector<T> out;
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return out;
  const std::string at = JsonPointerChild(pointer, key);
  if (!it->is_array()) return w.Error(at, std::string(key) + " must be a list");
  for (size_t i = 0; i < it->size(); ++i) {
    GEMIS_ASSIGN_OR_RETURN(T item, parse((*it)[i], JsonPointerChild(at, i)));
    out.push_back(std::move(item));
  }
  return out;
}

Result<Case> ParseCase(const Where& w, const json& o, const std::string& pointer,
                       const ModelLookup& models) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id",
                                      "uid",
                                      "code",
                                      "kind",
                                      "address",
                                      "opened",
                                      "closed",
                                      "survivorName",
                                      "contact",
                                      "narrative",
                                      "sex",
                                      "age",
                                      "ethnicity",
                                      "incidents",
                                      "consents",
                                      "services",
                                      "referrals",
                                      "orgUnit",
                                      "orgUnitName",
                                      "identitySealed",
                                      "identityErased",
                                      "ageBand",
                                      "consentNow"}));
  Case c;
  GEMIS_ASSIGN_OR_RETURN(c.uid, Text(w, o, pointer, "uid", false));
  GEMIS_ASSIGN_OR_RETURN(c.code, Text(w, o, pointer, "code", true));
  GEMIS_ASSIGN_OR_RETURN(
      c.kind, Named(w, o, pointer, "kind", records::CaseKind::kViolence, records::ParseCaseKind));
  GEMIS_ASSIGN_OR_RETURN(std::string address, Text(w, o, pointer, "address", true));
  std::optional<records::ModelId> id = models ? models(address) : std::nullopt;
  if (!id) {
    return w.Error(JsonPointerChild(pointer, "address"),
                   "no trusted address or victims' livelihood model with code " + address);
  }
  c.address = *id;
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> opened, DateMember(w, o, pointer, "opened", true));
  c.opened = *opened;
  GEMIS_ASSIGN_OR_RETURN(c.closed, DateMember(w, o, pointer, "closed", false));
  GEMIS_ASSIGN_OR_RETURN(c.survivor_name, Text(w, o, pointer, "survivorName", false));
  GEMIS_ASSIGN_OR_RETURN(c.contact, Text(w, o, pointer, "contact", false));
  GEMIS_ASSIGN_OR_RETURN(c.narrative, Text(w, o, pointer, "narrative", false));
  // An export of an erased case carries the day of the erasure: importing it
  // over the stored case keeps it erased.
  GEMIS_ASSIGN_OR_RETURN(c.identity_erased, DateMember(w, o, pointer, "identityErased", false));
  if (c.identity_erased) {
    if (!c.survivor_name.empty() || !c.contact.empty() || !c.narrative.empty()) {
      return w.Error(JsonPointerChild(pointer, "identityErased"),
                     "an erased case carries no name, contact or narrative; leave identityErased "
                     "out to give them again");
    }
    c.identity_sealed = true;
  }
  GEMIS_ASSIGN_OR_RETURN(
      c.sex, Named(w, o, pointer, "sex", records::CaseSex::kFemale, records::ParseCaseSex));
  if (auto age = o.find("age"); age != o.end() && !age->is_null()) {
    if (!age->is_number_integer() || age->get<int64_t>() < 0 || age->get<int64_t>() > 120) {
      return w.Error(JsonPointerChild(pointer, "age"), "age must be a whole number from 0 to 120");
    }
    c.age = static_cast<int>(age->get<int64_t>());
  }
  GEMIS_ASSIGN_OR_RETURN(c.ethnicity, Text(w, o, pointer, "ethnicity", false));
  auto incidents = o.find("incidents");
  const std::string incidents_at = JsonPointerChild(pointer, "incidents");
  if (incidents == o.end() || !incidents->is_array()) {
    return w.Error(incidents_at, "incidents must be a list of incident types");
  }
  for (size_t i = 0; i < incidents->size(); ++i) {
    const json& item = (*incidents)[i];
    Result<records::IncidentType> t = item.is_string()
                                          ? records::ParseIncidentType(item.get<std::string>())
                                          : Status::Invalid("an incident type is a name");
    if (!t.ok()) return w.Error(JsonPointerChild(incidents_at, i), t.status().message());
    c.incidents.push_back(*t);
  }
  std::sort(c.incidents.begin(), c.incidents.end());
  GEMIS_ASSIGN_OR_RETURN(
      c.consents,
      List<records::Consent>(
          w, o, pointer, "consents",
          [&w](const json& item, const std::string& at) -> Result<records::Consent> {
            GEMIS_RETURN_IF_ERROR(
                CheckMembers(w, item, at, {"purpose", "given", "day", "recordedBy"}));
            records::Consent k;
            GEMIS_ASSIGN_OR_RETURN(std::string purpose, Text(w, item, at, "purpose", true));
            Result<records::ConsentPurpose> p = records::ParseConsentPurpose(purpose);
            if (!p.ok()) return w.Error(JsonPointerChild(at, "purpose"), p.status().message());
            k.purpose = *p;
            if (auto g = item.find("given"); g == item.end() || !g->is_boolean()) {
              return w.Error(JsonPointerChild(at, "given"),
                             "given must be true (consent given) or false (refused or withdrawn)");
            }
            GEMIS_ASSIGN_OR_RETURN(k.given, Flag(w, item, at, "given"));
            GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, item, at, "day", true));
            k.day = *day;
            GEMIS_ASSIGN_OR_RETURN(k.recorded_by, Text(w, item, at, "recordedBy", false));
            return k;
          }));
  std::stable_sort(c.consents.begin(), c.consents.end(),
                   [](const auto& x, const auto& y) { return x.day < y.day; });
  auto service = [&w](const json& item, const std::string& at,
                      bool required) -> Result<records::CaseService> {
    GEMIS_ASSIGN_OR_RETURN(std::string name, Text(w, item, at, "service", required));
    if (name.empty()) return records::CaseService::kOther;
    Result<records::CaseService> s = records::ParseCaseService(name);
    if (!s.ok()) return w.Error(JsonPointerChild(at, "service"), s.status().message());
    return s;
  };
  GEMIS_ASSIGN_OR_RETURN(
      c.services,
      List<records::CaseServiceEntry>(
          w, o, pointer, "services",
          [&](const json& item, const std::string& at) -> Result<records::CaseServiceEntry> {
            GEMIS_RETURN_IF_ERROR(CheckMembers(w, item, at, {"service", "day", "note"}));
            records::CaseServiceEntry s;
            GEMIS_ASSIGN_OR_RETURN(s.service, service(item, at, true));
            GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, item, at, "day", true));
            s.day = *day;
            GEMIS_ASSIGN_OR_RETURN(s.note, Text(w, item, at, "note", false));
            return s;
          }));
  std::stable_sort(c.services.begin(), c.services.end(),
                   [](const auto& x, const auto& y) { return x.day < y.day; });
  GEMIS_ASSIGN_OR_RETURN(
      c.referrals,
      List<records::CaseReferral>(
          w, o, pointer, "referrals",
          [&](const json& item, const std::string& at) -> Result<records::CaseReferral> {
            GEMIS_RETURN_IF_ERROR(
                CheckMembers(w, item, at, {"day", "organisation", "service", "note"}));
            records::CaseReferral r;
            GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, item, at, "day", true));
            r.day = *day;
            GEMIS_ASSIGN_OR_RETURN(r.organisation, Text(w, item, at, "organisation", true));
            GEMIS_ASSIGN_OR_RETURN(r.service, service(item, at, true));
            GEMIS_ASSIGN_OR_RETURN(r.note, Text(w, item, at, "note", false));
            return r;
          }));
  std::stable_sort(c.referrals.begin(), c.referrals.end(),
                   [](const auto& x, const auto& y) { return x.day < y.day; });
  Status checked = records::CheckCase(c);
  if (!checked.ok()) {
    Status located =
        w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
    // A missing consent stays a conflict (the API's 409), not a malformed body.
    if (checked.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, located.message(), located.where());
    }
    return located;
  }
  return c;
}

}  // namespace

Result<std::vector<Case>> ParseCasesJson(std::string_view text, const std::string& source,
                                         const ModelLookup& models) {
  return json_reader::ParseRecordFile<Case>(
      text, source, kCasesFormat, "cases",
      [&](const Where& w, const json& item, const std::string& pointer) {
        return ParseCase(w, item, pointer, models);
      });
}

Result<Case> CaseFromJson(const json& value, const std::string& pointer,
                          const ModelLookup& models) {
  return ParseCase(Where("", nullptr), value, pointer, models);
}

json CaseToJson(const Case& c, const records::Model& address, const Hierarchy& hierarchy,
                CaseView view) {
  const bool full = view == CaseView::kFull;
  const bool identity = view != CaseView::kNoIdentity && !c.identity_sealed;
  json incidents = json::array();
  for (records::IncidentType t : c.incidents) incidents.push_back(records::IncidentTypeName(t));
  json out = {
      {"code", c.code},
      {"kind", records::CaseKindName(c.kind)},
      {"survivorName", identity ? json(c.survivor_name) : json(nullptr)},
      {"contact", identity ? json(c.contact) : json(nullptr)},
      {"identitySealed", c.identity_sealed},
      {"identityErased", c.identity_erased ? json(c.identity_erased->ToString()) : json(nullptr)},
      {"sex", records::CaseSexName(c.sex)},
      {"age", c.age ? json(*c.age) : json(nullptr)},
      {"ageBand", records::AgeBand(c)},
      {"ethnicity", c.ethnicity},
      {"incidents", incidents}};
  if (view == CaseView::kReferral) return out;
  out["id"] = c.id;
  out["uid"] = c.uid;
  out["address"] = address.code;
  out["opened"] = c.opened.ToString();
  out["closed"] = c.closed ? json(c.closed->ToString()) : json(nullptr);
  out["narrative"] = full && identity ? json(c.narrative) : json(nullptr);
  if (full) {
    const OrgUnit* u = hierarchy.Find(c.org_unit);
    const OrgUnitVersion* v = u ? u->VersionAt(c.opened) : nullptr;
    out["orgUnit"] = u ? json(v && !v->code.empty() ? v->code : u->uid) : json(nullptr);
    out["orgUnitName"] = v ? json(v->FullName()) : json(nullptr);
  }
  json consents = json::array();
  for (const records::Consent& k : c.consents) {
    consents.push_back({{"purpose", records::ConsentPurposeName(k.purpose)},
                        {"given", k.given},
                        {"day", k.day.ToString()},
                        {"recordedBy", k.recorded_by}});
  }
  out["consents"] = consents;
  json now = json::object();
  for (int p = 0; p < records::kConsentPurposeCount; ++p) {
    const auto purpose = static_cast<records::ConsentPurpose>(p);
    now[records::ConsentPurposeName(purpose)] = records::ConsentNow(c, purpose);
  }
  out["consentNow"] = now;
  json services = json::array();
  for (const records::CaseServiceEntry& s : c.services) {
    services.push_back({{"service", records::CaseServiceName(s.service)},
                        {"day", s.day.ToString()},
                        {"note", s.note}});
  }
  out["services"] = services;
  json referrals = json::array();
  for (const records::CaseReferral& r : c.referrals) {
    referrals.push_back({{"day", r.day.ToString()},
                         {"organisation", r.organisation},
                         {"service", records::CaseServiceName(r.service)},
                         {"note", r.note}});
  }
  out["referrals"] = referrals;
  return out;
}

}  // namespace gemis::program
