// The data-protection duties of the registers that hold personal data
// (docs/confidentiality.md, "Data subjects, breaches and retention"), under
// Decree 13/2023/NĐ-CP and the Law on Personal Data Protection 91/2025/QH15:
//  - a data subject's request to see, correct or erase her data, answered
//    and logged with what was done and what could not be erased and why;
//  - a breach log, each breach with the 72 hours the controller has to
//    notify the authority (Decree 13, Article 23) and, when later, why;
//  - retention periods per register, after which a record's identifying
//    fields are erased (the rest stays for the figures).
//
// Principles:
//  (1) Erasing keeps what the law or the figures need and says so: every
//      kept field has a reason a data-protection officer can read out to the
//      person who asked (ErasurePlan).
//  (2) Deadlines are computed, never typed: a request's answer is due 72
//      hours after it was received (Decree 13, Articles 14 and 16), a
//      breach notification 72 hours after the breach was detected.
//  (3) Nothing here identifies a person: requests name a record by its
//      register and code, breaches describe what happened, not to whom.
// Pure value types and functions; ids are assigned by the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis::records {

// The registers holding personal data of people who are not users.
enum class PersonalRegister { kSafeBirth, kCadre, kCase };
// "safe_birth", "cadre", "case".
const char* PersonalRegisterName(PersonalRegister r);
Result<PersonalRegister> ParsePersonalRegister(std::string_view text);

// What the data subject asked for.
enum class RequestKind { kAccess, kRectification, kErasure };
// "access", "rectification", "erasure".
const char* RequestKindName(RequestKind k);
Result<RequestKind> ParseRequestKind(std::string_view text);

// A field that stayed after an erasure, and why.
struct KeptField {
  std::string field;      // "payments"
  std::string reason_vi;  // read out to the person who asked
  std::string reason_en;
};

struct SubjectRequest {
  int64_t id = 0;
  std::string uid;  // set by the store when empty
  PersonalRegister register_kind = PersonalRegister::kSafeBirth;
  std::string record_code;  // the record of the person who asked
  RequestKind kind = RequestKind::kAccess;
  int64_t received_ms = 0;             // when the request arrived (Unix ms)
  std::optional<int64_t> answered_ms;  // when it was answered; nullopt: open
  std::string handled_by;              // the user who answered it
  std::vector<std::string> erased;     // fields erased (erasure)
  std::vector<KeptField> kept;         // fields kept, with why (erasure)
  std::string note;                    // what was done (free text, no personal data)
};

// Validity: a record code, received_ms > 0, answered_ms ≥ received_ms, texts
// in NFC within bounds (note ≤ 2000 bytes). Errors name the field.
Status CheckSubjectRequest(const SubjectRequest& r);

// Decree 13: answers within 72 hours.
inline constexpr int64_t kAnswerHours = 72;
int64_t RequestDueMs(const SubjectRequest& r);
// "open", "overdue" (open after its due time), "answered", "answered_late".
std::string RequestState(const SubjectRequest& r, int64_t now_ms);

// What erasing the identifying fields of a record of `r` erases and keeps,
// with the reasons (principle 1). For a cadre the whole record is deleted
// (her name is her register entry); published figures stay.
struct ErasurePlan {
  std::vector<std::string> erased;
  std::vector<KeptField> kept;
};
ErasurePlan PlanErasure(PersonalRegister r);

// A personal-data breach (vi phạm quy định bảo vệ dữ liệu cá nhân).
struct Breach {
  int64_t id = 0;
  std::string uid;                          // set by the store when empty
  int64_t detected_ms = 0;                  // when the controller learnt of it
  std::string description;                  // what happened (no personal data)
  std::vector<PersonalRegister> registers;  // the registers affected
  std::optional<int64_t> subjects;          // how many people, estimated
  std::string measures;                     // what was done to contain it
  std::optional<int64_t> notified_ms;       // when the authority was notified
  std::string notified_to;                  // which authority (A05, Bộ Công an)
  std::string late_reason;                  // required when notified after 72 hours
};

// Validity: detected_ms > 0, a description, notified_ms ≥ detected_ms,
// notified_to given when notified, late_reason given when notified after
// the deadline, texts in NFC within bounds. Errors name the field.
Status CheckBreach(const Breach& b);

// Decree 13, Article 23: notify within 72 hours of detecting the breach.
inline constexpr int64_t kBreachNotifyHours = 72;
int64_t BreachDueMs(const Breach& b);
// "to_notify" (before the deadline), "overdue", "notified", "notified_late".
std::string BreachState(const Breach& b, int64_t now_ms);

// How long a register keeps identifying fields after a record's end: a
// birth's last payment (or the birth), a case's closing. Women cadres are
// public officials in the Union's personnel records: their register has no
// retention period here (erasing one deletes her record, PlanErasure).
struct RetentionRule {
  PersonalRegister register_kind = PersonalRegister::kSafeBirth;
  int years = 0;  // 1–100
};
// The defaults (docs/confidentiality.md): births 10 years (payment vouchers
// are accounting documents, Law on Accounting 2015, Article 41); cases 5
// years after closing.
std::vector<RetentionRule> DefaultRetention();
Status CheckRetentionRule(const RetentionRule& rule);
// The first day the identifying fields of a record ending on `end` are past
// retention: end + years.
Date RetentionEnds(Date end, int years);

}  // namespace gemis::records
