#include "program/activity_service.h"

#include <algorithm>

#include "program/activities_json.h"
#include "store/access_records.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

store::AuditEntry Entry(const Actor& actor, std::string action, const records::Activity& a) {
  return AuditEntryOf(actor, std::move(action), "activity", a.code, a.org_unit);
}

bool SameContent(const records::Activity& a, const records::Activity& b) {
  return a.code == b.code && a.kind == b.kind && a.title == b.title && a.start == b.start &&
         a.end == b.end && a.org_unit == b.org_unit && a.place == b.place && a.level == b.level &&
         a.program_node_code == b.program_node_code && a.plan == b.plan && a.model == b.model &&
         a.programme == b.programme && a.dialogue_level == b.dialogue_level &&
         a.dv_prevention == b.dv_prevention && a.cost == b.cost &&
         a.participants == b.participants && a.attendees == b.attendees && a.topic == b.topic &&
         a.issues_raised == b.issues_raised && a.follow_up == b.follow_up && a.note == b.note;
}

Result<std::string> Json(store::ReadTransaction& txn, const ModelContext& ctx,
                         const records::Activity& a) {
  GEMIS_ASSIGN_OR_RETURN(std::string model, ModelCodeOf(txn, a.model));
  GEMIS_ASSIGN_OR_RETURN(std::vector<std::string> attendees, AttendeeCodesOf(txn, a));
  return ActivityToJson(a, ctx.hierarchy, ctx.plans, model, attendees).dump();
}

}  // namespace

Result<std::string> ModelCodeOf(store::ReadTransaction& txn, records::ModelId id) {
  if (id == 0) return std::string();
  store::ModelFilter filter;
  filter.ids = {id};
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Model> found, txn.LoadModels(filter));
  return found.empty() ? std::string() : found.front().code;
}

ModelLookup ModelsIn(store::ReadTransaction& txn) {
  return [&txn](std::string_view code) -> std::optional<records::ModelId> {
    Result<std::optional<records::Model>> m = txn.FindModel(code);
    if (!m.ok() || !*m || (*m)->code != code) return std::nullopt;
    return (*m)->id;
  };
}

CadreLookup CadresIn(store::ReadTransaction& txn) {
  return [&txn](std::string_view code) -> std::optional<int64_t> {
    Result<std::optional<records::Cadre>> c = txn.FindCadre(code);
    if (!c.ok() || !*c || (*c)->code != code) return std::nullopt;
    return (*c)->id;
  };
}

Result<std::vector<std::string>> AttendeeCodesOf(store::ReadTransaction& txn,
                                                 const records::Activity& a) {
  std::vector<std::string> out;
  if (a.attendees.empty()) return out;
  store::CadreFilter filter;
  filter.ids = a.attendees;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Cadre> found, txn.LoadCadres(filter));
  for (int64_t id : a.attendees) {
    auto it = std::find_if(found.begin(), found.end(),
                           [&](const records::Cadre& c) { return c.id == id; });
    out.push_back(it == found.end() ? std::to_string(id) : it->code);
  }
  return out;
}

Result<ActivityChange> SaveActivities(store::WriteTransaction& txn, const ModelContext& ctx,
                                      std::vector<records::Activity> activities,
                                      const Actor& actor) {
  ActivityChange change;
  for (size_t i = 0; i < activities.size(); ++i) {
    records::Activity& a = activities[i];
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Activity> stored, txn.FindActivity(a.code));
    if (stored && stored->code != a.code) stored.reset();  // found by uid, not this code
    store::AuditEntry e = Entry(actor, stored ? "update" : "create", a);
    if (stored) {
      a.id = stored->id;
      a.uid = stored->uid;
      if (SameContent(*stored, a)) {
        ++change.unchanged;
        change.ids.push_back(a.id);
        continue;
      }
      GEMIS_ASSIGN_OR_RETURN(e.before, Json(txn, ctx, *stored));
    } else {
      a.id = 0;
    }
    Result<records::ActivityId> id = txn.SaveActivity(a);
    if (!id.ok()) {
      return Status(
          id.status().code(),
          "activities[" + std::to_string(i) + "] " + a.code + ": " + id.status().message(),
          id.status().where());
    }
    a.id = *id;
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Activity> saved, txn.FindActivity(a.code));
    GEMIS_ASSIGN_OR_RETURN(e.after, Json(txn, ctx, saved ? *saved : a));
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    ++(stored ? change.updated : change.created);
    change.ids.push_back(a.id);
  }
  if (change.created + change.updated > 0) {
    GEMIS_ASSIGN_OR_RETURN(change.figures,
                           PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today));
  }
  return change;
}

Result<PublishReport> DeleteActivity(store::WriteTransaction& txn, const ModelContext& ctx,
                                     std::string_view code, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Activity> stored, txn.FindActivity(code));
  if (!stored || stored->code != code) {
    return Status::NotFound("no activity '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  store::AuditEntry e = Entry(actor, "delete", *stored);
  GEMIS_ASSIGN_OR_RETURN(e.before, Json(txn, ctx, *stored));
  GEMIS_RETURN_IF_ERROR(txn.DeleteActivity(stored->id));
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  return PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today);
}

}  // namespace gemis::program
