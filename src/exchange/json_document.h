// A JSON document read for an importer that reports errors by JSON pointer
// (RFC 6901) with the line and column where the value starts: the parsed
// value plus an index pointer → position, built in a second pass over the
// text. Syntax errors carry the line and column of the offending byte.
//
// Invariants:
//  (1) every value of the document (objects, arrays, members, elements) has
//      its position indexed under its pointer ("" for the root,
//      "/plans/0/targets/3/value");
//  (2) a document with an object holding the same key twice is rejected
//      (nlohmann would silently keep the last one, losing data).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace gemis::exchange {

struct JsonPosition {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based byte column
};

class JsonDocument {
 public:
  // Parses `text` (UTF-8; a leading BOM is skipped). Errors are kInvalidInput
  // located at {source_name, line, column}: a syntax error (including
  // ill-formed UTF-8 inside a string), or a duplicate key (field: its pointer).
  static Result<JsonDocument> Parse(std::string_view text, const std::string& source_name);

  const nlohmann::json& root() const { return root_; }
  // Where the value at `pointer` starts; for a pointer that names no value (a
  // missing member), the position of its nearest existing ancestor.
  JsonPosition Find(std::string_view pointer) const;

 private:
  nlohmann::json root_;
  std::unordered_map<std::string, JsonPosition> positions_;
};

// `pointer` extended by one reference token, escaped as RFC 6901 says ("~"
// becomes "~0", "/" becomes "~1"): JsonPointerChild("/plans", "0").
std::string JsonPointerChild(std::string_view pointer, std::string_view token);
std::string JsonPointerChild(std::string_view pointer, size_t index);

}  // namespace gemis::exchange
