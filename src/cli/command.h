// Shared plumbing of the `gemis` subcommands: each command file registers its
// subcommands on the CLI11 app and sets `run` to the action chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "core/messages.h"
#include "core/status.h"
#include "store/store.h"

namespace gemis::cli {

struct Context {
  // The action of the parsed subcommand; returns the status to map to an
  // exit code.
  std::function<Status()> run;
  Lang lang = Lang::kVi;
  std::string data_dir;  // reference data (data/ of the source tree)
};

// Opens an existing database (kNotFound when missing) with up to `cache_mib`
// of SQLite page cache, and its field key (FieldKeyPath) when that file
// exists: without it, identifying fields of people stay sealed
// (docs/confidentiality.md).
Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& path, int cache_mib = 256);
// The field key file of the database `db`: $GEMIS_KEY_FILE when set, else
// DB.key beside the database (keep it out of the database's backups).
std::string FieldKeyPath(const std::string& db);
// Loads the hierarchy of an opened store.
Result<Hierarchy> LoadHierarchy(store::Store& store);
// Who the audit log names for a change made on the command line:
// "cli:<login>" ($USER), "cli:operator" when unknown.
std::string CommandLineActor();
// Parses an optional --as-of date (empty = today, in Vietnam time).
Result<Date> AsOfDate(const std::string& text);

// Creates the database file with the built-in metadata and, unless `empty`,
// Vietnam's administrative units (gemis init), and its field key file when
// none exists yet. kAlreadyExists when the database exists; on failure the
// half-made file is removed.
Status CreateDatabase(const std::string& db, bool empty, const Context& ctx);

void RegisterInitCommands(CLI::App& app, Context& ctx);
void RegisterDemoCommand(CLI::App& app, Context& ctx);
void RegisterValidateCommand(CLI::App& app, Context& ctx);
void RegisterReportCommands(CLI::App& app, Context& ctx);
void RegisterQueryCommand(CLI::App& app, Context& ctx);
void RegisterProgressCommand(CLI::App& app, Context& ctx);
void RegisterPlanCommands(CLI::App& app, Context& ctx);
// gemis dataset list (data_set_command.cc).
void RegisterDataSetCommands(CLI::App& app, Context& ctx);
void RegisterOrgUnitCommands(CLI::App& app, Context& ctx);
// rename, reclassify, move, close, merge, split under `orgunit`.
void RegisterOrgUnitEditCommands(CLI::App& orgunit, Context& ctx);
void RegisterBackupCommands(CLI::App& app, Context& ctx);
// `import` and `export` are parents; each data kind adds its subcommand.
void RegisterDataValueExchange(CLI::App& import_cmd, CLI::App& export_cmd, Context& ctx);
void RegisterOrgUnitExchange(CLI::App& import_cmd, CLI::App& export_cmd, Context& ctx);
void RegisterMetadataExchange(CLI::App& import_cmd, Context& ctx);
void RegisterPlanImport(CLI::App& import_cmd, Context& ctx);
// import designations, import targets (sheets through a column mapping).
void RegisterSheetImports(CLI::App& import_cmd, Context& ctx);
// gemis serve (serve_command.cc) and gemis user … (user_command.cc).
void RegisterServeCommand(CLI::App& app, Context& ctx);
void RegisterUserCommands(CLI::App& app, Context& ctx);
// gemis model … (model_command.cc) and gemis figures … (figures_command.cc).
void RegisterModelCommands(CLI::App& app, Context& ctx);
void RegisterFiguresCommands(CLI::App& app, Context& ctx);
// gemis activity … (activity_command.cc) and gemis cadre … (cadre_command.cc).
void RegisterActivityCommands(CLI::App& app, Context& ctx);
void RegisterCadreCommands(CLI::App& app, Context& ctx);
// gemis beneficiary … (beneficiary_command.cc): the safe-birth register.
void RegisterBeneficiaryCommands(CLI::App& app, Context& ctx);
void RegisterCaseCommands(CLI::App& app, Context& ctx);
// gemis privacy … (privacy_command.cc): requests, breaches, retention.
void RegisterPrivacyCommands(CLI::App& app, Context& ctx);
// gemis calendar | reporttype | submission (submission_command.cc).
void RegisterSubmissionCommands(CLI::App& app, Context& ctx);
// gemis reminders send (reminders_command.cc).
void RegisterRemindersCommands(CLI::App& app, Context& ctx);

}  // namespace gemis::cli
