#include "program/safe_births_json.h"

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
using json_reader::ResolveUnit;
using json_reader::Text;
using json_reader::Where;
using nlohmann::json;
using records::SafeBirth;

// A whole number member in [min, max]; nullopt when absent or null.
Result<std::optional<int64_t>> Number(const Where& w, const json& o, const std::string& pointer,
                                      std::string_view key, int64_t min, int64_t max) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer() || it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return w.Error(JsonPointerChild(pointer, key),
                   std::string(key) + " must be a whole number from " + std::to_string(min) +
                       " to " + std::to_string(max));
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

// true, false, or null/absent (not recorded).
Result<std::optional<bool>> Tristate(const Where& w, const json& o, const std::string& pointer,
                                     std::string_view key) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) {
    return w.Error(JsonPointerChild(pointer, key),
                   std::string(key) + " must be true, false or null (not recorded)");
  }
  return std::optional<bool>(it->get<bool>());
}

Result<records::SafeBirthPayment> ParsePayment(const Where& w, const json& o,
                                               const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(
      CheckMembers(w, o, pointer, {"package", "day", "amount", "people", "days", "voucher"}));
  records::SafeBirthPayment p;
  GEMIS_ASSIGN_OR_RETURN(std::string package, Text(w, o, pointer, "package", true));
  Result<records::SafeBirthPackage> parsed = records::ParseSafeBirthPackage(package);
  if (!parsed.ok()) {
    return w.Error(JsonPointerChild(pointer, "package"), parsed.status().message());
  }
  p.package = *parsed;
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, o, pointer, "day", true));
  p.day = *day;
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> amount,
                         Number(w, o, pointer, "amount", 1, 1'000'000'000));
  if (!amount) return w.Error(JsonPointerChild(pointer, "amount"), "amount is required");
  p.amount = *amount;
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> people, Number(w, o, pointer, "people", 0, 2));
  p.people = static_cast<int>(people.value_or(0));
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> days, Number(w, o, pointer, "days", 0, 5));
  p.days = static_cast<int>(days.value_or(0));
  GEMIS_ASSIGN_OR_RETURN(p.voucher, Text(w, o, pointer, "voucher", false));
  return p;
}

Result<SafeBirth> ParseBirth(const Where& w, const json& o, const std::string& pointer,
                             const Hierarchy& h, bool keep_identity = false) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id",
                                      "uid",
                                      "code",
                                      "motherName",
                                      "motherBirthDate",
                                      "motherAge",
                                      "ethnicity",
                                      "commune",
                                      "village",
                                      "birthDate",
                                      "atHealthFacility",
                                      "facility",
                                      "caesarean",
                                      "withinPopulationPolicy",
                                      "payments",
                                      "note",
                                      "communeName",
                                      "villageName",
                                      "identitySealed",
                                      "identityErased",
                                      "eligibility",
                                      "findings"}));
  SafeBirth b;
  GEMIS_ASSIGN_OR_RETURN(b.uid, Text(w, o, pointer, "uid", false));
  GEMIS_ASSIGN_OR_RETURN(b.code, Text(w, o, pointer, "code", true));
  if (keep_identity) {
    for (const char* key : {"motherName", "motherBirthDate"}) {
      if (auto v = o.find(key); v != o.end() && !v->is_null()) {
        return w.Error(JsonPointerChild(pointer, key),
                       std::string(key) +
                           " is changed only by a user who may read the mothers' identifying"
                           " fields (read_personal); leave it out or null to keep it");
      }
    }
    b.identity_sealed = true;
  } else {
    // An export of an erased birth carries the day of the erasure and no
    // name: importing it over the stored birth keeps it erased.
    GEMIS_ASSIGN_OR_RETURN(b.identity_erased, DateMember(w, o, pointer, "identityErased", false));
    if (b.identity_erased) {
      b.identity_sealed = true;
    } else {
      GEMIS_ASSIGN_OR_RETURN(b.mother_name, Text(w, o, pointer, "motherName", true));
      GEMIS_ASSIGN_OR_RETURN(b.mother_birth_date,
                             DateMember(w, o, pointer, "motherBirthDate", false));
    }
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<int64_t> age, Number(w, o, pointer, "motherAge", 10, 60));
  if (age) b.mother_age = static_cast<int>(*age);
  GEMIS_ASSIGN_OR_RETURN(b.ethnicity, Text(w, o, pointer, "ethnicity", false));
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> born, DateMember(w, o, pointer, "birthDate", true));
  b.birth_date = *born;
  GEMIS_ASSIGN_OR_RETURN(std::string commune, Text(w, o, pointer, "commune", true));
  GEMIS_ASSIGN_OR_RETURN(b.commune, ResolveUnit(w, pointer, commune, b.birth_date, h, "commune"));
  GEMIS_ASSIGN_OR_RETURN(std::string village, Text(w, o, pointer, "village", false));
  if (!village.empty()) {
    GEMIS_ASSIGN_OR_RETURN(b.village, ResolveUnit(w, pointer, village, b.birth_date, h, "village"));
  }
  GEMIS_ASSIGN_OR_RETURN(b.at_health_facility, Tristate(w, o, pointer, "atHealthFacility"));
  GEMIS_ASSIGN_OR_RETURN(b.within_population_policy,
                         Tristate(w, o, pointer, "withinPopulationPolicy"));
  GEMIS_ASSIGN_OR_RETURN(b.caesarean, Flag(w, o, pointer, "caesarean"));
  GEMIS_ASSIGN_OR_RETURN(b.facility, Text(w, o, pointer, "facility", false));
  GEMIS_ASSIGN_OR_RETURN(b.note, Text(w, o, pointer, "note", false));
  if (auto p = o.find("payments"); p != o.end() && !p->is_null()) {
    const std::string at = JsonPointerChild(pointer, "payments");
    if (!p->is_array()) return w.Error(at, "payments must be a list");
    for (size_t i = 0; i < p->size(); ++i) {
      GEMIS_ASSIGN_OR_RETURN(records::SafeBirthPayment payment,
                             ParsePayment(w, (*p)[i], JsonPointerChild(at, i)));
      b.payments.push_back(std::move(payment));
    }
    std::stable_sort(b.payments.begin(), b.payments.end(),
                     [](const auto& x, const auto& y) { return x.day < y.day; });
  }
  Status checked = records::CheckSafeBirth(b);
  if (!checked.ok()) {
    return w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
  }
  return b;
}

json UnitJson(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* u = id ? h.Find(id) : nullptr;
  const OrgUnitVersion* v = u ? u->VersionAt(d) : nullptr;
  return v ? json(v->FullName()) : json(nullptr);
}

json UnitRef(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* u = id ? h.Find(id) : nullptr;
  if (u == nullptr) return nullptr;
  const OrgUnitVersion* v = u->VersionAt(d);
  return v && !v->code.empty() ? json(v->code) : json(u->uid);
}

}  // namespace

Result<std::vector<SafeBirth>> ParseSafeBirthsJson(std::string_view text, const std::string& source,
                                                   const Hierarchy& hierarchy) {
  return json_reader::ParseRecordFile<SafeBirth>(
      text, source, kSafeBirthsFormat, "births",
      [&](const Where& w, const json& item, const std::string& pointer) {
        return ParseBirth(w, item, pointer, hierarchy);
      });
}

Result<SafeBirth> SafeBirthFromJson(const json& value, const std::string& pointer,
                                    const Hierarchy& hierarchy, bool keep_identity) {
  return ParseBirth(Where("", nullptr), value, pointer, hierarchy, keep_identity);
}

json SafeBirthToJson(const SafeBirth& b, const Hierarchy& hierarchy,
                     const DesignationSet& designations, bool identifying) {
  json payments = json::array();
  for (const records::SafeBirthPayment& p : b.payments) {
    payments.push_back({{"package", records::SafeBirthPackageName(p.package)},
                        {"day", p.day.ToString()},
                        {"amount", p.amount},
                        {"people", p.people},
                        {"days", p.days},
                        {"voucher", p.voucher}});
  }
  records::Eligibility e = records::EvaluateEligibility(b, hierarchy, designations);
  json rules = json::array();
  for (const records::RuleResult& r : e.rules) {
    rules.push_back({{"rule", r.rule},
                     {"outcome", records::RuleOutcomeName(r.outcome)},
                     {"reason", r.reason_vi},
                     {"reasonEn", r.reason_en}});
  }
  json findings = json::array();
  for (const records::SafeBirthFinding& f : records::SafeBirthFindings(b, e)) {
    findings.push_back({{"code", f.code}, {"message", f.message}});
  }
  auto tristate = [](const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); };
  const bool show = identifying && !b.identity_sealed;
  std::optional<int> age = records::AgeAtBirth(b);
  return {
      {"id", b.id},
      {"uid", b.uid},
      {"code", b.code},
      {"motherName", show ? json(b.mother_name) : json(nullptr)},
      {"motherBirthDate",
       show && b.mother_birth_date ? json(b.mother_birth_date->ToString()) : json(nullptr)},
      {"motherAge", age ? json(*age) : json(nullptr)},
      {"identitySealed", b.identity_sealed},
      {"identityErased", b.identity_erased ? json(b.identity_erased->ToString()) : json(nullptr)},
      {"ethnicity", b.ethnicity},
      {"commune", UnitRef(hierarchy, b.commune, b.birth_date)},
      {"communeName", UnitJson(hierarchy, b.commune, b.birth_date)},
      {"village", UnitRef(hierarchy, b.village, b.birth_date)},
      {"villageName", UnitJson(hierarchy, b.village, b.birth_date)},
      {"birthDate", b.birth_date.ToString()},
      {"atHealthFacility", tristate(b.at_health_facility)},
      {"facility", b.facility},
      {"caesarean", b.caesarean},
      {"withinPopulationPolicy", tristate(b.within_population_policy)},
      {"payments", payments},
      {"eligibility", {{"eligible", e.eligible}, {"rules", rules}}},
      {"findings", findings},
      {"note", b.note}};
}

}  // namespace gemis::program
