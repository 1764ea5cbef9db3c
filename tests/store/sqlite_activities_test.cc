// Activities and activity figure rules in the SQLite store
// (store/sqlite_activities.cc, migration 13): every kind round-trips with its
// participant cells in the order given, updates replace the cells, codes,
// uids and references are checked before writing, filters (kind, units, ids,
// start days), deletes cascade to the cells, a model with sessions is not
// deleted, rules are saved idempotently, and claims name activity rules.
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

using records::Activity;
using records::ActivityFigureRule;
using records::ActivityId;
using records::ActivityKind;
using records::ActivityMeasure;
using records::DialogueLevel;
using records::FigureBy;
using records::ParticipantCount;
using records::TrainingProgramme;
using store_test::WriteResult;
using ::testing::HasSubstr;

Date Day(const char* text) { return *Date::Parse(text); }

// Every field of an activity as text, so that a mismatch shows the field.
std::string Dump(const Activity& a) {
  std::ostringstream out;
  out << "activity id=" << a.id << " uid=" << a.uid << " code=" << a.code
      << " kind=" << records::ActivityKindName(a.kind) << " title=" << a.title
      << " start=" << a.start.ToString() << " end=" << a.end.ToString() << " unit=" << a.org_unit
      << " place=" << a.place << " level=" << ImplementingLevelName(a.level)
      << " node=" << a.program_node_code << " plan=" << a.plan << " model=" << a.model
      << " programme=" << records::TrainingProgrammeName(a.programme)
      << " dialogue=" << records::DialogueLevelName(a.dialogue_level) << " dv=" << a.dv_prevention
      << " cost=" << a.cost << " topic=" << a.topic << " issues=" << a.issues_raised
      << " follow_up=" << a.follow_up << " note=" << a.note;
  for (const ParticipantCount& p : a.participants) {
    out << "\n  " << p.sex << "/" << p.ethnicity << "/" << p.age_band << "=" << p.count;
  }
  return out.str();
}

std::string Dump(const ActivityFigureRule& r) {
  std::ostringstream out;
  out << "rule id=" << r.id << " element=" << r.data_element
      << " kind=" << records::ActivityKindName(r.kind)
      << " programme=" << (r.programme ? records::TrainingProgrammeName(*r.programme) : "-")
      << " dialogue=" << (r.dialogue_level ? records::DialogueLevelName(*r.dialogue_level) : "-")
      << " dv_only=" << r.dv_prevention_only
      << " measure=" << records::ActivityMeasureName(r.measure)
      << " by=" << records::FigureByName(r.by) << " type=" << PeriodTypeName(r.period_type)
      << " note=" << r.note;
  return out.str();
}

std::string Dump(const FigureClaim& c) {
  std::ostringstream out;
  out << c.key.data_element << "/" << c.key.period << "/" << c.key.org_unit << "/"
      << c.key.category_option_combo << "/" << c.key.attribute_option_combo << " rule=" << c.rule
      << " activity_rule=" << c.activity_rule << " value=" << c.value << " ids=";
  for (int64_t id : c.models) out << id << ";";
  return out.str();
}

// A valid activity of `kind` (CheckActivity passes once the model is set for
// a model session).
Activity MakeActivity(const std::string& code, ActivityKind kind = ActivityKind::kCommunication,
                      OrgUnitId unit = 2, const char* start = "2024-04-10") {
  Activity a;
  a.code = code;
  a.kind = kind;
  a.title = "Hoạt động " + code;
  a.start = a.end = Day(start);
  a.org_unit = unit;
  if (kind == ActivityKind::kTraining) a.programme = TrainingProgramme::kProgramme3;
  if (kind == ActivityKind::kPolicyDialogue) a.dialogue_level = DialogueLevel::kVillageCluster;
  return a;
}

// Units 1 (centre), 2 (province) and 3 (district), the data value fixture's
// elements, combos and periods, plan YB-12-2024 and model CB-TT-0001.
class SqliteActivities : public store_test::SqliteDataValues {
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
      records::Model team;
      team.code = "CB-TT-0001";
      team.name = "Tổ truyền thông cộng đồng xóm Nà Rì";
      team.org_unit = 3;
      team.established = Day("2022-03-15");
      GEMIS_ASSIGN_OR_RETURN(model_, txn.SaveModel(team));
      return Status::Ok();
    }));
  }

  // A model session of the fixture's model.
  Activity Session(const std::string& code, const char* start = "2024-05-02") {
    Activity a = MakeActivity(code, ActivityKind::kModelSession, 3, start);
    a.model = model_;
    return a;
  }
  Result<ActivityId> Save(const Activity& a) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveActivity(a); });
  }
  std::vector<Activity> Load(const ActivityFilter& filter = {}) {
    std::vector<Activity> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadActivities(filter));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  std::vector<std::string> Codes(const ActivityFilter& filter) {
    std::vector<std::string> out;
    for (const Activity& a : Load(filter)) out.push_back(a.code);
    return out;
  }
  std::optional<Activity> Find(std::string_view code_or_uid) {
    std::optional<Activity> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindActivity(code_or_uid));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  Result<int64_t> SaveRule(const ActivityFigureRule& r) {
    return WriteResult(*store_,
                       [&](WriteTransaction& txn) { return txn.SaveActivityFigureRule(r); });
  }
  std::vector<ActivityFigureRule> Rules() {
    std::vector<ActivityFigureRule> out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadActivityFigureRules());
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

  PlanId plan_ = 0;
  records::ModelId model_ = 0;
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteActivities, MigrationThirteenCreatesTheTables) {
  EXPECT_GE(LatestSchemaVersion(), 13);
  ASSERT_GE(AllMigrations().size(), 13u);
  EXPECT_EQ(AllMigrations()[12].version, 13);
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  for (const char* table :
       {"activity", "activity_participant", "activity_figure_rule", "record_figure"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
              "table")
        << table;
  }
  for (const char* index :
       {"activity_org_unit", "activity_kind", "activity_start_day", "activity_model",
        "activity_figure_rule_key", "record_figure_rule", "record_figure_activity_rule"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + index + "'"),
              "index")
        << index;
  }
  ASSERT_OK(store_->CheckIntegrity());
}

// -------------------------------------------------------------- activities

TEST_F(SqliteActivities, EveryKindRoundTripsWithItsParticipantsInOrder) {
  std::vector<Activity> saved;
  for (int k = 0; k < records::kActivityKindCount; ++k) {
    const ActivityKind kind = static_cast<ActivityKind>(k);
    // Start days: kinds 0 and 1 on one day (code order decides), then later.
    const std::string start = k <= 1 ? "2024-03-01" : "2024-0" + std::to_string(k + 2) + "-15";
    Activity a =
        MakeActivity(std::string("HD-") + std::to_string(k) + "-" + records::ActivityKindName(kind),
                     kind, k % 2 == 0 ? 2 : 3, start.c_str());
    if (kind == ActivityKind::kModelSession) a.model = model_;
    if (k % 3 == 0) a.end = a.start.AddDays(2);  // a class over three days
    a.place = k % 2 == 0 ? "Nhà văn hóa thôn Nà Rì" : "";
    a.level = k % 3 == 0   ? ImplementingLevel::kCommune
              : k % 3 == 1 ? ImplementingLevel::kDistrict
                           : ImplementingLevel::kProvince;
    a.program_node_code = k % 2 == 0 ? "CT1719.DA8.ND1.1" : "";
    if (k % 2 == 1) a.plan = plan_;
    a.dv_prevention = k % 2 == 0;
    a.cost = int64_t{1'500'000} * k;
    if (kind == ActivityKind::kTraining) a.programme = TrainingProgramme::kMonitoring;
    if (kind == ActivityKind::kPolicyDialogue) {
      a.dialogue_level = DialogueLevel::kCommune;
      a.topic = "Tảo hôn và hôn nhân cận huyết thống";
      a.issues_raised = "Người dân hỏi về thủ tục đăng ký kết hôn";
      a.follow_up = "UBND xã tổ chức tuyên truyền tại các thôn";
    }
    // Not in any sorted order: the order given comes back.
    a.participants = {{"MALE", "ETHNIC_01", "", 5},
                      {"FEMALE", "MINORITY", "AGE_16_30", 12},
                      {"FEMALE", "", "", 3},
                      {"MALE", "ETHNIC_54", "AGE_60_PLUS", 1 + k}};
    if (k == 4) a.participants.clear();  // none counted
    a.note = k == 5 ? "Kiểm tra giám sát 6 tháng" : "";
    if (k == 6) a.uid = UidFromKey("activity:session");  // a given uid is kept
    Result<ActivityId> id = Save(a);
    ASSERT_TRUE(id.ok()) << records::ActivityKindName(kind) << ": " << id.status().ToString();
    EXPECT_GT(*id, 0);
    a.id = *id;
    saved.push_back(a);
  }
  std::vector<Activity> loaded = Load();
  ASSERT_EQ(loaded.size(), saved.size());  // start-day order is kind order here
  for (size_t i = 0; i < saved.size(); ++i) {
    EXPECT_TRUE(IsValidUid(loaded[i].uid)) << loaded[i].uid;
    if (saved[i].uid.empty()) saved[i].uid = loaded[i].uid;
    EXPECT_EQ(Dump(loaded[i]), Dump(saved[i]));
  }
  EXPECT_EQ(loaded[6].uid, UidFromKey("activity:session"));
  EXPECT_NE(loaded[0].uid, loaded[1].uid);
  // Plan and model 0 are stored as NULL, not as 0.
  EXPECT_EQ(Query("SELECT count(*) FROM activity WHERE plan_id IS NULL"), "4");
  EXPECT_EQ(Query("SELECT count(*) FROM activity WHERE model_id IS NULL"), "6");
  EXPECT_EQ(Query("SELECT group_concat(seq, ',') FROM (SELECT seq FROM activity_participant"
                  " WHERE activity_id = " +
                  std::to_string(saved[0].id) + " ORDER BY seq)"),
            "0,1,2,3");
  EXPECT_EQ(Query("SELECT created || '|' || last_updated FROM activity WHERE id = " +
                  std::to_string(saved[0].id)),
            "2024-03-01T00:00:00.000Z|2024-03-01T00:00:00.000Z");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteActivities, UpdateReplacesTheParticipantsAndKeepsUidAndCreated) {
  Activity a = MakeActivity("HD-2024-001", ActivityKind::kTraining);
  a.participants = {{"FEMALE", "MINORITY", "", 20}, {"MALE", "", "", 4}};
  Result<ActivityId> id = Save(a);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::string uid = Load()[0].uid;

  clock_.Advance(3'600'000);
  Activity changed = a;
  changed.id = *id;  // uid left empty: the stored one stays
  changed.code = "HD-2024-001B";
  changed.kind = ActivityKind::kPolicyDialogue;  // the kind may change with its fields
  changed.programme = TrainingProgramme::kNone;
  changed.dialogue_level = DialogueLevel::kCommune;
  changed.end = changed.start.AddDays(1);
  changed.plan = plan_;
  changed.cost = 7'000'000;
  changed.participants = {
      {"MALE", "ETHNIC_02", "AGE_31_59", 6}, {"FEMALE", "", "", 2}, {"FEMALE", "MINORITY", "", 11}};
  Result<ActivityId> again = Save(changed);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *id);
  std::vector<Activity> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  changed.uid = uid;
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
  EXPECT_EQ(Query("SELECT count(*) FROM activity_participant"), "3");
  EXPECT_EQ(Query("SELECT created || '|' || last_updated FROM activity"),
            "2024-03-01T00:00:00.000Z|2024-03-01T01:00:00.000Z");

  // Back to nothing: no participants, no plan; then a model session.
  changed.participants.clear();
  changed.plan = 0;
  ASSERT_TRUE(Save(changed).ok());
  loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(Dump(loaded[0]), Dump(changed));
  EXPECT_EQ(Query("SELECT count(*) FROM activity_participant"), "0");
  Activity session = Session("HD-2024-001B");
  session.id = *id;
  session.participants = {{"FEMALE", "", "", 9}};
  ASSERT_TRUE(Save(session).ok());
  session.uid = uid;
  EXPECT_EQ(Dump(Load()[0]), Dump(session));
}

TEST_F(SqliteActivities, CodesUidsAndIdsAreChecked) {
  Activity first = MakeActivity("HD-0001");
  first.uid = UidFromKey("activity:first");
  Result<ActivityId> id = Save(first);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Result<ActivityId> same_code = Save(MakeActivity("HD-0001", ActivityKind::kWorkshop));
  ASSERT_FALSE(same_code.ok());
  EXPECT_EQ(same_code.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_code.status().where().field, "code");

  Activity same_uid = MakeActivity("HD-0002");
  same_uid.uid = first.uid;
  Result<ActivityId> taken = Save(same_uid);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.status().where().field, "uid");
  EXPECT_THAT(taken.status().message(), HasSubstr("HD-0001"));

  Activity unknown = MakeActivity("HD-0003");
  unknown.id = 99;
  Result<ActivityId> missing = Save(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");

  Activity negative = MakeActivity("HD-0003");
  negative.id = -1;
  EXPECT_EQ(Save(negative).status().where().field, "id");
  EXPECT_EQ(Save(negative).status().code(), ErrorCode::kInvalidInput);

  Activity other_uid = first;
  other_uid.id = *id;
  other_uid.uid = UidFromKey("activity:other");
  Result<ActivityId> changed_uid = Save(other_uid);
  ASSERT_FALSE(changed_uid.ok());
  EXPECT_EQ(changed_uid.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(changed_uid.status().where().field, "uid");

  // An update may keep its own code but not take another's.
  Result<ActivityId> second = Save(MakeActivity("HD-0004"));
  ASSERT_TRUE(second.ok());
  Activity renamed = MakeActivity("HD-0001");
  renamed.id = *second;
  EXPECT_EQ(Save(renamed).status().code(), ErrorCode::kAlreadyExists);
  Activity same = first;
  same.id = *id;
  EXPECT_TRUE(Save(same).ok());
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"HD-0001", "HD-0004"}));
}

TEST_F(SqliteActivities, ReferencesAreCheckedBeforeWriting) {
  struct Case {
    const char* field;
    Activity activity;
  };
  Activity no_unit = MakeActivity("HD-0001", ActivityKind::kCommunication, 99);
  Activity no_plan = MakeActivity("HD-0001");
  no_plan.plan = 99;
  Activity no_model = Session("HD-0001");
  no_model.model = 99;
  no_model.participants = {{"FEMALE", "", "", 3}};
  for (const Case& c : {Case{"orgUnit", no_unit}, Case{"plan", no_plan}, Case{"model", no_model}}) {
    Result<ActivityId> id = Save(c.activity);
    ASSERT_FALSE(id.ok()) << c.field;
    EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput) << id.status().ToString();
    EXPECT_EQ(id.status().where().field, c.field);
    EXPECT_THAT(id.status().message(), HasSubstr("99 does not exist"));
  }
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM activity_participant"), "0");
  // A session of a stored model is accepted.
  EXPECT_TRUE(Save(Session("HD-0001")).ok());
}

TEST_F(SqliteActivities, CheckActivityErrorsPassThroughWithTheirField) {
  Activity a = MakeActivity("HD-0001");
  a.participants = {{"FEMALE", "", "", 3}, {"WOMAN", "", "", 2}};
  Result<ActivityId> id = Save(a);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "participants[1].sex");
  EXPECT_EQ(id.status().message(), records::CheckActivity(a).message());

  a.participants = {{"FEMALE", "", "", 3}, {"FEMALE", "", "", 2}};
  EXPECT_EQ(Save(a).status().where().field, "participants[1]");
  a.participants = {{"FEMALE", "ETHNIC_55", "", 3}};
  EXPECT_EQ(Save(a).status().where().field, "participants[0].ethnicity");
  a.participants = {{"FEMALE", "", "", 0}};
  EXPECT_EQ(Save(a).status().where().field, "participants[0].count");
  a.participants.clear();
  a.end = a.start.AddDays(-1);
  EXPECT_EQ(Save(a).status().where().field, "end");
  a.end = a.start;
  a.model = model_;  // not a session
  EXPECT_EQ(Save(a).status().where().field, "model");
  a.model = 0;
  a.kind = ActivityKind::kTraining;  // without its programme
  EXPECT_EQ(Save(a).status().where().field, "programme");
  a.kind = ActivityKind::kPolicyDialogue;
  EXPECT_EQ(Save(a).status().where().field, "dialogueLevel");
  a.kind = ActivityKind::kCommunication;
  a.cost = -1;
  EXPECT_EQ(Save(a).status().where().field, "cost");
  a.cost = 0;
  a.level = ImplementingLevel::kVillage;
  EXPECT_EQ(Save(a).status().where().field, "level");
  a.level = ImplementingLevel::kCommune;
  a.org_unit = 0;
  EXPECT_EQ(Save(a).status().where().field, "orgUnit");
  a.org_unit = 2;
  a.code = "";
  EXPECT_EQ(Save(a).status().code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Load().empty());
}

TEST_F(SqliteActivities, FindsByCodeOrUid) {
  Activity a = Session("HD-0003");
  a.participants = {{"MALE", "", "", 4}, {"FEMALE", "", "AGE_16_30", 8}};
  Result<ActivityId> id = Save(a);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  std::optional<Activity> by_code = Find("HD-0003");
  ASSERT_TRUE(by_code.has_value());
  a.id = *id;
  a.uid = by_code->uid;
  EXPECT_EQ(Dump(*by_code), Dump(a));
  std::optional<Activity> by_uid = Find(a.uid);
  ASSERT_TRUE(by_uid.has_value());
  EXPECT_EQ(Dump(*by_uid), Dump(a));
  EXPECT_FALSE(Find("HD-0004").has_value());
  EXPECT_FALSE(Find("").has_value());
}

TEST_F(SqliteActivities, LoadsByKindUnitsIdsAndStartDays) {
  std::vector<ActivityId> ids;
  for (auto [code, kind, unit, start] :
       {std::tuple{"D", ActivityKind::kWorkshop, 3, "2024-01-31"},
        std::tuple{"A", ActivityKind::kCommunication, 2, "2024-02-01"},
        std::tuple{"C", ActivityKind::kCommunication, 3, "2024-01-01"},
        std::tuple{"B", ActivityKind::kWorkshop, 2, "2024-02-01"},
        std::tuple{"E", ActivityKind::kCommunication, 2, "2024-12-31"}}) {
    Activity a = MakeActivity(code, kind, unit, start);
    if (std::string(code) == "D") a.end = Day("2024-02-10");  // the start day decides
    Result<ActivityId> id = Save(a);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  using Codes_ = std::vector<std::string>;
  // By start day, then code.
  EXPECT_EQ(Codes({}), (Codes_{"C", "D", "A", "B", "E"}));
  EXPECT_EQ(Codes({.kind = ActivityKind::kWorkshop}), (Codes_{"D", "B"}));
  EXPECT_EQ(Codes({.kind = ActivityKind::kContest}), Codes_{});
  EXPECT_EQ(Codes({.org_units = {3}}), (Codes_{"C", "D"}));
  EXPECT_EQ(Codes({.org_units = {1}}), Codes_{});
  EXPECT_EQ(Codes({.ids = {ids[0], ids[4]}}), (Codes_{"D", "E"}));
  // Start days within [from, to], both inclusive.
  EXPECT_EQ(Codes({.from = Day("2024-02-01")}), (Codes_{"A", "B", "E"}));
  EXPECT_EQ(Codes({.to = Day("2024-01-31")}), (Codes_{"C", "D"}));
  EXPECT_EQ(Codes({.from = Day("2024-01-31"), .to = Day("2024-02-01")}), (Codes_{"D", "A", "B"}));
  EXPECT_EQ(Codes({.from = Day("2024-02-02"), .to = Day("2024-12-30")}), Codes_{});
  EXPECT_EQ(Codes({.from = Day("2024-02-10"), .to = Day("2024-02-01")}), Codes_{});
  EXPECT_EQ(Codes({.kind = ActivityKind::kCommunication,
                   .org_units = {2},
                   .ids = {},
                   .from = Day("2024-01-01"),
                   .to = Day("2024-06-30")}),
            Codes_{"A"});
  EXPECT_EQ(Codes({.kind = ActivityKind::kWorkshop,
                   .org_units = {2, 3},
                   .ids = {ids[1], ids[3]},
                   .from = Day("2024-02-01"),
                   .to = std::nullopt}),
            Codes_{"B"});
}

TEST_F(SqliteActivities, DeleteCascadesToTheParticipants) {
  Activity keep = MakeActivity("KEEP");
  keep.participants = {{"FEMALE", "", "", 3}, {"MALE", "", "", 1}};
  Activity gone = keep;
  gone.code = "GONE";
  ASSERT_TRUE(Save(keep).ok());
  Result<ActivityId> id = Save(gone);
  ASSERT_TRUE(id.ok());
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteActivity(*id); }));
  EXPECT_EQ(Codes({}), std::vector<std::string>{"KEEP"});
  EXPECT_EQ(Query("SELECT count(*) FROM activity_participant"), "2");
  Status again = store_->Write([&](WriteTransaction& txn) { return txn.DeleteActivity(*id); });
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);
  EXPECT_EQ(again.where().field, "id");
  ASSERT_OK(store_->CheckIntegrity());
}

// A model session names its model: the model is not deleted while it has
// sessions (ON DELETE RESTRICT), and the error names one.
TEST_F(SqliteActivities, AModelWithSessionsIsNotDeleted) {
  Result<ActivityId> first = Save(Session("SH-0002", "2024-05-02"));
  Result<ActivityId> second = Save(Session("SH-0001", "2024-06-02"));
  ASSERT_TRUE(first.ok() && second.ok());
  Status refused = store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(model_); });
  EXPECT_EQ(refused.code(), ErrorCode::kConflict) << refused.ToString();
  EXPECT_EQ(refused.where().field, "id");
  EXPECT_THAT(refused.message(), HasSubstr("2 sessions"));
  EXPECT_THAT(refused.message(), HasSubstr("SH-0001"));
  // The foreign key refuses it too (a delete by hand).
  {
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout(db->handle(), 10000);
    Status status = db->Exec("PRAGMA foreign_keys=ON; DELETE FROM model");
    EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
  }
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteActivity(*first); }));
  refused = store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(model_); });
  EXPECT_EQ(refused.code(), ErrorCode::kConflict);
  EXPECT_THAT(refused.message(), HasSubstr("1 session (activity 'SH-0001')"));
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteActivity(*second); }));
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(model_); }));
  EXPECT_EQ(Query("SELECT count(*) FROM model"), "0");
  // A model that does not exist is still kNotFound.
  Status missing = store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(model_); });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
}

// Stored text that does not parse is kCorruption, and the store stays usable.
TEST_F(SqliteActivities, UnparsableStoredTextIsCorruption) {
  Activity a = MakeActivity("HD-0001");
  a.participants = {{"FEMALE", "", "", 3}, {"MALE", "", "", 1}};
  ASSERT_TRUE(Save(a).ok());
  ActivityFigureRule rule;
  rule.data_element = "TEAMS";
  ASSERT_TRUE(SaveRule(rule).ok());
  auto load_code = [&]() {
    return store_
        ->Read([&](ReadTransaction& txn) -> Status {
          GEMIS_RETURN_IF_ERROR(txn.LoadActivities({}).status());
          return txn.FindActivity("HD-0001").status();
        })
        .code();
  };
  Raw("UPDATE activity SET end_day = 'later'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);  // no statement left mid-scan
  Raw("UPDATE activity SET start_day = '2024-13-01', end_day = '2024-13-01'");
  EXPECT_EQ(load_code(), ErrorCode::kCorruption);
  Raw("UPDATE activity SET start_day = '2024-04-10', end_day = '2024-04-10'");
  EXPECT_EQ(load_code(), ErrorCode::kOk);
  Raw("UPDATE activity_figure_rule SET period_type = 'Fortnightly'");
  Status rules =
      store_->Read([](ReadTransaction& txn) { return txn.LoadActivityFigureRules().status(); });
  EXPECT_EQ(rules.code(), ErrorCode::kCorruption) << rules.ToString();
}

// --------------------------------------------------- activity figure rules

ActivityFigureRule SessionsRule() {
  ActivityFigureRule r;
  r.data_element = "TEAMS";
  r.kind = ActivityKind::kModelSession;
  return r;
}

ActivityFigureRule WomenTrainedRule() {
  ActivityFigureRule r;
  r.data_element = "MEMBERS";
  r.kind = ActivityKind::kTraining;
  r.programme = TrainingProgramme::kProgramme2;
  r.dv_prevention_only = true;
  r.measure = ActivityMeasure::kEthnicMinorityWomen;
  r.by = FigureBy::kImplementingLevel;
  r.period_type = PeriodType::kQuarterly;
  r.note = "Phụ nữ DTTS được tập huấn lồng ghép giới";
  return r;
}

TEST_F(SqliteActivities, RulesAreSavedOnceAndLoadInIdOrder) {
  Result<int64_t> sessions = SaveRule(SessionsRule());
  ASSERT_TRUE(sessions.ok()) << sessions.status().ToString();
  Result<int64_t> women = SaveRule(WomenTrainedRule());
  ASSERT_TRUE(women.ok()) << women.status().ToString();
  EXPECT_NE(*sessions, *women);
  // The same rule again (whatever its id says) is the stored one.
  ActivityFigureRule again = SessionsRule();
  again.id = 42;
  EXPECT_EQ(*SaveRule(again), *sessions);
  // Its note is not part of its key: it is updated.
  ActivityFigureRule noted = WomenTrainedRule();
  noted.note = "ghi chú mới";
  EXPECT_EQ(*SaveRule(noted), *women);
  // Anything else in the key makes another rule; NULL selections are a key too.
  ActivityFigureRule every_training = WomenTrainedRule();
  every_training.programme.reset();
  every_training.note = "";
  Result<int64_t> third = SaveRule(every_training);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*SaveRule(every_training), *third);
  ActivityFigureRule dialogues;
  dialogues.data_element = "TEAMS";
  dialogues.kind = ActivityKind::kPolicyDialogue;
  dialogues.dialogue_level = DialogueLevel::kVillageCluster;
  dialogues.measure = ActivityMeasure::kMen;
  Result<int64_t> fourth = SaveRule(dialogues);
  ASSERT_TRUE(fourth.ok());
  ActivityFigureRule any_dialogue = dialogues;
  any_dialogue.dialogue_level.reset();
  Result<int64_t> fifth = SaveRule(any_dialogue);
  ASSERT_TRUE(fifth.ok());
  EXPECT_NE(*fifth, *fourth);
  EXPECT_EQ(*SaveRule(any_dialogue), *fifth);
  EXPECT_EQ(Query("SELECT count(*) FROM activity_figure_rule"), "5");

  std::vector<ActivityFigureRule> rules = Rules();
  ASSERT_EQ(rules.size(), 5u);
  std::vector<ActivityFigureRule> want = {SessionsRule(), noted, every_training, dialogues,
                                          any_dialogue};
  want[0].id = *sessions;
  want[1].id = *women;
  want[2].id = *third;
  want[3].id = *fourth;
  want[4].id = *fifth;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Dump(rules[i]), Dump(want[i]));
  EXPECT_EQ(Query("SELECT kind || '|' || programme || '|' || dv_prevention_only || '|' ||"
                  " measure || '|' || by || '|' || period_type FROM activity_figure_rule"
                  " WHERE id = " +
                  std::to_string(*women)),
            "training|programme_2|1|ethnic_minority_women|implementing_level|Quarterly");
  EXPECT_EQ(Query("SELECT count(*) FROM activity_figure_rule WHERE programme IS NULL"
                  " AND dialogue_level IS NULL"),
            "3");
}

TEST_F(SqliteActivities, RuleChecksPassThrough) {
  ActivityFigureRule bad = SessionsRule();
  bad.programme = TrainingProgramme::kProgramme3;  // sessions have no programme
  Result<int64_t> id = SaveRule(bad);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "programme");
  EXPECT_EQ(id.status().message(), records::CheckActivityFigureRule(bad).message());
  bad = SessionsRule();
  bad.dialogue_level = DialogueLevel::kCommune;
  EXPECT_EQ(SaveRule(bad).status().where().field, "dialogueLevel");
  bad = SessionsRule();
  bad.by = FigureBy::kModelStatus;
  EXPECT_EQ(SaveRule(bad).status().where().field, "by");
  bad = SessionsRule();
  bad.period_type = PeriodType::kMultiYear;
  EXPECT_EQ(SaveRule(bad).status().where().field, "periodType");
  bad = SessionsRule();
  bad.data_element = "";
  EXPECT_EQ(SaveRule(bad).status().where().field, "dataElement");
  EXPECT_TRUE(Rules().empty());
}

// ------------------------------------------------------------------ claims

TEST_F(SqliteActivities, ClaimsNameActivityRulesAndActivities) {
  Result<int64_t> sessions = SaveRule(SessionsRule());
  Result<int64_t> women = SaveRule(WomenTrainedRule());
  records::FigureRule teams_rule;
  teams_rule.data_element = "TEAMS";
  Result<int64_t> model_rule =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveFigureRule(teams_rule); });
  Result<ActivityId> a = Save(Session("SH-0001"));
  Result<ActivityId> b = Save(Session("SH-0002"));
  ASSERT_TRUE(sessions.ok() && women.ok() && model_rule.ok() && a.ok() && b.ok());

  const DataValueKey jan{teams_, january_, 3, default_, default_};
  const DataValueKey feb{teams_, february_, 3, default_, default_};
  FigureClaim by_sessions{jan, 0, "2", {*a, *b}};
  by_sessions.activity_rule = *sessions;
  ASSERT_OK(SaveClaim(by_sessions));
  ASSERT_OK(SaveClaim({feb, *model_rule, "1", {model_}}));  // a model rule's, beside it
  const std::string t = std::to_string(teams_), jan_id = std::to_string(january_),
                    feb_id = std::to_string(february_), d = std::to_string(default_);
  const std::string sessions_dump = t + "/" + jan_id + "/3/" + d + "/" + d +
                                    " rule=0 activity_rule=" + std::to_string(*sessions) +
                                    " value=2 ids=" + std::to_string(*a) + ";" +
                                    std::to_string(*b) + ";";
  const std::string model_dump = t + "/" + feb_id + "/3/" + d + "/" + d +
                                 " rule=" + std::to_string(*model_rule) +
                                 " activity_rule=0 value=1 ids=" + std::to_string(model_) + ";";
  EXPECT_EQ(FindClaim(jan), sessions_dump);
  EXPECT_EQ(FindClaim(feb), model_dump);
  EXPECT_EQ(Claims(), (std::vector<std::string>{sessions_dump, model_dump}));
  EXPECT_EQ(Query("SELECT count(*) FROM record_figure WHERE rule_id IS NULL"), "1");

  // Saving a key again replaces its claim, also by the other kind of rule.
  ASSERT_OK(SaveClaim({jan, *model_rule, "1", {model_}}));
  EXPECT_EQ(Query("SELECT coalesce(activity_rule_id, 'null') || '/' || rule_id FROM"
                  " record_figure WHERE period_id = " +
                  jan_id),
            "null/" + std::to_string(*model_rule));
  ASSERT_OK(SaveClaim(by_sessions));
  EXPECT_EQ(FindClaim(jan), sessions_dump);

  // An activity deleted leaves the claim naming it (as a model deleted does).
  ASSERT_OK(store_->Write([&](WriteTransaction& txn) { return txn.DeleteActivity(*b); }));
  EXPECT_EQ(FindClaim(jan), sessions_dump);
  ASSERT_OK(store_->CheckIntegrity());

  // An activity rule deleted (by hand: the store has no call for it) takes
  // its claims, not the model rule's.
  Raw("DELETE FROM activity_figure_rule WHERE id = " + std::to_string(*sessions));
  EXPECT_EQ(Claims(), std::vector<std::string>{model_dump});
}

TEST_F(SqliteActivities, ClaimsOfActivityRulesNameStoredObjects) {
  Result<int64_t> sessions = SaveRule(SessionsRule());
  Result<int64_t> women = SaveRule(WomenTrainedRule());
  records::FigureRule teams_rule;
  teams_rule.data_element = "TEAMS";
  Result<int64_t> model_rule =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveFigureRule(teams_rule); });
  Result<ActivityId> a = Save(Session("SH-0001"));
  ASSERT_TRUE(sessions.ok() && women.ok() && model_rule.ok() && a.ok());
  const DataValueKey key{teams_, january_, 3, default_, default_};
  auto claim = [&](int64_t rule, int64_t activity_rule, std::vector<int64_t> ids) {
    FigureClaim c{key, rule, "1", std::move(ids)};
    c.activity_rule = activity_rule;
    return c;
  };
  const int64_t not_an_activity = *a + 1000;
  struct Case {
    FigureClaim claim;
    ErrorCode code;
    const char* field;
  };
  std::vector<Case> cases = {
      // Both kinds of rule, or neither.
      {claim(*model_rule, *sessions, {*a}), ErrorCode::kInvalidInput, "activityRule"},
      {claim(0, 0, {}), ErrorCode::kNotFound, "rule"},
      {claim(0, 99, {*a}), ErrorCode::kNotFound, "activityRule"},
      // An activity rule's ids are activities: the model's id is not one.
      {claim(0, *sessions, {*a, not_an_activity}), ErrorCode::kNotFound, "models[1]"},
      // A model rule's ids are models: the activity's id is not one (ids differ here).
      {claim(*model_rule, 0, {not_an_activity}), ErrorCode::kNotFound, "models[0]"},
      // The rule publishes MEMBERS, the key is of TEAMS.
      {claim(0, *women, {*a}), ErrorCode::kInvalidInput, "activityRule"},
  };
  for (const Case& c : cases) {
    Status status = SaveClaim(c.claim);
    EXPECT_EQ(status.code(), c.code) << c.field << ": " << status.ToString();
    EXPECT_EQ(status.where().field, c.field) << status.ToString();
  }
  EXPECT_THAT(SaveClaim(claim(0, *women, {*a})).message(),
              HasSubstr("activity figure rule " + std::to_string(*women) + " publishes 'MEMBERS'"));
  EXPECT_TRUE(Claims().empty());
  ASSERT_OK(SaveClaim(claim(0, *sessions, {*a})));
}

}  // namespace
}  // namespace gemis::store
