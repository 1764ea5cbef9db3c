#include "program/records_json.h"

#include <algorithm>
#include <initializer_list>

#include "core/text.h"
#include "exchange/json_document.h"
#include "program/json_reader.h"
#include "records/model_findings.h"

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
using records::FactField;
using records::Model;
using records::ModelFact;

// A JSON value as the text of a fact.
std::string FactText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return v.dump();
}

Result<ModelFact> ParseFact(const Where& w, const json& f, const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, f, pointer, {"date", "field", "value"}));
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> date, DateMember(w, f, pointer, "date", true));
  GEMIS_ASSIGN_OR_RETURN(std::string code, Text(w, f, pointer, "field", true));
  Result<FactField> field = records::ParseFactField(code);
  if (!field.ok()) return w.Error(JsonPointerChild(pointer, "field"), field.status().message());
  auto v = f.find("value");
  if (v == f.end() || v->is_null() || v->is_object() || v->is_array()) {
    return w.Error(JsonPointerChild(pointer, "value"), "value must be a number, boolean or string");
  }
  Result<std::string> value = records::CanonicalFactValue(*field, FactText(*v));
  if (!value.ok()) return w.Error(JsonPointerChild(pointer, "value"), value.status().message());
  return ModelFact{*date, *field, *value};
}

Result<Model> ParseModel(const Where& w, const json& o, const std::string& pointer,
                         const Hierarchy& h, const PlanBook& plans) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id", "uid", "code", "kind", "name", "orgUnit", "place",
                                      "level", "established", "consolidated", "dissolved", "plan",
                                      "facts", "note", "orgUnitUid", "orgUnitName", "findings"}));
  Model m;
  GEMIS_ASSIGN_OR_RETURN(m.uid, Text(w, o, pointer, "uid", false));
  GEMIS_ASSIGN_OR_RETURN(m.code, Text(w, o, pointer, "code", true));
  GEMIS_ASSIGN_OR_RETURN(std::string kind, Text(w, o, pointer, "kind", true));
  Result<records::ModelKind> k = records::ParseModelKind(kind);
  if (!k.ok()) return w.Error(JsonPointerChild(pointer, "kind"), k.status().message());
  m.kind = *k;
  GEMIS_ASSIGN_OR_RETURN(m.name, Text(w, o, pointer, "name", true));
  GEMIS_ASSIGN_OR_RETURN(m.place, Text(w, o, pointer, "place", false));
  GEMIS_ASSIGN_OR_RETURN(m.note, Text(w, o, pointer, "note", false));
  GEMIS_ASSIGN_OR_RETURN(
      m.level, Named(w, o, pointer, "level", ImplementingLevel::kCommune, ParseImplementingLevel));
  GEMIS_ASSIGN_OR_RETURN(std::optional<Date> established,
                         DateMember(w, o, pointer, "established", true));
  m.established = *established;
  GEMIS_ASSIGN_OR_RETURN(m.dissolved, DateMember(w, o, pointer, "dissolved", false));
  GEMIS_ASSIGN_OR_RETURN(std::string unit, Text(w, o, pointer, "orgUnit", true));
  GEMIS_ASSIGN_OR_RETURN(m.org_unit, ResolveUnit(w, pointer, unit, m.established, h));
  GEMIS_ASSIGN_OR_RETURN(m.plan, json_reader::PlanMember(w, o, pointer, plans));
  if (auto c = o.find("consolidated"); c != o.end() && !c->is_null()) {
    const std::string at = JsonPointerChild(pointer, "consolidated");
    if (!c->is_array()) return w.Error(at, "consolidated must be a list of dates");
    for (size_t i = 0; i < c->size(); ++i) {
      const json& d = (*c)[i];
      Result<Date> day = d.is_string() ? Date::Parse(d.get<std::string>())
                                       : Result<Date>(Status::Invalid("not a date"));
      if (!day.ok()) return w.Error(JsonPointerChild(at, i), "expected a date YYYY-MM-DD");
      m.consolidated.push_back(*day);
    }
  }
  if (auto f = o.find("facts"); f != o.end() && !f->is_null()) {
    const std::string at = JsonPointerChild(pointer, "facts");
    if (!f->is_array()) return w.Error(at, "facts must be a list");
    for (size_t i = 0; i < f->size(); ++i) {
      GEMIS_ASSIGN_OR_RETURN(ModelFact fact, ParseFact(w, (*f)[i], JsonPointerChild(at, i)));
      m.facts.push_back(std::move(fact));
    }
  }
  Status checked = records::CheckModel(m);
  if (!checked.ok()) {
    return w.Error(json_reader::PointerOf(pointer, checked.where().field), checked.message());
  }
  return m;
}

Result<records::FigureRule> ParseRule(const Where& w, const json& o, const std::string& pointer) {
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, o, pointer,
                                     {"id", "dataElement", "kind", "statuses", "where",
                                      "whereInPeriod", "sum", "by", "periodType", "note"}));
  records::FigureRule r;
  GEMIS_ASSIGN_OR_RETURN(r.data_element, Text(w, o, pointer, "dataElement", true));
  GEMIS_ASSIGN_OR_RETURN(std::string kind, Text(w, o, pointer, "kind", true));
  Result<records::ModelKind> k = records::ParseModelKind(kind);
  if (!k.ok()) return w.Error(JsonPointerChild(pointer, "kind"), k.status().message());
  r.kind = *k;
  GEMIS_ASSIGN_OR_RETURN(r.note, Text(w, o, pointer, "note", false));
  auto list = [&](std::string_view key, auto parse, auto& out) -> Status {
    auto it = o.find(std::string(key));
    if (it == o.end() || it->is_null()) return Status::Ok();
    const std::string at = JsonPointerChild(pointer, key);
    if (!it->is_array()) return w.Error(at, std::string(key) + " must be a list");
    out.clear();
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      auto parsed = parse(v.is_string() ? v.get<std::string>() : v.dump());
      if (!parsed.ok()) return w.Error(JsonPointerChild(at, i), parsed.status().message());
      out.push_back(*parsed);
    }
    return Status::Ok();
  };
  GEMIS_RETURN_IF_ERROR(list("statuses", records::ParseModelStatus, r.statuses));
  GEMIS_RETURN_IF_ERROR(list("sum", records::ParseFactField, r.sum));
  std::sort(r.statuses.begin(), r.statuses.end());
  GEMIS_ASSIGN_OR_RETURN(std::string where, Text(w, o, pointer, "where", false));
  if (!where.empty()) {
    Result<FactField> f = records::ParseFactField(where);
    if (!f.ok()) return w.Error(JsonPointerChild(pointer, "where"), f.status().message());
    r.where = *f;
  }
  GEMIS_ASSIGN_OR_RETURN(r.where_in_period, Flag(w, o, pointer, "whereInPeriod"));
  GEMIS_ASSIGN_OR_RETURN(
      r.by, Named(w, o, pointer, "by", records::FigureBy::kNone, records::ParseFigureBy));
  GEMIS_ASSIGN_OR_RETURN(r.period_type,
                         Named(w, o, pointer, "periodType", PeriodType::kYearly, ParsePeriodType));
  Status checked = records::CheckFigureRule(r);
  if (!checked.ok()) return w.Error(pointer + "/" + checked.where().field, checked.message());
  return r;
}

// The array member `key` of a file's root object with format `format`.
Result<const json*> FileArray(const Where& w, const JsonDocument& doc, std::string_view format,
                              std::string_view key,
                              std::initializer_list<std::string_view> members) {
  const json& root = doc.root();
  GEMIS_RETURN_IF_ERROR(CheckMembers(w, root, "", members));
  GEMIS_RETURN_IF_ERROR(json_reader::CheckFormat(w, root, format));
  auto list = root.find(std::string(key));
  if (list == root.end() || !list->is_array()) {
    return w.Error(JsonPointerChild("", key), std::string(key) + " must be a list");
  }
  return &*list;
}

}  // namespace

Result<std::vector<Model>> ParseModelsJson(std::string_view text, const std::string& source,
                                           const Hierarchy& hierarchy, const PlanBook& plans) {
  GEMIS_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(text, source));
  Where w(source, &doc);
  GEMIS_ASSIGN_OR_RETURN(const json* list, FileArray(w, doc, kModelsFormat, "models",
                                                     {"format", "synthetic", "note", "models"}));
  std::vector<Model> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = JsonPointerChild("/models", i);
    GEMIS_ASSIGN_OR_RETURN(Model m, ParseModel(w, (*list)[i], pointer, hierarchy, plans));
    for (const Model& earlier : out) {
      if (earlier.code == m.code) {
        return w.Error(pointer + "/code", "code " + m.code + " appears twice in the file");
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<Model> ModelFromJson(const json& value, const std::string& pointer,
                            const Hierarchy& hierarchy, const PlanBook& plans) {
  return ParseModel(Where("", nullptr), value, pointer, hierarchy, plans);
}

Result<FigureRuleSet> ParseFigureRulesJson(std::string_view text, const std::string& source) {
  GEMIS_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(text, source));
  Where w(source, &doc);
  const json& root = doc.root();
  GEMIS_RETURN_IF_ERROR(CheckMembers(
      w, root, "",
      {"format", "note", "figureRules", "activityFigureRules", "registerFigureRules"}));
  GEMIS_RETURN_IF_ERROR(json_reader::CheckFormat(w, root, kFigureRulesFormat));
  FigureRuleSet out;
  for (std::string_view key : {"figureRules", "activityFigureRules", "registerFigureRules"}) {
    auto list = root.find(std::string(key));
    if (list == root.end() || list->is_null()) continue;
    const std::string at = JsonPointerChild("", key);
    if (!list->is_array()) return w.Error(at, std::string(key) + " must be a list");
    for (size_t i = 0; i < list->size(); ++i) {
      if (key == "figureRules") {
        GEMIS_ASSIGN_OR_RETURN(records::FigureRule r,
                               ParseRule(w, (*list)[i], JsonPointerChild(at, i)));
        out.models.push_back(std::move(r));
      } else if (key == "registerFigureRules") {
        GEMIS_ASSIGN_OR_RETURN(
            records::RegisterFigureRule r,
            json_reader::ParseRegisterFigureRule(w, (*list)[i], JsonPointerChild(at, i)));
        out.registers.push_back(std::move(r));
      } else {
        GEMIS_ASSIGN_OR_RETURN(
            records::ActivityFigureRule r,
            json_reader::ParseActivityFigureRule(w, (*list)[i], JsonPointerChild(at, i)));
        out.activities.push_back(std::move(r));
      }
    }
  }
  return out;
}

json ModelToJson(const Model& m, const Hierarchy& hierarchy, const PlanBook& plans,
                 bool confidential) {
  const OrgUnit* u = hierarchy.Find(m.org_unit);
  const OrgUnitVersion* v = u ? u->VersionAt(m.established) : nullptr;
  json consolidated = json::array();
  for (Date d : m.consolidated) consolidated.push_back(d.ToString());
  json facts = json::array();
  for (const ModelFact& f : m.facts) {
    if (records::InfoOf(f.field).confidential && !confidential) continue;
    facts.push_back({{"date", f.date.ToString()},
                     {"field", records::InfoOf(f.field).code},
                     {"value", f.value}});
  }
  json findings = json::array();
  for (const records::ModelFinding& f : records::ModelFindings(m)) {
    findings.push_back({{"code", f.code}, {"message", f.message}});
  }
  const Plan* plan = m.plan ? plans.FindPlan(m.plan) : nullptr;
  return {{"id", m.id},
          {"uid", m.uid},
          {"code", m.code},
          {"kind", records::ModelKindName(m.kind)},
          {"name", m.name},
          {"orgUnit", v ? json(v->code) : json(nullptr)},
          {"orgUnitUid", u ? json(u->uid) : json(nullptr)},
          {"orgUnitName", v ? json(v->FullName()) : json(nullptr)},
          {"place", m.place},
          {"level", ImplementingLevelName(m.level)},
          {"established", m.established.ToString()},
          {"consolidated", consolidated},
          {"dissolved", m.dissolved ? json(m.dissolved->ToString()) : json(nullptr)},
          {"plan", plan ? json(plan->code) : json(nullptr)},
          {"facts", facts},
          {"note", m.note},
          {"findings", findings}};
}

json FigureRuleToJson(const records::FigureRule& r) {
  json statuses = json::array();
  for (records::ModelStatus s : r.statuses) statuses.push_back(records::ModelStatusName(s));
  json sum = json::array();
  for (FactField f : r.sum) sum.push_back(records::InfoOf(f).code);
  return {{"id", r.id},
          {"dataElement", r.data_element},
          {"kind", records::ModelKindName(r.kind)},
          {"statuses", statuses},
          {"where", r.where ? json(records::InfoOf(*r.where).code) : json(nullptr)},
          {"whereInPeriod", r.where_in_period},
          {"sum", sum},
          {"by", records::FigureByName(r.by)},
          {"periodType", std::string(PeriodTypeName(r.period_type))},
          {"note", r.note}};
}

}  // namespace gemis::program
