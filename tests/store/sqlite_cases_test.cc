// Confidential cases in the SQLite store (store/sqlite_cases.cc, migration
// 16): cases round-trip with their consents, services and referrals in the
// order given, updates replace them, the survivor's name, contact and the
// narrative are sealed with the field key (never plaintext in the file,
// NULL when empty), a store without the key loads everything else and marks
// the identity sealed, refuses to write an identity and keeps the stored
// one on updates of sealed cases, another key fails loudly; codes, uids,
// addresses (trusted addresses and victims' livelihood models only) and
// units are checked before writing, filters, deletes cascade, case teams are
// saved, replaced, loaded and deleted, a model holding cases is not
// deleted, claims of case rules name cases, and migration 16 keeps the
// register rules and claims of version 15.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/uid.h"
#include "store/data_value_store_fixture.h"
#include "store/field_cipher.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace gemis::store {
namespace {

using records::Case;
using records::CaseAssignment;
using records::CaseId;
using records::CaseKind;
using records::CaseReferral;
using records::CaseRole;
using records::CaseService;
using records::CaseServiceEntry;
using records::CaseSex;
using records::Consent;
using records::ConsentPurpose;
using records::IncidentType;
using records::ModelId;
using records::RegisterFigureRule;
using records::RegisterKind;
using store_test::WriteResult;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Date Day(const char* text) { return *Date::Parse(text); }

// Every field of a case as text, so that a mismatch shows the field.
std::string Dump(const Case& c) {
  std::ostringstream out;
  out << "case id=" << c.id << " uid=" << c.uid << " code=" << c.code
      << " kind=" << records::CaseKindName(c.kind) << " address=" << c.address
      << " unit=" << c.org_unit << " opened=" << c.opened.ToString()
      << " closed=" << (c.closed ? c.closed->ToString() : "-") << " name=" << c.survivor_name
      << " contact=" << c.contact << " narrative=" << c.narrative << " sealed=" << c.identity_sealed
      << " sex=" << records::CaseSexName(c.sex) << " age=" << (c.age ? std::to_string(*c.age) : "-")
      << " ethnicity=" << c.ethnicity << " incidents=";
  for (IncidentType t : c.incidents) out << records::IncidentTypeName(t) << ",";
  for (const Consent& k : c.consents) {
    out << "\n  consent " << records::ConsentPurposeName(k.purpose) << " " << k.given << " "
        << k.day.ToString() << " " << k.recorded_by;
  }
  for (const CaseServiceEntry& s : c.services) {
    out << "\n  service " << records::CaseServiceName(s.service) << " " << s.day.ToString() << " "
        << s.note;
  }
  for (const CaseReferral& r : c.referrals) {
    out << "\n  referral " << r.day.ToString() << " " << r.organisation << " "
        << records::CaseServiceName(r.service) << " " << r.note;
  }
  return out.str();
}

constexpr const char* kName = "Lò Thị Ửng";
constexpr const char* kContact = "Qua chị Hoa, Hội LHPN xã: 0912 345 678";
constexpr const char* kNarrative = "Bị chồng đánh nhiều lần trong tháng 5, bỏ về nhà mẹ đẻ.";

// A valid case (CheckCase passes) held by `address` in unit 4, with every
// field set. The lists are by day; on one day, not in the catalogue's
// order: the order given comes back.
Case MakeCase(const std::string& code, ModelId address) {
  Case c;
  c.code = code;
  c.kind = CaseKind::kViolence;
  c.address = address;
  c.org_unit = 4;
  c.opened = Day("2024-05-10");
  c.closed = Day("2024-09-30");
  c.survivor_name = kName;
  c.contact = kContact;
  c.narrative = kNarrative;
  c.sex = CaseSex::kFemale;
  c.age = 27;
  c.ethnicity = "ETHNIC_04";
  c.incidents = {IncidentType::kPhysicalAssault, IncidentType::kPsychologicalAbuse};
  c.consents = {{ConsentPurpose::kReferral, true, Day("2024-05-10"), "hoa.nt"},
                {ConsentPurpose::kServices, true, Day("2024-05-10"), "hoa.nt"},
                {ConsentPurpose::kReporting, false, Day("2024-05-12"), "hoa.nt"},
                {ConsentPurpose::kReporting, true, Day("2024-06-01"), "lan.vt"}};
  c.services = {{CaseService::kPsychosocial, Day("2024-05-10"), ""},
                {CaseService::kSafety, Day("2024-05-10"), "Tạm lánh 3 ngày"},
                {CaseService::kLegal, Day("2024-06-20"), "Tư vấn pháp luật"}};
  c.referrals = {{Day("2024-05-11"), "Trạm Y tế xã Mường So", CaseService::kHealth, "Khám"},
                 {Day("2024-05-20"), "Công an huyện", CaseService::kLegal, ""}};
  return c;
}

RegisterFigureRule CasesRule() {
  RegisterFigureRule r;
  r.data_element = "TEAMS";
  r.register_kind = RegisterKind::kCases;
  r.measure = "cases";
  r.filter = {"violence"};
  r.note = "Số vụ việc bạo lực được hỗ trợ";
  return r;
}

// Units 1 (centre), 2 (province), 3 (district), 4 and 6 (communes), the
// data value fixture's elements, combos and periods, a trusted address
// (unit 4), a victims' livelihood model (unit 6) and a communication team
// (unit 4), two users, and the store opened with the field key.
class SqliteCases : public store_test::SqliteDataValues {
 protected:
  void SetUp() override {
    SqliteDataValues::SetUp();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit district = store_test::Unit(3, OrgUnitLevel::kDistrict, 2);
      OrgUnit commune = store_test::Unit(4, OrgUnitLevel::kCommune, 3);
      OrgUnit other = store_test::Unit(6, OrgUnitLevel::kCommune, 3);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&district, &commune, &other}));
      auto model = [&](const char* code, records::ModelKind kind, OrgUnitId unit) {
        records::Model m;
        m.code = code;
        m.kind = kind;
        m.name = std::string("Mô hình ") + code;
        m.org_unit = unit;
        m.established = Day("2022-03-15");
        return txn.SaveModel(m);
      };
      GEMIS_ASSIGN_OR_RETURN(address_, model("DCTC-01", records::ModelKind::kTrustedAddress, 4));
      GEMIS_ASSIGN_OR_RETURN(livelihood_,
                             model("SK-NN-01", records::ModelKind::kVictimLivelihood, 6));
      GEMIS_ASSIGN_OR_RETURN(team_, model("TT-01", records::ModelKind::kCommunicationTeam, 4));
      auto user = [&](const char* username) {
        access::User u;
        u.username = username;
        u.display_name = "Nguyễn Thị Hoa";
        u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
        u.roles = {"commune_officer"};
        u.entry_scope = {1};
        u.view_scope = {1};
        u.created_by = "cli:root";
        return txn.SaveUser(u);
      };
      GEMIS_ASSIGN_OR_RETURN(hoa_, user("hoa.nt"));
      GEMIS_ASSIGN_OR_RETURN(lan_, user("lan.vt"));
      return Status::Ok();
    }));
    Reopen(key_);
  }

  // Opens the database again, with `key` or without one.
  void Reopen(std::optional<FieldKey> key) {
    store_.reset();
    Result<std::unique_ptr<Store>> opened =
        OpenSqliteStore(path(), {.clock = &clock_, .field_key = std::move(key)});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  Result<CaseId> Save(const Case& c) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveCase(c); });
  }
  CaseId MustSave(const Case& c) {
    Result<CaseId> id = Save(c);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Result<std::vector<Case>> TryLoad(const CaseFilter& filter = {}) {
    std::vector<Case> out;
    GEMIS_RETURN_IF_ERROR(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCases(filter));
      return Status::Ok();
    }));
    return out;
  }
  std::vector<Case> Load(const CaseFilter& filter = {}) {
    Result<std::vector<Case>> out = TryLoad(filter);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : std::vector<Case>();
  }
  std::vector<std::string> Codes(const CaseFilter& filter) {
    std::vector<std::string> out;
    for (const Case& c : Load(filter)) out.push_back(c.code);
    return out;
  }
  Result<std::optional<Case>> Find(std::string_view code_or_uid) {
    std::optional<Case> out;
    GEMIS_RETURN_IF_ERROR(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindCase(code_or_uid));
      return Status::Ok();
    }));
    return out;
  }
  Status Delete(CaseId id) {
    return store_->Write([&](WriteTransaction& txn) { return txn.DeleteCase(id); });
  }
  Status Assign(const CaseAssignment& a) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveCaseAssignment(a); });
  }
  Status Unassign(ModelId address, int64_t user) {
    return store_->Write(
        [&](WriteTransaction& txn) { return txn.DeleteCaseAssignment(address, user); });
  }
  std::vector<CaseAssignment> Assignments(const CaseAssignmentFilter& filter = {}) {
    std::vector<CaseAssignment> out;
    Status read = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadCaseAssignments(filter));
      return Status::Ok();
    });
    EXPECT_TRUE(read.ok()) << read.ToString();
    return out;
  }
  Status DeleteModel(ModelId id) {
    return store_->Write([&](WriteTransaction& txn) { return txn.DeleteModel(id); });
  }
  Result<int64_t> SaveRule(const RegisterFigureRule& r) {
    return WriteResult(*store_,
                       [&](WriteTransaction& txn) { return txn.SaveRegisterFigureRule(r); });
  }
  Status SaveClaim(const FigureClaim& c) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveFigureClaim(c); });
  }
  // One text value of a query on a second connection ("" for no row).
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
  // The stored sealed columns of the case `code` ("NULL" for NULL).
  std::string SealedColumns(const std::string& code) {
    return Query(
        "SELECT coalesce(survivor_name, 'NULL') || '|' || coalesce(contact, 'NULL') || '|' ||"
        " coalesce(narrative, 'NULL') FROM case_record WHERE code = '" +
        code + "'");
  }

  const FieldKey key_ = FieldKey::Generate();
  ModelId address_ = 0, livelihood_ = 0, team_ = 0;
  access::UserId hoa_ = 0, lan_ = 0;
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteCases, MigrationSixteenCreatesTheTables) {
  EXPECT_GE(LatestSchemaVersion(), 16);
  ASSERT_GE(AllMigrations().size(), 16u);
  EXPECT_EQ(AllMigrations()[15].version, 16);
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  for (const char* table : {"case_record", "case_consent", "case_service", "case_referral",
                            "case_assignment", "register_figure_rule", "record_figure"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
              "table")
        << table;
  }
  for (const char* index : {"case_record_address", "case_record_org_unit", "case_assignment_user",
                            "register_figure_rule_key", "record_figure_rule",
                            "record_figure_activity_rule", "record_figure_register_rule"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + index + "'"),
              "index")
        << index;
  }
  EXPECT_EQ(Query("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%\\_new' ESCAPE '\\'"), "0");
  // The address of a case is restricted, of a case team cascaded.
  EXPECT_EQ(Query("SELECT \"table\" || '|' || on_delete FROM"
                  " pragma_foreign_key_list('case_record') WHERE \"from\" = 'address_id'"),
            "model|RESTRICT");
  EXPECT_EQ(Query("SELECT group_concat(x, ',') FROM (SELECT \"table\" || ':' || on_delete AS x"
                  " FROM pragma_foreign_key_list('case_assignment') ORDER BY \"table\")"),
            "app_user:CASCADE,model:CASCADE");
  EXPECT_EQ(Query("SELECT \"table\" FROM pragma_foreign_key_list('record_figure')"
                  " WHERE \"from\" = 'register_rule_id'"),
            "register_figure_rule");
  ASSERT_OK(store_->CheckIntegrity());
}

// --------------------------------------------------------- with the key

TEST_F(SqliteCases, RoundTripsWithTheKey) {
  Case full = MakeCase("VV-0002", address_);
  full.id = MustSave(full);
  ASSERT_GT(full.id, 0);
  // No identity, still open, age unknown, nothing recorded yet, a given uid;
  // opened the same day: by code.
  Case sparse = MakeCase("VV-0001", livelihood_);
  sparse.kind = CaseKind::kTrafficking;
  sparse.org_unit = 6;
  sparse.closed.reset();
  sparse.survivor_name.clear();
  sparse.contact.clear();
  sparse.narrative.clear();
  sparse.sex = CaseSex::kUnknown;
  sparse.age.reset();
  sparse.ethnicity = "";
  sparse.incidents = {IncidentType::kTrafficking};
  sparse.consents.clear();
  sparse.services.clear();
  sparse.referrals.clear();
  sparse.uid = UidFromKey("case:sparse");
  sparse.id = MustSave(sparse);
  ASSERT_GT(sparse.id, 0);

  std::vector<Case> loaded = Load();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_TRUE(IsValidUid(loaded[1].uid)) << loaded[1].uid;
  full.uid = loaded[1].uid;
  EXPECT_EQ(Dump(loaded[0]), Dump(sparse));
  EXPECT_EQ(Dump(loaded[1]), Dump(full));
  EXPECT_FALSE(loaded[1].identity_sealed);
  EXPECT_EQ(loaded[1].survivor_name, kName);
  EXPECT_EQ(loaded[1].consents, full.consents);
  EXPECT_EQ(loaded[1].services, full.services);
  EXPECT_EQ(loaded[1].referrals, full.referrals);

  Result<std::optional<Case>> by_code = Find("VV-0002");
  ASSERT_TRUE(by_code.ok() && by_code->has_value()) << by_code.status().ToString();
  EXPECT_EQ(Dump(**by_code), Dump(full));
  Result<std::optional<Case>> by_uid = Find(UidFromKey("case:sparse"));
  ASSERT_TRUE(by_uid.ok() && by_uid->has_value());
  EXPECT_EQ(Dump(**by_uid), Dump(sparse));
  EXPECT_FALSE(Find("VV-9999")->has_value());
  EXPECT_FALSE(Find("")->has_value());

  EXPECT_EQ(Query("SELECT kind || '|' || opened || '|' || coalesce(closed, 'NULL') || '|' ||"
                  " sex || '|' || coalesce(age, 'NULL') || '|' || incidents FROM case_record"
                  " WHERE code = 'VV-0002'"),
            "violence|2024-05-10|2024-09-30|female|27|physical_assault,psychological_abuse");
  EXPECT_EQ(Query("SELECT group_concat(x, ',') FROM (SELECT purpose || ':' || given AS x FROM"
                  " case_consent WHERE case_id = " +
                  std::to_string(full.id) + " ORDER BY seq)"),
            "referral:1,services:1,reporting:0,reporting:1");
  EXPECT_EQ(Query("SELECT group_concat(service, ',') FROM (SELECT service FROM case_service"
                  " WHERE case_id = " +
                  std::to_string(full.id) + " ORDER BY seq)"),
            "psychosocial,safety,legal");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteCases, AnUpdateReplacesTheConsentsServicesAndReferrals) {
  Case c = MakeCase("VV-0001", address_);
  c.id = MustSave(c);
  ASSERT_GT(c.id, 0);
  c.uid = Load()[0].uid;
  c.closed.reset();
  c.consents.resize(2);
  c.consents[0].recorded_by = "lan.vt";
  c.services = {{CaseService::kLivelihood, Day("2024-07-01"), "Vay vốn"}};
  c.referrals.clear();
  c.incidents = {IncidentType::kRape, IncidentType::kPhysicalAssault};
  c.age = 28;
  // With the key an update seals its identity anew; an emptied field is NULL.
  c.survivor_name = "Lò Thị Ửng Mai";
  c.narrative.clear();
  const std::string before = SealedColumns("VV-0001");
  EXPECT_EQ(MustSave(c), c.id);
  EXPECT_NE(SealedColumns("VV-0001"), before);
  EXPECT_THAT(SealedColumns("VV-0001"), testing::EndsWith("|NULL"));

  std::vector<Case> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(Dump(loaded[0]), Dump(c));
  EXPECT_EQ(Query("SELECT count(*) FROM case_consent"), "2");
  EXPECT_EQ(Query("SELECT count(*) FROM case_service"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM case_referral"), "0");
}

TEST_F(SqliteCases, TheFileHoldsNoPlaintextIdentity) {
  Case c = MakeCase("VV-0001", address_);
  c.contact.clear();
  ASSERT_GT(MustSave(c), 0);
  const std::string uid = Query("SELECT uid FROM case_record");
  const std::string name = Query("SELECT survivor_name FROM case_record");
  const std::string narrative = Query("SELECT narrative FROM case_record");
  EXPECT_THAT(name, StartsWith("v1:"));
  EXPECT_THAT(narrative, StartsWith("v1:"));
  EXPECT_EQ(name.find("Ửng"), std::string::npos);
  EXPECT_EQ(narrative.find("chồng"), std::string::npos);
  // Empty: NULL, not a sealed empty text.
  EXPECT_EQ(Query("SELECT coalesce(contact, 'NULL') FROM case_record"), "NULL");
  // In clear, for the figures.
  EXPECT_EQ(Query("SELECT sex || '|' || age || '|' || ethnicity FROM case_record"),
            "female|27|ETHNIC_04");
  // Each field is bound to the case's uid and its column.
  EXPECT_EQ(*OpenField(key_, name, "case:" + uid + ":survivor_name"), kName);
  EXPECT_EQ(*OpenField(key_, narrative, "case:" + uid + ":narrative"), kNarrative);
  EXPECT_FALSE(OpenField(key_, name, "case:" + uid + ":contact").ok());
  {
    // The table refuses plaintext.
    Result<SqliteDb> db = SqliteDb::Open(path(), false);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(db->Exec("UPDATE case_record SET contact = '0912 345 678'").code(),
              ErrorCode::kConflict);
  }

  // Nowhere in the file's bytes (closing the store checkpoints the WAL;
  // what is left of it is read too).
  store_.reset();
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(path() + suffix, std::ios::binary);
    std::ostringstream read;
    read << in.rdbuf();
    bytes += read.str();
  }
  ASSERT_GT(bytes.size(), 4096u);
  EXPECT_EQ(bytes.find(kName), std::string::npos);
  EXPECT_EQ(bytes.find(kNarrative), std::string::npos);
  EXPECT_NE(bytes.find("Trạm Y tế xã Mường So"), std::string::npos);  // a referral, in clear
}

// ------------------------------------------------------ without the key

TEST_F(SqliteCases, WithoutTheKeyEverythingButTheIdentityLoads) {
  ASSERT_GT(MustSave(MakeCase("VV-0001", address_)), 0);
  const Case opened = Load()[0];
  Reopen(std::nullopt);
  std::vector<Case> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  Case want = opened;
  want.survivor_name.clear();
  want.contact.clear();
  want.narrative.clear();
  want.identity_sealed = true;
  EXPECT_EQ(Dump(loaded[0]), Dump(want));
  Result<std::optional<Case>> found = Find(opened.uid);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(Dump(**found), Dump(want));
}

TEST_F(SqliteCases, AnUpdateOfASealedCaseWithoutTheKeyKeepsTheIdentity) {
  ASSERT_GT(MustSave(MakeCase("VV-0001", address_)), 0);
  const std::string before = SealedColumns("VV-0001");
  Reopen(std::nullopt);
  Case sealed = Load()[0];
  ASSERT_TRUE(sealed.identity_sealed);
  sealed.closed = Day("2024-10-15");
  sealed.services.push_back({CaseService::kReintegration, Day("2024-10-01"), "Về lại thôn"});
  Result<CaseId> saved = Save(sealed);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(SealedColumns("VV-0001"), before);
  EXPECT_EQ(Load()[0].services.size(), 4u);

  Reopen(key_);
  std::vector<Case> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].survivor_name, kName);
  EXPECT_EQ(loaded[0].contact, kContact);
  EXPECT_EQ(loaded[0].narrative, kNarrative);
  EXPECT_EQ(loaded[0].closed, Day("2024-10-15"));
  EXPECT_EQ(loaded[0].services.back().note, "Về lại thôn");

  // With the key too, a sealed case keeps the stored identity.
  sealed = loaded[0];
  sealed.survivor_name.clear();
  sealed.contact.clear();
  sealed.narrative.clear();
  sealed.identity_sealed = true;
  ASSERT_TRUE(Save(sealed).ok());
  EXPECT_EQ(SealedColumns("VV-0001"), before);
  EXPECT_EQ(Load()[0].survivor_name, kName);
}

TEST_F(SqliteCases, SavingAnIdentityWithoutTheKeyIsRefused) {
  ASSERT_GT(MustSave(MakeCase("VV-0001", address_)), 0);
  const Case opened = Load()[0];
  const std::string before = SealedColumns("VV-0001");
  Reopen(std::nullopt);
  // The first identifying field that is not empty is named.
  struct Refusal {
    bool name, contact, narrative;
    const char* field;
  };
  for (const Refusal& r :
       {Refusal{true, true, true, "survivorName"}, Refusal{false, true, true, "contact"},
        Refusal{false, false, true, "narrative"}}) {
    Case c = MakeCase("VV-0002", address_);
    if (!r.name) c.survivor_name.clear();
    if (!r.contact) c.contact.clear();
    if (!r.narrative) c.narrative.clear();
    Result<CaseId> refused = Save(c);
    ASSERT_FALSE(refused.ok()) << r.field;
    EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);
    EXPECT_EQ(refused.status().where().field, r.field);
    EXPECT_THAT(refused.status().message(), HasSubstr("field key is needed"));
  }
  // An update that is not of a sealed case (the name given in clear).
  Case update = opened;
  update.age = 30;
  Result<CaseId> refused = Save(update);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(refused.status().where().field, "survivorName");
  EXPECT_EQ(Query("SELECT count(*) || '|' || age FROM case_record"), "1|27");
  EXPECT_EQ(SealedColumns("VV-0001"), before);

  // A case under its code only needs no key.
  Case anonymous = MakeCase("VV-0003", address_);
  anonymous.survivor_name.clear();
  anonymous.contact.clear();
  anonymous.narrative.clear();
  Result<CaseId> saved = Save(anonymous);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(SealedColumns("VV-0003"), "NULL|NULL|NULL");
  // A new case cannot be sealed: there is no stored identity to keep.
  Case fresh = anonymous;
  fresh.code = "VV-0004";
  fresh.identity_sealed = true;
  Result<CaseId> sealed_insert = Save(fresh);
  ASSERT_FALSE(sealed_insert.ok());
  EXPECT_EQ(sealed_insert.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(sealed_insert.status().where().field, "survivorName");
  EXPECT_EQ(Query("SELECT count(*) FROM case_record"), "2");
}

TEST_F(SqliteCases, AnotherKeyFailsClearly) {
  ASSERT_GT(MustSave(MakeCase("VV-0001", address_)), 0);
  Reopen(FieldKey::Generate());
  Result<std::vector<Case>> loaded = TryLoad();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(loaded.status().where().field, "survivorName");
  EXPECT_THAT(loaded.status().message(), HasSubstr("VV-0001"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("cannot be decrypted with this key"));
  Result<std::optional<Case>> found = Find("VV-0001");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), ErrorCode::kConflict);

  // A narrative moved to the contact's column does not open there.
  Reopen(key_);
  Raw("UPDATE case_record SET contact = narrative");
  loaded = TryLoad();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(loaded.status().where().field, "contact");
}

// ------------------------------------------------------------------ checks

TEST_F(SqliteCases, CodesUidsAndIdsAreChecked) {
  Case first = MakeCase("VV-0001", address_);
  first.uid = UidFromKey("case:first");
  const CaseId id = MustSave(first);
  ASSERT_GT(id, 0);

  Result<CaseId> same_code = Save(MakeCase("VV-0001", address_));
  ASSERT_FALSE(same_code.ok());
  EXPECT_EQ(same_code.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_code.status().where().field, "code");

  Case same_uid = MakeCase("VV-0002", address_);
  same_uid.uid = first.uid;
  Result<CaseId> taken = Save(same_uid);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.status().where().field, "uid");

  Case unknown = MakeCase("VV-0003", address_);
  unknown.id = 99;
  Result<CaseId> missing = Save(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");

  Case other_uid = first;
  other_uid.id = id;
  other_uid.uid = UidFromKey("case:other");
  Result<CaseId> changed_uid = Save(other_uid);
  ASSERT_FALSE(changed_uid.ok());
  EXPECT_EQ(changed_uid.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(changed_uid.status().where().field, "uid");

  // An update may keep its own code but not take another's.
  const CaseId second = MustSave(MakeCase("VV-0004", address_));
  Case renamed = MakeCase("VV-0001", address_);
  renamed.id = second;
  EXPECT_EQ(Save(renamed).status().code(), ErrorCode::kAlreadyExists);
  Case same = first;
  same.id = id;
  EXPECT_TRUE(Save(same).ok());
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"VV-0001", "VV-0004"}));
  EXPECT_EQ(Load()[0].uid, UidFromKey("case:first"));
}

TEST_F(SqliteCases, TheAddressAndUnitAreCheckedBeforeWriting) {
  struct Refused {
    ModelId address;
    OrgUnitId unit;
    const char* field;
    std::string says;
  };
  const Refused refusals[] = {
      {team_, 4, "address", "is a communication_team, not a trusted address"},
      {999, 4, "address", "model 999 does not exist"},
      {address_, 99, "orgUnit", "99 does not exist"},
  };
  for (const Refused& r : refusals) {
    Case c = MakeCase("VV-0001", r.address);
    c.org_unit = r.unit;
    Result<CaseId> id = Save(c);
    ASSERT_FALSE(id.ok()) << r.says;
    EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput) << id.status().ToString();
    EXPECT_EQ(id.status().where().field, r.field);
    EXPECT_THAT(id.status().message(), HasSubstr(r.says));
  }
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM case_consent"), "0");
  // A victims' livelihood model holds cases too.
  Case c = MakeCase("VV-0001", livelihood_);
  c.org_unit = 6;
  EXPECT_GT(MustSave(c), 0);
}

TEST_F(SqliteCases, CheckCaseErrorsPassThroughWithTheirField) {
  Case c = MakeCase("VV-0001", address_);
  c.referrals[0].day = Day("2024-05-09");  // before the case was opened
  Result<CaseId> id = Save(c);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "referrals[0].day");
  EXPECT_EQ(id.status().message(), records::CheckCase(c).message());
  // The consent rule: a service on a day without consent for services.
  c = MakeCase("VV-0001", address_);
  c.consents.erase(c.consents.begin() + 1);
  id = Save(c);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(id.status().where().field, "services[0]");
  // Checked before the key is asked for.
  Reopen(std::nullopt);
  EXPECT_EQ(Save(c).status().code(), ErrorCode::kConflict);
  Reopen(key_);
  EXPECT_TRUE(Load().empty());
}

// ---------------------------------------------------- filters and deletes

TEST_F(SqliteCases, FiltersByAddressUnitIdAndKind) {
  auto make = [&](const char* code, ModelId address, OrgUnitId unit, CaseKind kind,
                  const char* opened) {
    Case c = MakeCase(code, address);
    c.org_unit = unit;
    c.kind = kind;
    if (kind == CaseKind::kTrafficking) c.incidents = {IncidentType::kTrafficking};
    c.opened = Day(opened);
    c.closed.reset();
    c.consents.clear();
    c.services.clear();
    c.referrals.clear();
    return MustSave(c);
  };
  const CaseId a = make("VV-A", address_, 4, CaseKind::kViolence, "2024-05-01");
  make("VV-B", livelihood_, 6, CaseKind::kTrafficking, "2024-01-15");
  const CaseId c = make("VV-C", address_, 4, CaseKind::kTrafficking, "2024-12-31");
  make("VV-D", livelihood_, 6, CaseKind::kViolence, "2024-05-01");
  // By the day opened, then code.
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"VV-B", "VV-A", "VV-D", "VV-C"}));
  EXPECT_EQ(Codes({.addresses = {address_}}), (std::vector<std::string>{"VV-A", "VV-C"}));
  EXPECT_EQ(Codes({.addresses = {address_, livelihood_}}).size(), 4u);
  EXPECT_EQ(Codes({.addresses = {team_}}), std::vector<std::string>{});
  EXPECT_EQ(Codes({.org_units = {6}}), (std::vector<std::string>{"VV-B", "VV-D"}));
  EXPECT_EQ(Codes({.org_units = {3}}), std::vector<std::string>{});  // not subtrees
  EXPECT_EQ(Codes({.ids = {c, a}}), (std::vector<std::string>{"VV-A", "VV-C"}));
  EXPECT_EQ(Codes({.kind = CaseKind::kTrafficking}), (std::vector<std::string>{"VV-B", "VV-C"}));
  EXPECT_EQ(Codes({.addresses = {livelihood_}, .kind = CaseKind::kViolence}),
            std::vector<std::string>{"VV-D"});
}

TEST_F(SqliteCases, DeleteTakesThePartsAndClaimsKeepTheId) {
  const CaseId kept = MustSave(MakeCase("VV-KEEP", address_));
  const CaseId gone = MustSave(MakeCase("VV-GONE", address_));
  ASSERT_TRUE(kept > 0 && gone > 0);
  Result<int64_t> rule = SaveRule(CasesRule());
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  FigureClaim claim{{teams_, january_, 4, default_, default_}, 0, "2", {kept, gone}};
  claim.register_rule = *rule;
  ASSERT_OK(SaveClaim(claim));

  ASSERT_OK(Delete(gone));
  EXPECT_EQ(Codes({}), std::vector<std::string>{"VV-KEEP"});
  EXPECT_EQ(Query("SELECT count(*) FROM case_consent"), "4");
  EXPECT_EQ(Query("SELECT count(*) FROM case_service"), "3");
  EXPECT_EQ(Query("SELECT count(*) FROM case_referral"), "2");
  EXPECT_EQ(Query("SELECT models FROM record_figure"),
            std::to_string(kept) + "," + std::to_string(gone));
  Status again = Delete(gone);
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);
  EXPECT_EQ(again.where().field, "id");
  ASSERT_OK(store_->CheckIntegrity());
}

// -------------------------------------------------------------- case teams

TEST_F(SqliteCases, AssignmentsAreSavedReplacedLoadedAndDeleted) {
  ASSERT_OK(Assign({address_, hoa_, CaseRole::kCaseworker, "admin", ""}));
  ASSERT_OK(Assign({address_, lan_, CaseRole::kSupervisor, "admin", "2024-02-01T08:00:00.000Z"}));
  ASSERT_OK(Assign({livelihood_, hoa_, CaseRole::kSupervisor, "admin", ""}));
  const std::vector<CaseAssignment> all = {
      {address_, hoa_, CaseRole::kCaseworker, "admin", "2024-03-01T00:00:00.000Z"},
      {address_, lan_, CaseRole::kSupervisor, "admin", "2024-02-01T08:00:00.000Z"},
      {livelihood_, hoa_, CaseRole::kSupervisor, "admin", "2024-03-01T00:00:00.000Z"}};
  ASSERT_LT(address_, livelihood_);
  ASSERT_LT(hoa_, lan_);
  EXPECT_EQ(Assignments(), all);
  EXPECT_EQ(Assignments({.address = address_}), (std::vector<CaseAssignment>{all[0], all[1]}));
  EXPECT_EQ(Assignments({.user_id = hoa_}), (std::vector<CaseAssignment>{all[0], all[2]}));
  EXPECT_EQ(Assignments({.address = livelihood_, .user_id = hoa_}),
            std::vector<CaseAssignment>{all[2]});
  EXPECT_TRUE(Assignments({.address = team_}).empty());

  // The same address and user: the role, grantor and time are replaced.
  clock_.Advance(3'600'000);
  ASSERT_OK(Assign({address_, hoa_, CaseRole::kSupervisor, "hoa.nt", ""}));
  std::vector<CaseAssignment> hoa_here = Assignments({.address = address_, .user_id = hoa_});
  ASSERT_EQ(hoa_here.size(), 1u);
  EXPECT_EQ(hoa_here[0], (CaseAssignment{address_, hoa_, CaseRole::kSupervisor, "hoa.nt",
                                         "2024-03-01T01:00:00.000Z"}));
  EXPECT_EQ(Assignments().size(), 3u);

  ASSERT_OK(Unassign(address_, hoa_));
  EXPECT_EQ(Assignments({.user_id = hoa_}), std::vector<CaseAssignment>{all[2]});
  Status again = Unassign(address_, hoa_);
  EXPECT_EQ(again.code(), ErrorCode::kNotFound) << again.ToString();
  EXPECT_EQ(Unassign(team_, lan_).code(), ErrorCode::kNotFound);
  EXPECT_EQ(Assignments().size(), 2u);
}

TEST_F(SqliteCases, AssignmentsNameATrustedAddressAndAUser) {
  Status unknown_user = Assign({address_, 999, CaseRole::kCaseworker, "admin", ""});
  EXPECT_EQ(unknown_user.code(), ErrorCode::kInvalidInput) << unknown_user.ToString();
  EXPECT_EQ(unknown_user.where().field, "user");
  EXPECT_THAT(unknown_user.message(), HasSubstr("user 999 does not exist"));
  Status not_an_address = Assign({team_, hoa_, CaseRole::kCaseworker, "admin", ""});
  EXPECT_EQ(not_an_address.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(not_an_address.where().field, "address");
  Status unknown_model = Assign({999, hoa_, CaseRole::kCaseworker, "admin", ""});
  EXPECT_EQ(unknown_model.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown_model.where().field, "address");
  EXPECT_TRUE(Assignments().empty());
}

TEST_F(SqliteCases, AModelHoldingCasesIsNotDeleted) {
  const CaseId first = MustSave(MakeCase("VV-0001", address_));
  const CaseId second = MustSave(MakeCase("VV-0002", address_));
  ASSERT_TRUE(first > 0 && second > 0);
  ASSERT_OK(Assign({address_, hoa_, CaseRole::kCaseworker, "admin", ""}));
  ASSERT_OK(Assign({livelihood_, hoa_, CaseRole::kCaseworker, "admin", ""}));

  Status refused = DeleteModel(address_);
  EXPECT_EQ(refused.code(), ErrorCode::kConflict) << refused.ToString();
  EXPECT_EQ(refused.where().field, "code");
  EXPECT_THAT(refused.message(), HasSubstr("holds 2 cases"));
  EXPECT_EQ(refused.message().find("VV-000"), std::string::npos);  // codes are not named
  ASSERT_OK(Delete(first));
  refused = DeleteModel(address_);
  EXPECT_EQ(refused.code(), ErrorCode::kConflict);
  EXPECT_THAT(refused.message(), HasSubstr("holds 1 case;"));
  EXPECT_EQ(Assignments({.address = address_}).size(), 1u);

  ASSERT_OK(Delete(second));
  ASSERT_OK(DeleteModel(address_));
  // Its case team went with it; the other address's stays.
  EXPECT_TRUE(Assignments({.address = address_}).empty());
  EXPECT_EQ(Assignments({.user_id = hoa_}).size(), 1u);
  EXPECT_EQ(DeleteModel(address_).code(), ErrorCode::kNotFound);
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------- rules and claims

TEST_F(SqliteCases, CaseRulesAreSavedAndLoaded) {
  Result<int64_t> id = SaveRule(CasesRule());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  RegisterFigureRule referred = CasesRule();
  referred.measure = "referred";
  referred.filter.clear();
  referred.period_type = PeriodType::kQuarterly;
  Result<int64_t> referred_id = SaveRule(referred);
  ASSERT_TRUE(referred_id.ok()) << referred_id.status().ToString();
  EXPECT_EQ(*SaveRule(CasesRule()), *id);  // the same key
  std::vector<RegisterFigureRule> rules;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRegisterFigureRules());
    return Status::Ok();
  }));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].id, *id);
  EXPECT_EQ(rules[0].register_kind, RegisterKind::kCases);
  EXPECT_EQ(rules[0].data_element, "TEAMS");
  EXPECT_EQ(rules[0].measure, "cases");
  EXPECT_EQ(rules[0].filter, std::vector<std::string>{"violence"});
  EXPECT_EQ(rules[0].by, records::FigureBy::kNone);
  EXPECT_EQ(rules[0].period_type, PeriodType::kYearly);
  EXPECT_EQ(rules[0].note, "Số vụ việc bạo lực được hỗ trợ");
  EXPECT_EQ(rules[1].measure, "referred");
  EXPECT_TRUE(rules[1].filter.empty());
  EXPECT_EQ(rules[1].period_type, PeriodType::kQuarterly);
  EXPECT_EQ(Query("SELECT register || '|' || measure || '|' || filter FROM register_figure_rule"
                  " WHERE id = " +
                  std::to_string(*id)),
            "cases|cases|violence");
  // A stored filter that is no case kind does not load.
  Raw("UPDATE register_figure_rule SET filter = 'meals' WHERE id = " + std::to_string(*id));
  Status corrupt = store_->Read(
      [&](ReadTransaction& txn) -> Status { return txn.LoadRegisterFigureRules().status(); });
  EXPECT_EQ(corrupt.code(), ErrorCode::kCorruption) << corrupt.ToString();
}

TEST_F(SqliteCases, ClaimsOfCaseRulesNameCases) {
  const CaseId c = MustSave(MakeCase("VV-0001", address_));
  ASSERT_GT(c, 0);
  Result<int64_t> rule = SaveRule(CasesRule());
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  const DataValueKey key{teams_, january_, 4, default_, default_};
  FigureClaim claim{key, 0, "1", {c, c + 100}};
  claim.register_rule = *rule;
  Status refused = SaveClaim(claim);
  EXPECT_EQ(refused.code(), ErrorCode::kNotFound) << refused.ToString();
  EXPECT_EQ(refused.where().field, "models[1]");
  EXPECT_THAT(refused.message(), HasSubstr("case " + std::to_string(c + 100) + " does not exist"));
  EXPECT_EQ(Query("SELECT count(*) FROM record_figure"), "0");

  claim.models = {c};
  ASSERT_OK(SaveClaim(claim));
  std::optional<FigureClaim> stored;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindFigureClaim(key));
    return Status::Ok();
  }));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->register_rule, *rule);
  EXPECT_EQ(stored->models, std::vector<int64_t>{c});
}

// --------------------------------------------------------------- migration

// Version 16 rebuilds register_figure_rule (and so record_figure, which
// references it): a database at version 15 keeps its register rules (ids,
// fields, the unique key) and the claims of every kind of rule, the foreign
// keys still hold and cascade, and the rules admit the cases register.
TEST(SqliteCasesMigration, Version16KeepsTheRegisterRulesAndClaimsOfVersion15) {
  test_support::TempDir dir;
  const std::string path = dir.File("g.db");
  {
    Result<SqliteDb> db = SqliteDb::Open(path, true);
    ASSERT_TRUE(db.ok());
    ASSERT_OK(Migrate(*db, 15));
    ASSERT_EQ(*ReadSchemaVersion(*db), 15);
    ASSERT_OK(
        db->Exec("INSERT INTO org_unit (id, uid, created) VALUES"
                 " (1, 'CentreVN001', '2024-01-01T00:00:00.000Z');"
                 "INSERT INTO category_combo (id, uid, code, name) VALUES"
                 " (1, 'ComboDef001', 'default', 'default');"
                 "INSERT INTO category_option_combo (id, uid, code, name, combo_id) VALUES"
                 " (1, 'CocDefault1', 'default', 'default', 1);"
                 "INSERT INTO data_element (id, uid, code, name, value_type, aggregation_type,"
                 " category_combo_id) VALUES (1, 'DeWomen0001', 'P8_W', 'Số phụ nữ', 'INTEGER',"
                 " 'SUM', 1);"
                 "INSERT INTO period (id, iso, type, start_date, end_date) VALUES"
                 " (1, '2024', 'Yearly', '2024-01-01', '2024-12-31'),"
                 " (2, '2023', 'Yearly', '2023-01-01', '2023-12-31'),"
                 " (3, '2022', 'Yearly', '2022-01-01', '2022-12-31');"
                 "INSERT INTO register_figure_rule (id, data_element, register, measure, filter,"
                 " by, period_type, note) VALUES (3, 'P8_W', 'women_cadres', 'trained',"
                 " 'newly_elected,pipeline', 'implementing_level', 'Yearly', 'ghi chú'),"
                 " (7, 'P8_W', 'safe_birth', 'supported', 'meals,travel', 'none', 'Yearly', '');"
                 "INSERT INTO figure_rule (id, data_element, kind, statuses, by, period_type)"
                 " VALUES (1, 'P8_W', 'trusted_address', 'new', 'none', 'Yearly');"
                 "INSERT INTO record_figure (data_element_id, period_id, org_unit_id, coc_id,"
                 " aoc_id, rule_id, activity_rule_id, register_rule_id, value, models) VALUES"
                 " (1, 1, 1, 1, 1, NULL, NULL, 7, '2', '4,9'),"
                 " (1, 2, 1, 1, 1, NULL, NULL, 3, '1', '2'),"
                 " (1, 3, 1, 1, 1, 1, NULL, NULL, '5', '1,2');"));
  }
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  EXPECT_EQ(store.schema_version(), LatestSchemaVersion());
  ASSERT_OK(store.CheckIntegrity());  // with PRAGMA foreign_key_check
  std::vector<RegisterFigureRule> rules;
  std::vector<FigureClaim> claims;
  ASSERT_OK(store.Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRegisterFigureRules());
    GEMIS_ASSIGN_OR_RETURN(claims, txn.LoadFigureClaims(std::nullopt));
    return Status::Ok();
  }));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].id, 3);
  EXPECT_EQ(rules[0].register_kind, RegisterKind::kWomenCadres);
  EXPECT_EQ(rules[0].measure, "trained");
  EXPECT_EQ(rules[0].filter, (std::vector<std::string>{"newly_elected", "pipeline"}));
  EXPECT_EQ(rules[0].by, records::FigureBy::kImplementingLevel);
  EXPECT_EQ(rules[0].note, "ghi chú");
  EXPECT_EQ(rules[1].id, 7);
  EXPECT_EQ(rules[1].register_kind, RegisterKind::kSafeBirth);
  EXPECT_EQ(rules[1].measure, "supported");
  EXPECT_EQ(rules[1].filter, (std::vector<std::string>{"meals", "travel"}));
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims[0].key, (DataValueKey{1, 1, 1, 1, 1}));
  EXPECT_EQ(claims[0].register_rule, 7);
  EXPECT_EQ(claims[0].value, "2");
  EXPECT_EQ(claims[0].models, (std::vector<int64_t>{4, 9}));
  EXPECT_EQ(claims[1].register_rule, 3);
  EXPECT_EQ(claims[1].models, std::vector<int64_t>{2});
  EXPECT_EQ(claims[2].rule, 1);
  EXPECT_EQ(claims[2].register_rule, 0);
  EXPECT_EQ(claims[2].value, "5");

  // A rule of the cases register is admitted; the same key is one rule.
  RegisterFigureRule cases = CasesRule();
  cases.data_element = "P8_W";
  Result<int64_t> id =
      WriteResult(store, [&](WriteTransaction& txn) { return txn.SaveRegisterFigureRule(cases); });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, 8);  // after the kept ids
  opened->reset();

  Result<SqliteDb> db = SqliteDb::Open(path, false);
  ASSERT_TRUE(db.ok());
  ASSERT_OK(db->Exec("PRAGMA foreign_keys=ON"));
  auto text = [&](const std::string& sql) {
    Result<SqliteStatement> stmt = db->Prepare(sql);
    if (!stmt.ok()) return "error: " + stmt.status().ToString();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return "error: " + row.status().ToString();
    return *row ? stmt->Text(0) : std::string();
  };
  EXPECT_EQ(text("SELECT count(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(text("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%\\_new' ESCAPE '\\'"), "0");
  EXPECT_EQ(
      text("SELECT \"table\" || '|' || on_delete FROM pragma_foreign_key_list('record_figure')"
           " WHERE \"from\" = 'register_rule_id'"),
      "register_figure_rule|CASCADE");
  EXPECT_EQ(text("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
                 " WHERE tbl_name IN ('record_figure', 'register_figure_rule')"
                 " AND type = 'index' AND sql IS NOT NULL ORDER BY name)"),
            "record_figure_activity_rule,record_figure_register_rule,record_figure_rule,"
            "register_figure_rule_key");
  // Still checked: the unique key, the widened CHECKs, a claim's rule.
  EXPECT_EQ(db->Exec("INSERT INTO register_figure_rule (data_element, register, measure, filter,"
                     " by, period_type) VALUES ('P8_W', 'safe_birth', 'supported',"
                     " 'meals,travel', 'none', 'Yearly')")
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(db->Exec("INSERT INTO register_figure_rule (data_element, register, measure, by,"
                     " period_type) VALUES ('P8_W', 'unknown', 'cases', 'none', 'Yearly')")
                .code(),
            ErrorCode::kConflict);
  ASSERT_OK(
      db->Exec("INSERT INTO register_figure_rule (data_element, register, measure, by,"
               " period_type) VALUES ('P8_X', 'cases', 'served', 'none', 'Yearly')"));
  EXPECT_EQ(db->Exec("UPDATE record_figure SET register_rule_id = 99 WHERE period_id = 1").code(),
            ErrorCode::kConflict);
  // A register rule deleted takes its claims, and only its own.
  ASSERT_OK(db->Exec("DELETE FROM register_figure_rule WHERE id = 7"));
  EXPECT_EQ(text("SELECT group_concat(period_id, ',') FROM (SELECT period_id FROM record_figure"
                 " ORDER BY period_id)"),
            "2,3");
}

}  // namespace
}  // namespace gemis::store
