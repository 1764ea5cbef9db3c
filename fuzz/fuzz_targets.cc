#include "fuzz_targets.h"

#include <cstdlib>
#include <sstream>
#include <string>

#include "exchange/csv_reader.h"
#include "exchange/data_value_rows.h"

namespace gemis::fuzz {

namespace {

// Something every finding must satisfy; a broken one aborts (a crash the
// fuzzer reports).
void Check(bool ok) {
  if (!ok) std::abort();
}

// Counts what the reader finds and checks the rows' bookkeeping.
class CountingSink final : public exchange::DataValueRowSink {
 public:
  Status Row(exchange::DataValueRow row) override {
    Check(row.index >= 0 && row.line >= 0);
    Check(row.index >= last_index_);  // indexes grow
    last_index_ = row.index;
    ++rows_;
    return Status::Ok();
  }
  void FileProblem(const Status& status, std::string) override {
    Check(!status.ok());
    Check(!file_problem_);  // at most one, and nothing after it
    file_problem_ = true;
  }
  void RecordProblem(const Status& status, int64_t index) override {
    Check(!status.ok() && index >= 0);
  }

 private:
  int64_t rows_ = 0, last_index_ = 0;
  bool file_problem_ = false;
};

void DataValues(const uint8_t* data, size_t size, exchange::DataFileFormat format) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  CountingSink sink;
  Status status = exchange::ReadDataValueRows(in, "fuzz", format, sink);
  Check(status.ok());  // the sink never stops the reading
}

void Dhis2Csv(const uint8_t* d, size_t n) { DataValues(d, n, exchange::DataFileFormat::kCsv); }
void Dhis2Json(const uint8_t* d, size_t n) { DataValues(d, n, exchange::DataFileFormat::kJson); }
void Dhis2Xml(const uint8_t* d, size_t n) { DataValues(d, n, exchange::DataFileFormat::kXml); }
void Adx(const uint8_t* d, size_t n) { DataValues(d, n, exchange::DataFileFormat::kAdx); }

// The CSV layer in every dialect: the first byte picks the options (header
// or not, ragged or not, the delimiter or detection, small limits).
void CsvDialects(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const uint8_t pick = data[0];
  exchange::CsvOptions options;
  static const char kDelimiters[] = {0, ',', ';', '\t', '|'};
  options.delimiter = kDelimiters[pick % 5];
  options.has_header = (pick & 0x08) != 0;
  options.allow_ragged = (pick & 0x10) != 0;
  if (pick & 0x20) {
    options.max_field_bytes = 64;
    options.max_record_bytes = 256;
    options.max_fields = 8;
  }
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  Result<exchange::CsvReader> reader = exchange::CsvReader::Open(in, "fuzz", options);
  if (!reader.ok()) return;
  exchange::CsvRecord record;
  for (int guard = 0; guard < 1'000'000; ++guard) {
    Result<bool> more = reader->Next(record);
    if (more.ok() && !*more) return;
    if (more.ok()) {
      Check(record.size() <= options.max_fields);
      for (size_t i = 0; i < record.size(); ++i) {
        Check(record.Get(i).size() <= options.max_field_bytes);
      }
    }
  }
  Check(false);  // a reader that never ends
}

}  // namespace

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"dhis2_csv", &Dhis2Csv},       {"dhis2_json", &Dhis2Json},
      {"dhis2_xml", &Dhis2Xml},       {"adx", &Adx},
      {"csv_dialects", &CsvDialects},
  };
  return targets;
}

}  // namespace gemis::fuzz
