// gemis reminders send (docs/cli.md, docs/reporting.md "Reminders"): one
// pass of the report reminders — due soon, overdue, missing summaries,
// reviews — into the users' inboxes, and by email when --smtp-url is given.
// Cron-able: a reminder is sent once however often it runs; prints what it
// sent.
#include <iostream>

#include "cli/command.h"
#include "cli/smtp_options.h"
#include "core/clock.h"
#include "core/message_format.h"
#include "reporting/reminder_run.h"

namespace gemis::cli {

namespace {

struct RemindersArgs {
  std::string db;
  std::string at;  // when the pass runs ("now" by default)
  int before_days = 3;
  int overdue_days = 30;
  bool no_review = false;
  SmtpArgs smtp;
};

Status Send(const RemindersArgs& a, const Context& ctx) {
  int64_t now = SystemClock().NowMillis();
  if (!a.at.empty()) {
    Result<int64_t> at = ParseTimestamp(a.at);
    if (!at.ok()) return Status::Invalid("--at: " + at.status().message(), {"", 0, 0, "--at"});
    now = *at;
  }
  static const SystemClock kMailClock;  // the mails' Date: when they are sent
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<reporting::Notifier> mail,
                         MakeSmtpNotifier(a.smtp, kMailClock));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  reporting::ReminderOptions options;
  options.before_days = a.before_days;
  options.overdue_days = a.overdue_days;
  options.review = !a.no_review;
  std::vector<reporting::Notifier*> channels;
  if (mail) channels.push_back(mail.get());
  GEMIS_ASSIGN_OR_RETURN(
      reporting::ReminderPass pass,
      reporting::SendReminders(*store, now, options, channels,
                               [](std::string_view line) { std::cerr << line << "\n"; }));
  for (const reporting::Reminder& r : pass.sent) {
    std::cout << Say(ctx.lang, MessageId::kReminderSent, reporting::ReminderKindName(r.kind),
                     r.username, r.subject)
              << "\n";
  }
  if (pass.sent.empty()) {
    std::cout << Message(MessageId::kRemindersNone, ctx.lang) << "\n";
  } else {
    std::cout << Say(ctx.lang, MessageId::kRemindersSummary, pass.sent.size(), pass.delivered,
                     pass.failed)
              << "\n";
  }
  return Status::Ok();
}

}  // namespace

void RegisterRemindersCommands(CLI::App& app, Context& ctx) {
  CLI::App* reminders =
      app.add_subcommand("reminders", "Nhắc hạn báo cáo / report reminders (docs/reporting.md)");
  reminders->require_subcommand(1);
  auto args = std::make_shared<RemindersArgs>();
  CLI::App* send = reminders->add_subcommand(
      "send", "Gửi các nhắc nhở đến hạn, mỗi nhắc nhở một lần / send the reminders due, each once");
  send->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  send->add_option("--at", args->at,
                   "Thời điểm chạy (giờ Việt Nam nếu không ghi múi giờ) / the instant to run at");
  send->add_option("--before-days", args->before_days,
                   "Nhắc trước hạn bao nhiêu ngày / days before the last day (default 3)")
      ->check(CLI::Range(0, 60));
  send->add_option("--overdue-days", args->overdue_days,
                   "Nhắc quá hạn trong bao nhiêu ngày / days after it (default 30)")
      ->check(CLI::Range(0, 366));
  send->add_flag("--no-review", args->no_review,
                 "Không nhắc báo cáo chờ duyệt / no reminders of reports waiting for review");
  AddSmtpOptions(*send, args->smtp);
  send->callback([args, &ctx] { ctx.run = [args, &ctx] { return Send(*args, ctx); }; });
}

}  // namespace gemis::cli
