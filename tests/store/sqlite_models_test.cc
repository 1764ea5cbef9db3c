// Models, figure rules and figures published from records in the SQLite
// store (store/sqlite_models.cc, migration 12): every kind round-trips with its
// facts in statement order, updates replace facts and consolidations, codes,
// uids and references are checked before writing, filters, cascades, rules
// saved idempotently, and claims saved, replaced, found and deleted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/uid.h"
#include "store/data_value_store_fixture.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace gemis::store {
namespace {

using records::FactField;
using records::FigureBy;
using records::FigureRule;
using records::Model;
using records::ModelFact;
using records::ModelId;
using records::ModelKind;
using records::ModelStatus;
using store_test::WriteResult;
using ::testing::HasSubstr;

Date Day(const char* text) { return *Date::Parse(text); }

// Every field of a model as text, so that a mismatch shows the field.
std::string Dump(const Model& m) {
  std::ostringstream out;
  out << "model id=" << m.id << " uid=" << m.uid << " code=" << m.code
      << " kind=" << records::ModelKindName(m.kind) << " name=" << m.name << " unit=" << m.org_unit
      << " place=" << m.place << " level=" << ImplementingLevelName(m.level)
      << " established=" << m.established.ToString()
      << " dissolved=" << (m.dissolved ? m.dissolved->ToString() : "-") << " plan=" << m.plan
      << " target=" << m.target << " note=" << m.note << "\n  consolidated";
  for (const Date& d : m.consolidated) out << " " << d.ToString();
  for (const ModelFact& f : m.facts) {
    out << "\n  fact " << f.date.ToString() << " " << records::InfoOf(f.field).code << "="
        << f.value;
  }
  return out.str();
}

std::string Dump(const FigureRule& r) {
  std::ostringstream out;
  out << "rule id=" << r.id << " element=" << r.data_element
      << " kind=" << records::ModelKindName(r.kind) << " statuses=";
  for (ModelStatus s : r.statuses) out << records::ModelStatusName(s) << ";";
  out << " where=" << (r.where ? records::InfoOf(*r.where).code : "-")
      << " in_period=" << r.where_in_period << " sum=";
  for (FactField f : r.sum) out << records::InfoOf(f).code << ";";
  out << " by=" << records::FigureByName(r.by) << " type=" << PeriodTypeName(r.period_type)
      << " note=" << r.note;
  return out.str();
}

std::string Dump(const FigureClaim& c) {
  std::ostringstream out;
  out << c.key.data_element << "/" << c.key.period << "/" << c.key.org_unit << "/"
      << c.key.category_option_combo << "/" << c.key.attribute_option_combo << " rule=" << c.rule
      << " value=" << c.value << " models=";
  for (ModelId id : c.models) out << id << ";";
  return out.str();
}

std::vector<ModelFact> FactsOf(ModelKind kind) {
  switch (kind) {
    case ModelKind::kCommunicationTeam:
      return {{Day("2023-06-01"), FactField::kMembersFemale, "8"},  // not in date order
              {Day("2022-03-15"), FactField::kMembersFemale, "5"},
              {Day("2022-03-15"), FactField::kMembersMale, "3"},
              {Day("2022-03-15"), FactField::kMembersEthnicMinority, "6"},
              {Day("2022-03-15"), FactField::kLanguages, "Tày; Nùng"},
              {Day("2022-04-01"), FactField::kEquipment, "loa, âm ly"},
              {Day("2022-04-01"), FactField::kEquipmentValue, "15000000"},
              {Day("2023-06-01"), FactField::kMembersFemale, "9"}};  // same day, stated later
    case ModelKind::kSavingsGroup:
      return {{Day("2022-03-15"), FactField::kMembersFemale, "20"},
              {Day("2022-03-15"), FactField::kSavings, "50000000"},
              {Day("2022-12-31"), FactField::kLoans, "30000000"},
              {Day("2022-12-31"), FactField::kMembersFormalFinance, "4"},
              {Day("2022-12-31"), FactField::kMembersLivelihoodSupport, "3"},
              {Day("2022-12-31"), FactField::kGals, "true"}};
    case ModelKind::kLivelihoodGroup:
      return {{Day("2022-03-15"), FactField::kForm, "cooperative"},
              {Day("2022-03-15"), FactField::kOwnersFemale, "7"},
              {Day("2022-03-15"), FactField::kOwnersMale, "2"},
              {Day("2023-01-10"), FactField::kSupportContents, "brand,ecommerce"},
              {Day("2022-03-15"), FactField::kMembersFemale, "9"}};
    case ModelKind::kTrustedAddress:
      return {{Day("2022-03-15"), FactField::kOwnerName, "Nguyễn Thị Hoa"},
              {Day("2022-03-15"), FactField::kOwnerTrained, "true"},
              {Day("2022-03-15"), FactField::kBoardMembers, "5"},
              {Day("2022-03-15"), FactField::kHotline, "0912 345 678"},
              {Day("2022-03-15"), FactField::kAddress, "thôn 3, xã Nà Rì"},
              {Day("2022-05-20"), FactField::kEquipmentSupport, "15000000"},
              {Day("2022-05-20"), FactField::kEquipment, "bàn ghế, tủ"}};
    case ModelKind::kLeadersClub:
      return {{Day("2022-03-15"), FactField::kSetting, "school"},
              {Day("2022-03-15"), FactField::kFacilitators, "2"},
              {Day("2022-03-15"), FactField::kBoardMembers, "3"},
              {Day("2022-03-15"), FactField::kMembersFemale, "15"},
              {Day("2022-03-15"), FactField::kMembersMale, "10"}};
    case ModelKind::kVictimLivelihood:
      // Its participants are cases, never a typed fact.
      return {{Day("2022-03-15"), FactField::kSupportGiven, "giống lợn"},
              {Day("2022-03-15"), FactField::kSupportAmount, "10000000"}};
  }
  return {};
}

Model MakeModel(const std::string& code, ModelKind kind = ModelKind::kCommunicationTeam,
                OrgUnitId unit = 2) {
  Model m;
  m.code = code;
  m.kind = kind;
  m.name = "Mô hình " + code;
  m.org_unit = unit;
  m.established = Day("2022-03-15");
  return m;
}

// Units 1 (centre), 2 (province) and 3 (district), the data value fixture's
// elements, combos and periods, and plan YB-12-2024 with one target.
class SqliteModels : public store_test::SqliteDataValues {
 protected:
  void SetUp() override {
    SqliteDataValues::SetUp();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit district = store_test::Unit(3, OrgUnitLevel::kDistrict, 2);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&district}));
      Plan plan;
      plan.code = "YB-12-2024";
      plan.issuer_unit = 2;
      plan.period = *DateSet::Parse("2024");
      GEMIS_ASSIGN_OR_RETURN(plan_, txn.SavePlan(plan));
      Target target;
      target.plan = plan_;
      target.measure = MeasureRef{MeasureKind::kDataElement, teams_, "TEAMS"};
      target.org_unit = 2;
      target.value = *Decimal::Parse("5");
      GEMIS_ASSIGN_OR_RETURN(target_, txn.InsertTarget(target));
      return Status::Ok();
    }));
  }

  Result<ModelId> Save(const Model& m) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveModel(m); });
  }
  std::vector<Model> Load(const ModelFilter& filter = {}) {
    std::vector<Model> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadModels(filter));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::vector<std::string> Codes(const ModelFilter& filter) {
    std::vector<std::string> out;
    for (const Model& m : Load(filter)) out.push_back(m.code);
    return out;
  }
  std::optional<Model> Find(std::string_view code_or_uid) {
    std::optional<Model> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindModel(code_or_uid));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Result<int64_t> SaveRule(const FigureRule& r) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveFigureRule(r); });
  }
  std::vector<FigureRule> Rules() {
    std::vector<FigureRule> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadFigureRules());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Status SaveClaim(const FigureClaim& c) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveFigureClaim(c); });
  }
  std::vector<std::string> Claims(std::optional<MetadataId> element = std::nullopt) {
    std::vector<std::string> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<FigureClaim> claims, txn.LoadFigureClaims(element));
      for (const FigureClaim& c : claims) out.push_back(Dump(c));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::string FindClaim(const DataValueKey& key) {
    std::string out = "error";
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::optional<FigureClaim> c, txn.FindFigureClaim(key));
      out = c ? Dump(*c) : "none";
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  // One text value of a query on a second connection.
  std::string Query(const std::string& sql) {
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    if (!db.ok()) return "error: " + db.status().ToString();
    Result<SqliteStatement> stmt = db->Prepare(sql);
    if (!stmt.ok()) return "error: " + stmt.status().ToString();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return "error: " + row.status().ToString();
    return *row ? stmt->Text(0) : "";
  }

  PlanId plan_ = 0;
  TargetId target_ = 0;
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteModels, MigrationTwelveCreatesTheTables) {
  EXPECT_GE(LatestSchemaVersion(), 12);
  ASSERT_GE(AllMigrations().size(), 12u);
  EXPECT_EQ(AllMigrations()[11].version, 12);
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  for (const char* table :
       {"model", "model_consolidation", "model_fact", "figure_rule", "record_figure"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
              "table")
        << table;
  }
  for (const char* index :
       {"model_org_unit", "model_kind", "figure_rule_key", "record_figure_rule"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + index + "'"),
              "index")
        << index;
  }
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------------------ models

TEST_F(SqliteModels, EveryKindRoundTripsWithItsFactsInStatementOrder) {
  std::vector<Model> saved;
  for (int k = 0; k < records::kModelKindCount; ++k) {
    const ModelKind kind = static_cast<ModelKind>(k);
    Model m = MakeModel(std::string("M-") + std::to_string(k) + "-" + records::ModelKindName(kind),
                        kind, k % 2 == 0 ? 2 : 3);
    m.place = k % 2 == 0 ? "xóm Nà Rì" : "";
    m.level = k % 3 == 0   ? ImplementingLevel::kCommune
              : k % 3 == 1 ? ImplementingLevel::kDistrict
                           : ImplementingLevel::kProvince;
    m.consolidated = {Day("2023-05-01"), Day("2024-05-01")};
    if (k % 2 == 1) m.dissolved = Day("2025-07-01");
    if (k == 0) {
      m.plan = plan_;
      m.target = target_;
    } else if (k == 1) {
      m.plan = plan_;  // a plan without a target
    }
    m.facts = FactsOf(kind);
    m.note = k == 3 ? "Địa chỉ tin cậy do Hội LHPN huyện hỗ trợ" : "";
    if (k == 5) m.uid = UidFromKey("model:victim");  // a given uid is kept
    Result<ModelId> id = Save(m);
    ASSERT_TRUE(id.ok()) << records::ModelKindName(kind) << ": " << id.status().ToString();
    EXPECT_GT(*id, 0);
    m.id = *id;
    saved.push_back(m);
  }
  std::vector<Model> loaded = Load();
  ASSERT_EQ(loaded.size(), saved.size());  // code order is kind order here
  for (size_t i = 0; i < saved.size(); ++i) {
    EXPECT_TRUE(IsValidUid(loaded[i].uid)) << loaded[i].uid;
    if (saved[i].uid.empty()) saved[i].uid = loaded[i].uid;
    EXPECT_EQ(Dump(loaded[i]), Dump(saved[i]));
  }
  EXPECT_EQ(loaded[5].uid, UidFromKey("model:victim"));
  EXPECT_NE(loaded[0].uid, loaded[1].uid);
  // The same day's later statement wins, as FactsAt reads the order.
  EXPECT_EQ(records::FactsAt(loaded[0], Day("2024-01-01")).at(FactField::kMembersFemale), "9");
  // Plan and target 0 are stored as NULL, not as 0.
  EXPECT_EQ(Query("SELECT count(*) FROM model WHERE plan_id IS NULL AND target_id IS NULL"), "4");
  EXPECT_EQ(Query("SELECT created || '|' || last_updated FROM model WHERE id = 1"),
            "2024-03-01T00:00:00.000Z|2024-03-01T00:00:00.000Z");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteModels, UpdateReplacesConsolidationsAndFactsAndKeepsUidAndCreated) {
  Model m = MakeModel("CB-TKV-0012", ModelKind::kSavingsGroup);
  m.consolidated = {Day("2023-05-01"), Day("2024-05-01")};
  m.facts = FactsOf(ModelKind::kSavingsGroup);
  Result<ModelId> id = Save(m);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::string uid = Load()[0].uid;

  clock_.Advance(3'600'000);
  Model changed = m;
  changed.id = *id;  // uid left empty: the stored one stays
  changed.code = "CB-TKV-0013";
  changed.name = "Tổ TKVVTB thôn Nà Rì";
  changed.consolidated = {Day("2024-06-01")};
  changed.dissolved = Day("2025-01-01");
  changed.facts = {{Day("2024-01-01"), FactField::kSavings, "70000000"},
                   {Day("2022-03-15"), FactField::kMembersFemale, "22"}};
  changed.plan = plan_;
  changed.target = target_;
  Result<ModelId> again = Save(changed);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *id);
  std::vector<Model> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  changed.uid = uid;
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
  EXPECT_EQ(Query("SELECT count(*) FROM model_fact"), "2");
  EXPECT_EQ(Query("SELECT count(*) FROM model_consolidation"), "1");
  EXPECT_EQ(Query("SELECT created || '|' || last_updated FROM model"),
            "2024-03-01T00:00:00.000Z|2024-03-01T01:00:00.000Z");

  // Back to nothing: no consolidations, no facts, no plan.
  changed.consolidated.clear();
  changed.facts.clear();
  changed.dissolved.reset();
  changed.plan = changed.target = 0;
  ASSERT_TRUE(Save(changed).ok());
  loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
}

TEST_F(SqliteModels, CodesUidsAndIdsAreChecked) {
  Model first = MakeModel("CB-TT-0001");
  first.uid = UidFromKey("model:first");
  Result<ModelId> id = Save(first);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Result<ModelId> same_code = Save(MakeModel("CB-TT-0001", ModelKind::kLeadersClub));
  ASSERT_FALSE(same_code.ok());
  EXPECT_EQ(same_code.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_code.status().where().field, "code");
  EXPECT_THAT(same_code.status().message(), HasSubstr("CB-TT-0001"));

  Model same_uid = MakeModel("CB-TT-0002");
  same_uid.uid = first.uid;
  Result<ModelId> taken_uid = Save(same_uid);
  ASSERT_FALSE(taken_uid.ok());
  EXPECT_EQ(taken_uid.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken_uid.status().where().field, "uid");

  // Another model updated to the first's code.
  Result<ModelId> second = Save(MakeModel("CB-TT-0002"));
  ASSERT_TRUE(second.ok());
  Model renamed = MakeModel("CB-TT-0001");
  renamed.id = *second;
  EXPECT_EQ(Save(renamed).status().code(), ErrorCode::kAlreadyExists);

  Model moved_uid = first;
  moved_uid.id = *id;
  moved_uid.uid = UidFromKey("model:other");
  Result<ModelId> changed_uid = Save(moved_uid);
  ASSERT_FALSE(changed_uid.ok());
  EXPECT_EQ(changed_uid.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(changed_uid.status().where().field, "uid");

  Model unknown = MakeModel("CB-TT-0099");
  unknown.id = 99;
  Result<ModelId> missing = Save(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");

  EXPECT_EQ(Codes({}), (std::vector<std::string>{"CB-TT-0001", "CB-TT-0002"}));
}

TEST_F(SqliteModels, ReferencesThatNameNothingAreInvalidInputAndWriteNothing) {
  struct Case {
    OrgUnitId unit;
    PlanId plan;
    TargetId target;
    const char* field;
  };
  for (const Case& c : {Case{99, 0, 0, "orgUnit"}, Case{2, 99, 0, "plan"}, Case{2, 0, 99, "target"},
                        Case{2, 99, target_, "plan"}}) {
    Model m = MakeModel("CB-TT-0001");
    m.org_unit = c.unit;
    m.plan = c.plan;
    m.target = c.target;
    m.facts = FactsOf(m.kind);
    Result<ModelId> id = Save(m);
    ASSERT_FALSE(id.ok()) << c.field;
    EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput) << id.status().ToString();
    EXPECT_EQ(id.status().where().field, c.field);
    EXPECT_THAT(id.status().message(), HasSubstr("99 does not exist"));
  }
  // A target of another plan.
  PlanId other = 0;
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    Plan plan;
    plan.code = "LC-7-2024";
    plan.issuer_unit = 2;
    plan.period = *DateSet::Parse("2024");
    GEMIS_ASSIGN_OR_RETURN(other, txn.SavePlan(plan));
    return Status::Ok();
  }));
  Model m = MakeModel("CB-TT-0001");
  m.plan = other;
  m.target = target_;
  Result<ModelId> mismatch = Save(m);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(mismatch.status().where().field, "target");
  EXPECT_THAT(mismatch.status().message(), HasSubstr("belongs to plan"));
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM model_fact"), "0");
}

TEST_F(SqliteModels, CheckModelErrorsPassThroughWithTheirField) {
  Model m = MakeModel("CB-TT-0001");
  m.facts = {{Day("2022-03-15"), FactField::kMembersFemale, "5"},
             {Day("2022-03-15"), FactField::kSavings, "100"}};  // not a team's fact
  Result<ModelId> id = Save(m);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "facts[1].field");
  EXPECT_EQ(id.status().message(), records::CheckModel(m).message());

  m.facts = {{Day("2022-03-15"), FactField::kMembersFemale, "05"}};
  EXPECT_EQ(Save(m).status().where().field, "facts[0].value");
  m.facts.clear();
  m.consolidated = {Day("2022-03-15")};
  EXPECT_EQ(Save(m).status().where().field, "consolidated[0]");
  m.consolidated.clear();
  m.org_unit = 0;
  EXPECT_EQ(Save(m).status().where().field, "orgUnit");
  m.org_unit = 2;
  m.code = "";
  EXPECT_EQ(Save(m).status().code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Load().empty());
}

TEST_F(SqliteModels, FindsByCodeOrUid) {
  Model m = MakeModel("CB-DCTC-0003", ModelKind::kTrustedAddress);
  m.consolidated = {Day("2024-01-01")};
  m.facts = FactsOf(ModelKind::kTrustedAddress);
  Result<ModelId> id = Save(m);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  std::optional<Model> by_code = Find("CB-DCTC-0003");
  ASSERT_TRUE(by_code.has_value());
  m.id = *id;
  m.uid = by_code->uid;
  EXPECT_EQ(Dump(*by_code), Dump(m));
  std::optional<Model> by_uid = Find(m.uid);
  ASSERT_TRUE(by_uid.has_value());
  EXPECT_EQ(Dump(*by_uid), Dump(m));
  EXPECT_FALSE(Find("CB-DCTC-0004").has_value());
  EXPECT_FALSE(Find("").has_value());
}

TEST_F(SqliteModels, LoadsByKindUnitsAndIds) {
  std::vector<ModelId> ids;
  for (auto [code, kind, unit] : {std::tuple{"D", ModelKind::kSavingsGroup, 3},
                                  std::tuple{"A", ModelKind::kCommunicationTeam, 2},
                                  std::tuple{"C", ModelKind::kCommunicationTeam, 3},
                                  std::tuple{"B", ModelKind::kSavingsGroup, 2}}) {
    Result<ModelId> id = Save(MakeModel(code, kind, unit));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  using Codes_ = std::vector<std::string>;
  EXPECT_EQ(Codes({}), (Codes_{"A", "B", "C", "D"}));
  EXPECT_EQ(Codes({.kind = ModelKind::kSavingsGroup}), (Codes_{"B", "D"}));
  EXPECT_EQ(Codes({.kind = ModelKind::kLeadersClub}), Codes_{});
  EXPECT_EQ(Codes({.org_units = {3}}), (Codes_{"C", "D"}));
  EXPECT_EQ(Codes({.org_units = {2, 3}}), (Codes_{"A", "B", "C", "D"}));
  EXPECT_EQ(Codes({.org_units = {1}}), Codes_{});
  EXPECT_EQ(Codes({.ids = {ids[0], ids[1]}}), (Codes_{"A", "D"}));
  EXPECT_EQ(Codes({.kind = ModelKind::kCommunicationTeam, .org_units = {3}, .ids = {}}),
            Codes_{"C"});
  EXPECT_EQ(Codes({.kind = ModelKind::kCommunicationTeam, .org_units = {3}, .ids = {ids[1]}}),
            Codes_{});
}

TEST_F(SqliteModels, DeleteCascadesToConsolidationsAndFacts) {
  Model keep = MakeModel("KEEP");
  keep.consolidated = {Day("2023-01-01")};
  keep.facts = FactsOf(keep.kind);
  Model gone = keep;
  gone.code = "GONE";
  ASSERT_TRUE(Save(keep).ok());
  Result<ModelId> id = Save(gone);
  ASSERT_TRUE(id.ok());
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(*id); }));
  EXPECT_EQ(Codes({}), std::vector<std::string>{"KEEP"});
  EXPECT_EQ(Query("SELECT count(*) FROM model_consolidation"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM model_fact"), std::to_string(keep.facts.size()));
  Status again = store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(*id); });
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);
  EXPECT_EQ(again.where().field, "id");
  ASSERT_OK(store_->CheckIntegrity());
}

// Re-importing a plan's contents deletes its targets: a model counting
// towards one keeps its plan and loses the target instead of blocking it.
TEST_F(SqliteModels, ClearingThePlanContentsUnlinksTheTarget) {
  Model m = MakeModel("CB-TT-0001");
  m.plan = plan_;
  m.target = target_;
  ASSERT_TRUE(Save(m).ok());
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.ClearPlanContents(plan_); }));
  std::vector<Model> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].plan, plan_);
  EXPECT_EQ(loaded[0].target, 0);
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------------ figure rules

FigureRule TeamsRule() {
  FigureRule r;
  r.data_element = "TEAMS";
  return r;
}

FigureRule MembersRule() {
  FigureRule r;
  r.data_element = "MEMBERS";
  r.kind = ModelKind::kSavingsGroup;
  r.statuses = {ModelStatus::kNew, ModelStatus::kConsolidated};
  r.where = FactField::kGals;
  r.where_in_period = true;
  r.sum = {FactField::kSavings, FactField::kLoans};
  r.by = FigureBy::kImplementingLevel;
  r.period_type = PeriodType::kQuarterly;
  r.note = "Thành viên nữ của tổ áp dụng GALS";
  return r;
}

TEST_F(SqliteModels, FigureRulesAreSavedOnceAndLoadInIdOrder) {
  Result<int64_t> teams = SaveRule(TeamsRule());
  ASSERT_TRUE(teams.ok()) << teams.status().ToString();
  Result<int64_t> members = SaveRule(MembersRule());
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  EXPECT_NE(*teams, *members);
  // The same rule again (whatever its id says) is the stored one.
  FigureRule again = TeamsRule();
  again.id = 42;
  EXPECT_EQ(*SaveRule(again), *teams);
  // Its note is not part of its key: it is updated.
  FigureRule noted = MembersRule();
  noted.note = "ghi chú mới";
  EXPECT_EQ(*SaveRule(noted), *members);
  // Anything else in the key makes another rule; NULL facts are a key too.
  FigureRule by_status = TeamsRule();
  by_status.by = FigureBy::kModelStatus;
  Result<int64_t> third = SaveRule(by_status);
  ASSERT_TRUE(third.ok());
  FigureRule no_where = MembersRule();
  no_where.where.reset();
  no_where.where_in_period = false;
  no_where.sum = {FactField::kLoans, FactField::kSavings};  // the sum's order is kept
  Result<int64_t> fourth = SaveRule(no_where);
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(*SaveRule(no_where), *fourth);
  EXPECT_EQ(Query("SELECT count(*) FROM figure_rule"), "4");

  std::vector<FigureRule> rules = Rules();
  ASSERT_EQ(rules.size(), 4u);
  std::vector<FigureRule> want = {TeamsRule(), noted, by_status, no_where};
  want[0].id = *teams;
  want[1].id = *members;
  want[2].id = *third;
  want[3].id = *fourth;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Dump(rules[i]), Dump(want[i]));
  EXPECT_EQ(Query("SELECT statuses || '|' || where_field || '|' || where_in_period || '|' ||"
                  " sum_fields || '|' || by || '|' || period_type FROM figure_rule WHERE id = " +
                  std::to_string(*members)),
            "new,consolidated|gals|1|savings,loans|implementing_level|Quarterly");
  EXPECT_EQ(Query("SELECT count(*) FROM figure_rule WHERE where_field IS NULL"
                  " AND (sum_fields IS NULL) = (id = " +
                  std::to_string(*third) + ")"),
            "2");
}

TEST_F(SqliteModels, FigureRuleChecksPassThrough) {
  FigureRule bad = MembersRule();
  bad.sum = {FactField::kSavings, FactField::kGals};  // a flag is not summed
  Result<int64_t> id = SaveRule(bad);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "sum");
  bad = TeamsRule();
  bad.statuses = {};
  EXPECT_EQ(SaveRule(bad).status().where().field, "statuses");
  bad = TeamsRule();
  bad.where_in_period = true;
  EXPECT_EQ(SaveRule(bad).status().where().field, "whereInPeriod");
  EXPECT_TRUE(Rules().empty());
}

// Stored text that does not parse is kCorruption, and the store stays usable.
TEST_F(SqliteModels, UnparsableStoredTextIsCorruption) {
  Model m = MakeModel("CB-TT-0001");
  m.consolidated = {Day("2023-01-01")};
  m.facts = FactsOf(m.kind);
  ASSERT_TRUE(Save(m).ok());
  ASSERT_TRUE(SaveRule(TeamsRule()).ok());
  auto raw = [&](const std::string& sql) {
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout(db->handle(), 10000);
    ASSERT_OK(db->Exec(sql));
  };
  auto load_code = [&]() {
    return store_
        ->Read([&](ReadTransaction& txn) -> Status {
          GEMIS_RETURN_IF_ERROR(txn.LoadModels({}).status());
          return txn.FindModel("CB-TT-0001").status();
        })
        .code();
  };
  raw("UPDATE model_fact SET field = 'members' WHERE id = 2");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);  // no statement left mid-scan
  raw("UPDATE model_fact SET field = 'members_female'");
  raw("UPDATE model_consolidation SET day = '2023-13-01'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  raw("UPDATE model_consolidation SET day = '2023-01-01'");
  raw("UPDATE model SET established = 'a while ago'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  raw("UPDATE model SET established = '2022-03-15'");
  EXPECT_EQ(load_code(), ErrorCode::kOk);
  raw("UPDATE figure_rule SET sum_fields = 'members_female,'");
  Status rules = store_->Read([](ReadTransaction& txn) { return txn.LoadFigureRules().status(); });
  EXPECT_EQ(rules.code(), ErrorCode::kCorruption) << rules.ToString();
}

// ------------------------------------------------------------------ claims

TEST_F(SqliteModels, ClaimsAreSavedReplacedFoundAndDeleted) {
  Result<int64_t> teams_rule = SaveRule(TeamsRule());
  Result<int64_t> members_rule = SaveRule(MembersRule());
  ASSERT_TRUE(teams_rule.ok() && members_rule.ok());
  Result<ModelId> a = Save(MakeModel("A"));
  Result<ModelId> b = Save(MakeModel("B"));
  ASSERT_TRUE(a.ok() && b.ok());

  const DataValueKey teams_key{teams_, january_, 2, default_, default_};
  const DataValueKey teams_feb{teams_, february_, 2, default_, default_};
  const DataValueKey members_key{members_, january_, 2, female_, default_};
  ASSERT_OK(SaveClaim({teams_key, *teams_rule, "2", {*a, *b}}));
  ASSERT_OK(SaveClaim({teams_feb, *teams_rule, "0", {}}));
  ASSERT_OK(SaveClaim({members_key, *members_rule, "15", {*b}}));
  const std::string t = std::to_string(teams_), m = std::to_string(members_),
                    jan = std::to_string(january_), feb = std::to_string(february_),
                    dflt = std::to_string(default_), fem = std::to_string(female_),
                    r1 = std::to_string(*teams_rule), r2 = std::to_string(*members_rule),
                    ia = std::to_string(*a), ib = std::to_string(*b);
  const std::string teams_dump = t + "/" + jan + "/2/" + dflt + "/" + dflt + " rule=" + r1 +
                                 " value=2 models=" + ia + ";" + ib + ";";
  const std::string feb_dump =
      t + "/" + feb + "/2/" + dflt + "/" + dflt + " rule=" + r1 + " value=0 models=";
  const std::string members_dump =
      m + "/" + jan + "/2/" + fem + "/" + dflt + " rule=" + r2 + " value=15 models=" + ib + ";";
  EXPECT_EQ(FindClaim(teams_key), teams_dump);
  EXPECT_EQ(FindClaim(teams_feb), feb_dump);
  EXPECT_EQ(FindClaim({teams_, january_, 1, default_, default_}), "none");
  EXPECT_EQ(Claims(teams_), (std::vector<std::string>{teams_dump, feb_dump}));
  EXPECT_EQ(Claims(members_), std::vector<std::string>{members_dump});
  std::vector<std::string> all = {teams_dump, feb_dump, members_dump};
  if (members_ < teams_) all = {members_dump, teams_dump, feb_dump};
  EXPECT_EQ(Claims(), all);

  // Saving a key again replaces its claim.
  ASSERT_OK(SaveClaim({teams_key, *teams_rule, "1", {*a}}));
  EXPECT_EQ(FindClaim(teams_key), t + "/" + jan + "/2/" + dflt + "/" + dflt + " rule=" + r1 +
                                      " value=1 models=" + ia + ";");
  EXPECT_EQ(Query("SELECT count(*) FROM record_figure"), "3");

  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteFigureClaim(teams_key); }));
  EXPECT_EQ(FindClaim(teams_key), "none");
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteFigureClaim(teams_key); }));
  EXPECT_EQ(Claims(teams_), std::vector<std::string>{feb_dump});
  ASSERT_OK(store_->CheckIntegrity());

  // A rule deleted (by hand: the store has no call for it) takes its claims.
  {
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout(db->handle(), 10000);
    ASSERT_OK(db->Exec("PRAGMA foreign_keys=ON; DELETE FROM figure_rule WHERE id = " + r1));
  }
  EXPECT_EQ(Claims(), std::vector<std::string>{members_dump});
}

TEST_F(SqliteModels, ClaimsNameStoredObjects) {
  Result<int64_t> rule = SaveRule(TeamsRule());
  Result<int64_t> members_rule = SaveRule(MembersRule());
  Result<ModelId> a = Save(MakeModel("A"));
  ASSERT_TRUE(rule.ok() && members_rule.ok() && a.ok());
  const DataValueKey key{teams_, january_, 2, default_, default_};
  struct Case {
    FigureClaim claim;
    ErrorCode code;
    const char* field;
  };
  std::vector<Case> cases = {
      {{{99, january_, 2, default_, default_}, *rule, "1", {}},
       ErrorCode::kNotFound,
       "dataElement"},
      {{{teams_, 99, 2, default_, default_}, *rule, "1", {}}, ErrorCode::kNotFound, "period"},
      {{{teams_, january_, 99, default_, default_}, *rule, "1", {}},
       ErrorCode::kNotFound,
       "orgUnit"},
      {{{teams_, january_, 2, 99, default_}, *rule, "1", {}},
       ErrorCode::kNotFound,
       "categoryOptionCombo"},
      {{{teams_, january_, 2, default_, 99}, *rule, "1", {}},
       ErrorCode::kNotFound,
       "attributeOptionCombo"},
      {{key, 99, "1", {}}, ErrorCode::kNotFound, "rule"},
      {{key, 0, "1", {}}, ErrorCode::kNotFound, "rule"},
      {{key, *rule, "1", {*a, 99}}, ErrorCode::kNotFound, "models[1]"},
      // The rule publishes MEMBERS, the key is of TEAMS.
      {{key, *members_rule, "1", {*a}}, ErrorCode::kInvalidInput, "rule"},
  };
  for (const Case& c : cases) {
    Status status = SaveClaim(c.claim);
    EXPECT_EQ(status.code(), c.code) << c.field << ": " << status.ToString();
    EXPECT_EQ(status.where().field, c.field) << status.ToString();
  }
  EXPECT_TRUE(Claims().empty());
}

}  // namespace
}  // namespace gemis::store
