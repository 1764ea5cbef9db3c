// The SQLite ReadTransaction/WriteTransaction: the SQL behind each store
// operation. Constructed by SqliteStore inside an open transaction.
#pragma once

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

 private:
  std::string Now() const;

  SqliteDb& db_;
  const Clock& clock_;
};

}  // namespace gemis::store
