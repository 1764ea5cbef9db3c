#include "core/submission.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/kon_tum_reports.h"

namespace gemis {
namespace {

using S = SubmissionState;
using A = SubmissionAction;

int64_t At(std::string_view when) { return *ParseTimestamp(when); }

Submission Fresh() {
  Submission s;
  s.type = 1;
  s.unit = reports_fixture::kHaMon;
  s.period = *Period::Parse("2026");
  s.due = {fixtures::Day("2026-11-10"), fixtures::Day("2026-11-09")};
  s.recipient = reports_fixture::kDakHa;
  return s;
}

TransitionInput By(std::string actor, std::string when, std::string comment = "") {
  TransitionInput in;
  in.actor = std::move(actor);
  in.now_ms = At(when);
  in.comment = std::move(comment);
  return in;
}

TEST(Submission, SubmitReturnResubmitApprove) {
  Result<Submission> s = Apply(Fresh(), A::kSubmit, By("xa.hamon", "2026-11-05T09:00"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->state, S::kSubmitted);
  EXPECT_TRUE(s->OnTime());
  TransitionInput back = By("huyen.dakha", "2026-11-06T10:00", "Thiếu số liệu nội dung 2");
  back.returns = {{"P8_TT_TRUYEN_THONG", "Số đội truyền thông chưa khớp kế hoạch"}};
  s = Apply(*s, A::kReturn, back);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->state, S::kReturned);
  // Resubmitted after the due day: the report stays on time, from its
  // first submission.
  s = Apply(*s, A::kSubmit, By("xa.hamon", "2026-11-12T08:00"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->state, S::kResubmitted);
  EXPECT_TRUE(s->OnTime());
  s = Apply(*s, A::kApprove, By("huyen.dakha", "2026-11-12T15:00"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->state, S::kApproved);
  ASSERT_EQ(s->events.size(), 4u);
  EXPECT_EQ(s->events[1].returns.size(), 1u);
  EXPECT_EQ(s->events[1].from, S::kSubmitted);
  EXPECT_EQ(s->events[3].by, "huyen.dakha");
  EXPECT_EQ(s->LastSubmitter(), "xa.hamon");
  // Locked when the report above is approved.
  s = Apply(*s, A::kLock, By("tinh.kontum", "2026-11-20T09:00"));
  EXPECT_EQ(s->state, S::kLocked);
}

TEST(Submission, NobodyApprovesTheirOwnSubmission) {
  Submission s = *Apply(Fresh(), A::kSubmit, By("huyen.dakha", "2026-11-05T09:00"));
  Result<Submission> own = Apply(s, A::kApprove, By("huyen.dakha", "2026-11-06T09:00"));
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(own.status().where().field, "approver");
}

TEST(Submission, TheUpperLevelApprovesOnlyAfterItsChildren) {
  Submission district = Fresh();
  district.unit = reports_fixture::kDakHa;
  district = *Apply(district, A::kSubmit, By("huyen.dakha", "2026-11-07T09:00"));
  TransitionInput in = By("tinh.kontum", "2026-11-08T09:00");
  in.children = {{reports_fixture::kHaMon, S::kApproved},
                 {reports_fixture::kNgokWang, S::kSubmitted},
                 {reports_fixture::kDakLa, S::kNotStarted}};
  Result<Submission> early = Apply(district, A::kApprove, in);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().where().field, "children");
  EXPECT_NE(early.status().message().find("2 report(s)"), std::string::npos);
  in.children = {{reports_fixture::kHaMon, S::kApproved},
                 {reports_fixture::kNgokWang, S::kLocked},
                 {reports_fixture::kDakLa, S::kWaived}};
  EXPECT_EQ(Apply(district, A::kApprove, in)->state, S::kApproved);
}

TEST(Submission, LockedDataNeedsAnUnlockFirst) {
  Submission s = *Apply(Fresh(), A::kSubmit, By("xa.hamon", "2026-11-05T09:00"));
  s = *Apply(s, A::kApprove, By("huyen.dakha", "2026-11-06T09:00"));
  Result<Submission> again = Apply(s, A::kSubmit, By("xa.hamon", "2026-11-07T09:00"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().where().field, "state");
  EXPECT_NE(again.status().message().find("unlock"), std::string::npos);
  // An unlock needs a reason, and not while the district's own report is
  // approved.
  EXPECT_EQ(Apply(s, A::kUnlock, By("huyen.dakha", "2026-11-08T09:00")).status().where().field,
            "comment");
  TransitionInput unlock = By("huyen.dakha", "2026-11-08T09:00", "Sửa số đội truyền thông");
  unlock.above = S::kApproved;
  EXPECT_EQ(Apply(s, A::kUnlock, unlock).status().where().field, "above");
  unlock.above = S::kSubmitted;
  Result<Submission> open = Apply(s, A::kUnlock, unlock);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->state, S::kReturned);
  EXPECT_EQ(Apply(*open, A::kSubmit, By("xa.hamon", "2026-11-09T09:00"))->state, S::kResubmitted);
  // A locked report's unlock starts above: the report above reopened
  // releases it to approved, then it can be unlocked.
  Submission locked = *Apply(s, A::kLock, By("tinh", "2026-11-10T09:00"));
  EXPECT_EQ(Apply(locked, A::kUnlock, unlock).status().where().field, "above");
  TransitionInput release = By("tinh", "2026-11-11T09:00");
  release.above = S::kApproved;
  EXPECT_EQ(Apply(locked, A::kRelease, release).status().where().field, "above");
  release.above = S::kReturned;
  Result<Submission> released = Apply(locked, A::kRelease, release);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->state, S::kApproved);
  EXPECT_EQ(Apply(*released, A::kUnlock, unlock)->state, S::kReturned);
  EXPECT_EQ(Apply(s, A::kRelease, release).status().where().field, "state");
}

TEST(Submission, WrongStatesAndMissingReasonsAreRefused) {
  Submission s = Fresh();
  EXPECT_EQ(Apply(s, A::kApprove, By("a", "2026-11-05T09:00")).status().where().field, "state");
  EXPECT_EQ(Apply(s, A::kReturn, By("a", "2026-11-05T09:00", "x")).status().where().field, "state");
  EXPECT_EQ(Apply(s, A::kLock, By("a", "2026-11-05T09:00")).status().where().field, "state");
  EXPECT_EQ(Apply(s, A::kWaive, By("a", "2026-11-05T09:00")).status().where().field, "comment");
  Result<Submission> waived = Apply(s, A::kWaive, By("a", "2026-11-05T09:00", "Đã sáp nhập"));
  ASSERT_TRUE(waived.ok());
  EXPECT_EQ(waived->state, S::kWaived);
  EXPECT_EQ(Apply(*waived, A::kSubmit, By("b", "2026-11-05T09:00")).status().where().field,
            "state");
  s = *Apply(s, A::kSubmit, By("b", "2026-11-05T09:00"));
  TransitionInput bad = By("a", "2026-11-05T10:00", "x");
  bad.returns = {{"P8_X", " "}};
  EXPECT_EQ(Apply(s, A::kReturn, bad).status().where().field, "returns[0]");
  bad.returns.clear();
  bad.comment.clear();
  EXPECT_EQ(Apply(s, A::kReturn, bad).status().where().field, "comment");
}

TEST(Submission, LateWhenFirstSubmittedAfterTheDueDay) {
  Result<Submission> s = Apply(Fresh(), A::kSubmit, By("xa.hamon", "2026-11-10T08:00"));
  EXPECT_FALSE(s->OnTime());
}

TEST(Submission, Names) {
  EXPECT_STREQ(SubmissionStateName(S::kResubmitted), "resubmitted");
  EXPECT_EQ(*ParseSubmissionState("notStarted"), S::kNotStarted);
  EXPECT_FALSE(ParseSubmissionState("done").ok());
  EXPECT_EQ(*ParseSubmissionAction("unlock"), A::kUnlock);
  EXPECT_FALSE(ParseSubmissionAction("delete").ok());
  EXPECT_TRUE(Received(S::kReturned));
  EXPECT_FALSE(Received(S::kDraft));
  EXPECT_TRUE(Settled(S::kWaived));
  EXPECT_FALSE(DataLocked(S::kWaived));
}

}  // namespace
}  // namespace gemis
