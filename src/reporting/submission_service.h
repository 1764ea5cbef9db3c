// The reporting workflow over the store (docs/reporting.md): which reports
// are expected of whom and where each stands, and the transitions —
// submit, return, approve, waive, unlock — made by a user, checked,
// saved and audited. The CLI (`gemis submission`) and the API call these.
//
// Who may act:
//  - submit: a holder of enter_data whose entry scope covers the unit;
//  - return, approve, waive, unlock: a holder of approve whose entry scope
//    covers the recipient (the level above).
// Approving a report locks the approved reports sent to its unit (their
// data is final up the chain); unlocking needs the report above unlocked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.h"
#include "access/scope.h"
#include "core/completeness.h"
#include "core/hierarchy.h"
#include "core/report_type.h"
#include "core/submission.h"
#include "store/store.h"

namespace gemis::reporting {

// The reporting structure read once: report types, the calendar, the
// ad-hoc requests.
struct ReportingSetup {
  std::vector<ReportType> types;
  WorkCalendar calendar;
  std::vector<store::ReportRequest> requests;

  // kNotFound ("type") naming the code.
  Result<const ReportType*> Type(std::string_view code) const;
  const ReportType* TypeById(ReportTypeId id) const;
  // The stated deadline of the request of (type, period), if requested.
  std::optional<Date> Requested(ReportTypeId type, const Period& period) const;
};
Result<ReportingSetup> LoadReportingSetup(store::ReadTransaction& txn);

// One expected report and where it stands.
struct ReportRow {
  ExpectedReport expected;
  SubmissionState state = SubmissionState::kNotStarted;
  std::optional<Submission> submission;
  Timeliness timeliness = Timeliness::kPending;
};

// Every report of (type, period) expected on the hierarchy, with its
// stored submission and timeliness at `now_ms`, by unit id — for an
// end-of-activity type, of the activities of its kinds in the register
// that ended on the period's day, one per organising unit
// (ExpectedAfterActivities). With
// `metadata`, a report not stored whose unit has a value of the type's
// data set inside the period is a draft (else it is not started).
Result<std::vector<ReportRow>> LoadReportRows(store::ReadTransaction& txn,
                                              const ReportingSetup& setup, const ReportType& type,
                                              const Period& period, const Hierarchy& hierarchy,
                                              int64_t now_ms, const Metadata* metadata = nullptr);

// The periods of an end-of-activity type with reports in [from, to]: the
// days activities of its kinds ended, ascending.
Result<std::vector<Period>> ActivityEndDays(store::ReadTransaction& txn, const ReportType& type,
                                            Date from, Date to);

// The rows rolled up (core/completeness.h).
Completeness MeasureRows(const std::vector<ReportRow>& rows, const Hierarchy& hierarchy,
                         int64_t now_ms);

struct ReportAction {
  std::string type;  // the report type's code
  OrgUnitId unit = 0;
  Period period = *Period::Parse("2000");
  SubmissionAction action = SubmissionAction::kSubmit;
  std::string comment;
  std::vector<MeasureReturn> returns;
};

// Who acts: the user's principal, their id and address for the audit log.
struct ReportActor {
  access::Principal principal;
  std::string address;  // client IP, "" for the command line
};

// The actions `actor` could take now on each of `rows` (of one type and
// period), in the order submit, return, approve, waive, unlock: allowed
// (authority and scope) and possible by Apply's rules given the other
// rows, a comment taken as given. What the screens offer; acting checks
// again.
std::vector<std::vector<SubmissionAction>> ActionsFor(const std::vector<ReportRow>& rows,
                                                      const ReportActor& actor,
                                                      const access::ScopeIndex& scopes,
                                                      const Hierarchy& hierarchy);

// Applies `request`: the unit must be expected to report (kInvalidInput
// "unit" otherwise: a unit of another level, outside the type's area, or
// merged away before the report's reference day); the actor must be
// allowed (kDenied "scope" or "authority"); then Apply's rules. Saves the
// submission (and, for an approval, locks the approved reports sent to
// the unit), audits each transition, and returns the submission. kLock
// cannot be asked for (kInvalidInput "action").
Result<Submission> ActOnReport(store::WriteTransaction& txn, const ReportAction& request,
                               const ReportActor& actor, const Hierarchy& hierarchy,
                               const access::ScopeIndex& scopes, int64_t now_ms);

// Approves every report sent to `recipient` for (type, period) that is
// submitted or resubmitted, has its own children settled, and was not
// submitted by the actor (a district officer's "approve all complete").
// Returns the units approved and, for the others, why not.
struct BulkOutcome {
  std::vector<OrgUnitId> approved;
  std::vector<std::pair<OrgUnitId, Status>> skipped;
};
Result<BulkOutcome> ApproveAllComplete(store::WriteTransaction& txn, const std::string& type,
                                       const Period& period, OrgUnitId recipient,
                                       const ReportActor& actor, const Hierarchy& hierarchy,
                                       const access::ScopeIndex& scopes, int64_t now_ms);

// An ad-hoc request (core/report_type.h, kRequested): the reports of
// `period` under `type` are due before `due` ("báo cáo đột xuất ... khi có
// yêu cầu").
struct RequestInput {
  std::string type;  // the report type's code
  Period period = *Period::Parse("2000");
  Date due;  // the stated day, read with the type's rule (inclusive, roll forward)
  std::string note;
};

// Records the request, after checking it: a requested type (kInvalidInput
// "type"), a period of its period type ("period"), a due day not before
// the Vietnam day of `now_ms` ("due"); the actor holds approve (kDenied
// "authority") and their entry scope covers the recipient of every report
// the request makes expected — the requester is the level the reports go
// to or above it (kDenied "scope"); some unit is expected to report
// (kInvalidInput "period"); once per type and period (kAlreadyExists
// "period"). Audited ("request", object "report_request"). Returns the
// stored request.
Result<store::ReportRequest> RequestReports(store::WriteTransaction& txn, const RequestInput& input,
                                            const ReportActor& actor, const Hierarchy& hierarchy,
                                            const access::ScopeIndex& scopes, int64_t now_ms);

}  // namespace gemis::reporting
