// The small database the data value import and export tests share: the
// built-in categories, an attribute combo FUNDING, the data elements of
// fixtures/dataelements/good.csv and a few units with a merge that reuses a
// code. Header-only: only exchange_tests include it.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/hierarchy_editor.h"
#include "core/uid.h"
#include "exchange/metadata_import.h"
#include "store/store.h"

namespace gemis::exchange::test_database {

inline const std::string kFixtures = std::string(GEMIS_SOURCE_DIR) + "/tests/exchange/fixtures/";

// FUNDING, an attribute combo (CENTRAL, LOCAL).
inline CategoryCombo FundingCombo() {
  Category funding{
      .uid = "CatFunding1",
      .code = "FUNDING",
      .name = "Nguồn kinh phí",
      .options = {CategoryOption{.uid = "CoCentral01", .code = "CENTRAL", .name = "Trung ương"},
                  CategoryOption{.uid = "CoLocal0001", .code = "LOCAL", .name = "Địa phương"}}};
  return CategoryCombo{.uid = "CcFunding01",
                       .code = "FUNDING",
                       .name = "Nguồn kinh phí",
                       .categories = {funding},
                       .is_attribute = true};
}

// Việt Nam → Hà Nội "01" → wards Trúc Bạch "00004" and Cống Vị "00007",
// merged on 1/7/2025 into Ba Đình, which reuses the code "00004".
inline Status InstallUnits(store::WriteTransaction& txn) {
  SeededRandom random(8);
  Hierarchy empty;
  HierarchyEditor editor(empty, random);
  auto create = [&](std::string uid, std::string code, std::string name, OrgUnitLevel level,
                    std::optional<OrgUnitId> parent, std::optional<Date> from) {
    return editor.Create(
        NewOrgUnit{std::move(uid), std::move(code), std::move(name), "", level, parent, ""}, from);
  };
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId vn,
                         create("OuVietNam01", "VN", "Việt Nam", OrgUnitLevel::kCentre, {}, {}));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId hn,
                         create("OuHaNoi0001", "01", "Hà Nội", OrgUnitLevel::kProvince, vn, {}));
  GEMIS_ASSIGN_OR_RETURN(
      OrgUnitId tb, create("OuTrucBach1", "00004", "Trúc Bạch", OrgUnitLevel::kCommune, hn, {}));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId cv,
                         create("OuCongVi001", "00007", "Cống Vị", OrgUnitLevel::kCommune, hn, {}));
  Date merge_day = Date::FromYmd(2025, 7, 1);
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId bd, create("OuBaDinh001", "00004", "Ba Đình",
                                              OrgUnitLevel::kCommune, hn, merge_day));
  GEMIS_RETURN_IF_ERROR(editor.Merge({tb, cv}, bd, merge_day));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, editor.Finish());
  std::vector<const OrgUnit*> units;
  for (const OrgUnit& unit : h.units()) units.push_back(&unit);
  GEMIS_RETURN_IF_ERROR(txn.SaveOrgUnits(units));
  GEMIS_RETURN_IF_ERROR(txn.InsertEvents(editor.new_events()));
  return txn.InsertLinks(editor.new_links());
}

// Three data sets over those elements and units:
//  P8_REPORT (uid P8Report001), Monthly: P8_TEAMS, P8_MEMBERS, P8_BUDGET,
//    P8_DIALOGUE_NOTE; Hà Nội with every unit under it;
//  P8_QUARTERLY (P8Quarter01), Quarterly: P8_TEAMS, P8_SESSIONS; Cống Vị alone;
//  P8_YEARLY (P8Yearly001), Yearly: P8_TEAMS, P8_LINKED_PCT, P8_HAS_CLUB;
//    Hà Nội with every unit under it.
inline Status InstallDataSets(store::WriteTransaction& txn) {
  GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
  const OrgUnitId ha_noi = h.FindByUid("OuHaNoi0001")->id;
  const OrgUnitId cong_vi = h.FindByUid("OuCongVi001")->id;
  auto save = [&](std::string uid, std::string code, std::string name, PeriodType type,
                  std::vector<std::string> elements, std::vector<DataSetOrgUnit> units) {
    DataSet ds;
    ds.uid = std::move(uid);
    ds.code = std::move(code);
    ds.name = std::move(name);
    ds.period_type = type;
    ds.data_elements = std::move(elements);
    ds.org_units = std::move(units);
    return txn.SaveDataSet(ds).status();
  };
  GEMIS_RETURN_IF_ERROR(
      save("P8Report001", "P8_REPORT", "Báo cáo tháng Dự án 8", PeriodType::kMonthly,
           {"P8_TEAMS", "P8_MEMBERS", "P8_BUDGET", "P8_DIALOGUE_NOTE"}, {{ha_noi, true}}));
  GEMIS_RETURN_IF_ERROR(save("P8Quarter01", "P8_QUARTERLY", "Báo cáo quý Dự án 8",
                             PeriodType::kQuarterly, {"P8_TEAMS", "P8_SESSIONS"},
                             {{cong_vi, false}}));
  return save("P8Yearly001", "P8_YEARLY", "Báo cáo năm Dự án 8", PeriodType::kYearly,
              {"P8_TEAMS", "P8_LINKED_PCT", "P8_HAS_CLUB"}, {{ha_noi, true}});
}

// A database with the built-in categories, FUNDING, the data elements of
// fixtures/dataelements/good.csv, the units and the data sets above.
inline Status BuildDatabase(store::Store& store) {
  GEMIS_RETURN_IF_ERROR(store.Write([](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(InstallBuiltinMetadata(txn, GEMIS_DATA_DIR));
    GEMIS_RETURN_IF_ERROR(txn.SaveCategoryCombo(FundingCombo()).status());
    return InstallUnits(txn);
  }));
  std::ifstream elements(kFixtures + "dataelements/good.csv", std::ios::binary);
  GEMIS_ASSIGN_OR_RETURN(ImportSummary summary,
                         ImportDataElements(store, elements, "good.csv", false, false));
  if (summary.status != ImportStatus::kSuccess) return Status::Internal(summary.ToJson().dump());
  return store.Write([](store::WriteTransaction& txn) { return InstallDataSets(txn); });
}

// The stored value (deleted or not) of element/period/unit uid/COC/AOC,
// given by code or uid ("" is the default option combo); nullopt when none.
inline std::optional<DataValue> FindStored(store::Store& store, const std::string& element,
                                           const std::string& period, const std::string& unit_uid,
                                           const std::string& coc = "",
                                           const std::string& aoc = "") {
  std::optional<DataValue> out;
  Status status = store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Metadata m, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(Hierarchy h, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
    DataValueKey key;
    for (const auto& [id, p] : periods) {
      if (p.ToString() == period) key.period = id;
    }
    if (key.period == 0) return Status::Ok();
    key.data_element = m.FindElement(element)->id;
    key.org_unit = h.FindByUid(unit_uid)->id;
    key.category_option_combo = coc.empty() ? m.default_option_combo() : m.FindOptionCombo(coc)->id;
    key.attribute_option_combo = aoc.empty() ? m.default_option_combo() : m.FindOptionCombo(aoc)->id;
    GEMIS_ASSIGN_OR_RETURN(out, txn.GetDataValue(key));
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

// FindStored's value as text: the value, "<deleted V>" or "<none>".
inline std::string StoredValue(store::Store& store, const std::string& element,
                               const std::string& period, const std::string& unit_uid,
                               const std::string& coc = "", const std::string& aoc = "") {
  std::optional<DataValue> v = FindStored(store, element, period, unit_uid, coc, aoc);
  if (!v) return "<none>";
  return v->deleted ? "<deleted " + v->value + ">" : v->value;
}

}  // namespace gemis::exchange::test_database
