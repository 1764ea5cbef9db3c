// Access control and the general audit log in the SQLite store (migration
// 11): roles, users with their grants, sessions, API tokens, and the
// append-only audit log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/token.h"
#include "core/clock.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using store_test::RootUnit;
using store_test::SaveUnits;
using store_test::WriteResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using A = access::Authority;

constexpr int64_t kNow = 1'795'316'400'000;  // 2026-11-22T03:00:00.000Z
constexpr int64_t kHour = 3'600'000;

// Success when `status` failed with `code` on `field`.
::testing::AssertionResult Refused(const Status& status, ErrorCode code, const std::string& field) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded";
  if (status.code() != code || status.where().field != field) {
    return ::testing::AssertionFailure() << "expected " << ErrorCodeName(code) << " on field '"
                                         << field << "', got " << status.ToString();
  }
  return ::testing::AssertionSuccess();
}

// Runs `fn(txn)`, which returns a Result<T>, in one read transaction.
template <typename Fn>
auto ReadResult(Store& store, Fn fn) -> decltype(fn(std::declval<ReadTransaction&>())) {
  decltype(fn(std::declval<ReadTransaction&>())) out = Status::Internal("not run");
  Status status = store.Read([&](ReadTransaction& txn) {
    out = fn(txn);
    return out.status();
  });
  if (!status.ok()) return status;
  return out;
}

access::Role CustomRole(std::string code, access::AuthoritySet authorities) {
  access::Role role;
  role.code = std::move(code);
  role.name = "Vai trò " + role.code;
  role.name_en = "Role " + role.code;
  role.authorities = authorities;
  return role;
}

access::User NewUser(std::string username, std::vector<std::string> roles = {"commune_officer"}) {
  access::User u;
  u.username = std::move(username);
  u.display_name = "Nguyễn Thị Hoa";
  u.email = u.username + "@laocai.gov.vn";
  u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
  u.roles = std::move(roles);
  u.entry_scope = {1};
  u.view_scope = {1, 2};
  u.created_by = "cli:root";
  return u;
}

class SqliteAccess : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.clock = &clock_;
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(Path(), options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ASSERT_OK(store_->Write([](WriteTransaction& txn) {
      return SaveUnits(txn, {RootUnit(1, "a", "Tỉnh Lào Cai"), RootUnit(2, "b", "Tỉnh Yên Bái")});
    }));
  }

  std::string Path() const { return dir_.File("access.db"); }

  Result<access::RoleId> SaveRole(const access::Role& role) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveRole(role); });
  }
  Result<access::UserId> SaveUser(const access::User& user) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveUser(user); });
  }
  access::UserId MustSaveUser(const access::User& user) {
    Result<access::UserId> id = SaveUser(user);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  std::vector<access::Role> Roles() {
    Result<std::vector<access::Role>> roles =
        ReadResult(*store_, [](ReadTransaction& txn) { return txn.LoadRoles(); });
    EXPECT_TRUE(roles.ok()) << roles.status().ToString();
    return roles.ok() ? *roles : std::vector<access::Role>();
  }
  std::vector<access::User> Users() {
    Result<std::vector<access::User>> users =
        ReadResult(*store_, [](ReadTransaction& txn) { return txn.LoadUsers(); });
    EXPECT_TRUE(users.ok()) << users.status().ToString();
    return users.ok() ? *users : std::vector<access::User>();
  }
  std::optional<access::User> Find(const std::string& username) {
    Result<std::optional<access::User>> user =
        ReadResult(*store_, [&](ReadTransaction& txn) { return txn.FindUser(username); });
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? *user : std::nullopt;
  }
  std::optional<access::User> FindById(access::UserId id) {
    Result<std::optional<access::User>> user =
        ReadResult(*store_, [&](ReadTransaction& txn) { return txn.FindUserById(id); });
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? *user : std::nullopt;
  }
  std::optional<StoredSession> FindSession(const std::string& hash) {
    Result<std::optional<StoredSession>> s =
        ReadResult(*store_, [&](ReadTransaction& txn) { return txn.FindSession(hash); });
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : std::nullopt;
  }
  std::optional<StoredApiToken> FindToken(const std::string& hash) {
    Result<std::optional<StoredApiToken>> t =
        ReadResult(*store_, [&](ReadTransaction& txn) { return txn.FindApiToken(hash); });
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : std::nullopt;
  }
  std::vector<int64_t> TokenIds(access::UserId user) {
    Result<std::vector<StoredApiToken>> tokens =
        ReadResult(*store_, [&](ReadTransaction& txn) { return txn.LoadApiTokens(user); });
    EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
    std::vector<int64_t> ids;
    if (tokens.ok()) {
      for (const StoredApiToken& t : *tokens) {
        EXPECT_EQ(t.user_id, user);
        ids.push_back(t.id);
      }
    }
    return ids;
  }
  Result<int64_t> Append(const AuditEntry& entry) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.AppendAudit(entry); });
  }
  std::vector<AuditEntry> Scan(const AuditFilter& filter = {}) {
    std::vector<AuditEntry> out;
    Status status = store_->Read([&](ReadTransaction& txn) {
      return txn.ScanAudit(filter, [&](const AuditEntry& e) {
        out.push_back(e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::vector<int64_t> ScanIds(const AuditFilter& filter) {
    std::vector<int64_t> ids;
    for (const AuditEntry& e : Scan(filter)) ids.push_back(e.id);
    return ids;
  }
  // A second connection to the same file, as another process would open it.
  SqliteDb Raw() {
    Result<SqliteDb> db = SqliteDb::Open(Path(), false);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return SqliteDb();
    sqlite3_busy_timeout(db->handle(), 10000);
    return std::move(*db);
  }
  std::string QueryText(SqliteDb& db, const std::string& sql) {
    Result<SqliteStatement> stmt = db.Prepare(sql);
    if (!stmt.ok()) return "error: " + stmt.status().ToString();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return "error: " + row.status().ToString();
    return *row ? stmt->Text(0) : "";
  }

  FixedClock clock_{kNow};
  test_support::TempDir dir_;
  std::unique_ptr<Store> store_;
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteAccess, MigrationCreatesTheTablesAndTriggers) {
  SqliteDb db = Raw();
  Result<int> version = ReadSchemaVersion(db);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, LatestSchemaVersion());
  EXPECT_GE(LatestSchemaVersion(), 11);
  EXPECT_EQ(AllMigrations()[10].version, 11);
  for (const char* table : {"role", "app_user", "user_role", "user_scope", "user_content_area",
                            "user_session", "api_token", "audit_log"}) {
    EXPECT_EQ(
        QueryText(db, std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
        "table")
        << table;
  }
  for (const char* trigger :
       {"audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace"}) {
    EXPECT_EQ(
        QueryText(db, std::string("SELECT type FROM sqlite_schema WHERE name = '") + trigger + "'"),
        "trigger")
        << trigger;
  }
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------------------ roles

TEST_F(SqliteAccess, LoadRolesStartsWithTheBuiltInOnesWithNegativeIds) {
  std::vector<access::Role> roles = Roles();
  const std::vector<access::Role>& builtin = access::BuiltinRoles();
  ASSERT_EQ(roles.size(), builtin.size());
  for (size_t i = 0; i < builtin.size(); ++i) {
    EXPECT_EQ(roles[i].id, -static_cast<access::RoleId>(i + 1));
    EXPECT_EQ(roles[i].code, builtin[i].code);
    EXPECT_EQ(roles[i].authorities, builtin[i].authorities);
    EXPECT_TRUE(roles[i].builtin);
  }
}

TEST_F(SqliteAccess, CustomRolesFollowTheBuiltInOnesByCode) {
  Result<access::RoleId> importer = SaveRole(CustomRole("importer", access::MakeSet({A::kImport})));
  ASSERT_TRUE(importer.ok()) << importer.status().ToString();
  Result<access::RoleId> auditor =
      SaveRole(CustomRole("auditor", access::MakeSet({A::kReadAudit, A::kReadMetadata})));
  ASSERT_TRUE(auditor.ok()) << auditor.status().ToString();
  EXPECT_GT(*importer, 0);
  EXPECT_GT(*auditor, *importer);
  std::vector<access::Role> roles = Roles();
  size_t n = access::BuiltinRoles().size();
  ASSERT_EQ(roles.size(), n + 2);
  EXPECT_EQ(roles[n].code, "auditor");
  EXPECT_EQ(roles[n].id, *auditor);
  EXPECT_EQ(roles[n].name, "Vai trò auditor");
  EXPECT_EQ(roles[n].name_en, "Role auditor");
  EXPECT_EQ(roles[n].authorities, access::MakeSet({A::kReadAudit, A::kReadMetadata}));
  EXPECT_FALSE(roles[n].builtin);
  EXPECT_EQ(roles[n + 1].code, "importer");
  EXPECT_EQ(roles[n + 1].id, *importer);
}

TEST_F(SqliteAccess, SaveRoleUpdatesByIdAndKeepsSensitiveAuthorities) {
  Result<access::RoleId> id = SaveRole(CustomRole("case_reader", access::MakeSet({A::kReadData})));
  ASSERT_TRUE(id.ok());
  access::Role changed =
      CustomRole("case_reader", access::MakeSet({A::kReadData, A::kReadConfidential}));
  changed.id = *id;
  changed.name = "Đọc hồ sơ mật";
  Result<access::RoleId> updated = SaveRole(changed);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated, *id);
  std::vector<access::Role> roles = Roles();
  ASSERT_EQ(roles.size(), access::BuiltinRoles().size() + 1);
  EXPECT_EQ(roles.back().name, "Đọc hồ sơ mật");
  EXPECT_EQ(roles.back().authorities, changed.authorities);
}

TEST_F(SqliteAccess, SaveRoleRefusesDuplicatesBuiltInCodesAndBadRoles) {
  ASSERT_TRUE(SaveRole(CustomRole("importer", access::MakeSet({A::kImport}))).ok());
  EXPECT_TRUE(Refused(SaveRole(CustomRole("importer", access::MakeSet({A::kExport}))).status(),
                      ErrorCode::kAlreadyExists, "code"));
  Result<access::RoleId> builtin = SaveRole(CustomRole("admin", access::MakeSet({A::kExport})));
  EXPECT_TRUE(Refused(builtin.status(), ErrorCode::kInvalidInput, "code"));
  EXPECT_THAT(builtin.status().message(), HasSubstr("built-in"));
  EXPECT_TRUE(Refused(SaveRole(CustomRole("Bad Code", access::MakeSet({A::kExport}))).status(),
                      ErrorCode::kInvalidInput, "code"));
  EXPECT_TRUE(Refused(SaveRole(CustomRole("empty", access::AuthoritySet())).status(),
                      ErrorCode::kInvalidInput, "authorities"));
  access::Role unnamed = CustomRole("unnamed", access::MakeSet({A::kExport}));
  unnamed.name.clear();
  EXPECT_TRUE(Refused(SaveRole(unnamed).status(), ErrorCode::kInvalidInput, "name"));
  access::Role ghost = CustomRole("ghost", access::MakeSet({A::kExport}));
  ghost.id = 999;
  EXPECT_TRUE(Refused(SaveRole(ghost).status(), ErrorCode::kNotFound, "id"));
  EXPECT_EQ(Roles().size(), access::BuiltinRoles().size() + 1);
}

// Regression: an update to another role's code failed on the UNIQUE
// constraint as a bare kConflict.
TEST_F(SqliteAccess, SaveRoleRefusesRenamingOntoAnotherRolesCode) {
  ASSERT_TRUE(SaveRole(CustomRole("importer", access::MakeSet({A::kImport}))).ok());
  Result<access::RoleId> exporter = SaveRole(CustomRole("exporter", access::MakeSet({A::kExport})));
  ASSERT_TRUE(exporter.ok());
  access::Role clash = CustomRole("importer", access::MakeSet({A::kExport}));
  clash.id = *exporter;
  EXPECT_TRUE(Refused(SaveRole(clash).status(), ErrorCode::kAlreadyExists, "code"));
}

// Regression: users hold roles by code, so renaming a role left its holders
// with a code that no longer existed.
TEST_F(SqliteAccess, RenamedRoleKeepsItsHolders) {
  Result<access::RoleId> id = SaveRole(CustomRole("importer", access::MakeSet({A::kImport})));
  ASSERT_TRUE(id.ok());
  MustSaveUser(NewUser("hoa.nt", {"importer", "viewer"}));
  access::Role renamed = CustomRole("bulk_importer", access::MakeSet({A::kImport}));
  renamed.id = *id;
  ASSERT_TRUE(SaveRole(renamed).ok());
  std::optional<access::User> hoa = Find("hoa.nt");
  ASSERT_TRUE(hoa.has_value());
  EXPECT_THAT(hoa->roles, ElementsAre("bulk_importer", "viewer"));
  EXPECT_EQ(Roles().back().code, "bulk_importer");
}

TEST_F(SqliteAccess, CorruptAuthoritiesAreReportedAsCorruption) {
  SqliteDb db = Raw();
  ASSERT_OK(
      db.Exec("INSERT INTO role (code, name, authorities) VALUES ('broken', 'x',"
              " 'read_data,fly')"));
  Result<std::vector<access::Role>> roles =
      ReadResult(*store_, [](ReadTransaction& txn) { return txn.LoadRoles(); });
  ASSERT_FALSE(roles.ok());
  EXPECT_EQ(roles.status().code(), ErrorCode::kCorruption);
  EXPECT_THAT(roles.status().message(), HasSubstr("'broken'"));
  EXPECT_THAT(roles.status().message(), HasSubstr("'fly'"));
}

// ------------------------------------------------------------------ users

TEST_F(SqliteAccess, SaveUserInsertsWithGrantsAndLoadsBack) {
  ASSERT_TRUE(SaveRole(CustomRole("importer", access::MakeSet({A::kImport}))).ok());
  access::User u = NewUser("hoa.nt", {"viewer", "importer", "commune_officer", "viewer"});
  u.view_scope = {2, 1};
  u.content_areas = {"CT1719.DA8.ND2", "CT1719.DA8.ND1"};
  u.failed_logins = 2;
  u.locked_until_ms = 77;
  u.disabled = true;
  access::UserId id = MustSaveUser(u);
  EXPECT_GT(id, 0);
  std::optional<access::User> loaded = Find("hoa.nt");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->id, id);
  EXPECT_EQ(loaded->username, "hoa.nt");
  EXPECT_EQ(loaded->display_name, "Nguyễn Thị Hoa");
  EXPECT_EQ(loaded->email, "hoa.nt@laocai.gov.vn");
  EXPECT_TRUE(loaded->disabled);
  EXPECT_EQ(loaded->password_hash, u.password_hash);
  EXPECT_EQ(loaded->created_by, "cli:root");
  EXPECT_EQ(loaded->created_at, "2026-11-22T03:00:00.000Z");
  EXPECT_EQ(loaded->password_changed_at, "2026-11-22T03:00:00.000Z");
  EXPECT_EQ(loaded->failed_logins, 2);
  EXPECT_EQ(loaded->locked_until_ms, 77);
  // Grants come back sorted, without duplicates.
  EXPECT_THAT(loaded->roles, ElementsAre("commune_officer", "importer", "viewer"));
  EXPECT_THAT(loaded->entry_scope, ElementsAre(1));
  EXPECT_THAT(loaded->view_scope, ElementsAre(1, 2));
  EXPECT_THAT(loaded->content_areas, ElementsAre("CT1719.DA8.ND1", "CT1719.DA8.ND2"));
  std::optional<access::User> by_id = FindById(id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->username, "hoa.nt");
  EXPECT_EQ(by_id->roles, loaded->roles);
  EXPECT_EQ(by_id->view_scope, loaded->view_scope);
  EXPECT_EQ(by_id->content_areas, loaded->content_areas);
}

TEST_F(SqliteAccess, GivenTimestampsAreKept) {
  access::User u = NewUser("hoa.nt");
  u.created_at = "2025-01-01T00:00:00.000Z";
  u.password_changed_at = "2025-02-01T00:00:00.000Z";
  MustSaveUser(u);
  std::optional<access::User> loaded = Find("hoa.nt");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->created_at, "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(loaded->password_changed_at, "2025-02-01T00:00:00.000Z");
}

TEST_F(SqliteAccess, UnknownUsersAreNotFound) {
  MustSaveUser(NewUser("hoa.nt"));
  EXPECT_FALSE(Find("lan.pt").has_value());
  EXPECT_FALSE(Find("").has_value());
  EXPECT_FALSE(Find("HOA.NT").has_value());
  EXPECT_FALSE(FindById(999).has_value());
  EXPECT_FALSE(FindById(0).has_value());
}

TEST_F(SqliteAccess, LoadUsersIsInUsernameOrderWithGrants) {
  MustSaveUser(NewUser("minh.lv", {"viewer"}));
  MustSaveUser(NewUser("an.nguyen", {"admin"}));
  MustSaveUser(NewUser("hoa.nt", {}));
  std::vector<access::User> users = Users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].username, "an.nguyen");
  EXPECT_EQ(users[1].username, "hoa.nt");
  EXPECT_EQ(users[2].username, "minh.lv");
  EXPECT_THAT(users[0].roles, ElementsAre("admin"));
  EXPECT_THAT(users[1].roles, IsEmpty());
  EXPECT_THAT(users[2].roles, ElementsAre("viewer"));
  for (const access::User& u : users) EXPECT_THAT(u.view_scope, ElementsAre(1, 2));
}

TEST_F(SqliteAccess, DuplicateUsernameAlreadyExists) {
  MustSaveUser(NewUser("hoa.nt"));
  Result<access::UserId> again = SaveUser(NewUser("hoa.nt", {"viewer"}));
  EXPECT_TRUE(Refused(again.status(), ErrorCode::kAlreadyExists, "username"));
  EXPECT_EQ(Users().size(), 1u);
}

TEST_F(SqliteAccess, UnknownRoleOrUnitIsNotFoundAndNothingIsSaved) {
  Result<access::UserId> role = SaveUser(NewUser("hoa.nt", {"viewer", "mayor"}));
  EXPECT_TRUE(Refused(role.status(), ErrorCode::kNotFound, "roles"));
  EXPECT_THAT(role.status().message(), HasSubstr("'mayor'"));
  access::User entry = NewUser("hoa.nt");
  entry.entry_scope = {1, 99};
  EXPECT_TRUE(Refused(SaveUser(entry).status(), ErrorCode::kNotFound, "entryScope"));
  access::User view = NewUser("hoa.nt");
  view.view_scope = {99};
  EXPECT_TRUE(Refused(SaveUser(view).status(), ErrorCode::kNotFound, "viewScope"));
  EXPECT_THAT(Users(), IsEmpty());
}

TEST_F(SqliteAccess, InvalidUserIsRefused) {
  EXPECT_TRUE(Refused(SaveUser(NewUser("Hoa")).status(), ErrorCode::kInvalidInput, "username"));
  access::User no_name = NewUser("hoa.nt");
  no_name.display_name.clear();
  EXPECT_TRUE(Refused(SaveUser(no_name).status(), ErrorCode::kInvalidInput, "displayName"));
  access::User no_hash = NewUser("hoa.nt");
  no_hash.password_hash.clear();
  EXPECT_TRUE(Refused(SaveUser(no_hash).status(), ErrorCode::kInvalidInput, "password"));
  EXPECT_THAT(Users(), IsEmpty());
}

TEST_F(SqliteAccess, UpdateReplacesTheRowAndEveryGrant) {
  ASSERT_TRUE(SaveRole(CustomRole("importer", access::MakeSet({A::kImport}))).ok());
  access::User u = NewUser("hoa.nt", {"viewer", "importer"});
  u.content_areas = {"CT1719.DA8"};
  access::UserId id = MustSaveUser(u);
  clock_.Advance(24 * kHour);
  std::optional<access::User> stored = FindById(id);
  ASSERT_TRUE(stored.has_value());
  access::User changed = *stored;
  changed.display_name = "Nguyễn Thị Hoà";
  changed.email.clear();
  changed.roles = {"district_officer"};
  changed.entry_scope = {2};
  changed.view_scope = {2};
  changed.content_areas.clear();
  changed.password_hash = "$argon2id$v=19$m=8,t=1,p=1$bmV3$bmV3";
  changed.password_changed_at = "2026-11-23T03:00:00.000Z";
  changed.created_by = "someone.else";  // not changed by an update
  EXPECT_EQ(MustSaveUser(changed), id);
  std::optional<access::User> loaded = FindById(id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->display_name, "Nguyễn Thị Hoà");
  EXPECT_EQ(loaded->email, "");
  EXPECT_THAT(loaded->roles, ElementsAre("district_officer"));
  EXPECT_THAT(loaded->entry_scope, ElementsAre(2));
  EXPECT_THAT(loaded->view_scope, ElementsAre(2));
  EXPECT_THAT(loaded->content_areas, IsEmpty());
  EXPECT_EQ(loaded->password_hash, changed.password_hash);
  EXPECT_EQ(loaded->password_changed_at, "2026-11-23T03:00:00.000Z");
  EXPECT_EQ(loaded->created_by, "cli:root");
  EXPECT_EQ(loaded->created_at, "2026-11-22T03:00:00.000Z");
  EXPECT_EQ(Users().size(), 1u);
}

TEST_F(SqliteAccess, UpdateThatFailsKeepsTheOldGrants) {
  access::UserId id = MustSaveUser(NewUser("hoa.nt", {"viewer"}));
  access::User changed = *FindById(id);
  changed.roles = {"commune_officer", "mayor"};
  EXPECT_TRUE(Refused(SaveUser(changed).status(), ErrorCode::kNotFound, "roles"));
  EXPECT_THAT(FindById(id)->roles, ElementsAre("viewer"));
}

TEST_F(SqliteAccess, UpdateOfAnUnknownIdIsNotFound) {
  access::User ghost = NewUser("hoa.nt");
  ghost.id = 42;
  EXPECT_TRUE(Refused(SaveUser(ghost).status(), ErrorCode::kNotFound, "id"));
  EXPECT_THAT(Users(), IsEmpty());
}

// Regression: renaming a user onto another's username failed on the UNIQUE
// constraint as a bare kConflict.
TEST_F(SqliteAccess, UpdateOntoAnotherUsersNameAlreadyExists) {
  MustSaveUser(NewUser("hoa.nt"));
  access::UserId lan = MustSaveUser(NewUser("lan.pt"));
  access::User renamed = *FindById(lan);
  renamed.username = "hoa.nt";
  EXPECT_TRUE(Refused(SaveUser(renamed).status(), ErrorCode::kAlreadyExists, "username"));
  renamed.username = "lan.pham";
  EXPECT_EQ(MustSaveUser(renamed), lan);
  EXPECT_EQ(Find("lan.pham")->id, lan);
  EXPECT_FALSE(Find("lan.pt").has_value());
}

TEST_F(SqliteAccess, SetLoginFailuresCountsAndLocks) {
  access::UserId id = MustSaveUser(NewUser("hoa.nt"));
  ASSERT_OK(
      store_->Write([&](WriteTransaction& txn) { return txn.SetLoginFailures(id, 5, 123456); }));
  std::optional<access::User> locked = FindById(id);
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(locked->failed_logins, 5);
  EXPECT_EQ(locked->locked_until_ms, 123456);
  EXPECT_THAT(locked->roles, ElementsAre("commune_officer"));  // grants untouched
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.SetLoginFailures(id, 0, 0); }));
  EXPECT_EQ(FindById(id)->failed_logins, 0);
  EXPECT_EQ(FindById(id)->locked_until_ms, 0);
}

// ------------------------------------------------------------------ sessions

StoredSession Session(std::string hash, access::UserId user, int64_t expires) {
  StoredSession s;
  s.token_hash = std::move(hash);
  s.user_id = user;
  s.csrf_token = "csrf-" + s.token_hash;
  s.created_ms = 1000;
  s.last_seen_ms = 1000;
  s.expires_ms = expires;
  s.address = "10.0.0.5";
  return s;
}

TEST_F(SqliteAccess, SessionsAreSavedFoundTouchedAndDeleted) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  StoredSession s = Session(access::TokenHash("cookie-1"), hoa, 5000);
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.SaveSession(s); }));
  std::optional<StoredSession> found = FindSession(s.token_hash);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token_hash, s.token_hash);
  EXPECT_EQ(found->user_id, hoa);
  EXPECT_EQ(found->csrf_token, s.csrf_token);
  EXPECT_EQ(found->created_ms, 1000);
  EXPECT_EQ(found->last_seen_ms, 1000);
  EXPECT_EQ(found->expires_ms, 5000);
  EXPECT_EQ(found->address, "10.0.0.5");
  EXPECT_FALSE(FindSession(access::TokenHash("cookie-2")).has_value());
  ASSERT_OK(
      store_->Write([&](WriteTransaction& txn) { return txn.TouchSession(s.token_hash, 2500); }));
  found = FindSession(s.token_hash);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->last_seen_ms, 2500);
  EXPECT_EQ(found->created_ms, 1000);
  EXPECT_EQ(found->expires_ms, 5000);
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteSession(s.token_hash); }));
  EXPECT_FALSE(FindSession(s.token_hash).has_value());
  // Deleting it again is not an error.
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteSession(s.token_hash); }));
}

TEST_F(SqliteAccess, SavingASessionAgainReplacesIt) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  StoredSession s = Session("h1", hoa, 5000);
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.SaveSession(s); }));
  s.csrf_token = "rotated";
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.SaveSession(s); }));
  EXPECT_EQ(FindSession("h1")->csrf_token, "rotated");
}

TEST_F(SqliteAccess, SessionOfAnUnknownUserIsRefused) {
  Status status =
      store_->Write([&](WriteTransaction& txn) { return txn.SaveSession(Session("h1", 42, 1)); });
  EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
  EXPECT_FALSE(FindSession("h1").has_value());
}

TEST_F(SqliteAccess, DeleteUserSessionsEndsOnlyThatUsersSessions) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  access::UserId lan = MustSaveUser(NewUser("lan.pt"));
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveSession(Session("h1", hoa, 5000)));
    GEMIS_RETURN_IF_ERROR(txn.SaveSession(Session("h2", hoa, 9000)));
    return txn.SaveSession(Session("l1", lan, 9000));
  }));
  Result<int64_t> ended =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.DeleteUserSessions(hoa); });
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(FindSession("h1").has_value());
  EXPECT_FALSE(FindSession("h2").has_value());
  EXPECT_TRUE(FindSession("l1").has_value());
  Result<int64_t> none =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.DeleteUserSessions(hoa); });
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

TEST_F(SqliteAccess, DeleteExpiredSessionsRemovesThoseEndedBeforeNow) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveSession(Session("early", hoa, 3000)));
    GEMIS_RETURN_IF_ERROR(txn.SaveSession(Session("edge", hoa, 4000)));
    return txn.SaveSession(Session("late", hoa, 9000));
  }));
  Result<int64_t> removed =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.DeleteExpiredSessions(4000); });
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(FindSession("early").has_value());
  EXPECT_TRUE(FindSession("edge").has_value());  // ends at 4000, not before it
  EXPECT_TRUE(FindSession("late").has_value());
  removed =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.DeleteExpiredSessions(10000); });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2);
}

// ------------------------------------------------------------------ API tokens

StoredApiToken Token(std::string hash, access::UserId user, std::string name) {
  StoredApiToken t;
  t.token_hash = std::move(hash);
  t.user_id = user;
  t.name = std::move(name);
  return t;
}

TEST_F(SqliteAccess, ApiTokensAreSavedFoundListedTouchedAndRevoked) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  access::UserId lan = MustSaveUser(NewUser("lan.pt"));
  std::string hash = access::TokenHash(access::NewApiToken());
  StoredApiToken excel = Token(access::TokenHash(access::NewApiToken()), hoa, "Excel");
  excel.created_at = "2026-01-01T00:00:00.000Z";
  excel.expires_ms = 99;
  excel.last_used_ms = 5;  // ignored: a new token is unused and not revoked
  excel.revoked = true;
  Result<int64_t> sync = WriteResult(*store_, [&](WriteTransaction& txn) {
    return txn.SaveApiToken(Token(hash, hoa, "DHIS2 sync"));
  });
  Result<int64_t> second =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveApiToken(excel); });
  Result<int64_t> other = WriteResult(*store_, [&](WriteTransaction& txn) {
    return txn.SaveApiToken(Token(access::TokenHash("x"), lan, "Lan's"));
  });
  ASSERT_TRUE(sync.ok() && second.ok() && other.ok()) << sync.status().ToString();

  std::optional<StoredApiToken> found = FindToken(hash);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, *sync);
  EXPECT_EQ(found->user_id, hoa);
  EXPECT_EQ(found->name, "DHIS2 sync");
  EXPECT_EQ(found->created_at, "2026-11-22T03:00:00.000Z");
  EXPECT_EQ(found->expires_ms, 0);
  EXPECT_EQ(found->last_used_ms, 0);
  EXPECT_FALSE(found->revoked);
  std::optional<StoredApiToken> excel_found = FindToken(excel.token_hash);
  ASSERT_TRUE(excel_found.has_value());
  EXPECT_EQ(excel_found->created_at, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(excel_found->expires_ms, 99);
  EXPECT_EQ(excel_found->last_used_ms, 0);
  EXPECT_FALSE(excel_found->revoked);
  EXPECT_FALSE(FindToken(access::TokenHash("unknown")).has_value());

  EXPECT_THAT(TokenIds(hoa), ElementsAre(*sync, *second));
  EXPECT_THAT(TokenIds(lan), ElementsAre(*other));
  EXPECT_THAT(TokenIds(999), IsEmpty());

  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.TouchApiToken(*sync, 1234); }));
  EXPECT_EQ(FindToken(hash)->last_used_ms, 1234);

  // Another user's token is not found, and stays valid.
  Status not_owner =
      store_->Write([&](WriteTransaction& txn) { return txn.RevokeApiToken(lan, *sync); });
  EXPECT_TRUE(Refused(not_owner, ErrorCode::kNotFound, "id"));
  EXPECT_FALSE(FindToken(hash)->revoked);
  Status unknown =
      store_->Write([&](WriteTransaction& txn) { return txn.RevokeApiToken(hoa, 999); });
  EXPECT_TRUE(Refused(unknown, ErrorCode::kNotFound, "id"));
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.RevokeApiToken(hoa, *sync); }));
  EXPECT_TRUE(FindToken(hash)->revoked);
  EXPECT_FALSE(FindToken(excel.token_hash)->revoked);
  // A revoked token is still listed (the owner sees it was revoked).
  EXPECT_THAT(TokenIds(hoa), ElementsAre(*sync, *second));
}

TEST_F(SqliteAccess, BadApiTokensAreRefused) {
  access::UserId hoa = MustSaveUser(NewUser("hoa.nt"));
  auto save = [&](const StoredApiToken& t) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveApiToken(t); });
  };
  EXPECT_TRUE(Refused(save(Token("h1", hoa, "")).status(), ErrorCode::kInvalidInput, "name"));
  EXPECT_TRUE(Refused(save(Token("h1", 42, "x")).status(), ErrorCode::kNotFound, "user"));
  ASSERT_TRUE(save(Token("h1", hoa, "x")).ok());
  EXPECT_EQ(save(Token("h1", hoa, "y")).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(TokenIds(hoa).size(), 1u);
}

// ------------------------------------------------------------------ audit log

AuditEntry Entry(std::string username, std::string action, std::string object_type,
                 std::string object_id = "") {
  AuditEntry e;
  e.username = std::move(username);
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  return e;
}

class SqliteAccessAudit : public SqliteAccess {
 protected:
  void SetUp() override {
    SqliteAccess::SetUp();
    hoa_ = MustSaveUser(NewUser("hoa.nt"));
    AuditEntry login = Entry("hoa.nt", "login", "session");
    login.user_id = hoa_;
    login.address = "10.0.0.5";
    ids_.push_back(MustAppend(login));  // 2026-11-22T03:00
    clock_.Advance(7 * kHour);
    AuditEntry create = Entry("hoa.nt", "create", "user", "lan.pt");
    create.user_id = hoa_;
    create.org_unit = 1;
    create.after = R"({"username":"lan.pt"})";
    ids_.push_back(MustAppend(create));  // 2026-11-22T10:00
    clock_.Advance(24 * kHour);
    AuditEntry update = Entry("cli:root", "update", "user", "lan.pt");
    update.before = R"({"disabled":false})";
    update.after = R"({"disabled":true})";
    ids_.push_back(MustAppend(update));  // 2026-11-23T10:00
    AuditEntry value = Entry("lan.pt", "create", "dataValue", "P8_W;2026;1");
    value.at = "2026-11-24T00:00:00.000Z";
    ids_.push_back(MustAppend(value));
    AuditEntry removed = Entry("hoa.nt", "delete", "dataValue", "P8_W;2026;1");
    removed.at = "2026-11-24T09:00:00.000Z";
    ids_.push_back(MustAppend(removed));
  }
  int64_t MustAppend(const AuditEntry& e) {
    Result<int64_t> id = Append(e);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  std::vector<int64_t> Ids(std::initializer_list<int> positions) {
    std::vector<int64_t> out;
    for (int p : positions) out.push_back(ids_[static_cast<size_t>(p)]);
    return out;
  }

  access::UserId hoa_ = 0;
  std::vector<int64_t> ids_;  // in append order
};

TEST_F(SqliteAccessAudit, EntriesComeBackNewestFirstWithEveryField) {
  std::vector<AuditEntry> all = Scan();
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, ids_[4]);
  EXPECT_EQ(all[4].id, ids_[0]);
  for (size_t i = 1; i < ids_.size(); ++i) EXPECT_GT(ids_[i], ids_[i - 1]);
  const AuditEntry& login = all[4];
  EXPECT_EQ(login.at, "2026-11-22T03:00:00.000Z");
  EXPECT_EQ(login.user_id, hoa_);
  EXPECT_EQ(login.username, "hoa.nt");
  EXPECT_EQ(login.address, "10.0.0.5");
  EXPECT_EQ(login.action, "login");
  EXPECT_EQ(login.object_type, "session");
  EXPECT_EQ(login.object_id, "");
  EXPECT_EQ(login.org_unit, std::nullopt);
  EXPECT_EQ(login.before, std::nullopt);
  EXPECT_EQ(login.after, std::nullopt);
  const AuditEntry& create = all[3];
  EXPECT_EQ(create.at, "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(create.org_unit, 1);
  EXPECT_EQ(create.before, std::nullopt);
  EXPECT_EQ(create.after, R"({"username":"lan.pt"})");
  const AuditEntry& update = all[2];
  EXPECT_EQ(update.at, "2026-11-23T10:00:00.000Z");
  EXPECT_EQ(update.user_id, 0);  // the command line
  EXPECT_EQ(update.address, "");
  EXPECT_EQ(update.before, R"({"disabled":false})");
  EXPECT_EQ(update.after, R"({"disabled":true})");
  EXPECT_EQ(all[1].at, "2026-11-24T00:00:00.000Z");  // given, kept
}

TEST_F(SqliteAccessAudit, FiltersByObjectUserAndAction) {
  AuditFilter f;
  f.object_type = "user";
  EXPECT_EQ(ScanIds(f), Ids({2, 1}));
  f = {};
  f.object_id = "P8_W;2026;1";
  EXPECT_EQ(ScanIds(f), Ids({4, 3}));
  f = {};
  f.object_type = "user";
  f.object_id = "lan.pt";
  EXPECT_EQ(ScanIds(f), Ids({2, 1}));
  f = {};
  f.username = "hoa.nt";
  EXPECT_EQ(ScanIds(f), Ids({4, 1, 0}));
  f = {};
  f.action = "create";
  EXPECT_EQ(ScanIds(f), Ids({3, 1}));
  f = {};
  f.username = "hoa.nt";
  f.object_type = "dataValue";
  EXPECT_EQ(ScanIds(f), Ids({4}));
  f = {};
  f.username = "nobody";
  EXPECT_THAT(ScanIds(f), IsEmpty());
  f = {};
  f.object_type = "User";  // exact, case-sensitive
  EXPECT_THAT(ScanIds(f), IsEmpty());
}

TEST_F(SqliteAccessAudit, FromAndToArePrefixesAndToIncludesItsDay) {
  AuditFilter f;
  f.from = "2026-11-23";
  EXPECT_EQ(ScanIds(f), Ids({4, 3, 2}));
  f = {};
  f.to = "2026-11-23";  // includes 2026-11-23T10:00:00.000Z
  EXPECT_EQ(ScanIds(f), Ids({2, 1, 0}));
  f = {};
  f.to = "2026-11-22";
  EXPECT_EQ(ScanIds(f), Ids({1, 0}));
  f = {};
  f.to = "2026-11-22T10:00:00.000Z";  // an exact moment is included
  EXPECT_EQ(ScanIds(f), Ids({1, 0}));
  f = {};
  f.to = "2026-11-22T09";
  EXPECT_EQ(ScanIds(f), Ids({0}));
  f = {};
  f.from = "2026-11-22T10";
  f.to = "2026-11-23";
  EXPECT_EQ(ScanIds(f), Ids({2, 1}));
  f = {};
  f.from = "2026-11-24";
  f.to = "2026-11-24";
  EXPECT_EQ(ScanIds(f), Ids({4, 3}));
  f.action = "delete";
  EXPECT_EQ(ScanIds(f), Ids({4}));
  f = {};
  f.from = "2026-11-25";
  EXPECT_THAT(ScanIds(f), IsEmpty());
  f = {};
  f.to = "2026-11-21";
  EXPECT_THAT(ScanIds(f), IsEmpty());
}

TEST_F(SqliteAccessAudit, LimitAndBeforeIdPaginate) {
  AuditFilter f;
  f.limit = 2;
  EXPECT_EQ(ScanIds(f), Ids({4, 3}));
  f.before_id = ids_[3];
  EXPECT_EQ(ScanIds(f), Ids({2, 1}));
  f.before_id = ids_[1];
  EXPECT_EQ(ScanIds(f), Ids({0}));
  f.before_id = ids_[0];
  EXPECT_THAT(ScanIds(f), IsEmpty());
  // Page through everything.
  std::vector<int64_t> seen;
  AuditFilter page;
  page.limit = 2;
  for (int round = 0; round < 10; ++round) {
    std::vector<int64_t> ids = ScanIds(page);
    if (ids.empty()) break;
    seen.insert(seen.end(), ids.begin(), ids.end());
    page.before_id = ids.back();
  }
  EXPECT_EQ(seen, Ids({4, 3, 2, 1, 0}));
  // With a filter too.
  f = {};
  f.username = "hoa.nt";
  f.before_id = ids_[4];
  f.limit = 1;
  EXPECT_EQ(ScanIds(f), Ids({1}));
}

TEST_F(SqliteAccessAudit, CallbackErrorStopsTheScan) {
  int calls = 0;
  Status status = store_->Read([&](ReadTransaction& txn) {
    return txn.ScanAudit({}, [&](const AuditEntry&) {
      ++calls;
      return Status::Invalid("enough");
    });
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "enough");
  EXPECT_EQ(calls, 1);
}

TEST_F(SqliteAccess, AppendAuditNeedsActionObjectTypeAndUser) {
  EXPECT_EQ(Append(Entry("hoa.nt", "", "user")).status().code(), ErrorCode::kInternal);
  EXPECT_EQ(Append(Entry("hoa.nt", "create", "")).status().code(), ErrorCode::kInternal);
  EXPECT_EQ(Append(Entry("", "create", "user")).status().code(), ErrorCode::kInternal);
  EXPECT_THAT(Scan(), IsEmpty());
}

TEST_F(SqliteAccess, AuditLogIsAppendOnlyForAnyConnection) {
  Result<int64_t> id = Append(Entry("hoa.nt", "login", "session"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  SqliteDb raw = Raw();
  std::string row = " WHERE id = " + std::to_string(*id);
  for (const std::string& sql :
       {std::string("UPDATE audit_log SET action = 'forged'"),
        "UPDATE audit_log SET username = 'someone'" + row, std::string("DELETE FROM audit_log"),
        "DELETE FROM audit_log" + row}) {
    Status status = raw.Exec(sql);
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << sql << ": " << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr("append-only")) << sql;
  }
  std::vector<AuditEntry> entries = Scan();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "login");
  EXPECT_EQ(entries[0].username, "hoa.nt");
  // Appending stays possible.
  ASSERT_OK(
      raw.Exec("INSERT INTO audit_log (at, username, action, object_type) VALUES"
               " ('2026-11-22T04:00:00.000Z', 'cli:root', 'restore', 'database')"));
  EXPECT_EQ(Scan().size(), 2u);
}

// Regression: INSERT OR REPLACE deletes the row it collides with without
// firing the delete trigger, so it rewrote an entry in place.
TEST_F(SqliteAccess, AuditEntryCannotBeReplaced) {
  Result<int64_t> id = Append(Entry("hoa.nt", "login", "session"));
  ASSERT_TRUE(id.ok());
  SqliteDb raw = Raw();
  std::string sql =
      "INSERT OR REPLACE INTO audit_log (id, at, username, action, object_type)"
      " VALUES (" +
      std::to_string(*id) + ", '2026-11-22T03:00:00.000Z', 'someone', 'nothing', 'session')";
  Status replaced = raw.Exec(sql);
  EXPECT_EQ(replaced.code(), ErrorCode::kConflict) << replaced.ToString();
  Status upsert = raw.Exec(
      "REPLACE INTO audit_log (id, at, username, action, object_type)"
      " VALUES (" +
      std::to_string(*id) + ", 'x', 'someone', 'y', 'z')");
  EXPECT_EQ(upsert.code(), ErrorCode::kConflict) << upsert.ToString();
  std::vector<AuditEntry> entries = Scan();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].username, "hoa.nt");
  EXPECT_EQ(entries[0].action, "login");
}

TEST_F(SqliteAccess, FailedWriteLeavesNoAuditEntry) {
  Status failed = store_->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(Entry("hoa.nt", "import", "dataValueSet")).status());
    return Status::Invalid("the import failed after the audit entry");
  });
  EXPECT_EQ(failed.code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(Scan(), IsEmpty());
  // The same with a store call failing after it.
  Status refused = store_->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(Entry("cli:root", "create", "user", "hoa.nt")).status());
    return txn.SaveUser(NewUser("hoa.nt", {"mayor"})).status();
  });
  EXPECT_TRUE(Refused(refused, ErrorCode::kNotFound, "roles"));
  EXPECT_THAT(Scan(), IsEmpty());
  EXPECT_THAT(Users(), IsEmpty());
  // And a write that succeeds keeps both.
  ASSERT_OK(store_->Write([](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(Entry("cli:root", "create", "user", "hoa.nt")).status());
    return txn.SaveUser(NewUser("hoa.nt")).status();
  }));
  EXPECT_EQ(Scan().size(), 1u);
  EXPECT_EQ(Users().size(), 1u);
}

}  // namespace
}  // namespace gemis::store
