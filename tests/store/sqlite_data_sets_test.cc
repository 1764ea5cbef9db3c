// Data sets and complete registrations in the SQLite store (migration 10):
// round trip, upsert by code replacing elements and units, references
// checked before writing, registrations upserted by key with DHIS2's date
// rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/store_test_util.h"

namespace gemis::store {
namespace {

using store_test::RootUnit;
using store_test::SaveUnits;
using store_test::WriteResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 2024-06-30T20:00:00Z: already 1 July in Vietnam (UTC+7).
constexpr int64_t kNow = 1719777600000;

class SqliteDataSets : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> opened =
        OpenSqliteStore(dir_.File("d.db"), SqliteOptions{.clock = &clock_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(SaveUnits(txn, {RootUnit(1, "a", "Xã A"), RootUnit(2, "b", "Xã B")}));
      GEMIS_ASSIGN_OR_RETURN(MetadataId combo, txn.SaveCategoryCombo(DefaultCategoryCombo()));
      (void)combo;
      for (const char* code : {"P8_TEAMS", "P8_MEMBERS", "P8_BUDGET"}) {
        DataElement e;
        e.code = code;
        e.uid = UidFromKey(std::string("data_element/") + code);
        e.name = code;
        GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      }
      GEMIS_ASSIGN_OR_RETURN(period_, txn.EnsurePeriod(*Period::Parse("202406")));
      return Status::Ok();
    }));
  }

  Result<MetadataId> Save(const DataSet& ds) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveDataSet(ds); });
  }
  Result<WriteOutcome> Register(const CompleteRegistration& r) {
    return WriteResult(*store_,
                       [&](WriteTransaction& txn) { return txn.SaveCompleteRegistration(r); });
  }
  std::vector<StoredDataSet> Load() {
    std::vector<StoredDataSet> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadDataSets());
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  std::vector<CompleteRegistration> Registrations(MetadataId data_set = 0) {
    std::vector<CompleteRegistration> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCompleteRegistrations(data_set));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  MetadataId DefaultCoc() {
    MetadataId id = 0;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
                      id = m.default_option_combo();
                      return Status::Ok();
                    })
                    .ok());
    return id;
  }

  FixedClock clock_{kNow};
  test_support::TempDir dir_;
  std::unique_ptr<Store> store_;
  PeriodId period_ = 0;
};

DataSet Report() {
  DataSet ds;
  ds.uid = UidFromKey("data_set/P8_REPORT");
  ds.code = "P8_REPORT";
  ds.name = "Báo cáo Dự án 8";
  ds.name_en = "Project 8 report";
  ds.short_name = "BC DA8";
  ds.description = "Báo cáo tháng";
  ds.period_type = PeriodType::kQuarterly;
  ds.data_elements = {"P8_MEMBERS", "P8_TEAMS"};
  ds.org_units = {{2, true}, {1, false}};
  ds.open_future_periods = 2;
  ds.expiry_days = 10;
  return ds;
}

TEST_F(SqliteDataSets, EveryFieldRoundTrips) {
  Result<MetadataId> id = Save(Report());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  std::vector<StoredDataSet> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, *id);
  const DataSet& ds = loaded[0].data_set;
  const DataSet want = Report();
  EXPECT_EQ(ds.uid, want.uid);
  EXPECT_EQ(ds.code, want.code);
  EXPECT_EQ(ds.name, want.name);
  EXPECT_EQ(ds.name_en, want.name_en);
  EXPECT_EQ(ds.short_name, want.short_name);
  EXPECT_EQ(ds.description, want.description);
  EXPECT_EQ(ds.period_type, PeriodType::kQuarterly);
  EXPECT_EQ(ds.data_elements, want.data_elements);  // form order kept
  EXPECT_EQ(ds.org_units, want.org_units);
  EXPECT_EQ(ds.open_future_periods, 2);
  EXPECT_EQ(ds.expiry_days, 10);
  // The element ids follow the codes; LoadMetadata holds the set too.
  Metadata m;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(m, txn.LoadMetadata());
    return Status::Ok();
  }));
  ASSERT_EQ(loaded[0].element_ids.size(), 2u);
  EXPECT_EQ(loaded[0].element_ids[0], m.FindElement("P8_MEMBERS")->id);
  EXPECT_EQ(loaded[0].element_ids[1], m.FindElement("P8_TEAMS")->id);
  const StoredDataSet* found = m.FindDataSet("P8_REPORT");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(m.FindDataSet(want.uid), found);
  EXPECT_EQ(m.DataSetById(*id), found);
  EXPECT_TRUE(found->Contains(m.FindElement("P8_TEAMS")->id));
  EXPECT_FALSE(found->Contains(m.FindElement("P8_BUDGET")->id));
  EXPECT_EQ(m.FindDataSet("P8_OTHER"), nullptr);
}

TEST_F(SqliteDataSets, SavingByCodeAgainReplacesElementsAndUnits) {
  Result<MetadataId> first = Save(Report());
  ASSERT_TRUE(first.ok());
  DataSet changed = Report();
  changed.name = "Báo cáo quý";
  changed.period_type = PeriodType::kMonthly;
  changed.data_elements = {"P8_BUDGET"};
  changed.org_units = {{1, true}};
  changed.expiry_days = 0;
  Result<MetadataId> second = Save(changed);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, *first);
  std::vector<StoredDataSet> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].data_set.name, "Báo cáo quý");
  EXPECT_EQ(loaded[0].data_set.period_type, PeriodType::kMonthly);
  EXPECT_THAT(loaded[0].data_set.data_elements, ElementsAre("P8_BUDGET"));
  EXPECT_THAT(loaded[0].data_set.org_units, ElementsAre(DataSetOrgUnit{1, true}));
  EXPECT_EQ(loaded[0].data_set.expiry_days, 0);
}

TEST_F(SqliteDataSets, RefusedSetsWriteNothing) {
  DataSet invalid = Report();
  invalid.short_name = std::string(60, 'x');
  Result<MetadataId> refused = Save(invalid);
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.status().where().field, "short_name");

  DataSet unknown_element = Report();
  unknown_element.data_elements.push_back("P8_NOTHING");
  refused = Save(unknown_element);
  EXPECT_EQ(refused.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(refused.status().where().field, "data_elements[2]");
  EXPECT_THAT(refused.status().message(), HasSubstr("data element 'P8_NOTHING' does not exist"));

  DataSet unknown_unit = Report();
  unknown_unit.org_units.push_back({99, false});
  refused = Save(unknown_unit);
  EXPECT_EQ(refused.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(refused.status().where().field, "org_units[2].unit");
  EXPECT_TRUE(Load().empty());

  ASSERT_TRUE(Save(Report()).ok());
  DataSet thief = Report();
  thief.code = "P8_OTHER";  // same uid, other code
  refused = Save(thief);
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.status().where().field, "uid");
  EXPECT_THAT(refused.status().message(), HasSubstr("already belongs to data set 'P8_REPORT'"));
  EXPECT_EQ(Load().size(), 1u);
}

TEST_F(SqliteDataSets, DataSetsCountAsStructure) {
  int64_t before = 0, after = 0;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(before, txn.StructureGeneration());
    return Status::Ok();
  }));
  ASSERT_TRUE(Save(Report()).ok());
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(after, txn.StructureGeneration());
    return Status::Ok();
  }));
  EXPECT_GT(after, before);
}

TEST_F(SqliteDataSets, RegistrationsAreUpsertedByKey) {
  Result<MetadataId> ds = Save(Report());
  ASSERT_TRUE(ds.ok());
  const MetadataId aoc = DefaultCoc();
  CompleteRegistration r{.data_set = *ds,
                         .period = period_,
                         .org_unit = 1,
                         .attribute_option_combo = aoc,
                         .completed = Date::FromYmd(2024, 6, 5),
                         .stored_by = "officer"};
  EXPECT_EQ(*Register(r), WriteOutcome::kImported);
  EXPECT_EQ(*Register(r), WriteOutcome::kIgnored);
  r.org_unit = 2;
  EXPECT_EQ(*Register(r), WriteOutcome::kImported);
  r.completed = Date::FromYmd(2024, 6, 20);
  r.stored_by = "reviewer";
  EXPECT_EQ(*Register(r), WriteOutcome::kUpdated);
  std::vector<CompleteRegistration> all = Registrations();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].org_unit, 1);
  EXPECT_EQ(all[0].completed, Date::FromYmd(2024, 6, 5));
  EXPECT_EQ(all[0].stored_by, "officer");
  EXPECT_EQ(all[0].stored_at, FormatTimestamp(kNow));
  EXPECT_EQ(all[1].org_unit, 2);
  EXPECT_EQ(all[1].completed, Date::FromYmd(2024, 6, 20));
  EXPECT_EQ(all[1].stored_by, "reviewer");
  EXPECT_EQ(all[1].data_set, *ds);
  EXPECT_EQ(all[1].period, period_);
  EXPECT_EQ(all[1].attribute_option_combo, aoc);
  EXPECT_EQ(Registrations(*ds).size(), 2u);
  EXPECT_TRUE(Registrations(*ds + 1).empty());
}

TEST_F(SqliteDataSets, RegistrationDatesFollowDhis2) {
  Result<MetadataId> ds = Save(Report());
  ASSERT_TRUE(ds.ok());
  // No date: today, in Vietnam (the clock is 30 June in UTC, 1 July in Hà Nội).
  CompleteRegistration r{.data_set = *ds,
                         .period = period_,
                         .org_unit = 1,
                         .attribute_option_combo = DefaultCoc(),
                         .stored_by = "officer"};
  EXPECT_EQ(*Register(r), WriteOutcome::kImported);
  // A date after today is today.
  r.org_unit = 2;
  r.completed = Date::FromYmd(2030, 1, 1);
  EXPECT_EQ(*Register(r), WriteOutcome::kImported);
  std::vector<CompleteRegistration> all = Registrations();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].completed, Date::FromYmd(2024, 7, 1));
  EXPECT_EQ(all[1].completed, Date::FromYmd(2024, 7, 1));
}

TEST_F(SqliteDataSets, RegistrationIdsMustNameRows) {
  Result<MetadataId> ds = Save(Report());
  ASSERT_TRUE(ds.ok());
  const CompleteRegistration good{.data_set = *ds,
                                  .period = period_,
                                  .org_unit = 1,
                                  .attribute_option_combo = DefaultCoc(),
                                  .stored_by = "x"};
  struct Case {
    CompleteRegistration r;
    const char* field;
  };
  std::vector<Case> cases;
  cases.push_back({good, "dataSet"});
  cases.back().r.data_set = *ds + 7;
  cases.push_back({good, "period"});
  cases.back().r.period = period_ + 7;
  cases.push_back({good, "orgUnit"});
  cases.back().r.org_unit = 77;
  cases.push_back({good, "attributeOptionCombo"});
  cases.back().r.attribute_option_combo = 777;
  for (const Case& c : cases) {
    Result<WriteOutcome> refused = Register(c.r);
    EXPECT_EQ(refused.status().code(), ErrorCode::kNotFound) << c.field;
    EXPECT_EQ(refused.status().where().field, c.field);
  }
  EXPECT_TRUE(Registrations().empty());
}

}  // namespace
}  // namespace gemis::store
