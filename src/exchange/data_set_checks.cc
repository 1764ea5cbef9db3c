#include "exchange/data_set_checks.h"

#include <algorithm>

#include "core/text.h"

namespace gemis::exchange {

namespace {

bool EqualsIgnoringCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string NameKey(const std::string& text) {
  Result<std::string> nfc = ToNfc(text);
  return nfc.ok() ? *nfc : text;
}

}  // namespace

Result<CompleteDate> ParseCompleteDate(std::string_view text) {
  if (text.empty() || EqualsIgnoringCase(text, "false")) return CompleteDate{};
  if (EqualsIgnoringCase(text, "true")) return CompleteDate{.complete = true};
  std::string_view day = text;
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  if (day.size() > 10 && day[10] == 'T' && digit(11) && digit(12)) day = day.substr(0, 10);
  Result<Date> date = Date::Parse(day);
  if (!date.ok() || day.size() != 10) {
    return Status::Invalid("completeDate '" + std::string(text) +
                           "' is not a date (YYYY-MM-DD), true or false");
  }
  return CompleteDate{.complete = true, .date = *date};
}

DataSetChecker::DataSetChecker(const Hierarchy& hierarchy, const Metadata& metadata,
                               IdScheme scheme)
    : hierarchy_(hierarchy), metadata_(metadata), scheme_(scheme) {}

const StoredDataSet* DataSetChecker::Find(const std::string& id) {
  switch (scheme_) {
    case IdScheme::kAuto: return metadata_.FindDataSet(id);
    case IdScheme::kUid: {
      const StoredDataSet* ds = metadata_.FindDataSet(id);
      return ds != nullptr && ds->data_set.uid == id ? ds : nullptr;
    }
    case IdScheme::kCode: {
      const StoredDataSet* ds = metadata_.FindDataSet(id);
      return ds != nullptr && ds->data_set.code == id ? ds : nullptr;
    }
    case IdScheme::kName: {
      if (!names_indexed_) {
        names_indexed_ = true;
        for (const StoredDataSet& ds : metadata_.data_sets()) {
          names_[ds.data_set.name].push_back(&ds);
        }
      }
      auto it = names_.find(NameKey(id));
      return it == names_.end() || it->second.size() != 1 ? nullptr : it->second[0];
    }
  }
  return nullptr;
}

std::optional<DataSetChecker::Problem> DataSetChecker::Check(const DataValueRow& raw,
                                                             const StoredElement& element,
                                                             OrgUnitId unit, const Period& period) {
  if (raw.data_set.empty()) return std::nullopt;
  if (last_ == nullptr || raw.data_set != last_text_) {
    last_ = Find(raw.data_set);
    last_text_ = raw.data_set;
  }
  if (last_ == nullptr) {
    return Problem{
        "E7600", "dataSet", raw.data_set,
        "unknown data set '" + raw.data_set + "'" +
            (scheme_ == IdScheme::kAuto ? std::string()
                                        : std::string(" (by ") + IdSchemeName(scheme_) + ")")};
  }
  const DataSet& ds = last_->data_set;
  if (!last_->Contains(element.id)) {
    return Problem{"E7633", "dataElement", raw.data_element,
                   "data element " + element.element.code + " is not in data set " + ds.code};
  }
  auto key =
      std::make_tuple(last_->id, unit, period.start().days(), static_cast<int>(period.type()));
  auto found = assigned_.find(key);
  if (found == assigned_.end()) {
    found = assigned_.emplace(key, IsAssigned(ds, hierarchy_, unit, period)).first;
  }
  if (!found->second) {
    return Problem{"E7636", "orgUnit", raw.org_unit,
                   "org unit '" + raw.org_unit + "' is not assigned to data set " + ds.code +
                       " during " + period.ToString()};
  }
  if (!PeriodFitsDataSet(ds, period)) {
    return Problem{"E7632", "period", raw.period,
                   "period " + period.ToString() + " is " +
                       std::string(PeriodTypeName(period.type())) + ", data set " + ds.code +
                       " is " + std::string(PeriodTypeName(ds.period_type))};
  }
  Result<CompleteDate> complete = ParseCompleteDate(raw.complete_date);
  if (!complete.ok()) {
    return Problem{"E8008", "completeDate", raw.complete_date, complete.status().message()};
  }
  return std::nullopt;
}

void DataSetChecker::Complete(const DataValueRow& raw, const Period& period, OrgUnitId unit,
                              MetadataId attribute_option_combo) {
  if (raw.data_set.empty() || raw.complete_date.empty()) return;
  Result<CompleteDate> complete = ParseCompleteDate(raw.complete_date);
  if (!complete.ok() || !complete->complete) return;
  if (last_ == nullptr || raw.data_set != last_text_) {
    last_ = Find(raw.data_set);
    last_text_ = raw.data_set;
  }
  if (last_ == nullptr) return;  // Check refused the row
  auto key = std::make_tuple(last_->id, period.start().days(), static_cast<int>(period.type()),
                             unit, attribute_option_combo);
  auto [at, added] = completion_index_.emplace(key, completions_.size());
  if (added) {
    completions_.push_back({last_->id, period, unit, attribute_option_combo, complete->date});
  } else {
    completions_[at->second].completed = complete->date;
  }
}

Status WriteCompletions(store::WriteTransaction& txn, const std::vector<Completion>& completions,
                        const std::string& stored_by, ImportSummary& summary) {
  if (completions.empty()) return Status::Ok();
  std::map<MetadataId, std::vector<std::tuple<PeriodId, OrgUnitId, MetadataId>>> written;
  for (const Completion& c : completions) {
    GEMIS_ASSIGN_OR_RETURN(PeriodId period, txn.EnsurePeriod(c.period));
    store::CompleteRegistration r;
    r.data_set = c.data_set;
    r.period = period;
    r.org_unit = c.org_unit;
    r.attribute_option_combo = c.attribute_option_combo;
    r.completed = c.completed;
    r.stored_by = stored_by;
    GEMIS_RETURN_IF_ERROR(txn.SaveCompleteRegistration(r).status());
    written[c.data_set].emplace_back(period, c.org_unit, c.attribute_option_combo);
  }
  // The dates as stored ("true" is the store's today, later dates clamped).
  std::optional<Date> latest;
  for (auto& [data_set, keys] : written) {
    std::sort(keys.begin(), keys.end());  // searched once per stored registration
    GEMIS_ASSIGN_OR_RETURN(std::vector<store::CompleteRegistration> stored,
                           txn.LoadCompleteRegistrations(data_set));
    for (const store::CompleteRegistration& r : stored) {
      auto key = std::make_tuple(r.period, r.org_unit, r.attribute_option_combo);
      if (!std::binary_search(keys.begin(), keys.end(), key) || !r.completed) continue;
      if (!latest || *latest < *r.completed) latest = r.completed;
    }
  }
  if (latest) summary.data_set_complete = latest->ToString();
  return Status::Ok();
}

}  // namespace gemis::exchange
