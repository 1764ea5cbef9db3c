// A tiny SMTP server for tests (RFC 5321's happy path): listens on a
// loopback port of its own, answers EHLO/HELO, MAIL, RCPT, DATA, RSET,
// NOOP and QUIT, and keeps each message received with its envelope. No
// TLS, no AUTH. One connection at a time, on its own thread. Header-only:
// only the tests that send mail include it (Boost.Asio is heavy to build).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gemis::test_support {

class SmtpSink {
 public:
  struct Mail {
    std::string from;               // MAIL FROM's address, without < >
    std::vector<std::string> rcpt;  // RCPT TO's addresses
    std::string data;               // the message, CRLF line ends, without the final "."
  };

  SmtpSink() : acceptor_(io_, {boost::asio::ip::address_v4::loopback(), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    stopping_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket wake(io_);
    wake.connect({boost::asio::ip::address_v4::loopback(), port_}, ec);
    thread_.join();
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  unsigned short port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<Mail> mails() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return mails_;
  }
  int connections() const { return connections_; }

 private:
  static std::string Between(const std::string& line, char open, char close) {
    size_t a = line.find(open), b = line.rfind(close);
    return a == std::string::npos || b == std::string::npos || b < a
               ? std::string()
               : line.substr(a + 1, b - a - 1);
  }

  void Serve() {
    for (;;) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) return;
      ++connections_;
      Session(socket);
    }
  }

  void Session(boost::asio::ip::tcp::socket& s) {
    boost::system::error_code ec;
    auto say = [&](const std::string& text) {
      boost::asio::write(s, boost::asio::buffer(text), ec);
    };
    boost::asio::streambuf buf;
    say("220 sink ESMTP\r\n");
    Mail mail;
    for (;;) {
      boost::asio::read_until(s, buf, "\r\n", ec);
      if (ec) return;
      std::istream in(&buf);
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string verb = line.substr(0, 4);
      for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (verb == "EHLO") {
        say("250-sink\r\n250 8BITMIME\r\n");
      } else if (verb == "HELO" || verb == "NOOP") {
        say("250 OK\r\n");
      } else if (verb == "RSET") {
        mail = Mail();
        say("250 OK\r\n");
      } else if (verb == "MAIL") {
        mail.from = Between(line, '<', '>');
        say("250 OK\r\n");
      } else if (verb == "RCPT") {
        mail.rcpt.push_back(Between(line, '<', '>'));
        say("250 OK\r\n");
      } else if (verb == "DATA") {
        say("354 End data with <CR><LF>.<CR><LF>\r\n");
        // The DATA line was consumed; the message may already be buffered.
        boost::asio::read_until(s, buf, "\r\n.\r\n", ec);
        if (ec) return;
        std::string all(boost::asio::buffers_begin(buf.data()),
                        boost::asio::buffers_end(buf.data()));
        const size_t end = all.find("\r\n.\r\n");
        mail.data = all.substr(0, end + 2);
        buf.consume(end + 5);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          mails_.push_back(mail);
        }
        mail = Mail();
        say("250 OK queued\r\n");
      } else if (verb == "QUIT") {
        say("221 bye\r\n");
        return;
      } else {
        say("502 not implemented\r\n");
      }
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<Mail> mails_;
};

}  // namespace gemis::test_support
