// What the store keeps of the records behind Project 8's figures (migration
// 12): which models a load returns, and the data value keys whose value is
// published from records. The models and rules themselves are the pure types
// of records/model.h and records/figures.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/data_value.h"
#include "core/org_unit.h"
#include "records/figures.h"
#include "records/model.h"

namespace gemis::store {

// Which models LoadModels returns; an empty list means "any".
struct ModelFilter {
  std::optional<records::ModelKind> kind;
  std::vector<OrgUnitId> org_units;  // the models' own units (not their subtrees)
  std::vector<records::ModelId> ids;
};

// A data value key whose value is published from records (a "claim"): the
// rule that computed it, the value, and the models behind it, so the figure
// can be drilled back to its records. One per key; saving again replaces it.
struct FigureClaim {
  DataValueKey key;
  int64_t rule = 0;  // figure_rule id
  std::string value;
  std::vector<records::ModelId> models;  // as given (ComputeFigures: ascending)
};

}  // namespace gemis::store
