// The categories and category combos every gemis database starts with: sex,
// age band, ethnicity (the 54 ethnic groups of Vietnam, GSO codes of Decision
// 121-TCTK/PPCĐ, 1979), implementing level and model status, plus DHIS2's
// default. Everything is built in code except the ethnic list, which comes
// from data/metadata/ethnic_groups.csv (its sources: data/metadata/SOURCE.md);
// this unit parses that text, the caller reads the file. Uids derive from
// codes (UidFromKey("co:" / "cat:" / "cc:" + code)), so they are the same in
// every database. Pure and thread-safe; see docs/metadata.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/category.h"
#include "core/status.h"

namespace gemis {

inline constexpr std::string_view kSexCode = "SEX";
inline constexpr std::string_view kAgeBandCode = "AGE_BAND";
inline constexpr std::string_view kEthnicityCode = "ETHNICITY";
inline constexpr std::string_view kImplementingLevelCode = "IMPLEMENTING_LEVEL";
inline constexpr std::string_view kModelStatusCode = "MODEL_STATUS";
// Combos crossing two categories; single-category combos share the
// category's code.
inline constexpr std::string_view kSexAgeBandCode = "SEX_AGE_BAND";
inline constexpr std::string_view kSexEthnicityCode = "SEX_ETHNICITY";

// The ethnic list, relative to the data directory, and its header line.
inline constexpr std::string_view kEthnicGroupsFile = "metadata/ethnic_groups.csv";
inline constexpr std::string_view kEthnicGroupsHeader = "code,name,name_en,other_names";
inline constexpr int kEthnicGroupCount = 54;

// Options MALE (Nam) and FEMALE (Nữ).
Category SexCategory();
// Options AGE_0_15 (children, Law on Children: under 16), AGE_16_30 (youth,
// Law on Youth), AGE_31_59, AGE_60_PLUS (the elderly, Law on the Elderly).
Category AgeBandCategory();
// Options PROVINCE, DISTRICT (valid until 2025-06-30: the district level was
// abolished on 1 July 2025) and COMMUNE.
Category ImplementingLevelCategory();
// Options NEW (thành lập mới), CONSOLIDATED (củng cố), MAINTAINED (duy trì).
Category ModelStatusCategory();

// The option code of an ethnic group: "ETHNIC_" + its two-digit GSO code.
std::string EthnicOptionCode(std::string_view gso_code);

// Parses the ethnic list: UTF-8 (an initial BOM is skipped), LF or CRLF
// lines, RFC 4180 quoting within a line; the header kEthnicGroupsHeader, then
// one row per group with code "01", "02", … in order without gaps, exactly
// kEthnicGroupCount rows; name and name_en not blank; other_names a list
// separated by ';' (may be empty). Every field is NFC. No two names or other
// names may be equal ignoring case and diacritics (FoldForSearch), so a name
// identifies one group. Errors are kInvalidInput with the 1-based line, the
// column (byte) of the field and its name in Location.
Result<Category> ParseEthnicGroupsCsv(std::string_view csv_text);

// The built-in combos, in this order: default, SEX, AGE_BAND, SEX_AGE_BAND,
// ETHNICITY, SEX_ETHNICITY, IMPLEMENTING_LEVEL, MODEL_STATUS. `ethnicity` is
// the result of ParseEthnicGroupsCsv.
std::vector<CategoryCombo> BuiltinCategoryCombos(const Category& ethnicity);

}  // namespace gemis
