#include "exchange/data_value_import_resolver.h"

#include <utility>

#include "core/number_format.h"
#include "core/text.h"
#include "exchange/adx_period.h"

namespace gemis::exchange {

namespace {

// Trims spaces and tabs in place (no allocation).
void Trim(std::string& text) {
  size_t end = text.find_last_not_of(" \t");
  if (end == std::string::npos) {
    text.clear();
    return;
  }
  text.erase(end + 1);
  text.erase(0, text.find_first_not_of(" \t"));
}

// "true" in any case, or "1" (as Java's Boolean.parseBoolean, plus 1).
bool IsTrue(std::string_view text) {
  if (text == "1") return true;
  if (text.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != "true"[i]) return false;
  }
  return true;
}

// A conflict about the file's form rather than its content.
ImportConflict FormatConflict(const Status& status, std::string property,
                              std::vector<int64_t> indexes) {
  ImportConflict c;
  c.error_code = "E_DV_FORMAT";
  c.property = std::move(property);
  c.indexes = std::move(indexes);
  c.line = status.where().line;
  c.message = status.ToString();
  return c;
}

}  // namespace

Result<std::string> FromVietnameseNotation(ValueType type, const std::string& text) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
    trimmed.remove_prefix(1);
  }
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
    trimmed.remove_suffix(1);
  }
  if (type == ValueType::kDate) {
    if (trimmed.find('/') == std::string_view::npos) return std::string(trimmed);  // ISO
    GEMIS_ASSIGN_OR_RETURN(Date date, Date::ParseVietnamese(trimmed));
    return date.ToString();
  }
  if (!IsNumeric(type) || trimmed.empty()) return std::string(trimmed);
  if (trimmed.find(',') == std::string_view::npos) {
    // Whole numbers: "22.991.000.000", "1.234", "7".
    GEMIS_ASSIGN_OR_RETURN(int64_t whole, ParseIntegerVi(trimmed));
    return std::to_string(whole);
  }
  // A decimal comma: keep the digits exactly (no trip through a double).
  std::string plain;
  for (char c : trimmed) {
    if (c != '.') plain += c == ',' ? '.' : c;
  }
  GEMIS_RETURN_IF_ERROR(ParseDecimalVi(trimmed).status());  // the form is checked here
  return plain;
}

RowResolver::RowResolver(const Hierarchy& hierarchy, const Metadata& metadata,
                         const DataValueImportOptions& options, std::string source,
                         ResolvedQueue& queue, const ClaimedKeys* claimed, const DataLock* lock)
    : hierarchy_(hierarchy),
      metadata_(metadata),
      options_(options),
      claimed_(claimed),
      lock_(lock),
      source_(std::move(source)),
      queue_(queue),
      data_sets_(hierarchy, metadata, options.id_schemes.data_element) {}

void RowResolver::Add(ImportConflict conflict) {
  ++conflict_count_;
  if (!options_.best_effort) rejected_.store(true, std::memory_order_relaxed);
  if (conflicts_.size() < kMaxConflicts) conflicts_.push_back(std::move(conflict));
}

void RowResolver::Conflict(const DataValueRow& raw, std::string object, std::string property,
                           std::string error_code, std::string message) {
  ++ignored_;
  ImportConflict c;
  c.object = std::move(object);
  c.value = raw.value;
  c.error_code = std::move(error_code);
  c.property = std::move(property);
  c.indexes = {raw.index};
  c.line = raw.line;
  c.message = (raw.line > 0 ? source_ + ":" + std::to_string(raw.line) : source_) + ": " + message;
  Add(std::move(c));
}

void RowResolver::FileProblem(const Status& status, std::string property) {
  malformed_ = true;
  rejected_.store(true, std::memory_order_relaxed);
  Add(FormatConflict(status, std::move(property), {}));
}

void RowResolver::RecordProblem(const Status& status, int64_t index) {
  ++ignored_;
  const std::string& field = status.where().field;
  Add(FormatConflict(status, field.empty() ? "file" : field, {index}));
}

void RowResolver::IndexNames() {
  if (names_indexed_) return;
  names_indexed_ = true;
  for (const StoredElement& e : metadata_.elements()) element_names_[e.element.name].push_back(&e);
  for (const StoredOptionCombo& c : metadata_.option_combos()) {
    combo_names_[c.option_combo.name].push_back(&c);
  }
  for (const OrgUnit& unit : hierarchy_.units()) {
    for (const OrgUnitVersion& v : unit.versions) {
      for (std::string name : {v.name, v.FullName()}) {
        std::vector<const OrgUnit*>& units = unit_names_[name];
        if (units.empty() || units.back() != &unit) units.push_back(&unit);
      }
    }
  }
}

namespace {

// The one object of `found` (nullptr when none or several).
template <typename T>
const T* One(const std::vector<const T*>& found) {
  return found.size() == 1 ? found[0] : nullptr;
}

// NFC of `text`, or the text itself when it is not valid UTF-8 (it then
// matches no name).
std::string NameKey(const std::string& text) {
  Result<std::string> nfc = ToNfc(text);
  return nfc.ok() ? *nfc : text;
}

}  // namespace

const StoredElement* RowResolver::FindElement(const std::string& id) {
  switch (options_.id_schemes.data_element) {
    case IdScheme::kAuto: return metadata_.FindElement(id);
    case IdScheme::kUid: {
      const StoredElement* e = metadata_.FindElement(id);
      return e != nullptr && e->element.uid == id ? e : nullptr;
    }
    case IdScheme::kCode: {
      const StoredElement* e = metadata_.FindElement(id);
      return e != nullptr && e->element.code == id ? e : nullptr;
    }
    case IdScheme::kName: {
      IndexNames();
      auto it = element_names_.find(NameKey(id));
      return it == element_names_.end() ? nullptr : One(it->second);
    }
  }
  return nullptr;
}

const StoredOptionCombo* RowResolver::FindOptionCombo(const std::string& id, MetadataId combo) {
  if (id.empty()) return metadata_.OptionCombo(metadata_.default_option_combo());
  const StoredOptionCombo* found = nullptr;
  switch (options_.id_schemes.option_combo) {
    case IdScheme::kAuto: found = metadata_.FindOptionCombo(id); break;
    case IdScheme::kUid:
      found = metadata_.FindOptionCombo(id);
      if (found != nullptr && found->option_combo.uid != id) found = nullptr;
      break;
    case IdScheme::kCode:
      found = metadata_.FindOptionCombo(id);
      if (found != nullptr && found->option_combo.code != id) found = nullptr;
      break;
    case IdScheme::kName: {
      IndexNames();
      auto it = combo_names_.find(NameKey(id));
      if (it == combo_names_.end()) return nullptr;
      // Names repeat across combos ("Nữ"): look in the element's combo,
      // or among the attribute combos.
      std::vector<const StoredOptionCombo*> in_combo;
      for (const StoredOptionCombo* c : it->second) {
        const StoredCombo* owner = metadata_.Combo(c->combo_id);
        bool fits = combo != 0 ? c->combo_id == combo
                               : c->id == metadata_.default_option_combo() ||
                                     (owner != nullptr && owner->combo.is_attribute);
        if (fits) in_combo.push_back(c);
      }
      return One(in_combo);
    }
  }
  return found;
}

Result<const StoredOptionCombo*> RowResolver::ComboFromOptions(
    const std::vector<std::pair<std::string, std::string>>& options, const StoredCombo& combo,
    const char* what) const {
  // The option combo's code is the combo's code and the option codes in
  // category order (core/category.h).
  std::string code = combo.combo.code;
  std::vector<bool> used(options.size(), false);
  for (const Category& category : combo.combo.categories) {
    size_t i = 0;
    while (i < options.size() && options[i].first != category.code) ++i;
    if (i == options.size()) {
      return Status::NotFound(std::string(what) + " has no attribute for category " +
                              category.code + " of combo " + combo.combo.code);
    }
    used[i] = true;
    code += "_" + options[i].second;
  }
  for (size_t i = 0; i < options.size(); ++i) {
    if (!used[i]) {
      return Status::NotFound("attribute " + options[i].first + " of the " + what +
                              " is not a category of combo " + combo.combo.code);
    }
  }
  const StoredOptionCombo* found = metadata_.FindOptionCombo(code);
  if (found == nullptr || found->combo_id != combo.id) {
    std::string given;
    for (const auto& [category, option] : options) {
      given += (given.empty() ? "" : " ") + category + "=\"" + option + "\"";
    }
    return Status::NotFound(given + " names no option combo of combo " + combo.combo.code);
  }
  return found;
}

Result<const StoredOptionCombo*> RowResolver::AttributeComboFromOptions(
    const std::vector<std::pair<std::string, std::string>>& options) const {
  for (const StoredCombo& combo : metadata_.combos()) {
    if (!combo.combo.is_attribute || combo.combo.categories.size() != options.size()) continue;
    bool all = true;
    for (const Category& category : combo.combo.categories) {
      bool named = false;
      for (const auto& option : options) named = named || option.first == category.code;
      all = all && named;
    }
    if (all) return ComboFromOptions(options, combo, "group");
  }
  std::string names;
  for (const auto& option : options) names += (names.empty() ? "" : ", ") + option.first;
  return Status::NotFound("no attribute combo has exactly the categories " + names);
}

Result<OrgUnitId> RowResolver::ResolveOrgUnit(const DataValueRow& raw, const Period& period) {
  const IdScheme scheme = options_.id_schemes.org_unit;
  if (scheme == IdScheme::kAuto || scheme == IdScheme::kUid) {
    if (const OrgUnit* unit = hierarchy_.FindByUid(raw.org_unit)) return unit->id;
    if (scheme == IdScheme::kUid) {
      return Status::NotFound("no org unit has uid '" + raw.org_unit + "'");
    }
  }
  std::vector<const OrgUnit*> found;
  if (scheme == IdScheme::kName) {
    IndexNames();
    auto it = unit_names_.find(NameKey(raw.org_unit));
    if (it != unit_names_.end()) {
      for (const OrgUnit* unit : it->second) {
        for (const OrgUnitVersion& v : unit->versions) {
          bool named = v.name == it->first || v.FullName() == it->first;
          bool during = (!v.from || *v.from <= period.end()) && (!v.to || period.start() <= *v.to);
          if (named && during) {
            found.push_back(unit);
            break;
          }
        }
      }
    }
    if (found.size() == 1) return found[0]->id;
    if (found.empty()) {
      return Status::NotFound("no org unit is named '" + raw.org_unit + "' during " +
                              period.ToString());
    }
    return Status::Conflict("name '" + raw.org_unit + "' names " + std::to_string(found.size()) +
                            " different units during " + period.ToString() +
                            "; give the unit's code or uid");
  }
  found = hierarchy_.FindByCodeOverlapping(raw.org_unit, period.start(), period.end());
  if (found.size() == 1) return found[0]->id;
  if (found.empty()) {
    std::string when;
    for (const OrgUnit* unit : hierarchy_.FindByCodeAnyTime(raw.org_unit)) {
      when += (when.empty() ? "; the code was used " : ", ") +
              (unit->first().from ? unit->first().from->ToString() : std::string("…")) + " to " +
              (unit->last().to ? unit->last().to->ToString() : std::string("now"));
    }
    return Status::NotFound("no org unit has " +
                            std::string(scheme == IdScheme::kCode ? "code" : "uid or code") + " '" +
                            raw.org_unit + "' during " + period.ToString() + when);
  }
  return Status::Conflict("code '" + raw.org_unit + "' names " + std::to_string(found.size()) +
                          " different units during " + period.ToString() +
                          " (the code was reused); give the unit's uid or a shorter period");
}

int64_t RowResolver::PeriodSlot(const DataValueRow& raw) {
  auto it = period_slots_.find(raw.period);
  if (it != period_slots_.end()) return static_cast<int64_t>(it->second);
  Result<Period> period = raw.adx ? ParseAdxPeriod(raw.period) : Period::Parse(raw.period);
  if (!period.ok() && options_.notation == ValueNotation::kVietnamese &&
      raw.period.find('/') != std::string::npos) {
    // A day written dd/mm/yyyy.
    Result<Date> day = Date::ParseVietnamese(raw.period);
    if (day.ok()) period = Period::Containing(PeriodType::kDaily, *day);
  }
  if (!period.ok()) {
    Conflict(raw, raw.period, "period", "E_DV_PERIOD", period.status().message());
    return -1;
  }
  periods_.push_back(*period);
  period_sent_.push_back(false);
  period_slots_.emplace(raw.period, periods_.size() - 1);
  return static_cast<int64_t>(periods_.size() - 1);
}

bool RowResolver::Resolve(const DataValueRow& raw, ResolvedKey& key) {
  if (last_element_ == nullptr || raw.data_element != last_element_text_) {
    last_element_ = FindElement(raw.data_element);
    last_element_text_ = raw.data_element;
  }
  key.element = last_element_;
  if (key.element == nullptr) {
    Conflict(
        raw, raw.data_element, "dataElement", "E_DV_ELEMENT",
        "unknown data element '" + raw.data_element + "'" +
            (options_.id_schemes.data_element == IdScheme::kAuto
                 ? std::string()
                 : std::string(" (by ") + IdSchemeName(options_.id_schemes.data_element) + ")"));
    return false;
  }
  int64_t slot = PeriodSlot(raw);
  if (slot < 0) return false;
  key.period_slot = static_cast<size_t>(slot);
  Result<OrgUnitId> unit = ResolveOrgUnit(raw, periods_[key.period_slot]);
  if (!unit.ok()) {
    Conflict(
        raw, raw.org_unit, "orgUnit",
        unit.status().code() == ErrorCode::kConflict ? "E_DV_ORGUNIT_AMBIGUOUS" : "E_DV_ORGUNIT",
        unit.status().message());
    return false;
  }
  key.unit = *unit;
  return ResolveCombos(raw, *key.element, key);
}

bool RowResolver::ResolveCombos(const DataValueRow& raw, const StoredElement& element,
                                ResolvedKey& key) {
  if (raw.coc.empty() && !raw.coc_options.empty()) {
    const StoredCombo* combo = metadata_.Combo(element.combo_id);
    Result<const StoredOptionCombo*> coc =
        combo == nullptr ? Status::NotFound("the element has no category combo")
                         : ComboFromOptions(raw.coc_options, *combo, "data value");
    if (!coc.ok()) {
      Conflict(raw, raw.coc_options.front().second, "categoryOptionCombo", "E_DV_COC",
               "data element " + element.element.code + ": " + coc.status().message());
      return false;
    }
    key.coc = *coc;
  } else {
    key.coc = FindOptionCombo(raw.coc, element.combo_id);
  }
  if (key.coc == nullptr || key.coc->combo_id != element.combo_id) {
    Conflict(raw, raw.coc, "categoryOptionCombo", "E_DV_COC",
             "category option combo '" + (raw.coc.empty() ? "default" : raw.coc) +
                 "' is not one of data element " + element.element.code + "'s combo " +
                 element.element.category_combo_code);
    return false;
  }
  if (raw.aoc.empty() && !raw.aoc_options.empty()) {
    Result<const StoredOptionCombo*> aoc = AttributeComboFromOptions(raw.aoc_options);
    if (!aoc.ok()) {
      Conflict(raw, raw.aoc_options.front().second, "attributeOptionCombo", "E_DV_AOC",
               aoc.status().message());
      return false;
    }
    key.aoc = *aoc;
    return true;
  }
  key.aoc = FindOptionCombo(raw.aoc, 0);
  if (key.aoc == nullptr) {
    Conflict(raw, raw.aoc, "attributeOptionCombo", "E_DV_AOC",
             "unknown attribute option combo '" + raw.aoc + "'");
    return false;
  }
  // An AOC is the default or a cell of an attribute combo, never a
  // disaggregation (SEX_MALE) that would silently split the data.
  const StoredCombo* aoc_combo = metadata_.Combo(key.aoc->combo_id);
  if (key.aoc->id != metadata_.default_option_combo() &&
      (aoc_combo == nullptr || !aoc_combo->combo.is_attribute)) {
    Conflict(raw, raw.aoc, "attributeOptionCombo", "E_DV_AOC",
             "'" + raw.aoc + "' is not an attribute option combo (its combo " +
                 (aoc_combo ? aoc_combo->combo.code : std::string("?")) +
                 " is not an attribute combo)");
    return false;
  }
  return true;
}

bool RowResolver::PrepareWrite(const DataValueRow& raw, const DataElement& element,
                               DataValueWrite& write) {
  write.remove = options_.strategy == ImportStrategy::kDelete || IsTrue(raw.deleted);
  write.mode = options_.strategy == ImportStrategy::kCreate   ? WriteMode::kCreateOnly
               : options_.strategy == ImportStrategy::kUpdate ? WriteMode::kUpdateOnly
                                                              : WriteMode::kCreateOrUpdate;
  write.value.clear();
  if (!write.remove) {
    // Text is stored in NFC (core/text.h invariant 1); other types are ASCII.
    Result<std::string> canonical = Status::Internal("unset");
    if (IsTextType(element.value_type)) {
      Result<std::string> nfc = ToNfc(raw.value);
      canonical = nfc.ok() ? CanonicalDataValue(element, *nfc) : nfc;
    } else if (options_.notation == ValueNotation::kVietnamese) {
      Result<std::string> plain = FromVietnameseNotation(element.value_type, raw.value);
      canonical = plain.ok() ? CanonicalDataValue(element, *plain) : plain;
    } else {
      canonical = CanonicalDataValue(element, raw.value);
    }
    if (!canonical.ok()) {
      Conflict(raw, raw.data_element, "value", "E_DV_VALUE", canonical.status().message());
      return false;
    }
    write.value = std::move(canonical).value();
  }
  write.comment.reset();
  if (!raw.comment.empty()) {
    Result<std::string> comment = ToNfc(raw.comment);
    if (!comment.ok()) {
      Conflict(raw, raw.data_element, "comment", "E_DV_COMMENT", comment.status().message());
      return false;
    }
    write.comment = std::move(comment).value();
  }
  write.followup = IsTrue(raw.followup);
  write.stored_by = raw.stored_by.empty() ? options_.stored_by : raw.stored_by;
  return true;
}

Status RowResolver::Row(DataValueRow raw) {
  for (std::string* id :
       {&raw.data_element, &raw.period, &raw.org_unit, &raw.coc, &raw.aoc, &raw.stored_by,
        &raw.followup, &raw.deleted, &raw.data_set, &raw.complete_date}) {
    Trim(*id);
  }
  ResolvedKey key;
  if (!Resolve(raw, key)) return Status::Ok();
  if (std::optional<DataSetChecker::Problem> problem =
          data_sets_.Check(raw, *key.element, key.unit, periods_[key.period_slot])) {
    Conflict(raw, std::move(problem->object), std::move(problem->property),
             std::move(problem->error_code), std::move(problem->message));
    return Status::Ok();
  }
  if (options_.authorize) {
    DataValueKey k{key.element->id, 0, key.unit, key.coc->id, key.aoc->id};
    Status allowed = options_.authorize(k, periods_[key.period_slot]);
    if (!allowed.ok()) {
      std::string property = allowed.where().field.empty() ? "orgUnit" : allowed.where().field;
      Conflict(raw, property == "dataElement" ? raw.data_element : raw.org_unit, property,
               "E_DV_ACCESS", allowed.message());
      return Status::Ok();
    }
  }
  if (claimed_ != nullptr && claimed_->count({key.element->id, periods_[key.period_slot].ToString(),
                                              key.unit, key.coc->id, key.aoc->id}) != 0) {
    Conflict(raw, raw.data_element, "value", "E_DV_DERIVED",
             "this value is computed from model records (gemis figures explain); correct "
             "the records instead");
    return Status::Ok();
  }
  // An approved report's values wait for its approver's unlock
  // (core/data_lock.h).
  if (lock_ != nullptr && !lock_->empty()) {
    if (const LockedBy* l = lock_->Find(key.element->id, key.unit, periods_[key.period_slot])) {
      Conflict(raw, raw.period, "period", "E_DV_LOCKED", DataLock::Refusal(*l).message());
      return Status::Ok();
    }
  }
  // Prepared in place at the chunk's end, dropped again after a conflict.
  DataValueWrite& write = chunk_.writes.emplace_back();
  if (!PrepareWrite(raw, key.element->element, write)) {
    chunk_.writes.pop_back();
    return Status::Ok();
  }
  ++rows_passed_;
  data_sets_.Complete(raw, periods_[key.period_slot], key.unit, key.aoc->id);
  if (!write.remove && IsInsignificantZero(key.element->element, write.value)) {
    chunk_.writes.pop_back();
    ++ignored_;  // DHIS2 does not store zeros that do not matter
    return Status::Ok();
  }
  write.key = {key.element->id, static_cast<PeriodId>(key.period_slot), key.unit, key.coc->id,
               key.aoc->id};
  if (!period_sent_[key.period_slot]) {
    period_sent_[key.period_slot] = true;
    chunk_.new_periods.emplace_back(key.period_slot, periods_[key.period_slot]);
  }
  if (chunk_.writes.size() >= options_.chunk_rows) return Emit();
  return Status::Ok();
}

Status RowResolver::Emit() {
  if (!queue_.Push(std::move(chunk_))) {
    return Status::Internal("data value import stopped: the writer failed");
  }
  chunk_ = queue_.Fresh();
  chunk_.writes.clear();
  chunk_.new_periods.clear();
  return Status::Ok();
}

Status RowResolver::Finish() {
  if (chunk_.writes.empty() && chunk_.new_periods.empty()) return Status::Ok();
  return Emit();
}

}  // namespace gemis::exchange
