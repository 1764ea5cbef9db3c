#include "exchange/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Row {
  int line = 0;
  int64_t index = 0;
  std::vector<std::string> fields;
};

Result<std::vector<Row>> ReadStream(std::istream& in, CsvOptions options) {
  GEMIS_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(in, "t.csv", options));
  std::vector<Row> rows;
  CsvRecord record;
  for (;;) {
    GEMIS_ASSIGN_OR_RETURN(bool more, reader.Next(record));
    if (!more) return rows;
    rows.push_back({record.line(), record.index(), record.ToStrings()});
  }
}

Result<std::vector<Row>> ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  return ReadStream(in, options);
}

Status FirstError(const std::string& text, CsvOptions options = {}) {
  return ReadAll(text, options).status();
}

std::string Fixture(const std::string& name) {
  return std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/csv/" + name;
}

void ExpectErrorAt(const Status& status, int line, int column, const std::string& field,
                   const std::string& message_part) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().file, "t.csv");
  EXPECT_EQ(status.where().line, line) << status.ToString();
  EXPECT_EQ(status.where().column, column) << status.ToString();
  EXPECT_EQ(status.where().field, field) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(message_part));
}

// --- Dialect -----------------------------------------------------------------

TEST(CsvReader, ReadsCommaSeparatedRecordsAfterTheHeader) {
  std::istringstream in("orgUnit,period,value\nCB001,2024,57\nCB002,2024Q1,12\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->delimiter(), ',');
  EXPECT_THAT(reader->header().names(), ElementsAre("orgUnit", "period", "value"));
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("CB001", "2024", "57"));
  EXPECT_EQ(record.line(), 2);
  EXPECT_EQ(record.index(), 0);
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("CB002", "2024Q1", "12"));
  EXPECT_EQ(record.line(), 3);
  EXPECT_EQ(record.index(), 1);
  EXPECT_FALSE(*reader->Next(record));
  EXPECT_FALSE(*reader->Next(record));  // stays at the end
}

TEST(CsvReader, DetectsSemicolonFromTheFirstLine) {
  std::istringstream in("a;b;c\n1,5;2;3\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->delimiter(), ';');
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("1,5", "2", "3"));
}

TEST(CsvReader, DetectsTab) {
  std::istringstream in("a\tb\n1\t2\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->delimiter(), '\t');
}

TEST(CsvReader, DetectionIgnoresDelimitersInsideQuotesAndLeadingBlankLines) {
  std::istringstream in("\n\"a,b,c\";d\n1;2\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->delimiter(), ';');
  EXPECT_THAT(reader->header().names(), ElementsAre("a,b,c", "d"));
}

TEST(CsvReader, DetectionPrefersCommaOnTiesAndWithoutCandidates) {
  std::istringstream tie("a,b;c\n");
  EXPECT_EQ(CsvReader::Open(tie, "t.csv")->delimiter(), ',');
  std::istringstream single("value\n1\n");
  EXPECT_EQ(CsvReader::Open(single, "t.csv")->delimiter(), ',');
}

TEST(CsvReader, ExplicitDelimiterOverridesDetection) {
  Result<std::vector<Row>> rows = ReadAll("a;b,c\n1;2,3\n", {.delimiter = ','});
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre("1;2", "3"));
}

TEST(CsvReader, RejectsAnUnusableDelimiterAsUsageError) {
  std::istringstream in("a\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv", {.delimiter = '"'});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kUsage);
}

TEST(CsvReader, SkipsTheUtf8BomAndCountsColumnsAfterIt) {
  std::istringstream in("\xEF\xBB\xBFM\xC3\xA3;T\xC3\xAAn\n1;\"x\"y\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->delimiter(), ';');
  EXPECT_THAT(reader->header().names(), ElementsAre("M\xC3\xA3", "T\xC3\xAAn"));
  CsvRecord record;
  ExpectErrorAt(reader->Next(record).status(), 2, 6, "T\xC3\xAAn", "after the closing quote");
}

TEST(CsvReader, ABomLaterInTheFileIsData) {
  Result<std::vector<Row>> rows = ReadAll("a\n\xEF\xBB\xBFx\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre("\xEF\xBB\xBFx"));
}

TEST(CsvReader, ReadsCrLfLineEnds) {
  Result<std::vector<Row>> rows = ReadAll("a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT(rows->at(0).fields, ElementsAre("1", "2"));
  EXPECT_THAT(rows->at(1).fields, ElementsAre("3", "4"));
  EXPECT_EQ(rows->at(1).line, 3);
}

TEST(CsvReader, ALoneCrIsALineBreak) {
  Result<std::vector<Row>> rows = ReadAll("a,b\r1,2\r3,4");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT(rows->at(1).fields, ElementsAre("3", "4"));
  EXPECT_EQ(rows->at(1).line, 3);
}

TEST(CsvReader, ReadsAFinalLineWithoutNewline) {
  Result<std::vector<Row>> rows = ReadAll("a,b\n1,2\n3,");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT(rows->at(1).fields, ElementsAre("3", ""));
}

TEST(CsvReader, SkipsBlankLinesButCountsThem) {
  Result<std::vector<Row>> rows = ReadAll("\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(0).line, 4);
  EXPECT_EQ(rows->at(0).index, 0);
  EXPECT_EQ(rows->at(1).line, 7);
  EXPECT_EQ(rows->at(1).index, 1);
}

TEST(CsvReader, KeepsWhitespaceAroundUnquotedFields) {
  Result<std::vector<Row>> rows = ReadAll("a,b,c\n 1 ,\t2, \n");
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre(" 1 ", "\t2", " "));
}

TEST(CsvReader, ReadsEmptyFieldsQuotedOrNot) {
  Result<std::vector<Row>> rows = ReadAll("a,b,c\n,\"\",\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre("", "", ""));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersDoubledQuotesAndNewlines) {
  Result<std::vector<Row>> rows =
      ReadAll("id,text\n1,\"a,b \"\"c\"\"\nnext\r\nlast\"\n2,\"\"\"\"\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT(rows->at(0).fields, ElementsAre("1", "a,b \"c\"\nnext\r\nlast"));
  EXPECT_EQ(rows->at(0).line, 2);  // where the record starts
  EXPECT_THAT(rows->at(1).fields, ElementsAre("2", "\""));
  EXPECT_EQ(rows->at(1).line, 5);  // lines inside the quoted field count
}

TEST(CsvReader, AQuoteInsideAnUnquotedFieldIsLiteral) {
  Result<std::vector<Row>> rows = ReadAll("a,b\n5\" screen,x\"y\"\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre("5\" screen", "x\"y\""));
}

TEST(CsvReader, WithoutHeaderTheFirstRecordSetsTheWidth) {
  Result<std::vector<Row>> rows = ReadAll("1,2\n3,4\n", {.has_header = false});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(0).line, 1);
  EXPECT_EQ(rows->at(0).index, 0);
  ExpectErrorAt(FirstError("1,2\n3\n", {.has_header = false}), 2, 2, "",
                "expected 2 fields (as in the first record) but found 1");
}

TEST(CsvReader, AnEmptyInputWithoutHeaderHasNoRecords) {
  Result<std::vector<Row>> rows = ReadAll("", {.has_header = false});
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(*rows, IsEmpty());
}

TEST(CsvReader, AllowRaggedAcceptsShortAndLongRecords) {
  Result<std::vector<Row>> rows = ReadAll("a,b\n1\n1,2,3\n", {.allow_ragged = true});
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->at(0).fields, ElementsAre("1"));
  EXPECT_THAT(rows->at(1).fields, ElementsAre("1", "2", "3"));
}

TEST(CsvReader, LocateNamesFileLineColumnAndColumnName) {
  std::istringstream in("code;name\nCB1;\"Cao\nB\xE1\xBA\xB1ng\"\n");
  Result<CsvReader> reader = CsvReader::Open(in, "offices.csv");
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  ASSERT_TRUE(*reader->Next(record));
  Location where = reader->Locate(record, 1);
  EXPECT_EQ(where.ToString(), "offices.csv:2:5 field 'name'");
}

// --- Buffer boundaries ---------------------------------------------------------

TEST(CsvReader, ReadsMultiByteTextAndQuotesCutByTheBufferEnd) {
  // Shift a Vietnamese word, a doubled quote and a CRLF across the boundary
  // between two reads, one byte at a time.
  const std::string tail = "\"B\xE1\xBA\xB1ng \"\"x\"\"\r\ny\",\xC4\x90\r\n";
  const std::string header = "a,b,c\n";
  for (size_t cut = 0; cut <= tail.size(); ++cut) {
    SCOPED_TRACE("the first read ends " + std::to_string(cut) + " bytes into the tail");
    std::string long_field(CsvReader::kChunkBytes - header.size() - 1 - cut, 'x');
    Result<std::vector<Row>> rows = ReadAll(header + long_field + "," + tail + "1,2,3");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows->at(0).fields[0], long_field);
    EXPECT_EQ(rows->at(0).fields[1], "B\xE1\xBA\xB1ng \"x\"\r\ny");
    EXPECT_EQ(rows->at(0).fields[2], "\xC4\x90");
    EXPECT_EQ(rows->at(1).line, 4);
  }
}

// --- Errors --------------------------------------------------------------------

TEST(CsvReader, UnterminatedQuoteIsReportedWhereTheQuoteOpened) {
  ExpectErrorAt(FirstError("a,b\n1,2\n3,\"open\n4,5\n"), 3, 3, "b", "unterminated quoted field");
}

TEST(CsvReader, CharactersAfterAClosingQuoteAreAnError) {
  ExpectErrorAt(FirstError("a,b\n1,\"abc\"x\n"), 2, 8, "b",
                "unexpected 'x' after the closing quote");
  ExpectErrorAt(FirstError("a,b\n\"abc\" ,2\n"), 2, 6, "a",
                "unexpected byte 0x20 after the closing quote");
}

TEST(CsvReader, TooManyFieldsIsReportedAtTheFirstExtraField) {
  ExpectErrorAt(FirstError("a,b\n1,2\n3,4,5\n"), 3, 5, "",
                "expected 2 fields (as in the header) but found 3");
}

TEST(CsvReader, TooFewFieldsIsReportedAtTheEndOfTheRecordNamingTheMissingColumn) {
  ExpectErrorAt(FirstError("a,b,c\r\n1,2\r\n"), 2, 4, "c",
                "expected 3 fields (as in the header) but found 2");
}

TEST(CsvReader, AFieldLongerThanTheLimitIsAnError) {
  CsvOptions options{.max_field_bytes = 4};
  EXPECT_TRUE(ReadAll("a,b\n1,\"abcd\"\n", options).ok());
  ExpectErrorAt(FirstError("a,b\n1,abcde\n", options), 2, 3, "b", "longer than 4 bytes");
  ExpectErrorAt(FirstError("a,b\n1,\"abcd\"\"\"\n", options), 2, 3, "b", "longer than 4 bytes");
}

TEST(CsvReader, ARecordLongerThanTheLimitIsAnError) {
  ExpectErrorAt(FirstError("a,b,c\n12,34,56\n", {.max_record_bytes = 5}), 2, 7, "c",
                "record longer than 5 bytes");
}

TEST(CsvReader, TooManyFieldsForTheLimitIsAnError) {
  ExpectErrorAt(FirstError("a,b,c\n", {.has_header = false, .max_fields = 2}), 1, 5, "",
                "more than 2 fields");
}

TEST(CsvReader, InvalidUtf8IsReportedAtItsFirstByte) {
  ExpectErrorAt(FirstError("a,b\n1,ok\xFF\n"), 2, 5, "b", "invalid UTF-8 (byte 0xFF)");
  // Overlong '/', an encoded surrogate, a truncated sequence at the end.
  ExpectErrorAt(FirstError("a\n\xC0\xAF\n"), 2, 1, "a", "invalid UTF-8");
  ExpectErrorAt(FirstError("a\n\"x\n\xED\xA0\x80\"\n"), 3, 1, "a", "invalid UTF-8 (byte 0xED)");
  ExpectErrorAt(FirstError("a\nx\xE1\xBA"), 2, 2, "a", "invalid UTF-8");
}

TEST(CsvReader, NulBytesAreAnError) {
  using namespace std::string_literals;
  ExpectErrorAt(FirstError("a,b\n1,x\0y\n"s), 2, 4, "b", "NUL byte");
  ExpectErrorAt(FirstError("a,b\n1,\"x\0\"\n"s), 2, 5, "b", "NUL byte");
}

TEST(CsvReader, AnEmptyInputIsAnErrorWhenAHeaderIsExpected) {
  Status status = FirstError("\n\r\n");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.ToString(),
            "t.csv: the file is empty: expected a header line naming the columns");
}

TEST(CsvReader, ADuplicateColumnNameIsAnError) {
  ExpectErrorAt(FirstError("period;Value;value \n"), 1, 14, "",
                "duplicate column name 'value' (same as column 2)");
}

TEST(CsvReader, AnErrorInTheHeaderFailsOpen) {
  std::istringstream in("a,\"b\"c\n1,2\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ExpectErrorAt(reader.status(), 1, 6, "", "after the closing quote");
}

TEST(CsvReader, AStreamThatCannotBeReadIsAnIoError) {
  std::ifstream missing(Fixture("does_not_exist.csv"));
  Result<CsvReader> reader = CsvReader::Open(missing, "missing.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kIoError);
  EXPECT_EQ(reader.status().where().file, "missing.csv");
}

// Serves `text`, then fails as a disk or network read would.
class FailingBuffer : public std::streambuf {
 public:
  explicit FailingBuffer(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("device error"); }

 private:
  std::string text_;
};

TEST(CsvReader, AReadFailureIsAnIoError) {
  FailingBuffer buffer("a,b\n1,2\n");
  std::istream in(&buffer);
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), ErrorCode::kIoError);
  EXPECT_EQ(reader.status().ToString(), "t.csv:1: read error");
}

TEST(CsvReader, ReadsAStreamThatThrowsOnEndOfFile) {
  std::istringstream in("a,b\n1,2\n");
  in.exceptions(std::ios::failbit | std::ios::badbit | std::ios::eofbit);
  Result<std::vector<Row>> rows = ReadStream(in, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_THAT(rows->at(0).fields, ElementsAre("1", "2"));
}

TEST(CsvReader, ContinuesAtTheNextLineAfterAnError) {
  std::istringstream in("a,b\n1,\"x\"y,z\n2,3\n4\n5,6\n");
  Result<CsvReader> reader = CsvReader::Open(in, "t.csv");
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  EXPECT_EQ(reader->Next(record).status().where().line, 2);
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("2", "3"));
  EXPECT_EQ(record.index(), 1);
  Result<bool> short_record = reader->Next(record);
  EXPECT_EQ(short_record.status().where().line, 4);
  ASSERT_TRUE(*reader->Next(record));
  EXPECT_THAT(record.ToStrings(), ElementsAre("5", "6"));
  EXPECT_EQ(record.line(), 5);
  EXPECT_EQ(record.index(), 3);
  EXPECT_FALSE(*reader->Next(record));
}

// --- Golden fixtures -------------------------------------------------------------

TEST(CsvReaderFixture, VietnameseExcelSemicolonWithBomAndCrLf) {
  std::ifstream in(Fixture("excel_vn_semicolon_bom_crlf.csv"), std::ios::binary);
  Result<CsvReader> reader = CsvReader::Open(in, "excel.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->delimiter(), ';');
  EXPECT_EQ(reader->header().Find({"mã đơn vị"}), 0u);
  EXPECT_EQ(reader->header().Find({"GIÁ TRỊ"}), 4u);
  std::vector<Row> rows;
  CsvRecord record;
  for (;;) {
    Result<bool> more = reader->Next(record);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    rows.push_back({record.line(), record.index(), record.ToStrings()});
  }
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(rows[0].fields,
              ElementsAre("CB001", "Tỉnh Cao Bằng", "2024", "Số tổ truyền thông cộng đồng", "57"));
  EXPECT_THAT(rows[1].fields, ElementsAre("CB002", "Huyện Hà Quảng; xã Lũng Nặm", "2024",
                                          "Số đối thoại chính sách\r\n(cấp xã)", "12"));
  EXPECT_THAT(rows[2].fields, ElementsAre("CB003", "Thành phố \"Cao Bằng\"", "2024Q1",
                                          "Số CLB Thủ lĩnh của sự thay đổi", "3"));
  EXPECT_THAT(rows[3].fields, ElementsAre("CB004", " Hạ Lang ", "2024", "", "0"));
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[2].line, 6);  // the quoted newline and a blank line come before it
  EXPECT_EQ(rows[3].line, 7);
  EXPECT_EQ(rows[3].index, 3);
}

TEST(CsvReaderFixture, Dhis2DataValuesCommaLfWithoutFinalNewline) {
  std::ifstream in(Fixture("dhis2_datavalues_comma_lf.csv"), std::ios::binary);
  Result<std::vector<Row>> rows = ReadStream(in, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->at(1).fields[8], "đối thoại, cấp xã");
  EXPECT_EQ(rows->at(2).fields[8], "ghi chú \"mới\"");
  EXPECT_EQ(rows->at(2).fields[9], "true");
  EXPECT_EQ(rows->at(2).line, 4);
}

struct RejectCase {
  const char* file;
  int line;
  int column;
  const char* field;
  const char* message;
};

TEST(CsvReaderFixture, RejectsAreReportedWithLineColumnFieldAndMessage) {
  const RejectCase cases[] = {
      {"reject_unterminated_quote.csv", 3, 7, "name",
       "unterminated quoted field: the quote opened here is never closed"},
      {"reject_text_after_quote.csv", 2, 19, "name",
       "unexpected 'x' after the closing quote of a quoted field (a quote inside a quoted "
       "field must be doubled)"},
      {"reject_field_count.csv", 3, 18, "value",
       "expected 3 fields (as in the header) but found 2"},
      {"reject_cp1258.csv", 2, 12, "name",
       "invalid UTF-8 (byte 0xE3); the file must be saved as UTF-8 (Excel: \"CSV UTF-8\")"},
  };
  for (const RejectCase& c : cases) {
    SCOPED_TRACE(c.file);
    std::ifstream in(Fixture(c.file), std::ios::binary);
    ASSERT_TRUE(in.is_open());
    Status status = ReadStream(in, {}).status();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.where().file, "t.csv");
    EXPECT_EQ(status.where().line, c.line);
    EXPECT_EQ(status.where().column, c.column);
    EXPECT_EQ(status.where().field, c.field);
    EXPECT_EQ(status.message(), c.message);
  }
}

}  // namespace
}  // namespace gemis::exchange
