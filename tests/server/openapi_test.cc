// docs/openapi.json against the route table of server::Api, both ways: every
// route is documented with its method, authority, security and guard
// responses, and every documented operation is a route. The Api runs over an
// empty database (no demo): only its route table is read.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "access/password.h"
#include "core/clock.h"
#include "server/api.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::server {
namespace {

using nlohmann::json;

constexpr const char* kDocumentPath = GEMIS_SOURCE_DIR "/docs/openapi.json";
// The keys of an OpenAPI path item that are operations.
const std::set<std::string> kOperationKeys = {"get",  "put",   "post",    "delete",
                                              "head", "patch", "options", "trace"};

std::string MethodKey(http::verb method) {
  std::string out(http::to_string(method));
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string RouteName(const Route& r) {
  return std::string(http::to_string(r.method)) + " " + r.pattern;
}

// node[key] when node is an object and that is a string, else "" (a
// malformed document fails the checks, it does not throw).
std::string Text(const json& node, const char* key) {
  if (!node.is_object() || !node.contains(key) || !node[key].is_string()) return {};
  return node[key].get<std::string>();
}

// As api.cc: methods that change state need the CSRF token with a cookie.
bool Unsafe(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

// The node a local reference ("#/components/schemas/Error") names, or
// nullptr when it names nothing.
const json* Pointee(const json& doc, std::string_view ref) {
  if (ref.substr(0, 2) != "#/") return nullptr;
  const json* node = &doc;
  std::string_view rest = ref.substr(2);
  while (true) {
    size_t slash = rest.find('/');
    std::string token(rest.substr(0, slash));
    for (size_t at; (at = token.find("~1")) != std::string::npos;) token.replace(at, 2, "/");
    for (size_t at; (at = token.find("~0")) != std::string::npos;) token.replace(at, 2, "~");
    if (!node->is_object() || !node->contains(token)) return nullptr;
    node = &(*node)[token];
    if (slash == std::string_view::npos) return node;
    rest.remove_prefix(slash + 1);
  }
}

// `node`, or what its "$ref" names (null when that names nothing).
const json& Resolve(const json& doc, const json& node) {
  static const json kNull;
  if (!node.is_object() || !node.contains("$ref") || !node["$ref"].is_string()) return node;
  const json* target = Pointee(doc, node["$ref"].get<std::string>());
  return target ? *target : kNull;
}

// Every "$ref" in `node`, with its place.
void CollectRefs(const json& node, const std::string& where,
                 std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) out.emplace_back(where, value.get<std::string>());
      CollectRefs(value, where + "/" + key, out);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i)
      CollectRefs(node[i], where + "/" + std::to_string(i), out);
  }
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.clock = &clock_;
    Result<std::unique_ptr<store::Store>> store =
        store::OpenSqliteStore(dir_.File("g.db"), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ApiOptions api_options;
    api_options.auth.password_cost = access::PasswordCost::kMinimum;
    Result<std::unique_ptr<Api>> api = Api::Create(*store_, clock_, api_options);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
    ASSERT_FALSE(api_->router().routes().empty());

    std::ifstream in(kDocumentPath, std::ios::binary);
    ASSERT_TRUE(in) << "cannot open " << kDocumentPath;
    std::stringstream text;
    text << in.rdbuf();
    doc_ = json::parse(text.str(), nullptr, false);
    ASSERT_FALSE(doc_.is_discarded()) << kDocumentPath << " is not valid JSON";
    ASSERT_TRUE(doc_.is_object());
    ASSERT_TRUE(doc_.contains("paths") && doc_["paths"].is_object()) << "no paths";
  }

  const std::vector<Route>& routes() const { return api_->router().routes(); }

  // The documented operation of `r`, or nullptr.
  const json* Operation(const Route& r) const {
    const json& paths = doc_["paths"];
    if (!paths.contains(r.pattern)) return nullptr;
    const json& item = paths[r.pattern];
    if (!item.is_object()) return nullptr;
    std::string method = MethodKey(r.method);
    return item.contains(method) && item[method].is_object() ? &item[method] : nullptr;
  }

  // The operation's own security, else the document's.
  const json& Security(const json& op) const {
    static const json kNone;
    if (op.contains("security")) return op["security"];
    return doc_.contains("security") ? doc_["security"] : kNone;
  }

  // The path item's parameters and the operation's, references resolved.
  std::vector<const json*> Parameters(const Route& r, const json& op) const {
    std::vector<const json*> out;
    for (const json* holder : {&doc_["paths"][r.pattern], &op}) {
      if (!holder->contains("parameters")) continue;
      for (const json& p : (*holder)["parameters"]) {
        const json& resolved = Resolve(doc_, p);
        if (resolved.is_object()) out.push_back(&resolved);
      }
    }
    return out;
  }

  bool HasResponse(const json& op, const char* status) const {
    return op.contains("responses") && op["responses"].contains(status);
  }

  test_support::TempDir dir_;
  FixedClock clock_{1778814000000};  // 2026-05-15
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Api> api_;
  json doc_;
};

TEST_F(OpenApiTest, IsOpenApi303WithInfoPathsSecuritySchemesAndTheErrorSchema) {
  EXPECT_EQ(Text(doc_, "openapi"), "3.0.3");
  ASSERT_TRUE(doc_.contains("info") && doc_["info"].is_object());
  EXPECT_TRUE(doc_["info"].contains("title") && doc_["info"]["title"].is_string());
  EXPECT_TRUE(doc_["info"].contains("version") && doc_["info"]["version"].is_string());
  const json* error = Pointee(doc_, "#/components/schemas/Error");
  ASSERT_NE(error, nullptr) << "no components.schemas.Error";
  for (const char* field : {"status", "errorCode", "message", "field"}) {
    EXPECT_TRUE(error->contains("properties") && (*error)["properties"].contains(field))
        << "Error lacks " << field;
  }
  const json* cookie = Pointee(doc_, "#/components/securitySchemes/cookieAuth");
  ASSERT_NE(cookie, nullptr) << "no cookieAuth";
  EXPECT_EQ(Text(*cookie, "type"), "apiKey");
  EXPECT_EQ(Text(*cookie, "in"), "cookie");
  EXPECT_EQ(Text(*cookie, "name"), "gemis_session");
  const json* bearer = Pointee(doc_, "#/components/securitySchemes/bearerAuth");
  ASSERT_NE(bearer, nullptr) << "no bearerAuth";
  EXPECT_EQ(Text(*bearer, "type"), "http");
  EXPECT_EQ(Text(*bearer, "scheme"), "bearer");
}

TEST_F(OpenApiTest, DocumentsEveryRouteWithItsMethod) {
  for (const Route& r : routes()) {
    EXPECT_NE(Operation(r), nullptr) << RouteName(r) << " is not in docs/openapi.json";
  }
}

TEST_F(OpenApiTest, DocumentsNoOperationThatIsNotARoute) {
  for (const auto& [pattern, item] : doc_["paths"].items()) {
    for (const auto& [key, op] : item.items()) {
      if (kOperationKeys.count(key) == 0) continue;
      bool found = false;
      for (const Route& r : routes())
        found = found || (r.pattern == pattern && MethodKey(r.method) == key);
      EXPECT_TRUE(found) << key << " " << pattern << " is documented but is no route";
    }
  }
}

TEST_F(OpenApiTest, NamesEachRoutesAuthority) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr) continue;  // DocumentsEveryRouteWithItsMethod fails
    ASSERT_TRUE(op->contains("x-gemis-authority")) << RouteName(r) << ": no x-gemis-authority";
    const json& documented = (*op)["x-gemis-authority"];
    if (r.authority) {
      EXPECT_EQ(documented, json(std::string(access::AuthorityName(*r.authority)))) << RouteName(r);
    } else {
      EXPECT_TRUE(documented.is_null())
          << RouteName(r) << " needs no authority, documented " << documented.dump();
    }
  }
}

TEST_F(OpenApiTest, MarksPublicRoutesAndOnlyThoseWithoutSecurity) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr) continue;
    const json& security = Security(*op);
    if (r.requires_login) {
      EXPECT_TRUE(security.is_array() && !security.empty())
          << RouteName(r) << " requires a signed-in user but documents security "
          << security.dump();
    } else {
      EXPECT_TRUE(op->contains("security") && (*op)["security"] == json::array())
          << RouteName(r) << " is public: it needs \"security\": []";
    }
  }
}

TEST_F(OpenApiTest, DocumentsTheGuardResponsesOfEachRoute) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr) continue;
    if (r.requires_login) {
      EXPECT_TRUE(HasResponse(*op, "401")) << RouteName(r) << ": no 401";
    }
    if (r.authority) {
      EXPECT_TRUE(HasResponse(*op, "403")) << RouteName(r) << ": no 403";
    }
  }
}

// Api::Dispatch checks the CSRF token of every unsafe request that came with
// the session cookie, on public routes too (a signed-in browser's login).
TEST_F(OpenApiTest, DocumentsTheCsrfHeaderOnUnsafeRoutes) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr || !Unsafe(r.method)) continue;
    bool csrf = false;
    for (const json* p : Parameters(r, *op)) {
      csrf = csrf || (Text(*p, "in") == "header" && Text(*p, "name") == "X-CSRF-Token");
    }
    EXPECT_TRUE(csrf) << RouteName(r) << ": no X-CSRF-Token header parameter";
    EXPECT_TRUE(HasResponse(*op, "403")) << RouteName(r) << ": no 403 (E_CSRF)";
  }
}

TEST_F(OpenApiTest, DeclaresEachPathParameterOfThePattern) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr) continue;
    std::set<std::string> in_pattern, declared;
    for (size_t open = r.pattern.find('{'); open != std::string::npos;
         open = r.pattern.find('{', open + 1)) {
      in_pattern.insert(r.pattern.substr(open + 1, r.pattern.find('}', open) - open - 1));
    }
    for (const json* p : Parameters(r, *op)) {
      if (Text(*p, "in") != "path") continue;
      declared.insert(Text(*p, "name"));
      EXPECT_TRUE(p->contains("required") && (*p)["required"] == true)
          << RouteName(r) << ": path parameter " << Text(*p, "name") << " must be required";
    }
    EXPECT_EQ(declared, in_pattern) << RouteName(r);
  }
}

TEST_F(OpenApiTest, GivesEachOperationATagSummaryDescriptionAndUniqueId) {
  std::set<std::string> tags, ids;
  for (const json& t : doc_.value("tags", json::array())) tags.insert(Text(t, "name"));
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr) continue;
    EXPECT_FALSE(Text(*op, "summary").empty()) << RouteName(r) << ": no summary";
    EXPECT_FALSE(Text(*op, "description").empty()) << RouteName(r) << ": no description";
    const json& op_tags = op->contains("tags") ? (*op)["tags"] : json::array();
    EXPECT_FALSE(op_tags.empty()) << RouteName(r) << ": no tag";
    for (const json& t : op_tags) {
      EXPECT_TRUE(t.is_string() && tags.count(t.get<std::string>()))
          << RouteName(r) << ": tag " << t.dump() << " is not declared in \"tags\"";
    }
    std::string id = Text(*op, "operationId");
    EXPECT_FALSE(id.empty()) << RouteName(r) << ": no operationId";
    EXPECT_TRUE(ids.insert(id).second) << RouteName(r) << ": operationId " << id << " twice";
  }
}

TEST_F(OpenApiTest, AnswersErrorsWithTheErrorSchema) {
  for (const Route& r : routes()) {
    const json* op = Operation(r);
    if (op == nullptr || !op->contains("responses")) continue;
    for (const auto& [status, response] : (*op)["responses"].items()) {
      if (status.size() != 3 || status[0] < '4') continue;
      const json& resolved = Resolve(doc_, response);
      const json* schema = Pointee(resolved, "#/content/application~1json/schema");
      bool error = false;
      if (schema != nullptr) {
        error = Text(*schema, "$ref") == "#/components/schemas/Error";
        if (schema->is_object() && schema->contains("oneOf") && (*schema)["oneOf"].is_array()) {
          for (const json& alt : (*schema)["oneOf"]) {
            error = error || Text(alt, "$ref") == "#/components/schemas/Error";
          }
        }
      }
      EXPECT_TRUE(error) << RouteName(r) << ": response " << status
                         << " is not a components/schemas/Error";
    }
  }
}

TEST_F(OpenApiTest, ResolvesEveryReference) {
  std::vector<std::pair<std::string, std::string>> refs;
  CollectRefs(doc_, "#", refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& [where, ref] : refs) {
    EXPECT_NE(Pointee(doc_, ref), nullptr) << where << ": " << ref << " names nothing";
  }
}

}  // namespace
}  // namespace gemis::server
