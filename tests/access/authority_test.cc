#include "access/authority.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "access/access_test_util.h"

namespace gemis::access {
namespace {

using access_test::Refused;
using ::testing::HasSubstr;
using A = Authority;

TEST(AuthorityName, RoundTripsEveryAuthority) {
  std::vector<Authority> all = AllAuthorities();
  ASSERT_EQ(all.size(), static_cast<size_t>(kAuthorityCount));
  std::set<std::string_view> names;
  for (Authority a : all) {
    std::string_view name = AuthorityName(a);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    Result<Authority> parsed = ParseAuthority(name);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, a) << name;
  }
  EXPECT_EQ(AuthorityName(A::kReadMetadata), "read_metadata");
  EXPECT_EQ(AuthorityName(A::kManageOrgUnits), "manage_org_units");
  EXPECT_EQ(AuthorityName(A::kGrantConfidential), "grant_confidential");
}

TEST(ParseAuthority, UnknownNameIsInvalidAndListsTheKnownOnes) {
  Result<Authority> parsed = ParseAuthority("delete_everything");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(Refused(parsed.status(), ErrorCode::kInvalidInput, "authority"));
  EXPECT_THAT(parsed.status().message(), HasSubstr("'delete_everything'"));
  for (Authority a : AllAuthorities()) {
    EXPECT_THAT(parsed.status().message(), HasSubstr(std::string(AuthorityName(a))));
  }
}

TEST(ParseAuthority, IsCaseAndSpaceSensitive) {
  EXPECT_FALSE(ParseAuthority("READ_DATA").ok());
  EXPECT_FALSE(ParseAuthority(" read_data").ok());
  EXPECT_FALSE(ParseAuthority("").ok());
}

TEST(IsSensitive, OnlyTheConfidentialPairAndManagePrivacy) {
  for (Authority a : AllAuthorities()) {
    bool expected = a == A::kReadConfidential || a == A::kGrantConfidential ||
                    a == A::kManagePrivacy;
    EXPECT_EQ(IsSensitive(a), expected) << AuthorityName(a);
    EXPECT_EQ(Has(SensitiveAuthorities(), a), expected) << AuthorityName(a);
  }
  EXPECT_EQ(SensitiveAuthorities().count(), 3u);
}

TEST(FormatAuthorities, NamesInEnumOrderJoinedByComma) {
  EXPECT_EQ(FormatAuthorities(AuthoritySet()), "");
  EXPECT_EQ(FormatAuthorities(MakeSet({A::kExport, A::kReadMetadata, A::kReadData})),
            "read_metadata,read_data,export");
  AuthoritySet all;
  all.set();
  Result<AuthoritySet> back = ParseAuthorities(FormatAuthorities(all));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, all);
}

TEST(ParseAuthorities, EmptyTextIsTheEmptySet) {
  Result<AuthoritySet> empty = ParseAuthorities("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->none());
  Result<AuthoritySet> blanks = ParseAuthorities(" , ,");
  ASSERT_TRUE(blanks.ok());
  EXPECT_TRUE(blanks->none());
}

TEST(ParseAuthorities, TrimsSpacesAndSkipsEmptyItems) {
  Result<AuthoritySet> set = ParseAuthorities(" read_data ,, export,read_data ,");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, MakeSet({A::kReadData, A::kExport}));
}

TEST(ParseAuthorities, UnknownItemFailsTheWhole) {
  Result<AuthoritySet> set = ParseAuthorities("read_data,approve_all");
  ASSERT_FALSE(set.ok());
  EXPECT_TRUE(Refused(set.status(), ErrorCode::kInvalidInput, "authority"));
  EXPECT_THAT(set.status().message(), HasSubstr("'approve_all'"));
}

TEST(AuthoritySet, HasAndAdd) {
  AuthoritySet set;
  EXPECT_FALSE(Has(set, A::kApprove));
  Add(set, A::kApprove);
  EXPECT_TRUE(Has(set, A::kApprove));
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(MakeSet({A::kApprove, A::kApprove}), set);
}

TEST(CheckRoleCode, AcceptsLowerCaseLettersDigitsAndUnderscore) {
  EXPECT_OK(CheckRoleCode("commune_officer"));
  EXPECT_OK(CheckRoleCode("ab"));
  EXPECT_OK(CheckRoleCode("r2_d2"));
  EXPECT_OK(CheckRoleCode(std::string(40, 'a')));
}

TEST(CheckRoleCode, RefusesLengthCaseAndOtherCharacters) {
  for (std::string code :
       {std::string("a"), std::string(41, 'a'), std::string(""), std::string("Admin"),
        std::string("1st_role"), std::string("_role"), std::string("role-x"), std::string("role x"),
        std::string("vai_trò"), std::string("role.x")}) {
    Status status = CheckRoleCode(code);
    EXPECT_TRUE(Refused(status, ErrorCode::kInvalidInput, "code")) << "'" << code << "'";
  }
}

Role CustomRole() {
  Role role;
  role.code = "ward_statistician";
  role.name = "Thống kê phường";
  role.authorities = MakeSet({A::kReadMetadata, A::kReadData});
  return role;
}

TEST(CheckRole, AcceptsAGoodRole) { EXPECT_OK(CheckRole(CustomRole())); }

TEST(CheckRole, RefusesBadCodeMissingNameAndNoAuthority) {
  Role bad_code = CustomRole();
  bad_code.code = "X";
  EXPECT_TRUE(Refused(CheckRole(bad_code), ErrorCode::kInvalidInput, "code"));
  Role no_name = CustomRole();
  no_name.name.clear();
  EXPECT_TRUE(Refused(CheckRole(no_name), ErrorCode::kInvalidInput, "name"));
  Role none = CustomRole();
  none.authorities.reset();
  EXPECT_TRUE(Refused(CheckRole(none), ErrorCode::kInvalidInput, "authorities"));
  // Only the Vietnamese name is required.
  Role no_english = CustomRole();
  no_english.name_en.clear();
  EXPECT_OK(CheckRole(no_english));
}

TEST(BuiltinRoles, AreTheDocumentedSevenAndValid) {
  std::vector<std::string> codes;
  for (const Role& r : BuiltinRoles()) {
    codes.push_back(r.code);
    EXPECT_TRUE(r.builtin) << r.code;
    EXPECT_OK(CheckRole(r));
    EXPECT_FALSE(r.name_en.empty()) << r.code;
  }
  EXPECT_THAT(codes, ::testing::ElementsAre("admin", "province_officer", "district_officer",
                                            "commune_officer", "partner_agency", "viewer",
                                            "data_protection"));
}

TEST(BuiltinRoles, AdminHoldsEveryNonSensitiveAuthorityAndNoSensitiveOne) {
  const Role* admin = FindBuiltinRole("admin");
  ASSERT_NE(admin, nullptr);
  for (Authority a : AllAuthorities()) {
    EXPECT_EQ(Has(admin->authorities, a), !IsSensitive(a)) << AuthorityName(a);
  }
}

TEST(BuiltinRoles, OnlyDataProtectionGrantsConfidential) {
  for (const Role& r : BuiltinRoles()) {
    EXPECT_EQ(Has(r.authorities, A::kGrantConfidential), r.code == "data_protection") << r.code;
  }
}

TEST(BuiltinRoles, NobodyBuiltInReadsConfidentialCases) {
  for (const Role& r : BuiltinRoles()) {
    EXPECT_FALSE(Has(r.authorities, A::kReadConfidential)) << r.code;
  }
}

TEST(BuiltinRoles, OfficersHoldWhatTheirLevelNeeds) {
  const Role* commune = FindBuiltinRole("commune_officer");
  const Role* province = FindBuiltinRole("province_officer");
  const Role* viewer = FindBuiltinRole("viewer");
  ASSERT_TRUE(commune && province && viewer);
  EXPECT_TRUE(Has(commune->authorities, A::kEnterData));
  EXPECT_FALSE(Has(commune->authorities, A::kManageUsers));
  EXPECT_TRUE(Has(province->authorities, A::kManageUsers));
  EXPECT_TRUE(Has(province->authorities, A::kAllocate));
  // A province officer holds everything a commune officer does.
  EXPECT_TRUE((commune->authorities & ~province->authorities).none());
  EXPECT_FALSE(Has(viewer->authorities, A::kEnterData));
  EXPECT_TRUE(Has(viewer->authorities, A::kReadAudit));
}

TEST(FindBuiltinRole, FindsByCodeOnly) {
  const Role* viewer = FindBuiltinRole("viewer");
  ASSERT_NE(viewer, nullptr);
  EXPECT_EQ(viewer->code, "viewer");
  EXPECT_EQ(FindBuiltinRole("data_protection"), &BuiltinRoles().back());
  EXPECT_EQ(FindBuiltinRole("Viewer"), nullptr);
  EXPECT_EQ(FindBuiltinRole("ward_statistician"), nullptr);
  EXPECT_EQ(FindBuiltinRole(""), nullptr);
}

}  // namespace
}  // namespace gemis::access
