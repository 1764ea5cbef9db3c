// DHIS2-style identifiers: 11 characters, a letter first, then letters or
// digits ("DiszpKrYNg8"). Every exchanged object has one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gemis {

// A source of random 64-bit numbers, injected so tests are deterministic.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint64_t Next() = 0;
};

// A RandomSource seeded from the operating system (std::random_device).
class SystemRandom final : public RandomSource {
 public:
  SystemRandom();
  uint64_t Next() override;

 private:
  uint64_t state_[2];
};

// A deterministic RandomSource (SplitMix64) for tests and reproducible data.
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next() override;

 private:
  uint64_t state_;
};

bool IsValidUid(std::string_view text);
// A fresh random uid.
std::string GenerateUid(RandomSource& random);
// A uid derived from `key` (FNV-1a + SplitMix64): the same key always gives
// the same uid, so built-in metadata has stable uids across databases.
std::string UidFromKey(std::string_view key);

}  // namespace gemis
