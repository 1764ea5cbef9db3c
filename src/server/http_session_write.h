// Session<Stream>'s writing half (http_session.h): a complete request goes to
// the handler (on the worker pool, or inline on the io thread), its response
// gets the transport's headers and is written under the write deadline, then
// logged; the connection then reads its next request, or closes: at once, or
// gracefully (TLS close_notify, half-close, a short linger draining unread
// bytes). Included by http_server.cc only.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/post.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "server/http_session.h"

namespace gemis::server::detail {

// ------------------------------------------------------------ handling

template <class Stream>
void Session<Stream>::SetRemoteAddress(const http::fields& fields) {
  if (server_.has_trusted_proxies()) {
    context_.remote_address = server_.RemoteAddress(peer_, fields);
  } else {
    context_.remote_address = peer_text_;  // reuses the string's storage
  }
}

template <class Stream>
void Session<Stream>::Dispatch() {
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

template <class Stream>
void Session<Stream>::InvokeHandler() {
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

template <class Stream>
void Session<Stream>::OnHandled() {
  if (phase_ == Phase::kClosed) return;  // closed forcibly meanwhile
  response_.version(request_.version());
  Write(request_.keep_alive() && !closing_ && !server_.stopping());
}

// ------------------------------------------------------------- writing

template <class Stream>
void Session<Stream>::Write(bool keep_alive) {
  keep_alive_ = keep_alive;
  AddHeaders();
  phase_ = Phase::kWriting;
  SetDeadline(options().write_timeout);
  http::async_write(stream_, response_,
                    [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
                      self->OnWrite(ec);
                    });
}

template <class Stream>
void Session<Stream>::AddHeaders() {
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

template <class Stream>
void Session<Stream>::OnWrite(const beast::error_code& ec) {
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

template <class Stream>
void Session<Stream>::Log() {
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

template <class Stream>
void Session<Stream>::CloseNow() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  ClearDeadline();
  beast::error_code ignored;
  socket().close(ignored);  // cancels pending operations
}

template <class Stream>
void Session<Stream>::CloseGracefully() {
  phase_ = Phase::kLinger;
  SetDeadline(kLingerTimeout);
  if constexpr (kTls) {
    SSL_set_shutdown(stream_.native_handle(), SSL_RECEIVED_SHUTDOWN);
    stream_.async_shutdown(
        [self = this->shared_from_this()](const beast::error_code&) { self->HalfCloseAndDrain(); });
  } else {
    HalfCloseAndDrain();
  }
}

template <class Stream>
void Session<Stream>::HalfCloseAndDrain() {
  if (phase_ == Phase::kClosed) return;
  beast::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_send, ignored);
  Drain();
}

template <class Stream>
void Session<Stream>::Drain() {
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

}  // namespace gemis::server::detail
