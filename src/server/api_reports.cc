// The reporting workflow over HTTP (docs/api.md "Reports", docs/reporting.md):
//  - GET /api/reportTypes, GET /api/calendar: the regime, as data;
//  - GET /api/reports?type=&period=[&unit=]: the reports sent to a unit
//    (by default the caller's view roots) and its own, with their states,
//    timeliness and the actions the caller may take, and the completeness
//    of the unit and of each unit below it (the completeness map drills
//    down by `unit`);
//  - GET /api/reports/mine: the caller's own reports (their entry roots'),
//    and those waiting for their review, over the periods in play;
//  - GET /api/reports/{type}/{period}/{unit}: one report with its history
//    and its figures;
//  - POST /api/reports/{type}/{period}/{unit}: submit, return, approve,
//    waive or unlock (reporting/submission_service.h: who may act, the
//    rules, the audit), and …/approveAll for the reports sent to the unit.
// Units are named by uid, or by code on the period's last day.
#include <cctype>
#include <set>

#include "core/clock.h"
#include "core/text.h"
#include "documents/document_xlsx.h"
#include "documents/pdf_writer.h"
#include "reporting/submission_service.h"
#include "server/api.h"
#include "views/report_document.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;
using reporting::ReportRow;

json UnitRef(const World& w, OrgUnitId id, Date day) {
  const OrgUnit* u = w.hierarchy.Find(id);
  if (u == nullptr) return nullptr;
  const OrgUnitVersion* v = u->VersionAt(day);
  if (v == nullptr) v = &u->last();
  return {
      {"uid", u->uid}, {"code", v->code}, {"name", v->FullName()}, {"level", LevelName(v->level)}};
}

std::string Timestamp(std::optional<int64_t> ms) { return ms ? FormatTimestamp(*ms) : ""; }

json CountJson(const CompletenessCount& n) {
  auto rate = [](std::optional<double> r) { return r ? json(*r) : json(nullptr); };
  return {{"expected", n.expected}, {"received", n.received}, {"onTime", n.on_time},
          {"late", n.late},         {"missing", n.missing},   {"pending", n.pending},
          {"waived", n.waived},     {"rate", rate(n.Rate())}, {"onTimeRate", rate(n.OnTimeRate())}};
}

json RowJson(const World& w, const ReportType& type, const ReportRow& r,
             const std::vector<SubmissionAction>& actions) {
  const Date day = r.expected.reference;
  json a = json::array();
  for (SubmissionAction x : actions) a.push_back(SubmissionActionName(x));
  json out = {
      {"type", type.code},
      {"period", r.submission ? r.submission->period.ToString() : ""},
      {"unit", UnitRef(w, r.expected.unit, day)},
      {"level", LevelName(r.expected.level)},
      {"recipient", r.expected.recipient ? UnitRef(w, *r.expected.recipient, day) : json(nullptr)},
      {"due", r.expected.due.stated.ToString()},
      {"lastDay", r.expected.due.last_day.ToString()},
      {"state", SubmissionStateName(r.state)},
      {"timeliness", TimelinessName(r.timeliness)},
      {"firstSubmitted", nullptr},
      {"submittedBy", nullptr},
      {"actions", a}};
  if (r.submission) {
    if (r.submission->first_submitted_ms)
      out["firstSubmitted"] = Timestamp(r.submission->first_submitted_ms);
    if (std::string by = r.submission->LastSubmitter(); !by.empty()) out["submittedBy"] = by;
  }
  return out;
}

json EventJson(const Metadata& metadata, const SubmissionEvent& e) {
  json returns = json::array();
  for (const MeasureReturn& m : e.returns) {
    const StoredElement* el = metadata.FindElement(m.data_element);
    returns.push_back({{"dataElement", m.data_element},
                       {"name", el ? json(el->element.name) : json(nullptr)},
                       {"reason", m.reason}});
  }
  return {{"action", SubmissionActionName(e.action)},
          {"from", SubmissionStateName(e.from)},
          {"to", SubmissionStateName(e.to)},
          {"by", e.by},
          {"at", FormatTimestamp(e.at_ms)},
          {"comment", e.comment},
          {"returns", returns}};
}

json TypeJson(const World& w, const ReportType& t, Lang lang) {
  json deadlines = json::array();
  for (const LevelDeadline& d : t.deadlines) {
    // The named units as of today, or their last version (a commune
    // merged away keeps its name).
    json units = json::array();
    for (OrgUnitId u : d.units) units.push_back(UnitRef(w, u, w.today));
    deadlines.push_back({{"level", LevelName(d.level)},
                         {"kind", DeadlineKindName(d.rule.kind)},
                         {"text", DescribeDeadline(d.rule, t.period_type, lang)},
                         {"units", units}});
  }
  const StoredDataSet* set = w.metadata.FindDataSet(t.data_set);
  return {{"code", t.code},
          {"name", t.name},
          {"nameEn", t.name_en},
          {"dataSet", t.data_set},
          {"dataSetName", set ? json(set->data_set.name) : json(nullptr)},
          {"periodType", PeriodTypeName(t.period_type)},
          {"cadence", ReportCadenceName(t.cadence)},
          {"area", t.area ? UnitRef(w, *t.area, w.today) : json(nullptr)},
          {"deadlines", deadlines},
          {"activityKinds", t.activity_kinds},
          {"active", t.active},
          {"note", t.note}};
}

reporting::ReportActor ReportActorOf(const Call& c) {
  return {c.principal(), std::string(c.ctx.remote_address)};
}

Result<Period> PeriodOf(std::string_view text) {
  if (text.empty()) return Status::Invalid("period is required", {"", 0, 0, "period"});
  Result<Period> p = Period::Parse(text);
  if (!p.ok()) return Status::Invalid(p.status().message(), {"", 0, 0, "period"});
  return p;
}

// A unit by uid, or by code on `day`; kNotFound naming `field`.
Result<OrgUnitId> UnitOf(const World& w, std::string_view key, Date day, std::string_view field) {
  if (const OrgUnit* u = w.hierarchy.FindByUid(key)) return u->id;
  if (const OrgUnit* u = w.hierarchy.FindByCode(key, day)) return u->id;
  return Status::NotFound("no unit '" + std::string(key) + "'", {"", 0, 0, std::string(field)});
}

// The rows of one type and period, as read for the caller.
struct Reports {
  reporting::ReportingSetup setup;
  const ReportType* type = nullptr;
  Period period = *Period::Parse("2000");
  std::vector<ReportRow> rows;
  Date day;  // the reference day of the rows (the period's end when none)
};

Result<Reports> LoadReports(store::ReadTransaction& txn, const Call& c, std::string_view type,
                            std::string_view period) {
  Reports out;
  if (type.empty()) return Status::Invalid("type is required", {"", 0, 0, "type"});
  GEMIS_ASSIGN_OR_RETURN(out.period, PeriodOf(period));
  GEMIS_ASSIGN_OR_RETURN(out.setup, reporting::LoadReportingSetup(txn));
  GEMIS_ASSIGN_OR_RETURN(out.type, out.setup.Type(type));
  GEMIS_ASSIGN_OR_RETURN(
      out.rows, reporting::LoadReportRows(txn, out.setup, *out.type, out.period, c.world->hierarchy,
                                          c.api.clock().NowMillis(), &c.world->metadata));
  out.day = out.rows.empty() ? out.period.end() : out.rows.front().expected.reference;
  return out;
}

// RowJson with the period filled in for rows not stored.
json RowOf(const Call& c, const Reports& r, const ReportRow& row,
           const std::vector<SubmissionAction>& actions) {
  json j = RowJson(*c.world, *r.type, row, actions);
  j["period"] = r.period.ToString();
  return j;
}

// GET /api/reports?type=&period=[&unit=]
Response List(Call& c) {
  Response answer;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Reports r, LoadReports(txn, c, c.target.Get("type").value_or(""),
                                                  c.target.Get("period").value_or("")));
    const World& w = *c.world;
    // The units in focus: the one asked for, else the caller's view roots.
    std::vector<OrgUnitId> focus;
    if (auto u = c.target.Get("unit"); u && !u->empty()) {
      GEMIS_ASSIGN_OR_RETURN(OrgUnitId id, UnitOf(w, *u, r.day, "unit"));
      if (!c.CanView(id, r.day)) {
        answer = c.OutOfScope();
        return Status::Ok();
      }
      focus.push_back(id);
    } else if (c.principal().system) {
      focus = w.hierarchy.RootsAt(r.day);
    } else {
      focus = c.principal().view_scope;
    }
    const std::set<OrgUnitId> in_focus(focus.begin(), focus.end());
    const std::vector<std::vector<SubmissionAction>> actions =
        reporting::ActionsFor(r.rows, ReportActorOf(c), *w.scopes, w.hierarchy);
    json reports = json::array();
    for (size_t i = 0; i < r.rows.size(); ++i) {
      const ReportRow& row = r.rows[i];
      const bool mine = in_focus.contains(row.expected.unit);
      const bool sent = row.expected.recipient && in_focus.contains(*row.expected.recipient);
      if ((mine || sent) && c.CanView(row.expected.unit, row.expected.reference)) {
        reports.push_back(RowOf(c, r, row, actions[i]));
      }
    }
    const Completeness done =
        reporting::MeasureRows(r.rows, w.hierarchy, c.api.clock().NowMillis());
    json completeness = json::array();
    for (const auto& [unit, count] : done.rolled_up) {
      const std::optional<OrgUnitId> parent = w.hierarchy.ParentAt(unit, r.day);
      const bool shown = in_focus.contains(unit) || (parent && in_focus.contains(*parent));
      if (!shown || !c.CanView(unit, r.day)) continue;
      json entry = CountJson(count);
      entry["unit"] = UnitRef(w, unit, r.day);
      entry["parent"] = parent ? json(w.hierarchy.Find(*parent)->uid) : json(nullptr);
      completeness.push_back(std::move(entry));
    }
    json units = json::array();
    for (OrgUnitId u : focus) units.push_back(UnitRef(w, u, r.day));
    answer = c.Json({{"type", TypeJson(w, *r.type, c.lang)},
                     {"period", r.period.ToString()},
                     {"referenceDay", r.day.ToString()},
                     {"units", units},
                     {"reports", reports},
                     {"completeness", completeness}});
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return answer;
}

// The periods of `type` in play on `today`: those whose reports are due
// from a year before today to half a year after it (a requested type's:
// those requested; an end-of-activity type's: the days activities ended
// in the last year).
Result<std::vector<Period>> PeriodsInPlay(store::ReadTransaction& txn,
                                          const reporting::ReportingSetup& setup,
                                          const ReportType& type, Date today) {
  std::vector<Period> out;
  if (type.cadence == ReportCadence::kEndOfActivity) {
    return reporting::ActivityEndDays(txn, type, today.AddDays(-366), today);
  }
  if (type.cadence == ReportCadence::kRequested) {
    for (const store::ReportRequest& q : setup.requests) {
      if (q.type == type.id && q.due >= today.AddDays(-366) && q.due <= today.AddDays(183))
        out.push_back(q.period);
    }
    return out;
  }
  if (type.cadence != ReportCadence::kPeriodic) return out;
  Result<Period> p = Period::Containing(type.period_type, today.AddDays(-366));
  for (int guard = 0; p.ok() && guard < 400; ++guard) {
    if (p->start() > today.AddDays(183)) break;
    bool due_in_window = false;
    for (const LevelDeadline& d : type.deadlines) {
      Result<Due> due = DueOf(type, d.level, *p, setup.calendar);
      if (due.ok() && due->last_day >= today.AddDays(-366) && due->stated <= today.AddDays(183))
        due_in_window = true;
    }
    if (due_in_window) out.push_back(*p);
    p = p->Next();
  }
  return out;
}

// GET /api/reports/mine
Response Mine(Call& c) {
  json submit = json::array(), review = json::array();
  const World& w = *c.world;
  const access::Principal& p = c.principal();
  const std::set<OrgUnitId> roots(p.entry_scope.begin(), p.entry_scope.end());
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    const reporting::ReportActor actor = ReportActorOf(c);
    for (const ReportType& type : setup.types) {
      if (!type.active) continue;
      GEMIS_ASSIGN_OR_RETURN(std::vector<Period> periods, PeriodsInPlay(txn, setup, type, w.today));
      for (const Period& period : periods) {
        GEMIS_ASSIGN_OR_RETURN(std::vector<ReportRow> rows,
                               reporting::LoadReportRows(txn, setup, type, period, w.hierarchy,
                                                         c.api.clock().NowMillis(), &w.metadata));
        const auto actions = reporting::ActionsFor(rows, actor, *w.scopes, w.hierarchy);
        for (size_t i = 0; i < rows.size(); ++i) {
          const ReportRow& r = rows[i];
          auto row = [&] {
            json j = RowJson(w, type, r, actions[i]);
            j["period"] = period.ToString();
            j["typeName"] = type.name;
            return j;
          };
          if (roots.contains(r.expected.unit) && p.Can(Authority::kEnterData)) {
            submit.push_back(row());
          }
          if (r.expected.recipient && roots.contains(*r.expected.recipient) &&
              p.Can(Authority::kApprove) &&
              (r.state == SubmissionState::kSubmitted ||
               r.state == SubmissionState::kResubmitted)) {
            review.push_back(row());
          }
        }
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"today", w.today.ToString()}, {"submit", submit}, {"review", review}});
}

// GET /api/reports/{type}/{period}/{unit}
Response GetOne(Call& c) {
  Response answer;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Reports r, LoadReports(txn, c, c.Param("type"), c.Param("period")));
    const World& w = *c.world;
    GEMIS_ASSIGN_OR_RETURN(OrgUnitId unit, UnitOf(w, c.Param("unit"), r.day, "unit"));
    if (!c.CanView(unit, r.day)) {
      answer = c.OutOfScope();
      return Status::Ok();
    }
    const auto actions = reporting::ActionsFor(r.rows, ReportActorOf(c), *w.scopes, w.hierarchy);
    for (size_t i = 0; i < r.rows.size(); ++i) {
      const ReportRow& row = r.rows[i];
      if (row.expected.unit != unit) continue;
      json out = RowOf(c, r, row, actions[i]);
      json events = json::array();
      if (row.submission) {
        for (const SubmissionEvent& e : row.submission->events)
          events.push_back(EventJson(w.metadata, e));
      }
      out["events"] = events;
      out["typeName"] = r.type->name;
      // The figures it reports: the data set's values at the unit inside
      // the period, and the units that report to it.
      json elements = json::array(), values = json::array();
      if (const StoredDataSet* set = w.metadata.FindDataSet(r.type->data_set)) {
        // A partner agency sees the measures of its content areas only.
        store::DataValueFilter filter;
        for (MetadataId id : set->element_ids) {
          if (c.ElementAllowed(id)) filter.data_elements.push_back(id);
        }
        filter.org_units = {unit};
        GEMIS_ASSIGN_OR_RETURN(auto periods, txn.LoadPeriods());
        std::map<PeriodId, Period> inside;
        for (const auto& [id, p] : periods) {
          if (r.period.Contains(p)) {
            filter.periods.push_back(id);
            inside.emplace(id, p);
          }
        }
        for (MetadataId id : filter.data_elements) {
          if (const StoredElement* e = w.metadata.Element(id))
            elements.push_back({{"code", e->element.code}, {"name", e->element.name}});
        }
        if (!filter.periods.empty() && !filter.data_elements.empty()) {
          GEMIS_RETURN_IF_ERROR(txn.ScanDataValues(filter, [&](const DataValue& v) {
            const StoredElement* e = w.metadata.Element(v.key.data_element);
            const StoredOptionCombo* coc = w.metadata.OptionCombo(v.key.category_option_combo);
            values.push_back({{"dataElement", e ? e->element.code : ""},
                              {"period", inside.at(v.key.period).ToString()},
                              {"categoryOptionCombo", coc ? coc->option_combo.name : ""},
                              {"value", v.value}});
            return Status::Ok();
          }));
        }
      }
      out["dataElements"] = elements;
      out["values"] = values;
      json children = json::array();
      for (size_t k = 0; k < r.rows.size(); ++k) {
        if (r.rows[k].expected.recipient == unit)
          children.push_back(RowOf(c, r, r.rows[k], actions[k]));
      }
      out["children"] = children;
      answer = c.Json(out);
      return Status::Ok();
    }
    return Status::NotFound(
        "this unit does not report " + r.type->code + " for " + r.period.ToString(),
        {"", 0, 0, "unit"});
  });
  if (!s.ok()) return c.FromStatus(s);
  return answer;
}

// The reasons per measure of a return: [{dataElement, reason}], each
// element in the type's data set.
Result<std::vector<MeasureReturn>> ReturnsOf(const json& body, const World& w,
                                             const ReportType& type) {
  std::vector<MeasureReturn> out;
  auto it = body.find("returns");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return Status::Invalid("returns must be a list", {"", 0, 0, "returns"});
  const StoredDataSet* set = w.metadata.FindDataSet(type.data_set);
  for (size_t i = 0; i < it->size(); ++i) {
    const json& m = (*it)[i];
    const std::string at = "returns/" + std::to_string(i);
    if (!m.is_object() || !m.contains("dataElement") || !m["dataElement"].is_string()) {
      return Status::Invalid("a return names its dataElement", {"", 0, 0, at + "/dataElement"});
    }
    const std::string code = m["dataElement"];
    const StoredElement* e = w.metadata.FindElement(code);
    if (e == nullptr || e->element.code != code || set == nullptr || !set->Contains(e->id)) {
      return Status::Invalid(code + " is not a measure of " + type.code,
                             {"", 0, 0, at + "/dataElement"});
    }
    if (m.contains("reason") && !m["reason"].is_string()) {
      return Status::Invalid("reason must be text", {"", 0, 0, at + "/reason"});
    }
    out.push_back({code, m.value("reason", std::string())});
    if (!IsValidUtf8(out.back().reason))
      return Status::Invalid("reason must be UTF-8", {"", 0, 0, at + "/reason"});
  }
  return out;
}

// POST /api/reports/{type}/{period}/{unit}: {action, comment, returns}
Response Act(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  const World& w = *c.world;
  reporting::ReportAction request;
  request.type = std::string(c.Param("type"));
  Result<Period> period = PeriodOf(c.Param("period"));
  if (!period.ok()) return c.FromStatus(period.status());
  request.period = *period;
  if (!body->contains("action") || !(*body)["action"].is_string()) {
    return c.FromStatus(
        Status::Invalid("action is required: submit, return, approve, waive or "
                        "unlock",
                        {"", 0, 0, "action"}));
  }
  Result<SubmissionAction> action = ParseSubmissionAction((*body)["action"].get<std::string>());
  if (!action.ok() || *action == SubmissionAction::kLock || *action == SubmissionAction::kRelease) {
    return c.FromStatus(Status::Invalid("action is submit, return, approve, waive or unlock",
                                        {"", 0, 0, "action"}));
  }
  request.action = *action;
  if (body->contains("comment")) {
    const json& comment = (*body)["comment"];
    if (!comment.is_string() || !IsValidUtf8(comment.get<std::string>()))
      return c.FromStatus(Status::Invalid("comment must be text", {"", 0, 0, "comment"}));
    request.comment = comment.get<std::string>();
  }
  json out;
  bool out_of_scope = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(request.type));
    GEMIS_ASSIGN_OR_RETURN(request.returns, ReturnsOf(*body, w, *type));
    GEMIS_ASSIGN_OR_RETURN(request.unit, UnitOf(w, c.Param("unit"), request.period.end(), "unit"));
    if (!c.CanView(request.unit, request.period.end())) {
      out_of_scope = true;
      return Status::Ok();
    }
    GEMIS_ASSIGN_OR_RETURN(Submission done,
                           reporting::ActOnReport(txn, request, ReportActorOf(c), w.hierarchy,
                                                  *w.scopes, c.api.clock().NowMillis()));
    json events = json::array();
    for (const SubmissionEvent& e : done.events) events.push_back(EventJson(w.metadata, e));
    out = {{"type", request.type},
           {"period", request.period.ToString()},
           {"unit", UnitRef(w, done.unit, request.period.end())},
           {"state", SubmissionStateName(done.state)},
           {"events", events}};
    return Status::Ok();
  });
  if (out_of_scope) return c.OutOfScope();
  if (!s.ok()) return c.FromStatus(s);
  // The engine's reporting rates (docs/analytics.md) see the action at once.
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  return c.Json(out);
}

// POST /api/reports/{type}/{period}/{unit}/approveAll
Response ApproveAll(Call& c) {
  const World& w = *c.world;
  Result<Period> period = PeriodOf(c.Param("period"));
  if (!period.ok()) return c.FromStatus(period.status());
  json approved = json::array(), skipped = json::array();
  bool out_of_scope = false;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(OrgUnitId recipient, UnitOf(w, c.Param("unit"), period->end(), "unit"));
    if (!c.CanEnter(recipient, period->end())) {
      out_of_scope = true;
      return Status::Ok();
    }
    GEMIS_ASSIGN_OR_RETURN(reporting::BulkOutcome outcome,
                           reporting::ApproveAllComplete(txn, std::string(c.Param("type")), *period,
                                                         recipient, ReportActorOf(c), w.hierarchy,
                                                         *w.scopes, c.api.clock().NowMillis()));
    for (OrgUnitId u : outcome.approved) approved.push_back(UnitRef(w, u, period->end()));
    for (const auto& [u, why] : outcome.skipped) {
      skipped.push_back({{"unit", UnitRef(w, u, period->end())},
                         {"reason", why.message()},
                         {"field", why.where().field}});
    }
    return Status::Ok();
  });
  if (out_of_scope) return c.OutOfScope();
  if (!s.ok()) return c.FromStatus(s);
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  return c.Json({{"approved", approved}, {"skipped", skipped}});
}

// GET /api/reports/{type}/{period}/{unit}/document?format=pdf|xlsx
// [&signer=&date=]: the official document (views/report_document.h).
Response Document(Call& c) {
  const std::string format(c.target.Get("format").value_or("pdf"));
  if (format != "pdf" && format != "xlsx") {
    return c.FromStatus(Status::Invalid("format is pdf or xlsx", {"", 0, 0, "format"}));
  }
  const World& w = *c.world;
  views::ReportDocumentInput in;
  in.date = w.today;
  if (auto d = c.target.Get("date"); d && !d->empty()) {
    Result<Date> day = Date::Parse(*d);
    if (!day.ok()) return c.FromStatus(Status::Invalid(day.status().message(), {"", 0, 0, "date"}));
    in.date = *day;
  }
  in.signer = std::string(c.target.Get("signer").value_or(""));
  if (!IsValidUtf8(in.signer) || in.signer.size() > 200) {
    return c.FromStatus(Status::Invalid("signer must be a name", {"", 0, 0, "signer"}));
  }
  Result<analytics::Engine*> engine = c.api.Engine();
  if (!engine.ok()) return c.FromStatus(engine.status());
  Response answer;
  bool out_of_scope = false;
  std::optional<documents::OfficialDocument> doc;
  std::string name;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(Reports r, LoadReports(txn, c, c.Param("type"), c.Param("period")));
    GEMIS_ASSIGN_OR_RETURN(in.unit, UnitOf(w, c.Param("unit"), r.day, "unit"));
    if (!c.CanView(in.unit, r.day)) {
      out_of_scope = true;
      return Status::Ok();
    }
    in.type = r.type;
    in.period = r.period;
    in.rows = &r.rows;
    in.hierarchy = &w.hierarchy;
    in.now_ms = c.api.clock().NowMillis();
    in.lang = c.lang;
    GEMIS_ASSIGN_OR_RETURN(in.figures, views::LoadReportFigures(**engine, w.metadata, *r.type,
                                                                r.period, in.unit, r.day));
    // A partner agency's document holds the measures of its content areas.
    std::erase_if(in.figures, [&](const views::ReportFigure& f) {
      const StoredElement* e = w.metadata.FindElement(f.code);
      return e == nullptr || !c.ElementAllowed(e->id);
    });
    GEMIS_ASSIGN_OR_RETURN(documents::OfficialDocument built, views::BuildReportDocument(in));
    doc = std::move(built);
    const OrgUnit* u = w.hierarchy.Find(in.unit);
    const OrgUnitVersion* v = u ? u->VersionAt(r.day) : nullptr;
    name = r.type->code + "-" + r.period.ToString() + "-" + (v ? v->code : u ? u->uid : "");
    return Status::Ok();
  });
  if (out_of_scope) return c.OutOfScope();
  if (!s.ok()) return c.FromStatus(s);
  for (char& ch : name) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) ch = '_';
  }
  Result<std::string> bytes =
      format == "pdf" ? documents::RenderPdf(*doc) : documents::DocumentXlsxBytes(*doc);
  if (!bytes.ok()) return c.FromStatus(bytes.status());
  Response res{http::status::ok, c.req.version()};
  res.set(http::field::content_type,
          format == "pdf" ? "application/pdf"
                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set(http::field::content_disposition, "attachment; filename=\"" + name + "." + format + "\"");
  res.keep_alive(c.req.keep_alive());
  res.body() = std::move(bytes).value();
  res.prepare_payload();
  return res;
}

// GET /api/reportTypes
Response ListTypes(Call& c) {
  json types = json::array();
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<ReportType> all, txn.LoadReportTypes());
    for (const ReportType& t : all) types.push_back(TypeJson(*c.world, t, c.lang));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"reportTypes", types}});
}

// GET /api/calendar[?year=]
Response Calendar(Call& c) {
  std::optional<int> year;
  if (auto y = c.target.Get("year"); y && !y->empty()) {
    int v = 0;
    for (char ch : *y) {
      if (ch < '0' || ch > '9' || v > 9999) {
        return c.FromStatus(Status::Invalid("year is a number such as 2026", {"", 0, 0, "year"}));
      }
      v = v * 10 + (ch - '0');
    }
    year = v;
  }
  json days = json::array();
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(std::vector<CalendarDay> all, txn.LoadCalendarDays());
    for (const CalendarDay& d : all) {
      if (year && d.day.year() != *year) continue;
      days.push_back({{"day", d.day.ToString()},
                      {"kind", d.kind == CalendarDayKind::kOff ? "off" : "working"},
                      {"name", d.name}});
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"days", days}});
}

json RequestJson(const World& w, const reporting::ReportingSetup& setup,
                 const store::ReportRequest& q) {
  const ReportType* type = setup.TypeById(q.type);
  return {{"id", q.id},
          {"type", type ? json(type->code) : json(nullptr)},
          {"typeName", type ? json(type->name) : json(nullptr)},
          {"area", type && type->area ? UnitRef(w, *type->area, q.due) : json(nullptr)},
          {"period", q.period.ToString()},
          {"due", q.due.ToString()},
          {"requestedBy", q.requested_by},
          {"requestedAt", FormatTimestamp(q.requested_ms)},
          {"note", q.note}};
}

// GET /api/reportRequests?type=
Response ListRequests(Call& c) {
  const std::string type(c.target.Get("type").value_or(""));
  json out = json::array();
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    std::optional<ReportTypeId> only;
    if (!type.empty()) {
      GEMIS_ASSIGN_OR_RETURN(const ReportType* t, setup.Type(type));
      only = t->id;
    }
    // Newest due day first.
    std::vector<store::ReportRequest> requests = setup.requests;
    std::sort(requests.begin(), requests.end(),
              [](const store::ReportRequest& a, const store::ReportRequest& b) {
                return a.due != b.due ? b.due < a.due : b.id < a.id;
              });
    for (const store::ReportRequest& q : requests) {
      if (!only || q.type == *only) out.push_back(RequestJson(*c.world, setup, q));
    }
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json({{"requests", out}});
}

// POST /api/reportRequests {type, period, due, note}
Response PostRequest(Call& c) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  reporting::RequestInput input;
  Status parsed = [&]() -> Status {
    GEMIS_ASSIGN_OR_RETURN(input.type, Text(*body, "type", true));
    GEMIS_ASSIGN_OR_RETURN(std::string period, Text(*body, "period", true));
    GEMIS_ASSIGN_OR_RETURN(input.period, PeriodOf(period));
    GEMIS_ASSIGN_OR_RETURN(std::string due, Text(*body, "due", true));
    Result<Date> day = Date::Parse(due);
    if (!day.ok()) {
      return Status::Invalid("due is a day, YYYY-MM-DD: " + day.status().message(),
                             {"", 0, 0, "due"});
    }
    input.due = *day;
    GEMIS_ASSIGN_OR_RETURN(input.note, Text(*body, "note", false));
    return Status::Ok();
  }();
  if (!parsed.ok()) return c.FromStatus(parsed);
  const World& w = *c.world;
  json out;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(store::ReportRequest request,
                           reporting::RequestReports(txn, input, ReportActorOf(c), w.hierarchy,
                                                     *w.scopes, c.api.clock().NowMillis()));
    GEMIS_ASSIGN_OR_RETURN(reporting::ReportingSetup setup, reporting::LoadReportingSetup(txn));
    out = RequestJson(w, setup, request);
    // The reports it makes expected, for the requester to follow.
    GEMIS_ASSIGN_OR_RETURN(const ReportType* type, setup.Type(input.type));
    GEMIS_ASSIGN_OR_RETURN(std::vector<ReportRow> rows,
                           reporting::LoadReportRows(txn, setup, *type, input.period, w.hierarchy,
                                                     c.api.clock().NowMillis()));
    out["expected"] = rows.size();
    if (!rows.empty()) out["lastDay"] = rows.front().expected.due.last_day.ToString();
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  return c.Json(out, http::status::created);
}

}  // namespace

void AddReportRoutes(Router& r) {
  r.Add({http::verb::get, "/api/reportRequests", true, Authority::kReadData, ListRequests});
  // Requesting needs approve over every recipient (the service checks the
  // scope: reporting::RequestReports).
  r.Add({http::verb::post, "/api/reportRequests", true, Authority::kApprove, PostRequest});
  r.Add({http::verb::get, "/api/reportTypes", true, Authority::kReadMetadata, ListTypes});
  r.Add({http::verb::get, "/api/calendar", true, Authority::kReadMetadata, Calendar});
  r.Add({http::verb::get, "/api/reports", true, Authority::kReadData, List});
  r.Add({http::verb::get, "/api/reports/mine", true, Authority::kReadData, Mine});
  r.Add(
      {http::verb::get, "/api/reports/{type}/{period}/{unit}", true, Authority::kReadData, GetOne});
  // Submitting needs enter_data; the other actions need approve as well,
  // which the service checks (reporting/submission_service.h).
  r.Add(
      {http::verb::post, "/api/reports/{type}/{period}/{unit}", true, Authority::kEnterData, Act});
  r.Add({http::verb::get, "/api/reports/{type}/{period}/{unit}/document", true,
         Authority::kReadData, Document});
  r.Add({http::verb::post, "/api/reports/{type}/{period}/{unit}/approveAll", true,
         Authority::kApprove, ApproveAll});
}

}  // namespace gemis::server
