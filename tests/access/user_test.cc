#include "access/user.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "access/access_test_util.h"

namespace gemis::access {
namespace {

using access_test::Refused;
using ::testing::HasSubstr;

TEST(CheckUsername, AcceptsLowerCaseAsciiWithDotsUnderscoresAndDashes) {
  for (const char* name :
       {"hoa.nt", "abc", "nguyen_van_a", "lc-ward-01", "2025officer", "a.b", "x_-.9"}) {
    EXPECT_OK(CheckUsername(name));
  }
}

TEST(CheckUsername, LengthBoundsAreThreeAndSixtyFour) {
  EXPECT_TRUE(Refused(CheckUsername(""), ErrorCode::kInvalidInput, "username"));
  EXPECT_TRUE(Refused(CheckUsername("ab"), ErrorCode::kInvalidInput, "username"));
  EXPECT_OK(CheckUsername("abc"));
  EXPECT_OK(CheckUsername(std::string(64, 'a')));
  EXPECT_TRUE(Refused(CheckUsername(std::string(65, 'a')), ErrorCode::kInvalidInput, "username"));
}

TEST(CheckUsername, MustStartWithALetterOrDigit) {
  for (const char* name : {".hoa", "_hoa", "-hoa"}) {
    EXPECT_TRUE(Refused(CheckUsername(name), ErrorCode::kInvalidInput, "username")) << name;
  }
}

TEST(CheckUsername, RefusesUpperCaseSpacesAndOtherCharacters) {
  for (const char* name :
       {"Hoa.nt", "hoa.NT", "hoa nt", "hoa@nt", "hoa/nt", "hoa+nt", "hoa\tnt", "hoa'nt"}) {
    Status status = CheckUsername(name);
    EXPECT_TRUE(Refused(status, ErrorCode::kInvalidInput, "username")) << name;
  }
  Status status = CheckUsername("Hoa");
  EXPECT_THAT(status.message(), HasSubstr("'Hoa'"));
}

TEST(CheckUsername, RefusesUtf8AndDoesNotEchoInvalidBytes) {
  EXPECT_TRUE(Refused(CheckUsername("hòa.nt"), ErrorCode::kInvalidInput, "username"));
  EXPECT_TRUE(Refused(CheckUsername("đức"), ErrorCode::kInvalidInput, "username"));
  Status bad = CheckUsername("ab\xff\xfe");
  EXPECT_TRUE(Refused(bad, ErrorCode::kInvalidInput, "username"));
  EXPECT_THAT(bad.message(), ::testing::Not(HasSubstr("\xff")));
  EXPECT_THAT(bad.message(), HasSubstr("'?'"));
}

User GoodUser() {
  User u;
  u.username = "hoa.nt";
  u.display_name = "Nguyễn Thị Hoa";
  u.email = "hoa.nt@laocai.gov.vn";
  return u;
}

TEST(CheckUser, AcceptsAGoodUserWithOrWithoutEmail) {
  EXPECT_OK(CheckUser(GoodUser()));
  User no_email = GoodUser();
  no_email.email.clear();
  EXPECT_OK(CheckUser(no_email));
}

TEST(CheckUser, ChecksTheUsernameFirst) {
  User u = GoodUser();
  u.username = "Hoa";
  u.display_name.clear();
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "username"));
}

TEST(CheckUser, DisplayNameIsOneToTwoHundredBytesOfUtf8) {
  User u = GoodUser();
  u.display_name.clear();
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "displayName"));
  u.display_name = std::string(200, 'a');
  EXPECT_OK(CheckUser(u));
  u.display_name = std::string(201, 'a');
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "displayName"));
  // 67 × "ễ" (3 bytes each) = 201 bytes, 67 characters: bytes count.
  u.display_name.clear();
  for (int i = 0; i < 67; ++i) u.display_name += "ễ";
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "displayName"));
  u.display_name = "Nguy\xe1\xbb";  // cut inside "ễ"
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "displayName"));
  u.display_name = "Tr\xc0n";  // a Latin-1 byte
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "displayName"));
}

TEST(CheckUser, EmailNeedsExactlyOneAtWithTextAroundIt) {
  for (const char* email :
       {"hoa", "@laocai.gov.vn", "hoa@", "hoa@@laocai.gov.vn", "hoa@a@laocai.gov.vn",
        "hoa nt@laocai.gov.vn", "<hoa@laocai.gov.vn>", "hoa@laocai.gov.vn\n"}) {
    User u = GoodUser();
    u.email = email;
    EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "email")) << email;
  }
  User u = GoodUser();
  u.email = "a@b";
  EXPECT_OK(CheckUser(u));
  u.email = std::string(250, 'a') + "@b.vn";  // 255 bytes
  EXPECT_TRUE(Refused(CheckUser(u), ErrorCode::kInvalidInput, "email"));
  u.email = std::string(249, 'a') + "@b.vn";  // 254 bytes
  EXPECT_OK(CheckUser(u));
}

}  // namespace
}  // namespace gemis::access
