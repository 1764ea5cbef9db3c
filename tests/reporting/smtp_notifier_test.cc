// Email by SMTP through libcurl (reporting/smtp_notifier.h), against a real
// SMTP sink on a loopback port (support/smtp_sink.h): the envelope, the
// headers — an RFC 2047 Vietnamese subject, Date in Vietnam time,
// Message-ID — and the base64 UTF-8 body with its link, decoded back;
// users without an address; a server that is not there.
#include "reporting/smtp_notifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "support/smtp_sink.h"

namespace gemis::reporting {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string DecodeBase64(std::string_view text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // padding, line ends
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// An RFC 2047 header value of B-encoded UTF-8 words, decoded.
std::string DecodeWords(const std::string& value) {
  std::string out;
  std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  for (auto it = std::sregex_iterator(value.begin(), value.end(), word);
       it != std::sregex_iterator(); ++it) {
    out += DecodeBase64((*it)[1].str());
  }
  return out;
}

struct Parsed {
  std::map<std::string, std::string> headers;  // unfolded
  std::string body;                            // still encoded
};

Parsed Parse(const std::string& data) {
  Parsed p;
  const size_t split = data.find("\r\n\r\n");
  std::string head = data.substr(0, split);
  p.body = data.substr(split + 4);
  std::string unfolded;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += head[i];
  }
  size_t start = 0;
  while (start < unfolded.size()) {
    size_t end = unfolded.find("\r\n", start);
    if (end == std::string::npos) end = unfolded.size();
    std::string line = unfolded.substr(start, end - start);
    size_t colon = line.find(": ");
    if (colon != std::string::npos) p.headers[line.substr(0, colon)] = line.substr(colon + 2);
    start = end + 2;
  }
  return p;
}

store::Notification Overdue() {
  store::Notification n;
  n.username = "xa.ngomay";
  n.kind = "overdue";
  n.subject = "Quá hạn nộp báo cáo KT-BC-NAM 2024 – Phường Ngô Mây";
  n.body =
      "Báo cáo \"Báo cáo năm kết quả thực hiện Dự án 8\" (KT-BC-NAM) kỳ 2024 của Phường Ngô Mây "
      "đã quá hạn.\n\nThe report is overdue.";
  n.link = "/reports/KT-BC-NAM/2024/aBcDeFgHiJk";
  return n;
}

access::User Officer(std::string email) {
  access::User u;
  u.username = "xa.ngomay";
  u.email = std::move(email);
  return u;
}

TEST(SmtpNotifier, SendsAVietnameseMessageTheSinkDecodesBack) {
  test_support::SmtpSink sink;
  FixedClock clock(*ParseTimestamp("2024-11-12T09:00"));
  SmtpConfig config;
  config.url = sink.url();
  config.from = "gemis@hoilhpn.org.vn";
  config.public_url = "https://gemis.hoilhpn.org.vn/";
  Result<std::unique_ptr<SmtpNotifier>> smtp = SmtpNotifier::Create(config, clock);
  ASSERT_TRUE(smtp.ok()) << smtp.status().ToString();
  EXPECT_EQ((*smtp)->Channel(), "smtp");
  Result<bool> sent = (*smtp)->Send(Officer("ngomay@hoi.vn"), Overdue());
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_TRUE(*sent);

  std::vector<test_support::SmtpSink::Mail> mails = sink.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].from, "gemis@hoilhpn.org.vn");
  EXPECT_EQ(mails[0].rcpt, std::vector<std::string>{"ngomay@hoi.vn"});
  Parsed p = Parse(mails[0].data);
  EXPECT_EQ(p.headers["From"], "gemis@hoilhpn.org.vn");
  EXPECT_EQ(p.headers["To"], "ngomay@hoi.vn");
  EXPECT_EQ(DecodeWords(p.headers["Subject"]), Overdue().subject);
  EXPECT_THAT(p.headers["Subject"], Not(HasSubstr("Quá")));  // encoded, never raw
  EXPECT_EQ(p.headers["Date"], "Tue, 12 Nov 2024 09:00:00 +0700");
  EXPECT_TRUE(std::regex_match(p.headers["Message-ID"],
                               std::regex(R"(<\d+\.[A-Za-z0-9_-]+@hoilhpn\.org\.vn>)")))
      << p.headers["Message-ID"];
  EXPECT_EQ(p.headers["MIME-Version"], "1.0");
  EXPECT_EQ(p.headers["Content-Type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(p.headers["Content-Transfer-Encoding"], "base64");
  EXPECT_EQ(p.headers["Auto-Submitted"], "auto-generated");
  const std::string body = DecodeBase64(p.body);
  EXPECT_THAT(body,
              HasSubstr("kỳ 2024 của Phường Ngô Mây đã quá hạn.\r\n\r\nThe report is overdue."));
  EXPECT_THAT(body, HasSubstr("Xem trên gemis: "
                              "https://gemis.hoilhpn.org.vn/reports/KT-BC-NAM/2024/aBcDeFgHiJk\r\n"
                              "Open in gemis: "));
  for (size_t start = 0; start < p.body.size();) {  // base64 lines of at most 76
    size_t end = p.body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(SmtpNotifier, AUserWithoutAnAddressIsNotReachable) {
  test_support::SmtpSink sink;
  FixedClock clock(0);
  Result<std::unique_ptr<SmtpNotifier>> smtp =
      SmtpNotifier::Create({.url = sink.url(), .from = "gemis@example.vn"}, clock);
  ASSERT_TRUE(smtp.ok());
  Result<bool> sent = (*smtp)->Send(Officer(""), Overdue());
  ASSERT_TRUE(sent.ok());
  EXPECT_FALSE(*sent);
  EXPECT_EQ(sink.connections(), 0);
  // An address that would inject a header is refused before connecting.
  Result<bool> injected = (*smtp)->Send(Officer("a@b.vn\r\nBcc: x@y.vn"), Overdue());
  EXPECT_EQ(injected.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(sink.connections(), 0);
}

TEST(SmtpNotifier, AServerThatIsNotThereIsAnErrorWithoutTheAddress) {
  unsigned short port = 0;
  {
    test_support::SmtpSink gone;  // a port that was just free
    port = gone.port();
  }
  FixedClock clock(0);
  Result<std::unique_ptr<SmtpNotifier>> smtp = SmtpNotifier::Create(
      {.url = "smtp://127.0.0.1:" + std::to_string(port), .from = "gemis@example.vn"}, clock);
  ASSERT_TRUE(smtp.ok());
  Result<bool> sent = (*smtp)->Send(Officer("ngomay@hoi.vn"), Overdue());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.status().code(), ErrorCode::kIoError);
  EXPECT_THAT(sent.status().message(), HasSubstr("SMTP: "));
  EXPECT_THAT(sent.status().message(), Not(HasSubstr("ngomay")));
}

TEST(SmtpNotifier, CreateRefusesAnotherSchemeAndABadSender) {
  FixedClock clock(0);
  Result<std::unique_ptr<SmtpNotifier>> http =
      SmtpNotifier::Create({.url = "http://mail:25", .from = "gemis@example.vn"}, clock);
  EXPECT_EQ(http.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(http.status().where().field, "--smtp-url");
  Result<std::unique_ptr<SmtpNotifier>> from =
      SmtpNotifier::Create({.url = "smtp://mail:25", .from = "gemis"}, clock);
  EXPECT_EQ(from.status().where().field, "--smtp-from");
  EXPECT_TRUE(SmtpNotifier::Create({.url = "smtps://mail:465", .from = "a@b.vn"}, clock).ok());
}

TEST(EncodeHeaderText, SplitsLongTextIntoWordsOfAtMost75OnCharacterBoundaries) {
  const std::string text =
      "Sắp đến hạn nộp báo cáo KT-BC-NAM 2024 – Thị trấn Đắk Hà, huyện Đăk Hà, tỉnh Kon Tum";
  const std::string encoded = EncodeHeaderText(text);
  size_t words = 0;
  for (size_t start = 0; start < encoded.size();) {
    size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    // Each word decodes to whole UTF-8 characters on its own.
    const std::string part = DecodeWords(word);
    ASSERT_FALSE(part.empty());
    EXPECT_NE(static_cast<unsigned char>(part[0]) & 0xC0, 0x80u);
    ++words;
    start = end + 3;
  }
  EXPECT_GT(words, 1u);
  EXPECT_EQ(DecodeWords(encoded), text);
  EXPECT_EQ(EncodeHeaderText(""),
            "=?UTF-8?B?"
            "?=");  // no trigraph
}

TEST(MailDate, IsVietnamTime) {
  EXPECT_EQ(MailDate(*ParseTimestamp("2024-11-11T17:30Z")), "Tue, 12 Nov 2024 00:30:00 +0700");
  EXPECT_EQ(MailDate(*ParseTimestamp("2026-01-04T23:59:59")), "Sun, 04 Jan 2026 23:59:59 +0700");
}

TEST(Base64, MatchesRfc4648) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace gemis::reporting
