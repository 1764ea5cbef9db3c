// The JSON API of gemis (docs/api.md): one Handler for the HTTP transport
// that authenticates the caller, checks CSRF and the route's authority,
// dispatches to the route, and answers every failure as a JSON error
// {"status", "errorCode", "message", "field"}. Paths outside /api/ are the
// web UI's static files.
//
// Invariants:
//  (1) deny by default: a route runs only for a caller holding its
//      authority; data routes check every org unit against the caller's
//      scopes (access/scope.h) before reading or writing it, and refuse
//      with 403 naming nothing outside the scope;
//  (2) a state-changing request authenticated by the session cookie carries
//      the session's CSRF token in X-CSRF-Token (bearer tokens need none:
//      a browser never sends them by itself);
//  (3) every change is written to the audit log in the same transaction as
//      the change, with the user, the address, the object, before and after;
//  (4) user input never causes a 500: a 500 means a bug or a failed store.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analytics/engine.h"
#include "server/auth.h"
#include "server/http_types.h"
#include "server/query_params.h"
#include "server/router.h"
#include "server/world.h"
#include "server/write_batcher.h"
#include "store/store.h"

namespace gemis::server {

class ReminderScheduler;

struct ApiOptions {
  AuthOptions auth;
  // The web UI's built files (index.html, assets/); "" = none.
  std::filesystem::path static_root;
  // Body limits: JSON calls, and the import routes (dataValueSets, …).
  uint64_t max_json_body = uint64_t{2} << 20;
  uint64_t max_import_body = uint64_t{512} << 20;
  // The fake clock of `gemis serve --fake-now` (tests only, docs/deploy.md):
  // when set, PUT /api/testing/clock moves it; otherwise that route does not
  // exist. It must be the clock the Api is created with, and outlive it.
  OffsetClock* test_clock = nullptr;
  // The server's reminder passes (not owned; nullptr: none): PUT
  // /api/testing/clock runs one right after moving the clock, so that a
  // browser test sees the reminders of the day it moved to.
  ReminderScheduler* reminders = nullptr;
};

class Api;

// One request on its way through a route.
struct Call {
  Api& api;
  Request& req;
  RequestContext& ctx;
  RequestTarget target;
  std::vector<std::pair<std::string, std::string>> params;  // from the path pattern
  std::shared_ptr<const World> world;
  std::shared_ptr<const Identity> identity;  // nullptr on public routes when signed out
  Lang lang = Lang::kVi;

  // A path parameter ("" when absent).
  std::string_view Param(std::string_view name) const;
  // A path parameter that is a row id: 1 to 13 decimal digits, else nullopt
  // (the caller answers 404: no row has such an id).
  std::optional<int64_t> IdParam(std::string_view name) const;
  const access::Principal& principal() const { return identity->principal; }
  bool Can(access::Authority a) const { return identity && identity->principal.Can(a); }
  // Scope checks of invariant (1), for data dated `at` (nullopt: today).
  bool CanView(OrgUnitId unit, std::optional<Date> at = std::nullopt) const;
  bool CanEnter(OrgUnitId unit, std::optional<Date> at = std::nullopt) const;

  Response Json(const nlohmann::json& body, http::status status = http::status::ok) const;
  Response Error(http::status status, std::string_view code, MessageId message,
                 std::string_view detail = {}, std::string_view field = {}) const;
  // The error for a Status from a lower layer: kInvalidInput 400,
  // kNotFound 404, kAlreadyExists and kConflict 409, kUsage 400, others 500
  // (their text is logged, not sent).
  Response FromStatus(const Status& status) const;
  Response OutOfScope() const;
  // Whether the caller's content areas (if any) include `element`: an
  // element belongs to the areas of the programme nodes its targets are
  // stated under (partner agencies).
  bool ElementAllowed(MetadataId element) const;
  Response Forbidden() const;
  // The body as a JSON object; nullopt after answering `error` with a 400 or
  // 415 (wrong Content-Type).
  std::optional<nlohmann::json> BodyJson(Response& error) const;
  // An audit entry with the caller, address and time filled in.
  store::AuditEntry AuditEntryFor(std::string action, std::string object_type,
                                  std::string object_id) const;
};

class Api {
 public:
  static Result<std::unique_ptr<Api>> Create(store::Store& store, const Clock& clock,
                                             ApiOptions options);
  ~Api();

  // The HTTP transport's Handler.
  Response Handle(Request& req, RequestContext& ctx);
  // ServerOptions::body_limit and run_inline.
  uint64_t BodyLimit(const http::request_header<>& header) const;
  bool RunInline(const http::request_header<>& header);

  const Router& router() const { return router_; }
  store::Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  WorldCache& worlds() { return worlds_; }
  // Group commit for small writes (write_batcher.h): many requests, one
  // durable commit.
  WriteBatcher& writer() { return writer_; }
  AuthService& auth() { return auth_; }
  const ApiOptions& options() const { return options_; }
  // The analytics engine, caught up with the store (at most once a second
  // unless `now`: after a write through the API, so a caller reads their
  // own writes; any catch-up that began after the caller's write committed
  // serves it, so one catch-up serves a whole group of writes).
  Result<analytics::Engine*> Engine(bool now = false);

 private:
  Api(store::Store& store, const Clock& clock, ApiOptions options);
  Response Dispatch(Request& req, RequestContext& ctx);
  Response Static(Request& req, RequestContext& ctx);

  store::Store& store_;
  const Clock& clock_;
  ApiOptions options_;
  WorldCache worlds_;
  AuthService auth_;
  Router router_;
  WriteBatcher writer_;
  std::unique_ptr<analytics::Engine> engine_;
  std::mutex engine_mutex_;
  int64_t engine_checked_ms_ = 0;
  // Engine(true) calls made, and how many of them had been made when the
  // last catch-up began (guarded by engine_mutex_).
  std::atomic<int64_t> catch_up_requests_{0};
  int64_t caught_up_requests_ = 0;
  struct StaticState;
  std::unique_ptr<StaticState> static_;
};

// Route registration, one function per area (api_*.cc).
void AddSessionRoutes(Router& router);
void AddUserRoutes(Router& router);
void AddOrgUnitRoutes(Router& router);
void AddDataValueRoutes(Router& router);
void AddAnalyticsRoutes(Router& router);
void AddAuditRoutes(Router& router);
void AddPlanRoutes(Router& router);
void AddMetadataRoutes(Router& router);
// /api/models, /api/figures/explain (api_models.cc).
void AddModelRoutes(Router& router);
// /api/cases, /api/caseTeams (api_cases.cc): confidential cases, need to know.
void AddCaseRoutes(Router& router);
// /api/activities, /api/cadres, /api/beneficiaries (api_registers.cc).
void AddRegisterRoutes(Router& router);
// /api/privacy/… (api_privacy.cc): the data-protection log.
void AddPrivacyRoutes(Router& router);
// /api/reports, /api/reportTypes, /api/calendar (api_reports.cc): the
// reporting workflow.
void AddReportRoutes(Router& router);
// PUT /api/testing/clock (api_testing.cc): only with ApiOptions::test_clock.
void AddTestingRoutes(Router& router);
// /api/inbox (api_inbox.cc): the caller's notifications.
void AddInboxRoutes(Router& router);

// A strong entity tag of a JSON representation (If-Match, ETag).
std::string EntityTag(const nlohmann::json& representation);

// JSON of an org unit id for clients: its uid.
std::string UnitUid(const World& world, OrgUnitId id);

// A string member of a JSON body in NFC ("" when absent or null;
// kInvalidInput naming it when it is another type or not UTF-8, or when
// `required` and empty).
Result<std::string> Text(const nlohmann::json& body, const char* key, bool required);

// The query parameter `name` as a whole number within [lo, hi]; `fallback`
// when absent; kInvalidInput naming it otherwise (at most 9 digits, no sign).
Result<int64_t> IntParam(const Call& c, const char* name, int64_t fallback, int64_t lo, int64_t hi);

}  // namespace gemis::server
