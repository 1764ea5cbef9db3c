// The in-app inbox and the reminders sent in the SQLite store (migration
// 20): a user's notifications newest first with counts and paging, read
// marks only on one's own, and a reminder recorded once per key.
#include <gtest/gtest.h>

#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using store_test::RootUnit;
using store_test::SaveUnits;
using store_test::WriteResult;

class SqliteNotifications : public store_test::StoreFileTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  int64_t Add(const std::string& user, const std::string& subject, int64_t at) {
    Notification n;
    n.username = user;
    n.created_ms = at;
    n.kind = "overdue";
    n.subject = subject;
    n.body = "Nội dung";
    n.link = "/reports/KT-BC-NAM/2024/x";
    Result<int64_t> id =
        WriteResult(*store_, [&](WriteTransaction& txn) { return txn.InsertNotification(n); });
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  InboxPage Inbox(const std::string& user, int64_t offset = 0, int64_t limit = 50) {
    InboxPage page;
    Status s = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(page, txn.LoadInbox(user, offset, limit));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return page;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(SqliteNotifications, InboxIsNewestFirstWithCountsAndPages) {
  const int64_t first = Add("xa.ngomay", "Một", 1000);
  const int64_t second = Add("xa.ngomay", "Hai", 2000);
  Add("tp.kontum", "Của người khác", 3000);
  const int64_t third = Add("xa.ngomay", "Ba", 4000);

  InboxPage all = Inbox("xa.ngomay");
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.unread, 3);
  ASSERT_EQ(all.notifications.size(), 3u);
  EXPECT_EQ(all.notifications[0].id, third);
  EXPECT_EQ(all.notifications[0].subject, "Ba");
  EXPECT_EQ(all.notifications[0].link, "/reports/KT-BC-NAM/2024/x");
  EXPECT_EQ(all.notifications[0].created_ms, 4000);
  EXPECT_FALSE(all.notifications[0].read_ms.has_value());
  EXPECT_EQ(all.notifications[2].id, first);

  InboxPage page = Inbox("xa.ngomay", 1, 1);
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.notifications.size(), 1u);
  EXPECT_EQ(page.notifications[0].id, second);

  InboxPage none = Inbox("nobody");
  EXPECT_EQ(none.total, 0);
  EXPECT_EQ(none.unread, 0);
  EXPECT_TRUE(none.notifications.empty());
}

TEST_F(SqliteNotifications, MarkReadKeepsTheFirstReadTimeAndOnlyOnesOwn) {
  const int64_t mine = Add("xa.ngomay", "Của tôi", 1000);
  const int64_t theirs = Add("tp.kontum", "Của người khác", 1000);
  ASSERT_OK(store_->Write(
      [&](WriteTransaction& txn) { return txn.MarkNotificationRead("xa.ngomay", mine, 5000); }));
  ASSERT_OK(store_->Write(
      [&](WriteTransaction& txn) { return txn.MarkNotificationRead("xa.ngomay", mine, 9000); }));
  InboxPage page = Inbox("xa.ngomay");
  EXPECT_EQ(page.unread, 0);
  ASSERT_EQ(page.notifications.size(), 1u);
  EXPECT_EQ(page.notifications[0].read_ms, 5000);

  Status other = store_->Write(
      [&](WriteTransaction& txn) { return txn.MarkNotificationRead("xa.ngomay", theirs, 5000); });
  EXPECT_EQ(other.code(), ErrorCode::kNotFound);
  EXPECT_EQ(other.where().field, "id");
  EXPECT_EQ(Inbox("tp.kontum").unread, 1);
  Status missing = store_->Write(
      [&](WriteTransaction& txn) { return txn.MarkNotificationRead("xa.ngomay", 999, 5000); });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
}

TEST_F(SqliteNotifications, MarkAllReadCountsTheUnreadOnes) {
  const int64_t a = Add("xa.ngomay", "A", 1000);
  Add("xa.ngomay", "B", 2000);
  Add("xa.ngomay", "C", 3000);
  Add("tp.kontum", "D", 3000);
  ASSERT_OK(store_->Write(
      [&](WriteTransaction& txn) { return txn.MarkNotificationRead("xa.ngomay", a, 1500); }));
  Result<int64_t> marked = WriteResult(*store_, [&](WriteTransaction& txn) {
    return txn.MarkAllNotificationsRead("xa.ngomay", 7000);
  });
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 2);
  InboxPage page = Inbox("xa.ngomay");
  EXPECT_EQ(page.unread, 0);
  EXPECT_EQ(page.notifications.back().read_ms, 1500);  // kept
  EXPECT_EQ(page.notifications.front().read_ms, 7000);
  EXPECT_EQ(Inbox("tp.kontum").unread, 1);
  Result<int64_t> again = WriteResult(*store_, [&](WriteTransaction& txn) {
    return txn.MarkAllNotificationsRead("xa.ngomay", 8000);
  });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(SqliteNotifications, RefusesANotificationWithoutUserOrKind) {
  Notification n;
  n.kind = "overdue";
  Result<int64_t> no_user =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.InsertNotification(n); });
  EXPECT_EQ(no_user.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(no_user.status().where().field, "username");
  n.username = "xa.ngomay";
  n.kind = "";
  Result<int64_t> no_kind =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.InsertNotification(n); });
  EXPECT_EQ(no_kind.status().where().field, "kind");
}

class SqliteRemindersSent : public SqliteNotifications {
 protected:
  void SetUp() override {
    SqliteNotifications::SetUp();
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a", "Xã A")}));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      DataSet ds;
      ds.uid = UidFromKey("data_set/P8_YEAR");
      ds.code = "P8_YEAR";
      ds.name = "Báo cáo năm";
      ds.period_type = PeriodType::kYearly;
      GEMIS_RETURN_IF_ERROR(txn.SaveDataSet(ds).status());
      ReportType t;
      t.code = "KT-BC-NAM";
      t.name = "Báo cáo năm";
      t.data_set = "P8_YEAR";
      t.deadlines = {{OrgUnitLevel::kCommune, {.month_offset = -1, .day = 10}}};
      GEMIS_ASSIGN_OR_RETURN(type_, txn.SaveReportType(t));
      return Status::Ok();
    }));
  }

  // 1 when recorded, 0 when recorded before, -1 on an error.
  int Record(const SentReminder& r) {
    Result<bool> done =
        WriteResult(*store_, [&](WriteTransaction& txn) { return txn.RecordReminderSent(r); });
    if (!done.ok()) return -1;
    return *done ? 1 : 0;
  }

  ReportTypeId type_ = 0;
};

TEST_F(SqliteRemindersSent, RecordsEachKeyOnce) {
  SentReminder r;
  r.kind = "overdue";
  r.type = type_;
  r.period = *Period::Parse("2024");
  r.unit = 1;
  r.username = "xa.a";
  r.sent_ms = 1000;
  ASSERT_EQ(Record(r), 1);
  r.sent_ms = 2000;
  EXPECT_EQ(Record(r), 0);  // the same reminder again

  SentReminder next_round = r;
  next_round.round = 1;
  EXPECT_EQ(Record(next_round), 1);
  SentReminder other_user = r;
  other_user.username = "xa.b";
  EXPECT_EQ(Record(other_user), 1);
  SentReminder other_kind = r;
  other_kind.kind = "dueSoon";
  EXPECT_EQ(Record(other_kind), 1);
  SentReminder other_period = r;
  other_period.period = *Period::Parse("2025");
  EXPECT_EQ(Record(other_period), 1);
}

TEST_F(SqliteRemindersSent, RefusesAnUnknownReportTypeOrUnit) {
  SentReminder r;
  r.kind = "overdue";
  r.type = type_ + 100;
  r.unit = 1;
  r.username = "xa.a";
  EXPECT_EQ(Record(r), -1);
  r.type = type_;
  r.unit = 77;
  EXPECT_EQ(Record(r), -1);
}

}  // namespace
}  // namespace gemis::store
