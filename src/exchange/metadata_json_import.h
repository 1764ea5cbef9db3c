// Metadata from a JSON document in a DHIS2-like shape: categories with their
// options, category combos (disaggregation or attribute) naming categories by
// code, and data elements naming their combo by code:
//
//   {"categories": [{"code": "DISABILITY", "name": "Khuyết tật", "nameEn": "Disability",
//                    "options": [{"code": "DISABLED", "name": "Có", "nameEn": "Yes"}, …]}],
//    "categoryCombos": [{"code": "FUNDING", "name": "Nguồn vốn",
//                        "dataDimensionType": "ATTRIBUTE", "categories": ["FUNDING_SOURCE"]}],
//    "dataElements": [{"code": "TEAMS", "name": "Tổ truyền thông", "valueType": "INTEGER",
//                      "aggregationType": "SUM", "categoryCombo": "default"}],
//    "indicators": [{"code": "P8_TKV_FORMAL_PCT", "name": "Tỷ lệ thành viên tiếp cận tín dụng",
//                    "numerator": "#{P8_TKV_MEM_FORMAL}", "denominator": "#{P8_TKV_MEMBERS}",
//                    "factor": 100, "unit": "%", "maxValue": "100"}],
//    "dataSets": [{"code": "P8_REPORT", "name": "Báo cáo Dự án 8", "periodType": "Monthly",
//                  "openFuturePeriods": 0, "expiryDays": 15,
//                  "dataSetElements": [{"dataElement": {"code": "TEAMS"}}],
//                  "organisationUnits": [{"id": "ProvCaoBang", "includeDescendants": true}]}]}
//
// Data sets (DHIS2's shape; docs/metadata.md "Data sets"): uid from "id",
// else UidFromKey("data_set/" + code); elements by {"id": uid}, {"code":
// code} or a bare code, a categoryCombo override only when it is the
// element's own combo; org units by {"id": uid} or by a code only one unit
// ever carried, with the gemis extension "includeDescendants"; checked by
// ValidateDataSet and saved with WriteTransaction::SaveDataSet.
//
// Indicators: uid from "id" (or "uid"), else derived from the code
// (UidFromKey("indicator/" + code)); denominator default "1"; factor a JSON
// integer, default 100; maxValue a decimal string, absent for no limit;
// checked by ValidateIndicator. Sections are imported in the order above.
// Categories may also be the built-in ones or ones already stored. The whole
// document is one transaction: atomic unless best-effort, nothing on a dry run.
#pragma once

#include <istream>
#include <string>

#include "exchange/import_summary.h"
#include "store/store.h"

namespace gemis::exchange {

Result<ImportSummary> ImportMetadataJson(store::Store& store, std::istream& in,
                                         const std::string& source, bool dry_run,
                                         bool best_effort);

}  // namespace gemis::exchange
