#include "cli/app.h"

#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "core/messages.h"

namespace gemis::cli {

namespace {

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 0;
    case ErrorCode::kInvalidInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
    case ErrorCode::kDenied: return 1;
    case ErrorCode::kUsage: return 2;
    default: return 3;
  }
}

}  // namespace

int RunApp(int argc, char** argv) {
  CLI::App app{
      "gemis — hệ thống thông tin giám sát bình đẳng giới / "
      "gender-equality monitoring information system"};
  app.set_version_flag("--version", GEMIS_VERSION);
  app.require_subcommand(1);
  Context ctx;
  const char* env_data = std::getenv("GEMIS_DATA_DIR");
  ctx.data_dir = env_data != nullptr ? env_data : GEMIS_DATA_DIR;
  std::string lang = "vi";
  app.add_option("--lang", lang, "Ngôn ngữ thông báo / message language (vi, en)")
      ->check(CLI::IsMember({"vi", "en"}));
  app.add_option("--data-dir", ctx.data_dir,
                 "Thư mục dữ liệu tham chiếu / reference data directory");
  RegisterInitCommands(app, ctx);
  RegisterOrgUnitCommands(app, ctx);
  RegisterBackupCommands(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterUserCommands(app, ctx);
  RegisterModelCommands(app, ctx);
  RegisterFiguresCommands(app, ctx);
  RegisterActivityCommands(app, ctx);
  RegisterCadreCommands(app, ctx);
  RegisterBeneficiaryCommands(app, ctx);
  RegisterCaseCommands(app, ctx);
  RegisterPrivacyCommands(app, ctx);
  RegisterSubmissionCommands(app, ctx);
  RegisterRemindersCommands(app, ctx);
  RegisterDemoCommand(app, ctx);
  RegisterPlanCommands(app, ctx);
  RegisterDataSetCommands(app, ctx);
  RegisterValidateCommand(app, ctx);
  RegisterReportCommands(app, ctx);
  RegisterQueryCommand(app, ctx);
  RegisterProgressCommand(app, ctx);
  auto* import_cmd = app.add_subcommand("import", "Nhập dữ liệu / import data from a file");
  auto* export_cmd = app.add_subcommand("export", "Xuất dữ liệu / export data to a file");
  import_cmd->require_subcommand(1);
  export_cmd->require_subcommand(1);
  // (each data kind registers its import/export subcommands here)
  RegisterDataValueExchange(*import_cmd, *export_cmd, ctx);
  RegisterMetadataExchange(*import_cmd, ctx);
  RegisterPlanImport(*import_cmd, ctx);
  RegisterOrgUnitExchange(*import_cmd, *export_cmd, ctx);
  RegisterSheetImports(*import_cmd, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  ctx.lang = lang == "en" ? Lang::kEn : Lang::kVi;
  Status status;
  try {
    status = ctx.run ? ctx.run() : Status::Usage("no command given");
  } catch (const std::exception& e) {
    status = Status::Internal(e.what());
  }
  if (!status.ok()) {
    std::cerr << "gemis: " << Message(MessageId::kError, ctx.lang) << ": " << status.ToString()
              << "\n";
  }
  return ExitCodeFor(status.code());
}

}  // namespace gemis::cli
