// gemis calendar | reporttype | submission (docs/reporting.md, docs/cli.md):
// the working-day calendar and the report types from their files, and the
// reporting workflow — the reports of a type and period with their states
// and timeliness, and the transitions made as a named user (--as), checked
// as the server checks them: the user's authorities and entry scope.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "access/scope.h"
#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/reporting_json.h"
#include "reporting/submission_service.h"

namespace gemis::cli {

namespace {

using reporting::ReportRow;

struct ReportArgs {
  std::string db;
  std::string file;
  std::string type;
  std::string unit;
  std::string period;
  std::string as;
  std::string comment;
  std::vector<std::string> returns;  // "P8_X=reason"
  std::string at;                    // when the action is recorded
  std::string format = "table";
  int year = 0;
  std::string due;   // an ad-hoc request's stated day
  std::string note;  // an ad-hoc request's note
};

Result<int64_t> Now(const ReportArgs& a) {
  if (a.at.empty()) return SystemClock().NowMillis();
  Result<int64_t> at = ParseTimestamp(a.at);
  if (!at.ok()) return Status::Invalid("--at: " + at.status().message(), {"", 0, 0, "--at"});
  return at;
}

std::string UnitLabel(const Hierarchy& h, OrgUnitId id, Date day) {
  const OrgUnit* u = h.Find(id);
  if (u == nullptr) return "";
  const OrgUnitVersion* v = u->VersionAt(day);
  if (v == nullptr) v = &u->last();
  return v->code.empty() ? v->FullName() : v->code + " " + v->FullName();
}

MessageId StateMessage(SubmissionState s) {
  return static_cast<MessageId>(static_cast<int>(MessageId::kReportStateNotStarted) +
                                static_cast<int>(s));
}

MessageId TimelinessMessage(Timeliness t) {
  return static_cast<MessageId>(static_cast<int>(MessageId::kReportOnTime) + static_cast<int>(t));
}

Status RunCalendarImport(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(program::CalendarFile file, program::ImportCalendarFile(*store, a.file));
  std::cout << FormatMessage(MessageId::kReportCalendarSaved, ctx.lang, file.days.size(),
                             fmt::format("{}", fmt::join(file.years, ", ")))
            << "\n";
  return Status::Ok();
}

Status RunCalendarList(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<CalendarDay> days;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(days, txn.LoadCalendarDays());
    return Status::Ok();
  }));
  std::vector<std::vector<std::string>> rows;
  for (const CalendarDay& d : days) {
    if (a.year != 0 && d.day.year() != a.year) continue;
    rows.push_back(
        {d.day.ToVietnameseString(),
         std::string(Message(d.kind == CalendarDayKind::kOff ? MessageId::kCalendarOff
                                                             : MessageId::kCalendarWorking,
                             ctx.lang)),
         d.name});
  }
  PrintTable({std::string(Message(MessageId::kPlanColumnDate, ctx.lang)),
              std::string(Message(MessageId::kCaseColumnKind, ctx.lang)),
              std::string(Message(MessageId::kXlsxName, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

Status RunTypeImport(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(std::vector<ReportType> types,
                         program::ImportReportTypesFile(*store, a.file, VietnamToday()));
  std::cout << FormatMessage(MessageId::kReportTypesSaved, ctx.lang, types.size()) << "\n";
  return Status::Ok();
}

Status RunTypeList(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<ReportType> types;
  Hierarchy hierarchy;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(types, txn.LoadReportTypes());
    GEMIS_ASSIGN_OR_RETURN(hierarchy, txn.LoadHierarchy());
    return Status::Ok();
  }));
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const ReportType& t : types) {
    std::vector<std::string> words;
    nlohmann::json deadlines = nlohmann::json::array();
    for (const LevelDeadline& d : t.deadlines) {
      const std::string text = DescribeDeadline(d.rule, t.period_type, ctx.lang);
      // A level naming its units: how many ("commune ×6").
      words.push_back(std::string(LevelName(d.level)) +
                      (d.units.empty() ? "" : " ×" + std::to_string(d.units.size())) + ": " + text);
      nlohmann::json units = nlohmann::json::array();
      for (OrgUnitId u : d.units) {
        const OrgUnit* unit = hierarchy.Find(u);
        units.push_back(unit ? unit->last().code : std::to_string(u));
      }
      deadlines.push_back({{"level", LevelName(d.level)}, {"text", text}, {"units", units}});
    }
    rows.push_back({t.code, t.name, t.data_set, std::string(PeriodTypeName(t.period_type)),
                    fmt::format("{}", fmt::join(words, "; "))});
    out.push_back({{"code", t.code},
                   {"name", t.name},
                   {"dataSet", t.data_set},
                   {"periodType", PeriodTypeName(t.period_type)},
                   {"cadence", ReportCadenceName(t.cadence)},
                   {"deadlines", deadlines},
                   {"activityKinds", t.activity_kinds}});
  }
  if (a.format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintTable({std::string(Message(MessageId::kPlanColumnCode, ctx.lang)),
              std::string(Message(MessageId::kXlsxName, ctx.lang)),
              std::string(Message(MessageId::kReportColDataSet, ctx.lang)),
              std::string(Message(MessageId::kDataSetColumnPeriodType, ctx.lang)),
              std::string(Message(MessageId::kProgressWindow, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

Result<Period> ParsePeriodArg(const std::string& text) {
  Result<Period> p = Period::Parse(text);
  if (!p.ok()) return Status::Invalid("PERIOD: " + p.status().message(), {"", 0, 0, "PERIOD"});
  return p;
}

Status RunList(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(Period period, ParsePeriodArg(a.period));
  GEMIS_ASSIGN_OR_RETURN(int64_t now, Now(a));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(*store));
  std::vector<ReportRow> rows;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(a.type));
    GEMIS_ASSIGN_OR_RETURN(rows,
                           reporting::LoadReportRows(txn, setup, *type, period, hierarchy, now));
    return Status::Ok();
  }));
  std::optional<OrgUnitId> under;
  if (!a.unit.empty()) {
    const Date day = rows.empty() ? period.end() : rows.front().expected.reference;
    GEMIS_ASSIGN_OR_RETURN(under, ResolveRecordUnit(hierarchy, a.unit, day, "--unit"));
  }
  Completeness c = reporting::MeasureRows(rows, hierarchy, now);
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const ReportRow& r : rows) {
    const Date day = r.expected.reference;
    if (under && r.expected.unit != *under && r.expected.recipient != *under) continue;
    const OrgUnit* u = hierarchy.Find(r.expected.unit);
    table.push_back({UnitLabel(hierarchy, r.expected.unit, day), LevelName(r.expected.level),
                     r.expected.recipient ? UnitLabel(hierarchy, *r.expected.recipient, day) : "",
                     r.expected.due.last_day.ToVietnameseString(),
                     std::string(Message(StateMessage(r.state), ctx.lang)),
                     std::string(Message(TimelinessMessage(r.timeliness), ctx.lang))});
    out.push_back({{"unit", u ? u->uid : ""},
                   {"unitName", UnitLabel(hierarchy, r.expected.unit, day)},
                   {"level", LevelName(r.expected.level)},
                   {"recipient", r.expected.recipient && hierarchy.Find(*r.expected.recipient)
                                     ? nlohmann::json(hierarchy.Find(*r.expected.recipient)->uid)
                                     : nlohmann::json(nullptr)},
                   {"due", r.expected.due.stated.ToString()},
                   {"lastDay", r.expected.due.last_day.ToString()},
                   {"state", SubmissionStateName(r.state)},
                   {"timeliness", TimelinessName(r.timeliness)}});
  }
  if (a.format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintTable({std::string(Message(MessageId::kReportUnit, ctx.lang)),
              std::string(Message(MessageId::kReportColLevel, ctx.lang)),
              std::string(Message(MessageId::kReportColRecipient, ctx.lang)),
              std::string(Message(MessageId::kReportColDue, ctx.lang)),
              std::string(Message(MessageId::kReportColState, ctx.lang)),
              std::string(Message(MessageId::kReportColTimeliness, ctx.lang))},
             table, std::cout);
  // The completeness of the unit asked for, else of every top unit.
  for (const auto& [unit, count] : c.rolled_up) {
    const Date day = rows.front().expected.reference;
    const bool top = under ? unit == *under
                           : !hierarchy.ParentAt(unit, day).has_value() ||
                                 !c.rolled_up.contains(*hierarchy.ParentAt(unit, day));
    if (!top) continue;
    std::cout << FormatMessage(MessageId::kReportCompleteness, ctx.lang,
                               UnitLabel(hierarchy, unit, day), count.expected, count.received,
                               count.on_time, count.late, count.missing, count.pending)
              << "\n";
  }
  return Status::Ok();
}

Result<reporting::ReportActor> ActorNamed(store::Store& store, const std::string& username) {
  reporting::ReportActor actor;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> user, txn.FindUser(username));
    if (!user) return Status::NotFound("no user '" + username + "'", {"", 0, 0, "--as"});
    if (user->disabled)
      return Status::Denied("user " + username + " is disabled", {"", 0, 0, "--as"});
    GEMIS_ASSIGN_OR_RETURN(std::vector<access::Role> roles, txn.LoadRoles());
    actor.principal = access::PrincipalOf(*user, roles);
    return Status::Ok();
  }));
  return actor;
}

Status RunAct(const ReportArgs& a, const Context& ctx, SubmissionAction action) {
  GEMIS_ASSIGN_OR_RETURN(Period period, ParsePeriodArg(a.period));
  GEMIS_ASSIGN_OR_RETURN(int64_t now, Now(a));
  reporting::ReportAction request;
  request.type = a.type;
  request.period = period;
  request.action = action;
  request.comment = a.comment;
  for (const std::string& r : a.returns) {
    size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Invalid("--return ELEMENT=REASON, not '" + r + "'", {"", 0, 0, "--return"});
    }
    request.returns.push_back({r.substr(0, eq), r.substr(eq + 1)});
  }
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(*store));
  GEMIS_ASSIGN_OR_RETURN(reporting::ReportActor actor, ActorNamed(*store, a.as));
  const Date day = VietnamDay(now);
  const access::ScopeIndex scopes(hierarchy, day);
  GEMIS_ASSIGN_OR_RETURN(request.unit, ResolveRecordUnit(hierarchy, a.unit, period.end(), "UNIT"));
  Submission done;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(done,
                           reporting::ActOnReport(txn, request, actor, hierarchy, scopes, now));
    return Status::Ok();
  }));
  std::cout << FormatMessage(MessageId::kReportActed, ctx.lang,
                             UnitLabel(hierarchy, done.unit, period.end()),
                             Message(StateMessage(done.state), ctx.lang))
            << "\n";
  return Status::Ok();
}

Status RunApproveAll(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(Period period, ParsePeriodArg(a.period));
  GEMIS_ASSIGN_OR_RETURN(int64_t now, Now(a));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(*store));
  GEMIS_ASSIGN_OR_RETURN(reporting::ReportActor actor, ActorNamed(*store, a.as));
  GEMIS_ASSIGN_OR_RETURN(OrgUnitId recipient,
                         ResolveRecordUnit(hierarchy, a.unit, period.end(), "UNIT"));
  const access::ScopeIndex scopes(hierarchy, VietnamDay(now));
  reporting::BulkOutcome outcome;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(outcome, reporting::ApproveAllComplete(txn, a.type, period, recipient,
                                                                  actor, hierarchy, scopes, now));
    return Status::Ok();
  }));
  std::cout << FormatMessage(MessageId::kReportBulkApproved, ctx.lang, outcome.approved.size(),
                             outcome.skipped.size())
            << "\n";
  for (const auto& [unit, why] : outcome.skipped) {
    std::cout << "  " << UnitLabel(hierarchy, unit, period.end()) << ": " << why.message() << "\n";
  }
  return Status::Ok();
}

Status RunRequest(const ReportArgs& a, const Context& ctx) {
  reporting::RequestInput input;
  input.type = a.type;
  GEMIS_ASSIGN_OR_RETURN(input.period, ParsePeriodArg(a.period));
  Result<Date> due = Date::Parse(a.due);
  if (!due.ok()) return Status::Invalid("--due: " + due.status().message(), {"", 0, 0, "--due"});
  input.due = *due;
  input.note = a.note;
  GEMIS_ASSIGN_OR_RETURN(int64_t now, Now(a));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, LoadHierarchy(*store));
  GEMIS_ASSIGN_OR_RETURN(reporting::ReportActor actor, ActorNamed(*store, a.as));
  const access::ScopeIndex scopes(hierarchy, VietnamDay(now));
  size_t expected = 0;
  GEMIS_RETURN_IF_ERROR(store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_RETURN_IF_ERROR(
        reporting::RequestReports(txn, input, actor, hierarchy, scopes, now).status());
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(input.type));
    GEMIS_ASSIGN_OR_RETURN(
        std::vector<ReportRow> rows,
        reporting::LoadReportRows(txn, setup, *type, input.period, hierarchy, now));
    expected = rows.size();
    return Status::Ok();
  }));
  std::cout << FormatMessage(MessageId::kReportRequested, ctx.lang, input.type,
                             input.period.ToString(), input.due.ToVietnameseString(), expected)
            << "\n";
  return Status::Ok();
}

Status RunRequests(const ReportArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  reporting::ReportingSetup setup;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(setup, reporting::LoadReportingSetup(txn));
    return Status::Ok();
  }));
  std::optional<ReportTypeId> only;
  if (!a.type.empty()) {
    GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type(a.type));
    only = t->id;
  }
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const store::ReportRequest& q : setup.requests) {
    if (only && q.type != *only) continue;
    const ReportType* t = setup.TypeById(q.type);
    const std::string code = t ? t->code : std::to_string(q.type);
    out.push_back({{"type", code},
                   {"period", q.period.ToString()},
                   {"due", q.due.ToString()},
                   {"requestedBy", q.requested_by},
                   {"requestedAt", FormatTimestamp(q.requested_ms)},
                   {"note", q.note}});
    table.push_back({code, q.period.ToString(), q.due.ToVietnameseString(), q.requested_by});
  }
  if (a.format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintTable({std::string(Message(MessageId::kReportColType, ctx.lang)),
              std::string(Message(MessageId::kReportColPeriod, ctx.lang)),
              std::string(Message(MessageId::kReportColDueBefore, ctx.lang)),
              std::string(Message(MessageId::kReportColRequestedBy, ctx.lang))},
             table, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterSubmissionCommands(CLI::App& app, Context& ctx) {
  auto add = [&](CLI::App* parent, const char* name, const char* help, auto run) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* cmd = parent->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };

  CLI::App* calendar = app.add_subcommand(
      "calendar", "Lịch ngày nghỉ, ngày làm bù / the working-day calendar (docs/reporting.md)");
  calendar->require_subcommand(1);
  {
    auto [cmd, args] = add(calendar, "import", "Nhập tệp lịch / import a gemis-calendar/1 file",
                           RunCalendarImport);
    cmd->add_option("file", args->file, "Tệp gemis-calendar/1")->required();
  }
  {
    auto [cmd, args] = add(calendar, "list", "Liệt kê / list the days", RunCalendarList);
    cmd->add_option("--year", args->year, "Năm / year");
  }

  CLI::App* types = app.add_subcommand(
      "reporttype", "Loại báo cáo và thời hạn / report types and deadlines (docs/reporting.md)");
  types->require_subcommand(1);
  {
    auto [cmd, args] =
        add(types, "import", "Nhập tệp loại báo cáo / import a gemis-report-types/1 file",
            RunTypeImport);
    cmd->add_option("file", args->file, "Tệp gemis-report-types/1")->required();
  }
  {
    auto [cmd, args] = add(types, "list", "Liệt kê / list", RunTypeList);
    cmd->add_option("--format", args->format, "table | json")
        ->check(CLI::IsMember({"table", "json"}));
  }

  CLI::App* submission = app.add_subcommand(
      "submission", "Nộp, duyệt báo cáo / the reporting workflow (docs/reporting.md)");
  submission->require_subcommand(1);
  auto positional = [](CLI::App* cmd, ReportArgs& args, bool unit) {
    cmd->add_option("type", args.type, "Mã loại báo cáo / report type code")->required();
    if (unit)
      cmd->add_option("unit", args.unit, "Mã hoặc uid đơn vị / unit code or uid")->required();
    cmd->add_option("period", args.period, "Kỳ báo cáo / period (2026, 2026S1)")->required();
    cmd->add_option("--at", args.at,
                    "Thời điểm ghi nhận (mặc định: bây giờ) / when it happened (default now)");
  };
  {
    auto [cmd, args] =
        add(submission, "list", "Các báo cáo phải nộp, trạng thái, đúng hạn / the expected reports",
            RunList);
    positional(cmd, *args, false);
    cmd->add_option("--unit", args->unit, "Một đơn vị và các báo cáo gửi đến nó / one unit");
    cmd->add_option("--format", args->format, "table | json")
        ->check(CLI::IsMember({"table", "json"}));
  }
  const std::pair<const char*, SubmissionAction> actions[] = {
      {"submit", SubmissionAction::kSubmit},
      {"return", SubmissionAction::kReturn},
      {"approve", SubmissionAction::kApprove},
      {"waive", SubmissionAction::kWaive},
      {"unlock", SubmissionAction::kUnlock}};
  for (const auto& [name, action] : actions) {
    auto [cmd, args] = add(
        submission, name, "Chuyển trạng thái báo cáo / a workflow action (docs/reporting.md)",
        [action = action](const ReportArgs& a, const Context& c) { return RunAct(a, c, action); });
    positional(cmd, *args, true);
    cmd->add_option("--as", args->as, "Người thực hiện / the acting user")->required();
    cmd->add_option("--comment", args->comment, "Nhận xét, lý do / comment, reason");
    if (action == SubmissionAction::kReturn) {
      cmd->add_option("--return", args->returns,
                      "Chỉ tiêu bị trả lại: MÃ=lý do / a returned measure: CODE=reason");
    }
  }
  {
    auto [cmd, args] = add(submission, "request",
                           "Yêu cầu báo cáo đột xuất / request an ad-hoc report", RunRequest);
    positional(cmd, *args, false);
    cmd->add_option("--due", args->due, "Nộp trước ngày (YYYY-MM-DD) / due before this day")
        ->required();
    cmd->add_option("--as", args->as, "Người yêu cầu / the requesting user")->required();
    cmd->add_option("--note", args->note, "Ghi chú, căn cứ / note (the letter asking for it)");
  }
  {
    auto [cmd, args] = add(submission, "requests",
                           "Các yêu cầu báo cáo đột xuất / the ad-hoc requests", RunRequests);
    cmd->add_option("--type", args->type, "Một loại báo cáo / one report type");
    cmd->add_option("--format", args->format, "table | json")
        ->check(CLI::IsMember({"table", "json"}));
  }
  {
    auto [cmd, args] =
        add(submission, "approve-all",
            "Duyệt mọi báo cáo đủ điều kiện gửi đến đơn vị / approve all complete", RunApproveAll);
    positional(cmd, *args, true);
    cmd->add_option("--as", args->as, "Người thực hiện / the acting user")->required();
  }
}

}  // namespace gemis::cli
