// The .xlsx writer: workbooks written with libxlsxwriter and read back part by
// part (libzip + pugixml, tests/support/xlsx_package.h).
#include "exchange/xlsx_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"
#include "support/xlsx_package.h"

namespace gemis::exchange {
namespace {

using test_support::CellRef;
using test_support::XlsxPackage;
using test_support::XlsxSheetData;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A plan-appendix-like sheet: two title lines, a units line, a two-row header
// (a measure split into two levels, an unsplit one), STT, a totals row and
// three unit rows.
XlsxSheet AppendixSheet() {
  XlsxSheet s;
  s.name = "Phụ lục I";
  s.titles = {"BẢNG PHÂN BỔ CHỈ TIÊU — 288/KH-BCĐ", "Triển khai Dự án 8 năm 2024"};
  s.units = "Đơn vị tính: tổ";
  s.stt_header = "STT";
  s.columns = {{}, {}, {}, {}, {}};
  s.header = {{.row = 0, .col = 0, .row_span = 2, .text = "Đơn vị"},
              {.row = 0, .col = 1, .row_span = 2, .text = "Mã"},
              {.row = 0, .col = 2, .col_span = 2, .text = "Tổ truyền thông cộng đồng"},
              {.row = 1, .col = 2, .text = "Cấp tỉnh"},
              {.row = 1, .col = 3, .text = "Cấp huyện"},
              {.row = 0, .col = 4, .row_span = 2, .text = "Kinh phí"}};
  s.label_columns = 2;
  s.rows = {
      {XlsxRow::Kind::kTotal,
       {XlsxCell::Text("Tổng chỉ tiêu"), XlsxCell::Empty(), XlsxCell::Integer(29),
        XlsxCell::Integer(28), XlsxCell::Money(22'991'000'000)}},
      {XlsxRow::Kind::kItem,
       {XlsxCell::Text("Quảng Hòa"), XlsxCell::Text("049"), XlsxCell::Integer(11),
        XlsxCell::Integer(11), XlsxCell::Money(1'500'000)}},
      {XlsxRow::Kind::kPlain, {XlsxCell::Text("Thời gian hoàn thành"), {}, XlsxCell::Text("2024")}},
      {XlsxRow::Kind::kItem,
       {XlsxCell::Text("Xã Phi Hải", 1), XlsxCell::Text("00004"), XlsxCell::Decimal(7588.625, 2),
        XlsxCell::Percent(0.5614), XlsxCell::Empty()}},
  };
  return s;
}

XlsxWorkbook OneSheet(XlsxSheet sheet) {
  XlsxWorkbook wb;
  wb.sheets.push_back(std::move(sheet));
  return wb;
}

XlsxPackage WriteAndOpen(const XlsxWorkbook& wb, const test_support::TempDir& dir) {
  const std::string path = dir.File("report.xlsx");
  Status status = WriteXlsx(wb, path);
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::optional<XlsxPackage> package = XlsxPackage::FromFile(path);
  EXPECT_TRUE(package.has_value()) << "not a zip: " << path;
  return package ? std::move(*package) : XlsxPackage();
}

// Rows of AppendixSheet(): titles 0-1, units 2, header 3-4, body 5-8.
constexpr int kBody = 5;

TEST(XlsxWriter, LaysOutTitlesUnitsAndMergedMultiRowHeader) {
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(OneSheet(AppendixSheet()), dir);
  ASSERT_THAT(x.SheetNames(), ElementsAre("Phụ lục I"));
  XlsxSheetData s = x.Sheet("Phụ lục I");
  // Titles and the units line span the table's six columns (STT + five).
  EXPECT_THAT(s.merges, Contains("A1:F1"));
  EXPECT_THAT(s.merges, Contains("A2:F2"));
  EXPECT_THAT(s.merges, Contains("A3:F3"));
  EXPECT_EQ(s.Text(0, 0), "BẢNG PHÂN BỔ CHỈ TIÊU — 288/KH-BCĐ");
  EXPECT_TRUE(x.Bold(s.At(0, 0)->style));
  EXPECT_EQ(s.Text(2, 0), "Đơn vị tính: tổ");
  // The header: STT and the unsplit columns span both rows, the split
  // measure spans its two level columns.
  EXPECT_THAT(s.merges, Contains("A4:A5"));
  EXPECT_THAT(s.merges, Contains("B4:B5"));
  EXPECT_THAT(s.merges, Contains("C4:C5"));
  EXPECT_THAT(s.merges, Contains("D4:E4"));
  EXPECT_THAT(s.merges, Contains("F4:F5"));
  EXPECT_EQ(s.merges.size(), 8u);
  EXPECT_EQ(s.Text(3, 0), "STT");
  EXPECT_EQ(s.Text(3, 3), "Tổ truyền thông cộng đồng");
  EXPECT_EQ(s.Text(4, 3), "Cấp tỉnh");
  EXPECT_EQ(s.Text(4, 4), "Cấp huyện");
  EXPECT_TRUE(x.Bold(s.At(4, 4)->style));
  // Frozen below the header, right of STT and the two label columns.
  ASSERT_TRUE(s.pane.has_value());
  EXPECT_EQ(s.pane->state, "frozen");
  EXPECT_EQ(s.pane->y_split, kBody);
  EXPECT_EQ(s.pane->x_split, 3);
  EXPECT_EQ(s.pane->top_left, "D6");
}

TEST(XlsxWriter, NumbersAreNumbersWithLocaleNeutralFormats) {
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(OneSheet(AppendixSheet()), dir);
  XlsxSheetData s = x.Sheet("Phụ lục I");
  // Integers and money: "#,##0" (Excel shows 22.991.000.000 under a
  // Vietnamese locale); the cell holds the number, not text.
  ASSERT_TRUE(s.IsNumber(kBody, 3));
  EXPECT_EQ(s.At(kBody, 3)->number, 29);
  EXPECT_EQ(x.NumberFormat(s.At(kBody, 3)->style), "#,##0");
  ASSERT_TRUE(s.IsNumber(kBody, 5));
  EXPECT_EQ(s.At(kBody, 5)->text, "22991000000");
  EXPECT_EQ(x.NumberFormat(s.At(kBody, 5)->style), "#,##0");
  // A decimal keeps its full value; two decimals are shown.
  ASSERT_TRUE(s.IsNumber(kBody + 3, 3));
  EXPECT_DOUBLE_EQ(s.At(kBody + 3, 3)->number, 7588.625);
  EXPECT_EQ(x.NumberFormat(s.At(kBody + 3, 3)->style), "#,##0.00");
  // A percentage is a fraction shown with "0.0%".
  ASSERT_TRUE(s.IsNumber(kBody + 3, 4));
  EXPECT_DOUBLE_EQ(s.At(kBody + 3, 4)->number, 0.5614);
  EXPECT_EQ(x.NumberFormat(s.At(kBody + 3, 4)->style), "0.0%");
  // No number anywhere is stored as a preformatted string.
  for (const auto& [at, cell] : s.cells) {
    EXPECT_THAT(cell.text, Not(HasSubstr("22.991"))) << CellRef(at.first, at.second);
  }
}

TEST(XlsxWriter, CodesStayTextWithTheirLeadingZeros) {
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(OneSheet(AppendixSheet()), dir);
  XlsxSheetData s = x.Sheet("Phụ lục I");
  EXPECT_EQ(s.At(kBody + 3, 2)->type, "s");  // a shared string
  EXPECT_EQ(s.Text(kBody + 3, 2), "00004");
  EXPECT_EQ(s.Text(kBody + 1, 2), "049");
  EXPECT_EQ(x.NumberFormat(s.At(kBody + 3, 2)->style), "@");
  EXPECT_THAT(x.Part("xl/sharedStrings.xml"), HasSubstr("<t>00004</t>"));
  // Excel is told not to flag them as numbers stored as text.
  EXPECT_THAT(x.Part("xl/worksheets/sheet1.xml"), HasSubstr("numberStoredAsText"));
}

TEST(XlsxWriter, SttNumbersItemRowsAndTotalsAreBoldValues) {
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(OneSheet(AppendixSheet()), dir);
  XlsxSheetData s = x.Sheet("Phụ lục I");
  EXPECT_EQ(s.At(kBody, 0)->type, "blank");  // the totals row has no number
  EXPECT_EQ(s.At(kBody + 1, 0)->number, 1);
  EXPECT_EQ(s.At(kBody + 2, 0)->type, "blank");  // a plain row neither
  EXPECT_EQ(s.At(kBody + 3, 0)->number, 2);
  EXPECT_TRUE(x.Bold(s.At(kBody, 1)->style));
  EXPECT_TRUE(x.Bold(s.At(kBody, 3)->style));
  EXPECT_FALSE(x.Bold(s.At(kBody + 1, 3)->style));
  // Totals are values, never formulas.
  for (const auto& [at, cell] : s.cells) EXPECT_FALSE(cell.formula) << CellRef(at.first, at.second);
  EXPECT_THAT(x.Part("xl/worksheets/sheet1.xml"), Not(HasSubstr("<f>")));
  // Indented labels (tree depth), bordered blanks where a row is short.
  EXPECT_EQ(x.Indent(s.At(kBody + 3, 1)->style), 1);
  EXPECT_EQ(s.At(kBody + 2, 5)->type, "blank");
}

TEST(XlsxWriter, IntegersBeyondExcelPrecisionAreWrittenAsText) {
  EXPECT_EQ(XlsxCell::Integer(999'999'999'999'999).type, XlsxCell::Type::kInteger);
  XlsxCell big = XlsxCell::Integer(1'234'567'890'123'456'789);
  EXPECT_EQ(big.type, XlsxCell::Type::kText);
  EXPECT_EQ(big.text, "1234567890123456789");
}

TEST(XlsxWriter, ColumnWidthsAndFormatsMayBeGiven) {
  XlsxSheet sheet;
  sheet.name = "Số liệu";
  sheet.columns = {{.width = 42}, {.number_format = "#,##0.000"}};
  sheet.header = {{.text = "Tên"}, {.col = 1, .text = "Giá trị"}};
  sheet.rows = {{XlsxRow::Kind::kItem, {XlsxCell::Text("a"), XlsxCell::Decimal(1.5, 1)}}};
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(OneSheet(sheet), dir);
  XlsxSheetData s = x.Sheet("Số liệu");
  EXPECT_EQ(x.NumberFormat(s.At(1, 1)->style), "#,##0.000");
  EXPECT_THAT(x.Part("xl/worksheets/sheet1.xml"), HasSubstr("width=\"42"));
  // Without label columns the pane is frozen below the header only.
  ASSERT_TRUE(s.pane.has_value());
  EXPECT_EQ(s.pane->y_split, 1);
  EXPECT_EQ(s.pane->x_split, 0);
}

TEST(XlsxSheetName, SanitisesForExcelKeepingDiacritics) {
  EXPECT_EQ(SanitizeSheetName("Phụ lục I (Bổ sung)"), "Phụ lục I (Bổ sung)");
  EXPECT_EQ(SanitizeSheetName("288/KH-BCĐ"), "288-KH-BCĐ");
  EXPECT_EQ(SanitizeSheetName("[a]:b*c?d\\e"), "(a)-b-c-d-e");
  EXPECT_EQ(SanitizeSheetName("  'Tiến   độ'  "), "Tiến độ");
  EXPECT_EQ(SanitizeSheetName("a\tb\nc"), "a-b-c");
  EXPECT_EQ(SanitizeSheetName(""), "");
  EXPECT_EQ(SanitizeSheetName("''"), "");
  // NFD input comes out NFC: "ộ" is one character, not three.
  EXPECT_EQ(SanitizeSheetName("o\xCC\x82\xCC\xA3"), "ộ");
  EXPECT_EQ(SanitizeSheetName("a\xFF"
                              "b"),
            "ab");  // an invalid byte is dropped
  // 31 UTF-16 units at most, cut between characters, trailing space trimmed.
  const std::string long_name = "Tổ truyền thông cộng đồng được thành lập và duy trì";
  EXPECT_EQ(SanitizeSheetName(long_name), "Tổ truyền thông cộng đồng được");
  EXPECT_EQ(SanitizeSheetName(std::string(40, 'x')), std::string(31, 'x'));
  // A character outside the BMP counts two units and is never split.
  EXPECT_EQ(SanitizeSheetName(std::string(30, 'x') + "\xF0\x9F\x98\x80"), std::string(30, 'x'));
}

TEST(XlsxSheetName, DeDuplicatesIgnoringCaseWithinTheLimit) {
  const std::string long_name = std::string(31, 'y');
  EXPECT_THAT(UniqueSheetNames({"Phụ lục I", "PHỤ LỤC I", "phụ lục i", "", long_name, long_name,
                                "History", "a/b", "a-b"}),
              ElementsAre("Phụ lục I", "PHỤ LỤC I (2)", "phụ lục i (3)", "Trang tính 4", long_name,
                          std::string(27, 'y') + " (2)", "History (2)", "a-b", "a-b (2)"));
}

TEST(XlsxWriter, WritesSeveralSheetsUnderUniqueNames) {
  XlsxWorkbook wb;
  wb.sheets = {AppendixSheet(), AppendixSheet()};
  wb.sheets[1].name = "Phụ lục I";
  test_support::TempDir dir;
  XlsxPackage x = WriteAndOpen(wb, dir);
  EXPECT_THAT(x.SheetNames(), ElementsAre("Phụ lục I", "Phụ lục I (2)"));
  EXPECT_EQ(x.Sheet("Phụ lục I (2)").Text(3, 0), "STT");
}

TEST(XlsxWriter, UnwritablePathIsAnIoErrorNamingTheFile) {
  const std::string path = "/nonexistent-gemis-dir/bang.xlsx";
  Status status = WriteXlsx(OneSheet(AppendixSheet()), path);
  EXPECT_EQ(status.code(), ErrorCode::kIoError);
  EXPECT_THAT(status.ToString(), HasSubstr(path));
  EXPECT_THAT(status.ToString(), HasSubstr("No such file or directory"));
  // A directory in the way: the complete workbook cannot replace it; the
  // temporary file is removed.
  test_support::TempDir dir;
  std::filesystem::create_directory(dir.File("taken.xlsx"));
  Status taken = WriteXlsx(OneSheet(AppendixSheet()), dir.File("taken.xlsx"));
  EXPECT_EQ(taken.code(), ErrorCode::kIoError);
  EXPECT_THAT(taken.ToString(), HasSubstr("taken.xlsx"));
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1);
}

TEST(XlsxWriter, ReplacesAnExistingFileWithoutLeavingTemporaries) {
  test_support::TempDir dir;
  std::ofstream(dir.File("report.xlsx")) << "old";
  XlsxPackage x = WriteAndOpen(OneSheet(AppendixSheet()), dir);
  EXPECT_THAT(x.SheetNames(), ElementsAre("Phụ lục I"));
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_THAT(names, ElementsAre("report.xlsx"));
  struct stat st {};
  ASSERT_EQ(::stat(dir.File("report.xlsx").c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IRUSR, 0u);
}

TEST(XlsxWriter, RejectsModelsExcelCannotHold) {
  test_support::TempDir dir;
  auto code = [&](const XlsxWorkbook& wb) { return WriteXlsx(wb, dir.File("bad.xlsx")).code(); };
  EXPECT_EQ(code(XlsxWorkbook{}), ErrorCode::kInvalidInput);
  XlsxSheet overlap = AppendixSheet();
  overlap.header.push_back({.row = 1, .col = 0, .text = "x"});
  EXPECT_EQ(code(OneSheet(overlap)), ErrorCode::kInvalidInput);
  XlsxSheet outside = AppendixSheet();
  outside.header.push_back({.row = 0, .col = 5, .text = "x"});
  EXPECT_EQ(code(OneSheet(outside)), ErrorCode::kInvalidInput);
  XlsxSheet wide = AppendixSheet();
  wide.rows[0].cells.resize(6);
  EXPECT_EQ(code(OneSheet(wide)), ErrorCode::kInvalidInput);
  XlsxSheet nan = AppendixSheet();
  nan.rows[0].cells[2] = XlsxCell::Decimal(std::nan(""), 2);
  EXPECT_EQ(code(OneSheet(nan)), ErrorCode::kInvalidInput);
  XlsxSheet huge = AppendixSheet();
  huge.rows[0].cells[0] = XlsxCell::Text(std::string(40'000, 'a'));
  Status too_long = WriteXlsx(OneSheet(huge), dir.File("bad.xlsx"));
  EXPECT_EQ(too_long.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(too_long.ToString(), HasSubstr("B6"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("bad.xlsx")));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(XlsxWriter, WritesIntoAString) {
  XlsxWorkbook wb = OneSheet(AppendixSheet());
  wb.created_unix = 1'719'792'000;  // 2024-07-01
  Result<std::string> bytes = WriteXlsxToString(wb);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  ASSERT_GT(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  std::optional<XlsxPackage> x = XlsxPackage::FromBytes(*bytes);
  ASSERT_TRUE(x.has_value());
  EXPECT_THAT(x->SheetNames(), ElementsAre("Phụ lục I"));
  EXPECT_EQ(x->Sheet("Phụ lục I").Text(kBody + 1, 1), "Quảng Hòa");
  EXPECT_THAT(x->Part("docProps/core.xml"), HasSubstr("2024-07-01T00:00:00Z"));
  EXPECT_THAT(x->Part("docProps/core.xml"), HasSubstr("BẢNG PHÂN BỔ CHỈ TIÊU"));
  // With a fixed creation time the same model gives the same bytes.
  Result<std::string> again = WriteXlsxToString(wb);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes);
}

}  // namespace
}  // namespace gemis::exchange
