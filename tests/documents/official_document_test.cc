// The official document model: the header's date and number lines as Decree
// 30/2020/NĐ-CP prints them, Vietnamese integers, the recipients'
// punctuation, and the checks that name the offending field.
#include "documents/official_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace gemis::documents {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(PlaceDateLine, PadsDaysBelowTenAndJanuaryAndFebruary) {
  EXPECT_EQ(PlaceDateLine("Kon Tum", Date::FromYmd(2026, 1, 5), 0),
            "Kon Tum, ngày 05 tháng 01 năm 2026");
  EXPECT_EQ(PlaceDateLine("Kon Tum", Date::FromYmd(2025, 2, 28), 0),
            "Kon Tum, ngày 28 tháng 02 năm 2025");
}

TEST(PlaceDateLine, LeavesMarchToDecemberUnpadded) {
  EXPECT_EQ(PlaceDateLine("Hà Nội", Date::FromYmd(2025, 3, 9), 0),
            "Hà Nội, ngày 09 tháng 3 năm 2025");
  EXPECT_EQ(PlaceDateLine("Cao Bằng", Date::FromYmd(2024, 12, 31), 0),
            "Cao Bằng, ngày 31 tháng 12 năm 2024");
  EXPECT_EQ(PlaceDateLine("Kon Tum", Date::FromYmd(2024, 10, 10), 0),
            "Kon Tum, ngày 10 tháng 10 năm 2024");
}

TEST(PlaceDateLine, UndatedLeavesBlanksForDayAndMonthWithTheYear) {
  EXPECT_EQ(PlaceDateLine("Kon Tum", std::nullopt, 2026),
            "Kon Tum, ngày        tháng        năm 2026");
  EXPECT_EQ(PlaceDateLine("Kon Tum", std::nullopt, 0),
            "Kon Tum, ngày        tháng        năm       ");
}

TEST(NumberLine, PrintsNumberAndSymbol) {
  EXPECT_EQ(NumberLine("12", "BC-HLHPN"), "Số: 12/BC-HLHPN");
  EXPECT_EQ(NumberLine("288", "KH-BCĐ"), "Số: 288/KH-BCĐ");
}

TEST(NumberLine, BlankNumberLeavesRoomBeforeTheSymbol) {
  EXPECT_EQ(NumberLine("", "BC-HLHPN"), "Số:       /BC-HLHPN");
  EXPECT_EQ(NumberLine("7", ""), "Số: 7");
}

TEST(FormatVietnameseInteger, GroupsThousandsWithDots) {
  EXPECT_EQ(FormatVietnameseInteger(0), "0");
  EXPECT_EQ(FormatVietnameseInteger(999), "999");
  EXPECT_EQ(FormatVietnameseInteger(1000), "1.000");
  EXPECT_EQ(FormatVietnameseInteger(1234567), "1.234.567");
  EXPECT_EQ(FormatVietnameseInteger(-22991000000), "-22.991.000.000");
  EXPECT_EQ(FormatVietnameseInteger(std::numeric_limits<int64_t>::min()),
            "-9.223.372.036.854.775.808");
}

TEST(TableCell, IntegerCarriesTheNumberAndItsText) {
  TableCell cell = TableCell::Integer(1500000);
  EXPECT_EQ(cell.text, "1.500.000");
  EXPECT_EQ(cell.integer, 1500000);
  EXPECT_FALSE(TableCell::Text("Hà Mòn").integer.has_value());
}

TEST(RecipientLines, EndsEachItemWithASemicolonAndTheLastWithAFullStop) {
  EXPECT_THAT(RecipientLines({"Hội LHPN tỉnh (b/c)", "Thành ủy Kon Tum (b/c)", "Lưu: VT"}),
              ElementsAre("- Hội LHPN tỉnh (b/c);", "- Thành ủy Kon Tum (b/c);", "- Lưu: VT."));
}

TEST(RecipientLines, ReplacesPunctuationTheCallerLeftAndDropsBlanks) {
  EXPECT_THAT(RecipientLines({"Như trên;", "  ", "Lưu: VT, HLHPN. "}),
              ElementsAre("- Như trên;", "- Lưu: VT, HLHPN."));
  EXPECT_THAT(RecipientLines({"Lưu: VT"}), ElementsAre("- Lưu: VT."));
  EXPECT_THAT(RecipientLines({}), ElementsAre());
}

OfficialDocument Minimal() {
  OfficialDocument d;
  d.issuing_body = "Ban Thường vụ Hội LHPN thành phố Kon Tum";
  d.kind = "BÁO CÁO";
  return d;
}

TEST(CheckDocument, AcceptsAMinimalDocument) { EXPECT_TRUE(CheckDocument(Minimal()).ok()); }

TEST(CheckDocument, RefusesInvalidUtf8NamingTheField) {
  OfficialDocument d = Minimal();
  d.summary = "Kết quả \xC3\x28 năm 2024";
  Status status = CheckDocument(d);
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().field, "summary");
  EXPECT_EQ(status.where().column, 13);  // "Kết quả " is 12 bytes
}

TEST(CheckDocument, NamesTheCellOfABadTableCell) {
  OfficialDocument d = Minimal();
  Table t;
  t.columns = {{.header = "Đơn vị"}, {.header = "Số hội viên"}};
  t.rows = {{{TableCell::Text("Hà Mòn"), TableCell::Integer(120)}},
            {{TableCell::Text("Ngok Wang"), TableCell::Text("\xFF")}}};
  d.body = {Paragraph{"Tình hình chung."}, t};
  Status status = CheckDocument(d);
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().field, "body[1].rows[1].cells[1]");
}

TEST(CheckDocument, RefusesACellWhoseTextDiffersFromItsNumber) {
  OfficialDocument d = Minimal();
  Table t;
  t.columns = {{.header = "Số hội viên"}};
  t.rows = {{{TableCell{"1.201", 120}}}};
  d.body = {t};
  Status status = CheckDocument(d);
  EXPECT_EQ(status.where().field, "body[0].rows[0].cells[0]");
  EXPECT_THAT(status.message(), HasSubstr("120"));
}

TEST(CheckDocument, RefusesRowsWiderThanTheTableAndTablesWithoutColumns) {
  OfficialDocument d = Minimal();
  Table t;
  t.columns = {{.header = "Đơn vị"}};
  t.rows = {{{TableCell::Text("a"), TableCell::Text("b")}}};
  d.body = {t};
  EXPECT_EQ(CheckDocument(d).where().field, "body[0].rows[0]");
  d.body = {Table{}};
  EXPECT_EQ(CheckDocument(d).where().field, "body[0].columns");
  t.columns = {{.header = "Đơn vị", .width = 0}};
  t.rows.clear();
  d.body = {t};
  EXPECT_EQ(CheckDocument(d).where().field, "body[0].columns[0].width");
}

TEST(CheckDocument, RefusesMissingIssuingBodyOrKindAndBadHeadingLevels) {
  OfficialDocument d = Minimal();
  d.issuing_body.clear();
  EXPECT_EQ(CheckDocument(d).where().field, "issuing_body");
  d = Minimal();
  d.kind.clear();
  EXPECT_EQ(CheckDocument(d).where().field, "kind");
  d = Minimal();
  d.body = {Heading{"I. KẾT QUẢ", 3}};
  EXPECT_EQ(CheckDocument(d).where().field, "body[0].level");
}

TEST(CheckDocument, NamesTheRecipientAndTheSignatureFields) {
  OfficialDocument d = Minimal();
  d.recipients = {"Như trên", "Lưu: \xE1\xBB"};
  EXPECT_EQ(CheckDocument(d).where().field, "recipients[1]");
  d = Minimal();
  d.signature.signer = "\xC0\x80";
  EXPECT_EQ(CheckDocument(d).where().field, "signature.signer");
}

}  // namespace
}  // namespace gemis::documents
