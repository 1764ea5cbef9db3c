// Column mappings: the JSON file, the command-line forms, and resolution
// against a table (header texts over merged multi-row headers).
#include "exchange/sheet_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

SheetTable Csv(const std::string& text) {
  Result<SheetTable> t = SheetTable::FromCsv(text, "t.csv");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

// Two header rows as a CSV file writes a merged header: the upper text
// once, over the first of its columns (a sheet's merged cells are tested in
// sheet_import_test.cc).
const char* kAppendix =
    "STT,Đơn vị,Mã,Tổ truyền thông cộng đồng được thành lập (tổ),,Kinh phí\n"
    ",,,Cấp tỉnh,Cấp huyện,\n"
    "1,Trúc Bạch,4,11,7,1500000\n"
    ",Cộng,,11,7,\n"
    "2,Cống Vị,7,,3,\n";

TEST(SheetMappingTest, ParsesAMappingFile) {
  Result<SheetMapping> m = ParseSheetMapping(R"({
    "format": "gemis-mapping/1", "kind": "targets", "sheet": "Phụ lục I",
    "headerRows": "5-6", "firstRow": 9, "lastRow": 17, "skipRowsWithout": "stt",
    "plan": "CB-288-2024", "table": "Phụ lục I",
    "fields": {"stt": "A", "unitName": "Đơn vị", "orgUnit": {"column": "C", "zeroPad": 5},
               "level": {"value": "district"}},
    "values": [{"header": "Tổ truyền thông / Cấp tỉnh", "measure": "P8_TTCD_TO",
                "level": "province"}]})",
                                             "m.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->kind, SheetImportKind::kTargets);
  EXPECT_EQ(m->sheet, "Phụ lục I");
  EXPECT_THAT(m->header_rows, ElementsAre(5, 6));
  EXPECT_EQ(m->first_row, 9);
  EXPECT_EQ(m->last_row, 17);
  EXPECT_EQ(m->skip_rows_without, "stt");
  EXPECT_EQ(m->settings.at("plan"), "CB-288-2024");
  ASSERT_EQ(m->fields.size(), 4u);
  std::map<std::string, ColumnSpec> fields(m->fields.begin(), m->fields.end());
  EXPECT_EQ(fields["stt"].column, "A");
  EXPECT_EQ(fields["unitName"].header, "Đơn vị");
  EXPECT_EQ(fields["orgUnit"].column, "C");
  EXPECT_EQ(fields["orgUnit"].zero_pad, 5);
  ASSERT_TRUE(fields["level"].constant.has_value());
  EXPECT_EQ(*fields["level"].constant, "district");
  ASSERT_EQ(m->values.size(), 1u);
  EXPECT_EQ(m->values[0].column.header, "Tổ truyền thông / Cấp tỉnh");
  EXPECT_EQ(m->values[0].attributes.at("measure"), "P8_TTCD_TO");
  EXPECT_THAT(m->values[0].origin, HasSubstr("m.json:7 '/values/0'"));
}

TEST(SheetMappingTest, MappingErrorsNameTheMemberAndItsLine) {
  struct Case {
    const char* json;
    const char* pointer;
    const char* message;
  };
  const Case cases[] = {
      {R"({"kind": "targets"})", "/format", "'format' is required"},
      {R"({"format": "gemis-mapping/2"})", "/format", "format must be"},
      {"{\"format\": \"gemis-mapping/1\",\n \"colour\": 1}", "/colour", "unknown member"},
      {R"({"format": "gemis-mapping/1", "kind": "budgets"})", "/kind", "unknown import kind"},
      {R"({"format": "gemis-mapping/1", "firstRow": 0})", "/firstRow", "row number"},
      {R"({"format": "gemis-mapping/1", "headerRows": "4-2"})", "/headerRows", "header rows"},
      {R"({"format": "gemis-mapping/1", "fields": {"orgUnit": {"column": "B1"}}})",
       "/fields/orgUnit/column", "not a column letter"},
      {R"({"format": "gemis-mapping/1", "fields": {"orgUnit": {"column": "B", "value": "x"}}})",
       "/fields/orgUnit", "exactly one"},
      {R"({"format": "gemis-mapping/1", "fields": {"orgUnit": {"column": "B", "zeroPad": 31}}})",
       "/fields/orgUnit/zeroPad", "zeroPad"},
      {R"({"format": "gemis-mapping/1", "values": [{"measure": "X"}]})", "/values/0",
       "needs \"column\" or \"header\""},
      {R"({"format": "gemis-mapping/1", "values": [{"column": "D", "value": "1"}]})", "",
       ""},  // a value column's attributes are checked by PrepareSheetMapping
  };
  for (const Case& c : cases) {
    Result<SheetMapping> m = ParseSheetMapping(c.json, "m.json");
    if (std::string(c.pointer).empty()) {
      EXPECT_TRUE(m.ok()) << c.json;
      continue;
    }
    ASSERT_FALSE(m.ok()) << c.json;
    EXPECT_EQ(m.status().where().file, "m.json") << c.json;
    EXPECT_EQ(m.status().where().field, c.pointer) << c.json;
    EXPECT_GE(m.status().where().line, 1) << c.json;
    EXPECT_THAT(m.status().message(), HasSubstr(c.message)) << c.json;
  }
  Result<SheetMapping> syntax = ParseSheetMapping("{\"format\": ", "m.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().where().line, 1);
}

TEST(SheetMappingTest, CommandLineFormsAddAndReplaceFields) {
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "orgUnit=B").ok());
  ASSERT_TRUE(AddColumnArgument(m, "value=Số tổ").ok());
  ASSERT_TRUE(AddColumnArgument(m, "comment=header:TT").ok());
  ASSERT_TRUE(AddColumnArgument(m, "orgUnit=C|zeroPad=5").ok());  // replaces B
  ASSERT_TRUE(AddConstantArgument(m, "period= 2024 ").ok());
  ASSERT_EQ(m.fields.size(), 4u);
  EXPECT_EQ(m.fields[0].first, "orgUnit");
  EXPECT_EQ(m.fields[0].second.column, "C");
  EXPECT_EQ(m.fields[0].second.zero_pad, 5);
  EXPECT_EQ(m.fields[1].second.header, "Số tổ");
  EXPECT_EQ(m.fields[2].second.header, "TT");
  EXPECT_EQ(*m.fields[3].second.constant, "2024");

  ASSERT_TRUE(AddValueColumnArgument(m, "D=P8_TEAMS;categoryOptionCombo=MALE").ok());
  ASSERT_EQ(m.values.size(), 1u);
  EXPECT_EQ(m.values[0].column.column, "D");
  EXPECT_EQ(m.values[0].attributes.at("*"), "P8_TEAMS");
  EXPECT_EQ(m.values[0].attributes.at("categoryOptionCombo"), "MALE");

  EXPECT_EQ(AddColumnArgument(m, "orgUnit").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddColumnArgument(m, "=B").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddColumnArgument(m, "orgUnit=column:B2").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddColumnArgument(m, "orgUnit=B|zeroPad=x").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddValueColumnArgument(m, "D=").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddValueColumnArgument(m, "D=X;level").code(), ErrorCode::kUsage);
}

TEST(SheetMappingTest, ColumnTextIsALetterOnlyForOneOrTwoCapitals) {
  EXPECT_EQ(ParseColumnText("B", "").column, "B");
  EXPECT_EQ(ParseColumnText("AB", "").column, "AB");
  EXPECT_EQ(ParseColumnText("STT", "").header, "STT");
  EXPECT_EQ(ParseColumnText("column:XFD", "").column, "XFD");
  EXPECT_EQ(ParseColumnText("header:TT", "").header, "TT");
  EXPECT_EQ(ParseColumnText("Mã  xã", "").header, "Mã xã");
}

TEST(SheetMappingTest, HeaderRowLists) {
  EXPECT_THAT(*ParseHeaderRows("3-4"), ElementsAre(3, 4));
  EXPECT_THAT(*ParseHeaderRows("7"), ElementsAre(7));
  EXPECT_TRUE(ParseHeaderRows("0")->empty());
  EXPECT_FALSE(ParseHeaderRows("4-3").ok());
  EXPECT_FALSE(ParseHeaderRows("1-40").ok());
  EXPECT_FALSE(ParseHeaderRows("a").ok());
}

TEST(SheetMappingTest, PrepareChecksNamesForTheKind) {
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "colour=B").ok());
  Status unknown = PrepareSheetMapping(m, SheetImportKind::kDataValues);
  EXPECT_EQ(unknown.code(), ErrorCode::kUsage);
  EXPECT_THAT(unknown.message(), HasSubstr("unknown field 'colour'"));
  EXPECT_THAT(unknown.message(), HasSubstr("--map colour=B"));

  SheetMapping values;
  ASSERT_TRUE(AddValueColumnArgument(values, "D=P8_TEAMS;level=province").ok());
  SheetMapping copy = values;
  ASSERT_TRUE(PrepareSheetMapping(copy, SheetImportKind::kTargets).ok());
  EXPECT_EQ(copy.values[0].attributes.at("measure"), "P8_TEAMS");
  copy = values;
  EXPECT_THAT(PrepareSheetMapping(copy, SheetImportKind::kDataValues).message(),
              HasSubstr("unknown attribute 'level'"));
  copy = values;
  EXPECT_THAT(PrepareSheetMapping(copy, SheetImportKind::kOrgUnits).message(),
              HasSubstr("take no value columns"));

  SheetMapping other;
  other.kind = SheetImportKind::kDesignations;
  EXPECT_THAT(PrepareSheetMapping(other, SheetImportKind::kTargets).message(),
              HasSubstr("the mapping is for designations"));
  SheetMapping setting;
  setting.settings["plan"] = "X";
  EXPECT_THAT(PrepareSheetMapping(setting, SheetImportKind::kDataValues).message(),
              HasSubstr("only for targets"));
}

TEST(SheetMappingTest, ResolvesHeadersOverTwoRows) {
  SheetTable t = Csv(kAppendix);
  SheetMapping m;
  m.header_rows = {1, 2};
  ASSERT_TRUE(AddColumnArgument(m, "stt=STT").ok());
  ASSERT_TRUE(AddColumnArgument(m, "unitName=don vi").ok());  // without diacritics
  ASSERT_TRUE(AddColumnArgument(m, "orgUnit=Mã|zeroPad=5").ok());
  ASSERT_TRUE(AddValueColumnArgument(m, "Cấp huyện=P8_TEAMS;level=district").ok());
  ASSERT_TRUE(AddValueColumnArgument(m, "Tổ truyền thông cộng đồng / cấp tinh=P8_TEAMS").ok());
  ASSERT_TRUE(PrepareSheetMapping(m, SheetImportKind::kTargets).ok());
  // In CSV the upper text stands over its first column only, so "Cấp
  // huyện" is column E's whole header, and "Tổ truyền thông cộng đồng /
  // cấp tinh" names D by the start of its upper text, without diacritics.
  Result<ResolvedSheetMapping> r = ResolvedSheetMapping::Resolve(m, t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->FieldColumn("stt"), 1);
  EXPECT_EQ(r->FieldColumn("unitName"), 2);
  EXPECT_EQ(r->FieldColumn("orgUnit"), 3);
  EXPECT_EQ(r->value_columns()[0].first.column, 5);
  EXPECT_EQ(r->value_columns()[1].first.column, 4);
  EXPECT_EQ(r->HeaderText(4), "Tổ truyền thông cộng đồng được thành lập (tổ) / Cấp tỉnh");
  EXPECT_EQ(r->first_row(), 3);
  EXPECT_EQ(r->last_row(), 5);
  EXPECT_EQ(r->Text(3, "orgUnit"), "00004");  // a CSV field of digits is padded too
  EXPECT_EQ(r->CellName(3, "unitName"), "B3");
  EXPECT_EQ(r->CellName(3, "level"), "");
  EXPECT_TRUE(r->IsDataRow(4));
  m.skip_rows_without = "stt";
  Result<ResolvedSheetMapping> skipping = ResolvedSheetMapping::Resolve(m, t);
  ASSERT_TRUE(skipping.ok());
  EXPECT_TRUE(skipping->IsDataRow(3));
  EXPECT_FALSE(skipping->IsDataRow(4));  // the subtotal row has no STT
}

TEST(SheetMappingTest, AnAmbiguousOrUnknownHeaderIsAnError) {
  SheetTable t = Csv("Tổ,Tổ hợp tác,Tổ nhóm\n1,2,3\n");
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "value=Tổ").ok());  // exact: column A only
  Result<ResolvedSheetMapping> exact = ResolvedSheetMapping::Resolve(m, t);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->FieldColumn("value"), 1);

  SheetTable two = Csv("Tổ hợp tác,Tổ hợp tác xã\n1,2\n");
  SheetMapping prefix;
  ASSERT_TRUE(AddColumnArgument(prefix, "value=Tổ hợp").ok());
  Result<ResolvedSheetMapping> ambiguous = ResolvedSheetMapping::Resolve(prefix, two);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("matches 2 columns: A (Tổ hợp tác), B"));

  SheetMapping missing;
  ASSERT_TRUE(AddColumnArgument(missing, "value=Kinh phí").ok());
  Result<ResolvedSheetMapping> none = ResolvedSheetMapping::Resolve(missing, two);
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("has the header 'Kinh phí'"));
  EXPECT_THAT(none.status().message(), HasSubstr("A \"Tổ hợp tác\""));

  SheetMapping no_header;
  no_header.header_rows = {};
  ASSERT_TRUE(AddColumnArgument(no_header, "value=Kinh phí").ok());
  EXPECT_THAT(ResolvedSheetMapping::Resolve(no_header, two).status().message(),
              HasSubstr("no header rows"));

  SheetMapping rows;
  rows.first_row = 5;
  rows.last_row = 3;
  ASSERT_TRUE(AddColumnArgument(rows, "value=A").ok());
  EXPECT_FALSE(ResolvedSheetMapping::Resolve(rows, two).ok());
}

TEST(SheetMappingTest, AHeaderCellWithASlashIsNamedByItsText) {
  SheetTable t = Csv("Nam/Nữ,Tổng\n1,2\n");
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "value=Nam/Nữ").ok());
  Result<ResolvedSheetMapping> r = ResolvedSheetMapping::Resolve(m, t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->FieldColumn("value"), 1);
  EXPECT_EQ(r->HeaderText(1), "Nam / Nữ");
}

TEST(SheetMappingTest, AnEmptyHeaderIsRefusedWhereverItIsGiven) {
  SheetMapping m;
  EXPECT_EQ(AddColumnArgument(m, "orgUnit=/").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddColumnArgument(m, "orgUnit= / ").code(), ErrorCode::kUsage);
  EXPECT_EQ(AddValueColumnArgument(m, " / =P8_TEAMS").code(), ErrorCode::kUsage);
  Result<SheetMapping> file =
      ParseSheetMapping(R"({"format": "gemis-mapping/1", "fields": {"orgUnit": "/"}})", "m.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().where().field, "/fields/orgUnit");
}

TEST(SheetMappingTest, CellTextsAreTrimmedAndPadded) {
  SheetCell text{XlsxValue::Kind::kString, "  Trúc   Bạch \n"};
  EXPECT_EQ(SheetCellText(text), "Trúc Bạch");
  SheetCell number{XlsxValue::Kind::kNumber, "4", 4};
  EXPECT_EQ(SheetCellText(number, 5), "00004");
  EXPECT_EQ(SheetCellText(number), "4");
  SheetCell code_text{XlsxValue::Kind::kString, " 4 "};
  EXPECT_EQ(SheetCellText(code_text, 5), "00004");
  SheetCell name{XlsxValue::Kind::kString, "4A"};
  EXPECT_EQ(SheetCellText(name, 5), "4A");
  SheetCell decimal{XlsxValue::Kind::kNumber, "4.5", 4.5};
  EXPECT_EQ(SheetCellText(decimal, 5), "4.5");  // only whole numbers are codes
  SheetCell date{XlsxValue::Kind::kDate, "2024-03-15", 45366};
  EXPECT_EQ(SheetCellText(date), "2024-03-15");
  EXPECT_EQ(SheetCellText(SheetCell{}), "");
}

}  // namespace
}  // namespace gemis::exchange
