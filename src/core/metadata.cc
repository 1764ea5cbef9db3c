#include "core/metadata.h"

#include <algorithm>

namespace gemis {

namespace {

template <typename Map>
const typename Map::mapped_type* Lookup(const Map& map, const typename Map::key_type& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

Metadata::Metadata(std::vector<StoredElement> elements, std::vector<StoredCombo> combos,
                   std::vector<StoredOptionCombo> option_combos,
                   std::vector<StoredIndicator> indicators, std::vector<StoredDataSet> data_sets)
    : elements_(std::move(elements)),
      combos_(std::move(combos)),
      option_combos_(std::move(option_combos)),
      indicators_(std::move(indicators)),
      data_sets_(std::move(data_sets)) {
  for (size_t i = 0; i < data_sets_.size(); ++i) {
    data_set_by_id_[data_sets_[i].id] = i;
    data_set_by_key_.emplace(data_sets_[i].data_set.code, i);
    data_set_by_key_[data_sets_[i].data_set.uid] = i;
  }
  for (size_t i = 0; i < indicators_.size(); ++i) {
    indicator_by_id_[indicators_[i].id] = i;
    indicator_by_key_.emplace(indicators_[i].indicator.code, i);
    indicator_by_key_[indicators_[i].indicator.uid] = i;
  }
  for (size_t i = 0; i < elements_.size(); ++i) {
    element_by_id_[elements_[i].id] = i;
    element_by_key_.emplace(elements_[i].element.code, i);
    element_by_key_[elements_[i].element.uid] = i;  // a uid wins over a code
  }
  for (size_t i = 0; i < combos_.size(); ++i) {
    combo_by_id_[combos_[i].id] = i;
    combo_by_key_.emplace(combos_[i].combo.code, i);
    combo_by_key_[combos_[i].combo.uid] = i;
  }
  for (size_t i = 0; i < option_combos_.size(); ++i) {
    coc_by_id_[option_combos_[i].id] = i;
    coc_by_key_.emplace(option_combos_[i].option_combo.code, i);
    coc_by_key_[option_combos_[i].option_combo.uid] = i;
    if (option_combos_[i].option_combo.uid == kDefaultCategoryOptionComboUid) {
      default_coc_ = option_combos_[i].id;
    }
  }
}

const StoredElement* Metadata::Element(MetadataId id) const {
  const size_t* i = Lookup(element_by_id_, id);
  return i ? &elements_[*i] : nullptr;
}
const StoredElement* Metadata::FindElement(std::string_view key) const {
  const size_t* i = Lookup(element_by_key_, std::string(key));
  return i ? &elements_[*i] : nullptr;
}
const StoredCombo* Metadata::Combo(MetadataId id) const {
  const size_t* i = Lookup(combo_by_id_, id);
  return i ? &combos_[*i] : nullptr;
}
const StoredCombo* Metadata::FindCombo(std::string_view key) const {
  const size_t* i = Lookup(combo_by_key_, std::string(key));
  return i ? &combos_[*i] : nullptr;
}
const StoredOptionCombo* Metadata::OptionCombo(MetadataId id) const {
  const size_t* i = Lookup(coc_by_id_, id);
  return i ? &option_combos_[*i] : nullptr;
}
const StoredOptionCombo* Metadata::FindOptionCombo(std::string_view key) const {
  const size_t* i = Lookup(coc_by_key_, std::string(key));
  return i ? &option_combos_[*i] : nullptr;
}

const StoredIndicator* Metadata::IndicatorById(MetadataId id) const {
  const size_t* i = Lookup(indicator_by_id_, id);
  return i ? &indicators_[*i] : nullptr;
}
const StoredIndicator* Metadata::FindIndicator(std::string_view key) const {
  const size_t* i = Lookup(indicator_by_key_, std::string(key));
  return i ? &indicators_[*i] : nullptr;
}

const StoredDataSet* Metadata::DataSetById(MetadataId id) const {
  const size_t* i = Lookup(data_set_by_id_, id);
  return i ? &data_sets_[*i] : nullptr;
}
const StoredDataSet* Metadata::FindDataSet(std::string_view key) const {
  const size_t* i = Lookup(data_set_by_key_, std::string(key));
  return i ? &data_sets_[*i] : nullptr;
}

bool StoredDataSet::Contains(MetadataId element) const {
  return std::find(element_ids.begin(), element_ids.end(), element) != element_ids.end();
}

}  // namespace gemis
