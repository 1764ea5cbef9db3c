// The vocabulary shared by the HTTP transport (http_server.h), the static
// file server (static_files.h) and the handlers behind them: Beast's request
// and response types, what the transport knows about a request beyond its
// bytes, and the JSON error body every layer of the server answers with.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/messages.h"

namespace gemis::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// What the transport knows about a request beyond its bytes. The transport
// fills remote_address, tls and received; the handler may fill user and
// error_code, which only go to the access log.
struct RequestContext {
  // The client's IP address without port ("127.0.0.1", "::1"; IPv4-mapped
  // IPv6 peers are shown as IPv4). When the peer is one of
  // ServerOptions::trusted_proxies, the rightmost X-Forwarded-For address that
  // is not a trusted proxy instead.
  std::string remote_address;
  // The request came over TLS (handlers mark cookies Secure).
  bool tls = false;
  // When the first byte of the request arrived (for a pipelined request:
  // when the transport started parsing it).
  std::chrono::steady_clock::time_point received;
  // Set by the handler: the authenticated user's id or login name, never a
  // password or token. Logged as "user".
  std::string user;
  // Set by the handler for an error response: the errorCode of the body
  // ("E_NOT_FOUND"). Logged as "error".
  std::string error_code;
};

// Answers one request. Called on a worker thread of HttpServer's pool (or on
// an io thread for requests ServerOptions::run_inline selects), concurrently
// for requests of different connections, so it must be thread-safe. It may
// move the request's body out. An exception it throws becomes a 500
// E_INTERNAL response (the text goes to stderr, not to the client).
using Handler = std::function<Response(Request&, RequestContext&)>;

// The language of user-facing messages for a request: English when the
// Accept-Language header's first language is English ("en", "en-US"),
// Vietnamese otherwise (the catalogue's default, core/messages.h).
Lang PreferredLang(const http::fields& fields);

// A JSON error response:
//   {"status":413,"errorCode":"E_BODY_TOO_LARGE","message":"...","field":"..."}
// ("field" left out when empty), Content-Type application/json;
// charset=utf-8, Cache-Control no-store, with the request's HTTP version and
// keep-alive. error_code is a stable upper-case id clients switch on; message
// is for people.
Response JsonError(const Request& req, http::status status, std::string_view error_code,
                   std::string_view message, std::string_view field = {});
// The same without a parsed request (errors found before the request was
// complete): HTTP/1.1, keep_alive as given.
Response JsonError(unsigned version, bool keep_alive, http::status status,
                   std::string_view error_code, std::string_view message,
                   std::string_view field = {});

// Appends `text` to `out` as a JSON string literal, quotes included. Invalid
// UTF-8 bytes become U+FFFD, so the result is always valid JSON.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace gemis::server
