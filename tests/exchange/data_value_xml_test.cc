// DHIS2 DXF2 XML and ADX data value files (docs/formats/datavalues-xml.md,
// docs/formats/adx.md): conformance with DHIS2's own fixtures (rewritten
// for the test database), streaming, and every structural error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "data_value_test_database.h"
#include "exchange/data_value_import.h"
#include "exchange/data_value_rows.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using test_database::BuildDatabase;
using test_database::kFixtures;
using test_database::StoredValue;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Collects what the reader finds, without a database.
struct Collected final : DataValueRowSink {
  std::vector<DataValueRow> rows;
  std::vector<std::string> problems;  // "file:<property>:<line>:<message>" or "row <i>: …"
  Status Row(DataValueRow row) override {
    rows.push_back(std::move(row));
    return Status::Ok();
  }
  void FileProblem(const Status& status, std::string property) override {
    problems.push_back("file:" + property + ":" + std::to_string(status.where().line) + ":" +
                       status.message());
  }
  void RecordProblem(const Status& status, int64_t index) override {
    problems.push_back("row " + std::to_string(index) + ":" + status.where().field + ":" +
                       std::to_string(status.where().line) + ":" + status.message());
  }
};

Collected Read(const std::string& text, DataFileFormat format) {
  std::istringstream in(text);
  Collected sink;
  Status status = ReadDataValueRows(in, "t.xml", format, sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

class DataValueXml : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status built = BuildDatabase(*store_);
    ASSERT_TRUE(built.ok()) << built.ToString();
  }
  ImportSummary Import(const std::string& text, DataFileFormat format, bool best_effort = false,
                       const std::string& source = "test") {
    std::istringstream in(text);
    DataValueImportOptions options{format, false, best_effort, "tester"};
    Result<ImportSummary> summary = ImportDataValues(*store_, in, source, options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }
  ImportSummary ImportFixture(const std::string& name, bool best_effort = false) {
    DataFileFormat format =
        name.ends_with(".adx.xml") ? DataFileFormat::kAdx : DataFileFormat::kXml;
    return Import(Slurp(kFixtures + "datavalues/" + name), format, best_effort, name);
  }
  std::string ValueOf(const std::string& element, const std::string& period,
                      const std::string& unit_uid, const std::string& coc = "",
                      const std::string& aoc = "") {
    return StoredValue(*store_, element, period, unit_uid, coc, aoc);
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

// --- DXF2 XML

TEST_F(DataValueXml, ImportsDhis2sDataValueSetA) {
  ImportSummary s = ImportFixture("dhis2_set_a.xml");
  ASSERT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 3);
  EXPECT_EQ(ValueOf("P8_TEAMS", "201201", "OuTrucBach1"), "10001");
  EXPECT_EQ(ValueOf("P8_TEAMS", "201201", "OuCongVi001"), "10002");
  EXPECT_EQ(ValueOf("P8_TEAMS", "201202", "OuTrucBach1"), "10003");
  // DHIS2's deleted variant of the same file deletes all three.
  ImportSummary d = ImportFixture("dhis2_set_a_deleted.xml");
  ASSERT_EQ(d.status, ImportStatus::kSuccess) << d.ToJson().dump(2);
  EXPECT_EQ(d.count.deleted, 3);
  EXPECT_EQ(ValueOf("P8_TEAMS", "201202", "OuTrucBach1"), "<deleted 10003>");
}

TEST_F(DataValueXml, HeaderAttributesApplyToValuesThatLeaveThemOut) {
  ImportSummary s = ImportFixture("dhis2_header.xml");
  ASSERT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 3);
  EXPECT_EQ(
      ValueOf("P8_BUDGET", "202403", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE", "FUNDING_LOCAL"),
      "25000000");
  EXPECT_EQ(
      ValueOf("P8_BUDGET", "202404", "OuTrucBach1", "IMPLEMENTING_LEVEL_COMMUNE", "FUNDING_LOCAL"),
      "5000000");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202403", "OuTrucBach1", "SEX_FEMALE"), "18");
  // Entities and character references are read: "&amp;" and "&#10;".
  Collected rows = Read(Slurp(kFixtures + "datavalues/dhis2_header.xml"), DataFileFormat::kXml);
  ASSERT_EQ(rows.rows.size(), 3u);
  EXPECT_EQ(rows.rows[1].comment, "Hội nghị & tập huấn\nđợt 2");
  EXPECT_EQ(rows.rows[1].line, 8);
  EXPECT_EQ(rows.rows[1].data_set, "P8Report001");
  EXPECT_EQ(rows.rows[1].complete_date, "2024-04-05");
}

TEST_F(DataValueXml, ConflictsNameTheLineOfTheirDataValue) {
  ImportSummary s = Import(
      "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n"
      "  <dataValue dataElement=\"P8_TEAMS\" period=\"202401\" orgUnit=\"00004\" value=\"1\"/>\n"
      "  <dataValue dataElement=\"P8_TEAMS\" period=\"2024W54\" orgUnit=\"00004\" value=\"1\"/>\n"
      "</dataValueSet>\n",
      DataFileFormat::kXml, /*best_effort=*/true, "v.xml");
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_PERIOD");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].indexes, ElementsAre(1));
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("v.xml:3: "));
}

TEST_F(DataValueXml, MalformedXmlIsOneFileProblemAtItsPlace) {
  ImportSummary s = Import(
      "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n"
      "  <dataValue dataElement=\"P8_TEAMS\" period=\"202401\" orgUnit=\"00004\" value=\"1\"/>\n"
      "  <dataValue dataElement=\"P8_TEAMS\" period=\"202402\" orgUnit=\"00004\" value=\"1\">\n"
      "</dataValueSet>\n",
      DataFileFormat::kXml, /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DV_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 4);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("malformed XML: mismatched tag"));
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "<none>");  // nothing written
}

TEST(DataValueXmlReader, RefusesOtherRootsNamespacesAndDtds) {
  struct Case {
    std::string text;
    std::string problem;
  };
  for (const Case& c : {
           Case{"<dataValues/>", "the root element must be <dataValueSet"},
           Case{"<dataValueSet xmlns=\"urn:other\"/>", "not <dataValueSet xmlns=\"urn:other\">"},
           Case{"<!DOCTYPE x [<!ENTITY a \"b\">]><dataValueSet/>", "DOCTYPE is not accepted"},
           Case{"", "malformed XML: no element found"},
           Case{"<dataValueSet>", "malformed XML: no element found"},
       }) {
    SCOPED_TRACE(c.text);
    Collected got = Read(c.text, DataFileFormat::kXml);
    EXPECT_TRUE(got.rows.empty());
    ASSERT_EQ(got.problems.size(), 1u);
    EXPECT_THAT(got.problems[0], HasSubstr(c.problem));
  }
}

TEST(DataValueXmlReader, AcceptsNoNamespaceAndSkipsUnknownElements) {
  Collected got = Read(
      "<dataValueSet><meta><dataValue dataElement=\"X\"/></meta>"
      "<dataValue dataElement=\"A\" period=\"2024\" orgUnit=\"01\" value=\"1\" unknown=\"u\"/>"
      "</dataValueSet>",
      DataFileFormat::kXml);
  EXPECT_TRUE(got.problems.empty());
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(got.rows[0].data_element, "A");
  EXPECT_EQ(got.rows[0].index, 0);
}

TEST(DataValueXmlReader, DeepNestingIsRefused) {
  std::string text = "<dataValueSet>";
  for (int i = 0; i < 40; ++i) text += "<a>";
  for (int i = 0; i < 40; ++i) text += "</a>";
  text += "</dataValueSet>";
  Collected got = Read(text, DataFileFormat::kXml);
  ASSERT_EQ(got.problems.size(), 1u);
  EXPECT_THAT(got.problems[0], HasSubstr("nested deeper than 32"));
}

TEST(DataValueXmlReader, StreamsManyValuesAcrossBlocks) {
  std::string text = "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n";
  const int n = 20000;  // about 1.5 MB: several 256 KiB blocks
  for (int i = 0; i < n; ++i) {
    text += "<dataValue dataElement=\"P8_TEAMS\" period=\"2024\" orgUnit=\"u" + std::to_string(i) +
            "\" value=\"" + std::to_string(i) + "\" comment=\"Ghi chú số " + std::to_string(i) +
            "\"/>\n";
  }
  text += "</dataValueSet>\n";
  Collected got = Read(text, DataFileFormat::kXml);
  ASSERT_TRUE(got.problems.empty());
  ASSERT_EQ(got.rows.size(), static_cast<size_t>(n));
  for (int i : {0, 4321, n - 1}) {
    EXPECT_EQ(got.rows[i].org_unit, "u" + std::to_string(i));
    EXPECT_EQ(got.rows[i].comment, "Ghi chú số " + std::to_string(i));
    EXPECT_EQ(got.rows[i].line, i + 2);
    EXPECT_EQ(got.rows[i].index, i);
  }
}

// --- ADX

TEST_F(DataValueXml, ImportsAdxWithCategoryAttributesAndAnnotations) {
  ImportSummary s = ImportFixture("adx_a.adx.xml");
  ASSERT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 5);
  EXPECT_EQ(s.count.updated, 1);  // SEX="FEMALE" then categoryOptionCombo="SEX_FEMALE"
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_FEMALE"), "14");
  EXPECT_EQ(ValueOf("P8_MEMBERS", "202401", "OuTrucBach1", "SEX_MALE"), "3");
  EXPECT_EQ(ValueOf("P8_DIALOGUE_NOTE", "202401", "OuTrucBach1"), "Đối thoại chính sách");
  EXPECT_EQ(ValueOf("P8_TEAMS", "2024Q2", "OuCongVi001", "", "FUNDING_CENTRAL"), "2");
  EXPECT_EQ(ValueOf("P8_TEAMS", "2024", "OuCongVi001", "", "FUNDING_LOCAL"), "5");
  Collected rows = Read(Slurp(kFixtures + "datavalues/adx_a.adx.xml"), DataFileFormat::kAdx);
  ASSERT_EQ(rows.rows.size(), 6u);
  EXPECT_EQ(rows.rows[3].comment, "Xã Trúc Bạch, thôn 3");
  EXPECT_EQ(rows.rows[3].data_set, "P8_REPORT");
  EXPECT_EQ(rows.rows[4].period, "2024-04-01/P3M");
}

TEST_F(DataValueXml, AdxConflictsNameTheirCause) {
  ImportSummary s = ImportFixture("adx_bad.adx.xml", /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  ASSERT_EQ(s.conflicts.size(), 6u) << s.ToJson().dump(2);
  auto expect = [&](size_t i, const char* code, int line, const char* message) {
    SCOPED_TRACE(i);
    EXPECT_EQ(s.conflicts[i].error_code, code);
    EXPECT_EQ(s.conflicts[i].line, line);
    EXPECT_THAT(s.conflicts[i].message, HasSubstr(message));
  };
  expect(0, "E_DV_PERIOD", 4, "no period of length P3M starts on 2024-02-15");
  expect(1, "E_DV_FORMAT", 7, "the <group> has no dataSet attribute");
  expect(2, "E_DV_COC", 10, "SEX=\"OTHER\" names no option combo of combo SEX");
  expect(3, "E_DV_COC", 11, "has no attribute for category SEX");
  expect(4, "E_DV_FORMAT", 13, "the <dataValue> has no dataElement attribute");
  expect(5, "E_DV_AOC", 16, "no attribute combo has exactly the categories DONOR");
  EXPECT_EQ(s.count.imported, 1);
  EXPECT_EQ(ValueOf("P8_TEAMS", "202401", "OuTrucBach1"), "2");
}

TEST(DataValueAdxReader, ValidatesTheStructure) {
  struct Case {
    std::string text;
    std::string problem;
  };
  const std::string ns = " xmlns=\"urn:ihe:qrph:adx:2015\"";
  for (const Case& c : {
           Case{"<adx/>", "the root element must be <adx xmlns=\"urn:ihe:qrph:adx:2015\">"},
           Case{"<dataValueSet" + ns + "/>", "the root element must be <adx"},
           Case{"<adx" + ns + "><dataValue/></adx>", "<adx> may hold only <group>"},
           Case{"<adx" + ns + "><group><group/></group></adx>", "may hold only <dataValue>"},
           Case{"<adx" + ns + "><group><dataValue><note/></dataValue></group></adx>",
                "unexpected <note>"},
           Case{"<adx" + ns +
                    "><group><dataValue><annotation/><annotation/></dataValue></group></adx>",
                "one <annotation>"},
       }) {
    SCOPED_TRACE(c.text);
    Collected got = Read(c.text, DataFileFormat::kAdx);
    EXPECT_TRUE(got.rows.empty());
    ASSERT_FALSE(got.problems.empty());
    EXPECT_THAT(got.problems[0], HasSubstr(c.problem));
  }
}

}  // namespace
}  // namespace gemis::exchange
