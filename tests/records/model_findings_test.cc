// The trusted addresses' equipment norm (Circular 55/2023/TT-BTC): support
// summed over the days it was given, a day's later statement correcting it.
#include "records/model_findings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::records {
namespace {

using ::testing::HasSubstr;

Date Day(const char* text) { return *Date::Parse(text); }

Model Address(std::vector<ModelFact> facts) {
  Model m;
  m.code = "CB-DCTC-1";
  m.kind = ModelKind::kTrustedAddress;
  m.name = "Địa chỉ tin cậy xã Kim Tân";
  m.org_unit = 2;
  m.established = Day("2023-03-15");
  m.facts = std::move(facts);
  return m;
}

ModelFact Support(const char* day, const char* amount) {
  return {Day(day), FactField::kEquipmentSupport, amount};
}

TEST(ModelFindings, SupportWithinTheNormIsNoFinding) {
  Model m = Address({Support("2023-04-01", "15000000")});
  EXPECT_EQ(EquipmentSupportTotal(m), 15'000'000);
  EXPECT_TRUE(ModelFindings(m).empty());
  EXPECT_TRUE(ModelFindings(Address({})).empty());
}

TEST(ModelFindings, InstalmentsAreAddedUpAndOverTheNormIsFound) {
  Model m = Address({Support("2023-04-01", "8000000"), Support("2024-04-01", "8000000")});
  EXPECT_EQ(EquipmentSupportTotal(m), 16'000'000);
  std::vector<ModelFinding> f = ModelFindings(m);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "EQUIPMENT_OVER_NORM");
  EXPECT_THAT(f[0].message, HasSubstr("16.000.000 đ"));
  EXPECT_THAT(f[0].message, HasSubstr("15.000.000 đ"));
}

TEST(ModelFindings, ADaysLaterStatementCorrectsItInsteadOfAddingUp) {
  Model m = Address({Support("2023-04-01", "8000000"), Support("2023-04-01", "7000000"),
                     Support("2024-04-01", "8000000")});
  EXPECT_EQ(EquipmentSupportTotal(m), 15'000'000);
  EXPECT_TRUE(ModelFindings(m).empty());
}

TEST(ModelFindings, OtherKindsHaveNoEquipmentNorm) {
  Model team = Address({});
  team.kind = ModelKind::kCommunicationTeam;
  team.facts = {{Day("2023-04-01"), FactField::kEquipmentValue, "40000000"}};
  EXPECT_EQ(EquipmentSupportTotal(team), 0);
  EXPECT_TRUE(ModelFindings(team).empty());
}

}  // namespace
}  // namespace gemis::records
