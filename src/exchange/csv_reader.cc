#include "exchange/csv_reader.h"

#include <cassert>
#include <cstring>
#include <ios>
#include <limits>
#include <utility>

namespace gemis::exchange {
namespace {

constexpr int kEnd = -1;  // Peek() at the end of input

// Length (2 to 4) of the well-formed UTF-8 sequence starting at p, whose
// first byte is >= 0x80, or 0 when it is not well formed (overlong forms,
// surrogates and code points past U+10FFFF included) or is cut by `avail`.
size_t Utf8SequenceLength(const unsigned char* p, size_t avail) {
  unsigned char lead = p[0];
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (avail < length || p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return length;
}

std::string Describe(int byte) {
  if (byte > 0x20 && byte < 0x7F) return std::string("'") + static_cast<char>(byte) + "'";
  static const char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[(byte >> 4) & 0xF] + kHex[byte & 0xF];
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string source_name, CsvOptions options)
    : in_(&in), source_name_(std::move(source_name)), options_(options) {}

Result<CsvReader> CsvReader::Open(std::istream& in, std::string source_name, CsvOptions options) {
  CsvReader reader(in, std::move(source_name), options);
  GEMIS_RETURN_IF_ERROR(reader.Start());
  return reader;
}

Status CsvReader::Start() {
  char d = options_.delimiter;
  if (d == '"' || d == '\r' || d == '\n' || static_cast<unsigned char>(d) >= 0x80) {
    return Status::Usage("the CSV delimiter cannot be a quote, CR, LF or a non-ASCII byte");
  }
  if (options_.max_field_bytes == 0 || options_.max_record_bytes == 0 || options_.max_fields == 0) {
    return Status::Usage("CSV limits (max_field_bytes, max_record_bytes, max_fields) must be > 0");
  }
  if (!*in_) return Status::Io("cannot read the input", Location{source_name_, 0, 0, ""});
  buf_.resize(kChunkBytes);
  SkipBom();
  delimiter_ = d != 0 ? d : DetectDelimiter();
  BuildTables();
  if (!io_status_.ok()) return io_status_;
  return options_.has_header ? ReadHeader() : Status::Ok();
}

void CsvReader::SkipBom() {
  Ensure(3);
  if (end_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
    pos_ += 3;
    line_start_ = 3;  // columns count from the first byte after the BOM
  }
}

char CsvReader::DetectDelimiter() const {
  static constexpr char kCandidates[] = {',', ';', '\t'};
  size_t counts[3] = {};
  bool quoted = false;
  bool content = false;  // the current line has a byte other than CR/LF
  for (size_t i = pos_; i < end_; ++i) {
    char c = buf_[i];
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice
    if (!quoted && (c == '\n' || c == '\r')) {
      if (content) break;  // leading blank lines do not count as "the first line"
      continue;
    }
    content = true;
    for (int k = 0; k < 3; ++k) counts[k] += !quoted && c == kCandidates[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kCandidates[best];
}

void CsvReader::BuildTables() {
  for (int b = 0x80; b < 0x100; ++b) stop_unquoted_[b] = stop_quoted_[b] = true;
  for (unsigned char b : {'\r', '\n', '\0'}) stop_unquoted_[b] = stop_quoted_[b] = true;
  stop_unquoted_[static_cast<unsigned char>(delimiter_)] = true;
  stop_quoted_[static_cast<unsigned char>('"')] = true;
}

Status CsvReader::ReadHeader() {
  if (!SkipBlankLines()) {
    if (!io_status_.ok()) return io_status_;
    return Status::Invalid("the file is empty: expected a header line naming the columns",
                           Location{source_name_, 0, 0, ""});
  }
  CsvRecord record;
  record.line_ = line_;
  bool parsed = ParseRecord(record);
  if (!io_status_.ok()) return io_status_;
  if (!parsed) return error_;
  header_ = CsvHeader(record.ToStrings(), source_name_, record.line());
  if (std::optional<size_t> dup = header_.FirstDuplicate()) {
    size_t first = header_.Find({header_.Name(*dup)}).value_or(0);
    return Error("duplicate column name '" + std::string(header_.Name(*dup)) +
                     "' (same as column " + std::to_string(first + 1) + ")",
                 record.field_line(*dup), record.field_column(*dup), record.size());
  }
  expected_fields_ = header_.size();
  return Status::Ok();
}

bool CsvReader::Refill() {
  if (eof_) return false;
  size_t unread = end_ - pos_;
  std::memmove(buf_.data(), buf_.data() + pos_, unread);
  base_ += static_cast<int64_t>(pos_);
  pos_ = 0;
  end_ = unread;
  try {
    in_->read(buf_.data() + end_, static_cast<std::streamsize>(buf_.size() - end_));
  } catch (const std::ios_base::failure&) {
    // A stream with exceptions enabled throws on EOF too; its state says which.
  }
  size_t got = static_cast<size_t>(in_->gcount());
  end_ += got;
  if (in_->bad()) {
    io_status_ = Status::Io("read error", Location{source_name_, line_, 0, ""});
    eof_ = true;
  } else if (!*in_) {
    eof_ = true;  // read() sets failbit with eofbit on a short read
  }
  return got > 0;
}

int CsvReader::Peek() {
  if (pos_ == end_ && !Refill()) return kEnd;
  return static_cast<unsigned char>(buf_[pos_]);
}

void CsvReader::Ensure(size_t n) {
  if (end_ - pos_ < n && !eof_) Refill();
}

void CsvReader::NewLine() {
  if (line_ < std::numeric_limits<int>::max()) ++line_;  // saturates past 2^31 lines
  line_start_ = Offset();
}

void CsvReader::ConsumeLineEnd() {
  int c = Peek();
  if (c == '\r') {
    ++pos_;
    if (Peek() == '\n') ++pos_;
    NewLine();
  } else if (c == '\n') {
    ++pos_;
    NewLine();
  }
}

bool CsvReader::SkipBlankLines() {
  for (;;) {
    int c = Peek();
    if (c != '\r' && c != '\n') return c != kEnd;
    ConsumeLineEnd();
  }
}

void CsvReader::SkipRestOfLine() {
  for (int c = Peek(); c != kEnd; c = Peek()) {
    if (c == '\r' || c == '\n') {
      ConsumeLineEnd();
      return;
    }
    ++pos_;
  }
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  record.Clear();
  if (!SkipBlankLines()) {
    if (!io_status_.ok()) return io_status_;
    return false;
  }
  record.line_ = line_;
  record.index_ = next_index_++;
  if (!ParseRecord(record)) {
    if (!io_status_.ok()) return io_status_;
    SkipRestOfLine();
    return error_;
  }
  GEMIS_RETURN_IF_ERROR(CheckFieldCount(record));
  return true;
}

Location CsvReader::Locate(const CsvRecord& record, size_t i) const {
  return Location{source_name_, record.field_line(i), record.field_column(i), FieldName(i)};
}

inline bool CsvReader::CheckSize(const CsvRecord& record) {
  size_t total = record.data_.size();
  if (total - record.fields_.back().end <= options_.max_field_bytes &&
      total <= options_.max_record_bytes) {
    return true;
  }
  return FailSize(record);
}

// The hot loop: copies the bytes from pos_ that need no action, validating
// UTF-8, and stops at an ASCII byte marked in `stop`, at the end of the
// buffer, or before a multi-byte sequence that the buffer's end cuts.
inline bool CsvReader::CopyPlain(const bool* stop, CsvRecord& record) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(buf_.data());
  const size_t end = end_;
  size_t p = pos_;
  for (;;) {
    while (p < end && !stop[bytes[p]]) ++p;
    if (p == end || bytes[p] < 0x80) break;
    if (end - p < 4 && !eof_) break;
    size_t length = Utf8SequenceLength(bytes + p, end - p);
    if (length == 0) {
      record.data_.append(buf_.data() + pos_, p - pos_);
      pos_ = p;
      return FailHere("invalid UTF-8 (" + Describe(bytes[p]) +
                          "); the file must be saved as UTF-8 (Excel: \"CSV UTF-8\")",
                      record.fields_.size() - 1);
    }
    p += length;
  }
  record.data_.append(buf_.data() + pos_, p - pos_);
  pos_ = p;
  return CheckSize(record);
}

// The record grammar. While a field is being read its Field::end holds the
// offset where its value starts; it is set to the real end once complete.
bool CsvReader::ParseRecord(CsvRecord& record) {
  const int delimiter = static_cast<unsigned char>(delimiter_);
  for (;;) {
    if (record.fields_.size() == options_.max_fields) {
      return FailHere("record has more than " + std::to_string(options_.max_fields) +
                          " fields (the limit max_fields)",
                      record.fields_.size());
    }
    record.fields_.push_back({record.data_.size(), line_, Column()});
    bool ok = Peek() == '"' ? ParseQuoted(record) : ParseUnquoted(record);
    record.fields_.back().end = record.data_.size();
    if (!ok) return false;
    if (Peek() != delimiter) break;
    ++pos_;
  }
  end_line_ = line_;
  end_column_ = Column();
  ConsumeLineEnd();
  return true;
}

bool CsvReader::ParseUnquoted(CsvRecord& record) {
  const int delimiter = static_cast<unsigned char>(delimiter_);
  for (;;) {
    if (!CopyPlain(stop_unquoted_, record)) return false;
    int c = Peek();
    if (c == delimiter || c == '\n' || c == '\r' || c == kEnd) return true;
    if (c == '\0') return FailHere("NUL byte in a field", record.fields_.size() - 1);
    Refill();  // a multi-byte sequence cut by the end of the buffer
  }
}

bool CsvReader::ParseQuoted(CsvRecord& record) {
  const size_t field = record.fields_.size() - 1;
  const int open_line = line_;
  const int open_column = Column();
  ++pos_;  // the opening quote
  for (;;) {
    if (!CopyPlain(stop_quoted_, record)) return false;
    int c = Peek();
    if (c == kEnd) {
      return Fail("unterminated quoted field: the quote opened here is never closed", open_line,
                  open_column, field);
    }
    if (c == '"') {
      ++pos_;
      int next = Peek();
      if (next == '"') {  // an escaped quote
        record.data_.push_back('"');
        ++pos_;
        if (!CheckSize(record)) return false;
        continue;
      }
      if (next == static_cast<unsigned char>(delimiter_) || next == '\n' || next == '\r' ||
          next == kEnd) {
        return true;
      }
      return FailHere("unexpected " + Describe(next) +
                          " after the closing quote of a quoted field (a quote inside a "
                          "quoted field must be doubled)",
                      field);
    }
    if (c == '\r' || c == '\n') {
      if (!CopyLineBreak(record)) return false;
    } else if (c == '\0') {
      return FailHere("NUL byte in a field", field);
    } else {
      Refill();  // a multi-byte sequence cut by the end of the buffer
    }
  }
}

// Copies a line break inside a quoted field verbatim (CRLF stays CRLF).
bool CsvReader::CopyLineBreak(CsvRecord& record) {
  if (buf_[pos_] == '\r') {
    record.data_.push_back('\r');
    ++pos_;
    if (Peek() == '\n') {
      record.data_.push_back('\n');
      ++pos_;
    }
  } else {
    record.data_.push_back('\n');
    ++pos_;
  }
  NewLine();
  return CheckSize(record);
}

bool CsvReader::FailSize(const CsvRecord& record) {
  const size_t field = record.fields_.size() - 1;
  const CsvRecord::Field& f = record.fields_.back();
  if (record.data_.size() - f.end > options_.max_field_bytes) {
    return Fail("field longer than " + std::to_string(options_.max_field_bytes) +
                    " bytes (the limit max_field_bytes)",
                f.line, f.column, field);
  }
  return Fail("record longer than " + std::to_string(options_.max_record_bytes) +
                  " bytes (the limit max_record_bytes)",
              f.line, f.column, field);
}

Status CsvReader::CheckFieldCount(const CsvRecord& record) {
  if (expected_fields_ == 0) {  // no header: the first record sets the width
    expected_fields_ = record.size();
    return Status::Ok();
  }
  if (options_.allow_ragged || record.size() == expected_fields_) return Status::Ok();
  std::string message = "expected " + std::to_string(expected_fields_) + " fields (as " +
                        (options_.has_header ? "in the header" : "in the first record") +
                        ") but found " + std::to_string(record.size());
  if (record.size() > expected_fields_) {
    return Error(std::move(message), record.field_line(expected_fields_),
                 record.field_column(expected_fields_), expected_fields_);
  }
  return Error(std::move(message), end_line_, end_column_, record.size());
}

Status CsvReader::Error(std::string message, int line, int column, size_t field) const {
  return Status::Invalid(std::move(message),
                         Location{source_name_, line, column, FieldName(field)});
}

bool CsvReader::Fail(std::string message, int line, int column, size_t field) {
  error_ = Error(std::move(message), line, column, field);
  return false;
}

bool CsvReader::FailHere(std::string message, size_t field) {
  return Fail(std::move(message), line_, Column(), field);
}

std::string CsvReader::FieldName(size_t field) const {
  return field < header_.size() ? std::string(header_.Name(field)) : std::string();
}

}  // namespace gemis::exchange
