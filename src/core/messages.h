// The message catalogue: every user-facing sentence of gemis in Vietnamese
// (the default) and English. Entry points pick the language; library code
// returns ids or technical Status messages, never localised prose.
//
// A message may hold fmt placeholders with explicit indices ("{0}", "{1}"),
// so that each language can order the arguments as its grammar needs; the
// caller formats it with fmt::runtime and documents the arguments at the id.
#pragma once

#include <string_view>

namespace gemis {

enum class Lang { kVi, kEn };

enum class MessageId {
  kError,
  kDatabaseCreated,
  kDatabaseExists,
  kOrgUnitsLoaded,
  kSummaryTitle,
  kSummaryAsOf,
  kLevelCentre,
  kLevelProvince,
  kLevelDistrict,
  kLevelCommune,
  kLevelVillage,
  kEventsRecorded,
  kNoMatch,
  kBackupWritten,
  kRestored,
  kNextSteps,
  // Implementing levels of a target (ImplementingLevel), for messages.
  kImplementingLevelAll,
  kImplementingLevelCentre,
  kImplementingLevelProvince,
  kImplementingLevelDistrict,
  kImplementingLevelCommune,
  kImplementingLevelVillage,
  // Plan validation findings (core/plan_validation.h, docs/validation.md).
  // allocation_sum: {0} parent unit, {1} level, {2} measure, {3} number of
  // parts, {4} their sum, {5} the parent's value.
  kValidationAllocationNotEqual,
  kValidationAllocationOver,
  // Any rule whose sum overflows: {0} what was summed, {1} number of parts,
  // {2} the stated figure.
  kValidationSumOverflow,
  // window_outside_plan: {0} window or period, {1} measure, {2} unit, {3} the
  // plan's period.
  kValidationTargetWindowOutside,
  kValidationTargetPeriodOutside,
  // {0} window, {1} agency, {2} programme node, {3} the plan's period.
  kValidationAssignmentWindowOutside,
  // budget_parts: {0} line label, {1} unit, {2} number of parts, {3} their
  // sum, {4} the stated total.
  kValidationBudgetParts,
  // budget_available: {0} line label, {1} unit, {2} number of lines, {3}
  // their sum, {4} the stated available amount.
  kValidationBudgetAvailable,
  // conflicting_target: {0} measure, {1} unit, {2} level, {3} first value,
  // {4} its section, {5} the other values, {6} their sections.
  kValidationConflictingTarget,
  // unit_not_at_plan_date: {0} unit, {1} the plan's date, {2} number of uses.
  kValidationUnitNotAtDate,
  // agency_not_at_plan_date: {0} agency code, {1} number of uses.
  kValidationAgencyUnknown,
  // {0} agency name and code, {1} the plan's date, {2} number of uses.
  kValidationAgencyNotAtDate,
  // spending_over_norm: {0} line label, {1} unit, {2} amount, {3} the limit,
  // {4} norm name, {5} maximum per unit, {6} quantity, {7} what a unit is.
  kValidationOverNorm,
  // {0} line label, {1} unit, {2} norm code.
  kValidationUnknownNorm,
  // place_count_sum: {0} unit, {1} kind, {2} number of units below, {3} their
  // sum, {4} the unit's count.
  kValidationPlaceCountSum,
  // source_defect: {0} kind of defect, {1} the note.
  kValidationSourceDefect,
  // value_out_of_range: {0} measure, {1} unit, {2} value, {3} the maximum.
  kValidationAboveMaximum,
  // {0} measure, {1} unit, {2} value.
  kValidationNegativeValue,
  // CLI output of findings, reports, plans and the demo.
  kSeverityError,
  kSeverityWarning,
  kFindingExpected,
  kFindingFound,
  kFindingSource,
  kFindingsErrors,
  kFindingsWarnings,
  kReportAllocationTitle,
  kReportStt,
  kReportUnit,
  kReportTotalRow,
  kReportWindowRow,
  kReportLevelRow,
  kReportLevelCentre,
  kReportLevelProvince,
  kReportLevelDistrict,
  kReportLevelCommune,
  kReportLevelVillage,
  kReportOtherTables,
  kReportTextTargets,
  kPlaceRegionIiiCommunes,
  kPlaceDbkkVillages,
  kPlaceVillages,
  kPlaceCommunes,
  kPlaceWards,
  kPlaceSchools,
  kPlanColumnCode,
  kPlanColumnNumber,
  kPlanColumnDate,
  kPlanColumnPeriod,
  kPlanColumnTargets,
  kPlanColumnBudget,
  kPlanColumnTitle,
  kPlanCitations,
  kPlanTargets,
  kPlanBudget,
  kPlanAreas,
  kDemoCreated,
  kDemoPlans,
  kDemoFindings,
  // Progress against targets (analytics/progress.h, gemis progress).
  kProgressTitle,
  kProgressMeasure,
  kProgressLevel,
  kProgressWindow,
  kProgressTarget,
  kProgressActual,
  kProgressPercent,
  kProgressElapsed,
  kProgressStatus,
  kProgressNote,
  kProgressStatusNotStarted,
  kProgressStatusBehind,
  kProgressStatusOnTrack,
  kProgressStatusAchieved,
  kProgressStatusSuspended,
  kProgressStatusNotMeasurable,
  kProgressStatusConflict,
  kProgressStatusNoTarget,
  // Why a target is not measurable.
  kProgressNoteAgency,
  kProgressNoteLevelOption,
  kProgressNoteNoLevel,
  kProgressNoteNoTarget,
  // gemis dataset list (core/data_set.h): column headers.
  kDataSetColumnCode,
  kDataSetColumnName,
  kDataSetColumnPeriodType,
  kDataSetColumnElements,
  kDataSetColumnOrgUnits,
  kDataSetColumnOpenFuture,
  kDataSetColumnExpiry,
  kDataSetColumnCompleted,
  // Excel workbooks written by the CLI (cli/xlsx_export.cc).
  kXlsxUnitsPerColumn,
  kXlsxUnitOfMeasure,
  kXlsxQuerySheet,
  kXlsxName,
  kXlsxUnitCode,
  kXlsxTextTargetsSheet,
  kXlsxWritten,
  // Errors of the JSON API (server/api.h): what went wrong and what to do.
  kApiUnauthenticated,
  kApiForbidden,
  kApiOutOfScope,
  kApiCsrf,
  kApiNotFound,
  kApiRouteNotFound,
  kApiMethodNotAllowed,
  kApiBadJson,
  kApiInvalid,
  kApiConflict,
  kApiAlreadyExists,
  kApiInternal,
  kApiLoginFailed,
  kApiAccountLocked,
  kApiAddressLocked,
  kApiPreconditionFailed,
  kApiUnsupportedMediaType,
  kApiPassword,
  // The HTTP transport and static files of gemis serve (server/http_server.h,
  // server/static_files.h), sent as the "message" of JSON errors.
  kHttpBadRequest,
  kHttpMissingHost,
  // {0} the limit in bytes.
  kHttpHeaderTooLarge,
  // {0} the limit in bytes.
  kHttpBodyTooLarge,
  kHttpUnsupportedTransferEncoding,
  kHttpExpectationFailed,
  kHttpOverloaded,
  kHttpInternalError,
  kHttpNotFound,
  kHttpMethodNotAllowed,
  kWebUiNotBuilt,
  // The kinds of Project 8 models (records/model.h).
  kModelCommunicationTeam,
  kModelSavingsGroup,
  kModelLivelihoodGroup,
  kModelTrustedAddress,
  kModelLeadersClub,
  kModelVictimLivelihood,
  // gemis model / gemis figures (cli/model_command.cc).
  kModelColumnCode,
  kModelColumnKind,
  kModelColumnName,
  kModelColumnUnit,
  kModelColumnLevel,
  kModelColumnEstablished,
  kModelColumnStatus,
  // {0} created, {1} updated, {2} unchanged.
  kModelsSaved,
  kModelDeleted,
  // {0} values written, {1} unchanged, {2} released.
  kFiguresPublished,
  // {0} element, {1} period, {2} unit, {3} the value entered by hand, {4} the records' value.
  kFiguresConflict,
  kFiguresProblem,
  // {0} rules read.
  kFigureRulesSaved,
  kFiguresNoClaim,
  kFiguresBehind,
  // gemis activity (cli/activity_command.cc).
  kActivityColumnCode,
  kActivityColumnKind,
  kActivityColumnTitle,
  kActivityColumnStart,
  kActivityColumnParticipants,
  kActivityColumnMen,
  // {0} created, {1} updated, {2} unchanged.
  kActivitiesSaved,
  kActivityDeleted,
  kFiguresBehindActivities,
  kCadreColumnCode,
  kCadreColumnName,
  kCadreColumnPosition,
  kCadreColumnGroup,
  kCadreColumnSince,
  kCadreColumnTrained,
  kCadreNotTrained,
  // {0} created, {1} updated, {2} unchanged.
  kCadresSaved,
  kCadreDeleted,
  kFiguresBehindCadres,
  kFieldKeyCreated,
  // {0} created, {1} updated, {2} unchanged.
  kBirthsSaved,
  kBirthDeleted,
  kBirthColumnCode,
  kBirthColumnMother,
  kBirthColumnCommune,
  kBirthColumnDate,
  kBirthColumnEligible,
  kBirthColumnPaid,
  kEligible,
  kNotEligible,
  kEligibilityUnknown,
  kIdentitySealed,
  kFiguresBehindBirths,
  kCasesSaved,
  kCaseDeleted,
  kCaseColumnCode,
  kCaseColumnKind,
  kCaseColumnAddress,
  kCaseColumnOpened,
  kCaseColumnSurvivor,
  kCaseColumnConsent,
  kCaseTeamGranted,
  kCaseTeamRevoked,
  kCasesSuppressed,
  kFiguresBehindCases,
  kPrivacyRequestLogged,
  kPrivacyRequestAnswered,
  kPrivacyErased,
  kPrivacyKept,
  kPrivacyBreachLogged,
  kPrivacyBreachSaved,
  kPrivacyRetentionSet,
  kPrivacyRetentionApplied,
  kPrivacyRetentionDryRun,
  kPrivacyPurpose,
  kPrivacyLegalBasis,
  kPrivacyKeptFields,
  kPrivacyNotKeptFields,
  kPrivacySensitiveData,
  kPrivacyWhoSees,
  kPrivacyRetentionYears,
  kPrivacyNoRetention,
  kPrivacyColumnId,
  kPrivacyColumnRegister,
  kPrivacyColumnRecord,
  kPrivacyColumnKind,
  kPrivacyColumnReceived,
  kPrivacyColumnDue,
  kPrivacyColumnState,
  kPrivacyColumnDetected,
  kPrivacyColumnDescription,
  kPrivacyColumnYears,
  kIdentityErased,
  // Deadline rules in words (core/deadline.h). Fixed, a named month: {0}
  // day, {1} month number, {2} whether "năm sau"/"of the next year" follows
  // (the text of kDeadlineNextYear or empty).
  kDeadlineFixedMonth,
  kDeadlineNextYear,
  // Fixed, relative to the period's last month: {0} day, {1} months.
  kDeadlineFixedLastMonth,
  kDeadlineFixedBeforeLastMonth,
  kDeadlineFixedAfterPeriod,
  // {0} days.
  kDeadlineAfterEventDays,
  kDeadlineAfterEventWorkingDays,
  kDeadlineRequested,
  // Appended to a fixed rule: day D itself is on time.
  kDeadlineInclusive,
  // gemis calendar / reporttype / submission (docs/reporting.md).
  // {0} days, {1} years ("2025, 2026").
  kReportCalendarSaved,
  // {0} report types.
  kReportTypesSaved,
  kReportColDataSet,
  kReportColLevel,
  kReportColRecipient,
  kReportColDue,
  kReportColState,
  kReportColTimeliness,
  kCalendarOff,
  kCalendarWorking,
  // Submission states, in SubmissionState's order.
  kReportStateNotStarted,
  kReportStateDraft,
  kReportStateSubmitted,
  kReportStateReturned,
  kReportStateResubmitted,
  kReportStateApproved,
  kReportStateLocked,
  kReportStateWaived,
  // Timeliness, in Timeliness's order (core/completeness.h).
  kReportOnTime,
  kReportLate,
  kReportMissing,
  kReportPending,
  kReportWaived,
  // {0} unit, {1} the state reached.
  kReportActed,
  // {0} unit, {1} expected, {2} received, {3} on time, {4} late, {5} missing,
  // {6} pending.
  kReportCompleteness,
  // {0} approved, {1} left as they were.
  kReportBulkApproved,
  // An ad-hoc request: {0} type, {1} period, {2} the stated day, {3} the
  // number of units to report.
  kReportRequested,
  // gemis submission requests: the columns.
  kReportColType,
  kReportColPeriod,
  kReportColDueBefore,
  kReportColRequestedBy,
  // Reporting-rate items of the analytics engine, in ReportingMetric's order
  // (core/completeness.h): {0} the report type's name.
  kMetricReportingRate,
  kMetricReportingRateOnTime,
  kMetricActualReports,
  kMetricActualReportsOnTime,
  kMetricExpectedReports,
  // The official document of a report (views/report_document.h).
  // Periods: {0} year; {0} quarter in Roman numerals, {1} year; {0} month, {1} year.
  kDocPeriodYear,
  kDocPeriodFirstHalf,
  kDocPeriodSecondHalf,
  kDocPeriodQuarter,
  kDocPeriodMonth,
  // {0} a day (an end-of-activity report's period): "15/03/2026".
  kDocPeriodDay,
  kDocKindReport,
  // {0} the body's unit ("tỉnh Kon Tum").
  kDocSuperiorBody,
  kDocIssuingBody,
  kDocCentreBody,
  kDocCentreIssuingBody,
  // {0} the report type's name, {1} its deadline rule in words, {2} the
  // issuing body, {3} the period.
  kDocIntro,
  kDocFiguresHeading,
  kDocFiguresTable,
  kDocColMeasure,
  kDocColResult,
  kDocNoFigure,
  kDocReportsHeading,
  // {0} expected, {1} received, {2} on time, {3} late, {4} missing, {5}
  // pending, {6} waived.
  kDocReportsSummary,
  kDocReportsTable,
  kDocColSubmitted,
  // {0} the recipient body.
  kDocRecipientAbove,
  kDocRecipientArchive,
  kDocSignAuthority,
  kDocSignPosition,
  // A plan's appendix table as a document: the kind, {0} the plan's number,
  // {1} its date; {0} the unit of a People's Committee.
  kDocKindAppendix,
  kDocAttachedToPlan,
  kDocPeoplesCommittee,
  // {0} the file written.
  kDocWritten,
  // Reminders (reporting/reminders.h, docs/reporting.md "Reminders"). A
  // report's: {0} type code, {1} type name, {2} period, {3} unit, {4} last
  // day (dd/mm/yyyy), {5} days left (due soon only).
  kReminderDueSoonSubject,
  kReminderDueSoonBody,
  kReminderOverdueSubject,
  kReminderOverdueBody,
  // To the recipient's approvers: {0} units missing, {1} units expected,
  // {2} type code, {3} period, {4} recipient unit, {5} last day, {6} the
  // missing units' names.
  kReminderSummarySubject,
  kReminderSummaryBody,
  // A report waiting for review: {0} type code, {1} type name, {2} period,
  // {3} unit, {4} recipient unit.
  kReminderReviewSubject,
  kReminderReviewBody,
  // Under every notification by email: {0} the link.
  kReminderLink,
  // gemis reminders send: {0} kind, {1} user, {2} subject; {0} sent, {1}
  // emails sent, {2} emails that failed.
  kReminderSent,
  kRemindersSummary,
  kRemindersNone,
  kCount,  // number of messages; keep last
};

std::string_view Message(MessageId id, Lang lang);

}  // namespace gemis
