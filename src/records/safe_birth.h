// The safe-birth policy packages (04 gói chính sách hỗ trợ phụ nữ DTTS sinh
// đẻ an toàn; docs/program.md, "Safe birth"): the register of the births the
// packages support, the eligibility rules of the seeds evaluated one by one
// with their reasons, and the payments per package checked against the norms
// of Thông tư 15/2022/TT-BTC, Article 38.
//
// The four packages, with their norms:
//   travel    đi lại for the mother and one carer to give birth at a health
//             facility: 100,000 đ per person (at most 2 people);
//   supplies  gói vật tư chăm sóc khi sinh (diapers, pads, clothes, …):
//             500,000 đ per package;
//   meals     tiền ăn for the mother and her carer: 50,000 đ per person per
//             day, at most 3 days (5 after a caesarean), at most 2 people;
//   nutrition lương thực, dinh dưỡng for the breastfeeding mother in the
//             first six months, once: 1,200,000 đ.
//
// Eligibility (Cao Bằng 288/KH-BCĐ and Phong Thổ 117/KH-UBND, quoting the
// project's rule): an ethnic-minority woman, aged 18 or more, living in an
// extremely difficult (ĐBKK) commune or village, giving birth within the
// population policy, at a health facility. Each rule is passed, failed, or
// unknown (what it needs is not recorded); a birth is eligible only when
// every rule passed.
//
// Principles:
//  (1) Only what the purpose needs (Decree 13/2023/NĐ-CP; Law 91/2025/QH15):
//      the mother's name and date of birth identify her for the payment list;
//      her age at the birth (kept apart, in clear) is all the age rule and
//      the figures need. Her ethnic group and the birth are sensitive data.
//      The child is not recorded. The store encrypts the identifying fields
//      (name, date of birth) with a key kept outside the database; the API
//      shows them only to roles that pay or supervise the packages
//      (docs/confidentiality.md).
//  (2) The rules are evaluated on the day of the birth, against the
//      designations of that day (records/../core/designation.h) and the
//      hierarchy's history.
//  (3) Norms are checked, not enforced: a payment over its norm is stored
//      and flagged (a finding), as the auditor will ask about it.
// Pure value types and functions; ids are assigned by the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/designation.h"
#include "core/hierarchy.h"
#include "core/org_unit.h"
#include "core/status.h"

namespace gemis::records {

using BirthId = int64_t;

enum class SafeBirthPackage { kTravel, kSupplies, kMeals, kNutrition };
inline constexpr int kSafeBirthPackageCount = 4;
// "travel", "supplies", "meals", "nutrition".
const char* SafeBirthPackageName(SafeBirthPackage p);
Result<SafeBirthPackage> ParseSafeBirthPackage(std::string_view text);

// One payment of one package: when, how much, and what the norm reads
// (people for travel and meals, days for meals).
struct SafeBirthPayment {
  SafeBirthPackage package = SafeBirthPackage::kTravel;
  Date day;
  int64_t amount = 0;   // đồng, > 0
  int people = 0;       // travel, meals: 1 or 2 (the mother and one carer); else 0
  int days = 0;         // meals: 1 … 5; else 0
  std::string voucher;  // "PC-2024/117"; may be empty
  bool operator==(const SafeBirthPayment&) const = default;
};

// A birth supported (or considered) under the packages.
struct SafeBirth {
  BirthId id = 0;
  std::string uid;   // set by the store when empty
  std::string code;  // unique, chosen by the office; [A-Za-z0-9._-], 1–50
  // The mother (identifying: principle 1).
  std::string mother_name;                // NFC; required (unless sealed)
  std::optional<Date> mother_birth_date;  // nullopt: not recorded
  // Her age in whole years on the birth's day: computed from the date of
  // birth when that is recorded, else as the commune wrote it; nullopt: not
  // recorded (the age rule is unknown).
  std::optional<int> mother_age;
  // Loaded without the field key: mother_name and mother_birth_date are
  // empty because they could not be decrypted (everything else is there).
  bool identity_sealed = false;
  // The day her name and date of birth were erased (a request or the end of
  // retention, records/privacy.h); such a birth also loads sealed, and a
  // save that gives a name again clears it.
  std::optional<Date> identity_erased;
  std::string ethnicity;  // ETHNIC_01 … ETHNIC_54, MINORITY, or "" (unknown)
  OrgUnitId commune = 0;  // where she lives (a commune)
  OrgUnitId village = 0;  // and the village (thôn, bản) when recorded; 0: not recorded
  // The birth.
  Date birth_date;
  std::optional<bool> at_health_facility;        // nullopt: not recorded
  std::string facility;                          // "Trạm Y tế xã Mường So"
  bool caesarean = false;                        // the meals norm allows 5 days
  std::optional<bool> within_population_policy;  // as the commune certified it
  std::vector<SafeBirthPayment> payments;        // by day
  std::string note;
};

// Validity (errors name the field: "payments[1].days"): code, mother's name
// (≤ 200 bytes, required unless sealed) and note (≤ 500) in NFC, a commune,
// the mother born before the birth, an age of 10 to 60 that agrees with
// the date of birth when both are given, ethnicity of the accepted shapes,
// payments with a positive
// amount, people 1–2 exactly for travel and meals (else 0), days 1–5
// exactly for meals (else 0), voucher ≤ 100 bytes, each on or after the
// birth minus 9 months (travel may be paid on the way), and no package paid
// twice (each is once per birth).
Status CheckSafeBirth(const SafeBirth& b);

enum class RuleOutcome { kPassed, kFailed, kUnknown };
// "passed", "failed", "unknown".
const char* RuleOutcomeName(RuleOutcome o);

// One eligibility rule applied to one birth, with its reason in Vietnamese
// and English ("Đủ 18 tuổi khi sinh (24 tuổi)" / "aged 18 or more at the
// birth (24)").
struct RuleResult {
  std::string rule;  // "ethnic_minority", "age_18", "dbkk_residence",
                     // "population_policy", "health_facility"
  RuleOutcome outcome = RuleOutcome::kUnknown;
  std::string reason_vi;
  std::string reason_en;
};

struct Eligibility {
  bool eligible = false;          // every rule passed
  std::vector<RuleResult> rules;  // in the order above
};

// Her age at the birth: from the date of birth when recorded, else
// mother_age.
std::optional<int> AgeAtBirth(const SafeBirth& b);

// The rules on the day of the birth (principle 2). The residence rule passes
// when the village is an ĐBKK village (kDbkkVillage) or the commune a
// region-III commune (kRegionIiiCommune) that day; when neither is, but a
// commune merged into the birth's commune was on the list on its last day,
// the rule is unknown (the village decides; record it).
Eligibility EvaluateEligibility(const SafeBirth& b, const Hierarchy& hierarchy,
                                const DesignationSet& designations);

// The most the norms allow for `p` (principle 3).
int64_t NormOf(const SafeBirthPayment& p, bool caesarean);

// Policy findings: a payment over its norm, a package paid to a birth that
// is not eligible (or whose eligibility is unknown), nutrition paid more
// than six months after the birth.
struct SafeBirthFinding {
  std::string code;  // "PAYMENT_OVER_NORM", "PAID_NOT_ELIGIBLE", "NUTRITION_LATE"
  std::string message;
};
std::vector<SafeBirthFinding> SafeBirthFindings(const SafeBirth& b, const Eligibility& e);

}  // namespace gemis::records
