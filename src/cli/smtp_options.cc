#include "cli/smtp_options.h"

#include <fstream>

#include "reporting/smtp_notifier.h"

namespace gemis::cli {

void AddSmtpOptions(CLI::App& cmd, SmtpArgs& a) {
  cmd.add_option("--smtp-url", a.url,
                 "Máy chủ thư (smtp://máy:cổng hoặc smtps://…) để gửi nhắc nhở qua email / "
                 "mail server for reminders by email (smtp://host:port or smtps://…)");
  cmd.add_option("--smtp-from", a.from, "Địa chỉ gửi / sender address (gemis@example.vn)");
  cmd.add_option("--smtp-user", a.user, "Tài khoản SMTP / SMTP AUTH user");
  cmd.add_option("--smtp-password-file", a.password_file,
                 "Tệp chứa mật khẩu SMTP (dòng đầu) / file holding the SMTP password");
  cmd.add_option("--public-url", a.public_url,
                 "Địa chỉ người dùng mở gemis, cho liên kết trong thư / the address users open "
                 "gemis at, for the links in emails (https://gemis.example.vn)");
}

Result<std::unique_ptr<reporting::Notifier>> MakeSmtpNotifier(const SmtpArgs& a,
                                                              const Clock& clock) {
  if (a.url.empty()) {
    if (!a.from.empty() || !a.user.empty() || !a.password_file.empty()) {
      return Status::Invalid("the SMTP options need --smtp-url", {"", 0, 0, "--smtp-url"});
    }
    return std::unique_ptr<reporting::Notifier>();
  }
  if (a.from.empty()) {
    return Status::Invalid("--smtp-url needs --smtp-from", {"", 0, 0, "--smtp-from"});
  }
  reporting::SmtpConfig config;
  config.url = a.url;
  config.from = a.from;
  config.user = a.user;
  config.public_url = a.public_url;
  if (!a.user.empty() && a.password_file.empty()) {
    return Status::Invalid("--smtp-user needs --smtp-password-file",
                           {"", 0, 0, "--smtp-password-file"});
  }
  if (!a.password_file.empty()) {
    std::ifstream in(a.password_file, std::ios::binary);
    if (!in || !std::getline(in, config.password)) {
      return Status(ErrorCode::kIoError, "--smtp-password-file: cannot read " + a.password_file,
                    {a.password_file, 0, 0, "--smtp-password-file"});
    }
    if (!config.password.empty() && config.password.back() == '\r') config.password.pop_back();
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<reporting::SmtpNotifier> smtp,
                         reporting::SmtpNotifier::Create(std::move(config), clock));
  return std::unique_ptr<reporting::Notifier>(std::move(smtp));
}

}  // namespace gemis::cli
