// Bad input never causes a 500 (api.h invariant 4): for every route,
// malformed JSON, every JSON field with every wrong type, SQL
// metacharacters and 100 KB strings in every query and path parameter and
// every JSON string. Afterwards the database still works.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// A route with valid inputs, to be spoilt one at a time.
struct InputSpec {
  http::verb method;
  std::string pattern;  // "{name}" replaced by path[name]
  std::map<std::string, std::string> path;
  Params query;
  std::optional<json> body;  // JSON body, if the route reads one
};

const std::vector<std::string>& SqlTexts() {
  static const std::vector<std::string> kTexts = {"' OR 1=1 --", "\"; DROP TABLE app_user; --"};
  return kTexts;
}

// Every JSON type, and numbers at the edges of what a parser keeps.
const std::vector<json>& WrongValues() {
  static const std::vector<json> kValues = {json(1),
                                            json(1.5),
                                            json(true),
                                            json(nullptr),
                                            json::array(),
                                            json::object(),
                                            json(""),
                                            json({nullptr}),
                                            json(std::numeric_limits<uint64_t>::max()),
                                            json(std::numeric_limits<int64_t>::min()),
                                            json(1e308),
                                            json(std::string(70, 'z'))};
  return kValues;
}

// Fewer for the import route, whose every call reads the whole hierarchy.
const std::vector<json>& FewWrongValues() {
  static const std::vector<json> kValues = {json(1), json(nullptr), json::array(), json::object()};
  return kValues;
}

class ApiBadInput : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = TokenOf(kAdmin);
    commune_ = TokenOf(kCommune);
    ASSERT_EQ(PostValue(admin_, kElement, "2026", units_.commune, "12").result_int(), 201);
    // Sign-ins that fail must not lock the address the checks come from.
    address_ = "192.0.2.66";
  }
  void TearDown() override {
    address_ = "192.0.2.67";
    if (!HasFatalFailure()) ExpectDatabaseWorks();
  }

  std::vector<InputSpec> Specs() {
    using V = http::verb;
    const std::string element(kElement), commune = units_.commune;
    json value = {{"dataElement", element},
                  {"period", "2026"},
                  {"orgUnit", commune},
                  {"categoryOptionCombo", "default"},
                  {"attributeOptionCombo", "default"},
                  {"value", "3"},
                  {"comment", "ghi chú"},
                  {"followup", false}};
    json model = {
        {"code", "BAD-1"},
        {"kind", "savings_group"},
        {"name", "Tổ tiết kiệm"},
        {"orgUnit", commune},
        {"level", "commune"},
        {"established", "2026-01-01"},
        {"consolidated", json::array()},
        {"place", "thôn 1"},
        {"plan", nullptr},
        {"note", "ghi chú"},
        {"facts", {{{"date", "2026-01-01"}, {"field", "members_female"}, {"value", 12}}}}};
    json kase = {{"code", "BAD-1"},
                 {"kind", "violence"},
                 {"address", "BAD-1"},
                 {"opened", "2026-01-01"},
                 {"incidents", {"physical_assault"}},
                 {"consents", json::array()}};
    json activity = {{"code", "BAD-1"},     {"kind", "training"},
                     {"title", "Tập huấn"}, {"start", "2026-01-01"},
                     {"orgUnit", commune},  {"participants", {{{"sex", "FEMALE"}, {"count", 3}}}}};
    json cadre = {{"code", "BAD-1"},
                  {"name", "Lò Thị Xuân"},
                  {"orgUnit", commune},
                  {"ethnicity", "ETHNIC_08"},
                  {"group", "pipeline"},
                  {"since", "2026-01-05"},
                  {"position", "Phó Chủ tịch Hội LHPN"}};
    json birth = {{"code", "BAD-1"},
                  {"motherName", "Lò Thị Xuân"},
                  {"motherAge", 24},
                  {"commune", commune},
                  {"birthDate", "2026-02-01"},
                  {"payments", {{{"package", "meals"}, {"day", "2026-02-01"}, {"amount", 1}}}}};
    return {
        {V::get, "/api/health", {}, {{"x", "1"}}, std::nullopt},
        {V::post,
         "/api/auth/login",
         {},
         {},
         json{{"username", std::string(kViewer)}, {"password", "not-the-password"}}},
        {V::post, "/api/auth/logout", {}, {}, std::nullopt},
        {V::get, "/api/me", {}, {}, std::nullopt},
        {V::post,
         "/api/me/password",
         {},
         {},
         json{{"currentPassword", "not-the-password"}, {"newPassword", "Another-Password-2026"}}},
        {V::get, "/api/me/tokens", {}, {}, std::nullopt},
        {V::post, "/api/me/tokens", {}, {}, json{{"name", "x"}, {"expiresInDays", 30}}},
        {V::delete_, "/api/me/tokens/{id}", {{"id", "999"}}, {}, std::nullopt},
        {V::get, "/api/users", {}, {{"q", "cb"}}, std::nullopt},
        {V::post,
         "/api/users",
         {},
         {},
         json{{"username", "moi.nguoi"},
              {"displayName", "Người mới"},
              {"email", "moi@example.vn"},
              {"password", "Moi-Nguoi-Dung-2026"},
              {"roles", {"viewer"}},
              {"entryScope", json::array()},
              {"viewScope", {commune}},
              {"contentAreas", json::array()},
              {"disabled", false}}},
        {V::get, "/api/users/{username}", {{"username", std::string(kCommune)}}, {}, std::nullopt},
        {V::put,
         "/api/users/{username}",
         {{"username", std::string(kCommune)}},
         {},
         json{{"displayName", "Tên mới"},
              {"email", "x@example.vn"},
              {"disabled", false},
              {"roles", {"commune_officer"}},
              {"entryScope", {commune}},
              {"viewScope", {commune}},
              {"contentAreas", json::array()},
              {"locked", false}}},
        {V::get, "/api/roles", {}, {}, std::nullopt},
        {V::post,
         "/api/roles",
         {},
         {},
         json{{"code", "vai_tro"},
              {"name", "Vai trò"},
              {"nameEn", "Role"},
              {"authorities", {"read_data"}}}},
        {V::get,
         "/api/orgUnits",
         {},
         {{"asOf", "2026-01-01"},
          {"page", "1"},
          {"pageSize", "10"},
          {"parent", "04"},
          {"level", "4"},
          {"q", "thuc"}},
         std::nullopt},
        {V::get, "/api/orgUnits/{id}", {{"id", commune}}, {{"asOf", "2026-01-01"}}, std::nullopt},
        {V::get,
         "/api/dataValues",
         {},
         {{"de", element}, {"pe", "2026"}, {"ou", commune}, {"co", "default"}, {"cc", "default"}},
         std::nullopt},
        {V::post, "/api/dataValues", {}, {}, value},
        {V::delete_,
         "/api/dataValues",
         {},
         {{"de", element}, {"pe", "2026"}, {"ou", commune}, {"co", "default"}, {"cc", "default"}},
         std::nullopt},
        {V::get,
         "/api/dataValueSets",
         {},
         {{"dataElement", element},
          {"period", "2026"},
          {"orgUnit", commune},
          {"children", "true"},
          {"dataSet", "DS"}},
         std::nullopt},
        {V::post,
         "/api/dataValueSets",
         {},
         {{"dryRun", "true"}, {"importStrategy", "CREATE_AND_UPDATE"}, {"atomicMode", "NONE"}},
         json{{"period", "2026"}, {"orgUnit", commune}, {"dataValues", {value}}}},
        {V::post, "/api/dataValueSets/sheetPreview", {}, {{"sheet", "Số liệu"}}, std::nullopt},
        {V::get,
         "/api/analytics",
         {},
         {{"dimension", "dx:" + element},
          {"dimension", "ou:" + commune},
          {"dimension", "pe:2026"},
          {"asOf", "2026-01-01"}},
         std::nullopt},
        {V::get,
         "/api/audit",
         {},
         {{"objectType", "dataValue"},
          {"objectId", "x"},
          {"user", "admin"},
          {"action", "create"},
          {"from", "2026"},
          {"to", "2027"},
          {"before", "100"},
          {"pageSize", "5"}},
         std::nullopt},
        {V::get, "/api/programNodes", {}, {}, std::nullopt},
        {V::get, "/api/plans", {}, {}, std::nullopt},
        {V::get, "/api/plans/{plan}", {{"plan", "CB-288-2024"}}, {}, std::nullopt},
        {V::get, "/api/plans/{plan}/validation", {{"plan", "288/KH-BCĐ"}}, {}, std::nullopt},
        {V::get,
         "/api/plans/{plan}/allocation",
         {{"plan", "CB-288-2024"}},
         {{"table", "Phụ lục I"}, {"format", "json"}},
         std::nullopt},
        {V::post,
         "/api/plans/{plan}/allocation",
         {{"plan", "CB-288-2024"}},
         {},
         json{{"table", "Phụ lục I"},
              {"dryRun", true},
              {"cells",
               {{{"row", 2},
                 {"column", 2},
                 {"value", "12"},
                 {"was", "11"},
                 {"orgUnit", "049"},
                 {"measure", "P8_TTCD_TO"}}}}}},
        {V::get,
         "/api/plans/{plan}/progress",
         {{"plan", "CB-288-2024"}},
         {{"at", "2026-01-01"}, {"ou", "04"}, {"table", "x"}, {"format", "json"}},
         std::nullopt},
        {V::put,
         "/api/targets/{id}/status",
         {{"id", "1"}},
         {},
         json{{"status", "active"}, {"note", "ghi chú"}}},
        {V::get, "/api/dataElements", {}, {}, std::nullopt},
        {V::get, "/api/indicators", {}, {}, std::nullopt},
        {V::get, "/api/categoryCombos", {}, {}, std::nullopt},
        {V::get, "/api/dataSets", {}, {}, std::nullopt},
        {V::get, "/api/modelKinds", {}, {}, std::nullopt},
        {V::get, "/api/periods", {}, {{"type", "Monthly"}, {"year", "2026"}}, std::nullopt},
        {V::get,
         "/api/models",
         {},
         {{"kind", "savings_group"}, {"orgUnit", commune}},
         std::nullopt},
        {V::post, "/api/models", {}, {}, model},
        {V::get, "/api/models/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::put, "/api/models/{code}", {{"code", "BAD-1"}}, {}, model},
        {V::delete_, "/api/models/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::get,
         "/api/activities",
         {},
         {{"kind", "training"}, {"orgUnit", commune}, {"from", "2026-01-01"}, {"to", "2026-12-31"}},
         std::nullopt},
        {V::post, "/api/activities", {}, {}, activity},
        {V::get, "/api/activities/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::put, "/api/activities/{code}", {{"code", "BAD-1"}}, {}, activity},
        {V::delete_, "/api/activities/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::get, "/api/cadres", {}, {{"orgUnit", commune}}, std::nullopt},
        {V::post, "/api/cadres", {}, {}, cadre},
        {V::get, "/api/cadres/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::put, "/api/cadres/{code}", {{"code", "BAD-1"}}, {}, cadre},
        {V::delete_, "/api/cadres/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::get,
         "/api/beneficiaries",
         {},
         {{"orgUnit", commune}, {"from", "2026-01-01"}, {"to", "2026-12-31"}},
         std::nullopt},
        {V::post, "/api/beneficiaries", {}, {}, birth},
        {V::get, "/api/beneficiaries/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::put, "/api/beneficiaries/{code}", {{"code", "BAD-1"}}, {}, birth},
        {V::delete_, "/api/beneficiaries/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        // The sweep's callers do not hold manage_privacy either (these answer
        // 403; api_privacy_test.cc sends bad bodies as the data-protection
        // officer).
        {V::get, "/api/privacy/requests", {}, {}, std::nullopt},
        {V::post,
         "/api/privacy/requests",
         {},
         {},
         json{{"register", "safe_birth"}, {"recordCode", "BAD-1"}, {"kind", "erasure"}}},
        {V::post, "/api/privacy/requests/{id}/answer", {{"id", "1"}}, {}, json{{"note", "x"}}},
        {V::get, "/api/privacy/breaches", {}, {}, std::nullopt},
        {V::post,
         "/api/privacy/breaches",
         {},
         {},
         json{{"description", "x"}, {"registers", {"case"}}, {"subjects", 3}}},
        {V::put, "/api/privacy/breaches/{id}", {{"id", "1"}}, {}, json{{"measures", "x"}}},
        {V::get, "/api/privacy/registers", {}, {}, std::nullopt},
        {V::get, "/api/privacy/retention", {}, {}, std::nullopt},
        {V::put,
         "/api/privacy/retention/{register}",
         {{"register", "case"}},
         {},
         json{{"years", 5}}},
        {V::post,
         "/api/privacy/retention/apply",
         {},
         {},
         json{{"dryRun", true}, {"asOf", "2026-01-01"}}},
        {V::get,
         "/api/figures/explain",
         {},
         {{"dx", element}, {"pe", "2026"}, {"ou", commune}, {"coc", "default"}},
         std::nullopt},
        // The sweep's callers hold no read_confidential or grant_confidential:
        // these answer 403 before reading the body (api_cases_test.cc sends
        // bad bodies as a caseworker).
        {V::get, "/api/cases", {}, {{"address", "BAD-1"}}, std::nullopt},
        {V::get, "/api/caseAddresses", {}, {}, std::nullopt},
        {V::post, "/api/cases", {}, {}, kase},
        {V::get, "/api/cases/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::put, "/api/cases/{code}", {{"code", "BAD-1"}}, {}, kase},
        {V::delete_, "/api/cases/{code}", {{"code", "BAD-1"}}, {}, std::nullopt},
        {V::post,
         "/api/cases/{code}/referral",
         {{"code", "BAD-1"}},
         {},
         json{{"organisation", "Trạm Y tế"}}},
        {V::get, "/api/caseTeams", {}, {{"address", "BAD-1"}}, std::nullopt},
        {V::post,
         "/api/caseTeams",
         {},
         {},
         json{{"address", "BAD-1"}, {"user", "cb.xa"}, {"role", "caseworker"}}},
        {V::delete_,
         "/api/caseTeams/{address}/{username}",
         {{"address", "BAD-1"}, {"username", "cb.xa"}},
         {},
         std::nullopt},
        // Reporting: a return with a reason per measure carries every kind
        // of member the route reads.
        {V::get, "/api/reportTypes", {}, {}, std::nullopt},
        {V::get, "/api/calendar", {}, {{"year", "2026"}}, std::nullopt},
        {V::get,
         "/api/reports",
         {},
         {{"type", "P8-BC-NAM"}, {"period", "2026"}, {"unit", commune}},
         std::nullopt},
        {V::get, "/api/reports/mine", {}, {}, std::nullopt},
        {V::get, "/api/inbox", {}, {{"page", "1"}, {"pageSize", "20"}}, std::nullopt},
        {V::post, "/api/inbox/{id}/read", {{"id", "999"}}, {}, std::nullopt},
        {V::post, "/api/inbox/readAll", {}, {}, std::nullopt},
        {V::get,
         "/api/reports/{type}/{period}/{unit}",
         {{"type", "P8-BC-NAM"}, {"period", "2026"}, {"unit", commune}},
         {},
         std::nullopt},
        {V::post,
         "/api/reports/{type}/{period}/{unit}",
         {{"type", "P8-BC-NAM"}, {"period", "2026"}, {"unit", commune}},
         {},
         json{{"action", "return"},
              {"comment", "Xem lại"},
              {"returns", {{{"dataElement", "P8_TTCD_TO"}, {"reason", "Chưa khớp"}}}}}},
        {V::get,
         "/api/reports/{type}/{period}/{unit}/document",
         {{"type", "P8-BC-NAM"}, {"period", "2026"}, {"unit", commune}},
         {{"format", "xlsx"}, {"signer", "Nông Thị Hoa"}, {"date", "2026-05-15"}},
         std::nullopt},
        {V::post,
         "/api/reports/{type}/{period}/{unit}/approveAll",
         {{"type", "P8-BC-NAM"}, {"period", "2026"}, {"unit", units_.cao_bang}},
         {},
         std::nullopt},
        {V::get, "/api/reportRequests", {}, {{"type", "P8-DOT-XUAT"}}, std::nullopt},
        {V::post,
         "/api/reportRequests",
         {},
         {},
         json{{"type", "P8-DOT-XUAT"},
              {"period", "2026"},
              {"due", "2026-12-15"},
              {"note", "Theo Công văn số 12"}}},
    };
  }

  static std::string Target(const InputSpec& s, const std::map<std::string, std::string>& path,
                            const Params& query) {
    std::string target = s.pattern;
    for (const auto& [name, value] : path) {
      std::string key = "{" + name + "}";
      target.replace(target.find(key), key.size(), PercentEncode(value));
    }
    for (size_t i = 0; i < query.size(); ++i) {
      target += (i == 0 ? "?" : "&") + PercentEncode(query[i].first) + "=" +
                PercentEncode(query[i].second);
    }
    return target;
  }

  // Sends and checks: no exception, no 5xx. Returns the status.
  int Probe(const InputSpec& s, const Caller& who, const std::string& target,
            const std::string& body, const std::string& what) {
    try {
      Response res = Send(s.method, target, who, body, body.empty() ? "" : "application/json");
      EXPECT_LT(res.result_int(), 500) << Label(s) << " " << what << ": " << res.body();
      EXPECT_GE(res.result_int(), 200) << Label(s) << " " << what;
      ++probes_;
      return res.result_int();
    } catch (const std::exception& e) {
      ADD_FAILURE() << Label(s) << " " << what << " threw: " << e.what();
    }
    return 0;
  }
  int Probe(const InputSpec& s, const Caller& who, const std::map<std::string, std::string>& path,
            const Params& query, const std::optional<json>& body, const std::string& what) {
    return Probe(s, who, Target(s, path, query),
                 body ? body->dump(-1, ' ', false, json::error_handler_t::replace) : "", what);
  }
  static std::string Label(const InputSpec& s) {
    return std::string(http::to_string(s.method)) + " " + s.pattern;
  }

  // Every spoiling of the path and query parameters by `text` (and, with
  // `names`, of the query parameters' names).
  void SpoilParameters(const InputSpec& s, const Caller& who, const std::string& text,
                       const std::string& what, bool names = false) {
    for (const auto& [name, value] : s.path) {
      std::map<std::string, std::string> path = s.path;
      path[name] = text;
      Probe(s, who, path, s.query, s.body, what + " in path " + name);
    }
    for (size_t i = 0; i < s.query.size(); ++i) {
      Params query = s.query;
      query[i].second = text;
      Probe(s, who, s.path, query, s.body, what + " in query " + query[i].first);
      if (!names) continue;
      query = s.query;
      query[i].first = text;
      Probe(s, who, s.path, query, s.body, what + " as a query name");
    }
  }

  // Every JSON leaf (and every container) replaced by `value`.
  void SpoilBody(const InputSpec& s, const Caller& who, const json& value, bool strings_only,
                 const std::string& what) {
    if (!s.body) return;
    std::vector<json::json_pointer> pointers;
    const json flat = s.body->flatten();
    for (const auto& [pointer, leaf] : flat.items()) {
      if (strings_only && !leaf.is_string()) continue;
      pointers.emplace_back(pointer);
    }
    if (!strings_only) {
      // The containers too: "dataValues", "roles", "entryScope", a value object.
      for (const auto& [key, item] : s.body->items()) {
        if (item.is_structured()) pointers.emplace_back("/" + key);
      }
      if (s.body->contains("dataValues")) pointers.emplace_back("/dataValues/0");
    }
    for (const json::json_pointer& p : pointers) {
      json body = *s.body;
      body[p] = value;
      Probe(s, who, s.path, s.query, body, what + " at " + p.to_string());
    }
  }

  Caller admin_, commune_;
  int probes_ = 0;
};

TEST_F(ApiBadInput, EveryRouteHasAnInputSpec) {
  std::vector<InputSpec> specs = Specs();
  for (const Route& r : api_->router().routes()) {
    bool found = std::any_of(specs.begin(), specs.end(), [&](const InputSpec& s) {
      return s.method == r.method && s.pattern == r.pattern;
    });
    EXPECT_TRUE(found) << http::to_string(r.method) << " " << r.pattern
                       << " has no bad-input spec: add one";
  }
}

TEST_F(ApiBadInput, MalformedJsonIs400OrIgnored) {
  const std::vector<std::string> malformed = {"{",
                                              "{\"a\":",
                                              "[",
                                              "{\"a\":1}}",
                                              "{\"a\" 1}",
                                              "\xff\xfe{}",
                                              "{\"a\":\"\xc3\x28\"}",
                                              "{\"a\":\"\\ud800\"}",
                                              "{\"a\":01}",
                                              "{\"a\":NaN}",
                                              "{\"a\":1,}",
                                              "[1,2]",
                                              "\"x\"",
                                              "7",
                                              std::string(100000, '['),
                                              "{\"a\":\"" + std::string(999, '\\') + "\"}"};
  for (const InputSpec& s : Specs()) {
    for (const Caller* who : {&admin_, &commune_}) {
      for (const std::string& text : malformed) {
        // A route that reads no body gets a few: it must ignore them.
        if (!s.body && &text - malformed.data() >= 2) break;
        int status = Probe(s, *who, Target(s, s.path, s.query), text, "malformed JSON");
        if (s.body && status != 403 && status != 409) {
          EXPECT_EQ(status, 400) << Label(s) << " " << text.substr(0, 40);
        }
      }
    }
  }
  EXPECT_GT(probes_, 300);
}

TEST_F(ApiBadInput, WrongTypesInEveryJsonField) {
  for (const InputSpec& s : Specs()) {
    bool import = s.pattern == "/api/dataValueSets";
    for (const json& value : import ? FewWrongValues() : WrongValues()) {
      SpoilBody(s, admin_, value, false, "wrong type " + value.dump());
    }
  }
  EXPECT_GT(probes_, 500);
}

TEST_F(ApiBadInput, SqlMetacharactersEverywhere) {
  for (const InputSpec& s : Specs()) {
    for (const Caller* who : {&admin_, &commune_}) {
      for (const std::string& sql : SqlTexts()) {
        SpoilParameters(s, *who, sql, "SQL", true);
        SpoilBody(s, *who, sql, true, "SQL");
      }
    }
  }
  EXPECT_GT(probes_, 150);
  // The tables are all still there, with every user.
  int64_t users = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(std::vector<access::User> all, txn.LoadUsers());
                    users = static_cast<int64_t>(all.size());
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_GE(users, 9);
}

TEST_F(ApiBadInput, HundredKilobyteStringsEverywhere) {
  const std::string long_text(100 * 1024, 'a');
  const std::string long_utf8 = [] {
    std::string s;
    while (s.size() < 100 * 1024) s += "Ằ";
    return s;
  }();
  for (const InputSpec& s : Specs()) {
    for (const std::string* text : {&long_text, &long_utf8}) {
      SpoilParameters(s, admin_, *text, "100 KB");
      SpoilBody(s, admin_, *text, true, "100 KB");
    }
  }
  EXPECT_GT(probes_, 100);
}

TEST_F(ApiBadInput, OddButValidInputIsHandled) {
  // Control characters, a BOM, right-to-left marks and a decomposed
  // Vietnamese name in the fields that keep text.
  for (const std::string& text : {std::string("\xef\xbb\xbf"
                                              "Cao Ba\xcc\x80\xcc\x86ng\u202e"),
                                  std::string("a\tb\nc\rd\x01\x02\x7f")}) {
    for (const InputSpec& s : Specs()) {
      SpoilParameters(s, admin_, text, "odd text");
      SpoilBody(s, admin_, text, true, "odd text");
    }
  }
}

TEST_F(ApiBadInput, CsvAndXmlImportsOfGarbageAreRefusedWithoutA500) {
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"application/csv", "dataelement,period,orgunit,value\n\"unterminated"},
      {"application/csv", std::string("\xff\xfe\x00\x41", 4)},
      {"application/csv", "a,b\n" + std::string(100000, ',') + "\n"},
      {"application/csv",
       std::string(kElement) + ",2026,' OR 1=1 --,\"; DROP TABLE app_user; --\n"},
      {"application/csv", "dataelement,period,orgunit,value\n" + std::string(kElement) + ",2026," +
                              units_.commune + ",\xc3\x28\n"},
      {"application/xml", "<dataValueSet><dataValue dataElement="},
      {"application/xml",
       "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
       "<dataValueSet>&b;</dataValueSet>"},
      {"application/adx+xml", "<adx><group orgUnit=\"x\" period=\"2026\" dataSet=\"y\"></adx>"},
      {"application/json", "{\"dataValues\": 5}"},
      {"application/json", "{\"dataValues\": [[], 1, null, \"x\"]}"},
  };
  for (const auto& [type, body] : bodies) {
    for (const std::string& query : {std::string(""), std::string("?atomicMode=NONE")}) {
      try {
        Response res = Send(http::verb::post, "/api/dataValueSets" + query, admin_, body, type);
        EXPECT_LT(res.result_int(), 500) << type << " " << body.substr(0, 60) << res.body();
        EXPECT_TRUE(Body(res).is_object()) << res.body();
      } catch (const std::exception& e) {
        ADD_FAILURE() << type << " " << body.substr(0, 60) << " threw: " << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace gemis::server::api_test
