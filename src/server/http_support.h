// Helpers of the HTTP transport that know nothing of connections: listen
// addresses and trusted-proxy networks, the Date header and the access log's
// timestamps, the request path the log may show, and the TLS context. Internal
// to src/server (http_server.cc and the headers it includes).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "server/http_server.h"
#include "server/http_types.h"

namespace gemis::server {

// The short names the transport's files use (as http_types.h's `http`).
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace detail {

// ---------------------------------------------------------------- addresses

// An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") as IPv4; others unchanged.
net::ip::address Unmapped(const net::ip::address& address);

// An address or a network of trusted proxies.
struct Network {
  net::ip::address base;
  int prefix = 0;  // leading bits that must match

  bool Contains(const net::ip::address& candidate) const;
};

// "10.0.0.2", "10.0.0.0/8", "fd00::/8"; kInvalidInput naming the text.
Result<Network> ParseNetwork(std::string_view text);

// RequestContext::remote_address: `peer` as text or, when `peer` is in one
// of `networks` (the trusted proxies), the rightmost X-Forwarded-For address
// of `fields` that is not itself in one of them.
std::string ClientAddress(const std::vector<Network>& networks, const net::ip::address& peer,
                          const http::fields& fields);

// Non-empty and ASCII digits only.
bool IsDigits(std::string_view text);

// ServerOptions::listen ("host:port", "[IPv6]:port", "localhost:port");
// kInvalidInput naming the text and what is wrong with it.
Result<tcp::endpoint> ParseListen(const std::string& text);

// -------------------------------------------------------------------- times

// "Sun, 06 Nov 1994 08:49:37 GMT", formatted once a second per thread; valid
// until the calling thread's next call.
std::string_view HttpDate();

// Appends "2026-11-23T01:02:03.456Z" (UTC, milliseconds).
void AppendIsoTime(std::string& out, std::chrono::system_clock::time_point when);

// ------------------------------------------------------------------ the log

// The path of a request target for the log: no query (it can carry
// personal data or tokens), no fragment, no scheme or authority
// (absolute-form targets can carry user:password@).
std::string_view LoggedPath(std::string_view target);

// --------------------------------------------------------------------- TLS

// A TLS 1.2+ server context with the options' certificate chain and key;
// kIoError naming the file that cannot be loaded or does not match.
Result<std::unique_ptr<ssl::context>> LoadTls(const ServerOptions& options);

}  // namespace detail
}  // namespace gemis::server
