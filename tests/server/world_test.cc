// WorldCache: changes made by another process (the command line) reach the
// server within a second.
#include "server/world.h"

#include <gtest/gtest.h>

#include "server/api_fixture.h"

namespace gemis::server::api_test {
namespace {

class WorldCacheTest : public ApiTest {
 protected:
  // The command line: another connection to the same file.
  std::unique_ptr<store::Store> OtherProcess() {
    Result<std::unique_ptr<store::Store>> other = store::OpenSqliteStore(db_);
    EXPECT_TRUE(other.ok()) << other.status().ToString();
    return other.ok() ? std::move(other).value() : nullptr;
  }
  Status SaveRole(store::Store& store, access::AuthoritySet authorities) {
    return store.Write([&](store::WriteTransaction& txn) -> Status {
      std::vector<access::Role> roles;
      GEMIS_ASSIGN_OR_RETURN(roles, txn.LoadRoles());
      access::Role role;
      for (const access::Role& r : roles) {
        if (r.code == "thong_ke") role = r;
      }
      role.code = "thong_ke";
      role.name = "Thống kê";
      role.authorities = authorities;
      return txn.SaveRole(role).status();
    });
  }
  std::string ExportTarget() {
    return "/api/dataValueSets?dataElement=" + std::string(kElement) +
           "&period=2026&orgUnit=" + units_.commune;
  }
};

TEST_F(WorldCacheTest, ARoleGrantedAndTakenAwayByTheCommandLineIsSeenWithinASecond) {
  using A = access::Authority;
  Caller viewer = Login(kViewer);
  ASSERT_EQ(ErrorCodeOf(Get(ExportTarget(), viewer)), "E_FORBIDDEN");
  std::unique_ptr<store::Store> cli = OtherProcess();
  ASSERT_NE(cli, nullptr);
  ASSERT_TRUE(SaveRole(*cli, access::MakeSet({A::kReadMetadata, A::kReadData, A::kExport})).ok());
  ASSERT_TRUE(cli->Write([&](store::WriteTransaction& txn) -> Status {
                   GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> user, txn.FindUser(kViewer));
                   user->roles.push_back("thong_ke");
                   return txn.SaveUser(*user).status();
                 })
                  .ok());
  clock_.Advance(1001);
  Response granted = Get(ExportTarget(), viewer);
  EXPECT_EQ(granted.result_int(), 200) << granted.body();

  ASSERT_TRUE(SaveRole(*cli, access::MakeSet({A::kReadMetadata})).ok());
  clock_.Advance(1001);
  Response revoked = Get(ExportTarget(), viewer);
  EXPECT_EQ(revoked.result_int(), 403) << revoked.body();
  EXPECT_EQ(ErrorCodeOf(revoked), "E_FORBIDDEN");
}

TEST_F(WorldCacheTest, TheWorldIsReadAgainOnANewDay) {
  std::shared_ptr<const World> before = api_->worlds().Get();
  clock_.Advance(24 * kHour);
  std::shared_ptr<const World> after = api_->worlds().Get();
  EXPECT_EQ(after->today, before->today.AddDays(1));
  // A request pinned to the old World keeps it whole.
  EXPECT_EQ(before->today, VietnamDay(kNow));
}

TEST_F(WorldCacheTest, AnUnchangedStoreKeepsTheSameWorld) {
  std::shared_ptr<const World> first = api_->worlds().Get();
  clock_.Advance(1500);
  EXPECT_EQ(api_->worlds().Get(), first);
}

}  // namespace
}  // namespace gemis::server::api_test
