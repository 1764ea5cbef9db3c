// Sign-in, sessions, CSRF, personal API tokens and lockout (AuthService),
// driven through Api::Handle on the demo database.
#include "server/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "access/token.h"
#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AuthTest : public ApiTest {
 protected:
  Response LoginRaw(std::string_view username, std::string_view password) {
    return Post("/api/auth/login", {},
                {{"username", std::string(username)}, {"password", std::string(password)}});
  }
};

TEST_F(AuthTest, LoginSetsAnHttpOnlyStrictCookieWithoutSecureOverPlainHttp) {
  Response res = LoginRaw(kProvince, kPassword);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  std::string cookie(res[http::field::set_cookie]);
  EXPECT_THAT(cookie, HasSubstr("gemis_session="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  json me = Body(res);
  EXPECT_EQ(me["username"], kProvince);
  EXPECT_TRUE(me["csrfToken"].is_string());
  EXPECT_FALSE(me.contains("password"));
  EXPECT_FALSE(me.contains("passwordHash"));
  EXPECT_THAT(res.body(), Not(HasSubstr("argon2")));
  EXPECT_FALSE(last_ctx_.user.empty());  // the access log names who signed in
}

TEST_F(AuthTest, LoginOverTlsMarksTheCookieSecure) {
  tls_ = true;
  Response res = LoginRaw(kProvince, kPassword);
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_THAT(std::string(res[http::field::set_cookie]), HasSubstr("; Secure"));
}

TEST_F(AuthTest, UsernameIsCaseInsensitive) {
  EXPECT_EQ(LoginRaw("CB.Tinh", kPassword).result_int(), 200);
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  Response wrong = LoginRaw(kProvince, "not-the-password-1");
  Response unknown = LoginRaw("nobody.here", "not-the-password-1");
  EXPECT_EQ(wrong.result_int(), 401);
  EXPECT_EQ(unknown.result_int(), 401);
  EXPECT_EQ(ErrorCodeOf(wrong), "E_LOGIN");
  EXPECT_EQ(ErrorCodeOf(unknown), "E_LOGIN");
  EXPECT_EQ(Body(wrong)["message"], Body(unknown)["message"]);
  EXPECT_EQ(wrong.find(http::field::set_cookie), wrong.end());
}

TEST_F(AuthTest, DisabledUserCannotSignIn) {
  Response res = LoginRaw(kDisabled, kPassword);
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(ErrorCodeOf(res), "E_LOGIN");
  EXPECT_EQ(res.find(http::field::set_cookie), res.end());
}

TEST_F(AuthTest, MissingOrMistypedFieldsAre400) {
  for (const json& body :
       {json{{"username", std::string(kProvince)}}, json{{"password", std::string(kPassword)}},
        json::object(), json{{"username", 5}, {"password", std::string(kPassword)}},
        json{{"username", std::string(kProvince)}, {"password", nullptr}},
        json{{"username", {"a"}}, {"password", {{"x", 1}}}}}) {
    Response res = Post("/api/auth/login", {}, body);
    EXPECT_EQ(res.result_int(), 400) << body.dump();
    EXPECT_EQ(ErrorCodeOf(res), "E_INVALID") << body.dump();
  }
}

TEST_F(AuthTest, BodyThatIsNotJsonIs415AndMalformedJsonIs400) {
  Response form = Send(http::verb::post, "/api/auth/login", {}, "username=a&password=b",
                       "application/x-www-form-urlencoded");
  EXPECT_EQ(form.result_int(), 415);
  EXPECT_EQ(ErrorCodeOf(form), "E_MEDIA_TYPE");
  Response none = Send(http::verb::post, "/api/auth/login", {}, "{}", "text/plain");
  EXPECT_EQ(none.result_int(), 415);
  for (const char* bad : {"{\"username\": ", "[1,2]", "\"text\"", "", "{'a':1}", "nul"}) {
    Response res = Send(http::verb::post, "/api/auth/login", {}, bad, "application/json");
    EXPECT_EQ(res.result_int(), 400) << bad;
    EXPECT_EQ(ErrorCodeOf(res), "E_JSON") << bad;
  }
}

TEST_F(AuthTest, AuditRecordsSignInsButNeverThePassword) {
  const std::string secret = "Wrong-Horse-Battery-9";
  LoginRaw(kProvince, secret);
  LoginRaw("no.such.user", secret);
  LoginRaw(secret, secret);  // a password typed into the username field
  Login(kProvince);
  std::vector<store::AuditEntry> log = AuditLog();
  int failed = 0, ok = 0;
  for (const store::AuditEntry& e : log) {
    for (const std::string* text : {&e.username, &e.object_id, &e.address, &e.action}) {
      EXPECT_THAT(*text, Not(HasSubstr(secret)));
      EXPECT_THAT(*text, Not(HasSubstr(kPassword)));
    }
    for (const auto* text : {&e.before, &e.after}) {
      if (!*text) continue;
      EXPECT_THAT(**text, Not(HasSubstr(secret)));
      EXPECT_THAT(**text, Not(HasSubstr(kPassword)));
    }
    if (e.object_type != "session") continue;
    EXPECT_EQ(e.address, address_);
    if (e.action == "login_failed") ++failed;
    if (e.action == "login") {
      ++ok;
      EXPECT_EQ(e.username, kProvince);
    }
  }
  EXPECT_EQ(failed, 3);
  EXPECT_EQ(ok, 1);
}

TEST_F(AuthTest, SessionCookieAuthenticates) {
  Caller c = Login(kCommune);
  Response res = Get("/api/me", c);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  json me = Body(res);
  EXPECT_EQ(me["username"], kCommune);
  EXPECT_EQ(me["csrfToken"], c.csrf);
  EXPECT_THAT(me["authorities"].dump(), HasSubstr("enter_data"));
  EXPECT_THAT(me["authorities"].dump(), Not(HasSubstr("manage_users")));
}

TEST_F(AuthTest, NoCookieOrAForgedOneIs401) {
  Response none = Get("/api/me");
  EXPECT_EQ(none.result_int(), 401);
  EXPECT_EQ(ErrorCodeOf(none), "E_UNAUTHENTICATED");
  Caller forged;
  forged.cookie = access::RandomToken();  // 43 characters, like a real one
  ASSERT_EQ(forged.cookie.size(), 43u);
  Response res = Get("/api/me", forged);
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(ErrorCodeOf(res), "E_UNAUTHENTICATED");
  forged.cookie = "short";
  EXPECT_EQ(Get("/api/me", forged).result_int(), 401);
}

TEST_F(AuthTest, LogoutEndsTheSessionAndClearsTheCookie) {
  Caller c = Login(kCommune);
  Response out = Post("/api/auth/logout", c, json::object());
  ASSERT_EQ(out.result_int(), 200) << out.body();
  EXPECT_THAT(std::string(out[http::field::set_cookie]), HasSubstr("Max-Age=0"));
  EXPECT_EQ(Get("/api/me", c).result_int(), 401);
  // Not merely forgotten by this process: the store no longer has it.
  clock_.Advance(2000);
  EXPECT_EQ(Get("/api/me", c).result_int(), 401);
}

TEST_F(AuthTest, SessionEndsAfterThirtyIdleMinutes) {
  Caller c = Login(kCommune);
  clock_.Advance(29 * kMinute);
  EXPECT_EQ(Get("/api/me", c).result_int(), 200);  // used: the idle clock restarts
  clock_.Advance(29 * kMinute);
  EXPECT_EQ(Get("/api/me", c).result_int(), 200);
  clock_.Advance(30 * kMinute + 1000);
  EXPECT_EQ(Get("/api/me", c).result_int(), 401);
  clock_.Advance(1000);
  EXPECT_EQ(Get("/api/me", c).result_int(), 401);
}

TEST_F(AuthTest, IdleExpiryHoldsForANewProcessToo) {
  Caller c = Login(kCommune);
  clock_.Advance(20 * kMinute);
  EXPECT_EQ(Get("/api/me", c).result_int(), 200);
  // Another server process over the same database knows only the store.
  ApiOptions options;
  options.auth.password_cost = access::PasswordCost::kMinimum;
  Result<std::unique_ptr<Api>> other = Api::Create(*store_, clock_, options);
  ASSERT_TRUE(other.ok());
  api_.swap(*other);
  clock_.Advance(31 * kMinute);
  EXPECT_EQ(Get("/api/me", c).result_int(), 401);
}

TEST_F(AuthTest, SessionEndsTwelveHoursAfterSignInHoweverBusy) {
  Caller c = Login(kCommune);
  for (int i = 0; i < 12 * 4 - 1; ++i) {
    clock_.Advance(15 * kMinute);
    ASSERT_EQ(Get("/api/me", c).result_int(), 200) << i;
  }
  clock_.Advance(15 * kMinute + 1000);  // 12 h and a second after sign-in
  Response res = Get("/api/me", c);
  EXPECT_EQ(res.result_int(), 401);
}

TEST_F(AuthTest, UnsafeMethodWithCookieNeedsTheCsrfToken) {
  Caller c = Login(kCommune);
  Caller without = c;
  without.csrf.clear();
  Response res = Post("/api/me/tokens", without, {{"name", "x"}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_CSRF");
  EXPECT_THAT(res.body(), Not(HasSubstr("gmt_")));
  Caller wrong = c;
  wrong.csrf = access::RandomToken();
  res = Post("/api/me/tokens", wrong, {{"name", "x"}});
  EXPECT_EQ(res.result_int(), 403);
  EXPECT_EQ(ErrorCodeOf(res), "E_CSRF");
  wrong.csrf = c.csrf.substr(0, 10);
  EXPECT_EQ(Post("/api/me/tokens", wrong, {{"name", "x"}}).result_int(), 403);
  // Logout too: a forged sign-out is a nuisance.
  EXPECT_EQ(Post("/api/auth/logout", without, json::object()).result_int(), 403);
  EXPECT_EQ(Get("/api/me", c).result_int(), 200);
  EXPECT_EQ(Post("/api/me/tokens", c, {{"name", "x"}}).result_int(), 201);
}

TEST_F(AuthTest, CsrfTokenOfAnotherSessionIsRefused) {
  Caller a = Login(kCommune);
  Caller b = Login(kProvince);
  Caller mixed = a;
  mixed.csrf = b.csrf;
  EXPECT_EQ(Post("/api/me/tokens", mixed, {{"name", "x"}}).result_int(), 403);
}

TEST_F(AuthTest, BearerTokenIsShownOnceAndNeedsNoCsrf) {
  Caller session = Login(kProvince);
  Response created =
      Post("/api/me/tokens", session, {{"name", "DHIS2 sync"}, {"expiresInDays", 30}});
  ASSERT_EQ(created.result_int(), 201) << created.body();
  EXPECT_EQ(created[http::field::cache_control], "no-store");
  json token = Body(created);
  std::string secret = token["token"];
  EXPECT_TRUE(access::LooksLikeApiToken(secret));
  Response list = Get("/api/me/tokens", session);
  ASSERT_EQ(list.result_int(), 200);
  EXPECT_THAT(list.body(), HasSubstr("DHIS2 sync"));
  EXPECT_THAT(list.body(), Not(HasSubstr(secret)));
  EXPECT_THAT(list.body(), Not(HasSubstr(access::TokenHash(secret))));

  Caller bearer;
  bearer.bearer = secret;
  Response me = Get("/api/me", bearer);
  ASSERT_EQ(me.result_int(), 200) << me.body();
  EXPECT_EQ(Body(me)["username"], kProvince);
  EXPECT_FALSE(Body(me).contains("csrfToken"));
  // A change without any CSRF header.
  EXPECT_EQ(Post("/api/me/tokens", bearer, {{"name", "second"}}).result_int(), 201);
}

TEST_F(AuthTest, RevokedTokenIs401) {
  Caller session = Login(kProvince);
  json token = Body(Post("/api/me/tokens", session, {{"name", "t"}}));
  Caller bearer;
  bearer.bearer = token["token"];
  ASSERT_EQ(Get("/api/me", bearer).result_int(), 200);
  Response revoked =
      Delete("/api/me/tokens/" + std::to_string(token["id"].get<int64_t>()), session);
  ASSERT_EQ(revoked.result_int(), 200) << revoked.body();
  Response res = Get("/api/me", bearer);
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(ErrorCodeOf(res), "E_UNAUTHENTICATED");
  EXPECT_EQ(res[http::field::www_authenticate], "Bearer");
}

TEST_F(AuthTest, TokensOfOthersCannotBeRevoked) {
  Caller owner = Login(kProvince);
  json token = Body(Post("/api/me/tokens", owner, {{"name", "t"}}));
  Caller other = Login(kCommune);
  Response res = Delete("/api/me/tokens/" + std::to_string(token["id"].get<int64_t>()), other);
  EXPECT_EQ(res.result_int(), 404);
  Caller bearer;
  bearer.bearer = token["token"];
  EXPECT_EQ(Get("/api/me", bearer).result_int(), 200);
  EXPECT_EQ(Delete("/api/me/tokens/abc", owner).result_int(), 404);
  EXPECT_EQ(Delete("/api/me/tokens/99999999999999999999", owner).result_int(), 404);
}

TEST_F(AuthTest, TokenExpires) {
  Caller session = Login(kProvince);
  Caller bearer;
  bearer.bearer =
      Body(Post("/api/me/tokens", session, {{"name", "t"}, {"expiresInDays", 1}}))["token"];
  ASSERT_EQ(Get("/api/me", bearer).result_int(), 200);
  clock_.Advance(24 * kHour + 1000);
  EXPECT_EQ(Get("/api/me", bearer).result_int(), 401);
}

TEST_F(AuthTest, GarbageBearerIs401EvenWithAValidCookie) {
  Caller c = Login(kProvince);
  for (const char* garbage : {"gmt_xyz", "abc", "gmt_", ""}) {
    Caller bad = c;
    bad.bearer = garbage;
    if (bad.bearer.empty()) continue;
    Response res = Get("/api/me", bad);
    EXPECT_EQ(res.result_int(), 401) << garbage;
    EXPECT_EQ(ErrorCodeOf(res), "E_UNAUTHENTICATED");
  }
  Caller fake;
  fake.bearer = access::NewApiToken();
  EXPECT_EQ(Get("/api/me", fake).result_int(), 401);
  Response basic = Get("/api/me", {}, {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
  EXPECT_EQ(basic.result_int(), 401);
}

TEST_F(AuthTest, TokenOfADisabledUserStopsWorking) {
  Caller bearer = TokenOf(kCommune);
  ASSERT_EQ(Get("/api/me", bearer).result_int(), 200);
  Caller admin = Login(kAdmin);
  ASSERT_EQ(Put("/api/users/" + std::string(kCommune), admin, {{"disabled", true}}).result_int(),
            200);
  EXPECT_EQ(Get("/api/me", bearer).result_int(), 401);
}

TEST_F(AuthTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < 4; ++i) {
    Response res = LoginRaw(kCommune, "wrong-password-" + std::to_string(i));
    EXPECT_EQ(res.result_int(), 401) << i;
    EXPECT_EQ(ErrorCodeOf(res), "E_LOGIN");
  }
  Response fifth = LoginRaw(kCommune, "wrong-password-5");
  EXPECT_EQ(fifth.result_int(), 429);
  EXPECT_EQ(ErrorCodeOf(fifth), "E_LOCKED");
  // Locked: even the right password is refused.
  Response locked = LoginRaw(kCommune, kPassword);
  EXPECT_EQ(locked.result_int(), 429);
  EXPECT_EQ(ErrorCodeOf(locked), "E_LOCKED");
  EXPECT_EQ(locked.find(http::field::set_cookie), locked.end());
  clock_.Advance(14 * kMinute);
  EXPECT_EQ(ErrorCodeOf(LoginRaw(kCommune, kPassword)), "E_LOCKED");
  clock_.Advance(kMinute + 1000);
  EXPECT_EQ(LoginRaw(kCommune, kPassword).result_int(), 200);
  // Another user was never locked.
  EXPECT_EQ(LoginRaw(kProvince, kPassword).result_int(), 200);
}

TEST_F(AuthTest, ConcurrentFailuresAreAllCounted) {
  // Five guesses at once: each is counted, so the account locks.
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] {
      Request req{http::verb::post, "/api/auth/login", 11};
      req.set(http::field::content_type, "application/json");
      req.body() = json{{"username", std::string(kCommune)},
                        {"password", "wrong-password-" + std::to_string(i)}}
                       .dump();
      req.prepare_payload();
      RequestContext ctx;
      ctx.remote_address = "203.0.113.70";
      Response res = api_->Handle(req, ctx);
      if (res.result_int() == 401 || res.result_int() == 429) ++refused;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(refused, 5);
  Response res = LoginRaw(kCommune, kPassword);
  EXPECT_EQ(res.result_int(), 429) << res.body();
  EXPECT_EQ(ErrorCodeOf(res), "E_LOCKED");
}

TEST_F(AuthTest, SuccessResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) LoginRaw(kCommune, "wrong-password");
  ASSERT_EQ(LoginRaw(kCommune, kPassword).result_int(), 200);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(LoginRaw(kCommune, "wrong-password").result_int(), 401) << i;
  }
  EXPECT_EQ(LoginRaw(kCommune, kPassword).result_int(), 200);
}

TEST_F(AuthTest, AdminUnlocksALockedUser) {
  for (int i = 0; i < 5; ++i) LoginRaw(kCommune, "wrong-password");
  ASSERT_EQ(ErrorCodeOf(LoginRaw(kCommune, kPassword)), "E_LOCKED");
  Caller admin = Login(kAdmin);
  Response res = Put("/api/users/" + std::string(kCommune), admin, {{"locked", false}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(LoginRaw(kCommune, kPassword).result_int(), 200);
}

TEST_F(AuthTest, TwentyFailuresFromOneAddressLockTheAddress) {
  address_ = "203.0.113.50";
  for (int i = 0; i < 20; ++i) {
    // Different usernames, none of them locked on its own.
    Response res = LoginRaw("guess" + std::to_string(i), "wrong-password");
    ASSERT_EQ(res.result_int(), 401) << i;
  }
  Response res = LoginRaw(kProvince, kPassword);
  EXPECT_EQ(res.result_int(), 429);
  EXPECT_EQ(ErrorCodeOf(res), "E_ADDRESS_LOCKED");
  EXPECT_EQ(res.find(http::field::set_cookie), res.end());
  // Another address is not affected.
  address_ = "203.0.113.51";
  EXPECT_EQ(LoginRaw(kProvince, kPassword).result_int(), 200);
  // After the window the address may try again.
  address_ = "203.0.113.50";
  clock_.Advance(15 * kMinute + 1000);
  EXPECT_EQ(LoginRaw(kProvince, kPassword).result_int(), 200);
}

TEST_F(AuthTest, AddressLockoutCountsBadPasswordsOfRealUsersToo) {
  address_ = "203.0.113.60";
  const std::vector<std::string_view> users = {kCommune, kProvince, kViewer, kPartner, kAdmin};
  for (int i = 0; i < 20; ++i) {
    Response res = LoginRaw(users[i % users.size()], "wrong-password");
    ASSERT_EQ(res.result_int(), 401) << i << " " << res.body();
  }
  EXPECT_EQ(ErrorCodeOf(LoginRaw(kOtherCommune, kPassword)), "E_ADDRESS_LOCKED");
}

TEST_F(AuthTest, ChangingOwnPasswordEndsEverySession) {
  Caller first = Login(kCommune);
  Caller second = Login(kCommune);
  const std::string next = "Mua-Xuan-Tren-Nui-77";
  Response wrong = Post("/api/me/password", first,
                        {{"currentPassword", "not-it-at-all"}, {"newPassword", next}});
  EXPECT_EQ(wrong.result_int(), 403);
  Response weak =
      Post("/api/me/password", first, {{"currentPassword", kPassword}, {"newPassword", "short"}});
  EXPECT_EQ(weak.result_int(), 400);
  EXPECT_EQ(ErrorCodeOf(weak), "E_PASSWORD");
  Response res =
      Post("/api/me/password", first, {{"currentPassword", kPassword}, {"newPassword", next}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Get("/api/me", first).result_int(), 401);
  EXPECT_EQ(Get("/api/me", second).result_int(), 401);
  EXPECT_EQ(LoginRaw(kCommune, kPassword).result_int(), 401);
  EXPECT_EQ(LoginRaw(kCommune, next).result_int(), 200);
}

}  // namespace
}  // namespace gemis::server::api_test
