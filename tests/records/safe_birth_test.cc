#include "records/safe_birth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "records/register_figures.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }
Period P(const char* id) { return *Period::Parse(id); }

// Minh Bảo was a region-III commune until it was split on 1/7/2025; its
// village Minh Tiến is an ĐBKK village throughout.
DesignationSet Lists() {
  Designation minh_bao;
  minh_bao.kind = std::string(kRegionIiiCommune);
  minh_bao.org_unit = lc::kMinhBao;
  minh_bao.legal_basis = "Quyết định 861/QĐ-TTg";
  Designation minh_tien;
  minh_tien.kind = std::string(kDbkkVillage);
  minh_tien.org_unit = lc::kVillageMinhTien;
  minh_tien.legal_basis = "Quyết định 612/QĐ-UBDT";
  return DesignationSet({minh_bao, minh_tien});
}

SafeBirth Eligible() {
  SafeBirth b;
  b.code = "SB-0001";
  b.mother_name = "Lò Thị Mai";
  b.mother_birth_date = D(2000, 5, 20);
  b.ethnicity = "ETHNIC_09";
  b.commune = lc::kMinhBao;
  b.birth_date = D(2024, 8, 2);
  b.at_health_facility = true;
  b.facility = "Trạm Y tế xã Minh Bảo";
  b.within_population_policy = true;
  return b;
}

SafeBirthPayment Pay(SafeBirthPackage p, int64_t amount, int people = 0, int days = 0) {
  return SafeBirthPayment{p, D(2024, 8, 5), amount, people, days, ""};
}

class SafeBirthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Hierarchy> h = fixtures::LaoCaiHistory().Build();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    hierarchy_ = std::move(h).value();
  }
  RuleResult RuleOf(const SafeBirth& b, const std::string& rule) {
    for (const RuleResult& r : EvaluateEligibility(b, hierarchy_, lists_).rules) {
      if (r.rule == rule) return r;
    }
    ADD_FAILURE() << "no rule " << rule;
    return {};
  }
  Hierarchy hierarchy_;
  DesignationSet lists_ = Lists();
};

TEST_F(SafeBirthTest, AnEligibleBirthPassesEveryRuleWithItsReason) {
  Eligibility e = EvaluateEligibility(Eligible(), hierarchy_, lists_);
  EXPECT_TRUE(e.eligible);
  ASSERT_EQ(e.rules.size(), 5u);
  for (const RuleResult& r : e.rules) EXPECT_EQ(r.outcome, RuleOutcome::kPassed) << r.rule;
  EXPECT_EQ(e.rules[1].reason_vi, "Đủ 18 tuổi khi sinh (24 tuổi)");
  EXPECT_THAT(e.rules[2].reason_vi, HasSubstr("Xã khu vực III: "));
  EXPECT_THAT(e.rules[2].reason_en, HasSubstr("861/QĐ-TTg"));
  EXPECT_THAT(e.rules[4].reason_vi, HasSubstr("Trạm Y tế xã Minh Bảo"));
}

TEST_F(SafeBirthTest, EachRuleFailsOnItsOwn) {
  SafeBirth b = Eligible();
  b.ethnicity = "ETHNIC_01";
  EXPECT_EQ(RuleOf(b, "ethnic_minority").outcome, RuleOutcome::kFailed);
  EXPECT_FALSE(EvaluateEligibility(b, hierarchy_, lists_).eligible);

  b = Eligible();
  b.mother_birth_date = D(2006, 8, 3);  // 18 the day after the birth
  RuleResult age = RuleOf(b, "age_18");
  EXPECT_EQ(age.outcome, RuleOutcome::kFailed);
  EXPECT_EQ(age.reason_en, "under 18 at the birth (17)");
  b.mother_birth_date = D(2006, 8, 2);  // 18 on the day: eligible
  EXPECT_EQ(RuleOf(b, "age_18").outcome, RuleOutcome::kPassed);
  b.mother_birth_date.reset();  // only the age the commune wrote
  b.mother_age = 17;
  EXPECT_EQ(RuleOf(b, "age_18").outcome, RuleOutcome::kFailed);
  b.mother_age = 19;
  EXPECT_EQ(RuleOf(b, "age_18").outcome, RuleOutcome::kPassed);

  b = Eligible();
  b.commune = lc::kKimTan;  // not on a list
  EXPECT_EQ(RuleOf(b, "dbkk_residence").outcome, RuleOutcome::kFailed);

  b = Eligible();
  b.within_population_policy = false;
  EXPECT_EQ(RuleOf(b, "population_policy").outcome, RuleOutcome::kFailed);

  b = Eligible();
  b.at_health_facility = false;
  RuleResult home = RuleOf(b, "health_facility");
  EXPECT_EQ(home.outcome, RuleOutcome::kFailed);
  EXPECT_EQ(home.reason_vi, "Sinh con tại nhà (không tại cơ sở y tế)");
}

TEST_F(SafeBirthTest, WhatIsNotRecordedIsUnknownAndNotEligible) {
  SafeBirth b = Eligible();
  b.ethnicity = "";
  b.mother_birth_date.reset();
  b.at_health_facility.reset();
  b.within_population_policy.reset();
  Eligibility e = EvaluateEligibility(b, hierarchy_, lists_);
  EXPECT_FALSE(e.eligible);
  EXPECT_EQ(e.rules[0].outcome, RuleOutcome::kUnknown);
  EXPECT_EQ(e.rules[1].outcome, RuleOutcome::kUnknown);
  EXPECT_EQ(e.rules[3].outcome, RuleOutcome::kUnknown);
  EXPECT_EQ(e.rules[4].outcome, RuleOutcome::kUnknown);
  EXPECT_EQ(e.rules[2].outcome, RuleOutcome::kPassed);
}

// After the split of 1/7/2025 the commune is Văn Phú, which no list names:
// part of it was Minh Bảo (region III), so the village decides.
TEST_F(SafeBirthTest, ResidenceAfterAMergeDependsOnTheVillageAndTheDay) {
  SafeBirth b = Eligible();
  b.commune = lc::kVanPhu;
  b.birth_date = D(2025, 9, 1);
  RuleResult r = RuleOf(b, "dbkk_residence");
  EXPECT_EQ(r.outcome, RuleOutcome::kUnknown);
  EXPECT_THAT(r.reason_vi, HasSubstr("cần ghi thôn"));
  b.village = lc::kVillageMinhTien;
  r = RuleOf(b, "dbkk_residence");
  EXPECT_EQ(r.outcome, RuleOutcome::kPassed);
  EXPECT_THAT(r.reason_vi, HasSubstr("Thôn đặc biệt khó khăn: "));
  // The same village's designation ended before the birth: failed.
  std::vector<Designation> ended = lists_.all();
  for (Designation& d : ended) d.to = D(2025, 6, 30);
  DesignationSet old_lists(ended);
  Eligibility e = EvaluateEligibility(b, hierarchy_, old_lists);
  EXPECT_EQ(e.rules[2].outcome, RuleOutcome::kFailed);
}

TEST_F(SafeBirthTest, PaymentsAreCheckedFieldByField) {
  SafeBirth b = Eligible();
  b.payments = {
      Pay(SafeBirthPackage::kTravel, 200'000, 2), Pay(SafeBirthPackage::kSupplies, 500'000),
      Pay(SafeBirthPackage::kMeals, 300'000, 2, 3), Pay(SafeBirthPackage::kNutrition, 1'200'000)};
  EXPECT_TRUE(CheckSafeBirth(b).ok()) << CheckSafeBirth(b).ToString();
  auto field = [&](auto change) {
    SafeBirth c = b;
    change(c);
    return CheckSafeBirth(c).where().field;
  };
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[0].people = 3; }), "payments[0].people");
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[1].people = 1; }), "payments[1].people");
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[2].days = 6; }), "payments[2].days");
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[3].days = 1; }), "payments[3].days");
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[1].amount = 0; }), "payments[1].amount");
  EXPECT_EQ(field([](SafeBirth& c) {
              c.payments[1].package = SafeBirthPackage::kTravel;
              c.payments[1].people = 1;
            }),
            "payments[1].package");  // travel twice
  EXPECT_EQ(field([](SafeBirth& c) { c.payments[0].day = D(2023, 10, 1); }), "payments[0].day");
  EXPECT_EQ(field([](SafeBirth& c) { c.mother_birth_date = D(2024, 9, 1); }), "motherBirthDate");
  EXPECT_EQ(field([](SafeBirth& c) { c.commune = 0; }), "commune");
  EXPECT_EQ(field([](SafeBirth& c) { c.mother_name = ""; }), "motherName");
  EXPECT_EQ(field([](SafeBirth& c) { c.mother_age = 25; }), "motherAge");  // DOB says 24
  EXPECT_EQ(field([](SafeBirth& c) { c.mother_birth_date = D(1950, 1, 1); }), "motherBirthDate");
  EXPECT_EQ(field([](SafeBirth& c) {
              c.mother_birth_date.reset();
              c.mother_age = 9;
            }),
            "motherAge");
  SafeBirth sealed = b;  // loaded without the key: no name, still valid
  sealed.identity_sealed = true;
  sealed.mother_name = "";
  EXPECT_TRUE(CheckSafeBirth(sealed).ok());
  EXPECT_EQ(field([](SafeBirth& c) { c.ethnicity = "KINH"; }), "ethnicity");
  EXPECT_EQ(*ParseSafeBirthPackage("nutrition"), SafeBirthPackage::kNutrition);
  EXPECT_EQ(ParseSafeBirthPackage("food").status().where().field, "package");
}

TEST_F(SafeBirthTest, NormsOfThongTu15AndTheFindings) {
  EXPECT_EQ(NormOf(Pay(SafeBirthPackage::kTravel, 1, 2), false), 200'000);
  EXPECT_EQ(NormOf(Pay(SafeBirthPackage::kSupplies, 1), false), 500'000);
  EXPECT_EQ(NormOf(Pay(SafeBirthPackage::kMeals, 1, 2, 5), false), 300'000);  // 3 days
  EXPECT_EQ(NormOf(Pay(SafeBirthPackage::kMeals, 1, 2, 5), true), 500'000);   // caesarean: 5
  EXPECT_EQ(NormOf(Pay(SafeBirthPackage::kNutrition, 1), false), 1'200'000);

  SafeBirth b = Eligible();
  b.payments = {Pay(SafeBirthPackage::kMeals, 500'000, 2, 5)};
  Eligibility e = EvaluateEligibility(b, hierarchy_, lists_);
  std::vector<SafeBirthFinding> f = SafeBirthFindings(b, e);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "PAYMENT_OVER_NORM");
  b.caesarean = true;
  EXPECT_TRUE(SafeBirthFindings(b, e).empty());

  b.payments = {Pay(SafeBirthPackage::kNutrition, 1'200'000)};
  b.payments[0].day = D(2025, 3, 1);  // seven months after
  b.at_health_facility = false;
  e = EvaluateEligibility(b, hierarchy_, lists_);
  f = SafeBirthFindings(b, e);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].code, "NUTRITION_LATE");
  EXPECT_EQ(f[1].code, "PAID_NOT_ELIGIBLE");
  EXPECT_THAT(f[1].message, HasSubstr("health_facility failed"));
}

// Coverage: births, eligible births, eligible births supported, and money
// paid in the period.
TEST_F(SafeBirthTest, FiguresCountBirthsEligibilitySupportAndMoney) {
  SafeBirth paid = Eligible();
  paid.id = 1;
  paid.payments = {Pay(SafeBirthPackage::kTravel, 200'000, 2),
                   Pay(SafeBirthPackage::kNutrition, 1'200'000)};
  paid.payments[1].day = D(2025, 1, 10);  // paid the next year
  SafeBirth unpaid = Eligible();
  unpaid.id = 2;
  SafeBirth home = Eligible();
  home.id = 3;
  home.at_health_facility = false;
  std::vector<EvaluatedBirth> births = {{&paid, true}, {&unpaid, true}, {&home, false}};
  auto rule = [](const char* measure, std::vector<std::string> packages = {}) {
    RegisterFigureRule r;
    r.data_element = "X";
    r.register_kind = RegisterKind::kSafeBirth;
    r.measure = measure;
    r.filter = std::move(packages);
    EXPECT_TRUE(CheckRegisterFigureRule(r).ok()) << CheckRegisterFigureRule(r).ToString();
    return r;
  };
  Figures f = ComputeSafeBirthFigures(
      {rule("births"), rule("eligible"), rule("supported"), rule("supported", {"supplies"}),
       rule("amount"), rule("amount", {"travel"})},
      births, hierarchy_, {P("2024"), P("2025")});
  auto value = [&](size_t r, const char* period) -> std::optional<int64_t> {
    for (const FigureCell& c : f.cells) {
      if (c.rule == r && c.period == P(period)) return c.value;
    }
    return std::nullopt;
  };
  EXPECT_EQ(value(0, "2024"), 3);
  EXPECT_EQ(value(1, "2024"), 2);
  EXPECT_EQ(value(2, "2024"), 1);  // 1 of 2 eligible: 50% coverage
  EXPECT_EQ(value(3, "2024"), 0);  // nobody was paid supplies: a zero
  EXPECT_EQ(value(4, "2024"), 200'000);
  EXPECT_EQ(value(4, "2025"), 1'200'000);
  EXPECT_EQ(value(5, "2025"), std::nullopt);  // no travel paid in 2025
  EXPECT_EQ(value(0, "2025"), std::nullopt);  // no births in 2025
  for (const FigureCell& c : f.cells) {
    if (c.rule == 2 && c.period == P("2024")) {
      EXPECT_THAT(c.models, ElementsAre(1));
    }
  }
  RegisterFigureRule split = rule("births");
  split.by = FigureBy::kImplementingLevel;
  EXPECT_EQ(CheckRegisterFigureRule(split).where().field, "by");
  RegisterFigureRule bad = rule("births");
  bad.filter = {"food"};
  EXPECT_EQ(CheckRegisterFigureRule(bad).where().field, "packages[0]");
  bad.filter = {};
  bad.measure = "trained";
  EXPECT_EQ(CheckRegisterFigureRule(bad).where().field, "measure");
}

}  // namespace
}  // namespace gemis::records
