#include "records/model.h"

#include <algorithm>
#include <array>

#include "core/category.h"
#include "core/text.h"
#include "core/uid.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr unsigned Bit(ModelKind k) { return 1u << static_cast<unsigned>(k); }
constexpr unsigned kTeam = Bit(ModelKind::kCommunicationTeam);
constexpr unsigned kSavings = Bit(ModelKind::kSavingsGroup);
constexpr unsigned kLivelihood = Bit(ModelKind::kLivelihoodGroup);
constexpr unsigned kTrusted = Bit(ModelKind::kTrustedAddress);
constexpr unsigned kClub = Bit(ModelKind::kLeadersClub);
constexpr unsigned kVictim = Bit(ModelKind::kVictimLivelihood);
constexpr unsigned kWithMembers = kTeam | kSavings | kLivelihood | kClub;

constexpr size_t kMaxText = 500;

struct KindEntry {
  ModelKind kind;
  const char* name;
  MessageId message;
};
constexpr std::array<KindEntry, kModelKindCount> kKinds = {{
    {ModelKind::kCommunicationTeam, "communication_team", MessageId::kModelCommunicationTeam},
    {ModelKind::kSavingsGroup, "savings_group", MessageId::kModelSavingsGroup},
    {ModelKind::kLivelihoodGroup, "livelihood_group", MessageId::kModelLivelihoodGroup},
    {ModelKind::kTrustedAddress, "trusted_address", MessageId::kModelTrustedAddress},
    {ModelKind::kLeadersClub, "leaders_club", MessageId::kModelLeadersClub},
    {ModelKind::kVictimLivelihood, "victim_livelihood", MessageId::kModelVictimLivelihood},
}};

constexpr std::array<const char*, 4> kStatusNames = {"new", "consolidated", "maintained",
                                                     "inactive"};

std::vector<std::string_view> SplitChoices(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    out.push_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Location Field(const FactFieldInfo& info) { return Location{.field = info.code}; }

// Digits, optionally grouped by '.', ',' or ' ' in threes ("15.000.000").
Result<std::string> CanonicalNumber(const FactFieldInfo& info, std::string_view text) {
  std::string digits;
  size_t group = 0;
  bool grouped = false, bad = text.empty();
  for (size_t i = 0; i < text.size() && !bad; ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
    } else if ((c == '.' || c == ',' || c == ' ') && !digits.empty() && i + 1 < text.size()) {
      if ((grouped && group != 3) || group > 3) bad = true;
      grouped = true;
      group = 0;
    } else {
      bad = true;
    }
  }
  if (grouped && group != 3) bad = true;
  if (bad) {
    return Status::Invalid(std::string(info.code) + " must be a whole number of " +
                               (info.type == FactType::kAmount ? "đồng" : "people or items") +
                               ", not '" + Utf8Prefix(text, 40) + "'",
                           Field(info));
  }
  size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  if (digits.size() > 15) {
    return Status::Invalid(std::string(info.code) + " is too large: " + digits, Field(info));
  }
  return digits;
}

Result<std::string> CanonicalFlag(const FactFieldInfo& info, std::string_view text) {
  std::string folded = FoldForSearch(text);
  for (std::string_view yes : {"true", "yes", "co", "1", "x"}) {
    if (folded == yes) return std::string("true");
  }
  for (std::string_view no : {"false", "no", "khong", "0"}) {
    if (folded == no) return std::string("false");
  }
  return Status::Invalid(
      std::string(info.code) + " must be yes or no (có/không), not '" + Utf8Prefix(text, 40) + "'",
      Field(info));
}

Result<std::string> CanonicalChoices(const FactFieldInfo& info, std::string_view text) {
  std::vector<std::string_view> allowed = SplitChoices(info.choices);
  std::vector<bool> chosen(allowed.size(), false);
  size_t count = 0;
  std::string_view rest = text;
  while (true) {
    size_t sep = rest.find_first_of(",;");
    std::string_view item = Trim(rest.substr(0, sep));
    if (!item.empty()) {
      auto it = std::find(allowed.begin(), allowed.end(), item);
      if (it == allowed.end()) {
        return Status::Invalid(std::string(info.code) + ": '" + Utf8Prefix(item, 40) +
                                   "' is not one of " + info.choices,
                               Field(info));
      }
      if (!chosen[it - allowed.begin()]) ++count;
      chosen[it - allowed.begin()] = true;
    }
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  if (info.type == FactType::kChoice && count != 1) {
    return Status::Invalid(std::string(info.code) + " must be one of " + info.choices, Field(info));
  }
  std::string out;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (!chosen[i]) continue;
    if (!out.empty()) out += ',';
    out += allowed[i];
  }
  return out;
}

Result<std::string> CanonicalText(const FactFieldInfo& info, std::string_view text) {
  GEMIS_RETURN_IF_ERROR(CheckUtf8(text));
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return Status::Invalid(std::string(info.code) + " has a control character", Field(info));
    }
  }
  GEMIS_ASSIGN_OR_RETURN(std::string nfc, ToNfc(Trim(text)));
  if (nfc.size() > kMaxText) {
    return Status::Invalid(
        std::string(info.code) + " is longer than " + std::to_string(kMaxText) + " bytes",
        Field(info));
  }
  return nfc;
}

// Members of an ethnic minority, introduced to formal finance, given
// livelihood support: each at most the members, on every day a fact changes.
Status CheckMemberCounts(const Model& m) {
  for (size_t i = 0; i < m.facts.size(); ++i) {
    Date d = m.facts[i].date;
    std::optional<int64_t> female = NumberAt(m, FactField::kMembersFemale, d);
    std::optional<int64_t> male = NumberAt(m, FactField::kMembersMale, d);
    if (!female && !male) continue;
    int64_t members = female.value_or(0) + male.value_or(0);
    for (FactField part : {FactField::kMembersEthnicMinority, FactField::kMembersFormalFinance,
                           FactField::kMembersLivelihoodSupport}) {
      std::optional<int64_t> n = NumberAt(m, part, d);
      if (n && *n > members) {
        return Status::Invalid(std::string(InfoOf(part).code) + " on " + d.ToString() + " is " +
                                   std::to_string(*n) + ", more than the " +
                                   std::to_string(members) + " members",
                               {"", 0, 0, "facts[" + std::to_string(i) + "].value"});
      }
    }
  }
  return Status::Ok();
}

}  // namespace

const char* ModelKindName(ModelKind kind) { return kKinds[static_cast<size_t>(kind)].name; }

Result<ModelKind> ParseModelKind(std::string_view text) {
  std::string names;
  for (const KindEntry& e : kKinds) {
    if (text == e.name) return e.kind;
    names += names.empty() ? "" : ", ";
    names += e.name;
  }
  return Status::Invalid("unknown model kind '" + Utf8Prefix(text, 40) + "' (one of " + names + ")",
                         {"", 0, 0, "kind"});
}

MessageId ModelKindMessage(ModelKind kind) { return kKinds[static_cast<size_t>(kind)].message; }

const char* ModelStatusName(ModelStatus status) {
  return kStatusNames[static_cast<size_t>(status)];
}

Result<ModelStatus> ParseModelStatus(std::string_view text) {
  std::string lower = AsciiLower(text);
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (lower == kStatusNames[i]) return static_cast<ModelStatus>(i);
  }
  return Status::Invalid("unknown model status '" + Utf8Prefix(text, 40) +
                             "' (new, consolidated, maintained or inactive)",
                         {"", 0, 0, "status"});
}

const std::vector<FactFieldInfo>& FactFields() {
  using F = FactField;
  using T = FactType;
  static const std::vector<FactFieldInfo> fields = {
      {F::kMembersFemale, "members_female", T::kCount, kWithMembers, false, ""},
      {F::kMembersMale, "members_male", T::kCount, kWithMembers, false, ""},
      {F::kMembersEthnicMinority, "members_ethnic_minority", T::kCount, kWithMembers, false, ""},
      {F::kLanguages, "languages", T::kText, kTeam, false, ""},
      {F::kEquipment, "equipment", T::kText, kTeam | kTrusted, false, ""},
      {F::kEquipmentValue, "equipment_value", T::kAmount, kTeam, false, ""},
      {F::kSavings, "savings", T::kAmount, kSavings, false, ""},
      {F::kLoans, "loans", T::kAmount, kSavings, false, ""},
      {F::kMembersFormalFinance, "members_formal_finance", T::kCount, kSavings, false, ""},
      {F::kMembersLivelihoodSupport, "members_livelihood_support", T::kCount, kSavings, false, ""},
      {F::kGals, "gals", T::kFlag, kSavings, false, ""},
      {F::kForm, "form", T::kChoice, kLivelihood, false, "group,cooperative_group,cooperative"},
      {F::kOwnersFemale, "owners_female", T::kCount, kLivelihood, false, ""},
      {F::kOwnersMale, "owners_male", T::kCount, kLivelihood, false, ""},
      {F::kSupportContents, "support_contents", T::kSet, kLivelihood, false,
       kSupportContentCodes.data()},
      {F::kOwnerName, "owner_name", T::kText, kTrusted, true, ""},
      {F::kOwnerTrained, "owner_trained", T::kFlag, kTrusted, false, ""},
      {F::kBoardMembers, "board_members", T::kCount, kTrusted | kClub, false, ""},
      {F::kHotline, "hotline", T::kText, kTrusted, true, ""},
      {F::kAddress, "address", T::kText, kTrusted, true, ""},
      {F::kEquipmentSupport, "equipment_support", T::kAmount, kTrusted, false, ""},
      {F::kSetting, "setting", T::kChoice, kClub, false, "school,community"},
      {F::kFacilitators, "facilitators", T::kCount, kClub, false, ""},
      // Not a fact any kind takes: a victims' livelihood model's participants
      // are its trafficking cases (CheckModel says so); the field is still
      // parsed so a fact stored before is read and named.
      {F::kParticipants, "participants", T::kCount, 0, false, ""},
      {F::kSupportGiven, "support_given", T::kText, kVictim, false, ""},
      {F::kSupportAmount, "support_amount", T::kAmount, kVictim, false, ""},
  };
  return fields;
}

const FactFieldInfo& InfoOf(FactField field) { return FactFields()[static_cast<size_t>(field)]; }

Result<FactField> ParseFactField(std::string_view code) {
  for (const FactFieldInfo& info : FactFields()) {
    if (code == info.code) return info.field;
  }
  return Status::Invalid("unknown fact '" + Utf8Prefix(code, 40) + "'", {"", 0, 0, "field"});
}

bool KindHasField(ModelKind kind, FactField field) {
  return (InfoOf(field).kinds & Bit(kind)) != 0;
}

Result<std::string> CanonicalFactValue(FactField field, std::string_view text) {
  const FactFieldInfo& info = InfoOf(field);
  std::string_view trimmed = Trim(text);
  switch (info.type) {
    case FactType::kCount:
    case FactType::kAmount: return CanonicalNumber(info, trimmed);
    case FactType::kFlag: return CanonicalFlag(info, trimmed);
    case FactType::kChoice:
    case FactType::kSet: return CanonicalChoices(info, trimmed);
    case FactType::kText: return CanonicalText(info, text);
  }
  return Status::Internal("unknown fact type");
}

bool Model::ActiveOn(Date d) const { return established <= d && (!dissolved || d < *dissolved); }

std::optional<ModelStatus> StatusIn(const Model& m, Date from, Date to) {
  if (m.established > to) return std::nullopt;
  if (m.dissolved && *m.dissolved <= from) return std::nullopt;
  if (m.dissolved && *m.dissolved <= to) return ModelStatus::kInactive;
  if (m.established >= from) return ModelStatus::kNew;
  for (Date c : m.consolidated) {
    if (from <= c && c <= to) return ModelStatus::kConsolidated;
  }
  return ModelStatus::kMaintained;
}

std::map<FactField, std::string> FactsAt(const Model& m, Date d) {
  std::map<FactField, std::pair<Date, const std::string*>> latest;
  for (const ModelFact& f : m.facts) {
    if (f.date > d) continue;
    auto it = latest.find(f.field);
    if (it == latest.end() || it->second.first <= f.date) latest[f.field] = {f.date, &f.value};
  }
  std::map<FactField, std::string> out;
  for (const auto& [field, v] : latest) out.emplace(field, *v.second);
  return out;
}

std::optional<int64_t> NumberAt(const Model& m, FactField field, Date d) {
  const std::string* value = nullptr;
  Date when = Date::FromDays(0);
  for (const ModelFact& f : m.facts) {
    if (f.field != field || f.date > d) continue;
    if (value == nullptr || when <= f.date) {
      value = &f.value;
      when = f.date;
    }
  }
  if (value == nullptr) return std::nullopt;
  switch (InfoOf(field).type) {
    case FactType::kCount:
    case FactType::kAmount: {
      int64_t n = 0;
      for (char c : *value) n = n * 10 + (c - '0');
      return n;
    }
    case FactType::kFlag: return *value == "true" ? 1 : 0;
    case FactType::kSet:
      return value->empty()
                 ? 0
                 : static_cast<int64_t>(std::count(value->begin(), value->end(), ',')) + 1;
    case FactType::kText:
    case FactType::kChoice: return std::nullopt;
  }
  return std::nullopt;
}

Status CheckModel(const Model& m) {
  if (!m.uid.empty() && !IsValidUid(m.uid)) {
    return Status::Invalid("uid '" + Utf8Prefix(m.uid, 20) + "' is not a valid uid",
                           {"", 0, 0, "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(m.code, "code"));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(m.name, "name", true, kMaxText));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(m.place, "place", false, kMaxText));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(m.note, "note", false, kMaxText));
  if (m.org_unit <= 0) return Status::Invalid("the model has no org unit", {"", 0, 0, "orgUnit"});
  if (m.level != ImplementingLevel::kProvince && m.level != ImplementingLevel::kDistrict &&
      m.level != ImplementingLevel::kCommune) {
    return Status::Invalid(
        std::string("a model is set up at province, district or commune level, not ") +
            ImplementingLevelName(m.level),
        {"", 0, 0, "level"});
  }
  Date previous = m.established;
  for (size_t i = 0; i < m.consolidated.size(); ++i) {
    if (m.consolidated[i] <= previous) {
      return Status::Invalid(
          "consolidated on " + m.consolidated[i].ToString() + ", not after " + previous.ToString(),
          {"", 0, 0, "consolidated[" + std::to_string(i) + "]"});
    }
    previous = m.consolidated[i];
  }
  if (m.dissolved && *m.dissolved <= previous) {
    return Status::Invalid(
        "dissolved on " + m.dissolved->ToString() + ", not after " + previous.ToString(),
        {"", 0, 0, "dissolved"});
  }
  for (size_t i = 0; i < m.facts.size(); ++i) {
    const ModelFact& f = m.facts[i];
    const std::string at = "facts[" + std::to_string(i) + "]";
    const FactFieldInfo& info = InfoOf(f.field);
    if (f.field == FactField::kParticipants) {
      return Status::Invalid(
          "a victims' livelihood model's participants are its trafficking cases (gemis case "
          "import), counted from them with their consent: they are not typed",
          {"", 0, 0, at + ".field"});
    }
    if (!KindHasField(m.kind, f.field)) {
      return Status::Invalid(
          std::string("a ") + ModelKindName(m.kind) + " has no fact " + info.code,
          {"", 0, 0, at + ".field"});
    }
    if (f.date < m.established || (m.dissolved && f.date >= *m.dissolved)) {
      return Status::Invalid(std::string(info.code) + " is dated " + f.date.ToString() +
                                 ", when the model was not active",
                             {"", 0, 0, at + ".date"});
    }
    Result<std::string> canonical = CanonicalFactValue(f.field, f.value);
    if (!canonical.ok()) {
      return Status::Invalid(canonical.status().message(), {"", 0, 0, at + ".value"});
    }
    if (*canonical != f.value) {
      return Status::Invalid(std::string(info.code) + " value '" + Utf8Prefix(f.value, 40) +
                                 "' is not canonical ('" + *canonical + "')",
                             {"", 0, 0, at + ".value"});
    }
  }
  return CheckMemberCounts(m);
}

}  // namespace gemis::records
