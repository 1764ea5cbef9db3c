#include "cli/plan_context.h"

#include <algorithm>
#include <map>

#include "core/number_format.h"
#include "records/figures.h"

namespace gemis::cli {

Result<PlanData> LoadPlanData(store::Store& store) {
  PlanData data;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(data.hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(data.metadata, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(data.book, txn.LoadPlanBook());
    return Status::Ok();
  }));
  return data;
}

Result<OrgUnitId> ResolveRecordUnit(const Hierarchy& h, const std::string& text, Date today,
                                    const char* option) {
  const OrgUnit* u = h.FindByUid(text);
  if (u == nullptr) u = h.FindByCode(text, today);
  if (u == nullptr) {
    std::vector<const OrgUnit*> any = h.FindByCodeAnyTime(text);
    if (!any.empty()) u = any.front();
  }
  if (u == nullptr) return Status::NotFound("no org unit '" + text + "'", {"", 0, 0, option});
  return u->id;
}

bool RecordUnder(const Hierarchy& h, OrgUnitId unit, Date since, OrgUnitId under, Date today) {
  auto within = [&](OrgUnitId id, Date day) {
    if (id == under) return true;
    std::vector<OrgUnitId> up = h.AncestorsAt(id, day);
    return std::find(up.begin(), up.end(), under) != up.end();
  };
  if (within(unit, since)) return true;
  std::optional<OrgUnitId> now = records::CountingUnit(h, unit, today);
  return now && within(*now, today);
}

Result<const Plan*> ResolvePlan(const PlanBook& book, const std::string& code_or_number) {
  bool ambiguous = false;
  const Plan* plan = book.FindPlan(code_or_number, &ambiguous);
  if (plan != nullptr) return plan;
  std::string known;
  std::vector<const Plan*> matches;
  for (const Plan& p : book.plans()) {
    if (p.number == code_or_number) matches.push_back(&p);
    known += (known.empty() ? "" : ", ") + p.code + (p.number.empty() ? "" : " (" + p.number + ")");
  }
  if (ambiguous) {
    std::string codes;
    for (const Plan* p : matches) codes += (codes.empty() ? "" : ", ") + p->code;
    return Status::Invalid(
        "several plans carry the number '" + code_or_number + "'; name one by its code: " + codes,
        {"", 0, 0, "--plan"});
  }
  return Status::NotFound(
      "no plan with code or number '" + code_or_number + "'" +
          (known.empty() ? " (the database holds no plans)" : "; known plans: " + known),
      {"", 0, 0, "--plan"});
}

void PrintFindings(const std::vector<Finding>& findings, Lang lang, std::ostream& out) {
  int errors = 0, warnings = 0;
  for (const Finding& f : findings) {
    const bool error = f.severity == Severity::kError;
    (error ? errors : warnings)++;
    out << (error ? Message(MessageId::kSeverityError, lang)
                  : Message(MessageId::kSeverityWarning, lang))
        << "  [" << f.rule << "]  " << f.plan;
    if (!f.org_unit.empty()) out << "  " << f.org_unit;
    if (!f.measure.empty()) out << "  " << f.measure;
    if (!f.period.empty()) out << "  " << f.period;
    out << "\n    " << f.message << "\n";
    if (!f.expected.empty() || !f.found.empty()) {
      // Figures read better grouped (22.991.000.000); periods stay as they are.
      const bool figures = f.rule != rules::kWindowOutsidePlan &&
                           f.rule != rules::kUnitNotAtPlanDate &&
                           f.rule != rules::kAgencyNotAtPlanDate;
      auto show = [&](const std::string& v) { return figures ? FormatDecimalTextVi(v) : v; };
      out << "    " << Message(MessageId::kFindingExpected, lang) << ": " << show(f.expected)
          << "; " << Message(MessageId::kFindingFound, lang) << ": " << show(f.found) << "\n";
    }
    if (!f.source.document.empty() || !f.source.section.empty()) {
      out << "    " << Message(MessageId::kFindingSource, lang) << ": " << f.source.document;
      if (!f.source.section.empty()) out << ", " << f.source.section;
      out << "\n";
    }
  }
  out << Message(MessageId::kFindingsErrors, lang) << ": " << errors << ", "
      << Message(MessageId::kFindingsWarnings, lang) << ": " << warnings << "\n";
}

}  // namespace gemis::cli
