// Figures from registers of people (docs/program.md, "Figures from
// registers"): the counterpart of records/figures.h for the women cadres
// register and the safe-birth register. A
// RegisterFigureRule names its register, what it counts there (a measure of
// that register), which of the register's groups it counts (a filter), and
// whether the cells are split by implementing level.
//
// Women cadres (records/cadre.h), measures:
//   in_group           the cadres in the target group on the period's last day;
//   trained            of those, the ones trained on or before that day (the
//                      numerator of "100% trained", a stock like in_group);
//   trained_in_period  the cadres in the group on some day of the period who
//                      attended a training that started in it, each once (a
//                      flow, for elements summed over periods).
// The filter is a set of CadreGroup names; empty: every group.
//
// Safe births (records/safe_birth.h), measures:
//   births     the births whose day is in the period;
//   eligible   of those, the ones that passed every eligibility rule;
//   supported  of the eligible ones, those paid at least one package of the
//              filter (so far) — the numerator of the 80% coverage target;
//   amount     the đồng paid in the period (by payment day) for the
//              filter's packages, to any birth.
// The filter is a set of SafeBirthPackage names; empty: every package.
// Safe-birth rules are not split (by none): a birth counts at the commune
// where the mother lives.
//
// Confidential cases (records/case.h), measures:
//   cases      the cases opened in the period;
//   served     the cases given a service by their address in the period;
//   referred   the cases referred to another organisation in the period.
// The filter is a set of CaseKind names; empty: both kinds. Case rules are
// not split (by none). Only cases whose survivor's latest word on reporting
// gives consent count (records/case.h (1)); and the cells are suppressed and
// rolled up (rule 3).
//
// Rules:
//  (1) A person counts whole at one unit: her own unit when it exists on the
//      period's last day, else where the hierarchy placed it (CountingUnit).
//  (2) A cell is produced when positive and, for rules without a
//      disaggregation, as 0 where the unit has someone of the filtered
//      groups in the register during the period (the unit keeps the
//      register; its zero is a figure). Not for cases: a zero would tell
//      where a trusted address keeps cases.
//  (3) Cases: no cell under 5 (kCaseCellMinimum). Cells are taken from the
//      deepest unit up: a cell under 5 is removed and its cases added to
//      the parent's own cell (the parent on the period's last day), which
//      is judged in turn; what is still under 5 at the top is not published
//      (Figures::suppressed counts those cases). Totals at the
//      top are exact; a lower unit's total may miss cases counted above it.
// Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/period.h"
#include "core/period_type.h"
#include "records/cadre.h"
#include "records/case.h"
#include "records/figures.h"
#include "records/safe_birth.h"

namespace gemis::records {

enum class RegisterKind { kWomenCadres, kSafeBirth, kCases };
// "women_cadres", "safe_birth", "cases".
const char* RegisterKindName(RegisterKind kind);
Result<RegisterKind> ParseRegisterKind(std::string_view text);
// What a register's filter names: "groups" (women cadres), "packages" (safe
// births), "kinds" (cases); the member of the rule in JSON.
const char* RegisterFilterName(RegisterKind kind);

struct RegisterFigureRule {
  int64_t id = 0;            // set by the store
  std::string data_element;  // the code of the element the figure is published as
  RegisterKind register_kind = RegisterKind::kWomenCadres;
  std::string measure;              // one of the register's measures (above)
  std::vector<std::string> filter;  // the register's group or package names, ascending, no repeats
  FigureBy by = FigureBy::kNone;    // kNone or kImplementingLevel
  PeriodType period_type = PeriodType::kYearly;
  std::string note;
};

// The rule's shape: a data element code, a measure of the register, a
// filter of its group (package) names (sorted, no repeats), `by` none or
// (women cadres) implementing_level, a period type that is not multi-year.
// Errors name the field ("measure", "groups[1]", "packages[0]", "by",
// "periodType").
Status CheckRegisterFigureRule(const RegisterFigureRule& rule);

// The cells of the women-cadre rules of `rules` (others are skipped) over
// `cadres` for each period of `periods` whose type is the rule's.
// `attended` holds, per cadre id, the first days of the gemis trainings she
// attended (cadres missing from it attended none). FigureCell::models holds
// cadre ids; FigureCell::rule indexes `rules`.
Figures ComputeCadreFigures(const std::vector<RegisterFigureRule>& rules,
                            const std::vector<Cadre>& cadres,
                            const std::map<CadreId, std::vector<Date>>& attended,
                            const Hierarchy& hierarchy, const std::vector<Period>& periods);

// A safe birth with its eligibility (EvaluateEligibility on the hierarchy
// and designations of the publication).
struct EvaluatedBirth {
  const SafeBirth* birth = nullptr;
  bool eligible = false;
};

// The cells of the safe-birth rules of `rules` (others are skipped) over
// `births`. FigureCell::models holds birth ids.
Figures ComputeSafeBirthFigures(const std::vector<RegisterFigureRule>& rules,
                                const std::vector<EvaluatedBirth>& births,
                                const Hierarchy& hierarchy, const std::vector<Period>& periods);

// The smallest count of cases published in one cell (rule 3).
inline constexpr int64_t kCaseCellMinimum = 5;

// The cells of the case rules of `rules` (others are skipped) over `cases`,
// suppressed and rolled up (rule 3). FigureCell::models holds case ids.
Figures ComputeCaseFigures(const std::vector<RegisterFigureRule>& rules,
                           const std::vector<Case>& cases, const Hierarchy& hierarchy,
                           const std::vector<Period>& periods);

}  // namespace gemis::records
