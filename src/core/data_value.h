// Data values keyed like DHIS2's DataValueKey: (data element, period, org
// unit, category option combo, attribute option combo), here by internal ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/metadata.h"
#include "core/org_unit.h"

namespace gemis {

using PeriodId = int64_t;

struct DataValueKey {
  MetadataId data_element = 0;
  PeriodId period = 0;
  OrgUnitId org_unit = 0;
  MetadataId category_option_combo = 0;
  MetadataId attribute_option_combo = 0;
  friend bool operator==(const DataValueKey&, const DataValueKey&) = default;
};

struct DataValue {
  DataValueKey key;
  std::string value;  // canonical for the element's value type
  std::string stored_by;
  std::string created;  // ISO 8601 UTC timestamps
  std::string last_updated;
  std::optional<std::string> comment;
  bool followup = false;
  bool deleted = false;
};

// One change to apply: set the value (creating or updating it) or delete it.
// What a write may do to its key's stored value (DHIS2's import strategies
// CREATE_AND_UPDATE, CREATE, UPDATE): kCreateOnly leaves a live value as it
// is, kUpdateOnly touches only a live value (it neither creates a value nor
// restores a deleted one). A write that may not act is ignored. Removes
// ignore the mode.
enum class WriteMode : uint8_t { kCreateOrUpdate, kCreateOnly, kUpdateOnly };

struct DataValueWrite {
  DataValueKey key;
  WriteMode mode = WriteMode::kCreateOrUpdate;
  std::string value;  // ignored when `remove`
  std::optional<std::string> comment;
  bool followup = false;
  bool remove = false;
  std::string stored_by;
};

enum class WriteOutcome { kImported, kUpdated, kDeleted, kIgnored };

}  // namespace gemis
