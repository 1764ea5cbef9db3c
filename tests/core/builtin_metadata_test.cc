#include "core/builtin_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "core/uid.h"

namespace gemis {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadEthnicFile() {
  std::ifstream in(std::string(GEMIS_DATA_DIR) + "/" + std::string(kEthnicGroupsFile),
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A well-formed list of `rows` groups ("Nhóm 1", …), rows may be edited.
std::vector<std::string> SyntheticRows(int rows = kEthnicGroupCount) {
  std::vector<std::string> lines = {std::string(kEthnicGroupsHeader)};
  for (int i = 1; i <= rows; ++i) {
    std::string code = (i < 10 ? "0" : "") + std::to_string(i);
    lines.push_back(code + ",Nhóm " + std::to_string(i) + ",Group " + std::to_string(i) +
                    ",Tên khác " + std::to_string(i));
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines, const std::string& eol = "\n") {
  std::string text;
  for (const std::string& line : lines) text += line + eol;
  return text;
}

Status ParseError(const std::vector<std::string>& lines) {
  Result<Category> parsed = ParseEthnicGroupsCsv(Join(lines));
  return parsed.ok() ? Status::Ok() : parsed.status();
}

TEST(ParseEthnicGroupsCsv, ReadsTheShippedFile) {
  std::string text = ReadEthnicFile();
  ASSERT_FALSE(text.empty()) << "cannot read " << GEMIS_DATA_DIR << "/" << kEthnicGroupsFile;
  Result<Category> parsed = ParseEthnicGroupsCsv(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Category& ethnicity = *parsed;
  EXPECT_EQ(ethnicity.code, "ETHNICITY");
  EXPECT_EQ(ethnicity.name, "Dân tộc");
  ASSERT_EQ(ethnicity.options.size(), 54u);
  EXPECT_EQ(ethnicity.options[0].code, "ETHNIC_01");
  EXPECT_EQ(ethnicity.options[0].name, "Kinh");
  EXPECT_THAT(ethnicity.options[0].aliases, ElementsAre("Việt"));
  EXPECT_EQ(ethnicity.options[3].name, "Hoa");  // 04 in the 1979 list (06 in the 2008 one)
  EXPECT_EQ(ethnicity.options[7].name, "HMông");
  EXPECT_THAT(ethnicity.options[7].aliases, Contains("Mông"));
  EXPECT_EQ(ethnicity.options[53].code, "ETHNIC_54");
  EXPECT_EQ(ethnicity.options[53].name, "Rơ măm");
  EXPECT_TRUE(ValidateCategory(ethnicity).ok()) << ValidateCategory(ethnicity).ToString();
}

TEST(ParseEthnicGroupsCsv, ShippedFileIsNfcUtf8) {
  std::string text = ReadEthnicFile();
  EXPECT_TRUE(CheckUtf8(text).ok());
  EXPECT_TRUE(IsNfc(text));
}

TEST(ParseEthnicGroupsCsv, DerivesStableUidsFromCodes) {
  Result<Category> parsed = ParseEthnicGroupsCsv(ReadEthnicFile());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->uid, UidFromKey("cat:ETHNICITY"));
  EXPECT_EQ(parsed->options[0].uid, UidFromKey("co:ETHNIC_01"));
  std::set<std::string> uids;
  for (const CategoryOption& option : parsed->options) uids.insert(option.uid);
  EXPECT_EQ(uids.size(), 54u);
}

TEST(ParseEthnicGroupsCsv, AcceptsBomCrlfQuotesAndTrailingBlankLines) {
  std::vector<std::string> lines = SyntheticRows();
  lines[5] = "05,\"Nhóm \"\"năm\"\"\",Group 5,\"a;b, c\"";
  std::string text = "\xEF\xBB\xBF" + Join(lines, "\r\n") + "\r\n\n";
  Result<Category> parsed = ParseEthnicGroupsCsv(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->options[4].name, "Nhóm \"năm\"");
  EXPECT_THAT(parsed->options[4].aliases, ElementsAre("a", "b, c"));
  EXPECT_EQ(parsed->options[53].name_en, "Group 54");
}

TEST(ParseEthnicGroupsCsv, AcceptsALastLineWithoutNewline) {
  std::string text = Join(SyntheticRows());
  text.pop_back();
  EXPECT_TRUE(ParseEthnicGroupsCsv(text).ok());
}

TEST(ParseEthnicGroupsCsv, RejectsAWrongHeaderOnLineOne) {
  std::vector<std::string> lines = SyntheticRows();
  lines[0] = "ma,ten,ten_en,ten_khac";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 1);
  EXPECT_THAT(status.message(), HasSubstr("expected the header 'code,name,name_en,other_names'"));
  EXPECT_EQ(ParseEthnicGroupsCsv("").status().where().line, 1);
}

TEST(ParseEthnicGroupsCsv, ReportsAMissingFieldWithItsLine) {
  std::vector<std::string> lines = SyntheticRows();
  lines[2] = "02,Nhóm 2,Group 2";
  Status status = ParseError(lines);
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.message(), "expected 4 fields (code,name,name_en,other_names), found 3");
}

TEST(ParseEthnicGroupsCsv, ReportsCodesOutOfOrder) {
  std::vector<std::string> lines = SyntheticRows();
  lines[10] = "11x,Nhóm 10,Group 10,";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 11);
  EXPECT_EQ(status.where().field, "code");
  EXPECT_THAT(status.message(), HasSubstr("code '11x' where '10' was expected"));
  lines = SyntheticRows();
  lines.erase(lines.begin() + 4);  // no group 04
  status = ParseError(lines);
  EXPECT_EQ(status.where().line, 5);
  EXPECT_THAT(status.message(), HasSubstr("code '05' where '04' was expected"));
}

TEST(ParseEthnicGroupsCsv, ReportsTooFewAndTooManyGroups) {
  EXPECT_EQ(ParseError(SyntheticRows(53)).message(),
            "found 53 ethnic groups; expected 54 (codes 01 to 54)");
  Status status = ParseError(SyntheticRows(55));
  EXPECT_EQ(status.where().line, 56);
  EXPECT_EQ(status.message(), "more than 54 ethnic groups");
}

TEST(ParseEthnicGroupsCsv, ReportsBlankNamesAndSpaces) {
  std::vector<std::string> lines = SyntheticRows();
  lines[7] = "07, ,Group 7,";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 8);
  EXPECT_EQ(status.where().field, "name");
  EXPECT_EQ(status.where().column, 4);
  lines = SyntheticRows();
  lines[9] = "09,Nhóm 9,Group 9,a;;b";
  status = ParseError(lines);
  EXPECT_EQ(status.where().line, 10);
  EXPECT_EQ(status.where().field, "other_names");
  EXPECT_THAT(status.message(), HasSubstr("other name '' is empty"));
}

TEST(ParseEthnicGroupsCsv, ReportsNamesThatCollideIgnoringDiacritics) {
  std::vector<std::string> lines = SyntheticRows();
  lines[4] = "04,Hoa,Hoa,Hán";
  lines[8] = "08,HMông,Hmong,Mèo;hóa";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 9);
  EXPECT_EQ(status.where().field, "other_names");
  EXPECT_EQ(status.message(),
            "'hóa' equals a name or other name on line 5 when case and diacritics are ignored "
            "(both read 'hoa'); each name must identify one group");
}

TEST(ParseEthnicGroupsCsv, ReportsBadQuotingWithLineAndColumn) {
  std::vector<std::string> lines = SyntheticRows();
  lines[3] = "03,\"Nhóm 3,Group 3,";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 4);
  EXPECT_EQ(status.where().column, 4);
  EXPECT_EQ(status.message(), "quoted field is not closed");
  lines[3] = "03,Nh\"óm 3,Group 3,";
  status = ParseError(lines);
  EXPECT_EQ(status.where().column, 6);
  EXPECT_THAT(status.message(), HasSubstr("quote inside an unquoted field"));
}

TEST(ParseEthnicGroupsCsv, ReportsAnEmptyLineInsideTheList) {
  std::vector<std::string> lines = SyntheticRows();
  lines.insert(lines.begin() + 20, "");
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 21);
  EXPECT_EQ(status.message(), "empty line inside the list");
}

TEST(ParseEthnicGroupsCsv, ReportsInvalidUtf8AndNonNfcText) {
  std::vector<std::string> lines = SyntheticRows();
  lines[6] = "06,M\xC6,Group 6,";
  Status status = ParseError(lines);
  EXPECT_EQ(status.where().line, 7);
  EXPECT_EQ(status.where().column, 5);
  EXPECT_EQ(status.where().field, "name");
  EXPECT_THAT(status.message(), HasSubstr("invalid UTF-8"));
  lines[6] = "06,Ta\xCC\x80y,Group 6,";  // "Tày" decomposed: a + U+0300
  status = ParseError(lines);
  EXPECT_EQ(status.where().line, 7);
  EXPECT_THAT(status.message(), HasSubstr("not in Unicode NFC"));
}

TEST(BuiltinCategories, AreValidAndUseTheDocumentedCodes) {
  for (const Category& category :
       {SexCategory(), AgeBandCategory(), ImplementingLevelCategory(), ModelStatusCategory()}) {
    EXPECT_TRUE(ValidateCategory(category).ok()) << ValidateCategory(category).ToString();
    EXPECT_EQ(category.uid, UidFromKey("cat:" + category.code));
  }
  Category sex = SexCategory();
  EXPECT_EQ(sex.options[0].code, "MALE");
  EXPECT_EQ(sex.options[0].name, "Nam");
  EXPECT_EQ(sex.options[1].code, "FEMALE");
  EXPECT_EQ(sex.options[1].name, "Nữ");
  Category level = ImplementingLevelCategory();
  EXPECT_EQ(level.options[0].name, "Tỉnh thực hiện");
  EXPECT_EQ(level.options[1].code, "DISTRICT");
  EXPECT_EQ(level.options[1].end_date, Date::FromYmd(2025, 6, 30));
  EXPECT_EQ(level.options[2].name, "Xã thực hiện");
  EXPECT_EQ(ModelStatusCategory().options[1].name, "Củng cố");
}

TEST(BuiltinCategories, AgeBandsFollowTheLawsOnChildrenYouthAndTheElderly) {
  std::vector<std::string> codes;
  for (const CategoryOption& option : AgeBandCategory().options) codes.push_back(option.code);
  EXPECT_THAT(codes, ElementsAre("AGE_0_15", "AGE_16_30", "AGE_31_59", "AGE_60_PLUS"));
}

TEST(BuiltinCategoryCombos, AreValidAndGiveTheExpectedCombos) {
  Result<Category> ethnicity = ParseEthnicGroupsCsv(ReadEthnicFile());
  ASSERT_TRUE(ethnicity.ok());
  std::vector<CategoryCombo> combos = BuiltinCategoryCombos(*ethnicity);
  std::vector<std::string> codes;
  std::vector<size_t> sizes;
  for (const CategoryCombo& combo : combos) {
    EXPECT_TRUE(ValidateCategoryCombo(combo).ok()) << ValidateCategoryCombo(combo).ToString();
    codes.push_back(combo.code);
    sizes.push_back(GenerateOptionCombos(combo).size());
  }
  EXPECT_THAT(codes, ElementsAre("default", "SEX", "AGE_BAND", "SEX_AGE_BAND", "ETHNICITY",
                                 "SEX_ETHNICITY", "IMPLEMENTING_LEVEL", "MODEL_STATUS"));
  EXPECT_THAT(sizes, ElementsAre(1u, 2u, 4u, 8u, 54u, 108u, 3u, 3u));
  EXPECT_EQ(combos[3].uid, UidFromKey("cc:SEX_AGE_BAND"));
  std::vector<CategoryOptionCombo> sex_age = GenerateOptionCombos(combos[3]);
  EXPECT_EQ(sex_age[0].code, "SEX_AGE_BAND_MALE_AGE_0_15");
  EXPECT_EQ(sex_age[0].name, "Nam, Dưới 16 tuổi");
  EXPECT_EQ(sex_age[7].code, "SEX_AGE_BAND_FEMALE_AGE_60_PLUS");
}

TEST(BuiltinCategoryCombos, HaveDistinctOptionComboUids) {
  Result<Category> ethnicity = ParseEthnicGroupsCsv(ReadEthnicFile());
  ASSERT_TRUE(ethnicity.ok());
  std::set<std::string> uids;
  size_t total = 0;
  for (const CategoryCombo& combo : BuiltinCategoryCombos(*ethnicity)) {
    for (const CategoryOptionCombo& coc : GenerateOptionCombos(combo)) {
      uids.insert(coc.uid);
      ++total;
    }
  }
  EXPECT_EQ(total, 183u);
  EXPECT_EQ(uids.size(), total);
}

}  // namespace
}  // namespace gemis
