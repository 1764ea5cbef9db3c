// Streaming CSV reader (RFC 4180 plus what Vietnamese offices send: UTF-8
// with or without BOM, ',' or ';' delimiters, CRLF or LF). The dialect, every
// rule and every error are specified in docs/formats/csv.md.
//
// Memory is bounded whatever the file size: one read buffer (kChunkBytes),
// the header, and one record: at most max_record_bytes of field data (plus
// one buffer's worth, as limits are checked after each copied run) and
// max_fields 16-byte field entries, reused from record to record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "exchange/csv_header.h"
#include "exchange/csv_record.h"

namespace gemis::exchange {

struct CsvOptions {
  // ',' ';' '\t' or any other ASCII byte except '"', CR, LF and NUL.
  // 0 = detect: the candidate among ',' ';' '\t' that occurs most often
  // outside quotes in the first line (ties prefer that order; none: ',').
  char delimiter = 0;
  // The first non-blank record names the columns.
  bool has_header = true;
  // Accept records whose field count differs from the header's (or, without
  // a header, from the first record's).
  bool allow_ragged = false;
  // Limits on one record, checked while reading so that memory stays bounded.
  size_t max_field_bytes = size_t{1} << 20;   // bytes of one field's value
  size_t max_record_bytes = size_t{8} << 20;  // bytes of all fields' values
  size_t max_fields = 16384;                  // fields in one record
};

// Reads records one at a time from a stream it does not own. Not thread-safe.
class CsvReader {
 public:
  // Bytes requested from the stream per read.
  static constexpr size_t kChunkBytes = size_t{1} << 18;

  // Skips a UTF-8 BOM, picks the delimiter and, when options.has_header,
  // reads the header. Errors: any error of Next in the header, an empty input
  // when a header is expected, a duplicate column name, an unusable
  // delimiter or a zero limit (kUsage), a stream that fails (kIoError).
  // `in` must outlive the reader; it is read in kChunkBytes blocks, so it
  // may be positioned past the last record returned.
  static Result<CsvReader> Open(std::istream& in, std::string source_name, CsvOptions options = {});

  // Reads the next data record into `record` (reusing its buffers). Returns
  // false at the end of input; blank lines are skipped. An error is located
  // at {source_name, line, column, header name of the field}; after it the
  // reader continues at the next physical line, so a caller may collect
  // several errors (an unterminated quote ends the input). After an error
  // `record` holds what was read: all its fields for a field-count error,
  // a partial record otherwise.
  Result<bool> Next(CsvRecord& record);

  // Empty when the options say there is no header.
  const CsvHeader& header() const { return header_; }
  char delimiter() const { return delimiter_; }
  const std::string& source_name() const { return source_name_; }
  // Where field i of `record` starts, with the file and the column's name,
  // for a caller's own errors about the value. REQUIRES: i < record.size().
  Location Locate(const CsvRecord& record, size_t i) const;

 private:
  CsvReader(std::istream& in, std::string source_name, CsvOptions options);

  Status Start();
  void SkipBom();
  char DetectDelimiter() const;
  void BuildTables();
  Status ReadHeader();

  // Buffer management: the unread bytes are buf_[pos_, end_).
  bool Refill();
  int Peek();
  void Ensure(size_t n);
  int64_t Offset() const { return base_ + static_cast<int64_t>(pos_); }
  int Column() const { return static_cast<int>(Offset() - line_start_ + 1); }
  void NewLine();
  void ConsumeLineEnd();
  bool SkipBlankLines();
  void SkipRestOfLine();

  // Parsing one record, the parser's state machine. These return false on
  // an error, which they store in error_ (no Status per field on the hot path).
  bool ParseRecord(CsvRecord& record);
  bool ParseUnquoted(CsvRecord& record);
  bool ParseQuoted(CsvRecord& record);
  bool CopyLineBreak(CsvRecord& record);
  bool CopyPlain(const bool* stop, CsvRecord& record);
  bool CheckSize(const CsvRecord& record);
  bool FailSize(const CsvRecord& record);
  Status CheckFieldCount(const CsvRecord& record);

  Status Error(std::string message, int line, int column, size_t field) const;
  bool Fail(std::string message, int line, int column, size_t field);
  bool FailHere(std::string message, size_t field);
  std::string FieldName(size_t field) const;

  std::istream* in_;
  std::string source_name_;
  CsvOptions options_;
  char delimiter_ = ',';
  CsvHeader header_;
  size_t expected_fields_ = 0;  // 0 until known

  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  Status io_status_;
  Status error_;            // the error of the last parse function that returned false
  int64_t base_ = 0;        // offset in the input of buf_[0]
  int64_t line_start_ = 0;  // offset in the input of the current line's first byte
  int line_ = 1;
  int64_t next_index_ = 0;
  int end_line_ = 0;    // where the last record parsed ended (before its line
  int end_column_ = 0;  // break), for "too few fields"

  // Bytes that stop the fast scan of an unquoted / quoted field.
  bool stop_unquoted_[256] = {};
  bool stop_quoted_[256] = {};
};

}  // namespace gemis::exchange
