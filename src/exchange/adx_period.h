// ADX periods (IHE ADX, urn:ihe:qrph:adx:2015): a start date and an ISO 8601
// duration, "2024-01-01/P1Y", "2024-04-01/P3M", "2024-01-01/P7D". Every
// gemis period has exactly one such spelling and every spelling names at
// most one period: docs/formats/adx.md has the table.
#pragma once

#include <string>
#include <string_view>

#include "core/period.h"
#include "core/status.h"

namespace gemis::exchange {

// "2024-01-01/P1Y" → 2024. The start must be where a period of the
// duration's length starts: "2024-02-01/P3M" is no quarter and is refused.
// Durations: PnD, PnW, PnM, PnY with one component (n ≥ 1). Errors
// (kInvalidInput) name the column of the offending character.
Result<Period> ParseAdxPeriod(std::string_view text);

// The ADX spelling of `period`: its start and the duration of its type.
std::string FormatAdxPeriod(const Period& period);

}  // namespace gemis::exchange
