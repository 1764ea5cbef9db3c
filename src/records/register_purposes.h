// What each register of personal data is for: its purpose, its legal basis,
// what it keeps and what it deliberately does not, the sensitive data in it
// and who sees the people in it — the description a controller keeps for
// its processing (Decree 13/2023/NĐ-CP, Article 24: the impact assessment
// file; Law 91/2025/QH15). One source for `gemis privacy registers`,
// GET /api/privacy/registers and docs/confidentiality.md ("Registers,
// purposes and legal bases"; a test checks the page cites every basis).
#pragma once

#include <vector>

#include "records/privacy.h"

namespace gemis::records {

struct RegisterPurpose {
  PersonalRegister register_kind = PersonalRegister::kSafeBirth;
  const char* name_vi = "";
  const char* name_en = "";
  const char* purpose_vi = "";
  const char* purpose_en = "";
  // The instruments the processing rests on, as cited in Vietnamese.
  const char* legal_basis = "";
  const char* kept_vi = "";
  const char* kept_en = "";
  const char* not_kept_vi = "";
  const char* not_kept_en = "";
  const char* sensitive_vi = "";  // the sensitive personal data it holds
  const char* sensitive_en = "";
  const char* who_sees_vi = "";  // who may see the people in it
  const char* who_sees_en = "";
};

// In PersonalRegister order: safe births, women cadres, cases.
const std::vector<RegisterPurpose>& RegisterPurposes();
const RegisterPurpose& PurposeOf(PersonalRegister r);

}  // namespace gemis::records
