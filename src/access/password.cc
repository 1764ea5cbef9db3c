#include "access/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>

#include "core/text.h"

namespace gemis::access {

namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing is safe
  });
}

struct Limits {
  unsigned long long ops;
  size_t mem;
};

Limits LimitsOf(PasswordCost cost) {
  switch (cost) {
    case PasswordCost::kInteractive:
      return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
    case PasswordCost::kModerate:
      return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case PasswordCost::kMinimum: return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

// Passwords too common to allow whatever their length (lower case): the
// top of public breach lists plus the Vietnamese favourites.
constexpr std::array<std::string_view, 24> kCommon = {
    "1234567890",  "12345678910", "123456789a",    "1234567890a", "1111111111",   "0123456789",
    "qwertyuiop",  "password123", "password1!",    "matkhau123",  "matkhau1234",  "matkhaumoi",
    "abc1234567",  "a123456789",  "iloveyou123",   "anhyeuem123", "anhyeuem1234", "vietnam123",
    "vietnam1234", "admin12345",  "administrator", "123456789@",  "qwerty12345",  "1q2w3e4r5t",
};

// The password as it is hashed: NFC, so that the same password typed with a
// composing input method ("Unicode tổ hợp") and a precomposing one verifies
// (NIST SP 800-63B 5.1.1.2). Bytes that are not UTF-8 are hashed as they are.
std::string Normalized(std::string_view password) {
  if (!IsValidUtf8(password)) return std::string(password);
  Result<std::string> nfc = ToNfc(password);
  return nfc.ok() ? std::move(*nfc) : std::string(password);
}

// The cost a libsodium Argon2id string states ("$argon2id$v=19$m=65536,t=2,p=1$…"):
// memory in KiB and passes; nullopt when it is not such a string.
std::optional<std::pair<uint64_t, uint64_t>> CostOf(std::string_view hash) {
  constexpr std::string_view kPrefix = "$argon2id$v=19$m=";
  if (hash.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  hash.remove_prefix(kPrefix.size());
  uint64_t mem = 0, ops = 0;
  auto [after_m, m_error] = std::from_chars(hash.data(), hash.data() + hash.size(), mem);
  std::string_view rest(after_m, static_cast<size_t>(hash.data() + hash.size() - after_m));
  if (m_error != std::errc() || rest.substr(0, 3) != ",t=") return std::nullopt;
  rest.remove_prefix(3);
  auto [after_t, t_error] = std::from_chars(rest.data(), rest.data() + rest.size(), ops);
  if (t_error != std::errc() || after_t == rest.data()) return std::nullopt;
  return std::make_pair(mem, ops);
}

// Distinct code points (a Vietnamese letter is one, whatever its bytes).
size_t DistinctCodePoints(std::string_view text) {
  std::set<std::string_view> distinct;
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    n = std::min(n, text.size() - i);
    distinct.insert(text.substr(i, n));
    i += n;
  }
  return distinct.size();
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  InitSodium();
  Limits limits = LimitsOf(cost);
  std::string normalized = Normalized(password);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), normalized.data(), normalized.size(), limits.ops,
                            limits.mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(ErrorCode::kInternal, "Argon2id hashing failed (out of memory)");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
  std::string stored(hash);  // NUL-terminated for libsodium
  std::string normalized = Normalized(password);
  return crypto_pwhash_str_verify(stored.c_str(), normalized.data(), normalized.size()) == 0;
}

bool NeedsRehash(std::string_view hash, PasswordCost cost) {
  InitSodium();
  if (hash.size() >= crypto_pwhash_STRBYTES) return true;
  std::string stored(hash);
  Limits limits = LimitsOf(cost);
  // libsodium answers "rehash" for any other cost, higher ones too; only a
  // lower one (or a string it cannot read) is worth a new hash.
  if (crypto_pwhash_str_needs_rehash(stored.c_str(), limits.ops, limits.mem) < 0) return true;
  std::optional<std::pair<uint64_t, uint64_t>> stated = CostOf(hash);
  if (!stated) return true;
  return stated->first * 1024 < limits.mem || stated->second < limits.ops;
}

PasswordProblem CheckPassword(std::string_view raw, std::string_view username) {
  if (!IsValidUtf8(raw)) return PasswordProblem::kNotUtf8;
  std::string password = Normalized(raw);
  if (password.size() > kMaxPasswordBytes) return PasswordProblem::kTooLong;
  if (CodePoints(password) < static_cast<size_t>(kMinPasswordLength)) {
    return PasswordProblem::kTooShort;
  }
  std::string lower = AsciiLower(password);
  if (username.size() >= 3 && lower.find(AsciiLower(username)) != std::string::npos) {
    return PasswordProblem::kContainsName;
  }
  if (DistinctCodePoints(password) < 5) return PasswordProblem::kTooSimple;
  for (std::string_view common : kCommon) {
    if (lower == common) return PasswordProblem::kTooSimple;
  }
  return PasswordProblem::kNone;
}

Status CheckPasswordStatus(std::string_view password, std::string_view username) {
  Location field{"", 0, 0, "password"};
  switch (CheckPassword(password, username)) {
    case PasswordProblem::kNone: return Status::Ok();
    case PasswordProblem::kTooShort:
      return Status::Invalid(
          "the password must have at least " + std::to_string(kMinPasswordLength) + " characters",
          field);
    case PasswordProblem::kTooLong:
      return Status::Invalid(
          "the password must have at most " + std::to_string(kMaxPasswordBytes) + " bytes", field);
    case PasswordProblem::kNotUtf8:
      return Status::Invalid("the password is not valid UTF-8", field);
    case PasswordProblem::kContainsName:
      return Status::Invalid("the password must not contain the username", field);
    case PasswordProblem::kTooSimple:
      return Status::Invalid("the password is too simple or too common", field);
  }
  return Status::Ok();
}

}  // namespace gemis::access
