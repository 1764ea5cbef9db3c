// /api/users and /api/roles: delegation (access::CheckUserChange through
// the API), E_GRANT, passwords, conflicts, If-Match, audit, sessions of a
// disabled user.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiUsers : public ApiTest {
 protected:
  json NewCommuneUser(const std::string& username, const std::string& unit) {
    return {{"username", username},
            {"displayName", "Lò Thị Mai"},
            {"password", "Rung-Thong-Bac-Son-42"},
            {"roles", {"commune_officer"}},
            {"entryScope", {unit}},
            {"viewScope", {unit}}};
  }
  std::string UserPath(std::string_view username) { return "/api/users/" + std::string(username); }
  // The stored user, straight from the store.
  std::optional<access::User> Stored(std::string_view username) {
    std::optional<access::User> user;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(user, txn.FindUser(username));
                      return Status::Ok();
                    })
                    .ok());
    return user;
  }
};

TEST_F(ApiUsers, ProvinceOfficerCreatesACommuneUserInsideTheProvince) {
  Caller province = Login(kProvince);
  Response res = Post("/api/users", province, NewCommuneUser("lo.mai", units_.commune));
  ASSERT_EQ(res.result_int(), 201) << res.body();
  EXPECT_EQ(std::string(res[http::field::location]), "/api/users/lo.mai");
  EXPECT_FALSE(res[http::field::etag].empty());
  json user = Body(res);
  EXPECT_EQ(user["username"], "lo.mai");
  EXPECT_EQ(user["createdBy"], kProvince);
  EXPECT_EQ(user["entryScope"][0]["id"], units_.commune);
  EXPECT_THAT(res.body(), Not(HasSubstr("Rung-Thong")));
  EXPECT_THAT(res.body(), Not(HasSubstr("argon2")));

  bool audited = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type != "user" || e.object_id != "lo.mai") continue;
    audited = true;
    EXPECT_EQ(e.action, "create");
    EXPECT_EQ(e.username, kProvince);
    EXPECT_EQ(e.address, address_);
    ASSERT_TRUE(e.after.has_value());
    EXPECT_THAT(*e.after, HasSubstr("commune_officer"));
    EXPECT_THAT(*e.after, Not(HasSubstr("argon2")));
    EXPECT_THAT(*e.after, Not(HasSubstr("Rung-Thong")));
    EXPECT_FALSE(e.before.has_value());
  }
  EXPECT_TRUE(audited);
  // The new user signs in with the password the officer set.
  EXPECT_EQ(
      Post("/api/auth/login", {}, {{"username", "lo.mai"}, {"password", "Rung-Thong-Bac-Son-42"}})
          .result_int(),
      200);
}

TEST_F(ApiUsers, CreatingAUserOutsideTheOwnScopeIsEGrant) {
  Caller province = Login(kProvince);
  Response res = Post("/api/users", province, NewCommuneUser("ngoai.tinh", units_.other_commune));
  EXPECT_EQ(res.result_int(), 403) << res.body();
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  EXPECT_EQ(FieldOf(res), "entryScope");

  json view_only = NewCommuneUser("ngoai.tinh", units_.commune);
  view_only["viewScope"] = {units_.commune, units_.other_commune};
  res = Post("/api/users", province, view_only);
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  EXPECT_EQ(FieldOf(res), "viewScope");
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
  EXPECT_FALSE(Stored("ngoai.tinh").has_value());
}

TEST_F(ApiUsers, GrantingAuthoritiesOneLacksIsEGrant) {
  Caller province = Login(kProvince);
  json body = NewCommuneUser("tham.vong", units_.commune);
  body["roles"] = {"admin"};
  Response res = Post("/api/users", province, body);
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  EXPECT_EQ(FieldOf(res), "roles");
  EXPECT_FALSE(Stored("tham.vong").has_value());
  // Nor to an existing user.
  res = Put(UserPath(kCommune), province, {{"roles", {"commune_officer", "admin"}}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
}

TEST_F(ApiUsers, AdminCannotGrantTheDataProtectionRole) {
  Caller admin = Login(kAdmin);
  json body = NewCommuneUser("bao.ve", units_.commune);
  body["roles"] = {"data_protection"};
  Response res = Post("/api/users", admin, body);
  EXPECT_EQ(res.result_int(), 403) << res.body();
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  res = Put(UserPath(kViewer), admin, {{"roles", {"viewer", "data_protection"}}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  // Nor a custom role with read_confidential, nor take one away.
  Caller protection = Login(kProtection);
  Response role = Post("/api/roles", protection,
                       {{"code", "ho_so_mat"},
                        {"name", "Đọc hồ sơ mật"},
                        {"authorities", {"read_metadata", "read_confidential"}}});
  ASSERT_EQ(role.result_int(), 201) << role.body();
  res = Put(UserPath(kViewer), admin, {{"roles", {"viewer", "ho_so_mat"}}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  EXPECT_EQ(Stored(kViewer)->roles, std::vector<std::string>{"viewer"});
}

TEST_F(ApiUsers, AdminCannotCreateARoleWithASensitiveAuthority) {
  Caller admin = Login(kAdmin);
  Response res =
      Post("/api/roles", admin,
           {{"code", "ho_so_mat"}, {"name", "x"}, {"authorities", {"read_confidential"}}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
  Caller province = Login(kProvince);
  res = Post("/api/roles", province,
             {{"code", "to_chuc"}, {"name", "x"}, {"authorities", {"manage_org_units"}}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_GRANT");
}

TEST_F(ApiUsers, DataProtectionOfficerGrantsTheSensitiveRoleAndItIsAuditedAsGrant) {
  // An account with no role yet, made by the administrator.
  Caller admin = Login(kAdmin);
  Response made = Post("/api/users", admin,
                       {{"username", "bao.ve"},
                        {"displayName", "Vi Thị Hằng"},
                        {"password", "Giu-Kin-Ho-So-2026"},
                        {"viewScope", {units_.cao_bang}}});
  ASSERT_EQ(made.result_int(), 201) << made.body();
  Caller protection = Login(kProtection);
  Response res = Put(UserPath("bao.ve"), protection, {{"roles", {"data_protection"}}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Stored("bao.ve")->roles, std::vector<std::string>{"data_protection"});
  bool granted = false;
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type != "user" || e.object_id != "bao.ve" || e.action == "create") continue;
    EXPECT_EQ(e.action, "grant");
    EXPECT_EQ(e.username, kProtection);
    ASSERT_TRUE(e.before && e.after);
    EXPECT_THAT(*e.before, Not(HasSubstr("data_protection")));
    EXPECT_THAT(*e.after, HasSubstr("data_protection"));
    granted = true;
  }
  EXPECT_TRUE(granted);
  // Once they hold it, the administrator no longer manages them.
  EXPECT_EQ(Put(UserPath("bao.ve"), admin, {{"disabled", true}}).result_int(), 404);
  EXPECT_FALSE(Stored("bao.ve")->disabled);
}

TEST_F(ApiUsers, DataProtectionOfficerCannotManageAnAccountWithMorePower) {
  // The viewer reads data, which the data-protection officer may not.
  Caller protection = Login(kProtection);
  Response res = Put(UserPath(kViewer), protection, {{"roles", {"viewer", "data_protection"}}});
  EXPECT_EQ(res.result_int(), 404) << res.body();
  EXPECT_EQ(Stored(kViewer)->roles, std::vector<std::string>{"viewer"});
}

TEST_F(ApiUsers, NobodyChangesTheirOwnRoles) {
  for (std::string_view who : {kAdmin, kProvince, kProtection}) {
    Caller c = Login(who);
    std::vector<std::string> roles = Stored(who)->roles;
    roles.push_back("viewer");
    Response res = Put(UserPath(who), c, {{"roles", roles}});
    EXPECT_EQ(res.result_int(), 403) << who << res.body();
    EXPECT_EQ(ErrorCodeOf(res), "E_GRANT") << who;
  }
  // Their own display name they may change.
  Caller province = Login(kProvince);
  EXPECT_EQ(Put(UserPath(kProvince), province, {{"displayName", "Hoàng Văn Nam"}}).result_int(),
            200);
}

TEST_F(ApiUsers, OwnPasswordIsNotChangedWithoutTheCurrentOne) {
  // PUT /api/users/{self} would skip /api/me/password's check of the
  // current password: a stolen session would be enough to take over.
  Caller province = Login(kProvince);
  Response res = Put(UserPath(kProvince), province, {{"password", "Chiem-Tai-Khoan-2026"}});
  EXPECT_EQ(res.result_int(), 403) << res.body();
  EXPECT_EQ(FieldOf(res), "password");
  EXPECT_EQ(Get("/api/me", province).result_int(), 200);
  EXPECT_EQ(Post("/api/auth/login", {},
                 {{"username", std::string(kProvince)}, {"password", "Chiem-Tai-Khoan-2026"}})
                .result_int(),
            401);
}

TEST_F(ApiUsers, WeakPasswordIsEPassword) {
  Caller province = Login(kProvince);
  for (const char* weak : {"short", "1234567890", "lo.mai.password", "aaaaaaaaaaaaaa"}) {
    json body = NewCommuneUser("lo.mai", units_.commune);
    body["password"] = weak;
    Response res = Post("/api/users", province, body);
    EXPECT_EQ(res.result_int(), 400) << weak;
    EXPECT_EQ(ErrorCodeOf(res), "E_PASSWORD") << weak;
    EXPECT_EQ(FieldOf(res), "password");
    EXPECT_THAT(res.body(), Not(HasSubstr(weak)));
  }
  Response res = Put(UserPath(kCommune), province, {{"password", "short"}});
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(ErrorCodeOf(res), "E_PASSWORD");
}

TEST_F(ApiUsers, DuplicateUsernameIsEExists) {
  Caller province = Login(kProvince);
  Response res =
      Post("/api/users", province, NewCommuneUser(std::string(kCommune), units_.commune));
  EXPECT_EQ(res.result_int(), 409) << res.body();
  EXPECT_EQ(ErrorCodeOf(res), "E_EXISTS");
  // Whatever the case of the name.
  res = Post("/api/users", province, NewCommuneUser("CB.XA", units_.commune));
  EXPECT_GE(res.result_int(), 400);
  EXPECT_LT(res.result_int(), 500);
}

TEST_F(ApiUsers, DuplicateOfAUserOutsideTheScopeIsAlsoEExists) {
  // The name is taken whoever holds it: a 409 does tell that the name
  // exists, which is the price of unique names.
  Caller province = Login(kProvince);
  Response res =
      Post("/api/users", province, NewCommuneUser(std::string(kOtherCommune), units_.commune));
  EXPECT_EQ(res.result_int(), 409);
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
}

TEST_F(ApiUsers, PutWithAStaleEtagIs412AndChangesNothing) {
  Caller province = Login(kProvince);
  Response got = Get(UserPath(kCommune), province);
  ASSERT_EQ(got.result_int(), 200);
  std::string tag(got[http::field::etag]);
  // Someone else changes the user in between.
  Caller admin = Login(kAdmin);
  ASSERT_EQ(Put(UserPath(kCommune), admin, {{"displayName", "Bế Thị Lan"}}).result_int(), 200);
  Response stale =
      Put(UserPath(kCommune), province, {{"displayName", "Nông Văn Dền"}}, {{"If-Match", tag}});
  EXPECT_EQ(stale.result_int(), 412) << stale.body();
  EXPECT_EQ(ErrorCodeOf(stale), "E_PRECONDITION");
  EXPECT_EQ(Stored(kCommune)->display_name, "Bế Thị Lan");

  Response fresh = Get(UserPath(kCommune), province);
  Response ok = Put(UserPath(kCommune), province, {{"displayName", "Nông Văn Dền"}},
                    {{"If-Match", std::string(fresh[http::field::etag])}});
  EXPECT_EQ(ok.result_int(), 200) << ok.body();
  EXPECT_EQ(Stored(kCommune)->display_name, "Nông Văn Dền");
  // The answer's ETag is the next If-Match.
  Response next = Put(UserPath(kCommune), province, {{"email", "den@example.vn"}},
                      {{"If-Match", std::string(ok[http::field::etag])}});
  EXPECT_EQ(next.result_int(), 200) << next.body();
}

TEST_F(ApiUsers, DisablingAUserEndsTheirSessions) {
  Caller commune = Login(kCommune);
  ASSERT_EQ(Get("/api/me", commune).result_int(), 200);
  Caller province = Login(kProvince);
  Response res = Put(UserPath(kCommune), province, {{"disabled", true}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Get("/api/me", commune).result_int(), 401);
  clock_.Advance(2000);
  EXPECT_EQ(Get("/api/me", commune).result_int(), 401);
  EXPECT_EQ(Post("/api/auth/login", {},
                 {{"username", std::string(kCommune)}, {"password", std::string(kPassword)}})
                .result_int(),
            401);
}

TEST_F(ApiUsers, ResettingAPasswordEndsTheUsersSessions) {
  Caller commune = Login(kCommune);
  Caller province = Login(kProvince);
  ASSERT_EQ(Put(UserPath(kCommune), province, {{"password", "Mot-Mat-Khau-Moi-2026"}}).result_int(),
            200);
  EXPECT_EQ(Get("/api/me", commune).result_int(), 401);
  for (const store::AuditEntry& e : AuditLog()) {
    if (e.object_type != "user" || e.object_id != kCommune) continue;
    ASSERT_TRUE(e.after.has_value());
    EXPECT_THAT(*e.after, HasSubstr("\"password\":\"changed\""));
    EXPECT_THAT(*e.after, Not(HasSubstr("Mot-Mat-Khau")));
    EXPECT_THAT(*e.after, Not(HasSubstr("argon2")));
  }
}

TEST_F(ApiUsers, ProvinceOfficerListsOnlyUsersInsideTheProvince) {
  Caller province = Login(kProvince);
  Response res = Get("/api/users", province);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  std::set<std::string> names;
  const json res_body = Body(res);
  for (const json& u : res_body.value("users", json::array())) names.insert(u["username"]);
  EXPECT_EQ(names, (std::set<std::string>{std::string(kProvince), std::string(kCommune),
                                          std::string(kViewer), std::string(kPartner),
                                          std::string(kDisabled)}));
  EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
  EXPECT_THAT(res.body(), Not(HasSubstr("argon2")));
}

TEST_F(ApiUsers, AUserOfAnotherProvinceIsNotFoundNotForbidden) {
  Caller province = Login(kProvince);
  for (std::string_view other : {kOtherCommune, kAdmin, kHaNoiProvince}) {
    Response res = Get(UserPath(other), province);
    EXPECT_EQ(res.result_int(), 404) << other;
    EXPECT_EQ(ErrorCodeOf(res), "E_NOT_FOUND");
    EXPECT_THAT(res.body(), Not(HasSubstr(units_.other_commune_name)));
    EXPECT_THAT(res.body(), Not(HasSubstr("Người dùng")));
    // The same answer as a name nobody has.
    Response missing = Get(UserPath("khong.co.ai"), province);
    EXPECT_EQ(missing.body(), res.body());
    // Nor may they be changed.
    EXPECT_EQ(Put(UserPath(other), province, {{"disabled", true}}).result_int(), 404);
  }
  EXPECT_FALSE(Stored(kOtherCommune)->disabled);
}

TEST_F(ApiUsers, UsersWithoutManageUsersAreForbidden) {
  for (std::string_view who : {kCommune, kViewer, kPartner}) {
    Caller c = Login(who);
    EXPECT_EQ(ErrorCodeOf(Get("/api/users", c)), "E_FORBIDDEN") << who;
    EXPECT_EQ(ErrorCodeOf(Get(UserPath(who), c)), "E_FORBIDDEN") << who;
  }
}

TEST_F(ApiUsers, UsernameCannotBeChangedAndLockedCannotBeSet) {
  Caller admin = Login(kAdmin);
  Response res = Put(UserPath(kCommune), admin, {{"username", "another"}});
  EXPECT_EQ(res.result_int(), 400);
  res = Put(UserPath(kCommune), admin, {{"locked", true}});
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(FieldOf(res), "locked");
}

TEST_F(ApiUsers, UnknownRoleOrUnitIs404) {
  Caller admin = Login(kAdmin);
  json body = NewCommuneUser("lo.mai", units_.commune);
  body["roles"] = {"no_such_role"};
  Response res = Post("/api/users", admin, body);
  EXPECT_EQ(res.result_int(), 404) << res.body();
  EXPECT_EQ(FieldOf(res), "roles");
  body = NewCommuneUser("lo.mai", "NoSuchUnit1");
  res = Post("/api/users", admin, body);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(FieldOf(res), "entryScope");
}

TEST_F(ApiUsers, RolesAreListedForEveryone) {
  Caller commune = Login(kCommune);
  Response res = Get("/api/roles", commune);
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_THAT(res.body(), HasSubstr("province_officer"));
  EXPECT_THAT(res.body(), HasSubstr("grant_confidential"));
}

TEST_F(ApiUsers, NewRoleCanBeGrantedAtOnce) {
  Caller admin = Login(kAdmin);
  Response role =
      Post("/api/roles", admin,
           {{"code", "thong_ke"}, {"name", "Thống kê"}, {"authorities", {"read_data", "export"}}});
  ASSERT_EQ(role.result_int(), 201) << role.body();
  Response res = Put(UserPath(kViewer), admin, {{"roles", {"viewer", "thong_ke"}}});
  EXPECT_EQ(res.result_int(), 200) << res.body();
  Response dup = Post("/api/roles", admin,
                      {{"code", "thong_ke"}, {"name", "Thống kê"}, {"authorities", {"read_data"}}});
  EXPECT_EQ(dup.result_int(), 409);
  Response builtin = Post("/api/roles", admin,
                          {{"code", "viewer"}, {"name", "x"}, {"authorities", {"read_data"}}});
  EXPECT_GE(builtin.result_int(), 400);
  EXPECT_LT(builtin.result_int(), 500);
}

}  // namespace
}  // namespace gemis::server::api_test
