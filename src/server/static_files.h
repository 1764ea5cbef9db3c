// Serves the built web UI (Vite's output directory) over GET and HEAD.
//
// Invariants:
// (1) Nothing outside the root is ever read: the decoded path may not hold
//     "..", ".", hidden segments, empty segments, backslashes or NUL, and the
//     file it names, symlinks resolved, must lie inside the root's canonical
//     path. Refusals answer 404 like a missing file, so they tell nothing.
// (2) A path without an extension that names no file serves index.html (the
//     single-page app routes it on the client); a missing file with an
//     extension is a 404.
#pragma once

#include <filesystem>

#include "server/http_types.h"

namespace gemis::server {

class StaticFiles {
 public:
  // `root` need not exist: while it (or its index.html) is missing, every
  // request gets a 404 E_UI_NOT_BUILT saying `make build` builds the UI.
  // The root is resolved once, here.
  explicit StaticFiles(std::filesystem::path root);

  // Answers GET and HEAD for the request's target (query ignored); other
  // methods get 405 with "Allow: GET, HEAD". A file is read whole into the
  // body (HEAD: Content-Length only) with Content-Type by extension, a strong
  // ETag from its size and modification time (If-None-Match → 304) and
  // Cache-Control "public, max-age=31536000, immutable" under /assets/
  // (Vite's content-hashed files) or "no-cache" elsewhere. When the client
  // accepts gzip and "X.gz" exists beside X, that is sent with
  // Content-Encoding: gzip; Vary: Accept-Encoding whenever it exists.
  // Thread-safe (const, reads the file system only). Never throws but
  // std::bad_alloc.
  Response Serve(const Request& req) const;

 private:
  struct Found;
  Response ServeFile(const Request& req, const Found& found) const;
  Response ServeIndex(const Request& req) const;

  std::filesystem::path root_;  // canonical; empty when the root is missing
};

}  // namespace gemis::server
