#include "exchange/csv_header.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::exchange {
namespace {

CsvHeader Header(std::vector<std::string> names) {
  return CsvHeader(std::move(names), "values.csv", 1);
}

TEST(CsvHeader, FindIsCaseInsensitiveAndIgnoresSurroundingSpaces) {
  CsvHeader header = Header({"Period", "  orgUnit\t", "VALUE"});
  EXPECT_EQ(header.Find({"period"}), 0u);
  EXPECT_EQ(header.Find({"ORGUNIT"}), 1u);
  EXPECT_EQ(header.Find({" value "}), 2u);
  EXPECT_EQ(header.Find({"comment"}), std::nullopt);
}

TEST(CsvHeader, FindTriesAliasesInOrder) {
  CsvHeader header = Header({"ou", "org_unit", "value"});
  EXPECT_EQ(header.Find({"orgUnit", "org_unit", "ou"}), 1u);  // first alias present wins
  EXPECT_EQ(header.Find({"ou", "org_unit"}), 0u);
  EXPECT_EQ(header.Find({"x", "y"}), std::nullopt);
}

TEST(CsvHeader, FindFoldsVietnameseCaseAndNormalisation) {
  // "Mã đơn vị" spelled decomposed (a + U+0303 tilde, i + U+0323 dot below).
  CsvHeader header = Header({"Ma\xCC\x83 \xC4\x91o\xCC\x9Bn vi\xCC\xA3", "Giá trị"});
  EXPECT_EQ(header.Find({"MÃ ĐƠN VỊ"}), 0u);
  EXPECT_EQ(header.Find({"mã đơn vị"}), 0u);
  EXPECT_EQ(header.Find({"giá trị"}), 1u);
}

TEST(CsvHeader, FindKeepsDiacriticsSignificant) {
  CsvHeader header = Header({"Mã đơn vị"});
  EXPECT_EQ(header.Find({"ma don vi"}), std::nullopt);
}

TEST(CsvHeader, AnEmptyAliasNeverMatchesAnEmptyColumn) {
  CsvHeader header = Header({"a", "", "  "});
  EXPECT_EQ(header.Find({""}), std::nullopt);
  EXPECT_EQ(header.Find({"  "}), std::nullopt);
}

TEST(CsvHeader, RequireReturnsTheIndexOfAPresentColumn) {
  CsvHeader header = Header({"dataElement", "Org Unit"});
  Result<size_t> column = header.Require({"orgUnit", "org unit"});
  ASSERT_TRUE(column.ok());
  EXPECT_EQ(*column, 1u);
}

TEST(CsvHeader, RequireNamesTheMissingColumnItsAliasesAndTheColumnsPresent) {
  CsvHeader header = Header({"dataElement", " period ", "value"});
  Status status = header.Require({"orgUnit", "org_unit", "Mã đơn vị"}).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.ToString(),
            "values.csv:1: missing required column 'orgUnit' (also accepted: 'org_unit', "
            "'Mã đơn vị'); columns present: 'dataElement', 'period', 'value'");
}

TEST(CsvHeader, RequireWithOneNameListsNoAliases) {
  Status status = Header({"a"}).Require({"b"}).status();
  EXPECT_EQ(status.message(), "missing required column 'b'; columns present: 'a'");
}

TEST(CsvHeader, NameIsTrimmed) {
  CsvHeader header = Header({" Kỳ báo cáo\t"});
  EXPECT_EQ(header.Name(0), "Kỳ báo cáo");
  EXPECT_EQ(header.names()[0], " Kỳ báo cáo\t");
  EXPECT_EQ(header.size(), 1u);
}

TEST(CsvHeader, FirstDuplicateComparesNormalisedNamesAndIgnoresEmptyOnes) {
  EXPECT_EQ(Header({"a", "", "b", ""}).FirstDuplicate(), std::nullopt);
  EXPECT_EQ(Header({"a", "b", " B", "a"}).FirstDuplicate(), 2u);
}

TEST(NormalizeColumnName, TrimsFoldsAndComposes) {
  EXPECT_EQ(NormalizeColumnName("  OrgUnit "), "orgunit");
  EXPECT_EQ(NormalizeColumnName("ĐƠN VỊ"), "đơn vị");
  EXPECT_EQ(NormalizeColumnName("Ma\xCC\x83"), "mã");
  const std::string invalid = std::string(" \xFF") + "AB ";
  EXPECT_EQ(NormalizeColumnName(invalid), "\xFF" + std::string("AB"));  // not UTF-8: trimmed only
}

}  // namespace
}  // namespace gemis::exchange
