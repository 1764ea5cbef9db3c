// The planning model: agencies, programme structure, plans and what they
// state (citations, assignments, targets, budgets, counts of targeted places,
// reporting deadlines) and spending norms. docs/plans.md explains it.
//
// Principles:
//  (1) Everything is recorded as the source states it, with a SourceRef to the
//      sentence or table cell it came from; nothing is corrected or merged on
//      input. Contradictions (two values for one target, parts that do not
//      add up to the stated total) are found by validation
//      (core/plan_validation.h), never by overwriting.
//  (2) Programme structure is data: a tree of ProgramNodes of any depth
//      (programme → project → content area → activity → sub-activity).
//  (3) Agencies and org units are dated; a plan names the agency of its date.
//  (4) The allocation of a target is not stored as links: it follows from the
//      hierarchy as of the plan's date and from implementing levels
//      (PlanBook::AllocationParent), so it cannot disagree with the hierarchy.
//  (5) Money is int64 đồng; target values are exact Decimals.
//
// Pure value types; ids are assigned by the store (0 = not stored yet).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/date_set.h"
#include "core/decimal.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/org_unit.h"
#include "core/status.h"

namespace gemis {

using AgencyId = int64_t;
using ProgramNodeId = int64_t;
using PlanId = int64_t;
using TargetId = int64_t;
using BudgetLineId = int64_t;

// Where a fact came from: a document (for the demo, the seed file name), the
// section or table cell inside it, and the quoted text.
struct SourceRef {
  std::string document;  // "seeds/001_70fee0a5d4efb6fc.txt" or an uploaded file
  std::string section;   // "II.1", "Phụ lục I, dòng 3 (Hạ Lang), cột 5"
  std::string text;      // the sentence or cell as written (may be empty)
  bool operator==(const SourceRef&) const = default;
};

// ---------------------------------------------------------------- agencies

enum class AgencyKind {
  kWomensUnion,        // Hội LHPN (any level; its standing board or presidium)
  kPeoplesCommittee,   // UBND
  kPeoplesCouncil,     // HĐND
  kDepartment,         // Bộ / Sở / Phòng / Ban / Trung tâm of the state
  kSteeringCommittee,  // Ban Chỉ đạo, Ban Vì sự tiến bộ phụ nữ
  kPartyBody,          // Thành ủy, Huyện ủy, Ban Dân vận
  kMassOrganisation,   // MTTQ, Đoàn TN, Hội Nông dân, Liên đoàn Lao động
  kBank,               // Ngân hàng Chính sách xã hội
  kMedia,              // Đài, Báo
  kGovernment,         // Chính phủ, Thủ tướng
  kOther,
};
const char* AgencyKindName(AgencyKind kind);  // "womens_union", …
Result<AgencyKind> ParseAgencyKind(std::string_view text);

// A dated name of an agency.
struct AgencyName {
  std::optional<Date> from;  // nullopt: since before our records
  std::optional<Date> to;    // inclusive; nullopt: still in force
  std::string name;          // "Hội Liên hiệp Phụ nữ tỉnh Cao Bằng"
  std::string short_name;    // "Hội LHPN tỉnh"
};

enum class AgencySuccession {
  kRenamed,         // same body, new name (a new AgencyName is enough)
  kBecame,          // the body became another (Ủy ban Dân tộc → Bộ Dân tộc và Tôn giáo)
  kFunctionsMoved,  // some functions moved (Bộ LĐTBXH → Bộ Nội vụ, …)
  kMerged,          // merged into the successor
};
const char* AgencySuccessionName(AgencySuccession kind);
Result<AgencySuccession> ParseAgencySuccession(std::string_view text);

struct AgencySuccessor {
  Date date;  // first day of the successor
  std::string successor_code;
  AgencySuccession kind = AgencySuccession::kBecame;
  std::string note;
};

struct Agency {
  AgencyId id = 0;
  std::string code;  // stable user code: "HLHPN-04" (unique)
  AgencyKind kind = AgencyKind::kOther;
  // The org unit whose body it is (Cao Bằng for Hội LHPN tỉnh Cao Bằng; the
  // centre for ministries). 0 when unknown.
  OrgUnitId org_unit = 0;
  std::optional<Date> from;  // existence; nullopt: since before our records
  std::optional<Date> to;    // inclusive; nullopt: still exists
  std::vector<AgencyName> names;  // by date, non-overlapping
  std::vector<AgencySuccessor> successors;

  bool ExistsAt(Date d) const { return (!from || *from <= d) && (!to || d <= *to); }
  // The name in force at `d`, else the latest name.
  const AgencyName& NameAt(Date d) const;  // REQUIRES: !names.empty()
};

// ------------------------------------------------------- programme structure

enum class ProgramNodeKind {
  kProgramme,    // Chương trình MTQG 1719; Chiến lược quốc gia về BĐG
  kProject,      // Dự án 8; Tiểu dự án 3 thuộc Dự án 10
  kContentArea,  // Nội dung 1 – 4
  kActivity,     // 1.1, 2.3, … (activities may nest)
};
const char* ProgramNodeKindName(ProgramNodeKind kind);
Result<ProgramNodeKind> ParseProgramNodeKind(std::string_view text);

struct ProgramNode {
  ProgramNodeId id = 0;
  std::string code;         // unique: "CT1719", "CT1719.DA8", "CT1719.DA8.ND2.2.3"
  std::string parent_code;  // empty for a root
  ProgramNodeKind kind = ProgramNodeKind::kActivity;
  std::string number;  // as numbered in its parent: "8", "2", "2.3"
  std::string name;
  std::string name_en;
  DateSet period;           // may be empty (unknown)
  std::string legal_basis;  // "Quyết định 1719/QĐ-TTg ngày 14/10/2021"
  SourceRef source;
};

// ------------------------------------------------------------------- plans

enum class PlanStatus { kDraft, kIssued, kSuperseded };
const char* PlanStatusName(PlanStatus status);  // "draft", "issued", "superseded"
Result<PlanStatus> ParsePlanStatus(std::string_view text);

// A document a plan cites ("Căn cứ …", "Thực hiện …"). When the cited
// document is a plan held in the database, `plan_code` names it; otherwise
// the reference is kept as written.
struct Citation {
  std::string relation;   // "căn cứ", "thực hiện", "phụ lục của" (as written, lower case)
  std::string plan_code;  // empty when not a stored plan
  std::string document_kind;  // "kế hoạch", "quyết định", "thông tư", "công văn", …
  std::string number;         // "43/KH-ĐCT"
  std::string issuer;         // as written
  std::optional<Date> date;
  std::string title;
  SourceRef source;
};

enum class AssignmentRole { kLead, kCooperating };  // chủ trì / phối hợp
const char* AssignmentRoleName(AssignmentRole role);  // "lead", "cooperating"
Result<AssignmentRole> ParseAssignmentRole(std::string_view text);

// Who does what in a plan: an agency leads or cooperates on a programme node
// (a content area or activity), on a schedule ("định kỳ hằng năm").
struct Assignment {
  std::string program_node_code;  // may be empty: the plan as a whole
  std::string agency_code;
  AssignmentRole role = AssignmentRole::kLead;
  std::string schedule;  // as written
  DateSet window;        // when stated as dates; may be empty
  std::string task;      // what the agency does, as written (may be empty)
  SourceRef source;
};

struct Plan {
  PlanId id = 0;
  std::string code;    // internal, unique: "HN-257-2022"
  std::string number;  // as stated: "257/KH-UBND"; empty when the plan has none
  std::string title;
  OrgUnitId issuer_unit = 0;   // the issuing body's org unit (REQUIRED)
  std::string issuer_agency_code;  // may be empty
  std::string signer;          // "Chữ Xuân Dũng"
  std::string signer_title;    // "Phó Chủ tịch"
  std::string place;           // "Hà Nội"; may be empty
  std::optional<Date> date;    // may be missing (the Kon Tum draft)
  DateSet period;              // REQUIRED, non-empty
  std::string period_text;     // as written: "cuối năm 2022 - 2025"
  PlanStatus status = PlanStatus::kIssued;
  std::string superseded_by;   // plan code, when status is superseded
  std::string program_node_code;  // what it implements ("CT1719.DA8"); may be empty
  SourceRef source;            // the source document
  std::vector<Citation> citations;
  std::vector<Assignment> assignments;

  // The date the plan's hierarchy and agencies are read at: its date, else
  // the first day of its period.
  Date EffectiveDate() const;
};

// ----------------------------------------------------------------- targets

enum class ImplementingLevel { kAll, kCentre, kProvince, kDistrict, kCommune, kVillage };
// "all", "centre", "province", "district", "commune", "village"
const char* ImplementingLevelName(ImplementingLevel level);
// Also accepts Vietnamese: "tỉnh", "cấp tỉnh", "tỉnh thực hiện", "huyện", "xã", …
Result<ImplementingLevel> ParseImplementingLevel(std::string_view text);
// The catalogue message naming `level` in sentences ("cấp tỉnh" / "province level").
MessageId ImplementingLevelMessage(ImplementingLevel level);

enum class TargetUnit { kCount, kPerson, kClass, kSession, kPercent, kDong };
// "count", "person", "class", "session", "percent", "dong"
const char* TargetUnitName(TargetUnit unit);
Result<TargetUnit> ParseTargetUnit(std::string_view text);

enum class TargetStatus {
  kActive,
  kSuspended,  // "tạm dừng chờ hướng dẫn của TW"
  kWithdrawn,  // set aside by a user when resolving a conflict
};
const char* TargetStatusName(TargetStatus status);  // "active", "suspended", "withdrawn"
Result<TargetStatus> ParseTargetStatus(std::string_view text);

// How a target's allocation must relate to it.
enum class AllocationRule {
  kEqual,    // the parts sum to it exactly (=)
  kAtMost,   // the parts must not exceed it (≤)
  kFree,     // not checked
};
const char* AllocationRuleName(AllocationRule rule);  // "=", "<=", "free"
Result<AllocationRule> ParseAllocationRule(std::string_view text);

// How achievement compares with the value: "≥30% men" is at least.
enum class TargetDirection { kAtLeast, kAtMost, kExactly };
const char* TargetDirectionName(TargetDirection d);  // "at_least", "at_most", "exactly"
Result<TargetDirection> ParseTargetDirection(std::string_view text);

enum class MeasureKind { kDataElement, kIndicator };

struct MeasureRef {
  MeasureKind kind = MeasureKind::kDataElement;
  MetadataId id = 0;
  std::string code;  // the element's or indicator's code (kept for messages)
  bool operator==(const MeasureRef& o) const { return kind == o.kind && id == o.id; }
};

// One stated target: (plan, measure, org unit, agency, implementing level,
// period, window) → value. Several targets may share that key: the source
// restates a figure (same value, no finding) or contradicts itself (different
// values: validation reports a conflict).
struct Target {
  TargetId id = 0;
  PlanId plan = 0;
  MeasureRef measure;
  OrgUnitId org_unit = 0;
  std::string agency_code;  // set when an agency rather than a place is allocated to
  ImplementingLevel level = ImplementingLevel::kAll;
  DateSet period;  // what the target is for; empty = the plan's period
  DateSet window;  // completion window ("2022 – 2024"); empty = none stated
  Decimal value;
  TargetUnit unit = TargetUnit::kCount;
  std::string unit_label;  // as written: "tổ", "cuộc", "ĐCTC", "người"
  TargetDirection direction = TargetDirection::kAtLeast;
  AllocationRule rule = AllocationRule::kEqual;  // how its allocation is checked
  TargetStatus status = TargetStatus::kActive;
  std::string status_note;  // the reason, as written
  std::string program_node_code;  // the activity it belongs to; may be empty
  // The appendix table it was stated in ("Phụ lục I"); empty for running text.
  std::string table;
  // Order within the plan: a table cell's ordinal is row * 1000 + column, so
  // reports can lay tables out as the source did.
  int ordinal = 0;
  SourceRef source;
};

// --------------------------------------------------------------- budgets

enum class FundingSource { kUnspecified, kCentral, kLocal, kCounterpart, kOther };
const char* FundingSourceName(FundingSource s);  // "unspecified", "central", "local", …
Result<FundingSource> ParseFundingSource(std::string_view text);

enum class BudgetKind {
  kAvailable,    // total available = allocated + carried over
  kAllocated,    // cấp / giao in the year
  kCarriedOver,  // chuyển nguồn from earlier years
  kEstimated,    // dự toán
  kSpent,
  kSettled,      // quyết toán
};
const char* BudgetKindName(BudgetKind k);  // "available", "allocated", "carried_over", …
Result<BudgetKind> ParseBudgetKind(std::string_view text);

// A budget figure as stated. A line that is stated as a part of another
// (parent_key) must, with its siblings, add up to it; "available" must equal
// allocated + carried over for the same scope.
struct BudgetLine {
  BudgetLineId id = 0;
  PlanId plan = 0;
  std::string key;         // unique within the plan, from the source file: "tinh-cap-2024"
  std::string parent_key;  // the stated total this line is a part of; may be empty
  OrgUnitId org_unit = 0;
  std::string agency_code;  // may be empty
  ImplementingLevel level = ImplementingLevel::kAll;
  FundingSource funding = FundingSource::kUnspecified;
  DateSet period;        // the budget year(s)
  BudgetKind kind = BudgetKind::kAllocated;
  DateSet carried_from;  // for carried_over: the years the money comes from
  std::string program_node_code;  // content area / activity; may be empty
  int64_t amount = 0;    // whole đồng
  std::string label;     // what it pays for, as written
  // A spending norm this line is bound by, with how many units it pays for.
  std::string norm_code;
  int64_t norm_quantity = 0;
  SourceRef source;
};

// "At most 15,000,000 đ of equipment per trusted address" (TT 55/2023/TT-BTC).
struct SpendingNorm {
  std::string code;  // unique: "TT55-DCTC-THIETBI"
  std::string name;
  int64_t max_per_unit = 0;  // đồng
  std::string per;           // "mô hình"
  std::string legal_basis;
  SourceRef source;
};

// ------------------------------------------------- places and deadlines

// A count of targeted places as a plan states it for a unit (region-III
// communes, ĐBKK villages, the wards of a district) — the designation lists
// themselves are not available as data.
struct PlaceCount {
  PlanId plan = 0;
  OrgUnitId org_unit = 0;
  std::string kind;  // "region_iii_communes", "dbkk_villages", "villages", "communes", "wards"
  int64_t count = 0;
  std::optional<int64_t> out_of;  // "17/21 xã": count 17 out of 21
  std::string table;  // as Target::table
  int ordinal = 0;    // as Target::ordinal
  SourceRef source;
};

// A unit a plan names as part of its area (địa bàn thực hiện) when it states
// no figure for it: Hà Nội's 14 communes, the 6 Kon Tum communes whose
// extremely difficult villages the plan covers.
struct PlanArea {
  PlanId plan = 0;
  OrgUnitId org_unit = 0;
  std::string kind;  // "scope" (địa bàn thực hiện), "dbkk_villages" (holds ĐBKK villages)
  int ordinal = 0;   // the plan's order
  SourceRef source;
};

// A reporting deadline as a plan states it. Issue "reporting" turns these into
// computable calendars; here they are kept exactly.
struct ReportingDeadline {
  PlanId plan = 0;
  std::string report;       // "báo cáo 6 tháng", "báo cáo năm", "cập nhật số liệu năm"
  std::string frequency;    // "quarterly", "six_monthly", "yearly", "on_request", "once"
  int due_day = 0;          // 0 when not stated
  int due_month = 0;        // 1-12; 0 = relative to each period (e.g. each quarter)
  int due_year_offset = 0;  // 1 = "năm sau" (the next year)
  std::string submitted_by;  // as written: "các xã", "UBND các huyện"
  std::string submitted_to;  // agency code or as written
  std::string text;          // "trước ngày 15/9 hàng năm"
  SourceRef source;
};

// A defect of the source that the data had to read around (a table header
// that does not line up with its columns); validation reports each.
struct SourceNote {
  PlanId plan = 0;
  std::string kind;  // "layout", "typo", "missing", "date"
  std::string message;
  SourceRef source;
};

}  // namespace gemis
