// Engine: building, catching up and publishing snapshots. The query itself
// is in query.cc.
#include "analytics/engine.h"

#include "analytics/reporting_rates.h"
#include "analytics/snapshot.h"

namespace gemis::analytics {

Engine::Engine() = default;
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Build(store::Store& store) {
  std::shared_ptr<const Snapshot> snapshot;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(snapshot, LoadSnapshot(txn));
    return Status::Ok();
  }));
  std::unique_ptr<Engine> engine(new Engine());
  engine->Publish(std::move(snapshot));
  return engine;
}

Status Engine::CatchUp(store::Store& store) {
  std::lock_guard lock(catch_up_);
  std::shared_ptr<const Snapshot> base = current();
  std::shared_ptr<const Snapshot> next;
  GEMIS_RETURN_IF_ERROR(store.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(int64_t generation, txn.StructureGeneration());
    if (generation == base->structure->generation) {
      GEMIS_ASSIGN_OR_RETURN(int64_t last, txn.LastDataValueChangeId());
      GEMIS_ASSIGN_OR_RETURN(int64_t reporting, txn.ReportingGeneration());
      const bool values_changed = last != base->last_change_id;
      const bool reports_changed = reporting != base->reporting->generation;
      if (!values_changed && !reports_changed) return Status::Ok();  // nothing new
      next = base;
      if (values_changed) {
        GEMIS_ASSIGN_OR_RETURN(next, ApplyChanges(*base, txn));
      }
      // Submissions are records, not in the value audit log: a write bumps
      // the reporting generation and the whole (small) reporting state is
      // read again in this transaction, the columns shared.
      if (next && reports_changed) {
        auto with_reports = std::make_shared<Snapshot>(*next);
        GEMIS_ASSIGN_OR_RETURN(with_reports->reporting, LoadReportingState(txn));
        next = std::move(with_reports);
      }
      if (next) return Status::Ok();
    }
    // The hierarchy or metadata changed (or a change named something the
    // snapshot does not know): rebuild from scratch in this transaction.
    GEMIS_ASSIGN_OR_RETURN(next, LoadSnapshot(txn));
    return Status::Ok();
  }));
  if (next) Publish(std::move(next));
  return Status::Ok();
}

void Engine::Publish(std::shared_ptr<const Snapshot> next) {
  std::lock_guard lock(publish_);
  snapshot_ = std::move(next);
}

std::shared_ptr<const Snapshot> Engine::current() const {
  std::lock_guard lock(publish_);
  return snapshot_;
}

Result<QueryResult> Engine::Query(const QueryRequest& request) const {
  std::shared_ptr<const Snapshot> snapshot = current();
  return QuerySnapshot(*snapshot, request);
}

Result<std::optional<double>> Engine::Aggregate(const AggregateRequest& request) const {
  std::shared_ptr<const Snapshot> snapshot = current();
  return AggregateSnapshot(*snapshot, request);
}

int64_t Engine::value_count() const { return current()->value_count(); }
int64_t Engine::memory_bytes() const { return current()->memory_bytes(); }
int64_t Engine::last_change_id() const { return current()->last_change_id; }

Result<OrgUnitId> Engine::ResolveOrgUnit(std::string_view uid_or_code, Date as_of) const {
  std::shared_ptr<const Snapshot> snapshot = current();
  const Hierarchy& h = snapshot->structure->hierarchy;
  if (const OrgUnit* unit = h.FindByUid(uid_or_code)) return unit->id;
  if (const OrgUnit* unit = h.FindByCode(uid_or_code, as_of)) return unit->id;
  std::vector<const OrgUnit*> ever = h.FindByCodeAnyTime(uid_or_code);
  if (ever.empty()) {
    return Status::NotFound("no org unit has uid or code '" + std::string(uid_or_code) + "'");
  }
  std::string when;
  for (const OrgUnit* unit : ever) {
    for (const OrgUnitVersion& v : unit->versions) {
      if (v.code != uid_or_code) continue;
      if (!when.empty()) when += ", ";
      when += (v.from ? v.from->ToString() : std::string("…")) + " – " +
              (v.to ? v.to->ToString() : std::string("…")) + " (" + v.name + ")";
    }
  }
  return Status::NotFound("org unit code '" + std::string(uid_or_code) + "' is not in use on " +
                          as_of.ToString() + "; it was used " + when);
}

}  // namespace gemis::analytics
