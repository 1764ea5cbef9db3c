#include "records/case.h"

#include <gtest/gtest.h>

namespace gemis::records {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

Consent Give(ConsentPurpose p, Date day, bool given = true) { return {p, given, day, "hoa.nt"}; }

// A violence case at address 7, opened on 1/3/2024, with consent for
// services given that day.
Case Make() {
  Case c;
  c.code = "DCTC-MS-2024-001";
  c.kind = CaseKind::kViolence;
  c.address = 7;
  c.org_unit = 201;
  c.opened = D(2024, 3, 1);
  c.survivor_name = "Lò Thị Mai";
  c.contact = "qua bà trưởng thôn";
  c.narrative = "Bị chồng đánh nhiều lần";
  c.age = 27;
  c.ethnicity = "ETHNIC_04";
  c.incidents = {IncidentType::kPhysicalAssault, IncidentType::kPsychologicalAbuse};
  c.consents = {Give(ConsentPurpose::kServices, D(2024, 3, 1))};
  c.services = {{CaseService::kSafety, D(2024, 3, 1), "tạm lánh 3 ngày"}};
  return c;
}

TEST(CaseNamesTest, ParseAndNameRoundTrip) {
  EXPECT_EQ(*ParseCaseKind("trafficking"), CaseKind::kTrafficking);
  EXPECT_STREQ(CaseKindName(CaseKind::kViolence), "violence");
  EXPECT_EQ(*ParseIncidentType("denial_of_resources"), IncidentType::kDenialOfResources);
  EXPECT_EQ(*ParseConsentPurpose("reporting"), ConsentPurpose::kReporting);
  EXPECT_EQ(*ParseCaseService("reintegration"), CaseService::kReintegration);
  EXPECT_EQ(*ParseCaseSex("unknown"), CaseSex::kUnknown);
  EXPECT_EQ(*ParseCaseRole("supervisor"), CaseRole::kSupervisor);
  Status bad = ParseConsentPurpose("research").status();
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.where().field, "purpose");
  EXPECT_NE(bad.message().find("services, referral, reporting"), std::string::npos);
  EXPECT_FALSE(ParseIncidentType("Rape").ok());
}

TEST(CaseTest, AWholeCaseIsValid) {
  EXPECT_TRUE(CheckCase(Make()).ok()) << CheckCase(Make()).ToString();
}

TEST(CaseTest, IdentifyingFieldsMayAllBeEmpty) {
  Case c = Make();
  c.survivor_name.clear();
  c.contact.clear();
  c.narrative.clear();
  EXPECT_TRUE(CheckCase(c).ok());
}

TEST(CaseTest, FieldsAreCheckedOneByOne) {
  auto field = [](const Case& c) { return CheckCase(c).where().field; };
  Case c = Make();
  c.code = "có dấu";
  EXPECT_EQ(field(c), "code");
  c = Make();
  c.address = 0;
  EXPECT_EQ(field(c), "address");
  c = Make();
  c.closed = D(2024, 2, 1);
  EXPECT_EQ(field(c), "closed");
  c = Make();
  c.survivor_name = std::string(201, 'a');
  EXPECT_EQ(field(c), "survivorName");
  c = Make();
  c.contact = "Ho\xcc\x80";  // decomposed: not NFC
  EXPECT_EQ(field(c), "contact");
  c = Make();
  c.narrative = std::string(4001, 'a');
  EXPECT_EQ(field(c), "narrative");
  c = Make();
  c.age = 121;
  EXPECT_EQ(field(c), "age");
  c = Make();
  c.ethnicity = "Thái";
  EXPECT_EQ(field(c), "ethnicity");
  c = Make();
  c.incidents.clear();
  EXPECT_EQ(field(c), "incidents");
  c = Make();
  c.incidents = {IncidentType::kPsychologicalAbuse, IncidentType::kPhysicalAssault};
  EXPECT_EQ(field(c), "incidents[1]");
  c = Make();
  c.kind = CaseKind::kTrafficking;
  EXPECT_EQ(field(c), "incidents");
  c.incidents.push_back(IncidentType::kTrafficking);
  EXPECT_TRUE(CheckCase(c).ok());
}

TEST(CaseTest, ConsentMayPrecedeTheOpeningByThirtyDaysButNotFollowTheClosing) {
  Case c = Make();
  c.consents.insert(c.consents.begin(), Give(ConsentPurpose::kReporting, D(2024, 1, 31)));
  EXPECT_TRUE(CheckCase(c).ok());
  c.consents.front().day = D(2024, 1, 30);
  EXPECT_EQ(CheckCase(c).where().field, "consents[0].day");
  c = Make();
  c.closed = D(2024, 4, 1);
  c.consents.push_back(Give(ConsentPurpose::kReporting, D(2024, 4, 2)));
  EXPECT_EQ(CheckCase(c).where().field, "consents[1].day");
  c = Make();
  c.consents.push_back(Give(ConsentPurpose::kReporting, D(2024, 2, 28)));
  EXPECT_EQ(CheckCase(c).where().field, "consents[1].day");  // not by day
}

TEST(CaseTest, ServicesAndReferralsStayWithinTheCase) {
  Case c = Make();
  c.services[0].day = D(2024, 2, 29);
  EXPECT_EQ(CheckCase(c).where().field, "services[0].day");
  c = Make();
  c.closed = D(2024, 3, 10);
  c.services.push_back({CaseService::kHealth, D(2024, 3, 11), ""});
  EXPECT_EQ(CheckCase(c).where().field, "services[1].day");
  c = Make();
  c.consents.push_back(Give(ConsentPurpose::kReferral, D(2024, 3, 2)));
  c.referrals = {{D(2024, 3, 3), "", CaseService::kHealth, ""}};
  EXPECT_EQ(CheckCase(c).where().field, "referrals[0].organisation");
}

// Principle 1: a service needs consent for services on its day.
TEST(CaseTest, AServiceWithoutConsentForServicesIsRefused) {
  Case c = Make();
  c.consents.clear();
  Status s = CheckCase(c);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.where().field, "services[0]");
  EXPECT_NE(s.message().find("consent for services"), std::string::npos);
  // Consent for another purpose does not stand in for it.
  c.consents = {Give(ConsentPurpose::kReporting, D(2024, 3, 1))};
  EXPECT_EQ(CheckCase(c).code(), ErrorCode::kConflict);
  // Withdrawn before the service: refused; given again: accepted.
  c = Make();
  c.consents.push_back(Give(ConsentPurpose::kServices, D(2024, 3, 5), false));
  c.services.push_back({CaseService::kPsychosocial, D(2024, 3, 6), ""});
  EXPECT_EQ(CheckCase(c).where().field, "services[1]");
  c.consents.push_back(Give(ConsentPurpose::kServices, D(2024, 3, 6)));
  EXPECT_TRUE(CheckCase(c).ok());
}

// Principle 1: her case leaves the address only with consent for referral.
TEST(CaseTest, AReferralWithoutConsentForReferralIsRefused) {
  Case c = Make();
  c.referrals = {{D(2024, 3, 4), "Trạm Y tế xã Mường So", CaseService::kHealth, ""}};
  Status s = CheckCase(c);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.where().field, "referrals[0]");
  EXPECT_NE(s.message().find("Trạm Y tế xã Mường So"), std::string::npos);
  c.consents.push_back(Give(ConsentPurpose::kReferral, D(2024, 3, 5)));
  EXPECT_EQ(CheckCase(c).code(), ErrorCode::kConflict);  // given a day late
  c.consents.back().day = D(2024, 3, 4);
  EXPECT_TRUE(CheckCase(c).ok());
}

TEST(CaseTest, TheLastStatementOnOrBeforeADayDecides) {
  Case c = Make();
  c.consents = {Give(ConsentPurpose::kReporting, D(2024, 3, 1)),
                Give(ConsentPurpose::kServices, D(2024, 3, 1)),
                Give(ConsentPurpose::kReporting, D(2024, 6, 1), false),
                Give(ConsentPurpose::kReporting, D(2024, 6, 1))};
  EXPECT_FALSE(ConsentOn(c, ConsentPurpose::kReporting, D(2024, 2, 29)));
  EXPECT_TRUE(ConsentOn(c, ConsentPurpose::kReporting, D(2024, 5, 31)));
  EXPECT_TRUE(ConsentOn(c, ConsentPurpose::kReporting, D(2024, 6, 1)));  // same day: last recorded
  EXPECT_FALSE(ConsentOn(c, ConsentPurpose::kReferral, D(2024, 6, 1)));
  EXPECT_TRUE(ConsentNow(c, ConsentPurpose::kReporting));
  c.consents.push_back(Give(ConsentPurpose::kReporting, D(2024, 9, 1), false));
  EXPECT_FALSE(ConsentNow(c, ConsentPurpose::kReporting));
  EXPECT_TRUE(ConsentOn(c, ConsentPurpose::kReporting, D(2024, 8, 31)));
}

TEST(CaseTest, AgeBands) {
  Case c = Make();
  EXPECT_STREQ(AgeBand(c), "18_plus");
  c.age = 17;
  EXPECT_STREQ(AgeBand(c), "under_18");
  c.age.reset();
  EXPECT_STREQ(AgeBand(c), "unknown");
}

}  // namespace
}  // namespace gemis::records
