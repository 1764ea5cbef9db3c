#include "store/data_lock_load.h"

namespace gemis::store {

Result<DataLock> LoadDataLock(ReadTransaction& txn, const Metadata& metadata,
                              std::optional<OrgUnitId> unit) {
  SubmissionFilter filter;
  if (unit) filter.units = {*unit};
  GEMIS_ASSIGN_OR_RETURN(std::vector<Submission> submissions, txn.LoadSubmissions(filter));
  bool any = false;
  for (const Submission& s : submissions) any = any || DataLocked(s.state);
  if (!any) return DataLock();
  GEMIS_ASSIGN_OR_RETURN(std::vector<ReportType> types, txn.LoadReportTypes());
  return DataLock::Build(metadata, types, submissions);
}

}  // namespace gemis::store
