// gemis user add|passwd|disable|enable|unlock|list|grant|token|demo: users at
// the command line. The operator who can open the database file acts as the
// system principal (access/principal.h): every change is audited as
// "cli:<login>", and the grant rules other than sensitive-role bootstrapping
// do not apply (docs/security.md).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "access/password.h"
#include "access/principal.h"
#include "access/token.h"
#include "cli/command.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/text.h"

namespace gemis::cli {

namespace {

using nlohmann::json;

struct UserArgs {
  std::string db;
  std::string username;
  std::string name;
  std::string email;
  std::vector<std::string> roles, entry, view, areas;
  std::vector<std::string> revoke_roles;
  bool password_stdin = false;
  std::string format = "table";
  std::string token_name;
  int token_days = 90;
  bool fast_hash = false;  // tests only: the minimum Argon2id cost
};

std::string Operator() { return CommandLineActor(); }

access::PasswordCost Cost(const UserArgs& a) {
  return a.fast_hash ? access::PasswordCost::kMinimum : access::PasswordCost::kInteractive;
}

// The password: from stdin (one line) or, when not asked for, a random one
// that is printed once.
Result<std::string> Password(const UserArgs& a, const std::string& username, bool& generated) {
  generated = false;
  if (a.password_stdin) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    GEMIS_RETURN_IF_ERROR(access::CheckPasswordStatus(line, username));
    return line;
  }
  generated = true;
  return access::RandomToken(12);  // 16 characters of base64url
}

Result<std::vector<OrgUnitId>> Units(const Hierarchy& h, const std::vector<std::string>& refs,
                                     const char* option) {
  std::vector<OrgUnitId> out;
  Date today = VietnamToday();
  for (const std::string& ref : refs) {
    const OrgUnit* u = h.FindByUid(ref);
    if (u == nullptr) u = h.FindByCode(ref, today);
    if (u == nullptr) {
      std::vector<const OrgUnit*> any = h.FindByCodeAnyTime(ref);
      if (!any.empty()) u = any.back();
    }
    if (u == nullptr) return Status::NotFound("no org unit '" + ref + "'", {"", 0, 0, option});
    out.push_back(u->id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string UserAudit(const access::User& u) {
  return json{{"username", u.username},    {"displayName", u.display_name},
              {"email", u.email},          {"disabled", u.disabled},
              {"roles", u.roles},          {"entryScope", u.entry_scope},
              {"viewScope", u.view_scope}, {"contentAreas", u.content_areas}}
      .dump();
}

// Saves `after` (and its audit entry) in one transaction.
Status SaveAudited(store::Store& store, const std::optional<access::User>& before,
                   const access::User& after, const std::string& action) {
  return store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(access::UserId id, txn.SaveUser(after));
    if (after.disabled || action == "password")
      GEMIS_RETURN_IF_ERROR(txn.DeleteUserSessions(id).status());
    store::AuditEntry e;
    e.username = Operator();
    e.action = action;
    e.object_type = "user";
    e.object_id = after.username;
    if (!after.view_scope.empty()) e.org_unit = after.view_scope.front();
    if (before) e.before = UserAudit(*before);
    e.after = UserAudit(after);
    return txn.AppendAudit(e).status();
  });
}

Result<access::User> Existing(store::Store& store, const std::string& username) {
  std::optional<access::User> user;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(user, txn.FindUser(username));
    return Status::Ok();
  }));
  if (!user) return Status::NotFound("no user '" + username + "'", {"", 0, 0, "username"});
  return *user;
}

Status Add(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  access::User user;
  user.username = a.username;
  GEMIS_ASSIGN_OR_RETURN(user.display_name, ToNfc(a.name.empty() ? a.username : a.name));
  user.email = a.email;
  user.roles = a.roles;
  user.content_areas = a.areas;
  GEMIS_ASSIGN_OR_RETURN(user.entry_scope, Units(h, a.entry, "--entry"));
  GEMIS_ASSIGN_OR_RETURN(user.view_scope, Units(h, a.view, "--view"));
  // Entering implies seeing: entry roots join the view scope.
  for (OrgUnitId id : user.entry_scope) {
    if (std::find(user.view_scope.begin(), user.view_scope.end(), id) == user.view_scope.end()) {
      user.view_scope.push_back(id);
    }
  }
  user.created_by = Operator();
  GEMIS_RETURN_IF_ERROR(access::CheckUser(user));
  bool generated = false;
  GEMIS_ASSIGN_OR_RETURN(std::string password, Password(a, user.username, generated));
  GEMIS_ASSIGN_OR_RETURN(user.password_hash, access::HashPassword(password, Cost(a)));
  GEMIS_RETURN_IF_ERROR(SaveAudited(*store, std::nullopt, user, "create"));
  bool en = ctx.lang == Lang::kEn;
  std::cout << (en ? "User created: " : "Đã tạo người dùng: ") << user.username << "\n";
  if (generated) std::cout << (en ? "Password: " : "Mật khẩu: ") << password << "\n";
  return Status::Ok();
}

Status Passwd(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(access::User before, Existing(*store, a.username));
  access::User after = before;
  bool generated = false;
  GEMIS_ASSIGN_OR_RETURN(std::string password, Password(a, after.username, generated));
  GEMIS_ASSIGN_OR_RETURN(after.password_hash, access::HashPassword(password, Cost(a)));
  after.password_changed_at = FormatTimestamp(SystemClock().NowMillis());
  after.failed_logins = 0;
  after.locked_until_ms = 0;
  GEMIS_RETURN_IF_ERROR(SaveAudited(*store, before, after, "password"));
  bool en = ctx.lang == Lang::kEn;
  std::cout << (en ? "Password changed for " : "Đã đổi mật khẩu cho ") << after.username << "\n";
  if (generated) std::cout << (en ? "Password: " : "Mật khẩu: ") << password << "\n";
  return Status::Ok();
}

Status SetDisabled(const UserArgs& a, bool disabled, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(access::User before, Existing(*store, a.username));
  access::User after = before;
  after.disabled = disabled;
  if (!disabled) {
    after.failed_logins = 0;
    after.locked_until_ms = 0;
  }
  GEMIS_RETURN_IF_ERROR(SaveAudited(*store, before, after, disabled ? "disable" : "enable"));
  bool en = ctx.lang == Lang::kEn;
  std::cout << (disabled ? (en ? "Disabled: " : "Đã khoá: ") : (en ? "Enabled: " : "Đã mở: "))
            << after.username << "\n";
  return Status::Ok();
}

Status Grant(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  GEMIS_ASSIGN_OR_RETURN(access::User before, Existing(*store, a.username));
  access::User after = before;
  auto merge = [](std::vector<std::string>& into, const std::vector<std::string>& add) {
    for (const std::string& s : add) {
      if (std::find(into.begin(), into.end(), s) == into.end()) into.push_back(s);
    }
    std::sort(into.begin(), into.end());
  };
  merge(after.roles, a.roles);
  for (const std::string& r : a.revoke_roles) {
    after.roles.erase(std::remove(after.roles.begin(), after.roles.end(), r), after.roles.end());
  }
  merge(after.content_areas, a.areas);
  GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitId> entry, Units(h, a.entry, "--entry"));
  GEMIS_ASSIGN_OR_RETURN(std::vector<OrgUnitId> view, Units(h, a.view, "--view"));
  for (auto* list : {&entry, &view}) {
    for (OrgUnitId id : *list) {
      auto& into = list == &entry ? after.entry_scope : after.view_scope;
      if (std::find(into.begin(), into.end(), id) == into.end()) into.push_back(id);
      if (list == &entry && std::find(after.view_scope.begin(), after.view_scope.end(), id) ==
                                after.view_scope.end()) {
        after.view_scope.push_back(id);
      }
    }
  }
  GEMIS_RETURN_IF_ERROR(SaveAudited(*store, before, after, "grant"));
  std::cout << (ctx.lang == Lang::kEn ? "Granted: " : "Đã cấp quyền: ") << after.username << "\n";
  return Status::Ok();
}

Status List(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  std::vector<access::User> users;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(users, txn.LoadUsers());
    return Status::Ok();
  }));
  auto codes = [&](const std::vector<OrgUnitId>& ids) {
    std::vector<std::string> out;
    for (OrgUnitId id : ids) {
      const OrgUnit* u = h.Find(id);
      out.push_back(u ? (u->last().code.empty() ? u->uid : u->last().code) : std::to_string(id));
    }
    return out;
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
  };
  if (a.format == "json") {
    json out = json::array();
    for (const access::User& u : users) {
      out.push_back({{"username", u.username},
                     {"displayName", u.display_name},
                     {"email", u.email},
                     {"disabled", u.disabled},
                     {"locked", u.locked_until_ms != 0},
                     {"roles", u.roles},
                     {"entryScope", codes(u.entry_scope)},
                     {"viewScope", codes(u.view_scope)},
                     {"contentAreas", u.content_areas}});
    }
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  bool en = ctx.lang == Lang::kEn;
  std::vector<std::vector<std::string>> rows;
  for (const access::User& u : users) {
    rows.push_back({u.username, u.display_name, join(u.roles), join(codes(u.entry_scope)),
                    join(codes(u.view_scope)),
                    u.disabled ? (en ? "disabled" : "đã khoá") : (en ? "active" : "hoạt động")});
  }
  PrintTable(en ? std::vector<std::string>{"Username", "Name", "Roles", "Entry scope", "View scope",
                                           "State"}
                : std::vector<std::string>{"Tên đăng nhập", "Họ tên", "Vai trò", "Phạm vi nhập",
                                           "Phạm vi xem", "Trạng thái"},
             rows, std::cout);
  return Status::Ok();
}

Status Token(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(access::User user, Existing(*store, a.username));
  if (a.token_days < 1 || a.token_days > 366) {
    return Status::Invalid("--days must be 1 to 366", {"", 0, 0, "--days"});
  }
  std::string token = access::NewApiToken();
  store::StoredApiToken stored;
  stored.token_hash = access::TokenHash(token);
  stored.user_id = user.id;
  stored.name = a.token_name.empty() ? "cli" : a.token_name;
  stored.expires_ms = SystemClock().NowMillis() + int64_t{a.token_days} * 86400000;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored.id, txn.SaveApiToken(stored));
    store::AuditEntry e;
    e.username = Operator();
    e.action = "create";
    e.object_type = "apiToken";
    e.object_id = std::to_string(stored.id);
    e.after = json{{"user", user.username}, {"name", stored.name}}.dump();
    return txn.AppendAudit(e).status();
  }));
  (void)ctx;
  std::cout << token << "\n";
  return Status::Ok();
}

// The demo users of `make run`: an administrator and one officer per level
// in the demo's Cao Bằng plan (province 04, district Trùng Khánh 047 and its
// first commune on the plan's date), created once, passwords printed.
Status Demo(const UserArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, LoadHierarchy(*store));
  bool any = false;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<access::User> users, txn.LoadUsers());
    any = !users.empty();
    return Status::Ok();
  }));
  bool en = ctx.lang == Lang::kEn;
  if (any) {
    std::cout << (en ? "Users exist already; demo users not created (gemis user list).\n"
                     : "Đã có người dùng; không tạo người dùng mẫu (gemis user list).\n");
    return Status::Ok();
  }
  Date plan_day = Date::Parse("2024-03-20").value();
  std::vector<OrgUnitId> roots = h.RootsAt(VietnamToday());
  const OrgUnit* province = h.FindByCode("04", plan_day);
  const OrgUnit* district = h.FindByCode("047", plan_day);
  if (roots.empty() || province == nullptr || district == nullptr) {
    return Status::NotFound(
        "the demo units (centre, province 04, district 047) are missing: run gemis demo first");
  }
  std::vector<OrgUnitId> communes = h.ChildrenAt(district->id, plan_day);
  if (communes.empty()) return Status::NotFound("district 047 has no communes");
  struct Spec {
    const char* username;
    const char* name;
    const char* role;
    OrgUnitId unit;
  };
  std::vector<Spec> specs = {
      {"demo.admin", "Quản trị viên (demo)", "admin", roots.front()},
      {"demo.tinh", "Cán bộ tỉnh Cao Bằng (demo)", "province_officer", province->id},
      {"demo.huyen", "Cán bộ huyện Trùng Khánh (demo)", "district_officer", district->id},
      {"demo.xa", "Cán bộ xã (demo)", "commune_officer", communes.front()}};
  std::vector<std::vector<std::string>> rows;
  for (const Spec& s : specs) {
    access::User u;
    u.username = s.username;
    u.display_name = s.name;
    u.roles = {s.role};
    u.entry_scope = {s.unit};
    u.view_scope = {s.unit};
    u.created_by = Operator();
    std::string password = access::RandomToken(12);
    GEMIS_ASSIGN_OR_RETURN(u.password_hash, access::HashPassword(password, Cost(a)));
    GEMIS_RETURN_IF_ERROR(SaveAudited(*store, std::nullopt, u, "create"));
    const OrgUnit* unit = h.Find(s.unit);
    const OrgUnitVersion* v = unit->VersionAt(plan_day) ? unit->VersionAt(plan_day) : &unit->last();
    rows.push_back({s.username, password, s.role, v->FullName()});
  }
  std::cout << (en ? "Demo users (shown once; change them with gemis user passwd):\n"
                   : "Người dùng mẫu (chỉ hiện một lần; đổi bằng gemis user passwd):\n");
  PrintTable(en ? std::vector<std::string>{"Username", "Password", "Role", "Unit"}
                : std::vector<std::string>{"Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị"},
             rows, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterUserCommands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<UserArgs>();
  CLI::App* user = app.add_subcommand("user", "Người dùng / users (docs/security.md)");
  user->require_subcommand(1);
  auto db = [&](CLI::App* c) {
    c->add_option("--db", a->db, "Tệp cơ sở dữ liệu / database file")->required();
  };
  auto name = [&](CLI::App* c) {
    c->add_option("username", a->username, "Tên đăng nhập / username")->required();
  };
  auto grants = [&](CLI::App* c) {
    c->add_option("--role", a->roles, "Vai trò / role code (repeatable)");
    c->add_option("--entry", a->entry,
                  "Phạm vi nhập: mã hoặc uid đơn vị / entry scope unit (repeatable)");
    c->add_option("--view", a->view, "Phạm vi xem / view scope unit (repeatable)");
    c->add_option("--area", a->areas,
                  "Nội dung (mã chương trình) / content area code (repeatable)");
  };
  auto run = [&ctx, a](CLI::App* c, std::function<Status(const UserArgs&, const Context&)> fn) {
    c->add_flag("--fast-hash", a->fast_hash, "Chỉ cho kiểm thử / tests only: minimum Argon2id cost")
        ->group("");
    c->callback([fn, a, &ctx] { ctx.run = [fn, a, &ctx] { return fn(*a, ctx); }; });
  };
  CLI::App* add = user->add_subcommand("add", "Thêm người dùng / add a user");
  db(add);
  name(add);
  add->add_option("--name", a->name, "Họ tên / display name");
  add->add_option("--email", a->email, "Email");
  add->add_flag("--password-stdin", a->password_stdin,
                "Đọc mật khẩu từ stdin / read the password from stdin");
  grants(add);
  run(add, Add);
  CLI::App* passwd = user->add_subcommand("passwd", "Đặt mật khẩu mới / set a new password");
  db(passwd);
  name(passwd);
  passwd->add_flag("--password-stdin", a->password_stdin,
                   "Đọc mật khẩu từ stdin / read the password from stdin");
  run(passwd, Passwd);
  CLI::App* disable = user->add_subcommand("disable", "Khoá tài khoản / disable a user");
  db(disable);
  name(disable);
  run(disable, [](const UserArgs& x, const Context& c) { return SetDisabled(x, true, c); });
  CLI::App* enable =
      user->add_subcommand("enable", "Mở khoá tài khoản / enable (and unlock) a user");
  db(enable);
  name(enable);
  run(enable, [](const UserArgs& x, const Context& c) { return SetDisabled(x, false, c); });
  CLI::App* grant = user->add_subcommand("grant", "Cấp vai trò, phạm vi / grant roles and scopes");
  db(grant);
  name(grant);
  grants(grant);
  grant->add_option("--revoke-role", a->revoke_roles,
                    "Thu hồi vai trò / revoke a role (repeatable)");
  run(grant, Grant);
  CLI::App* list = user->add_subcommand("list", "Danh sách người dùng / list users");
  db(list);
  list->add_option("--format", a->format, "table|json")->check(CLI::IsMember({"table", "json"}));
  run(list, List);
  CLI::App* token =
      user->add_subcommand("token", "Tạo mã API cá nhân / create a personal API token");
  db(token);
  name(token);
  token->add_option("--name", a->token_name, "Tên mã / token name");
  token->add_option("--days", a->token_days, "Hạn dùng (ngày) / days valid (1-366)");
  run(token, Token);
  CLI::App* demo = user->add_subcommand("demo", "Tạo người dùng mẫu / create the demo users");
  db(demo);
  run(demo, Demo);
}

}  // namespace gemis::cli
