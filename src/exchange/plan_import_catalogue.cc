// Plan import, part 2: the sections that plans refer to — agencies,
// programme structure and spending norms.
#include <limits>

#include "exchange/plan_import_internal.h"

namespace gemis::exchange::plan_import {

namespace {

constexpr int64_t kMaxAmount = std::numeric_limits<int64_t>::max();

// Reports a code defined twice in one section of the file.
void CheckUnique(Fields& f, const std::string& code, std::unordered_set<std::string>& seen,
                 const char* what) {
  if (!code.empty() && !seen.insert(code).second) {
    f.Error("code", std::string(what) + " '" + code + "' is defined twice in the file",
            kPlanDuplicate);
  }
}

void CheckOrder(Fields& f, const std::optional<Date>& from, const std::optional<Date>& to) {
  if (from && to && *to < *from) {
    f.Error("to", "ends (" + to->ToString() + ") before it starts (" + from->ToString() + ")");
  }
}

AgencyName ReadName(Context& ctx, const json& j, const std::string& pointer) {
  Fields f(ctx.diag, j, pointer, {"from", "to", "name", "shortName"});
  AgencyName name;
  name.from = f.DateValue("from");
  name.to = f.DateValue("to");
  CheckOrder(f, name.from, name.to);
  name.name = f.Required("name");
  name.short_name = f.Text("shortName");
  return name;
}

AgencySuccessor ReadSuccessor(Context& ctx, const json& j, const std::string& pointer) {
  Fields f(ctx.diag, j, pointer, {"date", "code", "kind", "note"});
  AgencySuccessor s;
  std::optional<Date> date = f.DateValue("date");
  if (date) {
    s.date = *date;
  } else if (f.valid() && !f.Has("date")) {
    f.Error("date", "required");
  }
  s.successor_code = ReadAgencyRef(ctx, f, "code", true);
  s.kind = f.Enum("kind", AgencySuccession::kBecame,
                  {AgencySuccession::kRenamed, AgencySuccession::kBecame,
                   AgencySuccession::kFunctionsMoved, AgencySuccession::kMerged},
                  AgencySuccessionName, true);
  s.note = f.Text("note");
  return s;
}

void ReadAgency(Context& ctx, const json& j, const std::string& pointer,
                std::unordered_set<std::string>& seen, PlanFileContents& out) {
  Fields f(
      ctx.diag, j, pointer,
      {"code", "kind", "orgUnit", "unit", "asOf", "from", "to", "names", "successors", "source"});
  if (!f.valid()) return;
  Agency a;
  a.code = f.Code("code");
  CheckUnique(f, a.code, seen, "agency");
  a.kind =
      f.Enum("kind", AgencyKind::kOther,
             {AgencyKind::kWomensUnion, AgencyKind::kPeoplesCommittee, AgencyKind::kPeoplesCouncil,
              AgencyKind::kDepartment, AgencyKind::kSteeringCommittee, AgencyKind::kPartyBody,
              AgencyKind::kMassOrganisation, AgencyKind::kBank, AgencyKind::kMedia,
              AgencyKind::kGovernment, AgencyKind::kOther},
             AgencyKindName, true);
  std::optional<Date> as_of = f.DateValue("asOf");
  if (as_of && f.Text("orgUnit").empty()) {
    f.Error("asOf", "asOf is the date orgUnit is read at; it needs orgUnit");
  }
  std::optional<ResolvedUnit> unit = ReadOrgUnit(ctx, f, as_of.value_or(ctx.today), false);
  a.org_unit = unit ? unit->id : 0;
  a.from = f.DateValue("from");
  a.to = f.DateValue("to");
  CheckOrder(f, a.from, a.to);
  ForEachElement(f, "names", [&](const json& e, const std::string& p) {
    a.names.push_back(ReadName(ctx, e, p));
  });
  const json* names = f.Get("names");
  if (a.names.empty() && (names == nullptr || names->is_array())) {
    f.Error("names", "an agency needs at least one name");
  }
  ForEachElement(f, "successors", [&](const json& e, const std::string& p) {
    a.successors.push_back(ReadSuccessor(ctx, e, p));
  });
  // Agency has no SourceRef (core/plan.h): the source is checked, not stored.
  ReadSource(f, "source", ctx.default_document);
  out.agencies.push_back(std::move(a));
}

void ReadNode(Context& ctx, const json& j, const std::string& pointer,
              std::unordered_set<std::string>& seen, PlanFileContents& out) {
  Fields f(
      ctx.diag, j, pointer,
      {"code", "parent", "kind", "number", "name", "nameEn", "period", "legalBasis", "source"});
  if (!f.valid()) return;
  ProgramNode node;
  node.code = f.Code("code");
  CheckUnique(f, node.code, seen, "programme node");
  node.parent_code = f.Text("parent");
  if (!node.parent_code.empty()) {
    if (node.parent_code == node.code) {
      f.Error("parent", "a programme node cannot be its own parent", kPlanReference);
    } else if (ctx.nodes_so_far.count(node.parent_code) == 0 &&
               ctx.stored.FindProgramNode(node.parent_code) == nullptr) {
      f.Error("parent",
              ctx.nodes.count(node.parent_code) > 0
                  ? "parent '" + node.parent_code + "' comes after its child; list parents first"
                  : "unknown parent '" + node.parent_code + "'",
              kPlanReference);
    }
  }
  node.kind = f.Enum("kind", ProgramNodeKind::kActivity,
                     {ProgramNodeKind::kProgramme, ProgramNodeKind::kProject,
                      ProgramNodeKind::kContentArea, ProgramNodeKind::kActivity},
                     ProgramNodeKindName, true);
  node.number = f.Text("number");
  node.name = f.Required("name");
  node.name_en = f.Text("nameEn");
  node.period = f.Dates("period");
  node.legal_basis = f.Text("legalBasis");
  node.source = ReadSource(f, "source", ctx.default_document);
  if (!node.code.empty()) ctx.nodes_so_far.insert(node.code);
  out.nodes.push_back(std::move(node));
}

void ReadNorm(Context& ctx, const json& j, const std::string& pointer,
              std::unordered_set<std::string>& seen, PlanFileContents& out) {
  Fields f(ctx.diag, j, pointer, {"code", "name", "maxPerUnit", "per", "legalBasis", "source"});
  if (!f.valid()) return;
  SpendingNorm norm;
  norm.code = f.Code("code");
  CheckUnique(f, norm.code, seen, "norm");
  norm.name = f.Required("name");
  norm.max_per_unit = f.Integer("maxPerUnit", 0, kMaxAmount, true, "maxPerUnit (đồng)").value_or(0);
  norm.per = f.Text("per");
  norm.legal_basis = f.Text("legalBasis");
  norm.source = ReadSource(f, "source", ctx.default_document);
  out.norms.push_back(std::move(norm));
}

}  // namespace

void ReadAgencies(Context& ctx, Fields& root, PlanFileContents& out) {
  std::unordered_set<std::string> seen;
  ForEachElement(root, "agencies",
                 [&](const json& j, const std::string& p) { ReadAgency(ctx, j, p, seen, out); });
}

void ReadProgramme(Context& ctx, Fields& root, PlanFileContents& out) {
  std::unordered_set<std::string> seen;
  ForEachElement(root, "programme",
                 [&](const json& j, const std::string& p) { ReadNode(ctx, j, p, seen, out); });
}

void ReadNorms(Context& ctx, Fields& root, PlanFileContents& out) {
  std::unordered_set<std::string> seen;
  ForEachElement(root, "norms",
                 [&](const json& j, const std::string& p) { ReadNorm(ctx, j, p, seen, out); });
}

}  // namespace gemis::exchange::plan_import
