#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "core/uid.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "support/hierarchy_fixtures.h"
#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using ::testing::HasSubstr;
using test_support::TempDir;
using Clock = std::chrono::steady_clock;

#define ASSERT_OK(expr)                                  \
  do {                                                   \
    const Status status_ = (expr);                       \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << status_.ToString(); \
  } while (0)

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

// A root unit (no parent, no code) whose uid is derived from `key`.
OrgUnit RootUnit(OrgUnitId id, const std::string& key, std::string name = "Đơn vị") {
  OrgUnitVersion version;
  version.name = std::move(name);
  version.level = OrgUnitLevel::kCentre;
  return OrgUnit{id, UidFromKey(key), {version}};
}

Status SaveUnits(WriteTransaction& txn, const std::vector<OrgUnit>& units) {
  std::vector<const OrgUnit*> pointers;
  for (const OrgUnit& unit : units) pointers.push_back(&unit);
  return txn.SaveOrgUnits(pointers);
}

Result<int64_t> CountUnits(Store& store) {
  int64_t count = -1;
  GEMIS_RETURN_IF_ERROR(store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(count, txn.CountOrgUnits());
    return Status::Ok();
  }));
  return count;
}

Result<Hierarchy> LoadHierarchy(Store& store) {
  Hierarchy out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadHierarchy());
    return Status::Ok();
  }));
  return out;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(const std::string& name = "g.db", SqliteOptions options = {}) {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir_.File(name), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  std::string Path(const std::string& name = "g.db") const { return dir_.File(name); }

  TempDir dir_;
};

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

// ---- backup and restore -----------------------------------------------------

constexpr int kBatchUnits = 20;

// Batch `b`: kBatchUnits root units with ids b*K+1 … and uids from (b, i),
// each with an attribute recording `b` (padded so the file grows quickly).
Status WriteBatch(Store& store, int64_t b) {
  return store.Write([b](WriteTransaction& txn) -> Status {
    std::vector<OrgUnit> units;
    std::vector<OrgUnitAttribute> attributes;
    for (int i = 0; i < kBatchUnits; ++i) {
      OrgUnitId id = b * kBatchUnits + i + 1;
      units.push_back(RootUnit(id, "batch-" + std::to_string(b) + "-" + std::to_string(i)));
      attributes.push_back({id, "batch", std::to_string(b), {}, {}, std::string(2000, 'p')});
    }
    GEMIS_RETURN_IF_ERROR(SaveUnits(txn, units));
    return txn.InsertAttributes(attributes);
  });
}

// The number n of batches in `store` when it holds exactly batches 0..n-1,
// each complete with the right uids; an error naming the defect otherwise.
Result<int64_t> CompleteBatchPrefix(Store& store) {
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(store));
  std::map<int64_t, int> units_per_batch;
  for (const OrgUnit& unit : hierarchy.units()) {
    int64_t b = (unit.id - 1) / kBatchUnits;
    int64_t i = (unit.id - 1) % kBatchUnits;
    if (unit.uid != UidFromKey("batch-" + std::to_string(b) + "-" + std::to_string(i))) {
      return Status::Corruption("unit " + std::to_string(unit.id) + " has a wrong uid");
    }
    ++units_per_batch[b];
  }
  int64_t n = 0;
  for (const auto& [b, count] : units_per_batch) {
    if (b != n) return Status::Corruption("batch " + std::to_string(n) + " is missing");
    if (count != kBatchUnits) {
      return Status::Corruption("batch " + std::to_string(b) + " is partial");
    }
    ++n;
  }
  return n;
}

TEST_F(SqliteStoreTest, BackupWhileAnotherHandleWritesIsAConsistentPrefix) {
  std::unique_ptr<Store> writer = Open();
  std::unique_ptr<Store> backer = Open();
  ASSERT_TRUE(writer && backer);
  std::atomic<int64_t> acknowledged{0};
  std::atomic<bool> stop{false};
  Status writer_status;
  std::thread thread([&] {
    for (int64_t b = 0; !stop; ++b) {
      writer_status = WriteBatch(*writer, b);
      if (!writer_status.ok()) return;
      acknowledged = b + 1;
    }
  });
  // The file outgrows one backup step (256 pages) before the first backup.
  while (acknowledged < 40 && writer_status.ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::vector<int64_t> before, after;
  Status backup_status;
  for (int copy = 0; copy < 3 && backup_status.ok(); ++copy) {
    before.push_back(acknowledged);
    backup_status = backer->Backup(Path("backup" + std::to_string(copy) + ".db"));
    after.push_back(acknowledged);
  }
  stop = true;
  thread.join();
  ASSERT_OK(writer_status);
  ASSERT_OK(backup_status);
  for (size_t copy = 0; copy < before.size(); ++copy) {
    SCOPED_TRACE("backup " + std::to_string(copy));
    std::unique_ptr<Store> restored = Open("backup" + std::to_string(copy) + ".db");
    ASSERT_NE(restored, nullptr);
    ASSERT_OK(restored->CheckIntegrity());
    Result<int64_t> batches = CompleteBatchPrefix(*restored);
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    EXPECT_GE(*batches, before[copy]);
    EXPECT_LE(*batches, after[copy] + 1);
  }
  EXPECT_GT(after.back(), before.front()) << "the writer never ran during a backup";
}

// A backup copied in slices restarts whenever another connection commits
// between two slices; a large file under steady writes was never copied.
TEST_F(SqliteStoreTest, BackupOfALargeDatabaseFinishesUnderSteadyCommits) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Result<SqliteDb> writer = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(writer.ok());
  sqlite3_busy_timeout(writer->handle(), 10000);
  ASSERT_OK(writer->Exec(  // 8 MB: 2000 pages, many backup slices
      "PRAGMA synchronous = OFF; CREATE TABLE pad (x BLOB);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
      " INSERT INTO pad SELECT randomblob(2000) FROM n"));
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread thread([&] {
    while (!stop && writer->Exec("INSERT INTO pad VALUES (x'00')").ok()) {
      ++commits;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  std::future<Status> backup =
      std::async(std::launch::async, [&] { return store->Backup(Path("b.db")); });
  bool finished = backup.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  int commits_during_backup = commits;
  stop = true;  // lets a restarting backup finish, so the test ends either way
  thread.join();
  Status status = backup.get();
  EXPECT_TRUE(finished) << "backup did not finish in 20 s";
  ASSERT_OK(status);
  EXPECT_GT(commits_during_backup, 0);
  Result<SqliteDb> copy = SqliteDb::Open(Path("b.db"), false);
  ASSERT_TRUE(copy.ok());
  Result<SqliteStatement> count = copy->Prepare("SELECT count(*) >= 4000 FROM pad");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->Int(0), 1);
}

TEST_F(SqliteStoreTest, BackupToAnUnwritablePathFails) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Status status = store->Backup(Path("no/such/dir/b.db"));
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("no/such/dir/b.db"));
}

class RestoreTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    for (int64_t b = 0; b < 2; ++b) ASSERT_OK(WriteBatch(*store_, b));
    ASSERT_OK(store_->Backup(Path("backup.db")));
    ASSERT_OK(WriteBatch(*store_, 2));  // after the backup
  }

  // The live database still holds its three batches.
  void ExpectUnchanged() {
    Result<int64_t> batches = CompleteBatchPrefix(*store_);
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    EXPECT_EQ(*batches, 3);
  }

  std::unique_ptr<Store> store_;
};

TEST_F(RestoreTest, RestoreReplacesTheLiveDatabase) {
  ASSERT_OK(RestoreSqliteStore(Path("backup.db"), Path()));
  // The handle that stayed open sees the restored content.
  Result<int64_t> seen = CompleteBatchPrefix(*store_);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(*seen, 2);
  ASSERT_OK(WriteBatch(*store_, 2));
  store_.reset();
  std::unique_ptr<Store> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  ASSERT_OK(reopened->CheckIntegrity());
  EXPECT_EQ(*CompleteBatchPrefix(*reopened), 3);
}

TEST_F(RestoreTest, RestoreIntoANewFileCreatesIt) {
  ASSERT_OK(RestoreSqliteStore(Path("backup.db"), Path("fresh.db")));
  std::unique_ptr<Store> fresh = Open("fresh.db", {.create = false});
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(*CompleteBatchPrefix(*fresh), 2);
}

// Overwrites `length` bytes at `offset` of a copy of the backup, every
// `stride` bytes up to the end of the file.
void Damage(const std::string& from, const std::string& to, std::streamoff offset,
            std::streamoff length, std::streamoff stride) {
  std::filesystem::copy_file(from, to);
  std::streamoff size = static_cast<std::streamoff>(std::filesystem::file_size(to));
  std::fstream file(to, std::ios::in | std::ios::out | std::ios::binary);
  for (std::streamoff at = offset; at < size; at += stride) {
    file.seekp(at);
    file << std::string(static_cast<size_t>(length), '\xA5');
  }
}

TEST_F(RestoreTest, DamagedBackupIsRefusedAndTheDatabaseKept) {
  struct Case {
    const char* name;
    std::streamoff offset, length, stride;
  };
  const Case cases[] = {
      {"header", 0, 16, 1 << 30},        // no longer an SQLite file
      {"pages", 4096, 8, 4096},        // the header of every page after the first
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string damaged = Path(std::string(c.name) + ".db");
    Damage(Path("backup.db"), damaged, c.offset, c.length, c.stride);
    Status status = RestoreSqliteStore(damaged, Path());
    EXPECT_EQ(status.code(), ErrorCode::kCorruption) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr(damaged));
    ExpectUnchanged();
  }
  std::filesystem::resize_file(Path("backup.db"), 4096 * 3);
  Status truncated = RestoreSqliteStore(Path("backup.db"), Path());
  EXPECT_EQ(truncated.code(), ErrorCode::kCorruption) << truncated.ToString();
  ExpectUnchanged();
}

TEST_F(RestoreTest, NonGemisDatabaseIsRefused) {
  {
    Result<SqliteDb> other = SqliteDb::Open(Path("other.db"), true);
    ASSERT_TRUE(other.ok());
    ASSERT_OK(other->Exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x')"));
  }
  Status status = RestoreSqliteStore(Path("other.db"), Path());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("is not a gemis backup"));
  ExpectUnchanged();
  Status missing = RestoreSqliteStore(Path("missing.db"), Path());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound) << missing.ToString();
  EXPECT_FALSE(std::filesystem::exists(Path("missing.db")));
  ExpectUnchanged();
}

TEST_F(RestoreTest, BackupOfAnOlderSchemaIsMigrated) {
  {
    Result<SqliteDb> old = SqliteDb::Open(Path("old.db"), true);
    ASSERT_TRUE(old.ok());
    ASSERT_OK(Migrate(*old, 1));
  }
  ASSERT_OK(RestoreSqliteStore(Path("old.db"), Path()));
  EXPECT_EQ(*CountUnits(*store_), 0);
  Result<SqliteDb> db = SqliteDb::Open(Path(), false);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*ReadSchemaVersion(*db), LatestSchemaVersion());
}

}  // namespace
}  // namespace gemis::store
