// The models (mô hình) of Project 8 that its targets count: community
// communication teams, village savings and loan groups, women-led
// livelihood groups and cooperatives, trusted addresses, "Leaders of Change"
// clubs and livelihood models for victims of trafficking. docs/program.md
// explains them.
//
// Principles:
//  (1) A model's life is dates, not a typed status: established, the days it
//      was consolidated (củng cố), and the day it was dissolved. Its status in
//      a period (new / consolidated / maintained / inactive) is computed
//      (StatusIn), so it cannot disagree with the dates.
//  (2) What is known about a model changes over time (members join, savings
//      grow): facts are dated statements of one field each; the state on a day
//      is, per field, the latest statement on or before it (FactsAt). Nothing
//      is overwritten, so last year's figures stay reproducible.
//  (3) Which facts a kind of model has is data (FactFieldInfo): a field
//      stated for a kind that does not have it is refused.
//  (4) Only what the purpose needs is kept: members are counted by sex and
//      ethnicity, not listed. The few identifying fields of a trusted address
//      (owner, address, hotline) are marked confidential and shown only to
//      roles with access to its cases.
//  (5) Money is int64 đồng; counts are int64 ≥ 0.
//
// Pure value types and functions; ids are assigned by the store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/org_unit.h"
#include "core/plan.h"
#include "core/status.h"

namespace gemis::records {

using ModelId = int64_t;

enum class ModelKind {
  kCommunicationTeam,  // Tổ truyền thông cộng đồng
  kSavingsGroup,       // Tổ tiết kiệm và vay vốn thôn bản (TKVVTB)
  kLivelihoodGroup,  // Tổ nhóm sinh kế / tổ hợp tác / hợp tác xã do phụ nữ làm chủ
  kTrustedAddress,    // Địa chỉ tin cậy cộng đồng (ĐCTC)
  kLeadersClub,       // CLB "Thủ lĩnh của sự thay đổi"
  kVictimLivelihood,  // Mô hình sinh kế cho nạn nhân mua bán người
};
inline constexpr int kModelKindCount = 6;
// "communication_team", "savings_group", "livelihood_group",
// "trusted_address", "leaders_club", "victim_livelihood".
const char* ModelKindName(ModelKind kind);
// The English names above; kInvalidInput listing them otherwise.
Result<ModelKind> ParseModelKind(std::string_view text);
// The catalogue's name of the kind ("Tổ truyền thông cộng đồng").
MessageId ModelKindMessage(ModelKind kind);

// A model's status in a period, from its dates (StatusIn).
enum class ModelStatus {
  kNew,           // established in the period and active at its end
  kConsolidated,  // older, consolidated in the period, active at its end
  kMaintained,    // older, not consolidated in the period, active at its end
  kInactive,      // dissolved during the period
};
// "new", "consolidated", "maintained", "inactive" (the first three are the
// options of the MODEL_STATUS category, upper-cased).
const char* ModelStatusName(ModelStatus status);
Result<ModelStatus> ParseModelStatus(std::string_view text);

// ------------------------------------------------------------------ facts

enum class FactField {
  kMembersFemale,             // count
  kMembersMale,               // count
  kMembersEthnicMinority,     // count, of the members
  kLanguages,                 // text: languages the team uses ("Tày; Nùng")
  kEquipment,                 // text: what was received ("loa, âm ly")
  kEquipmentValue,            // amount
  kSavings,                   // amount: the group's savings balance
  kLoans,                     // amount: loans outstanding to members
  kMembersFormalFinance,      // count: introduced to formal financial institutions
  kMembersLivelihoodSupport,  // count: given livelihood support
  kGals,                      // flag: applies GALS
  kForm,                      // choice: group, cooperative_group, cooperative
  kOwnersFemale,              // count: women among owners and co-owners
  kOwnersMale,                // count
  kSupportContents,           // set of the 6 technology-4.0 contents
  kOwnerName,                 // text, confidential
  kOwnerTrained,              // flag
  kBoardMembers,              // count
  kHotline,                   // text, confidential
  kAddress,                   // text, confidential
  kEquipmentSupport,          // amount, checked against the spending norm
  kSetting,                   // choice: school, community
  kFacilitators,              // count
  kParticipants,              // refused: the people are confidential cases (CheckModel)
  kSupportGiven,              // text
  kSupportAmount,             // amount
};

enum class FactType { kCount, kAmount, kFlag, kText, kChoice, kSet };

struct FactFieldInfo {
  FactField field;
  const char* code;  // "members_female"
  FactType type;
  unsigned kinds;     // bit (1 << ModelKind) for each kind that has the field
  bool confidential;  // shown only to roles with access to the model's cases
  // kChoice / kSet: the allowed codes, separated by ','.
  const char* choices;
};

// Every field, in FactField order.
const std::vector<FactFieldInfo>& FactFields();
const FactFieldInfo& InfoOf(FactField field);
// By code; kInvalidInput naming the unknown code otherwise.
Result<FactField> ParseFactField(std::string_view code);
bool KindHasField(ModelKind kind, FactField field);

// The six technology-4.0 support contents of women-led livelihood groups.
inline constexpr std::string_view kSupportContentCodes =
    "brand,standards,traceability,ecommerce,logistics_payment,technical_advice";

// One dated statement of one fact. `value` is canonical for the field's type:
// a count or amount in decimal digits without sign or leading zeros ("0",
// "15000000"); a flag "true" or "false"; a choice one code; a set its codes
// sorted and separated by ',' (may be empty); text NFC, trimmed, ≤ 500 bytes.
struct ModelFact {
  Date date;
  FactField field = FactField::kMembersFemale;
  std::string value;
  bool operator==(const ModelFact&) const = default;
};

// Canonicalises `text` as a value of `field` ("15.000.000" and "15000000"
// are the same amount; "có"/"yes"/"true" the same flag; set codes in any
// order). kInvalidInput naming the field otherwise.
Result<std::string> CanonicalFactValue(FactField field, std::string_view text);

// ------------------------------------------------------------------ models

struct Model {
  ModelId id = 0;
  std::string uid;   // 11 characters; set by the store when empty
  std::string code;  // unique, chosen by the office ("CB-TKV-0012"); [A-Za-z0-9._-], 1–50
  ModelKind kind = ModelKind::kCommunicationTeam;
  std::string name;        // "Tổ truyền thông cộng đồng xóm Nà Rì"
  OrgUnitId org_unit = 0;  // the commune (or village) it is in
  std::string place;       // village or school as written, when not a unit: "xóm Nà Rì"
  // Who set it up and supports it: the IMPLEMENTING_LEVEL of its figures.
  ImplementingLevel level = ImplementingLevel::kCommune;
  Date established;
  std::vector<Date> consolidated;  // ascending, each after `established`
  std::optional<Date> dissolved;   // the first day it no longer works
  PlanId plan = 0;                 // the plan it counts towards; 0 = none named
  TargetId target = 0;             // the target it counts towards; 0 = none named
  std::vector<ModelFact> facts;    // in the order stated
  std::string note;

  // Active on `d`: established ≤ d < dissolved.
  bool ActiveOn(Date d) const;
};

// Its status in [from, to] (inclusive): nullopt when it did not exist then
// (established after `to`, or dissolved on or before `from`).
std::optional<ModelStatus> StatusIn(const Model& m, Date from, Date to);

// The value of each field on `d`: per field, the latest fact dated on or
// before `d` (of two on one day, the later stated).
std::map<FactField, std::string> FactsAt(const Model& m, Date d);
// One field's value on `d` as a number (counts and amounts; a flag is 1 or
// 0; a set its number of codes); nullopt when never stated by then or not
// numeric (text, choice).
std::optional<int64_t> NumberAt(const Model& m, FactField field, Date d);

// The rules a model must satisfy to be stored: code and name present and
// NFC, a unit, dates in order (established < each consolidation < dissolved,
// consolidations ascending and distinct), every fact a field of the kind with
// a canonical value dated from `established` (and before `dissolved`), and on
// every day the counts agree: members of an ethnic minority, members
// introduced to formal finance and members given livelihood support at most
// the members. kInvalidInput naming the field ("facts[3].value").
Status CheckModel(const Model& m);

}  // namespace gemis::records
