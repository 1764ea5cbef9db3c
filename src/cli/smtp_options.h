// The email options of `gemis serve` and `gemis reminders send`
// (docs/deploy.md, "Email"): --smtp-url, --smtp-from, --smtp-user,
// --smtp-password-file, --public-url.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/clock.h"
#include "reporting/notifier.h"

namespace gemis::cli {

struct SmtpArgs {
  std::string url;
  std::string from;
  std::string user;
  std::string password_file;  // first line: the password (never on the command line)
  std::string public_url;
};

void AddSmtpOptions(CLI::App& cmd, SmtpArgs& args);

// The SMTP channel, or nullptr without --smtp-url. kInvalidInput naming
// the option when --smtp-from is missing, the other options come without
// --smtp-url, or --smtp-user without a password file; kIoError when the
// password file cannot be read. `clock` (the mails' Date) must outlive it.
Result<std::unique_ptr<reporting::Notifier>> MakeSmtpNotifier(const SmtpArgs& args,
                                                              const Clock& clock);

}  // namespace gemis::cli
