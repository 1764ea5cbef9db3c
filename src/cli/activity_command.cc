// gemis activity …: the activities of Project 8 (docs/program.md,
// "Activities") — import, list, show, export, delete. Every change
// republishes the figures computed from the records in the same transaction
// (program/activity_service.h); imports print the policy findings (a
// domestic-violence prevention event with men under 30%).
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
#include "program/activity_service.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

using program::ModelContext;
using records::Activity;

struct ActivityArgs {
  std::string db;
  std::string file;
  std::string code;
  std::string kind;
  std::string from, to;
  std::string format = "table";
};

// A lookup of model ids by code inside `store`.
program::ModelLookup Models(store::Store& store) {
  return [&store](std::string_view code) -> std::optional<records::ModelId> {
    std::optional<records::Model> m;
    Status s = store.Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(m, txn.FindModel(code));
      return Status::Ok();
    });
    if (!s.ok() || !m || m->code != code) return std::nullopt;
    return m->id;
  };
}

// A lookup of women cadres' ids by code inside `store`.
program::CadreLookup Cadres(store::Store& store) {
  return [&store](std::string_view code) -> std::optional<int64_t> {
    std::optional<records::Cadre> c;
    Status s = store.Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(c, txn.FindCadre(code));
      return Status::Ok();
    });
    if (!s.ok() || !c || c->code != code) return std::nullopt;
    return c->id;
  };
}

void PrintFindings(const std::vector<Activity>& activities) {
  for (const Activity& a : activities) {
    for (const records::ActivityFinding& f : records::ActivityFindings(a)) {
      std::cout << "  ! " << a.code << " " << f.code << ": " << f.message << "\n";
    }
  }
}

Status RunImport(const ActivityArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Activity> activities,
                         program::ParseActivitiesJson(text.str(), a.file, data.hierarchy, data.book,
                                                      Models(*store), Cadres(*store)));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(
        program::ActivityChange change,
        program::SaveActivities(txn, mc, activities, {0, CommandLineActor(), ""}));
    std::cout << FormatMessage(MessageId::kActivitiesSaved, ctx.lang, change.created,
                               change.updated, change.unchanged)
              << "\n";
    PrintFindings(activities);
    if (change.created + change.updated > 0) {
      PrintPublishReport(change.figures, data.hierarchy, ctx.lang, std::cout);
    }
    return Status::Ok();
  });
}

Result<std::vector<Activity>> Select(store::Store& store, const ActivityArgs& a) {
  store::ActivityFilter filter;
  if (!a.kind.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.kind, records::ParseActivityKind(a.kind));
  }
  if (!a.from.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.from, Date::Parse(a.from));
  }
  if (!a.to.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.to, Date::Parse(a.to));
  }
  std::vector<Activity> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadActivities(filter));
    return Status::Ok();
  }));
  return out;
}

Result<nlohmann::json> JsonOf(store::Store& store, const PlanData& data, const Activity& a) {
  std::string model;
  std::vector<std::string> attendees;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(model, program::ModelCodeOf(txn, a.model));
    GEMIS_ASSIGN_OR_RETURN(attendees, program::AttendeeCodesOf(txn, a));
    return Status::Ok();
  }));
  return program::ActivityToJson(a, data.hierarchy, data.book, model, attendees);
}

Status RunList(const ActivityArgs& a, const Context& ctx, bool as_export) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Activity> activities, Select(*store, a));
  if (as_export || a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const Activity& act : activities) {
      GEMIS_ASSIGN_OR_RETURN(nlohmann::json j, JsonOf(*store, data, act));
      if (as_export) {
        for (const char* output_only :
             {"id", "uid", "orgUnitUid", "orgUnitName", "totals", "findings"}) {
          j.erase(output_only);
        }
      }
      list.push_back(std::move(j));
    }
    nlohmann::json out =
        as_export ? nlohmann::json{{"format", program::kActivitiesFormat}, {"activities", list}}
                  : list;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const Activity& act : activities) {
    const OrgUnit* u = data.hierarchy.Find(act.org_unit);
    const OrgUnitVersion* v = u ? u->VersionAt(act.start) : nullptr;
    records::ParticipantTotals t = records::TotalsOf(act);
    rows.push_back({act.code, records::ActivityKindName(act.kind), act.title,
                    v ? v->code + " " + v->name : "", act.start.ToString(), std::to_string(t.total),
                    std::to_string(t.male)});
  }
  auto h = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({h(MessageId::kActivityColumnCode), h(MessageId::kActivityColumnKind),
              h(MessageId::kActivityColumnTitle), h(MessageId::kModelColumnUnit),
              h(MessageId::kActivityColumnStart), h(MessageId::kActivityColumnParticipants),
              h(MessageId::kActivityColumnMen)},
             rows, std::cout);
  return Status::Ok();
}

Status RunShow(const ActivityArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  std::optional<Activity> found;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(found, txn.FindActivity(a.code));
    return Status::Ok();
  }));
  if (!found) return Status::NotFound("no activity '" + a.code + "'", {"", 0, 0, "code"});
  GEMIS_ASSIGN_OR_RETURN(nlohmann::json j, JsonOf(*store, data, *found));
  std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return Status::Ok();
}

Status RunDelete(const ActivityArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::PublishReport r,
                           program::DeleteActivity(txn, mc, a.code, {0, CommandLineActor(), ""}));
    std::cout << Message(MessageId::kActivityDeleted, ctx.lang) << ": " << a.code << "\n";
    PrintPublishReport(r, data.hierarchy, ctx.lang, std::cout);
    return Status::Ok();
  });
}

}  // namespace

void RegisterActivityCommands(CLI::App& app, Context& ctx) {
  CLI::App* activity = app.add_subcommand(
      "activity", "Hoạt động Dự án 8 / the activities of Project 8 (docs/program.md)");
  activity->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto run) {
    auto args = std::make_shared<ActivityArgs>();
    CLI::App* cmd = activity->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  {
    auto [cmd, args] =
        add("import", "Nhập hoạt động từ tệp JSON / import activities from a JSON file",
            [](const ActivityArgs& a, const Context& c) { return RunImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-activities/1")->required();
  }
  for (bool as_export : {false, true}) {
    auto [cmd, args] = add(
        as_export ? "export" : "list",
        as_export ? "Xuất hoạt động ra JSON (định dạng nhập) / export activities as an import file"
                  : "Liệt kê hoạt động / list activities",
        [as_export](const ActivityArgs& a, const Context& c) { return RunList(a, c, as_export); });
    cmd->add_option("--kind", args->kind, "Loại hoạt động / kind (policy_dialogue, training, …)");
    cmd->add_option("--from", args->from, "Bắt đầu từ ngày / starting on or after (YYYY-MM-DD)");
    cmd->add_option("--to", args->to, "Bắt đầu đến ngày / starting on or before (YYYY-MM-DD)");
    if (!as_export) {
      cmd->add_option("--format", args->format, "table | json")
          ->check(CLI::IsMember({"table", "json"}));
    }
  }
  {
    auto [cmd, args] = add("show", "Xem một hoạt động / one activity",
                           [](const ActivityArgs& a, const Context&) { return RunShow(a); });
    cmd->add_option("code", args->code, "Mã hoạt động / activity code")->required();
  }
  {
    auto [cmd, args] = add("delete", "Xoá một hoạt động / delete an activity",
                           [](const ActivityArgs& a, const Context& c) { return RunDelete(a, c); });
    cmd->add_option("code", args->code, "Mã hoạt động / activity code")->required();
  }
}

}  // namespace gemis::cli
