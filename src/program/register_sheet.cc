#include "program/register_sheet.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/text.h"
#include "exchange/sheet_records.h"
#include "program/activities_json.h"
#include "program/activity_service.h"
#include "program/cadre_service.h"
#include "program/cadres_json.h"
#include "program/json_reader.h"
#include "program/records_json.h"
#include "program/safe_birth_service.h"
#include "program/safe_births_json.h"
#include "records/model_findings.h"

namespace gemis::program {
namespace {

using exchange::ImportConflict;
using exchange::SheetImportKind;
using exchange::SheetRecord;
using nlohmann::json;
using Cells = std::vector<std::pair<std::string, std::string>>;

// Option codes by folded name, per category (invariant (4)).
class OptionNames {
 public:
  explicit OptionNames(const Metadata& metadata) {
    for (const StoredCombo& stored : metadata.combos()) {
      for (const Category& category : stored.combo.categories) {
        if (category.code != "ETHNICITY" && category.code != "SEX" && category.code != "AGE_BAND") {
          continue;
        }
        auto& names = by_category_[category.code];
        for (const CategoryOption& o : category.options) {
          codes_.insert(o.code);
          for (const std::string& name : {o.name, o.name_en})
            names.emplace(FoldForSearch(name), o.code);
        }
      }
    }
  }

  // The option code `text` names in `category`; `text` itself when it is a
  // code or names nothing (the reader then refuses it at its cell).
  void Translate(const std::string& category, json& value) const {
    if (!value.is_string()) return;
    auto names = by_category_.find(category);
    if (names == by_category_.end()) return;
    const std::string text = value.get<std::string>();
    if (codes_.contains(text)) return;
    if (auto it = names->second.find(FoldForSearch(text)); it != names->second.end()) {
      value = it->second;
    }
  }

  void TranslateRecord(json& object) const {
    if (auto it = object.find("ethnicity"); it != object.end()) Translate("ETHNICITY", *it);
    if (auto list = object.find("participants"); list != object.end() && list->is_array()) {
      for (json& p : *list) {
        for (auto [member, category] :
             {std::pair{"sex", "SEX"}, std::pair{"ethnicity", "ETHNICITY"},
              std::pair{"ageBand", "AGE_BAND"}}) {
          if (auto it = p.find(member); it != p.end()) Translate(category, *it);
        }
      }
    }
  }

 private:
  std::map<std::string, std::map<std::string, std::string>> by_category_;
  std::set<std::string> codes_;  // of every option: kept as they are
};

// The key two items of a merged list are the same item by (invariant (2));
// nullopt for members that replace the stored list.
std::optional<std::string> MergeKey(const std::string& member, const json& item) {
  auto text = [&](const char* key) {
    auto it = item.find(key);
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (member == "facts") return text("date") + "|" + text("field");
  if (member == "payments") return text("package") + "|" + text("day");
  if (member == "consolidated" || member == "attendees") {
    return item.is_string() ? item.get<std::string>() : item.dump();
  }
  return std::nullopt;
}

bool Under(const std::string& pointer, const std::string& prefix) {
  return pointer.size() > prefix.size() && pointer.compare(0, prefix.size(), prefix) == 0 &&
         pointer[prefix.size()] == '/';
}

// `r` laid over `base` (the stored record's JSON form), with the cells
// moved to where their items went.
SheetRecord Overlay(json base, const SheetRecord& r) {
  SheetRecord out = r;
  out.cells.clear();
  std::map<std::string, std::map<size_t, size_t>> moved;  // member → sheet index → merged index
  for (const auto& [member, value] : r.object.items()) {
    auto stored = base.find(member);
    if (!value.is_array() || stored == base.end() || !stored->is_array() ||
        !MergeKey(member, json()).has_value()) {
      base[member] = value;
      continue;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      std::string key = *MergeKey(member, value[i]);
      size_t at = stored->size();
      for (size_t j = 0; j < stored->size(); ++j) {
        if (*MergeKey(member, (*stored)[j]) == key) at = j;
      }
      if (at == stored->size()) {
        stored->push_back(value[i]);
      } else {
        (*stored)[at] = value[i];
      }
      moved[member][i] = at;
    }
  }
  for (const auto& [pointer, cell] : r.cells) {
    std::string to = pointer;
    for (const auto& [member, indexes] : moved) {
      const std::string list = "/" + member;
      if (!Under(pointer, list)) continue;
      size_t slash = pointer.find('/', list.size() + 1);
      std::string index =
          pointer.substr(list.size() + 1,
                         slash == std::string::npos ? std::string::npos : slash - list.size() - 1);
      auto it = indexes.find(std::stoul(index));
      if (it != indexes.end()) {
        to = list + "/" + std::to_string(it->second) +
             (slash == std::string::npos ? "" : pointer.substr(slash));
      }
    }
    out.cells.emplace_back(to, cell);
  }
  out.object = std::move(base);
  return out;
}

ImportConflict ConflictAt(const SheetRecord& r, const Status& error, const std::string& message) {
  ImportConflict c;
  c.object = r.code;
  c.error_code = exchange::kRecordInvalid;
  const std::string& pointer = error.where().field;
  c.property = pointer.empty() ? std::string() : pointer.substr(1);
  c.line = r.rows.empty() ? 0 : r.rows.front();
  c.cell = r.CellOf(pointer);
  c.message = message;
  return c;
}

// A service's error about the record at index N ("models[3] CODE: …" or
// "models[3]: …", the record's field in the Location) as a conflict at its
// cell; nullopt when the error is not about one record.
std::optional<ImportConflict> ServiceConflict(const std::vector<SheetRecord>& records,
                                              const Status& error) {
  const std::string& m = error.message();
  size_t open = m.find('[');
  size_t close = m.find(']');
  size_t colon = m.find(": ");
  if (open == std::string::npos || close == std::string::npos || colon == std::string::npos ||
      close < open || colon < close) {
    return std::nullopt;
  }
  const std::string digits = m.substr(open + 1, close - open - 1);
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  size_t index = std::stoul(digits);
  if (index >= records.size()) return std::nullopt;
  const std::string& field = error.where().field;
  std::string pointer = field.empty() ? std::string() : json_reader::PointerOf("", field);
  Status located(error.code(), "", {"", 0, 0, pointer});
  return ConflictAt(records[index], located, m.substr(colon + 2));
}

// Errors that reject the input (exit 1), as against store failures.
bool IsRejection(ErrorCode code) {
  return code == ErrorCode::kInvalidInput || code == ErrorCode::kNotFound ||
         code == ErrorCode::kConflict || code == ErrorCode::kAlreadyExists;
}

// What each kind reads and saves.
class Importer {
 public:
  Importer(store::WriteTransaction& txn, const ModelContext& ctx, SheetImportKind kind,
           const Actor& actor)
      : txn_(txn), ctx_(ctx), kind_(kind), actor_(actor), names_(ctx.metadata) {}

  // Reads one sheet record into the saved list, or adds its conflict.
  Status Read(const SheetRecord& row, std::vector<ImportConflict>& conflicts) {
    SheetRecord r = row;
    names_.TranslateRecord(r.object);
    GEMIS_ASSIGN_OR_RETURN(std::optional<json> stored, StoredJson(r.code));
    if (kind_ == SheetImportKind::kAttendance && !stored) {
      ImportConflict c;
      c.object = r.code;
      c.value = r.code;
      c.error_code = exchange::kRecordUnknown;
      c.property = "activity";
      c.line = r.rows.front();
      c.cell = r.CellOf("/code");
      c.message =
          "no activity has the code " + r.code + ": attendance is added to stored trainings";
      conflicts.push_back(std::move(c));
      return Status::Ok();
    }
    bool keep_identity = false;
    if (stored) {
      if (kind_ == SheetImportKind::kBirths && !r.object.contains("motherName") &&
          !r.object.contains("motherBirthDate")) {
        keep_identity = true;  // invariant (5)
        stored->erase("motherName");
        stored->erase("motherBirthDate");
      }
      r = Overlay(std::move(*stored), r);
    }
    Status parsed = Parse(r.object, keep_identity);
    if (!parsed.ok()) {
      if (!IsRejection(parsed.code())) return parsed;
      conflicts.push_back(ConflictAt(r, parsed, parsed.message()));
      return Status::Ok();
    }
    records_.push_back(std::move(r));
    return Status::Ok();
  }

  // Saves what was read; the service's counts, or its error.
  Result<std::pair<exchange::ImportCount, PublishReport>> Save() {
    exchange::ImportCount count;
    PublishReport report;
    auto take = [&](const auto& change) {
      count.imported = change.created;
      count.updated = change.updated;
      count.ignored = change.unchanged;
      report = change.figures;
    };
    switch (kind_) {
      case SheetImportKind::kModels: {
        GEMIS_ASSIGN_OR_RETURN(ModelChange c, SaveModels(txn_, ctx_, models_, actor_));
        take(c);
        break;
      }
      case SheetImportKind::kActivities:
      case SheetImportKind::kAttendance: {
        GEMIS_ASSIGN_OR_RETURN(ActivityChange c, SaveActivities(txn_, ctx_, activities_, actor_));
        take(c);
        break;
      }
      case SheetImportKind::kCadres: {
        GEMIS_ASSIGN_OR_RETURN(CadreChange c, SaveCadres(txn_, ctx_, cadres_, actor_));
        take(c);
        break;
      }
      case SheetImportKind::kBirths: {
        GEMIS_ASSIGN_OR_RETURN(SafeBirthChange c, SaveSafeBirths(txn_, ctx_, births_, actor_));
        take(c);
        break;
      }
      default: return Status::Internal("not a register sheet");
    }
    return std::pair{count, report};
  }

  const std::vector<SheetRecord>& records() const { return records_; }

  // Invariant (6): the findings of what was read, in the sheet's order.
  Result<std::vector<SheetFinding>> Findings() {
    std::vector<SheetFinding> out;
    auto add = [&](size_t i, const std::string& code, const std::string& message) {
      out.push_back({records_[i].first_cell, records_[i].code, code, message});
    };
    for (size_t i = 0; i < models_.size(); ++i) {
      for (const records::ModelFinding& f : records::ModelFindings(models_[i])) {
        add(i, f.code, f.message);
      }
    }
    for (size_t i = 0; i < activities_.size(); ++i) {
      for (const records::ActivityFinding& f : records::ActivityFindings(activities_[i])) {
        add(i, f.code, f.message);
      }
    }
    if (!births_.empty()) {
      GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn_.LoadDesignations());
      const DesignationSet designations(std::move(lists));
      for (size_t i = 0; i < births_.size(); ++i) {
        const records::Eligibility e =
            records::EvaluateEligibility(births_[i], ctx_.hierarchy, designations);
        for (const records::SafeBirthFinding& f : records::SafeBirthFindings(births_[i], e)) {
          add(i, f.code, f.message);
        }
      }
    }
    return out;
  }

 private:
  // The stored record with `code` in its JSON form (confidential facts and
  // identifying fields included: it is only read back), or nullopt.
  Result<std::optional<json>> StoredJson(const std::string& code) {
    if (code.empty()) return std::optional<json>();
    switch (kind_) {
      case SheetImportKind::kModels: {
        GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> m, txn_.FindModel(code));
        if (!m || m->code != code) return std::optional<json>();
        return std::optional<json>(ModelToJson(*m, ctx_.hierarchy, ctx_.plans, true));
      }
      case SheetImportKind::kActivities:
      case SheetImportKind::kAttendance: {
        GEMIS_ASSIGN_OR_RETURN(std::optional<records::Activity> a, txn_.FindActivity(code));
        if (!a || a->code != code) return std::optional<json>();
        std::string model;
        if (a->model != 0) {
          GEMIS_ASSIGN_OR_RETURN(model, ModelCodeOf(txn_, a->model));
        }
        GEMIS_ASSIGN_OR_RETURN(std::vector<std::string> attendees, AttendeeCodesOf(txn_, *a));
        return std::optional<json>(
            ActivityToJson(*a, ctx_.hierarchy, ctx_.plans, model, attendees));
      }
      case SheetImportKind::kCadres: {
        GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> c, txn_.FindCadre(code));
        if (!c || c->code != code) return std::optional<json>();
        return std::optional<json>(CadreToJson(*c, ctx_.hierarchy, {}));
      }
      case SheetImportKind::kBirths: {
        GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> b, txn_.FindSafeBirth(code));
        if (!b || b->code != code) return std::optional<json>();
        return std::optional<json>(SafeBirthToJson(*b, ctx_.hierarchy, DesignationSet(), true));
      }
      default: return Status::Internal("not a register sheet");
    }
  }

  Status Parse(const json& object, bool keep_identity) {
    switch (kind_) {
      case SheetImportKind::kModels: {
        GEMIS_ASSIGN_OR_RETURN(records::Model m,
                               ModelFromJson(object, "", ctx_.hierarchy, ctx_.plans));
        models_.push_back(std::move(m));
        return Status::Ok();
      }
      case SheetImportKind::kActivities:
      case SheetImportKind::kAttendance: {
        if (!models_lookup_) {
          models_lookup_ = ModelsIn(txn_);
          cadres_lookup_ = CadresIn(txn_);
        }
        GEMIS_ASSIGN_OR_RETURN(records::Activity a,
                               ActivityFromJson(object, "", ctx_.hierarchy, ctx_.plans,
                                                models_lookup_, cadres_lookup_));
        activities_.push_back(std::move(a));
        return Status::Ok();
      }
      case SheetImportKind::kCadres: {
        GEMIS_ASSIGN_OR_RETURN(records::Cadre c, CadreFromJson(object, "", ctx_.hierarchy));
        cadres_.push_back(std::move(c));
        return Status::Ok();
      }
      case SheetImportKind::kBirths: {
        GEMIS_ASSIGN_OR_RETURN(records::SafeBirth b,
                               SafeBirthFromJson(object, "", ctx_.hierarchy, keep_identity));
        births_.push_back(std::move(b));
        return Status::Ok();
      }
      default: return Status::Internal("not a register sheet");
    }
  }

  store::WriteTransaction& txn_;
  const ModelContext& ctx_;
  SheetImportKind kind_;
  const Actor& actor_;
  OptionNames names_;
  ModelLookup models_lookup_;
  CadreLookup cadres_lookup_;
  std::vector<SheetRecord> records_;  // in the order of the lists below
  std::vector<records::Model> models_;
  std::vector<records::Activity> activities_;
  std::vector<records::Cadre> cadres_;
  std::vector<records::SafeBirth> births_;
};

}  // namespace

Result<RegisterSheetResult> ImportRegisterSheet(store::Store& store, const ModelContext& ctx,
                                                const exchange::ResolvedSheetMapping& mapping,
                                                SheetImportKind kind,
                                                const RegisterSheetOptions& options) {
  GEMIS_ASSIGN_OR_RETURN(exchange::RecordSheet sheet, exchange::ReadRecordSheet(mapping, kind));
  RegisterSheetResult result;
  exchange::ImportSummary& summary = result.summary;
  summary.dry_run = options.dry_run;
  summary.conflicts = std::move(sheet.conflicts);
  const Status rollback = Status::Conflict("register sheet rolled back");
  Status status = store.Write([&](store::WriteTransaction& txn) -> Status {
    Importer importer(txn, ctx, kind, options.actor);
    for (const SheetRecord& r : sheet.records) {
      GEMIS_RETURN_IF_ERROR(importer.Read(r, summary.conflicts));
    }
    if (!summary.conflicts.empty()) return rollback;
    Result<std::pair<exchange::ImportCount, PublishReport>> saved = importer.Save();
    if (!saved.ok()) {
      std::optional<ImportConflict> c = ServiceConflict(importer.records(), saved.status());
      if (!c || !IsRejection(saved.status().code())) return saved.status();
      summary.conflicts.push_back(std::move(*c));
      return rollback;
    }
    summary.count = saved->first;
    result.figures = std::move(saved->second);
    GEMIS_ASSIGN_OR_RETURN(result.findings, importer.Findings());
    return options.dry_run ? rollback : Status::Ok();
  });
  if (!status.ok() && status.message() != rollback.message()) return status;
  if (summary.conflicts.empty()) {
    summary.status = exchange::ImportStatus::kSuccess;
    summary.description = "import done";
  } else {
    summary.status = exchange::ImportStatus::kError;
    summary.count = {};
    summary.description = "conflicts found; nothing written";
  }
  if (options.dry_run) {
    summary.description = "dry run, nothing written: " + summary.description;
    result.figures = {};
  }
  std::sort(summary.conflicts.begin(), summary.conflicts.end(),
            [](const ImportConflict& a, const ImportConflict& b) { return a.line < b.line; });
  return result;
}

}  // namespace gemis::program
