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
