// The planning model in the SQLite store (store/sqlite_plans.cc): every type
// and field round-trips, upserts by code keep ids, references by code must
// name stored objects, ClearPlanContents, and atomicity.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/uid.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using fixtures::Day;

// ---------------------------------------------------------------- builders

Decimal Num(const char* text) {
  Result<Decimal> value = Decimal::Parse(text);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? *value : Decimal();
}

DateSet Dates(const char* text) {
  Result<DateSet> set = DateSet::Parse(text);
  EXPECT_TRUE(set.ok()) << text;
  return set.ok() ? *set : DateSet();
}

SourceRef Src(const std::string& section, const std::string& text = "") {
  return SourceRef{"seeds/001_70fee0a5d4efb6fc.txt", section, text};
}

Agency MakeAgency(const std::string& code, AgencyKind kind = AgencyKind::kOther,
                  OrgUnitId unit = 0) {
  Agency a;
  a.code = code;
  a.kind = kind;
  a.org_unit = unit;
  a.names.push_back({std::nullopt, std::nullopt, "Cơ quan " + code, ""});
  return a;
}

ProgramNode MakeNode(const std::string& code, const std::string& parent = "",
                     ProgramNodeKind kind = ProgramNodeKind::kActivity) {
  ProgramNode n;
  n.code = code;
  n.parent_code = parent;
  n.kind = kind;
  n.name = "Nội dung " + code;
  return n;
}

Plan MakePlan(const std::string& code, OrgUnitId issuer = 2, const char* period = "2024") {
  Plan p;
  p.code = code;
  p.issuer_unit = issuer;
  p.period = Dates(period);
  return p;
}

// --------------------------------------------------- field-by-field dumps

// Every field of each type as text, so that a mismatch shows the field.
std::string D(const std::optional<Date>& d) { return d ? d->ToString() : "-"; }
std::string D(const SourceRef& s) { return "{" + s.document + "|" + s.section + "|" + s.text + "}"; }

std::string Dump(const Agency& a) {
  std::ostringstream out;
  out << "agency id=" << a.id << " code=" << a.code << " kind=" << AgencyKindName(a.kind)
      << " unit=" << a.org_unit << " from=" << D(a.from) << " to=" << D(a.to);
  for (const AgencyName& n : a.names) {
    out << "\n  name " << D(n.from) << ".." << D(n.to) << " " << n.name << " / " << n.short_name;
  }
  for (const AgencySuccessor& s : a.successors) {
    out << "\n  successor " << s.date.ToString() << " " << s.successor_code << " "
        << AgencySuccessionName(s.kind) << " " << s.note;
  }
  return out.str();
}

std::string Dump(const ProgramNode& n) {
  std::ostringstream out;
  out << "node id=" << n.id << " code=" << n.code << " parent=" << n.parent_code
      << " kind=" << ProgramNodeKindName(n.kind) << " number=" << n.number << " name=" << n.name
      << " name_en=" << n.name_en << " period=" << n.period.ToString()
      << " legal=" << n.legal_basis << " source=" << D(n.source);
  return out.str();
}

std::string Dump(const SpendingNorm& n) {
  std::ostringstream out;
  out << "norm code=" << n.code << " name=" << n.name << " max=" << n.max_per_unit
      << " per=" << n.per << " legal=" << n.legal_basis << " source=" << D(n.source);
  return out.str();
}

std::string Dump(const Plan& p) {
  std::ostringstream out;
  out << "plan id=" << p.id << " code=" << p.code << " number=" << p.number
      << " title=" << p.title << " issuer=" << p.issuer_unit << "/" << p.issuer_agency_code
      << " signer=" << p.signer << "/" << p.signer_title << " place=" << p.place
      << " date=" << D(p.date) << " period=" << p.period.ToString() << " (" << p.period_text
      << ") status=" << PlanStatusName(p.status) << " superseded_by=" << p.superseded_by
      << " programme=" << p.program_node_code << " source=" << D(p.source);
  for (const Citation& c : p.citations) {
    out << "\n  citation " << c.relation << " plan=" << c.plan_code << " kind=" << c.document_kind
        << " number=" << c.number << " issuer=" << c.issuer << " date=" << D(c.date)
        << " title=" << c.title << " source=" << D(c.source);
  }
  for (const Assignment& a : p.assignments) {
    out << "\n  assignment node=" << a.program_node_code << " agency=" << a.agency_code
        << " role=" << AssignmentRoleName(a.role) << " schedule=" << a.schedule
        << " window=" << a.window.ToString() << " task=" << a.task << " source=" << D(a.source);
  }
  return out.str();
}

std::string Dump(const Target& t) {
  std::ostringstream out;
  out << "target id=" << t.id << " plan=" << t.plan << " measure="
      << (t.measure.kind == MeasureKind::kIndicator ? "indicator:" : "element:") << t.measure.id
      << ":" << t.measure.code << " unit=" << t.org_unit << " agency=" << t.agency_code
      << " level=" << ImplementingLevelName(t.level) << " period=" << t.period.ToString()
      << " window=" << t.window.ToString() << " value=" << t.value.ToString()
      << " unit=" << TargetUnitName(t.unit) << " label=" << t.unit_label
      << " direction=" << TargetDirectionName(t.direction)
      << " rule=" << AllocationRuleName(t.rule) << " status=" << TargetStatusName(t.status)
      << " note=" << t.status_note << " activity=" << t.program_node_code << " table=" << t.table
      << " ordinal=" << t.ordinal << " source=" << D(t.source);
  return out.str();
}

std::string Dump(const BudgetLine& b) {
  std::ostringstream out;
  out << "budget id=" << b.id << " plan=" << b.plan << " key=" << b.key
      << " parent=" << b.parent_key << " unit=" << b.org_unit << " agency=" << b.agency_code
      << " level=" << ImplementingLevelName(b.level)
      << " funding=" << FundingSourceName(b.funding) << " period=" << b.period.ToString()
      << " kind=" << BudgetKindName(b.kind) << " carried_from=" << b.carried_from.ToString()
      << " activity=" << b.program_node_code << " amount=" << b.amount << " label=" << b.label
      << " norm=" << b.norm_code << " x" << b.norm_quantity << " source=" << D(b.source);
  return out.str();
}

std::string Dump(const PlaceCount& c) {
  std::ostringstream out;
  out << "count plan=" << c.plan << " unit=" << c.org_unit << " kind=" << c.kind
      << " count=" << c.count << " out_of=" << (c.out_of ? std::to_string(*c.out_of) : "-")
      << " table=" << c.table << " ordinal=" << c.ordinal << " source=" << D(c.source);
  return out.str();
}

std::string Dump(const PlanArea& a) {
  std::ostringstream out;
  out << "area plan=" << a.plan << " unit=" << a.org_unit << " kind=" << a.kind
      << " ordinal=" << a.ordinal << " source=" << D(a.source);
  return out.str();
}

std::string Dump(const ReportingDeadline& d) {
  std::ostringstream out;
  out << "deadline plan=" << d.plan << " report=" << d.report << " frequency=" << d.frequency
      << " due=" << d.due_day << "/" << d.due_month << "+" << d.due_year_offset
      << " by=" << d.submitted_by << " to=" << d.submitted_to << " text=" << d.text
      << " source=" << D(d.source);
  return out.str();
}

std::string Dump(const SourceNote& n) {
  return "note plan=" + std::to_string(n.plan) + " kind=" + n.kind + " message=" + n.message +
         " source=" + D(n.source);
}

template <typename T>
std::vector<std::string> DumpAll(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) out.push_back(Dump(item));
  return out;
}

void ExpectSameBook(const PlanBookData& got, const PlanBookData& want) {
  EXPECT_EQ(DumpAll(got.agencies), DumpAll(want.agencies));
  EXPECT_EQ(DumpAll(got.program_nodes), DumpAll(want.program_nodes));
  EXPECT_EQ(DumpAll(got.norms), DumpAll(want.norms));
  EXPECT_EQ(DumpAll(got.plans), DumpAll(want.plans));
  EXPECT_EQ(DumpAll(got.targets), DumpAll(want.targets));
  EXPECT_EQ(DumpAll(got.budget_lines), DumpAll(want.budget_lines));
  EXPECT_EQ(DumpAll(got.place_counts), DumpAll(want.place_counts));
  EXPECT_EQ(DumpAll(got.areas), DumpAll(want.areas));
  EXPECT_EQ(DumpAll(got.deadlines), DumpAll(want.deadlines));
  EXPECT_EQ(DumpAll(got.source_notes), DumpAll(want.source_notes));
}

// ------------------------------------------------------------------ fixture

class SqlitePlans : public store_test::StoreFileTest {
 protected:
  void SetUp() override {
    store_ = Open();
    ASSERT_NE(store_, nullptr);
    // Centre 1 → province 2 → district 3 → commune 4.
    fixtures::HierarchyParts parts = fixtures::MinimalParts();
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      GEMIS_RETURN_IF_ERROR(store_test::SaveUnits(txn, parts.units));
      GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(DefaultCategoryCombo()).status());
      for (const char* code : {"P8_TTCD_TO", "P8_MEMBERS"}) {
        DataElement e;
        e.uid = UidFromKey(std::string("de:") + code);
        e.code = code;
        e.name = std::string("Số ") + code;
        e.category_combo_code = "default";
        GEMIS_ASSIGN_OR_RETURN(MetadataId id, txn.SaveDataElement(e));
        (elements_.empty() ? teams_ : members_) = id;
        elements_.push_back(id);
      }
      Indicator share;
      share.uid = UidFromKey("ind:P8_SHARE");
      share.code = "P8_SHARE";
      share.name = "Tỷ lệ";
      share.numerator = "#{P8_MEMBERS}";
      share.denominator = "#{P8_TTCD_TO}";
      GEMIS_ASSIGN_OR_RETURN(share_, txn.SaveIndicator(share));
      return Status::Ok();
    }));
  }

  Status Write(const std::function<Status(WriteTransaction&)>& fn) { return store_->Write(fn); }

  PlanBook Load() {
    PlanBook book;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(book, txn.LoadPlanBook());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return book;
  }

  MeasureRef Element(MetadataId id, const std::string& code) {
    return MeasureRef{MeasureKind::kDataElement, id, code};
  }
  MeasureRef Teams() { return Element(teams_, "P8_TTCD_TO"); }
  MeasureRef Members() { return Element(members_, "P8_MEMBERS"); }
  MeasureRef Share() { return MeasureRef{MeasureKind::kIndicator, share_, "P8_SHARE"}; }

  Target MakeTarget(PlanId plan, const char* value = "1", OrgUnitId unit = 2) {
    Target t;
    t.plan = plan;
    t.measure = Teams();
    t.org_unit = unit;
    t.value = Num(value);
    return t;
  }

  // Saves plan `code` (issued by the province, 2024) and returns its id.
  PlanId SaveSimplePlan(const std::string& code) {
    PlanId id = 0;
    Status status = Write([&](WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(id, txn.SavePlan(MakePlan(code)));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return id;
  }

  // Everything the model holds, every field set somewhere; plan fields of
  // the stated items are 1 and 2 (the plans' positions) until SaveBook.
  PlanBookData FullBook();
  // Saves `data` in an order that satisfies its references and fills in the
  // ids the store assigns (and the plans' real ids).
  Status SaveBook(WriteTransaction& txn, PlanBookData& data);

  std::unique_ptr<Store> store_;
  std::vector<MetadataId> elements_;
  MetadataId teams_ = 0, members_ = 0, share_ = 0;
};

PlanBookData SqlitePlans::FullBook() {
  PlanBookData d;

  // Successors first: a successor must be stored before it is named.
  Agency lao_cai = MakeAgency("LC-HLHPN", AgencyKind::kWomensUnion, 2);
  lao_cai.from = Day("2025-07-01");
  lao_cai.names = {{Day("2025-07-01"), std::nullopt, "Hội Liên hiệp Phụ nữ tỉnh Lào Cai",
                    "Hội LHPN tỉnh"}};
  Agency ministry = MakeAgency("BO-DTTG", AgencyKind::kDepartment, 1);
  ministry.from = Day("2025-03-01");
  ministry.names = {{Day("2025-03-01"), std::nullopt, "Bộ Dân tộc và Tôn giáo", "Bộ DTTG"}};
  Agency yen_bai = MakeAgency("YB-HLHPN", AgencyKind::kWomensUnion, 3);
  yen_bai.to = Day("2025-06-30");
  yen_bai.names = {{std::nullopt, Day("2019-12-31"), "Hội Phụ nữ tỉnh Yên Bái", "HPN tỉnh"},
                   {Day("2020-01-01"), Day("2025-06-30"), "Hội Liên hiệp Phụ nữ tỉnh Yên Bái",
                    "Hội LHPN tỉnh"}};
  yen_bai.successors = {
      {Day("2025-07-01"), "LC-HLHPN", AgencySuccession::kMerged, "sáp nhập tỉnh"},
      {Day("2025-03-01"), "BO-DTTG", AgencySuccession::kFunctionsMoved, "công tác dân tộc"}};
  Agency committee = MakeAgency("HN-UBND", AgencyKind::kPeoplesCommittee, 0);  // unit unknown
  committee.names[0].short_name = "UBND thành phố";
  d.agencies = {lao_cai, ministry, yen_bai, committee};

  ProgramNode programme = MakeNode("CT1719", "", ProgramNodeKind::kProgramme);
  programme.name = "Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi";
  programme.name_en = "National target programme 1719";
  programme.period = DateSet::Years(2021, 2030);
  programme.legal_basis = "Quyết định 1719/QĐ-TTg ngày 14/10/2021";
  programme.source = Src("I", "Chương trình 1719");
  ProgramNode project = MakeNode("CT1719.DA8", "CT1719", ProgramNodeKind::kProject);
  project.number = "8";
  ProgramNode area = MakeNode("CT1719.DA8.ND2", "CT1719.DA8", ProgramNodeKind::kContentArea);
  area.number = "2";
  ProgramNode activity = MakeNode("CT1719.DA8.ND2.3", "CT1719.DA8.ND2");
  activity.number = "2.3";
  activity.period = Dates("2022-10-03..2025-12-31");
  activity.source = Src("II.2.3");
  d.program_nodes = {programme, project, area, activity};

  d.norms = {SpendingNorm{"TT55-DCTC-THIETBI", "Hỗ trợ cơ sở vật chất cho địa chỉ tin cậy",
                          15'000'000, "mô hình", "Thông tư 55/2023/TT-BTC",
                          Src("Điều 4", "tối đa 15 triệu đồng/mô hình")},
             SpendingNorm{"TT55-TRUYENTHONG", "Truyền thông", 0, "", "", {}}};

  Plan first = MakePlan("HN-257-2022", 2, "2022-10-03..2025-12-31");
  first.number = "257/KH-UBND";
  first.title = "Kế hoạch thực hiện Dự án 8 giai đoạn 2022 - 2025";
  first.issuer_agency_code = "YB-HLHPN";
  first.signer = "Chữ Xuân Dũng";
  first.signer_title = "Phó Chủ tịch";
  first.place = "Hà Nội";
  first.date = Day("2022-10-03");
  first.period_text = "cuối năm 2022 - 2025";
  first.status = PlanStatus::kSuperseded;
  first.superseded_by = "HN-12-2024";
  first.program_node_code = "CT1719.DA8";
  first.source = Src("", "");
  first.source.document = "seeds/000_hanoi.txt";
  first.citations = {Citation{"căn cứ", "", "quyết định", "1719/QĐ-TTg", "Thủ tướng Chính phủ",
                              Day("2021-10-14"), "Phê duyệt Chương trình MTQG 1719",
                              Src("Căn cứ", "Quyết định số 1719/QĐ-TTg")}};
  first.assignments = {
      Assignment{"CT1719.DA8.ND2", "YB-HLHPN", AssignmentRole::kLead, "Định kỳ hằng năm",
                 DateSet::Years(2022, 2025), "chủ trì tổ chức thực hiện", Src("IV.1")},
      Assignment{"", "HN-UBND", AssignmentRole::kCooperating, "", {}, "", {}}};

  Plan second = MakePlan("HN-12-2024", 3, "2024-04..2024-12");  // no number, no date
  second.title = "Kế hoạch năm 2024";
  second.status = PlanStatus::kDraft;
  second.citations = {Citation{"thực hiện", "HN-257-2022", "kế hoạch", "257/KH-UBND",
                               "UBND thành phố Hà Nội", std::nullopt, "", Src("Thực hiện")}};
  d.plans = {first, second};

  Target teams = MakeTarget(1, "57");
  teams.window = DateSet::Years(2022, 2024);
  teams.unit_label = "tổ";
  teams.program_node_code = "CT1719.DA8.ND2.3";
  teams.table = "Phụ lục I";
  teams.ordinal = 1002;
  teams.source = Src("Phụ lục I, dòng 1, cột 3", "57");
  Target district = MakeTarget(1, "11", 3);
  district.agency_code = "YB-HLHPN";
  district.level = ImplementingLevel::kDistrict;
  district.period = Dates("2023,2025");
  district.unit = TargetUnit::kPerson;
  district.unit_label = "người";
  district.direction = TargetDirection::kExactly;
  district.rule = AllocationRule::kAtMost;
  district.status = TargetStatus::kSuspended;
  district.status_note = "tạm dừng chờ hướng dẫn của TW";
  Target share = MakeTarget(1, "33.5");
  share.measure = Share();
  share.level = ImplementingLevel::kProvince;
  share.unit = TargetUnit::kPercent;
  share.direction = TargetDirection::kAtMost;
  share.rule = AllocationRule::kFree;
  share.status = TargetStatus::kWithdrawn;
  share.status_note = "trùng chỉ tiêu";
  Target money = MakeTarget(2, "1500000", 4);
  money.measure = Members();
  money.level = ImplementingLevel::kCommune;
  money.unit = TargetUnit::kDong;
  Target fraction = MakeTarget(2, "0.125", 4);
  fraction.level = ImplementingLevel::kVillage;
  fraction.unit = TargetUnit::kSession;
  fraction.ordinal = -1;
  d.targets = {teams, district, share, money, fraction};

  BudgetLine available;
  available.plan = 1;
  available.key = "tinh-2024";
  available.org_unit = 2;
  available.agency_code = "YB-HLHPN";
  available.level = ImplementingLevel::kProvince;
  available.funding = FundingSource::kCentral;
  available.period = DateSet::Years(2024, 2024);
  available.kind = BudgetKind::kAvailable;
  available.program_node_code = "CT1719.DA8";
  available.amount = 22'991'000'000;
  available.label = "Tổng kinh phí năm 2024";
  available.source = Src("III.1", "22.991.000.000 đồng");
  BudgetLine carried;
  carried.plan = 1;
  carried.key = "tinh-chuyen-2024";
  carried.parent_key = "tinh-2024";
  carried.funding = FundingSource::kLocal;
  carried.period = DateSet::Years(2024, 2024);
  carried.kind = BudgetKind::kCarriedOver;
  carried.carried_from = DateSet::Years(2022, 2023);
  carried.amount = 16'035'756'260;
  carried.norm_code = "TT55-DCTC-THIETBI";
  carried.norm_quantity = 3;
  BudgetLine spent;
  spent.plan = 2;
  spent.key = "tinh-2024";  // keys are unique per plan only
  spent.org_unit = 3;
  spent.funding = FundingSource::kCounterpart;
  spent.kind = BudgetKind::kSpent;
  d.budget_lines = {available, carried, spent};

  d.place_counts = {
      PlaceCount{1, 2, "region_iii_communes", 124, std::nullopt, "Phụ lục I", 1000,
                 Src("Phụ lục I, dòng 1, cột 1", "124")},
      PlaceCount{2, 3, "villages", 17, 21, "", 0, {}}};
  // Stored out of the plan's order: AreasOf sorts by ordinal, the book keeps
  // the order of insertion.
  d.areas = {PlanArea{1, 3, "scope", 1, Src("II.3, dòng tệp 46", "Huyện Ba Vì")},
             PlanArea{1, 4, "scope", 2, Src("II.3, dòng tệp 46", "xã Khánh Thượng")},
             PlanArea{1, 2, "scope", 0, Src("II.3, dòng tệp 44", "Tại 14 xã thuộc 5 huyện")},
             PlanArea{2, 4, "dbkk_villages", 0, {}}};
  d.deadlines = {
      ReportingDeadline{1, "báo cáo 6 tháng", "six_monthly", 10, 6, 0, "các đơn vị, địa phương",
                        "YB-HLHPN", "trước ngày 10 tháng 6", Src("V")},
      ReportingDeadline{2, "báo cáo năm", "yearly", 15, 1, 1, "UBND các huyện", "Sở Nội vụ",
                        "trước ngày 15/1 năm sau", {}}};
  d.source_notes = {SourceNote{1, "layout", "tiêu đề cột lệch một cột", Src("Phụ lục I")},
                    SourceNote{2, "typo", "", {}}};
  return d;
}

Status SqlitePlans::SaveBook(WriteTransaction& txn, PlanBookData& d) {
  for (Agency& a : d.agencies) {
    GEMIS_ASSIGN_OR_RETURN(a.id, txn.SaveAgency(a));
  }
  for (ProgramNode& node : d.program_nodes) {
    GEMIS_ASSIGN_OR_RETURN(node.id, txn.SaveProgramNode(node));
  }
  for (const SpendingNorm& norm : d.norms) GEMIS_RETURN_IF_ERROR(txn.SaveNorm(norm));
  // The first plan names the second as its successor and the second cites
  // the first: save the first without the reference, then again with it.
  Plan first = d.plans[0];
  first.superseded_by.clear();
  GEMIS_ASSIGN_OR_RETURN(d.plans[0].id, txn.SavePlan(first));
  GEMIS_ASSIGN_OR_RETURN(d.plans[1].id, txn.SavePlan(d.plans[1]));
  GEMIS_ASSIGN_OR_RETURN(PlanId again, txn.SavePlan(d.plans[0]));
  if (again != d.plans[0].id) return Status::Internal("the plan's id changed");
  auto plan_id = [&](PlanId position) { return d.plans[static_cast<size_t>(position - 1)].id; };
  for (Target& t : d.targets) {
    t.plan = plan_id(t.plan);
    GEMIS_ASSIGN_OR_RETURN(t.id, txn.InsertTarget(t));
  }
  for (BudgetLine& b : d.budget_lines) {
    b.plan = plan_id(b.plan);
    GEMIS_ASSIGN_OR_RETURN(b.id, txn.InsertBudgetLine(b));
  }
  for (PlaceCount& c : d.place_counts) {
    c.plan = plan_id(c.plan);
    GEMIS_RETURN_IF_ERROR(txn.InsertPlaceCount(c));
  }
  for (PlanArea& a : d.areas) {
    a.plan = plan_id(a.plan);
    GEMIS_RETURN_IF_ERROR(txn.InsertPlanArea(a));
  }
  for (ReportingDeadline& r : d.deadlines) {
    r.plan = plan_id(r.plan);
    GEMIS_RETURN_IF_ERROR(txn.InsertDeadline(r));
  }
  for (SourceNote& n : d.source_notes) {
    n.plan = plan_id(n.plan);
    GEMIS_RETURN_IF_ERROR(txn.InsertSourceNote(n));
  }
  return Status::Ok();
}

// ------------------------------------------------------------- round trip

TEST_F(SqlitePlans, EmptyDatabaseHasAnEmptyPlanBook) {
  PlanBook book = Load();
  EXPECT_TRUE(book.plans().empty());
  ExpectSameBook(book.data(), PlanBookData{});
}

TEST_F(SqlitePlans, FullPlanBookRoundTripsEveryField) {
  PlanBookData want = FullBook();
  ASSERT_OK(Write([&](WriteTransaction& txn) { return SaveBook(txn, want); }));
  for (const Agency& a : want.agencies) EXPECT_NE(a.id, 0) << a.code;
  for (const Target& t : want.targets) EXPECT_NE(t.id, 0);
  ExpectSameBook(Load().data(), want);

  // Through a new connection, and through the book's indexes.
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  PlanBook book = Load();
  ExpectSameBook(book.data(), want);
  const Plan* first = book.FindPlan("257/KH-UBND");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->id, want.plans[0].id);
  EXPECT_TRUE(book.FindPlan("HN-12-2024")->number.empty());
  EXPECT_EQ(book.TargetsOf(first->id).size(), 3u);
  EXPECT_EQ(book.BudgetOf(want.plans[1].id).size(), 1u);
  EXPECT_EQ(book.FindAgency("YB-HLHPN")->names.size(), 2u);
  EXPECT_EQ(book.FindNorm("TT55-DCTC-THIETBI")->max_per_unit, 15'000'000);
  EXPECT_EQ(book.FindProgramNode("CT1719.DA8.ND2.3")->parent_code, "CT1719.DA8.ND2");
  std::vector<int> ordinals;
  for (const PlanArea* a : book.AreasOf(first->id)) ordinals.push_back(a->ordinal);
  EXPECT_THAT(ordinals, ElementsAre(0, 1, 2));
  ASSERT_EQ(book.AreasOf(want.plans[1].id).size(), 1u);
  EXPECT_EQ(book.AreasOf(want.plans[1].id)[0]->kind, "dbkk_villages");
}

// Every value of every enum passes the schema's CHECK constraints and comes
// back (the names live in core/plan.cc, the constraints in migration 4).
TEST_F(SqlitePlans, EveryEnumValueRoundTrips) {
  PlanBookData want;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveAgency(MakeAgency("NEXT")).status());
    for (int k = 0; k <= static_cast<int>(AgencyKind::kOther); ++k) {
      Agency a = MakeAgency("A" + std::to_string(k), static_cast<AgencyKind>(k));
      for (int s = 0; s <= static_cast<int>(AgencySuccession::kMerged); ++s) {
        a.successors.push_back({Day("2025-07-01"), "NEXT", static_cast<AgencySuccession>(s), ""});
      }
      GEMIS_ASSIGN_OR_RETURN(a.id, txn.SaveAgency(a));
      want.agencies.push_back(a);
    }
    for (int k = 0; k <= static_cast<int>(ProgramNodeKind::kActivity); ++k) {
      ProgramNode n = MakeNode("N" + std::to_string(k), "", static_cast<ProgramNodeKind>(k));
      GEMIS_ASSIGN_OR_RETURN(n.id, txn.SaveProgramNode(n));
      want.program_nodes.push_back(n);
    }
    for (int k = 0; k <= static_cast<int>(PlanStatus::kSuperseded); ++k) {
      Plan p = MakePlan("P" + std::to_string(k));
      p.status = static_cast<PlanStatus>(k);
      for (int r = 0; r <= static_cast<int>(AssignmentRole::kCooperating); ++r) {
        p.assignments.push_back({"", "NEXT", static_cast<AssignmentRole>(r), "", {}, "", {}});
      }
      GEMIS_ASSIGN_OR_RETURN(p.id, txn.SavePlan(p));
      want.plans.push_back(p);
    }
    const PlanId plan = want.plans[0].id;
    for (int i = 0; i < 6; ++i) {
      Target t = MakeTarget(plan, "5");
      t.level = static_cast<ImplementingLevel>(i);
      t.unit = static_cast<TargetUnit>(i);
      t.direction = static_cast<TargetDirection>(i % 3);
      t.rule = static_cast<AllocationRule>(i % 3);
      t.status = static_cast<TargetStatus>(i % 3);
      GEMIS_ASSIGN_OR_RETURN(t.id, txn.InsertTarget(t));
      want.targets.push_back(t);
      BudgetLine b;
      b.plan = plan;
      b.key = "b" + std::to_string(i);
      b.level = static_cast<ImplementingLevel>(i);
      b.funding = static_cast<FundingSource>(i % 5);
      b.kind = static_cast<BudgetKind>(i);
      GEMIS_ASSIGN_OR_RETURN(b.id, txn.InsertBudgetLine(b));
      want.budget_lines.push_back(b);
    }
    return Status::Ok();
  }));
  PlanBook book = Load();
  ASSERT_EQ(book.data().agencies.size(), want.agencies.size() + 1);
  std::vector<Agency> agencies(book.data().agencies.begin() + 1, book.data().agencies.end());
  EXPECT_EQ(DumpAll(agencies), DumpAll(want.agencies));
  EXPECT_EQ(DumpAll(book.data().program_nodes), DumpAll(want.program_nodes));
  EXPECT_EQ(DumpAll(book.data().plans), DumpAll(want.plans));
  EXPECT_EQ(DumpAll(book.data().targets), DumpAll(want.targets));
  EXPECT_EQ(DumpAll(book.data().budget_lines), DumpAll(want.budget_lines));
}

// ----------------------------------------------------------------- upserts

TEST_F(SqlitePlans, AgencyIsUpdatedByCodeReplacingNamesAndSuccessors) {
  AgencyId first = 0, second = 0, next = 0;
  Agency a = MakeAgency("YB-HLHPN", AgencyKind::kWomensUnion, 2);
  a.names = {{std::nullopt, Day("2019-12-31"), "Tên cũ", ""}, {Day("2020-01-01"), {}, "Tên", ""}};
  a.successors = {{Day("2025-07-01"), "NEXT", AgencySuccession::kMerged, ""}};
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(next, txn.SaveAgency(MakeAgency("NEXT")));
    GEMIS_ASSIGN_OR_RETURN(first, txn.SaveAgency(a));
    return Status::Ok();
  }));
  a.kind = AgencyKind::kDepartment;
  a.org_unit = 0;
  a.to = Day("2025-06-30");
  a.names = {{std::nullopt, std::nullopt, "Tên mới", "Viết tắt"}};
  a.successors.clear();
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(second, txn.SaveAgency(a));
    return Status::Ok();
  }));
  EXPECT_EQ(first, second);
  a.id = first;
  PlanBook book = Load();
  ASSERT_EQ(book.data().agencies.size(), 2u);
  EXPECT_EQ(Dump(*book.FindAgency("YB-HLHPN")), Dump(a));
  EXPECT_EQ(book.FindAgency("NEXT")->id, next);
}

TEST_F(SqlitePlans, ProgramNodeIsUpdatedByCodeAndMayMove) {
  ProgramNodeId id = 0, again = 0;
  ProgramNode activity = MakeNode("ND1.1", "ND1");
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveProgramNode(MakeNode("ND1", "", ProgramNodeKind::kContentArea))
                              .status());
    GEMIS_RETURN_IF_ERROR(txn.SaveProgramNode(MakeNode("ND2", "", ProgramNodeKind::kContentArea))
                              .status());
    GEMIS_ASSIGN_OR_RETURN(id, txn.SaveProgramNode(activity));
    return Status::Ok();
  }));
  activity.parent_code = "ND2";
  activity.name = "Hoạt động đã chuyển";
  activity.period = DateSet::Years(2024, 2025);
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(again, txn.SaveProgramNode(activity));
    return Status::Ok();
  }));
  EXPECT_EQ(id, again);
  activity.id = id;
  PlanBook book = Load();
  EXPECT_EQ(book.data().program_nodes.size(), 3u);
  EXPECT_EQ(Dump(*book.FindProgramNode("ND1.1")), Dump(activity));
}

TEST_F(SqlitePlans, ProgramNodeCannotBecomeItsOwnAncestor) {
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveProgramNode(MakeNode("A", "", ProgramNodeKind::kProgramme))
                              .status());
    GEMIS_RETURN_IF_ERROR(txn.SaveProgramNode(MakeNode("A.B", "A")).status());
    return txn.SaveProgramNode(MakeNode("A.B.C", "A.B")).status();
  }));
  for (const char* parent : {"A", "A.B", "A.B.C"}) {
    SCOPED_TRACE(parent);
    ProgramNode root = MakeNode("A", "", ProgramNodeKind::kProgramme);
    root.parent_code = parent;
    Status status = Write([&](WriteTransaction& txn) { return txn.SaveProgramNode(root).status(); });
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
    EXPECT_EQ(status.where().field, "parent");
    EXPECT_THAT(status.message(), HasSubstr("cycle"));
  }
  EXPECT_TRUE(Load().FindProgramNode("A")->parent_code.empty());
}

TEST_F(SqlitePlans, NormIsUpdatedByCode) {
  SpendingNorm norm{"TT55", "Cũ", 10, "lớp", "", {}};
  ASSERT_OK(Write([&](WriteTransaction& txn) { return txn.SaveNorm(norm); }));
  norm.name = "Mới";
  norm.max_per_unit = 15'000'000;
  norm.legal_basis = "Thông tư 55/2023/TT-BTC";
  ASSERT_OK(Write([&](WriteTransaction& txn) { return txn.SaveNorm(norm); }));
  PlanBook book = Load();
  ASSERT_EQ(book.data().norms.size(), 1u);
  EXPECT_EQ(Dump(book.data().norms[0]), Dump(norm));
}

// A plan saved again under its code keeps its id (and so its targets and
// every reference to it); its citations and assignments are replaced; what
// it states is left alone.
TEST_F(SqlitePlans, PlanReplacedByCodeKeepsItsIdAndItsContents) {
  Plan plan = MakePlan("HN-1");
  plan.number = "1/KH";
  plan.date = Day("2024-01-05");
  plan.citations = {Citation{"căn cứ", "", "luật", "1/2024/QH15", "", {}, "", {}},
                    Citation{"căn cứ", "", "nghị định", "2/2024", "", {}, "", {}}};
  PlanId id = 0, citing = 0;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveAgency(MakeAgency("AG")).status());
    plan.assignments = {Assignment{"", "AG", AssignmentRole::kLead, "", {}, "", {}}};
    GEMIS_ASSIGN_OR_RETURN(id, txn.SavePlan(plan));
    GEMIS_RETURN_IF_ERROR(txn.InsertTarget(MakeTarget(id, "5")).status());
    GEMIS_RETURN_IF_ERROR(txn.InsertSourceNote(SourceNote{id, "typo", "x", {}}));
    Plan other = MakePlan("HN-2");
    other.citations = {Citation{"thực hiện", "HN-1", "", "", "", {}, "", {}}};
    GEMIS_ASSIGN_OR_RETURN(citing, txn.SavePlan(other));
    return Status::Ok();
  }));
  plan.number.clear();
  plan.date.reset();
  plan.period = DateSet::Years(2024, 2025);
  plan.citations = {Citation{"thực hiện", "HN-2", "kế hoạch", "", "", {}, "", {}}};
  plan.assignments.clear();
  PlanId again = 0;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(again, txn.SavePlan(plan));
    return Status::Ok();
  }));
  EXPECT_EQ(again, id);
  plan.id = id;
  PlanBook book = Load();
  ASSERT_EQ(book.plans().size(), 2u);
  EXPECT_EQ(Dump(*book.FindPlan(id)), Dump(plan));
  EXPECT_EQ(book.FindPlan(citing)->citations[0].plan_code, "HN-1");
  EXPECT_EQ(book.TargetsOf(id).size(), 1u);
  EXPECT_EQ(book.SourceNotesOf(id).size(), 1u);
}

TEST_F(SqlitePlans, ClearPlanContentsRemovesWhatThePlanStatesAndNothingElse) {
  PlanBookData data = FullBook();
  ASSERT_OK(Write([&](WriteTransaction& txn) { return SaveBook(txn, data); }));
  const PlanId first = data.plans[0].id, second = data.plans[1].id;
  ASSERT_OK(Write([&](WriteTransaction& txn) { return txn.ClearPlanContents(first); }));
  PlanBook book = Load();
  EXPECT_TRUE(book.TargetsOf(first).empty());
  EXPECT_TRUE(book.BudgetOf(first).empty());
  EXPECT_TRUE(book.PlaceCountsOf(first).empty());
  EXPECT_TRUE(book.AreasOf(first).empty());
  EXPECT_TRUE(book.DeadlinesOf(first).empty());
  EXPECT_TRUE(book.SourceNotesOf(first).empty());
  // The plan itself, its citations and assignments, and the other plan stay.
  EXPECT_EQ(Dump(*book.FindPlan(first)), Dump(data.plans[0]));
  EXPECT_EQ(book.TargetsOf(second).size(), 2u);
  EXPECT_EQ(book.BudgetOf(second).size(), 1u);
  EXPECT_EQ(book.PlaceCountsOf(second).size(), 1u);
  EXPECT_EQ(book.AreasOf(second).size(), 1u);
  EXPECT_EQ(book.DeadlinesOf(second).size(), 1u);
  EXPECT_EQ(book.SourceNotesOf(second).size(), 1u);
  EXPECT_EQ(book.data().agencies.size(), data.agencies.size());
  EXPECT_EQ(book.data().norms.size(), data.norms.size());
  // A re-import fills it again, with new ids.
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    return txn.InsertTarget(MakeTarget(first, "9")).status();
  }));
  ASSERT_EQ(Load().TargetsOf(first).size(), 1u);
  EXPECT_EQ(Load().TargetsOf(first)[0]->value.ToString(), "9");
}

TEST_F(SqlitePlans, SetTargetStatusChangesStatusAndNote) {
  PlanId plan = SaveSimplePlan("P");
  TargetId id = 0;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(id, txn.InsertTarget(MakeTarget(plan, "57")));
    return Status::Ok();
  }));
  ASSERT_OK(Write([&](WriteTransaction& txn) {
    return txn.SetTargetStatus(id, TargetStatus::kWithdrawn, "trùng với dòng 3");
  }));
  PlanBook book = Load();
  ASSERT_EQ(book.data().targets.size(), 1u);
  EXPECT_EQ(book.data().targets[0].status, TargetStatus::kWithdrawn);
  EXPECT_EQ(book.data().targets[0].status_note, "trùng với dòng 3");
  EXPECT_EQ(book.data().targets[0].value.ToString(), "57");
  Status missing = Write([&](WriteTransaction& txn) {
    return txn.SetTargetStatus(id + 100, TargetStatus::kActive, "");
  });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound) << missing.ToString();
}

TEST_F(SqlitePlans, SetTargetValueChangesOnlyTheValue) {
  PlanId plan = SaveSimplePlan("P");
  TargetId id = 0;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(id, txn.InsertTarget(MakeTarget(plan, "57")));
    return Status::Ok();
  }));
  ASSERT_OK(Write([&](WriteTransaction& txn) {
    return txn.SetTargetValue(id, *Decimal::Parse("12.5"));
  }));
  PlanBook book = Load();
  ASSERT_EQ(book.data().targets.size(), 1u);
  EXPECT_EQ(book.data().targets[0].value.ToString(), "12.5");
  EXPECT_EQ(book.data().targets[0].status, TargetStatus::kActive);
  EXPECT_EQ(book.data().targets[0].ordinal, MakeTarget(plan, "57").ordinal);
  Status missing =
      Write([&](WriteTransaction& txn) { return txn.SetTargetValue(id + 100, Decimal()); });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound) << missing.ToString();
}

TEST_F(SqlitePlans, TargetMeasureMayBeNamedByCodeAlone) {
  PlanId plan = SaveSimplePlan("P");
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    Target t = MakeTarget(plan);
    t.measure = MeasureRef{MeasureKind::kIndicator, 0, "P8_SHARE"};
    return txn.InsertTarget(t).status();
  }));
  PlanBook book = Load();
  ASSERT_EQ(book.data().targets.size(), 1u);
  EXPECT_EQ(book.data().targets[0].measure.kind, MeasureKind::kIndicator);
  EXPECT_EQ(book.data().targets[0].measure.id, share_);
  EXPECT_EQ(book.data().targets[0].measure.code, "P8_SHARE");
}

TEST_F(SqlitePlans, BudgetLineKeyIsUniqueWithinItsPlan) {
  PlanId first = SaveSimplePlan("P1"), second = SaveSimplePlan("P2");
  BudgetLine line;
  line.key = "tinh-2024";
  line.amount = 5;
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    line.plan = first;
    GEMIS_RETURN_IF_ERROR(txn.InsertBudgetLine(line).status());
    line.plan = second;
    return txn.InsertBudgetLine(line).status();
  }));
  line.plan = first;
  Status status = Write([&](WriteTransaction& txn) { return txn.InsertBudgetLine(line).status(); });
  EXPECT_EQ(status.code(), ErrorCode::kAlreadyExists) << status.ToString();
  EXPECT_EQ(status.where().field, "key");
  EXPECT_THAT(status.message(), HasSubstr("tinh-2024"));
  EXPECT_EQ(Load().data().budget_lines.size(), 2u);
}

// ------------------------------------------------------------ references

// Each call and what is missing, with the field the error must name.
struct MissingCase {
  const char* name;
  std::function<Status(WriteTransaction&, PlanId)> call;
  const char* field;
  const char* names;  // in the message
};

TEST_F(SqlitePlans, ReferencesToMissingObjectsAreNotFound) {
  PlanId plan = SaveSimplePlan("P");
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveAgency(MakeAgency("AG")).status());
    return txn.SaveProgramNode(MakeNode("ND")).status();
  }));
  const MeasureRef teams = Teams();
  const MissingCase cases[] = {
      {"successor",
       [](WriteTransaction& txn, PlanId) {
         Agency a = MakeAgency("NEW");
         a.successors = {{Day("2025-07-01"), "GONE", AgencySuccession::kBecame, ""}};
         return txn.SaveAgency(a).status();
       },
       "successors/0/code", "GONE"},
      {"agency unit",
       [](WriteTransaction& txn, PlanId) { return txn.SaveAgency(MakeAgency("NEW", {}, 99)).status(); },
       "orgUnit", "99"},
      {"parent node",
       [](WriteTransaction& txn, PlanId) { return txn.SaveProgramNode(MakeNode("X", "GONE")).status(); },
       "parent", "GONE"},
      {"issuer unit",
       [](WriteTransaction& txn, PlanId) { return txn.SavePlan(MakePlan("NEW", 99)).status(); },
       "issuer", "99"},
      {"issuer agency",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.issuer_agency_code = "GONE";
         return txn.SavePlan(p).status();
       },
       "issuer/agency", "GONE"},
      {"superseded by",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.superseded_by = "GONE";
         return txn.SavePlan(p).status();
       },
       "supersededBy", "GONE"},
      {"plan's programme",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.program_node_code = "GONE";
         return txn.SavePlan(p).status();
       },
       "programme", "GONE"},
      {"cited plan",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.citations = {Citation{}, Citation{"căn cứ", "GONE", "", "", "", {}, "", {}}};
         return txn.SavePlan(p).status();
       },
       "citations/1/plan", "GONE"},
      {"assigned agency",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.assignments = {Assignment{"ND", "GONE", AssignmentRole::kLead, "", {}, "", {}}};
         return txn.SavePlan(p).status();
       },
       "assignments/0/agency", "GONE"},
      {"assigned node",
       [](WriteTransaction& txn, PlanId) {
         Plan p = MakePlan("NEW");
         p.assignments = {Assignment{"GONE", "AG", AssignmentRole::kLead, "", {}, "", {}}};
         return txn.SavePlan(p).status();
       },
       "assignments/0/node", "GONE"},
      {"clear missing plan",
       [](WriteTransaction& txn, PlanId p) { return txn.ClearPlanContents(p + 100); }, "plan",
       "plan"},
      {"target plan",
       [this](WriteTransaction& txn, PlanId p) { return txn.InsertTarget(MakeTarget(p + 100)).status(); },
       "plan", "plan"},
      {"target element",
       [this](WriteTransaction& txn, PlanId p) {
         Target t = MakeTarget(p);
         t.measure = MeasureRef{MeasureKind::kDataElement, 999, "P8_GONE"};
         return txn.InsertTarget(t).status();
       },
       "measure", "P8_GONE"},
      {"target indicator id is an element's",
       [this, teams](WriteTransaction& txn, PlanId p) {
         Target t = MakeTarget(p);
         t.measure = MeasureRef{MeasureKind::kIndicator, teams.id + share_ + 10, ""};
         return txn.InsertTarget(t).status();
       },
       "measure", "indicator"},
      {"target measure code",
       [this](WriteTransaction& txn, PlanId p) {
         Target t = MakeTarget(p);
         t.measure = MeasureRef{MeasureKind::kIndicator, 0, "P8_TTCD_TO"};  // an element's code
         return txn.InsertTarget(t).status();
       },
       "measure", "P8_TTCD_TO"},
      {"target unit",
       [this](WriteTransaction& txn, PlanId p) { return txn.InsertTarget(MakeTarget(p, "1", 99)).status(); },
       "orgUnit", "99"},
      {"target agency",
       [this](WriteTransaction& txn, PlanId p) {
         Target t = MakeTarget(p);
         t.agency_code = "GONE";
         return txn.InsertTarget(t).status();
       },
       "agency", "GONE"},
      {"target activity",
       [this](WriteTransaction& txn, PlanId p) {
         Target t = MakeTarget(p);
         t.program_node_code = "GONE";
         return txn.InsertTarget(t).status();
       },
       "activity", "GONE"},
      {"budget norm",
       [](WriteTransaction& txn, PlanId p) {
         BudgetLine b;
         b.plan = p;
         b.key = "k";
         b.norm_code = "GONE";
         return txn.InsertBudgetLine(b).status();
       },
       "norm", "GONE"},
      {"budget unit",
       [](WriteTransaction& txn, PlanId p) {
         BudgetLine b;
         b.plan = p;
         b.key = "k";
         b.org_unit = 99;
         return txn.InsertBudgetLine(b).status();
       },
       "orgUnit", "99"},
      {"budget plan",
       [](WriteTransaction& txn, PlanId p) {
         BudgetLine b;
         b.plan = p + 100;
         b.key = "k";
         return txn.InsertBudgetLine(b).status();
       },
       "plan", "plan"},
      {"place count unit",
       [](WriteTransaction& txn, PlanId p) {
         return txn.InsertPlaceCount(PlaceCount{p, 99, "villages", 1, {}, "", 0, {}});
       },
       "orgUnit", "99"},
      {"area unit",
       [](WriteTransaction& txn, PlanId p) {
         return txn.InsertPlanArea(PlanArea{p, 99, "scope", 0, {}});
       },
       "orgUnit", "99"},
      {"area plan",
       [](WriteTransaction& txn, PlanId p) {
         return txn.InsertPlanArea(PlanArea{p + 100, 2, "scope", 0, {}});
       },
       "plan", "plan"},
      {"deadline plan",
       [](WriteTransaction& txn, PlanId p) {
         return txn.InsertDeadline(ReportingDeadline{p + 100, "", "", 0, 0, 0, "", "", "", {}});
       },
       "plan", "plan"},
      {"note plan",
       [](WriteTransaction& txn, PlanId p) {
         return txn.InsertSourceNote(SourceNote{p + 100, "typo", "", {}});
       },
       "plan", "plan"},
  };
  for (const MissingCase& c : cases) {
    SCOPED_TRACE(c.name);
    // The failed call changes nothing even when the transaction goes on and
    // commits: references are checked before anything is written.
    Status inner;
    ASSERT_OK(Write([&](WriteTransaction& txn) {
      inner = c.call(txn, plan);
      return Status::Ok();
    }));
    EXPECT_EQ(inner.code(), ErrorCode::kNotFound) << inner.ToString();
    EXPECT_EQ(inner.where().field, c.field);
    EXPECT_THAT(inner.message(), HasSubstr(c.names));
  }
  PlanBook book = Load();
  EXPECT_EQ(book.data().agencies.size(), 1u);
  EXPECT_EQ(book.data().program_nodes.size(), 1u);
  ASSERT_EQ(book.plans().size(), 1u);
  EXPECT_TRUE(book.data().targets.empty());
  EXPECT_TRUE(book.data().budget_lines.empty());
  EXPECT_TRUE(book.data().place_counts.empty());
  EXPECT_TRUE(book.data().areas.empty());
  EXPECT_TRUE(book.data().deadlines.empty());
  EXPECT_TRUE(book.data().source_notes.empty());
}

TEST_F(SqlitePlans, IncompleteObjectsAreInvalid) {
  PlanId plan = SaveSimplePlan("P");
  struct Case {
    const char* name;
    std::function<Status(WriteTransaction&)> call;
    const char* field;
  };
  const Case cases[] = {
      {"agency without code", [](WriteTransaction& txn) { return txn.SaveAgency(MakeAgency("")).status(); },
       "code"},
      {"agency without name",
       [](WriteTransaction& txn) {
         Agency a = MakeAgency("A");
         a.names.clear();
         return txn.SaveAgency(a).status();
       },
       "names"},
      {"node without code", [](WriteTransaction& txn) { return txn.SaveProgramNode(MakeNode("")).status(); },
       "code"},
      {"norm without code", [](WriteTransaction& txn) { return txn.SaveNorm(SpendingNorm{}); }, "code"},
      {"plan without code", [](WriteTransaction& txn) { return txn.SavePlan(MakePlan("")).status(); },
       "code"},
      {"plan without issuer",
       [](WriteTransaction& txn) { return txn.SavePlan(MakePlan("X", 0)).status(); }, "issuer"},
      {"plan without period",
       [](WriteTransaction& txn) {
         Plan p = MakePlan("X");
         p.period = DateSet();
         return txn.SavePlan(p).status();
       },
       "period"},
      {"assignment without agency",
       [](WriteTransaction& txn) {
         Plan p = MakePlan("X");
         p.assignments = {Assignment{}};
         return txn.SavePlan(p).status();
       },
       "assignments/0/agency"},
      {"target without measure",
       [&](WriteTransaction& txn) {
         Target t = MakeTarget(plan);
         t.measure = MeasureRef{};
         return txn.InsertTarget(t).status();
       },
       "measure"},
      {"budget line without key",
       [&](WriteTransaction& txn) {
         BudgetLine b;
         b.plan = plan;
         return txn.InsertBudgetLine(b).status();
       },
       "key"},
      {"area without kind",
       [&](WriteTransaction& txn) { return txn.InsertPlanArea(PlanArea{plan, 2, "", 0, {}}); },
       "kind"},
      {"deadline month 13",
       [&](WriteTransaction& txn) {
         return txn.InsertDeadline(ReportingDeadline{plan, "", "", 1, 13, 0, "", "", "", {}});
       },
       "dueMonth"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status status = Write(c.call);
    EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << status.ToString();
    EXPECT_EQ(status.where().field, c.field);
  }
  PlanBook book = Load();
  EXPECT_TRUE(book.data().agencies.empty());
  EXPECT_EQ(book.plans().size(), 1u);
}

// ------------------------------------------------------------- atomicity

TEST_F(SqlitePlans, WriteThatFailsAfterInsertingTargetsLeavesNothing) {
  PlanId plan = SaveSimplePlan("P");
  Status status = Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.SaveAgency(MakeAgency("AG")).status());
    GEMIS_ASSIGN_OR_RETURN(PlanId other, txn.SavePlan(MakePlan("Q")));
    for (int i = 0; i < 50; ++i) {
      GEMIS_RETURN_IF_ERROR(txn.InsertTarget(MakeTarget(i % 2 ? plan : other, "3")).status());
    }
    BudgetLine b;
    b.plan = plan;
    b.key = "k";
    GEMIS_RETURN_IF_ERROR(txn.InsertBudgetLine(b).status());
    GEMIS_RETURN_IF_ERROR(txn.ClearPlanContents(other));
    return Status::Invalid("/plans/0/targets/51/value: not a number");
  });
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  PlanBook book = Load();
  EXPECT_EQ(book.plans().size(), 1u);
  EXPECT_TRUE(book.data().agencies.empty());
  EXPECT_TRUE(book.data().targets.empty());
  EXPECT_TRUE(book.data().budget_lines.empty());
}

// A re-import: clear, then insert again, all in one write that fails half
// way: the earlier contents are still there.
TEST_F(SqlitePlans, FailedReimportKeepsTheEarlierContents) {
  PlanId plan = SaveSimplePlan("P");
  ASSERT_OK(Write([&](WriteTransaction& txn) -> Status {
    for (const char* value : {"1", "2", "3"}) {
      GEMIS_RETURN_IF_ERROR(txn.InsertTarget(MakeTarget(plan, value)).status());
    }
    return Status::Ok();
  }));
  Status status = Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.ClearPlanContents(plan));
    GEMIS_RETURN_IF_ERROR(txn.InsertTarget(MakeTarget(plan, "4")).status());
    return txn.InsertTarget(MakeTarget(plan, "5", 99)).status();  // no unit 99
  });
  EXPECT_EQ(status.code(), ErrorCode::kNotFound) << status.ToString();
  std::vector<std::string> values;
  PlanBook book = Load();
  for (const Target* t : book.TargetsOf(plan)) values.push_back(t->value.ToString());
  EXPECT_THAT(values, ElementsAre("1", "2", "3"));
}

// ------------------------------------------------------------ corruption

TEST_F(SqlitePlans, UnreadableStoredValuesAreCorruption) {
  PlanId plan = SaveSimplePlan("P");
  ASSERT_OK(Write([&](WriteTransaction& txn) { return txn.InsertTarget(MakeTarget(plan)).status(); }));
  struct Case {
    const char* sql;
    const char* says;
  };
  const Case cases[] = {
      {"UPDATE target SET value = 'many'", "value 'many'"},
      {"UPDATE target SET time_window = 'soon'", "date set 'soon'"},
      {"UPDATE target SET measure_id = 999", "measure 999"},
      {"UPDATE plan SET date = '2024-02-30'", "date '2024-02-30'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sql);
    {
      Result<SqliteDb> db = SqliteDb::Open(Path(), false);
      ASSERT_TRUE(db.ok());
      ASSERT_OK(db->Exec(std::string("SAVEPOINT damage; ") + c.sql + "; RELEASE damage"));
    }
    Status status = store_->Read([](ReadTransaction& txn) { return txn.LoadPlanBook().status(); });
    EXPECT_EQ(status.code(), ErrorCode::kCorruption) << status.ToString();
    EXPECT_THAT(status.message(), HasSubstr(c.says));
    // Repair for the next case.
    Result<SqliteDb> db = SqliteDb::Open(Path(), false);
    ASSERT_TRUE(db.ok());
    ASSERT_OK(db->Exec("UPDATE target SET value = '1', time_window = '', measure_id = " +
                       std::to_string(teams_) + "; UPDATE plan SET date = NULL"));
  }
  EXPECT_TRUE(store_->Read([](ReadTransaction& txn) { return txn.LoadPlanBook().status(); }).ok());
}

}  // namespace
}  // namespace gemis::store
