// The data set checks of a data value import and its complete registrations
// (exchange/data_set_checks.h); the golden fixtures data_sets.adx.xml and
// data_sets.json show every conflict in a whole file.
#include "exchange/data_set_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "core/clock.h"
#include "data_value_test_database.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using ::testing::HasSubstr;

TEST(ParseCompleteDate, ReadsDatesTrueAndFalse) {
  EXPECT_FALSE(ParseCompleteDate("")->complete);
  EXPECT_FALSE(ParseCompleteDate("false")->complete);
  EXPECT_FALSE(ParseCompleteDate("FALSE")->complete);
  Result<CompleteDate> today = ParseCompleteDate("True");
  ASSERT_TRUE(today.ok());
  EXPECT_TRUE(today->complete);
  EXPECT_FALSE(today->date.has_value());
  Result<CompleteDate> day = ParseCompleteDate("2024-04-05");
  ASSERT_TRUE(day.ok());
  EXPECT_TRUE(day->complete);
  EXPECT_EQ(day->date, Date::FromYmd(2024, 4, 5));
  EXPECT_EQ(ParseCompleteDate("2024-04-05T10:30:00.000")->date, Date::FromYmd(2024, 4, 5));
  for (const char* bad :
       {"05/04/2024", "2024-02-30", "2024-4-5", "yes", "2024-04-05 10:30", "2024-04-05Tx"}) {
    Result<CompleteDate> refused = ParseCompleteDate(bad);
    EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput) << bad;
    EXPECT_THAT(refused.status().message(), HasSubstr("is not a date (YYYY-MM-DD), true or false"))
        << bad;
  }
}

class DataSetChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened =
        store::OpenSqliteStore(dir_.File("g.db"), {.clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status built = test_database::BuildDatabase(*store_);
    ASSERT_TRUE(built.ok()) << built.ToString();
    ASSERT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
                      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
                      return Status::Ok();
                    })
                    .ok());
  }

  // A row of P8_TEAMS for Trúc Bạch in January 2024 naming `data_set`.
  static DataValueRow Row(const std::string& data_set, const std::string& complete = "") {
    DataValueRow row;
    row.data_element = "P8_TEAMS";
    row.period = "202401";
    row.org_unit = "00004";
    row.value = "3";
    row.data_set = data_set;
    row.complete_date = complete;
    return row;
  }
  std::optional<DataSetChecker::Problem> Check(DataSetChecker& checker, const DataValueRow& row,
                                               const char* element = "P8_TEAMS",
                                               const char* unit = "OuTrucBach1",
                                               const char* period = "202401") {
    return checker.Check(row, *metadata_.FindElement(element), hierarchy_.FindByUid(unit)->id,
                         *Period::Parse(period));
  }

  ImportSummary Import(const std::string& json, bool dry_run = false, bool best_effort = false) {
    std::istringstream in(json);
    DataValueImportOptions options{DataFileFormat::kJson, dry_run, best_effort, "tester"};
    Result<ImportSummary> summary = ImportDataValues(*store_, in, "t.json", options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }
  std::vector<store::CompleteRegistration> Registrations() {
    std::vector<store::CompleteRegistration> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCompleteRegistrations(0));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  FixedClock clock_{1709251200000};  // 2024-03-01T00:00:00.000Z
  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
};

TEST_F(DataSetChecks, RowsWithoutADataSetAreNotChecked) {
  DataSetChecker checker(hierarchy_, metadata_, IdScheme::kAuto);
  // Not in any data set's terms, yet no problem: no data set is named.
  EXPECT_FALSE(Check(checker, Row(""), "P8_SESSIONS", "OuVietNam01", "2024W5").has_value());
  checker.Complete(Row("", "2024-02-01"), *Period::Parse("202401"), 1, 1);
  EXPECT_TRUE(checker.completions().empty());
}

TEST_F(DataSetChecks, EachCheckHasItsDhis2Code) {
  DataSetChecker checker(hierarchy_, metadata_, IdScheme::kAuto);
  EXPECT_FALSE(Check(checker, Row("P8_REPORT")).has_value());
  EXPECT_FALSE(Check(checker, Row("P8Report001")).has_value());  // by uid

  std::optional<DataSetChecker::Problem> p = Check(checker, Row("P8_NONE"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_code, "E7600");
  EXPECT_EQ(p->property, "dataSet");
  EXPECT_EQ(p->object, "P8_NONE");
  EXPECT_EQ(p->message, "unknown data set 'P8_NONE'");

  DataValueRow sessions = Row("P8_REPORT");
  sessions.data_element = "P8_SESSIONS";
  p = Check(checker, sessions, "P8_SESSIONS");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_code, "E7633");
  EXPECT_EQ(p->property, "dataElement");
  EXPECT_EQ(p->object, "P8_SESSIONS");
  EXPECT_EQ(p->message, "data element P8_SESSIONS is not in data set P8_REPORT");

  p = Check(checker, Row("P8_QUARTERLY"), "P8_TEAMS", "OuTrucBach1", "2024Q1");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_code, "E7636");
  EXPECT_EQ(p->property, "orgUnit");
  EXPECT_EQ(p->object, "00004");
  EXPECT_EQ(p->message, "org unit '00004' is not assigned to data set P8_QUARTERLY during 2024Q1");
  EXPECT_FALSE(
      Check(checker, Row("P8_QUARTERLY"), "P8_TEAMS", "OuCongVi001", "2024Q1").has_value());

  DataValueRow quarter = Row("P8_REPORT");
  quarter.period = "2024Q1";
  p = Check(checker, quarter, "P8_TEAMS", "OuTrucBach1", "2024Q1");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_code, "E7632");
  EXPECT_EQ(p->property, "period");
  EXPECT_EQ(p->object, "2024Q1");
  EXPECT_EQ(p->message, "period 2024Q1 is Quarterly, data set P8_REPORT is Monthly");

  p = Check(checker, Row("P8_REPORT", "tomorrow"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_code, "E8008");
  EXPECT_EQ(p->property, "completeDate");
  EXPECT_EQ(p->object, "tomorrow");
}

TEST_F(DataSetChecks, DataSetsFollowTheDataElementIdScheme) {
  DataSetChecker by_uid(hierarchy_, metadata_, IdScheme::kUid);
  EXPECT_FALSE(Check(by_uid, Row("P8Report001")).has_value());
  std::optional<DataSetChecker::Problem> p = Check(by_uid, Row("P8_REPORT"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->message, "unknown data set 'P8_REPORT' (by uid)");

  DataSetChecker by_code(hierarchy_, metadata_, IdScheme::kCode);
  EXPECT_FALSE(Check(by_code, Row("P8_REPORT")).has_value());
  EXPECT_EQ(Check(by_code, Row("P8Report001"))->error_code, "E7600");

  DataSetChecker by_name(hierarchy_, metadata_, IdScheme::kName);
  EXPECT_FALSE(Check(by_name, Row("Báo cáo tháng Dự án 8")).has_value());
  EXPECT_EQ(Check(by_name, Row("P8_REPORT"))->error_code, "E7600");
}

TEST_F(DataSetChecks, CompletionsAreOnePerKeyTheLastDateWinning) {
  DataSetChecker checker(hierarchy_, metadata_, IdScheme::kAuto);
  const Period january = *Period::Parse("202401");
  checker.Complete(Row("P8_REPORT", "2024-02-01"), january, 5, 1);
  checker.Complete(Row("P8_REPORT", "2024-02-03"), january, 5, 1);
  checker.Complete(Row("P8_REPORT", "true"), january, 6, 1);
  checker.Complete(Row("P8_REPORT", "false"), january, 7, 1);
  checker.Complete(Row("P8_REPORT"), january, 8, 1);
  ASSERT_EQ(checker.completions().size(), 2u);
  EXPECT_EQ(checker.completions()[0].org_unit, 5);
  EXPECT_EQ(checker.completions()[0].completed, Date::FromYmd(2024, 2, 3));
  EXPECT_EQ(checker.completions()[0].data_set, metadata_.FindDataSet("P8_REPORT")->id);
  EXPECT_EQ(checker.completions()[0].period, january);
  EXPECT_EQ(checker.completions()[1].org_unit, 6);
  EXPECT_FALSE(checker.completions()[1].completed.has_value());
}

constexpr const char* kComplete = R"({"dataSet": "P8_REPORT", "completeDate": "2024-02-10",
  "period": "202401", "orgUnit": "00004",
  "dataValues": [{"dataElement": "P8_TEAMS", "value": "3"},
                 {"dataElement": "P8_SESSIONS", "value": "2"}]})";

TEST_F(DataSetChecks, AtomicImportsAndDryRunsRegisterNothing) {
  ImportSummary rejected = Import(kComplete);  // P8_SESSIONS: E7633
  EXPECT_EQ(rejected.status, ImportStatus::kError);
  EXPECT_TRUE(rejected.data_set_complete.empty());
  EXPECT_TRUE(Registrations().empty());

  ImportSummary dry = Import(kComplete, /*dry_run=*/true, /*best_effort=*/true);
  EXPECT_EQ(dry.status, ImportStatus::kWarning);
  EXPECT_EQ(dry.count.imported, 1);
  EXPECT_TRUE(dry.data_set_complete.empty());
  EXPECT_TRUE(Registrations().empty());

  ImportSummary kept = Import(kComplete, false, /*best_effort=*/true);
  EXPECT_EQ(kept.status, ImportStatus::kWarning);
  EXPECT_EQ(kept.data_set_complete, "2024-02-10");
  EXPECT_EQ(kept.ToJson()["dataSetComplete"], "2024-02-10");
  std::vector<store::CompleteRegistration> all = Registrations();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].completed, Date::FromYmd(2024, 2, 10));
  EXPECT_EQ(all[0].stored_by, "tester");

  // The same file again with another date updates the registration.
  std::string later = kComplete;
  later.replace(later.find("2024-02-10"), 10, "2024-02-12");
  EXPECT_EQ(Import(later, false, true).data_set_complete, "2024-02-12");
  all = Registrations();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].completed, Date::FromYmd(2024, 2, 12));
}

TEST_F(DataSetChecks, AFileWithoutADataSetBehavesAsBefore) {
  ImportSummary summary =
      Import(R"({"completeDate": "2024-02-10", "period": "202401", "orgUnit": "00004",
                 "dataValues": [{"dataElement": "P8_SESSIONS", "value": "2"}]})");
  EXPECT_EQ(summary.status, ImportStatus::kSuccess);
  EXPECT_EQ(summary.count.imported, 1);
  EXPECT_TRUE(summary.data_set_complete.empty());
  EXPECT_FALSE(summary.ToJson().contains("dataSetComplete"));
  EXPECT_TRUE(Registrations().empty());
}

}  // namespace
}  // namespace gemis::exchange
