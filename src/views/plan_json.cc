#include "views/plan_json.h"

#include <map>

#include "core/plan_validation.h"

namespace gemis::views {

namespace {

std::string UnitLabel(const Hierarchy& h, OrgUnitId id, Date d) {
  const OrgUnit* unit = h.Find(id);
  if (unit == nullptr) return std::to_string(id);
  const OrgUnitVersion* v = unit->VersionAt(d);
  if (v == nullptr) v = &unit->last();
  return v->code + " " + v->FullName();
}

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : ""; }

nlohmann::json SourceJson(const SourceRef& s) {
  return {{"document", s.document}, {"section", s.section}, {"text", s.text}};
}

// The content area (Nội dung 1–4) a programme node belongs to: the node itself
// or its nearest ancestor of that kind; nullptr when there is none (a target of
// the whole project).
const ProgramNode* ContentAreaOf(const PlanBook& book, const std::string& code) {
  const ProgramNode* n = book.FindProgramNode(code);
  for (int guard = 0; n != nullptr && guard < 16; ++guard) {
    if (n->kind == ProgramNodeKind::kContentArea) return n;
    if (n->parent_code.empty()) return nullptr;
    n = book.FindProgramNode(n->parent_code);
  }
  return nullptr;
}

}  // namespace

nlohmann::json PlanHeaderJson(const Plan& p, const Hierarchy& hierarchy, const PlanBook& book) {
  const Date at = p.EffectiveDate();
  nlohmann::json out = {{"code", p.code},
                        {"number", p.number},
                        {"title", p.title},
                        {"issuerUnit", UnitLabel(hierarchy, p.issuer_unit, at)},
                        {"issuerAgency", p.issuer_agency_code},
                        {"signer", p.signer},
                        {"signerTitle", p.signer_title},
                        {"place", p.place},
                        {"date", DateText(p.date)},
                        {"period", p.period.ToString()},
                        {"periodText", p.period_text},
                        {"status", PlanStatusName(p.status)},
                        {"programme", p.program_node_code}};
  if (!p.superseded_by.empty()) out["supersededBy"] = p.superseded_by;
  if (const Agency* a = book.FindAgency(p.issuer_agency_code); a && !a->names.empty()) {
    out["issuerAgencyName"] = a->NameAt(at).name;
  }
  return out;
}

nlohmann::json PlanJson(const Plan& p, const Hierarchy& hierarchy, const PlanBook& book) {
  const Date at = p.EffectiveDate();
  nlohmann::json out = PlanHeaderJson(p, hierarchy, book);
  out["source"] = SourceJson(p.source);
  nlohmann::json citations = nlohmann::json::array();
  for (const Citation& c : p.citations) {
    citations.push_back({{"relation", c.relation},
                         {"plan", c.plan_code},
                         {"kind", c.document_kind},
                         {"number", c.number},
                         {"issuer", c.issuer},
                         {"date", DateText(c.date)},
                         {"title", c.title},
                         {"source", SourceJson(c.source)}});
  }
  out["citations"] = citations;
  nlohmann::json assignments = nlohmann::json::array();
  for (const Assignment& a : p.assignments) {
    assignments.push_back({{"node", a.program_node_code},
                           {"agency", a.agency_code},
                           {"role", AssignmentRoleName(a.role)},
                           {"schedule", a.schedule},
                           {"window", a.window.ToString()},
                           {"task", a.task}});
  }
  out["assignments"] = assignments;
  nlohmann::json targets = nlohmann::json::array();
  std::map<std::string, const ProgramNode*> content_areas;
  for (const Target* t : book.TargetsOf(p.id)) {
    const ProgramNode* area = ContentAreaOf(book, t->program_node_code);
    if (area != nullptr) content_areas.emplace(area->code, area);
    targets.push_back({{"id", t->id},
                       {"node", t->program_node_code},
                       {"contentArea", area != nullptr ? area->code : ""},
                       {"measure", t->measure.code},
                       {"orgUnit", UnitLabel(hierarchy, t->org_unit, at)},
                       {"agency", t->agency_code},
                       {"level", ImplementingLevelName(t->level)},
                       {"period", t->period.ToString()},
                       {"window", t->window.ToString()},
                       {"value", t->value.ToString()},
                       {"unit", TargetUnitName(t->unit)},
                       {"unitLabel", t->unit_label},
                       {"direction", TargetDirectionName(t->direction)},
                       {"rule", AllocationRuleName(t->rule)},
                       {"status", TargetStatusName(t->status)},
                       {"statusNote", t->status_note},
                       {"table", t->table},
                       {"source", SourceJson(t->source)}});
  }
  out["targets"] = targets;
  nlohmann::json areas_of_targets = nlohmann::json::array();
  for (const auto& [code, node] : content_areas) {
    areas_of_targets.push_back({{"code", code},
                                {"number", node->number},
                                {"name", node->name},
                                {"nameEn", node->name_en}});
  }
  out["contentAreas"] = areas_of_targets;
  nlohmann::json budget = nlohmann::json::array();
  for (const BudgetLine* b : book.BudgetOf(p.id)) {
    budget.push_back({{"key", b->key},
                      {"parent", b->parent_key},
                      {"orgUnit", UnitLabel(hierarchy, b->org_unit, at)},
                      {"agency", b->agency_code},
                      {"level", ImplementingLevelName(b->level)},
                      {"funding", FundingSourceName(b->funding)},
                      {"period", b->period.ToString()},
                      {"kind", BudgetKindName(b->kind)},
                      {"carriedFrom", b->carried_from.ToString()},
                      {"amount", b->amount},
                      {"label", b->label},
                      {"source", SourceJson(b->source)}});
  }
  out["budget"] = budget;
  nlohmann::json counts = nlohmann::json::array();
  for (const PlaceCount* c : book.PlaceCountsOf(p.id)) {
    nlohmann::json j = {
        {"orgUnit", UnitLabel(hierarchy, c->org_unit, at)}, {"kind", c->kind}, {"count", c->count}};
    if (c->out_of) j["outOf"] = *c->out_of;
    counts.push_back(std::move(j));
  }
  out["placeCounts"] = counts;
  nlohmann::json areas = nlohmann::json::array();
  for (const PlanArea* a : book.AreasOf(p.id)) {
    areas.push_back({{"orgUnit", UnitLabel(hierarchy, a->org_unit, at)}, {"kind", a->kind}});
  }
  out["areas"] = areas;
  nlohmann::json deadlines = nlohmann::json::array();
  for (const ReportingDeadline* d : book.DeadlinesOf(p.id)) {
    deadlines.push_back({{"report", d->report},
                         {"frequency", d->frequency},
                         {"dueDay", d->due_day},
                         {"dueMonth", d->due_month},
                         {"dueYearOffset", d->due_year_offset},
                         {"submittedBy", d->submitted_by},
                         {"submittedTo", d->submitted_to},
                         {"text", d->text}});
  }
  out["deadlines"] = deadlines;
  nlohmann::json notes = nlohmann::json::array();
  for (const SourceNote* n : book.SourceNotesOf(p.id)) {
    notes.push_back(
        {{"kind", n->kind}, {"message", n->message}, {"source", SourceJson(n->source)}});
  }
  out["notes"] = notes;
  return out;
}

nlohmann::json FindingJson(const Finding& f) {
  return {
      {"rule", f.rule},
      {"severity", SeverityName(f.severity)},
      {"plan", f.plan},
      {"orgUnit", f.org_unit},
      {"measure", f.measure},
      {"period", f.period},
      {"expected", f.expected},
      {"found", f.found},
      {"message", f.message},
      {"source",
       {{"document", f.source.document}, {"section", f.source.section}, {"text", f.source.text}}}};
}

}  // namespace gemis::views
