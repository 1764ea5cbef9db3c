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
    Result<ImportSummary> summary = ImportMetadataJson(*store_, in, "md.json", dry_run, best_effort);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }

  Metadata Load() {
    Metadata out;
    EXPECT_TRUE(store_->Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadMetadata());
      return Status::Ok();
    }).ok());
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
  EXPECT_EQ(Load().FindElement("POPULATION")->element.aggregation_levels,
            (std::vector<int>{2, 3}));
  for (const char* bad : {R"({"dataElements": [{"code": "P", "name": "P", "aggregationLevels": 3}]})",
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
      "numerator": "#{A} + #{B}", "factor": 1}]})").status, ImportStatus::kSuccess);
  EXPECT_EQ(Load().FindIndicator("COUNT_PLUS")->indicator.denominator, "1");
}

TEST_F(MetadataJsonImport, RejectsAnIndicatorThatIsNotValid) {
  struct Case {
    const char* member;
    const char* property;
  };
  for (const Case& c : {Case{R"("maxValue": 100)", "indicators[0].maxValue"},
                        Case{R"("maxValue": "1e2")", "indicators[0].maxValue"},
                        Case{R"("factor": 1.5)", "indicators[0].factor"},
                        Case{R"("factor": 0)", "indicators[0].factor"},
                        Case{R"("numerator": "#{A")", "indicators[0].numerator"},
                        Case{R"("uid": "IndRatio001", "id": "IndRatio002")", "indicators[0].uid"}}) {
    std::string text = std::string(R"({"indicators": [{"code": "X", "name": "X", "numerator": "#{A}", )") +
                       c.member + "}]}";
    ImportSummary summary = Import(text);
    EXPECT_EQ(summary.status, ImportStatus::kError) << c.member;
    ASSERT_EQ(summary.conflicts.size(), 1u) << c.member;
    EXPECT_EQ(summary.conflicts[0].property, c.property) << summary.conflicts[0].message;
    EXPECT_TRUE(Load().indicators().empty()) << c.member;
  }
}

}  // namespace
}  // namespace gemis::exchange
