// Session<Stream>'s reading half (http_session.h): after the TLS handshake,
// a request's header and body are parsed from the connection's buffer under
// the header and body deadlines, checked (Host, Transfer-Encoding, Expect,
// the body limit), and errors the transport finds itself are answered with a
// JSON error before the connection is closed. Included by http_server.cc only.
#pragma once

#include <fmt/format.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_session.h"

namespace gemis::server::detail {

template <class Stream>
void Session<Stream>::AfterHandshake() {
  if (reject_) {
    Lang lang = Lang::kVi;
    return Reject(http::status::service_unavailable, "E_OVERLOADED",
                  Transport(MessageId::kHttpOverloaded, lang));
  }
  StartRequest();
}

template <class Stream>
void Session<Stream>::StartRequest() {
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

template <class Stream>
void Session<Stream>::BeginHeader() {
  phase_ = Phase::kHeader;
  context_.received = Clock::now();
  // The first request's header deadline runs from the accept.
  if (!first_request_) SetDeadline(options().header_timeout);
}

template <class Stream>
void Session<Stream>::ReadSome() {
  size_t size = phase_ == Phase::kBody ? kBodyReadBytes : kHeaderReadBytes;
  stream_.async_read_some(buffer_.prepare(size), [self = this->shared_from_this()](
                                                     const beast::error_code& ec, size_t bytes) {
    self->OnRead(ec, bytes);
  });
}

template <class Stream>
void Session<Stream>::OnRead(const beast::error_code& ec, size_t bytes) {
  // End of stream, reset, timeout or stop: a partial request is dropped
  // without an answer (nobody would read it).
  if (ec || phase_ == Phase::kClosed) return CloseNow();
  buffer_.commit(bytes);
  if (phase_ == Phase::kIdle) BeginHeader();
  Parse();
}

template <class Stream>
void Session<Stream>::Parse() {
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

template <class Stream>
bool Session<Stream>::OnHeader() {
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

template <class Stream>
bool Session<Stream>::CheckTransferEncoding(const Request& req, Lang lang) {
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
    Reject(http::status::bad_request, "E_BAD_REQUEST", Transport(MessageId::kHttpBadRequest, lang));
  }
  return false;
}

template <class Stream>
bool Session<Stream>::CheckExpect(const Request& req, Lang lang) {
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

template <class Stream>
void Session<Stream>::RejectParseError(const beast::error_code& ec) {
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

template <class Stream>
void Session<Stream>::RejectBodyLimit(uint64_t limit, Lang lang) {
  Reject(http::status::payload_too_large, "E_BODY_TOO_LARGE",
         fmt::format(fmt::runtime(Message(MessageId::kHttpBodyTooLarge, lang)), limit));
}

template <class Stream>
void Session<Stream>::Reject(http::status status, std::string_view code,
                             const std::string& message) {
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

}  // namespace gemis::server::detail
