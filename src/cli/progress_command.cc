// gemis progress: a plan's targets next to the actual values the analytics
// engine aggregates over their windows, with % achieved, the share of the
// window elapsed and a status, in allocation-tree order
// (analytics/progress.h, docs/analytics.md "Progress"), as a table, CSV, JSON
// or an Excel workbook (xlsx).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analytics/engine.h"
#include "analytics/progress.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "cli/xlsx_export.h"
#include "views/progress_json.h"
#include "core/number_format.h"
#include "exchange/csv_writer.h"
#include "program/record_measures.h"

namespace gemis::cli {

namespace {

using analytics::ProgressReport;
using analytics::ProgressRow;
using analytics::ProgressStatus;

Status WriteCsv(const ProgressReport& r) {
  exchange::CsvWriter csv(std::cout);
  csv.WriteRow({"row", "parent", "depth", "measure", "orgUnit", "agency", "level", "window",
                "target", "direction", "actual", "percent", "elapsed", "status", "note",
                "targetIds"});
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const ProgressRow& row = r.rows[i];
    std::string ids;
    for (TargetId id : row.target_ids) ids += (ids.empty() ? "" : ";") + std::to_string(id);
    csv.WriteRow({std::to_string(i), row.parent_row >= 0 ? std::to_string(row.parent_row) : "",
                  std::to_string(row.depth), row.measure_code, row.org_unit_code, row.agency_code,
                  ImplementingLevelName(row.level), row.window,
                  row.values.size() > 1 ? "" : row.target, TargetDirectionName(row.direction),
                  row.actual ? FormatPlainDecimal(*row.actual, 6) : "",
                  row.percent ? FormatPlainDecimal(*row.percent, 2) : "", FormatPlainDecimal(row.elapsed * 100, 2),
                  analytics::ProgressStatusName(row.status), row.note, ids});
  }
  return csv.Flush();
}

void PrintView(const ProgressReport& r, Lang lang) {
  std::cout << Message(MessageId::kProgressTitle, lang) << " — " << r.plan << " — "
            << Message(MessageId::kSummaryAsOf, lang) << " "
            << (lang == Lang::kVi ? r.at.ToVietnameseString() : r.at.ToString()) << "\n"
            << r.title << "\n\n";
  auto vi = [&](const std::string& text) {
    return lang == Lang::kVi ? FormatDecimalTextVi(text) : text;
  };
  const std::vector<std::string> headers = {std::string(Message(MessageId::kProgressMeasure, lang)),
                                            std::string(Message(MessageId::kReportUnit, lang)),
                                            std::string(Message(MessageId::kProgressLevel, lang)),
                                            std::string(Message(MessageId::kProgressWindow, lang)),
                                            std::string(Message(MessageId::kProgressTarget, lang)),
                                            std::string(Message(MessageId::kProgressActual, lang)),
                                            std::string(Message(MessageId::kProgressPercent, lang)),
                                            std::string(Message(MessageId::kProgressElapsed, lang)),
                                            std::string(Message(MessageId::kProgressStatus, lang)),
                                            std::string(Message(MessageId::kProgressNote, lang))};
  std::vector<std::vector<std::string>> rows;
  for (const ProgressRow& row : r.rows) {
    std::string unit(static_cast<size_t>(row.depth) * 2, ' ');
    unit += row.org_unit_code + " " + row.org_unit_name;
    if (!row.agency_code.empty()) unit += " / " + row.agency_code;
    std::string target;
    for (const std::string& v : row.values) target += (target.empty() ? "" : " | ") + vi(v);
    rows.push_back({row.measure_code, unit,
                    std::string(Message(ImplementingLevelMessage(row.level), lang)), row.window,
                    target, row.actual ? vi(FormatPlainDecimal(*row.actual, 2)) : "",
                    row.percent ? vi(FormatPlainDecimal(*row.percent, 1)) : "",
                    vi(FormatPlainDecimal(row.elapsed * 100, 1)),
                    std::string(Message(ProgressStatusMessage(row.status), lang)), row.note});
  }
  PrintTable(headers, rows, std::cout);
}

Status RunProgress(const std::string& db, const std::string& plan_name, const std::string& ou,
                   const std::string& at, const std::optional<std::string>& table,
                   const std::string& format, const std::string& output, const Context& ctx) {
  Result<Date> date = AsOfDate(at);
  if (!date.ok())
    return Status(date.status().code(), date.status().message(), Location{"", 0, 0, "--at"});
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(const Plan* plan, ResolvePlan(data.book, plan_name));
  analytics::ProgressOptions options{
      .at = *date, .under = std::nullopt, .lang = ctx.lang, .table = table};
  if (!ou.empty()) {
    // Units are read on the plan's date, like its targets.
    const Date d = plan->EffectiveDate();
    const OrgUnit* unit = data.hierarchy.FindByUid(ou);
    if (unit == nullptr) unit = data.hierarchy.FindByCode(ou, d);
    if (unit == nullptr) {
      return Status::NotFound("no org unit has uid '" + ou + "' or carries the code on " +
                                  d.ToString() + " (the plan's date)",
                              Location{"", 0, 0, "--ou"});
    }
    options.under = unit->id;
  }
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(options.result_measures, program::RecordMeasures(txn));
    return Status::Ok();
  }));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<analytics::Engine> engine,
                         analytics::Engine::Build(*store));
  GEMIS_ASSIGN_OR_RETURN(ProgressReport report,
                         analytics::ComputeProgress(*engine, data.book, *plan, data.hierarchy,
                                                    data.metadata, options));
  if (format == "json") {
    std::cout << views::ProgressJson(report, data.hierarchy, data.metadata).dump(2) << "\n";
    return Status::Ok();
  }
  if (format == "csv") return WriteCsv(report);
  if (format == "xlsx") return WriteWorkbook({ProgressSheet(report, ctx.lang)}, output, ctx.lang);
  PrintView(report, ctx.lang);
  return Status::Ok();
}

}  // namespace

void RegisterProgressCommand(CLI::App& app, Context& ctx) {
  auto* progress = app.add_subcommand(
      "progress",
      "Tiến độ thực hiện chỉ tiêu của một kế hoạch / progress against a plan's targets");
  auto db = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  auto ou = std::make_shared<std::string>();
  auto at = std::make_shared<std::string>();
  auto table = std::make_shared<std::string>();
  auto text_only = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("table");
  auto output = std::make_shared<std::string>();
  progress->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  progress->add_option("--plan", *plan, "Số hoặc mã kế hoạch / plan number or code")->required();
  progress->add_option("--ou", *ou,
                       "Chỉ các chỉ tiêu của đơn vị này và cấp dưới / only targets of this unit "
                       "and below (uid or code on the plan's date)");
  progress->add_option("--at", *at,
                       "Ngày đánh giá (mặc định hôm nay) / the date judged at (default today)");
  progress->add_option("--table", *table, "Chỉ các chỉ tiêu của bảng này / only this table");
  progress->add_flag("--text", *text_only,
                     "Chỉ các chỉ tiêu nêu trong văn bản / only the targets stated in the text");
  progress->add_option("--format", *format, "table | csv | json | xlsx")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  AddOutputOption(*progress, *output);
  progress->callback([&ctx, db, plan, ou, at, table, text_only, format, output] {
    ctx.run = [&ctx, db, plan, ou, at, table, text_only, format, output]() -> Status {
      if (*text_only && !table->empty()) {
        return Status::Usage("--text and --table exclude each other");
      }
      GEMIS_RETURN_IF_ERROR(CheckOutputOption(*format, *output));
      std::optional<std::string> which;
      if (*text_only) which = "";
      if (!table->empty()) which = *table;
      return RunProgress(*db, *plan, *ou, *at, which, *format, *output, ctx);
    };
  });
}

}  // namespace gemis::cli
