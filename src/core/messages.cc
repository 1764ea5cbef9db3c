#include "core/messages.h"

#include <array>

namespace gemis {

namespace {

struct Entry {
  MessageId id;
  std::string_view vi;
  std::string_view en;
};

constexpr std::array<Entry, static_cast<size_t>(MessageId::kCount)> kCatalogue = {{
    {MessageId::kError, "lỗi", "error"},
    {MessageId::kDatabaseCreated, "Đã tạo cơ sở dữ liệu", "Database created"},
    {MessageId::kDatabaseExists, "Cơ sở dữ liệu đã tồn tại", "Database already exists"},
    {MessageId::kOrgUnitsLoaded, "Đã nạp đơn vị hành chính", "Administrative units loaded"},
    {MessageId::kSummaryTitle, "Đơn vị hành chính", "Administrative units"},
    {MessageId::kSummaryAsOf, "tại ngày", "as of"},
    {MessageId::kLevelCentre, "Trung ương", "Centre"},
    {MessageId::kLevelProvince, "Tỉnh/thành phố", "Provinces"},
    {MessageId::kLevelDistrict, "Huyện/quận/thị xã/thành phố", "Districts"},
    {MessageId::kLevelCommune, "Xã/phường/thị trấn/đặc khu", "Communes"},
    {MessageId::kLevelVillage, "Thôn/bản/xóm/tổ dân phố", "Villages"},
    {MessageId::kEventsRecorded, "Sự kiện thay đổi địa giới đã ghi", "Boundary change events recorded"},
    {MessageId::kNoMatch, "Không tìm thấy đơn vị nào", "No unit found"},
    {MessageId::kBackupWritten, "Đã sao lưu vào", "Backup written to"},
    {MessageId::kRestored, "Đã khôi phục từ", "Restored from"},
    {MessageId::kNextSteps, "Xem README.md và docs/ để biết bước tiếp theo",
     "See README.md and docs/ for what to do next"},
    {MessageId::kImplementingLevelAll, "mọi cấp", "all levels"},
    {MessageId::kImplementingLevelCentre, "cấp trung ương", "centre level"},
    {MessageId::kImplementingLevelProvince, "cấp tỉnh", "province level"},
    {MessageId::kImplementingLevelDistrict, "cấp huyện", "district level"},
    {MessageId::kImplementingLevelCommune, "cấp xã", "commune level"},
    {MessageId::kImplementingLevelVillage, "cấp thôn", "village level"},
    {MessageId::kValidationAllocationNotEqual,
     "{0}, {1}, chỉ tiêu {2}: {3} phần phân bổ cộng lại là {4}, không bằng chỉ tiêu {5}",
     "{0}, {1}, target {2}: the {3} allocated parts add up to {4}, not to the target {5}"},
    {MessageId::kValidationAllocationOver,
     "{0}, {1}, chỉ tiêu {2}: {3} phần phân bổ cộng lại là {4}, vượt chỉ tiêu {5}",
     "{0}, {1}, target {2}: the {3} allocated parts add up to {4}, more than the target {5}"},
    {MessageId::kValidationSumOverflow,
     "{0}: tổng của {1} phần vượt quá giới hạn tính toán, không so sánh được với {2}",
     "{0}: the sum of the {1} parts is beyond the computable range and cannot be compared "
     "with {2}"},
    {MessageId::kValidationTargetWindowOutside,
     "Thời hạn hoàn thành {0} của chỉ tiêu {1} tại {2} nằm ngoài thời gian của kế hoạch ({3})",
     "The completion window {0} of target {1} for {2} is outside the plan's period ({3})"},
    {MessageId::kValidationTargetPeriodOutside,
     "Thời kỳ {0} của chỉ tiêu {1} tại {2} nằm ngoài thời gian của kế hoạch ({3})",
     "The period {0} of target {1} for {2} is outside the plan's period ({3})"},
    {MessageId::kValidationAssignmentWindowOutside,
     "Thời hạn {0} giao cho {1} (nội dung {2}) nằm ngoài thời gian của kế hoạch ({3})",
     "The window {0} assigned to {1} (node {2}) is outside the plan's period ({3})"},
    {MessageId::kValidationBudgetParts,
     "Kinh phí \"{0}\" của {1}: {2} khoản thành phần cộng lại là {3}, khác tổng đã nêu {4}",
     "Budget \"{0}\" of {1}: the {2} parts add up to {3}, not to the stated total {4}"},
    {MessageId::kValidationBudgetAvailable,
     "Tổng nguồn \"{0}\" của {1} là {4}, nhưng {2} khoản kinh phí cấp và chuyển nguồn cộng "
     "lại là {3}",
     "Funds available \"{0}\" of {1} are {4}, but the {2} allocated and carried-over lines add "
     "up to {3}"},
    {MessageId::kValidationConflictingTarget,
     "Chỉ tiêu {0} tại {1} ({2}) được nêu khác nhau: {3} ở {4}; {5} ở {6}",
     "Target {0} for {1} ({2}) is stated differently: {3} in {4}; {5} in {6}"},
    {MessageId::kValidationUnitNotAtDate,
     "Đơn vị {0} không tồn tại vào ngày {1} (ngày của kế hoạch); được dùng ở {2} chỗ",
     "Unit {0} did not exist on {1} (the plan's date); references in the plan: {2}"},
    {MessageId::kValidationAgencyUnknown,
     "Mã cơ quan {0} không có trong danh mục cơ quan; được dùng ở {1} chỗ",
     "Agency code {0} is not in the list of agencies; references in the plan: {1}"},
    {MessageId::kValidationAgencyNotAtDate,
     "Cơ quan {0} không tồn tại vào ngày {1} (ngày của kế hoạch); được dùng ở {2} chỗ",
     "Agency {0} did not exist on {1} (the plan's date); references in the plan: {2}"},
    {MessageId::kValidationOverNorm,
     "Kinh phí \"{0}\" của {1} là {2}, vượt mức tối đa {3} theo định mức {4} ({5}/{7} × {6})",
     "Budget \"{0}\" of {1} is {2}, above the limit {3} of norm {4} ({5} per {7} × {6})"},
    {MessageId::kValidationUnknownNorm,
     "Kinh phí \"{0}\" của {1} dẫn chiếu định mức {2} không có trong danh mục định mức",
     "Budget \"{0}\" of {1} refers to norm {2}, which is not in the list of norms"},
    {MessageId::kValidationPlaceCountSum,
     "{0}: số {1} là {4}, nhưng {2} đơn vị cấp dưới cộng lại là {3}",
     "{0}: the count of {1} is {4}, but the {2} units below it add up to {3}"},
    {MessageId::kValidationSourceDefect, "Văn bản nguồn có lỗi ({0}): {1}",
     "Defect in the source document ({0}): {1}"},
    {MessageId::kValidationAboveMaximum,
     "Chỉ tiêu {0} tại {1} là {2}, vượt giá trị tối đa cho phép {3}",
     "Target {0} for {1} is {2}, above the measure's maximum {3}"},
    {MessageId::kValidationNegativeValue, "Chỉ tiêu {0} tại {1} có giá trị âm {2}",
     "Target {0} for {1} has a negative value {2}"},
    {MessageId::kSeverityError, "LỖI", "ERROR"},
    {MessageId::kSeverityWarning, "CẢNH BÁO", "WARNING"},
    {MessageId::kFindingExpected, "Số nêu", "Stated"},
    {MessageId::kFindingFound, "Số tính được", "Found"},
    {MessageId::kFindingSource, "Nguồn", "Source"},
    {MessageId::kFindingsErrors, "Lỗi", "Errors"},
    {MessageId::kFindingsWarnings, "Cảnh báo", "Warnings"},
    {MessageId::kReportAllocationTitle, "BẢNG PHÂN BỔ CHỈ TIÊU", "TARGET ALLOCATION TABLE"},
    {MessageId::kReportStt, "STT", "No."},
    {MessageId::kReportUnit, "Đơn vị", "Unit"},
    {MessageId::kReportTotalRow, "Tổng chỉ tiêu", "Total target"},
    {MessageId::kReportWindowRow, "Thời gian hoàn thành", "Completion window"},
    {MessageId::kReportLevelRow, "Phân cấp thực hiện", "By implementing level"},
    {MessageId::kReportLevelCentre, "Cấp trung ương", "Central"},
    {MessageId::kReportLevelProvince, "Cấp tỉnh", "Province"},
    {MessageId::kReportLevelDistrict, "Cấp huyện", "District"},
    {MessageId::kReportLevelCommune, "Cấp xã", "Commune"},
    {MessageId::kReportLevelVillage, "Cấp thôn", "Village"},
    {MessageId::kReportOtherTables, "Các bảng khác của kế hoạch (--table, --text)", "Other tables of the plan (--table, --text)"},
    {MessageId::kReportTextTargets, "chỉ tiêu trong văn bản", "targets in the text"},
    {MessageId::kPlaceRegionIiiCommunes, "Số xã vùng III", "Region-III communes"},
    {MessageId::kPlaceDbkkVillages, "Số thôn đặc biệt khó khăn", "Extremely difficult villages"},
    {MessageId::kPlaceVillages, "Số thôn/xóm/bản", "Villages covered"},
    {MessageId::kPlaceCommunes, "Số xã", "Communes covered"},
    {MessageId::kPlaceWards, "Số phường", "Wards"},
    {MessageId::kPlaceSchools, "Số trường", "Schools"},
    {MessageId::kPlanColumnCode, "Mã", "Code"},
    {MessageId::kPlanColumnNumber, "Số", "Number"},
    {MessageId::kPlanColumnDate, "Ngày", "Date"},
    {MessageId::kPlanColumnPeriod, "Thời gian", "Period"},
    {MessageId::kPlanColumnTargets, "Số chỉ tiêu", "Number of targets"},
    {MessageId::kPlanColumnBudget, "Số dòng kinh phí", "Number of budget lines"},
    {MessageId::kPlanColumnTitle, "Trích yếu", "Title"},
    {MessageId::kPlanCitations, "Căn cứ", "Citations"},
    {MessageId::kPlanTargets, "Các chỉ tiêu", "Targets"},
    {MessageId::kPlanBudget, "Kinh phí", "Budget"},
    {MessageId::kPlanAreas, "Địa bàn thực hiện", "Area"},
    {MessageId::kDemoCreated, "Đã tạo cơ sở dữ liệu mẫu từ năm kế hoạch thực tế", "Demo database built from the five real plans"},
    {MessageId::kDemoPlans, "Kế hoạch", "Plans"},
    {MessageId::kDemoFindings, "Kết quả kiểm tra", "Validation findings"},
    {MessageId::kProgressTitle, "Tiến độ thực hiện chỉ tiêu", "Progress against targets"},
    {MessageId::kProgressMeasure, "Chỉ số", "Measure"},
    {MessageId::kProgressLevel, "Cấp thực hiện", "Level"},
    {MessageId::kProgressWindow, "Thời hạn", "Window"},
    {MessageId::kProgressTarget, "Chỉ tiêu", "Target"},
    {MessageId::kProgressActual, "Thực hiện", "Actual"},
    {MessageId::kProgressPercent, "% đạt", "% achieved"},
    {MessageId::kProgressElapsed, "% thời gian", "% of time"},
    {MessageId::kProgressStatus, "Tình trạng", "Status"},
    {MessageId::kProgressNote, "Ghi chú", "Note"},
    {MessageId::kProgressStatusNotStarted, "Chưa bắt đầu", "Not started"},
    {MessageId::kProgressStatusBehind, "Chậm tiến độ", "Behind"},
    {MessageId::kProgressStatusOnTrack, "Đúng tiến độ", "On track"},
    {MessageId::kProgressStatusAchieved, "Đã đạt", "Achieved"},
    {MessageId::kProgressStatusSuspended, "Tạm dừng", "Suspended"},
    {MessageId::kProgressStatusNotMeasurable, "Không đo được", "Not measurable"},
    {MessageId::kProgressStatusConflict, "Số liệu chỉ tiêu mâu thuẫn", "Conflicting targets"},
    {MessageId::kProgressNoteAgency,
     "Chỉ tiêu giao cho cơ quan; số liệu được báo cáo theo đơn vị hành chính",
     "Allocated to an agency; data values are reported by org unit"},
    {MessageId::kProgressNoteLevelOption,
     "Danh mục cấp thực hiện không có cấp này",
     "The implementing-level category has no option for this level"},
    {MessageId::kProgressNoteNoLevel,
     "Chỉ số không được phân tổ theo cấp thực hiện",
     "The measure is not disaggregated by implementing level"},
}};

constexpr bool InIdOrder() {
  for (size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<size_t>(kCatalogue[i].id) != i) return false;
  }
  return true;
}
static_assert(InIdOrder(), "kCatalogue entries must be in MessageId order, one per id");

}  // namespace

std::string_view Message(MessageId id, Lang lang) {
  const Entry& entry = kCatalogue[static_cast<size_t>(id)];
  return lang == Lang::kVi ? entry.vi : entry.en;
}

}  // namespace gemis
