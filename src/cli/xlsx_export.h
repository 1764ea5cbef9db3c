// `--format xlsx`: the reports of the CLI as Excel workbooks. Maps the
// reporting and analytics results onto the sheet model of
// exchange/xlsx_writer.h (which knows nothing of them) and writes the file.
// Layouts: docs/formats/xlsx-export.md. Text in the language of `lang`
// (Vietnamese by default); numbers are numbers (xlsx_writer.h, invariant 1).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "analytics/engine.h"
#include "analytics/progress.h"
#include "core/date.h"
#include "core/messages.h"
#include "core/status.h"
#include "exchange/xlsx_writer.h"
#include "reporting/allocation_table.h"
#include "views/report_sheets.h"

namespace gemis::cli {

// The sheet builders live in views/report_sheets.h (the API serves the same
// workbooks); the CLI names them unqualified.
using views::AllocationSheet;
using views::ProgressSheet;
using views::ProgressStatusMessage;
using views::QuerySheet;

// Adds `-o,--output FILE` to a command that offers `--format xlsx`.
void AddOutputOption(CLI::App& command, std::string& output);

// kUsage unless `--format xlsx` or `pdf` comes with `--output FILE` naming a
// file (binary: never written to stdout or a terminal) and `--output` comes
// only with them (the other formats print to stdout).
Status CheckOutputOption(const std::string& format, const std::string& output);

// Writes a workbook of `sheets` to `output` and says so on stderr.
Status WriteWorkbook(std::vector<exchange::XlsxSheet> sheets, const std::string& output, Lang lang);

}  // namespace gemis::cli
