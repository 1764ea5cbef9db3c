// gemis cadre …: the register of ethnic-minority women cadres (docs/
// program.md, "Women cadres") — import, list, show, export, delete. Every
// change republishes the figures computed from the records in the same
// transaction (program/cadre_service.h), so "100% trained" follows who
// attended which training.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/cadre_service.h"
#include "program/cadres_json.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

using program::ModelContext;
using records::Cadre;

struct CadreArgs {
  std::string db;
  std::string file;
  std::string code;
  std::string unit;
  std::string format = "table";
};

Status RunImport(const CadreArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Cadre> cadres,
                         program::ParseCadresJson(text.str(), a.file, data.hierarchy));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::CadreChange change,
                           program::SaveCadres(txn, mc, cadres, {0, CommandLineActor(), ""}));
    std::cout << FormatMessage(MessageId::kCadresSaved, ctx.lang, change.created, change.updated,
                               change.unchanged)
              << "\n";
    if (change.created + change.updated > 0) {
      PrintPublishReport(change.figures, data.hierarchy, ctx.lang, std::cout);
    }
    return Status::Ok();
  });
}

// The cadres of `a.unit` and below it (every cadre without --unit): where
// she served when she joined the group, or where her unit counts today.
// Each comes with the gemis trainings she attended.
Result<std::vector<std::pair<Cadre, std::vector<records::Activity>>>> Select(store::Store& store,
                                                                             const PlanData& data,
                                                                             const CadreArgs& a) {
  const Date today = VietnamToday();
  std::optional<OrgUnitId> under;
  if (!a.unit.empty()) {
    GEMIS_ASSIGN_OR_RETURN(under, ResolveRecordUnit(data.hierarchy, a.unit, today, "--unit"));
  }
  std::vector<std::pair<Cadre, std::vector<records::Activity>>> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<Cadre> cadres, txn.LoadCadres({}));
    for (Cadre& c : cadres) {
      if (under && !RecordUnder(data.hierarchy, c.org_unit, c.since, *under, today)) continue;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings,
                             program::TrainingsOf(txn, c.id));
      out.emplace_back(std::move(c), std::move(trainings));
    }
    return Status::Ok();
  }));
  return out;
}

Status RunList(const CadreArgs& a, const Context& ctx, bool as_export) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(auto cadres, Select(*store, data, a));
  if (as_export || a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [c, trainings] : cadres) {
      nlohmann::json j = program::CadreToJson(c, data.hierarchy, trainings);
      if (as_export) {
        for (const char* output_only :
             {"id", "uid", "orgUnitUid", "orgUnitName", "trainings", "trainedOn"}) {
          j.erase(output_only);
        }
      }
      list.push_back(std::move(j));
    }
    nlohmann::json out =
        as_export ? nlohmann::json{{"format", program::kCadresFormat}, {"cadres", list}} : list;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  int64_t trained = 0;
  for (const auto& [c, trainings] : cadres) {
    nlohmann::json j = program::CadreToJson(c, data.hierarchy, trainings);
    const bool is_trained = !j["trainedOn"].is_null();
    trained += is_trained ? 1 : 0;
    rows.push_back({c.code, c.name, c.position,
                    j["orgUnit"].is_null() ? "" : j["orgUnit"].get<std::string>(),
                    records::CadreGroupName(c.group), c.since.ToString(),
                    is_trained ? j["trainedOn"].get<std::string>()
                               : std::string(Message(MessageId::kCadreNotTrained, ctx.lang))});
  }
  auto h = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({h(MessageId::kCadreColumnCode), h(MessageId::kCadreColumnName),
              h(MessageId::kCadreColumnPosition), h(MessageId::kModelColumnUnit),
              h(MessageId::kCadreColumnGroup), h(MessageId::kCadreColumnSince),
              h(MessageId::kCadreColumnTrained)},
             rows, std::cout);
  std::cout << trained << "/" << cadres.size() << "\n";
  return Status::Ok();
}

Status RunShow(const CadreArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  std::optional<Cadre> found;
  std::vector<records::Activity> trainings;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(found, txn.FindCadre(a.code));
    if (found) {
      GEMIS_ASSIGN_OR_RETURN(trainings, program::TrainingsOf(txn, found->id));
    }
    return Status::Ok();
  }));
  if (!found) return Status::NotFound("no women cadre '" + a.code + "'", {"", 0, 0, "code"});
  std::cout << program::CadreToJson(*found, data.hierarchy, trainings)
                   .dump(1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return Status::Ok();
}

Status RunDelete(const CadreArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::PublishReport r,
                           program::DeleteCadre(txn, mc, a.code, {0, CommandLineActor(), ""}));
    std::cout << Message(MessageId::kCadreDeleted, ctx.lang) << ": " << a.code << "\n";
    PrintPublishReport(r, data.hierarchy, ctx.lang, std::cout);
    return Status::Ok();
  });
}

}  // namespace

void RegisterCadreCommands(CLI::App& app, Context& ctx) {
  CLI::App* cadre = app.add_subcommand(
      "cadre", "Cán bộ nữ DTTS / the register of ethnic-minority women cadres (docs/program.md)");
  cadre->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto run) {
    auto args = std::make_shared<CadreArgs>();
    CLI::App* cmd = cadre->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  {
    auto [cmd, args] = add("import", "Nhập danh sách cán bộ từ tệp JSON / import from a JSON file",
                           [](const CadreArgs& a, const Context& c) { return RunImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-cadres/1")->required();
  }
  for (bool as_export : {false, true}) {
    auto [cmd, args] = add(
        as_export ? "export" : "list",
        as_export ? "Xuất danh sách ra JSON (định dạng nhập) / export as an import file"
                  : "Liệt kê cán bộ và ngày được tập huấn / list cadres and when they were trained",
        [as_export](const CadreArgs& a, const Context& c) { return RunList(a, c, as_export); });
    cmd->add_option("--unit", args->unit, "Đơn vị (mã hoặc uid) và cấp dưới / a unit and below it");
    if (!as_export) {
      cmd->add_option("--format", args->format, "table | json")
          ->check(CLI::IsMember({"table", "json"}));
    }
  }
  {
    auto [cmd, args] = add("show", "Xem một cán bộ / one cadre",
                           [](const CadreArgs& a, const Context&) { return RunShow(a); });
    cmd->add_option("code", args->code, "Mã cán bộ / cadre code")->required();
  }
  {
    auto [cmd, args] = add("delete", "Xoá một cán bộ khỏi danh sách / remove a cadre",
                           [](const CadreArgs& a, const Context& c) { return RunDelete(a, c); });
    cmd->add_option("code", args->code, "Mã cán bộ / cadre code")->required();
  }
}

}  // namespace gemis::cli
