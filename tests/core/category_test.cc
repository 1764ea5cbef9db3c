#include "core/category.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/uid.h"

namespace gemis {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CategoryOption Opt(const std::string& code, const std::string& name) {
  return CategoryOption{.uid = UidFromKey("test-co:" + code), .code = code, .name = name};
}

Category Cat(const std::string& code, std::vector<CategoryOption> options) {
  return Category{.uid = UidFromKey("test-cat:" + code),
                  .code = code,
                  .name = code + " name",
                  .options = std::move(options)};
}

CategoryCombo Combo(const std::string& code, std::vector<Category> categories) {
  return CategoryCombo{.uid = UidFromKey("test-cc:" + code),
                       .code = code,
                       .name = code + " name",
                       .categories = std::move(categories)};
}

Category Sex() { return Cat("SEX", {Opt("MALE", "Nam"), Opt("FEMALE", "Nữ")}); }

Category Age() {
  return Cat("AGE",
             {Opt("A0", "Dưới 16"), Opt("A16", "16-30"), Opt("A31", "31-59"), Opt("A60", "60+")});
}

// A category with `n` options named O0, O1, …
Category Wide(const std::string& code, size_t n) {
  std::vector<CategoryOption> options;
  for (size_t i = 0; i < n; ++i) options.push_back(Opt(code + "_O" + std::to_string(i), "o"));
  return Cat(code, options);
}

TEST(GenerateOptionCombos, SexByAgeGivesEightCombosLastCategoryFastest) {
  CategoryCombo combo = Combo("SEX_AGE", {Sex(), Age()});
  ASSERT_TRUE(ValidateCategoryCombo(combo).ok());
  std::vector<CategoryOptionCombo> cocs = GenerateOptionCombos(combo);
  ASSERT_EQ(cocs.size(), 8u);
  std::vector<std::string> codes;
  for (const CategoryOptionCombo& coc : cocs) codes.push_back(coc.code);
  EXPECT_THAT(codes, ElementsAre("SEX_AGE_MALE_A0", "SEX_AGE_MALE_A16", "SEX_AGE_MALE_A31",
                                 "SEX_AGE_MALE_A60", "SEX_AGE_FEMALE_A0", "SEX_AGE_FEMALE_A16",
                                 "SEX_AGE_FEMALE_A31", "SEX_AGE_FEMALE_A60"));
  EXPECT_EQ(cocs[0].name, "Nam, Dưới 16");
  EXPECT_EQ(cocs[7].name, "Nữ, 60+");
  EXPECT_THAT(cocs[5].option_codes, ElementsAre("FEMALE", "A16"));
}

TEST(GenerateOptionCombos, UidsAreDerivedFromTheCodeAndStable) {
  CategoryCombo combo = Combo("SEX_AGE", {Sex(), Age()});
  std::vector<CategoryOptionCombo> first = GenerateOptionCombos(combo);
  std::vector<CategoryOptionCombo> second = GenerateOptionCombos(combo);
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].uid, UidFromKey("coc:" + first[i].code));
    EXPECT_TRUE(IsValidUid(first[i].uid));
    EXPECT_EQ(first[i].uid, second[i].uid);
    for (size_t j = 0; j < i; ++j) EXPECT_NE(first[i].uid, first[j].uid);
  }
}

TEST(GenerateOptionCombos, ThreeCategoriesTurnLikeAnOdometer) {
  CategoryCombo combo = Combo("C", {Wide("X", 2), Wide("Y", 3), Wide("Z", 2)});
  std::vector<CategoryOptionCombo> cocs = GenerateOptionCombos(combo);
  ASSERT_EQ(cocs.size(), 12u);
  EXPECT_THAT(cocs[0].option_codes, ElementsAre("X_O0", "Y_O0", "Z_O0"));
  EXPECT_THAT(cocs[1].option_codes, ElementsAre("X_O0", "Y_O0", "Z_O1"));
  EXPECT_THAT(cocs[2].option_codes, ElementsAre("X_O0", "Y_O1", "Z_O0"));
  EXPECT_THAT(cocs[6].option_codes, ElementsAre("X_O1", "Y_O0", "Z_O0"));
  EXPECT_THAT(cocs[11].option_codes, ElementsAre("X_O1", "Y_O2", "Z_O1"));
}

TEST(GenerateOptionCombos, DefaultComboHasTheSingleWellKnownCombo) {
  CategoryCombo combo = DefaultCategoryCombo();
  ASSERT_TRUE(ValidateCategoryCombo(combo).ok());
  std::vector<CategoryOptionCombo> cocs = GenerateOptionCombos(combo);
  ASSERT_EQ(cocs.size(), 1u);
  EXPECT_EQ(cocs[0].uid, "HllvX50cXC0");
  EXPECT_EQ(cocs[0].code, "default");
  EXPECT_EQ(cocs[0].name, "default");
  EXPECT_THAT(cocs[0].option_codes, ElementsAre("default"));
}

TEST(DefaultMetadata, UsesDhis2WellKnownUids) {
  EXPECT_EQ(DefaultCategoryCombo().uid, "bjDvmb4bfuf");
  EXPECT_EQ(DefaultCategory().uid, "GLevLNI9wkl");
  EXPECT_EQ(DefaultCategoryOption().uid, "xYerKDKCefk");
  EXPECT_EQ(DefaultCategoryOptionCombo().uid, "HllvX50cXC0");
  EXPECT_FALSE(DefaultCategory().data_dimension);
}

TEST(GenerateOptionCombos, GivesNothingForCombosValidationRejects) {
  EXPECT_TRUE(GenerateOptionCombos(Combo("E", {Sex(), Cat("EMPTY", {})})).empty());
  EXPECT_TRUE(GenerateOptionCombos(Combo("N", {})).empty());
  EXPECT_TRUE(GenerateOptionCombos(Combo("BIG", {Wide("A", 101), Wide("B", 100)})).empty());
}

TEST(ValidateCategoryCombo, RejectsAnEmptyCategory) {
  Status status = ValidateCategoryCombo(Combo("E", {Sex(), Cat("EMPTY", {})}));
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "category 'EMPTY' has no options");
  EXPECT_EQ(status.where().field, "categories[1].options");
}

TEST(ValidateCategoryCombo, RejectsAComboWithoutCategories) {
  Status status = ValidateCategoryCombo(Combo("NONE", {}));
  EXPECT_EQ(status.message(), "category combo 'NONE' has no categories");
  EXPECT_EQ(status.where().field, "categories");
}

TEST(ValidateCategoryCombo, RejectsDuplicateOptionCodesWithinACategory) {
  Category sex = Sex();
  sex.options.push_back(Opt("MALE", "Nam (2)"));
  sex.options.back().uid = UidFromKey("another");
  Status status = ValidateCategoryCombo(Combo("S", {sex}));
  EXPECT_EQ(status.message(),
            "category 'SEX' has the option code 'MALE' twice (options[0] and options[2])");
  EXPECT_EQ(status.where().field, "categories[0].options[2].code");
}

TEST(ValidateCategory, RejectsDuplicateOptionUids) {
  Category sex = Sex();
  sex.options[1].uid = sex.options[0].uid;
  Status status = ValidateCategory(sex);
  EXPECT_THAT(status.message(), HasSubstr("has the option uid"));
  EXPECT_EQ(status.where().field, "options[1].uid");
}

TEST(ValidateCategoryCombo, RejectsTheSameCategoryTwice) {
  Status status = ValidateCategoryCombo(Combo("SS", {Sex(), Age(), Sex()}));
  EXPECT_EQ(status.message(),
            "category combo 'SS' has the category code 'SEX' twice (categories[0] and "
            "categories[2])");
  EXPECT_EQ(status.where().field, "categories[2].code");
}

TEST(ValidateCategoryCombo, RejectsMoreThanTenThousandCombos) {
  EXPECT_TRUE(ValidateCategoryCombo(Combo("OK", {Wide("A", 100), Wide("B", 100)})).ok());
  Status status = ValidateCategoryCombo(Combo("BIG", {Wide("A", 101), Wide("B", 100)}));
  EXPECT_EQ(status.message(),
            "category combo 'BIG' crosses its categories into more than 10000 option combos");
  EXPECT_EQ(status.where().field, "categories");
}

TEST(ValidateCategoryCombo, RejectsInvalidUids) {
  CategoryCombo combo = Combo("S", {Sex()});
  combo.uid = "1abcdefghij";
  EXPECT_EQ(ValidateCategoryCombo(combo).where().field, "uid");
  EXPECT_THAT(ValidateCategoryCombo(combo).message(),
              HasSubstr("category combo uid '1abcdefghij' is not a valid uid"));

  combo = Combo("S", {Sex()});
  combo.categories[0].options[1].uid = "short";
  Status status = ValidateCategoryCombo(combo);
  EXPECT_THAT(status.message(), HasSubstr("category option uid 'short' is not a valid uid"));
  EXPECT_EQ(status.where().field, "categories[0].options[1].uid");

  combo = Combo("S", {Sex()});
  combo.categories[0].uid = "";
  EXPECT_EQ(ValidateCategoryCombo(combo).where().field, "categories[0].uid");
}

TEST(ValidateCategory, RejectsMissingNamesBadCodesAndReversedValidity) {
  Category sex = Sex();
  sex.options[0].name = " ";
  EXPECT_EQ(ValidateCategory(sex).message(), "category option 'MALE' has no name");
  EXPECT_EQ(ValidateCategory(sex).where().field, "options[0].name");

  sex = Sex();
  sex.options[1].code = "NỮ";
  EXPECT_EQ(ValidateCategory(sex).where().field, "options[1].code");

  sex = Sex();
  sex.options[0].start_date = Date::FromYmd(2025, 7, 1);
  sex.options[0].end_date = Date::FromYmd(2025, 6, 30);
  EXPECT_EQ(ValidateCategory(sex).message(),
            "category option 'MALE' ends (2025-06-30) before it starts (2025-07-01)");
  EXPECT_EQ(ValidateCategory(sex).where().field, "options[0].end_date");
}

TEST(CheckCode, AcceptsDhis2StyleCodes) {
  EXPECT_TRUE(CheckCode("SEX_AGE-v1.2", "code").ok());
  EXPECT_TRUE(CheckCode(std::string(50, 'A'), "code").ok());
}

TEST(CheckCode, RejectsEmptyLongAndOddCharacters) {
  EXPECT_EQ(CheckCode("", "code").message(), "code is empty");
  Status status = CheckCode(std::string(51, 'A'), "category_combo_code");
  EXPECT_THAT(status.message(), HasSubstr("is longer than 50 characters"));
  EXPECT_EQ(status.where().field, "category_combo_code");
  status = CheckCode("AB C", "code");
  EXPECT_EQ(status.message(),
            "code 'AB C' has a character other than A-Z, a-z, 0-9, '_', '.' and '-' at byte 3");
  EXPECT_EQ(status.where().column, 3);
}

}  // namespace
}  // namespace gemis
