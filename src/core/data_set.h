// A data set, as in DHIS2: the data elements a form collects together, how
// often (its period type), and the org units that report it. A data value
// file that names a data set (its dataSet field) is checked against it, and
// its completeDate records that the set is complete for a period, unit and
// attribute option combo (a complete registration). docs/metadata.md, "Data
// sets", says what follows DHIS2 and what gemis leaves out. Pure and
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_element.h"
#include "core/hierarchy.h"
#include "core/period.h"
#include "core/period_type.h"
#include "core/status.h"

namespace gemis {

// An org unit a data set is assigned to. DHIS2 assigns single units; gemis
// may also assign a unit with everything under it (`descendants`), so that
// an assignment to a province still holds after its communes are merged into
// new units (docs/hierarchy.md): a subtree is read on the hierarchy of the
// value's period, never frozen to the units of one day.
struct DataSetOrgUnit {
  OrgUnitId unit = 0;
  bool descendants = false;
  friend bool operator==(const DataSetOrgUnit&, const DataSetOrgUnit&) = default;
};

// DHIS2's limit on openFuturePeriods is not documented; gemis refuses more
// than this many (a century of years, eight years of months).
inline constexpr int kMaxOpenFuturePeriods = 100;
// Expiry days are stored as an int; DHIS2 uses 0 for "never expires".
inline constexpr int kMaxExpiryDays = 36500;

struct DataSet {
  std::string uid;
  std::string code;
  std::string name;        // Vietnamese
  std::string name_en;     // may be empty
  std::string short_name;  // at most kMaxShortNameLength characters
  std::string description;
  PeriodType period_type = PeriodType::kMonthly;
  // Codes of its data elements, in form order (DHIS2's dataSetElements,
  // without a category combo override per element).
  std::vector<std::string> data_elements;
  std::vector<DataSetOrgUnit> org_units;
  // Periods after the current one that are open for entry (DHIS2's
  // openFuturePeriods; 0: none).
  int open_future_periods = 0;
  // Days after a period's end during which its data may still be entered
  // (DHIS2's expiryDays; 0: never expires).
  int expiry_days = 0;
};

// Checks: uid is a valid uid; code passes CheckCode; name is not blank;
// short_name has at most kMaxShortNameLength characters; every data element
// code passes CheckCode and appears once; every org unit is an id above 0 and
// appears once; open_future_periods is 0..kMaxOpenFuturePeriods;
// expiry_days is 0..kMaxExpiryDays. Errors are kInvalidInput naming the data
// set and, in Location.field, the field ("data_elements[2]",
// "org_units[0].unit", "open_future_periods").
Status ValidateDataSet(const DataSet& data_set);

// True when `element_code` is one of the set's data elements.
bool DataSetContains(const DataSet& data_set, std::string_view element_code);

// True when `unit` reports the set during `period`: the unit is assigned
// itself, or an assigned subtree's root is the unit or one of its ancestors
// on the first or the last day of the period on which the unit exists (a
// unit that does not exist during the period is in no subtree).
bool IsAssigned(const DataSet& data_set, const Hierarchy& hierarchy, OrgUnitId unit,
                const Period& period);

// True when `period` is of the set's period type. DHIS2 compares the types
// alone: 2024Q1 is not a period of a monthly set even though it holds months.
bool PeriodFitsDataSet(const DataSet& data_set, const Period& period);

// The last period open for entry on `today`: the set's period containing
// today, then open_future_periods periods later. kUsage for MultiYear sets
// (a phase has no "current" period).
Result<Period> LatestOpenPeriod(const DataSet& data_set, Date today);

// True when entry for `period` has closed on `today`: expiry_days is not 0
// and today is on or after the period's last day plus expiry_days (as DHIS2:
// its end date is the start of the last day, and the lock begins when that
// moment plus the expiry days has passed).
bool IsExpired(const DataSet& data_set, const Period& period, Date today);

}  // namespace gemis
