// Imports from sheets through column mappings: data values (long and wide
// layouts, Vietnamese notation), org units, designation lists and a plan's
// targets, each with its conflicts located at cells.
#include "exchange/sheet_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data_value_test_database.h"
#include "exchange/xlsx_writer.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using test_database::StoredValue;
using ::testing::HasSubstr;

Date Day(const char* text) { return *Date::Parse(text); }

class SheetImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    Status built = test_database::BuildDatabase(*store_);
    ASSERT_TRUE(built.ok()) << built.ToString();
  }

  // Keeps the table alive for the mapping resolved against it.
  const ResolvedSheetMapping& Resolve(SheetTable table, SheetMapping mapping,
                                      SheetImportKind kind) {
    tables_.push_back(std::make_unique<SheetTable>(std::move(table)));
    Status prepared = PrepareSheetMapping(mapping, kind);
    EXPECT_TRUE(prepared.ok()) << prepared.ToString();
    Result<ResolvedSheetMapping> r = ResolvedSheetMapping::Resolve(mapping, *tables_.back());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    resolved_.push_back(std::make_unique<ResolvedSheetMapping>(std::move(r).value()));
    return *resolved_.back();
  }

  const ResolvedSheetMapping& Csv(const std::string& text, const std::vector<std::string>& maps,
                                  SheetImportKind kind, const std::vector<std::string>& sets = {},
                                  const std::vector<std::string>& values = {}) {
    Result<SheetTable> t = SheetTable::FromCsv(text, "bang.csv");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    SheetMapping m;
    for (const std::string& a : maps) EXPECT_TRUE(AddColumnArgument(m, a).ok()) << a;
    for (const std::string& a : sets) EXPECT_TRUE(AddConstantArgument(m, a).ok()) << a;
    for (const std::string& a : values) EXPECT_TRUE(AddValueColumnArgument(m, a).ok()) << a;
    return Resolve(std::move(t).value(), std::move(m), kind);
  }

  const ResolvedSheetMapping& Sheet(const XlsxSheet& sheet, SheetMapping m, SheetImportKind kind) {
    XlsxWorkbook wb;
    wb.sheets = {sheet};
    wb.created_unix = 1700000000;
    Result<std::string> bytes = WriteXlsxToString(wb);
    EXPECT_TRUE(bytes.ok());
    Result<XlsxReader> reader = XlsxReader::OpenBuffer(*bytes, "so-lieu.xlsx");
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    Result<SheetTable> t = SheetTable::FromWorkbook(*reader);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return Resolve(std::move(t).value(), std::move(m), kind);
  }

  std::vector<Designation> Designations() {
    std::vector<Designation> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadDesignations());
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::vector<std::unique_ptr<SheetTable>> tables_;
  std::vector<std::unique_ptr<ResolvedSheetMapping>> resolved_;
};

TEST_F(SheetImportTest, SheetDatesReadVietnameseOrder) {
  EXPECT_EQ(SheetDateText("04/06/2021"), "2021-06-04");
  EXPECT_EQ(SheetDateText("4/6/2021"), "2021-06-04");
  EXPECT_EQ(SheetDateText("4.6.2021"), "2021-06-04");
  EXPECT_EQ(SheetDateText("2021-06-04"), "2021-06-04");
  EXPECT_EQ(SheetDateText("4/6-2021"), "4/6-2021");
  EXPECT_EQ(SheetDateText("4/6/21"), "4/6/21");
  EXPECT_EQ(SheetDateText("hôm nay"), "hôm nay");
}

TEST_F(SheetImportTest, DataValuesInTheLongLayout) {
  const auto& m =
      Csv("Chỉ tiêu;Kỳ;Mã đơn vị;Giá trị;Ghi chú\n"
          "P8_TEAMS;2024;00004;5;\n"
          "P8_TEAMS;2024;00007;3;mới thành lập\n",
          {"dataElement=Chỉ tiêu", "period=Kỳ", "orgUnit=Mã đơn vị", "value=Giá trị",
           "comment=Ghi chú"},
          SheetImportKind::kDataValues);
  DataValueImportOptions options;
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, m, options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kSuccess) << s->ToJson().dump();
  EXPECT_EQ(s->count.imported, 2);
  EXPECT_EQ(StoredValue(*store_, "P8_TEAMS", "2024", "OuTrucBach1"), "5");
  EXPECT_EQ(StoredValue(*store_, "P8_TEAMS", "2024", "OuCongVi001"), "3");
}

TEST_F(SheetImportTest, DataValuesInTheWideLayoutWithVietnameseNotation) {
  XlsxSheet sheet;
  sheet.name = "Số liệu";
  sheet.columns = {{}, {}, {}, {}};
  sheet.header = {{.row = 0, .col = 0, .text = "Mã"},
                  {.row = 0, .col = 1, .text = "Đơn vị"},
                  {.row = 0, .col = 2, .text = "Số tổ"},
                  {.row = 0, .col = 3, .text = "Buổi sinh hoạt"}};
  sheet.rows = {{XlsxRow::Kind::kItem,
                 {XlsxCell::Text("00004"), XlsxCell::Text("Trúc Bạch"), XlsxCell::Integer(11),
                  XlsxCell::Decimal(7588.63, 2)}},
                {XlsxRow::Kind::kItem,
                 {XlsxCell::Text("00007"), XlsxCell::Text("Cống Vị"), XlsxCell::Empty(),
                  XlsxCell::Text("1.234,5")}}};
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "orgUnit=Mã").ok());
  ASSERT_TRUE(AddConstantArgument(m, "period=2024").ok());
  ASSERT_TRUE(AddValueColumnArgument(m, "Số tổ=P8_TEAMS").ok());
  ASSERT_TRUE(AddValueColumnArgument(m, "Buổi sinh hoạt=P8_SESSIONS").ok());
  const auto& r = Sheet(sheet, m, SheetImportKind::kDataValues);
  DataValueImportOptions options;
  options.notation = ValueNotation::kVietnamese;
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, r, options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kSuccess) << s->ToJson().dump();
  EXPECT_EQ(s->count.imported, 3);  // the empty cell is no value
  EXPECT_EQ(StoredValue(*store_, "P8_TEAMS", "2024", "OuTrucBach1"), "11");
  // A number cell is the number, whatever the notation; a text cell is read
  // in Vietnamese notation.
  EXPECT_EQ(StoredValue(*store_, "P8_SESSIONS", "2024", "OuTrucBach1"), "7588.63");
  EXPECT_EQ(StoredValue(*store_, "P8_SESSIONS", "2024", "OuCongVi001"), "1234.5");
}

TEST_F(SheetImportTest, DataValueConflictsNameTheirCells) {
  const auto& m =
      Csv("Mã,Số tổ,Số buổi\n"
          "00004,5,abc\n"
          "09999,3,2\n",
          {"orgUnit=Mã"}, SheetImportKind::kDataValues, {"period=2024"},
          {"Số tổ=P8_TEAMS", "Số buổi=P8_SESSIONS"});
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, m, DataValueImportOptions{});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kError);
  ASSERT_EQ(s->conflicts.size(), 3u) << s->ToJson().dump(1);
  EXPECT_EQ(s->conflicts[0].property, "value");
  EXPECT_EQ(s->conflicts[0].cell, "C2");  // the bad number
  EXPECT_EQ(s->conflicts[1].property, "orgUnit");
  EXPECT_EQ(s->conflicts[1].cell, "A3");  // the unknown unit, once per value of its row
  EXPECT_EQ(s->conflicts[2].cell, "A3");
  EXPECT_EQ(s->ToJson()["conflicts"][0]["cell"], "C2");
  EXPECT_EQ(StoredValue(*store_, "P8_TEAMS", "2024", "OuTrucBach1"), "<none>");  // atomic

  DataValueImportOptions best;
  best.best_effort = true;
  Result<ImportSummary> kept = ImportDataValuesFromSheet(*store_, m, best);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->status, ImportStatus::kWarning);
  EXPECT_EQ(StoredValue(*store_, "P8_TEAMS", "2024", "OuTrucBach1"), "5");
}

TEST_F(SheetImportTest, AConstantValueGoesOnEveryRow) {
  const auto& m = Csv("Mã\n00004\n00007\n", {"orgUnit=Mã"}, SheetImportKind::kDataValues,
                      {"dataElement=P8_HAS_CLUB", "period=2024", "value=true"});
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, m, DataValueImportOptions{});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kSuccess) << s->ToJson().dump();
  EXPECT_EQ(StoredValue(*store_, "P8_HAS_CLUB", "2024", "OuCongVi001"), "true");
}

TEST_F(SheetImportTest, WhatAValueColumnSaysIsLocatedAtTheValue) {
  // The row's period is fine; the value column's own period is not.
  const auto& m = Csv("Mã,Kỳ,Số tổ\n00004,2024,5\n", {"orgUnit=Mã", "period=Kỳ"},
                      SheetImportKind::kDataValues, {}, {"Số tổ=P8_TEAMS;period=2024Q5"});
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, m, DataValueImportOptions{});
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->conflicts.size(), 1u) << s->ToJson().dump(1);
  EXPECT_EQ(s->conflicts[0].property, "period");
  EXPECT_EQ(s->conflicts[0].cell, "C2");
}

TEST_F(SheetImportTest, ADataValueMappingNeedsItsFields) {
  const auto& m = Csv("Mã,Số\n00004,1\n", {"orgUnit=Mã", "value=Số"}, SheetImportKind::kDataValues);
  Result<ImportSummary> s = ImportDataValuesFromSheet(*store_, m, DataValueImportOptions{});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("dataElement and value"));
}

TEST_F(SheetImportTest, OrgUnitsWithVietnameseDates) {
  const auto& m =
      Csv("Mã,Tên thôn,Cấp,Mã xã,Từ ngày\n"
          "0000401,Thôn Một,village,00004,01/01/2024\n"
          "0000402,Thôn Hai,village,09999,01/01/2024\n",
          {"code=Mã", "name=Tên thôn", "level=Cấp", "parentCode=Mã xã", "validFrom=Từ ngày"},
          SheetImportKind::kOrgUnits);
  SeededRandom random(3);
  OrgUnitImportOptions options{false, false, "bang.csv"};
  Result<ImportSummary> rejected = ImportOrgUnitsFromSheet(*store_, m, options, random);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->status, ImportStatus::kError);
  ASSERT_EQ(rejected->conflicts.size(), 1u);
  EXPECT_EQ(rejected->conflicts[0].error_code, std::string(kOuParentNotFound));
  EXPECT_EQ(rejected->conflicts[0].cell, "D3");

  options.best_effort = true;
  Result<ImportSummary> kept = ImportOrgUnitsFromSheet(*store_, m, options, random);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->count.imported, 1);
  Hierarchy h;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(h, txn.LoadHierarchy());
                    return Status::Ok();
                  })
                  .ok());
  const OrgUnit* village = h.FindByCode("0000401", Day("2024-06-01"));
  ASSERT_NE(village, nullptr);
  EXPECT_EQ(village->first().name, "Thôn Một");
  EXPECT_EQ(*village->first().from, Day("2024-01-01"));
  EXPECT_EQ(h.FindByCode("0000401", Day("2023-12-31")), nullptr);
}

TEST_F(SheetImportTest, DesignationListsWithCodesRestoredToFiveDigits) {
  XlsxSheet sheet;
  sheet.name = "Xã khu vực III";
  sheet.columns = {{}, {}, {}};
  sheet.header = {{.row = 0, .col = 0, .text = "Mã xã"},
                  {.row = 0, .col = 1, .text = "Từ ngày"},
                  {.row = 0, .col = 2, .text = "Căn cứ"}};
  sheet.rows = {{XlsxRow::Kind::kItem,
                 {XlsxCell::Integer(4), XlsxCell::Text("04/06/2021"),
                  XlsxCell::Text("Quyết định 861/QĐ-TTg")}},
                {XlsxRow::Kind::kItem,
                 {XlsxCell::Integer(7), XlsxCell::Text("04/06/2021"),
                  XlsxCell::Text("Quyết định 861/QĐ-TTg")}}};
  SheetMapping m;
  ASSERT_TRUE(AddColumnArgument(m, "orgUnit=Mã xã|zeroPad=5").ok());
  ASSERT_TRUE(AddColumnArgument(m, "from=Từ ngày").ok());
  ASSERT_TRUE(AddColumnArgument(m, "legalBasis=Căn cứ").ok());
  ASSERT_TRUE(AddConstantArgument(m, "kind=region_iii_commune").ok());
  ASSERT_TRUE(AddConstantArgument(m, "to=2025-06-30").ok());
  const auto& r = Sheet(sheet, m, SheetImportKind::kDesignations);
  Result<ImportSummary> s = ImportDesignationsFromSheet(*store_, r, {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kSuccess) << s->ToJson().dump();
  EXPECT_EQ(s->count.imported, 2);
  std::vector<Designation> stored = Designations();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].kind, "region_iii_commune");
  EXPECT_EQ(*stored[0].from, Day("2021-06-04"));
  EXPECT_EQ(*stored[0].to, Day("2025-06-30"));
  EXPECT_EQ(stored[0].legal_basis, "Quyết định 861/QĐ-TTg");

  // The same sheet again changes nothing.
  Result<ImportSummary> again = ImportDesignationsFromSheet(*store_, r, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->count.imported, 0);
  EXPECT_EQ(again->count.ignored, 2);
  EXPECT_EQ(Designations().size(), 2u);
}

TEST_F(SheetImportTest, DesignationConflictsRejectTheSheetUnlessBestEffort) {
  const std::string csv =
      "Mã,Loại,Từ ngày\n"
      "00004,region_iii_commune,2021-06-04\n"
      "09999,region_iii_commune,2021-06-04\n"
      "01,region_iii_commune,2021-06-04\n"
      "00007,region_iii_commune,31/02/2021\n"
      "00007,Khu vực III,2021-06-04\n";
  const auto& m =
      Csv(csv, {"orgUnit=Mã", "kind=Loại", "from=Từ ngày"}, SheetImportKind::kDesignations);
  Result<ImportSummary> s = ImportDesignationsFromSheet(*store_, m, {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kError);
  ASSERT_EQ(s->conflicts.size(), 4u) << s->ToJson().dump(1);
  EXPECT_EQ(s->conflicts[0].error_code, std::string(kDesignationUnit));
  EXPECT_EQ(s->conflicts[0].cell, "A3");
  EXPECT_EQ(s->conflicts[1].error_code, std::string(kDesignationLevel));
  EXPECT_THAT(s->conflicts[1].message, HasSubstr("province"));
  EXPECT_EQ(s->conflicts[2].error_code, std::string(kDesignationDate));
  EXPECT_EQ(s->conflicts[2].cell, "C5");
  EXPECT_EQ(s->conflicts[3].error_code, std::string(kDesignationInvalid));
  EXPECT_EQ(s->conflicts[3].cell, "B6");
  EXPECT_TRUE(Designations().empty());

  DesignationImportOptions dry;
  dry.best_effort = true;
  dry.dry_run = true;
  Result<ImportSummary> checked = ImportDesignationsFromSheet(*store_, m, dry);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->count.imported, 1);
  EXPECT_TRUE(Designations().empty());

  DesignationImportOptions best;
  best.best_effort = true;
  Result<ImportSummary> kept = ImportDesignationsFromSheet(*store_, m, best);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->status, ImportStatus::kWarning);
  EXPECT_EQ(kept->count.imported, 1);
  EXPECT_EQ(Designations().size(), 1u);
}

TEST_F(SheetImportTest, AnOverlappingIntervalIsAConflict) {
  const auto& first =
      Csv("Mã,Từ,Đến\n00004,2021-06-04,2025-06-30\n", {"orgUnit=Mã", "from=Từ", "to=Đến"},
          SheetImportKind::kDesignations, {"kind=region_iii_commune"});
  ASSERT_EQ(ImportDesignationsFromSheet(*store_, first, {})->status, ImportStatus::kSuccess);
  const auto& overlap = Csv("Mã,Từ,Đến\n00004,2024-01-01,\n", {"orgUnit=Mã", "from=Từ", "to=Đến"},
                            SheetImportKind::kDesignations, {"kind=region_iii_commune"});
  Result<ImportSummary> s = ImportDesignationsFromSheet(*store_, overlap, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, ImportStatus::kError);
  ASSERT_EQ(s->conflicts.size(), 1u);
  EXPECT_EQ(s->conflicts[0].error_code, std::string(kDesignationOverlap));
  EXPECT_EQ(s->conflicts[0].cell, "B2");
  EXPECT_EQ(s->count.ignored, 1);  // every row is counted once
  EXPECT_EQ(Designations().size(), 1u);
}

class SheetTargetImportTest : public SheetImportTest {
 protected:
  void SetUp() override {
    SheetImportTest::SetUp();
    // A plan of Hà Nội for 2024 with one target in its text.
    const std::string plan = R"({"format": "gemis-plans/1", "plans": [{
      "code": "HN-TEST-2024", "title": "Kế hoạch thử", "issuer": {"orgUnit": "01"},
      "date": "2024-03-20", "period": "2024",
      "targets": [{"measure": "P8_TEAMS", "orgUnit": "01", "value": "10"}]}]})";
    Status imported = store_->Write([&](store::WriteTransaction& txn) -> Status {
      PlanImportOptions options;
      options.today = Day("2024-06-01");
      GEMIS_ASSIGN_OR_RETURN(PlanImportResult r, ImportPlanJson(txn, plan, "plan.json", options));
      if (r.summary.status != ImportStatus::kSuccess) {
        return Status::Internal(r.summary.ToJson().dump());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(imported.ok()) << imported.ToString();
  }

  std::vector<Target> Targets() {
    std::vector<Target> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(PlanBook book, txn.LoadPlanBook());
                      const Plan* plan = book.FindPlan("HN-TEST-2024");
                      for (const Target* t : book.TargetsOf(plan->id)) out.push_back(*t);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  // Header rows 1-2; a row without STT (a subtotal) is skipped.
  const ResolvedSheetMapping& Appendix(const std::string& text) {
    SheetMapping mapping;
    mapping.header_rows = {1, 2};
    mapping.skip_rows_without = "stt";
    for (const char* a : {"stt=STT", "unitName=Đơn vị", "orgUnit=Mã"}) {
      EXPECT_TRUE(AddColumnArgument(mapping, a).ok());
    }
    EXPECT_TRUE(AddValueColumnArgument(mapping,
                                       "Tổ truyền thông / Cấp tỉnh=P8_TEAMS;level=province;"
                                       "unitLabel=tổ")
                    .ok());
    EXPECT_TRUE(AddValueColumnArgument(mapping, "Cấp xã=P8_TEAMS;level=commune").ok());
    Result<SheetTable> table = SheetTable::FromCsv(text, "phu-luc.csv");
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    return Resolve(std::move(table).value(), std::move(mapping), SheetImportKind::kTargets);
  }
};

TEST_F(SheetTargetImportTest, ATableOfUnitsAndMeasuresBecomesTargets) {
  const auto& r = Appendix(
      "STT,Đơn vị,Mã,Tổ truyền thông (tổ),\n"
      ",,,Cấp tỉnh,Cấp xã\n"
      ",Cộng,,9,9\n"
      "1,Trúc Bạch,,2,3\n"
      "2,,00007,4,\n");
  TargetSheetOptions options;
  options.plan = "HN-TEST-2024";
  options.table = "Phụ lục";
  options.today = Day("2024-06-01");
  Result<PlanImportResult> s = ImportTargetsFromSheet(*store_, r, options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->summary.status, ImportStatus::kSuccess) << s->summary.ToJson().dump(1);
  EXPECT_EQ(s->counts.targets, 3);
  std::vector<Target> targets = Targets();
  ASSERT_EQ(targets.size(), 4u);  // the plan's own target is kept
  int from_table = 0;
  for (const Target& t : targets) {
    if (t.table != "Phụ lục") continue;
    ++from_table;
    EXPECT_THAT(t.source.section, HasSubstr("Phụ lục, dòng"));
  }
  EXPECT_EQ(from_table, 3);

  // The table again, changed: its targets are replaced, the rest kept.
  const auto& changed = Appendix(
      "STT,Đơn vị,Mã,Tổ truyền thông (tổ),\n"
      ",,,Cấp tỉnh,Cấp xã\n"
      "1,Trúc Bạch,,5,\n");
  Result<PlanImportResult> again = ImportTargetsFromSheet(*store_, changed, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->summary.count.deleted, 3);
  EXPECT_EQ(again->summary.count.imported, 1);
  EXPECT_EQ(Targets().size(), 2u);
}

TEST_F(SheetTargetImportTest, ErrorsNameTheirCellsAndWriteNothing) {
  SheetMapping mapping;
  mapping.header_rows = {1, 2};
  ASSERT_TRUE(AddColumnArgument(mapping, "unitName=Đơn vị").ok());
  ASSERT_TRUE(AddValueColumnArgument(mapping, "Cấp tỉnh=P8_TEAMS;level=province").ok());
  ASSERT_TRUE(AddValueColumnArgument(mapping, "Cấp xã=P8_NOTHING").ok());
  const auto& r = Resolve(*SheetTable::FromCsv("Đơn vị,Tổ,\n"
                                               ",Cấp tỉnh,Cấp xã\n"
                                               "Trúc Bạch,-1,\n"
                                               "Hoàn Kiếm,2,\n",
                                               "phu-luc.csv"),
                          mapping, SheetImportKind::kTargets);
  TargetSheetOptions options;
  options.plan = "HN-TEST-2024";
  options.today = Day("2024-06-01");
  Result<PlanImportResult> s = ImportTargetsFromSheet(*store_, r, options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->summary.status, ImportStatus::kError);
  std::map<std::string, std::string> by_cell;
  for (const ImportConflict& c : s->summary.conflicts) by_cell[c.cell] = c.error_code;
  EXPECT_EQ(by_cell["A4"], std::string(kPlanReference))
      << s->summary.ToJson().dump(1);                     // Hoàn Kiếm
  EXPECT_EQ(by_cell["B3"], std::string(kPlanValue));      // -1
  EXPECT_EQ(by_cell["C2"], std::string(kPlanReference));  // unknown measure, at its header
  EXPECT_EQ(s->summary.count.ignored, 2);  // both data rows, the unnamed one too
  EXPECT_EQ(Targets().size(), 1u);

  options.plan = "HN-NONE";
  EXPECT_EQ(ImportTargetsFromSheet(*store_, r, options).status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace gemis::exchange
