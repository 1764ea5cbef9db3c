// gemis report NAME: tabular outputs (table, csv, json, xlsx). `allocation`
// reproduces a plan's appendix table (src/reporting/allocation_table.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "cli/xlsx_export.h"
#include "core/clock.h"
#include "core/number_format.h"
#include "documents/document_xlsx.h"
#include "documents/pdf_writer.h"
#include "exchange/csv_writer.h"
#include "reporting/allocation_table.h"
#include "views/allocation_json.h"
#include "views/report_document.h"

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
  for (size_t i = 0; i < t.columns.size(); ++i)
    headers.push_back("(" + std::to_string(i + 1) + ")");
  std::vector<std::vector<std::string>> rows;
  for (const AllocationRow& r : t.rows) {
    std::vector<std::string> row = {r.stt, r.label};
    for (const auto& cell : r.cells) {
      row.push_back(!cell                                    ? ""
                    : r.kind == AllocationRow::Kind::kWindow ? *cell
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

// Writes `bytes` beside `path` and renames it into place: a file is
// complete or absent.
Status WriteFileAtomically(const std::string& path, const std::string& bytes, Lang lang) {
  const std::string temp = path + ".tmp";
  std::error_code ec;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) {
      std::filesystem::remove(temp, ec);
      return Status(ErrorCode::kIoError, "cannot write " + temp, {path, 0, 0, "--output"});
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(temp, ec);
    return Status(ErrorCode::kIoError, "cannot write " + path + ": " + why,
                  {path, 0, 0, "--output"});
  }
  std::cerr << FormatMessage(MessageId::kDocWritten, lang, path) << "\n";
  return Status::Ok();
}

Status RunAllocation(const std::string& db, const std::string& plan_name,
                     const std::optional<std::string>& table, const std::string& format,
                     const std::string& output, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(const Plan* plan, ResolvePlan(data.book, plan_name));
  reporting::AllocationOptions options{.lang = ctx.lang, .table = table};
  GEMIS_ASSIGN_OR_RETURN(
      AllocationTable t,
      reporting::BuildAllocationTable(data.book, *plan, data.hierarchy, data.metadata, options));
  if (format == "json") {
    std::cout << views::AllocationJson(t).dump(2) << "\n";
    return Status::Ok();
  }
  if (format == "csv") return WriteCsv(t, ctx);
  if (format == "xlsx") return WriteWorkbook({AllocationSheet(t, ctx.lang)}, output, ctx.lang);
  if (format == "pdf") {
    GEMIS_ASSIGN_OR_RETURN(documents::OfficialDocument doc,
                           views::BuildAllocationAppendix(t, *plan, data.hierarchy, ctx.lang));
    GEMIS_ASSIGN_OR_RETURN(std::string bytes, documents::RenderPdf(doc));
    return WriteFileAtomically(output, bytes, ctx.lang);
  }
  PrintTableView(t, ctx);
  return Status::Ok();
}

struct DocumentArgs {
  std::string db, type, unit, period, format = "pdf", output, signer, date, at;
};

// gemis report document TYPE UNIT PERIOD: the report of UNIT as an official
// document (views/report_document.h).
Status RunDocument(const DocumentArgs& a, const Context& ctx) {
  GEMIS_RETURN_IF_ERROR(CheckOutputOption(a.format, a.output));
  Result<Period> period = Period::Parse(a.period);
  if (!period.ok()) {
    return Status::Invalid("PERIOD: " + period.status().message(), {"", 0, 0, "PERIOD"});
  }
  int64_t now = SystemClock().NowMillis();
  if (!a.at.empty()) {
    Result<int64_t> at = ParseTimestamp(a.at);
    if (!at.ok()) return Status::Invalid("--at: " + at.status().message(), {"", 0, 0, "--at"});
    now = *at;
  }
  views::ReportDocumentInput in;
  in.date = VietnamDay(now);
  if (!a.date.empty()) {
    Result<Date> day = Date::Parse(a.date);
    if (!day.ok())
      return Status::Invalid("--date: " + day.status().message(), {"", 0, 0, "--date"});
    in.date = *day;
  }
  in.signer = a.signer;
  in.period = *period;
  in.now_ms = now;
  in.lang = ctx.lang;
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<analytics::Engine> engine,
                         analytics::Engine::Build(*store));
  std::vector<reporting::ReportRow> rows;
  documents::OfficialDocument doc;
  Date day = period->end();
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(a.type));
    GEMIS_ASSIGN_OR_RETURN(rows, reporting::LoadReportRows(txn, setup, *type, *period,
                                                           data.hierarchy, now, &data.metadata));
    if (!rows.empty()) day = rows.front().expected.reference;
    GEMIS_ASSIGN_OR_RETURN(in.unit, ResolveRecordUnit(data.hierarchy, a.unit, day, "UNIT"));
    in.type = type;
    in.rows = &rows;
    in.hierarchy = &data.hierarchy;
    GEMIS_ASSIGN_OR_RETURN(
        in.figures, views::LoadReportFigures(*engine, data.metadata, *type, *period, in.unit, day));
    GEMIS_ASSIGN_OR_RETURN(doc, views::BuildReportDocument(in));
    return Status::Ok();
  }));
  // Rendered and written after the read transaction.
  if (a.format == "xlsx") {
    GEMIS_RETURN_IF_ERROR(documents::WriteDocumentXlsx(doc, a.output));
    std::cerr << FormatMessage(MessageId::kDocWritten, ctx.lang, a.output) << "\n";
    return Status::Ok();
  }
  GEMIS_ASSIGN_OR_RETURN(std::string bytes, documents::RenderPdf(doc));
  return WriteFileAtomically(a.output, bytes, ctx.lang);
}

}  // namespace

void RegisterReportCommands(CLI::App& app, Context& ctx) {
  auto* report = app.add_subcommand("report", "Báo cáo dạng bảng và văn bản / tabular reports and documents");
  report->require_subcommand(1);
  auto* alloc =
      report->add_subcommand("allocation",
                             "Bảng phân bổ chỉ tiêu của một kế hoạch (như phụ lục) / "
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
  alloc->add_option("--format", *format, "table | csv | json | xlsx | pdf")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx", "pdf"}));
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

  auto d = std::make_shared<DocumentArgs>();
  auto* doc = report->add_subcommand(
      "document",
      "Văn bản báo cáo theo Nghị định 30/2020/NĐ-CP (PDF, XLSX) / a report as an "
      "official document");
  doc->add_option("TYPE", d->type, "Mã loại báo cáo / report type code")->required();
  doc->add_option("UNIT", d->unit, "Đơn vị báo cáo (mã hoặc uid) / reporting unit")->required();
  doc->add_option("PERIOD", d->period, "Kỳ báo cáo / period (2024, 2026S1)")->required();
  doc->add_option("--db", d->db, "Tệp cơ sở dữ liệu / database file")->required();
  doc->add_option("--format", d->format, "pdf | xlsx")->check(CLI::IsMember({"pdf", "xlsx"}));
  AddOutputOption(*doc, d->output);
  doc->add_option("--signer", d->signer, "Người ký / the signer's name");
  doc->add_option("--date", d->date, "Ngày văn bản (YYYY-MM-DD) / the document's date");
  doc->add_option("--at", d->at, "Thời điểm xét đúng hạn / the instant timeliness is read at");
  doc->callback([&ctx, d] { ctx.run = [&ctx, d] { return RunDocument(*d, ctx); }; });
}

}  // namespace gemis::cli
