// Changing the women cadres register, the use case the command line and the
// API share (as model_service.h for models): check, save, audit and
// republish the figures in the caller's one write transaction.
#pragma once

#include <string_view>
#include <vector>

#include "program/model_service.h"
#include "records/activity.h"
#include "records/cadre.h"

namespace gemis::program {

struct CadreChange {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::vector<records::CadreId> ids;  // of the cadres saved, in the order given
  PublishReport figures;
};

// Saves each cadre — new when no stored cadre has her code, else an update
// of that one (id and uid kept) — with one audit entry per created or
// changed cadre (before and after as JSON), then republishes the figures.
// Errors name the cadre's index ("cadres[3] CODE: …").
Result<CadreChange> SaveCadres(store::WriteTransaction& txn, const ModelContext& ctx,
                               std::vector<records::Cadre> cadres, const Actor& actor);

// Deletes the cadre with `code` (kNotFound otherwise) and her attendance,
// audits it and republishes the figures.
Result<PublishReport> DeleteCadre(store::WriteTransaction& txn, const ModelContext& ctx,
                                  std::string_view code, const Actor& actor);

// The gemis trainings `cadre` attended, by start day (for CadreToJson).
Result<std::vector<records::Activity>> TrainingsOf(store::ReadTransaction& txn,
                                                   records::CadreId cadre);

}  // namespace gemis::program
