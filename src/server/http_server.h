// The HTTP/1.1 transport of `gemis serve` (Boost.Beast over Asio), with TLS.
//
// Invariants the transport keeps:
// (1) Responses on one connection are written in the order of its requests
//     (pipelining): a connection reads its next request only after the
//     response to the previous one is written.
// (2) Handlers never run on an io thread (unless ServerOptions::run_inline
//     selects the request): a slow handler delays only its own connection.
// (3) Every phase of a connection has a deadline measured from the start of
//     the phase, not per read: a header must be complete within
//     header_timeout of its first byte, so a client dripping bytes cannot
//     hold a connection (slow loris).
// (4) Memory per connection is bounded by max_header_bytes plus the body
//     limit plus one read buffer; a body over its limit is refused before it
//     is read when its length is known, and as soon as it passes the limit
//     when it is chunked.
// (5) The access log never holds a header value, a query string or a body:
//     only the path, the peer address, the status, sizes, times, and what the
//     handler put in RequestContext::user / error_code.
// (6) Bad input never crashes the server: every malformed request gets a
//     JSON 4xx/5xx (or, once the connection is unusable, a close).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/http_types.h"

namespace gemis::server {

// Body limit for one request, decided from its header before the body is
// read (imports need more than JSON calls). Called on an io thread; must be
// thread-safe and fast.
using BodyLimit = std::function<uint64_t(const http::request_header<>&)>;
// Whether a request's handler is cheap enough to run on the io thread that
// read it, skipping the hop to the worker pool (e.g. a health check). Called
// on an io thread; must be thread-safe and fast.
using RunInline = std::function<bool(const http::request_header<>&)>;

struct ServerOptions {
  // "host:port": an IPv4 address, "[IPv6]" or "localhost" (127.0.0.1), and a
  // port 0-65535 (0: the system picks one; see HttpServer::port()).
  std::string listen = "127.0.0.1:8080";
  // Threads reading and writing sockets (the thread calling Run() is one of
  // them). 0: std::thread::hardware_concurrency().
  int io_threads = 0;
  // Threads running handlers. 0: max(64, 2 × hardware_concurrency):
  // handlers block on the store (a write waits for its group's fsync), so
  // the pool needs more threads than cores — with 2 × 2 threads, four
  // waiting writes starved every read and capped a group commit at four.
  int worker_threads = 0;
  // Request line plus header fields, in bytes; larger → 431 and close.
  uint32_t max_header_bytes = 16 * 1024;
  // Default body limit in bytes; larger → 413 and close.
  uint64_t max_body_bytes = uint64_t{1} << 20;
  // Optional per-request body limit; replaces max_body_bytes when set.
  BodyLimit body_limit;
  // Optional: requests whose handler runs inline on the io thread.
  RunInline run_inline;
  // Deadlines of a connection's phases (see invariant (3)). The first
  // request's header_timeout starts when the connection is accepted (after
  // the TLS handshake); later requests wait up to idle_timeout for their
  // first byte, then header_timeout for the rest of the header.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds body_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds tls_handshake_timeout{std::chrono::seconds(10)};
  // Graceful shutdown: how long in-flight requests may take to finish and
  // be written before their connections are closed forcibly.
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(30)};
  // Open connections; beyond it a new connection gets a 503 and is closed.
  int max_connections = 4096;
  // PEM files of the certificate chain and its private key: both (HTTPS only)
  // or neither (plain HTTP).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Plain HTTP on a non-loopback address (for a reverse proxy in a private
  // network) is refused unless this is set.
  bool allow_insecure_non_loopback = false;
  // Peers whose X-Forwarded-For is believed: IP addresses ("10.0.0.2") or
  // networks ("10.0.0.0/8", "fd00::/8"). For such a peer the rightmost
  // X-Forwarded-For address that is not itself a trusted proxy becomes
  // RequestContext::remote_address. Empty: X-Forwarded-For is ignored.
  std::vector<std::string> trusted_proxies;
  // One JSON line per response (docs/deploy.md); nullptr: no log. Not owned;
  // must outlive the server. Written under a mutex, flushed once a second
  // and when Run() returns.
  std::ostream* access_log = nullptr;
  // Run() also stops on SIGTERM and SIGINT (installed by Create). Tests and
  // embedders that handle signals themselves set false.
  bool handle_signals = true;
};

class HttpServer {
 public:
  // Checks the options, binds and listens (so port() is known), loads the
  // TLS certificate and key; does not serve yet. Errors: kInvalidInput for a
  // malformed listen address, trusted proxy, limit or thread count, or for
  // plain HTTP on a non-loopback address without allow_insecure_non_loopback;
  // kUsage for only one of the TLS files or an empty handler; kIoError
  // naming the file for an unreadable or invalid certificate or key, or
  // naming the address when it cannot be bound (in use, not local).
  static Result<std::unique_ptr<HttpServer>> Create(ServerOptions options, Handler handler);

  // Stops (as Stop()) and waits for Run() to return if it is running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the real one when the options asked for 0).
  uint16_t port() const;
  // "http://127.0.0.1:41234", "https://[::1]:8443".
  std::string url() const;

  // Serves until Stop() (or SIGTERM/SIGINT with handle_signals), then drains:
  // stops accepting, closes idle connections, lets in-flight requests finish
  // and be written with "Connection: close", closes what remains after
  // drain_timeout, waits for running handlers to return, flushes the access
  // log and returns. Call at most once. Blocks the calling thread, which
  // serves as one of the io threads.
  void Run();

  // Begins the graceful shutdown. Thread-safe, idempotent; may be called
  // before Run() (Run() then returns at once) or from a handler.
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gemis::server
