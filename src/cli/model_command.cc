// gemis model …: the registries of Project 8's models (docs/program.md) —
// import, list, show, export, delete, and the dated changes (fact,
// consolidate, dissolve). Every change republishes the figures computed from
// the records in the same transaction (program/model_service.h).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/model_service.h"
#include "program/records_json.h"
#include "records/figures.h"
#include "records/model_findings.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

using program::ModelContext;
using records::Model;

struct ModelArgs {
  std::string db;
  std::string file;
  std::string code;
  std::string kind;
  std::string unit;
  std::string format = "table";
  std::string date;
  std::string field;
  std::string value;
  bool confidential = false;
};

std::string UnitCode(const Hierarchy& h, OrgUnitId id, Date day) {
  const OrgUnit* u = h.Find(id);
  const OrgUnitVersion* v = u ? u->VersionAt(day) : nullptr;
  if (v == nullptr && u != nullptr) v = &u->last();
  return v ? v->code + " " + v->name : std::to_string(id);
}

// Runs `change` in one write transaction with what it reads against.
Status Change(const std::string& db,
              const std::function<Status(store::WriteTransaction&, const ModelContext&)>& change) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ModelContext ctx{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) { return change(txn, ctx); });
}

Status SaveAndReport(const std::string& db, std::vector<Model> models, Lang lang) {
  std::vector<std::string> findings;
  for (const Model& m : models) {
    for (const records::ModelFinding& f : records::ModelFindings(m)) {
      findings.push_back("  ! " + m.code + " " + f.code + ": " + f.message);
    }
  }
  return Change(db, [&](store::WriteTransaction& txn, const ModelContext& ctx) -> Status {
    GEMIS_ASSIGN_OR_RETURN(
        program::ModelChange change,
        program::SaveModels(txn, ctx, std::move(models), {0, CommandLineActor(), ""}));
    std::cout << FormatMessage(MessageId::kModelsSaved, lang, change.created, change.updated,
                               change.unchanged)
              << "\n";
    for (const std::string& line : findings) std::cout << line << "\n";
    if (change.created + change.updated > 0) {
      PrintPublishReport(change.figures, ctx.hierarchy, lang, std::cout);
    }
    return Status::Ok();
  });
}

Status RunImport(const ModelArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Model> models,
                         program::ParseModelsJson(text.str(), a.file, data.hierarchy, data.book));
  store.reset();
  return SaveAndReport(a.db, std::move(models), ctx.lang);
}

Result<std::vector<Model>> Select(store::Store& store, const PlanData& data, const ModelArgs& a) {
  store::ModelFilter filter;
  if (!a.kind.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.kind, records::ParseModelKind(a.kind));
  }
  std::optional<OrgUnitId> under;
  const Date today = VietnamToday();
  if (!a.unit.empty()) {
    GEMIS_ASSIGN_OR_RETURN(under, ResolveRecordUnit(data.hierarchy, a.unit, today, "--unit"));
  }
  std::vector<Model> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadModels(filter));
    return Status::Ok();
  }));
  if (!under) return out;
  // The models in the unit or below it when they were set up, or where they
  // count today.
  std::erase_if(out, [&](const Model& m) {
    return !RecordUnder(data.hierarchy, m.org_unit, m.established, *under, today);
  });
  return out;
}

Status RunList(const ModelArgs& a, const Context& ctx, bool as_export) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Model> models, Select(*store, data, a));
  if (as_export || a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const Model& m : models) {
      nlohmann::json j = program::ModelToJson(m, data.hierarchy, data.book, a.confidential);
      if (as_export) {
        for (const char* output_only : {"id", "uid", "orgUnitUid", "orgUnitName"})
          j.erase(output_only);
      }
      list.push_back(std::move(j));
    }
    nlohmann::json out =
        as_export ? nlohmann::json{{"format", program::kModelsFormat}, {"models", list}} : list;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  const Date today = VietnamToday();
  const Date year_start = Date::FromYmd(today.year(), 1, 1);
  std::vector<std::vector<std::string>> rows;
  for (const Model& m : models) {
    std::optional<records::ModelStatus> s = records::StatusIn(m, year_start, today);
    rows.push_back({m.code, std::string(Message(records::ModelKindMessage(m.kind), ctx.lang)),
                    m.name, UnitCode(data.hierarchy, m.org_unit, m.established),
                    ImplementingLevelName(m.level), m.established.ToString(),
                    s ? records::ModelStatusName(*s) : "-"});
  }
  auto h = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({h(MessageId::kModelColumnCode), h(MessageId::kModelColumnKind),
              h(MessageId::kModelColumnName), h(MessageId::kModelColumnUnit),
              h(MessageId::kModelColumnLevel), h(MessageId::kModelColumnEstablished),
              h(MessageId::kModelColumnStatus)},
             rows, std::cout);
  return Status::Ok();
}

Result<Model> Find(store::Store& store, const std::string& code) {
  std::optional<Model> m;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(m, txn.FindModel(code));
    return Status::Ok();
  }));
  if (!m) return Status::NotFound("no model '" + code + "'", {"", 0, 0, "code"});
  return *m;
}

Status RunShow(const ModelArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(Model m, Find(*store, a.code));
  nlohmann::json j = program::ModelToJson(m, data.hierarchy, data.book, a.confidential);
  nlohmann::json years = nlohmann::json::object();
  for (int y = m.established.year(); y <= VietnamToday().year(); ++y) {
    std::optional<records::ModelStatus> s =
        records::StatusIn(m, Date::FromYmd(y, 1, 1), Date::FromYmd(y, 12, 31));
    if (s) years[std::to_string(y)] = records::ModelStatusName(*s);
  }
  j["statusByYear"] = years;
  std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return Status::Ok();
}

// A dated change to one stored model: a fact, a consolidation, a dissolution.
Status RunEdit(const ModelArgs& a, const Context& ctx, const std::string& what) {
  GEMIS_ASSIGN_OR_RETURN(Date day, Date::Parse(a.date));
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(Model m, Find(*store, a.code));
  store.reset();
  if (what == "fact") {
    GEMIS_ASSIGN_OR_RETURN(records::FactField field, records::ParseFactField(a.field));
    GEMIS_ASSIGN_OR_RETURN(std::string value, records::CanonicalFactValue(field, a.value));
    m.facts.push_back({day, field, value});
  } else if (what == "consolidate") {
    m.consolidated.push_back(day);
    std::sort(m.consolidated.begin(), m.consolidated.end());
  } else {
    m.dissolved = day;
  }
  return SaveAndReport(a.db, {m}, ctx.lang);
}

Status RunDelete(const ModelArgs& a, const Context& ctx) {
  return Change(a.db, [&](store::WriteTransaction& txn, const ModelContext& mc) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::PublishReport r,
                           program::DeleteModel(txn, mc, a.code, {0, CommandLineActor(), ""}));
    std::cout << Message(MessageId::kModelDeleted, ctx.lang) << ": " << a.code << "\n";
    PrintPublishReport(r, mc.hierarchy, ctx.lang, std::cout);
    return Status::Ok();
  });
}

}  // namespace

void RegisterModelCommands(CLI::App& app, Context& ctx) {
  CLI::App* model = app.add_subcommand(
      "model", "Hồ sơ mô hình Dự án 8 / the registries of Project 8's models (docs/program.md)");
  model->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto run) {
    auto args = std::make_shared<ModelArgs>();
    CLI::App* cmd = model->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  {
    auto [cmd, args] = add("import", "Nhập mô hình từ tệp JSON / import models from a JSON file",
                           [](const ModelArgs& a, const Context& c) { return RunImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-models/1 / a gemis-models/1 file")->required();
  }
  for (bool as_export : {false, true}) {
    auto [cmd, args] =
        add(as_export ? "export" : "list",
            as_export ? "Xuất mô hình ra JSON (định dạng nhập) / export models as an import file"
                      : "Liệt kê mô hình / list models",
            [as_export](const ModelArgs& a, const Context& c) { return RunList(a, c, as_export); });
    cmd->add_option("--kind", args->kind, "Loại mô hình / model kind (communication_team, …)");
    cmd->add_option("--unit", args->unit, "Đơn vị và cấp dưới / a unit and those below it");
    cmd->add_flag("--confidential", args->confidential,
                  "Kèm thông tin mật của ĐCTC / include the confidential facts");
    if (!as_export) {
      cmd->add_option("--format", args->format, "table | json")
          ->check(CLI::IsMember({"table", "json"}));
    }
  }
  {
    auto [cmd, args] = add("show", "Xem một mô hình / one model with its history",
                           [](const ModelArgs& a, const Context&) { return RunShow(a); });
    cmd->add_option("code", args->code, "Mã mô hình / model code")->required();
    cmd->add_flag("--confidential", args->confidential,
                  "Kèm thông tin mật của ĐCTC / include the confidential facts");
  }
  {
    auto [cmd, args] = add("delete", "Xoá một mô hình / delete a model",
                           [](const ModelArgs& a, const Context& c) { return RunDelete(a, c); });
    cmd->add_option("code", args->code, "Mã mô hình / model code")->required();
  }
  for (const char* what : {"fact", "consolidate", "dissolve"}) {
    std::string w = what;
    auto [cmd, args] =
        add(what,
            w == "fact"          ? "Ghi một thông tin có ngày / state a dated fact"
            : w == "consolidate" ? "Ghi ngày củng cố / record a consolidation"
                                 : "Ghi ngày giải thể / record the day it stopped working",
            [w](const ModelArgs& a, const Context& c) { return RunEdit(a, c, w); });
    cmd->add_option("code", args->code, "Mã mô hình / model code")->required();
    cmd->add_option("--date", args->date, "Ngày YYYY-MM-DD / day")->required();
    if (w == "fact") {
      cmd->add_option("--field", args->field, "Thông tin / fact (members_female, gals, …)")
          ->required();
      cmd->add_option("--value", args->value, "Giá trị / value")->required();
    }
  }
}

}  // namespace gemis::cli
