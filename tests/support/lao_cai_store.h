// What the program layer's tests start from: the Lào Cai history
// (hierarchy_fixtures.h) written to a store, and the built-in category
// combos over an ethnic list. Header-only: only the test executables that
// link gemis_store include it.
#pragma once

#include <string>
#include <vector>

#include "core/builtin_metadata.h"
#include "core/uid.h"
#include "store/store.h"
#include "support/hierarchy_fixtures.h"

namespace gemis::fixtures {

// Saves LaoCaiHistory(): its units, events and links.
inline Status SaveLaoCaiHistory(store::WriteTransaction& txn) {
  HierarchyParts parts = LaoCaiHistory();
  std::vector<const OrgUnit*> units;
  for (const OrgUnit& u : parts.units) units.push_back(&u);
  GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
  GEMIS_RETURN_IF_ERROR(txn.InsertEvents(parts.events));
  return txn.InsertLinks(parts.links);
}

// An option of the ETHNICITY category.
inline CategoryOption EthnicOption(const std::string& code, const std::string& name,
                                   const std::string& name_en = "") {
  return CategoryOption{
      .uid = UidFromKey("co:" + code), .code = code, .name = name, .name_en = name_en};
}

// Saves BuiltinCategoryCombos over an ETHNICITY category of `options`
// (Kinh alone by default).
inline Status SaveBuiltinCombos(store::WriteTransaction& txn,
                                std::vector<CategoryOption> options = {
                                    EthnicOption("ETHNIC_01", "Kinh")}) {
  Category ethnicity{.uid = UidFromKey("cat:ETHNICITY"),
                     .code = "ETHNICITY",
                     .name = "Dân tộc",
                     .options = std::move(options)};
  for (const CategoryCombo& c : BuiltinCategoryCombos(ethnicity)) {
    GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(c).status());
  }
  return Status::Ok();
}

}  // namespace gemis::fixtures
