// gemis validate: every plan rule of docs/validation.md over the database.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/plan_context.h"

namespace gemis::cli {

namespace {

Status RunValidate(const std::string& db, const std::string& plan_name, const std::string& format,
                   const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ValidationOptions options{.lang = ctx.lang};
  if (!plan_name.empty()) {
    GEMIS_ASSIGN_OR_RETURN(const Plan* plan, ResolvePlan(data.book, plan_name));
    options.only_plan = plan->id;
  }
  std::vector<Finding> findings = ValidatePlans(data.book, data.hierarchy, data.metadata, options);
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Finding& f : findings) out.push_back(FindingJson(f));
    std::cout << out.dump(2) << "\n";
  } else {
    PrintFindings(findings, ctx.lang, std::cout);
  }
  int64_t errors = std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::kError;
  });
  // Exit 1 when the data holds error-severity findings (the output lists them).
  if (errors > 0) {
    return Status(ErrorCode::kConflict, std::to_string(errors) + " error finding(s) in " + db);
  }
  return Status::Ok();
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "validate", "Kiểm tra kế hoạch, chỉ tiêu, phân bổ và kinh phí / "
                  "check plans, targets, allocations and budgets");
  auto db = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  cmd->add_option("--plan", *plan, "Số hoặc mã kế hoạch / plan number or code");
  cmd->add_option("--format", *format, "table | json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&ctx, db, plan, format] {
    ctx.run = [&ctx, db, plan, format] { return RunValidate(*db, *plan, *format, ctx); };
  });
}

}  // namespace gemis::cli
