// Store invariants (1) and (2) under process crashes: a child process writes
// batches (org units, and data values through the bulk path) through the
// store and reports each acknowledged one on a pipe; the
// parent SIGKILLs it at a random moment, reopens the file and checks that it
// is intact, holds every acknowledged batch, and holds no partial batch.
//
// A SIGKILL tests durability against a crash of the process: whatever
// SQLite handed to the operating system survives. Durability against power
// loss rests on synchronous=FULL with WAL (every commit fsyncs the log before
// Write() returns; see EveryCommitIsSynced in sqlite_store_test.cc) and is
// not simulated here.
//
// The same holds for group commit (Store::WriteGroup): a second child writes
// the batches as groups of fns, one of which in four fails on purpose, and
// acknowledges a group once WriteGroup returned; every batch of an
// acknowledged group whose fn succeeded must be there, no failed one ever.
//
// GEMIS_CRASH_SEED replays a run (its seed is printed); GEMIS_CRASH_KILLS
// raises the number of kills above kKills.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/uid.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::store {
namespace {

constexpr int kKills = 200;
constexpr int kUnitsPerBatch = 20;
constexpr int kMaxDelayMicros = 15000;  // the kill lands 0-15 ms after …
constexpr int kMaxBatchesBeforeDelay = 3;  // … 0-3 acknowledged batches
// Exit codes of a child that stopped by itself (never expected).
constexpr int kChildOpenFailed = 10, kChildWriteFailed = 11, kChildAckFailed = 12,
              kChildOrphaned = 13;

OrgUnitId UnitId(int64_t batch, int i) { return batch * kUnitsPerBatch + i + 1; }
std::string UnitUid(int64_t batch, int i) {
  return UidFromKey("crash-" + std::to_string(batch) + "-" + std::to_string(i));
}

// The data element and period every batch's values use, made by the first
// batch that finds them missing.
Result<DataValueKey> ValueKeyBase(WriteTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(Metadata metadata, txn.LoadMetadata());
  const StoredElement* element = metadata.FindElement("CRASH");
  DataValueKey key;
  if (element == nullptr) {
    GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
    DataElement e;
    e.uid = UidFromKey("crash-element");
    e.code = "CRASH";
    e.name = "Crash";
    e.category_combo_code = "default";
    GEMIS_ASSIGN_OR_RETURN(key.data_element, txn.SaveDataElement(e));
    GEMIS_ASSIGN_OR_RETURN(metadata, txn.LoadMetadata());
  } else {
    key.data_element = element->id;
  }
  key.category_option_combo = key.attribute_option_combo = metadata.default_option_combo();
  GEMIS_ASSIGN_OR_RETURN(key.period, txn.EnsurePeriod(*Period::Parse("2024")));
  return key;
}

// A batch: kUnitsPerBatch units with an attribute each, and a data value for
// each unit (the value is the batch number) written by WriteDataValues.
Status WriteBatch(WriteTransaction& txn, int64_t batch) {
  std::vector<OrgUnit> units(kUnitsPerBatch);
  std::vector<const OrgUnit*> pointers;
  std::vector<OrgUnitAttribute> attributes;
  for (int i = 0; i < kUnitsPerBatch; ++i) {
    OrgUnitVersion version;
    version.name = "Batch " + std::to_string(batch) + " unit " + std::to_string(i);
    version.level = OrgUnitLevel::kCentre;
    units[i] = OrgUnit{UnitId(batch, i), UnitUid(batch, i), {version}};
    pointers.push_back(&units[i]);
    attributes.push_back({UnitId(batch, i), "batch", std::to_string(batch), {}, {}, "crash"});
  }
  GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(pointers));
  GEMIS_RETURN_IF_ERROR(txn.InsertAttributes(attributes));
  GEMIS_ASSIGN_OR_RETURN(DataValueKey key, ValueKeyBase(txn));
  std::vector<DataValueWrite> writes(kUnitsPerBatch);
  for (int i = 0; i < kUnitsPerBatch; ++i) {
    writes[i].key = key;
    writes[i].key.org_unit = UnitId(batch, i);
    writes[i].value = std::to_string(batch);
    writes[i].stored_by = "crash";
  }
  std::vector<WriteOutcome> outcomes;
  return txn.WriteDataValues(writes, outcomes);
}

// The child: writes batches first_batch, first_batch + 1, … until killed,
// writing each batch number to `ack_fd` once Write() has returned OK. Leaves
// with _exit only: no gtest teardown, no atexit handlers, no stdio flush.
[[noreturn]] void RunChild(const std::string& path, int64_t first_batch, int ack_fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a parent that died
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) _exit(kChildOpenFailed);
  for (int64_t batch = first_batch;; ++batch) {
    if (std::chrono::steady_clock::now() > deadline) _exit(kChildOrphaned);
    Status written = (*store)->Write([batch](WriteTransaction& txn) {
      return WriteBatch(txn, batch);
    });
    if (!written.ok()) _exit(kChildWriteFailed);
    if (write(ack_fd, &batch, sizeof batch) != sizeof batch) _exit(kChildAckFailed);
  }
}

// Group commit: batch b's fn writes it and then fails when FailsInGroup(b),
// so it must never be found.
constexpr int kMaxGroup = 6;
bool FailsInGroup(int64_t batch) { return batch % 4 == 3; }
int GroupSize(int64_t first_batch) { return 1 + static_cast<int>(first_batch % kMaxGroup); }

// The group child: writes batches from first_batch on as groups of
// GroupSize fns through WriteGroup, and once it returned OK (with each fn's
// expected status), writes the group's last batch number to `ack_fd`.
[[noreturn]] void RunGroupChild(const std::string& path, int64_t first_batch, int ack_fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) _exit(kChildOpenFailed);
  std::vector<std::function<Status(WriteTransaction&)>> fns;
  std::vector<Status> results;
  for (int64_t batch = first_batch;;) {
    if (std::chrono::steady_clock::now() > deadline) _exit(kChildOrphaned);
    const int64_t first = batch;
    fns.clear();
    for (int i = 0, n = GroupSize(first); i < n; ++i, ++batch) {
      fns.push_back([batch](WriteTransaction& txn) -> Status {
        GEMIS_RETURN_IF_ERROR(WriteBatch(txn, batch));
        return FailsInGroup(batch) ? Status::Conflict("fails on purpose") : Status::Ok();
      });
    }
    if (!(*store)->WriteGroup(fns, results).ok()) _exit(kChildWriteFailed);
    for (int64_t b = first; b < batch; ++b) {
      if (results[static_cast<size_t>(b - first)].ok() == FailsInGroup(b)) _exit(kChildWriteFailed);
    }
    const int64_t last = batch - 1;
    if (write(ack_fd, &last, sizeof last) != sizeof last) _exit(kChildAckFailed);
  }
}

using ChildMain = void (*)(const std::string& path, int64_t first_batch, int ack_fd);

struct ChildRun {
  int64_t last_acknowledged = -1;  // -1: nothing acknowledged
  int status = 0;                  // from waitpid
};

// When to kill: after the child has acknowledged `batches` batches (0: count
// from the fork, so the kill can land in the open, the recovery of the
// previous child's log, or the first commit), then `delay` later. Waiting for
// a few acknowledgements lets kills land in later commits too: on a disk
// whose fsync takes ~10 ms, no batch would ever finish within 15 ms of the
// fork.
struct KillPoint {
  int batches = 0;
  std::chrono::microseconds delay{0};
};

// Forks a child writing from `first_batch`, kills it at `when`, and collects
// what it acknowledged.
ChildRun KillOnce(const std::string& path, int64_t first_batch, KillPoint when,
                  ChildMain child = RunChild) {
  ChildRun run;
  int fds[2];
  if (pipe(fds) != 0) return run;
  std::cout.flush();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(path, first_batch, fds[1]);
    _exit(kChildWriteFailed);  // a child never returns
  }
  close(fds[1]);
  int64_t batch;
  // A child that stops early closes the pipe, so this read cannot hang.
  for (int i = 0; i < when.batches && read(fds[0], &batch, sizeof batch) == sizeof batch; ++i) {
    run.last_acknowledged = batch;
  }
  std::this_thread::sleep_for(when.delay);
  if (pid > 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &run.status, 0);
  }
  while (read(fds[0], &batch, sizeof batch) == sizeof batch) run.last_acknowledged = batch;
  close(fds[0]);
  return run;
}

// Number of complete batches 0..n-1 in the database, after checking that
// every unit belongs to a complete batch with the right uid and attribute and
// that the batches present have no gap. With `never` (group commit), the
// batches it names must be absent and are no gap; n then also counts those
// that follow the last batch present.
Result<int64_t> CheckBatches(const std::string& path, bool (*never)(int64_t) = nullptr) {
  GEMIS_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false));
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(
      "SELECT u.id, u.uid, a.value FROM org_unit u LEFT JOIN org_unit_attribute a"
      " ON a.org_unit_id = u.id AND a.attribute = 'batch' ORDER BY u.id"));
  std::map<int64_t, int> units_per_batch;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    int64_t batch = (stmt.Int(0) - 1) / kUnitsPerBatch;
    int i = static_cast<int>((stmt.Int(0) - 1) % kUnitsPerBatch);
    std::string where =
        "unit " + std::to_string(stmt.Int(0)) + " of batch " + std::to_string(batch);
    if (stmt.Text(1) != UnitUid(batch, i)) return Status::Corruption(where + ": wrong uid");
    if (stmt.OptText(2) != std::to_string(batch)) {
      return Status::Corruption(where + ": batch attribute missing or wrong");
    }
    ++units_per_batch[batch];
  }
  // Each unit's data value holds its batch number; one audit chunk a batch.
  GEMIS_ASSIGN_OR_RETURN(
      SqliteStatement values,
      db.Prepare("SELECT org_unit_id, value FROM data_value ORDER BY org_unit_id"));
  std::map<int64_t, int> values_per_batch;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool row, values.Step());
    if (!row) break;
    int64_t batch = (values.Int(0) - 1) / kUnitsPerBatch;
    if (values.Text(1) != std::to_string(batch)) {
      return Status::Corruption("unit " + std::to_string(values.Int(0)) + " has a wrong value");
    }
    ++values_per_batch[batch];
  }
  GEMIS_ASSIGN_OR_RETURN(SqliteStatement chunks,
                         db.Prepare("SELECT count(*) FROM data_value_audit_chunk"));
  GEMIS_ASSIGN_OR_RETURN(bool counted, chunks.Step());
  if (!counted || chunks.Int(0) != static_cast<int64_t>(units_per_batch.size())) {
    return Status::Corruption("not one audit chunk per batch");
  }
  int64_t n = 0;
  auto skip_failed = [&] {
    while (never != nullptr && never(n)) ++n;
  };
  for (const auto& [batch, count] : units_per_batch) {
    if (never != nullptr && never(batch)) {
      return Status::Corruption("batch " + std::to_string(batch) + " failed but is present");
    }
    skip_failed();
    if (values_per_batch[batch] != kUnitsPerBatch) {
      return Status::Corruption("batch " + std::to_string(batch) + " has " +
                                std::to_string(values_per_batch[batch]) + " data values");
    }
    if (batch != n) return Status::Corruption("batch " + std::to_string(n) + " is missing");
    if (count != kUnitsPerBatch) {
      return Status::Corruption("batch " + std::to_string(batch) + " is partial: " +
                                std::to_string(count) + " units");
    }
    ++n;
  }
  skip_failed();
  return n;
}

uint64_t SeedFromEnvironment() {
  if (const char* text = std::getenv("GEMIS_CRASH_SEED")) return std::strtoull(text, nullptr, 10);
  return std::random_device()();
}

int KillsFromEnvironment() {
  const char* text = std::getenv("GEMIS_CRASH_KILLS");
  return text == nullptr ? kKills : std::max(kKills, std::atoi(text));
}

// Kills `child` writers again and again on one file (each starting after
// the batches present) and checks the file after each kill. At most
// `max_unacknowledged` batches may be committed without their
// acknowledgement (the ones the child was committing when killed).
void KillRepeatedly(ChildMain child, bool (*never)(int64_t), int64_t max_unacknowledged) {
  const uint64_t seed = SeedFromEnvironment();
  const int kills = KillsFromEnvironment();
  std::cout << "crash test seed: " << seed << std::endl;
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> delay_micros(0, kMaxDelayMicros);
  std::uniform_int_distribution<int> batches_first(0, kMaxBatchesBeforeDelay);
  test_support::TempDir dir;
  const std::string path = dir.File("crash.db");
  auto start = std::chrono::steady_clock::now();
  int64_t present = 0;  // complete batches in the file (with `never`: batch slots)
  int unacknowledged_commits = 0;
  for (int k = 0; k < kills; ++k) {
    SCOPED_TRACE("kill " + std::to_string(k) + " of seed " + std::to_string(seed));
    KillPoint when{batches_first(random), std::chrono::microseconds(delay_micros(random))};
    ChildRun run = KillOnce(path, present, when, child);
    ASSERT_TRUE(WIFSIGNALED(run.status) && WTERMSIG(run.status) == SIGKILL)
        << "the child stopped by itself (exit code "
        << (WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1) << ")";
    if (run.last_acknowledged < 0 && present == 0 && !std::ifstream(path)) continue;
    // Opening recovers the log of the killed writer; it must succeed. The
    // batches are read while the store is open, so that closing it (the last
    // connection: a checkpoint) happens once.
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path, {.create = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status integrity = (*store)->CheckIntegrity();
    ASSERT_TRUE(integrity.ok()) << integrity.ToString();
    Result<int64_t> batches = CheckBatches(path, never);
    store->reset();  // no connection may cross the next fork
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    ASSERT_GE(*batches, present) << "batches that were present before this child vanished";
    ASSERT_GT(*batches, run.last_acknowledged) << "an acknowledged batch is missing";
    int64_t acknowledged = std::max(present, run.last_acknowledged + 1);
    ASSERT_LE(*batches, acknowledged + max_unacknowledged);
    if (*batches > acknowledged) ++unacknowledged_commits;
    present = *batches;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "crash test: " << kills << " kills, " << present << " batches of "
            << kUnitsPerBatch << " units, " << unacknowledged_commits
            << " committed but unacknowledged, " << seconds << " s" << std::endl;
  EXPECT_GT(present, 0) << "no batch was ever written: the kills came too early";
}

// The child writes one batch at a time: at most one committed batch can lack
// its acknowledgement.
TEST(StoreCrash, KilledWriterLosesNoAcknowledgedBatchAndLeavesNoPartialOne) {
  KillRepeatedly(RunChild, nullptr, 1);
}

// A group of up to kMaxGroup batches commits at once (and failed batches
// after the last one present count as slots).
TEST(StoreCrash, KilledGroupWriterLosesNoAcknowledgedFnAndKeepsNoFailedOne) {
  KillRepeatedly(RunGroupChild, FailsInGroup, 2 * kMaxGroup);
}

}  // namespace
}  // namespace gemis::store
