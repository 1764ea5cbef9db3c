// Internals of the program layer's JSON readers (records_json.cc,
// activities_json.cc): errors located at a JSON pointer, and strict readers
// of members. Not a public header.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/hierarchy.h"
#include "core/plan_book.h"
#include "core/status.h"
#include "exchange/json_document.h"
#include "records/activity_figures.h"
#include "records/register_figures.h"

namespace gemis::program::json_reader {

using nlohmann::json;

// Errors located at a JSON pointer (and, with a document, its line/column).
class Where {
 public:
  Where(std::string source, const exchange::JsonDocument* doc)
      : source_(std::move(source)), doc_(doc) {}
  Status Error(const std::string& pointer, const std::string& message) const;

 private:
  std::string source_;
  const exchange::JsonDocument* doc_;
};

// kInvalidInput for a value that is not an object or has a member not in
// `known` (a misspelt member must not silently lose data).
Status CheckMembers(const Where& w, const json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> known);
// A string member in NFC ("" when absent or null; an error when `required`
// and absent or blank).
Result<std::string> Text(const Where& w, const json& o, const std::string& pointer,
                         std::string_view key, bool required);
// A "YYYY-MM-DD" member (nullopt when absent and not required).
Result<std::optional<Date>> DateMember(const Where& w, const json& o, const std::string& pointer,
                                       std::string_view key, bool required);
// A member parsed by `parse` from its text; absent or "" gives `fallback`.
template <typename T, typename Parse>
Result<T> Named(const Where& w, const json& o, const std::string& pointer, std::string_view key,
                T fallback, Parse parse) {
  GEMIS_ASSIGN_OR_RETURN(std::string text, Text(w, o, pointer, key, false));
  if (text.empty()) return fallback;
  Result<T> v = parse(text);
  if (!v.ok()) return w.Error(exchange::JsonPointerChild(pointer, key), v.status().message());
  return v;
}
// A boolean member (false when absent or null).
Result<bool> Flag(const Where& w, const json& o, const std::string& pointer, std::string_view key);
// The plan named by the "plan" member (a code or number; 0 when absent).
Result<PlanId> PlanMember(const Where& w, const json& o, const std::string& pointer,
                          const PlanBook& plans);
// kInvalidInput unless the root's "format" is `format`.
Status CheckFormat(const Where& w, const json& root, std::string_view format);
// A unit named by uid, or by code on day `at`; errors point at `member`.
Result<OrgUnitId> ResolveUnit(const Where& w, const std::string& pointer, const std::string& key,
                              Date at, const Hierarchy& h, std::string_view member = "orgUnit");
// "facts[3].value" (a Location field of the records layer) as a JSON pointer
// below `pointer`: "/models/0/facts/3/value".
std::string PointerOf(const std::string& pointer, const std::string& field);

// A register file: {"format": `format`, "synthetic", "note", `list`: [...]},
// each item parsed by parse_one(where, item, pointer) into a record whose
// code must be unique in the file (the second one is the error).
template <typename T, typename ParseOne>
Result<std::vector<T>> ParseRecordFile(std::string_view text, const std::string& source,
                                       std::string_view format, const std::string& list,
                                       ParseOne parse_one) {
  GEMIS_ASSIGN_OR_RETURN(exchange::JsonDocument doc, exchange::JsonDocument::Parse(text, source));
  Where w(source, &doc);
  const json& root = doc.root();
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, root, "", {"format", "synthetic", "note", list}));
  GEMIS_RETURN_IF_ERROR(CheckFormat(w, root, format));
  const std::string at = "/" + list;
  auto items = root.find(list);
  if (items == root.end() || !items->is_array()) return w.Error(at, list + " must be a list");
  std::vector<T> out;
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string pointer = exchange::JsonPointerChild(at, i);
    GEMIS_ASSIGN_OR_RETURN(T item, parse_one(w, (*items)[i], pointer));
    for (const T& earlier : out) {
      if (earlier.code == item.code) {
        return w.Error(pointer + "/code", "code " + item.code + " appears twice in the file");
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

// One member of a figure rules file's "activityFigureRules" at `pointer`
// (activities_json.cc), checked by CheckActivityFigureRule.
Result<records::ActivityFigureRule> ParseActivityFigureRule(const Where& w, const json& o,
                                                            const std::string& pointer);

// One member of a figure rules file's "registerFigureRules" at `pointer`
// (cadres_json.cc), checked by CheckRegisterFigureRule.
Result<records::RegisterFigureRule> ParseRegisterFigureRule(const Where& w, const json& o,
                                                            const std::string& pointer);

}  // namespace gemis::program::json_reader
