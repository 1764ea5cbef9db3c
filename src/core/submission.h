// The reporting workflow (docs/reporting.md, "States"): one submission per
// (report type, unit, period), moving
//
//   not started ─(data entered)─ draft ─submit─▶ submitted ─approve─▶ approved ─▶ locked
//                                  ▲               │return                │unlock
//                                  │               ▼                      ▼
//                               resubmitted ◀─submit─ returned ◀──────────┘
//
// and `waived` for a report its recipient excuses (a unit merged away, a
// commune without the activity). Not started and draft are not stored:
// a report without a submission is a draft once its unit has data for it.
// The rules, checked here, whoever calls (CLI, API):
//  - submit: from not started, draft or returned (then it is resubmitted);
//    never while approved, locked or waived;
//  - return: a submitted or resubmitted report, with a reason (and reasons
//    per measure if need be);
//  - approve: a submitted or resubmitted report, never by the user who
//    submitted it, and only when every report sent to this unit for the
//    same type and period (its children's) is approved, locked or waived;
//  - waive: a report not yet approved, with a reason;
//  - unlock: an approved report, with a reason; back to returned, so that
//    its unit corrects and resubmits; not while the report above it (its
//    recipient's own) is approved — unlock that first;
//  - lock: the approval of the recipient's own report locks the approved
//    reports sent to it (the service applies it to the children);
//  - release: unlocking the recipient's own report releases them (locked
//    back to approved), so that each can be unlocked in turn.
// Who may act (enter_data over the unit to submit; approve over the
// recipient for the rest) is the caller's check; every transition is kept
// with who, when and the comment, and the caller audits it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/deadline.h"
#include "core/org_unit.h"
#include "core/period.h"
#include "core/report_type.h"

namespace gemis {

enum class SubmissionState {
  kNotStarted,
  kDraft,
  kSubmitted,
  kReturned,
  kResubmitted,
  kApproved,
  kLocked,
  kWaived,
};
// "notStarted", "draft", "submitted", "returned", "resubmitted",
// "approved", "locked", "waived".
const char* SubmissionStateName(SubmissionState s);
Result<SubmissionState> ParseSubmissionState(std::string_view text);
// Submitted, resubmitted, approved or locked: the report was received
// (returned too: it was received, then sent back).
bool Received(SubmissionState s);
// Approved, locked or waived: settled as far as the level above goes.
bool Settled(SubmissionState s);
// Approved or locked: its data may not change.
bool DataLocked(SubmissionState s);

enum class SubmissionAction { kSubmit, kReturn, kApprove, kWaive, kUnlock, kLock, kRelease };
const char* SubmissionActionName(SubmissionAction a);  // "submit", "return", …
Result<SubmissionAction> ParseSubmissionAction(std::string_view text);

// A reason for returning one measure.
struct MeasureReturn {
  std::string data_element;  // its code
  std::string reason;
  friend bool operator==(const MeasureReturn&, const MeasureReturn&) = default;
};

struct SubmissionEvent {
  SubmissionAction action = SubmissionAction::kSubmit;
  SubmissionState from = SubmissionState::kNotStarted;
  SubmissionState to = SubmissionState::kSubmitted;
  std::string by;  // username
  int64_t at_ms = 0;
  std::string comment;
  std::vector<MeasureReturn> returns;  // kReturn only
  friend bool operator==(const SubmissionEvent&, const SubmissionEvent&) = default;
};

struct Submission {
  int64_t id = 0;
  ReportTypeId type = 0;
  OrgUnitId unit = 0;
  Period period = *Period::Parse("2000");
  SubmissionState state = SubmissionState::kNotStarted;
  Due due;                             // fixed at the first submission
  std::optional<OrgUnitId> recipient;  // the parent it reports to
  std::optional<int64_t> first_submitted_ms;
  std::vector<SubmissionEvent> events;  // oldest first

  // The user who last submitted it ("" if never).
  std::string LastSubmitter() const;
  // Received by its due day: the first submission's Vietnam day.
  bool OnTime() const;
};

// What a transition needs besides the submission.
struct TransitionInput {
  std::string actor;  // username
  int64_t now_ms = 0;
  std::string comment;
  std::vector<MeasureReturn> returns;  // kReturn
  // kApprove: the reports sent to this unit for the same type and period,
  // by unit (not started ones included).
  std::vector<std::pair<OrgUnitId, SubmissionState>> children;
  // kUnlock: the state of the recipient's own report, if any.
  std::optional<SubmissionState> above;
};

// Applies `action` to `s` (its state before; kNotStarted or kDraft for a
// report not stored yet), appending the event. kConflict naming the rule
// broken ("state", "approver", "children", "above"); kInvalidInput for a
// missing comment ("comment") or a measure return without its reason.
Result<Submission> Apply(Submission s, SubmissionAction action, const TransitionInput& in);

}  // namespace gemis
