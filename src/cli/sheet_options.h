// Command-line options of the imports that read a sheet (.xlsx) or a CSV
// table through a column mapping (exchange/sheet_mapping.h,
// docs/formats/sheet-mapping.md): shared by import datavalues, orgunits,
// designations and targets.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "exchange/import_summary.h"
#include "exchange/sheet_mapping.h"
#include "exchange/sheet_table.h"

namespace gemis::cli {

struct SheetArgs {
  std::string mapping;  // --mapping FILE
  std::vector<std::string> maps, sets, value_columns;
  std::string sheet, header_rows, skip_rows_without;
  int first_row = 0, last_row = 0;

  // Whether any mapping option was given (a CSV file then goes through the
  // mapping rather than its format's own reader).
  bool any() const;
};

// Adds --mapping, --map, --set, --sheet, --header-rows, --first-row,
// --last-row, --skip-rows-without and, when `value_columns`, --value-column.
void AddSheetOptions(CLI::App* cmd, SheetArgs& args, bool value_columns);

// A table and its mapping resolved against it.
struct OpenedSheet {
  std::unique_ptr<exchange::SheetTable> table;
  std::optional<exchange::ResolvedSheetMapping> mapping;
};

// How to open the table: `type` "xlsx" or "csv" (any case), or "" for the
// file's extension; `encoding` a CSV file's (legacy_encoding.h). kUsage for
// anything else ("json" given with mapping options).
Result<exchange::SheetOpenOptions> SheetOpenOptionsOf(const std::string& type,
                                                      const std::string& encoding);

// Reads the mapping file (if any), applies the command-line options, opens
// `file` (`open.sheet` is taken from the mapping or --sheet) and resolves.
Result<OpenedSheet> OpenSheet(const std::string& file, const SheetArgs& args,
                              exchange::SheetImportKind kind, exchange::SheetOpenOptions open);

// The summary as JSON on stdout and one line per conflict on stderr
// ("cell [code]: message"); an ERROR summary is a rejected input (exit 1).
Status ReportSheetImport(const exchange::ImportSummary& summary);

// True for a file name ending in .xlsx (any case).
bool IsXlsxPath(const std::string& path);

}  // namespace gemis::cli
