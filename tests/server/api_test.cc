// Api::Handle's dispatch: public and unknown routes, 405 with Allow, bad
// targets, JSON errors, Cache-Control and the ETag / If-None-Match of GET.
#include "server/api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using ApiDispatch = ApiTest;

TEST_F(ApiDispatch, HealthIsPublic) {
  Response res = Get("/api/health");
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(Body(res)["status"], "ok");
  EXPECT_THAT(std::string(res[http::field::content_type]), HasSubstr("application/json"));
}

TEST_F(ApiDispatch, UnknownRouteIs404ERoute) {
  for (const char* target : {"/api/nothing", "/api", "/api/users/a/b", "/api/health/",
                             "/api//health", "/api/orgUnits/x/y"}) {
    Response res = Get(target);
    EXPECT_EQ(res.result_int(), 404) << target;
    EXPECT_EQ(ErrorCodeOf(res), "E_ROUTE") << target;
    EXPECT_EQ(Body(res)["status"], 404) << target;
  }
}

TEST_F(ApiDispatch, UnknownRouteIs404EvenWhenSignedIn) {
  Caller admin = Login(kAdmin);
  Response res = Get("/api/secret", admin);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(ErrorCodeOf(res), "E_ROUTE");
}

TEST_F(ApiDispatch, WrongMethodIs405WithAllow) {
  Response res = Send(http::verb::delete_, "/api/users");
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(ErrorCodeOf(res), "E_METHOD");
  std::string allow(res[http::field::allow]);
  EXPECT_THAT(allow, HasSubstr("GET"));
  EXPECT_THAT(allow, HasSubstr("POST"));
  EXPECT_THAT(allow, Not(HasSubstr("DELETE")));

  Response health = Send(http::verb::post, "/api/health", {}, "{}");
  EXPECT_EQ(health.result_int(), 405);
  EXPECT_EQ(std::string(health[http::field::allow]), "GET");
}

TEST_F(ApiDispatch, MethodIsCheckedBeforeSignIn) {
  // 405 tells nothing a signed-out caller may not know: the route table is public.
  Response res = Send(http::verb::patch, "/api/dataValues");
  EXPECT_EQ(res.result_int(), 405);
}

TEST_F(ApiDispatch, BadPercentEscapeInTargetIs400) {
  for (const char* target :
       {"/api/users/%zz", "/api/orgUnits?q=%", "/api/me?x=%C3%28", "/api/orgUnits?asOf=%00"}) {
    Response res = Get(target);
    EXPECT_EQ(res.result_int(), 400) << target;
    EXPECT_EQ(ErrorCodeOf(res), "E_INVALID") << target;
  }
}

TEST_F(ApiDispatch, ErrorsAreJsonWithStatusCodeAndMessage) {
  Response res = Get("/api/me");
  ASSERT_EQ(res.result_int(), 401);
  json body = Body(res);
  ASSERT_TRUE(body.is_object()) << res.body();
  EXPECT_EQ(body["status"], 401);
  EXPECT_EQ(body["errorCode"], "E_UNAUTHENTICATED");
  EXPECT_TRUE(body["message"].is_string());
  EXPECT_EQ(last_ctx_.error_code, "E_UNAUTHENTICATED");
}

TEST_F(ApiDispatch, MessagesFollowAcceptLanguage) {
  Response vi = Get("/api/me");
  Response en = Get("/api/me", {}, {{"Accept-Language", "en-US,en;q=0.9"}});
  EXPECT_NE(Body(vi)["message"], Body(en)["message"]);
}

TEST_F(ApiDispatch, ApiAnswersAreNotCachedByOthers) {
  Caller c = Login(kProvince);
  Response res = Get("/api/me", c);
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::cache_control], "private, no-cache");
}

TEST_F(ApiDispatch, GetHasAWeakEtagAndIfNoneMatchGives304WithoutBody) {
  Caller c = Login(kProvince);
  const std::string target = "/api/orgUnits?parent=04";
  Response first = Get(target, c);
  ASSERT_EQ(first.result_int(), 200) << first.body();
  std::string tag(first[http::field::etag]);
  ASSERT_THAT(tag, HasSubstr("W/\""));
  Response again = Get(target, c, {{"If-None-Match", tag}});
  EXPECT_EQ(again.result_int(), 304);
  EXPECT_EQ(again.body(), "");
  EXPECT_EQ(std::string(again[http::field::etag]), tag);
  // A list of tags, one of them current.
  Response listed = Get(target, c, {{"If-None-Match", "W/\"0000\", " + tag}});
  EXPECT_EQ(listed.result_int(), 304);
  // Another tag: the full answer.
  Response other = Get(target, c, {{"If-None-Match", "W/\"0123456789abcdef\""}});
  EXPECT_EQ(other.result_int(), 200);
  EXPECT_EQ(other.body(), first.body());
}

TEST_F(ApiDispatch, EtagDependsOnTheAnswer) {
  Caller province = Login(kProvince);
  Caller commune = Login(kCommune);
  Response a = Get("/api/orgUnits", province);
  Response b = Get("/api/orgUnits", commune);
  ASSERT_EQ(a.result_int(), 200);
  ASSERT_EQ(b.result_int(), 200);
  EXPECT_NE(a[http::field::etag], b[http::field::etag]);
  // The province officer's tag does not unlock the commune officer's answer.
  EXPECT_EQ(Get("/api/orgUnits", commune, {{"If-None-Match", std::string(a[http::field::etag])}})
                .result_int(),
            200);
}

TEST_F(ApiDispatch, IfNoneMatchHonoursTheRoutesOwnEtag) {
  Caller admin = Login(kAdmin);
  const std::string target = "/api/users/" + std::string(kCommune);
  Response first = Get(target, admin);
  ASSERT_EQ(first.result_int(), 200);
  std::string tag(first[http::field::etag]);
  ASSERT_FALSE(tag.empty());
  Response again = Get(target, admin, {{"If-None-Match", tag}});
  EXPECT_EQ(again.result_int(), 304);
  EXPECT_EQ(again.body(), "");
  // A weak comparison: the weak form of a strong tag matches too.
  EXPECT_EQ(Get(target, admin, {{"If-None-Match", "W/" + tag}}).result_int(), 304);
}

TEST_F(ApiDispatch, NoEtagOnErrorsAndNo304ForThem) {
  Response res = Get("/api/me", {}, {{"If-None-Match", "*"}});
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(res.find(http::field::etag), res.end());
}

TEST_F(ApiDispatch, HeadIsAnsweredLikeGet) {
  Caller c = Login(kProvince);
  Response res = Send(http::verb::head, "/api/me", c);
  EXPECT_EQ(res.result_int(), 200);
}

TEST_F(ApiDispatch, RoutesAreListedOnce) {
  std::set<std::pair<http::verb, std::string>> seen;
  for (const Route& r : api_->router().routes()) {
    EXPECT_TRUE(seen.insert({r.method, r.pattern}).second) << r.pattern;
    EXPECT_EQ(r.pattern.rfind("/api/", 0), 0u) << r.pattern;
    // Only health and login are public.
    if (!r.requires_login) {
      EXPECT_TRUE(r.pattern == "/api/health" || r.pattern == "/api/auth/login") << r.pattern;
    }
  }
}

TEST_F(ApiDispatch, PublicRoutesWorkWithAnExpiredCookie) {
  Caller c = Login(kProvince);
  clock_.Advance(13 * kHour);
  Response res = Get("/api/health", c);
  EXPECT_EQ(res.result_int(), 200);
}

TEST_F(ApiDispatch, SignInWorksWhileAlreadySignedIn) {
  // A browser that still holds a valid cookie signs in again (another
  // user at the same desk): the sign-in is not refused for want of a CSRF
  // token it could not know.
  Caller c = Login(kProvince);
  Caller cookie_only = c;
  cookie_only.csrf.clear();
  Response res = Post("/api/auth/login", cookie_only,
                      {{"username", std::string(kCommune)}, {"password", std::string(kPassword)}});
  EXPECT_EQ(res.result_int(), 200) << res.body();
}

// Api::RunInline: a route answered from memory runs on the io thread only
// when neither the World nor the caller's credentials need the store.
TEST_F(ApiDispatch, RunInlineOnlyForMemoryRoutesWithFreshCredentials) {
  auto header = [](std::string target, const Caller& who) {
    http::request_header<> h;
    h.method(http::verb::get);
    h.target(target);
    if (!who.cookie.empty()) h.set(http::field::cookie, "gemis_session=" + who.cookie);
    if (!who.bearer.empty()) h.set(http::field::authorization, "Bearer " + who.bearer);
    return h;
  };
  EXPECT_TRUE(api_->RunInline(header("/api/health", {})));
  Caller officer = TokenOf(kProvince);
  // Not yet seen: the first request goes to the pool, which caches it.
  EXPECT_FALSE(api_->RunInline(header("/api/orgUnits/04", officer)));
  ASSERT_EQ(Get("/api/orgUnits/04", officer).result_int(), 200);
  EXPECT_TRUE(api_->RunInline(header("/api/orgUnits/04", officer)));
  EXPECT_TRUE(api_->RunInline(header("/api/orgUnits?parent=04&q=x", officer)));
  EXPECT_TRUE(api_->RunInline(header("/api/dataElements", officer)));
  // Routes that read the store, unknown routes, static files, other methods.
  for (const char* target : {"/api/dataValues?de=x", "/api/audit", "/api/plans", "/api/nothing",
                             "/index.html"}) {
    EXPECT_FALSE(api_->RunInline(header(target, officer))) << target;
  }
  http::request_header<> post = header("/api/orgUnits/04", officer);
  post.method(http::verb::post);
  EXPECT_FALSE(api_->RunInline(post));
  // No credentials, a forged token.
  EXPECT_FALSE(api_->RunInline(header("/api/orgUnits/04", {})));
  Caller forged = officer;
  forged.bearer.back() = forged.bearer.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(api_->RunInline(header("/api/orgUnits/04", forged)));
  // A new session is cached when it is opened.
  Caller session = Login(kProvince);
  EXPECT_TRUE(api_->RunInline(header("/api/orgUnits/04", session)));
  // A second later both the credentials and the World need a check.
  clock_.Advance(1000);
  EXPECT_FALSE(api_->RunInline(header("/api/orgUnits/04", officer)));
  EXPECT_FALSE(api_->RunInline(header("/api/orgUnits/04", session)));
  ASSERT_EQ(Get("/api/orgUnits/04", officer).result_int(), 200);
  EXPECT_TRUE(api_->RunInline(header("/api/orgUnits/04", officer)));
}

}  // namespace
}  // namespace gemis::server::api_test
