#include "core/uid.h"

#include <gtest/gtest.h>

#include <set>

namespace gemis {
namespace {

TEST(Uid, ValidatesDhis2Shape) {
  EXPECT_TRUE(IsValidUid("DiszpKrYNg8"));
  EXPECT_TRUE(IsValidUid("HllvX50cXC0"));
  EXPECT_FALSE(IsValidUid("0iszpKrYNg8"));   // must start with a letter
  EXPECT_FALSE(IsValidUid("DiszpKrYNg"));    // 10 characters
  EXPECT_FALSE(IsValidUid("DiszpKrYNg8x"));  // 12 characters
  EXPECT_FALSE(IsValidUid("Diszp-rYNg8"));
  EXPECT_FALSE(IsValidUid("00004"));         // a GSO code is never a uid
}

TEST(Uid, GeneratedUidsAreValidAndDistinct) {
  SeededRandom random(42);
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string uid = GenerateUid(random);
    EXPECT_TRUE(IsValidUid(uid)) << uid;
    EXPECT_TRUE(seen.insert(uid).second) << uid;
  }
}

TEST(Uid, SeededRandomIsReproducible) {
  SeededRandom a(7), b(7);
  EXPECT_EQ(GenerateUid(a), GenerateUid(b));
}

TEST(Uid, UidFromKeyIsStableAndKeyDependent) {
  EXPECT_EQ(UidFromKey("vn-admin/province/04/baseline"), UidFromKey("vn-admin/province/04/baseline"));
  EXPECT_NE(UidFromKey("vn-admin/province/04/baseline"), UidFromKey("vn-admin/province/15/baseline"));
  EXPECT_TRUE(IsValidUid(UidFromKey("")));
}

TEST(Uid, SystemRandomGivesValidUids) {
  SystemRandom random;
  EXPECT_TRUE(IsValidUid(GenerateUid(random)));
}

}  // namespace
}  // namespace gemis
