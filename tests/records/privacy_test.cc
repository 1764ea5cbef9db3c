// records/privacy.h: data-subject requests and their 72-hour answers, the
// breach log's 72-hour notification, what an erasure keeps and why, and the
// retention periods.
#include "records/privacy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gemis::records {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kT0 = 1778814000000;  // 2026-05-15 10:00 in Vietnam

SubjectRequest Request() {
  SubjectRequest r;
  r.register_kind = PersonalRegister::kSafeBirth;
  r.record_code = "KT-SDAT-0001";
  r.kind = RequestKind::kErasure;
  r.received_ms = kT0;
  return r;
}

Breach ABreach() {
  Breach b;
  b.detected_ms = kT0;
  b.description = "Máy tính xách tay chứa bản xuất danh sách bị mất";
  b.registers = {PersonalRegister::kSafeBirth};
  return b;
}

TEST(Privacy, NamesRoundTrip) {
  for (PersonalRegister r :
       {PersonalRegister::kSafeBirth, PersonalRegister::kCadre, PersonalRegister::kCase}) {
    EXPECT_EQ(ParsePersonalRegister(PersonalRegisterName(r)).value(), r);
  }
  for (RequestKind k : {RequestKind::kAccess, RequestKind::kRectification, RequestKind::kErasure}) {
    EXPECT_EQ(ParseRequestKind(RequestKindName(k)).value(), k);
  }
  Result<PersonalRegister> bad = ParsePersonalRegister("users");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().field, "register");
  EXPECT_EQ(ParseRequestKind("delete").status().where().field, "kind");
}

TEST(Privacy, RequestsAreAnsweredWithin72Hours) {
  SubjectRequest r = Request();
  EXPECT_TRUE(CheckSubjectRequest(r).ok());
  EXPECT_EQ(RequestDueMs(r), kT0 + 72 * kHour);
  EXPECT_EQ(RequestState(r, kT0 + 72 * kHour), "open");
  EXPECT_EQ(RequestState(r, kT0 + 72 * kHour + 1), "overdue");
  r.answered_ms = kT0 + 10 * kHour;
  EXPECT_EQ(RequestState(r, kT0 + 100 * kHour), "answered");
  r.answered_ms = kT0 + 73 * kHour;
  EXPECT_EQ(RequestState(r, kT0 + 100 * kHour), "answered_late");
}

TEST(Privacy, BadRequestsNameTheirField) {
  SubjectRequest r = Request();
  r.record_code = "";
  EXPECT_EQ(CheckSubjectRequest(r).where().field, "recordCode");
  r = Request();
  r.received_ms = 0;
  EXPECT_EQ(CheckSubjectRequest(r).where().field, "received");
  r = Request();
  r.answered_ms = kT0 - 1;
  EXPECT_EQ(CheckSubjectRequest(r).where().field, "answered");
  r = Request();
  r.note = std::string(2001, 'x');
  EXPECT_EQ(CheckSubjectRequest(r).where().field, "note");
}

TEST(Privacy, ErasureSaysWhatItKeepsAndWhy) {
  ErasurePlan birth = PlanErasure(PersonalRegister::kSafeBirth);
  EXPECT_THAT(birth.erased, Contains("motherName"));
  EXPECT_THAT(birth.erased, Contains("motherBirthDate"));
  ASSERT_FALSE(birth.kept.empty());
  EXPECT_EQ(birth.kept[0].field, "payments");
  EXPECT_THAT(birth.kept[0].reason_vi, HasSubstr("Luật Kế toán"));
  EXPECT_THAT(birth.kept[0].reason_en, HasSubstr("Law on Accounting"));
  ErasurePlan kase = PlanErasure(PersonalRegister::kCase);
  EXPECT_THAT(kase.erased, Contains("survivorName"));
  EXPECT_THAT(kase.erased, Contains("narrative"));
  for (const KeptField& k : kase.kept) {
    EXPECT_FALSE(k.reason_vi.empty()) << k.field;
    EXPECT_FALSE(k.reason_en.empty()) << k.field;
  }
  EXPECT_THAT(PlanErasure(PersonalRegister::kCadre).erased, Contains("the whole record"));
}

TEST(Privacy, BreachesAreNotifiedWithin72HoursOrSayWhyNot) {
  Breach b = ABreach();
  EXPECT_TRUE(CheckBreach(b).ok());
  EXPECT_EQ(BreachDueMs(b), kT0 + 72 * kHour);
  EXPECT_EQ(BreachState(b, kT0 + kHour), "to_notify");
  EXPECT_EQ(BreachState(b, kT0 + 73 * kHour), "overdue");

  b.notified_ms = kT0 + 20 * kHour;
  EXPECT_EQ(CheckBreach(b).where().field, "notifiedTo");  // to whom?
  b.notified_to = "A05, Bộ Công an";
  EXPECT_TRUE(CheckBreach(b).ok());
  EXPECT_EQ(BreachState(b, kT0 + 100 * kHour), "notified");

  b.notified_ms = kT0 + 80 * kHour;  // late: the reason is required
  Status late = CheckBreach(b);
  EXPECT_EQ(late.where().field, "lateReason");
  EXPECT_THAT(late.message(), HasSubstr("72 hours"));
  b.late_reason = "Phát hiện vào kỳ nghỉ Tết, không liên lạc được người phụ trách";
  EXPECT_TRUE(CheckBreach(b).ok());
  EXPECT_EQ(BreachState(b, kT0 + 100 * kHour), "notified_late");

  b.notified_ms = kT0 - 1;
  EXPECT_EQ(CheckBreach(b).where().field, "notified");
  b = ABreach();
  b.description = " ";
  EXPECT_EQ(CheckBreach(b).where().field, "description");
  b = ABreach();
  b.subjects = -1;
  EXPECT_EQ(CheckBreach(b).where().field, "subjects");
}

TEST(Privacy, RetentionPeriods) {
  std::vector<RetentionRule> rules = DefaultRetention();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].register_kind, PersonalRegister::kSafeBirth);
  EXPECT_EQ(rules[0].years, 10);
  EXPECT_EQ(rules[1].register_kind, PersonalRegister::kCase);
  for (const RetentionRule& r : rules) EXPECT_TRUE(CheckRetentionRule(r).ok());
  EXPECT_EQ(CheckRetentionRule({PersonalRegister::kCase, 0}).where().field, "years");
  EXPECT_EQ(CheckRetentionRule({PersonalRegister::kCase, 101}).where().field, "years");
  EXPECT_EQ(CheckRetentionRule({PersonalRegister::kCadre, 5}).where().field, "register");

  EXPECT_EQ(RetentionEnds(Date::FromYmd(2024, 3, 1), 10), Date::FromYmd(2034, 3, 1));
  EXPECT_EQ(RetentionEnds(Date::FromYmd(2024, 2, 29), 5), Date::FromYmd(2029, 2, 28));
  EXPECT_EQ(RetentionEnds(Date::FromYmd(2024, 2, 29), 4), Date::FromYmd(2028, 2, 29));
}

}  // namespace
}  // namespace gemis::records
