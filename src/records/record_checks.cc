#include "records/record_checks.h"

namespace gemis::records {

Status CheckRecordText(std::string_view text, std::string_view field, bool required, size_t max) {
  Location where{.field = std::string(field)};
  if (required && IsBlank(text)) return Status::Invalid(std::string(field) + " is empty", where);
  if (!IsValidUtf8(text) || !IsNfc(text)) {
    return Status::Invalid(std::string(field) + " is not UTF-8 in NFC", where);
  }
  if (text.size() > max) {
    return Status::Invalid(std::string(field) + " is longer than " + std::to_string(max) + " bytes",
                           where);
  }
  return Status::Ok();
}

bool IsEthnicityCode(std::string_view e) {
  if (e == "MINORITY") return true;
  if (e.size() != 9 || e.substr(0, 7) != "ETHNIC_") return false;
  if (e[7] < '0' || e[7] > '9' || e[8] < '0' || e[8] > '9') return false;
  int n = (e[7] - '0') * 10 + (e[8] - '0');
  return n >= 1 && n <= 54;
}

bool IsEthnicMinorityCode(std::string_view e) { return IsEthnicityCode(e) && e != "ETHNIC_01"; }

}  // namespace gemis::records
