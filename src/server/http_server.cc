// The transport's server (http_server.h) in three parts: option checks and
// TLS set-up (HttpServer::Create, with http_support.h), the server's control
// strand (HttpServer::Impl, declared in http_server_impl.h: accepting,
// deadlines, signals, shutdown), and one Session per connection (a state
// machine on its own strand, http_session.h). The JSON helpers of
// http_types.h are in http_json.cc.
//
// Timeouts are not one timer per connection: each session publishes the
// deadline of its current phase in an atomic, and the control strand sweeps
// all sessions every tick (at most 250 ms), posting a check to the expired
// ones. Setting a deadline is one atomic store, which keeps the per-request
// cost down (invariant (3) of http_server.h, at tick granularity).
#include "server/http_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <csignal>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "server/http_server_impl.h"
#include "server/http_session.h"
#include "server/http_session_read.h"
#include "server/http_session_write.h"
#include "server/http_support.h"

namespace gemis::server {

using detail::kLingerTimeout;
using detail::LoadTls;
using detail::Network;
using detail::NowNs;
using detail::ParseListen;
using detail::ParseNetwork;
using detail::Session;
using detail::SessionBase;
using std::chrono::milliseconds;

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
