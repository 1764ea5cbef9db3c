// Findings about a model against the programme's spending norms: what an
// officer should look at, not errors — a model over a norm is still recorded
// as it happened (as the safe-birth register's PAYMENT_OVER_NORM).
//
// EQUIPMENT_OVER_NORM: a trusted address (ĐCTC) supported with equipment
// worth more than 15,000,000 đ in all (Circular 55/2023/TT-BTC: "không quá
// 15.000.000đ/mô hình"). Each day's equipment_support statement is the
// support given that day (the day's later statement corrects it), and the
// total is their sum, so support split into instalments is counted whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "records/model.h"

namespace gemis::records {

// đồng per trusted address, Circular 55/2023/TT-BTC.
inline constexpr int64_t kTrustedAddressEquipmentNorm = 15'000'000;

struct ModelFinding {
  std::string code;     // "EQUIPMENT_OVER_NORM"
  std::string message;  // English, for logs and the command line
  bool operator==(const ModelFinding&) const = default;
};

// The equipment support a trusted address received in all (0 for the other
// kinds).
int64_t EquipmentSupportTotal(const Model& m);

std::vector<ModelFinding> ModelFindings(const Model& m);

}  // namespace gemis::records
