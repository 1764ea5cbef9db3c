#include "exchange/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/hand_made_xlsx.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using test_support::HandMade;
using test_support::kDeclaration;
using test_support::kNamespaces;
using test_support::Part;
using test_support::ReadBytes;
using test_support::SheetXml;
using test_support::StylesXml;
using test_support::TempDir;
using test_support::Zip;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = XlsxValue::Kind;

// ---------------------------------------------------------------------------
// Building workbooks: tests/support/hand_made_xlsx.h.

Result<XlsxGrid> ReadFirstSheet(const std::string& bytes, const XlsxLimits& limits = {}) {
  GEMIS_ASSIGN_OR_RETURN(XlsxReader workbook, XlsxReader::OpenBuffer(bytes, "t.xlsx", limits));
  return workbook.ReadSheet(0);
}

Status FirstSheetError(const std::string& bytes, const XlsxLimits& limits = {}) {
  return ReadFirstSheet(bytes, limits).status();
}

void ExpectCell(const XlsxGrid& sheet, int row, int col, Kind kind, const std::string& text) {
  const XlsxValue& cell = sheet.At(row, col);
  EXPECT_EQ(cell.kind, kind) << FormatXlsxCell(row, col);
  EXPECT_EQ(cell.text, text) << FormatXlsxCell(row, col);
}

// An error located at a cell, whose message names the part and the cell.
void ExpectCellError(const Status& status, int row, int col, const std::string& field,
                     const std::string& part, const std::string& message_part) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << status.ToString();
  EXPECT_EQ(status.where().file, "t.xlsx");
  EXPECT_EQ(status.where().line, row) << status.ToString();
  EXPECT_EQ(status.where().column, col) << status.ToString();
  EXPECT_EQ(status.where().field, field) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(part));
  EXPECT_THAT(status.message(), HasSubstr(" at " + field));
  EXPECT_THAT(status.message(), HasSubstr(message_part));
}

// An error about a whole part.
void ExpectPartError(const Status& status, const std::string& part,
                     const std::string& message_part) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << status.ToString();
  EXPECT_EQ(status.where().file, "t.xlsx");
  EXPECT_EQ(status.where().field, part) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr(part));
  EXPECT_THAT(status.message(), HasSubstr(message_part));
}

// ---------------------------------------------------------------------------
// Cell references.

TEST(XlsxCellRef, FormatsColumnsAndCells) {
  EXPECT_EQ(XlsxColumnName(1), "A");
  EXPECT_EQ(XlsxColumnName(26), "Z");
  EXPECT_EQ(XlsxColumnName(27), "AA");
  EXPECT_EQ(XlsxColumnName(52), "AZ");
  EXPECT_EQ(XlsxColumnName(53), "BA");
  EXPECT_EQ(XlsxColumnName(702), "ZZ");
  EXPECT_EQ(XlsxColumnName(703), "AAA");
  EXPECT_EQ(XlsxColumnName(16384), "XFD");
  EXPECT_EQ(XlsxColumnName(0), "C0");
  EXPECT_EQ(XlsxColumnName(16385), "C16385");
  EXPECT_EQ(FormatXlsxCell(12, 2), "B12");
  EXPECT_EQ(FormatXlsxCell(1048576, 16384), "XFD1048576");
  EXPECT_EQ(FormatXlsxCell(0, 2), "R0C2");
  EXPECT_EQ(FormatXlsxRange({{1, 1}, {3, 4}}), "A1:D3");
  EXPECT_EQ(XlsxCellField("Chỉ tiêu", 12, 2), "Chỉ tiêu!B12");
}

TEST(XlsxCellRef, ParsesWhatItFormats) {
  for (int col = 1; col <= kXlsxMaxColumns; ++col) {
    for (int row : {1, 9, 10, 99999, kXlsxMaxRows}) {
      Result<XlsxCellRef> ref = ParseXlsxCell(FormatXlsxCell(row, col));
      ASSERT_TRUE(ref.ok()) << FormatXlsxCell(row, col);
      ASSERT_EQ(ref->row, row);
      ASSERT_EQ(ref->col, col);
    }
  }
  Result<XlsxCellRef> lower = ParseXlsxCell("xfd12");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower->col, 16384);
}

TEST(XlsxCellRef, RejectsCellsOutsideTheSheet) {
  for (const char* text : {"XFE1", "A0", "A1048577", "AAAA1", "A99999999999"}) {
    Result<XlsxCellRef> ref = ParseXlsxCell(text);
    ASSERT_FALSE(ref.ok()) << text;
    EXPECT_THAT(ref.status().message(), HasSubstr("outside the sheet")) << text;
    EXPECT_THAT(ref.status().message(), HasSubstr(text));
  }
}

TEST(XlsxCellRef, RejectsWhatIsNotAReference) {
  for (const char* text : {"", "1A", "A", "12", "B12x", "A01", "$A$1", "B 12", "Ă1"}) {
    Result<XlsxCellRef> ref = ParseXlsxCell(text);
    ASSERT_FALSE(ref.ok()) << text;
    EXPECT_THAT(ref.status().message(), HasSubstr("not a cell reference")) << text;
  }
}

TEST(XlsxCellRef, ParsesAndNormalisesRanges) {
  Result<XlsxRange> range = ParseXlsxRange("C2:A1");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, (XlsxRange{{1, 1}, {2, 3}}));
  range = ParseXlsxRange("A2:C1");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, (XlsxRange{{1, 1}, {2, 3}}));
  range = ParseXlsxRange("B3");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, (XlsxRange{{3, 2}, {3, 2}}));
  EXPECT_TRUE(range->Contains(3, 2));
  EXPECT_FALSE(range->Contains(3, 3));
  EXPECT_FALSE(ParseXlsxRange("A1:").ok());
  EXPECT_FALSE(ParseXlsxRange("A1:B2:C3").ok());
}

// ---------------------------------------------------------------------------
// Number formats and dates.

TEST(XlsxNumberFormat, RecognisesDateFormats) {
  for (const char* code :
       {"dd/mm/yyyy", "d/m/yy", "mmm-yy", "yyyy", "mm-dd-yy", "d-mmm", "[$-42A]d mmmm yyyy",
        "dd/mm/yyyy hh:mm", "m/d/yy h:mm", "[Red]dd/mm/yyyy",
        "\"Ngày\" dd \"tháng\" mm \"năm\" yyyy", "DD/MM/YYYY", "dd/mm/yyyy;@"}) {
    EXPECT_TRUE(ClassifyXlsxNumberFormat(code).date) << code;
  }
}

TEST(XlsxNumberFormat, TimesNumbersAndQuotedLettersAreNotDates) {
  for (const char* code : {"General",
                           "0",
                           "#,##0",
                           "0.00",
                           "00000",
                           "0%",
                           "0.00E+00",
                           "@",
                           "h:mm",
                           "hh:mm:ss",
                           "mm:ss",
                           "[h]:mm:ss",
                           "[mm]:ss",
                           "h:mm AM/PM",
                           "h:mm:ss A/P",
                           "mmss.0",
                           "0 \"ngày\"",
                           "\"dd\" 0",
                           "\\d0",
                           "#,##0 [$₫-42A]",
                           "#,##0 \"đ\"",
                           "_(* #,##0_)",
                           "0;\"dd/mm/yyyy\""}) {
    EXPECT_FALSE(ClassifyXlsxNumberFormat(code).date) << code;
  }
}

TEST(XlsxNumberFormat, MeasuresZeroPadding) {
  EXPECT_EQ(ClassifyXlsxNumberFormat("00000").zero_pad, 5);
  EXPECT_EQ(ClassifyXlsxNumberFormat("000").zero_pad, 3);
  EXPECT_EQ(ClassifyXlsxNumberFormat("0").zero_pad, 1);
  EXPECT_EQ(ClassifyXlsxNumberFormat("#,##0").zero_pad, 1);
  EXPECT_EQ(ClassifyXlsxNumberFormat("00000;-00000").zero_pad, 5);
  EXPECT_EQ(ClassifyXlsxNumberFormat("0.00").zero_pad, 0);
  EXPECT_EQ(ClassifyXlsxNumberFormat("\"X\"000").zero_pad, 0);
  EXPECT_EQ(ClassifyXlsxNumberFormat("General").zero_pad, 0);
}

TEST(XlsxNumberFormat, KnowsTheBuiltinFormats) {
  EXPECT_EQ(XlsxBuiltinNumberFormat(0), "General");
  EXPECT_EQ(XlsxBuiltinNumberFormat(14), "mm-dd-yy");
  EXPECT_EQ(XlsxBuiltinNumberFormat(13), "# ?\?/?\?");
  EXPECT_EQ(XlsxBuiltinNumberFormat(200), "General");
  for (uint32_t id = 0; id < 60; ++id) {
    bool date = (id >= 14 && id <= 17) || id == 22;
    EXPECT_EQ(ClassifyXlsxNumberFormat(XlsxBuiltinNumberFormat(id)).date, date) << id;
  }
}

TEST(XlsxSerialDate, FollowsExcels1900System) {
  auto date = [](double serial) {
    std::optional<Date> d = XlsxSerialToDate(serial, false);
    return d ? d->ToString() : std::string("none");
  };
  EXPECT_EQ(date(1), "1900-01-01");
  EXPECT_EQ(date(59), "1900-02-28");
  EXPECT_EQ(date(60), "none");  // Excel's 1900-02-29
  EXPECT_EQ(date(61), "1900-03-01");
  EXPECT_EQ(date(45366), "2024-03-15");
  EXPECT_EQ(date(45366.99), "2024-03-15");
  EXPECT_EQ(date(45366.9999999999), "2024-03-16");  // rounds to the millisecond
  EXPECT_EQ(date(2958465), "9999-12-31");
  EXPECT_EQ(date(2958466), "none");
  EXPECT_EQ(date(0), "none");
  EXPECT_EQ(date(0.5), "none");
  EXPECT_EQ(date(-1), "none");
  EXPECT_EQ(date(std::nan("")), "none");
  EXPECT_EQ(date(std::numeric_limits<double>::infinity()), "none");
  EXPECT_EQ(XlsxDateToSerial(Date::FromYmd(2024, 3, 15), false), 45366);
  EXPECT_EQ(XlsxDateToSerial(Date::FromYmd(1900, 2, 28), false), 59);
  EXPECT_EQ(XlsxDateToSerial(Date::FromYmd(1900, 3, 1), false), 61);
}

TEST(XlsxSerialDate, Follows1904System) {
  EXPECT_EQ(XlsxSerialToDate(0, true)->ToString(), "1904-01-01");
  EXPECT_EQ(XlsxSerialToDate(43904, true)->ToString(), "2024-03-15");
  EXPECT_FALSE(XlsxSerialToDate(-1, true).has_value());
  EXPECT_EQ(XlsxDateToSerial(Date::FromYmd(2024, 3, 15), true), 43904);
}

TEST(XlsxSerialDate, DateToSerialIsTheInverse) {
  for (bool date1904 : {false, true}) {
    for (Date d = Date::FromYmd(1904, 1, 1); d <= Date::FromYmd(2100, 1, 1); d = d.AddDays(97)) {
      ASSERT_EQ(XlsxSerialToDate(XlsxDateToSerial(d, date1904), date1904), d) << d.ToString();
    }
  }
}

// ---------------------------------------------------------------------------
// Workbooks written by libxlsxwriter.

class LibxlsxwriterBook {
 public:
  explicit LibxlsxwriterBook(bool constant_memory = false) {
    lxw_workbook_options options = {};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    workbook_ = workbook_new_opt(path_.c_str(), &options);
  }
  lxw_workbook* workbook() { return workbook_; }
  lxw_format* Format(const char* code) {
    lxw_format* format = workbook_add_format(workbook_);
    format_set_num_format(format, code);
    return format;
  }
  std::string Close() {
    EXPECT_EQ(workbook_close(workbook_), LXW_NO_ERROR);
    return ReadBytes(path_);
  }
  const std::string& path() const { return path_; }

 private:
  TempDir dir_;
  std::string path_ = dir_.File("targets.xlsx");
  lxw_workbook* workbook_;
};

TEST(XlsxReader, ReadsEveryCellOfALibxlsxwriterWorkbook) {
  LibxlsxwriterBook book;
  lxw_workbook* wb = book.workbook();
  lxw_worksheet* targets = workbook_add_worksheet(wb, "Chỉ tiêu 2024");
  lxw_worksheet* allocation = workbook_add_worksheet(wb, "Phân bổ");
  lxw_format* builtin_date = workbook_add_format(wb);
  format_set_num_format_index(builtin_date, 14);
  worksheet_write_string(targets, 0, 0, "Mã xã", nullptr);
  worksheet_write_string(targets, 0, 1, "Tên đơn vị", nullptr);
  worksheet_write_number(targets, 1, 0, 4, book.Format("00000"));
  worksheet_write_string(targets, 1, 1, "Xã Hòa An", nullptr);
  worksheet_write_number(targets, 1, 2, 7588.63, nullptr);
  worksheet_write_number(targets, 1, 3, 42, nullptr);
  worksheet_write_number(targets, 1, 4, 7, book.Format("000"));
  lxw_datetime march = {2024, 3, 15, 0, 0, 0};
  worksheet_write_datetime(targets, 1, 5, &march, book.Format("dd/mm/yyyy"));
  lxw_datetime april = {2026, 4, 30, 10, 30, 0};
  worksheet_write_datetime(targets, 1, 6, &april, builtin_date);
  worksheet_write_boolean(targets, 1, 7, 1, nullptr);
  worksheet_write_boolean(targets, 1, 8, 0, nullptr);
  worksheet_write_formula_num(targets, 1, 9, "=D2*2", nullptr, 84);
  worksheet_write_number(targets, 1, 10, 0.5, book.Format("hh:mm"));
  worksheet_write_number(targets, 1, 11, 22991000000, book.Format("#,##0"));
  worksheet_write_number(targets, 1, 12, -3.25, nullptr);
  worksheet_write_string(targets, 2, 0, "  khoảng trắng  ", nullptr);
  worksheet_write_blank(targets, 2, 1, book.Format("#,##0"));
  worksheet_write_number(targets, 2, 2, 12345, book.Format("00000"));
  worksheet_write_number(targets, 2, 3, 2.5, book.Format("00000"));
  worksheet_write_number(targets, 2, 4, -4, book.Format("00000"));
  worksheet_write_string(allocation, 0, 0, "Đơn vị", nullptr);
  worksheet_write_number(allocation, 9, 3, 1, nullptr);
  worksheet_hide(allocation);
  std::string bytes = book.Close();

  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(bytes, "targets.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_THAT(workbook->sheet_names(), ElementsAre("Chỉ tiêu 2024", "Phân bổ"));
  EXPECT_FALSE(workbook->sheets()[0].hidden);
  EXPECT_TRUE(workbook->sheets()[1].hidden);
  EXPECT_EQ(workbook->sheets()[0].part, "xl/worksheets/sheet1.xml");
  EXPECT_FALSE(workbook->date1904());

  Result<XlsxGrid> sheet = workbook->ReadSheet("Chỉ tiêu 2024");
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->name(), "Chỉ tiêu 2024");
  EXPECT_EQ(sheet->rows(), 3);
  EXPECT_EQ(sheet->cols(), 13);
  ExpectCell(*sheet, 1, 1, Kind::kString, "Mã xã");
  ExpectCell(*sheet, 1, 2, Kind::kString, "Tên đơn vị");
  ExpectCell(*sheet, 2, 1, Kind::kNumber, "00004");
  EXPECT_EQ(sheet->At(2, 1).number, 4);
  ExpectCell(*sheet, 2, 2, Kind::kString, "Xã Hòa An");
  ExpectCell(*sheet, 2, 3, Kind::kNumber, "7588.63");
  EXPECT_EQ(sheet->At(2, 3).number, 7588.63);
  ExpectCell(*sheet, 2, 4, Kind::kNumber, "42");
  ExpectCell(*sheet, 2, 5, Kind::kNumber, "007");
  ExpectCell(*sheet, 2, 6, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(2, 6).number, 45366);
  EXPECT_EQ(sheet->At(2, 6).date, Date::FromYmd(2024, 3, 15));
  ExpectCell(*sheet, 2, 7, Kind::kDate, "2026-04-30");
  EXPECT_DOUBLE_EQ(sheet->At(2, 7).number,
                   XlsxDateToSerial(Date::FromYmd(2026, 4, 30), false) + 10.5 / 24);
  ExpectCell(*sheet, 2, 8, Kind::kBoolean, "TRUE");
  EXPECT_EQ(sheet->At(2, 8).number, 1);
  ExpectCell(*sheet, 2, 9, Kind::kBoolean, "FALSE");
  ExpectCell(*sheet, 2, 10, Kind::kNumber, "84");
  EXPECT_TRUE(sheet->At(2, 10).formula);
  EXPECT_FALSE(sheet->At(2, 4).formula);
  ExpectCell(*sheet, 2, 11, Kind::kNumber, "0.5");  // a time of day is no date
  EXPECT_FALSE(sheet->At(2, 11).date.has_value());
  ExpectCell(*sheet, 2, 12, Kind::kNumber, "22991000000");
  ExpectCell(*sheet, 2, 13, Kind::kNumber, "-3.25");
  ExpectCell(*sheet, 3, 1, Kind::kString, "  khoảng trắng  ");
  ExpectCell(*sheet, 3, 2, Kind::kEmpty, "");  // blank, formatted: not stored
  ExpectCell(*sheet, 3, 3, Kind::kNumber, "12345");
  ExpectCell(*sheet, 3, 4, Kind::kNumber, "2.5");  // padding is for integers only
  ExpectCell(*sheet, 3, 5, Kind::kNumber, "-00004");
  ExpectCell(*sheet, 4, 1, Kind::kEmpty, "");
  ExpectCell(*sheet, 0, 0, Kind::kEmpty, "");
  ExpectCell(*sheet, 99, 16384, Kind::kEmpty, "");
  EXPECT_EQ(sheet->Text(2, 1), "00004");
  EXPECT_EQ(sheet->cells().size(), 19u);
  EXPECT_EQ(sheet->RowCells(2).size(), 13u);
  EXPECT_EQ(sheet->RowCells(2).front().col, 1);
  EXPECT_TRUE(sheet->RowCells(5).empty());
  ASSERT_TRUE(sheet->dimension().has_value());
  EXPECT_EQ(FormatXlsxRange(*sheet->dimension()), "A1:M3");
  Location where = sheet->Locate(2, 1);
  EXPECT_EQ(where.file, "targets.xlsx");
  EXPECT_EQ(where.line, 2);
  EXPECT_EQ(where.column, 1);
  EXPECT_EQ(where.field, "Chỉ tiêu 2024!A2");

  Result<XlsxGrid> second = workbook->ReadSheet(1);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->name(), "Phân bổ");
  ExpectCell(*second, 1, 1, Kind::kString, "Đơn vị");
  ExpectCell(*second, 10, 4, Kind::kNumber, "1");
  EXPECT_EQ(second->rows(), 10);
  EXPECT_EQ(second->cols(), 4);
  EXPECT_EQ(second->cells().size(), 2u);
}

TEST(XlsxReader, ReadsTheInlineStringsOfConstantMemoryMode) {
  LibxlsxwriterBook book(/*constant_memory=*/true);
  lxw_worksheet* sheet = workbook_add_worksheet(book.workbook(), "Danh sách xã");
  worksheet_write_string(sheet, 0, 0, "Mã", nullptr);
  worksheet_write_string(sheet, 0, 1, "Tên", nullptr);
  worksheet_write_number(sheet, 1, 0, 4, book.Format("00000"));
  worksheet_write_string(sheet, 1, 1, "Phường Đông Hải", nullptr);
  std::string bytes = book.Close();
  Result<XlsxGrid> read = ReadFirstSheet(bytes);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->name(), "Danh sách xã");
  ExpectCell(*read, 1, 1, Kind::kString, "Mã");
  ExpectCell(*read, 1, 2, Kind::kString, "Tên");
  ExpectCell(*read, 2, 1, Kind::kNumber, "00004");
  ExpectCell(*read, 2, 2, Kind::kString, "Phường Đông Hải");
}

TEST(XlsxReader, FindsTheTopLeftCellOfMergedHeaders) {
  LibxlsxwriterBook book;
  lxw_worksheet* sheet = workbook_add_worksheet(book.workbook(), "Tiêu đề");
  worksheet_merge_range(sheet, 0, 0, 0, 3, "Chỉ tiêu giai đoạn 2021-2025", nullptr);  // A1:D1
  worksheet_merge_range(sheet, 1, 0, 2, 0, "Tỉnh", nullptr);                          // A2:A3
  worksheet_merge_range(sheet, 1, 1, 1, 2, "Năm 2024", nullptr);                      // B2:C2
  worksheet_write_string(sheet, 2, 1, "Kế hoạch", nullptr);
  worksheet_write_string(sheet, 2, 2, "Thực hiện", nullptr);
  worksheet_write_string(sheet, 3, 0, "Cao Bằng", nullptr);
  std::string bytes = book.Close();
  Result<XlsxGrid> read = ReadFirstSheet(bytes);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_THAT(
      read->merged_ranges(),
      ElementsAre(XlsxRange{{1, 1}, {1, 4}}, XlsxRange{{2, 1}, {3, 1}}, XlsxRange{{2, 2}, {2, 3}}));
  EXPECT_EQ(read->MergedAt(1, 4).text, "Chỉ tiêu giai đoạn 2021-2025");
  EXPECT_EQ(read->At(1, 4).text, "");
  EXPECT_EQ(read->MergedAt(3, 1).text, "Tỉnh");
  EXPECT_EQ(read->MergedAt(2, 3).text, "Năm 2024");
  EXPECT_EQ(read->MergedAt(3, 2).text, "Kế hoạch");
  EXPECT_EQ(read->MergedAt(4, 1).text, "Cao Bằng");
  EXPECT_EQ(read->MergedOrigin(3, 1), (XlsxCellRef{2, 1}));
  EXPECT_EQ(read->MergedOrigin(3, 2), (XlsxCellRef{3, 2}));
  EXPECT_EQ(read->MergedRangeAt(3, 2), nullptr);
  EXPECT_EQ(read->MergedRangeAt(1, 5), nullptr);
  ASSERT_NE(read->MergedRangeAt(1, 2), nullptr);
  EXPECT_EQ(*read->MergedRangeAt(1, 2), (XlsxRange{{1, 1}, {1, 4}}));
}

TEST(XlsxReader, OpensAFileByPath) {
  LibxlsxwriterBook book;
  worksheet_write_string(workbook_add_worksheet(book.workbook(), nullptr), 0, 0, "x", nullptr);
  book.Close();
  Result<XlsxReader> workbook = XlsxReader::Open(book.path());
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_EQ(workbook->source_name(), book.path());
  EXPECT_THAT(workbook->sheet_names(), ElementsAre("Sheet1"));

  Result<XlsxReader> missing = XlsxReader::Open(book.path() + ".none");
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().file, book.path() + ".none");
  XlsxLimits small;
  small.max_archive_bytes = 100;
  Result<XlsxReader> big = XlsxReader::Open(book.path(), small);
  EXPECT_THAT(big.status().message(), HasSubstr("more than the limit of 100 bytes"));
}

TEST(XlsxReader, ReportsAMissingSheet) {
  HandMade book;
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  Result<XlsxGrid> by_name = workbook->ReadSheet("Trang 2");
  EXPECT_EQ(by_name.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(by_name.status().message(), HasSubstr("'Trang 2'"));
  EXPECT_THAT(by_name.status().message(), HasSubstr("Sheet1"));
  EXPECT_EQ(workbook->ReadSheet(1).status().code(), ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------
// Hand-made workbooks: what libxlsxwriter does not write.

TEST(XlsxReader, ReadsInlineAndRichTextStrings) {
  HandMade book;
  book.sheets[0].second = SheetXml(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Hội LHPN</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>Chỉ </t></r><r><t xml:space="preserve">tiêu </t></r>)"
      R"(<rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>)"
      R"(<c r="C1" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>)"
      R"(<c r="D1" t="inlineStr"><is><t/></is></c>)"
      R"(<c r="E1" t="inlineStr"/></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kString, "Hội LHPN");
  ExpectCell(*sheet, 1, 2, Kind::kString, "Chỉ tiêu ");
  ExpectCell(*sheet, 1, 3, Kind::kString, " ");
  ExpectCell(*sheet, 1, 4, Kind::kString, "");
  ExpectCell(*sheet, 1, 5, Kind::kEmpty, "");
  EXPECT_EQ(sheet->cells().size(), 4u);
}

TEST(XlsxReader, ReadsRichSharedStringsWithoutPhonetics) {
  HandMade book;
  book.shared_strings =
      R"(<si><t>Mã tỉnh</t></si>)"
      R"(<si><r><t>Tỷ lệ </t></r><r><rPr><i/></rPr><t>(%)</t></r><rPh sb="0" eb="2"><t>x</t></rPh><phoneticPr fontId="1"/></si>)"
      R"(<si><t xml:space="preserve">  Lạng Sơn </t></si>)"
      R"(<si><t>dòng 1_x000D_
dòng 2 _x005F_x0041_</t></si>)";
  book.sheets[0].second = SheetXml(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>0</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kString, "Mã tỉnh");
  ExpectCell(*sheet, 1, 2, Kind::kString, "Tỷ lệ (%)");
  ExpectCell(*sheet, 1, 3, Kind::kString, "  Lạng Sơn ");
  ExpectCell(*sheet, 1, 4, Kind::kString, "dòng 1\r\ndòng 2 _x0041_");
  ExpectCell(*sheet, 1, 5, Kind::kString, "Mã tỉnh");
}

TEST(XlsxReader, ReadsRowsAndCellsWithoutReferences) {
  HandMade book;
  book.sheets[0].second =
      SheetXml(R"(<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>)"
               R"(<row><c t="inlineStr"><is><t>hai</t></is></c></row>)"
               R"(<row r="7"><c r="B7"><v>7</v></c><c><v>8</v></c></row>)"
               R"(<row><c><v>9</v></c></row>)"
               R"(<row><c r="C12"><v>12</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kNumber, "1");
  ExpectCell(*sheet, 1, 2, Kind::kNumber, "2");
  ExpectCell(*sheet, 1, 5, Kind::kNumber, "5");
  ExpectCell(*sheet, 1, 6, Kind::kNumber, "6");
  ExpectCell(*sheet, 2, 1, Kind::kString, "hai");
  ExpectCell(*sheet, 7, 2, Kind::kNumber, "7");
  ExpectCell(*sheet, 7, 3, Kind::kNumber, "8");
  ExpectCell(*sheet, 8, 1, Kind::kNumber, "9");
  ExpectCell(*sheet, 12, 3, Kind::kNumber, "12");
  EXPECT_EQ(sheet->rows(), 12);
  EXPECT_EQ(sheet->cols(), 6);
}

TEST(XlsxReader, SortsCellsWrittenOutOfOrder) {
  HandMade book;
  book.sheets[0].second =
      SheetXml(R"(<row r="3"><c r="B3"><v>2</v></c><c r="A3"><v>1</v></c></row>)"
               R"(<row r="1"><c r="A1"><v>0</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ASSERT_EQ(sheet->cells().size(), 3u);
  EXPECT_EQ(sheet->cells()[0].row, 1);
  EXPECT_EQ(sheet->cells()[1].col, 1);
  EXPECT_EQ(sheet->cells()[2].col, 2);
  ExpectCell(*sheet, 3, 2, Kind::kNumber, "2");
}

TEST(XlsxReader, ReadsErrorFormulaStringAndIsoDateCells) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
                                   R"(<c r="B1" t="e"><v>#N/A</v></c>)"
                                   R"(<c r="C1" t="str"><f>A2&amp;"x"</f><v>Hòa Bình</v></c>)"
                                   R"(<c r="D1" t="d"><v>2024-03-15</v></c>)"
                                   R"(<c r="E1" t="d"><v>2024-03-15T18:00:00Z</v></c>)"
                                   R"(<c r="F1" t="d"><v>1900-02-28T00:00:00</v></c>)"
                                   R"(<c r="G1"><f>SUM(A2:A9)</f></c>)"
                                   R"(<c r="H1"><f>1+1</f><v>2</v></c>)"
                                   R"(<c r="I1" t="str"><f>""</f><v></v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kError, "#DIV/0!");
  EXPECT_TRUE(sheet->At(1, 1).formula);
  ExpectCell(*sheet, 1, 2, Kind::kError, "#N/A");
  ExpectCell(*sheet, 1, 3, Kind::kString, "Hòa Bình");
  EXPECT_TRUE(sheet->At(1, 3).formula);
  ExpectCell(*sheet, 1, 4, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(1, 4).number, 45366);
  EXPECT_EQ(sheet->At(1, 4).date, Date::FromYmd(2024, 3, 15));
  ExpectCell(*sheet, 1, 5, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(1, 5).number, 45366.75);
  ExpectCell(*sheet, 1, 6, Kind::kDate, "1900-02-28");
  EXPECT_EQ(sheet->At(1, 6).number, 59);
  ExpectCell(*sheet, 1, 7, Kind::kEmpty, "");  // a formula without a cached value
  EXPECT_TRUE(sheet->At(1, 7).formula);
  ExpectCell(*sheet, 1, 8, Kind::kNumber, "2");
  ExpectCell(*sheet, 1, 9, Kind::kString, "");
  EXPECT_EQ(sheet->cells().size(), 9u);
}

TEST(XlsxReader, ReadsThe1904DateSystem) {
  HandMade book;
  book.workbook_pr = R"(<workbookPr date1904="1"/>)";
  book.styles = StylesXml(R"(<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>)", {0, 164});
  book.sheets[0].second =
      SheetXml(R"(<row r="1"><c r="A1" s="1"><v>43904</v></c><c r="B1" t="d"><v>2024-03-15</v></c>)"
               R"(<c r="C1" s="1"><v>0</v></c><c r="D1"><v>43904</v></c></row>)");
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_TRUE(workbook->date1904());
  Result<XlsxGrid> sheet = workbook->ReadSheet(0);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(1, 1).number, 43904);
  ExpectCell(*sheet, 1, 2, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(1, 2).number, 43904);
  ExpectCell(*sheet, 1, 3, Kind::kDate, "1904-01-01");
  ExpectCell(*sheet, 1, 4, Kind::kNumber, "43904");
}

TEST(XlsxReader, ReadsCustomAndBuiltinFormats) {
  HandMade book;
  book.styles = StylesXml(
      R"(<numFmt numFmtId="164" formatCode="00000"/><numFmt numFmtId="165" formatCode="[$-42A]d mmmm yyyy"/>)"
      R"(<numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="&quot;Mã &quot;000"/>)",
      {0, 164, 165, 166, 14, 22, 20, 167, 3});
  book.sheets[0].second =
      SheetXml(R"(<row r="1"><c r="A1" s="1"><v>4</v></c><c r="B1" s="2"><v>45366</v></c>)"
               R"(<c r="C1" s="3"><v>45366</v></c><c r="D1" s="4"><v>45366</v></c>)"
               R"(<c r="E1" s="5"><v>45366.5</v></c><c r="F1" s="6"><v>0.25</v></c>)"
               R"(<c r="G1" s="7"><v>4</v></c><c r="H1" s="8"><v>1234567</v></c>)"
               R"(<c r="I1" s="4"><v>60</v></c><c r="J1" s="4"><v>-5</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kNumber, "00004");
  ExpectCell(*sheet, 1, 2, Kind::kDate, "2024-03-15");
  ExpectCell(*sheet, 1, 3, Kind::kNumber, "45366");  // elapsed time
  ExpectCell(*sheet, 1, 4, Kind::kDate, "2024-03-15");
  ExpectCell(*sheet, 1, 5, Kind::kDate, "2024-03-15");
  EXPECT_EQ(sheet->At(1, 5).number, 45366.5);
  ExpectCell(*sheet, 1, 6, Kind::kNumber, "0.25");
  ExpectCell(*sheet, 1, 7, Kind::kNumber, "4");  // literal text: not a padding format
  ExpectCell(*sheet, 1, 8, Kind::kNumber, "1234567");
  ExpectCell(*sheet, 1, 9, Kind::kNumber, "60");  // 1900-02-29 is no date
  ExpectCell(*sheet, 1, 10, Kind::kNumber, "-5");
}

TEST(XlsxReader, WritesNumbersAsTheyReadBack) {
  HandMade book;
  book.sheets[0].second = SheetXml(
      R"(<row r="1"><c><v>0.1</v></c><c><v>7588.63</v></c><c><v>1E+20</v></c><c><v>-0</v></c>)"
      R"(<c><v>1E-7</v></c><c><v>123456789012345678</v></c><c><v>1e300</v></c>)"
      R"(<c><v>  12  </v></c><c><v>0.30000000000000004</v></c><c><v>999999999999999</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->Text(1, 1), "0.1");
  EXPECT_EQ(sheet->Text(1, 2), "7588.63");
  EXPECT_EQ(sheet->Text(1, 3), "100000000000000000000");
  EXPECT_EQ(sheet->Text(1, 4), "0");
  EXPECT_EQ(sheet->Text(1, 5), "0.0000001");
  EXPECT_EQ(sheet->Text(1, 6), "123456789012345680");
  EXPECT_EQ(sheet->Text(1, 7), "1e+300");
  EXPECT_EQ(sheet->Text(1, 8), "12");
  EXPECT_EQ(sheet->Text(1, 9), "0.30000000000000004");
  EXPECT_EQ(sheet->Text(1, 10), "999999999999999");
}

TEST(XlsxReader, FollowsAbsoluteRelationshipTargets) {
  HandMade book;
  book.target_prefix = "/xl/worksheets/";
  book.sheets = {{"Một", SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")},
                 {"Hai", SheetXml(R"(<row r="1"><c r="A1"><v>2</v></c></row>)")}};
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_EQ(workbook->sheets()[1].part, "xl/worksheets/sheet2.xml");
  Result<XlsxGrid> sheet = workbook->ReadSheet("Hai");
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->Text(1, 1), "2");
}

TEST(XlsxReader, FindsTheWorkbookThroughThePackageRelationships) {
  // A workbook part elsewhere, with "../" in its relationship targets.
  const std::string rels =
      std::string(kDeclaration) +
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::vector<Part> parts = {
      {"_rels/.rels",
       rels +
           R"(<Relationship Id="r" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/book/main.xml"/></Relationships>)"},
      {"book/main.xml", std::string("<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
                                    "spreadsheetml/2006/main\" xmlns:rel=\"http://"
                                    "schemas.openxmlformats.org/officeDocument/2006/"
                                    "relationships\"><x:sheets><x:sheet name=\"Dữ liệu\" "
                                    "sheetId=\"1\" rel:id=\"s1\"/></x:sheets></x:workbook>")},
      {"book/_rels/main.xml.rels",
       rels +
           R"(<Relationship Id="s1" Type="x/worksheet" Target="../data/./one.xml"/></Relationships>)"},
      {"data/one.xml",
       R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
       R"(<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>tiền tố</x:t></x:is></x:c></x:row>)"
       R"(</x:sheetData></x:worksheet>)"}};
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(Zip(parts), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_EQ(workbook->sheets()[0].part, "data/one.xml");
  Result<XlsxGrid> sheet = workbook->ReadSheet("Dữ liệu");
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 2, 2, Kind::kString, "tiền tố");
}

TEST(XlsxReader, ReadsAWorkbookWithoutSharedStringsOrStyles) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="A1" s="3"><v>5</v></c></row>)");
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ExpectCell(*sheet, 1, 1, Kind::kNumber, "5");
}

TEST(XlsxReader, NormalisesTextToNfc) {
  HandMade book;
  // "Hoà" with a combining grave accent (NFD), in a sheet name, a shared
  // string and an inline string.
  const std::string nfd = "Ho\x61\xCC\x80";
  book.sheets[0].first = nfd;
  book.shared_strings = "<si><t>" + nfd + "</t></si>";
  book.sheets[0].second =
      SheetXml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>)" + nfd +
               R"(</t></is></c></row>)");
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_THAT(workbook->sheet_names(), ElementsAre("Hoà"));
  Result<XlsxGrid> sheet = workbook->ReadSheet(nfd);  // the argument is normalised too
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->Text(1, 1), "Hoà");
  EXPECT_EQ(sheet->Text(1, 2), "Hoà");
}

TEST(XlsxReader, IgnoresAMalformedDimension) {
  HandMade book;
  book.sheets[0].second =
      std::string("<worksheet") + kNamespaces +
      R"(><dimension ref="A1:ZZZZ9"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>)";
  Result<XlsxGrid> sheet = ReadFirstSheet(book.Bytes());
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_FALSE(sheet->dimension().has_value());
}

// ---------------------------------------------------------------------------
// Errors: not a workbook.

TEST(XlsxReaderError, RejectsWhatIsNotAZip) {
  Result<XlsxReader> text = XlsxReader::OpenBuffer("Mã,Tên\n1,Hà Nội\n", "t.xlsx");
  EXPECT_EQ(text.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(text.status().message(), "not an .xlsx file (not a zip archive)");
  EXPECT_EQ(text.status().where().file, "t.xlsx");
  EXPECT_THAT(XlsxReader::OpenBuffer("", "t.xlsx").status().message(),
              HasSubstr("the file is empty"));
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls += std::string(600, '\0');
  EXPECT_THAT(XlsxReader::OpenBuffer(xls, "t.xlsx").status().message(), HasSubstr(".xls"));
}

TEST(XlsxReaderError, RejectsAZipWithoutWorkbook) {
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(Zip({{"readme.txt", "xin chào"}}), "t.xlsx");
  EXPECT_EQ(workbook.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(workbook.status().message(), "not an .xlsx file (no xl/workbook.xml)");
  EXPECT_THAT(XlsxReader::OpenBuffer(Zip({{"xl/workbook.bin", "x"}}), "t.xlsx").status().message(),
              HasSubstr(".xlsb"));
  const std::string xlsb_rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
      R"(relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>)";
  std::vector<Part> xlsb = {{"_rels/.rels", xlsb_rels},
                            {"xl/workbook.bin", "x"},
                            {"xl/_rels/workbook.bin.rels", "<Relationships/>"}};
  EXPECT_THAT(XlsxReader::OpenBuffer(Zip(xlsb), "t.xlsx").status().message(), HasSubstr(".xlsb"));
  EXPECT_THAT(XlsxReader::OpenBuffer(Zip({{"mimetype", "x"}, {"content.xml", "x"}}), "t.xlsx")
                  .status()
                  .message(),
              HasSubstr(".ods"));
}

TEST(XlsxReaderError, RejectsAMissingWorkbookRelationshipsPart) {
  HandMade book;
  std::vector<Part> parts = book.Parts();
  std::erase_if(parts, [](const Part& p) { return p.name == "xl/_rels/workbook.xml.rels"; });
  ExpectPartError(XlsxReader::OpenBuffer(Zip(parts), "t.xlsx").status(),
                  "xl/_rels/workbook.xml.rels", "missing");
}

TEST(XlsxReaderError, RejectsASheetWithoutRelationship) {
  HandMade book;
  std::vector<Part> parts = book.Parts();
  for (Part& part : parts) {
    if (part.name == "xl/workbook.xml") part.data.replace(part.data.find("rId1"), 4, "rId9");
  }
  Status status = XlsxReader::OpenBuffer(Zip(parts), "t.xlsx").status();
  ExpectPartError(status, "xl/workbook.xml", "'rId9' is not in xl/_rels/workbook.xml.rels");
  EXPECT_THAT(status.message(), HasSubstr("'Sheet1'"));
}

TEST(XlsxReaderError, RejectsTwoSheetsOfOneName) {
  HandMade book;
  book.sheets = {{"Dữ liệu", SheetXml("")}, {"Dữ liệu", SheetXml("")}};
  ExpectPartError(XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx").status(), "xl/workbook.xml",
                  "two sheets are named 'Dữ liệu'");
}

TEST(XlsxReaderError, RejectsAMissingSheetPartWhenTheSheetIsRead) {
  HandMade book;
  book.sheets = {{"A", SheetXml("")}, {"B", SheetXml("")}};
  std::vector<Part> parts = book.Parts();
  std::erase_if(parts, [](const Part& p) { return p.name == "xl/worksheets/sheet2.xml"; });
  Result<XlsxReader> workbook = XlsxReader::OpenBuffer(Zip(parts), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().ToString();
  EXPECT_TRUE(workbook->ReadSheet("A").ok());
  Status status = workbook->ReadSheet("B").status();
  ExpectPartError(status, "xl/worksheets/sheet2.xml", "missing");
  EXPECT_THAT(status.message(), HasSubstr("(sheet 'B')"));
}

TEST(XlsxReaderError, RejectsEncryptedParts) {
  if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) GTEST_SKIP() << "libzip without AES";
  HandMade book;
  ExpectPartError(XlsxReader::OpenBuffer(Zip(book.Parts(), "xl/workbook.xml"), "t.xlsx").status(),
                  "xl/workbook.xml", "encrypted");
}

TEST(XlsxReaderError, RejectsZeroLimits) {
  XlsxLimits limits;
  limits.max_cells = 0;
  EXPECT_EQ(XlsxReader::OpenBuffer(HandMade().Bytes(), "t.xlsx", limits).status().code(),
            ErrorCode::kUsage);
}

// ---------------------------------------------------------------------------
// Errors: cells.

TEST(XlsxReaderError, RejectsASharedStringIndexOutOfRange) {
  HandMade book;
  book.shared_strings = "<si><t>một</t></si><si><t>hai</t></si>";
  book.sheets[0].second = SheetXml(R"(<row r="4"><c r="C4" t="s"><v>57</v></c></row>)");
  Status status = FirstSheetError(book.Bytes());
  ExpectCellError(status, 4, 3, "Sheet1!C4", "xl/sharedStrings.xml",
                  "string index 57 out of range");
  EXPECT_THAT(status.message(),
              HasSubstr("xl/sharedStrings.xml: string index 57 out of range (it has 2 strings) at "
                        "Sheet1!C4"));
}

TEST(XlsxReaderError, RejectsASharedStringWithoutTheSharedStringsPart) {
  HandMade book;
  book.sheets[0].first = "Chỉ tiêu";
  book.sheets[0].second = SheetXml(R"(<row r="2"><c r="B2" t="s"><v>0</v></c></row>)");
  ExpectCellError(FirstSheetError(book.Bytes()), 2, 2, "Chỉ tiêu!B2", "xl/sharedStrings.xml",
                  "the workbook has no shared strings part");
}

TEST(XlsxReaderError, RejectsACellReferenceOutsideTheSheet) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)");
  Status status = FirstSheetError(book.Bytes());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.where().field, "Sheet1!XFE1");
  EXPECT_EQ(status.where().line, 1);
  EXPECT_THAT(status.message(), HasSubstr("xl/worksheets/sheet1.xml: cell reference 'XFE1' is "
                                          "outside the sheet"));
  EXPECT_THAT(status.message(), HasSubstr("at Sheet1!XFE1"));
}

TEST(XlsxReaderError, RejectsRowsAndColumnsPastTheEnd) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="1048577"><c><v>1</v></c></row>)");
  EXPECT_THAT(FirstSheetError(book.Bytes()).message(), HasSubstr("row number '1048577'"));
  book.sheets[0].second = SheetXml(R"(<row r="1048576"/><row><c><v>1</v></c></row>)");
  EXPECT_THAT(FirstSheetError(book.Bytes()).message(), HasSubstr("after the last row"));
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)");
  EXPECT_THAT(FirstSheetError(book.Bytes()).message(), HasSubstr("after the last column"));
}

TEST(XlsxReaderError, RejectsACellOutsideItsRow) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="4"><c r="B5"><v>1</v></c></row>)");
  ExpectCellError(FirstSheetError(book.Bytes()), 5, 2, "Sheet1!B5", "xl/worksheets/sheet1.xml",
                  "inside row 4");
}

TEST(XlsxReaderError, RejectsACellGivenTwice) {
  HandMade book;
  book.sheets[0].second =
      SheetXml(R"(<row r="3"><c r="B3"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>)");
  ExpectCellError(FirstSheetError(book.Bytes()), 3, 2, "Sheet1!B3", "xl/worksheets/sheet1.xml",
                  "given twice");
}

TEST(XlsxReaderError, RejectsBadValues) {
  struct Case {
    std::string cell;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {R"(<c r="A1" t="q"><v>1</v></c>)", "unknown cell type 'q'"},
           {R"(<c r="A1"><v>12abc</v></c>)", "'12abc' is not a number"},
           {R"(<c r="A1"><v>1e999</v></c>)", "'1e999' is not a number"},
           {R"(<c r="A1"><v>nan</v></c>)", "'nan' is not a number"},
           {R"(<c r="A1" t="b"><v>2</v></c>)", "'2' is not a boolean"},
           {R"(<c r="A1" t="d"><v>15/03/2024</v></c>)", "'15/03/2024' is not an ISO 8601 date"},
           {R"(<c r="A1" t="d"><v>2024-03-15T25:00</v></c>)", "is not an ISO 8601 date"},
           {R"(<c r="A1" t="s"><v>-1</v></c>)", "string index '-1' out of range"},
           {R"(<c r="A1" s="7"><v>1</v></c>)", "style '7' is not in xl/styles.xml"},
           {"<c r=\"A1\" t=\"inlineStr\"><is><t>\xC3\x28</t></is></c>", "not valid UTF-8"},
       }) {
    HandMade book;
    book.styles = StylesXml("", {0});
    book.sheets[0].second = SheetXml("<row r=\"1\">" + c.cell + "</row>");
    ExpectCellError(FirstSheetError(book.Bytes()), 1, 1, "Sheet1!A1", "", c.message);
  }
}

TEST(XlsxReaderError, RejectsInvalidUtf8InSharedStrings) {
  HandMade book;
  book.shared_strings = "<si><t>ok</t></si><si><t>\xE1\xBB</t></si>";
  ExpectPartError(XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx").status(), "xl/sharedStrings.xml",
                  "string 1 is not valid UTF-8");
}

TEST(XlsxReaderError, RejectsOverlappingMergedRanges) {
  HandMade book;
  book.sheets[0].second = SheetXml(
      "", R"(<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>)");
  ExpectCellError(FirstSheetError(book.Bytes()), 2, 2, "Sheet1!B2", "xl/worksheets/sheet1.xml",
                  "merged ranges A1:B2 and B2:C3 overlap");
  book.sheets[0].second = SheetXml("", R"(<mergeCells><mergeCell ref="A1:XFE2"/></mergeCells>)");
  Status status = FirstSheetError(book.Bytes());
  EXPECT_EQ(status.where().field, "Sheet1!A1:XFE2");
  EXPECT_THAT(status.message(), HasSubstr("merged range 'A1:XFE2'"));
}

// ---------------------------------------------------------------------------
// Errors: malformed XML and limits.

TEST(XlsxReaderError, RejectsMalformedXml) {
  HandMade book;
  book.sheets[0].first = "Phân bổ";
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="A1"><v>1</v></row>)");
  Status status = FirstSheetError(book.Bytes());
  ExpectPartError(status, "xl/worksheets/sheet1.xml", "malformed XML at byte");
  EXPECT_THAT(status.message(), HasSubstr("(sheet 'Phân bổ')"));

  HandMade broken_strings;
  broken_strings.shared_strings = "<si><t>x</si>";
  ExpectPartError(XlsxReader::OpenBuffer(broken_strings.Bytes(), "t.xlsx").status(),
                  "xl/sharedStrings.xml", "malformed XML");

  std::vector<Part> parts = HandMade().Parts();
  for (Part& part : parts) {
    if (part.name == "xl/workbook.xml") part.data.resize(part.data.size() - 5);
  }
  ExpectPartError(XlsxReader::OpenBuffer(Zip(parts), "t.xlsx").status(), "xl/workbook.xml",
                  "malformed XML");
  parts = HandMade().Parts();
  for (Part& part : parts) {
    if (part.name == "xl/styles.xml" || part.name == "xl/workbook.xml") part.data = "<a/>";
  }
  ExpectPartError(XlsxReader::OpenBuffer(Zip(parts), "t.xlsx").status(), "xl/workbook.xml",
                  "not <workbook>");
}

TEST(XlsxReaderError, RejectsAZipBomb) {
  // 4 MiB of spaces deflate to a few KiB.
  HandMade book;
  book.sheets[0].second = SheetXml("") + std::string(size_t{4} << 20, ' ');
  XlsxLimits limits;
  limits.max_part_bytes = size_t{1} << 20;
  Status status = FirstSheetError(book.Bytes(), limits);
  ExpectPartError(status, "xl/worksheets/sheet1.xml", "more than the limit of 1048576 bytes");
}

TEST(XlsxReaderError, RejectsAZipBombWithTheDefaultLimits) {
  std::vector<Part> parts = HandMade().Parts();
  for (Part& part : parts) {
    if (part.name == "xl/worksheets/sheet1.xml")
      part.data.assign(XlsxLimits().max_part_bytes + 1, '\0');
  }
  Status status = XlsxReadAll(Zip(parts), "t.xlsx");
  ExpectPartError(status, "xl/worksheets/sheet1.xml", "uncompressed, more than the limit");
}

// Sets the uncompressed size of `name` in its local header and in the
// central directory: a zip that lies about what it inflates to.
void PatchDeclaredSize(std::string& zip, const std::string& name, uint32_t size) {
  auto patch = [&](const char* signature, size_t name_at, size_t size_at) {
    for (size_t at = zip.find(signature); at != std::string::npos;
         at = zip.find(signature, at + 1)) {
      if (zip.compare(at + name_at, name.size(), name) != 0) continue;
      for (int i = 0; i < 4; ++i)
        zip[at + size_at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
      return;
    }
    ADD_FAILURE() << "no entry " << name;
  };
  patch("PK\x03\x04", 30, 22);
  patch("PK\x01\x02", 46, 24);
}

TEST(XlsxReaderError, RejectsAPartLongerThanTheDirectorySays) {
  HandMade book;
  book.sheets[0].second =
      SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)") + std::string(100000, ' ');
  std::string zip = book.Bytes();
  PatchDeclaredSize(zip, "xl/worksheets/sheet1.xml", 100);
  ExpectPartError(FirstSheetError(zip), "xl/worksheets/sheet1.xml",
                  "inflates past the 100 bytes the zip directory says");
}

TEST(XlsxReaderError, RejectsAPartWhoseCrcDoesNotMatch) {
  HandMade book;
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="A1"><v>4242</v></c></row>)");
  std::string zip = Zip(book.Parts(), "", "xl/worksheets/sheet1.xml");
  size_t at = zip.find("4242");
  ASSERT_NE(at, std::string::npos);
  zip[at] = '5';  // still well-formed XML: only the CRC tells
  ExpectPartError(FirstSheetError(zip), "xl/worksheets/sheet1.xml", "CRC");
}

TEST(XlsxReaderError, RejectsPartsAddingUpPastTheTotalLimit) {
  HandMade book;
  std::string padded = SheetXml("") + std::string(3000, ' ');
  book.sheets = {{"A", padded}, {"B", padded}, {"C", padded}};
  XlsxLimits limits;
  limits.max_total_bytes = 8000;
  Status status = XlsxReader::OpenBuffer(book.Bytes(), "t.xlsx", limits).status();
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(status.message(), HasSubstr("more than the limit of 8000 bytes"));
}

TEST(XlsxReaderError, RejectsDeeplyNestedXml) {
  HandMade book;
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<x>";
  for (int i = 0; i < 200; ++i) deep += "</x>";
  book.sheets[0].second = SheetXml("", "<extLst>" + deep + "</extLst>");
  ExpectPartError(FirstSheetError(book.Bytes()), "xl/worksheets/sheet1.xml",
                  "nested deeper than 128 levels");
}

TEST(XlsxReaderError, RejectsXmlOverTheDomBudget) {
  HandMade book;
  std::string rows;
  for (int r = 1; r <= 100; ++r) rows += "<row><c><v>1</v></c><c><v>2</v></c></row>";
  book.sheets[0].second = SheetXml(rows);
  XlsxLimits limits;
  limits.max_dom_bytes = 10000;
  ExpectPartError(FirstSheetError(book.Bytes(), limits), "xl/worksheets/sheet1.xml",
                  "more than the limit of 10000 bytes");
  limits.max_dom_bytes = 100000;
  EXPECT_TRUE(FirstSheetError(book.Bytes(), limits).ok());
}

TEST(XlsxReaderError, RejectsTooManyCellsOrTooMuchText) {
  HandMade book;
  book.sheets[0].second = SheetXml(
      R"(<row r="1"><c t="inlineStr"><is><t>mười ký tự</t></is></c><c><v>1</v></c><c><v>2</v></c></row>)");
  XlsxLimits limits;
  limits.max_cells = 2;
  ExpectCellError(FirstSheetError(book.Bytes(), limits), 1, 3, "Sheet1!C1",
                  "xl/worksheets/sheet1.xml", "more than 2 cells");
  limits = {};
  limits.max_text_bytes = 10;
  ExpectCellError(FirstSheetError(book.Bytes(), limits), 1, 1, "Sheet1!A1",
                  "xl/worksheets/sheet1.xml", "more than 10 bytes of text");
}

TEST(XlsxReaderError, RejectsTooManyMergedRanges) {
  HandMade book;
  book.sheets[0].second = SheetXml(
      "", R"(<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A2:XFD2"/></mergeCells>)");
  XlsxLimits limits;
  limits.max_merged_columns = 1000;
  EXPECT_THAT(FirstSheetError(book.Bytes(), limits).message(), HasSubstr("more than 1000 columns"));
  limits = {};
  limits.max_merged_ranges = 1;
  EXPECT_THAT(FirstSheetError(book.Bytes(), limits).message(), HasSubstr("more than 1 merged"));
}

// ---------------------------------------------------------------------------
// Robustness: damaged input never crashes (the fuzzer goes further).

TEST(XlsxReadAll, ReadsAGoodWorkbook) {
  HandMade book;
  book.shared_strings = "<si><t>a</t></si>";
  book.sheets[0].second = SheetXml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)",
                                   R"(<mergeCells><mergeCell ref="A1:B2"/></mergeCells>)");
  EXPECT_TRUE(XlsxReadAll(book.Bytes(), "t.xlsx").ok());
}

TEST(XlsxReadAll, NeverCrashesOnTruncatedOrMutatedInput) {
  HandMade book;
  book.shared_strings = R"(<si><t>Mã</t></si><si><r><t>Tên </t></r><r><t>xã</t></r></si>)";
  book.styles = StylesXml(R"(<numFmt numFmtId="164" formatCode="00000"/>)", {0, 164, 14});
  book.sheets = {
      {"Chỉ tiêu",
       SheetXml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
                R"(<row r="2"><c r="A2" s="1"><v>4</v></c><c r="B2" s="2"><v>45366</v></c>)"
                R"(<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c></row>)",
                R"(<mergeCells><mergeCell ref="C1:D1"/></mergeCells>)")},
      {"Phân bổ", SheetXml(R"(<row><c t="inlineStr"><is><t>x</t></is></c></row>)")}};
  std::vector<Part> parts = book.Parts();
  std::string bytes = Zip(parts);
  ASSERT_TRUE(XlsxReadAll(bytes, "t.xlsx").ok());

  // The archive cut anywhere, and with bytes flipped.
  for (size_t size = 0; size < bytes.size(); size += 11) {
    (void)XlsxReadAll(bytes.substr(0, size), "t.xlsx");
  }
  unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  for (int i = 0; i < 300; ++i) {
    std::string damaged = bytes;
    damaged[random() % damaged.size()] = static_cast<char>(random());
    (void)XlsxReadAll(damaged, "t.xlsx");
  }
  // Each XML part cut anywhere, or with a byte changed to XML syntax.
  const std::string syntax = "<>/=\"'&;:!?[]x0 ";
  for (size_t p = 0; p < parts.size(); ++p) {
    for (int i = 0; i < 40; ++i) {
      std::vector<Part> changed = parts;
      std::string& data = changed[p].data;
      if (data.empty()) continue;
      if (i % 2 == 0) {
        data.resize(random() % data.size());
      } else {
        data[random() % data.size()] = syntax[random() % syntax.size()];
      }
      (void)XlsxReadAll(Zip(changed), "t.xlsx");
    }
  }
}

}  // namespace
}  // namespace gemis::exchange
