#include "exchange/data_value_rows.h"

#include <iterator>
#include <utility>

#include "exchange/csv_reader.h"

namespace gemis::exchange {

namespace {

Status ReadCsv(std::istream& in, const std::string& source, DataValueRowSink& sink) {
  CsvOptions csv_options;
  csv_options.allow_ragged = true;  // DHIS2 leaves out trailing empty fields
  Result<CsvReader> reader = CsvReader::Open(in, source, csv_options);
  if (!reader.ok()) {
    sink.FileProblem(reader.status(), "file");
    return Status::Ok();
  }
  const CsvHeader& header = reader->header();
  // The required columns, named in conflicts by their DHIS2 JSON keys.
  const char* properties[] = {"dataElement", "period", "orgUnit", "value"};
  Result<size_t> columns[] = {header.Require({"dataelement", "data_element"}),
                              header.Require({"period"}), header.Require({"orgunit", "org_unit"}),
                              header.Require({"value"})};
  std::vector<size_t> required;
  for (size_t i = 0; i < std::size(columns); ++i) {
    if (!columns[i].ok()) {
      sink.FileProblem(columns[i].status(), properties[i]);
      return Status::Ok();
    }
    required.push_back(*columns[i]);
  }
  std::optional<size_t> coc = header.Find({"categoryoptioncombo", "category_option_combo"});
  std::optional<size_t> aoc = header.Find({"attributeoptioncombo", "attribute_option_combo"});
  std::optional<size_t> by = header.Find({"storedby", "stored_by"});
  std::optional<size_t> comment = header.Find({"comment"});
  std::optional<size_t> followup = header.Find({"followup"});
  std::optional<size_t> deleted = header.Find({"deleted"});
  CsvRecord record;
  for (;;) {
    Result<bool> more = reader->Next(record);
    if (!more.ok()) {
      // An unterminated quote makes the rest of the file one field.
      if (more.status().message().starts_with("unterminated quoted field")) {
        sink.FileProblem(more.status(), "file");
        return Status::Ok();
      }
      sink.RecordProblem(more.status(), record.index());
      continue;
    }
    if (!*more) return Status::Ok();
    if (record.size() > header.size()) {  // a lost quote or an unquoted delimiter
      sink.RecordProblem(Status::Invalid("expected " + std::to_string(header.size()) +
                                             " fields (as in the header) but found " +
                                             std::to_string(record.size()),
                                         reader->Locate(record, header.size())),
                         record.index());
      continue;
    }
    auto get = [&](std::optional<size_t> column) { return std::string(record.Get(column)); };
    GEMIS_RETURN_IF_ERROR(sink.Row({get(required[0]), get(required[1]), get(required[2]), get(coc),
                                    get(aoc), get(required[3]), get(by), get(comment),
                                    get(followup), get(deleted), record.line(), record.index()}));
  }
}

}  // namespace

Status ReadDataValueRows(std::istream& in, const std::string& source, DataFileFormat format,
                         DataValueRowSink& sink) {
  switch (format) {
    case DataFileFormat::kCsv: return ReadCsv(in, source, sink);
    case DataFileFormat::kJson: return internal::ReadJsonRows(in, source, sink);
    case DataFileFormat::kXml: return internal::ReadXmlRows(in, source, /*adx=*/false, sink);
    case DataFileFormat::kAdx: return internal::ReadXmlRows(in, source, /*adx=*/true, sink);
  }
  return Status::Internal("unknown data file format");
}

}  // namespace gemis::exchange
