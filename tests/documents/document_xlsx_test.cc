// A document's tables as a workbook, read back with the project's own
// reader (exchange/xlsx_reader.h): one sheet per table, titles, header,
// figures stored as numbers and codes as text.
#include "documents/document_xlsx.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exchange/xlsx_reader.h"
#include "support/temp_dir.h"

namespace gemis::documents {
namespace {

using exchange::XlsxGrid;
using exchange::XlsxReader;
using exchange::XlsxValue;
using ::testing::ElementsAre;

OfficialDocument ReportWithTwoTables() {
  OfficialDocument d;
  d.issuing_body = "Ban Thường vụ Hội LHPN thành phố Kon Tum";
  d.kind = "BÁO CÁO";
  d.summary = "Kết quả thực hiện Dự án 8 năm 2025";
  Table members;
  members.title = "Hội viên theo xã";
  members.columns = {
      {.header = "Mã"}, {.header = "Xã"}, {.header = "Số hội viên"}, {.header = "Kinh phí (đồng)"}};
  members.rows = {
      {{TableCell::Text("23470"), TableCell::Text("Hà Mòn"), TableCell::Integer(120),
        TableCell::Integer(1'234'567)}},
      {{TableCell::Text("00004"), TableCell::Text("Ngok Wang"), TableCell::Text(""),
        TableCell::Integer(22'991'000'000)}},
      {{TableCell::Text(""), TableCell::Text("Tổng cộng"), TableCell::Integer(120),
        TableCell::Integer(22'992'234'567)},
       true},
  };
  Table notes;  // untitled
  notes.columns = {{.header = "Ghi chú"}};
  notes.rows = {{{TableCell::Text("Số liệu đến 31/12/2025")}}};
  d.body = {Paragraph{"Tình hình chung."}, members, Heading{"II. GHI CHÚ", 1}, notes};
  return d;
}

XlsxReader OpenWritten(const OfficialDocument& d, const test_support::TempDir& dir) {
  const std::string path = dir.File("bang.xlsx");
  Status written = WriteDocumentXlsx(d, path);
  EXPECT_TRUE(written.ok()) << written.ToString();
  Result<XlsxReader> reader = XlsxReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return std::move(reader).value();
}

TEST(DocumentXlsx, WritesOneSheetPerTableNamedAfterItsTitle) {
  test_support::TempDir dir;
  XlsxReader reader = OpenWritten(ReportWithTwoTables(), dir);
  EXPECT_THAT(reader.sheet_names(), ElementsAre("Hội viên theo xã", "Bảng 2"));
}

TEST(DocumentXlsx, PutsTitlesAndHeaderAboveTheRows) {
  test_support::TempDir dir;
  Result<XlsxGrid> grid = OpenWritten(ReportWithTwoTables(), dir).ReadSheet(0);
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  EXPECT_EQ(grid->Text(1, 1), "BÁO CÁO Kết quả thực hiện Dự án 8 năm 2025");
  EXPECT_EQ(grid->Text(2, 1), "Hội viên theo xã");
  EXPECT_EQ(grid->Text(3, 1), "Mã");
  EXPECT_EQ(grid->Text(3, 2), "Xã");
  EXPECT_EQ(grid->Text(3, 3), "Số hội viên");
  EXPECT_EQ(grid->Text(3, 4), "Kinh phí (đồng)");
  EXPECT_EQ(grid->rows(), 6);
  EXPECT_EQ(grid->cols(), 4);
}

TEST(DocumentXlsx, StoresFiguresAsNumbersAndCodesAsText) {
  test_support::TempDir dir;
  Result<XlsxGrid> grid = OpenWritten(ReportWithTwoTables(), dir).ReadSheet(0);
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  const XlsxValue& members = grid->At(4, 3);
  EXPECT_EQ(members.kind, XlsxValue::Kind::kNumber);
  EXPECT_EQ(members.number, 120);
  const XlsxValue& money = grid->At(5, 4);
  EXPECT_EQ(money.kind, XlsxValue::Kind::kNumber);
  EXPECT_EQ(money.number, 22'991'000'000.0);
  EXPECT_EQ(grid->At(6, 4).number, 22'992'234'567.0);
  // Codes keep their leading zeros; names are strings.
  EXPECT_EQ(grid->At(5, 1).kind, XlsxValue::Kind::kString);
  EXPECT_EQ(grid->Text(5, 1), "00004");
  EXPECT_EQ(grid->At(4, 2).kind, XlsxValue::Kind::kString);
  EXPECT_EQ(grid->Text(4, 2), "Hà Mòn");
  EXPECT_EQ(grid->Text(6, 2), "Tổng cộng");
  // A blank cell stays blank.
  EXPECT_EQ(grid->At(5, 3).kind, XlsxValue::Kind::kEmpty);
}

TEST(DocumentXlsx, GivesAnUntitledTableOnlyTheDocumentTitle) {
  test_support::TempDir dir;
  Result<XlsxGrid> grid = OpenWritten(ReportWithTwoTables(), dir).ReadSheet(1);
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  EXPECT_EQ(grid->Text(1, 1), "BÁO CÁO Kết quả thực hiện Dự án 8 năm 2025");
  EXPECT_EQ(grid->Text(2, 1), "Ghi chú");
  EXPECT_EQ(grid->Text(3, 1), "Số liệu đến 31/12/2025");
}

TEST(DocumentXlsx, WritesTheSameWorkbookAsBytes) {
  Result<std::string> bytes = DocumentXlsxBytes(ReportWithTwoTables());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<XlsxReader> reader = XlsxReader::OpenBuffer(*bytes, "bang.xlsx");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_THAT(reader->sheet_names(), ElementsAre("Hội viên theo xã", "Bảng 2"));
  Result<XlsxGrid> grid = reader->ReadSheet(0);
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->At(4, 4).number, 1'234'567.0);
}

TEST(DocumentXlsx, RefusesADocumentWithoutTablesAndNamesBadFields) {
  OfficialDocument d = ReportWithTwoTables();
  d.body = {Paragraph{"Không có bảng."}};
  Result<exchange::XlsxWorkbook> workbook = DocumentWorkbook(d);
  ASSERT_FALSE(workbook.ok());
  EXPECT_EQ(workbook.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(workbook.status().where().field, "body");

  d = ReportWithTwoTables();
  std::get<Table>(d.body[1]).rows[0].cells[1].text = "H\xE0 M\xF2n";  // Latin-1, not UTF-8
  test_support::TempDir dir;
  Status status = WriteDocumentXlsx(d, dir.File("bang.xlsx"));
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().field, "body[1].rows[0].cells[1]");
}

}  // namespace
}  // namespace gemis::documents
