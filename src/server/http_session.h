// One connection of the HTTP transport: SessionBase, what the server's control
// strand sees of a session, and Session<Stream>, the state machine over a
// plain or a TLS socket (a handshake, then request after request: read,
// handle, write, until the connection closes or lingers out). The member
// functions are defined in http_session_read.h (handshake, header and body,
// transport errors) and http_session_write.h (handling, writing, the access
// log, closing). Internal to the transport: included by http_server.cc only.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/messages.h"
#include "server/http_server.h"
#include "server/http_server_impl.h"
#include "server/http_support.h"
#include "server/http_types.h"

namespace gemis::server::detail {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
// After a response with "Connection: close", unread request bytes are
// drained for this long (at most kLingerBytes) before the socket is closed,
// so that the client reads the response instead of a reset.
constexpr milliseconds kLingerTimeout{2000};
constexpr size_t kLingerBytes = size_t{1} << 20;
constexpr size_t kHeaderReadBytes = 8 * 1024;
constexpr size_t kBodyReadBytes = 64 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

inline int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

inline std::string Transport(MessageId id, Lang lang) { return std::string(Message(id, lang)); }

// What the control strand needs of a session, whatever its stream type.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual net::any_io_executor executor() = 0;
  // On the session's strand: closes the connection if its deadline passed.
  virtual void CheckDeadline() = 0;
  // On the session's strand: the server is stopping; `force` closes at once.
  virtual void OnStopping(bool force) = 0;

  int64_t deadline() const { return deadline_.load(std::memory_order_relaxed); }

 protected:
  void SetDeadline(milliseconds timeout) {
    deadline_.store(NowNs() + std::chrono::nanoseconds(timeout).count(), std::memory_order_relaxed);
  }
  void ClearDeadline() { deadline_.store(kNoDeadline, std::memory_order_relaxed); }
  bool DeadlinePassed() const { return NowNs() >= deadline(); }

 private:
  std::atomic<int64_t> deadline_{kNoDeadline};
};

// One connection: reads a request, runs the handler, writes the response,
// and again while keep-alive lasts. Every member is used on the session's
// strand only, except request_, context_ and response_, which the worker
// thread running the handler owns between Dispatch and OnHandled.
template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;
  enum class Phase { kHandshake, kIdle, kHeader, kBody, kHandling, kWriting, kLinger, kClosed };

 public:
  template <class... Args>
  Session(HttpServer::Impl& server, bool reject, net::ip::address peer, Args&&... stream_args)
      : server_(server),
        reject_(reject),
        peer_(Unmapped(peer)),
        peer_text_(peer_.to_string()),
        stream_(std::forward<Args>(stream_args)...) {
    if (!reject_) server_.active.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() override {
    if (!reject_) server_.active.fetch_sub(1, std::memory_order_relaxed);
    server_.Unregister(this);
  }

  net::any_io_executor executor() override { return stream_.get_executor(); }

  void Start() {
    server_.Register(this->shared_from_this());
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      SetDeadline(server_.options().tls_handshake_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](const beast::error_code& ec) {
                                if (ec) return self->CloseNow();
                                self->AfterHandshake();
                              });
    } else {
      AfterHandshake();
    }
  }

  void CheckDeadline() override {
    if (phase_ != Phase::kClosed && DeadlinePassed()) CloseNow();
  }

  void OnStopping(bool force) override {
    closing_ = true;
    if (force || phase_ == Phase::kIdle || phase_ == Phase::kHandshake) CloseNow();
  }

 private:
  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }
  const ServerOptions& options() const { return server_.options(); }

  // ------------------------------------------------------------- reading
  // (http_session_read.h)

  void AfterHandshake();
  void StartRequest();
  void BeginHeader();
  void ReadSome();
  void OnRead(const beast::error_code& ec, size_t bytes);
  void Parse();
  // Checks a complete header and sets the body limit; false when it has
  // answered (an error) or will continue itself (after "100 Continue").
  bool OnHeader();
  // Only "Transfer-Encoding: chunked" is understood. Beast ignores codings it
  // does not know, which would read "gzip" as "no body" (request smuggling
  // behind a proxy that disagrees), so they are refused here.
  bool CheckTransferEncoding(const Request& req, Lang lang);
  bool CheckExpect(const Request& req, Lang lang);
  void RejectParseError(const beast::error_code& ec);
  void RejectBodyLimit(uint64_t limit, Lang lang);
  // Answers an error found by the transport and closes the connection: what
  // follows in the stream cannot be trusted to start a request.
  void Reject(http::status status, std::string_view code, const std::string& message);

  // ------------------------------------------------------------ handling
  // (http_session_write.h)

  void SetRemoteAddress(const http::fields& fields);
  void Dispatch();
  void InvokeHandler();
  void OnHandled();

  // ------------------------------------------------------------- writing

  void Write(bool keep_alive);
  // Headers every response gets (invariant: the handler cannot forget them).
  void AddHeaders();
  void OnWrite(const beast::error_code& ec);
  void Log();

  // ------------------------------------------------------------- closing

  void CloseNow();
  // After "Connection: close": a TLS close_notify (without waiting for the
  // peer's), a TCP half-close, then unread bytes are drained for a moment so
  // that the client sees the response rather than a reset.
  void CloseGracefully();
  void HalfCloseAndDrain();
  void Drain();

  HttpServer::Impl& server_;
  const bool reject_;  // over max_connections: answer 503 and close
  const net::ip::address peer_;
  const std::string peer_text_;
  Stream stream_;
  Phase phase_ = Phase::kIdle;
  bool first_request_ = true;
  bool closing_ = false;  // no request after the current one (stop)
  bool keep_alive_ = false;
  bool head_ = false;
  bool expect_continue_ = false;
  size_t drained_ = 0;
  uint64_t body_limit_ = 0;  // of the current request
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  RequestContext context_;
  Response response_;
  std::string log_method_;
  std::string log_path_;
  std::string log_line_;
};

}  // namespace gemis::server::detail
