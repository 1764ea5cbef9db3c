// The data-protection use cases (records/privacy.h, docs/confidentiality.md
// "Data subjects, breaches and retention"), shared by the command line and
// the API, each in the caller's one write transaction with its audit entry:
//  - a data subject's request logged and answered: access (everything gemis
//    holds about her record, and who touched it when), rectification (the
//    correction is made through the register; the answer records it) and
//    erasure (the identifying fields erased, what is kept and why);
//  - the breach log;
//  - retention: the identifying fields of records past their register's
//    period are erased.
// Audit entries name requests by uid and records by code; they never hold a
// name.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "program/model_service.h"
#include "records/privacy.h"
#include "store/store.h"

namespace gemis::program {

// Logs a new request (answered_ms and the outcome empty); the record must
// exist (kNotFound naming "recordCode"). Returns its id.
Result<int64_t> LogSubjectRequest(store::WriteTransaction& txn, records::SubjectRequest request,
                                  const Actor& actor);

// Everything gemis holds about the person of `code` in `reg`: the record in
// full (identifying fields included), the consents of a case, and the audit
// entries about the record (when, who, what; never their before/after).
Result<nlohmann::json> SubjectAccess(store::ReadTransaction& txn, const ModelContext& ctx,
                                     records::PersonalRegister reg, std::string_view code);

struct RequestAnswer {
  records::SubjectRequest request;  // as saved, answered
  nlohmann::json access;            // kAccess: what SubjectAccess gave; else null
  PublishReport figures;            // a cadre's erasure republishes
};

// Answers the open request `id` at `now_ms`: access → SubjectAccess;
// rectification → the record is checked to exist (the correction itself is
// an ordinary change of the register, made before); erasure → the
// identifying fields erased (a cadre's record deleted), `erased` and `kept`
// filled from records::PlanErasure. `note` says what was done. Refuses a
// request already answered (kConflict).
Result<RequestAnswer> AnswerSubjectRequest(store::WriteTransaction& txn, const ModelContext& ctx,
                                           int64_t id, std::string note, int64_t now_ms,
                                           const Actor& actor);

// Logs a breach (id 0) or updates one (its notification); audited.
Result<int64_t> SaveBreach(store::WriteTransaction& txn, const records::Breach& breach,
                           const Actor& actor);

// Sets a register's retention period; audited.
Status SaveRetention(store::WriteTransaction& txn, const records::RetentionRule& rule,
                     const Actor& actor);

struct RetentionReport {
  std::vector<std::string> births;  // codes whose identifying fields were (or would be) erased
  std::vector<std::string> cases;
};

// Erases the identifying fields of every birth whose last payment (or the
// birth) and every closed case whose closing lies `years` or more before
// `today`; already erased records are skipped. With `dry_run` nothing
// changes. Each erasure is audited ("retention").
Result<RetentionReport> ApplyRetention(store::WriteTransaction& txn, Date today, bool dry_run,
                                       const Actor& actor);

// The JSON forms of the API and the CLI's --format json (states computed at
// `now_ms`).
nlohmann::json SubjectRequestToJson(const records::SubjectRequest& r, int64_t now_ms);
nlohmann::json BreachToJson(const records::Breach& b, int64_t now_ms);
// Every register's purpose, legal basis, kept and not-kept data, sensitive
// data and who sees it (records/register_purposes.h; texts as {"vi", "en"}),
// with its configured retention in years (null: none).
nlohmann::json RegisterPurposesToJson(const std::vector<records::RetentionRule>& retention);

}  // namespace gemis::program
