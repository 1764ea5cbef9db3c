// The SQLite ReadTransaction/WriteTransaction: the SQL behind each store
// operation. Constructed by SqliteStore inside an open transaction.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "store/field_cipher.h"
#include "store/sqlite_data_value_writer.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace gemis::store {

// An optional date as the store keeps it: ISO text, or NULL.
std::optional<std::string> StoredDateText(const std::optional<Date>& d);
// A nullable ISO date column; kCorruption when the text is not a date.
Result<std::optional<Date>> ReadStoredDate(const SqliteStatement& stmt, int column);

// Runs `write` (an UPDATE that removes identifying text) with PRAGMA
// secure_delete on for the connection's main database, so that SQLite
// overwrites the freed bytes with zeros, then restores the setting it found
// (sqlite_privacy.cc explains why around the statement).
Status RunSecurelyDeleting(SqliteDb& db, SqliteStatement& write);

// The checks CheckIntegrity adds for schema 7 (sqlite_data_value_audit.cc):
// every id a data value, audit entry or chunk holds names a row, and every
// audit chunk decodes. kCorruption otherwise.
Status CheckDataValueIntegrity(SqliteDb& db);

class SqliteTransaction final : public WriteTransaction {
 public:
  // `field_key` (not owned; nullptr: none) opens and seals identifying
  // fields (store/field_cipher.h); it must outlive the transaction.
  SqliteTransaction(SqliteDb& db, const Clock& clock, const FieldKey* field_key = nullptr)
      : db_(db), clock_(clock), field_key_(field_key) {}

  // Before a ROLLBACK TO (Store::WriteGroup): resets the statements left
  // mid-step and forgets everything remembered from rows the rollback may
  // remove — the data value writer (its batch row, audit ids, known ids)
  // and the batches read. Prepared statements are kept. A member added to
  // this class that remembers rows must be forgotten here too.
  void ForgetAfterRollback();

  Result<Hierarchy> LoadHierarchy() override;
  Result<std::vector<OrgUnitAttribute>> LoadAttributes(OrgUnitId unit) override;
  Result<int64_t> CountOrgUnits() override;

  Status SaveOrgUnits(const std::vector<const OrgUnit*>& units) override;
  Status InsertEvents(const std::vector<OrgUnitEvent>& events) override;
  Status InsertLinks(const std::vector<LineageLink>& links) override;
  Status InsertAttributes(const std::vector<OrgUnitAttribute>& attributes) override;
  Status RecordDatasetImport(const std::string& name, const std::string& source,
                             const std::string& summary) override;

  Result<Metadata> LoadMetadata() override;
  Result<std::vector<std::pair<PeriodId, Period>>> LoadPeriods() override;
  Result<std::optional<DataValue>> GetDataValue(const DataValueKey& key) override;
  Status ScanDataValues(const DataValueFilter& filter,
                        const std::function<Status(const DataValue&)>& fn) override;
  Status ScanDataValueKeys(
      const std::function<Status(const DataValueKey&, std::string_view value)>& fn) override;
  Result<std::vector<DataValueAuditEntry>> LoadDataValueAudit(const DataValueKey& key) override;
  Status ScanDataValueChanges(int64_t after_id,
                              const std::function<Status(const DataValueChange&)>& fn) override;
  Result<int64_t> LastDataValueChangeId() override;
  Result<int64_t> StructureGeneration() override;
  Result<int64_t> ReportingGeneration() override;
  Result<MetadataId> SaveCategoryCombo(const CategoryCombo& combo) override;
  Result<MetadataId> SaveDataElement(const DataElement& element) override;
  Result<PeriodId> EnsurePeriod(const Period& period) override;
  Result<WriteOutcome> WriteDataValue(const DataValueWrite& write) override;
  Status WriteDataValues(std::span<const DataValueWrite> writes,
                         std::vector<WriteOutcome>& outcomes) override;
  Result<MetadataId> SaveIndicator(const Indicator& indicator) override;

  // Planning model (sqlite_plans.cc).
  Result<PlanBook> LoadPlanBook() override;
  Result<std::vector<Designation>> LoadDesignations() override;
  Result<AgencyId> SaveAgency(const Agency& agency) override;
  Result<ProgramNodeId> SaveProgramNode(const ProgramNode& node) override;
  Status SaveNorm(const SpendingNorm& norm) override;
  Result<PlanId> SavePlan(const Plan& plan) override;
  Status ClearPlanContents(PlanId plan) override;
  Result<int64_t> ClearPlanTable(PlanId plan, const std::string& table) override;
  Result<TargetId> InsertTarget(const Target& target) override;
  Status SetTargetStatus(TargetId target, TargetStatus status, const std::string& note) override;
  Status SetTargetValue(TargetId target, const Decimal& value) override;
  Result<BudgetLineId> InsertBudgetLine(const BudgetLine& line) override;
  Status InsertPlaceCount(const PlaceCount& count) override;
  Status InsertPlanArea(const PlanArea& area) override;
  Result<WriteOutcome> SaveDesignation(const Designation& designation) override;
  // Data sets and complete registrations (sqlite_data_sets.cc).
  Result<std::vector<StoredDataSet>> LoadDataSets() override;
  Result<std::vector<CompleteRegistration>> LoadCompleteRegistrations(MetadataId data_set) override;
  Result<MetadataId> SaveDataSet(const DataSet& data_set) override;
  Result<WriteOutcome> SaveCompleteRegistration(const CompleteRegistration& registration) override;
  Status InsertDeadline(const ReportingDeadline& deadline) override;

  // Models, figure rules and claims (sqlite_models.cc).
  Result<std::vector<records::Model>> LoadModels(const ModelFilter& filter) override;
  Result<std::optional<records::Model>> FindModel(std::string_view code_or_uid) override;
  Result<std::vector<records::FigureRule>> LoadFigureRules() override;
  Result<std::vector<FigureClaim>> LoadFigureClaims(
      std::optional<MetadataId> data_element) override;
  Result<std::optional<FigureClaim>> FindFigureClaim(const DataValueKey& key) override;
  Result<records::ModelId> SaveModel(const records::Model& model) override;
  Status DeleteModel(records::ModelId id) override;
  Result<int64_t> SaveFigureRule(const records::FigureRule& rule) override;
  Status SaveFigureClaim(const FigureClaim& claim) override;
  Status DeleteFigureClaim(const DataValueKey& key) override;

  // Activities and their figure rules (sqlite_activities.cc).
  Result<std::vector<records::Activity>> LoadActivities(const ActivityFilter& filter) override;
  Result<std::optional<records::Activity>> FindActivity(std::string_view code_or_uid) override;
  Result<std::vector<records::ActivityFigureRule>> LoadActivityFigureRules() override;
  Result<records::ActivityId> SaveActivity(const records::Activity& activity) override;
  Status DeleteActivity(records::ActivityId id) override;
  Result<int64_t> SaveActivityFigureRule(const records::ActivityFigureRule& rule) override;

  // The women cadres register and its figure rules (sqlite_cadres.cc).
  Result<std::vector<records::Cadre>> LoadCadres(const CadreFilter& filter) override;
  Result<std::optional<records::Cadre>> FindCadre(std::string_view code_or_uid) override;
  Result<std::vector<records::RegisterFigureRule>> LoadRegisterFigureRules() override;
  Result<records::CadreId> SaveCadre(const records::Cadre& cadre) override;
  Status DeleteCadre(records::CadreId id) override;
  Result<int64_t> SaveRegisterFigureRule(const records::RegisterFigureRule& rule) override;

  // The safe-birth register (sqlite_safe_births.cc).
  Result<std::vector<records::SafeBirth>> LoadSafeBirths(const SafeBirthFilter& filter) override;
  Result<std::optional<records::SafeBirth>> FindSafeBirth(std::string_view code_or_uid) override;
  Result<records::BirthId> SaveSafeBirth(const records::SafeBirth& birth) override;
  Status DeleteSafeBirth(records::BirthId id) override;
  Status EraseSafeBirthIdentity(records::BirthId id, Date day) override;

  // Confidential cases and their case teams (sqlite_cases.cc).
  Result<std::vector<records::Case>> LoadCases(const CaseFilter& filter) override;
  Result<std::optional<records::Case>> FindCase(std::string_view code_or_uid) override;
  Result<std::vector<records::CaseAssignment>> LoadCaseAssignments(
      const CaseAssignmentFilter& filter) override;
  Result<records::CaseId> SaveCase(const records::Case& c) override;
  Status DeleteCase(records::CaseId id) override;
  Status SaveCaseAssignment(const records::CaseAssignment& a) override;
  Status DeleteCaseAssignment(records::ModelId address, int64_t user_id) override;
  Status EraseCaseIdentity(int64_t case_id, Date day) override;

  // Data protection: requests, breaches, retention (sqlite_privacy.cc);
  // erasing a birth's identity is in sqlite_safe_births.cc.
  Result<std::vector<records::SubjectRequest>> LoadSubjectRequests() override;
  Result<std::optional<records::SubjectRequest>> FindSubjectRequest(int64_t id) override;
  Result<std::vector<records::Breach>> LoadBreaches() override;
  Result<std::optional<records::Breach>> FindBreach(int64_t id) override;
  Result<std::vector<records::RetentionRule>> LoadRetentionRules() override;
  Result<std::vector<CalendarDay>> LoadCalendarDays() override;
  Result<std::vector<ReportType>> LoadReportTypes() override;
  Result<std::vector<ReportRequest>> LoadReportRequests(std::optional<ReportTypeId> type) override;
  Result<std::vector<Submission>> LoadSubmissions(const SubmissionFilter& filter) override;
  // The inbox and the reminders sent (sqlite_notifications.cc).
  Result<InboxPage> LoadInbox(std::string_view username, int64_t offset, int64_t limit) override;
  Result<int64_t> InsertNotification(const Notification& notification) override;
  Status MarkNotificationRead(std::string_view username, int64_t id, int64_t now_ms) override;
  Result<int64_t> MarkAllNotificationsRead(std::string_view username, int64_t now_ms) override;
  Result<bool> RecordReminderSent(const SentReminder& reminder) override;
  Result<int64_t> SaveSubjectRequest(const records::SubjectRequest& r) override;
  Result<int64_t> SaveBreach(const records::Breach& b) override;
  Status SaveRetentionRule(const records::RetentionRule& rule) override;
  Status ReplaceCalendarYears(const std::vector<int>& years,
                              const std::vector<CalendarDay>& days) override;
  Result<ReportTypeId> SaveReportType(const ReportType& type) override;
  Result<int64_t> SaveReportRequest(const ReportRequest& request) override;
  Result<int64_t> SaveSubmission(const Submission& submission) override;

  // Access control and the audit log (sqlite_access.cc).
  Result<std::vector<access::Role>> LoadRoles() override;
  Result<std::vector<access::User>> LoadUsers() override;
  Result<std::optional<access::User>> FindUser(std::string_view username) override;
  Result<std::optional<access::User>> FindUserById(access::UserId id) override;
  Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) override;
  Result<std::optional<StoredApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<StoredApiToken>> LoadApiTokens(access::UserId user) override;
  Status ScanAudit(const AuditFilter& filter,
                   const std::function<Status(const AuditEntry&)>& fn) override;
  Result<access::RoleId> SaveRole(const access::Role& role) override;
  Result<access::UserId> SaveUser(const access::User& user) override;
  Status SetLoginFailures(access::UserId user, int failed_logins, int64_t locked_until_ms) override;
  Status SaveSession(const StoredSession& session) override;
  Status TouchSession(std::string_view token_hash, int64_t last_seen_ms) override;
  Status DeleteSession(std::string_view token_hash) override;
  Result<int64_t> DeleteUserSessions(access::UserId user) override;
  Result<int64_t> DeleteExpiredSessions(int64_t now_ms) override;
  Result<int64_t> SaveApiToken(const StoredApiToken& token) override;
  Status TouchApiToken(int64_t id, int64_t last_used_ms) override;
  Status RevokeApiToken(access::UserId user, int64_t id) override;
  Result<int64_t> AppendAudit(const AuditEntry& entry) override;
  Status InsertSourceNote(const SourceNote& note) override;

 private:
  // Statements prepared once per transaction and reused (bulk imports).
  Result<SqliteStatement*> Cached(int slot, std::string_view sql);
  // The same, keyed by the SQL text itself.
  Result<SqliteStatement*> CachedSql(std::string_view sql);
  // The record of `table` whose code, else whose uid, is `code_or_uid`: its
  // row (`columns`) read by `read` (Result<T>(SqliteStatement&)), then
  // completed by `complete` (Status(T&): its parts in other tables).
  // nullopt when neither matches (and for an empty key).
  template <typename T, typename Read, typename Complete>
  Result<std::optional<T>> FindByCodeOrUid(std::string_view table, std::string_view columns,
                                           std::string_view code_or_uid, Read read,
                                           Complete complete) {
    if (code_or_uid.empty()) return std::optional<T>();
    for (const char* column : {"code", "uid"}) {
      GEMIS_ASSIGN_OR_RETURN(SqliteStatement * stmt,
                             CachedSql("SELECT " + std::string(columns) + " FROM " +
                                       std::string(table) + " WHERE " + column + " = ?"));
      stmt->Bind(1, code_or_uid);
      GEMIS_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) {
        stmt->Reset();
        continue;
      }
      Result<T> found = read(*stmt);
      stmt->Reset();
      if (!found.ok()) return found.status();
      GEMIS_RETURN_IF_ERROR(complete(*found));
      return std::optional<T>(std::move(found).value());
    }
    return std::optional<T>();
  }
  // The id of the row of `table` with `code`: nullopt for an empty code,
  // kNotFound (naming `what` and `field`) when there is none.
  Result<std::optional<int64_t>> IdOfCode(std::string_view table, const std::string& code,
                                          std::string_view what, std::string_view field);
  // kNotFound (naming `what` and `field`) unless `table` has a row `id`.
  Status RequireId(std::string_view table, int64_t id, std::string_view what,
                   std::string_view field);
  // As RequireId, but a reference that names nothing is bad input of the
  // record being saved (kInvalidInput), not a missing object of the call.
  Status RequireReference(std::string_view table, int64_t id, std::string_view what,
                          std::string_view field);
  // The identity checks of saving a record of `table` (model, activity, cadre)
  // with `id` (0: new), `uid` and `code` ("model" names it in messages):
  // an unknown id (kNotFound "id"), a changed uid (kConflict "uid"), a code
  // of another row (kAlreadyExists "code"), a new row's uid already taken
  // (kAlreadyExists "uid"). Returns the uid to store: the stored one, the
  // one given, or a fresh random one no row has (uids are never derived from
  // codes: a code may be reused after a delete, a uid must not be).
  Result<std::string> RecordUid(std::string_view table, std::string_view what, int64_t id,
                                const std::string& uid, const std::string& code);
  // The same for a row of `table` that has no code (a subject request, a
  // breach): kInvalidInput ("id") for a negative id, kNotFound ("id") for
  // an unknown one, kConflict ("uid") for a changed uid, kAlreadyExists
  // ("uid") for a new row's uid already taken, kInvalidInput ("uid") for a
  // given uid that is not one (core/uid.h). Returns the uid to store.
  Result<std::string> CodelessUid(std::string_view table, std::string_view what, int64_t id,
                                  const std::string& uid);
  // Their shared first step: for a stored row (id > 0) its uid, after
  // checking it exists (kNotFound "id") and `uid` is empty or the same
  // (kConflict "uid"); for a new row (id 0) `uid` as given; kInvalidInput
  // ("id") for a negative id.
  Result<std::string> StoredUid(std::string_view table, std::string_view what, int64_t id,
                                const std::string& uid);
  // The id of a target's measure (by id, else by code), or kNotFound.
  Result<int64_t> MeasureId(const MeasureRef& measure);
  Result<MetadataId> UpsertByCode(std::string_view table, std::string_view columns,
                                  const std::vector<std::string>& values);
  // Who and when of a data_value_batch row (cached: batches never change).
  struct Batch {
    std::string stored_by, at;
  };
  Result<const Batch*> FindBatch(int64_t id);
  // One entry of a key's history (sqlite_data_value_audit.cc): appended to
  // `out`; returns the id of the key's previous entry.
  Result<std::optional<int64_t>> LoadAuditEntry(int64_t id, const DataValueKey& key,
                                                std::vector<DataValueAuditEntry>& out);
  Result<std::optional<int64_t>> LoadChunkEntry(int64_t id, const DataValueKey& key,
                                                std::vector<DataValueAuditEntry>& out);
  // A DataValue from a row of kValueColumns (sqlite_data_values.cc).
  Result<DataValue> ReadValue(const SqliteStatement& row);
  SqliteDataValueWriter& Writer();

  std::string Now() const;
  // Roles, scopes and content areas of a user row (sqlite_access.cc).
  Status LoadGrants(access::User& user);
  Result<std::optional<access::User>> FindUserWhere(std::string_view where, int64_t id,
                                                    std::string_view name);
  // The consolidations and facts of a model row (sqlite_models.cc).
  Status LoadModelParts(records::Model& model);
  // The participant cells and attendees of an activity row
  // (sqlite_activities.cc).
  Status LoadActivityParts(records::Activity& activity);
  // The other trainings of a cadre row (sqlite_cadres.cc).
  Status LoadOtherTrainings(records::Cadre& cadre);
  // The payments of a safe birth row (sqlite_safe_births.cc).
  Status LoadPayments(records::SafeBirth& birth);
  // kInvalidInput (field "village") unless `village` names a stored unit of
  // the village level.
  Status RequireVillage(OrgUnitId village);
  // What SaveSafeBirth writes of the mother's identity (sqlite_safe_births.cc).
  struct SealedIdentity {
    bool keep_stored = false;               // the stored sealed columns stay
    std::string name;                       // sealed; unless kept
    std::optional<std::string> birth_date;  // sealed; unless kept
    std::optional<int> age;                 // at the birth
  };
  Result<SealedIdentity> SealIdentity(const records::SafeBirth& birth, const std::string& uid);
  // The consents, services and referrals of a case row (sqlite_cases.cc).
  Status LoadCaseParts(records::Case& c);
  // kInvalidInput (field `field`) unless `address` names a stored model that
  // is a trusted address or a victims' livelihood model (sqlite_cases.cc).
  Status RequireCaseAddress(records::ModelId address, std::string_view field);

  SqliteDb& db_;
  const Clock& clock_;
  const FieldKey* field_key_;  // nullptr: identifying fields stay sealed
  std::vector<std::unique_ptr<SqliteStatement>> cache_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> sql_cache_;
  std::unordered_map<int64_t, Batch> batches_;
  std::unique_ptr<SqliteDataValueWriter> writer_;  // made at the first data value write
};

}  // namespace gemis::store
