// Checks shared by the record types (models, activities, cadres,
// beneficiaries): text fields, code names of enumerations, ethnic groups.
// Internal to the records layer.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/text.h"

namespace gemis::records {

// The enumerator of `names` spelled `text`, or kInvalidInput naming `field`
// and listing the accepted names ("unknown activity kind 'x' (one of …)").
template <typename E, size_t N>
Result<E> ParseName(const std::array<const char*, N>& names, std::string_view text,
                    const char* what, const char* field) {
  std::string list;
  for (size_t i = 0; i < N; ++i) {
    if (text == names[i]) return static_cast<E>(i);
    list += (i ? ", " : "") + std::string(names[i]);
  }
  return Status::Invalid(
      std::string("unknown ") + what + " '" + Utf8Prefix(text, 40) + "' (one of " + list + ")",
      {"", 0, 0, field});
}

// A text field: UTF-8 in NFC, at most `max` bytes, not blank when required.
Status CheckRecordText(std::string_view text, std::string_view field, bool required, size_t max);

// "ETHNIC_01" … "ETHNIC_54" (the ETHNICITY category's options; 01 is Kinh)
// or "MINORITY" ("an ethnic minority", the group not known).
bool IsEthnicityCode(std::string_view e);
// An ethnicity code other than Kinh.
bool IsEthnicMinorityCode(std::string_view e);

}  // namespace gemis::records
