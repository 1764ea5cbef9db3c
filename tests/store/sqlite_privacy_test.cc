// Data protection in the SQLite store (store/sqlite_privacy.cc, migration
// 17): data subjects' requests and breaches round-trip newest first with
// their lists, bad ones are refused naming the field (CheckSubjectRequest's
// and CheckBreach's errors, and what the lists' encoding cannot hold),
// updates keep the uid and an unknown id is kNotFound; retention periods
// are the defaults until one is stored; erasing a birth's or a case's
// identity empties the sealed columns (overwritten in the file), keeps
// everything else, loads sealed with the day of the erasure, stays erased
// when the record is saved sealed and ends when an identity is given again;
// erasing a birth needs the field key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/uid.h"
#include "store/data_value_store_fixture.h"
#include "store/field_cipher.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_transaction.h"

namespace gemis::store {
namespace {

using records::BirthId;
using records::Breach;
using records::Case;
using records::CaseId;
using records::KeptField;
using records::PersonalRegister;
using records::RequestKind;
using records::RetentionRule;
using records::SafeBirth;
using records::SafeBirthPackage;
using records::SubjectRequest;
using store_test::WriteResult;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Date Day(const char* text) { return *Date::Parse(text); }

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kReceived = 1'735'700'000'000;  // 2025-01-01T03:06:40Z

constexpr const char* kName = "Lò Thị Ửng";
constexpr const char* kContact = "Qua chị Hoa, Hội LHPN xã: 0912 345 678";
constexpr const char* kNarrative = "Bị chồng đánh nhiều lần trong tháng 5.";

// An answered erasure of birth SB-2024-001, its lists as PlanErasure gives
// them.
SubjectRequest AnsweredErasure() {
  SubjectRequest r;
  r.register_kind = PersonalRegister::kSafeBirth;
  r.record_code = "SB-2024-001";
  r.kind = RequestKind::kErasure;
  r.received_ms = kReceived;
  r.answered_ms = kReceived + 20 * kHour;
  r.handled_by = "dpo.lan";
  const records::ErasurePlan plan = records::PlanErasure(PersonalRegister::kSafeBirth);
  r.erased = plan.erased;
  r.kept = plan.kept;
  r.note = "Đã xoá họ tên và ngày sinh của người mẹ.";
  return r;
}

// An open access request of case VV-0001, received later.
SubjectRequest OpenAccess() {
  SubjectRequest r;
  r.register_kind = PersonalRegister::kCase;
  r.record_code = "VV-0001";
  r.kind = RequestKind::kAccess;
  r.received_ms = kReceived + 48 * kHour;
  return r;
}

void ExpectSameRequest(const SubjectRequest& got, const SubjectRequest& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.uid, want.uid);
  EXPECT_EQ(got.register_kind, want.register_kind);
  EXPECT_EQ(got.record_code, want.record_code);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.received_ms, want.received_ms);
  EXPECT_EQ(got.answered_ms, want.answered_ms);
  EXPECT_EQ(got.handled_by, want.handled_by);
  EXPECT_EQ(got.erased, want.erased);
  ASSERT_EQ(got.kept.size(), want.kept.size());
  for (size_t i = 0; i < got.kept.size(); ++i) {
    EXPECT_EQ(got.kept[i].field, want.kept[i].field) << i;
    EXPECT_EQ(got.kept[i].reason_vi, want.kept[i].reason_vi) << i;
    EXPECT_EQ(got.kept[i].reason_en, want.kept[i].reason_en) << i;
  }
  EXPECT_EQ(got.note, want.note);
}

void ExpectSameBreach(const Breach& got, const Breach& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.uid, want.uid);
  EXPECT_EQ(got.detected_ms, want.detected_ms);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.registers, want.registers);
  EXPECT_EQ(got.subjects, want.subjects);
  EXPECT_EQ(got.measures, want.measures);
  EXPECT_EQ(got.notified_ms, want.notified_ms);
  EXPECT_EQ(got.notified_to, want.notified_to);
  EXPECT_EQ(got.late_reason, want.late_reason);
}

std::string Rules(const std::vector<RetentionRule>& rules) {
  std::string out;
  for (const RetentionRule& r : rules) {
    out += std::string(out.empty() ? "" : ",") + records::PersonalRegisterName(r.register_kind) +
           ":" + std::to_string(r.years);
  }
  return out;
}

// A valid birth in commune 4, village 5: the mother born on 1999-11-23, 24
// at the birth on 2024-06-02, three payments.
SafeBirth MakeBirth(const std::string& code) {
  SafeBirth b;
  b.code = code;
  b.mother_name = kName;
  b.mother_birth_date = Day("1999-11-23");
  b.ethnicity = "ETHNIC_04";
  b.commune = 4;
  b.village = 5;
  b.birth_date = Day("2024-06-02");
  b.at_health_facility = true;
  b.facility = "Trạm Y tế xã Mường So";
  b.within_population_policy = true;
  b.payments = {{SafeBirthPackage::kMeals, Day("2024-06-05"), 300'000, 2, 3, "PC-2024/117"},
                {SafeBirthPackage::kTravel, Day("2024-06-02"), 200'000, 2, 0, ""},
                {SafeBirthPackage::kSupplies, Day("2024-06-02"), 500'000, 0, 0, "PC-2024/118"}};
  return b;
}

// A valid case held by `address` in unit 4, every identifying field set.
Case MakeCase(const std::string& code, records::ModelId address) {
  Case c;
  c.code = code;
  c.kind = records::CaseKind::kViolence;
  c.address = address;
  c.org_unit = 4;
  c.opened = Day("2024-05-10");
  c.closed = Day("2024-09-30");
  c.survivor_name = kName;
  c.contact = kContact;
  c.narrative = kNarrative;
  c.sex = records::CaseSex::kFemale;
  c.age = 27;
  c.ethnicity = "ETHNIC_04";
  c.incidents = {records::IncidentType::kPhysicalAssault};
  c.consents = {{records::ConsentPurpose::kServices, true, Day("2024-05-10"), "hoa.nt"},
                {records::ConsentPurpose::kReferral, true, Day("2024-05-10"), "hoa.nt"}};
  c.services = {{records::CaseService::kSafety, Day("2024-05-10"), "Tạm lánh 3 ngày"}};
  c.referrals = {
      {Day("2024-05-11"), "Trạm Y tế xã Mường So", records::CaseService::kHealth, "Khám"}};
  return c;
}

// Units 1 (centre), 2 (province), 3 (district), 4 (commune) and 5 (a
// village of 4), a trusted address in unit 4, and the store opened with the
// field key.
class SqlitePrivacy : public store_test::SqliteDataValues {
 protected:
  void SetUp() override {
    SqliteDataValues::SetUp();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Write([&](WriteTransaction& txn) -> Status {
      OrgUnit district = store_test::Unit(3, OrgUnitLevel::kDistrict, 2);
      OrgUnit commune = store_test::Unit(4, OrgUnitLevel::kCommune, 3);
      OrgUnit village = store_test::Unit(5, OrgUnitLevel::kVillage, 4);
      GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits({&district, &commune, &village}));
      records::Model m;
      m.code = "DCTC-01";
      m.kind = records::ModelKind::kTrustedAddress;
      m.name = "Địa chỉ tin cậy thôn Nà Rì";
      m.org_unit = 4;
      m.established = Day("2022-03-15");
      GEMIS_ASSIGN_OR_RETURN(address_, txn.SaveModel(m));
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

  Result<int64_t> SaveRequest(const SubjectRequest& r) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveSubjectRequest(r); });
  }
  Result<int64_t> SaveBreach(const Breach& b) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveBreach(b); });
  }
  Status SaveRetention(const RetentionRule& r) {
    return store_->Write([&](WriteTransaction& txn) { return txn.SaveRetentionRule(r); });
  }
  // Runs `fn(txn)` in a read; its value, or the read's failure.
  template <typename T, typename Fn>
  Result<T> ReadResult(Fn fn) {
    Result<T> out = Status::Internal("not run");
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      out = fn(txn);
      return out.status();
    });
    if (!status.ok()) return status;
    return out;
  }
  std::vector<SubjectRequest> Requests() {
    Result<std::vector<SubjectRequest>> out = ReadResult<std::vector<SubjectRequest>>(
        [](ReadTransaction& txn) { return txn.LoadSubjectRequests(); });
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : std::vector<SubjectRequest>();
  }
  Result<std::optional<SubjectRequest>> FindRequest(int64_t id) {
    return ReadResult<std::optional<SubjectRequest>>(
        [id](ReadTransaction& txn) { return txn.FindSubjectRequest(id); });
  }
  std::vector<Breach> Breaches() {
    Result<std::vector<Breach>> out =
        ReadResult<std::vector<Breach>>([](ReadTransaction& txn) { return txn.LoadBreaches(); });
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : std::vector<Breach>();
  }
  Result<std::optional<Breach>> FindBreach(int64_t id) {
    return ReadResult<std::optional<Breach>>(
        [id](ReadTransaction& txn) { return txn.FindBreach(id); });
  }
  std::string Retention() {
    Result<std::vector<RetentionRule>> out = ReadResult<std::vector<RetentionRule>>(
        [](ReadTransaction& txn) { return txn.LoadRetentionRules(); });
    return out.ok() ? Rules(*out) : "error: " + out.status().ToString();
  }

  Result<BirthId> SaveBirth(const SafeBirth& b) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveSafeBirth(b); });
  }
  Status EraseBirth(BirthId id, Date day) {
    return store_->Write(
        [&](WriteTransaction& txn) { return txn.EraseSafeBirthIdentity(id, day); });
  }
  Result<std::optional<SafeBirth>> FindBirth(std::string_view code) {
    return ReadResult<std::optional<SafeBirth>>(
        [code](ReadTransaction& txn) { return txn.FindSafeBirth(code); });
  }
  Result<std::vector<SafeBirth>> LoadBirths() {
    return ReadResult<std::vector<SafeBirth>>(
        [](ReadTransaction& txn) { return txn.LoadSafeBirths({}); });
  }
  Result<CaseId> SaveCase(const Case& c) {
    return WriteResult(*store_, [&](WriteTransaction& txn) { return txn.SaveCase(c); });
  }
  Status EraseCase(CaseId id, Date day) {
    return store_->Write([&](WriteTransaction& txn) { return txn.EraseCaseIdentity(id, day); });
  }
  Result<std::optional<Case>> FindCase(std::string_view code) {
    return ReadResult<std::optional<Case>>(
        [code](ReadTransaction& txn) { return txn.FindCase(code); });
  }
  Result<std::vector<Case>> LoadCases() {
    return ReadResult<std::vector<Case>>([](ReadTransaction& txn) { return txn.LoadCases({}); });
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
  // The stored identity columns of the birth `code` ("NULL" for NULL).
  std::string BirthColumns(const std::string& code) {
    return Query(
        "SELECT mother_name || '|' || coalesce(mother_birth_date, 'NULL') || '|' ||"
        " coalesce(mother_age, 'NULL') || '|' || coalesce(identity_erased, 'NULL') FROM"
        " safe_birth WHERE code = '" +
        code + "'");
  }
  std::string CaseColumns(const std::string& code) {
    return Query(
        "SELECT coalesce(survivor_name, 'NULL') || '|' || coalesce(contact, 'NULL') || '|' ||"
        " coalesce(narrative, 'NULL') || '|' || coalesce(identity_erased, 'NULL') FROM"
        " case_record WHERE code = '" +
        code + "'");
  }
  // Every byte of the database file and its WAL (the store closed first).
  std::string FileBytes() {
    store_.reset();
    std::string out;
    for (const std::string& file : {path(), path() + "-wal"}) {
      if (!std::filesystem::exists(file)) continue;
      std::ifstream in(file, std::ios::binary);
      out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
  }

  const FieldKey key_ = FieldKey::Generate();
  records::ModelId address_ = 0;
};

// --------------------------------------------------------------- requests

TEST_F(SqlitePrivacy, RequestsRoundTripNewestFirst) {
  SubjectRequest answered = AnsweredErasure();
  Result<int64_t> first = SaveRequest(answered);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  answered.id = *first;
  SubjectRequest open = OpenAccess();
  open.uid = UidFromKey("request:open");
  Result<int64_t> second = SaveRequest(open);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  open.id = *second;
  EXPECT_NE(answered.id, open.id);

  std::vector<SubjectRequest> loaded = Requests();
  ASSERT_EQ(loaded.size(), 2u);
  // The open request was received later: it comes first.
  EXPECT_TRUE(IsValidUid(loaded[1].uid)) << loaded[1].uid;
  answered.uid = loaded[1].uid;
  ExpectSameRequest(loaded[0], open);
  ExpectSameRequest(loaded[1], answered);
  EXPECT_EQ(loaded[1].erased, (std::vector<std::string>{"motherName", "motherBirthDate"}));
  EXPECT_EQ(loaded[1].kept.size(), 3u);
  EXPECT_FALSE(loaded[0].answered_ms.has_value());
  EXPECT_TRUE(loaded[0].erased.empty());
  EXPECT_TRUE(loaded[0].kept.empty());

  Result<std::optional<SubjectRequest>> found = FindRequest(answered.id);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
  ExpectSameRequest(**found, answered);
  Result<std::optional<SubjectRequest>> none = FindRequest(999);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  // As stored: names, the lists one a line, open as NULL.
  EXPECT_EQ(Query("SELECT register || '|' || kind || '|' || coalesce(answered_ms, 'NULL') || '|'"
                  " || erased FROM subject_request WHERE id = " +
                  std::to_string(open.id)),
            "case|access|NULL|");
  EXPECT_EQ(Query("SELECT register || '|' || kind || '|' || erased FROM subject_request"
                  " WHERE id = " +
                  std::to_string(answered.id)),
            "safe_birth|erasure|motherName\nmotherBirthDate");
  EXPECT_THAT(Query("SELECT kept FROM subject_request WHERE id = " + std::to_string(answered.id)),
              StartsWith("payments\tCác khoản chi"));
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqlitePrivacy, ReceivedTiesAreOrderedByIdDescending) {
  SubjectRequest a = OpenAccess();
  SubjectRequest b = OpenAccess();
  b.record_code = "VV-0002";
  Result<int64_t> id_a = SaveRequest(a);
  Result<int64_t> id_b = SaveRequest(b);
  ASSERT_TRUE(id_a.ok() && id_b.ok());
  std::vector<SubjectRequest> loaded = Requests();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].id, *id_b);
  EXPECT_EQ(loaded[1].id, *id_a);
}

TEST_F(SqlitePrivacy, ARequestIsUpdatedInPlaceKeepingItsUid) {
  SubjectRequest r = OpenAccess();
  Result<int64_t> id = SaveRequest(r);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  r = Requests()[0];
  // Answered: the same row, the same uid (given or not).
  r.answered_ms = r.received_ms + 5 * kHour;
  r.handled_by = "dpo.lan";
  r.note = "Đã gửi bản sao hồ sơ.";
  const std::string uid = r.uid;
  r.uid.clear();
  Result<int64_t> updated = SaveRequest(r);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated, *id);
  std::vector<SubjectRequest> loaded = Requests();
  ASSERT_EQ(loaded.size(), 1u);
  r.uid = uid;
  ExpectSameRequest(loaded[0], r);

  // A uid never changes.
  SubjectRequest other_uid = r;
  other_uid.uid = UidFromKey("request:other");
  Result<int64_t> conflict = SaveRequest(other_uid);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(conflict.status().where().field, "uid");
  // An unknown id.
  SubjectRequest unknown = r;
  unknown.id = 999;
  unknown.uid.clear();
  Result<int64_t> missing = SaveRequest(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");
  // A new request with a uid already taken.
  SubjectRequest copy = OpenAccess();
  copy.uid = uid;
  Result<int64_t> taken = SaveRequest(copy);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.status().where().field, "uid");
  EXPECT_EQ(Requests().size(), 1u);
  ExpectSameRequest(Requests()[0], r);
}

TEST_F(SqlitePrivacy, BadRequestsAreRefusedNamingTheField) {
  struct Spoil {
    const char* field;
    std::function<void(SubjectRequest&)> spoil;
  };
  const std::vector<Spoil> cases = {
      // CheckSubjectRequest's errors pass through.
      {"recordCode", [](SubjectRequest& r) { r.record_code.clear(); }},
      {"received", [](SubjectRequest& r) { r.received_ms = 0; }},
      {"answered", [](SubjectRequest& r) { r.answered_ms = r.received_ms - 1; }},
      {"note", [](SubjectRequest& r) { r.note = std::string(2001, 'x'); }},
      {"kept", [](SubjectRequest& r) { r.kept[1].field = " "; }},
      // What the lists' encoding cannot hold.
      {"erased[1]", [](SubjectRequest& r) { r.erased[1] = "mother\tBirthDate"; }},
      {"erased[0]", [](SubjectRequest& r) { r.erased[0] = "mother\nName"; }},
      {"erased[0]", [](SubjectRequest& r) { r.erased = {""}; }},
      {"kept[0].field", [](SubjectRequest& r) { r.kept[0].field = "pay\tments"; }},
      {"kept[2].reasonVi", [](SubjectRequest& r) { r.kept[2].reason_vi += "\nDòng hai"; }},
      {"kept[1].reasonEn", [](SubjectRequest& r) { r.kept[1].reason_en += "\tmore"; }},
      // A uid that is not one.
      {"uid", [](SubjectRequest& r) { r.uid = "short"; }},
  };
  for (const Spoil& c : cases) {
    SubjectRequest r = AnsweredErasure();
    c.spoil(r);
    Result<int64_t> refused = SaveRequest(r);
    ASSERT_FALSE(refused.ok()) << c.field;
    EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput) << c.field;
    EXPECT_EQ(refused.status().where().field, c.field) << refused.status().ToString();
  }
  EXPECT_TRUE(Requests().empty());
  EXPECT_EQ(Query("SELECT count(*) FROM subject_request"), "0");
}

// --------------------------------------------------------------- breaches

TEST_F(SqlitePrivacy, BreachesRoundTripNewestFirst) {
  // Not notified yet, the number of people not known.
  Breach open;
  open.detected_ms = kReceived + 24 * kHour;
  open.description = "Một máy tính xách tay của văn phòng bị mất.";
  open.registers = {PersonalRegister::kSafeBirth, PersonalRegister::kCase};
  open.measures = "Đổi khoá trường; thu hồi phiên đăng nhập.";
  // Notified in time, 12 people, no register named.
  Breach notified;
  notified.detected_ms = kReceived;
  notified.description = "Danh sách chi trả gửi nhầm địa chỉ thư.";
  notified.subjects = 12;
  notified.notified_ms = kReceived + 30 * kHour;
  notified.notified_to = "A05, Bộ Công an";
  // Notified late, with the reason; one register.
  Breach late;
  late.detected_ms = kReceived - 240 * kHour;
  late.description = "Tài khoản bị truy cập trái phép.";
  late.registers = {PersonalRegister::kCadre};
  late.subjects = 0;
  late.notified_ms = late.detected_ms + 100 * kHour;
  late.notified_to = "A05";
  late.late_reason = "Chỉ phát hiện phạm vi sau khi rà soát nhật ký.";
  for (Breach* b : {&open, &notified, &late}) {
    Result<int64_t> id = SaveBreach(*b);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    b->id = *id;
  }
  std::vector<Breach> loaded = Breaches();
  ASSERT_EQ(loaded.size(), 3u);
  for (size_t i = 0; i < loaded.size(); ++i) {
    EXPECT_TRUE(IsValidUid(loaded[i].uid)) << loaded[i].uid;
  }
  open.uid = loaded[0].uid;
  notified.uid = loaded[1].uid;
  late.uid = loaded[2].uid;
  ExpectSameBreach(loaded[0], open);
  ExpectSameBreach(loaded[1], notified);
  ExpectSameBreach(loaded[2], late);
  EXPECT_FALSE(loaded[0].subjects.has_value());
  EXPECT_EQ(loaded[1].subjects, 12);

  Result<std::optional<Breach>> found = FindBreach(open.id);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
  ExpectSameBreach(**found, open);
  Result<std::optional<Breach>> none = FindBreach(999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(Query("SELECT registers || '|' || coalesce(subjects, 'NULL') || '|' ||"
                  " coalesce(notified_ms, 'NULL') FROM breach WHERE id = " +
                  std::to_string(open.id)),
            "safe_birth,case|NULL|NULL");

  // The open breach notified later: updated in place, its uid kept.
  open.notified_ms = open.detected_ms + 70 * kHour;
  open.notified_to = "A05, Bộ Công an";
  open.subjects = 40;
  open.uid.clear();
  Result<int64_t> updated = SaveBreach(open);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated, open.id);
  found = FindBreach(open.id);
  ASSERT_TRUE(found.ok() && found->has_value());
  open.uid = loaded[0].uid;
  ExpectSameBreach(**found, open);
  EXPECT_EQ(Breaches().size(), 3u);
  ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(SqlitePrivacy, BadBreachesAreRefusedNamingTheField) {
  auto valid = [] {
    Breach b;
    b.detected_ms = kReceived;
    b.description = "Danh sách chi trả gửi nhầm địa chỉ thư.";
    return b;
  };
  struct Spoil {
    const char* field;
    std::function<void(Breach&)> spoil;
  };
  const std::vector<Spoil> cases = {
      {"detected", [](Breach& b) { b.detected_ms = 0; }},
      {"description", [](Breach& b) { b.description.clear(); }},
      {"subjects", [](Breach& b) { b.subjects = -1; }},
      {"notified", [](Breach& b) { b.notified_ms = b.detected_ms - 1; }},
      {"notifiedTo", [](Breach& b) { b.notified_ms = b.detected_ms + kHour; }},
      {"lateReason",
       [](Breach& b) {
         b.notified_ms = b.detected_ms + 73 * kHour;
         b.notified_to = "A05";
       }},
      {"uid", [](Breach& b) { b.uid = "not a uid!!"; }},
  };
  for (const Spoil& c : cases) {
    Breach b = valid();
    c.spoil(b);
    Result<int64_t> refused = SaveBreach(b);
    ASSERT_FALSE(refused.ok()) << c.field;
    EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidInput) << c.field;
    EXPECT_EQ(refused.status().where().field, c.field) << refused.status().ToString();
  }
  EXPECT_TRUE(Breaches().empty());
  // An update of an unknown id.
  Breach unknown = valid();
  unknown.id = 999;
  Result<int64_t> missing = SaveBreach(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.status().where().field, "id");
  EXPECT_EQ(Query("SELECT count(*) FROM breach"), "0");
}

// -------------------------------------------------------------- retention

TEST_F(SqlitePrivacy, RetentionIsTheDefaultUntilOneIsStored) {
  EXPECT_EQ(Retention(), "safe_birth:10,case:5");
  ASSERT_OK(SaveRetention({PersonalRegister::kCase, 7}));
  EXPECT_EQ(Retention(), "safe_birth:10,case:7");
  ASSERT_OK(SaveRetention({PersonalRegister::kCase, 8}));  // replaced
  ASSERT_OK(SaveRetention({PersonalRegister::kSafeBirth, 12}));
  EXPECT_EQ(Retention(), "safe_birth:12,case:8");
  EXPECT_EQ(Query("SELECT count(*) FROM retention_rule"), "2");

  struct Refusal {
    RetentionRule rule;
    const char* field;
  };
  for (const Refusal& r : {Refusal{{PersonalRegister::kCadre, 5}, "register"},
                           Refusal{{PersonalRegister::kCase, 0}, "years"},
                           Refusal{{PersonalRegister::kSafeBirth, 101}, "years"}}) {
    Status refused = SaveRetention(r.rule);
    ASSERT_FALSE(refused.ok()) << r.field;
    EXPECT_EQ(refused.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(refused.where().field, r.field) << refused.ToString();
  }
  EXPECT_EQ(Retention(), "safe_birth:12,case:8");
}

// ----------------------------------------------------- erasing a birth

TEST_F(SqlitePrivacy, ErasingABirthKeepsEverythingButTheIdentity) {
  Result<BirthId> id = SaveBirth(MakeBirth("SB-2024-001"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_OK(SaveBirth(MakeBirth("SB-2024-002")).status());  // not erased
  const std::string where = " FROM safe_birth WHERE id = " + std::to_string(*id);
  const std::string sealed_name = Query("SELECT mother_name" + where);
  const std::string sealed_date = Query("SELECT mother_birth_date" + where);
  ASSERT_THAT(sealed_name, StartsWith("v1:"));
  Result<std::optional<SafeBirth>> before = FindBirth("SB-2024-001");
  ASSERT_TRUE(before.ok() && before->has_value());

  ASSERT_OK(EraseBirth(*id, Day("2025-01-15")));
  // Loaded with the key: erased, sealed, the identity empty, the rest kept.
  Result<std::optional<SafeBirth>> after = FindBirth("SB-2024-001");
  ASSERT_TRUE(after.ok() && after->has_value()) << after.status().ToString();
  const SafeBirth& b = **after;
  EXPECT_EQ(b.identity_erased, Day("2025-01-15"));
  EXPECT_TRUE(b.identity_sealed);
  EXPECT_EQ(b.mother_name, "");
  EXPECT_FALSE(b.mother_birth_date.has_value());
  EXPECT_EQ(b.mother_age, 24);
  EXPECT_EQ(b.payments, (*before)->payments);
  EXPECT_EQ(b.payments.size(), 3u);
  EXPECT_EQ(b.facility, (*before)->facility);
  EXPECT_EQ(b.ethnicity, "ETHNIC_04");
  EXPECT_EQ(b.uid, (*before)->uid);
  // On disk: a new sealed name (of ""), no date of birth, the day.
  const std::string erased_name = Query("SELECT mother_name" + where);
  EXPECT_THAT(erased_name, StartsWith("v1:"));
  EXPECT_NE(erased_name, sealed_name);
  Result<std::string> opened =
      OpenField(key_, erased_name, "safe_birth:" + (*before)->uid + ":mother_name");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "");
  EXPECT_EQ(BirthColumns("SB-2024-001"), erased_name + "|NULL|24|2025-01-15");
  EXPECT_THAT(BirthColumns("SB-2024-002"), HasSubstr("|24|NULL"));
  EXPECT_EQ(
      Query("SELECT count(*) FROM safe_birth_payment WHERE birth_id = " + std::to_string(*id)),
      "3");

  // The list loads it the same; the other birth opens as before.
  Result<std::vector<SafeBirth>> all = LoadBirths();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].identity_erased, Day("2025-01-15"));
  EXPECT_TRUE((*all)[0].identity_sealed);
  EXPECT_FALSE((*all)[1].identity_erased.has_value());
  EXPECT_EQ((*all)[1].mother_name, kName);
  // Without the key: the same.
  Reopen(std::nullopt);
  after = FindBirth("SB-2024-001");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((**after).identity_erased, Day("2025-01-15"));
  EXPECT_TRUE((**after).identity_sealed);
  EXPECT_EQ((**after).mother_age, 24);

  // The old sealed values are gone from the file.
  const std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(sealed_name), std::string::npos);
  EXPECT_EQ(bytes.find(sealed_date), std::string::npos);
  EXPECT_NE(bytes.find(erased_name), std::string::npos);
}

TEST_F(SqlitePrivacy, AnErasedBirthSavedSealedStaysErasedAndANameEndsIt) {
  Result<BirthId> id = SaveBirth(MakeBirth("SB-2024-001"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_OK(EraseBirth(*id, Day("2025-01-15")));
  const std::string erased = BirthColumns("SB-2024-001");

  // Saved as loaded (sealed), a note changed: still erased, the columns kept.
  SafeBirth loaded = **FindBirth("SB-2024-001");
  loaded.note = "Đã xoá theo yêu cầu";
  Result<BirthId> saved = SaveBirth(loaded);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(BirthColumns("SB-2024-001"), erased);
  SafeBirth again = **FindBirth("SB-2024-001");
  EXPECT_EQ(again.identity_erased, Day("2025-01-15"));
  EXPECT_EQ(again.note, "Đã xoá theo yêu cầu");
  EXPECT_EQ(again.payments.size(), 3u);
  // Also without the key.
  Reopen(std::nullopt);
  again.note = "Không có khoá";
  ASSERT_TRUE(SaveBirth(again).ok());
  EXPECT_EQ(BirthColumns("SB-2024-001"), erased);
  Reopen(key_);

  // A rectification: a name (and date of birth) given again.
  SafeBirth named = **FindBirth("SB-2024-001");
  named.identity_sealed = false;
  named.mother_name = "Lò Thị Mai";
  named.mother_birth_date = Day("2000-02-01");
  named.mother_age.reset();
  Result<BirthId> rectified = SaveBirth(named);
  ASSERT_TRUE(rectified.ok()) << rectified.status().ToString();
  SafeBirth read = **FindBirth("SB-2024-001");
  EXPECT_FALSE(read.identity_erased.has_value());
  EXPECT_FALSE(read.identity_sealed);
  EXPECT_EQ(read.mother_name, "Lò Thị Mai");
  EXPECT_EQ(read.mother_birth_date, Day("2000-02-01"));
  EXPECT_EQ(read.mother_age, 24);
  EXPECT_THAT(BirthColumns("SB-2024-001"), HasSubstr("|24|NULL"));
}

TEST_F(SqlitePrivacy, ErasingABirthNeedsTheKeyAndAStoredBirth) {
  Result<BirthId> id = SaveBirth(MakeBirth("SB-2024-001"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::string stored = BirthColumns("SB-2024-001");
  Reopen(std::nullopt);
  Status refused = EraseBirth(*id, Day("2025-01-15"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::kUsage);
  EXPECT_EQ(refused.where().field, "motherName");
  EXPECT_THAT(refused.message(), HasSubstr("field key is needed"));
  EXPECT_EQ(BirthColumns("SB-2024-001"), stored);
  Reopen(key_);
  SafeBirth b = **FindBirth("SB-2024-001");
  EXPECT_EQ(b.mother_name, kName);
  EXPECT_FALSE(b.identity_erased.has_value());

  Status missing = EraseBirth(999, Day("2025-01-15"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.where().field, "id");
  EXPECT_EQ(BirthColumns("SB-2024-001"), stored);
}

TEST_F(SqlitePrivacy, ANewRecordCannotArriveErased) {
  SafeBirth b = MakeBirth("SB-2024-001");
  b.identity_erased = Day("2025-01-15");
  Result<BirthId> birth = SaveBirth(b);
  ASSERT_FALSE(birth.ok());
  EXPECT_EQ(birth.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(birth.status().where().field, "identityErased");
  Case c = MakeCase("VV-0001", address_);
  c.identity_erased = Day("2025-01-15");
  Result<CaseId> kase = SaveCase(c);
  ASSERT_FALSE(kase.ok());
  EXPECT_EQ(kase.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kase.status().where().field, "identityErased");
  EXPECT_EQ(Query("SELECT (SELECT count(*) FROM safe_birth) || '|' ||"
                  " (SELECT count(*) FROM case_record)"),
            "0|0");
}

// ------------------------------------------------------ erasing a case

TEST_F(SqlitePrivacy, ErasingACaseNullsItsIdentityAndKeepsTheRest) {
  Result<CaseId> id = SaveCase(MakeCase("VV-0001", address_));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::string sealed = CaseColumns("VV-0001");
  ASSERT_THAT(sealed, StartsWith("v1:"));
  const std::string sealed_name = Query("SELECT survivor_name FROM case_record");
  const std::string sealed_narrative = Query("SELECT narrative FROM case_record");
  Case before = **FindCase("VV-0001");

  ASSERT_OK(EraseCase(*id, Day("2025-02-01")));
  EXPECT_EQ(CaseColumns("VV-0001"), "NULL|NULL|NULL|2025-02-01");
  Result<std::optional<Case>> after = FindCase("VV-0001");
  ASSERT_TRUE(after.ok() && after->has_value()) << after.status().ToString();
  const Case& c = **after;
  EXPECT_EQ(c.identity_erased, Day("2025-02-01"));
  EXPECT_TRUE(c.identity_sealed);
  EXPECT_EQ(c.survivor_name, "");
  EXPECT_EQ(c.contact, "");
  EXPECT_EQ(c.narrative, "");
  EXPECT_EQ(c.age, 27);
  EXPECT_EQ(c.incidents, before.incidents);
  EXPECT_EQ(c.consents, before.consents);
  EXPECT_EQ(c.services, before.services);
  EXPECT_EQ(c.referrals, before.referrals);
  Result<std::vector<Case>> all = LoadCases();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].identity_erased, Day("2025-02-01"));

  // Saved as loaded: still erased. Given a name again: no longer.
  Case loaded = c;
  loaded.age = 28;
  ASSERT_TRUE(SaveCase(loaded).ok());
  EXPECT_EQ(CaseColumns("VV-0001"), "NULL|NULL|NULL|2025-02-01");
  EXPECT_EQ((**FindCase("VV-0001")).age, 28);
  Case named = **FindCase("VV-0001");
  named.identity_sealed = false;
  named.survivor_name = "Lò Thị Mai";
  Result<CaseId> rectified = SaveCase(named);
  ASSERT_TRUE(rectified.ok()) << rectified.status().ToString();
  Case read = **FindCase("VV-0001");
  EXPECT_FALSE(read.identity_erased.has_value());
  EXPECT_FALSE(read.identity_sealed);
  EXPECT_EQ(read.survivor_name, "Lò Thị Mai");
  EXPECT_EQ(read.contact, "");
  EXPECT_THAT(CaseColumns("VV-0001"), HasSubstr("|NULL|NULL|NULL"));

  // The old sealed values are gone from the file.
  const std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(sealed_name), std::string::npos);
  EXPECT_EQ(bytes.find(sealed_narrative), std::string::npos);
}

TEST_F(SqlitePrivacy, ErasingACaseNeedsNoKeyButAStoredCase) {
  Result<CaseId> id = SaveCase(MakeCase("VV-0001", address_));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Reopen(std::nullopt);
  Status missing = EraseCase(999, Day("2025-02-01"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.where().field, "id");
  EXPECT_THAT(CaseColumns("VV-0001"), StartsWith("v1:"));
  ASSERT_OK(EraseCase(*id, Day("2025-02-01")));
  EXPECT_EQ(CaseColumns("VV-0001"), "NULL|NULL|NULL|2025-02-01");
  Result<std::optional<Case>> after = FindCase("VV-0001");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((**after).identity_erased, Day("2025-02-01"));
  EXPECT_TRUE((**after).identity_sealed);
  ASSERT_OK(store_->CheckIntegrity());
}

// ------------------------------------------------------ secure overwrite

// On a connection whose secure_delete is off (the default of SQLite as
// released), inside an open transaction as the store runs it: the erasing
// UPDATE overwrites the old value in the file, an ordinary UPDATE does not,
// and the setting found is put back.
TEST(SqlitePrivacySecureDelete, OverwritesTheOldValueAndRestoresTheSetting) {
  test_support::TempDir dir;
  const std::string path = dir.File("t.db");
  const std::string erased(300, 'E'), kept(300, 'K');
  {
    Result<SqliteDb> db = SqliteDb::Open(path, true);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_OK(db->Exec("PRAGMA secure_delete = OFF"));
    ASSERT_OK(db->Exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); WITH RECURSIVE n(i) AS (SELECT 1"
        " UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO t (a) SELECT 'filler ' || i"
        " FROM n;"));
    Result<SqliteStatement> set = db->Prepare("UPDATE t SET a = ? WHERE id = ?");
    ASSERT_TRUE(set.ok());
    ASSERT_OK(set->Bind(1, erased).Bind(2, int64_t{5}).Run());
    ASSERT_OK(set->Bind(1, kept).Bind(2, int64_t{9}).Run());

    ASSERT_OK(db->Exec("BEGIN IMMEDIATE"));
    ASSERT_OK(set->Bind(1, "v1:short").Bind(2, int64_t{9}).Run());
    set->Bind(1, "v1:short").Bind(2, int64_t{5});
    ASSERT_OK(RunSecurelyDeleting(*db, *set));
    ASSERT_OK(db->Exec("COMMIT"));
    Result<SqliteStatement> mode = db->Prepare("PRAGMA secure_delete");
    ASSERT_TRUE(mode.ok());
    ASSERT_TRUE(*mode->Step());
    EXPECT_EQ(mode->Int(0), 0);
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(erased.substr(0, 100)), std::string::npos);
  EXPECT_NE(bytes.find(kept.substr(0, 100)), std::string::npos);  // an ordinary UPDATE
}

}  // namespace
}  // namespace gemis::store
