// Reporting rates as analytics items (analytics/reporting_rates.h): Kon Tum's
// annual report and a six-month report over a real store, submitted,
// returned, waived, late and missing through the reporting service; the
// engine's items compared with the reporting screens' counts
// (reporting::MeasureRows) unit by unit, periods holding the type's periods,
// indicators with R{…}, CatchUp following submissions, and bad items.
#include "analytics/reporting_rates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analytics/engine.h"
#include "analytics/snapshot.h"
#include "analytics_test_util.h"
#include "core/clock.h"
#include "core/uid.h"
#include "reporting/submission_service.h"
#include "support/kon_tum_reports.h"

namespace gemis::analytics {
namespace {

using namespace reports_fixture;  // NOLINT: the fixture's unit ids
using ::testing::HasSubstr;
using A = SubmissionAction;

// Communes only, due on the 15th of the month after each half-year.
ReportType SixMonthReport() {
  ReportType t;
  t.id = 2;
  t.code = "KT-BC-6T";
  t.name = "Báo cáo 6 tháng";
  t.name_en = "Six-month report";
  t.data_set = "P8_BC_NAM";
  t.period_type = PeriodType::kSixMonthly;
  DeadlineRule rule;
  rule.kind = DeadlineKind::kFixed;
  rule.month_offset = 1;
  rule.day = 15;
  t.deadlines = {{OrgUnitLevel::kCommune, rule}};
  t.area = kKonTum;
  return t;
}

class ReportingRates : public ::testing::Test {
 protected:
  void SetUp() override {
    hierarchy_ = KonTum();
    Status s = store().Write([&](store::WriteTransaction& txn) -> Status {
      std::vector<const OrgUnit*> units;
      for (const OrgUnit& u : hierarchy_.units()) units.push_back(&u);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(SexCombo()).status());
      GEMIS_RETURN_IF_ERROR(
          txn.SaveDataElement(test::Element("P8_TEAMS", AggregationType::kSum, "SEX")).status());
      GEMIS_RETURN_IF_ERROR(
          txn.SaveIndicator(test::MakeIndicator("KT_ON_TIME", "R{KT-BC-NAM.ACTUAL_REPORTS_ON_TIME}",
                                                "R{KT-BC-NAM.EXPECTED_REPORTS}"))
              .status());
      GEMIS_RETURN_IF_ERROR(txn.SaveIndicator(test::MakeIndicator("TEAMS_PER_REPORT", "#{P8_TEAMS}",
                                                                  "R{KT-BC-NAM.ACTUAL_REPORTS}", 1))
                                .status());
      GEMIS_RETURN_IF_ERROR(
          txn.SaveIndicator(test::MakeIndicator("BAD_TYPE", "R{XX.REPORTING_RATE}", "1", 1))
              .status());
      DataSet ds;
      ds.uid = UidFromKey("data_set/P8_BC_NAM");
      ds.code = "P8_BC_NAM";
      ds.name = "Báo cáo năm";
      ds.period_type = PeriodType::kYearly;
      ds.data_elements = {"P8_TEAMS"};
      GEMIS_RETURN_IF_ERROR(txn.SaveDataSet(ds).status());
      GEMIS_RETURN_IF_ERROR(txn.SaveReportType(AnnualReport()).status());
      return txn.SaveReportType(SixMonthReport()).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static CategoryCombo SexCombo() {
    return {.uid = UidFromKey("cc:SEX"),
            .code = "SEX",
            .name = "Giới tính",
            .name_en = "Sex",
            .categories = {SexCategory()}};
  }

  store::Store& store() { return db_.store(); }

  void Act(OrgUnitId unit, const char* type, const char* period, A action, const char* when,
           std::string comment = "") {
    reporting::ReportAction a;
    a.type = type;
    a.unit = unit;
    a.period = *Period::Parse(period);
    a.action = action;
    a.comment = std::move(comment);
    reporting::ReportActor actor;
    actor.principal.system = true;
    actor.principal.username = "cli:root";
    access::ScopeIndex scopes(hierarchy_, a.period.end());
    Status s = store().Write([&](store::WriteTransaction& txn) {
      return reporting::ActOnReport(txn, a, actor, hierarchy_, scopes, *ParseTimestamp(when))
          .status();
    });
    ASSERT_TRUE(s.ok()) << unit << " " << SubmissionActionName(action) << ": " << s.ToString();
  }

  // The annual report of 2024, due on Monday 11/11/2024: Hà Mòn on time
  // (returned, then resubmitted), Ngok Wang late, Đăk La waived, Sa Nhơn
  // missing; district Đăk Hà on time, Sa Thầy missing.
  void Annual2024() {
    Act(kHaMon, "KT-BC-NAM", "2024", A::kSubmit, "2024-11-04T09:00");
    Act(kHaMon, "KT-BC-NAM", "2024", A::kReturn, "2024-11-07T09:00", "Thiếu số đội");
    Act(kHaMon, "KT-BC-NAM", "2024", A::kSubmit, "2024-11-13T09:00");
    Act(kNgokWang, "KT-BC-NAM", "2024", A::kSubmit, "2024-11-12T09:00");
    Act(kDakLa, "KT-BC-NAM", "2024", A::kWaive, "2024-11-05T09:00", "Không có hoạt động");
    Act(kDakHa, "KT-BC-NAM", "2024", A::kSubmit, "2024-11-09T09:00");
  }

  // The six-month reports of 2024: the first half due 15/7, the second
  // 15/1/2025.
  void SixMonths2024() {
    Act(kHaMon, "KT-BC-6T", "2024S1", A::kSubmit, "2024-07-10T09:00");
    Act(kNgokWang, "KT-BC-6T", "2024S1", A::kSubmit, "2024-07-20T09:00");
    Act(kDakLa, "KT-BC-6T", "2024S1", A::kSubmit, "2024-07-01T09:00");
    Act(kHaMon, "KT-BC-6T", "2024S2", A::kSubmit, "2025-01-14T09:00");
    Act(kSaNhon, "KT-BC-6T", "2024S2", A::kWaive, "2025-01-02T09:00", "Sáp nhập");
  }

  // The reporting screens' roll-up of (type, period) at `now`.
  Completeness Screens(const char* type, const char* period, const char* now) {
    Completeness out;
    Status s = store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
      GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type(type));
      const int64_t now_ms = *ParseTimestamp(now);
      GEMIS_ASSIGN_OR_RETURN(
          auto rows,
          reporting::LoadReportRows(txn, setup, *t, *Period::Parse(period), hierarchy_, now_ms));
      out = reporting::MeasureRows(rows, hierarchy_, now_ms);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::unique_ptr<Engine> Build() {
    Result<std::unique_ptr<Engine>> engine = Engine::Build(store());
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  static Result<QueryResult> Ask(const Engine& engine, std::vector<std::string> dx,
                                 std::vector<OrgUnitId> units, std::vector<std::string> periods,
                                 std::vector<std::string> keep = {}) {
    QueryRequest r;
    r.dx = std::move(dx);
    for (OrgUnitId u : units) r.ou.push_back({u, std::nullopt});
    for (const std::string& p : periods) r.pe.push_back(*Period::Parse(p));
    r.keep = std::move(keep);
    r.as_of = fixtures::Day("2024-12-31");
    return engine.Query(r);
  }

  // "dx/ou code/pe" -> value.
  std::map<std::string, std::string> Cells(const QueryResult& r) {
    std::map<std::string, std::string> out;
    for (const auto& row : r.Rows()) {
      const OrgUnit* u = hierarchy_.FindByUid(row[1]);
      out[row[0] + "/" + (u ? u->last().code : row[1]) + "/" + row[2]] = row[3];
    }
    return out;
  }

  static Result<std::optional<double>> Aggregate(const Engine& engine, const std::string& dx,
                                                 OrgUnitId unit, const char* days,
                                                 std::string category = "") {
    AggregateRequest r;
    r.dx = dx;
    r.unit = unit;
    r.days = *DateSet::Parse(days);
    r.as_of = fixtures::Day("2024-12-31");
    r.category = std::move(category);
    if (!r.category.empty()) r.option = "FEMALE";
    return engine.Aggregate(r);
  }

  test::StoreFixture db_;
  Hierarchy hierarchy_;
};

constexpr OrgUnitId kUnits[] = {kKonTum, kDakHa, kSaThay, kHaMon, kNgokWang, kDakLa, kSaNhon};

TEST_F(ReportingRates, EqualTheReportingScreensCountsUnitByUnit) {
  Annual2024();
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> dx;
  for (ReportingMetric m : kReportingMetrics) {
    dx.push_back(std::string("KT-BC-NAM.") + ReportingMetricName(m));
  }
  Result<QueryResult> r = Ask(*engine, dx, {std::begin(kUnits), std::end(kUnits)}, {"2024"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto cells = Cells(*r);
  // Before and after the due day: the clock tells missing from pending
  // only, which no metric reads.
  for (const char* now : {"2024-11-10T12:00", "2025-03-01T12:00"}) {
    const Completeness screens = Screens("KT-BC-NAM", "2024", now);
    for (OrgUnitId unit : kUnits) {
      const std::string code = hierarchy_.Find(unit)->last().code;
      auto it = screens.rolled_up.find(unit);
      const CompletenessCount count =
          it == screens.rolled_up.end() ? CompletenessCount() : it->second;
      for (ReportingMetric m : kReportingMetrics) {
        const std::string key =
            std::string("KT-BC-NAM.") + ReportingMetricName(m) + "/" + code + "/2024";
        std::optional<double> want = MetricValue(count, m);
        SCOPED_TRACE(key + " at " + now);
        if (!want) {
          EXPECT_FALSE(cells.contains(key));
        } else {
          ASSERT_TRUE(cells.contains(key));
          EXPECT_EQ(cells.at(key), FormatValue(*want));
        }
      }
    }
  }
  // By hand: 5 expected in the province (Đăk La waived), Hà Mòn, Ngok Wang
  // and Đăk Hà received, Hà Mòn and Đăk Hà on time (a resubmission keeps
  // the first submission's day).
  EXPECT_EQ(cells.at("KT-BC-NAM.EXPECTED_REPORTS/62/2024"), "5");
  EXPECT_EQ(cells.at("KT-BC-NAM.ACTUAL_REPORTS/62/2024"), "3");
  EXPECT_EQ(cells.at("KT-BC-NAM.ACTUAL_REPORTS_ON_TIME/62/2024"), "2");
  EXPECT_EQ(cells.at("KT-BC-NAM.REPORTING_RATE/62/2024"), "60");
  EXPECT_EQ(cells.at("KT-BC-NAM.REPORTING_RATE_ON_TIME/62/2024"), "40");
  EXPECT_EQ(cells.at("KT-BC-NAM.REPORTING_RATE/615/2024"), "0");  // Sa Thầy: nothing yet
  EXPECT_EQ(cells.at("KT-BC-NAM.REPORTING_RATE_ON_TIME/614/2024"), "66.66666667");
  EXPECT_FALSE(cells.contains("KT-BC-NAM.EXPECTED_REPORTS/23476/2024"));  // waived
}

TEST_F(ReportingRates, AYearHoldsTheTypesPeriodsAndAShorterPeriodNone) {
  Annual2024();
  SixMonths2024();
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  Result<QueryResult> r = Ask(*engine,
                              {"KT-BC-6T.EXPECTED_REPORTS", "KT-BC-6T.ACTUAL_REPORTS_ON_TIME",
                               "KT-BC-6T.REPORTING_RATE", "KT-BC-NAM.EXPECTED_REPORTS"},
                              {kKonTum}, {"2024", "2024S1", "2024S2", "2024Q1", "2023"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto cells = Cells(*r);
  // Each half-year against the screens; the year is their sum.
  CompletenessCount year;
  for (const char* half : {"2024S1", "2024S2"}) {
    const CompletenessCount c = Screens("KT-BC-6T", half, "2025-02-01T00:00").rolled_up.at(kKonTum);
    EXPECT_EQ(cells.at(std::string("KT-BC-6T.EXPECTED_REPORTS/62/") + half),
              FormatValue(c.expected));
    EXPECT_EQ(cells.at(std::string("KT-BC-6T.REPORTING_RATE/62/") + half), FormatValue(*c.Rate()));
    year += c;
  }
  EXPECT_EQ(year.expected, 7);  // 4 communes twice, Sa Nhơn waived once
  EXPECT_EQ(cells.at("KT-BC-6T.EXPECTED_REPORTS/62/2024"), "7");
  EXPECT_EQ(cells.at("KT-BC-6T.ACTUAL_REPORTS_ON_TIME/62/2024"), FormatValue(year.on_time));
  EXPECT_EQ(cells.at("KT-BC-6T.ACTUAL_REPORTS_ON_TIME/62/2024"), "3");
  EXPECT_EQ(cells.at("KT-BC-6T.REPORTING_RATE/62/2024"), FormatValue(*year.Rate()));
  // A quarter holds no half-year and no year; 2023 was expected but nothing came.
  EXPECT_FALSE(cells.contains("KT-BC-6T.EXPECTED_REPORTS/62/2024Q1"));
  EXPECT_FALSE(cells.contains("KT-BC-NAM.EXPECTED_REPORTS/62/2024S1"));
  EXPECT_EQ(cells.at("KT-BC-6T.REPORTING_RATE/62/2023"), "0");
  // metaData names the items from the catalogue, Vietnamese first.
  bool named = false;
  for (const auto& [id, name] : r->items) {
    if (id == "KT-BC-6T.REPORTING_RATE") named = name == "Tỷ lệ báo cáo — Báo cáo 6 tháng";
  }
  EXPECT_TRUE(named);
  EXPECT_EQ(r->dimensions[0].second[0], "KT-BC-6T.EXPECTED_REPORTS");
}

TEST_F(ReportingRates, AggregateOverDaySetsAndStartedBefore) {
  Annual2024();
  SixMonths2024();
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  Result<std::optional<double>> rate =
      Aggregate(*engine, "KT-BC-NAM.REPORTING_RATE", kKonTum, "2024");
  ASSERT_TRUE(rate.ok()) << rate.status().ToString();
  EXPECT_DOUBLE_EQ(**rate, 60);
  Result<std::optional<double>> expected =
      Aggregate(*engine, "KT-BC-6T.EXPECTED_REPORTS", kDakHa, "2023,2024");
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  EXPECT_DOUBLE_EQ(**expected, 3 * 4);  // Đăk Hà's three communes, four half-years
  AggregateRequest r;
  r.dx = "KT-BC-6T.EXPECTED_REPORTS";
  r.unit = kKonTum;
  r.days = DateSet::Years(2024, 2024);
  r.as_of = fixtures::Day("2024-12-31");
  r.started_before = fixtures::Day("2024-07-01");  // the second half has not started
  Result<std::optional<double>> first_half = engine->Aggregate(r);
  ASSERT_TRUE(first_half.ok()) << first_half.status().ToString();
  EXPECT_DOUBLE_EQ(**first_half, 4);
  // A district gone by the report's reference day (10/11/2026) has nothing
  // expected: no value.
  Result<std::optional<double>> none =
      Aggregate(*engine, "KT-BC-NAM.REPORTING_RATE", kDakHa, "2026");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(ReportingRates, IndicatorsReadThemWithR) {
  Annual2024();
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  ASSERT_OK(db_.Write({{"P8_TEAMS", "2024", kHaMon, "4", "SEX_FEMALE"},
                       {"P8_TEAMS", "2024", kNgokWang, "2", "SEX_MALE"}}));
  ASSERT_OK(engine->CatchUp(store()));
  Result<QueryResult> r =
      Ask(*engine, {"KT_ON_TIME", "TEAMS_PER_REPORT"}, {kKonTum, kDakHa}, {"2024"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto cells = Cells(*r);
  const std::string on_time = UidFromKey("indicator/KT_ON_TIME");
  const std::string per_report = UidFromKey("indicator/TEAMS_PER_REPORT");
  EXPECT_EQ(cells.at(on_time + "/62/2024"), "40");
  EXPECT_EQ(cells.at(on_time + "/614/2024"), "66.66666667");
  EXPECT_EQ(cells.at(per_report + "/62/2024"), "2");  // 6 teams over 3 reports
  Result<std::optional<double>> one = Aggregate(*engine, "KT_ON_TIME", kDakHa, "2024");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_NEAR(**one, 200.0 / 3, 1e-9);
  // An option filter cannot apply to a count of reports.
  Result<std::optional<double>> filtered =
      Aggregate(*engine, "TEAMS_PER_REPORT", kKonTum, "2024", "SEX");
  ASSERT_FALSE(filtered.ok());
  EXPECT_EQ(filtered.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(filtered.status().message(), HasSubstr("KT-BC-NAM.ACTUAL_REPORTS"));
  Result<QueryResult> bad = Ask(*engine, {"BAD_TYPE"}, {kKonTum}, {"2024"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(bad.status().message(), HasSubstr("'XX'"));
  EXPECT_THAT(bad.status().message(), HasSubstr("BAD_TYPE"));
}

TEST_F(ReportingRates, CatchUpFollowsSubmissionsAndAPinnedSnapshotKeepsItsOwn) {
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  auto rate = [&](const Snapshot& s) {
    QueryRequest r;
    r.dx = {"KT-BC-NAM.ACTUAL_REPORTS"};
    r.ou = {{kKonTum, std::nullopt}};
    r.pe = {*Period::Parse("2024")};
    r.as_of = fixtures::Day("2024-12-31");
    Result<QueryResult> out = Engine::QuerySnapshot(s, r);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() && out->size() == 1 ? out->value(0) : -1.0;
  };
  std::shared_ptr<const Snapshot> before = engine->Pin();
  EXPECT_EQ(rate(*before), 0);
  Annual2024();
  ASSERT_OK(engine->CatchUp(store()));
  std::shared_ptr<const Snapshot> after = engine->Pin();
  EXPECT_EQ(rate(*after), 3);
  EXPECT_EQ(rate(*before), 0);
  // The columns are shared: only the reporting state was read again.
  EXPECT_EQ(after->columns[0].data, before->columns[0].data);
  EXPECT_EQ(after->structure, before->structure);
  // Nothing new: the snapshot stays.
  ASSERT_OK(engine->CatchUp(store()));
  EXPECT_EQ(engine->Pin(), after);
  Act(kSaNhon, "KT-BC-NAM", "2024", A::kSubmit, "2024-12-01T09:00");
  ASSERT_OK(engine->CatchUp(store()));
  EXPECT_EQ(rate(*engine->Pin()), 4);
}

TEST_F(ReportingRates, RefusesUnknownTypesMetricsAndKeptCategories) {
  std::unique_ptr<Engine> engine = Build();
  ASSERT_NE(engine, nullptr);
  Result<QueryResult> type = Ask(*engine, {"KT-XX.REPORTING_RATE"}, {kKonTum}, {"2024"});
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(type.status().message(), HasSubstr("'KT-XX'"));
  EXPECT_EQ(type.status().where().field, "dx");
  Result<QueryResult> metric = Ask(*engine, {"KT-BC-NAM.REPORTING_RATES"}, {kKonTum}, {"2024"});
  ASSERT_FALSE(metric.ok());
  EXPECT_EQ(metric.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(metric.status().message(), HasSubstr("'REPORTING_RATES'"));
  EXPECT_THAT(metric.status().message(), HasSubstr("EXPECTED_REPORTS"));
  Result<QueryResult> neither = Ask(*engine, {"NOTHING.AT_ALL"}, {kKonTum}, {"2024"});
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(neither.status().message(), HasSubstr("'NOTHING.AT_ALL'"));
  Result<QueryResult> kept =
      Ask(*engine, {"P8_TEAMS", "KT-BC-NAM.REPORTING_RATE"}, {kKonTum}, {"2024"}, {"SEX"});
  ASSERT_FALSE(kept.ok());
  EXPECT_EQ(kept.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(kept.status().message(), HasSubstr("KT-BC-NAM.REPORTING_RATE"));
  Result<std::optional<double>> filtered =
      Aggregate(*engine, "KT-BC-NAM.REPORTING_RATE", kKonTum, "2024", "SEX");
  ASSERT_FALSE(filtered.ok());
  EXPECT_EQ(filtered.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(filtered.status().message(), HasSubstr("KT-BC-NAM.REPORTING_RATE"));
}

}  // namespace
}  // namespace gemis::analytics
