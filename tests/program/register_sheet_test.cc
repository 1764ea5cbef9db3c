// Registers imported from sheets into a real store: records created and
// updated (unmapped fields kept, lists merged), names read as option codes,
// conflicts located at their cells with nothing written, dry runs, training
// attendance, and a birth's identity kept when the sheet does not carry it.
#include "program/register_sheet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/builtin_metadata.h"
#include "core/clock.h"
#include "core/uid.h"
#include "exchange/sheet_records.h"
#include "store/records_store.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/lao_cai_store.h"
#include "support/temp_dir.h"

namespace gemis::program {
namespace {

using exchange::ImportConflict;
using exchange::ImportStatus;
using exchange::SheetImportKind;
using ::testing::HasSubstr;
namespace lc = fixtures::lc;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// A store with a field key, the Lào Cai hierarchy, a few ethnic groups and
// the "cadres in the group" rule.
class RegisterSheetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(
        dir_.File("r.db"), {.clock = &clock_, .field_key = store::FieldKey::Generate()});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status s = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(fixtures::SaveLaoCaiHistory(txn));
      GEMIS_RETURN_IF_ERROR(fixtures::SaveBuiltinCombos(
          txn, {fixtures::EthnicOption("ETHNIC_01", "Kinh", "Kinh"),
                fixtures::EthnicOption("ETHNIC_02", "Tày", "Tay"),
                fixtures::EthnicOption("ETHNIC_08", "HMông", "Hmong")}));
      DataElement e;
      e.uid = UidFromKey("de:CADRES");
      e.code = "CADRES";
      e.name = "CADRES";
      e.category_combo_code = "default";
      e.value_type = ValueType::kIntegerZeroOrPositive;
      e.aggregation_type = AggregationType::kLast;
      GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(e).status());
      records::RegisterFigureRule rule;
      rule.data_element = "CADRES";
      rule.measure = "in_group";
      return txn.SaveRegisterFigureRule(rule).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(hierarchy_, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(metadata_, txn.LoadMetadata());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Result<RegisterSheetResult> Import(const std::string& csv, SheetImportKind kind,
                                     const std::vector<std::string>& maps,
                                     const std::vector<std::string>& values = {},
                                     const std::vector<std::string>& sets = {},
                                     bool dry_run = false) {
    Result<exchange::SheetTable> t = exchange::SheetTable::FromCsv(csv, "so.csv");
    if (!t.ok()) return t.status();
    tables_.push_back(std::make_unique<exchange::SheetTable>(std::move(t).value()));
    exchange::SheetMapping m;
    for (const std::string& a : maps) GEMIS_RETURN_IF_ERROR(exchange::AddColumnArgument(m, a));
    for (const std::string& a : sets) GEMIS_RETURN_IF_ERROR(exchange::AddConstantArgument(m, a));
    for (const std::string& a : values) {
      GEMIS_RETURN_IF_ERROR(exchange::AddValueColumnArgument(m, a));
    }
    GEMIS_RETURN_IF_ERROR(exchange::PrepareSheetMapping(m, kind));
    GEMIS_ASSIGN_OR_RETURN(exchange::ResolvedSheetMapping resolved,
                           exchange::ResolvedSheetMapping::Resolve(m, *tables_.back()));
    ModelContext ctx{hierarchy_, metadata_, plans_, D(2024, 12, 31)};
    RegisterSheetOptions options;
    options.dry_run = dry_run;
    options.actor = {0, "cli:test", ""};
    return ImportRegisterSheet(*store_, ctx, resolved, kind, options);
  }

  template <typename T, typename Find>
  std::optional<T> Stored(Find find) {
    std::optional<T> out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, find(txn));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::optional<records::Cadre> Cadre(const char* code) {
    return Stored<records::Cadre>([&](store::ReadTransaction& t) { return t.FindCadre(code); });
  }
  std::optional<records::Model> Model(const char* code) {
    return Stored<records::Model>([&](store::ReadTransaction& t) { return t.FindModel(code); });
  }
  std::optional<records::Activity> Activity(const char* code) {
    return Stored<records::Activity>(
        [&](store::ReadTransaction& t) { return t.FindActivity(code); });
  }
  std::optional<records::SafeBirth> Birth(const char* code) {
    return Stored<records::SafeBirth>(
        [&](store::ReadTransaction& t) { return t.FindSafeBirth(code); });
  }
  std::string Claimed(const char* element) {
    std::string out;
    Status s = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<store::FigureClaim> claims,
                             txn.LoadFigureClaims(metadata_.FindElement(element)->id));
      for (const store::FigureClaim& c : claims) out += c.value + ";";
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static constexpr const char* kCadres =
      "Mã,Họ và tên,Xã,Chức vụ,Dân tộc,Nhóm,Từ ngày\n"
      "CB-1,Nông Thị Hoa,02641,Chủ tịch Hội LHPN xã,Tày,pipeline,10/04/2023\n"
      "CB-2,Giàng Thị Mai,02641,Phó Chủ tịch Hội LHPN xã,hmông,newly_appointed,01/06/2023\n";
  const std::vector<std::string> kCadreMaps = {
      "code=Mã",           "name=Họ và tên", "orgUnit=Xã",   "position=Chức vụ",
      "ethnicity=Dân tộc", "group=Nhóm",     "since=Từ ngày"};

  test_support::TempDir dir_;
  FixedClock clock_{1735603200000};  // 2024-12-31
  std::unique_ptr<store::Store> store_;
  Hierarchy hierarchy_;
  Metadata metadata_;
  PlanBook plans_;
  std::vector<std::unique_ptr<exchange::SheetTable>> tables_;
};

TEST_F(RegisterSheetTest, CadresAreCreatedWithEthnicNamesReadAsCodesAndFiguresPublished) {
  Result<RegisterSheetResult> r = Import(kCadres, SheetImportKind::kCadres, kCadreMaps);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->summary.status, ImportStatus::kSuccess) << r->summary.ToJson().dump();
  EXPECT_TRUE(r->summary.conflicts.empty());
  EXPECT_EQ(r->summary.count.imported, 2);
  EXPECT_EQ(r->summary.count.updated, 0);
  EXPECT_GT(r->figures.written, 0);
  std::optional<records::Cadre> hoa = Cadre("CB-1");
  ASSERT_TRUE(hoa.has_value());
  EXPECT_EQ(hoa->ethnicity, "ETHNIC_02");            // "Tày", by name
  EXPECT_EQ(Cadre("CB-2")->ethnicity, "ETHNIC_08");  // "hmông": the name, any case
  EXPECT_EQ(hoa->since, D(2023, 4, 10));
  EXPECT_EQ(hoa->org_unit, lc::kKimTan);
  EXPECT_EQ(Claimed("CADRES"), "2;2;");  // 2023 and 2024 at Kim Tân

  // The same sheet again changes nothing.
  Result<RegisterSheetResult> again = Import(kCadres, SheetImportKind::kCadres, kCadreMaps);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->summary.count.imported, 0);
  EXPECT_EQ(again->summary.count.updated, 0);
  EXPECT_EQ(again->summary.count.ignored, 2);
}

TEST_F(RegisterSheetTest, AnUpdateReplacesTheMappedFieldsAndKeepsTheOthers) {
  ASSERT_TRUE(Import(kCadres, SheetImportKind::kCadres, kCadreMaps).ok());
  Result<RegisterSheetResult> r =
      Import("Mã,Chức vụ mới\nCB-1,Phó Chủ tịch UBND xã\n", SheetImportKind::kCadres,
             {"code=Mã", "position=Chức vụ mới"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->summary.count.updated, 1);
  std::optional<records::Cadre> hoa = Cadre("CB-1");
  ASSERT_TRUE(hoa.has_value());
  EXPECT_EQ(hoa->position, "Phó Chủ tịch UBND xã");
  EXPECT_EQ(hoa->name, "Nông Thị Hoa");
  EXPECT_EQ(hoa->ethnicity, "ETHNIC_02");
  EXPECT_EQ(hoa->since, D(2023, 4, 10));
}

TEST_F(RegisterSheetTest, EveryBadRowIsReportedAtItsCellAndNothingIsWritten) {
  Result<RegisterSheetResult> r = Import(
      "Mã,Họ và tên,Xã,Chức vụ,Dân tộc,Nhóm,Từ ngày\n"
      "CB-1,Nông Thị Hoa,02641,Chủ tịch Hội LHPN xã,Tày,pipeline,10/04/2023\n"
      "CB-2,Giàng Thị Mai,02641,Phó Chủ tịch,HMông,pipeline,31/02/2023\n"
      "CB-3,Lê Thị Lan,02641,Ủy viên,Kinh,pipeline,01/06/2023\n"
      "CB-4,Hoàng Thị Nga,99999,Ủy viên,Tày,pipeline,01/06/2023\n"
      ",Vi Thị Na,02641,Ủy viên,Tày,pipeline,01/06/2023\n",
      SheetImportKind::kCadres, kCadreMaps);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->summary.status, ImportStatus::kError);
  EXPECT_EQ(r->summary.count.imported, 0);
  ASSERT_EQ(r->summary.conflicts.size(), 4u);
  const std::vector<ImportConflict>& c = r->summary.conflicts;
  EXPECT_EQ(c[0].cell, "G3");  // 31/02/2023 is no date
  EXPECT_EQ(c[0].line, 3);
  EXPECT_EQ(c[0].object, "CB-2");
  EXPECT_EQ(c[0].error_code, exchange::kRecordInvalid);
  EXPECT_EQ(c[1].cell, "E4");  // Kinh is not in the target group
  EXPECT_THAT(c[1].message, HasSubstr("ethnic")) << r->summary.ToJson().dump();
  EXPECT_EQ(c[2].cell, "C5");  // no unit has the code
  EXPECT_EQ(c[3].cell, "A6");  // no code
  EXPECT_THAT(c[3].message, HasSubstr("code"));
  EXPECT_FALSE(Cadre("CB-1").has_value());  // the good row is not written either
  EXPECT_EQ(Claimed("CADRES"), "");
}

TEST_F(RegisterSheetTest, ADryRunChecksEverythingAndWritesNothing) {
  Result<RegisterSheetResult> r =
      Import(kCadres, SheetImportKind::kCadres, kCadreMaps, {}, {}, /*dry_run=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->summary.status, ImportStatus::kSuccess);
  EXPECT_TRUE(r->summary.dry_run);
  EXPECT_EQ(r->summary.count.imported, 2);  // what a real run would do
  EXPECT_THAT(r->summary.description, HasSubstr("dry run"));
  EXPECT_FALSE(Cadre("CB-1").has_value());
  EXPECT_EQ(Claimed("CADRES"), "");
}

TEST_F(RegisterSheetTest, ModelFactsMergeByDateAndFieldAndConfidentialFactsAreKept) {
  Result<RegisterSheetResult> created = Import(
      "Mã,Loại,Tên,Xã,Thành lập,Chủ nhà,Đường dây nóng,Hỗ trợ thiết bị\n"
      "CB-DCTC-1,trusted_address,Địa chỉ tin cậy Kim Tân,02641,15/03/2023,Hoàng Thị Lý,"
      "0912345678,\"15.000.000\"\n",
      SheetImportKind::kModels,
      {"code=Mã", "kind=Loại", "name=Tên", "orgUnit=Xã", "established=Thành lập"},
      {"Chủ nhà=owner_name", "Đường dây nóng=hotline", "Hỗ trợ thiết bị=equipment_support"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(created->summary.conflicts.empty()) << created->summary.conflicts[0].message;
  // A year later: the trained-owner flag on a new date, the support amount
  // corrected on the same date; name and confidential facts not in the sheet.
  Result<RegisterSheetResult> updated = Import(
      "Mã,Ngày,Chủ nhà đã tập huấn,Hỗ trợ thiết bị\nCB-DCTC-1,15/03/2023,,14.500.000\n"
      "CB-DCTC-1b,,,\n",
      SheetImportKind::kModels, {"code=Mã", "factDate=Ngày"},
      {"Chủ nhà đã tập huấn=owner_trained;date=2024-03-01", "Hỗ trợ thiết bị=equipment_support"});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  // The second row names no stored model and has no kind: refused at its cell.
  ASSERT_EQ(updated->summary.conflicts.size(), 1u);
  EXPECT_EQ(updated->summary.conflicts[0].object, "CB-DCTC-1b");
  EXPECT_EQ(updated->summary.conflicts[0].line, 3);

  Result<RegisterSheetResult> fixed = Import(
      "Mã,Ngày,Chủ nhà đã tập huấn,Hỗ trợ thiết bị\nCB-DCTC-1,15/03/2023,có,14.500.000\n",
      SheetImportKind::kModels, {"code=Mã", "factDate=Ngày"},
      {"Chủ nhà đã tập huấn=owner_trained;date=2024-03-01", "Hỗ trợ thiết bị=equipment_support"});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  ASSERT_TRUE(fixed->summary.conflicts.empty()) << fixed->summary.conflicts[0].message;
  EXPECT_EQ(fixed->summary.count.updated, 1);
  EXPECT_TRUE(fixed->findings.empty());  // 14.500.000 đ: within the norm
  std::optional<records::Model> m = Model("CB-DCTC-1");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->name, "Địa chỉ tin cậy Kim Tân");
  std::map<std::string, std::string> facts;
  for (const records::ModelFact& f : m->facts) {
    facts[f.date.ToString() + " " + records::InfoOf(f.field).code] = f.value;
  }
  EXPECT_EQ(facts, (std::map<std::string, std::string>{{"2023-03-15 owner_name", "Hoàng Thị Lý"},
                                                       {"2023-03-15 hotline", "0912345678"},
                                                       {"2023-03-15 equipment_support", "14500000"},
                                                       {"2024-03-01 owner_trained", "true"}}));
}

TEST_F(RegisterSheetTest, FindingsComeBackWithTheSummaryEvenInADryRun) {
  Result<RegisterSheetResult> r = Import(
      "Mã,Tên,Ngày,Xã,Nữ,Nam\n"
      "CB-TT-1,Nói chuyện chuyên đề phòng chống bạo lực gia đình,12/09/2024,02641,40,5\n"
      "CB-TT-2,Nói chuyện chuyên đề phòng chống bạo lực gia đình,13/09/2024,02641,20,20\n",
      SheetImportKind::kActivities, {"code=Mã", "title=Tên", "start=Ngày", "orgUnit=Xã"},
      {"Nữ=FEMALE", "Nam=MALE"}, {"kind=communication", "dvPrevention=x", "level=commune"},
      /*dry_run=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->summary.conflicts.empty()) << r->summary.ToJson().dump();
  ASSERT_EQ(r->findings.size(), 1u);  // 5 men of 45: under 30%
  EXPECT_EQ(r->findings[0].record, "CB-TT-1");
  EXPECT_EQ(r->findings[0].cell, "A2");
  EXPECT_EQ(r->findings[0].code, "DV_MEN_UNDER_30");
  EXPECT_FALSE(Activity("CB-TT-1").has_value());

  Result<RegisterSheetResult> over = Import(
      "Mã,Loại,Tên,Xã,Thành lập,Hỗ trợ thiết bị\n"
      "CB-DCTC-9,trusted_address,Địa chỉ tin cậy,02641,15/03/2023,16.000.000\n",
      SheetImportKind::kModels,
      {"code=Mã", "kind=Loại", "name=Tên", "orgUnit=Xã", "established=Thành lập"},
      {"Hỗ trợ thiết bị=equipment_support"});
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  ASSERT_EQ(over->findings.size(), 1u);
  EXPECT_EQ(over->findings[0].code, "EQUIPMENT_OVER_NORM");
  EXPECT_TRUE(Model("CB-DCTC-9").has_value());  // a finding, not a refusal
}

TEST_F(RegisterSheetTest, ActivitiesReadSexNamesAndAttendanceAddsCadresToTrainings) {
  ASSERT_TRUE(Import(kCadres, SheetImportKind::kCadres, kCadreMaps).ok());
  Result<RegisterSheetResult> r = Import(
      "Mã,Tên lớp,Ngày,Xã,Nữ,Nam\n"
      "CB-TH-1,Tập huấn cán bộ nữ,12/09/2024,02641,25,3\n",
      SheetImportKind::kActivities, {"code=Mã", "title=Tên lớp", "start=Ngày", "orgUnit=Xã"},
      {"Nữ=Nữ", "Nam=nam"}, {"kind=training", "programme=women_cadres", "level=commune"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->summary.conflicts.empty()) << r->summary.ToJson().dump();
  std::optional<records::Activity> a = Activity("CB-TH-1");
  ASSERT_TRUE(a.has_value());
  ASSERT_EQ(a->participants.size(), 2u);
  EXPECT_EQ(a->participants[0].sex, "FEMALE");
  EXPECT_EQ(a->participants[0].count, 25);
  EXPECT_EQ(a->participants[1].sex, "MALE");

  Result<RegisterSheetResult> attended =
      Import("Lớp,Học viên\nCB-TH-1,CB-2\nCB-TH-1,CB-1\n", SheetImportKind::kAttendance,
             {"activity=Lớp", "cadre=Học viên"});
  ASSERT_TRUE(attended.ok()) << attended.status().ToString();
  ASSERT_TRUE(attended->summary.conflicts.empty()) << attended->summary.conflicts[0].message;
  EXPECT_EQ(attended->summary.count.updated, 1);
  a = Activity("CB-TH-1");
  EXPECT_EQ(a->attendees.size(), 2u);
  EXPECT_EQ(a->title, "Tập huấn cán bộ nữ");  // the rest kept
  EXPECT_EQ(a->participants.size(), 2u);

  // Attendance never removes anyone; unknown trainings and cadres are refused.
  Result<RegisterSheetResult> bad =
      Import("Lớp,Học viên\nCB-TH-1,CB-1\nCB-TH-9,CB-1\nCB-TH-1,CB-7\n",
             SheetImportKind::kAttendance, {"activity=Lớp", "cadre=Học viên"});
  ASSERT_TRUE(bad.ok()) << bad.status().ToString();
  ASSERT_EQ(bad->summary.conflicts.size(), 2u);
  EXPECT_EQ(bad->summary.conflicts[0].cell, "B4");  // CB-7 is nobody
  EXPECT_EQ(bad->summary.conflicts[1].error_code, exchange::kRecordUnknown);
  EXPECT_EQ(bad->summary.conflicts[1].cell, "A3");
  EXPECT_EQ(Activity("CB-TH-1")->attendees.size(), 2u);
}

TEST_F(RegisterSheetTest, ABirthRowWithoutTheMothersIdentityKeepsTheStoredOne) {
  const std::vector<std::string> maps = {"code=Mã",
                                         "motherName=Họ tên mẹ",
                                         "ethnicity=Dân tộc",
                                         "commune=Xã",
                                         "birthDate=Ngày sinh",
                                         "atHealthFacility=Tại cơ sở y tế",
                                         "withinPopulationPolicy=Đúng chính sách"};
  Result<RegisterSheetResult> r = Import(
      "Mã,Họ tên mẹ,Dân tộc,Xã,Ngày sinh,Tại cơ sở y tế,Đúng chính sách,Đi lại\n"
      "SB-1,Lò Thị Sen,Hmong,04273,02/08/2024,x,x,200.000\n",
      SheetImportKind::kBirths, maps, {"Đi lại=travel;people=1"}, {"motherAge=24"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->summary.conflicts.empty()) << r->summary.conflicts[0].message;
  std::optional<records::SafeBirth> b = Birth("SB-1");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->mother_name, "Lò Thị Sen");
  EXPECT_EQ(b->ethnicity, "ETHNIC_08");
  ASSERT_EQ(b->payments.size(), 1u);
  EXPECT_EQ(b->payments[0].amount, 200000);
  EXPECT_EQ(b->payments[0].day, D(2024, 8, 2));

  // A payment sheet without names: a second payment on another day, the
  // mother's identity untouched.
  Result<RegisterSheetResult> paid =
      Import("Mã,Ngày chi,Dinh dưỡng\nSB-1,01/10/2024,500.000\n", SheetImportKind::kBirths,
             {"code=Mã", "paymentDay=Ngày chi"}, {"Dinh dưỡng=nutrition"});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  ASSERT_TRUE(paid->summary.conflicts.empty()) << paid->summary.conflicts[0].message;
  EXPECT_EQ(paid->summary.count.updated, 1);
  b = Birth("SB-1");
  EXPECT_EQ(b->mother_name, "Lò Thị Sen");
  EXPECT_EQ(b->payments.size(), 2u);
}

}  // namespace
}  // namespace gemis::program
