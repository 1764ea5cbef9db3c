#include "core/org_unit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using ::testing::HasSubstr;

TEST(OrgUnitLevel, NamesEveryLevelInEnglish) {
  EXPECT_STREQ(LevelName(OrgUnitLevel::kCentre), "centre");
  EXPECT_STREQ(LevelName(OrgUnitLevel::kProvince), "province");
  EXPECT_STREQ(LevelName(OrgUnitLevel::kDistrict), "district");
  EXPECT_STREQ(LevelName(OrgUnitLevel::kCommune), "commune");
  EXPECT_STREQ(LevelName(OrgUnitLevel::kVillage), "village");
}

TEST(OrgUnitLevel, ParsesEnglishVietnameseAndNumbers) {
  EXPECT_EQ(*ParseLevel("province"), OrgUnitLevel::kProvince);
  EXPECT_EQ(*ParseLevel("District"), OrgUnitLevel::kDistrict);
  EXPECT_EQ(*ParseLevel("tỉnh"), OrgUnitLevel::kProvince);
  EXPECT_EQ(*ParseLevel("Huyện"), OrgUnitLevel::kDistrict);
  EXPECT_EQ(*ParseLevel("xã"), OrgUnitLevel::kCommune);
  EXPECT_EQ(*ParseLevel("thôn"), OrgUnitLevel::kVillage);
  EXPECT_EQ(*ParseLevel("trung ương"), OrgUnitLevel::kCentre);
  EXPECT_EQ(*ParseLevel("1"), OrgUnitLevel::kCentre);
  EXPECT_EQ(*ParseLevel("5"), OrgUnitLevel::kVillage);
  // Upper-case Vietnamese, and decomposed (NFD) input, as spreadsheets send it.
  EXPECT_EQ(*ParseLevel("TỈNH"), OrgUnitLevel::kProvince);
  EXPECT_EQ(*ParseLevel("XÃ"), OrgUnitLevel::kCommune);
  EXPECT_EQ(*ParseLevel("Trung Ương"), OrgUnitLevel::kCentre);
  EXPECT_EQ(*ParseLevel("xa\u0303"), OrgUnitLevel::kCommune);
  // A missing mark is another word, not the same level.
  EXPECT_FALSE(ParseLevel("tinh").ok());
}

TEST(OrgUnitLevel, RoundTripsThroughItsName) {
  for (int i = 1; i <= 5; ++i) {
    auto level = static_cast<OrgUnitLevel>(i);
    EXPECT_EQ(*ParseLevel(LevelName(level)), level) << i;
  }
}

TEST(OrgUnitLevel, RejectsUnknownTextAndNumbersOutOfRange) {
  for (const char* text : {"", "0", "6", "12", "ward", "provinces", " province"}) {
    Result<OrgUnitLevel> level = ParseLevel(text);
    ASSERT_FALSE(level.ok()) << "accepted '" << text << "'";
    EXPECT_EQ(level.status().code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(level.status().message(), HasSubstr("unknown level '" + std::string(text) + "'"));
  }
}

TEST(OrgUnitEventKind, RoundTripsEveryKindThroughItsName) {
  const OrgUnitEventKind kinds[] = {OrgUnitEventKind::kCreate, OrgUnitEventKind::kRename,
                                    OrgUnitEventKind::kMove,   OrgUnitEventKind::kReclassify,
                                    OrgUnitEventKind::kMerge,  OrgUnitEventKind::kSplit,
                                    OrgUnitEventKind::kClose};
  for (OrgUnitEventKind kind : kinds) EXPECT_EQ(*ParseEventKind(EventKindName(kind)), kind);
  EXPECT_STREQ(EventKindName(OrgUnitEventKind::kReclassify), "reclassify");
  EXPECT_EQ(*ParseEventKind("MERGE"), OrgUnitEventKind::kMerge);
}

TEST(OrgUnitEventKind, RejectsUnknownKindNamingIt) {
  Result<OrgUnitEventKind> kind = ParseEventKind("dissolve");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(kind.status().message(), HasSubstr("'dissolve'"));
}

TEST(OrgUnitVersion, FullNamePutsTheUnitTypeFirst) {
  OrgUnitVersion v = fixtures::Version(OrgUnitLevel::kProvince, "04", "Cao Bằng", 1);
  EXPECT_EQ(v.FullName(), "Tỉnh Cao Bằng");
  v.unit_type = "";
  EXPECT_EQ(v.FullName(), "Cao Bằng");
}

TEST(OrgUnitVersion, ValidAtIncludesBothEndsAndOpenEndsReachForever) {
  OrgUnitVersion v = fixtures::Version(OrgUnitLevel::kCommune, "1", "A", {}, Day("2020-01-01"),
                                       Day("2020-12-31"));
  EXPECT_FALSE(v.ValidAt(Day("2019-12-31")));
  EXPECT_TRUE(v.ValidAt(Day("2020-01-01")));
  EXPECT_TRUE(v.ValidAt(Day("2020-12-31")));
  EXPECT_FALSE(v.ValidAt(Day("2021-01-01")));
  v.from.reset();
  EXPECT_TRUE(v.ValidAt(Day("1900-01-01")));
  v.to.reset();
  EXPECT_TRUE(v.ValidAt(Day("9999-12-31")));
}

TEST(OrgUnit, VersionAtPicksTheVersionInForceOrNone) {
  OrgUnit unit = fixtures::Unit(
      7, {fixtures::Version(OrgUnitLevel::kCommune, "1", "Old", {}, {}, Day("2024-04-30")),
          fixtures::Version(OrgUnitLevel::kCommune, "1", "New", {}, Day("2024-05-01"),
                            Day("2025-06-30"))});
  EXPECT_EQ(unit.VersionAt(Day("2000-01-01"))->name, "Old");
  EXPECT_EQ(unit.VersionAt(Day("2024-04-30"))->name, "Old");
  EXPECT_EQ(unit.VersionAt(Day("2024-05-01"))->name, "New");
  EXPECT_EQ(unit.VersionAt(Day("2025-06-30"))->name, "New");
  EXPECT_EQ(unit.VersionAt(Day("2025-07-01")), nullptr);
  EXPECT_EQ(unit.first().name, "Old");
  EXPECT_EQ(unit.last().name, "New");
}

}  // namespace
}  // namespace gemis
