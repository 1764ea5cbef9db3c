// Reading the rows of a data value file, DHIS2 CSV or JSON, without
// interpreting them: data_value_import.cc resolves and writes each row. The
// dialect is docs/formats/datavalues-csv-json.md.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "core/status.h"
#include "exchange/data_value_import.h"

namespace gemis::exchange {

// One data value as written in the file (JSON: with the header-level
// period, orgUnit and attributeOptionCombo filled in where the value has
// none). JSON numbers and booleans are given as their JSON text.
struct DataValueRow {
  std::string data_element, period, org_unit, coc, aoc, value, stored_by, comment;
  std::string followup, deleted;
  int64_t line = 0;   // 1-based line where the row starts (0: unknown)
  int64_t index = 0;  // 0-based among the file's data rows
};

// Receives what ReadDataValueRows finds, in file order.
class DataValueRowSink {
 public:
  virtual ~DataValueRowSink() = default;
  // A readable row. A non-OK status stops the reading and is returned.
  virtual Status Row(DataValueRow row) = 0;
  // The file as a whole cannot be read (unterminated quote, broken JSON,
  // missing column, wrong root); nothing follows. `property` names the
  // missing column or "file" / "dataValues".
  virtual void FileProblem(const Status& status, std::string property) = 0;
  // One record cannot be read (invalid UTF-8 in a field, more fields than
  // the header, a JSON element that is not an object); reading goes on.
  virtual void RecordProblem(const Status& status, int64_t index) = 0;
};

// Reads `in` (named `source` in locations). CSV rows may be shorter than the
// header (missing trailing fields are empty, as DHIS2 writes them), never
// longer. JSON is {"dataValues": [...]} with optional header-level fields,
// or a bare array. Returns only the first non-OK status of sink.Row.
Status ReadDataValueRows(std::istream& in, const std::string& source, DataFileFormat format,
                         DataValueRowSink& sink);

}  // namespace gemis::exchange
