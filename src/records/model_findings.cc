#include "records/model_findings.h"

#include <map>

#include "core/number_format.h"

namespace gemis::records {

int64_t EquipmentSupportTotal(const Model& m) {
  if (m.kind != ModelKind::kTrustedAddress) return 0;
  // The last statement of each day (facts are kept in statement order).
  std::map<Date, int64_t> by_day;
  for (const ModelFact& f : m.facts) {
    if (f.field != FactField::kEquipmentSupport) continue;
    try {
      by_day[f.date] = std::stoll(f.value);
    } catch (const std::exception&) {
      // Not canonical: CheckModel refuses such a model before it is stored.
    }
  }
  int64_t total = 0;
  for (const auto& [day, amount] : by_day) total += amount;
  return total;
}

std::vector<ModelFinding> ModelFindings(const Model& m) {
  std::vector<ModelFinding> out;
  const int64_t total = EquipmentSupportTotal(m);
  if (total > kTrustedAddressEquipmentNorm) {
    out.push_back({"EQUIPMENT_OVER_NORM", "equipment support " + FormatMoneyVi(total) +
                                              " in all, over the norm of " +
                                              FormatMoneyVi(kTrustedAddressEquipmentNorm) +
                                              " a trusted address (Circular 55/2023/TT-BTC)"});
  }
  return out;
}

}  // namespace gemis::records
