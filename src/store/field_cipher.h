// Encryption at rest of identifying fields of people (the mothers of the
// safe-birth register; later, confidential cases), with a key kept outside
// the database file (docs/store.md, "The field key").
//
// Invariants:
//  (1) a sealed field is "v1:" + unpadded base64url of nonce || ciphertext,
//      XChaCha20-Poly1305 (IETF) with a random 24-byte nonce: sealing the
//      same text twice gives two different fields;
//  (2) a field is bound to its place by the associated data, its context
//      ("safe_birth:<uid>:mother_name"): it opens only with the key AND the
//      context it was sealed with, so a value copied to another row or
//      column does not open, and neither does a changed one;
//  (3) the key never enters the database: the caller reads it from its file
//      and passes it to the store (SqliteOptions::field_key).
// Thread safety: the functions are safe to call from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gemis::store {

// A 32-byte XChaCha20-Poly1305 key, zeroed (sodium_memzero) when destroyed.
class FieldKey {
 public:
  static constexpr size_t kSize = 32;  // crypto_aead_xchacha20poly1305_ietf_KEYBYTES

  explicit FieldKey(const std::array<unsigned char, kSize>& bytes) : bytes_(bytes) {}
  FieldKey(const FieldKey&) = default;
  FieldKey& operator=(const FieldKey&) = default;
  ~FieldKey();

  // A fresh key from libsodium's CSPRNG (randombytes_buf).
  static FieldKey Generate();

  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::array<unsigned char, kSize> bytes_;
};

// The key in the file at `path`: 64 lower-case hexadecimal digits and an
// optional trailing newline. Errors name the file (message and
// Location.file): kNotFound when it does not exist; kInvalidInput when it is
// not a regular file, holds anything else, or may be read or written by
// group or others (mode & 077: a key others can read protects nothing);
// kIoError when it cannot be read.
Result<FieldKey> ReadFieldKeyFile(const std::string& path);

// Generates a key and writes it to a new file at `path` (mode 0600, in the
// format ReadFieldKeyFile reads), synced to disk with its directory entry.
// Never replaces a file: kAlreadyExists when `path` exists. kIoError when
// it cannot be written (nothing is left behind then).
Result<FieldKey> CreateFieldKeyFile(const std::string& path);

// Seals `plaintext` (any bytes, also empty) for the place `context`
// (invariants 1 and 2).
std::string SealField(const FieldKey& key, std::string_view plaintext, std::string_view context);

// The plaintext of a field SealField sealed with `key` for `context`.
// kConflict when it does not open — another key, another context, or
// changed text (the cipher cannot tell which): "the field cannot be
// decrypted with this key"; kCorruption when `sealed` does not have the
// shape of invariant 1.
Result<std::string> OpenField(const FieldKey& key, std::string_view sealed,
                              std::string_view context);

}  // namespace gemis::store
