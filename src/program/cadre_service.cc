#include "program/cadre_service.h"

#include <algorithm>

#include "program/cadres_json.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

store::AuditEntry Entry(const Actor& actor, std::string action, const records::Cadre& c) {
  return AuditEntryOf(actor, std::move(action), "cadre", c.code, c.org_unit);
}

bool SameContent(const records::Cadre& a, const records::Cadre& b) {
  return a.code == b.code && a.name == b.name && a.org_unit == b.org_unit && a.level == b.level &&
         a.position == b.position && a.ethnicity == b.ethnicity && a.group == b.group &&
         a.since == b.since && a.until == b.until && a.decision == b.decision &&
         a.other_trainings == b.other_trainings && a.note == b.note;
}

Result<std::string> Json(store::ReadTransaction& txn, const ModelContext& ctx,
                         const records::Cadre& c) {
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings, TrainingsOf(txn, c.id));
  return CadreToJson(c, ctx.hierarchy, trainings).dump();
}

}  // namespace

Result<std::vector<records::Activity>> TrainingsOf(store::ReadTransaction& txn,
                                                   records::CadreId cadre) {
  std::vector<records::Activity> out;
  if (cadre == 0) return out;
  store::ActivityFilter filter;
  filter.kind = records::ActivityKind::kTraining;
  GEMIS_ASSIGN_OR_RETURN(std::vector<records::Activity> trainings, txn.LoadActivities(filter));
  for (records::Activity& a : trainings) {
    if (std::binary_search(a.attendees.begin(), a.attendees.end(), cadre)) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

Result<CadreChange> SaveCadres(store::WriteTransaction& txn, const ModelContext& ctx,
                               std::vector<records::Cadre> cadres, const Actor& actor) {
  CadreChange change;
  for (size_t i = 0; i < cadres.size(); ++i) {
    records::Cadre& c = cadres[i];
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> stored, txn.FindCadre(c.code));
    if (stored && stored->code != c.code) stored.reset();  // found by uid, not this code
    store::AuditEntry e = Entry(actor, stored ? "update" : "create", c);
    if (stored) {
      c.id = stored->id;
      c.uid = stored->uid;
      if (SameContent(*stored, c)) {
        ++change.unchanged;
        change.ids.push_back(c.id);
        continue;
      }
      GEMIS_ASSIGN_OR_RETURN(e.before, Json(txn, ctx, *stored));
    } else {
      c.id = 0;
    }
    Result<records::CadreId> id = txn.SaveCadre(c);
    if (!id.ok()) {
      return Status(id.status().code(),
                    "cadres[" + std::to_string(i) + "] " + c.code + ": " + id.status().message(),
                    id.status().where());
    }
    c.id = *id;
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> saved, txn.FindCadre(c.code));
    GEMIS_ASSIGN_OR_RETURN(e.after, Json(txn, ctx, saved ? *saved : c));
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    ++(stored ? change.updated : change.created);
    change.ids.push_back(c.id);
  }
  if (change.created + change.updated > 0) {
    GEMIS_ASSIGN_OR_RETURN(change.figures,
                           PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today));
  }
  return change;
}

Result<PublishReport> DeleteCadre(store::WriteTransaction& txn, const ModelContext& ctx,
                                  std::string_view code, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::Cadre> stored, txn.FindCadre(code));
  if (!stored || stored->code != code) {
    return Status::NotFound("no women cadre '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  store::AuditEntry e = Entry(actor, "delete", *stored);
  GEMIS_ASSIGN_OR_RETURN(e.before, Json(txn, ctx, *stored));
  GEMIS_RETURN_IF_ERROR(txn.DeleteCadre(stored->id));
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  return PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today);
}

}  // namespace gemis::program
