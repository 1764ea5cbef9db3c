#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/uid.h"
#include "store/sqlite_db.h"
#include "store/store_test_util.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using store_test::CountUnits;
using store_test::LoadHierarchy;
using store_test::RootUnit;
using store_test::SaveUnits;
using Clock = std::chrono::steady_clock;

// The default VFS with two hooks: it counts xSync calls and, while
// `fail_writes` is set, refuses every write as if the disk were full.
// Installed as the default VFS for its lifetime (connections opened then).
// The unix VFS gives database and journal files different method tables, so
// each table it hands out is wrapped once.
class FaultVfs {
 public:
  FaultVfs() : base_(sqlite3_vfs_find(nullptr)), vfs_(*base_) {
    vfs_.zName = "gemis-fault-vfs";
    vfs_.pNext = nullptr;
    vfs_.xOpen = &Open;
    instance_ = this;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
  }
  ~FaultVfs() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(base_, 1);
    instance_ = nullptr;
  }

  std::atomic<int> syncs{0};
  std::atomic<bool> fail_writes{false};

 private:
  struct Wrapped {
    sqlite3_io_methods methods;
    const sqlite3_io_methods* base;
  };

  static int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out) {
    FaultVfs& self = *instance_;
    int rc = self.base_->xOpen(self.base_, name, file, flags, out);
    if (rc != SQLITE_OK || file->pMethods == nullptr) return rc;
    std::lock_guard lock(self.mutex_);
    auto it = std::find_if(self.wrapped_.begin(), self.wrapped_.end(),
                           [&](const auto& w) { return w->base == file->pMethods; });
    if (it == self.wrapped_.end()) {
      auto w = std::make_unique<Wrapped>(Wrapped{*file->pMethods, file->pMethods});
      w->methods.xSync = &Sync;
      w->methods.xWrite = &Write;
      it = self.wrapped_.insert(self.wrapped_.end(), std::move(w));
    }
    file->pMethods = &(*it)->methods;
    return rc;
  }
  // `methods` is the first member of a standard-layout Wrapped, so a table
  // address is its Wrapped's address.
  static const sqlite3_io_methods* Base(sqlite3_file* file) {
    return reinterpret_cast<const Wrapped*>(file->pMethods)->base;
  }
  static int Sync(sqlite3_file* file, int flags) {
    ++instance_->syncs;
    return Base(file)->xSync(file, flags);
  }
  static int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    if (instance_->fail_writes) return SQLITE_FULL;
    return Base(file)->xWrite(file, data, amount, offset);
  }

  static inline FaultVfs* instance_ = nullptr;
  sqlite3_vfs* base_;
  sqlite3_vfs vfs_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Wrapped>> wrapped_;
};

class SqliteStoreTest : public store_test::StoreFileTest {};

// ---- connection settings -------------------------------------------------

TEST_F(SqliteStoreTest, JournalModeIsWalAsSeenByAnotherConnection) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Result<SqliteDb> other = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(other.ok());
  Result<SqliteStatement> mode = other->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->Text(0), "wal");
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforced) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status orphan = store->Write([](WriteTransaction& txn) {
    return txn.InsertAttributes({OrgUnitAttribute{999, "region_iii", "true", {}, {}, ""}});
  });
  EXPECT_EQ(orphan.code(), ErrorCode::kConflict) << orphan.ToString();
  EXPECT_THAT(orphan.message(), HasSubstr("FOREIGN KEY constraint failed"));
  OrgUnit child = RootUnit(2, "child");
  child.versions[0].parent = 77;  // no such unit
  child.versions[0].level = OrgUnitLevel::kProvince;
  Status dangling = store->Write([&](WriteTransaction& txn) { return SaveUnits(txn, {child}); });
  EXPECT_EQ(dangling.code(), ErrorCode::kConflict) << dangling.ToString();
  EXPECT_EQ(*CountUnits(*store), 0);
}

// synchronous=FULL is per connection and invisible from outside, so it is
// checked by what it does: in WAL mode every commit syncs the log, while
// synchronous=NORMAL (the control) leaves commits unsynced.
TEST_F(SqliteStoreTest, EveryCommitIsSynced) {
  FaultVfs vfs;
  constexpr int kWrites = 5;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  vfs.syncs = 0;
  for (int i = 1; i <= kWrites; ++i) {
    ASSERT_OK(store->Write([&](WriteTransaction& txn) {
      return SaveUnits(txn, {RootUnit(i, "u" + std::to_string(i))});
    }));
  }
  EXPECT_GE(vfs.syncs.load(), kWrites);

  Result<SqliteDb> control = SqliteDb::Open(Path("control.db"), true);
  ASSERT_TRUE(control.ok());
  ASSERT_OK(control->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "CREATE TABLE t (x)"));
  vfs.syncs = 0;
  for (int i = 0; i < kWrites; ++i) ASSERT_OK(control->Exec("INSERT INTO t VALUES (1)"));
  EXPECT_LT(vfs.syncs.load(), kWrites);
}

// ---- atomicity -------------------------------------------------------------

TEST_F(SqliteStoreTest, FailingFunctionLeavesNothing) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a"), RootUnit(2, "b")}));
    GEMIS_RETURN_IF_ERROR(txn.RecordDatasetImport("list", "GSO", "2 units"));
    return Status::Invalid("row 3: bad code");
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "row 3: bad code");
  EXPECT_EQ(*CountUnits(*store), 0);
  // The connection is usable afterwards.
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(1, "a")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
}

TEST_F(SqliteStoreTest, FailingStatementLeavesEarlierStatementsUndone) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a")}));
    return SaveUnits(txn, {RootUnit(2, "a")});  // the same uid again
  });
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
  EXPECT_EQ(*CountUnits(*store), 0);
}

TEST_F(SqliteStoreTest, FailingCommitLeavesNothing) {
  FaultVfs vfs;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a"), RootUnit(2, "b")}));
    vfs.fail_writes = true;  // the commit's log write hits a full disk
    return Status::Ok();
  });
  vfs.fail_writes = false;
  EXPECT_EQ(status.code(), ErrorCode::kIoError) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("full"));
  EXPECT_EQ(*CountUnits(*store), 0);
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(3, "c")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
  store.reset();
  std::unique_ptr<Store> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  ASSERT_OK(reopened->CheckIntegrity());
  EXPECT_EQ(*CountUnits(*reopened), 1);
}

// ---- group commit (WriteGroup; the rest in sqlite_write_group_test.cc) ------

TEST_F(SqliteStoreTest, AGroupIsSyncedOnceNotOncePerFn) {
  FaultVfs vfs;
  constexpr int kFns = 10;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::function<Status(WriteTransaction&)>> fns;
  for (int i = 1; i <= kFns; ++i) {
    fns.push_back([i](WriteTransaction& txn) {
      return SaveUnits(txn, {RootUnit(i, "u" + std::to_string(i))});
    });
  }
  std::vector<Status> results;
  vfs.syncs = 0;
  ASSERT_OK(store->WriteGroup(fns, results));
  EXPECT_GE(vfs.syncs.load(), 1);
  EXPECT_LT(vfs.syncs.load(), kFns);
  EXPECT_EQ(*CountUnits(*store), kFns);
}

TEST_F(SqliteStoreTest, FailingCommitFailsEveryFnOfAGroupAndLeavesNothing) {
  FaultVfs vfs;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::function<Status(WriteTransaction&)>> fns{
      [](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(1, "a")}); },
      [&](WriteTransaction& txn) -> Status {
        GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(2, "b")}));
        vfs.fail_writes = true;  // the commit's log write hits a full disk
        return Status::Ok();
      }};
  std::vector<Status> results;
  Status status = store->WriteGroup(fns, results);
  vfs.fail_writes = false;
  EXPECT_EQ(status.code(), ErrorCode::kIoError) << status.ToString();
  ASSERT_EQ(results.size(), 2u);
  for (const Status& result : results) EXPECT_EQ(result.code(), ErrorCode::kIoError);
  EXPECT_EQ(*CountUnits(*store), 0);
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(3, "c")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
}

// A library never lets an exception out (docs/architecture.md): one thrown by
// the function is caught, the transaction rolled back, and kInternal returned.
TEST_F(SqliteStoreTest, ThrowingFunctionIsRolledBackAndReported) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a"), RootUnit(2, "b")}));
    throw std::runtime_error("row 7 could not be converted");
  });
  EXPECT_EQ(status.code(), ErrorCode::kInternal) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("row 7 could not be converted"));
  EXPECT_EQ(*CountUnits(*store), 0);
  Status unknown = store->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a")}));
    throw 42;  // not a std::exception
  });
  EXPECT_EQ(unknown.code(), ErrorCode::kInternal) << unknown.ToString();
  EXPECT_EQ(*CountUnits(*store), 0);
  // The connection is outside any transaction and usable.
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(1, "a")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
}

TEST_F(SqliteStoreTest, ThrowingReadFunctionIsReported) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Read([](ReadTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.CountOrgUnits().status());
    throw std::out_of_range("index 3");
  });
  EXPECT_EQ(status.code(), ErrorCode::kInternal) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("index 3"));
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(1, "a")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
}

// Read() used to ignore the result of ending its transaction. A read-only
// transaction's COMMIT cannot be made to fail from outside, so this one
// smuggles a write into it (the SQLite read transaction is a write
// transaction object) and lets the disk fill up at COMMIT: Read() must
// report the failure, leave nothing behind and the connection usable.
TEST_F(SqliteStoreTest, FailedCommitOfAReadIsReported) {
  FaultVfs vfs;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Read([&](ReadTransaction& txn) -> Status {
    auto* writer = dynamic_cast<WriteTransaction*>(&txn);
    if (writer == nullptr) return Status::Internal("not a SQLite transaction");
    GEMIS_RETURN_IF_ERROR(SaveUnits(*writer, {RootUnit(1, "a")}));
    vfs.fail_writes = true;
    return Status::Ok();
  });
  vfs.fail_writes = false;
  EXPECT_EQ(status.code(), ErrorCode::kIoError) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("full"));
  EXPECT_EQ(*CountUnits(*store), 0);
  ASSERT_OK(store->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(2, "b")}); }));
  EXPECT_EQ(*CountUnits(*store), 1);
}

// ---- org units round trip -------------------------------------------------

// LaoCaiHistory with every optional field set somewhere, links in the order
// the store returns them (predecessor, successor).
fixtures::HierarchyParts RichHistory() {
  fixtures::HierarchyParts parts = fixtures::LaoCaiHistory();
  parts.unit(fixtures::lc::kNewLaoCai).versions[0].name_en = "Lao Cai Province";
  parts.events[3].legal_basis = "Nghị quyết 202/2025/QH15";
  parts.events[3].note = "sáp nhập tỉnh";
  std::sort(parts.links.begin(), parts.links.end(), [](const auto& a, const auto& b) {
    return std::pair(a.predecessor, a.successor) < std::pair(b.predecessor, b.successor);
  });
  return parts;
}

Status SaveParts(WriteTransaction& txn, const fixtures::HierarchyParts& parts) {
  GEMIS_RETURN_IF_ERROR(SaveUnits(txn, parts.units));
  GEMIS_RETURN_IF_ERROR(txn.InsertEvents(parts.events));
  return txn.InsertLinks(parts.links);
}

TEST_F(SqliteStoreTest, HierarchyRoundTrips) {
  fixtures::HierarchyParts parts = RichHistory();
  Result<Hierarchy> expected = parts.Build();
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Write([&](WriteTransaction& txn) { return SaveParts(txn, parts); }));
  store.reset();  // read back through a new connection
  store = Open();
  ASSERT_NE(store, nullptr);
  Result<Hierarchy> loaded = LoadHierarchy(*store);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(fixtures::Fingerprint(*loaded), fixtures::Fingerprint(*expected));
  EXPECT_EQ(*CountUnits(*store), static_cast<int64_t>(parts.units.size()));
  // Fields the fingerprint leaves out.
  EXPECT_EQ(loaded->Find(fixtures::lc::kNewLaoCai)->first().name_en, "Lao Cai Province");
  EXPECT_TRUE(loaded->Find(fixtures::lc::kVietNam)->first().approximate_from);
  const OrgUnitEvent* merge = loaded->FindEvent(fixtures::lc::kProvinceMerge);
  ASSERT_NE(merge, nullptr);
  EXPECT_EQ(merge->legal_basis, "Nghị quyết 202/2025/QH15");
  EXPECT_EQ(merge->note, "sáp nhập tỉnh");
  ASSERT_EQ(loaded->links().size(), parts.links.size());
  for (size_t i = 0; i < parts.links.size(); ++i) {
    EXPECT_EQ(loaded->links()[i].partial, parts.links[i].partial) << "link " << i;
    EXPECT_EQ(loaded->links()[i].share, parts.links[i].share) << "link " << i;
  }
}

TEST_F(SqliteStoreTest, SavingAUnitAgainReplacesItsVersions) {
  fixtures::HierarchyParts parts = fixtures::MinimalParts();
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Write([&](WriteTransaction& txn) { return SaveParts(txn, parts); }));
  OrgUnit& commune = parts.unit(4);
  commune.versions[0].to = fixtures::Day("2025-06-30");
  OrgUnitVersion renamed = commune.versions[0];
  renamed.from = fixtures::Day("2025-07-01");
  renamed.to.reset();
  renamed.name = "Ba Đình";
  commune.versions.push_back(renamed);
  ASSERT_OK(store->Write([&](WriteTransaction& txn) { return txn.SaveOrgUnits({&commune}); }));
  Result<Hierarchy> loaded = LoadHierarchy(*store);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(fixtures::Fingerprint(*loaded), fixtures::Fingerprint(*parts.Build()));
  EXPECT_EQ(loaded->Find(4)->versions.size(), 2u);
  EXPECT_EQ(*CountUnits(*store), 4);
}

TEST_F(SqliteStoreTest, AttributesRoundTripWithOpenDates) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<OrgUnitAttribute> attributes = {
      {1, "region_iii", "true", fixtures::Day("2021-06-04"), fixtures::Day("2025-06-30"),
       "QĐ 861/QĐ-TTg"},
      {1, "dbkk", "true", std::nullopt, std::nullopt, ""},
      {2, "region_iii", "false", std::nullopt, std::nullopt, "x"},
  };
  ASSERT_OK(store->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a"), RootUnit(2, "b")}));
    return txn.InsertAttributes(attributes);
  }));
  ASSERT_OK(store->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitAttribute> loaded, txn.LoadAttributes(1));
    EXPECT_EQ(loaded.size(), 2u);
    if (loaded.size() != 2) return Status::Ok();
    EXPECT_EQ(loaded[0].attribute, "dbkk");  // ordered by attribute name
    EXPECT_FALSE(loaded[0].from.has_value());
    EXPECT_FALSE(loaded[0].to.has_value());
    EXPECT_EQ(loaded[1].unit, 1);
    EXPECT_EQ(loaded[1].value, "true");
    EXPECT_EQ(loaded[1].from, attributes[0].from);
    EXPECT_EQ(loaded[1].to, attributes[0].to);
    EXPECT_EQ(loaded[1].source, "QĐ 861/QĐ-TTg");
    GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitAttribute> none, txn.LoadAttributes(3));
    EXPECT_TRUE(none.empty());
    return Status::Ok();
  }));
}

// A uid names one unit for good: saving a stored id with another uid used to
// be ignored silently (the new uid lost, the versions saved under the old).
TEST_F(SqliteStoreTest, SavingAUnitUnderAnotherUidIsAConflict) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Write([](WriteTransaction& txn) {
    return SaveUnits(txn, {RootUnit(1, "a", "Cũ"), RootUnit(2, "b")});
  }));
  Status status = store->Write([](WriteTransaction& txn) {
    return SaveUnits(txn, {RootUnit(2, "b"), RootUnit(1, "other", "Mới")});
  });
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
  EXPECT_EQ(status.where().field, "uid");
  EXPECT_THAT(status.message(), HasSubstr("org unit 1 has uid '" + UidFromKey("a") + "'"));
  EXPECT_THAT(status.message(), HasSubstr(UidFromKey("other")));
  Result<Hierarchy> loaded = LoadHierarchy(*store);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->Find(1)->uid, UidFromKey("a"));
  EXPECT_EQ(loaded->Find(1)->last().name, "Cũ");
  // The same uid again is an ordinary update.
  ASSERT_OK(store->Write([](WriteTransaction& txn) {
    return SaveUnits(txn, {RootUnit(1, "a", "Mới")});
  }));
  EXPECT_EQ(LoadHierarchy(*store)->Find(1)->last().name, "Mới");
}

TEST_F(SqliteStoreTest, InconsistentStoredHierarchyIsCorruption) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  OrgUnit unit = RootUnit(1, "a");
  OrgUnitVersion overlap = unit.versions[0];
  unit.versions[0].to = fixtures::Day("2020-12-31");
  overlap.from = fixtures::Day("2020-06-01");  // overlaps the first version
  unit.versions.push_back(overlap);
  ASSERT_OK(store->Write([&](WriteTransaction& txn) { return SaveUnits(txn, {unit}); }));
  Result<Hierarchy> loaded = LoadHierarchy(*store);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), ErrorCode::kCorruption);
  EXPECT_THAT(loaded.status().message(), HasSubstr("stored hierarchy is inconsistent"));
}

TEST_F(SqliteStoreTest, TimestampsComeFromTheInjectedClock) {
  FixedClock clock(1'710'491'400'000);  // 2024-03-15T08:30:00.000Z
  std::unique_ptr<Store> store = Open("g.db", {.clock = &clock});
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a")}));
    return txn.RecordDatasetImport("vn-admin", "GSO 2025", "1 unit");
  }));
  Result<SqliteDb> db = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(db.ok());
  Result<SqliteStatement> stmt = db->Prepare(
      "SELECT created, imported_at, name, source, summary FROM org_unit, dataset_import");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->Text(0), "2024-03-15T08:30:00.000Z");
  EXPECT_EQ(stmt->Text(1), "2024-03-15T08:30:00.000Z");
  EXPECT_EQ(stmt->Text(2) + "|" + stmt->Text(3) + "|" + stmt->Text(4), "vn-admin|GSO 2025|1 unit");
}

TEST_F(SqliteStoreTest, OpenRefusesMissingFileWithoutCreateAndNonDatabase) {
  Result<std::unique_ptr<Store>> missing = OpenSqliteStore(Path("none.db"), {.create = false});
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(Path("none.db")));
  std::ofstream(Path("junk.db")) << std::string(8192, '\x5a');
  Result<std::unique_ptr<Store>> junk = OpenSqliteStore(Path("junk.db"));
  EXPECT_EQ(junk.status().code(), ErrorCode::kCorruption) << junk.status().ToString();
}

// ---- concurrency ------------------------------------------------------------

// Runs a write on `store` in a thread that holds its transaction open for
// `hold` after saving unit `id`; wait() returns once the transaction is open.
class HeldWrite {
 public:
  HeldWrite(Store& store, OrgUnitId id, std::chrono::milliseconds hold) {
    std::future<void> started = started_.get_future();
    thread_ = std::thread([this, &store, id, hold] {
      result_ = store.Write([&](WriteTransaction& txn) -> Status {
        GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(id, "held" + std::to_string(id))}));
        started_.set_value();
        std::this_thread::sleep_for(hold);
        return Status::Ok();
      });
    });
    started.wait();
  }
  Status Join() {
    thread_.join();
    return result_;
  }

 private:
  std::promise<void> started_;
  std::thread thread_;
  Status result_;
};

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

TEST_F(SqliteStoreTest, SecondWriterWaitsForTheFirst) {
  std::unique_ptr<Store> first = Open();
  std::unique_ptr<Store> second = Open();
  ASSERT_TRUE(first && second);
  HeldWrite held(*first, 1, std::chrono::milliseconds(200));
  Clock::time_point start = Clock::now();
  Status status =
      second->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(2, "b")}); });
  int64_t waited = MillisSince(start);
  ASSERT_OK(held.Join());
  ASSERT_OK(status);
  EXPECT_GE(waited, 100) << "the second write did not wait for the first";
  EXPECT_EQ(*CountUnits(*second), 2);
}

TEST_F(SqliteStoreTest, WriterGivesUpAfterItsBusyTimeout) {
  std::unique_ptr<Store> first = Open();
  std::unique_ptr<Store> impatient = Open("g.db", {.busy_timeout_ms = 20});
  ASSERT_TRUE(first && impatient);
  HeldWrite held(*first, 1, std::chrono::milliseconds(400));
  Clock::time_point start = Clock::now();
  Status status =
      impatient->Write([](WriteTransaction& txn) { return SaveUnits(txn, {RootUnit(2, "b")}); });
  int64_t waited = MillisSince(start);
  ASSERT_OK(held.Join());
  EXPECT_EQ(status.code(), ErrorCode::kIoError) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("locked"));
  EXPECT_LT(waited, 300);
  EXPECT_EQ(*CountUnits(*first), 1);
}

// A write that reads before it writes must not work on a snapshot another
// writer makes stale: it waits for the lock before reading (BEGIN IMMEDIATE).
TEST_F(SqliteStoreTest, ReadThenWriteWaitsForAnotherWriter) {
  std::unique_ptr<Store> first = Open();
  std::unique_ptr<Store> second = Open();
  ASSERT_TRUE(first && second);
  HeldWrite held(*first, 1, std::chrono::milliseconds(200));
  int64_t seen = -1;
  Status status = second->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(seen, txn.CountOrgUnits());
    return SaveUnits(txn, {RootUnit(seen + 1, "next")});
  });
  ASSERT_OK(held.Join());
  ASSERT_OK(status);
  EXPECT_EQ(seen, 1);  // the first writer's unit was committed before the read
  EXPECT_EQ(*CountUnits(*second), 2);
}

TEST_F(SqliteStoreTest, ReaderSeesTheLastCommitWithoutWaiting) {
  std::unique_ptr<Store> writer = Open();
  std::unique_ptr<Store> reader = Open();
  ASSERT_TRUE(writer && reader);
  HeldWrite held(*writer, 1, std::chrono::milliseconds(300));
  Clock::time_point start = Clock::now();
  EXPECT_EQ(*CountUnits(*reader), 0);  // the uncommitted unit is invisible
  EXPECT_LT(MillisSince(start), 200);
  ASSERT_OK(held.Join());
  EXPECT_EQ(*CountUnits(*reader), 1);
}

}  // namespace
}  // namespace gemis::store
