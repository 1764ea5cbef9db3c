#include "core/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using ::testing::HasSubstr;

// Every value of an enum prints a name that parses back to it, and the parse
// ignores ASCII case.
template <typename Enum>
void ExpectRoundTrip(std::initializer_list<Enum> values, const char* (*name)(Enum),
                     Result<Enum> (*parse)(std::string_view)) {
  for (Enum value : values) {
    std::string text = name(value);
    Result<Enum> parsed = parse(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, value) << text;
    std::string upper = text;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(parse(upper).ok()) << upper;
  }
  Result<Enum> bad = parse("nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(bad.status().message(), HasSubstr("'nonsense'"));
  EXPECT_THAT(bad.status().message(), HasSubstr(name(*values.begin())));
  EXPECT_FALSE(parse("").ok());
}

TEST(PlanNames, AreTheDocumentedWords) {
  EXPECT_STREQ(AgencyKindName(AgencyKind::kWomensUnion), "womens_union");
  EXPECT_STREQ(AgencyKindName(AgencyKind::kMassOrganisation), "mass_organisation");
  EXPECT_STREQ(AgencySuccessionName(AgencySuccession::kFunctionsMoved), "functions_moved");
  EXPECT_STREQ(ProgramNodeKindName(ProgramNodeKind::kContentArea), "content_area");
  EXPECT_STREQ(PlanStatusName(PlanStatus::kSuperseded), "superseded");
  EXPECT_STREQ(AssignmentRoleName(AssignmentRole::kCooperating), "cooperating");
  EXPECT_STREQ(ImplementingLevelName(ImplementingLevel::kCommune), "commune");
  EXPECT_STREQ(TargetUnitName(TargetUnit::kDong), "dong");
  EXPECT_STREQ(TargetStatusName(TargetStatus::kWithdrawn), "withdrawn");
  EXPECT_STREQ(AllocationRuleName(AllocationRule::kEqual), "=");
  EXPECT_STREQ(AllocationRuleName(AllocationRule::kAtMost), "<=");
  EXPECT_STREQ(AllocationRuleName(AllocationRule::kFree), "free");
  EXPECT_STREQ(TargetDirectionName(TargetDirection::kAtLeast), "at_least");
  EXPECT_STREQ(FundingSourceName(FundingSource::kCounterpart), "counterpart");
  EXPECT_STREQ(BudgetKindName(BudgetKind::kCarriedOver), "carried_over");
}

TEST(PlanNames, ParseEveryName) {
  using AK = AgencyKind;
  ExpectRoundTrip({AK::kWomensUnion, AK::kPeoplesCommittee, AK::kPeoplesCouncil, AK::kDepartment,
                   AK::kSteeringCommittee, AK::kPartyBody, AK::kMassOrganisation, AK::kBank,
                   AK::kMedia, AK::kGovernment, AK::kOther},
                  AgencyKindName, ParseAgencyKind);
  using AS = AgencySuccession;
  ExpectRoundTrip({AS::kRenamed, AS::kBecame, AS::kFunctionsMoved, AS::kMerged},
                  AgencySuccessionName, ParseAgencySuccession);
  using NK = ProgramNodeKind;
  ExpectRoundTrip({NK::kProgramme, NK::kProject, NK::kContentArea, NK::kActivity},
                  ProgramNodeKindName, ParseProgramNodeKind);
  ExpectRoundTrip({PlanStatus::kDraft, PlanStatus::kIssued, PlanStatus::kSuperseded},
                  PlanStatusName, ParsePlanStatus);
  ExpectRoundTrip({AssignmentRole::kLead, AssignmentRole::kCooperating}, AssignmentRoleName,
                  ParseAssignmentRole);
  using IL = ImplementingLevel;
  ExpectRoundTrip({IL::kAll, IL::kCentre, IL::kProvince, IL::kDistrict, IL::kCommune, IL::kVillage},
                  ImplementingLevelName, ParseImplementingLevel);
  using TU = TargetUnit;
  ExpectRoundTrip({TU::kCount, TU::kPerson, TU::kClass, TU::kSession, TU::kPercent, TU::kDong},
                  TargetUnitName, ParseTargetUnit);
  using TS = TargetStatus;
  ExpectRoundTrip({TS::kActive, TS::kSuspended, TS::kWithdrawn}, TargetStatusName,
                  ParseTargetStatus);
  ExpectRoundTrip({AllocationRule::kEqual, AllocationRule::kAtMost, AllocationRule::kFree},
                  AllocationRuleName, ParseAllocationRule);
  using TD = TargetDirection;
  ExpectRoundTrip({TD::kAtLeast, TD::kAtMost, TD::kExactly}, TargetDirectionName,
                  ParseTargetDirection);
  using FS = FundingSource;
  ExpectRoundTrip({FS::kUnspecified, FS::kCentral, FS::kLocal, FS::kCounterpart, FS::kOther},
                  FundingSourceName, ParseFundingSource);
  using BK = BudgetKind;
  ExpectRoundTrip(
      {BK::kAvailable, BK::kAllocated, BK::kCarriedOver, BK::kEstimated, BK::kSpent, BK::kSettled},
      BudgetKindName, ParseBudgetKind);
}

TEST(PlanParseAllocationRule, AcceptsTheMathSign) {
  EXPECT_EQ(*ParseAllocationRule("≤"), AllocationRule::kAtMost);
  EXPECT_FALSE(ParseAllocationRule("<").ok());
}

TEST(PlanParseImplementingLevel, AcceptsVietnamese) {
  using IL = ImplementingLevel;
  struct Case {
    std::string_view text;
    IL level;
  };
  for (const Case& c :
       {Case{"tỉnh", IL::kProvince}, Case{"cấp tỉnh", IL::kProvince},
        Case{"tỉnh thực hiện", IL::kProvince}, Case{"Tỉnh thực hiện", IL::kProvince},
        Case{"TỈNH", IL::kProvince}, Case{"  cấp   tỉnh ", IL::kProvince},
        Case{"huyện", IL::kDistrict}, Case{"cấp huyện", IL::kDistrict},
        Case{"huyện thực hiện", IL::kDistrict}, Case{"Huyện Thực Hiện", IL::kDistrict},
        Case{"xã", IL::kCommune}, Case{"cấp xã", IL::kCommune}, Case{"thôn", IL::kVillage},
        Case{"trung ương", IL::kCentre}, Case{"Trung ương", IL::kCentre},
        Case{"tất cả", IL::kAll}}) {
    Result<IL> level = ParseImplementingLevel(c.text);
    ASSERT_TRUE(level.ok()) << c.text << ": " << level.status().ToString();
    EXPECT_EQ(*level, c.level) << c.text;
  }
}

TEST(PlanParseImplementingLevel, NormalisesToNfc) {
  // "tỉnh" with the hook above as a combining mark (U+0309), not precomposed.
  EXPECT_EQ(*ParseImplementingLevel("ti\xCC\x89nh"), ImplementingLevel::kProvince);
  // "huyện" decomposed: e + circumflex (U+0302) + dot below (U+0323).
  EXPECT_EQ(*ParseImplementingLevel("huye\xCC\x82\xCC\xA3n"), ImplementingLevel::kDistrict);
}

TEST(PlanParseImplementingLevel, KeepsDiacriticsSignificant) {
  for (std::string_view text : {"tinh", "xa", "tỉnh huyện", "cấp", "tỉnh,", "\xFF"}) {
    Result<ImplementingLevel> level = ParseImplementingLevel(text);
    ASSERT_FALSE(level.ok()) << text;
    EXPECT_EQ(level.status().code(), ErrorCode::kInvalidInput);
    EXPECT_THAT(level.status().message(), HasSubstr("implementing level"));
  }
}

TEST(PlanAgency, NameAtReadsTheNameInForce) {
  Agency agency;
  agency.names = {
      {.from = std::nullopt, .to = Day("2025-02-28"), .name = "Ủy ban Dân tộc"},
      {.from = Day("2025-03-01"), .to = std::nullopt, .name = "Bộ Dân tộc và Tôn giáo"}};
  EXPECT_EQ(agency.NameAt(Day("2020-01-01")).name, "Ủy ban Dân tộc");
  EXPECT_EQ(agency.NameAt(Day("2025-02-28")).name, "Ủy ban Dân tộc");
  EXPECT_EQ(agency.NameAt(Day("2025-03-01")).name, "Bộ Dân tộc và Tôn giáo");
}

TEST(PlanAgency, NameAtFallsBackToTheLatestName) {
  Agency agency;
  agency.names = {{.from = Day("2020-01-01"), .to = Day("2020-12-31"), .name = "Old"},
                  {.from = Day("2022-01-01"), .to = Day("2022-12-31"), .name = "New"}};
  EXPECT_EQ(agency.NameAt(Day("2021-06-01")).name, "New");
  EXPECT_EQ(agency.NameAt(Day("2019-06-01")).name, "New");
  EXPECT_EQ(agency.NameAt(Day("2020-06-01")).name, "Old");
}

TEST(PlanAgency, ExistsAtIsInclusive) {
  Agency agency;
  agency.from = Day("2021-01-01");
  agency.to = Day("2025-02-28");
  EXPECT_FALSE(agency.ExistsAt(Day("2020-12-31")));
  EXPECT_TRUE(agency.ExistsAt(Day("2021-01-01")));
  EXPECT_TRUE(agency.ExistsAt(Day("2025-02-28")));
  EXPECT_FALSE(agency.ExistsAt(Day("2025-03-01")));
}

TEST(Plan, EffectiveDateIsItsDateElseThePeriodStart) {
  Plan plan;
  plan.period = DateSet::Years(2022, 2025);
  EXPECT_EQ(plan.EffectiveDate(), Day("2022-01-01"));
  plan.date = Day("2022-10-03");
  EXPECT_EQ(plan.EffectiveDate(), Day("2022-10-03"));
}

}  // namespace
}  // namespace gemis
