// The route table of the JSON API: a method, a path pattern with {params},
// what a caller needs (a signed-in user, an authority), and the function.
// The OpenAPI file (docs/openapi.json) is checked against Routes() by a test.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/authority.h"
#include "server/http_types.h"

namespace gemis::server {

struct Call;
using RouteFn = std::function<Response(Call&)>;

struct Route {
  http::verb method = http::verb::get;
  std::string pattern;  // "/api/orgUnits/{id}"
  // Who may call: nobody signed in (public), any signed-in user (no
  // authority), or a user holding `authority`. Scope checks happen inside.
  bool requires_login = true;
  std::optional<access::Authority> authority;
  RouteFn fn;
  // The handler answers from memory (the World), never the store, so it may
  // run on the io thread that read the request (Api::RunInline) when the
  // World and the caller's credentials are fresh in their caches.
  bool from_memory = false;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_known = false;  // some route has this path (405 rather than 404)
    std::vector<http::verb> allowed;
  };
  // The route for `method` and `path` (as sent: percent-encoded, no query);
  // literal segments compare undecoded, parameters are decoded.
  Match Find(http::verb method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace gemis::server
