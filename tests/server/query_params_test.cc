// RequestTarget::Parse, PercentDecode / PercentEncode and CookieValue.
#include "server/query_params.h"

#include <gtest/gtest.h>

namespace gemis::server {
namespace {

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  Result<std::string> d = PercentDecode("Cao%20B%e1%BA%B1ng", false);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, "Cao Bằng");
}

TEST(PercentDecode, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(*PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, RejectsBadAndTruncatedEscapes) {
  for (const char* bad : {"%", "%4", "%zz", "a%g0", "abc%", "%%41", "%4%41"}) {
    Result<std::string> d = PercentDecode(bad, true);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), ErrorCode::kInvalidInput) << bad;
    }
  }
}

TEST(PercentDecode, AcceptsAnEscapeAtTheVeryEnd) {
  Result<std::string> d = PercentDecode("ab%41", false);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, "abA");
}

TEST(PercentDecode, RejectsInvalidUtf8AndNul) {
  EXPECT_FALSE(PercentDecode("%C3%28", false).ok());  // a lead byte without its continuation
  EXPECT_FALSE(PercentDecode("%FF", false).ok());
  EXPECT_FALSE(PercentDecode("a%00b", false).ok());
  EXPECT_FALSE(PercentDecode("%ED%A0%80", false).ok());  // a UTF-16 surrogate
}

TEST(PercentEncode, EncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(PercentEncode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(PercentEncode("ằ"), "%E1%BA%B1");
}

TEST(PercentEncode, RoundTripsThroughDecode) {
  const std::string text = "Xã Suối Hai; ' OR 1=1 -- +%&=?#";
  Result<std::string> back = PercentDecode(PercentEncode(text), true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, text);
}

TEST(RequestTargetParse, SplitsPathAndQuery) {
  Result<RequestTarget> t = RequestTarget::Parse("/api/orgUnits/abc?asOf=2025-07-01&page=2");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->path(), "/api/orgUnits/abc");
  EXPECT_EQ(t->Get("asOf"), "2025-07-01");
  EXPECT_EQ(t->Get("page"), "2");
  EXPECT_EQ(t->Get("pageSize"), std::nullopt);
  EXPECT_EQ(t->params().size(), 2u);
}

TEST(RequestTargetParse, DecodesThePathWithoutTurningPlusIntoSpace) {
  Result<RequestTarget> t = RequestTarget::Parse("/api/users/a+b%2Ec");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path(), "/api/users/a+b.c");
}

TEST(RequestTargetParse, RepeatedParametersKeepTheirOrder) {
  Result<RequestTarget> t =
      RequestTarget::Parse("/api/analytics?dimension=dx:A&dimension=ou:B%3BC&dimension=pe:2024");
  ASSERT_TRUE(t.ok());
  std::vector<std::string_view> all = t->GetAll("dimension");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], "dx:A");
  EXPECT_EQ(all[1], "ou:B;C");
  EXPECT_EQ(all[2], "pe:2024");
  EXPECT_EQ(t->Get("dimension"), "dx:A");
  EXPECT_TRUE(t->GetAll("missing").empty());
}

TEST(RequestTargetParse, EmptyPairsAndValuesAndNamesWithoutValues) {
  Result<RequestTarget> t = RequestTarget::Parse("/x?&&a=&b&=c&q=x+y");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->Get("a"), "");
  EXPECT_EQ(t->Get("b"), "");
  EXPECT_EQ(t->Get(""), "c");
  EXPECT_EQ(t->Get("q"), "x y");
}

TEST(RequestTargetParse, AQuestionMarkWithNothingAfterIt) {
  Result<RequestTarget> t = RequestTarget::Parse("/api/me?");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path(), "/api/me");
  EXPECT_TRUE(t->params().empty());
}

TEST(RequestTargetParse, ABadEscapeNamesWhereItIs) {
  Result<RequestTarget> path = RequestTarget::Parse("/api/users/%zz");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(path.status().where().field, "path");

  Result<RequestTarget> name = RequestTarget::Parse("/api/me?a%=1");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().where().field, "query");

  Result<RequestTarget> value = RequestTarget::Parse("/api/me?asOf=%C3");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().where().field, "asOf");
}

TEST(RequestTargetParse, ANulInAValueIsRefused) {
  EXPECT_FALSE(RequestTarget::Parse("/api/me?user=a%00b").ok());
}

TEST(CookieValue, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(CookieValue("a=1; gemis_session=abc; b=2", "gemis_session"), "abc");
  EXPECT_EQ(CookieValue("gemis_session=abc", "gemis_session"), "abc");
  EXPECT_EQ(CookieValue("  gemis_session = abc ;", "gemis_session"), "abc");
  EXPECT_EQ(CookieValue("a=1;b=2", "gemis_session"), std::nullopt);
  EXPECT_EQ(CookieValue("", "gemis_session"), std::nullopt);
}

TEST(CookieValue, DoesNotMatchAPrefixOrSuffixOfTheName) {
  EXPECT_EQ(CookieValue("xgemis_session=1; gemis_session_old=2", "gemis_session"), std::nullopt);
}

TEST(CookieValue, TakesTheFirstOfRepeatedCookies) {
  EXPECT_EQ(CookieValue("gemis_session=first; gemis_session=second", "gemis_session"), "first");
}

TEST(CookieValue, UnquotesAQuotedValueAndKeepsEqualsSigns) {
  EXPECT_EQ(CookieValue("gemis_session=\"abc\"", "gemis_session"), "abc");
  EXPECT_EQ(CookieValue("gemis_session=a=b", "gemis_session"), "a=b");
  EXPECT_EQ(CookieValue("gemis_session=\"", "gemis_session"), "\"");
}

TEST(CookieValue, SkipsItemsWithoutEqualsSign) {
  EXPECT_EQ(CookieValue("junk; gemis_session=v", "gemis_session"), "v");
  EXPECT_EQ(CookieValue("gemis_session", "gemis_session"), std::nullopt);
}

}  // namespace
}  // namespace gemis::server
