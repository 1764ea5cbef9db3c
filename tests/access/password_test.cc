#include "access/password.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "access/access_test_util.h"
#include "core/text.h"

namespace gemis::access {
namespace {

using access_test::Refused;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr PasswordCost kFast = PasswordCost::kMinimum;

std::string Hash(std::string_view password, PasswordCost cost = kFast) {
  Result<std::string> hash = HashPassword(password, cost);
  EXPECT_TRUE(hash.ok()) << hash.status().ToString();
  return hash.ok() ? *hash : std::string();
}

// "Mậtkhẩu" decomposed: a + dot below + circumflex, a + circumflex + hook.
const std::string kMatKhauNfd = "Ma\xCC\xA3\xCC\x82tkha\xCC\x82\xCC\x89u";
const std::string kMatKhauNfc = "Mậtkhẩu";

TEST(HashPassword, GivesAnArgon2idStringWithItsCost) {
  std::string hash = Hash("Mật khẩu dài 2025");
  EXPECT_THAT(hash, StartsWith("$argon2id$v=19$m=8,t=1,p=1$"));
}

TEST(HashPassword, InteractiveCostIsLibsodiumsInteractiveLimits) {
  std::string hash = Hash("Mật khẩu dài 2025", PasswordCost::kInteractive);
  EXPECT_THAT(hash, StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_TRUE(VerifyPassword(hash, "Mật khẩu dài 2025"));
  EXPECT_FALSE(NeedsRehash(hash, PasswordCost::kInteractive));
}

TEST(HashPassword, SaltsEachHashDifferently) {
  std::string a = Hash("correct horse battery");
  std::string b = Hash("correct horse battery");
  EXPECT_NE(a, b);
  EXPECT_TRUE(VerifyPassword(a, "correct horse battery"));
  EXPECT_TRUE(VerifyPassword(b, "correct horse battery"));
}

TEST(VerifyPassword, AcceptsOnlyThePassword) {
  std::string hash = Hash("correct horse battery");
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery "));
  EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST(VerifyPassword, TamperedHashIsFalse) {
  std::string hash = Hash("correct horse battery");
  std::string tampered = hash;
  char& c = tampered[tampered.size() - 6];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(tampered, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash.substr(0, hash.size() - 1), "correct horse battery"));
  std::string cheaper = hash;
  cheaper.replace(cheaper.find("t=1"), 3, "t=2");
  EXPECT_FALSE(VerifyPassword(cheaper, "correct horse battery"));
}

TEST(VerifyPassword, NonArgon2idHashIsFalse) {
  std::string hash = Hash("correct horse battery");
  std::string argon2i = "$argon2i$" + hash.substr(std::string("$argon2id$").size());
  EXPECT_FALSE(VerifyPassword(argon2i, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
                              "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("correct horse battery", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash + std::string(200, 'A'), "correct horse battery"));
}

// Regression: a password set with a composing input method (NFD) must verify
// when typed with a precomposing one (NFC), and the other way round.
TEST(VerifyPassword, ComposedAndDecomposedVietnameseAreTheSamePassword) {
  ASSERT_EQ(*ToNfc(kMatKhauNfd), kMatKhauNfc);
  std::string nfd_password = kMatKhauNfd + " của tôi";
  std::string nfc_password = kMatKhauNfc + " của tôi";
  EXPECT_TRUE(VerifyPassword(Hash(nfd_password), nfc_password));
  EXPECT_TRUE(VerifyPassword(Hash(nfc_password), nfd_password));
  EXPECT_FALSE(VerifyPassword(Hash(nfc_password), "Matkhau của tôi"));
}

TEST(NeedsRehash, LowerCostNeedsRehashSameOrHigherDoesNot) {
  std::string minimum = Hash("correct horse battery");
  EXPECT_TRUE(NeedsRehash(minimum, PasswordCost::kInteractive));
  EXPECT_TRUE(NeedsRehash(minimum));
  EXPECT_FALSE(NeedsRehash(minimum, PasswordCost::kMinimum));
}

// Regression: libsodium says "rehash" for any other cost; a hash made with
// more memory and passes than asked for is kept (a server started with a
// lower cost for tests must not downgrade stored hashes).
TEST(NeedsRehash, HigherCostIsKept) {
  std::string interactive = Hash("correct horse battery", PasswordCost::kInteractive);
  EXPECT_FALSE(NeedsRehash(interactive, PasswordCost::kMinimum));
  std::string moderate = interactive;
  moderate.replace(moderate.find("m=65536,t=2"), 11, "m=262144,t=3");
  EXPECT_FALSE(NeedsRehash(moderate, PasswordCost::kInteractive));
  EXPECT_FALSE(NeedsRehash(moderate, PasswordCost::kModerate));
  std::string more_memory_fewer_passes = interactive;
  more_memory_fewer_passes.replace(more_memory_fewer_passes.find("m=65536,t=2"), 11,
                                   "m=262144,t=1");
  EXPECT_TRUE(NeedsRehash(more_memory_fewer_passes, PasswordCost::kInteractive));
  EXPECT_TRUE(NeedsRehash(interactive, PasswordCost::kModerate));
}

TEST(NeedsRehash, UnreadableHashNeedsRehash) {
  EXPECT_TRUE(NeedsRehash(""));
  EXPECT_TRUE(NeedsRehash("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"));
  EXPECT_TRUE(NeedsRehash(std::string(300, '$')));
}

TEST(CheckPassword, AcceptsALongVariedPassword) {
  EXPECT_EQ(CheckPassword("correct horse battery", "hoa.nt"), PasswordProblem::kNone);
  EXPECT_EQ(CheckPassword("Tôi yêu Lào Cai", "hoa.nt"), PasswordProblem::kNone);
}

TEST(CheckPassword, TooShortCountsCodePointsNotBytes) {
  EXPECT_EQ(CheckPassword("abcdefghi", "hoa.nt"), PasswordProblem::kTooShort);
  EXPECT_EQ(CheckPassword("abcdefghij", "hoa.nt"), PasswordProblem::kNone);
  EXPECT_EQ(CheckPassword("", "hoa.nt"), PasswordProblem::kTooShort);
  // "Mậtkhẩu" is 7 characters in 11 bytes.
  ASSERT_EQ(kMatKhauNfc.size(), 11u);
  EXPECT_EQ(CheckPassword(kMatKhauNfc, "hoa.nt"), PasswordProblem::kTooShort);
  EXPECT_EQ(CheckPassword(kMatKhauNfc + "12", "hoa.nt"), PasswordProblem::kTooShort);
  EXPECT_EQ(CheckPassword(kMatKhauNfc + "123", "hoa.nt"), PasswordProblem::kNone);
}

// Regression: decomposed input has more code points than the same password
// composed; the length is that of the password as hashed (NFC).
TEST(CheckPassword, DecomposedVietnameseCountsAsComposed) {
  EXPECT_EQ(CodePoints(kMatKhauNfd), 11u);
  EXPECT_EQ(CheckPassword(kMatKhauNfd, "hoa.nt"), PasswordProblem::kTooShort);
  EXPECT_EQ(CheckPassword(kMatKhauNfd + "12", "hoa.nt"), PasswordProblem::kTooShort);
  EXPECT_EQ(CheckPassword(kMatKhauNfd + "123", "hoa.nt"), PasswordProblem::kNone);
}

TEST(CheckPassword, TooLongCountsBytes) {
  std::string at_limit;
  while (at_limit.size() + 7 <= kMaxPasswordBytes) at_limit += "ễabcd";  // 7 bytes
  at_limit.resize(kMaxPasswordBytes, 'z');
  ASSERT_EQ(at_limit.size(), kMaxPasswordBytes);
  EXPECT_EQ(CheckPassword(at_limit, "hoa.nt"), PasswordProblem::kNone);
  EXPECT_EQ(CheckPassword(at_limit + "z", "hoa.nt"), PasswordProblem::kTooLong);
}

TEST(CheckPassword, NotUtf8) {
  EXPECT_EQ(CheckPassword("password\xff\xfe\x01xyz", "hoa.nt"), PasswordProblem::kNotUtf8);
  EXPECT_EQ(CheckPassword("M\xe1\xba"
                          "tkhau12345",
                          "hoa.nt"),
            PasswordProblem::kNotUtf8);
}

TEST(CheckPassword, ContainingTheUsernameInAnyCase) {
  EXPECT_EQ(CheckPassword("hoa.nt-2025-lao-cai", "hoa.nt"), PasswordProblem::kContainsName);
  EXPECT_EQ(CheckPassword("Xin chào HOA.NT nhé", "hoa.nt"), PasswordProblem::kContainsName);
  EXPECT_EQ(CheckPassword("xxHoA.Nt!!", "hoa.nt"), PasswordProblem::kContainsName);
  EXPECT_EQ(CheckPassword("hoa nt 2025 lao cai", "hoa.nt"), PasswordProblem::kNone);
}

TEST(CheckPassword, TooFewDistinctCharacters) {
  EXPECT_EQ(CheckPassword("aaaaaaaaaaaaaaa", "hoa.nt"), PasswordProblem::kTooSimple);
  EXPECT_EQ(CheckPassword("abcdabcdabcd", "hoa.nt"), PasswordProblem::kTooSimple);
  EXPECT_EQ(CheckPassword("abcdeabcde", "hoa.nt"), PasswordProblem::kNone);
}

// Regression: distinct characters are code points; "ậ" and "ờ" share a lead
// byte but have five different bytes between them.
TEST(CheckPassword, DistinctCharactersAreCodePoints) {
  EXPECT_EQ(CheckPassword("ậờậờậờậờậờ", "hoa.nt"), PasswordProblem::kTooSimple);
  EXPECT_EQ(CheckPassword("ậờẩữđậờẩữđ", "hoa.nt"), PasswordProblem::kNone);
}

TEST(CheckPassword, CommonPasswordsInAnyCase) {
  for (const char* common : {"1234567890", "qwertyuiop", "MatKhau123", "ANHYEUEM123", "Vietnam1234",
                             "administrator", "1q2w3e4r5t", "Password1!"}) {
    EXPECT_EQ(CheckPassword(common, "hoa.nt"), PasswordProblem::kTooSimple) << common;
  }
  EXPECT_EQ(CheckPassword("matkhau1235", "hoa.nt"), PasswordProblem::kNone);
}

TEST(CheckPasswordStatus, OkOrInvalidOnFieldPassword) {
  EXPECT_OK(CheckPasswordStatus("correct horse battery", "hoa.nt"));
  Status short_one = CheckPasswordStatus("abc", "hoa.nt");
  EXPECT_TRUE(Refused(short_one, ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(short_one.message(), HasSubstr("at least 10 characters"));
  Status long_one = CheckPasswordStatus(std::string(300, 'a') + "bcdef", "hoa.nt");
  EXPECT_TRUE(Refused(long_one, ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(long_one.message(), HasSubstr("at most 256 bytes"));
  Status not_utf8 = CheckPasswordStatus("abcdefghij\xff", "hoa.nt");
  EXPECT_TRUE(Refused(not_utf8, ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(not_utf8.message(), HasSubstr("UTF-8"));
  Status name = CheckPasswordStatus("my name is hoa.nt", "hoa.nt");
  EXPECT_TRUE(Refused(name, ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(name.message(), HasSubstr("username"));
  Status simple = CheckPasswordStatus("1234567890", "hoa.nt");
  EXPECT_TRUE(Refused(simple, ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(simple.message(), HasSubstr("too simple"));
  // The message never repeats the password.
  EXPECT_THAT(name.message(), ::testing::Not(HasSubstr("my name is")));
}

}  // namespace
}  // namespace gemis::access
