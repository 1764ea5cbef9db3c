// gemis figures …: the rules that turn model records into data values, their
// publication, and the drill-down from a figure to the models behind it
// (docs/program.md, "Figures from records").
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/activities_json.h"
#include "program/cadres_json.h"
#include "program/figure_publisher.h"
#include "program/records_json.h"
#include "store/access_records.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

struct FiguresArgs {
  std::string db;
  std::string file;
  std::string format = "table";
  std::string element, period, unit, option_combo;
};

// Publishes in `txn` and prints the report; audits the publication.
Status PublishAndPrint(store::WriteTransaction& txn, const PlanData& data, Lang lang) {
  GEMIS_ASSIGN_OR_RETURN(
      program::PublishReport r,
      program::PublishFigures(txn, data.hierarchy, data.metadata, VietnamToday()));
  store::AuditEntry e;
  e.username = CommandLineActor();
  e.action = "publish";
  e.object_type = "figures";
  e.object_id = "records";
  e.after = nlohmann::json{{"written", r.written},
                           {"unchanged", r.unchanged},
                           {"removed", r.removed},
                           {"conflicts", r.conflicts.size()}}
                .dump();
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  PrintPublishReport(r, data.hierarchy, lang, std::cout);
  return Status::Ok();
}

Status RunRulesImport(const FiguresArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(program::FigureRuleSet rules,
                         program::ParseFigureRulesJson(text.str(), a.file));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    for (const records::FigureRule& r : rules.models) {
      GEMIS_RETURN_IF_ERROR(txn.SaveFigureRule(r).status());
    }
    for (const records::ActivityFigureRule& r : rules.activities) {
      GEMIS_RETURN_IF_ERROR(txn.SaveActivityFigureRule(r).status());
    }
    for (const records::RegisterFigureRule& r : rules.registers) {
      GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(r).status());
    }
    std::cout << FormatMessage(
                     MessageId::kFigureRulesSaved, ctx.lang,
                     rules.models.size() + rules.activities.size() + rules.registers.size())
              << "\n";
    return PublishAndPrint(txn, data, ctx.lang);
  });
}

Status RunRulesList(const FiguresArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  std::vector<records::FigureRule> rules;
  std::vector<records::ActivityFigureRule> activity_rules;
  std::vector<records::RegisterFigureRule> register_rules;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(rules, txn.LoadFigureRules());
    GEMIS_ASSIGN_OR_RETURN(activity_rules, txn.LoadActivityFigureRules());
    GEMIS_ASSIGN_OR_RETURN(register_rules, txn.LoadRegisterFigureRules());
    return Status::Ok();
  }));
  if (a.format == "json") {
    nlohmann::json out = {{"format", program::kFigureRulesFormat},
                          {"figureRules", nlohmann::json::array()},
                          {"activityFigureRules", nlohmann::json::array()},
                          {"registerFigureRules", nlohmann::json::array()}};
    for (const records::FigureRule& r : rules)
      out["figureRules"].push_back(program::FigureRuleToJson(r));
    for (const records::ActivityFigureRule& r : activity_rules)
      out["activityFigureRules"].push_back(program::ActivityFigureRuleToJson(r));
    for (const records::RegisterFigureRule& r : register_rules)
      out["registerFigureRules"].push_back(program::RegisterFigureRuleToJson(r));
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const records::FigureRule& r : rules) {
    nlohmann::json j = program::FigureRuleToJson(r);
    std::string statuses, sum;
    for (const auto& s : j["statuses"])
      statuses += (statuses.empty() ? "" : ",") + s.get<std::string>();
    for (const auto& s : j["sum"]) sum += (sum.empty() ? "" : "+") + s.get<std::string>();
    rows.push_back(
        {r.data_element, records::ModelKindName(r.kind), statuses,
         r.where ? j["where"].get<std::string>() + (r.where_in_period ? " (in period)" : "") : "",
         sum.empty() ? "count" : sum, records::FigureByName(r.by),
         std::string(PeriodTypeName(r.period_type))});
  }
  for (const records::ActivityFigureRule& r : activity_rules) {
    std::string which;
    if (r.programme) which += records::TrainingProgrammeName(*r.programme);
    if (r.dialogue_level) which += records::DialogueLevelName(*r.dialogue_level);
    if (r.dv_prevention_only) which += (which.empty() ? "" : ", ") + std::string("dv_prevention");
    rows.push_back({r.data_element, records::ActivityKindName(r.kind), "", which,
                    records::ActivityMeasureName(r.measure), records::FigureByName(r.by),
                    std::string(PeriodTypeName(r.period_type))});
  }
  for (const records::RegisterFigureRule& r : register_rules) {
    std::string groups;
    for (const std::string& g : r.filter) groups += (groups.empty() ? "" : ",") + g;
    rows.push_back({r.data_element, records::RegisterKindName(r.register_kind), groups, "",
                    r.measure, records::FigureByName(r.by),
                    std::string(PeriodTypeName(r.period_type))});
  }
  PrintTable({"dataElement", "kind", "statuses", "where", "value", "by", "periodType"}, rows,
             std::cout);
  return Status::Ok();
}

Status RunPublish(const FiguresArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  return store->Write(
      [&](store::WriteTransaction& txn) { return PublishAndPrint(txn, data, ctx.lang); });
}

Status RunExplain(const FiguresArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(Period period, Period::Parse(a.period));
  const StoredElement* e = data.metadata.FindElement(a.element);
  if (e == nullptr)
    return Status::NotFound("no data element '" + a.element + "'", {"", 0, 0, "--dx"});
  const OrgUnit* u = data.hierarchy.FindByUid(a.unit);
  if (u == nullptr) u = data.hierarchy.FindByCode(a.unit, period.end());
  if (u == nullptr)
    return Status::NotFound("no org unit '" + a.unit + "' on " + period.end().ToString(),
                            {"", 0, 0, "--ou"});
  MetadataId coc = data.metadata.default_option_combo();
  if (!a.option_combo.empty()) {
    const StoredOptionCombo* c = data.metadata.FindOptionCombo(a.option_combo);
    if (c == nullptr)
      return Status::NotFound("no option combo '" + a.option_combo + "'", {"", 0, 0, "--coc"});
    coc = c->id;
  }
  program::FigureExplanation explained;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    DataValueKey key{e->id, 0, u->id, coc, data.metadata.default_option_combo()};
    GEMIS_ASSIGN_OR_RETURN(explained, program::ExplainFigure(txn, data.hierarchy, key, period));
    return Status::Ok();
  }));
  if (explained.claims.empty()) {
    std::cout << Message(MessageId::kFiguresNoClaim, ctx.lang) << "\n";
    return Status::Ok();
  }
  std::cout << a.element << " " << period.ToString() << " " << u->last().code << " = "
            << explained.total << "\n";
  auto unit_of = [&](OrgUnitId id) {
    const OrgUnit* mu = data.hierarchy.Find(id);
    return mu ? mu->last().code + " " + mu->last().name : std::string();
  };
  if (!explained.activities.empty()) {
    std::cout << Message(MessageId::kFiguresBehindActivities, ctx.lang) << ":\n";
    std::vector<std::vector<std::string>> rows;
    for (const records::Activity& act : explained.activities) {
      rows.push_back({act.code, act.title, unit_of(act.org_unit), act.start.ToString()});
    }
    PrintTable({std::string(Message(MessageId::kActivityColumnCode, ctx.lang)),
                std::string(Message(MessageId::kActivityColumnTitle, ctx.lang)),
                std::string(Message(MessageId::kModelColumnUnit, ctx.lang)),
                std::string(Message(MessageId::kActivityColumnStart, ctx.lang))},
               rows, std::cout);
  }
  if (!explained.cadres.empty()) {
    std::cout << Message(MessageId::kFiguresBehindCadres, ctx.lang) << ":\n";
    std::vector<std::vector<std::string>> rows;
    for (const records::Cadre& c : explained.cadres) {
      rows.push_back({c.code, c.position, unit_of(c.org_unit), records::CadreGroupName(c.group),
                      c.since.ToString()});
    }
    PrintTable({std::string(Message(MessageId::kCadreColumnCode, ctx.lang)),
                std::string(Message(MessageId::kCadreColumnPosition, ctx.lang)),
                std::string(Message(MessageId::kModelColumnUnit, ctx.lang)),
                std::string(Message(MessageId::kCadreColumnGroup, ctx.lang)),
                std::string(Message(MessageId::kCadreColumnSince, ctx.lang))},
               rows, std::cout);
  }
  if (!explained.births.empty()) {
    // Codes, communes and dates only: a drill-down does not name mothers.
    std::cout << Message(MessageId::kFiguresBehindBirths, ctx.lang) << ":\n";
    std::vector<std::vector<std::string>> rows;
    for (const records::SafeBirth& b : explained.births) {
      rows.push_back({b.code, unit_of(b.commune), b.birth_date.ToString()});
    }
    PrintTable({std::string(Message(MessageId::kBirthColumnCode, ctx.lang)),
                std::string(Message(MessageId::kBirthColumnCommune, ctx.lang)),
                std::string(Message(MessageId::kBirthColumnDate, ctx.lang))},
               rows, std::cout);
  }
  if (explained.cases > 0) {
    // How many, never which (records/register_figures.h, rule 3).
    std::cout << Message(MessageId::kFiguresBehindCases, ctx.lang) << ": " << explained.cases
              << "\n";
  }
  if (explained.models.empty()) return Status::Ok();
  std::cout << Message(MessageId::kFiguresBehind, ctx.lang) << ":\n";
  std::vector<std::vector<std::string>> rows;
  for (const records::Model& m : explained.models) {
    rows.push_back({m.code, m.name, unit_of(m.org_unit), m.established.ToString()});
  }
  PrintTable({std::string(Message(MessageId::kModelColumnCode, ctx.lang)),
              std::string(Message(MessageId::kModelColumnName, ctx.lang)),
              std::string(Message(MessageId::kModelColumnUnit, ctx.lang)),
              std::string(Message(MessageId::kModelColumnEstablished, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

}  // namespace

void RegisterFiguresCommands(CLI::App& app, Context& ctx) {
  CLI::App* figures = app.add_subcommand(
      "figures", "Số liệu tính từ hồ sơ mô hình / figures computed from model records");
  figures->require_subcommand(1);
  auto add = [&](CLI::App* parent, const char* name, const char* help, auto run) {
    auto args = std::make_shared<FiguresArgs>();
    CLI::App* cmd = parent->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  CLI::App* rules = figures->add_subcommand("rules", "Quy tắc tính / the rules");
  rules->require_subcommand(1);
  {
    auto [cmd, args] =
        add(rules, "import", "Nhập quy tắc từ JSON / import rules from a JSON file",
            [](const FiguresArgs& a, const Context& c) { return RunRulesImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-figure-rules/1")->required();
  }
  {
    auto [cmd, args] = add(rules, "list", "Liệt kê quy tắc / list the rules",
                           [](const FiguresArgs& a, const Context&) { return RunRulesList(a); });
    cmd->add_option("--format", args->format, "table | json")
        ->check(CLI::IsMember({"table", "json"}));
  }
  add(figures, "publish", "Tính lại và ghi số liệu / recompute and write the figures",
      [](const FiguresArgs& a, const Context& c) { return RunPublish(a, c); });
  {
    auto [cmd, args] =
        add(figures, "explain", "Các mô hình làm nên một số liệu / the models behind one figure",
            [](const FiguresArgs& a, const Context& c) { return RunExplain(a, c); });
    cmd->add_option("--dx", args->element, "Chỉ số / data element code")->required();
    cmd->add_option("--pe", args->period, "Kỳ / period (2024)")->required();
    cmd->add_option("--ou", args->unit, "Đơn vị / org unit code or uid")->required();
    cmd->add_option("--coc", args->option_combo,
                    "Tổ hợp phân tổ / option combo (IMPLEMENTING_LEVEL_COMMUNE)");
  }
}

}  // namespace gemis::cli
