// The metadata a database holds, indexed for lookups by internal id, uid and
// code: data elements, category combos and their option combos, indicators
// and data sets. Built by the
// store from its tables; immutable once built (safe for concurrent reads).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/category.h"
#include "core/data_element.h"
#include "core/data_set.h"
#include "core/indicator.h"

namespace gemis {

using MetadataId = int64_t;

struct StoredElement {
  MetadataId id = 0;
  MetadataId combo_id = 0;
  DataElement element;
};

struct StoredCombo {
  MetadataId id = 0;
  CategoryCombo combo;
  std::vector<MetadataId> option_combo_ids;  // in GenerateOptionCombos order
};

struct StoredIndicator {
  MetadataId id = 0;
  Indicator indicator;
};

struct StoredDataSet {
  MetadataId id = 0;
  DataSet data_set;
  // The ids of data_set.data_elements, in the same order.
  std::vector<MetadataId> element_ids;

  // True when the set holds the element with this id.
  bool Contains(MetadataId element) const;
};

struct StoredOptionCombo {
  MetadataId id = 0;
  MetadataId combo_id = 0;
  CategoryOptionCombo option_combo;
};

class Metadata {
 public:
  Metadata() = default;
  Metadata(std::vector<StoredElement> elements, std::vector<StoredCombo> combos,
           std::vector<StoredOptionCombo> option_combos,
           std::vector<StoredIndicator> indicators = {}, std::vector<StoredDataSet> data_sets = {});

  const std::vector<StoredElement>& elements() const { return elements_; }
  const std::vector<StoredCombo>& combos() const { return combos_; }
  const std::vector<StoredOptionCombo>& option_combos() const { return option_combos_; }
  const std::vector<StoredIndicator>& indicators() const { return indicators_; }
  const std::vector<StoredDataSet>& data_sets() const { return data_sets_; }

  const StoredElement* Element(MetadataId id) const;
  // By uid first, then by code (uids never look like codes: see IsValidUid).
  const StoredElement* FindElement(std::string_view uid_or_code) const;
  const StoredCombo* Combo(MetadataId id) const;
  const StoredCombo* FindCombo(std::string_view uid_or_code) const;
  const StoredOptionCombo* OptionCombo(MetadataId id) const;
  const StoredOptionCombo* FindOptionCombo(std::string_view uid_or_code) const;
  const StoredIndicator* IndicatorById(MetadataId id) const;
  // By uid first, then by code.
  const StoredIndicator* FindIndicator(std::string_view uid_or_code) const;
  const StoredDataSet* DataSetById(MetadataId id) const;
  // By uid first, then by code.
  const StoredDataSet* FindDataSet(std::string_view uid_or_code) const;
  // The "default" option combo (id 0 when the database has none).
  MetadataId default_option_combo() const { return default_coc_; }

 private:
  std::vector<StoredElement> elements_;
  std::vector<StoredCombo> combos_;
  std::vector<StoredOptionCombo> option_combos_;
  std::vector<StoredIndicator> indicators_;
  std::vector<StoredDataSet> data_sets_;
  std::unordered_map<MetadataId, size_t> element_by_id_, combo_by_id_, coc_by_id_, indicator_by_id_,
      data_set_by_id_;
  std::unordered_map<std::string, size_t> element_by_key_, combo_by_key_, coc_by_key_,
      indicator_by_key_, data_set_by_key_;
  MetadataId default_coc_ = 0;
};

}  // namespace gemis
