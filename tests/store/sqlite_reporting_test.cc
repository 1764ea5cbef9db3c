// Reporting in the SQLite store (migration 18): the calendar replaced by
// year, report types upserted by code with their deadlines, requests once
// per period, submissions with append-only transitions and a refusal when
// the stored report moved meanwhile.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using store_test::RootUnit;
using store_test::SaveUnits;
using store_test::WriteResult;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

class SqliteReporting : public store_test::StoreFileTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a", "Tỉnh A"), RootUnit(2, "b", "Xã B")}));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      DataElement e;
      e.code = "P8_TEAMS";
      e.uid = UidFromKey("data_element/P8_TEAMS");
      e.name = "Đội truyền thông";
      GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      DataSet ds;
      ds.uid = UidFromKey("data_set/P8_YEAR");
      ds.code = "P8_YEAR";
      ds.name = "Báo cáo năm";
      ds.period_type = PeriodType::kYearly;
      ds.data_elements = {"P8_TEAMS"};
      return txn.SaveDataSet(ds).status();
    }));
  }

  static ReportType Annual() {
    ReportType t;
    t.code = "KT-BC-NAM";
    t.name = "Báo cáo năm";
    t.data_set = "P8_YEAR";
    DeadlineRule rule{.kind = DeadlineKind::kFixed, .month_offset = -1, .day = 10};
    t.deadlines = {{OrgUnitLevel::kCommune, rule}, {OrgUnitLevel::kDistrict, rule}};
    t.deadlines[1].rule.day = 15;
    t.deadlines[1].rule.inclusive = true;
    t.area = 1;
    t.note = "Kế hoạch Kon Tum, mục IV";
    return t;
  }

  template <typename T>
  T Read(const std::function<Result<T>(ReadTransaction&)>& fn) {
    T out{};
    Status s = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, fn(txn));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::vector<Submission> Submissions() {
    return Read<std::vector<Submission>>(
        [](ReadTransaction& txn) { return txn.LoadSubmissions({}); });
  }
  Result<int64_t> Save(const Submission& s) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveSubmission(s); });
  }

  std::unique_ptr<Store> store_;
};

TEST_F(SqliteReporting, CalendarReplacedByYear) {
  std::vector<CalendarDay> days = {{D(2026, 1, 1), CalendarDayKind::kOff, "Tết Dương lịch"},
                                   {D(2026, 4, 30), CalendarDayKind::kOff, "Ngày Chiến thắng"}};
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) {
    GEMIS_RETURN_IF_ERROR(
        txn.ReplaceCalendarYears({2025}, {{D(2025, 9, 2), CalendarDayKind::kOff, "Quốc khánh"}}));
    return txn.ReplaceCalendarYears({2026}, days);
  }));
  ASSERT_OK(store_->Write(
      [&](WriteTransaction& txn) { return txn.ReplaceCalendarYears({2026}, {days[1]}); }));
  auto loaded =
      Read<std::vector<CalendarDay>>([](ReadTransaction& txn) { return txn.LoadCalendarDays(); });
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].name, "Quốc khánh");
  EXPECT_EQ(loaded[1], days[1]);
  Status outside = store_->Write([&](WriteTransaction& txn) {
    return txn.ReplaceCalendarYears({2026}, {{D(2027, 1, 1), CalendarDayKind::kOff, "x"}});
  });
  EXPECT_EQ(outside.where().field, "days[0]");
  Status twice = store_->Write([&](WriteTransaction& txn) {
    return txn.ReplaceCalendarYears({2026}, {days[0], days[0]});
  });
  EXPECT_THAT(twice.message(), HasSubstr("listed twice"));
}

TEST_F(SqliteReporting, ReportTypesRoundTripAndUpsertByCode) {
  Result<ReportTypeId> id =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(Annual()); });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ReportType changed = Annual();
  changed.deadlines.pop_back();
  changed.area.reset();
  Result<ReportTypeId> again =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(changed); });
  EXPECT_EQ(*again, *id);
  auto types =
      Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  ASSERT_EQ(types.size(), 1u);
  changed.id = *id;
  EXPECT_EQ(types[0], changed);
  // The first save, loaded back, too.
  ASSERT_OK(
      store_->Write([&](WriteTransaction& txn) { return txn.SaveReportType(Annual()).status(); }));
  types = Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  ReportType annual = Annual();
  annual.id = *id;
  // Deadlines come back by level, communes first.
  EXPECT_EQ(types[0], annual);

  ReportType unknown = Annual();
  unknown.data_set = "NOPE";
  Result<ReportTypeId> missing =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(unknown); });
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "dataSet");
  unknown = Annual();
  unknown.area = 99;
  EXPECT_EQ(WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(unknown); })
                .status()
                .where()
                .field,
            "area");
  unknown = Annual();
  unknown.deadlines[0].rule.day = 40;
  EXPECT_EQ(WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(unknown); })
                .status()
                .where()
                .field,
            "deadlines[0].day");
}

TEST_F(SqliteReporting, ReportTypesKeepTheirNamedUnitsPerLevel) {
  ReportType named = Annual();
  named.deadlines[0].units = {2};  // Xã B
  named.deadlines[1].units = {1};
  Result<ReportTypeId> id =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(named); });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  named.id = *id;
  auto types =
      Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0], named);
  // Saved again without them: every unit of the level submits.
  ReportType all = Annual();
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.SaveReportType(all).status(); }));
  types = Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  all.id = *id;
  EXPECT_EQ(types[0], all);
  // A unit that does not exist, named by its place in the type.
  named.deadlines[0].units = {2, 77};
  Result<ReportTypeId> bad =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(named); });
  EXPECT_EQ(bad.status().where().field, "deadlines[0].units[1]");
  types = Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  EXPECT_EQ(types[0], all);  // nothing of the refused save stayed
}

TEST_F(SqliteReporting, EndOfActivityTypesKeepTheirActivityKinds) {
  ReportType t = Annual();
  t.code = "KET-THUC";
  t.cadence = ReportCadence::kEndOfActivity;
  t.period_type = PeriodType::kDaily;
  t.activity_kinds = {"training", "policy_dialogue"};
  for (LevelDeadline& d : t.deadlines) {
    d.rule = DeadlineRule{.kind = DeadlineKind::kAfterEvent, .days = 15};
  }
  Result<ReportTypeId> id =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(t); });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  t.id = *id;
  auto types =
      Read<std::vector<ReportType>>([](ReadTransaction& txn) { return txn.LoadReportTypes(); });
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0], t);
  t.activity_kinds = {"training", "picnic"};
  Result<ReportTypeId> bad =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(t); });
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.status().where().field, "activityKinds[1]");
}

TEST_F(SqliteReporting, RequestsOncePerPeriod) {
  ReportTypeId type =
      *WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(Annual()); });
  ReportRequest r;
  r.type = type;
  r.period = *Period::Parse("2026");
  r.due = D(2026, 12, 5);
  r.requested_by = "tinh.kontum";
  r.requested_ms = 1;
  r.note = "Theo công văn của Trung ương Hội";
  ASSERT_TRUE(
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportRequest(r); }).ok());
  Result<int64_t> twice =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportRequest(r); });
  EXPECT_EQ(twice.status().code(), ErrorCode::kAlreadyExists);
  auto loaded = Read<std::vector<ReportRequest>>(
      [&](ReadTransaction& txn) { return txn.LoadReportRequests(type); });
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].due, D(2026, 12, 5));
  EXPECT_EQ(loaded[0].note, r.note);
  EXPECT_TRUE(Read<std::vector<ReportRequest>>([&](ReadTransaction& txn) {
                return txn.LoadReportRequests(type + 1);
              }).empty());
}

TEST_F(SqliteReporting, SubmissionsKeepTheirTransitionsAndRefuseAStaleWrite) {
  ReportTypeId type =
      *WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(Annual()); });
  Submission s;
  s.type = type;
  s.unit = 2;
  s.period = *Period::Parse("2026");
  s.due = {D(2026, 11, 10), D(2026, 11, 9)};
  s.recipient = 1;
  TransitionInput in{.actor = "xa.b", .now_ms = *ParseTimestamp("2026-11-05T09:00")};
  s = *Apply(s, SubmissionAction::kSubmit, in);
  Result<int64_t> id = Save(s);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  s.id = *id;
  Submission stale = s;
  TransitionInput back{.actor = "tinh.a", .now_ms = in.now_ms + 1000, .comment = "Thiếu số liệu"};
  back.returns = {{"P8_TEAMS", "Chưa khớp kế hoạch"}};
  s = *Apply(s, SubmissionAction::kReturn, back);
  ASSERT_TRUE(Save(s).ok());

  std::vector<Submission> loaded = Submissions();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].state, SubmissionState::kReturned);
  EXPECT_EQ(loaded[0].events, s.events);
  EXPECT_EQ(loaded[0].due, s.due);
  EXPECT_EQ(loaded[0].recipient, std::optional<OrgUnitId>(1));
  EXPECT_EQ(loaded[0].first_submitted_ms, in.now_ms);

  // Someone approving the copy read before the return: refused.
  Submission late = *Apply(stale, SubmissionAction::kApprove, {.actor = "tinh.c", .now_ms = 5});
  Result<int64_t> conflict = Save(late);
  EXPECT_EQ(conflict.status().code(), ErrorCode::kConflict);
  EXPECT_THAT(conflict.status().message(), HasSubstr("returned"));
  // A second new submission of the same report: refused.
  Submission dup = stale;
  dup.id = 0;
  EXPECT_EQ(Save(dup).status().code(), ErrorCode::kAlreadyExists);
  // Filters.
  SubmissionFilter by_period;
  by_period.period = *Period::Parse("2025");
  EXPECT_TRUE(Read<std::vector<Submission>>([&](ReadTransaction& txn) {
                return txn.LoadSubmissions(by_period);
              }).empty());
  SubmissionFilter by_unit;
  by_unit.units = {2};
  by_unit.type = type;
  EXPECT_EQ(Read<std::vector<Submission>>([&](ReadTransaction& txn) {
              return txn.LoadSubmissions(by_unit);
            }).size(),
            1u);
  // Not stored: a draft; a tab in a reason.
  Submission draft;
  draft.type = type;
  draft.unit = 1;
  EXPECT_EQ(Save(draft).status().code(), ErrorCode::kUsage);
  s.events.back().returns[0].reason = "a\tb";
  s.events.push_back(s.events.back());
  EXPECT_EQ(Save(s).status().code(), ErrorCode::kInvalidInput);
}

}  // namespace
// The analytics engine follows submissions through this counter
// (docs/analytics.md, "The store's change feed"): every submission write
// and request moves it, a refused one and a data value do not.
TEST_F(SqliteReporting, ReportingGenerationCountsSubmissionsAndRequests) {
  auto generation = [&] {
    return Read<int64_t>([](ReadTransaction& txn) { return txn.ReportingGeneration(); });
  };
  ReportTypeId type =
      *WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportType(Annual()); });
  const int64_t start = generation();
  Submission s;
  s.type = type;
  s.unit = 2;
  s.period = *Period::Parse("2026");
  s.due = {D(2026, 11, 10), D(2026, 11, 9)};
  s.recipient = 1;
  s = *Apply(s, SubmissionAction::kSubmit, {.actor = "xa.b", .now_ms = 1});
  Result<int64_t> id = Save(s);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  s.id = *id;
  const int64_t submitted = generation();
  EXPECT_GT(submitted, start);
  Submission dup = s;
  dup.id = 0;
  EXPECT_FALSE(Save(dup).ok());
  EXPECT_EQ(generation(), submitted);
  s = *Apply(s, SubmissionAction::kReturn, {.actor = "tinh.a", .now_ms = 2, .comment = "Thiếu"});
  ASSERT_TRUE(Save(s).ok());
  const int64_t returned = generation();
  EXPECT_GT(returned, submitted);
  ReportRequest r;
  r.type = type;
  r.period = *Period::Parse("2025");
  r.due = D(2025, 12, 5);
  r.requested_by = "tinh.kontum";
  ASSERT_TRUE(
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveReportRequest(r); }).ok());
  EXPECT_GT(generation(), returned);
  // Without their transitions, for a reader that needs none.
  SubmissionFilter bare;
  bare.with_events = false;
  auto loaded = Read<std::vector<Submission>>(
      [&](ReadTransaction& txn) { return txn.LoadSubmissions(bare); });
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].state, SubmissionState::kReturned);
  EXPECT_EQ(loaded[0].first_submitted_ms, std::optional<int64_t>(1));
  EXPECT_TRUE(loaded[0].events.empty());
}

}  // namespace gemis::store
