// The model registries over HTTP (docs/program.md, docs/api.md "Models"):
// /api/models (list, create), /api/models/{code} (read, replace, delete),
// /api/modelKinds (the kinds and the facts each takes, for forms) and
// /api/figures/explain (the models behind a figure). A model is visible when
// its unit, on the day it was established, is in the caller's view scope
// (scopes follow the hierarchy's history); it is changed only inside the
// entry scope, both where it was and where it goes. Confidential facts of
// trusted addresses are sent only to holders of read_confidential. Every
// change republishes the figures in the same transaction
// (program/model_service.h).
#include "program/model_service.h"
#include "program/records_json.h"
#include "server/api.h"
#include "server/record_calls.h"
#include "store/records_store.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;
using records::Model;

bool Visible(const Call& c, const Model& m) { return c.CanView(m.org_unit, m.established); }

json ModelJson(const Call& c, const Model& m) {
  return program::ModelToJson(m, c.world->hierarchy, c.world->plans,
                              c.Can(Authority::kReadConfidential));
}

// The stored model of the path, or nullopt after answering 404 (also when it
// is outside the view scope: the answer does not tell what exists elsewhere).
std::optional<Model> Stored(Call& c, Response& error) {
  std::optional<Model> m;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(m, txn.FindModel(c.Param("code")));
    return Status::Ok();
  });
  if (!s.ok()) {
    error = c.FromStatus(s);
    return std::nullopt;
  }
  if (!m || m->code != c.Param("code") || !Visible(c, *m)) {
    error = c.Error(http::status::not_found, "E_NOT_FOUND", MessageId::kApiNotFound, {}, "code");
    return std::nullopt;
  }
  return m;
}

Response List(Call& c) {
  store::ModelFilter filter;
  if (auto k = c.target.Get("kind"); k && !k->empty()) {
    Result<records::ModelKind> kind = records::ParseModelKind(*k);
    if (!kind.ok()) return c.FromStatus(kind.status());
    filter.kind = *kind;
  }
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
  std::vector<Model> models;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(models, txn.LoadModels(filter));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  json out = json::array();
  for (const Model& m : models) {
    if (!Visible(c, m)) continue;
    if (under && m.org_unit != *under) {
      std::vector<OrgUnitId> up = c.world->hierarchy.AncestorsAt(m.org_unit, m.established);
      if (std::find(up.begin(), up.end(), *under) == up.end()) continue;
    }
    out.push_back(ModelJson(c, m));
  }
  return c.Json({{"models", out}});
}

Response GetOne(Call& c) {
  Response error;
  std::optional<Model> m = Stored(c, error);
  if (!m) return error;
  json out = ModelJson(c, *m);
  json years = json::object();
  for (int y = m->established.year(); y <= c.world->today.year(); ++y) {
    std::optional<records::ModelStatus> s =
        records::StatusIn(*m, Date::FromYmd(y, 1, 1), Date::FromYmd(y, 12, 31));
    if (s) years[std::to_string(y)] = records::ModelStatusName(*s);
  }
  out["statusByYear"] = years;
  return c.Json(out);
}

// Creates (POST) or replaces (PUT, `replace`: the model of the path) a
// model from the body, inside the entry scope. The body is read first: a
// malformed one is a 400 whatever the path names.
Response Save(Call& c, bool replace) {
  Response error;
  std::optional<json> body = c.BodyJson(error);
  if (!body) return error;
  std::optional<Model> before;
  if (replace) {
    before = Stored(c, error);
    if (!before) return error;
  }
  Result<Model> parsed = program::ModelFromJson(*body, "", c.world->hierarchy, c.world->plans);
  if (!parsed.ok()) return c.FromStatus(parsed.status());
  Model m = std::move(parsed).value();
  if (before) {
    if (m.code != before->code) {
      return c.FromStatus(
          Status::Invalid("the code in the body is not the model's", {"", 0, 0, "code"}));
    }
    if (!c.CanEnter(before->org_unit, before->established)) return c.OutOfScope();
    // The confidential facts a caller cannot see are kept, not erased.
    if (!c.Can(Authority::kReadConfidential)) {
      for (const records::ModelFact& f : before->facts) {
        if (records::InfoOf(f.field).confidential) m.facts.push_back(f);
      }
    }
  } else {
    bool exists = false;
    Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
      GEMIS_ASSIGN_OR_RETURN(std::optional<Model> found, txn.FindModel(m.code));
      exists = found.has_value() && found->code == m.code;
      return Status::Ok();
    });
    if (!s.ok()) return c.FromStatus(s);
    if (exists) {
      return c.FromStatus(Status::AlreadyExists("a model with code " + m.code +
                                                    " exists; PUT "
                                                    "/api/models/" +
                                                    m.code + " changes it",
                                                {"", 0, 0, "code"}));
    }
  }
  if (!c.CanEnter(m.org_unit, m.established)) return c.OutOfScope();
  program::ModelChange change;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(change, program::SaveModels(txn, RecordContext(c), {m}, ActorOf(c)));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  std::optional<Model> saved;
  s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(saved, txn.FindModel(m.code));
    return Status::Ok();
  });
  if (!s.ok() || !saved) return c.FromStatus(s.ok() ? Status::Internal("model not saved") : s);
  json out = ModelJson(c, *saved);
  out["figures"] = FiguresJson(change.figures);
  return c.Json(out, before ? http::status::ok : http::status::created);
}

Response Create(Call& c) { return Save(c, false); }

Response Replace(Call& c) { return Save(c, true); }

Response Remove(Call& c) {
  Response error;
  std::optional<Model> before = Stored(c, error);
  if (!before) return error;
  if (!c.CanEnter(before->org_unit, before->established)) return c.OutOfScope();
  program::PublishReport report;
  Status s = c.api.store().Write([&](store::WriteTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(report,
                           program::DeleteModel(txn, RecordContext(c), before->code, ActorOf(c)));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  if (Result<analytics::Engine*> engine = c.api.Engine(true); !engine.ok()) {
    return c.FromStatus(engine.status());
  }
  return c.Json({{"status", "deleted"}, {"code", before->code}, {"figures", FiguresJson(report)}});
}

// GET /api/figures/explain?dx=&pe=&ou=&coc=: the total of the figures from
// records at `ou` and below, and the models behind it (only those the caller
// may see; a figure's models are all under `ou`, which is in scope).
Response Explain(Call& c) {
  auto dx = c.target.Get("dx"), pe = c.target.Get("pe"), ou = c.target.Get("ou");
  if (!dx || !pe || !ou) {
    return c.FromStatus(Status::Invalid("dx, pe and ou are required", {"", 0, 0,
                                                                       !dx   ? "dx"
                                                                       : !pe ? "pe"
                                                                             : "ou"}));
  }
  const StoredElement* e = c.world->metadata.FindElement(*dx);
  if (e == nullptr) {
    return c.FromStatus(
        Status::NotFound("no data element '" + std::string(*dx) + "'", {"", 0, 0, "dx"}));
  }
  Result<Period> period = Period::Parse(*pe);
  if (!period.ok())
    return c.FromStatus(Status::Invalid(period.status().message(), {"", 0, 0, "pe"}));
  const OrgUnit* u = c.world->hierarchy.FindByUid(*ou);
  if (u == nullptr) u = c.world->hierarchy.FindByCode(*ou, period->end());
  if (u == nullptr) {
    return c.FromStatus(
        Status::NotFound("no org unit '" + std::string(*ou) + "'", {"", 0, 0, "ou"}));
  }
  if (!c.CanView(u->id, period->end())) return c.OutOfScope();
  MetadataId coc = c.world->metadata.default_option_combo();
  if (auto name = c.target.Get("coc"); name && !name->empty()) {
    const StoredOptionCombo* found = c.world->metadata.FindOptionCombo(*name);
    if (found == nullptr) {
      return c.FromStatus(
          Status::NotFound("no option combo '" + std::string(*name) + "'", {"", 0, 0, "coc"}));
    }
    coc = found->id;
  }
  program::FigureExplanation explained;
  Status s = c.api.store().Read([&](store::ReadTransaction& txn) -> Status {
    DataValueKey key{e->id, 0, u->id, coc, c.world->metadata.default_option_combo()};
    GEMIS_ASSIGN_OR_RETURN(explained,
                           program::ExplainFigure(txn, c.world->hierarchy, key, *period));
    return Status::Ok();
  });
  if (!s.ok()) return c.FromStatus(s);
  json models = json::array();
  for (const Model& m : explained.models) {
    if (Visible(c, m)) models.push_back(ModelJson(c, m));
  }
  return c.Json({{"dataElement", e->element.code},
                 {"period", period->ToString()},
                 {"orgUnit", u->uid},
                 {"fromRecords", !explained.claims.empty()},
                 {"value", explained.total},
                 {"models", models}});
}

const char* FactTypeName(records::FactType type) {
  switch (type) {
    case records::FactType::kCount: return "count";
    case records::FactType::kAmount: return "amount";
    case records::FactType::kFlag: return "flag";
    case records::FactType::kText: return "text";
    case records::FactType::kChoice: return "choice";
    case records::FactType::kSet: return "set";
  }
  return "text";
}

// The kinds of model, each with its name in the caller's language and the
// facts it takes (code, type, confidential, the codes of a choice or set),
// in the register's order: what a form needs to offer only what the server
// accepts (records/model.h, FactFields).
Response Kinds(Call& c) {
  json kinds = json::array();
  for (int k = 0; k < records::kModelKindCount; ++k) {
    const auto kind = static_cast<records::ModelKind>(k);
    json fields = json::array();
    for (const records::FactFieldInfo& info : records::FactFields()) {
      if (!records::KindHasField(kind, info.field)) continue;
      json choices = json::array();
      std::string_view list = info.choices;
      while (!list.empty()) {
        const size_t comma = list.find(',');
        choices.push_back(std::string(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
      fields.push_back({{"code", info.code},
                        {"type", FactTypeName(info.type)},
                        {"confidential", info.confidential},
                        {"choices", std::move(choices)}});
    }
    kinds.push_back({{"kind", records::ModelKindName(kind)},
                     {"name", std::string(Message(records::ModelKindMessage(kind), c.lang))},
                     {"fields", std::move(fields)}});
  }
  return c.Json({{"modelKinds", std::move(kinds)}});
}

}  // namespace

void AddModelRoutes(Router& r) {
  r.Add({http::verb::get, "/api/modelKinds", true, Authority::kReadMetadata, Kinds});
  r.Add({http::verb::get, "/api/models", true, Authority::kReadData, List});
  r.Add({http::verb::post, "/api/models", true, Authority::kEnterData, Create});
  r.Add({http::verb::get, "/api/models/{code}", true, Authority::kReadData, GetOne});
  r.Add({http::verb::put, "/api/models/{code}", true, Authority::kEnterData, Replace});
  r.Add({http::verb::delete_, "/api/models/{code}", true, Authority::kEnterData, Remove});
  r.Add({http::verb::get, "/api/figures/explain", true, Authority::kReadData, Explain});
}

}  // namespace gemis::server
