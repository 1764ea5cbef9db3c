#include "exchange/csv_writer.h"

#include <cassert>
#include <ios>

namespace gemis::exchange {

CsvWriter::CsvWriter(std::ostream& out, char delimiter)
    : CsvWriter(out, CsvWriterOptions{delimiter, CsvLineEnding::kLf, false}) {}

CsvWriter::CsvWriter(std::ostream& out, CsvWriterOptions options) : out_(&out), options_(options) {
  char d = options_.delimiter;
  assert(d != '"' && d != '\r' && d != '\n' && d != '\0' && static_cast<unsigned char>(d) < 0x80 &&
         "unusable CSV delimiter");
  (void)d;
  if (options_.write_bom) Put("\xEF\xBB\xBF");
}

bool CsvWriter::NeedsQuotes(std::string_view field, size_t field_count) const {
  if (field.empty()) return field_count == 1;
  if (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' ||
      field.back() == '\t') {
    return true;
  }
  if (first_field_of_file_ && !options_.write_bom && field.substr(0, 3) == "\xEF\xBB\xBF") {
    return true;  // a reader would take the bytes for a BOM and drop them
  }
  for (char c : field) {
    if (c == options_.delimiter || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void CsvWriter::AppendField(std::string_view field, size_t field_count) {
  if (!NeedsQuotes(field, field_count)) {
    line_.append(field);
  } else {
    line_.push_back('"');
    for (char c : field) {
      if (c == '"') line_.push_back('"');
      line_.push_back(c);
    }
    line_.push_back('"');
  }
  first_field_of_file_ = false;
}

template <typename Fields>
void CsvWriter::WriteFields(const Fields& fields) {
  size_t i = 0;
  for (std::string_view field : fields) {
    if (i++ > 0) line_.push_back(options_.delimiter);
    AppendField(field, fields.size());
  }
  if (options_.line_ending == CsvLineEnding::kCrLf) line_.push_back('\r');
  line_.push_back('\n');
  Put(line_);
  line_.clear();
  ++rows_;
}

void CsvWriter::WriteRow(const std::vector<std::string_view>& fields) { WriteFields(fields); }
void CsvWriter::WriteRow(const std::vector<std::string>& fields) { WriteFields(fields); }
void CsvWriter::WriteRow(std::initializer_list<std::string_view> fields) { WriteFields(fields); }

void CsvWriter::Put(std::string_view bytes) {
  try {
    out_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  } catch (const std::ios_base::failure&) {
    // A stream with exceptions enabled: its state keeps the failure for status().
  }
}

Status CsvWriter::Flush() {
  try {
    out_->flush();
  } catch (const std::ios_base::failure&) {
  }
  return status();
}

Status CsvWriter::status() const {
  if (out_->fail()) return Status::Io("writing CSV output failed");
  return Status::Ok();
}

}  // namespace gemis::exchange
