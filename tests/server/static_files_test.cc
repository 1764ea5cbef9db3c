#include "server/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "support/temp_dir.h"

namespace gemis::server {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr char kIndex[] = "<!doctype html><title>gemis</title>";
constexpr char kSecret[] = "TOP SECRET";

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

Request Get(std::string target,
            std::initializer_list<std::pair<std::string, std::string>> headers = {},
            http::verb method = http::verb::get) {
  Request req{method, target, 11};
  for (const auto& [name, value] : headers) req.set(name, value);
  return req;
}

json BodyJson(const Response& res) { return json::parse(res.body(), nullptr, false); }

// A built UI in <tmp>/dist, with a secret beside it that must stay unreadable.
class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(dir_.path()) / "dist";
    WriteFile(root_ / "index.html", kIndex);
    WriteFile(root_ / "assets" / "app-3f2a.js", "console.log(1)");
    WriteFile(root_ / "assets" / "app-3f2a.js.gz", "GZIPPED-JS");
    WriteFile(root_ / "assets" / "style-9c1d.css", "body{}");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(root_ / "t\xc3\xaap.txt", "unicode name");
    WriteFile(fs::path(dir_.path()) / "secret.txt", kSecret);
    fs::create_symlink(fs::path(dir_.path()) / "secret.txt", root_ / "leak.txt");
    fs::create_symlink(fs::path(dir_.path()), root_ / "up");
    fs::create_symlink(root_ / "index.html", root_ / "alias.html");
  }

  test_support::TempDir dir_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexForTheRootWithoutCaching) {
  StaticFiles files(root_);
  Response res = files.Serve(Get("/"));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), kIndex);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_FALSE(res[http::field::etag].empty());
  EXPECT_EQ(files.Serve(Get("/index.html")).body(), kIndex);
}

TEST_F(StaticFilesTest, NamesContentTypesByExtension) {
  const std::pair<std::string, std::string> cases[] = {
      {"a.html", "text/html; charset=utf-8"},
      {"a.js", "text/javascript; charset=utf-8"},
      {"a.mjs", "text/javascript; charset=utf-8"},
      {"a.css", "text/css; charset=utf-8"},
      {"a.json", "application/json; charset=utf-8"},
      {"a.js.map", "application/json; charset=utf-8"},
      {"a.svg", "image/svg+xml"},
      {"a.png", "image/png"},
      {"a.ico", "image/x-icon"},
      {"a.woff2", "font/woff2"},
      {"a.webmanifest", "application/manifest+json"},
      {"a.txt", "text/plain; charset=utf-8"},
      {"a.bin", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) WriteFile(root_ / "types" / name, "x");
  StaticFiles files(root_);
  for (const auto& [name, type] : cases) {
    Response res = files.Serve(Get("/types/" + name));
    EXPECT_EQ(res.result(), http::status::ok) << name;
    EXPECT_EQ(res[http::field::content_type], type) << name;
  }
}

TEST_F(StaticFilesTest, MarksHashedAssetsImmutable) {
  StaticFiles files(root_);
  Response asset = files.Serve(Get("/assets/style-9c1d.css?v=2"));  // query ignored
  EXPECT_EQ(asset.result(), http::status::ok);
  EXPECT_EQ(asset.body(), "body{}");
  EXPECT_EQ(asset[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(files.Serve(Get("/t%C3%AAp.txt"))[http::field::cache_control], "no-cache");
  EXPECT_EQ(files.Serve(Get("/t%C3%AAp.txt")).body(), "unicode name");
}

TEST_F(StaticFilesTest, AnswersIfNoneMatchWith304) {
  StaticFiles files(root_);
  Response first = files.Serve(Get("/assets/style-9c1d.css"));
  std::string etag(first[http::field::etag]);
  ASSERT_EQ(etag.front(), '"');
  for (const std::string& match : {etag, "W/" + etag, std::string("*"), "\"other\", " + etag}) {
    Response again = files.Serve(Get("/assets/style-9c1d.css", {{"If-None-Match", match}}));
    EXPECT_EQ(again.result(), http::status::not_modified) << match;
    EXPECT_TRUE(again.body().empty());
    EXPECT_EQ(again[http::field::etag], etag);
  }
  Response other = files.Serve(Get("/assets/style-9c1d.css", {{"If-None-Match", "\"other\""}}));
  EXPECT_EQ(other.result(), http::status::ok);
  WriteFile(root_ / "assets" / "style-9c1d.css", "body{color:red}");
  Response changed = files.Serve(Get("/assets/style-9c1d.css", {{"If-None-Match", etag}}));
  EXPECT_EQ(changed.result(), http::status::ok);
  EXPECT_NE(changed[http::field::etag], etag);
}

TEST_F(StaticFilesTest, SendsThePrecompressedFileWhenGzipIsAccepted) {
  StaticFiles files(root_);
  Response gz = files.Serve(Get("/assets/app-3f2a.js", {{"Accept-Encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(gz.body(), "GZIPPED-JS");
  EXPECT_EQ(gz[http::field::content_encoding], "gzip");
  EXPECT_EQ(gz[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(gz[http::field::vary], "Accept-Encoding");
  for (const char* refused : {"br", "gzip;q=0", "gzip; q=0.000, br", ""}) {
    Response plain = files.Serve(Get("/assets/app-3f2a.js", {{"Accept-Encoding", refused}}));
    EXPECT_EQ(plain.body(), "console.log(1)") << refused;
    EXPECT_EQ(plain.find(http::field::content_encoding), plain.end()) << refused;
    EXPECT_EQ(plain[http::field::vary], "Accept-Encoding") << refused;
    EXPECT_NE(plain[http::field::etag], gz[http::field::etag]);
  }
  EXPECT_EQ(files.Serve(Get("/assets/app-3f2a.js", {{"Accept-Encoding", "*"}})).body(),
            "GZIPPED-JS");
  EXPECT_EQ(files.Serve(Get("/assets/app-3f2a.js", {{"Accept-Encoding", "GZIP;q=0.5"}})).body(),
            "GZIPPED-JS");
  Response css = files.Serve(Get("/assets/style-9c1d.css", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(css.body(), "body{}");
  EXPECT_EQ(css.find(http::field::vary), css.end());
}

TEST_F(StaticFilesTest, ServesIndexForClientSideRoutes) {
  StaticFiles files(root_);
  for (const char* route : {"/plans/42", "/progress", "/etc/passwd", "/assets"}) {
    Response res = files.Serve(Get(route));
    EXPECT_EQ(res.result(), http::status::ok) << route;
    EXPECT_EQ(res.body(), kIndex) << route;
    EXPECT_EQ(res[http::field::cache_control], "no-cache") << route;
  }
  for (const char* missing : {"/assets/gone-1234.js", "/favicon.ico", "/plans/42.json"}) {
    Response res = files.Serve(Get(missing));
    EXPECT_EQ(res.result(), http::status::not_found) << missing;
    EXPECT_EQ(BodyJson(res)["errorCode"], "E_NOT_FOUND") << missing;
  }
}

TEST_F(StaticFilesTest, RefusesEveryWayOutOfTheRootWith404) {
  StaticFiles files(root_);
  for (const char* target : {"/../secret.txt",
                             "/%2e%2e/secret.txt",
                             "/%2E%2E/secret.txt",
                             "/assets/..%2f..%2fsecret.txt",
                             "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
                             "/..\\secret.txt",
                             "/%5c..%5csecret.txt",
                             "/index.html%00.txt",
                             "//secret.txt",
                             "/%2fetc%2fpasswd",
                             "/leak.txt",
                             "/up/secret.txt",
                             "/.env",
                             "/%2eenv",
                             "/assets/./app.js",
                             "/%",
                             "/%4",
                             "/%zz.txt",
                             "http://gemis.example/index.html",
                             "secret.txt",
                             ""}) {
    Response res = files.Serve(Get(target));
    EXPECT_EQ(res.result(), http::status::not_found) << target;
    EXPECT_EQ(BodyJson(res)["errorCode"], "E_NOT_FOUND") << target;
    EXPECT_EQ(res.body().find(kSecret), std::string::npos) << target;
  }
}

TEST_F(StaticFilesTest, FollowsSymlinksThatStayInsideTheRoot) {
  StaticFiles files(root_);
  Response res = files.Serve(Get("/alias.html"));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), kIndex);
}

TEST_F(StaticFilesTest, SaysTheUiIsNotBuiltWhenTheRootOrIndexIsMissing) {
  StaticFiles missing(root_ / "nope");
  Response res = missing.Serve(Get("/", {{"Accept-Language", "en"}}));
  EXPECT_EQ(res.result(), http::status::not_found);
  json body = BodyJson(res);
  EXPECT_EQ(body["errorCode"], "E_UI_NOT_BUILT");
  EXPECT_NE(body["message"].get<std::string>().find("make build"), std::string::npos);
  EXPECT_NE(BodyJson(missing.Serve(Get("/")))["message"].get<std::string>().find("make build"),
            std::string::npos);  // Vietnamese too

  fs::remove(root_ / "index.html");
  StaticFiles no_index(root_);
  EXPECT_EQ(BodyJson(no_index.Serve(Get("/")))["errorCode"], "E_UI_NOT_BUILT");
  EXPECT_EQ(BodyJson(no_index.Serve(Get("/plans/1")))["errorCode"], "E_UI_NOT_BUILT");
  EXPECT_EQ(no_index.Serve(Get("/assets/style-9c1d.css")).result(), http::status::ok);
}

TEST_F(StaticFilesTest, AllowsOnlyGetAndHead) {
  StaticFiles files(root_);
  for (http::verb method : {http::verb::post, http::verb::put, http::verb::delete_}) {
    Response res = files.Serve(Get("/index.html", {}, method));
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_EQ(res[http::field::allow], "GET, HEAD");
    EXPECT_EQ(BodyJson(res)["errorCode"], "E_METHOD_NOT_ALLOWED");
  }
}

TEST_F(StaticFilesTest, AnswersHeadWithTheLengthOnly) {
  StaticFiles files(root_);
  Response res = files.Serve(Get("/assets/style-9c1d.css", {}, http::verb::head));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[http::field::content_length], "6");
  EXPECT_EQ(res[http::field::content_type], "text/css; charset=utf-8");
}

}  // namespace
}  // namespace gemis::server
