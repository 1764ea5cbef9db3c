#include "access/user.h"

#include "core/text.h"

namespace gemis::access {

Status CheckUsername(std::string_view username) {
  bool ok = username.size() >= 3 && username.size() <= 64;
  for (size_t i = 0; ok && i < username.size(); ++i) {
    char c = username[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
  }
  if (ok) return Status::Ok();
  return Status::Invalid("username '" + std::string(IsValidUtf8(username) ? username : "?") +
                             "' must be 3 to 64 of a-z, 0-9, '.', '_' and '-', starting with a "
                             "letter or digit",
                         {"", 0, 0, "username"});
}

Status CheckUser(const User& user) {
  GEMIS_RETURN_IF_ERROR(CheckUsername(user.username));
  if (user.display_name.empty() || user.display_name.size() > 200 ||
      !IsValidUtf8(user.display_name)) {
    return Status::Invalid("the display name must be 1 to 200 bytes of UTF-8",
                           {"", 0, 0, "displayName"});
  }
  if (!user.email.empty()) {
    size_t at = user.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == user.email.size() ||
        user.email.find('@', at + 1) != std::string::npos || user.email.size() > 254 ||
        user.email.find_first_of(" \t\r\n<>") != std::string::npos) {
      return Status::Invalid("'" + user.email + "' is not an email address", {"", 0, 0, "email"});
    }
  }
  return Status::Ok();
}

}  // namespace gemis::access
