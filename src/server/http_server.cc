// The transport in four parts: option checks and TLS set-up (Create), the
// server's control strand (accepting, deadlines, signals, shutdown), one
// Session per connection (a state machine on its own strand), and the small
// formatting helpers of http_types.h (JSON errors, the access log line).
//
// Timeouts are not one timer per connection: each session publishes the
// deadline of its current phase in an atomic, and the control strand sweeps
// all sessions every tick (at most 250 ms), posting a check to the expired
// ones. Setting a deadline is one atomic store, which keeps the per-request
// cost down (invariant (3) of http_server.h, at tick granularity).
#include "server/http_server.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace gemis::server {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
// After a response with "Connection: close", unread request bytes are
// drained for this long (at most kLingerBytes) before the socket is closed,
// so that the client reads the response instead of a reset.
constexpr milliseconds kLingerTimeout{2000};
constexpr size_t kLingerBytes = size_t{1} << 20;
constexpr size_t kHeaderReadBytes = 8 * 1024;
constexpr size_t kBodyReadBytes = 64 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------- addresses

net::ip::address Unmapped(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

// An address or a network of trusted proxies.
struct Network {
  net::ip::address base;
  int prefix = 0;  // leading bits that must match

  bool Contains(const net::ip::address& candidate) const {
    net::ip::address address = Unmapped(candidate);
    if (address.is_v4() != base.is_v4()) return false;
    auto compare = [this](const auto& a, const auto& b) {
      int bits = prefix;
      for (size_t i = 0; i < a.size() && bits > 0; ++i, bits -= 8) {
        unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
        if ((a[i] & mask) != (b[i] & mask)) return false;
      }
      return true;
    };
    if (address.is_v4()) return compare(address.to_v4().to_bytes(), base.to_v4().to_bytes());
    return compare(address.to_v6().to_bytes(), base.to_v6().to_bytes());
  }
};

Result<Network> ParseNetwork(std::string_view text) {
  std::string_view host = text;
  std::optional<int> prefix;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    host = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    int value = 0;
    if (digits.empty() || digits.size() > 3) value = -1;
    for (char c : digits)
      value = (c >= '0' && c <= '9' && value >= 0) ? value * 10 + (c - '0') : -1;
    if (value < 0) return Status::Invalid(fmt::format("invalid trusted proxy '{}'", text));
    prefix = value;
  }
  beast::error_code ec;
  net::ip::address address = Unmapped(net::ip::make_address(std::string(host), ec));
  int max_prefix = address.is_v4() ? 32 : 128;
  if (ec || prefix.value_or(0) > max_prefix) {
    return Status::Invalid(fmt::format(
        "invalid trusted proxy '{}': expected an IP address or a network such as 10.0.0.0/8",
        text));
  }
  return Network{address, prefix.value_or(max_prefix)};
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<tcp::endpoint> ParseListen(const std::string& text) {
  auto invalid = [&text](std::string_view why) {
    return Status::Invalid(fmt::format("invalid listen address '{}': {}", text, why));
  };
  std::string host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return invalid("expected [IPv6 address]:port");
    }
    host = text.substr(1, close - 1);
    port = std::string_view(text).substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos) return invalid("expected host:port");
    host = text.substr(0, colon);
    port = std::string_view(text).substr(colon + 1);
    if (host.find(':') != std::string::npos) return invalid("write an IPv6 address as [::1]:port");
  }
  if (!IsDigits(port) || port.size() > 5 || std::stoul(std::string(port)) > 65535) {
    return invalid("the port must be a number from 0 to 65535");
  }
  if (host == "localhost") host = "127.0.0.1";
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(host, ec);
  if (ec || host.empty() || (text.front() == '[' && !address.is_v6())) {
    return invalid("the host must be an IP address, [IPv6 address] or localhost");
  }
  return tcp::endpoint(address, static_cast<uint16_t>(std::stoul(std::string(port))));
}

// -------------------------------------------------------------------- times

// "Sun, 06 Nov 1994 08:49:37 GMT", formatted once a second per thread.
std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local char text[64];
  thread_local int length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm t{};
    gmtime_r(&now, &t);
    length = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                           kDays[t.tm_wday % 7], t.tm_mday, kMonths[t.tm_mon % 12],
                           t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    cached = now;
  }
  return {text, static_cast<size_t>(length)};
}

// Appends "2026-11-23T01:02:03.456Z" (UTC, milliseconds).
void AppendIsoTime(std::string& out, std::chrono::system_clock::time_point when) {
  auto ms = std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  thread_local std::time_t cached = -1;
  thread_local char prefix[64];
  if (seconds != cached) {
    std::tm t{};
    gmtime_r(&seconds, &t);
    std::snprintf(prefix, sizeof prefix, "%04d-%02d-%02dT%02d:%02d:%02d", t.tm_year + 1900,
                  t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
    cached = seconds;
  }
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  out += prefix;
  out += millis;
}

// The path of a request target for the log: no query (it can carry
// personal data or tokens), no fragment, no scheme or authority
// (absolute-form targets can carry user:password@).
std::string_view LoggedPath(std::string_view target) {
  if (!target.empty() && target.front() != '/') {
    size_t scheme = target.find("://");
    if (scheme != std::string_view::npos) {
      size_t path = target.find('/', scheme + 3);
      target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
  }
  return target.substr(0, target.find_first_of("?#"));
}

// --------------------------------------------------------------------- TLS

Result<std::unique_ptr<ssl::context>> LoadTls(const ServerOptions& options) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  beast::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  SSL_CTX* native = context->native_handle();
  if (ec || SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Status::Internal("cannot configure TLS: " + ec.message());
  }
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  // TLS 1.2 suites with forward secrecy and AEAD only (TLS 1.3 has only such).
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  // An encrypted key must not make OpenSSL prompt on the terminal.
  context->set_password_callback(
      [](std::size_t, ssl::context::password_purpose) { return std::string(); }, ec);
  // The key first: OpenSSL refuses a key that does not match a loaded
  // certificate with a vaguer error than SSL_CTX_check_private_key's below.
  context->use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    return Status::Io(fmt::format("cannot load the TLS private key '{}': {}", options.tls_key_file,
                                  ec.message()));
  }
  context->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    return Status::Io(fmt::format("cannot load the TLS certificate '{}': {}", options.tls_cert_file,
                                  ec.message()));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return Status::Io(fmt::format("the TLS private key '{}' does not match the certificate '{}'",
                                  options.tls_key_file, options.tls_cert_file));
  }
  return context;
}

std::string Transport(MessageId id, Lang lang) { return std::string(Message(id, lang)); }

}  // namespace

// ------------------------------------------------------------ JSON helpers

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7F) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: copied when well-formed (no overlong forms,
    // surrogates or code points past U+10FFFF), else one U+FFFD per byte.
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid = length != 0 && c <= 0xF4 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length >= 3) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) valid = false;   // overlong
      if (c == 0xED && c1 >= 0xA0) valid = false;  // surrogate
      if (c == 0xF0 && c1 < 0x90) valid = false;   // overlong
      if (c == 0xF4 && c1 >= 0x90) valid = false;  // past U+10FFFF
    }
    if (valid) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

Lang PreferredLang(const http::fields& fields) {
  auto it = fields.find(http::field::accept_language);
  if (it == fields.end()) return Lang::kVi;
  std::string_view value = it->value();
  size_t start = value.find_first_not_of(" \t");
  if (start == std::string_view::npos) return Lang::kVi;
  std::string_view first = value.substr(start, value.find_first_of(",; \t", start) - start);
  bool english = first.size() >= 2 && (first[0] == 'e' || first[0] == 'E') &&
                 (first[1] == 'n' || first[1] == 'N') && (first.size() == 2 || first[2] == '-');
  return english ? Lang::kEn : Lang::kVi;
}

Response JsonError(unsigned version, bool keep_alive, http::status status,
                   std::string_view error_code, std::string_view message, std::string_view field) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  std::string& body = res.body();
  body.reserve(64 + error_code.size() + message.size() + field.size());
  body += "{\"status\":";
  body += std::to_string(static_cast<unsigned>(status));
  body += ",\"errorCode\":";
  AppendJsonString(body, error_code);
  body += ",\"message\":";
  AppendJsonString(body, message);
  if (!field.empty()) {
    body += ",\"field\":";
    AppendJsonString(body, field);
  }
  body += '}';
  res.prepare_payload();
  return res;
}

Response JsonError(const Request& req, http::status status, std::string_view error_code,
                   std::string_view message, std::string_view field) {
  return JsonError(req.version(), req.keep_alive(), status, error_code, message, field);
}

// ------------------------------------------------------------------ server

namespace {

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

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Handler handler, std::vector<Network> trusted)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        trusted_(std::move(trusted)),
        control_(net::make_strand(ioc_)),
        acceptor_(control_),
        sweep_timer_(control_),
        flush_timer_(control_),
        drain_timer_(control_),
        retry_timer_(control_) {}
  ~Impl();

  Status Listen(const tcp::endpoint& endpoint);
  Status LoadTlsContext();
  Status InstallSignals();
  void Run();
  void Stop() {
    net::post(control_, [this] { BeginStop(); });
  }
  void WaitUntilNotRunning() {
    std::unique_lock lock(running_mutex_);
    running_cv_.wait(lock, [this] { return !running_; });
  }

  // For sessions.
  const ServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  ssl::context* tls() const { return tls_.get(); }
  net::thread_pool& pool() { return *pool_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  bool has_trusted_proxies() const { return !trusted_.empty(); }
  std::string RemoteAddress(const net::ip::address& peer, const http::fields& fields) const;
  void Register(const std::shared_ptr<SessionBase>& session);
  void Unregister(SessionBase* session);
  void Log(const std::string& line);
  uint16_t port() const { return port_; }
  std::atomic<int> active{0};  // accepted, not rejected, connections

 private:
  void StartServing();
  void Accept();
  void OnAccept(const beast::error_code& ec, tcp::socket socket);
  void WaitSignal();
  void Sweep();
  void Flush();
  void BeginStop();
  void ForceClose();
  void Finish();
  std::vector<std::shared_ptr<SessionBase>> Sessions(bool expired_only);
  milliseconds Tick() const;

  ServerOptions options_;
  Handler handler_;
  std::vector<Network> trusted_;
  std::mutex log_mutex_;
  std::mutex registry_mutex_;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> destroying_{false};
  bool finished_ = false;  // control strand only
  uint16_t port_ = 0;
  std::mutex running_mutex_;
  std::condition_variable running_cv_;
  bool running_ = false;
  // Sessions hold references to the TLS context and to this object: the
  // io_context, destroyed first, destroys every session still queued.
  std::unique_ptr<ssl::context> tls_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  net::steady_timer sweep_timer_;
  net::steady_timer flush_timer_;
  net::steady_timer drain_timer_;
  net::steady_timer retry_timer_;
  std::optional<net::signal_set> signals_;
  std::optional<net::thread_pool> pool_;
};

namespace {

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

  void AfterHandshake() {
    if (reject_) {
      Lang lang = Lang::kVi;
      return Reject(http::status::service_unavailable, "E_OVERLOADED",
                    Transport(MessageId::kHttpOverloaded, lang));
    }
    StartRequest();
  }

  // ------------------------------------------------------------- reading

  void StartRequest() {
    parser_.emplace();
    parser_->header_limit(options().max_header_bytes);
    // No limit while the header is read (Beast would compare a
    // Content-Length with it before we know the request's own limit).
    parser_->body_limit(std::numeric_limits<uint64_t>::max());
    if (buffer_.size() > 0) {  // a pipelined request
      BeginHeader();
      return Parse();
    }
    phase_ = Phase::kIdle;
    SetDeadline(first_request_ ? options().header_timeout : options().idle_timeout);
    ReadSome();
  }

  void BeginHeader() {
    phase_ = Phase::kHeader;
    context_.received = Clock::now();
    // The first request's header deadline runs from the accept.
    if (!first_request_) SetDeadline(options().header_timeout);
  }

  void ReadSome() {
    size_t size = phase_ == Phase::kBody ? kBodyReadBytes : kHeaderReadBytes;
    stream_.async_read_some(buffer_.prepare(size), [self = this->shared_from_this()](
                                                       const beast::error_code& ec, size_t bytes) {
      self->OnRead(ec, bytes);
    });
  }

  void OnRead(const beast::error_code& ec, size_t bytes) {
    // End of stream, reset, timeout or stop: a partial request is dropped
    // without an answer (nobody would read it).
    if (ec || phase_ == Phase::kClosed) return CloseNow();
    buffer_.commit(bytes);
    if (phase_ == Phase::kIdle) BeginHeader();
    Parse();
  }

  void Parse() {
    for (;;) {
      beast::error_code ec;
      bool header_done = parser_->is_header_done();
      if (header_done && parser_->is_done()) return Dispatch();
      if (header_done && buffer_.size() == 0) return ReadSome();
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        // Beast bounds the header but not a chunk header's extensions.
        if (buffer_.size() > options().max_header_bytes) {
          return RejectParseError(http::error::bad_chunk_extension);
        }
        return ReadSome();
      }
      if (ec) return RejectParseError(ec);
      if (!header_done && parser_->is_header_done() && !OnHeader()) return;
    }
  }

  // Checks a complete header and sets the body limit; false when it has
  // answered (an error) or will continue itself (after "100 Continue").
  bool OnHeader() {
    const auto& req = parser_->get();
    Lang lang = PreferredLang(req);
    if (req.version() >= 11 && req.find(http::field::host) == req.end()) {
      Reject(http::status::bad_request, "E_BAD_REQUEST",
             Transport(MessageId::kHttpMissingHost, lang));
      return false;
    }
    if (!CheckTransferEncoding(req, lang) || !CheckExpect(req, lang)) return false;
    uint64_t limit = options().max_body_bytes;
    if (options().body_limit) {
      try {
        limit = options().body_limit(req.base());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "gemis serve: body limit callback failed: %s\n", e.what());
      }
    }
    if (auto length = parser_->content_length(); length && *length > limit) {
      RejectBodyLimit(limit, lang);
      return false;
    }
    body_limit_ = limit;
    parser_->body_limit(limit);
    if (parser_->is_done()) return true;
    phase_ = Phase::kBody;
    SetDeadline(options().body_timeout);
    if (expect_continue_ && buffer_.size() == 0) {
      net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                       [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
                         if (ec) return self->CloseNow();
                         self->Parse();
                       });
      return false;
    }
    return true;
  }

  // Only "Transfer-Encoding: chunked" is understood. Beast ignores codings it
  // does not know, which would read "gzip" as "no body" (request smuggling
  // behind a proxy that disagrees), so they are refused here.
  bool CheckTransferEncoding(const Request& req, Lang lang) {
    std::vector<std::string_view> codings;
    auto [first, last] = req.equal_range(http::field::transfer_encoding);
    for (auto field = first; field != last; ++field) {
      for (std::string_view token : http::token_list(field->value())) codings.push_back(token);
    }
    if (codings.empty() || (codings.size() == 1 && beast::iequals(codings[0], "chunked"))) {
      return true;
    }
    bool chunked_last = beast::iequals(codings.back(), "chunked");
    if (chunked_last) {
      Reject(http::status::not_implemented, "E_NOT_IMPLEMENTED",
             Transport(MessageId::kHttpUnsupportedTransferEncoding, lang));
    } else {
      Reject(http::status::bad_request, "E_BAD_REQUEST",
             Transport(MessageId::kHttpBadRequest, lang));
    }
    return false;
  }

  bool CheckExpect(const Request& req, Lang lang) {
    auto it = req.find(http::field::expect);
    expect_continue_ = false;
    if (it == req.end()) return true;
    if (beast::iequals(it->value(), "100-continue")) {
      expect_continue_ = req.version() >= 11;
      return true;
    }
    Reject(http::status::expectation_failed, "E_EXPECTATION_FAILED",
           Transport(MessageId::kHttpExpectationFailed, lang));
    return false;
  }

  void RejectParseError(const beast::error_code& ec) {
    Lang lang = parser_->is_header_done() ? PreferredLang(parser_->get()) : Lang::kVi;
    if (ec == http::error::header_limit) {
      return Reject(http::status::request_header_fields_too_large, "E_HEADER_TOO_LARGE",
                    fmt::format(fmt::runtime(Message(MessageId::kHttpHeaderTooLarge, lang)),
                                options().max_header_bytes));
    }
    if (ec == http::error::body_limit) {
      return RejectBodyLimit(body_limit_, lang);
    }
    Reject(http::status::bad_request, "E_BAD_REQUEST", Transport(MessageId::kHttpBadRequest, lang));
  }

  void RejectBodyLimit(uint64_t limit, Lang lang) {
    Reject(http::status::payload_too_large, "E_BODY_TOO_LARGE",
           fmt::format(fmt::runtime(Message(MessageId::kHttpBodyTooLarge, lang)), limit));
  }

  // Answers an error found by the transport and closes the connection: what
  // follows in the stream cannot be trusted to start a request.
  void Reject(http::status status, std::string_view code, const std::string& message) {
    bool header_done = parser_ && parser_->is_header_done();
    unsigned version = header_done ? parser_->get().version() : 11;
    if (header_done) {
      log_method_ = parser_->get().method_string();
      log_path_ = LoggedPath(parser_->get().target());
      SetRemoteAddress(parser_->get());
    } else {
      log_method_.clear();
      log_path_.clear();
      context_.remote_address = peer_text_;
    }
    if (phase_ == Phase::kIdle || phase_ == Phase::kHandshake) context_.received = Clock::now();
    context_.error_code = code;
    context_.user.clear();
    response_ = JsonError(version, false, status, code, message);
    head_ = false;
    Write(false);
  }

  // ------------------------------------------------------------ handling

  void SetRemoteAddress(const http::fields& fields) {
    if (server_.has_trusted_proxies()) {
      context_.remote_address = server_.RemoteAddress(peer_, fields);
    } else {
      context_.remote_address = peer_text_;  // reuses the string's storage
    }
  }

  void Dispatch() {
    request_ = parser_->release();
    SetRemoteAddress(request_);
    context_.tls = kTls;
    context_.user.clear();
    context_.error_code.clear();
    phase_ = Phase::kHandling;
    ClearDeadline();  // handlers may be slow; a stop drains them
    bool inline_call = false;
    if (options().run_inline) {
      try {
        inline_call = options().run_inline(request_.base());
      } catch (const std::exception&) {
        inline_call = false;
      }
    }
    if (inline_call) {
      InvokeHandler();
      return OnHandled();
    }
    net::post(server_.pool(), [self = this->shared_from_this()] {
      self->InvokeHandler();
      net::post(self->executor(), [self] { self->OnHandled(); });
    });
  }

  void InvokeHandler() {
    log_method_ = request_.method_string();
    log_path_ = LoggedPath(request_.target());
    head_ = request_.method() == http::verb::head;
    try {
      response_ = server_.handler()(request_, context_);
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gemis serve: handler failed on %s %s: %s\n", log_method_.c_str(),
                   log_path_.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "gemis serve: handler failed on %s %s\n", log_method_.c_str(),
                   log_path_.c_str());
    }
    context_.error_code = "E_INTERNAL";
    response_ = JsonError(request_, http::status::internal_server_error, "E_INTERNAL",
                          Transport(MessageId::kHttpInternalError, PreferredLang(request_)));
  }

  void OnHandled() {
    if (phase_ == Phase::kClosed) return;  // closed forcibly meanwhile
    response_.version(request_.version());
    Write(request_.keep_alive() && !closing_ && !server_.stopping());
  }

  // ------------------------------------------------------------- writing

  void Write(bool keep_alive) {
    keep_alive_ = keep_alive;
    AddHeaders();
    phase_ = Phase::kWriting;
    SetDeadline(options().write_timeout);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
                        self->OnWrite(ec);
                      });
  }

  // Headers every response gets (invariant: the handler cannot forget them).
  void AddHeaders() {
    Response& res = response_;
    res.set(http::field::server, "gemis");
    res.set(http::field::date, HttpDate());
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "same-origin");
    if (res.find("Content-Security-Policy") == res.end()) {
      res.set("Content-Security-Policy", "default-src 'self'");
    }
    if (res.find(http::field::x_frame_options) == res.end()) {
      res.set(http::field::x_frame_options, "DENY");
    }
    if constexpr (kTls) {
      res.set(http::field::strict_transport_security, "max-age=31536000; includeSubDomains");
    }
    unsigned status = res.result_int();
    if (status == 204 || status == 304 || status < 200) {
      res.body().clear();
      if (status != 304) res.erase(http::field::content_length);
    } else if (head_) {
      // The length of what GET would send; a handler that already set it
      // (StaticFiles) leaves the body empty.
      if (!res.body().empty() || !res.has_content_length()) res.content_length(res.body().size());
      res.body().clear();
    } else {
      res.prepare_payload();
    }
    res.keep_alive(keep_alive_);
  }

  void OnWrite(const beast::error_code& ec) {
    Log();
    // An import's body or a large report is not kept while the connection
    // waits for its next request.
    request_ = {};
    response_ = {};
    if (ec || phase_ == Phase::kClosed) return CloseNow();
    // closing_: the server began stopping while this response was written
    // with keep-alive.
    if (!keep_alive_ || closing_) return CloseGracefully();
    first_request_ = false;
    StartRequest();
  }

  void Log() {
    if (options().access_log == nullptr) return;
    auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - context_.received);
    std::string& line = log_line_;
    line.clear();
    line += "{\"time\":\"";
    AppendIsoTime(line, std::chrono::system_clock::now());
    line += "\",\"remote\":";
    AppendJsonString(line, context_.remote_address);
    line += ",\"method\":";
    AppendJsonString(line, log_method_);
    line += ",\"path\":";
    AppendJsonString(line, log_path_);
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, ",\"status\":%u,\"bytes\":%zu,\"ms\":%.2f",
                  response_.result_int(), response_.body().size(), elapsed.count());
    line += numbers;
    if (!context_.user.empty()) {
      line += ",\"user\":";
      AppendJsonString(line, context_.user);
    }
    if (!context_.error_code.empty()) {
      line += ",\"error\":";
      AppendJsonString(line, context_.error_code);
    }
    line += "}\n";
    server_.Log(line);
  }

  // ------------------------------------------------------------- closing

  void CloseNow() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    ClearDeadline();
    beast::error_code ignored;
    socket().close(ignored);  // cancels pending operations
  }

  // After "Connection: close": a TLS close_notify (without waiting for the
  // peer's), a TCP half-close, then unread bytes are drained for a moment so
  // that the client sees the response rather than a reset.
  void CloseGracefully() {
    phase_ = Phase::kLinger;
    SetDeadline(kLingerTimeout);
    if constexpr (kTls) {
      SSL_set_shutdown(stream_.native_handle(), SSL_RECEIVED_SHUTDOWN);
      stream_.async_shutdown([self = this->shared_from_this()](const beast::error_code&) {
        self->HalfCloseAndDrain();
      });
    } else {
      HalfCloseAndDrain();
    }
  }

  void HalfCloseAndDrain() {
    if (phase_ == Phase::kClosed) return;
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
    Drain();
  }

  void Drain() {
    buffer_.clear();
    socket().async_read_some(
        buffer_.prepare(kBodyReadBytes),
        [self = this->shared_from_this()](const beast::error_code& ec, size_t bytes) {
          self->drained_ += bytes;
          if (ec || self->drained_ > kLingerBytes || self->phase_ == Phase::kClosed) {
            return self->CloseNow();
          }
          self->Drain();
        });
  }

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

}  // namespace

// ------------------------------------------------------- HttpServer::Impl

HttpServer::Impl::~Impl() {
  destroying_.store(true);
  if (pool_) pool_->join();
}

Status HttpServer::Impl::Listen(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Io(fmt::format("cannot listen on {}: {}", options_.listen, ec.message()));
  }
  port_ = acceptor_.local_endpoint(ec).port();
  return Status::Ok();
}

Status HttpServer::Impl::LoadTlsContext() {
  GEMIS_ASSIGN_OR_RETURN(tls_, LoadTls(options_));
  return Status::Ok();
}

Status HttpServer::Impl::InstallSignals() {
  signals_.emplace(control_);
  beast::error_code ec;
  signals_->add(SIGINT, ec);
  if (!ec) signals_->add(SIGTERM, ec);
  if (ec) return Status::Io("cannot handle SIGINT and SIGTERM: " + ec.message());
  return Status::Ok();
}

std::string HttpServer::Impl::RemoteAddress(const net::ip::address& peer,
                                            const http::fields& fields) const {
  auto trusted = [this](const net::ip::address& address) {
    return std::any_of(trusted_.begin(), trusted_.end(),
                       [&address](const Network& n) { return n.Contains(address); });
  };
  if (trusted_.empty() || !trusted(peer)) return peer.to_string();
  // The addresses of all X-Forwarded-For fields in order; read right to
  // left, each trusted proxy vouches for the address left of it.
  std::vector<std::string_view> hops;
  auto [first_field, last_field] = fields.equal_range("X-Forwarded-For");
  for (auto field = first_field; field != last_field; ++field) {
    std::string_view value = field->value();
    while (!value.empty()) {
      size_t comma = value.find(',');
      std::string_view hop = value.substr(0, comma);
      size_t first = hop.find_first_not_of(" \t");
      size_t last = hop.find_last_not_of(" \t");
      if (first != std::string_view::npos) hops.push_back(hop.substr(first, last - first + 1));
      value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
  }
  net::ip::address client = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    beast::error_code ec;
    net::ip::address hop = Unmapped(net::ip::make_address(std::string(*it), ec));
    if (ec) break;  // garbage: believe no further
    client = hop;
    if (!trusted(hop)) break;
  }
  return client.to_string();
}

void HttpServer::Impl::Register(const std::shared_ptr<SessionBase>& session) {
  std::lock_guard lock(registry_mutex_);
  sessions_.emplace(session.get(), session);
}

void HttpServer::Impl::Unregister(SessionBase* session) {
  bool last = false;
  {
    std::lock_guard lock(registry_mutex_);
    sessions_.erase(session);
    last = sessions_.empty() && stopping();
  }
  if (last && !destroying_.load()) net::post(control_, [this] { Finish(); });
}

std::vector<std::shared_ptr<SessionBase>> HttpServer::Impl::Sessions(bool expired_only) {
  std::vector<std::shared_ptr<SessionBase>> result;
  int64_t now = NowNs();
  std::lock_guard lock(registry_mutex_);
  result.reserve(expired_only ? 0 : sessions_.size());
  for (auto& [raw, weak] : sessions_) {
    if (auto session = weak.lock(); session && (!expired_only || session->deadline() <= now)) {
      result.push_back(std::move(session));
    }
  }
  // The shared_ptrs are released by the caller, outside the lock: the last
  // one runs the destructor, which takes the lock to unregister.
  return result;
}

void HttpServer::Impl::Log(const std::string& line) {
  std::lock_guard lock(log_mutex_);
  options_.access_log->write(line.data(), static_cast<std::streamsize>(line.size()));
}

milliseconds HttpServer::Impl::Tick() const {
  milliseconds shortest =
      std::min({options_.header_timeout, options_.body_timeout, options_.write_timeout,
                options_.idle_timeout, options_.tls_handshake_timeout, kLingerTimeout});
  return std::clamp(shortest / 4, milliseconds(10), milliseconds(250));
}

void HttpServer::Impl::Run() {
  {
    std::lock_guard lock(running_mutex_);
    if (running_ || pool_) return;  // Run() is called once
    running_ = true;
  }
  unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  int workers = options_.worker_threads > 0 ? options_.worker_threads
                                             : std::max(64, 2 * static_cast<int>(hardware));
  int io = options_.io_threads > 0 ? options_.io_threads : static_cast<int>(hardware);
  pool_.emplace(workers);
  net::post(control_, [this] { StartServing(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < io; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& thread : threads) thread.join();
  pool_->join();
  if (options_.access_log != nullptr) {
    std::lock_guard lock(log_mutex_);
    options_.access_log->flush();
  }
  std::lock_guard lock(running_mutex_);
  running_ = false;
  running_cv_.notify_all();
}

void HttpServer::Impl::StartServing() {
  if (finished_ || stopping()) return;
  Accept();
  WaitSignal();
  Sweep();
  Flush();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(
      net::make_strand(ioc_),
      [this](const beast::error_code& ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void HttpServer::Impl::OnAccept(const beast::error_code& ec, tcp::socket socket) {
  if (stopping() || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors and the like: pause instead of spinning.
    retry_timer_.expires_after(milliseconds(100));
    retry_timer_.async_wait([this](const beast::error_code& wait) {
      if (!wait && !stopping()) Accept();
    });
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  net::ip::address peer = socket.remote_endpoint(ignored).address();
  bool reject = active.load(std::memory_order_relaxed) >= options_.max_connections;
  if (tls_) {
    std::make_shared<Session<beast::ssl_stream<tcp::socket>>>(*this, reject, peer,
                                                              std::move(socket), *tls_)
        ->Start();
  } else {
    std::make_shared<Session<tcp::socket>>(*this, reject, peer, std::move(socket))->Start();
  }
  Accept();
}

void HttpServer::Impl::WaitSignal() {
  // After Finish nothing may wait any more, or Run() would never return (the
  // first signal's BeginStop finishes at once when no connection is open).
  if (!signals_ || finished_) return;
  signals_->async_wait([this](const beast::error_code& ec, int) {
    if (ec) return;
    // A second signal does not wait for the drain.
    if (stopping()) return ForceClose();
    BeginStop();
    WaitSignal();
  });
}

void HttpServer::Impl::Sweep() {
  if (finished_) return;
  for (auto& session : Sessions(true)) {
    net::post(session->executor(), [session] { session->CheckDeadline(); });
  }
  sweep_timer_.expires_after(Tick());
  sweep_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) Sweep();
  });
}

void HttpServer::Impl::Flush() {
  if (finished_ || options_.access_log == nullptr) return;
  {
    std::lock_guard lock(log_mutex_);
    options_.access_log->flush();
  }
  flush_timer_.expires_after(std::chrono::seconds(1));
  flush_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) Flush();
  });
}

void HttpServer::Impl::BeginStop() {
  if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
  beast::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  auto sessions = Sessions(false);
  if (sessions.empty()) return Finish();
  for (auto& session : sessions) {
    net::post(session->executor(), [session] { session->OnStopping(false); });
  }
  drain_timer_.expires_after(options_.drain_timeout);
  drain_timer_.async_wait([this](const beast::error_code& ec) {
    if (!ec) ForceClose();
  });
}

void HttpServer::Impl::ForceClose() {
  for (auto& session : Sessions(false)) {
    net::post(session->executor(), [session] { session->OnStopping(true); });
  }
}

void HttpServer::Impl::Finish() {
  if (finished_) return;
  {
    std::lock_guard lock(registry_mutex_);
    if (!sessions_.empty()) return;  // a Finish posted before a late session
  }
  finished_ = true;
  sweep_timer_.cancel();
  flush_timer_.cancel();
  drain_timer_.cancel();
  retry_timer_.cancel();
  if (signals_) {
    beast::error_code ignored;
    signals_->cancel(ignored);
  }
}

// -------------------------------------------------------------- HttpServer

Result<std::unique_ptr<HttpServer>> HttpServer::Create(ServerOptions options, Handler handler) {
  if (!handler) return Status::Usage("HttpServer::Create needs a handler");
  if (options.io_threads < 0 || options.worker_threads < 0 || options.max_connections < 1 ||
      options.max_header_bytes < 256) {
    return Status::Invalid(
        "invalid server limits: thread counts must be >= 0, max_connections >= 1 and "
        "max_header_bytes >= 256");
  }
  for (milliseconds timeout : {options.header_timeout, options.body_timeout, options.write_timeout,
                               options.idle_timeout, options.tls_handshake_timeout}) {
    if (timeout <= milliseconds(0)) return Status::Invalid("server timeouts must be positive");
  }
  GEMIS_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ParseListen(options.listen));
  bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return Status::Usage("--tls-cert and --tls-key must be given together");
  }
  if (!tls && !endpoint.address().is_loopback() && !options.allow_insecure_non_loopback) {
    return Status::Invalid(fmt::format(
        "refusing plain HTTP on the non-loopback address {}: passwords and session cookies "
        "would cross the network unencrypted. Give --tls-cert and --tls-key, or listen on "
        "127.0.0.1 or [::1] behind a reverse proxy that terminates TLS (docs/deploy.md)",
        options.listen));
  }
  std::vector<Network> trusted;
  for (const std::string& proxy : options.trusted_proxies) {
    GEMIS_ASSIGN_OR_RETURN(Network network, ParseNetwork(proxy));
    trusted.push_back(network);
  }
  bool handle_signals = options.handle_signals;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler), std::move(trusted));
  if (tls) GEMIS_RETURN_IF_ERROR(impl->LoadTlsContext());
  GEMIS_RETURN_IF_ERROR(impl->Listen(endpoint));
  if (handle_signals) GEMIS_RETURN_IF_ERROR(impl->InstallSignals());
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  impl_->Stop();
  impl_->WaitUntilNotRunning();
}

uint16_t HttpServer::port() const { return impl_->port(); }

std::string HttpServer::url() const {
  tcp::endpoint endpoint = ParseListen(impl_->options().listen).value();
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return fmt::format("{}://{}:{}", impl_->tls() ? "https" : "http", host, port());
}

void HttpServer::Run() { impl_->Run(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace gemis::server
