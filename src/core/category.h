// Disaggregation metadata, as in DHIS2: a category (sex) has options (male,
// female); a category combo (sex × age band) crosses categories; each cell of
// the cross product is a category option combo (COC), the fourth part of a
// data value's key. An attribute combo (is_attribute) crosses categories the
// same way and gives attribute option combos (AOC), the fifth part of the key
// (e.g. the funding source); data elements without disaggregation use the
// default combo, whose single COC is also the default AOC.
//
// Invariants:
//  (1) the COCs of a combo are exactly GenerateOptionCombos(combo): the
//      cartesian product in category order, the last category varying fastest;
//  (2) a COC's uid is UidFromKey("coc:" + its code), so the same combo gives
//      the same uids in every database, except the default COC, which has
//      DHIS2's well-known uid;
//  (3) a combo that passes ValidateCategoryCombo has at most kMaxOptionCombos
//      COCs.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace gemis {

// DHIS2's default category combo, category, option and option combo. Their
// code and name are "default"; the uids are the ones DHIS2 databases and
// metadata packages share (see docs/metadata.md for how they were checked).
inline constexpr std::string_view kDefaultCode = "default";
inline constexpr std::string_view kDefaultCategoryComboUid = "bjDvmb4bfuf";
inline constexpr std::string_view kDefaultCategoryUid = "GLevLNI9wkl";
inline constexpr std::string_view kDefaultCategoryOptionUid = "xYerKDKCefk";
inline constexpr std::string_view kDefaultCategoryOptionComboUid = "HllvX50cXC0";

// The largest cross product a combo may have.
inline constexpr size_t kMaxOptionCombos = 10000;
// DHIS2's limit on the length of a code.
inline constexpr size_t kMaxCodeLength = 50;

struct CategoryOption {
  std::string uid;
  std::string code;
  std::string name;     // Vietnamese
  std::string name_en;  // English
  // Validity: the first and last day the option may be used (both inclusive,
  // both optional).
  std::optional<Date> start_date;
  std::optional<Date> end_date;
  // Other names, for matching input (import, search); never displayed.
  std::vector<std::string> aliases;
};

struct Category {
  std::string uid;
  std::string code;
  std::string name;
  std::string name_en;
  std::vector<CategoryOption> options;  // in display order
  bool data_dimension = true;           // offered as a dimension in analytics
};

struct CategoryCombo {
  std::string uid;
  std::string code;
  std::string name;
  std::string name_en;
  std::vector<Category> categories;  // order fixes the order of the COCs
  bool is_attribute = false;         // attribute combo (AOCs) vs data combo (COCs)
};

struct CategoryOptionCombo {
  std::string uid;
  std::string code;                       // combo code + "_" + option codes joined by "_"
  std::string name;                       // option names joined by ", "
  std::vector<std::string> option_codes;  // one per category, in category order
};

// A metadata code: 1 to kMaxCodeLength characters from [A-Za-z0-9_.-].
// The error names `field`.
Status CheckCode(std::string_view code, std::string_view field);

// uid, code and name of the category and of each option; at least one
// option; no two options with the same code or uid; start_date <= end_date.
// Errors name the field, e.g. "options[2].code".
Status ValidateCategory(const Category& category);

// uid, code and name; at least one category; every category valid
// (field "categories[i]…"); no category twice (same code or uid); at most
// kMaxOptionCombos COCs.
Status ValidateCategoryCombo(const CategoryCombo& combo);

// The COCs of `combo` (invariant 1): the product in category order, the last
// category varying fastest; name = option names joined by ", "; code = combo
// code + "_" + option codes joined by "_"; uid = UidFromKey("coc:" + code).
// A combo with code kDefaultCode gives the single DefaultCategoryOptionCombo().
// A combo with an empty category or more than kMaxOptionCombos cells (which
// ValidateCategoryCombo rejects) gives no COCs.
std::vector<CategoryOptionCombo> GenerateOptionCombos(const CategoryCombo& combo);

CategoryOption DefaultCategoryOption();
Category DefaultCategory();
CategoryCombo DefaultCategoryCombo();
CategoryOptionCombo DefaultCategoryOptionCombo();

}  // namespace gemis
