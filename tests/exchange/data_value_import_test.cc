// Importing DHIS2-shaped data value files (docs/formats/datavalues-csv-json.md).
#include "exchange/data_value_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "core/clock.h"
#include "core/hierarchy_editor.h"
#include "core/period.h"
#include "data_value_test_database.h"
#include "exchange/data_value_export.h"
#include "exchange/data_value_import_resolver.h"
#include "exchange/metadata_import.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using test_database::BuildDatabase;
using test_database::kFixtures;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class DataValueImport : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status built = BuildDatabase(*store_);
    ASSERT_TRUE(built.ok()) << built.ToString();
  }

  ImportSummary Import(const std::string& text, DataFileFormat format, bool best_effort = false,
                       bool dry_run = false, const std::string& source = "test") {
    std::istringstream in(text);
    DataValueImportOptions options{format, dry_run, best_effort, "tester"};
    Result<ImportSummary> summary = ImportDataValues(*store_, in, source, options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }
  ImportSummary ImportCsv(const std::string& text, bool best_effort = false, bool dry_run = false) {
    return Import(text, DataFileFormat::kCsv, best_effort, dry_run);
  }
  ImportSummary ImportFixture(const std::string& name, bool best_effort = false,
                              bool dry_run = false) {
    DataFileFormat format = name.ends_with(".json") ? DataFileFormat::kJson : DataFileFormat::kCsv;
    return Import(Slurp(kFixtures + "datavalues/" + name), format, best_effort, dry_run, name);
  }

  // The stored value (deleted or not) of element/period/unit/COC/AOC, given
  // by code or uid; "" is the default option combo.
  std::optional<DataValue> Find(const std::string& element, const std::string& period,
                                const std::string& unit_uid, const std::string& coc = "",
                                const std::string& aoc = "") {
    return test_database::FindStored(*store_, element, period, unit_uid, coc, aoc);
  }
  std::string ValueOf(const std::string& element, const std::string& period,
                      const std::string& unit_uid, const std::string& coc = "",
                      const std::string& aoc = "") {
    return test_database::StoredValue(*store_, element, period, unit_uid, coc, aoc);
  }
  // Every stored value, deleted ones too, with its timestamps: any write shows.
  std::string FullExport() {
    std::ostringstream out;
    DataValueExportOptions options;
    options.filter.include_deleted = true;
    Result<int64_t> count = ExportDataValues(*store_, out, options);
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return out.str();
  }
  int64_t AuditEntries(const std::string& element, const std::string& period,
                       const std::string& unit_uid, const std::string& coc = "") {
    std::optional<DataValue> v = Find(element, period, unit_uid, coc);
    if (!v) return 0;
    std::vector<store::DataValueAuditEntry> audit;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(audit, txn.LoadDataValueAudit(v->key));
                      return Status::Ok();
                    })
                    .ok());
    return static_cast<int64_t>(audit.size());
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

const char kHeader[] =
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
    "lastupdated,comment,followup,deleted\n";

// --- accepted shapes ---------------------------------------------------------

TEST_F(DataValueImport, AcceptsDhis2sCsvWithTenFieldRowsUnderAnElevenColumnHeader) {
  ImportSummary s = ImportFixture("dhis2_shape.csv");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_TRUE(s.conflicts.empty());
  EXPECT_EQ(s.count.imported, 3);
  EXPECT_EQ(ValueOf("P8_TEAMS", "201201", "OuTrucBach1"), "10001");
  EXPECT_EQ(ValueOf("P8_TEAMS", "201201", "OuCongVi001"), "10002");
  EXPECT_EQ(ValueOf("P8_TEAMS", "201202", "OuTrucBach1"), "10003");
  std::optional<DataValue> v = Find("P8_TEAMS", "201201", "OuTrucBach1");
  EXPECT_EQ(v->stored_by, "john");
  EXPECT_EQ(v->comment, "comment");
  EXPECT_FALSE(v->followup);
}

TEST_F(DataValueImport, Dhis2DeletedFileSoftDeletesTheValues) {
  ASSERT_EQ(ImportFixture("dhis2_shape.csv").count.imported, 3);
  ImportSummary s = ImportFixture("dhis2_deleted.csv");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.deleted, 3);
  EXPECT_EQ(ValueOf("P8_TEAMS", "201201", "OuCongVi001"), "<deleted 10002>");
  EXPECT_EQ(AuditEntries("P8_TEAMS", "201201", "OuCongVi001"), 2);
  // Deleting again changes nothing.
  ImportSummary again = ImportFixture("dhis2_deleted.csv");
  EXPECT_EQ(again.count.ignored, 3);
  EXPECT_EQ(again.count.deleted, 0);
}

TEST_F(DataValueImport, AcceptsSemicolonCsvWithBomAndCodes) {
  ImportSummary s = ImportFixture("semicolon_bom.csv");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 4);
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202506", "OuTrucBach1", "SEX_FEMALE"), "25");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202506", "OuTrucBach1", "SEX_MALE"), "4");
  // The same code after the merge names Ba Đình.
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202507", "OuBaDinh001", "SEX_FEMALE"), "31");
  EXPECT_EQ(ValueOf("P8_BUDGET", "2025", "OuHaNoi0001", "IMPLEMENTING_LEVEL_PROVINCE"),
            "150000000");
  std::optional<DataValue> v = Find("P8_MEMBERS", "202506", "OuTrucBach1", "SEX_FEMALE");
  EXPECT_EQ(v->comment, "Tổ TKVVTB; thôn 3");
  EXPECT_EQ(v->stored_by, "hoi_phu_nu_xa");
  EXPECT_TRUE(Find("P8_MEMBERS", "202507", "OuBaDinh001", "SEX_FEMALE")->followup);
  // A row without storedBy takes the importer's default.
  EXPECT_EQ(Find("P8_BUDGET", "2025", "OuHaNoi0001", "IMPLEMENTING_LEVEL_PROVINCE")->stored_by,
            "tester");
}

TEST_F(DataValueImport, AcceptsHeaderAliases) {
  ImportSummary s = ImportCsv(
      "Data_Element,PERIOD,org_unit,category_option_combo,attribute_option_combo,Value,stored_by\n"
      "P8_MEMBERS,202401,00004,SEX_MALE,,9,xa\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE"), "9");
  EXPECT_EQ(Find("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE")->stored_by, "xa");
}

TEST_F(DataValueImport, AcceptsJsonDataValueSets) {
  ImportSummary s = ImportFixture("values.json");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 4);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "3");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "2024Q1", "OuCongVi001", "SEX_FEMALE"), "18");
  EXPECT_EQ(ValueOf("P8_HAS_CLUB", "2024", "OuTrucBach1"), "true");
  EXPECT_EQ(ValueOf("P8_SESSIONS", "2024S1", "OuCongVi001"), "2.5");
  EXPECT_EQ(Find("P8_TEAMS", "202401", "OuTrucBach1")->stored_by, "system");
  EXPECT_EQ(Find("P8_TEAMS", "202401", "OuTrucBach1")->comment, std::nullopt);
  EXPECT_EQ(Find("P8_MEMBERS", "2024Q1", "OuCongVi001", "SEX_FEMALE")->comment, "Nhóm mới");
}

TEST_F(DataValueImport, AcceptsABareJsonArray) {
  ImportSummary s = Import(
      R"([{"dataElement": "P8_TEAMS", "period": "202401", "orgUnit": "00004", "value": "2"}])",
      DataFileFormat::kJson);
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "2");
}

TEST_F(DataValueImport, JsonHeaderFieldsApplyToValuesThatLeaveThemOut) {
  ImportSummary s = ImportFixture("header_level.json");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 3);
  EXPECT_EQ(
      ValueOf("P8_BUDGET", "202403", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE", "FUNDING_LOCAL"),
      "25000000");
  EXPECT_EQ(
      ValueOf("P8_BUDGET", "202404", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE", "FUNDING_LOCAL"),
      "5000000");
  EXPECT_EQ(ValueOf("P8_BUDGET", "202403", "OuCongVi001", "IMPLEMENTING_LEVEL_COMMUNE",
                    "FUNDING_CENTRAL"),
            "7000000");
}

// --- what a row does ---------------------------------------------------------

TEST_F(DataValueImport, ImportingTheSameFileAgainChangesNothing) {
  ASSERT_EQ(ImportFixture("semicolon_bom.csv").count.imported, 4);
  std::string before = FullExport();
  ImportSummary again = ImportFixture("semicolon_bom.csv");
  EXPECT_EQ(again.status, ImportStatus::kSuccess);
  EXPECT_EQ(again.count.imported, 0);
  EXPECT_EQ(again.count.updated, 0);
  EXPECT_EQ(again.count.ignored, 4);
  EXPECT_EQ(FullExport(), before);
  EXPECT_EQ(AuditEntries("P8_MEMBERS", "202506", "OuTrucBach1", "SEX_FEMALE"), 1);
}

TEST_F(DataValueImport, ChangedValuesAreUpdatedAndAudited) {
  ASSERT_EQ(ImportCsv(std::string(kHeader) + "P8_TEAMS,202401,00004,,,5,,,,,\n").count.imported, 1);
  ImportSummary s = ImportCsv(std::string(kHeader) +
                              "P8_TEAMS,202401,00004,,,6,,,,,\n"
                              "P8_TEAMS,202402,00004,,,1,,,,,\n");
  EXPECT_EQ(s.count.updated, 1);
  EXPECT_EQ(s.count.imported, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "6");
  EXPECT_EQ(AuditEntries("P8_TEAMS", "202401", "OuTrucBach1"), 2);
}

TEST_F(DataValueImport, DeletedTrueSoftDeletesAndAMissingValueIsIgnored) {
  ASSERT_EQ(ImportCsv(std::string(kHeader) + "P8_TEAMS,202401,00004,,,5,,,,,\n").count.imported, 1);
  ImportSummary s = ImportCsv(std::string(kHeader) +
                              "P8_TEAMS,202401,00004,,,,,,,,true\n"
                              "P8_TEAMS,202402,00004,,,,,,,,True\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.deleted, 1);
  EXPECT_EQ(s.count.ignored, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<deleted 5>");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, ValuesAreStoredInCanonicalForm) {
  ImportSummary s = ImportCsv(std::string(kHeader) +
                              "P8_MEMBERS,202401,00004,SEX_MALE,,+007,,,,,\n"
                              "P8_SESSIONS,202401,00004,,,1.50,,,,,\n"
                              "P8_HAS_CLUB,202401,00004,,,T,,,,,\n"
                              "P8_BUDGET,202401,00004,IMPLEMENTING_LEVEL_COMMUNE,, 1000 ,,,,,\n"
                              "P8_LINKED_PCT,202401,00004,,,015,,,,,\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE"), "7");
  EXPECT_EQ(ValueOf("P8_SESSIONS", "202401", "OuTrucBach1"), "1.5");
  EXPECT_EQ(ValueOf("P8_HAS_CLUB", "202401", "OuTrucBach1"), "true");
  EXPECT_EQ(ValueOf("P8_BUDGET", "202401", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE"), "1000");
  EXPECT_EQ(ValueOf("P8_LINKED_PCT", "202401", "OuTrucBach1"), "15");
}

TEST_F(DataValueImport, IdentifiersAreTrimmed) {
  ImportSummary s = ImportCsv(std::string(kHeader) +
                              " P8_MEMBERS ,\t202401, 00004 , SEX_MALE ,,5, xa ,,,\tTRUE ,\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  std::optional<DataValue> v = Find("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->stored_by, "xa");
  EXPECT_TRUE(v->followup);
}

TEST_F(DataValueImport, TextValuesAndCommentsAreStoredInNfc) {
  const std::string decomposed = "Nu\xCC\x9B\xCC\x83";  // "Nữ" as u + horn + tilde
  ImportSummary s = ImportCsv(std::string(kHeader) + "P8_DIALOGUE_NOTE,202401,00004,,," +
                              decomposed + ",,,Ghi chu " + decomposed + ",,\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  std::optional<DataValue> v = Find("P8_DIALOGUE_NOTE", "202401", "OuTrucBach1");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->value, "Nữ");
  EXPECT_EQ(v->comment, "Ghi chu Nữ");
}

TEST_F(DataValueImport, InsignificantZerosAreIgnoredLikeDhis2) {
  ImportSummary s =
      ImportCsv(std::string(kHeader) +
                "P8_TEAMS,202401,00004,,,0,,,,,\n"       // SUM, zero not significant
                "P8_SESSIONS,202401,00004,,,0.0,,,,,\n"  // AVERAGE: a zero counts
                "P8_BUDGET,202401,00004,IMPLEMENTING_LEVEL_COMMUNE,,0,,,,,\n");  // significant
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 2);
  EXPECT_EQ(s.count.ignored, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<none>");
  EXPECT_EQ(ValueOf("P8_SESSIONS", "202401", "OuTrucBach1"), "0");
  EXPECT_EQ(ValueOf("P8_BUDGET", "202401", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE"), "0");
}

TEST_F(DataValueImport, OrgUnitCodesAreReadAtTheRowsPeriod) {
  ImportSummary s = ImportCsv(std::string(kHeader) +
                                  "P8_TEAMS,202506,00004,,,1,,,,,\n"
                                  "P8_TEAMS,202507,00004,,,2,,,,,\n"
                                  "P8_TEAMS,2025S2,00004,,,3,,,,,\n"
                                  "P8_TEAMS,2024,00007,,,4,,,,,\n",
                              /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202506", "OuTrucBach1"), "1");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202507", "OuBaDinh001"), "2");
  EXPECT_EQ(ValueOf("P8_TEAMS", "2025S2", "OuBaDinh001"), "3");
  EXPECT_EQ(ValueOf("P8_TEAMS", "2024", "OuCongVi001"), "4");
}

TEST_F(DataValueImport, ACodeThatEndedBeforeThePeriodSaysWhenItWasUsed) {
  ImportSummary s = ImportCsv(std::string(kHeader) + "P8_TEAMS,202507,00007,,,1,,,,,\n");
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_ORGUNIT");
  EXPECT_THAT(
      s.conflicts[0].message,
      HasSubstr(
          "no org unit has uid or code '00007' during 202507; the code was used … to 2025-06-30"));
}

// --- conflicts ---------------------------------------------------------------

struct ExpectedConflict {
  int64_t line;
  int64_t index;
  const char* error_code;
  const char* property;
  const char* object;
  const char* value;
  std::string message;  // a part of the message
};

std::vector<ExpectedConflict> ConflictsCsvExpectations() {
  return {
      {3, 1, "E_DV_ELEMENT", "dataElement", "P8_NO_SUCH", "5", "unknown data element 'P8_NO_SUCH'"},
      {4, 2, "E_DV_PERIOD", "period", "2024W54", "5", Period::Parse("2024W54").status().message()},
      {5, 3, "E_DV_ORGUNIT", "orgUnit", "99999", "5",
       "no org unit has uid or code '99999' during 202401"},
      {6, 4, "E_DV_ORGUNIT_AMBIGUOUS", "orgUnit", "00004", "5",
       "code '00004' names 2 different units during 2025 (the code was reused)"},
      {8, 6, "E_DV_COC", "categoryOptionCombo", "AGE_BAND_AGE_0_15", "5",
       "category option combo 'AGE_BAND_AGE_0_15' is not one of data element P8_MEMBERS's combo "
       "SEX"},
      {9, 7, "E_DV_AOC", "attributeOptionCombo", "FUNDING_NATIONAL", "5",
       "unknown attribute option combo 'FUNDING_NATIONAL'"},
      {10, 8, "E_DV_VALUE", "value", "P8_MEMBERS", "12.5", "'12.5' is not an integer"},
      {11, 9, "E_DV_VALUE", "value", "P8_LINKED_PCT", "101", "'101'"},
      {12, 10, "E_DV_VALUE", "value", "P8_BUDGET", "1000.50", "'1000.50'"},
      {13, 11, "E_DV_VALUE", "value", "P8_HAS_CLUB", "yes", "'yes'"},
      {16, 13, "E_DV_VALUE", "value", "P8_TEAMS", "x", "'x'"},
      {17, 14, "E_DV_AOC", "attributeOptionCombo", "SEX_MALE", "5",
       "'SEX_MALE' is not an attribute option combo"},
  };
}

void ExpectConflicts(const ImportSummary& s) {
  std::vector<ExpectedConflict> expected = ConflictsCsvExpectations();
  ASSERT_EQ(s.conflicts.size(), expected.size()) << s.ToJson().dump(2);
  for (size_t i = 0; i < expected.size(); ++i) {
    const ImportConflict& c = s.conflicts[i];
    const ExpectedConflict& e = expected[i];
    SCOPED_TRACE("line " + std::to_string(e.line));
    EXPECT_EQ(c.line, e.line);
    EXPECT_THAT(c.indexes, ElementsAre(e.index));
    EXPECT_EQ(c.error_code, e.error_code);
    EXPECT_EQ(c.property, e.property);
    EXPECT_EQ(c.object, e.object);
    EXPECT_EQ(c.value, e.value);
    EXPECT_THAT(c.message, StartsWith("conflicts.csv:" + std::to_string(e.line) + ": "));
    EXPECT_THAT(c.message, HasSubstr(e.message));
  }
}

TEST_F(DataValueImport, EachConflictNamesItsLineIndexPropertyAndCode) {
  ImportSummary s = ImportFixture("conflicts.csv", /*best_effort=*/true);
  ExpectConflicts(s);
  // Wrong-type messages name the element and its value type.
  EXPECT_THAT(s.conflicts[6].message, HasSubstr("P8_MEMBERS"));
  EXPECT_THAT(s.conflicts[6].message, HasSubstr("INTEGER"));
  EXPECT_THAT(s.conflicts[7].message, HasSubstr("PERCENTAGE"));
  EXPECT_THAT(s.conflicts[8].message, HasSubstr("MONEY"));
  EXPECT_THAT(s.conflicts[9].message, HasSubstr("BOOLEAN"));
}

TEST_F(DataValueImport, AtomicImportWithAConflictWritesNothing) {
  ASSERT_EQ(ImportFixture("semicolon_bom.csv").count.imported, 4);
  std::string before = FullExport();
  ImportSummary s = ImportFixture("conflicts.csv");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ExpectConflicts(s);
  EXPECT_EQ(s.count.imported, 0);
  EXPECT_EQ(s.count.updated, 0);
  EXPECT_EQ(s.count.ignored, 15);  // every row
  EXPECT_FALSE(s.dry_run);
  EXPECT_EQ(FullExport(), before);
}

TEST_F(DataValueImport, BestEffortKeepsTheGoodRowsWithAWarning) {
  ImportSummary s = ImportFixture("conflicts.csv", /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  EXPECT_EQ(s.count.imported, 3);
  EXPECT_EQ(s.count.ignored, 12);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "5");
  EXPECT_EQ(ValueOf("P8_TEAMS", "2025Q3", "OuBaDinh001"), "6");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE"), "7");
  EXPECT_EQ(Find("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE")->comment, "hai\ndòng");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, DryRunWritesNothingAndCountsWhatItWouldDo) {
  ASSERT_EQ(ImportCsv(std::string(kHeader) + "P8_TEAMS,202401,00004,,,5,,,,,\n").count.imported, 1);
  std::string before = FullExport();
  ImportSummary s = ImportCsv(std::string(kHeader) +
                                  "P8_TEAMS,202401,00004,,,6,,,,,\n"   // update
                                  "P8_TEAMS,202402,00004,,,1,,,,,\n"   // new
                                  "P8_TEAMS,202403,00004,,,0,,,,,\n",  // insignificant zero
                              false, /*dry_run=*/true);
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_TRUE(s.dry_run);
  EXPECT_EQ(s.count.imported, 1);
  EXPECT_EQ(s.count.updated, 1);
  EXPECT_EQ(s.count.ignored, 1);
  EXPECT_EQ(FullExport(), before);
  EXPECT_TRUE(s.ToJson()["dryRun"].get<bool>());
}

TEST_F(DataValueImport, DryRunWithConflictsReportsThemAndWritesNothing) {
  std::string before = FullExport();
  ImportSummary s = ImportFixture("conflicts.csv", /*best_effort=*/false, /*dry_run=*/true);
  EXPECT_EQ(s.status, ImportStatus::kError);
  ExpectConflicts(s);
  EXPECT_EQ(s.count.imported, 3);  // what the good rows would have done
  EXPECT_EQ(FullExport(), before);
}

TEST_F(DataValueImport, InvalidUtf8InACommentIsAConflictOnItsLine) {
  ImportSummary s = ImportCsv(std::string(kHeader) +
                                  "P8_TEAMS,202401,00004,,,5,,,ok,,\n"
                                  "P8_TEAMS,202402,00004,,,6,,,bad \xC3\x28 byte,,\n"
                                  "P8_TEAMS,202403,00004,,,7,,,ok,,\n",
                              /*best_effort=*/true);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  const ImportConflict& c = s.conflicts[0];
  EXPECT_EQ(c.error_code, "E_DV_FORMAT");
  EXPECT_EQ(c.property, "comment");
  EXPECT_EQ(c.line, 3);
  EXPECT_THAT(c.indexes, ElementsAre(1));
  EXPECT_THAT(c.message, HasSubstr("invalid UTF-8"));
  EXPECT_EQ(s.count.imported, 2);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, UnterminatedQuoteEndsTheFileAndRejectsIt) {
  ImportSummary s = ImportFixture("unterminated_quote.csv");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("unterminated"));
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, RowLongerThanTheHeaderIsAConflict) {
  ImportSummary s = ImportCsv(
      "dataelement,period,orgunit,value\n"
      "P8_TEAMS,202401,00004,5\n"
      "P8_TEAMS,202402,00004,6,unquoted, comma\n",
      /*best_effort=*/true);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].indexes, ElementsAre(1));
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("expected 4 fields"));
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "<none>");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "5");
}

TEST_F(DataValueImport, MissingRequiredColumnNamesIt) {
  ImportSummary s = ImportCsv("dataelement,period,value\nP8_TEAMS,202401,5\n");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].property, "orgUnit");
  EXPECT_EQ(s.conflicts[0].line, 1);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("missing required column 'orgunit'"));
}

TEST_F(DataValueImport, EmptyFileIsRejected) {
  ImportSummary s = ImportCsv("");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
}

TEST_F(DataValueImport, MalformedJsonNamesTheLine) {
  ImportSummary s = ImportFixture("malformed.json");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].property, "file");
  EXPECT_EQ(s.conflicts[0].line, 5);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("malformed JSON"));
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, InvalidUtf8InJsonIsMalformedJsonOnItsLine) {
  ImportSummary s = Import(
      "{\"dataValues\": [\n"
      "  {\"dataElement\": \"P8_TEAMS\", \"period\": \"202401\", \"orgUnit\": \"00004\", "
      "\"value\": \"1\"},\n"
      "  {\"dataElement\": \"P8_TEAMS\", \"comment\": \"bad \xC3\x28\"}\n"
      "]}",
      DataFileFormat::kJson, /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_TRUE(s.conflicts[0].indexes.empty());
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImport, JsonThatIsNotADataValueSetIsRejected) {
  for (const char* text :
       {"42", "\"dataValues\"", "{\"dataValues\": {}}", "{\"values\": []}", "null"}) {
    SCOPED_TRACE(text);
    ImportSummary s = Import(text, DataFileFormat::kJson, /*best_effort=*/true);
    EXPECT_EQ(s.status, ImportStatus::kError);
    ASSERT_EQ(s.conflicts.size(), 1u);
    EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
    EXPECT_EQ(s.conflicts[0].property, "dataValues");
    EXPECT_THAT(s.conflicts[0].message, HasSubstr("expected {\"dataValues\": [...]}"));
  }
}

TEST_F(DataValueImport, JsonRowConflictsCarryTheirIndex) {
  ImportSummary s = Import(R"({"dataValues": [
      {"dataElement": "P8_TEAMS", "period": "202401", "orgUnit": "00004", "value": "1"},
      "not an object",
      {"dataElement": "P8_TEAMS", "period": "202402", "orgUnit": "00004", "value": 1.5}
    ]})",
                           DataFileFormat::kJson, /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  ASSERT_EQ(s.conflicts.size(), 2u) << s.ToJson().dump(2);
  EXPECT_THAT(s.conflicts[0].indexes, ElementsAre(1));
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("data value 1 is string, not an object"));
  EXPECT_THAT(s.conflicts[1].indexes, ElementsAre(2));
  EXPECT_EQ(s.conflicts[1].line, 4);
  EXPECT_THAT(s.conflicts[1].message, StartsWith("test:4: "));
  EXPECT_EQ(s.conflicts[1].error_code, "E_DV_VALUE");
  EXPECT_EQ(s.conflicts[1].value, "1.5");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "1");
}

TEST_F(DataValueImport, ConflictsAreCappedButAllCounted) {
  std::string text = kHeader;
  for (size_t i = 0; i < kMaxConflicts + 5; ++i) text += "P8_NONE,202401,00004,,,1,,,,,\n";
  text += "P8_TEAMS,202401,00004,,,1,,,,,\n";
  ImportSummary s = ImportCsv(text, /*best_effort=*/true);
  EXPECT_EQ(s.conflicts.size(), kMaxConflicts);
  EXPECT_EQ(s.count.ignored, static_cast<int64_t>(kMaxConflicts + 5));
  EXPECT_EQ(s.count.imported, 1);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
}

TEST_F(DataValueImport, SummaryJsonHasDhis2sShape) {
  ImportSummary s = ImportFixture("conflicts.csv");
  nlohmann::json j = s.ToJson();
  EXPECT_EQ(j["responseType"], "ImportSummary");
  EXPECT_EQ(j["status"], "ERROR");
  EXPECT_EQ(j["importCount"]["ignored"], 15);
  EXPECT_EQ(j["importCount"]["imported"], 0);
  ASSERT_EQ(j["conflicts"].size(), 12u);
  const nlohmann::json& first = j["conflicts"][0];
  EXPECT_EQ(first["object"], "P8_NO_SUCH");
  EXPECT_EQ(first["errorCode"], "E_DV_ELEMENT");
  EXPECT_EQ(first["property"], "dataElement");
  EXPECT_EQ(first["indexes"], nlohmann::json::array({1}));
  EXPECT_EQ(first["line"], 3);
  EXPECT_FALSE(j["dryRun"].get<bool>());
}

// --- chunks and the writing thread (docs/store.md "Writing many data values")

// A best-effort file of random rows (duplicate keys, deletions, conflicts).
std::string RandomCsv(std::mt19937& random, int rows) {
  const char* elements[] = {"P8_TEAMS", "P8_MEMBERS", "P8_NONE"};
  const char* units[] = {"00004", "00007", "OuTrucBach1", "OuNoSuch001"};
  std::string text = kHeader;
  for (int i = 0; i < rows; ++i) {
    const int element = static_cast<int>(random() % 20 == 0 ? 2 : random() % 2);
    text += std::string(elements[element]) + ",20240" + std::to_string(1 + random() % 6) + "," +
            units[random() % 30 == 0 ? 3 : random() % 3] + "," +
            (element == 1 ? (random() % 2 ? "SEX_MALE" : "SEX_FEMALE") : "") + ",," +
            std::to_string(random() % 4) + "," + (random() % 4 == 0 ? "xa" : "") + ",,," +
            (random() % 8 == 0 ? "true" : "") + "," + (random() % 6 == 0 ? "true" : "") + "\n";
  }
  return text;
}

class DataValueImportChunks : public ::testing::Test {
 protected:
  std::unique_ptr<store::Store> NewStore(const std::string& name) {
    Result<std::unique_ptr<store::Store>> opened =
        store::OpenSqliteStore(dir_.File(name), {.clock = &clock_});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!opened.ok()) return nullptr;
    Status built = BuildDatabase(**opened);
    EXPECT_TRUE(built.ok()) << built.ToString();
    return std::move(opened).value();
  }
  static Result<ImportSummary> Run(store::Store& store, const std::string& text, size_t chunk_rows,
                                   bool best_effort = false, bool dry_run = false) {
    std::istringstream in(text);
    DataValueImportOptions options{DataFileFormat::kCsv, dry_run, best_effort, "tester"};
    options.chunk_rows = chunk_rows;
    return ImportDataValues(store, in, "chunks.csv", options);
  }
  static std::string Export(store::Store& store) {
    std::ostringstream out;
    DataValueExportOptions options;
    options.filter.include_deleted = true;
    EXPECT_TRUE(ExportDataValues(store, out, options).ok());
    return out.str();
  }
  // The number of stored values, deleted ones too.
  static int64_t CountValues(store::Store& store) {
    const std::string text = Export(store);
    return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n')) - 1;  // the header
  }
  // The change feed, each key's changes in order (the order between keys
  // inside one chunk is the key order, not the file's).
  static std::map<std::string, std::string> FeedByKey(store::Store& store) {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(
        store
            .Read([&](store::ReadTransaction& txn) {
              return txn.ScanDataValueChanges(0, [&](const store::DataValueChange& c) {
                const DataValueKey& k = c.key;
                out[std::to_string(k.data_element) + "/" + std::to_string(k.period) + "/" +
                    std::to_string(k.org_unit) + "/" + std::to_string(k.category_option_combo)] +=
                    std::to_string(static_cast<int>(c.change)) + ":" + c.new_value.value_or("-") +
                    " ";
                return Status::Ok();
              });
            })
            .ok());
    return out;
  }

  test_support::TempDir dir_;
  FixedClock clock_{1709251200000};
};

// Fast paths are checked against a model: three-row chunks (keys repeated
// across chunks, settled in several WriteDataValues calls) give the same
// summary, values, timestamps and per-key feed as one chunk.
TEST_F(DataValueImportChunks, SmallChunksGiveTheSameResultAsOneChunk) {
  const unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::unique_ptr<store::Store> small = NewStore("small.db"), one = NewStore("one.db");
  ASSERT_TRUE(small && one);
  for (int round = 0; round < 3; ++round) {
    const std::string text = RandomCsv(random, 60);
    Result<ImportSummary> a = Run(*small, text, 3, /*best_effort=*/true);
    Result<ImportSummary> b = Run(*one, text, 100000, /*best_effort=*/true);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->ToJson().dump(), b->ToJson().dump()) << "round " << round;
    clock_.Advance(1000);
  }
  EXPECT_EQ(Export(*small), Export(*one));
  EXPECT_EQ(FeedByKey(*small), FeedByKey(*one));
  ASSERT_TRUE(small->CheckIntegrity().ok());
}

// Rows out of key order go through the external sort
// (data_value_write_sorter.h): with tiny runs spilled to disk and merged,
// in memory, or as one chunk written directly, an import gives the same
// summary, values and per-key feed, and leaves no temporary file.
TEST_F(DataValueImportChunks, SortedRunsGiveTheSameResultAsOneChunk) {
  const unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  const std::string spill = dir_.File("spill");
  ASSERT_TRUE(std::filesystem::create_directory(spill));
  std::unique_ptr<store::Store> tiny = NewStore("tiny.db"), memory = NewStore("memory.db"),
                                one = NewStore("one.db");
  ASSERT_TRUE(tiny && memory && one);
  auto run = [&](store::Store& store, const std::string& text, size_t chunk_rows, size_t run_bytes,
                 bool best_effort, bool dry_run) {
    std::istringstream in(text);
    DataValueImportOptions options{DataFileFormat::kCsv, dry_run, best_effort, "tester"};
    options.chunk_rows = chunk_rows;
    options.sort_run_bytes = run_bytes;
    options.sort_temp_dir = spill;
    return ImportDataValues(store, in, "sorted.csv", options);
  };
  for (int round = 0; round < 6; ++round) {
    // Atomic rounds with a conflict write nothing; dry runs only count.
    const bool best_effort = round % 3 != 1, dry_run = round == 4;
    const std::string text = RandomCsv(random, 150);
    Result<ImportSummary> a = run(*tiny, text, 4, 200, best_effort, dry_run);
    Result<ImportSummary> b = run(*memory, text, 4, size_t{1} << 20, best_effort, dry_run);
    Result<ImportSummary> c = run(*one, text, 100000, size_t{1} << 20, best_effort, dry_run);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().ToString() << b.status().ToString();
    EXPECT_EQ(a->ToJson().dump(), c->ToJson().dump()) << "round " << round;
    EXPECT_EQ(b->ToJson().dump(), c->ToJson().dump()) << "round " << round;
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(spill),
                            std::filesystem::directory_iterator()),
              0);
    clock_.Advance(1000);
  }
  EXPECT_GT(CountValues(*one), 10);
  EXPECT_EQ(Export(*tiny), Export(*one));
  EXPECT_EQ(Export(*memory), Export(*one));
  EXPECT_EQ(FeedByKey(*tiny), FeedByKey(*one));
  EXPECT_EQ(FeedByKey(*memory), FeedByKey(*one));
  ASSERT_TRUE(tiny->CheckIntegrity().ok());
}

// A temporary directory that cannot be written fails the import (nothing
// is written) once rows must be spilled; the error names the directory.
TEST_F(DataValueImportChunks, AnUnwritableSortDirectoryFailsTheImport) {
  std::unique_ptr<store::Store> store = NewStore("g.db");
  ASSERT_NE(store, nullptr);
  std::string text = kHeader;
  for (const char* unit : {"00007", "00004"}) {  // unit by unit: out of key order
    for (int month = 1; month <= 9; ++month) {
      text += "P8_TEAMS,20240" + std::to_string(month) + "," + unit + ",,,5,,,,,\n";
    }
  }
  std::istringstream in(text);
  DataValueImportOptions options{DataFileFormat::kCsv, false, false, "tester"};
  options.chunk_rows = 2;
  options.sort_run_bytes = 100;
  options.sort_temp_dir = dir_.File("missing");
  Result<ImportSummary> s = ImportDataValues(*store, in, "unsorted.csv", options);
  ASSERT_EQ(s.status().code(), ErrorCode::kIoError);
  EXPECT_THAT(s.status().message(), HasSubstr(dir_.File("missing")));
  EXPECT_EQ(CountValues(*store), 0);
}

TEST_F(DataValueImportChunks, AConflictAfterManyWrittenChunksStillWritesNothing) {
  std::unique_ptr<store::Store> store = NewStore("g.db");
  ASSERT_NE(store, nullptr);
  std::string text = kHeader;
  for (int month = 1; month <= 9; ++month) {
    for (const char* unit : {"00004", "00007"}) {
      text += "P8_TEAMS,20240" + std::to_string(month) + "," + unit + ",,,5,,,,,\n";
    }
  }
  text += "P8_TEAMS,202401,00004,,,-1,,,,,\n";  // below zero for the type: a conflict
  Result<ImportSummary> s = Run(*store, text, 2);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ImportStatus::kError);
  EXPECT_EQ(s->count.imported, 0);
  EXPECT_EQ(s->count.ignored, 19);
  ASSERT_EQ(s->conflicts.size(), 1u);
  EXPECT_EQ(s->conflicts[0].line, 20);
  EXPECT_EQ(CountValues(*store), 0);
  // The same rows without the conflict: a dry run counts what the import does.
  text.erase(text.rfind("P8_TEAMS,202401,00004,,,-1"));
  Result<ImportSummary> dry = Run(*store, text, 2, false, /*dry_run=*/true);
  Result<ImportSummary> real = Run(*store, text, 2);
  ASSERT_TRUE(dry.ok() && real.ok());
  EXPECT_EQ(dry->count.imported, 18);
  EXPECT_EQ(real->count.imported, 18);
  EXPECT_EQ(real->status, ImportStatus::kSuccess);
}

// A failure of the store while the reading thread is still busy: the import
// returns it, stops the reader and writes nothing.
TEST_F(DataValueImportChunks, AStoreFailureStopsTheReaderAndWritesNothing) {
  std::unique_ptr<store::Store> store = NewStore("g.db");
  ASSERT_NE(store, nullptr);
  Result<store::SqliteDb> raw = store::SqliteDb::Open(dir_.File("g.db"), false);
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE(raw->Exec("CREATE TRIGGER fail BEFORE INSERT ON data_value WHEN NEW.value = '13'"
                        " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
                  .ok());
  std::string text = kHeader;
  for (int i = 0; i < 2000; ++i) {
    text += "P8_TEAMS,2024" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) +
            "," + (i % 2 ? "00004" : "00007") + ",,," + std::to_string(i / 24) + ",,,,,\n";
  }
  Result<ImportSummary> s = Run(*store, text, 16);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("disk on fire"));
  EXPECT_EQ(CountValues(*store), 0);
}

// A period only rows with a conflict name is not stored, even when the good
// rows are kept.
TEST_F(DataValueImportChunks, PeriodsOfRowsWithAConflictAreNotStored) {
  std::unique_ptr<store::Store> store = NewStore("g.db");
  ASSERT_NE(store, nullptr);
  Result<ImportSummary> s = Run(*store,
                                std::string(kHeader) +
                                    "P8_NONE,202409,00004,,,1,,,,,\n"
                                    "P8_TEAMS,202409,00004,,,x,,,,,\n"
                                    "P8_TEAMS,202401,00004,,,1,,,,,\n",
                                1, /*best_effort=*/true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->count.imported, 1);
  std::vector<std::string> periods;
  ASSERT_TRUE(store
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(auto stored, txn.LoadPeriods());
                    for (const auto& [id, period] : stored) periods.push_back(period.ToString());
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_THAT(periods, ElementsAre("202401"));
}

}  // namespace
}  // namespace gemis::exchange

namespace gemis::exchange {
namespace {

// --- import strategies and id schemes (DHIS2's importStrategy, idScheme)

class DataValueImportOptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ASSERT_TRUE(BuildDatabase(*store_).ok());
  }
  ImportSummary Run(const std::string& csv, DataValueImportOptions options) {
    std::istringstream in(std::string(kHeader) + csv);
    options.stored_by = "tester";
    options.best_effort = true;
    Result<ImportSummary> summary = ImportDataValues(*store_, in, "o.csv", options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }
  std::string ValueOf(const std::string& element, const std::string& period,
                      const std::string& unit_uid, const std::string& coc = "") {
    return test_database::StoredValue(*store_, element, period, unit_uid, coc);
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(DataValueImportOptionsTest, CreateOnlyAddsUpdateOnlyChangesDeleteDeletes) {
  Run("P8_TEAMS,202401,00004,,,1,,,,,\n", {});
  ImportSummary create = Run("P8_TEAMS,202401,00004,,,2,,,,,\nP8_TEAMS,202402,00004,,,3,,,,,\n",
                             {.strategy = ImportStrategy::kCreate});
  EXPECT_EQ(create.count.imported, 1);
  EXPECT_EQ(create.count.ignored, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "1");  // left as it was
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "3");

  ImportSummary update = Run("P8_TEAMS,202401,00004,,,4,,,,,\nP8_TEAMS,202403,00004,,,5,,,,,\n",
                             {.strategy = ImportStrategy::kUpdate});
  EXPECT_EQ(update.count.updated, 1);
  EXPECT_EQ(update.count.ignored, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "4");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202403", "OuTrucBach1"), "<none>");  // not created

  // DELETE deletes whatever the value column says (even nothing).
  ImportSummary del = Run("P8_TEAMS,202401,00004,,,,,,,,\nP8_TEAMS,202403,00004,,,9,,,,,\n",
                          {.strategy = ImportStrategy::kDelete});
  EXPECT_EQ(del.status, ImportStatus::kSuccess) << del.ToJson().dump(2);
  EXPECT_EQ(del.count.deleted, 1);
  EXPECT_EQ(del.count.ignored, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<deleted 4>");
  // UPDATE does not bring a deleted value back; CREATE does.
  Run("P8_TEAMS,202401,00004,,,6,,,,,\n", {.strategy = ImportStrategy::kUpdate});
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<deleted 4>");
  Run("P8_TEAMS,202401,00004,,,7,,,,,\n", {.strategy = ImportStrategy::kCreate});
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "7");
}

TEST_F(DataValueImportOptionsTest, StrategiesGiveTheSameResultWhateverTheChunkSize) {
  std::string rows;
  for (int i = 1; i <= 12; ++i) {
    rows +=
        "P8_TEAMS,2024" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ",00004,,,1,,,,,\n";
  }
  Run(rows, {});
  std::string again;
  for (int i = 1; i <= 12; ++i) {
    std::string month = (i < 10 ? "0" : "") + std::to_string(i);
    again += "P8_TEAMS,2024" + month + ",00004,,,2,,,,,\n";
    again += "P8_TEAMS,2025" + month + ",00004,,,2,,,,,\n";
  }
  ImportSummary s = Run(again, {.strategy = ImportStrategy::kUpdate, .chunk_rows = 5});
  EXPECT_EQ(s.count.updated, 12);
  EXPECT_EQ(s.count.ignored, 12);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202412", "OuTrucBach1"), "2");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202512", "OuTrucBach1"), "<none>");
}

TEST_F(DataValueImportOptionsTest, IdSchemesLookAtOneProperty) {
  // Codes only: a uid is unknown.
  ImportSummary code =
      Run("P8Teams0001,202401,00004,,,1,,,,,\nP8_TEAMS,202401,OuCongVi001,,,1,,,,,\n",
          {.id_schemes = {IdScheme::kCode, IdScheme::kCode, IdScheme::kCode}});
  ASSERT_EQ(code.conflicts.size(), 2u) << code.ToJson().dump(2);
  EXPECT_EQ(code.conflicts[0].error_code, "E_DV_ELEMENT");
  EXPECT_THAT(code.conflicts[0].message, HasSubstr("unknown data element 'P8Teams0001' (by code)"));
  EXPECT_EQ(code.conflicts[1].error_code, "E_DV_ORGUNIT");
  EXPECT_THAT(code.conflicts[1].message, HasSubstr("no org unit has code 'OuCongVi001'"));
  // Uids only: a code is unknown.
  ImportSummary uid = Run("P8_TEAMS,202401,OuTrucBach1,,,1,,,,,\n",
                          {.id_schemes = {IdScheme::kUid, IdScheme::kUid, IdScheme::kUid}});
  ASSERT_EQ(uid.conflicts.size(), 1u);
  EXPECT_EQ(uid.conflicts[0].error_code, "E_DV_ELEMENT");
}

TEST_F(DataValueImportOptionsTest, NamesAreReadInNfcAndDuringThePeriod) {
  IdSchemes names{IdScheme::kName, IdScheme::kName, IdScheme::kName};
  ImportSummary s =
      Run("Số tổ truyền thông cộng đồng,202401,Trúc Bạch,,,4,,,,,\n"
          "Số thành viên tổ tiết kiệm vay vốn thôn bản,202401,Cống Vị,Nữ,,5,,,,,\n"
          // Decomposed (NFD) spelling of Trúc Bạch: found after NFC.
          "Số tổ truyền thông cộng đồng,202402,Tru\xCC\x81"
          "c Ba\xCC\xA3"
          "ch,,,6,,,,,\n"
          // Ba Đình exists from 1/7/2025 only.
          "Số tổ truyền thông cộng đồng,202401,Ba Đình,,,7,,,,,\n"
          "Số tổ truyền thông cộng đồng,202507,Ba Đình,,,8,,,,,\n",
          {.id_schemes = names});
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_ORGUNIT");
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("no org unit is named 'Ba Đình' during 202401"));
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "4");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuCongVi001", "SEX_FEMALE"), "5");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202402", "OuTrucBach1"), "6");
  EXPECT_EQ(ValueOf("P8_TEAMS", "202507", "OuBaDinh001"), "8");
}

TEST(DataValueImportNames, ParsesFormatsSchemesAndStrategies) {
  EXPECT_EQ(*ParseDataFileFormat("ADX"), DataFileFormat::kAdx);
  EXPECT_EQ(ParseDataFileFormat("xlsx").status().code(), ErrorCode::kUsage);
  EXPECT_EQ(DataFileFormatOfPath("a/b.ADX.xml"), DataFileFormat::kAdx);
  EXPECT_EQ(DataFileFormatOfPath("b.xml"), DataFileFormat::kXml);
  EXPECT_EQ(DataFileFormatOfPath("b.json"), DataFileFormat::kJson);
  EXPECT_EQ(DataFileFormatOfPath("b.txt"), std::nullopt);
  EXPECT_EQ(*ParseIdScheme("CODE"), IdScheme::kCode);
  EXPECT_EQ(*ParseIdScheme("name"), IdScheme::kName);
  EXPECT_EQ(ParseIdScheme("attribute:X").status().code(), ErrorCode::kUsage);
  EXPECT_EQ(*ParseImportStrategy("NEW_AND_UPDATES"), ImportStrategy::kCreateAndUpdate);
  EXPECT_EQ(*ParseImportStrategy("delete"), ImportStrategy::kDelete);
  EXPECT_STREQ(ImportStrategyName(ImportStrategy::kUpdate), "UPDATE");
  EXPECT_THAT(ParseImportStrategy("MERGE").status().message(), HasSubstr("CREATE_AND_UPDATE"));
}

}  // namespace
}  // namespace gemis::exchange

namespace gemis::exchange {
namespace {

TEST(FromVietnameseNotation, ReadsWhatOfficesType) {
  auto plain = [](ValueType type, const std::string& text) {
    Result<std::string> r = FromVietnameseNotation(type, text);
    return r.ok() ? *r : "error: " + r.status().message();
  };
  EXPECT_EQ(plain(ValueType::kMoney, "22.991.000.000"), "22991000000");
  EXPECT_EQ(plain(ValueType::kMoney, " 19.542.000.000 "), "19542000000");
  EXPECT_EQ(plain(ValueType::kNumber, "7.588,63"), "7588.63");
  EXPECT_EQ(plain(ValueType::kNumber, "-0,5"), "-0.5");
  EXPECT_EQ(plain(ValueType::kInteger, "1.234"), "1234");  // never 1.234
  EXPECT_EQ(plain(ValueType::kInteger, "17"), "17");
  EXPECT_EQ(plain(ValueType::kDate, "15/03/2024"), "2024-03-15");
  EXPECT_EQ(plain(ValueType::kDate, "2024-03-15"), "2024-03-15");
  EXPECT_EQ(plain(ValueType::kText, " 1.234 "), "1.234");  // other types: trimmed only
  EXPECT_THAT(plain(ValueType::kNumber, "7,588.63"), HasSubstr("error"));
  EXPECT_THAT(plain(ValueType::kInteger, "1.5"), HasSubstr("error"));
  EXPECT_THAT(plain(ValueType::kDate, "31/02/2024"), HasSubstr("error"));
}

TEST_F(DataValueImportOptionsTest, VietnameseNotationIsReadWhenAsked) {
  ImportSummary s =
      Run("P8_BUDGET,2024,00004,IMPLEMENTING_LEVEL_COMMUNE,,22.991.000.000,,,,,\n"
          "P8_SESSIONS,2024,00004,,,\"7.588,63\",,,,,\n"
          "P8_TEAMS,15/03/2024,00004,,,1.234,,,,,\n"
          "P8_TEAMS,2024,00004,,,\"7,588.63\",,,,,\n",
          {.notation = ValueNotation::kVietnamese});
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_VALUE");
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("looks like English number format"));
  EXPECT_EQ(ValueOf("P8_BUDGET", "2024", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE"),
            "22991000000");
  EXPECT_EQ(ValueOf("P8_SESSIONS", "2024", "OuTrucBach1"), "7588.63");
  EXPECT_EQ(ValueOf("P8_TEAMS", "20240315", "OuTrucBach1"), "1234");
  // Without the option the same money is refused, not misread.
  ImportSummary plain =
      Run("P8_BUDGET,2024Q1,00004,IMPLEMENTING_LEVEL_COMMUNE,,22.991.000.000,,,,,\n", {});
  ASSERT_EQ(plain.conflicts.size(), 1u);
  EXPECT_EQ(plain.conflicts[0].error_code, "E_DV_VALUE");
}

}  // namespace
}  // namespace gemis::exchange
