#include "core/plan.h"

#include <array>
#include <cassert>
#include <optional>
#include <utility>
#include <vector>

#include "core/text.h"

namespace gemis {

namespace {

// The stable names of an enum, in enumerator order.
template <typename Enum, size_t N>
struct Names {
  std::array<const char*, N> names;
};

constexpr Names<AgencyKind, 11> kAgencyKinds = {
    {"womens_union", "peoples_committee", "peoples_council", "department", "steering_committee",
     "party_body", "mass_organisation", "bank", "media", "government", "other"}};
constexpr Names<AgencySuccession, 4> kSuccessions = {
    {"renamed", "became", "functions_moved", "merged"}};
constexpr Names<ProgramNodeKind, 4> kNodeKinds = {
    {"programme", "project", "content_area", "activity"}};
constexpr Names<PlanStatus, 3> kPlanStatuses = {{"draft", "issued", "superseded"}};
constexpr Names<AssignmentRole, 2> kRoles = {{"lead", "cooperating"}};
constexpr Names<ImplementingLevel, 6> kLevels = {
    {"all", "centre", "province", "district", "commune", "village"}};
constexpr Names<TargetUnit, 6> kUnits = {
    {"count", "person", "class", "session", "percent", "dong"}};
constexpr Names<TargetStatus, 3> kTargetStatuses = {{"active", "suspended", "withdrawn"}};
constexpr Names<AllocationRule, 3> kRules = {{"=", "<=", "free"}};
constexpr Names<TargetDirection, 3> kDirections = {{"at_least", "at_most", "exactly"}};
constexpr Names<FundingSource, 5> kFundings = {
    {"unspecified", "central", "local", "counterpart", "other"}};
constexpr Names<BudgetKind, 6> kBudgetKinds = {
    {"available", "allocated", "carried_over", "estimated", "spent", "settled"}};

template <typename Enum, size_t N>
const char* NameOf(const Names<Enum, N>& names, Enum value) {
  auto i = static_cast<size_t>(value);
  assert(i < N);
  return i < N ? names.names[i] : "?";
}

std::string Expected(const char* const* names, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += i + 1 == n ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// `text` matched against the names case-insensitively (ASCII); the error
// names what was expected.
template <typename Enum, size_t N>
Result<Enum> ParseName(const Names<Enum, N>& names, std::string_view text, const char* what) {
  std::string lower = AsciiLower(text);
  for (size_t i = 0; i < N; ++i) {
    if (lower == names.names[i]) return static_cast<Enum>(i);
  }
  return Status::Invalid(std::string("unknown ") + what + " '" + std::string(text) +
                         "' (expected " + Expected(names.names.data(), N) + ")");
}

// The Vietnamese forms of each implementing level, as ToneNormalizedKey keys
// (case and tone-mark placement do not matter, the marks themselves do):
// "tất cả"; and for each level word, "tỉnh", "cấp tỉnh", "tỉnh thực hiện".
const std::vector<std::pair<std::string, ImplementingLevel>>& VietnameseLevelKeys() {
  static const auto* keys = [] {
    auto* out = new std::vector<std::pair<std::string, ImplementingLevel>>();
    out->emplace_back(ToneNormalizedKey("tất cả"), ImplementingLevel::kAll);
    const std::pair<const char*, ImplementingLevel> words[] = {
        {"trung ương", ImplementingLevel::kCentre},
        {"tỉnh", ImplementingLevel::kProvince},
        {"huyện", ImplementingLevel::kDistrict},
        {"xã", ImplementingLevel::kCommune},
        {"thôn", ImplementingLevel::kVillage}};
    for (const auto& [word, level] : words) {
      for (const std::string& form :
           {std::string(word), "cấp " + std::string(word), std::string(word) + " thực hiện"}) {
        out->emplace_back(ToneNormalizedKey(form), level);
      }
    }
    return out;
  }();
  return *keys;
}

std::optional<ImplementingLevel> ParseVietnameseLevel(std::string_view text) {
  // Runs of ASCII white space count as one space; the ends are trimmed.
  std::string spaced;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space && (spaced.empty() || spaced.back() == ' ')) continue;
    spaced += space ? ' ' : c;
  }
  if (!spaced.empty() && spaced.back() == ' ') spaced.pop_back();
  std::string key = ToneNormalizedKey(spaced);
  for (const auto& [form, level] : VietnameseLevelKeys()) {
    if (key == form) return level;
  }
  return std::nullopt;
}

}  // namespace

const char* AgencyKindName(AgencyKind kind) { return NameOf(kAgencyKinds, kind); }
Result<AgencyKind> ParseAgencyKind(std::string_view text) {
  return ParseName(kAgencyKinds, text, "agency kind");
}

const char* AgencySuccessionName(AgencySuccession kind) { return NameOf(kSuccessions, kind); }
Result<AgencySuccession> ParseAgencySuccession(std::string_view text) {
  return ParseName(kSuccessions, text, "succession kind");
}

const AgencyName& Agency::NameAt(Date d) const {
  assert(!names.empty());
  for (const AgencyName& n : names) {
    if ((!n.from || *n.from <= d) && (!n.to || d <= *n.to)) return n;
  }
  return names.back();
}

const char* ProgramNodeKindName(ProgramNodeKind kind) { return NameOf(kNodeKinds, kind); }
Result<ProgramNodeKind> ParseProgramNodeKind(std::string_view text) {
  return ParseName(kNodeKinds, text, "programme node kind");
}

const char* PlanStatusName(PlanStatus status) { return NameOf(kPlanStatuses, status); }
Result<PlanStatus> ParsePlanStatus(std::string_view text) {
  return ParseName(kPlanStatuses, text, "plan status");
}

const char* AssignmentRoleName(AssignmentRole role) { return NameOf(kRoles, role); }
Result<AssignmentRole> ParseAssignmentRole(std::string_view text) {
  return ParseName(kRoles, text, "assignment role");
}

Date Plan::EffectiveDate() const {
  if (date) return *date;
  assert(!period.empty());
  return period.empty() ? Date() : period.first();
}

const char* ImplementingLevelName(ImplementingLevel level) { return NameOf(kLevels, level); }
Result<ImplementingLevel> ParseImplementingLevel(std::string_view text) {
  Result<ImplementingLevel> english = ParseName(kLevels, text, "implementing level");
  if (english.ok()) return english;
  if (auto vietnamese = ParseVietnameseLevel(text)) return *vietnamese;
  return Status::Invalid("unknown implementing level '" + std::string(text) +
                         "' (expected all, centre, province, district, commune or village, "
                         "or in Vietnamese tất cả, trung ương, tỉnh, cấp huyện, xã thực hiện, …)");
}

MessageId ImplementingLevelMessage(ImplementingLevel level) {
  switch (level) {
    case ImplementingLevel::kAll: return MessageId::kImplementingLevelAll;
    case ImplementingLevel::kCentre: return MessageId::kImplementingLevelCentre;
    case ImplementingLevel::kProvince: return MessageId::kImplementingLevelProvince;
    case ImplementingLevel::kDistrict: return MessageId::kImplementingLevelDistrict;
    case ImplementingLevel::kCommune: return MessageId::kImplementingLevelCommune;
    case ImplementingLevel::kVillage: return MessageId::kImplementingLevelVillage;
  }
  return MessageId::kImplementingLevelAll;
}

const char* TargetUnitName(TargetUnit unit) { return NameOf(kUnits, unit); }
Result<TargetUnit> ParseTargetUnit(std::string_view text) {
  return ParseName(kUnits, text, "target unit");
}

const char* TargetStatusName(TargetStatus status) { return NameOf(kTargetStatuses, status); }
Result<TargetStatus> ParseTargetStatus(std::string_view text) {
  return ParseName(kTargetStatuses, text, "target status");
}

const char* AllocationRuleName(AllocationRule rule) { return NameOf(kRules, rule); }
Result<AllocationRule> ParseAllocationRule(std::string_view text) {
  if (text == "\u2264") return AllocationRule::kAtMost;  // "≤" as written in plans
  return ParseName(kRules, text, "allocation rule");
}

const char* TargetDirectionName(TargetDirection d) { return NameOf(kDirections, d); }
Result<TargetDirection> ParseTargetDirection(std::string_view text) {
  return ParseName(kDirections, text, "target direction");
}

const char* FundingSourceName(FundingSource s) { return NameOf(kFundings, s); }
Result<FundingSource> ParseFundingSource(std::string_view text) {
  return ParseName(kFundings, text, "funding source");
}

const char* BudgetKindName(BudgetKind k) { return NameOf(kBudgetKinds, k); }
Result<BudgetKind> ParseBudgetKind(std::string_view text) {
  return ParseName(kBudgetKinds, text, "budget kind");
}

}  // namespace gemis
