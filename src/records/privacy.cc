#include "records/privacy.h"

#include <array>

#include "records/record_checks.h"

namespace gemis::records {

namespace {

constexpr std::array<const char*, 3> kRegisterNames = {"safe_birth", "cadre", "case"};
constexpr std::array<const char*, 3> kRequestNames = {"access", "rectification", "erasure"};
constexpr int64_t kHourMs = 3600 * 1000;

Location Field(std::string f) { return {"", 0, 0, std::move(f)}; }

}  // namespace

const char* PersonalRegisterName(PersonalRegister r) {
  return kRegisterNames[static_cast<size_t>(r)];
}

Result<PersonalRegister> ParsePersonalRegister(std::string_view text) {
  return ParseName<PersonalRegister>(kRegisterNames, text, "register", "register");
}

const char* RequestKindName(RequestKind k) { return kRequestNames[static_cast<size_t>(k)]; }

Result<RequestKind> ParseRequestKind(std::string_view text) {
  return ParseName<RequestKind>(kRequestNames, text, "request kind", "kind");
}

Status CheckSubjectRequest(const SubjectRequest& r) {
  GEMIS_RETURN_IF_ERROR(CheckRecordText(r.record_code, "recordCode", true, 50));
  if (r.received_ms <= 0)
    return Status::Invalid("a request needs the time it was received", Field("received"));
  if (r.answered_ms && *r.answered_ms < r.received_ms) {
    return Status::Invalid("a request is answered after it was received", Field("answered"));
  }
  GEMIS_RETURN_IF_ERROR(CheckRecordText(r.handled_by, "handledBy", false, 100));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(r.note, "note", false, 2000));
  for (const KeptField& k : r.kept) {
    GEMIS_RETURN_IF_ERROR(CheckRecordText(k.field, "kept", true, 100));
  }
  return Status::Ok();
}

int64_t RequestDueMs(const SubjectRequest& r) { return r.received_ms + kAnswerHours * kHourMs; }

std::string RequestState(const SubjectRequest& r, int64_t now_ms) {
  const int64_t due = RequestDueMs(r);
  if (r.answered_ms) return *r.answered_ms <= due ? "answered" : "answered_late";
  return now_ms <= due ? "open" : "overdue";
}

ErasurePlan PlanErasure(PersonalRegister r) {
  ErasurePlan p;
  switch (r) {
    case PersonalRegister::kSafeBirth:
      p.erased = {"motherName", "motherBirthDate"};
      p.kept = {
          {"payments",
           "Các khoản chi (ngày, số tiền, chứng từ) là chứng từ kế toán chi ngân sách nhà nước, "
           "phải "
           "lưu trữ ít nhất 10 năm (Luật Kế toán 2015, Điều 41).",
           "The payments (day, amount, voucher) are accounting documents of state-budget spending, "
           "kept for at least 10 years (Law on Accounting 2015, Article 41)."},
          {"motherAge, ethnicity, commune, village, birthDate, facility",
           "Không xác định được danh tính khi đã xoá họ tên và ngày sinh; cần cho số liệu tỷ lệ "
           "bao "
           "phủ đã báo cáo.",
           "They identify no one once the name and date of birth are gone; the coverage figures "
           "already reported are computed from them."},
          {"audit",
           "Nhật ký kiểm tra không chứa họ tên hay ngày sinh; nó chứng minh việc xử lý dữ liệu "
           "trước đây là hợp pháp.",
           "The audit log holds no name or date of birth; it shows that past processing was "
           "lawful."}};
      break;
    case PersonalRegister::kCase:
      p.erased = {"survivorName", "contact", "narrative"};
      p.kept = {
          {"sex, age, ethnicity, incidents, services, referrals",
           "Không xác định được danh tính khi đã xoá họ tên, liên lạc và ghi chép; chỉ được tính "
           "vào số liệu tổng hợp khi có đồng ý báo cáo.",
           "They identify no one once the name, contact and account are gone; they count in "
           "aggregates only with consent for reporting."},
          {"consents",
           "Bản ghi sự đồng ý chứng minh việc xử lý dữ liệu trước đây là hợp pháp (Nghị định "
           "13/2023/NĐ-CP, Điều 11).",
           "The consent record shows that past processing was lawful (Decree 13/2023/NĐ-CP, "
           "Article 11)."},
          {"audit", "Nhật ký kiểm tra không chứa thông tin định danh.",
           "The audit log holds no identifying field."}};
      break;
    case PersonalRegister::kCadre:
      p.erased = {"the whole record"};
      p.kept = {
          {"figures",
           "Số liệu tổng hợp đã công bố (số cán bộ được tập huấn) không phải dữ liệu cá nhân; "
           "báo cáo đã gửi giữ nguyên.",
           "Published aggregates (how many cadres were trained) are not personal data; "
           "reports already sent stay as they were."},
          {"audit", "Nhật ký kiểm tra ghi việc xoá, không ghi lại hồ sơ.",
           "The audit log records the deletion, not the record."}};
      break;
  }
  return p;
}

Status CheckBreach(const Breach& b) {
  if (b.detected_ms <= 0) {
    return Status::Invalid("a breach needs the time it was detected", Field("detected"));
  }
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.description, "description", true, 4000));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.measures, "measures", false, 4000));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.notified_to, "notifiedTo", false, 200));
  GEMIS_RETURN_IF_ERROR(CheckRecordText(b.late_reason, "lateReason", false, 2000));
  if (b.subjects && *b.subjects < 0) {
    return Status::Invalid("the number of people affected is 0 or more", Field("subjects"));
  }
  if (b.notified_ms) {
    if (*b.notified_ms < b.detected_ms) {
      return Status::Invalid("the authority is notified after the breach was detected",
                             Field("notified"));
    }
    if (b.notified_to.empty()) {
      return Status::Invalid("say which authority was notified (A05, Bộ Công an)",
                             Field("notifiedTo"));
    }
    if (*b.notified_ms > BreachDueMs(b) && b.late_reason.empty()) {
      return Status::Invalid(
          "notified more than 72 hours after detection: Decree 13 (Article 23) asks for the "
          "reason of the delay",
          Field("lateReason"));
    }
  }
  return Status::Ok();
}

int64_t BreachDueMs(const Breach& b) { return b.detected_ms + kBreachNotifyHours * kHourMs; }

std::string BreachState(const Breach& b, int64_t now_ms) {
  const int64_t due = BreachDueMs(b);
  if (b.notified_ms) return *b.notified_ms <= due ? "notified" : "notified_late";
  return now_ms <= due ? "to_notify" : "overdue";
}

std::vector<RetentionRule> DefaultRetention() {
  return {{PersonalRegister::kSafeBirth, 10}, {PersonalRegister::kCase, 5}};
}

Status CheckRetentionRule(const RetentionRule& rule) {
  if (rule.register_kind == PersonalRegister::kCadre) {
    return Status::Invalid(
        "the women cadres register has no retention period (erasing a cadre deletes her record)",
        Field("register"));
  }
  if (rule.years < 1 || rule.years > 100) {
    return Status::Invalid("a retention period is 1 to 100 years", Field("years"));
  }
  return Status::Ok();
}

Date RetentionEnds(Date end, int years) {
  const int y = end.year() + years;
  const unsigned m = end.month();
  unsigned d = end.day();
  // 29 February + n years lands on 28 February in a common year.
  while (!Date::IsValidYmd(y, m, d)) --d;
  return Date::FromYmd(y, m, d);
}

}  // namespace gemis::records
