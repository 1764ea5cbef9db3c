// Changing activities, the use case the command line and the API share (as
// model_service.h for models): check, save, audit and republish the figures
// in the caller's one write transaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "program/activities_json.h"
#include "program/model_service.h"
#include "records/activity.h"

namespace gemis::program {

struct ActivityChange {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::vector<records::ActivityId> ids;  // of the activities saved, in the order given
  PublishReport figures;
};

// Saves each activity — new when no stored activity has its code, else an
// update of that one (id and uid kept) — with one audit entry per created or
// changed activity (before and after as JSON), then republishes the figures.
// Errors name the activity's index ("activities[3] CODE: …").
Result<ActivityChange> SaveActivities(store::WriteTransaction& txn, const ModelContext& ctx,
                                      std::vector<records::Activity> activities,
                                      const Actor& actor);

// Deletes the activity with `code` (kNotFound otherwise), audits it and
// republishes the figures.
Result<PublishReport> DeleteActivity(store::WriteTransaction& txn, const ModelContext& ctx,
                                     std::string_view code, const Actor& actor);

// Lookups of models' and cadres' ids by code inside `txn` (for
// ParseActivitiesJson and ActivityFromJson); `txn` must outlive them.
ModelLookup ModelsIn(store::ReadTransaction& txn);
CadreLookup CadresIn(store::ReadTransaction& txn);

// The code of each model a session names, by id (for ActivityToJson).
Result<std::string> ModelCodeOf(store::ReadTransaction& txn, records::ModelId id);
// The codes of `a`'s attendees, in the order of a.attendees (for
// ActivityToJson).
Result<std::vector<std::string>> AttendeeCodesOf(store::ReadTransaction& txn,
                                                 const records::Activity& a);

}  // namespace gemis::program
