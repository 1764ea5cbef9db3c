// Reading the rows of a data value file — DHIS2 CSV, JSON or XML, or ADX —
// without interpreting them: data_value_import_resolver.cc resolves each
// row. Every reader streams: memory is bounded whatever the file's size.
// The formats: docs/formats/datavalues-csv-json.md, datavalues-xml.md, adx.md.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

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
  // The file's (or ADX group's) dataSet and completeDate, as written.
  std::string data_set, complete_date;
  // ADX: the period is START/DURATION ("2024-01-01/P1Y"), and the option
  // combos may be given as category code = option code attributes instead
  // of coc / aoc (dataValue attributes: the disaggregation; group
  // attributes: the attribute option combo).
  bool adx = false;
  std::vector<std::pair<std::string, std::string>> coc_options, aoc_options;
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
// longer. JSON is {"dataValues": [...]} with optional header-level fields
// (before "dataValues": the file is streamed), or a bare array. XML is a
// DXF2 <dataValueSet>, ADX an <adx> of <group>s. Returns only the first
// non-OK status of sink.Row.
Status ReadDataValueRows(std::istream& in, const std::string& source, DataFileFormat format,
                         DataValueRowSink& sink);

namespace internal {
// The streaming readers behind ReadDataValueRows (data_value_json.cc,
// data_value_xml.cc).
Status ReadJsonRows(std::istream& in, const std::string& source, DataValueRowSink& sink);
Status ReadXmlRows(std::istream& in, const std::string& source, bool adx, DataValueRowSink& sink);
}  // namespace internal

}  // namespace gemis::exchange
