#include "records/register_purposes.h"

namespace gemis::records {

const std::vector<RegisterPurpose>& RegisterPurposes() {
  static const std::vector<RegisterPurpose> kPurposes = {
      {
          .register_kind = PersonalRegister::kSafeBirth,
          .name_vi = "Sổ hỗ trợ sinh đẻ an toàn",
          .name_en = "Safe-birth register",
          .purpose_vi = "Xét điều kiện và chi trả 4 gói chính sách hỗ trợ sinh đẻ an toàn; tính tỷ "
                        "lệ bao phủ so với chỉ tiêu 80% (Dự án 8, nội dung 1.4)",
          .purpose_en = "Decide eligibility for and pay the four safe-birth packages; count "
                        "coverage against the 80% target (Project 8, content 1.4)",
          .legal_basis = "Thông tư 15/2022/TT-BTC, Điều 38; kế hoạch thực hiện Dự án 8 của tỉnh",
          .kept_vi = "Họ tên và ngày sinh của người mẹ (được niêm phong), tuổi khi sinh, dân tộc, "
                     "xã và thôn, ngày sinh con, nơi sinh, sinh mổ, đúng chính sách dân số, các "
                     "khoản chi",
          .kept_en = "The mother's name and date of birth (sealed), her age at the birth, ethnic "
                     "group, commune and village, the birth's date and facility, caesarean, "
                     "population policy, payments",
          .not_kept_vi = "Thông tin về đứa trẻ, người chồng, hồ sơ bệnh án, số định danh",
          .not_kept_en = "The child, the husband, health records, ID numbers",
          .sensitive_vi = "Dân tộc; sức khoẻ (sinh nở)",
          .sensitive_en = "Ethnic group; health (the birth)",
          .who_sees_vi = "Cán bộ chi trả hoặc giám sát các gói (quyền read_personal); người khác "
                         "chỉ thấy số liệu tổng hợp",
          .who_sees_en = "Officers who pay or supervise the packages (read_personal); others see "
                         "the aggregates only",
      },
      {
          .register_kind = PersonalRegister::kCadre,
          .name_vi = "Danh sách cán bộ nữ dân tộc thiểu số",
          .name_en = "Ethnic-minority women cadres register",
          .purpose_vi = "Lập kế hoạch và tính số cán bộ nữ DTTS trong quy hoạch, mới bổ nhiệm, mới "
                        "bầu cử được tập huấn (Dự án 8, nội dung 3)",
          .purpose_en = "Plan and count the training of ethnic-minority women cadres in the "
                        "pipeline, newly appointed or newly elected (Project 8, content 3)",
          .legal_basis = "Quyết định 1719/QĐ-TTg; kế hoạch thực hiện của tỉnh; nhiệm vụ công của "
                         "Hội Liên hiệp Phụ nữ",
          .kept_vi = "Họ tên, đơn vị, chức vụ, dân tộc, nhóm, quyết định và các ngày, các lớp tập "
                     "huấn đã dự",
          .kept_en = "Name, unit, position, ethnic group, group, decision and dates, trainings "
                     "attended",
          .not_kept_vi = "Ngày sinh, địa chỉ, số điện thoại, gia đình",
          .not_kept_en = "Birth date, address, phone, family",
          .sensitive_vi = "Dân tộc (lý do có tên trong danh sách)",
          .sensitive_en = "Ethnic group (the reason she is in the register)",
          .who_sees_vi = "Người có quyền xem số liệu của đơn vị (phạm vi xem)",
          .who_sees_en = "Users whose view scope holds her unit",
      },
      {
          .register_kind = PersonalRegister::kCase,
          .name_vi = "Hồ sơ vụ việc bảo mật (địa chỉ tin cậy, nạn nhân mua bán người)",
          .name_en = "Confidential cases (trusted addresses, trafficking victims)",
          .purpose_vi = "Tiếp nhận, hỗ trợ, chuyển gửi người bị bạo lực tại địa chỉ tin cậy và nạn "
                        "nhân mua bán người trong mô hình sinh kế; đếm số vụ việc, không nhận diện "
                        "ai, cho báo cáo của chương trình (Dự án 8, nội dung 1.3 và 4)",
          .purpose_en = "Shelter, support and refer survivors of violence at trusted addresses and "
                        "victims of trafficking in livelihood models; count the cases, identifying "
                        "nobody, for the programme's reports (Project 8, contents 1.3 and 4)",
          .legal_basis = "Sự đồng ý của người bị hại theo từng mục đích (Nghị định 13/2023/NĐ-CP, "
                         "Điều 11; Luật 91/2025/QH15); Luật Phòng, chống bạo lực gia đình 2022; "
                         "Luật Phòng, chống mua bán người 2024",
          .kept_vi = "Họ tên, liên lạc an toàn và lời kể (được niêm phong), giới tính, tuổi, dân "
                     "tộc, loại sự việc, các sự đồng ý, dịch vụ, chuyển gửi, địa chỉ tiếp nhận",
          .kept_en = "Name, a safe contact and the caseworker's account (sealed), sex, age, ethnic "
                     "group, incident types, consents, services, referrals, the holding address",
          .not_kept_vi = "Số định danh, người gây bạo lực, ảnh, hồ sơ bệnh án, địa chỉ cụ thể",
          .not_kept_en = "ID numbers, the perpetrator, photos, health records, exact addresses",
          .sensitive_vi = "Là nạn nhân bạo lực hoặc mua bán người; dân tộc; sức khoẻ",
          .sensitive_en = "Being a victim of violence or trafficking; ethnic group; health",
          .who_sees_vi = "Chỉ nhóm phụ trách được chỉ định tại địa chỉ tin cậy và người giám sát; "
                         "cấp trên không có quyền xem",
          .who_sees_en = "Only the named case team of the trusted address and its supervisor; "
                         "being higher in the hierarchy gives no access",
      },
  };
  return kPurposes;
}

const RegisterPurpose& PurposeOf(PersonalRegister r) {
  return RegisterPurposes()[static_cast<size_t>(r)];
}

}  // namespace gemis::records
