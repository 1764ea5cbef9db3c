// Definitions of http_support.h: address parsing, HTTP and log times, the
// logged path, the TLS context.
#include "server/http_support.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/ssl.hpp>
#include <cstdio>
#include <ctime>
#include <optional>

namespace gemis::server::detail {

using std::chrono::milliseconds;

// ---------------------------------------------------------------- addresses

net::ip::address Unmapped(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

bool Network::Contains(const net::ip::address& candidate) const {
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

std::string ClientAddress(const std::vector<Network>& networks, const net::ip::address& peer,
                          const http::fields& fields) {
  auto trusted = [&networks](const net::ip::address& address) {
    return std::any_of(networks.begin(), networks.end(),
                       [&address](const Network& n) { return n.Contains(address); });
  };
  if (networks.empty() || !trusted(peer)) return peer.to_string();
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

}  // namespace gemis::server::detail
