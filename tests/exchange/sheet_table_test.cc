// SheetTable: the same cells, names and locations from an .xlsx sheet and
// from a CSV file.
#include "exchange/sheet_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "exchange/legacy_encoding.h"
#include "exchange/xlsx_writer.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

// Title row, a two-row header (a merged "Tổ truyền thông" over two
// levels), two data rows.
XlsxWorkbook Workbook() {
  XlsxSheet s;
  s.name = "Chỉ tiêu";
  s.titles = {"BẢNG PHÂN BỔ"};
  s.columns = {{}, {}, {}, {}};
  s.header = {{.row = 0, .col = 0, .row_span = 2, .text = "Mã"},
              {.row = 0, .col = 1, .row_span = 2, .text = "Đơn vị"},
              {.row = 0, .col = 2, .col_span = 2, .text = "Tổ truyền thông"},
              {.row = 1, .col = 2, .text = "Cấp tỉnh"},
              {.row = 1, .col = 3, .text = "Cấp huyện"}};
  s.rows = {{XlsxRow::Kind::kItem,
             {XlsxCell::Text("00004"), XlsxCell::Text("Trúc Bạch"), XlsxCell::Integer(11),
              XlsxCell::Integer(7)}},
            {XlsxRow::Kind::kItem,
             {XlsxCell::Text("00007"), XlsxCell::Text("Cống Vị"), XlsxCell::Decimal(2.5, 1)}}};
  XlsxSheet other;
  other.name = "Ghi chú";
  other.columns = {{}};
  other.rows = {{XlsxRow::Kind::kPlain, {XlsxCell::Text("x")}}};
  XlsxWorkbook wb;
  wb.sheets = {s, other};
  wb.created_unix = 1700000000;
  return wb;
}

SheetTable OpenWorkbook(const SheetOpenOptions& options = {}) {
  Result<std::string> bytes = WriteXlsxToString(Workbook());
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<XlsxReader> reader = XlsxReader::OpenBuffer(*bytes, "chi-tieu.xlsx");
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  Result<SheetTable> table = SheetTable::FromWorkbook(*reader, options);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return std::move(table).value();
}

TEST(SheetTableTest, ReadsTheFirstSheetWithMergedHeaders) {
  SheetTable t = OpenWorkbook();
  EXPECT_EQ(t.name(), "Chỉ tiêu");
  EXPECT_FALSE(t.is_csv());
  // Row 1 the title, rows 2-3 the header, rows 4-5 the data.
  EXPECT_EQ(t.At(2, 3).text, "Tổ truyền thông");
  EXPECT_TRUE(t.At(2, 4).empty());
  EXPECT_EQ(t.MergedAt(2, 4).text, "Tổ truyền thông");
  EXPECT_TRUE(t.IsMergedTail(2, 4));
  EXPECT_FALSE(t.IsMergedTail(2, 3));
  EXPECT_TRUE(t.IsMergedTail(3, 1));  // "Mã" spans rows 2-3
  EXPECT_EQ(t.At(4, 1).text, "00004");
  EXPECT_EQ(t.At(4, 3).kind, XlsxValue::Kind::kNumber);
  EXPECT_EQ(t.At(4, 3).text, "11");
  EXPECT_EQ(t.At(5, 3).text, "2.5");
  EXPECT_TRUE(t.At(99, 99).empty());
  EXPECT_EQ(t.CellName(4, 3), "Chỉ tiêu!C4");
  Location at = t.Locate(4, 3);
  EXPECT_EQ(at.file, "chi-tieu.xlsx");
  EXPECT_EQ(at.line, 4);
  EXPECT_EQ(at.column, 3);
  EXPECT_EQ(at.field, "Chỉ tiêu!C4");
}

TEST(SheetTableTest, ChoosesASheetByNameAndListsTheSheetsOfAWrongName) {
  SheetOpenOptions options;
  options.sheet = "Ghi chú";
  EXPECT_EQ(OpenWorkbook(options).At(1, 1).text, "x");

  Result<std::string> bytes = WriteXlsxToString(Workbook());
  ASSERT_TRUE(bytes.ok());
  Result<XlsxReader> reader = XlsxReader::OpenBuffer(*bytes, "chi-tieu.xlsx");
  ASSERT_TRUE(reader.ok());
  options.sheet = "Số liệu";
  Result<SheetTable> missing = SheetTable::FromWorkbook(*reader, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("'Chỉ tiêu', 'Ghi chú'"));
}

TEST(SheetTableTest, CsvRecordsAreRowsAndFieldsAreColumns) {
  const std::string csv = "Mã;Đơn vị;Số tổ\n00004;Trúc Bạch;11\n\n00007;\"Cống\nVị\";\n;;\n";
  Result<SheetTable> t = SheetTable::FromCsv(csv, "to.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->is_csv());
  EXPECT_EQ(t->rows(), 3);  // the blank line is skipped, the empty last record dropped
  EXPECT_EQ(t->cols(), 3);
  EXPECT_EQ(t->At(1, 2).text, "Đơn vị");
  EXPECT_EQ(t->At(2, 1).text, "00004");  // codes are text
  EXPECT_EQ(t->At(2, 1).kind, XlsxValue::Kind::kString);
  EXPECT_EQ(t->At(3, 2).text, "Cống\nVị");
  EXPECT_TRUE(t->At(3, 3).empty());
  EXPECT_TRUE(t->At(3, 9).empty());
  EXPECT_EQ(t->MergedAt(2, 3).text, "11");
  EXPECT_FALSE(t->IsMergedTail(2, 3));
  EXPECT_EQ(t->CellName(3, 2), "B3");
  Location at = t->Locate(3, 2);
  EXPECT_EQ(at.file, "to.csv");
  EXPECT_EQ(at.line, 4);    // the third record starts on line 4
  EXPECT_EQ(at.column, 7);  // at its opening quote
  EXPECT_EQ(at.field, "B3");
}

TEST(SheetTableTest, CsvFieldsAreNfc) {
  // "Hoà" with a combining grave accent.
  Result<SheetTable> t = SheetTable::FromCsv("Hoa\xCC\x80\n", "nfd.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->At(1, 1).text, "Hoà");
}

TEST(SheetTableTest, LegacyEncodedCsvIsDecoded) {
  Result<std::string> tcvn3 = EncodeText("Mã,Tên\n00004,Trúc Bạch\n", TextEncoding::kTcvn3);
  ASSERT_TRUE(tcvn3.ok());
  SheetOpenOptions options;
  options.encoding = TextEncoding::kTcvn3;
  Result<SheetTable> t = SheetTable::FromCsv(*tcvn3, "abc.csv", options);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->At(2, 2).text, "Trúc Bạch");
}

TEST(SheetTableTest, MalformedCsvNamesItsLine) {
  Result<SheetTable> t = SheetTable::FromCsv("a,b\n1,\"unterminated\n", "bad.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().where().file, "bad.csv");
  EXPECT_EQ(t.status().where().line, 2);
}

TEST(SheetTableTest, OpenChoosesByExtensionAndRefusesASheetNameForCsv) {
  test_support::TempDir dir;
  std::string csv_path = dir.File("units.csv");
  std::ofstream(csv_path) << "code,name\n00004,Trúc Bạch\n";
  Result<SheetTable> csv = SheetTable::Open(csv_path);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_TRUE(csv->is_csv());
  EXPECT_EQ(csv->At(2, 2).text, "Trúc Bạch");

  SheetOpenOptions named;
  named.sheet = "Sheet1";
  Result<SheetTable> refused = SheetTable::Open(csv_path, named);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);

  std::string xlsx_path = dir.File("chi-tieu.xlsx");
  ASSERT_TRUE(WriteXlsx(Workbook(), xlsx_path).ok());
  Result<SheetTable> sheet = SheetTable::Open(xlsx_path);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->At(4, 2).text, "Trúc Bạch");

  Result<SheetTable> missing = SheetTable::Open(dir.File("none.xlsx"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);

  // A CSV file named .xlsx is not a workbook.
  std::string fake = dir.File("fake.xlsx");
  std::ofstream(fake) << "a,b\n";
  EXPECT_FALSE(SheetTable::Open(fake).ok());
  SheetOpenOptions as_csv;
  as_csv.type = SheetFileType::kCsv;
  EXPECT_TRUE(SheetTable::Open(fake, as_csv).ok());
}

TEST(SheetTableTest, ACsvFileOfTooManyFieldsIsRefused) {
  // 520 records of 16,384 fields each, the last one filled: past kMaxCsvCells.
  std::string line(16383, ',');
  line += "x\n";
  std::string text;
  for (int i = 0; i < 520; ++i) text += line;
  Result<SheetTable> t = SheetTable::FromCsv(text, "wide.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("fields"));
  // Trailing empty fields cost nothing: the same number of commas without
  // the last field is a small table.
  std::string empty(16383, ',');
  empty += "\n";
  std::string blank = "a\n";
  for (int i = 0; i < 520; ++i) blank += "b" + empty;
  Result<SheetTable> narrow = SheetTable::FromCsv(blank, "narrow.csv");
  ASSERT_TRUE(narrow.ok()) << narrow.status().ToString();
  EXPECT_EQ(narrow->cols(), 1);
}

TEST(SheetTableTest, ParsesFileTypes) {
  EXPECT_EQ(*ParseSheetFileType("XLSX"), SheetFileType::kXlsx);
  EXPECT_EQ(*ParseSheetFileType("csv"), SheetFileType::kCsv);
  EXPECT_EQ(ParseSheetFileType("xls").status().code(), ErrorCode::kUsage);
}

}  // namespace
}  // namespace gemis::exchange
