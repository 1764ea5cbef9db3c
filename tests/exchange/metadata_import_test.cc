// Built-in categories and data elements from CSV.
#include "exchange/metadata_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/builtin_metadata.h"
#include "core/uid.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace gemis::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kFixtures =
    std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/dataelements/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class MetadataImport : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  Status InstallBuiltins(const std::string& data_dir = GEMIS_DATA_DIR) {
    return store_->Write(
        [&](store::WriteTransaction& txn) { return InstallBuiltinMetadata(txn, data_dir); });
  }
  ImportSummary ImportText(const std::string& text, bool dry_run = false, bool best_effort = false,
                           const std::string& source = "elements.csv") {
    std::istringstream in(text);
    Result<ImportSummary> summary = ImportDataElements(*store_, in, source, dry_run, best_effort);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }
  ImportSummary ImportFixture(const std::string& name, bool dry_run = false,
                              bool best_effort = false) {
    return ImportText(Slurp(kFixtures + name), dry_run, best_effort, name);
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

TEST_F(MetadataImport, BuiltinCombosGetTheirOptionCombos) {
  ASSERT_TRUE(InstallBuiltins().ok());
  Metadata m = Load();
  std::vector<std::string> summary;
  for (const StoredCombo& c : m.combos()) {
    summary.push_back(c.combo.code + ":" + std::to_string(c.option_combo_ids.size()));
  }
  EXPECT_THAT(summary,
              ElementsAre("default:1", "SEX:2", "AGE_BAND:4", "SEX_AGE_BAND:8", "ETHNICITY:54",
                          "SEX_ETHNICITY:108", "IMPLEMENTING_LEVEL:3", "MODEL_STATUS:3"));
  EXPECT_NE(m.default_option_combo(), 0);
  ASSERT_NE(m.FindOptionCombo("SEX_ETHNICITY_FEMALE_ETHNIC_01"), nullptr);
  EXPECT_EQ(m.FindOptionCombo("SEX_ETHNICITY_FEMALE_ETHNIC_01")->option_combo.name, "Nữ, Kinh");
}

TEST_F(MetadataImport, InstallingBuiltinsTwiceChangesNoId) {
  ASSERT_TRUE(InstallBuiltins().ok());
  Metadata first = Load();
  ASSERT_TRUE(InstallBuiltins().ok());
  Metadata second = Load();
  ASSERT_EQ(first.option_combos().size(), second.option_combos().size());
  for (size_t i = 0; i < first.combos().size(); ++i) {
    EXPECT_EQ(first.combos()[i].id, second.combos()[i].id);
    EXPECT_EQ(first.combos()[i].option_combo_ids, second.combos()[i].option_combo_ids);
  }
}

TEST_F(MetadataImport, BuiltinsNeedTheEthnicList) {
  Status status = InstallBuiltins(dir_.File("no-data"));
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("metadata/ethnic_groups.csv"));
  EXPECT_TRUE(Load().combos().empty());
}

TEST_F(MetadataImport, GoodFileImportsEveryElementWithEveryField) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportFixture("good.csv");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.imported, 7);
  EXPECT_TRUE(s.conflicts.empty());
  Metadata m = Load();
  const StoredElement* teams = m.FindElement("P8_TEAMS");
  ASSERT_NE(teams, nullptr);
  EXPECT_EQ(teams->element.uid, "P8Teams0001");
  EXPECT_EQ(teams->element.name, "Số tổ truyền thông cộng đồng");
  EXPECT_EQ(teams->element.name_en, "Community communication teams");
  EXPECT_EQ(teams->element.short_name, "Tổ truyền thông");
  EXPECT_EQ(teams->element.description,
            "Tổ truyền thông cộng đồng thành lập mới, củng cố hoặc duy trì");
  EXPECT_EQ(teams->element.value_type, ValueType::kIntegerZeroOrPositive);
  EXPECT_EQ(teams->element.aggregation_type, AggregationType::kSum);
  EXPECT_EQ(teams->element.category_combo_code, "default");
  EXPECT_EQ(teams->element.unit, "tổ");
  EXPECT_FALSE(teams->element.zero_is_significant);
  const StoredElement* budget = m.FindElement("P8Budget001");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->element.value_type, ValueType::kMoney);
  EXPECT_EQ(budget->combo_id, m.FindCombo("IMPLEMENTING_LEVEL")->id);
  EXPECT_TRUE(budget->element.zero_is_significant);
  EXPECT_EQ(m.FindElement("P8_HAS_CLUB")->element.name_en, "Has a \"Leaders of Change\" club");
  EXPECT_EQ(m.FindElement("P8_HAS_CLUB")->element.unit, std::nullopt);
  EXPECT_EQ(m.FindElement("P8_DIALOGUE_NOTE")->element.aggregation_type, AggregationType::kNone);
}

TEST_F(MetadataImport, ImportingAgainUpdatesTheSameElements) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ASSERT_EQ(ImportFixture("good.csv").count.imported, 7);
  MetadataId id = Load().FindElement("P8_TEAMS")->id;
  ImportSummary s = ImportText("code,name\nP8_TEAMS,Tổ truyền thông\n");
  EXPECT_EQ(s.status, ImportStatus::kSuccess) << s.ToJson().dump(2);
  EXPECT_EQ(s.count.updated, 1);
  EXPECT_EQ(s.count.imported, 0);
  Metadata m = Load();
  EXPECT_EQ(m.elements().size(), 7u);
  EXPECT_EQ(m.FindElement("P8_TEAMS")->id, id);
  EXPECT_EQ(m.FindElement("P8_TEAMS")->element.name, "Tổ truyền thông");
  EXPECT_EQ(m.FindElement("P8_TEAMS")->element.uid, "P8Teams0001") << "a uid never changes";
}

TEST_F(MetadataImport, UidIsDerivedFromTheCodeWhenAbsent) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ASSERT_EQ(ImportText("code,name\nP8_TRAINEES,Số học viên\n").count.imported, 1);
  EXPECT_EQ(Load().FindElement("P8_TRAINEES")->element.uid, UidFromKey("data_element/P8_TRAINEES"));
}

TEST_F(MetadataImport, BadValueTypeIsAConflictNamingTheField) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportFixture("bad_value_type.csv");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  const ImportConflict& c = s.conflicts[0];
  EXPECT_EQ(c.object, "P8_DIALOGUES");
  EXPECT_EQ(c.error_code, "E_DE_INVALID");
  EXPECT_EQ(c.property, "value_type");
  EXPECT_EQ(c.line, 3);
  EXPECT_THAT(c.indexes, ElementsAre(1));
  EXPECT_THAT(c.message, HasSubstr("bad_value_type.csv:3: "));
  EXPECT_THAT(c.message, HasSubstr("INTEGR"));
  EXPECT_EQ(s.count.imported, 0);
  EXPECT_EQ(s.count.ignored, 2);
  EXPECT_TRUE(Load().elements().empty()) << "atomic: the good row is not written either";
}

TEST_F(MetadataImport, AggregationLevelsByNumberOrName) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportText(
      "code,name,aggregation_levels\n"
      "POPULATION,Dân số,\"2;huyện, 4\"\n"
      "TEAMS,Số tổ,\n");
  ASSERT_EQ(s.count.imported, 2) << s.ToJson().dump(2);
  EXPECT_EQ(Load().FindElement("POPULATION")->element.aggregation_levels,
            (std::vector<int>{2, 3, 4}));
  EXPECT_TRUE(Load().FindElement("TEAMS")->element.aggregation_levels.empty());
  ImportSummary bad = ImportText("code,name,aggregation_levels\nPOPULATION,Dân số,4;2\n");
  ASSERT_EQ(bad.conflicts.size(), 1u) << bad.ToJson().dump(2);
  EXPECT_EQ(bad.conflicts[0].property, "aggregation_levels");
  EXPECT_EQ(bad.conflicts[0].line, 2);
  ImportSummary unknown = ImportText("code,name,aggregation_levels\nPOPULATION,Dân số,tổ\n");
  ASSERT_EQ(unknown.conflicts.size(), 1u);
  EXPECT_EQ(unknown.conflicts[0].property, "aggregation_levels");
}

TEST_F(MetadataImport, UnknownComboIsAConflict) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportFixture("unknown_combo.csv");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u) << s.ToJson().dump(2);
  EXPECT_EQ(s.conflicts[0].object, "P8_TRAINEES");
  EXPECT_EQ(s.conflicts[0].property, "categoryCombo");
  EXPECT_EQ(s.conflicts[0].line, 2);
  EXPECT_THAT(s.conflicts[0].indexes, ElementsAre(0));
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("category combo 'GENDER' does not exist"));
  EXPECT_TRUE(Load().elements().empty());
}

TEST_F(MetadataImport, BestEffortKeepsTheGoodRows) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportFixture("unknown_combo.csv", false, /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  EXPECT_EQ(s.count.imported, 1);
  EXPECT_EQ(s.count.ignored, 1);
  Metadata m = Load();
  EXPECT_NE(m.FindElement("P8_TEAMS"), nullptr);
  EXPECT_EQ(m.FindElement("P8_TRAINEES"), nullptr);
}

TEST_F(MetadataImport, BestEffortWithoutAGoodRowIsAnError) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s =
      ImportText("code,name,category_combo\nP8_X,X,GENDER\n", false, /*best_effort=*/true);
  EXPECT_EQ(s.status, ImportStatus::kError);
  EXPECT_EQ(s.count.ignored, 1);
}

TEST_F(MetadataImport, DryRunCountsAndWritesNothing) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportFixture("good.csv", /*dry_run=*/true);
  EXPECT_EQ(s.status, ImportStatus::kSuccess);
  EXPECT_TRUE(s.dry_run);
  EXPECT_EQ(s.count.imported, 7);
  EXPECT_TRUE(Load().elements().empty());
}

TEST_F(MetadataImport, UidOfAnotherElementIsAConflictOnUid) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s =
      ImportText("code,name,uid\nP8_A,A,DeShared001\nP8_B,B,DeShared001\n", false, true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].property, "uid");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].message,
              HasSubstr("uid 'DeShared001' already belongs to data element 'P8_A'"));
}

TEST_F(MetadataImport, MissingNameColumnIsAFileConflict) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportText("code,value_type\nP8_A,INTEGER\n");
  EXPECT_EQ(s.status, ImportStatus::kError);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DE_FORMAT");
  EXPECT_EQ(s.conflicts[0].line, 1);
  EXPECT_THAT(s.conflicts[0].message, HasSubstr("missing required column 'name'"));
}

TEST_F(MetadataImport, InvalidUtf8RowIsAConflictOnItsLine) {
  ASSERT_TRUE(InstallBuiltins().ok());
  ImportSummary s = ImportText("code,name\nP8_A,A\nP8_B,B\xFF\n", false, true);
  EXPECT_EQ(s.status, ImportStatus::kWarning);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0].error_code, "E_DE_FORMAT");
  EXPECT_EQ(s.conflicts[0].property, "name");
  EXPECT_EQ(s.conflicts[0].line, 3);
  EXPECT_THAT(s.conflicts[0].indexes, ElementsAre(1));
  EXPECT_EQ(s.count.imported, 1);
}

}  // namespace
}  // namespace gemis::exchange
