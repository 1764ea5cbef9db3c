#include "core/submission.h"

#include <array>

#include "core/text.h"

namespace gemis {

namespace {

constexpr std::array<const char*, 8> kStateNames = {
    "notStarted", "draft", "submitted", "returned", "resubmitted", "approved", "locked", "waived"};
constexpr std::array<const char*, 7> kActionNames = {"submit", "return", "approve", "waive",
                                                     "unlock", "lock",   "release"};

Status Refuse(std::string message, const char* field) {
  return Status::Conflict(std::move(message), Location{.field = field});
}

Status InState(const Submission& s, SubmissionAction a) {
  return Refuse(std::string("cannot ") + SubmissionActionName(a) + " a report that is " +
                    SubmissionStateName(s.state),
                "state");
}

}  // namespace

const char* SubmissionStateName(SubmissionState s) { return kStateNames[static_cast<size_t>(s)]; }

Result<SubmissionState> ParseSubmissionState(std::string_view text) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (text == kStateNames[i]) return static_cast<SubmissionState>(i);
  }
  return Status::Invalid("no report state '" + std::string(text) + "'", Location{.field = "state"});
}

const char* SubmissionActionName(SubmissionAction a) {
  return kActionNames[static_cast<size_t>(a)];
}

Result<SubmissionAction> ParseSubmissionAction(std::string_view text) {
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    if (text == kActionNames[i]) return static_cast<SubmissionAction>(i);
  }
  return Status::Invalid("no report action '" + std::string(text) + "'",
                         Location{.field = "action"});
}

bool Received(SubmissionState s) {
  return s == SubmissionState::kSubmitted || s == SubmissionState::kResubmitted ||
         s == SubmissionState::kReturned || s == SubmissionState::kApproved ||
         s == SubmissionState::kLocked;
}

bool Settled(SubmissionState s) {
  return s == SubmissionState::kApproved || s == SubmissionState::kLocked ||
         s == SubmissionState::kWaived;
}

bool DataLocked(SubmissionState s) {
  return s == SubmissionState::kApproved || s == SubmissionState::kLocked;
}

std::string Submission::LastSubmitter() const {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->action == SubmissionAction::kSubmit) return it->by;
  }
  return {};
}

bool Submission::OnTime() const {
  return first_submitted_ms && gemis::OnTime(*first_submitted_ms, due);
}

Result<Submission> Apply(Submission s, SubmissionAction action, const TransitionInput& in) {
  using S = SubmissionState;
  const bool needs_reason = action == SubmissionAction::kReturn ||
                            action == SubmissionAction::kWaive ||
                            action == SubmissionAction::kUnlock;
  if (needs_reason && IsBlank(in.comment)) {
    return Status::Invalid(std::string("say why (") + SubmissionActionName(action) +
                               " needs a comment the unit will read)",
                           Location{.field = "comment"});
  }
  for (size_t i = 0; i < in.returns.size(); ++i) {
    if (action != SubmissionAction::kReturn) {
      return Status::Invalid("reasons per measure go with a return", Location{.field = "returns"});
    }
    if (IsBlank(in.returns[i].data_element) || IsBlank(in.returns[i].reason)) {
      return Status::Invalid("a returned measure needs its code and a reason",
                             Location{.field = "returns[" + std::to_string(i) + "]"});
    }
  }
  S to = s.state;
  switch (action) {
    case SubmissionAction::kSubmit:
      if (s.state == S::kNotStarted || s.state == S::kDraft) {
        to = S::kSubmitted;
      } else if (s.state == S::kReturned) {
        to = S::kResubmitted;
      } else if (DataLocked(s.state)) {
        return Refuse("the report is " + std::string(SubmissionStateName(s.state)) +
                          ": its data is locked; ask the approver to unlock it first",
                      "state");
      } else {
        return InState(s, action);
      }
      if (!s.first_submitted_ms) s.first_submitted_ms = in.now_ms;
      break;
    case SubmissionAction::kReturn:
      if (s.state != S::kSubmitted && s.state != S::kResubmitted) return InState(s, action);
      to = S::kReturned;
      break;
    case SubmissionAction::kApprove: {
      if (s.state != S::kSubmitted && s.state != S::kResubmitted) return InState(s, action);
      if (s.LastSubmitter() == in.actor) {
        return Refuse(
            "nobody approves their own submission: another officer of the level above "
            "approves it",
            "approver");
      }
      int open = 0;
      for (const auto& [unit, state] : in.children) open += Settled(state) ? 0 : 1;
      if (open > 0) {
        return Refuse(std::to_string(open) +
                          " report(s) sent to this unit are not approved or waived yet: approve "
                          "or waive them first",
                      "children");
      }
      to = S::kApproved;
      break;
    }
    case SubmissionAction::kWaive:
      if (Settled(s.state)) return InState(s, action);
      to = S::kWaived;
      break;
    case SubmissionAction::kUnlock:
      if (s.state == S::kLocked || (in.above && DataLocked(*in.above))) {
        return Refuse("the report it was consolidated into is approved: unlock that one first",
                      "above");
      }
      if (s.state != S::kApproved) return InState(s, action);
      to = S::kReturned;
      break;
    case SubmissionAction::kLock:
      if (s.state != S::kApproved) return InState(s, action);
      to = S::kLocked;
      break;
    case SubmissionAction::kRelease:
      if (s.state != S::kLocked) return InState(s, action);
      if (in.above && DataLocked(*in.above)) {
        return Refuse("the report above is still approved", "above");
      }
      to = S::kApproved;
      break;
  }
  s.events.push_back({action, s.state, to, in.actor, in.now_ms, in.comment, in.returns});
  s.state = to;
  return s;
}

}  // namespace gemis
