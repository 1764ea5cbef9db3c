// Random secrets (session ids, CSRF tokens, personal API tokens) and the
// one-way hashes the store keeps instead of them: a stolen database file
// does not yield a usable session or token.
#pragma once

#include <string>
#include <string_view>

namespace gemis::access {

// `bytes` random bytes (libsodium's CSPRNG) as unpadded base64url.
std::string RandomToken(size_t bytes = 32);
// A personal API token: "gmt_" + RandomToken().
std::string NewApiToken();
bool LooksLikeApiToken(std::string_view text);
// BLAKE2b-256 of `token`, as 64 lower-case hex digits.
std::string TokenHash(std::string_view token);
// Compares without leaking where they differ (sodium_memcmp); false when the
// sizes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace gemis::access
