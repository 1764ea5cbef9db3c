// The fixture of the JSON API tests (api_*_test.cc, auth_test.cc): the demo
// database (what `gemis demo` builds) with one user of each kind added
// through the store, built once, copied per test into a temporary directory,
// an Api over it with a FixedClock, and helpers that build Beast requests
// and call Api::Handle in process (no sockets). Header-only: tests/support/
// is compiled into every test binary, and only server_tests has Beast.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/password.h"
#include "core/clock.h"
#include "core/hierarchy.h"
#include "exchange/metadata_import.h"
#include "exchange/metadata_json_import.h"
#include "exchange/plan_import.h"
#include "exchange/unit_table.h"
#include "exchange/vn_admin_loader.h"
#include "program/reporting_json.h"
#include "server/api.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::server::api_test {

using nlohmann::json;

// 2026-05-15 10:00 in Vietnam: after the 1/7/2025 reorganisation, so the
// communes of today are the merged ones and the 2024 communes have ended.
inline constexpr int64_t kNow = 1778814000000;
inline constexpr int64_t kMinute = 60 * 1000;
inline constexpr int64_t kHour = 60 * kMinute;
// Every fixture user's password.
inline constexpr std::string_view kPassword = "Thu-Dong-Xuan-Ha-2026";

// The units the tests use, by uid (resolved from the demo's hierarchy).
struct DemoUnits {
  std::string vn;             // the centre, root of the hierarchy
  std::string cao_bang;       // province "04"
  std::string ha_noi;         // province "01"
  std::string commune;        // "01273" today: Phường Thục Phán, Cao Bằng
  std::string sibling;        // "01279" today: Phường Nùng Trí Cao, Cao Bằng
  std::string old_commune;    // "01273" in 2024: Phường Hợp Giang, merged into `commune`
  std::string other_commune;  // "09694" today: Xã Suối Hai, Hà Nội
  std::string commune_name, sibling_name, other_commune_name;  // today's names
  OrgUnitId vn_id = 0, cao_bang_id = 0, ha_noi_id = 0, commune_id = 0, sibling_id = 0,
            old_commune_id = 0, other_commune_id = 0;
};

// The fixture's users (username = the constant's text).
inline constexpr std::string_view kAdmin = "admin";         // admin, scope VN
inline constexpr std::string_view kProvince = "cb.tinh";    // province_officer, Cao Bằng
inline constexpr std::string_view kCommune = "cb.xa";       // commune_officer, `commune`
inline constexpr std::string_view kOtherCommune = "hn.xa";  // commune_officer, `other_commune`
inline constexpr std::string_view kViewer = "cb.xem";       // viewer, Cao Bằng
inline constexpr std::string_view kProtection = "bvdl";     // data_protection, VN (view only)
inline constexpr std::string_view kPartner = "doi.tac";  // partner_agency, Cao Bằng, CT1719.DA8.ND1
inline constexpr std::string_view kDisabled = "da.khoa";       // commune_officer, disabled
inline constexpr std::string_view kHaNoiProvince = "hn.tinh";  // province_officer, Hà Nội

// Data elements of the demo (data/demo/measures.json), all
// INTEGER_ZERO_OR_POSITIVE with the default category combo.
inline constexpr std::string_view kElement = "P8_TTCD_TO_MOI";    // SUM, area CT1719.DA8.ND1.1
inline constexpr std::string_view kOtherElement = "P8_DCTC_MOI";  // SUM, area CT1719.DA8.ND2.3
inline constexpr std::string_view kPartnerArea = "CT1719.DA8.ND1";

struct BaseDatabase {
  std::string path;
  DemoUnits units;
  std::string error;  // why it could not be built ("" = fine)
};

inline Date Day(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// DemoUnits as JSON, kept beside the cached fixture database.
inline json UnitsJson(const DemoUnits& u) {
  return {
      {"uids", {u.vn, u.cao_bang, u.ha_noi, u.commune, u.sibling, u.old_commune, u.other_commune}},
      {"names", {u.commune_name, u.sibling_name, u.other_commune_name}},
      {"ids",
       {u.vn_id, u.cao_bang_id, u.ha_noi_id, u.commune_id, u.sibling_id, u.old_commune_id,
        u.other_commune_id}}};
}
inline bool UnitsFromJson(const json& j, DemoUnits& u) {
  if (!j.is_object() || j.value("uids", json()).size() != 7 ||
      j.value("names", json()).size() != 3 || j.value("ids", json()).size() != 7) {
    return false;
  }
  std::string* uids[] = {&u.vn,      &u.cao_bang,    &u.ha_noi,       &u.commune,
                         &u.sibling, &u.old_commune, &u.other_commune};
  OrgUnitId* ids[] = {&u.vn_id,      &u.cao_bang_id,    &u.ha_noi_id,       &u.commune_id,
                      &u.sibling_id, &u.old_commune_id, &u.other_commune_id};
  std::string* names[] = {&u.commune_name, &u.sibling_name, &u.other_commune_name};
  for (size_t i = 0; i < 7; ++i) {
    *uids[i] = j["uids"][i];
    *ids[i] = j["ids"][i];
  }
  for (size_t i = 0; i < 3; ++i) *names[i] = j["names"][i];
  return true;
}

inline Status AddFixtureUsers(store::Store& store, const DemoUnits& u) {
  struct Spec {
    std::string_view name;
    std::vector<std::string> roles;
    std::vector<OrgUnitId> entry, view;
    std::vector<std::string> areas;
    bool disabled = false;
  };
  const std::vector<Spec> specs = {
      {kAdmin, {"admin"}, {u.vn_id}, {u.vn_id}, {}},
      {kProvince, {"province_officer"}, {u.cao_bang_id}, {u.cao_bang_id}, {}},
      {kCommune, {"commune_officer"}, {u.commune_id}, {u.commune_id}, {}},
      {kOtherCommune, {"commune_officer"}, {u.other_commune_id}, {u.other_commune_id}, {}},
      {kViewer, {"viewer"}, {}, {u.cao_bang_id}, {}},
      {kProtection, {"data_protection"}, {}, {u.vn_id}, {}},
      {kPartner, {"partner_agency"}, {u.cao_bang_id}, {u.cao_bang_id}, {std::string(kPartnerArea)}},
      {kDisabled, {"commune_officer"}, {u.commune_id}, {u.commune_id}, {}, true},
      {kHaNoiProvince, {"province_officer"}, {u.ha_noi_id}, {u.ha_noi_id}, {}},
  };
  GEMIS_ASSIGN_OR_RETURN(std::string hash,
                         access::HashPassword(kPassword, access::PasswordCost::kMinimum));
  return store.Write([&](store::WriteTransaction& txn) -> Status {
    for (const Spec& s : specs) {
      access::User user;
      user.username = std::string(s.name);
      user.display_name = "Người dùng " + user.username;
      user.password_hash = hash;
      user.roles = s.roles;
      user.entry_scope = s.entry;
      user.view_scope = s.view;
      user.content_areas = s.areas;
      user.disabled = s.disabled;
      user.created_by = "cli:test";
      GEMIS_RETURN_IF_ERROR(txn.SaveUser(user).status());
    }
    return Status::Ok();
  });
}

inline Status ResolveUnits(store::Store& store, DemoUnits& u) {
  Hierarchy h;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(h, txn.LoadHierarchy());
    return Status::Ok();
  }));
  const Date today = VietnamDay(kNow), before = Day(2024, 6, 30);
  auto find = [&](std::string_view code, Date d, std::string& uid, OrgUnitId& id,
                  std::string* name) -> Status {
    const OrgUnit* unit = h.FindByCode(code, d);
    if (unit == nullptr) return Status::NotFound("demo unit " + std::string(code));
    uid = unit->uid;
    id = unit->id;
    if (name) *name = unit->VersionAt(d)->name;
    return Status::Ok();
  };
  GEMIS_RETURN_IF_ERROR(find("VN", today, u.vn, u.vn_id, nullptr));
  GEMIS_RETURN_IF_ERROR(find("04", today, u.cao_bang, u.cao_bang_id, nullptr));
  GEMIS_RETURN_IF_ERROR(find("01", today, u.ha_noi, u.ha_noi_id, nullptr));
  GEMIS_RETURN_IF_ERROR(find("01273", today, u.commune, u.commune_id, &u.commune_name));
  GEMIS_RETURN_IF_ERROR(find("01279", today, u.sibling, u.sibling_id, &u.sibling_name));
  GEMIS_RETURN_IF_ERROR(find("01273", before, u.old_commune, u.old_commune_id, nullptr));
  GEMIS_RETURN_IF_ERROR(
      find("09694", today, u.other_commune, u.other_commune_id, &u.other_commune_name));
  return Status::Ok();
}

// Builds what `gemis demo` builds (src/cli/demo_command.cc: the built-in
// metadata, Vietnam's units, data/demo's measures and plan files) through
// the same library calls, so the tests need no gemis binary (the sanitizer
// build makes none), then adds the fixture's users.
inline Status BuildFixtureDatabase(const std::string& path, DemoUnits& units) {
  namespace fs = std::filesystem;
  const std::string data = GEMIS_DATA_DIR, demo = data + "/demo";
  FixedClock clock(kNow);
  store::SqliteOptions options;
  options.clock = &clock;
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                         store::OpenSqliteStore(path, options));
  GEMIS_ASSIGN_OR_RETURN(exchange::VnAdminDataset vn, exchange::LoadVnAdmin(data + "/vn-admin"));
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(exchange::InstallBuiltinMetadata(txn, data));
    std::vector<const OrgUnit*> list;
    for (const OrgUnit& unit : vn.units) list.push_back(&unit);
    GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(list));
    GEMIS_RETURN_IF_ERROR(txn.InsertEvents(vn.events));
    return txn.InsertLinks(vn.links);
  }));
  std::ifstream measures(demo + "/measures.json", std::ios::binary);
  GEMIS_ASSIGN_OR_RETURN(
      exchange::ImportSummary summary,
      exchange::ImportMetadataJson(*store, measures, "measures.json", false, false));
  if (summary.status == exchange::ImportStatus::kError) {
    return Status::Invalid("measures.json was rejected: " + summary.ToJson().dump());
  }
  std::vector<std::string> files = {"common.json"};
  for (const fs::directory_entry& e : fs::directory_iterator(demo)) {
    std::string name = e.path().filename().string();
    if (name.rfind("seed-", 0) == 0 && e.path().extension() == ".json") files.push_back(name);
  }
  std::sort(files.begin() + 1, files.end());
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(exchange::UnitTable table,
                           exchange::UnitTable::LoadFile(demo + "/units.csv", hierarchy));
    exchange::PlanImportOptions plan_options{.units = &table, .hierarchy = &hierarchy};
    for (const std::string& name : files) {
      GEMIS_ASSIGN_OR_RETURN(exchange::PlanImportResult result,
                             exchange::ImportPlanFile(txn, demo + "/" + name, plan_options));
      if (result.summary.status == exchange::ImportStatus::kError) {
        return Status::Invalid(name + " was rejected: " + result.summary.ToJson().dump());
      }
    }
    return Status::Ok();
  }));
  // The calendar and the demo's report types, as `gemis demo` reads them.
  GEMIS_RETURN_IF_ERROR(
      program::ImportCalendarFile(*store, data + "/calendar/vn-days-off.json").status());
  GEMIS_RETURN_IF_ERROR(
      program::ImportReportTypesFile(*store, demo + "/report-types.json", Day(2026, 5, 15))
          .status());
  GEMIS_RETURN_IF_ERROR(ResolveUnits(*store, units));
  return AddFixtureUsers(*store, units);
}

// A key of everything the fixture database is made from: this test
// program (the store's schema, the importers) and the data files.
inline std::string FixtureFingerprint() {
  namespace fs = std::filesystem;
  std::string text;
  auto add = [&](const fs::path& p) {
    std::error_code ec;
    text += p.string() + ":" + std::to_string(fs::file_size(p, ec)) + ":" +
            std::to_string(fs::last_write_time(p, ec).time_since_epoch().count()) + ";";
  };
  add(fs::read_symlink("/proc/self/exe"));
  const fs::path data = GEMIS_DATA_DIR;
  for (const char* dir : {"demo", "vn-admin", "metadata", "calendar"}) {
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(data / dir, ec)) {
      if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) add(p);
  }
  return std::to_string(std::hash<std::string>()(text));
}

// The fixture database, built once and kept beside the test program for
// the next test processes (ctest runs each test in a process of its own):
// "api-fixture-<fingerprint>.db", so any change to the program or the data
// builds a new one; the units' uids are kept beside it in ".units".
inline const BaseDatabase& SharedBase() {
  static BaseDatabase base = [] {
    namespace fs = std::filesystem;
    BaseDatabase b;
    std::error_code ec;
    const fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    const std::string prefix = "api-fixture-";
    b.path = (dir / (prefix + FixtureFingerprint() + ".db")).string();
    if (!fs::exists(b.path)) {
      // Built aside and renamed into place, so a concurrent test process
      // never copies half a database.
      test_support::TempDir scratch;
      Status status = BuildFixtureDatabase(scratch.File("build.db"), b.units);
      if (status.ok()) {
        Result<std::unique_ptr<store::Store>> opened =
            store::OpenSqliteStore(scratch.File("build.db"));
        status = opened.ok() ? (*opened)->Backup(b.path + ".tmp" + std::to_string(getpid()))
                             : opened.status();
      }
      if (!status.ok()) {
        b.error = status.ToString();
        return b;
      }
      // The units first: whoever sees the database sees them too.
      std::ofstream(b.path + ".units.tmp" + std::to_string(getpid())) << UnitsJson(b.units).dump();
      fs::rename(b.path + ".units.tmp" + std::to_string(getpid()), b.path + ".units", ec);
      if (!ec) fs::rename(b.path + ".tmp" + std::to_string(getpid()), b.path, ec);
      if (ec) {
        b.error = "rename: " + ec.message();
        return b;
      }
      // Older fixtures are stale now.
      for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0 &&
            name.rfind(fs::path(b.path).filename().string(), 0) != 0) {
          fs::remove(e.path(), ec);
        }
      }
    } else {
      std::ifstream in(b.path + ".units");
      UnitsFromJson(json::parse(in, nullptr, false), b.units);
    }
    if (b.units.vn.empty()) {
      Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(b.path);
      Status status = store.ok() ? ResolveUnits(**store, b.units) : store.status();
      if (!status.ok()) b.error = status.ToString();
    }
    return b;
  }();
  return base;
}

// Who sends a request: nobody, a session (cookie and its CSRF token) or a
// bearer token.
struct Caller {
  std::string cookie;  // the gemis_session value
  std::string csrf;
  std::string bearer;
  std::string username;
};

class ApiTest : public ::testing::Test {
 public:
  // Public: the tables of routes in the tests call them through an ApiTest&.
  void SetUp() override {
    const BaseDatabase& base = SharedBase();
    ASSERT_EQ(base.error, "");
    units_ = base.units;
    db_ = dir_.File("api.db");
    std::filesystem::copy_file(base.path, db_);
    store::SqliteOptions options;
    options.clock = &clock_;
    // A field key of its own: the base holds no sealed field yet.
    options.field_key = store::FieldKey::Generate();
    Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(db_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ApiOptions api_options;
    api_options.auth.password_cost = access::PasswordCost::kMinimum;
    Result<std::unique_ptr<Api>> api = Api::Create(*store_, clock_, api_options);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
  }

  // Builds and sends a request. `body` goes with `content_type` when not
  // empty (or when a content type is given).
  Response Send(http::verb verb, const std::string& target, const Caller& who = {},
                const std::string& body = "", const std::string& content_type = "",
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    Request req{verb, target, 11};
    if (!who.cookie.empty()) req.set(http::field::cookie, "gemis_session=" + who.cookie);
    if (!who.csrf.empty()) req.set("X-CSRF-Token", who.csrf);
    if (!who.bearer.empty()) req.set(http::field::authorization, "Bearer " + who.bearer);
    if (!content_type.empty()) {
      req.set(http::field::content_type, content_type);
    } else if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
    }
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    RequestContext ctx;
    ctx.remote_address = address_;
    ctx.tls = tls_;
    last_ctx_ = ctx;
    Response res = api_->Handle(req, ctx);
    last_ctx_ = ctx;
    return res;
  }

  Response Get(const std::string& target, const Caller& who = {},
               const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Send(http::verb::get, target, who, "", "", headers);
  }
  Response Post(const std::string& target, const Caller& who, const json& body,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Send(http::verb::post, target, who, body.dump(), "application/json", headers);
  }
  Response Put(const std::string& target, const Caller& who, const json& body,
               const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Send(http::verb::put, target, who, body.dump(), "application/json", headers);
  }
  Response Delete(const std::string& target, const Caller& who,
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Send(http::verb::delete_, target, who, "", "", headers);
  }

  // Signs `username` in (fixture password) and returns the session.
  Caller Login(std::string_view username, std::string_view password = kPassword) {
    Response res = Post("/api/auth/login", {},
                        {{"username", std::string(username)}, {"password", std::string(password)}});
    Caller c;
    c.username = std::string(username);
    EXPECT_EQ(res.result_int(), 200) << username << ": " << res.body();
    if (res.result_int() != 200) return c;
    std::string cookie(res[http::field::set_cookie]);
    size_t eq = cookie.find('='), semi = cookie.find(';');
    c.cookie = cookie.substr(eq + 1, semi - eq - 1);
    c.csrf = json::parse(res.body())["csrfToken"];
    return c;
  }

  // A caller with a fresh personal API token of `username`.
  Caller TokenOf(std::string_view username) {
    Caller session = Login(username);
    Response res = Post("/api/me/tokens", session, {{"name", "test"}});
    EXPECT_EQ(res.result_int(), 201) << res.body();
    Caller c;
    c.username = std::string(username);
    if (res.result_int() == 201) c.bearer = json::parse(res.body())["token"];
    return c;
  }

  static json Body(const Response& res) {
    json j = json::parse(res.body(), nullptr, false);
    return j;
  }
  static std::string ErrorCodeOf(const Response& res) {
    json j = Body(res);
    return j.is_object() && j.contains("errorCode") && j["errorCode"].is_string()
               ? j["errorCode"].get<std::string>()
               : std::string();
  }
  static std::string FieldOf(const Response& res) {
    json j = Body(res);
    return j.is_object() && j.contains("field") && j["field"].is_string()
               ? j["field"].get<std::string>()
               : std::string();
  }

  // POST /api/dataValues of `value` for (element, period, unit).
  Response PostValue(const Caller& who, std::string_view element, std::string_view period,
                     const std::string& unit, const json& value,
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return Post("/api/dataValues", who,
                {{"dataElement", std::string(element)},
                 {"period", std::string(period)},
                 {"orgUnit", unit},
                 {"value", value}},
                headers);
  }
  static std::string ValueQuery(std::string_view element, std::string_view period,
                                const std::string& unit) {
    return "/api/dataValues?de=" + std::string(element) + "&pe=" + std::string(period) +
           "&ou=" + unit;
  }

  // Every audit entry, oldest first, read through the store.
  std::vector<store::AuditEntry> AuditLog() {
    std::vector<store::AuditEntry> out;
    store::AuditFilter filter;
    filter.limit = 1000000;
    Status status = store_->Read([&](store::ReadTransaction& txn) {
      return txn.ScanAudit(filter, [&](const store::AuditEntry& e) {
        out.insert(out.begin(), e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }

  // The database still answers: a sign-in works and the file is intact.
  void ExpectDatabaseWorks() {
    EXPECT_TRUE(store_->CheckIntegrity().ok());
    Caller admin = Login(kAdmin);
    EXPECT_EQ(Get("/api/me", admin).result_int(), 200);
    EXPECT_EQ(Get("/api/users/" + std::string(kCommune), admin).result_int(), 200);
  }

  FixedClock clock_{kNow};
  test_support::TempDir dir_;
  std::string db_;
  DemoUnits units_;
  std::string address_ = "198.51.100.7";
  bool tls_ = false;
  RequestContext last_ctx_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Api> api_;
};

}  // namespace gemis::server::api_test
