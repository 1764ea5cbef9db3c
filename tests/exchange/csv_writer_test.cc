#include "exchange/csv_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <sstream>
#include <streambuf>

#include "exchange/csv_reader.h"

namespace gemis::exchange {
namespace {

std::string Write(const std::vector<std::vector<std::string>>& rows,
                  CsvWriterOptions options = {}) {
  std::ostringstream out;
  CsvWriter writer(out, options);
  for (const auto& row : rows) writer.WriteRow(row);
  EXPECT_TRUE(writer.Flush().ok());
  return out.str();
}

TEST(CsvWriter, WritesPlainFieldsWithoutQuotes) {
  EXPECT_EQ(Write({{"orgUnit", "period", "value"}, {"CB001", "2024", "57"}}),
            "orgUnit,period,value\nCB001,2024,57\n");
}

TEST(CsvWriter, QuotesFieldsWithTheDelimiterAQuoteOrALineBreak) {
  EXPECT_EQ(Write({{"a,b", "say \"hi\"", "x\ny", "x\r\ny", "cr\r", "plain"}}),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"x\r\ny\",\"cr\r\",plain\n");
}

TEST(CsvWriter, QuotesLeadingAndTrailingSpaceOrTab) {
  EXPECT_EQ(Write({{" a", "b ", "\tc", "d e"}}), "\" a\",\"b \",\"\tc\",d e\n");
}

TEST(CsvWriter, QuotesOnlyASoleEmptyField) {
  EXPECT_EQ(Write({{""}, {"", ""}, {"a", "", "b"}}), "\"\"\n,\na,,b\n");
}

TEST(CsvWriter, WithSemicolonsQuotesSemicolonsButNotCommas) {
  EXPECT_EQ(Write({{"1,5", "a;b", "Hà Nội"}}, {.delimiter = ';'}), "1,5;\"a;b\";Hà Nội\n");
}

TEST(CsvWriter, WritesCrLfWhenAsked) {
  EXPECT_EQ(Write({{"a", "b"}, {"1", "2"}}, {.line_ending = CsvLineEnding::kCrLf}),
            "a,b\r\n1,2\r\n");
}

TEST(CsvWriter, WritesABomWhenAsked) {
  EXPECT_EQ(Write({{"Mã"}}, {.write_bom = true}), "\xEF\xBB\xBFMã\n");
  EXPECT_EQ(Write({}, {.write_bom = true}), "\xEF\xBB\xBF");
}

TEST(CsvWriter, QuotesAFirstFieldThatStartsWithBomBytes) {
  EXPECT_EQ(Write({{"\xEF\xBB\xBFx", "y"}, {"\xEF\xBB\xBFx"}}),
            "\"\xEF\xBB\xBFx\",y\n\xEF\xBB\xBFx\n");
  EXPECT_EQ(Write({{"\xEF\xBB\xBFx"}}, {.write_bom = true}), "\xEF\xBB\xBF\xEF\xBB\xBFx\n");
}

TEST(CsvWriter, AnEmptyRowIsAnEmptyLine) {
  std::ostringstream out;
  CsvWriter writer(out, ';');
  writer.WriteRow(std::vector<std::string_view>{});
  writer.WriteRow({"a", "b"});
  EXPECT_EQ(out.str(), "\na;b\n");
  EXPECT_EQ(writer.rows_written(), 2);
}

TEST(CsvWriter, ReportsAFailedStream) {
  std::ostringstream out;
  CsvWriter writer(out);
  out.setstate(std::ios::badbit);
  writer.WriteRow({"a"});
  Status status = writer.Flush();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kIoError);
  EXPECT_FALSE(writer.status().ok());
}

// A device that accepts nothing, like a full disk.
class FullDisk : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
};

TEST(CsvWriter, ReportsAFailedStreamThatThrowsWithoutThrowing) {
  FullDisk disk;
  std::ostream out(&disk);
  out.exceptions(std::ios::badbit | std::ios::failbit);
  CsvWriter writer(out);
  writer.WriteRow({"a"});
  EXPECT_EQ(writer.Flush().code(), ErrorCode::kIoError);
}

// --- Round trip: what the writer writes, the reader reads back unchanged. -------

std::string RandomField(std::mt19937_64& random) {
  // The last piece is U+1F600, a 4-byte sequence. Formatting is off because
  // clang-format breaks after every literal that ends in a newline.
  // clang-format off
  static const char* const kPieces[] = {
      "a", "Z", "0", "Bằng", "Đ", "ữ", "ệ", "\"", "\"\"", ",", ";", "\t", " ", "\r", "\n",
      "\r\n", "x y", "Hà Giang", "\xF0\x9F\x98\x80"};
  // clang-format on
  std::uniform_int_distribution<int> count(0, 6);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  std::string field;
  for (int n = count(random); n > 0; --n) field += kPieces[piece(random)];
  return field;
}

std::vector<std::vector<std::string>> RandomRows(std::mt19937_64& random, size_t count) {
  std::uniform_int_distribution<int> width(1, 5);
  std::vector<std::vector<std::string>> rows(count);
  for (auto& row : rows) {
    for (int n = width(random); n > 0; --n) row.push_back(RandomField(random));
  }
  return rows;
}

std::vector<std::vector<std::string>> ReadBack(const std::string& text, char delimiter) {
  std::istringstream in(text);
  CsvOptions options{.delimiter = delimiter, .has_header = false, .allow_ragged = true};
  Result<CsvReader> reader = CsvReader::Open(in, "round_trip.csv", options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::vector<std::string>> rows;
  CsvRecord record;
  while (reader.ok()) {
    Result<bool> more = reader->Next(record);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(record.ToStrings());
  }
  return rows;
}

TEST(CsvWriter, RoundTripsRandomRows) {
  const uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (char delimiter : {',', ';', '\t'}) {
    for (CsvLineEnding ending : {CsvLineEnding::kLf, CsvLineEnding::kCrLf}) {
      for (bool bom : {false, true}) {
        SCOPED_TRACE(std::string("delimiter '") + delimiter + "' crlf " +
                     std::to_string(ending == CsvLineEnding::kCrLf) + " bom " +
                     std::to_string(bom));
        std::vector<std::vector<std::string>> rows = RandomRows(random, 300);
        std::string text = Write(rows, {delimiter, ending, bom});
        EXPECT_EQ(ReadBack(text, delimiter), rows);
      }
    }
  }
}

TEST(CsvWriter, RoundTripsAnInputLargerThanSeveralReadBuffers) {
  const uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  std::vector<std::vector<std::string>> rows = RandomRows(random, 40000);
  std::string text = Write(rows, {.delimiter = ';', .line_ending = CsvLineEnding::kCrLf});
  ASSERT_GT(text.size(), 3 * CsvReader::kChunkBytes);
  EXPECT_EQ(ReadBack(text, ';'), rows);
}

}  // namespace
}  // namespace gemis::exchange
