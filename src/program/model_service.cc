#include "program/model_service.h"

#include "program/records_json.h"
#include "store/access_records.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

store::AuditEntry Entry(const Actor& actor, std::string action, const records::Model& m) {
  return AuditEntryOf(actor, std::move(action), "model", m.code, m.org_unit);
}

// The parts of a model a change compares (not its id or uid).
bool SameContent(const records::Model& a, const records::Model& b) {
  return a.code == b.code && a.kind == b.kind && a.name == b.name && a.org_unit == b.org_unit &&
         a.place == b.place && a.level == b.level && a.established == b.established &&
         a.consolidated == b.consolidated && a.dissolved == b.dissolved && a.plan == b.plan &&
         a.target == b.target && a.facts == b.facts && a.note == b.note;
}

}  // namespace

store::AuditEntry AuditEntryOf(const Actor& actor, std::string action, std::string object_type,
                               std::string object_id, OrgUnitId unit) {
  store::AuditEntry e;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.address = actor.address;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  if (unit != 0) e.org_unit = unit;
  return e;
}

Result<ModelChange> SaveModels(store::WriteTransaction& txn, const ModelContext& ctx,
                               std::vector<records::Model> models, const Actor& actor) {
  ModelChange change;
  for (size_t i = 0; i < models.size(); ++i) {
    records::Model& m = models[i];
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> stored, txn.FindModel(m.code));
    if (stored && stored->code != m.code) stored.reset();  // found by uid, not this code
    if (stored && stored->kind != m.kind) {
      return Status::Invalid("models[" + std::to_string(i) + "]: " + m.code + " is a " +
                                 records::ModelKindName(stored->kind) +
                                 "; a model's kind cannot change",
                             {"", 0, 0, "kind"});
    }
    store::AuditEntry e = Entry(actor, stored ? "update" : "create", m);
    if (stored) {
      m.id = stored->id;
      m.uid = stored->uid;
      if (SameContent(*stored, m)) {
        ++change.unchanged;
        change.ids.push_back(m.id);
        continue;
      }
      e.before = ModelToJson(*stored, ctx.hierarchy, ctx.plans, false).dump();
    } else {
      m.id = 0;
    }
    Result<records::ModelId> id = txn.SaveModel(m);
    if (!id.ok()) {
      return Status(id.status().code(),
                    "models[" + std::to_string(i) + "] " + m.code + ": " + id.status().message(),
                    id.status().where());
    }
    m.id = *id;
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> saved, txn.FindModel(m.code));
    e.after = ModelToJson(saved ? *saved : m, ctx.hierarchy, ctx.plans, false).dump();
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    ++(stored ? change.updated : change.created);
    change.ids.push_back(m.id);
  }
  if (change.created + change.updated > 0) {
    GEMIS_ASSIGN_OR_RETURN(change.figures,
                           PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today));
  }
  return change;
}

Result<PublishReport> DeleteModel(store::WriteTransaction& txn, const ModelContext& ctx,
                                  std::string_view code, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Model> stored, txn.FindModel(code));
  if (!stored || stored->code != code) {
    return Status::NotFound("no model '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  GEMIS_RETURN_IF_ERROR(txn.DeleteModel(stored->id));
  store::AuditEntry e = Entry(actor, "delete", *stored);
  e.before = ModelToJson(*stored, ctx.hierarchy, ctx.plans, false).dump();
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  return PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today);
}

}  // namespace gemis::program
