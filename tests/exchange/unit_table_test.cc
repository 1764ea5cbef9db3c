// The unit table of plan files (docs/formats/plans-json.md, "The unit table").
#include "exchange/unit_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "support/hierarchy_fixtures.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

// Lào Cai / Yên Bái before and after 1/7/2025: code "15" is Yên Bái until
// 30/6/2025 and the new Lào Cai from 1/7/2025.
class UnitTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    hierarchy_ = std::move(built).value();
  }

  Result<UnitTable> Load(const std::string& text) {
    std::istringstream in(text);
    return UnitTable::Load(in, "units.csv", hierarchy_);
  }

  Hierarchy hierarchy_;
};

constexpr const char* kHeader = "ref,seed,spelling,level,code,as_of,note\n";

TEST_F(UnitTableTest, ResolvesEachCodeAtItsOwnDate) {
  Result<UnitTable> table = Load(std::string(kHeader) +
                                 "Yên Bái (tỉnh cũ),003,Yên Bái,province,15,2024-05-01,\n"
                                 "Lào Cai (tỉnh mới),004,Lào Cai,province,15,2025-08-01,"
                                 "\"reuses the code, a note with a comma\"\n"
                                 "Cốc Lếu,003,Cốc Lếu,commune,02638,2024-01-01,\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->entries().size(), 3u);
  EXPECT_EQ(table->Find("Yên Bái (tỉnh cũ)")->unit, fixtures::lc::kYenBai);
  EXPECT_EQ(table->Find("Lào Cai (tỉnh mới)")->unit, fixtures::lc::kNewLaoCai);
  const UnitTableEntry* coc_leu = table->Find("Cốc Lếu");
  ASSERT_NE(coc_leu, nullptr);
  EXPECT_EQ(coc_leu->unit, fixtures::lc::kCocLeu);
  EXPECT_EQ(coc_leu->level, OrgUnitLevel::kCommune);
  EXPECT_EQ(coc_leu->as_of.ToString(), "2024-01-01");
  EXPECT_EQ(coc_leu->seed, "003");
  EXPECT_EQ(coc_leu->line, 4);
  EXPECT_EQ(table->Find("Lào Cai (tỉnh mới)")->note, "reuses the code, a note with a comma");
  EXPECT_EQ(table->Find("Hà Nội"), nullptr);
}

TEST_F(UnitTableTest, RefsAreComparedInNfcAndTrimmed) {
  // "Lào" with a combining grave accent (NFD) and surrounding spaces.
  Result<UnitTable> table =
      Load(std::string(kHeader) + "  La\xCC\x80o Cai ,,,province,10,2024-01-01,\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->entries()[0].ref, "Lào Cai");
  ASSERT_NE(table->Find("Lào Cai"), nullptr);
  EXPECT_NE(table->Find("La\xCC\x80o Cai"), nullptr);
}

TEST_F(UnitTableTest, OptionalColumnsMayBeLeftOut) {
  Result<UnitTable> table = Load("ref;level;code;as_of\nLào Cai;province;10;2024-01-01\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->Find("Lào Cai")->unit, fixtures::lc::kOldLaoCai);
}

TEST_F(UnitTableTest, RejectsADuplicateRefNamingBothLines) {
  Result<UnitTable> table = Load(std::string(kHeader) +
                                 "Lào Cai,,,province,10,2024-01-01,\n"
                                 "Lào Cai,,,province,15,2025-08-01,\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(table.status().where().file, "units.csv");
  EXPECT_EQ(table.status().where().line, 3);
  EXPECT_EQ(table.status().where().field, "ref");
  EXPECT_THAT(table.status().message(), HasSubstr("duplicate ref 'Lào Cai' (first on line 2)"));
}

TEST_F(UnitTableTest, RejectsACodeNotInUseOnTheDate) {
  // Code "10" (old Lào Cai) ended on 30/6/2025.
  Result<UnitTable> table = Load(std::string(kHeader) + "Lào Cai,,,province,10,2025-08-01,\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().where().line, 2);
  EXPECT_EQ(table.status().where().field, "code");
  EXPECT_THAT(table.status().message(), HasSubstr("no unit carries code '10' on 2025-08-01"));
  EXPECT_THAT(table.status().message(), HasSubstr("2025-06-30"));
}

TEST_F(UnitTableTest, RejectsALevelThatIsNotTheUnits) {
  Result<UnitTable> table = Load(std::string(kHeader) + "Cốc Lếu,,,district,02638,2024-01-01,\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().where().line, 2);
  EXPECT_EQ(table.status().where().field, "level");
  EXPECT_THAT(table.status().message(), HasSubstr("is said to be a district"));
  EXPECT_THAT(table.status().message(), HasSubstr("a commune"));
}

TEST_F(UnitTableTest, RejectsBadLevelsDatesAndEmptyRefs) {
  struct Case {
    const char* row;
    const char* field;
  };
  for (const Case& c : {Case{"Lào Cai,,,region,10,2024-01-01,\n", "level"},
                        Case{"Lào Cai,,,province,10,1/1/2024,\n", "as_of"},
                        Case{" ,,,province,10,2024-01-01,\n", "ref"},
                        Case{"Lào Cai,,,province,,2024-01-01,\n", "code"}}) {
    Result<UnitTable> table = Load(std::string(kHeader) + c.row);
    ASSERT_FALSE(table.ok()) << c.row;
    EXPECT_EQ(table.status().where().field, c.field) << c.row;
    EXPECT_EQ(table.status().where().line, 2) << c.row;
    EXPECT_EQ(table.status().where().file, "units.csv") << c.row;
  }
}

TEST_F(UnitTableTest, RejectsAMissingRequiredColumn) {
  Result<UnitTable> table = Load("ref,level,as_of\nLào Cai,province,2024-01-01\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().where().line, 1);
  EXPECT_THAT(table.status().message(), HasSubstr("missing required column 'code'"));
}

TEST_F(UnitTableTest, ReportsMalformedCsvWithItsLine) {
  Result<UnitTable> table =
      Load(std::string(kHeader) + "Lào Cai,,,province,10,2024-01-01,\n\"Yên Bái,,,province\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().where().line, 3);
}

TEST_F(UnitTableTest, LoadFileReportsAMissingFile) {
  Result<UnitTable> table = UnitTable::LoadFile("/nonexistent/units.csv", hierarchy_);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace gemis::exchange
