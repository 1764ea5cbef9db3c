// gemis report NAME: tabular outputs (table, csv, json, xlsx). `allocation`
// reproduces a plan's appendix table (src/reporting/allocation_table.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/number_format.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "cli/xlsx_export.h"
#include "exchange/csv_writer.h"
#include "reporting/allocation_table.h"
#include "views/allocation_json.h"

namespace gemis::cli {

namespace {

using reporting::AllocationColumn;
using reporting::AllocationRow;
using reporting::AllocationTable;

Status WriteCsv(const AllocationTable& t, const Context& ctx) {
  exchange::CsvWriter csv(std::cout);
  std::vector<std::string> head = {std::string(Message(MessageId::kReportStt, ctx.lang)),
                                   std::string(Message(MessageId::kReportUnit, ctx.lang))};
  std::vector<std::string> levels = {"", ""};
  for (const AllocationColumn& c : t.columns) {
    head.push_back(c.label);
    levels.push_back(c.level_label);
  }
  csv.WriteRow(head);
  csv.WriteRow(levels);
  for (const AllocationRow& r : t.rows) {
    std::vector<std::string> row = {r.stt, r.label};
    for (const auto& cell : r.cells) row.push_back(cell.value_or(""));
    csv.WriteRow(row);
  }
  return csv.Flush();
}

void PrintTableView(const AllocationTable& t, const Context& ctx) {
  std::cout << Message(MessageId::kReportAllocationTitle, ctx.lang) << " — " << t.plan;
  if (!t.table.empty()) std::cout << " — " << t.table;
  std::cout << "\n" << t.title << "\n\n";
  std::vector<std::string> headers = {std::string(Message(MessageId::kReportStt, ctx.lang)),
                                      std::string(Message(MessageId::kReportUnit, ctx.lang))};
  for (size_t i = 0; i < t.columns.size(); ++i) headers.push_back("(" + std::to_string(i + 1) + ")");
  std::vector<std::vector<std::string>> rows;
  for (const AllocationRow& r : t.rows) {
    std::vector<std::string> row = {r.stt, r.label};
    for (const auto& cell : r.cells) {
      row.push_back(!cell ? "" : r.kind == AllocationRow::Kind::kWindow ? *cell
                                                                          : FormatDecimalTextVi(*cell));
    }
    rows.push_back(std::move(row));
  }
  PrintTable(headers, rows, std::cout);
  std::cout << "\n";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const AllocationColumn& c = t.columns[i];
    std::cout << "(" << i + 1 << ") " << c.label;
    if (!c.level_label.empty()) std::cout << " — " << c.level_label;
    std::cout << "\n";
  }
  if (!t.other_tables.empty()) {
    std::cout << "\n" << Message(MessageId::kReportOtherTables, ctx.lang) << ":";
    for (const std::string& name : t.other_tables) {
      std::cout << " \"" << (name.empty() ? Message(MessageId::kReportTextTargets, ctx.lang) : name)
                << "\"";
    }
    std::cout << "\n";
  }
}

Status RunAllocation(const std::string& db, const std::string& plan_name,
                     const std::optional<std::string>& table, const std::string& format,
                     const std::string& output, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(const Plan* plan, ResolvePlan(data.book, plan_name));
  reporting::AllocationOptions options{.lang = ctx.lang, .table = table};
  GEMIS_ASSIGN_OR_RETURN(AllocationTable t, reporting::BuildAllocationTable(
                                                data.book, *plan, data.hierarchy, data.metadata,
                                                options));
  if (format == "json") {
    std::cout << views::AllocationJson(t).dump(2) << "\n";
    return Status::Ok();
  }
  if (format == "csv") return WriteCsv(t, ctx);
  if (format == "xlsx") return WriteWorkbook({AllocationSheet(t, ctx.lang)}, output, ctx.lang);
  PrintTableView(t, ctx);
  return Status::Ok();
}

}  // namespace

void RegisterReportCommands(CLI::App& app, Context& ctx) {
  auto* report = app.add_subcommand("report", "Báo cáo dạng bảng / tabular reports");
  report->require_subcommand(1);
  auto* alloc = report->add_subcommand(
      "allocation", "Bảng phân bổ chỉ tiêu của một kế hoạch (như phụ lục) / "
                    "a plan's target allocation table, laid out like its appendix");
  auto db = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  auto table = std::make_shared<std::string>();
  auto text_only = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("table");
  auto output = std::make_shared<std::string>();
  alloc->add_option("--db", *db, "Tệp cơ sở dữ liệu / database file")->required();
  alloc->add_option("--plan", *plan, "Số hoặc mã kế hoạch / plan number or code")->required();
  alloc->add_option("--table", *table,
                    "Tên bảng (mặc định bảng đầu tiên) / table name (default: the first)");
  alloc->add_flag("--text", *text_only,
                  "Chỉ tiêu nêu trong văn bản, không theo bảng / targets stated in the text");
  alloc->add_option("--format", *format, "table | csv | json | xlsx")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  AddOutputOption(*alloc, *output);
  alloc->callback([&ctx, db, plan, table, text_only, format, output] {
    ctx.run = [&ctx, db, plan, table, text_only, format, output]() -> Status {
      if (*text_only && !table->empty()) {
        return Status::Usage("--text and --table exclude each other");
      }
      GEMIS_RETURN_IF_ERROR(CheckOutputOption(*format, *output));
      std::optional<std::string> which;
      if (*text_only) which = "";
      if (!table->empty()) which = *table;
      return RunAllocation(*db, *plan, which, *format, *output, ctx);
    };
  });
}

}  // namespace gemis::cli
