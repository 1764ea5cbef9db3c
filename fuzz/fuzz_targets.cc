#include "fuzz_targets.h"

#include <cstdlib>
#include <iterator>
#include <sstream>
#include <string>

#include "core/text.h"
#include "exchange/csv_reader.h"
#include "exchange/data_value_rows.h"
#include "exchange/legacy_encoding.h"
#include "exchange/sheet_mapping.h"
#include "exchange/xlsx_reader.h"

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

// A workbook: open it and read every sheet and merged range. Limits are
// lowered so that a bomb is caught quickly and well under the fuzzer's RSS
// limit; the code paths are those of the real limits.
void Xlsx(const uint8_t* data, size_t size) {
  exchange::XlsxLimits limits;
  limits.max_archive_bytes = size_t{8} << 20;
  limits.max_part_bytes = size_t{8} << 20;
  limits.max_total_bytes = size_t{16} << 20;
  limits.max_dom_bytes = size_t{64} << 20;
  limits.max_cells = size_t{1} << 16;
  Status status =
      exchange::XlsxReadAll(std::string(reinterpret_cast<const char*>(data), size), "fuzz", limits);
  Check(status.ok() || status.code() != ErrorCode::kInternal);
}

// The legacy decoders: the first byte picks the encoding; the text is decoded
// whole and through the stream adaptor with a tiny block, and both must give
// the same UTF-8, which must be valid.
void LegacyEncoding(const uint8_t* data, size_t size) {
  if (size == 0) return;
  static const exchange::TextEncoding kEncodings[] = {
      exchange::TextEncoding::kTcvn3, exchange::TextEncoding::kVni, exchange::TextEncoding::kAuto,
      exchange::TextEncoding::kUtf8};
  const exchange::TextEncoding encoding = kEncodings[data[0] % 4];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  exchange::DecodeReport report;
  exchange::TextEncoding chosen = encoding;
  std::string whole = exchange::DecodeText(bytes, encoding, &report, &chosen);
  Check(chosen != exchange::TextEncoding::kAuto);
  if (chosen == exchange::TextEncoding::kUtf8) return;  // passed through unchanged
  Check(CheckUtf8(whole).ok());
  if (encoding == exchange::TextEncoding::kAuto) return;
  std::istringstream source{std::string(bytes)};
  exchange::DecodingIstream stream(source, encoding, 1 + data[0] % 7);
  std::string streamed((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  Check(streamed == whole);
}

}  // namespace

// A column mapping (gemis-mapping/1) resolved against a small appendix-like
// table (a two-row header, a subtotal row): the mapping parser, the
// command-line forms (the input's lines) and the header matcher. Every text
// handed out must be valid UTF-8.
void SheetMapping(const uint8_t* data, size_t size) {
  static const exchange::SheetTable* table = [] {
    Result<exchange::SheetTable> t = exchange::SheetTable::FromCsv(
        "STT,Đơn vị,Mã,Tổ truyền thông cộng đồng (tổ),,Kinh phí\n"
        ",,,Cấp tỉnh,Cấp huyện,\n"
        "1,Trúc Bạch,4,11,7,1500000\n"
        ",Cộng,,11,7,\n",
        "fuzz.csv");
    Check(t.ok());
    return new exchange::SheetTable(std::move(t).value());
  }();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Result<exchange::SheetMapping> mapping = exchange::ParseSheetMapping(input, "fuzz.json");
  if (!mapping.ok()) {
    // The same bytes as command-line arguments, one per line.
    mapping = exchange::SheetMapping{};
    size_t start = 0;
    int n = 0;
    while (start < input.size() && n++ < 16) {
      size_t end = input.find('\n', start);
      std::string_view line = input.substr(start, end - start);
      Status added = n % 3 == 0   ? exchange::AddValueColumnArgument(*mapping, line)
                     : n % 3 == 1 ? exchange::AddColumnArgument(*mapping, line)
                                  : exchange::AddConstantArgument(*mapping, line);
      (void)added;
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  for (exchange::SheetImportKind kind :
       {exchange::SheetImportKind::kDataValues, exchange::SheetImportKind::kTargets}) {
    exchange::SheetMapping copy = *mapping;
    if (!exchange::PrepareSheetMapping(copy, kind).ok()) continue;
    Result<exchange::ResolvedSheetMapping> resolved =
        exchange::ResolvedSheetMapping::Resolve(copy, *table);
    if (!resolved.ok()) continue;
    for (int row = resolved->first_row(); row <= resolved->last_row(); ++row) {
      if (!resolved->IsDataRow(row)) continue;
      for (const auto& [field, spec] : copy.fields) {
        Check(IsValidUtf8(resolved->Text(row, field)));
        (void)spec;
      }
    }
  }
}

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"dhis2_csv", &Dhis2Csv},
      {"dhis2_json", &Dhis2Json},
      {"dhis2_xml", &Dhis2Xml},
      {"adx", &Adx},
      {"csv_dialects", &CsvDialects},
      {"xlsx", &Xlsx},
      {"legacy_encoding", &LegacyEncoding},
      {"sheet_mapping", &SheetMapping},
  };
  return targets;
}

}  // namespace gemis::fuzz
