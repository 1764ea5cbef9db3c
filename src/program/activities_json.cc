#include "program/activities_json.h"

#include <algorithm>

#include "core/text.h"
#include "exchange/json_document.h"
#include "program/json_reader.h"

namespace gemis::program {

namespace {

using exchange::JsonDocument;
using exchange::JsonPointerChild;
using json_reader::CheckMembers;
using json_reader::DateMember;
using json_reader::Flag;
using json_reader::Named;
using json_reader::ResolveUnit;
using json_reader::Text;
using json_reader::Where;
using nlohmann::json;
using records::Activity;

Result<int64_t> Integer(const Where& w, const json& o, const std::string& pointer,
                        std::string_view key, int64_t max) {
  auto it = o.find(std::string(key));
  if (it == o.end() || it->is_null()) return int64_t{0};
  if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > max) {
    return w.Error(JsonPointerChild(pointer, key),
                   std::string(key) + " must be a whole number from 0 to " + std::to_string(max));
  }
  return it->get<int64_t>();
}

Result<records::ParticipantCount> ParseCell(const Where& w, const json& o,
                                            const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer, {"sex", "ethnicity", "ageBand", "count"}));
  records::ParticipantCount p;
  GEMIS_ASSIGN_OR_RETURN(p.sex, Text(w, o, pointer, "sex", true));
  GEMIS_ASSIGN_OR_RETURN(p.ethnicity, Text(w, o, pointer, "ethnicity", false));
  GEMIS_ASSIGN_OR_RETURN(p.age_band, Text(w, o, pointer, "ageBand", false));
  GEMIS_ASSIGN_OR_RETURN(p.count, Integer(w, o, pointer, "count", 10'000'000));
  return p;
}

// The "attendees" member: cadre codes, resolved and sorted by id.
Result<std::vector<int64_t>> Attendees(const Where& w, const json& o, const std::string& pointer,
                                       const CadreLookup& cadres) {
  std::vector<int64_t> out;
  auto list = o.find("attendees");
  if (list == o.end() || list->is_null()) return out;
  const std::string at = JsonPointerChild(pointer, "attendees");
  if (!list->is_array()) return w.Error(at, "attendees must be a list of cadre codes");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item = JsonPointerChild(at, i);
    if (!(*list)[i].is_string()) return w.Error(item, "an attendee is a cadre's code");
    const std::string code = (*list)[i].get<std::string>();
    std::optional<int64_t> id = cadres ? cadres(code) : std::nullopt;
    if (!id) return w.Error(item, "no women cadre '" + Utf8Prefix(code, 60) + "'");
    if (std::find(out.begin(), out.end(), *id) != out.end()) {
      return w.Error(item, "cadre " + code + " is listed twice");
    }
    out.push_back(*id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<Activity> ParseActivity(const Where& w, const json& o, const std::string& pointer,
                               const Hierarchy& h, const PlanBook& plans, const ModelLookup& models,
                               const CadreLookup& cadres) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(
      w, o, pointer,
      {"id",     "uid",          "code",          "kind",         "title",       "start",
       "end",    "orgUnit",      "place",         "level",        "programNode", "plan",
       "model",  "programme",    "dialogueLevel", "dvPrevention", "cost",        "participants",
       "topic",  "issuesRaised", "followUp",      "note",         "orgUnitUid",  "orgUnitName",
       "totals", "findings",     "attendees"}));
  Activity a;
  GEMIS_ASSIGN_OR_RETURN(a.uid, Text(w, o, pointer, "uid", false));
  GEMIS_ASSIGN_OR_RETURN(a.code, Text(w, o, pointer, "code", true));
  GEMIS_ASSIGN_OR_RETURN(std::string kind, Text(w, o, pointer, "kind", true));
  Result<records::ActivityKind> k = records::ParseActivityKind(kind);
  if (!k.ok()) return w.Error(JsonPointerChild(pointer, "kind"), k.status().message());
  a.kind = *k;
  GEMIS_ASSIGN_OR_RETURN(a.title, Text(w, o, pointer, "title", true));
  for (auto [member, target] :
       {std::pair{"place", &a.place}, std::pair{"topic", &a.topic},
        std::pair{"issuesRaised", &a.issues_raised}, std::pair{"followUp", &a.follow_up},
        std::pair{"note", &a.note}, std::pair{"programNode", &a.program_node_code}}) {
    GEMIS_ASSIGN_OR_RETURN(*target, Text(w, o, pointer, member, false));
  }
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> start, DateMember(w, o, pointer, "start", true));
  a.start = *start;
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> end, DateMember(w, o, pointer, "end", false));
  a.end = end.value_or(a.start);
  GEMIS_ASSIGN_OR_RETURN(std::string unit, Text(w, o, pointer, "orgUnit", true));
  GEMIS_ASSIGN_OR_RETURN(a.org_unit, ResolveUnit(w, pointer, unit, a.start, h));
  GEMIS_ASSIGN_OR_RETURN(
      a.level, Named(w, o, pointer, "level", ImplementingLevel::kCommune, ParseImplementingLevel));
  GEMIS_ASSIGN_OR_RETURN(a.programme,
                         Named(w, o, pointer, "programme", records::TrainingProgramme::kNone,
                               records::ParseTrainingProgramme));
  GEMIS_ASSIGN_OR_RETURN(a.dialogue_level,
                         Named(w, o, pointer, "dialogueLevel", records::DialogueLevel::kNone,
                               records::ParseDialogueLevel));
  GEMIS_ASSIGN_OR_RETURN(a.dv_prevention, Flag(w, o, pointer, "dvPrevention"));
  GEMIS_ASSIGN_OR_RETURN(a.cost, Integer(w, o, pointer, "cost", int64_t{1} << 50));
  GEMIS_ASSIGN_OR_RETURN(a.plan, json_reader::PlanMember(w, o, pointer, plans));
  GEMIS_ASSIGN_OR_RETURN(std::string model, Text(w, o, pointer, "model", false));
  if (!model.empty()) {
    std::optional<records::ModelId> id = models ? models(model) : std::nullopt;
    if (!id) return w.Error(JsonPointerChild(pointer, "model"), "no model '" + model + "'");
    a.model = *id;
  }
  if (auto p = o.find("participants"); p != o.end() && !p->is_null()) {
    const std::string at = JsonPointerChild(pointer, "participants");
    if (!p->is_array()) return w.Error(at, "participants must be a list");
    for (size_t i = 0; i < p->size(); ++i) {
      GEMIS_ASSIGN_OR_RETURN(records::ParticipantCount cell,
                             ParseCell(w, (*p)[i], JsonPointerChild(at, i)));
      a.participants.push_back(std::move(cell));
    }
  }
  GEMIS_ASSIGN_OR_RETURN(a.attendees, Attendees(w, o, pointer, cadres));
  Status checked = records::CheckActivity(a);
  if (!checked.ok()) {
    return w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
  }
  return a;
}

}  // namespace

namespace json_reader {

Result<records::ActivityFigureRule> ParseActivityFigureRule(const Where& w, const json& o,
                                                            const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id", "dataElement", "kind", "programme", "dialogueLevel",
                                      "dvPreventionOnly", "measure", "by", "periodType", "note"}));
  records::ActivityFigureRule r;
  GEMIS_ASSIGN_OR_RETURN(r.data_element, Text(w, o, pointer, "dataElement", true));
  GEMIS_ASSIGN_OR_RETURN(std::string kind, Text(w, o, pointer, "kind", true));
  Result<records::ActivityKind> k = records::ParseActivityKind(kind);
  if (!k.ok()) return w.Error(JsonPointerChild(pointer, "kind"), k.status().message());
  r.kind = *k;
  GEMIS_ASSIGN_OR_RETURN(r.note, Text(w, o, pointer, "note", false));
  GEMIS_ASSIGN_OR_RETURN(std::string programme, Text(w, o, pointer, "programme", false));
  if (!programme.empty()) {
    Result<records::TrainingProgramme> p = records::ParseTrainingProgramme(programme);
    if (!p.ok()) return w.Error(JsonPointerChild(pointer, "programme"), p.status().message());
    r.programme = *p;
  }
  GEMIS_ASSIGN_OR_RETURN(std::string level, Text(w, o, pointer, "dialogueLevel", false));
  if (!level.empty()) {
    Result<records::DialogueLevel> l = records::ParseDialogueLevel(level);
    if (!l.ok()) return w.Error(JsonPointerChild(pointer, "dialogueLevel"), l.status().message());
    r.dialogue_level = *l;
  }
  GEMIS_ASSIGN_OR_RETURN(r.dv_prevention_only, Flag(w, o, pointer, "dvPreventionOnly"));
  GEMIS_ASSIGN_OR_RETURN(r.measure,
                         Named(w, o, pointer, "measure", records::ActivityMeasure::kCount,
                               records::ParseActivityMeasure));
  GEMIS_ASSIGN_OR_RETURN(
      r.by, Named(w, o, pointer, "by", records::FigureBy::kNone, records::ParseFigureBy));
  GEMIS_ASSIGN_OR_RETURN(r.period_type,
                         Named(w, o, pointer, "periodType", PeriodType::kYearly, ParsePeriodType));
  Status checked = records::CheckActivityFigureRule(r);
  if (!checked.ok()) return w.Error(pointer + "/" + checked.where().field, checked.message());
  return r;
}

}  // namespace json_reader

Result<std::vector<Activity>> ParseActivitiesJson(std::string_view text, const std::string& source,
                                                  const Hierarchy& hierarchy, const PlanBook& plans,
                                                  const ModelLookup& models,
                                                  const CadreLookup& cadres) {
  GEMIS_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(text, source));
  Where w(source, &doc);
  const json& root = doc.root();
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, root, "", {"format", "synthetic", "note", "activities"}));
  GEMIS_RETURN_IF_ERROR(json_reader::CheckFormat(w, root, kActivitiesFormat));
  auto list = root.find("activities");
  if (list == root.end() || !list->is_array())
    return w.Error("/activities", "activities must be a list");
  std::vector<Activity> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = JsonPointerChild("/activities", i);
    GEMIS_ASSIGN_OR_RETURN(Activity a,
                           ParseActivity(w, (*list)[i], pointer, hierarchy, plans, models, cadres));
    for (const Activity& earlier : out) {
      if (earlier.code == a.code) {
        return w.Error(pointer + "/code", "code " + a.code + " appears twice in the file");
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

Result<Activity> ActivityFromJson(const json& value, const std::string& pointer,
                                  const Hierarchy& hierarchy, const PlanBook& plans,
                                  const ModelLookup& models, const CadreLookup& cadres) {
  return ParseActivity(Where("", nullptr), value, pointer, hierarchy, plans, models, cadres);
}

json ActivityToJson(const Activity& a, const Hierarchy& hierarchy, const PlanBook& plans,
                    const std::string& model_code, const std::vector<std::string>& attendee_codes) {
  const OrgUnit* u = hierarchy.Find(a.org_unit);
  const OrgUnitVersion* v = u ? u->VersionAt(a.start) : nullptr;
  const Plan* plan = a.plan ? plans.FindPlan(a.plan) : nullptr;
  json cells = json::array();
  for (const records::ParticipantCount& p : a.participants) {
    cells.push_back(
        {{"sex", p.sex}, {"ethnicity", p.ethnicity}, {"ageBand", p.age_band}, {"count", p.count}});
  }
  records::ParticipantTotals t = records::TotalsOf(a);
  json findings = json::array();
  for (const records::ActivityFinding& f : records::ActivityFindings(a)) {
    findings.push_back({{"code", f.code}, {"message", f.message}});
  }
  json out = {{"id", a.id},
              {"uid", a.uid},
              {"code", a.code},
              {"kind", records::ActivityKindName(a.kind)},
              {"title", a.title},
              {"start", a.start.ToString()},
              {"end", a.end.ToString()},
              {"orgUnit", v ? json(v->code) : json(nullptr)},
              {"orgUnitUid", u ? json(u->uid) : json(nullptr)},
              {"orgUnitName", v ? json(v->FullName()) : json(nullptr)},
              {"place", a.place},
              {"level", ImplementingLevelName(a.level)},
              {"programNode", a.program_node_code},
              {"plan", plan ? json(plan->code) : json(nullptr)},
              {"model", model_code.empty() ? json(nullptr) : json(model_code)},
              {"programme", a.programme == records::TrainingProgramme::kNone
                                ? json(nullptr)
                                : json(records::TrainingProgrammeName(a.programme))},
              {"dialogueLevel", a.dialogue_level == records::DialogueLevel::kNone
                                    ? json(nullptr)
                                    : json(records::DialogueLevelName(a.dialogue_level))},
              {"dvPrevention", a.dv_prevention},
              {"cost", a.cost},
              {"participants", cells},
              {"attendees", attendee_codes},
              {"totals",
               {{"total", t.total},
                {"female", t.female},
                {"male", t.male},
                {"ethnicMinority", t.ethnic_minority}}},
              {"findings", findings},
              {"topic", a.topic},
              {"issuesRaised", a.issues_raised},
              {"followUp", a.follow_up},
              {"note", a.note}};
  return out;
}

json ActivityFigureRuleToJson(const records::ActivityFigureRule& r) {
  return {{"id", r.id},
          {"dataElement", r.data_element},
          {"kind", records::ActivityKindName(r.kind)},
          {"programme",
           r.programme ? json(records::TrainingProgrammeName(*r.programme)) : json(nullptr)},
          {"dialogueLevel",
           r.dialogue_level ? json(records::DialogueLevelName(*r.dialogue_level)) : json(nullptr)},
          {"dvPreventionOnly", r.dv_prevention_only},
          {"measure", records::ActivityMeasureName(r.measure)},
          {"by", records::FigureByName(r.by)},
          {"periodType", std::string(PeriodTypeName(r.period_type))},
          {"note", r.note}};
}

}  // namespace gemis::program
