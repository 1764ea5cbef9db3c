// End-to-end tests of `gemis orgunit rename|reclassify|move|close|merge|split`
// on a database with the real units: the real binary, run as a child process.
// The suite makes one database with `gemis init`; every test that edits works
// on its own copy of it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using ::testing::Contains;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using Json = nlohmann::json;

// Cao Bằng (province 04) and some of its communes from 1/7/2025.
constexpr char kCaoBang[] = "04";
constexpr char kTuyenQuang[] = "08";
constexpr char kThucPhan[] = "01273";    // Phường Thục Phán
constexpr char kNungTriCao[] = "01279";  // Phường Nùng Trí Cao
constexpr char kBaoLam[] = "01290";      // Xã Bảo Lâm
constexpr char kLyBon[] = "01294";       // Xã Lý Bôn
constexpr char kNamQuang[] = "01297";    // Xã Nam Quang
constexpr char kQuangLam[] = "01304";    // Xã Quảng Lâm
constexpr char kYenTho[] = "01318";      // Xã Yên Thổ
constexpr char kCocPang[] = "01324";     // Xã Cốc Pàng
// The day of the edits, after the last change in the reference lists
// (30/4/2026), and the day before it.
constexpr char kDay[] = "2026-07-01";
constexpr char kDayBefore[] = "2026-06-30";

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", "en"});
  return test_support::RunCommand(args);
}

std::vector<std::string> Codes(const Json& items) {
  std::vector<std::string> codes;
  for (const auto& item : items) codes.push_back(item.value("code", ""));
  return codes;
}

// The events of a `show` JSON of one kind.
std::vector<Json> EventsOfKind(const Json& shown, const std::string& kind) {
  std::vector<Json> out;
  for (const auto& e : shown.value("events", Json::array())) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}

class OrgUnitEditCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    base_ = dir_->File("base.db");
    init_ = new CommandResult(Gemis({"init", "--db", base_}));
  }
  static void TearDownTestSuite() {
    delete init_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_EQ(init_->exit_code, 0) << init_->err;
    db_ = CopyOfBase(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  // A copy of the freshly initialised database (with its -wal file should
  // the init process have left one).
  static std::string CopyOfBase(const std::string& name) {
    std::string copy = dir_->File(name + ".db");
    std::filesystem::copy_file(base_, copy, std::filesystem::copy_options::overwrite_existing);
    if (std::filesystem::exists(base_ + "-wal")) {
      std::filesystem::copy_file(base_ + "-wal", copy + "-wal",
                                 std::filesystem::copy_options::overwrite_existing);
    }
    return copy;
  }

  // `gemis orgunit <args> --db DB`.
  CommandResult Edit(std::vector<std::string> args) const {
    args.insert(args.begin(), "orgunit");
    args.insert(args.end(), {"--db", db_});
    return Gemis(args);
  }
  // The same, which must succeed; its {events, touched} JSON.
  Json EditOk(std::vector<std::string> args) const {
    CommandResult r = Edit(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json out = Json::parse(r.out, nullptr, false);
    EXPECT_TRUE(out.is_object()) << r.out;
    return out;
  }
  // The same, which must be refused as bad input (exit 1, nothing on
  // stdout); its stderr.
  std::string EditRefused(std::vector<std::string> args) const {
    CommandResult r = Edit(args);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    return r.err;
  }

  CommandResult ShowResult(const std::string& code, const std::string& as_of) const {
    return Gemis({"orgunit", "show", code, "--db", db_, "--as-of", as_of, "--format", "json"});
  }
  Json Show(const std::string& code, const std::string& as_of) const {
    CommandResult r = ShowResult(code, as_of);
    EXPECT_EQ(r.exit_code, 0) << code << " on " << as_of << ": " << r.err;
    Json out = Json::parse(r.out, nullptr, false);
    return out.is_object() ? out : Json::object();
  }

  // Imports org units from CSV rows (code,name,level,parent_code,valid_from).
  void Import(const std::string& rows) const {
    std::string file = db_ + ".csv";
    std::ofstream(file) << "code,name,level,parent_code,valid_from\n" << rows;
    CommandResult r = Gemis({"import", "orgunits", file, "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  // Two new communes of Cao Bằng from kDay, to split a commune into.
  void ImportSuccessors() const {
    Import("99101,Tách A,commune,04,2026-07-01\n99102,Tách B,commune,04,2026-07-01\n");
  }

  static test_support::TempDir* dir_;
  static std::string base_;
  static CommandResult* init_;
  std::string db_;
};

test_support::TempDir* OrgUnitEditCommand::dir_ = nullptr;
std::string OrgUnitEditCommand::base_;
CommandResult* OrgUnitEditCommand::init_ = nullptr;

TEST_F(OrgUnitEditCommand, InitLeavesNoWriteAheadLogBehind) {
  EXPECT_FALSE(std::filesystem::exists(base_ + "-wal"));
  EXPECT_EQ(Show(kThucPhan, kDay)["name"], "Thục Phán") << "the copy is a working database";
}

// ---- merge --------------------------------------------------------------------

TEST_F(OrgUnitEditCommand, MergeIntoANewUnitEndsTheSourcesAndMovesTheirChildren) {
  Import(
      "01273-01,Nà Cáp,village,01273,2026-01-01\n"
      "01279-01,Bản Giới,village,01279,2026-01-01\n");
  Json out = EditOk({"merge", "--from", "01273,01279", "--new-code", "99001", "--name",
                     "Thục Phán Mới", "--date", kDay, "--basis", "NQ 1/2026"});
  ASSERT_EQ(out["events"].size(), 2u) << out.dump();
  EXPECT_EQ(out["events"][0],
            Json({{"kind", "create"}, {"date", kDay}, {"legalBasis", "NQ 1/2026"}}));
  EXPECT_EQ(out["events"][1],
            Json({{"kind", "merge"}, {"date", kDay}, {"legalBasis", "NQ 1/2026"}}));
  EXPECT_THAT(Codes(out["touched"]),
              UnorderedElementsAre(kThucPhan, kNungTriCao, "99001", "01273-01", "01279-01"));

  Json merged = Show("99001", kDay);
  EXPECT_EQ(merged["fullName"], "Phường Thục Phán Mới") << "the first source's unit type";
  EXPECT_EQ(merged["level"], "commune");
  EXPECT_EQ(merged["parent"], kCaoBang);
  EXPECT_EQ(merged["validFrom"], kDay);
  EXPECT_TRUE(merged["validTo"].is_null());
  EXPECT_THAT(merged["children"], UnorderedElementsAre("01273-01", "01279-01"));
  std::vector<Json> merges = EventsOfKind(merged, "merge");
  ASSERT_EQ(merges.size(), 1u) << merged["events"].dump();
  EXPECT_EQ(merges[0]["date"], kDay);
  EXPECT_EQ(merges[0]["legalBasis"], "NQ 1/2026");
  EXPECT_THAT(Codes(merges[0]["predecessors"]), UnorderedElementsAre(kThucPhan, kNungTriCao));

  for (const char* source : {kThucPhan, kNungTriCao}) {
    Json before = Show(source, kDayBefore);
    EXPECT_EQ(before["validTo"], kDayBefore) << source;
    std::vector<Json> ended = EventsOfKind(before, "merge");
    ASSERT_FALSE(ended.empty()) << source;
    EXPECT_THAT(Codes(ended.back()["successors"]), ElementsAre("99001")) << source;
    EXPECT_EQ(ShowResult(source, kDay).exit_code, 1) << source << " ended the day before";
  }
  CommandResult too_early = ShowResult("99001", kDayBefore);
  EXPECT_EQ(too_early.exit_code, 1);
  EXPECT_THAT(too_early.err, HasSubstr("'99001'"));
  EXPECT_EQ(Show("01273-01", kDayBefore)["parent"], kThucPhan);
  EXPECT_EQ(Show("01273-01", kDay)["parent"], "99001");
  Json province = Show(kCaoBang, kDay)["children"];
  EXPECT_THAT(province, Contains("99001"));
  EXPECT_THAT(province, Not(Contains(kThucPhan)));
}

TEST_F(OrgUnitEditCommand, MergeIntoANewUnitMayKeepASourceCode) {
  // The usual Vietnamese practice: the new commune keeps an old one's code.
  EditOk({"merge", "--from", "01273,01279", "--new-code", kThucPhan, "--name", "Thục Phán",
          "--date", kDay});
  Json old_unit = Show(kThucPhan, kDayBefore), new_unit = Show(kThucPhan, kDay);
  EXPECT_NE(old_unit["uid"], new_unit["uid"]);
  EXPECT_EQ(old_unit["validTo"], kDayBefore);
  EXPECT_EQ(new_unit["validFrom"], kDay);
  std::vector<Json> merges = EventsOfKind(new_unit, "merge");
  ASSERT_EQ(merges.size(), 1u);
  EXPECT_THAT(Codes(merges[0]["predecessors"]), UnorderedElementsAre(kThucPhan, kNungTriCao));
}

TEST_F(OrgUnitEditCommand, MergeIntoAnExistingUnitKeepsIt) {
  Json out = EditOk({"merge", "--from", kBaoLam, "--into", kLyBon, "--date", kDay});
  EXPECT_THAT(out["events"],
              ElementsAre(Json({{"kind", "merge"}, {"date", kDay}, {"legalBasis", ""}})));
  EXPECT_THAT(Codes(out["touched"]), ElementsAre(kBaoLam)) << "the target gets no new version";
  Json target = Show(kLyBon, kDay);
  EXPECT_EQ(target["validFrom"], "2025-07-01");
  EXPECT_TRUE(target["validTo"].is_null());
  std::vector<Json> merges = EventsOfKind(target, "merge");
  ASSERT_FALSE(merges.empty());
  EXPECT_EQ(merges.back()["date"], kDay);
  EXPECT_THAT(Codes(merges.back()["predecessors"]), ElementsAre(kBaoLam));
  EXPECT_EQ(Show(kBaoLam, kDayBefore)["validTo"], kDayBefore);
  EXPECT_THAT(Show(kCaoBang, kDay)["children"], Not(Contains(kBaoLam)));
}

TEST_F(OrgUnitEditCommand, MergeIntoAUnitThatWasMergedAwayEarlierIsRefused) {
  EditOk({"merge", "--from", kBaoLam, "--into", kLyBon, "--date", kDay});
  std::string ly_bon_uid = Show(kLyBon, kDay)["uid"];
  EditOk({"merge", "--from", kLyBon, "--into", kNamQuang, "--date", "2026-08-01"});

  std::string by_code =
      EditRefused({"merge", "--from", kQuangLam, "--into", kLyBon, "--date", "2026-09-01"});
  EXPECT_THAT(by_code, HasSubstr("'01294' does not exist on 2026-09-01"));
  EXPECT_THAT(by_code, HasSubstr("closed"));
  EXPECT_THAT(by_code, HasSubstr("--into"));
  std::string by_uid =
      EditRefused({"merge", "--from", kQuangLam, "--into", ly_bon_uid, "--date", "2026-09-01"});
  EXPECT_THAT(by_uid, HasSubstr("merge target 01294 Xã Lý Bôn does not exist on 2026-09-01"));
  EXPECT_THAT(by_uid, HasSubstr("it was closed on 2026-08-01"));
  Json source = Show(kQuangLam, "2026-09-01");
  EXPECT_TRUE(source["validTo"].is_null()) << "a refused merge writes nothing";
}

TEST_F(OrgUnitEditCommand, MergeRefusesASourceMissingTheDayBefore) {
  Import("99201,Mới Lập,commune,04,2026-07-01\n");
  std::string created_that_day =
      EditRefused({"merge", "--from", "99201", "--into", kLyBon, "--date", kDay});
  EXPECT_THAT(created_that_day, HasSubstr("'99201' on 2026-06-30"));
  EXPECT_THAT(created_that_day, HasSubstr("--from"));
  EXPECT_THAT(EditRefused({"merge", "--from", "99999", "--into", kLyBon, "--date", kDay}),
              HasSubstr("'99999'"));
  EXPECT_EQ(Show("99201", kDay)["validTo"], nullptr);
}

TEST_F(OrgUnitEditCommand, MergeRefusesAUnitIntoItselfOrTwice) {
  EXPECT_THAT(EditRefused({"merge", "--from", kLyBon, "--into", kLyBon, "--date", kDay}),
              HasSubstr("01294 Xã Lý Bôn cannot be merged into itself"));
  EXPECT_THAT(EditRefused({"merge", "--from", "01290,01290", "--into", kLyBon, "--date", kDay}),
              HasSubstr("listed twice"));
  EXPECT_TRUE(Show(kLyBon, kDay)["validTo"].is_null());
  EXPECT_TRUE(Show(kBaoLam, kDay)["validTo"].is_null());
}

TEST_F(OrgUnitEditCommand, MergeWithoutATargetIsAUsageError) {
  CommandResult no_target = Edit({"merge", "--from", kBaoLam, "--date", kDay});
  EXPECT_EQ(no_target.exit_code, 2);
  EXPECT_THAT(no_target.err, HasSubstr("--into"));
  CommandResult no_name = Edit({"merge", "--from", kBaoLam, "--new-code", "99001", "--date", kDay});
  EXPECT_EQ(no_name.exit_code, 2);
  EXPECT_THAT(no_name.err, HasSubstr("--name"));
}

// ---- split --------------------------------------------------------------------

TEST_F(OrgUnitEditCommand, SplitWithSharesLinksBothAndGivesChildrenToTheLarger) {
  ImportSuccessors();
  Import("01324-01,Pác Rằng,village,01324,2026-01-01\n");
  Json out = EditOk(
      {"split", kCocPang, "--into", "99101=0.4,99102=0.6", "--date", kDay, "--basis", "NQ 2/2026"});
  EXPECT_THAT(out["events"],
              ElementsAre(Json({{"kind", "split"}, {"date", kDay}, {"legalBasis", "NQ 2/2026"}})));
  EXPECT_THAT(Codes(out["touched"]), UnorderedElementsAre(kCocPang, "01324-01"));

  Json source = Show(kCocPang, kDayBefore);
  EXPECT_EQ(source["validTo"], kDayBefore);
  std::vector<Json> splits = EventsOfKind(source, "split");
  ASSERT_EQ(splits.size(), 1u);
  Json successors = splits[0]["successors"];
  ASSERT_EQ(successors.size(), 2u) << successors.dump();
  std::map<std::string, double> shares;
  for (const auto& s : successors) shares[s["code"].get<std::string>()] = s["share"].get<double>();
  EXPECT_EQ(shares, (std::map<std::string, double>{{"99101", 0.4}, {"99102", 0.6}}));
  std::vector<Json> into_a = EventsOfKind(Show("99101", kDay), "split");
  ASSERT_EQ(into_a.size(), 1u);
  EXPECT_THAT(Codes(into_a[0]["predecessors"]), ElementsAre(kCocPang));
  EXPECT_EQ(into_a[0]["predecessors"][0]["share"], 0.4);
  EXPECT_EQ(Show("01324-01", kDay)["parent"], "99102");
  EXPECT_EQ(ShowResult(kCocPang, kDay).exit_code, 1);
}

TEST_F(OrgUnitEditCommand, SplitWithADesignatedSuccessor) {
  ImportSuccessors();
  EditOk({"split", kCocPang, "--into", "99101,99102", "--designated", "99101", "--date", kDay});
  std::vector<Json> splits = EventsOfKind(Show(kCocPang, kDayBefore), "split");
  ASSERT_EQ(splits.size(), 1u);
  std::map<std::string, bool> designated;
  for (const auto& s : splits[0]["successors"]) {
    designated[s["code"].get<std::string>()] = s["designated"].get<bool>();
    EXPECT_FALSE(s.contains("share")) << s.dump();
  }
  EXPECT_EQ(designated, (std::map<std::string, bool>{{"99101", true}, {"99102", false}}));
}

TEST_F(OrgUnitEditCommand, SplitRefusesBadSharesAndDesignations) {
  ImportSuccessors();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--into", "99101=0.4,99102=0.5"}, "sum to 1 (sum 0.9"},
      {{"--into", "99101=0.4,99102"}, "given for every successor"},
      {{"--into", "99101,99102"}, "needs exactly one designated successor"},
      {{"--into", "99101,99102", "--designated", "01290"},
       "needs exactly one designated successor"},
      {{"--into", "99101=0.4,99102=abc"}, "share 'abc' is not a number"},
      {{"--into", "99101=0.4,99102=0.6x"}, "share '0.6x' is not a number"},
      {{"--into", "99101=,99102=1"}, "share '' is not a number"},
      {{"--into", "99101=-0.4,99102=1.4"}, "must be in (0, 1]"},
      {{"--into", "99101=0.5,99101=0.5"}, "99101 Xã Tách A is listed twice"},
      {{"--into", "99101=0.5,99199=0.5"}, "'99199'"},
      {{"--into", "99101"}, "at least two successors"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"split", kCocPang, "--date", kDay};
    args.insert(args.end(), c.args.begin(), c.args.end());
    EXPECT_THAT(EditRefused(args), HasSubstr(c.message)) << c.args[1];
  }
  EXPECT_TRUE(Show(kCocPang, kDay)["validTo"].is_null()) << "nothing was written";
}

// ---- rename, reclassify, move ------------------------------------------------

TEST_F(OrgUnitEditCommand, RenameTakesEffectOnItsDate) {
  Json out = EditOk(
      {"rename", kThucPhan, "--name", "Thục Phán Mới", "--date", kDay, "--basis", "NQ 3/2026"});
  EXPECT_THAT(out["events"],
              ElementsAre(Json({{"kind", "rename"}, {"date", kDay}, {"legalBasis", "NQ 3/2026"}})));
  EXPECT_THAT(Codes(out["touched"]), ElementsAre(kThucPhan));
  Json before = Show(kThucPhan, kDayBefore), after = Show(kThucPhan, kDay);
  EXPECT_EQ(before["name"], "Thục Phán");
  EXPECT_EQ(after["name"], "Thục Phán Mới");
  EXPECT_EQ(after["fullName"], "Phường Thục Phán Mới");
  EXPECT_EQ(before["uid"], after["uid"]);
  ASSERT_EQ(after["versions"].size(), 2u) << after["versions"].dump();
  EXPECT_EQ(after["versions"][0]["name"], "Thục Phán");
  EXPECT_EQ(after["versions"][0]["validTo"], kDayBefore);
  EXPECT_EQ(after["versions"][1]["name"], "Thục Phán Mới");
  EXPECT_EQ(after["versions"][1]["validFrom"], kDay);
  EXPECT_EQ(EventsOfKind(after, "rename").size(), 1u);
}

TEST_F(OrgUnitEditCommand, RenameStoresTheNameInNfc) {
  // "Hòa" typed with a combining grave accent (NFD).
  EditOk({"rename", kLyBon, "--name",
          "Ho\xCC\x80"
          "a Lý",
          "--date", kDay});
  EXPECT_EQ(Show(kLyBon, kDay)["name"],
            "H\xC3\xB2"
            "a Lý");
}

TEST_F(OrgUnitEditCommand, NamesAndCodesFollowTheImportRules) {
  // What `gemis import orgunits` refuses, so that an export imports again.
  EXPECT_THAT(EditRefused({"rename", kThucPhan, "--name", "Thục\nPhán", "--date", kDay}),
              HasSubstr("field '--name': name must be at most 230 characters without line breaks"));
  EXPECT_THAT(EditRefused({"rename", kThucPhan, "--name", std::string(231, 'a'), "--date", kDay}),
              HasSubstr("at most 230 characters"));
  EXPECT_THAT(EditRefused({"rename", kThucPhan, "--name", "  \t ", "--date", kDay}),
              HasSubstr("needs a name"));
  EXPECT_THAT(
      EditRefused(
          {"merge", "--from", kBaoLam, "--new-code", "99 001", "--name", "X", "--date", kDay}),
      HasSubstr("field '--new-code': code '99 001' must be at most 50 bytes without spaces"));
  EXPECT_THAT(EditRefused({"merge", "--from", kBaoLam, "--new-code", std::string(51, '9'), "--name",
                           "X", "--date", kDay}),
              HasSubstr("at most 50 bytes"));
  EXPECT_EQ(Show(kThucPhan, kDay)["versions"].size(), 1u);
  EXPECT_TRUE(Show(kBaoLam, kDay)["validTo"].is_null());
  // Surrounding spaces are dropped, as import drops them.
  EditOk({"rename", kThucPhan, "--name", "  Thục Phán Mới\t", "--date", kDay});
  EXPECT_EQ(Show(kThucPhan, kDay)["name"], "Thục Phán Mới");
}

TEST_F(OrgUnitEditCommand, RenameRefusesAnEmptyNameAndAnEarlierDate) {
  EXPECT_THAT(EditRefused({"rename", kThucPhan, "--name", "", "--date", kDay}),
              HasSubstr("needs a name"));
  EditOk({"rename", kThucPhan, "--name", "Thục Phán Mới", "--date", kDay});
  std::string earlier =
      EditRefused({"rename", kThucPhan, "--name", "Khác", "--date", "2026-03-01"});
  EXPECT_THAT(earlier, HasSubstr("already has a later change (from 2026-07-01)"));
  EXPECT_THAT(earlier, HasSubstr("date order"));
  EXPECT_EQ(Show(kThucPhan, "2026-03-01")["name"], "Thục Phán");
  EXPECT_EQ(Show(kThucPhan, kDay)["versions"].size(), 2u);
}

TEST_F(OrgUnitEditCommand, ReclassifyACommuneAsAWard) {
  Json out = EditOk({"reclassify", kLyBon, "--unit-type", "Phường", "--date", kDay});
  EXPECT_EQ(out["events"][0]["kind"], "reclassify");
  Json before = Show(kLyBon, kDayBefore), after = Show(kLyBon, kDay);
  EXPECT_EQ(before["fullName"], "Xã Lý Bôn");
  EXPECT_EQ(before["unitType"], "Xã");
  EXPECT_EQ(after["fullName"], "Phường Lý Bôn");
  EXPECT_EQ(after["unitType"], "Phường");
  EXPECT_EQ(after["level"], "commune");
  EXPECT_EQ(after["versions"].size(), 2u);
}

TEST_F(OrgUnitEditCommand, ReclassifyRefusesABadLevel) {
  EXPECT_THAT(EditRefused({"reclassify", kLyBon, "--unit-type", "Phường", "--level", "bogus",
                           "--date", kDay}),
              HasSubstr("--level"));
  // A commune made a province would sit under a province.
  EXPECT_THAT(EditRefused({"reclassify", kLyBon, "--unit-type", "Tỉnh", "--level", "province",
                           "--date", kDay}),
              HasSubstr("not above a province"));
}

TEST_F(OrgUnitEditCommand, MoveACommuneToAnotherProvince) {
  Json out = EditOk({"move", kNamQuang, "--parent", kTuyenQuang, "--date", kDay});
  EXPECT_EQ(out["events"][0]["kind"], "move");
  Json before = Show(kNamQuang, kDayBefore), after = Show(kNamQuang, kDay);
  EXPECT_EQ(before["parent"], kCaoBang);
  EXPECT_EQ(after["parent"], kTuyenQuang);
  EXPECT_THAT(after["path"], ElementsAre("Việt Nam", "Tỉnh Tuyên Quang"));
  EXPECT_THAT(Show(kTuyenQuang, kDay)["children"], Contains(kNamQuang));
  EXPECT_THAT(Show(kCaoBang, kDay)["children"], Not(Contains(kNamQuang)));
  EXPECT_THAT(Show(kCaoBang, kDayBefore)["children"], Contains(kNamQuang));
}

TEST_F(OrgUnitEditCommand, MoveRefusesACycleAndABrokenTier) {
  std::string cycle = EditRefused({"move", kCaoBang, "--parent", kThucPhan, "--date", kDay});
  EXPECT_THAT(cycle, HasSubstr("cycle"));
  EXPECT_THAT(cycle, HasSubstr("04 Tỉnh Cao Bằng → 01273 Phường Thục Phán → 04 Tỉnh Cao Bằng"));
  EXPECT_THAT(EditRefused({"move", kQuangLam, "--parent", kThucPhan, "--date", kDay}),
              HasSubstr("is a commune from 2025-07-01, not above a commune"));
  EXPECT_THAT(EditRefused({"move", kQuangLam, "--parent", "99999", "--date", kDay}),
              HasSubstr("--parent"));
  EXPECT_EQ(Show(kCaoBang, kDay)["parent"], "VN");
  EXPECT_EQ(Show(kQuangLam, kDay)["parent"], kCaoBang);
}

// ---- close --------------------------------------------------------------------

TEST_F(OrgUnitEditCommand, CloseRefusesAUnitWithChildren) {
  std::string err = EditRefused({"close", kCaoBang, "--date", kDay});
  EXPECT_THAT(err, HasSubstr("cannot close 04 Tỉnh Cao Bằng: "));
  EXPECT_THAT(err, ContainsRegex("0[0-9]{4} (Xã|Phường) [^ ]+.* is still its child on 2026-07-01"));
  EXPECT_TRUE(Show(kCaoBang, kDay)["validTo"].is_null());
}

TEST_F(OrgUnitEditCommand, CloseAChildlessUnitEndsItTheDayBefore) {
  Json out = EditOk({"close", kYenTho, "--date", kDay, "--basis", "QĐ 5/2026"});
  EXPECT_THAT(out["events"],
              ElementsAre(Json({{"kind", "close"}, {"date", kDay}, {"legalBasis", "QĐ 5/2026"}})));
  Json before = Show(kYenTho, kDayBefore);
  EXPECT_EQ(before["validTo"], kDayBefore);
  EXPECT_EQ(EventsOfKind(before, "close").size(), 1u);
  CommandResult later = ShowResult(kYenTho, "2026-08-01");
  EXPECT_EQ(later.exit_code, 1);
  EXPECT_THAT(later.err, HasSubstr("'01318'"));
  EXPECT_THAT(Show(kCaoBang, kDay)["children"], Not(Contains(kYenTho)));
  EXPECT_EQ(Show(kCaoBang, kDay)["children"].size(), 55u);
  EXPECT_THAT(EditRefused({"close", kYenTho, "--date", "2026-08-01"}), HasSubstr("'01318'"))
      << "already closed";
}

// ---- usage --------------------------------------------------------------------

TEST_F(OrgUnitEditCommand, MissingOptionsAreUsageErrors) {
  const std::vector<std::vector<std::string>> calls = {
      {"orgunit", "rename", kThucPhan, "--name", "X", "--db", db_},
      {"orgunit", "rename", kThucPhan, "--name", "X", "--date", kDay},
      {"orgunit", "rename", kThucPhan, "--date", kDay, "--db", db_},
      {"orgunit", "close", "--date", kDay, "--db", db_},
      {"orgunit", "split", kCocPang, "--date", kDay, "--db", db_},
      {"orgunit", "merge", "--into", kLyBon, "--date", kDay, "--db", db_},
      {"orgunit", "move", kNamQuang, "--date", kDay, "--db", db_},
  };
  for (const auto& args : calls) {
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args.back() << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("required")) << args[1];
    EXPECT_EQ(r.out, "");
  }
  EXPECT_THAT(Gemis({"orgunit", "close", kYenTho, "--db", db_}).err, HasSubstr("--date"));
  EXPECT_THAT(Gemis({"orgunit", "close", kYenTho, "--date", kDay}).err, HasSubstr("--db"));
}

TEST_F(OrgUnitEditCommand, ABadDateOrDatabaseIsRefused) {
  for (const char* date : {"2026-13-01", "01/07/2026", "soon"}) {
    EXPECT_THAT(EditRefused({"close", kYenTho, "--date", date}), HasSubstr("field '--date'"))
        << date;
  }
  CommandResult missing =
      Gemis({"orgunit", "close", kYenTho, "--date", kDay, "--db", dir_->File("none.db")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
  EXPECT_FALSE(std::filesystem::exists(dir_->File("none.db")));
}

TEST_F(OrgUnitEditCommand, HelpOfEveryEditCommandExitsZero) {
  for (const char* command : {"rename", "reclassify", "move", "close", "merge", "split"}) {
    CommandResult r = Gemis({"orgunit", command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr("--date")) << command;
  }
}

// ---- the database after many edits -------------------------------------------

TEST_F(OrgUnitEditCommand, AfterManyEditsTheSummaryWorksAndABackupRestoresIt) {
  auto summary = [](const std::string& db) {
    CommandResult r = Gemis({"summary", "--db", db, "--as-of", "2026-11-01", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json out = Json::parse(r.out, nullptr, false);
    if (out.is_object()) out.erase("database");
    return out;
  };
  Json initial = summary(db_);
  ImportSuccessors();
  EditOk({"merge", "--from", "01273,01279", "--new-code", "99001", "--name", "Thục Phán Mới",
          "--date", kDay});
  EditOk({"merge", "--from", kBaoLam, "--into", kLyBon, "--date", kDay});
  EditOk({"split", kCocPang, "--into", "99101=0.4,99102=0.6", "--date", kDay});
  EditOk({"rename", kLyBon, "--name", "Lý Bôn Mới", "--date", "2026-08-01"});
  EditOk({"reclassify", kLyBon, "--unit-type", "Phường", "--date", "2026-09-01"});
  EditOk({"move", kNamQuang, "--parent", kTuyenQuang, "--date", kDay});
  EditOk({"close", kYenTho, "--date", kDay});

  Json edited = summary(db_);
  EXPECT_EQ(edited["orgUnits"], initial["orgUnits"].get<int>() + 3) << "99001, 99101, 99102";
  Json communes_before = initial["asOf"][1]["commune"],
       communes_after = edited["asOf"][1]["commune"];
  // +3 new; -2 merged away into 99001, -1 into Lý Bôn, -1 split, -1 closed.
  EXPECT_EQ(communes_after.get<int>(), communes_before.get<int>() + 3 - 5);
  auto count = [](const Json& s, const char* kind) { return s["events"].value(kind, 0); };
  for (const char* kind : {"merge", "split", "rename", "reclassify", "move", "close"}) {
    int added = std::string(kind) == "merge" ? 2 : 1;
    EXPECT_EQ(count(edited, kind), count(initial, kind) + added) << kind;
  }
  EXPECT_EQ(count(edited, "create"), count(initial, "create") + 3);

  std::string backup = dir_->File("edited.bak"), restored = dir_->File("restored.db");
  CommandResult b = Gemis({"backup", "--db", db_, "--to", backup});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  CommandResult r = Gemis({"restore", "--from", backup, "--db", restored});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary(restored), edited);
  for (const char* code : {"99001", kLyBon, kNamQuang, kCaoBang}) {
    CommandResult original = ShowResult(code, "2026-11-01");
    CommandResult copy = Gemis(
        {"orgunit", "show", code, "--db", restored, "--as-of", "2026-11-01", "--format", "json"});
    EXPECT_EQ(copy.exit_code, 0) << copy.err;
    EXPECT_EQ(copy.out, original.out) << code;
  }
}

}  // namespace
}  // namespace gemis::cli
