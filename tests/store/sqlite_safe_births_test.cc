// The safe-birth register in the SQLite store (store/sqlite_safe_births.cc,
// migration 15): births round-trip with their payments in the order given,
// the mother's name and date of birth are sealed with the field key (never
// plaintext in the file), a store without the key loads everything else and
// marks the identity sealed, refuses to write an identity and keeps the
// stored one on updates of sealed births, another key fails loudly; codes,
// uids, communes and villages are checked before writing, filters, deletes
// cascade to payments, and claims of safe-birth rules name births.
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

using records::BirthId;
using records::RegisterFigureRule;
using records::RegisterKind;
using records::SafeBirth;
using records::SafeBirthPackage;
using records::SafeBirthPayment;
using store_test::WriteResult;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Date Day(const char* text) { return *Date::Parse(text); }

std::string Flag(const std::optional<bool>& b) { return b ? (*b ? "yes" : "no") : "-"; }

// Every field of a birth as text, so that a mismatch shows the field.
std::string Dump(const SafeBirth& b) {
  std::ostringstream out;
  out << "birth id=" << b.id << " uid=" << b.uid << " code=" << b.code
      << " mother=" << b.mother_name
      << " born=" << (b.mother_birth_date ? b.mother_birth_date->ToString() : "-")
      << " age=" << (b.mother_age ? std::to_string(*b.mother_age) : "-")
      << " sealed=" << b.identity_sealed << " ethnicity=" << b.ethnicity << " commune=" << b.commune
      << " village=" << b.village << " day=" << b.birth_date.ToString()
      << " facility=" << Flag(b.at_health_facility) << "/" << b.facility
      << " caesarean=" << b.caesarean << " policy=" << Flag(b.within_population_policy)
      << " note=" << b.note;
  for (const SafeBirthPayment& p : b.payments) {
    out << "\n  " << records::SafeBirthPackageName(p.package) << " " << p.day.ToString() << " "
        << p.amount << " people=" << p.people << " days=" << p.days << " " << p.voucher;
  }
  return out.str();
}

constexpr const char* kName = "Lò Thị Ửng";

// A valid birth in commune 4, village 5 (CheckSafeBirth passes): the
// mother born on 1999-11-23, 24 at the birth on 2024-06-02.
SafeBirth MakeBirth(const std::string& code, OrgUnitId commune = 4, OrgUnitId village = 5) {
  SafeBirth b;
  b.code = code;
  b.mother_name = kName;
  b.mother_birth_date = Day("1999-11-23");
  b.ethnicity = "ETHNIC_04";
  b.commune = commune;
  b.village = village;
  b.birth_date = Day("2024-06-02");
  b.at_health_facility = true;
  b.facility = "Trạm Y tế xã Mường So";
  b.within_population_policy = true;
  // Not in day order: the order given comes back.
  b.payments = {{SafeBirthPackage::kMeals, Day("2024-06-05"), 300'000, 2, 3, "PC-2024/117"},
                {SafeBirthPackage::kTravel, Day("2024-06-02"), 200'000, 2, 0, ""},
                {SafeBirthPackage::kSupplies, Day("2024-06-02"), 500'000, 0, 0, "PC-2024/118"}};
  return b;
}

RegisterFigureRule BirthsRule() {
  RegisterFigureRule r;
  r.data_element = "TEAMS";
  r.register_kind = RegisterKind::kSafeBirth;
  r.measure = "supported";
  r.filter = {"meals", "travel"};
  r.note = "Phụ nữ DTTS sinh con được hỗ trợ";
  return r;
}

// Units 1 (centre), 2 (province), 3 (district), 4 and 6 (communes) and 5 (a
// village of 4), the data value fixture's elements, combos and periods,
// and the store opened with the field key.
class SqliteSafeBirths : public store_test::SqliteDataValues {
 protected:
  void SetUp() override {
    SqliteDataValues::SetUp();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit district = store_test::Unit(3, OrgUnitLevel::kDistrict, 2);
      OrgUnit commune = store_test::Unit(4, OrgUnitLevel::kCommune, 3);
      OrgUnit village = store_test::Unit(5, OrgUnitLevel::kVillage, 4);
      OrgUnit other = store_test::Unit(6, OrgUnitLevel::kCommune, 3);
      return txn.SaveOrgUnits({&district, &commune, &village, &other});
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

  Result<BirthId> Save(const SafeBirth& b) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveSafeBirth(b); });
  }
  Result<std::vector<SafeBirth>> TryLoad(const SafeBirthFilter& filter = {}) {
    std::vector<SafeBirth> out;
    GEMIS_RETURN_IF_ERROR(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadSafeBirths(filter));
      return Status::Ok();
    }));
    return out;
  }
  std::vector<SafeBirth> Load(const SafeBirthFilter& filter = {}) {
    Result<std::vector<SafeBirth>> out = TryLoad(filter);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : std::vector<SafeBirth>();
  }
  std::vector<std::string> Codes(const SafeBirthFilter& filter) {
    std::vector<std::string> out;
    for (const SafeBirth& b : Load(filter)) out.push_back(b.code);
    return out;
  }
  Result<std::optional<SafeBirth>> Find(std::string_view code_or_uid) {
    std::optional<SafeBirth> out;
    GEMIS_RETURN_IF_ERROR(store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.FindSafeBirth(code_or_uid));
      return Status::Ok();
    }));
    return out;
  }
  Status Delete(BirthId id) {
    return store_->Write([&](WriteTransaction& txn) { return txn.DeleteSafeBirth(id); });
  }
  Result<int64_t> SaveRule(const RegisterFigureRule& r) {
    return WriteResult(*store_,
                       [&](WriteTransaction& txn) { return txn.SaveRegisterFigureRule(r); });
  }
  Status SaveClaim(const FigureClaim& c) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveFigureClaim(c); });
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
  // The stored sealed columns of the birth `code`.
  std::string SealedColumns(const std::string& code) {
    return Query(
        "SELECT mother_name || '|' || coalesce(mother_birth_date, 'NULL') FROM"
        " safe_birth WHERE code = '" +
        code + "'");
  }

  const FieldKey key_ = FieldKey::Generate();
};

// ------------------------------------------------------------------ schema

TEST_F(SqliteSafeBirths, MigrationFifteenCreatesTheTables) {
  EXPECT_GE(LatestSchemaVersion(), 15);
  ASSERT_GE(AllMigrations().size(), 15u);
  EXPECT_EQ(AllMigrations()[14].version, 15);
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  for (const char* table : {"safe_birth", "safe_birth_payment"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + table + "'"),
              "table")
        << table;
  }
  for (const char* index : {"safe_birth_commune", "safe_birth_day"}) {
    EXPECT_EQ(Query(std::string("SELECT type FROM sqlite_schema WHERE name = '") + index + "'"),
              "index")
        << index;
  }
  ASSERT_OK(store_->CheckIntegrity());
}

// --------------------------------------------------------- with the key

TEST_F(SqliteSafeBirths, RoundTripsWithTheKey) {
  SafeBirth full = MakeBirth("SB-0002");
  Result<BirthId> id = Save(full);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  full.id = *id;
  full.mother_age = 24;  // computed from her date of birth
  // Without a date of birth, the age as the commune wrote it; no village,
  // flags not recorded, no payments.
  SafeBirth sparse = MakeBirth("SB-0001", 6, 0);
  sparse.mother_name = "Giàng Thị Dở";
  sparse.mother_birth_date.reset();
  sparse.mother_age = 19;
  sparse.ethnicity = "";
  sparse.at_health_facility.reset();
  sparse.facility = "";
  sparse.within_population_policy.reset();
  sparse.caesarean = true;
  sparse.payments.clear();
  sparse.note = "Sinh tại nhà, có cô đỡ thôn bản";
  sparse.uid = UidFromKey("birth:sparse");  // a given uid is kept
  Result<BirthId> sparse_id = Save(sparse);
  ASSERT_TRUE(sparse_id.ok()) << sparse_id.status().ToString();
  sparse.id = *sparse_id;

  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 2u);
  // The same day: by code.
  EXPECT_TRUE(IsValidUid(loaded[1].uid)) << loaded[1].uid;
  full.uid = loaded[1].uid;
  EXPECT_EQ(Dump(loaded[0]), Dump(sparse));
  EXPECT_EQ(Dump(loaded[1]), Dump(full));
  EXPECT_FALSE(loaded[1].identity_sealed);
  EXPECT_EQ(loaded[1].mother_name, kName);

  Result<std::optional<SafeBirth>> by_code = Find("SB-0002");
  ASSERT_TRUE(by_code.ok() && by_code->has_value()) << by_code.status().ToString();
  EXPECT_EQ(Dump(**by_code), Dump(full));
  Result<std::optional<SafeBirth>> by_uid = Find(UidFromKey("birth:sparse"));
  ASSERT_TRUE(by_uid.ok() && by_uid->has_value());
  EXPECT_EQ(Dump(**by_uid), Dump(sparse));
  EXPECT_FALSE(Find("SB-9999")->has_value());
  EXPECT_FALSE(Find("")->has_value());

  EXPECT_EQ(Query("SELECT group_concat(package, ',') FROM (SELECT package FROM"
                  " safe_birth_payment WHERE birth_id = " +
                  std::to_string(*id) + " ORDER BY seq)"),
            "meals,travel,supplies");
  EXPECT_EQ(Query("SELECT mother_age || '|' || caesarean || '|' || coalesce(village_id, 'NULL')"
                  " || '|' || coalesce(at_health_facility, 'NULL') || '|' || created || '|' ||"
                  " last_updated FROM safe_birth WHERE code = 'SB-0001'"),
            "19|1|NULL|NULL|2024-03-01T00:00:00.000Z|2024-03-01T00:00:00.000Z");
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqliteSafeBirths, TheFileHoldsNoPlaintextIdentity) {
  ASSERT_TRUE(Save(MakeBirth("SB-0001")).ok());
  const std::string name = Query("SELECT mother_name FROM safe_birth");
  const std::string born = Query("SELECT mother_birth_date FROM safe_birth");
  EXPECT_THAT(name, StartsWith("v1:"));
  EXPECT_THAT(born, StartsWith("v1:"));
  EXPECT_EQ(name.find("Ửng"), std::string::npos);
  EXPECT_EQ(born.find("1999"), std::string::npos);
  EXPECT_EQ(Query("SELECT mother_age FROM safe_birth"), "24");  // in clear, for the figures
  // Each field is bound to the birth's uid and its column.
  const std::string uid = Query("SELECT uid FROM safe_birth");
  EXPECT_EQ(*OpenField(key_, name, "safe_birth:" + uid + ":mother_name"), kName);
  EXPECT_EQ(*OpenField(key_, born, "safe_birth:" + uid + ":mother_birth_date"), "1999-11-23");

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
  EXPECT_EQ(bytes.find("Ửng"), std::string::npos);
  EXPECT_EQ(bytes.find("1999-11-23"), std::string::npos);
  EXPECT_NE(bytes.find("Mường So"), std::string::npos);  // the facility is in clear
}

TEST_F(SqliteSafeBirths, AnUpdateWithTheKeySealsTheNewIdentity) {
  SafeBirth b = MakeBirth("SB-0001");
  Result<BirthId> id = Save(b);
  ASSERT_TRUE(id.ok());
  const std::string before = SealedColumns("SB-0001");
  clock_.Advance(3'600'000);
  b.id = *id;
  b.mother_name = "Lò Thị Ửng Mai";
  b.mother_birth_date = Day("2000-01-02");
  b.payments.pop_back();
  ASSERT_TRUE(Save(b).ok());
  EXPECT_NE(SealedColumns("SB-0001"), before);
  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].mother_name, "Lò Thị Ửng Mai");
  EXPECT_EQ(loaded[0].mother_birth_date, Day("2000-01-02"));
  EXPECT_EQ(loaded[0].mother_age, 24);
  EXPECT_EQ(loaded[0].payments.size(), 2u);
  // The date of birth removed: the age the caller gives is kept.
  b.mother_birth_date.reset();
  b.mother_age = 25;
  ASSERT_TRUE(Save(b).ok());
  loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_FALSE(loaded[0].mother_birth_date.has_value());
  EXPECT_EQ(loaded[0].mother_age, 25);
  EXPECT_EQ(Query("SELECT coalesce(mother_birth_date, 'NULL') || '|' || created || '|' ||"
                  " last_updated FROM safe_birth"),
            "NULL|2024-03-01T00:00:00.000Z|2024-03-01T01:00:00.000Z");
}

TEST_F(SqliteSafeBirths, AnUpdateOfASealedBirthWithTheKeyKeepsTheStoredIdentity) {
  SafeBirth b = MakeBirth("SB-0001");
  Result<BirthId> id = Save(b);
  ASSERT_TRUE(id.ok());
  const std::string before = SealedColumns("SB-0001");
  // As loaded without the key, saved by a store that has it.
  SafeBirth sealed = Load()[0];
  sealed.mother_name.clear();
  sealed.mother_birth_date.reset();
  sealed.identity_sealed = true;
  sealed.note = "Đã đối chiếu danh sách";
  sealed.birth_date = Day("2024-11-30");  // she turned 25 on 2024-11-23
  ASSERT_TRUE(Save(sealed).ok());
  EXPECT_EQ(SealedColumns("SB-0001"), before);
  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].mother_name, kName);
  EXPECT_EQ(loaded[0].mother_birth_date, Day("1999-11-23"));
  EXPECT_EQ(loaded[0].mother_age, 25);  // computed again from the stored date of birth
  EXPECT_EQ(loaded[0].note, "Đã đối chiếu danh sách");

  // A new birth cannot be sealed: there is no stored identity to keep.
  SafeBirth fresh = sealed;
  fresh.id = 0;
  fresh.uid.clear();
  fresh.code = "SB-0002";
  Result<BirthId> refused = Save(fresh);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.status().where().field, "motherName");
}

// ------------------------------------------------------ without the key

TEST_F(SqliteSafeBirths, WithoutTheKeyEverythingButTheIdentityLoads) {
  SafeBirth b = MakeBirth("SB-0001");
  Result<BirthId> id = Save(b);
  ASSERT_TRUE(id.ok());
  const SafeBirth opened = Load()[0];
  Reopen(std::nullopt);
  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  SafeBirth want = opened;
  want.mother_name.clear();
  want.mother_birth_date.reset();
  want.identity_sealed = true;
  EXPECT_EQ(Dump(loaded[0]), Dump(want));
  EXPECT_EQ(loaded[0].mother_age, 24);  // the figures need no key
  Result<std::optional<SafeBirth>> found = Find("SB-0001");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(Dump(**found), Dump(want));
}

TEST_F(SqliteSafeBirths, AnotherKeyFailsClearly) {
  ASSERT_TRUE(Save(MakeBirth("SB-0001")).ok());
  Reopen(FieldKey::Generate());
  Result<std::vector<SafeBirth>> loaded = TryLoad();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(loaded.status().where().field, "motherName");
  EXPECT_THAT(loaded.status().message(), HasSubstr("SB-0001"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("cannot be decrypted with this key"));
  Result<std::optional<SafeBirth>> found = Find("SB-0001");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), ErrorCode::kConflict);

  // A value moved to another row does not open there either.
  Reopen(key_);
  SafeBirth other = MakeBirth("SB-0002");
  other.mother_name = "Giàng Thị Dở";
  ASSERT_TRUE(Save(other).ok());
  Raw("UPDATE safe_birth SET mother_name = (SELECT mother_name FROM safe_birth WHERE code ="
      " 'SB-0001') WHERE code = 'SB-0002'");
  loaded = TryLoad();
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("SB-0002"));
  // And a date of birth moved to the name's column does not open as a name.
  Raw("UPDATE safe_birth SET mother_name = mother_birth_date WHERE code = 'SB-0002'");
  EXPECT_EQ(TryLoad().status().code(), ErrorCode::kConflict);
}

TEST_F(SqliteSafeBirths, SavingAnIdentityWithoutTheKeyIsRefused) {
  Result<BirthId> id = Save(MakeBirth("SB-0001"));
  ASSERT_TRUE(id.ok());
  const SafeBirth opened = Load()[0];
  Reopen(std::nullopt);
  // An insert.
  Result<BirthId> insert = Save(MakeBirth("SB-0002"));
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(insert.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(insert.status().where().field, "motherName");
  EXPECT_THAT(insert.status().message(), HasSubstr("field key is needed"));
  // An update that is not of a sealed birth (the name given in clear).
  SafeBirth update = opened;
  update.note = "x";
  Result<BirthId> refused = Save(update);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(refused.status().where().field, "motherName");
  EXPECT_EQ(Query("SELECT count(*) || '|' || note FROM safe_birth"), "1|");
  EXPECT_EQ(Query("SELECT count(*) FROM safe_birth_payment"), "3");
}

TEST_F(SqliteSafeBirths, AnUpdateOfASealedBirthWithoutTheKeyKeepsTheIdentity) {
  ASSERT_TRUE(Save(MakeBirth("SB-0001")).ok());
  const std::string before = SealedColumns("SB-0001");
  Reopen(std::nullopt);
  SafeBirth sealed = Load()[0];
  ASSERT_TRUE(sealed.identity_sealed);
  sealed.note = "Đã chi đủ";
  sealed.payments.push_back(
      {SafeBirthPackage::kNutrition, Day("2024-07-01"), 1'200'000, 0, 0, "PC-2024/140"});
  ASSERT_TRUE(Save(sealed).ok()) << Save(sealed).status().ToString();
  EXPECT_EQ(SealedColumns("SB-0001"), before);
  EXPECT_EQ(Load()[0].payments.size(), 4u);

  // The day of the birth changes her age, which is computed from the sealed
  // date of birth: that needs the key.
  SafeBirth moved = Load()[0];
  moved.birth_date = Day("2024-12-01");
  Result<BirthId> refused = Save(moved);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(refused.status().where().field, "birthDate");

  Reopen(key_);
  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].mother_name, kName);
  EXPECT_EQ(loaded[0].mother_birth_date, Day("1999-11-23"));
  EXPECT_EQ(loaded[0].mother_age, 24);
  EXPECT_EQ(loaded[0].birth_date, Day("2024-06-02"));
  EXPECT_EQ(loaded[0].note, "Đã chi đủ");
  EXPECT_EQ(loaded[0].payments.back().voucher, "PC-2024/140");
}

TEST_F(SqliteSafeBirths, ASealedBirthWithoutADateOfBirthKeepsItsGivenAge) {
  SafeBirth b = MakeBirth("SB-0001");
  b.mother_birth_date.reset();
  b.mother_age = 17;
  ASSERT_TRUE(Save(b).ok());
  Reopen(std::nullopt);
  SafeBirth sealed = Load()[0];
  sealed.birth_date = Day("2024-06-20");  // no date of birth: nothing to compute
  sealed.mother_age = 18;
  ASSERT_TRUE(Save(sealed).ok());
  Reopen(key_);
  std::vector<SafeBirth> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].mother_name, kName);
  EXPECT_EQ(loaded[0].mother_age, 18);
  EXPECT_EQ(loaded[0].birth_date, Day("2024-06-20"));
}

// ------------------------------------------------------------------ checks

TEST_F(SqliteSafeBirths, CodesUidsAndIdsAreChecked) {
  SafeBirth first = MakeBirth("SB-0001");
  first.uid = UidFromKey("birth:first");
  Result<BirthId> id = Save(first);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Result<BirthId> same_code = Save(MakeBirth("SB-0001"));
  ASSERT_FALSE(same_code.ok());
  EXPECT_EQ(same_code.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_code.status().where().field, "code");

  SafeBirth same_uid = MakeBirth("SB-0002");
  same_uid.uid = first.uid;
  Result<BirthId> taken = Save(same_uid);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.status().where().field, "uid");
  EXPECT_THAT(taken.status().message(), HasSubstr("SB-0001"));

  SafeBirth unknown = MakeBirth("SB-0003");
  unknown.id = 99;
  Result<BirthId> missing = Save(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");

  SafeBirth other_uid = first;
  other_uid.id = *id;
  other_uid.uid = UidFromKey("birth:other");
  Result<BirthId> changed_uid = Save(other_uid);
  ASSERT_FALSE(changed_uid.ok());
  EXPECT_EQ(changed_uid.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(changed_uid.status().where().field, "uid");

  // An update may keep its own code but not take another's.
  Result<BirthId> second = Save(MakeBirth("SB-0004"));
  ASSERT_TRUE(second.ok());
  SafeBirth renamed = MakeBirth("SB-0001");
  renamed.id = *second;
  EXPECT_EQ(Save(renamed).status().code(), ErrorCode::kAlreadyExists);
  SafeBirth same = first;
  same.id = *id;
  EXPECT_TRUE(Save(same).ok());
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"SB-0001", "SB-0004"}));
  EXPECT_EQ(Load()[0].uid, UidFromKey("birth:first"));
}

TEST_F(SqliteSafeBirths, CommuneAndVillageAreCheckedBeforeWriting) {
  struct Case {
    OrgUnitId commune, village;
    const char* field;
    const char* says;
  };
  const Case cases[] = {
      {99, 5, "commune", "99 does not exist"},
      {4, 99, "village", "99 does not exist"},
      {4, 6, "village", "org unit 6 is not a village"},  // a commune
      {4, 3, "village", "org unit 3 is not a village"},  // a district
  };
  for (const Case& c : cases) {
    Result<BirthId> id = Save(MakeBirth("SB-0001", c.commune, c.village));
    ASSERT_FALSE(id.ok()) << c.says;
    EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput) << id.status().ToString();
    EXPECT_EQ(id.status().where().field, c.field);
    EXPECT_THAT(id.status().message(), HasSubstr(c.says));
  }
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM safe_birth_payment"), "0");
  EXPECT_TRUE(Save(MakeBirth("SB-0001", 6, 5)).ok());  // the store does not place the village
}

TEST_F(SqliteSafeBirths, CheckSafeBirthErrorsPassThroughWithTheirField) {
  SafeBirth b = MakeBirth("SB-0001");
  b.payments[1].people = 3;
  Result<BirthId> id = Save(b);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "payments[1].people");
  EXPECT_EQ(id.status().message(), records::CheckSafeBirth(b).message());
  b = MakeBirth("SB-0001");
  b.mother_name = "";
  EXPECT_EQ(Save(b).status().where().field, "motherName");
  // Checked before the key is asked for.
  Reopen(std::nullopt);
  EXPECT_EQ(Save(b).status().code(), ErrorCode::kInvalidInput);
  Reopen(key_);
  // An age computed from the date of birth is bounded as a given one is.
  b = MakeBirth("SB-0001");
  b.mother_birth_date = Day("1950-01-01");
  Result<BirthId> old = Save(b);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(old.status().where().field, "motherBirthDate");
  EXPECT_THAT(old.status().message(), HasSubstr("74"));
  EXPECT_TRUE(Load().empty());
}

// ---------------------------------------------------- filters and deletes

TEST_F(SqliteSafeBirths, FiltersByCommuneIdAndDay) {
  auto birth = [&](const char* code, OrgUnitId commune, const char* day) {
    SafeBirth b = MakeBirth(code, commune, commune == 4 ? 5 : 0);
    b.birth_date = Day(day);
    b.payments.clear();
    Result<BirthId> id = Save(b);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  };
  const BirthId a = birth("SB-A", 4, "2024-05-01");
  birth("SB-B", 6, "2024-01-15");
  const BirthId c = birth("SB-C", 4, "2024-12-31");
  birth("SB-D", 6, "2024-05-01");
  // By the birth's day, then code.
  EXPECT_EQ(Codes({}), (std::vector<std::string>{"SB-B", "SB-A", "SB-D", "SB-C"}));
  EXPECT_EQ(Codes({.communes = {4}}), (std::vector<std::string>{"SB-A", "SB-C"}));
  EXPECT_EQ(Codes({.communes = {4, 6}}).size(), 4u);
  EXPECT_EQ(Codes({.communes = {3}}), std::vector<std::string>{});  // not subtrees
  EXPECT_EQ(Codes({.ids = {c, a}}), (std::vector<std::string>{"SB-A", "SB-C"}));
  // Both ends inclusive.
  EXPECT_EQ(Codes({.from = Day("2024-05-01"), .to = Day("2024-12-31")}),
            (std::vector<std::string>{"SB-A", "SB-D", "SB-C"}));
  EXPECT_EQ(Codes({.to = Day("2024-05-01")}), (std::vector<std::string>{"SB-B", "SB-A", "SB-D"}));
  EXPECT_EQ(Codes({.from = Day("2024-05-02")}), std::vector<std::string>{"SB-C"});
  EXPECT_EQ(Codes({.communes = {6}, .from = Day("2024-02-01"), .to = Day("2024-06-30")}),
            std::vector<std::string>{"SB-D"});
}

TEST_F(SqliteSafeBirths, DeleteTakesThePaymentsAndClaimsKeepTheId) {
  Result<BirthId> kept = Save(MakeBirth("SB-KEEP"));
  Result<BirthId> gone = Save(MakeBirth("SB-GONE"));
  ASSERT_TRUE(kept.ok() && gone.ok());
  Result<int64_t> rule = SaveRule(BirthsRule());
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  FigureClaim claim{{teams_, january_, 4, default_, default_}, 0, "2", {*kept, *gone}};
  claim.register_rule = *rule;
  ASSERT_OK(SaveClaim(claim));

  ASSERT_OK(Delete(*gone));
  EXPECT_EQ(Codes({}), std::vector<std::string>{"SB-KEEP"});
  EXPECT_EQ(Query("SELECT count(*) FROM safe_birth_payment"), "3");
  EXPECT_EQ(Query("SELECT models FROM record_figure"),
            std::to_string(*kept) + "," + std::to_string(*gone));
  Status again = Delete(*gone);
  EXPECT_EQ(again.code(), ErrorCode::kNotFound);
  EXPECT_EQ(again.where().field, "id");
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------- rules and claims

TEST_F(SqliteSafeBirths, SafeBirthRulesAreSavedAndLoaded) {
  Result<int64_t> supported = SaveRule(BirthsRule());
  ASSERT_TRUE(supported.ok()) << supported.status().ToString();
  RegisterFigureRule amount = BirthsRule();
  amount.measure = "amount";
  amount.filter.clear();
  amount.period_type = PeriodType::kQuarterly;
  Result<int64_t> amount_id = SaveRule(amount);
  ASSERT_TRUE(amount_id.ok());
  EXPECT_EQ(*SaveRule(BirthsRule()), *supported);  // the same key
  std::vector<RegisterFigureRule> rules;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRegisterFigureRules());
    return Status::Ok();
  }));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].register_kind, RegisterKind::kSafeBirth);
  EXPECT_EQ(rules[0].measure, "supported");
  EXPECT_EQ(rules[0].filter, (std::vector<std::string>{"meals", "travel"}));
  EXPECT_EQ(rules[0].note, "Phụ nữ DTTS sinh con được hỗ trợ");
  EXPECT_EQ(rules[1].measure, "amount");
  EXPECT_TRUE(rules[1].filter.empty());
  EXPECT_EQ(Query("SELECT register || '|' || filter FROM register_figure_rule WHERE id = " +
                  std::to_string(*supported)),
            "safe_birth|meals,travel");
  // CheckRegisterFigureRule's errors: a group is not a package.
  RegisterFigureRule bad = BirthsRule();
  bad.filter = {"pipeline"};
  EXPECT_EQ(SaveRule(bad).status().where().field, "packages[0]");
  // A stored package filter on a cadre rule does not load.
  Raw("UPDATE register_figure_rule SET register = 'women_cadres', measure = 'trained' WHERE id = " +
      std::to_string(*supported));
  Status corrupt = store_->Read(
      [&](ReadTransaction& txn) -> Status { return txn.LoadRegisterFigureRules().status(); });
  EXPECT_EQ(corrupt.code(), ErrorCode::kCorruption) << corrupt.ToString();
}

TEST_F(SqliteSafeBirths, ClaimsOfSafeBirthRulesNameBirths) {
  Result<BirthId> birth = Save(MakeBirth("SB-0001"));
  records::Cadre mai;
  mai.code = "CB-0001";
  mai.name = "Giàng Thị Mai";
  mai.org_unit = 4;
  mai.level = ImplementingLevel::kCommune;
  mai.position = "Phó Chủ tịch Hội LHPN xã";
  mai.ethnicity = "ETHNIC_04";
  mai.since = Day("2024-01-15");
  Result<records::CadreId> first_cadre =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveCadre(mai); });
  mai.code = "CB-0002";
  Result<records::CadreId> cadre =
      WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveCadre(mai); });
  Result<int64_t> births_rule = SaveRule(BirthsRule());
  RegisterFigureRule trained;
  trained.data_element = "TEAMS";
  trained.measure = "trained";
  Result<int64_t> cadres_rule = SaveRule(trained);
  ASSERT_TRUE(birth.ok() && first_cadre.ok() && cadre.ok() && births_rule.ok() && cadres_rule.ok());
  ASSERT_NE(*cadre, *birth);  // a cadre's id that is no birth's

  const DataValueKey key{teams_, january_, 4, default_, default_};
  auto claim = [&](int64_t rule, std::vector<int64_t> ids) {
    FigureClaim c{key, 0, "1", std::move(ids)};
    c.register_rule = rule;
    return c;
  };
  // A safe-birth rule's ids are births: a cadre's id is not one.
  Status refused = SaveClaim(claim(*births_rule, {*birth, *cadre}));
  EXPECT_EQ(refused.code(), ErrorCode::kNotFound) << refused.ToString();
  EXPECT_EQ(refused.where().field, "models[1]");
  EXPECT_THAT(refused.message(),
              HasSubstr("safe birth " + std::to_string(*cadre) + " does not exist"));
  // And a cadre rule's ids are cadres, not births.
  refused = SaveClaim(claim(*cadres_rule, {*cadre, *birth + 100}));
  EXPECT_EQ(refused.code(), ErrorCode::kNotFound);
  EXPECT_EQ(refused.where().field, "models[1]");
  EXPECT_THAT(refused.message(), HasSubstr("cadre "));
  EXPECT_EQ(Query("SELECT count(*) FROM record_figure"), "0");

  ASSERT_OK(SaveClaim(claim(*births_rule, {*birth})));
  std::optional<FigureClaim> stored;
  ASSERT_OK(store_->Read([&](ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(stored, txn.FindFigureClaim(key));
    return Status::Ok();
  }));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->register_rule, *births_rule);
  EXPECT_EQ(stored->models, std::vector<int64_t>{*birth});
  ASSERT_OK(SaveClaim(claim(*cadres_rule, {*cadre})));  // replaces it
}

}  // namespace
}  // namespace gemis::store
