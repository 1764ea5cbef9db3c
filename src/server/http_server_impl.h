// HttpServer::Impl: the server's state and its control strand (accepting,
// the deadline sweep, signals, the graceful stop), as sessions see it
// (http_session.h). Internal to the transport: defined in http_server.cc,
// the only file including this one (directly and through http_session.h).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "server/http_server.h"
#include "server/http_support.h"
#include "server/http_types.h"

namespace gemis::server {

namespace detail {
class SessionBase;
}  // namespace detail

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Handler handler, std::vector<detail::Network> trusted)
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
  std::string RemoteAddress(const net::ip::address& peer, const http::fields& fields) const {
    return detail::ClientAddress(trusted_, peer, fields);
  }
  void Register(const std::shared_ptr<detail::SessionBase>& session);
  void Unregister(detail::SessionBase* session);
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
  std::vector<std::shared_ptr<detail::SessionBase>> Sessions(bool expired_only);
  std::chrono::milliseconds Tick() const;

  ServerOptions options_;
  Handler handler_;
  std::vector<detail::Network> trusted_;
  std::mutex log_mutex_;
  std::mutex registry_mutex_;
  std::unordered_map<detail::SessionBase*, std::weak_ptr<detail::SessionBase>> sessions_;
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

}  // namespace gemis::server
