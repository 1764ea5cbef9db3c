// Completeness and timeliness of reports (docs/reporting.md,
// "Completeness"): expected against received and received on time, per
// unit and rolled up its hierarchy, as DHIS2's reporting rate and reporting
// rate on time. A report is
//  - on time: first submitted by its due day (Vietnam time); a return and
//    resubmission does not change that;
//  - late: first submitted after its due day;
//  - missing: not submitted and its due day is past;
//  - pending: not submitted, not due yet;
//  - waived: excused by its recipient, and then not expected.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/hierarchy.h"
#include "core/report_type.h"
#include "core/submission.h"

namespace gemis::reporting {

enum class Timeliness { kOnTime, kLate, kMissing, kPending, kWaived };
const char* TimelinessName(Timeliness t);  // "onTime", "late", "missing", "pending", "waived"

// Where one expected report stands at `now_ms`; `submission` is null when
// none is stored.
Timeliness TimelinessOf(const ExpectedReport& expected, const Submission* submission,
                        int64_t now_ms);

struct CompletenessCount {
  int expected = 0;  // waived ones left out
  int received = 0;
  int on_time = 0;
  int late = 0;
  int missing = 0;
  int pending = 0;
  int waived = 0;
  // received / expected and on_time / expected in percent; nullopt when
  // nothing is expected.
  std::optional<double> Rate() const;
  std::optional<double> OnTimeRate() const;
  // Counts one report of timeliness `t`.
  void Add(Timeliness t);
  friend bool operator==(const CompletenessCount&, const CompletenessCount&) = default;
};

struct Completeness {
  // Per expected report, by submitting unit.
  std::map<OrgUnitId, Timeliness> reports;
  // Per unit: the reports expected of it and of the units below it (on
  // each report's reference day), so a district's row counts its communes
  // and itself.
  std::map<OrgUnitId, CompletenessCount> rolled_up;
};

// `submissions` by unit (of the same type and period).
Completeness Measure(const std::vector<ExpectedReport>& expected,
                     const std::map<OrgUnitId, const Submission*>& submissions,
                     const Hierarchy& hierarchy, int64_t now_ms);

}  // namespace gemis::reporting
