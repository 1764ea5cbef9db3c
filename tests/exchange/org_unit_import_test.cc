#include "exchange/org_unit_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "exchange/vn_admin_loader.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using fixtures::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kFixtures = std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/orgunits/";

OrgUnitFile Read(const std::string& text, OrgUnitFileFormat format = OrgUnitFileFormat::kCsv) {
  std::istringstream in(text);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "t", format);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? *file : OrgUnitFile{};
}

const Hierarchy& LaoCai() {
  static const Hierarchy* h = new Hierarchy(*fixtures::LaoCaiHistory().Build());
  return *h;
}

constexpr const char* kHeader = "code,name,level,parent_code,valid_from\n";

OrgUnitImportPlan Plan(const std::string& rows, bool best_effort = false,
                       const Hierarchy& base = LaoCai()) {
  SeededRandom random(7);
  return PlanOrgUnitImport(base, Read(kHeader + rows), {best_effort, false, "t.csv"}, random);
}

// The only conflict of a plan, checked for its place and code.
ImportConflict OnlyConflict(const OrgUnitImportPlan& plan, const char* error_code,
                            const std::string& property, int64_t line) {
  EXPECT_EQ(plan.summary.conflicts.size(), 1u);
  if (plan.summary.conflicts.empty()) return {};
  const ImportConflict& c = plan.summary.conflicts.front();
  EXPECT_EQ(c.error_code, error_code);
  EXPECT_EQ(c.property, property);
  EXPECT_EQ(c.line, line);
  EXPECT_EQ(c.indexes, std::vector<int64_t>{line - 2});  // header on line 1
  return c;
}

// --- reading ---------------------------------------------------------------

TEST(OrgUnitImportRead, TrimsAndComposesEveryField) {
  // "Pả" written with a combining hook above (NFD), as some Mac tools save it.
  OrgUnitFile file = Read("code;name;level;parent;validFrom\n V1 ; Pa\xCC\x89 Vi ;thôn;02638;\n");
  ASSERT_EQ(file.rows.size(), 1u);
  EXPECT_EQ(file.rows[0].code, "V1");
  EXPECT_EQ(file.rows[0].name, "P\xE1\xBA\xA3 Vi");
  EXPECT_EQ(file.rows[0].parent_code, "02638");
  EXPECT_EQ(file.rows[0].line, 2);
}

TEST(OrgUnitImportRead, MissingColumnIsOneFileConflict) {
  std::ifstream in(kFixtures + "reject_missing_parent_column.csv", std::ios::binary);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "m.csv", OrgUnitFileFormat::kCsv);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->malformed.has_value());
  EXPECT_EQ(file->malformed->error_code, "E_FORMAT");
  EXPECT_EQ(file->malformed->property, "parentCode");
  EXPECT_EQ(file->malformed->line, 1);
  EXPECT_THAT(
      file->malformed->message,
      HasSubstr("missing required column 'parent_code' (also accepted: 'parentcode', 'parent'"));
}

TEST(OrgUnitImportRead, UnterminatedQuoteNamesItsLine) {
  std::ifstream in(kFixtures + "reject_unterminated_quote.csv", std::ios::binary);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "q.csv", OrgUnitFileFormat::kCsv);
  ASSERT_TRUE(file.ok() && file->malformed);
  EXPECT_EQ(file->malformed->property, "file");
  EXPECT_EQ(file->malformed->line, 2);
  EXPECT_THAT(file->malformed->message,
              HasSubstr("q.csv:2:10 field 'name': unterminated quoted field"));
  EXPECT_TRUE(file->rows.empty());
}

TEST(OrgUnitImportRead, Cp1258IsRejectedAsInvalidUtf8) {
  std::ifstream in(kFixtures + "reject_cp1258.csv", std::ios::binary);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "c.csv", OrgUnitFileFormat::kCsv);
  ASSERT_TRUE(file.ok() && file->malformed);
  EXPECT_EQ(file->malformed->line, 2);
  EXPECT_THAT(file->malformed->message, HasSubstr("invalid UTF-8 (byte 0xE3)"));
}

TEST(OrgUnitImportRead, BadJsonGivesLineAndColumn) {
  std::ifstream in(kFixtures + "reject_bad_json.json", std::ios::binary);
  Result<OrgUnitFile> file = ReadOrgUnitFile(in, "b.json", OrgUnitFileFormat::kJson);
  ASSERT_TRUE(file.ok() && file->malformed);
  EXPECT_EQ(file->malformed->error_code, "E_FORMAT");
  EXPECT_EQ(file->malformed->property, "file");
  EXPECT_EQ(file->malformed->line, 3);
  EXPECT_THAT(file->malformed->message, HasSubstr("b.json:3:47: invalid JSON: syntax error while "
                                                  "parsing object - unexpected string literal"));
}

TEST(OrgUnitImportRead, JsonRootMustHoldOrgUnits) {
  OrgUnitFile file = Read("{\"units\": []}", OrgUnitFileFormat::kJson);
  ASSERT_TRUE(file.malformed);
  EXPECT_THAT(file.malformed->message, HasSubstr("expected {\"orgUnits\": [...]}"));
}

TEST(OrgUnitImportRead, JsonRowsKnowTheirLines) {
  OrgUnitFile file = Read(
      "[\n  {\"code\": \"A\", \"name\": \"x [1]\"},\n\n  {\"code\": \"B\",\n"
      "   \"parent_code\": \"A\", \"level\": 5}, 7\n]",
      OrgUnitFileFormat::kJson);
  ASSERT_EQ(file.rows.size(), 3u);
  EXPECT_EQ(file.rows[0].line, 2);
  EXPECT_EQ(file.rows[1].line, 4);
  EXPECT_EQ(file.rows[1].parent_code, "A");  // snake_case keys are understood too
  EXPECT_EQ(file.rows[1].level, "5");
  EXPECT_EQ(file.rows[2].line, 5);
  ASSERT_TRUE(file.rows[2].problem);
  EXPECT_EQ(file.rows[2].problem->property, "orgUnit");
  EXPECT_EQ(file.rows[2].problem->message, "org unit #3 is a number, not an object");
}

TEST(OrgUnitImportRead, JsonCodeAsNumberIsAWrongType) {
  OrgUnitFile file =
      Read("{\"orgUnits\": [{\"code\": 4, \"name\": \"x\"}]}", OrgUnitFileFormat::kJson);
  ASSERT_EQ(file.rows.size(), 1u);
  ASSERT_TRUE(file.rows[0].problem);
  EXPECT_EQ(file.rows[0].problem->error_code, "E_FORMAT");
  EXPECT_EQ(file.rows[0].problem->property, "code");
  EXPECT_EQ(file.rows[0].problem->line, 1);
  EXPECT_THAT(file.rows[0].problem->message, HasSubstr("'code' must be a string, not a number"));
}

TEST(OrgUnitImportRead, FormatFollowsTheExtension) {
  EXPECT_EQ(*OrgUnitFormatFromPath("a/Villages.CSV"), OrgUnitFileFormat::kCsv);
  EXPECT_EQ(*OrgUnitFormatFromPath("x.json"), OrgUnitFileFormat::kJson);
  EXPECT_EQ(OrgUnitFormatFromPath("v.d/villages").status().code(), ErrorCode::kUsage);
  EXPECT_EQ(ParseOrgUnitFormat("xml").status().code(), ErrorCode::kUsage);
}

// --- planning against a hierarchy with history ------------------------------

TEST(OrgUnitImportPlan, ParentIsResolvedOnTheRowsDate) {
  // "02638" is Cốc Lếu until 30/6/2025 and the Lào Cai ward from 1/7/2025.
  OrgUnitImportPlan plan =
      Plan("V1,Tổ 1,village,02638,2025-06-30\nV2,Tổ 1,village,02638,01/07/2025\n");
  ASSERT_EQ(plan.summary.status, ImportStatus::kSuccess);
  EXPECT_EQ(plan.summary.count.imported, 2);
  ASSERT_EQ(plan.units.size(), 2u);
  EXPECT_EQ(plan.units[0].first().parent, fixtures::lc::kCocLeu);
  EXPECT_EQ(plan.units[1].first().parent, fixtures::lc::kWardLaoCai);
  EXPECT_EQ(plan.units[1].first().from, Day("2025-07-01"));
  EXPECT_EQ(plan.units[1].first().unit_type, "Thôn");  // default for a village
  ASSERT_EQ(plan.events.size(), 2u);
  EXPECT_EQ(plan.events[1].kind, OrgUnitEventKind::kCreate);
  EXPECT_EQ(plan.events[1].effective, Day("2025-07-01"));
  EXPECT_THAT(plan.events[1].units, ElementsAre(plan.units[1].id));
  EXPECT_EQ(plan.events[1].note, "gemis import orgunits t.csv line 3");
}

TEST(OrgUnitImportPlan, ParentCodeNoLongerInUse) {
  ImportConflict c =
      OnlyConflict(Plan("V1,A,village,080,2025-08-01\n"), "E_OU_PARENT_NOT_FOUND", "parentCode", 2);
  EXPECT_EQ(c.object, "V1");
  EXPECT_EQ(c.value, "080");
  EXPECT_EQ(c.message,
            "parent code '080' names no unit on 2025-08-01; the code was used by "
            "Huyện Lào Cai from before records to 2025-06-30");
}

TEST(OrgUnitImportPlan, UnknownParentCode) {
  ImportConflict c = OnlyConflict(Plan("V1,A,village,99999,2025-08-01\n"), "E_OU_PARENT_NOT_FOUND",
                                  "parentCode", 2);
  EXPECT_THAT(c.message, HasSubstr("no unit has ever had this code"));
}

TEST(OrgUnitImportPlan, EmptyParentOnlyForTheCentre) {
  ImportConflict c =
      OnlyConflict(Plan("V1,A,village,,2025-08-01\n"), "E_OU_PARENT_NOT_FOUND", "parentCode", 2);
  EXPECT_THAT(c.message, HasSubstr("a village needs a parent"));
}

TEST(OrgUnitImportPlan, ParentAfterChildAsksForParentsFirst) {
  OrgUnitImportPlan plan = Plan("V2,B,village,C1,2025-08-01\nC1,A,commune,15,2025-08-01\n");
  ImportConflict c = OnlyConflict(plan, "E_OU_PARENT_NOT_FOUND", "parentCode", 2);
  EXPECT_THAT(c.message,
              HasSubstr("its row comes later (line 3): put parents before their children"));
  EXPECT_EQ(plan.summary.status, ImportStatus::kError);
  EXPECT_EQ(plan.summary.count.imported, 0);
  EXPECT_EQ(plan.summary.count.ignored, 2);
  EXPECT_TRUE(plan.units.empty());
}

TEST(OrgUnitImportPlan, CodeTakenByAnotherUnitOnTheDate) {
  ImportConflict c =
      OnlyConflict(Plan("02800,Xuân Quang,commune,15,2025-08-01\n"), "E_OU_CODE_TAKEN", "code", 2);
  EXPECT_THAT(c.message,
              HasSubstr("code '02800' already belongs on 2025-08-01 to 02800 Xã Bảo Hà"));
  EXPECT_THAT(c.message, HasSubstr("differs in name (stored 'Bảo Hà')"));
}

TEST(OrgUnitImportPlan, CodeTakenFromALaterDate) {
  OrgUnitImportPlan plan = Plan("V9,A,village,02638,2026-01-01\nV9,B,village,02638,2025-08-01\n");
  ImportConflict c = OnlyConflict(plan, "E_OU_CODE_TAKEN", "code", 3);
  EXPECT_THAT(c.message, HasSubstr("carried by the unit of line 2 on 2026-01-01"));
}

TEST(OrgUnitImportPlan, LevelMustBeBelowTheParent) {
  ImportConflict c =
      OnlyConflict(Plan("C9,A,commune,02638,2025-08-01\n"), "E_OU_LEVEL", "level", 2);
  EXPECT_EQ(c.message, "a commune must be below its parent, but 02638 Phường Lào Cai is a commune");
}

TEST(OrgUnitImportPlan, UnknownLevel) {
  ImportConflict c = OnlyConflict(Plan("V1,A,hamlet,02638,2025-08-01\n"), "E_OU_LEVEL", "level", 2);
  EXPECT_THAT(c.message, HasSubstr("unknown level 'hamlet'"));
}

TEST(OrgUnitImportPlan, ImpossibleDate) {
  ImportConflict c =
      OnlyConflict(Plan("V1,A,village,02638,31/02/2025\n"), "E_OU_DATE", "validFrom", 2);
  EXPECT_EQ(c.value, "31/02/2025");
  EXPECT_THAT(c.message, HasSubstr("valid_from '31/02/2025' is not a date"));
}

TEST(OrgUnitImportPlan, ValidToIsRefused) {
  SeededRandom random(1);
  OrgUnitFile file = Read(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "V1,A,village,02638,2025-08-01,2025-12-31\n");
  OrgUnitImportPlan plan = PlanOrgUnitImport(LaoCai(), file, {}, random);
  ImportConflict c = OnlyConflict(plan, "E_OU_DATE", "validTo", 2);
  EXPECT_THAT(c.message, HasSubstr("valid_to is not imported"));
}

TEST(OrgUnitImportPlan, EmptyOrMalformedCodeAndName) {
  OnlyConflict(Plan(",A,village,02638,2025-08-01\n"), "E_OU_CODE", "code", 2);
  OnlyConflict(Plan("V 1,A,village,02638,2025-08-01\n"), "E_OU_CODE", "code", 2);
  OnlyConflict(Plan("V1,,village,02638,2025-08-01\n"), "E_OU_NAME", "name", 2);
  OnlyConflict(Plan("V1,\"A\nB\",village,02638,2025-08-01\n"), "E_OU_NAME", "name", 2);
  std::string long_name;
  for (int i = 0; i < 230; ++i) long_name += "ả";
  EXPECT_EQ(Plan("V1," + long_name + ",village,02638,2025-08-01\n").summary.count.imported, 1);
  OnlyConflict(Plan("V1," + long_name + "a,village,02638,2025-08-01\n"), "E_OU_NAME", "name", 2);
}

TEST(OrgUnitImportPlan, UidMustBeValidAndFree) {
  SeededRandom random(1);
  std::string taken = LaoCai().Find(fixtures::lc::kWardLaoCai)->uid;
  OrgUnitFile file = Read(
      "code,name,level,parent_code,valid_from,uid\n"
      "V1,A,village,02638,2025-08-01,abc\n"
      "V2,B,village,02638,2025-08-01," +
      taken + "\n");
  OrgUnitImportPlan plan = PlanOrgUnitImport(LaoCai(), file, {}, random);
  ASSERT_EQ(plan.summary.conflicts.size(), 2u);
  EXPECT_EQ(plan.summary.conflicts[0].error_code, "E_OU_UID");
  EXPECT_THAT(plan.summary.conflicts[0].message, HasSubstr("'abc' is not a valid uid"));
  EXPECT_EQ(plan.summary.conflicts[1].error_code, "E_OU_UID");
  EXPECT_EQ(plan.summary.conflicts[1].line, 3);
  EXPECT_THAT(plan.summary.conflicts[1].message,
              HasSubstr("already belongs to 02638 Phường Lào Cai"));
}

TEST(OrgUnitImportPlan, RowsNamingEachOtherAreACycle) {
  OrgUnitImportPlan plan = Plan(
      "A1,A,village,B1,2025-08-01\nB1,B,village,A1,2025-08-01\n"
      "S1,S,village,S1,2025-08-01\n");
  ASSERT_EQ(plan.summary.conflicts.size(), 3u);
  for (const ImportConflict& c : plan.summary.conflicts) {
    EXPECT_EQ(c.error_code, "E_OU_CYCLE");
    EXPECT_EQ(c.property, "parentCode");
  }
  EXPECT_EQ(plan.summary.conflicts[0].message, "the rows' parent codes form a cycle: A1 → B1 → A1");
  EXPECT_EQ(plan.summary.conflicts[1].line, 3);
  EXPECT_EQ(plan.summary.conflicts[2].message, "the rows' parent codes form a cycle: S1 → S1");
}

TEST(OrgUnitImportPlan, SameUnitAgainIsIgnored) {
  // Bảo Hà as stored, then with the tone mark on the other vowel ("Baỏ").
  OrgUnitImportPlan plan = Plan(
      "02800,Bảo Hà,commune,15,2025-08-01\n"
      "02800,Baỏ Hà,xã,15,2025-07-01\n");
  EXPECT_EQ(plan.summary.status, ImportStatus::kSuccess);
  EXPECT_EQ(plan.summary.count.imported, 0);
  EXPECT_EQ(plan.summary.count.ignored, 2);
  EXPECT_TRUE(plan.units.empty());
}

TEST(OrgUnitImportPlan, RepeatedRowInTheFileIsIgnored) {
  OrgUnitImportPlan plan = Plan("V1,A,village,02638,2025-08-01\nV1,A,village,02638,2025-09-01\n");
  EXPECT_EQ(plan.summary.count.imported, 1);
  EXPECT_EQ(plan.summary.count.ignored, 1);
}

TEST(OrgUnitImportPlan, BestEffortKeepsTheGoodRows) {
  OrgUnitImportPlan plan = Plan(
      "C1,Mới,commune,15,2025-08-01\n"
      "V1,A,village,C1,2025-08-01\n"
      "C2,Sai,commune,02638,2025-08-01\n"
      "V2,B,village,C2,2025-08-01\n",
      /*best_effort=*/true);
  EXPECT_EQ(plan.summary.status, ImportStatus::kWarning);
  EXPECT_EQ(plan.summary.count.imported, 2);
  EXPECT_EQ(plan.summary.count.ignored, 2);
  ASSERT_EQ(plan.summary.conflicts.size(), 2u);
  EXPECT_EQ(plan.summary.conflicts[0].error_code, "E_OU_LEVEL");
  EXPECT_EQ(plan.summary.conflicts[1].line, 5);
  EXPECT_THAT(plan.summary.conflicts[1].message, HasSubstr("its own row (line 4) was rejected"));
  ASSERT_EQ(plan.units.size(), 2u);
  EXPECT_EQ(plan.units[1].first().parent, plan.units[0].id);  // a parent from the same file
}

TEST(OrgUnitImportPlan, BestEffortWithNothingGoodIsAnError) {
  OrgUnitImportPlan plan = Plan("V1,A,village,99999,2025-08-01\n", /*best_effort=*/true);
  EXPECT_EQ(plan.summary.status, ImportStatus::kError);
  EXPECT_EQ(plan.summary.count.imported, 0);
}

TEST(OrgUnitImportPlan, UnknownStartNeedsAParentKnownSinceBeforeRecords) {
  OrgUnitImportPlan ok = Plan("V1,A,village,02638,\n");  // Cốc Lếu, since before records
  ASSERT_EQ(ok.units.size(), 1u);
  EXPECT_FALSE(ok.units[0].first().from.has_value());
  EXPECT_TRUE(ok.units[0].first().approximate_from);
  EXPECT_EQ(ok.units[0].first().parent, fixtures::lc::kCocLeu);
  EXPECT_TRUE(ok.events.empty());
  OrgUnitImportPlan v = Plan("X1,A,village,V7,\n");
  EXPECT_THAT(v.summary.conflicts.at(0).message,
              HasSubstr("names no unit since before records; no unit has ever had this code"));
}

TEST(OrgUnitImportPlan, MalformedFileIsOneConflictAndAnError) {
  SeededRandom random(1);
  OrgUnitImportPlan plan = PlanOrgUnitImport(LaoCai(), Read(kHeader + std::string("V1,\"x\n")),
                                             {true, false, "m.csv"}, random);
  EXPECT_EQ(plan.summary.status, ImportStatus::kError);
  ASSERT_EQ(plan.summary.conflicts.size(), 1u);
  EXPECT_EQ(plan.summary.conflicts[0].property, "file");
  EXPECT_EQ(plan.summary.conflicts[0].line, 2);
}

// --- against a database of Vietnam's real units -----------------------------

int64_t CountUnits(store::Store& store) {
  int64_t count = -1;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTransaction& txn) {
                    GEMIS_ASSIGN_OR_RETURN(count, txn.CountOrgUnits());
                    return Status::Ok();
                  })
                  .ok());
  return count;
}

Hierarchy Load(store::Store& store) {
  Hierarchy h;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTransaction& txn) {
                    GEMIS_ASSIGN_OR_RETURN(h, txn.LoadHierarchy());
                    return Status::Ok();
                  })
                  .ok());
  return h;
}

// Builds the database of `gemis init` once for the suite; each test works on
// a copy of it.
class RealUnitsImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    Result<VnAdminDataset> data = LoadVnAdmin(std::string(GEMIS_DATA_DIR) + "/vn-admin");
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(dir_->File("vn.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->Write([&](store::WriteTransaction& txn) {
                      std::vector<const OrgUnit*> units;
                      for (const OrgUnit& unit : data->units) units.push_back(&unit);
                      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
                      GEMIS_RETURN_IF_ERROR(txn.InsertEvents(data->events));
                      return txn.InsertLinks(data->links);
                    })
                    .ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(dir_->File("vn.db")))
        << "the suite's database was not built";
    std::filesystem::copy_file(dir_->File("vn.db"), copy_.File("t.db"));
    Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(copy_.File("t.db"));
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    before_ = CountUnits(*store_);
  }

  ImportSummary Import(const std::string& path, OrgUnitImportOptions options = {}) {
    std::ifstream in(path, std::ios::binary);
    options.source_name = path;
    Result<OrgUnitFileFormat> format = OrgUnitFormatFromPath(path);
    SeededRandom random(3);
    Result<ImportSummary> summary = ImportOrgUnits(*store_, in, *format, options, random);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }

  static test_support::TempDir* dir_;
  test_support::TempDir copy_;
  std::unique_ptr<store::Store> store_;
  int64_t before_ = 0;
};

test_support::TempDir* RealUnitsImport::dir_ = nullptr;

TEST_F(RealUnitsImport, VillagesFromVietnameseExcel) {
  ImportSummary summary = Import(kFixtures + "villages_vn_excel.csv");
  ASSERT_EQ(summary.status, ImportStatus::kSuccess) << summary.ToJson().dump();
  EXPECT_EQ(summary.count.imported, 7);
  EXPECT_EQ(CountUnits(*store_), before_ + 7);
  Hierarchy h = Load(*store_);
  struct Expected {
    const char* code;
    const char* name;
    const char* type;
    const char* parent;
    const char* from;
  };
  for (const Expected& e : {Expected{"00769-01", "Pả Vi Thượng", "Thôn", "00769", "2025-07-01"},
                            Expected{"00769-02", "Pả Vi Hạ", "Thôn", "00769", "2025-07-01"},
                            Expected{"00769-03", "Mèo Vạc", "Tổ dân phố", "00769", "2025-07-01"},
                            Expected{"02989-01", "Khe Bá", "Bản", "02989", "2025-07-01"},
                            Expected{"02989-02", "Làng Mới", "Thôn", "02989", "2026-03-15"},
                            Expected{"03006-01", "Cầu Mây", "Tổ dân phố", "03006", "2025-07-01"},
                            Expected{"03006-02", "Tả Phìn", "Tổ dân phố", "03006", "2026-01-01"}}) {
    SCOPED_TRACE(e.code);
    const OrgUnit* unit = h.FindByCode(e.code, Day("2026-06-01"));
    ASSERT_NE(unit, nullptr);
    EXPECT_EQ(unit->first().name, e.name);
    EXPECT_EQ(unit->first().unit_type, e.type);
    EXPECT_EQ(unit->first().level, OrgUnitLevel::kVillage);
    EXPECT_EQ(unit->first().from, Day(e.from));
    EXPECT_EQ(h.Find(*unit->first().parent)->VersionAt(Day(e.from))->code, e.parent);
    EXPECT_EQ(h.EventsOf(unit->id).size(), 1u);
  }
  EXPECT_EQ(h.FindByCode("03006-01", Day("2026-06-01"))->first().name_en, "Cau May; Sa Pa");
}

TEST_F(RealUnitsImport, ReimportIgnoresEveryRow) {
  ASSERT_EQ(Import(kFixtures + "villages_vn_excel.csv").count.imported, 7);
  ImportSummary again = Import(kFixtures + "villages_vn_excel.csv");
  EXPECT_EQ(again.status, ImportStatus::kSuccess);
  EXPECT_EQ(again.count.imported, 0);
  EXPECT_EQ(again.count.ignored, 7);
  EXPECT_EQ(CountUnits(*store_), before_ + 7);
}

TEST_F(RealUnitsImport, AtomicFailureAndDryRunWriteNothing) {
  std::string path = copy_.File("mixed.csv");
  std::ofstream(path) << "code,name,level,parent_code,valid_from\n"
                         "00769-01,Pả Vi Thượng,village,00769,2025-07-01\n"
                         "00769-09,Sai,village,99999,2025-07-01\n"
                         "00769-02,Pả Vi Hạ,village,00769,2025-07-01\n";
  ImportSummary atomic = Import(path);
  EXPECT_EQ(atomic.status, ImportStatus::kError);
  ASSERT_EQ(atomic.conflicts.size(), 1u);
  EXPECT_EQ(atomic.conflicts[0].line, 3);
  EXPECT_EQ(atomic.conflicts[0].error_code, "E_OU_PARENT_NOT_FOUND");
  EXPECT_EQ(CountUnits(*store_), before_);

  ImportSummary dry = Import(path, {.best_effort = true, .dry_run = true});
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(dry.status, ImportStatus::kWarning);
  EXPECT_EQ(dry.count.imported, 2);
  EXPECT_EQ(CountUnits(*store_), before_);

  ImportSummary best = Import(path, {.best_effort = true});
  EXPECT_EQ(best.status, ImportStatus::kWarning);
  EXPECT_EQ(best.count.imported, 2);
  EXPECT_EQ(best.count.ignored, 1);
  EXPECT_EQ(CountUnits(*store_), before_ + 2);
}

TEST_F(RealUnitsImport, MalformedFileWritesNothingEvenInBestEffort) {
  ImportSummary summary =
      Import(kFixtures + "reject_unterminated_quote.csv", {.best_effort = true});
  EXPECT_EQ(summary.status, ImportStatus::kError);
  ASSERT_EQ(summary.conflicts.size(), 1u);
  EXPECT_EQ(summary.conflicts[0].property, "file");
  EXPECT_EQ(CountUnits(*store_), before_);
}

TEST(OrgUnitImportStore, AnotherCountryIntoAnEmptyDatabase) {
  test_support::TempDir dir;
  Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(dir.File("la.db"));
  ASSERT_TRUE(store.ok());
  std::ifstream in(kFixtures + "laos_hierarchy.json", std::ios::binary);
  SeededRandom random(5);
  Result<ImportSummary> summary =
      ImportOrgUnits(**store, in, OrgUnitFileFormat::kJson, {false, false, "laos.json"}, random);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->status, ImportStatus::kSuccess) << summary->ToJson().dump();
  EXPECT_EQ(summary->count.imported, 6);
  Hierarchy h = Load(**store);
  ASSERT_EQ(h.size(), 6u);
  Date d = Day("2022-01-01");
  const OrgUnit* village = h.FindByUid("LaoSihom001");
  ASSERT_NE(village, nullptr);
  EXPECT_EQ(village->first().FullName(), "Ban ສີຫອມ");
  std::vector<std::string> path;
  for (OrgUnitId a : h.AncestorsAt(village->id, d)) path.push_back(h.Find(a)->VersionAt(d)->code);
  EXPECT_THAT(path, ElementsAre("LA-VT-01", "LA-VT", "LA"));
  EXPECT_TRUE(h.Find(h.RootsAt(d).at(0))->first().approximate_from);
  EXPECT_EQ(h.FindByCode("LA-LP", d)->first().level, OrgUnitLevel::kProvince);
  EXPECT_EQ(h.events().size(), 2u);  // the two rows with a valid_from
}

}  // namespace
}  // namespace gemis::exchange
