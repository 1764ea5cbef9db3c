#include "server/static_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace gemis::server {

namespace beast = boost::beast;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// The request path as a relative path under the root ("assets/app.js", ""
// for "/"), or nullopt when it is refused (invariant (1)).
std::optional<std::string> DecodePath(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty() || target.front() != '/') return std::nullopt;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  decoded.reserve(target.size());
  for (size_t i = 1; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      if (i + 2 >= target.size()) return std::nullopt;
      int high = hex(target[i + 1]);
      int low = hex(target[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '\0' || c == '\\') return std::nullopt;
    decoded += c;
  }
  // Segments: none empty (but a trailing slash), none starting with '.'.
  size_t start = 0;
  while (start < decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    std::string_view segment(decoded.data() + start, end - start);
    bool trailing = end + 1 == decoded.size();
    if ((segment.empty() && !trailing) || (!segment.empty() && segment.front() == '.')) {
      return std::nullopt;
    }
    start = end + 1;
  }
  return decoded;
}

// `path` resolved (symlinks followed), when it exists inside `root`.
std::optional<fs::path> Inside(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  fs::path resolved = fs::canonical(path, ec);
  if (ec) return std::nullopt;
  auto [root_end, path_end] =
      std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) return std::nullopt;
  return resolved;
}

std::optional<fs::path> RegularFileInside(const fs::path& root, const fs::path& path) {
  std::optional<fs::path> resolved = Inside(root, path);
  std::error_code ec;
  if (!resolved || !fs::is_regular_file(*resolved, ec)) return std::nullopt;
  return resolved;
}

std::string_view ContentType(std::string_view extension) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

bool AcceptsGzip(const Request& req) {
  auto it = req.find(http::field::accept_encoding);
  if (it == req.end()) return false;
  std::optional<bool> gzip, any;
  for (const auto& [coding, params] : http::ext_list(it->value())) {
    bool refused = false;
    for (const auto& [name, value] : params) {
      if (beast::iequals(name, "q")) refused = value.find_first_not_of("0.") == value.npos;
    }
    if (beast::iequals(coding, "gzip")) gzip = !refused;
    if (coding == "*") any = !refused;
  }
  return gzip.value_or(any.value_or(false));
}

// If-None-Match lists the ETag (weak comparison) or is "*".
bool NotModified(const Request& req, std::string_view etag) {
  auto it = req.find(http::field::if_none_match);
  if (it == req.end()) return false;
  std::string_view value = it->value();
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view tag = value.substr(0, comma);
    size_t first = tag.find_first_not_of(" \t");
    size_t last = tag.find_last_not_of(" \t");
    if (first != std::string_view::npos) {
      tag = tag.substr(first, last - first + 1);
      if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
      if (tag == "*" || tag == etag) return true;
    }
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return false;
}

}  // namespace

struct StaticFiles::Found {
  fs::path file;  // the representation without encoding
  std::string_view cache_control;
};

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  fs::path resolved = fs::canonical(root, ec);
  if (!ec && fs::is_directory(resolved, ec)) root_ = std::move(resolved);
}

Response StaticFiles::Serve(const Request& req) const {
  Lang lang = PreferredLang(req);
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    Response res = JsonError(req, http::status::method_not_allowed, "E_METHOD_NOT_ALLOWED",
                             Message(MessageId::kHttpMethodNotAllowed, lang));
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (root_.empty()) {
    return JsonError(req, http::status::not_found, "E_UI_NOT_BUILT",
                     Message(MessageId::kWebUiNotBuilt, lang));
  }
  std::optional<std::string> relative = DecodePath(req.target());
  auto not_found = [&] {
    return JsonError(req, http::status::not_found, "E_NOT_FOUND",
                     Message(MessageId::kHttpNotFound, lang));
  };
  if (!relative) return not_found();
  fs::path wanted = root_ / *relative;
  std::error_code ec;
  if (relative->empty() || relative->back() == '/' || fs::is_directory(wanted, ec)) {
    wanted /= "index.html";
  }
  std::string_view cache =
      relative->rfind("assets/", 0) == 0 ? kImmutable : std::string_view("no-cache");
  if (std::optional<fs::path> file = RegularFileInside(root_, wanted)) {
    return ServeFile(req, Found{*file, cache});
  }
  // A client-side route ("/plans/42") has no extension: the app handles it.
  std::string_view last(*relative);
  last = last.substr(last.rfind('/') + 1);
  if (last.find('.') == std::string_view::npos) return ServeIndex(req);
  return not_found();
}

Response StaticFiles::ServeIndex(const Request& req) const {
  if (std::optional<fs::path> index = RegularFileInside(root_, root_ / "index.html")) {
    return ServeFile(req, Found{*index, "no-cache"});
  }
  return JsonError(req, http::status::not_found, "E_UI_NOT_BUILT",
                   Message(MessageId::kWebUiNotBuilt, PreferredLang(req)));
}

Response StaticFiles::ServeFile(const Request& req, const Found& found) const {
  fs::path file = found.file;
  fs::path gz_path = file;
  gz_path += ".gz";
  std::optional<fs::path> gz = RegularFileInside(root_, gz_path);
  bool gzip = gz && AcceptsGzip(req);
  if (gzip) file = *gz;
  std::error_code size_error, time_error;
  uintmax_t size = fs::file_size(file, size_error);
  auto modified = fs::last_write_time(file, time_error);
  if (size_error || time_error) {
    return JsonError(req, http::status::not_found, "E_NOT_FOUND",
                     Message(MessageId::kHttpNotFound, PreferredLang(req)));
  }
  std::string etag =
      fmt::format("\"{:x}-{:x}{}\"", size, modified.time_since_epoch().count(), gzip ? "-gz" : "");
  Response res{http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(http::field::etag, etag);
  res.set(http::field::cache_control, found.cache_control);
  if (gz) res.set(http::field::vary, "Accept-Encoding");
  if (NotModified(req, etag)) {
    res.result(http::status::not_modified);
    return res;
  }
  res.set(http::field::content_type, ContentType(found.file.extension().string()));
  if (gzip) res.set(http::field::content_encoding, "gzip");
  if (req.method() == http::verb::head) {
    res.content_length(size);
    return res;
  }
  std::ifstream in(file, std::ios::binary);
  std::string& body = res.body();
  body.resize(static_cast<size_t>(size));
  if (!in.read(body.data(), static_cast<std::streamsize>(size))) {
    return JsonError(req, http::status::not_found, "E_NOT_FOUND",
                     Message(MessageId::kHttpNotFound, PreferredLang(req)));
  }
  res.prepare_payload();
  return res;
}

}  // namespace gemis::server
