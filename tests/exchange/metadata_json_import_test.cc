#include "exchange/metadata_json_import.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/uid.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

class MetadataJsonImport : public ::testing::Test {
 protected:
  void SetUp() override { store_ = std::move(store::OpenSqliteStore(dir_.File("m.db"))).value(); }

  ImportSummary Import(const std::string& text, bool dry_run = false, bool best_effort = false) {
    std::istringstream in(text);
    Result<ImportSummary> summary =
        ImportMetadataJson(*store_, in, "md.json", dry_run, best_effort);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }

  Metadata Load() {
    Metadata out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTransaction& txn) -> Status {
                      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadMetadata());
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

constexpr const char* kFunding = R"({
  "categories": [{"code": "FUNDING_SOURCE", "name": "Nguồn vốn", "nameEn": "Funding source",
    "options": [{"code": "CENTRAL", "name": "Ngân sách trung ương"},
                {"code": "LOCAL", "name": "Ngân sách địa phương"}]}],
  "categoryCombos": [{"code": "FUNDING", "name": "Nguồn vốn", "dataDimensionType": "ATTRIBUTE",
                      "categories": ["FUNDING_SOURCE"]}],
  "dataElements": [{"code": "SPENT", "name": "Kinh phí đã chi", "valueType": "MONEY",
                    "aggregationType": "SUM", "categoryCombo": "default"}]})";

constexpr const char* kDefaultCombo = R"({
  "categories": [{"code": "default", "id": "GLevLNI9wkl", "name": "default",
                  "options": [{"code": "default", "id": "xYerKDKCefk", "name": "default"}]}],
  "categoryCombos": [{"code": "default", "id": "bjDvmb4bfuf", "name": "default", "categories": ["default"]}]})";

TEST_F(MetadataJsonImport, CreatesAnAttributeComboWithItsOptionCombos) {
  ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  ImportSummary summary = Import(kFunding);
  EXPECT_EQ(summary.status, ImportStatus::kSuccess);
  EXPECT_EQ(summary.count.imported, 3);
  Metadata m = Load();
  const StoredCombo* funding = m.FindCombo("FUNDING");
  ASSERT_NE(funding, nullptr);
  EXPECT_TRUE(funding->combo.is_attribute);
  EXPECT_EQ(funding->option_combo_ids.size(), 2u);
  EXPECT_NE(m.FindOptionCombo("FUNDING_CENTRAL"), nullptr);
  ASSERT_NE(m.FindElement("SPENT"), nullptr);
  EXPECT_EQ(m.FindElement("SPENT")->element.value_type, ValueType::kMoney);
}

TEST_F(MetadataJsonImport, ImportsAggregationLevels) {
  ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  ASSERT_EQ(Import(R"({"dataElements": [{"code": "POPULATION", "name": "Dân số",
                                         "aggregationLevels": [2, 3]}]})")
                .status,
            ImportStatus::kSuccess);
  EXPECT_EQ(Load().FindElement("POPULATION")->element.aggregation_levels, (std::vector<int>{2, 3}));
  for (const char* bad :
       {R"({"dataElements": [{"code": "P", "name": "P", "aggregationLevels": 3}]})",
        R"({"dataElements": [{"code": "P", "name": "P", "aggregationLevels": ["x"]}]})",
        R"({"dataElements": [{"code": "P", "name": "P", "aggregationLevels": [3, 9]}]})"}) {
    ImportSummary s = Import(bad);
    EXPECT_EQ(s.status, ImportStatus::kError) << bad;
    ASSERT_EQ(s.conflicts.size(), 1u) << bad;
    EXPECT_EQ(s.conflicts[0].property, "dataElements[0].aggregationLevels") << bad;
  }
}

TEST_F(MetadataJsonImport, AnUnknownCategoryRejectsTheWholeDocument) {
  ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  std::string text = kFunding;
  text.replace(text.find("[\"FUNDING_SOURCE\"]"), 18, "[\"NOPE\"]");
  ImportSummary summary = Import(text);
  EXPECT_EQ(summary.status, ImportStatus::kError);
  ASSERT_EQ(summary.conflicts.size(), 1u);
  EXPECT_EQ(summary.conflicts[0].property, "categoryCombos[0].categories");
  EXPECT_NE(summary.conflicts[0].message.find("unknown category 'NOPE'"), std::string::npos);
  EXPECT_EQ(summary.count.imported, 0);
  EXPECT_EQ(Load().FindElement("SPENT"), nullptr);  // atomic: nothing written
}

TEST_F(MetadataJsonImport, BestEffortKeepsTheGoodObjects) {
  ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  std::string text = kFunding;
  text.replace(text.find("\"MONEY\""), 7, "\"MONIES\"");
  ImportSummary summary = Import(text, false, true);
  EXPECT_EQ(summary.status, ImportStatus::kWarning);
  ASSERT_EQ(summary.conflicts.size(), 1u);
  EXPECT_EQ(summary.conflicts[0].property, "dataElements[0].valueType");
  EXPECT_NE(Load().FindCombo("FUNDING"), nullptr);
  EXPECT_EQ(Load().FindElement("SPENT"), nullptr);
}

TEST_F(MetadataJsonImport, DryRunWritesNothing) {
  ImportSummary summary = Import(kDefaultCombo, true);
  EXPECT_EQ(summary.status, ImportStatus::kSuccess);
  EXPECT_TRUE(summary.dry_run);
  EXPECT_EQ(summary.count.imported, 2);
  EXPECT_EQ(Load().FindCombo("default"), nullptr);
}

TEST_F(MetadataJsonImport, MalformedJsonIsOneFileConflict) {
  ImportSummary summary = Import("{\"categories\": [");
  EXPECT_EQ(summary.status, ImportStatus::kError);
  ASSERT_EQ(summary.conflicts.size(), 1u);
  EXPECT_EQ(summary.conflicts[0].property, "file");
}

TEST_F(MetadataJsonImport, RejectsAnUnknownDimensionType) {
  ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  std::string text = kFunding;
  text.replace(text.find("\"ATTRIBUTE\""), 11, "\"SIDEWAYS\"");
  ImportSummary summary = Import(text);
  ASSERT_FALSE(summary.conflicts.empty());
  EXPECT_EQ(summary.conflicts[0].property, "categoryCombos[0].dataDimensionType");
}

constexpr const char* kIndicators = R"({
  "indicators": [
    {"code": "P8_TKV_FORMAL_PCT", "name": "Tỷ lệ thành viên tổ TKVV tiếp cận tín dụng chính thức",
     "nameEn": "Share of savings-group members with formal credit", "shortName": "TKVV tín dụng",
     "numerator": "#{P8_TKV_MEM_FORMAL}", "denominator": "#{P8_TKV_MEMBERS}", "unit": "%",
     "maxValue": "100"},
    {"uid": "IndRatio001", "code": "P8_RATIO", "name": "Số nam trên 100 nữ",
     "numerator": "#{MEN}", "denominator": "#{WOMEN}", "factor": 100}]})";

TEST_F(MetadataJsonImport, ImportsIndicators) {
  ImportSummary summary = Import(kIndicators);
  ASSERT_EQ(summary.status, ImportStatus::kSuccess)
      << (summary.conflicts.empty() ? "" : summary.conflicts[0].message);
  EXPECT_EQ(summary.count.imported, 2);
  Metadata m = Load();
  const StoredIndicator* share = m.FindIndicator("P8_TKV_FORMAL_PCT");
  ASSERT_NE(share, nullptr);
  // No uid given: derived from the code, so every database agrees.
  EXPECT_EQ(share->indicator.uid, UidFromKey("indicator/P8_TKV_FORMAL_PCT"));
  EXPECT_EQ(share->indicator.name, "Tỷ lệ thành viên tổ TKVV tiếp cận tín dụng chính thức");
  EXPECT_EQ(share->indicator.name_en, "Share of savings-group members with formal credit");
  EXPECT_EQ(share->indicator.short_name, "TKVV tín dụng");
  EXPECT_EQ(share->indicator.numerator, "#{P8_TKV_MEM_FORMAL}");
  EXPECT_EQ(share->indicator.denominator, "#{P8_TKV_MEMBERS}");
  EXPECT_EQ(share->indicator.factor, 100);  // the default
  EXPECT_EQ(share->indicator.unit, "%");
  ASSERT_TRUE(share->indicator.max_value.has_value());
  EXPECT_EQ(share->indicator.max_value->ToString(), "100");
  const StoredIndicator* ratio = m.FindIndicator("IndRatio001");
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->indicator.code, "P8_RATIO");
  EXPECT_FALSE(ratio->indicator.max_value.has_value());
}

TEST_F(MetadataJsonImport, ReimportingAnIndicatorUpdatesIt) {
  ASSERT_EQ(Import(kIndicators).status, ImportStatus::kSuccess);
  ImportSummary summary = Import(R"({"indicators": [{"code": "P8_RATIO", "name": "Tỷ số giới tính",
      "numerator": "#{MEN}", "denominator": "#{WOMEN}", "factor": 1}]})");
  ASSERT_EQ(summary.status, ImportStatus::kSuccess);
  Metadata m = Load();
  EXPECT_EQ(m.indicators().size(), 2u);
  EXPECT_EQ(m.FindIndicator("P8_RATIO")->indicator.name, "Tỷ số giới tính");
  EXPECT_EQ(m.FindIndicator("P8_RATIO")->indicator.factor, 1);
}

TEST_F(MetadataJsonImport, ADenominatorDefaultsToOne) {
  ASSERT_EQ(Import(R"({"indicators": [{"code": "COUNT_PLUS", "name": "Tổng",
      "numerator": "#{A} + #{B}", "factor": 1}]})")
                .status,
            ImportStatus::kSuccess);
  EXPECT_EQ(Load().FindIndicator("COUNT_PLUS")->indicator.denominator, "1");
}

TEST_F(MetadataJsonImport, RejectsAnIndicatorThatIsNotValid) {
  struct Case {
    const char* member;
    const char* property;
  };
  for (const Case& c :
       {Case{R"("maxValue": 100)", "indicators[0].maxValue"},
        Case{R"("maxValue": "1e2")", "indicators[0].maxValue"},
        Case{R"("factor": 1.5)", "indicators[0].factor"},
        Case{R"("factor": 0)", "indicators[0].factor"},
        Case{R"("numerator": "#{A")", "indicators[0].numerator"},
        Case{R"("uid": "IndRatio001", "id": "IndRatio002")", "indicators[0].uid"}}) {
    std::string text =
        std::string(R"({"indicators": [{"code": "X", "name": "X", "numerator": "#{A}", )") +
        c.member + "}]}";
    ImportSummary summary = Import(text);
    EXPECT_EQ(summary.status, ImportStatus::kError) << c.member;
    ASSERT_EQ(summary.conflicts.size(), 1u) << c.member;
    EXPECT_EQ(summary.conflicts[0].property, c.property) << summary.conflicts[0].message;
    EXPECT_TRUE(Load().indicators().empty()) << c.member;
  }
}

// Units for the data set tests: a province (code "04") with a commune whose
// code "00004" was reused by a second commune from 2025-07-01.
class MetadataJsonImportDataSets : public MetadataJsonImport {
 protected:
  void SetUp() override {
    MetadataJsonImport::SetUp();
    auto version = [](std::string code, std::string name, OrgUnitLevel level,
                      std::optional<OrgUnitId> parent, std::optional<Date> from,
                      std::optional<Date> to) {
      OrgUnitVersion v;
      v.code = std::move(code);
      v.name = std::move(name);
      v.level = level;
      v.parent = parent;
      v.from = from;
      v.to = to;
      return v;
    };
    const Date reform = Date::FromYmd(2025, 7, 1);
    units_ = {
        OrgUnit{1, "ProvCaoBang", {version("04", "Cao Bằng", OrgUnitLevel::kProvince, {}, {}, {})}},
        OrgUnit{2,
                "CommOld0004",
                {version("00004", "Trúc Bạch", OrgUnitLevel::kCommune, 1, {}, reform.AddDays(-1))}},
        OrgUnit{3,
                "CommNew0004",
                {version("00004", "Ba Đình", OrgUnitLevel::kCommune, 1, reform, {})}}};
    ASSERT_TRUE(store_
                    ->Write([&](store::WriteTransaction& txn) {
                      std::vector<const OrgUnit*> pointers;
                      for (const OrgUnit& unit : units_) pointers.push_back(&unit);
                      return txn.SaveOrgUnits(pointers);
                    })
                    .ok());
    ASSERT_EQ(Import(kDefaultCombo).status, ImportStatus::kSuccess);
  }

  // A data set document around `member` (JSON members of the data set).
  static std::string DataSetDoc(const std::string& member) {
    return R"({"dataSets": [{"code": "P8_REPORT", "name": "Báo cáo", "periodType": "Monthly", )" +
           member + "}]}";
  }

  std::vector<OrgUnit> units_;
};

TEST_F(MetadataJsonImportDataSets, ImportsADataSetInDhis2sShape) {
  ImportSummary summary = Import(R"({
    "dataElements": [{"code": "TEAMS", "name": "Tổ truyền thông"},
                     {"code": "MEMBERS", "name": "Thành viên", "id": "DeMembers01"}],
    "dataSets": [{"code": "P8_REPORT", "name": "Báo cáo Dự án 8", "nameEn": "Project 8 report",
                  "shortName": "BC DA8", "description": "Hằng tháng",
                  "periodType": "monthly", "openFuturePeriods": 1, "expiryDays": 15,
                  "dataSetElements": [{"dataElement": {"id": "DeMembers01"}},
                                      {"dataElement": {"code": "TEAMS"},
                                       "categoryCombo": {"code": "default"}}],
                  "organisationUnits": [{"id": "ProvCaoBang", "includeDescendants": true},
                                        {"code": "00004", "id": "CommOld0004"}]}]})");
  ASSERT_EQ(summary.status, ImportStatus::kSuccess)
      << (summary.conflicts.empty() ? "" : summary.conflicts[0].message);
  EXPECT_EQ(summary.count.imported, 3);
  const Metadata m = Load();
  const StoredDataSet* stored = m.FindDataSet("P8_REPORT");
  ASSERT_NE(stored, nullptr);
  const DataSet& ds = stored->data_set;
  EXPECT_EQ(ds.uid, UidFromKey("data_set/P8_REPORT"));
  EXPECT_EQ(ds.name, "Báo cáo Dự án 8");
  EXPECT_EQ(ds.name_en, "Project 8 report");
  EXPECT_EQ(ds.short_name, "BC DA8");
  EXPECT_EQ(ds.description, "Hằng tháng");
  EXPECT_EQ(ds.period_type, PeriodType::kMonthly);
  EXPECT_EQ(ds.open_future_periods, 1);
  EXPECT_EQ(ds.expiry_days, 15);
  EXPECT_EQ(ds.data_elements, (std::vector<std::string>{"MEMBERS", "TEAMS"}));
  EXPECT_EQ(ds.org_units, (std::vector<DataSetOrgUnit>{{1, true}, {2, false}}));

  // Imported again with other contents: the same set, updated.
  summary = Import(R"({"dataSets": [{"code": "P8_REPORT", "name": "Báo cáo quý",
      "periodType": "Quarterly", "dataSetElements": [{"dataElement": "TEAMS"}],
      "organisationUnits": [{"code": "04"}]}]})");
  ASSERT_EQ(summary.status, ImportStatus::kSuccess);
  const Metadata reloaded = Load();
  const StoredDataSet* again = reloaded.FindDataSet("P8_REPORT");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->id, stored->id);
  EXPECT_EQ(again->data_set.period_type, PeriodType::kQuarterly);
  EXPECT_EQ(again->data_set.data_elements, std::vector<std::string>{"TEAMS"});
  EXPECT_EQ(again->data_set.org_units, (std::vector<DataSetOrgUnit>{{1, false}}));
  EXPECT_EQ(again->data_set.expiry_days, 0);
}

TEST_F(MetadataJsonImportDataSets, RefusedDataSetsNameTheProperty) {
  ASSERT_EQ(Import(R"({"dataElements": [{"code": "TEAMS", "name": "Tổ"}]})").status,
            ImportStatus::kSuccess);
  struct Case {
    std::string doc;
    const char* property;
    const char* message;
  };
  const std::vector<Case> cases = {
      {R"({"dataSets": [{"code": "P8_REPORT", "name": "Báo cáo"}]})", "dataSets[0].periodType",
       "needs a periodType"},
      {DataSetDoc(R"("periodType": "Fortnightly")"), "dataSets[0].periodType", "Fortnightly"},
      {DataSetDoc(R"("expiryDays": -1)"), "dataSets[0].expiryDays", "0 or more"},
      {DataSetDoc(R"("openFuturePeriods": 1.5)"), "dataSets[0].openFuturePeriods", "whole number"},
      {DataSetDoc(R"("openFuturePeriods": 101)"), "dataSets[0].openFuturePeriods", "0-100"},
      {DataSetDoc(R"("shortName": "Một tên ngắn quá dài cho một bảng báo cáo hằng tháng của xã")"),
       "dataSets[0].shortName", "more than 50"},
      {DataSetDoc(R"("dataSetElements": [{"dataElement": {"code": "NOPE"}}])"),
       "dataSets[0].dataSetElements[0]", "unknown data element code 'NOPE'"},
      {DataSetDoc(R"("dataSetElements": [{"dataElement": {"id": "TEAMS"}}])"),
       "dataSets[0].dataSetElements[0]", "unknown data element uid 'TEAMS'"},
      {DataSetDoc(R"("dataSetElements": [{"dataElement": "TEAMS"}, {"dataElement": "TEAMS"}])"),
       "dataSets[0].dataSetElements[1]", "listed twice"},
      {DataSetDoc(
           R"("dataSetElements": [{"dataElement": "TEAMS", "categoryCombo": {"code": "FUNDING"}}])"),
       "dataSets[0].dataSetElements[0].categoryCombo", "override"},
      {DataSetDoc(R"("dataSetElements": [{"categoryCombo": "default"}])"),
       "dataSets[0].dataSetElements[0]", "needs a dataElement"},
      {DataSetDoc(R"("organisationUnits": [{"code": "00004"}])"),
       "dataSets[0].organisationUnits[0]", "carried by 2 different units"},
      {DataSetDoc(R"("organisationUnits": [{"code": "99"}])"), "dataSets[0].organisationUnits[0]",
       "no org unit has ever had code '99'"},
      {DataSetDoc(R"("organisationUnits": [{"id": "NoSuchUnit1"}])"),
       "dataSets[0].organisationUnits[0]", "no org unit has uid 'NoSuchUnit1'"},
      {DataSetDoc(R"("organisationUnits": [{"id": "ProvCaoBang"}, {"code": "04"}])"),
       "dataSets[0].organisationUnits[1]", "assigned twice"},
      {DataSetDoc(R"("organisationUnits": [{"id": "ProvCaoBang", "includeDescendants": "yes"}])"),
       "dataSets[0].organisationUnits[0].includeDescendants", "true or false"},
      {DataSetDoc(R"("organisationUnits": [7])"), "dataSets[0].organisationUnits[0]",
       "must be {\"id\": …} or {\"code\": …}"},
      {DataSetDoc(R"("id": "bad")"), "dataSets[0].id", "not a valid uid"},
  };
  for (const Case& c : cases) {
    ImportSummary summary = Import(c.doc);
    EXPECT_EQ(summary.status, ImportStatus::kError) << c.doc;
    ASSERT_EQ(summary.conflicts.size(), 1u) << c.doc;
    EXPECT_EQ(summary.conflicts[0].property, c.property) << summary.conflicts[0].message;
    EXPECT_EQ(summary.conflicts[0].error_code, "E_MD_INVALID");
    EXPECT_NE(summary.conflicts[0].message.find(c.message), std::string::npos)
        << summary.conflicts[0].message;
    EXPECT_TRUE(Load().data_sets().empty()) << c.doc;
  }
}

}  // namespace
}  // namespace gemis::exchange
