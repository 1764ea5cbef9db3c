// Exporting data values as DHIS2 CSV and JSON, and export → import being the
// identity (STYLE 8).
#include "exchange/data_value_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "core/clock.h"
#include "core/hierarchy_editor.h"
#include "core/uid.h"
#include "data_value_test_database.h"
#include "exchange/data_value_import.h"
#include "exchange/metadata_import.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;

using test_database::BuildDatabase;
using test_database::kFixtures;
constexpr int64_t kStart = 1709251200000;  // 2024-03-01T00:00:00.000Z

Result<std::unique_ptr<store::Store>> NewDatabase(const std::string& path, const Clock* clock) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                         store::OpenSqliteStore(path, {.clock = clock}));
  GEMIS_RETURN_IF_ERROR(BuildDatabase(*store));
  return store;
}

Result<ImportSummary> Import(store::Store& store, const std::string& text, DataFileFormat format) {
  std::istringstream in(text);
  return ImportDataValues(store, in, "export", {format, false, false, "importer"});
}

std::string Export(store::Store& store, DataValueExportOptions options) {
  std::ostringstream out;
  Result<int64_t> count = ExportDataValues(store, out, options);
  EXPECT_TRUE(count.ok()) << count.status().ToString();
  return out.str();
}

// Every live value as "element|period|unit uid|coc|aoc|value|comment|followup|storedBy",
// sorted: comparable across databases whose internal ids differ.
std::vector<std::string> Values(store::Store& store) {
  std::vector<std::string> out;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    std::map<PeriodId, std::string> iso;
    for (const auto& [id, period] : periods) iso[id] = period.ToString();
    return txn.ScanDataValues({}, [&](const DataValue& v) {
      out.push_back(m.Element(v.key.data_element)->element.code + "|" + iso[v.key.period] + "|" +
                    h.Find(v.key.org_unit)->uid + "|" +
                    m.OptionCombo(v.key.category_option_combo)->option_combo.code + "|" +
                    m.OptionCombo(v.key.attribute_option_combo)->option_combo.code + "|" + v.value +
                    "|" + (v.comment ? "c:" + *v.comment : "-") + "|" + (v.followup ? "F" : "-") +
                    "|" + v.stored_by);
      return Status::Ok();
    });
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::sort(out.begin(), out.end());
  return out;
}

// Values without the stored-by and follow-up fields (ADX has neither).
std::vector<std::string> WithoutWhoAndFollowup(std::vector<std::string> values) {
  for (std::string& v : values) {
    size_t who = v.rfind('|');
    size_t followup = v.rfind('|', who - 1);
    v.erase(followup);
  }
  return values;
}

class DataValueExport : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> store = NewDatabase(dir_.File("a.db"), &clock_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void ImportCsv(const std::string& rows) {
    Result<ImportSummary> s =
        Import(*store_,
               "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,"
               "value,storedby,lastupdated,comment,followup,deleted\n" +
                   rows,
               DataFileFormat::kCsv);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_EQ(s->status, ImportStatus::kSuccess) << s->ToJson().dump(2);
  }

  test_support::TempDir dir_;
  FixedClock clock_{kStart};
  std::unique_ptr<store::Store> store_;
};

TEST_F(DataValueExport, CsvWithUidsHasDhis2sColumnsInKeyOrder) {
  ImportCsv(
      "P8_MEMBERS,202506,00004,SEX_FEMALE,,25,xa,,\"Tổ 3, thôn 1\",true,\n"
      "P8_TEAMS,202401,OuCongVi001,,,4,huyen,,,,\n"
      "P8_MEMBERS,202506,00004,SEX_MALE,,3,xa,,,,\n");
  std::string female = UidFromKey("coc:SEX_FEMALE"), male = UidFromKey("coc:SEX_MALE");
  std::string def(kDefaultCategoryOptionComboUid);
  EXPECT_EQ(Export(*store_, {}),
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted\n"
            "P8Teams0001,202401,OuCongVi001," +
                def + "," + def +
                ",4,huyen,2024-03-01T00:00:00.000Z,,false,false\n"
                "P8Members01,202506,OuTrucBach1," +
                male + "," + def +
                ",3,xa,2024-03-01T00:00:00.000Z,,false,false\n"
                "P8Members01,202506,OuTrucBach1," +
                female + "," + def +
                ",25,xa,2024-03-01T00:00:00.000Z,\"Tổ 3, thôn 1\",true,false\n");
}

TEST_F(DataValueExport, CsvWithCodes) {
  ImportCsv("P8_BUDGET,2025,01,IMPLEMENTING_LEVEL_PROVINCE,FUNDING_CENTRAL,150000000,tinh,,,,\n");
  EXPECT_EQ(Export(*store_, {.id_scheme = IdScheme::kCode}),
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted\n"
            "P8_BUDGET,2025,01,IMPLEMENTING_LEVEL_PROVINCE,FUNDING_CENTRAL,150000000,tinh,"
            "2024-03-01T00:00:00.000Z,,false,false\n");
}

TEST_F(DataValueExport, JsonIsADataValueSet) {
  ImportCsv(
      "P8_MEMBERS,202506,00004,SEX_FEMALE,,25,xa,,Ghi chú,true,\n"
      "P8_HAS_CLUB,2024,00007,,,false,,,,,\n");
  std::string text =
      Export(*store_, {.format = DataFileFormat::kJson, .id_scheme = IdScheme::kCode});
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << text;
  ASSERT_EQ(doc["dataValues"].size(), 2u);
  const nlohmann::json& v = doc["dataValues"][0];
  EXPECT_EQ(v["dataElement"], "P8_MEMBERS");
  EXPECT_EQ(v["period"], "202506");
  EXPECT_EQ(v["orgUnit"], "00004");
  EXPECT_EQ(v["categoryOptionCombo"], "SEX_FEMALE");
  EXPECT_EQ(v["attributeOptionCombo"], "default");
  EXPECT_EQ(v["value"], "25");
  EXPECT_EQ(v["storedBy"], "xa");
  EXPECT_EQ(v["created"], "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(v["lastUpdated"], "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(v["comment"], "Ghi chú");
  EXPECT_EQ(v["followup"], true);
  EXPECT_FALSE(v.contains("deleted"));
  const nlohmann::json& w = doc["dataValues"][1];
  EXPECT_EQ(w["value"], "false");
  EXPECT_EQ(w["storedBy"], "importer");
  EXPECT_FALSE(w.contains("comment"));
}

TEST_F(DataValueExport, EmptyDatabaseGivesAHeaderOrAnEmptyList) {
  EXPECT_EQ(Export(*store_, {}),
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted\n");
  nlohmann::json doc = nlohmann::json::parse(Export(*store_, {.format = DataFileFormat::kJson}));
  EXPECT_EQ(doc, nlohmann::json::parse(R"({"dataValues": []})"));
}

TEST_F(DataValueExport, DeletedValuesOnlyWhenAskedFor) {
  ImportCsv("P8_TEAMS,202401,00004,,,4,,,,,\nP8_TEAMS,202402,00004,,,5,,,,,\n");
  ImportCsv("P8_TEAMS,202401,00004,,,,,,,,true\n");
  std::string live = Export(*store_, {.id_scheme = IdScheme::kCode});
  EXPECT_EQ(std::count(live.begin(), live.end(), '\n'), 2);
  EXPECT_NE(live.find("P8_TEAMS,202402,00004,default,default,5,"), std::string::npos) << live;
  std::string all =
      Export(*store_, {.id_scheme = IdScheme::kCode, .filter = {.include_deleted = true}});
  EXPECT_NE(all.find("P8_TEAMS,202401,00004,default,default,4,"), std::string::npos) << all;
  EXPECT_NE(all.find(",true\n"), std::string::npos) << all;
  nlohmann::json doc = nlohmann::json::parse(
      Export(*store_, {.format = DataFileFormat::kJson, .filter = {.include_deleted = true}}));
  ASSERT_EQ(doc["dataValues"].size(), 2u);
  EXPECT_EQ(doc["dataValues"][0]["deleted"], true);
}

TEST_F(DataValueExport, FilterKeepsTheChosenElements) {
  ImportCsv("P8_TEAMS,202401,00004,,,4,,,,,\nP8_HAS_CLUB,202401,00004,,,true,,,,,\n");
  MetadataId teams = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
                    teams = m.FindElement("P8_TEAMS")->id;
                    return Status::Ok();
                  })
                  .ok());
  std::string text =
      Export(*store_, {.id_scheme = IdScheme::kCode, .filter = {.data_elements = {teams}}});
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ(text.find("P8_HAS_CLUB"), std::string::npos);
}

// A code names a unit only during a period: Trúc Bạch and Ba Đình both carry
// "00004", before and after 1/7/2025. Where the code names more than one unit
// during the value's period (or another unit), the uid is written instead.
TEST_F(DataValueExport, CodesAreTheOnesValidDuringTheValuesPeriod) {
  ImportCsv(
      "P8_TEAMS,202506,00004,,,1,,,,,\n"      // Trúc Bạch
      "P8_TEAMS,202507,00004,,,2,,,,,\n"      // Ba Đình
      "P8_TEAMS,2025,00007,,,3,,,,,\n"        // Cống Vị, ended 30/6/2025
      "P8_TEAMS,2025,OuTrucBach1,,,4,,,,,\n"  // "00004" is ambiguous in 2025
      "P8_TEAMS,2025,OuBaDinh001,,,5,,,,,\n"
      "P8_TEAMS,2024,OuBaDinh001,,,6,,,,,\n"  // before Ba Đình existed
      "P8_TEAMS,2025,01,,,7,,,,,\n");
  std::string text = Export(*store_, {.id_scheme = IdScheme::kCode});
  std::vector<std::string> units;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
    units.push_back(fields[1] + "/" + fields[5] + ":" + fields[2]);
  }
  std::sort(units.begin(), units.end());
  EXPECT_THAT(units,
              ElementsAre("2024/6:OuBaDinh001", "2025/3:00007", "2025/4:OuTrucBach1",
                          "2025/5:OuBaDinh001", "2025/7:01", "202506/1:00004", "202507/2:00004"));
}

// --- export → import is the identity ----------------------------------------

// Random text of NFC letters, Vietnamese letters, spaces, delimiters, quotes
// and line breaks: everything a CSV writer must quote.
std::string RandomText(std::mt19937_64& rng) {
  static const std::vector<std::string> kPieces = {"a",    "Z",   "7",  " ", ",", ";",
                                                   "\"",   "\n",  "'",  "Đ", "ữ", "ệ",
                                                   "thôn", "Bản", "\t", "{", "}", "\\"};
  std::string out;
  size_t n = 1 + rng() % 12;
  for (size_t i = 0; i < n; ++i) out += kPieces[rng() % kPieces.size()];
  return out;
}

// A canonical random value for `element` that an import would store (no
// insignificant zero).
std::string RandomValue(const DataElement& element, std::mt19937_64& rng) {
  int64_t r = static_cast<int64_t>(rng() % 2000001) - 1000000;
  std::string raw;
  switch (element.value_type) {
    case ValueType::kInteger: raw = std::to_string(r == 0 ? 1 : r); break;
    case ValueType::kIntegerZeroOrPositive: raw = std::to_string(1 + std::abs(r)); break;
    case ValueType::kPercentage: raw = std::to_string(std::abs(r) % 101); break;
    case ValueType::kMoney:
      raw = std::to_string(std::abs(r) * 1000 + static_cast<int64_t>(rng() % 1000));
      break;
    case ValueType::kBoolean: raw = rng() % 2 ? "true" : "false"; break;
    case ValueType::kNumber: raw = std::to_string(r) + "." + std::to_string(rng() % 1000); break;
    default: raw = (rng() % 2 ? " v" : "v") + RandomText(rng); break;  // never blank
  }
  Result<std::string> canonical = CanonicalDataValue(element, raw);
  EXPECT_TRUE(canonical.ok()) << raw << ": " << canonical.status().ToString();
  return canonical.ok() ? *canonical : "1";
}

// Writes `count` random values (some then deleted) straight into the store.
Status FillRandomly(store::Store& store, std::mt19937_64& rng, int count) {
  const std::vector<std::string> periods = {"2024",   "202401", "2024Q3", "2024W10",  "2025",
                                            "202506", "202507", "2025S2", "20250630", "2021-2025"};
  const std::vector<std::string> units = {"OuVietNam01", "OuHaNoi0001", "OuTrucBach1",
                                          "OuCongVi001", "OuBaDinh001"};
  return store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    const StoredCombo* funding = m.FindCombo("FUNDING");
    for (int i = 0; i < count; ++i) {
      const StoredElement& e = m.elements()[rng() % m.elements().size()];
      const std::vector<MetadataId>& cocs = m.Combo(e.combo_id)->option_combo_ids;
      DataValueWrite w;
      GEMIS_ASSIGN_OR_RETURN(w.key.period,
                             txn.EnsurePeriod(*Period::Parse(periods[rng() % periods.size()])));
      w.key.data_element = e.id;
      w.key.org_unit = h.FindByUid(units[rng() % units.size()])->id;
      w.key.category_option_combo = cocs[rng() % cocs.size()];
      w.key.attribute_option_combo =
          rng() % 3 == 0 ? funding->option_combo_ids[rng() % 2] : m.default_option_combo();
      w.value = RandomValue(e.element, rng);
      if (rng() % 2) w.comment = RandomText(rng);
      w.followup = rng() % 4 == 0;
      w.stored_by = rng() % 2 ? "can_bo_xa" : "Cán bộ tỉnh";
      GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(w).status());
      if (rng() % 10 == 0) {
        w.remove = true;
        GEMIS_RETURN_IF_ERROR(txn.WriteDataValue(w).status());
      }
    }
    return Status::Ok();
  });
}

// The period types FillRandomly uses.
const std::vector<PeriodType> kRandomPeriodTypes = {
    PeriodType::kYearly,     PeriodType::kMonthly, PeriodType::kQuarterly, PeriodType::kWeekly,
    PeriodType::kSixMonthly, PeriodType::kDaily,   PeriodType::kMultiYear};

// One data set per period type of FillRandomly ("RT_Monthly", …), each with
// every data element and every unit (alone: a value may be stored for a unit
// outside its validity, which no subtree holds), so that ADX, which needs a
// data set, can carry every random value.
Status AddRoundTripDataSets(store::Store& store) {
  return store.Write([](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    for (PeriodType type : kRandomPeriodTypes) {
      DataSet ds;
      ds.code = "RT_" + std::string(PeriodTypeName(type));
      ds.uid = UidFromKey("data_set/" + ds.code);
      ds.name = ds.code;
      ds.period_type = type;
      for (const StoredElement& e : m.elements()) ds.data_elements.push_back(e.element.code);
      for (const OrgUnit& unit : h.units()) ds.org_units.push_back({unit.id, false});
      GEMIS_RETURN_IF_ERROR(txn.SaveDataSet(ds).status());
    }
    return Status::Ok();
  });
}

// The ids of the stored periods of `type` ({-1}, matching nothing, when none).
std::vector<PeriodId> PeriodsOfType(store::Store& store, PeriodType type) {
  std::vector<PeriodId> out;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
                    for (const auto& [id, period] : periods) {
                      if (period.type() == type) out.push_back(id);
                    }
                    return Status::Ok();
                  })
                  .ok());
  if (out.empty()) out.push_back(-1);
  return out;
}

uint64_t TestSeed() {
  const char* fixed = std::getenv("GEMIS_TEST_SEED");
  return fixed ? std::strtoull(fixed, nullptr, 10) : std::random_device{}();
}

TEST_F(DataValueExport, ExportThenImportIntoAnotherDatabaseGivesTheSameValues) {
  uint64_t seed = TestSeed();
  std::cout << "DataValueExport round trip seed " << seed << " (GEMIS_TEST_SEED=" << seed
            << " repeats it)\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  ASSERT_TRUE(FillRandomly(*store_, rng, 400).ok());
  ASSERT_TRUE(AddRoundTripDataSets(*store_).ok());
  std::vector<std::string> expected = Values(*store_);
  ASSERT_GT(expected.size(), 200u);
  int n = 0;
  for (DataFileFormat format :
       {DataFileFormat::kCsv, DataFileFormat::kJson, DataFileFormat::kXml, DataFileFormat::kAdx}) {
    for (IdScheme scheme : {IdScheme::kUid, IdScheme::kCode}) {
      SCOPED_TRACE(std::string(DataFileFormatName(format)) + " with " + IdSchemeName(scheme));
      // ADX carries neither who stored a value nor its follow-up flag, and
      // needs a data set: one file per period type, each with its data set.
      const bool adx = format == DataFileFormat::kAdx;
      std::vector<std::string> texts;
      if (adx) {
        for (PeriodType type : kRandomPeriodTypes) {
          DataValueExportOptions options{.format = format,
                                         .id_scheme = scheme,
                                         .data_set = "RT_" + std::string(PeriodTypeName(type))};
          options.filter.periods = PeriodsOfType(*store_, type);
          texts.push_back(Export(*store_, options));
        }
      } else {
        texts.push_back(Export(*store_, {.format = format, .id_scheme = scheme}));
      }
      const std::string text = texts.front();
      Result<std::unique_ptr<store::Store>> other =
          NewDatabase(dir_.File("b" + std::to_string(n++) + ".db"), nullptr);
      ASSERT_TRUE(other.ok()) << other.status().ToString();
      ASSERT_TRUE(AddRoundTripDataSets(**other).ok());
      int64_t imported = 0;
      for (const std::string& file : texts) {
        Result<ImportSummary> summary = Import(**other, file, format);
        ASSERT_TRUE(summary.ok()) << summary.status().ToString();
        ASSERT_EQ(summary->status, ImportStatus::kSuccess)
            << summary->ToJson().dump(2).substr(0, 2000);
        imported += summary->count.imported;
      }
      EXPECT_EQ(imported, static_cast<int64_t>(expected.size()));
      EXPECT_EQ(adx ? WithoutWhoAndFollowup(Values(**other)) : Values(**other),
                adx ? WithoutWhoAndFollowup(expected) : expected);
      if (adx) continue;  // importing ADX again would clear follow-up flags
      // The file imported again into its source changes nothing.
      Result<ImportSummary> again = Import(*store_, text, format);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->count.ignored, static_cast<int64_t>(expected.size()));
      EXPECT_EQ(Values(*store_), expected);
    }
  }
}

TEST_F(DataValueExport, WritesDxf2XmlAndAdx) {
  ASSERT_TRUE(Import(*store_,
                     "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,"
                     "storedby,lastupdated,comment,followup,deleted\n"
                     "P8_MEMBERS,202401,00004,SEX_FEMALE,FUNDING_LOCAL,12,cb,,\"A & <B>\",true,\n"
                     "P8_TEAMS,2024Q2,00007,,,2,cb,,,,\n",
                     DataFileFormat::kCsv)
                  .ok());
  std::string xml = Export(*store_, {.format = DataFileFormat::kXml, .id_scheme = IdScheme::kCode});
  EXPECT_THAT(xml,
              ::testing::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                    "<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\">\n"));
  EXPECT_THAT(xml,
              ::testing::HasSubstr(
                  "  <dataValue dataElement=\"P8_MEMBERS\" period=\"202401\" orgUnit=\"00004\" "
                  "categoryOptionCombo=\"SEX_FEMALE\" attributeOptionCombo=\"FUNDING_LOCAL\" "
                  "value=\"12\" storedBy=\"cb\""));
  EXPECT_THAT(xml, ::testing::HasSubstr("comment=\"A &amp; &lt;B&gt;\" followup=\"true\"/>"));
  std::string adx = Export(
      *store_,
      {.format = DataFileFormat::kAdx, .id_scheme = IdScheme::kCode, .data_set = "P8_REPORT"});
  EXPECT_EQ(adx,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<adx xmlns=\"urn:ihe:qrph:adx:2015\">\n"
            "  <group orgUnit=\"00007\" period=\"2024-04-01/P3M\" dataSet=\"P8_REPORT\">\n"
            "    <dataValue dataElement=\"P8_TEAMS\" value=\"2\"/>\n"
            "  </group>\n"
            "  <group orgUnit=\"00004\" period=\"2024-01-01/P1M\" dataSet=\"P8_REPORT\" "
            "FUNDING=\"LOCAL\">\n"
            "    <dataValue dataElement=\"P8_MEMBERS\" SEX=\"FEMALE\" value=\"12\">"
            "<annotation>A &amp; &lt;B&gt;</annotation></dataValue>\n"
            "  </group>\n"
            "</adx>\n");
  std::ostringstream out;
  EXPECT_EQ(ExportDataValues(*store_, out, {.format = DataFileFormat::kAdx}).status().code(),
            ErrorCode::kUsage);  // no data set
  DataValueExportOptions deleted{.format = DataFileFormat::kAdx, .data_set = "P8_REPORT"};
  deleted.filter.include_deleted = true;
  EXPECT_EQ(ExportDataValues(*store_, out, deleted).status().code(), ErrorCode::kUsage);
}

// --data-set: only the set's elements, and its uid (or code) as the header's
// dataSet in JSON and XML; CSV has no header.
TEST_F(DataValueExport, ADataSetRestrictsTheElementsAndNamesTheFile) {
  ImportCsv(
      "P8_TEAMS,2024Q2,00007,,,2,cb,,,,\n"
      "P8_SESSIONS,2024Q2,00007,,,1.5,cb,,,,\n"
      "P8_MEMBERS,202401,00004,SEX_FEMALE,,12,cb,,,,\n");
  std::string json = Export(*store_, {.format = DataFileFormat::kJson, .data_set = "P8_QUARTERLY"});
  EXPECT_THAT(json, ::testing::StartsWith("{\"dataSet\": \"P8Quarter01\", \"dataValues\": [\n"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"P8Teams0001\""));
  EXPECT_THAT(json, ::testing::HasSubstr("\"P8Sessions1\""));
  EXPECT_THAT(json, ::testing::Not(::testing::HasSubstr("P8Members01")));
  EXPECT_TRUE(nlohmann::json::parse(json)["dataValues"].size() == 2);
  std::string xml = Export(
      *store_,
      {.format = DataFileFormat::kXml, .id_scheme = IdScheme::kCode, .data_set = "P8Quarter01"});
  EXPECT_THAT(xml, ::testing::HasSubstr("<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\" "
                                        "dataSet=\"P8_QUARTERLY\">\n"));
  EXPECT_THAT(xml, ::testing::Not(::testing::HasSubstr("P8_MEMBERS")));
  // With --data-element too: the elements of both.
  DataValueExportOptions both{
      .format = DataFileFormat::kCsv, .id_scheme = IdScheme::kCode, .data_set = "P8_QUARTERLY"};
  Metadata m;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(m, txn.LoadMetadata());
                    return Status::Ok();
                  })
                  .ok());
  both.filter.data_elements = {m.FindElement("P8_SESSIONS")->id, m.FindElement("P8_MEMBERS")->id};
  std::string csv = Export(*store_, both);
  EXPECT_THAT(csv, ::testing::StartsWith("dataelement,period,"));
  EXPECT_THAT(csv, ::testing::HasSubstr("\nP8_SESSIONS,2024Q2,00007,"));
  EXPECT_THAT(csv, ::testing::Not(::testing::HasSubstr("P8_TEAMS")));
  EXPECT_THAT(csv, ::testing::Not(::testing::HasSubstr("P8_MEMBERS")));
  // None of its elements asked for: nothing.
  both.filter.data_elements = {m.FindElement("P8_MEMBERS")->id};
  EXPECT_EQ(Export(*store_, both),
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted\n");
  // Without a data set, JSON and XML have no dataSet.
  EXPECT_THAT(Export(*store_, {.format = DataFileFormat::kJson}),
              ::testing::StartsWith("{\"dataValues\": ["));
  // An unknown data set is an error naming the option.
  std::ostringstream out;
  Result<int64_t> unknown =
      ExportDataValues(*store_, out, {.format = DataFileFormat::kJson, .data_set = "P8"});
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.status().where().field, "--data-set");
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("unknown data set 'P8'"));
}

TEST_F(DataValueExport, XmlRefusesAControlCharacterItCannotCarry) {
  ASSERT_TRUE(Import(*store_,
                     "dataelement,period,orgunit,value\nP8_DIALOGUE_NOTE,202401,00004,\"a\x01"
                     "b\"\n",
                     DataFileFormat::kCsv)
                  .ok());
  std::ostringstream out;
  Result<int64_t> xml = ExportDataValues(*store_, out, {.format = DataFileFormat::kXml});
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), ::testing::HasSubstr("control character 1"));
  EXPECT_TRUE(ExportDataValues(*store_, out, {.format = DataFileFormat::kJson}).ok());
}

TEST_F(DataValueExport, NamesSchemeWritesNames) {
  ASSERT_TRUE(Import(*store_, "dataelement,period,orgunit,value\nP8_TEAMS,202401,00004,3\n",
                     DataFileFormat::kCsv)
                  .ok());
  std::string csv = Export(*store_, {.id_scheme = IdScheme::kName});
  EXPECT_THAT(
      csv, ::testing::HasSubstr("Số tổ truyền thông cộng đồng,202401,Trúc Bạch,default,default,3"));
}

}  // namespace
}  // namespace gemis::exchange
