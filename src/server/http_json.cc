// The JSON helpers of http_types.h: string literals, the client's language
// and the JSON error responses every layer of the server answers with.
#include <string>
#include <string_view>

#include "server/http_types.h"

namespace gemis::server {

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7F) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: copied when well-formed (no overlong forms,
    // surrogates or code points past U+10FFFF), else one U+FFFD per byte.
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid = length != 0 && c <= 0xF4 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length >= 3) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) valid = false;   // overlong
      if (c == 0xED && c1 >= 0xA0) valid = false;  // surrogate
      if (c == 0xF0 && c1 < 0x90) valid = false;   // overlong
      if (c == 0xF4 && c1 >= 0x90) valid = false;  // past U+10FFFF
    }
    if (valid) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

Lang PreferredLang(const http::fields& fields) {
  auto it = fields.find(http::field::accept_language);
  if (it == fields.end()) return Lang::kVi;
  std::string_view value = it->value();
  size_t start = value.find_first_not_of(" \t");
  if (start == std::string_view::npos) return Lang::kVi;
  std::string_view first = value.substr(start, value.find_first_of(",; \t", start) - start);
  bool english = first.size() >= 2 && (first[0] == 'e' || first[0] == 'E') &&
                 (first[1] == 'n' || first[1] == 'N') && (first.size() == 2 || first[2] == '-');
  return english ? Lang::kEn : Lang::kVi;
}

Response JsonError(unsigned version, bool keep_alive, http::status status,
                   std::string_view error_code, std::string_view message, std::string_view field) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  std::string& body = res.body();
  body.reserve(64 + error_code.size() + message.size() + field.size());
  body += "{\"status\":";
  body += std::to_string(static_cast<unsigned>(status));
  body += ",\"errorCode\":";
  AppendJsonString(body, error_code);
  body += ",\"message\":";
  AppendJsonString(body, message);
  if (!field.empty()) {
    body += ",\"field\":";
    AppendJsonString(body, field);
  }
  body += '}';
  res.prepare_payload();
  return res;
}

Response JsonError(const Request& req, http::status status, std::string_view error_code,
                   std::string_view message, std::string_view field) {
  return JsonError(req.version(), req.keep_alive(), status, error_code, message, field);
}

}  // namespace gemis::server
