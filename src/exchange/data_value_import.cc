#include "exchange/data_value_import.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <span>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "exchange/data_value_import_resolver.h"
#include "exchange/data_value_rows.h"
#include "exchange/data_value_write_sorter.h"
#include "store/data_lock_load.h"
#include "store/records_store.h"

namespace gemis::exchange {

namespace {

// Chunks in flight between the threads: one being written, one ready, while
// the reader fills a third. More would only hold memory.
constexpr size_t kChunksInFlight = 2;

auto KeyTuple(const DataValueKey& k) {
  return std::tie(k.data_element, k.period, k.org_unit, k.category_option_combo,
                  k.attribute_option_combo);
}

// The writing side: maps period slots to stored ids and writes chunks in the
// caller's transaction, in key order, counting the outcomes. A file's rows
// in key order (as DHIS2 exports them) are written chunk by chunk as they
// come (each chunk whose keys all follow those written before); from the
// first chunk out of order on, rows go to an external sort
// and are written, merged in key order, once the file has been read. The
// sort key has the stored period ids, so it is the table's primary key.
// The writes of one key keep the file's order either way.
class ChunkWriter {
 public:
  ChunkWriter(store::WriteTransaction& txn, const DataValueImportOptions& options,
              ImportCount& count)
      : txn_(txn),
        count_(count),
        chunk_rows_(std::max<size_t>(options.chunk_rows, 1)),
        sorter_({.run_bytes = options.sort_run_bytes, .temp_dir = options.sort_temp_dir}) {}

  // Takes `chunk` unless `skip` (the import is already rejected and would
  // be rolled back: its rows only count as ignored).
  Status Write(ResolvedChunk& chunk, bool skip) {
    if (skip) {
      count_.ignored += static_cast<int64_t>(chunk.writes.size());
      return Status::Ok();
    }
    for (const auto& [slot, period] : chunk.new_periods) {
      if (period_ids_.size() <= slot) period_ids_.resize(slot + 1, 0);
      GEMIS_ASSIGN_OR_RETURN(period_ids_[slot], txn_.EnsurePeriod(period));
    }
    for (DataValueWrite& write : chunk.writes) {
      write.key.period = period_ids_[static_cast<size_t>(write.key.period)];
    }
    if (sorter_.size() == 0 && FollowsWritten(chunk.writes)) return WriteNow(chunk.writes);
    for (const DataValueWrite& write : chunk.writes) GEMIS_RETURN_IF_ERROR(sorter_.Add(write));
    return Status::Ok();
  }

  // Once every chunk was taken: writes the sorted rows in key order, or,
  // when `skip`, counts them as ignored.
  Status Finish(bool skip) {
    if (sorter_.size() == 0) return Status::Ok();
    if (skip) {
      count_.ignored += sorter_.size();
      return Status::Ok();
    }
    GEMIS_RETURN_IF_ERROR(sorter_.Finish());
    std::vector<DataValueWrite> writes;
    while (true) {
      GEMIS_RETURN_IF_ERROR(sorter_.Read(writes, chunk_rows_));
      if (writes.empty()) return Status::Ok();
      GEMIS_RETURN_IF_ERROR(WriteNow(writes));
    }
  }

 private:
  // True when no key of `writes` comes before a key already written (the
  // chunk's own order does not matter: WriteDataValues sorts it); then
  // remembers the largest.
  bool FollowsWritten(const std::vector<DataValueWrite>& writes) {
    if (writes.empty()) return true;
    auto less = [](const DataValueWrite& a, const DataValueWrite& b) {
      return KeyTuple(a.key) < KeyTuple(b.key);
    };
    const auto [first, last] = std::minmax_element(writes.begin(), writes.end(), less);
    if (last_written_ && KeyTuple(first->key) < KeyTuple(*last_written_)) return false;
    last_written_ = last->key;
    return true;
  }

  Status WriteNow(std::span<const DataValueWrite> writes) {
    GEMIS_RETURN_IF_ERROR(txn_.WriteDataValues(writes, outcomes_));
    for (WriteOutcome outcome : outcomes_) Count(outcome);
    return Status::Ok();
  }

  void Count(WriteOutcome outcome) {
    switch (outcome) {
      case WriteOutcome::kImported: ++count_.imported; break;
      case WriteOutcome::kUpdated: ++count_.updated; break;
      case WriteOutcome::kDeleted: ++count_.deleted; break;
      case WriteOutcome::kIgnored: ++count_.ignored; break;
    }
  }

  store::WriteTransaction& txn_;
  ImportCount& count_;
  const size_t chunk_rows_;
  std::vector<PeriodId> period_ids_;  // by period slot
  std::vector<WriteOutcome> outcomes_;
  std::optional<DataValueKey> last_written_;  // the largest key written so far
  DataValueWriteSorter sorter_;
};

// The reading thread's work: every row of the file through `resolver`, then
// its last chunk. An exception (which must not escape a thread) becomes the
// returned status.
Status ReadAll(std::istream& in, const std::string& source, const DataValueImportOptions& options,
               RowResolver& resolver) {
  try {
    if (options.row_source) {
      GEMIS_RETURN_IF_ERROR(options.row_source(resolver));
    } else {
      GEMIS_RETURN_IF_ERROR(ReadDataValueRows(in, source, options.format, resolver));
    }
    if (options.input_status && !resolver.malformed()) {
      Status input = options.input_status();
      if (!input.ok()) resolver.FileProblem(input, "file");
    }
    return resolver.Finish();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("exception while reading data values: ") + e.what());
  } catch (...) {
    return Status::Internal("unknown exception while reading data values");
  }
}

// Runs the reading thread beside the caller's writing loop. The destructor
// stops and joins the thread whatever happened (an error or an exception
// on the writing side).
class ImportPipeline {
 public:
  ImportPipeline(std::istream& in, const std::string& source, const DataValueImportOptions& options,
                 RowResolver& resolver, ResolvedQueue& queue)
      : queue_(queue) {
    reader_ = std::thread([&in, &source, &options, &resolver, &queue, this] {
      read_status_ = ReadAll(in, source, options, resolver);
      queue.Close();
    });
  }
  ImportPipeline(const ImportPipeline&) = delete;
  ImportPipeline& operator=(const ImportPipeline&) = delete;
  ~ImportPipeline() { Stop(); }

  // Writes every chunk as it comes; returns the first error of either side.
  Status Drain(ChunkWriter& writer, const RowResolver& resolver, bool dry_run) {
    while (std::optional<ResolvedChunk> chunk = queue_.Pop()) {
      // A dry run counts what every row would do, so it writes even then.
      Status written = writer.Write(*chunk, resolver.rejected() && !dry_run);
      if (!written.ok()) {
        Stop();
        return written;
      }
      queue_.Recycle(std::move(*chunk));
    }
    Stop();
    GEMIS_RETURN_IF_ERROR(read_status_);
    // Every row was read: the import's fate is known.
    return writer.Finish(resolver.rejected() && !dry_run);
  }

 private:
  void Stop() {
    if (!reader_.joinable()) return;
    queue_.Cancel();  // wakes a reader waiting for room; no-op after its end
    reader_.join();
  }

  ResolvedQueue& queue_;
  std::thread reader_;
  Status read_status_;
};

// Sets status and description once every row was read.
void Conclude(const RowResolver& resolver, const DataValueImportOptions& options,
              ImportSummary& summary) {
  std::string conflicts = std::to_string(resolver.conflict_count()) + " conflict(s)";
  bool rejected = resolver.malformed() || (resolver.conflict_count() > 0 &&
                                           (!options.best_effort || resolver.rows_passed() == 0));
  if (rejected) {
    summary.status = ImportStatus::kError;
    summary.description =
        resolver.malformed() ? "import rejected: the file is malformed; nothing written"
        : options.best_effort
            ? "import rejected: every row has a conflict; nothing written"
            : "import rejected: " + conflicts + "; nothing written (the import is atomic)";
    ImportCount& c = summary.count;
    if (!options.dry_run) c = {0, 0, c.ignored + c.imported + c.updated + c.deleted, 0};
  } else if (resolver.conflict_count() > 0) {
    summary.status = ImportStatus::kWarning;
    summary.description = "best effort: good rows written, " + conflicts + " ignored";
  } else {
    summary.description = "import done";
  }
  if (options.dry_run) summary.description = "dry run, nothing written: " + summary.description;
}

// The import inside the caller's write transaction.
Status Import(store::WriteTransaction& txn, std::istream& in, const std::string& source,
              const DataValueImportOptions& options, ImportSummary& summary) {
  GEMIS_ASSIGN_OR_RETURN(const Hierarchy hierarchy, txn.LoadHierarchy());
  GEMIS_ASSIGN_OR_RETURN(const Metadata metadata, txn.LoadMetadata());
  // Rule 3 of program/figure_publisher.h: no hand entry over a figure
  // published from records.
  ClaimedKeys claimed;
  GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                         txn.LoadFigureClaims(std::nullopt));
  if (!claims.empty()) {
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    std::unordered_map<PeriodId, std::string> period_ids;
    for (const auto& [id, period] : periods) period_ids.emplace(id, period.ToString());
    for (const store::FigureClaim& c : claims) {
      claimed.insert({c.key.data_element, period_ids[c.key.period], c.key.org_unit,
                      c.key.category_option_combo, c.key.attribute_option_combo});
    }
  }
  GEMIS_ASSIGN_OR_RETURN(const DataLock lock, store::LoadDataLock(txn, metadata));
  ResolvedQueue queue(kChunksInFlight);
  RowResolver resolver(hierarchy, metadata, options, source, queue, &claimed, &lock);
  ChunkWriter writer(txn, options, summary.count);
  {
    ImportPipeline pipeline(in, source, options, resolver, queue);
    GEMIS_RETURN_IF_ERROR(pipeline.Drain(writer, resolver, options.dry_run));
  }
  summary.count.ignored += resolver.ignored();
  summary.conflicts = std::move(resolver.conflicts());
  Conclude(resolver, options, summary);
  // The complete registrations the rows' data sets ask for (data_set_checks.h).
  if (!options.dry_run && summary.status != ImportStatus::kError) {
    GEMIS_RETURN_IF_ERROR(
        WriteCompletions(txn, resolver.completions(), options.stored_by, summary));
  }
  return Status::Ok();
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

Result<DataFileFormat> ParseDataFileFormat(std::string_view name) {
  std::string lower = Lower(name);
  if (lower == "csv") return DataFileFormat::kCsv;
  if (lower == "json") return DataFileFormat::kJson;
  if (lower == "xml") return DataFileFormat::kXml;
  if (lower == "adx") return DataFileFormat::kAdx;
  return Status::Usage("unknown data value format '" + std::string(name) +
                       "' (csv, json, xml or adx)");
}

std::optional<DataFileFormat> DataFileFormatOfPath(std::string_view path) {
  std::string lower = Lower(path);
  auto ends = [&](std::string_view tail) { return lower.ends_with(tail); };
  if (ends(".adx.xml") || ends(".adx")) return DataFileFormat::kAdx;
  if (ends(".xml")) return DataFileFormat::kXml;
  if (ends(".json")) return DataFileFormat::kJson;
  if (ends(".csv")) return DataFileFormat::kCsv;
  return std::nullopt;
}

const char* DataFileFormatName(DataFileFormat format) {
  switch (format) {
    case DataFileFormat::kCsv: return "csv";
    case DataFileFormat::kJson: return "json";
    case DataFileFormat::kXml: return "xml";
    case DataFileFormat::kAdx: return "adx";
  }
  return "?";
}

Result<IdScheme> ParseIdScheme(std::string_view name) {
  std::string lower = Lower(name);
  if (lower == "uid") return IdScheme::kUid;
  if (lower == "code") return IdScheme::kCode;
  if (lower == "name") return IdScheme::kName;
  if (lower == "auto") return IdScheme::kAuto;
  return Status::Usage("unknown id scheme '" + std::string(name) + "' (uid, code, name or auto)");
}

const char* IdSchemeName(IdScheme scheme) {
  switch (scheme) {
    case IdScheme::kAuto: return "auto";
    case IdScheme::kUid: return "uid";
    case IdScheme::kCode: return "code";
    case IdScheme::kName: return "name";
  }
  return "?";
}

Result<ImportStrategy> ParseImportStrategy(std::string_view name) {
  std::string lower = Lower(name);
  if (lower == "create_and_update" || lower == "new_and_updates") {
    return ImportStrategy::kCreateAndUpdate;
  }
  if (lower == "create" || lower == "new") return ImportStrategy::kCreate;
  if (lower == "update" || lower == "updates") return ImportStrategy::kUpdate;
  if (lower == "delete" || lower == "deletes") return ImportStrategy::kDelete;
  return Status::Usage("unknown import strategy '" + std::string(name) +
                       "' (CREATE_AND_UPDATE, CREATE, UPDATE or DELETE)");
}

const char* ImportStrategyName(ImportStrategy strategy) {
  switch (strategy) {
    case ImportStrategy::kCreateAndUpdate: return "CREATE_AND_UPDATE";
    case ImportStrategy::kCreate: return "CREATE";
    case ImportStrategy::kUpdate: return "UPDATE";
    case ImportStrategy::kDelete: return "DELETE";
  }
  return "?";
}

Result<ImportSummary> ImportDataValues(store::Store& store, std::istream& in,
                                       const std::string& source,
                                       const DataValueImportOptions& options) {
  ImportSummary summary;
  summary.dry_run = options.dry_run;
  // A sentinel status rolls the transaction back (dry run, rejected import).
  const Status rollback = Status::Conflict("import rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(Import(txn, in, source, options, summary));
    return options.dry_run || summary.status == ImportStatus::kError ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  return summary;
}

}  // namespace gemis::exchange
