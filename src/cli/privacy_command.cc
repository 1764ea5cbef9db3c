// gemis privacy …: the data-protection officer's duties (docs/
// confidentiality.md, "Data subjects, breaches and retention"):
//   request add|list|answer   a data subject's request to see, correct or
//                             erase her data, answered within 72 hours;
//   breach add|notify|list    the breach log and its 72-hour notification;
//   retention show|set|apply  how long identifying fields are kept, and
//                             erasing those past it;
//   registers                 each register's purpose, legal basis, data
//                             kept and not kept, and who sees it.
// Every change is audited under the operator's name (program/
// privacy_service.h); times without a zone are Vietnam time.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/privacy_service.h"

namespace gemis::cli {

namespace {

using nlohmann::json;
using records::PersonalRegister;

struct PrivacyArgs {
  std::string db;
  std::string register_name;
  std::string code;
  std::string kind;
  std::string at;  // a time (ParseTimestamp); "" = now
  std::string note;
  std::string out;
  int64_t id = 0;
  std::string description, registers, measures, to, late_reason;
  int64_t subjects = -1;  // -1: not known
  int years = 0;
  std::string as_of;
  bool dry_run = false;
  std::string format = "table";
};

program::Actor Operator() { return {0, CommandLineActor(), ""}; }

// --at (or --received, --detected) as Unix ms; now when empty.
Result<int64_t> TimeOf(const std::string& text, const char* option) {
  if (text.empty()) return SystemClock().NowMillis();
  Result<int64_t> t = ParseTimestamp(text);
  if (!t.ok()) return Status::Invalid(t.status().message(), {"", 0, 0, option});
  return t;
}

// Vietnam time for people: "20/11/2026 08:30".
std::string Local(int64_t ms) {
  const Date d = VietnamDay(ms);
  const int64_t minutes = (ms + int64_t{7} * 3600 * 1000 - int64_t{d.days()} * 86400000) / 60000;
  return fmt::format("{} {:02}:{:02}", d.ToVietnameseString(), minutes / 60, minutes % 60);
}

Status RunRequestAdd(const PrivacyArgs& a, const Context& ctx) {
  records::SubjectRequest r;
  GEMIS_ASSIGN_OR_RETURN(r.register_kind, records::ParsePersonalRegister(a.register_name));
  GEMIS_ASSIGN_OR_RETURN(r.kind, records::ParseRequestKind(a.kind));
  r.record_code = a.code;
  GEMIS_ASSIGN_OR_RETURN(r.received_ms, TimeOf(a.at, "--received"));
  r.note = a.note;
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  int64_t id = 0;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(id, program::LogSubjectRequest(txn, r, Operator()));
    return Status::Ok();
  }));
  std::cout << FormatMessage(MessageId::kPrivacyRequestLogged, ctx.lang, id,
                             records::RequestKindName(r.kind), Local(records::RequestDueMs(r)))
            << "\n";
  return Status::Ok();
}

Status RunRequestList(const PrivacyArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<records::SubjectRequest> requests;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(requests, txn.LoadSubjectRequests());
    return Status::Ok();
  }));
  const int64_t now = SystemClock().NowMillis();
  if (a.format == "json") {
    json list = json::array();
    for (const auto& r : requests) list.push_back(program::SubjectRequestToJson(r, now));
    std::cout << json{{"requests", list}}.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : requests) {
    rows.push_back({std::to_string(r.id), records::PersonalRegisterName(r.register_kind),
                    r.record_code, records::RequestKindName(r.kind), Local(r.received_ms),
                    Local(records::RequestDueMs(r)), records::RequestState(r, now)});
  }
  auto m = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({m(MessageId::kPrivacyColumnId), m(MessageId::kPrivacyColumnRegister),
              m(MessageId::kPrivacyColumnRecord), m(MessageId::kPrivacyColumnKind),
              m(MessageId::kPrivacyColumnReceived), m(MessageId::kPrivacyColumnDue),
              m(MessageId::kPrivacyColumnState)},
             rows, std::cout);
  return Status::Ok();
}

Status RunRequestAnswer(const PrivacyArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(int64_t now, TimeOf(a.at, "--at"));
  program::ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamDay(now)};
  program::RequestAnswer answer;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(answer,
                           program::AnswerSubjectRequest(txn, mc, a.id, a.note, now, Operator()));
    return Status::Ok();
  }));
  const records::SubjectRequest& r = answer.request;
  std::cout << FormatMessage(MessageId::kPrivacyRequestAnswered, ctx.lang, r.id,
                             records::RequestState(r, now))
            << "\n";
  if (r.kind == records::RequestKind::kAccess) {
    // What she is given: to --out (the officer hands it over), else stdout.
    if (a.out.empty()) {
      std::cout << answer.access.dump(2) << "\n";
    } else {
      std::ofstream file(a.out, std::ios::binary | std::ios::trunc);
      file << answer.access.dump(2) << "\n";
      if (!file) return Status::Io("cannot write " + a.out, {a.out, 0, 0, ""});
    }
  }
  if (!r.erased.empty()) {
    std::string erased;
    for (const std::string& f : r.erased) erased += (erased.empty() ? "" : ", ") + f;
    std::cout << FormatMessage(MessageId::kPrivacyErased, ctx.lang, erased) << "\n";
    for (const records::KeptField& k : r.kept) {
      std::cout << FormatMessage(MessageId::kPrivacyKept, ctx.lang, k.field,
                                 ctx.lang == Lang::kVi ? k.reason_vi : k.reason_en)
                << "\n";
    }
  }
  return Status::Ok();
}

Result<std::vector<PersonalRegister>> Registers(const std::string& list) {
  std::vector<PersonalRegister> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    Result<PersonalRegister> r = records::ParsePersonalRegister(list.substr(start, comma - start));
    if (!r.ok()) return Status::Invalid(r.status().message(), {"", 0, 0, "--registers"});
    out.push_back(*r);
    start = comma + 1;
  }
  return out;
}

Status RunBreachAdd(const PrivacyArgs& a, const Context& ctx) {
  records::Breach b;
  GEMIS_ASSIGN_OR_RETURN(b.detected_ms, TimeOf(a.at, "--detected"));
  b.description = a.description;
  GEMIS_ASSIGN_OR_RETURN(b.registers, Registers(a.registers));
  if (a.subjects >= 0) b.subjects = a.subjects;
  b.measures = a.measures;
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  int64_t id = 0;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(id, program::SaveBreach(txn, b, Operator()));
    return Status::Ok();
  }));
  std::cout << FormatMessage(MessageId::kPrivacyBreachLogged, ctx.lang, id,
                             Local(records::BreachDueMs(b)))
            << "\n";
  return Status::Ok();
}

Status RunBreachNotify(const PrivacyArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(int64_t at, TimeOf(a.at, "--at"));
  records::Breach b;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Breach> found, txn.FindBreach(a.id));
    if (!found) return Status::NotFound("no breach " + std::to_string(a.id), {"", 0, 0, "id"});
    b = std::move(*found);
    b.notified_ms = at;
    b.notified_to = a.to;
    if (!a.late_reason.empty()) b.late_reason = a.late_reason;
    if (!a.measures.empty()) b.measures = a.measures;
    return program::SaveBreach(txn, b, Operator()).status();
  }));
  std::cout << FormatMessage(MessageId::kPrivacyBreachSaved, ctx.lang, b.id,
                             records::BreachState(b, at))
            << "\n";
  return Status::Ok();
}

Status RunBreachList(const PrivacyArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<records::Breach> breaches;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(breaches, txn.LoadBreaches());
    return Status::Ok();
  }));
  const int64_t now = SystemClock().NowMillis();
  if (a.format == "json") {
    json list = json::array();
    for (const auto& b : breaches) list.push_back(program::BreachToJson(b, now));
    std::cout << json{{"breaches", list}}.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : breaches) {
    rows.push_back({std::to_string(b.id), Local(b.detected_ms), Local(records::BreachDueMs(b)),
                    records::BreachState(b, now), b.description});
  }
  auto m = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({m(MessageId::kPrivacyColumnId), m(MessageId::kPrivacyColumnDetected),
              m(MessageId::kPrivacyColumnDue), m(MessageId::kPrivacyColumnState),
              m(MessageId::kPrivacyColumnDescription)},
             rows, std::cout);
  return Status::Ok();
}

Status RunRetention(const PrivacyArgs& a, const Context& ctx, const std::string& action) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  if (action == "set") {
    records::RetentionRule rule;
    GEMIS_ASSIGN_OR_RETURN(rule.register_kind, records::ParsePersonalRegister(a.register_name));
    rule.years = a.years;
    GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
      return program::SaveRetention(txn, rule, Operator());
    }));
  }
  if (action == "apply") {
    GEMIS_ASSIGN_OR_RETURN(Date today, AsOfDate(a.as_of));
    program::RetentionReport report;
    GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(report, program::ApplyRetention(txn, today, a.dry_run, Operator()));
      return Status::Ok();
    }));
    std::cout << FormatMessage(a.dry_run ? MessageId::kPrivacyRetentionDryRun
                                         : MessageId::kPrivacyRetentionApplied,
                               ctx.lang, report.births.size(), report.cases.size())
              << "\n";
    for (const std::string& code : report.births) std::cout << "  safe_birth " << code << "\n";
    for (const std::string& code : report.cases) std::cout << "  case " << code << "\n";
    return Status::Ok();
  }
  std::vector<records::RetentionRule> rules;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRetentionRules());
    return Status::Ok();
  }));
  std::vector<std::vector<std::string>> rows;
  for (const records::RetentionRule& r : rules) {
    rows.push_back({records::PersonalRegisterName(r.register_kind), std::to_string(r.years)});
  }
  PrintTable({std::string(Message(MessageId::kPrivacyColumnRegister, ctx.lang)),
              std::string(Message(MessageId::kPrivacyColumnYears, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

Status RunRegisters(const PrivacyArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<records::RetentionRule> rules;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadRetentionRules());
    return Status::Ok();
  }));
  json registers = program::RegisterPurposesToJson(rules);
  if (a.format == "json") {
    std::cout << registers.dump(2) << "\n";
    return Status::Ok();
  }
  const char* lang = ctx.lang == Lang::kEn ? "en" : "vi";
  for (const json& r : registers) {
    std::cout << r["name"][lang].get<std::string>() << " (" << r["register"].get<std::string>()
              << ")\n";
    auto line = [&](MessageId label, const json& text) {
      std::cout << "  " << Message(label, ctx.lang) << ": " << text.get<std::string>() << "\n";
    };
    line(MessageId::kPrivacyPurpose, r["purpose"][lang]);
    line(MessageId::kPrivacyLegalBasis, r["legalBasis"]);
    line(MessageId::kPrivacyKeptFields, r["kept"][lang]);
    line(MessageId::kPrivacyNotKeptFields, r["notKept"][lang]);
    line(MessageId::kPrivacySensitiveData, r["sensitive"][lang]);
    line(MessageId::kPrivacyWhoSees, r["whoSees"][lang]);
    std::cout << "  "
              << (r["retentionYears"].is_null()
                      ? std::string(Message(MessageId::kPrivacyNoRetention, ctx.lang))
                      : FormatMessage(MessageId::kPrivacyRetentionYears, ctx.lang,
                                      r["retentionYears"].get<int>()))
              << "\n\n";
  }
  return Status::Ok();
}

}  // namespace

void RegisterPrivacyCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand(
      "privacy",
      "Bảo vệ dữ liệu cá nhân: yêu cầu của chủ thể dữ liệu, sự cố, thời hạn lưu / data "
      "protection: data subjects' requests, breaches, retention (docs/confidentiality.md)");
  group->require_subcommand(1);
  auto add = [&](CLI::App* parent, const char* name, const char* help, auto run) {
    auto args = std::make_shared<PrivacyArgs>();
    CLI::App* cmd = parent->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  auto format = [](CLI::App* cmd, PrivacyArgs& a) {
    cmd->add_option("--format", a.format, "table | json")->check(CLI::IsMember({"table", "json"}));
  };

  {
    auto [cmd, args] =
        add(group, "registers",
            "Mục đích, căn cứ pháp lý, dữ liệu lưu của từng sổ / each register's purpose, legal "
            "basis and the data it keeps",
            [](const PrivacyArgs& a, const Context& c) { return RunRegisters(a, c); });
    format(cmd, *args);
  }

  CLI::App* request = group->add_subcommand(
      "request", "Yêu cầu xem, sửa, xoá dữ liệu / requests to see, correct or erase data");
  request->require_subcommand(1);
  {
    auto [cmd, args] =
        add(request, "add", "Ghi nhận một yêu cầu / log a request",
            [](const PrivacyArgs& a, const Context& c) { return RunRequestAdd(a, c); });
    cmd->add_option("--register", args->register_name, "safe_birth | cadre | case")->required();
    cmd->add_option("--code", args->code, "Mã hồ sơ của người yêu cầu / the record's code")
        ->required();
    cmd->add_option("--kind", args->kind, "access | rectification | erasure")->required();
    cmd->add_option("--received", args->at,
                    "Thời điểm nhận (giờ Việt Nam; mặc định: bây giờ) / when it arrived");
    cmd->add_option("--note", args->note, "Ghi chú (không ghi họ tên) / note (no names)");
  }
  {
    auto [cmd, args] =
        add(request, "list", "Liệt kê yêu cầu và hạn trả lời / requests and due",
            [](const PrivacyArgs& a, const Context& c) { return RunRequestList(a, c); });
    format(cmd, *args);
  }
  {
    auto [cmd, args] =
        add(request, "answer",
            "Trả lời: xuất dữ liệu, xác nhận đã sửa, hoặc xoá / answer: export, "
            "confirm the correction, or erase",
            [](const PrivacyArgs& a, const Context& c) { return RunRequestAnswer(a, c); });
    cmd->add_option("id", args->id, "Số yêu cầu / request number")->required();
    cmd->add_option("--note", args->note, "Đã làm gì / what was done");
    cmd->add_option("--out", args->out, "Tệp JSON trao cho người yêu cầu / file to hand over");
    cmd->add_option("--at", args->at, "Thời điểm trả lời (mặc định: bây giờ) / when");
  }

  CLI::App* breach = group->add_subcommand("breach", "Sổ sự cố / the breach log");
  breach->require_subcommand(1);
  {
    auto [cmd, args] =
        add(breach, "add", "Ghi một sự cố / log a breach",
            [](const PrivacyArgs& a, const Context& c) { return RunBreachAdd(a, c); });
    cmd->add_option("--detected", args->at, "Thời điểm phát hiện / when it was detected");
    cmd->add_option("--description", args->description, "Chuyện gì xảy ra / what happened")
        ->required();
    cmd->add_option("--registers", args->registers, "safe_birth,cadre,case");
    cmd->add_option("--subjects", args->subjects, "Số người bị ảnh hưởng / people affected")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--measures", args->measures, "Biện pháp đã làm / measures taken");
  }
  {
    auto [cmd, args] =
        add(breach, "notify", "Ghi việc đã thông báo cơ quan chức năng / record the notification",
            [](const PrivacyArgs& a, const Context& c) { return RunBreachNotify(a, c); });
    cmd->add_option("id", args->id, "Số sự cố / breach number")->required();
    cmd->add_option("--to", args->to, "Cơ quan nhận (A05, Bộ Công an) / authority")->required();
    cmd->add_option("--at", args->at, "Thời điểm thông báo (mặc định: bây giờ) / when");
    cmd->add_option("--late-reason", args->late_reason,
                    "Lý do chậm (quá 72 giờ) / reason for a late notification");
    cmd->add_option("--measures", args->measures, "Biện pháp đã làm / measures taken");
  }
  {
    auto [cmd, args] =
        add(breach, "list", "Liệt kê sự cố / list breaches",
            [](const PrivacyArgs& a, const Context& c) { return RunBreachList(a, c); });
    format(cmd, *args);
  }

  CLI::App* retention = group->add_subcommand(
      "retention", "Thời hạn lưu thông tin định danh / retention of identifying fields");
  retention->require_subcommand(1);
  for (const char* action : {"show", "set", "apply"}) {
    const std::string name = action;
    auto [cmd, args] =
        add(retention, action,
            name == "show"  ? "Xem thời hạn / show the periods"
            : name == "set" ? "Đặt thời hạn / set a period"
                            : "Xoá thông tin định danh hết hạn / erase what is "
                              "past its period",
            [name](const PrivacyArgs& a, const Context& c) { return RunRetention(a, c, name); });
    if (name == "set") {
      cmd->add_option("register", args->register_name, "safe_birth | case")->required();
      cmd->add_option("years", args->years, "Số năm / years (1-100)")->required();
    }
    if (name == "apply") {
      cmd->add_flag("--dry-run", args->dry_run, "Chỉ liệt kê / only list");
      cmd->add_option("--as-of", args->as_of, "Ngày tính (mặc định: hôm nay) / as of");
    }
  }
}

}  // namespace gemis::cli
