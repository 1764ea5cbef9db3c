// Helpers shared by the SQLite store tests: a fixture with a temporary
// database directory, small builders for org units, and WriteResult for
// running one store call in its own write. Header-only: tests/store/ has no support
// library of its own.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/uid.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

#define ASSERT_OK(expr)                                               \
  do {                                                                \
    const ::gemis::Status status_ = (expr);                           \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

namespace gemis::store::store_test {

// A root unit (no parent, no code) whose uid is derived from `key`.
inline OrgUnit RootUnit(OrgUnitId id, const std::string& key, std::string name = "Đơn vị") {
  OrgUnitVersion version;
  version.name = std::move(name);
  version.level = OrgUnitLevel::kCentre;
  return OrgUnit{id, UidFromKey(key), {version}};
}

inline Status SaveUnits(WriteTransaction& txn, const std::vector<OrgUnit>& units) {
  std::vector<const OrgUnit*> pointers;
  for (const OrgUnit& unit : units) pointers.push_back(&unit);
  return txn.SaveOrgUnits(pointers);
}

inline Result<int64_t> CountUnits(Store& store) {
  int64_t count = -1;
  GEMIS_RETURN_IF_ERROR(store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(count, txn.CountOrgUnits());
    return Status::Ok();
  }));
  return count;
}

// Runs `fn(txn)`, which returns a Result<T>, in one write transaction that
// commits when it succeeded; its result, or the write's failure.
template <typename Fn>
auto WriteResult(Store& store, Fn fn) -> decltype(fn(std::declval<WriteTransaction&>())) {
  decltype(fn(std::declval<WriteTransaction&>())) out = Status::Internal("not run");
  Status status = store.Write([&](WriteTransaction& txn) {
    out = fn(txn);
    return out.status();
  });
  if (!status.ok()) return status;
  return out;
}

inline Result<Hierarchy> LoadHierarchy(Store& store) {
  Hierarchy out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadHierarchy());
    return Status::Ok();
  }));
  return out;
}

// A temporary directory holding the test's database files.
class StoreFileTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(const std::string& name = "g.db", SqliteOptions options = {}) {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir_.File(name), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  std::string Path(const std::string& name = "g.db") const { return dir_.File(name); }

  test_support::TempDir dir_;
};

}  // namespace gemis::store::store_test
