// gemis beneficiary …: the safe-birth register (docs/program.md, "Safe
// birth") — import, list, show, export, delete. Each birth is shown with
// the eligibility rules and their reasons and the policy findings (payments
// over the norms of Thông tư 15/2022/TT-BTC). Every change republishes the
// figures in the same transaction (program/safe_birth_service.h). The
// mothers' names and dates of birth need the field key (FieldKeyPath);
// without it they are shown as sealed.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/figures_output.h"
#include "cli/output.h"
#include "cli/plan_context.h"
#include "core/clock.h"
#include "core/number_format.h"
#include "program/safe_birth_service.h"
#include "program/safe_births_json.h"
#include "store/records_store.h"

namespace gemis::cli {

namespace {

using program::ModelContext;
using records::SafeBirth;

struct BirthArgs {
  std::string db;
  std::string file;
  std::string code;
  std::string unit;
  std::string from, to;
  std::string format = "table";
};

void PrintFindings(const std::vector<SafeBirth>& births, const Hierarchy& h,
                   const DesignationSet& lists) {
  for (const SafeBirth& b : births) {
    records::Eligibility e = records::EvaluateEligibility(b, h, lists);
    for (const records::SafeBirthFinding& f : records::SafeBirthFindings(b, e)) {
      std::cout << "  ! " << b.code << " " << f.code << ": " << f.message << "\n";
    }
  }
}

Result<DesignationSet> Designations(store::Store& store) {
  std::vector<Designation> lists;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(lists, txn.LoadDesignations());
    return Status::Ok();
  }));
  return DesignationSet(std::move(lists));
}

Status RunImport(const BirthArgs& a, const Context& ctx) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + a.file, {a.file, 0, 0, ""});
  std::stringstream text;
  text << in.rdbuf();
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<SafeBirth> births,
                         program::ParseSafeBirthsJson(text.str(), a.file, data.hierarchy));
  GEMIS_ASSIGN_OR_RETURN(DesignationSet lists, Designations(*store));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::SafeBirthChange change,
                           program::SaveSafeBirths(txn, mc, births, {0, CommandLineActor(), ""}));
    std::cout << FormatMessage(MessageId::kBirthsSaved, ctx.lang, change.created, change.updated,
                               change.unchanged)
              << "\n";
    PrintFindings(births, data.hierarchy, lists);
    if (change.created + change.updated > 0) {
      PrintPublishReport(change.figures, data.hierarchy, ctx.lang, std::cout);
    }
    return Status::Ok();
  });
}

Result<std::vector<SafeBirth>> Select(store::Store& store, const PlanData& data,
                                      const BirthArgs& a) {
  store::SafeBirthFilter filter;
  if (!a.from.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.from, Date::Parse(a.from));
  }
  if (!a.to.empty()) {
    GEMIS_ASSIGN_OR_RETURN(filter.to, Date::Parse(a.to));
  }
  const Date today = VietnamToday();
  std::optional<OrgUnitId> under;
  if (!a.unit.empty()) {
    GEMIS_ASSIGN_OR_RETURN(under, ResolveRecordUnit(data.hierarchy, a.unit, today, "--unit"));
  }
  std::vector<SafeBirth> out;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(out, txn.LoadSafeBirths(filter));
    return Status::Ok();
  }));
  if (under) {
    std::erase_if(out, [&](const SafeBirth& b) {
      return !RecordUnder(data.hierarchy, b.commune, b.birth_date, *under, today);
    });
  }
  return out;
}

Status RunList(const BirthArgs& a, const Context& ctx, bool as_export) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  GEMIS_ASSIGN_OR_RETURN(std::vector<SafeBirth> births, Select(*store, data, a));
  GEMIS_ASSIGN_OR_RETURN(DesignationSet lists, Designations(*store));
  if (as_export || a.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const SafeBirth& b : births) {
      if (as_export && b.identity_sealed && !b.identity_erased) {
        return Status::Conflict(
            b.code +
            ": the mother's name is sealed; an export without it could not be imported "
            "back (the field key " +
            FieldKeyPath(a.db) + " is needed)");
      }
      nlohmann::json j = program::SafeBirthToJson(b, data.hierarchy, lists, true);
      if (as_export) {
        for (const char* output_only : {"id", "uid", "communeName", "villageName", "identitySealed",
                                        "eligibility", "findings"}) {
          j.erase(output_only);
        }
        if (b.mother_birth_date) j.erase("motherAge");  // computed from the date
      }
      list.push_back(std::move(j));
    }
    nlohmann::json out =
        as_export ? nlohmann::json{{"format", program::kSafeBirthsFormat}, {"births", list}} : list;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  int64_t eligible = 0, supported = 0;
  for (const SafeBirth& b : births) {
    records::Eligibility e = records::EvaluateEligibility(b, data.hierarchy, lists);
    bool unknown = false;
    for (const records::RuleResult& r : e.rules) {
      unknown = unknown || r.outcome == records::RuleOutcome::kUnknown;
    }
    int64_t paid = 0;
    for (const records::SafeBirthPayment& p : b.payments) paid += p.amount;
    eligible += e.eligible ? 1 : 0;
    supported += e.eligible && paid > 0 ? 1 : 0;
    const OrgUnit* u = data.hierarchy.Find(b.commune);
    const OrgUnitVersion* v = u ? u->VersionAt(b.birth_date) : nullptr;
    rows.push_back({b.code,
                    b.identity_erased   ? std::string(Message(MessageId::kIdentityErased, ctx.lang))
                    : b.identity_sealed ? std::string(Message(MessageId::kIdentitySealed, ctx.lang))
                                        : b.mother_name,
                    v ? v->code + " " + v->name : "", b.birth_date.ToVietnameseString(),
                    std::string(Message(e.eligible ? MessageId::kEligible
                                        : unknown  ? MessageId::kEligibilityUnknown
                                                   : MessageId::kNotEligible,
                                        ctx.lang)),
                    FormatIntegerVi(paid)});
  }
  auto h = [&](MessageId id) { return std::string(Message(id, ctx.lang)); };
  PrintTable({h(MessageId::kBirthColumnCode), h(MessageId::kBirthColumnMother),
              h(MessageId::kBirthColumnCommune), h(MessageId::kBirthColumnDate),
              h(MessageId::kBirthColumnEligible), h(MessageId::kBirthColumnPaid)},
             rows, std::cout);
  std::cout << supported << "/" << eligible << "/" << births.size() << "\n";
  return Status::Ok();
}

Status RunShow(const BirthArgs& a) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  std::optional<SafeBirth> found;
  GEMIS_RETURN_IF_ERROR(store->Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(found, txn.FindSafeBirth(a.code));
    return Status::Ok();
  }));
  if (!found) return Status::NotFound("no safe birth '" + a.code + "'", {"", 0, 0, "code"});
  GEMIS_ASSIGN_OR_RETURN(DesignationSet lists, Designations(*store));
  std::cout << program::SafeBirthToJson(*found, data.hierarchy, lists, true)
                   .dump(1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return Status::Ok();
}

Status RunDelete(const BirthArgs& a, const Context& ctx) {
  GEMIS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExisting(a.db));
  GEMIS_ASSIGN_OR_RETURN(PlanData data, LoadPlanData(*store));
  ModelContext mc{data.hierarchy, data.metadata, data.book, VietnamToday()};
  return store->Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(program::PublishReport r,
                           program::DeleteSafeBirth(txn, mc, a.code, {0, CommandLineActor(), ""}));
    std::cout << Message(MessageId::kBirthDeleted, ctx.lang) << ": " << a.code << "\n";
    PrintPublishReport(r, data.hierarchy, ctx.lang, std::cout);
    return Status::Ok();
  });
}

}  // namespace

void RegisterBeneficiaryCommands(CLI::App& app, Context& ctx) {
  CLI::App* beneficiary = app.add_subcommand(
      "beneficiary",
      "Đối tượng 04 gói sinh đẻ an toàn / the safe-birth register (docs/program.md)");
  beneficiary->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto run) {
    auto args = std::make_shared<BirthArgs>();
    CLI::App* cmd = beneficiary->add_subcommand(name, help);
    cmd->add_option("--db", args->db, "Tệp cơ sở dữ liệu / database file")->required();
    cmd->callback([&ctx, args, run] { ctx.run = [&ctx, args, run] { return run(*args, ctx); }; });
    return std::pair(cmd, args);
  };
  {
    auto [cmd, args] = add("import", "Nhập ca sinh từ tệp JSON / import births from a JSON file",
                           [](const BirthArgs& a, const Context& c) { return RunImport(a, c); });
    cmd->add_option("file", args->file, "Tệp gemis-safe-births/1")->required();
  }
  for (bool as_export : {false, true}) {
    auto [cmd, args] =
        add(as_export ? "export" : "list",
            as_export ? "Xuất ra JSON (định dạng nhập) / export as an import file"
                      : "Liệt kê ca sinh, điều kiện và số tiền đã chi / list births, eligibility, "
                        "amounts paid",
            [as_export](const BirthArgs& a, const Context& c) { return RunList(a, c, as_export); });
    cmd->add_option("--unit", args->unit, "Đơn vị (mã hoặc uid) và cấp dưới / a unit and below it");
    cmd->add_option("--from", args->from, "Sinh từ ngày / born on or after (YYYY-MM-DD)");
    cmd->add_option("--to", args->to, "Sinh đến ngày / born on or before (YYYY-MM-DD)");
    if (!as_export) {
      cmd->add_option("--format", args->format, "table | json")
          ->check(CLI::IsMember({"table", "json"}));
    }
  }
  {
    auto [cmd, args] =
        add("show", "Xem một ca sinh với từng điều kiện và lý do / one birth, each rule and why",
            [](const BirthArgs& a, const Context&) { return RunShow(a); });
    cmd->add_option("code", args->code, "Mã ca sinh / birth code")->required();
  }
  {
    auto [cmd, args] = add("delete", "Xoá một ca sinh / delete a birth",
                           [](const BirthArgs& a, const Context& c) { return RunDelete(a, c); });
    cmd->add_option("code", args->code, "Mã ca sinh / birth code")->required();
  }
}

}  // namespace gemis::cli
