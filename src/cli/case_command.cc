// gemis case …: the confidential cases register (docs/confidentiality.md,
// "Confidential cases") — import, list, show, refer, export, delete, and the
// case teams (team grant | revoke | list). The command line is the
// operator's, who holds the database and its field key
// (program/case_service.h, rule (3)): every read is audited under the
// operator's name, and the survivors' identifying fields need the key.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "access/scope.h"
#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "program/case_service.h"
#include "program/cases_json.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

using program::ModelContext;
using records::Case;

struct CaseArgs {
  std::string db;
  std::string file;
  std::string code;
  std::string address;
  std::string user;
  std::string organisation;
  std::string role = "caseworker";
  std::string format = "table";
};

program::Actor Operator() { return {0, CommandLineActor(), ""}; }

// The models of the store by code, for "address" members.
Result<std::map<std::string, records::Model>> Addresses(store::Store& store) {
  std::map<std::string, records::Model> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    for (records::ModelKind kind :
         {records::ModelKind::kTrustedAddress, records::ModelKind::kVictimLivelihood}) {
      store::ModelFilter filter;
      filter.kind = kind;
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> models, txn.LoadModels(filter));
      for (records::Model& m : models) out.emplace(m.code, std::move(m));
    }
    return Status::Ok();
  }));
  return out;
}

const records::Model* ById(const std::map<std::string, records::Model>& addresses,
                           records::ModelId id) {
  for (const auto& [code, m] : addresses) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

Status RunImport(const CaseArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(auto addresses, Addresses(*store));
  auto lookup = [&addresses](std::string_view code) -> std::optional<records::ModelId> {
    auto it = addresses.find(std::string(code));
    return it == addresses.end() ? std::nullopt : std::optional(it->second.id);
  };
  GEMIS_ASSIGN_OR_RETURN(std::vector<Case> cases,
                         program::ParseCasesJson(text.str(), a.file, lookup));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::CaseChange change,
                           program::SaveCases(txn, mc, cases, Operator()));
    std::cout << FormatMessage(MessageId::kCasesSaved, ctx.lang, change.created, change.updated,
                               change.unchanged)
              << "\n";
    if (change.created + change.updated > 0) {
      PrintPublishReport(change.figures, data.hierarchy, ctx.lang, std::cout);
    }
    return Status::Ok();
  });
}

// The cases of --address (or all), each read audited.
Result<std::vector<Case>> Read(store::Store& store,
                               const std::map<std::string, records::Model>& addresses,
                               const CaseArgs& a, const std::string& code = "") {
  store::CaseFilter filter;
  if (!a.address.empty()) {
    auto it = addresses.find(a.address);
    if (it == addresses.end()) {
      return Status::NotFound("no trusted address or victims' livelihood model " + a.address,
                              {"", 0, 0, "--address"});
    }
    filter.addresses = {it->second.id};
  }
  std::vector<Case> out;
  GEMIS_RETURN_IF_ERROR(store.Write([&](store::WriteTransaction& txn) -> Status {
    if (!code.empty()) {
      GEMIS_ASSIGN_OR_RETURN(std::optional<Case> found, txn.FindCase(code));
      if (!found || found->code != code) {
        return Status::NotFound("no case '" + code + "'", {"", 0, 0, "code"});
      }
      filter.ids = {found->id};
    }
    GEMIS_ASSIGN_OR_RETURN(out, program::ReadCases(txn, filter, Operator()));
    return Status::Ok();
  }));
  return out;
}

Status RunList(const CaseArgs& a, const Context& ctx, bool as_export) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(auto addresses, Addresses(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Case> cases, Read(*store, addresses, a));
  if (as_export || a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const Case& c : cases) {
      if (as_export && c.identity_sealed && !c.identity_erased) {
        return Status::Conflict(c.code +
                                ": the identifying fields are sealed; an export without them "
                                "could not be imported back (the field key " +
                                FieldKeyPath(a.db) + " is needed)");
      }
      const records::Model* address = ById(addresses, c.address);
      if (address == nullptr) return Status::Internal("case " + c.code + " has no address");
      nlohmann::json j = program::CaseToJson(c, *address, data.hierarchy, program::CaseView::kFull);
      if (as_export) {
        for (const char* output_only :
             {"id", "uid", "orgUnit", "orgUnitName", "identitySealed", "ageBand", "consentNow"}) {
          j.erase(output_only);
        }
      }
      list.push_back(std::move(j));
    }
    nlohmann::json out =
        as_export ? nlohmann::json{{"format", program::kCasesFormat}, {"cases", list}} : list;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const Case& c : cases) {
    const records::Model* address = ById(addresses, c.address);
    std::string consent;
    for (records::ConsentPurpose p :
         {records::ConsentPurpose::kServices, records::ConsentPurpose::kReferral,
          records::ConsentPurpose::kReporting}) {
      consent += records::ConsentNow(c, p) ? "✓" : "–";
    }
    rows.push_back({c.code, records::CaseKindName(c.kind), address ? address->code : "",
                    c.opened.ToVietnameseString(),
                    c.identity_erased   ? std::string(Message(MessageId::kIdentityErased, ctx.lang))
                    : c.identity_sealed ? std::string(Message(MessageId::kIdentitySealed, ctx.lang))
                                        : c.survivor_name,
                    consent});
  }
  auto h = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({h(MessageId::kCaseColumnCode), h(MessageId::kCaseColumnKind),
              h(MessageId::kCaseColumnAddress), h(MessageId::kCaseColumnOpened),
              h(MessageId::kCaseColumnSurvivor), h(MessageId::kCaseColumnConsent)},
             rows, std::cout);
  return Status::Ok();
}

Status RunShow(const CaseArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(auto addresses, Addresses(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<Case> cases, Read(*store, addresses, a, a.code));
  if (cases.empty()) return Status::NotFound("no case '" + a.code + "'", {"", 0, 0, "code"});
  const records::Model* address = ById(addresses, cases.front().address);
  if (address == nullptr) return Status::Internal("case " + a.code + " has no address");
  std::cout << program::CaseToJson(cases.front(), *address, data.hierarchy,
                                   program::CaseView::kFull)
                   .dump(1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return Status::Ok();
}

Status RunRefer(const CaseArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(nlohmann::json sheet, program::ReferCase(txn, data.hierarchy, a.code,
                                                                    a.organisation, Operator()));
    std::cout << sheet.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  });
}

Status RunDelete(const CaseArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::PublishReport r,
                           program::DeleteCase(txn, mc, a.code, Operator()));
    std::cout << Message(MessageId::kCaseDeleted, ctx.lang) << ": " << a.code << "\n";
    PrintPublishReport(r, data.hierarchy, ctx.lang, std::cout);
    return Status::Ok();
  });
}

Status RunTeam(const CaseArgs& a, const Context& ctx, const std::string& action) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  const access::Principal system = access::SystemPrincipal(CommandLineActor());
  if (action == "list") {
    GEMIS_ASSIGN_OR_RETURN(auto addresses, Addresses(*store));
    std::vector<std::vector<std::string>> rows;
    GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
      store::CaseAssignmentFilter filter;
      if (!a.address.empty()) {
        auto it = addresses.find(a.address);
        if (it == addresses.end()) {
          return Status::NotFound("no trusted address or victims' livelihood model " + a.address,
                                  {"", 0, 0, "address"});
        }
        filter.address = it->second.id;
      }
      GEMIS_ASSIGN_OR_RETURN(std::vector<records::CaseAssignment> team,
                             txn.LoadCaseAssignments(filter));
      for (const records::CaseAssignment& t : team) {
        GEMIS_ASSIGN_OR_RETURN(std::optional<access::User> u, txn.FindUserById(t.user_id));
        const records::Model* m = ById(addresses, t.address);
        rows.push_back({m ? m->code : std::to_string(t.address), u ? u->username : "?",
                        records::CaseRoleName(t.role), t.granted_by, t.granted_at});
      }
      return Status::Ok();
    }));
    PrintTable({"address", "user", "role", "granted by", "granted at"}, rows, std::cout);
    return Status::Ok();
  }
  GEMIS_ASSIGN_OR_RETURN(records::CaseRole role, records::ParseCaseRole(a.role));
  const access::ScopeIndex scopes(data.hierarchy, VietnamToday());
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    if (action == "grant") {
      GEMIS_RETURN_IF_ERROR(
          program::GrantCaseAccess(txn, system, Operator(), a.address, a.user, role, scopes));
      std::cout << Message(MessageId::kCaseTeamGranted, ctx.lang) << ": " << a.address << " → "
                << a.user << " (" << records::CaseRoleName(role) << ")\n";
    } else {
      GEMIS_RETURN_IF_ERROR(program::RevokeCaseAccess(txn, system, Operator(), a.address, a.user));
      std::cout << Message(MessageId::kCaseTeamRevoked, ctx.lang) << ": " << a.address << " → "
                << a.user << "\n";
    }
    return Status::Ok();
  });
}

}  // namespace

void RegisterCaseCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand(
      "case",
      "Ca bảo mật (địa chỉ tin cậy, nạn nhân mua bán người) / confidential cases "
      "(docs/confidentiality.md)");
  group->require_subcommand(1);
  auto add = [&](CLI::App* parent, const char* name, const char* help, auto run) {
    auto args = std::make_shared<CaseArgs>();
    CLI::App* cmd = parent->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  {
    auto [cmd, args] = add(group, "import", "Nhập ca từ tệp JSON / import cases from a JSON file",
                           [](const CaseArgs& a, const Context& c) { return RunImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-cases/1")->required();
  }
  for (bool as_export : {false, true}) {
    auto [cmd, args] =
        add(group, as_export ? "export" : "list",
            as_export ? "Xuất ra JSON (định dạng nhập; mỗi ca được ghi nhật ký) / export as an "
                        "import file (each case audited)"
                      : "Liệt kê ca (mỗi ca được ghi nhật ký) / list cases (each audited)",
            [as_export](const CaseArgs& a, const Context& c) { return RunList(a, c, as_export); });
    cmd->add_option("--address", args->address, "Mã địa chỉ tin cậy / trusted address code");
    if (!as_export) {
      cmd->add_option("--format", args->format, "table | json")
          ->check(CLI::IsMember({"table", "json"}));
    }
  }
  {
    auto [cmd, args] = add(group, "show", "Xem một ca (được ghi nhật ký) / one case (audited)",
                           [](const CaseArgs& a, const Context&) { return RunShow(a); });
    cmd->add_option("code", args->code, "Mã ca / case code")->required();
  }
  {
    auto [cmd, args] = add(group, "refer",
                           "Phiếu chuyển gửi (cần sự đồng ý chuyển gửi) / referral sheet (needs "
                           "consent for referral)",
                           [](const CaseArgs& a, const Context&) { return RunRefer(a); });
    cmd->add_option("code", args->code, "Mã ca / case code")->required();
    cmd->add_option("--to", args->organisation, "Cơ quan nhận / receiving organisation")
        ->required();
  }
  {
    auto [cmd, args] = add(group, "delete", "Xoá một ca / delete a case",
                           [](const CaseArgs& a, const Context& c) { return RunDelete(a, c); });
    cmd->add_option("code", args->code, "Mã ca / case code")->required();
  }
  CLI::App* team = group->add_subcommand(
      "team", "Ai được xem các ca của một địa chỉ / who may read an address's cases");
  team->require_subcommand(1);
  for (const char* action : {"grant", "revoke", "list"}) {
    const std::string name = action;
    auto [cmd, args] =
        add(team, action,
            name == "grant"    ? "Cho phép một người dùng / name a user"
            : name == "revoke" ? "Thu hồi / take a user off"
                               : "Liệt kê / list",
            [name](const CaseArgs& a, const Context& c) { return RunTeam(a, c, name); });
    if (name == "list") {
      cmd->add_option("address", args->address, "Mã địa chỉ / address code");
    } else {
      cmd->add_option("address", args->address, "Mã địa chỉ / address code")->required();
      cmd->add_option("user", args->user, "Tên đăng nhập / username")->required();
    }
    if (name == "grant") {
      cmd->add_option("--role", args->role, "caseworker | supervisor")
          ->check(CLI::IsMember({"caseworker", "supervisor"}));
    }
  }
}

}  // namespace gemis::cli
