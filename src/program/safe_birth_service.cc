#include "program/safe_birth_service.h"

#include "program/safe_births_json.h"
#include "store/records_store.h"

namespace gemis::program {

namespace {

store::AuditEntry Entry(const Actor& actor, std::string action, const records::SafeBirth& b) {
  return AuditEntryOf(actor, std::move(action), "safe_birth", b.code, b.commune);
}

bool SameContent(const records::SafeBirth& a, const records::SafeBirth& b) {
  return a.code == b.code && a.mother_name == b.mother_name &&
         a.mother_birth_date == b.mother_birth_date &&
         records::AgeAtBirth(a) == records::AgeAtBirth(b) && a.ethnicity == b.ethnicity &&
         a.commune == b.commune && a.village == b.village && a.birth_date == b.birth_date &&
         a.at_health_facility == b.at_health_facility && a.facility == b.facility &&
         a.caesarean == b.caesarean && a.within_population_policy == b.within_population_policy &&
         a.payments == b.payments && a.note == b.note;
}

}  // namespace

Result<SafeBirthChange> SaveSafeBirths(store::WriteTransaction& txn, const ModelContext& ctx,
                                       std::vector<records::SafeBirth> births, const Actor& actor) {
  SafeBirthChange change;
  GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn.LoadDesignations());
  const DesignationSet designations(std::move(lists));
  auto json = [&](const records::SafeBirth& b) {
    return SafeBirthToJson(b, ctx.hierarchy, designations, /*identifying=*/false).dump();
  };
  for (size_t i = 0; i < births.size(); ++i) {
    records::SafeBirth& b = births[i];
    GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> stored, txn.FindSafeBirth(b.code));
    if (stored && stored->code != b.code) stored.reset();  // found by uid, not this code
    store::AuditEntry e = Entry(actor, stored ? "update" : "create", b);
    if (stored) {
      b.id = stored->id;
      b.uid = stored->uid;
      if (SameContent(*stored, b)) {
        ++change.unchanged;
        change.ids.push_back(b.id);
        continue;
      }
      e.before = json(*stored);
    } else {
      b.id = 0;
    }
    Result<records::BirthId> id = txn.SaveSafeBirth(b);
    if (!id.ok()) {
      return Status(id.status().code(),
                    "births[" + std::to_string(i) + "] " + b.code + ": " + id.status().message(),
                    id.status().where());
    }
    b.id = *id;
    e.after = json(b);
    GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
    ++(stored ? change.updated : change.created);
    change.ids.push_back(b.id);
  }
  if (change.created + change.updated > 0) {
    GEMIS_ASSIGN_OR_RETURN(change.figures,
                           PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today));
  }
  return change;
}

Result<PublishReport> DeleteSafeBirth(store::WriteTransaction& txn, const ModelContext& ctx,
                                      std::string_view code, const Actor& actor) {
  GEMIS_ASSIGN_OR_RETURN(std::optional<records::SafeBirth> stored, txn.FindSafeBirth(code));
  if (!stored || stored->code != code) {
    return Status::NotFound("no safe birth '" + std::string(code) + "'", {"", 0, 0, "code"});
  }
  GEMIS_ASSIGN_OR_RETURN(std::vector<Designation> lists, txn.LoadDesignations());
  store::AuditEntry e = Entry(actor, "delete", *stored);
  e.before = SafeBirthToJson(*stored, ctx.hierarchy, DesignationSet(std::move(lists)),
                             /*identifying=*/false)
                 .dump();
  GEMIS_RETURN_IF_ERROR(txn.DeleteSafeBirth(stored->id));
  GEMIS_RETURN_IF_ERROR(txn.AppendAudit(e).status());
  return PublishFigures(txn, ctx.hierarchy, ctx.metadata, ctx.today);
}

}  // namespace gemis::program
