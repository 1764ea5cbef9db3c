// Register sheets read as the JSON objects of the register files: fields,
// value columns (facts, participants, payments), attendance grouped by
// activity, and the cell of every member.
#include "exchange/sheet_records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "exchange/sheet_import.h"
#include "exchange/xlsx_reader.h"
#include "support/hand_made_xlsx.h"

namespace gemis::exchange {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class SheetRecordsTest : public ::testing::Test {
 protected:
  Result<RecordSheet> Read(const std::string& csv, SheetImportKind kind,
                           const std::vector<std::string>& maps,
                           const std::vector<std::string>& values = {},
                           const std::vector<std::string>& sets = {}) {
    Result<SheetTable> t = SheetTable::FromCsv(csv, "so.csv");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::make_unique<SheetTable>(std::move(t).value());
    SheetMapping m;
    for (const std::string& a : maps) EXPECT_TRUE(AddColumnArgument(m, a).ok()) << a;
    for (const std::string& a : sets) EXPECT_TRUE(AddConstantArgument(m, a).ok()) << a;
    for (const std::string& a : values) EXPECT_TRUE(AddValueColumnArgument(m, a).ok()) << a;
    Status prepared = PrepareSheetMapping(m, kind);
    EXPECT_TRUE(prepared.ok()) << prepared.ToString();
    Result<ResolvedSheetMapping> r = ResolvedSheetMapping::Resolve(m, *table_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    mapping_ = std::make_unique<ResolvedSheetMapping>(std::move(r).value());
    return ReadRecordSheet(*mapping_, kind);
  }

  Result<RecordSheet> ReadWorkbook(const std::string& bytes, SheetImportKind kind,
                                   const std::vector<std::string>& maps) {
    GEMIS_ASSIGN_OR_RETURN(XlsxReader reader, XlsxReader::OpenBuffer(bytes, "so.xlsx"));
    GEMIS_ASSIGN_OR_RETURN(SheetTable t, SheetTable::FromWorkbook(reader));
    table_ = std::make_unique<SheetTable>(std::move(t));
    SheetMapping m;
    for (const std::string& a : maps) GEMIS_RETURN_IF_ERROR(AddColumnArgument(m, a));
    GEMIS_RETURN_IF_ERROR(PrepareSheetMapping(m, kind));
    GEMIS_ASSIGN_OR_RETURN(ResolvedSheetMapping r, ResolvedSheetMapping::Resolve(m, *table_));
    mapping_ = std::make_unique<ResolvedSheetMapping>(std::move(r));
    return ReadRecordSheet(*mapping_, kind);
  }

  std::unique_ptr<SheetTable> table_;
  std::unique_ptr<ResolvedSheetMapping> mapping_;
};

TEST(SheetInteger, ReadsPlainAndVietnameseDigitsWithACurrency) {
  EXPECT_EQ(SheetInteger("4500000"), 4500000);
  EXPECT_EQ(SheetInteger("4.500.000"), 4500000);
  EXPECT_EQ(SheetInteger("4.500.000 đ"), 4500000);
  EXPECT_EQ(SheetInteger("4 500 000 đồng"), 4500000);
  EXPECT_EQ(SheetInteger(" 12 "), 12);
  EXPECT_EQ(SheetInteger("0"), 0);
}

TEST(SheetInteger, RefusesWhatIsNotAWholeNonNegativeNumber) {
  for (const char* text : {"", "4,5", "1.5", "-3", "+3", "mười", "4.50.000", "12a", "đ"}) {
    EXPECT_EQ(SheetInteger(text), std::nullopt) << text;
  }
}

TEST(SheetFlag, ReadsVietnameseAndEnglishYesAndNo) {
  for (const char* yes : {"x", "X", "có", "Có", "yes", "TRUE", "1"}) {
    EXPECT_EQ(SheetFlag(yes), true) << yes;
  }
  for (const char* no : {"", "không", "Không", "no", "FALSE", "0"}) {
    EXPECT_EQ(SheetFlag(no), false) << no;
  }
  EXPECT_EQ(SheetFlag("có lẽ"), std::nullopt);
  EXPECT_EQ(SheetFlag("2"), std::nullopt);
}

TEST_F(SheetRecordsTest, ModelRowsBecomeModelObjectsWithFactsFromValueColumns) {
  Result<RecordSheet> s = Read(
      "Mã,Loại,Tên,Xã,Ngày thành lập,Củng cố,Nữ,Nam,GALS\n"
      "CB-TKV-1,savings_group,Nhóm TKVV Nà Rì,01273,15/03/2023,02/05/2024; 2025-05-03,18,2,x\n"
      "CB-TKV-2,savings_group,Nhóm TKVV Bản Giới,01273,2023-04-01,,,,\n",
      SheetImportKind::kModels,
      {"code=Mã", "kind=Loại", "name=Tên", "orgUnit=Xã", "established=Ngày thành lập",
       "consolidated=Củng cố"},
      {"Nữ=members_female", "Nam=members_male;date=2024-12-31", "GALS=gals"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->conflicts.empty());
  ASSERT_EQ(s->records.size(), 2u);
  const SheetRecord& first = s->records[0];
  EXPECT_EQ(first.code, "CB-TKV-1");
  EXPECT_EQ(first.rows, std::vector<int>{2});
  EXPECT_EQ(first.object["established"], "2023-03-15");  // dd/mm/yyyy read as a date
  EXPECT_EQ(first.object["consolidated"], json({"2024-05-02", "2025-05-03"}));
  EXPECT_EQ(first.object["facts"],
            json::parse(R"([{"date": "2023-03-15", "field": "members_female", "value": "18"},
                            {"date": "2024-12-31", "field": "members_male", "value": "2"},
                            {"date": "2023-03-15", "field": "gals", "value": "x"}])"));
  // Empty cells set no member and make no fact.
  const SheetRecord& second = s->records[1];
  EXPECT_FALSE(second.object.contains("consolidated"));
  EXPECT_FALSE(second.object.contains("facts"));
  // Every member knows its cell, facts included.
  EXPECT_EQ(first.CellOf("/code"), "A2");
  EXPECT_EQ(first.CellOf("/established"), "E2");
  EXPECT_EQ(first.CellOf("/consolidated/1"), "F2");
  EXPECT_EQ(first.CellOf("/facts/1/value"), "H2");
  EXPECT_EQ(first.CellOf("/facts/2"), "I2");
  EXPECT_EQ(second.CellOf("/facts/0"), "A3");  // no such member: the row's first cell
}

TEST_F(SheetRecordsTest, AFactDateColumnDatesTheRowsFacts) {
  Result<RecordSheet> s =
      Read("Mã,Ngày,Tiết kiệm\nCB-TKV-1,31/12/2024,\"12.500.000\"\n", SheetImportKind::kModels,
           {"code=Mã", "factDate=Ngày"}, {"Tiết kiệm=savings"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 1u);
  EXPECT_EQ(s->records[0].object["facts"][0]["date"], "2024-12-31");
  EXPECT_EQ(s->records[0].object["facts"][0]["value"], "12.500.000");
  EXPECT_FALSE(s->records[0].object.contains("factDate"));
}

TEST_F(SheetRecordsTest, ActivityRowsGetTypedMembersAndParticipantCounts) {
  Result<RecordSheet> s = Read(
      "Mã,Ngày,Kinh phí,Phòng chống BLGĐ,Nữ Tày,Nam,Học viên\n"
      "CB-TH-1,12/09/2024,4.500.000 đ,có,30,\"1.2\",CB-CBN-1; CB-CBN-2\n",
      SheetImportKind::kActivities,
      {"code=Mã", "start=Ngày", "cost=Kinh phí", "dvPrevention=Phòng chống BLGĐ",
       "attendees=Học viên"},
      {"Nữ Tày=FEMALE;ethnicity=Tày", "Nam=MALE"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 1u);
  const json& a = s->records[0].object;
  EXPECT_EQ(a["start"], "2024-09-12");
  EXPECT_EQ(a["cost"], 4500000);
  EXPECT_EQ(a["dvPrevention"], true);
  EXPECT_EQ(a["attendees"], json({"CB-CBN-1", "CB-CBN-2"}));
  EXPECT_EQ(a["participants"][0], json::parse(R"({"sex": "FEMALE", "ethnicity": "Tày",
                                                  "count": 30})"));
  // Not a whole number: passed on as text, for the reader to refuse at E2.
  EXPECT_EQ(a["participants"][1]["count"], "1.2");
  EXPECT_EQ(s->records[0].CellOf("/participants/1/count"), "F2");
}

TEST_F(SheetRecordsTest, BirthPaymentsTakeTheirDayFromTheColumnTheRowOrTheBirth) {
  Result<RecordSheet> s = Read(
      "Mã,Ngày sinh con,Ngày chi,Đi lại,Ăn,Dinh dưỡng\n"
      "KT-1,02/08/2024,05/08/2024,200.000,\"300.000\",\n"
      "KT-2,03/08/2024,,,,500000\n",
      SheetImportKind::kBirths, {"code=Mã", "birthDate=Ngày sinh con", "paymentDay=Ngày chi"},
      {"Đi lại=travel;people=2", "Ăn=meals;people=1;days=3",
       "Dinh dưỡng=nutrition;day=2024-10-01;voucher=PC-9"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  EXPECT_EQ(s->records[0].object["payments"],
            json::parse(R"([{"package": "travel", "day": "2024-08-05", "amount": 200000,
                             "people": 2},
                            {"package": "meals", "day": "2024-08-05", "amount": 300000,
                             "people": 1, "days": 3}])"));
  EXPECT_EQ(s->records[1].object["payments"],
            json::parse(R"([{"package": "nutrition", "day": "2024-10-01", "amount": 500000,
                             "voucher": "PC-9"}])"));
  EXPECT_FALSE(s->records[0].object.contains("paymentDay"));
}

TEST_F(SheetRecordsTest, AConstantFieldSetsEveryRow) {
  Result<RecordSheet> s =
      Read("Mã,Họ tên\nCB-CBN-1,Nông Thị Hoa\nCB-CBN-2,Hoàng Thị Mai\n", SheetImportKind::kCadres,
           {"code=Mã", "name=Họ tên"}, {}, {"group=pipeline", "level=commune"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  for (const SheetRecord& r : s->records) {
    EXPECT_EQ(r.object["group"], "pipeline");
    EXPECT_EQ(r.object["level"], "commune");
    EXPECT_EQ(r.CellOf("/group"), r.first_cell);  // a constant has no cell
  }
}

TEST_F(SheetRecordsTest, ACodeOnTwoRowsIsAConflictNamingBothRows) {
  Result<RecordSheet> s = Read("Mã,Họ tên\nCB-CBN-1,Nông Thị Hoa\nCB-CBN-1,Hoàng Thị Mai\n",
                               SheetImportKind::kCadres, {"code=Mã", "name=Họ tên"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 1u);
  ASSERT_EQ(s->conflicts.size(), 1u);
  const ImportConflict& c = s->conflicts[0];
  EXPECT_EQ(c.error_code, kRecordDuplicate);
  EXPECT_EQ(c.cell, "A3");
  EXPECT_EQ(c.line, 3);
  EXPECT_THAT(c.message, HasSubstr("also on row 2"));
}

TEST_F(SheetRecordsTest, AttendanceRowsAreGroupedByActivity) {
  Result<RecordSheet> s = Read(
      "Lớp,Học viên\nCB-TH-1,CB-CBN-1\nCB-TH-2,CB-CBN-1\nCB-TH-1,CB-CBN-2\nCB-TH-1,CB-CBN-1\n"
      "CB-TH-1,\n",
      SheetImportKind::kAttendance, {"activity=Lớp", "cadre=Học viên"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  const SheetRecord& first = s->records[0];
  EXPECT_EQ(first.code, "CB-TH-1");
  EXPECT_EQ(first.rows, (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(first.object, json::parse(R"({"code": "CB-TH-1",
                                          "attendees": ["CB-CBN-1", "CB-CBN-2"]})"));
  EXPECT_EQ(first.CellOf("/attendees/1"), "B4");
  EXPECT_EQ(first.CellOf("/code"), "A2");
  EXPECT_EQ(s->records[1].object["attendees"], json({"CB-CBN-1"}));
  // A row without its cadre is a conflict at the empty cell.
  ASSERT_EQ(s->conflicts.size(), 1u);
  EXPECT_EQ(s->conflicts[0].cell, "B6");
  EXPECT_EQ(s->conflicts[0].message, "cadre is empty");
}

TEST_F(SheetRecordsTest, ACellHoldingASpreadsheetErrorIsAConflictNotAValue) {
  auto text = [](const char* ref, const char* t) {
    return std::string("<c r=\"") + ref + "\" t=\"inlineStr\"><is><t>" + t + "</t></is></c>";
  };
  test_support::HandMade book;
  book.sheets[0].second = test_support::SheetXml(
      "<row r=\"1\">" + text("A1", "Mã") + text("B1", "Họ tên") + "</row>" + "<row r=\"2\">" +
      text("A2", "CB-1") + R"(<c r="B2" t="e"><f>VLOOKUP(A2,X,2)</f>)" +
      "<v>#N/A</v></c></row><row r=\"3\">" + text("A3", "CB-2") + text("B3", "Lò Thị Lan") +
      "</row>");
  Result<RecordSheet> s =
      ReadWorkbook(book.Bytes(), SheetImportKind::kCadres, {"code=Mã", "name=Họ tên"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->conflicts.size(), 1u);
  EXPECT_EQ(s->conflicts[0].error_code, kSheetCell);
  EXPECT_EQ(s->conflicts[0].cell, "Sheet1!B2");
  EXPECT_EQ(s->conflicts[0].value, "#N/A");
  ASSERT_EQ(s->records.size(), 1u);  // the row is not read on
  EXPECT_EQ(s->records[0].code, "CB-2");
  EXPECT_EQ(s->records[0].CellOf("/name"), "Sheet1!B3");
}

TEST_F(SheetRecordsTest, AMappingFileNamesAValueColumnsAttributesByName) {
  Result<SheetMapping> m = ParseSheetMapping(R"({"format": "gemis-mapping/1", "kind": "models",
      "fields": {"code": "Mã"},
      "values": [{"header": "Nữ", "field": "members_female", "date": "2024-12-31"}]})",
                                             "m.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_TRUE(PrepareSheetMapping(*m, SheetImportKind::kModels).ok());
  Result<SheetTable> t = SheetTable::FromCsv("Mã,Nữ\nCB-TKV-1,14\n", "so.csv");
  ASSERT_TRUE(t.ok());
  Result<ResolvedSheetMapping> r = ResolvedSheetMapping::Resolve(*m, *t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Result<RecordSheet> s = ReadRecordSheet(*r, SheetImportKind::kModels);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->records.size(), 1u);
  EXPECT_EQ(s->records[0].object["facts"][0],
            json::parse(R"({"date": "2024-12-31", "field": "members_female", "value": "14"})"));
}

TEST_F(SheetRecordsTest, AMappingWithoutTheCodeIsAUsageError) {
  Result<RecordSheet> s = Read("Tên\nNhóm A\n", SheetImportKind::kModels, {"name=Tên"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUsage);
  EXPECT_THAT(s.status().message(), HasSubstr("needs the field code"));
  Result<RecordSheet> a = Read("Lớp\nCB-TH-1\n", SheetImportKind::kAttendance, {"activity=Lớp"});
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(), HasSubstr("needs the field cadre"));
}

TEST_F(SheetRecordsTest, KindsRefuseFieldsAndAttributesOfOthers) {
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "motherName=B").ok());
  Status s = PrepareSheetMapping(m, SheetImportKind::kModels);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("unknown field 'motherName' for models"));
  SheetMapping cadres;
  ASSERT_TRUE(AddValueColumnArgument(cadres, "Nữ=FEMALE").ok());
  EXPECT_FALSE(PrepareSheetMapping(cadres, SheetImportKind::kCadres).ok());
  SheetMapping births;
  ASSERT_TRUE(AddValueColumnArgument(births, "Đi lại=travel;sex=FEMALE").ok());
  Status b = PrepareSheetMapping(births, SheetImportKind::kBirths);
  EXPECT_FALSE(b.ok());
  EXPECT_THAT(b.message(), HasSubstr("unknown attribute 'sex'"));
  for (const char* kind : {"models", "activities", "cadres", "births", "attendance"}) {
    Result<SheetImportKind> parsed = ParseSheetImportKind(kind);
    ASSERT_TRUE(parsed.ok()) << kind;
    EXPECT_STREQ(SheetImportKindName(*parsed), kind);
  }
}

}  // namespace
}  // namespace gemis::exchange
