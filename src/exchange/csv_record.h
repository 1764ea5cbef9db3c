// One CSV record as CsvReader produces it: field values plus where each
// field starts in the file, kept in buffers that are reused record after record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gemis::exchange {

// One record. Fields are views into a buffer that the record owns and that
// CsvReader::Next reuses: a view stays valid until the record is passed to
// Next again or destroyed (copy with ToStrings() to keep the values).
class CsvRecord {
 public:
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  // REQUIRES: i < size().
  std::string_view operator[](size_t i) const;
  // The field, or "" when `column` is nullopt or past the end of a ragged
  // record; pairs with CsvHeader::Find for optional columns.
  std::string_view Get(std::optional<size_t> column) const;
  std::vector<std::string> ToStrings() const;

  // 1-based physical line where the record starts.
  int line() const { return line_; }
  // 0-based index among data records (the header is not counted; a record
  // rejected with an error still consumes its index).
  int64_t index() const { return index_; }
  // 1-based line and byte column where field i starts (at its opening quote
  // when quoted). REQUIRES: i < size().
  int field_line(size_t i) const;
  int field_column(size_t i) const;

 private:
  friend class CsvReader;
  struct Field {
    size_t end = 0;  // one past the value's last byte in data_
    int line = 0;
    int column = 0;
  };
  void Clear();

  std::string data_;  // all field values, back to back
  std::vector<Field> fields_;
  int line_ = 0;
  int64_t index_ = 0;
};

}  // namespace gemis::exchange
