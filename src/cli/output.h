// Human-readable output of the CLI: aligned text tables (widths counted in
// characters, not bytes, so Vietnamese text lines up) and the summary view.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/messages.h"

namespace gemis::cli {

// Prints `rows` under `headers`, columns separated by two spaces; a column
// whose every cell is a number is right-aligned.
void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out);

// The view of `gemis summary` (the JSON it prints with --format json).
void PrintSummaryTable(const nlohmann::json& summary, Lang lang, std::ostream& out);

}  // namespace gemis::cli
