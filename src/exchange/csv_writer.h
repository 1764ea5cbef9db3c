// CSV writer: the dialect CsvReader reads (docs/formats/csv.md), so that
// writing rows and reading them back gives the same rows.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gemis::exchange {

enum class CsvLineEnding { kLf, kCrLf };

struct CsvWriterOptions {
  // Any ASCII byte except '"', CR, LF and NUL (asserted: a caller's choice,
  // never user input).
  char delimiter = ',';
  // LF by default; kCrLf for RFC 4180 consumers and old Windows tools.
  CsvLineEnding line_ending = CsvLineEnding::kLf;
  // Starts the output with a UTF-8 BOM, which Excel needs to show Vietnamese
  // text correctly when it opens a .csv file by double click.
  bool write_bom = false;
};

// Writes rows to a stream it does not own (which must outlive the writer).
// A field is quoted only when it must be: it contains the delimiter, a quote,
// CR or LF; it starts or ends with a space or tab (readers that trim would
// lose them); it is the only field of its row and empty (an empty line would
// be read as a blank line and skipped); or it is the first field of the file
// and starts with the bytes of a UTF-8 BOM. Inside quotes a quote is doubled.
// Field bytes are written verbatim: the caller supplies valid UTF-8 without
// NUL bytes (CsvReader rejects both). Not thread-safe.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, char delimiter = ',');
  CsvWriter(std::ostream& out, CsvWriterOptions options);

  // Writes one record and its line end. A row of zero fields writes an empty
  // line (which a reader skips).
  void WriteRow(const std::vector<std::string_view>& fields);
  void WriteRow(const std::vector<std::string>& fields);
  void WriteRow(std::initializer_list<std::string_view> fields);

  // Flushes the stream; kIoError if any write or the flush failed.
  Status Flush();
  // kIoError if a write has failed so far (without flushing).
  Status status() const;

  int64_t rows_written() const { return rows_; }

 private:
  template <typename Fields>
  void WriteFields(const Fields& fields);
  bool NeedsQuotes(std::string_view field, size_t field_count) const;
  void AppendField(std::string_view field, size_t field_count);
  void Put(std::string_view bytes);

  std::ostream* out_;
  CsvWriterOptions options_;
  std::string line_;  // the row being written, reused
  int64_t rows_ = 0;
  bool first_field_of_file_ = true;
};

}  // namespace gemis::exchange
