#include "server/router.h"

#include "server/query_params.h"

namespace gemis::server {

namespace {

// Splits "/api/a/b" into {"api", "a", "b"}; empty segments are kept, so
// "/api//a" does not match "/api/a".
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> got = Segments(path);
  if (want.size() != got.size()) return false;
  params.clear();
  for (size_t i = 0; i < want.size(); ++i) {
    std::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      // Segments are split before decoding, so a parameter may hold an
      // encoded '/' ("288%2FKH-BC%C4%90", a plan number).
      Result<std::string> value = PercentDecode(got[i], false);
      if (got[i].empty() || !value.ok()) return false;
      params.emplace_back(std::string(w.substr(1, w.size() - 2)), std::move(value).value());
    } else if (w != got[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::Find(http::verb method, std::string_view path) const {
  Match m;
  std::vector<std::pair<std::string, std::string>> params;
  // Literal segments win over parameters: "/api/users/me" before
  // "/api/users/{username}". Routes are tried in order of fewer parameters.
  const Route* best = nullptr;
  size_t best_params = SIZE_MAX;
  for (const Route& r : routes_) {
    if (!MatchPattern(r.pattern, path, params)) continue;
    m.path_known = true;
    m.allowed.push_back(r.method);
    if (r.method == method || (method == http::verb::head && r.method == http::verb::get)) {
      if (params.size() < best_params) {
        best = &r;
        best_params = params.size();
        m.params = params;
      }
    }
  }
  m.route = best;
  return m;
}

}  // namespace gemis::server
