// gemis serve: the HTTP server with the JSON API and the web UI (docs/api.md,
// docs/deploy.md). Stops gracefully on SIGTERM and SIGINT.
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/command.h"
#include "cli/smtp_options.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/reminder_scheduler.h"

namespace gemis::cli {

namespace {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert, tls_key;
  std::string web_root;
  std::string access_log = "-";
  bool allow_insecure = false;
  std::vector<std::string> trusted_proxies;
  int threads = 0;
  int cache_mib = 256;
  std::string fake_now;  // tests only: the clock starts there
  bool no_reminders = false;
  SmtpArgs smtp;
};

Status Serve(const ServeArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db, a.cache_mib));
  SystemClock system_clock;
  server::ApiOptions api_options;
  api_options.static_root = a.web_root;
  // --fake-now: deadlines, "today" and sessions follow a clock that starts
  // at the given instant and runs on; PUT /api/testing/clock moves it. The
  // store keeps the real clock, so the audit log's times stay true.
  std::optional<OffsetClock> fake_clock;
  if (!a.fake_now.empty()) {
    Result<int64_t> start = ParseTimestamp(a.fake_now);
    if (!start.ok()) return Status::Invalid(start.status().message(), {"", 0, 0, "--fake-now"});
    fake_clock.emplace(system_clock, *start);
    api_options.test_clock = &*fake_clock;
  }
  const Clock& clock = fake_clock ? static_cast<const Clock&>(*fake_clock) : system_clock;
  // Reminders (docs/reporting.md "Reminders"): a pass at start and every
  // hour of the server's clock, into the inboxes and by email when
  // configured.
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<reporting::Notifier> mail,
                         MakeSmtpNotifier(a.smtp, clock));
  std::unique_ptr<server::ReminderScheduler> reminders;
  if (!a.no_reminders) {
    std::vector<reporting::Notifier*> channels;
    if (mail) channels.push_back(mail.get());
    reminders = std::make_unique<server::ReminderScheduler>(
        *store, clock, reporting::ReminderOptions(), channels, [](std::string_view line) {
          std::cerr << line << "\n" << std::flush;
        });
    api_options.reminders = reminders.get();
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<server::Api> api,
                         server::Api::Create(*store, clock, api_options));
  std::ofstream log_file;
  std::ostream* log = nullptr;
  if (a.access_log == "-") {
    log = &std::cout;
  } else if (!a.access_log.empty()) {
    log_file.open(a.access_log, std::ios::app);
    if (!log_file)
      return Status(ErrorCode::kIoError, "cannot open " + a.access_log,
                    {a.access_log, 0, 0, "--access-log"});
    log = &log_file;
  }
  server::ServerOptions options;
  options.listen = a.listen;
  options.tls_cert_file = a.tls_cert;
  options.tls_key_file = a.tls_key;
  options.allow_insecure_non_loopback = a.allow_insecure;
  options.trusted_proxies = a.trusted_proxies;
  options.io_threads = a.threads;
  options.access_log = log;
  server::Api* raw = api.get();
  options.body_limit = [raw](const server::http::request_header<>& h) { return raw->BodyLimit(h); };
  options.run_inline = [raw](const server::http::request_header<>& h) { return raw->RunInline(h); };
  GEMIS_ASSIGN_OR_RETURN(
      std::unique_ptr<server::HttpServer> http,
      server::HttpServer::Create(options, [raw](server::Request& req, server::RequestContext& rc) {
        return raw->Handle(req, rc);
      }));
  bool en = ctx.lang == Lang::kEn;
  if (fake_clock) {
    std::cerr << (en ? "WARNING: the clock is fake (--fake-now), now "
                     : "CẢNH BÁO: đồng hồ là giả (--fake-now), bây giờ là ")
              << FormatTimestamp(fake_clock->NowMillis())
              << (en ? "; PUT /api/testing/clock moves it. For tests only, never in production.\n"
                     : "; PUT /api/testing/clock chỉnh được. Chỉ dùng để kiểm thử, không bao giờ "
                       "dùng khi vận hành thật.\n");
  }
  std::cerr << (en ? "gemis is serving at " : "gemis đang chạy tại ") << http->url() << "\n";
  if (a.tls_cert.empty()) {
    std::cerr
        << (en ? "Plain HTTP: only for this machine (loopback) or behind a TLS reverse proxy; "
                 "see docs/deploy.md.\n"
               : "HTTP không mã hoá: chỉ dùng trên máy này (loopback) hoặc sau một reverse "
                 "proxy có TLS; xem docs/deploy.md.\n");
  }
  std::cerr << (en ? "Stop with Ctrl+C.\n" : "Dừng bằng Ctrl+C.\n") << std::flush;
  if (reminders) reminders->Start();
  http->Run();
  std::cerr << (en ? "gemis stopped.\n" : "gemis đã dừng.\n");
  return Status::Ok();
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd =
      app.add_subcommand("serve", "Chạy máy chủ web và API / run the HTTP server (docs/api.md)");
  cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--listen", args->listen, "Địa chỉ:cổng / host:port (port 0: any)");
  cmd->add_option("--tls-cert", args->tls_cert, "Chứng chỉ TLS (PEM) / TLS certificate chain");
  cmd->add_option("--tls-key", args->tls_key, "Khoá TLS (PEM) / TLS private key");
  cmd->add_option("--web-root", args->web_root, "Thư mục giao diện web / web UI files");
  cmd->add_option("--access-log", args->access_log,
                  "Nhật ký truy cập (JSON lines; '-' = stdout, '' = none) / access log");
  cmd->add_flag("--allow-insecure-http", args->allow_insecure,
                "Cho phép HTTP trên địa chỉ không phải loopback / plain HTTP off loopback");
  cmd->add_option("--trusted-proxy", args->trusted_proxies,
                  "Proxy tin cậy (X-Forwarded-For) / trusted reverse proxy address or network");
  cmd->add_option("--threads", args->threads, "Số luồng I/O / io threads (0 = cores)");
  cmd->add_option("--cache-mib", args->cache_mib,
                  "Bộ đệm trang SQLite tối đa (MiB) / most SQLite page cache (MiB)")
      ->check(CLI::Range(1, 65536));
  cmd->add_option("--fake-now", args->fake_now,
                  "Chỉ để kiểm thử: đồng hồ giả bắt đầu từ thời điểm này (giờ Việt Nam), "
                  "PUT /api/testing/clock chỉnh được / tests only: a fake clock starting at "
                  "this instant (e.g. 2024-11-05T09:00)");
  cmd->add_flag("--no-reminders", args->no_reminders,
                "Không tự gửi nhắc hạn báo cáo / send no report reminders (docs/reporting.md)");
  AddSmtpOptions(*cmd, args->smtp);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return Serve(*args, ctx); }; });
}

}  // namespace gemis::cli
