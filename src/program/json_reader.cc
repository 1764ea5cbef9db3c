#include "program/json_reader.h"

#include <algorithm>

#include "core/text.h"

namespace gemis::program::json_reader {

using exchange::JsonPointerChild;

Status Where::Error(const std::string& pointer, const std::string& message) const {
  Location at{source_, 0, 0, pointer};
  if (doc_ != nullptr) {
    exchange::JsonPosition p = doc_->Find(pointer);
    at.line = p.line;
    at.column = p.column;
  }
  return Status::Invalid(message, at);
}

Status CheckMembers(const Where& w, const json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> known) {
  if (!object.is_object()) return w.Error(pointer, "expected an object");
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return w.Error(JsonPointerChild(pointer, key),
                     "unknown member '" + key + "' (known: " + list + ")");
    }
  }
  return Status::Ok();
}

// A string member ("" when absent or null).
Result<std::string> Text(const Where& w, const json& o, const std::string& pointer,
                         std::string_view key, bool required) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) {
    if (required) return w.Error(JsonPointerChild(pointer, key), std::string(key) + " is required");
    return std::string();
  }
  if (!it->is_string()) {
    return w.Error(JsonPointerChild(pointer, key), std::string(key) + " must be a string");
  }
  Result<std::string> nfc = ToNfc(it->get<std::string>());
  if (!nfc.ok()) return w.Error(JsonPointerChild(pointer, key), nfc.status().message());
  if (required && IsBlank(*nfc)) {
    return w.Error(JsonPointerChild(pointer, key), std::string(key) + " is empty");
  }
  return nfc;
}

Result<std::optional<Date>> DateMember(const Where& w, const json& o, const std::string& pointer,
                                       std::string_view key, bool required) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, Text(w, o, pointer, key, required));
  if (text.empty()) return std::optional<Date>();
  Result<Date> d = Date::Parse(text);
  if (!d.ok()) return w.Error(JsonPointerChild(pointer, key), d.status().message());
  return std::optional<Date>(*d);
}

Result<OrgUnitId> ResolveUnit(const Where& w, const std::string& pointer, const std::string& key,
                              Date at, const Hierarchy& h, std::string_view member) {
  const OrgUnit* u = h.FindByUid(key);
  if (u == nullptr) u = h.FindByCode(key, at);
  if (u == nullptr) {
    return w.Error(JsonPointerChild(pointer, member),
                   "no org unit '" + key + "' on " + at.ToString());
  }
  return u->id;
}

Result<bool> Flag(const Where& w, const json& o, const std::string& pointer, std::string_view key) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return false;
  if (!it->is_boolean()) return w.Error(JsonPointerChild(pointer, key), "expected true or false");
  return it->get<bool>();
}

Result<PlanId> PlanMember(const Where& w, const json& o, const std::string& pointer,
                          const PlanBook& plans) {
  GEMIS_ASSIGN_OR_RETURN(std::string plan, Text(w, o, pointer, "plan", false));
  if (plan.empty()) return PlanId{0};
  bool ambiguous = false;
  const Plan* p = plans.FindPlan(plan, &ambiguous);
  if (p == nullptr) {
    return w.Error(JsonPointerChild(pointer, "plan"),
                   ambiguous ? "plan '" + plan + "' names several plans; use its code"
                             : "no plan '" + plan + "'");
  }
  return p->id;
}

Status CheckFormat(const Where& w, const json& root, std::string_view format) {
  auto f = root.find("format");
  if (f == root.end() || !f->is_string() || f->get<std::string>() != format) {
    return w.Error("/format", "format must be \"" + std::string(format) + "\"");
  }
  return Status::Ok();
}

std::string PointerOf(const std::string& pointer, const std::string& field) {
  std::string rel;
  for (char c : field) rel += (c == '[' || c == '.') ? '/' : c;
  rel.erase(std::remove(rel.begin(), rel.end(), ']'), rel.end());
  return pointer + "/" + rel;
}

}  // namespace gemis::program::json_reader
