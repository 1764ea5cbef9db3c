#include "exchange/json_document.h"

#include <algorithm>
#include <vector>

namespace gemis::exchange {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Walks a syntactically valid JSON text and records where every value starts.
// Iterative (an explicit stack), so a deeply nested document cannot overflow
// the call stack.
class PositionIndexer {
 public:
  PositionIndexer(std::string_view text, const std::string& source_name,
                  std::unordered_map<std::string, JsonPosition>& out)
      : text_(text), source_name_(source_name), out_(out) {
    if (text_.substr(0, kBom.size()) == kBom) i_ = kBom.size();
  }

  Status Run() {
    std::string pointer;  // of the value about to be read
    for (;;) {
      SkipSpace();
      GEMIS_RETURN_IF_ERROR(Record(pointer));
      char c = Peek();
      if (c == '{' || c == '[') {
        ++i_;
        stack_.push_back({c == '{', pointer, 0});
        SkipSpace();
        if (Peek() == (c == '{' ? '}' : ']')) {
          ++i_;
          stack_.pop_back();
        } else {
          GEMIS_ASSIGN_OR_RETURN(pointer, FirstChild());
          continue;
        }
      } else {
        SkipScalar();
      }
      // After a value: close finished containers, then move to the next sibling.
      bool next = false;
      while (!stack_.empty() && !next) {
        SkipSpace();
        if (Peek() == ',') {
          ++i_;
          GEMIS_ASSIGN_OR_RETURN(pointer, NextChild());
          next = true;
        } else {
          ++i_;  // '}' or ']'
          stack_.pop_back();
        }
      }
      if (!next) return Status::Ok();
    }
  }

 private:
  struct Frame {
    bool object;
    std::string pointer;
    size_t index;
  };

  char Peek() const { return i_ < text_.size() ? text_[i_] : '\0'; }

  void SkipSpace() {
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '\n') {
        ++line_;
        line_start_ = i_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++i_;
    }
  }

  // Past a string, number or literal (the text is valid: no newline inside).
  void SkipScalar() {
    if (Peek() == '"') {
      SkipString();
      return;
    }
    while (i_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[i_]) == std::string_view::npos) {
      ++i_;
    }
  }

  // Past a string starting at i_; returns its raw (still escaped) contents.
  std::string_view SkipString() {
    size_t start = ++i_;
    bool escaped = false;
    for (; i_ < text_.size(); ++i_) {
      if (escaped) {
        escaped = false;
      } else if (text_[i_] == '\\') {
        escaped = true;
      } else if (text_[i_] == '"') {
        break;
      }
    }
    std::string_view raw = text_.substr(start, i_ - start);
    ++i_;
    return raw;
  }

  // Reads `"key" :` and returns the key's pointer under the top frame.
  Result<std::string> Member() {
    SkipSpace();
    std::string_view raw = SkipString();
    std::string key(raw);
    if (raw.find('\\') != std::string_view::npos) {
      key = nlohmann::json::parse("\"" + std::string(raw) + "\"").get<std::string>();
    }
    SkipSpace();
    ++i_;  // ':'
    return JsonPointerChild(stack_.back().pointer, key);
  }

  Result<std::string> FirstChild() {
    if (stack_.back().object) return Member();
    return JsonPointerChild(stack_.back().pointer, size_t{0});
  }

  Result<std::string> NextChild() {
    Frame& top = stack_.back();
    if (top.object) return Member();
    return JsonPointerChild(top.pointer, ++top.index);
  }

  Status Record(const std::string& pointer) {
    JsonPosition position{line_, static_cast<int>(i_ - line_start_ + 1)};
    if (!out_.emplace(pointer, position).second) {
      return Status::Invalid("duplicate key (a JSON object must not name a member twice)",
                             {source_name_, position.line, position.column, pointer});
    }
    return Status::Ok();
  }

  std::string_view text_;
  const std::string& source_name_;
  std::unordered_map<std::string, JsonPosition>& out_;
  std::vector<Frame> stack_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

// 1-based line and byte column of the 0-based offset `at`.
JsonPosition PositionOf(std::string_view text, size_t at) {
  at = std::min(at, text.size());
  JsonPosition p{1, 1};
  size_t line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = static_cast<int>(at - line_start + 1);
  return p;
}

Status SyntaxError(std::string_view text, const std::string& source_name,
                   const nlohmann::json::exception& e, size_t byte) {
  // nlohmann's text reads "[json.exception.parse_error.101] parse error at
  // line 1, column 2: syntax error …"; keep what follows the position.
  std::string what = e.what();
  size_t at = what.find("parse error");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  // `byte` is the 1-based position of the last byte read: the offending one.
  JsonPosition p = PositionOf(text, byte == 0 ? 0 : byte - 1);
  return Status::Invalid("invalid JSON: " + detail, {source_name, p.line, p.column, ""});
}

}  // namespace

Result<JsonDocument> JsonDocument::Parse(std::string_view text, const std::string& source_name) {
  JsonDocument doc;
  try {
    doc.root_ = nlohmann::json::parse(text.begin(), text.end());
    GEMIS_RETURN_IF_ERROR(PositionIndexer(text, source_name, doc.positions_).Run());
  } catch (const nlohmann::json::parse_error& e) {
    return SyntaxError(text, source_name, e, e.byte);
  } catch (const nlohmann::json::exception& e) {
    return SyntaxError(text, source_name, e, 0);
  }
  return doc;
}

JsonPosition JsonDocument::Find(std::string_view pointer) const {
  for (;;) {
    auto it = positions_.find(std::string(pointer));
    if (it != positions_.end()) return it->second;
    if (pointer.empty()) return {};
    size_t slash = pointer.rfind('/');
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(0, slash);
  }
}

std::string JsonPointerChild(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JsonPointerChild(std::string_view pointer, size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

}  // namespace gemis::exchange
