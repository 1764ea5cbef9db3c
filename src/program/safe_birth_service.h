// Changing the safe-birth register, the use case the command line and the
// API share (as model_service.h for models): check, save, audit and
// republish the figures in the caller's one write transaction. Audit
// entries never hold the mother's identifying fields (principle 1 of
// records/safe_birth.h): the audit log is read by administrators who may not
// see who is in the register.
#pragma once

#include <string_view>
#include <vector>

#include "program/model_service.h"
#include "records/safe_birth.h"

namespace gemis::program {

struct SafeBirthChange {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::vector<records::BirthId> ids;  // of the births saved, in the order given
  PublishReport figures;
};

// Saves each birth — new when no stored birth has its code, else an update of
// that one (id and uid kept) — with one audit entry per created or changed
// birth (before and after as JSON without identifying fields), then
// republishes the figures. Errors name the birth's index ("births[3] CODE:
// …"); without the field key the store refuses births with identifying
// fields.
Result<SafeBirthChange> SaveSafeBirths(store::WriteTransaction& txn, const ModelContext& ctx,
                                       std::vector<records::SafeBirth> births, const Actor& actor);

// Deletes the birth with `code` (kNotFound otherwise) with its payments,
// audits it and republishes the figures.
Result<PublishReport> DeleteSafeBirth(store::WriteTransaction& txn, const ModelContext& ctx,
                                      std::string_view code, const Actor& actor);

}  // namespace gemis::program
