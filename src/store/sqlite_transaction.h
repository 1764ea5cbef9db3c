// The SQLite ReadTransaction/WriteTransaction: the SQL behind each store
// operation. Constructed by SqliteStore inside an open transaction.
#pragma once

#include <memory>

#include "core/clock.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace gemis::store {

class SqliteTransaction final : public WriteTransaction {
 public:
  SqliteTransaction(SqliteDb& db, const Clock& clock) : db_(db), clock_(clock) {}

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
  Result<std::vector<DataValueAuditEntry>> LoadDataValueAudit(const DataValueKey& key) override;
  Result<MetadataId> SaveCategoryCombo(const CategoryCombo& combo) override;
  Result<MetadataId> SaveDataElement(const DataElement& element) override;
  Result<PeriodId> EnsurePeriod(const Period& period) override;
  Result<WriteOutcome> WriteDataValue(const DataValueWrite& write) override;

 private:
  // Statements prepared once per transaction and reused (bulk imports).
  Result<SqliteStatement*> Cached(int slot, std::string_view sql);
  Result<MetadataId> UpsertByCode(std::string_view table, std::string_view columns,
                                  const std::vector<std::string>& values);
  Status AppendAudit(const DataValueKey& key, const char* change,
                     const std::optional<std::string>& old_value,
                     const std::optional<std::string>& new_value,
                     const std::optional<std::string>& old_comment,
                     const std::optional<std::string>& new_comment, const std::string& by,
                     const std::string& at);

  std::string Now() const;

  SqliteDb& db_;
  const Clock& clock_;
  std::vector<std::unique_ptr<SqliteStatement>> cache_;
};

}  // namespace gemis::store
