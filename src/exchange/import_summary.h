// The outcome of an import, in the shape of DHIS2's import summary plus a
// location per conflict (file line), printed as JSON by every import command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gemis::exchange {

struct ImportConflict {
  std::string object;      // the offending identifier ("00004", "DE_TEAMS")
  std::string value;       // the offending value, when there is one
  std::string error_code;  // stable code, e.g. "E7610" style or gemis's own
  std::string property;    // the field: "orgUnit", "period", "value", …
  std::vector<int64_t> indexes;  // 0-based row indexes in the input
  int64_t line = 0;        // 1-based line in the file (0 when not file-based)
  std::string message;
  // A spreadsheet import's cell ("Chỉ tiêu!D7"; "D7" in a CSV table), written
  // to JSON as "cell" only when set; `line` is then the sheet row.
  std::string cell;
};

struct ImportCount {
  int64_t imported = 0;
  int64_t updated = 0;
  int64_t ignored = 0;
  int64_t deleted = 0;
};

enum class ImportStatus { kSuccess, kWarning, kError };

struct ImportSummary {
  ImportStatus status = ImportStatus::kSuccess;
  ImportCount count;
  std::vector<ImportConflict> conflicts;
  bool dry_run = false;
  std::string description;  // one human sentence
  // DHIS2's dataSetComplete: the date of the complete registration a data
  // value import wrote (the latest when several); written to JSON only when
  // set (exchange/data_set_checks.h).
  std::string data_set_complete;

  nlohmann::json ToJson() const;
};

const char* ImportStatusName(ImportStatus status);

}  // namespace gemis::exchange
