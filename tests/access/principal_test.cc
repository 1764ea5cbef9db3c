#include "access/principal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "access/access_test_util.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::access {
namespace {

using namespace fixtures::lc;  // NOLINT(google-build-using-namespace): fixture ids
using access_test::Refused;
using ::testing::HasSubstr;
using ::testing::Not;
using A = Authority;
using Roots = std::vector<OrgUnitId>;

const Hierarchy& History() {
  static const Hierarchy* history = [] {
    Result<Hierarchy> built = fixtures::LaoCaiHistory().Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Hierarchy(built.ok() ? *built : Hierarchy());
  }();
  return *history;
}

// The roles a store lists: the built-in ones, then two custom ones.
std::vector<Role> AllRoles() {
  std::vector<Role> roles = BuiltinRoles();
  roles.push_back({1, "case_reader", "Đọc hồ sơ mật", "Case reader",
                   MakeSet({A::kReadMetadata, A::kReadConfidential}), false});
  roles.push_back(
      {2, "importer", "Nhập tệp", "Importer", MakeSet({A::kReadMetadata, A::kImport}), false});
  return roles;
}

User MakeUser(UserId id, std::string username, std::vector<std::string> roles, Roots view,
              Roots entry = {}, std::vector<std::string> areas = {}) {
  User u;
  u.id = id;
  u.username = std::move(username);
  u.display_name = "Cán bộ " + u.username;
  u.roles = std::move(roles);
  u.view_scope = std::move(view);
  u.entry_scope = std::move(entry);
  u.content_areas = std::move(areas);
  return u;
}

class Principals : public ::testing::Test {
 protected:
  Principal Of(const User& user) const { return PrincipalOf(user, roles_); }
  Status Change(const Principal& actor, const User* target, const User& changed) const {
    return CheckUserChange(actor, target, changed, roles_, scopes_);
  }
  Status Manage(const Principal& actor, const User& target) const {
    return CheckUserManage(actor, target, roles_, scopes_);
  }

  std::vector<Role> roles_ = AllRoles();
  ScopeIndex scopes_{History(), fixtures::Day("2026-01-01")};
  // Actors.
  User admin_ = MakeUser(1, "admin", {"admin"}, {kVietNam}, {kVietNam});
  User province_ = MakeUser(2, "tinh.lc", {"province_officer"}, {kNewLaoCai}, {kNewLaoCai});
  User ward_ = MakeUser(3, "phuong.lc", {"district_officer"}, {kWardLaoCai}, {kWardLaoCai});
  User protection_ = MakeUser(4, "bvdl", {"data_protection"}, {kVietNam});
  User commune_ = MakeUser(5, "xa.lc", {"commune_officer"}, {kWardLaoCai}, {kWardLaoCai});
  // A commune officer of phường Lào Cai to be created or changed.
  User officer_ = MakeUser(0, "hoa.nt", {"commune_officer"}, {kWardLaoCai}, {kWardLaoCai});
};

TEST(SystemPrincipal, CanEverythingEverywhere) {
  Principal p = SystemPrincipal("cli:root");
  EXPECT_TRUE(p.system);
  EXPECT_EQ(p.user_id, 0);
  EXPECT_EQ(p.username, "cli:root");
  for (Authority a : AllAuthorities()) EXPECT_TRUE(p.Can(a)) << AuthorityName(a);
  EXPECT_TRUE(p.authorities.all());
}

TEST_F(Principals, PrincipalOfCopiesTheUserAndUnitesTheirRoles) {
  User u = MakeUser(7, "lan.pt", {"viewer", "importer"}, {kWardYenBai}, {kVanPhu}, {"CT.DA8"});
  Principal p = Of(u);
  EXPECT_FALSE(p.system);
  EXPECT_EQ(p.user_id, 7);
  EXPECT_EQ(p.username, "lan.pt");
  EXPECT_EQ(p.authorities, MakeSet({A::kReadMetadata, A::kReadData, A::kReadAudit, A::kImport}));
  EXPECT_EQ(p.view_scope, Roots{kWardYenBai});
  EXPECT_EQ(p.entry_scope, Roots{kVanPhu});
  EXPECT_EQ(p.content_areas, std::vector<std::string>{"CT.DA8"});
  EXPECT_TRUE(p.Can(A::kImport));
  EXPECT_FALSE(p.Can(A::kEnterData));
}

TEST_F(Principals, PrincipalOfIgnoresUnknownRoleCodes) {
  User u = MakeUser(7, "lan.pt", {"viewer", "retired_role"}, {kWardYenBai});
  EXPECT_EQ(Of(u).authorities, FindBuiltinRole("viewer")->authorities);
  User only_unknown = MakeUser(8, "minh.lv", {"retired_role"}, {kWardYenBai});
  EXPECT_TRUE(Of(only_unknown).authorities.none());
  EXPECT_TRUE(Of(MakeUser(9, "no.roles", {}, {kWardYenBai})).authorities.none());
}

TEST_F(Principals, DisabledUserHoldsNoAuthority) {
  User u = admin_;
  u.disabled = true;
  Principal p = Of(u);
  EXPECT_TRUE(p.authorities.none());
  for (Authority a : AllAuthorities()) EXPECT_FALSE(p.Can(a));
  EXPECT_EQ(Manage(p, officer_).code(), ErrorCode::kConflict);
}

TEST_F(Principals, AuthoritiesOfIsTheUnion) {
  EXPECT_EQ(AuthoritiesOf({"partner_agency", "viewer"}, roles_),
            MakeSet({A::kReadMetadata, A::kReadData, A::kEnterData, A::kReadAudit}));
  EXPECT_TRUE(AuthoritiesOf({}, roles_).none());
}

// Rule: the actor holds kManageUsers.
TEST_F(Principals, ManagingUsersNeedsManageUsers) {
  EXPECT_OK(Change(Of(province_), nullptr, officer_));
  EXPECT_OK(Change(Of(ward_), nullptr, officer_));
  Status refused = Change(Of(commune_), nullptr, officer_);
  EXPECT_TRUE(Refused(refused, ErrorCode::kConflict, "user"));
  EXPECT_THAT(refused.message(), HasSubstr("manage_users"));
}

TEST_F(Principals, SystemPrincipalMayGrantAnything) {
  Principal system = SystemPrincipal("cli:root");
  User dp = MakeUser(0, "bvdl2", {"data_protection", "case_reader", "admin"}, {kVietNam},
                     {kVietNam}, {"CT"});
  EXPECT_OK(Change(system, nullptr, dp));
  EXPECT_OK(Change(system, &admin_, dp));
  EXPECT_OK(Manage(system, admin_));
  EXPECT_OK(Manage(system, MakeUser(9, "scopeless", {"admin"}, {})));
}

// Regression: the entry-inside-view rule is the user's, not the actor's; it
// held for everybody but the command line.
TEST_F(Principals, SystemPrincipalStillNeedsEntryInsideView) {
  User u = MakeUser(0, "lan.pt", {"commune_officer"}, {kWardYenBai}, {kWardLaoCai});
  EXPECT_TRUE(
      Refused(Change(SystemPrincipal("cli:root"), nullptr, u), ErrorCode::kConflict, "entryScope"));
}

// Rule: nobody changes their own roles, scopes or content areas.
TEST_F(Principals, NobodyChangesTheirOwnGrants) {
  Principal actor = Of(province_);
  User more_roles = province_;
  more_roles.roles.push_back("importer");
  EXPECT_TRUE(Refused(Change(actor, &province_, more_roles), ErrorCode::kConflict, "roles"));
  User fewer_roles = province_;
  fewer_roles.roles.clear();
  EXPECT_TRUE(Refused(Change(actor, &province_, fewer_roles), ErrorCode::kConflict, "roles"));
  User wider = province_;
  wider.view_scope.push_back(kVietNam);
  EXPECT_TRUE(Refused(Change(actor, &province_, wider), ErrorCode::kConflict, "roles"));
  User narrower_entry = province_;
  narrower_entry.entry_scope = {kWardLaoCai};
  EXPECT_TRUE(Refused(Change(actor, &province_, narrower_entry), ErrorCode::kConflict, "roles"));
  User areas = province_;
  areas.content_areas = {"CT.DA8"};
  EXPECT_TRUE(Refused(Change(actor, &province_, areas), ErrorCode::kConflict, "roles"));
}

TEST_F(Principals, SelfChangeWithTheSameGrantsIsAllowed) {
  User renamed = province_;
  renamed.display_name = "Trần Văn Tỉnh";
  renamed.email = "tinh@laocai.gov.vn";
  EXPECT_OK(Change(Of(province_), &province_, renamed));
}

// Regression: the same grants listed in another order are no change.
TEST_F(Principals, SelfChangeWithTheSameGrantsInAnotherOrderIsAllowed) {
  User stored = MakeUser(2, "tinh.lc", {"importer", "province_officer"}, {kNewLaoCai, kWardLaoCai},
                         {kNewLaoCai}, {"CT.DA8", "CT.DA9"});
  User sent = stored;
  sent.roles = {"province_officer", "importer"};
  sent.view_scope = {kWardLaoCai, kNewLaoCai};
  sent.content_areas = {"CT.DA9", "CT.DA8"};
  sent.display_name = "Trần Văn Tỉnh";
  EXPECT_OK(Change(Of(stored), &stored, sent));
}

// Rule: every non-sensitive authority of the new roles is the actor's own.
TEST_F(Principals, RoleWithAuthoritiesTheActorLacksIsRefused) {
  User as_admin = officer_;
  as_admin.roles = {"admin"};
  Status refused = Change(Of(province_), nullptr, as_admin);
  EXPECT_TRUE(Refused(refused, ErrorCode::kConflict, "roles"));
  EXPECT_THAT(refused.message(), HasSubstr("manage_metadata,manage_org_units"));
  User importer = officer_;
  importer.roles = {"importer"};
  EXPECT_OK(Change(Of(province_), nullptr, importer));
  EXPECT_TRUE(Refused(Change(Of(protection_), nullptr, importer), ErrorCode::kConflict, "roles"));
  User upper = officer_;
  upper.roles = {"district_officer", "commune_officer"};
  EXPECT_OK(Change(Of(province_), nullptr, upper));
}

TEST_F(Principals, RemovingARoleTheActorCouldNotGrantIsRefused) {
  User target = MakeUser(9, "lan.pt", {"admin", "commune_officer"}, {kWardLaoCai}, {kWardLaoCai});
  User demoted = target;
  demoted.roles = {"commune_officer"};
  // The province officer may not manage an administrator at all.
  EXPECT_TRUE(Refused(Change(Of(province_), &target, demoted), ErrorCode::kConflict, "user"));
  EXPECT_OK(Change(Of(admin_), &target, demoted));
  User moved = target;
  moved.entry_scope = {kResidentialGroup5};
  EXPECT_TRUE(Refused(Change(Of(province_), &target, moved), ErrorCode::kConflict, "user"));
  User narrow = MakeUser(9, "lan.pt", {"viewer", "commune_officer"}, {kWardLaoCai});
  User less = narrow;
  less.roles = {"commune_officer"};
  // viewer's authorities are all a district officer's own: allowed.
  EXPECT_OK(Change(Of(ward_), &narrow, less));
}

// Rule: a role with a sensitive authority needs kGrantConfidential.
TEST_F(Principals, SensitiveRolesNeedGrantConfidential) {
  User dp = MakeUser(0, "bvdl2", {"data_protection"}, {kWardLaoCai});
  User reader = MakeUser(0, "doc.hs", {"case_reader"}, {kWardLaoCai});
  for (const User* changed : {&dp, &reader}) {
    Status refused = Change(Of(admin_), nullptr, *changed);
    EXPECT_TRUE(Refused(refused, ErrorCode::kConflict, "roles")) << changed->roles[0];
    EXPECT_THAT(refused.message(), HasSubstr("sensitive"));
    EXPECT_OK(Change(Of(protection_), nullptr, *changed));
  }
}

TEST_F(Principals, RemovingASensitiveRoleNeedsGrantConfidentialToo) {
  User target = MakeUser(9, "doc.hs", {"case_reader", "viewer"}, {kWardLaoCai});
  User removed = target;
  removed.roles = {"viewer"};
  // A holder of a sensitive role is managed by the data-protection role
  // only, and that role lacks read_data: neither may change this user.
  EXPECT_TRUE(Refused(Change(Of(admin_), &target, removed), ErrorCode::kConflict, "user"));
  EXPECT_TRUE(Refused(Change(Of(protection_), &target, removed), ErrorCode::kConflict, "user"));
  User more = target;
  more.roles = {"case_reader", "viewer", "importer"};
  EXPECT_TRUE(Refused(Change(Of(admin_), &target, more), ErrorCode::kConflict, "user"));
  // A reader without plain authorities beyond the officer's is theirs.
  User reader = MakeUser(9, "doc.bv", {"case_reader"}, {kWardLaoCai});
  User unread = reader;
  unread.roles = {};
  EXPECT_OK(Change(Of(protection_), &reader, unread));
  EXPECT_TRUE(Refused(Change(Of(admin_), &reader, unread), ErrorCode::kConflict, "user"));
}

// Rule: the stored user is inside the actor's view scope.
TEST_F(Principals, TargetOutsideTheActorsViewScopeIsRefused) {
  User elsewhere = MakeUser(9, "lan.pt", {"commune_officer"}, {kWardYenBai}, {kWardYenBai});
  User changed = elsewhere;
  changed.display_name = "Phạm Thị Lan";
  Status refused = Change(Of(ward_), &elsewhere, changed);
  EXPECT_TRUE(Refused(refused, ErrorCode::kConflict, "user"));
  EXPECT_THAT(refused.message(), HasSubstr("'lan.pt'"));
  EXPECT_OK(Change(Of(province_), &elsewhere, changed));
  // Every view root must be covered: one is not enough.
  User straddling = elsewhere;
  straddling.view_scope = {kWardYenBai, kResidentialGroup5};
  EXPECT_TRUE(Refused(Change(Of(ward_), &straddling, straddling), ErrorCode::kConflict, "user"));
  EXPECT_OK(Change(Of(province_), &straddling, straddling));
}

// Rule: new entry roots inside the actor's entry scope.
TEST_F(Principals, NewEntryRootOutsideTheActorsEntryScopeIsRefused) {
  User actor = MakeUser(8, "tinh.nhap", {"province_officer"}, {kNewLaoCai}, {kWardLaoCai});
  User outside = MakeUser(0, "lan.pt", {"commune_officer"}, {kVanPhu}, {kVanPhu});
  Status refused = Change(Of(actor), nullptr, outside);
  EXPECT_TRUE(Refused(refused, ErrorCode::kConflict, "entryScope"));
  EXPECT_THAT(refused.message(), Not(HasSubstr(std::to_string(kVanPhu))));
  User inside = MakeUser(0, "lan.pt", {"commune_officer"}, {kVanPhu}, {});
  EXPECT_OK(Change(Of(actor), nullptr, inside));
  EXPECT_OK(Change(Of(actor), nullptr, officer_));
}

// Rule: new view roots inside the actor's view scope.
TEST_F(Principals, NewViewRootOutsideTheActorsViewScopeIsRefused) {
  User outside = MakeUser(0, "lan.pt", {"viewer"}, {kWardYenBai});
  EXPECT_TRUE(Refused(Change(Of(ward_), nullptr, outside), ErrorCode::kConflict, "viewScope"));
  User wider = MakeUser(0, "lan.pt", {"viewer"}, {kNewLaoCai});
  EXPECT_TRUE(Refused(Change(Of(ward_), nullptr, wider), ErrorCode::kConflict, "viewScope"));
  User village = MakeUser(0, "lan.pt", {"viewer"}, {kResidentialGroup5});
  EXPECT_OK(Change(Of(ward_), nullptr, village));
}

TEST_F(Principals, OnlyNewRootsAreChecked) {
  // Phường Yên Bái was given by the province; the province officer may add
  // a village of the ward without owning the province root again.
  User target = MakeUser(9, "lan.pt", {"viewer"}, {kWardLaoCai, kWardYenBai});
  User added = target;
  added.view_scope = {kWardYenBai, kWardLaoCai, kResidentialGroup5};
  EXPECT_OK(Change(Of(province_), &target, added));
  User more = target;
  more.view_scope.push_back(kVietNam);
  EXPECT_TRUE(Refused(Change(Of(province_), &target, more), ErrorCode::kConflict, "viewScope"));
}

// Rule: entry roots inside the new view scope.
TEST_F(Principals, EntryRootsMustBeInsideTheNewViewScope) {
  User u = MakeUser(0, "lan.pt", {"commune_officer"}, {kWardYenBai}, {kWardLaoCai});
  EXPECT_TRUE(Refused(Change(Of(admin_), nullptr, u), ErrorCode::kConflict, "entryScope"));
  u.view_scope = {kWardLaoCai};
  u.entry_scope = {kResidentialGroup5};
  EXPECT_OK(Change(Of(admin_), nullptr, u));
  // Narrowing the view under an existing entry root is refused too.
  User target = MakeUser(9, "lan.pt", {"commune_officer"}, {kNewLaoCai}, {kWardLaoCai});
  User narrowed = target;
  narrowed.view_scope = {kVanPhu};
  EXPECT_TRUE(Refused(Change(Of(admin_), &target, narrowed), ErrorCode::kConflict, "entryScope"));
}

// Rule: an actor with content areas gives only those or a subset.
TEST_F(Principals, ContentAreasOfAnActorWithAreas) {
  User partner_manager =
      MakeUser(8, "hlhpn", {"province_officer"}, {kNewLaoCai}, {kNewLaoCai}, {"CT.DA8"});
  Principal actor = Of(partner_manager);
  auto with_areas = [&](std::vector<std::string> areas) {
    User u = officer_;
    u.content_areas = std::move(areas);
    return Change(actor, nullptr, u);
  };
  EXPECT_OK(with_areas({"CT.DA8"}));
  EXPECT_OK(with_areas({"CT.DA8.ND2"}));
  EXPECT_OK(with_areas({"CT.DA8.ND2", "CT.DA8.ND3.TD1"}));
  EXPECT_TRUE(Refused(with_areas({}), ErrorCode::kConflict, "contentAreas"));
  EXPECT_TRUE(Refused(with_areas({"CT.DA80"}), ErrorCode::kConflict, "contentAreas"));
  EXPECT_TRUE(Refused(with_areas({"CT.DA9"}), ErrorCode::kConflict, "contentAreas"));
  EXPECT_TRUE(Refused(with_areas({"CT"}), ErrorCode::kConflict, "contentAreas"));
  EXPECT_TRUE(Refused(with_areas({"CT.DA8.ND2", "CT.DA9"}), ErrorCode::kConflict, "contentAreas"));
  // An actor without areas gives any, or none (every area).
  User u = officer_;
  u.content_areas = {"CT.DA9"};
  EXPECT_OK(Change(Of(province_), nullptr, u));
  EXPECT_OK(Change(Of(province_), nullptr, officer_));
}

TEST_F(Principals, UnknownRoleCodeIsNotFoundEvenForTheSystem) {
  User u = officer_;
  u.roles = {"commune_officer", "mayor"};
  Status refused = Change(Of(province_), nullptr, u);
  EXPECT_TRUE(Refused(refused, ErrorCode::kNotFound, "roles"));
  EXPECT_THAT(refused.message(), HasSubstr("'mayor'"));
  EXPECT_TRUE(
      Refused(Change(SystemPrincipal("cli:root"), nullptr, u), ErrorCode::kNotFound, "roles"));
}

TEST_F(Principals, ManageNeedsManageUsersAndTheTargetInsideTheViewScope) {
  User target = MakeUser(9, "lan.pt", {"commune_officer"}, {kResidentialGroup5});
  EXPECT_OK(Manage(Of(ward_), target));
  EXPECT_OK(Manage(Of(province_), target));
  EXPECT_OK(Manage(Of(admin_), target));
  EXPECT_TRUE(Refused(Manage(Of(commune_), target), ErrorCode::kConflict, "user"));
  User elsewhere = MakeUser(9, "lan.pt", {"commune_officer"}, {kVanPhu});
  EXPECT_TRUE(Refused(Manage(Of(ward_), elsewhere), ErrorCode::kConflict, "user"));
  // A user whose only view root is an old commune merged into the ward.
  User old = MakeUser(9, "lan.pt", {"commune_officer"}, {kCocLeu});
  EXPECT_OK(Manage(Of(ward_), old));
  // Entry roots alone do not put a user inside.
  User entry_only = MakeUser(9, "lan.pt", {"commune_officer"}, {kVanPhu}, {kWardLaoCai});
  EXPECT_TRUE(Refused(Manage(Of(ward_), entry_only), ErrorCode::kConflict, "user"));
}

// Regression: a user without any scope was "inside" every manager's scope,
// so a district manager could reset a scopeless administrator's password.
TEST_F(Principals, ScopelessUserIsInsideNobodysScope) {
  User scopeless = MakeUser(9, "root.admin", {"admin"}, {});
  EXPECT_TRUE(Refused(Manage(Of(ward_), scopeless), ErrorCode::kConflict, "user"));
  EXPECT_TRUE(Refused(Manage(Of(admin_), scopeless), ErrorCode::kConflict, "user"));
  User changed = scopeless;
  changed.disabled = true;
  EXPECT_TRUE(Refused(Change(Of(ward_), &scopeless, changed), ErrorCode::kConflict, "user"));
  EXPECT_OK(Manage(SystemPrincipal("cli:root"), scopeless));
}

// A manager may not take over an account wider or more powerful than
// their own: every view root must be inside, every authority theirs, and a
// holder of a sensitive authority is managed by the data-protection role.
TEST_F(Principals, ManageRefusesWiderOrMorePowerfulAccounts) {
  User wider = MakeUser(9, "lan.pt", {"commune_officer"}, {kResidentialGroup5, kVanPhu});
  EXPECT_TRUE(Refused(Manage(Of(ward_), wider), ErrorCode::kConflict, "user"));
  EXPECT_OK(Manage(Of(province_), wider));
  User stronger = MakeUser(9, "qt.xa", {"admin"}, {kResidentialGroup5});
  EXPECT_TRUE(Refused(Manage(Of(ward_), stronger), ErrorCode::kConflict, "user"));
  EXPECT_OK(Manage(Of(admin_), stronger));
  User protector = MakeUser(9, "bv.xa", {"data_protection"}, {kResidentialGroup5});
  EXPECT_TRUE(Refused(Manage(Of(admin_), protector), ErrorCode::kConflict, "user"));
  EXPECT_OK(Manage(Of(protection_), protector));
}

TEST_F(Principals, ManagersManageThemselves) {
  EXPECT_OK(Manage(Of(ward_), ward_));
  User scopeless_manager = MakeUser(9, "quan.ly", {"district_officer"}, {});
  EXPECT_OK(Manage(Of(scopeless_manager), scopeless_manager));
  // The id is what makes it the actor, not the name.
  User other = scopeless_manager;
  other.id = 10;
  EXPECT_TRUE(Refused(Manage(Of(scopeless_manager), other), ErrorCode::kConflict, "user"));
}

}  // namespace
}  // namespace gemis::access
