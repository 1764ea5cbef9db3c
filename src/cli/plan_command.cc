// gemis plan list|show, gemis target set-status: reading plans and resolving
// conflicting targets (a user withdraws the figure that does not apply).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/number_format.h"
#include "cli/output.h"
#include "cli/plan_context.h"

namespace gemis::cli {

namespace {

Status RunList(const std::string& db, const std::string& format, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const Plan& p : data.book.plans()) {
    nlohmann::json j = views::PlanHeaderJson(p, data.hierarchy, data.book);
    j["targets"] = data.book.TargetsOf(p.id).size();
    j["budgetLines"] = data.book.BudgetOf(p.id).size();
    rows.push_back({p.code, p.number, p.date ? p.date->ToVietnameseString() : "",
                    p.period_text.empty() ? p.period.ToString() : p.period_text,
                    std::to_string(data.book.TargetsOf(p.id).size()),
                    std::to_string(data.book.BudgetOf(p.id).size()), p.title});
    out.push_back(std::move(j));
  }
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  PrintTable({std::string(Message(MessageId::kPlanColumnCode, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnNumber, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnDate, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnPeriod, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnTargets, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnBudget, ctx.lang)),
              std::string(Message(MessageId::kPlanColumnTitle, ctx.lang))},
             rows, std::cout);
  return Status::Ok();
}

Status RunShow(const std::string& db, const std::string& plan_name, const std::string& format,
               const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(const Plan* plan, ResolvePlan(data.book, plan_name));
  nlohmann::json out = views::PlanJson(*plan, data.hierarchy, data.book);
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  const Lang lang = ctx.lang;
  std::cout << plan->title << "\n";
  for (const char* key : {"code", "number", "issuerUnit", "issuerAgencyName", "signer", "place",
                          "date", "periodText", "period", "status", "programme"}) {
    if (out.contains(key) && out[key].is_string() && !out[key].get<std::string>().empty()) {
      std::cout << "  " << key << ": " << out[key].get<std::string>() << "\n";
    }
  }
  std::cout << "\n" << Message(MessageId::kPlanCitations, lang) << ":\n";
  for (const Citation& c : plan->citations) {
    std::cout << "  - " << c.relation << " " << c.document_kind << " " << c.number;
    if (c.date) std::cout << " (" << c.date->ToVietnameseString() << ")";
    if (!c.plan_code.empty()) std::cout << " [" << c.plan_code << "]";
    std::cout << "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : out["targets"]) {
    rows.push_back({std::to_string(t["id"].get<int64_t>()), t["measure"], t["orgUnit"],
                    t["agency"], t["level"], t["window"],
                    FormatDecimalTextVi(t["value"].get<std::string>()), t["unitLabel"],
                    t["status"], t["table"]});
  }
  std::cout << "\n" << Message(MessageId::kPlanTargets, lang) << ":\n";
  PrintTable({"id", "measure", "orgUnit", "agency", "level", "window", "value", "unit", "status",
              "table"},
             rows, std::cout);
  rows.clear();
  for (const auto& b : out["budget"]) {
    rows.push_back({b["key"], b["parent"], b["orgUnit"], b["agency"], b["kind"], b["period"],
                    FormatDecimalTextVi(std::to_string(b["amount"].get<int64_t>()))});
  }
  std::cout << "\n" << Message(MessageId::kPlanBudget, lang) << ":\n";
  PrintTable({"key", "parent", "orgUnit", "agency", "kind", "period", "amount"}, rows, std::cout);
  if (!out["areas"].empty()) {
    rows.clear();
    for (const auto& a : out["areas"]) rows.push_back({a["orgUnit"], a["kind"]});
    std::cout << "\n" << Message(MessageId::kPlanAreas, lang) << ":\n";
    PrintTable({"orgUnit", "kind"}, rows, std::cout);
  }
  return Status::Ok();
}

Status RunSetStatus(const std::string& db, int64_t id, const std::string& status_text,
                    const std::string& note) {
  GEMIS_ASSIGN_OR_RETURN(TargetStatus status, ParseTargetStatus(status_text));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  Status written = store->Write([&](store::WriteTransaction& txn) {
    return txn.SetTargetStatus(id, status, note);
  });
  // Name the option the user gave, not the store's field.
  if (written.code() == ErrorCode::kNotFound) {
    return Status::NotFound(written.message(), {"", 0, 0, "--id"});
  }
  return written;
}

}  // namespace

void RegisterPlanCommands(CLI::App& app, Context& ctx) {
  auto* plan = app.add_subcommand("plan", "Kế hoạch / plans");
  plan->require_subcommand(1);
  auto* list = plan->add_subcommand("list", "Danh sách kế hoạch / list the plans");
  auto ldb = std::make_shared<std::string>();
  auto lformat = std::make_shared<std::string>("table");
  list->add_option("--db", *ldb, "Tệp cơ sở dữ liệu / database file")->required();
  list->add_option("--format", *lformat, "table | json")->check(CLI::IsMember({"table", "json"}));
  list->callback([&ctx, ldb, lformat] {
    ctx.run = [&ctx, ldb, lformat] { return RunList(*ldb, *lformat, ctx); };
  });

  auto* show = plan->add_subcommand(
      "show", "Một kế hoạch với căn cứ, chỉ tiêu, kinh phí, địa bàn / one plan with all it states");
  auto sdb = std::make_shared<std::string>();
  auto splan = std::make_shared<std::string>();
  auto sformat = std::make_shared<std::string>("table");
  show->add_option("--db", *sdb, "Tệp cơ sở dữ liệu / database file")->required();
  show->add_option("--plan", *splan, "Số hoặc mã kế hoạch / plan number or code")->required();
  show->add_option("--format", *sformat, "table | json")->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, sdb, splan, sformat] {
    ctx.run = [&ctx, sdb, splan, sformat] { return RunShow(*sdb, *splan, *sformat, ctx); };
  });

  auto* target = app.add_subcommand("target", "Chỉ tiêu / targets");
  target->require_subcommand(1);
  auto* set_status = target->add_subcommand(
      "set-status", "Đổi trạng thái một chỉ tiêu (active, suspended, withdrawn) / "
                    "change a target's status, e.g. withdraw one of two conflicting figures");
  auto tdb = std::make_shared<std::string>();
  auto id = std::make_shared<int64_t>(0);
  auto status = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  set_status->add_option("--db", *tdb, "Tệp cơ sở dữ liệu / database file")->required();
  set_status->add_option("--id", *id, "Mã số chỉ tiêu (gemis plan show) / target id")->required();
  set_status->add_option("--status", *status, "active | suspended | withdrawn")
      ->required()
      ->check(CLI::IsMember({"active", "suspended", "withdrawn"}));
  set_status->add_option("--note", *note, "Lý do / reason");
  set_status->callback([&ctx, tdb, id, status, note] {
    ctx.run = [tdb, id, status, note] { return RunSetStatus(*tdb, *id, *status, *note); };
  });
}

}  // namespace gemis::cli
