// Importing plan files (docs/formats/plans-json.md) into a real SQLite store.
#include "exchange/plan_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/uid.h"
#include "exchange/metadata_import.h"
#include "store/sqlite_store.h"
#include "support/hierarchy_fixtures.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using fixtures::Day;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kFixtures = std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/plans/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Ids of the units below.
constexpr OrgUnitId kVietNam = 1, kCaoBang = 2, kQuangHoa = 3, kHaLang = 4, kPhucHoa = 5,
                    kHaNoi = 6, kBaDinh = 7, kQuangUyen = 8;

// Việt Nam → Cao Bằng "04" → Quảng Hoà "049" (→ commune Quảng Uyên "01600"),
// Hạ Lang "045", Phục Hoà "050" (closed on 1/1/2020); Hà Nội "01" → Ba Đình "001".
Status InstallUnits(store::WriteTransaction& txn) {
  using fixtures::Unit;
  using fixtures::Version;
  using L = OrgUnitLevel;
  fixtures::HierarchyParts parts;
  parts.units = {
      Unit(kVietNam, {Version(L::kCentre, "VN", "Việt Nam", std::nullopt)}),
      Unit(kCaoBang, {Version(L::kProvince, "04", "Cao Bằng", kVietNam)}),
      Unit(kQuangHoa, {Version(L::kDistrict, "049", "Quảng Hoà", kCaoBang)}),
      Unit(kHaLang, {Version(L::kDistrict, "045", "Hạ Lang", kCaoBang)}),
      Unit(kPhucHoa, {Version(L::kDistrict, "050", "Phục Hoà", kCaoBang, {}, Day("2019-12-31"))}),
      Unit(kHaNoi, {Version(L::kProvince, "01", "Hà Nội", kVietNam)}),
      Unit(kBaDinh, {Version(L::kDistrict, "001", "Ba Đình", kHaNoi)}),
      Unit(kQuangUyen, {Version(L::kCommune, "01600", "Quảng Uyên", kQuangHoa)}),
  };
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, parts.Build());
  std::vector<const OrgUnit*> units;
  for (const OrgUnit& unit : h.units()) units.push_back(&unit);
  return txn.SaveOrgUnits(units);
}

DataElement Element(const std::string& code, ValueType type) {
  DataElement e;
  e.uid = UidFromKey("data_element/" + code);
  e.code = code;
  e.name = code;
  e.value_type = type;
  return e;
}

Indicator MakeIndicator(const std::string& code, std::optional<Decimal> max) {
  Indicator i;
  i.uid = UidFromKey("indicator/" + code);
  i.code = code;
  i.name = code;
  i.numerator = "#{P8_TTCD_TO}";
  i.denominator = "1";
  i.max_value = max;
  return i;
}

// P8_TTCD_TO (INTEGER), P8_PCT (PERCENTAGE), indicators P8_IND (max 100)
// and P8_RATIO (no maximum).
Status InstallMeasures(store::WriteTransaction& txn) {
  GEMIS_RETURN_IF_ERROR(InstallBuiltinMetadata(txn, GEMIS_DATA_DIR));
  GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(Element("P8_TTCD_TO", ValueType::kInteger)).status());
  GEMIS_RETURN_IF_ERROR(txn.SaveDataElement(Element("P8_PCT", ValueType::kPercentage)).status());
  GEMIS_RETURN_IF_ERROR(txn.SaveIndicator(MakeIndicator("P8_IND", Decimal::FromInt(100))).status());
  return txn.SaveIndicator(MakeIndicator("P8_RATIO", std::nullopt)).status();
}

class PlanImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::OpenSqliteStore(dir_.File("plans.db"))).value();
    Status built = store_->Write([](store::WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(InstallUnits(txn));
      return InstallMeasures(txn);
    });
    ASSERT_TRUE(built.ok()) << built.ToString();
  }

  // Imports `text` with the fixture unit table (unless `with_units` is
  // false) and commits whatever the importer did, even on a rejection: the
  // tests then show that the importer itself wrote nothing.
  PlanImportResult Import(const std::string& text, bool dry_run = false, bool with_units = true) {
    PlanImportResult result;
    Status status = store_->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
      GEMIS_ASSIGN_OR_RETURN(UnitTable units,
                             UnitTable::LoadFile(kFixtures + "units.csv", hierarchy));
      PlanImportOptions options;
      options.units = with_units ? &units : nullptr;
      options.dry_run = dry_run;
      options.today = Day("2024-06-01");
      options.hierarchy = &hierarchy;
      GEMIS_ASSIGN_OR_RETURN(result, ImportPlanJson(txn, text, "plans.json", options));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return result;
  }

  PlanImportResult ImportFixture(const std::string& name, bool dry_run = false) {
    Result<PlanImportResult> result = ImportPlanFileIntoStore(
        *store_, kFixtures + name, kFixtures + "units.csv", dry_run, Day("2024-06-01"));
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : PlanImportResult{};
  }

  PlanBook Book() {
    PlanBook book;
    Status status = store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(book, txn.LoadPlanBook());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return book;
  }

  bool NothingWritten() {
    PlanBook book = Book();
    const PlanBookData& data = book.data();
    return data.agencies.empty() && data.program_nodes.empty() && data.norms.empty() &&
           data.plans.empty() && data.targets.empty() && data.budget_lines.empty() &&
           data.place_counts.empty() && data.areas.empty() && data.deadlines.empty() &&
           data.source_notes.empty();
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

// The conflict at `field`, or nullptr.
const ImportConflict* ConflictAt(const PlanImportResult& result, const std::string& field) {
  for (const ImportConflict& c : result.summary.conflicts) {
    if (c.property == field) return &c;
  }
  return nullptr;
}

std::string ErrorsOf(const PlanImportResult& result) {
  std::string out;
  for (const ImportConflict& c : result.summary.conflicts) out += c.message + "\n";
  return out;
}

// ------------------------------------------------------ a complete file

TEST_F(PlanImportTest, ImportsEverySectionOfACompleteFile) {
  PlanImportResult result = ImportFixture("full.json");
  ASSERT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  EXPECT_EQ(result.counts.agencies, 4);
  EXPECT_EQ(result.counts.program_nodes, 4);
  EXPECT_EQ(result.counts.norms, 1);
  EXPECT_EQ(result.counts.plans, 2);
  EXPECT_EQ(result.counts.citations, 2);
  EXPECT_EQ(result.counts.assignments, 2);
  EXPECT_EQ(result.counts.targets, 7);  // 4 stated in the text, 3 table cells
  EXPECT_EQ(result.counts.budget_lines, 3);
  EXPECT_EQ(result.counts.place_counts, 3);  // 1 stated, 2 table cells
  EXPECT_EQ(result.counts.areas, 2);
  EXPECT_EQ(result.counts.deadlines, 1);
  EXPECT_EQ(result.counts.notes, 1);
  EXPECT_EQ(result.summary.count.imported, 32);
  EXPECT_EQ(result.summary.count.updated, 0);
  EXPECT_FALSE(result.summary.dry_run);
  json out = result.ToJson();
  EXPECT_EQ(out["status"], "SUCCESS");
  EXPECT_EQ(out["counts"]["targets"], 7);
  EXPECT_EQ(out["counts"]["programmeNodes"], 4);
  EXPECT_EQ(out["counts"]["placeCounts"], 3);
  EXPECT_EQ(out["counts"]["areas"], 2);
}

TEST_F(PlanImportTest, AgenciesRoundTrip) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  ASSERT_EQ(book.data().agencies.size(), 4u);
  const Agency* union_ = book.FindAgency("CB-HLHPN");
  ASSERT_NE(union_, nullptr);
  EXPECT_EQ(union_->kind, AgencyKind::kWomensUnion);
  EXPECT_EQ(union_->org_unit, kCaoBang);
  ASSERT_EQ(union_->names.size(), 1u);
  EXPECT_EQ(union_->names[0].name, "Hội Liên hiệp Phụ nữ tỉnh Cao Bằng");
  EXPECT_EQ(union_->names[0].short_name, "Hội LHPN tỉnh");
  EXPECT_FALSE(union_->names[0].from.has_value());
  // The successor is defined further down the file.
  ASSERT_EQ(union_->successors.size(), 1u);
  EXPECT_EQ(union_->successors[0].successor_code, "CB-HLHPN-2025");
  EXPECT_EQ(union_->successors[0].kind, AgencySuccession::kRenamed);
  EXPECT_EQ(union_->successors[0].date, Day("2025-07-01"));
  EXPECT_EQ(union_->successors[0].note, "tên mới sau sắp xếp");
  // `unit` through the unit table.
  EXPECT_EQ(book.FindAgency("CB-SLDTBXH")->org_unit, kCaoBang);
  EXPECT_EQ(book.FindAgency("CB-SLDTBXH")->kind, AgencyKind::kDepartment);
  const Agency* renamed = book.FindAgency("CB-HLHPN-2025");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(renamed->from, Day("2025-07-01"));
  EXPECT_EQ(renamed->org_unit, 0);
}

TEST_F(PlanImportTest, ProgrammeAndNormsRoundTrip) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  const ProgramNode* root = book.FindProgramNode("CT1719");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, ProgramNodeKind::kProgramme);
  EXPECT_EQ(root->period.ToString(), "2021-2030");
  EXPECT_EQ(root->legal_basis, "Quyết định 1719/QĐ-TTg ngày 14/10/2021");
  EXPECT_EQ(root->source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  const ProgramNode* activity = book.FindProgramNode("CT1719.DA8.ND1.1");
  ASSERT_NE(activity, nullptr);
  EXPECT_EQ(activity->parent_code, "CT1719.DA8.ND1");
  EXPECT_EQ(activity->kind, ProgramNodeKind::kActivity);
  EXPECT_EQ(activity->number, "1.1");
  EXPECT_EQ(activity->source.section, "II.1");
  EXPECT_EQ(book.FindProgramNode("CT1719.DA8")->name_en, "Project 8");
  const SpendingNorm* norm = book.FindNorm("TT55-DCTC-THIETBI");
  ASSERT_NE(norm, nullptr);
  EXPECT_EQ(norm->max_per_unit, 15000000);
  EXPECT_EQ(norm->per, "mô hình");
  EXPECT_EQ(norm->legal_basis, "Thông tư 55/2023/TT-BTC");
}

TEST_F(PlanImportTest, PlansWithCitationsAndAssignmentsRoundTrip) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  const Plan* plan = book.FindPlan("CB-288-2024");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->number, "288/KH-BCĐ");
  EXPECT_EQ(plan->title, "Kế hoạch thực hiện Dự án 8 năm 2024");
  EXPECT_EQ(plan->issuer_unit, kCaoBang);
  EXPECT_EQ(plan->issuer_agency_code, "CB-BCD-DA8");
  EXPECT_EQ(plan->signer, "Nông Thị Tuyết");
  EXPECT_EQ(plan->signer_title, "Chủ tịch Hội LHPN tỉnh");
  EXPECT_EQ(plan->place, "Cao Bằng");
  EXPECT_EQ(plan->date, Day("2024-03-20"));
  EXPECT_EQ(plan->period.ToString(), "2024");
  EXPECT_EQ(plan->period_text, "năm 2024");
  EXPECT_EQ(plan->status, PlanStatus::kIssued);
  EXPECT_EQ(plan->program_node_code, "CT1719.DA8");
  EXPECT_EQ(plan->source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  EXPECT_EQ(plan->source.section, "tiêu đề");
  ASSERT_EQ(plan->citations.size(), 2u);
  // Cites a plan defined further down the file.
  EXPECT_EQ(plan->citations[0].plan_code, "CB-75-2022");
  EXPECT_EQ(plan->citations[0].relation, "thực hiện");
  EXPECT_EQ(plan->citations[0].document_kind, "kế hoạch");
  EXPECT_EQ(plan->citations[0].number, "75/KH-BTV");
  EXPECT_EQ(plan->citations[0].issuer, "Ban Thường vụ Hội LHPN tỉnh Cao Bằng");
  EXPECT_EQ(plan->citations[0].date, Day("2022-09-13"));
  EXPECT_EQ(plan->citations[1].plan_code, "");
  EXPECT_EQ(plan->citations[1].source.document, "seeds/000_33dec31c6037be31.txt");
  ASSERT_EQ(plan->assignments.size(), 2u);
  EXPECT_EQ(plan->assignments[0].program_node_code, "CT1719.DA8.ND1");
  EXPECT_EQ(plan->assignments[0].agency_code, "CB-HLHPN");
  EXPECT_EQ(plan->assignments[0].role, AssignmentRole::kLead);
  EXPECT_EQ(plan->assignments[0].schedule, "Định kỳ hằng năm");
  EXPECT_EQ(plan->assignments[1].role, AssignmentRole::kCooperating);
  EXPECT_EQ(plan->assignments[1].window.ToString(), "2024-04..2024-12");
  EXPECT_EQ(plan->assignments[1].task, "phối hợp triển khai");
  const Plan* older = book.FindPlan("CB-75-2022");
  ASSERT_NE(older, nullptr);
  EXPECT_EQ(older->status, PlanStatus::kDraft);
  EXPECT_EQ(older->period.ToString(), "2022-2025");
}

TEST_F(PlanImportTest, TargetsTakeTheirDefaultsFromTheMeasure) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  std::vector<const Target*> targets = book.TargetsOf(book.FindPlan("CB-288-2024")->id);
  ASSERT_EQ(targets.size(), 7u);
  const Target& teams = *targets[0];
  EXPECT_EQ(teams.measure.kind, MeasureKind::kDataElement);
  EXPECT_EQ(teams.measure.code, "P8_TTCD_TO");
  EXPECT_EQ(teams.org_unit, kCaoBang);
  EXPECT_EQ(teams.level, ImplementingLevel::kAll);
  EXPECT_TRUE(teams.period.empty());
  EXPECT_EQ(teams.window.ToString(), "2022-2024");
  EXPECT_EQ(teams.value.ToString(), "57");
  EXPECT_EQ(teams.unit, TargetUnit::kCount);
  EXPECT_EQ(teams.unit_label, "tổ");
  EXPECT_EQ(teams.direction, TargetDirection::kAtLeast);
  EXPECT_EQ(teams.rule, AllocationRule::kEqual);
  EXPECT_EQ(teams.status, TargetStatus::kActive);
  EXPECT_EQ(teams.program_node_code, "CT1719.DA8.ND1.1");
  EXPECT_EQ(teams.table, "");
  EXPECT_EQ(teams.ordinal, 0);
  EXPECT_EQ(teams.source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  EXPECT_EQ(teams.source.section, "II.1");
  EXPECT_EQ(teams.source.text, "thành lập 57 tổ truyền thông cộng đồng");
  // An indicator: percent, rule free.
  const Target& share = *targets[1];
  EXPECT_EQ(share.measure.kind, MeasureKind::kIndicator);
  EXPECT_EQ(share.value.ToString(), "15.5");
  EXPECT_EQ(share.unit, TargetUnit::kPercent);
  EXPECT_EQ(share.rule, AllocationRule::kFree);
  // A unit-table reference in a target is `unitRef`.
  const Target& district = *targets[2];
  EXPECT_EQ(district.org_unit, kQuangHoa);
  EXPECT_EQ(district.level, ImplementingLevel::kDistrict);
  EXPECT_EQ(district.status, TargetStatus::kSuspended);
  EXPECT_EQ(district.status_note, "tạm dừng chờ hướng dẫn");
  // A unit closed before the plan's date, inside the issuer on its table date.
  const Target& closed = *targets[3];
  EXPECT_EQ(closed.org_unit, kPhucHoa);
  EXPECT_EQ(closed.direction, TargetDirection::kAtMost);
  EXPECT_EQ(closed.rule, AllocationRule::kAtMost);
}

TEST_F(PlanImportTest, TablesExpandIntoTargetsAndPlaceCounts) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  PlanId plan = book.FindPlan("CB-288-2024")->id;
  std::vector<const Target*> targets = book.TargetsOf(plan);
  ASSERT_EQ(targets.size(), 7u);
  // Row 0 ("all" overrides the column's province level), column 1.
  const Target& total = *targets[4];
  EXPECT_EQ(total.table, "Phụ lục I");
  EXPECT_EQ(total.ordinal, 1001);
  EXPECT_EQ(total.org_unit, kCaoBang);
  EXPECT_EQ(total.level, ImplementingLevel::kAll);
  EXPECT_EQ(total.value.ToString(), "57");
  EXPECT_EQ(total.unit_label, "tổ");
  EXPECT_EQ(total.source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  EXPECT_EQ(total.source.section, "Phụ lục I, dòng Chỉ tiêu thực hiện 2024, cột 2, dòng tệp 212");
  EXPECT_EQ(total.source.text, "57");
  // Row 1, a unit-table reference, the column's level.
  const Target& district = *targets[5];
  EXPECT_EQ(district.ordinal, 2001);
  EXPECT_EQ(district.org_unit, kQuangHoa);
  EXPECT_EQ(district.level, ImplementingLevel::kProvince);
  EXPECT_EQ(district.source.section, "Phụ lục I, dòng Quảng Hoà, cột 2, dòng tệp 214");
  // Row 2, an agency's share.
  const Target& agency = *targets[6];
  EXPECT_EQ(agency.ordinal, 3001);
  EXPECT_EQ(agency.agency_code, "CB-SLDTBXH");
  EXPECT_EQ(agency.value.ToString(), "7");
  std::vector<const PlaceCount*> counts = book.PlaceCountsOf(plan);
  ASSERT_EQ(counts.size(), 3u);
  int in_table = 0;
  for (const PlaceCount* c : counts) {
    if (c->table.empty()) {
      EXPECT_EQ(c->org_unit, kQuangHoa);
      EXPECT_EQ(c->kind, "villages");
      EXPECT_EQ(c->count, 8);
      EXPECT_EQ(c->out_of, 10);
      continue;
    }
    ++in_table;
    EXPECT_EQ(c->table, "Phụ lục I");
    EXPECT_EQ(c->kind, "region_iii_communes");
    if (c->ordinal == 1000) {
      EXPECT_EQ(c->count, 124);
      EXPECT_EQ(c->org_unit, kCaoBang);
      EXPECT_EQ(c->source.section, "Phụ lục I, dòng Chỉ tiêu thực hiện 2024, cột 1, dòng tệp 212");
    } else {
      EXPECT_EQ(c->ordinal, 2000);
      EXPECT_EQ(c->count, 14);
      EXPECT_EQ(c->org_unit, kQuangHoa);
    }
  }
  EXPECT_EQ(in_table, 2);
}

TEST_F(PlanImportTest, BudgetDeadlinesAndNotesRoundTrip) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  PlanId plan = book.FindPlan("CB-288-2024")->id;
  std::vector<const BudgetLine*> budget = book.BudgetOf(plan);
  ASSERT_EQ(budget.size(), 3u);
  std::map<std::string, const BudgetLine*> by_key;
  for (const BudgetLine* line : budget) by_key[line->key] = line;
  const BudgetLine& total = *by_key.at("tinh-2024");
  EXPECT_EQ(total.kind, BudgetKind::kAvailable);
  EXPECT_EQ(total.amount, 22991000000);
  EXPECT_EQ(total.level, ImplementingLevel::kProvince);
  EXPECT_EQ(total.period.ToString(), "2024");
  const BudgetLine& allocated = *by_key.at("tinh-cap-2024");
  EXPECT_EQ(allocated.parent_key, "tinh-2024");
  EXPECT_EQ(allocated.funding, FundingSource::kCentral);
  EXPECT_EQ(allocated.amount, 16035756260);
  EXPECT_EQ(allocated.label, "Số kinh phí cấp năm 2024");
  const BudgetLine& carried = *by_key.at("tinh-chuyen-2024");
  EXPECT_EQ(carried.kind, BudgetKind::kCarriedOver);
  EXPECT_EQ(carried.carried_from.ToString(), "2022-2023");
  EXPECT_EQ(carried.program_node_code, "CT1719.DA8.ND1.1");
  EXPECT_EQ(carried.norm_code, "TT55-DCTC-THIETBI");
  EXPECT_EQ(carried.norm_quantity, 3);
  EXPECT_EQ(carried.source.text, "chuyển nguồn");
  std::vector<const ReportingDeadline*> deadlines = book.DeadlinesOf(plan);
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(deadlines[0]->report, "báo cáo 6 tháng");
  EXPECT_EQ(deadlines[0]->frequency, "six_monthly");
  EXPECT_EQ(deadlines[0]->due_day, 10);
  EXPECT_EQ(deadlines[0]->due_month, 6);
  EXPECT_EQ(deadlines[0]->submitted_to, "CB-HLHPN");
  EXPECT_EQ(deadlines[0]->text, "trước ngày 10 tháng 6");
  std::vector<const SourceNote*> notes = book.SourceNotesOf(plan);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]->kind, "layout");
  EXPECT_EQ(notes[0]->message, "cột 5 của Phụ lục I lệch tiêu đề");
}

// A plan's `areas`: units named without a figure, in the plan's order, each
// with its kind and source.
TEST_F(PlanImportTest, AreasRoundTripInThePlansOrder) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanBook book = Book();
  std::vector<const PlanArea*> areas = book.AreasOf(book.FindPlan("CB-288-2024")->id);
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas[0]->org_unit, kQuangHoa);
  EXPECT_EQ(areas[0]->kind, "scope");
  EXPECT_EQ(areas[0]->ordinal, 0);
  EXPECT_EQ(areas[0]->source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  EXPECT_EQ(areas[0]->source.section, "II.3");
  EXPECT_EQ(areas[0]->source.text, "huyện Quảng Hoà");
  EXPECT_EQ(areas[1]->org_unit, kQuangUyen);
  EXPECT_EQ(areas[1]->kind, "dbkk_villages");
  EXPECT_EQ(areas[1]->ordinal, 1);
  EXPECT_EQ(areas[1]->source.document, "seeds/001_70fee0a5d4efb6fc.txt");
  EXPECT_TRUE(book.AreasOf(book.FindPlan("CB-75-2022")->id).empty());
}

TEST_F(PlanImportTest, ReimportingAPlanReplacesIt) {
  ASSERT_EQ(ImportFixture("full.json").summary.status, ImportStatus::kSuccess);
  PlanId first_id = Book().FindPlan("CB-288-2024")->id;
  json doc = json::parse(Slurp(kFixtures + "full.json"));
  json& plan = doc["plans"][0];
  plan["title"] = "Kế hoạch (sửa đổi)";
  plan["targets"] = json::array({plan["targets"][0]});
  plan.erase("tables");
  plan.erase("budget");
  plan.erase("citations");
  PlanImportResult again = Import(doc.dump());
  ASSERT_EQ(again.summary.status, ImportStatus::kSuccess) << ErrorsOf(again);
  // Agencies, nodes, the norm and both plans were stored.
  EXPECT_EQ(again.summary.count.updated, 4 + 4 + 1 + 2);
  // The old contents of both plans: 7 targets, 3 lines, 3 counts, 2 areas, 1 deadline,
  // 1 note.
  EXPECT_EQ(again.summary.count.deleted, 17);
  PlanBook book = Book();
  ASSERT_EQ(book.plans().size(), 2u);
  const Plan* replaced = book.FindPlan("CB-288-2024");
  EXPECT_EQ(replaced->id, first_id);
  EXPECT_EQ(replaced->title, "Kế hoạch (sửa đổi)");
  EXPECT_TRUE(replaced->citations.empty());
  EXPECT_EQ(book.TargetsOf(first_id).size(), 1u);
  EXPECT_TRUE(book.BudgetOf(first_id).empty());
  EXPECT_EQ(book.PlaceCountsOf(first_id).size(), 1u);
  EXPECT_EQ(book.AreasOf(first_id).size(), 2u);  // replaced by the same two
  EXPECT_EQ(book.data().areas.size(), 2u);
  EXPECT_EQ(book.data().agencies.size(), 4u);
}

TEST_F(PlanImportTest, DryRunChecksEverythingAndWritesNothing) {
  PlanImportResult result = ImportFixture("full.json", /*dry_run=*/true);
  EXPECT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  EXPECT_TRUE(result.summary.dry_run);
  EXPECT_EQ(result.counts.targets, 7);
  EXPECT_TRUE(NothingWritten());
  // The importer itself writes nothing on a dry run, whatever the caller commits.
  result = Import(Slurp(kFixtures + "full.json"), /*dry_run=*/true);
  EXPECT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, TextIsStoredInNfc) {
  json doc = json::parse(R"({"agencies": [{"code": "CB-HLHPN", "kind": "womens_union",
      "names": [{"name": "Ho\u0323\u0302i Lie\u0302n hie\u0323\u0302p Phu\u0323 nu\u031b\u0303"}]}]})");
  PlanImportResult result = Import(doc.dump());
  ASSERT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  EXPECT_EQ(Book().FindAgency("CB-HLHPN")->names[0].name, "Hội Liên hiệp Phụ nữ");
}

TEST_F(PlanImportTest, AnIndicatorWithoutMaximumTakesAnyNonNegativeValue) {
  json doc = json::parse(R"({"plans": [{"code": "CB-1-2024", "issuer": {"orgUnit": "04"},
      "period": "2024", "targets": [{"measure": "P8_RATIO", "orgUnit": "04", "value": "250"},
                                    {"measure": "P8_PCT", "orgUnit": "049", "value": "100"}]}]})");
  PlanImportResult result = Import(doc.dump());
  ASSERT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  PlanBook book = Book();
  std::vector<const Target*> targets = book.TargetsOf(book.FindPlan("CB-1-2024")->id);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0]->value.ToString(), "250");
  EXPECT_EQ(targets[1]->unit, TargetUnit::kPercent);  // a PERCENTAGE data element
  EXPECT_EQ(targets[1]->org_unit, kQuangHoa);
}

TEST_F(PlanImportTest, APlanWithoutDateIsReadAtTheStartOfItsPeriod) {
  // Phục Hoà "050" existed until 2019: a 2019 plan without a date resolves it.
  json doc = json::parse(R"({"plans": [{"code": "CB-2019", "issuer": {"orgUnit": "04"},
      "period": "2019-2020", "targets": [{"measure": "P8_TTCD_TO", "orgUnit": "050",
      "value": "2"}]}]})");
  PlanImportResult result = Import(doc.dump());
  ASSERT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  PlanBook book = Book();
  EXPECT_EQ(book.TargetsOf(book.FindPlan("CB-2019")->id)[0]->org_unit, kPhucHoa);
}

// ----------------------------------------------------------- rejections

TEST_F(PlanImportTest, ASyntaxErrorNamesItsLineAndColumn) {
  PlanImportResult result = ImportFixture("reject_syntax.json");
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  ASSERT_EQ(result.summary.conflicts.size(), 1u);
  const ImportConflict& c = result.summary.conflicts[0];
  EXPECT_EQ(c.error_code, kPlanFormat);
  EXPECT_EQ(c.property, "file");
  EXPECT_EQ(c.line, 4);
  EXPECT_THAT(c.message, HasSubstr("reject_syntax.json:4:44"));
  EXPECT_THAT(c.message, HasSubstr("invalid JSON"));
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, AnErrorNamesTheLineAndColumnOfTheValue) {
  PlanImportResult result = ImportFixture("reject_outside.json");
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  ASSERT_EQ(result.summary.conflicts.size(), 1u) << ErrorsOf(result);
  const ImportConflict& c = result.summary.conflicts[0];
  EXPECT_EQ(c.property, "/plans/0/targets/1/orgUnit");
  EXPECT_EQ(c.error_code, kPlanOutside);
  EXPECT_EQ(c.line, 11);
  EXPECT_THAT(c.message, HasSubstr("reject_outside.json:11:21 field '/plans/0/targets/1/orgUnit'"));
  EXPECT_THAT(c.message, HasSubstr("allocation to a unit outside the plan's issuing unit"));
  EXPECT_EQ(result.summary.count.imported, 0);
  EXPECT_EQ(result.summary.count.ignored, 3);  // the plan and its two targets
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, IllFormedUtf8IsASyntaxErrorWithItsPosition) {
  PlanImportResult result = Import("{\"source\": \"ab\xC3\x28\"}");
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  ASSERT_EQ(result.summary.conflicts.size(), 1u);
  EXPECT_EQ(result.summary.conflicts[0].line, 1);
  EXPECT_THAT(result.summary.conflicts[0].message, StartsWith("plans.json:1:"));
}

TEST_F(PlanImportTest, ADuplicateKeyIsRejected) {
  PlanImportResult result = Import("{\"plans\": [],\n \"plans\": []}");
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  ASSERT_EQ(result.summary.conflicts.size(), 1u);
  EXPECT_EQ(result.summary.conflicts[0].property, "/plans");
  EXPECT_EQ(result.summary.conflicts[0].line, 2);
  EXPECT_THAT(result.summary.conflicts[0].message, HasSubstr("duplicate key"));
}

TEST_F(PlanImportTest, AUnitReferenceNeedsAUnitTable) {
  json doc = json::parse(R"({"plans": [{"code": "CB-1-2024", "issuer": {"unit": "Cao Bằng"},
      "period": "2024"}]})");
  PlanImportResult result = Import(doc.dump(), false, /*with_units=*/false);
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  const ImportConflict* c = ConflictAt(result, "/plans/0/issuer/unit");
  ASSERT_NE(c, nullptr) << ErrorsOf(result);
  EXPECT_THAT(c->message, HasSubstr("needs a unit table"));
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, AnUnusableUnitTableIsOneConflict) {
  std::ofstream(dir_.File("bad_units.csv")) << "ref,level,code,as_of\nX,province,99,2024-01-01\n";
  Result<PlanImportResult> result = ImportPlanFileIntoStore(
      *store_, kFixtures + "full.json", dir_.File("bad_units.csv"), false, Day("2024-06-01"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->summary.status, ImportStatus::kError);
  ASSERT_EQ(result->summary.conflicts.size(), 1u);
  EXPECT_EQ(result->summary.conflicts[0].error_code, kPlanUnitTable);
  EXPECT_EQ(result->summary.conflicts[0].property, "code");
  EXPECT_EQ(result->summary.conflicts[0].line, 2);
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, ParentsMustComeBeforeTheirChildren) {
  json doc = json::parse(R"({"programme": [
      {"code": "A.1", "parent": "A", "kind": "project", "name": "Dự án 1"},
      {"code": "A", "kind": "programme", "name": "Chương trình"}]})");
  PlanImportResult result = Import(doc.dump());
  const ImportConflict* c = ConflictAt(result, "/programme/0/parent");
  ASSERT_NE(c, nullptr) << ErrorsOf(result);
  EXPECT_THAT(c->message, HasSubstr("comes after its child"));
  EXPECT_TRUE(NothingWritten());
}

TEST_F(PlanImportTest, EveryErrorOfTheFileIsReported) {
  json doc = json::parse(R"({"plans": [{"code": "CB-1-2024", "issuer": {"orgUnit": "04"},
      "period": "2024", "targets": [{"measure": "NOPE", "orgUnit": "04", "value": "1"},
                                    {"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "-1"}]}]})");
  PlanImportResult result = Import(doc.dump());
  EXPECT_EQ(result.summary.conflicts.size(), 2u) << ErrorsOf(result);
  EXPECT_NE(ConflictAt(result, "/plans/0/targets/0/measure"), nullptr);
  EXPECT_NE(ConflictAt(result, "/plans/0/targets/1/value"), nullptr);
  EXPECT_THAT(result.ToJson()["description"].get<std::string>(), HasSubstr("nothing was written"));
}

// A small valid file that every rejection case below breaks in one place.
constexpr const char* kBase = R"({
  "format": "gemis-plans/1", "source": "seed.txt",
  "agencies": [{"code": "CB-HLHPN", "kind": "womens_union", "orgUnit": "04",
                "names": [{"name": "Hội LHPN tỉnh Cao Bằng"}]}],
  "programme": [{"code": "CT", "kind": "programme", "name": "Chương trình"}],
  "norms": [{"code": "N1", "name": "Định mức", "maxPerUnit": 15000000}],
  "plans": [{
    "code": "CB-1-2024", "issuer": {"orgUnit": "04", "agency": "CB-HLHPN"},
    "date": "2024-03-20", "period": "2024", "programme": "CT",
    "citations": [{"relation": "căn cứ", "kind": "quyết định", "number": "1719/QĐ-TTg"}],
    "assignments": [{"agency": "CB-HLHPN", "role": "lead"}],
    "targets": [{"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "57"}],
    "tables": [{"name": "PL1",
                "columns": [{"measure": "P8_TTCD_TO", "level": "district"}, {"measure": "P8_IND"},
                            {"placeCount": "villages"}],
                "rows": [{"label": "Quảng Hoà", "unit": "Quảng Hoà", "cells": ["5", "20", "3"]}]}],
    "budget": [{"key": "b1", "orgUnit": "04", "amount": 1000},
               {"key": "b2", "parent": "b1", "orgUnit": "04", "amount": 400, "norm": "N1"}],
    "placeCounts": [{"orgUnit": "049", "kind": "villages", "count": 3}],
    "areas": [{"unit": "Quảng Hoà", "kind": "scope"}, {"orgUnit": "01600", "kind": "scope"}],
    "deadlines": [{"report": "báo cáo năm", "frequency": "yearly", "dueDay": 30, "dueMonth": 12}],
    "notes": [{"kind": "typo", "message": "sai chính tả"}]}]})";

TEST_F(PlanImportTest, TheBaseOfTheRejectionCasesIsValid) {
  PlanImportResult result = Import(kBase);
  ASSERT_EQ(result.summary.status, ImportStatus::kSuccess) << ErrorsOf(result);
  EXPECT_EQ(result.counts.targets, 3);
  EXPECT_EQ(result.counts.place_counts, 2);
  EXPECT_EQ(result.counts.areas, 2);
  EXPECT_EQ(result.ToJson()["counts"]["areas"], 2);
}

struct Rejection {
  const char* name;
  const char* pointer;  // where the base is changed
  const char* value;    // the new value (JSON), or nullptr to remove the member
  const char* field;    // the pointer the error must name
  const char* code;     // its error code
  const char* message;  // part of its message
};

void PrintTo(const Rejection& r, std::ostream* os) { *os << r.name; }

class PlanImportRejects : public PlanImportTest, public ::testing::WithParamInterface<Rejection> {};

TEST_P(PlanImportRejects, NamesThePointerAndWritesNothing) {
  const Rejection& r = GetParam();
  json doc = json::parse(kBase);
  json::json_pointer at(r.pointer);
  if (r.value == nullptr) {
    doc[at.parent_pointer()].erase(at.back());
  } else {
    doc[at] = json::parse(r.value);
  }
  PlanImportResult result = Import(doc.dump(2));
  ASSERT_EQ(result.summary.status, ImportStatus::kError);
  const ImportConflict* c = ConflictAt(result, r.field);
  ASSERT_NE(c, nullptr) << "no error at " << r.field << "; errors:\n" << ErrorsOf(result);
  EXPECT_EQ(c->error_code, std::string(r.code)) << c->message;
  EXPECT_THAT(c->message, HasSubstr(r.message));
  EXPECT_THAT(c->message, StartsWith("plans.json:"));
  EXPECT_GT(c->line, 1);
  EXPECT_EQ(result.summary.count.imported, 0);
  EXPECT_TRUE(NothingWritten());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlanImportRejects,
    ::testing::Values(
        Rejection{"UnknownMeasure", "/plans/0/targets/0/measure", R"("NOPE")",
                  "/plans/0/targets/0/measure", kPlanReference, "unknown measure 'NOPE'"},
        Rejection{"UnknownMeasureInATableColumn", "/plans/0/tables/0/columns/1/measure",
                  R"("NOPE")", "/plans/0/tables/0/columns/1/measure", kPlanReference,
                  "unknown measure"},
        Rejection{"UnknownUnitRefInARow", "/plans/0/tables/0/rows/0/unit", R"("Atlantis")",
                  "/plans/0/tables/0/rows/0/unit", kPlanReference,
                  "unit reference 'Atlantis' is not in the unit table"},
        Rejection{"UnknownUnitRefInATarget", "/plans/0/targets/0",
                  R"({"measure": "P8_TTCD_TO", "unitRef": "Atlantis", "value": "1"})",
                  "/plans/0/targets/0/unitRef", kPlanReference, "not in the unit table"},
        Rejection{"UnknownOrgUnitCode", "/plans/0/targets/0/orgUnit", R"("99")",
                  "/plans/0/targets/0/orgUnit", kPlanReference,
                  "no org unit carries code '99' on 2024-03-20"},
        Rejection{"BothOrgUnitAndUnitRef", "/plans/0/targets/0/unitRef", R"("Quảng Hoà")",
                  "/plans/0/targets/0/unitRef", kPlanInvalid, "not both"},
        Rejection{"TargetOutsideTheIssuer", "/plans/0/targets/0/orgUnit", R"("01")",
                  "/plans/0/targets/0/orgUnit", kPlanOutside,
                  "allocation to a unit outside the plan's issuing unit"},
        Rejection{"TableRowOutsideTheIssuer", "/plans/0/tables/0/rows/0",
                  R"({"label": "Ba Đình", "orgUnit": "001", "cells": ["5", null, null]})",
                  "/plans/0/tables/0/rows/0/orgUnit", kPlanOutside,
                  "allocation to a unit outside the plan's issuing unit"},
        Rejection{"PlaceCountOutsideTheIssuer", "/plans/0/placeCounts/0/orgUnit", R"("001")",
                  "/plans/0/placeCounts/0/orgUnit", kPlanOutside, "outside the plan's issuing"},
        Rejection{"PercentAboveTheIndicatorsMaximum", "/plans/0/targets/0",
                  R"({"measure": "P8_IND", "orgUnit": "04", "value": "100.5"})",
                  "/plans/0/targets/0/value", kPlanValue,
                  "value 100.5 is above the maximum 100 of measure 'P8_IND'"},
        Rejection{"PercentAboveAPercentageElement", "/plans/0/targets/0",
                  R"({"measure": "P8_PCT", "orgUnit": "04", "value": "101"})",
                  "/plans/0/targets/0/value", kPlanValue, "above the maximum 100"},
        Rejection{"PercentAboveTheMaximumInATableCell", "/plans/0/tables/0/rows/0/cells/1",
                  R"("150")", "/plans/0/tables/0/rows/0/cells/1", kPlanValue,
                  "above the maximum 100"},
        Rejection{"NegativeValue", "/plans/0/targets/0/value", R"("-3")",
                  "/plans/0/targets/0/value", kPlanValue, "negative value '-3'"},
        Rejection{"NegativeValueInATableCell", "/plans/0/tables/0/rows/0/cells/0", R"("-5")",
                  "/plans/0/tables/0/rows/0/cells/0", kPlanValue, "negative value"},
        Rejection{"FractionForACount", "/plans/0/targets/0/value", R"("1.5")",
                  "/plans/0/targets/0/value", kPlanValue,
                  "a count target must be a whole number, not '1.5'"},
        Rejection{"FractionForPersons", "/plans/0/targets/0",
                  R"({"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "2.5", "unit": "person"})",
                  "/plans/0/targets/0/value", kPlanValue, "a person target must be a whole number"},
        Rejection{"FractionForClasses", "/plans/0/targets/0",
                  R"({"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "0.5", "unit": "class"})",
                  "/plans/0/targets/0/value", kPlanValue, "a class target must be a whole number"},
        Rejection{
            "FractionForSessions", "/plans/0/targets/0",
            R"({"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "3.25", "unit": "session"})",
            "/plans/0/targets/0/value", kPlanValue, "a session target must be a whole number"},
        Rejection{"FractionOfADong", "/plans/0/targets/0",
                  R"({"measure": "P8_TTCD_TO", "orgUnit": "04", "value": "10.5", "unit": "dong"})",
                  "/plans/0/targets/0/value", kPlanValue, "a dong target must be a whole number"},
        Rejection{"FractionForACountInATableCell", "/plans/0/tables/0/rows/0/cells/0", R"("4.5")",
                  "/plans/0/tables/0/rows/0/cells/0", kPlanValue, "must be a whole number"},
        Rejection{"FractionForAPlaceCountCell", "/plans/0/tables/0/rows/0/cells/2", R"("2.5")",
                  "/plans/0/tables/0/rows/0/cells/2", kPlanValue, "a place count must be a whole"},
        Rejection{"MoreThanSixDecimals", "/plans/0/targets/0",
                  R"({"measure": "P8_IND", "orgUnit": "04", "value": "0.1234567"})",
                  "/plans/0/targets/0/value", kPlanValue, "is not a decimal number"},
        Rejection{"DecimalComma", "/plans/0/targets/0/value", R"("57,5")",
                  "/plans/0/targets/0/value", kPlanValue, "'.' as the decimal mark"},
        Rejection{"ValueAsAJsonNumber", "/plans/0/targets/0/value", "57",
                  "/plans/0/targets/0/value", kPlanType, "expected a string"},
        Rejection{"MissingValue", "/plans/0/targets/0/value", nullptr, "/plans/0/targets/0/value",
                  kPlanInvalid, "required"},
        Rejection{"CellAsAJsonNumber", "/plans/0/tables/0/rows/0/cells/0", "5",
                  "/plans/0/tables/0/rows/0/cells/0", kPlanType, "a cell is a string"},
        Rejection{"AmountWithAFraction", "/plans/0/budget/0/amount", "1.5",
                  "/plans/0/budget/0/amount", kPlanValue, "must be a JSON integer"},
        Rejection{"NegativeAmount", "/plans/0/budget/0/amount", "-5", "/plans/0/budget/0/amount",
                  kPlanValue, "amount (đồng) must not be negative"},
        Rejection{"AmountAsAString", "/plans/0/budget/0/amount", R"("1000")",
                  "/plans/0/budget/0/amount", kPlanType, "must be a JSON integer"},
        Rejection{"NormAmountWithAFraction", "/norms/0/maxPerUnit", "1.5", "/norms/0/maxPerUnit",
                  kPlanValue, "must be a JSON integer"},
        Rejection{"UnknownTargetLevel", "/plans/0/targets/0/level", R"("regional")",
                  "/plans/0/targets/0/level", kPlanEnum, "unknown value 'regional'"},
        Rejection{"UnknownTargetUnit", "/plans/0/targets/0/unit", R"("persons")",
                  "/plans/0/targets/0/unit", kPlanEnum, "expected one of: count, person"},
        Rejection{"UnknownRule", "/plans/0/targets/0/rule", R"(">=")", "/plans/0/targets/0/rule",
                  kPlanEnum, "unknown value '>='"},
        Rejection{"UnknownAgencyKind", "/agencies/0/kind", R"("club")", "/agencies/0/kind",
                  kPlanEnum, "unknown value 'club'"},
        Rejection{"UnknownPlanStatus", "/plans/0/status", R"("final")", "/plans/0/status",
                  kPlanEnum, "unknown value 'final'"},
        Rejection{"UnknownBudgetKind", "/plans/0/budget/0/kind", R"("paid")",
                  "/plans/0/budget/0/kind", kPlanEnum, "unknown value 'paid'"},
        Rejection{"UnknownFrequency", "/plans/0/deadlines/0/frequency", R"("monthly")",
                  "/plans/0/deadlines/0/frequency", kPlanEnum, "unknown value 'monthly'"},
        Rejection{"UnknownNoteKind", "/plans/0/notes/0/kind", R"("style")", "/plans/0/notes/0/kind",
                  kPlanEnum, "unknown value 'style'"},
        Rejection{"UnknownPlaceCountKind", "/plans/0/placeCounts/0/kind", R"("hamlets")",
                  "/plans/0/placeCounts/0/kind", kPlanEnum, "unknown place-count kind"},
        Rejection{"UnknownRole", "/plans/0/assignments/0/role", R"("chủ trì")",
                  "/plans/0/assignments/0/role", kPlanEnum, "unknown value"},
        Rejection{"UnknownIssuerAgency", "/plans/0/issuer/agency", R"("CB-NOPE")",
                  "/plans/0/issuer/agency", kPlanReference, "unknown agency 'CB-NOPE'"},
        Rejection{"UnknownAssignmentAgency", "/plans/0/assignments/0/agency", R"("CB-NOPE")",
                  "/plans/0/assignments/0/agency", kPlanReference, "unknown agency 'CB-NOPE'"},
        Rejection{"UnknownTargetAgency", "/plans/0/targets/0/agency", R"("CB-NOPE")",
                  "/plans/0/targets/0/agency", kPlanReference, "unknown agency"},
        Rejection{"UnknownSuccessor", "/agencies/0/successors",
                  R"([{"date": "2025-07-01", "code": "CB-NOPE", "kind": "became"}])",
                  "/agencies/0/successors/0/code", kPlanReference, "unknown agency 'CB-NOPE'"},
        Rejection{"UnknownCitedPlan", "/plans/0/citations/0/plan", R"("CB-NOPE-2022")",
                  "/plans/0/citations/0/plan", kPlanReference, "unknown plan 'CB-NOPE-2022'"},
        Rejection{"UnknownProgrammeNode", "/plans/0/programme", R"("CT.NOPE")",
                  "/plans/0/programme", kPlanReference, "unknown programme node 'CT.NOPE'"},
        Rejection{"UnknownNorm", "/plans/0/budget/1/norm", R"("N-NOPE")", "/plans/0/budget/1/norm",
                  kPlanReference, "unknown norm 'N-NOPE'"},
        Rejection{"UnknownBudgetParent", "/plans/0/budget/1/parent", R"("b9")",
                  "/plans/0/budget/1/parent", kPlanReference, "no budget line of the plan"},
        Rejection{"BudgetLineItsOwnPart", "/plans/0/budget/0/parent", R"("b2")",
                  "/plans/0/budget/0/parent", kPlanReference, "is a part of itself"},
        Rejection{"DuplicateBudgetKey", "/plans/0/budget/1/key", R"("b1")", "/plans/0/budget/1/key",
                  kPlanDuplicate, "have the key 'b1'"},
        Rejection{"DuplicateAgencyCode", "/agencies/1",
                  R"({"code": "CB-HLHPN", "kind": "other", "names": [{"name": "x"}]})",
                  "/agencies/1/code", kPlanDuplicate, "defined twice"},
        Rejection{"AgencyWithoutName", "/agencies/0/names", "[]", "/agencies/0/names", kPlanInvalid,
                  "at least one name"},
        Rejection{"UnknownKeyInATarget", "/plans/0/targets/0/valeu", R"("5")",
                  "/plans/0/targets/0/valeu", kPlanUnknownKey, "unknown key 'valeu'"},
        Rejection{"UnknownKeyInASource", "/plans/0/targets/0/source", R"({"page": 3})",
                  "/plans/0/targets/0/source/page", kPlanUnknownKey, "unknown key 'page'"},
        Rejection{"UnknownTopLevelKey", "/plan", "[]", "/plan", kPlanUnknownKey,
                  "unknown key 'plan'"},
        Rejection{"WrongFormat", "/format", R"("gemis-plans/2")", "/format", kPlanFormat,
                  "unknown format"},
        Rejection{"MissingPeriod", "/plans/0/period", nullptr, "/plans/0/period", kPlanInvalid,
                  "required"},
        Rejection{"BadPeriod", "/plans/0/period", R"("2024-13")", "/plans/0/period", kPlanInvalid,
                  "is not a period or date set"},
        Rejection{"BadDate", "/plans/0/date", R"("20/03/2024")", "/plans/0/date", kPlanInvalid,
                  "is not a date YYYY-MM-DD"},
        Rejection{"MissingIssuerUnit", "/plans/0/issuer", R"({"agency": "CB-HLHPN"})",
                  "/plans/0/issuer/orgUnit", kPlanInvalid, "required: orgUnit"},
        Rejection{"BadPlanCode", "/plans/0/code", R"("CB 1/2024")", "/plans/0/code", kPlanInvalid,
                  "code"},
        Rejection{"SupersededByWithoutStatus", "/plans/0/supersededBy", R"("CB-1-2024")",
                  "/plans/0/supersededBy", kPlanInvalid, "status is superseded"},
        Rejection{"TooFewCells", "/plans/0/tables/0/rows/0/cells", R"(["5"])",
                  "/plans/0/tables/0/rows/0/cells", kPlanInvalid, "1 cells for 3 columns"},
        Rejection{"PlaceCountCellForAnAgency", "/plans/0/tables/0/rows/0",
                  R"({"orgUnit": "04", "agency": "CB-HLHPN", "cells": [null, null, "3"]})",
                  "/plans/0/tables/0/rows/0/cells/2", kPlanInvalid, "not to an agency"},
        Rejection{"UnknownAreaKind", "/plans/0/areas/0/kind", R"("district")",
                  "/plans/0/areas/0/kind", kPlanEnum,
                  "unknown area kind 'district' (expected one of: scope, dbkk_villages)"},
        Rejection{"AreaWithoutKind", "/plans/0/areas/0/kind", nullptr, "/plans/0/areas/0/kind",
                  kPlanInvalid, "required"},
        Rejection{"AreaWithoutUnit", "/plans/0/areas/0", R"({"kind": "scope"})",
                  "/plans/0/areas/0/orgUnit", kPlanInvalid, "required: orgUnit"},
        Rejection{"AreaOutsideTheIssuer", "/plans/0/areas/1/orgUnit", R"("001")",
                  "/plans/0/areas/1/orgUnit", kPlanOutside,
                  "allocation to a unit outside the plan's issuing unit"},
        Rejection{"UnknownAreaUnit", "/plans/0/areas/1/orgUnit", R"("99999")",
                  "/plans/0/areas/1/orgUnit", kPlanReference, "no org unit carries code"},
        Rejection{"DuplicateArea", "/plans/0/areas/1", R"({"orgUnit": "049", "kind": "scope"})",
                  "/plans/0/areas/1/orgUnit", kPlanDuplicate,
                  "already listed with kind 'scope' at /plans/0/areas/0"},
        Rejection{"UnknownKeyInAnArea", "/plans/0/areas/0/count", "3",
                  "/plans/0/areas/0/count", kPlanUnknownKey, "unknown key 'count'"},
        Rejection{"CountAboveOutOf", "/plans/0/placeCounts/0/outOf", "2",
                  "/plans/0/placeCounts/0/count", kPlanValue, "is more than outOf 2"},
        Rejection{"BadDueMonth", "/plans/0/deadlines/0/dueMonth", "13",
                  "/plans/0/deadlines/0/dueMonth", kPlanValue, "between 0 and 12"},
        Rejection{"NoSuchDueDay", "/plans/0/deadlines/0/dueMonth", "2",
                  "/plans/0/deadlines/0/dueDay", kPlanValue, "month 2 has no day 30"},
        Rejection{"PlanIsNotAnObject", "/plans/0", R"("CB-1-2024")", "/plans/0", kPlanType,
                  "expected an object"}),
    [](const ::testing::TestParamInfo<Rejection>& param) { return param.param.name; });

}  // namespace
}  // namespace gemis::exchange
