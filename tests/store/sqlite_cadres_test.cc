// The women cadres register and register figure rules in the SQLite store
// (store/sqlite_cadres.cc, migration 14): cadres round-trip with their other
// trainings in the order given, updates replace the trainings, codes, uids
// and units are checked before writing, CheckCadre's errors pass through,
// filters, deletes cascade to trainings and attendance, activities keep
// their attendees, rules are saved idempotently, and claims name register
// rules and cadres.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/uid.h"
#include "store/data_value_store_fixture.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace gemis::store {
namespace {

using records::Activity;
using records::ActivityId;
using records::ActivityKind;
using records::Cadre;
using records::CadreGroup;
using records::CadreId;
using records::FigureBy;
using records::OtherTraining;
using records::RegisterFigureRule;
using store_test::WriteResult;
using ::testing::HasSubstr;

Date Day(const char* text) { return *Date::Parse(text); }

// Every field of a cadre as text, so that a mismatch shows the field.
std::string Dump(const Cadre& c) {
  std::ostringstream out;
  out << "cadre id=" << c.id << " uid=" << c.uid << " code=" << c.code << " name=" << c.name
      << " unit=" << c.org_unit << " level=" << ImplementingLevelName(c.level)
      << " position=" << c.position << " ethnicity=" << c.ethnicity
      << " group=" << records::CadreGroupName(c.group) << " since=" << c.since.ToString()
      << " until=" << (c.until ? c.until->ToString() : "-") << " decision=" << c.decision
      << " note=" << c.note;
  for (const OtherTraining& t : c.other_trainings) {
    out << "\n  " << t.day.ToString() << " " << t.title;
  }
  return out.str();
}

std::string Dump(const RegisterFigureRule& r) {
  std::ostringstream out;
  out << "rule id=" << r.id << " element=" << r.data_element
      << " register=" << records::RegisterKindName(r.register_kind) << " measure=" << r.measure
      << " filter=";
  for (const std::string& g : r.filter) out << g << ";";
  out << " by=" << records::FigureByName(r.by) << " type=" << PeriodTypeName(r.period_type)
      << " note=" << r.note;
  return out.str();
}

std::string Dump(const FigureClaim& c) {
  std::ostringstream out;
  out << c.key.data_element << "/" << c.key.period << "/" << c.key.org_unit << "/"
      << c.key.category_option_combo << "/" << c.key.attribute_option_combo << " rule=" << c.rule
      << " activity_rule=" << c.activity_rule << " register_rule=" << c.register_rule
      << " value=" << c.value << " ids=";
  for (int64_t id : c.models) out << id << ";";
  return out.str();
}

// A valid cadre of commune unit 4 (CheckCadre passes).
Cadre MakeCadre(const std::string& code, OrgUnitId unit = 4,
                ImplementingLevel level = ImplementingLevel::kCommune) {
  Cadre c;
  c.code = code;
  c.name = "Giàng Thị " + code;
  c.org_unit = unit;
  c.level = level;
  c.position = "Phó Chủ tịch Hội LHPN xã";
  c.ethnicity = "ETHNIC_04";
  c.since = Day("2024-01-15");
  return c;
}

// A training of unit 4 (attendees are only on trainings).
Activity MakeTraining(const std::string& code) {
  Activity a;
  a.code = code;
  a.kind = ActivityKind::kTraining;
  a.title = "Tập huấn kỹ năng lãnh đạo " + code;
  a.start = a.end = Day("2024-04-10");
  a.org_unit = 4;
  a.programme = records::TrainingProgramme::kWomenCadres;
  return a;
}

RegisterFigureRule TrainedRule() {
  RegisterFigureRule r;
  r.data_element = "TEAMS";
  r.measure = "trained";
  return r;
}

RegisterFigureRule ElectedInGroupRule() {
  RegisterFigureRule r;
  r.data_element = "MEMBERS";
  r.measure = "in_group";
  r.filter = {"newly_elected", "pipeline"};
  r.by = FigureBy::kImplementingLevel;
  r.period_type = PeriodType::kQuarterly;
  r.note = "Cán bộ nữ DTTS trong quy hoạch hoặc mới trúng cử";
  return r;
}

// Units 1 (centre), 2 (province), 3 (district) and 4 (commune), and the data
// value fixture's elements, combos and periods.
class SqliteCadres : public store_test::SqliteDataValues {
 protected:
  void SetUp() override {
    SqliteDataValues::SetUp();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit district = store_test::Unit(3, OrgUnitLevel::kDistrict, 2);
      OrgUnit commune = store_test::Unit(4, OrgUnitLevel::kCommune, 3);
      return txn.SaveOrgUnits({&district, &commune});
    }));
  }

  Result<CadreId> Save(const Cadre& c) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveCadre(c); });
  }
  std::vector<Cadre> Load(const CadreFilter& filter = {}) {
    std::vector<Cadre> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCadres(filter));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::vector<std::string> Codes(const CadreFilter& filter) {
    std::vector<std::string> out;
    for (const Cadre& c : Load(filter)) out.push_back(c.code);
    return out;
  }
  std::optional<Cadre> Find(std::string_view code_or_uid) {
    std::optional<Cadre> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindCadre(code_or_uid));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Status Delete(CadreId id) {
    return store_->Write([&](WriteTransaction& txn) { return txn.DeleteCadre(id); });
  }
  Result<ActivityId> SaveActivity(const Activity& a) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveActivity(a); });
  }
  std::optional<Activity> FindActivity(std::string_view code) {
    std::optional<Activity> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindActivity(code));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::vector<Activity> LoadActivities() {
    std::vector<Activity> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadActivities({}));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Result<int64_t> SaveRule(const RegisterFigureRule& r) {
    return WriteResult(*store_,
                       [&](WriteTransaction& txn) { return txn.SaveRegisterFigureRule(r); });
  }
  std::vector<RegisterFigureRule> Rules() {
    std::vector<RegisterFigureRule> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadRegisterFigureRules());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Status SaveClaim(const FigureClaim& c) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveFigureClaim(c); });
  }
  std::vector<std::string> Claims() {
    std::vector<std::string> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<FigureClaim> claims, txn.LoadFigureClaims(std::nullopt));
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
  // Runs SQL on a second connection (as the store opens it: foreign keys on).
  void Raw(const std::string& sql) {
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout(db->handle(), 10000);
    ASSERT_OK(db->Exec("PRAGMA foreign_keys=ON; " + sql));
  }
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteCadres, MigrationFourteenCreatesTheTables) {
  EXPECT_GE(LatestSchemaVersion(), 14);
  ASSERT_GE(AllMigrations().size(), 14u);
  EXPECT_EQ(AllMigrations()[13].version, 14);
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  for (const char* table :
       {"cadre", "cadre_training", "activity_attendee", "register_figure_rule", "record_figure"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
              "table")
        << table;
  }
  for (const char* index :
       {"cadre_org_unit", "activity_attendee_cadre", "register_figure_rule_key",
        "record_figure_rule", "record_figure_activity_rule", "record_figure_register_rule"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + index + "'"),
              "index")
        << index;
  }
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------------------ cadres

TEST_F(SqliteCadres, RoundTripsWithHerOtherTrainingsInOrder) {
  std::vector<Cadre> saved;
  for (int g = 0; g < records::kCadreGroupCount; ++g) {
    // Codes in reverse group order: the load is in code order.
    Cadre c = g % 2 == 0
                  ? MakeCadre("CB-NU-000" + std::to_string(3 - g))
                  : MakeCadre("CB-NU-000" + std::to_string(3 - g), 3, ImplementingLevel::kDistrict);
    c.group = static_cast<CadreGroup>(g);
    c.position = g == 1 ? "Trưởng ban Tuyên giáo Huyện ủy" : c.position;
    c.ethnicity = g == 2 ? "MINORITY" : "ETHNIC_0" + std::to_string(g + 2);
    c.since = Day("2021-07-01").AddDays(g * 30);
    if (g == 1) c.until = Day("2024-02-01");
    c.decision = g == 0 ? "Quyết định số 125-QĐ/HU ngày 12/3/2024" : "";
    c.note = g == 2 ? "Trúng cử lần đầu nhiệm kỳ 2021-2026" : "";
    // Not in day order: the order given comes back.
    if (g != 2) {
      c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo, Trường Chính trị tỉnh"},
                           {Day("2022-03-01"), "Lớp trung cấp lý luận chính trị"},
                           {Day("2023-09-12"), "Tập huấn bình đẳng giới, TW Hội LHPN"}};
    }
    if (g == 1) c.uid = UidFromKey("cadre:district");  // a given uid is kept
    Result<CadreId> id = Save(c);
    ASSERT_TRUE(id.ok()) << c.code << ": " << id.status().ToString();
    EXPECT_GT(*id, 0);
    c.id = *id;
    saved.insert(saved.begin(), c);
  }
  std::vector<Cadre> loaded = Load();
  ASSERT_EQ(loaded.size(), saved.size());
  for (size_t i = 0; i < saved.size(); ++i) {
    EXPECT_TRUE(IsValidUid(loaded[i].uid)) << loaded[i].uid;
    if (saved[i].uid.empty()) saved[i].uid = loaded[i].uid;
    EXPECT_EQ(Dump(loaded[i]), Dump(saved[i]));
  }
  EXPECT_EQ(loaded[1].uid, UidFromKey("cadre:district"));
  EXPECT_NE(loaded[0].uid, loaded[2].uid);
  EXPECT_EQ(Query("SELECT count(*) FROM cadre WHERE until IS NULL"), "2");
  EXPECT_EQ(Query("SELECT group_concat(seq, ',') FROM (SELECT seq FROM cadre_training"
                  " WHERE cadre_id = " +
                  std::to_string(saved[2].id) + " ORDER BY seq)"),
            "0,1,2");
  EXPECT_EQ(Query("SELECT grp || '|' || level || '|' || created || '|' || last_updated"
                  " FROM cadre WHERE id = " +
                  std::to_string(saved[1].id)),
            "newly_appointed|district|2024-03-01T00:00:00.000Z|2024-03-01T00:00:00.000Z");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteCadres, UpdateReplacesTheTrainingsAndKeepsUidAndCreated) {
  Cadre c = MakeCadre("CB-NU-0001");
  c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"},
                       {Day("2022-03-01"), "Lớp trung cấp lý luận chính trị"}};
  Result<CadreId> id = Save(c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::string uid = Load()[0].uid;

  clock_.Advance(3'600'000);
  Cadre changed = c;
  changed.id = *id;  // uid left empty: the stored one stays
  changed.code = "CB-NU-0001B";
  changed.org_unit = 3;
  changed.level = ImplementingLevel::kDistrict;
  changed.group = CadreGroup::kNewlyAppointed;
  changed.until = Day("2025-01-01");
  changed.other_trainings = {{Day("2024-05-20"), "Bồi dưỡng cán bộ nữ, TW Hội LHPN"}};
  Result<CadreId> again = Save(changed);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *id);
  std::vector<Cadre> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  changed.uid = uid;
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
  EXPECT_EQ(Query("SELECT count(*) FROM cadre_training"), "1");
  EXPECT_EQ(Query("SELECT created || '|' || last_updated FROM cadre"),
            "2024-03-01T00:00:00.000Z|2024-03-01T01:00:00.000Z");

  // Back to none: no trainings, still in the group.
  changed.other_trainings.clear();
  changed.until.reset();
  ASSERT_TRUE(Save(changed).ok());
  loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
  EXPECT_EQ(Query("SELECT count(*) FROM cadre_training"), "0");
}

TEST_F(SqliteCadres, CodesUidsAndIdsAreChecked) {
  Cadre first = MakeCadre("CB-0001");
  first.uid = UidFromKey("cadre:first");
  Result<CadreId> id = Save(first);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Result<CadreId> same_code = Save(MakeCadre("CB-0001", 3, ImplementingLevel::kDistrict));
  ASSERT_FALSE(same_code.ok());
  EXPECT_EQ(same_code.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_code.status().where().field, "code");

  Cadre same_uid = MakeCadre("CB-0002");
  same_uid.uid = first.uid;
  Result<CadreId> taken = Save(same_uid);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.status().where().field, "uid");
  EXPECT_THAT(taken.status().message(), HasSubstr("CB-0001"));

  Cadre unknown = MakeCadre("CB-0003");
  unknown.id = 99;
  Result<CadreId> missing = Save(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");

  Cadre negative = MakeCadre("CB-0003");
  negative.id = -1;
  EXPECT_EQ(Save(negative).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Save(negative).status().where().field, "id");

  Cadre other_uid = first;
  other_uid.id = *id;
  other_uid.uid = UidFromKey("cadre:other");
  Result<CadreId> changed_uid = Save(other_uid);
  ASSERT_FALSE(changed_uid.ok());
  EXPECT_EQ(changed_uid.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(changed_uid.status().where().field, "uid");

  // An update may keep its own code but not take another's.
  Result<CadreId> second = Save(MakeCadre("CB-0004"));
  ASSERT_TRUE(second.ok());
  Cadre renamed = MakeCadre("CB-0001");
  renamed.id = *second;
  EXPECT_EQ(Save(renamed).status().code(), ErrorCode::kAlreadyExists);
  Cadre same = first;
  same.id = *id;
  EXPECT_TRUE(Save(same).ok());
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"CB-0001", "CB-0004"}));
}

TEST_F(SqliteCadres, AnUnknownUnitIsRefusedBeforeWriting) {
  Cadre c = MakeCadre("CB-0001", 99);
  c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"}};
  Result<CadreId> id = Save(c);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput) << id.status().ToString();
  EXPECT_EQ(id.status().where().field, "orgUnit");
  EXPECT_THAT(id.status().message(), HasSubstr("99 does not exist"));
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM cadre_training"), "0");
}

TEST_F(SqliteCadres, CheckCadreErrorsPassThroughWithTheirField) {
  Cadre c = MakeCadre("CB-0001");
  c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"}, {Day("2023-10-01"), " "}};
  Result<CadreId> id = Save(c);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "otherTrainings[1].title");
  EXPECT_EQ(id.status().message(), records::CheckCadre(c).message());

  c.other_trainings[1] = c.other_trainings[0];
  EXPECT_EQ(Save(c).status().where().field, "otherTrainings[1]");
  c.other_trainings.clear();
  c.ethnicity = "ETHNIC_01";  // Kinh: not in the target group
  EXPECT_EQ(Save(c).status().where().field, "ethnicity");
  c.ethnicity = "ETHNIC_55";
  EXPECT_EQ(Save(c).status().where().field, "ethnicity");
  c.ethnicity = "MINORITY";
  c.until = c.since;
  EXPECT_EQ(Save(c).status().where().field, "until");
  c.until.reset();
  c.level = ImplementingLevel::kProvince;
  EXPECT_EQ(Save(c).status().where().field, "level");
  c.level = ImplementingLevel::kCommune;
  c.org_unit = 0;
  EXPECT_EQ(Save(c).status().where().field, "orgUnit");
  c.org_unit = 4;
  c.position = "";
  EXPECT_EQ(Save(c).status().where().field, "position");
  c.position = "Chủ tịch Hội LHPN xã";
  c.name = "";
  EXPECT_EQ(Save(c).status().where().field, "name");
  c.name = "Hoàng Thị Lan";
  c.uid = "short";
  EXPECT_EQ(Save(c).status().where().field, "uid");
  c.uid = "";
  c.code = "";
  EXPECT_EQ(Save(c).status().code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Load().empty());
}

TEST_F(SqliteCadres, FindsByCodeOrUid) {
  Cadre c = MakeCadre("CB-0003");
  c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"}};
  Result<CadreId> id = Save(c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  std::optional<Cadre> by_code = Find("CB-0003");
  ASSERT_TRUE(by_code.has_value());
  c.id = *id;
  c.uid = by_code->uid;
  EXPECT_EQ(Dump(*by_code), Dump(c));
  std::optional<Cadre> by_uid = Find(c.uid);
  ASSERT_TRUE(by_uid.has_value());
  EXPECT_EQ(Dump(*by_uid), Dump(c));
  EXPECT_FALSE(Find("CB-0004").has_value());
  EXPECT_FALSE(Find("").has_value());
}

TEST_F(SqliteCadres, LoadsByUnitsAndIds) {
  std::vector<CadreId> ids;
  for (const char* code : {"D", "A", "C", "B"}) {
    const bool district = std::string(code) == "A" || std::string(code) == "C";
    Result<CadreId> id =
        Save(district ? MakeCadre(code, 3, ImplementingLevel::kDistrict) : MakeCadre(code));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  using Codes_ = std::vector<std::string>;
  EXPECT_EQ(Codes({}), (Codes_{"A", "B", "C", "D"}));
  EXPECT_EQ(Codes({.org_units = {3}}), (Codes_{"A", "C"}));
  EXPECT_EQ(Codes({.org_units = {2}}), Codes_{});  // her own unit, not a subtree
  EXPECT_EQ(Codes({.org_units = {}, .ids = {ids[0], ids[1]}}), (Codes_{"A", "D"}));
  EXPECT_EQ(Codes({.org_units = {4}, .ids = {ids[0], ids[1]}}), Codes_{"D"});
}

// Stored text that does not parse is kCorruption, and the store stays usable.
TEST_F(SqliteCadres, UnparsableStoredTextIsCorruption) {
  Cadre c = MakeCadre("CB-0001");
  c.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"}};
  ASSERT_TRUE(Save(c).ok());
  ASSERT_TRUE(SaveRule(ElectedInGroupRule()).ok());
  auto load_code = [&]() {
    return store_
        ->Read([&](ReadTransaction& txn) -> Status {
          GEMIS_RETURN_IF_ERROR(txn.LoadCadres({}).status());
          return txn.FindCadre("CB-0001").status();
        })
        .code();
  };
  auto rules_code = [&]() {
    return store_->Read([](ReadTransaction& txn) { return txn.LoadRegisterFigureRules().status(); })
        .code();
  };
  Raw("UPDATE cadre_training SET day = 'later'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);  // no statement left mid-scan
  Raw("UPDATE cadre_training SET day = '2023-09-12'");
  Raw("UPDATE cadre SET since = '2024-13-01'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  Raw("UPDATE cadre SET since = '2024-01-15', until = 'soon'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  Raw("UPDATE cadre SET until = NULL");
  EXPECT_EQ(load_code(), ErrorCode::kOk);

  EXPECT_EQ(rules_code(), ErrorCode::kOk);
  Raw("UPDATE register_figure_rule SET filter = 'pipeline,elected'");
  EXPECT_EQ(rules_code(), ErrorCode::kCorruption);
  Raw("UPDATE register_figure_rule SET filter = 'pipeline,'");
  EXPECT_EQ(rules_code(), ErrorCode::kCorruption);
  Raw("UPDATE register_figure_rule SET filter = '', period_type = 'Fortnightly'");
  EXPECT_EQ(rules_code(), ErrorCode::kCorruption);
}

// ---------------------------------------------------------- attendance

TEST_F(SqliteCadres, ActivitiesKeepTheirAttendeesAscending) {
  Result<CadreId> mai = Save(MakeCadre("CB-0001"));
  Result<CadreId> lan = Save(MakeCadre("CB-0002"));
  Result<CadreId> hoa = Save(MakeCadre("CB-0003"));
  ASSERT_TRUE(mai.ok() && lan.ok() && hoa.ok());
  Activity training = MakeTraining("HD-0001");
  training.participants = {{"FEMALE", "MINORITY", "", 12}, {"MALE", "", "", 3}};
  training.attendees = {*mai, *hoa};
  Result<ActivityId> id = SaveActivity(training);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  std::optional<Activity> found = FindActivity("HD-0001");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->attendees, (std::vector<int64_t>{*mai, *hoa}));
  EXPECT_EQ(found->participants, training.participants);
  std::vector<Activity> loaded = LoadActivities();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].attendees, (std::vector<int64_t>{*mai, *hoa}));

  // An update replaces them.
  training.id = *id;
  training.attendees = {*lan, *hoa};
  ASSERT_TRUE(SaveActivity(training).ok());
  EXPECT_EQ(FindActivity("HD-0001")->attendees, (std::vector<int64_t>{*lan, *hoa}));
  EXPECT_EQ(Query("SELECT count(*) FROM activity_attendee"), "2");
  // A training without a list (and another kind) has none.
  training.attendees.clear();
  ASSERT_TRUE(SaveActivity(training).ok());
  EXPECT_TRUE(FindActivity("HD-0001")->attendees.empty());
  EXPECT_EQ(Query("SELECT count(*) FROM activity_attendee"), "0");
  // CheckActivity's shape comes first: only a training has a list.
  Activity workshop = MakeTraining("HD-0002");
  workshop.kind = ActivityKind::kWorkshop;
  workshop.programme = records::TrainingProgramme::kNone;
  workshop.attendees = {*mai};
  EXPECT_EQ(SaveActivity(workshop).status().where().field, "attendees");
}

TEST_F(SqliteCadres, AnUnknownAttendeeIsRefusedBeforeWriting) {
  Result<CadreId> mai = Save(MakeCadre("CB-0001"));
  ASSERT_TRUE(mai.ok());
  Activity training = MakeTraining("HD-0001");
  training.attendees = {*mai};
  Result<ActivityId> id = SaveActivity(training);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Activity changed = training;
  changed.id = *id;
  changed.title = "Tập huấn đã sửa";
  changed.attendees = {*mai, *mai + 100};
  Result<ActivityId> refused = SaveActivity(changed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput) << refused.status().ToString();
  EXPECT_EQ(refused.status().where().field, "attendees[1]");
  EXPECT_THAT(refused.status().message(),
              HasSubstr("cadre " + std::to_string(*mai + 100) + " does not exist"));
  // Nothing of the call was written.
  std::optional<Activity> stored = FindActivity("HD-0001");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->title, training.title);
  EXPECT_EQ(stored->attendees, std::vector<int64_t>{*mai});
  // A new activity is not written either.
  changed.id = 0;
  changed.code = "HD-0002";
  EXPECT_EQ(SaveActivity(changed).status().where().field, "attendees[1]");
  EXPECT_EQ(LoadActivities().size(), 1u);
}

// A cadre deleted takes her trainings and her attendance; the activities
// and the claims naming her stay.
TEST_F(SqliteCadres, DeleteCascadesToTrainingsAndAttendance) {
  Cadre keep = MakeCadre("KEEP");
  keep.other_trainings = {{Day("2023-09-12"), "Bồi dưỡng kỹ năng lãnh đạo"}};
  Cadre gone = keep;
  gone.code = "GONE";
  Result<CadreId> kept = Save(keep);
  Result<CadreId> id = Save(gone);
  ASSERT_TRUE(kept.ok() && id.ok());
  Activity training = MakeTraining("HD-0001");
  training.attendees = {*kept, *id};
  ASSERT_TRUE(SaveActivity(training).ok());
  Result<int64_t> rule = SaveRule(TrainedRule());
  ASSERT_TRUE(rule.ok());
  FigureClaim claim{{teams_, january_, 4, default_, default_}, 0, "2", {*kept, *id}};
  claim.register_rule = *rule;
  ASSERT_OK(SaveClaim(claim));

  ASSERT_OK(Delete(*id));
  EXPECT_EQ(Codes({}), std::vector<std::string>{"KEEP"});
  EXPECT_EQ(Query("SELECT count(*) FROM cadre_training"), "1");
  EXPECT_EQ(FindActivity("HD-0001")->attendees, std::vector<int64_t>{*kept});
  EXPECT_EQ(Claims(), std::vector<std::string>{Dump(claim)});
  Status again = Delete(*id);
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);
  EXPECT_EQ(again.where().field, "id");
  ASSERT_OK(store_->CheckIntegrity());

  // An activity deleted takes its attendance, not the cadre.
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<Activity> a, txn.FindActivity("HD-0001"));
    return txn.DeleteActivity(a ? a->id : 0);
  }));
  EXPECT_EQ(Query("SELECT count(*) FROM activity_attendee"), "0");
  EXPECT_EQ(Codes({}), std::vector<std::string>{"KEEP"});
}

// --------------------------------------------------- register figure rules

TEST_F(SqliteCadres, RulesAreSavedOnceAndLoadInIdOrder) {
  Result<int64_t> trained = SaveRule(TrainedRule());
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  Result<int64_t> elected = SaveRule(ElectedInGroupRule());
  ASSERT_TRUE(elected.ok()) << elected.status().ToString();
  EXPECT_NE(*trained, *elected);
  // The same rule again (whatever its id says) is the stored one.
  RegisterFigureRule again = TrainedRule();
  again.id = 42;
  EXPECT_EQ(*SaveRule(again), *trained);
  // Its note is not part of its key: it is updated.
  RegisterFigureRule noted = ElectedInGroupRule();
  noted.note = "ghi chú mới";
  EXPECT_EQ(*SaveRule(noted), *elected);
  // Anything else in the key makes another rule; no filter is a key too.
  RegisterFigureRule every_group = ElectedInGroupRule();
  every_group.filter.clear();
  every_group.note = "";
  Result<int64_t> third = SaveRule(every_group);
  ASSERT_TRUE(third.ok());
  EXPECT_NE(*third, *elected);
  EXPECT_EQ(*SaveRule(every_group), *third);
  RegisterFigureRule in_period = TrainedRule();
  in_period.measure = "trained_in_period";
  in_period.filter = {"pipeline"};
  Result<int64_t> fourth = SaveRule(in_period);
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(Query("SELECT count(*) FROM register_figure_rule"), "4");

  std::vector<RegisterFigureRule> rules = Rules();
  ASSERT_EQ(rules.size(), 4u);
  std::vector<RegisterFigureRule> want = {TrainedRule(), noted, every_group, in_period};
  want[0].id = *trained;
  want[1].id = *elected;
  want[2].id = *third;
  want[3].id = *fourth;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Dump(rules[i]), Dump(want[i]));
  EXPECT_EQ(
      Query("SELECT register || '|' || measure || '|' || filter || '|' || by || '|' ||"
            " period_type || '|' || note FROM register_figure_rule WHERE id = " +
            std::to_string(*elected)),
      "women_cadres|in_group|newly_elected,pipeline|implementing_level|Quarterly|ghi chú mới");
  EXPECT_EQ(Query("SELECT count(*) FROM register_figure_rule WHERE filter = ''"), "2");
}

TEST_F(SqliteCadres, RuleChecksPassThrough) {
  RegisterFigureRule bad = TrainedRule();
  bad.measure = "count";  // an activity measure, not the register's
  Result<int64_t> id = SaveRule(bad);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "measure");
  EXPECT_EQ(id.status().message(), records::CheckRegisterFigureRule(bad).message());
  bad = TrainedRule();
  bad.filter = {"pipeline", "newly_elected"};  // not ascending
  EXPECT_EQ(SaveRule(bad).status().where().field, "groups[1]");
  bad.filter = {"elected"};
  EXPECT_EQ(SaveRule(bad).status().where().field, "groups[0]");
  bad = TrainedRule();
  bad.by = FigureBy::kModelStatus;
  EXPECT_EQ(SaveRule(bad).status().where().field, "by");
  bad = TrainedRule();
  bad.period_type = PeriodType::kMultiYear;
  EXPECT_EQ(SaveRule(bad).status().where().field, "periodType");
  bad = TrainedRule();
  bad.data_element = "";
  EXPECT_EQ(SaveRule(bad).status().where().field, "dataElement");
  EXPECT_TRUE(Rules().empty());
}

// ------------------------------------------------------------------ claims

TEST_F(SqliteCadres, ClaimsNameRegisterRulesAndCadres) {
  Result<int64_t> trained = SaveRule(TrainedRule());
  records::FigureRule teams_rule;
  teams_rule.data_element = "TEAMS";
  Result<int64_t> model_rule =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveFigureRule(teams_rule); });
  Result<CadreId> mai = Save(MakeCadre("CB-0001"));
  Result<CadreId> lan = Save(MakeCadre("CB-0002"));
  ASSERT_TRUE(trained.ok() && model_rule.ok() && mai.ok() && lan.ok());

  const DataValueKey jan{teams_, january_, 4, default_, default_};
  const DataValueKey feb{teams_, february_, 4, default_, default_};
  FigureClaim by_cadres{jan, 0, "2", {*mai, *lan}};
  by_cadres.register_rule = *trained;
  ASSERT_OK(SaveClaim(by_cadres));
  ASSERT_OK(SaveClaim({feb, *model_rule, "0", {}}));  // a model rule's, beside it
  const std::string t = std::to_string(teams_), jan_id = std::to_string(january_),
                    feb_id = std::to_string(february_), d = std::to_string(default_);
  const std::string cadres_dump =
      t + "/" + jan_id + "/4/" + d + "/" + d +
      " rule=0 activity_rule=0 register_rule=" + std::to_string(*trained) +
      " value=2 ids=" + std::to_string(*mai) + ";" + std::to_string(*lan) + ";";
  const std::string model_dump = t + "/" + feb_id + "/4/" + d + "/" + d +
                                 " rule=" + std::to_string(*model_rule) +
                                 " activity_rule=0 register_rule=0 value=0 ids=";
  EXPECT_EQ(FindClaim(jan), cadres_dump);
  EXPECT_EQ(FindClaim(feb), model_dump);
  EXPECT_EQ(Claims(), (std::vector<std::string>{cadres_dump, model_dump}));
  EXPECT_EQ(Query("SELECT count(*) FROM record_figure WHERE rule_id IS NULL"
                  " AND activity_rule_id IS NULL AND register_rule_id IS NOT NULL"),
            "1");

  // Saving a key again replaces its claim, also by another kind of rule.
  ASSERT_OK(SaveClaim({jan, *model_rule, "0", {}}));
  EXPECT_EQ(Query("SELECT coalesce(register_rule_id, 'null') || '/' || rule_id FROM"
                  " record_figure WHERE period_id = " +
                  jan_id),
            "null/" + std::to_string(*model_rule));
  ASSERT_OK(SaveClaim(by_cadres));
  EXPECT_EQ(FindClaim(jan), cadres_dump);

  // A cadre deleted leaves the claim naming her.
  ASSERT_OK(Delete(*lan));
  EXPECT_EQ(FindClaim(jan), cadres_dump);
  ASSERT_OK(store_->CheckIntegrity());

  // A register rule deleted (by hand: the store has no call for it) takes
  // its claims, not the model rule's.
  Raw("DELETE FROM register_figure_rule WHERE id = " + std::to_string(*trained));
  EXPECT_EQ(Claims(), std::vector<std::string>{model_dump});
}

TEST_F(SqliteCadres, ClaimsOfRegisterRulesNameStoredObjects) {
  Result<int64_t> trained = SaveRule(TrainedRule());
  Result<int64_t> elected = SaveRule(ElectedInGroupRule());  // publishes MEMBERS
  records::FigureRule teams_rule;
  teams_rule.data_element = "TEAMS";
  Result<int64_t> model_rule =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveFigureRule(teams_rule); });
  records::ActivityFigureRule trainings_rule;
  trainings_rule.data_element = "TEAMS";
  trainings_rule.kind = ActivityKind::kTraining;
  Result<int64_t> activity_rule = WriteResult(
      *store_, [&](WriteTransaction& txn) { return txn.SaveActivityFigureRule(trainings_rule); });
  Result<CadreId> mai = Save(MakeCadre("CB-0001"));
  ASSERT_TRUE(trained.ok() && elected.ok() && model_rule.ok() && activity_rule.ok() && mai.ok());
  const DataValueKey key{teams_, january_, 4, default_, default_};
  auto claim = [&](int64_t rule, int64_t by_activities, int64_t by_register,
                   std::vector<int64_t> ids) {
    FigureClaim c{key, rule, "1", std::move(ids)};
    c.activity_rule = by_activities;
    c.register_rule = by_register;
    return c;
  };
  const int64_t not_a_cadre = *mai + 1000;
  struct Case {
    FigureClaim claim;
    ErrorCode code;
    const char* field;
  };
  std::vector<Case> cases = {
      // A register rule and another kind, or all three.
      {claim(*model_rule, 0, *trained, {*mai}), ErrorCode::kInvalidInput, "registerRule"},
      {claim(0, *activity_rule, *trained, {*mai}), ErrorCode::kInvalidInput, "registerRule"},
      {claim(*model_rule, *activity_rule, *trained, {*mai}), ErrorCode::kInvalidInput,
       "registerRule"},
      {claim(0, 0, 99, {*mai}), ErrorCode::kNotFound, "registerRule"},
      // A register rule's ids are cadres.
      {claim(0, 0, *trained, {*mai, not_a_cadre}), ErrorCode::kNotFound, "models[1]"},
      // The rule publishes MEMBERS, the key is of TEAMS.
      {claim(0, 0, *elected, {*mai}), ErrorCode::kInvalidInput, "registerRule"},
  };
  for (const Case& c : cases) {
    Status status = SaveClaim(c.claim);
    EXPECT_EQ(status.code(), c.code) << c.field << ": " << status.ToString();
    EXPECT_EQ(status.where().field, c.field) << status.ToString();
  }
  EXPECT_THAT(SaveClaim(claim(0, 0, *trained, {*mai, not_a_cadre})).message(),
              HasSubstr("cadre " + std::to_string(not_a_cadre) + " does not exist"));
  EXPECT_THAT(
      SaveClaim(claim(0, 0, *elected, {*mai})).message(),
      HasSubstr("register figure rule " + std::to_string(*elected) + " publishes 'MEMBERS'"));
  EXPECT_TRUE(Claims().empty());
  ASSERT_OK(SaveClaim(claim(0, 0, *trained, {*mai})));
  EXPECT_EQ(Claims().size(), 1u);
}

}  // namespace
}  // namespace gemis::store
