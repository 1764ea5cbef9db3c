#include "reporting/smtp_notifier.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "access/token.h"
#include "core/date.h"
#include "core/message_format.h"

namespace gemis::reporting {

namespace {

// A bare address we may put between < > in the envelope and the headers:
// one '@', no spaces, controls or angle brackets (header injection).
bool PlainAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  size_t at = a.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == a.size()) return false;
  if (a.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : a) {
    if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == 0x7f) return false;
  }
  return true;
}

// `text` with every line end as CRLF.
std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// How many bytes of UTF-8 `text` from `from` fit in `max` bytes without
// splitting a character.
size_t WholeCharacters(std::string_view text, size_t from, size_t max) {
  size_t end = std::min(text.size(), from + max);
  while (end < text.size() && end > from &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end - from;
}

struct Upload {
  std::string_view data;
  size_t sent = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t items, void* user) {
  Upload* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * items, up->data.size() - up->sent);
  std::memcpy(buffer, up->data.data() + up->sent, n);
  up->sent += n;
  return n;
}

std::once_flag curl_ready;

}  // namespace

std::string Base64(std::string_view bytes) {
  // libsodium's encoder (the project's, for tokens and sealed fields), in
  // RFC 4648's padded alphabet as MIME wants it.
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  // An encoded word is at most 75 characters (RFC 2047, 2): "=?UTF-8?B?"
  // and "?=" leave 63, so 45 bytes of text (60 of base64) per word.
  std::string out;
  size_t from = 0;
  do {
    const size_t n = WholeCharacters(text, from, 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(from, n)) + "?=";
    from += n;
  } while (from < text.size());
  return out;
}

std::string MailDate(int64_t millis) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Date day = VietnamDay(millis);
  const int64_t local = millis + int64_t{7} * 3600 * 1000;
  int64_t second_of_day = (local / 1000) % 86400;
  if (second_of_day < 0) second_of_day += 86400;
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0700", kDays[day.iso_weekday() - 1],
                     day.day(), kMonths[day.month() - 1], day.year(), second_of_day / 3600,
                     second_of_day / 60 % 60, second_of_day % 60);
}

std::string ComposeMail(const SmtpConfig& config, std::string_view to, const store::Notification& n,
                        int64_t now_ms, std::string_view message_id) {
  std::string text = n.body;
  if (!n.link.empty()) {
    const std::string link = config.public_url.empty()
                                 ? n.link
                                 : (config.public_url.back() == '/'
                                        ? config.public_url.substr(0, config.public_url.size() - 1)
                                        : config.public_url) +
                                       n.link;
    text += "\n\n" + Say(Lang::kVi, MessageId::kReminderLink, link) + "\n" +
            Say(Lang::kEn, MessageId::kReminderLink, link);
  }
  const std::string body = Base64(Crlf(text + "\n"));
  std::string out;
  out += "From: " + config.from + "\r\n";
  out += "To: " + std::string(to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(n.subject) + "\r\n";
  out += "Date: " + MailDate(now_ms) + "\r\n";
  out += "Message-ID: <" + std::string(message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  for (size_t i = 0; i < body.size(); i += 76) out += body.substr(i, 76) + "\r\n";
  return out;
}

Result<std::unique_ptr<SmtpNotifier>> SmtpNotifier::Create(SmtpConfig config, const Clock& clock) {
  if (!config.url.starts_with("smtp://") && !config.url.starts_with("smtps://")) {
    return Status::Invalid("the SMTP URL must start with smtp:// or smtps://",
                           Location{.field = "--smtp-url"});
  }
  if (!PlainAddress(config.from)) {
    return Status::Invalid("the sender must be an address such as gemis@example.vn",
                           Location{.field = "--smtp-from"});
  }
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::unique_ptr<SmtpNotifier>(new SmtpNotifier(std::move(config), clock));
}

Result<bool> SmtpNotifier::Send(const access::User& to, const store::Notification& n) {
  if (to.email.empty()) return false;
  if (!PlainAddress(to.email)) {
    return Status::Invalid("the user's email is not a plain address", Location{.field = "email"});
  }
  const int64_t now = clock_.NowMillis();
  const std::string domain = config_.from.substr(config_.from.find('@') + 1);
  const std::string message_id = fmt::format("{}.{}@{}", now, access::RandomToken(12), domain);
  const std::string mail = ComposeMail(config_, to.email, n, now, message_id);

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status(ErrorCode::kIoError, "SMTP: curl_easy_init failed");
  const std::string from = "<" + config_.from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to.email + ">").c_str());
  Upload upload{mail};
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.timeout_seconds));
  // STARTTLS whenever the server offers it; smtps:// is TLS from the start.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!config_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const CURLcode res = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (res != CURLE_OK) {
    return Status(ErrorCode::kIoError,
                  fmt::format("SMTP: {} (server reply {})", curl_easy_strerror(res), reply));
  }
  return true;
}

}  // namespace gemis::reporting
