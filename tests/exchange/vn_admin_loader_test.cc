// Golden tests of Vietnam's real administrative units as LoadVnAdmin builds
// them from data/vn-admin: the history queries users ask, on the shipped
// lists. Expected values come from the CSV files (see data/vn-admin/SOURCE.md).
#include "exchange/vn_admin_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/uid.h"
#include "support/hierarchy_fixtures.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using fixtures::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kDataDir = GEMIS_DATA_DIR "/vn-admin";

// Loads the real lists once for the whole suite (it takes a fraction of a
// second, but every test below reads the same hierarchy).
class VnAdminLoader : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<VnAdminDataset> data = LoadVnAdmin(kDataDir);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    Result<Hierarchy> built = Hierarchy::Build(data->units, data->events, data->links);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    hierarchy_ = new Hierarchy(std::move(built).value());
  }
  static void TearDownTestSuite() {
    delete hierarchy_;
    hierarchy_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(hierarchy_, nullptr) << "the real lists did not load"; }

  static const Hierarchy& h() { return *hierarchy_; }
  // The unit carrying `code` on `iso`; fails the test when there is none.
  static const OrgUnit& At(const std::string& code, const char* iso) {
    const OrgUnit* unit = h().FindByCode(code, Day(iso));
    EXPECT_NE(unit, nullptr) << "no unit has code " << code << " on " << iso;
    static const OrgUnit kMissing;
    return unit != nullptr ? *unit : kMissing;
  }
  static const OrgUnitVersion& VersionOf(OrgUnitId id, const char* iso) {
    const OrgUnitVersion* v = h().Find(id)->VersionAt(Day(iso));
    EXPECT_NE(v, nullptr) << "unit " << id << " is not valid on " << iso;
    static const OrgUnitVersion kMissing;
    return v != nullptr ? *v : kMissing;
  }
  static std::vector<std::string> CodesAt(const std::vector<OrgUnitId>& ids, const char* iso) {
    std::vector<std::string> codes;
    for (OrgUnitId id : ids) codes.push_back(VersionOf(id, iso).code);
    return codes;
  }
  static std::vector<OrgUnitEventKind> KindsOfEvents(OrgUnitId id, const char* effective) {
    std::vector<OrgUnitEventKind> kinds;
    for (const OrgUnitEvent* e : h().EventsOf(id)) {
      if (e->effective == Day(effective)) kinds.push_back(e->kind);
    }
    return kinds;
  }
  // Successor codes (on 1/7/2025) of an old commune, and the designated one.
  static void SplitOf(const std::string& old_code, std::set<std::string>& successors,
                      std::string& designated) {
    for (const LineageLink* link : h().LinksFrom(At(old_code, "2025-06-30").id)) {
      EXPECT_FALSE(link->share.has_value());
      EXPECT_TRUE(link->partial);
      std::string code = VersionOf(link->successor, "2025-07-01").code;
      successors.insert(code);
      if (link->designated) {
        EXPECT_EQ(designated, "") << "two designated successors of " << old_code;
        designated = code;
      }
    }
  }

  static Hierarchy* hierarchy_;
};

Hierarchy* VnAdminLoader::hierarchy_ = nullptr;

TEST_F(VnAdminLoader, CaoBangHasItsTenDistrictsIn2024) {
  const OrgUnit& cao_bang = At("04", "2024-06-30");
  EXPECT_EQ(VersionOf(cao_bang.id, "2024-06-30").FullName(), "Tỉnh Cao Bằng");
  std::vector<OrgUnitId> children = h().ChildrenAt(cao_bang.id, Day("2024-06-30"));
  EXPECT_THAT(CodesAt(children, "2024-06-30"),
              ElementsAre("040", "042", "043", "045", "047", "048", "049", "051", "052", "053"));
  for (OrgUnitId id : children) {
    EXPECT_EQ(VersionOf(id, "2024-06-30").level, OrgUnitLevel::kDistrict);
  }
}

TEST_F(VnAdminLoader, CaoBangHasCommunesDirectlyUnderItIn2026) {
  const OrgUnit& cao_bang = At("04", "2026-11-01");
  EXPECT_EQ(cao_bang.id, At("04", "2024-06-30").id) << "Cao Bằng was not merged";
  std::vector<OrgUnitId> children = h().ChildrenAt(cao_bang.id, Day("2026-11-01"));
  ASSERT_THAT(children, SizeIs(56));  // communes with province_code 04 in the 2026 list
  for (OrgUnitId id : children) {
    EXPECT_EQ(VersionOf(id, "2026-11-01").level, OrgUnitLevel::kCommune);
  }
}

TEST_F(VnAdminLoader, CountsTheDayBeforeTheReform) {
  Date d = Day("2025-06-30");
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kCentre), SizeIs(1));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kProvince), SizeIs(63));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kDistrict), SizeIs(696));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kCommune), SizeIs(10035));
}

TEST_F(VnAdminLoader, CountsAfterThe2026Changes) {
  Date d = Day("2026-11-01");
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kCentre), SizeIs(1));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kProvince), SizeIs(34));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kDistrict), SizeIs(0));
  EXPECT_THAT(h().UnitsAt(d, OrgUnitLevel::kCommune), SizeIs(3321));
  EXPECT_THAT(h().RootsAt(d), SizeIs(1));
}

TEST_F(VnAdminLoader, KonTumWardValuesCountTowardsQuangNgaiIn2026) {
  // 23281 Phường Quang Trung, Thành phố Kon Tum (district 608), went fully
  // into 23293 Phường Kon Tum of the new Quảng Ngãi (51).
  const OrgUnit& ward = At("23281", "2024-06-30");
  EXPECT_EQ(VersionOf(ward.id, "2024-06-30").FullName(), "Phường Quang Trung");
  EXPECT_EQ(VersionOf(*VersionOf(ward.id, "2024-06-30").parent, "2024-06-30").code, "608");
  OrgUnitId quang_ngai = At("51", "2026-11-01").id;
  std::vector<Placement> placed = h().PlaceAt(ward.id, Day("2026-11-01"));
  ASSERT_FALSE(placed.empty());
  double total = 0;
  for (const Placement& p : placed) {
    total += p.weight;
    EXPECT_THAT(h().AncestorsAt(p.unit, Day("2026-11-01")), ::testing::Contains(quang_ngai));
  }
  EXPECT_DOUBLE_EQ(total, 1.0);
  EXPECT_THAT(CodesAt({placed[0].unit}, "2026-11-01"), ElementsAre("23293"));
  EXPECT_EQ(h().FindByCode("62", Day("2026-11-01")), nullptr);
  EXPECT_THAT(h().PlaceAt(At("62", "2024-06-30").id, Day("2026-11-01")),
              ElementsAre(Placement{quang_ngai, 1.0}));
}

TEST_F(VnAdminLoader, ProvinceCode15NamesYenBaiThenLaoCai) {
  const OrgUnit& yen_bai = At("15", "2024-01-01");
  const OrgUnit& lao_cai = At("15", "2026-01-01");
  EXPECT_EQ(VersionOf(yen_bai.id, "2024-01-01").name, "Yên Bái");
  EXPECT_EQ(VersionOf(lao_cai.id, "2026-01-01").name, "Lào Cai");
  EXPECT_NE(yen_bai.id, lao_cai.id);
  std::vector<const OrgUnit*> both = h().FindByCodeOverlapping("15", Day("2025-01-01"), Day("2025-12-31"));
  EXPECT_THAT(both, ElementsAre(&yen_bai, &lao_cai));
}

TEST_F(VnAdminLoader, CommuneCode00004IsReusedUnderAnotherName) {
  const OrgUnit& truc_bach = At("00004", "2025-06-30");
  const OrgUnit& ba_dinh = At("00004", "2025-07-01");
  EXPECT_EQ(VersionOf(truc_bach.id, "2025-06-30").FullName(), "Phường Trúc Bạch");
  EXPECT_EQ(VersionOf(ba_dinh.id, "2025-07-01").FullName(), "Phường Ba Đình");
  EXPECT_NE(truc_bach.id, ba_dinh.id);
  EXPECT_EQ(truc_bach.last().to, Day("2025-06-30"));
  EXPECT_THAT(h().PlaceAt(truc_bach.id, Day("2026-11-01")), ElementsAre(Placement{ba_dinh.id, 1.0}));
}

// The three branches of the documented rule for an old commune split without
// shares (docs/hierarchy.md), each on a real Hà Nội ward of
// old_to_new_communes_2025-07-01.csv (merge_type partial).
TEST_F(VnAdminLoader, SplitCommuneDesignatesTheSuccessorKeepingItsCode) {
  std::set<std::string> successors;
  std::string designated;
  SplitOf("00025", successors, designated);  // Phường Ngọc Khánh
  EXPECT_THAT(successors, ElementsAre("00008", "00025", "00199"));
  EXPECT_EQ(designated, "00025");  // Giảng Võ kept the code; 00008 is lower
}

TEST_F(VnAdminLoader, SplitCommuneDesignatesTheSuccessorKeepingItsName) {
  std::set<std::string> successors;
  std::string designated;
  SplitOf("00073", successors, designated);  // Phường Cửa Nam (old)
  EXPECT_THAT(successors, ElementsAre("00004", "00070", "00082", "00226"));
  EXPECT_EQ(designated, "00082");  // the new Phường Cửa Nam; 00004 is lower
}

TEST_F(VnAdminLoader, SplitCommuneOtherwiseDesignatesTheLowestCode) {
  std::set<std::string> successors;
  std::string designated;
  SplitOf("00019", successors, designated);  // Phường Điện Biên
  EXPECT_THAT(successors, ElementsAre("00004", "00070", "00190", "00226"));
  EXPECT_EQ(designated, "00004");
  OrgUnitId ba_dinh = At("00004", "2026-11-01").id;
  EXPECT_THAT(h().PlaceAt(At("00019", "2025-06-30").id, Day("2026-11-01")),
              ElementsAre(Placement{ba_dinh, 1.0}));
}

TEST_F(VnAdminLoader, EveryPredecessorHasSharesSummingToOneOrOneDesignatedSuccessor) {
  std::map<OrgUnitId, std::pair<double, int>> by_predecessor;  // share sum, designated
  size_t splits = 0;
  for (const LineageLink& link : h().links()) {
    auto& [shares, designated] = by_predecessor[link.predecessor];
    shares += link.share.value_or(0.0);
    designated += link.designated ? 1 : 0;
    splits += link.partial ? 1 : 0;
  }
  for (const auto& [id, counts] : by_predecessor) {
    bool shared = counts.first > 0;
    EXPECT_EQ(shared ? 0 : 1, counts.second) << h().Find(id)->last().FullName();
    if (shared) {
      EXPECT_DOUBLE_EQ(counts.first, 1.0) << h().Find(id)->last().FullName();
    }
  }
  EXPECT_GT(splits, 900u);  // 460 old communes split, 2-5 ways (SOURCE.md)
}

TEST_F(VnAdminLoader, IslandDistrictsBecomeDacKhu) {
  struct Island { const char* district; const char* dac_khu; const char* province; };
  for (const Island& island : {Island{"755", "26732", "79"}, Island{"318", "11948", "31"}}) {
    SCOPED_TRACE(island.district);
    const OrgUnit& district = At(island.district, "2025-06-30");
    EXPECT_EQ(VersionOf(district.id, "2025-06-30").level, OrgUnitLevel::kDistrict);
    const OrgUnit& dac_khu = At(island.dac_khu, "2025-07-01");
    const OrgUnitVersion& v = VersionOf(dac_khu.id, "2025-07-01");
    EXPECT_EQ(v.unit_type, "Đặc khu");
    EXPECT_EQ(v.level, OrgUnitLevel::kCommune);
    EXPECT_EQ(v.parent, At(island.province, "2025-07-01").id);
    std::vector<const LineageLink*> links = h().LinksFrom(district.id);
    ASSERT_THAT(links, SizeIs(1));
    EXPECT_EQ(links[0]->successor, dac_khu.id);
    EXPECT_EQ(links[0]->share, 1.0);
    EXPECT_THAT(KindsOfEvents(district.id, "2025-07-01"), ElementsAre(OrgUnitEventKind::kMerge));
    EXPECT_THAT(h().PlaceAt(district.id, Day("2026-11-01")), ElementsAre(Placement{dac_khu.id, 1.0}));
  }
}

TEST_F(VnAdminLoader, AbolishedDistrictClosesAndPlacesOnItsProvince) {
  const OrgUnit& city = At("040", "2025-06-30");  // Thành phố Cao Bằng
  EXPECT_EQ(h().FindByCode("040", Day("2025-07-01")), nullptr);
  EXPECT_THAT(KindsOfEvents(city.id, "2025-07-01"), ElementsAre(OrgUnitEventKind::kClose));
  EXPECT_THAT(h().PlaceAt(city.id, Day("2026-11-01")),
              ElementsAre(Placement{At("04", "2026-11-01").id, 1.0}));
}

TEST_F(VnAdminLoader, DistrictCloseEventsComeInCodeOrder) {
  std::vector<std::string> codes;
  for (const OrgUnitEvent& e : h().events()) {
    if (e.kind != OrgUnitEventKind::kClose) continue;
    const OrgUnitVersion& v = h().Find(e.units.at(0))->last();
    if (v.level == OrgUnitLevel::kDistrict) codes.push_back(v.code);
  }
  EXPECT_THAT(codes, SizeIs(691));  // 696 less the 5 island districts
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
}

TEST_F(VnAdminLoader, DongNaiIsACityFrom30April2026) {
  const OrgUnit& dong_nai = At("75", "2026-04-30");
  EXPECT_EQ(&dong_nai, &At("75", "2026-04-29"));
  EXPECT_EQ(VersionOf(dong_nai.id, "2026-04-29").FullName(), "Tỉnh Đồng Nai");
  EXPECT_EQ(VersionOf(dong_nai.id, "2026-04-30").FullName(), "Thành phố Đồng Nai");
  EXPECT_THAT(KindsOfEvents(dong_nai.id, "2026-04-30"), ElementsAre(OrgUnitEventKind::kReclassify));
}

TEST_F(VnAdminLoader, TenDongNaiCommunesBecomeWardsOn30April2026) {
  for (const char* code : {"25270", "25357", "25363", "26116", "26170", "26248", "26326", "26368",
                           "26425", "26485"}) {
    SCOPED_TRACE(code);
    const OrgUnit& unit = At(code, "2026-04-30");
    EXPECT_EQ(VersionOf(unit.id, "2026-04-29").unit_type, "Xã");
    EXPECT_EQ(VersionOf(unit.id, "2026-04-30").unit_type, "Phường");
    EXPECT_THAT(KindsOfEvents(unit.id, "2026-04-30"), ElementsAre(OrgUnitEventKind::kReclassify));
  }
  EXPECT_EQ(VersionOf(At("26248", "2026-04-30").id, "2026-04-30").FullName(), "Phường Trảng Bom");
}

TEST_F(VnAdminLoader, ToneMarkRestylingIsNotARename) {
  // communes_2026-04-30.csv spells 00175 "Yên Hoà", the 2025 list "Yên Hòa".
  const OrgUnit& yen_hoa = At("00175", "2026-11-01");
  EXPECT_EQ(&yen_hoa, &At("00175", "2025-07-01"));
  EXPECT_THAT(KindsOfEvents(yen_hoa.id, "2026-04-30"), ::testing::IsEmpty());
  EXPECT_EQ(yen_hoa.last().from, Day("2025-07-01"));
  EXPECT_EQ(yen_hoa.last().name, "Yên Hòa");
  // A changed tone mark is a rename: 00745 "Phó Bảng" became "Phố Bảng".
  const OrgUnit& pho_bang = At("00745", "2026-11-01");
  EXPECT_THAT(KindsOfEvents(pho_bang.id, "2026-04-30"), ElementsAre(OrgUnitEventKind::kRename));
  EXPECT_EQ(VersionOf(pho_bang.id, "2026-04-29").name, "Phó Bảng");
  EXPECT_EQ(VersionOf(pho_bang.id, "2026-04-30").name, "Phố Bảng");
}

TEST_F(VnAdminLoader, EveryUnitHasAUniqueValidUid) {
  std::set<std::string> uids;
  for (const OrgUnit& unit : h().units()) {
    EXPECT_TRUE(IsValidUid(unit.uid)) << unit.uid;
    uids.insert(unit.uid);
  }
  EXPECT_EQ(uids.size(), h().size());
  EXPECT_EQ(h().size(), 14007u);  // 1 + 63 + 696 + 10,035 + 23 new provinces + 3,189 new communes
}

TEST_F(VnAdminLoader, LoadingTwiceGivesIdenticalUnitsAndUids) {
  Result<VnAdminDataset> again = LoadVnAdmin(kDataDir);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  Result<Hierarchy> built = Hierarchy::Build(again->units, again->events, again->links);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(fixtures::Fingerprint(*built), fixtures::Fingerprint(h()));
}

// Bad input: a copy of the data directory with one thing broken.
class VnAdminLoaderErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(kDataDir, dir_.path(), std::filesystem::copy_options::recursive);
  }
  // Replaces the first occurrence of `from` in data file `name`.
  void Edit(const std::string& name, const std::string& from, const std::string& to) {
    std::string path = dir_.File(name);
    std::stringstream text;
    text << std::ifstream(path, std::ios::binary).rdbuf();
    std::string content = text.str();
    size_t at = content.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << name;
    content.replace(at, from.size(), to);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  }
  Status Load() const { return LoadVnAdmin(dir_.path()).status(); }

  test_support::TempDir dir_;
};

TEST_F(VnAdminLoaderErrors, MissingColumnNamesFileLineAndColumn) {
  Edit("communes_pre-2025-07-01.csv", ",district_code,", ",district,");
  Status status = Load();
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().file, dir_.File("communes_pre-2025-07-01.csv"));
  EXPECT_EQ(status.where().line, 1);
  EXPECT_EQ(status.where().field, "district_code");
  EXPECT_THAT(status.message(), HasSubstr("missing required column 'district_code'"));
}

TEST_F(VnAdminLoaderErrors, UnknownProvinceInDistrictsFileNamesTheLine) {
  Edit("districts_pre-2025-07-01.csv", "002,Hoàn Kiếm,Quận Hoàn Kiếm,Quận,01,",
       "002,Hoàn Kiếm,Quận Hoàn Kiếm,Quận,99,");
  Status status = Load();
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().file, dir_.File("districts_pre-2025-07-01.csv"));
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.where().field, "province_code");
  EXPECT_THAT(status.message(), HasSubstr("unknown province code '99'"));
}

TEST_F(VnAdminLoaderErrors, UnknownDistrictDeepInTheCommunesFileNamesTheLine) {
  // The last row of the file (line 10,036): 32248 Xã Đất Mũi, district 973.
  Edit("communes_pre-2025-07-01.csv", "Đất Mũi,Xã Đất Mũi,Xã,973,", "Đất Mũi,Xã Đất Mũi,Xã,999,");
  Status status = Load();
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.where().file, dir_.File("communes_pre-2025-07-01.csv"));
  EXPECT_EQ(status.where().line, 10036);
  EXPECT_THAT(status.message(), HasSubstr("'999'"));
}

TEST_F(VnAdminLoaderErrors, MissingFileIsNamed) {
  std::filesystem::remove(dir_.File("provinces_2026-04-30.csv"));
  Status status = Load();
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.where().file, dir_.File("provinces_2026-04-30.csv"));
  EXPECT_THAT(status.ToString(), HasSubstr("provinces_2026-04-30.csv"));
}

TEST_F(VnAdminLoaderErrors, MissingDirectoryFailsOnTheFirstFile) {
  Status status = LoadVnAdmin(dir_.File("nowhere")).status();
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_THAT(status.where().file, HasSubstr("provinces_pre-2025-07-01.csv"));
}

}  // namespace
}  // namespace gemis::exchange
