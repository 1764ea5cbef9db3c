// Email by SMTP (docs/reporting.md "Reminders", docs/deploy.md "Email"):
// the Notifier channel `gemis serve` and `gemis reminders send` add when
// given --smtp-url. libcurl speaks SMTP (STARTTLS when the server offers
// it, implicit TLS for smtps://, AUTH with --smtp-user); we only compose
// the message:
//  - headers From, To, Subject (RFC 2047: UTF-8, base64 encoded words of
//    at most 75 characters, split on character boundaries), Date (RFC 5322,
//    Vietnam time), Message-ID, MIME-Version, Auto-Submitted (RFC 3834: no
//    auto-replies);
//  - a text/plain UTF-8 body, base64 in lines of 76: the notification's
//    body and its link (after --public-url when given).
// A user without an email address is not reachable (Send answers false);
// a failure to send is an error naming curl's reason and the server's
// reply code, never an address or the text (reminder_run.h logs it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "reporting/notifier.h"

namespace gemis::reporting {

struct SmtpConfig {
  std::string url;         // "smtp://mail.example.vn:587" or "smtps://…:465"
  std::string from;        // "gemis@hoilhpn.org.vn": the envelope sender and From
  std::string user;        // AUTH user; "" = no AUTH
  std::string password;    // AUTH password (read from a file by the CLI)
  std::string public_url;  // "https://gemis.hoilhpn.org.vn": prefix of the links; "" = paths
  int64_t timeout_seconds = 30;
};

class SmtpNotifier final : public Notifier {
 public:
  // kInvalidInput ("--smtp-url", "--smtp-from") for a URL that is not
  // smtp:// or smtps://, or a sender that is no address. `clock` (the
  // Date header) must outlive the notifier.
  static Result<std::unique_ptr<SmtpNotifier>> Create(SmtpConfig config, const Clock& clock);
  std::string_view Channel() const override { return "smtp"; }
  Result<bool> Send(const access::User& to, const store::Notification& notification) override;

 private:
  SmtpNotifier(SmtpConfig config, const Clock& clock) : config_(std::move(config)), clock_(clock) {}
  SmtpConfig config_;
  const Clock& clock_;
};

// The whole message (headers, blank line, body) with CRLF line ends, as
// Send hands it to the server. For tests.
std::string ComposeMail(const SmtpConfig& config, std::string_view to,
                        const store::Notification& notification, int64_t now_ms,
                        std::string_view message_id);
// `text` as RFC 2047 encoded words ("=?UTF-8?B?…?="), folded with CRLF SP.
std::string EncodeHeaderText(std::string_view text);
// RFC 5322 date-time of `millis` in Vietnam time: "Tue, 12 Nov 2024 09:00:00 +0700".
std::string MailDate(int64_t millis);
// Standard base64 (RFC 4648, padded) of `bytes`.
std::string Base64(std::string_view bytes);

}  // namespace gemis::reporting
