#include "program/cadres_json.h"

#include <algorithm>

#include "exchange/json_document.h"
#include "program/json_reader.h"

namespace gemis::program {

namespace {

using exchange::JsonDocument;
using exchange::JsonPointerChild;
using json_reader::CheckMembers;
using json_reader::DateMember;
using json_reader::Named;
using json_reader::ResolveUnit;
using json_reader::Text;
using json_reader::Where;
using nlohmann::json;
using records::Cadre;

Result<Cadre> ParseCadre(const Where& w, const json& o, const std::string& pointer,
                         const Hierarchy& h) {
  GEMIS_RETURN_IF_ERROR(
      CheckMembers(w, o, pointer,
                   {"id", "uid", "code", "name", "orgUnit", "level", "position", "ethnicity",
                    "group", "since", "until", "decision", "otherTrainings", "note", "orgUnitUid",
                    "orgUnitName", "trainings", "trainedOn"}));
  Cadre c;
  GEMIS_ASSIGN_OR_RETURN(c.uid, Text(w, o, pointer, "uid", false));
  GEMIS_ASSIGN_OR_RETURN(c.code, Text(w, o, pointer, "code", true));
  GEMIS_ASSIGN_OR_RETURN(c.name, Text(w, o, pointer, "name", true));
  GEMIS_ASSIGN_OR_RETURN(c.position, Text(w, o, pointer, "position", true));
  GEMIS_ASSIGN_OR_RETURN(c.ethnicity, Text(w, o, pointer, "ethnicity", true));
  GEMIS_ASSIGN_OR_RETURN(c.decision, Text(w, o, pointer, "decision", false));
  GEMIS_ASSIGN_OR_RETURN(c.note, Text(w, o, pointer, "note", false));
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> since, DateMember(w, o, pointer, "since", true));
  c.since = *since;
  GEMIS_ASSIGN_OR_RETURN(c.until, DateMember(w, o, pointer, "until", false));
  GEMIS_ASSIGN_OR_RETURN(std::string unit, Text(w, o, pointer, "orgUnit", true));
  GEMIS_ASSIGN_OR_RETURN(c.org_unit, ResolveUnit(w, pointer, unit, c.since, h));
  GEMIS_ASSIGN_OR_RETURN(
      c.level, Named(w, o, pointer, "level", ImplementingLevel::kCommune, ParseImplementingLevel));
  GEMIS_ASSIGN_OR_RETURN(std::string group, Text(w, o, pointer, "group", true));
  Result<records::CadreGroup> g = records::ParseCadreGroup(group);
  if (!g.ok()) return w.Error(JsonPointerChild(pointer, "group"), g.status().message());
  c.group = *g;
  if (auto t = o.find("otherTrainings"); t != o.end() && !t->is_null()) {
    const std::string at = JsonPointerChild(pointer, "otherTrainings");
    if (!t->is_array()) return w.Error(at, "otherTrainings must be a list");
    for (size_t i = 0; i < t->size(); ++i) {
      const std::string item = JsonPointerChild(at, i);
      GEMIS_RETURN_IF_ERROR(CheckMembers(w, (*t)[i], item, {"day", "title"}));
      records::OtherTraining training;
      GEMIS_ASSIGN_OR_RETURN(std::optional<Date> day, DateMember(w, (*t)[i], item, "day", true));
      training.day = *day;
      GEMIS_ASSIGN_OR_RETURN(training.title, Text(w, (*t)[i], item, "title", true));
      c.other_trainings.push_back(std::move(training));
    }
    std::stable_sort(c.other_trainings.begin(), c.other_trainings.end(),
                     [](const auto& a, const auto& b) { return a.day < b.day; });
  }
  Status checked = records::CheckCadre(c);
  if (!checked.ok()) {
    return w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
  }
  return c;
}

}  // namespace

namespace json_reader {

Result<records::RegisterFigureRule> ParseRegisterFigureRule(const Where& w, const json& o,
                                                            const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id", "dataElement", "register", "measure", "groups",
                                      "packages", "kinds", "by", "periodType", "note"}));
  records::RegisterFigureRule r;
  GEMIS_ASSIGN_OR_RETURN(r.data_element, Text(w, o, pointer, "dataElement", true));
  GEMIS_ASSIGN_OR_RETURN(std::string reg, Text(w, o, pointer, "register", true));
  Result<records::RegisterKind> k = records::ParseRegisterKind(reg);
  if (!k.ok()) return w.Error(JsonPointerChild(pointer, "register"), k.status().message());
  r.register_kind = *k;
  GEMIS_ASSIGN_OR_RETURN(r.measure, Text(w, o, pointer, "measure", true));
  GEMIS_ASSIGN_OR_RETURN(r.note, Text(w, o, pointer, "note", false));
  // The filter: "groups" of the women cadres register, "packages" of the
  // safe-birth register, "kinds" of the cases register.
  const char* filter = records::RegisterFilterName(r.register_kind);
  for (const char* other : {"groups", "packages", "kinds"}) {
    if (std::string_view(other) == filter) continue;
    if (auto wrong = o.find(other); wrong != o.end() && !wrong->is_null()) {
      return w.Error(JsonPointerChild(pointer, other),
                     std::string("the ") + reg + " register is filtered by " + filter);
    }
  }
  if (auto g = o.find(filter); g != o.end() && !g->is_null()) {
    const std::string at = JsonPointerChild(pointer, filter);
    if (!g->is_array()) return w.Error(at, std::string(filter) + " must be a list");
    for (size_t i = 0; i < g->size(); ++i) {
      if (!(*g)[i].is_string()) return w.Error(JsonPointerChild(at, i), "expected a name");
      r.filter.push_back((*g)[i].get<std::string>());
    }
    std::sort(r.filter.begin(), r.filter.end());
  }
  GEMIS_ASSIGN_OR_RETURN(
      r.by, Named(w, o, pointer, "by", records::FigureBy::kNone, records::ParseFigureBy));
  GEMIS_ASSIGN_OR_RETURN(r.period_type,
                         Named(w, o, pointer, "periodType", PeriodType::kYearly, ParsePeriodType));
  Status checked = records::CheckRegisterFigureRule(r);
  if (!checked.ok()) {
    return w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
  }
  return r;
}

}  // namespace json_reader

Result<std::vector<Cadre>> ParseCadresJson(std::string_view text, const std::string& source,
                                           const Hierarchy& hierarchy) {
  return json_reader::ParseRecordFile<Cadre>(
      text, source, kCadresFormat, "cadres",
      [&](const Where& w, const json& item, const std::string& pointer) {
        return ParseCadre(w, item, pointer, hierarchy);
      });
}

Result<Cadre> CadreFromJson(const json& value, const std::string& pointer,
                            const Hierarchy& hierarchy) {
  return ParseCadre(Where("", nullptr), value, pointer, hierarchy);
}

json CadreToJson(const Cadre& c, const Hierarchy& hierarchy,
                 const std::vector<records::Activity>& attended) {
  const OrgUnit* u = hierarchy.Find(c.org_unit);
  const OrgUnitVersion* v = u ? u->VersionAt(c.since) : nullptr;
  json others = json::array();
  for (const records::OtherTraining& t : c.other_trainings) {
    others.push_back({{"day", t.day.ToString()}, {"title", t.title}});
  }
  json trainings = json::array();
  std::vector<Date> days;
  for (const records::Activity& a : attended) {
    trainings.push_back({{"code", a.code}, {"title", a.title}, {"start", a.start.ToString()}});
    days.push_back(a.start);
  }
  std::optional<Date> trained =
      records::TrainedBy(records::TrainingDays(c, days), Date::FromYmd(9999, 12, 31));
  return {{"id", c.id},
          {"uid", c.uid},
          {"code", c.code},
          {"name", c.name},
          {"orgUnit", v ? json(v->code) : json(nullptr)},
          {"orgUnitUid", u ? json(u->uid) : json(nullptr)},
          {"orgUnitName", v ? json(v->FullName()) : json(nullptr)},
          {"level", ImplementingLevelName(c.level)},
          {"position", c.position},
          {"ethnicity", c.ethnicity},
          {"group", records::CadreGroupName(c.group)},
          {"since", c.since.ToString()},
          {"until", c.until ? json(c.until->ToString()) : json(nullptr)},
          {"decision", c.decision},
          {"otherTrainings", others},
          {"trainings", trainings},
          {"trainedOn", trained ? json(trained->ToString()) : json(nullptr)},
          {"note", c.note}};
}

json RegisterFigureRuleToJson(const records::RegisterFigureRule& r) {
  return {{"id", r.id},
          {"dataElement", r.data_element},
          {"register", records::RegisterKindName(r.register_kind)},
          {"measure", r.measure},
          {records::RegisterFilterName(r.register_kind), r.filter},
          {"by", records::FigureByName(r.by)},
          {"periodType", std::string(PeriodTypeName(r.period_type))},
          {"note", r.note}};
}

}  // namespace gemis::program
