// Passwords: Argon2id hashes (libsodium's crypto_pwhash_str, which stores the
// salt and cost in the string) and the rules a new password must meet.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis::access {

// How much work a hash takes. kInteractive (libsodium's interactive limits:
// 2 passes over 64 MiB, about 0.1 s) for users; kMinimum only for tests that
// create many users (verification reads the cost from the hash).
enum class PasswordCost { kInteractive, kModerate, kMinimum };

// Passwords are hashed, verified and checked in NFC (valid UTF-8 only), so
// composed and decomposed Vietnamese input give the same password.
// kInternal when libsodium fails (out of memory).
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);
// Constant-time check of `password` against a stored hash; false for a hash
// that is not an Argon2id string.
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when `hash` was made with a lower cost than `cost` (less memory or
// fewer passes), or is not an Argon2id string: rehash at sign-in. A higher
// cost is kept.
bool NeedsRehash(std::string_view hash, PasswordCost cost = PasswordCost::kInteractive);

// Why a password is refused (the server shows the catalogue's sentence).
enum class PasswordProblem {
  kNone,
  kTooShort,  // fewer than kMinPasswordLength characters
  kTooLong,   // more than kMaxPasswordBytes bytes
  kNotUtf8,
  kContainsName,  // contains the username (any case)
  kTooSimple,     // fewer than 5 distinct code points, or a common password
};
inline constexpr int kMinPasswordLength = 10;  // Unicode code points
inline constexpr size_t kMaxPasswordBytes = 256;

// NIST SP 800-63B style: length, no composition rules, not the username,
// not a known common password.
PasswordProblem CheckPassword(std::string_view password, std::string_view username);
// The same as a Status (kInvalidInput, field "password") for the CLI.
Status CheckPasswordStatus(std::string_view password, std::string_view username);

}  // namespace gemis::access
