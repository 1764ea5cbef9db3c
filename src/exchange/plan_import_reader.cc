// Plan import, part 1: errors by JSON pointer and the strict reading of JSON
// objects that every section uses.
#include <algorithm>
#include <limits>

#include "core/category.h"
#include "core/text.h"
#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

const char* JsonTypeName(const json& value) {
  return value.is_object()           ? "an object"
         : value.is_array()          ? "an array"
         : value.is_boolean()        ? "a boolean"
         : value.is_number_integer() ? "an integer"
         : value.is_number()         ? "a number with a fraction"
         : value.is_null()           ? "null"
                                     : "a string";
}

}  // namespace

void Diagnostics::Error(std::string_view pointer, const std::string& message,
                        const char* error_code, std::string value) {
  if (conflicts_.size() >= kMaxErrors) {
    if (dropped_++ == 0) {
      conflicts_.push_back({"",
                            "",
                            kPlanInvalid,
                            "",
                            {},
                            0,
                            file_ + ": more than " + std::to_string(kMaxErrors) +
                                " errors; the rest are not listed"});
    }
    return;
  }
  JsonPosition p = document_ != nullptr ? document_->Find(pointer) : JsonPosition{};
  Location where{file_, p.line, p.column, std::string(pointer)};
  conflicts_.push_back({"",
                        std::move(value),
                        error_code,
                        std::string(pointer),
                        {},
                        p.line,
                        Status::Invalid(message, where).ToString()});
}

Fields::Fields(Diagnostics& diag, const json& value, std::string pointer,
               std::initializer_list<std::string_view> known)
    : diag_(diag), pointer_(std::move(pointer)) {
  if (!value.is_object()) {
    diag_.Error(pointer_, std::string("expected an object, found ") + JsonTypeName(value),
                kPlanType);
    return;
  }
  object_ = &value;
  for (const auto& [key, member] : value.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    diag_.Error(JsonPointerChild(pointer_, key),
                "unknown key '" + key + "' (known here: " + list + ")", kPlanUnknownKey);
  }
}

void Fields::Error(std::string_view key, const std::string& message, const char* error_code) {
  // The offending value, when it is a scalar (ImportConflict::value).
  const json* v = Get(key);
  std::string value = v == nullptr || v->is_structured() ? ""
                      : v->is_string()                   ? v->get<std::string>()
                                                         : v->dump();
  diag_.Error(At(key), message, error_code, std::move(value));
}

const json* Fields::Get(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(std::string(key));
  return it == object_->end() || it->is_null() ? nullptr : &*it;
}

std::string Fields::Text(std::string_view key) {
  const json* v = Get(key);
  if (v == nullptr) return "";
  if (!v->is_string()) {
    Error(key,
          std::string("expected a string, found ") + JsonTypeName(*v) +
              (v->is_number() ? " (values and codes are written in quotes)" : ""),
          kPlanType);
    return "";
  }
  Result<std::string> nfc = ToNfc(v->get_ref<const std::string&>());
  if (!nfc.ok()) {
    Error(key, nfc.status().message());
    return "";
  }
  return std::move(nfc).value();
}

std::string Fields::Required(std::string_view key) {
  const json* v = Get(key);
  std::string text = Text(key);
  bool blank = v == nullptr || (v->is_string() && v->get_ref<const std::string&>().empty());
  if (valid() && blank) Error(key, "required");
  return text;
}

std::string Fields::Code(std::string_view key) {
  std::string code = Required(key);
  if (code.empty()) return code;
  Status checked = CheckCode(code, key);
  if (!checked.ok()) Error(key, checked.message());
  return code;
}

std::optional<Date> Fields::DateValue(std::string_view key) {
  std::string text = Text(key);
  if (text.empty()) return std::nullopt;
  Result<Date> date = Date::Parse(text);
  if (!date.ok()) {
    Error(key, "'" + text + "' is not a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *date;
}

DateSet Fields::Dates(std::string_view key, bool required) {
  std::string text = required ? Required(key) : Text(key);
  if (text.empty()) return {};
  Result<DateSet> set = DateSet::Parse(text);
  if (!set.ok()) {
    Error(key, "'" + text + "' is not a period or date set: " + set.status().message());
    return {};
  }
  return *set;
}

std::optional<int64_t> Fields::Integer(std::string_view key, int64_t min, int64_t max,
                                       bool required, std::string_view what) {
  const json* v = Get(key);
  if (v == nullptr) {
    if (required && valid()) Error(key, "required");
    return std::nullopt;
  }
  std::string need = std::string(what) + " must be a JSON integer";
  if (!v->is_number_integer()) {
    Error(key, need + ", not " + JsonTypeName(*v), v->is_number_float() ? kPlanValue : kPlanType);
    return std::nullopt;
  }
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    Error(key, need + " of at most " + std::to_string(max), kPlanValue);
    return std::nullopt;
  }
  int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    Error(key,
          min == 0 && n < 0 ? std::string(what) + " must not be negative"
                            : std::string(what) + " must be between " + std::to_string(min) +
                                  " and " + std::to_string(max),
          kPlanValue);
    return std::nullopt;
  }
  return n;
}

const json* Fields::Array(std::string_view key) {
  const json* v = Get(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Error(key, std::string("expected an array, found ") + JsonTypeName(*v), kPlanType);
    return nullptr;
  }
  return v;
}

void ForEachElement(Fields& parent, std::string_view key,
                    const std::function<void(const json&, const std::string&)>& fn) {
  const json* array = parent.Array(key);
  if (array == nullptr) return;
  std::string base = parent.At(key);
  for (size_t i = 0; i < array->size(); ++i) fn((*array)[i], JsonPointerChild(base, i));
}

SourceRef ReadSource(Fields& fields, std::string_view key, const std::string& default_document) {
  SourceRef source{default_document, "", ""};
  const json* v = fields.Get(key);
  if (v == nullptr) return source;
  Fields f(fields.diag(), *v, fields.At(key), {"document", "section", "text"});
  std::string document = f.Text("document");
  if (!document.empty()) source.document = std::move(document);
  source.section = f.Text("section");
  source.text = f.Text("text");
  return source;
}

std::optional<ResolvedUnit> ReadOrgUnit(Context& ctx, Fields& fields, Date at, bool required,
                                        std::string_view ref_key) {
  std::string code = fields.Text("orgUnit");
  std::string ref = fields.Text(ref_key);
  if (!code.empty() && !ref.empty()) {
    fields.Error(ref_key, "give either orgUnit (a code) or " + std::string(ref_key) +
                              " (a unit-table reference), not both");
    return std::nullopt;
  }
  if (code.empty() && ref.empty()) {
    if (required && fields.valid() && !fields.Has("orgUnit") && !fields.Has(ref_key)) {
      fields.Error("orgUnit", "required: orgUnit (a code) or " + std::string(ref_key) +
                                  " (a unit-table reference)");
    } else if (required && fields.valid()) {
      fields.Error(fields.Has("orgUnit") ? "orgUnit" : ref_key, "required");
    }
    return std::nullopt;
  }
  if (!code.empty()) {
    const OrgUnit* unit = ctx.hierarchy.FindByCode(code, at);
    if (unit == nullptr) {
      fields.Error("orgUnit", "no org unit carries code '" + code + "' on " + at.ToString(),
                   kPlanReference);
      return std::nullopt;
    }
    return ResolvedUnit{unit->id, at, "orgUnit"};
  }
  if (ctx.units == nullptr) {
    fields.Error(
        ref_key,
        "unit reference '" + ref + "' needs a unit table (gemis import plans --units FILE)",
        kPlanReference);
    return std::nullopt;
  }
  const UnitTableEntry* entry = ctx.units->Find(ref);
  if (entry == nullptr) {
    fields.Error(
        ref_key,
        "unit reference '" + ref + "' is not in the unit table " + ctx.units->source_name(),
        kPlanReference);
    return std::nullopt;
  }
  return ResolvedUnit{entry->unit, entry->as_of, std::string(ref_key)};
}

std::string ReadAgencyRef(Context& ctx, Fields& fields, std::string_view key, bool required) {
  std::string code = required ? fields.Required(key) : fields.Text(key);
  if (!code.empty() && !ctx.KnownAgency(code)) {
    fields.Error(key,
                 "unknown agency '" + code + "' (define it under /agencies or import it first)",
                 kPlanReference);
  }
  return code;
}

std::string ReadNodeRef(Context& ctx, Fields& fields, std::string_view key) {
  std::string code = fields.Text(key);
  if (!code.empty() && !ctx.KnownNode(code)) {
    fields.Error(
        key,
        "unknown programme node '" + code + "' (define it under /programme or import it first)",
        kPlanReference);
  }
  return code;
}

bool Context::KnownAgency(const std::string& code) const {
  return agencies.count(code) > 0 || stored.FindAgency(code) != nullptr;
}

bool Context::KnownNode(const std::string& code) const {
  return nodes.count(code) > 0 || stored.FindProgramNode(code) != nullptr;
}

bool Context::KnownNorm(const std::string& code) const {
  return norms.count(code) > 0 || stored.FindNorm(code) != nullptr;
}

bool Context::KnownPlan(const std::string& code) const {
  if (plans.count(code) > 0) return true;
  const Plan* plan = stored.FindPlan(code);  // by code, else by number: only a code counts
  return plan != nullptr && plan->code == code;
}

const std::vector<std::string>& PlaceCountKinds() {
  static const std::vector<std::string> kKinds = {
      "region_iii_communes", "dbkk_villages", "villages", "communes", "wards", "schools"};
  return kKinds;
}

// What a plan's naming of a unit as part of its area means
// (docs/formats/plans-json.md, `areas`):
//   scope          the unit is part of the plan's area (địa bàn thực hiện);
//   dbkk_villages  the unit holds the plan's extremely difficult (ĐBKK)
//                  villages, their number per unit not stated.
const std::vector<std::string>& PlanAreaKinds() {
  static const std::vector<std::string> kKinds = {"scope", "dbkk_villages"};
  return kKinds;
}

}  // namespace gemis::exchange::plan_import
