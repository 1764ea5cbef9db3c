// The authorization matrix: every route of the router × every kind of user
// (and nobody) × a unit inside and outside the user's scope. A route the
// matrix does not list fails the test, so a new route is classified before
// it ships.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "exchange/xlsx_writer.h"
#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

using access::Authority;
using ::testing::HasSubstr;
using ::testing::Not;

// How a route is called in the matrix: `unit` is a uid ("" for routes that
// take none).
using Sender = std::function<Response(ApiTest&, const Caller&, const std::string& unit)>;

struct RouteSpec {
  http::verb method;
  std::string pattern;
  bool requires_login = true;
  std::optional<Authority> authority;
  // Data routes: a unit outside the caller's scope is refused (E_SCOPE).
  bool takes_unit = false;
  Sender send;
  // For a unit inside the scope the route answers 2xx (else: anything but
  // a refusal, e.g. a plan's progress under a unit it does not cover).
  bool inside_2xx = true;
  // For a unit outside the scope a 404 of the object the unit is looked
  // for in (a plan not visible to the caller) is as good as a 403.
  bool outside_404_ok = false;
  // A route about Cao Bằng's plan: not found for users of Hà Nội.
  bool cao_bang_plan = false;
};

struct UserSpec {
  std::string_view name;
  std::string_view role;  // the built-in role
  std::string inside;     // a unit in the view and entry scopes
  std::vector<std::string> outside;
};

class ApiAuthorization : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = TokenOf(kAdmin);
    // A value at every unit the matrix uses, with text found nowhere else.
    int n = 0;
    for (const std::string& unit :
         {units_.commune, units_.sibling, units_.other_commune, units_.cao_bang}) {
      std::string text = "7" + std::to_string(301 + n++) + "9";
      values_[unit] = text;
      ASSERT_EQ(PostValue(admin_, kElement, "2026", unit, text).result_int(), 201);
    }
  }

  // Every route the API should have, with what it needs.
  std::vector<RouteSpec> Matrix() {
    using V = http::verb;
    const std::string element(kElement);
    auto get = [](std::string target) {
      return [target](ApiTest& t, const Caller& c, const std::string&) { return t.Get(target, c); };
    };
    std::vector<RouteSpec> m = {
        {V::get, "/api/health", false, std::nullopt, false, get("/api/health")},
        {V::post, "/api/auth/login", false, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post(
               "/api/auth/login", c,
               {{"username", std::string(kViewer)}, {"password", std::string(kPassword)}});
         }},
        {V::post, "/api/auth/logout", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/auth/logout", c, json::object());
         }},
        {V::get, "/api/me", true, std::nullopt, false, get("/api/me")},
        {V::post, "/api/me/password", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/me/password", c,
                         {{"currentPassword", std::string(kPassword)},
                          {"newPassword", std::string(kPassword)}});
         }},
        {V::get, "/api/me/tokens", true, std::nullopt, false, get("/api/me/tokens")},
        {V::post, "/api/me/tokens", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/me/tokens", c, {{"name", "matrix"}});
         }},
        {V::delete_, "/api/me/tokens/{id}", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           Response made = t.Post("/api/me/tokens", c, {{"name", "to revoke"}});
           std::string id = made.result_int() == 201
                                ? std::to_string(ApiTest::Body(made)["id"].get<int64_t>())
                                : "1";
           return t.Delete("/api/me/tokens/" + id, c);
         }},
        {V::get, "/api/users", true, Authority::kManageUsers, false, get("/api/users")},
        {V::post, "/api/users", true, Authority::kManageUsers, false,
         [this](ApiTest& t, const Caller& c, const std::string&) {
           // No role, a view root the caller holds: anyone managing users may.
           return t.Post("/api/users", c,
                         {{"username", "matrix." + std::to_string(++created_)},
                          {"displayName", "Ma Trận"},
                          {"password", "Matrix-Password-2026"},
                          {"viewScope", {InsideOf(c.username)}}});
         }},
        {V::get, "/api/users/{username}", true, Authority::kManageUsers, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Get("/api/users/" + Self(c), c);
         }},
        {V::put, "/api/users/{username}", true, Authority::kManageUsers, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Put("/api/users/" + Self(c), c, {{"displayName", "Đã đổi tên"}});
         }},
        {V::get, "/api/roles", true, std::nullopt, false, get("/api/roles")},
        {V::post, "/api/roles", true, Authority::kManageUsers, false,
         [this](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/roles", c,
                         {{"code", "matrix_" + std::to_string(++created_)},
                          {"name", "Ma trận"},
                          {"authorities", {"read_metadata"}}});
         }},
        {V::get, "/api/orgUnits", true, Authority::kReadMetadata, false, get("/api/orgUnits")},
        {V::get, "/api/orgUnits/{id}", true, Authority::kReadMetadata, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/orgUnits/" + unit, c);
         }},
        {V::get, "/api/dataValues", true, Authority::kReadData, true,
         [this, element](ApiTest& t, const Caller& c, const std::string& unit) {
           Reseed(t, unit);
           return t.Get(ValueQuery(element, "2026", unit), c);
         }},
        {V::post, "/api/dataValues", true, Authority::kEnterData, true,
         [element](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.PostValue(c, element, "2026", unit, "5");
         }},
        {V::delete_, "/api/dataValues", true, Authority::kEnterData, true,
         [this, element](ApiTest& t, const Caller& c, const std::string& unit) {
           // There is a value to delete whoever deleted the last one.
           Reseed(t, unit);
           return t.Delete(ValueQuery(element, "2026", unit), c);
         }},
        {V::get, "/api/dataValueSets", true, Authority::kExport, true,
         [element](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get(
               "/api/dataValueSets?dataElement=" + element + "&period=2026&orgUnit=" + unit, c);
         }},
        {V::post, "/api/dataValueSets", true, Authority::kImport, true,
         [element](ApiTest& t, const Caller& c, const std::string& unit) {
           json set = {{"dataValues",
                        {{{"dataElement", element},
                          {"period", "2026"},
                          {"orgUnit", unit},
                          {"value", "6"}}}}};
           return t.Send(http::verb::post, "/api/dataValueSets", c, set.dump(), "application/json");
         }},
        {V::post, "/api/dataValueSets/sheetPreview", true, Authority::kImport, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           exchange::XlsxWorkbook book;
           book.sheets.push_back({.name = "Số liệu",
                                  .columns = {exchange::XlsxColumn{}},
                                  .header = {{.text = "Chỉ tiêu"}}});
           return t.Send(http::verb::post, "/api/dataValueSets/sheetPreview", c,
                         exchange::WriteXlsxToString(book).value(),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
         }},
        {V::get, "/api/analytics", true, Authority::kReadData, true,
         [element](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/analytics?dimension=dx:" + element + "&dimension=ou:" + unit +
                            "&dimension=pe:2026",
                        c);
         }},
        {V::get, "/api/audit", true, Authority::kReadAudit, false, get("/api/audit")},
        {V::get, "/api/programNodes", true, Authority::kReadMetadata, false,
         get("/api/programNodes")},
        {V::get, "/api/plans", true, Authority::kReadMetadata, false, get("/api/plans")},
        {V::get, "/api/plans/{plan}", true, Authority::kReadMetadata, false,
         get("/api/plans/CB-288-2024"), true, false, true},
        {V::get, "/api/plans/{plan}/validation", true, Authority::kReadData, false,
         get("/api/plans/CB-288-2024/validation"), true, false, true},
        {V::get, "/api/plans/{plan}/allocation", true, Authority::kReadMetadata, false,
         get("/api/plans/CB-288-2024/allocation"), true, false, true},
        {V::post, "/api/plans/{plan}/allocation", true, Authority::kEditTargets, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/plans/CB-288-2024/allocation", c,
                         {{"dryRun", true}, {"cells", json::array()}});
         },
         true, false, true},
        {V::get, "/api/plans/{plan}/progress", true, Authority::kReadData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/plans/CB-288-2024/progress?ou=" + unit, c);
         },
         false, true, true},
        {V::put, "/api/targets/{id}/status", true, Authority::kEditTargets, false,
         [this](ApiTest& t, const Caller& c, const std::string&) {
           return t.Put("/api/targets/" + std::to_string(TargetId()) + "/status", c,
                        {{"status", "active"}, {"note", "ma trận"}});
         },
         true, false, true},
        {V::get, "/api/dataElements", true, Authority::kReadMetadata, false,
         get("/api/dataElements")},
        {V::get, "/api/indicators", true, Authority::kReadMetadata, false, get("/api/indicators")},
        {V::get, "/api/categoryCombos", true, Authority::kReadMetadata, false,
         get("/api/categoryCombos")},
        {V::get, "/api/dataSets", true, Authority::kReadMetadata, false, get("/api/dataSets")},
        {V::get, "/api/modelKinds", true, Authority::kReadMetadata, false, get("/api/modelKinds")},
        {V::get, "/api/periods", true, Authority::kReadMetadata, false,
         get("/api/periods?type=Quarterly&year=2026")},
        {V::get, "/api/models", true, Authority::kReadData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/models?orgUnit=" + unit, c);
         }},
        {V::post, "/api/models", true, Authority::kEnterData, true,
         [this](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Post("/api/models", c, ModelBody("NEW-" + std::to_string(++created_), unit));
         }},
        {V::get, "/api/models/{code}", true, Authority::kReadData, true,
         [this](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/models/" + SeedModel(t, unit), c);
         },
         true, true},
        {V::put, "/api/models/{code}", true, Authority::kEnterData, true,
         [this](ApiTest& t, const Caller& c, const std::string& unit) {
           std::string code = SeedModel(t, unit);
           json body = ModelBody(code, unit);
           body["name"] = "Tổ truyền thông đã đổi tên";
           return t.Put("/api/models/" + code, c, body);
         },
         true, true},
        {V::delete_, "/api/models/{code}", true, Authority::kEnterData, true,
         [this](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Delete("/api/models/" + SeedModel(t, unit), c);
         },
         true, true},
        {V::get, "/api/figures/explain", true, Authority::kReadData, true,
         [element](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/figures/explain?dx=" + element + "&pe=2026&ou=" + unit, c);
         }},
        // Confidential cases: read_confidential and a place on the case team
        // (api_cases_test.cc); no built-in role reads them.
        {V::get, "/api/cases", true, Authority::kReadConfidential, false, get("/api/cases")},
        {V::get, "/api/caseAddresses", true, Authority::kReadConfidential, false,
         get("/api/caseAddresses")},
        {V::post, "/api/cases", true, Authority::kReadConfidential, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/cases", c, {{"code", "MATRIX-1"}, {"address", "NONE"}});
         },
         false},
        {V::get, "/api/cases/{code}", true, Authority::kReadConfidential, false,
         get("/api/cases/MATRIX-1"), false},
        {V::put, "/api/cases/{code}", true, Authority::kReadConfidential, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Put("/api/cases/MATRIX-1", c, {{"code", "MATRIX-1"}, {"address", "NONE"}});
         },
         false},
        {V::delete_, "/api/cases/{code}", true, Authority::kReadConfidential, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Delete("/api/cases/MATRIX-1", c);
         },
         false},
        {V::post, "/api/cases/{code}/referral", true, Authority::kReadConfidential, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/cases/MATRIX-1/referral", c, {{"organisation", "Trạm Y tế"}});
         },
         false},
        {V::get, "/api/caseTeams", true, Authority::kGrantConfidential, false,
         get("/api/caseTeams")},
        {V::post, "/api/caseTeams", true, Authority::kGrantConfidential, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/caseTeams", c,
                         {{"address", "NONE"}, {"user", std::string(kCommune)}});
         },
         false},
        {V::delete_, "/api/caseTeams/{address}/{username}", true, Authority::kGrantConfidential,
         false,
         [](ApiTest& t, const Caller& c,
            const std::
                string&) { return t.Delete("/api/caseTeams/NONE/" + std::string(kCommune), c); },
         false},
        // Reporting (api_reports_test.cc): the demo's national annual report.
        {V::get, "/api/reportTypes", true, Authority::kReadMetadata, false,
         get("/api/reportTypes")},
        {V::get, "/api/calendar", true, Authority::kReadMetadata, false,
         get("/api/calendar?year=2026")},
        {V::get, "/api/reports", true, Authority::kReadData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/reports?type=P8-BC-NAM&period=2026&unit=" + unit, c);
         }},
        {V::get, "/api/reports/mine", true, Authority::kReadData, false, get("/api/reports/mine")},
        // The caller's own inbox (api_inbox_test.cc): no authority, nobody
        // else's notifications; notification 999 is nobody's.
        {V::get, "/api/inbox", true, std::nullopt, false, get("/api/inbox")},
        {V::post, "/api/inbox/{id}/read", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/inbox/999/read", c, json::object());
         },
         false},
        {V::post, "/api/inbox/readAll", true, std::nullopt, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/inbox/readAll", c, json::object());
         }},
        {V::get, "/api/reports/{type}/{period}/{unit}", true, Authority::kReadData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/reports/P8-BC-NAM/2026/" + unit, c);
         }},
        // Submitted once: a second caller's submit is a conflict, not a
        // refusal.
        {V::post, "/api/reports/{type}/{period}/{unit}", true, Authority::kEnterData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Post("/api/reports/P8-BC-NAM/2026/" + unit, c, {{"action", "submit"}});
         },
         false},
        {V::get, "/api/reports/{type}/{period}/{unit}/document", true, Authority::kReadData, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Get("/api/reports/P8-BC-NAM/2026/" + unit + "/document?format=xlsx", c);
         }},
        {V::post, "/api/reports/{type}/{period}/{unit}/approveAll", true, Authority::kApprove, true,
         [](ApiTest& t, const Caller& c, const std::string& unit) {
           return t.Post("/api/reports/P8-BC-NAM/2026/" + unit + "/approveAll", c, json::object());
         }},
        {V::get, "/api/reportRequests", true, Authority::kReadData, false,
         get("/api/reportRequests")},
        // A day already past: refused as input once the authority is held
        // (whose scope may request what is api_reports_test.cc's matter).
        {V::post, "/api/reportRequests", true, Authority::kApprove, false,
         [](ApiTest& t, const Caller& c, const std::string&) {
           return t.Post("/api/reportRequests", c,
                         {{"type", "P8-DOT-XUAT"}, {"period", "2026"}, {"due", "2020-01-01"}});
         },
         false},
    };
    // The registers: one pattern each (api_registers.cc).
    for (const char* name : {"activities", "cadres", "beneficiaries"}) {
      const std::string base = std::string("/api/") + name;
      m.push_back({V::get, base, true, Authority::kReadData, true,
                   [base](ApiTest& t, const Caller& c, const std::string& unit) {
                     return t.Get(base + "?orgUnit=" + unit, c);
                   }});
      m.push_back({V::post, base, true, Authority::kEnterData, true,
                   [this, base](ApiTest& t, const Caller& c, const std::string& unit) {
                     return t.Post(base, c,
                                   RegisterBody(base, "NEW-" + std::to_string(++created_), unit));
                   }});
      m.push_back({V::get, base + "/{code}", true, Authority::kReadData, true,
                   [this, base](ApiTest& t, const Caller& c, const std::string& unit) {
                     return t.Get(base + "/" + SeedRecord(t, base, unit), c);
                   },
                   true, true});
      m.push_back({V::put, base + "/{code}", true, Authority::kEnterData, true,
                   [this, base](ApiTest& t, const Caller& c, const std::string& unit) {
                     std::string code = SeedRecord(t, base, unit);
                     json body = RegisterBody(base, code, unit);
                     body.erase("motherName");  // kept: callers without read_personal
                     return t.Put(base + "/" + code, c, body);
                   },
                   true, true});
      m.push_back({V::delete_, base + "/{code}", true, Authority::kEnterData, true,
                   [this, base](ApiTest& t, const Caller& c, const std::string& unit) {
                     return t.Delete(base + "/" + SeedRecord(t, base, unit), c);
                   },
                   true, true});
    }
    // The data-protection log (api_privacy_test.cc): manage_privacy, which
    // only the data-protection role holds.
    const Authority privacy = Authority::kManagePrivacy;
    m.push_back(
        {V::get, "/api/privacy/requests", true, privacy, false, get("/api/privacy/requests")});
    m.push_back({V::post, "/api/privacy/requests", true, privacy, false,
                 [this](ApiTest& t, const Caller& c, const std::string&) {
                   return t.Post("/api/privacy/requests", c, RequestBody(t));
                 }});
    m.push_back({V::post, "/api/privacy/requests/{id}/answer", true, privacy, false,
                 [this](ApiTest& t, const Caller& c, const std::string&) {
                   Response made =
                       t.Post("/api/privacy/requests", Login(kProtection), RequestBody(t));
                   EXPECT_EQ(made.result_int(), 201) << made.body();
                   const std::string id = std::to_string(Body(made).value("id", 0));
                   return t.Post("/api/privacy/requests/" + id + "/answer", c, json::object());
                 }});
    m.push_back(
        {V::get, "/api/privacy/breaches", true, privacy, false, get("/api/privacy/breaches")});
    m.push_back({V::post, "/api/privacy/breaches", true, privacy, false,
                 [](ApiTest& t, const Caller& c, const std::string&) {
                   return t.Post("/api/privacy/breaches", c, {{"description", "Mất máy tính"}});
                 }});
    m.push_back({V::put, "/api/privacy/breaches/{id}", true, privacy, false,
                 [this](ApiTest& t, const Caller& c, const std::string&) {
                   Response made = t.Post("/api/privacy/breaches", Login(kProtection),
                                          {{"description", "Mất máy tính"}});
                   EXPECT_EQ(made.result_int(), 201) << made.body();
                   const std::string id = std::to_string(Body(made).value("id", 0));
                   return t.Put("/api/privacy/breaches/" + id, c, {{"measures", "Đổi mật khẩu"}});
                 }});
    m.push_back({V::get, "/api/privacy/registers", true, Authority::kReadMetadata, false,
                 get("/api/privacy/registers")});
    m.push_back(
        {V::get, "/api/privacy/retention", true, privacy, false, get("/api/privacy/retention")});
    m.push_back({V::put, "/api/privacy/retention/{register}", true, privacy, false,
                 [](ApiTest& t, const Caller& c, const std::string&) {
                   return t.Put("/api/privacy/retention/case", c, {{"years", 5}});
                 }});
    m.push_back({V::post, "/api/privacy/retention/apply", true, privacy, false,
                 [](ApiTest& t, const Caller& c, const std::string&) {
                   return t.Post("/api/privacy/retention/apply", c, {{"dryRun", true}});
                 }});
    return m;
  }

  // A rectification request about a birth of the register (seeded).
  json RequestBody(ApiTest& t) {
    return {{"register", "safe_birth"},
            {"recordCode", SeedRecord(t, "/api/beneficiaries", units_.commune)},
            {"kind", "rectification"}};
  }

  // A record of the register at `base` ("/api/cadres") at `unit` (a uid).
  static json RegisterBody(const std::string& base, const std::string& code,
                           const std::string& unit) {
    if (base == "/api/activities") {
      return {{"code", code},          {"kind", "workshop"}, {"title", "Hội thảo " + code},
              {"start", "2026-02-10"}, {"orgUnit", unit},    {"level", "commune"}};
    }
    if (base == "/api/cadres") {
      return {{"code", code},
              {"name", "Lò Thị Xuân"},
              {"orgUnit", unit},
              {"level", "commune"},
              {"ethnicity", "ETHNIC_08"},
              {"group", "pipeline"},
              {"since", "2026-01-05"},
              {"position", "Phó Chủ tịch Hội LHPN"}};
    }
    return {{"code", code},    {"motherName", "Lò Thị Xuân"},
            {"motherAge", 24}, {"ethnicity", "ETHNIC_08"},
            {"commune", unit}, {"birthDate", "2026-02-01"}};
  }
  // The code of a record of `base` at `unit`, created by the administrator
  // when the last one was deleted.
  std::string SeedRecord(ApiTest& t, const std::string& base, const std::string& unit) {
    std::string code = "SEED-" + unit;
    if (t.Get(base + "/" + code, admin_).result_int() != 200) {
      Response made = t.Post(base, admin_, RegisterBody(base, code, unit));
      EXPECT_EQ(made.result_int(), 201) << base << " " << made.body();
    }
    return code;
  }

  std::vector<UserSpec> Users() {
    return {
        {kAdmin, "admin", units_.commune, {}},
        {kProvince, "province_officer", units_.commune, {units_.other_commune, units_.ha_noi}},
        {kCommune,
         "commune_officer",
         units_.commune,
         {units_.sibling, units_.cao_bang, units_.other_commune}},
        {kOtherCommune, "commune_officer", units_.other_commune, {units_.commune}},
        {kViewer, "viewer", units_.commune, {units_.other_commune}},
        {kProtection, "data_protection", units_.commune, {}},
        {kPartner, "partner_agency", units_.commune, {units_.other_commune}},
        {kHaNoiProvince, "province_officer", units_.other_commune, {units_.commune}},
    };
  }

  // A target of Cao Bằng's plan 288/KH-BCĐ.
  int64_t TargetId() {
    std::shared_ptr<const World> world = api_->worlds().Get();
    const Plan* plan = world->plans.FindPlan("CB-288-2024");
    for (const gemis::Target& t : world->plans.data().targets) {
      if (plan != nullptr && t.plan == plan->id) return t.id;
    }
    ADD_FAILURE() << "no target of CB-288-2024";
    return 0;
  }

  // Writes the unit's value again (a route before may have changed it).
  // A communication team at `unit` (a uid), established this year.
  static json ModelBody(const std::string& code, const std::string& unit) {
    return {{"code", code},
            {"kind", "communication_team"},
            {"name", "Tổ truyền thông cộng đồng " + code},
            {"orgUnit", unit},
            {"level", "commune"},
            {"established", "2026-01-15"}};
  }
  // The code of a model at `unit`, created by the administrator when the
  // last one was deleted.
  std::string SeedModel(ApiTest& t, const std::string& unit) {
    std::string code = "SEED-" + unit;
    if (t.Get("/api/models/" + code, admin_).result_int() != 200) {
      Response made = t.Post("/api/models", admin_, ModelBody(code, unit));
      EXPECT_EQ(made.result_int(), 201) << made.body();
    }
    return code;
  }

  void Reseed(ApiTest& t, const std::string& unit) {
    auto it = values_.find(unit);
    if (it != values_.end()) t.PostValue(admin_, kElement, "2026", unit, it->second);
  }

  std::string InsideOf(const std::string& username) {
    for (const UserSpec& u : Users()) {
      if (u.name == username) return u.inside;
    }
    return units_.commune;
  }

  // The caller's own username (a fixture user's for nobody).
  static std::string Self(const Caller& c) {
    return c.username.empty() ? std::string(kCommune) : c.username;
  }

  static bool Holds(std::string_view role, std::optional<Authority> a) {
    return !a || access::Has(access::FindBuiltinRole(role)->authorities, *a);
  }

  Caller admin_;
  std::map<std::string, std::string> values_;  // unit uid → value text
  int created_ = 0;
};

std::string Describe(const RouteSpec& r, std::string_view who, const std::string& unit) {
  return std::string(http::to_string(r.method)) + " " + r.pattern + " as " + std::string(who) +
         (unit.empty() ? "" : " on " + unit);
}

TEST_F(ApiAuthorization, EveryRouteIsInTheMatrixWithTheSameRequirements) {
  std::vector<RouteSpec> matrix = Matrix();
  std::set<std::pair<std::string, std::string>> listed, routed;
  for (const RouteSpec& r : matrix)
    listed.insert({std::string(http::to_string(r.method)), r.pattern});
  for (const Route& r : api_->router().routes()) {
    routed.insert({std::string(http::to_string(r.method)), r.pattern});
    auto spec = std::find_if(matrix.begin(), matrix.end(), [&](const RouteSpec& s) {
      return s.method == r.method && s.pattern == r.pattern;
    });
    if (spec == matrix.end()) {
      ADD_FAILURE() << "route " << http::to_string(r.method) << " " << r.pattern
                    << " is not in the authorization matrix: add it";
      continue;
    }
    EXPECT_EQ(r.requires_login, spec->requires_login) << r.pattern;
    EXPECT_EQ(r.authority, spec->authority) << http::to_string(r.method) << " " << r.pattern;
  }
  EXPECT_EQ(listed, routed);
}

TEST_F(ApiAuthorization, NobodySignedInReachesOnlyThePublicRoutes) {
  for (const RouteSpec& r : Matrix()) {
    Response res = r.send(*this, Caller{}, units_.commune);
    if (r.requires_login) {
      EXPECT_EQ(res.result_int(), 401) << Describe(r, "nobody", "");
      EXPECT_EQ(ErrorCodeOf(res), "E_UNAUTHENTICATED") << Describe(r, "nobody", "");
      EXPECT_THAT(res.body(), Not(HasSubstr(values_[units_.commune])));
    } else {
      EXPECT_LT(res.result_int(), 300) << Describe(r, "nobody", "") << res.body();
    }
  }
}

TEST_F(ApiAuthorization, EveryRoleGetsExactlyItsRoutes) {
  for (const UserSpec& user : Users()) {
    for (const RouteSpec& r : Matrix()) {
      // A fresh session each time: some routes end the caller's sessions.
      Caller c = Login(user.name);
      ASSERT_FALSE(c.cookie.empty()) << user.name;
      std::string desc = Describe(r, user.name, r.takes_unit ? user.inside : "");
      Response res = r.send(*this, c, user.inside);
      std::string code = ErrorCodeOf(res);
      EXPECT_LT(res.result_int(), 500) << desc << res.body();
      if (!Holds(user.role, r.authority)) {
        EXPECT_EQ(res.result_int(), 403) << desc << res.body();
        EXPECT_EQ(code, "E_FORBIDDEN") << desc;
        for (const auto& [unit, value] : values_) {
          EXPECT_THAT(res.body(), Not(HasSubstr(value))) << desc;
        }
        continue;
      }
      EXPECT_NE(res.result_int(), 401) << desc << res.body();
      EXPECT_NE(code, "E_FORBIDDEN") << desc << res.body();
      EXPECT_NE(code, "E_SCOPE") << desc << res.body();
      EXPECT_NE(code, "E_CSRF") << desc << res.body();
      if (r.cao_bang_plan && user.inside == units_.other_commune) {
        EXPECT_EQ(res.result_int(), 404) << desc << res.body();
      } else if (r.inside_2xx) {
        EXPECT_GE(res.result_int(), 200) << desc << res.body();
        EXPECT_LT(res.result_int(), 300) << desc << res.body();
      }
    }
  }
}

TEST_F(ApiAuthorization, DataRoutesRefuseUnitsOutsideTheScopeWithoutTheirData) {
  int checked = 0;
  for (const UserSpec& user : Users()) {
    Caller c = Login(user.name);
    for (const RouteSpec& r : Matrix()) {
      if (!r.takes_unit || !Holds(user.role, r.authority)) continue;
      for (const std::string& unit : user.outside) {
        std::string desc = Describe(r, user.name, unit);
        Response res = r.send(*this, c, unit);
        ++checked;
        std::string value = values_.count(unit) ? values_[unit] : "no value";
        EXPECT_THAT(res.body(), Not(HasSubstr(value))) << desc;
        for (const std::string* name : {&units_.sibling_name, &units_.other_commune_name}) {
          if ((unit == units_.sibling && name == &units_.sibling_name) ||
              (unit == units_.other_commune && name == &units_.other_commune_name)) {
            EXPECT_THAT(res.body(), Not(HasSubstr(*name))) << desc;
          }
        }
        if (r.pattern == "/api/orgUnits/{id}" && unit == units_.cao_bang) {
          // An ancestor of the scope is shown (the path to it), but none of
          // its other children.
          EXPECT_EQ(res.result_int(), 200) << desc << res.body();
          EXPECT_THAT(res.body(), Not(HasSubstr("\"01279\""))) << desc;
          continue;
        }
        if (r.method == http::verb::post && r.pattern == "/api/dataValueSets") {
          // An import reports each row outside the scope as a conflict.
          EXPECT_EQ(res.result_int(), 409) << desc << res.body();
          json summary = Body(res);
          ASSERT_TRUE(summary.contains("conflicts")) << desc << res.body();
          ASSERT_EQ(summary["conflicts"].size(), 1u) << desc;
          EXPECT_EQ(summary["conflicts"][0]["errorCode"], "E_DV_ACCESS") << desc;
          continue;
        }
        if (r.outside_404_ok && res.result_int() == 404) continue;
        EXPECT_EQ(res.result_int(), 403) << desc << res.body();
        EXPECT_EQ(ErrorCodeOf(res), "E_SCOPE") << desc;
      }
    }
  }
  EXPECT_GT(checked, 20);
  // Nothing outside a scope was changed: every value is the one written.
  for (const auto& [unit, value] : values_) {
    Response res = Get(ValueQuery(kElement, "2026", unit), admin_);
    if (res.result_int() == 200) {
      EXPECT_EQ(Body(res)["value"], value) << unit;
    } else {
      ADD_FAILURE() << "the value of " << unit << " is gone: " << res.body();
    }
  }
}

TEST_F(ApiAuthorization, BearerTokensGetTheSameAnswersAsSessions) {
  Caller viewer = TokenOf(kViewer);
  EXPECT_EQ(ErrorCodeOf(PostValue(viewer, kElement, "2026", units_.commune, "1")), "E_FORBIDDEN");
  EXPECT_EQ(Get(ValueQuery(kElement, "2026", units_.commune), viewer).result_int(), 200);
  Response out = Get(ValueQuery(kElement, "2026", units_.other_commune), viewer);
  EXPECT_EQ(ErrorCodeOf(out), "E_SCOPE");
}

TEST_F(ApiAuthorization, ADisabledUsersTokenReachesNothing) {
  Caller token = TokenOf(kCommune);
  ASSERT_EQ(Put("/api/users/" + std::string(kCommune), admin_, {{"disabled", true}}).result_int(),
            200);
  for (const RouteSpec& r : Matrix()) {
    if (!r.requires_login) continue;
    Response res = r.send(*this, token, units_.commune);
    EXPECT_EQ(res.result_int(), 401) << Describe(r, "disabled", "") << res.body();
  }
}

}  // namespace
}  // namespace gemis::server::api_test
