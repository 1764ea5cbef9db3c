// The message catalogue: every user-facing sentence of gemis in Vietnamese
// (the default) and English. Entry points pick the language; library code
// returns ids or technical Status messages, never localised prose.
#pragma once

#include <string_view>

namespace gemis {

enum class Lang { kVi, kEn };

enum class MessageId {
  kError,
  kDatabaseCreated,
  kDatabaseExists,
  kOrgUnitsLoaded,
  kSummaryTitle,
  kSummaryAsOf,
  kLevelCentre,
  kLevelProvince,
  kLevelDistrict,
  kLevelCommune,
  kLevelVillage,
  kEventsRecorded,
  kNoMatch,
  kBackupWritten,
  kRestored,
  kNextSteps,
  kCount,  // number of messages; keep last
};

std::string_view Message(MessageId id, Lang lang);

}  // namespace gemis
