#include "core/indicator.h"

#include <string_view>
#include <vector>

#include "core/category.h"
#include "core/text.h"
#include "core/uid.h"

namespace gemis {

namespace {

Status Invalid(const Indicator& indicator, const std::string& message, const char* field) {
  std::string who = indicator.code.empty() ? "indicator" : "indicator '" + indicator.code + "'";
  return Status::Invalid(who + ": " + message, Location{.field = field});
}

// Empty when the braces and parentheses of `expression` nest properly (text
// inside '…' or "…" string literals is skipped), else what is wrong.
std::string BracketProblem(std::string_view expression) {
  std::vector<char> open;
  char quote = 0;
  for (size_t i = 0; i < expression.size(); ++i) {
    char c = expression[i];
    auto at = [i] { return " at character " + std::to_string(i + 1); };
    if (quote != 0) {
      if (c == '\\') {
        ++i;  // skips the escaped character
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{' || c == '(') {
      open.push_back(c);
    } else if (c == '}' || c == ')') {
      char expected = c == '}' ? '{' : '(';
      if (open.empty()) return std::string("unmatched '") + c + "'" + at();
      if (open.back() != expected) {
        return std::string("'") + c + "' closes '" + open.back() + "'" + at();
      }
      open.pop_back();
    }
  }
  if (quote != 0) return "unterminated string literal";
  if (!open.empty()) return std::string("unclosed '") + open.back() + "'";
  return {};
}

Status CheckExpression(const Indicator& indicator, std::string_view expression, const char* field) {
  if (IsBlank(expression)) return Invalid(indicator, std::string(field) + " is empty", field);
  std::string problem = BracketProblem(expression);
  if (!problem.empty()) {
    return Invalid(indicator, std::string(field) + " '" + std::string(expression) + "': " + problem,
                   field);
  }
  return Status::Ok();
}

}  // namespace

Status ValidateIndicator(const Indicator& indicator) {
  if (!IsValidUid(indicator.uid)) {
    return Invalid(indicator,
                   "uid '" + Utf8Prefix(indicator.uid, 20) +
                       "' is not a valid uid (11 characters: a letter, then letters or digits)",
                   "uid");
  }
  GEMIS_RETURN_IF_ERROR(CheckCode(indicator.code, "code"));
  if (IsBlank(indicator.name)) return Invalid(indicator, "name is empty", "name");
  GEMIS_RETURN_IF_ERROR(CheckExpression(indicator, indicator.numerator, "numerator"));
  GEMIS_RETURN_IF_ERROR(CheckExpression(indicator, indicator.denominator, "denominator"));
  if (indicator.factor <= 0) {
    return Invalid(indicator, "factor " + std::to_string(indicator.factor) + " is not positive",
                   "factor");
  }
  return Status::Ok();
}

}  // namespace gemis
