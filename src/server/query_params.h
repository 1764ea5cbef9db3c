// The parts of a request target and headers the API reads: the path, query
// parameters (percent-decoded, UTF-8 checked) and cookies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace gemis::server {

// Decodes %XX escapes and, when `plus_is_space`, '+' (query strings).
// kInvalidInput for a bad escape or a result that is not valid UTF-8 or
// holds a NUL.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);
std::string PercentEncode(std::string_view text);

// A parsed request target: "/api/orgUnits/abc?asOf=2025-07-01&page=2".
class RequestTarget {
 public:
  // kInvalidInput (field = the parameter's name) for bad escapes.
  static Result<RequestTarget> Parse(std::string_view target);

  const std::string& path() const { return path_; }
  // The path as sent, still percent-encoded (routes split it before decoding).
  const std::string& raw_path() const { return raw_path_; }
  // The first value of `name`, if given.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value of `name` (repeated parameters, "filter=a&filter=b").
  std::vector<std::string_view> GetAll(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::string path_;
  std::string raw_path_;
  std::vector<std::pair<std::string, std::string>> params_;
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name);

}  // namespace gemis::server
