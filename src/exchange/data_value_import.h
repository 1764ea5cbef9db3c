// Importing data values from DHIS2-shaped CSV and JSON (dataValueSets) into
// the store. The file is streamed inside one write transaction: every row is
// resolved (identifiers by uid or code, org unit codes at the row's period),
// checked against its element's value type and written; at the end the
// transaction commits (atomic mode with no conflict, or best-effort) or rolls
// back (a conflict in atomic mode, or a dry run).
//
// Two threads share the work: one reads, resolves and checks rows into
// chunks, the calling thread writes them with
// WriteTransaction::WriteDataValues, in the table's key order: chunks of a
// file in key order as they come, the rest (from the first chunk out of
// order on) once sorted by an external merge sort (sorted runs in memory,
// spilled to temporary files when large). Memory stays bounded: a few
// chunks, one sorted run in memory, plus the conflicts reported (capped;
// see kMaxConflicts). docs/store.md "Writing many data values" has the
// design and its measurements.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "exchange/import_summary.h"
#include "store/store.h"

namespace gemis::exchange {

class DataValueRowSink;  // data_value_rows.h

// DHIS2 dataValueSets as CSV, JSON or XML (DXF2), and IHE ADX.
enum class DataFileFormat { kCsv, kJson, kXml, kAdx };

// "csv", "json", "xml", "adx" (also as a file extension, ".adx.xml" too).
Result<DataFileFormat> ParseDataFileFormat(std::string_view name);
// The format a file name's extension names, if any.
std::optional<DataFileFormat> DataFileFormatOfPath(std::string_view path);
const char* DataFileFormatName(DataFileFormat format);

// How an identifier in the file names an object (DHIS2's idScheme):
// kAuto, gemis's default, tries the uid and then the code; the others look
// at that property only. Names are compared after NFC.
enum class IdScheme { kAuto, kUid, kCode, kName };

// "uid", "code", "name", "auto" (any case: DHIS2 writes UID, CODE, NAME).
Result<IdScheme> ParseIdScheme(std::string_view name);
const char* IdSchemeName(IdScheme scheme);

// One scheme per object type (DHIS2's dataElementIdScheme, orgUnitIdScheme,
// categoryOptionComboIdScheme — the last for both option combos).
struct IdSchemes {
  IdScheme data_element = IdScheme::kAuto;
  IdScheme org_unit = IdScheme::kAuto;
  IdScheme option_combo = IdScheme::kAuto;
};

// DHIS2's importStrategy. CREATE only adds values (a stored live value is
// left as it is and the row counts as ignored), UPDATE only changes stored
// live values (a new key is ignored), CREATE_AND_UPDATE does both, DELETE
// deletes the value of every row's key (whatever the row's value).
enum class ImportStrategy { kCreateAndUpdate, kCreate, kUpdate, kDelete };

// "CREATE", "UPDATE", "CREATE_AND_UPDATE" (also "NEW_AND_UPDATES"), "DELETE"; any case.
Result<ImportStrategy> ParseImportStrategy(std::string_view name);
const char* ImportStrategyName(ImportStrategy strategy);

// How numbers and dates are written in the file's values. kPlain is DHIS2's
// notation (1234.5, 2024-03-15); kVietnamese is what Vietnamese offices type:
// '.' groups thousands and ',' marks decimals (22.991.000.000, 7.588,63),
// dates are dd/mm/yyyy. English notation (7,588.63) is refused under
// kVietnamese rather than misread.
enum class ValueNotation { kPlain, kVietnamese };

struct DataValueImportOptions {
  DataFileFormat format = DataFileFormat::kCsv;
  bool dry_run = false;
  bool best_effort = false;  // keep the good rows, report the rest
  std::string stored_by;     // default for rows without storedBy
  IdSchemes id_schemes;
  ImportStrategy strategy = ImportStrategy::kCreateAndUpdate;
  ValueNotation notation = ValueNotation::kPlain;
  // Asked once the last row has been read (e.g. a legacy-encoding decoder's
  // report, docs/formats/legacy-encodings.md): a non-OK status makes the
  // file malformed, so nothing is written.
  std::function<Status()> input_status;
  // When set, the rows come from this function instead of from reading `in`
  // as `format` (a spreadsheet read through a column mapping,
  // sheet_import.h): it hands every row to the sink, in order, on the
  // reading thread, and returns the first non-OK status of sink.Row.
  std::function<Status(DataValueRowSink&)> row_source;
  // When set, asked for every row whose key resolved (before its value is
  // checked): a non-OK status makes the row a conflict with error code
  // E_DV_ACCESS, naming the status's field (the server's scope and content
  // area checks: a user imports only where they may enter data). `period`
  // is the row's period.
  std::function<Status(const DataValueKey& key, const Period& period)> authorize;
  // Rows per chunk handed from the reading thread to the writing one, and
  // per WriteDataValues call. Larger chunks hold more memory (about 150
  // bytes a row). Tests make it small.
  size_t chunk_rows = 65536;
  // Rows out of key order are sorted before they are written
  // (data_value_write_sorter.h): in memory up to this many bytes (about 60
  // a row), beyond that in sorted runs on disk, merged while writing. Tests
  // make it small.
  size_t sort_run_bytes = size_t{128} << 20;
  // Where sorted runs are spilled: "" for $TMPDIR, else /tmp. The files
  // have no name (they vanish when the import ends, however it ends).
  std::string sort_temp_dir;
};

// At most this many conflicts are listed in a summary (all are counted).
constexpr size_t kMaxConflicts = 1000;

// Imports `in` (named `source` in errors). Returns the summary; a non-OK
// Status only for failures of the store itself. Summary status: ERROR, and
// nothing written, when the file is malformed (in every mode), when a row
// conflicts in atomic mode, or when no row passed in best-effort mode;
// WARNING when best effort kept some rows; else SUCCESS. A dry run writes
// nothing and counts what the import would have done.
Result<ImportSummary> ImportDataValues(store::Store& store, std::istream& in,
                                       const std::string& source,
                                       const DataValueImportOptions& options);

}  // namespace gemis::exchange
