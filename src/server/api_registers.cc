// The activity, women cadre and safe-birth registers over HTTP
// (docs/program.md, docs/api.md "Registers"): /api/activities,
// /api/cadres, /api/beneficiaries (list, create) and their /{code} (read,
// replace, delete). The three follow one pattern (RegisterRoutes below):
//  - a record is visible when its unit, on its day (an activity's start, a
//    cadre's decision, a birth), is in the caller's view scope; it is
//    changed only inside the entry scope, both where it was and where it
//    goes; one outside the view scope is answered 404;
//  - every change is checked, saved, audited and republishes the figures in
//    one transaction (program/*_service.h);
//  - the safe-birth mothers' names and dates of birth are sent only to
//    holders of read_personal (those who pay or supervise the packages);
//    others see null. A replacement that leaves them out keeps the stored
//    ones; only a holder of read_personal sends new ones.
#include <algorithm>

#include "program/activities_json.h"
#include "program/activity_service.h"
#include "program/cadre_service.h"
#include "program/cadres_json.h"
#include "program/safe_birth_service.h"
#include "program/safe_births_json.h"
#include "server/api.h"
#include "server/record_calls.h"
#include "store/records_store.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

// A "from" or "to" query parameter (nullopt when absent).
Result<std::optional<Date>> DayParam(const Call& c, std::string_view name) {
  auto text = c.target.Get(name);
  if (!text || text->empty()) return std::optional<Date>();
  Result<Date> d = Date::Parse(*text);
  if (!d.ok()) return Status::Invalid(d.status().message(), {"", 0, 0, std::string(name)});
  return std::optional<Date>(*d);
}

// Each register: its record type, where and when a record is, and how it is
// read, written and shown (Lookups: what showing records needs, prepared
// once a request).
struct Activities {
  using Record = records::Activity;
  static constexpr const char* kCollection = "/api/activities";
  static constexpr const char* kItem = "/api/activities/{code}";
  static constexpr const char* kList = "activities";
  static constexpr const char* kNoun = "an activity";

  static OrgUnitId Unit(const Record& a) { return a.org_unit; }
  static Date Day(const Record& a) { return a.start; }
  static Result<std::optional<Record>> Find(store::ReadTransaction& txn, std::string_view code) {
    return txn.FindActivity(code);
  }
  static Result<std::vector<Record>> Load(store::ReadTransaction& txn, const Call& c) {
    store::ActivityFilter filter;
    if (auto k = c.target.Get("kind"); k && !k->empty()) {
      Result<records::ActivityKind> kind = records::ParseActivityKind(*k);
      if (!kind.ok()) return Status::Invalid(kind.status().message(), {"", 0, 0, "kind"});
      filter.kind = *kind;
    }
    GEMIS_ASSIGN_OR_RETURN(filter.from, DayParam(c, "from"));
    GEMIS_ASSIGN_OR_RETURN(filter.to, DayParam(c, "to"));
    return txn.LoadActivities(filter);
  }
  struct Lookups {};
  static Result<Lookups> Prepare(store::ReadTransaction&) { return Lookups{}; }
  static Result<json> ToJson(store::ReadTransaction& txn, const Call& c, const Lookups&,
                             const Record& a) {
    std::string model;
    if (a.model != 0) {
      GEMIS_ASSIGN_OR_RETURN(model, program::ModelCodeOf(txn, a.model));
    }
    GEMIS_ASSIGN_OR_RETURN(std::vector<std::string> attendees, program::AttendeeCodesOf(txn, a));
    return program::ActivityToJson(a, c.world->hierarchy, c.world->plans, model, attendees);
  }
  static Result<Record> FromJson(store::ReadTransaction& txn, const Call& c, const json& body,
                                 const std::optional<Record>&) {
    return program::ActivityFromJson(body, "", c.world->hierarchy, c.world->plans,
                                     program::ModelsIn(txn), program::CadresIn(txn));
  }
  static Result<program::PublishReport> Save(store::WriteTransaction& txn, const Call& c,
                                             Record a) {
    GEMIS_ASSIGN_OR_RETURN(
        program::ActivityChange change,
        program::SaveActivities(txn, RecordContext(c), {std::move(a)}, ActorOf(c)));
    return change.figures;
  }
  static Result<program::PublishReport> Delete(store::WriteTransaction& txn, const Call& c,
                                               std::string_view code) {
    return program::DeleteActivity(txn, RecordContext(c), code, ActorOf(c));
  }
};

struct Cadres {
  using Record = records::Cadre;
  static constexpr const char* kCollection = "/api/cadres";
  static constexpr const char* kItem = "/api/cadres/{code}";
  static constexpr const char* kList = "cadres";
  static constexpr const char* kNoun = "a cadre";

  static OrgUnitId Unit(const Record& r) { return r.org_unit; }
  static Date Day(const Record& r) { return r.since; }
  static Result<std::optional<Record>> Find(store::ReadTransaction& txn, std::string_view code) {
    return txn.FindCadre(code);
  }
  static Result<std::vector<Record>> Load(store::ReadTransaction& txn, const Call&) {
    return txn.LoadCadres({});
  }
  struct Lookups {};
  static Result<Lookups> Prepare(store::ReadTransaction&) { return Lookups{}; }
  static Result<json> ToJson(store::ReadTransaction& txn, const Call& c, const Lookups&,
                             const Record& r) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings,
                           program::TrainingsOf(txn, r.id));
    return program::CadreToJson(r, c.world->hierarchy, trainings);
  }
  static Result<Record> FromJson(store::ReadTransaction&, const Call& c, const json& body,
                                 const std::optional<Record>&) {
    return program::CadreFromJson(body, "", c.world->hierarchy);
  }
  static Result<program::PublishReport> Save(store::WriteTransaction& txn, const Call& c,
                                             Record r) {
    GEMIS_ASSIGN_OR_RETURN(program::CadreChange change,
                           program::SaveCadres(txn, RecordContext(c), {std::move(r)}, ActorOf(c)));
    return change.figures;
  }
  static Result<program::PublishReport> Delete(store::WriteTransaction& txn, const Call& c,
                                               std::string_view code) {
    return program::DeleteCadre(txn, RecordContext(c), code, ActorOf(c));
  }
};

struct Beneficiaries {
  using Record = records::SafeBirth;
  static constexpr const char* kCollection = "/api/beneficiaries";
  static constexpr const char* kItem = "/api/beneficiaries/{code}";
  static constexpr const char* kList = "births";
  static constexpr const char* kNoun = "a birth";

  static OrgUnitId Unit(const Record& b) { return b.commune; }
  static Date Day(const Record& b) { return b.birth_date; }
  static Result<std::optional<Record>> Find(store::ReadTransaction& txn, std::string_view code) {
    return txn.FindSafeBirth(code);
  }
  static Result<std::vector<Record>> Load(store::ReadTransaction& txn, const Call& c) {
    store::SafeBirthFilter filter;
    GEMIS_ASSIGN_OR_RETURN(filter.from, DayParam(c, "from"));
    GEMIS_ASSIGN_OR_RETURN(filter.to, DayParam(c, "to"));
    return txn.LoadSafeBirths(filter);
  }
  // The designation lists the eligibility rules read: loaded once a
  // request, not once a birth.
  struct Lookups {
    DesignationSet designations;
  };
  static Result<Lookups> Prepare(store::ReadTransaction& txn) {
    GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn.LoadDesignations());
    return Lookups{DesignationSet(std::move(lists))};
  }
  static Result<json> ToJson(store::ReadTransaction&, const Call& c, const Lookups& lookups,
                             const Record& b) {
    return program::SafeBirthToJson(b, c.world->hierarchy, lookups.designations,
                                    c.Can(Authority::kReadPersonal));
  }
  // A new birth carries the mother's name (the officer recording it knows
  // her, with or without read_personal). A replacement without her name and
  // date of birth (absent or null) keeps the stored ones; only a holder of
  // read_personal changes them.
  static Result<Record> FromJson(store::ReadTransaction&, const Call& c, const json& body,
                                 const std::optional<Record>& before) {
    bool names = false;
    for (const char* key : {"motherName", "motherBirthDate"}) {
      auto it = body.is_object() ? body.find(key) : body.end();
      names = names || (it != body.end() && !it->is_null());
    }
    const bool keep = before.has_value() && (!names || !c.Can(Authority::kReadPersonal));
    GEMIS_ASSIGN_OR_RETURN(Record b,
                           program::SafeBirthFromJson(body, "", c.world->hierarchy, keep));
    if (keep) b.id = before->id;
    return b;
  }
  static Result<program::PublishReport> Save(store::WriteTransaction& txn, const Call& c,
                                             Record b) {
    GEMIS_ASSIGN_OR_RETURN(
        program::SafeBirthChange change,
        program::SaveSafeBirths(txn, RecordContext(c), {std::move(b)}, ActorOf(c)));
    return change.figures;
  }
  static Result<program::PublishReport> Delete(store::WriteTransaction& txn, const Call& c,
                                               std::string_view code) {
    return program::DeleteSafeBirth(txn, RecordContext(c), code, ActorOf(c));
  }
};

template <typename R>
struct RegisterRoutes {
  using Record = typename R::Record;

  static bool Visible(const Call& c, const Record& r) { return c.CanView(R::Unit(r), R::Day(r)); }

  static Response NotFound(const Call& c) {
    return c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "code");
  }

  // The record of the path, or nullopt after answering 404 (also when it is
  // outside the view scope: the answer does not tell what exists elsewhere).
  static std::optional<Record> Stored(Call& c, Response& error) {
    std::optional<Record> r;
    Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(r, R::Find(txn, c.Param("code")));
      return Status::Ok();
    });
    if (!s.ok()) {
      error = c.FromStatus(s);
      return std::nullopt;
    }
    if (!r || r->code != c.Param("code") || !Visible(c, *r)) {
      error = NotFound(c);
      return std::nullopt;
    }
    return r;
  }

  // The stored record with `code` as JSON (after a change).
  static Result<json> Reload(Call& c, const std::string& code) {
    json out;
    GEMIS_RETURN_IF_ERROR(c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::optional<Record> saved, R::Find(txn, code));
      if (!saved) return Status::Internal(std::string(R::kNoun) + " was not saved");
      GEMIS_ASSIGN_OR_RETURN(typename R::Lookups lookups, R::Prepare(txn));
      GEMIS_ASSIGN_OR_RETURN(out, R::ToJson(txn, c, lookups, *saved));
      return Status::Ok();
    }));
    return out;
  }

  // GET: the visible records, optionally only those at or below ?orgUnit=.
  static Response List(Call& c) {
    std::optional<OrgUnitId> under;
    if (auto u = c.target.Get("orgUnit"); u && !u->empty()) {
      const OrgUnit* unit = c.world->hierarchy.FindByUid(*u);
      if (unit == nullptr) unit = c.world->hierarchy.FindByCode(*u, c.world->today);
      if (unit == nullptr) {
        return c.FromStatus(
            Status::NotFound("no org unit '" + std::string(*u) + "'", {"", 0, 0, "orgUnit"}));
      }
      if (!c.CanView(unit->id)) return c.OutOfScope();
      under = unit->id;
    }
    json out = json::array();
    Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::vector<Record> all, R::Load(txn, c));
      GEMIS_ASSIGN_OR_RETURN(typename R::Lookups lookups, R::Prepare(txn));
      for (const Record& r : all) {
        if (!Visible(c, r)) continue;
        if (under && R::Unit(r) != *under) {
          std::vector<OrgUnitId> up = c.world->hierarchy.AncestorsAt(R::Unit(r), R::Day(r));
          if (std::find(up.begin(), up.end(), *under) == up.end()) continue;
        }
        GEMIS_ASSIGN_OR_RETURN(json item, R::ToJson(txn, c, lookups, r));
        out.push_back(std::move(item));
      }
      return Status::Ok();
    });
    if (!s.ok()) return c.FromStatus(s);
    return c.Json({{R::kList, out}});
  }

  static Response GetOne(Call& c) {
    Response error;
    std::optional<Record> r = Stored(c, error);
    if (!r) return error;
    Result<json> out = Reload(c, r->code);
    if (!out.ok()) return c.FromStatus(out.status());
    return c.Json(*out);
  }

  // POST (create) or PUT (`replace`: the record of the path) from the body,
  // inside the entry scope. A malformed body is a 400 whatever the path.
  static Response Save(Call& c, bool replace) {
    Response error;
    std::optional<json> body = c.BodyJson(error);
    if (!body) return error;
    std::optional<Record> before;
    if (replace) {
      before = Stored(c, error);
      if (!before) return error;
      if (!c.CanEnter(R::Unit(*before), R::Day(*before))) return c.OutOfScope();
    }
    std::optional<Record> parsed;
    bool exists = false;
    Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(parsed, R::FromJson(txn, c, *body, before));
      if (!before) {
        GEMIS_ASSIGN_OR_RETURN(std::optional<Record> found, R::Find(txn, parsed->code));
        exists = found.has_value() && found->code == parsed->code;
      }
      return Status::Ok();
    });
    if (!s.ok()) return c.FromStatus(s);
    if (before && parsed->code != before->code) {
      return c.FromStatus(
          Status::Invalid("the code in the body is not the code of " + std::string(c.Param("code")),
                          {"", 0, 0, "code"}));
    }
    if (exists) {
      return c.FromStatus(Status::AlreadyExists(
          std::string(R::kNoun) + " with code " + parsed->code + " exists; PUT " + R::kCollection +
              "/" + parsed->code + " changes it",
          {"", 0, 0, "code"}));
    }
    if (!c.CanEnter(R::Unit(*parsed), R::Day(*parsed))) return c.OutOfScope();
    const std::string code = parsed->code;
    program::PublishReport figures;
    s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(figures, R::Save(txn, c, std::move(*parsed)));
      return Status::Ok();
    });
    if (!s.ok()) return c.FromStatus(s);
    if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
      return c.FromStatus(engine.status());
    }
    Result<json> out = Reload(c, code);
    if (!out.ok()) return c.FromStatus(out.status());
    (*out)["figures"] = FiguresJson(figures);
    return c.Json(*out, before ? http::status::ok : http::status::created);
  }

  static Response Create(Call& c) { return Save(c, false); }
  static Response Replace(Call& c) { return Save(c, true); }

  static Response Remove(Call& c) {
    Response error;
    std::optional<Record> before = Stored(c, error);
    if (!before) return error;
    if (!c.CanEnter(R::Unit(*before), R::Day(*before))) return c.OutOfScope();
    program::PublishReport figures;
    Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(figures, R::Delete(txn, c, before->code));
      return Status::Ok();
    });
    if (!s.ok()) return c.FromStatus(s);
    if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
      return c.FromStatus(engine.status());
    }
    return c.Json(
        {{"status", "deleted"}, {"code", before->code}, {"figures", FiguresJson(figures)}});
  }

  static void Add(Router& r) {
    r.Add({http::verb::get, R::kCollection, true, Authority::kReadData, List});
    r.Add({http::verb::post, R::kCollection, true, Authority::kEnterData, Create});
    r.Add({http::verb::get, R::kItem, true, Authority::kReadData, GetOne});
    r.Add({http::verb::put, R::kItem, true, Authority::kEnterData, Replace});
    r.Add({http::verb::delete_, R::kItem, true, Authority::kEnterData, Remove});
  }
};

}  // namespace

void AddRegisterRoutes(Router& r) {
  RegisterRoutes<Activities>::Add(r);
  RegisterRoutes<Cadres>::Add(r);
  RegisterRoutes<Beneficiaries>::Add(r);
}

}  // namespace gemis::server
