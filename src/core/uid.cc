#include "core/uid.h"

#include <random>

namespace gemis {

namespace {

constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kAlnum =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

}  // namespace

SystemRandom::SystemRandom() {
  std::random_device device;
  state_[0] = (static_cast<uint64_t>(device()) << 32) ^ device();
  state_[1] = (static_cast<uint64_t>(device()) << 32) ^ device();
}

uint64_t SystemRandom::Next() {
  // Two SplitMix64 streams xored: plenty for identifiers (not for secrets).
  return SplitMix64(state_[0]) ^ SplitMix64(state_[1]);
}

uint64_t SeededRandom::Next() { return SplitMix64(state_); }

bool IsValidUid(std::string_view text) {
  if (text.size() != 11 || !IsAsciiAlpha(text[0])) return false;
  for (char c : text) {
    if (!IsAsciiAlnum(c)) return false;
  }
  return true;
}

std::string GenerateUid(RandomSource& random) {
  std::string uid(11, ' ');
  uid[0] = kLetters[random.Next() % kLetters.size()];
  for (size_t i = 1; i < uid.size(); ++i) uid[i] = kAlnum[random.Next() % kAlnum.size()];
  return uid;
}

std::string UidFromKey(std::string_view key) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : key) hash = (hash ^ c) * 0x100000001b3ULL;
  SeededRandom random(hash);
  return GenerateUid(random);
}

}  // namespace gemis
