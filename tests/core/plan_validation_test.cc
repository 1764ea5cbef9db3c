#include "core/plan_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "support/hierarchy_fixtures.h"

namespace gemis {
namespace {

using fixtures::Day;
using fixtures::Unit;
using fixtures::Version;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using L = OrgUnitLevel;
using IL = ImplementingLevel;

// ---- The hierarchy: parts of Cao Bằng, Lai Châu and Hà Nội -----------------
// Codes follow the real units but are illustrative.

constexpr OrgUnitId kVietNam = 1;
constexpr OrgUnitId kCaoBang = 2;      // "04"
constexpr OrgUnitId kQuangHoa = 3;     // "049", district
constexpr OrgUnitId kHaLang = 4;       // "048", district
constexpr OrgUnitId kPhucHoa = 5;      // "050", district merged away on 1/1/2020
constexpr OrgUnitId kCommuneA = 11;    // under Quảng Hoà
constexpr OrgUnitId kCommuneB = 12;    // under Quảng Hoà
constexpr OrgUnitId kCommuneC = 13;    // under Hạ Lang
constexpr OrgUnitId kNewCommune = 14;  // under Hạ Lang, created 1/7/2025
constexpr OrgUnitId kLaiChau = 6;      // "12"
constexpr OrgUnitId kPhongTho = 7;     // "106", district
constexpr OrgUnitId kHaNoi = 8;        // "01"

const Hierarchy& Units() {
  static const Hierarchy* hierarchy = [] {
    fixtures::HierarchyParts parts;
    parts.units = {
        Unit(kVietNam, {Version(L::kCentre, "", "Việt Nam", std::nullopt)}),
        Unit(kCaoBang, {Version(L::kProvince, "04", "Cao Bằng", kVietNam)}),
        Unit(kQuangHoa, {Version(L::kDistrict, "049", "Quảng Hoà", kCaoBang)}),
        Unit(kHaLang, {Version(L::kDistrict, "048", "Hạ Lang", kCaoBang)}),
        Unit(kPhucHoa, {Version(L::kDistrict, "050", "Phục Hoà", kCaoBang, {}, Day("2019-12-31"))}),
        Unit(kCommuneA, {Version(L::kCommune, "01600", "Cách Linh", kQuangHoa)}),
        Unit(kCommuneB, {Version(L::kCommune, "01603", "Tiên Thành", kQuangHoa)}),
        Unit(kCommuneC, {Version(L::kCommune, "01540", "Thị Hoa", kHaLang)}),
        Unit(kNewCommune, {Version(L::kCommune, "01541", "Lý Quốc", kHaLang, Day("2025-07-01"))}),
        Unit(kLaiChau, {Version(L::kProvince, "12", "Lai Châu", kVietNam)}),
        Unit(kPhongTho, {Version(L::kDistrict, "106", "Phong Thổ", kLaiChau)}),
        Unit(kHaNoi, {Version(L::kProvince, "01", "Hà Nội", kVietNam)}),
    };
    parts.unit(kHaNoi).versions[0].unit_type = "Thành phố";
    Result<Hierarchy> built = parts.Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *hierarchy;
}

// ---- Metadata ---------------------------------------------------------------

constexpr MetadataId kTeams = 10;          // P8_TTCD_TO, integer count
constexpr MetadataId kMenShare = 11;       // P8_NAM_PCT, percentage data element
constexpr MetadataId kFormalFinance = 20;  // P8_TKV_FORMAL_PCT, indicator, max 100
constexpr MetadataId kRatio = 21;          // P8_TY_SO, indicator without a maximum

StoredElement Element(MetadataId id, std::string code, ValueType type) {
  StoredElement stored;
  stored.id = id;
  stored.combo_id = 1;
  stored.element.code = std::move(code);
  stored.element.name = "Phần tử " + stored.element.code;
  stored.element.value_type = type;
  return stored;
}

StoredIndicator IndicatorOf(MetadataId id, std::string code, std::optional<int64_t> max) {
  StoredIndicator stored;
  stored.id = id;
  stored.indicator.code = std::move(code);
  stored.indicator.name = "Chỉ số " + stored.indicator.code;
  stored.indicator.numerator = "#{A}";
  stored.indicator.denominator = "#{B}";
  if (max) stored.indicator.max_value = Decimal::FromInt(*max);
  return stored;
}

const Metadata& Meta() {
  static const Metadata* metadata = new Metadata(
      {Element(kTeams, "P8_TTCD_TO", ValueType::kInteger),
       Element(kMenShare, "P8_NAM_PCT", ValueType::kPercentage)},
      {}, {},
      {IndicatorOf(kFormalFinance, "P8_TKV_FORMAL_PCT", 100), IndicatorOf(kRatio, "P8_TY_SO", {})});
  return *metadata;
}

// ---- Plans and what they state ---------------------------------------------

constexpr PlanId kCaoBangPlan = 1;   // 288/KH-BCĐ, 20/3/2024, year 2024
constexpr PlanId kPhongThoPlan = 2;  // 117/KH-UBND, April – December 2024
constexpr PlanId kHaNoiPlan = 3;     // 257/KH-UBND, 2022 – 2025
constexpr const char* kCaoBangSeed = "seeds/001_70fee0a5d4efb6fc.txt";

Decimal Dec(std::string_view text) {
  Result<Decimal> value = Decimal::Parse(text);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? *value : Decimal();
}

DateSet Dates(std::string_view text) {
  Result<DateSet> set = DateSet::Parse(text);
  EXPECT_TRUE(set.ok()) << text;
  return set.ok() ? *set : DateSet();
}

Plan MakePlan(PlanId id, std::string code, std::string number, OrgUnitId issuer,
              std::string_view date, std::string_view period) {
  Plan plan;
  plan.id = id;
  plan.code = std::move(code);
  plan.number = std::move(number);
  plan.issuer_unit = issuer;
  plan.date = Day(date);
  plan.period = Dates(period);
  plan.source = {.document = kCaoBangSeed};
  return plan;
}

PlanBookData Base() {
  PlanBookData data;
  data.plans = {
      MakePlan(kCaoBangPlan, "CB-288-2024", "288/KH-BCĐ", kCaoBang, "2024-03-20", "2024"),
      MakePlan(kPhongThoPlan, "PT-117-2024", "117/KH-UBND", kPhongTho, "2024-04-05",
               "2024-04..2024-12"),
      MakePlan(kHaNoiPlan, "HN-257-2022", "257/KH-UBND", kHaNoi, "2022-10-03", "2022-2025")};
  Agency womens_union{.code = "CB-HLHPN", .kind = AgencyKind::kWomensUnion, .org_unit = kCaoBang};
  womens_union.names = {{.name = "Hội Liên hiệp Phụ nữ tỉnh Cao Bằng"}};
  Agency labour{.code = "CB-SLDTBXH", .kind = AgencyKind::kDepartment, .org_unit = kCaoBang};
  labour.names = {{.name = "Sở Lao động - Thương binh và Xã hội tỉnh Cao Bằng"}};
  Agency ethnic{.code = "TW-UBDT",
                .kind = AgencyKind::kGovernment,
                .org_unit = kVietNam,
                .to = Day("2025-02-28")};
  ethnic.names = {{.name = "Ủy ban Dân tộc"}};
  Agency ministry{.code = "TW-BDTTG",
                  .kind = AgencyKind::kGovernment,
                  .org_unit = kVietNam,
                  .from = Day("2025-03-01")};
  ministry.names = {{.name = "Bộ Dân tộc và Tôn giáo"}};
  data.agencies = {womens_union, labour, ethnic, ministry};
  data.norms = {{.code = "TT55-DCTC-THIETBI",
                 .name = "Hỗ trợ thiết bị cho địa chỉ tin cậy",
                 .max_per_unit = 15'000'000,
                 .per = "mô hình",
                 .legal_basis = "Thông tư 55/2023/TT-BTC"}};
  return data;
}

int next_ordinal = 0;

// A count of community communication teams (P8_TTCD_TO) in the Cao Bằng plan.
Target Teams(OrgUnitId unit, std::string_view value, IL level = IL::kAll,
             std::string section = "Phụ lục I") {
  Target target;
  target.id = ++next_ordinal;
  target.plan = kCaoBangPlan;
  target.measure = {.kind = MeasureKind::kDataElement, .id = kTeams, .code = "P8_TTCD_TO"};
  target.org_unit = unit;
  target.level = level;
  target.value = Dec(value);
  target.unit_label = "tổ";
  target.ordinal = next_ordinal;
  target.source = {
      .document = kCaoBangSeed, .section = std::move(section), .text = std::string(value)};
  return target;
}

// "15% of savings-group members linked to formal finance" in the Hà Nội plan.
Target FormalFinance(std::string_view value, std::string section) {
  Target target = Teams(kHaNoi, value, IL::kAll, std::move(section));
  target.plan = kHaNoiPlan;
  target.measure = {
      .kind = MeasureKind::kIndicator, .id = kFormalFinance, .code = "P8_TKV_FORMAL_PCT"};
  target.unit = TargetUnit::kPercent;
  target.rule = AllocationRule::kFree;
  target.source.document = "seeds/000_hanoi.txt";
  return target;
}

BudgetLine Budget(PlanId plan, std::string key, std::string parent, OrgUnitId unit, BudgetKind kind,
                  int64_t amount, std::string agency = "") {
  BudgetLine line;
  line.plan = plan;
  line.key = std::move(key);
  line.parent_key = std::move(parent);
  line.org_unit = unit;
  line.agency_code = std::move(agency);
  line.period = Dates("2024");
  line.kind = kind;
  line.amount = amount;
  line.label = line.key;
  line.source = {.document = kCaoBangSeed, .section = "IV.1", .text = line.key};
  return line;
}

PlaceCount Count(OrgUnitId unit, std::string kind, int64_t count) {
  return {.plan = kCaoBangPlan,
          .org_unit = unit,
          .kind = std::move(kind),
          .count = count,
          .source = {.document = kCaoBangSeed, .section = "Phụ lục I"}};
}

std::vector<Finding> Validate(PlanBookData data, Lang lang = Lang::kVi, PlanId only = 0) {
  PlanBook book(std::move(data));
  return ValidatePlans(book, Units(), Meta(), {.lang = lang, .only_plan = only});
}

std::vector<Finding> Only(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += f.rule + ": " + f.message + "\n";
  return out;
}

// The Cao Bằng 2024 appendix for communication teams: 57 = 29 by the province
// + 28 by the districts, each column the sum of the district rows.
std::vector<Target> TeamsTable(std::string_view district_level_total = "28") {
  return {Teams(kCaoBang, "57"),
          Teams(kCaoBang, "29", IL::kProvince),
          Teams(kCaoBang, district_level_total, IL::kDistrict),
          Teams(kQuangHoa, "11", IL::kProvince),
          Teams(kQuangHoa, "14", IL::kDistrict),
          Teams(kHaLang, "18", IL::kProvince),
          Teams(kHaLang, "14", IL::kDistrict)};
}

// ---- allocation_sum ---------------------------------------------------------

TEST(AllocationSum, PartsThatAddUpRaiseNothing) {
  PlanBookData data = Base();
  data.targets = TeamsTable();
  std::vector<Finding> findings = Validate(data);
  EXPECT_THAT(findings, IsEmpty()) << Describe(findings);
}

TEST(AllocationSum, ReportsPartsThatDoNotAddUpWithExpectedAndFound) {
  PlanBookData data = Base();
  data.targets = TeamsTable("27");  // 29 + 27 = 56 ≠ 57; 14 + 14 = 28 ≠ 27
  std::vector<Finding> findings = Only(Validate(data), rules::kAllocationSum);
  ASSERT_THAT(findings, SizeIs(2)) << Describe(findings);
  const Finding& total = findings[0];  // "mọi cấp" sorts before the district level
  EXPECT_EQ(total.severity, Severity::kError);
  EXPECT_EQ(total.plan, "288/KH-BCĐ");
  EXPECT_EQ(total.org_unit, "04 Tỉnh Cao Bằng");
  EXPECT_EQ(total.measure, "P8_TTCD_TO");
  EXPECT_EQ(total.period, "2024");
  EXPECT_EQ(total.expected, "57");
  EXPECT_EQ(total.found, "56");
  EXPECT_EQ(total.source.text, "57");
  const Finding& district_level = findings[1];
  EXPECT_EQ(district_level.expected, "27");
  EXPECT_EQ(district_level.found, "28");
  EXPECT_EQ(district_level.source.text, "27");
  std::vector<std::string> messages = {total.message, district_level.message};
  EXPECT_THAT(messages,
              ::testing::UnorderedElementsAre(
                  "04 Tỉnh Cao Bằng, mọi cấp, chỉ tiêu P8_TTCD_TO: 2 phần phân bổ cộng lại là 56, "
                  "không bằng chỉ tiêu 57",
                  "04 Tỉnh Cao Bằng, cấp huyện, chỉ tiêu P8_TTCD_TO: 2 phần phân bổ cộng lại là "
                  "28, không bằng chỉ tiêu 27"));
}

TEST(AllocationSum, MessagesFollowTheRequestedLanguage) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "1057"), Teams(kQuangHoa, "1000"), Teams(kHaLang, "50")};
  std::vector<Finding> findings = Only(Validate(data, Lang::kEn), rules::kAllocationSum);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].found, "1050");
  EXPECT_EQ(findings[0].message,
            "04 Tỉnh Cao Bằng, all levels, target P8_TTCD_TO: the 2 allocated parts add up to "
            "1,050, not to the target 1,057");
  findings = Only(Validate(data, Lang::kVi), rules::kAllocationSum);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_THAT(findings[0].message, HasSubstr("cộng lại là 1.050, không bằng chỉ tiêu 1.057"));
}

TEST(AllocationSum, AtMostRuleReportsOnlyAnExcess) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "57"), Teams(kQuangHoa, "20"), Teams(kHaLang, "28")};
  data.targets[0].rule = AllocationRule::kAtMost;
  EXPECT_THAT(Only(Validate(data), rules::kAllocationSum), IsEmpty());  // 48 ≤ 57

  data.targets[1].value = Dec("30");  // 58 > 57
  std::vector<Finding> findings = Only(Validate(data), rules::kAllocationSum);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].expected, "57");
  EXPECT_EQ(findings[0].found, "58");
  EXPECT_EQ(findings[0].message,
            "04 Tỉnh Cao Bằng, mọi cấp, chỉ tiêu P8_TTCD_TO: 2 phần phân bổ cộng lại là 58, "
            "vượt chỉ tiêu 57");
}

TEST(AllocationSum, FreeRuleIsNotChecked) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "57"), Teams(kQuangHoa, "1"), Teams(kHaLang, "2")};
  data.targets[0].rule = AllocationRule::kFree;
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(AllocationSum, RestatedIdenticalPartCountsOnceAndIsNoConflict) {
  PlanBookData data = Base();
  data.targets = TeamsTable();
  // The running text restates the province's share: same key, same value.
  data.targets.push_back(Teams(kCaoBang, "29", IL::kProvince, "II.1"));
  std::vector<Finding> findings = Validate(data);
  EXPECT_THAT(findings, IsEmpty()) << Describe(findings);
}

TEST(AllocationSum, ConflictingPartIsLeftToConflictingTarget) {
  PlanBookData data = Base();
  data.targets = TeamsTable();
  data.targets.push_back(Teams(kCaoBang, "30", IL::kProvince, "II.1"));
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kConflictingTarget);
}

TEST(AllocationSum, WithdrawnTargetTakesNoPart) {
  PlanBookData data = Base();
  data.targets = TeamsTable();
  data.targets.push_back(Teams(kCaoBang, "30", IL::kProvince, "II.1"));
  data.targets.back().status = TargetStatus::kWithdrawn;
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(AllocationSum, AgencyShareIsAPartOfItsUnitsLevel) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "12", IL::kProvince), Teams(kCaoBang, "5", IL::kProvince),
                  Teams(kCaoBang, "7", IL::kProvince)};
  data.targets[1].agency_code = "CB-HLHPN";
  data.targets[2].agency_code = "CB-SLDTBXH";
  EXPECT_THAT(Validate(data), IsEmpty());
  data.targets[2].value = Dec("8");
  std::vector<Finding> findings = Only(Validate(data), rules::kAllocationSum);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].expected, "12");
  EXPECT_EQ(findings[0].found, "13");
}

// ---- window_outside_plan ----------------------------------------------------

TEST(WindowOutsidePlan, WindowInsideThePlanRaisesNothing) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "57")};
  data.targets[0].window = Dates("2024-04..2024-12");
  data.targets[0].period = Dates("2024");
  data.plans[0].assignments = {{.agency_code = "CB-HLHPN", .window = Dates("2024Q3")}};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(WindowOutsidePlan, ReportsTargetWindowAndPeriodOutsideThePlan) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "57"), Teams(kQuangHoa, "3")};
  data.targets[0].window = Dates("2022-2024");
  data.targets[1].period = Dates("2025");
  data.targets[1].rule = AllocationRule::kFree;
  data.targets[0].rule = AllocationRule::kFree;
  std::vector<Finding> findings = Only(Validate(data), rules::kWindowOutsidePlan);
  ASSERT_THAT(findings, SizeIs(2)) << Describe(findings);
  EXPECT_EQ(findings[0].org_unit, "04 Tỉnh Cao Bằng");
  EXPECT_EQ(findings[0].period, "2024");
  EXPECT_EQ(findings[0].expected, "2024");
  EXPECT_EQ(findings[0].found, "2022-2024");
  EXPECT_EQ(findings[0].message,
            "Thời hạn hoàn thành 2022-2024 của chỉ tiêu P8_TTCD_TO tại 04 Tỉnh Cao Bằng nằm "
            "ngoài thời gian của kế hoạch (2024)");
  EXPECT_EQ(findings[1].org_unit, "049 Huyện Quảng Hoà");
  EXPECT_EQ(findings[1].period, "2025");
  EXPECT_EQ(findings[1].expected, "2024");
  EXPECT_EQ(findings[1].found, "2025");
}

TEST(WindowOutsidePlan, ReportsAssignmentWindowOutsideThePlan) {
  PlanBookData data = Base();
  data.plans[0].assignments = {{.program_node_code = "CT1719.DA8.ND1",
                                .agency_code = "CB-HLHPN",
                                .window = Dates("2023,2025"),
                                .source = {.section = "III.1"}}};
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kWindowOutsidePlan);
  EXPECT_EQ(findings[0].org_unit, "04 Tỉnh Cao Bằng");
  EXPECT_EQ(findings[0].measure, "CT1719.DA8.ND1");
  EXPECT_EQ(findings[0].expected, "2024");
  EXPECT_EQ(findings[0].found, "2023,2025");
  EXPECT_EQ(findings[0].source.section, "III.1");
  EXPECT_EQ(findings[0].message,
            "The window 2023,2025 assigned to CB-HLHPN (node CT1719.DA8.ND1) is outside the "
            "plan's period (2024)");
}

// ---- budget_parts -----------------------------------------------------------

// Cao Bằng 2024, provincial level (section IV.1 of the seed).
std::vector<BudgetLine> CaoBangBudget(int64_t labour_allocated) {
  return {
      Budget(kCaoBangPlan, "tinh-chuyen-2024", "", kCaoBang, BudgetKind::kCarriedOver,
             16'035'756'260),
      Budget(kCaoBangPlan, "hlhpn-chuyen-2024", "tinh-chuyen-2024", kCaoBang,
             BudgetKind::kCarriedOver, 13'804'304'000, "CB-HLHPN"),
      Budget(kCaoBangPlan, "sld-chuyen-2024", "tinh-chuyen-2024", kCaoBang,
             BudgetKind::kCarriedOver, 2'231'452'260, "CB-SLDTBXH"),
      Budget(kCaoBangPlan, "tinh-cap-2024", "", kCaoBang, BudgetKind::kAllocated, 22'991'000'000),
      Budget(kCaoBangPlan, "hlhpn-cap-2024", "tinh-cap-2024", kCaoBang, BudgetKind::kAllocated,
             19'542'000'000, "CB-HLHPN"),
      Budget(kCaoBangPlan, "sld-cap-2024", "tinh-cap-2024", kCaoBang, BudgetKind::kAllocated,
             labour_allocated, "CB-SLDTBXH"),
  };
}

TEST(BudgetParts, PartsThatAddUpRaiseNothing) {
  PlanBookData data = Base();
  data.budget_lines = CaoBangBudget(3'449'000'000);  // as the total implies
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(BudgetParts, ReportsTheCaoBang260DongMismatch) {
  PlanBookData data = Base();
  data.budget_lines = CaoBangBudget(3'449'000'260);  // as the seed states it
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, rules::kBudgetParts);
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.plan, "288/KH-BCĐ");
  EXPECT_EQ(f.org_unit, "04 Tỉnh Cao Bằng");
  EXPECT_EQ(f.measure, "tinh-cap-2024");
  EXPECT_EQ(f.period, "2024");
  EXPECT_EQ(f.expected, "22991000000");
  EXPECT_EQ(f.found, "22991000260");
  EXPECT_EQ(f.source.text, "tinh-cap-2024");
  EXPECT_EQ(f.message,
            "Kinh phí \"tinh-cap-2024\" của 04 Tỉnh Cao Bằng: 2 khoản thành phần cộng lại là "
            "22.991.000.260 đ, khác tổng đã nêu 22.991.000.000 đ");
  findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].message,
            "Budget \"tinh-cap-2024\" of 04 Tỉnh Cao Bằng: the 2 parts add up to "
            "22,991,000,260 đ, not to the stated total 22,991,000,000 đ");
}

TEST(BudgetParts, ReportsASumBeyondInt64WithoutAFoundValue) {
  PlanBookData data = Base();
  data.budget_lines = {Budget(kCaoBangPlan, "total", "", kCaoBang, BudgetKind::kAllocated, 5),
                       Budget(kCaoBangPlan, "a", "total", kCaoBang, BudgetKind::kAllocated,
                              std::numeric_limits<int64_t>::max()),
                       Budget(kCaoBangPlan, "b", "total", kCaoBang, BudgetKind::kAllocated, 1)};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kBudgetParts);
  EXPECT_EQ(findings[0].expected, "5");
  EXPECT_EQ(findings[0].found, "");
  EXPECT_EQ(findings[0].message,
            "total: tổng của 2 phần vượt quá giới hạn tính toán, không so sánh được với 5 đ");
}

// ---- budget_available -------------------------------------------------------

// Phong Thổ 2024: 7.588,63 million = 3.859 allocated + 3.729,63 carried over;
// the district level 3.259,46 = 1.300 + 1.959,46.
std::vector<BudgetLine> PhongThoBudget(int64_t carried_over) {
  auto line = [](std::string key, std::string parent, BudgetKind kind, int64_t amount, IL level) {
    BudgetLine l =
        Budget(kPhongThoPlan, std::move(key), std::move(parent), kPhongTho, kind, amount);
    l.level = level;
    l.source.section = "IV";
    return l;
  };
  return {line("tong", "", BudgetKind::kAvailable, 7'588'630'000, IL::kAll),
          line("cap", "", BudgetKind::kAllocated, 3'859'000'000, IL::kAll),
          line("chuyen", "", BudgetKind::kCarriedOver, carried_over, IL::kAll),
          line("huyen", "tong", BudgetKind::kAvailable, 3'259'460'000, IL::kDistrict),
          line("huyen-cap", "", BudgetKind::kAllocated, 1'300'000'000, IL::kDistrict),
          line("huyen-chuyen", "", BudgetKind::kCarriedOver, 1'959'460'000, IL::kDistrict),
          line("xa", "tong", BudgetKind::kAvailable, 4'329'170'000, IL::kCommune)};
}

TEST(BudgetAvailable, AllocatedPlusCarriedOverMatchingRaisesNothing) {
  PlanBookData data = Base();
  data.budget_lines = PhongThoBudget(3'729'630'000);
  std::vector<Finding> findings = Validate(data);
  EXPECT_THAT(findings, IsEmpty()) << Describe(findings);
}

TEST(BudgetAvailable, ReportsAMismatchForTheSameScopeOnly) {
  PlanBookData data = Base();
  data.budget_lines = PhongThoBudget(3'729'600'000);
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, rules::kBudgetAvailable);
  EXPECT_EQ(f.plan, "117/KH-UBND");
  EXPECT_EQ(f.org_unit, "106 Huyện Phong Thổ");
  EXPECT_EQ(f.measure, "tong");
  EXPECT_EQ(f.expected, "7588630000");
  EXPECT_EQ(f.found, "7588600000");
  EXPECT_EQ(f.message,
            "Tổng nguồn \"tong\" của 106 Huyện Phong Thổ là 7.588.630.000 đ, nhưng 2 khoản kinh "
            "phí cấp và chuyển nguồn cộng lại là 7.588.600.000 đ");
}

TEST(BudgetAvailable, NothingToCompareRaisesNothing) {
  PlanBookData data = Base();
  data.budget_lines = {Budget(kPhongThoPlan, "tong", "", kPhongTho, BudgetKind::kAvailable, 7),
                       Budget(kPhongThoPlan, "khac", "", kPhongTho, BudgetKind::kEstimated, 3)};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(BudgetAvailable, AStatedTotalAndItsPartsInTheScopeCountOnce) {
  PlanBookData data = Base();
  data.budget_lines = PhongThoBudget(3'729'630'000);
  // The allocation split by purpose within the same scope.
  data.budget_lines.push_back(
      Budget(kPhongThoPlan, "cap-a", "cap", kPhongTho, BudgetKind::kAllocated, 3'000'000'000));
  data.budget_lines.push_back(
      Budget(kPhongThoPlan, "cap-b", "cap", kPhongTho, BudgetKind::kAllocated, 859'000'000));
  EXPECT_THAT(Validate(data), IsEmpty()) << Describe(Validate(data));
}

// ---- conflicting_target -----------------------------------------------------

TEST(ConflictingTarget, RestatedIdenticalValueRaisesNothing) {
  PlanBookData data = Base();
  data.targets = {FormalFinance("15", "I.2"), FormalFinance("15", "II.2.1")};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(ConflictingTarget, ReportsHaNoi15PercentAgainst20Percent) {
  PlanBookData data = Base();
  data.targets = {FormalFinance("15", "III.1"), FormalFinance("20", "III.2.2.1")};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, rules::kConflictingTarget);
  EXPECT_EQ(f.plan, "257/KH-UBND");
  EXPECT_EQ(f.org_unit, "01 Thành phố Hà Nội");
  EXPECT_EQ(f.measure, "P8_TKV_FORMAL_PCT");
  EXPECT_EQ(f.period, "2022-2025");
  EXPECT_EQ(f.expected, "15");
  EXPECT_EQ(f.found, "20");
  EXPECT_EQ(f.source.section, "III.2.2.1");
  EXPECT_EQ(f.message,
            "Chỉ tiêu P8_TKV_FORMAL_PCT tại 01 Thành phố Hà Nội (mọi cấp) được nêu khác nhau: "
            "15% ở III.1; 20% ở III.2.2.1");
}

TEST(ConflictingTarget, ListsEveryOtherValueOnce) {
  PlanBookData data = Base();
  data.targets = {FormalFinance("15", "I.2"), FormalFinance("20", "II.2.1"),
                  FormalFinance("25", "II.2.2"), FormalFinance("20", "II.2.3"),
                  FormalFinance("15", "II.2.4")};
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].expected, "15");
  EXPECT_EQ(findings[0].found, "20, 25");
  EXPECT_EQ(findings[0].message,
            "Target P8_TKV_FORMAL_PCT for 01 Thành phố Hà Nội (all levels) is stated "
            "differently: 15% in I.2; 20%, 25% in II.2.1, II.2.2, II.2.3");
}

// ---- unit_not_at_plan_date --------------------------------------------------

TEST(UnitNotAtPlanDate, UnitsValidOnThePlanDateRaiseNothing) {
  PlanBookData data = Base();
  data.targets = {Teams(kCommuneA, "1")};
  data.place_counts = {Count(kCommuneC, "villages", 8)};
  data.budget_lines = {Budget(kCaoBangPlan, "x", "", kQuangHoa, BudgetKind::kSpent, 1)};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(UnitNotAtPlanDate, ReportsEndedAndFutureUnitsOncePerUnit) {
  PlanBookData data = Base();
  data.targets = {Teams(kPhucHoa, "3"), Teams(kPhucHoa, "2", IL::kDistrict)};
  data.place_counts = {Count(kNewCommune, "villages", 8)};
  std::vector<Finding> findings = Only(Validate(data), rules::kUnitNotAtPlanDate);
  ASSERT_THAT(findings, SizeIs(2)) << Describe(findings);
  const Finding& ended = findings[1];  // "050 …" sorts after "01541 …"
  EXPECT_EQ(ended.org_unit, "050 Huyện Phục Hoà");
  EXPECT_EQ(ended.measure, "P8_TTCD_TO");
  EXPECT_EQ(ended.expected, "2024-03-20");
  EXPECT_EQ(ended.found, "..2019-12-31");
  EXPECT_EQ(ended.source.text, "3");
  EXPECT_EQ(ended.message,
            "Đơn vị 050 Huyện Phục Hoà không tồn tại vào ngày 20/03/2024 (ngày của kế hoạch); "
            "được dùng ở 2 chỗ");
  const Finding& future = findings[0];
  EXPECT_EQ(future.org_unit, "01541 Xã Lý Quốc");
  EXPECT_EQ(future.measure, "villages");
  EXPECT_EQ(future.found, "2025-07-01..");
}

// A unit named as part of the plan's area is used like any other: an area on
// a valid unit raises nothing, one on a unit of another date is reported,
// once per unit even when a target names it too.
TEST(UnitNotAtPlanDate, CoversTheUnitsOfThePlansArea) {
  PlanBookData data = Base();
  data.areas = {{.plan = kCaoBangPlan,
                 .org_unit = kCommuneA,
                 .kind = "scope",
                 .ordinal = 0,
                 .source = {.document = kCaoBangSeed, .section = "II.3", .text = "Cách Linh"}}};
  EXPECT_THAT(Validate(data), IsEmpty());

  data.areas.push_back({.plan = kCaoBangPlan,
                        .org_unit = kNewCommune,
                        .kind = "dbkk_villages",
                        .ordinal = 1,
                        .source = {.document = kCaoBangSeed, .section = "II.3", .text = "Lý Quốc"}});
  data.areas.push_back({.plan = kCaoBangPlan,
                        .org_unit = kPhucHoa,
                        .kind = "scope",
                        .ordinal = 2,
                        .source = {.document = kCaoBangSeed, .section = "II.3", .text = "Phục Hoà"}});
  data.targets = {Teams(kPhucHoa, "3")};
  std::vector<Finding> findings = Only(Validate(data), rules::kUnitNotAtPlanDate);
  ASSERT_THAT(findings, SizeIs(2)) << Describe(findings);
  const Finding& future = findings[0];  // "01541 …" sorts before "050 …"
  EXPECT_EQ(future.org_unit, "01541 Xã Lý Quốc");
  EXPECT_EQ(future.measure, "area:dbkk_villages");
  EXPECT_EQ(future.expected, "2024-03-20");
  EXPECT_EQ(future.found, "2025-07-01..");
  EXPECT_EQ(future.source.text, "Lý Quốc");
  EXPECT_EQ(future.message,
            "Đơn vị 01541 Xã Lý Quốc không tồn tại vào ngày 20/03/2024 (ngày của kế hoạch); "
            "được dùng ở 1 chỗ");
  const Finding& ended = findings[1];  // first named by the target, then by the area
  EXPECT_EQ(ended.org_unit, "050 Huyện Phục Hoà");
  EXPECT_EQ(ended.measure, "P8_TTCD_TO");
  EXPECT_THAT(ended.message, HasSubstr("được dùng ở 2 chỗ"));

  // Areas of another plan are that plan's.
  std::vector<Finding> other = Validate(data, Lang::kVi, kHaNoiPlan);
  EXPECT_THAT(other, IsEmpty()) << Describe(other);
}

TEST(UnitNotAtPlanDate, ReportsAnIssuerTheHierarchyDoesNotHold) {
  PlanBookData data = Base();
  data.plans[0].issuer_unit = 999;
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kUnitNotAtPlanDate);
  EXPECT_EQ(findings[0].org_unit, "#999");
  EXPECT_EQ(findings[0].measure, "");
  EXPECT_EQ(findings[0].expected, "2024-03-20");
  EXPECT_EQ(findings[0].found, "");
  EXPECT_EQ(findings[0].message,
            "Unit #999 did not exist on 2024-03-20 (the plan's date); references in the plan: 1");
}

// ---- agency_not_at_plan_date ------------------------------------------------

TEST(AgencyNotAtPlanDate, AgenciesOfThePlanDateRaiseNothing) {
  PlanBookData data = Base();
  data.plans[0].issuer_agency_code = "CB-HLHPN";
  data.plans[0].assignments = {{.agency_code = "TW-UBDT"}};  // until 28/2/2025
  data.targets = {Teams(kCaoBang, "5", IL::kProvince)};
  data.targets[0].agency_code = "CB-SLDTBXH";
  data.budget_lines = {Budget(kCaoBangPlan, "x", "", kCaoBang, BudgetKind::kSpent, 1, "CB-HLHPN")};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(AgencyNotAtPlanDate, ReportsAnAgencyFromAfterThePlanDate) {
  PlanBookData data = Base();
  data.plans[0].assignments = {{.agency_code = "TW-BDTTG", .source = {.section = "III.2"}},
                               {.agency_code = "TW-BDTTG", .source = {.section = "III.3"}}};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, rules::kAgencyNotAtPlanDate);
  EXPECT_EQ(f.org_unit, "Việt Nam");
  EXPECT_EQ(f.measure, "TW-BDTTG");
  EXPECT_EQ(f.expected, "2024-03-20");
  EXPECT_EQ(f.found, "2025-03-01..");
  EXPECT_EQ(f.source.section, "III.2");
  EXPECT_EQ(f.message,
            "Cơ quan Bộ Dân tộc và Tôn giáo (TW-BDTTG) không tồn tại vào ngày 20/03/2024 (ngày "
            "của kế hoạch); được dùng ở 2 chỗ");
}

TEST(AgencyNotAtPlanDate, ReportsAnUnknownAgencyCode) {
  PlanBookData data = Base();
  data.budget_lines = {Budget(kCaoBangPlan, "x", "", kCaoBang, BudgetKind::kSpent, 1, "CB-XX")};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kAgencyNotAtPlanDate);
  EXPECT_EQ(findings[0].org_unit, "");
  EXPECT_EQ(findings[0].measure, "CB-XX");
  EXPECT_EQ(findings[0].expected, "2024-03-20");
  EXPECT_EQ(findings[0].found, "");
  EXPECT_EQ(findings[0].message,
            "Mã cơ quan CB-XX không có trong danh mục cơ quan; được dùng ở 1 chỗ");
}

// ---- spending_over_norm -----------------------------------------------------

BudgetLine TrustedAddressEquipment(int64_t amount, std::string norm = "TT55-DCTC-THIETBI") {
  BudgetLine line =
      Budget(kCaoBangPlan, "dctc-thiet-bi", "", kCaoBang, BudgetKind::kEstimated, amount);
  line.label = "Thiết bị cho 2 địa chỉ tin cậy";
  line.norm_code = std::move(norm);
  line.norm_quantity = 2;
  return line;
}

TEST(SpendingOverNorm, AmountWithinTheNormRaisesNothing) {
  PlanBookData data = Base();
  data.budget_lines = {TrustedAddressEquipment(30'000'000)};
  EXPECT_THAT(Validate(data), IsEmpty());
}

TEST(SpendingOverNorm, ReportsAnAmountAboveMaxTimesQuantity) {
  PlanBookData data = Base();
  data.budget_lines = {TrustedAddressEquipment(30'000'001)};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kSpendingOverNorm);
  EXPECT_EQ(findings[0].measure, "dctc-thiet-bi");
  EXPECT_EQ(findings[0].expected, "30000000");
  EXPECT_EQ(findings[0].found, "30000001");
  EXPECT_EQ(findings[0].message,
            "Kinh phí \"Thiết bị cho 2 địa chỉ tin cậy\" của 04 Tỉnh Cao Bằng là 30.000.001 đ, "
            "vượt mức tối đa 30.000.000 đ theo định mức Hỗ trợ thiết bị cho địa chỉ tin cậy "
            "(15.000.000 đ/mô hình × 2)");
}

TEST(SpendingOverNorm, ReportsAnUnknownNorm) {
  PlanBookData data = Base();
  data.budget_lines = {TrustedAddressEquipment(1, "TT99-KHONG-CO")};
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kSpendingOverNorm);
  EXPECT_EQ(findings[0].expected, "");
  EXPECT_EQ(findings[0].found, "1");
  EXPECT_EQ(findings[0].message,
            "Budget \"Thiết bị cho 2 địa chỉ tin cậy\" of 04 Tỉnh Cao Bằng refers to norm "
            "TT99-KHONG-CO, which is not in the list of norms");
}

TEST(SpendingOverNorm, ALimitBeyondInt64CannotBeExceeded) {
  PlanBookData data = Base();
  data.budget_lines = {TrustedAddressEquipment(std::numeric_limits<int64_t>::max())};
  data.budget_lines[0].norm_quantity = std::numeric_limits<int64_t>::max() / 2;
  EXPECT_THAT(Validate(data), IsEmpty());
}

// ---- place_count_sum --------------------------------------------------------

TEST(PlaceCountSum, CountsThatAddUpRaiseNothing) {
  PlanBookData data = Base();
  // Province 30 = Quảng Hoà 20 + Thị Hoa 10 (Hạ Lang itself is not counted);
  // Quảng Hoà 20 = its two communes.
  data.place_counts = {Count(kCaoBang, "villages", 30),  Count(kQuangHoa, "villages", 20),
                       Count(kCommuneA, "villages", 8),  Count(kCommuneB, "villages", 12),
                       Count(kCommuneC, "villages", 10), Count(kCaoBang, "communes", 3)};
  std::vector<Finding> findings = Validate(data);
  EXPECT_THAT(findings, IsEmpty()) << Describe(findings);
}

TEST(PlaceCountSum, ComparesEachUnitWithItsNearestCountedDescendants) {
  PlanBookData data = Base();
  data.place_counts = {Count(kCaoBang, "villages", 30), Count(kQuangHoa, "villages", 20),
                       Count(kCommuneA, "villages", 8), Count(kCommuneB, "villages", 11),
                       Count(kCommuneC, "villages", 10)};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, rules::kPlaceCountSum);
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.org_unit, "049 Huyện Quảng Hoà");
  EXPECT_EQ(f.measure, "villages");
  EXPECT_EQ(f.period, "2024");
  EXPECT_EQ(f.expected, "20");
  EXPECT_EQ(f.found, "19");
  EXPECT_EQ(f.message,
            "049 Huyện Quảng Hoà: số villages là 20, nhưng 2 đơn vị cấp dưới cộng lại là 19");
}

TEST(PlaceCountSum, ReportsTheProvinceWhenDistrictsDoNotAddUp) {
  PlanBookData data = Base();
  // Region-III communes: 126 stated for the province, 12 + 112 for districts.
  data.place_counts = {Count(kCaoBang, "region_iii_communes", 126),
                       Count(kQuangHoa, "region_iii_communes", 12),
                       Count(kHaLang, "region_iii_communes", 112)};
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].org_unit, "04 Tỉnh Cao Bằng");
  EXPECT_EQ(findings[0].expected, "126");
  EXPECT_EQ(findings[0].found, "124");
  EXPECT_EQ(findings[0].message,
            "04 Tỉnh Cao Bằng: the count of region_iii_communes is 126, but the 2 units below it "
            "add up to 124");
}

// ---- source_defect ----------------------------------------------------------

TEST(SourceDefect, PlanWithoutNotesRaisesNothing) { EXPECT_THAT(Validate(Base()), IsEmpty()); }

TEST(SourceDefect, ReportsEveryNoteAsAWarning) {
  PlanBookData data = Base();
  data.source_notes = {{.plan = kCaoBangPlan,
                        .kind = "layout",
                        .message = "Tiêu đề cột không khớp với cột số liệu",
                        .source = {.document = kCaoBangSeed, .section = "Phụ lục I"}}};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].rule, rules::kSourceDefect);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].plan, "288/KH-BCĐ");
  EXPECT_EQ(findings[0].org_unit, "");
  EXPECT_EQ(findings[0].measure, "layout");
  EXPECT_EQ(findings[0].source.section, "Phụ lục I");
  EXPECT_EQ(findings[0].message,
            "Văn bản nguồn có lỗi (layout): Tiêu đề cột không khớp với cột số liệu");
}

// ---- value_out_of_range -----------------------------------------------------

Target MenShare(std::string_view value) {
  Target target = Teams(kCaoBang, value);
  target.measure = {.kind = MeasureKind::kDataElement, .id = kMenShare, .code = "P8_NAM_PCT"};
  target.unit = TargetUnit::kPercent;
  target.rule = AllocationRule::kFree;
  return target;
}

TEST(ValueOutOfRange, ValuesWithinTheMeasuresLimitsRaiseNothing) {
  PlanBookData data = Base();
  data.targets = {MenShare("100"), FormalFinance("100", "I.2"), Teams(kCaoBang, "0"),
                  FormalFinance("150", "I.3")};
  data.targets[3].measure = {.kind = MeasureKind::kIndicator, .id = kRatio, .code = "P8_TY_SO"};
  EXPECT_THAT(Validate(data), IsEmpty()) << Describe(Validate(data));
}

TEST(ValueOutOfRange, ReportsAPercentageAboveOneHundred) {
  PlanBookData data = Base();
  data.targets = {MenShare("120")};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kValueOutOfRange);
  EXPECT_EQ(findings[0].measure, "P8_NAM_PCT");
  EXPECT_EQ(findings[0].expected, "100");
  EXPECT_EQ(findings[0].found, "120");
  EXPECT_EQ(findings[0].message,
            "Chỉ tiêu P8_NAM_PCT tại 04 Tỉnh Cao Bằng là 120%, vượt giá trị tối đa cho phép 100%");
}

TEST(ValueOutOfRange, ReportsAnIndicatorTargetAboveItsMaximum) {
  PlanBookData data = Base();
  data.targets = {FormalFinance("100.5", "I.2")};
  std::vector<Finding> findings = Validate(data, Lang::kEn);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].expected, "100");
  EXPECT_EQ(findings[0].found, "100.5");
  EXPECT_EQ(findings[0].message,
            "Target P8_TKV_FORMAL_PCT for 01 Thành phố Hà Nội is 100.5%, above the measure's "
            "maximum 100%");
}

TEST(ValueOutOfRange, ReportsANegativeValue) {
  PlanBookData data = Base();
  data.targets = {Teams(kCaoBang, "-3")};
  data.targets[0].agency_code = "CB-HLHPN";
  data.targets[0].level = IL::kProvince;
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kValueOutOfRange);
  EXPECT_EQ(findings[0].expected, "0");
  EXPECT_EQ(findings[0].found, "-3");
  EXPECT_EQ(findings[0].message,
            "Chỉ tiêu P8_TTCD_TO tại 04 Tỉnh Cao Bằng – CB-HLHPN có giá trị âm -3");
}

// ---- ordering, filtering, languages -----------------------------------------

PlanBookData EveryRuleBroken() {
  PlanBookData data = Base();
  data.targets = TeamsTable("27");
  data.targets.push_back(Teams(kPhucHoa, "-1"));
  data.targets.back().window = Dates("2025");
  data.targets.back().agency_code = "CB-XX";
  data.targets.push_back(Teams(kHaLang, "4", IL::kCommune));
  data.targets.back().period = Dates("2023");
  data.targets.push_back(FormalFinance("15", "I.2"));
  data.targets.push_back(FormalFinance("120", "II.2.1"));
  data.budget_lines = CaoBangBudget(3'449'000'260);
  for (const BudgetLine& line : PhongThoBudget(1)) data.budget_lines.push_back(line);
  data.budget_lines.push_back(TrustedAddressEquipment(30'000'001));
  data.budget_lines.push_back(TrustedAddressEquipment(1, "TT99"));
  data.budget_lines.back().key = "other";
  data.budget_lines.push_back(Budget(kCaoBangPlan, "huge", "", kCaoBang, BudgetKind::kSpent, 1));
  data.budget_lines.push_back(Budget(kCaoBangPlan, "huge-a", "huge", kCaoBang, BudgetKind::kSpent,
                                     std::numeric_limits<int64_t>::max()));
  data.budget_lines.push_back(
      Budget(kCaoBangPlan, "huge-b", "huge", kCaoBang, BudgetKind::kSpent, 1));
  data.place_counts = {Count(kCaoBang, "villages", 1), Count(kQuangHoa, "villages", 2)};
  data.source_notes = {{.plan = kCaoBangPlan, .kind = "typo", .message = "…"}};
  data.plans[0].issuer_agency_code = "TW-BDTTG";
  data.plans[0].assignments = {{.agency_code = "CB-HLHPN", .window = Dates("2023")}};
  return data;
}

TEST(ValidatePlans, SortsByPlanRuleOrgUnitAndMeasure) {
  std::vector<Finding> findings = Validate(EveryRuleBroken());
  ASSERT_FALSE(findings.empty());
  for (size_t i = 1; i < findings.size(); ++i) {
    const Finding& a = findings[i - 1];
    const Finding& b = findings[i];
    EXPECT_LE(std::tie(a.plan, a.rule, a.org_unit, a.measure),
              std::tie(b.plan, b.rule, b.org_unit, b.measure))
        << i;
  }
  std::set<std::string> rules_seen;
  for (const Finding& f : findings) rules_seen.insert(f.rule);
  EXPECT_THAT(
      rules_seen,
      ElementsAre(rules::kAgencyNotAtPlanDate, rules::kAllocationSum, rules::kBudgetAvailable,
                  rules::kBudgetParts, rules::kConflictingTarget, rules::kPlaceCountSum,
                  rules::kSourceDefect, rules::kSpendingOverNorm, rules::kUnitNotAtPlanDate,
                  rules::kValueOutOfRange, rules::kWindowOutsidePlan));
}

TEST(ValidatePlans, OnlyPlanKeepsThatPlansFindings) {
  std::vector<Finding> findings = Validate(EveryRuleBroken(), Lang::kVi, kHaNoiPlan);
  ASSERT_FALSE(findings.empty());
  for (const Finding& f : findings) EXPECT_EQ(f.plan, "257/KH-UBND") << f.message;
  EXPECT_THAT(Validate(EveryRuleBroken(), Lang::kVi, 99), IsEmpty());
}

TEST(ValidatePlans, EveryMessageIsFormattedInBothLanguages) {
  for (Lang lang : {Lang::kVi, Lang::kEn}) {
    for (const Finding& f : Validate(EveryRuleBroken(), lang)) {
      EXPECT_FALSE(f.message.empty()) << f.rule;
      EXPECT_EQ(f.message.find('{'), std::string::npos) << f.message;
    }
  }
}

TEST(ValidatePlans, PlanWithoutNumberIsNamedByItsCode) {
  PlanBookData data = Base();
  data.plans[0].number.clear();
  data.source_notes = {{.plan = kCaoBangPlan, .kind = "missing", .message = "Không có số"}};
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].plan, "CB-288-2024");
}

TEST(ValidatePlans, PlanWithoutDateIsReadAtTheStartOfItsPeriod) {
  PlanBookData data = Base();
  data.plans[0].date.reset();  // the Kon Tum draft has no date
  data.plans[0].issuer_unit = kNewCommune;
  std::vector<Finding> findings = Validate(data);
  ASSERT_THAT(findings, SizeIs(1)) << Describe(findings);
  EXPECT_EQ(findings[0].rule, rules::kUnitNotAtPlanDate);
  EXPECT_EQ(findings[0].expected, "2024-01-01");
}

TEST(ValidatePlans, PlanWithoutDateOrPeriodSkipsTheDatedRules) {
  PlanBookData data = Base();
  data.plans[0].date.reset();
  data.plans[0].period = DateSet();  // rejected on import; must not crash here
  data.targets = TeamsTable("27");
  data.targets.push_back(Teams(kPhucHoa, "-1"));
  data.source_notes = {{.plan = kCaoBangPlan, .kind = "date", .message = "Không có ngày"}};
  std::set<std::string> rules_seen;
  for (const Finding& f : Validate(data)) rules_seen.insert(f.rule);
  EXPECT_THAT(rules_seen, ElementsAre(rules::kSourceDefect, rules::kValueOutOfRange));
}

TEST(Severity, HasStableNames) {
  EXPECT_STREQ(SeverityName(Severity::kError), "error");
  EXPECT_STREQ(SeverityName(Severity::kWarning), "warning");
}

}  // namespace
}  // namespace gemis
