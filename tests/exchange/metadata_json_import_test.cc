#include "exchange/metadata_json_import.h"

#include <gtest/gtest.h>

#include <sstream>

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

}  // namespace
}  // namespace gemis::exchange
