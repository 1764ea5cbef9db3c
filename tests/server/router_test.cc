// Router::Find: literal segments, parameters, 404 against 405.
#include "server/router.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gemis::server {
namespace {

Route R(http::verb method, std::string pattern, std::string tag) {
  Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  // The function answers with the route's tag, so a test sees which ran.
  r.fn = [tag](Call&) {
    Response res;
    res.body() = tag;
    return res;
  };
  return r;
}

std::string Param(const Router::Match& m, std::string_view name) {
  for (const auto& [n, v] : m.params) {
    if (n == name) return v;
  }
  return "<none>";
}

class RouterFind : public ::testing::Test {
 protected:
  void SetUp() override {
    // The parameter route is added first: order must not matter.
    router_.Add(R(http::verb::get, "/api/users/{username}", "user"));
    router_.Add(R(http::verb::put, "/api/users/{username}", "put user"));
    router_.Add(R(http::verb::get, "/api/users/me", "me"));
    router_.Add(R(http::verb::get, "/api/users", "list"));
    router_.Add(R(http::verb::post, "/api/users", "create"));
    router_.Add(R(http::verb::delete_, "/api/me/tokens/{id}", "revoke"));
    router_.Add(R(http::verb::get, "/api/a/{x}/b/{y}", "two"));
    router_.Add(R(http::verb::get, "/api/a/{x}/b/lit", "one"));
  }
  Router router_;
};

TEST_F(RouterFind, LiteralSegmentBeatsParameterWhateverTheOrder) {
  Router::Match m = router_.Find(http::verb::get, "/api/users/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/users/me");
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterFind, FewerParametersWinAmongSeveralMatches) {
  Router::Match m = router_.Find(http::verb::get, "/api/a/1/b/lit");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/a/{x}/b/lit");
  EXPECT_EQ(Param(m, "x"), "1");
  EXPECT_EQ(Param(m, "y"), "<none>");
  Router::Match other = router_.Find(http::verb::get, "/api/a/1/b/2");
  ASSERT_NE(other.route, nullptr);
  EXPECT_EQ(Param(other, "x"), "1");
  EXPECT_EQ(Param(other, "y"), "2");
}

TEST_F(RouterFind, ParameterTakesTheDecodedSegment) {
  Router::Match m = router_.Find(http::verb::get, "/api/users/hoa.nt");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/users/{username}");
  EXPECT_EQ(Param(m, "username"), "hoa.nt");
}

TEST_F(RouterFind, ParametersAreDecodedAfterSplitting) {
  // A plan number holds a '/': encoded, it stays inside its segment.
  Router::Match m = router_.Find(http::verb::get, "/api/users/288%2FKH-BC%C4%90");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/users/{username}");
  EXPECT_EQ(Param(m, "username"), "288/KH-BCĐ");
  EXPECT_EQ(router_.Find(http::verb::get, "/api/users/288/KH").route, nullptr);
}

TEST_F(RouterFind, LiteralSegmentsCompareAsSent) {
  // "m%65" is "me" decoded, but only a parameter takes decoded text.
  Router::Match m = router_.Find(http::verb::get, "/api/users/m%65");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/users/{username}");
  EXPECT_EQ(Param(m, "username"), "me");
}

TEST_F(RouterFind, ABadEscapeInAParameterMatchesNothing) {
  Router::Match m = router_.Find(http::verb::get, "/api/users/%zz");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/api/users/a%00b").route, nullptr);
}

TEST_F(RouterFind, UnknownPathIsNotKnown) {
  for (const char* path : {"/api/nothing", "/api/users/a/b", "/api", "/", "", "/api/users/"}) {
    Router::Match m = router_.Find(http::verb::get, path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
  }
}

TEST_F(RouterFind, EmptySegmentsDoNotMatch) {
  EXPECT_EQ(router_.Find(http::verb::get, "/api//users").route, nullptr);
  EXPECT_EQ(router_.Find(http::verb::get, "/api/users//").route, nullptr);
  EXPECT_EQ(router_.Find(http::verb::delete_, "/api/me/tokens/").route, nullptr);
}

TEST_F(RouterFind, KnownPathWithAnotherMethodListsTheAllowedOnes) {
  Router::Match m = router_.Find(http::verb::delete_, "/api/users");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  ASSERT_EQ(m.allowed.size(), 2u);
  EXPECT_NE(std::find(m.allowed.begin(), m.allowed.end(), http::verb::get), m.allowed.end());
  EXPECT_NE(std::find(m.allowed.begin(), m.allowed.end(), http::verb::post), m.allowed.end());
}

TEST_F(RouterFind, AllowedListsEveryRouteWhosePatternMatches) {
  // "/api/users/me" matches the literal and the parameter route.
  Router::Match m = router_.Find(http::verb::post, "/api/users/me");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_NE(std::find(m.allowed.begin(), m.allowed.end(), http::verb::put), m.allowed.end());
  EXPECT_NE(std::find(m.allowed.begin(), m.allowed.end(), http::verb::get), m.allowed.end());
}

TEST_F(RouterFind, HeadIsServedByTheGetRoute) {
  Router::Match m = router_.Find(http::verb::head, "/api/users");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, http::verb::get);
}

TEST_F(RouterFind, MethodMustMatchExactly) {
  Router::Match m = router_.Find(http::verb::put, "/api/users/x");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, http::verb::put);
  EXPECT_EQ(router_.Find(http::verb::post, "/api/me/tokens/1").route, nullptr);
}

TEST(Router, RoutesListsWhatWasAdded) {
  Router router;
  EXPECT_TRUE(router.routes().empty());
  router.Add(R(http::verb::get, "/api/x", "x"));
  ASSERT_EQ(router.routes().size(), 1u);
  EXPECT_EQ(router.routes()[0].pattern, "/api/x");
  EXPECT_TRUE(router.routes()[0].requires_login);
  EXPECT_EQ(router.routes()[0].authority, std::nullopt);
}

}  // namespace
}  // namespace gemis::server
