// The data lock of approved reports (docs/reporting.md, "The data lock"):
// once a report is approved (or locked by the approval above it), the
// values it reports may not change until its approver unlocks it. A value
// is locked when its data element is in the report type's data set, its
// unit is the report's unit and its period lies inside the report's period
// (a monthly value of 2024-03 under the annual report of 2024). Every
// writer of values asks: the API's single value, and every import (API and
// command line). Pure: built from what the caller loaded.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/metadata.h"
#include "core/report_type.h"
#include "core/submission.h"

namespace gemis {

// The approved report holding a value.
struct LockedBy {
  std::string type;  // the report type's code
  Period period = *Period::Parse("2000");
  SubmissionState state = SubmissionState::kApproved;
};

class DataLock {
 public:
  DataLock() = default;
  // From the stored submissions (any state: only approved and locked ones
  // count) and the report types; a type whose data set is unknown locks
  // nothing.
  static DataLock Build(const Metadata& metadata, const std::vector<ReportType>& types,
                        const std::vector<Submission>& submissions);

  // The report that locks (element, unit, period), or null.
  const LockedBy* Find(MetadataId element, OrgUnitId unit, const Period& period) const;
  bool empty() const { return locks_.empty(); }
  // The refusal for a write to a value `lock` holds: kConflict on "value",
  // naming the report, its period and what to do.
  static Status Refusal(const LockedBy& lock);

 private:
  std::map<std::pair<MetadataId, OrgUnitId>, std::vector<LockedBy>> locks_;
};

}  // namespace gemis
