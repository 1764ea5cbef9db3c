#include "access/token.h"

#include <sodium.h>

#include <mutex>
#include <vector>

namespace gemis::access {

namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

constexpr std::string_view kApiTokenPrefix = "gmt_";

}  // namespace

std::string RandomToken(size_t bytes) {
  if (bytes == 0) return {};  // libsodium must not get a null buffer
  InitSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string NewApiToken() { return std::string(kApiTokenPrefix) + RandomToken(); }

bool LooksLikeApiToken(std::string_view text) {
  if (text.size() != kApiTokenPrefix.size() + 43 || text.substr(0, 4) != kApiTokenPrefix) {
    return false;
  }
  for (char c : text.substr(4)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string TokenHash(std::string_view token) {
  InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 64);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  InitSodium();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gemis::access
