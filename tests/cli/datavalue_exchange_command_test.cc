// `gemis import datavalues|dataelements` and `gemis export datavalues`, run
// as the real binary against a `gemis init` database (the real units).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "exchange/legacy_encoding.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::cli {
namespace {

using test_support::CommandResult;
using test_support::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kFixtures = std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/";
const std::string kHeader =
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
    "lastupdated,comment,followup,deleted\n";

CommandResult Gemis(std::vector<std::string> args) {
  args.insert(args.begin(), {GEMIS_BINARY, "--lang", "en"});
  return RunCommand(args);
}

nlohmann::json Json(const CommandResult& r) { return nlohmann::json::parse(r.out, nullptr, false); }

int64_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// One `gemis init` database with the data elements of
// fixtures/dataelements/good.csv and a data set P8_MONTHLY (P8_MEMBERS,
// monthly, Hà Nội and every unit under it); every test works on a copy.
class DataValueExchangeCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new test_support::TempDir();
    std::string db = suite_dir_->File("vn.db");
    CommandResult init = Gemis({"init", "--db", db});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    CommandResult elements =
        Gemis({"import", "dataelements", kFixtures + "dataelements/good.csv", "--db", db});
    ASSERT_EQ(elements.exit_code, 0) << elements.out << elements.err;
    ASSERT_EQ(Json(elements)["importCount"]["imported"], 7) << elements.out;
    std::string data_set = suite_dir_->File("ds.json");
    std::ofstream(data_set, std::ios::binary)
        << R"({"dataSets": [{"code": "P8_MONTHLY", "name": "Báo cáo tháng", "periodType": "Monthly",
               "dataSetElements": [{"dataElement": {"code": "P8_MEMBERS"}}],
               "organisationUnits": [{"code": "01", "includeDescendants": true}]}]})";
    CommandResult sets = Gemis({"import", "metadata", data_set, "--db", db});
    ASSERT_EQ(sets.exit_code, 0) << sets.out << sets.err;
  }
  static void TearDownTestSuite() { delete suite_dir_; }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(suite_dir_->File("vn.db"))) << "suite setup failed";
    db_ = dir_.File("t.db");
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  CommandResult ImportValues(const std::string& path, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import", "datavalues", path, "--db", db_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Gemis(args);
  }
  CommandResult Export(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", "datavalues", "--db", db_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Gemis(args);
  }

  static test_support::TempDir* suite_dir_;
  test_support::TempDir dir_;
  std::string db_;
};

test_support::TempDir* DataValueExchangeCommand::suite_dir_ = nullptr;

TEST_F(DataValueExchangeCommand, ImportPrintsTheSummaryAndExitsZero) {
  CommandResult r = ImportValues(kFixtures + "datavalues/semicolon_bom.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json j = Json(r);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["responseType"], "ImportSummary");
  EXPECT_EQ(j["status"], "SUCCESS");
  EXPECT_EQ(j["importCount"]["imported"], 4);
  EXPECT_TRUE(j["conflicts"].empty());
  EXPECT_FALSE(j["dryRun"].get<bool>());

  CommandResult out = Export({"--id-scheme", "code", "--period", "2025"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.out, StartsWith(kHeader));
  EXPECT_EQ(Lines(out.out), 5);
  EXPECT_THAT(out.out, HasSubstr("P8_MEMBERS,202506,00004,SEX_FEMALE,default,25,hoi_phu_nu_xa,"));
  EXPECT_THAT(out.out,
              HasSubstr("P8_MEMBERS,202507,00004,SEX_FEMALE,default,31,hoi_phu_nu_phuong,"));
  EXPECT_THAT(out.err, HasSubstr("4 data values"));
}

TEST_F(DataValueExchangeCommand, ConflictInAtomicModeExitsOneWithTheSummary) {
  std::string path = Write("v.csv", kHeader +
                                        "P8_TEAMS,202401,00004,,,5,,,,,\n"
                                        "P8_TEAMS,2025,00004,,,5,,,,,\n");
  CommandResult r = ImportValues(path);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json j = Json(r);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["status"], "ERROR");
  ASSERT_EQ(j["conflicts"].size(), 1u);
  EXPECT_EQ(j["conflicts"][0]["errorCode"], "E_DV_ORGUNIT_AMBIGUOUS");
  EXPECT_EQ(j["conflicts"][0]["line"], 3);
  EXPECT_EQ(j["conflicts"][0]["indexes"], nlohmann::json::array({1}));
  EXPECT_THAT(r.err, HasSubstr("import rejected"));
  EXPECT_EQ(Lines(Export().out), 1) << "nothing written";
}

TEST_F(DataValueExchangeCommand, BestEffortKeepsTheGoodRowsAndExitsZero) {
  std::string path = Write("v.csv", kHeader +
                                        "P8_TEAMS,202401,00004,,,5,,,,,\n"
                                        "P8_TEAMS,2025,00004,,,5,,,,,\n");
  CommandResult r = ImportValues(path, {"--best-effort"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Json(r)["status"], "WARNING");
  EXPECT_EQ(Json(r)["importCount"]["imported"], 1);
  EXPECT_EQ(Lines(Export().out), 2);
}

TEST_F(DataValueExchangeCommand, BestEffortThatKeepsNothingExitsOne) {
  std::string path = Write("v.csv", kHeader + "P8_TEAMS,2025,00004,,,5,,,,,\n");
  CommandResult r = ImportValues(path, {"--best-effort"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Json(r)["status"], "ERROR");
}

TEST_F(DataValueExchangeCommand, DryRunWritesNothing) {
  CommandResult r = ImportValues(kFixtures + "datavalues/semicolon_bom.csv", {"--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Json(r)["dryRun"].get<bool>());
  EXPECT_EQ(Json(r)["importCount"]["imported"], 4);
  EXPECT_EQ(Lines(Export().out), 1);
}

TEST_F(DataValueExchangeCommand, JsonByExtensionAndJsonExport) {
  std::string path = Write("v.json", R"({"orgUnit": "00004", "dataValues": [
      {"dataElement": "P8_HAS_CLUB", "period": "202401", "value": true, "comment": "CLB trường THCS"}]})");
  CommandResult r = ImportValues(path);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  CommandResult out = Export({"--format", "json", "--id-scheme", "code"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  nlohmann::json doc = nlohmann::json::parse(out.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << out.out;
  ASSERT_EQ(doc["dataValues"].size(), 1u);
  EXPECT_EQ(doc["dataValues"][0]["orgUnit"], "00004");
  EXPECT_EQ(doc["dataValues"][0]["value"], "true");
  EXPECT_EQ(doc["dataValues"][0]["comment"], "CLB trường THCS");
  EXPECT_EQ(doc["dataValues"][0]["storedBy"], "gemis-cli");
}

TEST_F(DataValueExchangeCommand, ExportFiltersByElementPeriodAndOrgUnit) {
  std::string path = Write("v.csv", kHeader +
                                        "P8_TEAMS,202401,00004,,,1,,,,,\n"
                                        "P8_TEAMS,202402,00007,,,2,,,,,\n"
                                        "P8_TEAMS,2023,00004,,,3,,,,,\n"
                                        "P8_SESSIONS,202401,00004,,,4.5,,,,,\n");
  ASSERT_EQ(ImportValues(path).exit_code, 0);
  EXPECT_EQ(Lines(Export({"--data-element", "P8_TEAMS"}).out), 4);
  EXPECT_EQ(Lines(Export({"--data-element", "P8Sessions1"}).out), 2);
  EXPECT_EQ(Lines(Export({"--period", "2024"}).out), 4);  // the months of 2024
  EXPECT_EQ(Lines(Export({"--period", "2022"}).out), 1);
  CommandResult unit =
      Export({"--orgunit", "00004", "--as-of", "2024-01-01", "--id-scheme", "code"});
  EXPECT_EQ(Lines(unit.out), 4) << unit.out;
  EXPECT_EQ(unit.out.find("00007"), std::string::npos);
}

TEST_F(DataValueExchangeCommand, ExportOfAnUnknownElementExitsOne) {
  CommandResult r = Export({"--data-element", "P8_NOPE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown data element 'P8_NOPE'"));
}

TEST_F(DataValueExchangeCommand, UsageErrorsExitTwo) {
  std::string path = Write("values.txt", kHeader);
  EXPECT_EQ(ImportValues(path).exit_code, 2) << "format cannot be told from .txt";
  EXPECT_EQ(ImportValues(path, {"--format", "csv"}).exit_code, 0);
  EXPECT_EQ(ImportValues(path, {"--format", "xlsx2"}).exit_code, 2);
  EXPECT_EQ(ImportValues(path, {"--format", "csv", "--strategy", "MERGE"}).exit_code, 2);
  EXPECT_EQ(ImportValues(path, {"--format", "csv", "--org-unit-id-scheme", "attr"}).exit_code, 2);
  EXPECT_EQ(Gemis({"import", "datavalues", path}).exit_code, 2) << "--db is required";
  EXPECT_EQ(Gemis({"import", "datavalues", "--db", db_}).exit_code, 2) << "the file is required";
  EXPECT_EQ(Export({"--id-scheme", "attribute"}).exit_code, 2);
  CommandResult adx = Export({"--format", "adx"});
  EXPECT_EQ(adx.exit_code, 2);
  EXPECT_THAT(adx.err, HasSubstr("--data-set"));
}

TEST_F(DataValueExchangeCommand, XmlAndAdxGoOutAndComeBack) {
  ASSERT_EQ(ImportValues(kFixtures + "datavalues/semicolon_bom.csv").exit_code, 0);
  CommandResult xml = Export({"--format", "xml", "--id-scheme", "code"});
  ASSERT_EQ(xml.exit_code, 0) << xml.err;
  EXPECT_THAT(xml.out, HasSubstr("<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">"));
  // ADX through the data set: its element's three values (not P8_BUDGET).
  CommandResult adx =
      Export({"--format", "adx", "--id-scheme", "code", "--data-set", "P8_MONTHLY"});
  ASSERT_EQ(adx.exit_code, 0) << adx.err;
  EXPECT_THAT(adx.out, HasSubstr("dataSet=\"P8_MONTHLY\""));
  EXPECT_THAT(adx.out, HasSubstr("SEX=\"FEMALE\""));
  EXPECT_THAT(adx.out, Not(HasSubstr("P8_BUDGET")));
  CommandResult unknown = Export({"--format", "adx", "--data-set", "P8_6M"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("unknown data set 'P8_6M'"));
  // Into a fresh copy: the same values, by extension.
  for (auto [name, text, count] :
       {std::tuple{"v.xml", xml.out, 4}, std::tuple{"v.adx.xml", adx.out, 3}}) {
    SCOPED_TRACE(name);
    std::filesystem::remove(db_);
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
    CommandResult in = ImportValues(Write(name, text), {"--id-scheme", "code"});
    ASSERT_EQ(in.exit_code, 0) << in.out << in.err;
    EXPECT_EQ(Json(in)["importCount"]["imported"], count);
  }
  // UPDATE changes nothing that is not there; DELETE removes what is.
  std::string csv = Write("u.csv", kHeader + "P8_TEAMS,202401,00004,,,9,,,,,\n");
  CommandResult update = ImportValues(csv, {"--strategy", "UPDATE"});
  ASSERT_EQ(update.exit_code, 0) << update.out;
  EXPECT_EQ(Json(update)["importCount"]["ignored"], 1);
  std::string adx_path = dir_.File("v.adx.xml");
  CommandResult del = ImportValues(adx_path, {"--strategy", "DELETE"});
  ASSERT_EQ(del.exit_code, 0) << del.out;
  EXPECT_EQ(Json(del)["importCount"]["deleted"], 3);
}

TEST_F(DataValueExchangeCommand, MissingFileOrDatabaseExitsOne) {
  CommandResult missing = ImportValues(dir_.File("none.csv"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("none.csv"));
  CommandResult no_db = Gemis({"export", "datavalues", "--db", dir_.File("none.db")});
  EXPECT_EQ(no_db.exit_code, 1);
  EXPECT_THAT(no_db.err, HasSubstr("gemis init"));
}

TEST_F(DataValueExchangeCommand, MalformedDataElementsFileExitsOneWithASummary) {
  std::string path = Write("e.csv", "code,value_type\nP8_X,INTEGER\n");
  CommandResult r = Gemis({"import", "dataelements", path, "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json j = Json(r);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["conflicts"][0]["errorCode"], "E_DE_FORMAT");
}

}  // namespace
}  // namespace gemis::cli

namespace gemis::cli {
namespace {

TEST_F(DataValueExchangeCommand, LegacyEncodingsAreDecodedToNfc) {
  const std::string comment = "Tổ truyền thông cộng đồng xã Đức Trường";
  const std::string utf8 = kHeader + "P8_TEAMS,202401,00004,,,2,,,\"" + comment + "\",,\n";
  for (const char* encoding : {"tcvn3", "vni"}) {
    SCOPED_TRACE(encoding);
    Result<exchange::TextEncoding> e = exchange::ParseTextEncoding(encoding);
    ASSERT_TRUE(e.ok());
    Result<std::string> bytes = exchange::EncodeText(utf8, *e);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    std::string path = Write(std::string("legacy-") + encoding + ".csv", *bytes);
    std::filesystem::remove(db_);
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
    // Given, and detected.
    for (const char* given : {encoding, "auto"}) {
      CommandResult r = ImportValues(path, {"--encoding", given});
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
    CommandResult out = Export({"--id-scheme", "code"});
    EXPECT_THAT(out.out, HasSubstr(comment));
    // Read as UTF-8 the same bytes are refused, and nothing is written.
    std::filesystem::remove(db_);
    std::filesystem::copy_file(suite_dir_->File("vn.db"), db_);
    CommandResult strict = ImportValues(path);
    EXPECT_EQ(strict.exit_code, 1);
    EXPECT_THAT(Export({}).out, Not(HasSubstr("P8")));
  }
}

TEST_F(DataValueExchangeCommand, BytesThatAreNotTextInTheEncodingRejectTheFile) {
  // 0x81 is not text in VNI (undefined in Windows-1252): the decoder replaces
  // it and the import is refused.
  std::string path = Write("bad-vni.csv", kHeader + "P8_TEAMS,202401,00004,,,2,,,\"a\x81\",,\n");
  CommandResult r = ImportValues(path, {"--encoding", "vni"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("E_DV_FORMAT"));
  EXPECT_THAT(Export({}).out, Not(HasSubstr("P8")));
}

}  // namespace
}  // namespace gemis::cli
