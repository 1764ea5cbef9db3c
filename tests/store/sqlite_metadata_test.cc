// Categories, option combos, data elements and periods in the SQLite store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/uid.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"
#include "support/temp_dir.h"

namespace gemis::store {
namespace {

using test_support::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

CategoryOption Option(const std::string& code, const std::string& name) {
  return CategoryOption{.uid = UidFromKey("co:" + code), .code = code, .name = name};
}

Category MakeCategory(const std::string& code, std::vector<CategoryOption> options) {
  return Category{.uid = UidFromKey("cat:" + code),
                  .code = code,
                  .name = "Nhóm " + code,
                  .options = std::move(options)};
}

Category Sex() { return MakeCategory("SEX", {Option("MALE", "Nam"), Option("FEMALE", "Nữ")}); }
Category Age() {
  return MakeCategory("AGE", {Option("A0", "Dưới 16"), Option("A16", "16-30"),
                              Option("A31", "31-59"), Option("A60", "60+")});
}

CategoryCombo MakeCombo(const std::string& code, std::vector<Category> categories) {
  return CategoryCombo{.uid = UidFromKey("cc:" + code),
                       .code = code,
                       .name = "Tổ hợp " + code,
                       .categories = std::move(categories)};
}

DataElement Element(const std::string& code, const std::string& combo = "default") {
  DataElement e;
  e.uid = UidFromKey("de:" + code);
  e.code = code;
  e.name = "Số " + code;
  e.category_combo_code = combo;
  return e;
}

Indicator MakeIndicator(const std::string& code) {
  Indicator i;
  i.uid = UidFromKey("ind:" + code);
  i.code = code;
  i.name = "Tỷ lệ " + code;
  i.numerator = "#{P8_TKV_MEM_FORMAL}";
  i.denominator = "#{P8_TKV_MEMBERS}";
  i.unit = "%";
  i.max_value = Decimal::FromInt(100);
  return i;
}

class SqliteMetadata : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> opened = OpenSqliteStore(dir_.File("g.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  Result<MetadataId> SaveCombo(const CategoryCombo& combo) {
    return store_test::WriteResult(
        *store_, [&](WriteTransaction& txn) { return txn.SaveCategoryCombo(combo); });
  }
  Result<MetadataId> SaveElement(const DataElement& element) {
    return store_test::WriteResult(
        *store_, [&](WriteTransaction& txn) { return txn.SaveDataElement(element); });
  }
  Result<MetadataId> SaveIndicator(const Indicator& indicator) {
    return store_test::WriteResult(
        *store_, [&](WriteTransaction& txn) { return txn.SaveIndicator(indicator); });
  }
  Metadata Load() {
    Metadata out;
    Status status = store_->Read([&](ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(out, txn.LoadMetadata());
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  // The codes of a combo's option combos, in option_combo_ids order.
  std::vector<std::string> CocCodes(const Metadata& m, const std::string& combo) {
    std::vector<std::string> codes;
    const StoredCombo* stored = m.FindCombo(combo);
    if (stored == nullptr) return codes;
    for (MetadataId id : stored->option_combo_ids)
      codes.push_back(m.OptionCombo(id)->option_combo.code);
    return codes;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteMetadata, SexComboGetsTwoOptionCombos) {
  Result<MetadataId> id = SaveCombo(MakeCombo("SEX", {Sex()}));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Metadata m = Load();
  const StoredCombo* combo = m.FindCombo("SEX");
  ASSERT_NE(combo, nullptr);
  EXPECT_EQ(combo->id, *id);
  EXPECT_THAT(CocCodes(m, "SEX"), ElementsAre("SEX_MALE", "SEX_FEMALE"));
  const StoredOptionCombo* female = m.FindOptionCombo("SEX_FEMALE");
  ASSERT_NE(female, nullptr);
  EXPECT_EQ(female->combo_id, *id);
  EXPECT_EQ(female->option_combo.uid, UidFromKey("coc:SEX_FEMALE"));
  EXPECT_EQ(female->option_combo.name, "Nữ");
  EXPECT_THAT(female->option_combo.option_codes, ElementsAre("FEMALE"));
  EXPECT_EQ(m.option_combos().size(), 2u);
}

TEST_F(SqliteMetadata, SexByAgeGetsEightOptionCombosInGenerationOrder) {
  ASSERT_TRUE(SaveCombo(MakeCombo("SEX_AGE", {Sex(), Age()})).ok());
  Metadata m = Load();
  EXPECT_THAT(CocCodes(m, "SEX_AGE"),
              ElementsAre("SEX_AGE_MALE_A0", "SEX_AGE_MALE_A16", "SEX_AGE_MALE_A31",
                          "SEX_AGE_MALE_A60", "SEX_AGE_FEMALE_A0", "SEX_AGE_FEMALE_A16",
                          "SEX_AGE_FEMALE_A31", "SEX_AGE_FEMALE_A60"));
  const StoredOptionCombo* coc = m.FindOptionCombo("SEX_AGE_FEMALE_A16");
  ASSERT_NE(coc, nullptr);
  EXPECT_THAT(coc->option_combo.option_codes, ElementsAre("FEMALE", "A16"));
  EXPECT_EQ(coc->option_combo.name, "Nữ, 16-30");
}

TEST_F(SqliteMetadata, SavingAComboTwiceKeepsEveryId) {
  CategoryCombo combo = MakeCombo("SEX_AGE", {Sex(), Age()});
  Result<MetadataId> first = SaveCombo(combo);
  ASSERT_TRUE(first.ok());
  Metadata before = Load();
  Result<MetadataId> second = SaveCombo(combo);
  ASSERT_TRUE(second.ok());
  Metadata after = Load();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(before.FindCombo("SEX_AGE")->option_combo_ids,
            after.FindCombo("SEX_AGE")->option_combo_ids);
  EXPECT_EQ(after.option_combos().size(), 8u);
  ASSERT_EQ(after.combos().size(), 1u);
  EXPECT_EQ(after.combos()[0].combo.categories.size(), 2u);
  EXPECT_EQ(after.combos()[0].combo.categories[1].options.size(), 4u);
}

TEST_F(SqliteMetadata, RenamingAnOptionUpdatesTheOptionAndItsOptionCombos) {
  CategoryCombo combo = MakeCombo("SEX_AGE", {Sex(), Age()});
  ASSERT_TRUE(SaveCombo(combo).ok());
  MetadataId coc_id = Load().FindOptionCombo("SEX_AGE_FEMALE_A60")->id;
  combo.categories[1].options[3].name = "Người cao tuổi";
  ASSERT_TRUE(SaveCombo(combo).ok());
  Metadata m = Load();
  const StoredOptionCombo* coc = m.FindOptionCombo("SEX_AGE_FEMALE_A60");
  ASSERT_NE(coc, nullptr);
  EXPECT_EQ(coc->id, coc_id);
  EXPECT_EQ(coc->option_combo.name, "Nữ, Người cao tuổi");
  EXPECT_EQ(m.FindCombo("SEX_AGE")->combo.categories[1].options[3].name, "Người cao tuổi");
  EXPECT_EQ(m.option_combos().size(), 8u);
}

// An option added to a category later gives new option combos; the combo
// still lists them in GenerateOptionCombos order (metadata.h), not by age.
TEST_F(SqliteMetadata, AnOptionAddedLaterKeepsOptionCombosInGenerationOrder) {
  CategoryCombo combo = MakeCombo("SEX", {Sex()});
  ASSERT_TRUE(SaveCombo(combo).ok());
  Metadata before = Load();
  combo.categories[0].options.insert(combo.categories[0].options.begin() + 1,
                                     Option("OTHER", "Khác"));
  ASSERT_TRUE(SaveCombo(combo).ok());
  Metadata m = Load();
  EXPECT_THAT(CocCodes(m, "SEX"), ElementsAre("SEX_MALE", "SEX_OTHER", "SEX_FEMALE"));
  EXPECT_EQ(m.FindOptionCombo("SEX_MALE")->id, before.FindOptionCombo("SEX_MALE")->id);
  EXPECT_EQ(m.FindOptionCombo("SEX_FEMALE")->id, before.FindOptionCombo("SEX_FEMALE")->id);
}

TEST_F(SqliteMetadata, CombosSharingACategoryKeepTheirOwnOptionCombos) {
  ASSERT_TRUE(SaveCombo(MakeCombo("SEX", {Sex()})).ok());
  ASSERT_TRUE(SaveCombo(MakeCombo("SEX_AGE", {Sex(), Age()})).ok());
  Metadata m = Load();
  EXPECT_THAT(CocCodes(m, "SEX"), ElementsAre("SEX_MALE", "SEX_FEMALE"));
  EXPECT_EQ(CocCodes(m, "SEX_AGE").size(), 8u);
  EXPECT_EQ(m.option_combos().size(), 10u);
}

TEST_F(SqliteMetadata, DefaultComboHasDhis2sDefaultOptionCombo) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  Metadata m = Load();
  ASSERT_NE(m.default_option_combo(), 0);
  const StoredOptionCombo* coc = m.OptionCombo(m.default_option_combo());
  EXPECT_EQ(coc->option_combo.uid, kDefaultCategoryOptionComboUid);
  EXPECT_EQ(coc->option_combo.code, "default");
  EXPECT_EQ(m.FindCombo(kDefaultCategoryComboUid)->option_combo_ids,
            std::vector<MetadataId>{m.default_option_combo()});
}

TEST_F(SqliteMetadata, InvalidComboIsRefusedAndWritesNothing) {
  CategoryCombo combo = MakeCombo("SEX", {Sex()});
  combo.categories[0].options[1].code = "MALE";  // duplicate option code
  Result<MetadataId> id = SaveCombo(combo);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(id.status().where().field, HasSubstr("options[1]"));
  EXPECT_TRUE(Load().combos().empty());
}

TEST_F(SqliteMetadata, DataElementNeedsAnExistingCombo) {
  Result<MetadataId> id = SaveElement(Element("MEMBERS", "SEX"));
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(id.status().where().field, "categoryCombo");
  EXPECT_THAT(id.status().message(), HasSubstr("'SEX'"));
  EXPECT_TRUE(Load().elements().empty());
}

TEST_F(SqliteMetadata, InvalidDataElementNamesTheField) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  DataElement e = Element("MEMBERS");
  e.name = "  ";
  Result<MetadataId> id = SaveElement(e);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "name");
}

TEST_F(SqliteMetadata, DataElementIsUpdatedByCode) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  ASSERT_TRUE(SaveCombo(MakeCombo("SEX", {Sex()})).ok());
  Result<MetadataId> first = SaveElement(Element("MEMBERS"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  DataElement changed = Element("MEMBERS", "SEX");
  changed.name = "Số thành viên";
  changed.value_type = ValueType::kIntegerZeroOrPositive;
  changed.unit = "người";
  Result<MetadataId> second = SaveElement(changed);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
  Metadata m = Load();
  ASSERT_EQ(m.elements().size(), 1u);
  const StoredElement* e = m.FindElement("MEMBERS");
  EXPECT_EQ(e->element.name, "Số thành viên");
  EXPECT_EQ(e->element.value_type, ValueType::kIntegerZeroOrPositive);
  EXPECT_EQ(e->element.category_combo_code, "SEX");
  EXPECT_EQ(e->combo_id, m.FindCombo("SEX")->id);
  EXPECT_EQ(e->element.unit, "người");
  // Clearing the unit clears it.
  changed.unit.reset();
  ASSERT_TRUE(SaveElement(changed).ok());
  EXPECT_FALSE(Load().FindElement("MEMBERS")->element.unit.has_value());
}

TEST_F(SqliteMetadata, AggregationLevelsRoundTripAndClear) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  DataElement population = Element("POPULATION");
  population.aggregation_levels = {2, 4};
  ASSERT_TRUE(SaveElement(population).ok());
  EXPECT_EQ(Load().FindElement("POPULATION")->element.aggregation_levels,
            (std::vector<int>{2, 4}));
  population.aggregation_levels.clear();
  ASSERT_TRUE(SaveElement(population).ok());
  EXPECT_TRUE(Load().FindElement("POPULATION")->element.aggregation_levels.empty());
  population.aggregation_levels = {6};
  Result<MetadataId> bad = SaveElement(population);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().field, "aggregation_levels");
}

TEST_F(SqliteMetadata, UidOfAnotherDataElementIsAConflictNamingTheUid) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  ASSERT_TRUE(SaveElement(Element("MEMBERS")).ok());
  DataElement other = Element("TEAMS");
  other.uid = UidFromKey("de:MEMBERS");
  Result<MetadataId> id = SaveElement(other);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(id.status().where().field, "uid");
  EXPECT_THAT(id.status().message(), HasSubstr("MEMBERS"));
  EXPECT_EQ(Load().elements().size(), 1u);
}

TEST_F(SqliteMetadata, LoadMetadataRoundTripsEveryStoredField) {
  Category level = MakeCategory("LEVEL", {Option("PROVINCE", "Tỉnh"), Option("DISTRICT", "Huyện")});
  level.name_en = "Implementing level";
  level.data_dimension = false;
  level.options[1].name_en = "District";
  level.options[1].start_date = Date::FromYmd(2021, 1, 1);
  level.options[1].end_date = Date::FromYmd(2025, 6, 30);
  CategoryCombo combo = MakeCombo("LEVEL", {level});
  combo.name_en = "By level";
  combo.is_attribute = true;
  ASSERT_TRUE(SaveCombo(combo).ok());
  DataElement e = Element("BUDGET", "LEVEL");
  e.name = "Kinh phí được giao";
  e.name_en = "Allocated budget";
  e.short_name = "Kinh phí";
  e.description = "Tổng kinh phí, đồng";
  e.value_type = ValueType::kMoney;
  e.aggregation_type = AggregationType::kLast;
  e.zero_is_significant = true;
  e.unit = "đồng";
  Result<MetadataId> id = SaveElement(e);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Metadata m = Load();
  const StoredElement* stored = m.Element(*id);
  ASSERT_NE(stored, nullptr);
  const DataElement& got = stored->element;
  EXPECT_EQ(got.uid, e.uid);
  EXPECT_EQ(got.code, e.code);
  EXPECT_EQ(got.name, e.name);
  EXPECT_EQ(got.name_en, e.name_en);
  EXPECT_EQ(got.short_name, e.short_name);
  EXPECT_EQ(got.description, e.description);
  EXPECT_EQ(got.value_type, e.value_type);
  EXPECT_EQ(got.aggregation_type, e.aggregation_type);
  EXPECT_EQ(got.category_combo_code, e.category_combo_code);
  EXPECT_EQ(got.zero_is_significant, e.zero_is_significant);
  EXPECT_EQ(got.unit, e.unit);

  const CategoryCombo& c = m.FindCombo("LEVEL")->combo;
  EXPECT_EQ(c.uid, combo.uid);
  EXPECT_EQ(c.name, combo.name);
  EXPECT_EQ(c.name_en, combo.name_en);
  EXPECT_TRUE(c.is_attribute);
  ASSERT_EQ(c.categories.size(), 1u);
  const Category& cat = c.categories[0];
  EXPECT_EQ(cat.uid, level.uid);
  EXPECT_EQ(cat.code, level.code);
  EXPECT_EQ(cat.name, level.name);
  EXPECT_EQ(cat.name_en, level.name_en);
  EXPECT_FALSE(cat.data_dimension);
  ASSERT_EQ(cat.options.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(level.options[i].code);
    EXPECT_EQ(cat.options[i].uid, level.options[i].uid);
    EXPECT_EQ(cat.options[i].code, level.options[i].code);
    EXPECT_EQ(cat.options[i].name, level.options[i].name);
    EXPECT_EQ(cat.options[i].name_en, level.options[i].name_en);
    EXPECT_EQ(cat.options[i].start_date, level.options[i].start_date);
    EXPECT_EQ(cat.options[i].end_date, level.options[i].end_date);
  }
}

TEST_F(SqliteMetadata, EnsurePeriodIsIdempotentAndKeyedByCanonicalId) {
  Result<Period> march = Period::Parse("202403");
  Result<Period> march_dashed = Period::Parse("2024-03");
  Result<Period> year = Period::Parse("2024");
  ASSERT_TRUE(march.ok() && march_dashed.ok() && year.ok());
  PeriodId a = 0, b = 0, c = 0, d = 0;
  ASSERT_TRUE(store_
                  ->Write([&](WriteTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(a, txn.EnsurePeriod(*march));
                    GEMIS_ASSIGN_OR_RETURN(b, txn.EnsurePeriod(*year));
                    GEMIS_ASSIGN_OR_RETURN(c, txn.EnsurePeriod(*march_dashed));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([&](WriteTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(d, txn.EnsurePeriod(*march));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_NE(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(a, d);
  std::vector<std::pair<PeriodId, Period>> periods;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(periods, txn.LoadPeriods());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].first, a);
  EXPECT_EQ(periods[0].second, *march);
  EXPECT_EQ(periods[1].second, *year);
}

TEST_F(SqliteMetadata, PeriodsOfARolledBackWriteAreGone) {
  Result<Period> year = Period::Parse("2023");
  ASSERT_TRUE(year.ok());
  Status status = store_->Write([&](WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(txn.EnsurePeriod(*year).status());
    return Status::Conflict("abandon");
  });
  EXPECT_EQ(status.code(), ErrorCode::kConflict);
  std::vector<std::pair<PeriodId, Period>> periods;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTransaction& txn) -> Status {
                    GEMIS_ASSIGN_OR_RETURN(periods, txn.LoadPeriods());
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(periods.empty());
}

// ---- indicators -------------------------------------------------------------

TEST_F(SqliteMetadata, IndicatorRoundTripsEveryField) {
  Indicator share = MakeIndicator("P8_TKV_FORMAL_PCT");
  share.name = "Tỷ lệ thành viên tổ tiết kiệm vay vốn tiếp cận tài chính chính thức";
  share.name_en = "Share of savings-group members linked to formal finance";
  share.short_name = "TKV chính thức";
  share.factor = 100;
  share.max_value = *Decimal::Parse("99.5");
  Indicator ratio = MakeIndicator("P8_MEN_PER_WOMAN");
  ratio.numerator = "#{P8_MEN}";
  ratio.denominator = "1";
  ratio.factor = 1;
  ratio.unit = "";
  ratio.max_value.reset();  // no limit
  Result<MetadataId> share_id = SaveIndicator(share);
  ASSERT_TRUE(share_id.ok()) << share_id.status().ToString();
  Result<MetadataId> ratio_id = SaveIndicator(ratio);
  ASSERT_TRUE(ratio_id.ok()) << ratio_id.status().ToString();
  EXPECT_NE(*share_id, *ratio_id);

  Metadata m = Load();
  ASSERT_EQ(m.indicators().size(), 2u);
  for (const auto& [id, expected] : {std::pair{*share_id, share}, std::pair{*ratio_id, ratio}}) {
    SCOPED_TRACE(expected.code);
    const StoredIndicator* stored = m.IndicatorById(id);
    ASSERT_NE(stored, nullptr);
    EXPECT_EQ(m.FindIndicator(expected.code), stored);
    EXPECT_EQ(m.FindIndicator(expected.uid), stored);
    const Indicator& got = stored->indicator;
    EXPECT_EQ(got.uid, expected.uid);
    EXPECT_EQ(got.code, expected.code);
    EXPECT_EQ(got.name, expected.name);
    EXPECT_EQ(got.name_en, expected.name_en);
    EXPECT_EQ(got.short_name, expected.short_name);
    EXPECT_EQ(got.numerator, expected.numerator);
    EXPECT_EQ(got.denominator, expected.denominator);
    EXPECT_EQ(got.factor, expected.factor);
    EXPECT_EQ(got.unit, expected.unit);
    EXPECT_EQ(got.max_value.has_value(), expected.max_value.has_value());
    if (got.max_value && expected.max_value) {
      EXPECT_EQ(got.max_value->ToString(), expected.max_value->ToString());
    }
  }
  EXPECT_TRUE(m.elements().empty());
}

TEST_F(SqliteMetadata, IndicatorIsUpdatedByCodeKeepingItsId) {
  Indicator i = MakeIndicator("P8_SHARE");
  Result<MetadataId> first = SaveIndicator(i);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  i.name = "Tỷ lệ mới";
  i.denominator = "#{P8_ALL}";
  i.max_value.reset();
  Result<MetadataId> second = SaveIndicator(i);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
  Metadata m = Load();
  ASSERT_EQ(m.indicators().size(), 1u);
  EXPECT_EQ(m.indicators()[0].indicator.name, "Tỷ lệ mới");
  EXPECT_EQ(m.indicators()[0].indicator.denominator, "#{P8_ALL}");
  EXPECT_FALSE(m.indicators()[0].indicator.max_value.has_value());
}

TEST_F(SqliteMetadata, InvalidIndicatorIsRefusedNamingTheField) {
  Indicator i = MakeIndicator("P8_SHARE");
  i.numerator = "#{P8_A";  // unbalanced
  Result<MetadataId> id = SaveIndicator(i);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(id.status().where().field, "numerator");
  i = MakeIndicator("P8_SHARE");
  i.factor = 0;
  id = SaveIndicator(i);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().where().field, "factor");
  EXPECT_TRUE(Load().indicators().empty());
}

TEST_F(SqliteMetadata, UidOfAnotherIndicatorIsAConflict) {
  ASSERT_TRUE(SaveIndicator(MakeIndicator("P8_SHARE")).ok());
  Indicator other = MakeIndicator("P8_OTHER");
  other.uid = UidFromKey("ind:P8_SHARE");
  Result<MetadataId> id = SaveIndicator(other);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(id.status().where().field, "uid");
  EXPECT_THAT(id.status().message(), HasSubstr("P8_SHARE"));
  EXPECT_EQ(Load().indicators().size(), 1u);
}

TEST_F(SqliteMetadata, IndicatorsAndElementsLoadTogether) {
  ASSERT_TRUE(SaveCombo(DefaultCategoryCombo()).ok());
  ASSERT_TRUE(SaveElement(Element("MEMBERS")).ok());
  ASSERT_TRUE(SaveIndicator(MakeIndicator("P8_SHARE")).ok());
  Metadata m = Load();
  EXPECT_NE(m.FindElement("MEMBERS"), nullptr);
  EXPECT_NE(m.FindIndicator("P8_SHARE"), nullptr);
  EXPECT_EQ(m.FindIndicator("MEMBERS"), nullptr);
  EXPECT_EQ(m.FindElement("P8_SHARE"), nullptr);
}

}  // namespace
}  // namespace gemis::store
