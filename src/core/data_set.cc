#include "core/data_set.h"

#include <algorithm>
#include <set>

#include "core/category.h"
#include "core/text.h"
#include "core/uid.h"

namespace gemis {

namespace {

std::string Who(const DataSet& data_set) {
  return data_set.code.empty() ? "data set" : "data set '" + data_set.code + "'";
}

Status Invalid(const DataSet& data_set, const std::string& message, std::string field) {
  return Status::Invalid(Who(data_set) + ": " + message, Location{.field = std::move(field)});
}

// `status` (a CheckCode error) with the data set named in its message.
Status Named(const DataSet& data_set, const Status& status) {
  if (status.ok()) return status;
  return Status::Invalid(Who(data_set) + ": " + status.message(), status.where());
}

// The unit's ancestors on `d` (empty when it does not exist then).
bool UnderOn(const Hierarchy& hierarchy, const OrgUnit& unit, OrgUnitId root, Date d) {
  if (unit.VersionAt(d) == nullptr) return false;
  std::vector<OrgUnitId> ancestors = hierarchy.AncestorsAt(unit.id, d);
  return std::find(ancestors.begin(), ancestors.end(), root) != ancestors.end();
}

}  // namespace

Status ValidateDataSet(const DataSet& data_set) {
  if (!IsValidUid(data_set.uid)) {
    return Invalid(data_set,
                   "uid '" + Utf8Prefix(data_set.uid, 20) +
                       "' is not a valid uid (11 characters: a letter, then letters or digits)",
                   "uid");
  }
  GEMIS_RETURN_IF_ERROR(Named(data_set, CheckCode(data_set.code, "code")));
  if (IsBlank(data_set.name)) return Invalid(data_set, "name is empty", "name");
  if (CodePoints(data_set.short_name) > kMaxShortNameLength) {
    return Invalid(data_set,
                   "short name has " + std::to_string(CodePoints(data_set.short_name)) +
                       " characters, more than " + std::to_string(kMaxShortNameLength),
                   "short_name");
  }
  std::set<std::string_view> elements;
  for (size_t i = 0; i < data_set.data_elements.size(); ++i) {
    const std::string field = "data_elements[" + std::to_string(i) + "]";
    GEMIS_RETURN_IF_ERROR(Named(data_set, CheckCode(data_set.data_elements[i], field)));
    if (!elements.insert(data_set.data_elements[i]).second) {
      return Invalid(data_set, "data element '" + data_set.data_elements[i] + "' is listed twice",
                     field);
    }
  }
  std::set<OrgUnitId> units;
  for (size_t i = 0; i < data_set.org_units.size(); ++i) {
    const std::string field = "org_units[" + std::to_string(i) + "].unit";
    const OrgUnitId unit = data_set.org_units[i].unit;
    if (unit <= 0) {
      return Invalid(data_set, "org unit id " + std::to_string(unit) + " names no unit", field);
    }
    if (!units.insert(unit).second) {
      return Invalid(data_set, "org unit " + std::to_string(unit) + " is assigned twice", field);
    }
  }
  if (data_set.open_future_periods < 0 || data_set.open_future_periods > kMaxOpenFuturePeriods) {
    return Invalid(data_set,
                   "open future periods " + std::to_string(data_set.open_future_periods) +
                       " is outside 0-" + std::to_string(kMaxOpenFuturePeriods),
                   "open_future_periods");
  }
  if (data_set.expiry_days < 0 || data_set.expiry_days > kMaxExpiryDays) {
    return Invalid(data_set,
                   "expiry days " + std::to_string(data_set.expiry_days) + " is outside 0-" +
                       std::to_string(kMaxExpiryDays) + " (0: never expires)",
                   "expiry_days");
  }
  return Status::Ok();
}

bool DataSetContains(const DataSet& data_set, std::string_view element_code) {
  return std::find(data_set.data_elements.begin(), data_set.data_elements.end(), element_code) !=
         data_set.data_elements.end();
}

bool IsAssigned(const DataSet& data_set, const Hierarchy& hierarchy, OrgUnitId unit,
                const Period& period) {
  const OrgUnit* found = nullptr;
  for (const DataSetOrgUnit& assigned : data_set.org_units) {
    if (assigned.unit == unit) return true;
    if (!assigned.descendants) continue;
    if (found == nullptr) {
      found = hierarchy.Find(unit);
      if (found == nullptr || found->versions.empty()) return false;
    }
    // The first and last days of the period on which the unit exists.
    Date first = period.start(), last = period.end();
    if (found->first().from && first < *found->first().from) first = *found->first().from;
    if (found->last().to && *found->last().to < last) last = *found->last().to;
    if (last < first) return false;
    if (UnderOn(hierarchy, *found, assigned.unit, first) ||
        UnderOn(hierarchy, *found, assigned.unit, last)) {
      return true;
    }
  }
  return false;
}

bool PeriodFitsDataSet(const DataSet& data_set, const Period& period) {
  return period.type() == data_set.period_type;
}

Result<Period> LatestOpenPeriod(const DataSet& data_set, Date today) {
  GEMIS_ASSIGN_OR_RETURN(Period period, Period::Containing(data_set.period_type, today));
  for (int i = 0; i < data_set.open_future_periods; ++i) {
    GEMIS_ASSIGN_OR_RETURN(period, period.Next());
  }
  return period;
}

bool IsExpired(const DataSet& data_set, const Period& period, Date today) {
  return data_set.expiry_days > 0 && today >= period.end().AddDays(data_set.expiry_days);
}

}  // namespace gemis
