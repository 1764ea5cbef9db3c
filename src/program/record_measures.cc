#include "program/record_measures.h"

#include <algorithm>

#include "store/records_store.h"

namespace gemis::program {

Result<std::vector<std::string>> RecordMeasures(store::ReadTransaction& txn) {
  std::vector<std::string> out;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::FigureRule> models, txn.LoadFigureRules());
  for (const records::FigureRule& r : models) out.push_back(r.data_element);
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::ActivityFigureRule> activities,
                         txn.LoadActivityFigureRules());
  for (const records::ActivityFigureRule& r : activities) out.push_back(r.data_element);
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::RegisterFigureRule> registers,
                         txn.LoadRegisterFigureRules());
  for (const records::RegisterFigureRule& r : registers) out.push_back(r.data_element);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace gemis::program
