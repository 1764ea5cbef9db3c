#include "access/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace gemis::access {
namespace {

bool IsBase64Url(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

TEST(RandomToken, Is32BytesOfUnpaddedBase64Url) {
  std::string token = RandomToken();
  EXPECT_EQ(token.size(), 43u);  // ceil(32 * 4 / 3), no '='
  EXPECT_TRUE(IsBase64Url(token)) << token;
}

TEST(RandomToken, LengthFollowsTheByteCount) {
  EXPECT_EQ(RandomToken(1).size(), 2u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  EXPECT_EQ(RandomToken(64).size(), 86u);
  EXPECT_EQ(RandomToken(0), "");
}

TEST(RandomToken, ThousandDrawsAreDistinctAndUseTheWholeAlphabet) {
  std::set<std::string> seen;
  std::set<char> alphabet;
  for (int i = 0; i < 1000; ++i) {
    std::string token = RandomToken();
    ASSERT_EQ(token.size(), 43u);
    ASSERT_TRUE(IsBase64Url(token)) << token;
    EXPECT_TRUE(seen.insert(token).second) << "repeated " << token;
    alphabet.insert(token.begin(), token.end());
  }
  // 43 000 characters from 64 symbols: every one shows up.
  EXPECT_EQ(alphabet.size(), 64u);
}

TEST(NewApiToken, IsPrefixedAndLooksLikeOne) {
  std::string token = NewApiToken();
  EXPECT_EQ(token.size(), 47u);
  EXPECT_EQ(token.substr(0, 4), "gmt_");
  EXPECT_TRUE(LooksLikeApiToken(token));
  EXPECT_NE(NewApiToken(), token);
}

TEST(LooksLikeApiToken, RefusesWrongPrefixLengthOrCharacters) {
  std::string good = "gmt_" + std::string(43, 'A');
  EXPECT_TRUE(LooksLikeApiToken(good));
  EXPECT_TRUE(LooksLikeApiToken("gmt_" + std::string(21, '-') + std::string(22, '_')));
  EXPECT_FALSE(LooksLikeApiToken("gmx_" + std::string(43, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("GMT_" + std::string(43, 'A')));
  EXPECT_FALSE(LooksLikeApiToken(std::string(47, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("gmt_" + std::string(42, 'A')));
  EXPECT_FALSE(LooksLikeApiToken("gmt_" + std::string(44, 'A')));
  EXPECT_FALSE(LooksLikeApiToken(""));
  EXPECT_FALSE(LooksLikeApiToken("gmt_"));
  for (char bad : {'+', '/', '=', ' ', '.', '\0'}) {
    std::string token = good;
    token[20] = bad;
    EXPECT_FALSE(LooksLikeApiToken(token)) << "character " << static_cast<int>(bad);
  }
  std::string utf8 = "gmt_" + std::string(41, 'A') + "ấ";  // 44 bytes after the prefix
  EXPECT_FALSE(LooksLikeApiToken(utf8));
  EXPECT_FALSE(LooksLikeApiToken("gmt_" + std::string(40, 'A') + "ấ"));  // 43 bytes
}

TEST(TokenHash, IsUnkeyedBlake2b256InLowerCaseHex) {
  EXPECT_EQ(TokenHash("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_EQ(TokenHash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(TokenHash, Is64HexDigitsAndDependsOnEveryByte) {
  std::string token = NewApiToken();
  std::string hash = TokenHash(token);
  ASSERT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  EXPECT_EQ(TokenHash(token), hash);
  std::string changed = token;
  changed.back() = changed.back() == 'A' ? 'B' : 'A';
  EXPECT_NE(TokenHash(changed), hash);
  EXPECT_NE(TokenHash(token + "x"), hash);
  EXPECT_NE(TokenHash(std::string("a\0b", 3)), TokenHash("a"));
}

TEST(ConstantTimeEquals, ComparesContentAndSize) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("csrf-token", "csrf-token"));
  EXPECT_FALSE(ConstantTimeEquals("csrf-token", "csrf-tokeN"));
  EXPECT_FALSE(ConstantTimeEquals("Csrf-token", "csrf-token"));
  EXPECT_FALSE(ConstantTimeEquals("csrf-token", "csrf-token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
  std::string token = RandomToken();
  EXPECT_TRUE(ConstantTimeEquals(token, std::string(token)));
}

}  // namespace
}  // namespace gemis::access
