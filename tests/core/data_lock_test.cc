// DataLock: an approved or locked report holds the values of its data set's
// elements at its unit inside its period, and nothing else.
#include "core/data_lock.h"

#include <gtest/gtest.h>

namespace gemis {
namespace {

constexpr MetadataId kInSet = 100, kOther = 101;
constexpr OrgUnitId kCommune = 4, kNeighbour = 5;

Metadata WithSet() {
  StoredDataSet set;
  set.id = 7;
  set.data_set.uid = "DsAnnual001";
  set.data_set.code = "P8_BC_NAM";
  set.data_set.name = "Báo cáo năm";
  set.data_set.period_type = PeriodType::kYearly;
  set.element_ids = {kInSet};
  return Metadata({}, {}, {}, {}, {set});
}

ReportType Annual() {
  ReportType t;
  t.id = 3;
  t.code = "KT-BC-NAM";
  t.data_set = "P8_BC_NAM";
  t.period_type = PeriodType::kYearly;
  return t;
}

Submission At(OrgUnitId unit, SubmissionState state, std::string_view period = "2024") {
  Submission s;
  s.type = 3;
  s.unit = unit;
  s.period = *Period::Parse(period);
  s.state = state;
  return s;
}

TEST(DataLock, ApprovedReportsHoldTheirDataSetsValuesInsideTheirPeriod) {
  const DataLock lock = DataLock::Build(
      WithSet(), {Annual()},
      {At(kCommune, SubmissionState::kApproved), At(kNeighbour, SubmissionState::kSubmitted)});
  ASSERT_FALSE(lock.empty());
  const LockedBy* held = lock.Find(kInSet, kCommune, *Period::Parse("2024"));
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->type, "KT-BC-NAM");
  EXPECT_EQ(held->period.ToString(), "2024");
  // A month inside the year is held too; another year, element or unit not.
  EXPECT_NE(lock.Find(kInSet, kCommune, *Period::Parse("202403")), nullptr);
  EXPECT_EQ(lock.Find(kInSet, kCommune, *Period::Parse("2025")), nullptr);
  EXPECT_EQ(lock.Find(kOther, kCommune, *Period::Parse("2024")), nullptr);
  // A submitted report holds nothing yet.
  EXPECT_EQ(lock.Find(kInSet, kNeighbour, *Period::Parse("2024")), nullptr);

  const Status refusal = DataLock::Refusal(*held);
  EXPECT_EQ(refusal.code(), ErrorCode::kConflict);
  EXPECT_EQ(refusal.where().field, "value");
  EXPECT_NE(refusal.message().find("KT-BC-NAM 2024"), std::string::npos) << refusal.message();
}

TEST(DataLock, LockedCountsReturnedAndUnknownTypesDoNot) {
  Submission unknown = At(kNeighbour, SubmissionState::kApproved);
  unknown.type = 99;
  const DataLock lock =
      DataLock::Build(WithSet(), {Annual()},
                      {At(kCommune, SubmissionState::kLocked),
                       At(kCommune, SubmissionState::kReturned, "2025"), unknown});
  EXPECT_NE(lock.Find(kInSet, kCommune, *Period::Parse("2024")), nullptr);
  EXPECT_EQ(lock.Find(kInSet, kCommune, *Period::Parse("2025")), nullptr);
  EXPECT_EQ(lock.Find(kInSet, kNeighbour, *Period::Parse("2024")), nullptr);
  // A type whose data set is unknown locks nothing.
  ReportType orphan = Annual();
  orphan.data_set = "NONE";
  EXPECT_TRUE(
      DataLock::Build(WithSet(), {orphan}, {At(kCommune, SubmissionState::kApproved)}).empty());
}

}  // namespace
}  // namespace gemis
