// The persistence interface of gemis. SQLite (sqlite_store.h) is the embedded
// default; a PostgreSQL implementation comes later behind the same interface,
// and the store test suite then runs against both.
//
// Invariants every implementation keeps:
//  (1) an acknowledged write is durable: when Write() returns OK, the
//      transaction survives a crash of the process or of the machine;
//  (2) a write is atomic: Write() applies everything its function did, or,
//      when the function or the commit fails, nothing;
//  (3) the schema is migrated forward only, at open, one numbered step at a
//      time (store/migrations.h);
//  (4) deleting a data value is soft, and every change to a data value is
//      appended to its audit log, which cannot be changed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_value.h"
#include "core/designation.h"
#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/period.h"
#include "core/plan_book.h"
#include "core/report_type.h"
#include "core/status.h"
#include "core/submission.h"
#include "core/work_calendar.h"
#include "records/privacy.h"
#include "store/access_records.h"
#include "store/records_store.h"

namespace gemis::store {

// Which data values a scan returns; an empty set means "any".
struct DataValueFilter {
  std::vector<MetadataId> data_elements;
  std::vector<PeriodId> periods;
  std::vector<OrgUnitId> org_units;
  bool include_deleted = false;
};

// One entry of a data value's history (append-only).
struct DataValueAuditEntry {
  DataValueKey key;
  std::string change;  // CREATE, UPDATE, DELETE
  std::optional<std::string> old_value, new_value, old_comment, new_comment;
  std::string changed_by;
  std::string changed_at;
};

// One committed change of the data value audit log, as the analytics engine
// follows it (ReadTransaction::ScanDataValueChanges). Ids grow in commit
// order: writers are serialised and the log is append-only.
enum class DataValueChangeKind { kCreate, kUpdate, kDelete };
struct DataValueChange {
  int64_t id = 0;
  DataValueKey key;
  DataValueChangeKind change = DataValueChangeKind::kCreate;
  std::optional<std::string> new_value;  // nullopt for kDelete
};

// A data set complete for a period, org unit and attribute option combo
// (DHIS2's CompleteDataSetRegistration), recorded by a data value import
// whose file gives a completeDate. One per key; saving again replaces it.
struct CompleteRegistration {
  MetadataId data_set = 0;
  PeriodId period = 0;
  OrgUnitId org_unit = 0;
  MetadataId attribute_option_combo = 0;
  // The completion date. On save, nullopt means today and a later date is
  // taken as today (as DHIS2 does), today being the store clock's day in
  // Vietnam (UTC+7). Always set on load.
  std::optional<Date> completed;
  std::string stored_by;
  std::string stored_at;  // set by the store: ISO 8601 UTC of the last save
};

// An ad-hoc report asked for (core/report_type.h, kRequested): the
// reports of `period` under `type` are due before `due`.
struct ReportRequest {
  int64_t id = 0;
  ReportTypeId type = 0;
  Period period = *Period::Parse("2000");
  Date due;  // the stated day
  std::string requested_by;
  int64_t requested_ms = 0;
  std::string note;
};

// Which submissions LoadSubmissions returns; nullopt or empty means "any".
struct SubmissionFilter {
  std::optional<ReportTypeId> type;
  std::optional<Period> period;
  std::vector<OrgUnitId> units;
  // false: the submissions without their transitions (the analytics engine
  // reads every submission and needs none of them).
  bool with_events = true;
};

// One notification in a user's in-app inbox (reporting/notifier.h,
// migration 20). Text only, never personal data of beneficiaries: the
// reminders carry report types, periods and unit names.
struct Notification {
  int64_t id = 0;
  std::string username;
  int64_t created_ms = 0;
  std::string kind;  // "dueSoon", "overdue", "missingSummary", "review", …
  std::string subject;
  std::string body;
  std::string link;                // a web UI path ("/reports/KT-BC-NAM/2024/<uid>"), may be ""
  std::optional<int64_t> read_ms;  // nullopt: unread
};

// One page of a user's inbox, newest first (id descending).
struct InboxPage {
  std::vector<Notification> notifications;
  int64_t total = 0;
  int64_t unread = 0;
};

// A reminder sent (reporting/reminders.h): at most one per key. `unit` is
// the report's unit (the recipient for a missing-reports summary); `round`
// counts the times the report was sent back, so that a returned report is
// reminded again.
struct SentReminder {
  std::string kind;
  ReportTypeId type = 0;
  Period period = *Period::Parse("2000");
  OrgUnitId unit = 0;
  int round = 0;
  std::string username;
  int64_t sent_ms = 0;
};

// Reads. Valid only inside the Read()/Write() call that passed it.
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;
  // The whole administrative hierarchy with its history.
  virtual Result<Hierarchy> LoadHierarchy() = 0;
  virtual Result<std::vector<OrgUnitAttribute>> LoadAttributes(OrgUnitId unit) = 0;
  // Number of org units (cheap; 0 for an empty database).
  virtual Result<int64_t> CountOrgUnits() = 0;

  // Data elements, category combos and option combos.
  virtual Result<Metadata> LoadMetadata() = 0;
  // Every period referenced by stored data, with its id.
  virtual Result<std::vector<std::pair<PeriodId, Period>>> LoadPeriods() = 0;
  virtual Result<std::optional<DataValue>> GetDataValue(const DataValueKey& key) = 0;
  // Calls `fn` for each matching value in key order; stops at its first error.
  virtual Status ScanDataValues(const DataValueFilter& filter,
                                const std::function<Status(const DataValue&)>& fn) = 0;
  // The key and value text of every non-deleted value, in key order: what
  // the analytics engine loads, without the per-value batch lookups and
  // string copies of ScanDataValues. `value` is valid only during the call.
  virtual Status ScanDataValueKeys(
      const std::function<Status(const DataValueKey&, std::string_view value)>& fn) = 0;
  virtual Result<std::vector<DataValueAuditEntry>> LoadDataValueAudit(const DataValueKey& key) = 0;
  // The change feed: calls `fn` for every audit entry with an id above
  // `after_id`, in id (= commit) order; stops at its first error.
  virtual Status ScanDataValueChanges(int64_t after_id,
                                      const std::function<Status(const DataValueChange&)>& fn) = 0;
  // The id of the latest audit entry (0 when there is none).
  virtual Result<int64_t> LastDataValueChangeId() = 0;
  // A counter that grows whenever the org units (versions, events, lineage,
  // attributes) or the metadata (categories, combos, option combos, data
  // elements, indicators) change; equal values mean the same structure.
  virtual Result<int64_t> StructureGeneration() = 0;
  // A counter that grows whenever a submission, one of its transitions or an
  // ad-hoc report request is written (migration 21's triggers, in the
  // writing transaction): what the analytics engine's reporting rates
  // depend on besides the structure (report types and the calendar bump
  // StructureGeneration). Equal values mean the same submissions.
  virtual Result<int64_t> ReportingGeneration() = 0;

  // Agencies, programme structure, plans and everything they state, with ids.
  virtual Result<PlanBook> LoadPlanBook() = 0;
  // Every designation (core/designation.h), in id order.
  virtual Result<std::vector<Designation>> LoadDesignations() = 0;
  // Every data set with its elements (in form order) and org units, in id
  // order (LoadMetadata holds them too). kCorruption for a stored period type
  // that does not parse.
  virtual Result<std::vector<StoredDataSet>> LoadDataSets() = 0;
  // The complete registrations of `data_set` (0: of every data set), in key
  // order (data set, period, org unit, attribute option combo ids).
  virtual Result<std::vector<CompleteRegistration>> LoadCompleteRegistrations(
      MetadataId data_set) = 0;

  // Records behind the figures (store/records_store.h, sqlite_models.cc).
  // The models matching `filter`, in code order, each complete: its
  // consolidations ascending and its facts in the order stated. kCorruption
  // for stored text that does not parse (a date, kind, level, fact field).
  virtual Result<std::vector<records::Model>> LoadModels(const ModelFilter& filter) = 0;
  // The model whose code or uid is `code_or_uid` (the code is tried first).
  virtual Result<std::optional<records::Model>> FindModel(std::string_view code_or_uid) = 0;
  // Every figure rule, in id order.
  virtual Result<std::vector<records::FigureRule>> LoadFigureRules() = 0;
  // The claims of `data_element` (nullopt: of every element), in key order,
  // of model, activity and register rules alike (FigureClaim::activity_rule,
  // FigureClaim::register_rule).
  virtual Result<std::vector<FigureClaim>> LoadFigureClaims(
      std::optional<MetadataId> data_element) = 0;
  virtual Result<std::optional<FigureClaim>> FindFigureClaim(const DataValueKey& key) = 0;
  // Activities (store/records_store.h, sqlite_activities.cc). Those matching
  // `filter`, ordered by start day then code, each complete: its participant
  // cells in the order saved and its attendees (cadre ids) ascending.
  // kCorruption for stored text that does not parse (a date, kind, level,
  // programme, dialogue level).
  virtual Result<std::vector<records::Activity>> LoadActivities(const ActivityFilter& filter) = 0;
  // The activity whose code or uid is `code_or_uid` (the code is tried first).
  virtual Result<std::optional<records::Activity>> FindActivity(std::string_view code_or_uid) = 0;
  // Every activity figure rule, in id order.
  virtual Result<std::vector<records::ActivityFigureRule>> LoadActivityFigureRules() = 0;
  // The women cadres register (store/records_store.h, sqlite_cadres.cc).
  // The cadres matching `filter`, in code order, each complete: her other
  // trainings in the order saved. kCorruption for stored text that does not
  // parse (a date, level, group). The trainings of gemis she attended are
  // the activities whose attendees name her (LoadActivities).
  virtual Result<std::vector<records::Cadre>> LoadCadres(const CadreFilter& filter) = 0;
  // The cadre whose code or uid is `code_or_uid` (the code is tried first).
  virtual Result<std::optional<records::Cadre>> FindCadre(std::string_view code_or_uid) = 0;
  // Every register figure rule, in id order. kCorruption for a stored
  // register, filter, `by` or period type that does not parse.
  virtual Result<std::vector<records::RegisterFigureRule>> LoadRegisterFigureRules() = 0;
  // The safe-birth register (store/records_store.h, sqlite_safe_births.cc).
  // The births matching `filter`, ordered by the birth's day then code, each
  // complete: its payments in the order saved. The mother's name and date
  // of birth are sealed in the database (store/field_cipher.h): with the
  // store's field key (SqliteOptions::field_key) they are opened, and one
  // that does not open is an error (kConflict naming the birth and the
  // field "motherName" / "motherBirthDate": another key, or a changed
  // value), never an empty field; without a key they are empty / nullopt
  // and identity_sealed is set, everything else loaded (the figures need
  // no key). A birth whose identity was erased (EraseSafeBirthIdentity)
  // loads, with or without the key, with identity_erased set, its name and
  // date of birth empty and identity_sealed set (they are never opened).
  // kCorruption for stored text that does not parse (a date, package).
  virtual Result<std::vector<records::SafeBirth>> LoadSafeBirths(const SafeBirthFilter& filter) = 0;
  // The birth whose code or uid is `code_or_uid` (the code is tried first),
  // opened as LoadSafeBirths does.
  virtual Result<std::optional<records::SafeBirth>> FindSafeBirth(std::string_view code_or_uid) = 0;
  // Confidential cases (store/records_store.h, sqlite_cases.cc). The cases
  // matching `filter`, ordered by the day opened then code, each complete:
  // its consents, services and referrals in the order saved. The survivor's
  // name, contact and the narrative are sealed in the database
  // (store/field_cipher.h): with the store's field key they are opened (an
  // empty one is stored as NULL and loads empty), and one that does not
  // open is an error (kConflict naming the case and the field
  // "survivorName" / "contact" / "narrative": another key, or a changed
  // value), never an empty field; without a key they are empty and
  // identity_sealed is set, everything else loaded (the figures need no
  // key). A case whose identity was erased (EraseCaseIdentity) loads, with
  // or without the key, with identity_erased set, the three fields empty
  // and identity_sealed set. kCorruption for stored text that does not
  // parse (a date, kind, sex, incident type, purpose, service).
  virtual Result<std::vector<records::Case>> LoadCases(const CaseFilter& filter) = 0;
  // The case whose code or uid is `code_or_uid` (the code is tried first),
  // opened as LoadCases does.
  virtual Result<std::optional<records::Case>> FindCase(std::string_view code_or_uid) = 0;
  // The case teams matching `filter`, ordered by address then user id.
  // kCorruption for a stored role that does not parse.
  virtual Result<std::vector<records::CaseAssignment>> LoadCaseAssignments(
      const CaseAssignmentFilter& filter) = 0;
  // Data protection (records/privacy.h, sqlite_privacy.cc). The data
  // subjects' requests, newest first (received, then id, descending), and
  // the breach log, newest first (detected, then id, descending).
  // kCorruption for stored text that does not parse (a register, kind, the
  // erased or kept lists).
  virtual Result<std::vector<records::SubjectRequest>> LoadSubjectRequests() = 0;
  virtual Result<std::optional<records::SubjectRequest>> FindSubjectRequest(int64_t id) = 0;
  virtual Result<std::vector<records::Breach>> LoadBreaches() = 0;
  virtual Result<std::optional<records::Breach>> FindBreach(int64_t id) = 0;
  // One rule per register of records::DefaultRetention, in its order
  // (safe_birth, case): the stored period where one was saved, else the
  // default.
  virtual Result<std::vector<records::RetentionRule>> LoadRetentionRules() = 0;

  // Reporting (core/report_type.h, core/submission.h, sqlite_reporting.cc).
  // The calendar's days by day; report types by code with their deadlines
  // by level; requests by type and period; submissions by type, period and
  // unit, each with its transitions in order. kCorruption for stored text
  // that does not parse.
  virtual Result<std::vector<CalendarDay>> LoadCalendarDays() = 0;
  virtual Result<std::vector<ReportType>> LoadReportTypes() = 0;
  virtual Result<std::vector<ReportRequest>> LoadReportRequests(
      std::optional<ReportTypeId> type) = 0;
  virtual Result<std::vector<Submission>> LoadSubmissions(const SubmissionFilter& filter) = 0;

  // The in-app inbox (sqlite_notifications.cc): `username`'s notifications,
  // newest first, `limit` of them after skipping `offset`, with the
  // counts of all and of the unread ones.
  virtual Result<InboxPage> LoadInbox(std::string_view username, int64_t offset, int64_t limit) = 0;

  // Access control (store/access_records.h, sqlite_access.cc). Roles are the
  // built-in ones (access::BuiltinRoles, ids -1, -2, …) then the custom ones.
  virtual Result<std::vector<access::Role>> LoadRoles() = 0;
  // Every user in username order, with roles, scopes and content areas.
  virtual Result<std::vector<access::User>> LoadUsers() = 0;
  virtual Result<std::optional<access::User>> FindUser(std::string_view username) = 0;
  virtual Result<std::optional<access::User>> FindUserById(access::UserId id) = 0;
  virtual Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) = 0;
  virtual Result<std::optional<StoredApiToken>> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<StoredApiToken>> LoadApiTokens(access::UserId user) = 0;
  // Calls `fn` for the entries matching `filter`, newest first.
  virtual Status ScanAudit(const AuditFilter& filter,
                           const std::function<Status(const AuditEntry&)>& fn) = 0;
};

class WriteTransaction : public ReadTransaction {
 public:
  // Inserts the units or replaces all their versions.
  virtual Status SaveOrgUnits(const std::vector<const OrgUnit*>& units) = 0;
  virtual Status InsertEvents(const std::vector<OrgUnitEvent>& events) = 0;
  virtual Status InsertLinks(const std::vector<LineageLink>& links) = 0;
  virtual Status InsertAttributes(const std::vector<OrgUnitAttribute>& attributes) = 0;
  // Inserts or updates (by code) the combo with its categories and options,
  // and adds its missing option combos. Returns the combo's id.
  virtual Result<MetadataId> SaveCategoryCombo(const CategoryCombo& combo) = 0;
  // Inserts or updates (by code) a data element; its combo must exist.
  virtual Result<MetadataId> SaveDataElement(const DataElement& element) = 0;
  // The id of `period`, adding it when new.
  virtual Result<PeriodId> EnsurePeriod(const Period& period) = 0;
  // Creates, updates or soft-deletes one value and appends its audit entry.
  // The key's ids must name a stored element, period, org unit and option
  // combos (kConflict otherwise; nothing of the call is written). Who is the
  // write's stored_by; when is the same for every change of one transaction
  // (the moment of its first data value write).
  // REQUIRES: write.value is canonical for the element (CanonicalDataValue).
  virtual Result<WriteOutcome> WriteDataValue(const DataValueWrite& write) = 0;
  // Applies many writes: the same result as WriteDataValue on each in order,
  // with `outcomes` (resized) holding each write's outcome at its index, but
  // several times faster. The store may apply them in key order, so their
  // audit entries are in key order; the entries of one key keep the order of
  // the writes. Every key is checked before anything is written (kConflict
  // for an id that names nothing). On another error some writes may have
  // been applied: the caller fails its transaction.
  virtual Status WriteDataValues(std::span<const DataValueWrite> writes,
                                 std::vector<WriteOutcome>& outcomes) = 0;
  // Inserts or updates (by code) an indicator. Returns its id.
  virtual Result<MetadataId> SaveIndicator(const Indicator& indicator) = 0;

  // Planning model (core/plan.h). Upserts are by code; references by code must
  // name stored objects (kNotFound otherwise).
  virtual Result<AgencyId> SaveAgency(const Agency& agency) = 0;
  virtual Result<ProgramNodeId> SaveProgramNode(const ProgramNode& node) = 0;
  virtual Status SaveNorm(const SpendingNorm& norm) = 0;
  // Inserts the plan, or updates it (by code) replacing its citations and
  // assignments. Does not touch its targets, budget, counts, areas,
  // deadlines, notes.
  virtual Result<PlanId> SavePlan(const Plan& plan) = 0;
  // Removes the plan's targets, budget lines, place counts, areas, deadlines
  // and source notes (before a re-import).
  virtual Status ClearPlanContents(PlanId plan) = 0;
  // Deletes the targets and place counts of `plan` stated in its table
  // `table` (Target::table), before a sheet replaces that table; returns
  // how many were deleted (targets and place counts).
  virtual Result<int64_t> ClearPlanTable(PlanId plan, const std::string& table) = 0;
  virtual Result<TargetId> InsertTarget(const Target& target) = 0;
  virtual Status SetTargetStatus(TargetId target, TargetStatus status, const std::string& note) = 0;
  // A new value for a stated target (the allocation editor); kNotFound for
  // an unknown id.
  virtual Status SetTargetValue(TargetId target, const Decimal& value) = 0;
  virtual Result<BudgetLineId> InsertBudgetLine(const BudgetLine& line) = 0;
  virtual Status InsertPlaceCount(const PlaceCount& count) = 0;
  // A unit named as part of the plan's area (kInvalidInput without a kind).
  virtual Status InsertPlanArea(const PlanArea& area) = 0;
  // Inserts a designation, or updates the one with the same kind, unit and
  // start (its end, legal basis and note): kImported, kUpdated, or kIgnored
  // when nothing differs. kInvalidInput when CheckDesignation fails,
  // kNotFound for an unknown unit, kConflict when the interval overlaps
  // another designation of the same unit on the same list.
  virtual Result<WriteOutcome> SaveDesignation(const Designation& designation) = 0;
  virtual Status InsertDeadline(const ReportingDeadline& deadline) = 0;
  virtual Status InsertSourceNote(const SourceNote& note) = 0;

  // Inserts or updates (by code) a data set, replacing its elements and org
  // units; returns its id. kInvalidInput when ValidateDataSet fails,
  // kNotFound for an element code or org unit id that names nothing stored
  // (Location.field "data_elements[i]" / "org_units[i].unit"), kConflict when
  // the uid belongs to another data set. Checked before anything is written.
  virtual Result<MetadataId> SaveDataSet(const DataSet& data_set) = 0;
  // Records that a data set is complete for the registration's key:
  // kImported when new, kUpdated when the key had another date, kIgnored
  // when it had the same (nothing written). kNotFound when an id names
  // nothing (Location.field "dataSet", "period", "orgUnit",
  // "attributeOptionCombo").
  virtual Result<WriteOutcome> SaveCompleteRegistration(
      const CompleteRegistration& registration) = 0;

  // Records behind the figures (store/records_store.h). None of these write
  // the audit log: the caller appends its entry (AppendAudit).
  // Inserts (id 0) or updates a model, replacing its consolidations and
  // facts; returns its id. An insert without a uid gets a fresh one; a uid
  // never changes (kConflict, field "uid", for another one on update).
  // CheckModel's error (kInvalidInput naming its field) first; then
  // kAlreadyExists (field "code" / "uid") when another model has the code or
  // uid, kNotFound (field "id") for an update of an unknown id, and
  // kInvalidInput (field "orgUnit" / "plan" / "target") for a unit, plan or
  // target id that names nothing stored (plan and target 0: none). Checked
  // before anything is written.
  virtual Result<records::ModelId> SaveModel(const records::Model& model) = 0;
  // Deletes a model with its consolidations and facts, and its case team
  // (kNotFound, field "id", when there is none). Claims naming it keep its
  // id. A model that activities name as theirs (model sessions) is not
  // deleted: kConflict, field "id", naming them (delete or change the
  // sessions first); nor is a model that holds cases: kConflict, field
  // "code", saying how many (delete the cases first).
  virtual Status DeleteModel(records::ModelId id) = 0;
  // Inserts a rule after CheckFigureRule, or, when a rule with the same key
  // (everything but the id and note) is stored, updates its note; returns
  // its id either way (rule.id is not read). The data element is a code and
  // is not checked against the metadata.
  virtual Result<int64_t> SaveFigureRule(const records::FigureRule& rule) = 0;
  // Inserts or replaces the claim of its key. kInvalidInput when it names
  // more than one rule (field "registerRule" when one of them is a register
  // rule, else "activityRule"); kNotFound when an id names nothing stored
  // (field "dataElement", "period", "orgUnit", "categoryOptionCombo",
  // "attributeOptionCombo", "rule" — also for a claim naming no rule —,
  // "activityRule", "registerRule", and "models[i]": a model for a model
  // rule's claim, an activity for an activity rule's, and for a register
  // rule's a record of its register: a cadre (women cadres), a safe birth
  // (safe births), a case (cases)); kInvalidInput (field "rule" / "activityRule" / "registerRule")
  // when the rule publishes another element than the key's.
  virtual Status SaveFigureClaim(const FigureClaim& claim) = 0;
  // Removes the claim of `key` (nothing when there is none).
  virtual Status DeleteFigureClaim(const DataValueKey& key) = 0;
  // Inserts (id 0) or updates an activity, replacing its participant cells
  // and attendees; returns its id. An insert without a uid gets a fresh one;
  // a uid never changes (kConflict, field "uid", for another one on update).
  // CheckActivity's error (kInvalidInput naming its field) first; then
  // kAlreadyExists (field "code" / "uid") when another activity has the
  // code or uid, kNotFound (field "id") for an update of an unknown id, and
  // kInvalidInput (field "orgUnit" / "plan" / "model" / "attendees[i]") for
  // a unit, plan, model or cadre id that names nothing stored (plan 0: none;
  // a model session's model must be a model of this store). Checked before
  // anything is written.
  virtual Result<records::ActivityId> SaveActivity(const records::Activity& activity) = 0;
  // Deletes an activity with its participant cells and attendees (kNotFound,
  // field "id", when there is none). Claims naming it keep its id.
  virtual Status DeleteActivity(records::ActivityId id) = 0;
  // Inserts an activity rule after CheckActivityFigureRule, or, when one
  // with the same key (everything but the id and note) is stored, updates
  // its note; returns its id either way (rule.id is not read). The data
  // element is a code and is not checked against the metadata.
  virtual Result<int64_t> SaveActivityFigureRule(const records::ActivityFigureRule& rule) = 0;
  // Inserts (id 0) or updates a cadre, replacing her other trainings;
  // returns her id. An insert without a uid gets a fresh one; a uid never
  // changes (kConflict, field "uid", for another one on update).
  // CheckCadre's error (kInvalidInput naming its field) first; then
  // kAlreadyExists (field "code" / "uid") when another cadre has the code or
  // uid, kNotFound (field "id") for an update of an unknown id, and
  // kInvalidInput (field "orgUnit") for a unit id that names nothing stored.
  // Checked before anything is written.
  virtual Result<records::CadreId> SaveCadre(const records::Cadre& cadre) = 0;
  // Deletes a cadre with her other trainings and her attendance of
  // activities (kNotFound, field "id", when there is none). Claims naming
  // her keep her id.
  virtual Status DeleteCadre(records::CadreId id) = 0;
  // Inserts (id 0) or updates a safe birth, replacing its payments; returns
  // its id. An insert without a uid gets a fresh one; a uid never changes
  // (kConflict, field "uid", for another one on update). CheckSafeBirth's
  // error (kInvalidInput naming its field) first; then, without the field
  // key, kUsage (field "motherName": the key is needed,
  // docs/confidentiality.md) for an insert or an update of a birth that is
  // not identity_sealed; then kAlreadyExists (field "code" / "uid") when
  // another birth has the code or uid, kNotFound (field "id") for an update
  // of an unknown id, and kInvalidInput for a commune or village id that
  // names nothing stored (field "commune" / "village") or a village that is
  // not of the village level ("village"). With the key, the mother's name
  // and date of birth are sealed for the birth's uid. An update of a birth
  // that is identity_sealed (loaded without the key), with or without the
  // key, keeps the stored name and date of birth (an insert cannot be
  // sealed: kInvalidInput, "motherName"). mother_age is stored as
  // AgeAtBirth, which for a sealed update reads the stored date of birth
  // when there is one: computed again with the key, kept as stored without
  // it (so changing the birth's day without the key is kUsage, field
  // "birthDate"). An age computed outside 10–60 is kInvalidInput
  // ("motherBirthDate"). identity_erased is the store's: an insert that
  // sets it is kInvalidInput ("identityErased", right after
  // CheckSafeBirth); an update of a sealed birth keeps the stored one, an
  // update that is not sealed (a rectification after an erasure) clears
  // it. Checked before anything is written.
  virtual Result<records::BirthId> SaveSafeBirth(const records::SafeBirth& birth) = 0;
  // Deletes a birth with its payments (kNotFound, field "id", when there is
  // none). Claims naming it keep its id.
  virtual Status DeleteSafeBirth(records::BirthId id) = 0;
  // Inserts (id 0) or updates a case, replacing its consents, services and
  // referrals; returns its id. An insert without a uid gets a fresh one; a
  // uid never changes (kConflict, field "uid", for another one on update).
  // CheckCase's error (naming its field) first; then, without the field
  // key, kUsage (field "survivorName" / "contact" / "narrative", the first
  // one not empty: the key is needed, docs/confidentiality.md) for a case
  // that is not identity_sealed and has an identifying field; then
  // kAlreadyExists (field "code" / "uid") when another case has the code or
  // uid, kNotFound (field "id") for an update of an unknown id, and
  // kInvalidInput for an address that is no stored trusted address or
  // victims' livelihood model (field "address") or a unit id that names
  // nothing stored ("orgUnit"). With the key, each identifying field is
  // sealed for the case's uid when not empty (NULL when empty); without it
  // a case whose identifying fields are all empty is saved with none. An
  // update of a case that is identity_sealed (loaded without the key), with
  // or without the key, keeps the stored identifying fields (an insert
  // cannot be sealed: kInvalidInput, "survivorName"). identity_erased is
  // the store's: an insert that sets it is kInvalidInput ("identityErased",
  // right after CheckCase); an update of a sealed case keeps the stored
  // one, an update that is not sealed clears it. Checked before anything
  // is written.
  virtual Result<records::CaseId> SaveCase(const records::Case& c) = 0;
  // Deletes a case with its consents, services and referrals (kNotFound,
  // field "id", when there is none). Claims naming it keep its id.
  virtual Status DeleteCase(records::CaseId id) = 0;
  // Inserts an assignment, or replaces the role, grantor and time of the
  // one of the same address and user. An empty granted_at is the store
  // clock's now (ISO 8601 UTC). kInvalidInput when the address is no stored
  // trusted address or victims' livelihood model (field "address") or the
  // user does not exist (field "user").
  virtual Status SaveCaseAssignment(const records::CaseAssignment& a) = 0;
  // Removes the assignment of `user_id` to `address` (kNotFound, field
  // "user", when there is none).
  virtual Status DeleteCaseAssignment(records::ModelId address, int64_t user_id) = 0;
  // Data protection (records/privacy.h, sqlite_privacy.cc). None of these
  // writes the audit log either.
  // Inserts (id 0) or updates a data subject's request; returns its id.
  // CheckSubjectRequest's error (kInvalidInput naming its field) first; then
  // kInvalidInput for an erased field that is empty or holds a tab or a
  // newline ("erased[i]"), or a kept field or reason holding one
  // ("kept[i].field", "kept[i].reasonVi", "kept[i].reasonEn"); then as
  // SaveModel does: an insert without a uid gets a fresh one, a uid never
  // changes (kConflict, "uid"), kAlreadyExists ("uid") for a new request
  // with a uid taken, kNotFound ("id") for an update of an unknown id.
  virtual Result<int64_t> SaveSubjectRequest(const records::SubjectRequest& r) = 0;
  // Inserts (id 0) or updates a breach; returns its id. CheckBreach's error
  // first; then the uid and id as SaveSubjectRequest.
  virtual Result<int64_t> SaveBreach(const records::Breach& b) = 0;
  // Sets the retention period of a register (inserted or replaced) after
  // CheckRetentionRule (kInvalidInput, "register" for the women cadres,
  // "years").
  virtual Status SaveRetentionRule(const records::RetentionRule& rule) = 0;

  // Replaces the calendar days of `years` with `days` (each must fall in
  // one of them: kInvalidInput "days[i]"); WorkCalendar::Make's checks.
  virtual Status ReplaceCalendarYears(const std::vector<int>& years,
                                      const std::vector<CalendarDay>& days) = 0;
  // Inserts or replaces (by code) a report type after CheckReportType, its
  // deadlines replaced; its data set must exist (kNotFound "dataSet"), its
  // area too ("area"). Returns its id.
  virtual Result<ReportTypeId> SaveReportType(const ReportType& type) = 0;
  // A new request; kAlreadyExists ("period") when the type's period was
  // requested already, kNotFound ("type") for an unknown type.
  virtual Result<int64_t> SaveReportRequest(const ReportRequest& request) = 0;
  // Inserts (id 0) or updates a submission: its state, due days, recipient
  // and first submission, and the transitions beyond those stored, which
  // are never rewritten. kConflict ("state") when the stored report moved
  // meanwhile: more transitions stored than given, or the given ones
  // reaching another state after the stored count; kAlreadyExists for a
  // second submission of the same type, unit and period. A submission's
  // state is never not started or draft (those are not stored: kUsage).
  // Returns its id.
  virtual Result<int64_t> SaveSubmission(const Submission& submission) = 0;
  // Erases the mother's name and date of birth of birth `id` on `day`: the
  // name becomes the sealing of "" (the column is NOT NULL and sealed), the
  // date of birth NULL, identity_erased `day`; her age and everything else
  // stay. The freed bytes are overwritten (secure_delete). Without the field
  // key kUsage (field "motherName": the key is needed, as for SaveSafeBirth);
  // kNotFound ("id") for an unknown id. The birth then loads with
  // identity_erased and identity_sealed set and the identity empty, with or
  // without the key; saving it so keeps it erased, saving it with a name
  // (identity_sealed false) stores the new identity and clears
  // identity_erased.
  virtual Status EraseSafeBirthIdentity(records::BirthId id, Date day) = 0;
  // Erases the survivor's name, contact and the narrative of case `case_id`
  // on `day` (NULL; no key needed), identity_erased `day`, overwriting the
  // freed bytes; kNotFound ("id") for an unknown id. Loads and saves as
  // for a birth.
  virtual Status EraseCaseIdentity(int64_t case_id, Date day) = 0;
  // Inserts a register rule after CheckRegisterFigureRule, or, when one with
  // the same key (everything but the id and note) is stored, updates its
  // note; returns its id either way (rule.id is not read). The data element
  // is a code and is not checked against the metadata.
  virtual Result<int64_t> SaveRegisterFigureRule(const records::RegisterFigureRule& rule) = 0;

  // Inserts (id 0) or updates a custom role; a role whose code changes keeps
  // its holders. kInvalidInput when CheckRole fails or the code is a built-in
  // role's, kAlreadyExists (field "code") when another role has the code,
  // kNotFound (field "id") for an update of an unknown role.
  virtual Result<access::RoleId> SaveRole(const access::Role& role) = 0;
  // Inserts (id 0) or updates a user (kAlreadyExists, field "username", when
  // another user has the username; kNotFound, field "id", for an unknown id)
  // with their roles, scopes and content areas, replacing them. kNotFound
  // (field "roles" / "entryScope" / "viewScope") for an unknown role code or
  // org unit. Does not check who may do it (access::CheckUserChange does).
  virtual Result<access::UserId> SaveUser(const access::User& user) = 0;
  // The failed sign-in counter and lock end of a user.
  virtual Status SetLoginFailures(access::UserId user, int failed_logins,
                                  int64_t locked_until_ms) = 0;
  virtual Status SaveSession(const StoredSession& session) = 0;
  virtual Status TouchSession(std::string_view token_hash, int64_t last_seen_ms) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Ends every session of `user` (disabled, password changed); returns how many.
  virtual Result<int64_t> DeleteUserSessions(access::UserId user) = 0;
  // Removes sessions whose absolute end is before `now_ms`.
  virtual Result<int64_t> DeleteExpiredSessions(int64_t now_ms) = 0;
  virtual Result<int64_t> SaveApiToken(const StoredApiToken& token) = 0;
  virtual Status TouchApiToken(int64_t id, int64_t last_used_ms) = 0;
  // kNotFound unless `user` owns a token `id`.
  virtual Status RevokeApiToken(access::UserId user, int64_t id) = 0;
  // A new notification (id and read_ms are not read); returns its id.
  virtual Result<int64_t> InsertNotification(const Notification& notification) = 0;
  // Marks notification `id` of `username` read at `now_ms` (kept when it was
  // read already); kNotFound ("id") when `username` has no such
  // notification (another user's is not found either).
  virtual Status MarkNotificationRead(std::string_view username, int64_t id, int64_t now_ms) = 0;
  // Marks every unread notification of `username` read; returns how many.
  virtual Result<int64_t> MarkAllNotificationsRead(std::string_view username, int64_t now_ms) = 0;
  // Records `reminder` as sent; false (and nothing written) when one with
  // the same kind, type, period, unit, round and username was recorded
  // before. The reminders' idempotence rests on this.
  virtual Result<bool> RecordReminderSent(const SentReminder& reminder) = 0;
  // Appends to the audit log; returns the entry's id.
  virtual Result<int64_t> AppendAudit(const AuditEntry& entry) = 0;

  // Records where a reference list came from (name, source, summary).
  virtual Status RecordDatasetImport(const std::string& name, const std::string& source,
                                     const std::string& summary) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` in one write transaction; commits iff `fn` returns OK. Returns
  // OK only after the commit is durable. Writers are serialised. An exception
  // thrown by `fn` (here and in Read) is caught: the transaction is rolled
  // back and the result is kInternal carrying its what().
  virtual Status Write(const std::function<Status(WriteTransaction&)>& fn) = 0;
  // Group commit: runs every fn, in order, in ONE write transaction, each
  // inside its own savepoint, then commits once. `results` (resized) holds
  // each fn's Status at its index. A fn that returns an error or throws
  // (kInternal) is rolled back to its savepoint — nothing it did remains,
  // the data value audit included — while the others stay. Returns OK only
  // after the commit is durable, and then every OK in `results` is an
  // acknowledged, durable write (invariant (1)). When the group as a whole
  // fails (BEGIN, a savepoint, or the COMMIT; or a fn's error that made the
  // database abandon the transaction), nothing of it remains and that error
  // is returned and stored in every result. An empty group does nothing.
  // Each fn sees the changes of the fns before it; the data values of
  // several fns may share one "when" (one data_value_batch), as the values
  // of one Write do. The fns run on the calling thread, under the store's
  // writer lock: a fn must not call the store itself.
  virtual Status WriteGroup(std::span<const std::function<Status(WriteTransaction&)>> fns,
                            std::vector<Status>& results) = 0;
  // Runs `fn` on a consistent snapshot.
  virtual Status Read(const std::function<Status(ReadTransaction&)>& fn) = 0;
  virtual int schema_version() const = 0;
  // Copies the live database to `path` (online; writers may continue).
  virtual Status Backup(const std::string& path) = 0;
  // Full consistency check of the file ("ok" or the problems found).
  virtual Status CheckIntegrity() = 0;
};

}  // namespace gemis::store
