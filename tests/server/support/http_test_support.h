// Helpers for the server tests (header-only: tests/support/*.cc is compiled
// into every test executable, these need Beast and OpenSSL): a server
// running on its own thread, a client that can behave or misbehave with
// timeouts on every wait, and a self-signed certificate.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "server/http_server.h"

namespace gemis::server::test {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Options for a test server: an ephemeral port on loopback, few threads, no
// signal handling (the test process's signals are its own).
inline ServerOptions TestOptions() {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.io_threads = 2;
  options.worker_threads = 4;
  options.handle_signals = false;
  return options;
}

// A plain-text response to `req`.
inline Response Text(const Request& req, std::string body, http::status status = http::status::ok) {
  Response res{status, req.version()};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// An HttpServer whose Run() runs on a thread of its own from construction
// until Stop()/Join() or destruction.
class TestServer {
 public:
  TestServer(ServerOptions options, Handler handler) {
    auto created = HttpServer::Create(std::move(options), std::move(handler));
    if (!created.ok()) {
      ADD_FAILURE() << "cannot start the test server: " << created.status().ToString();
      return;
    }
    server_ = std::move(created).value();
    std::promise<std::thread::id> id;
    run_thread_id_ = id.get_future();
    done_ = std::async(std::launch::async, [this, id = std::move(id)]() mutable {
      id.set_value(std::this_thread::get_id());
      server_->Run();
    });
  }
  ~TestServer() {
    if (server_ && done_.valid()) {
      server_->Stop();
      done_.wait();
    }
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return server_ != nullptr; }
  HttpServer& server() { return *server_; }
  uint16_t port() const { return server_ ? server_->port() : 0; }
  void Stop() { server_->Stop(); }
  // Whether Run() returned within `timeout`.
  bool Join(std::chrono::milliseconds timeout) {
    return done_.wait_for(timeout) == std::future_status::ready;
  }
  // The thread running Run(), which is the only io thread when
  // options.io_threads == 1.
  std::thread::id run_thread() { return run_thread_id_.get(); }

 private:
  std::unique_ptr<HttpServer> server_;
  std::shared_future<std::thread::id> run_thread_id_;
  std::future<void> done_;
};

// A client connection with its own io_context; every wait has a timeout.
// Stream: tcp::socket or beast::ssl_stream<tcp::socket>.
template <class Stream>
class BasicClient {
 public:
  // Connects a plain client.
  explicit BasicClient(uint16_t port) requires std::is_same_v<Stream, tcp::socket> : stream_(ioc_) {
    Connect(port);
  }
  // Connects a TLS client and runs its handshake (see handshake_ok()).
  BasicClient(uint16_t port, net::ssl::context& tls) requires(!std::is_same_v<Stream, tcp::socket>)
      : stream_(ioc_, tls) {
    Connect(port);
    if (!connected_) return;
    bool done = false;
    beast::error_code result;
    stream_.async_handshake(net::ssl::stream_base::client, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    handshake_ok_ = Wait(done, 5s) && !result;
  }

  bool connected() const { return connected_; }
  bool handshake_ok() const { return handshake_ok_; }
  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  // Writes raw bytes; false when the connection is gone.
  bool Send(std::string_view bytes) {
    bool done = false;
    beast::error_code result;
    net::async_write(stream_, net::buffer(bytes.data(), bytes.size()),
                     [&](beast::error_code ec, size_t) {
                       result = ec;
                       done = true;
                     });
    return Wait(done, 5s) && !result;
  }

  bool Send(Request req) {
    if (req.find(http::field::host) == req.end()) req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    bool done = false;
    beast::error_code result;
    http::async_write(stream_, req, [&](beast::error_code ec, size_t) {
      result = ec;
      done = true;
    });
    return Wait(done, 5s) && !result;
  }

  // Reads one response; nullopt on close, error or timeout. `head`: the
  // response to a HEAD request (no body follows its header).
  std::optional<Response> Read(std::chrono::milliseconds timeout = 5s, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    if (head) parser.skip(true);
    bool done = false;
    beast::error_code result;
    http::async_read(stream_, buffer_, parser, [&](beast::error_code ec, size_t) {
      result = ec;
      done = true;
    });
    if (!Wait(done, timeout) || result) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> Get(std::string target, http::verb method = http::verb::get) {
    Request req{method, target, 11};
    if (!Send(std::move(req))) return std::nullopt;
    return Read(5s, method == http::verb::head);
  }

  // Waits until the server closes the connection (end of stream or reset),
  // discarding what it sends; false when it is still open after `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      bool done = false;
      beast::error_code result;
      char scratch[4096];
      stream_.async_read_some(net::buffer(scratch), [&](beast::error_code ec, size_t) {
        result = ec;
        done = true;
      });
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (!Wait(done, std::max(left, std::chrono::milliseconds(1)))) return false;
      if (result) return true;
    }
    return false;
  }

  // Whether the server closed the connection, without waiting.
  bool ClosedNow() {
    socket().non_blocking(true);
    char scratch[4096];
    beast::error_code ec;
    for (;;) {
      socket().read_some(net::buffer(scratch), ec);
      if (ec == net::error::would_block) {
        socket().non_blocking(false);
        return false;
      }
      if (ec) return true;
    }
  }

  void Close() {
    beast::error_code ignored;
    socket().close(ignored);
  }

 private:
  void Connect(uint16_t port) {
    beast::error_code ec;
    socket().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    connected_ = !ec;
  }

  // Runs the io_context until `done` or the timeout; on timeout the
  // connection is closed so the operation ends.
  bool Wait(bool& done, std::chrono::milliseconds timeout) {
    ioc_.restart();
    auto deadline = Clock::now() + timeout;
    while (!done && Clock::now() < deadline) ioc_.run_one_until(deadline);
    if (done) return true;
    Close();
    ioc_.restart();
    ioc_.run();
    return false;
  }

  net::io_context ioc_;
  Stream stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
  bool handshake_ok_ = false;
};

using Client = BasicClient<tcp::socket>;
using TlsClient = BasicClient<beast::ssl_stream<tcp::socket>>;

// Writes a self-signed P-256 certificate for 127.0.0.1 and its key as PEM
// files; false (with a test failure) when OpenSSL fails.
inline bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "IP:127.0.0.1");
  if (san == nullptr) return false;
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
  FILE* cert_file = std::fopen(cert_path.c_str(), "w");
  FILE* key_file = std::fopen(key_path.c_str(), "w");
  bool ok = cert_file != nullptr && key_file != nullptr &&
            PEM_write_X509(cert_file, cert.get()) == 1 &&
            PEM_write_PrivateKey(key_file, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (cert_file != nullptr) std::fclose(cert_file);
  if (key_file != nullptr) std::fclose(key_file);
  return ok;
}

}  // namespace gemis::server::test
