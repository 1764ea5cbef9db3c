#include "server/api.h"

#include <iostream>

#include "access/token.h"
#include "core/text.h"
#include "server/static_files.h"

namespace gemis::server {

namespace {

constexpr std::string_view kSessionCookie = "gemis_session";

bool Unsafe(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

std::string_view Header(const http::request_header<>& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string_view() : std::string_view(it->value());
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

struct Api::StaticState {
  explicit StaticState(std::filesystem::path root) : files(std::move(root)) {}
  StaticFiles files;
};

// ---------------------------------------------------------------- Call

std::string_view Call::Param(std::string_view name) const {
  for (const auto& [n, v] : params) {
    if (n == name) return v;
  }
  return {};
}

std::optional<int64_t> Call::IdParam(std::string_view name) const {
  std::string_view text = Param(name);
  if (text.empty() || text.size() > 13) return std::nullopt;
  int64_t id = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    id = id * 10 + (ch - '0');
  }
  return id;
}

bool Call::CanView(OrgUnitId unit, std::optional<Date> at) const {
  if (!identity) return false;
  const access::Principal& p = identity->principal;
  return p.system || world->scopes->Covers(p.view_scope, unit, at);
}

bool Call::CanEnter(OrgUnitId unit, std::optional<Date> at) const {
  if (!identity) return false;
  const access::Principal& p = identity->principal;
  return p.system || world->scopes->Covers(p.entry_scope, unit, at);
}

Response Call::Json(const nlohmann::json& body, http::status status) const {
  Response res{status, req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(req.keep_alive());
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

Response Call::Error(http::status status, std::string_view code, MessageId message,
                     std::string_view detail, std::string_view field) const {
  std::string text(gemis::Message(message, lang));
  if (!detail.empty()) {
    text += ": ";
    text += detail;
  }
  ctx.error_code = std::string(code);
  return JsonError(req, status, code, text, field);
}

Response Call::FromStatus(const Status& status) const {
  switch (status.code()) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUsage:
      return Error(http::status::bad_request, "E_INVALID", MessageId::kApiInvalid, status.message(),
                   status.where().field);
    case ErrorCode::kNotFound:
      return Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound,
                   status.message(), status.where().field);
    case ErrorCode::kAlreadyExists:
      return Error(http::status::conflict, "E_EXISTS", MessageId::kApiAlreadyExists,
                   status.message(), status.where().field);
    case ErrorCode::kConflict:
      return Error(http::status::conflict, "E_CONFLICT", MessageId::kApiConflict, status.message(),
                   status.where().field);
    case ErrorCode::kDenied:
      if (status.where().field == "scope") {
        return Error(http::status::forbidden, "E_SCOPE", MessageId::kApiOutOfScope,
                     status.message());
      }
      return Error(http::status::forbidden, "E_FORBIDDEN", MessageId::kApiForbidden,
                   status.message(), status.where().field);
    default:
      std::cerr << "gemis serve: " << req.method_string() << " " << target.path() << ": "
                << status.ToString() << "\n";
      return Error(http::status::internal_server_error, "E_INTERNAL", MessageId::kApiInternal);
  }
}

Response Call::OutOfScope() const {
  return Error(http::status::forbidden, "E_SCOPE", MessageId::kApiOutOfScope);
}

bool Call::ElementAllowed(MetadataId element) const {
  if (!identity) return false;
  const access::Principal& p = identity->principal;
  if (p.system || p.content_areas.empty()) return true;
  for (const gemis::Target& t : world->plans.data().targets) {
    if (t.measure.kind != MeasureKind::kDataElement || t.measure.id != element) continue;
    const std::string& node = t.program_node_code;
    for (const std::string& a : p.content_areas) {
      if (node == a ||
          (node.size() > a.size() && node.compare(0, a.size(), a) == 0 && node[a.size()] == '.')) {
        return true;
      }
    }
  }
  return false;
}

std::string EntityTag(const nlohmann::json& representation) {
  return "\"" + access::TokenHash(representation.dump()).substr(0, 32) + "\"";
}

Response Call::Forbidden() const {
  return Error(http::status::forbidden, "E_FORBIDDEN", MessageId::kApiForbidden);
}

std::optional<nlohmann::json> Call::BodyJson(Response& error) const {
  std::string_view type = Header(req, "Content-Type");
  if (!StartsWith(type, "application/json")) {
    error = Error(http::status::unsupported_media_type, "E_MEDIA_TYPE",
                  MessageId::kApiUnsupportedMediaType, "application/json");
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    error = Error(http::status::bad_request, "E_JSON", MessageId::kApiBadJson);
    return std::nullopt;
  }
  return body;
}

store::AuditEntry Call::AuditEntryFor(std::string action, std::string object_type,
                                      std::string object_id) const {
  store::AuditEntry e;
  if (identity) {
    e.user_id = identity->user.id;
    e.username = identity->user.username;
  } else {
    e.username = "?";
  }
  e.address = ctx.remote_address;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  return e;
}

std::string UnitUid(const World& world, OrgUnitId id) {
  const OrgUnit* u = world.hierarchy.Find(id);
  return u ? u->uid : std::string();
}

// ---------------------------------------------------------------- Api

Api::Api(store::Store& store, const Clock& clock, ApiOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      worlds_(store, clock),
      auth_(store, clock, options_.auth),
      writer_(store) {}

Api::~Api() = default;

Result<std::unique_ptr<Api>> Api::Create(store::Store& store, const Clock& clock,
                                         ApiOptions options) {
  std::unique_ptr<Api> api(new Api(store, clock, std::move(options)));
  GEMIS_RETURN_IF_ERROR(api->worlds_.Load());
  GEMIS_ASSIGN_OR_RETURN(api->engine_, analytics::Engine::Build(store));
  api->engine_checked_ms_ = clock.NowMillis();
  api->static_ = std::make_unique<StaticState>(api->options_.static_root);
  AddSessionRoutes(api->router_);
  AddUserRoutes(api->router_);
  AddOrgUnitRoutes(api->router_);
  AddDataValueRoutes(api->router_);
  AddAnalyticsRoutes(api->router_);
  AddAuditRoutes(api->router_);
  AddPlanRoutes(api->router_);
  AddMetadataRoutes(api->router_);
  AddModelRoutes(api->router_);
  AddCaseRoutes(api->router_);
  AddRegisterRoutes(api->router_);
  AddPrivacyRoutes(api->router_);
  AddReportRoutes(api->router_);
  AddInboxRoutes(api->router_);
  if (api->options_.test_clock != nullptr) AddTestingRoutes(api->router_);
  return api;
}

Result<analytics::Engine*> Api::Engine(bool now) {
  // Engine(true) comes after the caller's write committed: a catch-up that
  // began after this request was counted has read that write. Without this,
  // the writes of one group commit caught up one after another, each
  // reading the audit log again (3x fewer writes/s, docs/bench.md).
  const int64_t request = now ? catch_up_requests_.fetch_add(1) + 1 : 0;
  std::lock_guard lock(engine_mutex_);
  if (now && caught_up_requests_ >= request) return engine_.get();
  int64_t t = clock_.NowMillis();
  // A clock moved back (gemis serve --fake-now) must not stop the catch-ups.
  if (now || t - engine_checked_ms_ >= 1000 || t < engine_checked_ms_) {
    const int64_t counted = catch_up_requests_.load();
    GEMIS_RETURN_IF_ERROR(engine_->CatchUp(store_));
    engine_checked_ms_ = t;
    caught_up_requests_ = counted;
  }
  return engine_.get();
}

uint64_t Api::BodyLimit(const http::request_header<>& header) const {
  std::string_view target = header.target();
  for (std::string_view prefix : {"/api/dataValueSets", "/api/imports"}) {
    if (StartsWith(target, prefix)) return options_.max_import_body;
  }
  return options_.max_json_body;
}

bool Api::RunInline(const http::request_header<>& header) {
  if (header.method() != http::verb::get) return false;
  std::string_view target = header.target();
  if (target == "/api/health") return true;
  // A route answered from memory, when nothing on the way may touch the
  // store: the World needs no check and the credentials are cached fresh
  // (else the worker pool runs it, and refreshes them).
  if (!StartsWith(target, "/api/")) return false;
  std::string_view path = target.substr(0, target.find('?'));
  Router::Match match = router_.Find(header.method(), path);
  if (match.route == nullptr || !match.route->from_memory) return false;
  if (!worlds_.Fresh()) return false;
  std::string_view authorization = Header(header, "Authorization");
  if (!authorization.empty()) {
    return StartsWith(authorization, "Bearer ") && auth_.BearerFresh(authorization.substr(7));
  }
  auto cookie = CookieValue(Header(header, "Cookie"), kSessionCookie);
  return cookie && auth_.SessionFresh(*cookie);
}

Response Api::Static(Request& req, RequestContext& /*ctx*/) { return static_->files.Serve(req); }

Response Api::Handle(Request& req, RequestContext& ctx) {
  Response res = Dispatch(req, ctx);
  if (StartsWith(req.target(), "/api/")) {
    if (res.find(http::field::cache_control) == res.end()) {
      res.set(http::field::cache_control, "private, no-cache");
    }
    // A weak validator over the body unless the route set its own tag: a
    // client that has this answer gets a 304 without it.
    if ((req.method() == http::verb::get || req.method() == http::verb::head) &&
        res.result() == http::status::ok) {
      if (res.find(http::field::etag) == res.end()) {
        res.set(http::field::etag, "W/\"" + access::TokenHash(res.body()).substr(0, 32) + "\"");
      }
      std::string tag(res[http::field::etag]);
      // If-None-Match compares weakly: W/"x" matches "x" (RFC 9110 13.1.2).
      std::string_view opaque = tag;
      if (StartsWith(opaque, "W/")) opaque.remove_prefix(2);
      std::string_view inm = Header(req, "If-None-Match");
      if (!inm.empty() && (inm == "*" || inm.find(opaque) != std::string_view::npos)) {
        Response not_modified{http::status::not_modified, req.version()};
        not_modified.set(http::field::etag, tag);
        not_modified.set(http::field::cache_control, res[http::field::cache_control]);
        not_modified.keep_alive(req.keep_alive());
        return not_modified;
      }
    }
  }
  return res;
}

Response Api::Dispatch(Request& req, RequestContext& ctx) {
  std::string_view raw = req.target();
  if (!StartsWith(raw, "/api/") && raw != "/api") return Static(req, ctx);
  Lang lang = PreferredLang(req);
  Result<RequestTarget> target = RequestTarget::Parse(raw);
  if (!target.ok()) {
    ctx.error_code = "E_INVALID";
    return JsonError(req, http::status::bad_request, "E_INVALID",
                     std::string(gemis::Message(MessageId::kApiInvalid, lang)) + ": " +
                         target.status().message(),
                     target.status().where().field);
  }
  Router::Match match = router_.Find(req.method(), target->raw_path());
  Call call{*this,   req,     ctx, std::move(target).value(), std::move(match.params),
            nullptr, nullptr, lang};
  if (match.route == nullptr) {
    if (!match.path_known) {
      return call.Error(http::status::not_found, "E_ROUTE", MessageId::kApiRouteNotFound);
    }
    Response res =
        call.Error(http::status::method_not_allowed, "E_METHOD", MessageId::kApiMethodNotAllowed);
    std::string allow;
    for (http::verb v : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(v));
    }
    res.set(http::field::allow, allow);
    return res;
  }
  const Route& route = *match.route;
  call.world = worlds_.Get();
  // Who is calling: a bearer token, else the session cookie.
  std::string_view authorization = Header(req, "Authorization");
  bool by_cookie = false;
  Result<std::shared_ptr<const Identity>> identity = std::shared_ptr<const Identity>();
  if (!authorization.empty()) {
    if (StartsWith(authorization, "Bearer ")) {
      identity = auth_.FromBearer(authorization.substr(7), call.world->roles);
    }
    // A token that names no one is refused, except on public routes (a
    // client may sign in again, or ask for /api/health, with a stale one).
    if (identity.ok() && !*identity && route.requires_login) {
      Response res = call.Error(http::status::unauthorized, "E_UNAUTHENTICATED",
                                MessageId::kApiUnauthenticated);
      res.set(http::field::www_authenticate, "Bearer");
      return res;
    }
  } else if (auto cookie = CookieValue(Header(req, "Cookie"), kSessionCookie)) {
    identity = auth_.FromSession(*cookie, call.world->roles);
    by_cookie = true;
  }
  if (!identity.ok()) return call.FromStatus(identity.status());
  call.identity = std::move(identity).value();
  if (call.identity) ctx.user = std::to_string(call.identity->user.id);
  if (route.requires_login && !call.identity) {
    return call.Error(http::status::unauthorized, "E_UNAUTHENTICATED",
                      MessageId::kApiUnauthenticated);
  }
  // A public route does not act as the caller (sign-in), so a browser that
  // still holds a cookie is not refused for a token it cannot know yet.
  if (route.requires_login && call.identity && by_cookie && Unsafe(req.method())) {
    std::string_view sent = Header(req, "X-CSRF-Token");
    if (sent.empty() || !access::ConstantTimeEquals(sent, call.identity->csrf_token)) {
      return call.Error(http::status::forbidden, "E_CSRF", MessageId::kApiCsrf);
    }
  }
  if (route.authority && !call.Can(*route.authority)) return call.Forbidden();
  return route.fn(call);
}

Result<int64_t> IntParam(const Call& c, const char* name, int64_t fallback, int64_t lo,
                         int64_t hi) {
  auto text = c.target.Get(name);
  if (!text) return fallback;
  int64_t v = 0;
  bool ok = !text->empty() && text->size() <= 9;
  for (char ch : *text) ok = ok && ch >= '0' && ch <= '9';
  if (ok) {
    for (char ch : *text) v = v * 10 + (ch - '0');
  }
  if (!ok || v < lo || v > hi) {
    return Status::Invalid(std::string(name) + " must be a whole number from " +
                               std::to_string(lo) + " to " + std::to_string(hi),
                           {"", 0, 0, name});
  }
  return v;
}

Result<std::string> Text(const nlohmann::json& body, const char* key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::Invalid(std::string(key) + " is required", {"", 0, 0, key});
    return std::string();
  }
  if (!it->is_string()) {
    return Status::Invalid(std::string(key) + " must be a string", {"", 0, 0, key});
  }
  if (required && it->get<std::string>().empty()) {
    return Status::Invalid(std::string(key) + " is required", {"", 0, 0, key});
  }
  // Text is kept in NFC (a decomposed "ệ" from another keyboard is the same).
  Result<std::string> nfc = ToNfc(it->get<std::string>());
  if (!nfc.ok()) return Status::Invalid(nfc.status().message(), {"", 0, 0, key});
  return nfc;
}

}  // namespace gemis::server
