#include "exchange/org_unit_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/uid.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::exchange {
namespace {

using fixtures::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

// The Lào Cai history with a code on every unit, so that every row imports.
const Hierarchy& LaoCai() {
  static const Hierarchy* h = [] {
    fixtures::HierarchyParts parts = fixtures::LaoCaiHistory();
    parts.unit(lc::kVietNam).versions[0].code = "VN";
    parts.unit(lc::kVillageMinhTien).versions[0].code = "V401";
    parts.unit(lc::kResidentialGroup5).versions[0].code = "V402";
    return new Hierarchy(*parts.Build());
  }();
  return *h;
}

std::string Uid(OrgUnitId id) { return UidFromKey("unit-" + std::to_string(id)); }

std::string Export(const Hierarchy& h, OrgUnitExportOptions options) {
  std::ostringstream out;
  Result<int64_t> rows = ExportOrgUnits(h, options, out);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return out.str();
}

OrgUnitExportOptions On(const char* day) {
  OrgUnitExportOptions options;
  options.as_of = Day(day);
  return options;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(OrgUnitExport, SnapshotListsParentsFirstWithImportColumns) {
  EXPECT_THAT(
      Lines(Export(LaoCai(), On("2025-08-01"))),
      ElementsAre("code,name,level,parent_code,valid_from,unit_type,name_en,uid",
                  "VN,Việt Nam,centre,,,,," + Uid(lc::kVietNam),
                  "15,Lào Cai,province,VN,2025-07-01,Tỉnh,," + Uid(lc::kNewLaoCai),
                  "02638,Lào Cai,commune,15,2025-07-01,Phường,," + Uid(lc::kWardLaoCai),
                  "02800,Bảo Hà,commune,15,2025-07-01,Xã,," + Uid(lc::kBaoHa),
                  "04246,Yên Bái,commune,15,2025-07-01,Phường,," + Uid(lc::kWardYenBai),
                  "04270,Văn Phú,commune,15,2025-07-01,Xã,," + Uid(lc::kVanPhu),
                  // Villages whose communes ended count under the successors,
                  // from the day those exist.
                  "V401,Minh Tiến,village,04270,2025-07-01,Thôn,," + Uid(lc::kVillageMinhTien),
                  "V402,Tổ 5,village,02638,2025-07-01,Thôn,," + Uid(lc::kResidentialGroup5)));
}

TEST(OrgUnitExport, SnapshotBeforeRecordsHasEmptyDates) {
  std::vector<std::string> lines = Lines(Export(LaoCai(), On("2019-06-01")));
  EXPECT_THAT(lines,
              ::testing::Contains("080,Lào Cai,district,10,,Huyện,," + Uid(lc::kCityLaoCai)));
  EXPECT_THAT(lines, ::testing::Contains("02800,Xuân Quang,commune,080,,Xã,," + Uid(lc::kBaoHa)));
}

TEST(OrgUnitExport, LevelAndParentFilters) {
  OrgUnitExportOptions villages = On("2025-08-01");
  villages.level = OrgUnitLevel::kVillage;
  EXPECT_EQ(Lines(Export(LaoCai(), villages)).size(), 3u);
  OrgUnitExportOptions under = On("2025-08-01");
  under.under = lc::kWardLaoCai;
  EXPECT_THAT(Lines(Export(LaoCai(), under)),
              ElementsAre(::testing::_, HasSubstr("V402,Tổ 5,village,02638")));
}

TEST(OrgUnitExport, HistoryWritesEveryVersionWithValidTo) {
  OrgUnitExportOptions options;
  options.history = true;
  options.under = lc::kCityLaoCai;
  std::vector<std::string> lines = Lines(Export(LaoCai(), options));
  EXPECT_EQ(lines.front(), "code,name,level,parent_code,valid_from,valid_to,unit_type,name_en,uid");
  std::string uid = Uid(lc::kBaoHa);
  EXPECT_THAT(lines, ::testing::IsSupersetOf(
                         {"02800,Xuân Quang,commune,080,,2024-04-30,Xã,," + uid,
                          "02800,Bảo Hà,commune,080,2024-05-01,2025-06-30,Xã,," + uid,
                          "02800,Bảo Hà,commune,15,2025-07-01,,Xã,," + uid,
                          "02638,Cốc Lếu,commune,080,,2025-06-30,Phường,," + Uid(lc::kCocLeu),
                          "V402,Tổ 5,village,02638,,,Thôn,," + Uid(lc::kResidentialGroup5)}));
  EXPECT_THAT(Export(LaoCai(), options), ::testing::Not(HasSubstr("Tuy Lộc")));
}

TEST(OrgUnitExport, JsonUsesImportKeysAndNullDates) {
  OrgUnitExportOptions options = On("2025-08-01");
  options.format = OrgUnitFileFormat::kJson;
  options.level = OrgUnitLevel::kCentre;
  nlohmann::json doc = nlohmann::json::parse(Export(LaoCai(), options));
  ASSERT_EQ(doc["orgUnits"].size(), 1u);
  const nlohmann::json& vn = doc["orgUnits"][0];
  EXPECT_EQ(vn["code"], "VN");
  EXPECT_EQ(vn["parentCode"], "");
  EXPECT_TRUE(vn["validFrom"].is_null());
  EXPECT_FALSE(vn.contains("validTo"));
  EXPECT_EQ(vn["uid"], Uid(lc::kVietNam));
}

// Export, import into an empty hierarchy, build, export again: the identity.
std::string RoundTrip(const std::string& exported, OrgUnitFileFormat format, const Hierarchy& into,
                      ImportSummary& summary) {
  std::istringstream in(exported);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "export", format);
  EXPECT_TRUE(file.ok());
  SeededRandom random(11);
  OrgUnitImportPlan plan = PlanOrgUnitImport(into, *file, {}, random);
  summary = plan.summary;
  std::vector<OrgUnit> units = into.units();
  units.insert(units.end(), plan.units.begin(), plan.units.end());
  std::vector<OrgUnitEvent> events = into.events();
  events.insert(events.end(), plan.events.begin(), plan.events.end());
  Result<Hierarchy> built = Hierarchy::Build(units, events, into.links());
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  OrgUnitExportOptions options = On("2025-08-01");
  options.format = format;
  return built.ok() ? Export(*built, options) : "";
}

TEST(OrgUnitExport, ExportThenImportIntoAnEmptyHierarchyIsTheIdentity) {
  for (OrgUnitFileFormat format : {OrgUnitFileFormat::kCsv, OrgUnitFileFormat::kJson}) {
    OrgUnitExportOptions options = On("2025-08-01");
    options.format = format;
    std::string exported = Export(LaoCai(), options);
    ImportSummary summary;
    EXPECT_EQ(RoundTrip(exported, format, Hierarchy(), summary), exported);
    EXPECT_EQ(summary.status, ImportStatus::kSuccess) << summary.ToJson().dump();
    EXPECT_EQ(summary.count.imported, 8);
  }
}

TEST(OrgUnitExport, ExportImportedIntoItsOwnHierarchyIsIgnored) {
  ImportSummary summary;
  std::string exported = Export(LaoCai(), On("2025-08-01"));
  EXPECT_EQ(RoundTrip(exported, OrgUnitFileFormat::kCsv, LaoCai(), summary), exported);
  EXPECT_EQ(summary.status, ImportStatus::kSuccess) << summary.ToJson().dump();
  EXPECT_EQ(summary.count.imported, 0);
  EXPECT_EQ(summary.count.ignored, 8);
}

TEST(OrgUnitExport, FailingStreamIsAnIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Result<int64_t> rows = ExportOrgUnits(LaoCai(), On("2025-08-01"), out);
  EXPECT_EQ(rows.status().code(), ErrorCode::kIoError);
}

}  // namespace
}  // namespace gemis::exchange
