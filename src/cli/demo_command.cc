// gemis demo: the database of the five real seed plans (docs/demo.md), built
// from the data files in data/demo — never from C++ literals.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "core/uid.h"
#include "exchange/metadata_json_import.h"
#include "exchange/org_unit_import.h"
#include "exchange/plan_import.h"
#include "exchange/sheet_import.h"
#include "exchange/unit_table.h"
#include "program/activities_json.h"
#include "program/activity_service.h"
#include "program/cadre_service.h"
#include "program/cadres_json.h"
#include "program/model_service.h"
#include "program/records_json.h"
#include "program/reporting_json.h"
#include "program/safe_birth_service.h"
#include "program/safe_births_json.h"

namespace gemis::cli {

namespace {

namespace fs = std::filesystem;

// The first conflicts of a rejected import, as one error.
Status Rejected(const std::string& path, const exchange::ImportSummary& summary) {
  std::string message = "the demo file " + path + " was rejected";
  size_t shown = 0;
  for (const exchange::ImportConflict& c : summary.conflicts) {
    if (++shown > 5) break;
    message += "\n  " + (c.line > 0 ? "line " + std::to_string(c.line) + " " : std::string()) +
               c.property + ": " + c.message;
  }
  return Status::Invalid(message, {path, 0, 0, ""});
}

Status ImportMeasures(store::Store& store, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportMetadataJson(store, in, path, false, false));
  if (summary.status == exchange::ImportStatus::kError) return Rejected(path, summary);
  return Status::Ok();
}

// Every plan file in one transaction: the demo's plans are all there or none.
Status ImportPlans(store::Store& store, const std::string& dir) {
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.rfind("seed-", 0) == 0 && e.path().extension() == ".json") files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::NotFound("no seed-*.json plan files in " + dir);
  return store.Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Hierarchy hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(exchange::UnitTable units,
                           exchange::UnitTable::LoadFile(dir + "/units.csv", hierarchy));
    exchange::PlanImportOptions options{.units = &units, .hierarchy = &hierarchy};
    files.insert(files.begin(), "common.json");
    for (const std::string& name : files) {
      const std::string path = dir + "/" + name;
      GEMIS_ASSIGN_OR_RETURN(exchange::PlanImportResult result,
                             exchange::ImportPlanFile(txn, path, options));
      if (result.summary.status == exchange::ImportStatus::kError) {
        return Rejected(path, result.summary);
      }
    }
    return Status::Ok();
  });
}

// The synthetic villages of data/demo/villages.csv (docs/demo.md): the ĐBKK
// villages the safe births name, by uid.
Status ImportVillages(store::Store& store, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path, {path, 0, 0, ""});
  exchange::OrgUnitImportOptions options{.source_name = path};
  SeededRandom unused(1);  // every row gives its uid
  GEMIS_ASSIGN_OR_RETURN(
      exchange::ImportSummary summary,
      exchange::ImportOrgUnits(store, in, exchange::OrgUnitFileFormat::kCsv, options, unused));
  if (summary.status == exchange::ImportStatus::kError) return Rejected(path, summary);
  return Status::Ok();
}

// The illustrative ĐBKK list of data/demo/designations.csv, read as `gemis
// import designations` reads a table whose headers are the field names.
Status ImportDesignations(store::Store& store, const std::string& path) {
  exchange::SheetMapping mapping;
  for (const char* field : {"kind", "orgUnit", "from", "to", "legalBasis", "note"}) {
    GEMIS_RETURN_IF_ERROR(exchange::AddColumnArgument(mapping, std::string(field) + "=" + field));
  }
  GEMIS_RETURN_IF_ERROR(
      exchange::PrepareSheetMapping(mapping, exchange::SheetImportKind::kDesignations));
  GEMIS_ASSIGN_OR_RETURN(exchange::SheetTable table,
                         exchange::SheetTable::Open(path, {.type = exchange::SheetFileType::kCsv}));
  GEMIS_ASSIGN_OR_RETURN(exchange::ResolvedSheetMapping resolved,
                         exchange::ResolvedSheetMapping::Resolve(mapping, table));
  GEMIS_ASSIGN_OR_RETURN(exchange::ImportSummary summary,
                         exchange::ImportDesignationsFromSheet(store, resolved, {}));
  if (summary.status == exchange::ImportStatus::kError) return Rejected(path, summary);
  return Status::Ok();
}

// Publication problems are bugs of the demo's data: it must publish cleanly.
Status CheckClean(const program::PublishReport& r) {
  if (r.conflicts.empty() && r.rule_problems.empty() && r.problems.empty()) return Status::Ok();
  return Status::Internal("the demo's records do not publish cleanly (" +
                          std::to_string(r.conflicts.size()) + " conflicts, " +
                          std::to_string(r.rule_problems.size()) + " rule problems, " +
                          std::to_string(r.problems.size()) + " records not counted)");
}

// The synthetic model, cadre, safe-birth and activity records and the rules
// that publish their figures (data/demo/models.json, cadres.json,
// safe_births.json with villages.csv and designations.csv, activities.json,
// figures.json; docs/demo.md).
Status ImportRecords(store::Store& store, const std::string& dir, Lang lang) {
  auto read = [](const std::string& path) -> Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot open " + path, {path, 0, 0, ""});
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  auto say = [lang](MessageId id, int64_t a, int64_t b, int64_t c) {
    std::cout << FormatMessage(id, lang, a, b, c) << "\n";
  };
  GEMIS_ASSIGN_OR_RETURN(std::string rules_text, read(dir + "/figures.json"));
  GEMIS_ASSIGN_OR_RETURN(std::string models_text, read(dir + "/models.json"));
  GEMIS_ASSIGN_OR_RETURN(std::string activities_text, read(dir + "/activities.json"));
  GEMIS_ASSIGN_OR_RETURN(std::string cadres_text, read(dir + "/cadres.json"));
  GEMIS_ASSIGN_OR_RETURN(std::string births_text, read(dir + "/safe_births.json"));
  GEMIS_ASSIGN_OR_RETURN(program::FigureRuleSet rules,
                         program::ParseFigureRulesJson(rules_text, dir + "/figures.json"));
  // The births name the villages, and their eligibility depends on the ĐBKK
  // list: both are stored first, and the hierarchy is read after them.
  GEMIS_RETURN_IF_ERROR(ImportVillages(store, dir + "/villages.csv"));
  GEMIS_RETURN_IF_ERROR(ImportDesignations(store, dir + "/designations.csv"));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(store));
  GEMIS_ASSIGN_OR_RETURN(
      std::vector<records::Model> models,
      program::ParseModelsJson(models_text, dir + "/models.json", data.hierarchy, data.book));
  GEMIS_ASSIGN_OR_RETURN(
      std::vector<records::Cadre> cadres,
      program::ParseCadresJson(cadres_text, dir + "/cadres.json", data.hierarchy));
  GEMIS_ASSIGN_OR_RETURN(
      std::vector<records::SafeBirth> births,
      program::ParseSafeBirthsJson(births_text, dir + "/safe_births.json", data.hierarchy));
  return store.Write([&](store::WriteTransaction& txn) -> Status {
    for (const records::FigureRule& r : rules.models) {
      GEMIS_RETURN_IF_ERROR(txn.SaveFigureRule(r).status());
    }
    for (const records::ActivityFigureRule& r : rules.activities) {
      GEMIS_RETURN_IF_ERROR(txn.SaveActivityFigureRule(r).status());
    }
    for (const records::RegisterFigureRule& r : rules.registers) {
      GEMIS_RETURN_IF_ERROR(txn.SaveRegisterFigureRule(r).status());
    }
    program::ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
    GEMIS_ASSIGN_OR_RETURN(program::ModelChange change,
                           program::SaveModels(txn, mc, std::move(models), {0, "demo", ""}));
    say(MessageId::kModelsSaved, change.created, change.updated, change.unchanged);
    GEMIS_RETURN_IF_ERROR(CheckClean(change.figures));
    GEMIS_ASSIGN_OR_RETURN(program::CadreChange listed,
                           program::SaveCadres(txn, mc, std::move(cadres), {0, "demo", ""}));
    say(MessageId::kCadresSaved, listed.created, listed.updated, listed.unchanged);
    GEMIS_RETURN_IF_ERROR(CheckClean(listed.figures));
    GEMIS_ASSIGN_OR_RETURN(program::SafeBirthChange born,
                           program::SaveSafeBirths(txn, mc, std::move(births), {0, "demo", ""}));
    say(MessageId::kBirthsSaved, born.created, born.updated, born.unchanged);
    GEMIS_RETURN_IF_ERROR(CheckClean(born.figures));
    // The activities name models and cadres by code: resolved in this
    // transaction.
    GEMIS_ASSIGN_OR_RETURN(
        std::vector<records::Activity> activities,
        program::ParseActivitiesJson(activities_text, dir + "/activities.json", data.hierarchy,
                                     data.book, program::ModelsIn(txn), program::CadresIn(txn)));
    GEMIS_ASSIGN_OR_RETURN(
        program::ActivityChange done,
        program::SaveActivities(txn, mc, std::move(activities), {0, "demo", ""}));
    say(MessageId::kActivitiesSaved, done.created, done.updated, done.unchanged);
    say(MessageId::kFiguresPublished, done.figures.written, done.figures.unchanged,
        done.figures.removed);
    return CheckClean(done.figures);
  });
}

// The working-day calendar and the demo's report types (docs/reporting.md).
Status ImportReporting(store::Store& store, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(
      program::CalendarFile calendar,
      program::ImportCalendarFile(store, ctx.data_dir + "/calendar/vn-days-off.json"));
  std::cout << FormatMessage(MessageId::kReportCalendarSaved, ctx.lang, calendar.days.size(),
                             fmt::format("{}", fmt::join(calendar.years, ", ")))
            << "\n";
  GEMIS_ASSIGN_OR_RETURN(std::vector<ReportType> types,
                         program::ImportReportTypesFile(
                             store, ctx.data_dir + "/demo/report-types.json", VietnamToday()));
  std::cout << FormatMessage(MessageId::kReportTypesSaved, ctx.lang, types.size()) << "\n";
  return Status::Ok();
}

Status RunDemo(const std::string& db, bool records, const Context& ctx) {
  GEMIS_RETURN_IF_ERROR(CreateDatabase(db, /*empty=*/false, ctx));
  const std::string dir = ctx.data_dir + "/demo";
  Status status = [&]() -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
    GEMIS_RETURN_IF_ERROR(ImportMeasures(*store, dir + "/measures.json"));
    GEMIS_RETURN_IF_ERROR(ImportPlans(*store, dir));
    GEMIS_RETURN_IF_ERROR(ImportReporting(*store, ctx));
    if (records) GEMIS_RETURN_IF_ERROR(ImportRecords(*store, dir, ctx.lang));
    GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
    std::cout << Message(MessageId::kDemoCreated, ctx.lang) << ": " << db << "\n\n"
              << Message(MessageId::kDemoPlans, ctx.lang) << ":\n";
    std::vector<std::vector<std::string>> rows;
    for (const Plan& p : data.book.plans()) {
      rows.push_back({p.code, p.number, p.date ? p.date->ToVietnameseString() : "",
                      p.period_text.empty() ? p.period.ToString() : p.period_text,
                      std::to_string(data.book.TargetsOf(p.id).size()),
                      std::to_string(data.book.BudgetOf(p.id).size())});
    }
    PrintTable({std::string(Message(MessageId::kPlanColumnCode, ctx.lang)),
                std::string(Message(MessageId::kPlanColumnNumber, ctx.lang)),
                std::string(Message(MessageId::kPlanColumnDate, ctx.lang)),
                std::string(Message(MessageId::kPlanColumnPeriod, ctx.lang)),
                std::string(Message(MessageId::kPlanColumnTargets, ctx.lang)),
                std::string(Message(MessageId::kPlanColumnBudget, ctx.lang))},
               rows, std::cout);
    std::cout << "\n" << Message(MessageId::kDemoFindings, ctx.lang) << ":\n";
    PrintFindings(ValidatePlans(data.book, data.hierarchy, data.metadata,
                                ValidationOptions{.lang = ctx.lang}),
                  ctx.lang, std::cout);
    return Status::Ok();
  }();
  if (!status.ok()) {
    // A half-built demo is worse than none: remove it so a retry starts clean.
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  }
  return status;
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo",
                                  "Tạo cơ sở dữ liệu mẫu từ năm kế hoạch thực tế (data/demo) / "
                                  "build the demo database from the five real plans");
  auto db = std::make_shared<std::string>();
  demo->add_option("--db", *db, "Tệp cơ sở dữ liệu mới / new database file")->required();
  auto no_records = std::make_shared<bool>(false);
  demo->add_flag("--no-records", *no_records,
                 "Không nạp hồ sơ minh hoạ (mô hình, cán bộ, ca sinh, hoạt động) / without the "
                 "synthetic records (models, cadres, births, activities)");
  demo->callback([&ctx, db, no_records] {
    ctx.run = [&ctx, db, no_records] { return RunDemo(*db, !*no_records, ctx); };
  });
}

}  // namespace gemis::cli
