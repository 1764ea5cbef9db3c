// `gemis model …` and `gemis figures …` end to end: the real binary on a copy
// of the demo (with its synthetic models): listing and confidentiality,
// imports with located errors that write nothing, dated changes that move
// the published figures, the drill-down, idempotent publication, and the
// conflict with a value entered by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

namespace fs = std::filesystem;
using test_support::CommandResult;
using test_support::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult Gemis(std::vector<std::string> args, const std::string& lang = "en") {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", lang});
  return RunCommand(args);
}

class ModelCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new test_support::TempDir();
    CommandResult demo = Gemis({"demo", "--db", shared_->File("demo.db")});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    ASSERT_THAT(demo.out, HasSubstr("Models saved: 354 new"));
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    db_ = dir_.File("g.db");
    fs::copy_file(shared_->File("demo.db"), db_);
  }

  // The published value of a figure at a unit (summed below it), "" when
  // none is computed from records.
  std::string Explained(const std::string& element, const std::string& period,
                        const std::string& unit, const std::string& coc = "") {
    std::vector<std::string> args = {"figures", "explain", "--db", db_,    "--dx",
                                     element,   "--pe",    period, "--ou", unit};
    if (!coc.empty()) args.insert(args.end(), {"--coc", coc});
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string marker = element + " " + period + " " + unit + " = ";
    size_t at = r.out.find(marker);
    if (at == std::string::npos) return "";
    size_t end = r.out.find('\n', at);
    return r.out.substr(at + marker.size(), end - at - marker.size());
  }

  nlohmann::json Show(const std::string& code, bool confidential = false) {
    std::vector<std::string> args = {"model", "show", code, "--db", db_};
    if (confidential) args.push_back("--confidential");
    CommandResult r = Gemis(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  static test_support::TempDir* shared_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* ModelCommand::shared_ = nullptr;

TEST_F(ModelCommand, ListsModelsOfAUnitAsJson) {
  CommandResult r = Gemis({"model", "list", "--db", db_, "--kind", "trusted_address", "--unit",
                           "04", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list.size(), 12u);  // Cao Bằng's; Phong Thổ's are in Lai Châu
  for (const auto& m : list) {
    EXPECT_EQ(m["kind"], "trusted_address");
    EXPECT_THAT(m["name"].get<std::string>(), HasSubstr("(minh hoạ)"));
  }
  CommandResult table = Gemis({"model", "list", "--db", db_, "--kind", "leaders_club"}, "vi");
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_THAT(table.out, HasSubstr("Loại mô hình"));
  EXPECT_THAT(table.out, HasSubstr("Thủ lĩnh của sự thay đổi"));
  CommandResult bad = Gemis({"model", "list", "--db", db_, "--kind", "team"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("communication_team"));
}

TEST_F(ModelCommand, ConfidentialFactsOnlyOnRequest) {
  ASSERT_EQ(Gemis({"model", "fact", "CB-DCTC-0001", "--date", "2024-12-01", "--field", "hotline",
                   "--value", "0912 000 111", "--db", db_})
                .exit_code,
            0);
  EXPECT_THAT(Show("CB-DCTC-0001").dump(), Not(HasSubstr("0912 000 111")));
  EXPECT_THAT(Show("CB-DCTC-0001", true).dump(), HasSubstr("0912 000 111"));
  CommandResult exported = Gemis({"model", "export", "--db", db_, "--kind", "trusted_address"});
  EXPECT_THAT(exported.out, Not(HasSubstr("0912 000 111")));
  EXPECT_THAT(exported.out, HasSubstr("gemis-models/1"));
}

TEST_F(ModelCommand, EquipmentOverTheNormIsAFindingNotARefusal) {
  nlohmann::json address = Show("CB-DCTC-0001");
  ASSERT_TRUE(address.is_object());
  EXPECT_EQ(address["findings"], nlohmann::json::array());
  // A second instalment takes the support past 15.000.000 đ: saved, and found.
  CommandResult r = Gemis({"model", "fact", "CB-DCTC-0001", "--date", "2024-12-20", "--field",
                           "equipment_support", "--value", "9.000.000", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("CB-DCTC-0001 EQUIPMENT_OVER_NORM"));
  address = Show("CB-DCTC-0001");
  ASSERT_EQ(address["findings"].size(), 1u);
  EXPECT_EQ(address["findings"][0]["code"], "EQUIPMENT_OVER_NORM");
}

TEST_F(ModelCommand, PhongThosPlanWithoutTargetsShowsWhatItsRecordsPublished) {
  CommandResult r = Gemis(
      {"progress", "--db", db_, "--plan", "PT-117-2024", "--at", "2024-12-31", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  ASSERT_FALSE(report["rows"].empty());
  std::map<std::string, double> actual;
  for (const nlohmann::json& row : report["rows"]) {
    EXPECT_EQ(row["status"], "no_target");
    EXPECT_EQ(row["orgUnit"], "109");  // the issuer: Phong Thổ district
    EXPECT_EQ(row["window"], "2024");
    EXPECT_EQ(row["target"], "");
    actual[row["measure"]] = row["actual"].get<double>();
  }
  // The demo's 8 communication teams of Phong Thổ work through 2024.
  EXPECT_GT(actual["P8_TTCD_TO"], 0);
  CommandResult table =
      Gemis({"progress", "--db", db_, "--plan", "PT-117-2024", "--at", "2024-12-31"}, "vi");
  EXPECT_THAT(table.out, HasSubstr("Kết quả (không có chỉ tiêu)"));
}

TEST_F(ModelCommand, DatedChangesMoveThePublishedFigures) {
  // CB-TTCD-0001: a team working today; its unit's 2026 figure counts it.
  nlohmann::json team = Show("CB-TTCD-0001");
  ASSERT_TRUE(team.is_object());
  const std::string unit = team["orgUnit"];
  const std::string level =
      std::string("IMPLEMENTING_LEVEL_") + (team["level"] == "province" ? "PROVINCE" : "DISTRICT");
  EXPECT_EQ(team["statusByYear"]["2024"].is_string(), true);
  std::string before = Explained("P8_TTCD_TO", "2024", unit, level);
  ASSERT_FALSE(before.empty());
  // Dissolved in the middle of 2024: no longer working at the end of it.
  CommandResult d =
      Gemis({"model", "dissolve", "CB-TTCD-0001", "--date", "2024-07-01", "--db", db_});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_THAT(d.out, HasSubstr("Models saved: 0 new, 1 updated"));
  std::string after = Explained("P8_TTCD_TO", "2024", unit, level);
  EXPECT_EQ(after.empty() ? 0 : std::stoi(after), std::stoi(before) - 1);
  EXPECT_EQ(Show("CB-TTCD-0001")["statusByYear"]["2024"], "inactive");
  // A fact outside the model's life is refused, naming the field; nothing changes.
  CommandResult late = Gemis({"model", "fact", "CB-TTCD-0001", "--date", "2024-08-01", "--field",
                              "members_female", "--value", "9", "--db", db_});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("facts["));
  EXPECT_THAT(late.err, HasSubstr("not active"));
}

TEST_F(ModelCommand, ImportErrorsNameFileLineAndPointerAndWriteNothing) {
  std::string path = dir_.File("models.json");
  std::ofstream(path, std::ios::binary) << R"({"format": "gemis-models/1", "models": [
  {"code": "NEW-1", "kind": "savings_group", "name": "Tổ TKVV thôn Mới", "orgUnit": "01273",
   "established": "2024-02-01", "facts": [{"date": "2024-02-01", "field": "members_female", "value": 20}]},
  {"code": "NEW-2", "kind": "savings_group", "name": "Tổ TKVV thôn Cũ", "orgUnit": "01273",
   "established": "2024-02-01",
   "facts": [{"date": "2024-02-01", "field": "gals", "value": "maybe"}]}]})";
  CommandResult r = Gemis({"model", "import", path, "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("models.json:6:"));
  EXPECT_THAT(r.err, HasSubstr("/models/1/facts/0/value"));
  CommandResult shown = Gemis({"model", "show", "NEW-1", "--db", db_});
  EXPECT_NE(shown.exit_code, 0);  // the good model was not saved either

  std::ofstream(path, std::ios::binary) << R"({"format": "gemis-models/1", "models": [
  {"code": "NEW-1", "kind": "savings_group", "name": "Tổ TKVV thôn Mới", "orgUnit": "01273",
   "level": "commune", "established": "2024-02-01",
   "facts": [{"date": "2024-02-01", "field": "members_female", "value": 20},
             {"date": "2024-02-01", "field": "gals", "value": "có"}]}]})";
  r = Gemis({"model", "import", path, "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Models saved: 1 new, 0 updated, 0 unchanged"));
  // Importing the same file again changes nothing.
  r = Gemis({"model", "import", path, "--db", db_});
  EXPECT_THAT(r.out, HasSubstr("Models saved: 0 new, 0 updated, 1 unchanged"));
  EXPECT_EQ(Explained("P8_TKV_GALS", "2024", "01273", "IMPLEMENTING_LEVEL_COMMUNE"), "1");
}

TEST_F(ModelCommand, PublishingTwiceChangesNothing) {
  CommandResult r = Gemis({"figures", "publish", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Figures from records: 0 values written"));
  CommandResult rules = Gemis({"figures", "rules", "list", "--db", db_, "--format", "json"});
  ASSERT_EQ(rules.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(rules.out)["figureRules"].size(), 17u);
}

TEST_F(ModelCommand, AValueEnteredByHandIsNeverOverwritten) {
  // Delete the records' 2024 P8_SINHKE_NN_THIDIEM figure of Phong Thổ's
  // victim livelihood model by deleting the model, enter the value by hand,
  // then bring the model back: the hand-entered value stays, reported.
  nlohmann::json model = Show("PT-SKNN-0001", true);
  ASSERT_TRUE(model.is_object());
  const std::string unit = model["orgUnit"];
  const std::string year = model["established"].get<std::string>().substr(0, 4);
  std::string exported = dir_.File("pt.json");
  CommandResult ex = Gemis({"model", "export", "--db", db_, "--kind", "victim_livelihood"});
  std::ofstream(exported, std::ios::binary) << ex.out;
  ASSERT_EQ(Gemis({"model", "delete", "PT-SKNN-0001", "--db", db_}).exit_code, 0);
  EXPECT_EQ(Explained("P8_SINHKE_NN_THIDIEM", year, unit), "");
  std::string csv = dir_.File("v.csv");
  std::ofstream(csv, std::ios::binary)
      << "dataelement,period,orgunit,value\nP8_SINHKE_NN_THIDIEM," << year << "," << unit << ",2\n";
  CommandResult imported = Gemis({"import", "datavalues", csv, "--db", db_});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  CommandResult back = Gemis({"model", "import", exported, "--db", db_});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_THAT(back.out, HasSubstr("P8_SINHKE_NN_THIDIEM, period " + year));
  EXPECT_THAT(back.out, HasSubstr("entered by hand (2)"));
  EXPECT_EQ(Explained("P8_SINHKE_NN_THIDIEM", year, unit), "");
}

TEST_F(ModelCommand, ImportOverAFigureFromRecordsIsRefused) {
  nlohmann::json address = Show("CB-DCTC-0001");
  ASSERT_TRUE(address.is_object());
  const std::string unit = address["orgUnit"];
  ASSERT_EQ(Explained("P8_DCTC_CHU", "2024", unit), "1");
  std::string csv = dir_.File("v.csv");
  std::ofstream(csv, std::ios::binary)
      << "dataelement,period,orgunit,value\nP8_DCTC_CHU,2024," << unit << ",5\n";
  CommandResult r = Gemis({"import", "datavalues", csv, "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out + r.err, HasSubstr("E_DV_DERIVED"));
  EXPECT_EQ(Explained("P8_DCTC_CHU", "2024", unit), "1");
}

}  // namespace
}  // namespace gemis::cli
