#include "records/safe_birth.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/category.h"
#include "core/uid.h"
#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, kSafeBirthPackageCount> kPackageNames = {"travel", "supplies",
                                                                           "meals", "nutrition"};
constexpr std::array<const char*, 3> kOutcomeNames = {"passed", "failed", "unknown"};

// Thông tư 15/2022/TT-BTC, Article 38 (đồng).
constexpr int64_t kTravelPerPerson = 100'000;
constexpr int64_t kSupplies = 500'000;
constexpr int64_t kMealsPerPersonDay = 50'000;
constexpr int64_t kNutrition = 1'200'000;
constexpr int kMealDays = 3;
constexpr int kMealDaysCaesarean = 5;

bool NeedsPeople(SafeBirthPackage p) {
  return p == SafeBirthPackage::kTravel || p == SafeBirthPackage::kMeals;
}

// Whole years from `born` to `on`.
int AgeOn(Date born, Date on) {
  int age = on.year() - born.year();
  if (on.month() < born.month() || (on.month() == born.month() && on.day() < born.day())) --age;
  return age;
}

std::string UnitName(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* u = h.Find(id);
  if (u == nullptr) return "#" + std::to_string(id);
  const OrgUnitVersion* v = u->VersionAt(d);
  return v ? v->FullName() : u->last().FullName();
}

RuleResult Rule(const char* rule, RuleOutcome o, std::string vi, std::string en) {
  return RuleResult{rule, o, std::move(vi), std::move(en)};
}

RuleResult EthnicRule(const SafeBirth& b) {
  if (b.ethnicity.empty()) {
    return Rule("ethnic_minority", RuleOutcome::kUnknown, "Chưa ghi dân tộc của người mẹ",
                "the mother's ethnic group is not recorded");
  }
  if (b.ethnicity == "ETHNIC_01") {
    return Rule("ethnic_minority", RuleOutcome::kFailed, "Người mẹ là người Kinh",
                "the mother is Kinh, not of an ethnic minority");
  }
  return Rule("ethnic_minority", RuleOutcome::kPassed,
              "Người mẹ là người dân tộc thiểu số (" + b.ethnicity + ")",
              "the mother is of an ethnic minority (" + b.ethnicity + ")");
}

RuleResult AgeRule(const SafeBirth& b) {
  std::optional<int> known = AgeAtBirth(b);
  if (!known) {
    return Rule("age_18", RuleOutcome::kUnknown, "Chưa ghi ngày sinh hoặc tuổi của người mẹ",
                "the mother's date of birth or age is not recorded");
  }
  const int age = *known;
  const std::string years = std::to_string(age);
  if (age < 18) {
    return Rule("age_18", RuleOutcome::kFailed, "Chưa đủ 18 tuổi khi sinh (" + years + " tuổi)",
                "under 18 at the birth (" + years + ")");
  }
  return Rule("age_18", RuleOutcome::kPassed, "Đủ 18 tuổi khi sinh (" + years + " tuổi)",
              "aged 18 or more at the birth (" + years + ")");
}

RuleResult ResidenceRule(const SafeBirth& b, const Hierarchy& h, const DesignationSet& ds) {
  const Date d = b.birth_date;
  if (b.village != 0) {
    if (const Designation* on = ds.Find(kDbkkVillage, b.village, d)) {
      return Rule(
          "dbkk_residence", RuleOutcome::kPassed,
          "Thôn đặc biệt khó khăn: " + UnitName(h, b.village, d) + " (" + on->legal_basis + ")",
          "an extremely difficult village: " + UnitName(h, b.village, d) + " (" + on->legal_basis +
              ")");
    }
  }
  if (const Designation* on = ds.Find(kRegionIiiCommune, b.commune, d)) {
    return Rule(
        "dbkk_residence", RuleOutcome::kPassed,
        "Xã khu vực III: " + UnitName(h, b.commune, d) + " (" + on->legal_basis + ")",
        "a region-III commune: " + UnitName(h, b.commune, d) + " (" + on->legal_basis + ")");
  }
  // A commune formed by a merge: one of the communes merged into it may
  // have been on the list, and then the village decides.
  if (b.village == 0) {
    for (const LineageLink* link : h.LinksTo(b.commune)) {
      const OrgUnitEvent* event = h.FindEvent(link->event);
      if (event == nullptr || d < event->effective) continue;
      const Date last = Date::FromDays(event->effective.days() - 1);
      if (ds.Find(kRegionIiiCommune, link->predecessor, last) != nullptr) {
        const std::string was = UnitName(h, link->predecessor, last);
        return Rule(
            "dbkk_residence", RuleOutcome::kUnknown,
            "Xã được hợp nhất từ " + was + " (xã khu vực III); cần ghi thôn nơi người mẹ cư trú",
            "the commune was formed partly from " + was +
                " (region III); record the village she lives in");
      }
    }
  }
  const std::string where = UnitName(h, b.village != 0 ? b.village : b.commune, d);
  return Rule(
      "dbkk_residence", RuleOutcome::kFailed,
      "Không cư trú tại xã, thôn đặc biệt khó khăn vào ngày sinh (" + where + ")",
      "not living in an extremely difficult commune or village on the birth's day (" + where + ")");
}

RuleResult FlagRule(const char* rule, const std::optional<bool>& flag, const char* unknown_vi,
                    const char* unknown_en, std::string yes_vi, std::string yes_en,
                    const char* no_vi, const char* no_en) {
  if (!flag) return Rule(rule, RuleOutcome::kUnknown, unknown_vi, unknown_en);
  if (!*flag) return Rule(rule, RuleOutcome::kFailed, no_vi, no_en);
  return Rule(rule, RuleOutcome::kPassed, std::move(yes_vi), std::move(yes_en));
}

}  // namespace

const char* SafeBirthPackageName(SafeBirthPackage p) {
  return kPackageNames[static_cast<size_t>(p)];
}

Result<SafeBirthPackage> ParseSafeBirthPackage(std::string_view text) {
  return ParseName<SafeBirthPackage>(kPackageNames, text, "safe-birth package", "package");
}

const char* RuleOutcomeName(RuleOutcome o) { return kOutcomeNames[static_cast<size_t>(o)]; }

Status CheckSafeBirth(const SafeBirth& b) {
  if (!b.uid.empty() && !IsValidUid(b.uid)) {
    return Status::Invalid("uid is not a valid uid", {"", 0, 0, "uid"});
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(b.code, "code"));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.mother_name, "motherName", !b.identity_sealed, 200));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.facility, "facility", false, 200));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.note, "note", false, 500));
  if (b.commune <= 0) return Status::Invalid("where she lives is required", {"", 0, 0, "commune"});
  if (b.village < 0) return Status::Invalid("not a village", {"", 0, 0, "village"});
  if (b.mother_birth_date && *b.mother_birth_date >= b.birth_date) {
    return Status::Invalid("the mother's date of birth is not before the birth",
                           {"", 0, 0, "motherBirthDate"});
  }
  if (b.mother_age && (*b.mother_age < 10 || *b.mother_age > 60)) {
    return Status::Invalid("an age at the birth is 10 to 60", {"", 0, 0, "motherAge"});
  }
  if (b.mother_age && b.mother_birth_date &&
      *b.mother_age != AgeOn(*b.mother_birth_date, b.birth_date)) {
    return Status::Invalid("the age does not agree with the date of birth (" +
                               std::to_string(AgeOn(*b.mother_birth_date, b.birth_date)) + ")",
                           {"", 0, 0, "motherAge"});
  }
  if (b.mother_birth_date) {
    const int age = AgeOn(*b.mother_birth_date, b.birth_date);
    if (age < 10 || age > 60) {
      return Status::Invalid(
          "a mother aged " + std::to_string(age) + " at the birth: check the date of birth",
          {"", 0, 0, "motherBirthDate"});
    }
  }
  if (!b.ethnicity.empty() && !IsEthnicityCode(b.ethnicity)) {
    return Status::Invalid(
        "ethnicity '" + Utf8Prefix(b.ethnicity, 20) + "' is not ETHNIC_01 … ETHNIC_54 or MINORITY",
        {"", 0, 0, "ethnicity"});
  }
  const Date earliest = b.birth_date.AddMonths(-9);
  std::set<SafeBirthPackage> paid;
  for (size_t i = 0; i < b.payments.size(); ++i) {
    const SafeBirthPayment& p = b.payments[i];
    const std::string at = "payments[" + std::to_string(i) + "]";
    if (p.amount <= 0 || p.amount > 1'000'000'000) {
      return Status::Invalid("an amount is 1 to 1,000,000,000 đồng", {"", 0, 0, at + ".amount"});
    }
    if (NeedsPeople(p.package) ? (p.people < 1 || p.people > 2) : p.people != 0) {
      return Status::Invalid(NeedsPeople(p.package)
                                 ? "travel and meals are for 1 or 2 people (the mother, a carer)"
                                 : "only travel and meals count people",
                             {"", 0, 0, at + ".people"});
    }
    const bool meals = p.package == SafeBirthPackage::kMeals;
    if (meals ? (p.days < 1 || p.days > kMealDaysCaesarean) : p.days != 0) {
      return Status::Invalid(meals ? "meals are paid for 1 to 5 days" : "only meals count days",
                             {"", 0, 0, at + ".days"});
    }
    GEMIS_RETURN_IF_ERROR(CheckRecordText(p.voucher, at + ".voucher", false, 100));
    if (p.day < earliest) {
      return Status::Invalid(
          "paid on " + p.day.ToString() + ", more than 9 months before the birth",
          {"", 0, 0, at + ".day"});
    }
    if (!paid.insert(p.package).second) {
      return Status::Invalid(
          std::string("the ") + SafeBirthPackageName(p.package) + " package is paid once per birth",
          {"", 0, 0, at + ".package"});
    }
  }
  return Status::Ok();
}

std::optional<int> AgeAtBirth(const SafeBirth& b) {
  if (b.mother_birth_date) return AgeOn(*b.mother_birth_date, b.birth_date);
  return b.mother_age;
}

Eligibility EvaluateEligibility(const SafeBirth& b, const Hierarchy& hierarchy,
                                const DesignationSet& designations) {
  Eligibility e;
  e.rules.push_back(EthnicRule(b));
  e.rules.push_back(AgeRule(b));
  e.rules.push_back(ResidenceRule(b, hierarchy, designations));
  e.rules.push_back(FlagRule("population_policy", b.within_population_policy,
                             "Chưa ghi xác nhận sinh con đúng chính sách dân số",
                             "whether the birth is within the population policy is not recorded",
                             "Sinh con đúng chính sách dân số (xã xác nhận)",
                             "within the population policy (certified by the commune)",
                             "Sinh con không đúng chính sách dân số",
                             "not within the population policy"));
  e.rules.push_back(
      FlagRule("health_facility", b.at_health_facility, "Chưa ghi nơi sinh",
               "where she gave birth is not recorded",
               "Sinh con tại cơ sở y tế" + (b.facility.empty() ? std::string() : ": " + b.facility),
               "at a health facility" + (b.facility.empty() ? std::string() : ": " + b.facility),
               "Sinh con tại nhà (không tại cơ sở y tế)", "not at a health facility"));
  e.eligible = true;
  for (const RuleResult& r : e.rules) e.eligible = e.eligible && r.outcome == RuleOutcome::kPassed;
  return e;
}

int64_t NormOf(const SafeBirthPayment& p, bool caesarean) {
  switch (p.package) {
    case SafeBirthPackage::kTravel: return kTravelPerPerson * std::min(p.people, 2);
    case SafeBirthPackage::kSupplies: return kSupplies;
    case SafeBirthPackage::kMeals:
      return kMealsPerPersonDay * std::min(p.people, 2) *
             std::min(p.days, caesarean ? kMealDaysCaesarean : kMealDays);
    case SafeBirthPackage::kNutrition: return kNutrition;
  }
  return 0;
}

std::vector<SafeBirthFinding> SafeBirthFindings(const SafeBirth& b, const Eligibility& e) {
  std::vector<SafeBirthFinding> out;
  for (const SafeBirthPayment& p : b.payments) {
    const int64_t norm = NormOf(p, b.caesarean);
    if (p.amount > norm) {
      out.push_back({"PAYMENT_OVER_NORM", std::string(SafeBirthPackageName(p.package)) + " paid " +
                                              std::to_string(p.amount) + " đ, over the norm of " +
                                              std::to_string(norm) +
                                              " đ (Thông tư 15/2022/TT-BTC, Article 38)"});
    }
    if (p.package == SafeBirthPackage::kNutrition && p.day > b.birth_date.AddMonths(6)) {
      out.push_back({"NUTRITION_LATE", "nutrition paid on " + p.day.ToString() +
                                           ", after the first six months (birth " +
                                           b.birth_date.ToString() + ")"});
    }
  }
  if (!b.payments.empty() && !e.eligible) {
    std::string why;
    for (const RuleResult& r : e.rules) {
      if (r.outcome != RuleOutcome::kPassed) {
        why += (why.empty() ? "" : "; ") + r.rule + " " + RuleOutcomeName(r.outcome);
      }
    }
    out.push_back({"PAID_NOT_ELIGIBLE", "paid, but not eligible: " + why});
  }
  return out;
}

}  // namespace gemis::records
