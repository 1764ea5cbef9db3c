// Changing models, the use case the command line and the API share: check,
// save, audit and republish the figures in the caller's one write
// transaction, so a model and the figures computed from it never disagree
// (docs/program.md).
#pragma once

#include <string>
#include <vector>

#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/plan_book.h"
#include "program/figure_publisher.h"
#include "records/model.h"
#include "store/access_records.h"
#include "store/store.h"

namespace gemis::program {

// Who makes a change, for the audit log.
struct Actor {
  int64_t user_id = 0;   // 0 for the command line
  std::string username;  // "hoa.nt", "cli:root"
  std::string address;   // client IP, "" for the command line
};

// An audit entry of `actor` doing `action` to the record `object_type`
// `object_id` at `unit` (0: none, e.g. the data-protection log; before and
// after are the caller's).
store::AuditEntry AuditEntryOf(const Actor& actor, std::string action, std::string object_type,
                               std::string object_id, OrgUnitId unit);

// What the store and the rules need to read a change against.
struct ModelContext {
  const Hierarchy& hierarchy;
  const Metadata& metadata;
  const PlanBook& plans;
  Date today;
};

struct ModelChange {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::vector<records::ModelId> ids;  // of the models saved, in the order given
  PublishReport figures;
};

// Saves each model — a new one when no stored model has its code, else an
// update of that model (its id and uid are kept) — appends one audit entry
// per created or changed model (before and after as JSON, without
// confidential facts) and republishes the figures. A model's errors name its
// index ("models[3]: …" in the message, the field in the Location).
Result<ModelChange> SaveModels(store::WriteTransaction& txn, const ModelContext& ctx,
                               std::vector<records::Model> models, const Actor& actor);

// Deletes the model with `code` (kNotFound otherwise), audits it and
// republishes the figures.
Result<PublishReport> DeleteModel(store::WriteTransaction& txn, const ModelContext& ctx,
                                  std::string_view code, const Actor& actor);

}  // namespace gemis::program
